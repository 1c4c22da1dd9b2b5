/*
 * test_schema: canonical names, carrier aliases, mandatory sets per
 * profile.
 */
#include <string.h>

#include "test_util.h"
#include "schema.h"

static void
test_schema_names_round_trip(void)
{
	int c;

	CU_ASSERT_STRING_EQUAL(pcl_column_name(PCL_COL_TRACKING_NUMBER),
	    "tracking_number");
	CU_ASSERT_STRING_EQUAL(pcl_column_name(PCL_COL_HS_CODE), "hs_code");
	CU_ASSERT_STRING_EQUAL(pcl_column_name(PCL_COL_ORIGIN_COUNTRY),
	    "origin_country");
	CU_ASSERT_STRING_EQUAL(pcl_column_name(PCL_COL_NONE), "");
	CU_ASSERT_STRING_EQUAL(pcl_column_name(-1), "");
	for (c = 0; c < PCL_COL_COUNT; c++)
		CU_ASSERT_EQUAL(pcl_column_find(pcl_column_name(c)), c);
	CU_ASSERT_EQUAL(pcl_column_find("HS_CODE"), PCL_COL_NONE);
	CU_ASSERT_EQUAL(pcl_column_find(""), PCL_COL_NONE);
}

static void
test_schema_aliases_as_carriers_write_them(void)
{
	CU_ASSERT_EQUAL(pcl_column_from_alias("HAWB"), PCL_COL_TRACKING_NUMBER);
	CU_ASSERT_EQUAL(pcl_column_from_alias("House AWB"),
	    PCL_COL_TRACKING_NUMBER);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Tracking No."),
	    PCL_COL_TRACKING_NUMBER);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Tariff Code"), PCL_COL_HS_CODE);
	CU_ASSERT_EQUAL(pcl_column_from_alias("HS-Code"), PCL_COL_HS_CODE);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Qty"), PCL_COL_QUANTITY);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Unit Price"), PCL_COL_UNIT_VALUE);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Declared Value"),
	    PCL_COL_ITEM_VALUE);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Country of Origin"),
	    PCL_COL_ORIGIN_COUNTRY);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Receiver Zip"),
	    PCL_COL_CONSIGNEE_POSTCODE);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Gross Weight (kg)"),
	    PCL_COL_NONE);	/* parentheses are not folded away */
	CU_ASSERT_EQUAL(pcl_column_from_alias("Gross Weight/kg"),
	    PCL_COL_GROSS_MASS_KG);
	/* canonical names in any case and spacing */
	CU_ASSERT_EQUAL(pcl_column_from_alias("Consignee Country"),
	    PCL_COL_CONSIGNEE_COUNTRY);
	CU_ASSERT_EQUAL(pcl_column_from_alias("ITEM_VALUE"), PCL_COL_ITEM_VALUE);
	CU_ASSERT_EQUAL(pcl_column_from_alias("hs_code"), PCL_COL_HS_CODE);
	/* not recognised */
	CU_ASSERT_EQUAL(pcl_column_from_alias("StockCode"), PCL_COL_NONE);
	CU_ASSERT_EQUAL(pcl_column_from_alias(""), PCL_COL_NONE);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Colour"), PCL_COL_NONE);
}

/*
 * The country of dispatch is the place of direct shipment, its own
 * optional column; the sender's country stays consignor_country.
 */
static void
test_schema_dispatch_country_aliases(void)
{
	CU_ASSERT_EQUAL(pcl_column_find("dispatch_country"),
	    PCL_COL_DISPATCH_COUNTRY);
	CU_ASSERT_STRING_EQUAL(pcl_column_name(PCL_COL_DISPATCH_COUNTRY),
	    "dispatch_country");
	CU_ASSERT_EQUAL(pcl_column_from_alias("Dispatch Country"),
	    PCL_COL_DISPATCH_COUNTRY);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Country of Dispatch"),
	    PCL_COL_DISPATCH_COUNTRY);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Place of Direct Shipment"),
	    PCL_COL_DISPATCH_COUNTRY);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Ship From Country"),
	    PCL_COL_DISPATCH_COUNTRY);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Shipper Country"),
	    PCL_COL_CONSIGNOR_COUNTRY);
	CU_ASSERT_EQUAL(pcl_column_from_alias("Sender Country"),
	    PCL_COL_CONSIGNOR_COUNTRY);
	/* optional in every profile */
	CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_WCO,
	    PCL_COL_DISPATCH_COUNTRY), 0);
	CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_VALUATION,
	    PCL_COL_DISPATCH_COUNTRY), 0);
}

static void
test_schema_long_header_is_not_an_alias(void)
{
	char big[300];

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CU_ASSERT_EQUAL(pcl_column_from_alias(big), PCL_COL_NONE);
	/* "hs" followed by 200 spaces folds to "hs" */
	memset(big, ' ', sizeof big - 1);
	big[0] = 'H';
	big[1] = 'S';
	CU_ASSERT_EQUAL(pcl_column_from_alias(big), PCL_COL_HS_CODE);
}

static void
test_schema_required_per_profile(void)
{
	/* every profile: the parcel key, the route, the date and the value */
	static const int always[] = {
		PCL_COL_TRACKING_NUMBER, PCL_COL_CONSIGNOR_COUNTRY,
		PCL_COL_CONSIGNEE_COUNTRY, PCL_COL_DATE, PCL_COL_ITEM_VALUE,
		PCL_COL_CURRENCY
	};
	/* WCO data set only: parties, description, HS, quantity, mass */
	static const int wco_only[] = {
		PCL_COL_CONSIGNOR_NAME, PCL_COL_CONSIGNOR_ADDRESS,
		PCL_COL_CONSIGNEE_NAME, PCL_COL_CONSIGNEE_ADDRESS,
		PCL_COL_DESCRIPTION, PCL_COL_HS_CODE, PCL_COL_QUANTITY,
		PCL_COL_GROSS_MASS_KG
	};
	size_t i;

	for (i = 0; i < sizeof always / sizeof always[0]; i++) {
		CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_WCO, always[i]), 1);
		CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_VALUATION,
		    always[i]), 1);
	}
	for (i = 0; i < sizeof wco_only / sizeof wco_only[0]; i++) {
		CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_WCO,
		    wco_only[i]), 1);
		CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_VALUATION,
		    wco_only[i]), 0);
	}
	/* optional everywhere (origin is required per record, not per file) */
	CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_WCO,
	    PCL_COL_UNIT_VALUE), 0);
	CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_WCO,
	    PCL_COL_IOSS_NUMBER), 0);
	CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_WCO,
	    PCL_COL_ORIGIN_COUNTRY), 0);
	CU_ASSERT_EQUAL(pcl_column_required(PCL_PROFILE_WCO, PCL_COL_CHANNEL),
	    0);
}

static void
test_schema_profile_names(void)
{
	CU_ASSERT_EQUAL(pcl_profile_from_name("wco"), PCL_PROFILE_WCO);
	CU_ASSERT_EQUAL(pcl_profile_from_name("valuation"),
	    PCL_PROFILE_VALUATION);
	CU_ASSERT_EQUAL(pcl_profile_from_name("WCO"), -1);
	CU_ASSERT_EQUAL(pcl_profile_from_name(""), -1);
	CU_ASSERT_STRING_EQUAL(pcl_profile_name(PCL_PROFILE_WCO), "wco");
	CU_ASSERT_STRING_EQUAL(pcl_profile_name(PCL_PROFILE_VALUATION),
	    "valuation");
}

void test_schema_register(void);
void
test_schema_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_schema_names_round_trip),
		PCL_TEST(test_schema_aliases_as_carriers_write_them),
		PCL_TEST(test_schema_dispatch_country_aliases),
		PCL_TEST(test_schema_long_header_is_not_an_alias),
		PCL_TEST(test_schema_required_per_profile),
		PCL_TEST(test_schema_profile_names),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("schema", tests);
}
