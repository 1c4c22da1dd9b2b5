/*
 * date: day-number arithmetic (Howard Hinnant's civil-date algorithms) and
 * strict parsing of ISO 8601 and pattern-described dates.
 */
#include <string.h>

#include "date.h"
#include "banned.h"

static int
days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28 + leap : dim[m - 1];
}

int32_t
pcl_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return PCL_DATE_NONE;
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
pcl_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
	int z = day + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
pcl_date_weekday(int32_t day)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((day % 7 + 7) % 7);

	return (w + 3) % 7 + 1;
}

static int
digits(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int
pcl_date_parse_bound(const char *s, int32_t dflt, int32_t *out)
{
	if (*s == '\0') {
		*out = dflt;
		return 1;
	}
	*out = pcl_date_parse_iso(s, strlen(s));
	return strlen(s) == 10 && *out != PCL_DATE_NONE;
}

/*
 * Reads two digits at s[*i] with a value of at most 'max' and moves past
 * them. Returns 1, or 0 when they are missing or out of range.
 */
static int
two_digits(const char *s, size_t len, size_t *i, int max)
{
	int v;

	if (len - *i < 2 || !digits(s + *i, 2, &v) || v > max)
		return 0;
	*i += 2;
	return 1;
}

/*
 * 1 when 's' ('len' bytes) is exactly a time of day: "hh:mm" or
 * "hh:mm:ss", seconds optionally followed by '.' and one or more digits,
 * then nothing, "Z" or an offset "+hh:mm" / "-hh:mm" (hours 00-23,
 * minutes 00-59). Hours are 00-23, minutes 00-59, seconds 00-60: 60 is
 * a leap second, which RFC 3339 accepts at any minute because the local
 * time of a leap second depends on the offset.
 */
static int
time_of_day(const char *s, size_t len)
{
	size_t i = 0;

	if (!two_digits(s, len, &i, 23) || i == len || s[i++] != ':' ||
	    !two_digits(s, len, &i, 59))
		return 0;
	if (i < len && s[i] == ':') {
		i++;
		if (!two_digits(s, len, &i, 60))
			return 0;
		if (i < len && s[i] == '.') {
			if (++i == len || s[i] < '0' || s[i] > '9')
				return 0;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
		}
	}
	if (i == len)
		return 1;
	if (s[i] == 'Z')
		return i + 1 == len;
	if (s[i] != '+' && s[i] != '-')
		return 0;
	i++;
	return two_digits(s, len, &i, 23) && i < len && s[i++] == ':' &&
	    two_digits(s, len, &i, 59) && i == len;
}

int32_t
pcl_date_parse_iso(const char *s, size_t len)
{
	int y, m, d;

	if (len == 8 && digits(s, 4, &y) && digits(s + 4, 2, &m) &&
	    digits(s + 6, 2, &d))
		return pcl_date_from_ymd(y, m, d);
	if (len < 10 || s[4] != '-' || s[7] != '-')
		return PCL_DATE_NONE;
	if (len > 10 && ((s[10] != 'T' && s[10] != ' ') ||
	    !time_of_day(s + 11, len - 11)))
		return PCL_DATE_NONE;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return PCL_DATE_NONE;
	/* the date as written: an offset does not move it to another day */
	return pcl_date_from_ymd(y, m, d);
}

/* Reads 1..maxw digits at s[*i]; returns -1 if none. */
static int
take_num(const char *s, size_t len, size_t *i, int minw, int maxw)
{
	int v = 0, n = 0;

	while (*i < len && n < maxw && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	return n >= minw ? v : -1;
}

int32_t
pcl_date_parse_fmt(const char *s, size_t len, const char *fmt)
{
	int y = -1, m = -1, d = -1, v;
	size_t i = 0;
	const char *f;

	for (f = fmt; *f != '\0'; f++) {
		if (*f != '%') {
			if (i >= len || s[i] != *f)
				return PCL_DATE_NONE;
			i++;
			continue;
		}
		switch (*++f) {
		case 'Y':
			y = take_num(s, len, &i, 4, 4);
			break;
		case 'y':
			v = take_num(s, len, &i, 2, 2);
			y = v < 0 ? -1 : v < 69 ? 2000 + v : 1900 + v;
			break;
		case 'm':
			m = take_num(s, len, &i, 1, 2);
			break;
		case 'd':
			d = take_num(s, len, &i, 1, 2);
			break;
		case 'H':
			if ((v = take_num(s, len, &i, 1, 2)) < 0 || v > 23)
				return PCL_DATE_NONE;
			break;
		case 'M':
		case 'S':
			if ((v = take_num(s, len, &i, 1, 2)) < 0 || v > 59)
				return PCL_DATE_NONE;
			break;
		case '%':
			if (i >= len || s[i++] != '%')
				return PCL_DATE_NONE;
			break;
		default:
			return PCL_DATE_NONE;
		}
		if (y == -1 && (f[0] == 'Y' || f[0] == 'y'))
			return PCL_DATE_NONE;
		if ((f[0] == 'm' && m < 0) || (f[0] == 'd' && d < 0))
			return PCL_DATE_NONE;
	}
	if (i != len || y < 0 || m < 0 || d < 0)
		return PCL_DATE_NONE;
	return pcl_date_from_ymd(y, m, d);
}

void
pcl_date_format(int32_t day, char buf[11])
{
	int y, m, d;

	if (day == PCL_DATE_NONE) {
		buf[0] = '\0';
		return;
	}
	pcl_date_to_ymd(day, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}
