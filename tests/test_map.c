/*
 * test_map: map files (renames, constants, null tokens, value tables,
 * date formats, row classes) and the binding of a header to canonical
 * columns (aliases, duplicates, required columns, unknown columns).
 * Map files are written to a temporary directory by each test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "date.h"
#include "digest.h"
#include "map.h"

struct tmpmap {
	char dir[64];
	char path[128];
};

/* Writes 'text' to a new map file; returns its path in 't->path'. */
static const char *
write_map(struct tmpmap *t, const char *text)
{
	FILE *f;

	memcpy(t->dir, "/tmp/pcl-test-map-XXXXXX", 25);
	CU_ASSERT_FATAL(mkdtemp(t->dir) != NULL);
	snprintf(t->path, sizeof t->path, "%s/test.map", t->dir);
	f = fopen(t->path, "wb");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT(fwrite(text, 1, strlen(text), f) == strlen(text));
	CU_ASSERT_FATAL(fclose(f) == 0);
	return t->path;
}

static void
remove_map(struct tmpmap *t)
{
	unlink(t->path);
	rmdir(t->dir);
}

/* Opens a map from 'text', expecting success. */
static struct pcl_map *
open_map(const char *text)
{
	struct tmpmap t;
	struct pcl_map *m = NULL;
	struct pcl_error err;
	int rc;

	rc = pcl_map_open(&m, write_map(&t, text), &err);
	remove_map(&t);
	CU_ASSERT_EQUAL(rc, PCL_OK);
	if (rc != PCL_OK)
		fprintf(stderr, "\nmap: %s (line %lu)\n", err.msg, err.line);
	CU_ASSERT_FATAL(m != NULL);
	return m;
}

/* Opens a map from 'text', expecting failure 'code'; returns err.line. */
static unsigned long
map_fails(const char *text, int code, struct pcl_error *err)
{
	struct tmpmap t;
	struct pcl_map *m = (struct pcl_map *)&t;	/* must be reset */

	CU_ASSERT_EQUAL(pcl_map_open(&m, write_map(&t, text), err), code);
	CU_ASSERT_PTR_NULL(m);
	CU_ASSERT_EQUAL(err->code, code);
	remove_map(&t);
	return err->line;
}

/* Applies one record given as an array of NUL-terminated strings. */
static void
apply(struct pcl_binding *b, const char *const *f, size_t n,
    struct pcl_row *row)
{
	size_t lens[32], i;

	for (i = 0; i < n; i++)
		lens[i] = strlen(f[i]);
	pcl_binding_apply(b, f, lens, n, row);
}

/* 1 when column 'c' of 'row' holds exactly 's' (and its length). */
static int
is(const struct pcl_row *row, int c, const char *s)
{
	return row->len[c] == strlen(s) && strcmp(row->v[c], s) == 0;
}

static const char uci_map[] =
    "# UCI-like map\n"
    "[input]\n"
    "delimiter = ;\n"
    "decimal = ,\n"
    "date_formats = %m/%d/%y %H:%M | %d.%m.%Y\n"
    "\n"
    "[columns]\n"
    "tracking_number = InvoiceNo\n"
    "unit_value = UnitPrice\n"
    "date = InvoiceDate\n"
    "consignee_country = Country\n"
    "consignee_id = CustomerID\n"
    "[constants]\n"
    "consignor_country = GB\n"
    "currency = GBP\n"
    "[nulls]\n"
    "consignee_id = NA | \"\"\n"
    "* = N/A\n"
    "[values consignee_country]\n"
    "EIRE = IE\n"
    "United Kingdom = GB\n"
    "Unspecified =\n";

static const char *const uci_header[] = {
	"InvoiceNo", "StockCode", "Quantity", "UnitPrice", "InvoiceDate",
	"CustomerID", "Country", "Colour"
};

static struct pcl_binding *
bind_ok(const char *const *names, size_t n, const struct pcl_map *m,
    enum pcl_profile profile)
{
	struct pcl_binding *b = NULL;
	struct pcl_error err;
	int rc;

	rc = pcl_binding_new(&b, names, n, m, profile, &err);
	CU_ASSERT_EQUAL(rc, PCL_OK);
	if (rc != PCL_OK)
		fprintf(stderr, "\nbinding: %s\n", err.msg);
	CU_ASSERT_FATAL(b != NULL);
	return b;
}

static void
test_map_input_settings_and_digest(void)
{
	struct pcl_map *m = open_map(uci_map);
	char hex[65];

	CU_ASSERT_EQUAL(pcl_map_delimiter(m), ';');
	CU_ASSERT_EQUAL(pcl_map_decimal(m), ',');
	pcl_digest_buffer(uci_map, strlen(uci_map), hex);
	CU_ASSERT_STRING_EQUAL(pcl_map_sha256(m), hex);
	pcl_map_free(m);
	pcl_map_free(NULL);
	/* defaults: no delimiter, '.' */
	m = open_map("[columns]\nhs_code = Tariff\n");
	CU_ASSERT_EQUAL(pcl_map_delimiter(m), 0);
	CU_ASSERT_EQUAL(pcl_map_decimal(m), '.');
	pcl_map_free(m);
	m = open_map("\xEF\xBB\xBF[input]\r\ndelimiter = tab\r\n");
	CU_ASSERT_EQUAL(pcl_map_delimiter(m), '\t');
	pcl_map_free(m);
	CU_ASSERT_EQUAL(pcl_map_delimiter(NULL), 0);
	CU_ASSERT_EQUAL(pcl_map_decimal(NULL), '.');
}

static void
test_map_renames_constants_nulls_values(void)
{
	struct pcl_map *m = open_map(uci_map);
	struct pcl_binding *b = bind_ok(uci_header, 8, m, PCL_PROFILE_VALUATION);
	static const char *const r1[] = {
		"536365", "85123A", "6", "2,55", "12/1/10 8:26", "NA", "EIRE",
		"red"
	};
	static const char *const r2[] = {
		"536366", "71053", "N/A", "3,39", "01.12.2010", "17850",
		"United Kingdom", "N/A"
	};
	static const char *const r3[] = {
		"536367", "X", "1", "1", "2010-12-01 09:02:00", "", "Eire", ""
	};
	static const char *const r4[] = {
		"536368", "X", "1", "1", "13/1/10 8:26", "", "Unspecified", ""
	};
	struct pcl_row row;

	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_TRACKING_NUMBER), 0);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_QUANTITY), 2);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_UNIT_VALUE), 3);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_CONSIGNEE_COUNTRY), 6);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_CURRENCY), -1);
	CU_ASSERT_EQUAL(pcl_binding_has(b, PCL_COL_CURRENCY), 1);
	CU_ASSERT_EQUAL(pcl_binding_has(b, PCL_COL_HS_CODE), 0);
	CU_ASSERT_EQUAL(pcl_binding_nunknown(b), 2);
	CU_ASSERT_EQUAL(pcl_binding_unknown(b, 0), 1);	/* StockCode */
	CU_ASSERT_EQUAL(pcl_binding_unknown(b, 1), 7);	/* Colour */

	apply(b, r1, 8, &row);
	CU_ASSERT(is(&row, PCL_COL_TRACKING_NUMBER, "536365"));
	CU_ASSERT(is(&row, PCL_COL_QUANTITY, "6"));
	CU_ASSERT(is(&row, PCL_COL_UNIT_VALUE, "2,55"));
	CU_ASSERT(is(&row, PCL_COL_CONSIGNEE_ID, ""));		/* NA */
	CU_ASSERT(is(&row, PCL_COL_CONSIGNEE_COUNTRY, "IE"));	/* EIRE */
	CU_ASSERT(is(&row, PCL_COL_CONSIGNOR_COUNTRY, "GB"));	/* constant */
	CU_ASSERT(is(&row, PCL_COL_CURRENCY, "GBP"));
	CU_ASSERT(is(&row, PCL_COL_HS_CODE, ""));
	CU_ASSERT(is(&row, PCL_COL_DATE, "2010-12-01"));
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(2010, 12, 1));
	CU_ASSERT_EQUAL(row.row_class, -1);
	CU_ASSERT_PTR_NULL(row.class_name);
	CU_ASSERT_EQUAL(row.class_column, PCL_COL_NONE);
	CU_ASSERT_EQUAL(row.is_postage, 0);

	apply(b, r2, 8, &row);
	CU_ASSERT(is(&row, PCL_COL_QUANTITY, ""));		/* * = N/A */
	CU_ASSERT(is(&row, PCL_COL_CONSIGNEE_ID, "17850"));
	CU_ASSERT(is(&row, PCL_COL_CONSIGNEE_COUNTRY, "GB"));
	CU_ASSERT(is(&row, PCL_COL_DATE, "2010-12-01"));	/* %d.%m.%Y */
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(2010, 12, 1));

	apply(b, r3, 8, &row);
	CU_ASSERT(is(&row, PCL_COL_CONSIGNEE_COUNTRY, "Eire"));	/* exact only */
	CU_ASSERT(is(&row, PCL_COL_DATE, "2010-12-01"));	/* ISO first */
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(2010, 12, 1));

	apply(b, r4, 8, &row);
	CU_ASSERT(is(&row, PCL_COL_CONSIGNEE_COUNTRY, ""));	/* mapped to "" */
	CU_ASSERT(is(&row, PCL_COL_DATE, "13/1/10 8:26"));	/* kept as is */
	CU_ASSERT_EQUAL(row.date, PCL_DATE_NONE);

	/* a short record: missing fields read as empty, constants stay */
	apply(b, r1, 2, &row);
	CU_ASSERT(is(&row, PCL_COL_TRACKING_NUMBER, "536365"));
	CU_ASSERT(is(&row, PCL_COL_QUANTITY, ""));
	CU_ASSERT(is(&row, PCL_COL_DATE, ""));
	CU_ASSERT_EQUAL(row.date, PCL_DATE_NONE);
	CU_ASSERT(is(&row, PCL_COL_CURRENCY, "GBP"));
	pcl_binding_free(b);
	pcl_binding_free(NULL);
	pcl_map_free(m);
}

static void
test_map_date_formats_in_order(void)
{
	struct pcl_map *m = open_map(
	    "[input]\n"
	    "date_formats = %m/%d/%y %H:%M | %d/%m/%Y\n");
	static const char *const h[] = {
		"tracking_number", "consignor_country", "consignee_country",
		"date", "item_value", "currency"
	};
	const char *r[6] = { "T1", "GB", "IE", "", "1", "GBP" };
	struct pcl_binding *b = bind_ok(h, 6, m, PCL_PROFILE_VALUATION);
	struct pcl_row row;

	r[3] = "12/9/11 12:50";		/* month first: 2011-12-09 */
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(2011, 12, 9));
	CU_ASSERT(is(&row, PCL_COL_DATE, "2011-12-09"));
	r[3] = "1/2/69 0:00";		/* %y 69 -> 1969 */
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(1969, 1, 2));
	r[3] = "1/2/68 0:00";		/* %y 68 -> 2068 */
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(2068, 1, 2));
	r[3] = "12/9/11 24:50";		/* hour out of range, no 2nd match */
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, PCL_DATE_NONE);
	r[3] = "25/12/2011";		/* only the second format fits */
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(2011, 12, 25));
	CU_ASSERT(is(&row, PCL_COL_DATE, "2011-12-25"));
	r[3] = "30/02/2011";		/* not a real date */
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, PCL_DATE_NONE);
	CU_ASSERT(is(&row, PCL_COL_DATE, "30/02/2011"));
	r[3] = "2021-02-30";
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, PCL_DATE_NONE);
	pcl_binding_free(b);
	pcl_map_free(m);

	/* without a map only ISO 8601 is read */
	b = bind_ok(h, 6, NULL, PCL_PROFILE_VALUATION);
	r[3] = "20240315";
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(2024, 3, 15));
	CU_ASSERT(is(&row, PCL_COL_DATE, "2024-03-15"));
	r[3] = "12/9/11 12:50";
	apply(b, r, 6, &row);
	CU_ASSERT_EQUAL(row.date, PCL_DATE_NONE);
	pcl_binding_free(b);
}

static const char rows_map[] =
    "[columns]\n"
    "tracking_number = InvoiceNo\n"
    "item_value = Amount\n"
    "[constants]\n"
    "consignor_country = GB\n"
    "consignee_country = FR\n"
    "currency = GBP\n"
    "date = 2011-01-04\n"
    "[rows]\n"
    "# first match wins\n"
    "cancellation = tracking_number | ^C\n"
    "postage = StockCode | ^(POST|DOT)$\n"
    "fee = StockCode | ^BANK CHARGES$\n";

static void
test_map_row_classes_by_pattern(void)
{
	struct pcl_map *m = open_map(rows_map);
	static const char *const h[] = { "InvoiceNo", "StockCode", "Amount" };
	struct pcl_binding *b = bind_ok(h, 3, m, PCL_PROFILE_VALUATION);
	const char *r[3] = { "", "", "1" };
	struct pcl_row row;

	r[0] = "C536379";
	r[1] = "D";
	apply(b, r, 3, &row);
	CU_ASSERT_EQUAL(row.row_class, 0);
	CU_ASSERT_STRING_EQUAL(row.class_name, "cancellation");
	CU_ASSERT_EQUAL(row.class_column, PCL_COL_TRACKING_NUMBER);
	CU_ASSERT_EQUAL(row.is_postage, 0);

	r[0] = "536370";
	r[1] = "POST";
	apply(b, r, 3, &row);
	CU_ASSERT_EQUAL(row.row_class, 1);
	CU_ASSERT_STRING_EQUAL(row.class_name, "postage");
	CU_ASSERT_EQUAL(row.class_column, PCL_COL_NONE);	/* not canonical */
	CU_ASSERT_EQUAL(row.is_postage, 1);
	/* constants fill the rest */
	CU_ASSERT(is(&row, PCL_COL_DATE, "2011-01-04"));
	CU_ASSERT_EQUAL(row.date, pcl_date_from_ymd(2011, 1, 4));

	r[1] = "BANK CHARGES";
	apply(b, r, 3, &row);
	CU_ASSERT_STRING_EQUAL(row.class_name, "fee");
	CU_ASSERT_EQUAL(row.is_postage, 0);

	r[1] = "POSTAGE";			/* anchored: goods */
	apply(b, r, 3, &row);
	CU_ASSERT_EQUAL(row.row_class, -1);
	CU_ASSERT_PTR_NULL(row.class_name);
	CU_ASSERT_EQUAL(row.is_postage, 0);

	r[0] = "C536370";			/* both match: the first class */
	r[1] = "POST";
	apply(b, r, 3, &row);
	CU_ASSERT_STRING_EQUAL(row.class_name, "cancellation");
	CU_ASSERT_EQUAL(row.is_postage, 0);

	/* a short record without the StockCode field: goods */
	r[0] = "536371";
	apply(b, r, 1, &row);
	CU_ASSERT_EQUAL(row.row_class, -1);
	pcl_binding_free(b);
	pcl_map_free(m);
}

static void
test_map_row_class_column_must_exist(void)
{
	struct pcl_map *m = open_map(rows_map);
	static const char *const h[] = { "InvoiceNo", "Amount" };
	struct pcl_binding *b = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_binding_new(&b, h, 2, m, PCL_PROFILE_VALUATION,
	    &err), PCL_E_SCHEMA);
	CU_ASSERT_PTR_NULL(b);
	CU_ASSERT(strstr(err.msg, "'StockCode'") != NULL);
	pcl_map_free(m);
}

/* The WCO data set header, all canonical names, without hs_code. */
static const char *const wco_no_hs[] = {
	"tracking_number", "consignor_name", "consignor_address",
	"consignor_country", "consignee_name", "consignee_address",
	"consignee_country", "date", "description", "quantity", "item_value",
	"currency", "gross_mass_kg"
};

static void
test_map_missing_required_column(void)
{
	struct pcl_binding *b = (struct pcl_binding *)&b;
	struct pcl_error err;
	struct pcl_map *m;
	const char *h[16];

	CU_ASSERT_EQUAL(pcl_binding_new(&b, wco_no_hs, 13, NULL,
	    PCL_PROFILE_WCO, &err), PCL_E_SCHEMA);
	CU_ASSERT_PTR_NULL(b);
	CU_ASSERT_EQUAL(err.code, PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.field, "hs_code");
	/* not required for the valuation profile */
	b = bind_ok(wco_no_hs, 13, NULL, PCL_PROFILE_VALUATION);
	pcl_binding_free(b);
	/* a map constant satisfies it */
	m = open_map("[constants]\nhs_code = 610910\n");
	b = bind_ok(wco_no_hs, 13, m, PCL_PROFILE_WCO);
	CU_ASSERT_EQUAL(pcl_binding_has(b, PCL_COL_HS_CODE), 1);
	pcl_binding_free(b);
	pcl_map_free(m);
	/* unit_value stands in for item_value; neither: item_value */
	memcpy(h, wco_no_hs, sizeof wco_no_hs);
	h[10] = "unit_value";
	h[13] = "hs_code";
	b = bind_ok(h, 14, NULL, PCL_PROFILE_WCO);
	pcl_binding_free(b);
	h[10] = "colour";
	CU_ASSERT_EQUAL(pcl_binding_new(&b, h, 14, NULL, PCL_PROFILE_WCO,
	    &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.field, "item_value");
	/* an empty header: the first required column is named */
	CU_ASSERT_EQUAL(pcl_binding_new(&b, h, 0, NULL, PCL_PROFILE_VALUATION,
	    &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.field, "tracking_number");
}

/* A valuation header with column 0 replaced by 'first'. */
static const char *val_header[] = {
	"tracking_number", "consignor_country", "consignee_country", "date",
	"item_value", "currency", "", ""
};

static void
test_map_aliases_recognised(void)
{
	const char *h[8];
	struct pcl_binding *b;

	memcpy(h, val_header, sizeof h);
	h[0] = "HAWB";
	h[6] = "Tariff Code";
	h[7] = "Qty";
	b = bind_ok(h, 8, NULL, PCL_PROFILE_VALUATION);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_TRACKING_NUMBER), 0);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_HS_CODE), 6);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_QUANTITY), 7);
	CU_ASSERT_EQUAL(pcl_binding_nunknown(b), 0);
	pcl_binding_free(b);
}

static void
test_map_exact_name_beats_alias(void)
{
	const char *h[8];
	struct pcl_binding *b;

	/* alias first, exact later: the exact name wins */
	memcpy(h, val_header, sizeof h);
	h[0] = "HAWB";
	h[6] = "Colour";
	h[7] = "tracking_number";
	b = bind_ok(h, 8, NULL, PCL_PROFILE_VALUATION);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_TRACKING_NUMBER), 7);
	CU_ASSERT_EQUAL(pcl_binding_nunknown(b), 2);
	CU_ASSERT_EQUAL(pcl_binding_unknown(b, 0), 0);	/* HAWB, in order */
	CU_ASSERT_EQUAL(pcl_binding_unknown(b, 1), 6);
	pcl_binding_free(b);
	/* exact first, alias later */
	h[0] = "tracking_number";
	h[7] = "HAWB";
	b = bind_ok(h, 8, NULL, PCL_PROFILE_VALUATION);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_TRACKING_NUMBER), 0);
	CU_ASSERT_EQUAL(pcl_binding_nunknown(b), 2);
	CU_ASSERT_EQUAL(pcl_binding_unknown(b, 0), 6);
	CU_ASSERT_EQUAL(pcl_binding_unknown(b, 1), 7);
	pcl_binding_free(b);
	/* two aliases: the first wins, the second is unknown */
	h[6] = "Tariff Code";
	h[7] = "HS";
	b = bind_ok(h, 8, NULL, PCL_PROFILE_VALUATION);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_HS_CODE), 6);
	CU_ASSERT_EQUAL(pcl_binding_nunknown(b), 1);
	CU_ASSERT_EQUAL(pcl_binding_unknown(b, 0), 7);
	pcl_binding_free(b);
}

static void
test_map_duplicate_explicit_columns_refused(void)
{
	const char *h[8];
	struct pcl_binding *b = NULL;
	struct pcl_error err;
	struct pcl_map *m;

	memcpy(h, val_header, sizeof h);
	h[6] = "hs_code";
	h[7] = "hs_code";
	CU_ASSERT_EQUAL(pcl_binding_new(&b, h, 8, NULL, PCL_PROFILE_VALUATION,
	    &err), PCL_E_SCHEMA);
	CU_ASSERT_PTR_NULL(b);
	CU_ASSERT_STRING_EQUAL(err.field, "hs_code");
	/* a map rename and the same source header twice */
	m = open_map("[columns]\nhs_code = Tariff\n");
	h[6] = "Tariff";
	h[7] = "Tariff";
	CU_ASSERT_EQUAL(pcl_binding_new(&b, h, 8, m, PCL_PROFILE_VALUATION,
	    &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.field, "hs_code");
	/* the map names the source: a canonical-named column is unknown */
	h[7] = "hs_code";
	b = bind_ok(h, 8, m, PCL_PROFILE_VALUATION);
	CU_ASSERT_EQUAL(pcl_binding_source(b, PCL_COL_HS_CODE), 6);
	CU_ASSERT_EQUAL(pcl_binding_nunknown(b), 1);
	CU_ASSERT_EQUAL(pcl_binding_unknown(b, 0), 7);
	pcl_binding_free(b);
	pcl_map_free(m);
}

static void
test_map_unknown_columns_kept_in_header_order(void)
{
	static const char *const h[] = {
		"Colour", "tracking_number", "Size", "consignor_country",
		"HAWB", "consignee_country", "date", "Notes", "item_value",
		"currency", "tracking"
	};
	struct pcl_binding *b = bind_ok(h, 11, NULL, PCL_PROFILE_VALUATION);
	static const size_t want[] = { 0, 2, 4, 7, 10 };
	size_t i;

	CU_ASSERT_EQUAL_FATAL(pcl_binding_nunknown(b), 5);
	for (i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(pcl_binding_unknown(b, i), want[i]);
	pcl_binding_free(b);
}

static void
test_map_parse_errors_name_the_line(void)
{
	struct pcl_error err;
	struct pcl_map *m = (struct pcl_map *)&err;

	/* unknown row class name, on line 4 */
	CU_ASSERT_EQUAL(map_fails("# map\n[rows]\npostage = StockCode | ^POST$\n"
	    "refund = StockCode | ^R\n", PCL_E_PARSE, &err), 4);
	CU_ASSERT(strstr(err.msg, "'refund'") != NULL);
	CU_ASSERT(strstr(err.file, "/test.map") != NULL);
	CU_ASSERT_EQUAL(map_fails("[rows]\n\npostage = StockCode | (POST\n",
	    PCL_E_PARSE, &err), 3);			/* bad pattern */
	CU_ASSERT_EQUAL(map_fails("[rows]\npostage = ^POST$\n", PCL_E_PARSE,
	    &err), 2);				/* no column */
	CU_ASSERT_EQUAL(map_fails("[input]\n[colums]\n", PCL_E_PARSE, &err),
	    2);						/* unknown section */
	CU_ASSERT_EQUAL(map_fails("[values hscode]\nA = B\n", PCL_E_PARSE,
	    &err), 1);
	CU_ASSERT_EQUAL(map_fails("[columns]\nhscode = Tariff\n", PCL_E_PARSE,
	    &err), 2);				/* not canonical */
	CU_ASSERT(strstr(err.msg, "'hscode'") != NULL);
	CU_ASSERT_EQUAL(map_fails("[input]\nquote = '\n", PCL_E_PARSE, &err),
	    2);						/* unknown key */
	CU_ASSERT_EQUAL(map_fails("[input]\ndelimiter = x\n", PCL_E_PARSE,
	    &err), 2);
	CU_ASSERT_EQUAL(map_fails("[input]\ndecimal = ;\n", PCL_E_PARSE,
	    &err), 2);
	CU_ASSERT_EQUAL(map_fails("hs_code = Tariff\n", PCL_E_PARSE, &err), 1);
	CU_ASSERT_EQUAL(map_fails("[columns]\nhs_code Tariff\n", PCL_E_PARSE,
	    &err), 2);
	CU_ASSERT_EQUAL(map_fails("[columns\n", PCL_E_PARSE, &err), 1);
	CU_ASSERT_EQUAL(map_fails("[input]\ndate_formats = %d|%d|%d|%d|%d|%d|"
	    "%d|%d|%d\n", PCL_E_PARSE, &err), 2);	/* 9 formats */
	/* no such file */
	CU_ASSERT_EQUAL(pcl_map_open(&m, "/nonexistent/pcl/x.map", &err),
	    PCL_E_IO);
	CU_ASSERT_PTR_NULL(m);
}

static void
test_map_shipped_maps_open_and_bind(void)
{
	static const char *const maps[] = {
		"../data/maps/uci-online-retail.map",
		"../data/maps/uci-online-retail-ddmmyy.map",
		"../data/maps/uci-online-retail-semicolon.map"
	};
	static const char *const h[] = {
		"InvoiceNo", "StockCode", "Description", "Quantity",
		"InvoiceDate", "UnitPrice", "CustomerID", "Country"
	};
	static const char *const rec[] = {
		"536365", "POST", "POSTAGE", "1", "12/1/10 8:26", "18.00", "NA",
		"EIRE"
	};
	struct pcl_binding *b;
	struct pcl_error err;
	struct pcl_map *m;
	struct pcl_row row;

	CU_ASSERT_EQUAL_FATAL(pcl_map_open(&m, maps[0], &err), PCL_OK);
	b = bind_ok(h, 8, m, PCL_PROFILE_VALUATION);
	apply(b, rec, 8, &row);
	CU_ASSERT(is(&row, PCL_COL_CONSIGNEE_COUNTRY, "IE"));
	CU_ASSERT(is(&row, PCL_COL_CONSIGNEE_ID, ""));
	CU_ASSERT(is(&row, PCL_COL_CURRENCY, "GBP"));
	CU_ASSERT(is(&row, PCL_COL_DATE, "2010-12-01"));
	CU_ASSERT_EQUAL(row.is_postage, 1);
	pcl_binding_free(b);
	pcl_map_free(m);
	CU_ASSERT_EQUAL(pcl_map_open(&m, maps[1], &err), PCL_OK);
	pcl_map_free(m);
	CU_ASSERT_EQUAL(pcl_map_open(&m, maps[2], &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_map_delimiter(m), ';');
	pcl_map_free(m);
	CU_ASSERT_EQUAL(pcl_map_open(&m,
	    "../data/maps/uci-online-retail-ii-invoices.map", &err), PCL_OK);
	pcl_map_free(m);
}

void test_map_register(void);
void
test_map_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_map_input_settings_and_digest),
		PCL_TEST(test_map_renames_constants_nulls_values),
		PCL_TEST(test_map_date_formats_in_order),
		PCL_TEST(test_map_row_classes_by_pattern),
		PCL_TEST(test_map_row_class_column_must_exist),
		PCL_TEST(test_map_missing_required_column),
		PCL_TEST(test_map_aliases_recognised),
		PCL_TEST(test_map_exact_name_beats_alias),
		PCL_TEST(test_map_duplicate_explicit_columns_refused),
		PCL_TEST(test_map_unknown_columns_kept_in_header_order),
		PCL_TEST(test_map_parse_errors_name_the_line),
		PCL_TEST(test_map_shipped_maps_open_and_bind),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("map", tests);
}
