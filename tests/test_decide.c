/*
 * test_decide: lanes and figures at the edges of the rules, with values
 * worked by hand from the regulations and the ECB reference rates:
 * exactly at each threshold, one cent over, converted values within 0.005
 * of a threshold, the day before and after each rule change, a weekend,
 * an N/A cell and a date after the rate table ends.
 */
#include <string.h>

#include "test_util.h"
#include "date.h"
#include "decide.h"
#include "fx.h"
#include "money.h"
#include "parcel.h"
#include "rules.h"

static struct pcl_rules *rules;
static struct pcl_fx *fx;

static int32_t
D(const char *iso)
{
	return pcl_date_parse_iso(iso, strlen(iso));
}

/* A one-item parcel of 'value' (decimal text) in 'cur' from 'from' to 'dest'. */
static struct pcl_parcel
P(const char *from, const char *dest, const char *date, const char *value,
    const char *cur)
{
	struct pcl_parcel pc;
	pcl_i128 v;

	memset(&pc, 0, sizeof pc);
	memcpy(pc.from, from, 3);
	memcpy(pc.dest, dest, 3);
	memcpy(pc.currency, cur, 4);
	pc.date = D(date);
	pc.channel = PCL_CHANNEL_COURIER;
	pc.nrecords = 1;
	pc.nhs6 = 1;
	pc.has_goods = 1;
	CU_ASSERT_EQUAL_FATAL(pcl_money_parse(value, strlen(value), '.',
	    &v), PCL_MONEY_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_money_add64(&pc.value_micros, v), PCL_OK);
	return pc;
}

struct outcome {
	struct pcl_decision d;
	char reasons[256];
};

static struct outcome
decide(const struct pcl_parcel *pc)
{
	struct outcome o;
	struct pcl_reasons rs;

	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_decide(pc, NULL, rules, fx, &rs, &o.d), 0);
	pcl_reasons_format(&rs, o.reasons, sizeof o.reasons);
	pcl_reasons_release(&rs);
	return o;
}

#define LANE(pc) (decide(&(pc)).d.lane)

static void
test_decide_eu_150_exactly_and_one_cent_over(void)
{
	/* Reg. (EC) 1186/2009 Art. 23: "not exceeding EUR 150" */
	struct pcl_parcel a = P("CN", "FR", "2021-07-15", "150.00", "EUR");
	struct pcl_parcel b = P("CN", "FR", "2021-07-15", "150.01", "EUR");
	struct outcome o = decide(&a);

	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "150.00");
	CU_ASSERT_STRING_EQUAL(o.d.threshold, "150.00");
	CU_ASSERT_STRING_EQUAL(o.d.rule_id, "eu-duty-2008");
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "N");
	/* VAT from the first cent since 2021-07-01, no IOSS number: due */
	CU_ASSERT_STRING_EQUAL(o.d.tax_due, "Y");
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "OVER_THRESHOLD;VAT_DUE");
}

static void
test_decide_us_800_exactly_and_one_cent_over(void)
{
	/* 19 U.S.C. 1321(a)(2)(C) as amended by TFTEA s. 901: USD 800 */
	struct pcl_parcel a = P("GB", "US", "2016-03-10", "800.00", "USD");
	struct pcl_parcel b = P("GB", "US", "2016-03-10", "800.01", "USD");

	CU_ASSERT_EQUAL(LANE(a), PCL_LANE_RELEASE);
	CU_ASSERT_EQUAL(LANE(b), PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(decide(&a).d.tax_due, "N");	/* no federal VAT */
}

static void
test_decide_us_day_before_and_after_2016_03_10(void)
{
	struct pcl_parcel a = P("GB", "US", "2016-03-09", "200.00", "USD");
	struct pcl_parcel b = P("GB", "US", "2016-03-09", "200.01", "USD");
	struct pcl_parcel c = P("GB", "US", "2016-03-10", "200.01", "USD");

	CU_ASSERT_EQUAL(LANE(a), PCL_LANE_RELEASE);
	CU_ASSERT_EQUAL(LANE(b), PCL_LANE_DECLARE);
	CU_ASSERT_EQUAL(LANE(c), PCL_LANE_RELEASE);
}

static void
test_decide_us_suspensions_2025(void)
{
	/* EO 14256: CN/HK from 2025-05-02; EO 14324: all from 2025-08-29 */
	struct pcl_parcel cn1 = P("CN", "US", "2025-05-01", "10.00", "USD");
	struct pcl_parcel cn2 = P("CN", "US", "2025-05-02", "10.00", "USD");
	struct pcl_parcel de1 = P("DE", "US", "2025-08-28", "10.00", "USD");
	struct pcl_parcel de2 = P("DE", "US", "2025-08-29", "10.00", "USD");
	struct outcome o;

	CU_ASSERT_EQUAL(LANE(cn1), PCL_LANE_RELEASE);
	o = decide(&cn2);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "DE_MINIMIS_SUSPENDED");
	CU_ASSERT_STRING_EQUAL(o.d.threshold, "none");
	CU_ASSERT_EQUAL(LANE(de1), PCL_LANE_RELEASE);
	CU_ASSERT_EQUAL(LANE(de2), PCL_LANE_DECLARE);
	/* the origin of the goods, when given, decides the scope */
	memcpy(de1.origin, "CN", 3);
	de1.date = D("2025-05-02");
	CU_ASSERT_EQUAL(LANE(de1), PCL_LANE_DECLARE);
}

static void
test_decide_gbp_to_eu_uses_penultimate_wednesday(void)
{
	/*
	 * 2021-07-15: the EU rate is the ECB rate of 2021-06-23 (penultimate
	 * Wednesday of June 2021), GBP 0.85435 per EUR.
	 * 128.156771 / 0.85435 = 150.004999... -> 150.00 (release);
	 * 128.156772 / 0.85435 = 150.005000... -> 150.01 (declare).
	 */
	struct pcl_parcel a = P("GB", "FR", "2021-07-15", "128.156771", "GBP");
	struct pcl_parcel b = P("GB", "FR", "2021-07-15", "128.156772", "GBP");
	struct outcome o = decide(&a);

	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "150.00");
	CU_ASSERT_STRING_EQUAL(o.d.fx_source,
	    "ECB 2021-06-23 EU-monthly (UCC-IA Art.146)");
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "150.01");
}

static void
test_decide_weekend_uses_friday_rate(void)
{
	/*
	 * Saturday 2024-05-04, GB -> US (ECB cross rate of the date, here
	 * Friday 2024-05-03: USD 1.0744, GBP 0.85573):
	 * 100 GBP x 1.0744 / 0.85573 = 125.5536... -> 125.55 USD.
	 */
	struct pcl_parcel a = P("GB", "US", "2024-05-04", "100.00", "GBP");
	struct outcome o = decide(&a);

	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "125.55");
	CU_ASSERT_STRING_EQUAL(o.d.fx_source, "ECB 2024-05-03 cross");
}

static void
test_decide_na_cell_and_after_table_end_reject(void)
{
	/* ISK was not quoted by the ECB on 2009-03-04 (N/A) */
	struct pcl_parcel a = P("IS", "US", "2009-03-04", "100", "ISK");
	/* the shipped table ends 2025-05-09 (Friday): Monday 05-12 has none */
	struct pcl_parcel b = P("GB", "US", "2025-05-12", "100.00", "GBP");
	struct outcome o = decide(&a);

	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_REJECT);
	CU_ASSERT_STRING_EQUAL(o.reasons, "FX_RATE_UNAVAILABLE@currency");
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_REJECT);
	CU_ASSERT_STRING_EQUAL(o.reasons, "FX_RATE_UNAVAILABLE@currency");
}

static void
test_decide_eu_2008_change_22_to_150(void)
{
	/* Reg. (EC) 274/2008: EUR 22 until 2008-11-30, EUR 150 from 12-01 */
	struct pcl_parcel a = P("US", "DE", "2008-11-30", "100.00", "EUR");
	struct pcl_parcel b = P("US", "DE", "2008-12-01", "100.00", "EUR");

	CU_ASSERT_EQUAL(LANE(a), PCL_LANE_DECLARE);
	CU_ASSERT_EQUAL(LANE(b), PCL_LANE_RELEASE);
}

static void
test_decide_eu_vat_2021_07_01(void)
{
	/* VAT small-consignment exemption EUR 22 abolished 2021-07-01 */
	struct pcl_parcel a = P("US", "IT", "2021-06-30", "20.00", "EUR");
	struct pcl_parcel b = P("US", "IT", "2021-07-01", "20.00", "EUR");
	struct outcome o = decide(&a);

	CU_ASSERT_STRING_EQUAL(o.d.tax_due, "N");
	o = decide(&b);
	CU_ASSERT_STRING_EQUAL(o.d.tax_due, "Y");
	b.ioss_valid = 1;	/* VAT paid at sale through the IOSS */
	o = decide(&b);
	CU_ASSERT_STRING_EQUAL(o.d.tax_due, "N");
	CU_ASSERT_STRING_EQUAL(o.reasons, "IOSS@ioss_number;UNDER_THRESHOLD");
}

static void
test_decide_eu_flat_duty_from_2026_07_01(void)
{
	/* Reg. (EU) 2026/382: EUR 3 per distinct tariff subheading from
	 * 2026-07-01; the day before, the EUR 150 relief with no duty */
	struct pcl_parcel a = P("CN", "NL", "2026-06-30", "40.00", "EUR");
	struct pcl_parcel b = P("CN", "NL", "2026-07-01", "40.00", "EUR");
	struct outcome o;

	o = decide(&a);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "N");
	CU_ASSERT_STRING_EQUAL(o.d.duty_amount, "");
	CU_ASSERT_STRING_EQUAL(o.d.duty_currency, "");
	/* one subheading: 1 x 3.00 */
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "FLAT_DUTY;UNDER_THRESHOLD;VAT_DUE");
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "Y");
	CU_ASSERT_STRING_EQUAL(o.d.duty_amount, "3.00");
	CU_ASSERT_STRING_EQUAL(o.d.duty_currency, "EUR");
	/* three subheadings: 3 x 3.00 */
	b.nhs6 = 3;
	o = decide(&b);
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "Y");
	CU_ASSERT_STRING_EQUAL(o.d.duty_amount, "9.00");
	CU_ASSERT_STRING_EQUAL(o.d.duty_currency, "EUR");
}

static void
test_decide_eu_flat_duty_150_exactly_and_one_cent_over(void)
{
	/* "not exceeding EUR 150": 150.00 pays the flat EUR 3; 150.01
	 * needs a full declaration and no flat amount is computed */
	struct pcl_parcel a = P("CN", "DE", "2026-07-03", "150.00", "EUR");
	struct pcl_parcel b = P("CN", "DE", "2026-07-03", "150.01", "EUR");
	struct outcome o = decide(&a);

	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "Y");
	CU_ASSERT_STRING_EQUAL(o.d.duty_amount, "3.00");
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "OVER_THRESHOLD;VAT_DUE");
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "Y");
	CU_ASSERT_STRING_EQUAL(o.d.duty_amount, "");
	CU_ASSERT_STRING_EQUAL(o.d.duty_currency, "");
}

/*
 * A test rate table (not ECB figures): USD 1.1600 on 2026-06-17, the
 * penultimate Wednesday of June 2026 (Wednesdays 3, 10, 17, 24), which
 * UCC-IA Art. 146 applies to the whole of July; the rate of the parcel's
 * own day (1.2000) must not be used.
 */
static const char fx_2026[] =
    "Date,USD,\n"
    "2026-07-10,1.2000,\n"
    "2026-06-24,1.1800,\n"
    "2026-06-17,1.1600,\n";

static void
test_decide_eu_flat_duty_converted_at_the_rule_rate(void)
{
	/* 174.00 / 1.1600 = 150.00 exactly: release, EUR 3.00;
	 * 174.01 / 1.1600 = 150.00862 -> 150.01: declare */
	struct pcl_parcel a = P("US", "FR", "2026-07-10", "174.00", "USD");
	struct pcl_parcel b = P("US", "FR", "2026-07-10", "174.01", "USD");
	struct pcl_fx *own;
	struct pcl_fx *saved = fx;
	struct outcome o;

	CU_ASSERT_EQUAL_FATAL(pcl_fx_open_buffer(&own, "fx-2026",
	    (const unsigned char *)fx_2026, sizeof fx_2026 - 1, NULL), PCL_OK);
	fx = own;
	o = decide(&a);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "150.00");
	CU_ASSERT_STRING_EQUAL(o.d.fx_source,
	    "ECB 2026-06-17 EU-monthly (UCC-IA Art.146)");
	CU_ASSERT_STRING_EQUAL(o.d.duty_amount, "3.00");
	CU_ASSERT_STRING_EQUAL(o.d.duty_currency, "EUR");
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "150.01");
	CU_ASSERT_STRING_EQUAL(o.d.duty_amount, "");
	fx = saved;
	pcl_fx_free(own);
}

static void
test_decide_gb_leaves_the_customs_union(void)
{
	/* transition period ends 2020-12-31; GBP 135 from 2021-01-01 */
	struct pcl_parcel a = P("FR", "GB", "2020-12-31", "500.00", "EUR");
	struct pcl_parcel b = P("FR", "GB", "2021-01-01", "100.00", "GBP");
	struct pcl_parcel c = P("FR", "GB", "2021-01-01", "135.00", "GBP");
	struct pcl_parcel d = P("FR", "GB", "2021-01-01", "135.01", "GBP");
	struct outcome o = decide(&a);

	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "NO_CUSTOMS_BORDER");
	o = decide(&b);
	CU_ASSERT_STRING_EQUAL(o.reasons, "UNDER_THRESHOLD;VAT_AT_POINT_OF_SALE");
	CU_ASSERT_EQUAL(LANE(c), PCL_LANE_RELEASE);
	CU_ASSERT_EQUAL(LANE(d), PCL_LANE_DECLARE);
}

static void
test_decide_croatia_joins_2013_07_01(void)
{
	struct pcl_parcel a = P("DE", "HR", "2013-06-30", "10.00", "EUR");
	struct pcl_parcel b = P("DE", "HR", "2013-07-01", "10.00", "EUR");

	CU_ASSERT_STRING_EQUAL(decide(&a).reasons, "NO_RULE_IN_FORCE");
	CU_ASSERT_STRING_EQUAL(decide(&b).reasons, "NO_CUSTOMS_BORDER");
}

static void
test_decide_canada_cusma_2020_07_01(void)
{
	/* CUSMA: courier from US: CAD 150 duty / 40 tax from 2020-07-01 */
	struct pcl_parcel a = P("US", "CA", "2020-06-30", "100.00", "CAD");
	struct pcl_parcel b = P("US", "CA", "2020-07-01", "100.00", "CAD");
	struct pcl_parcel c = P("US", "CA", "2020-07-01", "40.00", "CAD");
	struct outcome o;

	CU_ASSERT_EQUAL(LANE(a), PCL_LANE_DECLARE);
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.d.tax_due, "Y");
	CU_ASSERT_STRING_EQUAL(decide(&c).d.tax_due, "N");
	b.channel = PCL_CHANNEL_POST;	/* by post: CAD 20 */
	CU_ASSERT_EQUAL(LANE(b), PCL_LANE_DECLARE);
}

static void
test_decide_australia_gst_2018_07_01(void)
{
	struct pcl_parcel a = P("CN", "AU", "2018-06-30", "500.00", "AUD");
	struct pcl_parcel b = P("CN", "AU", "2018-07-01", "500.00", "AUD");

	CU_ASSERT_STRING_EQUAL(decide(&a).reasons, "UNDER_THRESHOLD");
	CU_ASSERT_STRING_EQUAL(decide(&b).reasons,
	    "UNDER_THRESHOLD;VAT_AT_POINT_OF_SALE");
}

static void
test_decide_data_errors_and_holds_win(void)
{
	struct pcl_parcel a = P("CN", "FR", "2021-07-15", "10.00", "EUR");
	struct pcl_decision d;
	struct pcl_reasons rs;

	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_reasons_add(&rs, PCL_R_MISSING,
	    PCL_COL_HS_CODE), 0);
	CU_ASSERT_EQUAL(pcl_decide(&a, NULL, rules, fx, &rs, &d), 0);
	CU_ASSERT_EQUAL(d.lane, PCL_LANE_REJECT);
	CU_ASSERT_EQUAL_FATAL(pcl_reasons_add(&rs, PCL_R_PARCEL_CONFLICT,
	    PCL_COL_CONSIGNEE_NAME), 0);
	CU_ASSERT_EQUAL(pcl_decide(&a, NULL, rules, fx, &rs, &d), 0);
	CU_ASSERT_EQUAL(d.lane, PCL_LANE_HOLD);
	pcl_reasons_release(&rs);
}

static void
test_decide_excluded_goods_declare(void)
{
	struct pcl_parcel a = P("US", "FR", "2024-03-12", "20.00", "EUR");

	a.excluded = 1;
	CU_ASSERT_STRING_EQUAL(decide(&a).reasons,
	    "EXCLUDED_GOODS@hs_code;VAT_DUE");
}

/*
 * A parcel of several currencies built in an index: the first record's
 * 'first' amount in 'cur0', then each of 'n' more currencies.
 */
struct mix {
	struct pcl_parcels *p;
	uint32_t idx;
};

static const struct pcl_parcel *
mixed(struct mix *m, const char *dest, const char *date, const char *cur0,
    long long micros0, size_t n, const char *const *curs,
    const long long *micros)
{
	struct pcl_parcel_amounts *e;
	struct pcl_parcel *pc;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&m->p), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_get(m->p, "MIX", 3, 1, &m->idx),
	    PCL_OK);
	pc = pcl_parcels_at(m->p, m->idx);
	memcpy(pc->from, "CN", 3);
	memcpy(pc->dest, dest, 3);
	memcpy(pc->currency, cur0, 4);
	pc->date = D(date);
	pc->channel = PCL_CHANNEL_COURIER;
	pc->nrecords = (uint32_t)(1 + n);
	pc->nhs6 = 1;
	pc->has_goods = 1;
	pc->value_micros = micros0;
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL_FATAL(pcl_parcels_amounts_in(m->p, m->idx,
		    curs[i], &e), PCL_OK);
		e->value_micros += micros[i];
	}
	return pcl_parcels_at(m->p, m->idx);
}

static struct outcome
decide_in(const struct mix *m)
{
	struct outcome o;
	struct pcl_reasons rs;

	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_decide(pcl_parcels_at(m->p, m->idx), m->p,
	    rules, fx, &rs, &o.d), 0);
	pcl_reasons_format(&rs, o.reasons, sizeof o.reasons);
	pcl_reasons_release(&rs);
	return o;
}

/*
 * Each currency converted with the EU rate of March 2024 (ECB 2024-02-21:
 * 1.0809 USD, 0.85619 GBP per EUR) to 10^-4 EUR, summed, rounded once.
 */
static void
test_decide_several_currencies(void)
{
	static const char *const usd[] = { "USD" }, *const usd_gbp[] = {
		"USD", "GBP" }, *const aed[] = { "AED" };
	static const long long m50[] = { 50000000 }, m60[] = { 60000000 },
	    m40_40[] = { 40000000, 40000000 }, m10[] = { 10000000 };
	struct mix m;
	struct outcome o;

	/* 100.00 EUR + 50.00 / 1.0809 (46.2577) = 146.2577 -> 146.26 */
	mixed(&m, "DE", "2024-03-12", "EUR", 100000000, 1, usd, m50);
	o = decide_in(&m);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "146.26");
	CU_ASSERT_STRING_EQUAL(o.d.fx_source,
	    "ECB 2024-02-21 EU-monthly (UCC-IA Art.146)");
	pcl_parcels_free(m.p);
	/* + 60.00 USD (55.5093) = 155.5093 -> 155.51 > 150 */
	mixed(&m, "DE", "2024-03-12", "EUR", 100000000, 1, usd, m60);
	o = decide_in(&m);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "155.51");
	CU_ASSERT_STRING_EQUAL(o.reasons, "OVER_THRESHOLD;VAT_DUE");
	pcl_parcels_free(m.p);
	/*
	 * nothing in EUR: 40.00 USD = 37.006198... -> 37.0062 and 40.00 GBP
	 * = 46.718602... -> 46.7186; 83.7248 -> 83.72 (each rounded to the
	 * cent first would give 37.01 + 46.72 = 83.73)
	 */
	mixed(&m, "FR", "2024-03-12", "EUR", 0, 2, usd_gbp, m40_40);
	o = decide_in(&m);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "83.72");
	pcl_parcels_free(m.p);
	/* US 2024-05-02: 100.00 EUR x 1.0698 = 106.98 + 700.00 USD */
	mixed(&m, "US", "2024-05-02", "EUR", 100000000, 1, usd,
	    (const long long[]){ 700000000 });
	o = decide_in(&m);
	CU_ASSERT_STRING_EQUAL(o.d.assessed_value, "806.98");
	CU_ASSERT_STRING_EQUAL(o.d.fx_source, "ECB 2024-05-02 cross");
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	pcl_parcels_free(m.p);
	/* a currency the ECB does not quote: the whole parcel fails */
	mixed(&m, "DE", "2024-03-12", "EUR", 10000000, 1, aed, m10);
	o = decide_in(&m);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_REJECT);
	CU_ASSERT_STRING_EQUAL(o.reasons, "FX_RATE_UNAVAILABLE@currency");
	pcl_parcels_free(m.p);
}

static int
setup(void)
{
	return pcl_rules_open(&rules, NULL, NULL) != PCL_OK ||
	    pcl_fx_open(&fx, NULL, NULL) != PCL_OK;
}

static int
teardown(void)
{
	pcl_rules_free(rules);
	pcl_fx_free(fx);
	return 0;
}


/* A gift from a private person (no consignor id, IOSS, platform). */
static struct pcl_parcel
GIFT(const char *dest, const char *date, const char *value, const char *cur)
{
	struct pcl_parcel pc = P("CN", dest, date, value, cur);

	pc.category = PCL_CAT_GIFT;
	return pc;
}

static void
test_decide_us_gift_100_per_recipient(void)
{
	/* 19 U.S.C. 1321(a)(2)(A): bona fide gifts not over USD 100, kept
	 * while the de minimis of (a)(2)(C) is suspended (from 2025-08-29) */
	struct pcl_parcel a = GIFT("US", "2025-09-15", "100.00", "USD");
	struct pcl_parcel b = GIFT("US", "2025-09-15", "100.01", "USD");
	struct pcl_parcel c = GIFT("US", "2025-09-15", "50.00", "USD");
	struct pcl_parcel e = P("CN", "US", "2025-09-15", "50.00", "USD");
	struct outcome o = decide(&a);

	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "GIFT_RELIEF");
	CU_ASSERT_STRING_EQUAL(o.d.threshold, "100.00");
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "N");
	CU_ASSERT(o.d.gift && o.d.compared && o.d.threshold_minor == 10000);
	CU_ASSERT_EQUAL(o.d.aggregation, PCL_AGG_CONSIGNEE_DAY);
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "DE_MINIMIS_SUSPENDED;GIFT_OVER_RELIEF");
	/* a business consignor (EORI) sends no gift */
	c.business = 1;
	o = decide(&c);
	CU_ASSERT_STRING_EQUAL(o.reasons, "DE_MINIMIS_SUSPENDED");
	/* a sale is no gift */
	o = decide(&e);
	CU_ASSERT_STRING_EQUAL(o.reasons, "DE_MINIMIS_SUSPENDED");
	/* under the USD 800 de minimis (2024) the ordinary relief suffices */
	a = GIFT("US", "2024-03-12", "90.00", "USD");
	o = decide(&a);
	CU_ASSERT_STRING_EQUAL(o.reasons, "UNDER_THRESHOLD");
	CU_ASSERT(!o.d.gift);
}

static void
test_decide_us_gift_alcohol_tobacco_perfume(void)
{
	struct pcl_parcel a = GIFT("US", "2025-09-15", "50.00", "USD");
	pcl_i128 five = (pcl_i128)5000000;	/* USD 5.00 in micros */
	struct outcome o;

	a.gift_excise = 1;	/* a bottle of whisky, HS 2208 */
	o = decide(&a);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.reasons,
	    "DE_MINIMIS_SUSPENDED;EXCLUDED_GOODS@hs_code");
	/* perfume: excluded only over USD 5 */
	a.gift_excise = 0;
	a.perfume_micros = (int64_t)five;
	o = decide(&a);
	CU_ASSERT_STRING_EQUAL(o.reasons, "GIFT_RELIEF");
	a.perfume_micros = (int64_t)five + 10000;	/* USD 5.01 */
	o = decide(&a);
	CU_ASSERT_STRING_EQUAL(o.reasons,
	    "DE_MINIMIS_SUSPENDED;EXCLUDED_GOODS@hs_code");
}

static void
test_decide_eu_gift_45_against_the_flat_duty(void)
{
	/* Reg. 1186/2009 Art. 25: C2C gifts not over EUR 45 are relieved;
	 * from 2026-07-01 other consignments under EUR 150 pay EUR 3 */
	struct pcl_parcel a = GIFT("FR", "2026-07-15", "45.00", "EUR");
	struct pcl_parcel b = GIFT("FR", "2026-07-15", "45.01", "EUR");
	struct outcome o = decide(&a);

	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "GIFT_RELIEF;VAT_DUE");
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "N");
	CU_ASSERT_STRING_EQUAL(o.d.threshold, "45.00");
	CU_ASSERT_EQUAL(o.d.aggregation, PCL_AGG_CONSIGNMENT);
	o = decide(&b);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "FLAT_DUTY;UNDER_THRESHOLD;VAT_DUE");
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "Y");
	CU_ASSERT_STRING_EQUAL(o.d.duty_amount, "3.00");
	/* perfume takes an EU gift out (Art. 27 limits) */
	a.perfume_micros = 1000000;
	a.excluded = 1;		/* HS 3303 is on the rule's excluded list */
	o = decide(&a);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "EXCLUDED_GOODS@hs_code;VAT_DUE");
	/* 2024: the EUR 150 relief covers a EUR 40 gift already */
	a = GIFT("FR", "2024-03-12", "40.00", "EUR");
	o = decide(&a);
	CU_ASSERT_STRING_EQUAL(o.reasons, "UNDER_THRESHOLD;VAT_DUE");
}

static void
test_decide_gb_gift_39_relieves_vat(void)
{
	/* UK: gifts not over GBP 39 pay no import VAT; alcohol and tobacco
	 * are not in the allowance */
	struct pcl_parcel a = GIFT("GB", "2024-03-12", "39.00", "GBP");
	struct pcl_parcel b = GIFT("GB", "2024-03-12", "39.01", "GBP");
	struct pcl_parcel c = P("CN", "GB", "2024-03-12", "39.00", "GBP");
	struct outcome o = decide(&a);

	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "GIFT_RELIEF;UNDER_THRESHOLD");
	CU_ASSERT_STRING_EQUAL(o.d.tax_due, "N");
	o = decide(&b);
	CU_ASSERT_STRING_EQUAL(o.reasons, "UNDER_THRESHOLD;VAT_DUE");
	CU_ASSERT_STRING_EQUAL(o.d.tax_due, "Y");
	o = decide(&c);
	CU_ASSERT_STRING_EQUAL(o.reasons,
	    "UNDER_THRESHOLD;VAT_AT_POINT_OF_SALE");
	/* perfume stays in a UK gift, though outside the GBP 135 relief */
	a.perfume_micros = 20000000;
	a.excluded = 1;
	o = decide(&a);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "GIFT_RELIEF");
	CU_ASSERT_STRING_EQUAL(o.d.duty_due, "N");
	/* whisky does not */
	a.perfume_micros = 0;
	a.gift_excise = 1;
	o = decide(&a);
	CU_ASSERT_EQUAL(o.d.lane, PCL_LANE_DECLARE);
	CU_ASSERT_STRING_EQUAL(o.reasons, "EXCLUDED_GOODS@hs_code;VAT_DUE");
}

void test_decide_register(void);
void
test_decide_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_decide_eu_150_exactly_and_one_cent_over),
		PCL_TEST(test_decide_us_800_exactly_and_one_cent_over),
		PCL_TEST(test_decide_us_day_before_and_after_2016_03_10),
		PCL_TEST(test_decide_us_suspensions_2025),
		PCL_TEST(test_decide_gbp_to_eu_uses_penultimate_wednesday),
		PCL_TEST(test_decide_weekend_uses_friday_rate),
		PCL_TEST(test_decide_na_cell_and_after_table_end_reject),
		PCL_TEST(test_decide_eu_2008_change_22_to_150),
		PCL_TEST(test_decide_eu_vat_2021_07_01),
		PCL_TEST(test_decide_eu_flat_duty_from_2026_07_01),
		PCL_TEST(test_decide_eu_flat_duty_150_exactly_and_one_cent_over),
		PCL_TEST(test_decide_eu_flat_duty_converted_at_the_rule_rate),
		PCL_TEST(test_decide_gb_leaves_the_customs_union),
		PCL_TEST(test_decide_croatia_joins_2013_07_01),
		PCL_TEST(test_decide_canada_cusma_2020_07_01),
		PCL_TEST(test_decide_australia_gst_2018_07_01),
		PCL_TEST(test_decide_data_errors_and_holds_win),
		PCL_TEST(test_decide_excluded_goods_declare),
		PCL_TEST(test_decide_us_gift_100_per_recipient),
		PCL_TEST(test_decide_us_gift_alcohol_tobacco_perfume),
		PCL_TEST(test_decide_eu_gift_45_against_the_flat_duty),
		PCL_TEST(test_decide_gb_gift_39_relieves_vat),
		PCL_TEST(test_decide_several_currencies),
		{ NULL, NULL }
	};
	CU_pSuite s = CU_add_suite("decide", setup, teardown);
	size_t i;

	for (i = 0; tests[i].fn != NULL; i++)
		CU_add_test(s, tests[i].name, tests[i].fn);
}
