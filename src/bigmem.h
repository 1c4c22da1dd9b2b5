/*
 * bigmem: zeroed allocations for the big tables of a batch (the parcel
 * array, hash slots, item indexes), backed by transparent huge pages
 * where the system allows them. At 10M rows these tables are
 * several hundred MiB read at random; with 4 KiB pages nearly every
 * lookup also misses the TLB. Sizes of at least PCL_BIGMEM_MIN bytes
 * are mapped 2 MiB aligned and marked MADV_HUGEPAGE (a hint: where
 * THP is "never" they are ordinary pages); smaller ones come from
 * calloc(), so small tables and tests cost nothing more.
 */
#ifndef PCL_BIGMEM_H
#define PCL_BIGMEM_H

#include <stddef.h>

/* Allocations from this size (bytes) are mapped and hinted. */
#define PCL_BIGMEM_MIN	((size_t)1 << 21)

/*
 * 'n' elements of 'size' bytes, zeroed; owned by caller, freed with
 * pcl_bigmem_free(p, n * size). NULL when out of memory, on overflow
 * of n * size, or for 0 bytes.
 */
void *pcl_bigmem_calloc(size_t n, size_t size);

/*
 * Frees 'p' of 'bytes' bytes (exactly the size it was allocated or
 * last resized with). NULL is a no-op.
 */
void pcl_bigmem_free(void *p, size_t bytes);

/*
 * Grows 'p' from 'old' to 'bytes' bytes (at least 'old'), keeping its
 * contents; the bytes past 'old' are zero. A mapped block grows
 * without copying (its pages move, so the peak memory is not old +
 * new). NULL 'p' (with 'old' 0) allocates. Returns the new block, or
 * NULL with 'p' unchanged when out of memory or 'bytes' < 'old'.
 */
void *pcl_bigmem_realloc(void *p, size_t old, size_t bytes);

/*
 * Slots of an open-addressing table reserved for 'n' entries at load
 * 0.85 (n + 3n/17 + 1, so never full); the tables that use it grow
 * only past load 0.9.
 */
size_t pcl_bigmem_slots_for(size_t n);

#endif
