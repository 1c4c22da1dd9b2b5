/*
 * conflict: two open-addressing hash tables keyed by 64-bit item hashes
 * (see conflict.h). Key 0 marks an empty slot; a real key 0 is stored
 * as 1 (one more collision in 2^64).
 */
#include <stdlib.h>
#include <string.h>

#include "conflict.h"
#include "banned.h"

struct item_slot {
	uint64_t key;
	uint16_t g[PCL_CG_COUNT];
};

struct near_slot {
	uint64_t key;
	uint32_t parcel;
};

struct pcl_conflict {
	struct item_slot *items;
	size_t		  nitems, capitems;
	struct near_slot *near;
	size_t		  nnear, capnear;
};

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
	free(c->items);
	free(c->near);
	free(c);
}

/* Moves 'tab' of '*cap' slots of 'size' bytes (key first) to 'nc' slots. */
static int
resize(void **tab, size_t *cap, size_t size, size_t nc)
{
	size_t i;
	unsigned char *old = *tab, *t = calloc(nc, size);

	if (t == NULL)
		return PCL_E_NOMEM;
	for (i = 0; i < *cap; i++) {
		uint64_t k;
		size_t j;

		memcpy(&k, old + i * size, sizeof k);
		if (k == 0)
			continue;
		for (j = k & (nc - 1);; j = (j + 1) & (nc - 1)) {
			uint64_t e;

			memcpy(&e, t + j * size, sizeof e);
			if (e == 0)
				break;
		}
		memcpy(t + j * size, old + i * size, size);
	}
	free(old);
	*tab = t;
	*cap = nc;
	return PCL_OK;
}

/* Grows 'tab' of 'cap' slots of 'size' bytes to double (1024 at first). */
static int
grow(void **tab, size_t *cap, size_t size)
{
	return resize(tab, cap, size, *cap ? *cap * 2 : 1024);
}

/* Slots a table grows to for 'n' entries (load at most 0.7). */
static size_t
slots_for(size_t cap, size_t n)
{
	if (cap == 0)
		cap = 1024;
	while (n * 10 > cap * 7)
		cap *= 2;
	return cap;
}

int
pcl_conflict_reserve(struct pcl_conflict *c, size_t items, size_t near)
{
	size_t n;

	if (items > ((size_t)1 << 36) || near > ((size_t)1 << 36))
		return PCL_E_NOMEM;
	if ((n = slots_for(c->capitems, items)) != c->capitems &&
	    resize((void **)&c->items, &c->capitems, sizeof *c->items, n) !=
	    PCL_OK)
		return PCL_E_NOMEM;
	if ((n = slots_for(c->capnear, near)) != c->capnear &&
	    resize((void **)&c->near, &c->capnear, sizeof *c->near, n) !=
	    PCL_OK)
		return PCL_E_NOMEM;
	return PCL_OK;
}

int
pcl_conflict_item(struct pcl_conflict *c, uint64_t key,
    const uint16_t g[PCL_CG_COUNT], unsigned *diff)
{
	size_t j;
	int i;

	*diff = 0;
	key = key ? key : 1;
	if ((c->nitems + 1) * 10 > c->capitems * 7 &&
	    grow((void **)&c->items, &c->capitems, sizeof *c->items) != PCL_OK)
		return PCL_E_NOMEM;
	for (j = key & (c->capitems - 1);; j = (j + 1) & (c->capitems - 1)) {
		struct item_slot *s = &c->items[j];

		if (s->key == key) {
			for (i = 0; i < PCL_CG_COUNT; i++)
				if (s->g[i] != g[i])
					*diff |= 1u << i;
			return PCL_OK;
		}
		if (s->key == 0) {
			s->key = key;
			memcpy(s->g, g, sizeof s->g);
			c->nitems++;
			return PCL_OK;
		}
	}
}

int
pcl_conflict_near(struct pcl_conflict *c, uint64_t key, uint32_t parcel,
    uint32_t *other)
{
	size_t j;

	*other = UINT32_MAX;
	key = key ? key : 1;
	if ((c->nnear + 1) * 10 > c->capnear * 7 &&
	    grow((void **)&c->near, &c->capnear, sizeof *c->near) != PCL_OK)
		return PCL_E_NOMEM;
	for (j = key & (c->capnear - 1);; j = (j + 1) & (c->capnear - 1)) {
		struct near_slot *s = &c->near[j];

		if (s->key == key) {
			if (s->parcel != parcel)
				*other = s->parcel;
			return PCL_OK;
		}
		if (s->key == 0) {
			s->key = key;
			s->parcel = parcel;
			c->nnear++;
			return PCL_OK;
		}
	}
}

size_t
pcl_conflict_memory(const struct pcl_conflict *c)
{
	return sizeof *c + c->capitems * sizeof *c->items +
	    c->capnear * sizeof *c->near;
}
