/*
 * reason: the machine-readable reason codes a record or parcel can carry,
 * with the lane each one forces and a one-line meaning. A reason in the
 * outputs is written CODE or CODE@column; a parcel's reasons are sorted
 * and joined by ';'.
 */
#ifndef PCL_REASON_H
#define PCL_REASON_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Lanes from least to most severe; a parcel goes to the most severe. */
enum pcl_lane {
	PCL_LANE_RELEASE = 0,	/* simplified low-value procedure applies */
	PCL_LANE_DECLARE = 1,	/* needs a full customs declaration */
	PCL_LANE_REJECT = 2,	/* data errors: back to sender */
	PCL_LANE_HOLD = 3	/* hard risk flag: stop for a customs officer */
};
#define PCL_LANE_COUNT 4

/* Reason codes. Numbers are internal; the names are the stable interface. */
enum pcl_reason_code {
	PCL_R_NONE = 0,
	/* reject: data errors (record level) */
	PCL_R_MISSING,			/* required element empty */
	PCL_R_INVALID_FORMAT,		/* wrong syntax for the element */
	PCL_R_UNKNOWN_CODE,		/* well formed, not in the code list */
	PCL_R_CODE_NOT_IN_USE,		/* code not valid on the parcel's date */
	PCL_R_CHECK_DIGIT,		/* S10 check digit wrong */
	PCL_R_INVALID_DATE,		/* not a real calendar date */
	PCL_R_DATE_IN_FUTURE,		/* after the as-of date or the run date */
	PCL_R_INVALID_NUMBER,		/* not a decimal number */
	PCL_R_PRECISION,		/* more decimals than can be held exactly */
	PCL_R_VALUE_NEGATIVE,		/* negative value or quantity */
	PCL_R_VALUE_ZERO_SALE,		/* zero value on a sale */
	PCL_R_OVERFLOW,			/* value out of range */
	PCL_R_CURRENCY_MIXED,		/* items of one parcel in several currencies */
	PCL_R_CSV_QUOTE,		/* malformed quoting in the record */
	PCL_R_CSV_FIELD_COUNT,		/* fields differ from the header */
	PCL_R_CSV_TOO_BIG,		/* field over the size limit */
	PCL_R_CSV_UTF8,			/* field is not valid UTF-8 */
	PCL_R_CSV_NUL,			/* NUL byte in a field */
	PCL_R_CSV_LINES_SWALLOWED,	/* a malformed record spans several lines */
	PCL_R_NON_GOODS_CANCELLATION,	/* map row classes: not goods */
	PCL_R_NON_GOODS_DISCOUNT,
	PCL_R_NON_GOODS_FEE,
	PCL_R_NON_GOODS_ADJUSTMENT,
	PCL_R_NON_GOODS_SAMPLE,
	PCL_R_NON_GOODS_VOUCHER,
	PCL_R_NON_GOODS_OTHER,
	PCL_R_FX_RATE_UNAVAILABLE,	/* no exchange rate for the rate date */
	PCL_R_PARCEL_INCOMPLETE,	/* another record of the parcel was rejected */
	PCL_R_SPREADSHEET_SCI_NOTATION,	/* identifier in scientific notation */
	PCL_R_SPREADSHEET_DIGITS_LOST,	/* digits past the 15th zeroed */
	PCL_R_HS_LEADING_ZERO_LOST,	/* HS code of odd length 5, 7 or 9 */
	PCL_R_POSTCODE_FORMAT,		/* not the destination's postcode format */
	PCL_R_POSTCODE_LEADING_ZERO_LOST, /* valid once its leading zeros are back */
	PCL_R_VAGUE_DESCRIPTION,	/* a stop word is the whole description or name */
	/* hold: hard risk flags */
	PCL_R_CONFLICTING_DUPLICATE,	/* same tracking number and item, other content */
	PCL_R_PARCEL_CONFLICT,		/* records of one tracking number disagree on a parcel element */
	PCL_R_PROHIBITED_GOODS,		/* description on a prohibited-goods list */
	PCL_R_IPR_SUSPECT,		/* watched brand below its plausible value */
	PCL_R_RISK_SCORE,		/* soft flags add up to the hold threshold */
	PCL_R_SUSPECTED_SPLITTING,	/* consignments of one consignee-day together over */
	/* declare */
	PCL_R_NO_RULE_IN_FORCE,		/* no de minimis rule for destination and date */
	PCL_R_OVER_THRESHOLD,		/* value exceeds the duty de minimis */
	PCL_R_DE_MINIMIS_SUSPENDED,	/* no relief in force for this origin/date */
	PCL_R_EXCLUDED_GOODS,		/* goods excluded from relief (alcohol, tobacco, perfume) */
	PCL_R_RESTRICTED_GOODS,		/* description on a restricted-goods list */
	PCL_R_AGGREGATE_OVER_THRESHOLD,	/* one person, one day: the day's total exceeds */
	/* release: informational */
	PCL_R_NO_CUSTOMS_BORDER,	/* domestic or within one customs union */
	PCL_R_UNDER_THRESHOLD,		/* within the duty de minimis */
	PCL_R_FLAT_DUTY,		/* flat duty per tariff subheading applies */
	PCL_R_VAT_DUE,			/* import VAT/GST due at the border */
	PCL_R_VAT_AT_POINT_OF_SALE,	/* VAT/GST collected by seller or marketplace */
	PCL_R_IOSS,			/* EU VAT paid through IOSS */
	PCL_R_POSTAGE_LINE,		/* a postage line added to transport cost */
	/* not a lane's: the reasons of a row of duplicates.csv.gz */
	PCL_R_EXACT_DUPLICATE,		/* canonical fields identical to an earlier row */
	/* release lane, soft risk flags: recorded and scored */
	PCL_R_VAGUE_TERM,		/* a stop word inside a longer text */
	PCL_R_NEAR_THRESHOLD,		/* value within the band under the threshold */
	PCL_R_NEAR_DUPLICATE,		/* same parties, goods, value and day, other tracking number */
	PCL_R_IMPLAUSIBLE_VALUE_PER_KG,	/* value per kg outside the HS chapter's band */
	/* gift relief and trusted operators */
	PCL_R_GIFT_RELIEF,		/* release: a private gift within the gift relief */
	PCL_R_GIFT_OVER_RELIEF,		/* declare: a private gift over the gift relief */
	PCL_R_AEO_TRUSTED,		/* release: an AEO's soft flags reach the hold score, not held */
	/* reject: a character outside the identifier's alphabet */
	PCL_R_INVALID_CHARACTER,
	/* release: a free-text field written with a leading apostrophe */
	PCL_R_FORMULA_PREFIX,
	/* screening */
	PCL_R_SCREEN_ERROR,		/* hold: a screening pattern could not be matched */
	PCL_R_SCREEN_ALLOWED,		/* release: a hit on the allow-list of reviewed false positives */
	/* the ledger: a tracking number cleared by an earlier batch */
	PCL_R_RESENT_IDENTICAL,		/* duplicates: the same parcel again */
	PCL_R_RESENT_CHANGED,		/* hold: the number again, other content */
	PCL_R_CROSS_DAY_SPLIT,		/* soft: a consignee's days under, together over */
	/* reject: a column a requested data set (--export) requires is empty */
	PCL_R_MISSING_FOR_EXPORT,
	PCL_R_COUNT
};

/*
 * A reason: code plus the column it concerns (PCL_COL_NONE if none), and
 * for INVALID_CHARACTER the character it names. 8 bytes, no padding:
 * reason sets are hashed and compared as bytes (parcel.c).
 */
struct pcl_reason {
	uint16_t code;		/* enum pcl_reason_code */
	uint16_t column;	/* enum pcl_column from schema.h, or PCL_COL_NONE */
	uint32_t detail;	/* 0: none; else 1 + a Unicode code point */
};

/* Name of 'code' as written in outputs ("MISSING"). Never NULL. */
const char *pcl_reason_name(int code);

/* Lane that 'code' forces (informational codes: PCL_LANE_RELEASE). */
enum pcl_lane pcl_reason_lane(int code);

/* One-line meaning of 'code' (for help and documentation). */
const char *pcl_reason_meaning(int code);

/*
 * What the sender can do about 'code', and the rule's source (standard or
 * regulation), for 'parcelclear explain'. Static strings, "" if none.
 */
const char *pcl_reason_fix(int code);
const char *pcl_reason_source(int code);

/*
 * The code named by the 'len' bytes at 'name' ("MISSING", exact case), or
 * -1 when no code has that name.
 */
int pcl_reason_from_name(const char *name, size_t len);

/*
 * Reason code for map row class 'name' ("cancellation" ->
 * PCL_R_NON_GOODS_CANCELLATION, "discount", "fee", "adjustment",
 * "sample", "voucher", "other"), PCL_R_POSTAGE_LINE for "postage", or -1
 * when the name is not a known class.
 */
int pcl_reason_for_row_class(const char *name);

/* Lane name: "release", "declare", "reject", "hold". */
const char *pcl_lane_name(enum pcl_lane lane);

/*
 * A set of reasons, kept sorted by (name, column name, detail) and without
 * repeats. Memory-only: pcl_reasons_init / pcl_reasons_release.
 */
struct pcl_reasons {
	struct pcl_reason *v;
	size_t n, cap;
};

void pcl_reasons_init(struct pcl_reasons *s);
void pcl_reasons_release(struct pcl_reasons *s);
void pcl_reasons_clear(struct pcl_reasons *s);

/* Adds (code, column) if absent. Returns 0, or -1 if out of memory. */
int pcl_reasons_add(struct pcl_reasons *s, int code, int column) PCL_NODISCARD;

/*
 * Adds (code, column) naming Unicode code point 'cp' (0 to 0x10FFFF), if
 * absent; it is written CODE@column:U+XXXX (at least four upper-case hex
 * digits). Returns 0, or -1 if out of memory.
 */
int pcl_reasons_add_char(struct pcl_reasons *s, int code, int column,
    uint32_t cp) PCL_NODISCARD;

/*
 * Writes the detail of 'r' into 'buf' of 'size' bytes (16 is enough):
 * "U+200B", or "" when it names none. Returns the length.
 */
size_t pcl_reason_detail(const struct pcl_reason *r, char *buf, size_t size);

/*
 * Reads a detail as pcl_reason_detail writes it ("U+" and 4 to 6
 * upper-case hex digits, at most U+10FFFF) from the NUL-terminated 's'
 * into '*cp'. Returns 0, or -1 when 's' is not one.
 */
int pcl_reason_parse_detail(const char *s, uint32_t *cp);

/*
 * The Unicode general category of code point 'cp' as its two-letter
 * name ("Cf" for U+200B ZERO WIDTH SPACE, "Lu" for U+0421), from
 * utf8proc's tables. Static string.
 */
const char *pcl_reason_char_category(uint32_t cp);

/* Adds every reason of 'from'. Returns 0 or -1. */
int pcl_reasons_merge(struct pcl_reasons *s, const struct pcl_reasons *from)
    PCL_NODISCARD;

/* Most severe lane among the reasons (RELEASE when empty). */
enum pcl_lane pcl_reasons_lane(const struct pcl_reasons *s);

/*
 * Writes the reasons as "CODE@column;CODE;CODE@column:U+200B" into 'buf' of 'size' bytes,
 * NUL-terminated (truncated if needed, as snprintf: the first size - 1
 * bytes). Returns the length it needed. 'buf' may be NULL when 'size'
 * is 0.
 */
size_t pcl_reasons_format(const struct pcl_reasons *s, char *buf,
    size_t size);

#endif
