/*
 * ledgerstage: the ledger's stage of the batch (see ledgerstage.h).
 */
/* realpath() is an XSI function */
#define _XOPEN_SOURCE 700
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "decide.h"
#include "decisions.h"
#include "digest.h"
#include "fx.h"
#include "job.h"
#include "json.h"
#include "ledger.h"
#include "ledgerstage.h"
#include "map.h"
#include "parcel.h"
#include "pass1.h"
#include "rules.h"
#include "summary.h"
#include "verdict.h"
#include "outdir.h"
#include "banned.h"

_Static_assert(PCL_VERDICT_LANE_DUPLICATE == PCL_OUT_DUPLICATES,
    "a re-sent parcel's lane is the duplicates file's index");

/* A parcel the ledger knows: its index, its earlier clearance. */
struct hit {
	uint32_t	idx;
	uint32_t	ref;		/* into refs */
	uint32_t	identical;
};

struct pcl_ledgerstage {
	const struct pcl_job_opts *o;
	struct pcl_ledger	*l;
	int			 readonly;	/* check or replay */
	int			 again;		/* a committed batch run again */
	int32_t			 run_date;
	const char		*declarant;
	unsigned		 window;
	char			 ident[65];
	char			 batch[32];
	int64_t			 id;
	int			 recording;	/* transaction open */
	int			 pending;	/* committed as pending */
	struct hit		*hits;
	size_t			 nhits, hitcap;
	char			(*refs)[48];
	size_t			 nrefs, refcap;
	char			*inputs_json;
	char			*options_json;
	uint64_t		 no_consignee;
	struct pcl_summary_ledger sum;
};

static int
nomem(struct pcl_error *err)
{
	return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
}

int
pcl_ledgerstage_open(struct pcl_ledgerstage **out,
    const struct pcl_job_opts *o, int32_t run_date, struct pcl_error *err)
{
	struct pcl_ledgerstage *ls;
	int rc;

	*out = NULL;
	if (o->ledger_path == NULL)
		return PCL_OK;
	if ((ls = calloc(1, sizeof *ls)) == NULL)
		return nomem(err);
	ls->o = o;
	ls->run_date = run_date;
	ls->declarant = o->declarant != NULL ? o->declarant :
	    PCL_LEDGER_DEFAULT_DECLARANT;
	ls->window = o->ledger_window ? o->ledger_window :
	    PCL_LEDGER_WINDOW_DEFAULT;
	ls->readonly = o->check_only || o->ledger_replay != NULL;
	if ((rc = pcl_ledger_open_vfs(&ls->l, o->ledger_path, ls->readonly,
	    o->ledger_timeout == PCL_LEDGER_NO_WAIT ? 0 : o->ledger_timeout ?
	    o->ledger_timeout : PCL_LEDGER_TIMEOUT_DEFAULT, o->ledger_vfs,
	    err)) != PCL_OK) {
		free(ls);
		return rc;
	}
	if (o->ledger_replay != NULL) {
		struct pcl_ledger_batch b;
		char pruned[11], need[11];
		int32_t rd;

		if ((rc = pcl_ledger_batch_by_name(ls->l, o->ledger_replay, &b,
		    err)) != PCL_OK) {
			if (rc == PCL_E_NOTFOUND)
				rc = pcl_error_set(err, PCL_E_IO, "ledger '%s' "
				    "has no batch '%s' (pruned?)",
				    o->ledger_path, o->ledger_replay);
			pcl_ledgerstage_close(ls);
			return rc;
		}
		/* the history it was judged against: its window back */
		rd = pcl_date_parse_iso(b.run_date, strlen(b.run_date));
		pcl_date_format(rd - (int32_t)ls->window, need);
		if ((rc = pcl_ledger_pruned_before(ls->l, pruned, err)) !=
		    PCL_OK) {
			pcl_ledgerstage_close(ls);
			return rc;
		}
		if (pruned[0] != '\0' && strcmp(pruned, need) > 0) {
			pcl_ledgerstage_close(ls);
			return pcl_error_set(err, PCL_E_IO, "ledger '%s' was "
			    "pruned before %s, but batch %s was judged against "
			    "batches from %s on: the replay cannot be exact",
			    o->ledger_path, pruned, b.name, need);
		}
		pcl_ledger_set_before(ls->l, b.id);
		snprintf(ls->batch, sizeof ls->batch, "%s", b.name);
		ls->again = 1;
	}
	*out = ls;
	return PCL_OK;
}

void
pcl_ledgerstage_close(struct pcl_ledgerstage *ls)
{
	if (ls == NULL)
		return;
	if (ls->recording)
		pcl_ledger_rollback(ls->l);
	else
		pcl_ledger_read_end(ls->l);
	/* if it cannot be deleted now, the next run rolls it back */
	if (ls->pending && pcl_ledger_drop_batch(ls->l, ls->id, NULL) !=
	    PCL_OK)
		ls->pending = 0;
	(void)pcl_ledger_close(ls->l);
	free(ls->hits);
	free(ls->refs);
	free(ls->inputs_json);
	free(ls->options_json);
	free(ls);
}

/* Copies the JSON text of 'js' (freed) to '*out'. */
static int
json_take(struct pcl_json *js, char **out)
{
	const char *t;
	size_t len;

	*out = NULL;
	if ((t = pcl_json_text(js, &len)) != NULL &&
	    (*out = malloc(len + 1)) != NULL) {
		while (len > 0 && t[len - 1] == '\n')
			len--;
		memcpy(*out, t, len);
		(*out)[len] = '\0';
	}
	pcl_json_free(js);
	return *out != NULL ? PCL_OK : PCL_E_NOMEM;
}

/*
 * The batch's identity: its inputs (path, SHA-256) and the options that
 * decide, as JSON, and the SHA-256 of the inputs' SHA-256s and those
 * options. Without as-of the run date judges the dates, so it is one
 * of the options.
 */
static int
identify(struct pcl_ledgerstage *ls, const struct pcl_input *in, size_t n,
    const struct pcl_rules *rules, const struct pcl_fx *fx)
{
	const struct pcl_job_opts *o = ls->o;
	struct pcl_json *js;
	struct pcl_digest *d;
	char date[11], delim[2];
	size_t i;

	if (pcl_json_new_compact(&js) != PCL_OK)
		return PCL_E_NOMEM;
	pcl_json_begin_array(js, NULL);
	for (i = 0; i < n; i++) {
		pcl_json_begin_object(js, NULL);
		pcl_json_string(js, "path", in[i].path);
		pcl_json_string(js, "sha256", in[i].sha256);
		pcl_json_end_object(js);
	}
	pcl_json_end_array(js);
	if (json_take(js, &ls->inputs_json) != PCL_OK ||
	    pcl_json_new_compact(&js) != PCL_OK)
		return PCL_E_NOMEM;
	pcl_json_begin_object(js, NULL);
	pcl_json_string(js, "profile", pcl_profile_name(o->profile));
	if (o->as_of != PCL_DATE_NONE) {
		pcl_date_format(o->as_of, date);
		pcl_json_string(js, "as_of", date);
	} else {
		pcl_date_format(ls->run_date, date);
		pcl_json_string(js, "run_date", date);
	}
	pcl_json_string(js, "rules_sha256", pcl_rules_sha256(rules));
	pcl_json_string(js, "fx_sha256", pcl_fx_sha256(fx));
	pcl_json_begin_array(js, "map_sha256");
	for (i = 0; i < n; i++)
		pcl_json_string(js, NULL, in[i].map != NULL ?
		    pcl_map_sha256(in[i].map) : "");
	pcl_json_end_array(js);
	pcl_json_string(js, "lists", o->lists_dir != NULL ? o->lists_dir : "");
	pcl_json_string(js, "aeo", o->aeo_path != NULL ? o->aeo_path : "");
	pcl_json_uint(js, "hold_score", o->hold_score);
	pcl_json_uint(js, "near_band_bp", o->near_band_bp);
	pcl_json_bool(js, "decimal_comma", o->decimal_comma);
	pcl_json_string(js, "encoding", o->encoding != NULL ? o->encoding : "");
	delim[0] = o->delimiter;
	delim[1] = '\0';
	pcl_json_string(js, "delimiter", delim);
	pcl_json_string(js, "declarant", ls->declarant);
	pcl_json_uint(js, "window_days", ls->window);
	pcl_json_end_object(js);
	if (json_take(js, &ls->options_json) != PCL_OK ||
	    pcl_digest_new(&d) != PCL_OK)
		return PCL_E_NOMEM;
	for (i = 0; i < n; i++) {
		pcl_digest_update(d, in[i].sha256, strlen(in[i].sha256));
		pcl_digest_update(d, "\n", 1);
	}
	pcl_digest_update(d, ls->options_json, strlen(ls->options_json));
	pcl_digest_final(d, ls->ident);
	pcl_digest_free(d);
	return PCL_OK;
}

/* Index of reference "batch/lane" in ls->refs, added when new. */
static int
ref_of(struct pcl_ledgerstage *ls, const struct pcl_ledger_hit *h,
    uint32_t *out)
{
	char r[48];
	size_t i;

	snprintf(r, sizeof r, "%s/%s", h->batch, h->lane);
	for (i = ls->nrefs; i-- > 0;)
		if (strcmp(ls->refs[i], r) == 0) {
			*out = (uint32_t)i;
			return PCL_OK;
		}
	if (ls->nrefs == ls->refcap) {
		size_t cap = ls->refcap ? 2 * ls->refcap : 16;
		char (*nr)[48] = realloc(ls->refs, cap * sizeof *nr);

		if (nr == NULL)
			return PCL_E_NOMEM;
		ls->refs = nr;
		ls->refcap = cap;
	}
	memcpy(ls->refs[ls->nrefs], r, sizeof r);
	*out = (uint32_t)ls->nrefs++;
	return PCL_OK;
}

static int
add_hit(struct pcl_ledgerstage *ls, uint32_t idx, uint32_t ref, int same)
{
	if (ls->nhits == ls->hitcap) {
		size_t cap = ls->hitcap ? 2 * ls->hitcap : 64;
		struct hit *nh = realloc(ls->hits, cap * sizeof *nh);

		if (nh == NULL)
			return PCL_E_NOMEM;
		ls->hits = nh;
		ls->hitcap = cap;
	}
	ls->hits[ls->nhits].idx = idx;
	ls->hits[ls->nhits].ref = ref;
	ls->hits[ls->nhits++].identical = (uint32_t)same;
	return PCL_OK;
}

/*
 * Parcel 'pc''s date, PCL_DATE_NONE when it has none: invalid, or a
 * parcel of malformed records only (CSV_QUOTE, CSV_FIELD_COUNT, ...),
 * whose values are not read.
 */
static int32_t
parcel_date(const struct pcl_parcel *pc)
{
	return pc->nrecords > 0 ? pc->date : PCL_DATE_NONE;
}

/* 1 when parcel 'pc' has a key of its own (not a lone bad record's). */
static int
keyed(const struct pcl_parcels *p, const struct pcl_parcel *pc)
{
	return pc->key_len > 0 && pcl_parcels_key(p, pc)[0] != '\001';
}

/* A keyed parcel's tracking number, for key_order. */
struct keyref {
	const char	*key;
	uint32_t	 len;
	uint32_t	 idx;
};

static int
keyref_cmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c = memcmp(x->key, y->key, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The indexes of the keyed parcels in the order of their tracking
 * numbers ('*out', malloc'd, '*n' of them): the ledger's lookups and
 * inserts then walk its key index from one end to the other, each page
 * read and written once, instead of at random.
 */
static int
key_order(struct pcl_parcels *parcels, uint32_t **out, uint32_t *n)
{
	uint32_t np = pcl_parcels_count(parcels), i, k = 0;
	struct keyref *v;

	*out = NULL;
	*n = 0;
	if ((v = malloc((np ? np : 1) * sizeof *v)) == NULL)
		return PCL_E_NOMEM;
	for (i = 0; i < np; i++) {
		const struct pcl_parcel *pc = pcl_parcels_at(parcels, i);

		if (!keyed(parcels, pc))
			continue;
		v[k].key = pcl_parcels_key(parcels, pc);
		v[k].len = pc->key_len;
		v[k++].idx = i;
	}
	qsort(v, k, sizeof *v, keyref_cmp);
	if ((*out = malloc((k ? k : 1) * sizeof **out)) == NULL) {
		free(v);
		return PCL_E_NOMEM;
	}
	for (i = 0; i < k; i++)
		(*out)[i] = v[i].idx;
	free(v);
	*n = k;
	return PCL_OK;
}

int
pcl_ledgerstage_match(struct pcl_ledgerstage *ls, const struct pcl_input *in,
    size_t n, struct pcl_pass1_out *p1, const struct pcl_rules *rules,
    const struct pcl_fx *fx, uint64_t no_consignee, int32_t *run_date,
    struct pcl_error *err)
{
	struct pcl_parcels *parcels = p1->parcels;
	struct pcl_reasons rs;
	uint32_t k, np, *order;
	int rc = PCL_OK;

	if (ls == NULL)
		return PCL_OK;
	ls->no_consignee = no_consignee;
	if (identify(ls, in, n, rules, fx) != PCL_OK)
		return nomem(err);
	if (!ls->readonly) {
		struct pcl_ledger_batch b;

		rc = pcl_ledger_batch_by_ident(ls->l, ls->ident, &b, err);
		if (rc == PCL_OK) {
			/* this batch again: as the ledger stood before it */
			pcl_ledger_set_before(ls->l, b.id);
			snprintf(ls->batch, sizeof ls->batch, "%s", b.name);
			ls->again = 1;
			if (ls->o->as_of != PCL_DATE_NONE)
				*run_date = pcl_date_parse_iso(b.run_date,
				    strlen(b.run_date));
		} else if (rc != PCL_E_NOTFOUND) {
			return rc;
		}
		rc = PCL_OK;
	}
	if (key_order(parcels, &order, &np) != PCL_OK)
		return nomem(err);
	if ((rc = pcl_ledger_read_begin(ls->l, err)) != PCL_OK) {
		free(order);
		return rc;
	}
	pcl_reasons_init(&rs);
	for (k = 0; k < np && rc == PCL_OK; k++) {
		uint32_t i = order[k];
		struct pcl_parcel *pc = pcl_parcels_at(parcels, i);
		struct pcl_ledger_hit h;
		char since[11];
		uint32_t ref;
		uint64_t content;
		int same;

		pcl_date_format((parcel_date(pc) != PCL_DATE_NONE ?
		    parcel_date(pc) : ls->run_date) - (int32_t)ls->window,
		    since);
		rc = pcl_ledger_lookup(ls->l, ls->declarant,
		    pcl_parcels_key(parcels, pc), pc->key_len, since, &h, err);
		if (rc == PCL_E_NOTFOUND) {
			rc = PCL_OK;
			continue;
		}
		if (rc != PCL_OK)
			break;
		content = i < p1->ncontent ? p1->content[i] : 0;
		same = content != 0 && content == h.content;
		pcl_reasons_clear(&rs);
		if (ref_of(ls, &h, &ref) != PCL_OK ||
		    pcl_reasons_add(&rs, same ? PCL_R_RESENT_IDENTICAL :
		    PCL_R_RESENT_CHANGED, PCL_COL_NONE) != 0 ||
		    pcl_parcels_reasons_union(parcels, pc->reasons, &rs,
		    &pc->reasons) != PCL_OK ||
		    add_hit(ls, i, ref, same) != PCL_OK)
			rc = nomem(err);
	}
	pcl_reasons_release(&rs);
	/* the read transaction goes on for the decisions' lookups (earlier,
	 * cross_day) and ends in pcl_ledgerstage_settle */
	if (rc != PCL_OK)
		pcl_ledger_read_end(ls->l);
	free(order);
	return rc;
}

/* decisions.h's 'earlier': the ledger's parcels of the consignee's day. */
static int
earlier(void *user, const struct pcl_parcel *pc, int gift,
    const char *currency, pcl_i128 *minor, uint32_t *count)
{
	struct pcl_ledgerstage *ls = user;
	char date[11], dest[4];
	int64_t sum;
	int rc;

	*minor = 0;
	*count = 0;
	if (pc->date == PCL_DATE_NONE)
		return PCL_OK;
	pcl_date_format(pc->date, date);
	snprintf(dest, sizeof dest, "%.3s", pc->dest);
	rc = pcl_ledger_day_sum(ls->l, pcl_ledger_consignee_key(ls->l,
	    pc->consignee_hash), date, date, dest, gift, currency, 0, &sum,
	    count, NULL);
	*minor = sum;
	return rc;
}

/*
 * decisions.h's 'flag': CROSS_DAY_SPLIT on a parcel released under its
 * threshold when, with the consignee's released parcels of the
 * PCL_LEDGER_SPLIT_DAYS days before (same destination, currency and
 * gift or not), the value is over that threshold.
 */
static int
cross_day(void *user, const struct pcl_parcel *pc,
    const struct pcl_decision *d, struct pcl_reasons *rs)
{
	struct pcl_ledgerstage *ls = user;
	char from[11], to[11], dest[4];
	int64_t sum;
	uint32_t n;
	pcl_i128 total;
	size_t k;
	int rc, over;

	if (!d->compared || d->lane != PCL_LANE_RELEASE ||
	    pc->nrecords == 0 || pc->consignee_hash == ls->no_consignee ||
	    pc->date == PCL_DATE_NONE)
		return PCL_OK;
	for (k = 0; k < rs->n; k++)
		if (rs->v[k].code == PCL_R_RESENT_IDENTICAL)
			return PCL_OK;
	pcl_date_format(pc->date - PCL_LEDGER_SPLIT_DAYS, from);
	pcl_date_format(pc->date - 1, to);
	snprintf(dest, sizeof dest, "%.3s", pc->dest);
	if ((rc = pcl_ledger_day_sum(ls->l, pcl_ledger_consignee_key(ls->l,
	    pc->consignee_hash), from, to, dest, d->gift, d->currency, 1, &sum,
	    &n, NULL)) != PCL_OK)
		return rc;
	if (n == 0)
		return PCL_OK;
	total = (pcl_i128)sum + d->value_minor;
	over = d->strict_less ? total >= d->threshold_minor :
	    total > d->threshold_minor;
	if (over && pcl_reasons_add(rs, PCL_R_CROSS_DAY_SPLIT,
	    PCL_COL_NONE) != 0)
		return PCL_E_NOMEM;
	return PCL_OK;
}

void
pcl_ledgerstage_aggregate(struct pcl_ledgerstage *ls,
    struct pcl_decisions_in *din)
{
	if (ls == NULL)
		return;
	din->earlier = earlier;
	din->flag = cross_day;
	din->user = ls;
}

int
pcl_ledgerstage_settle(struct pcl_ledgerstage *ls, struct pcl_parcels *parcels,
    struct pcl_verdicts *vs, struct pcl_decision_counts *counts,
    struct pcl_error *err)
{
	size_t k;

	if (ls == NULL)
		return PCL_OK;
	pcl_ledger_read_end(ls->l);
	for (k = 0; k < ls->nhits; k++) {
		const struct hit *h = &ls->hits[k];
		struct pcl_parcel *pc = pcl_parcels_at(parcels, h->idx);
		const struct pcl_verdict *v0;
		struct pcl_verdict v;
		pcl_i128 assessed;

		if ((v0 = pcl_verdicts_get(vs, h->idx, &assessed)) == NULL)
			continue;
		memcpy(&v, v0, sizeof v);
		memcpy(v.ledger_ref, ls->refs[h->ref], sizeof v.ledger_ref);
		if (h->identical) {
			if (v.lane < PCL_LANE_COUNT &&
			    counts->parcels[v.lane] > 0)
				counts->parcels[v.lane]--;
			v.lane = PCL_VERDICT_LANE_DUPLICATE;
			pc->lane = PCL_VERDICT_LANE_DUPLICATE;
			ls->sum.resent_identical++;
		} else {
			ls->sum.resent_changed++;
		}
		if (pcl_verdicts_set(vs, h->idx, &v, assessed) != PCL_OK)
			return nomem(err);
	}
	return PCL_OK;
}

/* "%.*s" of 'len' bytes at 's' into 'buf' of 'size'. */
static const char *
text(char *buf, size_t size, const char *s, size_t len)
{
	snprintf(buf, size, "%.*s", (int)(len < INT_MAX ? len : INT_MAX), s);
	return buf;
}

/*
 * 1 when parcel 'pc' with final verdict 'v' counted in its consignee's
 * day aggregate (as decisions.c counts it): a consignee, compared with a
 * threshold, released or declared, or held only by what the decisions
 * add after summing (SUSPECTED_SPLITTING, RISK_SCORE), and no re-send.
 */
static int
counts_in_day(const struct pcl_ledgerstage *ls,
    const struct pcl_parcels *parcels, const struct pcl_parcel *pc,
    const struct pcl_verdict *v)
{
	const struct pcl_reasons *rs = pcl_parcels_reasons(parcels,
	    v->reasons);
	int split = 0;
	size_t k;

	if (pc->nrecords == 0 || pc->consignee_hash == ls->no_consignee ||
	    !v->compared || v->lane == PCL_VERDICT_LANE_DUPLICATE ||
	    v->lane == PCL_LANE_REJECT)
		return 0;
	for (k = 0; k < rs->n; k++) {
		if (rs->v[k].code == PCL_R_RESENT_IDENTICAL ||
		    rs->v[k].code == PCL_R_RESENT_CHANGED)
			return 0;
		/* held at the settling, after the aggregate was summed */
		if (rs->v[k].code == PCL_R_SUSPECTED_SPLITTING ||
		    rs->v[k].code == PCL_R_RISK_SCORE)
			split = 1;
		else if (v->lane == PCL_LANE_HOLD && pcl_reason_lane(
		    rs->v[k].code) == PCL_LANE_HOLD)
			return 0;	/* held for its own sake */
	}
	return v->lane != PCL_LANE_HOLD || split;
}

int
pcl_ledgerstage_record(struct pcl_ledgerstage *ls, struct pcl_parcels *parcels,
    struct pcl_verdicts *vs, const struct pcl_pass1_out *p1,
    const char *outdir, struct pcl_error *err)
{
	struct pcl_ledger_batch_in bi;
	char *abs, date[11], asof[11], rund[11];
	uint32_t k, np, *order;
	int rc;

	if (ls == NULL || ls->readonly || ls->again)
		return PCL_OK;
	pcl_ledger_read_end(ls->l);
	if ((abs = realpath(outdir, NULL)) == NULL)
		return pcl_error_set(err, PCL_E_WRITE, "cannot resolve output "
		    "directory '%s'", outdir);
	memset(&bi, 0, sizeof bi);
	pcl_date_format(ls->run_date, rund);
	bi.ident = ls->ident;
	bi.run_date = rund;
	if (ls->o->as_of != PCL_DATE_NONE) {
		pcl_date_format(ls->o->as_of, asof);
		bi.as_of = asof;
	}
	bi.inputs = ls->inputs_json;
	bi.options = ls->options_json;
	bi.outdir = abs;
	bi.summary = "";
	bi.summary_sha256 = "";
	rc = pcl_ledger_begin_batch(ls->l, &bi, &ls->id, ls->batch, err);
	free(abs);
	if (rc != PCL_OK)
		return rc;
	ls->recording = 1;
	if (key_order(parcels, &order, &np) != PCL_OK)
		return nomem(err);
	for (k = 0; k < np; k++) {
		uint32_t i = order[k];
		struct pcl_parcel *pc = pcl_parcels_at(parcels, i);
		const char *f[PCL_VERDICT_NCOLS];
		size_t l[PCL_VERDICT_NCOLS];
		char lane[16], reasons[1100], assessed[100], dest[4];
		struct pcl_ledger_parcel r;
		const struct pcl_verdict *v;
		pcl_i128 value;

		if (pcl_verdicts_columns(vs, i, f, l) != PCL_OK) {
			free(order);
			return nomem(err);
		}
		memset(&r, 0, sizeof r);
		r.declarant = ls->declarant;
		r.tracking = pcl_parcels_key(parcels, pc);
		r.tracking_len = pc->key_len;
		date[0] = '\0';
		if (parcel_date(pc) != PCL_DATE_NONE)
			pcl_date_format(parcel_date(pc), date);
		r.date = date;
		r.lane = text(lane, sizeof lane, f[0], l[0]);
		r.reasons = text(reasons, sizeof reasons, f[1], l[1]);
		if (l[3] > 0)
			snprintf(assessed, sizeof assessed, "%.*s %.*s",
			    (int)(l[3] < 60 ? l[3] : 60), f[3],
			    (int)(l[5] < 8 ? l[5] : 8), f[5]);
		else
			assessed[0] = '\0';
		r.assessed = assessed;
		r.dest = text(dest, sizeof dest, pc->dest, strnlen(pc->dest,
		    sizeof pc->dest));
		r.content = i < p1->ncontent ? p1->content[i] : 0;
		r.consignee = pc->consignee_hash != ls->no_consignee ?
		    pcl_ledger_consignee_key(ls->l, pc->consignee_hash) : 0;
		if ((v = pcl_verdicts_get(vs, i, &value)) != NULL &&
		    counts_in_day(ls, parcels, pc, v) &&
		    value >= INT64_MIN && value <= INT64_MAX) {
			r.counted = 1;
			r.gift = v->gift;
			r.value_minor = (int64_t)value;
			r.value_currency = v->currency;
		}
		if ((rc = pcl_ledger_add_parcel(ls->l, ls->id, &r, err)) !=
		    PCL_OK) {
			free(order);
			return rc;
		}
	}
	free(order);
	return PCL_OK;
}

const struct pcl_summary_ledger *
pcl_ledgerstage_summary(struct pcl_ledgerstage *ls)
{
	if (ls == NULL)
		return NULL;
	ls->sum.path = ls->o->ledger_path;
	ls->sum.batch = ls->batch;
	ls->sum.declarant = ls->declarant;
	ls->sum.window_days = ls->window;
	return &ls->sum;
}

int
pcl_ledgerstage_pending(struct pcl_ledgerstage *ls, const char *summary,
    size_t len, struct pcl_error *err)
{
	char sha[65];
	int rc;

	if (ls == NULL || !ls->recording)
		return PCL_OK;
	pcl_digest_buffer(summary, len, sha);
	rc = pcl_ledger_set_summary(ls->l, ls->id, summary, len, sha, err);
	if (rc == PCL_OK)
		rc = pcl_ledger_end_batch(ls->l, err);
	else
		pcl_ledger_rollback(ls->l);
	ls->recording = 0;
	ls->pending = rc == PCL_OK;
	return rc;
}

int
pcl_ledgerstage_finish(struct pcl_ledgerstage *ls, int published,
    struct pcl_error *err)
{
	int rc;

	if (ls == NULL || !ls->pending)
		return PCL_OK;
	rc = published ? pcl_ledger_commit_batch(ls->l, ls->id, err) :
	    pcl_ledger_drop_batch(ls->l, ls->id, err);
	/* a commit that failed is settled by the next run (ledger.h) */
	ls->pending = 0;
	return rc;
}
