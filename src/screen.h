/*
 * screen: screening lists (vague descriptions, prohibited and restricted
 * goods, goods excluded from relief, an IPR brand watch list) loaded from
 * versioned CSV files, compiled once with PCRE2 (JIT) into one pattern per
 * scope, and matched against descriptions and party names.
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
};

/*
 * Loads every list file: with 'dir' NULL the files embedded from
 * data/lists/ (except value-per-kg.csv), otherwise every "*.csv" file in
 * directory 'dir' (sorted by name), replacing the embedded ones; an empty
 * directory disables screening. A list file has the header
 * id,code,pattern,scope,match,action,jurisdiction,valid_from,valid_to,
 * min_value,source; '#' lines are comments. Patterns are PCRE2 syntax,
 * matched case-insensitively and UTF-8 aware; an entry whose pattern holds
 * Han, kana or Hangul-less CJK characters matches as a substring, others
 * as whole words (not preceded or followed by a letter or digit of
 * any script). On success '*out' is owned by the caller
 * (pcl_screen_free). Errors: PCL_E_IO, PCL_E_PARSE ('err' names the file,
 * line and column: bad field, unknown code, code whose lane disagrees
 * with the action, pattern that does not compile), PCL_E_NOMEM.
 */
int pcl_screen_open(struct pcl_screen **out, const char *dir,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 's'. NULL is a no-op. */
void pcl_screen_free(struct pcl_screen *s);

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
 * a longer text records the soft flag VAGUE_TERM instead. An entry with a
 * min_value fires only when the value per unit, converted into the
 * min_value's currency, is below it (no rate: it does not fire).
 * The texts must be valid UTF-8 (the manifest reader rejects other
 * records). 's' holds the match state: one caller at a time.
 * Returns 0, or -1 when out of memory.
 */
int pcl_screen_check(struct pcl_screen *s,
    const struct pcl_screen_query *q, struct pcl_reasons *reasons)
    PCL_NODISCARD;

/* Name of a scope ("description", "party") and an action ("hold"). */
const char *pcl_screen_scope_name(enum pcl_screen_scope sc);
const char *pcl_screen_action_name(enum pcl_screen_action a);

#endif
