/*
 * job: the two-pass clearance batch (see job.h). Says which stage runs
 * when: path check and lock (outdir.c), pass 1 (records to checked,
 * screened items, classified by duplicate.c and folded into parcels by
 * fold.c), the decisions (decisions.c, verdict.c), pass 2 (rows into
 * their lanes, or check mode's findings), summary.json (summary.c) and
 * publishing (outdir.c). The two passes over the inputs are still here.
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aeo.h"
#include "check.h"
#include "conflict.h"
#include "date.h"
#include "decide.h"
#include "decisions.h"
#include "dedup.h"
#include "duplicate.h"
#include "fold.h"
#include "digest.h"
#include "fx.h"
#include "gift.h"
#include "identity.h"
#include "job.h"
#include "manifest.h"
#include "outdir.h"
#include "map.h"
#include "parcel.h"
#include "perkg.h"
#include "pipe.h"
#include "postcode.h"
#include "report.h"
#include "risk.h"
#include "rules.h"
#include "screen.h"
#include "stats.h"
#include "summary.h"
#include "verdict.h"
#include "writer.h"
#include "banned.h"

struct input {
	const char		*path;		/* as given */
	char			*spool;		/* temporary copy of stdin */
	int			 spool_fd;	/* its open descriptor */
	struct pcl_binding	*b;
	struct pcl_map		*map;		/* the job's, or owned if 'own_map' */
	int			 own_map;
	size_t			*umap;		/* unknown i -> union position */
	const char		**fp_f;		/* fingerprint scratch */
	size_t			*fp_l;
	unsigned long long	 records, blank, bytes, dups;
	/* Physical lines read, and those malformed records swallowed */
	unsigned long long	 lines, swallowed;
	char			 sha256[65];
	int			 gzip;
	char			 delim;		/* delimiter used */
	int			 detected;	/* ... detected from the header */
	struct pcl_check_opts	 copts;		/* the job's, with its decimal */
};

struct job {
	const struct pcl_job_opts *o;
	struct pcl_rules	*rules;
	struct pcl_fx		*fx;
	struct pcl_map		*map;
	struct pcl_postcodes	*postcodes;
	struct pcl_screen	*screen;
	int32_t			 run_date;	/* o->run_date or today */
	struct pcl_aeo		*aeo;		/* NULL: no --aeo */
	struct pcl_perkg	*perkg;		/* value-per-kg bands */
	struct pcl_parcels	*parcels;
	struct pcl_duplicates	*dups;		/* classification, pass 1 */
	size_t			 dedup_bytes;	/* its set's size, for the summary */
	uint64_t		 no_consignee;	/* identity key of an empty consignee */
	struct input		*in;
	char			**unames;	/* union of unknown column names */
	size_t			 nunames;
	struct pcl_writer	*w[PCL_OUT_COUNT];
	struct pcl_check_opts	 copts;		/* each input adds its decimal */
	struct pcl_risk_opts	 ropts;
	struct pcl_outdir	*outdir;
	struct pcl_verdicts	*verdicts;	/* one per parcel */
	struct pcl_decision_counts counts;
	struct pcl_stats	*stats;
	struct pcl_report_file	*report;	/* staged --report page */
	struct pcl_job_result	*res;
	/* progress: bytes of inputs finished in this and earlier passes */
	unsigned long long	 prog_base, prog_total, prog_records;
	/* check mode: the record's own reasons */
	struct pcl_reasons	 own;
	/* escaped copies of a record with invalid bytes */
	char			*esc;
	size_t			 esc_cap, esc_nf;
	const char		**esc_f;
	size_t			*esc_l;
	/* row assembly for the second pass */
	const char		**f;
	size_t			*fl;
	size_t			 nf;
};

/* The decimal separator amounts of 'in' are written with. */
static char
decimal_of(const struct input *in)
{
	return in->copts.decimal ? in->copts.decimal : '.';
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
nomem(struct pcl_error *err)
{
	return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
}

static void
where(struct pcl_error *err, const char *file, const struct pcl_record *rec)
{
	if (err == NULL)
		return;
	snprintf(err->file, sizeof err->file, "%s", file);
	if (rec != NULL) {
		err->record = rec->record;
		err->line = rec->line;
		err->offset = rec->offset;
	}
}

/* Size of an input file on disk (0 if unknown). */
static unsigned long long
input_size(const struct input *in)
{
	struct stat st;

	if (stat(in->spool != NULL ? in->spool : in->path, &st) != 0)
		return 0;
	return (unsigned long long)st.st_size;
}

/* Reports progress after every PCL_JOB_PROGRESS_RECORDS records, or
 * always when 'force'. */
static void
progress_at(struct job *j, int pass, unsigned long long file_bytes, int force)
{
	struct pcl_progress p;

	j->prog_records++;
	if (j->o->on_progress == NULL ||
	    (!force && j->prog_records % PCL_JOB_PROGRESS_RECORDS != 0))
		return;
	p.pass = pass;
	p.records = j->prog_records;
	p.bytes_done = j->prog_base + file_bytes;
	p.bytes_total = j->prog_total;
	if (p.bytes_done > p.bytes_total)
		p.bytes_done = p.bytes_total;
	j->o->on_progress(j->o->user, &p);
}

static void
progress(struct job *j, int pass, struct pcl_manifest *m, int force)
{
	progress_at(j, pass, m != NULL ? pcl_manifest_file_bytes(m) : 0, force);
}

/* Opens input 'in'; with 'digest' the reader hashes the bytes it reads. */
static int
open_input(struct job *j, struct input *in, struct pcl_manifest **m,
    int digest, struct pcl_error *err)
{
	struct pcl_manifest_opts mo;
	const char *path = in->spool != NULL ? in->spool : in->path;
	int rc;

	in->copts = j->copts;
	in->copts.decimal = j->o->decimal_comma ? ',' : pcl_map_decimal(in->map);
	memset(&mo, 0, sizeof mo);
	mo.delimiter = j->o->delimiter ? j->o->delimiter :
	    pcl_map_delimiter(in->map) ? pcl_map_delimiter(in->map) : ',';
	mo.detect_delimiter = !j->o->delimiter && !pcl_map_delimiter(in->map);
	mo.encoding = j->o->encoding;
	mo.reader_thread = j->o->threads != 1;	/* -j 1: one thread */
	mo.name = in->path;	/* "-", not the spool's /proc/self/fd/N */
	mo.digest = digest;
	rc = pcl_manifest_open(m, path, &mo, err);
	if (rc != PCL_OK && err != NULL)
		snprintf(err->file, sizeof err->file, "%s", in->path);
	return rc;
}

/* Adds unknown column names of 'in' to the union, first-seen order. */
static int
bind_unknowns(struct job *j, struct input *in, struct pcl_manifest *m)
{
	size_t i, k, n = pcl_binding_nunknown(in->b);

	if ((in->umap = calloc(n + 1, sizeof *in->umap)) == NULL ||
	    (in->fp_f = calloc(PCL_COL_COUNT + n, sizeof *in->fp_f)) == NULL ||
	    (in->fp_l = calloc(PCL_COL_COUNT + n, sizeof *in->fp_l)) == NULL)
		return PCL_E_NOMEM;
	for (i = 0; i < n; i++) {
		const char *name = pcl_manifest_colname(m,
		    pcl_binding_unknown(in->b, i));

		for (k = 0; k < j->nunames; k++)
			if (strcmp(j->unames[k], name) == 0)
				break;
		if (k == j->nunames) {
			char **u = realloc(j->unames, (k + 1) * sizeof *u);

			if (u == NULL)
				return PCL_E_NOMEM;
			j->unames = u;
			if ((u[k] = malloc(strlen(name) + 1)) == NULL)
				return PCL_E_NOMEM;
			memcpy(u[k], name, strlen(name) + 1);
			j->nunames++;
		}
		in->umap[i] = k;
	}
	return PCL_OK;
}

/* Standalone parcel key for a record that cannot be grouped. */
static size_t
solo_key(char *buf, size_t size, size_t input, unsigned long record)
{
	int n = snprintf(buf, size, "%c%zu:%lu", 1, input, record);

	return n < 0 ? 0 : (size_t)n;
}

/*
 * The parcel key of a record: its tracking number, or for a record that
 * cannot be read as CSV the raw tracking-number field when there is one
 * (so a malformed item rejects its whole parcel instead of splitting
 * it), else a key of its own. 'row' is NULL for a malformed record.
 */
static void
record_key(const struct input *in, size_t ii, const struct pcl_record *rec,
    const struct pcl_row *row, char *buf, size_t size, const char **key,
    size_t *len)
{
	int src = pcl_binding_source(in->b, PCL_COL_TRACKING_NUMBER);

	if (row != NULL && row->len[PCL_COL_TRACKING_NUMBER] > 0) {
		*key = row->v[PCL_COL_TRACKING_NUMBER];
		*len = row->len[PCL_COL_TRACKING_NUMBER];
	} else if (row == NULL && src >= 0 && (size_t)src < rec->nfields &&
	    rec->lens[src] > 0) {
		*key = rec->fields[src];
		*len = rec->lens[src];
	} else {
		*key = buf;
		*len = solo_key(buf, size, ii, rec->record);
	}
}

/*
 * Fingerprint of a record for exact duplicates: its canonical fields and
 * its unknown columns, so lines that differ only in an unmapped column
 * (a stock code, say) are never taken for copies of each other.
 */
static void
record_fingerprint(struct input *in, const struct pcl_record *rec,
    const struct pcl_row *row, struct pcl_fingerprint *fp)
{
	size_t i, n = pcl_binding_nunknown(in->b);

	memcpy(in->fp_f, row->v, sizeof row->v);
	memcpy(in->fp_l, row->len, sizeof row->len);
	for (i = 0; i < n; i++) {
		size_t src = pcl_binding_unknown(in->b, i);

		in->fp_f[PCL_COL_COUNT + i] = src < rec->nfields ?
		    rec->fields[src] : "";
		in->fp_l[PCL_COL_COUNT + i] = src < rec->nfields ?
		    rec->lens[src] : 0;
	}
	pcl_fingerprint(in->fp_f, in->fp_l, PCL_COL_COUNT + n, fp);
}

static int
csv_reason(enum pcl_record_status st)
{
	switch (st) {
	case PCL_REC_QUOTE:		return PCL_R_CSV_QUOTE;
	case PCL_REC_FIELD_COUNT:	return PCL_R_CSV_FIELD_COUNT;
	case PCL_REC_TOOBIG:		return PCL_R_CSV_TOO_BIG;
	case PCL_REC_UTF8:		return PCL_R_CSV_UTF8;
	case PCL_REC_NUL:		return PCL_R_CSV_NUL;
	default:			return PCL_R_CSV_QUOTE;
	}
}

/* Canonical column of header field 'idx' of 'in', or PCL_COL_NONE. */
static int
column_of(const struct input *in, size_t idx)
{
	int c;

	for (c = 0; c < PCL_COL_COUNT; c++)
		if (pcl_binding_source(in->b, c) == (int)idx)
			return c;
	return PCL_COL_NONE;
}

/*
 * Adds the CSV fault of malformed record 'rec' to 'rs', and, when its
 * quote or oversized field ran over more than one physical line,
 * CSV_LINES_SWALLOWED (those lines may be other records). Returns 0
 * or -1 (out of memory).
 */
static int
csv_reasons(struct pcl_reasons *rs, const struct input *in,
    const struct pcl_record *rec)
{
	int c = column_of(in, rec->bad_field);

	if (pcl_reasons_add(rs, csv_reason(rec->status), c) != 0)
		return -1;
	if (rec->swallowed > 0)
		return pcl_reasons_add(rs, PCL_R_CSV_LINES_SWALLOWED, c);
	return 0;
}

/* Normalised consignee identity (identity.h). */
static uint64_t
consignee_hash(const struct pcl_row *row)
{
	const char *v[4] = {
		row->v[PCL_COL_CONSIGNEE_NAME], row->v[PCL_COL_CONSIGNEE_ADDRESS],
		row->v[PCL_COL_CONSIGNEE_POSTCODE], row->v[PCL_COL_CONSIGNEE_ID]
	};
	size_t len[4] = {
		row->len[PCL_COL_CONSIGNEE_NAME],
		row->len[PCL_COL_CONSIGNEE_ADDRESS],
		row->len[PCL_COL_CONSIGNEE_POSTCODE],
		row->len[PCL_COL_CONSIGNEE_ID]
	};

	/*
	 * A person is named by name or id; an address or postcode alone
	 * identifies nobody, so such records are neither compared nor
	 * aggregated as one consignee.
	 */
	if (len[0] == 0 && len[3] == 0)
		len[1] = len[2] = 0;
	return pcl_identity_party_key(v, len);
}

/*
 * PCL_E_INTERRUPTED once *o->stop is set. Looked at on every call: a
 * volatile read, and a short run or one of very wide records must stop
 * as promptly as a long one.
 */
static int
poll_stop(struct job *j, struct pcl_error *err)
{
	if (j->o->stop == NULL || !*j->o->stop)
		return PCL_OK;
	return pcl_error_set(err, PCL_E_INTERRUPTED, "interrupted by a signal");
}

/* Today's day number, UTC (the run date). */
static int32_t
today_utc(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return PCL_DATE_NONE;
	return pcl_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Screens the description and party names of a goods record. */
static int
screen_record(struct job *j, const struct pcl_row *row,
    const struct pcl_item *it, char decimal, struct pcl_reasons *rs)
{
	static const int cols[3] = {
		PCL_COL_DESCRIPTION, PCL_COL_CONSIGNOR_NAME, PCL_COL_CONSIGNEE_NAME
	};
	struct pcl_screen_query q;
	pcl_i128 qty;
	int t;

	if (j->screen == NULL || pcl_screen_count(j->screen) == 0)
		return 0;
	/* no customs border, no customs screening: released as such */
	if (it->date != PCL_DATE_NONE && it->from[0] != '\0' &&
	    it->dest[0] != '\0' && pcl_rules_same_territory(j->rules,
	    it->from, it->dest, it->date))
		return 0;
	memset(&q, 0, sizeof q);
	for (t = 0; t < 3; t++) {
		q.text[t] = row->v[cols[t]];
		q.len[t] = row->len[cols[t]];
		q.column[t] = cols[t];
	}
	q.dest = it->dest;
	q.union_name = it->date != PCL_DATE_NONE ?
	    pcl_rules_union_of(j->rules, it->dest, it->date) : NULL;
	q.date = it->date;
	q.value_micros = it->value_micros;
	if (pcl_money_parse(row->v[PCL_COL_QUANTITY], row->len[PCL_COL_QUANTITY],
	    decimal, &qty) == 0 && qty > 0)
		q.quantity_micros = qty;
	q.currency = it->currency;
	q.fx = j->fx;
	return pcl_screen_check(j->screen, &q, rs);
}

/*
 * Records read before the indexes are sized for the whole batch:
 * enough to know the bytes per record, early enough to spare most of the
 * rehashing of tables that double as they fill.
 */
#define SIZE_SAMPLE	131072

/*
 * Sizes the duplicate, conflict, parcel and HS-6 indexes for the records
 * all inputs hold at the rate of input file bytes per record seen so
 * far, each in proportion to what it holds now. The
 * reader is ahead of the records counted, so the estimate errs low; the
 * tables still grow if it is short. Only a hint: a failure is ignored.
 */
static void
reserve_indexes(struct job *j, unsigned long long file_bytes)
{
	unsigned long long done = j->prog_base + file_bytes;
	unsigned long long total = j->prog_total / 2, est;

	if (done == 0 || total <= done || j->res->records_in > total)
		return;
	est = j->res->records_in * total / done;
	/* each index for what it holds so far times the same ratio */
	pcl_duplicates_reserve(j->dups, j->res->records_in, est);
	(void)pcl_parcels_reserve(j->parcels,
	    (size_t)(pcl_parcels_count(j->parcels) * est / j->res->records_in),
	    (size_t)(pcl_parcels_npairs(j->parcels) * est / j->res->records_in));
}

/*
 * The first pass in two stages: a worker stage reads records and
 * does the work that needs no index (binding, fingerprint, checks,
 * screening, consignee identity) on batches of PREP_BATCH records, while
 * the caller folds them into the indexes (duplicates, parcels, conflicts)
 * in input order. With -j 1 the same code runs in one thread.
 */
#define PREP_BATCH	PCL_MANIFEST_BATCH_RECORDS
#define PREP_NBATCH	PCL_MANIFEST_HOLD_MAX

/* One record with what the worker stage found. */
struct prep {
	struct pcl_record	rec;		/* fields in the reader's batch */
	struct pcl_row		row;
	struct pcl_item		it;
	struct pcl_fingerprint	fp;
	struct pcl_reasons	rs;		/* check and screening reasons */
	uint64_t		ch;		/* consignee identity */
	struct pcl_dup_keys	keys;
	unsigned long long	file_bytes;	/* input read after the record */
	int			nomem;
	char			date[32];	/* the row's parsed date text */
};

struct prep_batch {
	struct prep		p[PREP_BATCH];
	size_t			n;
	int			held;		/* holds a batch of the reader */
	int			rc;		/* PCL_OK: more batches follow */
	struct pcl_error	err;		/* when rc is an error */
};

struct prep_ctx {
	struct job		*j;
	struct input		*in;
	struct pcl_manifest	*m;
	struct prep_batch	b[PREP_NBATCH];
};

static void
prep_release(struct prep_ctx *c)
{
	size_t i, k;

	for (i = 0; i < PREP_NBATCH; i++)
		for (k = 0; k < PREP_BATCH; k++)
			pcl_reasons_release(&c->b[i].p[k].rs);
}

/* The index-free work on one record ('p->rec' complete). */
static void
prep_record(struct job *j, struct input *in, struct prep *p)
{
	const char *d;

	pcl_reasons_clear(&p->rs);
	p->nomem = 0;
	if (p->rec.status != PCL_REC_OK)
		return;
	pcl_binding_apply(in->b, p->rec.fields, p->rec.lens, p->rec.nfields,
	    &p->row);
	/* the parsed date may be in the binding's buffer: keep a copy */
	d = p->row.v[PCL_COL_DATE];
	if (p->row.len[PCL_COL_DATE] < sizeof p->date) {
		memcpy(p->date, d, p->row.len[PCL_COL_DATE] + 1);
		p->row.v[PCL_COL_DATE] = p->date;
	}
	record_fingerprint(in, &p->rec, &p->row, &p->fp);
	if (pcl_check_record(&p->row, &in->copts, &p->it, &p->rs) != 0 ||
	    (p->row.row_class < 0 && screen_record(j, &p->row, &p->it,
	    decimal_of(in), &p->rs) != 0))
		p->nomem = 1;
	p->ch = consignee_hash(&p->row);
	pcl_dup_keys(&p->row, &p->it, p->ch, &p->keys);
}

/*
 * pcl_pipe_fill_fn: prepares the reader's next batch of records, whose
 * fields are used where the reader put them; 'b' holds that batch until
 * it is filled again (batches are filled, and so given back, in order).
 */
static int
prep_fill(void *ctx, void *batch)
{
	struct prep_ctx *c = ctx;
	struct prep_batch *b = batch;
	const struct pcl_record *recs;
	unsigned long long fb;
	size_t k, n;

	if (b->held)
		pcl_manifest_give(c->m);
	b->held = 0;
	b->n = 0;
	pcl_error_clear(&b->err);
	if ((b->rc = pcl_manifest_take(c->m, &recs, &n, &b->err)) != PCL_OK)
		return 1;
	b->held = 1;
	fb = pcl_manifest_file_bytes(c->m);
	for (k = 0; k < n; k++) {
		b->p[k].rec = recs[k];
		b->p[k].file_bytes = fb;
		prep_record(c->j, c->in, &b->p[k]);
	}
	b->n = n;
	return 0;
}

/*
 * Records ahead of the one applied whose index slots are fetched:
 * at 10M rows the tables are far bigger than the caches, and a record
 * misses in three or four of them; fetched this far ahead the misses
 * overlap.
 */
#define APPLY_AHEAD	8

/* Fetches the index slots that applying prepared record 'p' reads. */
static void
prep_prefetch(struct job *j, const struct prep *p)
{
	const struct pcl_row *row = &p->row;

	if (p->rec.status != PCL_REC_OK)
		return;
	pcl_duplicates_prefetch(j->dups, &p->keys, &p->fp);
	if (row->len[PCL_COL_TRACKING_NUMBER] > 0)
		pcl_parcels_prefetch(j->parcels, row->v[PCL_COL_TRACKING_NUMBER],
		    row->len[PCL_COL_TRACKING_NUMBER], p->it.has_hs, p->it.hs6);
}

/*
 * Folds prepared record 'i' of batch 'b' (ordinal 'ordinal') into the
 * indexes.
 */
static int
prep_apply(struct job *j, size_t ii, struct prep_batch *b, size_t i,
    uint64_t ordinal, struct pcl_error *err)
{
	struct input *in = &j->in[ii];
	struct prep *p = &b->p[i];
	struct pcl_dup_class dc;
	struct pcl_fold fold;
	char key[64];
	const char *k;
	size_t kn;
	uint32_t idx;
	size_t a;

	/* the first records of a batch, then one more each time */
	for (a = i == 0 ? 0 : i + APPLY_AHEAD;
	    a <= i + APPLY_AHEAD && a < b->n; a++)
		prep_prefetch(j, &b->p[a]);
	if (p->rec.status != PCL_REC_OK) {
		struct pcl_parcel *pc;

		/* prep_record() left its reasons empty */
		record_key(in, ii, &p->rec, NULL, key, sizeof key, &k, &kn);
		in->swallowed += p->rec.swallowed;
		if (csv_reasons(&p->rs, in, &p->rec) != 0 ||
		    pcl_parcels_get(j->parcels, k, kn, 1, &idx) != PCL_OK)
			return nomem(err);
		/* its values cannot be trusted: only its reason counts */
		pc = pcl_parcels_at(j->parcels, idx);
		if (pcl_parcels_reasons_union(j->parcels, pc->reasons,
		    &p->rs, &pc->reasons) != PCL_OK)
			return nomem(err);
		return PCL_OK;
	}
	if (pcl_duplicates_classify(j->dups, &p->keys, &p->fp, ordinal,
	    &dc) != PCL_OK)
		return nomem(err);
	if (dc.kind == PCL_DUP_EXACT) {
		in->dups++;
		return PCL_OK;
	}
	if (p->nomem)
		return nomem(err);
	fold.parcels = j->parcels;
	fold.rules = j->rules;
	fold.fx = j->fx;
	fold.aeo = j->aeo;
	fold.perkg = j->perkg;
	record_key(in, ii, &p->rec, &p->row, key, sizeof key, &k, &kn);
	if (pcl_parcels_get(j->parcels, k, kn, 1, &idx) != PCL_OK ||
	    pcl_duplicates_reasons(j->dups, &dc, &p->keys, idx, j->parcels,
	    &p->rs) != PCL_OK ||
	    pcl_fold_item(&fold, idx, &p->row, &p->it, p->ch,
	    decimal_of(in), &p->rs) != PCL_OK)
		return nomem(err);
	return PCL_OK;
}

/*
 * Reads every record of input 'ii' (open as 'm') through the two stages.
 * Returns PCL_END, or the error that stopped it with 'err' filled.
 */
static int
prep_run(struct job *j, size_t ii, struct pcl_manifest *m,
    struct pcl_error *err)
{
	struct prep_ctx *c = calloc(1, sizeof *c);
	void *bs[PREP_NBATCH];
	struct pcl_pipe *pipe = NULL;
	struct prep_batch *b;
	size_t i;
	int rc = PCL_OK;

	if (c == NULL)
		return nomem(err);
	c->j = j;
	c->in = &j->in[ii];
	c->m = m;
	for (i = 0; i < PREP_NBATCH; i++) {
		bs[i] = &c->b[i];
		for (size_t k = 0; k < PREP_BATCH; k++)
			pcl_reasons_init(&c->b[i].p[k].rs);
	}
	if (pcl_pipe_new(&pipe, bs, PREP_NBATCH, prep_fill, c,
	    j->o->threads != 1) != PCL_OK) {
		free(c);
		return nomem(err);
	}
	while (rc == PCL_OK) {
		b = pcl_pipe_take(pipe);
		for (i = 0; i < b->n && rc == PCL_OK; i++) {
			uint64_t ordinal = j->res->records_in++;

			if ((rc = poll_stop(j, err)) != PCL_OK)
				break;
			progress_at(j, 1, b->p[i].file_bytes, 0);
			c->in->records++;
			if (j->res->records_in == SIZE_SAMPLE)
				reserve_indexes(j, b->p[i].file_bytes);
			rc = prep_apply(j, ii, b, i, ordinal, err);
		}
		if (rc == PCL_OK && b->rc != PCL_OK) {
			rc = b->rc;
			if (rc != PCL_END && err != NULL)
				*err = b->err;
		}
		pcl_pipe_give(pipe);
	}
	pcl_pipe_free(pipe);
	prep_release(c);
	free(c);
	return rc;
}

static int
first_pass_input(struct job *j, size_t ii, struct pcl_error *err)
{
	struct input *in = &j->in[ii];
	struct pcl_manifest *m;
	int rc, grc;
	const char **names;
	size_t i, nc;

	if ((rc = open_input(j, in, &m, 1, err)) != PCL_OK)
		return rc;
	in->gzip = pcl_manifest_is_gzip(m);
	in->delim = pcl_manifest_delimiter(m);
	in->detected = pcl_manifest_delimiter_detected(m);
	nc = pcl_manifest_ncols(m);
	if ((names = calloc(nc + 1, sizeof *names)) == NULL) {
		(void)pcl_manifest_close(m);	/* the first error is reported */
		return nomem(err);
	}
	for (i = 0; i < nc; i++)
		names[i] = pcl_manifest_colname(m, i);
	rc = pcl_binding_new(&in->b, names, nc, in->map, j->o->profile, err);
	free(names);
	if (rc == PCL_OK && bind_unknowns(j, in, m) != PCL_OK)
		rc = nomem(err);
	/* a header refused may be the garbage of a corrupt gzip stream */
	if (rc == PCL_E_SCHEMA && (grc = pcl_manifest_check_gzip(m, err)) !=
	    PCL_OK) {
		pcl_manifest_close(m);
		return grc;
	}
	if (rc != PCL_OK) {
		where(err, in->path, NULL);
		if (err != NULL)
			err->line = 1;
		(void)pcl_manifest_close(m);	/* the first error is reported */
		return rc;
	}
	rc = prep_run(j, ii, m, err);
	/* the digest and size of exactly the bytes judged */
	if (rc == PCL_END && (rc = pcl_manifest_digest(m, in->sha256,
	    &in->bytes, err)) == PCL_OK)
		rc = PCL_END;
	in->blank = pcl_manifest_blank_lines(m);
	in->lines = pcl_manifest_lines(m);
	j->res->blank_lines += in->blank;
	j->prog_records--;
	progress(j, 1, m, 1);
	j->prog_base += pcl_manifest_file_bytes(m);
	if (rc == PCL_END)
		rc = PCL_OK;
	else if (err != NULL && err->file[0] == '\0')
		snprintf(err->file, sizeof err->file, "%s", in->path);
	if (pcl_manifest_close(m) != PCL_OK && rc == PCL_OK)
		rc = pcl_error_set(err, PCL_E_IO, "error closing '%s'", in->path);
	return rc;
}

/* Compression threads: 'n', or the online cores when 0. */
static int
set_threads(struct pcl_writer *w, int n, struct pcl_error *err)
{
	long cores;

	if (n == 0) {
		cores = sysconf(_SC_NPROCESSORS_ONLN);
		n = cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
	}
	switch (pcl_writer_set_threads(w, n)) {
	case PCL_OK:
		return PCL_OK;
	case PCL_E_NOMEM:
		return nomem(err);
	default:
		return pcl_error_set(err, PCL_E_USAGE,
		    "invalid number of threads %d", n);
	}
}

static int
write_header(struct job *j, struct pcl_writer *w, struct pcl_error *err)
{
	size_t n = 0, i;

	for (i = 0; i < PCL_COL_COUNT; i++)
		j->f[n++] = pcl_column_name((int)i);
	for (i = 0; i < PCL_VERDICT_NCOLS; i++)
		j->f[n++] = pcl_verdict_column_name(i);
	j->f[n++] = "source";
	j->f[n++] = "record";
	j->f[n++] = "line";
	for (i = 0; i < j->nunames; i++)
		j->f[n++] = j->unames[i];
	j->f[n++] = "format_version";
	for (i = 0; i < n; i++)
		j->fl[i] = strlen(j->f[i]);
	return pcl_writer_row(w, j->f, j->fl, n, err);
}

/* 1-based position of canonical column 'c' in the input's header, or 0. */
static unsigned long
header_position(const struct input *in, int c)
{
	int src = c == PCL_COL_NONE ? -1 : pcl_binding_source(in->b, c);

	return src < 0 ? 0 : (unsigned long)src + 1;
}

static void
report_one(struct job *j, const struct input *in, const struct pcl_record *rec,
    const struct pcl_reason *r)
{
	struct pcl_finding f;

	f.file = in->path;
	f.record = rec->record;
	f.line = rec->line;
	f.column = header_position(in, r->column);
	f.column_name = r->column == PCL_COL_NONE ? "" :
	    pcl_column_name(r->column);
	f.code = r->code;
	f.message = pcl_reason_meaning(r->code);
	j->o->on_reject(j->o->user, &f);
}

/*
 * Check mode: reports a record of a rejected parcel. Its own reasons are
 * those pcl_check_record and the screening lists give it again (or its
 * CSV fault); a record with
 * none is rejected for its parcel's sake: the parcel-level reasons
 * (currency, rate, sum overflow), else PARCEL_INCOMPLETE.
 */
static int
report_reject(struct job *j, const struct input *in,
    const struct pcl_record *rec, const struct pcl_row *row, uint32_t idx)
{
	struct pcl_reason inc = { PCL_R_PARCEL_INCOMPLETE, PCL_COL_NONE };
	const struct pcl_reasons *prs;
	const struct pcl_verdict *v;
	struct pcl_item it;
	pcl_i128 assessed;
	size_t k, n = 0;

	pcl_reasons_clear(&j->own);
	if (rec->status != PCL_REC_OK) {
		if (csv_reasons(&j->own, in, rec) != 0)
			return PCL_E_NOMEM;
	} else if (pcl_check_record(row, &in->copts, &it, &j->own) != 0) {
		return PCL_E_NOMEM;
	} else if (row->row_class < 0 &&
	    screen_record(j, row, &it, decimal_of(in), &j->own) != 0) {
		/* a screening list's reject is the record's own too */
		return PCL_E_NOMEM;
	}
	for (k = 0; k < j->own.n; k++)
		if (pcl_reason_lane(j->own.v[k].code) == PCL_LANE_REJECT) {
			report_one(j, in, rec, &j->own.v[k]);
			n++;
		}
	/* else the parcel's own reasons, as its verdict holds them */
	v = pcl_verdicts_get(j->verdicts, idx, &assessed);
	prs = v != NULL ? pcl_parcels_reasons(j->parcels, v->reasons) : NULL;
	for (k = 0; n == 0 && prs != NULL && k < prs->n; k++) {
		int c = prs->v[k].code;

		if (c == PCL_R_CURRENCY_MIXED || c == PCL_R_FX_RATE_UNAVAILABLE ||
		    c == PCL_R_OVERFLOW) {
			report_one(j, in, rec, &prs->v[k]);
			n++;
		}
	}
	if (n == 0)
		report_one(j, in, rec, &inc);
	return PCL_OK;
}

/*
 * Replaces the fields of a record with invalid UTF-8 or NUL bytes by
 * escaped copies ("\\xHH") held in the job, so lane files stay valid
 * UTF-8. The record keeps its CSV_UTF8 or CSV_NUL reason.
 */
static int
escape_record(struct job *j, struct pcl_record *rec)
{
	size_t i, need = 0, off = 0;

	for (i = 0; i < rec->nfields; i++)
		need += 4 * rec->lens[i] + 1;
	if (need > j->esc_cap) {
		char *b = realloc(j->esc, need);

		if (b == NULL)
			return PCL_E_NOMEM;
		j->esc = b;
		j->esc_cap = need;
	}
	if (rec->nfields > j->esc_nf) {
		const char **f = realloc(j->esc_f, rec->nfields * sizeof *f);
		size_t *l;

		if (f == NULL)
			return PCL_E_NOMEM;
		j->esc_f = f;
		if ((l = realloc(j->esc_l, rec->nfields * sizeof *l)) == NULL)
			return PCL_E_NOMEM;
		j->esc_l = l;
		j->esc_nf = rec->nfields;
	}
	for (i = 0; i < rec->nfields; i++) {
		size_t n = pcl_manifest_escape(rec->fields[i], rec->lens[i],
		    j->esc + off, need - off);

		j->esc_f[i] = j->esc + off;
		j->esc_l[i] = n;
		j->esc[off + n] = '\0';
		off += n + 1;
	}
	rec->fields = j->esc_f;
	rec->lens = j->esc_l;
	return PCL_OK;
}

/*
 * Writes 'v' in decimal into 'buf' (24 bytes at least), NUL-terminated,
 * and returns its length: what snprintf "%llu" gives, without its cost
 * on every row of the second pass.
 */
static size_t
put_decimal(char *buf, unsigned long long v)
{
	char t[24];
	size_t n = 0, i;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		buf[i] = t[n - 1 - i];
	buf[n] = '\0';
	return n;
}

static int
second_pass_input(struct job *j, size_t ii, struct pcl_error *err)
{
	struct input *in = &j->in[ii];
	struct pcl_manifest *m;
	struct pcl_record rec;
	struct pcl_row row;
	unsigned long long seen = 0;
	char key[64], recno[24], lineno[24], seqbuf[24];
	uint32_t idx;
	int rc, dup, out;
	size_t i, base = PCL_COL_COUNT + PCL_VERDICT_NCOLS;
	size_t pathlen = strlen(in->path);

	if ((rc = open_input(j, in, &m, 0, err)) != PCL_OK)
		return rc;
	while ((rc = pcl_manifest_next(m, &rec, err)) == PCL_OK) {
		struct pcl_parcel *pc = NULL;

		seen++;
		/* duplicates are known by ordinal from the first pass */
		dup = pcl_duplicates_next_is_exact(j->dups);
		if ((rc = poll_stop(j, err)) != PCL_OK)
			break;
		if (rec.status != PCL_REC_OK) {
			const char *k;
			size_t kn;

			record_key(in, ii, &rec, NULL, key, sizeof key, &k, &kn);
			rc = pcl_parcels_get(j->parcels, k, kn, 0, &idx);
			/* raw text kept of a malformed record may hold any
			 * byte: every malformed record is escaped */
			if (escape_record(j, &rec) != PCL_OK) {
				rc = nomem(err);
				break;
			}
			/* raw fields in header order: canonical as far as they go */
			memset(&row, 0, sizeof row);
			for (i = 0; i < PCL_COL_COUNT; i++) {
				int src = pcl_binding_source(in->b, (int)i);

				row.v[i] = src >= 0 && (size_t)src < rec.nfields ?
				    rec.fields[src] : "";
				row.len[i] = src >= 0 && (size_t)src < rec.nfields ?
				    rec.lens[src] : 0;
			}
		} else {
			const char *k;
			size_t kn;

			pcl_binding_apply(in->b, rec.fields, rec.lens, rec.nfields,
			    &row);
			record_key(in, ii, &rec, &row, key, sizeof key, &k, &kn);
			rc = pcl_parcels_get(j->parcels, k, kn, 0, &idx);
		}
		if (rc != PCL_OK && !dup) {
			rc = pcl_error_set(err, PCL_E_IO,
			    "input changed between the two passes");
			where(err, in->path, &rec);
			break;
		}
		rc = PCL_OK;
		for (i = 0; i < PCL_COL_COUNT; i++) {
			j->f[i] = row.v[i];
			j->fl[i] = row.len[i];
		}
		if (dup) {
			out = PCL_OUT_DUPLICATES;
			pcl_verdict_duplicate_columns(j->f + PCL_COL_COUNT,
			    j->fl + PCL_COL_COUNT);
		} else {
			pc = pcl_parcels_at(j->parcels, idx);
			out = pc->lane;
			if (pcl_verdicts_columns(j->verdicts, idx,
			    j->f + PCL_COL_COUNT, j->fl + PCL_COL_COUNT) !=
			    PCL_OK) {
				rc = nomem(err);
				break;
			}
		}
		/* item_seq: position among the rows of its tracking number */
		if (pc == NULL && rec.status == PCL_REC_OK &&
		    row.len[PCL_COL_TRACKING_NUMBER] > 0 &&
		    pcl_parcels_get(j->parcels, row.v[PCL_COL_TRACKING_NUMBER],
		    row.len[PCL_COL_TRACKING_NUMBER], 0, &idx) == PCL_OK)
			pc = pcl_parcels_at(j->parcels, idx);
		if (pc != NULL && ++pc->written > 0 &&
		    row.len[PCL_COL_ITEM_SEQ] == 0 && rec.status == PCL_REC_OK) {
			j->f[PCL_COL_ITEM_SEQ] = seqbuf;
			j->fl[PCL_COL_ITEM_SEQ] = put_decimal(seqbuf,
			    pc->written);
		}
		j->f[base] = in->path;
		j->fl[base] = pathlen;
		j->f[base + 1] = recno;
		j->fl[base + 1] = put_decimal(recno, rec.record);
		j->f[base + 2] = lineno;
		j->fl[base + 2] = put_decimal(lineno, rec.line);
		for (i = 0; i < j->nunames; i++) {
			j->f[base + 3 + i] = "";
			j->fl[base + 3 + i] = 0;
		}
		for (i = 0; i < pcl_binding_nunknown(in->b); i++) {
			size_t src = pcl_binding_unknown(in->b, i);

			if (src < rec.nfields) {
				j->f[base + 3 + in->umap[i]] = rec.fields[src];
				j->fl[base + 3 + in->umap[i]] = rec.lens[src];
			}
		}
		j->f[j->nf - 1] = PCL_FORMAT_VERSION_TEXT;
		j->fl[j->nf - 1] = strlen(PCL_FORMAT_VERSION_TEXT);
		progress(j, 2, m, 0);
		if (j->o->check_only) {
			if (out == PCL_LANE_REJECT && j->o->on_reject != NULL &&
			    report_reject(j, in, &rec, &row, idx) != PCL_OK) {
				rc = nomem(err);
				break;
			}
		} else if ((rc = pcl_writer_row(j->w[out], j->f, j->fl, j->nf,
		    err)) != PCL_OK)
			break;
		if (out == PCL_OUT_DUPLICATES)
			j->res->duplicates++;
		else
			j->res->records[out]++;
	}
	if (rc == PCL_END)
		rc = PCL_OK;
	j->prog_records--;
	progress(j, 2, m, 1);
	j->prog_base += pcl_manifest_file_bytes(m);
	if (rc == PCL_OK && seen != in->records)
		rc = pcl_error_set(err, PCL_E_IO,
		    "input changed between the two passes (%llu records, then %llu)",
		    in->records, seen);
	if (rc != PCL_OK && err != NULL && err->file[0] == '\0')
		snprintf(err->file, sizeof err->file, "%s", in->path);
	if (pcl_manifest_close(m) != PCL_OK && rc == PCL_OK)
		rc = pcl_error_set(err, PCL_E_IO, "error closing '%s'", in->path);
	return rc;
}

/* Finishes every lane file, renders summary.json, and publishes. */
static int
publish(struct job *j, const double *secs, struct pcl_error *err)
{
	struct pcl_summary_input *ins;
	struct pcl_summary_batch b;
	struct pcl_json *js;
	const char *text;
	size_t len, i;
	int rc;

	for (i = 0; i < PCL_OUT_COUNT; i++)
		if ((rc = pcl_writer_finish(j->w[i], err)) != PCL_OK)
			return rc;
	if ((ins = calloc(j->o->ninputs, sizeof *ins)) == NULL)
		return nomem(err);
	for (i = 0; i < j->o->ninputs; i++) {
		const struct input *in = &j->in[i];

		ins[i].path = in->path;
		ins[i].sha256 = in->sha256;
		ins[i].bytes = in->bytes;
		ins[i].records = in->records;
		ins[i].blank = in->blank;
		ins[i].lines = in->lines;
		ins[i].swallowed = in->swallowed;
		ins[i].dups = in->dups;
		ins[i].gzip = in->gzip;
		ins[i].detected = in->detected;
		ins[i].spooled = in->spool != NULL;
		ins[i].delim = in->delim;
		ins[i].map_sha256 = in->map != NULL ? pcl_map_sha256(in->map) :
		    NULL;
	}
	memset(&b, 0, sizeof b);
	b.o = j->o;
	b.run_date = j->run_date;
	b.ropts = &j->ropts;
	b.rules = j->rules;
	b.fx = j->fx;
	b.map = j->map;
	b.screen = j->screen;
	b.aeo = j->aeo;
	b.perkg = j->perkg;
	b.inputs = ins;
	b.res = j->res;
	b.counts = &j->counts;
	b.stats = j->stats;
	b.lanes = j->w;
	b.report = j->report;
	b.parcel_index_bytes = pcl_parcels_memory(j->parcels) +
	    pcl_verdicts_memory(j->verdicts);
	b.dedup_bytes = j->dedup_bytes;
	b.secs = secs;
	if (pcl_json_new(&js) != PCL_OK) {
		free(ins);
		return nomem(err);
	}
	rc = pcl_summary_render(&b, js);
	free(ins);
	if (rc != PCL_OK || (text = pcl_json_text(js, &len)) == NULL) {
		pcl_json_free(js);
		return nomem(err);
	}
	rc = pcl_outdir_publish(j->outdir, j->w, &j->report, text, len,
	    j->o->on_published, j->o->user, err);
	pcl_json_free(js);
	return rc;
}

static void
job_release(struct job *j)
{
	size_t i;

	for (i = 0; i < PCL_OUT_COUNT; i++)
		pcl_writer_abort(j->w[i]);
	pcl_report_abort(j->report);
	for (i = 0; j->in != NULL && i < j->o->ninputs; i++) {
		pcl_binding_free(j->in[i].b);
		if (j->in[i].own_map)
			pcl_map_free(j->in[i].map);
		free(j->in[i].umap);
		free(j->in[i].fp_f);
		free(j->in[i].fp_l);
		if (j->in[i].spool != NULL) {
			(void)close(j->in[i].spool_fd);	/* unlinked already */
			free(j->in[i].spool);
		}
	}
	free(j->in);
	for (i = 0; i < j->nunames; i++)
		free(j->unames[i]);
	free(j->unames);
	free(j->f);
	free(j->fl);
	free(j->esc);
	free(j->esc_f);
	free(j->esc_l);
	pcl_decision_counts_release(&j->counts);
	pcl_verdicts_free(j->verdicts);
	pcl_reasons_release(&j->own);
	pcl_duplicates_free(j->dups);
	pcl_parcels_free(j->parcels);
	pcl_stats_free(j->stats);
	pcl_map_free(j->map);
	pcl_postcodes_free(j->postcodes);
	pcl_screen_free(j->screen);
	pcl_aeo_free(j->aeo);
	pcl_perkg_free(j->perkg);
	pcl_fx_free(j->fx);
	pcl_rules_free(j->rules);
	pcl_outdir_close(j->outdir);
}

/*
 * Refuses a run whose outputs would replace a file it reads
 * (outdir.h), before any work.
 */
static int
check_paths(const struct pcl_job_opts *o, struct pcl_error *err)
{
	const char **reads;
	struct pcl_outdir_paths p;
	size_t i, n = 0;
	int rc;

	if ((reads = calloc(2 * o->ninputs + 4, sizeof *reads)) == NULL)
		return nomem(err);
	for (i = 0; i < o->ninputs; i++) {
		reads[n++] = o->inputs[i];
		if (o->input_maps != NULL)
			reads[n++] = o->input_maps[i];
	}
	reads[n++] = o->rules_path;
	reads[n++] = o->fx_path;
	reads[n++] = o->map_path;
	reads[n++] = o->aeo_path;
	memset(&p, 0, sizeof p);
	p.reads = reads;
	p.nreads = n;
	p.lists_dir = o->lists_dir;
	p.outdir = o->check_only ? NULL : o->outdir;
	p.report = o->report_path;
	rc = pcl_outdir_check(&p, err);
	free(reads);
	return rc;
}

int
pcl_job_run(const struct pcl_job_opts *o, struct pcl_job_result *res,
    struct pcl_error *err)
{
	struct job j;
	double t0 = now(), t1, t2, secs[4];
	size_t i;
	int rc, stdin_used = 0;

	memset(&j, 0, sizeof j);
	memset(res, 0, sizeof *res);
	j.o = o;
	j.res = res;
	pcl_error_clear(err);
	pcl_reasons_init(&j.own);
	if (o->ninputs == 0 || (o->outdir == NULL && !o->check_only))
		return pcl_error_set(err, PCL_E_USAGE, "no input or no output directory");
	if ((rc = check_paths(o, err)) != PCL_OK)
		return rc;
	j.copts.profile = o->profile;
	j.copts.as_of = o->as_of;
	j.run_date = o->run_date != 0 ? o->run_date : today_utc();
	j.copts.latest = o->as_of != PCL_DATE_NONE ? o->as_of : j.run_date;
	j.copts.check_future = j.copts.latest != PCL_DATE_NONE;
	if ((rc = pcl_rules_open(&j.rules, o->rules_path, err)) != PCL_OK ||
	    (rc = pcl_fx_open(&j.fx, o->fx_path, err)) != PCL_OK ||
	    (rc = pcl_postcodes_open(&j.postcodes, NULL, err)) != PCL_OK ||
	    (o->map_path != NULL &&
	    (rc = pcl_map_open(&j.map, o->map_path, err)) != PCL_OK) ||
	    (rc = pcl_screen_open(&j.screen, o->lists_dir, err)) != PCL_OK ||
	    (o->aeo_path != NULL &&
	    (rc = pcl_aeo_open(&j.aeo, o->aeo_path, err)) != PCL_OK) ||
	    (rc = pcl_perkg_open(&j.perkg, o->lists_dir, err)) != PCL_OK)
		goto out;
	j.ropts.hold_score = o->hold_score;
	j.ropts.near_band_bp = o->near_band_bp;
	j.copts.postcodes = j.postcodes;
	if (!o->check_only &&
	    (rc = pcl_outdir_open(&j.outdir, o->outdir, err)) != PCL_OK)
		goto out;
	if (pcl_parcels_new(&j.parcels) != PCL_OK ||
	    pcl_stats_new(&j.stats) != PCL_OK ||
	    (j.in = calloc(o->ninputs, sizeof *j.in)) == NULL) {
		rc = nomem(err);
		goto out;
	}
	for (i = 0; i < o->ninputs; i++) {
		const char *mp = o->input_maps ? o->input_maps[i] : o->map_path;

		j.in[i].path = o->inputs[i];
		j.in[i].map = j.map;
		if (mp != NULL && mp != o->map_path &&
		    (o->map_path == NULL || strcmp(mp, o->map_path) != 0)) {
			if ((rc = pcl_map_open(&j.in[i].map, mp, err)) != PCL_OK)
				goto out;
			j.in[i].own_map = 1;
		} else if (mp == NULL) {
			j.in[i].map = NULL;
		}
		if (strcmp(o->inputs[i], "-") == 0) {
			if (stdin_used++) {
				rc = pcl_error_set(err, PCL_E_USAGE,
				    "standard input given twice");
				goto out;
			}
		}
		/* stdin, a FIFO or a pipe cannot be read twice: spooled */
		if ((rc = pcl_manifest_spool(&j.in[i].spool, &j.in[i].spool_fd,
		    o->inputs[i], NULL, err)) != PCL_OK)
			goto out;
	}
	for (i = 0; i < o->ninputs; i++)
		j.prog_total += 2 * input_size(&j.in[i]);
	/* identical records are item records alike under one map */
	for (i = 1; i < o->ninputs; i++)
		if (j.in[i].map != j.in[0].map)
			break;
	if (pcl_duplicates_new(&j.dups, i == o->ninputs) != PCL_OK) {
		rc = nomem(err);
		goto out;
	}
	for (i = 0; i < o->ninputs; i++)
		if ((rc = first_pass_input(&j, i, err)) != PCL_OK)
			goto out;
	/* the fingerprints and item indexes are not needed in pass 2 */
	j.dedup_bytes = pcl_duplicates_end_first_pass(j.dups);
	j.prog_base = 0;	/* pass 2 counts from the bytes of pass 1 */
	for (i = 0; i < o->ninputs; i++)
		j.prog_base += j.in[i].bytes;
	j.prog_records = 0;
	t1 = now();
	{
		const char *none[4] = { "", "", "", "" };
		size_t zero[4] = { 0, 0, 0, 0 };

		j.no_consignee = pcl_identity_party_key(none, zero);
	}
	{
		struct pcl_decisions_in din;

		din.rules = j.rules;
		din.fx = j.fx;
		din.risk = &j.ropts;
		din.no_consignee = j.no_consignee;
		if ((rc = pcl_decisions_run(&din, j.parcels, j.stats,
		    &j.verdicts, &j.counts, err)) != PCL_OK)
			goto out;
		memcpy(res->parcels, j.counts.parcels, sizeof res->parcels);
	}
	t2 = now();
	j.nf = PCL_COL_COUNT + PCL_VERDICT_NCOLS + 3 + j.nunames + 1;
	if ((j.f = calloc(j.nf, sizeof *j.f)) == NULL ||
	    (j.fl = calloc(j.nf, sizeof *j.fl)) == NULL) {
		rc = nomem(err);
		goto out;
	}
	for (i = 0; i < PCL_OUT_COUNT && !o->check_only; i++)
		if ((rc = pcl_writer_open(&j.w[i], o->outdir,
		    pcl_outdir_lane_file((int)i),
		    o->level, err)) != PCL_OK ||
		    (rc = set_threads(j.w[i], o->threads, err)) != PCL_OK ||
		    (rc = write_header(&j, j.w[i], err)) != PCL_OK)
			goto out;
	for (i = 0; i < o->ninputs; i++)
		if ((rc = second_pass_input(&j, i, err)) != PCL_OK)
			goto out;
	{
		unsigned long long sum = res->duplicates;
		int l;

		for (l = 0; l < PCL_LANE_COUNT; l++)
			sum += res->records[l];
		if (sum != res->records_in) {
			rc = pcl_error_set(err, PCL_E_IO,
			    "records in (%llu) differ from records out (%llu)",
			    res->records_in, sum);
			goto out;
		}
	}
	if (o->check_only) {
		res->seconds = now() - t0;
		res->peak_rss_kib = pcl_summary_peak_rss_kib();
		goto out;
	}
	secs[0] = t1 - t0;
	secs[1] = t2 - t1;
	secs[2] = now() - t2;
	secs[3] = now() - t0;
	if (o->report_path != NULL) {
		/* staged first: a report that cannot be written publishes
		 * nothing; it is renamed with the lanes */
		struct pcl_report_data rd;

		memset(&rd, 0, sizeof rd);
		rd.tool_version = o->tool_version;
		rd.as_of = o->as_of;
		rd.inputs = o->inputs;
		rd.ninputs = o->ninputs;
		rd.rules_name = pcl_rules_name(j.rules);
		rd.rules_sha256 = pcl_rules_sha256(j.rules);
		rd.rules = j.rules;
		pcl_stats_sort(j.stats);
		rd.stats = j.stats;
		rd.res = res;
		if ((rc = pcl_report_stage(&j.report, o->report_path, &rd,
		    err)) != PCL_OK)
			goto out;
	}
	/* a signal during the decisions or the report: publish nothing */
	if ((rc = poll_stop(&j, err)) != PCL_OK)
		goto out;
	rc = publish(&j, secs, err);
	res->seconds = now() - t0;
	res->peak_rss_kib = pcl_summary_peak_rss_kib();
out:
	job_release(&j);
	return rc;
}
