/*
 * conflict: two open-addressing hash tables keyed by 64-bit item hashes
 * (see conflict.h). Key 0 marks an empty slot; a real key 0 is stored
 * as 1 (one more collision in 2^64).
 *
 * The tables hold one slot per item of the batch, so their size is
 * most of the memory of a run. A table has any number of slots (not a
 * power of two): a key's first slot is scaled from 32 bits of it (home()),
 * linear probing from there. Grown, a table doubles at load 0.7;
 * reserved from the estimate of the batch, it is sized for load 0.85 and
 * grows only past 0.9. Slots are 4-byte aligned: 28 bytes per item
 * slot (key, 8 group hashes, 32 fingerprint bits), 12 per near-duplicate
 * slot.
 */
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "conflict.h"
#include "banned.h"

struct item_slot {
	uint32_t key[2];	/* the 64-bit key, unaligned */
	uint16_t g[PCL_CG_COUNT];
	uint32_t fp;		/* 32 bits of the first copy's fingerprint */
};

struct near_slot {
	uint32_t key[2];
	uint32_t parcel;
};

/* One table: 'cap' slots of 'size' bytes, the key in the first 8. */
struct table {
	unsigned char	*v;
	size_t		 n, cap, max;	/* entries, slots, entries before growth */
};

struct pcl_conflict {
	struct table	items, near;
};

/* Largest table: slot numbers are scaled from 32 bits of the key. */
#define MAX_SLOTS	((size_t)UINT32_MAX)

int
pcl_conflict_new(struct pcl_conflict **out)
{
	*out = calloc(1, sizeof **out);
	return *out != NULL ? PCL_OK : PCL_E_NOMEM;
}

void
pcl_conflict_free(struct pcl_conflict *c)
{
	if (c == NULL)
		return;
	pcl_bigmem_free(c->items.v, c->items.cap * sizeof(struct item_slot));
	pcl_bigmem_free(c->near.v, c->near.cap * sizeof(struct near_slot));
	free(c);
}

/*
 * First slot of 'key' in a table of 'cap' slots: the high 32 bits of
 * the key times a Fibonacci constant (so even keys 1, 2, 3 spread),
 * scaled to 'cap'.
 */
static inline size_t
home(uint64_t key, size_t cap)
{
	return (size_t)((((key * 0x9E3779B97F4A7C15ull) >> 32) *
	    (uint64_t)cap) >> 32);
}

static inline uint64_t
key_at(const struct table *t, size_t size, size_t j)
{
	uint64_t k;

	memcpy(&k, t->v + j * size, sizeof k);
	return k;
}

/*
 * Moves 't' (slots of 'size' bytes) to 'nc' slots allowing 'max' entries.
 * PCL_E_NOMEM leaves it as it was.
 */
static int
resize(struct table *t, size_t size, size_t nc, size_t max)
{
	size_t i;
	unsigned char *v;

	if (nc > MAX_SLOTS || (v = pcl_bigmem_calloc(nc, size)) == NULL)
		return PCL_E_NOMEM;
	for (i = 0; i < t->cap; i++) {
		uint64_t k = key_at(t, size, i), e;
		size_t j;

		if (k == 0)
			continue;
		for (j = home(k, nc);; j = j + 1 == nc ? 0 : j + 1) {
			memcpy(&e, v + j * size, sizeof e);
			if (e == 0)
				break;
		}
		memcpy(v + j * size, t->v + i * size, size);
	}
	pcl_bigmem_free(t->v, t->cap * size);
	t->v = v;
	t->cap = nc;
	t->max = max;
	return PCL_OK;
}

/* Makes room for one more entry: doubles at load 0.7 (1024 at first). */
static int
room(struct table *t, size_t size)
{
	size_t nc = t->cap ? t->cap * 2 : 1024;

	if (t->n + 1 <= t->max)
		return PCL_OK;
	return resize(t, size, nc, nc * 7 / 10);
}

/*
 * Sizes 't' for 'n' entries: load 0.85 at 'n', growth past 0.9.
 * Nothing to do when it holds them already.
 */
static int
reserve(struct table *t, size_t size, size_t n)
{
	size_t nc = pcl_bigmem_slots_for(n);

	if (n <= t->max || nc <= t->cap)
		return PCL_OK;
	return resize(t, size, nc, nc * 9 / 10);
}

int
pcl_conflict_reserve(struct pcl_conflict *c, size_t items, size_t near)
{
	if (items > ((size_t)1 << 31) || near > ((size_t)1 << 31))
		return PCL_E_NOMEM;
	if (reserve(&c->items, sizeof(struct item_slot), items) != PCL_OK ||
	    reserve(&c->near, sizeof(struct near_slot), near) != PCL_OK)
		return PCL_E_NOMEM;
	return PCL_OK;
}

int
pcl_conflict_item(struct pcl_conflict *c, uint64_t key,
    const uint16_t g[PCL_CG_COUNT], unsigned *diff)
{
	int copy;

	return pcl_conflict_item_fp(c, key, g, 0, &copy, diff);
}

int
pcl_conflict_item_fp(struct pcl_conflict *c, uint64_t key,
    const uint16_t g[PCL_CG_COUNT], uint32_t fp, int *copy, unsigned *diff)
{
	struct table *t = &c->items;
	size_t j;
	int i;

	*diff = 0;
	*copy = PCL_CONFLICT_FIRST;
	key = key ? key : 1;
	if (room(t, sizeof(struct item_slot)) != PCL_OK)
		return PCL_E_NOMEM;
	for (j = home(key, t->cap);; j = j + 1 == t->cap ? 0 : j + 1) {
		struct item_slot *s = (struct item_slot *)(void *)t->v + j;
		uint64_t k = key_at(t, sizeof *s, j);

		if (k == key) {
			*copy = s->fp == fp ? PCL_CONFLICT_SAME : PCL_CONFLICT_OTHER;
			for (i = 0; i < PCL_CG_COUNT; i++)
				if (s->g[i] != g[i])
					*diff |= 1u << i;
			return PCL_OK;
		}
		if (k == 0) {
			memcpy(s->key, &key, sizeof key);
			memcpy(s->g, g, sizeof s->g);
			s->fp = fp;
			t->n++;
			return PCL_OK;
		}
	}
}

int
pcl_conflict_near(struct pcl_conflict *c, uint64_t key, uint32_t parcel,
    uint32_t *other)
{
	struct table *t = &c->near;
	size_t j;

	*other = UINT32_MAX;
	key = key ? key : 1;
	if (room(t, sizeof(struct near_slot)) != PCL_OK)
		return PCL_E_NOMEM;
	for (j = home(key, t->cap);; j = j + 1 == t->cap ? 0 : j + 1) {
		struct near_slot *s = (struct near_slot *)(void *)t->v + j;
		uint64_t k = key_at(t, sizeof *s, j);

		if (k == key) {
			if (s->parcel != parcel)
				*other = s->parcel;
			return PCL_OK;
		}
		if (k == 0) {
			memcpy(s->key, &key, sizeof key);
			s->parcel = parcel;
			t->n++;
			return PCL_OK;
		}
	}
}

/* Fetches the first slot of 'key' in 't' (slots of 'size' bytes). */
static inline void
prefetch(const struct table *t, size_t size, uint64_t key)
{
	if (t->cap > 0)
		__builtin_prefetch(t->v + home(key ? key : 1, t->cap) * size);
}

void
pcl_conflict_prefetch(const struct pcl_conflict *c, int has_item,
    uint64_t item, int has_near, uint64_t near)
{
	if (has_item)
		prefetch(&c->items, sizeof(struct item_slot), item);
	if (has_near)
		prefetch(&c->near, sizeof(struct near_slot), near);
}

size_t
pcl_conflict_items(const struct pcl_conflict *c)
{
	return c->items.n;
}

size_t
pcl_conflict_nears(const struct pcl_conflict *c)
{
	return c->near.n;
}

size_t
pcl_conflict_memory(const struct pcl_conflict *c)
{
	return sizeof *c + c->items.cap * sizeof(struct item_slot) +
	    c->near.cap * sizeof(struct near_slot);
}
