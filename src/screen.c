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
#include "screennorm.h"
#include "datafile.h"
#include "banned.h"

#define LIST_PREFIX	"data/lists/"
#define LIST_SKIP	"value-per-kg.csv"	/* bands, not a screening list */
#define NSCOPES		2
#define NO_ENTRY	UINT32_MAX	/* a scope's combined pattern */

/*
 * The matcher's limits, the same in every build and at every thread
 * count (the JIT is required, so no build matches with the
 * interpreter's different accounting): PCRE2's default match limit, and
 * a JIT stack of 32 KiB growing to 1 MiB.
 */
#define MATCH_LIMIT	10000000u
#define JIT_STACK_MIN	(32u * 1024)
#define JIT_STACK_MAX	(1024u * 1024)
#define PROBE_LEN	1000

static const char *const list_cols[] = {
	"id", "code", "pattern", "scope", "match", "action", "jurisdiction",
	"valid_from", "valid_to", "min_value", "source",
	"category", "lang", "boundary", "exclude", "hs", "hs_edition"
};
enum {
	L_ID, L_CODE, L_PATTERN, L_SCOPE, L_MATCH, L_ACTION, L_JUR, L_FROM,
	L_TO, L_MIN, L_SOURCE, L_NCOLS_OLD,
	L_CATEGORY = L_NCOLS_OLD, L_LANG, L_BOUNDARY, L_EXCLUDE, L_HS,
	L_HS_EDITION, L_NCOLS
};

/* HS editions (WCO) and the day each entered into force. */
static const struct {
	const char *name;
	const char *from;
} hs_editions[] = {
	{ "HS2002", "2002-01-01" }, { "HS2007", "2007-01-01" },
	{ "HS2012", "2012-01-01" }, { "HS2017", "2017-01-01" },
	{ "HS2022", "2022-01-01" }
};

struct entry {
	char		*pat;		/* normalised, owned; NULL: HS only */
	pcre2_code	*single;	/* the entry alone: probes, fallback */
	pcre2_code	*excl;		/* exclusions, or NULL */
	char		id[48];
	char		category[32];
	char		jur[8];
	char		min_currency[4];
	char		hs[11];
	pcl_i128	min_micros;
	int32_t		from, to;
	uint32_t	file;
	uint16_t	code;
	uint8_t		scope, standalone, action, has_min, substring, hslen;
};

struct list_file {
	char	name[256];
	char	sha[65];
};

struct hit {
	uint32_t entry;
	size_t	 start, end;
};

/* What one check fired: a hit, an allowed hit or a matcher error. */
enum { FIRE_HIT, FIRE_ALLOWED, FIRE_ERROR };
struct fired {
	uint32_t entry;		/* NO_ENTRY: a scope's combined pattern */
	int	 err;		/* PCRE2 error of FIRE_ERROR */
	uint8_t	 text;		/* index into the query's texts; 3: HS code */
	uint8_t	 kind;
	size_t	 start, end;	/* span of the original text */
};

struct allow {
	char	id[48];
	char	*desc;		/* exact description, or NULL */
	char	hs[16];		/* exact HS code, or "" */
};

struct pcl_screen {
	struct entry		*e;
	size_t			 n, cap;
	struct list_file	*files;
	size_t			 nfiles;
	struct allow		*allow;
	size_t			 nallow;
	char			 allow_name[256], allow_sha[65];
	pcre2_code		**re[NSCOPES];	/* per scope, 'nre' patterns */
	size_t			 nre[NSCOPES];
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;
	struct pcl_screennorm	*norm;
	struct hit		*hits;		/* grown as a text needs */
	size_t			 nhits, hits_cap;
	int			 hits_lost;	/* out of memory: fail closed */
	/*
	 * Exclusions of one entry on one text: xend[p] is the furthest end
	 * of an exclusion match starting at or before byte p.
	 */
	size_t			*xend;
	size_t			 xend_cap;
	struct fired		*fired;		/* room for every entry */
	size_t			 nfired, fired_cap;
	int			 old_layout;	/* of the file being read */
};

/*
 * 1 when the UTF-8 text holds a character of a script written without
 * spaces between words, or Korean (whose particles attach to the noun).
 */
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
		/* kana, CJK ideographs (ext. A and unified), Hangul,
		 * compatibility ideographs */
		if ((cp >= 0x3040 && cp <= 0x30ff) ||
		    (cp >= 0x3400 && cp <= 0x9fff) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) ||
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

/* 1 when 's' is 1 to max-1 bytes of [a-z0-9_-] (and '.', 'A-Z' if 'up'). */
static int
is_name(const char *s, size_t max, int up)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= max)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(islower(c) || isdigit(c) || c == '-' || c == '_' ||
		    (up && (isupper(c) || c == '.'))))
			return 0;
	}
	return 1;
}

/*
 * Compiles 'src' (already normalised) with the screening options, 'extra'
 * and the JIT. NULL with 'msg' filled when it does not compile or the JIT
 * cannot compile it.
 */
static pcre2_code *
compile(const char *src, size_t len, uint32_t extra, char *msg, size_t size)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, len,
	    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP | extra, &ec, &off, NULL);

	if (re == NULL) {
		pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, size);
		return NULL;
	}
	if ((ec = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE)) != 0) {
		snprintf(msg, size, "the PCRE2 JIT cannot compile it (PCRE2 "
		    "error %d); screening needs the JIT, so every build "
		    "matches alike", ec);
		pcre2_code_free(re);
		return NULL;
	}
	return re;
}

/*
 * The entry alone, with the guards and callout it has in its scope's
 * combined pattern: "(?<!\w)(?:P)(?!\w)(?C{i})(*FAIL)" for a word entry.
 */
static pcre2_code *
compile_single(const struct entry *e, size_t i, const char *callout,
    char *msg, size_t size)
{
	size_t n = strlen(e->pat) + 64;
	char *src = malloc(n);
	pcre2_code *re;

	if (src == NULL) {
		snprintf(msg, size, "out of memory");
		return NULL;
	}
	if (callout == NULL)
		snprintf(src, n, "%s(?:%s)%s(?C{%zu})(*FAIL)",
		    e->substring ? "" : "(?<!\\w)", e->pat,
		    e->substring ? "" : "(?!\\w)", i);
	else
		snprintf(src, n, "(?:%s)(?C{%s})(*FAIL)", e->pat, callout);
	/*
	 * Without the start-of-match optimisations: a probe must do the
	 * work the combined pattern does, where a literal this entry needs
	 * (absent from the probe) does not cut the scan short.
	 */
	re = compile(src, strlen(src), PCRE2_NO_START_OPTIMIZE, msg, size);
	free(src);
	return re;
}

/*
 * The adversarial probes every pattern must get through under the
 * matcher's limits: long runs of one character, alternations of two,
 * and runs ending in a listed word, in Latin and CJK script.
 */
static const char *const probe_units[] = {
	"a", "e", "i", "o", "s", "t", "x", "z", "0", "1", " ", "-", ".", "/",
	"ab", "a ", "a-", "1 ", "烟", "电子", "가", "д", "é"
};
static const char *const probe_tails[] = { "", "!", " cocaine" };

/* Runs 're' over the probes; a PCRE2 error names its probe in 'msg'. */
static int
probe(struct pcl_screen *s, pcre2_code *re, char *msg, size_t size)
{
	size_t u, t, k, ul, tl, len;
	char *buf;
	int rc = 0;

	if ((buf = malloc(PROBE_LEN * 8 + 16)) == NULL) {
		snprintf(msg, size, "out of memory");
		return -1;
	}
	for (u = 0; u < sizeof probe_units / sizeof *probe_units && rc == 0;
	    u++) {
		ul = strlen(probe_units[u]);
		for (len = 0, k = 0; k < PROBE_LEN / ul; k++, len += ul)
			memcpy(buf + len, probe_units[u], ul);
		for (t = 0; t < sizeof probe_tails / sizeof *probe_tails &&
		    rc == 0; t++) {
			int r;

			tl = strlen(probe_tails[t]);
			memcpy(buf + len, probe_tails[t], tl);
			s->nhits = 0;
			r = pcre2_match(re, (PCRE2_SPTR)buf, len + tl, 0,
			    PCRE2_NO_UTF_CHECK, s->md, s->mctx);
			if (r < PCRE2_ERROR_NOMATCH) {
				char m[120];

				pcre2_get_error_message(r, (PCRE2_UCHAR *)m,
				    sizeof m);
				snprintf(msg, size, "%s on the probe "
				    "'%s' x %zu + '%s'", m, probe_units[u], PROBE_LEN / ul,
				    probe_tails[t]);
				rc = -1;
			}
		}
	}
	s->nhits = 0;
	free(buf);
	return rc;
}

/* The layout of a list file's header: 0 old, 1 new, -1 neither. */
static int
header_layout(struct pcl_datafile *d)
{
	size_t n = pcl_datafile_nfields(d), i;

	if (n != L_NCOLS_OLD && n != L_NCOLS)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(pcl_datafile_field(d, i), list_cols[i]) != 0)
			return -1;
	return n == L_NCOLS;
}

static int
entry_error(struct pcl_datafile *d, struct pcl_error *err, const char *col,
    const char *id, const char *what, const char *msg)
{
	return pcl_datafile_error(d, err, PCL_E_PARSE, col, "entry '%s': %s%s",
	    id, what, msg);
}

/* Normalises and compiles the pattern of 'e' and probes it. */
static int
entry_pattern(struct pcl_screen *s, struct pcl_datafile *d, struct entry *e,
    const char *pat, struct pcl_error *err)
{
	char msg[200];
	int rc;

	rc = pcl_screennorm_pattern(s->norm, pat, &e->pat, msg, sizeof msg);
	if (rc == PCL_E_NOMEM)
		return PCL_E_NOMEM;
	if (rc != PCL_OK)
		return entry_error(d, err, "pattern", e->id, "", msg);
	if ((e->single = compile_single(e, s->n, NULL, msg, sizeof msg)) ==
	    NULL)
		return entry_error(d, err, "pattern", e->id, "pattern does not "
		    "compile: ", msg);
	return PCL_OK;
}

/* Normalises and compiles the exclusions of 'e' and probes them. */
static int
entry_exclude(struct pcl_screen *s, struct pcl_datafile *d, struct entry *e,
    const char *x, struct pcl_error *err)
{
	struct entry t = *e;
	char msg[200];
	int rc;

	rc = pcl_screennorm_pattern(s->norm, x, &t.pat, msg, sizeof msg);
	if (rc == PCL_E_NOMEM)
		return PCL_E_NOMEM;
	if (rc != PCL_OK)
		return entry_error(d, err, "exclude", e->id, "", msg);
	e->excl = compile_single(&t, 0, "x", msg, sizeof msg);
	free(t.pat);
	if (e->excl == NULL)
		return entry_error(d, err, "exclude", e->id, "exclusions do "
		    "not compile: ", msg);
	/* a plain word list cannot backtrack: only patterns with operators */
	if (strpbrk(x, "()[]{}*+?\\.^$") != NULL &&
	    probe(s, e->excl, msg, sizeof msg) != 0)
		return entry_error(d, err, "exclude", e->id, "exclusions hit "
		    "the matcher's limits: ", msg);
	return PCL_OK;
}

/* The HS code prefix and edition of a new-layout entry. */
static int
entry_hs(struct pcl_datafile *d, struct entry *e, char **f,
    struct pcl_error *err)
{
	size_t i, n = strlen(f[L_HS]);
	int32_t from;

	if (n == 0) {
		if (f[L_HS_EDITION][0] != '\0')
			return entry_error(d, err, "hs_edition", e->id, "an HS "
			    "edition without an HS code", "");
		return PCL_OK;
	}
	if (n < 2 || n > 10)
		return entry_error(d, err, "hs", e->id, "HS code prefix of 2 "
		    "to 10 digits expected", "");
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)f[L_HS][i]))
			return entry_error(d, err, "hs", e->id, "HS code "
			    "prefix of digits only expected (8543.40 is 854340)",
			    "");
	for (i = 0; i < sizeof hs_editions / sizeof *hs_editions; i++)
		if (strcmp(f[L_HS_EDITION], hs_editions[i].name) == 0)
			break;
	if (i == sizeof hs_editions / sizeof *hs_editions)
		return entry_error(d, err, "hs_edition", e->id, "unknown HS "
		    "edition (HS2002, HS2007, HS2012, HS2017 or HS2022)", "");
	if (!pcl_date_parse_bound(hs_editions[i].from, PCL_DATE_NONE, &from) ||
	    e->from < from)
		return entry_error(d, err, "valid_from", e->id, "valid_from is "
		    "before its HS edition entered into force", "");
	if (e->scope != PCL_SCOPE_DESCRIPTION || e->standalone)
		return entry_error(d, err, "hs", e->id, "an HS entry has scope "
		    "description and match embedded", "");
	memcpy(e->hs, f[L_HS], n + 1);
	e->hslen = (uint8_t)n;
	return PCL_OK;
}

static void
entry_release(struct entry *e)
{
	free(e->pat);
	pcre2_code_free(e->single);
	pcre2_code_free(e->excl);
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
	static const char *const boundaries[] = { "word", "substring" };
	static const enum pcl_lane action_lane[] = {
		PCL_LANE_REJECT, PCL_LANE_RELEASE, PCL_LANE_HOLD,
		PCL_LANE_DECLARE
	};
	char **f = pcl_datafile_fields(d);
	struct entry e;
	size_t i;
	int v, rc;

	memset(&e, 0, sizeof e);
	if (f[L_ID][0] == '\0' || strlen(f[L_ID]) >= sizeof e.id)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "id", "bad id '%s'", f[L_ID]);
	for (i = 0; f[L_ID][i] != '\0'; i++)
		if (!(isalnum((unsigned char)f[L_ID][i]) ||
		    strchr("-_.", f[L_ID][i]) != NULL))
			return pcl_datafile_error(d, err, PCL_E_PARSE, "id",
			    "bad id '%s' (letters, digits, '-', '_', '.')",
			    f[L_ID]);
	memcpy(e.id, f[L_ID], strlen(f[L_ID]) + 1);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].id, e.id) == 0)
			return pcl_datafile_error(d, err, PCL_E_PARSE, "id",
			    "entry id '%s' is used twice", e.id);
	if ((v = pcl_reason_from_name(f[L_CODE], strlen(f[L_CODE]))) < 0)
		return pcl_datafile_error(d, err, PCL_E_PARSE, "code", "unknown reason code '%s'",
		    f[L_CODE]);
	e.code = (uint16_t)v;
	if (f[L_PATTERN][0] == '\0' && (s->old_layout || f[L_HS][0] == '\0'))
		return pcl_datafile_error(d, err, PCL_E_PARSE, "pattern", "empty pattern");
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
	e.substring = (uint8_t)has_cjk(f[L_PATTERN]);
	e.file = (uint32_t)s->nfiles;
	if (s->old_layout) {
		/* the category of an old-layout entry: its code's name */
		const char *c = pcl_reason_name(e.code);

		for (i = 0; c[i] != '\0' && i + 1 < sizeof e.category; i++)
			e.category[i] = (char)tolower((unsigned char)c[i]);
	} else {
		if (!is_name(f[L_CATEGORY], sizeof e.category, 0))
			return pcl_datafile_error(d, err, PCL_E_PARSE,
			    "category", "bad category '%s' (1 to 31 of "
			    "a-z, 0-9, '-', '_')", f[L_CATEGORY]);
		memcpy(e.category, f[L_CATEGORY], strlen(f[L_CATEGORY]) + 1);
		if (f[L_PATTERN][0] != '\0' && !is_name(f[L_LANG], 16, 1))
			return pcl_datafile_error(d, err, PCL_E_PARSE, "lang",
			    "a pattern needs its language (BCP 47: en, "
			    "zh-Hans, ja)");
		if (f[L_BOUNDARY][0] != '\0') {
			if ((v = lookup(f[L_BOUNDARY], boundaries, 2)) < 0)
				return pcl_datafile_error(d, err, PCL_E_PARSE,
				    "boundary", "unknown boundary '%s' (word "
				    "or substring)", f[L_BOUNDARY]);
			e.substring = (uint8_t)v;
		}
		if ((rc = entry_hs(d, &e, f, err)) != PCL_OK)
			return rc;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct entry *ne = realloc(s->e, cap * sizeof *ne);

		if (ne == NULL)
			return PCL_E_NOMEM;
		s->e = ne;
		s->cap = cap;
	}
	if (f[L_PATTERN][0] != '\0' &&
	    (rc = entry_pattern(s, d, &e, f[L_PATTERN], err)) != PCL_OK) {
		entry_release(&e);
		return rc;
	}
	if (!s->old_layout && f[L_EXCLUDE][0] != '\0') {
		if (e.pat == NULL) {
			entry_release(&e);
			return entry_error(d, err, "exclude", e.id,
			    "exclusions without a pattern", "");
		}
		if ((rc = entry_exclude(s, d, &e, f[L_EXCLUDE], err)) !=
		    PCL_OK) {
			entry_release(&e);
			return rc;
		}
	}
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
	int rc, layout = 0;

	rc = data != NULL ? pcl_datafile_open_buffer(&d, name, data, len,
	    &opts, err) : pcl_datafile_open(&d, name, NULL, &opts, err);
	if (rc != PCL_OK)
		return rc;
	rc = pcl_datafile_next(d, err);
	if (rc == PCL_END)
		rc = pcl_datafile_error(d, err, PCL_E_PARSE, NULL, "no header");
	else if (rc == PCL_OK && (layout = header_layout(d)) < 0)
		rc = pcl_datafile_error(d, err, PCL_E_PARSE, NULL, "header is "
		    "neither the 11 columns id,...,source nor the 17 columns "
		    "id,...,source,category,lang,boundary,exclude,hs,hs_edition"
		    " (data/lists/README.md)");
	s->old_layout = layout == 0;
	while (rc == PCL_OK && (rc = pcl_datafile_row(d,
	    layout ? L_NCOLS : L_NCOLS_OLD, err)) == PCL_OK)
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
 * ASCII case. A caseless ASCII letter also matches a few non-ASCII
 * characters (k the Kelvin sign, s the long s), but the screening form
 * of a text holds none of them (their compatibility decomposition is the
 * ASCII letter), so no UTF-8 lead byte is added for them. Returns 0 when
 * there is no such data or the pattern can match an empty string.
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
 * Compiles the entries 'ix[0..n)' of one kind (word or substring) as one
 * pattern, appended to the scope's list:
 *   (?<!\w)(?:(?:p1)(?!\w)(?C{1})|...)(*FAIL)      word entries
 *   (?:(?:c1)(?C{7})|...)(*FAIL)                    substring entries
 * Word entries share one look-behind, so positions inside a word are
 * left after one test. The alternatives are dispatched on the first
 * character when they can be (append_alts). A set too large for one
 * compiled pattern (PCRE2's size limit) is split in halves.
 */
static int
compile_group(struct pcl_screen *s, int scope, const size_t *ix, size_t n,
    int sub, struct pcl_error *err)
{
	size_t len = 0, cap = 0;
	char *src = NULL, msg[200];
	pcre2_code *re;
	pcre2_code **nr;
	int ok = 0;

	ok |= append(&src, &len, &cap, sub ? "(?:" : "(?<!\\w)(?:");
	ok |= append_alts(s, &src, &len, &cap, ix, n, sub);
	ok |= append(&src, &len, &cap, ")(*FAIL)");
	if (ok != 0) {
		free(src);
		return PCL_E_NOMEM;
	}
	re = compile(src, len, 0, msg, sizeof msg);
	free(src);
	if (re == NULL && n > 1) {
		int rc = compile_group(s, scope, ix, n / 2, sub, err);

		return rc != PCL_OK ? rc :
		    compile_group(s, scope, ix + n / 2, n - n / 2, sub, err);
	}
	if (re == NULL)
		return pcl_error_set(err, PCL_E_PARSE, "screening entry '%s' "
		    "does not compile in its scope: %s", s->e[ix[0]].id, msg);
	if (probe(s, re, msg, sizeof msg) != 0) {
		size_t k;

		pcre2_code_free(re);
		/* name the entry: each alone, as the run would match it */
		for (k = 0; k < n; k++)
			if (probe(s, s->e[ix[k]].single, msg, sizeof msg) != 0)
				return pcl_error_set(err, PCL_E_PARSE,
				    "screening entry '%s' (%s): pattern hits "
				    "the matcher's limits: %s",
				    s->e[ix[k]].id,
				    s->files[s->e[ix[k]].file].name, msg);
		return pcl_error_set(err, PCL_E_PARSE, "screening entries '%s' "
		    "to '%s' together hit the matcher's limits: %s",
		    s->e[ix[0]].id, s->e[ix[n - 1]].id, msg);
	}
	if ((nr = realloc(s->re[scope], (s->nre[scope] + 1) * sizeof *nr)) ==
	    NULL) {
		pcre2_code_free(re);
		return PCL_E_NOMEM;
	}
	s->re[scope] = nr;
	s->re[scope][s->nre[scope]++] = re;
	return PCL_OK;
}

/*
 * Compiles the entries of 'scope' with a pattern, most severe actions
 * first, word entries then substring entries: one or more patterns
 * (compile_group) that together report every entry at every position.
 */
static int
compile_scope(struct pcl_screen *s, int scope, struct pcl_error *err)
{
	size_t i, n;
	size_t *ix = malloc((s->n ? s->n : 1) * sizeof *ix);
	int r, sub, rc = PCL_OK;

	if (ix == NULL)
		return PCL_E_NOMEM;
	for (sub = 0; sub < 2 && rc == PCL_OK; sub++) {
		n = 0;
		for (r = 0; r < 4; r++)
			for (i = 0; i < s->n; i++) {
				const struct entry *e = &s->e[i];

				if (e->scope == scope && e->substring == sub &&
				    e->pat != NULL &&
				    action_rank(e->action) == r)
					ix[n++] = i;
			}
		if (n > 0)
			rc = compile_group(s, scope, ix, n, sub, err);
	}
	free(ix);
	return rc;
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
	if (cb->callout_string[0] == 'x') {	/* an exclusion */
		if (cb->current_position > s->xend[cb->start_match])
			s->xend[cb->start_match] = cb->current_position;
		return 0;
	}
	i = strtoul((const char *)cb->callout_string, &end, 10);
	/* the scan moves forward: an entry seen at this start is among the
	 * last hits, those with the same start */
	for (k = s->nhits; k > 0 && s->hits[k - 1].start == cb->start_match;
	    k--)
		if (s->hits[k - 1].entry == i) {
			if (cb->current_position > s->hits[k - 1].end)
				s->hits[k - 1].end = cb->current_position;
			return 0;
		}
	if (s->nhits == s->hits_cap) {
		size_t cap = s->hits_cap ? s->hits_cap * 2 : 64;
		struct hit *nh = realloc(s->hits, cap * sizeof *nh);

		if (nh == NULL) {
			s->hits_lost = 1;
			return 0;
		}
		s->hits = nh;
		s->hits_cap = cap;
	}
	s->hits[s->nhits].entry = (uint32_t)i;
	s->hits[s->nhits].start = cb->start_match;
	s->hits[s->nhits].end = cb->current_position;
	s->nhits++;
	return 0;
}

int
pcl_screen_open(struct pcl_screen **out, const char *dir,
    struct pcl_error *err)
{
	struct pcl_screen *s = calloc(1, sizeof *s);
	int rc = PCL_OK, sc;

	*out = NULL;
	if (s == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	if ((s->md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (s->mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (s->jstack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX,
	    NULL)) == NULL)
		rc = PCL_E_NOMEM;
	if (rc == PCL_OK) {
		pcre2_set_callout(s->mctx, on_callout, s);
		pcre2_set_match_limit(s->mctx, MATCH_LIMIT);
		pcre2_jit_stack_assign(s->mctx, NULL, s->jstack);
		rc = pcl_screennorm_open(&s->norm, err);
	}
	if (rc == PCL_OK)
		rc = dir == NULL ? load_embedded(s, err) :
		    load_dir(s, dir, err);
	for (sc = 0; sc < NSCOPES && rc == PCL_OK; sc++)
		rc = compile_scope(s, sc, err);
	/* each entry fires at most once per text and kind (hit or allowed,
	 * and error), plus on the HS code and the combined patterns' errors */
	s->fired_cap = 7 * s->n + 4;
	if (rc == PCL_OK &&
	    (s->fired = calloc(s->fired_cap, sizeof *s->fired)) == NULL)
		rc = PCL_E_NOMEM;
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
	for (i = 0; i < NSCOPES; i++) {
		size_t k;

		for (k = 0; k < s->nre[i]; k++)
			pcre2_code_free(s->re[i][k]);
		free(s->re[i]);
	}
	pcre2_match_data_free(s->md);
	pcre2_match_context_free(s->mctx);
	pcre2_jit_stack_free(s->jstack);
	pcl_screennorm_free(s->norm);
	for (i = 0; i < s->n; i++)
		entry_release(&s->e[i]);
	for (i = 0; i < s->nallow; i++)
		free(s->allow[i].desc);
	free(s->allow);
	free(s->hits);
	free(s->fired);
	free(s->xend);
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

static const char *const allow_cols[] = {
	"id", "description", "hs_code", "source"
};

int
pcl_screen_allow(struct pcl_screen *s, const char *path,
    struct pcl_error *err)
{
	struct pcl_datafile_opts opts = { .comments = 1 };
	struct pcl_datafile *d;
	int rc;

	if ((rc = pcl_datafile_open(&d, path, NULL, &opts, err)) != PCL_OK)
		return rc;
	rc = pcl_datafile_header(d, allow_cols, 4, err);
	while (rc == PCL_OK && (rc = pcl_datafile_row(d, 4, err)) == PCL_OK) {
		char **f = pcl_datafile_fields(d);
		struct allow a, *na;
		size_t i;

		memset(&a, 0, sizeof a);
		for (i = 0; i < s->n; i++)
			if (strcmp(s->e[i].id, f[0]) == 0)
				break;
		if (i == s->n) {
			rc = pcl_datafile_error(d, err, PCL_E_PARSE, "id",
			    "no list entry has the id '%s'", f[0]);
			break;
		}
		if ((f[1][0] == '\0') == (f[2][0] == '\0') ||
		    strlen(f[2]) >= sizeof a.hs) {
			rc = pcl_datafile_error(d, err, PCL_E_PARSE,
			    "description", "give either the exact description "
			    "or the HS code (up to 15 bytes), not both");
			break;
		}
		if (f[3][0] == '\0') {
			rc = pcl_datafile_error(d, err, PCL_E_PARSE, "source",
			    "say who reviewed the false positive and where");
			break;
		}
		if (pcl_datafile_len(d, 1) != strlen(f[1])) {
			rc = pcl_datafile_error(d, err, PCL_E_PARSE,
			    "description", "NUL byte in the description");
			break;
		}
		memcpy(a.id, f[0], strlen(f[0]) + 1);
		memcpy(a.hs, f[2], strlen(f[2]) + 1);
		if (f[1][0] != '\0' && (a.desc = malloc(strlen(f[1]) + 1)) ==
		    NULL) {
			rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
			break;
		}
		if (a.desc != NULL)
			memcpy(a.desc, f[1], strlen(f[1]) + 1);
		if ((na = realloc(s->allow, (s->nallow + 1) * sizeof *na)) ==
		    NULL) {
			free(a.desc);
			rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
			break;
		}
		s->allow = na;
		s->allow[s->nallow++] = a;
	}
	if (rc == PCL_END) {
		rc = PCL_OK;
		snprintf(s->allow_name, sizeof s->allow_name, "%s", path);
		memcpy(s->allow_sha, pcl_datafile_sha256(d),
		    sizeof s->allow_sha);
	}
	pcl_datafile_close(d);
	return rc;
}

const char *
pcl_screen_allow_name(const struct pcl_screen *s)
{
	return s != NULL ? s->allow_name : "";
}

const char *
pcl_screen_allow_sha256(const struct pcl_screen *s)
{
	return s != NULL ? s->allow_sha : "";
}

size_t
pcl_screen_allow_count(const struct pcl_screen *s)
{
	return s != NULL ? s->nallow : 0;
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

/* The digits of an HS code written with or without dots and spaces. */
static size_t
hs_digits(const char *s, size_t n, char *out, size_t size)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '.' || s[i] == ' ')
			continue;
		if (!isdigit((unsigned char)s[i]) || k + 1 >= size)
			return 0;
		out[k++] = s[i];
	}
	out[k] = '\0';
	return k;
}

/*
 * Records what fired (once per entry, text and kind); 'val' is the
 * reason code of a hit, the PCRE2 error code of an error.
 */
static void
fire(struct pcl_screen *s, uint32_t entry, int text, int kind, int val,
    size_t start, size_t end)
{
	size_t k;

	for (k = 0; k < s->nfired; k++)
		if (s->fired[k].entry == entry && s->fired[k].text == text &&
		    s->fired[k].kind == kind)
			return;
	if (s->nfired == s->fired_cap)
		return;		/* not reached: room for every entry */
	s->fired[s->nfired].entry = entry;
	s->fired[s->nfired].text = (uint8_t)text;
	s->fired[s->nfired].kind = (uint8_t)kind;
	s->fired[s->nfired].err = val;
	s->fired[s->nfired].start = start;
	s->fired[s->nfired].end = end;
	s->nfired++;
}

/* 1 when a reviewed false positive allows entry 'e' on this record. */
static int
allowed(const struct pcl_screen *s, const struct entry *e,
    const struct pcl_screen_query *q)
{
	size_t k;

	for (k = 0; k < s->nallow; k++) {
		const struct allow *a = &s->allow[k];

		if (strcmp(a->id, e->id) != 0)
			continue;
		if (a->desc != NULL && q->text[0] != NULL &&
		    strlen(a->desc) == q->len[0] &&
		    memcmp(a->desc, q->text[0], q->len[0]) == 0)
			return 1;
		if (a->hs[0] != '\0' && q->hs != NULL &&
		    strlen(a->hs) == q->hs_len &&
		    memcmp(a->hs, q->hs, q->hs_len) == 0)
			return 1;
	}
	return 0;
}

/*
 * Runs the exclusions of 'e' once over the normalised text 't' of 'n'
 * bytes and fills s->xend, so that a hit [hs, he) lies inside an
 * exclusion match when xend[hs] >= he. Returns 0, -1 on a matcher error
 * (the entry's hits stand), -2 when out of memory.
 */
static int
exclusions(struct pcl_screen *s, const struct entry *e, const char *t,
    size_t n, int *perr)
{
	size_t p;
	int rc;

	if (n + 1 > s->xend_cap) {
		size_t *nx = realloc(s->xend, (n + 1) * sizeof *nx);

		if (nx == NULL)
			return -2;
		s->xend = nx;
		s->xend_cap = n + 1;
	}
	memset(s->xend, 0, (n + 1) * sizeof *s->xend);
	rc = pcre2_match(e->excl, (PCRE2_SPTR)t, n, 0, PCRE2_NO_UTF_CHECK,
	    s->md, s->mctx);
	if (rc < PCRE2_ERROR_NOMATCH) {
		*perr = rc;
		return -1;
	}
	for (p = 1; p <= n; p++)
		if (s->xend[p] < s->xend[p - 1])
			s->xend[p] = s->xend[p - 1];
	return 0;
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The reason of a hit of 'e' at [hs, he) of normalised text 't'. */
static int
hit_code(const struct entry *e, const char *t, size_t n, size_t hs,
    size_t he, const struct pcl_screen_query *q)
{
	if (e->standalone && !(blank(t, hs) && blank(t + he, n - he)))
		return PCL_R_VAGUE_TERM;
	if (e->has_min && !below_min(e, q))
		return -1;
	return e->code;
}

/* 1 when the record's HS code (digits 'hd') starts with the entry's. */
static int
hs_match(const struct entry *e, const char *hd, size_t hn)
{
	return e->hslen == 0 || (hn >= e->hslen &&
	    memcmp(hd, e->hs, e->hslen) == 0);
}

/*
 * Matches one text: the scope's combined pattern, or on a matcher error
 * each entry alone, so the error names its entry and every other entry
 * still fires.
 */
static int
match_text(struct pcl_screen *s, int scope, const char *t, size_t n,
    int ti, size_t srclen)
{
	size_t i;
	int rc, cerr = 0, any = 0;

	s->nhits = 0;
	s->hits_lost = 0;
	for (i = 0; i < s->nre[scope]; i++) {
		rc = pcre2_match(s->re[scope][i], (PCRE2_SPTR)t, n, 0,
		    PCRE2_NO_UTF_CHECK, s->md, s->mctx);
		if (rc < PCRE2_ERROR_NOMATCH) {
			cerr = rc;
			break;
		}
	}
	if (i == s->nre[scope] && !s->hits_lost)
		return 0;
	if (s->hits_lost) {	/* out of memory for the hits */
		fire(s, NO_ENTRY, ti, FIRE_ERROR, PCRE2_ERROR_NOMEMORY, 0,
		    srclen);
		return 0;
	}
	s->nhits = 0;
	for (i = 0; i < s->n; i++) {
		const struct entry *e = &s->e[i];

		if (e->scope != scope || e->single == NULL)
			continue;
		rc = pcre2_match(e->single, (PCRE2_SPTR)t, n, 0,
		    PCRE2_NO_UTF_CHECK, s->md, s->mctx);
		if (rc < PCRE2_ERROR_NOMATCH) {
			fire(s, (uint32_t)i, ti, FIRE_ERROR, rc, 0, srclen);
			any = 1;
		}
	}
	if (!any)	/* only the entries together: the combined pattern */
		fire(s, NO_ENTRY, ti, FIRE_ERROR, cerr, 0, srclen);
	return 0;
}

/*
 * Matches one form of text 't' of the query (scope 'scope') and fires
 * the entries that apply to it. Returns 0, -1 when out of memory.
 */
static int
screen_form(struct pcl_screen *s, const struct pcl_screen_query *q, int t,
    int scope, const char *hd, size_t hn, const struct pcl_screenform *fm)
{
	const char *nt = fm->text;
	size_t nl = fm->len, k;
	const uint32_t *map = fm->map;
	int xrc = 0, fired_now = 0;

	(void)match_text(s, scope, nt, nl, t, q->len[t]);
	/* by entry, then position: each entry's exclusions run once */
	if (s->nhits > 1)
		qsort(s->hits, s->nhits, sizeof *s->hits, cmp_hit);
	for (k = 0; k < s->nhits; k++) {
		const struct hit *h = &s->hits[k];
		const struct entry *e = &s->e[h->entry];
		size_t os, oe;
		int perr = 0, code;

		if (k > 0 && h->entry == s->hits[k - 1].entry &&
		    (xrc != 0 || fired_now))
			continue;	/* fired, or failed: done */
		if (k == 0 || h->entry != s->hits[k - 1].entry) {
			fired_now = 0;
			xrc = 0;
			if (!applies(e, q) || !hs_match(e, hd, hn)) {
				xrc = 1;	/* none of its hits */
				continue;
			}
			if (e->excl != NULL &&
			    (xrc = exclusions(s, e, nt, nl, &perr)) ==
			    -2)
				return -1;
			if (xrc == -1)	/* failed: hits stand */
				fire(s, h->entry, t, FIRE_ERROR, perr,
				    0, q->len[t]);
		}
		if ((code = hit_code(e, nt, nl, h->start, h->end, q)) <
		    0)
			continue;
		if (e->excl != NULL && xrc == 0 &&
		    s->xend[h->start] >= h->end)
			continue;	/* inside a harmless word */
		pcl_screennorm_span(s->norm, q->text[t], q->len[t], map,
		    h->start, h->end, &os, &oe);
		fire(s, h->entry, t, allowed(s, e, q) ? FIRE_ALLOWED :
		    FIRE_HIT, code, os, oe);
		fired_now = 1;
	}
	return 0;
}

int
pcl_screen_check(struct pcl_screen *s, const struct pcl_screen_query *q,
    struct pcl_reasons *reasons)
{
	char hd[16];
	size_t hn = 0, k, j;
	int t;

	if (s == NULL)
		return 0;
	s->nfired = 0;
	if (q->hs != NULL)
		hn = hs_digits(q->hs, q->hs_len, hd, sizeof hd);
	for (t = 0; t < 3; t++) {
		int scope = t == 0 ? PCL_SCOPE_DESCRIPTION : PCL_SCOPE_PARTY;
		struct pcl_screenform form[PCL_SCREENNORM_FORMS];
		size_t nform, f;

		if (s->nre[scope] == 0 || q->text[t] == NULL || q->len[t] == 0)
			continue;
		if (pcl_screennorm_forms(s->norm, q->text[t], q->len[t], form,
		    &nform) != PCL_OK)
			return -1;
		/* every form of the text; an entry fires once per column */
		for (f = 0; f < nform; f++)
			if (screen_form(s, q, t, scope, hd, hn, &form[f]) != 0)
				return -1;
	}
	/* HS entries without words */
	for (k = 0; hn > 0 && k < s->n; k++) {
		const struct entry *e = &s->e[k];

		if (e->pat != NULL || e->hslen == 0 || !applies(e, q) ||
		    !hs_match(e, hd, hn) || (e->has_min && !below_min(e, q)))
			continue;
		fire(s, (uint32_t)k, 3, allowed(s, e, q) ? FIRE_ALLOWED :
		    FIRE_HIT, e->code, 0, q->hs_len);
	}
	/* within one list file the most specific HS prefix decides */
	for (k = 0; k < s->nfired; k++) {
		struct fired *f = &s->fired[k];
		const struct entry *e;

		if (f->kind == FIRE_ERROR || f->entry == NO_ENTRY)
			continue;
		e = &s->e[f->entry];
		if (e->hslen == 0)
			continue;
		for (j = 0; j < s->nfired; j++) {
			const struct fired *g = &s->fired[j];

			if (g->kind != FIRE_ERROR && g->entry != NO_ENTRY &&
			    s->e[g->entry].file == e->file &&
			    s->e[g->entry].hslen > e->hslen)
				break;
		}
		if (j < s->nfired) {	/* outranked: drop it */
			memmove(f, f + 1, (s->nfired - k - 1) * sizeof *f);
			s->nfired--;
			k--;
		}
	}
	for (k = 0; k < s->nfired; k++) {
		const struct fired *f = &s->fired[k];
		int col = f->text == 3 ? PCL_COL_HS_CODE : q->column[f->text];
		int code = f->kind == FIRE_ERROR ? PCL_R_SCREEN_ERROR :
		    f->kind == FIRE_ALLOWED ? PCL_R_SCREEN_ALLOWED : f->err;

		if (pcl_reasons_add(reasons, code, col) != 0)
			return -1;
	}
	return 0;
}

/* Appends 'n' bytes of 'p' to 'buf' at '*at' (of 'size'), counting all. */
static void
put(char *buf, size_t size, size_t *at, const char *p, size_t n, int esc)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (esc && (p[i] == ';' || p[i] == '\\')) {
			if (*at + 1 < size)
				buf[*at] = '\\';
			(*at)++;
		}
		if (*at + 1 < size)
			buf[*at] = p[i];
		(*at)++;
	}
}

size_t
pcl_screen_hits(const struct pcl_screen *s, const struct pcl_screen_query *q,
    char *buf, size_t size)
{
	size_t k, at = 0;

	for (k = 0; s != NULL && k < s->nfired; k++) {
		const struct fired *f = &s->fired[k];
		const struct entry *e = f->entry != NO_ENTRY ?
		    &s->e[f->entry] : NULL;
		int col = f->text == 3 ? PCL_COL_HS_CODE : q->column[f->text];
		const char *cn = pcl_column_name(col);

		if (k > 0)
			put(buf, size, &at, ";", 1, 0);
		if (f->kind == FIRE_ALLOWED)
			put(buf, size, &at, "allowed:", 8, 0);
		else if (f->kind == FIRE_ERROR)
			put(buf, size, &at, "error:", 6, 0);
		if (e != NULL) {
			put(buf, size, &at, e->category, strlen(e->category),
			    0);
			put(buf, size, &at, ":", 1, 0);
			put(buf, size, &at, e->id, strlen(e->id), 0);
		} else {
			put(buf, size, &at, "*:*", 3, 0);
		}
		put(buf, size, &at, "@", 1, 0);
		put(buf, size, &at, cn, strlen(cn), 0);
		put(buf, size, &at, "=", 1, 0);
		if (f->kind == FIRE_ERROR) {
			char m[120];

			pcre2_get_error_message(f->err, (PCRE2_UCHAR *)m,
			    sizeof m);
			put(buf, size, &at, m, strlen(m), 1);
		} else if (f->text == 3) {
			put(buf, size, &at, q->hs, q->hs_len, 1);
		} else {
			put(buf, size, &at, q->text[f->text] + f->start,
			    f->end - f->start, 1);
		}
	}
	if (size > 0)
		buf[at < size ? at : size - 1] = '\0';
	return at;
}
