/*
 * pass2: rows into their lanes (see pass2.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "dedup.h"
#include "manifest.h"
#include "map.h"
#include "duplicate.h"
#include "outdir.h"
#include "parcel.h"
#include "pass2.h"
#include "export.h"
#include "verdict.h"
#include "writer.h"
#include "banned.h"

/* The state of the second pass: what it reads and its scratch rows. */
struct pass2 {
	struct pcl_pass_read	*rd;
	const struct pcl_pass_screen *screen;
	struct pcl_parcels	*parcels;
	struct pcl_duplicates	*dups;
	struct pcl_verdicts	*verdicts;
	size_t			 nunames;
	struct pcl_writer	**lanes;
	struct pcl_exports	*exports;
	int			 check_only;
	void			(*on_reject)(void *user,
				    const struct pcl_finding *f);
	void			*user;
	/* check mode: the record's own reasons */
	struct pcl_reasons	 own;
	/* the screening hits of the record being written */
	char			*hits;
	size_t			 hits_cap;
	/* escaped copies of a record with invalid bytes */
	char			*esc;
	size_t			 esc_cap, esc_nf;
	const char		**esc_f;
	size_t			*esc_l;
	/* free text written after an apostrophe */
	char			*guard;
	size_t			 guard_cap;
	/* row assembly */
	const char		**f;
	size_t			*fl;
	size_t			 nf;
};

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

/* Fields of a lane row with 'nunames' unknown columns. */
static size_t
row_width(size_t nunames)
{
	return PCL_COL_COUNT + PCL_VERDICT_NCOLS + 1 + 3 + nunames + 1;
}

static int
write_header(struct pcl_writer *w, const char *const *unames,
    size_t nunames, struct pcl_error *err)
{
	size_t n = 0, i, nf = row_width(nunames);
	const char **f = calloc(nf, sizeof *f);
	size_t *fl = calloc(nf, sizeof *fl);
	int rc;

	if (f == NULL || fl == NULL) {
		free(f);
		free(fl);
		return nomem(err);
	}
	for (i = 0; i < PCL_COL_COUNT; i++)
		f[n++] = pcl_column_name((int)i);
	for (i = 0; i < PCL_VERDICT_NCOLS; i++)
		f[n++] = pcl_verdict_column_name(i);
	f[n++] = "screen_hits";
	f[n++] = "input";
	f[n++] = "record";
	f[n++] = "line";
	for (i = 0; i < nunames; i++)
		f[n++] = unames[i];
	f[n++] = "format_version";
	for (i = 0; i < n; i++)
		fl[i] = strlen(f[i]);
	rc = pcl_writer_row(w, f, fl, n, err);
	free(f);
	free(fl);
	return rc;
}

int
pcl_pass2_open_lanes(struct pcl_writer **w, const char *dir, int level,
    int threads, const char *const *unames, size_t nunames,
    struct pcl_error *err)
{
	int i, rc;

	for (i = 0; i < PCL_OUT_COUNT; i++)
		if ((rc = pcl_writer_open(&w[i], dir, pcl_outdir_lane_file(i),
		    level, err)) != PCL_OK ||
		    (rc = set_threads(w[i], threads, err)) != PCL_OK ||
		    (rc = write_header(w[i], unames, nunames, err)) != PCL_OK)
			return rc;
	return PCL_OK;
}

/* 1-based position of canonical column 'c' in the input's header, or 0. */
static unsigned long
header_position(const struct pcl_input *in, int c)
{
	int src = c == PCL_COL_NONE ? -1 : pcl_binding_source(in->b, c);

	return src < 0 ? 0 : (unsigned long)src + 1;
}

static void
report_one(struct pass2 *j, const struct pcl_input *in,
    const struct pcl_record *rec, const struct pcl_reason *r)
{
	struct pcl_finding f;
	char detail[16];

	(void)pcl_reason_detail(r, detail, sizeof detail);
	f.detail = detail;
	f.file = in->path;
	f.record = rec->record;
	f.line = rec->line;
	f.column = header_position(in, r->column);
	f.column_name = r->column == PCL_COL_NONE ? "" :
	    pcl_column_name(r->column);
	f.code = r->code;
	f.message = pcl_reason_meaning(r->code);
	j->on_reject(j->user, &f);
}

/*
 * Check mode: reports a record of a rejected parcel. Its own reasons are
 * those pcl_check_record and the screening lists give it again (or its
 * CSV fault); a record with
 * none is rejected for its parcel's sake: the parcel-level reasons
 * (currency, rate, sum overflow), else PARCEL_INCOMPLETE.
 */
static int
report_reject(struct pass2 *j, const struct pcl_input *in,
    const struct pcl_record *rec, const struct pcl_row *row, uint32_t idx)
{
	struct pcl_reason inc = { PCL_R_PARCEL_INCOMPLETE, PCL_COL_NONE, 0 };
	const struct pcl_reasons *prs;
	const struct pcl_verdict *v;
	pcl_i128 assessed;
	size_t k, n = 0;

	if (pcl_pass1_own_reasons(j->screen, in, rec, row, &j->own) != PCL_OK)
		return PCL_E_NOMEM;
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
 * 1 when parcel 'idx' carries a reason a screening list gives, so its
 * records are screened again for their screen_hits column (the others
 * have none: screening is not repeated for them).
 */
static int
screened(const struct pass2 *j, uint32_t idx)
{
	const struct pcl_verdict *v;
	const struct pcl_reasons *rs;
	pcl_i128 assessed;
	size_t k;

	if (j->screen->screen == NULL)
		return 0;
	v = pcl_verdicts_get(j->verdicts, idx, &assessed);
	rs = v != NULL ? pcl_parcels_reasons(j->parcels, v->reasons) : NULL;
	for (k = 0; rs != NULL && k < rs->n; k++)
		switch (rs->v[k].code) {
		case PCL_R_PROHIBITED_GOODS:
		case PCL_R_RESTRICTED_GOODS:
		case PCL_R_EXCLUDED_GOODS:
		case PCL_R_IPR_SUSPECT:
		case PCL_R_VAGUE_DESCRIPTION:
		case PCL_R_VAGUE_TERM:
		case PCL_R_SCREEN_ERROR:
		case PCL_R_SCREEN_ALLOWED:
			return 1;
		default:
			break;
		}
	return 0;
}

/*
 * Replaces the fields of a record with invalid UTF-8 or NUL bytes by
 * escaped copies ("\\xHH") held in the pass, so lane files stay valid
 * UTF-8. The record keeps its CSV_UTF8 or CSV_NUL reason.
 */
static int
escape_record(struct pass2 *j, struct pcl_record *rec)
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
 * Spreadsheet-safe lanes: each free-text column of the row in 'j->f'
 * that begins as a formula would (pcl_check_formula_prefix) is replaced
 * by a copy after an apostrophe, held in the pass, so that a
 * spreadsheet opening the lane file shows it as text (OWASP, "CSV
 * Injection"). Every other column is written as read.
 */
static int
guard_formulas(struct pass2 *j)
{
	size_t need = 0, off = 0;
	int c;

	for (c = 0; c < PCL_COL_COUNT; c++)
		if (pcl_check_free_text(c) &&
		    pcl_check_formula_prefix(j->f[c], j->fl[c]))
			need += j->fl[c] + 1;
	if (need == 0)
		return PCL_OK;
	if (need > j->guard_cap) {
		char *b = realloc(j->guard, need);

		if (b == NULL)
			return PCL_E_NOMEM;
		j->guard = b;
		j->guard_cap = need;
	}
	for (c = 0; c < PCL_COL_COUNT; c++) {
		if (!pcl_check_free_text(c) ||
		    !pcl_check_formula_prefix(j->f[c], j->fl[c]))
			continue;
		j->guard[off] = '\'';
		memcpy(j->guard + off + 1, j->f[c], j->fl[c]);
		j->f[c] = j->guard + off;
		j->fl[c] += 1;
		off += j->fl[c];
	}
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
second_pass_input(struct pass2 *j, struct pcl_input *in, size_t ii,
    struct pcl_pass2_out *res, struct pcl_error *err)
{
	struct pcl_manifest *m;
	struct pcl_record rec;
	struct pcl_row row;
	unsigned long long seen = 0;
	char key[64], recno[24], lineno[24], seqbuf[24], inputno[24];
	uint32_t idx;
	int rc, dup, out;
	size_t i, base = PCL_COL_COUNT + PCL_VERDICT_NCOLS + 1;
	/* the input by its 1-based place in summary.json "inputs" */
	size_t inputlen = put_decimal(inputno, (unsigned long long)ii + 1);

	if ((rc = pcl_pass_open(j->rd, in, &m, 0, err)) != PCL_OK)
		return rc;
	while ((rc = pcl_manifest_next(m, &rec, err)) == PCL_OK) {
		struct pcl_parcel *pc = NULL;

		seen++;
		/* duplicates are known by ordinal from the first pass */
		dup = pcl_duplicates_next_is_exact(j->dups);
		if ((rc = pcl_pass_poll_stop(j->rd, err)) != PCL_OK)
			break;
		if (rec.status != PCL_REC_OK) {
			const char *k;
			size_t kn;

			pcl_pass_record_key(in, ii, &rec, NULL, key, sizeof key,
			    &k, &kn);
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
			pcl_pass_record_key(in, ii, &rec, &row, key, sizeof key,
			    &k, &kn);
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
			if (j->exports != NULL && !j->check_only &&
			    rec.status == PCL_REC_OK &&
			    (rc = pcl_exports_row(j->exports, &row, idx,
			    in->copts.decimal ? in->copts.decimal : '.',
			    err)) != PCL_OK)
				break;
		}
		j->f[base - 1] = "";
		j->fl[base - 1] = 0;
		if (pc != NULL && !j->check_only && rec.status == PCL_REC_OK &&
		    screened(j, idx)) {
			size_t hl;

			if (pcl_pass1_screen_hits(j->screen, in, &row, &j->own,
			    &j->hits, &j->hits_cap, &hl) != PCL_OK) {
				rc = nomem(err);
				break;
			}
			j->f[base - 1] = hl > 0 ? j->hits : "";
			j->fl[base - 1] = hl;
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
		j->f[base] = inputno;
		j->fl[base] = inputlen;
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
		pcl_pass_progress(j->rd, 2, pcl_manifest_file_bytes(m), 0);
		if (j->check_only) {
			if (out == PCL_LANE_REJECT && j->on_reject != NULL &&
			    report_reject(j, in, &rec, &row, idx) != PCL_OK) {
				rc = nomem(err);
				break;
			}
		} else if (guard_formulas(j) != PCL_OK) {
			rc = nomem(err);
			break;
		} else if ((rc = pcl_writer_row(j->lanes[out], j->f, j->fl,
		    j->nf, err)) != PCL_OK)
			break;
		if (out == PCL_OUT_DUPLICATES)
			res->duplicates++;
		else
			res->records[out]++;
	}
	if (rc == PCL_END)
		rc = PCL_OK;
	j->rd->prog_records--;
	pcl_pass_progress(j->rd, 2, pcl_manifest_file_bytes(m), 1);
	j->rd->prog_base += pcl_manifest_file_bytes(m);
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

int
pcl_pass2_run(const struct pcl_pass2_in *p, struct pcl_input *inputs,
    size_t n, struct pcl_pass2_out *out, struct pcl_error *err)
{
	struct pass2 s;
	size_t i;
	int rc = PCL_OK;

	memset(&s, 0, sizeof s);
	s.rd = p->read;
	s.screen = &p->screen;
	s.parcels = p->parcels;
	s.dups = p->dups;
	s.verdicts = p->verdicts;
	s.nunames = p->nunames;
	s.lanes = p->lanes;
	s.exports = p->exports;
	s.check_only = p->check_only;
	s.on_reject = p->on_reject;
	s.user = p->user;
	pcl_reasons_init(&s.own);
	s.nf = row_width(p->nunames);
	if ((s.f = calloc(s.nf, sizeof *s.f)) == NULL ||
	    (s.fl = calloc(s.nf, sizeof *s.fl)) == NULL)
		rc = nomem(err);
	for (i = 0; i < n && rc == PCL_OK; i++)
		rc = second_pass_input(&s, &inputs[i], i, out, err);
	free(s.f);
	free(s.fl);
	free(s.esc);
	free(s.esc_f);
	free(s.esc_l);
	free(s.guard);
	pcl_reasons_release(&s.own);
	free(s.hits);
	return rc;
}
