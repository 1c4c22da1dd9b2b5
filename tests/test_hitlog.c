/*
 * test_hitlog: screening items kept by record ordinal and found again
 * in order.
 */
#include <string.h>

#include "test_util.h"
#include "hitlog.h"

static void
test_hitlog_keeps_records_with_hits(void)
{
	struct pcl_hitlog *h = NULL;
	struct pcl_screen_fire f[3];
	const struct pcl_screen_fire *g = NULL;

	memset(f, 0, sizeof f);
	f[0].entry = 7;
	f[0].start = 2;
	f[0].end = 9;
	f[1].entry = 9;
	f[2].entry = 11;
	CU_ASSERT_EQUAL_FATAL(pcl_hitlog_open(&h), PCL_OK);
	CU_ASSERT_EQUAL(pcl_hitlog_add(h, 3, f, 2), PCL_OK);
	CU_ASSERT_EQUAL(pcl_hitlog_add(h, 4, f, 0), PCL_OK);	/* none */
	CU_ASSERT_EQUAL(pcl_hitlog_add(h, 10, f + 2, 1), PCL_OK);
	CU_ASSERT_EQUAL(pcl_hitlog_count(h), 2);
	CU_ASSERT(pcl_hitlog_memory(h) > 0);
	CU_ASSERT_EQUAL(pcl_hitlog_find(h, 0, &g), 0);
	CU_ASSERT_EQUAL_FATAL(pcl_hitlog_find(h, 3, &g), 2);
	CU_ASSERT_EQUAL(g[0].entry, 7);
	CU_ASSERT_EQUAL(g[0].start, 2);
	CU_ASSERT_EQUAL(g[0].end, 9);
	CU_ASSERT_EQUAL(g[1].entry, 9);
	CU_ASSERT_EQUAL(pcl_hitlog_find(h, 4, &g), 0);
	/* 5 to 9 skipped */
	CU_ASSERT_EQUAL_FATAL(pcl_hitlog_find(h, 10, &g), 1);
	CU_ASSERT_EQUAL(g[0].entry, 11);
	CU_ASSERT_EQUAL(pcl_hitlog_find(h, 11, &g), 0);
	pcl_hitlog_free(h);
	pcl_hitlog_free(NULL);
}

void test_hitlog_register(void);
void
test_hitlog_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_hitlog_keeps_records_with_hits),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("hitlog", tests);
}
