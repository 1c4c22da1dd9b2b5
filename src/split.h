/*
 * split: the per-(consignee, day, destination) aggregate of assessed
 * parcel values, built before the decisions so that the aggregate can
 * decide the lane (US "one person, one day") or reveal a consignment
 * split to stay under a per-consignment threshold. 32 bytes per
 * distinct consignee-day.
 */
#ifndef PCL_SPLIT_H
#define PCL_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "money.h"

struct pcl_split;

/* Creates an empty index. Returns PCL_OK or PCL_E_NOMEM. */
int pcl_split_new(struct pcl_split **out) PCL_NODISCARD;

/* Frees 's'. NULL is a no-op. */
void pcl_split_free(struct pcl_split *s);

/*
 * Sizes the index for 'n' aggregates so that adding them rehashes
 * nothing: to load 0.85 for 'n', growing only past load 0.9.
 * Nothing to do when it holds that many already. Only a hint:
 * PCL_E_NOMEM leaves the index as it was.
 */
int pcl_split_reserve(struct pcl_split *s, size_t n);

/*
 * Asks the CPU to fetch the slot of 'key' ahead of a pcl_split_add()
 * or pcl_split_get() with it (a hint; changes nothing).
 */
void pcl_split_prefetch(const struct pcl_split *s, uint64_t key);

/* Key of consignee identity 'consignee' on day 'date' for 'dest'. */
uint64_t pcl_split_key(uint64_t consignee, int32_t date, const char *dest);

/*
 * Adds one parcel's assessed value 'minor' (minor units of 'currency')
 * to the aggregate of 'key'. A second currency for one key marks the
 * aggregate unusable (no conversion between thresholds' currencies).
 * Returns PCL_OK, PCL_E_OVERFLOW (the sum is then unusable too) or
 * PCL_E_NOMEM.
 */
int pcl_split_add(struct pcl_split *s, uint64_t key, const char *currency,
    pcl_i128 minor) PCL_NODISCARD;

/*
 * Adds 'count' parcels of earlier batches (the ledger's) with sum
 * 'minor' to the aggregate of 'key', as pcl_split_add does for one.
 * Nothing for 'count' 0.
 */
int pcl_split_add_earlier(struct pcl_split *s, uint64_t key,
    const char *currency, pcl_i128 minor, uint32_t count) PCL_NODISCARD;

/*
 * The aggregate of 'key': sum in '*minor' and number of parcels in '*n'.
 * Returns 1 when it is usable in 'currency', else 0 (unknown key, mixed
 * currencies, overflow).
 */
int pcl_split_get(const struct pcl_split *s, uint64_t key,
    const char *currency, pcl_i128 *minor, uint32_t *n);

/* Bytes of memory held. */
size_t pcl_split_memory(const struct pcl_split *s);

#endif
