/*
 * dedup: exact duplicate item records. Rows whose canonical fields are
 * identical as text are one record: the first stays, the others go to
 * duplicates.csv.gz. Kept as a set of 95 bits of a 128-bit fingerprint
 * (12 bytes per slot; the chance that two different records share them
 * is about n^2 / 2^96, negligible for any manifest).
 */
#ifndef PCL_DEDUP_H
#define PCL_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct pcl_fingerprint {
	uint64_t a, b;
};

/*
 * A record's share of its parcel's content fingerprint: a 64-bit mix
 * of 'fp' (splitmix64's finaliser), summed over the parcel's records
 * modulo 2^64 so that the order of the records does not matter (the
 * ledger's identical re-sends, pass1.h).
 */
uint64_t pcl_fingerprint_share(const struct pcl_fingerprint *fp);

/*
 * Fingerprint of a record's 'n' fields ('fields[i]' of 'lens[i]' bytes);
 * field boundaries count ("ab","c" differs from "a","bc").
 */
void pcl_fingerprint(const char *const *fields, const size_t *lens,
    size_t n, struct pcl_fingerprint *fp);

struct pcl_dedup;

/* Creates an empty set. Returns PCL_OK or PCL_E_NOMEM. */
int pcl_dedup_new(struct pcl_dedup **out) PCL_NODISCARD;

/* Frees 'd'. NULL is a no-op. */
void pcl_dedup_free(struct pcl_dedup *d);

/*
 * Sizes the set for 'n' fingerprints so that adding them rehashes
 * nothing: to load 0.85 for 'n', growing only past load 0.9 (an
 * estimate short by up to 5 % costs no rehash). Nothing to do when it
 * already holds 'n'. Only a hint: PCL_E_NOMEM leaves the set as it was.
 */
int pcl_dedup_reserve(struct pcl_dedup *d, size_t n);

/*
 * Asks the CPU to fetch the slot of 'fp' ahead of a
 * pcl_dedup_first_pass() or pcl_dedup_second_pass() with it (a
 * hint that changes nothing).
 */
void pcl_dedup_prefetch(const struct pcl_dedup *d,
    const struct pcl_fingerprint *fp);

/*
 * First reading: adds 'fp'; '*dup' = 1 when it was already there (an
 * exact duplicate of an earlier record), else 0. PCL_OK or PCL_E_NOMEM.
 */
int pcl_dedup_first_pass(struct pcl_dedup *d, const struct pcl_fingerprint *fp,
    int *dup) PCL_NODISCARD;

/*
 * Second reading of the same records in the same order: '*dup' = 0 for
 * the first record with 'fp' in this pass, 1 for later ones. Must only
 * be called with fingerprints added in the first pass.
 */
void pcl_dedup_second_pass(struct pcl_dedup *d,
    const struct pcl_fingerprint *fp, int *dup);

/* Distinct fingerprints held, and bytes of memory used. */
size_t pcl_dedup_count(const struct pcl_dedup *d);
size_t pcl_dedup_memory(const struct pcl_dedup *d);

#endif
