/*
 * hitlog: screening hits of pass 1 kept for pass 2 (see hitlog.h).
 */
#include <stdlib.h>
#include <string.h>

#include "hitlog.h"
#include "banned.h"

struct rec {
	uint64_t	ordinal;
	size_t		first, n;	/* items[first .. first + n) */
};

struct pcl_hitlog {
	struct rec		*recs;
	size_t			 nrecs, recs_cap, cursor;
	struct pcl_screen_fire	*items;
	size_t			 nitems, items_cap;
};

int
pcl_hitlog_open(struct pcl_hitlog **out)
{
	*out = calloc(1, sizeof **out);
	return *out != NULL ? PCL_OK : PCL_E_NOMEM;
}

void
pcl_hitlog_free(struct pcl_hitlog *h)
{
	if (h == NULL)
		return;
	free(h->recs);
	free(h->items);
	free(h);
}

int
pcl_hitlog_add(struct pcl_hitlog *h, uint64_t ordinal,
    const struct pcl_screen_fire *f, size_t n)
{
	if (n == 0)
		return PCL_OK;
	if (h->nrecs == h->recs_cap) {
		size_t cap = h->recs_cap ? h->recs_cap * 2 : 256;
		struct rec *r = realloc(h->recs, cap * sizeof *r);

		if (r == NULL)
			return PCL_E_NOMEM;
		h->recs = r;
		h->recs_cap = cap;
	}
	if (h->nitems + n > h->items_cap) {
		size_t cap = h->items_cap ? h->items_cap * 2 : 256;
		struct pcl_screen_fire *it;

		while (cap < h->nitems + n)
			cap *= 2;
		if ((it = realloc(h->items, cap * sizeof *it)) == NULL)
			return PCL_E_NOMEM;
		h->items = it;
		h->items_cap = cap;
	}
	memcpy(h->items + h->nitems, f, n * sizeof *f);
	h->recs[h->nrecs].ordinal = ordinal;
	h->recs[h->nrecs].first = h->nitems;
	h->recs[h->nrecs].n = n;
	h->nrecs++;
	h->nitems += n;
	return PCL_OK;
}

size_t
pcl_hitlog_find(struct pcl_hitlog *h, uint64_t ordinal,
    const struct pcl_screen_fire **f)
{
	while (h->cursor < h->nrecs && h->recs[h->cursor].ordinal < ordinal)
		h->cursor++;
	if (h->cursor == h->nrecs || h->recs[h->cursor].ordinal != ordinal)
		return 0;
	*f = h->items + h->recs[h->cursor].first;
	return h->recs[h->cursor].n;
}

size_t
pcl_hitlog_count(const struct pcl_hitlog *h)
{
	return h != NULL ? h->nrecs : 0;
}

size_t
pcl_hitlog_memory(const struct pcl_hitlog *h)
{
	return h != NULL ? h->recs_cap * sizeof *h->recs +
	    h->items_cap * sizeof *h->items : 0;
}
