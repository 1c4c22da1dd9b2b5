/*
 * duplicate: first copy, exact or conflicting duplicate, and near
 * duplicates (see duplicate.h).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "conflict.h"
#include "duplicate.h"
#include "identity.h"
#include "parcel.h"
#include "banned.h"

struct pcl_duplicates {
	struct pcl_dedup	*set;		/* pass 1 only */
	struct pcl_conflict	*items;		/* pass 1 only */
	int			 by_key;
	uint64_t		*ordinals;	/* exact duplicates, ascending */
	size_t			 n, cap, next;
	uint64_t		 seen;		/* records asked in pass 2 */
};

/* Column group of each canonical column for conflicting duplicates. */
static int
group_of(int c)
{
	switch (c) {
	case PCL_COL_ITEM_VALUE: case PCL_COL_UNIT_VALUE:
	case PCL_COL_QUANTITY: case PCL_COL_CURRENCY:
		return PCL_CG_VALUE;
	case PCL_COL_DESCRIPTION:	return PCL_CG_DESCRIPTION;
	case PCL_COL_HS_CODE:		return PCL_CG_HS_CODE;
	case PCL_COL_CONSIGNEE_NAME: case PCL_COL_CONSIGNEE_ADDRESS:
	case PCL_COL_CONSIGNEE_CITY: case PCL_COL_CONSIGNEE_POSTCODE:
	case PCL_COL_CONSIGNEE_COUNTRY: case PCL_COL_CONSIGNEE_ID:
	case PCL_COL_CONSIGNEE_PHONE: case PCL_COL_CONSIGNEE_EMAIL:
		return PCL_CG_CONSIGNEE;
	case PCL_COL_CONSIGNOR_NAME: case PCL_COL_CONSIGNOR_ADDRESS:
	case PCL_COL_CONSIGNOR_COUNTRY: case PCL_COL_CONSIGNOR_ID:
	case PCL_COL_CONSIGNOR_CITY: case PCL_COL_CONSIGNOR_POSTCODE:
		return PCL_CG_CONSIGNOR;
	case PCL_COL_GROSS_MASS_KG:
	case PCL_COL_NET_MASS_KG:	return PCL_CG_MASS;
	case PCL_COL_ORIGIN_COUNTRY:	return PCL_CG_ORIGIN;
	default:			return PCL_CG_OTHER;
	}
}

void
pcl_dup_keys(const struct pcl_row *row, const struct pcl_item *it,
    uint64_t ch, struct pcl_dup_keys *k)
{
	uint64_t h[PCL_CG_COUNT], key;
	int c, i;

	k->has_item = k->has_near = 0;
	if (row->len[PCL_COL_TRACKING_NUMBER] == 0 || row->row_class >= 0)
		return;
	if (row->len[PCL_COL_ITEM_SEQ] > 0) {
		for (i = 0; i < PCL_CG_COUNT; i++)
			h[i] = 0x51ED0000u + (uint64_t)i;
		for (c = 0; c < PCL_COL_COUNT; c++)
			if (c != PCL_COL_TRACKING_NUMBER && c != PCL_COL_ITEM_SEQ)
				h[group_of(c)] = pcl_hash64(row->v[c], row->len[c],
				    h[group_of(c)] + (uint64_t)c);
		for (i = 0; i < PCL_CG_COUNT; i++)
			k->g[i] = (uint16_t)(h[i] ^ (h[i] >> 16) ^ (h[i] >> 32) ^
			    (h[i] >> 48));
		k->item = pcl_hash64(row->v[PCL_COL_ITEM_SEQ],
		    row->len[PCL_COL_ITEM_SEQ],
		    pcl_hash64(row->v[PCL_COL_TRACKING_NUMBER],
		    row->len[PCL_COL_TRACKING_NUMBER], 0xC0FF1C7));
		k->has_item = 1;
	}
	/* near-duplicates need a known consignee */
	if (row->len[PCL_COL_CONSIGNEE_NAME] == 0 &&
	    row->len[PCL_COL_CONSIGNEE_ID] == 0)
		return;
	key = pcl_identity_text_key(row->v[PCL_COL_CONSIGNOR_NAME],
	    row->len[PCL_COL_CONSIGNOR_NAME], 0x4E454152);
	key = pcl_hash64(row->v[PCL_COL_CONSIGNOR_ID],
	    row->len[PCL_COL_CONSIGNOR_ID], key);
	key = pcl_hash64(&ch, sizeof ch, key);
	key = pcl_identity_text_key(row->v[PCL_COL_DESCRIPTION],
	    row->len[PCL_COL_DESCRIPTION], key);
	key = pcl_hash64(&it->value_micros, sizeof it->value_micros, key);
	key = pcl_hash64(it->currency, 3, key);
	key = pcl_hash64(&it->date, sizeof it->date, key);
	k->near = key;
	k->has_near = 1;
}

int
pcl_duplicates_new(struct pcl_duplicates **out, int items_by_key)
{
	struct pcl_duplicates *d;

	*out = NULL;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return PCL_E_NOMEM;
	d->by_key = items_by_key;
	if (pcl_dedup_new(&d->set) != PCL_OK ||
	    pcl_conflict_new(&d->items) != PCL_OK) {
		pcl_duplicates_free(d);
		return PCL_E_NOMEM;
	}
	*out = d;
	return PCL_OK;
}

void
pcl_duplicates_free(struct pcl_duplicates *d)
{
	if (d == NULL)
		return;
	pcl_dedup_free(d->set);
	pcl_conflict_free(d->items);
	free(d->ordinals);
	free(d);
}

/* Remembers exact duplicate 'ordinal' for pass 2. */
static int
remember(struct pcl_duplicates *d, uint64_t ordinal)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 1024;
		uint64_t *o = realloc(d->ordinals, cap * sizeof *o);

		if (o == NULL)
			return PCL_E_NOMEM;
		d->ordinals = o;
		d->cap = cap;
	}
	d->ordinals[d->n++] = ordinal;
	return PCL_OK;
}

int
pcl_duplicates_classify(struct pcl_duplicates *d, const struct pcl_dup_keys *k,
    const struct pcl_fingerprint *fp, uint64_t ordinal,
    struct pcl_dup_class *c)
{
	int dup = 0, copy;

	c->kind = PCL_DUP_FIRST;
	c->diff = 0;
	if (!d->by_key || !k->has_item) {
		if (pcl_dedup_first_pass(d->set, fp, &dup) != PCL_OK)
			return PCL_E_NOMEM;
	} else {
		/* the first copy of the item answers; a later other copy
		 * goes to the set too */
		if (pcl_conflict_item_fp(d->items, k->item, k->g,
		    (uint32_t)(fp->b >> 32), &copy, &c->diff) != PCL_OK)
			return PCL_E_NOMEM;
		dup = copy == PCL_CONFLICT_SAME;
		if (copy == PCL_CONFLICT_OTHER &&
		    pcl_dedup_first_pass(d->set, fp, &dup) != PCL_OK)
			return PCL_E_NOMEM;
	}
	if (dup) {
		c->kind = PCL_DUP_EXACT;
		c->diff = 0;
		return remember(d, ordinal);
	}
	return PCL_OK;
}

int
pcl_duplicates_reasons(struct pcl_duplicates *d, const struct pcl_dup_class *c,
    const struct pcl_dup_keys *k, uint32_t idx, struct pcl_parcels *parcels,
    struct pcl_reasons *rs)
{
	static const int group_col[PCL_CG_COUNT] = {
		PCL_COL_ITEM_VALUE, PCL_COL_DESCRIPTION, PCL_COL_HS_CODE,
		PCL_COL_CONSIGNEE_NAME, PCL_COL_CONSIGNOR_NAME,
		PCL_COL_GROSS_MASS_KG, PCL_COL_ORIGIN_COUNTRY, PCL_COL_NONE
	};
	unsigned diff = c->diff;
	uint32_t other;
	int i;

	if (k->has_item) {
		/* by key, classify() already looked the item up */
		if (!d->by_key &&
		    pcl_conflict_item(d->items, k->item, k->g, &diff) != PCL_OK)
			return PCL_E_NOMEM;
		for (i = 0; i < PCL_CG_COUNT; i++)
			if ((diff & (1u << i)) &&
			    pcl_reasons_add(rs, PCL_R_CONFLICTING_DUPLICATE,
			    group_col[i]) != 0)
				return PCL_E_NOMEM;
	}
	if (!k->has_near)
		return PCL_OK;
	if (pcl_conflict_near(d->items, k->near, idx, &other) != PCL_OK)
		return PCL_E_NOMEM;
	if (other != UINT32_MAX) {
		struct pcl_reasons one;
		struct pcl_parcel *op = pcl_parcels_at(parcels, other);
		int rc;

		pcl_reasons_init(&one);
		rc = pcl_reasons_add(&one, PCL_R_NEAR_DUPLICATE, PCL_COL_NONE) != 0 ||
		    pcl_reasons_add(rs, PCL_R_NEAR_DUPLICATE, PCL_COL_NONE) != 0 ?
		    PCL_E_NOMEM : pcl_parcels_reasons_union(parcels,
		    op->reasons, &one, &op->reasons);
		pcl_reasons_release(&one);
		return rc;
	}
	return PCL_OK;
}

void
pcl_duplicates_prefetch(const struct pcl_duplicates *d,
    const struct pcl_dup_keys *k, const struct pcl_fingerprint *fp)
{
	if (!d->by_key || !k->has_item)
		pcl_dedup_prefetch(d->set, fp);
	pcl_conflict_prefetch(d->items, k->has_item, k->item, k->has_near,
	    k->near);
}

void
pcl_duplicates_reserve(struct pcl_duplicates *d, unsigned long long seen,
    unsigned long long est)
{
	if (seen == 0)
		return;
	/* each index for what it holds so far times the same ratio */
	(void)pcl_dedup_reserve(d->set,
	    (size_t)(pcl_dedup_count(d->set) * est / seen));
	(void)pcl_conflict_reserve(d->items,
	    (size_t)(pcl_conflict_items(d->items) * est / seen),
	    (size_t)(pcl_conflict_nears(d->items) * est / seen));
}

size_t
pcl_duplicates_end_first_pass(struct pcl_duplicates *d)
{
	size_t bytes = d->set != NULL ? pcl_dedup_memory(d->set) : 0;

	pcl_dedup_free(d->set);
	d->set = NULL;
	pcl_conflict_free(d->items);
	d->items = NULL;
	return bytes;
}

int
pcl_duplicates_next_is_exact(struct pcl_duplicates *d)
{
	int dup = d->next < d->n && d->ordinals[d->next] == d->seen;

	d->next += dup;
	d->seen++;
	return dup;
}
