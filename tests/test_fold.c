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

void test_fold_register(void);

void
test_fold_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_fold_sums_and_flags_conflicts),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("fold", tests);
}
