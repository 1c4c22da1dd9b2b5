/*
 * screen: screening lists (vague descriptions, prohibited and restricted
 * goods, goods excluded from relief, an IPR brand watch list, HS code
 * entries) loaded from versioned CSV files, compiled once with PCRE2 (JIT)
 * into one pattern per scope, and matched against descriptions and party
 * names in their screening form (screennorm.h: NFKD, case folding,
 * default-ignorables removed, UTS #39 confusable skeleton), and against
 * the HS code by prefix. Also owns the allow-list of reviewed false
 * positives and the hits of the last check (entry id and matched text).
 *
 * Screening fails closed: a PCRE2 error or resource limit while matching
 * is the hold flag SCREEN_ERROR naming the entry, and at load time every
 * pattern is run against adversarial probes under the same limits (a
 * pattern that hits them is a load error). The limits and the JIT are the
 * same in every build and at every thread count.
 */
#ifndef PCL_SCREEN_H
#define PCL_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "fx.h"
#include "money.h"
#include "reason.h"

/* What text an entry is matched against. */
enum pcl_screen_scope {
	PCL_SCOPE_DESCRIPTION = 0,	/* the goods description */
	PCL_SCOPE_PARTY = 1		/* consignor and consignee names */
};

/* What a hit does (the lane of the entry's reason code must agree). */
enum pcl_screen_action {
	PCL_ACTION_REJECT = 0,
	PCL_ACTION_FLAG,		/* soft flag: recorded and scored */
	PCL_ACTION_HOLD,
	PCL_ACTION_DECLARE
};

struct pcl_screen;

/*
 * The text and context of one record to screen. 'union_name' is the
 * customs union of 'dest' on 'date' ("EU") or NULL. 'value_micros' in
 * 'currency' and 'quantity_micros' (0 = 1 unit) serve the minimum
 * plausible value of IPR entries; 'fx' (may be NULL: no IPR value test)
 * converts with the ECB rate of the date.
 */
struct pcl_screen_query {
	const char	*text[3];	/* description, consignor, consignee name */
	size_t		 len[3];
	int		 column[3];	/* canonical column of each text */
	const char	*dest;		/* ISO 3166 alpha-2 destination */
	const char	*union_name;
	int32_t		 date;		/* PCL_DATE_NONE: no date test */
	pcl_i128	 value_micros;
	pcl_i128	 quantity_micros;
	const char	*currency;
	const struct pcl_fx *fx;
	const char	*hs;		/* HS code as written, or NULL */
	size_t		 hs_len;
};

/*
 * Loads every list file: with 'dir' NULL the files embedded from
 * data/lists/ (except value-per-kg.csv), otherwise every "*.csv" file in
 * directory 'dir' (sorted by name), replacing the embedded ones; an empty
 * directory disables screening. A list file has the header
 * id,code,pattern,scope,match,action,jurisdiction,valid_from,valid_to,
 * min_value,source (the old layout) or that followed by
 * category,lang,boundary,exclude,hs,hs_edition; '#' lines are comments
 * (data/lists/README.md). Patterns are PCRE2 syntax, normalised as texts
 * are, matched case-insensitively and UTF-8 aware, as substrings
 * (boundary "substring", or by default a pattern holding Han, kana or
 * Hangul) or whole words (not preceded or followed by a letter or digit
 * of any script). On success '*out' is owned by the caller
 * (pcl_screen_free). Errors: PCL_E_IO, PCL_E_PARSE ('err' names the file,
 * line and column, and the entry: bad field, unknown code, code whose
 * lane disagrees with the action, pattern that does not compile, pattern
 * that hits the matcher's limits on a probe, no PCRE2 JIT),
 * PCL_E_NOMEM.
 */
int pcl_screen_open(struct pcl_screen **out, const char *dir,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 's'. NULL is a no-op. */
void pcl_screen_free(struct pcl_screen *s);

/*
 * Loads the allow-list 'path' (header id,description,hs_code,source; '#'
 * comments): a hit of entry 'id' on a record whose description is exactly
 * 'description' (bytes), or whose HS code is exactly 'hs_code', becomes
 * the note SCREEN_ALLOWED (release lane) instead of the entry's code.
 * Errors: PCL_E_IO, PCL_E_PARSE (an id no entry has, both or neither of
 * description and hs_code, no source), PCL_E_NOMEM.
 */
int pcl_screen_allow(struct pcl_screen *s, const char *path,
    struct pcl_error *err) PCL_NODISCARD;

/* The allow-list's path, SHA-256 ("" when none) and rows. */
const char *pcl_screen_allow_name(const struct pcl_screen *s);
const char *pcl_screen_allow_sha256(const struct pcl_screen *s);
size_t pcl_screen_allow_count(const struct pcl_screen *s);

/* Number of entries loaded, and number of list files. */
size_t pcl_screen_count(const struct pcl_screen *s);
size_t pcl_screen_nfiles(const struct pcl_screen *s);

/* Name and SHA-256 of list file 'i' (borrowed). */
const char *pcl_screen_file_name(const struct pcl_screen *s, size_t i);
const char *pcl_screen_file_sha256(const struct pcl_screen *s, size_t i);

/*
 * Screens the texts of 'q' and adds a reason per hit to 'reasons', with
 * the column of the text: an entry applies when its jurisdiction is '*',
 * the destination or the destination's customs union, and the date lies
 * in [valid_from, valid_to]. An entry with match "embedded" fires wherever
 * its pattern occurs; with match "standalone" it fires when the pattern is
 * the whole text (surrounding spaces and punctuation ignored), and inside
 * a longer text records the soft flag VAGUE_TERM instead. An entry with
 * exclusions does not fire where one of them covers its match. An entry
 * with an HS prefix fires only when the record's HS code (dots and spaces
 * ignored) starts with it, and an HS entry without a pattern fires on the
 * code alone (column hs_code); among the HS entries of one list file that
 * fire, only those with the longest prefix count. An entry with a
 * min_value fires only when the value per unit, converted into the
 * min_value's currency, is below it (no rate: it does not fire). A hit
 * the allow-list covers is SCREEN_ALLOWED; a matcher error is
 * SCREEN_ERROR. The texts must be valid UTF-8 (the manifest reader
 * rejects other records). 's' holds the match state: one caller at a
 * time. Returns 0, or -1 when out of memory.
 */
int pcl_screen_check(struct pcl_screen *s,
    const struct pcl_screen_query *q, struct pcl_reasons *reasons)
    PCL_NODISCARD;

/*
 * Writes what the last pcl_screen_check on 'q' fired into 'buf' of 'size'
 * bytes (NUL-terminated, truncated as snprintf) and returns the length it
 * needed: items "CATEGORY:ID@COLUMN=TEXT" joined by ';', TEXT being the
 * matched part of the original text (or the HS code, or the PCRE2 error
 * message), with ';' and '\\' escaped by '\\'; an allowed hit starts
 * "allowed:", a matcher error "error:" (ID "*" when only the combined
 * pattern failed).
 */
size_t pcl_screen_hits(const struct pcl_screen *s,
    const struct pcl_screen_query *q, char *buf, size_t size);

/*
 * One thing a check fired, in compact form: what pass 2 needs to write
 * the screen_hits of a record pass 1 screened, without screening it
 * again. 'entry' indexes the loaded entries (UINT32_MAX: a scope's
 * combined pattern), 'text' the query's texts (3: the HS code), 'val'
 * is the reason code of a hit or the PCRE2 error of a matcher error,
 * [start, end) the span of the original text.
 */
struct pcl_screen_fire {
	uint32_t	entry;
	int32_t		val;
	size_t		start, end;
	uint8_t		text;
	uint8_t		kind;		/* hit, allowed hit, matcher error */
};

/*
 * Copies what the last pcl_screen_check fired into 'out' (room for
 * 'max') and returns how many items it fired (more than 'max': ask
 * again with more room).
 */
size_t pcl_screen_fired(const struct pcl_screen *s,
    struct pcl_screen_fire *out, size_t max);

/*
 * pcl_screen_hits for the 'n' items 'f' a check of a query with the
 * same texts as 'q' fired (only q's texts, lengths, columns and HS code
 * are read).
 */
size_t pcl_screen_hits_of(const struct pcl_screen *s,
    const struct pcl_screen_fire *f, size_t n,
    const struct pcl_screen_query *q, char *buf, size_t size);

/*
 * Turns the literal prefilter of 's' on (the default) or off. Before its
 * patterns run, a text is scanned once for the literals each entry's
 * matches must contain (screenlit.h), and only the entries that can
 * match it run; off, every entry runs on every text. The hits are the
 * same either way.
 */
void pcl_screen_set_prefilter(struct pcl_screen *s, int on);

/* Name of a scope ("description", "party") and an action ("hold"). */
const char *pcl_screen_scope_name(enum pcl_screen_scope sc);
const char *pcl_screen_action_name(enum pcl_screen_action a);

#endif
