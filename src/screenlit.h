/*
 * screenlit: the literal prefilter of the screening lists. For each list
 * entry it derives, from the entry's normalised PCRE2 pattern, the
 * literals one of which every match of the pattern must contain (ASCII,
 * compared without case, and Han, kana or Hangul characters, which have
 * no case), and whether every match needs a non-ASCII character. One
 * scan of a text in its screening form then names the entries that can
 * match it; the others cannot, so their patterns need not run.
 *
 * Fails closed: a pattern the analysis does not fully understand (an
 * escape such as \x{..} or \p{..}, a back-reference, a verb, extended
 * mode) or one without a usable literal makes its entry a candidate for
 * every text (or every text with a non-ASCII character, when that much
 * is known). A text holding the Kelvin sign or the long s, the two
 * non-ASCII characters PCRE2 matches to ASCII letters without case,
 * makes every entry a candidate.
 *
 * Shapes: entries are numbered by the caller, 0 to 'nentries' - 1; the
 * candidates of a text are a bitset of (nentries + 63) / 64 words.
 * Errors: PCL_E_NOMEM.
 */
#ifndef PCL_SCREENLIT_H
#define PCL_SCREENLIT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct pcl_screenlit;

/* A prefilter for entries 0 to 'nentries' - 1, none added yet. */
int pcl_screenlit_open(struct pcl_screenlit **out, size_t nentries)
    PCL_NODISCARD;

/* Frees 'l'. NULL is a no-op. */
void pcl_screenlit_free(struct pcl_screenlit *l);

/*
 * Adds entry 'entry' with its normalised pattern 'pat' (as matched,
 * without the word guards). An entry never added is a candidate for
 * every text. Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_screenlit_add(struct pcl_screenlit *l, size_t entry, const char *pat)
    PCL_NODISCARD;

/* Indexes the literals added; call once, after the last add. */
int pcl_screenlit_build(struct pcl_screenlit *l) PCL_NODISCARD;

/*
 * Sets in 'cand' (zeroed by the caller) the bit of every entry that can
 * match the text 't' of 'n' bytes (in its screening form, valid UTF-8).
 */
void pcl_screenlit_scan(const struct pcl_screenlit *l, const char *t,
    size_t n, uint64_t *cand);

/*
 * What the analysis found for 'entry': the number of its literals (0:
 * none, it runs on every text it may match), and in '*nonascii' 1 when
 * every match needs a non-ASCII character.
 */
size_t pcl_screenlit_entry(const struct pcl_screenlit *l, size_t entry,
    int *nonascii);

#endif
