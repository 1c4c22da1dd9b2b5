/*
 * check: record validation (presence and format of each data element).
 */
#include <string.h>

#include <utf8proc.h>

#include "check.h"
#include "exportreq.h"
#include "codes.h"
#include "date.h"
#include "banned.h"

static const char *const categories[] = {
	"sale", "gift", "sample", "documents", "returned", "other"
};

const char *
pcl_category_name(enum pcl_category c)
{
	return (unsigned)c < 6 ? categories[c] : "?";
}

#define ADD(code, col)                                                   \
	do {                                                             \
		if (pcl_reasons_add(reasons, (code), (col)) != 0)        \
			return -1;                                       \
	} while (0)

/* Reason for a pcl_code_status, or PCL_R_NONE. */
static int
code_reason(int st)
{
	switch (st) {
	case PCL_CODE_OK:		return PCL_R_NONE;
	case PCL_CODE_EMPTY:		return PCL_R_MISSING;
	case PCL_CODE_FORMAT:		return PCL_R_INVALID_FORMAT;
	case PCL_CODE_UNKNOWN:		return PCL_R_UNKNOWN_CODE;
	case PCL_CODE_NOT_IN_USE:	return PCL_R_CODE_NOT_IN_USE;
	case PCL_CODE_CHECK_DIGIT:	return PCL_R_CHECK_DIGIT;
	case PCL_CODE_RESERVED:		return PCL_R_UNKNOWN_CODE;
	default:			return PCL_R_INVALID_FORMAT;
	}
}

static int
money_reason(int st)
{
	switch (st) {
	case PCL_MONEY_OK:		return PCL_R_NONE;
	case PCL_MONEY_EMPTY:		return PCL_R_MISSING;
	case PCL_MONEY_PRECISION:	return PCL_R_PRECISION;
	case PCL_MONEY_RANGE:		return PCL_R_OVERFLOW;
	default:			return PCL_R_INVALID_NUMBER;
	}
}

static int
eq(const struct pcl_row *row, int c, const char *s)
{
	return row->len[c] == strlen(s) && memcmp(row->v[c], s, row->len[c]) == 0;
}

/*
 * The alphabets of the identifiers, as sets of ASCII characters; a byte
 * of 0x80 or more (any other Unicode character) is in none of them.
 */
enum alphabet {
	AB_UPPER,		/* A-Z: country and currency codes */
	AB_DIGITS,		/* 0-9: HS codes */
	AB_UPPER_DIGITS,	/* A-Z 0-9: IOSS numbers */
	AB_TRACKING,		/* A-Z a-z 0-9 '-': tracking numbers */
	AB_POSTCODE,		/* A-Z a-z 0-9 '-', a space inside */
	AB_ID			/* '!' to '~': printable ASCII, no space */
};

static int
in_alphabet(enum alphabet ab, unsigned char ch)
{
	int upper = ch >= 'A' && ch <= 'Z', lower = ch >= 'a' && ch <= 'z';
	int digit = ch >= '0' && ch <= '9';

	switch (ab) {
	case AB_UPPER:		return upper;
	case AB_DIGITS:		return digit;
	case AB_UPPER_DIGITS:	return upper || digit;
	case AB_TRACKING:	return upper || lower || digit || ch == '-';
	case AB_POSTCODE:	return upper || lower || digit || ch == '-' ||
				    ch == ' ';
	case AB_ID:		return ch > ' ' && ch < 0x7f;
	}
	return 0;
}

/*
 * The first character of 's' ('n' bytes) outside alphabet 'ab', as a
 * Unicode code point in '*cp': a space at either end also for
 * AB_POSTCODE; bytes that are not UTF-8 give U+FFFD. Returns 1 when
 * there is one, else 0. The bytes are judged as they are: nothing is
 * folded, trimmed or normalised first.
 */
static int
first_outside(const char *s, size_t n, enum alphabet ab, uint32_t *cp)
{
	size_t i = 0;

	if (ab == AB_POSTCODE && n > 0 && (s[0] == ' ' || s[n - 1] == ' ')) {
		*cp = ' ';
		return 1;
	}
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];
		utf8proc_int32_t u;
		utf8proc_ssize_t k;

		if (ch < 0x80) {
			if (!in_alphabet(ab, ch)) {
				*cp = ch;
				return 1;
			}
			i++;
			continue;
		}
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(n - i), &u);
		*cp = k > 0 && u >= 0 ? (uint32_t)u : 0xfffd;
		return 1;
	}
	return 0;
}

/*
 * Adds INVALID_CHARACTER@c naming the first character of column 'c'
 * outside 'ab', and returns 1, when there is one; else returns 0. Sets
 * '*nomem' when the reason cannot be added.
 */
static int
bad_char(const struct pcl_row *row, int c, enum alphabet ab,
    struct pcl_reasons *reasons, int *nomem)
{
	uint32_t cp;

	if (!first_outside(row->v[c], row->len[c], ab, &cp))
		return 0;
	if (pcl_reasons_add_char(reasons, PCL_R_INVALID_CHARACTER, c, cp) != 0)
		*nomem = 1;
	return 1;
}

/*
 * The first lower-case letter of a tracking number that has the S10
 * shape but for the case of its letters (2 letters, 9 digits, 2
 * letters, in ASCII): an S10 identifier is upper case. Returns 1 and
 * sets '*cp', or 0.
 */
static int
s10_lower_case(const char *s, size_t n, uint32_t *cp)
{
	static const size_t letters[] = { 0, 1, 11, 12 };
	char up[13];
	size_t i;

	if (n != 13)
		return 0;
	memcpy(up, s, 13);
	for (i = 0; i < 4; i++)
		if (up[letters[i]] >= 'a' && up[letters[i]] <= 'z')
			up[letters[i]] = (char)(up[letters[i]] - 'a' + 'A');
	if (memcmp(up, s, 13) == 0 || !pcl_codes_s10_shaped(up, 13))
		return 0;
	for (i = 0; i < 4; i++)
		if (s[letters[i]] >= 'a' && s[letters[i]] <= 'z') {
			*cp = (unsigned char)s[letters[i]];
			return 1;
		}
	return 0;
}

/* Checks a country column; copies it into 'out' when well formed. */
static int
country(const struct pcl_row *row, int c, int32_t date, int required,
    char out[3], struct pcl_reasons *reasons)
{
	int r, oom = 0;

	out[0] = '\0';
	if (row->len[c] == 0) {
		if (required)
			ADD(PCL_R_MISSING, c);
		return 0;
	}
	if (bad_char(row, c, AB_UPPER, reasons, &oom))
		return oom ? -1 : 0;
	r = code_reason(pcl_codes_country(row->v[c], row->len[c], date));
	if (r != PCL_R_NONE)
		ADD(r, c);
	if (row->len[c] == 2) {
		out[0] = row->v[c][0];
		out[1] = row->v[c][1];
		out[2] = '\0';
	}
	return 0;
}

/* Parses an optional non-negative amount column into 'out' (0 if empty). */
static int
amount(const struct pcl_row *row, int c, char dec, int required,
    pcl_i128 *out, struct pcl_reasons *reasons)
{
	int st;

	*out = 0;
	if (row->len[c] == 0) {
		if (required)
			ADD(PCL_R_MISSING, c);
		return 0;
	}
	st = pcl_money_parse(row->v[c], row->len[c], dec, out);
	if (st != PCL_MONEY_OK) {
		ADD(money_reason(st), c);
		*out = 0;
	} else if (*out < 0) {
		ADD(PCL_R_VALUE_NEGATIVE, c);
	}
	return 0;
}

/*
 * 1 if 's' is a number in the scientific notation spreadsheets display
 * for long numbers: one digit, optional decimals, E+, two or more
 * exponent digits ("1.23457E+11"). Excel and LibreOffice write the sign
 * always, so "E+" is required: "12E45" or "5E1234" stay identifiers.
 */
static int
sci_notation(const char *s, size_t n)
{
	size_t i = 0, e;

	if (n < 5 || s[0] < '0' || s[0] > '9')
		return 0;
	i = 1;
	if (s[i] == '.' || s[i] == ',') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == 2)
			return 0;
	}
	if (i + 3 > n || (s[i] != 'E' && s[i] != 'e') || s[i + 1] != '+')
		return 0;
	for (e = i + 2; e < n; e++)
		if (s[e] < '0' || s[e] > '9')
			return 0;
	return n - (i + 2) >= 2;
}

/*
 * 1 if 's' is 18 or more digits whose digits past the 15th are all
 * zeros: what a spreadsheet's 15 significant digits leave of a long
 * number. A random number looks like this one time in 1000 or less; 16
 * and 17 digits are not judged (1 in 10 and 1 in 100 would be false).
 */
static int
digits_lost(const char *s, size_t n)
{
	size_t i;

	if (n < 18)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9' || (i >= 15 && s[i] != '0'))
			return 0;
	return 1;
}

/* Adds SPREADSHEET_SCI_NOTATION@c and returns 1 if 'c' shows it. */
static int
sci_column(const struct pcl_row *row, int c, struct pcl_reasons *reasons,
    int *nomem)
{
	if (!sci_notation(row->v[c], row->len[c]))
		return 0;
	if (pcl_reasons_add(reasons, PCL_R_SPREADSHEET_SCI_NOTATION, c) != 0)
		*nomem = 1;
	return 1;
}

int
pcl_check_record(const struct pcl_row *row, const struct pcl_check_opts *opts,
    struct pcl_item *item, struct pcl_reasons *reasons)
{
	int wco = opts->profile == PCL_PROFILE_WCO;
	int goods = row->row_class < 0;
	int32_t date;
	pcl_i128 qty = 0;
	int st, c, oom = 0;
	uint32_t cp;
	size_t i;

	memset(item, 0, sizeof *item);
	item->date = PCL_DATE_NONE;
	item->dispatch_date = PCL_DATE_NONE;

	if (row->class_name != NULL)
		ADD(pcl_reason_for_row_class(row->class_name), row->class_column);

	/* free text that a spreadsheet would run as a formula */
	for (i = 0; i < PCL_COL_COUNT; i++)
		if (pcl_check_free_text((int)i) &&
		    pcl_check_formula_prefix(row->v[i], row->len[i]))
			ADD(PCL_R_FORMULA_PREFIX, (int)i);

	/*
	 * tracking number: ASCII letters, digits and '-', an S10-shaped
	 * one in upper case; S10 check when S10-shaped
	 */
	c = PCL_COL_TRACKING_NUMBER;
	if (row->len[c] == 0)
		ADD(PCL_R_MISSING, c);
	else if (sci_column(row, c, reasons, &oom))
		;
	else if (digits_lost(row->v[c], row->len[c]))
		ADD(PCL_R_SPREADSHEET_DIGITS_LOST, c);
	else if (bad_char(row, c, AB_TRACKING, reasons, &oom))
		;
	else if (s10_lower_case(row->v[c], row->len[c], &cp)) {
		if (pcl_reasons_add_char(reasons, PCL_R_INVALID_CHARACTER, c,
		    cp) != 0)
			return -1;
	} else if (pcl_codes_s10_shaped(row->v[c], row->len[c]) &&
	    (st = code_reason(pcl_codes_s10(row->v[c], row->len[c]))) !=
	    PCL_R_NONE)
		ADD(st, c);

	/*
	 * date: a missing or invalid date is a reject, with or without
	 * as-of; so is one after 'latest'. As-of then replaces it.
	 */
	date = row->date;
	if (row->len[PCL_COL_DATE] == 0)
		ADD(PCL_R_MISSING, PCL_COL_DATE);
	else if (date == PCL_DATE_NONE)
		ADD(PCL_R_INVALID_DATE, PCL_COL_DATE);
	else if (opts->check_future && date > opts->latest)
		ADD(PCL_R_DATE_IN_FUTURE, PCL_COL_DATE);
	if (opts->as_of != PCL_DATE_NONE)
		date = opts->as_of;
	item->date = date;

	/*
	 * dispatch_date (optional): the date of exportation or of direct
	 * shipment, the key date of the US, CA and AU exchange-rate rules;
	 * a strict ISO 8601 date when present. As-of does not replace it.
	 */
	c = PCL_COL_DISPATCH_DATE;
	if (row->len[c] > 0) {
		item->dispatch_date = row->len[c] == 10 ?
		    pcl_date_parse_iso(row->v[c], row->len[c]) : PCL_DATE_NONE;
		if (item->dispatch_date == PCL_DATE_NONE)
			ADD(PCL_R_INVALID_DATE, c);
		else if (opts->check_future &&
		    item->dispatch_date > opts->latest)
			ADD(PCL_R_DATE_IN_FUTURE, c);
	}

	if (country(row, PCL_COL_CONSIGNEE_COUNTRY, date, 1, item->dest,
	    reasons) != 0 ||
	    country(row, PCL_COL_CONSIGNOR_COUNTRY, date, 1, item->from,
	    reasons) != 0 ||
	    country(row, PCL_COL_DISPATCH_COUNTRY, date, 0, item->dispatch,
	    reasons) != 0)
		return -1;

	/* channel: post or courier; absent: post if the id is S10-shaped */
	c = PCL_COL_CHANNEL;
	if (row->len[c] == 0)
		item->channel = pcl_codes_s10_shaped(row->v[PCL_COL_TRACKING_NUMBER],
		    row->len[PCL_COL_TRACKING_NUMBER]) ? PCL_CHANNEL_POST :
		    PCL_CHANNEL_COURIER;
	else if (eq(row, c, "post"))
		item->channel = PCL_CHANNEL_POST;
	else if (eq(row, c, "courier"))
		item->channel = PCL_CHANNEL_COURIER;
	else
		ADD(PCL_R_INVALID_FORMAT, c);

	/* category (CN 23), default sale */
	c = PCL_COL_CATEGORY;
	item->category = PCL_CAT_SALE;
	if (row->len[c] > 0) {
		for (i = 0; i < 6; i++)
			if (eq(row, c, categories[i]))
				break;
		if (i == 6)
			ADD(PCL_R_INVALID_FORMAT, c);
		else
			item->category = (enum pcl_category)i;
	}

	/* currency, valid on the date, with its minor unit */
	c = PCL_COL_CURRENCY;
	if (row->len[c] == 0) {
		ADD(PCL_R_MISSING, c);
	} else if (bad_char(row, c, AB_UPPER, reasons, &oom)) {
		;
	} else {
		st = pcl_codes_currency(row->v[c], row->len[c], date,
		    &item->currency_minor);
		if ((st = code_reason(st)) != PCL_R_NONE)
			ADD(st, c);
		else
			memcpy(item->currency, row->v[c], 3);
	}

	/* value: item_value, or unit_value times quantity exactly */
	if (row->len[PCL_COL_QUANTITY] > 0 || (wco && goods)) {
		if (amount(row, PCL_COL_QUANTITY, opts->decimal, wco && goods,
		    &qty, reasons) != 0)
			return -1;
	}
	if (row->len[PCL_COL_ITEM_VALUE] > 0 || row->len[PCL_COL_UNIT_VALUE] == 0) {
		if (amount(row, PCL_COL_ITEM_VALUE, opts->decimal, 1,
		    &item->value_micros, reasons) != 0)
			return -1;
	} else {
		pcl_i128 unit;

		if (amount(row, PCL_COL_UNIT_VALUE, opts->decimal, 1, &unit,
		    reasons) != 0)
			return -1;
		if (row->len[PCL_COL_QUANTITY] == 0) {
			ADD(PCL_R_MISSING, PCL_COL_QUANTITY);
		} else if (unit > 0 && qty > 0) {
			st = pcl_money_mul(unit, qty, &item->value_micros);
			if (st == PCL_E_OVERFLOW)
				ADD(PCL_R_OVERFLOW, PCL_COL_UNIT_VALUE);
			else if (st != PCL_OK)
				ADD(PCL_R_PRECISION, PCL_COL_UNIT_VALUE);
		}
	}
	/* a zero value or quantity on a sale (parsed, not missing) is refused */
	if (goods && item->category == PCL_CAT_SALE &&
	    row->len[PCL_COL_QUANTITY] > 0 && pcl_money_parse(
	    row->v[PCL_COL_QUANTITY], row->len[PCL_COL_QUANTITY], opts->decimal,
	    &qty) == PCL_MONEY_OK && qty == 0)
		ADD(PCL_R_VALUE_ZERO_SALE, PCL_COL_QUANTITY);
	c = row->len[PCL_COL_ITEM_VALUE] > 0 ? PCL_COL_ITEM_VALUE :
	    PCL_COL_UNIT_VALUE;
	if (goods && item->category == PCL_CAT_SALE && row->len[c] > 0 &&
	    pcl_money_parse(row->v[c], row->len[c], opts->decimal, &qty) ==
	    PCL_MONEY_OK && qty == 0)
		ADD(PCL_R_VALUE_ZERO_SALE, c);
	if (row->is_postage) {
		item->transport_micros = item->value_micros;
		item->value_micros = 0;
	}

	if (amount(row, PCL_COL_TRANSPORT_COST, opts->decimal, 0,
	    &qty, reasons) != 0)
		return -1;
	if (!row->is_postage)
		item->transport_micros = qty;
	if (amount(row, PCL_COL_INSURANCE_COST, opts->decimal, 0,
	    &item->insurance_micros, reasons) != 0)
		return -1;

	/* HS code: 6 to 10 digits */
	c = PCL_COL_HS_CODE;
	if (row->len[c] > 0 && sci_column(row, c, reasons, &oom)) {
		;
	} else if (bad_char(row, c, AB_DIGITS, reasons, &oom)) {
		;
	} else if ((row->len[c] == 5 || row->len[c] == 7 ||
	    row->len[c] == 9) && strspn(row->v[c], "0123456789") ==
	    row->len[c]) {
		/* HS, CN and HTS codes have 6, 8 or 10 digits */
		ADD(PCL_R_HS_LEADING_ZERO_LOST, c);
	} else if (row->len[c] > 0) {
		if ((st = code_reason(pcl_codes_hs(row->v[c], row->len[c]))) !=
		    PCL_R_NONE) {
			ADD(st, c);
		} else {
			item->has_hs = 1;
			for (i = 0; i < 6; i++)
				item->hs6 = item->hs6 * 10 +
				    (uint32_t)(row->v[c][i] - '0');
		}
	} else if (wco && goods) {
		ADD(PCL_R_MISSING, c);
	}

	/* origin: required for the US (Type 86) and CN 23 commercial post */
	if (country(row, PCL_COL_ORIGIN_COUNTRY, date, wco && goods &&
	    (strcmp(item->dest, "US") == 0 || (item->channel == PCL_CHANNEL_POST &&
	    item->category == PCL_CAT_SALE)), item->origin, reasons) != 0)
		return -1;

	/* postcode: the destination's format, when one is on file */
	c = PCL_COL_CONSIGNEE_POSTCODE;
	if (row->len[c] > 0 && !sci_column(row, c, reasons, &oom) &&
	    !bad_char(row, c, AB_POSTCODE, reasons, &oom) &&
	    opts->postcodes != NULL && item->dest[0] != '\0') {
		st = pcl_postcodes_check(opts->postcodes, item->dest, row->v[c],
		    row->len[c]);
		if (st == PCL_POSTCODE_FORMAT)
			ADD(PCL_R_POSTCODE_FORMAT, c);
		else if (st == PCL_POSTCODE_LEADING_ZERO_LOST)
			ADD(PCL_R_POSTCODE_LEADING_ZERO_LOST, c);
	}
	/*
	 * party ids (an EORI or another business or tax id): what a
	 * spreadsheet did to them, and printable ASCII without spaces;
	 * the order id: only what a spreadsheet did to it
	 */
	(void)sci_column(row, PCL_COL_ORDER_ID, reasons, &oom);
	if (!sci_column(row, PCL_COL_CONSIGNOR_ID, reasons, &oom))
		(void)bad_char(row, PCL_COL_CONSIGNOR_ID, AB_ID, reasons, &oom);
	if (!sci_column(row, PCL_COL_CONSIGNEE_ID, reasons, &oom))
		(void)bad_char(row, PCL_COL_CONSIGNEE_ID, AB_ID, reasons, &oom);
	if (oom)
		return -1;

	/* IOSS: structure only (the registry is customs' to check) */
	c = PCL_COL_IOSS_NUMBER;
	if (row->len[c] > 0 && bad_char(row, c, AB_UPPER_DIGITS, reasons,
	    &oom)) {
		;
	} else if (row->len[c] > 0) {
		if ((st = code_reason(pcl_codes_ioss(row->v[c], row->len[c]))) !=
		    PCL_R_NONE)
			ADD(st, c);
		else
			item->ioss_valid = 1;
	}

	/* gross mass in kg: a non-negative decimal */
	c = PCL_COL_GROSS_MASS_KG;
	if (row->len[c] > 0 || (wco && goods)) {
		pcl_i128 mass;

		int before = (int)reasons->n;

		mass = 0;
		if (amount(row, c, opts->decimal, wco && goods, &mass,
		    reasons) != 0)
			return -1;
		if (row->len[c] > 0 && (int)reasons->n == before) {
			item->gross_mass_micros = mass;
			item->has_mass = 1;
		}
	}

	if (oom)
		return -1;

	/* WCO data set: parties and the goods description (goods lines) */
	if (wco && goods) {
		static const int need[] = {
			PCL_COL_CONSIGNOR_NAME, PCL_COL_CONSIGNOR_ADDRESS,
			PCL_COL_CONSIGNEE_NAME, PCL_COL_CONSIGNEE_ADDRESS
		};

		for (i = 0; i < sizeof need / sizeof need[0]; i++)
			if (row->len[need[i]] == 0)
				ADD(PCL_R_MISSING, need[i]);
		if (row->len[PCL_COL_DESCRIPTION] == 0)
			ADD(PCL_R_MISSING, PCL_COL_DESCRIPTION);
	}
	/* the columns the data sets asked for require (--export) */
	if (opts->exports != 0 && pcl_exportreq_check(opts->exports,
	    opts->rules, row, item, reasons) != 0)
		return -1;
	return 0;
}

int
pcl_check_free_text(int c)
{
	switch (c) {
	case PCL_COL_PLATFORM:
	case PCL_COL_CONSIGNOR_NAME:
	case PCL_COL_CONSIGNOR_ADDRESS:
	case PCL_COL_CONSIGNEE_NAME:
	case PCL_COL_CONSIGNEE_ADDRESS:
	case PCL_COL_CONSIGNEE_CITY:
	case PCL_COL_DESCRIPTION:
		return 1;
	default:
		return 0;
	}
}

int
pcl_check_formula_prefix(const char *s, size_t len)
{
	return len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}
