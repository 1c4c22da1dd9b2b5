/*
 * cmd_run: parcelclear run — parse options, run the clearance job, print
 * one line of counts, and map the status to the exit code.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "opts.h"
#include "ledgerfault.h"
#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

static const char usage[] =
    "usage: parcelclear run [--aeo FILE] [--allow FILE] [--as-of YYYY-MM-DD]\n"
    "                       [--data-dir DIR] [--decimal-comma] [--declarant ID]\n"
    "                       [--delimiter C] [--encoding NAME] [--export LIST]\n"
    "                       [--filing FILE] [--fx FILE] [--hold-score N] [-j N]\n"
    "                       [--ledger FILE] [--ledger-timeout S] "
    "[--ledger-window D]\n"
    "                       [--level N] [--lists DIR] [--log-format text|json]\n"
    "                       [--map FILE] [--max-data-age DAYS] "
    "[--max-reject-rate R]\n"
    "                       [--near-band BP] [--profile wco|valuation]\n"
    "                       [--report FILE] [--rules FILE] -o OUTDIR "
    "MANIFEST...\n";

static const char help[] =
    "Clear e-commerce manifests: every record lands in release, declare,\n"
    "hold or reject (exact duplicates in duplicates.csv.gz), with reasons.\n"
    "\n"
    "  -o, --output DIR     output directory (created if missing)\n"
    "  -j, --jobs N         compression threads, 1-256 (default: the number\n"
    "                       of online cores); the output does not depend on N\n"
    "      --level N        gzip level of the lane files, 1-9 (default 6)\n"
    "      --log-format FMT text (default) or json: the final line and\n"
    "                       errors as one JSON object per line\n"
    "      --max-data-age DAYS  exit 1 when an exchange-rate source the run\n"
    "                       used ends more than DAYS days before the run\n"
    "                       date (--as-of when given); the outputs are published\n"
    "      --max-reject-rate R  exit 1 when rejected records / records in\n"
    "                       exceeds R (0 to 1); the outputs are published\n"
    "      --report FILE    also write a self-contained HTML report\n";

static const char help_tail[] =
    "\n"
    "MANIFEST is a CSV file, plain or gzip; '-' reads standard input.\n"
    "On a terminal a progress line shows the share of input bytes read\n"
    "(both passes), rows per second and the time left; otherwise only the\n"
    "final line is printed.\n"
    "Exit status: 0 done, 1 over --max-reject-rate or --max-data-age,\n"
    "2 usage, 3 input unusable, 4 output failed, 5 output directory or\n"
    "ledger locked by another run,\n"
    "130/143 stopped by SIGINT/SIGTERM (nothing published).\n";

/*
 * TEST ONLY: with PCL_TEST_PUBLISH_DELAY_MS=N in the environment
 * (1 to 60000) the run says on stderr which lane file it has just
 * renamed into place and sleeps N ms before the next rename, so
 * scripts/kill-test can SIGKILL it inside the publish window. Never
 * set it in production: it only slows publication down.
 */
static void
on_published(void *user, const char *name)
{
	const char *v = getenv("PCL_TEST_PUBLISH_DELAY_MS");
	long ms = v != NULL ? strtol(v, NULL, 10) : 0;
	struct timespec ts;

	(void)user;
	if (ms < 1 || ms > 60000)
		return;
	fprintf(stderr, "parcelclear: run: test: published %s\n", name);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000L;
	(void)nanosleep(&ts, NULL);
}

/* Today's day number, UTC: the run date the job records. */
static int32_t
today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return PCL_DATE_NONE;
	return pcl_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/*
 * The one line said when parcels had no rate because their date is past
 * the end of the source consulted: each such source, its last date and
 * the command that updates it. "" when none.
 */
static void
fx_stale_line(const struct pcl_job_result *r, char *buf, size_t size)
{
	unsigned long long n = 0;
	char list[160] = "", cmd[80] = "", d[11];
	size_t i, l = 0, c = 0;

	buf[0] = '\0';
	for (i = 0; i < r->nfx; i++) {
		const struct pcl_job_fxsource *f = &r->fx[i];

		if (f->past_end == 0)
			continue;
		n += f->past_end;
		pcl_date_format(f->last, d);
		l += (size_t)snprintf(list + l, l < sizeof list ?
		    sizeof list - l : 0, "%s%s (%sends %s)", l ? " and " : "",
		    f->origin == PCL_FX_FILE ? "the --fx table" : f->name,
		    f->origin == PCL_FX_EMBEDDED ? "embedded, " : "", d);
		if (f->origin != PCL_FX_FILE)
			c += (size_t)snprintf(cmd + c, c < sizeof cmd ?
			    sizeof cmd - c : 0, " %s", f->name);
	}
	if (n == 0)
		return;
	snprintf(buf, size, "%llu parcel%s had no exchange rate: %s date is "
	    "after the last date of %s; %s%s%s", n, n == 1 ? "" : "s",
	    n == 1 ? "its" : "their", list,
	    c ? "update with 'parcelclear data update" : "give a newer --fx "
	    "FILE", c ? cmd : "", c ? "'" : "");
}

/*
 * Whether a source the run used ends more than 'max_age' days (>= 0)
 * before 'ref'; the line saying so in 'buf' ("" when not).
 */
static int
fx_aged(const struct pcl_job_result *r, long max_age, int32_t ref, char *buf,
    size_t size)
{
	char d[11], rd[11];
	size_t i;

	buf[0] = '\0';
	if (max_age < 0 || ref == PCL_DATE_NONE)
		return 0;
	for (i = 0; i < r->nfx; i++)
		if ((long)ref - (long)r->fx[i].last > max_age) {
			pcl_date_format(r->fx[i].last, d);
			pcl_date_format(ref, rd);
			snprintf(buf, size, "exchange-rate source %s ends %s, "
			    "%ld days before %s: over --max-data-age %ld",
			    r->fx[i].origin == PCL_FX_FILE ? "--fx" :
			    r->fx[i].name, d, (long)ref - (long)r->fx[i].last,
			    rd, max_age);
			return 1;
		}
	return 0;
}

/*
 * TEST ONLY: with PCL_TEST_LEDGER_FAULT=N in the environment (N >= 1)
 * the ledger is opened through a SQLite VFS shim whose Nth call of a
 * file method that changes a file (open, write, sync, truncate, delete)
 * fails (src/ledgerfault.h), and the run says on stderr whether it
 * fired and how many such calls it made. Never set it in production.
 */
static struct pcl_ledgerfault *
ledger_fault(struct pcl_job_opts *o)
{
	const char *v = getenv("PCL_TEST_LEDGER_FAULT");
	struct pcl_ledgerfault *f;
	unsigned long n;
	char *end;

	if (v == NULL || o->ledger_path == NULL)
		return NULL;
	n = strtoul(v, &end, 10);
	if (*end != '\0' || n < 1 || pcl_ledgerfault_new(&f, n) != PCL_OK)
		return NULL;
	o->ledger_vfs = pcl_ledgerfault_vfs(f);
	return f;
}

/* Log state: format, terminal progress. */
struct run_log {
	int		json;
	int		tty;
	int		shown;		/* a progress line is on the screen */
	double		t0, last;
	unsigned long long pass1;	/* records of pass 1 */
};

static double
seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The live progress line on a terminal (at most 5 updates a second). */
static void
on_progress(void *user, const struct pcl_progress *p)
{
	struct run_log *lg = user;
	double t = seconds_now(), el = t - lg->t0, frac, eta;
	unsigned long long rows;

	if (p->pass == 1)
		lg->pass1 = p->records;
	if (t - lg->last < 0.2 && p->bytes_done < p->bytes_total)
		return;
	lg->last = t;
	rows = p->pass == 1 ? p->records : lg->pass1 + p->records;
	frac = p->bytes_total > 0 ?
	    (double)p->bytes_done / (double)p->bytes_total : 0;
	eta = frac > 0 ? el * (1 - frac) / frac : 0;
	fprintf(stderr, "\rparcelclear: run: pass %d, %3.0f%% of %.1f MB, "
	    "%.0f rows/s, ETA %d:%02d\033[K", p->pass, 100 * frac,
	    (double)p->bytes_total / 2e6, el > 0 ? (double)rows / el : 0,
	    (int)eta / 60, (int)eta % 60);
	lg->shown = 1;
}

/* What getopt found wrong (json mode, where it prints nothing): ':' an
 * option without its argument, '?' an unknown or ambiguous one, or a
 * flag given a value. */
static void
bad_option(int ch, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";

	if (ch == ':' && strncmp(arg, "--", 2) == 0)
		cmd_diag("run", PCL_EXIT_USAGE, "option '%s' requires an "
		    "argument; see 'parcelclear run --help'", arg);
	else if (ch == ':')
		cmd_diag("run", PCL_EXIT_USAGE, "option requires an argument "
		    "-- '%c'; see 'parcelclear run --help'", optopt);
	else if (optopt != 0 && strncmp(arg, "--", 2) != 0)
		cmd_diag("run", PCL_EXIT_USAGE, "invalid option -- '%c'; see "
		    "'parcelclear run --help'", optopt);
	else if (optopt != 0)	/* a known long option given "=value" */
		cmd_diag("run", PCL_EXIT_USAGE, "option '%s' takes no "
		    "argument; see 'parcelclear run --help'", arg);
	else
		cmd_diag("run", PCL_EXIT_USAGE, "unrecognized or ambiguous "
		    "option '%s'; see 'parcelclear run --help'", arg);
}

int
cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		PCL_COMMON_LONGOPTS,
		{ "jobs", required_argument, NULL, 'j' },
		{ "level", required_argument, NULL, 'l' },
		{ "log-format", required_argument, NULL, 'L' },
		{ "max-data-age", required_argument, NULL, 'M' },
		{ "max-reject-rate", required_argument, NULL, 'R' },
		{ "output", required_argument, NULL, 'o' },
		{ "report", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 }
	};
	struct pcl_job_opts o;
	struct pcl_job_result res;
	struct pcl_error err;
	struct cmd_inputs in;
	struct run_log lg;
	struct pcl_ledgerfault *fault;
	pcl_i128 max_rate = -1, rejected;
	long max_age = -1;
	char stale[512], aged[256];
	const char *rate_text = NULL;
	char rate[32];
	int ch, rc, h, status;
	char *end;

	memset(&lg, 0, sizeof lg);

	common_opts_init(&o);
	memset(&in, 0, sizeof in);
	/* --log-format first, so that every diagnostic, even about an
	 * option before it, has the format asked for */
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "-hj:o:", longopts, NULL)) != -1)
		if (ch == 'L')
			lg.json = strcmp(optarg, "json") == 0;
	cmd_diag_set_json(lg.json);
	/* text: getopt's own messages, as ever; json: ours (':' first) */
	opterr = !lg.json;
	optind = 0;
	while ((ch = getopt_long(argc, argv, lg.json ? "-:hj:o:" : "-hj:o:",
	    longopts, NULL)) != -1) {
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
		case 'j':
			o.threads = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o.threads < 1 || o.threads > 256) {
				cmd_diag("run", PCL_EXIT_USAGE, "-j must be "
				    "1 to 256");
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'l':
			o.level = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o.level < 1 || o.level > 9) {
				cmd_diag("run", PCL_EXIT_USAGE, "--level must be "
				    "1 to 9");
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'H':
			o.report_path = optarg;
			break;
		case 'L':
			if (common_format("run", "log format", optarg,
			    &lg.json) != 0) {
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'M':
			max_age = strtol(optarg, &end, 10);
			if (*end != '\0' || optarg[0] == '\0' ||
			    optarg[0] == '-' || max_age < 0 ||
			    max_age > 36500) {
				cmd_diag("run", PCL_EXIT_USAGE, "--max-data-age "
				    "must be a number of days, 0 to 36500");
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'R':
			if (pcl_money_parse(optarg, strlen(optarg), '.',
			    &max_rate) != 0 || max_rate < 0 ||
			    max_rate > 1000000) {
				cmd_diag("run", PCL_EXIT_USAGE,
				    "--max-reject-rate must be a decimal from 0 "
				    "to 1 with at most 6 decimals");
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			rate_text = optarg;
			break;
		case 'o':
			/* an empty or a second -o is a usage error */
			if (optarg[0] == '\0' || o.outdir != NULL) {
				fprintf(stderr, "parcelclear: run: %s\n",
				    optarg[0] == '\0' ? "-o needs a directory "
				    "name, not an empty string" : "-o given more "
				    "than once");
				common_inputs_release(&in);
				return PCL_EXIT_USAGE;
			}
			o.outdir = optarg;
			break;
		default:
			if (lg.json)
				bad_option(ch, argv);
			else
				fputs(usage, stderr);
			common_inputs_release(&in);
			return PCL_EXIT_USAGE;
		}
	}
	if (o.outdir == NULL || common_inputs(&o, &in) != 0) {
		if (lg.json)
			cmd_diag("run", PCL_EXIT_USAGE, "%s; see 'parcelclear "
			    "run --help'", o.outdir == NULL ? "no output "
			    "directory (-o OUTDIR)" : "no MANIFEST");
		else {
			fprintf(stderr, "parcelclear: run: %s\n", o.outdir == NULL ?
			    "-o OUTDIR is missing" : "no MANIFEST given");
			fputs(usage, stderr);
		}
		common_inputs_release(&in);
		return PCL_EXIT_USAGE;
	}
	if (common_distinct_inputs("run", &in) != 0) {
		common_inputs_release(&in);
		return PCL_EXIT_USAGE;
	}
	common_warn_unused("run", &o, &in);
	o.stop = cmd_catch_stop_signals();
	if (getenv("PCL_TEST_PUBLISH_DELAY_MS") != NULL)
		o.on_published = on_published;
	lg.tty = isatty(STDERR_FILENO);
	lg.t0 = seconds_now();
	if (lg.tty && !lg.json) {
		o.on_progress = on_progress;
		o.user = &lg;
	}
	fault = ledger_fault(&o);
	rc = pcl_job_run(&o, &res, &err);
	common_inputs_release(&in);
	o.data_dir = NULL;
	if (fault != NULL) {
		fprintf(stderr, "parcelclear: run: test: ledger fault %s, %lu "
		    "calls\n", pcl_ledgerfault_fired(fault) ? "fired" :
		    "not fired", pcl_ledgerfault_calls(fault));
		pcl_ledgerfault_free(fault);
	}
	if (lg.shown)
		fputs("\r\033[K", stderr);
	if (rc != PCL_OK) {
		if (lg.json)
			cmd_error_json("run", cmd_exit_for(rc), &err);
		else
			cmd_print_error("run", &err);
		return cmd_exit_for(rc);
	}
	/* rejected / records_in > R, exactly: rejected * 10^6 > R_micros * in */
	rejected = (pcl_i128)res.records[PCL_LANE_REJECT];
	status = max_rate >= 0 && rejected * 1000000 >
	    max_rate * (pcl_i128)res.records_in ? PCL_EXIT_LIMIT : PCL_EXIT_OK;
	fx_stale_line(&res, stale, sizeof stale);
	if (fx_aged(&res, max_age, o.as_of != PCL_DATE_NONE ? o.as_of :
	    today(), aged, sizeof aged))
		status = PCL_EXIT_LIMIT;
	snprintf(rate, sizeof rate, "%.6f", res.records_in > 0 ?
	    (double)res.records[PCL_LANE_REJECT] / (double)res.records_in : 0);
	if (lg.json) {
		struct pcl_json *j;
		char secs[32], max[40];

		if (pcl_json_new_compact(&j) != PCL_OK)
			return status;
		pcl_json_begin_object(j, NULL);
		pcl_json_string(j, "command", "run");
		pcl_json_string(j, "status", status ? "over_limit" : "ok");
		pcl_json_uint(j, "exit", (unsigned long long)status);
		pcl_json_uint(j, "records_in", res.records_in);
		pcl_json_uint(j, "release", res.records[PCL_LANE_RELEASE]);
		pcl_json_uint(j, "declare", res.records[PCL_LANE_DECLARE]);
		pcl_json_uint(j, "hold", res.records[PCL_LANE_HOLD]);
		pcl_json_uint(j, "reject", res.records[PCL_LANE_REJECT]);
		pcl_json_uint(j, "duplicates", res.duplicates);
		pcl_json_uint(j, "parcels", res.parcels[0] + res.parcels[1] +
		    res.parcels[2] + res.parcels[3]);
		pcl_json_raw(j, "reject_rate", rate);
		snprintf(secs, sizeof secs, "%.2f", res.seconds);
		pcl_json_raw(j, "seconds", secs);
		pcl_json_string(j, "outdir", o.outdir);
		if (stale[0] != '\0')
			pcl_json_string(j, "fx_past_last_date", stale);
		if (aged[0] != '\0')
			pcl_json_string(j, "fx_over_max_data_age", aged);
		if (rate_text != NULL) {
			pcl_money_format_micros(rate, sizeof rate, max_rate);
			snprintf(max, sizeof max, "%s%s",
			    rate[0] == '.' ? "0" : "", rate);
			pcl_json_raw(j, "max_reject_rate", max);
		}
		pcl_json_end_object(j);
		cmd_json_line_print(stderr, j);
		return status;
	}
	if (stale[0] != '\0')
		fprintf(stderr, "parcelclear: run: %s\n", stale);
	if (aged[0] != '\0')
		fprintf(stderr, "parcelclear: run: %s\n", aged);
	if (max_rate >= 0 && rejected * 1000000 >
	    max_rate * (pcl_i128)res.records_in)
		fprintf(stderr, "parcelclear: run: reject rate %s is over "
		    "--max-reject-rate %s\n", rate, rate_text);
	fprintf(stderr, "parcelclear: run: %llu records in: %llu release, "
	    "%llu declare, %llu hold, %llu reject, %llu duplicates; "
	    "%llu parcels; %.2f s; lanes in %s\n", res.records_in,
	    res.records[PCL_LANE_RELEASE], res.records[PCL_LANE_DECLARE],
	    res.records[PCL_LANE_HOLD], res.records[PCL_LANE_REJECT],
	    res.duplicates, res.parcels[0] + res.parcels[1] + res.parcels[2] +
	    res.parcels[3], res.seconds, o.outdir);
	return status;
}
