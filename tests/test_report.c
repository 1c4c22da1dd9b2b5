/*
 * test_report: the HTML page: sections, escaping, the histogram bars,
 * nothing that loads from elsewhere.
 */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "date.h"
#include "report.h"

static void
test_report_sections_escaping_no_urls(void)
{
	struct pcl_stats *s;
	struct pcl_job_result res;
	struct pcl_report_data d;
	const char *inputs[] = { "a<b>&\"c\".csv" };
	char *html;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(pcl_stats_new(&s), PCL_OK);
	/* 55.00 of 150.00 is 36.7 %: bucket 3, drawn at x = 22 + 3 * 28 */
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_RELEASE, "EUR",
	    55000000, NULL, "eu-duty-2008", "55.00", "150.00", "EUR"), PCL_OK);
	pcl_stats_sort(s);
	memset(&res, 0, sizeof res);
	res.records_in = 1;
	res.records[PCL_LANE_RELEASE] = 1;
	res.parcels[PCL_LANE_RELEASE] = 1;
	memset(&d, 0, sizeof d);
	d.tool_version = "test";
	d.as_of = PCL_DATE_NONE;
	d.inputs = inputs;
	d.ninputs = 1;
	d.rules_name = "rules.csv";
	d.rules_sha256 = "00";
	d.stats = s;
	d.res = &res;
	CU_ASSERT_EQUAL_FATAL(pcl_report_render(&d, &html, &len), PCL_OK);
	CU_ASSERT_EQUAL(strlen(html), len);
	CU_ASSERT(strncmp(html, "<!DOCTYPE html>", 15) == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"lanes\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"reasons\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"flags\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"values\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"rules\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "a&lt;b&gt;&amp;&quot;c&quot;.csv"));
	CU_ASSERT_PTR_NULL(strstr(html, "a<b>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "<rect x=\"106\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "threshold 150.00 EUR, 1 parcel<"));
	/* value totals: declared 55.00 EUR, assessed 55.00 EUR of 1 parcel */
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "id=\"totals\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>FR</td><td>release</td><td "
	    "class=\"n\">1</td><td class=\"n\">55.00&#160;EUR</td><td "
	    "class=\"n\">55.00&#160;EUR (1)</td>"));
	/* lanes in the order of the summary and the README */
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "<th>records in</th><th>release"
	    "</th><th>declare</th><th>hold</th><th>reject</th><th>duplicates"
	    "</th>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(html, "<th>destination</th><th>release"
	    "</th><th>declare</th><th>hold</th><th>reject</th></tr>"));
	CU_ASSERT_PTR_NULL(strstr(html, "http"));
	CU_ASSERT_PTR_NULL(strstr(html, "<script"));
	CU_ASSERT_PTR_NULL(strstr(html, "src="));
	free(html);
	pcl_stats_free(s);
}

void test_report_register(void);
void
test_report_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_report_sections_escaping_no_urls),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("report", tests);
}
