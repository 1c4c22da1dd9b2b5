/*
 * datafile: reads small CSV data files with libcsv (see datafile.h).
 * The text is fed to libcsv one physical line at a time, so the line
 * where each record starts is known and at most one record completes per
 * call; blank and comment lines are recognised before they reach libcsv.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "datafile.h"
#include "digest.h"
#include "embed.h"
#include "errloc.h"
#include "readfile.h"
#include "banned.h"

struct pcl_datafile {
	char		*own;		/* bytes read from a path, or NULL */
	const char	*data;
	size_t		 len, pos;
	char		 name[256];
	char		 sha[65];
	int		 have_sha;
	struct pcl_datafile_opts o;
	struct csv_parser csv;
	char		*buf;		/* fields of the record, NUL after each */
	size_t		 blen, bcap;
	size_t		*off, *flen;
	char		**f;
	size_t		 nf, fcap;
	unsigned long	 lines;		/* physical lines consumed */
	unsigned long	 nread;		/* records read, header included */
	unsigned long	 rec_line;	/* first line of the current record */
	unsigned long	 blank;		/* first blank line before it, or 0 */
	size_t		 rec_off;
	int		 row_done;	/* libcsv ended the record */
	int		 fail;		/* error met in a callback, or 0 */
	char		 fail_msg[128];
	int		 stuck;		/* error returned; no more records */
};

/* Keeps every space: libcsv trims unquoted fields by default. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
grow_fields(struct pcl_datafile *d)
{
	size_t ncap = d->fcap == 0 ? 32 : d->fcap * 2;
	size_t *no, *nl;
	char **nf;

	if ((no = realloc(d->off, ncap * sizeof *no)) == NULL)
		return -1;
	d->off = no;
	if ((nl = realloc(d->flen, ncap * sizeof *nl)) == NULL)
		return -1;
	d->flen = nl;
	if ((nf = realloc(d->f, ncap * sizeof *nf)) == NULL)
		return -1;
	d->f = nf;
	d->fcap = ncap;
	return 0;
}

/* libcsv field callback: copies the field once into the record buffer. */
static void
on_field(void *s, size_t len, void *arg)
{
	struct pcl_datafile *d = arg;
	char *nb;

	if (d->fail)
		return;
	if (d->nf >= d->o.max_cols) {
		d->fail = PCL_E_PARSE;
		snprintf(d->fail_msg, sizeof d->fail_msg, "more than %zu "
		    "fields", d->o.max_cols);
		return;
	}
	if (len > d->o.max_field) {
		d->fail = PCL_E_TOOBIG;
		snprintf(d->fail_msg, sizeof d->fail_msg, "field %zu is longer "
		    "than %zu bytes", d->nf + 1, d->o.max_field);
		return;
	}
	if (d->nf == d->fcap && grow_fields(d) != 0)
		goto nomem;
	if (d->blen + len + 1 > d->bcap) {
		size_t ncap = (d->blen + len + 1) * 2;

		if ((nb = realloc(d->buf, ncap)) == NULL)
			goto nomem;
		d->buf = nb;
		d->bcap = ncap;
	}
	if (len > 0)
		memcpy(d->buf + d->blen, s, len);
	d->buf[d->blen + len] = '\0';
	d->off[d->nf] = d->blen;
	d->flen[d->nf] = len;
	d->nf++;
	d->blen += len + 1;
	return;
nomem:
	d->fail = PCL_E_NOMEM;
	snprintf(d->fail_msg, sizeof d->fail_msg, "out of memory");
}

/* libcsv record callback. */
static void
on_row(int c, void *arg)
{
	struct pcl_datafile *d = arg;

	(void)c;
	d->row_done = 1;
}

/* End of the physical line starting at 'p': after its CRLF, LF or CR. */
static size_t
line_end(const struct pcl_datafile *d, size_t p, size_t *content)
{
	const char *s = d->data;

	while (p < d->len && s[p] != '\n' && s[p] != '\r')
		p++;
	*content = p;
	if (p < d->len && s[p] == '\r')
		p++;
	else if (p < d->len)
		return p + 1;
	if (p < d->len && s[p] == '\n')
		p++;
	return p;
}

static int
datafile_new(struct pcl_datafile **out, const char *name,
    const struct pcl_datafile_opts *o, struct pcl_error *err)
{
	struct pcl_datafile *d;

	*out = NULL;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	if (o != NULL)
		d->o = *o;
	if (d->o.max_file == 0)
		d->o.max_file = PCL_DATAFILE_MAX_FILE;
	if (d->o.max_field == 0)
		d->o.max_field = PCL_DATAFILE_MAX_FIELD;
	if (d->o.max_cols == 0)
		d->o.max_cols = PCL_DATAFILE_MAX_COLS;
	snprintf(d->name, sizeof d->name, "%s", name);
	if (csv_init(&d->csv, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0) {
		free(d);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	csv_set_space_func(&d->csv, no_space);
	csv_set_blk_size(&d->csv, 4096);
	*out = d;
	return PCL_OK;
}

/* Skips a UTF-8 byte order mark at the start of the text. */
static void
skip_bom(struct pcl_datafile *d)
{
	if (d->len >= 3 && memcmp(d->data, "\xef\xbb\xbf", 3) == 0)
		d->pos = 3;
}

int
pcl_datafile_open_buffer(struct pcl_datafile **out, const char *name,
    const char *data, size_t len, const struct pcl_datafile_opts *o,
    struct pcl_error *err)
{
	int rc;

	if ((rc = datafile_new(out, name, o, err)) != PCL_OK)
		return rc;
	(*out)->data = data;
	(*out)->len = len;
	skip_bom(*out);
	return PCL_OK;
}

int
pcl_datafile_open(struct pcl_datafile **out, const char *path,
    const char *embedded, const struct pcl_datafile_opts *o,
    struct pcl_error *err)
{
	const unsigned char *edata;
	struct pcl_datafile *d;
	char name[256];
	size_t elen;
	int rc;

	*out = NULL;
	if (path == NULL) {
		if (embedded == NULL || !pcl_embed_find(embedded, &edata,
		    &elen))
			return pcl_error_set(err, PCL_E_IO, "no embedded '%s'",
			    embedded != NULL ? embedded : "");
		snprintf(name, sizeof name, "embedded:%s", embedded);
		return pcl_datafile_open_buffer(out, name,
		    (const char *)edata, elen, o, err);
	}
	if ((rc = datafile_new(&d, path, o, err)) != PCL_OK)
		return rc;
	if ((rc = pcl_readfile_all(path, d->o.max_file, &d->own, &d->len,
	    err)) != PCL_OK) {
		pcl_datafile_close(d);
		return rc;
	}
	d->data = d->own;
	skip_bom(d);
	*out = d;
	return PCL_OK;
}

/* Sets the sticky error of 'd' and fills 'err' at the current record. */
static int
fail(struct pcl_datafile *d, struct pcl_error *err, int code,
    const char *msg)
{
	d->stuck = code;
	return pcl_datafile_error(d, err, code, NULL, "%s", msg);
}

int
pcl_datafile_next(struct pcl_datafile *d, struct pcl_error *err)
{
	size_t end, content, n, i;
	int eof;

	if (d->stuck)
		return d->stuck;
	d->nf = 0;
	d->blen = 0;
	d->row_done = 0;
	d->blank = 0;
	/* Blank and comment lines between records. */
	for (;;) {
		if (d->pos >= d->len)
			return PCL_END;
		end = line_end(d, d->pos, &content);
		if (content == d->pos) {
			if (d->blank == 0)
				d->blank = d->lines + 1;
		} else if (!(d->o.comments && d->data[d->pos] == '#')) {
			break;
		}
		d->lines++;
		d->pos = end;
	}
	d->nread++;
	d->rec_line = d->lines + 1;
	d->rec_off = d->pos;
	for (;;) {
		end = line_end(d, d->pos, &content);
		n = csv_parse(&d->csv, d->data + d->pos, end - d->pos,
		    on_field, on_row, d);
		d->lines++;
		if (d->fail)
			return fail(d, err, d->fail, d->fail_msg);
		if (n != end - d->pos) {
			char msg[128];

			if (csv_error(&d->csv) != CSV_EPARSE)
				return fail(d, err, PCL_E_NOMEM,
				    "out of memory");
			snprintf(msg, sizeof msg, "field %zu: a quote inside "
			    "an unquoted field, or text after a closing "
			    "quote", d->nf + 1);
			return fail(d, err, PCL_E_PARSE, msg);
		}
		d->pos = end;
		if (d->row_done)
			break;
		if (csv_get_buffer_size(&d->csv) > d->o.max_field + 4096) {
			char msg[128];

			snprintf(msg, sizeof msg, "field %zu is longer than "
			    "%zu bytes", d->nf + 1, d->o.max_field);
			return fail(d, err, PCL_E_TOOBIG, msg);
		}
		eof = d->pos >= d->len;
		if (eof) {
			if (csv_fini(&d->csv, on_field, on_row, d) != 0)
				return fail(d, err, PCL_E_PARSE, "unterminated "
				    "quoted field");
			if (d->fail)
				return fail(d, err, d->fail, d->fail_msg);
			break;
		}
	}
	for (i = 0; i < d->nf; i++)
		d->f[i] = d->buf + d->off[i];
	return PCL_OK;
}

int
pcl_datafile_header(struct pcl_datafile *d, const char *const *cols,
    size_t ncols, struct pcl_error *err)
{
	size_t i;
	int rc;

	rc = pcl_datafile_next(d, err);
	if (rc == PCL_END)
		return pcl_errloc_set(err, PCL_E_PARSE, d->name, 0, 1, NULL,
		    "no header");
	if (rc != PCL_OK)
		return rc;
	if (d->nf != ncols)
		return pcl_datafile_error(d, err, PCL_E_PARSE, NULL, "header "
		    "has %zu columns, expected %zu", d->nf, ncols);
	for (i = 0; i < ncols; i++)
		if (strcmp(d->f[i], cols[i]) != 0)
			return pcl_datafile_error(d, err, PCL_E_PARSE, cols[i],
			    "header column %zu is '%s', expected '%s'", i + 1,
			    d->f[i], cols[i]);
	return PCL_OK;
}

int
pcl_datafile_row(struct pcl_datafile *d, size_t ncols, struct pcl_error *err)
{
	int rc;

	if ((rc = pcl_datafile_next(d, err)) != PCL_OK)
		return rc;
	if (d->nf != ncols)
		return pcl_datafile_error(d, err, PCL_E_PARSE, NULL, "%zu "
		    "fields, expected %zu", d->nf, ncols);
	return PCL_OK;
}

size_t
pcl_datafile_nfields(const struct pcl_datafile *d)
{
	return d->nf;
}

char **
pcl_datafile_fields(const struct pcl_datafile *d)
{
	return d->f;
}

const char *
pcl_datafile_field(const struct pcl_datafile *d, size_t i)
{
	return d->f[i];
}

size_t
pcl_datafile_len(const struct pcl_datafile *d, size_t i)
{
	return d->flen[i];
}

unsigned long
pcl_datafile_record(const struct pcl_datafile *d)
{
	return d->nread > 0 ? d->nread - 1 : 0;
}

unsigned long
pcl_datafile_line(const struct pcl_datafile *d)
{
	return d->rec_line;
}

size_t
pcl_datafile_offset(const struct pcl_datafile *d)
{
	return d->rec_off;
}

unsigned long
pcl_datafile_blank(const struct pcl_datafile *d)
{
	return d->blank;
}

const char *
pcl_datafile_name(const struct pcl_datafile *d)
{
	return d->name;
}

size_t
pcl_datafile_size(const struct pcl_datafile *d)
{
	return d->len;
}

const char *
pcl_datafile_sha256(struct pcl_datafile *d)
{
	if (!d->have_sha) {
		pcl_digest_buffer(d->data, d->len, d->sha);
		d->have_sha = 1;
	}
	return d->sha;
}

int
pcl_datafile_error(const struct pcl_datafile *d, struct pcl_error *err,
    int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = pcl_errloc_setv(err, code, d->name, pcl_datafile_record(d),
	    d->rec_line, field, fmt, ap);
	va_end(ap);
	if (err != NULL)
		err->offset = d->rec_off;
	return code;
}

void
pcl_datafile_close(struct pcl_datafile *d)
{
	if (d == NULL)
		return;
	csv_free(&d->csv);
	free(d->own);
	free(d->buf);
	free(d->off);
	free(d->flen);
	free(d->f);
	free(d);
}
