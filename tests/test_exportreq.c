/*
 * test_exportreq: the manifest columns each declaration data set
 * requires (docs/exports.md, "Columns a data set requires"), which
 * records a data set asked for may take by destination, channel and
 * customs border, and MISSING_FOR_EXPORT only with --export.
 */
#include <string.h>

#include "test_util.h"
#include "check.h"
#include "date.h"
#include "export.h"
#include "exportreq.h"
#include "map.h"
#include "reason.h"
#include "rules.h"
#include "schema.h"

static void
blank(struct pcl_row *row)
{
	int c;

	memset(row, 0, sizeof *row);
	for (c = 0; c < PCL_COL_COUNT; c++)
		row->v[c] = "";
	row->date = PCL_DATE_NONE;
	row->row_class = -1;
	row->class_column = PCL_COL_NONE;
}

static void
set(struct pcl_row *row, int c, const char *s)
{
	row->v[c] = s;
	row->len[c] = strlen(s);
	if (c == PCL_COL_DATE)
		row->date = pcl_date_parse_iso(s, strlen(s));
}

/* A courier parcel CN -> DE on 2024-03-12 with every H7 column but the
 * consignor's city. */
static void
to_de(struct pcl_row *row)
{
	blank(row);
	set(row, PCL_COL_TRACKING_NUMBER, "XM-DE-1");
	set(row, PCL_COL_CONSIGNOR_NAME, "Shenzhen Gadget Co");
	set(row, PCL_COL_CONSIGNOR_ADDRESS, "88 Keyuan Rd");
	set(row, PCL_COL_CONSIGNOR_COUNTRY, "CN");
	set(row, PCL_COL_CONSIGNEE_NAME, "Anna Schmidt");
	set(row, PCL_COL_CONSIGNEE_ADDRESS, "Hauptstr. 5");
	set(row, PCL_COL_CONSIGNEE_CITY, "Berlin");
	set(row, PCL_COL_CONSIGNEE_POSTCODE, "10115");
	set(row, PCL_COL_CONSIGNEE_COUNTRY, "DE");
	set(row, PCL_COL_CHANNEL, "courier");
	set(row, PCL_COL_DATE, "2024-03-12");
	set(row, PCL_COL_DESCRIPTION, "ceramic coffee mug");
	set(row, PCL_COL_HS_CODE, "691200");
	set(row, PCL_COL_QUANTITY, "1");
	set(row, PCL_COL_ITEM_VALUE, "12.00");
	set(row, PCL_COL_CURRENCY, "EUR");
	set(row, PCL_COL_GROSS_MASS_KG, "0.35");
	set(row, PCL_COL_ORIGIN_COUNTRY, "CN");
}

static int
has(const struct pcl_reasons *rs, int code, int column)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->v[i].code == code && rs->v[i].column == column)
			return 1;
	return 0;
}

static size_t
count(const struct pcl_reasons *rs, int code)
{
	size_t i, n = 0;

	for (i = 0; i < rs->n; i++)
		n += rs->v[i].code == code;
	return n;
}

/* The element each data set fills from a column it requires. */
static void
test_exportreq_table_names_the_elements(void)
{
	CU_ASSERT_STRING_EQUAL(pcl_exportreq_element(PCL_EXPORT_H7,
	    PCL_COL_CONSIGNOR_CITY, PCL_CAT_SALE), "13 01 018 022 exporter city");
	CU_ASSERT_STRING_EQUAL(pcl_exportreq_element(PCL_EXPORT_H7,
	    PCL_COL_GROSS_MASS_KG, PCL_CAT_SALE),
	    "18 04 000 000 gross mass (kg)");
	CU_ASSERT_STRING_EQUAL(pcl_exportreq_element(PCL_EXPORT_UK_H7,
	    PCL_COL_CONSIGNEE_POSTCODE, PCL_CAT_SALE),
	    "3/15 importer postcode");
	CU_ASSERT_STRING_EQUAL(pcl_exportreq_element(PCL_EXPORT_CN23,
	    PCL_COL_QUANTITY, PCL_CAT_GIFT), "(2) quantity");
	CU_ASSERT_STRING_EQUAL(pcl_exportreq_element(PCL_EXPORT_ACE,
	    PCL_COL_HS_CODE, PCL_CAT_SALE), "HTS number");
	/* optional elements are required by none */
	CU_ASSERT_PTR_NULL(pcl_exportreq_element(PCL_EXPORT_H7,
	    PCL_COL_CONSIGNOR_POSTCODE, PCL_CAT_SALE));
	CU_ASSERT_PTR_NULL(pcl_exportreq_element(PCL_EXPORT_H7,
	    PCL_COL_CONSIGNEE_ID, PCL_CAT_SALE));
	CU_ASSERT_PTR_NULL(pcl_exportreq_element(PCL_EXPORT_CN23,
	    PCL_COL_CONSIGNEE_PHONE, PCL_CAT_SALE));
	CU_ASSERT_PTR_NULL(pcl_exportreq_element(PCL_EXPORT_CN23,
	    PCL_COL_NET_MASS_KG, PCL_CAT_SALE));
	/* ACE has no shipper city */
	CU_ASSERT_PTR_NULL(pcl_exportreq_element(PCL_EXPORT_ACE,
	    PCL_COL_CONSIGNOR_CITY, PCL_CAT_SALE));
	/* CN 23 boxes 7 and 8 for commercial items only */
	CU_ASSERT_PTR_NOT_NULL(pcl_exportreq_element(PCL_EXPORT_CN23,
	    PCL_COL_HS_CODE, PCL_CAT_SAMPLE));
	CU_ASSERT_PTR_NULL(pcl_exportreq_element(PCL_EXPORT_CN23,
	    PCL_COL_HS_CODE, PCL_CAT_GIFT));
	CU_ASSERT_PTR_NULL(pcl_exportreq_element(PCL_EXPORT_CN23,
	    PCL_COL_ORIGIN_COUNTRY, PCL_CAT_DOCUMENTS));
	CU_ASSERT_PTR_NULL(pcl_exportreq_element(PCL_EXPORT_COUNT,
	    PCL_COL_CONSIGNOR_CITY, PCL_CAT_SALE));
}

static void
test_exportreq_scope_by_destination_and_channel(void)
{
	struct pcl_rules *rules = NULL;
	struct pcl_item it;

	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&rules, NULL, NULL), PCL_OK);
	memset(&it, 0, sizeof it);
	it.date = pcl_date_from_ymd(2024, 3, 12);
	memcpy(it.from, "CN", 3);
	memcpy(it.dest, "DE", 3);
	it.channel = PCL_CHANNEL_COURIER;
	CU_ASSERT_TRUE(pcl_exportreq_in_scope(PCL_EXPORT_H7, rules, &it));
	CU_ASSERT_FALSE(pcl_exportreq_in_scope(PCL_EXPORT_UK_H7, rules, &it));
	CU_ASSERT_FALSE(pcl_exportreq_in_scope(PCL_EXPORT_CN23, rules, &it));
	CU_ASSERT_FALSE(pcl_exportreq_in_scope(PCL_EXPORT_ACE, rules, &it));
	/* within the EU: no customs border, no declaration */
	memcpy(it.from, "FR", 3);
	CU_ASSERT_FALSE(pcl_exportreq_in_scope(PCL_EXPORT_H7, rules, &it));
	/* GB left the EU customs union on 2021-01-01 */
	memcpy(it.from, "CN", 3);
	memcpy(it.dest, "GB", 3);
	CU_ASSERT_FALSE(pcl_exportreq_in_scope(PCL_EXPORT_H7, rules, &it));
	CU_ASSERT_TRUE(pcl_exportreq_in_scope(PCL_EXPORT_UK_H7, rules, &it));
	/* post to the US: CN 23, not ACE */
	memcpy(it.dest, "US", 3);
	it.channel = PCL_CHANNEL_POST;
	CU_ASSERT_TRUE(pcl_exportreq_in_scope(PCL_EXPORT_CN23, rules, &it));
	CU_ASSERT_FALSE(pcl_exportreq_in_scope(PCL_EXPORT_ACE, rules, &it));
	it.channel = PCL_CHANNEL_COURIER;
	CU_ASSERT_TRUE(pcl_exportreq_in_scope(PCL_EXPORT_ACE, rules, &it));
	/* no date: in no scope */
	it.date = PCL_DATE_NONE;
	CU_ASSERT_FALSE(pcl_exportreq_in_scope(PCL_EXPORT_ACE, rules, &it));
	pcl_rules_free(rules);
}

/* pcl_check_record applies the requirements only with --export. */
static void
test_exportreq_only_with_export(void)
{
	struct pcl_rules *rules = NULL;
	struct pcl_check_opts o;
	struct pcl_reasons rs;
	struct pcl_item it;
	struct pcl_row row;

	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&rules, NULL, NULL), PCL_OK);
	pcl_reasons_init(&rs);
	memset(&o, 0, sizeof o);
	o.profile = PCL_PROFILE_WCO;
	o.decimal = '.';
	o.as_of = PCL_DATE_NONE;
	o.rules = rules;
	to_de(&row);
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT_EQUAL(rs.n, 0);
	o.exports = 1u << PCL_EXPORT_H7;
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT_EQUAL(rs.n, 1);
	CU_ASSERT_TRUE(has(&rs, PCL_R_MISSING_FOR_EXPORT,
	    PCL_COL_CONSIGNOR_CITY));
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_MISSING_FOR_EXPORT),
	    PCL_LANE_REJECT);
	/* a data set whose scope the parcel is not in requires nothing */
	pcl_reasons_clear(&rs);
	o.exports = (1u << PCL_EXPORT_ACE) | (1u << PCL_EXPORT_CN23);
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT_EQUAL(rs.n, 0);
	/* a column the profile requires already is MISSING, not twice */
	pcl_reasons_clear(&rs);
	o.exports = 1u << PCL_EXPORT_H7;
	set(&row, PCL_COL_CONSIGNOR_CITY, "Shenzhen");
	set(&row, PCL_COL_DESCRIPTION, "");
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT_TRUE(has(&rs, PCL_R_MISSING, PCL_COL_DESCRIPTION));
	CU_ASSERT_EQUAL(count(&rs, PCL_R_MISSING_FOR_EXPORT), 0);
	/* under the valuation profile the export names it */
	pcl_reasons_clear(&rs);
	o.profile = PCL_PROFILE_VALUATION;
	CU_ASSERT_EQUAL(pcl_check_record(&row, &o, &it, &rs), 0);
	CU_ASSERT_TRUE(has(&rs, PCL_R_MISSING_FOR_EXPORT,
	    PCL_COL_DESCRIPTION));
	/* a postage line or a classed row is no goods item */
	pcl_reasons_clear(&rs);
	row.is_postage = 1;
	CU_ASSERT_EQUAL(pcl_exportreq_check(o.exports, rules, &row, &it, &rs),
	    0);
	CU_ASSERT_EQUAL(rs.n, 0);
	pcl_reasons_release(&rs);
	pcl_rules_free(rules);
}

void test_exportreq_register(void);
void
test_exportreq_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_exportreq_table_names_the_elements),
		PCL_TEST(test_exportreq_scope_by_destination_and_channel),
		PCL_TEST(test_exportreq_only_with_export),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("exportreq", tests);
}
