/*
 * identity: normalisation of party texts and their keys (see identity.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "identity.h"
#include "parcel.h"
#include "banned.h"

#define KEYBUF 1024

/* Appends byte 'c' at 'n' when it fits; returns n + 1. */
static size_t
put(char *buf, size_t size, size_t n, char c)
{
	if (n + 1 < size)
		buf[n] = c;
	return n + 1;
}

/*
 * Byte classes as <ctype.h> gives them in the "C" locale, which is ours
 * (nothing calls setlocale): controls and space, punctuation (the other
 * printable ASCII but letters and digits), letters and digits; no class
 * for bytes >= 0x80. Inline tests instead of a library call per byte.
 */
enum { CL_OTHER, CL_SPACE, CL_PUNCT, CL_ALNUM };

static int
ascii_class(unsigned c)
{
	if (c <= 0x20 || c == 0x7f)
		return CL_SPACE;	/* isspace() or iscntrl() */
	if (c >= 0x80)
		return CL_OTHER;
	if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		return CL_ALNUM;
	return CL_PUNCT;
}

/* ASCII-only normalisation (the common case, no allocation). */
static size_t
norm_ascii(const unsigned char *s, size_t len, enum pcl_identity_kind kind,
    char *buf, size_t size)
{
	size_t i, n = 0;
	int space = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];
		int cl = ascii_class(c);

		if (cl == CL_SPACE) {
			space = n > 0;
			continue;
		}
		if (cl == CL_PUNCT ||
		    (kind == PCL_IDENTITY_POSTCODE && cl != CL_ALNUM))
			continue;
		if (space && kind == PCL_IDENTITY_TEXT)
			n = put(buf, size, n, ' ');
		space = 0;
		n = put(buf, size, n, (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c));
	}
	return n;
}

static int
alnum_cat(utf8proc_category_t cat)
{
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

size_t
pcl_identity_normalize(const char *s, size_t len, enum pcl_identity_kind kind,
    char *buf, size_t size)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t ml, i;
	size_t k, n = 0;
	int space = 0;

	for (k = 0; k < len; k++)
		if ((unsigned char)s[k] >= 0x80)
			break;
	if (k == len) {
		n = norm_ascii((const unsigned char *)s, len, kind, buf, size);
	} else {
		ml = utf8proc_map((const utf8proc_uint8_t *)s,
		    (utf8proc_ssize_t)len, &m, UTF8PROC_STABLE | UTF8PROC_COMPAT |
		    UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
		if (ml < 0) {
			n = norm_ascii((const unsigned char *)s, len, kind, buf,
			    size);
		} else {
			for (i = 0; i < ml;) {
				utf8proc_int32_t cp;
				utf8proc_ssize_t step = utf8proc_iterate(m + i,
				    ml - i, &cp);
				utf8proc_category_t cat;
				utf8proc_ssize_t b;

				if (step <= 0)
					break;
				cat = utf8proc_category(cp);
				if ((cat >= UTF8PROC_CATEGORY_ZS &&
				    cat <= UTF8PROC_CATEGORY_ZP) ||
				    cat == UTF8PROC_CATEGORY_CC ||
				    (cp < 0x80 && isspace(cp))) {
					space = n > 0;
				} else if ((cat >= UTF8PROC_CATEGORY_PC &&
				    cat <= UTF8PROC_CATEGORY_PO) ||
				    (cp < 0x80 && ispunct(cp)) ||
				    (kind == PCL_IDENTITY_POSTCODE &&
				    !alnum_cat(cat))) {
					/* dropped */
				} else {
					if (space && kind == PCL_IDENTITY_TEXT)
						n = put(buf, size, n, ' ');
					space = 0;
					for (b = 0; b < step; b++)
						n = put(buf, size, n,
						    (char)m[i + b]);
				}
				i += step;
			}
		}
		free(m);
	}
	if (size > 0)
		buf[n < size ? n : size - 1] = '\0';
	return n;
}

uint64_t
pcl_identity_text_key(const char *s, size_t len, uint64_t seed)
{
	char small[KEYBUF], *buf = small;
	size_t n = pcl_identity_normalize(s, len, PCL_IDENTITY_TEXT, small,
	    sizeof small);
	uint64_t h;

	if (n >= sizeof small && (buf = malloc(n + 1)) != NULL)
		pcl_identity_normalize(s, len, PCL_IDENTITY_TEXT, buf, n + 1);
	if (buf == NULL) {	/* out of memory: the truncated form */
		buf = small;
		n = sizeof small - 1;
	}
	h = pcl_hash64(buf, n, seed);
	if (buf != small)
		free(buf);
	return h;
}

uint64_t
pcl_identity_party_key(const char *const v[4], const size_t len[4])
{
	char buf[KEYBUF];
	uint64_t h = 0x9E3779B97F4A7C15ull;
	size_t n;
	int i;

	for (i = 0; i < 4; i++) {
		if (i < 2) {
			h = pcl_identity_text_key(v[i], len[i], h + (uint64_t)i);
			continue;
		}
		n = pcl_identity_normalize(v[i], len[i], PCL_IDENTITY_POSTCODE,
		    buf, sizeof buf);
		h = pcl_hash64(buf, n < sizeof buf ? n : sizeof buf - 1,
		    h + (uint64_t)i);
	}
	return h;
}
