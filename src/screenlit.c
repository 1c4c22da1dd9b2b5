/*
 * screenlit: literal prefilter of the screening lists (see screenlit.h).
 *
 * The analysis walks the pattern once and gives each part one of:
 *   EXACT  the complete set of strings the part can match (small sets);
 *   REQ    a set of strings one of which every match contains;
 *   ANY    nothing known.
 * Concatenation multiplies exact sets while they stay small, else keeps
 * the better requirement of its parts; alternation unites them; an
 * optional part adds the empty string; a repeat keeps its part's
 * requirement. Look-arounds and anchors match the empty string here,
 * which only loses information. Literals are ASCII (lowercased: the
 * patterns match without case) and characters of scripts without case.
 */
#include <stdlib.h>
#include <string.h>

#include "screenlit.h"
#include "banned.h"

#define MAXS	512	/* strings in a set */
#define MAXE	64	/* strings in an exact set built by concatenation */
#define MAXL	40	/* bytes of a string, with its NUL */

enum { K_EXACT, K_REQ, K_ANY };

struct info {
	int	kind;
	int	nonascii;	/* every match holds a non-ASCII character */
	size_t	n;
	uint8_t	len[MAXS];
	char	s[MAXS][MAXL];
};

struct parser {
	const unsigned char *p;
	int	bad;		/* not understood: no information */
	struct info *t;		/* scratch of concat and alternate */
};

struct lit {
	char	*s;
	size_t	 len;
	uint32_t entry;
	uint16_t key;		/* first two bytes, or the first alone */
};

struct pcl_screenlit {
	size_t		 nentries, nwords;
	uint64_t	*always;	/* candidates for every text */
	uint64_t	*always_na;	/* ... for every non-ASCII text */
	uint32_t	*nlits;		/* per entry */
	uint8_t		*nonascii;	/* per entry */
	uint64_t	*na_mask;	/* entries that need non-ASCII */
	struct lit	*lits;
	size_t		 n, cap;
	uint32_t	*off;		/* 65537: literals of 2+ bytes by key */
	uint32_t	*off1;		/* 257: literals of 1 byte by byte */
	struct lit	*one;		/* the 1-byte literals */
	size_t		 none;
};

static unsigned char
low(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static void
set_any(struct info *x)
{
	x->kind = K_ANY;
	x->nonascii = 0;
	x->n = 0;
}

static void
set_empty(struct info *x)
{
	x->kind = K_EXACT;
	x->nonascii = 0;
	x->n = 1;
	x->len[0] = 0;
	x->s[0][0] = '\0';
}

/* '*d = *x', only the strings in use. */
static void
copy(struct info *d, const struct info *x)
{
	size_t i;

	d->kind = x->kind;
	d->nonascii = x->nonascii;
	d->n = x->n;
	for (i = 0; i < x->n; i++) {
		d->len[i] = x->len[i];
		memcpy(d->s[i], x->s[i], (size_t)x->len[i] + 1);
	}
}

/* Adds string 'p' of 'n' bytes unless present; 0 when full. */
static int
add_str(struct info *x, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->len[i] == n && memcmp(x->s[i], p, n) == 0)
			return 1;
	if (x->n == MAXS || n >= MAXL)
		return 0;
	memcpy(x->s[x->n], p, n);
	x->s[x->n][n] = '\0';
	x->len[x->n++] = (uint8_t)n;
	return 1;
}

/*
 * The requirement an EXACT set gives: each match is one of its strings,
 * so contains it; with the empty string among them, nothing.
 */
static void
to_req(struct info *x)
{
	size_t i;

	if (x->kind != K_EXACT)
		return;
	for (i = 0; i < x->n; i++)
		if (x->len[i] == 0) {
			int na = x->nonascii;

			set_any(x);
			x->nonascii = na;
			return;
		}
	x->kind = x->n > 0 ? K_REQ : K_ANY;
}

/* How selective a requirement is: its shortest string, -1 for ANY. */
static int
score(const struct info *x)
{
	size_t i;
	int m = MAXL;

	if (x->kind != K_REQ || x->n == 0)
		return -1;
	for (i = 0; i < x->n; i++)
		if (x->len[i] < m)
			m = x->len[i];
	return m;
}

/* 'a' followed by 'b', into 'a'. */
static void
concat(struct parser *ps, struct info *a, const struct info *b)
{
	struct info *t = ps->t;
	size_t i, k;
	int na = a->nonascii || b->nonascii, ok = 1;

	if (a->kind == K_EXACT && b->kind == K_EXACT && a->n * b->n <= MAXE) {
		t->kind = K_EXACT;
		t->n = 0;
		for (i = 0; i < a->n && ok; i++)
			for (k = 0; k < b->n && ok; k++) {
				char buf[2 * MAXL];

				memcpy(buf, a->s[i], a->len[i]);
				memcpy(buf + a->len[i], b->s[k], b->len[k]);
				ok = add_str(t, buf, (size_t)a->len[i] +
				    b->len[k]);
			}
		if (ok) {
			copy(a, t);
			a->nonascii = na;
			return;
		}
	}
	to_req(a);
	copy(t, b);
	to_req(t);
	if (score(t) > score(a))
		copy(a, t);
	a->nonascii = na;
}

/* 'a' or 'b', into 'a'. */
static void
alternate(struct parser *ps, struct info *a, const struct info *b)
{
	struct info *t = ps->t;
	size_t i;
	int na = a->nonascii && b->nonascii;

	if (a->kind == K_EXACT && b->kind == K_EXACT && a->n + b->n <= MAXE) {
		int ok = 1;

		copy(t, a);
		for (i = 0; i < b->n && ok; i++)
			ok = add_str(t, b->s[i], b->len[i]);
		if (ok) {
			copy(a, t);
			a->nonascii = na;
			return;
		}
	}
	to_req(a);
	copy(t, b);
	to_req(t);
	if (a->kind == K_ANY || t->kind == K_ANY) {
		set_any(a);
		a->nonascii = na;
		return;
	}
	for (i = 0; i < t->n; i++)
		if (!add_str(a, t->s[i], t->len[i])) {
			set_any(a);
			break;
		}
	a->nonascii = na;
}

/* 1 for a character of a script without case (Han, kana, Hangul). */
static int
caseless_script(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30ff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) ||
	    (cp >= 0xf900 && cp <= 0xfaff);
}

/* Length of the UTF-8 character at 'p' and its code point; 0 if bad. */
static size_t
utf8(const unsigned char *p, uint32_t *cp)
{
	size_t n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 0;
	if (n == 0)
		return 0;
	*cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	return n;
}

static void parse_alt(struct parser *ps, struct info *out);

/* A character class, '[' consumed. */
static void
parse_class(struct parser *ps, struct info *out)
{
	int neg = 0, wide = 0, ascii = 0, other = 0, first = 1;
	unsigned char set[128];
	size_t i;

	memset(set, 0, sizeof set);
	if (*ps->p == '^') {
		neg = 1;
		ps->p++;
	}
	for (;; first = 0) {
		unsigned c = *ps->p;
		uint32_t cp;
		size_t n;

		if (c == '\0') {
			ps->bad = 1;
			return;
		}
		if (c == ']' && !first) {
			ps->p++;
			break;
		}
		if (c == '[' && ps->p[1] == ':') {	/* [:alpha:] */
			const unsigned char *e = (const unsigned char *)
			    strstr((const char *)ps->p, ":]");

			if (e == NULL) {
				ps->bad = 1;
				return;
			}
			ps->p = e + 2;
			wide = 1;
			continue;
		}
		if (c == '\\') {
			unsigned d = ps->p[1];

			if (d == '\0' || (d < 0x80 && ((d >= '0' && d <= '9') ||
			    (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z')))) {
				/* \d \w \s and the like, or what is not
				 * read here: any character */
				if (strchr("dDwWsShHvVnrtfe", (int)d) == NULL)
					ps->bad = 1;
				wide = 1;
				ps->p += 2;
				continue;
			}
			c = d;
			ps->p++;
		}
		if ((n = utf8(ps->p, &cp)) == 0) {
			ps->bad = 1;
			return;
		}
		ps->p += n;
		if (*ps->p == '-' && ps->p[1] != ']' && ps->p[1] != '\0') {
			uint32_t hi;
			size_t m;

			if (ps->p[1] == '\\' || (m = utf8(ps->p + 1, &hi)) == 0 ||
			    hi < cp) {
				ps->bad = 1;
				return;
			}
			ps->p += 1 + m;
			if (hi >= 0x80) {	/* may hold k or s look-alikes */
				wide = 1;
				continue;
			}
			for (; cp <= hi; cp++)
				set[low((unsigned char)cp)] = 1;
			ascii = 1;
			continue;
		}
		if (cp >= 0x80) {
			other = 1;
			continue;
		}
		set[low((unsigned char)c)] = 1;
		ascii = 1;
	}
	set_any(out);
	if (neg || wide)
		return;
	if (!ascii) {
		out->nonascii = other;
		return;
	}
	if (other)
		return;
	out->kind = K_EXACT;
	for (i = 0; i < 128; i++)
		if (set[i]) {
			char ch = (char)i;

			if (!add_str(out, &ch, 1)) {
				set_any(out);
				return;
			}
		}
}

/* An escape outside a class, '\\' consumed. */
static void
parse_escape(struct parser *ps, struct info *out)
{
	unsigned d = *ps->p;
	char ch;

	if (d == '\0') {
		ps->bad = 1;
		set_any(out);
		return;
	}
	ps->p++;
	if (d >= 0x80 || !((d >= '0' && d <= '9') || (d >= 'a' && d <= 'z') ||
	    (d >= 'A' && d <= 'Z'))) {
		if (d >= 0x80) {
			ps->bad = 1;
			set_any(out);
			return;
		}
		ch = (char)low((unsigned char)d);	/* \. \- \( ... */
		out->kind = K_EXACT;
		out->nonascii = 0;
		out->n = 0;
		(void)add_str(out, &ch, 1);
		return;
	}
	if (strchr("bBAzZG", (int)d) != NULL) {
		set_empty(out);
		return;
	}
	if (strchr("dDwWsShHvVNRX", (int)d) != NULL) {
		set_any(out);
		return;
	}
	ps->bad = 1;		/* \x \p \Q \k \1 \K ...: not read here */
	set_any(out);
}

/* A '(' construct, '(' consumed. */
static void
parse_group(struct parser *ps, struct info *out)
{
	int look = 0;

	if (*ps->p == '*') {
		ps->bad = 1;
		set_any(out);
		return;
	}
	if (*ps->p == '?') {
		const unsigned char *q = ps->p + 1;

		if (*q == ':' || *q == '>') {
			ps->p = q + 1;
		} else if (*q == '=' || *q == '!') {
			look = 1;
			ps->p = q + 1;
		} else if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
			look = 1;
			ps->p = q + 2;
		} else if (*q == '<' || *q == '\'' || (*q == 'P' && q[1] == '<')) {
			/* a named group */
			q += *q == 'P' ? 2 : 1;
			while (*q != '\0' && *q != '>' && *q != '\'')
				q++;
			if (*q == '\0') {
				ps->bad = 1;
				set_any(out);
				return;
			}
			ps->p = q + 1;
		} else {
			/* options: only i (case) is harmless here */
			while (*q == 'i' || *q == '-')
				q++;
			if (*q == ')') {
				ps->p = q + 1;
				set_empty(out);
				return;
			}
			if (*q != ':') {
				ps->bad = 1;
				set_any(out);
				return;
			}
			ps->p = q + 1;
		}
	}
	parse_alt(ps, out);
	if (*ps->p != ')') {
		ps->bad = 1;
		set_any(out);
		return;
	}
	ps->p++;
	if (look)
		set_empty(out);
}

/* One atom and its quantifier. */
static void
parse_piece(struct parser *ps, struct info *out)
{
	unsigned c = *ps->p;
	unsigned long lo = 1, hi = 1;
	uint32_t cp;
	size_t n;

	if (c == '(') {
		ps->p++;
		parse_group(ps, out);
	} else if (c == '[') {
		ps->p++;
		parse_class(ps, out);
	} else if (c == '\\') {
		ps->p++;
		parse_escape(ps, out);
	} else if (c == '.') {
		ps->p++;
		set_any(out);
	} else if (c == '^' || c == '$') {
		ps->p++;
		set_empty(out);
	} else if (c == '*' || c == '+' || c == '?' || c == '{') {
		ps->bad = 1;
		set_any(out);
		return;
	} else if ((n = utf8(ps->p, &cp)) == 0) {
		ps->bad = 1;
		set_any(out);
		return;
	} else {
		out->nonascii = cp >= 0x80;
		if (cp < 0x80 || caseless_script(cp)) {
			char b[4];

			memcpy(b, ps->p, n);
			if (n == 1)
				b[0] = (char)low((unsigned char)b[0]);
			out->kind = K_EXACT;
			out->n = 0;
			(void)add_str(out, b, n);
		} else {
			set_any(out);
			out->nonascii = 1;
		}
		ps->p += n;
	}
	if (ps->bad)
		return;
	c = *ps->p;
	if (c == '?') {
		lo = 0;
		ps->p++;
	} else if (c == '*') {
		lo = 0;
		hi = 2;
		ps->p++;
	} else if (c == '+') {
		hi = 2;
		ps->p++;
	} else if (c == '{') {
		const unsigned char *q = ps->p + 1;
		char *e;

		if (*q < '0' || *q > '9') {
			ps->bad = 1;
			return;
		}
		lo = strtoul((const char *)q, &e, 10);
		q = (const unsigned char *)e;
		hi = lo;
		if (*q == ',') {
			q++;
			hi = 2;		/* more than one: unbounded enough */
			if (*q >= '0' && *q <= '9') {
				hi = strtoul((const char *)q, &e, 10);
				q = (const unsigned char *)e;
			}
		}
		if (*q != '}') {
			ps->bad = 1;
			return;
		}
		ps->p = q + 1;
	} else {
		return;
	}
	if (*ps->p == '?' || *ps->p == '+')	/* lazy, possessive */
		ps->p++;
	if (lo == 0 && hi == 1 && out->kind == K_EXACT) {
		if (!add_str(out, "", 0))
			set_any(out);
		out->nonascii = 0;
		return;
	}
	if (lo == 0) {
		set_any(out);
		return;
	}
	if (hi != 1 || lo != 1)
		to_req(out);
}

/* A sequence of pieces up to '|', ')' or the end. */
static void
parse_seq(struct parser *ps, struct info *out)
{
	struct info *x = malloc(sizeof *x);

	set_empty(out);
	if (x == NULL) {
		ps->bad = 1;
		return;
	}
	while (!ps->bad && *ps->p != '\0' && *ps->p != '|' && *ps->p != ')') {
		parse_piece(ps, x);
		if (!ps->bad)
			concat(ps, out, x);
	}
	free(x);
}

static void
parse_alt(struct parser *ps, struct info *out)
{
	struct info *x = malloc(sizeof *x);

	if (x == NULL) {
		ps->bad = 1;
		return;
	}
	parse_seq(ps, out);
	while (!ps->bad && *ps->p == '|') {
		ps->p++;
		parse_seq(ps, x);
		if (!ps->bad)
			alternate(ps, out, x);
	}
	free(x);
}

/* 1 when 'h' of 'hn' bytes holds 'nd' of 'nn' bytes. */
static int
holds(const char *h, size_t hn, const char *nd, size_t nn)
{
	size_t i;

	for (i = 0; i + nn <= hn; i++)
		if (memcmp(h + i, nd, nn) == 0)
			return 1;
	return 0;
}

/* Drops each string that holds another: the other is enough. */
static void
minimise(struct info *x)
{
	uint8_t keep[MAXS];
	size_t i, k, n = 0;

	for (i = 0; i < x->n; i++) {
		keep[i] = 1;
		for (k = 0; k < x->n && keep[i]; k++)
			if (k != i && (x->len[k] < x->len[i] ||
			    (x->len[k] == x->len[i] && k < i)) &&
			    holds(x->s[i], x->len[i], x->s[k], x->len[k]))
				keep[i] = 0;
	}
	for (i = 0; i < x->n; i++)
		if (keep[i]) {
			if (n != i) {
				memcpy(x->s[n], x->s[i], MAXL);
				x->len[n] = x->len[i];
			}
			n++;
		}
	x->n = n;
}

int
pcl_screenlit_open(struct pcl_screenlit **out, size_t nentries)
{
	struct pcl_screenlit *l = calloc(1, sizeof *l);
	size_t i;

	*out = NULL;
	if (l == NULL)
		return PCL_E_NOMEM;
	l->nentries = nentries;
	l->nwords = (nentries + 63) / 64;
	if ((l->always = calloc(l->nwords + 1, sizeof *l->always)) == NULL ||
	    (l->always_na = calloc(l->nwords + 1, sizeof *l->always)) ==
	    NULL ||
	    (l->nlits = calloc(nentries + 1, sizeof *l->nlits)) == NULL ||
	    (l->nonascii = calloc(nentries + 1, 1)) == NULL ||
	    (l->na_mask = calloc(l->nwords + 1, sizeof *l->na_mask)) ==
	    NULL) {
		pcl_screenlit_free(l);
		return PCL_E_NOMEM;
	}
	/* until added, every entry runs on every text */
	for (i = 0; i < nentries; i++)
		l->always[i / 64] |= 1ull << (i % 64);
	*out = l;
	return PCL_OK;
}

void
pcl_screenlit_free(struct pcl_screenlit *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->lits[i].s);
	free(l->lits);
	free(l->one);
	free(l->off);
	free(l->off1);
	free(l->always);
	free(l->always_na);
	free(l->nlits);
	free(l->nonascii);
	free(l->na_mask);
	free(l);
}

int
pcl_screenlit_add(struct pcl_screenlit *l, size_t entry, const char *pat)
{
	struct parser ps;
	struct info *x;
	size_t i;
	uint64_t bit = 1ull << (entry % 64);

	if (entry >= l->nentries)
		return PCL_OK;
	if ((x = malloc(sizeof *x)) == NULL)
		return PCL_E_NOMEM;
	if ((ps.t = malloc(sizeof *ps.t)) == NULL) {
		free(x);
		return PCL_E_NOMEM;
	}
	ps.p = (const unsigned char *)pat;
	ps.bad = 0;
	parse_alt(&ps, x);
	free(ps.t);
	if (*ps.p != '\0')	/* an unmatched ')' */
		ps.bad = 1;
	l->always[entry / 64] &= ~bit;
	l->always_na[entry / 64] &= ~bit;
	l->nlits[entry] = 0;
	l->nonascii[entry] = 0;
	l->na_mask[entry / 64] &= ~bit;
	if (ps.bad) {
		l->always[entry / 64] |= bit;
		free(x);
		return PCL_OK;
	}
	to_req(x);
	l->nonascii[entry] = (uint8_t)x->nonascii;
	if (x->nonascii)
		l->na_mask[entry / 64] |= bit;
	if (x->kind != K_REQ) {
		if (x->nonascii)
			l->always_na[entry / 64] |= bit;
		else
			l->always[entry / 64] |= bit;
		free(x);
		return PCL_OK;
	}
	minimise(x);
	if (l->n + x->n > l->cap) {
		size_t cap = (l->n + x->n) * 2;
		struct lit *nl = realloc(l->lits, cap * sizeof *nl);

		if (nl == NULL) {
			free(x);
			return PCL_E_NOMEM;
		}
		l->lits = nl;
		l->cap = cap;
	}
	for (i = 0; i < x->n; i++) {
		struct lit *t = &l->lits[l->n];

		if ((t->s = malloc(x->len[i] + 1u)) == NULL) {
			free(x);
			return PCL_E_NOMEM;
		}
		memcpy(t->s, x->s[i], x->len[i] + 1u);
		t->len = x->len[i];
		t->entry = (uint32_t)entry;
		t->key = t->len >= 2 ? (uint16_t)(((unsigned char)t->s[0] << 8) |
		    (unsigned char)t->s[1]) : (unsigned char)t->s[0];
		l->n++;
	}
	l->nlits[entry] = (uint32_t)x->n;
	free(x);
	return PCL_OK;
}

static int
cmp_lit(const void *a, const void *b)
{
	const struct lit *x = a, *y = b;

	if ((x->len >= 2) != (y->len >= 2))
		return x->len >= 2 ? 1 : -1;
	return x->key < y->key ? -1 : x->key > y->key;
}

int
pcl_screenlit_build(struct pcl_screenlit *l)
{
	size_t i, k;

	if (l->n > 1)
		qsort(l->lits, l->n, sizeof *l->lits, cmp_lit);
	if ((l->off = calloc(65537, sizeof *l->off)) == NULL ||
	    (l->off1 = calloc(257, sizeof *l->off1)) == NULL)
		return PCL_E_NOMEM;
	for (l->none = 0; l->none < l->n && l->lits[l->none].len < 2;
	    l->none++)
		;
	/* off1[c]..off1[c+1]: 1-byte literals c; off: the rest by key */
	for (i = 0, k = 0; k < 256; k++) {
		l->off1[k] = (uint32_t)i;
		while (i < l->none && l->lits[i].key == k)
			i++;
	}
	l->off1[256] = (uint32_t)l->none;
	for (i = l->none, k = 0; k < 65536; k++) {
		l->off[k] = (uint32_t)i;
		while (i < l->n && l->lits[i].key == k)
			i++;
	}
	l->off[65536] = (uint32_t)l->n;
	return PCL_OK;
}

void
pcl_screenlit_scan(const struct pcl_screenlit *l, const char *t, size_t n,
    uint64_t *cand)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t i, w, k, m;
	int ascii = 1;

	for (i = 0; i < n && ascii; i++)
		ascii = u[i] < 0x80;
	if (!ascii && (holds(t, n, "\xe2\x84\xaa", 3) ||
	    holds(t, n, "\xc5\xbf", 2))) {
		/* the Kelvin sign and the long s match k and s */
		for (w = 0; w < l->nwords; w++)
			cand[w] = ~0ull;
		return;
	}
	for (w = 0; w < l->nwords; w++)
		cand[w] |= l->always[w] | (ascii ? 0 : l->always_na[w]);
	if (l->off == NULL)
		return;
	for (i = 0; i < n; i++) {
		unsigned c0 = low(u[i]);

		for (k = l->off1[c0]; k < l->off1[c0 + 1]; k++)
			cand[l->lits[k].entry / 64] |=
			    1ull << (l->lits[k].entry % 64);
		if (i + 1 >= n)
			break;
		w = (c0 << 8) | low(u[i + 1]);
		for (k = l->off[w]; k < l->off[w + 1]; k++) {
			const struct lit *x = &l->lits[k];

			if (x->len > n - i)
				continue;
			for (m = 2; m < x->len && low(u[i + m]) ==
			    (unsigned char)x->s[m]; m++)
				;
			if (m == x->len)
				cand[x->entry / 64] |= 1ull << (x->entry % 64);
		}
	}
	/* a pure ASCII text cannot match what needs more */
	for (w = 0; ascii && w < l->nwords; w++)
		cand[w] &= ~l->na_mask[w];
}

size_t
pcl_screenlit_entry(const struct pcl_screenlit *l, size_t entry,
    int *nonascii)
{
	*nonascii = entry < l->nentries ? l->nonascii[entry] : 0;
	return entry < l->nentries ? l->nlits[entry] : 0;
}
