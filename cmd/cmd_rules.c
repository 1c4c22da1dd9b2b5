/*
 * cmd_rules: parcelclear rules — print the de minimis rules in force on a
 * date (for auditors), or validate a rules file with --check.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pcl.h"
#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

static const char usage[] =
    "usage: parcelclear rules [--all] [--as-of YYYY-MM-DD] [--rules FILE] "
    "[COUNTRY]\n"
    "       parcelclear rules --check FILE\n";

static const char help[] =
    "Print the de minimis rules (duty and VAT/GST) in force on a date, one\n"
    "block per rule with its source; for COUNTRY, its own rules and those\n"
    "of the customs union it belongs to on that date.\n"
    "\n"
    "      --all            every row of the table, whatever its dates\n"
    "      --as-of DATE     the date (default: today, UTC)\n"
    "      --check FILE     validate a rules file: columns, codes, dates,\n"
    "                       overlapping validity; exit 1 naming line and column\n"
    "      --rules FILE     the table to read; default: the shipped one\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 done (or the file is valid), 1 the file is invalid,\n"
    "2 usage, 3 a file cannot be read.\n";

static const char *
collection_name(enum pcl_collection c)
{
	switch (c) {
	case PCL_COLLECT_POINT_OF_SALE:	return "point of sale";
	case PCL_COLLECT_IOSS:		return "IOSS or border";
	default:			return "border";
	}
}

static void
print_rule(const struct pcl_rule *r)
{
	char from[11], to[11], amount[48], limit[64];

	pcl_date_format(r->valid_from, from);
	if (r->valid_to == PCL_DATE_MAX)
		snprintf(to, sizeof to, "%s", "open");
	else
		pcl_date_format(r->valid_to, to);
	if (r->has_threshold) {
		pcl_money_format(amount, sizeof amount, r->threshold_minor,
		    r->minor_digits);
		snprintf(limit, sizeof limit, "%s %s %s",
		    r->strict_less ? "<" : "<=", amount, r->currency);
	} else {
		snprintf(limit, sizeof limit, "%s", "none");
	}
	printf("%-24s %-3s %-4s %s..%-10s %-7s %-10s %-14s %-12s %s\n",
	    r->id, r->jurisdiction, pcl_rules_tax_name(r->tax), from, to,
	    pcl_rules_channel_name(r->channel),
	    r->origin_scope[0] ? r->origin_scope : "all", limit,
	    pcl_rules_basis_name(r->basis), collection_name(r->collection));
	printf("    per %s;%s source: %s\n",
	    pcl_rules_aggregation_name(r->aggregation),
	    r->origin_scope[0] == '\0' ? "" :
	    r->scope_by == PCL_SCOPE_DISPATCH ?
	    " countries by place of direct shipment;" :
	    " countries by origin;", r->source);
}

static int
upper_eq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if ((*a & ~0x20) != (*b & ~0x20))
			return 0;
	return *a == *b;
}

int
cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'A' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "check", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "rules", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = NULL, *check = NULL, *country = NULL, *un = NULL;
	struct pcl_rules *rules;
	struct pcl_error err;
	int32_t date = PCL_DATE_NONE;
	char day[11];
	size_t i, shown = 0;
	int ch, rc, all = 0, today = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'A':
			all = 1;
			break;
		case 'a':
			date = pcl_date_parse_iso(optarg, strlen(optarg));
			if (date == PCL_DATE_NONE || strlen(optarg) != 10) {
				fprintf(stderr, "parcelclear: rules: --as-of '%s' "
				    "is not a date YYYY-MM-DD\n", optarg);
				return PCL_EXIT_USAGE;
			}
			break;
		case 'c':
			check = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			return PCL_EXIT_OK;
		case 'r':
			path = optarg;
			break;
		default:
			fputs(usage, stderr);
			return PCL_EXIT_USAGE;
		}
	}
	if (optind < argc)
		country = argv[optind++];
	if (optind < argc || (check != NULL && (country != NULL ||
	    path != NULL || all || date != PCL_DATE_NONE))) {
		fprintf(stderr, "parcelclear: rules: %s\n", optind < argc ?
		    "one COUNTRY at most" : "--check FILE takes no COUNTRY, "
		    "--all, --as-of or --rules");
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	if (check != NULL) {
		if ((rc = pcl_rules_open(&rules, check, &err)) != PCL_OK) {
			cmd_print_error("rules", &err);
			return rc == PCL_E_PARSE ? PCL_EXIT_LIMIT : cmd_exit_for(rc);
		}
		printf("%s: %zu rules, valid\n", check, pcl_rules_count(rules));
		pcl_rules_free(rules);
		return PCL_EXIT_OK;
	}
	if (date == PCL_DATE_NONE) {
		time_t t = time(NULL);
		struct tm tm;

		gmtime_r(&t, &tm);
		date = pcl_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday);
		today = 1;	/* said in the header: a saved copy names its day */
	}
	if ((rc = pcl_rules_open(&rules, path, &err)) != PCL_OK) {
		cmd_print_error("rules", &err);
		return cmd_exit_for(rc);
	}
	if (country != NULL) {
		/* as run judges a country code: ISO 3166-1, capitals */
		const char *c;
		int st = pcl_codes_country(country, strlen(country),
		    PCL_DATE_NONE), known = st == PCL_CODE_OK ||
		    st == PCL_CODE_NOT_IN_USE;

		for (i = 0; !known && i < pcl_rules_count(rules); i++)
			known = strcmp(pcl_rules_at(rules, i)->jurisdiction,
			    country) == 0;
		for (c = country; *c != '\0' && !(*c >= 'a' && *c <= 'z'); c++)
			;
		if (!known) {
			fprintf(stderr, "parcelclear: rules: %s '%s': COUNTRY is "
			    "an ISO 3166-1 alpha-2 code in capitals (or a "
			    "jurisdiction of the table, e.g. EU), as run "
			    "requires\n", *c != '\0' ? "lowercase country" :
			    "unknown country", country);
			pcl_rules_free(rules);
			return PCL_EXIT_USAGE;
		}
		un = pcl_rules_union_of(rules, country, date);
	}
	pcl_date_format(date, day);
	if (all)
		printf("every rule%s%s, customs unions as on %s%s (%s, sha256 "
		    "%s)\n\n", country ? " for " : "", country ? country : "",
		    day, today ? " (today, UTC)" : "", pcl_rules_name(rules),
		    pcl_rules_sha256(rules));
	else
		printf("rules in force on %s%s%s%s (%s, sha256 %s)\n\n", day,
		    today ? " (today, UTC)" : "", country ? " for " : "",
		    country ? country : "", pcl_rules_name(rules),
		    pcl_rules_sha256(rules));
	printf("%-24s %-3s %-4s %-22s %-7s %-10s %-14s %-12s %s\n", "id", "in",
	    "tax", "valid", "channel", "origins", "threshold", "basis",
	    "collected");
	for (i = 0; i < pcl_rules_count(rules); i++) {
		const struct pcl_rule *r = pcl_rules_at(rules, i);

		if (!all && (date < r->valid_from || date > r->valid_to))
			continue;
		if (country != NULL && !upper_eq(r->jurisdiction, country) &&
		    (un == NULL || !upper_eq(r->jurisdiction, un)))
			continue;
		print_rule(r);
		shown++;
	}
	if (shown == 0)
		printf("(none: parcels there are declared, NO_RULE_IN_FORCE)\n");
	pcl_rules_free(rules);
	if (fflush(stdout) != 0)
		return PCL_EXIT_OUTPUT;
	return PCL_EXIT_OK;
}
