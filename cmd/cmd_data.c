/*
 * cmd_data: parcelclear data — which reference data is in use (status),
 * and keeping the exchange-rate snapshots current: download them from
 * each publisher (update) or take them from a file (import).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "pcl.h"
#include "datadir.h"
#include "digest.h"
#include "embed.h"
#include "fx.h"
#include "fxsource.h"
#include "perkg.h"
#include "refdata.h"
#include "screen.h"
#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

static const char usage[] =
    "usage: parcelclear data status [--data-dir DIR]\n"
    "       parcelclear data update [--data-dir DIR] [--url URL] "
    "[SOURCE...]\n"
    "       parcelclear data import [--data-dir DIR] SOURCE FILE\n";

static const char help[] =
    "Show the reference data in use, or keep the exchange-rate snapshots\n"
    "current. SOURCE is ecb (EU), hmrc (GB), frb (US), boc (CA) or rba (AU).\n"
    "\n"
    "  status             every reference source: each FX source's snapshot\n"
    "                     (or embedded, or none) with its origin, dates\n"
    "                     covered, SHA-256 and fetch time; the rules, code\n"
    "                     lists and screening lists; the data directory\n"
    "  update [SOURCE...] download each SOURCE (none: all) from its\n"
    "                     publisher, check it, then install it atomically\n"
    "  import SOURCE FILE the same from a local file\n"
    "\n"
    "      --data-dir DIR   the data directory; default $PARCELCLEAR_DATA,\n"
    "                       else /var/lib/parcelclear when it exists, else\n"
    "                       $XDG_DATA_HOME/parcelclear (~/.local/share)\n"
    "      --url URL        update: download the one SOURCE named from URL\n"
    "                       (https, or plain http to a loopback address)\n"
    "  -h, --help           this help\n"
    "\n"
    "Downloads honour https_proxy, http_proxy, ALL_PROXY and NO_PROXY.\n"
    "A failed download or a file that fails a check changes nothing.\n"
    "\n"
    "Exit status: 0 done, 2 usage (unknown source, URL refused), 3 a\n"
    "download failed or a file is unusable, 4 the data directory cannot\n"
    "be written.\n";

static const enum pcl_fxsource all_sources[] = {
	PCL_FXSOURCE_ECB, PCL_FXSOURCE_HMRC, PCL_FXSOURCE_FRB,
	PCL_FXSOURCE_BOC, PCL_FXSOURCE_RBA
};
#define NSOURCES (sizeof all_sources / sizeof all_sources[0])

static const char *
origin_text(enum pcl_datadir_origin o)
{
	switch (o) {
	case PCL_DATADIR_FLAG:		return "--data-dir";
	case PCL_DATADIR_ENV:		return "$PARCELCLEAR_DATA";
	case PCL_DATADIR_SYSTEMWIDE:	return PCL_DATADIR_SYSTEM " exists";
	default:			return "$XDG_DATA_HOME, or ~/.local/share";
	}
}

static int32_t
today_utc(void)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return pcl_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

static void
print_snapshot(const struct pcl_datadir_snapshot *s)
{
	char first[11], last[11];

	pcl_date_format(s->first, first);
	pcl_date_format(s->last, last);
	printf("  covers   %s to %s\n  sha256   %s\n  fetched  %s\n"
	    "  origin   %s\n  file     %s\n", first, last, s->sha256,
	    s->fetched, s->origin, s->path);
}

/* The embedded ECB history, what run uses without a snapshot or --fx. */
static int
print_embedded_ecb(void)
{
	struct pcl_fx *fx;
	struct pcl_error err;
	char first[11], last[11];
	int rc;

	if ((rc = pcl_fx_open(&fx, NULL, &err)) != PCL_OK) {
		cmd_print_error("data", &err);
		return rc;
	}
	pcl_date_format(pcl_fx_first_date(fx), first);
	pcl_date_format(pcl_fx_last_date(fx), last);
	printf("  covers   %s to %s\n  sha256   %s\n  origin   %s\n", first,
	    last, pcl_fx_sha256(fx), pcl_fx_name(fx));
	pcl_fx_free(fx);
	return PCL_OK;
}

static void
print_file(const char *kind, const char *name, const char *sha)
{
	printf("%-13s %s\n%-13s sha256 %s\n", kind, name, "", sha);
}

/* Rules, code lists and screening lists: the embedded copies. */
static int
print_tables(void)
{
	static const char *const codes[] = {
		"data/codes/countries.csv", "data/codes/currencies.csv",
		"data/postcodes/formats.csv"
	};
	struct pcl_rules *rules;
	struct pcl_screen *screen;
	struct pcl_perkg *perkg;
	struct pcl_error err;
	const unsigned char *data;
	char sha[65], name[128];
	size_t i, len;
	int rc;

	if ((rc = pcl_rules_open(&rules, NULL, &err)) != PCL_OK)
		goto fail;
	print_file("rules", pcl_rules_name(rules), pcl_rules_sha256(rules));
	print_file("unions", pcl_rules_unions_name(rules),
	    pcl_rules_unions_sha256(rules));
	pcl_rules_free(rules);
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		if (!pcl_embed_find(codes[i], &data, &len))
			continue;
		pcl_digest_buffer(data, len, sha);
		snprintf(name, sizeof name, "embedded:%s", codes[i]);
		print_file("codes", name, sha);
	}
	if ((rc = pcl_screen_open(&screen, NULL, &err)) != PCL_OK)
		goto fail;
	/* the lists opened here are the embedded ones: named as the rules
	 * and code lists are, not as a path relative to anything */
	for (i = 0; i < pcl_screen_nfiles(screen); i++) {
		const char *f = pcl_screen_file_name(screen, i);

		snprintf(name, sizeof name, "%s%s",
		    strncmp(f, "embedded:", 9) == 0 ? "" : "embedded:", f);
		print_file("list", name, pcl_screen_file_sha256(screen, i));
	}
	pcl_screen_free(screen);
	if ((rc = pcl_perkg_open(&perkg, NULL, &err)) != PCL_OK)
		goto fail;
	print_file("value-per-kg", pcl_perkg_name(perkg),
	    pcl_perkg_sha256(perkg));
	pcl_perkg_free(perkg);
	return PCL_OK;
fail:
	cmd_print_error("data", &err);
	return rc;
}

static int
data_status(const char *dir, enum pcl_datadir_origin origin)
{
	struct pcl_datadir_snapshot snap;
	struct pcl_error err;
	struct stat st;
	size_t i;
	int rc;

	printf("data directory: %s (from %s)%s\n\n", dir, origin_text(origin),
	    stat(dir, &st) == 0 ? "" : " (does not exist yet)");
	for (i = 0; i < NSOURCES; i++) {
		enum pcl_fxsource s = all_sources[i];

		rc = pcl_datadir_newest(dir, pcl_fxsource_name(s), &snap,
		    &err);
		printf("fx %s (%s, %s): ", pcl_fxsource_name(s),
		    pcl_fxsource_authority(s), pcl_fxsource_currency(s));
		if (rc == PCL_OK) {
			printf("snapshot\n");
			print_snapshot(&snap);
		} else if (rc == PCL_E_NOTFOUND && s == PCL_FXSOURCE_ECB) {
			printf("embedded\n");
			if ((rc = print_embedded_ecb()) != PCL_OK)
				return cmd_exit_for(rc);
		} else if (rc == PCL_E_NOTFOUND) {
			printf("none\n");
		} else {
			printf("damaged\n");
			fflush(stdout);
			cmd_print_error("data", &err);
			return cmd_exit_for(rc);
		}
	}
	printf("\n");
	if ((rc = print_tables()) != PCL_OK)
		return cmd_exit_for(rc);
	return fflush(stdout) == 0 ? PCL_EXIT_OK : PCL_EXIT_OUTPUT;
}

/*
 * What a run used for 's' before this snapshot: the previous snapshot,
 * else for ecb the embedded history, else none. Writes its dates to
 * 'first' and 'last' (PCL_DATE_NONE when none) and a description to
 * 'what'.
 */
static void
previous_table(enum pcl_fxsource s, const struct pcl_refdata_result *r,
    char *what, size_t cap, int32_t *first, int32_t *last)
{
	struct pcl_fx *fx;
	struct pcl_error err;
	char f[11], l[11];

	*first = r->prev_first;
	*last = r->prev_last;
	if (r->previous[0] != '\0') {
		snprintf(what, cap, "%s", r->previous);
		return;
	}
	if (s == PCL_FXSOURCE_ECB && pcl_fx_open(&fx, NULL, &err) == PCL_OK) {
		*first = pcl_fx_first_date(fx);
		*last = pcl_fx_last_date(fx);
		pcl_fx_free(fx);
		pcl_date_format(*first, f);
		pcl_date_format(*last, l);
		snprintf(what, cap, "the embedded ECB history, %s to %s", f,
		    l);
		return;
	}
	snprintf(what, cap, "none");
}

static void
print_result(enum pcl_fxsource s, const struct pcl_refdata_result *r)
{
	char first[11], last[11], what[128], pf[11], pl[11];
	int32_t p_first, p_last;

	pcl_date_format(r->snap.first, first);
	pcl_date_format(r->snap.last, last);
	if (!r->changed) {
		printf("%s: unchanged, %s, %s to %s\n", pcl_fxsource_name(s),
		    r->snap.sha256, first, last);
		return;
	}
	previous_table(s, r, what, sizeof what, &p_first, &p_last);
	printf("%s: installed %s, %s to %s (was %s)\n", pcl_fxsource_name(s),
	    r->snap.sha256, first, last, what);
	if (p_first == PCL_DATE_NONE ||
	    (r->snap.first <= p_first && r->snap.last >= p_last))
		return;
	pcl_date_format(p_first, pf);
	pcl_date_format(p_last, pl);
	fflush(stdout);
	fprintf(stderr, "parcelclear: data: warning: %s: the new snapshot "
	    "covers %s to %s, not all of the %s to %s that it replaces; "
	    "runs now reject a parcel dated outside it with "
	    "FX_RATE_UNAVAILABLE\n", pcl_fxsource_name(s), first, last, pf,
	    pl);
}

static int
data_update(const char *dir, const char *url, char **names, int n)
{
	enum pcl_fxsource list[NSOURCES];
	struct pcl_refdata_url urls[PCL_REFDATA_URLS_MAX];
	struct pcl_refdata_result res;
	struct pcl_error err;
	size_t i, count = 0, nurls;
	int rc, status = PCL_EXIT_OK, k;

	for (k = 0; k < n; k++) {
		if (!pcl_fxsource_from_name(names[k], &list[count])) {
			fprintf(stderr, "parcelclear: data: unknown source '%s' "
			    "(ecb, hmrc, frb, boc, rba)\n", names[k]);
			return PCL_EXIT_USAGE;
		}
		for (i = 0; i < count && list[i] != list[count]; i++)
			;
		if (i == count)
			count++;
	}
	if (count == 0)
		for (; count < NSOURCES; count++)
			list[count] = all_sources[count];
	if (url != NULL && (n != 1 || count != 1)) {
		fprintf(stderr, "parcelclear: data: --url needs exactly one "
		    "SOURCE\n");
		return PCL_EXIT_USAGE;
	}
	for (i = 0; i < count; i++) {
		if (url != NULL) {
			memset(urls, 0, sizeof urls);
			if ((size_t)snprintf(urls[0].url, sizeof urls[0].url,
			    "%s", url) >= sizeof urls[0].url) {
				fprintf(stderr, "parcelclear: data: URL too "
				    "long\n");
				return PCL_EXIT_USAGE;
			}
			nurls = 1;
		} else {
			nurls = pcl_refdata_default_urls(list[i], today_utc(),
			    urls);
		}
		rc = pcl_refdata_update(dir, list[i], urls, nurls, NULL, &res,
		    &err);
		if (rc != PCL_OK) {
			fflush(stdout);
			cmd_print_error("data", &err);
			fprintf(stderr, "parcelclear: data: %s: nothing "
			    "changed\n", pcl_fxsource_name(list[i]));
			if (status == PCL_EXIT_OK)
				status = cmd_exit_for(rc);
			continue;
		}
		print_result(list[i], &res);
	}
	if (fflush(stdout) != 0 && status == PCL_EXIT_OK)
		status = PCL_EXIT_OUTPUT;
	return status;
}

static int
data_import(const char *dir, const char *name, const char *file)
{
	struct pcl_refdata_result res;
	struct pcl_error err;
	enum pcl_fxsource s;
	int rc;

	if (!pcl_fxsource_from_name(name, &s)) {
		fprintf(stderr, "parcelclear: data: unknown source '%s' (ecb, "
		    "hmrc, frb, boc, rba)\n", name);
		return PCL_EXIT_USAGE;
	}
	rc = pcl_refdata_import(dir, s, file, &res, &err);
	if (rc != PCL_OK) {
		cmd_print_error("data", &err);
		fprintf(stderr, "parcelclear: data: %s: nothing changed\n",
		    name);
		return cmd_exit_for(rc);
	}
	print_result(s, &res);
	return fflush(stdout) == 0 ? PCL_EXIT_OK : PCL_EXIT_OUTPUT;
}

int
cmd_data(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "data-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "url", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	struct pcl_datadir_env env;
	enum pcl_datadir_origin origin = PCL_DATADIR_FLAG;
	struct pcl_error err;
	const char *flag = NULL, *url = NULL, *action;
	char *dir = NULL;
	int ch, rc, nargs;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			flag = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			return PCL_EXIT_OK;
		case 'u':
			url = optarg;
			break;
		default:
			fputs(usage, stderr);
			return PCL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	action = argv[optind++];
	nargs = argc - optind;
	if (strcmp(action, "status") != 0 && strcmp(action, "update") != 0 &&
	    strcmp(action, "import") != 0) {
		fprintf(stderr, "parcelclear: data: '%s' is not status, update "
		    "or import\n", action);
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	if ((strcmp(action, "status") == 0 && nargs != 0) ||
	    (strcmp(action, "import") == 0 && nargs != 2) ||
	    (url != NULL && strcmp(action, "update") != 0)) {
		fprintf(stderr, "parcelclear: data: wrong arguments for %s\n",
		    action);
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	pcl_datadir_env_init(&env, flag);
	rc = pcl_datadir_resolve(&env, strcmp(action, "status") != 0, &dir,
	    &origin, &err);
	if (rc != PCL_OK) {
		cmd_print_error("data", &err);
		return cmd_exit_for(rc);
	}
	if (strcmp(action, "status") == 0)
		rc = data_status(dir, origin);
	else if (strcmp(action, "update") == 0)
		rc = data_update(dir, url, argv + optind, nargs);
	else
		rc = data_import(dir, argv[optind], argv[optind + 1]);
	free(dir);
	return rc;
}
