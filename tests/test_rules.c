/*
 * test_rules: the default de minimis table and customs unions, lookups by
 * date, channel and origin, and load-time validation. Expected thresholds
 * are the amounts in the cited regulations (standards.md sections 3, 5,
 * 10, 11), written here in minor units by hand, not read from the table.
 */
#include <string.h>

#include "test_util.h"
#include "date.h"
#include "digest.h"
#include "rules.h"

static int32_t
D(int y, int m, int d)
{
	return pcl_date_from_ymd(y, m, d);
}

static struct pcl_rules *
open_default(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&r, NULL, &err), PCL_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	return r;
}

/* The rule in force, which must exist. */
static const struct pcl_rule *
must_find(struct pcl_rules *r, const char *dest, int32_t date,
    enum pcl_tax tax, enum pcl_channel ch, const char *origin)
{
	const struct pcl_rule *rule;

	rule = pcl_rules_find(r, dest, date, tax, ch, origin, origin);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rule);
	return rule;
}

/* 1 when 'rule' has a threshold of exactly 'minor' in 'cur'. */
static int
threshold_is(const struct pcl_rule *rule, long long minor, const char *cur)
{
	return rule->has_threshold && rule->threshold_minor == minor &&
	    strcmp(rule->currency, cur) == 0 && rule->minor_digits == 2;
}

static void
test_rules_default_table_loads_with_digests(void)
{
	struct pcl_rules *r = open_default();
	struct pcl_error err;
	char hex[65];

	CU_ASSERT(pcl_rules_count(r) >= 20);
	CU_ASSERT_PTR_NOT_NULL(pcl_rules_at(r, 0));
	CU_ASSERT_PTR_NULL(pcl_rules_at(r, pcl_rules_count(r)));
	CU_ASSERT_STRING_EQUAL(pcl_rules_name(r), "embedded:data/rules/de-minimis.csv");
	CU_ASSERT_STRING_EQUAL(pcl_rules_unions_name(r),
	    "embedded:data/rules/customs-unions.csv");
	/* The embedded bytes are the repository file's bytes. */
	CU_ASSERT_EQUAL(pcl_digest_file("../data/rules/de-minimis.csv", hex,
	    NULL, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_rules_sha256(r), hex);
	CU_ASSERT_EQUAL(pcl_digest_file("../data/rules/customs-unions.csv",
	    hex, NULL, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_rules_unions_sha256(r), hex);
	pcl_rules_free(r);
	pcl_rules_free(NULL);
}

static void
test_rules_every_default_row_cites_a_source(void)
{
	struct pcl_rules *r = open_default();
	size_t i;

	for (i = 0; i < pcl_rules_count(r); i++)
		CU_ASSERT(strlen(pcl_rules_at(r, i)->source) > 10);
	pcl_rules_free(r);
}

/* 19 U.S.C. 1321(a)(2)(C): USD 200, USD 800 from 2016-03-10 (TFTEA). */
static void
test_rules_us_200_until_2016_03_09_then_800(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;

	a = must_find(r, "US", D(2016, 3, 9), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "DE");
	CU_ASSERT(threshold_is(a, 20000, "USD"));
	CU_ASSERT_EQUAL(a->strict_less, 0);	/* "shall not exceed" */
	CU_ASSERT_EQUAL(a->basis, PCL_BASIS_FAIR_RETAIL);
	CU_ASSERT_EQUAL(a->aggregation, PCL_AGG_CONSIGNEE_DAY);
	CU_ASSERT(a->has_gift && a->gift_minor == 10000);	/* USD 100 */
	CU_ASSERT_STRING_EQUAL(a->excluded, "");
	CU_ASSERT_EQUAL(a->fx_rule, PCL_FX_ECB_DAILY);
	a = must_find(r, "US", D(2016, 3, 10), PCL_TAX_DUTY,
	    PCL_CHANNEL_COURIER, "DE");
	CU_ASSERT(threshold_is(a, 80000, "USD"));
	pcl_rules_free(r);
}

/* EO 14256: CN/HK from 2025-05-02; EO 14324: all countries 2025-08-29. */
static void
test_rules_us_suspension_by_origin_and_date(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;

	a = must_find(r, "US", D(2025, 5, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 80000, "USD"));
	a = must_find(r, "US", D(2025, 5, 2), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	a = must_find(r, "US", D(2025, 5, 2), PCL_TAX_DUTY,
	    PCL_CHANNEL_COURIER, "HK");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	a = must_find(r, "US", D(2025, 5, 2), PCL_TAX_DUTY,
	    PCL_CHANNEL_COURIER, "DE");
	CU_ASSERT(threshold_is(a, 80000, "USD"));
	a = must_find(r, "US", D(2025, 8, 28), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "DE");
	CU_ASSERT(threshold_is(a, 80000, "USD"));
	a = must_find(r, "US", D(2025, 8, 29), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "DE");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	a = must_find(r, "US", D(2026, 3, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	/* Lower-case origins are the same countries. */
	a = must_find(r, "US", D(2025, 6, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "cn");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	/* While the rule depends on origin, an unknown origin matches none. */
	CU_ASSERT_PTR_NULL(pcl_rules_find(r, "US", D(2025, 6, 1),
	    PCL_TAX_DUTY, PCL_CHANNEL_POST, NULL, NULL));
	CU_ASSERT_PTR_NULL(pcl_rules_find(r, "US", D(2025, 6, 1),
	    PCL_TAX_DUTY, PCL_CHANNEL_POST, "", ""));
	/* ... but an origin-independent rule does not need it. */
	a = must_find(r, "US", D(2024, 6, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, NULL);
	CU_ASSERT(threshold_is(a, 80000, "USD"));
	pcl_rules_free(r);
}

/* No federal VAT in the US: no vat row; before 1990 nothing is known. */
static void
test_rules_us_has_no_vat_rule(void)
{
	struct pcl_rules *r = open_default();

	CU_ASSERT_PTR_NULL(pcl_rules_find(r, "US", D(2020, 1, 1),
	    PCL_TAX_VAT, PCL_CHANNEL_POST, "DE", "DE"));
	CU_ASSERT_PTR_NULL(pcl_rules_find(r, "US", D(1985, 1, 1),
	    PCL_TAX_DUTY, PCL_CHANNEL_POST, "DE", "DE"));
	pcl_rules_free(r);
}

/* Reg. 918/83 and 1186/2009 Art. 23-25; EUR 3 flat duty from 2026-07-01. */
static void
test_rules_eu_duty_through_member_state(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;

	a = must_find(r, "FR", D(2008, 11, 30), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 2200, "EUR"));
	a = must_find(r, "FR", D(2008, 12, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 15000, "EUR"));
	a = must_find(r, "FR", D(2021, 7, 15), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_STRING_EQUAL(a->jurisdiction, "EU");
	CU_ASSERT(threshold_is(a, 15000, "EUR"));
	CU_ASSERT_EQUAL(a->strict_less, 0);
	CU_ASSERT_EQUAL(a->basis, PCL_BASIS_INTRINSIC);
	CU_ASSERT_EQUAL(a->aggregation, PCL_AGG_CONSIGNMENT);
	CU_ASSERT(a->has_gift && a->gift_minor == 4500);	/* Art. 25 */
	CU_ASSERT_EQUAL(a->fx_rule, PCL_FX_EU_MONTHLY);
	a = must_find(r, "FR", D(2026, 6, 30), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 15000, "EUR"));
	CU_ASSERT(a->flat_charge_minor == 0);
	a = must_find(r, "DE", D(2026, 7, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_COURIER, "CN");
	CU_ASSERT(threshold_is(a, 15000, "EUR"));
	CU_ASSERT(a->flat_charge_minor == 300);		/* EUR 3.00 */
	/* Reg. (EU) 2026/382: consignments not exceeding EUR 150 [S] */
	CU_ASSERT_EQUAL(a->strict_less, 0);
	pcl_rules_free(r);
}

/* Dir. 2009/132/EC Art. 23 (EUR 22) abolished from 2021-07-01. */
static void
test_rules_eu_vat_22_until_2021_06_30_then_none(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;

	a = must_find(r, "IT", D(2021, 6, 30), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "US");
	CU_ASSERT(threshold_is(a, 2200, "EUR"));
	CU_ASSERT_EQUAL(a->collection, PCL_COLLECT_BORDER);
	a = must_find(r, "IT", D(2021, 7, 1), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "US");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	CU_ASSERT_EQUAL(a->collection, PCL_COLLECT_IOSS);
	pcl_rules_free(r);
}

/* GB: EU duty and LVCR until 2020-12-31, own GBP 135 rules after. */
static void
test_rules_gb_before_and_after_transition(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;

	a = must_find(r, "GB", D(2020, 12, 31), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_STRING_EQUAL(a->jurisdiction, "EU");
	CU_ASSERT(threshold_is(a, 15000, "EUR"));
	a = must_find(r, "GB", D(2020, 12, 31), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_STRING_EQUAL(a->jurisdiction, "GB");
	CU_ASSERT(threshold_is(a, 1500, "GBP"));
	a = must_find(r, "GB", D(2011, 10, 31), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 1800, "GBP"));
	a = must_find(r, "GB", D(2011, 11, 1), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 1500, "GBP"));
	/* LVCR withdrawn for Channel Islands goods from 2012-04-01. */
	a = must_find(r, "GB", D(2013, 1, 1), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "JE");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	a = must_find(r, "GB", D(2021, 1, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_STRING_EQUAL(a->jurisdiction, "GB");
	CU_ASSERT(threshold_is(a, 13500, "GBP"));
	CU_ASSERT(a->has_gift && a->gift_minor == 3900);
	a = must_find(r, "GB", D(2021, 1, 1), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	CU_ASSERT_EQUAL(a->collection, PCL_COLLECT_POINT_OF_SALE);
	pcl_rules_free(r);
}

/* CBSA CN 20-18: CUSMA courier CAD 150/40, otherwise CAD 20. */
static void
test_rules_ca_by_channel_and_origin(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;
	int32_t day = D(2021, 3, 1);

	a = must_find(r, "CA", day, PCL_TAX_DUTY, PCL_CHANNEL_COURIER, "US");
	CU_ASSERT(threshold_is(a, 15000, "CAD"));
	a = must_find(r, "CA", day, PCL_TAX_VAT, PCL_CHANNEL_COURIER, "US");
	CU_ASSERT(threshold_is(a, 4000, "CAD"));
	a = must_find(r, "CA", day, PCL_TAX_VAT, PCL_CHANNEL_COURIER, "MX");
	CU_ASSERT(threshold_is(a, 4000, "CAD"));
	a = must_find(r, "CA", day, PCL_TAX_DUTY, PCL_CHANNEL_COURIER, "CN");
	CU_ASSERT(threshold_is(a, 2000, "CAD"));
	a = must_find(r, "CA", day, PCL_TAX_DUTY, PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 2000, "CAD"));
	a = must_find(r, "CA", day, PCL_TAX_VAT, PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 2000, "CAD"));
	a = must_find(r, "CA", day, PCL_TAX_DUTY, PCL_CHANNEL_POST, "US");
	CU_ASSERT(threshold_is(a, 2000, "CAD"));
	a = must_find(r, "CA", D(2020, 6, 30), PCL_TAX_DUTY,
	    PCL_CHANNEL_COURIER, "US");
	CU_ASSERT(threshold_is(a, 2000, "CAD"));
	pcl_rules_free(r);
}

/*
 * CBSA Customs Notice 20-18: the CUSMA amounts apply to goods shipped by
 * courier from the US or MX, whatever their origin; goods of US origin
 * shipped from a third country get CAD 20. The rows key on the place of
 * direct shipment.
 */
static void
test_rules_ca_by_place_of_direct_shipment(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;
	int32_t day = D(2024, 5, 2);

	/* goods of CN origin shipped from a US warehouse: CAD 150 / 40 */
	a = pcl_rules_find(r, "CA", day, PCL_TAX_DUTY, PCL_CHANNEL_COURIER,
	    "CN", "US");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(a->id, "ca-duty-2020-cusma");
	CU_ASSERT(threshold_is(a, 15000, "CAD"));
	CU_ASSERT_EQUAL(a->scope_by, PCL_SCOPE_DISPATCH);
	a = pcl_rules_find(r, "CA", day, PCL_TAX_VAT, PCL_CHANNEL_COURIER,
	    "CN", "MX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT(threshold_is(a, 4000, "CAD"));
	/* goods of US origin shipped from DE: CAD 20 */
	a = pcl_rules_find(r, "CA", day, PCL_TAX_DUTY, PCL_CHANNEL_COURIER,
	    "US", "DE");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(a->id, "ca-duty-2020-courier");
	CU_ASSERT(threshold_is(a, 2000, "CAD"));
	a = pcl_rules_find(r, "CA", day, PCL_TAX_VAT, PCL_CHANNEL_COURIER,
	    "US", "DE");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT(threshold_is(a, 2000, "CAD"));
	/* unknown place of shipment: no courier row can be chosen */
	CU_ASSERT_PTR_NULL(pcl_rules_find(r, "CA", day, PCL_TAX_DUTY,
	    PCL_CHANNEL_COURIER, "US", ""));
	pcl_rules_free(r);
}

/*
 * The US suspension for CN and HK (EO 14256, 2025-05-02 to 2025-08-28)
 * keys on the country of origin, not on where the goods were shipped from.
 */
static void
test_rules_us_cnhk_by_origin(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;
	int32_t day = D(2025, 6, 1);

	/* CN goods shipped from a DE warehouse: suspended */
	a = pcl_rules_find(r, "US", day, PCL_TAX_DUTY, PCL_CHANNEL_COURIER,
	    "CN", "DE");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(a->id, "us-duty-2025-cnhk");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	CU_ASSERT_EQUAL(a->scope_by, PCL_SCOPE_ORIGIN);
	/* DE goods shipped from CN: USD 800 */
	a = pcl_rules_find(r, "US", day, PCL_TAX_DUTY, PCL_CHANNEL_COURIER,
	    "DE", "CN");
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(a->id, "us-duty-2025-other");
	CU_ASSERT(threshold_is(a, 80000, "USD"));
	pcl_rules_free(r);
}

/* A table with the header before scope_by is read, every row on origin. */
static void
test_rules_header_before_scope_by(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&r,
	    PCL_FIXTURE("rules/small-custom.csv"), &err), PCL_OK);
	for (i = 0; i < pcl_rules_count(r); i++)
		CU_ASSERT_EQUAL(pcl_rules_at(r, i)->scope_by,
		    PCL_SCOPE_ORIGIN);
	CU_ASSERT_STRING_EQUAL(pcl_rules_at(r, 1)->source, "made-up test row");
	pcl_rules_free(r);
}

/* Rows keyed on different countries clash whatever their scopes. */
static void
test_rules_scope_by_clash_and_values(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r,
	    PCL_FIXTURE("rules/scope-by-clash.csv"), &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'zz-from-us'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'zz-of-cn'"));
	CU_ASSERT_EQUAL(pcl_rules_open(&r,
	    PCL_FIXTURE("rules/scope-by-unknown.csv"), &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_STRING_EQUAL(err.field, "scope_by");
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'shipper'"));
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_STRING_EQUAL(pcl_rules_scope_by_name(PCL_SCOPE_ORIGIN),
	    "origin");
	CU_ASSERT_STRING_EQUAL(pcl_rules_scope_by_name(PCL_SCOPE_DISPATCH),
	    "dispatch");
}

/* AU: AUD 1000; GST at point of sale from 2018-07-01. */
static void
test_rules_au_gst_moves_to_point_of_sale(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;

	a = must_find(r, "AU", D(2018, 6, 30), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 100000, "AUD"));
	CU_ASSERT_EQUAL(a->collection, PCL_COLLECT_BORDER);
	a = must_find(r, "AU", D(2018, 7, 1), PCL_TAX_VAT,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_EQUAL(a->has_threshold, 0);
	CU_ASSERT_EQUAL(a->collection, PCL_COLLECT_POINT_OF_SALE);
	a = must_find(r, "AU", D(2018, 7, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT(threshold_is(a, 100000, "AUD"));
	CU_ASSERT(pcl_rules_excludes(a, "240220", 6));	/* cigarettes */
	pcl_rules_free(r);
}

static void
test_rules_union_membership_by_date(void)
{
	struct pcl_rules *r = open_default();
	const char *u;

	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "GB", "FR",
	    D(2010, 6, 1)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "GB", "FR",
	    D(2020, 12, 31)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "GB", "FR",
	    D(2021, 1, 1)), 0);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "FR", "DE",
	    D(1999, 1, 1)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "FR", "DE",
	    D(2025, 1, 1)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "HR", "DE",
	    D(2013, 6, 30)), 0);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "HR", "DE",
	    D(2013, 7, 1)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "FR", "FR",
	    D(2021, 1, 1)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "US", "US",
	    D(2021, 1, 1)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "US", "CA",
	    D(2021, 1, 1)), 0);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "MC", "FR",
	    D(2021, 1, 1)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "XI", "IE",
	    D(2021, 2, 1)), 1);
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "XI", "GB",
	    D(2021, 2, 1)), 0);
	u = pcl_rules_union_of(r, "XI", D(2021, 2, 1));
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_STRING_EQUAL(u, "EU");
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "XI", D(2020, 12, 31)));
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "GB", D(2021, 1, 1)));
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "GB", D(1972, 12, 31)));
	CU_ASSERT_PTR_NOT_NULL(pcl_rules_union_of(r, "GB", D(1973, 1, 1)));
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "JE", D(2021, 1, 1)));
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "CH", D(2021, 1, 1)));
	/* looked up by country; case as before, only two letters */
	u = pcl_rules_union_of(r, "fr", D(2021, 1, 1));
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_STRING_EQUAL(u, "EU");
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "F", D(2021, 1, 1)));
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "FRA", D(2021, 1, 1)));
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "F1", D(2021, 1, 1)));
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, "", D(2021, 1, 1)));
	CU_ASSERT_PTR_NULL(pcl_rules_union_of(r, NULL, D(2021, 1, 1)));
	pcl_rules_free(r);
}

/* Reg. 1186/2009 Art. 24: alcoholic products, perfumes, tobacco. */
static void
test_rules_excluded_hs_prefixes(void)
{
	struct pcl_rules *r = open_default();
	const struct pcl_rule *a;

	a = must_find(r, "FR", D(2020, 5, 1), PCL_TAX_DUTY,
	    PCL_CHANNEL_POST, "CN");
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, "220421", 6), 1);	/* wine */
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, "2208300000", 10), 1);
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, "330300", 6), 1);	/* perfume */
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, "240311", 6), 1);	/* tobacco */
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, "610910", 6), 0);	/* T-shirt */
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, "330499", 6), 0);	/* make-up */
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, "220110", 6), 0);	/* water */
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, "22", 2), 0);	/* too short */
	CU_ASSERT_EQUAL(pcl_rules_excludes(a, NULL, 0), 0);
	pcl_rules_free(r);
}

static void
test_rules_overlap_names_both_ids(void)
{
	struct pcl_rules *r = (struct pcl_rules *)&r;	/* open must reset */
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r, PCL_FIXTURE("rules/overlap.csv"),
	    &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_EQUAL(err.code, PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'us-200'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'us-800'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "2016-03-10"));
	CU_ASSERT_EQUAL(err.line, 4);
	CU_ASSERT_STRING_EQUAL(err.file, PCL_FIXTURE("rules/overlap.csv"));
}

static void
test_rules_overlapping_origin_scopes_refused(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r,
	    PCL_FIXTURE("rules/overlap-origin-scope.csv"), &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'us-all'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'us-cnhk'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "2025-05-02"));
}

static void
test_rules_unknown_value_names_line_and_column(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r, PCL_FIXTURE("rules/unknown-tax.csv"),
	    &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_EQUAL(err.line, 4);	/* comment, header, row, bad row */
	CU_ASSERT_EQUAL(err.record, 2);
	CU_ASSERT_STRING_EQUAL(err.field, "tax");
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'gst'"));
}

static void
test_rules_valid_from_after_valid_to_refused(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r,
	    PCL_FIXTURE("rules/valid-from-after-valid-to.csv"), &err),
	    PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_STRING_EQUAL(err.field, "valid_to");
}

static void
test_rules_unknown_currency_refused(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r,
	    PCL_FIXTURE("rules/unknown-currency.csv"), &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "currency");
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'XYZ'"));
}

static void
test_rules_missing_file_is_io_error(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r, PCL_FIXTURE("rules/no-such.csv"),
	    &err), PCL_E_IO);
	CU_ASSERT_PTR_NULL(r);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no-such.csv"));
}

static void
test_rules_unterminated_quote_refused(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r,
	    PCL_FIXTURE("rules/unterminated-quote.csv"), &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unterminated"));
}

static void
test_rules_header_misspelt_column_refused(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_rules_open(&r,
	    PCL_FIXTURE("rules/header-misspelt-column.csv"), &err),
	    PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 1);
	CU_ASSERT_STRING_EQUAL(err.field, "origin_scope");
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'origin'"));
}

/* --rules replaces the table wholesale; no EU or US rows remain. */
static void
test_rules_custom_file_replaces_default(void)
{
	struct pcl_rules *r = NULL;
	struct pcl_error err;
	const struct pcl_rule *a;
	char hex[65];
	const char *path = PCL_FIXTURE("rules/small-custom.csv");

	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&r, path, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_rules_count(r), 2);
	CU_ASSERT_STRING_EQUAL(pcl_rules_name(r), path);
	CU_ASSERT_EQUAL(pcl_digest_file(path, hex, NULL, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_rules_sha256(r), hex);
	a = pcl_rules_at(r, 0);
	CU_ASSERT_STRING_EQUAL(a->id, "zz-duty-old");
	CU_ASSERT_STRING_EQUAL(a->source, "HMRC notice, \"low value\" relief");
	CU_ASSERT_STRING_EQUAL(a->excluded, "2203 24");
	a = pcl_rules_at(r, 1);
	CU_ASSERT_STRING_EQUAL(a->source, "made-up test row");
	CU_ASSERT(a->threshold_minor == 10050 && a->strict_less == 1);
	CU_ASSERT(a->flat_charge_minor == 25);
	CU_ASSERT_EQUAL(a->basis, PCL_BASIS_CIF);
	CU_ASSERT_EQUAL(a->valid_to, PCL_DATE_MAX);
	CU_ASSERT_EQUAL(a->channel, PCL_CHANNEL_COURIER);
	CU_ASSERT_PTR_NULL(pcl_rules_find(r, "GB", D(2022, 5, 1),
	    PCL_TAX_DUTY, PCL_CHANNEL_POST, "CN", "CN"));
	CU_ASSERT_PTR_EQUAL(pcl_rules_find(r, "GB", D(2022, 5, 1),
	    PCL_TAX_DUTY, PCL_CHANNEL_COURIER, "CN", "CN"), a);
	CU_ASSERT_PTR_NULL(pcl_rules_find(r, "FR", D(2022, 5, 1),
	    PCL_TAX_DUTY, PCL_CHANNEL_POST, "CN", "CN"));
	/* Unions still come from the embedded table. */
	CU_ASSERT_EQUAL(pcl_rules_same_territory(r, "FR", "DE",
	    D(2022, 5, 1)), 1);
	pcl_rules_free(r);
}

static void
test_rules_names(void)
{
	CU_ASSERT_STRING_EQUAL(pcl_rules_tax_name(PCL_TAX_DUTY), "duty");
	CU_ASSERT_STRING_EQUAL(pcl_rules_tax_name(PCL_TAX_VAT), "vat");
	CU_ASSERT_STRING_EQUAL(pcl_rules_channel_name(PCL_CHANNEL_ANY), "any");
	CU_ASSERT_STRING_EQUAL(pcl_rules_channel_name(PCL_CHANNEL_COURIER),
	    "courier");
	CU_ASSERT_STRING_EQUAL(pcl_rules_basis_name(PCL_BASIS_FAIR_RETAIL),
	    "fair_retail");
	CU_ASSERT_STRING_EQUAL(pcl_rules_aggregation_name(PCL_AGG_CONSIGNEE_DAY),
	    "consignee_day");
}

void test_rules_register(void);

void
test_rules_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_rules_default_table_loads_with_digests),
		PCL_TEST(test_rules_every_default_row_cites_a_source),
		PCL_TEST(test_rules_us_200_until_2016_03_09_then_800),
		PCL_TEST(test_rules_us_suspension_by_origin_and_date),
		PCL_TEST(test_rules_us_has_no_vat_rule),
		PCL_TEST(test_rules_eu_duty_through_member_state),
		PCL_TEST(test_rules_eu_vat_22_until_2021_06_30_then_none),
		PCL_TEST(test_rules_gb_before_and_after_transition),
		PCL_TEST(test_rules_ca_by_channel_and_origin),
	PCL_TEST(test_rules_ca_by_place_of_direct_shipment),
	PCL_TEST(test_rules_us_cnhk_by_origin),
	PCL_TEST(test_rules_header_before_scope_by),
	PCL_TEST(test_rules_scope_by_clash_and_values),
		PCL_TEST(test_rules_au_gst_moves_to_point_of_sale),
		PCL_TEST(test_rules_union_membership_by_date),
		PCL_TEST(test_rules_excluded_hs_prefixes),
		PCL_TEST(test_rules_overlap_names_both_ids),
		PCL_TEST(test_rules_overlapping_origin_scopes_refused),
		PCL_TEST(test_rules_unknown_value_names_line_and_column),
		PCL_TEST(test_rules_valid_from_after_valid_to_refused),
		PCL_TEST(test_rules_unknown_currency_refused),
		PCL_TEST(test_rules_missing_file_is_io_error),
		PCL_TEST(test_rules_unterminated_quote_refused),
		PCL_TEST(test_rules_header_misspelt_column_refused),
		PCL_TEST(test_rules_custom_file_replaces_default),
		PCL_TEST(test_rules_names),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("rules", tests);
}
