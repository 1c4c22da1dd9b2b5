/*
 * export: declaration data sets beside the lanes (see export.h and
 * docs/exports.md for every column and its source).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bigmem.h"
#include "check.h"
#include "date.h"
#include "export.h"
#include "pass1.h"
#include "codes.h"
#include "filing.h"
#include "fx.h"
#include "map.h"
#include "parcel.h"
#include "reason.h"
#include "rules.h"
#include "schema.h"
#include "verdict.h"
#include "writer.h"
#include "banned.h"

static const char *const names[PCL_EXPORT_COUNT] = {
	"h7", "uk-h7", "cn23", "ace"
};
static const char *const files[PCL_EXPORT_COUNT] = {
	"export-h7.csv.gz", "export-uk-h7.csv.gz", "export-cn23.csv.gz",
	"export-ace.csv.gz"
};

/* EU H7: Annex B element numbers and names, in file order. */
enum {
	H7_LRN, H7_TYPE, H7_ADD_TYPE, H7_GOODS_ITEM, H7_PROC_REQ,
	H7_PROC_PREV, H7_ADD_PROC, H7_TRANSPORT_DOC, H7_EXP_NAME,
	H7_EXP_STREET, H7_EXP_POSTCODE, H7_EXP_CITY, H7_EXP_COUNTRY, H7_IMP_NAME, H7_IMP_ID,
	H7_IMP_STREET, H7_IMP_POSTCODE, H7_IMP_CITY, H7_IMP_COUNTRY,
	H7_DECLARANT, H7_REPRESENTATIVE, H7_REP_STATUS,
	H7_FISCAL_REF, H7_DESCRIPTION, H7_HS6, H7_VALUE, H7_CURRENCY,
	H7_VALUE_EUR, H7_TOTAL_EUR, H7_GROSS_MASS, H7_TOTAL_MASS, H7_PACKAGES, H7_LOCATION, H7_OFFICE, H7_DUTY_AMOUNT,
	H7_DUTY_CURRENCY, H7_NCOLS
};

static const char *const h7_cols[H7_NCOLS] = {
	"12 09 000 000 LRN",
	"11 01 000 000 declaration type",
	"11 02 000 000 additional declaration type",
	"11 03 000 000 goods item number",
	"11 09 001 000 requested procedure",
	"11 09 002 000 previous procedure",
	"11 10 000 000 additional procedure",
	"12 05 000 000 transport document reference number",
	"13 01 016 000 exporter name",
	"13 01 018 019 exporter street and number",
	"13 01 018 021 exporter postcode",
	"13 01 018 022 exporter city",
	"13 01 018 020 exporter country",
	"13 04 016 000 importer name",
	"13 04 017 000 importer identification number",
	"13 04 018 019 importer street and number",
	"13 04 018 021 importer postcode",
	"13 04 018 022 importer city",
	"13 04 018 020 importer country",
	"13 05 017 000 declarant identification number",
	"13 06 017 000 representative identification number",
	"13 06 030 000 representative status",
	"13 16 000 000 additional fiscal reference (FR5 IOSS)",
	"18 05 000 000 description of goods",
	"18 09 056 000 harmonized system subheading code",
	"14 14 000 000 intrinsic value",
	"14 14 currency",
	"intrinsic value in EUR (item)",
	"intrinsic value in EUR (consignment)",
	"18 04 000 000 gross mass (kg)",
	"gross mass (kg) (consignment)",
	"18 06 004 000 number of packages",
	"16 15 000 000 location of goods (UN/LOCODE)",
	"17 09 000 000 customs office of presentation",
	"duty_amount",
	"duty_currency",
};

/* UPU CN 23: box numbers and names, in file order. */
enum {
	CN_ITEM_ID, CN_DATE, CN_SENDER_NAME, CN_SENDER_ADDRESS,
	CN_SENDER_POSTCODE, CN_SENDER_CITY, CN_SENDER_COUNTRY, CN_ADDR_NAME,
	CN_ADDR_ADDRESS, CN_ADDR_POSTCODE, CN_ADDR_CITY, CN_ADDR_COUNTRY,
	CN_ADDR_PHONE, CN_ADDR_EMAIL, CN_IMPORTER_REF, CN_CATEGORY,
	CN_LINE, CN_DESCRIPTION, CN_QUANTITY, CN_NET_WEIGHT, CN_VALUE,
	CN_CURRENCY, CN_HS, CN_ORIGIN, CN_TOTAL_VALUE, CN_TOTAL_WEIGHT, CN_RECEPTACLE,
	CN_DUTY_AMOUNT, CN_DUTY_CURRENCY, CN_NCOLS
};

static const char *const cn23_cols[CN_NCOLS] = {
	"item identifier (S10)",
	"date of posting",
	"sender name",
	"sender address",
	"sender postcode",
	"sender city",
	"sender country",
	"addressee name",
	"addressee address",
	"addressee postcode",
	"addressee city",
	"addressee country",
	"addressee telephone",
	"addressee e-mail",
	"importer reference",
	"(10) category of item",
	"content line",
	"(1) detailed description of contents",
	"(2) quantity",
	"(3) net weight (kg)",
	"(5) value",
	"(5) currency",
	"(7) HS tariff number",
	"(8) country of origin of goods",
	"(6) total value",
	"(4) total gross weight (kg)",
	"receptacle identifier",
	"duty_amount",
	"duty_currency",
};

/* UK H7: CDS Appendix 21H data element numbers and names. */
enum {
	UK_LRN, UK_TYPE, UK_ADD_TYPE, UK_GOODS_ITEM, UK_TOTAL_ITEMS,
	UK_PROC, UK_ADD_PROC, UK_EXP_NAME, UK_EXP_STREET, UK_EXP_CITY,
	UK_EXP_POSTCODE, UK_EXP_COUNTRY,
	UK_IMP_NAME, UK_IMP_STREET, UK_IMP_CITY, UK_IMP_POSTCODE,
	UK_IMP_COUNTRY, UK_IMP_ID, UK_DECLARANT, UK_REPRESENTATIVE,
	UK_REP_STATUS, UK_DESCRIPTION, UK_COMMODITY, UK_VALUE, UK_CURRENCY,
	UK_GROSS_MASS, UK_PACKAGES, UK_LOCATION, UK_OFFICE, UK_NCOLS
};

static const char *const uk_cols[UK_NCOLS] = {
	"2/5 LRN",
	"1/1 declaration type",
	"1/2 additional declaration type",
	"1/6 goods item number",
	"1/9 total number of items",
	"1/10 procedure",
	"1/11 additional procedure",
	"3/1 exporter name",
	"3/1 exporter street and number",
	"3/1 exporter city",
	"3/1 exporter postcode",
	"3/1 exporter country",
	"3/15 importer name",
	"3/15 importer street and number",
	"3/15 importer city",
	"3/15 importer postcode",
	"3/15 importer country",
	"3/16 importer identification number",
	"3/18 declarant identification number",
	"3/20 representative identification number",
	"3/21 representative status code",
	"6/8 description of goods",
	"6/14 commodity code",
	"4/14 item price/amount",
	"4/14 currency",
	"6/5 gross mass (kg)",
	"6/10 number of packages",
	"5/23 location of goods",
	"5/26 customs office of presentation",
};

/* US ACE entry data (CBP entry elements), in file order. */
enum {
	ACE_TYPE, ACE_HOUSE, ACE_MASTER, ACE_SHIPPER_NAME, ACE_SHIPPER_ADDRESS,
	ACE_SHIPPER_COUNTRY, ACE_CONS_NAME, ACE_CONS_ADDRESS, ACE_CONS_CITY,
	ACE_CONS_POSTCODE, ACE_CONS_COUNTRY, ACE_IOR, ACE_LINE, ACE_DESCRIPTION,
	ACE_HTS, ACE_ORIGIN, ACE_QUANTITY, ACE_LINE_VALUE, ACE_CURRENCY,
	ACE_VALUE_USD, ACE_PORT, ACE_FILER, ACE_NCOLS
};

static const char *const ace_cols[ACE_NCOLS] = {
	"entry type",
	"house bill of lading / air waybill",
	"master bill of lading / air waybill",
	"shipper name",
	"shipper address",
	"shipper country",
	"consignee name",
	"consignee address",
	"consignee city",
	"consignee postal code",
	"consignee country",
	"importer of record number",
	"line number",
	"description of merchandise",
	"HTS number",
	"country of origin",
	"quantity",
	"line value",
	"line value currency",
	"shipment value (USD)",
	"port of entry",
	"filer code",
};

static const char *const *const cols[PCL_EXPORT_COUNT] = {
	h7_cols, uk_cols, cn23_cols, ace_cols
};
static const size_t ncols[PCL_EXPORT_COUNT] = {
	H7_NCOLS, UK_NCOLS, CN_NCOLS, ACE_NCOLS
};

/* Columns of the widest data set. */
#define MAX_COLS 40
_Static_assert((int)H7_NCOLS <= MAX_COLS && (int)UK_NCOLS <= MAX_COLS &&
    (int)CN_NCOLS <= MAX_COLS && (int)ACE_NCOLS <= MAX_COLS,
    "MAX_COLS holds the widest data set");

/* The most goods items one H7 declaration holds (Annex B, DE 11 03). */
#define H7_MAX_ITEMS 999

struct pcl_exports {
	unsigned		 mask;
	struct pcl_export_in	 in;
	struct pcl_writer	*w[PCL_EXPORT_COUNT];
	uint16_t		*items;		/* goods items written, per parcel */
	uint32_t		 nparcels;
	const char		*f[MAX_COLS];
	size_t			 l[MAX_COLS];
};

const char *
pcl_export_name(int k)
{
	return k >= 0 && k < PCL_EXPORT_COUNT ? names[k] : "";
}

const char *
pcl_export_file(int k)
{
	return k >= 0 && k < PCL_EXPORT_COUNT ? files[k] : "";
}

int
pcl_export_parse(const char *list, unsigned *mask, struct pcl_error *err)
{
	const char *p = list, *e;
	size_t n;
	int k;

	*mask = 0;
	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		for (k = 0; k < PCL_EXPORT_COUNT; k++)
			if (strlen(names[k]) == n && memcmp(p, names[k], n) == 0)
				break;
		if (n == 0)
			return pcl_error_set(err, PCL_E_USAGE,
			    "--export: empty data set name in '%s'", list);
		if (k == PCL_EXPORT_COUNT)
			return pcl_error_set(err, PCL_E_USAGE,
			    "--export: unknown data set '%.*s' (h7, uk-h7, "
			    "cn23, ace)", (int)n, p);
		if (*mask & (1u << k))
			return pcl_error_set(err, PCL_E_USAGE,
			    "--export: data set '%s' given twice", names[k]);
		*mask |= 1u << k;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return PCL_OK;
}

size_t
pcl_export_h7_procedure(char *buf, size_t size, int32_t date, int gift_relief,
    int ioss_valid)
{
	int32_t flat = pcl_date_from_ymd(2026, 7, 1);
	int n;

	if (gift_relief)
		n = snprintf(buf, size, "C08");
	else if (date < flat)
		n = snprintf(buf, size, ioss_valid ? "C07 F48" : "C07");
	else
		n = snprintf(buf, size, ioss_valid ? "F48" : "");
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

const char *
pcl_export_ace_type(int32_t date, const char *origin, int under_threshold,
    pcl_i128 usd_cents)
{
	int cnhk = strcmp(origin, "CN") == 0 || strcmp(origin, "HK") == 0;

	if (under_threshold && date < pcl_date_from_ymd(2025, 8, 29) &&
	    !(cnhk && date >= pcl_date_from_ymd(2025, 5, 2)))
		return "86";
	return usd_cents <= 250000 ? "11" : "01";
}

int
pcl_exports_open(struct pcl_exports **out, unsigned mask, const char *dir,
    int level, int threads, const struct pcl_export_in *in,
    uint32_t nparcels, struct pcl_error *err)
{
	struct pcl_exports *x;
	int k, rc;

	*out = NULL;
	if ((x = calloc(1, sizeof *x)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	x->mask = mask;
	x->in = *in;
	x->nparcels = nparcels;
	if (nparcels > 0 &&
	    (x->items = pcl_bigmem_calloc(nparcels, sizeof *x->items)) == NULL) {
		pcl_exports_free(x);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	*out = x;
	if (threads == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);

		threads = cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
	}
	for (k = 0; k < PCL_EXPORT_COUNT; k++) {
		size_t i;

		if (!(mask & (1u << k)))
			continue;
		if ((rc = pcl_writer_open(&x->w[k], dir, files[k], level,
		    err)) != PCL_OK)
			return rc;
		if ((rc = pcl_writer_set_threads(x->w[k], threads)) ==
		    PCL_E_NOMEM)
			return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		if (rc != PCL_OK)
			return pcl_error_set(err, PCL_E_USAGE,
			    "bad number of compression threads %d", threads);
		for (i = 0; i < ncols[k]; i++) {
			x->f[i] = cols[k][i];
			x->l[i] = strlen(cols[k][i]);
		}
		if ((rc = pcl_writer_row(x->w[k], x->f, x->l, ncols[k],
		    err)) != PCL_OK)
			return rc;
	}
	return PCL_OK;
}

static int
has_reason(const struct pcl_reasons *rs, int code)
{
	size_t i;

	for (i = 0; rs != NULL && i < rs->n; i++)
		if ((int)rs->v[i].code == code)
			return 1;
	return 0;
}

/* 10^n for small n. */
static pcl_i128
pow10i(int n)
{
	pcl_i128 p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

/*
 * What H7 and UK H7 both ask of a parcel: release or declare, assessed
 * in 'currency' at no more than 'ceiling' (whole units), no excise or
 * relief-excluded goods, nothing under a prohibition or restriction (a
 * hit on a restricted-goods list, RESTRICTED_GOODS: such goods need a
 * full declaration; AEAT H7 manual 2.2.1.1, Finnish Customs' low-value
 * guidance), across a customs border, at most 999 goods items.
 */
static int
h7_like_takes(const struct pcl_parcel *pc, const struct pcl_verdict *v,
    pcl_i128 assessed, const struct pcl_reasons *rs, const char *currency,
    int ceiling)
{
	if (v->lane != PCL_LANE_RELEASE && v->lane != PCL_LANE_DECLARE)
		return 0;
	if (!v->has_assessed || strcmp(v->currency, currency) != 0 ||
	    assessed > ceiling * pow10i(v->assessed_digits))
		return 0;
	/* goods items: the records less a map's postage lines (a count
	 * of postage lines that saturated leaves more items, never fewer) */
	if (pc->excluded || pc->gift_excise ||
	    pc->nrecords - pc->npostage > H7_MAX_ITEMS)
		return 0;
	return !has_reason(rs, PCL_R_NO_CUSTOMS_BORDER) &&
	    !has_reason(rs, PCL_R_RESTRICTED_GOODS);
}

/* H7: a parcel to an EU member state within EUR 150. */
static int
h7_takes(const struct pcl_exports *x, const struct pcl_parcel *pc,
    const struct pcl_verdict *v, pcl_i128 assessed,
    const struct pcl_reasons *rs)
{
	const char *u = pcl_rules_union_of(x->in.rules, pc->dest, pc->date);

	return u != NULL && strcmp(u, "EU") == 0 &&
	    h7_like_takes(pc, v, assessed, rs, "EUR", 150);
}

/* UK H7: a parcel to GB within GBP 135. */
static int
uk_h7_takes(const struct pcl_parcel *pc, const struct pcl_verdict *v,
    pcl_i128 assessed, const struct pcl_reasons *rs)
{
	return strcmp(pc->dest, "GB") == 0 &&
	    h7_like_takes(pc, v, assessed, rs, "GBP", 135);
}

/* ACE takes a courier parcel to the US assessed in USD, in release or
 * declare. */
static int
ace_takes(const struct pcl_parcel *pc, const struct pcl_verdict *v,
    const struct pcl_reasons *rs)
{
	return (v->lane == PCL_LANE_RELEASE || v->lane == PCL_LANE_DECLARE) &&
	    pc->channel != PCL_CHANNEL_POST && strcmp(pc->dest, "US") == 0 &&
	    v->has_assessed && strcmp(v->currency, "USD") == 0 &&
	    !has_reason(rs, PCL_R_NO_CUSTOMS_BORDER);
}

/* CN 23 takes a post-channel parcel across a border, in release or declare. */
static int
cn23_takes(const struct pcl_parcel *pc, const struct pcl_verdict *v,
    const struct pcl_reasons *rs)
{
	return (v->lane == PCL_LANE_RELEASE || v->lane == PCL_LANE_DECLARE) &&
	    pc->channel == PCL_CHANNEL_POST &&
	    !has_reason(rs, PCL_R_NO_CUSTOMS_BORDER);
}

/*
 * The intrinsic value of the line (item_value, or unit_value times
 * quantity exactly) in micros; 0 when it cannot be read (the parcel
 * would have been rejected).
 */
static pcl_i128
line_value(const struct pcl_row *row, char decimal)
{
	pcl_i128 v = 0, unit, qty;

	if (row->len[PCL_COL_ITEM_VALUE] > 0) {
		if (pcl_money_parse(row->v[PCL_COL_ITEM_VALUE],
		    row->len[PCL_COL_ITEM_VALUE], decimal, &v) != 0)
			v = 0;
	} else if (pcl_money_parse(row->v[PCL_COL_UNIT_VALUE],
	    row->len[PCL_COL_UNIT_VALUE], decimal, &unit) == 0 &&
	    pcl_money_parse(row->v[PCL_COL_QUANTITY],
	    row->len[PCL_COL_QUANTITY], decimal, &qty) == 0 &&
	    pcl_money_mul(unit, qty, &v) != PCL_OK) {
		v = 0;
	}
	return v;
}

static void
put(struct pcl_exports *x, int i, const char *s, size_t n)
{
	x->f[i] = s;
	x->l[i] = n;
}

static void
put_col(struct pcl_exports *x, int i, const struct pcl_row *row, int c)
{
	put(x, i, row->v[c], row->len[c]);
}

static void
put_text(struct pcl_exports *x, int i, const char *s)
{
	put(x, i, s, strlen(s));
}

/*
 * The line value 'value' (micros of 'currency', the item's own) in EUR, as the
 * parcel was assessed: converted with the rate-date rule of the EU duty
 * rule in force for it and rounded once, half-up, to the cent (each item
 * on its own, so the items may not add up to the consignment's figure to
 * the cent). Returns 0, or -1 when no rule or rate serves it.
 */
static int
item_eur(const struct pcl_exports *x, const struct pcl_parcel *pc,
    const char *currency, pcl_i128 value, char *buf, size_t size)
{
	const struct pcl_rule *r;
	pcl_i128 minor;

	r = pcl_rules_find(x->in.rules, pc->dest, pc->date, PCL_TAX_DUTY,
	    (enum pcl_channel)pc->channel, pc->origin[0] != '\0' ?
	    pc->origin : pc->from, pc->from);
	if (r == NULL || strcmp(r->currency, "EUR") != 0 ||
	    pcl_fx_convert(x->in.fx, r->fx_rule, pc->date, currency, "EUR",
	    r->minor_digits, value, &minor, NULL) != PCL_FX_OK)
		return -1;
	pcl_money_format(buf, size, minor, r->minor_digits);
	return 0;
}

/* The filing parameter 'k' (filing.h), "" without --filing. */
static void
put_filing(struct pcl_exports *x, int i, int k)
{
	put_text(x, i, pcl_filing_get(x->in.filing, k));
}

/*
 * The gross mass of parcel 'idx' in kg, exact, without trailing zeros
 * ("0.75", "2"), into 'buf'; "" when unknown (a goods item without one).
 */
static void
parcel_mass(const struct pcl_exports *x, uint32_t idx, char *buf,
    size_t size)
{
	int64_t m = x->in.mass != NULL && idx < x->in.nmass ?
	    x->in.mass[idx] : 0;
	size_t n;

	buf[0] = '\0';
	if (x->in.mass == NULL || m == PCL_PASS1_MASS_NONE)
		return;
	pcl_money_format(buf, size, m, 6);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
}

/* CN 23 box 10 wording of a manifest category. */
static const char *
cn23_category(int c)
{
	switch (c) {
	case PCL_CAT_SALE:	return "sale of goods";
	case PCL_CAT_GIFT:	return "gift";
	case PCL_CAT_SAMPLE:	return "commercial sample";
	case PCL_CAT_DOCUMENTS:	return "documents";
	case PCL_CAT_RETURNED:	return "returned goods";
	default:		return "other";
	}
}

int
pcl_exports_row(struct pcl_exports *x, const struct pcl_row *row,
    uint32_t idx, char decimal, struct pcl_error *err)
{
	const struct pcl_parcel *pc;
	const struct pcl_verdict *v;
	const struct pcl_reasons *rs;
	pcl_i128 assessed, value;
	char item[8], proc[16], val[64], total[64], hs6[8], nitems[16], cur[4];
	char usd[64], eur[64], eur_total[64], mass[64];
	int takes[PCL_EXPORT_COUNT], k, rc, any = 0, digits;
	size_t n;

	if (x == NULL || x->mask == 0 || idx >= x->nparcels ||
	    row->row_class != -1 || row->is_postage)
		return PCL_OK;
	pc = pcl_parcels_at(x->in.parcels, idx);
	if ((v = pcl_verdicts_get(x->in.verdicts, idx, &assessed)) == NULL)
		return PCL_OK;
	rs = pcl_parcels_reasons(x->in.parcels, v->reasons);
	takes[PCL_EXPORT_H7] = (x->mask & (1u << PCL_EXPORT_H7)) &&
	    h7_takes(x, pc, v, assessed, rs);
	takes[PCL_EXPORT_UK_H7] = (x->mask & (1u << PCL_EXPORT_UK_H7)) &&
	    uk_h7_takes(pc, v, assessed, rs);
	takes[PCL_EXPORT_CN23] = (x->mask & (1u << PCL_EXPORT_CN23)) &&
	    cn23_takes(pc, v, rs);
	takes[PCL_EXPORT_ACE] = (x->mask & (1u << PCL_EXPORT_ACE)) &&
	    ace_takes(pc, v, rs);
	for (k = 0; k < PCL_EXPORT_COUNT; k++)
		any |= takes[k];
	if (!any)
		return PCL_OK;
	/* goods item number: 1..n among the parcel's goods rows */
	if (x->items[idx] < UINT16_MAX)
		x->items[idx]++;
	snprintf(item, sizeof item, "%u", (unsigned)x->items[idx]);
	/* the item's own currency: a parcel's items may be in several */
	digits = pc->currency_minor;
	snprintf(cur, sizeof cur, "%s", pc->currency);
	if (row->len[PCL_COL_CURRENCY] == 3) {
		int d;

		memcpy(cur, row->v[PCL_COL_CURRENCY], 3);
		cur[3] = '\0';
		if (pcl_codes_currency(cur, 3, pc->date, &d) == PCL_CODE_OK)
			digits = d;
	}
	value = line_value(row, decimal);
	pcl_money_format(val, sizeof val, pcl_money_to_minor(value, digits),
	    digits);
	/* one currency's total: none for a parcel in several currencies */
	if (pc->mixed)
		total[0] = '\0';
	else
		pcl_money_format(total, sizeof total,
		    pcl_money_to_minor(pc->value_micros, pc->currency_minor),
		    pc->currency_minor);
	parcel_mass(x, idx, mass, sizeof mass);
	n = row->len[PCL_COL_HS_CODE] < 6 ? row->len[PCL_COL_HS_CODE] : 6;
	memcpy(hs6, row->v[PCL_COL_HS_CODE], n);
	hs6[n] = '\0';

	if (takes[PCL_EXPORT_H7]) {
		pcl_export_h7_procedure(proc, sizeof proc, pc->date,
		    has_reason(rs, PCL_R_GIFT_RELIEF), pc->ioss_valid);
		put_col(x, H7_LRN, row, PCL_COL_TRACKING_NUMBER);
		put_text(x, H7_TYPE, "IM");
		put_text(x, H7_ADD_TYPE, "A");
		put_text(x, H7_GOODS_ITEM, item);
		put_text(x, H7_PROC_REQ, "40");
		put_text(x, H7_PROC_PREV, "00");
		put_text(x, H7_ADD_PROC, proc);
		put_col(x, H7_TRANSPORT_DOC, row, PCL_COL_TRACKING_NUMBER);
		put_col(x, H7_EXP_NAME, row, PCL_COL_CONSIGNOR_NAME);
		put_col(x, H7_EXP_STREET, row, PCL_COL_CONSIGNOR_ADDRESS);
		put_col(x, H7_EXP_POSTCODE, row, PCL_COL_CONSIGNOR_POSTCODE);
		put_col(x, H7_EXP_CITY, row, PCL_COL_CONSIGNOR_CITY);
		put_col(x, H7_EXP_COUNTRY, row, PCL_COL_CONSIGNOR_COUNTRY);
		put_col(x, H7_IMP_NAME, row, PCL_COL_CONSIGNEE_NAME);
		put_col(x, H7_IMP_ID, row, PCL_COL_CONSIGNEE_ID);
		put_col(x, H7_IMP_STREET, row, PCL_COL_CONSIGNEE_ADDRESS);
		put_col(x, H7_IMP_POSTCODE, row, PCL_COL_CONSIGNEE_POSTCODE);
		put_col(x, H7_IMP_CITY, row, PCL_COL_CONSIGNEE_CITY);
		put_col(x, H7_IMP_COUNTRY, row, PCL_COL_CONSIGNEE_COUNTRY);
		if (pc->ioss_valid)
			put_col(x, H7_FISCAL_REF, row, PCL_COL_IOSS_NUMBER);
		else
			put_text(x, H7_FISCAL_REF, "");
		put_filing(x, H7_DECLARANT, PCL_FILING_DECLARANT_EORI);
		put_filing(x, H7_REPRESENTATIVE,
		    PCL_FILING_REPRESENTATIVE_EORI);
		put_filing(x, H7_REP_STATUS, PCL_FILING_REPRESENTATIVE_STATUS);
		put_filing(x, H7_LOCATION, PCL_FILING_LOCATION_OF_GOODS);
		put_filing(x, H7_OFFICE, PCL_FILING_CUSTOMS_OFFICE);
		put_col(x, H7_DESCRIPTION, row, PCL_COL_DESCRIPTION);
		put_text(x, H7_HS6, hs6);
		put_text(x, H7_VALUE, val);
		put_text(x, H7_CURRENCY, cur);
		if (item_eur(x, pc, cur, value, eur, sizeof eur) != 0)
			eur[0] = '\0';
		put_text(x, H7_VALUE_EUR, eur);
		pcl_money_format(eur_total, sizeof eur_total, assessed,
		    v->assessed_digits);
		put_text(x, H7_TOTAL_EUR, eur_total);
		put_col(x, H7_GROSS_MASS, row, PCL_COL_GROSS_MASS_KG);
		put_text(x, H7_TOTAL_MASS, mass);
		/* one parcel is one package, counted on its first item */
		put_text(x, H7_PACKAGES, x->items[idx] == 1 ? "1" : "0");
		put_text(x, H7_DUTY_AMOUNT, v->duty_amount);
		put_text(x, H7_DUTY_CURRENCY, v->duty_currency);
		if ((rc = pcl_writer_row(x->w[PCL_EXPORT_H7], x->f, x->l,
		    H7_NCOLS, err)) != PCL_OK)
			return rc;
	}
	if (takes[PCL_EXPORT_UK_H7]) {
		/* goods items: the records less a map's postage lines */
		snprintf(nitems, sizeof nitems, "%u",
		    (unsigned)(pc->nrecords - pc->npostage));
		put_col(x, UK_LRN, row, PCL_COL_TRACKING_NUMBER);
		put_text(x, UK_TYPE, "IM");
		put_text(x, UK_ADD_TYPE, "A");
		put_text(x, UK_GOODS_ITEM, item);
		put_text(x, UK_TOTAL_ITEMS, nitems);
		put_text(x, UK_PROC, "4000");
		put_text(x, UK_ADD_PROC, "");
		put_col(x, UK_EXP_NAME, row, PCL_COL_CONSIGNOR_NAME);
		put_col(x, UK_EXP_STREET, row, PCL_COL_CONSIGNOR_ADDRESS);
		put_col(x, UK_EXP_CITY, row, PCL_COL_CONSIGNOR_CITY);
		put_col(x, UK_EXP_POSTCODE, row, PCL_COL_CONSIGNOR_POSTCODE);
		put_col(x, UK_EXP_COUNTRY, row, PCL_COL_CONSIGNOR_COUNTRY);
		put_col(x, UK_IMP_NAME, row, PCL_COL_CONSIGNEE_NAME);
		put_col(x, UK_IMP_STREET, row, PCL_COL_CONSIGNEE_ADDRESS);
		put_col(x, UK_IMP_CITY, row, PCL_COL_CONSIGNEE_CITY);
		put_col(x, UK_IMP_POSTCODE, row, PCL_COL_CONSIGNEE_POSTCODE);
		put_col(x, UK_IMP_COUNTRY, row, PCL_COL_CONSIGNEE_COUNTRY);
		put_col(x, UK_IMP_ID, row, PCL_COL_CONSIGNEE_ID);
		put_filing(x, UK_DECLARANT, PCL_FILING_DECLARANT_EORI);
		put_filing(x, UK_REPRESENTATIVE,
		    PCL_FILING_REPRESENTATIVE_EORI);
		put_filing(x, UK_REP_STATUS, PCL_FILING_REPRESENTATIVE_STATUS);
		put_filing(x, UK_LOCATION, PCL_FILING_LOCATION_OF_GOODS);
		put_filing(x, UK_OFFICE, PCL_FILING_CUSTOMS_OFFICE);
		put_col(x, UK_DESCRIPTION, row, PCL_COL_DESCRIPTION);
		put_text(x, UK_COMMODITY, hs6);
		put_text(x, UK_VALUE, val);
		put_text(x, UK_CURRENCY, cur);
		put_col(x, UK_GROSS_MASS, row, PCL_COL_GROSS_MASS_KG);
		put_text(x, UK_PACKAGES, x->items[idx] == 1 ? "1" : "0");
		if ((rc = pcl_writer_row(x->w[PCL_EXPORT_UK_H7], x->f, x->l,
		    UK_NCOLS, err)) != PCL_OK)
			return rc;
	}
	if (takes[PCL_EXPORT_CN23]) {
		put_col(x, CN_ITEM_ID, row, PCL_COL_TRACKING_NUMBER);
		put_col(x, CN_DATE, row, PCL_COL_DATE);
		put_col(x, CN_SENDER_NAME, row, PCL_COL_CONSIGNOR_NAME);
		put_col(x, CN_SENDER_ADDRESS, row, PCL_COL_CONSIGNOR_ADDRESS);
		put_col(x, CN_SENDER_POSTCODE, row, PCL_COL_CONSIGNOR_POSTCODE);
		put_col(x, CN_SENDER_CITY, row, PCL_COL_CONSIGNOR_CITY);
		put_col(x, CN_SENDER_COUNTRY, row, PCL_COL_CONSIGNOR_COUNTRY);
		put_col(x, CN_ADDR_NAME, row, PCL_COL_CONSIGNEE_NAME);
		put_col(x, CN_ADDR_ADDRESS, row, PCL_COL_CONSIGNEE_ADDRESS);
		put_col(x, CN_ADDR_POSTCODE, row, PCL_COL_CONSIGNEE_POSTCODE);
		put_col(x, CN_ADDR_CITY, row, PCL_COL_CONSIGNEE_CITY);
		put_col(x, CN_ADDR_COUNTRY, row, PCL_COL_CONSIGNEE_COUNTRY);
		put_col(x, CN_ADDR_PHONE, row, PCL_COL_CONSIGNEE_PHONE);
		put_col(x, CN_ADDR_EMAIL, row, PCL_COL_CONSIGNEE_EMAIL);
		if (pc->ioss_valid)
			put_col(x, CN_IMPORTER_REF, row, PCL_COL_IOSS_NUMBER);
		else
			put_col(x, CN_IMPORTER_REF, row, PCL_COL_CONSIGNEE_ID);
		put_text(x, CN_CATEGORY, cn23_category(pc->category));
		put_text(x, CN_LINE, item);
		put_col(x, CN_DESCRIPTION, row, PCL_COL_DESCRIPTION);
		put_col(x, CN_QUANTITY, row, PCL_COL_QUANTITY);
		put_col(x, CN_NET_WEIGHT, row, PCL_COL_NET_MASS_KG);
		put_text(x, CN_VALUE, val);
		put_text(x, CN_CURRENCY, cur);
		put_col(x, CN_HS, row, PCL_COL_HS_CODE);
		put_col(x, CN_ORIGIN, row, PCL_COL_ORIGIN_COUNTRY);
		put_text(x, CN_TOTAL_VALUE, total);
		put_text(x, CN_TOTAL_WEIGHT, mass);
		put_filing(x, CN_RECEPTACLE, PCL_FILING_RECEPTACLE_ID);
		put_text(x, CN_DUTY_AMOUNT, v->duty_amount);
		put_text(x, CN_DUTY_CURRENCY, v->duty_currency);
		if ((rc = pcl_writer_row(x->w[PCL_EXPORT_CN23], x->f, x->l,
		    CN_NCOLS, err)) != PCL_OK)
			return rc;
	}
	if (takes[PCL_EXPORT_ACE]) {
		const char *origin = pc->origin[0] != '\0' ? pc->origin :
		    pc->from;

		pcl_money_format(usd, sizeof usd, assessed,
		    v->assessed_digits);
		put_text(x, ACE_TYPE, pcl_export_ace_type(pc->date, origin,
		    has_reason(rs, PCL_R_UNDER_THRESHOLD) &&
		    v->lane == PCL_LANE_RELEASE,
		    assessed * pow10i(2 - (v->assessed_digits < 2 ?
		    v->assessed_digits : 2))));
		put_col(x, ACE_HOUSE, row, PCL_COL_TRACKING_NUMBER);
		if (row->len[PCL_COL_MASTER_WAYBILL] > 0)
			put_col(x, ACE_MASTER, row, PCL_COL_MASTER_WAYBILL);
		else
			put_filing(x, ACE_MASTER, PCL_FILING_MASTER_WAYBILL);
		put_filing(x, ACE_PORT, PCL_FILING_PORT_OF_ENTRY);
		put_filing(x, ACE_FILER, PCL_FILING_FILER_CODE);
		put_col(x, ACE_SHIPPER_NAME, row, PCL_COL_CONSIGNOR_NAME);
		put_col(x, ACE_SHIPPER_ADDRESS, row, PCL_COL_CONSIGNOR_ADDRESS);
		put_col(x, ACE_SHIPPER_COUNTRY, row, PCL_COL_CONSIGNOR_COUNTRY);
		put_col(x, ACE_CONS_NAME, row, PCL_COL_CONSIGNEE_NAME);
		put_col(x, ACE_CONS_ADDRESS, row, PCL_COL_CONSIGNEE_ADDRESS);
		put_col(x, ACE_CONS_CITY, row, PCL_COL_CONSIGNEE_CITY);
		put_col(x, ACE_CONS_POSTCODE, row, PCL_COL_CONSIGNEE_POSTCODE);
		put_col(x, ACE_CONS_COUNTRY, row, PCL_COL_CONSIGNEE_COUNTRY);
		put_col(x, ACE_IOR, row, PCL_COL_CONSIGNEE_ID);
		put_text(x, ACE_LINE, item);
		put_col(x, ACE_DESCRIPTION, row, PCL_COL_DESCRIPTION);
		put_col(x, ACE_HTS, row, PCL_COL_HS_CODE);
		put_col(x, ACE_ORIGIN, row, PCL_COL_ORIGIN_COUNTRY);
		put_col(x, ACE_QUANTITY, row, PCL_COL_QUANTITY);
		put_text(x, ACE_LINE_VALUE, val);
		put_text(x, ACE_CURRENCY, cur);
		put_text(x, ACE_VALUE_USD, usd);
		if ((rc = pcl_writer_row(x->w[PCL_EXPORT_ACE], x->f, x->l,
		    ACE_NCOLS, err)) != PCL_OK)
			return rc;
	}
	return PCL_OK;
}

int
pcl_exports_finish(struct pcl_exports *x, struct pcl_error *err)
{
	int k, rc;

	for (k = 0; x != NULL && k < PCL_EXPORT_COUNT; k++)
		if (x->w[k] != NULL &&
		    (rc = pcl_writer_finish(x->w[k], err)) != PCL_OK)
			return rc;
	return PCL_OK;
}

struct pcl_writer **
pcl_exports_writers(struct pcl_exports *x)
{
	return x->w;
}

unsigned
pcl_exports_mask(const struct pcl_exports *x)
{
	return x != NULL ? x->mask : 0;
}

void
pcl_exports_free(struct pcl_exports *x)
{
	int k;

	if (x == NULL)
		return;
	for (k = 0; k < PCL_EXPORT_COUNT; k++)
		pcl_writer_abort(x->w[k]);
	pcl_bigmem_free(x->items, (size_t)x->nparcels * sizeof *x->items);
	free(x);
}
