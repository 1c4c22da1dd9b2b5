/*
 * test_fxsource: each publisher's file as laid out in fixtures/fx-sources/
 * (see its README for the values worked by hand), the real ECB history
 * embedded in the binary, and the files that must be refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "date.h"
#include "fxsource.h"

#define FX(p) PCL_FIXTURE("fx-sources/" p)

static int32_t
day(const char *iso)
{
	return pcl_date_parse_iso(iso, strlen(iso));
}

/* The rate of 'cur' on 'iso' in 't', or NULL. */
static const struct pcl_fxsource_rate *
find(const struct pcl_fxsource_table *t, const char *iso, const char *cur)
{
	size_t i;
	const struct pcl_fxsource_rate *r;

	for (i = 0; i < pcl_fxsource_count(t); i++) {
		r = pcl_fxsource_at(t, i);
		if (r->date == day(iso) && strcmp(r->currency, cur) == 0)
			return r;
	}
	return NULL;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	CU_ASSERT_FATAL(fp != NULL);
	buf = malloc(1 << 20);
	CU_ASSERT_FATAL(buf != NULL);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

/* Parses 'text' (NUL-terminated) as source 's'; returns the status. */
static int
parse_text(enum pcl_fxsource s, const char *text, struct pcl_error *err)
{
	struct pcl_fxsource_table *t = NULL;
	int rc = pcl_fxsource_parse(s, text, strlen(text), &t, err);

	pcl_fxsource_free(t);
	return rc;
}

/* Replaces the first 'from' in 'buf' by 'to' (same length or shorter). */
static void
replace(char *buf, const char *from, const char *to)
{
	char *p = strstr(buf, from);

	CU_ASSERT_FATAL(p != NULL);
	memmove(p + strlen(to), p + strlen(from), strlen(p + strlen(from)) + 1);
	memcpy(p, to, strlen(to));
}

/* Removes the text from 'from' up to (not including) 'to'. */
static void
cut_lines(char *buf, const char *from, const char *to)
{
	char *a = strstr(buf, from), *b = strstr(buf, to);

	CU_ASSERT_FATAL(a != NULL && b != NULL && a < b);
	memmove(a, b, strlen(b) + 1);
}

static void
test_fxsource_names_and_gap_limits(void)
{
	enum pcl_fxsource s;

	CU_ASSERT(pcl_fxsource_from_name("rba", &s) && s == PCL_FXSOURCE_RBA);
	CU_ASSERT_FALSE(pcl_fxsource_from_name("ECB", &s));
	CU_ASSERT_STRING_EQUAL(pcl_fxsource_authority(PCL_FXSOURCE_FRB), "US");
	CU_ASSERT_STRING_EQUAL(pcl_fxsource_currency(PCL_FXSOURCE_BOC), "CAD");
	CU_ASSERT_EQUAL(pcl_fxsource_gap_limit(PCL_FXSOURCE_ECB), 6);
	CU_ASSERT_EQUAL(pcl_fxsource_gap_limit(PCL_FXSOURCE_HMRC), 40);
}

/* 47 TARGET days x 29 quoted currencies; USD on the penultimate
 * Wednesday of November 2026 is 1.1646 per EUR. */
static void
check_ecb(const struct pcl_fxsource_table *t)
{
	const struct pcl_fxsource_rate *r;

	CU_ASSERT_EQUAL(pcl_fxsource_count(t), 47 * 29);
	CU_ASSERT_EQUAL(pcl_fxsource_first(t), day("2026-10-01"));
	CU_ASSERT_EQUAL(pcl_fxsource_last(t), day("2026-12-04"));
	r = find(t, "2026-11-18", "USD");
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_STRING_EQUAL(r->rate, "1.1646");
	CU_ASSERT_EQUAL(r->quote, PCL_FXQUOTE_FOREIGN_PER_LOCAL);
	/* BGN is N/A since the euro (2026): no rate, not a zero */
	CU_ASSERT_PTR_NULL(find(t, "2026-11-18", "BGN"));
}

static void
test_fxsource_ecb_csv_and_zip_read_the_same(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(PCL_FXSOURCE_ECB,
	    FX("ecb/eurofxref-hist.csv"), &t, &err), PCL_OK);
	check_ecb(t);
	pcl_fxsource_free(t);
	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(PCL_FXSOURCE_ECB,
	    FX("ecb/eurofxref-hist.zip"), &t, &err), PCL_OK);
	check_ecb(t);
	pcl_fxsource_free(t);
}

static void
test_fxsource_ecb_embedded_history_passes_the_checks(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error err;
	const struct pcl_fxsource_rate *r;

	/* the full history: withdrawn TRL and ROL, 1999 to 2025 */
	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(PCL_FXSOURCE_ECB,
	    "../data/fx/ecb-eurofxref-hist.csv", &t, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fxsource_first(t), day("1999-01-04"));
	CU_ASSERT_EQUAL(pcl_fxsource_last(t), day("2025-05-09"));
	r = find(t, "2025-05-09", "USD");
	CU_ASSERT(r != NULL && strcmp(r->rate, "1.1252") == 0);
	CU_ASSERT_PTR_NOT_NULL(find(t, "2004-06-01", "TRL"));
	pcl_fxsource_free(t);
}

static void
expect_refused(enum pcl_fxsource s, const char *path, const char *in_msg)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_fxsource_read(s, path, &t, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(t);
	if (strstr(err.msg, in_msg) == NULL)
		fprintf(stderr, "\n  got: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, in_msg));
}

static void
test_fxsource_ecb_bad_files_are_refused(void)
{
	expect_refused(PCL_FXSOURCE_ECB, FX("ecb/eurofxref-hist-truncated.zip"),
	    "not a complete zip");
	expect_refused(PCL_FXSOURCE_ECB, FX("ecb/eurofxref-hist-gap.csv"),
	    "gap of 12 days between 2026-10-30 and 2026-11-11 (limit 6)");
	expect_refused(PCL_FXSOURCE_ECB,
	    FX("ecb/eurofxref-hist-bad-currency.csv"),
	    "'QQQ' is not an ISO 4217 currency on 2026-10-01");
	expect_refused(PCL_FXSOURCE_ECB,
	    FX("ecb/eurofxref-hist-dates-out-of-order.csv"),
	    "dates not decreasing");
	expect_refused(PCL_FXSOURCE_ECB, FX("rba/f11.1-data.csv"),
	    "not eurofxref-hist.csv");
}

static void
test_fxsource_hmrc_two_months_one_after_the_other(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error err;
	const struct pcl_fxsource_rate *r;
	char *nov, *dec, *both, *rev;
	size_t ln, ld;

	nov = slurp(FX("hmrc/monthly_csv_2026-11.csv"), &ln);
	dec = slurp(FX("hmrc/monthly_csv_2026-12.csv"), &ld);
	both = malloc(ln + ld + 1);
	rev = malloc(ln + ld + 1);
	CU_ASSERT_FATAL(both != NULL && rev != NULL);
	memcpy(both, nov, ln);
	memcpy(both + ln, dec, ld + 1);
	memcpy(rev, dec, ld);
	memcpy(rev + ld, nov, ln + 1);
	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_parse(PCL_FXSOURCE_HMRC, both,
	    ln + ld, &t, &err), PCL_OK);
	/* 14 countries, 11 currencies (EUR for four countries) a month */
	CU_ASSERT_EQUAL(pcl_fxsource_count(t), 22);
	CU_ASSERT_EQUAL(pcl_fxsource_first(t), day("2026-11-01"));
	CU_ASSERT_EQUAL(pcl_fxsource_last(t), day("2026-12-31"));
	r = find(t, "2026-12-01", "USD");
	CU_ASSERT_FATAL(r != NULL);
	CU_ASSERT_STRING_EQUAL(r->rate, "1.3265");
	CU_ASSERT_EQUAL(r->until, day("2026-12-31"));
	CU_ASSERT_EQUAL(r->quote, PCL_FXQUOTE_FOREIGN_PER_LOCAL);
	pcl_fxsource_free(t);
	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_HMRC, rev, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "dates not increasing"));
	/* two euro countries that disagree */
	replace(dec, "Belgium,Euro,EUR,1.1435", "Belgium,Euro,EUR,1.1436");
	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_HMRC, dec, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "EUR rate 1.1436 differs"));
	free(nov);
	free(dec);
	free(both);
	free(rev);
	expect_refused(PCL_FXSOURCE_HMRC,
	    FX("hmrc/monthly_csv_2026-12-bad-currency.csv"),
	    "'TRQ' is not an ISO 4217 currency on 2026-12-01");
}

static void
test_fxsource_frb_h10_quotes_per_series(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error err;
	const struct pcl_fxsource_rate *r;
	char *buf;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(PCL_FXSOURCE_FRB,
	    FX("frb/h10-daily.csv"), &t, &err), PCL_OK);
	/* 47 weekdays, 3 of them ND (US holidays), 7 series */
	CU_ASSERT_EQUAL(pcl_fxsource_count(t), 44 * 7);
	r = find(t, "2026-10-01", "MXN");
	CU_ASSERT(r != NULL && strcmp(r->rate, "18.4000") == 0 &&
	    r->quote == PCL_FXQUOTE_FOREIGN_PER_LOCAL);
	r = find(t, "2026-11-19", "MXN");
	CU_ASSERT(r != NULL && strcmp(r->rate, "19.3234") == 0);
	r = find(t, "2026-10-01", "EUR");
	CU_ASSERT(r != NULL && strcmp(r->rate, "1.1600") == 0 &&
	    r->quote == PCL_FXQUOTE_LOCAL_PER_FOREIGN);
	CU_ASSERT_PTR_NULL(find(t, "2026-11-26", "EUR"));	/* ND */
	pcl_fxsource_free(t);
	/* a week without rows is a gap */
	buf = slurp(FX("frb/h10-daily.csv"), &len);
	cut_lines(buf, "\n2026-11-02,", "\n2026-11-09,");
	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_FRB, buf, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg,
	    "gap of 10 days between 2026-10-30 and 2026-11-09 (limit 6)"));
	free(buf);
	/* two days swapped */
	buf = slurp(FX("frb/h10-daily.csv"), &len);
	replace(buf, "\n2026-10-05,", "\n2026-10-07,");
	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_FRB, buf, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg,
	    "dates not increasing: 2026-10-06 after 2026-10-07"));
	free(buf);
	buf = slurp(FX("frb/h10-daily.csv"), &len);
	replace(buf, "\"RXI_N.B.MX\"\n", "\"RXI_N.B.XX\"\n");
	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_FRB, buf, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown H.10 series"));
	free(buf);
}

static void
test_fxsource_boc_valet_json(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error err;
	const struct pcl_fxsource_rate *r;

	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(PCL_FXSOURCE_BOC,
	    FX("boc/fx-rates-daily.json"), &t, &err), PCL_OK);
	/* 47 weekdays less 2 Canadian holidays, 7 series */
	CU_ASSERT_EQUAL(pcl_fxsource_count(t), 45 * 7);
	r = find(t, "2026-10-01", "USD");
	CU_ASSERT(r != NULL && strcmp(r->rate, "1.3944") == 0 &&
	    r->quote == PCL_FXQUOTE_LOCAL_PER_FOREIGN);
	r = find(t, "2026-10-01", "JPY");
	CU_ASSERT(r != NULL && strcmp(r->rate, "0.009150") == 0);
	CU_ASSERT_EQUAL(pcl_fxsource_last(t), day("2026-12-04"));
	pcl_fxsource_free(t);
	expect_refused(PCL_FXSOURCE_BOC,
	    FX("boc/fx-rates-daily-dates-not-increasing.json"),
	    "dates not increasing");
	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_BOC,
	    "{\"observations\":[{\"d\":\"2026-10-01\","
	    "\"FXUSDCAD\":{\"v\":\"-1.3\"}}]}", &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a positive decimal"));
}

static void
test_fxsource_rba_f11_skips_index_and_sdr(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error err;
	const struct pcl_fxsource_rate *r;

	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(PCL_FXSOURCE_RBA,
	    FX("rba/f11.1-data.csv"), &t, &err), PCL_OK);
	/* 47 weekdays x USD CNY JPY EUR GBP CAD */
	CU_ASSERT_EQUAL(pcl_fxsource_count(t), 47 * 6);
	r = find(t, "2026-10-01", "USD");
	CU_ASSERT(r != NULL && strcmp(r->rate, "0.6545") == 0 &&
	    r->quote == PCL_FXQUOTE_FOREIGN_PER_LOCAL);
	CU_ASSERT_PTR_NULL(find(t, "2026-10-01", "SDR"));
	pcl_fxsource_free(t);
}

/* Picks 'cur' on 'key' from 'path' of source 's'; checks rate, its date
 * and the rule, worked by hand from the fixture README. */
static void
expect_pick(enum pcl_fxsource s, const char *path, const char *key,
    const char *cur, const char *rate, const char *published,
    enum pcl_fxsource_rule rule)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_fxsource_pick p;
	struct pcl_error err;
	char d[11];

	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(s, path, &t, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fxsource_pick(t, s, day(key), cur, &p, &err),
	    PCL_OK);
	if (p.rate != NULL) {
		if (strcmp(p.rate->rate, rate) != 0)
			fprintf(stderr, "\n  %s %s: got %s\n", key, cur,
			    p.rate->rate);
		CU_ASSERT_STRING_EQUAL(p.rate->rate, rate);
		pcl_date_format(p.rate->date, d);
		CU_ASSERT_STRING_EQUAL(d, published);
		CU_ASSERT_EQUAL(p.rule, rule);
	}
	pcl_fxsource_free(t);
}

static void
expect_no_pick(enum pcl_fxsource s, const char *path, const char *key,
    const char *cur, const char *in_msg)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_fxsource_pick p;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(s, path, &t, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fxsource_pick(t, s, day(key), cur, &p, &err),
	    PCL_E_NOTFOUND);
	CU_ASSERT_PTR_NULL(p.rate);
	if (strstr(err.msg, in_msg) == NULL)
		fprintf(stderr, "\n  got: %s\n", err.msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, in_msg));
	pcl_fxsource_free(t);
}

static void
test_fxsource_pick_eu_penultimate_wednesday(void)
{
	/* December 2026: penultimate Wednesday of November is the 18th */
	expect_pick(PCL_FXSOURCE_ECB, FX("ecb/eurofxref-hist.zip"),
	    "2026-12-04", "USD", "1.1646", "2026-11-18",
	    PCL_FXRULE_PENULTIMATE_WEDNESDAY);
	/* November: October's Wednesdays 7 14 21 28, so the 21st */
	expect_pick(PCL_FXSOURCE_ECB, FX("ecb/eurofxref-hist.csv"),
	    "2026-11-10", "USD", "1.1631", "2026-10-21",
	    PCL_FXRULE_PENULTIMATE_WEDNESDAY);
	/* January 2027 needs 2026-12-23, after the file ends */
	expect_no_pick(PCL_FXSOURCE_ECB, FX("ecb/eurofxref-hist.csv"),
	    "2027-01-05", "USD",
	    "no EU rate for USD on 2027-01-05: source 'ecb' ends 2026-12-04");
	/* a currency the ECB no longer quotes */
	expect_no_pick(PCL_FXSOURCE_ECB, FX("ecb/eurofxref-hist.csv"),
	    "2026-12-04", "BGN", "no EU rate for BGN");
}

static void
test_fxsource_pick_gb_calendar_month(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_fxsource_pick p;
	struct pcl_error err;

	/* GBP 135 threshold: USD 179.00 on 2026-12-15 at 1.3265 is
	 * 134.94 GBP, USD 179.10 is 135.02 GBP (worked by hand) */
	expect_pick(PCL_FXSOURCE_HMRC, FX("hmrc/monthly_csv_2026-12.csv"),
	    "2026-12-15", "USD", "1.3265", "2026-12-01", PCL_FXRULE_MONTHLY);
	expect_pick(PCL_FXSOURCE_HMRC, FX("hmrc/monthly_csv_2026-12.csv"),
	    "2026-12-31", "EUR", "1.1435", "2026-12-01", PCL_FXRULE_MONTHLY);
	expect_no_pick(PCL_FXSOURCE_HMRC, FX("hmrc/monthly_csv_2026-12.csv"),
	    "2027-01-01", "USD", "source 'hmrc' ends 2026-12-31");
	expect_no_pick(PCL_FXSOURCE_HMRC, FX("hmrc/monthly_csv_2026-12.csv"),
	    "2026-11-30", "USD", "no GB rate for USD on 2026-11-30");
	/* a table of another source is refused */
	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(PCL_FXSOURCE_HMRC,
	    FX("hmrc/monthly_csv_2026-12.csv"), &t, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fxsource_pick(t, PCL_FXSOURCE_ECB,
	    day("2026-12-15"), "USD", &p, &err), PCL_E_USAGE);
	pcl_fxsource_free(t);
}

static void
test_fxsource_pick_us_quarterly_and_five_percent(void)
{
	/* MXN: quarterly 18.4000 (2026-10-01); 19.2964 is +4.87 % */
	expect_pick(PCL_FXSOURCE_FRB, FX("frb/h10-daily.csv"), "2026-11-18",
	    "MXN", "18.4000", "2026-10-01", PCL_FXRULE_QUARTERLY);
	/* 19.3234 is +5.02 %: the daily rate (159.34(b)(2)) */
	expect_pick(PCL_FXSOURCE_FRB, FX("frb/h10-daily.csv"), "2026-11-19",
	    "MXN", "19.3234", "2026-11-19", PCL_FXRULE_DAILY_VARIANCE);
	/* Thanksgiving (ND): the last business day before, +5.61 % */
	expect_pick(PCL_FXSOURCE_FRB, FX("frb/h10-daily.csv"), "2026-11-26",
	    "MXN", "19.4318", "2026-11-25", PCL_FXRULE_DAILY_VARIANCE);
	/* Saturday after the last row: Friday's rate still covers it */
	expect_pick(PCL_FXSOURCE_FRB, FX("frb/h10-daily.csv"), "2026-12-05",
	    "MXN", "19.6231", "2026-12-04", PCL_FXRULE_DAILY_VARIANCE);
	/* EUR moves under 1 %: quarterly */
	expect_pick(PCL_FXSOURCE_FRB, FX("frb/h10-daily.csv"), "2026-11-19",
	    "EUR", "1.1600", "2026-10-01", PCL_FXRULE_QUARTERLY);
	expect_no_pick(PCL_FXSOURCE_FRB, FX("frb/h10-daily.csv"),
	    "2026-12-07", "MXN", "source 'frb' ends 2026-12-04");
}

static void
test_fxsource_pick_ca_direct_shipment_date(void)
{
	/* Friday: that day's rate; Saturday: still Friday's */
	expect_pick(PCL_FXSOURCE_BOC, FX("boc/fx-rates-daily.json"),
	    "2026-12-04", "USD", "1.3963", "2026-12-04", PCL_FXRULE_DAILY);
	expect_pick(PCL_FXSOURCE_BOC, FX("boc/fx-rates-daily.json"),
	    "2026-12-05", "USD", "1.3963", "2026-12-04", PCL_FXRULE_DAILY);
	/* Remembrance Day, no rate published: the day before's */
	expect_pick(PCL_FXSOURCE_BOC, FX("boc/fx-rates-daily.json"),
	    "2026-11-11", "USD", "1.3891", "2026-11-10", PCL_FXRULE_DAILY);
	expect_no_pick(PCL_FXSOURCE_BOC, FX("boc/fx-rates-daily.json"),
	    "2026-12-07", "USD", "no CA rate for USD on 2026-12-07");
}

static void
test_fxsource_pick_au_next_day_and_friday_to_monday(void)
{
	/* Saturday and Monday: Friday 27 November's rate */
	expect_pick(PCL_FXSOURCE_RBA, FX("rba/f11.1-data.csv"), "2026-11-28",
	    "USD", "0.6582", "2026-11-27", PCL_FXRULE_PREVIOUS_DAY);
	expect_pick(PCL_FXSOURCE_RBA, FX("rba/f11.1-data.csv"), "2026-11-30",
	    "USD", "0.6582", "2026-11-27", PCL_FXRULE_PREVIOUS_DAY);
	/* an ordinary Tuesday: Monday's */
	expect_pick(PCL_FXSOURCE_RBA, FX("rba/f11.1-data.csv"), "2026-12-01",
	    "USD", "0.6579", "2026-11-30", PCL_FXRULE_PREVIOUS_DAY);
	/* Monday after the last Friday is covered, Tuesday is not */
	expect_pick(PCL_FXSOURCE_RBA, FX("rba/f11.1-data.csv"), "2026-12-07",
	    "USD", "0.6554", "2026-12-04", PCL_FXRULE_PREVIOUS_DAY);
	expect_no_pick(PCL_FXSOURCE_RBA, FX("rba/f11.1-data.csv"),
	    "2026-12-08", "USD", "source 'rba' ends 2026-12-04");
	/* the day the file starts has no rate from the day before */
	expect_no_pick(PCL_FXSOURCE_RBA, FX("rba/f11.1-data.csv"),
	    "2026-10-01", "USD", "no AU rate for USD on 2026-10-01");
}

/*
 * The publishers' CSV is read with full RFC 4180 quoting: a quoted field
 * may hold the delimiter, a stray or unclosed quote refuses the file at
 * the record and line where it stands.
 */
static void
test_fxsource_csv_quoting(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error err;
	/* rows newest first; "1.0500" quoted, the header's trailing comma */
	static const char ok[] =
	    "Date,USD,JPY,\n2026-12-04,\"1.0500\",161.2,\n"
	    "2026-12-03,1.0400,N/A,\n";

	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_parse(PCL_FXSOURCE_ECB, ok,
	    strlen(ok), &t, &err), PCL_OK);
	/* oldest first: 03 USD, then 04 USD and JPY in column order */
	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_count(t), 3);
	CU_ASSERT_EQUAL(pcl_fxsource_at(t, 0)->date, day("2026-12-03"));
	CU_ASSERT_STRING_EQUAL(pcl_fxsource_at(t, 0)->currency, "USD");
	CU_ASSERT_STRING_EQUAL(pcl_fxsource_at(t, 1)->currency, "USD");
	CU_ASSERT_STRING_EQUAL(pcl_fxsource_at(t, 1)->rate, "1.0500");
	CU_ASSERT_STRING_EQUAL(pcl_fxsource_at(t, 2)->currency, "JPY");
	CU_ASSERT_EQUAL(pcl_fxsource_at(t, 2)->date, day("2026-12-04"));
	pcl_fxsource_free(t);

	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_ECB, "Date,USD,\n"
	    "2026-12-05,1.06,\n2026-12-04,1.0\"5,\n", &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "record 3, line 3: field 2: "
	    "a quote inside an unquoted field"));
	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_ECB, "Date,USD,\n"
	    "2026-12-04,\"1.05,\n", &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg,
	    "record 2, line 2: unterminated quoted field"));
}

/* Of two rows with bad rates, the ECB's oldest (the last) is named. */
static void
test_fxsource_ecb_oldest_bad_rate_named(void)
{
	struct pcl_error err;

	CU_ASSERT_EQUAL(parse_text(PCL_FXSOURCE_ECB, "Date,USD,JPY,\n"
	    "2026-12-04,x,160.0,\n2026-12-03,1.04,-1,\n", &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg,
	    "record 3: JPY rate '-1' is not a positive decimal"));
}

static const struct pcl_test tests[] = {
	PCL_TEST(test_fxsource_names_and_gap_limits),
	PCL_TEST(test_fxsource_ecb_csv_and_zip_read_the_same),
	PCL_TEST(test_fxsource_ecb_embedded_history_passes_the_checks),
	PCL_TEST(test_fxsource_ecb_bad_files_are_refused),
	PCL_TEST(test_fxsource_hmrc_two_months_one_after_the_other),
	PCL_TEST(test_fxsource_frb_h10_quotes_per_series),
	PCL_TEST(test_fxsource_boc_valet_json),
	PCL_TEST(test_fxsource_rba_f11_skips_index_and_sdr),
	PCL_TEST(test_fxsource_pick_eu_penultimate_wednesday),
	PCL_TEST(test_fxsource_pick_gb_calendar_month),
	PCL_TEST(test_fxsource_pick_us_quarterly_and_five_percent),
	PCL_TEST(test_fxsource_pick_ca_direct_shipment_date),
	PCL_TEST(test_fxsource_pick_au_next_day_and_friday_to_monday),
	PCL_TEST(test_fxsource_csv_quoting),
	PCL_TEST(test_fxsource_ecb_oldest_bad_rate_named),
	{ NULL, NULL }
};

void test_fxsource_register(void);

void
test_fxsource_register(void)
{
	PCL_TEST_SUITE("fxsource", tests);
}
