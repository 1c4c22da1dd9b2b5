/*
 * stats: per-parcel totals for summary.json and the report (see stats.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "banned.h"

struct pcl_stats {
	struct pcl_value_total	*v;
	size_t			 nv;
	struct pcl_rule_hist	*r;
	size_t			 nr;
	struct pcl_dest_lanes	*d;
	size_t			 nd;
	unsigned long long	 reasons[PCL_R_COUNT];
};

int
pcl_stats_new(struct pcl_stats **out)
{
	if ((*out = calloc(1, sizeof **out)) == NULL)
		return PCL_E_NOMEM;
	return PCL_OK;
}

void
pcl_stats_free(struct pcl_stats *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s->r);
	free(s->d);
	free(s);
}

/* Grows array '*p' of '*n' elements of 'size' bytes by one zeroed
 * element; returns it or NULL. */
static void *
grow(void *p, size_t *n, size_t size, void **out)
{
	char *q = realloc(p, (*n + 1) * size);

	if (q == NULL)
		return NULL;
	memset(q + *n * size, 0, size);
	*out = q;
	return q + (*n)++ * size;
}

static int
add_value(struct pcl_stats *s, const char *dest, enum pcl_lane lane,
    const char *cur, pcl_i128 micros)
{
	struct pcl_value_total *t;
	size_t i;
	void *np;

	for (i = 0; i < s->nv; i++) {
		t = &s->v[i];
		if (t->lane == lane && strcmp(t->dest, dest) == 0 &&
		    strcmp(t->currency, cur) == 0)
			break;
	}
	if (i == s->nv) {
		if ((t = grow(s->v, &s->nv, sizeof *t, &np)) == NULL)
			return PCL_E_NOMEM;
		s->v = np;
		memcpy(t->dest, dest, 3);
		t->lane = lane;
		memcpy(t->currency, cur, 4);
	} else {
		t = &s->v[i];
	}
	t->parcels++;
	/* a sum past the 128-bit range cannot come from checked values */
	return pcl_money_add(t->micros, micros, &t->micros) == PCL_OK ?
	    PCL_OK : PCL_E_OVERFLOW;
}

static int
add_hist(struct pcl_stats *s, const char *rule_id, const char *assessed,
    const char *threshold, const char *cur)
{
	struct pcl_rule_hist *h;
	pcl_i128 a, t;
	size_t i, b;
	void *np;

	if (pcl_money_parse(assessed, strlen(assessed), '.', &a) != 0 ||
	    pcl_money_parse(threshold, strlen(threshold), '.', &t) != 0 ||
	    t <= 0 || a < 0)
		return PCL_OK;
	for (i = 0; i < s->nr; i++)
		if (strcmp(s->r[i].rule_id, rule_id) == 0)
			break;
	if (i == s->nr) {
		if ((h = grow(s->r, &s->nr, sizeof *h, &np)) == NULL)
			return PCL_E_NOMEM;
		s->r = np;
		snprintf(h->rule_id, sizeof h->rule_id, "%s", rule_id);
		snprintf(h->threshold, sizeof h->threshold, "%s", threshold);
		snprintf(h->currency, sizeof h->currency, "%s", cur);
	} else {
		h = &s->r[i];
	}
	/* 10 % steps, exact: floor(10 a / t) */
	b = a / t >= 2 ? PCL_STATS_BUCKETS - 1 : (size_t)((a * 10) / t);
	if (b >= PCL_STATS_BUCKETS)
		b = PCL_STATS_BUCKETS - 1;
	h->n[b]++;
	h->parcels++;
	return PCL_OK;
}

int
pcl_stats_add(struct pcl_stats *s, const char *dest, enum pcl_lane lane,
    const char *currency, pcl_i128 micros, const struct pcl_reasons *rs,
    const char *rule_id, const char *assessed, const char *threshold,
    const char *threshold_currency)
{
	char cc[3], cur[4];
	struct pcl_dest_lanes *d;
	size_t i, k, m;
	void *np;
	int rc;

	snprintf(cc, sizeof cc, "%s", dest[0] ? dest : "??");
	snprintf(cur, sizeof cur, "%s", currency);
	for (i = 0; i < s->nd; i++)
		if (strcmp(s->d[i].dest, cc) == 0)
			break;
	if (i == s->nd) {
		if ((d = grow(s->d, &s->nd, sizeof *d, &np)) == NULL)
			return PCL_E_NOMEM;
		s->d = np;
		memcpy(d->dest, cc, 3);
	}
	s->d[i].n[lane]++;
	for (k = 0; rs != NULL && k < rs->n; k++) {
		for (m = 0; m < k; m++)
			if (rs->v[m].code == rs->v[k].code)
				break;
		if (m == k && rs->v[k].code < PCL_R_COUNT)
			s->reasons[rs->v[k].code]++;
	}
	if (cur[0] != '\0' &&
	    (rc = add_value(s, cc, lane, cur, micros)) != PCL_OK)
		return rc;
	return add_hist(s, rule_id, assessed, threshold, threshold_currency);
}

static int
cmp_value(const void *a, const void *b)
{
	const struct pcl_value_total *x = a, *y = b;
	int c = strcmp(x->dest, y->dest);

	if (c == 0)
		c = (int)x->lane - (int)y->lane;
	return c != 0 ? c : strcmp(x->currency, y->currency);
}

static int
cmp_rule(const void *a, const void *b)
{
	return strcmp(((const struct pcl_rule_hist *)a)->rule_id,
	    ((const struct pcl_rule_hist *)b)->rule_id);
}

static int
cmp_dest(const void *a, const void *b)
{
	return strcmp(((const struct pcl_dest_lanes *)a)->dest,
	    ((const struct pcl_dest_lanes *)b)->dest);
}

void
pcl_stats_sort(struct pcl_stats *s)
{
	if (s->nv > 1)
		qsort(s->v, s->nv, sizeof *s->v, cmp_value);
	if (s->nr > 1)
		qsort(s->r, s->nr, sizeof *s->r, cmp_rule);
	if (s->nd > 1)
		qsort(s->d, s->nd, sizeof *s->d, cmp_dest);
}

size_t
pcl_stats_nvalues(const struct pcl_stats *s)
{
	return s->nv;
}

const struct pcl_value_total *
pcl_stats_value(const struct pcl_stats *s, size_t i)
{
	return i < s->nv ? &s->v[i] : NULL;
}

size_t
pcl_stats_nrules(const struct pcl_stats *s)
{
	return s->nr;
}

const struct pcl_rule_hist *
pcl_stats_rule(const struct pcl_stats *s, size_t i)
{
	return i < s->nr ? &s->r[i] : NULL;
}

size_t
pcl_stats_ndests(const struct pcl_stats *s)
{
	return s->nd;
}

const struct pcl_dest_lanes *
pcl_stats_dest(const struct pcl_stats *s, size_t i)
{
	return i < s->nd ? &s->d[i] : NULL;
}

unsigned long long
pcl_stats_reason(const struct pcl_stats *s, int code)
{
	return code >= 0 && code < PCL_R_COUNT ? s->reasons[code] : 0;
}
