/*
 * check: validation of one canonical record: presence of the data
 * elements the profile and the destination's regime require on the date,
 * and the exact format of each element (ISO 3166 alpha-2, ISO 4217 with
 * its minor units on the date, HS digits, UPU S10 check digit when
 * S10-shaped, IOSS structure, decimal numbers, real calendar dates), the
 * alphabet of every identifier and code on its exact bytes, and the free
 * text a spreadsheet would take for a formula. Every failure is a reason
 * CODE@column; nothing is repaired, trimmed or normalised.
 */
#ifndef PCL_CHECK_H
#define PCL_CHECK_H

#include <stdint.h>

#include "map.h"
#include "money.h"
#include "postcode.h"
#include "reason.h"
#include "rules.h"
#include "schema.h"
#include "error.h"

/* CN 23 category of item (nature of transaction). */
enum pcl_category {
	PCL_CAT_SALE = 0, PCL_CAT_GIFT, PCL_CAT_SAMPLE, PCL_CAT_DOCUMENTS,
	PCL_CAT_RETURNED, PCL_CAT_OTHER
};

/* The parsed values of one record (valid where no reason names them). */
struct pcl_item {
	pcl_i128	value_micros;	/* intrinsic value of the line, in 'currency' */
	pcl_i128	transport_micros;
	pcl_i128	insurance_micros;
	char		currency[4];
	int		currency_minor;
	char		dest[3];	/* consignee_country */
	char		from[3];	/* consignor_country */
	char		dispatch[3];	/* dispatch_country, "" if none */
	char		origin[3];	/* origin_country, "" if none */
	int32_t		date;		/* effective date (as-of if given) */
	int32_t		dispatch_date;	/* dispatch_date, or PCL_DATE_NONE */
	enum pcl_channel channel;	/* post or courier */
	enum pcl_category category;
	uint32_t	hs6;		/* first 6 HS digits as a number key, 0 if none */
	int		has_hs;
	int		ioss_valid;
	/* gross_mass_kg in micro-kg, when given and valid ('has_mass') */
	pcl_i128	gross_mass_micros;
	int		has_mass;
};

/*
 * The country the item is shipped from: its dispatch_country (the place of
 * direct shipment), else its consignor_country.
 */
static inline const char *
pcl_item_ships_from(const struct pcl_item *it)
{
	return it->dispatch[0] != '\0' ? it->dispatch : it->from;
}

/* Options for checking. */
struct pcl_check_opts {
	enum pcl_profile profile;
	char		 decimal;	/* '.' or ',' */
	int32_t		 as_of;		/* replaces every date; PCL_DATE_NONE = use the record's */
	/* When 'check_future', a record dated after 'latest' is
	 * DATE_IN_FUTURE (the job gives as-of, else the run date) */
	int		 check_future;
	int32_t		 latest;
	const struct pcl_postcodes *postcodes;	/* NULL: postcodes not checked */
	/* The data sets --export asks for (bit k for enum pcl_export_kind
	 * k; 0: none) and the rules their scope is judged with: a goods
	 * record in scope lacking a column one requires is
	 * MISSING_FOR_EXPORT@column (exportreq.h) */
	unsigned	 exports;
	const struct pcl_rules *rules;
};

/*
 * Checks 'row' and fills 'item'; adds every failure to 'reasons' (not
 * cleared first). The date column is always checked (MISSING,
 * INVALID_DATE, DATE_IN_FUTURE past 'opts->latest'); 'opts->as_of', when
 * set, then replaces it as the date rules and codes are judged on.
 * Postage lines (row->is_postage) need only a value and a currency;
 * their value counts as transport cost. Non-goods row classes add
 * NON_GOODS_<CLASS>@column. Spreadsheet damage is named, never
 * repaired: an identifier in scientific notation
 * (SPREADSHEET_SCI_NOTATION), a tracking number of 18 or more digits
 * whose digits past the 15th are all zeros (SPREADSHEET_DIGITS_LOST), an
 * HS code of 5, 7 or 9 digits (HS_LEADING_ZERO_LOST), and a postcode
 * that does not have the destination's format in 'opts->postcodes'
 * (POSTCODE_FORMAT, or POSTCODE_LEADING_ZERO_LOST when zeros put back in
 * front would make it valid).
 *
 * Identifiers and codes are judged on their exact bytes, each against
 * its alphabet: tracking_number ASCII letters, digits and '-', and one
 * with the S10 shape (2 letters, 9 digits, 2 letters) upper case;
 * hs_code digits; ioss_number upper-case letters and digits; country
 * and currency codes upper-case letters; consignee_postcode letters,
 * digits, '-' and spaces inside (none at either end); consignor_id and
 * consignee_id printable ASCII without spaces. The first character
 * outside it is INVALID_CHARACTER@column naming its code point (U+FFFD
 * for bytes that are not UTF-8), and that column is judged no further.
 * A free-text column (pcl_check_free_text) beginning as
 * pcl_check_formula_prefix says adds FORMULA_PREFIX@column. With
 * 'opts->exports', the columns those data sets require of a record in
 * their scope (pcl_exportreq_check). Returns 0,
 * or -1 when out of memory.
 */
int pcl_check_record(const struct pcl_row *row,
    const struct pcl_check_opts *opts, struct pcl_item *item,
    struct pcl_reasons *reasons) PCL_NODISCARD;

/*
 * 1 when canonical column 'c' is free text (platform, the parties' names
 * and addresses, consignee_city, description): the columns a lane file
 * writes after an apostrophe when pcl_check_formula_prefix says so.
 * Money, quantity, date, code and identifier columns are never free
 * text.
 */
int pcl_check_free_text(int c);

/*
 * 1 when the 'len' bytes at 's' begin with a character a spreadsheet
 * takes for the start of a formula: '=', '+', '-', '@', tab or CR
 * (OWASP, "CSV Injection",
 * https://owasp.org/www-community/attacks/CSV_Injection).
 */
int pcl_check_formula_prefix(const char *s, size_t len);

/* Static name of a category ("sale"). */
const char *pcl_category_name(enum pcl_category c);

#endif
