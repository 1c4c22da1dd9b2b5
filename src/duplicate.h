/*
 * duplicate: the one classification of each checked record against the
 * records before it: a first copy, an exact duplicate (same fingerprint:
 * the record goes to duplicates.csv.gz and its parcel never sees it), or
 * a conflicting duplicate (same tracking and item number, other
 * content: CONFLICTING_DUPLICATE@<column of the first group that
 * differs>). Also finds near-duplicates across parcels (NEAR_DUPLICATE on
 * both). Owns the fingerprint set (dedup.h) and the item index
 * (conflict.h) during pass 1, and the ordinals of the exact duplicates,
 * which is all pass 2 needs to route them.
 */
#ifndef PCL_DUPLICATE_H
#define PCL_DUPLICATE_H

#include <stddef.h>
#include <stdint.h>

#include "dedup.h"
#include "error.h"
#include "reason.h"
#include "conflict.h"
#include "schema.h"

struct pcl_item;
struct pcl_parcels;

/*
 * The keys of a goods record: 'item' (tracking and item number) with a
 * hash 'g' of each column group, and 'near' (consignor, consignee,
 * description, value, currency, date). Computed off the main thread.
 */
struct pcl_dup_keys {
	int		has_item, has_near;
	uint64_t	item, near;
	uint16_t	g[PCL_CG_COUNT];
};

/* Fills 'k' for 'row' with checked item 'it' and consignee identity 'ch'. */
void pcl_dup_keys(const struct pcl_row *row, const struct pcl_item *it,
    uint64_t ch, struct pcl_dup_keys *k);

enum pcl_dup_kind { PCL_DUP_FIRST, PCL_DUP_EXACT, PCL_DUP_CONFLICTING };

/* What pcl_duplicates_classify found. */
struct pcl_dup_class {
	enum pcl_dup_kind kind;
	unsigned	  diff;	/* PCL_CONFLICTING: bit per differing group */
};

struct pcl_duplicates;

/*
 * Creates the classifier. 'items_by_key' is 1 when every input has the
 * same map: identical records are then item records with the same key
 * alike, so an item record's first copy (which keeps 32 fingerprint bits
 * in the item index) answers whether a later one is exact, and only
 * non-identical later copies go to the fingerprint set too. An item
 * record with another's key and other content is taken for its exact
 * duplicate with probability 2^-32. '*out' is owned by the caller:
 * pcl_duplicates_free. Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_duplicates_new(struct pcl_duplicates **out, int items_by_key)
    PCL_NODISCARD;

/* Frees 'd'. NULL is a no-op. */
void pcl_duplicates_free(struct pcl_duplicates *d);

/*
 * Classifies record 'ordinal' (0-based over the batch, in input order)
 * with keys 'k' and fingerprint 'fp' into '*c', and remembers it when it
 * is an exact duplicate. Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_duplicates_classify(struct pcl_duplicates *d,
    const struct pcl_dup_keys *k, const struct pcl_fingerprint *fp,
    uint64_t ordinal, struct pcl_dup_class *c) PCL_NODISCARD;

/*
 * Adds to 'rs' the reasons of class 'c' (CONFLICTING_DUPLICATE per
 * differing group) and, when a record with the same near key 'k' was in
 * another parcel, NEAR_DUPLICATE (also to that parcel's reasons in
 * 'parcels'). 'idx' is the record's parcel. Returns PCL_OK or
 * PCL_E_NOMEM.
 */
int pcl_duplicates_reasons(struct pcl_duplicates *d,
    const struct pcl_dup_class *c, const struct pcl_dup_keys *k,
    uint32_t idx, struct pcl_parcels *parcels, struct pcl_reasons *rs)
    PCL_NODISCARD;

/* Fetches the slots a classify of 'k' and 'fp' reads (a hint). */
void pcl_duplicates_prefetch(const struct pcl_duplicates *d,
    const struct pcl_dup_keys *k, const struct pcl_fingerprint *fp);

/*
 * Sizes the indexes for 'est' records in all, from what 'seen' records
 * put in them (a hint: a failure leaves them as they are).
 */
void pcl_duplicates_reserve(struct pcl_duplicates *d, unsigned long long seen,
    unsigned long long est);

/*
 * Ends pass 1: frees the fingerprint set and the item index, keeping the
 * exact duplicates' ordinals. Returns the bytes the set held.
 */
size_t pcl_duplicates_end_first_pass(struct pcl_duplicates *d);

/*
 * Pass 2, called once per record in the same order: 1 when the next
 * record is an exact duplicate, else 0.
 */
int pcl_duplicates_next_is_exact(struct pcl_duplicates *d);

#endif
