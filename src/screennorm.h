/*
 * screennorm: the text form that screening matches on. Owns an ICU spoof
 * checker, a cache of per-character results and the output buffers.
 *
 * Per character of the input (UTF-8): ASCII is kept as it is (patterns
 * are matched ASCII case-insensitively, so no copy is made of an all-ASCII
 * text); a default-ignorable code point (Unicode DerivedCoreProperties:
 * soft hyphen, zero-width characters, bidi controls, variation selectors)
 * is dropped; any other character takes its compatibility decomposition
 * and case folding (Unicode NFKD + case fold, utf8proc: full-width forms,
 * ligatures, mathematical letters), then each resulting non-ASCII
 * character outside the CJK, kana and Hangul blocks its confusable
 * skeleton (Unicode UTS #39 section 4, ICU uspoof_getSkeleton: Cyrillic
 * "о" and Greek "ο" become Latin "o"), and combining diacritical marks
 * (U+0300..U+036F) are dropped, so "médicament" = "medicament". Hangul
 * syllables are kept whole, so a Korean term matches only whole
 * syllables. ASCII itself never takes a skeleton (UTS #39 maps "m" to
 * "rn"): Latin text is matched as written, and look-alikes are mapped
 * onto it.
 *
 * Disguise folding (pcl_screennorm_forms) gives, besides that text, up
 * to two folded forms of it when folding changes it: in an ASCII word
 * (letters, digits, '@' and '$', joined by single '-', '.', '_' or '*')
 * with at least two letters, the look-alike digits and symbols become
 * letters (0 o, 1 i, 3 e, 4 a, 5 s, 7 t, @ a, $ s; a second form reads
 * 1 as l); a separator between two letters of a word is dropped; and a
 * run of three or more one-character words with single spaces between
 * them, two of them letters, is joined into one word. "c0caine",
 * "co-caine", "e-c.i.g" and "f i r e w o r k s" become "cocaine",
 * "cocaine", "ecig" and "fireworks"; a word of digits ("18650", "3.0")
 * or with one letter ("A4", "5x7", "12V") is left alone. Screening
 * matches every form; the forms are extra texts, never a replacement,
 * so a pattern with digits ("9x19", "400 mg") still sees them.
 *
 * Patterns go through the same mapping (pcl_screennorm_pattern), so a
 * Russian pattern matches Russian text whatever the look-alikes in it;
 * a literal '-', '\.' or '_' between two letters of a pattern is made
 * optional, so "e-liquid" also matches its folded form "eliquid".
 * Errors: PCL_E_NOMEM; PCL_E_PARSE for a pattern (the message says why).
 */
#ifndef PCL_SCREENNORM_H
#define PCL_SCREENNORM_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct pcl_screennorm;

/* Opens a normaliser; '*out' is the caller's (pcl_screennorm_free). */
int pcl_screennorm_open(struct pcl_screennorm **out, struct pcl_error *err)
    PCL_NODISCARD;
void pcl_screennorm_free(struct pcl_screennorm *n);

/*
 * Normalises the 'len' bytes of valid UTF-8 at 's'. '*out' and '*outlen'
 * receive the text to match: 's' itself when it is all ASCII, else a
 * buffer of 'n' valid until the next call. '*map' receives, per output
 * byte, the offset in 's' of the character it comes from, plus one entry
 * at [*outlen] = 'len'; NULL when '*out' is 's' (the identity). Returns
 * PCL_OK or PCL_E_NOMEM.
 */
int pcl_screennorm_text(struct pcl_screennorm *n, const char *s, size_t len,
    const char **out, size_t *outlen, const uint32_t **map) PCL_NODISCARD;

/* The most texts pcl_screennorm_forms gives. */
#define PCL_SCREENNORM_FORMS	3

/* One form of a text: its bytes, length and map as pcl_screennorm_text. */
struct pcl_screenform {
	const char	*text;
	size_t		 len;
	const uint32_t	*map;
};

/*
 * Normalises the 'len' bytes of valid UTF-8 at 's' once and gives its
 * forms in 'forms' (room for PCL_SCREENNORM_FORMS), their number in
 * '*nforms': [0] the text of pcl_screennorm_text, then its disguise
 * folding (1 read as i) and the same with 1 read as l, each only when
 * it differs from the form before it. The texts and maps are borrowed:
 * 's' or buffers of 'n', valid until the next call. Returns PCL_OK or
 * PCL_E_NOMEM.
 */
int pcl_screennorm_forms(struct pcl_screennorm *n, const char *s,
    size_t len, struct pcl_screenform *forms, size_t *nforms) PCL_NODISCARD;

/*
 * The span of 's' that output bytes [start, end) of the last
 * pcl_screennorm_text call on 's' come from: '*ostart', '*oend'.
 */
void pcl_screennorm_span(const struct pcl_screennorm *n, const char *s,
    size_t len, const uint32_t *map, size_t start, size_t end,
    size_t *ostart, size_t *oend);

/*
 * Normalises a PCRE2 pattern: ASCII (every metacharacter and escape) is
 * kept; each other character is replaced by its normal form, inside a
 * group "(?:...)" when that is several characters. Inside a character
 * class a character must stay one character. '*out' is malloc'ed, the
 * caller's. Errors: PCL_E_NOMEM, PCL_E_PARSE ('msg' of 'size' bytes
 * says which character).
 */
int pcl_screennorm_pattern(struct pcl_screennorm *n, const char *pat,
    char **out, char *msg, size_t size) PCL_NODISCARD;

#endif
