/*
 * fastcsv: the splitter for physical lines without quotes (see
 * fastcsv.h for what it owns and why it gives libcsv's fields).
 */
#include <string.h>

#include "fastcsv.h"
#include "banned.h"

int
pcl_fastcsv_line(const void *p, size_t n, size_t *len)
{
	const unsigned char *s = p;
	size_t k = n;

	if (k > 0 && s[k - 1] == '\n')
		k--;
	else if (k > 0 && s[k - 1] == '\r')
		k--;
	else
		return 0;	/* no line end */
	if (s[k] == '\n' && k > 0 && s[k - 1] == '\r')
		k--;		/* CRLF: one line end */
	if (k == 0 || memchr(s, '"', k) != NULL ||
	    memchr(s, '\n', k) != NULL || memchr(s, '\r', k) != NULL)
		return 0;
	*len = k;
	return 1;
}

void
pcl_fastcsv_split(void *p, size_t len, char delim, pcl_fastcsv_field_fn cb,
    void *arg)
{
	unsigned char *s = p, *d;
	size_t left = len;

	for (;;) {
		d = memchr(s, (unsigned char)delim, left);
		if (d == NULL) {
			cb(s, left, arg);
			return;
		}
		cb(s, (size_t)(d - s), arg);
		left -= (size_t)(d - s) + 1;
		s = d + 1;
	}
}
