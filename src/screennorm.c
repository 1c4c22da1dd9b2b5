/*
 * screennorm: the text form screening matches on (see screennorm.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uspoof.h>
#include <unicode/utf16.h>
#include <utf8proc.h>

#include "screennorm.h"
#include "banned.h"

/* Characters below this have their skeleton cached (all but CJK). */
#define CACHE_CPS	0x2e80
#define CP_MAX_OUT	16	/* UTF-8 bytes of one character's normal form */

struct cached {
	uint8_t	done, len;
	char	s[CP_MAX_OUT];
};

struct pcl_screennorm {
	USpoofChecker	*sc;
	struct cached	*cache;		/* CACHE_CPS entries, filled lazily */
	char		*out;
	uint32_t	*map;
	size_t		 cap;
	char		*fold[2];	/* folded forms: 1 as i, 1 as l */
	uint32_t	*fmap;		/* their map (the same for both) */
	size_t		 fcap;
};

int
pcl_screennorm_open(struct pcl_screennorm **out, struct pcl_error *err)
{
	struct pcl_screennorm *n = calloc(1, sizeof *n);
	UErrorCode st = U_ZERO_ERROR;

	*out = NULL;
	if (n == NULL || (n->cache = calloc(CACHE_CPS, sizeof *n->cache)) ==
	    NULL) {
		free(n);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	n->sc = uspoof_open(&st);
	if (U_FAILURE(st) || n->sc == NULL) {
		pcl_screennorm_free(n);
		return pcl_error_set(err, PCL_E_NOMEM, "cannot open the ICU "
		    "spoof checker: %s", u_errorName(st));
	}
	*out = n;
	return PCL_OK;
}

void
pcl_screennorm_free(struct pcl_screennorm *n)
{
	if (n == NULL)
		return;
	if (n->sc != NULL)
		uspoof_close(n->sc);
	free(n->cache);
	free(n->out);
	free(n->map);
	free(n->fold[0]);
	free(n->fold[1]);
	free(n->fmap);
	free(n);
}

/* 1 for the characters whose confusable skeleton is taken. */
static int
skeleton_applies(int32_t cp)
{
	if (cp < 0x80)
		return 0;
	if (cp >= 0x1100 && cp < 0x1200)	/* Hangul jamo */
		return 0;
	if (cp < CACHE_CPS)
		return 1;
	return (cp >= 0xa640 && cp < 0xa700) ||	/* Cyrillic extended-B */
	    (cp >= 0x1d400 && cp < 0x1d800);	/* mathematical letters */
}

/* Appends 'cp' to 'buf' (of CP_MAX_OUT) at '*len' unless a dropped mark. */
static void
put_cp(char *buf, uint8_t *len, int32_t cp)
{
	utf8proc_uint8_t u[4];
	utf8proc_ssize_t k;

	if (cp >= 0x300 && cp <= 0x36f)		/* combining diacritics */
		return;
	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	k = utf8proc_encode_char(cp, u);
	if (k <= 0 || *len + (size_t)k > CP_MAX_OUT)
		return;
	memcpy(buf + *len, u, (size_t)k);
	*len = (uint8_t)(*len + k);
}

/* The skeleton of one character, appended to 'buf'. */
static void
skeleton(struct pcl_screennorm *n, int32_t cp, char *buf, uint8_t *len)
{
	UChar in[2], sk[CP_MAX_OUT];
	int32_t il = 0, sl, i = 0;
	UErrorCode st = U_ZERO_ERROR;

	U16_APPEND_UNSAFE(in, il, cp);
	sl = uspoof_getSkeleton(n->sc, 0, in, il, sk, CP_MAX_OUT, &st);
	if (U_FAILURE(st) || sl <= 0) {
		put_cp(buf, len, cp);
		return;
	}
	while (i < sl) {
		UChar32 c;

		U16_NEXT(sk, i, sl, c);
		put_cp(buf, len, c);
	}
}

/* The normal form of non-ASCII 'cp' into 'buf', its length in '*len'. */
static void
normal_cp(struct pcl_screennorm *n, int32_t cp, char *buf, uint8_t *len)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	utf8proc_int32_t d[8];
	utf8proc_ssize_t nd, i;
	int last = 0;

	*len = 0;
	if (p->ignorable)
		return;
	if (cp >= 0xac00 && cp <= 0xd7a3) {	/* Hangul syllable: whole */
		put_cp(buf, len, cp);
		return;
	}
	nd = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE |
	    UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &last);
	if (nd <= 0 || nd > 8) {
		d[0] = cp;
		nd = 1;
	}
	for (i = 0; i < nd; i++) {
		if (d[i] >= 0xac00 && d[i] <= 0xd7a3)
			put_cp(buf, len, d[i]);
		else if (skeleton_applies(d[i]))
			skeleton(n, d[i], buf, len);
		else
			put_cp(buf, len, d[i]);
	}
}

/* Cached normal_cp. */
static const char *
lookup(struct pcl_screennorm *n, int32_t cp, char *tmp, uint8_t *len)
{
	struct cached *c;

	if (cp >= CACHE_CPS) {
		normal_cp(n, cp, tmp, len);
		return tmp;
	}
	c = &n->cache[cp];
	if (!c->done) {
		normal_cp(n, cp, c->s, &c->len);
		c->done = 1;
	}
	*len = c->len;
	return c->s;
}

static int
reserve(struct pcl_screennorm *n, size_t need)
{
	char *o;
	uint32_t *m;
	size_t cap;

	if (need <= n->cap)
		return 0;
	cap = need < 256 ? 256 : need * 2;
	if ((o = realloc(n->out, cap)) == NULL)
		return -1;
	n->out = o;
	if ((m = realloc(n->map, cap * sizeof *m)) == NULL)
		return -1;
	n->map = m;
	n->cap = cap;
	return 0;
}

int
pcl_screennorm_text(struct pcl_screennorm *n, const char *s, size_t len,
    const char **out, size_t *outlen, const uint32_t **map)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, o = 0;

	for (i = 0; i < len && u[i] < 0x80; i++)
		;
	if (i == len) {		/* all ASCII: matched as it is */
		*out = s;
		*outlen = len;
		*map = NULL;
		return PCL_OK;
	}
	/* each character gives at most CP_MAX_OUT bytes */
	if (reserve(n, len * CP_MAX_OUT + 1) != 0)
		return PCL_E_NOMEM;
	i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;
		const char *r;
		char tmp[CP_MAX_OUT];
		uint8_t rl, j;

		if (u[i] < 0x80) {
			n->map[o] = (uint32_t)i;
			n->out[o++] = (char)u[i++];
			continue;
		}
		k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {	/* not UTF-8 (callers check): kept as is */
			n->map[o] = (uint32_t)i;
			n->out[o++] = (char)u[i++];
			continue;
		}
		r = lookup(n, cp, tmp, &rl);
		for (j = 0; j < rl; j++) {
			n->map[o] = (uint32_t)i;
			n->out[o++] = r[j];
		}
		i += (size_t)k;
	}
	n->map[o] = (uint32_t)len;
	n->out[o] = '\0';
	*out = n->out;
	*outlen = o;
	*map = n->map;
	return PCL_OK;
}

/* 1 for a character of a word that folding reads: A-Z a-z 0-9 @ $. */
static int
word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '@' || c == '$';
}

static int
is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 for a separator that may stand between the letters of a word. */
static int
is_sep(unsigned char c)
{
	return c == '-' || c == '.' || c == '_' || c == '*';
}

/* The letter a look-alike digit or symbol stands for, or 0. */
static char
lookalike(unsigned char c)
{
	switch (c) {
	case '0': return 'o';
	case '1': return 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '@': return 'a';
	case '$': return 's';
	default: return 0;
	}
}

/* 'c' as folding writes it in a word that 'folds' or not. */
static unsigned char
folded(unsigned char c, int folds)
{
	char l;

	if (folds && (l = lookalike(c)) != 0)
		return (unsigned char)l;
	return c;
}

static int
reserve_fold(struct pcl_screennorm *n, size_t need)
{
	char *a, *b;
	uint32_t *m;
	size_t cap;

	if (need <= n->fcap)
		return 0;
	cap = need < 256 ? 256 : need * 2;
	if ((a = realloc(n->fold[0], cap)) == NULL)
		return -1;
	n->fold[0] = a;
	if ((b = realloc(n->fold[1], cap)) == NULL)
		return -1;
	n->fold[1] = b;
	if ((m = realloc(n->fmap, cap * sizeof *m)) == NULL)
		return -1;
	n->fmap = m;
	n->fcap = cap;
	return 0;
}

/*
 * The end of the word starting at 't[i]' (a word character): word
 * characters, and single separators between two of them.
 */
static size_t
word_end(const unsigned char *t, size_t len, size_t i)
{
	while (i < len) {
		if (word_char(t[i]))
			i++;
		else if (is_sep(t[i]) && i + 1 < len && word_char(t[i + 1]) &&
		    i > 0 && word_char(t[i - 1]))
			i++;
		else
			break;
	}
	return i;
}

/* 1 when the word [ws, we) folds: two letters and a look-alike. */
static int
word_folds(const unsigned char *t, size_t ws, size_t we)
{
	size_t i, letters = 0, looks = 0;

	for (i = ws; i < we; i++) {
		letters += is_letter(t[i]);
		looks += lookalike(t[i]) != 0;
	}
	return letters >= 2 && looks > 0;
}

/*
 * The end of a run of one-character words starting at 't[i]' (a word
 * character) with single spaces between them, when it has three or more
 * and two of them are letters; else 'i'. '*folds': the run has a
 * look-alike.
 */
static size_t
single_run(const unsigned char *t, size_t len, size_t i, int *folds)
{
	size_t j = i, end = i, k = 0, letters = 0, looks = 0;

	while (word_end(t, len, j) == j + 1) {
		k++;
		letters += is_letter(t[j]);
		looks += lookalike(t[j]) != 0;
		end = j + 1;
		if (j + 2 < len && t[j + 1] == ' ' && word_char(t[j + 2]))
			j += 2;
		else
			break;
	}
	if (k < 3 || letters < 2)
		return i;
	*folds = looks > 0;
	return end;
}

/* The map entry of byte 'i' of the normalised text (map NULL: itself). */
static uint32_t
src_of(const uint32_t *map, size_t i)
{
	return map != NULL ? map[i] : (uint32_t)i;
}

/*
 * 0 when folding cannot change 't': no separator between two word
 * characters, no word with two letters and a look-alike, no three
 * one-character words in a row. One pass without writes, so that most
 * texts cost no more.
 */
static int
may_fold(const unsigned char *t, size_t len)
{
	size_t i = 0, singles = 0, single_end = 0;

	while (i < len) {
		size_t j = i, letters = 0, looks = 0;

		if (!word_char(t[i])) {
			if (is_sep(t[i]) && i > 0 && i + 1 < len &&
			    word_char(t[i - 1]) && word_char(t[i + 1]))
				return 1;
			i++;
			continue;
		}
		for (; j < len && word_char(t[j]); j++) {
			letters += is_letter(t[j]);
			looks += lookalike(t[j]) != 0;
		}
		if (letters >= 2 && looks > 0)
			return 1;
		if (j - i == 1) {
			singles = singles > 0 && single_end + 1 == i &&
			    t[i - 1] == ' ' ? singles + 1 : 1;
			if (singles >= 3)
				return 1;
			single_end = j;
		}
		i = j;
	}
	return 0;
}

/*
 * Folds the normalised text 't' of 'len' bytes (map 'map') into
 * n->fold[0] and n->fold[1]; '*olen' their length. Returns 1 when the
 * first differs from 't', 2 when the second differs from the first too,
 * 0 when nothing folds, -1 when out of memory.
 */
static int
fold_text(struct pcl_screennorm *n, const unsigned char *t, size_t len,
    const uint32_t *map, size_t srclen, size_t *olen)
{
	size_t i = 0, o = 0;
	int changed = 0, ones = 0;

	if (!may_fold(t, len))
		return 0;
	if (reserve_fold(n, len + 1) != 0)
		return -1;
	while (i < len) {
		size_t we, j;
		int folds = 0;

		if (!word_char(t[i]) || (i > 0 && word_char(t[i - 1]))) {
			n->fold[0][o] = n->fold[1][o] = (char)t[i];
			n->fmap[o++] = src_of(map, i++);
			continue;
		}
		if ((we = single_run(t, len, i, &folds)) > i) {
			/* "f i r e": the letters joined */
			for (j = i; j < we; j += 2) {
				unsigned char c = folded(t[j], folds);

				n->fold[0][o] = (char)c;
				n->fold[1][o] = (char)(t[j] == '1' && folds ?
				    'l' : c);
				ones |= t[j] == '1' && folds;
				n->fmap[o++] = src_of(map, j);
			}
			changed = 1;
			i = we;
			continue;
		}
		we = word_end(t, len, i);
		folds = word_folds(t, i, we);
		for (j = i; j < we; j++) {
			unsigned char c;

			if (is_sep(t[j])) {
				/* between two letters (as folded): dropped */
				if (is_letter(folded(t[j - 1], folds)) &&
				    is_letter(folded(t[j + 1], folds))) {
					changed = 1;
					continue;
				}
				c = t[j];
			} else {
				c = folded(t[j], folds);
			}
			changed |= c != t[j];
			ones |= folds && t[j] == '1';
			n->fold[0][o] = (char)c;
			n->fold[1][o] = (char)(folds && t[j] == '1' ? 'l' : c);
			n->fmap[o++] = src_of(map, j);
		}
		i = we;
	}
	n->fmap[o] = (uint32_t)srclen;
	n->fold[0][o] = n->fold[1][o] = '\0';
	*olen = o;
	return !changed ? 0 : ones ? 2 : 1;
}

int
pcl_screennorm_forms(struct pcl_screennorm *n, const char *s, size_t len,
    struct pcl_screenform *forms, size_t *nforms)
{
	size_t fl;
	int rc;

	*nforms = 0;
	if (pcl_screennorm_text(n, s, len, &forms[0].text, &forms[0].len,
	    &forms[0].map) != PCL_OK)
		return PCL_E_NOMEM;
	*nforms = 1;
	rc = fold_text(n, (const unsigned char *)forms[0].text, forms[0].len,
	    forms[0].map, len, &fl);
	if (rc < 0)
		return PCL_E_NOMEM;
	for (int k = 0; k < rc; k++) {
		forms[1 + k].text = n->fold[k];
		forms[1 + k].len = fl;
		forms[1 + k].map = n->fmap;
	}
	*nforms = 1 + (size_t)rc;
	return PCL_OK;
}

/* Offset just past the UTF-8 character starting at 'i' of 's'. */
static size_t
cp_end(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return len;
	for (i++; i < len && ((unsigned char)s[i] & 0xc0) == 0x80; i++)
		;
	return i;
}

void
pcl_screennorm_span(const struct pcl_screennorm *n, const char *s,
    size_t len, const uint32_t *map, size_t start, size_t end,
    size_t *ostart, size_t *oend)
{
	(void)n;
	if (map == NULL) {
		*ostart = start;
		*oend = end;
		return;
	}
	*ostart = map[start];
	*oend = end > start ? cp_end(s, len, map[end - 1]) : map[start];
}

int
pcl_screennorm_pattern(struct pcl_screennorm *n, const char *pat,
    char **out, char *msg, size_t size)
{
	const unsigned char *u = (const unsigned char *)pat;
	size_t len = strlen(pat), i = 0, o = 0;
	int in_class = 0, class_start = 0, letter = 0, hdr = 0;
	char *buf = malloc(len * (CP_MAX_OUT + 6) + 1);

	*out = NULL;
	if (buf == NULL)
		return PCL_E_NOMEM;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k;
		const char *r;
		char tmp[CP_MAX_OUT];
		uint8_t rl;
		size_t nc, j;

		if (u[i] < 0x80) {
			/*
			 * A literal separator between two letters: optional,
			 * as folding drops it ("e-liquid" matches "eliquid").
			 */
			size_t sl = u[i] == '\\' && i + 1 < len &&
			    u[i + 1] == '.' ? 2 : u[i] == '-' || u[i] == '_';

			if (sl > 0 && letter && !in_class && i + sl < len &&
			    is_letter(u[i + sl])) {
				memcpy(buf + o, pat + i, sl);
				o += sl;
				buf[o++] = '?';
				i += sl;
				letter = 0;
				continue;
			}
			if (u[i] == '\\' && i + 1 < len && u[i + 1] < 0x80) {
				buf[o++] = (char)u[i++];
				buf[o++] = (char)u[i++];
				letter = 0;
				continue;
			}
			/* "(?:", "(?<!", "(?i)": no literal letters in it */
			if (u[i] == '(' && i + 1 < len && u[i + 1] == '?')
				hdr = 1;
			else if (hdr && strchr(":)>=!", u[i]) != NULL)
				hdr = 0;
			letter = !in_class && !hdr && is_letter(u[i]);
			if (!in_class && u[i] == '[') {
				in_class = 1;
				class_start = 1;
			} else if (in_class && u[i] == ']' && !class_start) {
				in_class = 0;
			} else if (in_class && !(u[i] == '^' && class_start)) {
				class_start = 0;
			}
			buf[o++] = (char)u[i++];
			continue;
		}
		class_start = 0;
		letter = 0;
		k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0) {
			snprintf(msg, size, "not UTF-8 at byte %zu", i);
			free(buf);
			return PCL_E_PARSE;
		}
		r = lookup(n, cp, tmp, &rl);
		for (j = 0, nc = 0; j < rl; j++)
			nc += ((unsigned char)r[j] & 0xc0) != 0x80;
		if (in_class && nc != 1) {
			snprintf(msg, size, "U+%04X inside [...] normalises to "
			    "%zu characters; write it as an alternative",
			    (unsigned)cp, nc);
			free(buf);
			return PCL_E_PARSE;
		}
		if (nc > 1) {
			memcpy(buf + o, "(?:", 3);
			o += 3;
		}
		memcpy(buf + o, r, rl);
		o += rl;
		if (nc > 1)
			buf[o++] = ')';
		i += (size_t)k;
	}
	buf[o] = '\0';
	*out = buf;
	return PCL_OK;
}
