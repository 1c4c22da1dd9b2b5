/*
 * opts: option parsing shared by the batch commands (run, check).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datadir.h"
#include "opts.h"
#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

const char pcl_common_help[] =
    "      --aeo FILE       authorised economic operators (id,country,\n"
    "                       mra_partners,valid_from,valid_to,source): their\n"
    "                       soft flags are recorded, not held\n"
    "      --allow FILE     reviewed screening false positives (id,\n"
    "                       description,hs_code,source): such a hit is\n"
    "                       recorded as SCREEN_ALLOWED, not acted on\n"
    "      --as-of DATE     judge every parcel as if on DATE (replays)\n"
    "      --decimal-comma  numbers use ',' as the decimal separator\n"
    "      --data-dir DIR   the exchange-rate snapshots (parcelclear data);\n"
    "                       default $PARCELCLEAR_DATA, /var/lib/parcelclear,\n"
    "                       $XDG_DATA_HOME/parcelclear\n"
    "      --declarant ID   the ledger's declarant of the batch (default:\n"
    "                       \"default\")\n"
    "      --delimiter C    field delimiter: , ; | or tab (default: the\n"
    "                       map's, else the one the header line shows, else ,)\n"
    "      --encoding NAME  input encoding: utf-8 (default), cp1252,\n"
    "                       iso-8859-1, gbk, gb18030 (any iconv name)\n"
    "      --export LIST    also write declaration data sets beside the\n"
    "                       lanes: h7, uk-h7, cn23, ace, comma separated\n"
    "      --filing FILE    filing parameters of the export data sets\n"
    "                       (key = value: declarant_eori, customs_office...)\n"
    "      --fx FILE        exchange-rate table (ECB history file or\n"
    "                       date,currency,rate) for every authority; default:\n"
    "                       the data directory's snapshots, else the shipped\n"
    "                       ECB file\n"
    "      --hold-score N   risk score that holds a parcel (default 100)\n"
    "      --ledger FILE    the clearance ledger (SQLite, created on first\n"
    "                       use): tracking numbers cleared by earlier\n"
    "                       batches; check opens it read-only\n"
    "      --ledger-timeout S  wait up to S seconds for a busy ledger, then\n"
    "                       exit 5 (default 60)\n"
    "      --ledger-window D  days a clearance is remembered for re-sends\n"
    "                       (default 365)\n"
    "      --lists DIR      screening lists (*.csv); default: the shipped\n"
    "                       data/lists; an empty DIR disables screening\n"
    "      --map FILE       map another layout onto the canonical columns;\n"
    "                       a single --map applies to every MANIFEST; with\n"
    "                       several, each applies to the MANIFESTs after it;\n"
    "                       '--map none' stops mapping\n"
    "      --near-band BP   NEAR_THRESHOLD band under the threshold, in\n"
    "                       basis points, 1-10000 (default 500 = 5 %)\n"
    "      --profile NAME   wco (default) or valuation\n"
    "      --rules FILE     de minimis rules table; default: the shipped one\n"
    "  -h, --help           this help\n";

void
common_opts_init(struct pcl_job_opts *o)
{
	memset(o, 0, sizeof *o);
	o->as_of = PCL_DATE_NONE;
	o->tool_version = PCL_VERSION;
}

int
common_option(const char *verb, int ch, const char *arg,
    struct pcl_job_opts *o, struct cmd_inputs *in)
{
	int p;

	switch (ch) {
	case 1: {
		const char **np = realloc(in->paths, (in->n + 1) * sizeof *np);
		const char **nm;

		if (np == NULL)
			return -1;
		in->paths = np;
		if ((nm = realloc(in->maps, (in->n + 1) * sizeof *nm)) == NULL)
			return -1;
		in->maps = nm;
		in->paths[in->n] = arg;
		in->maps[in->n] = in->map;
		in->n++;
		return 1;
	}
	case 'a':
		o->as_of = pcl_date_parse_iso(arg, strlen(arg));
		if (o->as_of == PCL_DATE_NONE || strlen(arg) != 10) {
			cmd_diag(verb, PCL_EXIT_USAGE, "--as-of '%s' is not a "
			    "date YYYY-MM-DD", arg);
			return -1;
		}
		return 1;
	case 'c':
		o->decimal_comma = 1;
		return 1;
	case 'd':
		if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
			o->delimiter = '\t';
		else if (strlen(arg) == 1 && strchr(",;|\t", arg[0]) != NULL)
			o->delimiter = arg[0];
		else {
			cmd_diag(verb, PCL_EXIT_USAGE, "--delimiter must be one "
			    "of , ; | tab");
			return -1;
		}
		return 1;
	case 'e':
		o->encoding = arg;
		return 1;
	case 'f':
		o->fx_path = arg;
		return 1;
	case 'D':
		if (arg[0] == '\0') {
			cmd_diag(verb, PCL_EXIT_USAGE, "--data-dir needs a "
			    "directory name, not an empty string");
			return -1;
		}
		o->data_dir = arg;	/* the flag; common_inputs resolves */
		return 1;
	case 'G':
		o->filing_path = arg;
		in->filing = 1;
		return 1;
	case 'X': {
		struct pcl_error err;

		if (pcl_export_parse(arg, &o->exports, &err) != PCL_OK) {
			cmd_diag(verb, PCL_EXIT_USAGE, "%s", err.msg);
			return -1;
		}
		return 1;
	}
	case 'm':
		/* "none": the inputs after it are read without a map */
		in->map = strcmp(arg, "none") == 0 ? NULL : arg;
		if (o->map_path == NULL)
			o->map_path = in->map;
		in->nmaps++;
		return 1;
	case 'S':
	case 'n': {
		char *end;
		unsigned long v = strtoul(arg, &end, 10);

		if (*end != '\0' || arg[0] == '\0' || arg[0] == '-' ||
		    v < 1 || v > (ch == 'n' ? 10000UL : 1000000UL)) {
			cmd_diag(verb, PCL_EXIT_USAGE, "--%s must be %s",
			    ch == 'n' ? "near-band" : "hold-score",
			    ch == 'n' ? "1 to 10000" : "1 to 1000000");
			return -1;
		}
		if (ch == 'n')
			o->near_band_bp = (unsigned)v;
		else
			o->hold_score = (unsigned)v;
		return 1;
	}
	case 'Y':
		o->lists_dir = arg;
		return 1;
	case 'p':
		if ((p = pcl_profile_from_name(arg)) < 0) {
			cmd_diag(verb, PCL_EXIT_USAGE, "unknown profile '%s' "
			    "(wco or valuation)", arg);
			return -1;
		}
		o->profile = (enum pcl_profile)p;
		return 1;
	case 'r':
		o->rules_path = arg;
		return 1;
	case 'A':
		o->aeo_path = arg;
		return 1;
	case 'W':
		o->allow_path = arg;
		return 1;
	case PCL_OPT_DECLARANT:
		if (arg[0] == '\0' || strlen(arg) > 64) {
			cmd_diag(verb, PCL_EXIT_USAGE, "--declarant must be 1 "
			    "to 64 bytes");
			return -1;
		}
		o->declarant = arg;
		if (in->ledger_only == NULL)
			in->ledger_only = "--declarant";
		return 1;
	case PCL_OPT_LEDGER:
		if (arg[0] == '\0') {
			cmd_diag(verb, PCL_EXIT_USAGE, "--ledger needs a file "
			    "name");
			return -1;
		}
		o->ledger_path = arg;
		return 1;
	case PCL_OPT_LEDGER_TIMEOUT:
	case PCL_OPT_LEDGER_WINDOW: {
		char *end;
		unsigned long v = strtoul(arg, &end, 10);
		int t = ch == PCL_OPT_LEDGER_TIMEOUT;

		if (*end != '\0' || arg[0] == '\0' || arg[0] == '-' ||
		    v > (t ? 86400UL : 3650UL) || (!t && v < 1)) {
			cmd_diag(verb, PCL_EXIT_USAGE, "--%s must be %s",
			    t ? "ledger-timeout" : "ledger-window",
			    t ? "0 to 86400 seconds" : "1 to 3650 days");
			return -1;
		}
		if (in->ledger_only == NULL)
			in->ledger_only = t ? "--ledger-timeout" :
			    "--ledger-window";
		if (t)
			o->ledger_timeout = v == 0 ? PCL_LEDGER_NO_WAIT :
			    (unsigned)v;
		else
			o->ledger_window = (unsigned)v;
		return 1;
	}
	default:
		return 0;
	}
}

int
common_inputs(struct pcl_job_opts *o, struct cmd_inputs *in)
{
	if (in->n == 0)
		return -1;
	o->inputs = in->paths;
	o->ninputs = in->n;
	/* one --map: every input, wherever it stands */
	o->input_maps = in->nmaps > 1 ? in->maps : NULL;
	if (o->fx_path == NULL) {
		struct pcl_datadir_env e;
		struct pcl_error err;

		/* no rule gives a directory (no $HOME): the embedded tables */
		pcl_datadir_env_init(&e, o->data_dir);
		if (pcl_datadir_resolve(&e, 0, &in->data_dir, NULL, &err) !=
		    PCL_OK)
			in->data_dir = NULL;
	}
	o->data_dir = in->data_dir;
	return 0;
}

int
common_distinct_inputs(const char *verb, const struct cmd_inputs *in)
{
	struct stat a, b;
	size_t i, k;

	for (i = 1; i < in->n; i++) {
		if (stat(in->paths[i], &a) != 0 || !S_ISREG(a.st_mode))
			continue;
		for (k = 0; k < i; k++)
			if (stat(in->paths[k], &b) == 0 &&
			    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
				if (strcmp(in->paths[k], in->paths[i]) == 0)
					cmd_diag(verb, PCL_EXIT_USAGE, "manifest "
					    "'%s' is given twice: its second "
					    "copy would all be duplicates",
					    in->paths[i]);
				else
					cmd_diag(verb, PCL_EXIT_USAGE, "manifests "
					    "'%s' and '%s' are the same file: "
					    "its second copy would all be "
					    "duplicates", in->paths[k],
					    in->paths[i]);
				return -1;
			}
	}
	return 0;
}

void
common_warn_unused(const char *verb, const struct pcl_job_opts *o,
    const struct cmd_inputs *in)
{
	if (in->ledger_only != NULL && o->ledger_path == NULL)
		cmd_warn(verb, "%s has no effect without --ledger",
		    in->ledger_only);
	if (in->filing && o->exports == 0)
		cmd_warn(verb, "--filing has no effect without --export");
}

void
common_inputs_release(struct cmd_inputs *in)
{
	free(in->paths);
	free(in->maps);
	free(in->data_dir);
	memset(in, 0, sizeof *in);
}

int
common_format(const char *verb, const char *what, const char *arg, int *json)
{
	if (strcmp(arg, "json") == 0 || strcmp(arg, "text") == 0) {
		*json = arg[0] == 'j';
		return 0;
	}
	cmd_diag(verb, PCL_EXIT_USAGE, "unknown %s '%s' (text or json)", what,
	    arg);
	return -1;
}
