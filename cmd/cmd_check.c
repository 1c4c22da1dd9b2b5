/*
 * cmd_check: parcelclear check — validate manifests without writing
 * lanes: print one diagnostic per reason of every record that run would
 * reject, compiler style or JSON Lines.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

static const char usage[] =
    "usage: parcelclear check [--aeo FILE] [--allow FILE] "
    "[--as-of YYYY-MM-DD]\n"
    "                         [--data-dir DIR] [--decimal-comma] "
    "[--declarant ID]\n"
    "                         [--delimiter C] [--encoding NAME] "
    "[--export LIST]\n"
    "                         [--filing FILE] [--format text|json] "
    "[--fx FILE]\n"
    "                         [--hold-score N] [--ledger FILE] "
    "[--ledger-window D]\n"
    "                         [--lists DIR] [--map FILE] [--max-errors N] "
    "[--near-band BP]\n"
    "                         [--profile wco|valuation] [--rules FILE] "
    "MANIFEST...\n";

static const char help[] =
    "Validate manifests: report every record that 'parcelclear run' with\n"
    "the same options would write to reject.csv.gz, one line per reason:\n"
    "  FILE:RECORD:LINE:COLUMN: CODE@column: message\n"
    "RECORD counts data records (1 = first), LINE is the physical line\n"
    "where the record starts (header = 1), COLUMN the 1-based position of\n"
    "the column in the file's header (0: none, or not in the file).\n"
    "No lanes are written.\n"
    "\n"
    "      --format FMT     text (default) or json (JSON Lines)\n"
    "      --max-errors N   print at most N diagnostics (0: no limit)\n";

static const char help_tail[] =
    "\n"
    "MANIFEST is a CSV file, plain or gzip; '-' reads standard input.\n"
    "Exit status: 0 no record rejected, 1 records rejected, 2 usage,\n"
    "3 input unusable.\n";

struct check_state {
	int			json;
	unsigned long long	max, shown, total;
};

static void
on_reject(void *user, const struct pcl_finding *f)
{
	struct check_state *st = user;
	struct pcl_json *j;
	char reason[128];

	st->total++;
	if (st->max > 0 && st->shown >= st->max)
		return;
	st->shown++;
	snprintf(reason, sizeof reason, "%s%s%s%s%s", pcl_reason_name(f->code),
	    f->column_name[0] ? "@" : "", f->column_name,
	    f->detail[0] ? ":" : "", f->detail);
	if (!st->json) {
		printf("%s:%lu:%lu:%lu: %s: %s\n", f->file, f->record, f->line,
		    f->column, reason, f->message);
		return;
	}
	if (pcl_json_new_compact(&j) != PCL_OK)
		return;
	pcl_json_begin_object(j, NULL);
	pcl_json_string(j, "file", f->file);
	pcl_json_uint(j, "record", f->record);
	pcl_json_uint(j, "line", f->line);
	pcl_json_uint(j, "column", f->column);
	pcl_json_string(j, "column_name", f->column_name);
	pcl_json_string(j, "code", pcl_reason_name(f->code));
	pcl_json_string(j, "reason", reason);
	pcl_json_string(j, "message", f->message);
	pcl_json_end_object(j);
	cmd_json_line_print(stdout, j);
}

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		PCL_COMMON_LONGOPTS,
		{ "format", required_argument, NULL, 'F' },
		{ "max-errors", required_argument, NULL, 'E' },
		{ NULL, 0, NULL, 0 }
	};
	struct pcl_job_opts o;
	struct pcl_job_result res;
	struct pcl_error err;
	struct cmd_inputs in;
	struct check_state st;
	int ch, rc, h;
	char *end;

	common_opts_init(&o);
	memset(&in, 0, sizeof in);
	memset(&st, 0, sizeof st);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "-h", longopts, NULL)) != -1) {
		if ((h = common_option("check", ch, optarg, &o, &in)) < 0) {
			common_inputs_release(&in);
			return PCL_EXIT_USAGE;
		}
		if (h > 0)
			continue;
		switch (ch) {
		case 'E':
			st.max = strtoull(optarg, &end, 10);
			if (*end != '\0' || optarg[0] == '-' || optarg[0] == '\0') {
				fprintf(stderr, "parcelclear: check: --max-errors "
				    "must be a whole number, 0 or more (0: no "
				    "limit)\n");
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'F':
			if (common_format("check", "format", optarg,
			    &st.json) != 0) {
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			fputs(pcl_common_help, stdout);
			fputs(help_tail, stdout);
			common_inputs_release(&in);
			return PCL_EXIT_OK;
		default:
			fputs(usage, stderr);
			common_inputs_release(&in);
			return PCL_EXIT_USAGE;
		}
	}
	if (common_inputs(&o, &in) != 0) {
		fputs(usage, stderr);
		common_inputs_release(&in);
		return PCL_EXIT_USAGE;
	}
	if (common_distinct_inputs("check", &in) != 0) {
		common_inputs_release(&in);
		return PCL_EXIT_USAGE;
	}
	common_warn_unused("check", &o, &in);
	o.check_only = 1;
	o.on_reject = on_reject;
	o.user = &st;
	rc = pcl_job_run(&o, &res, &err);
	common_inputs_release(&in);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "parcelclear: check: cannot write the "
		    "diagnostics\n");
		return PCL_EXIT_OUTPUT;
	}
	if (rc != PCL_OK) {
		cmd_print_error("check", &err);
		return cmd_exit_for(rc);
	}
	fprintf(stderr, "parcelclear: check: %llu records, %llu rejected "
	    "(%llu diagnostics%s)\n", res.records_in,
	    res.records[PCL_LANE_REJECT], st.total,
	    st.shown < st.total ? ", some not shown: --max-errors" : "");
	return res.records[PCL_LANE_REJECT] > 0 ? PCL_EXIT_LIMIT : PCL_EXIT_OK;
}
