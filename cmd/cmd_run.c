/*
 * cmd_run: parcelclear run — parse options, run the clearance job, print
 * one line of counts, and map the status to the exit code.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcl.h"
#include "commands.h"
#include "exitcodes.h"

static const char usage[] =
    "usage: parcelclear run [--as-of YYYY-MM-DD] [--fx FILE] [--hold-score N] "
    "[--level N]\n"
    "                       [--lists DIR] [--map FILE] [--near-band BP] "
    "[--profile wco|valuation]\n"
    "                       [--rules FILE] -o OUTDIR MANIFEST...\n";

static const char help[] =
    "Clear e-commerce manifests: every record lands in release, declare,\n"
    "hold or reject (exact duplicates in duplicates.csv.gz), with reasons.\n"
    "\n"
    "  -o, --output DIR     output directory (created if missing)\n"
    "      --as-of DATE     judge every parcel as if on DATE (replays)\n"
    "      --fx FILE        exchange-rate table (ECB history file or\n"
    "                       date,currency,rate); default: the shipped ECB file\n"
    "      --hold-score N   risk score that holds a parcel (default 100)\n"
    "      --level N        gzip level of the lane files, 1-9 (default 6)\n"
    "      --lists DIR      screening lists (*.csv); default: the shipped\n"
    "                       data/lists; an empty DIR disables screening\n"
    "      --map FILE       map another layout onto the canonical columns\n"
    "      --near-band BP   NEAR_THRESHOLD band under the threshold, in\n"
    "                       basis points, 1-10000 (default 500 = 5 %)\n"
    "      --profile NAME   wco (default) or valuation\n"
    "      --rules FILE     de minimis rules table; default: the shipped one\n"
    "  -h, --help           this help\n"
    "\n"
    "MANIFEST is a CSV file, plain or gzip; '-' reads standard input.\n"
    "Exit status: 0 done, 2 usage, 3 input unusable, 4 output failed,\n"
    "5 output directory locked by another run.\n";

int
exit_for(int rc)
{
	switch (rc) {
	case PCL_OK:		return PCL_EXIT_OK;
	case PCL_E_USAGE:	return PCL_EXIT_USAGE;
	case PCL_E_WRITE:	return PCL_EXIT_OUTPUT;
	case PCL_E_LOCKED:	return PCL_EXIT_LOCKED;
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
		{ "fx", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "hold-score", required_argument, NULL, 'H' },
		{ "level", required_argument, NULL, 'l' },
		{ "lists", required_argument, NULL, 'L' },
		{ "map", required_argument, NULL, 'm' },
		{ "near-band", required_argument, NULL, 'n' },
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
		case 'f':
			o.fx_path = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			return PCL_EXIT_OK;
		case 'H':
		case 'n': {
			unsigned long v = strtoul(optarg, &end, 10);

			if (*end != '\0' || optarg[0] == '\0' || optarg[0] == '-' ||
			    v < 1 || v > (ch == 'n' ? 10000UL : 1000000UL)) {
				fprintf(stderr, "parcelclear: run: --%s must be "
				    "%s\n", ch == 'n' ? "near-band" : "hold-score",
				    ch == 'n' ? "1 to 10000" : "1 to 1000000");
				return PCL_EXIT_USAGE;
			}
			if (ch == 'n')
				o.near_band_bp = (unsigned)v;
			else
				o.hold_score = (unsigned)v;
			break;
		}
		case 'L':
			o.lists_dir = optarg;
			break;
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
