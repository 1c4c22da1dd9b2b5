/*
 * money: exact decimal arithmetic in 128-bit integers (see money.h for the
 * scales and the rounding rule).
 */
#include <string.h>

#include "money.h"
#include "banned.h"

/* 10^n for n <= 19, the digits gathered in a uint64_t before a 128-bit step. */
static const uint64_t pow10u[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
	10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
	100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull,
	10000000000000000000ull
};

/*
 * Appends decimal digit 'd' to the value held as 'v' * 10^'*nu' + '*u'
 * (up to 19 digits go into '*u' with 64-bit arithmetic).
 */
static void
push_digit(pcl_i128 *v, uint64_t *u, int *nu, unsigned d)
{
	if (*nu == 19) {
		*v = *v * (pcl_i128)pow10u[19] + (pcl_i128)*u;
		*u = 0;
		*nu = 0;
	}
	*u = *u * 10 + d;
	(*nu)++;
}

static int
parse_decimal(const char *s, size_t len, char sep, int scale, int max_int,
    pcl_i128 *out)
{
	size_t i = 0;
	int neg = 0, nint = 0, nfrac = 0, digits = 0, nu = 0;
	pcl_i128 v = 0;
	uint64_t u = 0;

	if (len == 0)
		return PCL_MONEY_EMPTY;
	if (s[i] == '+' || s[i] == '-')
		neg = s[i++] == '-';
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (nint > 0 || s[i] != '0')
			nint++;
		digits++;
		if (nint > max_int)
			return PCL_MONEY_RANGE;
		push_digit(&v, &u, &nu, (unsigned)(s[i] - '0'));
	}
	if (i < len && s[i] == sep) {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			digits++;
			if (++nfrac > scale) {
				if (s[i] != '0')
					return PCL_MONEY_PRECISION;
				continue;	/* trailing zeros are exact */
			}
			push_digit(&v, &u, &nu, (unsigned)(s[i] - '0'));
		}
		if (nfrac > scale)
			nfrac = scale;
	}
	if (i != len || digits == 0)
		return PCL_MONEY_SYNTAX;
	v = v * (pcl_i128)pow10u[nu] + (pcl_i128)u;
	if (nfrac < scale)
		v *= (pcl_i128)pow10u[scale - nfrac];	/* scale <= 19 */
	*out = neg ? -v : v;
	return PCL_MONEY_OK;
}

int
pcl_money_parse(const char *s, size_t len, char decimal_sep,
    pcl_i128 *out_micros)
{
	return parse_decimal(s, len, decimal_sep, PCL_MONEY_SCALE,
	    PCL_MONEY_MAX_INT_DIGITS, out_micros);
}

int
pcl_money_parse_rate(const char *s, size_t len, pcl_i128 *out_rate)
{
	pcl_i128 r;
	int st = parse_decimal(s, len, '.', PCL_RATE_SCALE, 12, &r);

	if (st != PCL_MONEY_OK)
		return st;
	if (r <= 0)
		return PCL_MONEY_RANGE;
	*out_rate = r;
	return PCL_MONEY_OK;
}

int
pcl_money_add64(int64_t *acc, pcl_i128 b)
{
	pcl_i128 s;

	if (b > INT64_MAX || b < INT64_MIN)
		return PCL_E_OVERFLOW;
	s = (pcl_i128)*acc + b;
	if (s > INT64_MAX || s < INT64_MIN)
		return PCL_E_OVERFLOW;
	*acc = (int64_t)s;
	return PCL_OK;
}

int
pcl_money_add(pcl_i128 a, pcl_i128 b, pcl_i128 *out)
{
	if (__builtin_add_overflow(a, b, out))
		return PCL_E_OVERFLOW;
	return PCL_OK;
}

int
pcl_money_mul(pcl_i128 unit_micros, pcl_i128 qty_micros, pcl_i128 *out_micros)
{
	pcl_i128 p;

	if (__builtin_mul_overflow(unit_micros, qty_micros, &p))
		return PCL_E_OVERFLOW;
	if (p % PCL_MONEY_ONE != 0)
		return PCL_E_PARSE;
	*out_micros = p / PCL_MONEY_ONE;
	return PCL_OK;
}

static pcl_i128
pow10i(int n)
{
	pcl_i128 p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

/* q = round_half_away_from_zero(n / d), d > 0. */
static pcl_i128
div_round(pcl_i128 n, pcl_i128 d)
{
	pcl_i128 q = n / d, r = n % d;

	if (r < 0)
		r = -r;
	if (r * 2 >= d)
		q += n < 0 ? -1 : 1;
	return q;
}

int
pcl_money_convert(pcl_i128 value_micros, pcl_i128 num, pcl_i128 den,
    int minor_digits, pcl_i128 *out_minor)
{
	pcl_i128 n, d;

	if (num <= 0 || den <= 0 || minor_digits < 0 || minor_digits > 4)
		return PCL_E_OVERFLOW;
	/* value * num / den * 10^minor / 10^6 = value * num / (den * 10^(6-minor)) */
	if (__builtin_mul_overflow(value_micros, num, &n))
		return PCL_E_OVERFLOW;
	if (__builtin_mul_overflow(den, pow10i(PCL_MONEY_SCALE - minor_digits),
	    &d))
		return PCL_E_OVERFLOW;
	*out_minor = div_round(n, d);
	return PCL_OK;
}

pcl_i128
pcl_money_to_minor(pcl_i128 micros, int minor_digits)
{
	return div_round(micros, pow10i(PCL_MONEY_SCALE - minor_digits));
}

pcl_i128
pcl_money_from_minor(pcl_i128 minor, int minor_digits)
{
	return minor * pow10i(PCL_MONEY_SCALE - minor_digits);
}

/*
 * Writes v / 10^decimals into buf, dropping trailing zero decimals down
 * to 'keep' of them ('keep' = 'decimals': none dropped).
 */
static int
fmt_fixed(char *buf, size_t size, pcl_i128 v, int decimals, int keep)
{
	char tmp[64];
	int n = 0, neg = v < 0, out = 0, i;
	pcl_u128 u;

	u = neg ? (pcl_u128)(-(v + 1)) + 1 : (pcl_u128)v;
	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u != 0 || n <= decimals);
	/* tmp holds digits least significant first; at least decimals+1 */
	{
		int k = 0;

		while (k < decimals - keep && tmp[k] == '0')
			k++;
		memmove(tmp, tmp + k, (size_t)(n - k));
		n -= k;
		decimals -= k;
	}
	if (size == 0)
		return n + neg + (decimals > 0);
	if (neg && (size_t)out + 1 < size)
		buf[out++] = '-';
	for (i = n - 1; i >= 0; i--) {
		if (i == decimals - 1 && decimals > 0 && (size_t)out + 1 < size)
			buf[out++] = '.';
		if ((size_t)out + 1 < size)
			buf[out++] = tmp[i];
	}
	buf[out] = '\0';
	return out;
}

int
pcl_money_format(char *buf, size_t size, pcl_i128 minor, int minor_digits)
{
	return fmt_fixed(buf, size, minor, minor_digits, minor_digits);
}

int
pcl_money_format_micros(char *buf, size_t size, pcl_i128 micros)
{
	return fmt_fixed(buf, size, micros, PCL_MONEY_SCALE, 0);
}

int
pcl_money_format_micros_min(char *buf, size_t size, pcl_i128 micros,
    int min_digits)
{
	if (min_digits < 0)
		min_digits = 0;
	if (min_digits > PCL_MONEY_SCALE)
		min_digits = PCL_MONEY_SCALE;
	return fmt_fixed(buf, size, micros, PCL_MONEY_SCALE, min_digits);
}

int
pcl_money_format_rate(char *buf, size_t size, pcl_i128 rate)
{
	return fmt_fixed(buf, size, rate, PCL_RATE_SCALE, 0);
}
