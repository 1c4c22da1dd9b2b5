/*
 * csvrow: formatting one CSV record, with a word-at-a-time test for the
 * bytes that force quoting (the lanes' hot path).
 */
#include <stdint.h>
#include <string.h>

#include "csvrow.h"
#include "banned.h"

/* 0x80 in each byte of 'v' that may be zero; nonzero iff one is. */
#define ZERO_BYTE(v)	(((v) - 0x0101010101010101ull) & ~(v) & \
			    0x8080808080808080ull)
#define BYTES(c)	(0x0101010101010101ull * (unsigned char)(c))

/*
 * Nonzero when one of the eight bytes of 'w' forces quoting. All four
 * such bytes are below 0x2d, so a word with no byte below 0x2d is
 * answered at once; another (e.g. holding a space) is tested for each
 * of the four exactly (Hacker's Delight, 6-1).
 */
static int
special_in(uint64_t w)
{
	if (((w - BYTES(0x2d)) & ~w & 0x8080808080808080ull) == 0)
		return 0;
	return (ZERO_BYTE(w ^ BYTES('\n')) | ZERO_BYTE(w ^ BYTES('\r')) |
	    ZERO_BYTE(w ^ BYTES('"')) | ZERO_BYTE(w ^ BYTES(','))) != 0;
}

/*
 * A word test per eight bytes, the rest by overlapping loads inside the
 * field (the last eight bytes; two four-byte halves; or the first,
 * middle and last byte padded with 'a'), never reading past its end.
 */
int
pcl_csvrow_needs_quotes(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t w;
	uint32_t h, t;
	size_t i;

	if (len >= 8) {
		for (i = 0; len - i >= 8; i += 8) {
			memcpy(&w, p + i, 8);
			if (special_in(w))
				return 1;
		}
		if (i == len)
			return 0;
		memcpy(&w, p + len - 8, 8);
		return special_in(w);
	}
	if (len >= 4) {
		memcpy(&h, p, 4);
		memcpy(&t, p + len - 4, 4);
		return special_in((uint64_t)h | (uint64_t)t << 32);
	}
	if (len == 0)
		return 0;
	return special_in((uint64_t)p[0] | (uint64_t)p[len / 2] << 8 |
	    (uint64_t)p[len - 1] << 16 | (BYTES('a') << 24));
}

/* Writes byte 'c' at 'pos' when it fits; returns the next position. */
static size_t
put_byte(char *dst, size_t cap, size_t pos, char c)
{
	if (pos < cap)
		dst[pos] = c;
	return pos + 1;
}

/* Writes 'f' quoted, each '"' doubled, at 'pos' (what fits). */
static size_t
put_quoted(char *dst, size_t cap, size_t pos, const char *f, size_t len)
{
	const char *q;
	size_t n;

	pos = put_byte(dst, cap, pos, '"');
	while (len > 0) {
		q = memchr(f, '"', len);
		n = q == NULL ? len : (size_t)(q - f) + 1;
		if (pos <= cap && n <= cap - pos)
			memcpy(dst + pos, f, n);
		pos += n;
		if (q != NULL)
			pos = put_byte(dst, cap, pos, '"');
		f += n;
		len -= n;
	}
	return put_byte(dst, cap, pos, '"');
}

size_t
pcl_csvrow_format(char *dst, size_t cap, const char *const *fields,
    const size_t *lens, size_t n)
{
	size_t i, len, pos = 0;

	for (i = 0; i < n; i++) {
		if (i > 0)
			pos = put_byte(dst, cap, pos, ',');
		if ((len = lens[i]) == 0)
			continue;	/* empty field; 'fields[i]' may be NULL */
		if (pcl_csvrow_needs_quotes(fields[i], len)) {
			pos = put_quoted(dst, cap, pos, fields[i], len);
			continue;
		}
		if (pos <= cap && len <= cap - pos)
			memcpy(dst + pos, fields[i], len);
		pos += len;
	}
	return put_byte(dst, cap, pos, '\n');
}
