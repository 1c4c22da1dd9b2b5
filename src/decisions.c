/*
 * decisions: decide every parcel once, settle the consignee-day
 * aggregate and the risk score, count (see decisions.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decide.h"
#include "decisions.h"
#include "parcel.h"
#include "risk.h"
#include "split.h"
#include "stats.h"
#include "verdict.h"
#include "banned.h"

/* Gifts are summed apart from sales: a gift ceiling is per gifts. */
#define GIFT_SALT 0x6A09E667F3BCC908ull

/*
 * Aggregates decided ahead of their addition: their slots are fetched
 * while the next parcels are decided, then they are added in parcel
 * order.
 */
#define AGG_AHEAD	16

/*
 * Parcels ahead of the one settled whose aggregate slot is fetched: the
 * key of a gift-category parcel is guessed as a gift's; a wrong guess
 * only costs the fetch.
 */
#define SETTLE_AHEAD	8

static int
nomem(struct pcl_error *err)
{
	return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
}

void
pcl_decision_counts_release(struct pcl_decision_counts *c)
{
	free(c->dests);
	memset(c, 0, sizeof *c);
}

/* Removes every reason with 'code' from 'rs'. */
static void
drop_reason(struct pcl_reasons *rs, int code)
{
	size_t i, k = 0;

	for (i = 0; i < rs->n; i++)
		if (rs->v[i].code != code)
			rs->v[k++] = rs->v[i];
	rs->n = k;
}

static uint64_t
aggregate_key(const struct pcl_parcel *pc, int gift)
{
	return pcl_split_key(pc->consignee_hash ^ (gift ? GIFT_SALT : 0),
	    pc->date, pc->dest);
}

/* 1 when 'rs' holds RESENT_IDENTICAL (the ledger's re-send). */
static int
resent(const struct pcl_reasons *rs)
{
	size_t k;

	for (k = 0; k < rs->n; k++)
		if (rs->v[k].code == PCL_R_RESENT_IDENTICAL)
			return 1;
	return 0;
}

/*
 * First step: decides every parcel (pcl_decide, the only call) into its
 * verdict, and adds each compared value of a parcel with a consignee
 * identity and no data error to its consignee's day aggregate.
 */
static int
decide_each(const struct pcl_decisions_in *in, struct pcl_parcels *parcels,
    struct pcl_verdicts *vs, struct pcl_split *split, struct pcl_reasons *rs,
    struct pcl_decision_counts *c)
{
	uint32_t i, n = pcl_parcels_count(parcels), rid;
	struct pcl_decision d;
	struct pcl_verdict v;
	struct {
		uint64_t	key;
		pcl_i128	minor;
		char		currency[4];
	} q[AGG_AHEAD];
	size_t nq = 0, k;

	/* at most one aggregate per parcel; a hint, no rehashing */
	(void)pcl_split_reserve(split, n);
	for (i = 0; i <= n; i++) {
		const struct pcl_parcel *pc;

		if (i == n || nq == AGG_AHEAD) {
			for (k = 0; k < nq; k++)
				if (pcl_split_add(split, q[k].key, q[k].currency,
				    q[k].minor) == PCL_E_NOMEM)
					return PCL_E_NOMEM;
			nq = 0;
			if (i == n)
				break;
		}
		pc = pcl_parcels_at(parcels, i);
		pcl_reasons_clear(rs);
		if (pcl_reasons_merge(rs, pcl_parcels_reasons(parcels,
		    pc->reasons)) != 0 ||
		    pcl_decide(pc, parcels, in->rules, in->fx, rs, &d) != 0 ||
		    pcl_parcels_reasons_union(parcels, 0, rs, &rid) != PCL_OK)
			return PCL_E_NOMEM;
		if (d.fx_src >= 0 && d.fx_src < PCL_FX_NSRC) {
			c->fx_src_parcels[d.fx_src]++;
			c->fx_src_past_end[d.fx_src] += d.fx_past_end != 0;
		}
		pcl_verdict_from_decision(&v, &d, rid, 0);
		if (pcl_verdicts_set(vs, i, &v, d.assessed_minor) != PCL_OK)
			return PCL_E_NOMEM;
		/* an identical re-send was counted by its earlier batch */
		if (pc->nrecords == 0 || pc->consignee_hash == in->no_consignee ||
		    !d.compared || pcl_reasons_lane(rs) >= PCL_LANE_REJECT ||
		    resent(rs))
			continue;
		q[nq].key = aggregate_key(pc, d.gift);
		memcpy(q[nq].currency, d.currency, sizeof q[nq].currency);
		q[nq].minor = d.value_minor;
		pcl_split_prefetch(split, q[nq++].key);
	}
	return PCL_OK;
}

/* The duty comparison of verdict 'v' as pcl_decide gave it. */
static void decision_of(const struct pcl_verdict *v, pcl_i128 assessed,
    struct pcl_decision *d);

/*
 * Between the two steps, with in->earlier: adds to each aggregate of
 * the batch the parcels of earlier batches of the same consignee, day
 * and destination (once per aggregate; 'seen' marks those done).
 */
static int
add_earlier(const struct pcl_decisions_in *in, struct pcl_parcels *parcels,
    const struct pcl_verdicts *vs, struct pcl_split *split,
    struct pcl_error *err)
{
	struct pcl_split *seen = NULL;
	uint32_t i, n = pcl_parcels_count(parcels), cnt;
	int rc = PCL_OK;

	if (in->earlier == NULL)
		return PCL_OK;
	if (pcl_split_new(&seen) != PCL_OK)
		return nomem(err);
	for (i = 0; i < n && rc == PCL_OK; i++) {
		const struct pcl_parcel *pc = pcl_parcels_at(parcels, i);
		const struct pcl_verdict *v;
		struct pcl_decision d;
		pcl_i128 assessed, sum;
		uint64_t key;

		if (pc->nrecords == 0 || pc->consignee_hash == in->no_consignee ||
		    (v = pcl_verdicts_get(vs, i, &assessed)) == NULL)
			continue;
		decision_of(v, assessed, &d);
		if (!d.compared || d.lane >= PCL_LANE_REJECT ||
		    resent(pcl_parcels_reasons(parcels, v->reasons)))
			continue;
		key = aggregate_key(pc, d.gift);
		if (pcl_split_get(seen, key, d.currency, &sum, &cnt))
			continue;
		if (pcl_split_add(seen, key, d.currency, 0) == PCL_E_NOMEM) {
			rc = nomem(err);
			break;
		}
		sum = 0;
		cnt = 0;
		if ((rc = in->earlier(in->user, pc, d.gift, d.currency, &sum,
		    &cnt)) != PCL_OK) {
			pcl_error_set(err, rc, "ledger: reading the earlier "
			    "batches of the day");
			break;
		}
		if (pcl_split_add_earlier(split, key, d.currency, sum, cnt) ==
		    PCL_E_NOMEM)
			rc = nomem(err);
	}
	pcl_split_free(seen);
	return rc;
}

/*
 * The consignee-day aggregate decides: under a per-person-per-day rule
 * a parcel released on its own value is declared when the day's total
 * exceeds the threshold; under a per-consignment rule it is held as
 * SUSPECTED_SPLITTING. Returns 0 or -1 (out of memory).
 */
static int
apply_aggregate(const struct pcl_decisions_in *in, const struct pcl_split *split,
    const struct pcl_parcel *pc, struct pcl_decision *d,
    struct pcl_reasons *rs)
{
	pcl_i128 sum;
	uint32_t n;
	int over;

	if (!d->compared || d->lane != PCL_LANE_RELEASE ||
	    pc->consignee_hash == in->no_consignee ||
	    !pcl_split_get(split, aggregate_key(pc, d->gift), d->currency,
	    &sum, &n) || n < 2)
		return 0;
	over = d->strict_less ? sum >= d->threshold_minor :
	    sum > d->threshold_minor;
	if (!over)
		return 0;
	if (d->aggregation == PCL_AGG_CONSIGNEE_DAY) {
		drop_reason(rs, PCL_R_UNDER_THRESHOLD);
		drop_reason(rs, PCL_R_FLAT_DUTY);
		if (d->gift) {
			drop_reason(rs, PCL_R_GIFT_RELIEF);
			if (pcl_reasons_add(rs, PCL_R_GIFT_OVER_RELIEF,
			    PCL_COL_NONE) != 0)
				return -1;
		}
		if (pcl_reasons_add(rs, PCL_R_AGGREGATE_OVER_THRESHOLD,
		    PCL_COL_NONE) != 0)
			return -1;
		d->lane = PCL_LANE_DECLARE;
		memset(d->duty_due, 0, sizeof d->duty_due);
		d->duty_due[0] = 'Y';
		/* declared: the flat charge no longer applies */
		memset(d->duty_amount, 0, sizeof d->duty_amount);
		memset(d->duty_currency, 0, sizeof d->duty_currency);
		return 0;
	}
	if (pcl_reasons_add(rs, PCL_R_SUSPECTED_SPLITTING, PCL_COL_NONE) != 0)
		return -1;
	d->lane = PCL_LANE_HOLD;
	return 0;
}

static struct pcl_dest_count *
dest_slot(struct pcl_decision_counts *c, const char *cc)
{
	size_t i;
	struct pcl_dest_count *d;

	for (i = 0; i < c->ndests; i++)
		if (strcmp(c->dests[i].cc, cc) == 0)
			return &c->dests[i];
	if ((d = realloc(c->dests, (c->ndests + 1) * sizeof *d)) == NULL)
		return NULL;
	c->dests = d;
	d += c->ndests++;
	memset(d, 0, sizeof *d);
	snprintf(d->cc, sizeof d->cc, "%s", cc);
	return d;
}

/* Counts parcel 'pc' of lane 'lane' with final reasons 'rs'. */
static int
count(struct pcl_decision_counts *c, const struct pcl_parcel *pc,
    enum pcl_lane lane, const struct pcl_verdict *v,
    const struct pcl_reasons *rs)
{
	struct pcl_dest_count *dc;
	size_t k, m;

	c->parcels[lane]++;
	for (k = 0; k < rs->n; k++) {
		/* each code once per parcel */
		for (m = 0; m < k; m++)
			if (rs->v[m].code == rs->v[k].code)
				break;
		if (m == k)
			c->reason_parcels[rs->v[k].code]++;
	}
	/* a rate used: not "none" (same currency), not "no ... rate" */
	if (v->fx_source[0] != '\0' && strcmp(v->fx_source, "none") != 0 &&
	    strncmp(v->fx_source, "no ", 3) != 0)
		c->fx_parcels[strncmp(v->fx_source, "ECB ", 4) != 0 ? 2 :
		    strstr(v->fx_source, "EU") != NULL ? 0 : 1]++;
	if ((dc = dest_slot(c, pc->dest[0] ? pc->dest : "??")) == NULL)
		return PCL_E_NOMEM;
	dc->n[lane]++;
	for (k = 0; k < rs->n; k++)
		if (pcl_risk_severity(rs->v[k].code) != PCL_SEVERITY_NONE &&
		    (k == 0 || rs->v[k - 1].code != rs->v[k].code))
			dc->flags[rs->v[k].code]++;
	return PCL_OK;
}

/* The duty comparison of verdict 'v' as pcl_decide gave it. */
static void
decision_of(const struct pcl_verdict *v, pcl_i128 assessed,
    struct pcl_decision *d)
{
	memset(d, 0, sizeof *d);
	d->lane = (enum pcl_lane)v->lane;
	d->compared = v->compared;
	d->value_minor = v->compared ? assessed : 0;
	d->threshold_minor = v->threshold_minor;
	d->aggregation = v->aggregation;
	d->strict_less = v->strict_less;
	d->gift = v->gift;
	memcpy(d->currency, v->currency, sizeof d->currency);
	memcpy(d->duty_due, v->duty_due, sizeof d->duty_due);
	memcpy(d->duty_amount, v->duty_amount, sizeof d->duty_amount);
	memcpy(d->duty_currency, v->duty_currency, sizeof d->duty_currency);
}

static int
cmp_dest(const void *a, const void *b)
{
	return strcmp(((const struct pcl_dest_count *)a)->cc,
	    ((const struct pcl_dest_count *)b)->cc);
}

/*
 * Second step: each parcel's verdict with the aggregate and the risk
 * score applied (neither decides again), stored as final and counted.
 */
static int
settle_each(const struct pcl_decisions_in *in, struct pcl_parcels *parcels,
    struct pcl_verdicts *vs, const struct pcl_split *split,
    struct pcl_stats *stats, struct pcl_decision_counts *c,
    struct pcl_reasons *rs)
{
	uint32_t i, n = pcl_parcels_count(parcels), rid;

	for (i = 0; i < n; i++) {
		struct pcl_parcel *pc = pcl_parcels_at(parcels, i);
		const struct pcl_parcel_amounts *e;
		const struct pcl_verdict *v0;
		struct pcl_verdict v;
		struct pcl_decision d;
		pcl_i128 assessed;
		char shown[64];
		unsigned sc;
		size_t k;

		if (i + SETTLE_AHEAD < n) {
			const struct pcl_parcel *a = pcl_parcels_at(parcels,
			    i + SETTLE_AHEAD);

			if (a->nrecords > 0 && a->consignee_hash != in->no_consignee)
				pcl_split_prefetch(split, aggregate_key(a,
				    a->category == PCL_CAT_GIFT));
		}
		if ((v0 = pcl_verdicts_get(vs, i, &assessed)) == NULL)
			continue;	/* never: every parcel was decided */
		memcpy(&v, v0, sizeof v);
		decision_of(&v, assessed, &d);
		pcl_reasons_clear(rs);
		if (pcl_reasons_merge(rs, pcl_parcels_reasons(parcels,
		    v.reasons)) != 0 ||
		    apply_aggregate(in, split, pc, &d, rs) != 0 ||
		    (in->flag != NULL && in->flag(in->user, pc, &d, rs) !=
		    PCL_OK) ||
		    pcl_risk_apply(&d, in->risk, pc->aeo, rs, &sc) != 0 ||
		    pcl_parcels_reasons_union(parcels, 0, rs, &rid) != PCL_OK)
			return PCL_E_NOMEM;
		v.lane = (uint8_t)d.lane;
		v.reasons = rid;
		v.risk_score = sc;
		memcpy(v.duty_due, d.duty_due, sizeof v.duty_due);
		memcpy(v.duty_amount, d.duty_amount, sizeof v.duty_amount);
		memcpy(v.duty_currency, d.duty_currency,
		    sizeof v.duty_currency);
		if (pcl_verdicts_set(vs, i, &v, assessed) != PCL_OK)
			return PCL_E_NOMEM;
		pc->lane = v.lane;
		if (count(c, pc, d.lane, &v, rs) != PCL_OK)
			return PCL_E_NOMEM;
		shown[0] = '\0';
		if (v.has_assessed)
			pcl_money_format(shown, sizeof shown, assessed,
			    v.assessed_digits);
		if (pcl_stats_add(stats, pc->dest, d.lane, pc->currency,
		    pc->value_micros, rs, v.rule_id, shown, v.threshold,
		    v.currency) != PCL_OK ||
		    pcl_stats_add_duty(stats, pc->dest, d.lane,
		    v.duty_currency, v.duty_amount) != PCL_OK)
			return PCL_E_NOMEM;
		for (k = 0; (e = pcl_parcels_amounts_at(parcels, pc, k)) !=
		    NULL; k++)
			if (pcl_stats_add_declared(stats, pc->dest, d.lane,
			    e->currency, e->value_micros) != PCL_OK)
				return PCL_E_NOMEM;
	}
	if (c->ndests > 1)	/* NULL when no parcel: qsort wants non-NULL */
		qsort(c->dests, c->ndests, sizeof *c->dests, cmp_dest);
	return PCL_OK;
}

int
pcl_decisions_run(const struct pcl_decisions_in *in,
    struct pcl_parcels *parcels, struct pcl_stats *stats,
    struct pcl_verdicts **out, struct pcl_decision_counts *counts,
    struct pcl_error *err)
{
	struct pcl_verdicts *vs = NULL;
	struct pcl_split *split = NULL;
	struct pcl_reasons rs;
	int rc = PCL_OK;

	*out = NULL;
	memset(counts, 0, sizeof *counts);
	pcl_reasons_init(&rs);
	if (pcl_verdicts_new(&vs, parcels, pcl_parcels_count(parcels)) !=
	    PCL_OK || pcl_split_new(&split) != PCL_OK ||
	    decide_each(in, parcels, vs, split, &rs, counts) != PCL_OK ||
	    (rc = add_earlier(in, parcels, vs, split, err)) != PCL_OK ||
	    settle_each(in, parcels, vs, split, stats, counts, &rs) != PCL_OK) {
		if (rc == PCL_OK || rc == PCL_E_NOMEM)
			rc = nomem(err);
		pcl_verdicts_free(vs);
		pcl_decision_counts_release(counts);
	} else {
		rc = PCL_OK;
		*out = vs;
	}
	pcl_split_free(split);
	pcl_reasons_release(&rs);
	return rc;
}
