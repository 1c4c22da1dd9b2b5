/*
 * codes: code lists and identifier formats: ISO 3166-1 countries and
 * ISO 4217 currencies (dated, so withdrawn codes are valid on the dates
 * they were in use), HS codes, UPU S10 item identifiers, EU IOSS numbers
 * and EORI numbers. Pure functions over static tables; no state.
 */
#ifndef PCL_CODES_H
#define PCL_CODES_H

#include <stddef.h>
#include <stdint.h>

/* Result of an identifier check. */
enum pcl_code_status {
	PCL_CODE_OK = 0,
	PCL_CODE_EMPTY,		/* nothing given */
	PCL_CODE_FORMAT,	/* wrong length or characters */
	PCL_CODE_UNKNOWN,	/* well formed but not in the code list */
	PCL_CODE_NOT_IN_USE,	/* in the list but not valid on that date */
	PCL_CODE_CHECK_DIGIT,	/* check digit wrong (S10) */
	PCL_CODE_RESERVED	/* reserved value (S10 service J*, K*) */
};

/*
 * Checks 'cc' ('len' bytes) as an ISO 3166-1 alpha-2 country code in use
 * on 'date' (day number, see date.h; PCL_DATE_NONE = ignore dates).
 * Upper case only. Codes withdrawn since (ISO 3166-3: AN, CS, YU ...) are
 * valid before their withdrawal date; "XI" (Northern Ireland, EU customs
 * data) is accepted from 2021-01-01. Returns a pcl_code_status.
 * Source: ISO 3166-1 and 3166-3 as shipped by Debian iso-codes 4.15.
 */
int pcl_codes_country(const char *cc, size_t len, int32_t date);

/*
 * Looks up ISO 4217 currency 'code' ('len' bytes, upper case) in use on
 * 'date'. On PCL_CODE_OK stores its minor-unit digits (0..4; e.g. EUR 2,
 * JPY 0, BHD 3) in '*minor_digits' (may be NULL). Withdrawn currencies
 * (DEM, FRF, SKK, EEK, LVL, LTL, HRK ...) are valid up to the day before
 * the euro replaced them; before their withdrawal, valid from 1999-01-01
 * or earlier. Source: country-codes.csv (minor units), ISO 4217 amendment
 * dates of euro adoption (see standards.md 11).
 */
int pcl_codes_currency(const char *code, size_t len, int32_t date,
    int *minor_digits);

/*
 * Checks an HS / tariff code: 6 to 10 ASCII digits, nothing else (dots,
 * spaces are FORMAT errors: the caller decides whether to strip them).
 * Chapter 00 and 99 are PCL_CODE_UNKNOWN (not HS chapters 01-97; 98 is
 * national). Returns a pcl_code_status.
 */
int pcl_codes_hs(const char *s, size_t len);

/*
 * Returns 1 when 's' has the shape of a UPU S10 identifier: 2 letters,
 * 9 digits, 2 letters (13 characters, upper case), else 0.
 */
int pcl_codes_s10_shaped(const char *s, size_t len);

/*
 * Full S10 check (UPU S10-12): shape, service indicator not J* or K*,
 * mod-11 check digit with weights 8,6,4,2,3,5,9,7 (r = S mod 11;
 * C = 11 - r; 10 -> 0; 11 -> 5), and the last two letters an ISO 3166-1
 * alpha-2 code. Returns a pcl_code_status.
 */
int pcl_codes_s10(const char *s, size_t len);

/* The S10 check digit (0-9) of the 8-digit serial 'serial'. */
int pcl_codes_s10_check_digit(const char serial[8]);

/*
 * Checks an EU IOSS number: "IM" + 3-digit ISO numeric code of an EU
 * Member State (or 900, Northern Ireland) + 7 digits (12 characters).
 * "IN" intermediary numbers are PCL_CODE_FORMAT (not a VAT number).
 * Source: standards.md 2.5 (Art. 369q VAT Directive; python-stdnum oss).
 */
int pcl_codes_ioss(const char *s, size_t len);

/*
 * Checks an EORI number: GB/XI + 12 or 15 digits; other prefixes: an ISO
 * alpha-2 code of an EU Member State + 1 to 15 alphanumerics (max 17).
 * Returns a pcl_code_status.
 */
int pcl_codes_eori(const char *s, size_t len);

#endif
