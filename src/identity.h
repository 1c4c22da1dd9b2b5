/*
 * identity: who a party is, for comparing records: normalised names,
 * addresses and postcodes (Unicode compatibility forms and case folding
 * through utf8proc, punctuation dropped, spacing collapsed), and the
 * 64-bit keys built from them.
 */
#ifndef PCL_IDENTITY_H
#define PCL_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

/* How a text is normalised. */
enum pcl_identity_kind {
	PCL_IDENTITY_TEXT = 0,	/* names, addresses, descriptions */
	PCL_IDENTITY_POSTCODE	/* letters and digits only */
};

/*
 * Normalises 'len' bytes of UTF-8 's' into 'buf' of 'size' bytes
 * (NUL-terminated, truncated as snprintf) and returns the length it
 * needed. TEXT: NFKC compatibility forms (full-width "ＡＢＣ" is "abc",
 * the ligature "ﬁ" is "fi"), Unicode case folding ("STRASSE" and "Straße"
 * are both "strasse"), punctuation removed ("O'Brien, J." is
 * "obrien j"), every run of spaces, tabs and other separators one space,
 * none at either end. Accents are kept ("Müller" is not "Muller").
 * POSTCODE: the same, then only letters and digits ("sw3 4nb", "SW34NB"
 * and "SW3-4NB" are all "sw34nb"). Invalid UTF-8 is folded byte-wise as
 * ASCII.
 */
size_t pcl_identity_normalize(const char *s, size_t len,
    enum pcl_identity_kind kind, char *buf, size_t size);

/*
 * Key of a party from its name, address, postcode and identifier (each
 * 'v[i]' of 'len[i]' bytes, normalised as above; the identifier as a
 * postcode): two spellings of one person give one key.
 */
uint64_t pcl_identity_party_key(const char *const v[4], const size_t len[4]);

/* Key of one normalised text (e.g. a description). */
uint64_t pcl_identity_text_key(const char *s, size_t len, uint64_t seed);

#endif
