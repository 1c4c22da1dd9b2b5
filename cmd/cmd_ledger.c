/*
 * cmd_ledger: parcelclear ledger — answer auditors and operators from
 * the clearance ledger (docs/ledger.md): which batches saw a tracking
 * number, the batches, one batch, pruning, a CSV export, a backup and
 * the consistency check.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcl.h"
#include "csvrow.h"
#include "ledgerseed.h"
#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

static const char usage[] =
    "usage: parcelclear ledger batches --ledger FILE\n"
    "       parcelclear ledger find --ledger FILE TRACKING...\n"
    "       parcelclear ledger show --ledger FILE BATCH\n"
    "       parcelclear ledger prune --ledger FILE --before YYYY-MM-DD\n"
    "       parcelclear ledger export --ledger FILE\n"
    "       parcelclear ledger backup --ledger FILE DEST\n"
    "       parcelclear ledger check --ledger FILE\n"
    "       parcelclear ledger seed --ledger FILE [--declarant ID] "
    "OUTDIR...\n";

static const char help[] =
    "Ask the clearance ledger (run --ledger) what earlier batches did.\n"
    "\n"
    "  batches            one line per batch: name, state, run date, as-of,\n"
    "                     parcels, output directory\n"
    "  find TRACKING...   one line per batch that saw each number: batch,\n"
    "                     run date, declarant, number, date, lane, reasons,\n"
    "                     assessed value; exit 1 when no batch saw any\n"
    "  show BATCH         what the ledger recorded of BATCH, and its lanes\n"
    "  prune --before D   delete the batches run before date D\n"
    "  export             every parcel row as CSV on standard output\n"
    "  backup DEST        copy the ledger to DEST, a new file (SQLite's\n"
    "                     backup API)\n"
    "  check              SQLite's integrity check and the ledger's own\n"
    "  seed OUTDIR...     load past batches from their output directories\n"
    "                     (a hub adopting the ledger); one seeded or\n"
    "                     recorded by a run already is left as it is\n"
    "\n"
    "      --ledger FILE    the ledger (required)\n"
    "      --before DATE    prune: the first run date kept\n"
    "      --declarant ID   seed: the declarant of the batches (default:\n"
    "                       \"default\")\n"
    "  -h, --help           this help\n"
    "\n"
    "Only prune, check and seed write (check settles pending batches as a run\n"
    "would); the others open the ledger read-only.\n"
    "Exit status: 0 done, 1 find found nothing or check found a problem,\n"
    "2 usage, 3 the ledger is unusable or missing, or show's BATCH is not\n"
    "in it, 4 backup failed or\n"
    "the ledger cannot be written (prune, check, seed),\n"
    "5 the ledger is in use by another run.\n";

static void
print_batch(void *user, const struct pcl_ledger_batch *b)
{
	(void)user;
	printf("%s\t%s\t%s\t%s\t%llu\t%s\n", b->name, b->state, b->run_date,
	    b->as_of[0] != '\0' ? b->as_of : "-", b->parcels, b->outdir);
}

static void
print_seen(void *user, const struct pcl_ledger_seen *s)
{
	(void)user;
	printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s->batch, s->run_date,
	    s->declarant, s->tracking, s->date, s->lane,
	    s->reasons[0] != '\0' ? s->reasons : "-",
	    s->assessed[0] != '\0' ? s->assessed : "-");
}

static void
print_kv(void *user, const char *key, const char *value)
{
	(void)user;
	/* no as-of date: '-', as batches prints it */
	printf("%s: %s\n", key, value[0] == '\0' && strcmp(key, "as_of") ==
	    0 ? "-" : value);
}

/* Says what is wrong with the command line, then the usage: exit 2. */
static int misuse(const char *fmt, ...) PCL_PRINTF(1, 2);

static int
misuse(const char *fmt, ...)
{
	va_list ap;

	fputs("parcelclear: ledger: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs(usage, stderr);
	return PCL_EXIT_USAGE;
}

/*
 * The subcommands: how many operands each takes (-1: one or more), and
 * their name; whether it writes the ledger.
 */
static const struct {
	const char	*name;
	int		 operands;
	const char	*operand;
	int		 writes;
} verbs[] = {
	{ "backup", 1, "DEST", 0 }, { "batches", 0, "", 0 },
	{ "check", 0, "", 1 }, { "export", 0, "", 0 },
	{ "find", -1, "TRACKING", 0 }, { "prune", 0, "", 1 },
	{ "seed", -1, "OUTDIR", 1 }, { "show", 1, "BATCH", 0 },
};

/* One CSV row on standard output. */
static int
put_row(void *user, const char *const *f, const size_t *len)
{
	char buf[4096], *big;
	size_t n;

	(void)user;
	n = pcl_csvrow_format(buf, sizeof buf, f, len, PCL_LEDGER_EXPORT_NCOLS);
	if (n <= sizeof buf)
		return fwrite(buf, 1, n, stdout) == n ? PCL_OK : PCL_E_WRITE;
	if ((big = malloc(n)) == NULL)
		return PCL_E_NOMEM;
	(void)pcl_csvrow_format(big, n, f, len, PCL_LEDGER_EXPORT_NCOLS);
	n = fwrite(big, 1, n, stdout) == n ? PCL_OK : PCL_E_WRITE;
	free(big);
	return (int)n;
}

static int
fail(const char *what, struct pcl_ledger *l, const struct pcl_error *err,
    int rc)
{
	char verb[32];

	snprintf(verb, sizeof verb, "ledger %s", what);
	cmd_print_error(verb, err);
	(void)pcl_ledger_close(l);
	return cmd_exit_for(rc);
}

int
cmd_ledger(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "before", required_argument, NULL, 'b' },
		{ "declarant", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "ledger", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = NULL, *before = NULL, *declarant = NULL, *verb;
	struct pcl_ledger *l = NULL;
	struct pcl_error err;
	unsigned long long n;
	size_t k;
	int ch, rc, writes, i;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		fputs("\n", stdout);
		fputs(help, stdout);
		return PCL_EXIT_OK;
	}
	if (argc < 2)
		return misuse("a subcommand is missing");
	if (argv[1][0] == '-')
		return misuse("a subcommand must come before the options, not "
		    "'%s'", argv[1]);
	verb = argv[1];
	for (k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
		if (strcmp(verbs[k].name, verb) == 0)
			break;
	if (k == sizeof verbs / sizeof verbs[0])
		return misuse("unknown subcommand '%s'", verb);
	optind = 1;
	while ((ch = getopt_long(argc - 1, argv + 1, "h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'h':
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			return PCL_EXIT_OK;
		case 'L':
			path = optarg;
			break;
		case 'b':
			before = optarg;
			break;
		case 'D':
			declarant = optarg;
			break;
		default:
			fputs(usage, stderr);
			return PCL_EXIT_USAGE;
		}
	}
	argc -= optind + 1;
	argv += optind + 1;
	if (path == NULL) {
		fprintf(stderr, "parcelclear: ledger: --ledger FILE is "
		    "missing\n");
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	writes = verbs[k].writes;
	if (verbs[k].operands < 0 ? argc < 1 : argc != verbs[k].operands)
		return argc < (verbs[k].operands < 0 ? 1 : verbs[k].operands) ?
		    misuse("%s: %s is missing", verb, verbs[k].operand) :
		    misuse("%s: too many operands ('%s')", verb,
		    argv[verbs[k].operands]);
	if (strcmp(verb, "prune") == 0 && before == NULL)
		return misuse("prune: --before DATE is missing");
	if (strcmp(verb, "prune") == 0 && (strlen(before) != 10 ||
	    pcl_date_parse_iso(before, strlen(before)) == PCL_DATE_NONE))
		return misuse("prune: --before '%s' is not a date YYYY-MM-DD",
		    before);
	if ((rc = pcl_ledger_open(&l, path, !writes, PCL_LEDGER_TIMEOUT_DEFAULT,
	    &err)) != PCL_OK)
		return fail(verb, NULL, &err, rc);
	if (strcmp(verb, "batches") == 0) {
		rc = pcl_ledger_batches(l, print_batch, NULL, &err);
	} else if (strcmp(verb, "find") == 0) {
		unsigned long long all = 0;

		rc = PCL_OK;
		for (i = 0; i < argc && rc == PCL_OK; i++) {
			rc = pcl_ledger_find(l, argv[i], print_seen, NULL, &n,
			    &err);
			all += n;
		}
		if (rc == PCL_OK && all == 0) {
			(void)pcl_ledger_close(l);
			return PCL_EXIT_LIMIT;
		}
	} else if (strcmp(verb, "show") == 0) {
		rc = pcl_ledger_show(l, argv[0], print_kv, NULL, &err);
		if (rc == PCL_E_NOTFOUND)
			rc = pcl_error_set(&err, PCL_E_IO, "no batch '%s'",
			    argv[0]);
	} else if (strcmp(verb, "prune") == 0) {
		rc = pcl_ledger_prune(l, before, &n, &err);
		if (rc == PCL_OK)
			printf("pruned %llu batches run before %s\n", n, before);
	} else if (strcmp(verb, "export") == 0) {
		size_t hl[PCL_LEDGER_EXPORT_NCOLS];

		for (i = 0; i < PCL_LEDGER_EXPORT_NCOLS; i++)
			hl[i] = strlen(pcl_ledger_export_columns[i]);
		rc = put_row(NULL, pcl_ledger_export_columns, hl);
		if (rc == PCL_OK)
			rc = pcl_ledger_export(l, put_row, NULL, &err);
		if (rc == PCL_OK && fflush(stdout) != 0)
			rc = pcl_error_set(&err, PCL_E_WRITE, "write error");
	} else if (strcmp(verb, "seed") == 0) {
		char name[32];
		int added;

		rc = PCL_OK;
		for (i = 0; i < argc && rc == PCL_OK; i++)
			if ((rc = pcl_ledgerseed_dir(l, argv[i], declarant,
			    &added, name, &err)) == PCL_OK)
				printf("%s\t%s\t%s\n", name,
				    added == PCL_LEDGERSEED_ADDED ? "seeded" :
				    added == PCL_LEDGERSEED_RECORDED ?
				    "recorded already" : "seeded already",
				    argv[i]);
	} else if (strcmp(verb, "backup") == 0) {
		rc = pcl_ledger_backup(l, argv[0], &err);
	} else {
		rc = pcl_ledger_check(l, &err);
		if (rc == PCL_E_PARSE) {
			cmd_print_error("ledger check", &err);
			(void)pcl_ledger_close(l);
			return PCL_EXIT_LIMIT;
		}
		if (rc == PCL_OK)
			printf("ledger check: ok\n");
	}
	if (rc != PCL_OK)
		return fail(verb, l, &err, rc);
	if (pcl_ledger_close(l) != PCL_OK) {
		fprintf(stderr, "parcelclear: ledger %s: error closing the "
		    "ledger\n", verb);
		return PCL_EXIT_OUTPUT;
	}
	return PCL_EXIT_OK;
}
