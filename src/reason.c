/*
 * reason: the reason-code table (name, lane, meaning) and sorted sets.
 */
#include <stdlib.h>
#include <string.h>

#include "reason.h"
#include "schema.h"
#include "banned.h"

static const struct {
	const char *name;
	enum pcl_lane lane;
	const char *meaning;
} table[PCL_R_COUNT] = {
	[PCL_R_NONE] = { "NONE", PCL_LANE_RELEASE, "no reason" },
	[PCL_R_MISSING] = { "MISSING", PCL_LANE_REJECT,
	    "a data element the profile or the destination requires is empty" },
	[PCL_R_INVALID_FORMAT] = { "INVALID_FORMAT", PCL_LANE_REJECT,
	    "the element does not have its standard format" },
	[PCL_R_UNKNOWN_CODE] = { "UNKNOWN_CODE", PCL_LANE_REJECT,
	    "well formed but not in the code list (ISO 3166, ISO 4217, HS, IOSS)" },
	[PCL_R_CODE_NOT_IN_USE] = { "CODE_NOT_IN_USE", PCL_LANE_REJECT,
	    "the code was not in use on the parcel's date" },
	[PCL_R_CHECK_DIGIT] = { "CHECK_DIGIT", PCL_LANE_REJECT,
	    "UPU S10 check digit is wrong" },
	[PCL_R_INVALID_DATE] = { "INVALID_DATE", PCL_LANE_REJECT,
	    "not a real calendar date in an accepted format" },
	[PCL_R_INVALID_NUMBER] = { "INVALID_NUMBER", PCL_LANE_REJECT,
	    "not a plain decimal number (no symbols, separators or N/A)" },
	[PCL_R_PRECISION] = { "PRECISION", PCL_LANE_REJECT,
	    "more decimals than can be held exactly (6)" },
	[PCL_R_VALUE_NEGATIVE] = { "VALUE_NEGATIVE", PCL_LANE_REJECT,
	    "negative value, quantity or mass" },
	[PCL_R_VALUE_ZERO_SALE] = { "VALUE_ZERO_SALE", PCL_LANE_REJECT,
	    "zero intrinsic value on a sale" },
	[PCL_R_OVERFLOW] = { "OVERFLOW", PCL_LANE_REJECT,
	    "value out of the supported range (16 integer digits)" },
	[PCL_R_CURRENCY_MIXED] = { "CURRENCY_MIXED", PCL_LANE_REJECT,
	    "items of one parcel are in different currencies" },
	[PCL_R_CSV_QUOTE] = { "CSV_QUOTE", PCL_LANE_REJECT,
	    "stray or unterminated quote in the record" },
	[PCL_R_CSV_FIELD_COUNT] = { "CSV_FIELD_COUNT", PCL_LANE_REJECT,
	    "the record has more or fewer fields than the header" },
	[PCL_R_CSV_TOO_BIG] = { "CSV_TOO_BIG", PCL_LANE_REJECT,
	    "a field is over the size limit" },
	[PCL_R_CSV_UTF8] = { "CSV_UTF8", PCL_LANE_REJECT,
	    "a field is not valid UTF-8" },
	[PCL_R_CSV_NUL] = { "CSV_NUL", PCL_LANE_REJECT,
	    "a field contains a NUL byte" },
	[PCL_R_NON_GOODS_CANCELLATION] = { "NON_GOODS_CANCELLATION",
	    PCL_LANE_REJECT, "a cancellation line, not goods (map row class)" },
	[PCL_R_NON_GOODS_DISCOUNT] = { "NON_GOODS_DISCOUNT", PCL_LANE_REJECT,
	    "a discount line, not goods (map row class)" },
	[PCL_R_NON_GOODS_FEE] = { "NON_GOODS_FEE", PCL_LANE_REJECT,
	    "a fee or charge line, not goods (map row class)" },
	[PCL_R_NON_GOODS_ADJUSTMENT] = { "NON_GOODS_ADJUSTMENT", PCL_LANE_REJECT,
	    "a manual adjustment line, not goods (map row class)" },
	[PCL_R_NON_GOODS_SAMPLE] = { "NON_GOODS_SAMPLE", PCL_LANE_REJECT,
	    "a samples accounting line, not goods (map row class)" },
	[PCL_R_NON_GOODS_VOUCHER] = { "NON_GOODS_VOUCHER", PCL_LANE_REJECT,
	    "a gift voucher line, not goods (map row class)" },
	[PCL_R_NON_GOODS_OTHER] = { "NON_GOODS_OTHER", PCL_LANE_REJECT,
	    "another non-goods line (map row class)" },
	[PCL_R_FX_RATE_UNAVAILABLE] = { "FX_RATE_UNAVAILABLE", PCL_LANE_REJECT,
	    "no exchange rate for the currency on the rate date" },
	[PCL_R_PARCEL_INCOMPLETE] = { "PARCEL_INCOMPLETE", PCL_LANE_REJECT,
	    "another record of the parcel was rejected" },
	[PCL_R_VAGUE_DESCRIPTION] = { "VAGUE_DESCRIPTION", PCL_LANE_REJECT,
	    "a screening-list stop word is the whole description or party name" },
	[PCL_R_PROHIBITED_GOODS] = { "PROHIBITED_GOODS", PCL_LANE_HOLD,
	    "the description names goods on a prohibited-goods list" },
	[PCL_R_IPR_SUSPECT] = { "IPR_SUSPECT", PCL_LANE_HOLD,
	    "a watched brand at a value per unit below its plausible minimum" },
	[PCL_R_RISK_SCORE] = { "RISK_SCORE", PCL_LANE_HOLD,
	    "the parcel's risk score reaches the hold threshold" },
	[PCL_R_RESTRICTED_GOODS] = { "RESTRICTED_GOODS", PCL_LANE_DECLARE,
	    "the description names goods on a restricted-goods list" },
	[PCL_R_VAGUE_TERM] = { "VAGUE_TERM", PCL_LANE_RELEASE,
	    "a stop word inside a longer description or name (soft)" },
	[PCL_R_NEAR_THRESHOLD] = { "NEAR_THRESHOLD", PCL_LANE_RELEASE,
	    "the value is within the band just under the threshold (soft)" },
	[PCL_R_SUSPECTED_SPLITTING] = { "SUSPECTED_SPLITTING", PCL_LANE_HOLD,
	    "consignments of one consignee on one day, each under a "
	    "per-consignment threshold, together over it" },
	[PCL_R_AGGREGATE_OVER_THRESHOLD] = { "AGGREGATE_OVER_THRESHOLD",
	    PCL_LANE_DECLARE, "the consignee's parcels of the day together "
	    "exceed a per-person-per-day threshold" },
	[PCL_R_NEAR_DUPLICATE] = { "NEAR_DUPLICATE", PCL_LANE_RELEASE,
	    "same consignor, consignee, description, value and day as another "
	    "parcel (soft)" },
	[PCL_R_CONFLICTING_DUPLICATE] = { "CONFLICTING_DUPLICATE", PCL_LANE_HOLD,
	    "same tracking number and item number with different content" },
	[PCL_R_PARCEL_CONFLICT] = { "PARCEL_CONFLICT", PCL_LANE_HOLD,
	    "records of one tracking number disagree on a parcel-level element" },
	[PCL_R_NO_RULE_IN_FORCE] = { "NO_RULE_IN_FORCE", PCL_LANE_DECLARE,
	    "no de minimis rule is in force for the destination on the date" },
	[PCL_R_OVER_THRESHOLD] = { "OVER_THRESHOLD", PCL_LANE_DECLARE,
	    "the value exceeds the duty de minimis threshold" },
	[PCL_R_DE_MINIMIS_SUSPENDED] = { "DE_MINIMIS_SUSPENDED", PCL_LANE_DECLARE,
	    "no de minimis relief for this destination, origin and date" },
	[PCL_R_EXCLUDED_GOODS] = { "EXCLUDED_GOODS", PCL_LANE_DECLARE,
	    "goods excluded from the relief (alcohol, tobacco, perfume ...)" },
	[PCL_R_NO_CUSTOMS_BORDER] = { "NO_CUSTOMS_BORDER", PCL_LANE_RELEASE,
	    "domestic, or both ends in one customs union on the date" },
	[PCL_R_UNDER_THRESHOLD] = { "UNDER_THRESHOLD", PCL_LANE_RELEASE,
	    "the value does not exceed the duty de minimis threshold" },
	[PCL_R_FLAT_DUTY] = { "FLAT_DUTY", PCL_LANE_RELEASE,
	    "a flat duty per tariff subheading is due (EU from 2026-07-01)" },
	[PCL_R_VAT_DUE] = { "VAT_DUE", PCL_LANE_RELEASE,
	    "import VAT/GST is due at the border" },
	[PCL_R_VAT_AT_POINT_OF_SALE] = { "VAT_AT_POINT_OF_SALE", PCL_LANE_RELEASE,
	    "VAT/GST is collected by the seller or marketplace" },
	[PCL_R_IOSS] = { "IOSS", PCL_LANE_RELEASE,
	    "EU import VAT declared through the IOSS" },
	[PCL_R_POSTAGE_LINE] = { "POSTAGE_LINE", PCL_LANE_RELEASE,
	    "a postage line: added to the parcel's transport cost" },
};

const char *
pcl_reason_name(int code)
{
	if (code < 0 || code >= PCL_R_COUNT || table[code].name == NULL)
		return "UNKNOWN";
	return table[code].name;
}

enum pcl_lane
pcl_reason_lane(int code)
{
	if (code < 0 || code >= PCL_R_COUNT)
		return PCL_LANE_REJECT;
	return table[code].lane;
}

int
pcl_reason_from_name(const char *name)
{
	int c;

	for (c = 1; c < PCL_R_COUNT; c++)
		if (table[c].name != NULL && strcmp(table[c].name, name) == 0)
			return c;
	return -1;
}

const char *
pcl_reason_meaning(int code)
{
	if (code < 0 || code >= PCL_R_COUNT || table[code].meaning == NULL)
		return "";
	return table[code].meaning;
}

int
pcl_reason_for_row_class(const char *name)
{
	static const struct {
		const char *name;
		int code;
	} classes[] = {
		{ "postage", PCL_R_POSTAGE_LINE },
		{ "cancellation", PCL_R_NON_GOODS_CANCELLATION },
		{ "discount", PCL_R_NON_GOODS_DISCOUNT },
		{ "fee", PCL_R_NON_GOODS_FEE },
		{ "adjustment", PCL_R_NON_GOODS_ADJUSTMENT },
		{ "sample", PCL_R_NON_GOODS_SAMPLE },
		{ "voucher", PCL_R_NON_GOODS_VOUCHER },
		{ "other", PCL_R_NON_GOODS_OTHER },
	};
	size_t i;

	for (i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (strcmp(classes[i].name, name) == 0)
			return classes[i].code;
	return -1;
}

const char *
pcl_lane_name(enum pcl_lane lane)
{
	static const char *const n[] = { "release", "declare", "reject", "hold" };

	return (unsigned)lane < PCL_LANE_COUNT ? n[lane] : "?";
}

void
pcl_reasons_init(struct pcl_reasons *s)
{
	s->v = NULL;
	s->n = s->cap = 0;
}

void
pcl_reasons_release(struct pcl_reasons *s)
{
	free(s->v);
	pcl_reasons_init(s);
}

void
pcl_reasons_clear(struct pcl_reasons *s)
{
	s->n = 0;
}

static int
cmp_reason(const struct pcl_reason *a, const struct pcl_reason *b)
{
	int c = strcmp(pcl_reason_name(a->code), pcl_reason_name(b->code));

	if (c != 0)
		return c;
	return strcmp(pcl_column_name(a->column), pcl_column_name(b->column));
}

int
pcl_reasons_add(struct pcl_reasons *s, int code, int column)
{
	struct pcl_reason r;
	size_t i;
	int c = 1;

	r.code = (uint16_t)code;
	r.column = (uint16_t)column;
	for (i = 0; i < s->n && (c = cmp_reason(&s->v[i], &r)) < 0; i++)
		;
	if (i < s->n && c == 0)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct pcl_reason *v = realloc(s->v, cap * sizeof *v);

		if (v == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	memmove(s->v + i + 1, s->v + i, (s->n - i) * sizeof *s->v);
	s->v[i] = r;
	s->n++;
	return 0;
}

int
pcl_reasons_merge(struct pcl_reasons *s, const struct pcl_reasons *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		if (pcl_reasons_add(s, from->v[i].code, from->v[i].column) != 0)
			return -1;
	return 0;
}

enum pcl_lane
pcl_reasons_lane(const struct pcl_reasons *s)
{
	enum pcl_lane lane = PCL_LANE_RELEASE, l;
	size_t i;

	for (i = 0; i < s->n; i++)
		if ((l = pcl_reason_lane(s->v[i].code)) > lane)
			lane = l;
	return lane;
}

size_t
pcl_reasons_format(const struct pcl_reasons *s, char *buf, size_t size)
{
	size_t i, n = 0;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < s->n; i++) {
		const char *parts[4];
		size_t k;

		parts[0] = i > 0 ? ";" : "";
		parts[1] = pcl_reason_name(s->v[i].code);
		parts[2] = s->v[i].column != PCL_COL_NONE ? "@" : "";
		parts[3] = pcl_column_name(s->v[i].column);
		for (k = 0; k < 4; k++) {
			size_t len = strlen(parts[k]);

			/* as snprintf: copy what fits, always terminate */
			if (size > 0 && n + len < size) {
				memcpy(buf + n, parts[k], len + 1);
			} else if (size > 0 && n < size - 1) {
				memcpy(buf + n, parts[k], size - 1 - n);
				buf[size - 1] = '\0';
			}
			n += len;
		}
	}
	return n;
}
