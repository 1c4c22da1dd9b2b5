/*
 * test_fx: the ECB table and the long layout, the EU monthly and daily
 * rate-date rules, and conversions. Rates are the rows of
 * data/fx/ecb-eurofxref-hist.csv (grep '^2021-06-23' ...); every expected
 * amount is bracketed by hand: rate * candidate on either side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "test_util.h"
#include "date.h"
#include "digest.h"
#include "fx.h"
#include "money.h"

#define D(y, m, d) pcl_date_from_ymd((y), (m), (d))
#define RATE(s) rate_of(s)

static pcl_i128
M(const char *s)
{
	pcl_i128 v = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_money_parse(s, strlen(s), '.', &v),
	    PCL_MONEY_OK);
	return v;
}

static pcl_i128
rate_of(const char *s)
{
	pcl_i128 v = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_money_parse_rate(s, strlen(s), &v),
	    PCL_MONEY_OK);
	return v;
}

static struct pcl_fx *
ecb(void)
{
	struct pcl_fx *fx = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&fx, NULL, &err), PCL_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fx);
	return fx;
}

static struct pcl_fx *
from_text(const char *text, int want, struct pcl_error *err)
{
	struct pcl_fx *fx = NULL;
	int st;

	st = pcl_fx_open_buffer(&fx, "t.csv", (const unsigned char *)text,
	    strlen(text), err);
	CU_ASSERT_EQUAL(st, want);
	if (want != PCL_OK)
		CU_ASSERT_PTR_NULL(fx);
	return fx;
}

/* Speed is measured by scripts/bench, never by a timed unit test. */
static void
test_fx_embedded_ecb_table_opens(void)
{
	struct pcl_fx *fx;

	fx = ecb();
	CU_ASSERT_STRING_EQUAL(pcl_fx_name(fx),
	    "embedded:data/fx/ecb-eurofxref-hist.csv");
	/* sha256sum data/fx/ecb-eurofxref-hist.csv */
	CU_ASSERT_STRING_EQUAL(pcl_fx_sha256(fx),
	    "f1bb78b4d1a70fbb3f6ade17f813fe014a5d02eb44a2d52087be2d963262a5e9");
	/* Newest first in the file; ascending once read. */
	CU_ASSERT_EQUAL(pcl_fx_first_date(fx), D(1999, 1, 4));
	CU_ASSERT_EQUAL(pcl_fx_last_date(fx), D(2025, 5, 9));
	pcl_fx_free(fx);
	pcl_fx_free(NULL);
}

static void
test_fx_eu_monthly_uses_penultimate_wednesday_of_previous_month(void)
{
	struct pcl_fx *fx = ecb();
	struct pcl_fx_quote q;
	pcl_i128 eur = -1;

	/*
	 * June 2021 ends on Wednesday 30th, so its penultimate Wednesday is
	 * the 23rd: that rate applies to every day of July 2021.
	 */
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_EU_MONTHLY, D(2021, 7, 1)),
	    D(2021, 6, 23));
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_EU_MONTHLY, D(2021, 7, 15)),
	    D(2021, 6, 23));
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_EU_MONTHLY, D(2021, 7, 31)),
	    D(2021, 6, 23));
	/*
	 * 2021-06-23: GBP 0.85435 per EUR. 100.00 GBP = 100 / 0.85435 EUR.
	 * 0.85435 * 117.045 = 99.99739575 < 100 and
	 * 0.85435 * 117.05  = 100.0016675 > 100, so the value lies in
	 * (117.045, 117.05): half-up to cents gives 117.05 EUR.
	 */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(2021, 7, 15),
	    "GBP", "EUR", 2, M("100.00"), &eur, &q), PCL_FX_OK);
	CU_ASSERT(eur == 11705);
	CU_ASSERT_EQUAL(q.rate_date, D(2021, 6, 23));
	CU_ASSERT(q.num == RATE("1"));
	CU_ASSERT(q.den == RATE("0.85435"));
	CU_ASSERT_STRING_EQUAL(q.source,
	    "ECB 2021-06-23 EU-monthly (UCC-IA Art.146)");
	/* The same parcel under the daily rule uses 2021-07-15 itself. */
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_ECB_DAILY, D(2021, 7, 15)),
	    D(2021, 7, 15));
	pcl_fx_free(fx);
}

static void
test_fx_eu_monthly_before_2016_05_is_daily(void)
{
	struct pcl_fx *fx = ecb();
	struct pcl_fx_quote q;
	pcl_i128 eur;

	/* Saturday 2016-04-30: daily rule, Friday 29th. */
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_EU_MONTHLY,
	    D(2016, 4, 30)), D(2016, 4, 29));
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(2016, 4, 30),
	    "EUR", "USD", 2, M("1"), &eur, &q), PCL_FX_OK);
	CU_ASSERT(eur == 114);	/* 1.1403 USD -> 1.14 */
	CU_ASSERT_STRING_EQUAL(q.source, "ECB 2016-04-29 cross (EU before "
	    "2016-05-01)");
	/*
	 * From 2016-05-01: April 2016 ends on Saturday 30th; its last
	 * Wednesday is the 27th, the penultimate the 20th.
	 */
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_EU_MONTHLY, D(2016, 5, 1)),
	    D(2016, 4, 20));
	pcl_fx_free(fx);
}

static void
test_fx_daily_saturday_uses_friday(void)
{
	struct pcl_fx *fx = ecb();
	struct pcl_fx_quote q;
	pcl_i128 gbp;

	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_ECB_DAILY, D(2021, 7, 16)),
	    D(2021, 7, 16));
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_ECB_DAILY, D(2021, 7, 18)),
	    D(2021, 7, 16));
	/*
	 * Saturday 2021-07-17 -> Friday 2021-07-16: USD 1.1802, GBP 0.85298.
	 * 100 USD = 100 * 0.85298 / 1.1802 GBP = 85.298 / 1.1802.
	 * 1.1802 * 72.27  = 85.293054 < 85.298 and
	 * 1.1802 * 72.275 = 85.298955 > 85.298, so (72.27, 72.275): 72.27.
	 */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 7, 17),
	    "USD", "GBP", 2, M("100"), &gbp, &q), PCL_FX_OK);
	CU_ASSERT(gbp == 7227);
	CU_ASSERT_EQUAL(q.rate_date, D(2021, 7, 16));
	CU_ASSERT(q.num == RATE("0.85298"));
	CU_ASSERT(q.den == RATE("1.1802"));
	CU_ASSERT_STRING_EQUAL(q.source, "ECB 2021-07-16 cross");
	pcl_fx_free(fx);
}

static void
test_fx_na_cell_is_no_rate_without_fallback(void)
{
	struct pcl_fx *fx = ecb();
	struct pcl_fx_quote q;
	pcl_i128 v = 42;

	/*
	 * CYP: last quoted 2007-12-31 at 0.585274 (the fixed euro rate),
	 * N/A from 2008-01-02. 100 CYP = 100 / 0.585274 EUR;
	 * 0.585274 * 170.86 = 99.99991564 < 100 < 100.00284201 =
	 * 0.585274 * 170.865, so 170.86.
	 */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2007, 12, 31),
	    "CYP", "EUR", 2, M("100"), &v, &q), PCL_FX_OK);
	CU_ASSERT(v == 17086);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2008, 1, 2),
	    "CYP", "EUR", 2, M("100"), &v, &q), PCL_FX_NO_RATE);
	CU_ASSERT_EQUAL(q.rate_date, D(2008, 1, 2));
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(2021, 7, 15),
	    "EUR", "CYP", 2, M("100"), &v, NULL), PCL_FX_NO_RATE);
	/* ISK: N/A from 2008-12-10 (e.g. 2009-06-15). */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2009, 6, 15),
	    "ISK", "EUR", 0, M("1000"), &v, &q), PCL_FX_NO_RATE);
	/* Not a column at all. */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 7, 15),
	    "XXX", "EUR", 2, M("1"), &v, &q), PCL_FX_NO_RATE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 7, 15),
	    "usd", "EUR", 2, M("1"), &v, &q), PCL_FX_NO_RATE);
	pcl_fx_free(fx);
}

static void
test_fx_after_table_is_never_guessed(void)
{
	struct pcl_fx *fx = ecb();
	struct pcl_fx_quote q;
	pcl_i128 v;

	/* Saturday right after the last row (Friday 2025-05-09). */
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_ECB_DAILY, D(2025, 5, 10)),
	    PCL_DATE_NONE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2025, 5, 12),
	    "USD", "EUR", 2, M("1"), &v, &q), PCL_FX_AFTER_TABLE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, PCL_DATE_MAX,
	    "USD", "EUR", 2, M("1"), &v, &q), PCL_FX_AFTER_TABLE);
	/*
	 * June 2025: May 2025 ends on Saturday 31st, last Wednesday 28th,
	 * penultimate 21st, after the table's end.
	 */
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_EU_MONTHLY, D(2025, 6, 10)),
	    PCL_DATE_NONE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(2025, 6, 10),
	    "USD", "EUR", 2, M("1"), &v, &q), PCL_FX_AFTER_TABLE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, PCL_DATE_MAX,
	    "USD", "EUR", 2, M("1"), &v, &q), PCL_FX_AFTER_TABLE);
	pcl_fx_free(fx);
}

static void
test_fx_eu_monthly_past_table_end_when_wednesday_covered(void)
{
	struct pcl_fx *fx = ecb();
	struct pcl_fx_quote q;
	pcl_i128 eur;

	/*
	 * 2025-05-20 is after the table's last day (2025-05-09) but its
	 * rate day is covered: April 2025 ends on Wednesday 30th, so the
	 * penultimate Wednesday is the 23rd (USD 1.1415).
	 * 100 USD = 100 / 1.1415 EUR; 1.1415 * 87.60 = 99.9954 < 100 <
	 * 100.0011075 = 1.1415 * 87.605, so 87.60. Likewise 2025-05-31.
	 */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(2025, 5, 20),
	    "USD", "EUR", 2, M("100"), &eur, &q), PCL_FX_OK);
	CU_ASSERT(eur == 8760);
	CU_ASSERT_EQUAL(q.rate_date, D(2025, 4, 23));
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_EU_MONTHLY, D(2025, 5, 31)),
	    D(2025, 4, 23));
	pcl_fx_free(fx);
}

static void
test_fx_before_table(void)
{
	struct pcl_fx *fx = ecb();
	struct pcl_fx_quote q;
	pcl_i128 v;

	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_ECB_DAILY, D(1999, 1, 4)),
	    D(1999, 1, 4));
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_ECB_DAILY, D(1999, 1, 3)),
	    PCL_DATE_NONE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(1998, 12, 31),
	    "USD", "EUR", 2, M("1"), &v, &q), PCL_FX_BEFORE_TABLE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(1998, 12, 31),
	    "USD", "EUR", 2, M("1"), &v, &q), PCL_FX_BEFORE_TABLE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, PCL_DATE_NONE,
	    "USD", "EUR", 2, M("1"), &v, &q), PCL_FX_BEFORE_TABLE);
	pcl_fx_free(fx);
}

static void
test_fx_holiday_on_penultimate_wednesday_takes_day_before(void)
{
	struct pcl_fx *fx = NULL;
	struct pcl_error err;

	/*
	 * No month from 2016-05 to 2025-05 has its penultimate Wednesday
	 * missing from the ECB file (it falls on the 15th-24th, never on a
	 * TARGET holiday), so the fixture drops 2021-06-23 as a holiday
	 * would: July 2021 then takes Tuesday 2021-06-22.
	 */
	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&fx,
	    PCL_FIXTURE("fx/long-layout.csv"), &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fx_rate_date(fx, PCL_FX_EU_MONTHLY, D(2021, 7, 15)),
	    D(2021, 6, 22));
	pcl_fx_free(fx);
}

static void
test_fx_long_layout_fixture(void)
{
	struct pcl_fx *fx = NULL;
	struct pcl_error err;
	struct pcl_fx_quote q;
	pcl_i128 v;
	char hex[65];

	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&fx,
	    PCL_FIXTURE("fx/long-layout.csv"), &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_fx_name(fx), "../fixtures/fx/long-layout.csv");
	CU_ASSERT_EQUAL(pcl_digest_file(PCL_FIXTURE("fx/long-layout.csv"), hex,
	    NULL, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_fx_sha256(fx), hex);
	CU_ASSERT_EQUAL(pcl_fx_first_date(fx), D(2021, 6, 21));
	CU_ASSERT_EQUAL(pcl_fx_last_date(fx), D(2021, 6, 24));
	/*
	 * 2021-06-22: USD 1.1894, GBP 0.8556. 100 USD = 85.56 / 1.1894 GBP;
	 * 1.1894 * 71.935 = 85.559489 < 85.56 < 85.565436 = 1.1894 * 71.94,
	 * so (71.935, 71.94): half-up to 71.94.
	 */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 6, 22),
	    "USD", "GBP", 2, M("100"), &v, &q), PCL_FX_OK);
	CU_ASSERT(v == 7194);
	/* Wednesday 23rd is not in the fixture: Tuesday's rate. */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 6, 23),
	    "USD", "GBP", 2, M("100"), &v, &q), PCL_FX_OK);
	CU_ASSERT(v == 7194);
	CU_ASSERT_EQUAL(q.rate_date, D(2021, 6, 22));
	/* JPY is N/A on the 24th and absent on the 21st. */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 6, 24),
	    "JPY", "EUR", 2, M("100"), &v, &q), PCL_FX_NO_RATE);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 6, 21),
	    "JPY", "EUR", 2, M("100"), &v, &q), PCL_FX_NO_RATE);
	/* 1000 JPY on the 22nd: 1000 / 131.5 = 7.604... -> 7.60 EUR. */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 6, 22),
	    "JPY", "EUR", 2, M("1000"), &v, &q), PCL_FX_OK);
	CU_ASSERT(v == 760);
	pcl_fx_free(fx);
}

static void
test_fx_malformed_rate_names_line_and_column(void)
{
	struct pcl_fx *fx = (struct pcl_fx *)&fx;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_fx_open(&fx, PCL_FIXTURE("fx/bad-rate.csv"), &err),
	    PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(fx);
	CU_ASSERT_EQUAL(err.code, PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_EQUAL(err.record, 2);
	CU_ASSERT_STRING_EQUAL(err.field, "GBP");
	CU_ASSERT_STRING_EQUAL(err.file, "../fixtures/fx/bad-rate.csv");
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "column 3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'0.85.56'"));
	/*
	 * The offset is where the record starts: "Date,USD,GBP,\n" is 14
	 * bytes, "2021-06-23,...,\n" 27.
	 */
	CU_ASSERT_EQUAL(err.offset, 14 + 27);
}

static void
test_fx_malformed_tables_refused(void)
{
	struct pcl_error err;

	from_text("Date,USD,\n2021-02-30,1.2,\n", PCL_E_PARSE, &err);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_STRING_EQUAL(err.field, "date");
	from_text("Date,USD,\n2021-02-01T00:00,1.2,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n20210201,1.2,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,1.2\n", PCL_E_PARSE, &err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "2 fields, expected 3"));
	from_text("Date,USD,\n2021-02-01,1.2,,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,1.2,7\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,0,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,-1.2,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,1e3,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,n/a,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,1.2,\n2021-02-01,1.3,\n", PCL_E_PARSE,
	    &err);
	CU_ASSERT_EQUAL(err.line, 3);
	from_text("Date,USD\n2021-02-02,1.2\n2021-02-01,1.3\n2021-02-02,1.4\n",
	    PCL_E_PARSE, &err);
	CU_ASSERT_EQUAL(err.line, 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "duplicate date 2021-02-02"));
	from_text("Date,USD,USD,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,EUR,\n", PCL_E_PARSE, &err);
	from_text("Date,usd,\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n", PCL_E_PARSE, &err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no rate rows"));
	from_text("", PCL_E_PARSE, &err);
	from_text("when,USD\n", PCL_E_PARSE, &err);
	from_text("Date,USD,\n2021-02-01,1.2,\n\n2021-02-02,1.3,\n",
	    PCL_E_PARSE, &err);
	CU_ASSERT_EQUAL(err.line, 3);
	/* Long layout: exact header, three fields, one rate per day. */
	from_text("date,currency,rate,\n", PCL_E_PARSE, &err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "date,currency,rate"));
	from_text("date,currency,rate\n2021-02-01,USD,1.2,x\n", PCL_E_PARSE,
	    &err);
	from_text("date,currency,rate\n2021-02-01,US,1.2\n", PCL_E_PARSE, &err);
	CU_ASSERT_STRING_EQUAL(err.field, "currency");
	from_text("date,currency,rate\n2021-02-01,USD\n", PCL_E_PARSE, &err);
	from_text("date,currency,rate\n2021-02-01,EUR,1.1\n", PCL_E_PARSE,
	    &err);
	from_text("date,currency,rate\n2021-02-01,USD,1.2\n"
	    "2021-02-02,USD,1.2\n2021-02-01,USD,1.3\n", PCL_E_PARSE, &err);
	CU_ASSERT_EQUAL(err.line, 4);
	CU_ASSERT_STRING_EQUAL(err.field, "currency");
	from_text("date,currency,rate\n2021-02-01,USD,abc\n", PCL_E_PARSE,
	    &err);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_STRING_EQUAL(err.field, "rate");
}

static void
test_fx_accepts_crlf_bom_and_any_order(void)
{
	struct pcl_error err;
	struct pcl_fx *fx;
	pcl_i128 v;

	fx = from_text("\xEF\xBB\xBF" "DATE,USD\r\n2021-02-02,2\r\n"
	    "2021-02-04,4\r\n2021-02-01,1\r\n\r\n", PCL_OK, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fx);
	CU_ASSERT_EQUAL(pcl_fx_first_date(fx), D(2021, 2, 1));
	CU_ASSERT_EQUAL(pcl_fx_last_date(fx), D(2021, 2, 4));
	/* 2021-02-03 is missing: the 2nd applies, 10 EUR = 20 USD. */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 2, 3),
	    "EUR", "USD", 2, M("10"), &v, NULL), PCL_FX_OK);
	CU_ASSERT(v == 2000);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 2, 4),
	    "EUR", "USD", 2, M("10"), &v, NULL), PCL_FX_OK);
	CU_ASSERT(v == 4000);
	pcl_fx_free(fx);
}

static void
test_fx_rounding_at_threshold(void)
{
	struct pcl_fx *fx = ecb();
	pcl_i128 v;

	/*
	 * EU threshold 150 EUR, July 2021 (GBP 0.85435 of 2021-06-23).
	 * 150.005 EUR * 0.85435 = 128.1525 + 0.00427175 = 128.15677175 GBP.
	 * 128.156771 GBP is 0.00000075 GBP below that, so its euro value
	 * is just under 150.005 and rounds to 150.00; 128.156772 GBP is
	 * 0.00000025 GBP above, so just over 150.005: 150.01.
	 */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(2021, 7, 15),
	    "GBP", "EUR", 2, M("128.156771"), &v, NULL), PCL_FX_OK);
	CU_ASSERT(v == 15000);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(2021, 7, 15),
	    "GBP", "EUR", 2, M("128.156772"), &v, NULL), PCL_FX_OK);
	CU_ASSERT(v == 15001);
	/* Same currency: no rate and no table, exact halves go up. */
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_EU_MONTHLY, D(2030, 1, 1),
	    "EUR", "EUR", 2, M("149.995"), &v, NULL), PCL_FX_OK);
	CU_ASSERT(v == 15000);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 7, 15),
	    "EUR", "EUR", 2, M("150.005"), &v, NULL), PCL_FX_OK);
	CU_ASSERT(v == 15001);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 7, 15),
	    "EUR", "EUR", 2, M("-150.005"), &v, NULL), PCL_FX_OK);
	CU_ASSERT(v == -15001);
	pcl_fx_free(fx);
}

static void
test_fx_overflow(void)
{
	struct pcl_fx *fx = ecb();
	pcl_i128 v, big = (pcl_i128)1 << 120;

	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 7, 15),
	    "EUR", "IDR", 2, big, &v, NULL), PCL_FX_OVERFLOW);
	CU_ASSERT_EQUAL(pcl_fx_convert(fx, PCL_FX_ECB_DAILY, D(2021, 7, 15),
	    "EUR", "USD", 7, M("1"), &v, NULL), PCL_FX_OVERFLOW);
	pcl_fx_free(fx);
}

/* gzip-compresses 'len' bytes of 'in' into a malloc'd buffer. */
static unsigned char *
gz(const char *in, size_t len, size_t *outlen)
{
	z_stream z;
	unsigned char *out = malloc(len + 1024);

	memset(&z, 0, sizeof z);
	CU_ASSERT_EQUAL_FATAL(deflateInit2(&z, 9, Z_DEFLATED, 31, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)(len + 1024);
	CU_ASSERT_EQUAL_FATAL(deflate(&z, Z_FINISH), Z_STREAM_END);
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

static void
test_fx_gzip_input(void)
{
	static const char a[] = "date,currency,rate\n2021-06-22,USD,1.1894\n";
	static const char b[] = "2021-06-21,USD,1.1891\n";
	struct pcl_fx *fx = NULL;
	struct pcl_error err;
	unsigned char *ga, *gb, *cat;
	size_t na, nb;
	char hex[65], path[] = "/tmp/pcl-test-fx-XXXXXX";
	int fd;

	ga = gz(a, strlen(a), &na);
	gb = gz(b, strlen(b), &nb);
	cat = malloc(na + nb);
	memcpy(cat, ga, na);
	memcpy(cat + na, gb, nb);

	/* Multi-member (cat a.gz b.gz), from a file: digest of the gz bytes. */
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, cat, na + nb) == (ssize_t)(na + nb));
	close(fd);
	CU_ASSERT_EQUAL(pcl_fx_open(&fx, path, &err), PCL_OK);
	unlink(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fx);
	pcl_digest_buffer(cat, na + nb, hex);
	CU_ASSERT_STRING_EQUAL(pcl_fx_sha256(fx), hex);
	CU_ASSERT_EQUAL(pcl_fx_first_date(fx), D(2021, 6, 21));
	CU_ASSERT_EQUAL(pcl_fx_last_date(fx), D(2021, 6, 22));
	pcl_fx_free(fx);

	/* Truncated stream, and garbage after the first member. */
	CU_ASSERT_EQUAL(pcl_fx_open_buffer(&fx, "t.gz", ga, na - 5, &err),
	    PCL_E_GZIP);
	CU_ASSERT_PTR_NULL(fx);
	cat[na] = 'x';
	CU_ASSERT_EQUAL(pcl_fx_open_buffer(&fx, "t.gz", cat, na + nb, &err),
	    PCL_E_GZIP);
	free(ga);
	free(gb);
	free(cat);
}

static void
test_fx_missing_file_is_io_error(void)
{
	struct pcl_fx *fx = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_fx_open(&fx, PCL_FIXTURE("fx/no-such-file.csv"),
	    &err), PCL_E_IO);
	CU_ASSERT_PTR_NULL(fx);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot open"));
}

void test_fx_register(void);

/* ---- each authority's own source (fixtures/fx-sources, worked in
 * fixtures/README.md, "each authority's own rates") ---------------------- */

#define D(y, m, d) pcl_date_from_ymd((y), (m), (d))

/* The embedded ECB table with source 's' read from 'path' attached. */
static struct pcl_fx *
with_source(enum pcl_fxsource s, const char *path)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_fx *fx = NULL;
	struct pcl_error e;

	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&fx, NULL, &e), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(s, path, &t, &e), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fx_attach(fx, s, t, "test", "00", &e),
	    PCL_OK);
	return fx;
}

/* Converts 'value' (decimal text) of 'from' for 'jur' into cents. */
static int
conv(const struct pcl_fx *fx, const char *jur, int32_t date, int32_t disp,
    const char *from, const char *to, const char *value, long long *cents,
    struct pcl_fx_quote *q)
{
	pcl_i128 v, out = 0;
	int st;

	CU_ASSERT_EQUAL_FATAL(pcl_money_parse(value, strlen(value), '.', &v),
	    PCL_OK);
	st = pcl_fx_convert_for(fx, jur, strcmp(jur, "EU") == 0 ?
	    PCL_FX_EU_MONTHLY : PCL_FX_ECB_DAILY, date, disp, from, to, 2, v,
	    &out, q);
	*cents = (long long)out;
	return st;
}

static void
test_fx_hmrc_monthly_near_gbp_135(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_fx *fx = NULL;
	struct pcl_fx_quote q;
	struct pcl_error e;
	char buf[2048];
	size_t n1, n2;
	FILE *fp;
	long long c;

	/* November and December one after the other, as data update
	 * stores them */
	fp = fopen(PCL_FIXTURE("fx-sources/hmrc/monthly_csv_2026-11.csv"), "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	n1 = fread(buf, 1, sizeof buf / 2, fp);
	fclose(fp);
	fp = fopen(PCL_FIXTURE("fx-sources/hmrc/monthly_csv_2026-12.csv"), "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	n2 = fread(buf + n1, 1, sizeof buf / 2, fp);
	fclose(fp);
	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_parse(PCL_FXSOURCE_HMRC, buf,
	    n1 + n2, &t, &e), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&fx, NULL, &e), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fx_attach(fx, PCL_FXSOURCE_HMRC, t, "t",
	    "00", &e), PCL_OK);
	/* December: USD 1.3265 per GBP. 179.07 / 1.3265 = 134.9943 */
	CU_ASSERT_EQUAL(conv(fx, "GB", D(2026, 12, 4), PCL_DATE_NONE, "USD",
	    "GBP", "179.07", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 13499);
	CU_ASSERT_STRING_EQUAL(q.source, "HMRC 2026-12 monthly");
	CU_ASSERT_EQUAL(q.src, PCL_FXSOURCE_HMRC);
	/* 179.09 / 1.3265 = 135.0094: over GBP 135 */
	CU_ASSERT_EQUAL(conv(fx, "GB", D(2026, 12, 31), PCL_DATE_NONE, "USD",
	    "GBP", "179.09", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 13501);
	/* November: USD 1.3212 per GBP; 179.07 / 1.3212 = 135.5359. GB keys
	 * on the date of acceptance, never on a dispatch date */
	CU_ASSERT_EQUAL(conv(fx, "GB", D(2026, 11, 30), D(2026, 12, 2), "USD",
	    "GBP", "179.07", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 13554);
	CU_ASSERT_STRING_EQUAL(q.source, "HMRC 2026-11 monthly");
	/* EUR 1.1435 per GBP in December, through no other source:
	 * 154.37 / 1.1435 = 134.9979 */
	CU_ASSERT_EQUAL(conv(fx, "GB", D(2026, 12, 4), PCL_DATE_NONE, "EUR",
	    "GBP", "154.37", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 13500);
	/* January 2027 is not in the snapshot: no rate, past its end */
	CU_ASSERT_EQUAL(conv(fx, "GB", D(2027, 1, 4), PCL_DATE_NONE, "USD",
	    "GBP", "179.07", &c, &q), PCL_FX_AFTER_TABLE);
	CU_ASSERT_EQUAL(q.past_end, 1);
	CU_ASSERT_STRING_EQUAL(q.source,
	    "no HMRC rate: hmrc 2026-11-01 to 2026-12-31");
	/* October, before it: no rate, not past its end */
	CU_ASSERT_EQUAL(conv(fx, "GB", D(2026, 10, 30), PCL_DATE_NONE, "USD",
	    "GBP", "179.07", &c, &q), PCL_FX_NO_RATE);
	CU_ASSERT_EQUAL(q.past_end, 0);
	/* a currency HMRC does not quote: named */
	CU_ASSERT_EQUAL(conv(fx, "GB", D(2026, 12, 4), PCL_DATE_NONE, "ISK",
	    "GBP", "100.00", &c, &q), PCL_FX_NO_RATE);
	CU_ASSERT_STRING_EQUAL(q.source, "no HMRC rate for ISK");
	/* another authority is untouched: the EU still uses the ECB table */
	CU_ASSERT_EQUAL(conv(fx, "EU", D(2024, 3, 12), PCL_DATE_NONE, "EUR",
	    "EUR", "1.00", &c, &q), PCL_FX_OK);
	pcl_fx_free(fx);
}

static void
test_fx_frb_quarterly_and_five_percent(void)
{
	struct pcl_fx *fx = with_source(PCL_FXSOURCE_FRB,
	    PCL_FIXTURE("fx-sources/frb/h10-daily.csv"));
	struct pcl_fx_quote q;
	long long c;

	/* MXN: first certified rate of Q4, 2026-10-01, 18.4000 per USD */
	CU_ASSERT_EQUAL(conv(fx, "US", D(2026, 11, 20), D(2026, 11, 18), "MXN",
	    "USD", "1840.00", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 10000);
	CU_ASSERT_EQUAL(q.rate_date, D(2026, 10, 1));
	CU_ASSERT_STRING_EQUAL(q.source,
	    "FRB 2026-10-01 quarterly (19 CFR 159.34)");
	/* 1840.10 / 18.4 = 100.0054 -> 100.01 */
	CU_ASSERT_EQUAL(conv(fx, "US", D(2026, 11, 20), D(2026, 11, 18), "MXN",
	    "USD", "1840.10", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 10001);
	/* 2026-11-18: daily 19.2964 is 4.87 % off: quarterly still,
	 * 1932.34 / 18.4 = 105.0185 */
	CU_ASSERT_EQUAL(conv(fx, "US", D(2026, 11, 20), D(2026, 11, 18), "MXN",
	    "USD", "1932.34", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 10502);
	/* 2026-11-19: daily 19.3234 is 5.02 % off: the daily rate */
	CU_ASSERT_EQUAL(conv(fx, "US", D(2026, 11, 20), D(2026, 11, 19), "MXN",
	    "USD", "1932.34", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 10000);
	CU_ASSERT_EQUAL(q.rate_date, D(2026, 11, 19));
	CU_ASSERT_STRING_EQUAL(q.source,
	    "FRB 2026-11-19 daily, 5% variance (159.34)");
	/* without dispatch_date the date keys: 2026-11-20, 19.3504, also
	 * 5 % or more off: 1935.04 / 19.3504 = 100.00 */
	CU_ASSERT_EQUAL(conv(fx, "US", D(2026, 11, 20), PCL_DATE_NONE, "MXN",
	    "USD", "1935.04", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 10000);
	/* EUR is quoted USD per EUR (RXI$US_): quarterly 1.1600;
	 * 86.21 x 1.16 = 100.0036 -> 100.00 */
	CU_ASSERT_EQUAL(conv(fx, "US", D(2026, 12, 4), PCL_DATE_NONE, "EUR",
	    "USD", "86.21", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 10000);
	/* past the last date (Friday 2026-12-04): the Saturday still has
	 * Friday's rate, the next Monday none */
	CU_ASSERT_EQUAL(conv(fx, "US", D(2026, 12, 7), D(2026, 12, 5), "MXN",
	    "USD", "1840.00", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(conv(fx, "US", D(2026, 12, 7), PCL_DATE_NONE, "MXN",
	    "USD", "1840.00", &c, &q), PCL_FX_AFTER_TABLE);
	CU_ASSERT_EQUAL(q.past_end, 1);
	CU_ASSERT_EQUAL(q.src, PCL_FXSOURCE_FRB);
	CU_ASSERT_STRING_EQUAL(q.source,
	    "no FRB rate: frb 2026-10-01 to 2026-12-04");
	pcl_fx_free(fx);
}

static void
test_fx_boc_friday_and_saturday(void)
{
	struct pcl_fx *fx = with_source(PCL_FXSOURCE_BOC,
	    PCL_FIXTURE("fx-sources/boc/fx-rates-daily.json"));
	struct pcl_fx_quote q;
	long long c;

	/* Friday 2026-11-27: FXUSDCAD 1.4023; 106.98 x 1.4023 = 150.0181 */
	CU_ASSERT_EQUAL(conv(fx, "CA", D(2026, 11, 27), D(2026, 11, 27), "USD",
	    "CAD", "106.98", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 15002);
	CU_ASSERT_STRING_EQUAL(q.source, "BoC 2026-11-27 daily");
	/* 106.97 x 1.4023 = 150.0040 */
	CU_ASSERT_EQUAL(conv(fx, "CA", D(2026, 11, 27), D(2026, 11, 27), "USD",
	    "CAD", "106.97", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 15000);
	/* shipped Saturday 2026-11-28: Friday's rate */
	CU_ASSERT_EQUAL(conv(fx, "CA", D(2026, 11, 30), D(2026, 11, 28), "USD",
	    "CAD", "106.98", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 15002);
	CU_ASSERT_EQUAL(q.rate_date, D(2026, 11, 27));
	/* the Monday itself: 1.4015; 106.98 x 1.4015 = 149.9325 */
	CU_ASSERT_EQUAL(conv(fx, "CA", D(2026, 11, 30), PCL_DATE_NONE, "USD",
	    "CAD", "106.98", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 14993);
	pcl_fx_free(fx);
}

static void
test_fx_rba_from_the_next_day(void)
{
	struct pcl_fx *fx = with_source(PCL_FXSOURCE_RBA,
	    PCL_FIXTURE("fx-sources/rba/f11.1-data.csv"));
	struct pcl_fx_quote q;
	long long c;

	/* Saturday 2026-11-28: Friday 2026-11-27's A$1 = 0.6582 USD;
	 * 658.00 / 0.6582 = 999.6961 */
	CU_ASSERT_EQUAL(conv(fx, "AU", D(2026, 12, 1), D(2026, 11, 28), "USD",
	    "AUD", "658.00", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 99970);
	CU_ASSERT_EQUAL(q.rate_date, D(2026, 11, 27));
	CU_ASSERT_STRING_EQUAL(q.source, "RBA 2026-11-27 (from the next day)");
	/* Monday 2026-11-30: still Friday's (Monday's 0.6579 would give
	 * 1000.15) */
	CU_ASSERT_EQUAL(conv(fx, "AU", D(2026, 12, 1), D(2026, 11, 30), "USD",
	    "AUD", "658.00", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 99970);
	CU_ASSERT_EQUAL(q.rate_date, D(2026, 11, 27));
	/* Wednesday 2026-11-25: Tuesday's 0.6583; 658.35 / 0.6583 =
	 * 1000.0760 (Wednesday's own 0.6584 would give 999.92) */
	CU_ASSERT_EQUAL(conv(fx, "AU", D(2026, 12, 1), D(2026, 11, 25), "USD",
	    "AUD", "658.35", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 100008);
	CU_ASSERT_EQUAL(q.rate_date, D(2026, 11, 24));
	/* the last rate, Friday 2026-12-04, covers up to Monday 12-07 */
	CU_ASSERT_EQUAL(conv(fx, "AU", D(2026, 12, 7), PCL_DATE_NONE, "USD",
	    "AUD", "658.00", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(conv(fx, "AU", D(2026, 12, 8), PCL_DATE_NONE, "USD",
	    "AUD", "658.00", &c, &q), PCL_FX_AFTER_TABLE);
	CU_ASSERT_EQUAL(q.past_end, 1);
	pcl_fx_free(fx);
}

static void
test_fx_ecb_snapshot_as_base_table(void)
{
	struct pcl_fxsource_table *t = NULL;
	struct pcl_fx *fx = NULL;
	struct pcl_fx_quote q;
	struct pcl_error e;
	long long c;

	CU_ASSERT_EQUAL_FATAL(pcl_fxsource_read(PCL_FXSOURCE_ECB,
	    PCL_FIXTURE("fx-sources/ecb/eurofxref-hist.zip"), &t, &e), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fx_open_ecb_source(&fx, t, "snapshot:ecb",
	    "ab", &e), PCL_OK);
	pcl_fxsource_free(t);
	CU_ASSERT_EQUAL(pcl_fx_origin(fx), PCL_FX_SNAPSHOT);
	CU_ASSERT_STRING_EQUAL(pcl_fx_name(fx), "snapshot:ecb");
	CU_ASSERT_EQUAL(pcl_fx_first_date(fx), D(2026, 10, 1));
	CU_ASSERT_EQUAL(pcl_fx_last_date(fx), D(2026, 12, 4));
	/* December 2026: the penultimate Wednesday of November, 2026-11-18,
	 * 1.1646 USD per EUR: 120 / 1.1646 = 103.0397 */
	CU_ASSERT_EQUAL(conv(fx, "EU", D(2026, 12, 4), D(2026, 11, 1), "USD",
	    "EUR", "120.00", &c, &q), PCL_FX_OK);
	CU_ASSERT_EQUAL(c, 10304);
	CU_ASSERT_EQUAL(q.rate_date, D(2026, 11, 18));
	pcl_fx_free(fx);
}

void
test_fx_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_fx_embedded_ecb_table_opens),
		PCL_TEST(test_fx_eu_monthly_uses_penultimate_wednesday_of_previous_month),
		PCL_TEST(test_fx_eu_monthly_before_2016_05_is_daily),
		PCL_TEST(test_fx_daily_saturday_uses_friday),
		PCL_TEST(test_fx_na_cell_is_no_rate_without_fallback),
		PCL_TEST(test_fx_after_table_is_never_guessed),
		PCL_TEST(test_fx_eu_monthly_past_table_end_when_wednesday_covered),
		PCL_TEST(test_fx_before_table),
		PCL_TEST(test_fx_holiday_on_penultimate_wednesday_takes_day_before),
		PCL_TEST(test_fx_long_layout_fixture),
		PCL_TEST(test_fx_malformed_rate_names_line_and_column),
		PCL_TEST(test_fx_malformed_tables_refused),
		PCL_TEST(test_fx_accepts_crlf_bom_and_any_order),
		PCL_TEST(test_fx_rounding_at_threshold),
		PCL_TEST(test_fx_overflow),
		PCL_TEST(test_fx_gzip_input),
		PCL_TEST(test_fx_missing_file_is_io_error),
		PCL_TEST(test_fx_hmrc_monthly_near_gbp_135),
		PCL_TEST(test_fx_frb_quarterly_and_five_percent),
		PCL_TEST(test_fx_boc_friday_and_saturday),
		PCL_TEST(test_fx_rba_from_the_next_day),
		PCL_TEST(test_fx_ecb_snapshot_as_base_table),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("fx", tests);
}
