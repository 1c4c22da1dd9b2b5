/*
 * fx: reads the ECB reference-rate history (wide) or a long
 * "date,currency,rate" table into a days x currencies matrix of exact
 * rates, and selects the rate day each authority's rule asks for.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "date.h"
#include "digest.h"
#include "datafile.h"
#include "embed.h"
#include "errloc.h"
#include "readfile.h"
#include "fx.h"
#include "codes.h"
#include "banned.h"

#define FX_EMBED_PATH	"data/fx/ecb-eurofxref-hist.csv"
#define FX_BASE		"EUR"
#define FX_RATE_ONE	((int64_t)10000000000)	/* 1.0 in 10^-10 units */
#define FX_MAX_BYTES	((size_t)256 << 20)	/* decompressed input limit */
#define FX_MAX_CURRENCIES 1024
#define FX_MAX_CELLS	((size_t)64 << 20)	/* days x currencies limit */

/* An authority's own source attached to the table. */
struct fx_auth {
	struct pcl_fxsource_table *t;	/* NULL: none */
	char	*name;
	char	 sha256[65];
};

struct pcl_fx {
	char	*name;
	char	 sha256[65];
	enum pcl_fx_origin origin;
	struct fx_auth auth[PCL_FX_NSRC];
	int32_t	*days;		/* ascending publication dates */
	size_t	 ndays;
	char	(*cur)[4];	/* currency codes, NUL-terminated */
	size_t	 ncur;
	int64_t	*rates;		/* ndays x ncur, 10^-10 units, 0 = no rate */
};

/* The data file being parsed and where its errors go. */
struct rd {
	struct pcl_datafile	*d;
	struct pcl_error	*err;
};

/* One row of the long layout, before it is placed in the matrix. */
struct long_row {
	int32_t		 day;
	uint32_t	 cur;
	int64_t		 rate;
	unsigned long	 line;
};

/* A data row of the wide layout, for sorting. */
struct wide_key {
	int32_t		 day;
	uint32_t	 row;
};

static int fx_error(struct rd *, const char *, const char *, ...)
    PCL_PRINTF(3, 4);

/* Fills 'r->err' with a PCL_E_PARSE at the current record. */
static int
fx_error(struct rd *r, const char *field, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return pcl_datafile_error(r->d, r->err, PCL_E_PARSE, field, "%s", msg);
}

/* Fills 'err' with an error about the whole file 'name'. */
static int
fx_simple_error(struct pcl_error *err, const char *name, int code,
    const char *what)
{
	return pcl_errloc_set(err, code, name, 0, 0, NULL, "%s '%s'", what,
	    name);
}

static int
equal_nocase(const char *s, size_t len, const char *word)
{
	size_t i;

	if (strlen(word) != len)
		return 0;
	for (i = 0; i < len; i++)
		if (tolower((unsigned char)s[i]) != word[i])
			return 0;
	return 1;
}

/* ISO 4217 alpha-3 shape: three letters A-Z. */
static int
is_code(const char *s, size_t len)
{
	size_t i;

	if (len != 3)
		return 0;
	for (i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

/* Strict "YYYY-MM-DD" (no time part, no basic form). */
static int32_t
parse_day(const char *s, size_t len)
{
	if (len != 10)
		return PCL_DATE_NONE;
	return pcl_date_parse_iso(s, len);
}

static const char *
money_reason(int st)
{
	switch (st) {
	case PCL_MONEY_EMPTY:		return "empty";
	case PCL_MONEY_PRECISION:	return "more than 10 decimals";
	case PCL_MONEY_RANGE:		return "out of range";
	default:			return "not a decimal number";
	}
}

/* Parses a rate cell; "N/A" gives 0 (no rate). */
static int
parse_cell(struct rd *r, const char *f, size_t flen, const char *field,
    unsigned long col, int64_t *out)
{
	pcl_i128 v;
	int st;

	if (flen == 3 && memcmp(f, "N/A", 3) == 0) {
		*out = 0;
		return PCL_OK;
	}
	st = pcl_money_parse_rate(f, flen, &v);
	if (st == PCL_MONEY_OK && v > INT64_MAX)
		st = PCL_MONEY_RANGE;
	if (st != PCL_MONEY_OK)
		return fx_error(r, field, "column %lu: bad rate '%.*s': %s",
		    col, (int)(flen > 32 ? 32 : flen), f, money_reason(st));
	*out = (int64_t)v;
	return PCL_OK;
}

static int
parse_date_cell(struct rd *r, const char *f, size_t flen, int32_t *out)
{
	*out = parse_day(f, flen);
	if (*out == PCL_DATE_NONE)
		return fx_error(r, "date",
		    "column 1: bad date '%.*s': not YYYY-MM-DD",
		    (int)(flen > 32 ? 32 : flen), f);
	return PCL_OK;
}

/*
 * Blank lines are allowed only at the end of the text: PCL_E_PARSE naming
 * the first blank line before the current record, or 0.
 */
static int
blank_inside(struct rd *r)
{
	unsigned long blank = pcl_datafile_blank(r->d);

	if (blank == 0)
		return 0;
	return pcl_errloc_set(r->err, PCL_E_PARSE, pcl_datafile_name(r->d),
	    pcl_datafile_record(r->d) - 1, blank, "", "blank line inside the "
	    "table");
}

static int
cmp_wide(const void *a, const void *b)
{
	const struct wide_key *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int
cmp_long(const void *a, const void *b)
{
	const struct long_row *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->cur != y->cur)
		return x->cur < y->cur ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Reports the later of two rows with the same date (and currency). */
static int
duplicate_error(struct rd *r, unsigned long line, int32_t day,
    const char *code)
{
	char d[11];

	pcl_date_format(day, d);
	if (code != NULL)
		return pcl_errloc_set(r->err, PCL_E_PARSE,
		    pcl_datafile_name(r->d), line - 1, line, "currency",
		    "duplicate rate for '%s' on %s", code, d);
	return pcl_errloc_set(r->err, PCL_E_PARSE, pcl_datafile_name(r->d),
	    line - 1, line, "date", "duplicate date %s", d);
}

static size_t
count_lines(const char *p, const char *end)
{
	size_t n = 1;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/*
 * Whether the 3 bytes at 'f' are an ISO 4217 code, current or withdrawn
 * (codes.h: the old denominations the ECB history carries, ROL and TRL,
 * included).
 */
static int
known_currency(const char *f)
{
	return pcl_codes_currency(f, 3, PCL_DATE_NONE, NULL) !=
	    PCL_CODE_UNKNOWN;
}

/* The ECB layout: "Date,USD,...," then one row per publication day. */
static int
parse_wide(struct pcl_fx *fx, struct rd *r, size_t cap)
{
	char **h = pcl_datafile_fields(r->d), **fl;
	const char *f;
	size_t flen, nrows = 0, i, j, ncol = pcl_datafile_nfields(r->d);
	int trailing = 0, st, sorted = 1, desc = 1;
	unsigned long *lines = NULL;
	struct wide_key *keys = NULL;
	int64_t *m = NULL;

	/* Header: "date" then currency codes, an empty last one allowed. */
	for (i = 1; i < ncol; i++) {
		f = h[i];
		flen = pcl_datafile_len(r->d, i);
		if (flen == 0 && i == ncol - 1 && i >= 2) {
			trailing = 1;
			break;
		}
		if (i == 1 && equal_nocase(f, flen, "currency"))
			return fx_error(r, "", "long layout header must be "
			    "exactly 'date,currency,rate'");
		if (!is_code(f, flen))
			return fx_error(r, "", "column %zu: bad currency "
			    "code '%.*s' in header", i + 1,
			    (int)(flen > 32 ? 32 : flen), f);
		if (memcmp(f, FX_BASE, 3) == 0)
			return fx_error(r, "", "column %zu: base currency "
			    "'%s' as a column", i + 1, FX_BASE);
		if (!known_currency(f))
			return fx_error(r, "", "column %zu: unknown currency "
			    "'%.3s' (not in ISO 4217)", i + 1, f);
		for (j = 0; j < fx->ncur; j++)
			if (memcmp(fx->cur[j], f, 3) == 0)
				return fx_error(r, "", "column %zu: "
				    "duplicate currency '%.3s'", i + 1, f);
		if (fx->ncur >= FX_MAX_CURRENCIES)
			return fx_error(r, "", "more than %d currencies",
			    FX_MAX_CURRENCIES);
		memcpy(fx->cur[fx->ncur], f, 3);
		fx->cur[fx->ncur][3] = '\0';
		fx->ncur++;
	}
	if (fx->ncur == 0)
		return fx_error(r, "", "no currency columns in header");

	if (cap > FX_MAX_CELLS / fx->ncur)
		return fx_error(r, "", "table too large");
	fx->days = malloc(cap * sizeof *fx->days);
	fx->rates = malloc(cap * fx->ncur * sizeof *fx->rates);
	lines = malloc(cap * sizeof *lines);
	if (fx->days == NULL || fx->rates == NULL || lines == NULL) {
		st = PCL_E_NOMEM;
		pcl_error_set(r->err, st, "out of memory reading '%s'",
		    pcl_datafile_name(r->d));
		goto out;
	}

	while ((st = pcl_datafile_next(r->d, r->err)) == PCL_OK) {
		int64_t *row = fx->rates + nrows * fx->ncur;
		size_t nf = pcl_datafile_nfields(r->d), c;

		if ((st = blank_inside(r)) != 0)
			goto out;
		if (nrows == cap) {
			/* more records than lines: cannot happen */
			st = fx_error(r, "", "table too large");
			goto out;
		}
		fl = pcl_datafile_fields(r->d);
		if ((st = parse_date_cell(r, fl[0], pcl_datafile_len(r->d, 0),
		    &fx->days[nrows])) != 0)
			goto out;
		if (nf != ncol) {
			st = fx_error(r, "", "%zu fields, expected %zu", nf,
			    ncol);
			goto out;
		}
		for (c = 0; c < fx->ncur; c++) {
			st = parse_cell(r, fl[c + 1], pcl_datafile_len(r->d,
			    c + 1), fx->cur[c], c + 2, &row[c]);
			if (st != 0)
				goto out;
		}
		if (trailing && (flen = pcl_datafile_len(r->d, ncol - 1)) !=
		    0) {
			st = fx_error(r, "", "column %zu: text '%.*s' under "
			    "the empty last header", ncol,
			    (int)(flen > 32 ? 32 : flen), fl[ncol - 1]);
			goto out;
		}
		lines[nrows] = pcl_datafile_line(r->d);
		if (nrows > 0) {
			if (fx->days[nrows] <= fx->days[nrows - 1])
				sorted = 0;
			if (fx->days[nrows] >= fx->days[nrows - 1])
				desc = 0;
		}
		nrows++;
	}
	if (st != PCL_END)
		goto out;
	if (nrows == 0) {
		st = fx_error(r, "", "no rate rows");
		goto out;
	}
	fx->ndays = nrows;

	if (sorted) {
		st = PCL_OK;
		goto out;
	}
	if (desc) {
		/* The ECB file: newest first, so reverse the rows in place. */
		for (i = 0, j = nrows - 1; i < j; i++, j--) {
			int32_t d = fx->days[i];
			size_t c;

			fx->days[i] = fx->days[j];
			fx->days[j] = d;
			for (c = 0; c < fx->ncur; c++) {
				int64_t t = fx->rates[i * fx->ncur + c];

				fx->rates[i * fx->ncur + c] =
				    fx->rates[j * fx->ncur + c];
				fx->rates[j * fx->ncur + c] = t;
			}
		}
		st = PCL_OK;
		goto out;
	}

	/* Any other order: sort row keys, refuse duplicates, permute. */
	keys = malloc(nrows * sizeof *keys);
	m = malloc(nrows * fx->ncur * sizeof *m);
	if (keys == NULL || m == NULL) {
		st = PCL_E_NOMEM;
		pcl_error_set(r->err, st, "out of memory reading '%s'",
		    pcl_datafile_name(r->d));
		goto out;
	}
	for (i = 0; i < nrows; i++) {
		keys[i].day = fx->days[i];
		keys[i].row = (uint32_t)i;
	}
	qsort(keys, nrows, sizeof *keys, cmp_wide);
	for (i = 1; i < nrows; i++)
		if (keys[i].day == keys[i - 1].day) {
			st = duplicate_error(r, lines[keys[i].row], keys[i].day,
			    NULL);
			goto out;
		}
	for (i = 0; i < nrows; i++) {
		fx->days[i] = keys[i].day;
		memcpy(m + i * fx->ncur, fx->rates + keys[i].row * fx->ncur,
		    fx->ncur * sizeof *m);
	}
	free(fx->rates);
	fx->rates = m;
	m = NULL;
	st = PCL_OK;
out:
	free(lines);
	free(keys);
	free(m);
	return st;
}

/* Index of currency 'f' in the table, added if new; -1 when full. */
static long
intern_currency(struct pcl_fx *fx, const char *f)
{
	size_t i;

	for (i = 0; i < fx->ncur; i++)
		if (memcmp(fx->cur[i], f, 3) == 0)
			return (long)i;
	if (fx->ncur >= FX_MAX_CURRENCIES)
		return -1;
	memcpy(fx->cur[fx->ncur], f, 3);
	fx->cur[fx->ncur][3] = '\0';
	return (long)fx->ncur++;
}

/* The long layout: "date,currency,rate", any row order, base EUR. */
static int
parse_long(struct pcl_fx *fx, struct rd *r, size_t cap)
{
	struct long_row *rows = NULL;
	const char *f;
	char **fl;
	size_t flen, n = 0, i, k, nf;
	int st;
	long ci;

	rows = malloc(cap * sizeof *rows);
	if (rows == NULL) {
		st = PCL_E_NOMEM;
		pcl_error_set(r->err, st, "out of memory reading '%s'",
		    pcl_datafile_name(r->d));
		goto out;
	}
	while ((st = pcl_datafile_next(r->d, r->err)) == PCL_OK) {
		struct long_row *row = &rows[n];

		if ((st = blank_inside(r)) != 0)
			goto out;
		if (n == cap) {
			/* more records than lines: cannot happen */
			st = fx_error(r, "", "table too large");
			goto out;
		}
		fl = pcl_datafile_fields(r->d);
		nf = pcl_datafile_nfields(r->d);
		if ((st = parse_date_cell(r, fl[0], pcl_datafile_len(r->d, 0),
		    &row->day)) != 0)
			goto out;
		if (nf != 3) {
			st = fx_error(r, "", "%zu fields, expected 3", nf);
			goto out;
		}
		f = fl[1];
		flen = pcl_datafile_len(r->d, 1);
		if (!is_code(f, flen)) {
			st = fx_error(r, "currency", "column 2: bad currency "
			    "code '%.*s'", (int)(flen > 32 ? 32 : flen), f);
			goto out;
		}
		if (!known_currency(f)) {
			st = fx_error(r, "currency", "column 2: unknown "
			    "currency '%.3s' (not in ISO 4217)", f);
			goto out;
		}
		ci = memcmp(f, FX_BASE, 3) == 0 ? -2 : intern_currency(fx, f);
		if (ci == -1) {
			st = fx_error(r, "currency", "more than %d "
			    "currencies", FX_MAX_CURRENCIES);
			goto out;
		}
		if ((st = parse_cell(r, fl[2], pcl_datafile_len(r->d, 2),
		    "rate", 3, &row->rate)) != 0)
			goto out;
		if (ci == -2) {
			/* The base against itself: only 1 makes sense. */
			if (row->rate != FX_RATE_ONE) {
				st = fx_error(r, "rate", "column 3: rate of "
				    "base currency '%s' must be 1", FX_BASE);
				goto out;
			}
			continue;
		}
		row->cur = (uint32_t)ci;
		row->line = pcl_datafile_line(r->d);
		n++;
	}
	if (st != PCL_END)
		goto out;
	if (n == 0) {
		st = fx_error(r, "", "no rate rows");
		goto out;
	}
	qsort(rows, n, sizeof *rows, cmp_long);
	fx->ndays = 1;
	for (i = 1; i < n; i++) {
		if (rows[i].day == rows[i - 1].day &&
		    rows[i].cur == rows[i - 1].cur) {
			st = duplicate_error(r, rows[i].line, rows[i].day,
			    fx->cur[rows[i].cur]);
			goto out;
		}
		if (rows[i].day != rows[i - 1].day)
			fx->ndays++;
	}
	if (fx->ndays > FX_MAX_CELLS / fx->ncur) {
		st = fx_error(r, "", "table too large");
		goto out;
	}
	fx->days = malloc(fx->ndays * sizeof *fx->days);
	fx->rates = calloc(fx->ndays * fx->ncur, sizeof *fx->rates);
	if (fx->days == NULL || fx->rates == NULL) {
		st = PCL_E_NOMEM;
		pcl_error_set(r->err, st, "out of memory reading '%s'",
		    pcl_datafile_name(r->d));
		goto out;
	}
	for (i = 0, k = 0; i < n; i++) {
		if (i > 0 && rows[i].day != rows[i - 1].day)
			k++;
		fx->days[k] = rows[i].day;
		fx->rates[k * fx->ncur + rows[i].cur] = rows[i].rate;
	}
	st = PCL_OK;
out:
	free(rows);
	return st;
}

/* Parses the decompressed text 'text' into 'fx'. */
static int
parse_text(struct pcl_fx *fx, const char *name, const char *text, size_t len,
    struct pcl_error *err)
{
	struct rd r;
	char **h;
	size_t nf, cap;
	int st;

	r.err = err;
	if ((st = pcl_datafile_open_buffer(&r.d, name, text, len, NULL,
	    err)) != PCL_OK)
		return st;
	st = pcl_datafile_next(r.d, err);
	if (st == PCL_END || (st == PCL_OK && pcl_datafile_blank(r.d) != 0)) {
		st = pcl_errloc_set(err, PCL_E_PARSE, name, 0, 1, "",
		    "no header");
		goto out;
	}
	if (st != PCL_OK)
		goto out;
	/* Room for every header field; the wide parser counts them. */
	fx->cur = malloc(FX_MAX_CURRENCIES * sizeof *fx->cur);
	if (fx->cur == NULL) {
		st = pcl_error_set(err, PCL_E_NOMEM,
		    "out of memory reading '%s'", name);
		goto out;
	}
	/* at most one record per line after the header */
	cap = count_lines(text, text + len);
	h = pcl_datafile_fields(r.d);
	nf = pcl_datafile_nfields(r.d);
	if (nf == 3 && equal_nocase(h[0], pcl_datafile_len(r.d, 0), "date") &&
	    equal_nocase(h[1], pcl_datafile_len(r.d, 1), "currency") &&
	    equal_nocase(h[2], pcl_datafile_len(r.d, 2), "rate"))
		st = parse_long(fx, &r, cap);
	else if (equal_nocase(h[0], pcl_datafile_len(r.d, 0), "date"))
		st = parse_wide(fx, &r, cap);
	else
		st = fx_error(&r, "", "unrecognised header: expected "
		    "'Date,<currencies>' or 'date,currency,rate'");
out:
	pcl_datafile_close(r.d);
	return st;
}

/* Inflates the gzip stream(s) in 'data' into a new buffer '*out'. */
static int
gunzip(const unsigned char *data, size_t len, const char *name,
    unsigned char **out, size_t *outlen, struct pcl_error *err)
{
	z_stream z;
	unsigned char *buf = NULL, *nb;
	size_t cap = len * 4 + 4096, n = 0;
	int zs = Z_OK, st = PCL_OK;

	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory "
		    "reading '%s'", name);
	z.next_in = (unsigned char *)(uintptr_t)data;
	if ((buf = malloc(cap)) == NULL) {
		st = pcl_error_set(err, PCL_E_NOMEM, "out of memory reading "
		    "'%s'", name);
		goto out;
	}
	for (;;) {
		if (cap - n < 4096) {
			if (cap >= FX_MAX_BYTES) {
				st = fx_simple_error(err, name, PCL_E_TOOBIG,
				    "fx table over 256 MiB decompressed:");
				goto out;
			}
			if ((nb = realloc(buf, cap * 2)) == NULL) {
				st = pcl_error_set(err, PCL_E_NOMEM, "out of "
				    "memory reading '%s'", name);
				goto out;
			}
			buf = nb;
			cap *= 2;
		}
		/* zlib counts in uInt: feed and drain at most 1 GiB a step. */
		if (z.avail_in == 0) {
			size_t used = (size_t)(z.next_in - data);
			size_t left = len - used;

			z.avail_in = (uInt)(left > (1u << 30) ? 1u << 30 : left);
		}
		z.next_out = buf + n;
		z.avail_out = (uInt)(cap - n > (1u << 30) ? 1u << 30 : cap - n);
		zs = inflate(&z, Z_NO_FLUSH);
		n = (size_t)(z.next_out - buf);
		if (zs == Z_STREAM_END) {
			size_t used = (size_t)(z.next_in - data);

			if (used == len)
				break;
			/* Another member must follow (cat a.gz b.gz). */
			if (len - used < 2 || data[used] != 0x1f ||
			    data[used + 1] != 0x8b) {
				st = fx_simple_error(err, name, PCL_E_GZIP,
				    "trailing garbage after gzip data in");
				goto out;
			}
			if (inflateReset(&z) != Z_OK) {
				st = fx_simple_error(err, name, PCL_E_GZIP,
				    "corrupt gzip data in");
				goto out;
			}
			continue;
		}
		if (zs == Z_MEM_ERROR) {
			st = pcl_error_set(err, PCL_E_NOMEM, "out of memory "
			    "reading '%s'", name);
			goto out;
		}
		if (zs != Z_OK && zs != Z_BUF_ERROR) {
			st = fx_simple_error(err, name, PCL_E_GZIP,
			    "corrupt gzip data in");
			goto out;
		}
		if (zs == Z_BUF_ERROR && (size_t)(z.next_in - data) == len &&
		    z.avail_out > 0) {
			st = fx_simple_error(err, name, PCL_E_GZIP,
			    "truncated gzip data in");
			goto out;
		}
	}
	*out = buf;
	*outlen = n;
	buf = NULL;
out:
	inflateEnd(&z);
	free(buf);
	return st;
}

static int
open_bytes(struct pcl_fx **out, const char *name, const unsigned char *data,
    size_t len, struct pcl_error *err)
{
	struct pcl_fx *fx;
	unsigned char *plain = NULL;
	size_t plen = len;
	const char *text = (const char *)data;
	int st;

	*out = NULL;
	pcl_error_clear(err);
	if ((fx = calloc(1, sizeof *fx)) == NULL ||
	    (fx->name = malloc(strlen(name) + 1)) == NULL) {
		free(fx);
		return pcl_error_set(err, PCL_E_NOMEM,
		    "out of memory reading '%s'", name);
	}
	memcpy(fx->name, name, strlen(name) + 1);
	pcl_digest_buffer(data, len, fx->sha256);
	if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
		st = gunzip(data, len, name, &plain, &plen, err);
		if (st != PCL_OK)
			goto fail;
		text = (const char *)plain;
	} else if (len > FX_MAX_BYTES) {
		st = fx_simple_error(err, name, PCL_E_TOOBIG,
		    "fx table over 256 MiB:");
		goto fail;
	}
	st = parse_text(fx, name, text, plen, err);
	free(plain);
	if (st != PCL_OK)
		goto fail;
	*out = fx;
	return PCL_OK;
fail:
	pcl_fx_free(fx);
	return st;
}

int
pcl_fx_open_buffer(struct pcl_fx **out, const char *name,
    const unsigned char *data, size_t len, struct pcl_error *err)
{
	return open_bytes(out, name != NULL ? name : "(buffer)", data, len,
	    err);
}

int
pcl_fx_open(struct pcl_fx **out, const char *path, struct pcl_error *err)
{
	const unsigned char *data;
	char *buf;
	size_t len;
	int st;

	*out = NULL;
	if (path == NULL) {
		if (!pcl_embed_find(FX_EMBED_PATH, &data, &len))
			return fx_simple_error(err, FX_EMBED_PATH, PCL_E_IO,
			    "no embedded fx table");
		return open_bytes(out, "embedded:" FX_EMBED_PATH, data, len,
		    err);
	}
	/*
	 * Read the raw bytes once: the digest is of the file as stored
	 * (compressed or not) and the text is inflated from the same bytes.
	 */
	if ((st = pcl_readfile_all(path, FX_MAX_BYTES, &buf, &len, err)) !=
	    PCL_OK)
		return st;
	st = open_bytes(out, path, (const unsigned char *)buf, len, err);
	free(buf);
	if (st == PCL_OK)
		(*out)->origin = PCL_FX_FILE;
	return st;
}

void
pcl_fx_free(struct pcl_fx *fx)
{
	size_t i;

	if (fx == NULL)
		return;
	for (i = 0; i < PCL_FX_NSRC; i++) {
		pcl_fxsource_free(fx->auth[i].t);
		free(fx->auth[i].name);
	}
	free(fx->name);
	free(fx->days);
	free(fx->cur);
	free(fx->rates);
	free(fx);
}

const char *
pcl_fx_sha256(const struct pcl_fx *fx)
{
	return fx->sha256;
}

const char *
pcl_fx_name(const struct pcl_fx *fx)
{
	return fx->name;
}

int32_t
pcl_fx_first_date(const struct pcl_fx *fx)
{
	return fx->days[0];
}

int32_t
pcl_fx_last_date(const struct pcl_fx *fx)
{
	return fx->days[fx->ndays - 1];
}

/* Index of the greatest table day <= 'date' (caller checks the range). */
static size_t
day_on_or_before(const struct pcl_fx *fx, int32_t date)
{
	size_t lo = 0, hi = fx->ndays;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (fx->days[mid] <= date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* Penultimate Wednesday of the calendar month before 'date'. */
static int32_t
penultimate_wednesday_before(int32_t date)
{
	int y, m, d;
	int32_t last;

	pcl_date_to_ymd(date, &y, &m, &d);
	last = date - (d - 1) - 1;	/* last day of the previous month */
	return last - (pcl_date_weekday(last) - 3 + 7) % 7 - 7;
}

/*
 * Selects the rate day for 'date' under 'rule': its index in '*idx' and
 * whether the EU monthly rule applied in '*monthly'. Returns a
 * pcl_fx_status.
 */
static int
select_day(const struct pcl_fx *fx, enum pcl_fx_rule rule, int32_t date,
    size_t *idx, int *monthly)
{
	int32_t key = date, first = fx->days[0], last = fx->days[fx->ndays - 1];

	*monthly = 0;
	if (date == PCL_DATE_NONE)
		return PCL_FX_BEFORE_TABLE;
	if (rule == PCL_FX_EU_MONTHLY && date >= pcl_date_from_ymd(2016, 5, 1)) {
		/*
		 * The rate day is at most 62 days before 'date'; beyond that
		 * the table cannot cover it (and huge day numbers never reach
		 * the calendar arithmetic).
		 */
		if (date > last && date - last > 62)
			return PCL_FX_AFTER_TABLE;
		key = penultimate_wednesday_before(date);
		*monthly = 1;
	}
	if (key < first)
		return PCL_FX_BEFORE_TABLE;
	if (key > last)
		return PCL_FX_AFTER_TABLE;
	*idx = day_on_or_before(fx, key);
	return PCL_FX_OK;
}

int32_t
pcl_fx_rate_date(const struct pcl_fx *fx, enum pcl_fx_rule rule, int32_t date)
{
	size_t i;
	int monthly;

	if (select_day(fx, rule, date, &i, &monthly) != PCL_FX_OK)
		return PCL_DATE_NONE;
	return fx->days[i];
}

/* Rate of 'code' on day 'i' (10^-10 units per EUR), or 0 if none. */
static int64_t
rate_of(const struct pcl_fx *fx, size_t i, const char *code)
{
	size_t c;

	if (code == NULL || strlen(code) != 3)
		return 0;
	if (memcmp(code, FX_BASE, 3) == 0)
		return FX_RATE_ONE;
	for (c = 0; c < fx->ncur; c++)
		if (memcmp(fx->cur[c], code, 3) == 0)
			return fx->rates[i * fx->ncur + c];
	return 0;
}

/*
 * A 'to_minor' outside 0..4 is refused by pcl_money_convert and so gives
 * PCL_FX_OVERFLOW, like an amount out of range.
 */
int
pcl_fx_convert(const struct pcl_fx *fx, enum pcl_fx_rule rule, int32_t date,
    const char *from, const char *to, int to_minor, pcl_i128 value_micros,
    pcl_i128 *out_minor, struct pcl_fx_quote *q)
{
	struct pcl_fx_quote tmp;
	char d[11];
	int64_t rf, rt;
	size_t i;
	int st, monthly;

	if (q == NULL)
		q = &tmp;
	memset(q, 0, sizeof *q);
	q->rate_date = PCL_DATE_NONE;
	q->src = PCL_FX_SRC_TABLE;
	if (from != NULL && to != NULL && strcmp(from, to) == 0) {
		q->src = -1;
		q->num = q->den = 1;
		snprintf(q->source, sizeof q->source, "same currency, no rate");
		if (pcl_money_convert(value_micros, 1, 1, to_minor,
		    out_minor) != PCL_OK)
			return PCL_FX_OVERFLOW;
		return PCL_FX_OK;
	}
	if ((st = select_day(fx, rule, date, &i, &monthly)) != PCL_FX_OK) {
		char f[11];

		pcl_date_format(fx->days[0], f);
		pcl_date_format(fx->days[fx->ndays - 1], d);
		q->past_end = st == PCL_FX_AFTER_TABLE;
		snprintf(q->source, sizeof q->source, "no ECB rate: %s %s to %s",
		    fx->origin == PCL_FX_FILE ? "--fx" : "ecb", f, d);
		return st;
	}
	q->rate_date = fx->days[i];
	pcl_date_format(fx->days[i], d);
	if (monthly)
		snprintf(q->source, sizeof q->source,
		    "ECB %s EU-monthly (UCC-IA Art.146)", d);
	else if (rule == PCL_FX_EU_MONTHLY)
		snprintf(q->source, sizeof q->source,
		    "ECB %s cross (EU before 2016-05-01)", d);
	else
		snprintf(q->source, sizeof q->source, "ECB %s cross", d);
	rf = rate_of(fx, i, from);
	rt = rate_of(fx, i, to);
	if (rf == 0 || rt == 0) {
		snprintf(q->source, sizeof q->source, "no ECB rate for %s on %s",
		    rf == 0 ? from : to, d);
		return PCL_FX_NO_RATE;
	}
	q->num = rt;
	q->den = rf;
	if (pcl_money_convert(value_micros, rt, rf, to_minor, out_minor) !=
	    PCL_OK)
		return PCL_FX_OVERFLOW;
	return PCL_FX_OK;
}

/* ---- the ECB snapshot and the authorities' own sources ----------------- */

enum pcl_fx_origin
pcl_fx_origin(const struct pcl_fx *fx)
{
	return fx->origin;
}

int
pcl_fx_open_ecb_source(struct pcl_fx **out,
    const struct pcl_fxsource_table *src, const char *name,
    const char *sha256, struct pcl_error *err)
{
	struct pcl_fx *fx;
	const struct pcl_fxsource_rate *r;
	size_t n = pcl_fxsource_count(src), i, k;
	pcl_i128 v;
	long ci;
	int st;

	*out = NULL;
	if (n == 0 || pcl_fxsource_at(src, 0) == NULL)
		return pcl_error_set(err, PCL_E_USAGE, "empty ECB table");
	if ((fx = calloc(1, sizeof *fx)) == NULL ||
	    (fx->name = malloc(strlen(name) + 1)) == NULL ||
	    (fx->cur = malloc(FX_MAX_CURRENCIES * sizeof *fx->cur)) == NULL ||
	    (fx->days = malloc(n * sizeof *fx->days)) == NULL) {
		st = pcl_error_set(err, PCL_E_NOMEM, "out of memory reading "
		    "'%s'", name);
		goto fail;
	}
	memcpy(fx->name, name, strlen(name) + 1);
	snprintf(fx->sha256, sizeof fx->sha256, "%s", sha256);
	fx->origin = PCL_FX_SNAPSHOT;
	/* the days (oldest first, as fxsource keeps them) and currencies */
	for (i = 0; i < n; i++) {
		r = pcl_fxsource_at(src, i);
		if (r->quote != PCL_FXQUOTE_FOREIGN_PER_LOCAL) {
			st = pcl_error_set(err, PCL_E_USAGE, "'%s' is not an "
			    "ECB table", name);
			goto fail;
		}
		if (fx->ndays == 0 || fx->days[fx->ndays - 1] != r->date)
			fx->days[fx->ndays++] = r->date;
		if (intern_currency(fx, r->currency) < 0) {
			st = pcl_error_set(err, PCL_E_PARSE, "'%s': more than "
			    "%d currencies", name, FX_MAX_CURRENCIES);
			goto fail;
		}
	}
	if (fx->ndays > FX_MAX_CELLS / fx->ncur) {
		st = pcl_error_set(err, PCL_E_PARSE, "'%s': table too large",
		    name);
		goto fail;
	}
	if ((fx->rates = calloc(fx->ndays * fx->ncur, sizeof *fx->rates)) ==
	    NULL) {
		st = pcl_error_set(err, PCL_E_NOMEM, "out of memory reading "
		    "'%s'", name);
		goto fail;
	}
	for (i = 0, k = 0; i < n; i++) {
		r = pcl_fxsource_at(src, i);
		while (fx->days[k] != r->date)
			k++;
		ci = intern_currency(fx, r->currency);
		if (pcl_money_parse_rate(r->rate, strlen(r->rate), &v) !=
		    PCL_MONEY_OK || v > INT64_MAX) {
			char d[11];

			pcl_date_format(r->date, d);
			st = pcl_error_set(err, PCL_E_PARSE, "'%s': rate '%s' "
			    "of %s on %s is not a decimal of at most 10 places",
			    name, r->rate, r->currency, d);
			goto fail;
		}
		fx->rates[k * fx->ncur + (size_t)ci] = (int64_t)v;
	}
	*out = fx;
	return PCL_OK;
fail:
	pcl_fx_free(fx);
	return st;
}

int
pcl_fx_attach(struct pcl_fx *fx, enum pcl_fxsource s,
    struct pcl_fxsource_table *t, const char *name, const char *sha256,
    struct pcl_error *err)
{
	struct fx_auth *a;

	if (s <= PCL_FXSOURCE_ECB || s > PCL_FXSOURCE_RBA ||
	    fx->auth[s].t != NULL) {
		pcl_fxsource_free(t);
		return pcl_error_set(err, PCL_E_USAGE, "cannot attach source "
		    "%d", (int)s);
	}
	a = &fx->auth[s];
	if ((a->name = malloc(strlen(name) + 1)) == NULL) {
		pcl_fxsource_free(t);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	memcpy(a->name, name, strlen(name) + 1);
	snprintf(a->sha256, sizeof a->sha256, "%s", sha256);
	a->t = t;
	return PCL_OK;
}

const struct pcl_fxsource_table *
pcl_fx_attached(const struct pcl_fx *fx, enum pcl_fxsource s)
{
	return s > PCL_FXSOURCE_ECB && s <= PCL_FXSOURCE_RBA ?
	    fx->auth[s].t : NULL;
}

const char *
pcl_fx_attached_name(const struct pcl_fx *fx, enum pcl_fxsource s)
{
	return pcl_fx_attached(fx, s) != NULL ? fx->auth[s].name : "";
}

const char *
pcl_fx_attached_sha256(const struct pcl_fx *fx, enum pcl_fxsource s)
{
	return pcl_fx_attached(fx, s) != NULL ? fx->auth[s].sha256 : "";
}

int
pcl_fx_source_of(const char *j)
{
	static const struct {
		const char	*jur;
		int		 src;
	} map[] = {
		{ "EU", PCL_FXSOURCE_ECB }, { "GB", PCL_FXSOURCE_HMRC },
		{ "US", PCL_FXSOURCE_FRB }, { "CA", PCL_FXSOURCE_BOC },
		{ "AU", PCL_FXSOURCE_RBA }
	};
	size_t i;

	for (i = 0; j != NULL && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(j, map[i].jur) == 0)
			return map[i].src;
	return 0;
}

/* The publisher's name as fx_source shows it. */
static const char *
publisher(enum pcl_fxsource s)
{
	switch (s) {
	case PCL_FXSOURCE_HMRC:	return "HMRC";
	case PCL_FXSOURCE_FRB:	return "FRB";
	case PCL_FXSOURCE_BOC:	return "BoC";
	case PCL_FXSOURCE_RBA:	return "RBA";
	default:		return "ECB";
	}
}

/*
 * The value of 1 unit of 'cur' in the authority's currency as num/den,
 * with the rate source 's' picks for key date 'key'; 1/1 for the
 * authority's currency itself. Returns PCL_OK or PCL_E_NOTFOUND.
 */
static int
to_local(const struct pcl_fxsource_table *t, enum pcl_fxsource s,
    int32_t key, const char *cur, pcl_i128 *num, pcl_i128 *den,
    struct pcl_fxsource_pick *pk)
{
	struct pcl_error e;
	pcl_i128 r;

	pk->rate = NULL;
	if (strcmp(cur, pcl_fxsource_currency(s)) == 0) {
		*num = *den = 1;
		return PCL_OK;
	}
	if (pcl_fxsource_pick(t, s, key, cur, pk, &e) != PCL_OK)
		return PCL_E_NOTFOUND;
	if (pcl_money_parse_rate(pk->rate->rate, strlen(pk->rate->rate), &r) !=
	    PCL_MONEY_OK) {
		pk->rate = NULL;
		return PCL_E_NOTFOUND;	/* more than 10 decimals: never */
	}
	if (pk->rate->quote == PCL_FXQUOTE_LOCAL_PER_FOREIGN) {
		*num = r;
		*den = FX_RATE_ONE;
	} else {
		*num = FX_RATE_ONE;
		*den = r;
	}
	return PCL_OK;
}

static pcl_i128
gcd128(pcl_i128 a, pcl_i128 b)
{
	while (b != 0) {
		pcl_i128 t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* fx_source text for a rate picked by 'pk' of source 's'. */
static void
describe(char *buf, size_t size, enum pcl_fxsource s,
    const struct pcl_fxsource_pick *pk)
{
	char d[11];
	int y, m, dd;

	pcl_date_format(pk->rate->date, d);
	switch (pk->rule) {
	case PCL_FXRULE_MONTHLY:
		pcl_date_to_ymd(pk->rate->date, &y, &m, &dd);
		snprintf(buf, size, "HMRC %04d-%02d monthly", y, m);
		break;
	case PCL_FXRULE_QUARTERLY:
		snprintf(buf, size, "FRB %s quarterly (19 CFR 159.34)", d);
		break;
	case PCL_FXRULE_DAILY_VARIANCE:
		snprintf(buf, size, "FRB %s daily, 5%% variance (159.34)", d);
		break;
	case PCL_FXRULE_PREVIOUS_DAY:
		snprintf(buf, size, "RBA %s (from the next day)", d);
		break;
	default:
		if (s == PCL_FXSOURCE_FRB)
			snprintf(buf, size, "FRB %s daily (19 CFR 159.35)", d);
		else
			snprintf(buf, size, "%s %s daily", publisher(s), d);
		break;
	}
}

int
pcl_fx_convert_for(const struct pcl_fx *fx, const char *jurisdiction,
    enum pcl_fx_rule rule, int32_t date, int32_t dispatch, const char *from,
    const char *to, int to_minor, pcl_i128 value_micros,
    pcl_i128 *out_minor, struct pcl_fx_quote *q)
{
	struct pcl_fx_quote tmp;
	struct pcl_fxsource_pick pf, pt;
	const struct pcl_fxsource_table *t;
	enum pcl_fxsource s;
	pcl_i128 nf, df, nt, dt, num, den, g;
	int32_t key;
	char f[11], l[11];

	s = (enum pcl_fxsource)pcl_fx_source_of(jurisdiction);
	t = pcl_fx_attached(fx, s);
	if (t == NULL || from == NULL || to == NULL || strcmp(from, to) == 0)
		return pcl_fx_convert(fx, rule, date, from, to, to_minor,
		    value_micros, out_minor, q);
	if (q == NULL)
		q = &tmp;
	memset(q, 0, sizeof *q);
	q->rate_date = PCL_DATE_NONE;
	q->src = (int)s;
	/* the date of exportation or direct shipment, where the rule keys
	 * on it; GB keys on the date of acceptance */
	key = s != PCL_FXSOURCE_HMRC && dispatch != PCL_DATE_NONE ? dispatch :
	    date;
	if (key == PCL_DATE_NONE ||
	    to_local(t, s, key, from, &nf, &df, &pf) != PCL_OK ||
	    to_local(t, s, key, to, &nt, &dt, &pt) != PCL_OK) {
		pcl_date_format(pcl_fxsource_first(t), f);
		pcl_date_format(pcl_fxsource_last(t), l);
		q->past_end = key != PCL_DATE_NONE &&
		    key > pcl_fxsource_last(t);
		if (key != PCL_DATE_NONE && key >= pcl_fxsource_first(t) &&
		    !q->past_end)
			/* in the source's dates: the currency is not quoted */
			snprintf(q->source, sizeof q->source, "no %s rate for "
			    "%s", publisher(s), pf.rate == NULL &&
			    strcmp(from, pcl_fxsource_currency(s)) != 0 ?
			    from : to);
		else
			snprintf(q->source, sizeof q->source, "no %s rate: %s "
			    "%s to %s", publisher(s), pcl_fxsource_name(s), f,
			    l);
		return q->past_end ? PCL_FX_AFTER_TABLE : PCL_FX_NO_RATE;
	}
	/* from -> local -> to: (nf/df) * (dt/nt) */
	num = nf * dt;
	den = df * nt;
	g = gcd128(num, den);
	num /= g;
	den /= g;
	q->num = num;
	q->den = den;
	if (pf.rate == NULL)
		pf = pt;
	q->rate_date = pf.rate->date;
	describe(q->source, sizeof q->source, s, &pf);
	if (pcl_money_convert(value_micros, num, den, to_minor, out_minor) !=
	    PCL_OK)
		return PCL_FX_OVERFLOW;
	return PCL_FX_OK;
}
