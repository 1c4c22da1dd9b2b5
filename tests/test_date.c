/*
 * test_date: day numbers, weekdays and strict date parsing.
 */
#include <stdio.h>
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

/*
 * A time part is checked and ignored: each valid form below gives the
 * date as written, 2024-03-12 = day 19794 (2024-01-01 is day 19723, plus
 * 31 days of January, 29 of February and 11 of March).
 */
static void
test_date_parse_iso_time_part_valid_keeps_written_date(void)
{
	static const char *ok[] = {
		"2024-03-12T10:30", "2024-03-12 10:30", "2024-03-12T00:00:00",
		"2024-03-12T23:59:59", "2024-03-12T10:30:15.5",
		"2024-03-12T10:30:15.123456", "2024-03-12T10:30Z",
		"2024-03-12T10:30:15Z", "2024-03-12T10:30:15.25Z",
		"2024-03-12T23:30:00-05:00", "2024-03-12T00:30:00+14:00",
		"2024-03-12 10:30+01:00", "2024-03-12T23:59:60Z",
		"2024-03-12T05:29:60+05:30", "2024-03-12T10:30:00+23:59",
	};
	size_t i;

	CU_ASSERT_EQUAL(pcl_date_from_ymd(2024, 3, 12), 19794);
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		CU_ASSERT_EQUAL(ISO(ok[i]), 19794);
}

/* Every malformed time part makes the whole date invalid. */
static void
test_date_parse_iso_time_part_invalid_rejects_date(void)
{
	static const char *bad[] = {
		"2024-03-12T99:99:99",		/* hour and minute out of range */
		"2024-03-12Tgarbage",
		"2024-03-12 25:00",		/* hour 25 */
		"2024-03-12T24:00",		/* 24:00 is not a time of day here */
		"2024-03-12T10:60",		/* minute 60 */
		"2024-03-12T10:30:61",		/* second 61 */
		"2024-03-12T",			/* separator without a time */
		"2024-03-12 ",
		"2024-03-12  10:30",		/* two spaces */
		"2024-03-12T10",		/* hour alone */
		"2024-03-12T1:30",		/* one-digit hour */
		"2024-03-12T10:3",
		"2024-03-12T10:30:5",
		"2024-03-12T1030",		/* basic time form */
		"2024-03-12T10:30:15.",		/* '.' without digits */
		"2024-03-12T10:30.5",		/* fraction without seconds */
		"2024-03-12T10:30:15,5",	/* comma fraction */
		"2024-03-12T10:30ZZ",
		"2024-03-12T10:30z",
		"2024-03-12T10:30+01",		/* offset without minutes */
		"2024-03-12T10:30+0100",
		"2024-03-12T10:30+24:00",	/* offset hour 24 */
		"2024-03-12T10:30+01:60",	/* offset minute 60 */
		"2024-03-12T10:30+01:00x",
		"2024-03-12T10:30Z+01:00",
		"2024-03-12t10:30",		/* lower-case separator */
		"2024-03-12X10:30",
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (ISO(bad[i]) != PCL_DATE_NONE) {
			fprintf(stderr, "accepted '%s'\n", bad[i]);
			CU_FAIL("a malformed time part was accepted");
		}
	/* a valid time on an impossible date is still invalid */
	CU_ASSERT_EQUAL(ISO("2023-02-29T10:30"), PCL_DATE_NONE);
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
		PCL_TEST(test_date_parse_iso_time_part_valid_keeps_written_date),
		PCL_TEST(test_date_parse_iso_time_part_invalid_rejects_date),
		PCL_TEST(test_date_parse_fmt),
		PCL_TEST(test_date_format),
		PCL_TEST(test_date_parse_bound),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("date", tests);
}
