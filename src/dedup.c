/*
 * dedup: an open-addressing set of record fingerprints; a flag per slot
 * marks "seen in the second pass".
 */
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "dedup.h"
#include "parcel.h"
#include "banned.h"

#define SEEN (1u << 31)

/*
 * Slots in two arrays, 12 bytes per slot: 'a' (64 bits, odd, 0 =
 * empty) and the low 31 bits of 'b' plus the SEEN bit. 95 bits decide
 * equality; the chance that two different records of a batch share them
 * is about n^2 / 2^96 (1e-15 for 10 million records).
 */
struct pcl_dedup {
	uint64_t *a;
	uint32_t *b;
	size_t n, nslots, max;	/* max: entries before growth */
};

/*
 * Any number of slots (not a power of two), so that a set reserved
 * for the batch is sized for load 0.85; the first slot of 'a' is scaled
 * from its high 32 bits, then linear probing. Grown, the set doubles at
 * load 0.7; reserved, it grows only past 0.9.
 */
static inline size_t
home(uint64_t a, size_t nslots)
{
	return (size_t)(((a >> 32) * (uint64_t)nslots) >> 32);
}

/* Mixes the 8-byte word 'k' into both lanes. */
static inline void
mix2(uint64_t k, uint64_t *ha, uint64_t *hb)
{
	uint64_t ka = k * 0xBF58476D1CE4E5B9ull, kb = k * 0x87C37B91114253D5ull;

	ka ^= ka >> 31;
	kb ^= kb >> 29;
	*ha = (*ha ^ ka) * 0x94D049BB133111EBull;
	*hb = (*hb ^ kb) * 0x4CF5AD432745937Full;
	*ha ^= *ha >> 29;
	*hb ^= *hb >> 32;
}

/*
 * Two 64-bit hashes of one field, chained from '*a' and '*b', in one
 * pass over its bytes (one read of each field instead of two
 * pcl_hash64 calls); each lane has its own multipliers.
 */
static void
hash2(const unsigned char *p, size_t len, uint64_t *a, uint64_t *b)
{
	uint64_t ha = *a ^ (len * 0x9E3779B97F4A7C15ull);
	uint64_t hb = *b ^ (len * 0xC2B2AE3D27D4EB4Full);
	uint64_t k;

	while (len >= 8) {
		memcpy(&k, p, 8);
		mix2(k, &ha, &hb);
		p += 8;
		len -= 8;
	}
	k = 0;
	if (len > 0)
		memcpy(&k, p, len);
	mix2(k ^ (uint64_t)len << 56, &ha, &hb);
	ha ^= ha >> 32;
	hb ^= hb >> 31;
	ha *= 0xD6E8FEB86659FD93ull;
	hb *= 0xFF51AFD7ED558CCDull;
	*a = ha ^ (ha >> 32);
	*b = hb ^ (hb >> 33);
}

void
pcl_fingerprint(const char *const *fields, const size_t *lens, size_t n,
    struct pcl_fingerprint *fp)
{
	uint64_t a = 0x243F6A8885A308D3ull, b = 0x13198A2E03707344ull;
	size_t i;

	for (i = 0; i < n; i++) {
		a += i;
		b ^= i * 0x9E3779B97F4A7C15ull;
		hash2((const unsigned char *)fields[i], lens[i], &a, &b);
	}
	fp->a = a | 1;		/* never the empty marker */
	fp->b = b;
}

int
pcl_dedup_new(struct pcl_dedup **out)
{
	struct pcl_dedup *d = calloc(1, sizeof *d);

	*out = NULL;
	if (d == NULL)
		return PCL_E_NOMEM;
	d->nslots = 4096;
	d->max = d->nslots * 7 / 10;
	d->a = pcl_bigmem_calloc(d->nslots, sizeof *d->a);
	d->b = pcl_bigmem_calloc(d->nslots, sizeof *d->b);
	if (d->a == NULL || d->b == NULL) {
		pcl_dedup_free(d);
		return PCL_E_NOMEM;
	}
	*out = d;
	return PCL_OK;
}

void
pcl_dedup_free(struct pcl_dedup *d)
{
	if (d == NULL)
		return;
	pcl_bigmem_free(d->a, d->nslots * sizeof *d->a);
	pcl_bigmem_free(d->b, d->nslots * sizeof *d->b);
	free(d);
}

/*
 * Moves every fingerprint into a new table of 'n' slots allowing 'max'
 * entries. PCL_E_NOMEM leaves the set as it was.
 */
static int
rehash(struct pcl_dedup *d, size_t n, size_t max)
{
	size_t i, j;
	uint64_t *a = n <= UINT32_MAX ? pcl_bigmem_calloc(n, sizeof *a) : NULL;
	uint32_t *b = n <= UINT32_MAX ? pcl_bigmem_calloc(n, sizeof *b) : NULL;

	if (a == NULL || b == NULL) {
		pcl_bigmem_free(a, a != NULL ? n * sizeof *a : 0);
		pcl_bigmem_free(b, b != NULL ? n * sizeof *b : 0);
		return PCL_E_NOMEM;
	}
	for (i = 0; i < d->nslots; i++) {
		if (d->a[i] == 0)
			continue;
		for (j = home(d->a[i], n); a[j] != 0; j = j + 1 == n ? 0 : j + 1)
			;
		a[j] = d->a[i];
		b[j] = d->b[i];
	}
	pcl_bigmem_free(d->a, d->nslots * sizeof *d->a);
	pcl_bigmem_free(d->b, d->nslots * sizeof *d->b);
	d->a = a;
	d->b = b;
	d->nslots = n;
	d->max = max;
	return PCL_OK;
}

/* Slot holding 'fp', or the empty slot where it would go. */
static size_t
find(const struct pcl_dedup *d, const struct pcl_fingerprint *fp)
{
	uint32_t b = (uint32_t)fp->b & ~SEEN;
	size_t j;

	for (j = home(fp->a, d->nslots); d->a[j] != 0;
	    j = j + 1 == d->nslots ? 0 : j + 1)
		if (d->a[j] == fp->a && (d->b[j] & ~SEEN) == b)
			break;
	return j;
}

void
pcl_dedup_prefetch(const struct pcl_dedup *d, const struct pcl_fingerprint *fp)
{
	size_t j = home(fp->a, d->nslots);

	__builtin_prefetch(&d->a[j]);
	__builtin_prefetch(&d->b[j]);
}

int
pcl_dedup_first_pass(struct pcl_dedup *d, const struct pcl_fingerprint *fp,
    int *dup)
{
	size_t j = find(d, fp);

	if (d->a[j] != 0) {
		*dup = 1;
		return PCL_OK;
	}
	*dup = 0;
	d->a[j] = fp->a;
	d->b[j] = (uint32_t)fp->b & ~SEEN;
	if (++d->n > d->max)
		return rehash(d, d->nslots * 2, d->nslots * 2 * 7 / 10);
	return PCL_OK;
}

void
pcl_dedup_second_pass(struct pcl_dedup *d, const struct pcl_fingerprint *fp,
    int *dup)
{
	size_t j = find(d, fp);

	*dup = (d->b[j] & SEEN) != 0;
	d->b[j] |= SEEN;
}

int
pcl_dedup_reserve(struct pcl_dedup *d, size_t n)
{
	size_t slots = pcl_bigmem_slots_for(n);

	if (n > ((size_t)1 << 31))
		return PCL_E_NOMEM;
	if (n <= d->max || slots <= d->nslots)
		return PCL_OK;
	return rehash(d, slots, slots * 9 / 10);
}

size_t
pcl_dedup_count(const struct pcl_dedup *d)
{
	return d->n;
}

size_t
pcl_dedup_memory(const struct pcl_dedup *d)
{
	return d->nslots * (sizeof *d->a + sizeof *d->b);
}

uint64_t
pcl_fingerprint_share(const struct pcl_fingerprint *fp)
{
	uint64_t v = fp->a ^ (fp->b << 1 | fp->b >> 63);

	v ^= v >> 30;
	v *= 0xBF58476D1CE4E5B9ull;
	v ^= v >> 27;
	v *= 0x94D049BB133111EBull;
	v ^= v >> 31;
	return v;
}
