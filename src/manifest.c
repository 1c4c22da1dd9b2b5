/*
 * manifest: the strict CSV record reader over libcsv. It takes the
 * input's bytes from the byte source (source.c: file, gzip, encoding,
 * digest, spool), parses them one line at a time with libcsv in strict
 * mode, and owns line accounting (records, physical lines, byte
 * offsets), the field and column caps, the UTF-8 checks, and the
 * batches handed over through pcl_pipe. The header record is read like
 * any other and judged by header.c, which also owns the byte-order mark
 * and the delimiter sniffing.
 *
 * Rules the callers see:
 * - A physical line ends at CRLF, at a lone LF or at a lone CR: each
 *   ends exactly one line, inside quotes too (line accounting).
 * - A blank line is a line with nothing but its line end, outside a
 *   record. It is counted, never returned. (CSV_REPALL_NL is not used:
 *   with CRLF it reports the LF as a second, empty row; the line
 *   content tells blank lines apart more simply.)
 * - After a strict quote error the rest of that physical line is dropped
 *   and belongs to the bad record; parsing restarts at the next line.
 * - A field over max_field_bytes makes the record TOOBIG and keeps its
 *   first max_field_bytes bytes (cut at a UTF-8 boundary). A field still
 *   open (a long quoted field running over lines) is noticed between
 *   lines; libcsv then goes on to the field's true end, the closing
 *   quote or the end of the input, while what it gathers is dropped:
 *   no record ever starts inside a quoted field, and memory stays
 *   bounded by the cap and the input window.
 * - Status order: QUOTE or TOOBIG (found while parsing), then
 *   FIELD_COUNT, then the first field that is not UTF-8 or holds a NUL.
 * - A whole line that holds no quote and is not blank is a record of
 *   its own: it is split at the delimiters by fastcsv.c, whose fields go
 *   through the same field callback as libcsv's (caps included), and
 *   libcsv, left between records, reads the next line as if it had read
 *   this one. Every other line goes to libcsv. The 'libcsv_only' option
 *   sends every line to libcsv, for the differential tests.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "manifest.h"
#include "fastcsv.h"
#include "header.h"
#include "pipe.h"
#include "source.h"
#include "banned.h"

/* Overridable so the fuzzer (scripts/fuzz) can reach the window's edges. */
#ifndef IN_BUF_SIZE
#define IN_BUF_SIZE	(1u << 20)	/* our decompressed input window */
#endif

/*
 * Records are read into batches and handed over whole: a batch closes
 * at PCL_MANIFEST_BATCH_RECORDS records or once its field text reaches
 * BATCH_BYTES. The caller may hold PCL_MANIFEST_HOLD_MAX batches; the
 * reader thread fills the others ahead.
 */
#define BATCH_BYTES	((size_t)1 << 20)
#define NBATCH		(PCL_MANIFEST_HOLD_MAX + 2)

/*
 * How the input is cut before it goes to libcsv. A segment ends after
 * the first line end: CRLF, a lone LF or a lone CR, each one physical
 * line end (libcsv ends a record at each of them too, outside quotes).
 * Each segment holds at most one record end, so at most one record
 * completes per csv_parse call.
 */
enum seg_kind {
	SEG_LINE,	/* ends at a physical line end */
	SEG_PART,	/* no line end, more input follows */
	SEG_LAST	/* no line end, end of input */
};

/*
 * A batch of records with their fields: libcsv's field is copied once,
 * into 'arena' (each field followed by its NUL), and stays there until
 * the caller gives the batch back. 'rc' is PCL_OK while more batches
 * follow, else what the next take returns once the records are taken
 * (PCL_END or an error, described by 'err'). The counters are where the
 * input stood after its last record.
 */
struct batch {
	struct pcl_record	*recs;
	size_t			*first;		/* first field of each record */
	size_t			 nrec, caprec;
	size_t			*offs;		/* field offsets in the arena */
	size_t			*lens;
	const char		**ptrs;
	size_t			 nfld, capfld;
	char			*arena;
	size_t			 aused, acap;
	int			 rc;
	struct pcl_error	 err;
	unsigned long		 blank, lines;
	unsigned long long	 bytes, file_bytes;
};

struct pcl_manifest {
	struct pcl_source	*src;		/* the bytes (source.h) */
	char			 path[256];
	char			*opath;		/* the path opened */
	struct csv_parser	 csv;
	char			 delim;
	size_t			 max_field;
	size_t			 max_cols;
	size_t			 blk;		/* libcsv buffer growth step */
	size_t			 csv_limit;	/* libcsv buffer size freed after a record */
	int			 libcsv_only;	/* no fast path (opts.libcsv_only) */

	unsigned char		*buf;		/* input window */
	size_t			 cap, pos, len;
	int			 eof;
	int			 sticky;	/* error that ended the input, or 0 */
	char			 sticky_msg[256];
	/*
	 * A stream error (gzip or --encoding) found while filling the
	 * window: the bytes before it are parsed first, then it is
	 * reported where the reader stands (stop_report).
	 */
	int			 stop;
	char			 stop_msg[160];

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
	int			 raw_open;	/* last field holds a malformed record's raw text */
	int			 f_over;	/* field in progress: over the cap, first bytes kept */
	int			 over_bad;	/* ... and it made the record TOOBIG */
	unsigned long		 seg_line;	/* physical line being parsed */
	unsigned long		 f_line;	/* line where the field in progress began */
	unsigned long		 over_line;	/* ... where the over-cap field began */
	unsigned long		 r_swallowed;	/* lines the offending field ran over */
	unsigned long		 r_line;
	unsigned long		 r_lines;
	unsigned long long	 r_off;
	enum pcl_record_status	 r_status;
	size_t			 r_bad;
	size_t			 nf;		/* its fields so far */
	struct batch		*cur;		/* the batch it is read into */
	size_t			 rf;		/* its first field in 'cur' */
	size_t			 ra;		/* its first arena byte in 'cur' */

	struct pcl_header	*hdr;		/* the header's names (header.h) */
	size_t			 ncols;		/* its column count */

	int			 detected;
	int			 utf16;		/* its first bytes look UTF-16 */

	/* the batches and their hand-off (a thread of the pipe, or none) */
	struct batch		 b[NBATCH];
	void			*bp[NBATCH];	/* their addresses, for the pipe */
	struct pcl_pipe		*pipe;
	size_t			 held;		/* batches taken, not given back */
	int			 done;		/* the last batch was taken */
	int			 done_rc;	/* then: what every take returns */
	struct pcl_error	 done_err;
	struct batch		 seen;		/* counters of the last batch taken */
	/* pcl_manifest_next's place in the batch it holds */
	const struct pcl_record	*nrecs;
	size_t			 nn, npos;
	int			 nholding;
};


/* Keeps every space: libcsv trims unquoted fields by default. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int pipe_start(struct pcl_manifest *m, int thread);

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

/*
 * Moves the unconsumed tail to the front and reads more input. A stream
 * error does not fail here: it sets m->stop, and next_segment reports
 * it once the bytes read before it are used up.
 */
static void
fill(struct pcl_manifest *m)
{
	size_t got;
	int rc;

	if (m->pos > 0) {
		memmove(m->buf, m->buf + m->pos, m->len - m->pos);
		m->len -= m->pos;
		m->pos = 0;
	}
	if (m->cap - m->len < pcl_source_min_room(m->src) || m->eof ||
	    m->stop != 0)
		return;
	rc = pcl_source_read(m->src, m->buf + m->len, m->cap - m->len, &got);
	m->len += got;
	if (rc != PCL_OK) {
		m->stop = rc;
		snprintf(m->stop_msg, sizeof m->stop_msg, "%s",
		    pcl_source_error(m->src));
	} else if (got == 0)
		m->eof = 1;
}

/*
 * Reports the stream error in m->stop where the reader stands: every
 * byte before the fault has been parsed. An encoding error names
 * the record, line and column of the bad byte; a gzip or read error the
 * compressed byte, the record it cuts if any, and the last complete
 * record. Returns m->stop; 'err' gets file, record, line, column and
 * the (decoded) byte offset.
 */
static int
stop_report(struct pcl_manifest *m, struct pcl_error *err)
{
	char msg[512];
	const char *hdr = m->hdr == NULL ? "the header" : NULL;
	unsigned long rec = m->hdr == NULL ? 0 : m->nrec + 1;
	unsigned long line = m->lines_done + 1;
	size_t col = !m->in_rec ? 1 : m->skipping ? 0 : m->nf + 1;
	int cut = m->in_rec || m->stop == PCL_E_SCHEMA;
	char what[64], colbuf[48] = "";

	if (hdr != NULL)
		snprintf(what, sizeof what, "%s", hdr);
	else
		snprintf(what, sizeof what, "record %lu", rec);
	if (col > 0)
		snprintf(colbuf, sizeof colbuf, " at column %zu", col);
	if (m->stop == PCL_E_SCHEMA)
		snprintf(msg, sizeof msg, "%s (%s%s, physical line %lu)",
		    m->stop_msg, what, colbuf, line);
	else if (cut)
		snprintf(msg, sizeof msg, "%s; %s is cut%s, physical line "
		    "%lu; the last complete record is %lu", m->stop_msg, what,
		    colbuf, line, hdr != NULL ? 0ul : m->nrec);
	else if (hdr != NULL)
		snprintf(msg, sizeof msg, "%s; before the header",
		    m->stop_msg);
	else
		snprintf(msg, sizeof msg, "%s; after record %lu, the last "
		    "complete one (line %lu)", m->stop_msg, m->nrec,
		    m->lines_done);
	if (err == NULL)
		return m->stop;
	(void)pcl_error_set(err, m->stop, "%s", msg);
	snprintf(err->file, sizeof err->file, "%s", m->path);
	err->offset = m->consumed;
	if (!cut)
		return m->stop;
	err->record = rec;
	err->line = m->in_rec ? m->r_line : line;
	if (hdr == NULL && col > 0 && col <= m->ncols)
		snprintf(err->field, sizeof err->field, "%s",
		    pcl_header_name(m->hdr, col - 1));
	return m->stop;
}

/*
 * Finds the next segment at m->pos (see enum seg_kind). Returns PCL_OK,
 * PCL_END when the input is exhausted, or a read error.
 */
static int
next_segment(struct pcl_manifest *m, size_t *seglen, enum seg_kind *kind,
    struct pcl_error *err)
{
	const unsigned char *p, *lf, *e;
	size_t avail, n;

	for (;;) {
		avail = m->len - m->pos;
		if (avail == 0) {
			if (m->stop != 0)
				return stop_report(m, err);
			if (m->eof)
				return PCL_END;
			fill(m);
			continue;
		}
		p = m->buf + m->pos;
		lf = memchr(p, '\n', avail);
		e = memchr(p, '\r', lf != NULL ? (size_t)(lf - p) : avail);
		if (e == NULL)
			e = lf;
		if (e != NULL) {
			n = (size_t)(e - p) + 1;
			if (*e == '\r') {
				if (n < avail) {
					if (p[n] == '\n')
						n++;	/* CRLF: one line end */
				} else if (!m->eof && m->stop == 0)
					goto more;	/* is the CR followed by LF? */
			}
			*seglen = n;
			*kind = SEG_LINE;
			return PCL_OK;
		}
		if (m->eof || m->stop != 0) {
			/* the last bytes (before a stream error: then reported) */
			*seglen = avail;
			*kind = SEG_LAST;
			return PCL_OK;
		}
more:
		if (m->pos > 0 ||
		    m->cap - m->len >= pcl_source_min_room(m->src)) {
			fill(m);
			continue;
		}
		/*
		 * The window holds one unfinished line: feed all of it but
		 * the last byte, which may be the CR of a CRLF.
		 */
		*seglen = avail - 1;
		*kind = SEG_PART;
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

/* Makes room in batch 'b' for 'nf' more fields and 'bytes' more text. */
static int
batch_room(struct batch *b, size_t nf, size_t bytes)
{
	if (b->nfld + nf > b->capfld) {
		size_t cap = b->capfld ? b->capfld * 2 : 4096;
		size_t *o, *l;
		const char **p;

		while (cap < b->nfld + nf)
			cap *= 2;
		if ((o = realloc(b->offs, cap * sizeof *o)) == NULL)
			return -1;
		b->offs = o;
		if ((l = realloc(b->lens, cap * sizeof *l)) == NULL)
			return -1;
		b->lens = l;
		if ((p = realloc(b->ptrs, cap * sizeof *p)) == NULL)
			return -1;
		b->ptrs = p;
		b->capfld = cap;
	}
	if (b->aused + bytes > b->acap) {
		size_t cap = b->acap ? b->acap * 2 : 65536;
		char *a;

		while (cap < b->aused + bytes)
			cap *= 2;
		if ((a = realloc(b->arena, cap)) == NULL)
			return -1;
		b->arena = a;
		b->acap = cap;
	}
	return 0;
}

static void store_field(struct pcl_manifest *m, const void *data,
    size_t len);

/*
 * The length of the longest prefix of s[0..n) of at most 'cap' bytes
 * that does not end inside a UTF-8 sequence (a kept prefix of an
 * oversized field stays readable).
 */
static size_t
utf8_cut(const void *s, size_t cap)
{
	const unsigned char *p = s;
	size_t k = cap, back = 0;

	while (k > 0 && back < 3 && (p[k - 1] & 0xc0) == 0x80) {
		k--;
		back++;
	}
	if (k > 0 && p[k - 1] >= 0xc0) {
		size_t need = p[k - 1] >= 0xf0 ? 4 : p[k - 1] >= 0xe0 ? 3 : 2;

		if (back + 1 < need)
			return k - 1;
	}
	return cap;
}

/*
 * Keeps the raw text of a malformed record from its bad field on
 * as one more field, so no byte of it is silently lost. 'extend' adds
 * to that field; the whole is capped at max_field bytes.
 */
static void
raw_text(struct pcl_manifest *m, const void *p, size_t n, int extend)
{
	struct batch *b = m->cur;
	size_t have, room;

	if (m->nomem)
		return;
	if (!extend) {
		if (m->nf == m->max_cols)
			return;
		if (n > m->max_field)
			n = utf8_cut(p, m->max_field);
		store_field(m, p, n);
		m->raw_open = !m->nomem;
		return;
	}
	if (!m->raw_open || n == 0)
		return;
	have = b->lens[b->nfld - 1];
	room = have < m->max_field ? m->max_field - have : 0;
	if (n > room)
		n = utf8_cut(p, room);
	if (n == 0)
		return;
	if (batch_room(b, 0, n) != 0) {
		m->nomem = 1;
		return;
	}
	/* the last field ends the arena: its NUL moves n bytes on */
	memcpy(b->arena + b->aused - 1, p, n);
	b->arena[b->aused - 1 + n] = '\0';
	b->aused += n;
	b->lens[b->nfld - 1] += n;
}

/*
 * Keeps libcsv's field in progress (its opening quote put back) as the
 * raw field of a malformed record; a field over the cap is kept already.
 */
static void
keep_partial(struct pcl_manifest *m)
{
	if (m->f_over)
		return;
	raw_text(m, m->csv.quoted ? "\"" : "", m->csv.quoted ? 1 : 0, 0);
	if (m->csv.entry_pos > 0)
		raw_text(m, m->csv.entry_buf, m->csv.entry_pos, 1);
}

/* Length of s[0..n) without the line end it finishes with. */
static size_t
chomp(const unsigned char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n;
}

/* libcsv field callback: copies the field into the batch, its one copy. */
static void
on_field(void *data, size_t len, void *arg)
{
	struct pcl_manifest *m = arg;
	unsigned long from = m->f_line;

	m->f_line = m->seg_line;	/* the next field begins here */
	if (m->nomem)
		return;
	if (m->f_over) {
		/* its first bytes are stored: the rest is dropped */
		m->f_over = 0;
		if (m->over_bad)
			m->r_swallowed = m->seg_line - m->over_line;
		return;
	}
	if (m->nf == m->max_cols) {
		if (m->r_status == PCL_REC_OK) {
			m->r_status = PCL_REC_TOOBIG;
			m->r_bad = m->nf;
		}
		return;
	}
	if (len > m->max_field) {
		/* keep its first bytes, and the fields after it */
		if (m->r_status == PCL_REC_OK) {
			m->r_status = PCL_REC_TOOBIG;
			m->r_bad = m->nf;
			m->r_swallowed = m->seg_line - from;
		}
		len = utf8_cut(data, m->max_field);
	}
	store_field(m, data, len);
}

/*
 * The field in progress in libcsv is over the cap (a quoted field may
 * run over many lines): its first bytes are kept as the field, the
 * record is TOOBIG, and libcsv goes on parsing to the field's true end
 * (a quoted field ends only at its closing quote, whatever its length)
 * while what it gathers is dropped, so memory stays bounded. No record
 * can start inside the field.
 */
static void
field_over(struct pcl_manifest *m)
{
	struct csv_parser *c = &m->csv;

	if (!m->f_over) {
		m->f_over = 1;
		m->over_line = m->f_line;
		if (m->r_status == PCL_REC_OK) {
			m->r_status = PCL_REC_TOOBIG;
			m->r_bad = m->nf;
			m->over_bad = 1;
			m->r_swallowed = m->seg_line - m->f_line;
		}
		if (m->nf < m->max_cols)
			store_field(m, c->entry_buf, utf8_cut(c->entry_buf,
			    m->max_field));
	} else if (m->over_bad)
		m->r_swallowed = m->seg_line - m->over_line;
	/*
	 * Keep the last byte gathered: after a quote inside a quoted field
	 * (a closing quote, or the first of a doubled one) libcsv takes it
	 * back off when the field ends.
	 */
	if (c->entry_pos > 1) {
		c->entry_buf[0] = c->entry_buf[c->entry_pos - 1];
		c->entry_pos = 1;
	}
}

/*
 * Appends a field of 'len' bytes to the batch being filled (sets
 * m->nomem on failure).
 */
static void
store_field(struct pcl_manifest *m, const void *data, size_t len)
{
	struct batch *b = m->cur;

	if (batch_room(b, 1, len + 1) != 0) {
		m->nomem = 1;
		return;
	}
	if (len > 0)
		memcpy(b->arena + b->aused, data, len);
	b->arena[b->aused + len] = '\0';
	b->offs[b->nfld] = b->aused;
	b->lens[b->nfld++] = len;
	b->aused += len + 1;
	m->nf++;
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
	m->r_swallowed = 0;
	m->raw_open = 0;
	m->f_over = 0;
	m->over_bad = 0;
	m->f_line = m->r_line;
	m->nf = 0;
	m->rf = m->cur->nfld;
	m->ra = m->cur->aused;
}

/* Closes the record whose last physical line is 'last'. */
static void
finish_record(struct pcl_manifest *m, unsigned long last)
{
	m->r_lines = last >= m->r_line ? last - m->r_line + 1 : 1;
	m->in_rec = 0;
	m->skipping = 0;
	m->row_done = 0;
	/* a field over the cap left libcsv's buffer large: start afresh */
	if (csv_get_buffer_size(&m->csv) > m->csv_limit)
		parser_reset(m);
}

/*
 * Marks the record as 'st' unless it already has a status, found in the
 * field in progress, which has run from its first line to 'last'.
 */
static void
mark(struct pcl_manifest *m, enum pcl_record_status st, unsigned long last)
{
	if (m->r_status == PCL_REC_OK) {
		m->r_status = st;
		m->r_bad = m->nf;
		m->r_swallowed = last > m->f_line ? last - m->f_line : 0;
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
	enum seg_kind kind = SEG_LAST;
	unsigned long cur;
	size_t n = 0, used, len;
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
		m->seg_line = cur;
		if (m->skipping) {
			raw_text(m, p, kind == SEG_LINE ? chomp(p, n) : n, 1);
			if (m->nomem)
				return stick(m, err, PCL_E_NOMEM, "out of memory");
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
			if (!m->libcsv_only && kind == SEG_LINE &&
			    pcl_fastcsv_line(p, n, &len)) {
				/* a line without quotes: libcsv's fields */
				pcl_fastcsv_split(m->buf + m->pos, len, m->delim,
				    on_field, m);
				if (m->nomem)
					return stick(m, err, PCL_E_NOMEM,
					    "out of memory");
				consume(m, n, kind);
				finish_record(m, cur);
				return PCL_OK;
			}
		}
		used = csv_parse(&m->csv, p, n, on_field, on_row, m);
		if (m->nomem)
			return stick(m, err, PCL_E_NOMEM, "out of memory");
		consume(m, n, kind);
		if (used < n) {
			if (csv_error(&m->csv) != CSV_EPARSE)
				return stick(m, err, PCL_E_NOMEM,
				    "out of memory");
			/* stray quote: the rest of the physical line is not
			 * parsed; it is kept raw in the bad field */
			mark(m, PCL_REC_QUOTE, cur);
			keep_partial(m);
			raw_text(m, p + used, kind == SEG_LINE ?
			    chomp(p + used, n - used) : n - used, 1);
			if (m->nomem)
				return stick(m, err, PCL_E_NOMEM, "out of memory");
			parser_reset(m);
		} else if (m->row_done) {
			finish_record(m, cur);
			return PCL_OK;
		} else {
			/* +1: a quote that may close the field is gathered */
			if (m->f_over || m->csv.entry_pos > m->max_field + 1)
				field_over(m);
			if (m->nomem)
				return stick(m, err, PCL_E_NOMEM, "out of memory");
			continue;
		}
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
	m->seg_line = cur;
	if (csv_fini(&m->csv, on_field, on_row, m) != 0) {
		/* CSV_STRICT_FINI: a quoted field never closed; what it
		 * swallowed is kept in the bad field */
		mark(m, PCL_REC_QUOTE, cur);
		if (m->f_over && m->over_bad)
			m->r_swallowed = cur - m->over_line;
		keep_partial(m);
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

/*
 * 1 when the record's text in the batch (each field then its NUL) is
 * all ASCII with no NUL but the 'm->nf' terminators: then every field
 * is valid text, found in one pass over the record instead of one per
 * field.
 */
static int
arena_plain(const struct pcl_manifest *m)
{
	const uint64_t hi = 0x8080808080808080ull;
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
	const unsigned char *p = (const unsigned char *)m->cur->arena + m->ra;
	size_t i = 0, n = m->cur->aused - m->ra, zeros = 0;
	uint64_t w, any = 0, z;

	for (;;) {
		if (n - i >= 8) {
			memcpy(&w, p + i, 8);
			i += 8;
		} else if (i < n) {
			w = 0x0101010101010101ull;	/* pad: neither NUL nor high */
			memcpy(&w, p + i, n - i);
			i = n;
		} else
			break;
		any |= w;
		/* high bit of each byte of 'z' set exactly for a zero byte */
		z = ~(((w & low7) + low7) | w | low7);
		zeros += (size_t)(((z >> 7) * 0x0101010101010101ull) >> 56);
	}
	return (any & hi) == 0 && zeros == m->nf;
}

/* Checks the text of every field; the first bad one sets the status. */
static void
check_fields(struct pcl_manifest *m)
{
	enum pcl_record_status st;
	size_t i, at;

	if (arena_plain(m))
		return;
	for (i = 0; i < m->nf; i++) {
		st = check_text((const unsigned char *)m->cur->arena +
		    m->cur->offs[m->rf + i], m->cur->lens[m->rf + i], &at);
		if (st != PCL_REC_OK) {
			m->r_status = st;
			m->r_bad = i;
			return;
		}
	}
}

/* Places a header refusal (header.c) at the header record. */
static int
header_at(struct pcl_manifest *m, struct pcl_error *err, int rc)
{
	if (err != NULL) {
		snprintf(err->file, sizeof err->file, "%s", m->path);
		err->record = 0;
		err->line = m->r_line;
		err->offset = m->r_off;
	}
	return rc;
}

/* Reads the header record and hands it to header.c to judge and keep. */
static int
read_header(struct pcl_manifest *m, struct pcl_error *err)
{
	int rc;

	rc = read_record(m, err);
	if (rc == PCL_END) {
		m->r_line = m->lines_done;
		m->r_off = 0;
		return header_at(m, err, pcl_header_none(m->consumed == 0,
		    err));
	}
	if (rc != PCL_OK)
		return rc;
	if (m->r_status != PCL_REC_QUOTE && m->r_status != PCL_REC_TOOBIG)
		check_fields(m);
	rc = pcl_header_new(&m->hdr, m->r_status, m->cur->arena,
	    m->cur->offs + m->rf, m->cur->lens + m->rf, m->nf, err);
	if (rc == PCL_E_NOMEM)
		return set_err(m, err, rc, "out of memory");
	if (rc != PCL_OK && err != NULL) {
		/* name the limit, or the likely encoding */
		if (m->r_status == PCL_REC_TOOBIG && m->nf == m->max_cols)
			(void)pcl_error_set(err, rc, "malformed header: more "
			    "than %zu columns", m->max_cols);
		else if (m->r_status == PCL_REC_TOOBIG)
			(void)pcl_error_set(err, rc, "malformed header: a "
			    "column name over %zu bytes", m->max_field);
		else if ((m->r_status == PCL_REC_UTF8 ||
		    m->r_status == PCL_REC_NUL) && m->utf16) {
			char msg[sizeof err->msg];

			snprintf(msg, sizeof msg, "%s", err->msg);
			(void)pcl_error_set(err, rc, "%s: looks like UTF-16: "
			    "use --encoding UTF-16", msg);
		}
	}
	if (rc != PCL_OK)
		return header_at(m, err, rc);
	m->ncols = pcl_header_ncols(m->hdr);
	return PCL_OK;
}

/*
 * 1 when 'p' (its first 'n' bytes) looks like UTF-16: a byte-order mark
 * FF FE or FE FF, or a NUL in every other byte of the first ones.
 */
static int
looks_utf16(const unsigned char *p, size_t n)
{
	size_t i, pairs = n < 64 ? n / 2 : 32, even = 0, odd = 0;

	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff)))
		return 1;
	for (i = 0; i < pairs; i++) {
		even += p[2 * i] == 0;
		odd += p[2 * i + 1] == 0;
	}
	return pairs >= 2 && (even == pairs || odd == pairs);
}

/* Skips a UTF-8 BOM and finds the delimiter if asked to. */
static void
sniff(struct pcl_manifest *m)
{
	size_t bom = pcl_header_bom(m->buf, m->len);

	m->utf16 = looks_utf16(m->buf, m->len);

	if (bom > 0) {
		m->pos = bom;
		m->consumed = bom;
	}
	if (m->detected) {
		m->detected = pcl_header_sniff_delimiter(m->buf + m->pos,
		    m->len - m->pos, &m->delim);
		if (m->detected)
			csv_set_delim(&m->csv, (unsigned char)m->delim);
	}
}

int
pcl_manifest_check_gzip(const struct pcl_manifest *m, struct pcl_error *err)
{
	int rc;

	if (!pcl_source_is_gzip(m->src) ||
	    (rc = pcl_source_check_gzip(m->opath, m->path, err)) == PCL_OK)
		return PCL_OK;
	if (err != NULL && rc == PCL_E_GZIP)
		snprintf(err->msg + strlen(err->msg), sizeof err->msg -
		    strlen(err->msg), " (the header read from it cannot be "
		    "trusted)");
	return rc;
}

int
pcl_manifest_open(struct pcl_manifest **out, const char *path,
    const struct pcl_manifest_opts *opts, struct pcl_error *err)
{
	struct pcl_manifest *m;
	int rc;

	*out = NULL;
	pcl_error_clear(err);
	if (opts != NULL && (opts->delimiter == '"' ||
	    opts->delimiter == '\r' || opts->delimiter == '\n'))
		return pcl_error_set(err, PCL_E_USAGE,
		    "delimiter cannot be a quote or a line end");
	m = calloc(1, sizeof *m);
	if (m == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	if ((m->opath = strdup(path)) == NULL) {
		free(m);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	snprintf(m->path, sizeof m->path, "%s",
	    opts != NULL && opts->name != NULL ? opts->name : path);
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
	/* see finish_record: a buffer grown past this is freed */
	m->csv_limit = m->max_field + 2 + m->blk;
	m->cap = IN_BUF_SIZE;
	m->detected = opts != NULL && opts->detect_delimiter;
	m->libcsv_only = opts != NULL && opts->libcsv_only;
	m->buf = malloc(m->cap);
	m->cur = &m->b[0];	/* the header is read into the first batch */
	if (m->buf == NULL || parser_init(m) != PCL_OK) {
		pcl_manifest_close(m);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	if ((rc = pcl_source_open(&m->src, path, m->path, opts != NULL ?
	    opts->encoding : NULL, opts != NULL && opts->digest, err)) !=
	    PCL_OK) {
		if (err != NULL && rc == PCL_E_IO) {
			snprintf(err->file, sizeof err->file, "%s", m->path);
			err->record = err->line = 0;
		}
		pcl_manifest_close(m);
		return rc;
	}
	fill(m);
	sniff(m);
	rc = read_header(m, err);
	/*
	 * A damaged deflate stream inflates to garbage before zlib sees the
	 * damage: a header refused is first checked against the stream,
	 * whose fault it then is.
	 */
	if (rc == PCL_E_SCHEMA) {
		int grc = pcl_manifest_check_gzip(m, err);

		if (grc != PCL_OK)
			rc = grc;
	}
	if (rc != PCL_OK) {
		if (err != NULL) {
			err->record = 0;
			snprintf(err->file, sizeof err->file, "%s", m->path);
		}
		pcl_manifest_close(m);
		return rc;
	}
	m->seen.blank = m->blank;
	m->seen.lines = m->lines_done + (m->mid_line ? 1 : 0);
	m->seen.bytes = m->consumed;
	m->seen.file_bytes = pcl_source_file_pos(m->src);
	if (pipe_start(m, opts != NULL && opts->reader_thread) != PCL_OK) {
		pcl_manifest_close(m);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
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
	return pcl_header_name(m->hdr, i);
}

char
pcl_manifest_delimiter(const struct pcl_manifest *m)
{
	return m->delim;
}

int
pcl_manifest_delimiter_detected(const struct pcl_manifest *m)
{
	return m->detected;
}

int
pcl_manifest_is_gzip(const struct pcl_manifest *m)
{
	return pcl_source_is_gzip(m->src);
}

/*
 * Reads the next data record into the batch being filled, and finds its
 * status. Returns PCL_OK, PCL_END or an error that ends the input.
 */
static int
read_one(struct pcl_manifest *m, struct batch *b, struct pcl_error *err)
{
	struct pcl_record *rec;
	int rc;

	if ((rc = read_record(m, err)) != PCL_OK)
		return rc;
	m->nrec++;
	if (m->r_status == PCL_REC_OK) {
		if (m->nf != m->ncols) {
			m->r_status = PCL_REC_FIELD_COUNT;
			m->r_bad = m->nf;
		} else
			check_fields(m);
	}
	if (b->nrec == b->caprec) {
		size_t cap = b->caprec ? b->caprec * 2 : 64;
		struct pcl_record *r = realloc(b->recs, cap * sizeof *r);
		size_t *f;

		if (r == NULL)
			return stick(m, err, PCL_E_NOMEM, "out of memory");
		b->recs = r;
		if ((f = realloc(b->first, cap * sizeof *f)) == NULL)
			return stick(m, err, PCL_E_NOMEM, "out of memory");
		b->first = f;
		b->caprec = cap;
	}
	rec = &b->recs[b->nrec];
	b->first[b->nrec++] = m->rf;
	rec->nfields = m->nf;
	rec->record = m->nrec;
	rec->line = m->r_line;
	rec->lines = m->r_lines;
	rec->offset = m->r_off;
	rec->status = m->r_status;
	rec->bad_field = m->r_bad;
	rec->swallowed = m->r_swallowed;
	return PCL_OK;
}

/*
 * pcl_pipe_fill_fn: reads records into batch 'batch' until it is full
 * or the input ends (in the reader thread, or in the caller's).
 */
static int
batch_fill(void *ctx, void *batch)
{
	struct pcl_manifest *m = ctx;
	struct batch *b = batch;
	size_t i;

	b->nrec = b->nfld = b->aused = 0;
	b->rc = PCL_OK;
	pcl_error_clear(&b->err);
	m->cur = b;
	while (b->nrec < PCL_MANIFEST_BATCH_RECORDS && b->aused < BATCH_BYTES)
		if ((b->rc = read_one(m, b, &b->err)) != PCL_OK)
			break;
	/* the arena is final: the fields' addresses can be set */
	for (i = 0; i < b->nfld; i++)
		b->ptrs[i] = b->arena + b->offs[i];
	for (i = 0; i < b->nrec; i++) {
		b->recs[i].fields = b->ptrs + b->first[i];
		b->recs[i].lens = b->lens + b->first[i];
	}
	b->blank = m->blank;
	b->lines = m->lines_done + (m->mid_line ? 1 : 0);
	b->bytes = m->consumed;
	b->file_bytes = pcl_source_file_pos(m->src);
	return b->rc != PCL_OK;
}

/*
 * Starts handing over batches, filled by a thread when 'thread' is 1
 * (without one if it cannot start). Returns PCL_OK or PCL_E_NOMEM.
 */
static int
pipe_start(struct pcl_manifest *m, int thread)
{
	size_t i;

	for (i = 0; i < NBATCH; i++)
		m->bp[i] = &m->b[i];
	return pcl_pipe_new(&m->pipe, m->bp, NBATCH, batch_fill, m, thread);
}

int
pcl_manifest_take(struct pcl_manifest *m, const struct pcl_record **recs,
    size_t *n, struct pcl_error *err)
{
	struct batch *b;

	*recs = NULL;
	*n = 0;
	for (;;) {
		if (m->done) {
			if (m->done_rc != PCL_END && err != NULL)
				*err = m->done_err;
			return m->done_rc;
		}
		if (m->held == PCL_MANIFEST_HOLD_MAX)
			return pcl_error_set(err, PCL_E_USAGE,
			    "too many batches held");
		b = pcl_pipe_take(m->pipe);
		m->held++;
		m->seen.blank = b->blank;
		m->seen.lines = b->lines;
		m->seen.bytes = b->bytes;
		m->seen.file_bytes = b->file_bytes;
		if (b->rc != PCL_OK) {
			m->done = 1;
			m->done_rc = b->rc;
			m->done_err = b->err;
		}
		if (b->nrec > 0) {
			*recs = b->recs;
			*n = b->nrec;
			return PCL_OK;
		}
		pcl_manifest_give(m);
	}
}

void
pcl_manifest_give(struct pcl_manifest *m)
{
	if (m->held == 0)
		return;
	pcl_pipe_give(m->pipe);
	m->held--;
}

int
pcl_manifest_next(struct pcl_manifest *m, struct pcl_record *rec,
    struct pcl_error *err)
{
	int rc;

	for (;;) {
		if (m->nholding && m->npos < m->nn) {
			*rec = m->nrecs[m->npos++];
			return PCL_OK;
		}
		if (m->nholding) {
			pcl_manifest_give(m);
			m->nholding = 0;
		}
		if ((rc = pcl_manifest_take(m, &m->nrecs, &m->nn, err)) !=
		    PCL_OK)
			return rc;
		m->nholding = 1;
		m->npos = 0;
	}
}

int
pcl_manifest_digest(struct pcl_manifest *m, char hex[65],
    unsigned long long *bytes, struct pcl_error *err)
{
	if (!m->done || m->done_rc != PCL_END ||
	    pcl_source_digest(m->src, hex, bytes) != PCL_OK)
		return pcl_error_set(err, PCL_E_USAGE, "'%s': digest asked "
		    "before the whole input was read", m->path);
	return PCL_OK;
}

unsigned long
pcl_manifest_blank_lines(const struct pcl_manifest *m)
{
	return m->seen.blank;
}

unsigned long
pcl_manifest_lines(const struct pcl_manifest *m)
{
	return m->seen.lines;
}

unsigned long long
pcl_manifest_bytes(const struct pcl_manifest *m)
{
	return m->seen.bytes;
}

unsigned long long
pcl_manifest_file_bytes(const struct pcl_manifest *m)
{
	return m->seen.file_bytes;
}

int
pcl_manifest_close(struct pcl_manifest *m)
{
	size_t i;
	int rc;

	if (m == NULL)
		return PCL_OK;
	pcl_pipe_free(m->pipe);
	/* a stream error stays the answer, as gzclose() gave it */
	rc = m->stop == PCL_E_GZIP || m->stop == PCL_E_IO ? m->stop : PCL_OK;
	if (pcl_source_close(m->src) != PCL_OK && rc == PCL_OK)
		rc = PCL_E_IO;
	csv_free(&m->csv);
	free(m->buf);
	for (i = 0; i < NBATCH; i++) {
		free(m->b[i].recs);
		free(m->b[i].first);
		free(m->b[i].offs);
		free(m->b[i].lens);
		free(m->b[i].ptrs);
		free(m->b[i].arena);
	}
	pcl_header_free(m->hdr);
	free(m->opath);
	free(m);
	return rc;
}

int
pcl_manifest_spool_stdin(char **path, int *fdp, const char *dir,
    struct pcl_error *err)
{
	return pcl_source_spool(path, fdp, "-", dir, err);
}

int
pcl_manifest_spool(char **path, int *fdp, const char *src, const char *dir,
    struct pcl_error *err)
{
	return pcl_source_spool(path, fdp, src, dir, err);
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
