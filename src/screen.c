/*
 * screen: screening-list loader and matcher (see screen.h). All entries of
 * a scope are compiled into one PCRE2 pattern of alternatives, each ending
 * in a callout naming its entry, followed by (*FAIL): one scan of a text
 * reports every entry that occurs at every position, however many entries.
 * The alternatives are dispatched on the first character, so each
 * position tries only the entries that can start with it.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "date.h"
#include "digest.h"
#include "embed.h"
#include "schema.h"
#include "screen.h"
#include "datafile.h"
#include "banned.h"

#define LIST_PREFIX	"data/lists/"
#define LIST_SKIP	"value-per-kg.csv"	/* bands, not a screening list */
#define MAX_HITS	64
#define NSCOPES		2

static const char *const list_cols[] = {
	"id", "code", "pattern", "scope", "match", "action", "jurisdiction",
	"valid_from", "valid_to", "min_value", "source"
};
enum {
	L_ID, L_CODE, L_PATTERN, L_SCOPE, L_MATCH, L_ACTION, L_JUR, L_FROM,
	L_TO, L_MIN, L_SOURCE, L_NCOLS
};

struct entry {
	char		*pat;		/* owned */
	char		id[48];
	char		jur[8];
	char		min_currency[4];
	pcl_i128	min_micros;
	int32_t		from, to;
	uint16_t	code;
	uint8_t		scope, standalone, action, has_min, substring;
};

struct list_file {
	char	name[256];
	char	sha[65];
};

struct hit {
	uint32_t entry;
	size_t	 start, end;
};

struct pcl_screen {
	struct entry		*e;
	size_t			 n, cap;
	struct list_file	*files;
	size_t			 nfiles;
	pcre2_code		*re[NSCOPES];
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	struct hit		 hits[MAX_HITS];
	size_t			 nhits;
};

/* 1 when the UTF-8 text holds a character of a script without spaces. */
static int
has_cjk(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		uint32_t cp;

		if (*p < 0xe0 || *p >= 0xf0 || p[1] == '\0' || p[2] == '\0')
			continue;
		cp = ((uint32_t)(p[0] & 0x0f) << 12) |
		    ((uint32_t)(p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		/* kana, CJK ideographs (ext. A and unified), compatibility */
		if ((cp >= 0x3040 && cp <= 0x30ff) ||
		    (cp >= 0x3400 && cp <= 0x9fff) ||
		    (cp >= 0xf900 && cp <= 0xfaff))
			return 1;
	}
	return 0;
}

static int
lookup(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* "50.00 EUR" -> micros and currency. */
static int
parse_min(const char *s, struct entry *e)
{
	const char *sp = strchr(s, ' ');
	size_t i;

	if (*s == '\0')
		return 1;
	if (sp == NULL || strlen(sp + 1) != 3 ||
	    pcl_money_parse(s, (size_t)(sp - s), '.', &e->min_micros) != 0 ||
	    e->min_micros <= 0)
		return 0;
	for (i = 0; i < 3; i++)
		if (!isupper((unsigned char)sp[1 + i]))
			return 0;
	memcpy(e->min_currency, sp + 1, 4);
	e->has_min = 1;
	return 1;
}

/* Compiles 'pat' alone to report a bad pattern where it is written. */
static int
check_pattern(const char *pat, char *msg, size_t size)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);

	if (re != NULL) {
		pcre2_code_free(re);
		return 1;
	}
	pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, size);
	return 0;
}

static int
add_entry(struct pcl_screen *s, struct pcl_datafile *d,
    struct pcl_error *err)
{
	static const char *const scopes[] = { "description", "party" };
	static const char *const matches[] = { "embedded", "standalone" };
	static const char *const actions[] = {
		"reject", "flag", "hold", "declare"
	};
	static const enum pcl_lane action_lane[] = {
		PCL_LANE_REJECT, PCL_LANE_RELEASE, PCL_LANE_HOLD,
		PCL_LANE_DECLARE
	};
	char **f = pcl_datafile_fields(d);
	struct entry e;
	char msg[160];
	int v;

	memset(&e, 0, sizeof e);
	if (f[L_ID][0] == '\0' || strlen(f[L_ID]) >= sizeof e.id)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "id", "bad id '%s'", f[L_ID]);
	memcpy(e.id, f[L_ID], strlen(f[L_ID]) + 1);
	if ((v = pcl_reason_from_name(f[L_CODE], strlen(f[L_CODE]))) < 0)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "code", "unknown reason code '%s'",
		    f[L_CODE]);
	e.code = (uint16_t)v;
	if (f[L_PATTERN][0] == '\0')
		return pcl_datafile_error(d, err, PCL_E_PARSE, "pattern", "empty pattern");
	if (!check_pattern(f[L_PATTERN], msg, sizeof msg))
		return pcl_datafile_error(d, err, PCL_E_PARSE, "pattern", "pattern does not "
		    "compile: %s", msg);
	e.substring = (uint8_t)has_cjk(f[L_PATTERN]);
	if ((v = lookup(f[L_SCOPE], scopes, 2)) < 0)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "scope", "unknown scope '%s' "
		    "(description or party)", f[L_SCOPE]);
	e.scope = (uint8_t)v;
	if ((v = lookup(f[L_MATCH], matches, 2)) < 0)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "match", "unknown match '%s' "
		    "(standalone or embedded)", f[L_MATCH]);
	e.standalone = (uint8_t)v;
	if ((v = lookup(f[L_ACTION], actions, 4)) < 0)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "action", "unknown action '%s' "
		    "(reject, flag, hold or declare)", f[L_ACTION]);
	e.action = (uint8_t)v;
	if (pcl_reason_lane(e.code) != action_lane[v])
		return pcl_datafile_error(d, err, PCL_E_PARSE, "code", "the lane of code '%s' "
		    "disagrees with the action", f[L_CODE]);
	if (strcmp(f[L_JUR], "*") != 0 && !(strlen(f[L_JUR]) == 2 &&
	    isupper((unsigned char)f[L_JUR][0]) &&
	    isupper((unsigned char)f[L_JUR][1])))
		return pcl_datafile_error(d, err, PCL_E_PARSE, "jurisdiction", "bad jurisdiction "
		    "'%s' (ISO alpha-2, a union such as EU, or *)", f[L_JUR]);
	memcpy(e.jur, f[L_JUR], strlen(f[L_JUR]) + 1);
	if (!pcl_date_parse_bound(f[L_FROM], PCL_DATE_NONE, &e.from) ||
	    e.from == PCL_DATE_NONE)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "valid_from", "'%s' is not a "
		    "YYYY-MM-DD date", f[L_FROM]);
	if (!pcl_date_parse_bound(f[L_TO], PCL_DATE_MAX, &e.to) ||
	    e.to < e.from)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "valid_to", "'%s' is not a "
		    "YYYY-MM-DD date on or after valid_from, or empty", f[L_TO]);
	if (!parse_min(f[L_MIN], &e))
		return pcl_datafile_error(d, err, PCL_E_PARSE, "min_value", "'%s' is not "
		    "'AMOUNT CUR' (e.g. '50.00 EUR')", f[L_MIN]);
	if (f[L_SOURCE][0] == '\0')
		return pcl_datafile_error(d, err, PCL_E_PARSE, "source", "entry without a "
		    "source");
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct entry *ne = realloc(s->e, cap * sizeof *ne);

		if (ne == NULL)
			return PCL_E_NOMEM;
		s->e = ne;
		s->cap = cap;
	}
	if ((e.pat = malloc(strlen(f[L_PATTERN]) + 1)) == NULL)
		return PCL_E_NOMEM;
	memcpy(e.pat, f[L_PATTERN], strlen(f[L_PATTERN]) + 1);
	s->e[s->n++] = e;
	return PCL_OK;
}

/*
 * Parses list file 'name' of 'len' bytes and appends its entries; with
 * 'data' NULL reads the file 'name'.
 */
static int
load_list(struct pcl_screen *s, const char *name, const char *data,
    size_t len, struct pcl_error *err)
{
	struct pcl_datafile_opts opts = { .comments = 1 };
	struct pcl_datafile *d;
	struct list_file *lf;
	int rc;

	rc = data != NULL ? pcl_datafile_open_buffer(&d, name, data, len,
	    &opts, err) : pcl_datafile_open(&d, name, NULL, &opts, err);
	if (rc != PCL_OK)
		return rc;
	rc = pcl_datafile_header(d, list_cols, L_NCOLS, err);
	while (rc == PCL_OK &&
	    (rc = pcl_datafile_row(d, L_NCOLS, err)) == PCL_OK)
		rc = add_entry(s, d, err);
	if (rc == PCL_END)
		rc = PCL_OK;
	if (rc == PCL_OK) {
		if ((lf = realloc(s->files, (s->nfiles + 1) * sizeof *lf)) ==
		    NULL) {
			rc = PCL_E_NOMEM;
		} else {
			s->files = lf;
			lf += s->nfiles++;
			snprintf(lf->name, sizeof lf->name, "%s", name);
			memcpy(lf->sha, pcl_datafile_sha256(d), sizeof lf->sha);
		}
	}
	pcl_datafile_close(d);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int
load_dir(struct pcl_screen *s, const char *dir, struct pcl_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, i;
	int rc = PCL_OK;

	if (d == NULL)
		return pcl_error_set(err, PCL_E_IO, "cannot open directory "
		    "'%s': %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		char **nn;

		if (!ends_with(de->d_name, ".csv") || de->d_name[0] == '.' ||
		    strcmp(de->d_name, LIST_SKIP) == 0)
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof *nn)) == NULL ||
		    (nn[n] = malloc(strlen(de->d_name) + 1)) == NULL) {
			if (nn != NULL)
				names = nn;
			rc = PCL_E_NOMEM;
			break;
		}
		names = nn;
		memcpy(names[n], de->d_name, strlen(de->d_name) + 1);
		n++;
	}
	closedir(d);
	if (rc == PCL_OK && n > 1)	/* qsort(NULL, 0) is undefined */
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n && rc == PCL_OK; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		rc = load_list(s, path, NULL, 0, err);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int
load_embedded(struct pcl_screen *s, struct pcl_error *err)
{
	size_t i, n = pcl_embed_count();
	int rc;

	/* the embedded table is sorted by path (Makefile $(sort)) */
	for (i = 0; i < n; i++) {
		const char *name;
		const unsigned char *data;
		size_t len;

		pcl_embed_at(i, &name, &data, &len);
		if (strncmp(name, LIST_PREFIX, strlen(LIST_PREFIX)) != 0 ||
		    !ends_with(name, ".csv") ||
		    strcmp(name + strlen(LIST_PREFIX), LIST_SKIP) == 0)
			continue;
		if ((rc = load_list(s, name, (const char *)data, len, err)) !=
		    PCL_OK)
			return rc;
	}
	return PCL_OK;
}

/* Severity order of actions for the alternation (most severe first). */
static int
action_rank(int a)
{
	static const int rank[] = { 2, 3, 0, 1 };	/* reject flag hold declare */

	return rank[a];
}

/* Appends 'str' to the growing buffer '*src' ('*len' used, '*cap'). */
static int
append(char **src, size_t *len, size_t *cap, const char *str)
{
	size_t l = strlen(str);

	if (*len + l + 1 > *cap) {
		size_t nc = (*len + l + 1) * 2;
		char *t = realloc(*src, nc);

		if (t == NULL)
			return -1;
		*src = t;
		*cap = nc;
	}
	memcpy(*src + *len, str, l + 1);
	*len += l;
	return 0;
}

/* Byte sets over the 256 values of a subject's first code unit. */
struct bset {
	uint64_t w[4];
};

static void
bset_add(struct bset *b, unsigned c)
{
	b->w[c >> 6] |= 1ull << (c & 63);
}

static int
bset_has(const struct bset *b, unsigned c)
{
	return (b->w[c >> 6] >> (c & 63)) & 1;
}

/*
 * The code units a match of 'pat' alone can start with, from PCRE2's own
 * start-of-match data (what its unanchored search trusts to skip
 * positions), widened for case: a known first unit brings its other
 * ASCII case and every UTF-8 lead byte (a caseless letter may match a
 * non-ASCII character, as k the Kelvin sign). Returns 0 when there is no
 * such data or the pattern can match an empty string.
 */
static int
first_units(const char *pat, struct bset *b)
{
	int ec, ok = 0;
	PCRE2_SIZE off;
	uint32_t type = 0, unit = 0, minlen = 0;
	const uint8_t *map = NULL;
	unsigned c;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);

	memset(b, 0, sizeof *b);
	if (re == NULL)
		return 0;
	if (pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen) == 0 &&
	    minlen > 0 &&
	    pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type) == 0) {
		if (type == 1 &&
		    pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 &&
		    unit < 256) {
			bset_add(b, unit);
			if (unit < 0x80 && isalpha((int)unit)) {
				bset_add(b, (unsigned)tolower((int)unit));
				bset_add(b, (unsigned)toupper((int)unit));
			}
			for (c = 0xc2; c <= 0xf4; c++)
				bset_add(b, c);
			ok = 1;
		} else if (type == 0 &&
		    pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &map) == 0 &&
		    map != NULL) {
			for (c = 0; c < 256; c++)
				if (map[c / 8] & (1u << (c % 8)))
					bset_add(b, c);
			ok = 1;
		}
	}
	pcre2_code_free(re);
	return ok;
}

/*
 * Appends to the pattern a character class, caseful, of the characters
 * whose UTF-8 encoding starts with a byte of 'b' (lead bytes that cannot
 * start a valid character are left out).
 */
static int
append_class(char **src, size_t *len, size_t *cap, const struct bset *b)
{
	char r[48];
	unsigned c;
	int ok = 0;

	ok |= append(src, len, cap, "(?=(?-i:[");
	for (c = 0; c < 256; c++) {
		uint32_t lo, hi;

		if (!bset_has(b, c) || (c >= 0x80 && c < 0xc2) || c > 0xf4)
			continue;
		if (c < 0x80) {
			snprintf(r, sizeof r, "\\x{%x}", c);
			ok |= append(src, len, cap, r);
			continue;
		}
		if (c < 0xe0) {
			lo = (uint32_t)(c & 0x1f) << 6;
			hi = lo + 0x3f;
		} else if (c < 0xf0) {
			lo = (uint32_t)(c & 0x0f) << 12;
			hi = lo + 0xfff;
			if (c == 0xe0)
				lo = 0x800;
			if (c == 0xed)
				hi = 0xd7ff;	/* no surrogates */
		} else {
			lo = (uint32_t)(c & 0x07) << 18;
			hi = lo + 0x3ffff;
			if (c == 0xf0)
				lo = 0x10000;
			if (c == 0xf4)
				hi = 0x10ffff;
		}
		snprintf(r, sizeof r, "\\x{%x}-\\x{%x}", (unsigned)lo,
		    (unsigned)hi);
		ok |= append(src, len, cap, r);
	}
	ok |= append(src, len, cap, "]))");
	return ok;
}

/* Appends the alternative of entry 'i' (a '|' before it unless first). */
static int
append_alt(char **src, size_t *len, size_t *cap, const struct entry *e,
    size_t i, int sub, int first)
{
	char num[32];
	int ok = 0;

	snprintf(num, sizeof num, "(?C{%zu})", i);
	ok |= append(src, len, cap, first ? "(?:" : "|(?:");
	ok |= append(src, len, cap, e->pat);
	ok |= append(src, len, cap, sub ? ")" : ")(?!\\w)");
	ok |= append(src, len, cap, num);
	return ok;
}

/*
 * Appends the alternatives of entries 'ix[0..n)' (in that order). When
 * every entry's first code units are known, they are dispatched on
 * the first character: one branch per set of entries sharing their
 * first units, behind a caseful look-ahead for those units, so a
 * position tries the few entries that can start there instead of all.
 * The branches' classes are disjoint, so at any position at most one is
 * entered and its entries are tried in the same order as without the
 * dispatch: the callouts, hence the hits, are the same.
 */
static int
append_alts(struct pcl_screen *s, char **src, size_t *len, size_t *cap,
    const size_t *ix, size_t n, int sub)
{
	struct bset *fu = NULL, done, cls;
	size_t k, w = (n + 63) / 64, nb = 0;
	uint64_t *mem = NULL;
	unsigned c, d;
	int ok = 0;

	if ((fu = malloc(n * sizeof *fu)) == NULL ||
	    (mem = calloc(256 * w, sizeof *mem)) == NULL) {
		free(fu);
		return -1;
	}
	for (k = 0; k < n; k++)
		if (!first_units(s->e[ix[k]].pat, &fu[k]))
			break;
	if (k < n) {		/* no dispatch: every entry, in order */
		for (k = 0; k < n; k++)
			ok |= append_alt(src, len, cap, &s->e[ix[k]], ix[k],
			    sub, k == 0);
		free(fu);
		free(mem);
		return ok;
	}
	/* mem[c]: the entries that can start with unit c */
	for (c = 0; c < 256; c++)
		for (k = 0; k < n; k++)
			if (bset_has(&fu[k], c))
				mem[c * w + k / 64] |= 1ull << (k % 64);
	/* one branch per set of units with the same entries */
	memset(&done, 0, sizeof done);
	for (c = 0; c < 256; c++) {
		int any = 0;

		if (bset_has(&done, c))
			continue;
		memset(&cls, 0, sizeof cls);
		for (d = c; d < 256; d++)
			if (!bset_has(&done, d) && memcmp(mem + d * w,
			    mem + c * w, w * sizeof *mem) == 0) {
				bset_add(&cls, d);
				bset_add(&done, d);
			}
		for (k = 0; k < n && !any; k++)
			any = (mem[c * w + k / 64] >> (k % 64)) & 1;
		if (!any)
			continue;
		ok |= append(src, len, cap, nb++ ? "|" : "");
		ok |= append_class(src, len, cap, &cls);
		ok |= append(src, len, cap, "(?:");
		for (k = 0, any = 1; k < n; k++)
			if ((mem[c * w + k / 64] >> (k % 64)) & 1) {
				ok |= append_alt(src, len, cap, &s->e[ix[k]],
				    ix[k], sub, any);
				any = 0;
			}
		ok |= append(src, len, cap, ")");
	}
	if (nb == 0)	/* no unit can start any entry */
		ok |= append(src, len, cap, "(*FAIL)");
	free(fu);
	free(mem);
	return ok;
}

/*
 * Builds, for 'scope', most severe actions first:
 *   (?:(?<!\w)(?:(?:p1)(?!\w)(?C{1})|...)|(?:c1)(?C{7})|...)(*FAIL)
 * Word entries share one look-behind, so positions inside a word are
 * left after one test; substring (CJK) entries go without guards. Each
 * list of alternatives is dispatched on the first character when it can
 * be (append_alts).
 */
static int
compile_scope(struct pcl_screen *s, int scope, struct pcl_error *err)
{
	size_t i, len = 0, cap = 0, n;
	size_t *ix = malloc((s->n ? s->n : 1) * sizeof *ix);
	char *src = NULL;
	int ec, r, sub, nalt = 0, ok = 0;
	PCRE2_SIZE off;

	if (ix == NULL)
		return PCL_E_NOMEM;
	ok |= append(&src, &len, &cap, "(?:");
	for (sub = 0; sub < 2; sub++) {
		n = 0;
		for (r = 0; r < 4; r++)
			for (i = 0; i < s->n; i++) {
				const struct entry *e = &s->e[i];

				if (e->scope == scope && e->substring == sub &&
				    action_rank(e->action) == r)
					ix[n++] = i;
			}
		if (n == 0)
			continue;
		ok |= append(&src, &len, &cap, nalt ? "|" : "");
		ok |= append(&src, &len, &cap, sub ? "(?:" : "(?<!\\w)(?:");
		ok |= append_alts(s, &src, &len, &cap, ix, n, sub);
		ok |= append(&src, &len, &cap, ")");
		nalt += (int)n;
	}
	free(ix);
	ok |= append(&src, &len, &cap, ")(*FAIL)");
	if (ok != 0) {
		free(src);
		return PCL_E_NOMEM;
	}
	if (nalt == 0) {	/* no entry in this scope */
		free(src);
		return PCL_OK;
	}
	s->re[scope] = pcre2_compile((PCRE2_SPTR)src, len,
	    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
	free(src);
	if (s->re[scope] == NULL) {
		char msg[160];

		pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, sizeof msg);
		return pcl_error_set(err, PCL_E_PARSE, "screening patterns do "
		    "not compile together: %s", msg);
	}
	/* JIT is an optimisation: without it the interpreter matches */
	(void)pcre2_jit_compile(s->re[scope], PCRE2_JIT_COMPLETE);
	return PCL_OK;
}

static int
on_callout(pcre2_callout_block *cb, void *data)
{
	struct pcl_screen *s = data;
	unsigned long i;
	char *end;
	size_t k;

	if (cb->callout_string == NULL)
		return 0;
	i = strtoul((const char *)cb->callout_string, &end, 10);
	for (k = 0; k < s->nhits; k++)
		if (s->hits[k].entry == i &&
		    s->hits[k].start == cb->start_match)
			break;
	if (k == s->nhits && s->nhits < MAX_HITS) {
		s->hits[s->nhits].entry = (uint32_t)i;
		s->hits[s->nhits].start = cb->start_match;
		s->hits[s->nhits].end = cb->current_position;
		s->nhits++;
	} else if (k < s->nhits && cb->current_position > s->hits[k].end) {
		s->hits[k].end = cb->current_position;
	}
	return 0;
}

int
pcl_screen_open(struct pcl_screen **out, const char *dir,
    struct pcl_error *err)
{
	struct pcl_screen *s = calloc(1, sizeof *s);
	int rc, sc;

	*out = NULL;
	if (s == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	rc = dir == NULL ? load_embedded(s, err) : load_dir(s, dir, err);
	for (sc = 0; sc < NSCOPES && rc == PCL_OK; sc++)
		rc = compile_scope(s, sc, err);
	if (rc == PCL_OK &&
	    ((s->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (s->mctx = pcre2_match_context_create(NULL)) == NULL))
		rc = PCL_E_NOMEM;
	if (rc == PCL_OK)
		pcre2_set_callout(s->mctx, on_callout, s);
	if (rc != PCL_OK) {
		if (rc == PCL_E_NOMEM)
			pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		pcl_screen_free(s);
		return rc;
	}
	*out = s;
	return PCL_OK;
}

void
pcl_screen_free(struct pcl_screen *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < NSCOPES; i++)
		pcre2_code_free(s->re[i]);
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	for (i = 0; i < s->n; i++)
		free(s->e[i].pat);
	free(s->e);
	free(s->files);
	free(s);
}

size_t
pcl_screen_count(const struct pcl_screen *s)
{
	return s != NULL ? s->n : 0;
}

size_t
pcl_screen_nfiles(const struct pcl_screen *s)
{
	return s != NULL ? s->nfiles : 0;
}

const char *
pcl_screen_file_name(const struct pcl_screen *s, size_t i)
{
	return i < s->nfiles ? s->files[i].name : "";
}

const char *
pcl_screen_file_sha256(const struct pcl_screen *s, size_t i)
{
	return i < s->nfiles ? s->files[i].sha : "";
}

const char *
pcl_screen_scope_name(enum pcl_screen_scope sc)
{
	return sc == PCL_SCOPE_PARTY ? "party" : "description";
}

const char *
pcl_screen_action_name(enum pcl_screen_action a)
{
	static const char *const n[] = { "reject", "flag", "hold", "declare" };

	return (unsigned)a < 4 ? n[a] : "?";
}

static int
applies(const struct entry *e, const struct pcl_screen_query *q)
{
	if (q->date != PCL_DATE_NONE && (q->date < e->from || q->date > e->to))
		return 0;
	if (strcmp(e->jur, "*") == 0)
		return 1;
	return (q->dest != NULL && strcmp(e->jur, q->dest) == 0) ||
	    (q->union_name != NULL && strcmp(e->jur, q->union_name) == 0);
}

/* 1 when the bytes are only ASCII spaces and punctuation. */
static int
blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80 ||
		    !(isspace((unsigned char)p[i]) || ispunct((unsigned char)p[i])))
			return 0;
	return 1;
}

/* 1 when the value per unit is below the entry's minimum plausible value. */
static int
below_min(const struct entry *e, const struct pcl_screen_query *q)
{
	pcl_i128 v = q->value_micros, minor, qty;

	if (q->currency == NULL || q->currency[0] == '\0')
		return 0;
	if (strcmp(q->currency, e->min_currency) != 0) {
		if (q->fx == NULL || pcl_fx_convert(q->fx, PCL_FX_ECB_DAILY,
		    q->date, q->currency, e->min_currency, 4, v, &minor,
		    NULL) != PCL_FX_OK)
			return 0;
		v = pcl_money_from_minor(minor, 4);
	}
	qty = q->quantity_micros > 0 ? q->quantity_micros : 1000000;
	/* v / qty < min  <=>  v * 10^6 < min * qty (all in micros) */
	return v * 1000000 < e->min_micros * qty;
}

int
pcl_screen_check(struct pcl_screen *s, const struct pcl_screen_query *q,
    struct pcl_reasons *reasons)
{
	int t;

	if (s == NULL)
		return 0;
	for (t = 0; t < 3; t++) {
		int scope = t == 0 ? PCL_SCOPE_DESCRIPTION : PCL_SCOPE_PARTY;
		size_t k;
		int rc;

		if (s->re[scope] == NULL || q->text[t] == NULL || q->len[t] == 0)
			continue;
		s->nhits = 0;
		rc = pcre2_match(s->re[scope], (PCRE2_SPTR)q->text[t], q->len[t],
		    0, PCRE2_NO_UTF_CHECK, s->md, s->mctx);
		(void)rc;	/* always "no match": hits come from callouts */
		for (k = 0; k < s->nhits; k++) {
			const struct hit *h = &s->hits[k];
			const struct entry *e = &s->e[h->entry];
			int code = e->code;

			if (!applies(e, q))
				continue;
			if (e->standalone && !(blank(q->text[t], h->start) &&
			    blank(q->text[t] + h->end, q->len[t] - h->end)))
				code = PCL_R_VAGUE_TERM;
			else if (e->has_min && !below_min(e, q))
				continue;
			if (pcl_reasons_add(reasons, code, q->column[t]) != 0)
				return -1;
		}
	}
	return 0;
}
