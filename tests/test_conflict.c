/*
 * test_conflict: the item indexes behind CONFLICTING_DUPLICATE and
 * NEAR_DUPLICATE.
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
	/* a prefetch, before the tables exist or after, changes nothing */
	pcl_conflict_prefetch(c, 1, 7, 1, 7);
	CU_ASSERT_EQUAL(pcl_conflict_near(c, 7, 10, &other), PCL_OK);
	CU_ASSERT_EQUAL(other, UINT32_MAX);
	pcl_conflict_prefetch(c, 1, 7, 1, 7);
	pcl_conflict_prefetch(c, 0, 0, 1, 0);
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
 * reserving sizes both indexes once, for load 0.85: 1000 items need
 * 1000 + 3000 / 17 + 1 = 1177 slots of 28 bytes (32956); 3000 goods
 * items 3000 + 9000 / 17 + 1 = 3530 slots of 12 bytes (42360). Adding
 * them changes nothing.
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
	CU_ASSERT_EQUAL(pcl_conflict_memory(c) - empty, 32956 + 42360);
	memset(g, 0, sizeof g);
	for (k = 1; k <= 3000; k++)
		if ((k <= 1000 && (pcl_conflict_item(c, k, g, &diff) != PCL_OK ||
		    diff != 0)) || pcl_conflict_near(c, k, k, &other) != PCL_OK ||
		    other != UINT32_MAX)
			bad++;
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_conflict_items(c), 1000);
	CU_ASSERT_EQUAL(pcl_conflict_nears(c), 3000);
	CU_ASSERT_EQUAL(pcl_conflict_memory(c) - empty, 32956 + 42360);
	g[2] = 1;
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 500, g, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, 1u << 2);
	CU_ASSERT_EQUAL(pcl_conflict_near(c, 2999, 7, &other), PCL_OK);
	CU_ASSERT_EQUAL(other, 2999);
	/* smaller than held: nothing to do */
	CU_ASSERT_EQUAL(pcl_conflict_reserve(c, 10, 10), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_memory(c) - empty, 32956 + 42360);
	pcl_conflict_free(c);
}

/*
 * a reserved index fills to load 0.9 before it grows: 100 items get
 * 100 + 300 / 17 + 1 = 118 slots, which hold 118 * 9 / 10 = 106 items;
 * the 107th doubles it to 236 slots (6608 bytes). Near-duplicates
 * likewise: 100 get 118 slots of 12 bytes (1416), the 107th doubles them
 * (2832). Every key is found
 * again after the move, with the parcel or groups it was stored with.
 */
static void
test_conflict_reserved_fills_to_09_then_doubles(void)
{
	struct pcl_conflict *c;
	uint16_t g[PCL_CG_COUNT];
	unsigned diff, bad = 0;
	uint32_t other, k;
	size_t empty;

	CU_ASSERT_EQUAL_FATAL(pcl_conflict_new(&c), PCL_OK);
	empty = pcl_conflict_memory(c);
	CU_ASSERT_EQUAL(pcl_conflict_reserve(c, 100, 100), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_memory(c) - empty, 118 * 28 + 118 * 12);
	memset(g, 0, sizeof g);
	for (k = 1; k <= 106; k++) {
		g[0] = (uint16_t)k;
		if (pcl_conflict_item(c, (uint64_t)k << 40, g, &diff) != PCL_OK ||
		    pcl_conflict_near(c, (uint64_t)k << 40, k, &other) != PCL_OK)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_conflict_memory(c) - empty, 118 * 28 + 118 * 12);
	g[0] = 107;
	CU_ASSERT_EQUAL(pcl_conflict_item(c, (uint64_t)107 << 40, g, &diff),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_near(c, (uint64_t)107 << 40, 107, &other),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_memory(c) - empty, 236 * 28 + 236 * 12);
	for (k = 1; k <= 107; k++) {
		g[0] = (uint16_t)k;
		if (pcl_conflict_item(c, (uint64_t)k << 40, g, &diff) != PCL_OK ||
		    diff != 0 || pcl_conflict_near(c, (uint64_t)k << 40, 999,
		    &other) != PCL_OK || other != k)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_conflict_items(c), 107);
	pcl_conflict_free(c);
}

/*
 * Keys 0 and 1 are one key (0 marks an empty slot, so 0 is stored as 1:
 * one more collision in 2^64); key 2 is another.
 */
static void
test_conflict_keys_0_and_1_collide(void)
{
	struct pcl_conflict *c;
	uint16_t a[PCL_CG_COUNT] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint16_t b[PCL_CG_COUNT] = { 1, 2, 3, 4, 5, 6, 7, 9 };
	unsigned diff;
	uint32_t other;

	CU_ASSERT_EQUAL_FATAL(pcl_conflict_new(&c), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 0, a, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, 0);
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 1, b, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, 1u << PCL_CG_OTHER);
	CU_ASSERT_EQUAL(pcl_conflict_item(c, 2, b, &diff), PCL_OK);
	CU_ASSERT_EQUAL(diff, 0);
	CU_ASSERT_EQUAL(pcl_conflict_items(c), 2);
	CU_ASSERT_EQUAL(pcl_conflict_near(c, 1, 5, &other), PCL_OK);
	CU_ASSERT_EQUAL(other, UINT32_MAX);
	CU_ASSERT_EQUAL(pcl_conflict_near(c, 0, 6, &other), PCL_OK);
	CU_ASSERT_EQUAL(other, 5);
	CU_ASSERT_EQUAL(pcl_conflict_nears(c), 1);
	pcl_conflict_free(c);
}

/*
 * the first copy of an item keeps 32 fingerprint bits: a later copy
 * with the same bits is SAME (an exact duplicate), with other bits OTHER
 * (groups compared with the first copy's); the first copy stays.
 */
static void
test_conflict_item_fp_first_same_other(void)
{
	struct pcl_conflict *c;
	uint16_t a[PCL_CG_COUNT] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint16_t b[PCL_CG_COUNT] = { 1, 2, 3, 4, 5, 6, 9, 8 };
	unsigned diff = 99;
	int copy = 99;

	CU_ASSERT_EQUAL_FATAL(pcl_conflict_new(&c), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_item_fp(c, 42, a, 0xA5A5A5A5u, &copy,
	    &diff), PCL_OK);
	CU_ASSERT_EQUAL(copy, PCL_CONFLICT_FIRST);
	CU_ASSERT_EQUAL(diff, 0);
	CU_ASSERT_EQUAL(pcl_conflict_item_fp(c, 42, a, 0xA5A5A5A5u, &copy,
	    &diff), PCL_OK);
	CU_ASSERT_EQUAL(copy, PCL_CONFLICT_SAME);
	CU_ASSERT_EQUAL(diff, 0);
	/* origin (group 6) differs: bit 6, and other fingerprint bits */
	CU_ASSERT_EQUAL(pcl_conflict_item_fp(c, 42, b, 0x5A5A5A5Au, &copy,
	    &diff), PCL_OK);
	CU_ASSERT_EQUAL(copy, PCL_CONFLICT_OTHER);
	CU_ASSERT_EQUAL(diff, 1u << PCL_CG_ORIGIN);
	/* the first copy stays: b's bits again are still OTHER */
	CU_ASSERT_EQUAL(pcl_conflict_item_fp(c, 42, b, 0x5A5A5A5Au, &copy,
	    &diff), PCL_OK);
	CU_ASSERT_EQUAL(copy, PCL_CONFLICT_OTHER);
	CU_ASSERT_EQUAL(pcl_conflict_items(c), 1);
	/* key 0 is key 1: one item, its first copy's bits answer */
	CU_ASSERT_EQUAL(pcl_conflict_item_fp(c, 1, a, 7, &copy, &diff), PCL_OK);
	CU_ASSERT_EQUAL(copy, PCL_CONFLICT_FIRST);
	CU_ASSERT_EQUAL(pcl_conflict_item_fp(c, 0, a, 7, &copy, &diff), PCL_OK);
	CU_ASSERT_EQUAL(copy, PCL_CONFLICT_SAME);
	/* fingerprint bits 0 are bits like any others */
	CU_ASSERT_EQUAL(pcl_conflict_item_fp(c, 5, a, 0, &copy, &diff), PCL_OK);
	CU_ASSERT_EQUAL(pcl_conflict_item_fp(c, 5, a, 0, &copy, &diff), PCL_OK);
	CU_ASSERT_EQUAL(copy, PCL_CONFLICT_SAME);
	CU_ASSERT_EQUAL(pcl_conflict_items(c), 3);
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
		PCL_TEST(test_conflict_reserved_fills_to_09_then_doubles),
		PCL_TEST(test_conflict_keys_0_and_1_collide),
		PCL_TEST(test_conflict_item_fp_first_same_other),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("conflict", tests);
}
