/*
 * test_split: consignee-day aggregates.
 */
#include <string.h>

#include "test_util.h"
#include "date.h"
#include "split.h"

static void
test_split_sums_per_consignee_day_destination(void)
{
	struct pcl_split *s;
	int32_t d = pcl_date_from_ymd(2024, 3, 12);
	uint64_t k = pcl_split_key(7, d, "US");
	pcl_i128 sum = 0;
	uint32_t n = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_split_new(&s), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_get(s, k, "USD", &sum, &n), 0);
	CU_ASSERT_EQUAL(pcl_split_add(s, k, "USD", 50000), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_add(s, k, "USD", 30001), PCL_OK);
	/* 500.00 + 300.01 = 800.01 USD over two parcels */
	CU_ASSERT_EQUAL(pcl_split_get(s, k, "USD", &sum, &n), 1);
	CU_ASSERT(sum == 80001);
	CU_ASSERT_EQUAL(n, 2);
	/* another day, another destination, another consignee: other keys */
	CU_ASSERT_NOT_EQUAL(pcl_split_key(7, d + 1, "US"), k);
	CU_ASSERT_NOT_EQUAL(pcl_split_key(7, d, "CA"), k);
	CU_ASSERT_NOT_EQUAL(pcl_split_key(8, d, "US"), k);
	/* asked in another currency: unusable */
	CU_ASSERT_EQUAL(pcl_split_get(s, k, "EUR", &sum, &n), 0);
	pcl_split_free(s);
	pcl_split_free(NULL);
}

static void
test_split_mixed_currencies_unusable(void)
{
	struct pcl_split *s;
	uint64_t k = pcl_split_key(1, 0, "CA");
	pcl_i128 sum;
	uint32_t n;

	CU_ASSERT_EQUAL_FATAL(pcl_split_new(&s), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_add(s, k, "CAD", 100), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_add(s, k, "USD", 100), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_get(s, k, "CAD", &sum, &n), 0);
	pcl_split_free(s);
}

static void
test_split_grows(void)
{
	struct pcl_split *s;
	pcl_i128 sum;
	uint32_t n, i, bad = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_split_new(&s), PCL_OK);
	for (i = 0; i < 3000; i++)
		if (pcl_split_add(s, pcl_split_key(i, 1, "FR"), "EUR", i) != PCL_OK)
			bad++;
	for (i = 0; i < 3000; i++)
		if (!pcl_split_get(s, pcl_split_key(i, 1, "FR"), "EUR", &sum, &n) ||
		    sum != (pcl_i128)i || n != 1)
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(pcl_split_memory(s) >= 3000 * 32);
	pcl_split_free(s);
}

/*
 * reserving sizes the table once for load 0.85: 3000 aggregates
 * need 3000 + 9000 / 17 + 1 = 3530 slots of 32 bytes (112960 bytes,
 * plus the 32 of the handle), holding 3530 * 9 / 10 = 3177 before the
 * next one doubles it to 7060 slots (225920 bytes more). Prefetching
 * a key changes nothing.
 */
static void
test_split_reserve_sizes_once(void)
{
	struct pcl_split *s;
	pcl_i128 sum;
	uint32_t n, i, bad = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_split_new(&s), PCL_OK);
	pcl_split_prefetch(s, 1);
	CU_ASSERT_EQUAL(pcl_split_reserve(s, 3000), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_memory(s), 32 + 3530 * 32);
	/* already held: nothing to do */
	CU_ASSERT_EQUAL(pcl_split_reserve(s, 100), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_memory(s), 32 + 3530 * 32);
	for (i = 0; i < 3177; i++) {
		pcl_split_prefetch(s, pcl_split_key(i, 2, "US"));
		if (pcl_split_add(s, pcl_split_key(i, 2, "US"), "USD", 1) !=
		    PCL_OK)
			bad++;
	}
	CU_ASSERT_EQUAL(pcl_split_memory(s), 32 + 3530 * 32);
	/* the 3178th and one more on the first key: doubled */
	CU_ASSERT_EQUAL(pcl_split_add(s, pcl_split_key(3177, 2, "US"), "USD",
	    1), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_add(s, pcl_split_key(0, 2, "US"), "USD",
	    5), PCL_OK);
	CU_ASSERT_EQUAL(pcl_split_memory(s), 32 + 7060 * 32);
	for (i = 0; i < 3178; i++)
		if (!pcl_split_get(s, pcl_split_key(i, 2, "US"), "USD", &sum,
		    &n) || sum != (i == 0 ? 6 : 1) || n != (i == 0 ? 2u : 1u))
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	pcl_split_free(s);
}

void test_split_register(void);
void
test_split_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_split_sums_per_consignee_day_destination),
		PCL_TEST(test_split_mixed_currencies_unusable),
		PCL_TEST(test_split_grows),
		PCL_TEST(test_split_reserve_sizes_once),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("split", tests);
}
