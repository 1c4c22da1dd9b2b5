/*
 * cmd_explain: parcelclear explain — what a reason code means, the lane
 * it forces, its source and how to fix it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "pcl.h"
#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

static const char usage[] =
    "usage: parcelclear explain CODE\n"
    "       parcelclear explain --list\n";

static const char help[] =
    "Explain a reason code as written in the lane files and by check:\n"
    "CODE or CODE@column (e.g. MISSING@hs_code), or with the character\n"
    "it names (INVALID_CHARACTER@tracking_number:U+200B), or a re-send\n"
    "with its earlier batch and lane (RESENT_CHANGED@2026-12-07.1/hold).\n"
    "'parcelclear explain --list' lists every code.\n"
    "\n"
    "      --list           list every code with its lane\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 explained, 2 usage or unknown code.\n";

int
cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "list", no_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	const char *arg, *at, *colon;
	char column[64] = "";
	uint32_t cp = 0;
	size_t len;
	int ch, code, list = 0;
	/* exact duplicates and identical re-sends go to duplicates.csv.gz,
	 * not to a lane */
#define LANE_OF(c) ((c) == PCL_R_EXACT_DUPLICATE || \
	    (c) == PCL_R_RESENT_IDENTICAL ? "duplicates" : \
	    pcl_lane_name(pcl_reason_lane(c)))

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			return PCL_EXIT_OK;
		case 'L':
			list = 1;
			break;
		default:
			fputs(usage, stderr);
			return PCL_EXIT_USAGE;
		}
	}
	if (list && optind == argc) {
		for (code = 1; code < PCL_R_COUNT; code++)
			printf("%-24s %-8s %s\n", pcl_reason_name(code),
			    LANE_OF(code),
			    pcl_reason_meaning(code));
		return PCL_EXIT_OK;
	}
	if (list || optind + 1 != argc) {
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	arg = argv[optind];
	at = strchr(arg, '@');
	len = at != NULL ? (size_t)(at - arg) : strlen(arg);
	code = pcl_reason_from_name(arg, len);
	/* a re-send's detail: the earlier batch and its lane */
	if (at != NULL && (code == PCL_R_RESENT_IDENTICAL ||
	    code == PCL_R_RESENT_CHANGED)) {
		const char *slash = strrchr(at, '/');

		if (slash == NULL || slash == at + 1 ||
		    (strcmp(slash + 1, "release") != 0 &&
		    strcmp(slash + 1, "declare") != 0 &&
		    strcmp(slash + 1, "hold") != 0)) {
			fprintf(stderr, "parcelclear: explain: '%s': the "
			    "detail of %.*s is BATCH/LANE (LANE release, "
			    "declare or hold), e.g. %.*s@2026-12-07.1/release"
			    "\n", arg, (int)len, arg, (int)len, arg);
			return PCL_EXIT_USAGE;
		}
		printf("%s\n", arg);
		printf("  meaning: %s\n", pcl_reason_meaning(code));
		printf("  lane:    %s\n", LANE_OF(code));
		printf("  earlier: batch %.*s, lane %s\n",
		    (int)(slash - at - 1), at + 1, slash + 1);
		printf("  source:  %s\n", pcl_reason_source(code));
		printf("  fix:     %s\n", pcl_reason_fix(code));
		return PCL_EXIT_OK;
	}
	/* CODE@column:U+XXXX: the character an INVALID_CHARACTER names */
	colon = at != NULL ? strchr(at, ':') : NULL;
	if (at != NULL)
		snprintf(column, sizeof column, "%.*s", colon != NULL ?
		    (int)(colon - at - 1) : (int)strlen(at + 1), at + 1);
	if (code < 0 ||
	    (at != NULL && pcl_column_find(column) == PCL_COL_NONE) ||
	    (colon != NULL && pcl_reason_parse_detail(colon + 1, &cp) != 0)) {
		fprintf(stderr, "parcelclear: explain: '%s' is not a reason "
		    "code; see 'parcelclear explain --list'\n", arg);
		return PCL_EXIT_USAGE;
	}
	printf("%s\n", arg);
	printf("  meaning: %s\n", pcl_reason_meaning(code));
	printf("  lane:    %s\n", LANE_OF(code));
	if (at != NULL)
		printf("  column:  %s\n", column);
	/* the element each data set fills from the column it requires */
	if (at != NULL && code == PCL_R_MISSING_FOR_EXPORT) {
		int k, any = 0;

		for (k = 0; k < PCL_EXPORT_COUNT; k++) {
			const char *e = pcl_exportreq_element(k,
			    pcl_column_find(column), -1);

			if (e == NULL)
				continue;
			printf("  element: %s (--export %s)\n", e,
			    pcl_export_name(k));
			any = 1;
		}
		if (!any)
			printf("  element: none: no data set requires this "
			    "column\n");
	}
	if (colon != NULL)
		printf("  character: U+%04lX, Unicode general category %s\n",
		    (unsigned long)cp, pcl_reason_char_category(cp));
	printf("  source:  %s\n", pcl_reason_source(code));
	printf("  fix:     %s\n", pcl_reason_fix(code));
	return PCL_EXIT_OK;
}
