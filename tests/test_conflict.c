/*
 * test_conflict: the item indexes behind CONFLICTING_DUPLICATE and
 * NEAR_DUPLICATE (#3).
 */
#include <stdint.h>
#include <string.h>

#include "test_util.h"
#include "conflict.h"

static void
test_conflict_first_copy_stored_later_copy_compared(void)
{
	struct pcl_conflict *c;
	uint16_t a[PCL_CG_COUNT] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint16_t b[PCL_CG_COUNT] = { 1, 9, 3, 4, 5, 6, 7, 9 };
	unsigned diff = 99;

	CU_ASSERT_EQUAL_FATAL(pcl_conflict_new(&c), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 42, a, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, 0);
	/* same content again: nothing differs */
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 42, a, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, 0);
	/* description (bit 1) and other (bit 7) differ: 2 + 128 */
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 42, b, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, (1u << PCL_CG_DESCRIPTION) | (1u << PCL_CG_OTHER));
	/* another key is a first copy */
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 43, b, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, 0);
	/* key 0 is stored (as 1) */
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 0, a, &diff), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 0, b, &diff), PCL_OK);
	CU_ASSERT_NOT_EQUAL(diff, 0);
	pcl_conflict_free(c);
	pcl_conflict_free(NULL);
}

static void
test_conflict_near_duplicate_other_parcel_only(void)
{
	struct pcl_conflict *c;
	uint32_t other;

	CU_ASSERT_EQUAL_FATAL(pcl_conflict_new(&c), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_near(c, 7, 10, &other), PCL_OK);
	CU_ASSERT_EQUAL(other, UINT32_MAX);
	/* the same item key in the same parcel: not a near-duplicate */
	CU_ASSERT_EQUAL(pcl_conflict_near(c, 7, 10, &other), PCL_OK);
	CU_ASSERT_EQUAL(other, UINT32_MAX);
	CU_ASSERT_EQUAL(pcl_conflict_near(c, 7, 11, &other), PCL_OK);
	CU_ASSERT_EQUAL(other, 10);
	pcl_conflict_free(c);
}

static void
test_conflict_grows_and_keeps_every_key(void)
{
	struct pcl_conflict *c;
	uint16_t g[PCL_CG_COUNT];
	unsigned diff, bad = 0;
	uint32_t other, k;

	CU_ASSERT_EQUAL_FATAL(pcl_conflict_new(&c), PCL_OK);
	for (k = 1; k <= 5000; k++) {
		memset(g, 0, sizeof g);
		g[0] = (uint16_t)k;
		if (pcl_conflict_item(c, (uint64_t)k * 0x9E3779B97F4A7C15ull, g,
		    &diff) != PCL_OK || pcl_conflict_near(c, k, k, &other) !=
		    PCL_OK)
			bad++;
	}
	for (k = 1; k <= 5000; k++) {
		memset(g, 0, sizeof g);
		g[0] = (uint16_t)(k + 1);
		if (pcl_conflict_item(c, (uint64_t)k * 0x9E3779B97F4A7C15ull, g,
		    &diff) != PCL_OK || diff != 1u ||
		    pcl_conflict_near(c, k, 0, &other) != PCL_OK || other != k)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(pcl_conflict_memory(c) > 5000 * 24);
	pcl_conflict_free(c);
}

/*
 * #5: reserving sizes both indexes once: 1000 items need 1000 / 0.7 =
 * 1429 slots, so 2048 of 24 bytes (49152); 3000 goods items 4286, so
 * 8192 of 16 bytes (131072). Adding them changes nothing.
 */
static void
test_conflict_reserve_sizes_once(void)
{
	struct pcl_conflict *c;
	uint16_t g[PCL_CG_COUNT];
	unsigned diff, bad = 0;
	uint32_t other, k;
	size_t empty;

	CU_ASSERT_EQUAL_FATAL(pcl_conflict_new(&c), PCL_OK);
	empty = pcl_conflict_memory(c);
	CU_ASSERT_EQUAL(pcl_conflict_reserve(c, 1000, 3000), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_memory(c) - empty, 49152 + 131072);
	memset(g, 0, sizeof g);
	for (k = 1; k <= 3000; k++)
		if ((k <= 1000 && (pcl_conflict_item(c, k, g, &diff) != PCL_OK ||
		    diff != 0)) || pcl_conflict_near(c, k, k, &other) != PCL_OK ||
		    other != UINT32_MAX)
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_conflict_memory(c) - empty, 49152 + 131072);
	g[2] = 1;
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 500, g, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, 1u << 2);
	CU_ASSERT_EQUAL(pcl_conflict_near(c, 2999, 7, &other), PCL_OK);
	CU_ASSERT_EQUAL(other, 2999);
	pcl_conflict_free(c);
}

void test_conflict_register(void);
void
test_conflict_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_conflict_first_copy_stored_later_copy_compared),
		PCL_TEST(test_conflict_near_duplicate_other_parcel_only),
		PCL_TEST(test_conflict_grows_and_keeps_every_key),
		PCL_TEST(test_conflict_reserve_sizes_once),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("conflict", tests);
}
