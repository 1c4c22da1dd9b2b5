/*
 * conflict: item-level indexes over a batch: conflicting duplicates
 * (the same tracking number and item number with different content) and
 * near-duplicates (the same consignor, consignee, description and value
 * under another tracking number on the same day). Holds only hashes:
 * 28 bytes per item with an item number, 12 per goods item, in tables
 * at load 0.7 to 0.9.
 */
#ifndef PCL_CONFLICT_H
#define PCL_CONFLICT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Groups of columns compared between copies of one item. */
enum pcl_conflict_group {
	PCL_CG_VALUE = 0,	/* item_value, unit_value, quantity, currency */
	PCL_CG_DESCRIPTION,
	PCL_CG_HS_CODE,
	PCL_CG_CONSIGNEE,	/* name, address, city, postcode, country, id */
	PCL_CG_CONSIGNOR,	/* name, address, country, id */
	PCL_CG_MASS,
	PCL_CG_ORIGIN,
	PCL_CG_OTHER,		/* every other column */
	PCL_CG_COUNT
};

struct pcl_conflict;

/* Creates empty indexes. Returns PCL_OK or PCL_E_NOMEM. */
int pcl_conflict_new(struct pcl_conflict **out) PCL_NODISCARD;

/* Frees 'c'. NULL is a no-op. */
void pcl_conflict_free(struct pcl_conflict *c);

/*
 * Sizes the indexes for 'items' items with an item number and 'near'
 * goods items, so that adding them rehashes nothing: to load 0.85
 * for those numbers, growing only past load 0.9 (an estimate short by
 * up to 5 % costs no rehash). Nothing to do when an index already holds
 * that many. Only a hint: PCL_E_NOMEM leaves an index as it was.
 */
int pcl_conflict_reserve(struct pcl_conflict *c, size_t items, size_t near);

/*
 * Records item 'key' (a hash of tracking number and item number) with the
 * hashes of its column groups 'g'. When an earlier item had the same key,
 * sets in '*diff' bit (1 << group) for each group that differs from that
 * first copy (0: none differs); else stores it and sets '*diff' to 0.
 * Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_conflict_item(struct pcl_conflict *c, uint64_t key,
    const uint16_t g[PCL_CG_COUNT], unsigned *diff) PCL_NODISCARD;

/* What pcl_conflict_item_fp() found. */
enum pcl_conflict_copy {
	PCL_CONFLICT_FIRST = 0,	/* no earlier item with the key: stored */
	PCL_CONFLICT_SAME,	/* the first copy has the same fingerprint bits */
	PCL_CONFLICT_OTHER	/* the first copy has other fingerprint bits */
};

/*
 * pcl_conflict_item() that also keeps 32 bits 'fp' of the item record's
 * exact-duplicate fingerprint (dedup.h) with the first copy, so that the
 * item index also answers for exact duplicates of first copies:
 * sets '*copy' to an enum pcl_conflict_copy. A record with the same key
 * and other content has the same 32 bits with probability 2^-32 (it
 * would be taken for an exact duplicate). '*diff' as pcl_conflict_item().
 * Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_conflict_item_fp(struct pcl_conflict *c, uint64_t key,
    const uint16_t g[PCL_CG_COUNT], uint32_t fp, int *copy, unsigned *diff)
    PCL_NODISCARD;

/*
 * Records goods item 'key' (a hash of consignor, consignee, description,
 * value and day) of parcel 'parcel'. When an earlier item with that key
 * belongs to another parcel, stores that parcel in '*other', else
 * UINT32_MAX. Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_conflict_near(struct pcl_conflict *c, uint64_t key, uint32_t parcel,
    uint32_t *other) PCL_NODISCARD;

/*
 * Asks the CPU to fetch the first slot of item key 'item' (when
 * 'has_item' is 1) and of near-duplicate key 'near' (when 'has_near'
 * is 1) ahead of pcl_conflict_item_fp() and pcl_conflict_near() with
 * them (a hint that changes nothing).
 */
void pcl_conflict_prefetch(const struct pcl_conflict *c, int has_item,
    uint64_t item, int has_near, uint64_t near);

/* Items and goods items held (to scale the reservation). */
size_t pcl_conflict_items(const struct pcl_conflict *c);
size_t pcl_conflict_nears(const struct pcl_conflict *c);

/* Bytes of memory held. */
size_t pcl_conflict_memory(const struct pcl_conflict *c);

#endif
