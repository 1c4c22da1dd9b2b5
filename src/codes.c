/*
 * codes: checks of country, currency, HS, S10, IOSS and EORI codes against
 * the static tables generated into codes_data.h (scripts/gen-codes).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "codes.h"
#include "codes_data.h"
#include "date.h"
#include "banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* EU Member State prefixes of EORI numbers (ISO alpha-2; Greece is GR). */
static const char eori_eu[][3] = {
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR",
	"GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL",
	"PT", "RO", "SE", "SI", "SK"
};

/* ISO 3166 numeric codes of EU Member States, plus 900 (Northern Ireland). */
static const char ioss_ms[][4] = {
	"040", "056", "100", "191", "196", "203", "208", "233", "246", "250",
	"276", "300", "348", "372", "380", "428", "440", "442", "470", "528",
	"616", "620", "642", "703", "705", "724", "752", "900"
};

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* 1 when the 'n' bytes at 's' are all upper-case ASCII letters. */
static int
all_upper(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_upper(s[i]))
			return 0;
	return 1;
}

/* 1 when the 'n' bytes at 's' are all ASCII digits. */
static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* Index of the first country row whose code is not below 'cc' (2 bytes). */
/*
 * memcmp order of two codes of 'n' bytes, inline: a library call per
 * probe cost more than the search itself.
 */
static int
code_cmp(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
	return 0;
}

static size_t
country_lower_bound(const char *cc)
{
	size_t lo = 0, hi = NELEM(codes_countries), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (code_cmp(codes_countries[mid].cc, cc, 2) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Index of the first currency row whose code is not below 'code' (3 bytes). */
static size_t
currency_lower_bound(const char *code)
{
	size_t lo = 0, hi = NELEM(codes_currencies), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (code_cmp(codes_currencies[mid].code, code, 3) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* 1 when 'date' lies in [from, to]; PCL_DATE_NONE matches any range. */
static int
in_range(int32_t date, int32_t from, int32_t to)
{
	return date == PCL_DATE_NONE || (date >= from && date <= to);
}

/* 1 when 'cc' (2 upper-case letters) is an ISO 3166-1 code in use today. */
static int
country_current_iso(const char *cc)
{
	size_t i;

	for (i = country_lower_bound(cc); i < NELEM(codes_countries) &&
	    code_cmp(codes_countries[i].cc, cc, 2) == 0; i++)
		if (codes_countries[i].iso &&
		    codes_countries[i].to == PCL_DATE_MAX)
			return 1;
	return 0;
}

int
pcl_codes_country(const char *cc, size_t len, int32_t date)
{
	size_t i;
	int found = 0;

	if (cc == NULL || len == 0)
		return PCL_CODE_EMPTY;
	if (len != 2 || !all_upper(cc, 2))
		return PCL_CODE_FORMAT;
	for (i = country_lower_bound(cc); i < NELEM(codes_countries) &&
	    code_cmp(codes_countries[i].cc, cc, 2) == 0; i++) {
		found = 1;
		if (in_range(date, codes_countries[i].from,
		    codes_countries[i].to))
			return PCL_CODE_OK;
	}
	return found ? PCL_CODE_NOT_IN_USE : PCL_CODE_UNKNOWN;
}

int
pcl_codes_currency(const char *code, size_t len, int32_t date,
    int *minor_digits)
{
	size_t i;
	int found = 0;

	if (code == NULL || len == 0)
		return PCL_CODE_EMPTY;
	if (len != 3 || !all_upper(code, 3))
		return PCL_CODE_FORMAT;
	for (i = currency_lower_bound(code); i < NELEM(codes_currencies) &&
	    code_cmp(codes_currencies[i].code, code, 3) == 0; i++) {
		found = 1;
		if (in_range(date, codes_currencies[i].from,
		    codes_currencies[i].to)) {
			if (minor_digits != NULL)
				*minor_digits = codes_currencies[i].minor;
			return PCL_CODE_OK;
		}
	}
	return found ? PCL_CODE_NOT_IN_USE : PCL_CODE_UNKNOWN;
}

int
pcl_codes_hs(const char *s, size_t len)
{
	if (s == NULL || len == 0)
		return PCL_CODE_EMPTY;
	if (len < 6 || len > 10 || !all_digits(s, len))
		return PCL_CODE_FORMAT;
	/* 00 and 99 are no HS chapters; 77 is reserved for future use. */
	if ((s[0] == '0' && s[1] == '0') || (s[0] == '9' && s[1] == '9') ||
	    (s[0] == '7' && s[1] == '7'))
		return PCL_CODE_UNKNOWN;
	return PCL_CODE_OK;
}

int
pcl_codes_s10_shaped(const char *s, size_t len)
{
	return s != NULL && len == 13 && all_upper(s, 2) &&
	    all_digits(s + 2, 9) && all_upper(s + 11, 2);
}

int
pcl_codes_s10_check_digit(const char serial[8])
{
	static const int weight[8] = { 8, 6, 4, 2, 3, 5, 9, 7 };
	int i, sum = 0, c;

	for (i = 0; i < 8; i++) {
		if (!is_digit(serial[i]))
			return -1;
		sum += (serial[i] - '0') * weight[i];
	}
	c = 11 - sum % 11;
	if (c == 10)
		return 0;
	if (c == 11)
		return 5;
	return c;
}

int
pcl_codes_s10(const char *s, size_t len)
{
	if (s == NULL || len == 0)
		return PCL_CODE_EMPTY;
	if (!pcl_codes_s10_shaped(s, len))
		return PCL_CODE_FORMAT;
	if (s[0] == 'J' || s[0] == 'K')
		return PCL_CODE_RESERVED;
	if (pcl_codes_s10_check_digit(s + 2) != s[10] - '0')
		return PCL_CODE_CHECK_DIGIT;
	if (!country_current_iso(s + 11))
		return PCL_CODE_UNKNOWN;
	return PCL_CODE_OK;
}

int
pcl_codes_ioss(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len == 0)
		return PCL_CODE_EMPTY;
	if (len != 12 || s[0] != 'I' || s[1] != 'M' || !all_digits(s + 2, 10))
		return PCL_CODE_FORMAT;
	for (i = 0; i < NELEM(ioss_ms); i++)
		if (memcmp(s + 2, ioss_ms[i], 3) == 0)
			return PCL_CODE_OK;
	return PCL_CODE_UNKNOWN;
}

int
pcl_codes_eori(const char *s, size_t len)
{
	size_t i;

	if (s == NULL || len == 0)
		return PCL_CODE_EMPTY;
	if (len < 3 || len > 17 || !all_upper(s, 2))
		return PCL_CODE_FORMAT;
	if (memcmp(s, "GB", 2) == 0 || memcmp(s, "XI", 2) == 0) {
		if ((len == 14 || len == 17) && all_digits(s + 2, len - 2))
			return PCL_CODE_OK;
		return PCL_CODE_FORMAT;
	}
	for (i = 2; i < len; i++)
		if (!is_upper(s[i]) && !is_digit(s[i]))
			return PCL_CODE_FORMAT;
	for (i = 0; i < NELEM(eori_eu); i++)
		if (memcmp(s, eori_eu[i], 2) == 0)
			return PCL_CODE_OK;
	return PCL_CODE_UNKNOWN;
}
