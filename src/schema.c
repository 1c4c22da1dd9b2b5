/*
 * schema: canonical column names, carrier aliases and mandatory sets.
 */
#include <ctype.h>
#include <string.h>

#include "schema.h"
#include "banned.h"

static const char *const names[PCL_COL_COUNT] = {
	"tracking_number", "item_seq", "order_id", "platform",
	"consignor_name", "consignor_address", "consignor_country",
	"dispatch_country", "consignor_id", "consignee_name", "consignee_address",
	"consignee_city", "consignee_postcode", "consignee_country",
	"consignee_id", "ioss_number", "category", "transport_cost",
	"insurance_cost", "channel", "date", "description", "hs_code",
	"quantity", "item_value", "unit_value", "currency", "gross_mass_kg",
	"origin_country", "dispatch_date",
	/* optional, for the export data sets */
	"consignor_city", "consignor_postcode", "consignee_phone",
	"consignee_email", "net_mass_kg", "master_waybill"
};

/*
 * Carrier spellings, already folded (lowercase, no separators). Documented
 * in docs/manifest.md "Column names"; keep the two in step.
 */
static const struct {
	const char *alias;
	int col;
} aliases[] = {
	{ "trackingno", PCL_COL_TRACKING_NUMBER },
	{ "tracking", PCL_COL_TRACKING_NUMBER },
	{ "trackingid", PCL_COL_TRACKING_NUMBER },
	{ "trackingnumber", PCL_COL_TRACKING_NUMBER },
	{ "hawb", PCL_COL_TRACKING_NUMBER },
	{ "houseawb", PCL_COL_TRACKING_NUMBER },
	{ "housewaybill", PCL_COL_TRACKING_NUMBER },
	{ "housebill", PCL_COL_TRACKING_NUMBER },
	{ "waybill", PCL_COL_TRACKING_NUMBER },
	{ "awb", PCL_COL_TRACKING_NUMBER },
	{ "itemid", PCL_COL_TRACKING_NUMBER },
	{ "s10", PCL_COL_TRACKING_NUMBER },
	{ "parcelid", PCL_COL_TRACKING_NUMBER },
	{ "lineno", PCL_COL_ITEM_SEQ },
	{ "itemno", PCL_COL_ITEM_SEQ },
	{ "itemnumber", PCL_COL_ITEM_SEQ },
	{ "goodsitemnumber", PCL_COL_ITEM_SEQ },
	{ "orderno", PCL_COL_ORDER_ID },
	{ "ordernumber", PCL_COL_ORDER_ID },
	{ "marketplace", PCL_COL_PLATFORM },
	{ "shippername", PCL_COL_CONSIGNOR_NAME },
	{ "sendername", PCL_COL_CONSIGNOR_NAME },
	{ "sellername", PCL_COL_CONSIGNOR_NAME },
	{ "shipperaddress", PCL_COL_CONSIGNOR_ADDRESS },
	{ "senderaddress", PCL_COL_CONSIGNOR_ADDRESS },
	{ "shippercountry", PCL_COL_CONSIGNOR_COUNTRY },
	{ "sendercountry", PCL_COL_CONSIGNOR_COUNTRY },
	{ "countryofdispatch", PCL_COL_DISPATCH_COUNTRY },
	{ "placeofdirectshipment", PCL_COL_DISPATCH_COUNTRY },
	{ "shipfromcountry", PCL_COL_DISPATCH_COUNTRY },
	{ "exportcountry", PCL_COL_CONSIGNOR_COUNTRY },
	{ "receivername", PCL_COL_CONSIGNEE_NAME },
	{ "recipientname", PCL_COL_CONSIGNEE_NAME },
	{ "buyername", PCL_COL_CONSIGNEE_NAME },
	{ "receiveraddress", PCL_COL_CONSIGNEE_ADDRESS },
	{ "recipientaddress", PCL_COL_CONSIGNEE_ADDRESS },
	{ "receivercity", PCL_COL_CONSIGNEE_CITY },
	{ "recipientcity", PCL_COL_CONSIGNEE_CITY },
	{ "receiverpostcode", PCL_COL_CONSIGNEE_POSTCODE },
	{ "recipientpostcode", PCL_COL_CONSIGNEE_POSTCODE },
	{ "consigneezip", PCL_COL_CONSIGNEE_POSTCODE },
	{ "receiverzip", PCL_COL_CONSIGNEE_POSTCODE },
	{ "receivercountry", PCL_COL_CONSIGNEE_COUNTRY },
	{ "recipientcountry", PCL_COL_CONSIGNEE_COUNTRY },
	{ "destinationcountry", PCL_COL_CONSIGNEE_COUNTRY },
	{ "destcountry", PCL_COL_CONSIGNEE_COUNTRY },
	{ "destination", PCL_COL_CONSIGNEE_COUNTRY },
	{ "ioss", PCL_COL_IOSS_NUMBER },
	{ "iossno", PCL_COL_IOSS_NUMBER },
	{ "categoryofitem", PCL_COL_CATEGORY },
	{ "natureoftransaction", PCL_COL_CATEGORY },
	{ "freight", PCL_COL_TRANSPORT_COST },
	{ "shippingcost", PCL_COL_TRANSPORT_COST },
	{ "freightcost", PCL_COL_TRANSPORT_COST },
	{ "postage", PCL_COL_TRANSPORT_COST },
	{ "insurance", PCL_COL_INSURANCE_COST },
	{ "acceptancedate", PCL_COL_DATE },
	{ "shipmentdate", PCL_COL_DATE },
	{ "shipdate", PCL_COL_DATE },
	{ "goodsdescription", PCL_COL_DESCRIPTION },
	{ "itemdescription", PCL_COL_DESCRIPTION },
	{ "hs", PCL_COL_HS_CODE },
	{ "hscode", PCL_COL_HS_CODE },
	{ "tariffcode", PCL_COL_HS_CODE },
	{ "tariffnumber", PCL_COL_HS_CODE },
	{ "commoditycode", PCL_COL_HS_CODE },
	{ "htscode", PCL_COL_HS_CODE },
	{ "qty", PCL_COL_QUANTITY },
	{ "value", PCL_COL_ITEM_VALUE },
	{ "declaredvalue", PCL_COL_ITEM_VALUE },
	{ "linevalue", PCL_COL_ITEM_VALUE },
	{ "intrinsicvalue", PCL_COL_ITEM_VALUE },
	{ "unitprice", PCL_COL_UNIT_VALUE },
	{ "currencycode", PCL_COL_CURRENCY },
	{ "grossweight", PCL_COL_GROSS_MASS_KG },
	{ "grossmass", PCL_COL_GROSS_MASS_KG },
	{ "weightkg", PCL_COL_GROSS_MASS_KG },
	{ "grossweightkg", PCL_COL_GROSS_MASS_KG },
	{ "countryoforigin", PCL_COL_ORIGIN_COUNTRY },
	{ "origin", PCL_COL_ORIGIN_COUNTRY },
	{ "coo", PCL_COL_ORIGIN_COUNTRY },
	/* optional columns for the export data sets */
	{ "shippercity", PCL_COL_CONSIGNOR_CITY },
	{ "sendercity", PCL_COL_CONSIGNOR_CITY },
	{ "shipperpostcode", PCL_COL_CONSIGNOR_POSTCODE },
	{ "senderpostcode", PCL_COL_CONSIGNOR_POSTCODE },
	{ "shipperzip", PCL_COL_CONSIGNOR_POSTCODE },
	{ "receiverphone", PCL_COL_CONSIGNEE_PHONE },
	{ "recipientphone", PCL_COL_CONSIGNEE_PHONE },
	{ "receiveremail", PCL_COL_CONSIGNEE_EMAIL },
	{ "recipientemail", PCL_COL_CONSIGNEE_EMAIL },
	{ "netweight", PCL_COL_NET_MASS_KG },
	{ "netmass", PCL_COL_NET_MASS_KG },
	{ "netweightkg", PCL_COL_NET_MASS_KG },
	{ "mawb", PCL_COL_MASTER_WAYBILL },
	{ "masterawb", PCL_COL_MASTER_WAYBILL },
	{ "masterwaybill", PCL_COL_MASTER_WAYBILL },
};

const char *
pcl_column_name(int c)
{
	if (c < 0 || c >= PCL_COL_COUNT)
		return "";
	return names[c];
}

int
pcl_column_find(const char *name)
{
	int c;

	for (c = 0; c < PCL_COL_COUNT; c++)
		if (strcmp(names[c], name) == 0)
			return c;
	return PCL_COL_NONE;
}

/* Lowercase, drop ' ', '_', '-', '.', '/': "House AWB" -> "houseawb". */
static void
fold(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (; *in != '\0' && n + 1 < size; in++) {
		unsigned char ch = (unsigned char)*in;

		if (ch == ' ' || ch == '_' || ch == '-' || ch == '.' || ch == '/')
			continue;
		out[n++] = (char)tolower(ch);
	}
	out[n] = '\0';
}

int
pcl_column_from_alias(const char *header)
{
	char f[128], g[128];
	size_t i;
	int c;

	fold(header, f, sizeof f);
	for (c = 0; c < PCL_COL_COUNT; c++) {
		fold(names[c], g, sizeof g);
		if (strcmp(f, g) == 0)
			return c;
	}
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(f, aliases[i].alias) == 0)
			return aliases[i].col;
	return PCL_COL_NONE;
}

int
pcl_column_required(enum pcl_profile profile, int c)
{
	switch (c) {
	case PCL_COL_TRACKING_NUMBER:
	case PCL_COL_CONSIGNOR_COUNTRY:
	case PCL_COL_CONSIGNEE_COUNTRY:
	case PCL_COL_DATE:
	case PCL_COL_ITEM_VALUE:
	case PCL_COL_CURRENCY:
		return 1;
	case PCL_COL_CONSIGNOR_NAME:
	case PCL_COL_CONSIGNOR_ADDRESS:
	case PCL_COL_CONSIGNEE_NAME:
	case PCL_COL_CONSIGNEE_ADDRESS:
	case PCL_COL_DESCRIPTION:
	case PCL_COL_HS_CODE:
	case PCL_COL_QUANTITY:
	case PCL_COL_GROSS_MASS_KG:
		return profile == PCL_PROFILE_WCO;
	default:
		return 0;
	}
}

int
pcl_profile_from_name(const char *name)
{
	if (strcmp(name, "wco") == 0)
		return PCL_PROFILE_WCO;
	if (strcmp(name, "valuation") == 0)
		return PCL_PROFILE_VALUATION;
	return -1;
}

const char *
pcl_profile_name(enum pcl_profile p)
{
	return p == PCL_PROFILE_VALUATION ? "valuation" : "wco";
}
