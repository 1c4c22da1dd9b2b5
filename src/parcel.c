/*
 * parcel: open-addressing index of parcels keyed by tracking number, an
 * arena for the keys, interned reason sets, the distinct HS-6
 * subheadings per parcel, and the sums of parcels in several currencies.
 */
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "parcel.h"
#include "banned.h"

struct arena {
	char	*buf;
	size_t	 len, cap;
};

struct pcl_parcels {
	struct pcl_parcel *v;
	uint32_t	   n, cap;
	uint32_t	  *slots;	/* parcel index + 1; 0 = empty */
	uint32_t	   nslots, maxp;	/* any number; parcels before growth */
	struct arena	   keys;	/* tracking numbers */
	/* interned reason sets */
	struct pcl_reasons *sets;
	uint64_t	  *set_hash;
	uint32_t	   nsets, capsets;
	uint32_t	  *set_slots;
	uint32_t	   nset_slots;
	/* (parcel, hs6) pairs */
	uint64_t	  *hs_slots;	/* (idx+1) << 32 | hs6; 0 = empty */
	size_t		   nhs, nhs_slots, maxhs;	/* maxhs: before growth */
	/* sums in the currencies after a parcel's first, chained per parcel */
	struct pcl_parcel_amounts *xv;
	uint32_t	   nx, xcap;
	uint64_t	  *x_slots;	/* (idx+1) << 32 | first + 1; 0 = empty */
	uint32_t	   nx_slots, nx_heads;
	struct pcl_reasons scratch;
};

/*
 * The parcel and HS-6 tables have any number of slots (not a power
 * of two), so that tables reserved for the batch are sized for load 0.85;
 * a hash's first slot is scaled from 32 of its bits, then linear
 * probing. Grown, a table doubles at load 0.7; reserved, it grows only
 * past load 0.9.
 */
static inline size_t
home(uint64_t h32, size_t cap)
{
	return (size_t)((h32 * (uint64_t)cap) >> 32);
}

/*
 * First slot of the pair of a parcel with key hash 'key_hash' and HS-6
 * 'hs6' in 'n' slots: from the parcel's key hash, not its index, so that
 * the slot can be fetched before the parcel is looked up.
 */
static inline size_t
hs_home(uint32_t key_hash, uint32_t hs6, size_t n)
{
	uint64_t k = (uint64_t)key_hash << 32 | hs6;

	return home(pcl_hash64(&k, sizeof k, 3) >> 32, n);
}

uint64_t
pcl_hash64(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ (len * 0x9E3779B97F4A7C15ull), k;

	while (len >= 8) {
		memcpy(&k, p, 8);
		k *= 0xBF58476D1CE4E5B9ull;
		k ^= k >> 31;
		h = (h ^ k) * 0x94D049BB133111EBull;
		h ^= h >> 29;
		p += 8;
		len -= 8;
	}
	k = 0;
	memcpy(&k, p, len);
	k ^= (uint64_t)len << 56;
	k *= 0xBF58476D1CE4E5B9ull;
	k ^= k >> 31;
	h = (h ^ k) * 0x94D049BB133111EBull;
	h ^= h >> 32;
	h *= 0xD6E8FEB86659FD93ull;
	h ^= h >> 32;
	return h;
}

static int
arena_put(struct arena *a, const char *s, size_t n, uint32_t *off)
{
	/* allocate even for n == 0: memcpy(NULL, s, 0) is undefined */
	if (a->len + n > a->cap || a->buf == NULL) {
		size_t cap = a->cap ? a->cap : 65536;
		char *b;

		while (cap < a->len + n)
			cap *= 2;
		if (cap > UINT32_MAX ||
		    (b = pcl_bigmem_realloc(a->buf, a->cap, cap)) == NULL)
			return PCL_E_NOMEM;
		a->buf = b;
		a->cap = cap;
	}
	memcpy(a->buf + a->len, s, n);
	*off = (uint32_t)a->len;
	a->len += n;
	return PCL_OK;
}

int
pcl_parcels_new(struct pcl_parcels **out)
{
	struct pcl_parcels *p = calloc(1, sizeof *p);

	*out = NULL;
	if (p == NULL)
		return PCL_E_NOMEM;
	p->nslots = 1024;
	p->maxp = p->nslots * 7 / 10;
	p->nset_slots = 256;
	p->nhs_slots = 1024;
	p->maxhs = p->nhs_slots * 7 / 10;
	p->slots = pcl_bigmem_calloc(p->nslots, sizeof *p->slots);
	p->set_slots = calloc(p->nset_slots, sizeof *p->set_slots);
	p->hs_slots = pcl_bigmem_calloc(p->nhs_slots, sizeof *p->hs_slots);
	p->capsets = 64;
	p->sets = calloc(p->capsets, sizeof *p->sets);
	p->set_hash = calloc(p->capsets, sizeof *p->set_hash);
	if (p->slots == NULL || p->set_slots == NULL || p->hs_slots == NULL ||
	    p->sets == NULL || p->set_hash == NULL) {
		pcl_parcels_free(p);
		return PCL_E_NOMEM;
	}
	/* set 0 is the empty set */
	pcl_reasons_init(&p->sets[0]);
	p->set_hash[0] = 0;
	p->nsets = 1;
	pcl_reasons_init(&p->scratch);
	*out = p;
	return PCL_OK;
}

void
pcl_parcels_free(struct pcl_parcels *p)
{
	uint32_t i;

	if (p == NULL)
		return;
	pcl_bigmem_free(p->v, (size_t)p->cap * sizeof *p->v);
	pcl_bigmem_free(p->slots, (size_t)p->nslots * sizeof *p->slots);
	pcl_bigmem_free(p->keys.buf, p->keys.cap);
	for (i = 0; i < p->nsets; i++)
		pcl_reasons_release(&p->sets[i]);
	free(p->sets);
	free(p->set_hash);
	free(p->set_slots);
	pcl_bigmem_free(p->hs_slots, p->nhs_slots * sizeof *p->hs_slots);
	free(p->xv);
	free(p->x_slots);
	pcl_reasons_release(&p->scratch);
	free(p);
}

/* Moves the parcel slots to 'n' slots allowing 'max' parcels. */
static int
resize_slots(struct pcl_parcels *p, size_t n, size_t max)
{
	uint32_t i, *s = n <= UINT32_MAX ? pcl_bigmem_calloc(n, sizeof *s) : NULL;

	if (s == NULL)
		return PCL_E_NOMEM;
	for (i = 0; i < p->n; i++) {
		size_t j = home(p->v[i].key_hash, n);

		while (s[j] != 0)
			j = j + 1 == n ? 0 : j + 1;
		s[j] = i + 1;
	}
	pcl_bigmem_free(p->slots, (size_t)p->nslots * sizeof *p->slots);
	p->slots = s;
	p->nslots = (uint32_t)n;
	p->maxp = (uint32_t)max;
	return PCL_OK;
}

/* The key hash of tracking number 'key' ('len' bytes). */
static inline uint32_t
key_hash(const char *key, size_t len)
{
	return (uint32_t)pcl_hash64(key, len, 0x5bd1e995);
}

void
pcl_parcels_prefetch(const struct pcl_parcels *p, const char *key,
    size_t len, int has_hs6, uint32_t hs6)
{
	uint32_t h = key_hash(key, len);

	__builtin_prefetch(&p->slots[home(h, p->nslots)]);
	if (has_hs6)
		__builtin_prefetch(&p->hs_slots[hs_home(h, hs6, p->nhs_slots)]);
}

int
pcl_parcels_get(struct pcl_parcels *p, const char *key, size_t len,
    int create, uint32_t *idx)
{
	uint32_t h = key_hash(key, len);
	size_t j = home(h, p->nslots);
	struct pcl_parcel *pc;

	for (; p->slots[j] != 0; j = j + 1 == p->nslots ? 0 : j + 1) {
		pc = &p->v[p->slots[j] - 1];
		if (pc->key_hash == h && pc->key_len == len &&
		    memcmp(p->keys.buf + pc->key_off, key, len) == 0) {
			*idx = p->slots[j] - 1;
			return PCL_OK;
		}
	}
	if (!create)
		return PCL_E_NOTFOUND;
	if (p->n == p->cap) {
		uint32_t cap = p->cap ? p->cap * 2 : 1024;
		struct pcl_parcel *v = pcl_bigmem_realloc(p->v,
		    (size_t)p->cap * sizeof *v, (size_t)cap * sizeof *v);

		if (v == NULL)
			return PCL_E_NOMEM;
		p->v = v;
		p->cap = cap;
	}
	pc = &p->v[p->n];
	memset(pc, 0, sizeof *pc);
	pc->key_hash = h;
	pc->key_len = (uint32_t)len;
	if (arena_put(&p->keys, key, len, &pc->key_off) != PCL_OK)
		return PCL_E_NOMEM;
	p->slots[j] = p->n + 1;
	*idx = p->n++;
	if (p->n > p->maxp)
		return resize_slots(p, (size_t)p->nslots * 2,
		    (size_t)p->nslots * 2 * 7 / 10);
	return PCL_OK;
}

struct pcl_parcel *
pcl_parcels_at(struct pcl_parcels *p, uint32_t idx)
{
	return &p->v[idx];
}

uint32_t
pcl_parcels_count(const struct pcl_parcels *p)
{
	return p->n;
}

size_t
pcl_parcels_npairs(const struct pcl_parcels *p)
{
	return p->nhs;
}

const char *
pcl_parcels_key(const struct pcl_parcels *p, const struct pcl_parcel *pc)
{
	return p->keys.buf != NULL ? p->keys.buf + pc->key_off : "";
}

static uint64_t
set_hash(const struct pcl_reasons *s)
{
	return s->n == 0 ? 0 : pcl_hash64(s->v, s->n * sizeof *s->v, 77) | 1;
}

static int
sets_equal(const struct pcl_reasons *a, const struct pcl_reasons *b)
{
	return a->n == b->n && (a->n == 0 ||
	    memcmp(a->v, b->v, a->n * sizeof *a->v) == 0);
}

static int
grow_set_slots(struct pcl_parcels *p)
{
	uint32_t n = p->nset_slots * 2, i, *s = calloc(n, sizeof *s);

	if (s == NULL)
		return PCL_E_NOMEM;
	for (i = 1; i < p->nsets; i++) {
		uint32_t j = (uint32_t)p->set_hash[i] & (n - 1);

		while (s[j] != 0)
			j = (j + 1) & (n - 1);
		s[j] = i;
	}
	free(p->set_slots);
	p->set_slots = s;
	p->nset_slots = n;
	return PCL_OK;
}

int
pcl_parcels_reasons_union(struct pcl_parcels *p, uint32_t id,
    const struct pcl_reasons *add, uint32_t *out)
{
	uint64_t h;
	uint32_t j;

	*out = id;
	if (add->n == 0)
		return PCL_OK;
	pcl_reasons_clear(&p->scratch);
	if (pcl_reasons_merge(&p->scratch, &p->sets[id]) != 0 ||
	    pcl_reasons_merge(&p->scratch, add) != 0)
		return PCL_E_NOMEM;
	if (sets_equal(&p->scratch, &p->sets[id]))
		return PCL_OK;
	h = set_hash(&p->scratch);
	for (j = (uint32_t)h & (p->nset_slots - 1); p->set_slots[j] != 0;
	    j = (j + 1) & (p->nset_slots - 1)) {
		uint32_t k = p->set_slots[j];

		if (p->set_hash[k] == h && sets_equal(&p->sets[k], &p->scratch)) {
			*out = k;
			return PCL_OK;
		}
	}
	if (p->nsets == p->capsets) {
		uint32_t cap = p->capsets * 2;
		struct pcl_reasons *s = realloc(p->sets, cap * sizeof *s);
		uint64_t *hh;

		if (s == NULL)
			return PCL_E_NOMEM;
		p->sets = s;
		if ((hh = realloc(p->set_hash, cap * sizeof *hh)) == NULL)
			return PCL_E_NOMEM;
		p->set_hash = hh;
		p->capsets = cap;
	}
	pcl_reasons_init(&p->sets[p->nsets]);
	if (pcl_reasons_merge(&p->sets[p->nsets], &p->scratch) != 0)
		return PCL_E_NOMEM;
	p->set_hash[p->nsets] = h;
	p->set_slots[j] = p->nsets;
	*out = p->nsets++;
	if (p->nsets * 2 > p->nset_slots)
		return grow_set_slots(p);
	return PCL_OK;
}

const struct pcl_reasons *
pcl_parcels_reasons(const struct pcl_parcels *p, uint32_t id)
{
	return &p->sets[id];
}

uint32_t
pcl_parcels_nreason_sets(const struct pcl_parcels *p)
{
	return p->nsets;
}

/* Moves the (parcel, HS-6) pairs to 'n' slots allowing 'max' pairs. */
static int
resize_hs(struct pcl_parcels *p, size_t n, size_t max)
{
	size_t i;
	uint64_t *s = n <= UINT32_MAX ? pcl_bigmem_calloc(n, sizeof *s) : NULL;

	if (s == NULL)
		return PCL_E_NOMEM;
	for (i = 0; i < p->nhs_slots; i++) {
		size_t j;

		if (p->hs_slots[i] == 0)
			continue;
		j = hs_home(p->v[(p->hs_slots[i] >> 32) - 1].key_hash,
		    (uint32_t)p->hs_slots[i], n);
		while (s[j] != 0)
			j = j + 1 == n ? 0 : j + 1;
		s[j] = p->hs_slots[i];
	}
	pcl_bigmem_free(p->hs_slots, p->nhs_slots * sizeof *p->hs_slots);
	p->hs_slots = s;
	p->nhs_slots = n;
	p->maxhs = max;
	return PCL_OK;
}

int
pcl_parcels_reserve(struct pcl_parcels *p, size_t parcels, size_t pairs)
{
	size_t n;

	if (parcels > ((size_t)1 << 31) || pairs > ((size_t)1 << 31))
		return PCL_E_NOMEM;
	n = pcl_bigmem_slots_for(parcels);
	if (parcels > p->maxp && n > p->nslots &&
	    resize_slots(p, n, n * 9 / 10) != PCL_OK)
		return PCL_E_NOMEM;
	n = pcl_bigmem_slots_for(pairs);
	if (pairs > p->maxhs && n > p->nhs_slots &&
	    resize_hs(p, n, n * 9 / 10) != PCL_OK)
		return PCL_E_NOMEM;
	return PCL_OK;
}

int
pcl_parcels_add_hs6(struct pcl_parcels *p, uint32_t idx, uint32_t hs6)
{
	uint64_t k = ((uint64_t)idx + 1) << 32 | hs6;
	size_t j = hs_home(p->v[idx].key_hash, hs6, p->nhs_slots);

	for (; p->hs_slots[j] != 0; j = j + 1 == p->nhs_slots ? 0 : j + 1)
		if (p->hs_slots[j] == k)
			return PCL_OK;
	p->hs_slots[j] = k;
	p->v[idx].nhs6++;
	if (++p->nhs > p->maxhs)
		return resize_hs(p, p->nhs_slots * 2, p->nhs_slots * 2 * 7 / 10);
	return PCL_OK;
}

size_t
pcl_parcels_memory(const struct pcl_parcels *p)
{
	return (size_t)p->cap * sizeof *p->v + p->nslots * sizeof *p->slots +
	    p->keys.cap + p->nhs_slots * sizeof *p->hs_slots +
	    (size_t)p->xcap * sizeof *p->xv +
	    (size_t)p->nx_slots * sizeof *p->x_slots;
}

/* Slot of parcel 'idx' in the table of first entries, or of its gap. */
static uint32_t
x_slot(const struct pcl_parcels *p, uint32_t idx)
{
	uint32_t j = (uint32_t)home(pcl_hash64(&idx, sizeof idx, 5) >> 32,
	    p->nx_slots);

	while (p->x_slots[j] != 0 && (uint32_t)(p->x_slots[j] >> 32) != idx + 1)
		j = j + 1 == p->nx_slots ? 0 : j + 1;
	return j;
}

/* Doubles the table of first entries (load at most 1/2). */
static int
x_grow(struct pcl_parcels *p)
{
	uint64_t *old = p->x_slots;
	uint32_t i, n = p->nx_slots, nn = n == 0 ? 64 : n * 2;

	if (nn < n || (p->x_slots = calloc(nn, sizeof *p->x_slots)) == NULL) {
		p->x_slots = old;
		return PCL_E_NOMEM;
	}
	p->nx_slots = nn;
	for (i = 0; i < n; i++)
		if (old[i] != 0)
			p->x_slots[x_slot(p, (uint32_t)(old[i] >> 32) - 1)] =
			    old[i];
	free(old);
	return PCL_OK;
}

int
pcl_parcels_amounts_in(struct pcl_parcels *p, uint32_t idx,
    const char *currency, struct pcl_parcel_amounts **out)
{
	struct pcl_parcel_amounts *e, *nv;
	uint32_t j, k, last = 0, ncap;

	*out = NULL;
	if (p->nx_slots == 0 && x_grow(p) != PCL_OK)
		return PCL_E_NOMEM;
	j = x_slot(p, idx);
	if (p->x_slots[j] != 0) {
		for (k = (uint32_t)p->x_slots[j]; k != 0; k = e->next) {
			e = &p->xv[k - 1];
			if (memcmp(e->currency, currency, 3) == 0) {
				*out = e;
				return PCL_OK;
			}
			last = k;
		}
	}
	if (p->nx == p->xcap) {
		ncap = p->xcap == 0 ? 16 : p->xcap * 2;
		if (ncap < p->xcap || (nv = realloc(p->xv, (size_t)ncap *
		    sizeof *nv)) == NULL)
			return PCL_E_NOMEM;
		p->xv = nv;
		p->xcap = ncap;
	}
	if (p->x_slots[j] == 0 && (p->nx_heads + 1) * 2 > p->nx_slots) {
		if (x_grow(p) != PCL_OK)
			return PCL_E_NOMEM;
		j = x_slot(p, idx);
	}
	e = &p->xv[p->nx++];
	memset(e, 0, sizeof *e);
	memcpy(e->currency, currency, 3);
	if (last != 0) {
		p->xv[last - 1].next = p->nx;
	} else {
		p->x_slots[j] = ((uint64_t)idx + 1) << 32 | p->nx;
		p->nx_heads++;
	}
	p->v[idx].mixed = 1;
	*out = e;
	return PCL_OK;
}

const struct pcl_parcel_amounts *
pcl_parcels_amounts_at(const struct pcl_parcels *p,
    const struct pcl_parcel *pc, size_t i)
{
	const struct pcl_parcel_amounts *e;
	uint32_t idx, k;

	if (p == NULL || !pc->mixed || p->nx_slots == 0 || pc < p->v ||
	    pc >= p->v + p->n)
		return NULL;
	idx = (uint32_t)(pc - p->v);
	k = (uint32_t)p->x_slots[x_slot(p, idx)];
	for (; k != 0; k = e->next) {
		e = &p->xv[k - 1];
		if (i-- == 0)
			return e;
	}
	return NULL;
}

enum pcl_column
pcl_parcel_add_amounts(struct pcl_parcel *pc, const struct pcl_item *it,
    int postage)
{
	if (pcl_money_add64(&pc->value_micros, it->value_micros) != PCL_OK)
		return PCL_COL_ITEM_VALUE;
	if (pcl_money_add64(&pc->transport_micros, it->transport_micros) !=
	    PCL_OK)
		return postage ? PCL_COL_ITEM_VALUE : PCL_COL_TRANSPORT_COST;
	if (pcl_money_add64(&pc->insurance_micros, it->insurance_micros) !=
	    PCL_OK)
		return PCL_COL_INSURANCE_COST;
	return PCL_COL_NONE;
}
