/*
 * test_date: day numbers, weekdays and strict date parsing.
 */
#include <string.h>

#include "test_util.h"
#include "date.h"

#define ISO(s) pcl_date_parse_iso((s), strlen(s))
#define FMT(s, f) pcl_date_parse_fmt((s), strlen(s), (f))

static void
test_date_day_numbers(void)
{
	int y, m, d;

	CU_ASSERT_EQUAL(pcl_date_from_ymd(1970, 1, 1), 0);
	CU_ASSERT_EQUAL(pcl_date_from_ymd(2000, 3, 1), 11017);
	CU_ASSERT_EQUAL(pcl_date_from_ymd(2023, 2, 29), PCL_DATE_NONE);
	CU_ASSERT_NOT_EQUAL(pcl_date_from_ymd(2024, 2, 29), PCL_DATE_NONE);
	CU_ASSERT_EQUAL(pcl_date_from_ymd(1900, 2, 29), PCL_DATE_NONE);
	CU_ASSERT_EQUAL(pcl_date_from_ymd(2021, 13, 1), PCL_DATE_NONE);
	pcl_date_to_ymd(pcl_date_from_ymd(2021, 7, 15), &y, &m, &d);
	CU_ASSERT(y == 2021 && m == 7 && d == 15);
}

static void
test_date_weekday(void)
{
	CU_ASSERT_EQUAL(pcl_date_weekday(0), 4);			/* Thu */
	CU_ASSERT_EQUAL(pcl_date_weekday(ISO("2021-06-23")), 3);	/* Wed */
	CU_ASSERT_EQUAL(pcl_date_weekday(ISO("2025-05-10")), 6);	/* Sat */
	CU_ASSERT_EQUAL(pcl_date_weekday(ISO("2010-12-05")), 7);	/* Sun */
}

static void
test_date_parse_iso(void)
{
	CU_ASSERT_EQUAL(ISO("2021-07-15"), pcl_date_from_ymd(2021, 7, 15));
	CU_ASSERT_EQUAL(ISO("20210715"), pcl_date_from_ymd(2021, 7, 15));
	CU_ASSERT_EQUAL(ISO("2010-12-01 08:26:00"), pcl_date_from_ymd(2010, 12, 1));
	CU_ASSERT_EQUAL(ISO("2010-12-01T08:26:00Z"), pcl_date_from_ymd(2010, 12, 1));
	CU_ASSERT_EQUAL(ISO("2021-02-30"), PCL_DATE_NONE);
	CU_ASSERT_EQUAL(ISO("2021-7-15"), PCL_DATE_NONE);
	CU_ASSERT_EQUAL(ISO("15/07/2021"), PCL_DATE_NONE);
	CU_ASSERT_EQUAL(ISO(""), PCL_DATE_NONE);
	CU_ASSERT_EQUAL(ISO("2021-07-15x"), PCL_DATE_NONE);
}

static void
test_date_parse_fmt(void)
{
	CU_ASSERT_EQUAL(FMT("12/1/10 8:26", "%m/%d/%y %H:%M"),
	    pcl_date_from_ymd(2010, 12, 1));
	CU_ASSERT_EQUAL(FMT("12/06/2010 10:08", "%m/%d/%Y %H:%M"),
	    pcl_date_from_ymd(2010, 12, 6));
	CU_ASSERT_EQUAL(FMT("01-12-10 8:26", "%d-%m-%y %H:%M"),
	    pcl_date_from_ymd(2010, 12, 1));
	CU_ASSERT_EQUAL(FMT("2/20/11 11:39", "%m/%d/%y %H:%M"),
	    pcl_date_from_ymd(2011, 2, 20));
	/* a 4-digit year does not match %y */
	CU_ASSERT_EQUAL(FMT("12/06/2010 10:08", "%m/%d/%y %H:%M"), PCL_DATE_NONE);
	CU_ASSERT_EQUAL(FMT("13/01/10 8:26", "%m/%d/%y %H:%M"), PCL_DATE_NONE);
	CU_ASSERT_EQUAL(FMT("12/1/10 25:26", "%m/%d/%y %H:%M"), PCL_DATE_NONE);
}

static void
test_date_format(void)
{
	char b[11];

	pcl_date_format(pcl_date_from_ymd(2021, 6, 23), b);
	CU_ASSERT_STRING_EQUAL(b, "2021-06-23");
	pcl_date_format(PCL_DATE_NONE, b);
	CU_ASSERT_STRING_EQUAL(b, "");
}

static void
test_date_parse_bound(void)
{
	int32_t d = 0;

	/* empty: the open bound given; else exactly YYYY-MM-DD */
	CU_ASSERT_EQUAL(pcl_date_parse_bound("", PCL_DATE_MAX, &d), 1);
	CU_ASSERT_EQUAL(d, PCL_DATE_MAX);
	CU_ASSERT_EQUAL(pcl_date_parse_bound("2021-07-01", 0, &d), 1);
	CU_ASSERT_EQUAL(d, pcl_date_from_ymd(2021, 7, 1));
	CU_ASSERT_EQUAL(pcl_date_parse_bound("20210701", 0, &d), 0);
	CU_ASSERT_EQUAL(pcl_date_parse_bound("2021-02-29", 0, &d), 0);
	CU_ASSERT_EQUAL(pcl_date_parse_bound("2021-07-01T00:00", 0, &d), 0);
}

void test_date_register(void);
void
test_date_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_date_day_numbers),
		PCL_TEST(test_date_weekday),
		PCL_TEST(test_date_parse_iso),
		PCL_TEST(test_date_parse_fmt),
		PCL_TEST(test_date_format),
		PCL_TEST(test_date_parse_bound),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("date", tests);
}
