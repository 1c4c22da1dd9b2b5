/*
 * cmd_run: parcelclear run — parse options, run the clearance job, print
 * one line of counts, and map the status to the exit code.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "commands.h"
#include "exitcodes.h"

static const char usage[] =
    "usage: parcelclear run [--as-of YYYY-MM-DD] [--fx FILE] [--level N] "
    "[--map FILE]\n"
    "                       [--profile wco|valuation] [--rules FILE] "
    "-o OUTDIR MANIFEST...\n";

static const char help[] =
    "Clear e-commerce manifests: every record lands in release, declare,\n"
    "hold or reject (exact duplicates in duplicates.csv.gz), with reasons.\n"
    "\n"
    "  -o, --output DIR     output directory (created if missing)\n"
    "      --level N        gzip level of the lane files, 1-9 (default 6)\n";

static const char help_tail[] =
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
		PCL_COMMON_LONGOPTS,
		{ "level", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct pcl_job_opts o;
	struct pcl_job_result res;
	struct pcl_error err;
	struct cmd_inputs in;
	int ch, rc, h;
	char *end;

	common_opts_init(&o);
	memset(&in, 0, sizeof in);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "-ho:", longopts, NULL)) != -1) {
		if ((h = common_option("run", ch, optarg, &o, &in)) < 0) {
			common_inputs_release(&in);
			return PCL_EXIT_USAGE;
		}
		if (h > 0)
			continue;
		switch (ch) {
		case 'h':
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			fputs(pcl_common_help, stdout);
			fputs(help_tail, stdout);
			common_inputs_release(&in);
			return PCL_EXIT_OK;
		case 'l':
			o.level = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o.level < 1 || o.level > 9) {
				fprintf(stderr, "parcelclear: run: --level must be "
				    "1 to 9\n");
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'o':
			o.outdir = optarg;
			break;
		default:
			fputs(usage, stderr);
			common_inputs_release(&in);
			return PCL_EXIT_USAGE;
		}
	}
	if (o.outdir == NULL || common_inputs(&o, &in) != 0) {
		fputs(usage, stderr);
		common_inputs_release(&in);
		return PCL_EXIT_USAGE;
	}
	rc = pcl_job_run(&o, &res, &err);
	common_inputs_release(&in);
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
