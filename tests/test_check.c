/*
 * test_check: validation of one canonical record. Rows are built by hand
 * (every field "" then the ones under test set); the reasons are compared
 * as the whole "CODE@column;CODE" string.
 */
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "check.h"
#include "date.h"

/* A valid record under the WCO profile: S10 post item CN -> DE, a sale. */
static void
base(struct pcl_row *row)
{
	int c;

	memset(row, 0, sizeof *row);
	for (c = 0; c < PCL_COL_COUNT; c++) {
		row->v[c] = "";
		row->len[c] = 0;
	}
	row->date = PCL_DATE_NONE;
	row->row_class = -1;
	row->class_name = NULL;
	row->class_column = PCL_COL_NONE;
	row->is_postage = 0;
}

static void
set(struct pcl_row *row, int c, const char *s)
{
	row->v[c] = s;
	row->len[c] = strlen(s);
	if (c == PCL_COL_DATE)
		row->date = pcl_date_parse_iso(s, strlen(s));
}

static void
valid(struct pcl_row *row)
{
	base(row);
	set(row, PCL_COL_TRACKING_NUMBER, "RR123456785CN");
	set(row, PCL_COL_CONSIGNOR_NAME, "Shenzhen Shop Ltd");
	set(row, PCL_COL_CONSIGNOR_ADDRESS, "1 Market Road, Shenzhen");
	set(row, PCL_COL_CONSIGNOR_COUNTRY, "CN");
	set(row, PCL_COL_CONSIGNEE_NAME, "Anna Muster");
	set(row, PCL_COL_CONSIGNEE_ADDRESS, "Hauptstrasse 2, Berlin");
	set(row, PCL_COL_CONSIGNEE_COUNTRY, "DE");
	set(row, PCL_COL_DATE, "2024-03-15");
	set(row, PCL_COL_DESCRIPTION, "cotton T-shirt");
	set(row, PCL_COL_HS_CODE, "610910");
	set(row, PCL_COL_QUANTITY, "2");
	set(row, PCL_COL_ITEM_VALUE, "12.50");
	set(row, PCL_COL_CURRENCY, "EUR");
	set(row, PCL_COL_GROSS_MASS_KG, "0.3");
	set(row, PCL_COL_ORIGIN_COUNTRY, "CN");
}

static struct pcl_check_opts
opts(enum pcl_profile p)
{
	struct pcl_check_opts o;

	memset(&o, 0, sizeof o);
	o.profile = p;
	o.decimal = '.';
	o.as_of = PCL_DATE_NONE;
	return o;
}

/* Checks 'row' under 'o'; returns the reasons as text (static buffer). */
static const char *
run(const struct pcl_row *row, const struct pcl_check_opts *o,
    struct pcl_item *item)
{
	static char buf[512];
	struct pcl_reasons rs;

	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL(pcl_check_record(row, o, item, &rs), 0);
	(void)pcl_reasons_format(&rs, buf, sizeof buf);
	pcl_reasons_release(&rs);
	return buf;
}

static const char *
wco(const struct pcl_row *row, struct pcl_item *item)
{
	struct pcl_check_opts o = opts(PCL_PROFILE_WCO);

	return run(row, &o, item);
}

static void
test_check_valid_wco_record_has_no_reasons(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT(it.value_micros == 12500000);
	CU_ASSERT(it.transport_micros == 0);
	CU_ASSERT(it.insurance_micros == 0);
	CU_ASSERT_STRING_EQUAL(it.currency, "EUR");
	CU_ASSERT_EQUAL(it.currency_minor, 2);
	CU_ASSERT_STRING_EQUAL(it.dest, "DE");
	CU_ASSERT_STRING_EQUAL(it.from, "CN");
	CU_ASSERT_STRING_EQUAL(it.origin, "CN");
	CU_ASSERT_EQUAL(it.date, pcl_date_from_ymd(2024, 3, 15));
	CU_ASSERT_EQUAL(it.channel, PCL_CHANNEL_POST);	/* S10-shaped */
	CU_ASSERT_EQUAL(it.category, PCL_CAT_SALE);	/* default */
	CU_ASSERT_EQUAL(it.has_hs, 1);
	CU_ASSERT_EQUAL(it.hs6, 610910);
	CU_ASSERT_EQUAL(it.ioss_valid, 0);
}

static void
test_check_hs_code(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	set(&row, PCL_COL_HS_CODE, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "MISSING@hs_code");
	CU_ASSERT_EQUAL(it.has_hs, 0);
	CU_ASSERT_EQUAL(it.hs6, 0);
	set(&row, PCL_COL_HS_CODE, "61091");		/* 5 digits */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "HS_LEADING_ZERO_LOST@hs_code");
	set(&row, PCL_COL_HS_CODE, "6109");		/* 4 digits */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_FORMAT@hs_code");
	set(&row, PCL_COL_HS_CODE, "6109.10");		/* not stripped */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@hs_code:U+002E");
	set(&row, PCL_COL_HS_CODE, "99123456");		/* chapter 99 */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "UNKNOWN_CODE@hs_code");
	set(&row, PCL_COL_HS_CODE, "6403991090");	/* 10 digits: HS-6 kept */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(it.hs6, 640399);
	set(&row, PCL_COL_HS_CODE, "010121");		/* leading zero is text */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(it.hs6, 10121);
}

static void
test_check_tracking_number_and_channel(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	/* 1*8+2*6+3*4+4*2+5*3+6*5+7*9+8*7 = 204; 204 mod 11 = 6; 11-6 = 5 */
	set(&row, PCL_COL_TRACKING_NUMBER, "RR123456786CN");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "CHECK_DIGIT@tracking_number");
	CU_ASSERT_EQUAL(it.channel, PCL_CHANNEL_POST);
	set(&row, PCL_COL_TRACKING_NUMBER, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "MISSING@tracking_number");
	/* not S10-shaped: a courier waybill, no check digit to test */
	set(&row, PCL_COL_TRACKING_NUMBER, "1Z999AA10123456784");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(it.channel, PCL_CHANNEL_COURIER);
	/* S10 identifiers are upper case: 'r' is named, not folded */
	set(&row, PCL_COL_TRACKING_NUMBER, "rr123456786cn");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@tracking_number:U+0072");
	/* an explicit channel wins over the shape */
	set(&row, PCL_COL_TRACKING_NUMBER, "RR123456785CN");
	set(&row, PCL_COL_CHANNEL, "courier");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(it.channel, PCL_CHANNEL_COURIER);
	set(&row, PCL_COL_CHANNEL, "air");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_FORMAT@channel");
}

static void
test_check_unit_value_times_quantity_exact(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	set(&row, PCL_COL_ITEM_VALUE, "");
	set(&row, PCL_COL_UNIT_VALUE, "0.125");
	set(&row, PCL_COL_QUANTITY, "3");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT(it.value_micros == 375000);		/* 0.375 exactly */
	/* 0.1 x 3 = 0.3, not 0.30000000000000004 */
	set(&row, PCL_COL_UNIT_VALUE, "0.1");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT(it.value_micros == 300000);
	/* 0.000001 x 0.5 cannot be held in micros */
	set(&row, PCL_COL_UNIT_VALUE, "0.000001");
	set(&row, PCL_COL_QUANTITY, "0.5");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "PRECISION@unit_value");
	/* a unit value needs a quantity, in every profile */
	set(&row, PCL_COL_UNIT_VALUE, "2.55");
	set(&row, PCL_COL_QUANTITY, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "MISSING@quantity");
	{
		struct pcl_check_opts o = opts(PCL_PROFILE_VALUATION);

		CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "MISSING@quantity");
	}
	/* item_value wins when both are given */
	set(&row, PCL_COL_QUANTITY, "3");
	set(&row, PCL_COL_ITEM_VALUE, "7");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT(it.value_micros == 7000000);
	/* neither */
	set(&row, PCL_COL_ITEM_VALUE, "");
	set(&row, PCL_COL_UNIT_VALUE, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "MISSING@item_value");
}

static void
test_check_numbers_refused(void)
{
	struct pcl_row row;
	struct pcl_item it;
	struct pcl_check_opts o = opts(PCL_PROFILE_WCO);

	valid(&row);
	set(&row, PCL_COL_ITEM_VALUE, "1,000.00");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_NUMBER@item_value");
	CU_ASSERT(it.value_micros == 0);
	set(&row, PCL_COL_ITEM_VALUE, "N/A");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_NUMBER@item_value");
	set(&row, PCL_COL_ITEM_VALUE, "\xc2\xa3" "5");	/* £5 */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_NUMBER@item_value");
	set(&row, PCL_COL_ITEM_VALUE, "0.1234567");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "PRECISION@item_value");
	set(&row, PCL_COL_ITEM_VALUE, "12345678901234567");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "OVERFLOW@item_value");
	set(&row, PCL_COL_ITEM_VALUE, "12.50");
	set(&row, PCL_COL_GROSS_MASS_KG, "0,3");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_NUMBER@gross_mass_kg");
	/* decimal comma from the map */
	o.decimal = ',';
	set(&row, PCL_COL_ITEM_VALUE, "12,50");
	set(&row, PCL_COL_TRANSPORT_COST, "3,2");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	CU_ASSERT(it.value_micros == 12500000);
	CU_ASSERT(it.transport_micros == 3200000);
	set(&row, PCL_COL_INSURANCE_COST, "1.5");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it),
	    "INVALID_NUMBER@insurance_cost");
}

static void
test_check_negative_and_zero_values(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	set(&row, PCL_COL_QUANTITY, "-1");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "VALUE_NEGATIVE@quantity");
	set(&row, PCL_COL_QUANTITY, "1");
	set(&row, PCL_COL_ITEM_VALUE, "-12.50");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "VALUE_NEGATIVE@item_value");
	set(&row, PCL_COL_ITEM_VALUE, "");
	set(&row, PCL_COL_UNIT_VALUE, "0.125");
	set(&row, PCL_COL_QUANTITY, "-3");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "VALUE_NEGATIVE@quantity");
	CU_ASSERT(it.value_micros == 0);
	set(&row, PCL_COL_QUANTITY, "3");
	set(&row, PCL_COL_GROSS_MASS_KG, "-0.3");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "VALUE_NEGATIVE@gross_mass_kg");
	set(&row, PCL_COL_GROSS_MASS_KG, "0.3");
	set(&row, PCL_COL_TRANSPORT_COST, "-2");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "VALUE_NEGATIVE@transport_cost");
	set(&row, PCL_COL_TRANSPORT_COST, "");
	/* zero on a sale is refused, on a gift it is fine */
	valid(&row);
	set(&row, PCL_COL_ITEM_VALUE, "0.00");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "VALUE_ZERO_SALE@item_value");
	set(&row, PCL_COL_ITEM_VALUE, "");
	set(&row, PCL_COL_UNIT_VALUE, "0");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "VALUE_ZERO_SALE@unit_value");
	set(&row, PCL_COL_CATEGORY, "gift");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(it.category, PCL_CAT_GIFT);
	CU_ASSERT(it.value_micros == 0);
	set(&row, PCL_COL_CATEGORY, "Gift");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_FORMAT@category;VALUE_ZERO_SALE@unit_value");
}

static void
test_check_currency_on_its_date(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "LT");
	set(&row, PCL_COL_CURRENCY, "LTL");
	set(&row, PCL_COL_DATE, "2014-06-01");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_STRING_EQUAL(it.currency, "LTL");
	CU_ASSERT_EQUAL(it.currency_minor, 2);
	/* Lithuania adopted the euro on 2015-01-01 */
	set(&row, PCL_COL_DATE, "2014-12-31");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	set(&row, PCL_COL_DATE, "2015-01-01");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "CODE_NOT_IN_USE@currency");
	set(&row, PCL_COL_DATE, "2015-06-01");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "CODE_NOT_IN_USE@currency");
	CU_ASSERT_STRING_EQUAL(it.currency, "");
	set(&row, PCL_COL_CURRENCY, "JPY");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(it.currency_minor, 0);
	set(&row, PCL_COL_CURRENCY, "BHD");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(it.currency_minor, 3);
	set(&row, PCL_COL_CURRENCY, "eur");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@currency:U+0065");
	set(&row, PCL_COL_CURRENCY, "EURO");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_FORMAT@currency");
	set(&row, PCL_COL_CURRENCY, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "MISSING@currency");
}

static void
test_check_dates(void)
{
	struct pcl_row row;
	struct pcl_item it;
	struct pcl_check_opts o = opts(PCL_PROFILE_WCO);

	valid(&row);
	set(&row, PCL_COL_DATE, "2021-02-30");
	CU_ASSERT_EQUAL(row.date, PCL_DATE_NONE);
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_DATE@date");
	CU_ASSERT_EQUAL(it.date, PCL_DATE_NONE);
	set(&row, PCL_COL_DATE, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "MISSING@date");
	/* as-of replaces the date rules are judged on, but the
	 * record's own date is checked all the same */
	o.as_of = pcl_date_from_ymd(2024, 1, 1);
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "MISSING@date");
	CU_ASSERT_EQUAL(it.date, o.as_of);
	set(&row, PCL_COL_DATE, "2021-02-30");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "INVALID_DATE@date");
	CU_ASSERT_EQUAL(it.date, o.as_of);
	set(&row, PCL_COL_DATE, "2014-06-01");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	CU_ASSERT_EQUAL(it.date, pcl_date_from_ymd(2024, 1, 1));
	/* after 'latest' (the job passes as-of): DATE_IN_FUTURE */
	o.check_future = 1;
	o.latest = o.as_of;
	set(&row, PCL_COL_DATE, "2024-01-01");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	set(&row, PCL_COL_DATE, "2024-01-02");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "DATE_IN_FUTURE@date");
	CU_ASSERT_EQUAL(it.date, o.as_of);
	/* without as-of (the job passes the run date) */
	o.as_of = PCL_DATE_NONE;
	o.latest = pcl_date_from_ymd(2026, 11, 29);
	set(&row, PCL_COL_DATE, "2026-11-29");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	set(&row, PCL_COL_DATE, "2026-11-30");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "DATE_IN_FUTURE@date");
	CU_ASSERT_EQUAL(it.date, pcl_date_from_ymd(2026, 11, 30));
	set(&row, PCL_COL_DATE, "9999-12-31");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "DATE_IN_FUTURE@date");
	o.check_future = 0;
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	o.as_of = pcl_date_from_ymd(2024, 1, 1);
	set(&row, PCL_COL_DATE, "2014-06-01");
	/* codes are checked on the as-of date: LTL is gone in 2024 */
	set(&row, PCL_COL_CURRENCY, "LTL");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "CODE_NOT_IN_USE@currency");
}

static void
test_check_countries(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "");
	set(&row, PCL_COL_CONSIGNOR_COUNTRY, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "MISSING@consignee_country;MISSING@consignor_country");
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "de");
	set(&row, PCL_COL_CONSIGNOR_COUNTRY, "CHN");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@consignee_country:U+0064;"
	    "INVALID_FORMAT@consignor_country");
	/* Northern Ireland's XI exists from 2021-01-01 */
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "XI");
	set(&row, PCL_COL_CONSIGNOR_COUNTRY, "CN");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_STRING_EQUAL(it.dest, "XI");
	set(&row, PCL_COL_DATE, "2020-12-31");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "CODE_NOT_IN_USE@consignee_country");
}

static void
test_check_origin_required_for_us_under_wco(void)
{
	struct pcl_row row;
	struct pcl_item it;
	struct pcl_check_opts val = opts(PCL_PROFILE_VALUATION);

	valid(&row);
	set(&row, PCL_COL_TRACKING_NUMBER, "1Z999AA10123456784");	/* courier */
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "US");
	set(&row, PCL_COL_CURRENCY, "USD");
	set(&row, PCL_COL_ORIGIN_COUNTRY, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "MISSING@origin_country");
	CU_ASSERT_STRING_EQUAL(run(&row, &val, &it), "");
	CU_ASSERT_STRING_EQUAL(it.origin, "");
	/* courier to DE: not required */
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "DE");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	/* a posted sale (CN 23) needs it */
	set(&row, PCL_COL_TRACKING_NUMBER, "RR123456785CN");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "MISSING@origin_country");
	/* given, it is checked as a country */
	set(&row, PCL_COL_ORIGIN_COUNTRY, "ZZZ");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_FORMAT@origin_country");
	CU_ASSERT_STRING_EQUAL(run(&row, &val, &it),
	    "INVALID_FORMAT@origin_country");
}

static void
test_check_wco_data_set_elements(void)
{
	struct pcl_row row;
	struct pcl_item it;
	struct pcl_check_opts val = opts(PCL_PROFILE_VALUATION);

	valid(&row);
	set(&row, PCL_COL_CONSIGNOR_NAME, "");
	set(&row, PCL_COL_CONSIGNEE_ADDRESS, "");
	set(&row, PCL_COL_DESCRIPTION, "");
	set(&row, PCL_COL_QUANTITY, "");
	set(&row, PCL_COL_GROSS_MASS_KG, "");
	set(&row, PCL_COL_HS_CODE, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "MISSING@consignee_address;MISSING@consignor_name;"
	    "MISSING@description;MISSING@gross_mass_kg;MISSING@hs_code;"
	    "MISSING@quantity");
	/* the valuation profile needs only route, date, value, currency */
	CU_ASSERT_STRING_EQUAL(run(&row, &val, &it), "");
	CU_ASSERT(it.value_micros == 12500000);
}

static void
test_check_ioss_structure(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	set(&row, PCL_COL_IOSS_NUMBER, "IM2760000001");	/* IM + DE 276 + 7 */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(it.ioss_valid, 1);
	set(&row, PCL_COL_IOSS_NUMBER, "IN2760000001");	/* intermediary */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "INVALID_FORMAT@ioss_number");
	CU_ASSERT_EQUAL(it.ioss_valid, 0);
}

static void
test_check_postage_line_is_transport(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	row.row_class = 1;
	row.class_name = "postage";
	row.class_column = PCL_COL_NONE;
	row.is_postage = 1;
	set(&row, PCL_COL_DESCRIPTION, "POSTAGE");
	set(&row, PCL_COL_HS_CODE, "");
	set(&row, PCL_COL_GROSS_MASS_KG, "");
	set(&row, PCL_COL_ORIGIN_COUNTRY, "");
	set(&row, PCL_COL_ITEM_VALUE, "");
	set(&row, PCL_COL_UNIT_VALUE, "18.00");
	set(&row, PCL_COL_QUANTITY, "1");
	set(&row, PCL_COL_TRANSPORT_COST, "99");	/* ignored on a postage line */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "POSTAGE_LINE");
	CU_ASSERT(it.transport_micros == 18000000);
	CU_ASSERT(it.value_micros == 0);
	/* a zero-value postage line is not a zero-value sale */
	set(&row, PCL_COL_UNIT_VALUE, "0");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "POSTAGE_LINE");
	CU_ASSERT(it.transport_micros == 0);
	/* but it needs a value and a currency */
	set(&row, PCL_COL_UNIT_VALUE, "");
	set(&row, PCL_COL_CURRENCY, "");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "MISSING@currency;MISSING@item_value;POSTAGE_LINE");
}

static void
test_check_non_goods_class(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	row.row_class = 0;
	row.class_name = "cancellation";
	row.class_column = PCL_COL_TRACKING_NUMBER;
	set(&row, PCL_COL_TRACKING_NUMBER, "C536379");
	set(&row, PCL_COL_HS_CODE, "");
	set(&row, PCL_COL_ITEM_VALUE, "0");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "NON_GOODS_CANCELLATION@tracking_number");
	row.class_name = "discount";
	row.class_column = PCL_COL_NONE;
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "NON_GOODS_DISCOUNT");
}

static void
test_check_reasons_accumulate_sorted(void)
{
	struct pcl_row row;
	struct pcl_item it;
	struct pcl_check_opts o = opts(PCL_PROFILE_WCO);
	struct pcl_reasons rs;
	char buf[256];

	valid(&row);
	set(&row, PCL_COL_TRACKING_NUMBER, "RR123456786CN");
	set(&row, PCL_COL_HS_CODE, "");
	set(&row, PCL_COL_ITEM_VALUE, "N/A");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "CHECK_DIGIT@tracking_number;"
	    "INVALID_NUMBER@item_value;MISSING@hs_code");
	/* the set is not cleared first */
	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL(pcl_reasons_add(&rs, PCL_R_CURRENCY_MIXED, PCL_COL_NONE),
	    0);
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	(void)pcl_reasons_format(&rs, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "CHECK_DIGIT@tracking_number;CURRENCY_MIXED;"
	    "INVALID_NUMBER@item_value;MISSING@hs_code");
	pcl_reasons_release(&rs);
	CU_ASSERT_STRING_EQUAL(pcl_category_name(PCL_CAT_SALE), "sale");
	CU_ASSERT_STRING_EQUAL(pcl_category_name(PCL_CAT_RETURNED), "returned");
}

/* what a spreadsheet did to identifiers is named, never repaired. */
static void
test_check_spreadsheet_damage(void)
{
	struct pcl_row row;
	struct pcl_item it;

	valid(&row);
	set(&row, PCL_COL_TRACKING_NUMBER, "1.23457E+11");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "SPREADSHEET_SCI_NOTATION@tracking_number");
	set(&row, PCL_COL_TRACKING_NUMBER, "1E+11");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "SPREADSHEET_SCI_NOTATION@tracking_number");
	set(&row, PCL_COL_TRACKING_NUMBER, "1,5E+12");	/* decimal comma */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "SPREADSHEET_SCI_NOTATION@tracking_number");
	/* no "E+": an identifier */
	set(&row, PCL_COL_TRACKING_NUMBER, "12E45");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	/* one exponent digit: not a spreadsheet's, nor a tracking number */
	set(&row, PCL_COL_TRACKING_NUMBER, "1.5E+1");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@tracking_number:U+002E");
	/* 24 digits, the last 9 zero: 15 significant digits kept */
	set(&row, PCL_COL_TRACKING_NUMBER, "420100139400111000000000");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "SPREADSHEET_DIGITS_LOST@tracking_number");
	set(&row, PCL_COL_TRACKING_NUMBER, "940011120000000000");	/* 18 */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "SPREADSHEET_DIGITS_LOST@tracking_number");
	/* 17 digits are not judged; a nonzero digit past the 15th is kept */
	set(&row, PCL_COL_TRACKING_NUMBER, "94001112000000000");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	set(&row, PCL_COL_TRACKING_NUMBER, "940011120000000001");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	valid(&row);
	set(&row, PCL_COL_HS_CODE, "902109000");	/* 0902.10.90.00 */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "HS_LEADING_ZERO_LOST@hs_code");
	CU_ASSERT_EQUAL(it.has_hs, 0);
	set(&row, PCL_COL_HS_CODE, "1012100");		/* 0101.21.00 */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "HS_LEADING_ZERO_LOST@hs_code");
	set(&row, PCL_COL_HS_CODE, "6.1091E+05");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "SPREADSHEET_SCI_NOTATION@hs_code");
	valid(&row);
	set(&row, PCL_COL_ORDER_ID, "4.5E+14");
	set(&row, PCL_COL_CONSIGNEE_ID, "3.2E+10");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "SPREADSHEET_SCI_NOTATION@consignee_id;"
	    "SPREADSHEET_SCI_NOTATION@order_id");
}

/* postcodes against data/postcodes/formats.csv. */
static void
test_check_postcode(void)
{
	struct pcl_postcodes *pc;
	struct pcl_error err;
	struct pcl_check_opts o = opts(PCL_PROFILE_WCO);
	struct pcl_row row;
	struct pcl_item it;

	CU_ASSERT_EQUAL_FATAL(pcl_postcodes_open(&pc, NULL, &err), PCL_OK);
	o.postcodes = pc;
	valid(&row);					/* DE */
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "10115");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "1067");	/* Dresden 01067 */
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it),
	    "POSTCODE_LEADING_ZERO_LOST@consignee_postcode");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "D-10115");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it),
	    "POSTCODE_FORMAT@consignee_postcode");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "1.0115E+04");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it),
	    "SPREADSHEET_SCI_NOTATION@consignee_postcode");
	/* without the table, or for a destination without a format: kept */
	o.postcodes = NULL;
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "1067");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	o.postcodes = pc;
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "BR");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "1310");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	pcl_postcodes_free(pc);
}

/*
 * Identifiers are judged on their exact bytes. RR123456785CN is a
 * valid S10 number (check digit 5, worked above); each disguise of it
 * that a reader would take for the same number is a reject naming the
 * first character outside the alphabet, never a release.
 */
static void
test_check_identifier_exact_bytes(void)
{
	static const struct {
		const char *id, *want;
	} tn[] = {
		{ "RR123456785CN", "" },
		{ "rr123456785cn", "INVALID_CHARACTER@tracking_number:U+0072" },
		{ "RR123456785cN", "INVALID_CHARACTER@tracking_number:U+0063" },
		/* a zero-width space (U+200B, UTF-8 e2 80 8b) inside */
		{ "RR1234\xe2\x80\x8b" "56785CN",
		    "INVALID_CHARACTER@tracking_number:U+200B" },
		{ "RR123456785CN ", "INVALID_CHARACTER@tracking_number:U+0020" },
		{ " RR123456785CN", "INVALID_CHARACTER@tracking_number:U+0020" },
		/* Cyrillic capital Es (U+0421, d0 a1) for the Latin C */
		{ "RR123456785\xd0\xa1N",
		    "INVALID_CHARACTER@tracking_number:U+0421" },
		/* full-width digit one (U+FF11, ef bc 91) */
		{ "RR\xef\xbc\x91" "23456785CN",
		    "INVALID_CHARACTER@tracking_number:U+FF11" },
		/* a no-break space (U+00A0, c2 a0) at the end */
		{ "RR123456785CN\xc2\xa0",
		    "INVALID_CHARACTER@tracking_number:U+00A0" },
		/* a byte that is not UTF-8 is named U+FFFD */
		{ "RR123456785CN\xff",
		    "INVALID_CHARACTER@tracking_number:U+FFFD" },
		/* the exact ASCII number with a wrong check digit */
		{ "RR123456786CN", "CHECK_DIGIT@tracking_number" },
		/* other tracking numbers: ASCII letters, digits and '-' */
		{ "1Z999AA10123456784", "" },
		{ "dhl-4455-6677", "" },
		{ "DHL/4455", "INVALID_CHARACTER@tracking_number:U+002F" },
		{ "DHL 4455", "INVALID_CHARACTER@tracking_number:U+0020" },
		{ "DHL_4455", "INVALID_CHARACTER@tracking_number:U+005F" },
		{ "DHL\t4455", "INVALID_CHARACTER@tracking_number:U+0009" },
	};
	struct pcl_row row;
	struct pcl_item it;
	size_t i;

	for (i = 0; i < sizeof tn / sizeof tn[0]; i++) {
		valid(&row);
		set(&row, PCL_COL_TRACKING_NUMBER, tn[i].id);
		CU_ASSERT_STRING_EQUAL(wco(&row, &it), tn[i].want);
	}
	/* HS codes: digits only; nothing stripped */
	valid(&row);
	set(&row, PCL_COL_HS_CODE, "610910 ");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@hs_code:U+0020");
	CU_ASSERT_EQUAL(it.has_hs, 0);
	set(&row, PCL_COL_HS_CODE, "6109\xef\xbc\x91" "0");	/* full-width 1 */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@hs_code:U+FF11");
	set(&row, PCL_COL_HS_CODE, "8543-40");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@hs_code:U+002D");
	/* IOSS: upper-case letters and digits */
	valid(&row);
	set(&row, PCL_COL_IOSS_NUMBER, "im2760000001");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@ioss_number:U+0069");
	CU_ASSERT_EQUAL(it.ioss_valid, 0);
	set(&row, PCL_COL_IOSS_NUMBER, "IM2760000001\xe2\x80\x8b");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@ioss_number:U+200B");
	/* country and currency codes: upper-case letters */
	valid(&row);
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "D\xd0\x95");	/* Cyrillic Ie */
	set(&row, PCL_COL_CURRENCY, "EUR ");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@consignee_country:U+0415;"
	    "INVALID_CHARACTER@currency:U+0020");
	CU_ASSERT_STRING_EQUAL(it.dest, "");
	/* party ids (EORI or other): printable ASCII, no space */
	valid(&row);
	set(&row, PCL_COL_CONSIGNOR_ID, "DE 123456789");
	set(&row, PCL_COL_CONSIGNEE_ID, "12-3456789");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@consignor_id:U+0020");
	set(&row, PCL_COL_CONSIGNOR_ID, "DE123456789");
	set(&row, PCL_COL_CONSIGNEE_ID, "\xef\xbc\xa4" "E1");	/* full-width D */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it),
	    "INVALID_CHARACTER@consignee_id:U+FF24");
}

/* Postcodes: letters, digits, '-' and spaces inside, none at the ends. */
static void
test_check_postcode_characters(void)
{
	struct pcl_postcodes *pc;
	struct pcl_error err;
	struct pcl_check_opts o = opts(PCL_PROFILE_WCO);
	struct pcl_row row;
	struct pcl_item it;

	CU_ASSERT_EQUAL_FATAL(pcl_postcodes_open(&pc, NULL, &err), PCL_OK);
	o.postcodes = pc;
	valid(&row);
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "GB");
	set(&row, PCL_COL_CURRENCY, "GBP");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "SW1A 1AA");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "SW1A 1AA ");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it),
	    "INVALID_CHARACTER@consignee_postcode:U+0020");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, " SW1A 1AA");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it),
	    "INVALID_CHARACTER@consignee_postcode:U+0020");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "SW1A\xc2\xa0" "1AA");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it),
	    "INVALID_CHARACTER@consignee_postcode:U+00A0");
	/* no format on file for BR: the alphabet is still judged */
	set(&row, PCL_COL_CONSIGNEE_COUNTRY, "BR");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "01310-100");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it), "");
	set(&row, PCL_COL_CONSIGNEE_POSTCODE, "01310\xe2\x80\x90" "100");
	CU_ASSERT_STRING_EQUAL(run(&row, &o, &it),
	    "INVALID_CHARACTER@consignee_postcode:U+2010");
	pcl_postcodes_free(pc);
}

/*
 * Free text beginning as a spreadsheet formula is flagged
 * FORMULA_PREFIX@column (OWASP CSV Injection: = + - @ tab CR); money,
 * quantity and identifier columns are never flagged.
 */
static void
test_check_formula_prefix(void)
{
	static const int text[] = {
		PCL_COL_PLATFORM, PCL_COL_CONSIGNOR_NAME,
		PCL_COL_CONSIGNOR_ADDRESS, PCL_COL_CONSIGNEE_NAME,
		PCL_COL_CONSIGNEE_ADDRESS, PCL_COL_CONSIGNEE_CITY,
		PCL_COL_DESCRIPTION
	};
	static const char *const starts[] = {
		"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"
	};
	struct pcl_row row;
	struct pcl_item it;
	char want[64];
	size_t i, k;
	int c, n = 0;

	for (i = 0; i < sizeof text / sizeof text[0]; i++)
		for (k = 0; k < sizeof starts / sizeof starts[0]; k++) {
			valid(&row);
			set(&row, text[i], starts[k]);
			snprintf(want, sizeof want, "FORMULA_PREFIX@%s",
			    pcl_column_name(text[i]));
			CU_ASSERT_STRING_EQUAL(wco(&row, &it), want);
		}
	for (c = 0; c < PCL_COL_COUNT; c++)
		n += pcl_check_free_text(c);
	CU_ASSERT_EQUAL(n, 7);
	valid(&row);
	set(&row, PCL_COL_DESCRIPTION, "=cmd|' /C calc'!A0");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "FORMULA_PREFIX@description");
	set(&row, PCL_COL_DESCRIPTION, "- 2 pcs");	/* the rule, no exception */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "FORMULA_PREFIX@description");
	set(&row, PCL_COL_DESCRIPTION, "cotton T-shirt = 2 pcs");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	set(&row, PCL_COL_DESCRIPTION, " =1+1");	/* a space first: text */
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	/* money and identifiers: judged as themselves, never flagged */
	valid(&row);
	set(&row, PCL_COL_ITEM_VALUE, "-12.50");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "VALUE_NEGATIVE@item_value");
	valid(&row);
	set(&row, PCL_COL_ORDER_ID, "-1001");
	set(&row, PCL_COL_ITEM_SEQ, "+1");
	CU_ASSERT_STRING_EQUAL(wco(&row, &it), "");
	CU_ASSERT_EQUAL(pcl_check_formula_prefix("", 0), 0);
	CU_ASSERT_EQUAL(pcl_check_formula_prefix("=", 1), 1);
	CU_ASSERT_EQUAL(pcl_check_formula_prefix("\n=", 2), 0);
}

/* The gross mass is kept exact, for the consignment total of the exports. */
static void
test_check_gross_mass_exact(void)
{
	struct pcl_check_opts o = opts(PCL_PROFILE_VALUATION);
	struct pcl_reasons rs;
	struct pcl_item it;
	struct pcl_row row;

	pcl_reasons_init(&rs);
	valid(&row);
	set(&row, PCL_COL_GROSS_MASS_KG, "0.000001");
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT_TRUE(it.has_mass);
	CU_ASSERT(it.gross_mass_micros == 1);
	set(&row, PCL_COL_GROSS_MASS_KG, "12.35");
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT(it.gross_mass_micros == 12350000);
	/* none given, or not a number: no mass */
	set(&row, PCL_COL_GROSS_MASS_KG, "");
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT_FALSE(it.has_mass);
	set(&row, PCL_COL_GROSS_MASS_KG, "1,5kg");
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT_FALSE(it.has_mass);
	pcl_reasons_release(&rs);
}

void test_check_register(void);
void
test_check_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_check_valid_wco_record_has_no_reasons),
		PCL_TEST(test_check_hs_code),
		PCL_TEST(test_check_tracking_number_and_channel),
		PCL_TEST(test_check_identifier_exact_bytes),
		PCL_TEST(test_check_postcode_characters),
		PCL_TEST(test_check_formula_prefix),
		PCL_TEST(test_check_unit_value_times_quantity_exact),
		PCL_TEST(test_check_numbers_refused),
		PCL_TEST(test_check_negative_and_zero_values),
		PCL_TEST(test_check_currency_on_its_date),
		PCL_TEST(test_check_dates),
		PCL_TEST(test_check_countries),
		PCL_TEST(test_check_origin_required_for_us_under_wco),
		PCL_TEST(test_check_wco_data_set_elements),
		PCL_TEST(test_check_ioss_structure),
		PCL_TEST(test_check_postage_line_is_transport),
		PCL_TEST(test_check_non_goods_class),
		PCL_TEST(test_check_reasons_accumulate_sorted),
		PCL_TEST(test_check_spreadsheet_damage),
		PCL_TEST(test_check_postcode),
		PCL_TEST(test_check_gross_mass_exact),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("check", tests);
}
