/*
 * rules: loads and validates the effective-dated de minimis table and the
 * customs-union table, and answers "which rule is in force" lookups.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "date.h"
#include "digest.h"
#include "datafile.h"
#include "embed.h"
#include "errloc.h"
#include "readfile.h"
#include "rules.h"
#include "banned.h"

#define RULES_DEFAULT	"data/rules/de-minimis.csv"
#define UNIONS_DEFAULT	"data/rules/customs-unions.csv"
#define RULES_MAX_FILE	(8UL * 1024 * 1024)	/* bytes; larger is PCL_E_TOOBIG */
#define MAX_FIELDS	32

/* One membership row of customs-unions.csv. */
struct union_row {
	char	 name[8];
	char	 country[4];
	int32_t	 from, to;
	unsigned long line;
	uint32_t next;		/* next row of the same country + 1, or 0 */
};

/* Slot of two uppercase letters in pcl_rules.ufirst. */
#define USLOTS	(26 * 26)

struct pcl_rules {
	struct pcl_rule	*rows;
	unsigned long	*lines;		/* physical line of each row */
	size_t		 n, cap;
	struct union_row *unions;
	size_t		 nunions, ucap;
	uint32_t	 ufirst[USLOTS];	/* first row of each country + 1 */
	char		 name[256];
	char		 sha[65];
	char		 unions_name[64];
	char		 unions_sha[65];
};

static const char *const rule_cols[] = {
	"id", "jurisdiction", "tax", "valid_from", "valid_to", "channel",
	"origin_scope", "threshold", "currency", "comparison", "basis",
	"aggregation", "collection", "gift_threshold", "excluded",
	"flat_charge", "fx_rule", "scope_by", "source"
};
enum {
	C_ID, C_JUR, C_TAX, C_FROM, C_TO, C_CHANNEL, C_ORIGIN, C_THRESHOLD,
	C_CURRENCY, C_CMP, C_BASIS, C_AGG, C_COLLECT, C_GIFT, C_EXCLUDED,
	C_FLAT, C_FX, C_SCOPE_BY, C_SOURCE, C_NCOLS
};

/*
 * The header before the scope_by column: every row's origin scope is
 * matched against the country of origin, as it was then.
 */
static const char *const rule_cols_v1[] = {
	"id", "jurisdiction", "tax", "valid_from", "valid_to", "channel",
	"origin_scope", "threshold", "currency", "comparison", "basis",
	"aggregation", "collection", "gift_threshold", "excluded",
	"flat_charge", "fx_rule", "source"
};
#define C_NCOLS_V1	(C_NCOLS - 1)

static const char *const union_cols[] = {
	"union", "country", "valid_from", "valid_to", "source"
};
enum { U_UNION, U_COUNTRY, U_FROM, U_TO, U_SOURCE, U_NCOLS };

/* Minor digits of the currencies a rule may use (ISO 4217). */
static const struct {
	const char *code;
	int digits;
} currencies[] = {
	{ "AUD", 2 }, { "CAD", 2 }, { "CHF", 2 }, { "EUR", 2 }, { "GBP", 2 },
	{ "JPY", 0 }, { "NOK", 2 }, { "NZD", 2 }, { "USD", 2 }
};

/* Field 'i' of the current record of 'rd' (NUL-terminated, borrowed). */
static const char *
field(const struct pcl_datafile *rd, int i)
{
	return pcl_datafile_field(rd, (size_t)i);
}

/* 1 when 's' is 'min'..'max' uppercase ASCII letters. */
static int
is_upper_code(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

/* Parses a strict "YYYY-MM-DD"; empty gives 'empty_value'. */
static int
parse_date(const char *s, int32_t empty_value, int32_t *out)
{
	size_t n = strlen(s);

	if (n == 0 && empty_value != PCL_DATE_NONE) {
		*out = empty_value;
		return 1;
	}
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	*out = pcl_date_parse_iso(s, n);
	return *out != PCL_DATE_NONE;
}

/* Parses a non-negative amount exact in 'digits' decimals into minor units. */
static int
parse_amount(const char *s, int digits, pcl_i128 *out)
{
	pcl_i128 micros, minor;

	if (pcl_money_parse(s, strlen(s), '.', &micros) != PCL_MONEY_OK ||
	    micros < 0)
		return 0;
	minor = pcl_money_to_minor(micros, digits);
	if (pcl_money_from_minor(minor, digits) != micros)
		return 0;
	*out = minor;
	return 1;
}

/* Case-insensitive equality of a 'len'-byte token and NUL-terminated 's'. */
static int
token_eq(const char *tok, size_t len, const char *s)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\0' || toupper((unsigned char)tok[i]) !=
		    toupper((unsigned char)s[i]))
			return 0;
	}
	return s[len] == '\0';
}

/* 1 when space-separated 'list' contains 'cc'. */
static int
list_has(const char *list, const char *cc)
{
	const char *p = list, *q;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		if (q > p && token_eq(p, (size_t)(q - p), cc))
			return 1;
		p = q;
	}
	return 0;
}

/*
 * 1 when some token of space-separated 'list' is in 'other' ('inside' 1)
 * or is not in 'other' ('inside' 0).
 */
static int
list_some(const char *list, const char *other, int inside)
{
	char tok[8];
	const char *p = list, *q;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		if (q > p && (size_t)(q - p) < sizeof tok) {
			memcpy(tok, p, (size_t)(q - p));
			tok[q - p] = '\0';
			if (list_has(other, tok) == inside)
				return 1;
		}
		p = q;
	}
	return 0;
}

/* 1 when 'origin' is in origin scope 'scope' ("" all, "A B", "!A B"). */
static int
scope_matches(const char *scope, const char *origin)
{
	if (scope[0] == '\0')
		return 1;
	if (origin == NULL || origin[0] == '\0')
		return 0;
	if (scope[0] == '!')
		return !list_has(scope + 1, origin);
	return list_has(scope, origin);
}

/* 1 when some origin country is in both scopes. */
static int
scopes_intersect(const char *a, const char *b)
{
	int na = a[0] == '!', nb = b[0] == '!';

	if (a[0] == '\0' || b[0] == '\0' || (na && nb))
		return 1;
	if (!na && !nb)
		return list_some(a, b, 1);
	if (na)
		return list_some(b, a + 1, 0);
	return list_some(a, b + 1, 0);
}

/*
 * 1 when 's' is space-separated tokens (single spaces, no leading or
 * trailing space), each 'min'..'max' characters of [A-Z] ('digits' 0) or
 * [0-9] ('digits' 1).
 */
static int
valid_list(const char *s, size_t min, size_t max, int digits)
{
	size_t n = 0;

	if (*s == '\0')
		return 0;
	for (;; s++) {
		if (*s == ' ' || *s == '\0') {
			if (n < min || n > max)
				return 0;
			if (*s == '\0')
				return 1;
			n = 0;
			continue;
		}
		if (digits ? (*s < '0' || *s > '9') : (*s < 'A' || *s > 'Z'))
			return 0;
		n++;
	}
}

/* Index of 's' in the NULL-terminated 'names', or -1. */
static int
lookup(const char *s, const char *const *names)
{
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static const char *const tax_names[] = { "duty", "vat", NULL };
static const char *const channel_names[] = { "any", "post", "courier", NULL };
static const char *const basis_names[] = {
	"intrinsic", "customs_value", "fair_retail", "cif", NULL
};
static const char *const agg_names[] = {
	"consignment", "consignee_day", NULL
};
static const char *const collect_names[] = {
	"border", "point_of_sale", "ioss", NULL
};
static const char *const cmp_names[] = { "le", "lt", NULL };
static const char *const fx_names[] = { "eu_monthly", "ecb_daily", NULL };
static const char *const scope_by_names[] = { "origin", "dispatch", NULL };

/* Parses enumerated column 'col' into '*out' or reports its valid values. */
static int
parse_enum(struct pcl_datafile *rd, int col, const char *const *names, int *out,
    struct pcl_error *err)
{
	char want[128];
	size_t used = 0;
	int i;

	if ((*out = lookup(field(rd, col), names)) >= 0)
		return PCL_OK;
	want[0] = '\0';
	for (i = 0; names[i] != NULL && used < sizeof want; i++)
		used += (size_t)snprintf(want + used, sizeof want - used, "%s%s",
		    i == 0 ? "" : "|", names[i]);
	return pcl_datafile_error(rd, err, PCL_E_PARSE, rule_cols[col],
	    "unknown value '%s' (expected %s)", field(rd, col), want);
}

/* Copies column 'col' into 'dst' of 'size' bytes, refusing truncation. */
static int
copy_field(struct pcl_datafile *rd, int col, const char *const *cols, char *dst,
    size_t size, struct pcl_error *err)
{
	if (pcl_datafile_len(rd, col) >= size)
		return pcl_datafile_error(rd, err, PCL_E_PARSE, cols[col],
		    "value longer than %zu bytes", size - 1);
	memcpy(dst, field(rd, col), pcl_datafile_len(rd, col) + 1);
	return PCL_OK;
}

/*
 * Parses and validates the current record into 'r'; 'v1' 1 for a table
 * with the header before scope_by (its source is one column earlier).
 */
static int
parse_rule(struct pcl_datafile *rd, int v1, struct pcl_rule *r,
    struct pcl_error *err)
{
	const char *s;
	size_t i;
	int rc, v, ncols = v1 ? C_NCOLS_V1 : C_NCOLS;
	int c_source = v1 ? C_SCOPE_BY : C_SOURCE;

	memset(r, 0, sizeof *r);
	if ((int)pcl_datafile_nfields(rd) != ncols)
		return pcl_datafile_error(rd, err, PCL_E_PARSE, NULL,
		    "%zu fields, expected %d", pcl_datafile_nfields(rd),
		    ncols);
	if ((rc = copy_field(rd, C_ID, rule_cols, r->id, sizeof r->id,
	    err)) != PCL_OK)
		return rc;
	if (r->id[0] == '\0' || strpbrk(r->id, " \t,") != NULL)
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "id",
		    "id '%s' is empty or contains blanks", r->id);
	s = field(rd, C_JUR);
	if (!is_upper_code(s, 2, sizeof r->jurisdiction - 1))
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "jurisdiction",
		    "'%s' is not 2-7 uppercase letters", s);
	memcpy(r->jurisdiction, s, strlen(s) + 1);
	if ((rc = parse_enum(rd, C_TAX, tax_names, &v, err)) != PCL_OK)
		return rc;
	r->tax = (enum pcl_tax)v;
	if (!parse_date(field(rd, C_FROM), PCL_DATE_NONE, &r->valid_from))
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "valid_from",
		    "'%s' is not a YYYY-MM-DD date", field(rd, C_FROM));
	if (!parse_date(field(rd, C_TO), PCL_DATE_MAX, &r->valid_to))
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "valid_to",
		    "'%s' is not a YYYY-MM-DD date or empty", field(rd, C_TO));
	if (r->valid_from > r->valid_to)
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "valid_to",
		    "valid_to '%s' is before valid_from '%s'",
		    field(rd, C_TO), field(rd, C_FROM));
	if ((rc = parse_enum(rd, C_CHANNEL, channel_names, &v, err)) != PCL_OK)
		return rc;
	r->channel = (enum pcl_channel)v;
	s = field(rd, C_ORIGIN);
	if (s[0] != '\0' && !valid_list(s[0] == '!' ? s + 1 : s, 2, 2, 0))
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "origin_scope",
		    "'%s' is not empty, \"CC CC\" or \"!CC CC\"", s);
	if ((rc = copy_field(rd, C_ORIGIN, rule_cols, r->origin_scope,
	    sizeof r->origin_scope, err)) != PCL_OK)
		return rc;
	s = field(rd, C_CURRENCY);
	r->minor_digits = -1;
	for (i = 0; i < sizeof currencies / sizeof currencies[0]; i++)
		if (strcmp(s, currencies[i].code) == 0)
			r->minor_digits = currencies[i].digits;
	if (r->minor_digits < 0)
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "currency",
		    "unknown currency '%s'", s);
	memcpy(r->currency, s, 4);
	s = field(rd, C_THRESHOLD);
	if (strcmp(s, "none") == 0)
		r->has_threshold = 0;
	else if (parse_amount(s, r->minor_digits, &r->threshold_minor))
		r->has_threshold = 1;
	else
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "threshold",
		    "'%s' is not \"none\" or an amount exact in %s", s,
		    r->currency);
	if ((rc = parse_enum(rd, C_CMP, cmp_names, &r->strict_less,
	    err)) != PCL_OK)
		return rc;
	if ((rc = parse_enum(rd, C_BASIS, basis_names, &v, err)) != PCL_OK)
		return rc;
	r->basis = (enum pcl_basis)v;
	if ((rc = parse_enum(rd, C_AGG, agg_names, &v, err)) != PCL_OK)
		return rc;
	r->aggregation = (enum pcl_aggregation)v;
	if ((rc = parse_enum(rd, C_COLLECT, collect_names, &v, err)) != PCL_OK)
		return rc;
	r->collection = (enum pcl_collection)v;
	s = field(rd, C_GIFT);
	if (s[0] != '\0') {
		if (!parse_amount(s, r->minor_digits, &r->gift_minor))
			return pcl_datafile_error(rd, err, PCL_E_PARSE,
			    "gift_threshold", "'%s' is not an amount exact in %s",
			    s, r->currency);
		r->has_gift = 1;
	}
	s = field(rd, C_EXCLUDED);
	if (s[0] != '\0' && !valid_list(s, 2, 10, 1))
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "excluded",
		    "'%s' is not space-separated HS prefixes of 2-10 digits", s);
	if ((rc = copy_field(rd, C_EXCLUDED, rule_cols, r->excluded,
	    sizeof r->excluded, err)) != PCL_OK)
		return rc;
	s = field(rd, C_FLAT);
	if (s[0] != '\0' && !parse_amount(s, r->minor_digits,
	    &r->flat_charge_minor))
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "flat_charge",
		    "'%s' is not an amount exact in %s", s, r->currency);
	if ((rc = parse_enum(rd, C_FX, fx_names, &v, err)) != PCL_OK)
		return rc;
	r->fx_rule = v == 0 ? PCL_FX_EU_MONTHLY : PCL_FX_ECB_DAILY;
	r->scope_by = PCL_SCOPE_ORIGIN;
	if (!v1) {
		if ((rc = parse_enum(rd, C_SCOPE_BY, scope_by_names, &v,
		    err)) != PCL_OK)
			return rc;
		r->scope_by = (enum pcl_scope_by)v;
	}
	if (pcl_datafile_len(rd, c_source) == 0)
		return pcl_datafile_error(rd, err, PCL_E_PARSE, "source",
		    "every rule must cite its source");
	return copy_field(rd, c_source, v1 ? rule_cols_v1 : rule_cols,
	    r->source, sizeof r->source, err);
}

/*
 * 1 when one query (date, channel, origin, dispatch) could match both
 * rows: same jurisdiction and tax, overlapping validity, compatible
 * channels, and origin scopes that intersect (both matched against the
 * same country) or that are matched against different countries (any two
 * scopes can then hold at once: goods of one country shipped from
 * another). Rows with the same channel and scope text are the case the
 * header names; the rest makes lookups unambiguous.
 */
static int
rules_clash(const struct pcl_rule *a, const struct pcl_rule *b)
{
	return strcmp(a->jurisdiction, b->jurisdiction) == 0 &&
	    a->tax == b->tax &&
	    a->valid_from <= b->valid_to && b->valid_from <= a->valid_to &&
	    (a->channel == PCL_CHANNEL_ANY || b->channel == PCL_CHANNEL_ANY ||
	    a->channel == b->channel) &&
	    (a->scope_by != b->scope_by ||
	    scopes_intersect(a->origin_scope, b->origin_scope));
}

static int
rules_add(struct pcl_rules *r, const struct pcl_rule *row, unsigned long line)
{
	struct pcl_rule *nr;
	unsigned long *nl;
	size_t ncap;

	if (r->n == r->cap) {
		ncap = r->cap == 0 ? 64 : r->cap * 2;
		if ((nr = realloc(r->rows, ncap * sizeof *nr)) == NULL)
			return PCL_E_NOMEM;
		r->rows = nr;
		if ((nl = realloc(r->lines, ncap * sizeof *nl)) == NULL)
			return PCL_E_NOMEM;
		r->lines = nl;
		r->cap = ncap;
	}
	r->rows[r->n] = *row;
	r->lines[r->n] = line;
	r->n++;
	return PCL_OK;
}

/* Whether 'name' is a union of the customs-union table of 'r'. */
static int
is_union(const struct pcl_rules *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nunions; i++)
		if (strcmp(r->unions[i].name, name) == 0)
			return 1;
	return 0;
}

/* 1 when the current record is exactly the 'n' names 'cols'. */
static int
header_is(const struct pcl_datafile *rd, const char *const *cols, size_t n)
{
	size_t i;

	if (pcl_datafile_nfields(rd) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(pcl_datafile_field(rd, i), cols[i]) != 0)
			return 0;
	return 1;
}

/*
 * Reads the rules header: the current one, or the one before scope_by
 * ('*v1' set). Errors as pcl_datafile_header's, against the current one.
 */
static int
rules_header(struct pcl_datafile *rd, const char *name, int *v1,
    struct pcl_error *err)
{
	const char *const *cols;
	size_t i, n;
	int rc;

	*v1 = 0;
	if ((rc = pcl_datafile_next(rd, err)) == PCL_END)
		return pcl_errloc_set(err, PCL_E_PARSE, name, 0, 1, NULL,
		    "no rules: the file is empty (no header)");
	if (rc != PCL_OK)
		return rc;
	if (header_is(rd, rule_cols_v1, C_NCOLS_V1)) {
		*v1 = 1;
		return PCL_OK;
	}
	n = pcl_datafile_nfields(rd);
	if (n != C_NCOLS && n != C_NCOLS_V1)
		return pcl_datafile_error(rd, err, PCL_E_PARSE, NULL, "header "
		    "has %zu columns, expected %d", n, C_NCOLS);
	/* name the first wrong column of the layout it has the width of */
	cols = n == C_NCOLS ? rule_cols : rule_cols_v1;
	for (i = 0; i < n; i++)
		if (strcmp(pcl_datafile_field(rd, i), cols[i]) != 0)
			return pcl_datafile_error(rd, err, PCL_E_PARSE,
			    cols[i], "header column %zu is '%s', expected "
			    "'%s'", i + 1, pcl_datafile_field(rd, i), cols[i]);
	return PCL_OK;
}

/* Parses the rules CSV in 'data' into 'r'. */
static int
load_rules(struct pcl_rules *r, const char *data, size_t len,
    struct pcl_error *err)
{
	struct pcl_datafile_opts opts = { .comments = 1,
	    .max_cols = MAX_FIELDS };
	struct pcl_datafile *rd;
	struct pcl_rule row;
	char day[11];
	size_t i;
	int rc, v1;

	if ((rc = pcl_datafile_open_buffer(&rd, r->name, data, len, &opts,
	    err)) != PCL_OK)
		return rc;
	if ((rc = rules_header(rd, r->name, &v1, err)) != PCL_OK)
		goto out;
	while ((rc = pcl_datafile_next(rd, err)) == PCL_OK) {
		if ((rc = parse_rule(rd, v1, &row, err)) != PCL_OK)
			goto out;
		/* an ISO 3166-1 code (any date) or a customs union */
		if (!is_union(r, row.jurisdiction) &&
		    (i = (size_t)pcl_codes_country(row.jurisdiction,
		    strlen(row.jurisdiction), PCL_DATE_NONE)) !=
		    PCL_CODE_OK && i != PCL_CODE_NOT_IN_USE) {
			rc = pcl_datafile_error(rd, err, PCL_E_PARSE, "jurisdiction",
			    "unknown jurisdiction '%s': neither an ISO 3166-1 "
			    "alpha-2 code nor a customs union of %s",
			    row.jurisdiction, r->unions_name);
			goto out;
		}
		for (i = 0; i < r->n; i++) {
			if (strcmp(r->rows[i].id, row.id) == 0) {
				rc = pcl_datafile_error(rd, err, PCL_E_PARSE, "id",
				    "duplicate id '%s' (first on line %lu)",
				    row.id, r->lines[i]);
				goto out;
			}
			if (rules_clash(&r->rows[i], &row)) {
				pcl_date_format(row.valid_from >
				    r->rows[i].valid_from ? row.valid_from :
				    r->rows[i].valid_from, day);
				rc = pcl_datafile_error(rd, err, PCL_E_PARSE,
				    "valid_from", "rules '%s' (line %lu) and "
				    "'%s' overlap: both match %s %s on %s",
				    r->rows[i].id, r->lines[i], row.id,
				    row.jurisdiction,
				    pcl_rules_tax_name(row.tax), day);
				goto out;
			}
		}
		if ((rc = rules_add(r, &row, pcl_datafile_line(rd))) != PCL_OK) {
			rc = pcl_error_set(err, rc, "out of memory");
			goto out;
		}
	}
	if (rc == PCL_END)
		rc = r->n > 0 ? PCL_OK : pcl_datafile_error(rd, err, PCL_E_PARSE,
		    NULL, "no rules: a header but no rows");
out:
	pcl_datafile_close(rd);
	return rc;
}

/* Parses the customs-union CSV in 'data' into 'r'. */
static int
load_unions(struct pcl_rules *r, const char *data, size_t len,
    struct pcl_error *err)
{
	struct pcl_datafile_opts opts = { .comments = 1,
	    .max_cols = MAX_FIELDS };
	struct pcl_datafile *rd;
	struct union_row u, *nu;
	size_t i, ncap;
	int rc;

	if ((rc = pcl_datafile_open_buffer(&rd, r->unions_name, data, len,
	    &opts, err)) != PCL_OK)
		return rc;
	if ((rc = pcl_datafile_header(rd, union_cols, U_NCOLS, err)) != PCL_OK)
		goto out;
	while ((rc = pcl_datafile_next(rd, err)) == PCL_OK) {
		memset(&u, 0, sizeof u);
		if ((int)pcl_datafile_nfields(rd) != U_NCOLS) {
			rc = pcl_datafile_error(rd, err, PCL_E_PARSE, NULL,
			    "%zu fields, expected %d",
			    pcl_datafile_nfields(rd), U_NCOLS);
			goto out;
		}
		if (!is_upper_code(field(rd, U_UNION), 2, sizeof u.name - 1)) {
			rc = pcl_datafile_error(rd, err, PCL_E_PARSE, "union",
			    "'%s' is not 2-7 uppercase letters",
			    field(rd, U_UNION));
			goto out;
		}
		if (!is_upper_code(field(rd, U_COUNTRY), 2, 2)) {
			rc = pcl_datafile_error(rd, err, PCL_E_PARSE, "country",
			    "'%s' is not 2 uppercase letters",
			    field(rd, U_COUNTRY));
			goto out;
		}
		memcpy(u.name, field(rd, U_UNION), pcl_datafile_len(rd, U_UNION) + 1);
		memcpy(u.country, field(rd, U_COUNTRY), 3);
		if (!parse_date(field(rd, U_FROM), PCL_DATE_NONE, &u.from) ||
		    !parse_date(field(rd, U_TO), PCL_DATE_MAX, &u.to) ||
		    u.from > u.to) {
			rc = pcl_datafile_error(rd, err, PCL_E_PARSE, "valid_to",
			    "bad validity '%s'..'%s'", field(rd, U_FROM),
			    field(rd, U_TO));
			goto out;
		}
		if (pcl_datafile_len(rd, U_SOURCE) == 0) {
			rc = pcl_datafile_error(rd, err, PCL_E_PARSE, "source",
			    "every membership must cite its source");
			goto out;
		}
		u.line = pcl_datafile_line(rd);
		for (i = 0; i < r->nunions; i++) {
			if (strcmp(r->unions[i].country, u.country) == 0 &&
			    r->unions[i].from <= u.to &&
			    u.from <= r->unions[i].to) {
				rc = pcl_datafile_error(rd, err, PCL_E_PARSE,
				    "valid_from", "membership of '%s' overlaps "
				    "line %lu", u.country, r->unions[i].line);
				goto out;
			}
		}
		if (r->nunions == r->ucap) {
			ncap = r->ucap == 0 ? 64 : r->ucap * 2;
			if ((nu = realloc(r->unions, ncap * sizeof *nu)) ==
			    NULL) {
				rc = pcl_error_set(err, PCL_E_NOMEM,
				    "out of memory");
				goto out;
			}
			r->unions = nu;
			r->ucap = ncap;
		}
		r->unions[r->nunions++] = u;
	}
	if (rc == PCL_END)
		rc = PCL_OK;
	/* each country's rows in file order, for pcl_rules_union_of */
	memset(r->ufirst, 0, sizeof r->ufirst);
	for (i = r->nunions; i-- > 0; ) {
		size_t k = (size_t)(r->unions[i].country[0] - 'A') * 26 +
		    (size_t)(r->unions[i].country[1] - 'A');

		r->unions[i].next = r->ufirst[k];
		r->ufirst[k] = (uint32_t)i + 1;
	}
out:
	pcl_datafile_close(rd);
	return rc;
}

int
pcl_rules_open(struct pcl_rules **out, const char *path,
    struct pcl_error *err)
{
	struct pcl_rules *r;
	const unsigned char *edata, *udata;
	char *fdata = NULL;
	size_t elen, ulen;
	int rc;

	*out = NULL;
	pcl_error_clear(err);
	if ((r = calloc(1, sizeof *r)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	snprintf(r->unions_name, sizeof r->unions_name, "embedded:%s", UNIONS_DEFAULT);
	if (!pcl_embed_find(UNIONS_DEFAULT, &udata, &ulen)) {
		rc = pcl_error_set(err, PCL_E_IO, "no embedded '%s'",
		    UNIONS_DEFAULT);
		goto fail;
	}
	pcl_digest_buffer(udata, ulen, r->unions_sha);
	if ((rc = load_unions(r, (const char *)udata, ulen, err)) != PCL_OK)
		goto fail;
	if (path == NULL) {
		snprintf(r->name, sizeof r->name, "embedded:%s", RULES_DEFAULT);
		if (!pcl_embed_find(RULES_DEFAULT, &edata, &elen)) {
			rc = pcl_error_set(err, PCL_E_IO, "no embedded '%s'",
			    RULES_DEFAULT);
			goto fail;
		}
	} else {
		snprintf(r->name, sizeof r->name, "%s", path);
		if ((rc = pcl_readfile_all(path, RULES_MAX_FILE, &fdata,
		    &elen, err)) != PCL_OK)
			goto fail;
		edata = (const unsigned char *)fdata;
	}
	pcl_digest_buffer(edata, elen, r->sha);
	rc = load_rules(r, (const char *)edata, elen, err);
	free(fdata);
	if (rc != PCL_OK)
		goto fail;
	*out = r;
	return PCL_OK;
fail:
	pcl_rules_free(r);
	return rc;
}

void
pcl_rules_free(struct pcl_rules *r)
{
	if (r == NULL)
		return;
	free(r->rows);
	free(r->lines);
	free(r->unions);
	free(r);
}

const char *
pcl_rules_sha256(const struct pcl_rules *r)
{
	return r->sha;
}

const char *
pcl_rules_name(const struct pcl_rules *r)
{
	return r->name;
}

const char *
pcl_rules_unions_sha256(const struct pcl_rules *r)
{
	return r->unions_sha;
}

const char *
pcl_rules_unions_name(const struct pcl_rules *r)
{
	return r->unions_name;
}

size_t
pcl_rules_count(const struct pcl_rules *r)
{
	return r->n;
}

const struct pcl_rule *
pcl_rules_at(const struct pcl_rules *r, size_t i)
{
	return i < r->n ? &r->rows[i] : NULL;
}

const char *
pcl_rules_union_of(const struct pcl_rules *r, const char *cc, int32_t date)
{
	const struct union_row *u;
	uint32_t k;
	int a, b;

	if (cc == NULL || cc[0] == '\0' || cc[1] == '\0' || cc[2] != '\0')
		return NULL;
	a = toupper((unsigned char)cc[0]);
	b = toupper((unsigned char)cc[1]);
	/* every member is two uppercase letters (load_unions) */
	if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')
		return NULL;
	for (k = r->ufirst[(a - 'A') * 26 + (b - 'A')]; k != 0; k = u->next) {
		u = &r->unions[k - 1];
		if (u->from <= date && date <= u->to)
			return u->name;
	}
	return NULL;
}

int
pcl_rules_same_territory(const struct pcl_rules *r, const char *from,
    const char *to, int32_t date)
{
	const char *uf, *ut;

	if (from == NULL || to == NULL || from[0] == '\0')
		return 0;
	if (token_eq(from, strlen(from), to))
		return 1;
	uf = pcl_rules_union_of(r, from, date);
	ut = pcl_rules_union_of(r, to, date);
	return uf != NULL && ut != NULL && strcmp(uf, ut) == 0;
}

/* The first row of jurisdiction 'jur' matching the query, or NULL. */
static const struct pcl_rule *
find_in(const struct pcl_rules *r, const char *jur, int32_t date,
    enum pcl_tax tax, enum pcl_channel channel, const char *origin,
    const char *dispatch)
{
	const struct pcl_rule *row;
	size_t i;

	for (i = 0; i < r->n; i++) {
		row = &r->rows[i];
		if (row->tax == tax && row->valid_from <= date &&
		    date <= row->valid_to &&
		    (channel == PCL_CHANNEL_ANY ||
		    row->channel == PCL_CHANNEL_ANY || row->channel == channel) &&
		    token_eq(jur, strlen(jur), row->jurisdiction) &&
		    scope_matches(row->origin_scope,
		    row->scope_by == PCL_SCOPE_DISPATCH ? dispatch : origin))
			return row;
	}
	return NULL;
}

const struct pcl_rule *
pcl_rules_find(const struct pcl_rules *r, const char *dest, int32_t date,
    enum pcl_tax tax, enum pcl_channel channel, const char *origin,
    const char *dispatch)
{
	const struct pcl_rule *row;
	const char *uni;

	if (dest == NULL || dest[0] == '\0')
		return NULL;
	if ((row = find_in(r, dest, date, tax, channel, origin, dispatch)) !=
	    NULL)
		return row;
	if ((uni = pcl_rules_union_of(r, dest, date)) != NULL)
		return find_in(r, uni, date, tax, channel, origin, dispatch);
	return NULL;
}

int
pcl_rules_excludes(const struct pcl_rule *rule, const char *hs, size_t len)
{
	const char *p, *q;

	if (rule == NULL || hs == NULL)
		return 0;
	for (p = rule->excluded; *p != '\0'; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q != '\0' && *q != ' '; q++)
			;
		if (q > p && (size_t)(q - p) <= len &&
		    memcmp(hs, p, (size_t)(q - p)) == 0)
			return 1;
	}
	return 0;
}

const char *
pcl_rules_tax_name(enum pcl_tax t)
{
	return (unsigned)t < 2 ? tax_names[t] : "?";
}

const char *
pcl_rules_channel_name(enum pcl_channel c)
{
	return (unsigned)c < 3 ? channel_names[c] : "?";
}

const char *
pcl_rules_basis_name(enum pcl_basis b)
{
	return (unsigned)b < 4 ? basis_names[b] : "?";
}

const char *
pcl_rules_aggregation_name(enum pcl_aggregation a)
{
	return (unsigned)a < 2 ? agg_names[a] : "?";
}

const char *
pcl_rules_scope_by_name(enum pcl_scope_by s)
{
	return (unsigned)s < 2 ? scope_by_names[s] : "?";
}
