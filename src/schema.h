/*
 * schema: the canonical manifest layout (version 1): its columns, in lane
 * output order, the data elements of the WCO Cross-Border E-Commerce
 * Framework they carry, their canonical names and the aliases carriers
 * write for them, the validation profiles and the columns each profile
 * requires. Binding one input's header (or a map file) onto these
 * columns is map.h's; each value's format is checked by check.h.
 */
#ifndef PCL_SCHEMA_H
#define PCL_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Canonical columns, in output order. */
enum pcl_column {
	/* parcel level */
	PCL_COL_TRACKING_NUMBER = 0,	/* house waybill or UPU S10 item id */
	PCL_COL_ITEM_SEQ,
	PCL_COL_ORDER_ID,
	PCL_COL_PLATFORM,
	PCL_COL_CONSIGNOR_NAME,
	PCL_COL_CONSIGNOR_ADDRESS,
	PCL_COL_CONSIGNOR_COUNTRY,	/* ISO 3166-1 alpha-2: the sender's country */
	PCL_COL_DISPATCH_COUNTRY,	/* optional: place of direct shipment */
	PCL_COL_CONSIGNOR_ID,
	PCL_COL_CONSIGNEE_NAME,
	PCL_COL_CONSIGNEE_ADDRESS,
	PCL_COL_CONSIGNEE_CITY,
	PCL_COL_CONSIGNEE_POSTCODE,
	PCL_COL_CONSIGNEE_COUNTRY,	/* the destination */
	PCL_COL_CONSIGNEE_ID,
	PCL_COL_IOSS_NUMBER,
	PCL_COL_CATEGORY,		/* CN 23 nature: sale gift sample documents returned other */
	PCL_COL_TRANSPORT_COST,		/* in the first record's currency */
	PCL_COL_INSURANCE_COST,		/* in the first record's currency */
	PCL_COL_CHANNEL,		/* post or courier */
	PCL_COL_DATE,			/* acceptance date, ISO 8601 */
	/* item level */
	PCL_COL_DESCRIPTION,
	PCL_COL_HS_CODE,		/* 6 to 10 digits, text */
	PCL_COL_QUANTITY,
	PCL_COL_ITEM_VALUE,		/* intrinsic value of the line */
	PCL_COL_UNIT_VALUE,		/* or value per unit, times quantity */
	PCL_COL_CURRENCY,		/* ISO 4217 */
	PCL_COL_GROSS_MASS_KG,
	PCL_COL_ORIGIN_COUNTRY,		/* country of origin of the goods */
	PCL_COL_DISPATCH_DATE,		/* date of exportation or direct
					 * shipment, ISO 8601 (optional) */
	/* optional, for the export data sets (export.h); text as given */
	PCL_COL_CONSIGNOR_CITY,
	PCL_COL_CONSIGNOR_POSTCODE,
	PCL_COL_CONSIGNEE_PHONE,
	PCL_COL_CONSIGNEE_EMAIL,
	PCL_COL_NET_MASS_KG,
	PCL_COL_MASTER_WAYBILL,		/* per parcel, over --filing's */
	PCL_COL_COUNT,
	PCL_COL_NONE = 0xffff
};

/* Validation profiles. */
enum pcl_profile {
	PCL_PROFILE_WCO = 0,	/* full WCO FoS reference data set (default) */
	PCL_PROFILE_VALUATION = 1	/* value-only, for historical data */
};

/* Canonical name of column 'c' ("tracking_number"); "" for PCL_COL_NONE. */
const char *pcl_column_name(int c);

/* Column for canonical name 'name', or PCL_COL_NONE. */
int pcl_column_find(const char *name);

/*
 * Column for a header name as carriers write it: the canonical name or a
 * documented alias (docs/manifest.md "Column names"), compared ignoring case, spaces,
 * '_', '-', '.' and '/'. Returns PCL_COL_NONE when not recognised.
 */
int pcl_column_from_alias(const char *header);

/*
 * 1 when column 'c' must be present (as a column or a map constant) in
 * every input under 'profile': a column every record needs. item_value is
 * satisfied by unit_value.
 */
int pcl_column_required(enum pcl_profile profile, int c);

/* Profile by name ("wco", "valuation"); -1 if unknown. */
int pcl_profile_from_name(const char *name);
const char *pcl_profile_name(enum pcl_profile p);

#endif
