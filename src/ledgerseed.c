/*
 * ledgerseed: a past batch into the ledger from its output directory
 * (see ledgerseed.h).
 */
/* realpath() is an XSI function */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "date.h"
#include "dedup.h"
#include "digest.h"
#include "identity.h"
#include "job.h"
#include "json.h"
#include "ledger.h"
#include "ledgerseed.h"
#include "manifest.h"
#include "outdir.h"
#include "parcel.h"
#include "readfile.h"
#include "schema.h"
#include "verdict.h"
#include "banned.h"

/* Largest summary.json read. */
#define SUMMARY_MAX	(64u << 20)
/* Oldest batch format read: 3 names each row's input by its path
 * (column "source"), 4 by its place in summary.json (column "input"). */
#define FORMAT_OLDEST	3

/*
 * Where a lane file's columns are, found by name in its header: the
 * canonical columns first, then the decision columns, screen_hits, the
 * input ("source" or "input"), record, line, the unknown columns and
 * format_version last.
 */
struct lanecols {
	size_t	lane, reasons, assessed, thr_cur;
	size_t	unknown;	/* first unknown column */
	size_t	ncols;		/* format_version is ncols - 1 */
};

static int
nomem(struct pcl_error *err)
{
	return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
}

/* What one seed holds: the parcels seen, their content, which are in. */
struct seed {
	struct pcl_ledger	*l;
	const char		*declarant;
	char			 as_of[11];
	struct pcl_parcels	*parcels;
	uint64_t		*content;
	unsigned char		*done;
	uint32_t		 cap;
	int64_t			 id;
	struct lanecols		 c;
};

/*
 * 1 when reasons list 's' ('len' bytes, codes separated by ';', each
 * maybe with an "@detail") holds code RESENT_IDENTICAL: a whole item of
 * the list, wherever the sorting put it.
 */
static int
resent_identical(const char *s, size_t len)
{
	static const char code[] = "RESENT_IDENTICAL";
	const size_t n = sizeof code - 1;
	size_t i = 0, j;

	while (i < len) {
		for (j = i; j < len && s[j] != ';'; j++)
			;
		if (j - i >= n && memcmp(s + i, code, n) == 0 &&
		    (j - i == n || s[i + n] == '@'))
			return 1;
		i = j + 1;
	}
	return 0;
}

/* 1 when lane row 'r' is one of a parcel (not an exact duplicate's). */
static int
parcel_row(const struct lanecols *c, const struct pcl_record *r)
{
	if (r->status != PCL_REC_OK || r->nfields != c->ncols ||
	    r->lens[PCL_COL_TRACKING_NUMBER] == 0)
		return 0;
	/* duplicates.csv.gz: whole re-sent parcels only */
	return !(r->lens[c->lane] == 9 && memcmp(r->fields[c->lane],
	    "duplicate", 9) == 0 && !resent_identical(r->fields[c->reasons],
	    r->lens[c->reasons]));
}

/* Column named 'name' of 'm' at or after 'from', or 'n' if none. */
static size_t
col_at(const struct pcl_manifest *m, size_t from, size_t n,
    const char *name)
{
	const char *h;

	for (; from < n; from++)
		if ((h = pcl_manifest_colname(m, from)) != NULL &&
		    strcmp(h, name) == 0)
			return from;
	return n;
}

/*
 * Finds the columns of lane file 'path' open as 'm'; PCL_E_SCHEMA when
 * its header is not a lane header of format 3 or later.
 */
static int
lane_columns(const struct pcl_manifest *m, const char *path,
    struct lanecols *c, struct pcl_error *err)
{
	size_t n = pcl_manifest_ncols(m), i, rec;
	const char *in;

	for (i = 0; i < PCL_COL_COUNT && i < n; i++)
		if (strcmp(pcl_manifest_colname(m, i), pcl_column_name((int)i))
		    != 0)
			break;
	c->ncols = n;
	c->lane = col_at(m, i, n, "lane");
	c->reasons = col_at(m, i, n, "reasons");
	c->assessed = col_at(m, i, n, "assessed_value");
	c->thr_cur = col_at(m, i, n, "threshold_currency");
	rec = col_at(m, i, n, "record");
	in = rec > 0 && rec < n ? pcl_manifest_colname(m, rec - 1) : "";
	c->unknown = rec + 2;
	if (i < PCL_COL_COUNT || c->lane != PCL_COL_COUNT ||
	    c->reasons >= n || c->assessed >= n || c->thr_cur >= n ||
	    rec >= n || (strcmp(in, "source") != 0 && strcmp(in, "input") !=
	    0) || c->unknown >= n || strcmp(pcl_manifest_colname(m, rec + 1),
	    "line") != 0 || strcmp(pcl_manifest_colname(m, n - 1),
	    "format_version") != 0)
		return pcl_error_set(err, PCL_E_SCHEMA, "'%s' is not a lane "
		    "file of format %d or later", path, FORMAT_OLDEST);
	return PCL_OK;
}

static int
grow(struct seed *s, uint32_t idx)
{
	uint32_t n = s->cap ? s->cap : 1024;
	uint64_t *c;
	unsigned char *d;

	if (idx < s->cap)
		return PCL_OK;
	while (n <= idx)
		n *= 2;
	if ((c = realloc(s->content, (size_t)n * sizeof *c)) == NULL)
		return PCL_E_NOMEM;
	s->content = c;
	if ((d = realloc(s->done, n)) == NULL)
		return PCL_E_NOMEM;
	s->done = d;
	memset(c + s->cap, 0, (size_t)(n - s->cap) * sizeof *c);
	memset(d + s->cap, 0, n - s->cap);
	s->cap = n;
	return PCL_OK;
}

/* "%.*s" of field 'i' of 'r' into 'buf' of 'size'. */
static const char *
field(const struct pcl_record *r, size_t i, char *buf, size_t size)
{
	snprintf(buf, size, "%.*s", (int)(r->lens[i] < size ? r->lens[i] :
	    size - 1), r->fields[i]);
	return buf;
}

/* Records the parcel of lane row 'r' (its first row), parcel 'idx'. */
static int
add_row(struct seed *s, const struct pcl_record *r, uint32_t idx,
    struct pcl_error *err)
{
	struct pcl_ledger_parcel p;
	char lane[16], reasons[1100], av[64], cur[8], assessed[80], date[11];
	char dest[4];
	const char *v[4];
	size_t len[4];
	int32_t d;

	memset(&p, 0, sizeof p);
	p.declarant = s->declarant;
	p.tracking = r->fields[PCL_COL_TRACKING_NUMBER];
	p.tracking_len = r->lens[PCL_COL_TRACKING_NUMBER];
	if (s->as_of[0] != '\0') {
		snprintf(date, sizeof date, "%s", s->as_of);
	} else {
		d = pcl_date_parse_iso(r->fields[PCL_COL_DATE],
		    r->lens[PCL_COL_DATE]);
		date[0] = '\0';
		if (d != PCL_DATE_NONE)
			pcl_date_format(d, date);
	}
	p.date = date;
	p.lane = field(r, s->c.lane, lane, sizeof lane);
	p.reasons = field(r, s->c.reasons, reasons, sizeof reasons);
	field(r, s->c.assessed, av, sizeof av);
	field(r, s->c.thr_cur, cur, sizeof cur);
	if (av[0] != '\0')
		snprintf(assessed, sizeof assessed, "%s %s", av, cur);
	else
		assessed[0] = '\0';
	p.assessed = assessed;
	p.dest = field(r, PCL_COL_CONSIGNEE_COUNTRY, dest, sizeof dest);
	p.content = s->content[idx];
	/* the consignee identity as pass 1 forms it */
	v[0] = r->fields[PCL_COL_CONSIGNEE_NAME];
	len[0] = r->lens[PCL_COL_CONSIGNEE_NAME];
	v[1] = r->fields[PCL_COL_CONSIGNEE_ADDRESS];
	len[1] = r->lens[PCL_COL_CONSIGNEE_ADDRESS];
	v[2] = r->fields[PCL_COL_CONSIGNEE_POSTCODE];
	len[2] = r->lens[PCL_COL_CONSIGNEE_POSTCODE];
	v[3] = r->fields[PCL_COL_CONSIGNEE_ID];
	len[3] = r->lens[PCL_COL_CONSIGNEE_ID];
	if (len[0] == 0 && len[3] == 0)
		len[1] = len[2] = 0;
	if (len[0] + len[1] + len[2] + len[3] > 0)
		p.consignee = pcl_ledger_consignee_key(s->l,
		    pcl_identity_party_key(v, len));
	return pcl_ledger_add_parcel(s->l, s->id, &p, err);
}

/*
 * Reads lane file 'path': pass 0 sums each parcel's content, pass 1
 * records each parcel at its first row.
 */
static int
lane_file(struct seed *s, const char *path, int pass, struct pcl_error *err)
{
	struct pcl_manifest_opts mo;
	struct pcl_manifest *m;
	struct pcl_record r;
	struct pcl_fingerprint fp;
	uint32_t idx;
	int rc;

	memset(&mo, 0, sizeof mo);
	if ((rc = pcl_manifest_open(&m, path, &mo, err)) != PCL_OK)
		return rc;
	if ((rc = lane_columns(m, path, &s->c, err)) != PCL_OK) {
		(void)pcl_manifest_close(m);
		return rc;
	}
	while ((rc = pcl_manifest_next(m, &r, err)) == PCL_OK) {
		if (!parcel_row(&s->c, &r))
			continue;
		if (pass == 0) {
			/* canonical columns and unknown columns, as pass 1 */
			const char *f[1024];
			size_t l[1024], n = 0, i;

			for (i = 0; i < PCL_COL_COUNT && n < 1024; i++) {
				f[n] = r.fields[i];
				l[n++] = r.lens[i];
			}
			for (i = s->c.unknown; i + 1 < r.nfields && n < 1024;
			    i++) {
				f[n] = r.fields[i];
				l[n++] = r.lens[i];
			}
			pcl_fingerprint(f, l, n, &fp);
			if (pcl_parcels_get(s->parcels,
			    r.fields[PCL_COL_TRACKING_NUMBER],
			    r.lens[PCL_COL_TRACKING_NUMBER], 1, &idx) !=
			    PCL_OK || grow(s, idx) != PCL_OK) {
				rc = nomem(err);
				break;
			}
			s->content[idx] += pcl_fingerprint_share(&fp);
			continue;
		}
		if (pcl_parcels_get(s->parcels, r.fields[PCL_COL_TRACKING_NUMBER],
		    r.lens[PCL_COL_TRACKING_NUMBER], 0, &idx) != PCL_OK ||
		    idx >= s->cap || s->done[idx])
			continue;
		s->done[idx] = 1;
		if ((rc = add_row(s, &r, idx, err)) != PCL_OK)
			break;
	}
	if (rc == PCL_END)
		rc = PCL_OK;
	if (pcl_manifest_close(m) != PCL_OK && rc == PCL_OK)
		rc = pcl_error_set(err, PCL_E_IO, "error closing '%s'", path);
	return rc;
}

/* The inputs of summary 'root' as the ledger's JSON [{path, sha256}]. */
static char *
inputs_json(json_t *root)
{
	struct pcl_json *js;
	const char *t;
	size_t i, len;
	json_t *in;
	char *out = NULL;

	if (pcl_json_new_compact(&js) != PCL_OK)
		return NULL;
	pcl_json_begin_array(js, NULL);
	json_array_foreach(json_object_get(root, "inputs"), i, in) {
		const char *p = json_string_value(json_object_get(in, "source"));
		const char *h = json_string_value(json_object_get(in, "sha256"));

		pcl_json_begin_object(js, NULL);
		pcl_json_string(js, "path", p != NULL ? p : "");
		pcl_json_string(js, "sha256", h != NULL ? h : "");
		pcl_json_end_object(js);
	}
	pcl_json_end_array(js);
	if ((t = pcl_json_text(js, &len)) != NULL &&
	    (out = malloc(len + 1)) != NULL) {
		while (len > 0 && t[len - 1] == '\n')
			len--;
		memcpy(out, t, len);
		out[len] = '\0';
	}
	pcl_json_free(js);
	return out;
}

int
pcl_ledgerseed_dir(struct pcl_ledger *l, const char *outdir,
    const char *declarant, int *added, char name[32], struct pcl_error *err)
{
	struct pcl_ledger_batch_in bi;
	struct pcl_ledger_batch b;
	struct seed s;
	json_error_t je;
	json_t *root = NULL, *fv;
	char *path, *text = NULL, *abs = NULL, *ins = NULL, sha[65];
	const char *rd, *ao;
	size_t n = strlen(outdir) + 64, len, i;
	int rc, pass;

	*added = PCL_LEDGERSEED_ALREADY;
	name[0] = '\0';
	memset(&s, 0, sizeof s);
	s.l = l;
	s.declarant = declarant != NULL ? declarant :
	    PCL_LEDGER_DEFAULT_DECLARANT;
	if ((path = malloc(n)) == NULL)
		return nomem(err);
	snprintf(path, n, "%s/%s", outdir, PCL_OUTDIR_SUMMARY);
	if ((rc = pcl_readfile_all(path, SUMMARY_MAX, &text, &len, err)) !=
	    PCL_OK)
		goto out;
	if ((root = json_loadb(text, len, 0, &je)) == NULL ||
	    !json_is_integer(fv = json_object_get(root, "format_version")) ||
	    json_integer_value(fv) < FORMAT_OLDEST ||
	    json_integer_value(fv) > PCL_FORMAT_VERSION ||
	    (rd = json_string_value(json_object_get(root, "run_date"))) ==
	    NULL || strlen(rd) != 10) {
		rc = pcl_error_set(err, PCL_E_PARSE, "'%s' is not the "
		    "summary.json of a batch of format %d to %d", path,
		    FORMAT_OLDEST, PCL_FORMAT_VERSION);
		goto out;
	}
	ao = json_string_value(json_object_get(root, "as_of"));
	snprintf(s.as_of, sizeof s.as_of, "%s", ao != NULL ? ao : "");
	/* a seeded batch's identity: its summary.json */
	pcl_digest_buffer(text, len, sha);
	if ((rc = pcl_ledger_batch_by_ident(l, sha, &b, err)) == PCL_OK) {
		snprintf(name, 32, "%s", b.name);
		goto out;
	}
	if (rc != PCL_E_NOTFOUND)
		goto out;
	/* the outputs of a batch that a run recorded */
	if ((rc = pcl_ledger_batch_by_summary(l, sha, &b, err)) == PCL_OK) {
		snprintf(name, 32, "%s", b.name);
		*added = PCL_LEDGERSEED_RECORDED;
		goto out;
	}
	if (rc != PCL_E_NOTFOUND)
		goto out;
	if ((abs = realpath(outdir, NULL)) == NULL ||
	    (ins = inputs_json(root)) == NULL ||
	    pcl_parcels_new(&s.parcels) != PCL_OK) {
		rc = abs == NULL ? pcl_error_set(err, PCL_E_IO, "cannot "
		    "resolve '%s'", outdir) : nomem(err);
		goto out;
	}
	memset(&bi, 0, sizeof bi);
	bi.ident = sha;
	bi.run_date = rd;
	bi.as_of = ao;
	bi.inputs = ins;
	bi.options = "{\"seeded\":true}";
	bi.outdir = abs;
	bi.summary = "";
	bi.summary_sha256 = "";
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < PCL_OUT_COUNT; i++) {
			snprintf(path, n, "%s/%s", outdir,
			    pcl_outdir_lane_file((int)i));
			if (pass == 1 && i == 0 && (rc = pcl_ledger_begin_batch(l,
			    &bi, &s.id, name, err)) != PCL_OK)
				goto out;
			if ((rc = lane_file(&s, path, pass, err)) != PCL_OK) {
				if (pass == 1)
					pcl_ledger_rollback(l);
				goto out;
			}
		}
	if ((rc = pcl_ledger_set_summary(l, s.id, text, len, sha, err)) !=
	    PCL_OK || (rc = pcl_ledger_end_batch(l, err)) != PCL_OK) {
		pcl_ledger_rollback(l);
		goto out;
	}
	/* its outputs are published: committed at once */
	if ((rc = pcl_ledger_commit_batch(l, s.id, err)) == PCL_OK)
		*added = PCL_LEDGERSEED_ADDED;
out:
	free(path);
	free(text);
	free(abs);
	free(ins);
	json_decref(root);
	pcl_parcels_free(s.parcels);
	free(s.content);
	free(s.done);
	return rc;
}
