/*
 * money: exact decimal amounts and rates, and the one rounding rule.
 *
 * Amounts are held as signed 128-bit integers counting micro-units
 * (10^-6) of a currency's major unit: an input amount may have at most
 * PCL_MONEY_MAX_INT_DIGITS integer digits and PCL_MONEY_SCALE decimals, so
 * every value of the EU data element n..16,2 (and finer unit prices) is
 * held exactly. Exchange rates are held as 128-bit integers counting 10^-10
 * units. Products are computed in 128 bits with overflow checks; a result
 * that does not fit is PCL_E_OVERFLOW, never a wrapped value. No floating
 * point is used anywhere.
 *
 * Rounding rule (the only one): half-up, meaning half away from zero,
 * applied once, to the target currency's minor unit, when a value is
 * converted for a threshold comparison or printed.
 */
#ifndef PCL_MONEY_H
#define PCL_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

__extension__ typedef __int128 pcl_i128;
__extension__ typedef unsigned __int128 pcl_u128;

#define PCL_MONEY_SCALE		6	/* decimals held for amounts */
#define PCL_MONEY_ONE		((pcl_i128)1000000)
#define PCL_MONEY_MAX_INT_DIGITS 16	/* integer digits accepted */
#define PCL_RATE_SCALE		10	/* decimals held for rates */

/* Why a decimal string was refused. */
enum pcl_money_status {
	PCL_MONEY_OK = 0,
	PCL_MONEY_EMPTY,	/* empty */
	PCL_MONEY_SYNTAX,	/* not [-]digits[.digits] */
	PCL_MONEY_PRECISION,	/* more decimals than the scale holds */
	PCL_MONEY_RANGE		/* too many integer digits */
};

/*
 * Parses the decimal text 's' of 'len' bytes (no NUL needed) into micros.
 * Accepted: optional '+' or '-', digits, optional 'decimal_sep' ('.' or
 * ',') followed by digits; at least one digit in all; no spaces (not even
 * leading or trailing: nothing is silently repaired), no thousands
 * separators, no exponent. Returns a pcl_money_status.
 */
int pcl_money_parse(const char *s, size_t len, char decimal_sep,
    pcl_i128 *out_micros) PCL_NODISCARD;

/*
 * Parses a rate (same syntax, '.' separator, up to PCL_RATE_SCALE
 * decimals, must be > 0) into 10^-10 units. Returns a pcl_money_status;
 * zero or negative rates are PCL_MONEY_RANGE.
 */
int pcl_money_parse_rate(const char *s, size_t len, pcl_i128 *out_rate)
    PCL_NODISCARD;

/*
 * Multiplies unit value 'unit_micros' by quantity 'qty_micros' (both in
 * micros). The product must be exact at PCL_MONEY_SCALE decimals.
 * Returns PCL_OK, PCL_E_OVERFLOW, or PCL_E_PARSE when the product has
 * more than PCL_MONEY_SCALE decimals (it would need rounding).
 */
int pcl_money_mul(pcl_i128 unit_micros, pcl_i128 qty_micros,
    pcl_i128 *out_micros) PCL_NODISCARD;

/* Adds with overflow check: PCL_OK or PCL_E_OVERFLOW. */
int pcl_money_add(pcl_i128 a, pcl_i128 b, pcl_i128 *out) PCL_NODISCARD;

/*
 * Adds 'b' to the 64-bit sum '*acc' (a parcel's compact total).
 * Returns PCL_OK, or PCL_E_OVERFLOW when the result does not fit in 64
 * bits ('*acc' unchanged).
 */
int pcl_money_add64(int64_t *acc, pcl_i128 b) PCL_NODISCARD;

/*
 * Computes round_half_up(value * num / den) where 'value' is in micros,
 * and returns the result in minor units of a currency with 'minor_digits'
 * decimals (0..4). 'num' and 'den' must be > 0 (for an exchange rate,
 * num/den is the rate from the value's currency to the target currency).
 * Returns PCL_OK or PCL_E_OVERFLOW (also for den <= 0).
 */
int pcl_money_convert(pcl_i128 value_micros, pcl_i128 num, pcl_i128 den,
    int minor_digits, pcl_i128 *out_minor) PCL_NODISCARD;

/* round_half_up of micros to 'minor_digits' decimals, in minor units. */
pcl_i128 pcl_money_to_minor(pcl_i128 micros, int minor_digits);

/* Minor units of a 'minor_digits' currency back to micros (exact). */
pcl_i128 pcl_money_from_minor(pcl_i128 minor, int minor_digits);

/*
 * Formats 'minor' minor units with 'minor_digits' decimals ("150.00",
 * "-3.5" never: always exactly minor_digits decimals, '.' separator) into
 * 'buf' of 'size' bytes. Returns the length written (truncated like
 * snprintf).
 */
int pcl_money_format(char *buf, size_t size, pcl_i128 minor,
    int minor_digits);

/* Formats micros with trailing zeros removed ("12.5", "3"). */
int pcl_money_format_micros(char *buf, size_t size, pcl_i128 micros);

/*
 * Formats micros with trailing zeros removed, but at least 'min_digits'
 * decimals (0..6): a currency's minor digits give "55.00", "55.50",
 * "1.234" (EUR) and "3000" (JPY).
 */
int pcl_money_format_micros_min(char *buf, size_t size, pcl_i128 micros,
    int min_digits);

/* Formats a 10^-10 rate with trailing zeros removed ("1.0823"). */
int pcl_money_format_rate(char *buf, size_t size, pcl_i128 rate);

#endif
