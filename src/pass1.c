/*
 * pass1: records to checked, screened items, folded into the duplicate
 * classification and the parcel index (see pass1.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"
#include "dedup.h"
#include "duplicate.h"
#include "fold.h"
#include "identity.h"
#include "manifest.h"
#include "map.h"
#include "money.h"
#include "parcel.h"
#include "pass1.h"
#include "pipe.h"
#include "rules.h"
#include "screen.h"
#include "hitlog.h"
#include "banned.h"

/* The decimal separator amounts of 'in' are written with. */
static char
decimal_of(const struct pcl_input *in)
{
	return in->copts.decimal ? in->copts.decimal : '.';
}

static int
nomem(struct pcl_error *err)
{
	return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
}

size_t
pcl_pass_solo_key(char *buf, size_t size, size_t input, unsigned long record)
{
	int n = snprintf(buf, size, "%c%zu:%lu", 1, input, record);

	return n < 0 ? 0 : (size_t)n;
}

int
pcl_pass_open(const struct pcl_pass_read *rd, struct pcl_input *in,
    struct pcl_manifest **m, int digest, struct pcl_error *err)
{
	struct pcl_manifest_opts mo;
	const char *path = in->spool != NULL ? in->spool : in->path;
	int rc;

	in->copts = rd->copts;
	in->copts.decimal = rd->decimal_comma ? ',' : pcl_map_decimal(in->map);
	memset(&mo, 0, sizeof mo);
	mo.delimiter = rd->delimiter ? rd->delimiter :
	    pcl_map_delimiter(in->map) ? pcl_map_delimiter(in->map) : ',';
	mo.detect_delimiter = !rd->delimiter && !pcl_map_delimiter(in->map);
	mo.encoding = rd->encoding;
	mo.reader_thread = rd->threads != 1;	/* -j 1: one thread */
	mo.name = in->path;	/* "-", not the spool's /proc/self/fd/N */
	mo.digest = digest;
	rc = pcl_manifest_open(m, path, &mo, err);
	if (rc != PCL_OK && err != NULL)
		snprintf(err->file, sizeof err->file, "%s", in->path);
	return rc;
}

/* Adds unknown column names of 'in' to the union, first-seen order. */
static int
bind_unknowns(struct pcl_pass1_out *j, struct pcl_input *in,
    struct pcl_manifest *m)
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

/*
 * Fingerprint of a record for exact duplicates: its canonical fields and
 * its unknown columns, so lines that differ only in an unmapped column
 * (a stock code, say) are never taken for copies of each other.
 */
static void
record_fingerprint(struct pcl_input *in, const struct pcl_record *rec,
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
column_of(const struct pcl_input *in, size_t idx)
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
csv_reasons(struct pcl_reasons *rs, const struct pcl_input *in,
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

/* The texts, their columns and the HS code of 'row' into 'q' (zeroed). */
static void
query_texts(const struct pcl_row *row, struct pcl_screen_query *q)
{
	static const int cols[3] = {
		PCL_COL_DESCRIPTION, PCL_COL_CONSIGNOR_NAME, PCL_COL_CONSIGNEE_NAME
	};
	int t;

	memset(q, 0, sizeof *q);
	for (t = 0; t < 3; t++) {
		q->text[t] = row->v[cols[t]];
		q->len[t] = row->len[cols[t]];
		q->column[t] = cols[t];
	}
	q->hs = row->v[PCL_COL_HS_CODE];
	q->hs_len = row->len[PCL_COL_HS_CODE];
}

/*
 * The screening query of a goods record into 'q'; 0 when the record is
 * not screened (no lists, or no customs border on its date).
 */
static int
screen_query(const struct pcl_pass_screen *j, const struct pcl_row *row,
    const struct pcl_item *it, char decimal, struct pcl_screen_query *q)
{
	pcl_i128 qty;

	if (j->screen == NULL || pcl_screen_count(j->screen) == 0)
		return 0;
	/* no customs border, no customs screening: released as such */
	if (it->date != PCL_DATE_NONE && pcl_item_ships_from(it)[0] != '\0' &&
	    it->dest[0] != '\0' && pcl_rules_same_territory(j->rules,
	    pcl_item_ships_from(it), it->dest, it->date))
		return 0;
	query_texts(row, q);
	q->dest = it->dest;
	q->union_name = it->date != PCL_DATE_NONE ?
	    pcl_rules_union_of(j->rules, it->dest, it->date) : NULL;
	q->date = it->date;
	q->value_micros = it->value_micros;
	if (pcl_money_parse(row->v[PCL_COL_QUANTITY], row->len[PCL_COL_QUANTITY],
	    decimal, &qty) == 0 && qty > 0)
		q->quantity_micros = qty;
	q->currency = it->currency;
	q->fx = j->fx;
	return 1;
}

/* Screens the description and party names of a goods record. */
static int
screen_record(const struct pcl_pass_screen *j, const struct pcl_row *row,
    const struct pcl_item *it, char decimal, struct pcl_reasons *rs)
{
	struct pcl_screen_query q;

	if (!screen_query(j, row, it, decimal, &q))
		return 0;
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
reserve_indexes(const struct pcl_pass_read *rd, struct pcl_pass1_out *j,
    unsigned long long file_bytes)
{
	unsigned long long done = rd->prog_base + file_bytes;
	unsigned long long total = rd->prog_total / 2, est;

	if (done == 0 || total <= done || j->records_in > total)
		return;
	est = j->records_in * total / done;
	/* each index for what it holds so far times the same ratio */
	pcl_duplicates_reserve(j->dups, j->records_in, est);
	(void)pcl_parcels_reserve(j->parcels,
	    (size_t)(pcl_parcels_count(j->parcels) * est / j->records_in),
	    (size_t)(pcl_parcels_npairs(j->parcels) * est / j->records_in));
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
	size_t			fire_first, nfire; /* what screening fired,
						    * in the batch's 'fires' */
	uint64_t		ch;		/* consignee identity */
	struct pcl_dup_keys	keys;
	unsigned long long	file_bytes;	/* input read after the record */
	int			nomem;
	char			date[32];	/* the row's parsed date text */
};

struct prep_batch {
	struct prep		p[PREP_BATCH];
	size_t			n;
	struct pcl_screen_fire	*fires;		/* of the batch's records */
	size_t			nfires, fires_cap;
	int			held;		/* holds a batch of the reader */
	int			rc;		/* PCL_OK: more batches follow */
	struct pcl_error	err;		/* when rc is an error */
};

struct prep_ctx {
	const struct pcl_pass1_in *j;
	struct pcl_input	*in;
	struct pcl_manifest	*m;
	struct prep_batch	b[PREP_NBATCH];
};

static void
prep_release(struct prep_ctx *c)
{
	size_t i, k;

	for (i = 0; i < PREP_NBATCH; i++) {
		for (k = 0; k < PREP_BATCH; k++)
			pcl_reasons_release(&c->b[i].p[k].rs);
		free(c->b[i].fires);
	}
}

/*
 * Screens goods record 'p' and keeps what fired in batch 'b' for pass 2.
 * Returns 0, or -1 when out of memory.
 */
static int
screen_keep(const struct pcl_pass_screen *j, struct prep_batch *b,
    struct prep *p, char decimal)
{
	struct pcl_screen_query q;
	size_t n;

	if (!screen_query(j, &p->row, &p->it, decimal, &q))
		return 0;
	if (pcl_screen_check(j->screen, &q, &p->rs) != 0)
		return -1;
	if ((n = pcl_screen_fired(j->screen, NULL, 0)) == 0)
		return 0;
	if (b->nfires + n > b->fires_cap) {
		size_t cap = b->fires_cap ? b->fires_cap * 2 : 64;
		struct pcl_screen_fire *f;

		while (cap < b->nfires + n)
			cap *= 2;
		if ((f = realloc(b->fires, cap * sizeof *f)) == NULL)
			return -1;
		b->fires = f;
		b->fires_cap = cap;
	}
	(void)pcl_screen_fired(j->screen, b->fires + b->nfires, n);
	p->fire_first = b->nfires;
	p->nfire = n;
	b->nfires += n;
	return 0;
}

/* The index-free work on one record ('p->rec' complete). */
static void
prep_record(const struct pcl_pass1_in *j, struct pcl_input *in,
    struct prep_batch *b, struct prep *p)
{
	const char *d;

	pcl_reasons_clear(&p->rs);
	p->nomem = 0;
	p->nfire = 0;
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
	    (p->row.row_class < 0 && screen_keep(&j->screen, b, p,
	    decimal_of(in)) != 0))
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
	b->nfires = 0;
	pcl_error_clear(&b->err);
	if ((b->rc = pcl_manifest_take(c->m, &recs, &n, &b->err)) != PCL_OK)
		return 1;
	b->held = 1;
	fb = pcl_manifest_file_bytes(c->m);
	for (k = 0; k < n; k++) {
		b->p[k].rec = recs[k];
		b->p[k].file_bytes = fb;
		prep_record(c->j, c->in, b, &b->p[k]);
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
prep_prefetch(struct pcl_pass1_out *j, const struct prep *p)
{
	const struct pcl_row *row = &p->row;

	if (p->rec.status != PCL_REC_OK)
		return;
	pcl_duplicates_prefetch(j->dups, &p->keys, &p->fp);
	if (row->len[PCL_COL_TRACKING_NUMBER] > 0)
		pcl_parcels_prefetch(j->parcels, row->v[PCL_COL_TRACKING_NUMBER],
		    row->len[PCL_COL_TRACKING_NUMBER], p->it.has_hs, p->it.hs6);
}

/* A malformed record's share of its parcel's content fingerprint. */
#define CONTENT_MALFORMED 0x9E3779B97F4A7C15ull

/*
 * Adds 'v' (a record's share: pcl_fingerprint_share) to the content
 * fingerprint of parcel 'idx' when asked for (pass1.h). Returns 0 or -1
 * (out of memory).
 */
static int
add_content(struct pcl_pass1_out *j, uint32_t idx, uint64_t v)
{
	if (!j->want_content)
		return 0;
	if (idx >= j->ncontent) {
		uint32_t n = j->ncontent ? j->ncontent : 1024;
		uint64_t *c;

		while (n <= idx)
			n *= 2;
		if ((c = realloc(j->content, (size_t)n * sizeof *c)) == NULL)
			return -1;
		memset(c + j->ncontent, 0, (size_t)(n - j->ncontent) *
		    sizeof *c);
		j->content = c;
		j->ncontent = n;
	}
	j->content[idx] += v;
	return 0;
}

/*
 * Adds goods record 'p''s gross mass to the sum of parcel 'idx' when
 * asked for (pass1.h); a goods item without one makes the sum unknown.
 * Returns 0 or -1 (out of memory).
 */
static int
add_mass(struct pcl_pass1_out *j, uint32_t idx, const struct prep *p)
{
	if (!j->want_mass || p->row.row_class >= 0 || p->row.is_postage)
		return 0;
	if (idx >= j->nmass) {
		uint32_t n = j->nmass ? j->nmass : 1024;
		int64_t *m;

		while (n <= idx)
			n *= 2;
		if ((m = realloc(j->mass, (size_t)n * sizeof *m)) == NULL)
			return -1;
		memset(m + j->nmass, 0, (size_t)(n - j->nmass) * sizeof *m);
		j->mass = m;
		j->nmass = n;
	}
	if (j->mass[idx] == PCL_PASS1_MASS_NONE)
		return 0;
	if (!p->it.has_mass ||
	    pcl_money_add64(&j->mass[idx], p->it.gross_mass_micros) != PCL_OK)
		j->mass[idx] = PCL_PASS1_MASS_NONE;
	return 0;
}

/*
 * Folds prepared record 'i' of batch 'b' (ordinal 'ordinal') into the
 * indexes.
 */
static int
prep_apply(const struct pcl_pass1_in *pi, struct pcl_pass1_out *j,
    struct pcl_input *in, size_t ii, struct prep_batch *b, size_t i,
    uint64_t ordinal, struct pcl_error *err)
{
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
		pcl_pass_record_key(in, ii, &p->rec, NULL, key, sizeof key, &k,
		    &kn);
		in->swallowed += p->rec.swallowed;
		if (csv_reasons(&p->rs, in, &p->rec) != 0 ||
		    pcl_parcels_get(j->parcels, k, kn, 1, &idx) != PCL_OK)
			return nomem(err);
		/* its values cannot be trusted: only its reason counts */
		pc = pcl_parcels_at(j->parcels, idx);
		if (pcl_parcels_reasons_union(j->parcels, pc->reasons,
		    &p->rs, &pc->reasons) != PCL_OK ||
		    add_content(j, idx, CONTENT_MALFORMED) != 0)
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
	fold.rules = pi->screen.rules;
	fold.fx = pi->screen.fx;
	fold.aeo = pi->aeo;
	fold.perkg = pi->perkg;
	pcl_pass_record_key(in, ii, &p->rec, &p->row, key, sizeof key, &k,
	    &kn);
	if (pcl_parcels_get(j->parcels, k, kn, 1, &idx) != PCL_OK ||
	    pcl_duplicates_reasons(j->dups, &dc, &p->keys, idx, j->parcels,
	    &p->rs) != PCL_OK ||
	    pcl_fold_item(&fold, idx, &p->row, &p->it, p->ch,
	    decimal_of(in), &p->rs) != PCL_OK ||
	    add_content(j, idx, pcl_fingerprint_share(&p->fp)) != 0 ||
	    add_mass(j, idx, p) != 0 ||
	    (j->hits != NULL && pcl_hitlog_add(j->hits, ordinal,
	    b->fires + p->fire_first, p->nfire) != PCL_OK))
		return nomem(err);
	return PCL_OK;
}

/*
 * Reads every record of input 'ii' (open as 'm') through the two stages.
 * Returns PCL_END, or the error that stopped it with 'err' filled.
 */
static int
prep_run(const struct pcl_pass1_in *pi, struct pcl_pass1_out *j,
    struct pcl_input *in, size_t ii, struct pcl_manifest *m,
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
	c->j = pi;
	c->in = in;
	c->m = m;
	for (i = 0; i < PREP_NBATCH; i++) {
		bs[i] = &c->b[i];
		for (size_t k = 0; k < PREP_BATCH; k++)
			pcl_reasons_init(&c->b[i].p[k].rs);
	}
	if (pcl_pipe_new(&pipe, bs, PREP_NBATCH, prep_fill, c,
	    pi->read->threads != 1) != PCL_OK) {
		free(c);
		return nomem(err);
	}
	while (rc == PCL_OK) {
		b = pcl_pipe_take(pipe);
		for (i = 0; i < b->n && rc == PCL_OK; i++) {
			uint64_t ordinal = j->records_in++;

			if ((rc = pcl_pass_poll_stop(pi->read, err)) != PCL_OK)
				break;
			pcl_pass_progress(pi->read, 1, b->p[i].file_bytes, 0);
			c->in->records++;
			if (j->records_in == SIZE_SAMPLE)
				reserve_indexes(pi->read, j,
				    b->p[i].file_bytes);
			rc = prep_apply(pi, j, in, ii, b, i, ordinal, err);
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
first_pass_input(const struct pcl_pass1_in *pi, struct pcl_pass1_out *j,
    struct pcl_input *in, size_t ii, struct pcl_error *err)
{
	struct pcl_pass_read *rd = pi->read;
	struct pcl_manifest *m;
	int rc, grc;
	const char **names;
	size_t i, nc;

	if ((rc = pcl_pass_open(rd, in, &m, 1, err)) != PCL_OK)
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
	rc = pcl_binding_new(&in->b, names, nc, in->map, rd->profile, err);
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
		if (err != NULL) {
			snprintf(err->file, sizeof err->file, "%s", in->path);
			err->line = 1;
		}
		(void)pcl_manifest_close(m);	/* the first error is reported */
		return rc;
	}
	rc = prep_run(pi, j, in, ii, m, err);
	/* the digest and size of exactly the bytes judged */
	if (rc == PCL_END && (rc = pcl_manifest_digest(m, in->sha256,
	    &in->bytes, err)) == PCL_OK)
		rc = PCL_END;
	in->blank = pcl_manifest_blank_lines(m);
	in->lines = pcl_manifest_lines(m);
	j->blank_lines += in->blank;
	rd->prog_records--;
	pcl_pass_progress(rd, 1, pcl_manifest_file_bytes(m), 1);
	rd->prog_base += pcl_manifest_file_bytes(m);
	if (rc == PCL_END)
		rc = PCL_OK;
	else if (err != NULL && err->file[0] == '\0')
		snprintf(err->file, sizeof err->file, "%s", in->path);
	if (pcl_manifest_close(m) != PCL_OK && rc == PCL_OK)
		rc = pcl_error_set(err, PCL_E_IO, "error closing '%s'", in->path);
	return rc;
}

int
pcl_pass1_run(const struct pcl_pass1_in *p, struct pcl_input *inputs,
    size_t n, struct pcl_pass1_out *out, struct pcl_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = first_pass_input(p, out, &inputs[i], i, err)) !=
		    PCL_OK)
			return rc;
	return PCL_OK;
}

int
pcl_pass1_own_reasons(const struct pcl_pass_screen *sc,
    const struct pcl_input *in, const struct pcl_record *rec,
    const struct pcl_row *row, struct pcl_reasons *rs)
{
	struct pcl_item it;

	pcl_reasons_clear(rs);
	if (rec->status != PCL_REC_OK) {
		if (csv_reasons(rs, in, rec) != 0)
			return PCL_E_NOMEM;
	} else if (pcl_check_record(row, &in->copts, &it, rs) != 0) {
		return PCL_E_NOMEM;
	} else if (row->row_class < 0 &&
	    screen_record(sc, row, &it, decimal_of(in), rs) != 0) {
		/* a screening list's reject is the record's own too */
		return PCL_E_NOMEM;
	}
	return PCL_OK;
}

int
pcl_pass1_screen_hits(const struct pcl_pass_screen *sc,
    const struct pcl_input *in, const struct pcl_row *row,
    struct pcl_reasons *rs, char **buf, size_t *cap, size_t *len)
{
	struct pcl_screen_query q;
	struct pcl_item it;
	size_t need;

	*len = 0;
	pcl_reasons_clear(rs);
	if (row->row_class >= 0)
		return PCL_OK;
	if (pcl_check_record(row, &in->copts, &it, rs) != 0)
		return PCL_E_NOMEM;
	if (!screen_query(sc, row, &it, decimal_of(in), &q))
		return PCL_OK;
	if (pcl_screen_check(sc->screen, &q, rs) != 0)
		return PCL_E_NOMEM;
	need = pcl_screen_hits(sc->screen, &q, *buf, *cap);
	if (need >= *cap) {
		char *nb = realloc(*buf, need + 1);

		if (nb == NULL)
			return PCL_E_NOMEM;
		*buf = nb;
		*cap = need + 1;
		(void)pcl_screen_hits(sc->screen, &q, *buf, *cap);
	}
	*len = need;
	return PCL_OK;
}

int
pcl_pass1_format_hits(const struct pcl_pass_screen *sc,
    const struct pcl_row *row, const struct pcl_screen_fire *f, size_t n,
    char **buf, size_t *cap, size_t *len)
{
	struct pcl_screen_query q;
	size_t need;

	query_texts(row, &q);
	need = pcl_screen_hits_of(sc->screen, f, n, &q, *buf, *cap);
	if (need >= *cap) {
		char *nb = realloc(*buf, need + 1);

		if (nb == NULL)
			return PCL_E_NOMEM;
		*buf = nb;
		*cap = need + 1;
		(void)pcl_screen_hits_of(sc->screen, f, n, &q, *buf, *cap);
	}
	*len = need;
	return PCL_OK;
}

void
pcl_pass1_input_release(struct pcl_input *in)
{
	pcl_binding_free(in->b);
	free(in->umap);
	free(in->fp_f);
	free(in->fp_l);
	in->b = NULL;
	in->umap = NULL;
	in->fp_f = NULL;
	in->fp_l = NULL;
}

void
pcl_pass1_release(struct pcl_pass1_out *out)
{
	size_t i;

	for (i = 0; i < out->nunames; i++)
		free(out->unames[i]);
	free(out->unames);
	out->unames = NULL;
	out->nunames = 0;
	free(out->content);
	out->content = NULL;
	out->ncontent = 0;
	free(out->mass);
	out->mass = NULL;
	out->nmass = 0;
}
