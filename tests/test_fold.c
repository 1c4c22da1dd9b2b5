/*
 * test_fold: items folded into their parcel: the first sets it, later
 * ones must agree, values are summed exactly.
 */
#include <string.h>

#include "test_util.h"
#include "check.h"
#include "fold.h"
#include "fx.h"
#include "map.h"
#include "parcel.h"
#include "rules.h"

static void
goods(struct pcl_row *r)
{
	int c;

	memset(r, 0, sizeof *r);
	for (c = 0; c < PCL_COL_COUNT; c++)
		r->v[c] = "";
	r->row_class = -1;
}

static struct pcl_item
item(const char *dest, int32_t date, long long micros)
{
	struct pcl_item it;

	memset(&it, 0, sizeof it);
	memcpy(it.dest, dest, 3);
	memcpy(it.from, "CN", 3);
	memcpy(it.currency, "EUR", 4);
	it.currency_minor = 2;
	it.date = date;
	it.value_micros = micros;
	return it;
}

static void
test_fold_sums_and_flags_conflicts(void)
{
	struct pcl_fold f;
	struct pcl_rules *rules;
	struct pcl_reasons rs;
	struct pcl_row r;
	struct pcl_item it;
	struct pcl_parcel *pc;
	char text[256];
	uint32_t idx;

	memset(&f, 0, sizeof f);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&f.parcels), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&rules, NULL, NULL), PCL_OK);
	f.rules = rules;
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_get(f.parcels, "T", 1, 1, &idx),
	    PCL_OK);
	pcl_reasons_init(&rs);
	goods(&r);
	/* 12.50 + 7.25 EUR to FR on one day: 19.75, no finding */
	it = item("FR", 19000, 12500000);
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	it = item("FR", 19000, 7250000);
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	pc = pcl_parcels_at(f.parcels, idx);
	CU_ASSERT_EQUAL(pc->nrecords, 2);
	CU_ASSERT(pc->value_micros == 19750000);
	CU_ASSERT_EQUAL(rs.n, 0);
	/* a third item to DE, a day later, for another consignee */
	it = item("DE", 19001, 1000000);
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 8, '.', &rs), PCL_OK);
	pcl_reasons_format(&rs, text, sizeof text);
	CU_ASSERT_EQUAL(rs.n, 3);
	CU_ASSERT(strstr(text, "PARCEL_CONFLICT@date") != NULL);
	CU_ASSERT(strstr(text, "PARCEL_CONFLICT@consignee_country") != NULL);
	CU_ASSERT(strstr(text, "PARCEL_CONFLICT@consignee_name") != NULL);
	pcl_reasons_format(pcl_parcels_reasons(f.parcels,
	    pcl_parcels_at(f.parcels, idx)->reasons), text, sizeof text);
	CU_ASSERT(strstr(text, "PARCEL_CONFLICT@date") != NULL);
	pcl_reasons_release(&rs);
	pcl_rules_free(rules);
	pcl_parcels_free(f.parcels);
}

/*
 * Items in another currency than the first go to that currency's sums,
 * without a reason; transport and insurance costs stay in the first
 * currency, a postage line's amount goes to its own currency.
 */
static void
test_fold_items_in_several_currencies(void)
{
	struct pcl_fold f;
	struct pcl_rules *rules;
	struct pcl_reasons rs;
	struct pcl_row r;
	struct pcl_item it;
	const struct pcl_parcel *pc;
	const struct pcl_parcel_amounts *e;
	uint32_t idx;

	memset(&f, 0, sizeof f);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&f.parcels), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&rules, NULL, NULL), PCL_OK);
	f.rules = rules;
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_get(f.parcels, "M", 1, 1, &idx),
	    PCL_OK);
	pcl_reasons_init(&rs);
	goods(&r);
	/* 100.00 EUR, transport 4.00 (EUR) */
	it = item("DE", 19794, 100000000);
	it.transport_micros = 4000000;
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	/* 50.00 USD with transport 1.50 and insurance 0.50: both EUR */
	it = item("DE", 19794, 50000000);
	memcpy(it.currency, "USD", 4);
	it.transport_micros = 1500000;
	it.insurance_micros = 500000;
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	/* 10.00 GBP, then 5.00 USD more */
	it = item("DE", 19794, 10000000);
	memcpy(it.currency, "GBP", 4);
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	it = item("DE", 19794, 5000000);
	memcpy(it.currency, "USD", 4);
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	/* a postage line of 3.00 USD */
	r.is_postage = 1;
	it = item("DE", 19794, 0);
	memcpy(it.currency, "USD", 4);
	it.transport_micros = 3000000;
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	CU_ASSERT_EQUAL(rs.n, 0);
	pc = pcl_parcels_at(f.parcels, idx);
	/* five records, one of them the postage line */
	CU_ASSERT_EQUAL(pc->nrecords, 5);
	CU_ASSERT_EQUAL(pc->npostage, 1);
	CU_ASSERT_EQUAL(pc->mixed, 1);
	CU_ASSERT_STRING_EQUAL(pc->currency, "EUR");
	CU_ASSERT(pc->value_micros == 100000000);
	CU_ASSERT(pc->transport_micros == 5500000);
	CU_ASSERT(pc->insurance_micros == 500000);
	e = pcl_parcels_amounts_at(f.parcels, pc, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->currency, "USD");
	CU_ASSERT(e->value_micros == 55000000);
	CU_ASSERT(e->transport_micros == 3000000);
	e = pcl_parcels_amounts_at(f.parcels, pc, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->currency, "GBP");
	CU_ASSERT(e->value_micros == 10000000);
	CU_ASSERT_PTR_NULL(pcl_parcels_amounts_at(f.parcels, pc, 2));
	pcl_reasons_release(&rs);
	pcl_rules_free(rules);
	pcl_parcels_free(f.parcels);
}

/*
 * The place of shipment is dispatch_country, else consignor_country;
 * records that disagree on it name the column that said so.
 */
static void
test_fold_place_of_shipment(void)
{
	struct pcl_fold f;
	struct pcl_rules *rules;
	struct pcl_reasons rs;
	struct pcl_row r;
	struct pcl_item it;
	char text[256];
	uint32_t idx;

	memset(&f, 0, sizeof f);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&f.parcels), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&rules, NULL, NULL), PCL_OK);
	f.rules = rules;
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_get(f.parcels, "S", 1, 1, &idx),
	    PCL_OK);
	pcl_reasons_init(&rs);
	goods(&r);
	it = item("CA", 19845, 1000000);
	memcpy(it.dispatch, "US", 3);
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_parcels_at(f.parcels, idx)->from, "US");
	/* same place, said by the dispatch column: agrees */
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	CU_ASSERT_EQUAL(rs.n, 0);
	/* no dispatch country: the consignor's CN, another place */
	it = item("CA", 19845, 1000000);
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	pcl_reasons_format(&rs, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "PARCEL_CONFLICT@consignor_country");
	pcl_reasons_clear(&rs);
	it = item("CA", 19845, 1000000);
	memcpy(it.dispatch, "MX", 3);
	CU_ASSERT_EQUAL(pcl_fold_item(&f, idx, &r, &it, 9, '.', &rs), PCL_OK);
	pcl_reasons_format(&rs, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "PARCEL_CONFLICT@dispatch_country");
	pcl_reasons_release(&rs);
	pcl_rules_free(rules);
	pcl_parcels_free(f.parcels);
}

void test_fold_register(void);

void
test_fold_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_fold_sums_and_flags_conflicts),
		PCL_TEST(test_fold_items_in_several_currencies),
		PCL_TEST(test_fold_place_of_shipment),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("fold", tests);
}
