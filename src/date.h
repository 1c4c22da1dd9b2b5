/*
 * date: calendar dates as day numbers, ISO 8601 and pattern parsing.
 * A date is an int32_t counting days since 1970-01-01 (proleptic
 * Gregorian), so comparisons and "previous business day" are arithmetic.
 */
#ifndef PCL_DATE_H
#define PCL_DATE_H

#include <stddef.h>
#include <stdint.h>

#define PCL_DATE_NONE INT32_MIN		/* no date / invalid */
#define PCL_DATE_MAX  INT32_MAX		/* open end of a validity range */

/*
 * Day number of year 'y', month 'm' (1-12), day 'd'. Returns PCL_DATE_NONE
 * when the date does not exist (2023-02-29, month 13) or y is outside
 * 1000..9999.
 */
int32_t pcl_date_from_ymd(int y, int m, int d);

/* Splits day number 'day' into year, month (1-12), day of month. */
void pcl_date_to_ymd(int32_t day, int *y, int *m, int *d);

/* ISO weekday of 'day': 1 = Monday ... 7 = Sunday. */
int pcl_date_weekday(int32_t day);

/*
 * Parses ISO 8601 calendar date text 's' of 'len' bytes: "YYYY-MM-DD",
 * or the basic form "YYYYMMDD". The extended form may be followed by
 * "T" or one space and a time of day: "hh:mm" or "hh:mm:ss" (hours
 * 00-23, minutes 00-59, seconds 00-60, 60 being a leap second), seconds
 * optionally followed by '.' and digits, then optionally "Z" or an
 * offset "+hh:mm" / "-hh:mm" (hours 00-23, minutes 00-59). The time is
 * checked and then ignored: the result is the date as written, which an
 * offset does not move. Returns the day number, or PCL_DATE_NONE if the
 * text is not a real calendar date or its time part is malformed.
 */
int32_t pcl_date_parse_iso(const char *s, size_t len);

/*
 * Parses a validity bound of a data file (valid_from, valid_to): the
 * NUL-terminated 's' must be exactly "YYYY-MM-DD", or empty, which gives
 * 'dflt' (an open bound). Returns 1 with '*out' set, 0 if 's' is neither.
 */
int pcl_date_parse_bound(const char *s, int32_t dflt, int32_t *out);

/*
 * Parses 's' against pattern 'fmt', where %Y is a 4-digit year, %y a
 * 2-digit year (00-68 -> 2000-2068, 69-99 -> 1969-1999, as POSIX
 * strptime), %m and %d 1- or 2-digit month and day, %H %M %S 1- or 2-digit
 * time fields (checked for range, otherwise ignored); any other character
 * must match itself. The whole text must be consumed. Returns the day
 * number or PCL_DATE_NONE.
 */
int32_t pcl_date_parse_fmt(const char *s, size_t len, const char *fmt);

/* Writes "YYYY-MM-DD" (11 bytes with NUL) into 'buf'. "" for NONE. */
void pcl_date_format(int32_t day, char buf[11]);

#endif
