/*
 * exportreq: the columns each declaration data set requires, and which
 * records it may take (see exportreq.h).
 */
#include <string.h>

#include "check.h"
#include "date.h"
#include "export.h"
#include "exportreq.h"
#include "map.h"
#include "reason.h"
#include "rules.h"
#include "schema.h"
#include "banned.h"

/* Requirement applies to every goods record, or only commercial ones. */
enum { ALL, COMMERCIAL };

static const struct req {
	int		 kind;
	int		 column;
	int		 when;
	const char	*element;	/* the export file's column heading */
} reqs[] = {
	/* EU H7: Annex B column H7; AEAT H7 guide */
	{ PCL_EXPORT_H7, PCL_COL_CONSIGNOR_NAME, ALL,
	    "13 01 016 000 exporter name" },
	{ PCL_EXPORT_H7, PCL_COL_CONSIGNOR_ADDRESS, ALL,
	    "13 01 018 019 exporter street and number" },
	{ PCL_EXPORT_H7, PCL_COL_CONSIGNOR_CITY, ALL,
	    "13 01 018 022 exporter city" },
	{ PCL_EXPORT_H7, PCL_COL_CONSIGNEE_NAME, ALL,
	    "13 04 016 000 importer name" },
	{ PCL_EXPORT_H7, PCL_COL_CONSIGNEE_ADDRESS, ALL,
	    "13 04 018 019 importer street and number" },
	{ PCL_EXPORT_H7, PCL_COL_CONSIGNEE_CITY, ALL,
	    "13 04 018 022 importer city" },
	{ PCL_EXPORT_H7, PCL_COL_DESCRIPTION, ALL,
	    "18 05 000 000 description of goods" },
	{ PCL_EXPORT_H7, PCL_COL_HS_CODE, ALL,
	    "18 09 056 000 harmonized system subheading code" },
	{ PCL_EXPORT_H7, PCL_COL_GROSS_MASS_KG, ALL,
	    "18 04 000 000 gross mass (kg)" },
	/* UK H7: CDS Appendix 21H */
	{ PCL_EXPORT_UK_H7, PCL_COL_CONSIGNOR_NAME, ALL, "3/1 exporter name" },
	{ PCL_EXPORT_UK_H7, PCL_COL_CONSIGNOR_ADDRESS, ALL,
	    "3/1 exporter street and number" },
	{ PCL_EXPORT_UK_H7, PCL_COL_CONSIGNOR_CITY, ALL, "3/1 exporter city" },
	{ PCL_EXPORT_UK_H7, PCL_COL_CONSIGNEE_NAME, ALL, "3/15 importer name" },
	{ PCL_EXPORT_UK_H7, PCL_COL_CONSIGNEE_ADDRESS, ALL,
	    "3/15 importer street and number" },
	{ PCL_EXPORT_UK_H7, PCL_COL_CONSIGNEE_CITY, ALL, "3/15 importer city" },
	{ PCL_EXPORT_UK_H7, PCL_COL_CONSIGNEE_POSTCODE, ALL,
	    "3/15 importer postcode" },
	{ PCL_EXPORT_UK_H7, PCL_COL_DESCRIPTION, ALL,
	    "6/8 description of goods" },
	{ PCL_EXPORT_UK_H7, PCL_COL_HS_CODE, ALL, "6/14 commodity code" },
	{ PCL_EXPORT_UK_H7, PCL_COL_GROSS_MASS_KG, ALL, "6/5 gross mass (kg)" },
	/* UPU CN 23: sender, addressee, boxes 1-3; 7 and 8 commercial */
	{ PCL_EXPORT_CN23, PCL_COL_CONSIGNOR_NAME, ALL, "sender name" },
	{ PCL_EXPORT_CN23, PCL_COL_CONSIGNOR_ADDRESS, ALL, "sender address" },
	{ PCL_EXPORT_CN23, PCL_COL_CONSIGNOR_CITY, ALL, "sender city" },
	{ PCL_EXPORT_CN23, PCL_COL_CONSIGNEE_NAME, ALL, "addressee name" },
	{ PCL_EXPORT_CN23, PCL_COL_CONSIGNEE_ADDRESS, ALL,
	    "addressee address" },
	{ PCL_EXPORT_CN23, PCL_COL_CONSIGNEE_CITY, ALL, "addressee city" },
	{ PCL_EXPORT_CN23, PCL_COL_DESCRIPTION, ALL,
	    "(1) detailed description of contents" },
	{ PCL_EXPORT_CN23, PCL_COL_QUANTITY, ALL, "(2) quantity" },
	{ PCL_EXPORT_CN23, PCL_COL_GROSS_MASS_KG, ALL,
	    "(3) weight (kg), as the gross mass" },
	{ PCL_EXPORT_CN23, PCL_COL_HS_CODE, COMMERCIAL,
	    "(7) HS tariff number" },
	{ PCL_EXPORT_CN23, PCL_COL_ORIGIN_COUNTRY, COMMERCIAL,
	    "(8) country of origin of goods" },
	/* ACE: CBP entry data */
	{ PCL_EXPORT_ACE, PCL_COL_CONSIGNOR_NAME, ALL, "shipper name" },
	{ PCL_EXPORT_ACE, PCL_COL_CONSIGNOR_ADDRESS, ALL, "shipper address" },
	{ PCL_EXPORT_ACE, PCL_COL_CONSIGNEE_NAME, ALL, "consignee name" },
	{ PCL_EXPORT_ACE, PCL_COL_CONSIGNEE_ADDRESS, ALL,
	    "consignee address" },
	{ PCL_EXPORT_ACE, PCL_COL_CONSIGNEE_CITY, ALL, "consignee city" },
	{ PCL_EXPORT_ACE, PCL_COL_CONSIGNEE_POSTCODE, ALL,
	    "consignee postal code" },
	{ PCL_EXPORT_ACE, PCL_COL_DESCRIPTION, ALL,
	    "description of merchandise" },
	{ PCL_EXPORT_ACE, PCL_COL_HS_CODE, ALL, "HTS number" },
	{ PCL_EXPORT_ACE, PCL_COL_ORIGIN_COUNTRY, ALL, "country of origin" },
	{ PCL_EXPORT_ACE, PCL_COL_QUANTITY, ALL, "quantity" },
};

const char *
pcl_exportreq_element(int kind, int column, int category)
{
	size_t i;

	for (i = 0; i < sizeof reqs / sizeof reqs[0]; i++)
		if (reqs[i].kind == kind && reqs[i].column == column &&
		    (reqs[i].when == ALL || category == PCL_CAT_SALE ||
		    category == PCL_CAT_SAMPLE || category < 0))
			return reqs[i].element;
	return NULL;
}

int
pcl_exportreq_in_scope(int kind, const struct pcl_rules *rules,
    const struct pcl_item *it)
{
	const char *from = pcl_item_ships_from(it), *u;

	if (it->date == PCL_DATE_NONE || it->dest[0] == '\0' ||
	    from[0] == '\0' || rules == NULL ||
	    pcl_rules_same_territory(rules, from, it->dest, it->date))
		return 0;
	switch (kind) {
	case PCL_EXPORT_H7:
		u = pcl_rules_union_of(rules, it->dest, it->date);
		return u != NULL && strcmp(u, "EU") == 0;
	case PCL_EXPORT_UK_H7:
		return strcmp(it->dest, "GB") == 0;
	case PCL_EXPORT_CN23:
		return it->channel == PCL_CHANNEL_POST;
	case PCL_EXPORT_ACE:
		return it->channel == PCL_CHANNEL_COURIER &&
		    strcmp(it->dest, "US") == 0;
	default:
		return 0;
	}
}

/* 1 when 'rs' names 'column' MISSING already. */
static int
missing_already(const struct pcl_reasons *rs, int column)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->v[i].code == PCL_R_MISSING &&
		    rs->v[i].column == (uint16_t)column)
			return 1;
	return 0;
}

int
pcl_exportreq_check(unsigned mask, const struct pcl_rules *rules,
    const struct pcl_row *row, const struct pcl_item *it,
    struct pcl_reasons *rs)
{
	size_t i;
	int k;

	if (mask == 0 || row->row_class >= 0 || row->is_postage)
		return 0;
	for (k = 0; k < PCL_EXPORT_COUNT; k++) {
		if (!(mask & (1u << k)) ||
		    !pcl_exportreq_in_scope(k, rules, it))
			continue;
		for (i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
			int c = reqs[i].column;

			if (reqs[i].kind != k || row->len[c] > 0 ||
			    pcl_exportreq_element(k, c, (int)it->category) ==
			    NULL || missing_already(rs, c))
				continue;
			if (pcl_reasons_add(rs, PCL_R_MISSING_FOR_EXPORT, c) != 0)
				return -1;
		}
	}
	return 0;
}
