/*
 * reason: the reason-code table (name, lane, meaning) and sorted sets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

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
	[PCL_R_DATE_IN_FUTURE] = { "DATE_IN_FUTURE", PCL_LANE_REJECT,
	    "dated after the batch's as-of date (--as-of), or after the run "
	    "date without it" },
	[PCL_R_INVALID_NUMBER] = { "INVALID_NUMBER", PCL_LANE_REJECT,
	    "not a plain decimal number (no symbols, separators or N/A)" },
	[PCL_R_PRECISION] = { "PRECISION", PCL_LANE_REJECT,
	    "more decimals than can be held exactly (6)" },
	[PCL_R_VALUE_NEGATIVE] = { "VALUE_NEGATIVE", PCL_LANE_REJECT,
	    "negative value, quantity or mass" },
	[PCL_R_VALUE_ZERO_SALE] = { "VALUE_ZERO_SALE", PCL_LANE_REJECT,
	    "zero intrinsic value on a sale" },
	[PCL_R_OVERFLOW] = { "OVERFLOW", PCL_LANE_REJECT,
	    "value out of the supported range (9,223,372,036,854.775807)" },
	[PCL_R_CURRENCY_MIXED] = { "CURRENCY_MIXED", PCL_LANE_REJECT,
	    "items of one parcel are in different currencies (no longer "
	    "given: each item is valued in its own currency; kept for lanes "
	    "written by earlier releases)" },
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
	[PCL_R_CSV_LINES_SWALLOWED] = { "CSV_LINES_SWALLOWED", PCL_LANE_REJECT,
	    "a malformed record (a quote never closed) spans several physical "
	    "lines, which may hold other records: the named field keeps their "
	    "raw text" },
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
	[PCL_R_SPREADSHEET_SCI_NOTATION] = { "SPREADSHEET_SCI_NOTATION",
	    PCL_LANE_REJECT, "an identifier in scientific notation (1.23457E+11): "
	    "a spreadsheet made it a number and lost digits" },
	[PCL_R_SPREADSHEET_DIGITS_LOST] = { "SPREADSHEET_DIGITS_LOST",
	    PCL_LANE_REJECT, "a long numeric identifier whose digits past the "
	    "15th are zeros: a spreadsheet's 15-digit precision lost them" },
	[PCL_R_HS_LEADING_ZERO_LOST] = { "HS_LEADING_ZERO_LOST", PCL_LANE_REJECT,
	    "an HS code of 5, 7 or 9 digits: a leading zero was lost" },
	[PCL_R_POSTCODE_FORMAT] = { "POSTCODE_FORMAT", PCL_LANE_REJECT,
	    "the postcode does not have the destination's format" },
	[PCL_R_POSTCODE_LEADING_ZERO_LOST] = { "POSTCODE_LEADING_ZERO_LOST",
	    PCL_LANE_REJECT, "the postcode would be valid with its leading "
	    "zeros: a spreadsheet dropped them" },
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
	[PCL_R_IMPLAUSIBLE_VALUE_PER_KG] = { "IMPLAUSIBLE_VALUE_PER_KG",
	    PCL_LANE_RELEASE, "the value per kilogram of gross mass is outside "
	    "the plausible band of the goods' HS chapter (soft)" },
	[PCL_R_GIFT_RELIEF] = { "GIFT_RELIEF", PCL_LANE_RELEASE,
	    "a gift from a private person within the destination's gift relief" },
	[PCL_R_GIFT_OVER_RELIEF] = { "GIFT_OVER_RELIEF", PCL_LANE_DECLARE,
	    "a gift from a private person over the destination's gift relief, "
	    "and no other relief applies" },
	[PCL_R_SCREEN_ERROR] = { "SCREEN_ERROR", PCL_LANE_HOLD,
	    "a screening pattern could not be matched (PCRE2 error or "
	    "resource limit): held, never released unscreened" },
	[PCL_R_SCREEN_ALLOWED] = { "SCREEN_ALLOWED", PCL_LANE_RELEASE,
	    "a screening-list hit that the allow-list of reviewed false "
	    "positives covers: recorded, not acted on" },
	[PCL_R_AEO_TRUSTED] = { "AEO_TRUSTED", PCL_LANE_RELEASE,
	    "soft flags reach the hold score, but the consignor or platform is "
	    "an AEO recognised by the destination: recorded, not held" },
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
	[PCL_R_INVALID_CHARACTER] = { "INVALID_CHARACTER", PCL_LANE_REJECT,
	    "an identifier or code holds a character outside its alphabet "
	    "(U+XXXX names it)" },
	[PCL_R_FORMULA_PREFIX] = { "FORMULA_PREFIX", PCL_LANE_RELEASE,
	    "a free-text field begins with =, +, -, @, tab or CR: the lane "
	    "files write it after an apostrophe so that a spreadsheet shows "
	    "it as text (no lane change)" },
	/* never a parcel's: written to duplicates.csv.gz, not to a lane */
	[PCL_R_EXACT_DUPLICATE] = { "EXACT_DUPLICATE", PCL_LANE_RELEASE,
	    "the row's canonical fields are identical as text to an earlier "
	    "row's: written to duplicates.csv.gz, the first copy stays in its "
	    "lane" },
	/* never a lane's own: the parcel goes to duplicates.csv.gz */
	[PCL_R_RESENT_IDENTICAL] = { "RESENT_IDENTICAL", PCL_LANE_RELEASE,
	    "the tracking number was cleared by an earlier batch of the ledger "
	    "with the same content: written to duplicates.csv.gz, not filed "
	    "again" },
	[PCL_R_RESENT_CHANGED] = { "RESENT_CHANGED", PCL_LANE_HOLD,
	    "the tracking number was cleared by an earlier batch of the ledger "
	    "with other content" },
	[PCL_R_CROSS_DAY_SPLIT] = { "CROSS_DAY_SPLIT", PCL_LANE_RELEASE,
	    "with the consignee's released parcels of the 7 days before, each "
	    "under the threshold, the value is over it (soft)" },
	[PCL_R_MISSING_FOR_EXPORT] = { "MISSING_FOR_EXPORT", PCL_LANE_REJECT,
	    "a column a declaration data set asked for with --export requires "
	    "is empty, on a record in that data set's scope" },
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
	c = strcmp(pcl_column_name(a->column), pcl_column_name(b->column));
	if (c != 0)
		return c;
	return a->detail < b->detail ? -1 : a->detail > b->detail;
}

static int
add_reason(struct pcl_reasons *s, int code, int column, uint32_t detail)
{
	struct pcl_reason r;
	size_t i;
	int c = 1;

	r.code = (uint16_t)code;
	r.column = (uint16_t)column;
	r.detail = detail;
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
pcl_reasons_add(struct pcl_reasons *s, int code, int column)
{
	return add_reason(s, code, column, 0);
}

int
pcl_reasons_add_char(struct pcl_reasons *s, int code, int column,
    uint32_t cp)
{
	return add_reason(s, code, column, cp > 0x10ffff ? 0xfffe : cp + 1);
}

size_t
pcl_reason_detail(const struct pcl_reason *r, char *buf, size_t size)
{
	int n;

	if (r->detail == 0) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	n = snprintf(buf, size, "U+%04lX", (unsigned long)(r->detail - 1));
	return n < 0 ? 0 : (size_t)n;
}

int
pcl_reasons_merge(struct pcl_reasons *s, const struct pcl_reasons *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		if (add_reason(s, from->v[i].code, from->v[i].column,
		    from->v[i].detail) != 0)
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
		const char *parts[6];
		char detail[16];
		size_t k;

		parts[0] = i > 0 ? ";" : "";
		parts[1] = pcl_reason_name(s->v[i].code);
		parts[2] = s->v[i].column != PCL_COL_NONE ? "@" : "";
		parts[3] = pcl_column_name(s->v[i].column);
		parts[4] = pcl_reason_detail(&s->v[i], detail, sizeof detail) > 0 ?
		    ":" : "";
		parts[5] = detail;
		for (k = 0; k < 6; k++) {
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

/*
 * What to do about each code, and where the rule comes from (for
 * 'parcelclear explain'). Kept apart from the name table so that adding
 * a code touches one line there and, optionally, one here.
 */
static const struct {
	const char *fix;
	const char *source;
} help[PCL_R_COUNT] = {
	[PCL_R_MISSING] = { "fill the element in the manifest; the profile "
	    "(wco or valuation) and the destination decide which are required",
	    "WCO E-Commerce FoS reference data set; EU H7; US Type 86; UPU CN 23" },
	[PCL_R_INVALID_FORMAT] = { "write the element in its standard form "
	    "(country ISO 3166 alpha-2, currency ISO 4217, HS 6-10 digits, IOSS "
	    "IM + 10 digits)", "ISO 3166-1, ISO 4217, WCO HS, EU VAT Directive "
	    "Art. 369q (IOSS)" },
	[PCL_R_UNKNOWN_CODE] = { "use a code from the list (check for typos "
	    "and withdrawn codes)", "ISO 3166-1, ISO 4217, WCO HS" },
	[PCL_R_CODE_NOT_IN_USE] = { "use the code in force on the parcel's date "
	    "(e.g. EUR instead of LTL after 2014-12-31)", "ISO 3166-3, ISO 4217 "
	    "amendments" },
	[PCL_R_CHECK_DIGIT] = { "copy the tracking number again from the "
	    "label; the 11th character is a mod-11 check digit", "UPU S10" },
	[PCL_R_INVALID_DATE] = { "write the date as YYYY-MM-DD (or add the "
	    "format to the map's date_formats)", "ISO 8601" },
	[PCL_R_DATE_IN_FUTURE] = { "correct the date (a parcel cannot be "
	    "accepted after the batch is judged); for a replay give --as-of "
	    "the batch's own date", "parcelclear batch date" },
	[PCL_R_INVALID_NUMBER] = { "write a plain decimal: digits and one "
	    "decimal separator, no currency symbol or thousands separator",
	    "parcelclear manifest layout" },
	[PCL_R_PRECISION] = { "round the value to at most 6 decimals",
	    "parcelclear exact decimal arithmetic" },
	[PCL_R_VALUE_NEGATIVE] = { "send returns and credits separately; "
	    "values, quantities and masses must be positive",
	    "WCO E-Commerce FoS reference data set" },
	[PCL_R_VALUE_ZERO_SALE] = { "declare the price paid, or set category "
	    "to gift or sample", "EU UCC Art. 70 (transaction value); UPU CN 23" },
	[PCL_R_OVERFLOW] = { "check the value for a misplaced decimal; an "
	    "amount, and a parcel's sum of amounts, is at most "
	    "9,223,372,036,854.775807", "parcelclear exact decimal arithmetic" },
	[PCL_R_CURRENCY_MIXED] = { "nothing: run the batch again, each item "
	    "is now converted from its own invoice currency", "each invoice "
	    "amount converted from its own currency (UCC Art. 53, 19 CFR "
	    "159.31)" },
	[PCL_R_CSV_QUOTE] = { "quote the field in double quotes and double "
	    "any quote inside it", "RFC 4180" },
	[PCL_R_CSV_FIELD_COUNT] = { "give the record as many fields as the "
	    "header (quote fields that contain the delimiter)", "RFC 4180" },
	[PCL_R_CSV_TOO_BIG] = { "shorten the field to 64 KiB or less",
	    "parcelclear input limits" },
	[PCL_R_CSV_UTF8] = { "save the file as UTF-8", "RFC 3629" },
	[PCL_R_CSV_NUL] = { "remove the NUL bytes (the file may be UTF-16 or "
	    "binary)", "RFC 4180" },
	[PCL_R_CSV_LINES_SWALLOWED] = { "close the quote the field opens (or "
	    "double it inside the field), then send the records of the lines "
	    "after it again", "RFC 4180" },
	[PCL_R_NON_GOODS_CANCELLATION] = { "leave cancelled lines out of the "
	    "manifest", "the map file's [rows] section" },
	[PCL_R_NON_GOODS_DISCOUNT] = { "fold discounts into the item values",
	    "the map file's [rows] section" },
	[PCL_R_NON_GOODS_FEE] = { "leave fee lines out, or declare them as "
	    "transport cost", "the map file's [rows] section" },
	[PCL_R_NON_GOODS_ADJUSTMENT] = { "leave manual adjustments out of the "
	    "manifest", "the map file's [rows] section" },
	[PCL_R_NON_GOODS_SAMPLE] = { "declare samples as goods with category "
	    "sample", "the map file's [rows] section" },
	[PCL_R_NON_GOODS_VOUCHER] = { "leave gift vouchers out of the "
	    "manifest", "the map file's [rows] section" },
	[PCL_R_NON_GOODS_OTHER] = { "leave non-goods lines out of the manifest",
	    "the map file's [rows] section" },
	[PCL_R_FX_RATE_UNAVAILABLE] = { "give a rate table covering the rate "
	    "date with --fx, or declare the value in the threshold currency",
	    "ECB euro reference rates; EU UCC-IA Art. 146" },
	[PCL_R_PARCEL_INCOMPLETE] = { "fix the other records of the parcel "
	    "(see their reasons)", "parcelclear: one lane per parcel" },
	[PCL_R_SPREADSHEET_SCI_NOTATION] = { "export the column as text from "
	    "the source system, not through a spreadsheet", "parcelclear: "
	    "Excel shows numbers of 12+ digits as d.ddddE+nn" },
	[PCL_R_SPREADSHEET_DIGITS_LOST] = { "export the column as text; the "
	    "lost digits cannot be recovered from the file", "parcelclear: "
	    "Excel keeps 15 significant digits (IEEE 754 double)" },
	[PCL_R_HS_LEADING_ZERO_LOST] = { "send the code as text with its "
	    "leading zero (0902.10 is 090210)", "WCO HS Nomenclature: 6-digit "
	    "subheadings; CN 8, TARIC and HTS 10 digits" },
	[PCL_R_POSTCODE_FORMAT] = { "give the postcode in the destination's "
	    "format", "data/postcodes/formats.csv (postal operators, UPU)" },
	[PCL_R_POSTCODE_LEADING_ZERO_LOST] = { "send the postcode as text with "
	    "its leading zeros", "data/postcodes/formats.csv (postal operators, "
	    "UPU)" },
	[PCL_R_VAGUE_DESCRIPTION] = { "describe the goods precisely (what they "
	    "are, material, use); name the party", "EU ICS2 stop words "
	    "(TAXUD.A.3.003), US CBP CSMS #60011750; data/lists" },
	[PCL_R_PROHIBITED_GOODS] = { "none by the sender: an officer examines "
	    "the parcel", "UPU Convention Art. 19; data/lists" },
	[PCL_R_IPR_SUSPECT] = { "declare the real transaction value, or prove "
	    "the goods are genuine", "Reg. (EU) 608/2013 (applications for "
	    "action); data/lists/ipr-watch.csv (illustrative)" },
	[PCL_R_RISK_SCORE] = { "clear the soft flags listed beside it",
	    "parcelclear risk flags (docs/screening.md, --hold-score)" },
	[PCL_R_SUSPECTED_SPLITTING] = { "declare the consignee's goods of the "
	    "day as one consignment", "per-consignment de minimis (Reg. "
	    "1186/2009 Art. 23; UK LVCR)" },
	[PCL_R_RESTRICTED_GOODS] = { "file a full declaration with the licence "
	    "or certificate", "UPU Convention Art. 19, national rules; "
	    "data/lists" },
	[PCL_R_AGGREGATE_OVER_THRESHOLD] = { "file a formal or informal entry "
	    "for the consignee's goods of the day", "19 U.S.C. 1321(a)(2)(C), "
	    "19 CFR 10.151 (one person, one day)" },
	[PCL_R_VAGUE_TERM] = { "make the description or name more specific",
	    "EU ICS2 stop words (embedded), data/lists" },
	[PCL_R_NEAR_THRESHOLD] = { "none: recorded for risk analysis",
	    "parcelclear risk flags (--near-band)" },
	[PCL_R_NEAR_DUPLICATE] = { "do not send one parcel twice; merge or "
	    "cancel one", "parcelclear deduplication" },
	[PCL_R_IMPLAUSIBLE_VALUE_PER_KG] = { "check the value, the mass and "
	    "the HS code", "data/lists/value-per-kg.csv (bands per HS chapter)" },
	[PCL_R_GIFT_RELIEF] = { "nothing to fix", "19 U.S.C. 1321(a)(2)(A); "
	    "EU Reg. 1186/2009 Art. 25; UK gifts GBP 39; the rule's source" },
	[PCL_R_GIFT_OVER_RELIEF] = { "none in the manifest: the gift needs a "
	    "full declaration", "19 U.S.C. 1321(a)(2)(A); EU Reg. 1186/2009 "
	    "Art. 25; UK gifts GBP 39; the rule's source" },
	[PCL_R_SCREEN_ERROR] = { "none by the sender: an officer screens the "
	    "goods by hand; the list entry named in screen_hits needs fixing",
	    "parcelclear screening (docs/screening.md): fail closed" },
	[PCL_R_SCREEN_ALLOWED] = { "nothing to fix", "--allow FILE (reviewed "
	    "false positives), data/lists" },
	[PCL_R_AEO_TRUSTED] = { "nothing to fix", "WCO SAFE Framework (AEO), "
	    "mutual recognition agreements; --aeo FILE" },
	[PCL_R_CONFLICTING_DUPLICATE] = { "send each item once, or give it its "
	    "own item_seq", "parcelclear deduplication" },
	[PCL_R_PARCEL_CONFLICT] = { "give every record of the tracking number "
	    "the same destination, date, consignor country and consignee",
	    "WCO E-Commerce FoS (one consignment per transport document)" },
	[PCL_R_NO_RULE_IN_FORCE] = { "none in the manifest: the parcel needs a "
	    "full declaration; add the destination's rule with --rules",
	    "data/rules/de-minimis.csv" },
	[PCL_R_OVER_THRESHOLD] = { "none in the manifest: the parcel needs a "
	    "full declaration", "the rule's source (parcelclear rules)" },
	[PCL_R_DE_MINIMIS_SUSPENDED] = { "none in the manifest: the parcel needs "
	    "a full declaration", "US EO 14324 (2025-08-29); the rule's source" },
	[PCL_R_EXCLUDED_GOODS] = { "none in the manifest: these goods always "
	    "need a declaration", "EU Reg. 1186/2009 Art. 24; the rule's source" },
	[PCL_R_NO_CUSTOMS_BORDER] = { "nothing to fix", "data/rules/"
	    "customs-unions.csv" },
	[PCL_R_UNDER_THRESHOLD] = { "nothing to fix", "the rule's source "
	    "(parcelclear rules)" },
	[PCL_R_FLAT_DUTY] = { "nothing to fix: pay the flat duty "
	    "(duty_amount, duty_currency)",
	    "Council Regulation (EU) 2026/382: EUR 3 per distinct tariff "
	    "subheading (from 2026-07-01)" },
	[PCL_R_VAT_DUE] = { "nothing to fix: VAT/GST is collected at import",
	    "the VAT rule's source (parcelclear rules)" },
	[PCL_R_VAT_AT_POINT_OF_SALE] = { "nothing to fix", "UK VAT (Goods "
	    "Imported under 135 GBP) 2021; AU GST low value imports 2018" },
	[PCL_R_IOSS] = { "nothing to fix", "EU VAT Directive Art. 369l-369x "
	    "(from 2021-07-01)" },
	[PCL_R_POSTAGE_LINE] = { "nothing to fix", "the map file's [rows] "
	    "section" },
	[PCL_R_INVALID_CHARACTER] = { "write the identifier in its own "
	    "characters only, copied from the label or the source system: no "
	    "spaces before or after, no invisible, full-width or look-alike "
	    "characters (tracking numbers: ASCII letters, digits and '-'; an "
	    "S10 number upper case)", "UPU S10 (identifier syntax), WCO HS, "
	    "ISO 3166-1, ISO 4217, EU VAT Directive Art. 369q (IOSS), EU Reg. "
	    "1352/2013 (EORI)" },
	[PCL_R_FORMULA_PREFIX] = { "nothing to fix for the lane; a description "
	    "or name need not begin with these characters", "OWASP, CSV "
	    "Injection (owasp.org/www-community/attacks/CSV_Injection)" },
	[PCL_R_EXACT_DUPLICATE] = { "send each row once; nothing to fix in "
	    "the lanes (the first copy is cleared)", "parcelclear: exact "
	    "duplicates" },
	[PCL_R_RESENT_IDENTICAL] = { "nothing to fix: the parcel was filed "
	    "already (the earlier batch and lane follow the '@')", "EU ICS2: "
	    "a house transport document number stays unique for a declarant "
	    "for a year; parcelclear ledger" },
	[PCL_R_RESENT_CHANGED] = { "give a new parcel a new tracking number, "
	    "or amend the earlier filing (the earlier batch and lane follow "
	    "the '@')", "EU ICS2: a house transport document number stays "
	    "unique for a declarant for a year; parcelclear ledger" },
	[PCL_R_CROSS_DAY_SPLIT] = { "none in the manifest if the goods are "
	    "one purchase: declare them together", "Reg. (EU) 1186/2009 "
	    "Art. 23 (per consignment), 19 CFR 10.151; parcelclear ledger "
	    "(docs/ledger.md)" },
	[PCL_R_MISSING_FOR_EXPORT] = { "fill the column (map it from the "
	    "manifest's own column, or add it), or run without that data "
	    "set in --export", "Delegated Regulation (EU) 2015/2446 Annex B "
	    "column H7; CDS Appendix 21H (H7); UPU CN 23; CBP entry data "
	    "(docs/exports.md)" },
};

const char *
pcl_reason_fix(int code)
{
	if (code < 0 || code >= PCL_R_COUNT || help[code].fix == NULL)
		return "";
	return help[code].fix;
}

const char *
pcl_reason_source(int code)
{
	if (code < 0 || code >= PCL_R_COUNT || help[code].source == NULL)
		return "";
	return help[code].source;
}

int
pcl_reason_parse_detail(const char *s, uint32_t *cp)
{
	uint32_t v = 0;
	size_t i;

	if (s[0] != 'U' || s[1] != '+')
		return -1;
	for (i = 2; s[i] != '\0'; i++) {
		int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
		    s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10 : -1;

		if (d < 0 || i >= 8)
			return -1;
		v = v * 16 + (uint32_t)d;
	}
	if (i < 6 || v > 0x10ffff)
		return -1;
	*cp = v;
	return 0;
}

const char *
pcl_reason_char_category(uint32_t cp)
{
	if (cp > 0x10ffff)
		return "Cn";
	return utf8proc_category_string((utf8proc_int32_t)cp);
}

int
pcl_reason_from_name(const char *name, size_t len)
{
	int c;

	for (c = 1; c < PCL_R_COUNT; c++)
		if (table[c].name != NULL && strlen(table[c].name) == len &&
		    memcmp(table[c].name, name, len) == 0)
			return c;
	return -1;
}
