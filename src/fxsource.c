/*
 * fxsource: one reader per publisher's layout, all producing the same
 * table of (date, currency, rate text, quote) and all checked the same
 * way. CSV files are read with the shared data-file reader (datafile.h);
 * the ECB's zip is opened with libzip and its CSV read the same way, the
 * Bank of Canada's JSON with jansson.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <zip.h>

#include "banned.h"
#include "codes.h"
#include "datafile.h"
#include "date.h"
#include "fxsource.h"

struct pcl_fxsource_table {
	struct pcl_fxsource_rate	*r;
	size_t				 n, cap;
	enum pcl_fxsource		 source;
};

/* ---- sources ---------------------------------------------------------- */

static const struct {
	const char	*name, *authority, *currency;
	int		 gap;
} sources[] = {
	{ "", "", "", 0 },
	{ "ecb", "EU", "EUR", 6 },
	{ "hmrc", "GB", "GBP", 40 },
	{ "frb", "US", "USD", 6 },
	{ "boc", "CA", "CAD", 6 },
	{ "rba", "AU", "AUD", 6 },
};

static size_t
source_index(enum pcl_fxsource s)
{
	return s >= PCL_FXSOURCE_ECB && s <= PCL_FXSOURCE_RBA ? (size_t)s : 0;
}

int
pcl_fxsource_from_name(const char *name, enum pcl_fxsource *s)
{
	size_t i;

	for (i = 1; name != NULL && i < sizeof sources / sizeof sources[0];
	    i++)
		if (strcmp(name, sources[i].name) == 0) {
			*s = (enum pcl_fxsource)i;
			return 1;
		}
	return 0;
}

const char *
pcl_fxsource_name(enum pcl_fxsource s)
{
	return sources[source_index(s)].name;
}

const char *
pcl_fxsource_authority(enum pcl_fxsource s)
{
	return sources[source_index(s)].authority;
}

const char *
pcl_fxsource_currency(enum pcl_fxsource s)
{
	return sources[source_index(s)].currency;
}

int
pcl_fxsource_gap_limit(enum pcl_fxsource s)
{
	return sources[source_index(s)].gap;
}

/* ---- the table and its checks ---------------------------------------- */

/*
 * 'c' is an ISO 4217 code in use on 'date': current, or withdrawn and
 * still valid then (codes.h owns the validity of every code, the old
 * denominations the publishers quoted such as TRL and ROL included).
 */
static int
currency_ok(const char *c, int32_t date)
{
	return pcl_codes_currency(c, strlen(c), date, NULL) == PCL_CODE_OK;
}

/* 1 if 's' is a positive decimal: digits, at most one '.', not all 0. */
static int
rate_ok(const char *s)
{
	size_t i, n = strlen(s), digits = 0, dots = 0;
	int nonzero = 0;

	if (n == 0 || n >= sizeof(((struct pcl_fxsource_rate *)0)->rate))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] >= '0' && s[i] <= '9') {
			digits++;
			nonzero |= s[i] != '0';
		} else
			return 0;
	}
	return dots <= 1 && digits > 0 && nonzero;
}

/* Compares two decimal texts by value (leading/trailing zeros ignored). */
static int
rate_equal(const char *a, const char *b)
{
	const char *pa, *pb, *ea, *eb;
	size_t la, lb;

	while (*a == '0')
		a++;
	while (*b == '0')
		b++;
	pa = strchr(a, '.');
	pb = strchr(b, '.');
	la = pa != NULL ? (size_t)(pa - a) : strlen(a);
	lb = pb != NULL ? (size_t)(pb - b) : strlen(b);
	if (la != lb || strncmp(a, b, la) != 0)
		return 0;
	ea = pa != NULL ? pa + strlen(pa) : a + la;
	eb = pb != NULL ? pb + strlen(pb) : b + lb;
	pa = pa != NULL ? pa + 1 : ea;
	pb = pb != NULL ? pb + 1 : eb;
	while (ea > pa && ea[-1] == '0')
		ea--;
	while (eb > pb && eb[-1] == '0')
		eb--;
	return ea - pa == eb - pb && strncmp(pa, pb, (size_t)(ea - pa)) == 0;
}

static int
table_add(struct pcl_fxsource_table *t, int32_t date, int32_t until,
    const char *cur, const char *rate, enum pcl_fxsource_quote q,
    unsigned long record, struct pcl_error *err)
{
	struct pcl_fxsource_rate *r;
	char d[11];

	if (strlen(cur) != 3 || !currency_ok(cur, date)) {
		pcl_date_format(date, d);
		return pcl_error_set(err, PCL_E_PARSE,
		    "record %lu: '%s' is not an ISO 4217 currency on %s",
		    record, cur, d);
	}
	if (!rate_ok(rate))
		return pcl_error_set(err, PCL_E_PARSE,
		    "record %lu: %s rate '%s' is not a positive decimal",
		    record, cur, rate);
	if (t->n == t->cap) {
		size_t cap = t->cap != 0 ? t->cap * 2 : 256;

		r = realloc(t->r, cap * sizeof *r);
		if (r == NULL)
			return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		t->r = r;
		t->cap = cap;
	}
	r = &t->r[t->n++];
	r->date = date;
	r->until = until;
	memcpy(r->currency, cur, 4);
	snprintf(r->rate, sizeof r->rate, "%s", rate);
	r->quote = q;
	return PCL_OK;
}

/*
 * Checks the order of row date 'd' after 'prev' ('descending' for the
 * ECB's newest-first file) and the gap between them.
 */
static int
check_step(int32_t prev, int32_t d, int descending, int gap,
    unsigned long record, struct pcl_error *err)
{
	char a[11], b[11];
	int32_t lo = descending ? d : prev, hi = descending ? prev : d;

	if (prev == PCL_DATE_NONE)
		return PCL_OK;
	pcl_date_format(prev, a);
	pcl_date_format(d, b);
	if (lo >= hi)
		return pcl_error_set(err, PCL_E_PARSE,
		    "record %lu: dates not %s: %s after %s", record,
		    descending ? "decreasing" : "increasing", b, a);
	if (hi - lo > gap) {
		pcl_date_format(lo, a);
		pcl_date_format(hi, b);
		return pcl_error_set(err, PCL_E_PARSE,
		    "record %lu: gap of %ld days between %s and %s (limit %d)",
		    record, (long)(hi - lo), a, b, gap);
	}
	return PCL_OK;
}

size_t
pcl_fxsource_count(const struct pcl_fxsource_table *t)
{
	return t->n;
}

const struct pcl_fxsource_rate *
pcl_fxsource_at(const struct pcl_fxsource_table *t, size_t i)
{
	return i < t->n ? &t->r[i] : NULL;
}

int32_t
pcl_fxsource_first(const struct pcl_fxsource_table *t)
{
	return t->n > 0 ? t->r[0].date : PCL_DATE_NONE;
}

int32_t
pcl_fxsource_last(const struct pcl_fxsource_table *t)
{
	return t->n > 0 ? t->r[t->n - 1].until : PCL_DATE_NONE;
}

void
pcl_fxsource_free(struct pcl_fxsource_table *t)
{
	if (t == NULL)
		return;
	free(t->r);
	free(t);
}

/* ---- CSV through datafile ---------------------------------------------- */

/*
 * The publishers' files are read with the shared data-file reader
 * (datafile.h: strict RFC 4180, leading BOM skipped). Their layouts have
 * metadata rows before the header and rows of any length, so each file
 * is read record by record with pcl_datafile_next and its layout checked
 * here. Records are counted from 1, header and metadata rows included,
 * as in the messages. The whole file is first read once for its syntax,
 * so a malformed file is refused as such before its content is judged.
 */
static int
csv_open(struct pcl_datafile **d, const char *name, const char *data,
    size_t len, struct pcl_error *err)
{
	struct pcl_datafile_opts o = { 0, 0, 0, 0 };
	int rc;

	o.max_file = PCL_FXSOURCE_MAX_BYTES;
	rc = pcl_datafile_open_buffer(d, name, data, len, &o, err);
	if (rc != PCL_OK)
		return rc;
	while ((rc = pcl_datafile_next(*d, err)) == PCL_OK)
		;
	if (rc != PCL_END && rc != PCL_E_NOMEM && err != NULL) {
		/* the file is named by the caller; say where in it */
		char msg[sizeof err->msg];

		snprintf(msg, sizeof msg, "%s", err->msg);
		snprintf(err->msg, sizeof err->msg, "record %lu, line %lu: %.200s",
		    pcl_datafile_record(*d) + 1, pcl_datafile_line(*d), msg);
	}
	pcl_datafile_close(*d);
	*d = NULL;
	if (rc != PCL_END)
		return rc;
	return pcl_datafile_open_buffer(d, name, data, len, &o, err);
}

/* Field 'i' of the current record, or "" past its end. */
static const char *
cell(const struct pcl_datafile *d, size_t i)
{
	return i < pcl_datafile_nfields(d) ? pcl_datafile_field(d, i) : "";
}

/*
 * Copies the current record's fields (a row needed after the next one
 * is read) into one block: '*out' is owned by caller (free).
 */
static int
copy_row(const struct pcl_datafile *d, char ***out, size_t *n,
    struct pcl_error *err)
{
	size_t i, nf = pcl_datafile_nfields(d), total = 0;
	char **f, *p;

	for (i = 0; i < nf; i++)
		total += strlen(pcl_datafile_field(d, i)) + 1;
	f = malloc(nf * sizeof *f + total + 1);
	if (f == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	p = (char *)(f + nf);
	for (i = 0; i < nf; i++) {
		size_t l = strlen(pcl_datafile_field(d, i));

		memcpy(p, pcl_datafile_field(d, i), l + 1);
		f[i] = p;
		p += l + 1;
	}
	free(*out);
	*out = f;
	*n = nf;
	return PCL_OK;
}

/* Field 'i' of a copied row of 'n' fields, or "" past its end. */
static const char *
kept(char *const *f, size_t n, size_t i)
{
	return i < n ? f[i] : "";
}

/*
 * Puts rates [from, t->n), added newest row first, in date order,
 * keeping each row's currencies in file order.
 */
static void
oldest_first(struct pcl_fxsource_table *t, size_t from)
{
	struct pcl_fxsource_rate tmp;
	size_t i, j, k, run;

	for (i = from, j = t->n; i + 1 < j; i++, j--) {
		tmp = t->r[i];
		t->r[i] = t->r[j - 1];
		t->r[j - 1] = tmp;
	}
	for (run = from; run < t->n; run = k) {
		for (k = run; k < t->n && t->r[k].date == t->r[run].date; k++)
			;
		for (i = run, j = k; i + 1 < j; i++, j--) {
			tmp = t->r[i];
			t->r[i] = t->r[j - 1];
			t->r[j - 1] = tmp;
		}
	}
}

/* ---- ECB ----------------------------------------------------------------- */

static int
parse_ecb_csv(struct pcl_fxsource_table *t, const char *name,
    const char *data, size_t len, struct pcl_error *err)
{
	struct pcl_datafile *d = NULL;
	struct pcl_error first;
	char **head = NULL;
	size_t i, j, ncol = 0, from = t->n;
	int32_t dt, prev = PCL_DATE_NONE;
	int rc, bad = 0;

	memset(&first, 0, sizeof first);
	rc = csv_open(&d, name, data, len, err);
	if (rc != PCL_OK)
		return rc;
	rc = pcl_datafile_next(d, err);
	if (rc == PCL_OK && strcmp(cell(d, 0), "Date") == 0)
		rc = copy_row(d, &head, &ncol, err);
	else if (rc == PCL_OK || rc == PCL_END)
		rc = PCL_E_PARSE;
	if (rc == PCL_OK && (rc = pcl_datafile_next(d, err)) == PCL_END)
		rc = PCL_E_PARSE;
	if (rc == PCL_E_PARSE) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "not eurofxref-hist.csv: no 'Date' header and rows");
		goto out;
	}
	if (rc != PCL_OK)
		goto out;
	while (ncol > 1 && head[ncol - 1][0] == '\0')
		ncol--;	/* the trailing comma's empty header */
	/*
	 * Rows are newest first. Every row's date and width are checked in
	 * file order first; a bad rate is reported for the oldest row that
	 * holds one, and the rates are put oldest first.
	 */
	for (i = 1; rc == PCL_OK; i++, rc = pcl_datafile_next(d, err)) {
		size_t nf = pcl_datafile_nfields(d);

		dt = pcl_date_parse_iso(cell(d, 0), strlen(cell(d, 0)));
		if (dt == PCL_DATE_NONE || strlen(cell(d, 0)) != 10) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "record %zu: bad date '%s'", i + 1, cell(d, 0));
			goto out;
		}
		rc = check_step(prev, dt, 1, pcl_fxsource_gap_limit(
		    PCL_FXSOURCE_ECB), (unsigned long)(i + 1), err);
		if (rc != PCL_OK)
			goto out;
		prev = dt;
		if (nf < ncol) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "record %zu: %zu fields, header has %zu", i + 1,
			    nf, ncol);
			goto out;
		}
		for (j = 1; j < ncol; j++) {
			const char *v = cell(d, j);
			struct pcl_error e;

			if (strcmp(v, "N/A") == 0 || v[0] == '\0')
				continue;
			rc = table_add(t, dt, dt, head[j], v,
			    PCL_FXQUOTE_FOREIGN_PER_LOCAL,
			    (unsigned long)(i + 1), &e);
			if (rc == PCL_E_NOMEM) {
				if (err != NULL)
					*err = e;
				goto out;
			}
			if (rc != PCL_OK) {
				/* a later row is older: its error wins */
				first = e;
				bad = rc;
				break;
			}
		}
		rc = PCL_OK;
	}
	if (rc == PCL_END && bad != 0) {
		if (err != NULL)
			*err = first;
		rc = bad;
		goto out;
	}
	if (rc != PCL_END)
		goto out;
	oldest_first(t, from);
	rc = PCL_OK;
out:
	free(head);
	pcl_datafile_close(d);
	return rc;
}

static int
parse_ecb_zip(struct pcl_fxsource_table *t, const char *data, size_t len,
    struct pcl_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_file_t *f;
	zip_stat_t st;
	zip_int64_t idx, got;
	char *buf = NULL;
	int rc;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (z == NULL) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "not a complete zip (truncated download?): %s",
		    zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	idx = zip_name_locate(z, "eurofxref-hist.csv", 0);
	if (idx < 0 || zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_SIZE)) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "zip holds no eurofxref-hist.csv");
		goto out;
	}
	if (st.size > PCL_FXSOURCE_MAX_BYTES) {
		rc = pcl_error_set(err, PCL_E_TOOBIG,
		    "eurofxref-hist.csv is %llu bytes, over the %lu limit",
		    (unsigned long long)st.size, PCL_FXSOURCE_MAX_BYTES);
		goto out;
	}
	buf = malloc(st.size + 1);
	if (buf == NULL) {
		rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		goto out;
	}
	f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
	if (f == NULL) {
		rc = pcl_error_set(err, PCL_E_PARSE, "cannot read the zip: %s",
		    zip_strerror(z));
		goto out;
	}
	got = zip_fread(f, buf, st.size);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "damaged zip member eurofxref-hist.csv: %s",
		    zip_file_strerror(f));
		zip_fclose(f);
		goto out;
	}
	if (zip_fclose(f) != 0) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "damaged zip member eurofxref-hist.csv (CRC)");
		goto out;
	}
	rc = parse_ecb_csv(t, "eurofxref-hist.csv", buf, (size_t)st.size,
	    err);
out:
	free(buf);
	zip_discard(z);
	return rc;
}

/* ---- HMRC ---------------------------------------------------------------- */

/* The columns read, by name; \302\243 is the pound sign in UTF-8. */
static const char *const hmrc_cols[] = {
	"Country/Territories", "Currency Code", "Currency Units per \302\2431",
	"Start date", "End date"
};

/* Field 'i' of an HMRC record; the byte-order mark that starts each
 * month's file is not part of the first field. */
static const char *
hmrc_cell(const struct pcl_datafile *d, size_t i)
{
	const char *v = cell(d, i);

	return i == 0 && strncmp(v, "\xEF\xBB\xBF", 3) == 0 ? v + 3 : v;
}

static int
parse_hmrc(struct pcl_fxsource_table *t, const char *name, const char *data,
    size_t len, struct pcl_error *err)
{
	struct pcl_datafile *d = NULL;
	size_t i, k, col[5] = { 0, 0, 0, 0, 0 }, month_start = 0;
	int32_t start, end, prev = PCL_DATE_NONE, cur = PCL_DATE_NONE;
	int have_header = 0, y, m, dd, rc;

	rc = csv_open(&d, name, data, len, err);
	if (rc != PCL_OK)
		return rc;
	for (i = 0; (rc = pcl_datafile_next(d, err)) == PCL_OK; i++) {
		size_t nf = pcl_datafile_nfields(d);
		unsigned long rec = (unsigned long)(i + 1);

		if (strcmp(hmrc_cell(d, 0), hmrc_cols[0]) == 0) {
			/* a header: the first, or one per month after it */
			for (k = 0; k < 5; k++) {
				size_t j;

				for (j = 0; j < nf; j++)
					if (strcmp(hmrc_cell(d, j),
					    hmrc_cols[k]) == 0)
						break;
				if (j == nf) {
					rc = pcl_error_set(err, PCL_E_PARSE,
					    "record %lu: no column '%s'", rec,
					    hmrc_cols[k]);
					goto out;
				}
				col[k] = j;
			}
			have_header = 1;
			continue;
		}
		if (!have_header) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "not an HMRC monthly rates file: no '%s' header",
			    hmrc_cols[0]);
			goto out;
		}
		start = pcl_date_parse_fmt(hmrc_cell(d, col[3]),
		    strlen(hmrc_cell(d, col[3])), "%d/%m/%Y");
		end = pcl_date_parse_fmt(hmrc_cell(d, col[4]),
		    strlen(hmrc_cell(d, col[4])), "%d/%m/%Y");
		if (start == PCL_DATE_NONE || end == PCL_DATE_NONE) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "record %lu: bad start or end date", rec);
			goto out;
		}
		pcl_date_to_ymd(start, &y, &m, &dd);
		if (dd != 1 || end + 1 != pcl_date_from_ymd(y + (m == 12),
		    m % 12 + 1, 1)) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "record %lu: period is not one calendar month",
			    rec);
			goto out;
		}
		if (start != cur) {
			/* a new month */
			rc = check_step(prev, start, 0,
			    pcl_fxsource_gap_limit(PCL_FXSOURCE_HMRC), rec,
			    err);
			if (rc != PCL_OK)
				goto out;
			prev = cur = start;
			month_start = t->n;
		}
		/* countries sharing a currency must agree */
		for (k = month_start; k < t->n; k++)
			if (strcmp(t->r[k].currency, hmrc_cell(d, col[1])) == 0)
				break;
		if (k < t->n) {
			if (!rate_equal(t->r[k].rate, hmrc_cell(d, col[2]))) {
				rc = pcl_error_set(err, PCL_E_PARSE,
				    "record %lu: %s rate %s differs from %s "
				    "given for another country", rec,
				    t->r[k].currency, hmrc_cell(d, col[2]),
				    t->r[k].rate);
				goto out;
			}
			continue;
		}
		rc = table_add(t, start, end, hmrc_cell(d, col[1]),
		    hmrc_cell(d, col[2]), PCL_FXQUOTE_FOREIGN_PER_LOCAL, rec,
		    err);
		if (rc != PCL_OK)
			goto out;
	}
	if (rc != PCL_END)
		goto out;
	rc = PCL_OK;
	if (!have_header)
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "not an HMRC monthly rates file: no '%s' header",
		    hmrc_cols[0]);
out:
	pcl_datafile_close(d);
	return rc;
}

/* ---- FRB H.10 ------------------------------------------------------------ */

/* Country part of an H.10 series code and the currency it stands for. */
static const struct {
	const char *cc, *cur;
} h10[] = {
	{ "AL", "AUD" }, { "BZ", "BRL" }, { "CA", "CAD" }, { "CH", "CNY" },
	{ "DN", "DKK" }, { "EU", "EUR" }, { "HK", "HKD" }, { "IN", "INR" },
	{ "JA", "JPY" }, { "KO", "KRW" }, { "MA", "MYR" }, { "MX", "MXN" },
	{ "NO", "NOK" }, { "NZ", "NZD" }, { "SD", "SEK" }, { "SF", "ZAR" },
	{ "SI", "SGD" }, { "SL", "LKR" }, { "SZ", "CHF" }, { "TA", "TWD" },
	{ "TH", "THB" }, { "UK", "GBP" }, { "VE", "VES" },
};

/* Currency and quote of series 'code' ("RXI$US_N.B.EU"); 0 if unknown. */
static int
h10_series(const char *code, const char **cur, enum pcl_fxsource_quote *q)
{
	const char *cc;
	size_t i;

	if (strncmp(code, "RXI$US_N.B.", 11) == 0) {
		*q = PCL_FXQUOTE_LOCAL_PER_FOREIGN;	/* USD per unit */
		cc = code + 11;
	} else if (strncmp(code, "RXI_N.B.", 8) == 0) {
		*q = PCL_FXQUOTE_FOREIGN_PER_LOCAL;	/* units per USD */
		cc = code + 8;
	} else
		return 0;
	for (i = 0; i < sizeof h10 / sizeof h10[0]; i++)
		if (strcmp(cc, h10[i].cc) == 0) {
			*cur = h10[i].cur;
			return 1;
		}
	return 0;
}

static int
parse_frb(struct pcl_fxsource_table *t, const char *name, const char *data,
    size_t len, struct pcl_error *err)
{
	struct pcl_datafile *d = NULL;
	char **mrow = NULL;
	size_t i, j, head = 0, mult = 0, nm = 0, nh = 0;
	const char *cur[64];
	enum pcl_fxsource_quote q[64];
	int32_t dt, prev = PCL_DATE_NONE;
	int rc;

	rc = csv_open(&d, name, data, len, err);
	if (rc != PCL_OK)
		return rc;
	rc = pcl_datafile_next(d, err);
	if (rc == PCL_END || (rc == PCL_OK &&
	    strcmp(cell(d, 0), "Series Description") != 0)) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "not an H.10 download: no 'Series Description' row");
		goto out;
	}
	for (i = 0; rc == PCL_OK && i < 10; i++) {
		if (strcmp(cell(d, 0), "Time Period") == 0) {
			head = i;
			break;
		}
		if (strcmp(cell(d, 0), "Multiplier:") == 0) {
			mult = i;
			if ((rc = copy_row(d, &mrow, &nm, err)) != PCL_OK)
				goto out;
		}
		rc = pcl_datafile_next(d, err);
	}
	if (rc != PCL_OK && rc != PCL_END)
		goto out;
	nh = head != 0 ? pcl_datafile_nfields(d) : 0;
	if (head == 0 || nh < 2 || nh > 64) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "not an H.10 download: no 'Time Period' row of series");
		goto out;
	}
	for (j = 1; j < nh; j++) {
		if (!h10_series(cell(d, j), &cur[j], &q[j])) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "record %zu: unknown H.10 series '%s'", head + 1,
			    cell(d, j));
			goto out;
		}
		if (mult != 0 && strcmp(kept(mrow, nm, j), "1") != 0) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "record %zu: series '%s' has multiplier '%s', "
			    "not 1", mult + 1, cell(d, j),
			    kept(mrow, nm, j));
			goto out;
		}
	}
	for (i = head + 1; (rc = pcl_datafile_next(d, err)) == PCL_OK; i++) {
		unsigned long rec = (unsigned long)(i + 1);

		dt = pcl_date_parse_iso(cell(d, 0), strlen(cell(d, 0)));
		if (dt == PCL_DATE_NONE || strlen(cell(d, 0)) != 10) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "record %lu: bad date '%s'", rec, cell(d, 0));
			goto out;
		}
		rc = check_step(prev, dt, 0,
		    pcl_fxsource_gap_limit(PCL_FXSOURCE_FRB), rec, err);
		if (rc != PCL_OK)
			goto out;
		prev = dt;
		for (j = 1; j < nh; j++) {
			const char *v = cell(d, j);

			if (strcmp(v, "ND") == 0 || v[0] == '\0')
				continue;
			rc = table_add(t, dt, dt, cur[j], v, q[j], rec, err);
			if (rc != PCL_OK)
				goto out;
		}
	}
	if (rc == PCL_END)
		rc = PCL_OK;
out:
	free(mrow);
	pcl_datafile_close(d);
	return rc;
}

/* ---- Bank of Canada Valet ------------------------------------------------ */

static int
parse_boc(struct pcl_fxsource_table *t, const char *data, size_t len,
    struct pcl_error *err)
{
	json_t *root, *obs, *o, *v;
	json_error_t je;
	const char *key;
	int32_t d, prev = PCL_DATE_NONE;
	size_t i;
	int rc = PCL_OK;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return pcl_error_set(err, PCL_E_PARSE, "line %d: %s", je.line,
		    je.text);
	obs = json_object_get(root, "observations");
	if (!json_is_array(obs)) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "not a Valet answer: no 'observations' array");
		goto out;
	}
	json_array_foreach(obs, i, o) {
		const char *ds = json_string_value(json_object_get(o, "d"));
		unsigned long rec = (unsigned long)(i + 1);

		d = ds != NULL && strlen(ds) == 10 ?
		    pcl_date_parse_iso(ds, 10) : PCL_DATE_NONE;
		if (!json_is_object(o) || d == PCL_DATE_NONE) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "observation %lu: no date 'd'", rec);
			goto out;
		}
		rc = check_step(prev, d, 0,
		    pcl_fxsource_gap_limit(PCL_FXSOURCE_BOC), rec, err);
		if (rc != PCL_OK)
			goto out;
		prev = d;
		json_object_foreach(o, key, v) {
			const char *text;
			char c[4];

			if (strcmp(key, "d") == 0)
				continue;
			if (strlen(key) != 8 || strncmp(key, "FX", 2) != 0 ||
			    strcmp(key + 5, "CAD") != 0) {
				rc = pcl_error_set(err, PCL_E_PARSE,
				    "observation %lu: series '%s' is not an "
				    "FX<currency>CAD rate", rec, key);
				goto out;
			}
			v = json_object_get(v, "v");
			if (v == NULL || json_is_null(v))
				continue;	/* no value that day */
			/*
			 * Valet writes each rate as a decimal string; a JSON
			 * number would reach us only as a double, so it is
			 * refused rather than rounded.
			 */
			if (!json_is_string(v)) {
				rc = pcl_error_set(err, PCL_E_PARSE,
				    "observation %lu: rate of '%s' is not a "
				    "decimal string", rec, key);
				goto out;
			}
			text = json_string_value(v);
			if (text[0] == '\0')
				continue;
			memcpy(c, key + 2, 3);
			c[3] = '\0';
			rc = table_add(t, d, d, c, text,
			    PCL_FXQUOTE_LOCAL_PER_FOREIGN, rec, err);
			if (rc != PCL_OK)
				goto out;
		}
	}
out:
	json_decref(root);
	return rc;
}

/* ---- RBA F11.1 ----------------------------------------------------------- */

/* Parses "04-Dec-2026"; PCL_DATE_NONE if it is not such a date. */
static int32_t
rba_date(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4];
	int d, y, m;

	if (strlen(s) != 11 || s[2] != '-' || s[6] != '-' ||
	    s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return PCL_DATE_NONE;
	memcpy(mon, s + 3, 3);
	mon[3] = '\0';
	for (m = 0; m < 12; m++)
		if (strncmp(months + 3 * m, mon, 3) == 0)
			break;
	if (m == 12)
		return PCL_DATE_NONE;
	d = (s[0] - '0') * 10 + (s[1] - '0');
	y = (int)strtol(s + 7, NULL, 10);
	return pcl_date_from_ymd(y, m + 1, d);
}

static int
parse_rba(struct pcl_fxsource_table *t, const char *name, const char *data,
    size_t len, struct pcl_error *err)
{
	struct pcl_datafile *d = NULL;
	char **urow = NULL;
	size_t i, j, units = 0, ids = 0, nu = 0;
	int32_t dt, prev = PCL_DATE_NONE;
	int rc, title = 0;

	rc = csv_open(&d, name, data, len, err);
	if (rc != PCL_OK)
		return rc;
	for (i = 0; ids == 0 && (rc = pcl_datafile_next(d, err)) == PCL_OK;
	    i++) {
		if (i == 0)
			title = strncmp(cell(d, 0), "F11.1", 5) == 0;
		if (strcmp(cell(d, 0), "Units") == 0) {
			units = i;
			if ((rc = copy_row(d, &urow, &nu, err)) != PCL_OK)
				goto out;
		} else if (strcmp(cell(d, 0), "Series ID") == 0)
			ids = i;
	}
	if (rc != PCL_OK && rc != PCL_END)
		goto out;
	if (ids == 0 || units == 0 || !title) {
		rc = pcl_error_set(err, PCL_E_PARSE,
		    "not RBA table F11.1: no title, 'Units' and 'Series ID' "
		    "rows");
		goto out;
	}
	for (i = ids + 1; (rc = pcl_datafile_next(d, err)) == PCL_OK; i++) {
		size_t nf = pcl_datafile_nfields(d);
		unsigned long rec = (unsigned long)(i + 1);

		dt = rba_date(cell(d, 0));
		if (dt == PCL_DATE_NONE) {
			rc = pcl_error_set(err, PCL_E_PARSE,
			    "record %lu: bad date '%s'", rec, cell(d, 0));
			goto out;
		}
		rc = check_step(prev, dt, 0,
		    pcl_fxsource_gap_limit(PCL_FXSOURCE_RBA), rec, err);
		if (rc != PCL_OK)
			goto out;
		prev = dt;
		for (j = 1; j < nf; j++) {
			const char *u = kept(urow, nu, j);
			const char *v = cell(d, j);

			/* the index and the SDR are not currencies */
			if (v[0] == '\0' || strcmp(u, "Index") == 0 ||
			    strcmp(u, "SDR") == 0)
				continue;
			rc = table_add(t, dt, dt, u, v,
			    PCL_FXQUOTE_FOREIGN_PER_LOCAL, rec, err);
			if (rc != PCL_OK)
				goto out;
		}
	}
	if (rc == PCL_END)
		rc = PCL_OK;
out:
	free(urow);
	pcl_datafile_close(d);
	return rc;
}

/* ---- the authorities' rules ------------------------------------------- */

/* Index of the first rate dated after 'date'. */
static size_t
upper(const struct pcl_fxsource_table *t, int32_t date)
{
	size_t lo = 0, hi = t->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->r[mid].date <= date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The latest rate of 'cur' dated on or before 'date', or NULL. */
static const struct pcl_fxsource_rate *
latest(const struct pcl_fxsource_table *t, const char *cur, int32_t date)
{
	size_t i = upper(t, date);

	while (i-- > 0)
		if (strcmp(t->r[i].currency, cur) == 0)
			return &t->r[i];
	return NULL;
}

/* 'r' when it is no older than the source's gap limit on 'day': a
 * currency the publisher stopped quoting has no rate. */
static const struct pcl_fxsource_rate *
fresh(const struct pcl_fxsource_rate *r, int32_t day, enum pcl_fxsource s)
{
	return r != NULL && day - r->date <= pcl_fxsource_gap_limit(s) ?
	    r : NULL;
}

/* The first weekday after 'd'. */
static int32_t
next_weekday(int32_t d)
{
	do
		d++;
	while (pcl_date_weekday(d) >= 6);
	return d;
}

/*
 * A rate as an integer of 10^-12 units; 0 when it has more than 12
 * decimals or is too large (never for a rate a source passed).
 */
static long long
scaled(const char *s)
{
	long long v = 0;
	int decimals = -1;

	for (; *s != '\0'; s++) {
		if (*s == '.') {
			decimals = 0;
			continue;
		}
		if (v > 900000LL * 1000000000000LL / 10 || decimals >= 12)
			return 0;
		v = v * 10 + (*s - '0');
		if (decimals >= 0)
			decimals++;
	}
	for (decimals = decimals < 0 ? 0 : decimals; decimals < 12;
	    decimals++) {
		if (v > 900000LL * 1000000000000LL / 10)
			return 0;
		v *= 10;
	}
	return v;
}

/* Currencies with a certified quarterly rate, 19 CFR 159.34(a). */
static int
us_quarterly(const char *cur)
{
	static const char list[] = "AUD BRL CAD CHF CNY DKK EUR GBP HKD INR "
	    "IRR JPY LKR MXN MYR NOK NZD PHP SEK SGD THB VES ZAR";
	const char *p = strstr(list, cur);

	return p != NULL && strlen(cur) == 3 && (p[3] == ' ' || p[3] == '\0');
}

static int
not_found(const struct pcl_fxsource_table *t, enum pcl_fxsource s,
    int32_t key, const char *cur, struct pcl_error *err)
{
	char k[11], l[11];

	pcl_date_format(key, k);
	pcl_date_format(pcl_fxsource_last(t), l);
	return pcl_error_set(err, PCL_E_NOTFOUND,
	    "no %s rate for %s on %s: source '%s' ends %s",
	    pcl_fxsource_authority(s), cur, k, pcl_fxsource_name(s), l);
}

int
pcl_fxsource_pick(const struct pcl_fxsource_table *t,
    enum pcl_fxsource s, int32_t key, const char *currency,
    struct pcl_fxsource_pick *out, struct pcl_error *err)
{
	const struct pcl_fxsource_rate *r = NULL, *daily;
	int32_t last = pcl_fxsource_last(t), pw, q0;
	int y, m, d;
	size_t i;
	long long a, b;

	out->rate = NULL;
	if (t->source != s)
		return pcl_error_set(err, PCL_E_USAGE,
		    "table is not from source '%s'", pcl_fxsource_name(s));
	switch (s) {
	case PCL_FXSOURCE_ECB:
		/* penultimate Wednesday of the month before 'key' */
		pcl_date_to_ymd(key, &y, &m, &d);
		pw = pcl_date_from_ymd(y, m, 1) - 1;	/* its last day */
		while (pcl_date_weekday(pw) != 3)
			pw--;
		pw -= 7;
		if (pw <= last)
			r = fresh(latest(t, currency, pw), pw, s);
		out->rule = PCL_FXRULE_PENULTIMATE_WEDNESDAY;
		break;
	case PCL_FXSOURCE_HMRC:
		r = latest(t, currency, key);
		if (r != NULL && r->until < key)
			r = NULL;
		out->rule = PCL_FXRULE_MONTHLY;
		break;
	case PCL_FXSOURCE_BOC:
	case PCL_FXSOURCE_FRB:
		if (key <= last || key < next_weekday(last))
			r = fresh(latest(t, currency, key), key, s);
		out->rule = PCL_FXRULE_DAILY;
		if (r == NULL || s == PCL_FXSOURCE_BOC ||
		    !us_quarterly(currency))
			break;
		/* the first rate certified in the quarter of 'key' */
		pcl_date_to_ymd(key, &y, &m, &d);
		q0 = pcl_date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
		daily = r;
		r = NULL;
		/* a table starting later cannot show the quarter's first rate
		 * (3 days: New Year's Day and a week-end) */
		if (pcl_fxsource_first(t) > q0 + 3)
			break;
		for (i = upper(t, q0 - 1); i < t->n && t->r[i].date <= key;
		    i++)
			if (strcmp(t->r[i].currency, currency) == 0) {
				r = &t->r[i];
				break;
			}
		if (r == NULL)
			break;
		out->rule = PCL_FXRULE_QUARTERLY;
		a = scaled(daily->rate);
		b = scaled(r->rate);
		if (a != 0 && b != 0 && 20 * (a > b ? a - b : b - a) >= b) {
			r = daily;
			out->rule = PCL_FXRULE_DAILY_VARIANCE;
		}
		break;
	case PCL_FXSOURCE_RBA:
		if (key - 1 <= last || key <= next_weekday(last))
			r = fresh(latest(t, currency, key - 1), key - 1, s);
		out->rule = PCL_FXRULE_PREVIOUS_DAY;
		break;
	default:
		return pcl_error_set(err, PCL_E_USAGE, "unknown source");
	}
	if (r == NULL)
		return not_found(t, s, key, currency, err);
	out->rate = r;
	return PCL_OK;
}

/* ---- entry points -------------------------------------------------------- */

int
pcl_fxsource_parse(enum pcl_fxsource s, const char *data, size_t len,
    struct pcl_fxsource_table **out, struct pcl_error *err)
{
	struct pcl_fxsource_table *t;
	const char *name = pcl_fxsource_name(s);
	int rc;

	*out = NULL;
	if (len > PCL_FXSOURCE_MAX_BYTES)
		return pcl_error_set(err, PCL_E_TOOBIG,
		    "%zu bytes, over the %lu-byte limit", len,
		    PCL_FXSOURCE_MAX_BYTES);
	t = calloc(1, sizeof *t);
	if (t == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	switch (s) {
	case PCL_FXSOURCE_ECB:
		rc = len >= 4 && memcmp(data, "PK\003\004", 4) == 0 ?
		    parse_ecb_zip(t, data, len, err) :
		    parse_ecb_csv(t, name, data, len, err);
		break;
	case PCL_FXSOURCE_HMRC:
		rc = parse_hmrc(t, name, data, len, err);
		break;
	case PCL_FXSOURCE_FRB:
		rc = parse_frb(t, name, data, len, err);
		break;
	case PCL_FXSOURCE_BOC:
		rc = parse_boc(t, data, len, err);
		break;
	case PCL_FXSOURCE_RBA:
		rc = parse_rba(t, name, data, len, err);
		break;
	default:
		rc = pcl_error_set(err, PCL_E_USAGE, "unknown source %d",
		    (int)s);
	}
	t->source = s;
	if (rc == PCL_OK && t->n == 0)
		rc = pcl_error_set(err, PCL_E_PARSE, "no rates in the file");
	if (rc != PCL_OK) {
		pcl_fxsource_free(t);
		return rc;
	}
	*out = t;
	return PCL_OK;
}

int
pcl_fxsource_read(enum pcl_fxsource s, const char *path,
    struct pcl_fxsource_table **out, struct pcl_error *err)
{
	FILE *fp;
	char *buf;
	size_t n;
	int rc;

	*out = NULL;
	fp = fopen(path, "rb");
	if (fp == NULL)
		return pcl_error_set(err, PCL_E_IO, "cannot open '%s': %s",
		    path, strerror(errno));
	buf = malloc(PCL_FXSOURCE_MAX_BYTES + 1);
	if (buf == NULL) {
		fclose(fp);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	n = fread(buf, 1, PCL_FXSOURCE_MAX_BYTES + 1, fp);
	if (ferror(fp)) {
		rc = pcl_error_set(err, PCL_E_IO, "cannot read '%s'", path);
	} else if (n > PCL_FXSOURCE_MAX_BYTES) {
		rc = pcl_error_set(err, PCL_E_TOOBIG,
		    "'%s' is over the %lu-byte limit", path,
		    PCL_FXSOURCE_MAX_BYTES);
	} else
		rc = pcl_fxsource_parse(s, buf, n, out, err);
	fclose(fp);
	free(buf);
	return rc;
}
