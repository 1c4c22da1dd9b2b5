/*
 * stats: per-parcel totals for summary.json and the report (see stats.h).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "summary.h"
#include "banned.h"

struct pcl_stats {
	struct pcl_value_total	*v;
	size_t			 nv;
	struct pcl_assessed_total *a;
	size_t			 na;
	struct pcl_assessed_total *du;	/* flat duty owed */
	size_t			 ndu;
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
	free(s->a);
	free(s->du);
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

/*
 * Adds the amount 'assessed' (decimal text in 'cur', as the decision
 * printed it: already rounded once) to its destination, lane and
 * currency in table '*tab' of '*ntab' rows. Text that is not a number
 * ("", "none") adds nothing.
 */
static int
add_amount(struct pcl_assessed_total **tab, size_t *ntab, const char *dest,
    enum pcl_lane lane, const char *cur, const char *assessed)
{
	struct pcl_assessed_total *t;
	const char *dot;
	pcl_i128 v;
	size_t i;
	void *np;
	int digits;

	if (cur[0] == '\0' || strlen(cur) > 3 ||
	    pcl_money_parse(assessed, strlen(assessed), '.', &v) != 0)
		return PCL_OK;
	dot = strchr(assessed, '.');
	digits = dot != NULL ? (int)strlen(dot + 1) : 0;
	for (i = 0; i < *ntab; i++) {
		t = &(*tab)[i];
		if (t->lane == lane && strcmp(t->dest, dest) == 0 &&
		    strcmp(t->currency, cur) == 0)
			break;
	}
	if (i == *ntab) {
		if ((t = grow(*tab, ntab, sizeof *t, &np)) == NULL)
			return PCL_E_NOMEM;
		*tab = np;
		memcpy(t->dest, dest, 3);
		t->lane = lane;
		snprintf(t->currency, sizeof t->currency, "%s", cur);
	} else {
		t = &(*tab)[i];
	}
	if (digits > t->digits)
		t->digits = digits;
	t->parcels++;
	return pcl_money_add(t->micros, v, &t->micros) == PCL_OK ?
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

	if (rule_id[0] == '\0')
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
	h->decided++;
	if (pcl_money_parse(assessed, strlen(assessed), '.', &a) != 0 ||
	    pcl_money_parse(threshold, strlen(threshold), '.', &t) != 0 ||
	    t <= 0 || a < 0)
		return PCL_OK;
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
	if ((rc = add_amount(&s->a, &s->na, cc, lane, threshold_currency,
	    assessed)) != PCL_OK)
		return rc;
	return add_hist(s, rule_id, assessed, threshold, threshold_currency);
}

int
pcl_stats_add_declared(struct pcl_stats *s, const char *dest,
    enum pcl_lane lane, const char *currency, pcl_i128 micros)
{
	char cc[3], cur[4];

	snprintf(cc, sizeof cc, "%s", dest[0] ? dest : "??");
	snprintf(cur, sizeof cur, "%s", currency);
	return cur[0] != '\0' ? add_value(s, cc, lane, cur, micros) : PCL_OK;
}

int
pcl_stats_add_duty(struct pcl_stats *s, const char *dest, enum pcl_lane lane,
    const char *currency, const char *amount)
{
	char cc[3];

	snprintf(cc, sizeof cc, "%s", dest[0] ? dest : "??");
	return add_amount(&s->du, &s->ndu, cc, lane, currency, amount);
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
cmp_assessed(const void *a, const void *b)
{
	const struct pcl_assessed_total *x = a, *y = b;
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
	if (s->na > 1)
		qsort(s->a, s->na, sizeof *s->a, cmp_assessed);
	if (s->ndu > 1)
		qsort(s->du, s->ndu, sizeof *s->du, cmp_assessed);
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
pcl_stats_nassessed(const struct pcl_stats *s)
{
	return s->na;
}

const struct pcl_assessed_total *
pcl_stats_assessed(const struct pcl_stats *s, size_t i)
{
	return i < s->na ? &s->a[i] : NULL;
}

size_t
pcl_stats_nduty(const struct pcl_stats *s)
{
	return s->ndu;
}

const struct pcl_assessed_total *
pcl_stats_duty(const struct pcl_stats *s, size_t i)
{
	return i < s->ndu ? &s->du[i] : NULL;
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

/* 'micros' with 'digits' decimals: exact, as every addend had at most
 * that many. */
static void
format_total(char *buf, size_t size, pcl_i128 micros, int digits)
{
	pcl_money_format(buf, size, pcl_money_to_minor(micros, digits), digits);
}

/*
 * Renders table 'a' of 'n' sorted rows as object 'by_dest' (destination,
 * lane, currency) and object 'by_lane' (every lane, then currency).
 */
static void
render_totals(const struct pcl_assessed_total *a, size_t n,
    const char *by_dest, const char *by_lane, struct pcl_json *js)
{
	size_t i, k;
	char num[64];
	int l;

	pcl_json_begin_object(js, by_dest);
	for (i = 0; i < n; i++) {
		const struct pcl_assessed_total *t = &a[i];
		const struct pcl_assessed_total *p = i > 0 ? &a[i - 1] : NULL;
		const struct pcl_assessed_total *q = i + 1 < n ? &a[i + 1] :
		    NULL;

		if (p == NULL || strcmp(p->dest, t->dest) != 0)
			pcl_json_begin_object(js, t->dest);
		if (p == NULL || strcmp(p->dest, t->dest) != 0 ||
		    p->lane != t->lane)
			pcl_json_begin_object(js, pcl_lane_name(t->lane));
		format_total(num, sizeof num, t->micros, t->digits);
		pcl_json_string(js, t->currency, num);
		if (q == NULL || strcmp(q->dest, t->dest) != 0 ||
		    q->lane != t->lane)
			pcl_json_end_object(js);
		if (q == NULL || strcmp(q->dest, t->dest) != 0)
			pcl_json_end_object(js);
	}
	pcl_json_end_object(js);
	pcl_json_begin_object(js, by_lane);
	for (l = 0; l < PCL_LANE_COUNT; l++) {
		pcl_json_begin_object(js, pcl_lane_name((enum pcl_lane)l));
		/* currencies in order: each first seen in the sorted table */
		for (i = 0; i < n; i++) {
			const struct pcl_assessed_total *t = &a[i];
			pcl_i128 sum = 0;
			int digits = 0, first = 1, ok;

			if ((int)t->lane != l)
				continue;
			for (k = 0; k < n; k++) {
				const struct pcl_assessed_total *u = &a[k];

				if ((int)u->lane != l ||
				    strcmp(u->currency, t->currency) != 0)
					continue;
				if (k < i)
					first = 0;
				/* cannot fail: each total is a checked sum of
				 * 64-bit parcel values, so together they stay
				 * far inside the 128-bit range */
				ok = pcl_money_add(sum, u->micros, &sum) ==
				    PCL_OK;
				assert(ok);
				(void)ok;
				if (u->digits > digits)
					digits = u->digits;
			}
			if (!first)
				continue;
			format_total(num, sizeof num, sum, digits);
			pcl_json_string(js, t->currency, num);
		}
		pcl_json_end_object(js);
	}
	pcl_json_end_object(js);
}

void
pcl_stats_render_assessed(struct pcl_stats *s, struct pcl_json *js)
{
	pcl_stats_sort(s);
	render_totals(s->a, s->na, "assessed_value_by_destination",
	    "assessed_value_by_lane", js);
}

void
pcl_stats_render_duty(struct pcl_stats *s, struct pcl_json *js)
{
	pcl_stats_sort(s);
	render_totals(s->du, s->ndu, "duty_amount_by_destination",
	    "duty_amount_by_lane", js);
}
