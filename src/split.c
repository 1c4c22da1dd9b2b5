/*
 * split: open-addressing table of consignee-day aggregates (split.h).
 */
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "parcel.h"
#include "split.h"
#include "banned.h"

struct slot {
	pcl_i128 sum;
	uint64_t key;		/* 0: empty */
	uint32_t n;
	char	 currency[3];
	uint8_t	 bad;		/* mixed currencies or overflow */
};

struct pcl_split {
	struct slot *v;
	size_t n, cap, max;	/* max: entries before growth */
};

/*
 * Any number of slots (not a power of two), so that a table
 * reserved for the parcels of the batch is sized for load 0.85; a key's
 * first slot is scaled from its high 32 bits, then linear probing.
 * Grown, the table doubles at load 0.7; reserved, it grows only past
 * load 0.9.
 */
static inline size_t
home(uint64_t key, size_t cap)
{
	return (size_t)(((key >> 32) * (uint64_t)cap) >> 32);
}

int
pcl_split_new(struct pcl_split **out)
{
	*out = calloc(1, sizeof **out);
	return *out != NULL ? PCL_OK : PCL_E_NOMEM;
}

void
pcl_split_free(struct pcl_split *s)
{
	if (s == NULL)
		return;
	pcl_bigmem_free(s->v, s->cap * sizeof *s->v);
	free(s);
}

uint64_t
pcl_split_key(uint64_t consignee, int32_t date, const char *dest)
{
	uint64_t k = pcl_hash64(&consignee, sizeof consignee, 0x5B117);

	k = pcl_hash64(&date, sizeof date, k);
	k = pcl_hash64(dest, strnlen(dest, 3), k);
	return k ? k : 1;
}

static struct slot *
find(const struct pcl_split *s, uint64_t key)
{
	size_t j;

	if (s->cap == 0)
		return NULL;
	for (j = home(key, s->cap);; j = j + 1 == s->cap ? 0 : j + 1)
		if (s->v[j].key == key || s->v[j].key == 0)
			return &s->v[j];
}

/* Moves the aggregates to 'cap' slots allowing 'max' entries. */
static int
resize(struct pcl_split *s, size_t cap, size_t max)
{
	struct pcl_split t;
	size_t i;

	t.cap = cap;
	t.max = max;
	t.n = s->n;
	if (cap > UINT32_MAX || (t.v = pcl_bigmem_calloc(t.cap, sizeof *t.v)) ==
	    NULL)
		return PCL_E_NOMEM;
	for (i = 0; i < s->cap; i++)
		if (s->v[i].key != 0)
			*find(&t, s->v[i].key) = s->v[i];
	pcl_bigmem_free(s->v, s->cap * sizeof *s->v);
	*s = t;
	return PCL_OK;
}

int
pcl_split_reserve(struct pcl_split *s, size_t n)
{
	size_t cap = pcl_bigmem_slots_for(n);

	if (n > ((size_t)1 << 31))
		return PCL_E_NOMEM;
	if (n <= s->max || cap <= s->cap)
		return PCL_OK;
	return resize(s, cap, cap * 9 / 10);
}

void
pcl_split_prefetch(const struct pcl_split *s, uint64_t key)
{
	if (s->cap > 0)
		__builtin_prefetch(&s->v[home(key ? key : 1, s->cap)]);
}

int
pcl_split_add(struct pcl_split *s, uint64_t key, const char *currency,
    pcl_i128 minor)
{
	struct slot *e;

	key = key ? key : 1;
	if (s->n + 1 > s->max && resize(s, s->cap ? s->cap * 2 : 1024,
	    (s->cap ? s->cap * 2 : 1024) * 7 / 10) != PCL_OK)
		return PCL_E_NOMEM;
	e = find(s, key);
	if (e->key == 0) {
		e->key = key;
		memcpy(e->currency, currency, 3);
		s->n++;
	} else if (memcmp(e->currency, currency, 3) != 0) {
		e->bad = 1;
	}
	e->n++;
	if (pcl_money_add(e->sum, minor, &e->sum) != PCL_OK) {
		e->bad = 1;
		return PCL_E_OVERFLOW;
	}
	return PCL_OK;
}

int
pcl_split_add_earlier(struct pcl_split *s, uint64_t key, const char *currency,
    pcl_i128 minor, uint32_t count)
{
	struct slot *e;
	int rc;

	if (count == 0)
		return PCL_OK;
	if ((rc = pcl_split_add(s, key, currency, minor)) != PCL_OK)
		return rc;
	e = find(s, key ? key : 1);
	e->n += count - 1;
	return PCL_OK;
}

int
pcl_split_get(const struct pcl_split *s, uint64_t key, const char *currency,
    pcl_i128 *minor, uint32_t *n)
{
	const struct slot *e = find(s, key ? key : 1);

	if (e == NULL || e->key == 0 || e->bad ||
	    memcmp(e->currency, currency, 3) != 0)
		return 0;
	*minor = e->sum;
	*n = e->n;
	return 1;
}

size_t
pcl_split_memory(const struct pcl_split *s)
{
	return sizeof *s + s->cap * sizeof *s->v;
}
