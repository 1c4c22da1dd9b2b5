/*
 * cmd_run: parcelclear run — parse options, run the clearance job, print
 * one line of counts, and map the status to the exit code.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcl.h"
#include "commands.h"
#include "exitcodes.h"

static const char usage[] =
    "usage: parcelclear run [--as-of YYYY-MM-DD] [--decimal-comma] "
    "[--delimiter C]\n"
    "                       [--encoding NAME] [--fx FILE] [--level N] "
    "[--map FILE]\n"
    "                       [--profile wco|valuation] [--rules FILE] "
    "-o OUTDIR MANIFEST...\n";

static const char help[] =
    "Clear e-commerce manifests: every record lands in release, declare,\n"
    "hold or reject (exact duplicates in duplicates.csv.gz), with reasons.\n"
    "\n"
    "  -o, --output DIR     output directory (created if missing)\n"
    "      --as-of DATE     judge every parcel as if on DATE (replays)\n"
    "      --decimal-comma  numbers use ',' as the decimal separator\n"
    "      --delimiter C    field delimiter: , ; | or tab (default: the\n"
    "                       map's, else the one the header line shows, else ,)\n"
    "      --encoding NAME  input encoding: utf-8 (default), cp1252,\n"
    "                       iso-8859-1, gbk, gb18030 (any iconv name)\n"
    "      --fx FILE        exchange-rate table (ECB history file or\n"
    "                       date,currency,rate); default: the shipped ECB file\n"
    "      --level N        gzip level of the lane files, 1-9 (default 6)\n"
    "      --map FILE       map another layout onto the canonical columns\n"
    "      --profile NAME   wco (default) or valuation\n"
    "      --rules FILE     de minimis rules table; default: the shipped one\n"
    "  -h, --help           this help\n"
    "\n"
    "MANIFEST is a CSV file, plain or gzip; '-' reads standard input.\n"
    "Exit status: 0 done, 2 usage, 3 input unusable, 4 output failed,\n"
    "5 output directory locked by another run, 130/143 stopped by\n"
    "SIGINT/SIGTERM (nothing published).\n";

/* Set by on_signal: the signal that asks the run to stop (#4). */
static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
}

int
exit_for(int rc)
{
	switch (rc) {
	case PCL_OK:		return PCL_EXIT_OK;
	case PCL_E_USAGE:	return PCL_EXIT_USAGE;
	case PCL_E_WRITE:	return PCL_EXIT_OUTPUT;
	case PCL_E_LOCKED:	return PCL_EXIT_LOCKED;
	case PCL_E_INTERRUPTED:	return 128 + (stop_signal ? stop_signal : SIGINT);
	default:		return PCL_EXIT_INPUT;
	}
}

void
print_error(const char *verb, const struct pcl_error *err)
{
	fprintf(stderr, "parcelclear: %s: ", verb);
	if (err->file[0] != '\0') {
		fprintf(stderr, "%s:", err->file);
		if (err->record > 0)
			fprintf(stderr, "record %lu:", err->record);
		if (err->line > 0)
			fprintf(stderr, "line %lu:", err->line);
		if (err->field[0] != '\0')
			fprintf(stderr, "column '%s':", err->field);
		fputc(' ', stderr);
	}
	fprintf(stderr, "%s\n", err->msg[0] ? err->msg : pcl_strerror(err->code));
}

int
cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "decimal-comma", no_argument, NULL, 'c' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "fx", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "level", required_argument, NULL, 'l' },
		{ "map", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, 'p' },
		{ "rules", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct pcl_job_opts o;
	struct pcl_job_result res;
	struct pcl_error err;
	int ch, rc, p;
	char *end;

	memset(&o, 0, sizeof o);
	o.as_of = PCL_DATE_NONE;
	o.tool_version = PCL_VERSION;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			o.as_of = pcl_date_parse_iso(optarg, strlen(optarg));
			if (o.as_of == PCL_DATE_NONE || strlen(optarg) != 10) {
				fprintf(stderr, "parcelclear: run: --as-of '%s' is "
				    "not a date YYYY-MM-DD\n", optarg);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'c':
			o.decimal_comma = 1;
			break;
		case 'd':
			if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0)
				o.delimiter = '\t';
			else if (strlen(optarg) == 1 && strchr(",;|\t", optarg[0]))
				o.delimiter = optarg[0];
			else {
				fprintf(stderr, "parcelclear: run: --delimiter must "
				    "be one of , ; | tab\n");
				return PCL_EXIT_USAGE;
			}
			break;
		case 'e':
			o.encoding = optarg;
			break;
		case 'f':
			o.fx_path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			return PCL_EXIT_OK;
		case 'l':
			o.level = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o.level < 1 || o.level > 9) {
				fprintf(stderr, "parcelclear: run: --level must be "
				    "1 to 9\n");
				return PCL_EXIT_USAGE;
			}
			break;
		case 'm':
			o.map_path = optarg;
			break;
		case 'o':
			o.outdir = optarg;
			break;
		case 'p':
			if ((p = pcl_profile_from_name(optarg)) < 0) {
				fprintf(stderr, "parcelclear: run: unknown profile "
				    "'%s' (wco or valuation)\n", optarg);
				return PCL_EXIT_USAGE;
			}
			o.profile = (enum pcl_profile)p;
			break;
		case 'r':
			o.rules_path = optarg;
			break;
		default:
			fputs(usage, stderr);
			return PCL_EXIT_USAGE;
		}
	}
	if (o.outdir == NULL || optind >= argc) {
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	o.inputs = (const char *const *)(argv + optind);
	o.ninputs = (size_t)(argc - optind);
	{
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	o.stop = &stop_signal;
	rc = pcl_job_run(&o, &res, &err);
	if (rc != PCL_OK) {
		print_error("run", &err);
		return exit_for(rc);
	}
	fprintf(stderr, "parcelclear: run: %llu records in: %llu release, "
	    "%llu declare, %llu hold, %llu reject, %llu duplicates; "
	    "%llu parcels; %.2f s; lanes in %s\n", res.records_in,
	    res.records[PCL_LANE_RELEASE], res.records[PCL_LANE_DECLARE],
	    res.records[PCL_LANE_HOLD], res.records[PCL_LANE_REJECT],
	    res.duplicates, res.parcels[0] + res.parcels[1] + res.parcels[2] +
	    res.parcels[3], res.seconds, o.outdir);
	return PCL_EXIT_OK;
}
