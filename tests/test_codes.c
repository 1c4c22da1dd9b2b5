/*
 * test_codes: ISO 3166/4217 lists with dates, HS, UPU S10, IOSS and EORI.
 * Expected values come from the standards (S10 check digits worked by hand
 * below; withdrawal and euro changeover dates from ISO 3166-3 / 4217).
 */
#include <string.h>

#include "test_util.h"
#include "codes.h"
#include "date.h"

#define S(x) (x), strlen(x)

static int32_t
D(int y, int m, int d)
{
	int32_t day = pcl_date_from_ymd(y, m, d);

	CU_ASSERT_FATAL(day != PCL_DATE_NONE);
	return day;
}

static void
test_codes_country_current_and_format(void)
{
	CU_ASSERT_EQUAL(pcl_codes_country(S("FR"), D(2021, 6, 1)), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("NA"), D(2021, 6, 1)), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("NA"), PCL_DATE_NONE), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("fr"), PCL_DATE_NONE),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_country(S("Fr"), PCL_DATE_NONE),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_country(S("EIRE"), PCL_DATE_NONE),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_country(S("F"), PCL_DATE_NONE),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_country(S("F1"), PCL_DATE_NONE),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_country(S(""), PCL_DATE_NONE),
	    PCL_CODE_EMPTY);
	CU_ASSERT_EQUAL(pcl_codes_country(NULL, 0, PCL_DATE_NONE),
	    PCL_CODE_EMPTY);
	CU_ASSERT_EQUAL(pcl_codes_country(S("QQ"), PCL_DATE_NONE),
	    PCL_CODE_UNKNOWN);
	/* 'len' counts: "FRA" cut to 2 bytes is "FR" */
	CU_ASSERT_EQUAL(pcl_codes_country("FRA", 2, PCL_DATE_NONE),
	    PCL_CODE_OK);
	/* first and last rows of the table */
	CU_ASSERT_EQUAL(pcl_codes_country(S("AD"), PCL_DATE_NONE), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("ZW"), PCL_DATE_NONE), PCL_CODE_OK);
}

static void
test_codes_country_withdrawn_valid_before_withdrawal(void)
{
	/* ISO 3166-3: YU withdrawn 2003-07-23 */
	CU_ASSERT_EQUAL(pcl_codes_country(S("YU"), D(1995, 1, 1)), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("YU"), D(2003, 7, 22)),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("YU"), D(2003, 7, 23)),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_country(S("YU"), D(2010, 1, 1)),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_country(S("YU"), PCL_DATE_NONE), PCL_CODE_OK);
	/* AN withdrawn 2010-12-15: last valid day 2010-12-14 */
	CU_ASSERT_EQUAL(pcl_codes_country(S("AN"), D(2010, 12, 14)),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("AN"), D(2010, 12, 15)),
	    PCL_CODE_NOT_IN_USE);
	/* CS twice: Czechoslovakia to 1993, Serbia and Montenegro to 2006-09-26 */
	CU_ASSERT_EQUAL(pcl_codes_country(S("CS"), D(2000, 1, 1)), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("CS"), D(2006, 9, 25)),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("CS"), D(2006, 9, 26)),
	    PCL_CODE_NOT_IN_USE);
	/* AI reassigned (French Afars and Issas -> Anguilla): still valid */
	CU_ASSERT_EQUAL(pcl_codes_country(S("AI"), D(2020, 1, 1)), PCL_CODE_OK);
}

static void
test_codes_country_xi_from_2021(void)
{
	CU_ASSERT_EQUAL(pcl_codes_country(S("XI"), D(2021, 2, 1)), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("XI"), D(2021, 1, 1)), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_country(S("XI"), D(2020, 12, 31)),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_country(S("XI"), D(2019, 6, 1)),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_country(S("XI"), PCL_DATE_NONE), PCL_CODE_OK);
}

static void
test_codes_currency_minor_digits(void)
{
	int minor = -1;

	CU_ASSERT_EQUAL(pcl_codes_currency(S("EUR"), D(2021, 3, 1), &minor),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(minor, 2);
	minor = -1;
	CU_ASSERT_EQUAL(pcl_codes_currency(S("JPY"), PCL_DATE_NONE, &minor),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(minor, 0);
	minor = -1;
	CU_ASSERT_EQUAL(pcl_codes_currency(S("BHD"), PCL_DATE_NONE, &minor),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(minor, 3);
	minor = -1;
	CU_ASSERT_EQUAL(pcl_codes_currency(S("CLF"), PCL_DATE_NONE, &minor),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(minor, 4);
	minor = -1;
	CU_ASSERT_EQUAL(pcl_codes_currency(S("USD"), PCL_DATE_NONE, &minor),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(minor, 2);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("GBP"), D(2024, 1, 1), NULL),
	    PCL_CODE_OK);
}

static void
test_codes_currency_refuses(void)
{
	int minor = -1;

	CU_ASSERT_EQUAL(pcl_codes_currency(S(""), PCL_DATE_NONE, &minor),
	    PCL_CODE_EMPTY);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("eur"), PCL_DATE_NONE, &minor),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("EU"), PCL_DATE_NONE, &minor),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("EURO"), PCL_DATE_NONE, &minor),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("E1R"), PCL_DATE_NONE, &minor),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("ABC"), PCL_DATE_NONE, &minor),
	    PCL_CODE_UNKNOWN);
	/* minor unit "N.A." in ISO 4217: left out of the list */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("XAU"), PCL_DATE_NONE, &minor),
	    PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("XXX"), PCL_DATE_NONE, &minor),
	    PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(minor, -1);	/* untouched on failure */
}

static void
test_codes_currency_withdrawn_by_date(void)
{
	int minor = -1;

	/* Lithuania adopted the euro on 2015-01-01 */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("LTL"), D(2014, 6, 1), &minor),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(minor, 2);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("LTL"), D(2014, 12, 31), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("LTL"), D(2015, 1, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	minor = -1;
	CU_ASSERT_EQUAL(pcl_codes_currency(S("LTL"), D(2015, 6, 1), &minor),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(minor, -1);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("LTL"), PCL_DATE_NONE, NULL),
	    PCL_CODE_OK);
	/* Croatia 2023-01-01 */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("HRK"), D(2022, 12, 31), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("HRK"), D(2023, 1, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	/* Slovakia 2009-01-01, Estonia 2011-01-01, Latvia 2014-01-01 */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("SKK"), D(2008, 12, 31), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("SKK"), D(2009, 1, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("EEK"), D(2011, 1, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("LVL"), D(2013, 12, 31), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("LVL"), D(2014, 1, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	/* 2002 changeover: ISO 4217 withdrawal 2002-03, valid to 2002-02-28 */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("DEM"), D(1999, 1, 1), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("DEM"), D(2002, 2, 28), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("DEM"), D(2002, 3, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("GRD"), D(2002, 3, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	/* withdrawn ones are valid from 1970 at least */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("FRF"), D(1970, 1, 1), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("SIT"), D(2006, 12, 31), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("SIT"), D(2007, 1, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("MTL"), D(2008, 1, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("CYP"), D(2007, 12, 31), NULL),
	    PCL_CODE_OK);
}

/*
 * Old denominations the ECB quoted, valid to the end of the month ISO 4217
 * list three gives as their withdrawal (TRL 2005-12, ROL 2005-06), and BGN
 * to the end of the parallel circulation ISO 4217 amendment 180 names
 * (2026-01-01 to 2026-01-31 inclusive).
 */
static void
test_codes_currency_old_denominations(void)
{
	int minor = -1;

	/* the ECB quoted TRL to 2004-12-31: 1 EUR = 1836200 TRL that day */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("TRL"), D(2004, 6, 1), &minor),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(minor, 0);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("TRL"), D(2005, 12, 31), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("TRL"), D(2006, 1, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	minor = -1;
	CU_ASSERT_EQUAL(pcl_codes_currency(S("ROL"), D(2004, 6, 1), &minor),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(minor, 2);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("ROL"), D(2005, 6, 30), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("ROL"), D(2005, 7, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	/* their successors stay current */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("TRY"), D(2026, 12, 7), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("RON"), D(2026, 12, 7), NULL),
	    PCL_CODE_OK);
	/* Bulgaria: euro from 2026-01-01, the lev in parallel to 01-31 */
	CU_ASSERT_EQUAL(pcl_codes_currency(S("BGN"), D(2025, 12, 31), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("BGN"), D(2026, 1, 31), NULL),
	    PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("BGN"), D(2026, 2, 1), NULL),
	    PCL_CODE_NOT_IN_USE);
	CU_ASSERT_EQUAL(pcl_codes_currency(S("BGN"), D(2026, 12, 7), NULL),
	    PCL_CODE_NOT_IN_USE);
}

static void
test_codes_hs(void)
{
	CU_ASSERT_EQUAL(pcl_codes_hs(S("610910")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("6109100010")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("01012100")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("970110")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("980000")), PCL_CODE_OK);	/* national */
	CU_ASSERT_EQUAL(pcl_codes_hs(S("")), PCL_CODE_EMPTY);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("61091")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("61091000101")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("6109.10")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("6109 10")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("610910 ")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("61O910")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("000000")), PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("990000")), PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_hs(S("770100")), PCL_CODE_UNKNOWN);
}

static void
test_codes_s10_check_digit_vectors(void)
{
	/* 12345678: S = 8+12+12+8+15+30+63+56 = 204, r = 6, C = 5 */
	CU_ASSERT_EQUAL(pcl_codes_s10_check_digit("12345678"), 5);
	/* 47312482: S = 32+42+12+2+6+20+72+14 = 200, r = 2, C = 9 */
	CU_ASSERT_EQUAL(pcl_codes_s10_check_digit("47312482"), 9);
	/* 28704377: S = 16+48+28+0+12+15+63+49 = 231, r = 0, C = 11 -> 5 */
	CU_ASSERT_EQUAL(pcl_codes_s10_check_digit("28704377"), 5);
	/* 00000008: S = 56, r = 1, C = 10 -> 0 */
	CU_ASSERT_EQUAL(pcl_codes_s10_check_digit("00000008"), 0);
	/* 00000015: S = 9+35 = 44, r = 0, C = 5 */
	CU_ASSERT_EQUAL(pcl_codes_s10_check_digit("00000015"), 5);
}

static void
test_codes_s10(void)
{
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RR123456785CN")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RR287043775IN")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("EE473124829GB")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("CP000000080DE")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RB123456786US")),
	    PCL_CODE_CHECK_DIGIT);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("JJ123456785CN")), PCL_CODE_RESERVED);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("KA123456785CN")), PCL_CODE_RESERVED);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("")), PCL_CODE_EMPTY);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("rr123456785cn")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RR 123 456 785 CN")),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RR12345678CN")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RR1234567850CN")), PCL_CODE_FORMAT);
	/* country part: a current ISO 3166-1 code only */
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RR123456785QQ")), PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RR123456785YU")), PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_s10(S("RR123456785XI")), PCL_CODE_UNKNOWN);
}

static void
test_codes_s10_shaped(void)
{
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("RR123456785CN")), 1);
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("RB123456786US")), 1);
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("JJ123456785QQ")), 1);
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("Rr123456785CN")), 0);
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("R1123456785CN")), 0);
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("RR12345678XCN")), 0);
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("RR123456785C")), 0);
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("1Z999AA10123456784")), 0);
	CU_ASSERT_EQUAL(pcl_codes_s10_shaped(S("")), 0);
}

static void
test_codes_ioss(void)
{
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM2760000001")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM0401234567")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM7521234567")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM9001234567")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("")), PCL_CODE_EMPTY);
	/* 826 = United Kingdom, 756 = Switzerland: not Member States */
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM8261234567")), PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM7561234567")), PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IN2761234567")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("EU372000052")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("im2761234567")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM276123456")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM27612345678")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM276123456A")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_ioss(S("IM 276 1234567")), PCL_CODE_FORMAT);
}

static void
test_codes_eori(void)
{
	CU_ASSERT_EQUAL(pcl_codes_eori(S("GB123456789000")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("GB123456789000123")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("XI123456789000")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("DE1234567")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("FR1")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("NL123456789B01ABC")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("GR123456789")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("HR12345678901")), PCL_CODE_OK);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("")), PCL_CODE_EMPTY);
	/* UK: 12 or 15 digits exactly */
	CU_ASSERT_EQUAL(pcl_codes_eori(S("GB1234567890")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("GB1234567890123")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("GB12345678900A")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("XI1234567890001234")),
	    PCL_CODE_FORMAT);
	/* EU: 1 to 15 alphanumerics after the prefix, 17 at most */
	CU_ASSERT_EQUAL(pcl_codes_eori(S("NL123456789B01ABCD")),
	    PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("DE")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("de1234567")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("DE-1234567")), PCL_CODE_FORMAT);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("DE1234567x")), PCL_CODE_FORMAT);
	/* well formed, not an EU Member State (EL is Greece's VAT prefix) */
	CU_ASSERT_EQUAL(pcl_codes_eori(S("EL123456789")), PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("US123456")), PCL_CODE_UNKNOWN);
	CU_ASSERT_EQUAL(pcl_codes_eori(S("CH123456")), PCL_CODE_UNKNOWN);
}

static const struct pcl_test tests[] = {
	PCL_TEST(test_codes_country_current_and_format),
	PCL_TEST(test_codes_country_withdrawn_valid_before_withdrawal),
	PCL_TEST(test_codes_country_xi_from_2021),
	PCL_TEST(test_codes_currency_minor_digits),
	PCL_TEST(test_codes_currency_refuses),
	PCL_TEST(test_codes_currency_withdrawn_by_date),
	PCL_TEST(test_codes_currency_old_denominations),
	PCL_TEST(test_codes_hs),
	PCL_TEST(test_codes_s10_check_digit_vectors),
	PCL_TEST(test_codes_s10),
	PCL_TEST(test_codes_s10_shaped),
	PCL_TEST(test_codes_ioss),
	PCL_TEST(test_codes_eori),
	{ NULL, NULL }
};

void test_codes_register(void);

void
test_codes_register(void)
{
	PCL_TEST_SUITE("codes", tests);
}
