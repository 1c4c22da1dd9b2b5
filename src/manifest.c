/*
 * manifest: the strict CSV record reader. zlib reads the file (plain or
 * every gzip member), libcsv parses it one line at a time in strict mode,
 * and this module counts records, physical lines and byte offsets.
 *
 * Rules the callers see:
 * - A physical line ends at LF (a CR before it belongs to the line end),
 *   or at CR when the first line end of the file is a lone CR. libcsv
 *   still ends a record at any unquoted CR or LF, so a lone CR inside an
 *   LF file ends a record without ending the line.
 * - A blank line is a line with nothing but its line end, outside a
 *   record. It is counted, never returned. (CSV_REPALL_NL is not used:
 *   with CRLF it reports the LF as a second, empty row; the line
 *   content tells blank lines apart more simply.)
 * - After a strict quote error the rest of that physical line is dropped
 *   and belongs to the bad record; parsing restarts at the next line.
 * - A field over max_field_bytes makes the record TOOBIG. A completed
 *   field is measured exactly. A field still open (an unclosed quote
 *   swallowing lines) is noticed, from libcsv's buffer size, within one
 *   growth step past the cap; the record then ends at the end of the
 *   current physical line, the lines it swallowed belong to it, and
 *   parsing restarts at the next line.
 * - Status order: QUOTE or TOOBIG (found while parsing), then
 *   FIELD_COUNT, then the first field that is not UTF-8 or holds a NUL.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <zlib.h>

#include "manifest.h"
#include "banned.h"

#define IN_BUF_SIZE	(1u << 20)	/* our decompressed input window */
#define GZ_BUF_SIZE	(1u << 17)	/* zlib's own buffer; < IN_BUF_SIZE/2 */
#define FIELDS_INIT	64

/*
 * How the input is cut before it goes to libcsv. A segment ends at the
 * first CR or LF (a CRLF pair stays together); a physical line ends at an
 * LF, or at a CR in a CR-only file. Each segment holds at most one record
 * end, so at most one record completes per csv_parse call.
 */
enum seg_kind {
	SEG_LINE,	/* ends at a physical line end */
	SEG_TERM,	/* ends at a CR (LF file) or LF (CR file): not a line end */
	SEG_PART,	/* no terminator, more input follows */
	SEG_LAST	/* no terminator, end of input */
};

struct pcl_manifest {
	gzFile			 gz;
	int			 gzip;
	char			 path[256];
	struct csv_parser	 csv;
	char			 delim;
	size_t			 max_field;
	size_t			 max_cols;
	size_t			 blk;		/* libcsv buffer growth step */
	size_t			 csv_limit;	/* libcsv buffer size meaning "field over cap" */

	unsigned char		*buf;		/* input window */
	size_t			 cap, pos, len;
	int			 eof;
	int			 cr_mode;	/* lines end at CR (old Mac files) */
	int			 sticky;	/* error that ended the input, or 0 */
	char			 sticky_msg[256];

	unsigned long long	 consumed;	/* decompressed bytes consumed */
	unsigned long		 lines_done;	/* physical lines completed */
	int			 mid_line;	/* bytes consumed since the last line end */
	unsigned long		 blank;
	unsigned long		 nrec;

	/* the record being read */
	int			 in_rec;
	int			 skipping;	/* discarding up to the next line end */
	int			 row_done;	/* libcsv reported the end of the row */
	int			 nomem;
	unsigned long		 r_line;
	unsigned long		 r_lines;
	unsigned long long	 r_off;
	enum pcl_record_status	 r_status;
	size_t			 r_bad;
	size_t			 nf, fcap;
	size_t			*offs;
	size_t			*lens;
	const char		**ptrs;
	char			*arena;
	size_t			 aused, acap;

	/* header */
	size_t			 ncols;
	char			**cols;
};

/* Keeps every space: libcsv trims unquoted fields by default. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
parser_init(struct pcl_manifest *m)
{
	if (csv_init(&m->csv, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0)
		return PCL_E_NOMEM;
	csv_set_delim(&m->csv, (unsigned char)m->delim);
	csv_set_space_func(&m->csv, no_space);
	csv_set_blk_size(&m->csv, m->blk);
	return PCL_OK;
}

/*
 * Discards libcsv's partial record and its (possibly oversized) buffer.
 * csv_fini cannot be used alone: under CSV_STRICT_FINI it returns early,
 * without resetting, when a quoted field is open.
 */
static void
parser_reset(struct pcl_manifest *m)
{
	csv_free(&m->csv);
	(void)parser_init(m);
}

static int
set_err(struct pcl_manifest *m, struct pcl_error *err, int code,
    const char *msg)
{
	if (err == NULL)
		return code;
	(void)pcl_error_set(err, code, "%s", msg);
	snprintf(err->file, sizeof err->file, "%s", m->path);
	err->record = m->nrec + 1;
	err->line = m->in_rec ? m->r_line : m->lines_done + 1;
	err->offset = m->consumed;
	return code;
}

/* Makes 'code' the answer to every later read, and reports it. */
static int PCL_PRINTF(4, 5)
stick(struct pcl_manifest *m, struct pcl_error *err, int code,
    const char *fmt, ...)
{
	va_list ap;

	m->sticky = code;
	va_start(ap, fmt);
	vsnprintf(m->sticky_msg, sizeof m->sticky_msg, fmt, ap);
	va_end(ap);
	return set_err(m, err, code, m->sticky_msg);
}

/* Moves the unconsumed tail to the front and reads more input. */
static int
fill(struct pcl_manifest *m, struct pcl_error *err)
{
	const char *zmsg, *colon;
	int n, errnum;

	if (m->pos > 0) {
		memmove(m->buf, m->buf + m->pos, m->len - m->pos);
		m->len -= m->pos;
		m->pos = 0;
	}
	if (m->len == m->cap || m->eof)
		return PCL_OK;
	n = gzread(m->gz, m->buf + m->len, (unsigned)(m->cap - m->len));
	if (n > 0) {
		m->len += (size_t)n;
		return PCL_OK;
	}
	zmsg = gzerror(m->gz, &errnum);
	if (n == 0 && errnum == Z_OK) {
		m->eof = 1;
		return PCL_OK;
	}
	/* zlib prefixes its message with "<fd:N>: " */
	colon = strstr(zmsg, ": ");
	if (colon != NULL)
		zmsg = colon + 2;
	switch (errnum) {
	case Z_ERRNO:
		return stick(m, err, PCL_E_IO, "cannot read '%s': %s",
		    m->path, strerror(errno));
	case Z_BUF_ERROR:
		return stick(m, err, PCL_E_GZIP, "truncated gzip stream");
	case Z_MEM_ERROR:
		return stick(m, err, PCL_E_NOMEM, "out of memory");
	default:
		return stick(m, err, PCL_E_GZIP, "corrupt gzip stream: %s",
		    zmsg);
	}
}

/*
 * Finds the next segment at m->pos (see enum seg_kind). Returns PCL_OK,
 * PCL_END when the input is exhausted, or a read error.
 */
static int
next_segment(struct pcl_manifest *m, size_t *seglen, enum seg_kind *kind,
    struct pcl_error *err)
{
	const unsigned char *p, *e, *s;
	size_t avail, n, region;
	int pc = m->cr_mode ? '\r' : '\n';
	int sc = m->cr_mode ? '\n' : '\r';
	int rc;

	for (;;) {
		avail = m->len - m->pos;
		if (avail == 0) {
			if (m->eof)
				return PCL_END;
			if ((rc = fill(m, err)) != PCL_OK)
				return rc;
			continue;
		}
		p = m->buf + m->pos;
		e = memchr(p, pc, avail);
		if (e != NULL) {
			n = (size_t)(e - p) + 1;
			region = n - 1;
			if (!m->cr_mode) {
				if (region > 0 && p[region - 1] == '\r')
					region--;
			} else if (n < avail) {
				if (p[n] == '\n')
					n++;
			} else if (!m->eof)
				goto more;	/* is the CR followed by LF? */
			s = region > 0 ? memchr(p, sc, region) : NULL;
			if (s != NULL) {
				*seglen = (size_t)(s - p) + 1;
				*kind = SEG_TERM;
			} else {
				*seglen = n;
				*kind = SEG_LINE;
			}
			return PCL_OK;
		}
		if (m->eof) {
			s = memchr(p, sc, avail);
			*seglen = s != NULL ? (size_t)(s - p) + 1 : avail;
			*kind = s != NULL ? SEG_TERM : SEG_LAST;
			return PCL_OK;
		}
more:
		if (m->pos > 0 || m->len < m->cap) {
			if ((rc = fill(m, err)) != PCL_OK)
				return rc;
			continue;
		}
		/*
		 * The window holds one unfinished line: feed all of it but
		 * the last byte, which may be the CR of a CRLF.
		 */
		region = avail - 1;
		s = memchr(p, sc, region);
		*seglen = s != NULL ? (size_t)(s - p) + 1 : region;
		*kind = s != NULL ? SEG_TERM : SEG_PART;
		return PCL_OK;
	}
}

static void
consume(struct pcl_manifest *m, size_t n, enum seg_kind kind)
{
	m->pos += n;
	m->consumed += n;
	if (kind == SEG_LINE) {
		m->lines_done++;
		m->mid_line = 0;
	} else if (n > 0)
		m->mid_line = 1;
}

static int
grow_fields(struct pcl_manifest *m)
{
	size_t ncap = m->fcap * 2;
	size_t *o, *l;
	const char **p;

	if (ncap > m->max_cols)
		ncap = m->max_cols;
	o = realloc(m->offs, ncap * sizeof *o);
	if (o == NULL)
		return -1;
	m->offs = o;
	l = realloc(m->lens, ncap * sizeof *l);
	if (l == NULL)
		return -1;
	m->lens = l;
	p = realloc(m->ptrs, ncap * sizeof *p);
	if (p == NULL)
		return -1;
	m->ptrs = p;
	m->fcap = ncap;
	return 0;
}

/* libcsv field callback: copies the field into the record arena. */
static void
on_field(void *data, size_t len, void *arg)
{
	struct pcl_manifest *m = arg;
	size_t need;
	char *a;

	if (m->r_status != PCL_REC_OK || m->nomem)
		return;
	if (m->nf == m->max_cols || len > m->max_field) {
		m->r_status = PCL_REC_TOOBIG;
		m->r_bad = m->nf;
		return;
	}
	if (m->nf == m->fcap && grow_fields(m) != 0) {
		m->nomem = 1;
		return;
	}
	need = m->aused + len + 1;
	if (need > m->acap) {
		size_t ncap = m->acap * 2;

		while (ncap < need)
			ncap *= 2;
		a = realloc(m->arena, ncap);
		if (a == NULL) {
			m->nomem = 1;
			return;
		}
		m->arena = a;
		m->acap = ncap;
	}
	if (len > 0)
		memcpy(m->arena + m->aused, data, len);
	m->arena[m->aused + len] = '\0';
	m->offs[m->nf] = m->aused;
	m->lens[m->nf] = len;
	m->nf++;
	m->aused = need;
}

/* libcsv row callback. */
static void
on_row(int c, void *arg)
{
	struct pcl_manifest *m = arg;

	(void)c;
	m->row_done = 1;
}

static void
begin_record(struct pcl_manifest *m)
{
	m->in_rec = 1;
	m->row_done = 0;
	m->r_line = m->lines_done + 1;
	m->r_off = m->consumed;
	m->r_status = PCL_REC_OK;
	m->r_bad = 0;
	m->nf = 0;
	m->aused = 0;
}

/* Closes the record whose last physical line is 'last'. */
static void
finish_record(struct pcl_manifest *m, unsigned long last)
{
	size_t i;

	m->r_lines = last >= m->r_line ? last - m->r_line + 1 : 1;
	m->in_rec = 0;
	m->skipping = 0;
	m->row_done = 0;
	for (i = 0; i < m->nf; i++)
		m->ptrs[i] = m->arena + m->offs[i];
	/* a field over the cap left libcsv's buffer large: start afresh */
	if (csv_get_buffer_size(&m->csv) > m->csv_limit)
		parser_reset(m);
}

/* Marks the record as 'st' unless it already has a status. */
static void
mark(struct pcl_manifest *m, enum pcl_record_status st)
{
	if (m->r_status == PCL_REC_OK) {
		m->r_status = st;
		m->r_bad = m->nf;
	}
}

static int
only_terminators(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

/*
 * Reads the next record (header included) into the handle. Returns
 * PCL_OK, PCL_END, or an error that ends the input.
 */
static int
read_record(struct pcl_manifest *m, struct pcl_error *err)
{
	const unsigned char *p;
	enum seg_kind kind;
	unsigned long cur;
	size_t n, used;
	int rc;

	if (m->sticky != 0)
		return set_err(m, err, m->sticky, m->sticky_msg);
	for (;;) {
		rc = next_segment(m, &n, &kind, err);
		if (rc == PCL_END)
			break;
		if (rc != PCL_OK)
			return rc;
		p = m->buf + m->pos;
		cur = m->lines_done + 1;
		if (m->skipping) {
			consume(m, n, kind);
			if (kind == SEG_LINE) {
				finish_record(m, cur);
				return PCL_OK;
			}
			continue;
		}
		if (!m->in_rec) {
			if (only_terminators(p, n)) {
				if (kind == SEG_LINE && !m->mid_line)
					m->blank++;
				consume(m, n, kind);
				continue;
			}
			begin_record(m);
		}
		used = csv_parse(&m->csv, p, n, on_field, on_row, m);
		if (m->nomem)
			return stick(m, err, PCL_E_NOMEM, "out of memory");
		consume(m, n, kind);
		if (used < n) {
			if (csv_error(&m->csv) != CSV_EPARSE)
				return stick(m, err, PCL_E_NOMEM,
				    "out of memory");
			/* stray quote: drop the rest of the physical line */
			mark(m, PCL_REC_QUOTE);
			parser_reset(m);
		} else if (m->row_done) {
			finish_record(m, cur);
			return PCL_OK;
		} else if (csv_get_buffer_size(&m->csv) > m->csv_limit) {
			/*
			 * A field in progress is over the cap (an unclosed
			 * quote swallowing lines): the record ends at this
			 * line end, and the lines swallowed belong to it.
			 */
			mark(m, PCL_REC_TOOBIG);
			parser_reset(m);
		} else
			continue;
		if (kind == SEG_LINE) {
			finish_record(m, cur);
			return PCL_OK;
		}
		m->skipping = 1;
	}

	/* end of input */
	cur = m->lines_done + (m->mid_line ? 1 : 0);
	if (m->skipping) {
		finish_record(m, cur);
		return PCL_OK;
	}
	if (!m->in_rec)
		return PCL_END;
	if (csv_fini(&m->csv, on_field, on_row, m) != 0) {
		/* CSV_STRICT_FINI: a quoted field never closed */
		mark(m, PCL_REC_QUOTE);
		parser_reset(m);
	}
	if (m->nomem)
		return stick(m, err, PCL_E_NOMEM, "out of memory");
	finish_record(m, cur);
	return PCL_OK;
}

/*
 * Returns PCL_REC_OK if s[0..n) is valid UTF-8 without NUL bytes, else
 * PCL_REC_NUL or PCL_REC_UTF8 for the first problem, whose byte offset
 * is stored in '*at'. Rejects overlong
 * forms, surrogates, code points above U+10FFFF and cut sequences.
 */
static enum pcl_record_status
check_text(const unsigned char *s, size_t n, size_t *at)
{
	const uint64_t hi = 0x8080808080808080ull;
	const uint64_t lo = 0x0101010101010101ull;
	size_t i = 0;
	uint64_t w;
	unsigned c, c1;

	while (i < n) {
		while (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & hi) != 0 || ((w - lo) & ~w & hi) != 0)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return (*at = i, PCL_REC_NUL);
			i++;
			continue;
		}
		if (c < 0xc2 || c > 0xf4)
			return (*at = i, PCL_REC_UTF8);
		if (i + 1 >= n || (s[i + 1] & 0xc0) != 0x80)
			return (*at = i, PCL_REC_UTF8);
		c1 = s[i + 1];
		if (c < 0xe0) {
			i += 2;
			continue;
		}
		if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) ||
		    (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f))
			return (*at = i, PCL_REC_UTF8);
		if (i + 2 >= n || (s[i + 2] & 0xc0) != 0x80)
			return (*at = i, PCL_REC_UTF8);
		if (c < 0xf0) {
			i += 3;
			continue;
		}
		if (i + 3 >= n || (s[i + 3] & 0xc0) != 0x80)
			return (*at = i, PCL_REC_UTF8);
		i += 4;
	}
	return PCL_REC_OK;
}

/* Checks the text of every field; the first bad one sets the status. */
static void
check_fields(struct pcl_manifest *m)
{
	enum pcl_record_status st;
	size_t i, at;

	for (i = 0; i < m->nf; i++) {
		st = check_text((const unsigned char *)m->ptrs[i], m->lens[i],
		    &at);
		if (st != PCL_REC_OK) {
			m->r_status = st;
			m->r_bad = i;
			return;
		}
	}
}

static int
header_err(struct pcl_manifest *m, struct pcl_error *err, const char *msg)
{
	(void)set_err(m, err, PCL_E_SCHEMA, msg);
	if (err != NULL) {
		err->record = 0;
		err->line = m->r_line;
		err->offset = m->r_off;
	}
	return PCL_E_SCHEMA;
}

/* Reads the header record and keeps a copy of its names. */
static int
read_header(struct pcl_manifest *m, struct pcl_error *err)
{
	size_t i, total = 0;
	char *names;
	int rc;

	rc = read_record(m, err);
	if (rc == PCL_END) {
		m->r_line = m->lines_done;
		m->r_off = 0;
		return header_err(m, err, m->consumed == 0 ?
		    "no header: empty file" : "no header");
	}
	if (rc != PCL_OK)
		return rc;
	switch (m->r_status) {
	case PCL_REC_QUOTE:
		return header_err(m, err,
		    "malformed header: stray or unterminated quote");
	case PCL_REC_TOOBIG:
		return header_err(m, err, "malformed header: over size limit");
	default:
		break;
	}
	check_fields(m);
	if (m->r_status == PCL_REC_UTF8)
		return header_err(m, err, "header not valid utf-8");
	if (m->r_status == PCL_REC_NUL)
		return header_err(m, err, "header contains a nul byte");
	for (i = 0; i < m->nf; i++)
		total += m->lens[i] + 1;
	if (total == m->nf)
		return header_err(m, err, "no header");
	m->cols = malloc(m->nf * sizeof *m->cols + total);
	if (m->cols == NULL)
		return set_err(m, err, PCL_E_NOMEM, "out of memory");
	names = (char *)(m->cols + m->nf);
	memcpy(names, m->arena, total);
	for (i = 0; i < m->nf; i++)
		m->cols[i] = names + m->offs[i];
	m->ncols = m->nf;
	return PCL_OK;
}

/* Skips a UTF-8 BOM and tells CR-only files from LF and CRLF ones. */
static void
sniff(struct pcl_manifest *m)
{
	const unsigned char *p, *cr, *lf;
	size_t n;

	if (m->len >= 3 && memcmp(m->buf, "\xef\xbb\xbf", 3) == 0) {
		m->pos = 3;
		m->consumed = 3;
	}
	p = m->buf + m->pos;
	n = m->len - m->pos;
	cr = memchr(p, '\r', n);
	if (cr == NULL)
		return;
	lf = memchr(p, '\n', (size_t)(cr - p));
	if (lf != NULL)
		return;
	if (cr + 1 < p + n)
		m->cr_mode = cr[1] != '\n';
	else
		m->cr_mode = m->eof;
}

int
pcl_manifest_open(struct pcl_manifest **out, const char *path,
    const struct pcl_manifest_opts *opts, struct pcl_error *err)
{
	struct pcl_manifest *m;
	unsigned char magic[2] = { 0, 0 };
	char msg[256];
	int fd, rc;

	*out = NULL;
	pcl_error_clear(err);
	if (opts != NULL && (opts->delimiter == '"' ||
	    opts->delimiter == '\r' || opts->delimiter == '\n'))
		return pcl_error_set(err, PCL_E_USAGE,
		    "delimiter cannot be a quote or a line end");
	m = calloc(1, sizeof *m);
	if (m == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	snprintf(m->path, sizeof m->path, "%s", path);
	m->delim = opts != NULL && opts->delimiter != 0 ? opts->delimiter : ',';
	m->max_field = opts != NULL && opts->max_field_bytes != 0 ?
	    opts->max_field_bytes : PCL_MANIFEST_MAX_FIELD_DEFAULT;
	m->max_cols = opts != NULL && opts->max_columns != 0 ?
	    opts->max_columns : PCL_MANIFEST_MAX_COLUMNS_DEFAULT;
	m->blk = m->max_field / 4;
	if (m->blk < 64)
		m->blk = 64;
	if (m->blk > 4096)
		m->blk = 4096;
	/* see finish_record: past this the field in progress is over cap */
	m->csv_limit = m->max_field + 2 + m->blk;
	m->cap = IN_BUF_SIZE;
	m->fcap = m->max_cols < FIELDS_INIT ? m->max_cols : FIELDS_INIT;
	m->acap = 4096;
	m->buf = malloc(m->cap);
	m->offs = malloc(m->fcap * sizeof *m->offs);
	m->lens = malloc(m->fcap * sizeof *m->lens);
	m->ptrs = malloc(m->fcap * sizeof *m->ptrs);
	m->arena = malloc(m->acap);
	if (m->buf == NULL || m->offs == NULL || m->lens == NULL ||
	    m->ptrs == NULL || m->arena == NULL || parser_init(m) != PCL_OK) {
		pcl_manifest_close(m);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}

	fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, magic, 2, 0) < 0 ||
	    (m->gz = gzdopen(fd, "rb")) == NULL) {
		snprintf(msg, sizeof msg, "cannot open '%s': %s", path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		rc = set_err(m, err, PCL_E_IO, msg);
		if (err != NULL)
			err->record = err->line = 0;
		pcl_manifest_close(m);
		return rc;
	}
	m->gzip = magic[0] == 0x1f && magic[1] == 0x8b;
	if (gzbuffer(m->gz, GZ_BUF_SIZE) != 0)
		rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	else if ((rc = fill(m, err)) == PCL_OK) {
		sniff(m);
		rc = read_header(m, err);
	}
	if (rc != PCL_OK) {
		if (err != NULL) {
			err->record = 0;
			snprintf(err->file, sizeof err->file, "%s", path);
		}
		pcl_manifest_close(m);
		return rc;
	}
	*out = m;
	return PCL_OK;
}

size_t
pcl_manifest_ncols(const struct pcl_manifest *m)
{
	return m->ncols;
}

const char *
pcl_manifest_colname(const struct pcl_manifest *m, size_t i)
{
	return i < m->ncols ? m->cols[i] : NULL;
}

int
pcl_manifest_is_gzip(const struct pcl_manifest *m)
{
	return m->gzip;
}

int
pcl_manifest_next(struct pcl_manifest *m, struct pcl_record *rec,
    struct pcl_error *err)
{
	int rc;

	rc = read_record(m, err);
	if (rc != PCL_OK)
		return rc;
	m->nrec++;
	if (m->r_status == PCL_REC_OK) {
		if (m->nf != m->ncols) {
			m->r_status = PCL_REC_FIELD_COUNT;
			m->r_bad = m->nf;
		} else
			check_fields(m);
	}
	rec->nfields = m->nf;
	rec->fields = m->ptrs;
	rec->lens = m->lens;
	rec->record = m->nrec;
	rec->line = m->r_line;
	rec->lines = m->r_lines;
	rec->offset = m->r_off;
	rec->status = m->r_status;
	rec->bad_field = m->r_bad;
	return PCL_OK;
}

unsigned long
pcl_manifest_blank_lines(const struct pcl_manifest *m)
{
	return m->blank;
}

unsigned long
pcl_manifest_lines(const struct pcl_manifest *m)
{
	return m->lines_done + (m->mid_line ? 1 : 0);
}

unsigned long long
pcl_manifest_bytes(const struct pcl_manifest *m)
{
	return m->consumed;
}

unsigned long long
pcl_manifest_file_bytes(const struct pcl_manifest *m)
{
	z_off_t off;

	if (m->gz == NULL)
		return 0;
	off = gzoffset(m->gz);
	return off < 0 ? 0 : (unsigned long long)off;
}

int
pcl_manifest_close(struct pcl_manifest *m)
{
	int rc = PCL_OK, zrc;

	if (m == NULL)
		return PCL_OK;
	if (m->gz != NULL) {
		zrc = gzclose(m->gz);
		if (zrc == Z_ERRNO || zrc == Z_STREAM_ERROR)
			rc = PCL_E_IO;
		else if (zrc != Z_OK)
			rc = PCL_E_GZIP;
	}
	csv_free(&m->csv);
	free(m->buf);
	free(m->offs);
	free(m->lens);
	free(m->ptrs);
	free(m->arena);
	free(m->cols);
	free(m);
	return rc;
}

int
pcl_manifest_spool_stdin(char **path, const char *dir, struct pcl_error *err)
{
	char *tmpl, *buf;
	const char *d = dir;
	size_t len, off;
	ssize_t n, w;
	int fd, rc = PCL_OK;

	*path = NULL;
	pcl_error_clear(err);
	if (d == NULL)
		d = getenv("TMPDIR");
	if (d == NULL || *d == '\0')
		d = "/tmp";
	len = strlen(d) + sizeof "/parcelclear-stdin-XXXXXX";
	tmpl = malloc(len);
	buf = malloc(1u << 16);
	if (tmpl == NULL || buf == NULL) {
		free(tmpl);
		free(buf);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	snprintf(tmpl, len, "%s/parcelclear-stdin-XXXXXX", d);
	fd = mkstemp(tmpl);
	if (fd < 0) {
		rc = pcl_error_set(err, PCL_E_WRITE,
		    "cannot create temporary file in '%s': %s", d,
		    strerror(errno));
		free(tmpl);
		free(buf);
		return rc;
	}
	for (;;) {
		n = read(STDIN_FILENO, buf, 1u << 16);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = pcl_error_set(err, PCL_E_IO,
			    "cannot read standard input: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		for (off = 0; off < (size_t)n; off += (size_t)w) {
			w = write(fd, buf + off, (size_t)n - off);
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w <= 0) {
				rc = pcl_error_set(err, PCL_E_WRITE,
				    "cannot write '%s': %s", tmpl,
				    strerror(errno));
				break;
			}
		}
		if (rc != PCL_OK)
			break;
	}
	if (close(fd) != 0 && rc == PCL_OK)
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot write '%s': %s",
		    tmpl, strerror(errno));
	free(buf);
	if (rc != PCL_OK) {
		unlink(tmpl);
		free(tmpl);
		return rc;
	}
	*path = tmpl;
	return PCL_OK;
}

size_t
pcl_manifest_escape(const char *s, size_t n, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t pos = 0, len = 0, at, k;

	while (pos < n) {
		const unsigned char *u = (const unsigned char *)s + pos;

		if (check_text(u, n - pos, &at) == PCL_REC_OK)
			at = n - pos;
		for (k = 0; k < at; k++, len++)
			if (len < cap)
				out[len] = s[pos + k];
		pos += at;
		if (pos < n) {
			char esc[4];

			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[(unsigned char)s[pos] >> 4];
			esc[3] = hex[(unsigned char)s[pos] & 15];
			for (k = 0; k < 4; k++, len++)
				if (len < cap)
					out[len] = esc[k];
			pos++;
		}
	}
	return len;
}
