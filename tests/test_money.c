/*
 * test_money: exact parsing, conversion and the half-up rounding rule.
 * Expected values are worked by hand.
 */
#include <string.h>

#include "test_util.h"
#include "money.h"

static pcl_i128
P(const char *s)
{
	pcl_i128 v = -999;

	CU_ASSERT_EQUAL_FATAL(pcl_money_parse(s, strlen(s), '.', &v),
	    PCL_MONEY_OK);
	return v;
}

static void
test_money_parse_exact(void)
{
	CU_ASSERT(P("150") == 150000000);
	CU_ASSERT(P("150.00") == 150000000);
	CU_ASSERT(P("0.01") == 10000);
	CU_ASSERT(P("-3.5") == -3500000);
	CU_ASSERT(P("+2") == 2000000);
	CU_ASSERT(P(".5") == 500000);
	CU_ASSERT(P("0.123456") == 123456);
	CU_ASSERT(P("1.1234560000") == 1123456);	/* trailing zeros exact */
	CU_ASSERT(P("9999999999999999.99") ==
	    (pcl_i128)9999999999999999 * 1000000 + 990000);
	/* 22 digits, over what 64 bits hold, and many leading zeros */
	CU_ASSERT(P("9999999999999999.999999") ==
	    (pcl_i128)9999999999999999 * 1000000 + 999999);
	CU_ASSERT(P("1234567890123456.789012") ==
	    (pcl_i128)1234567890123456 * 1000000 + 789012);
	CU_ASSERT(P("-000000000000000000000000012.5") == -12500000);
}

static void
test_money_parse_refuses(void)
{
	pcl_i128 v;

	CU_ASSERT_EQUAL(pcl_money_parse("", 0, '.', &v), PCL_MONEY_EMPTY);
	CU_ASSERT_EQUAL(pcl_money_parse("1,000.00", 8, '.', &v), PCL_MONEY_SYNTAX);
	CU_ASSERT_EQUAL(pcl_money_parse("1e3", 3, '.', &v), PCL_MONEY_SYNTAX);
	CU_ASSERT_EQUAL(pcl_money_parse("N/A", 3, '.', &v), PCL_MONEY_SYNTAX);
	CU_ASSERT_EQUAL(pcl_money_parse("£5", strlen("£5"), '.', &v), PCL_MONEY_SYNTAX);
	CU_ASSERT_EQUAL(pcl_money_parse("-", 1, '.', &v), PCL_MONEY_SYNTAX);
	CU_ASSERT_EQUAL(pcl_money_parse("0.1234567", 9, '.', &v), PCL_MONEY_PRECISION);
	CU_ASSERT_EQUAL(pcl_money_parse("12345678901234567", 17, '.', &v), PCL_MONEY_RANGE);
	CU_ASSERT_EQUAL(pcl_money_parse("12,5", 4, ',', &v), PCL_MONEY_OK);
	CU_ASSERT(v == 12500000);
}

static void
test_money_round_half_up_once(void)
{
	/* 0.005 -> 0.01; 0.00499999 -> 0.00; -0.005 -> -0.01 (away from zero) */
	CU_ASSERT(pcl_money_to_minor(5000, 2) == 1);
	CU_ASSERT(pcl_money_to_minor(4999, 2) == 0);
	CU_ASSERT(pcl_money_to_minor(-5000, 2) == -1);
	CU_ASSERT(pcl_money_to_minor(P("150.004999"), 2) == 15000);
	CU_ASSERT(pcl_money_to_minor(P("150.005"), 2) == 15001);
	CU_ASSERT(pcl_money_to_minor(P("1234.5"), 0) == 1235);	/* JPY */
}

static void
test_money_convert_by_rate(void)
{
	pcl_i128 out, r_gbp, r_usd;

	/* 100 GBP at 0.85 GBP per EUR -> 100/0.85 = 117.647... -> 117.65 EUR */
	CU_ASSERT_EQUAL(pcl_money_parse_rate("0.85", 4, &r_gbp), PCL_MONEY_OK);
	CU_ASSERT_EQUAL(pcl_money_convert(P("100"), 10000000000, r_gbp, 2, &out), PCL_OK);
	CU_ASSERT(out == 11765);
	/* cross: 100 GBP -> USD with USD 1.10/EUR, GBP 0.85/EUR: 129.4117.. -> 129.41 */
	CU_ASSERT_EQUAL(pcl_money_parse_rate("1.1", 3, &r_usd), PCL_MONEY_OK);
	CU_ASSERT_EQUAL(pcl_money_convert(P("100"), r_usd, r_gbp, 2, &out), PCL_OK);
	CU_ASSERT(out == 12941);
	/* a value that converts to exactly x.xx5 rounds up: 0.85 * 1.17647 = 1.0000 */
	CU_ASSERT_EQUAL(pcl_money_convert(P("0.01"), 1, 2, 2, &out), PCL_OK);
	CU_ASSERT(out == 1);	/* 0.005 -> 0.01 */
	CU_ASSERT_EQUAL(pcl_money_convert(P("1"), 0, 1, 2, &out), PCL_E_OVERFLOW);
}

static void
test_money_mul_exact(void)
{
	pcl_i128 out;

	CU_ASSERT_EQUAL(pcl_money_mul(P("0.125"), P("3"), &out), PCL_OK);
	CU_ASSERT(out == P("0.375"));
	CU_ASSERT_EQUAL(pcl_money_mul(P("0.000001"), P("0.5"), &out), PCL_E_PARSE);
	CU_ASSERT_EQUAL(pcl_money_mul(P("9999999999999999"), P("9999999999999999"), &out), PCL_E_OVERFLOW);
}

static void
test_money_format(void)
{
	char b[64];

	pcl_money_format(b, sizeof b, 15000, 2);
	CU_ASSERT_STRING_EQUAL(b, "150.00");
	pcl_money_format(b, sizeof b, -5, 2);
	CU_ASSERT_STRING_EQUAL(b, "-0.05");
	pcl_money_format(b, sizeof b, 1235, 0);
	CU_ASSERT_STRING_EQUAL(b, "1235");
	pcl_money_format(b, sizeof b, 1, 3);
	CU_ASSERT_STRING_EQUAL(b, "0.001");
	pcl_money_format_micros(b, sizeof b, P("12.50"));
	CU_ASSERT_STRING_EQUAL(b, "12.5");
	pcl_money_format_micros(b, sizeof b, P("3"));
	CU_ASSERT_STRING_EQUAL(b, "3");
	/* report totals keep the currency's minor digits (EUR 2, JPY 0) */
	pcl_money_format_micros_min(b, sizeof b, P("55"), 2);
	CU_ASSERT_STRING_EQUAL(b, "55.00");
	pcl_money_format_micros_min(b, sizeof b, P("55.5"), 2);
	CU_ASSERT_STRING_EQUAL(b, "55.50");
	pcl_money_format_micros_min(b, sizeof b, P("1.234"), 2);
	CU_ASSERT_STRING_EQUAL(b, "1.234");
	pcl_money_format_micros_min(b, sizeof b, P("3000"), 0);
	CU_ASSERT_STRING_EQUAL(b, "3000");
	pcl_money_format_micros_min(b, sizeof b, P("-0.1"), 3);
	CU_ASSERT_STRING_EQUAL(b, "-0.100");
	pcl_money_format_micros_min(b, sizeof b, P("0.000001"), 9);
	CU_ASSERT_STRING_EQUAL(b, "0.000001");
	pcl_money_format_rate(b, sizeof b, 10823000000);
	CU_ASSERT_STRING_EQUAL(b, "1.0823");
}

/* a parcel's 64-bit total is exact up to INT64_MAX micro-units */
static void
test_money_add64_checks_range(void)
{
	int64_t acc = 0;

	CU_ASSERT_EQUAL(pcl_money_add64(&acc, P("12.50")), PCL_OK);
	CU_ASSERT_EQUAL(pcl_money_add64(&acc, P("-2.25")), PCL_OK);
	CU_ASSERT_EQUAL(acc, 10250000);
	/* 9223372036854.775807 units is INT64_MAX micro-units */
	acc = 0;
	CU_ASSERT_EQUAL(pcl_money_add64(&acc, P("9223372036854.775807")),
	    PCL_OK);
	CU_ASSERT_EQUAL(acc, INT64_MAX);
	CU_ASSERT_EQUAL(pcl_money_add64(&acc, P("0.000001")), PCL_E_OVERFLOW);
	CU_ASSERT_EQUAL(acc, INT64_MAX);	/* unchanged */
	acc = 0;
	CU_ASSERT_EQUAL(pcl_money_add64(&acc, P("9223372036854.775808")),
	    PCL_E_OVERFLOW);
	CU_ASSERT_EQUAL(acc, 0);
	CU_ASSERT_EQUAL(pcl_money_add64(&acc, P("-9223372036854.775808")),
	    PCL_OK);
	CU_ASSERT_EQUAL(acc, INT64_MIN);
}

void test_money_register(void);
void
test_money_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_money_parse_exact),
		PCL_TEST(test_money_parse_refuses),
		PCL_TEST(test_money_round_half_up_once),
		PCL_TEST(test_money_convert_by_rate),
		PCL_TEST(test_money_mul_exact),
		PCL_TEST(test_money_format),
		PCL_TEST(test_money_add64_checks_range),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("money", tests);
}
