/*
 * test_summary: the process figures of summary.json.
 */
#include <string.h>

#include "test_util.h"
#include "summary.h"

static void
test_summary_peak_rss_is_reported(void)
{
	/* Linux has VmHWM; a running test process holds at least 1 MiB */
	CU_ASSERT(pcl_summary_peak_rss_kib() >= 1024);
}

void test_summary_register(void);
void
test_summary_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_summary_peak_rss_is_reported),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("summary", tests);
}
