/*
 * test_manifest: the strict CSV reader. Each test checks the sequence of
 * records read from a small input (fields, record number, start line,
 * lines spanned, byte offset, status), worked out by hand from the bytes.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "test_util.h"
#include "digest.h"
#include "manifest.h"

#define MAXREC	16
#define MAXBAD	8
#define REAL(p)	"../../shared/data/real/" p

struct rec_copy {
	unsigned long		 record, line, lines, swallowed;
	unsigned long long	 offset;
	enum pcl_record_status	 status;
	size_t			 bad, nf;
	size_t			 len[4];
	char			 f[4][64];
};

struct got {
	int			 open_rc;
	int			 rc;		/* what ended the reading */
	struct pcl_error	 err;		/* of open or of the last next */
	size_t			 n;		/* records read */
	size_t			 nbad;
	unsigned long		 blank, lines;
	unsigned long long	 bytes;
	size_t			 ncols;
	char			 col0[64];
	int			 gzip;
	int			 close_rc;
	struct rec_copy		 r[MAXREC];	/* the first records */
	struct rec_copy		 bad[MAXBAD];	/* the first bad records */
};

static void
copy_rec(struct rec_copy *c, const struct pcl_record *r)
{
	size_t i, n;

	memset(c, 0, sizeof *c);
	c->record = r->record;
	c->line = r->line;
	c->lines = r->lines;
	c->swallowed = r->swallowed;
	c->offset = r->offset;
	c->status = r->status;
	c->bad = r->bad_field;
	c->nf = r->nfields;
	for (i = 0; i < r->nfields && i < 4; i++) {
		/* every field is NUL-terminated at its length */
		CU_ASSERT(r->fields[i][r->lens[i]] == '\0');
		c->len[i] = r->lens[i];
		n = r->lens[i] < 63 ? r->lens[i] : 63;
		memcpy(c->f[i], r->fields[i], n);
	}
}

/* Reads the whole of 'path' into 'g'. */
static void
read_all(const char *path, const struct pcl_manifest_opts *o, struct got *g)
{
	struct pcl_manifest *m;
	struct pcl_record r;

	memset(g, 0, sizeof *g);
	g->open_rc = pcl_manifest_open(&m, path, o, &g->err);
	if (g->open_rc != PCL_OK) {
		CU_ASSERT_PTR_NULL(m);
		return;
	}
	g->ncols = pcl_manifest_ncols(m);
	snprintf(g->col0, sizeof g->col0, "%s", pcl_manifest_colname(m, 0));
	g->gzip = pcl_manifest_is_gzip(m);
	while ((g->rc = pcl_manifest_next(m, &r, &g->err)) == PCL_OK) {
		if (g->n < MAXREC)
			copy_rec(&g->r[g->n], &r);
		if (r.status != PCL_REC_OK && g->nbad++ < MAXBAD)
			copy_rec(&g->bad[g->nbad - 1], &r);
		g->n++;
		CU_ASSERT_EQUAL(r.record, g->n);
	}
	g->blank = pcl_manifest_blank_lines(m);
	g->lines = pcl_manifest_lines(m);
	g->bytes = pcl_manifest_bytes(m);
	g->close_rc = pcl_manifest_close(m);
}

/* Writes 'len' bytes to a new temporary file; its name goes to 'path'. */
static void
write_tmp(char *path, size_t size, const void *data, size_t len)
{
	const char *d = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/pcl-test-manifest-XXXXXX",
	    d != NULL && *d != '\0' ? d : "/tmp");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, data, len) == (ssize_t)len);
	CU_ASSERT_FATAL(close(fd) == 0);
}

/* Reads 'len' bytes of CSV text through a temporary file. */
static void
read_mem(const void *data, size_t len, const struct pcl_manifest_opts *o,
    struct got *g)
{
	char path[256];

	write_tmp(path, sizeof path, data, len);
	read_all(path, o, g);
	unlink(path);
}
#define READ_STR(s, o, g) read_mem((s), sizeof(s) - 1, (o), (g))

/* Writes 'data' gzip-compressed (one member) to 'path'. */
static void
write_gz(const char *path, const char *mode, const void *data, size_t len)
{
	gzFile z = gzopen(path, mode);

	CU_ASSERT_FATAL(z != NULL);
	CU_ASSERT_FATAL(gzwrite(z, data, (unsigned)len) == (int)len);
	CU_ASSERT_FATAL(gzclose(z) == Z_OK);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fseek(f, 0, SEEK_END) == 0);
	n = ftell(f);
	CU_ASSERT_FATAL(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	CU_ASSERT_FATAL(buf != NULL);
	CU_ASSERT_FATAL(fread(buf, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int
have(const char *path)
{
	if (access(path, R_OK) == 0)
		return 1;
	fprintf(stderr, "\n  skipped: %s not found\n", path);
	return 0;
}

static void
check_rec(const struct rec_copy *c, unsigned long record, unsigned long line,
    unsigned long lines, unsigned long long offset,
    enum pcl_record_status st)
{
	CU_ASSERT_EQUAL(c->record, record);
	CU_ASSERT_EQUAL(c->line, line);
	CU_ASSERT_EQUAL(c->lines, lines);
	CU_ASSERT_EQUAL(c->offset, offset);
	CU_ASSERT_EQUAL(c->status, st);
}

/* The three records of id,name,qty / apple 3, pear 5, plum 7. */
static void
check_fruit(const struct got *g)
{
	CU_ASSERT_EQUAL(g->n, 3);
	CU_ASSERT_EQUAL(g->ncols, 3);
	CU_ASSERT_STRING_EQUAL(g->col0, "id");
	CU_ASSERT_STRING_EQUAL(g->r[0].f[0], "1");
	CU_ASSERT_STRING_EQUAL(g->r[0].f[1], "apple");
	CU_ASSERT_STRING_EQUAL(g->r[0].f[2], "3");
	CU_ASSERT_EQUAL(g->r[0].len[2], 1);
	CU_ASSERT_STRING_EQUAL(g->r[1].f[1], "pear");
	CU_ASSERT_STRING_EQUAL(g->r[2].f[1], "plum");
	CU_ASSERT_STRING_EQUAL(g->r[2].f[2], "7");
	CU_ASSERT_EQUAL(g->r[2].len[2], 1);
}

static void
test_manifest_simple_three_rows(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/simple-three-rows.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	check_fruit(&g);
	/* "id,name,qty\n" is 12 bytes, "1,apple,3\n" 10, "2,pear,5\n" 9 */
	check_rec(&g.r[0], 1, 2, 1, 12, PCL_REC_OK);
	check_rec(&g.r[1], 2, 3, 1, 22, PCL_REC_OK);
	check_rec(&g.r[2], 3, 4, 1, 31, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.lines, 4);
	CU_ASSERT_EQUAL(g.blank, 0);
	CU_ASSERT_EQUAL(g.bytes, 40);
	CU_ASSERT_EQUAL(g.gzip, 0);
	CU_ASSERT_EQUAL(g.close_rc, PCL_OK);
}

static void
test_manifest_colnames_and_accessors(void)
{
	struct pcl_manifest *m;
	struct pcl_error err;
	struct pcl_record r;

	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m,
	    PCL_FIXTURE("reader/simple-three-rows.csv"), NULL, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_ncols(m), 3);
	CU_ASSERT_STRING_EQUAL(pcl_manifest_colname(m, 0), "id");
	CU_ASSERT_STRING_EQUAL(pcl_manifest_colname(m, 1), "name");
	CU_ASSERT_STRING_EQUAL(pcl_manifest_colname(m, 2), "qty");
	CU_ASSERT_PTR_NULL(pcl_manifest_colname(m, 3));
	CU_ASSERT_EQUAL(pcl_manifest_lines(m), 1);
	CU_ASSERT_EQUAL(pcl_manifest_bytes(m), 12);
	CU_ASSERT_EQUAL(pcl_manifest_file_bytes(m), 40);
	/* the counters are those at the end of the batch taken: the three
	 * records fit in one, so the whole file has been read */
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_lines(m), 4);
	CU_ASSERT_EQUAL(pcl_manifest_bytes(m), 40);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_close(NULL), PCL_OK);
}

static void
test_manifest_crlf_line_endings(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/crlf-line-endings.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	check_fruit(&g);	/* no CR left in the last field */
	check_rec(&g.r[0], 1, 2, 1, 13, PCL_REC_OK);
	check_rec(&g.r[1], 2, 3, 1, 24, PCL_REC_OK);
	check_rec(&g.r[2], 3, 4, 1, 34, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.lines, 4);
	CU_ASSERT_EQUAL(g.blank, 0);
}

static void
test_manifest_cr_only_line_endings(void)
{
	struct got g;

	/* the first four lines of the CR-only clickzetta Online Retail file */
	read_all(PCL_FIXTURE("reader/cr-only-line-endings.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	CU_ASSERT_EQUAL(g.ncols, 8);
	CU_ASSERT_STRING_EQUAL(g.col0, "InvoiceNo");
	/* header is 81 bytes + CR; record 1 is 89 + CR; record 2 is 73 + CR */
	check_rec(&g.r[0], 1, 2, 1, 82, PCL_REC_OK);
	check_rec(&g.r[1], 2, 3, 1, 172, PCL_REC_OK);
	check_rec(&g.r[2], 3, 4, 1, 246, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "71053");
	CU_ASSERT_STRING_EQUAL(g.r[1].f[2], "WHITE METAL LANTERN");
	CU_ASSERT_EQUAL(g.r[2].nf, 8);
	CU_ASSERT_EQUAL(g.lines, 4);
	CU_ASSERT_EQUAL(g.blank, 0);
}

static void
test_manifest_quoted_newline_spans_lines(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/quoted-newline-in-description.csv"),
	    NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	/* record 1 starts on line 2 and spans lines 2-3 */
	check_rec(&g.r[0], 1, 2, 2, 19, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[1], "first line\nsecond line");
	/* so record 2 starts on line 4 */
	check_rec(&g.r[1], 2, 4, 1, 48, PCL_REC_OK);
	check_rec(&g.r[2], 3, 5, 1, 58, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[2].f[1], "with \"quotes\", and comma");
	CU_ASSERT_EQUAL(g.lines, 5);
}

static void
test_manifest_quoted_crlf_in_lf_file(void)
{
	static const char in[] = "id,d\n1,\"a\r\nb\"\n2,x\n";
	struct got g;

	READ_STR(in, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 2, 2, 5, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[1], "a\r\nb");
	check_rec(&g.r[1], 2, 4, 1, 14, PCL_REC_OK);
}

static void
test_manifest_bare_cr_in_lf_file_ends_record(void)
{
	/* a lone CR ends a record and a line, as an LF does */
	static const char in[] = "id,name\n1,a\r2,b\n3,c\n";
	struct got g;

	READ_STR(in, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	check_rec(&g.r[0], 1, 2, 1, 8, PCL_REC_OK);
	check_rec(&g.r[1], 2, 3, 1, 12, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "b");
	check_rec(&g.r[2], 3, 4, 1, 16, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.lines, 4);
}

/*
 * Mixed line ends: CRLF, a lone LF and a lone CR each end exactly one
 * line, also inside a quoted field and on blank lines. By hand:
 * line 1 header (CRLF), 2 "1,a" (LF), 3 "2,b" (CR), 4 blank (CRLF),
 * 5-7 record 3, whose quoted field holds a CR and a CRLF, 8 "4,d" with
 * no line end. Offsets of lines 2, 3, 4, 5, 8: 9, 13, 17, 19, 30.
 */
static void
test_manifest_mixed_line_ends_each_end_one_line(void)
{
	static const char in[] =
	    "id,name\r\n1,a\n2,b\r\r\n3,\"x\ry\r\nz\"\n4,d";
	struct got g;

	READ_STR(in, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	CU_ASSERT_EQUAL(g.n, 4);
	check_rec(&g.r[0], 1, 2, 1, 9, PCL_REC_OK);
	check_rec(&g.r[1], 2, 3, 1, 13, PCL_REC_OK);
	check_rec(&g.r[2], 3, 5, 3, 19, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[2].f[1], "x\ry\r\nz");
	check_rec(&g.r[3], 4, 8, 1, 30, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.blank, 1);
	CU_ASSERT_EQUAL(g.lines, 8);
}

static void
test_manifest_blank_lines_counted_not_records(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/blank-lines-between-records.csv"), NULL,
	    &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	check_fruit(&g);
	check_rec(&g.r[0], 1, 2, 1, 12, PCL_REC_OK);
	check_rec(&g.r[1], 2, 4, 1, 23, PCL_REC_OK);
	check_rec(&g.r[2], 3, 7, 1, 34, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.blank, 3);
	CU_ASSERT_EQUAL(g.lines, 7);
}

static void
test_manifest_blank_crlf_lines(void)
{
	static const char in[] = "id\r\n\r\n1\r\n\r\n\r\n2\r\n";
	struct got g;

	READ_STR(in, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 3, 1, 6, PCL_REC_OK);
	check_rec(&g.r[1], 2, 6, 1, 13, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.blank, 3);
	CU_ASSERT_EQUAL(g.lines, 6);
}

static void
test_manifest_blank_lines_before_header(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/blank-lines-before-header.csv"), NULL,
	    &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_STRING_EQUAL(g.col0, "id");
	CU_ASSERT_EQUAL(g.n, 1);
	check_rec(&g.r[0], 1, 4, 1, 10, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.blank, 2);
}

static void
test_manifest_no_final_newline_keeps_last_record(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/no-final-newline.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[1], 2, 3, 1, 16, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "pear");
	CU_ASSERT_EQUAL(g.lines, 3);
	CU_ASSERT_EQUAL(g.bytes, 22);
}

static void
test_manifest_bom_skipped_but_counted(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/bom-utf8.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_STRING_EQUAL(g.col0, "id");
	CU_ASSERT_EQUAL(g.n, 1);
	/* 3 BOM bytes + "id,name\n" */
	check_rec(&g.r[0], 1, 2, 1, 11, PCL_REC_OK);
}

static void
test_manifest_stray_quote_resyncs_at_line_end(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/stray-quote-mid-field.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 6);
	check_rec(&g.r[0], 1, 2, 1, 12, PCL_REC_OK);
	/* 2,a"c,5: field 0 complete, the quote breaks field 1; the
	 * bad field keeps the rest of the line as it is in the file */
	check_rec(&g.r[1], 2, 3, 1, 22, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.r[1].bad, 1);
	CU_ASSERT_EQUAL(g.r[1].nf, 2);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[0], "2");
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "a\"c,5");
	/* the next record is read normally */
	check_rec(&g.r[2], 3, 4, 1, 30, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[2].f[0], "3");
	CU_ASSERT_STRING_EQUAL(g.r[2].f[1], "plum");
	CU_ASSERT_STRING_EQUAL(g.r[2].f[2], "7");
	/* 4,"d"f",9 and 5,"quoted" ,1 (a space after the closing quote) */
	check_rec(&g.r[3], 4, 5, 1, 39, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.r[3].bad, 1);
	/* the field as read (libcsv holds a closing quote until it knows)
	 * and the line from the byte it refused: the file's own bytes */
	CU_ASSERT_STRING_EQUAL(g.r[3].f[1], "\"d\"f\",9");
	CU_ASSERT_STRING_EQUAL(g.r[4].f[1], "\"quoted\" ,1");
	check_rec(&g.r[4], 5, 6, 1, 49, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.r[4].bad, 1);
	check_rec(&g.r[5], 6, 7, 1, 63, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[5].f[1], "last");
	CU_ASSERT_EQUAL(g.lines, 7);
}

static void
test_manifest_stray_quote_in_multiline_record(void)
{
	/* the error is on line 3 of a record that began on line 2 */
	static const char in[] = "a,b\n1,\"x\ny\"z,2\n3,4\n";
	struct got g;

	READ_STR(in, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 2, 2, 4, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.r[0].bad, 1);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[1], "\"x\ny\"z,2");
	check_rec(&g.r[1], 2, 4, 1, 15, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "4");
}

static void
test_manifest_unterminated_quote_at_eof(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/unterminated-quote-at-eof.csv"), NULL,
	    &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 2, 1, 12, PCL_REC_OK);
	/* the open quote swallows lines 3 and 4; their text is kept
	 * in the bad field, opening quote included */
	check_rec(&g.r[1], 2, 3, 2, 22, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.r[1].nf, 2);
	CU_ASSERT_EQUAL(g.r[1].bad, 1);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[0], "2");
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "\"never closed,5\n3,plum,7\n");
}

static void
test_manifest_ragged_rows(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/ragged-rows.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	check_rec(&g.r[0], 1, 2, 1, 12, PCL_REC_FIELD_COUNT);
	CU_ASSERT_EQUAL(g.r[0].nf, 2);
	CU_ASSERT_EQUAL(g.r[0].bad, 2);
	check_rec(&g.r[1], 2, 3, 1, 20, PCL_REC_FIELD_COUNT);
	CU_ASSERT_EQUAL(g.r[1].nf, 4);
	CU_ASSERT_EQUAL(g.r[1].bad, 4);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[3], "extra");
	check_rec(&g.r[2], 3, 4, 1, 35, PCL_REC_OK);
}

static void
test_manifest_trailing_delimiter_adds_field(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/trailing-delimiter.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 1);
	check_rec(&g.r[0], 1, 2, 1, 8, PCL_REC_FIELD_COUNT);
	CU_ASSERT_EQUAL(g.r[0].nf, 3);
	CU_ASSERT_EQUAL(g.r[0].len[2], 0);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[2], "");
}

static void
test_manifest_truncated_last_record_is_field_count(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/truncated-last-record.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[1], 2, 3, 1, 22, PCL_REC_FIELD_COUNT);
	CU_ASSERT_EQUAL(g.r[1].nf, 2);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "pe");
}

static void
test_manifest_spaces_kept(void)
{
	struct got g;

	read_all(PCL_FIXTURE("reader/spaces-kept.csv"), NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[1], "  padded  ");
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "\t");
	CU_ASSERT_STRING_EQUAL(g.r[2].f[1], "  quoted  ");
	CU_ASSERT_EQUAL(g.nbad, 0);
}

/*
 * Quoted fields on one line: an escaped quote, an empty quoted field and
 * a quoted delimiter are read; a quote out of place or left open is
 * CSV_QUOTE (libcsv strict mode, ../shared/reference/libcsv.md).
 */
static void
test_manifest_one_line_quoted_fields(void)
{
	struct got g;

	READ_STR("a,b,c\n\"x,1\",\"\",\"q\"\"r\"\n\"s\",t,\n"
	    "u,\"v\"w,x\ny\"z,1,2\n\"open,1,2\n3,4,5\n", NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 5);
	CU_ASSERT_EQUAL(g.r[0].status, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[0], "x,1");
	CU_ASSERT_EQUAL(g.r[0].len[1], 0);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[2], "q\"r");
	CU_ASSERT_EQUAL(g.r[1].status, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.r[1].nf, 3);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[0], "s");
	CU_ASSERT_EQUAL(g.r[1].len[2], 0);
	/* a closing quote not followed by the delimiter */
	check_rec(&g.r[2], 3, 4, 1, 29, PCL_REC_QUOTE);
	/* a quote inside an unquoted field */
	check_rec(&g.r[3], 4, 5, 1, 38, PCL_REC_QUOTE);
	/* an unclosed quote swallows the next line */
	check_rec(&g.r[4], 5, 6, 2, 46, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.blank, 0);
}

/* a NUL or bad UTF-8 is found in its field by the one-pass check. */
static void
test_manifest_nul_found_in_its_field(void)
{
	struct got g;

	READ_STR("a,b,c\nx,y\0z,w\n\xc3\xa9,ok,\xff\n1,2,3\n", NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	CU_ASSERT_EQUAL(g.r[0].status, PCL_REC_NUL);
	CU_ASSERT_EQUAL(g.r[0].bad, 1);
	CU_ASSERT_EQUAL(g.r[1].status, PCL_REC_UTF8);
	CU_ASSERT_EQUAL(g.r[1].bad, 2);
	CU_ASSERT_EQUAL(g.r[2].status, PCL_REC_OK);
}

static void
test_manifest_semicolon_delimiter(void)
{
	struct pcl_manifest_opts o = { ';', 0, 0, NULL, 0, 0, NULL, 0, 0 };
	struct got g;

	read_all(PCL_FIXTURE("reader/semicolon-delimiter.csv"), &o, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 2);
	CU_ASSERT_EQUAL(g.nbad, 0);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[2], "1,50");
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "pear;green");
}

static void
test_manifest_invalid_utf8_field(void)
{
	struct got g;

	/* Sa\xec\x83o: a 3-byte lead with one continuation, then 'o' */
	read_all(PCL_FIXTURE("reader/invalid-utf8-truncated-sequence.csv"),
	    NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	CU_ASSERT_EQUAL(g.r[0].status, PCL_REC_OK);	/* S\xc3\xa3o */
	check_rec(&g.r[1], 2, 3, 1, 21, PCL_REC_UTF8);
	CU_ASSERT_EQUAL(g.r[1].bad, 1);
	CU_ASSERT_EQUAL(g.r[2].status, PCL_REC_OK);
}

static void
test_manifest_utf8_rules(void)
{
	/* one record per case; the second field is the one checked */
	static const char in[] =
	    "id,t\n"
	    "1,\xe2\x82\xac 5\n"			/* U+20AC: ok */
	    "2,\xf0\x9f\x93\xa6\n"			/* U+1F4E6: ok */
	    "3,\xf4\x8f\xbf\xbf\n"			/* U+10FFFF: ok */
	    "4,\xc0\x80\n"				/* overlong NUL */
	    "5,\xe0\x80\xaf\n"				/* overlong '/' */
	    "6,\xf0\x80\x80\xaf\n"			/* overlong '/' */
	    "7,\xed\xa0\x80\n"				/* surrogate D800 */
	    "8,\xf4\x90\x80\x80\n"			/* U+110000 */
	    "9,\xf5\x80\x80\x80\n"			/* lead F5 */
	    "10,\x80\n"					/* lone continuation */
	    "11,abc\xc3\n"				/* cut at field end */
	    "\xc3,x\n"					/* bad in field 0 */
	    "13,abcdefghijklmnopqrstuvw\xff" "xyz\n"	/* after 8-byte runs */
	    "14,\xc2\xa0\xdf\xbf\xef\xbf\xbd\n";	/* 2- and 3-byte ok */
	static const enum pcl_record_status want[] = {
		PCL_REC_OK, PCL_REC_OK, PCL_REC_OK, PCL_REC_UTF8,
		PCL_REC_UTF8, PCL_REC_UTF8, PCL_REC_UTF8, PCL_REC_UTF8,
		PCL_REC_UTF8, PCL_REC_UTF8, PCL_REC_UTF8, PCL_REC_UTF8,
		PCL_REC_UTF8, PCL_REC_OK
	};
	struct got g;
	size_t i;

	READ_STR(in, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL_FATAL(g.n, 14);
	for (i = 0; i < 14; i++) {
		CU_ASSERT_EQUAL(g.r[i].status, want[i]);
		CU_ASSERT_EQUAL(g.r[i].line, i + 2);
		if (want[i] == PCL_REC_UTF8)
			CU_ASSERT_EQUAL(g.r[i].bad, i == 11 ? 0 : 1);
	}
}

static void
test_manifest_nul_byte_in_field(void)
{
	static const char in[] = "id,name\n1,a\0b\n2,\"q\0\"\n3,ok\n";
	struct got g;

	READ_STR(in, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	check_rec(&g.r[0], 1, 2, 1, 8, PCL_REC_NUL);
	CU_ASSERT_EQUAL(g.r[0].bad, 1);
	CU_ASSERT_EQUAL(g.r[0].len[1], 3);
	CU_ASSERT(memcmp(g.r[0].f[1], "a\0b", 4) == 0);
	check_rec(&g.r[1], 2, 3, 1, 14, PCL_REC_NUL);
	CU_ASSERT_EQUAL(g.r[1].len[1], 2);
	check_rec(&g.r[2], 3, 4, 1, 21, PCL_REC_OK);
}

static void
test_manifest_field_over_cap(void)
{
	static const char in[] =
	    "id,name\n"
	    "1,12345678\n"		/* exactly 8: ok */
	    "2,123456789\n"		/* 9: too big */
	    "3,\"12345678\"\n"		/* quotes do not count */
	    "4,\"1234\"\"678\"\n"	/* 8 after un-doubling */
	    "5,\"123456789\"\n"
	    "6,ok\n";
	struct pcl_manifest_opts o = { 0, 8, 0, NULL, 0, 0, NULL, 0, 0 };
	struct got g;

	READ_STR(in, &o, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 6);
	CU_ASSERT_EQUAL(g.r[0].status, PCL_REC_OK);
	check_rec(&g.r[1], 2, 3, 1, 19, PCL_REC_TOOBIG);
	CU_ASSERT_EQUAL(g.r[1].bad, 1);
	/* its first 8 bytes are kept, and the fields after it */
	CU_ASSERT_EQUAL(g.r[1].nf, 2);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "12345678");
	CU_ASSERT_EQUAL(g.r[2].status, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.r[3].status, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[3].f[1], "1234\"678");
	CU_ASSERT_EQUAL(g.r[4].status, PCL_REC_TOOBIG);
	check_rec(&g.r[5], 6, 7, 1, 72, PCL_REC_OK);
}

/* an oversized field keeps whole characters, the record its fields */
static void
test_manifest_field_over_cap_keeps_rest(void)
{
	static const char in[] = "id,name,qty\n1,ab\xe2\x82\xac" "c,5\n";
	struct pcl_manifest_opts o = { 0, 4, 0, NULL, 0, 0, NULL, 0, 0 };
	struct got g;

	READ_STR(in, &o, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 1);
	CU_ASSERT_EQUAL(g.r[0].status, PCL_REC_TOOBIG);
	CU_ASSERT_EQUAL(g.r[0].bad, 1);
	CU_ASSERT_EQUAL(g.r[0].nf, 3);
	/* 4 bytes would cut the euro sign (bytes 3-5): 2 are kept */
	CU_ASSERT_EQUAL(g.r[0].len[1], 2);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[1], "ab");
	CU_ASSERT_STRING_EQUAL(g.r[0].f[2], "5");
}

static void
test_manifest_unclosed_quote_capped(void)
{
	/*
	 * An open quote on line 3 swallows the 10-byte lines after it, to
	 * the end of the input: no record starts inside the quoted field,
	 * however far past the 16-byte cap it runs. Record 2 spans lines 3
	 * to 44 (40 lines of 10 bytes, then "x,y"), keeps the first 16
	 * bytes of the field and has swallowed 41 lines.
	 */
	char in[1024];
	struct pcl_manifest_opts o = { 0, 16, 0, NULL, 0, 0, NULL, 0, 0 };
	struct got g;
	size_t len, i;

	len = (size_t)snprintf(in, sizeof in, "id,desc\n1,ok\n2,\"never\n");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(in + len, sizeof in - len,
		    "abcdefghi\n");
	len += (size_t)snprintf(in + len, sizeof in - len, "x,y\n");
	read_mem(in, len, &o, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	CU_ASSERT_EQUAL(g.r[0].status, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.r[1].status, PCL_REC_TOOBIG);
	CU_ASSERT_EQUAL(g.r[1].line, 3);
	CU_ASSERT_EQUAL(g.r[1].bad, 1);
	CU_ASSERT_EQUAL(g.r[1].lines, 42);
	CU_ASSERT_EQUAL(g.r[1].swallowed, 41);
	/* the first 16 bytes of the field are kept */
	CU_ASSERT_EQUAL(g.r[1].nf, 2);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "never\nabcdefghi\n");
	CU_ASSERT_EQUAL(g.n, 2);
	CU_ASSERT_EQUAL(g.lines, 44);
}

/*
 * A quoted description of 70,000 bytes (over the 64 KiB cap) holding a
 * line that looks like a record: the file has 2 records and no third
 * comes from inside the field. Record 1 is TOOBIG in its description
 * (column 3), spans lines 2-4 and swallowed 2 lines; record 2 is read
 * as written, on line 5.
 */
static void
test_manifest_long_quoted_field_yields_no_record(void)
{
	static const char inner[] = "\nPHANTOM,FR,CN,2024-03-12,25.00,EUR,x\n";
	size_t big = 70000, len, i, k;
	char *s = malloc(big + 256), path[256];
	struct got g;

	CU_ASSERT_FATAL(s != NULL);
	len = (size_t)snprintf(s, 256, "tracking_number,consignor_country,"
	    "description,n\nT1,CN,\"");
	k = len;
	for (i = 0; i < big; i++)
		s[len + i] = 'x';
	memcpy(s + len + 40000, inner, sizeof inner - 1);
	len += big;
	len += (size_t)snprintf(s + len, 256, "\",1\nT2,CN,shirt,2\n");
	write_tmp(path, sizeof path, s, len);
	read_all(path, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 2, 3, 48, PCL_REC_TOOBIG);
	CU_ASSERT_EQUAL(g.r[0].bad, 2);
	CU_ASSERT_EQUAL(g.r[0].swallowed, 2);
	CU_ASSERT_EQUAL(g.r[0].nf, 4);
	CU_ASSERT_EQUAL(g.r[0].len[2], 65536);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[3], "1");
	check_rec(&g.r[1], 2, 5, 1, k + big + 4, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[0], "T2");
	CU_ASSERT_EQUAL(g.lines, 5);
	unlink(path);
	free(s);
}

/*
 * Lines swallowed are those the offending field ran over. A properly
 * closed multi-line quoted field below the cap swallows nothing, even
 * in a record rejected for a stray quote or too many columns; an
 * unterminated quote swallows every line after its own.
 */
static void
test_manifest_swallowed_lines_are_the_bad_fields(void)
{
	/* closed 3-line field, then a stray quote on line 4 */
	static const char q[] = "a,b,c\n1,\"x\ny\nz\",w\"v\n2,b,c\n";
	/* closed 2-line field, then a fourth column */
	static const char cols[] = "a,b,c\n1,\"x\ny\",c,d\n2,b,c\n";
	/* a stray quote inside a field that ran over a line */
	static const char run[] = "a,b,c\n1,\"x\ny\"z,c\n2,b,c\n";
	/* unterminated: lines 2 to 4, 2 swallowed */
	static const char open[] = "a,b,c\n1,b,\"x\ny\nz\n";
	struct pcl_manifest_opts o3 = { 0, 0, 3, NULL, 0, 0, NULL, 0, 0 };
	struct got g;

	READ_STR(q, NULL, &g);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 2, 3, 6, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.r[0].swallowed, 0);
	check_rec(&g.r[1], 2, 5, 1, 20, PCL_REC_OK);
	READ_STR(cols, &o3, &g);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 2, 2, 6, PCL_REC_TOOBIG);
	CU_ASSERT_EQUAL(g.r[0].swallowed, 0);
	READ_STR(run, NULL, &g);
	check_rec(&g.r[0], 1, 2, 2, 6, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.r[0].swallowed, 1);
	READ_STR(open, NULL, &g);
	CU_ASSERT_EQUAL(g.n, 1);
	check_rec(&g.r[0], 1, 2, 3, 6, PCL_REC_QUOTE);
	CU_ASSERT_EQUAL(g.r[0].swallowed, 2);
}

static void
test_manifest_too_many_columns(void)
{
	static const char in[] = "a,b,c\n1,2,3\n1,2,3,4\n5,6,7\n";
	struct pcl_manifest_opts o = { 0, 0, 3, NULL, 0, 0, NULL, 0, 0 };
	struct got g;

	READ_STR(in, &o, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 3);
	CU_ASSERT_EQUAL(g.r[0].status, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.r[1].status, PCL_REC_TOOBIG);
	CU_ASSERT_EQUAL(g.r[1].bad, 3);
	CU_ASSERT_EQUAL(g.r[1].nf, 3);
	check_rec(&g.r[2], 3, 4, 1, 20, PCL_REC_OK);
}

static void
check_open_fails(const char *in, size_t len, const struct pcl_manifest_opts *o,
    int code, const char *msg, unsigned long line)
{
	struct got g;

	read_mem(in, len, o, &g);
	CU_ASSERT_EQUAL(g.open_rc, code);
	CU_ASSERT_EQUAL(g.err.code, code);
	CU_ASSERT_PTR_NOT_NULL(strstr(g.err.msg, msg));
	CU_ASSERT_PTR_NOT_NULL(strstr(g.err.file, "pcl-test-manifest-"));
	CU_ASSERT_EQUAL(g.err.line, line);
}
#define OPEN_FAILS(s, o, c, m, l) check_open_fails((s), sizeof(s) - 1, (o), \
    (c), (m), (l))

static void
test_manifest_header_errors(void)
{
	struct pcl_manifest_opts o = { 0, 0, 2, NULL, 0, 0, NULL, 0, 0 };
	struct got g;

	OPEN_FAILS("", NULL, PCL_E_SCHEMA, "no header", 0);
	OPEN_FAILS("\n\r\n\n", NULL, PCL_E_SCHEMA, "no header", 3);
	OPEN_FAILS(",,\n1,2,3\n", NULL, PCL_E_SCHEMA, "no header", 1);
	OPEN_FAILS("\"\"\n1\n", NULL, PCL_E_SCHEMA, "no header", 1);
	OPEN_FAILS("\nid,na\xe9me\n", NULL, PCL_E_SCHEMA, "utf-8", 2);
	OPEN_FAILS("id,na\"me\n", NULL, PCL_E_SCHEMA, "quote", 1);
	OPEN_FAILS("id,\"name\n", NULL, PCL_E_SCHEMA, "quote", 1);
	OPEN_FAILS("a,b,c\n", &o, PCL_E_SCHEMA, "more than 2 columns", 1);
	OPEN_FAILS("a,\0\n", NULL, PCL_E_SCHEMA, "nul", 1);
	/* the names are judged in header.c (test_header); here: the
	 * refusal is placed at the header's line */
	OPEN_FAILS("\nid,note,qty,note\n", NULL, PCL_E_SCHEMA,
	    "columns 2 and 4 are both 'note'", 2);

	o.max_columns = 0;
	o.delimiter = '"';
	read_all(PCL_FIXTURE("reader/simple-three-rows.csv"), &o, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_USAGE);

	read_all("no-such-dir/no-such-file.csv", NULL, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_IO);
	CU_ASSERT_STRING_EQUAL(g.err.file, "no-such-dir/no-such-file.csv");
	CU_ASSERT_PTR_NOT_NULL(strstr(g.err.msg, "cannot open"));
	read_all(".", NULL, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_IO);
}

static void
test_manifest_header_only(void)
{
	static const char in[] = "id,name\n";
	struct got g;

	READ_STR(in, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	CU_ASSERT_EQUAL(g.n, 0);
	CU_ASSERT_EQUAL(g.ncols, 2);
}

/* The fruit file, gzip-compressed into a temporary file. */
static const char fruit[] = "id,name,qty\n1,apple,3\n2,pear,5\n3,plum,7\n";

static void
test_manifest_gzip_plain(void)
{
	char path[256];
	struct got g;

	write_tmp(path, sizeof path, "", 0);
	write_gz(path, "wb", fruit, sizeof fruit - 1);
	read_all(path, NULL, &g);
	unlink(path);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.gzip, 1);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	check_fruit(&g);
	check_rec(&g.r[2], 3, 4, 1, 31, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.bytes, 40);	/* offsets count decompressed bytes */
	CU_ASSERT_EQUAL(g.close_rc, PCL_OK);
}

static void
test_manifest_gzip_multi_member(void)
{
	char p1[256], p2[256], both[256];
	char *a, *b, *ab;
	size_t la, lb;
	struct got g;

	/* the first member ends in the middle of "apple" */
	write_tmp(p1, sizeof p1, "", 0);
	write_tmp(p2, sizeof p2, "", 0);
	write_gz(p1, "wb", fruit, 16);
	write_gz(p2, "wb9", fruit + 16, sizeof fruit - 1 - 16);
	a = slurp(p1, &la);
	b = slurp(p2, &lb);
	ab = malloc(la + lb);
	CU_ASSERT_FATAL(ab != NULL);
	memcpy(ab, a, la);
	memcpy(ab + la, b, lb);
	write_tmp(both, sizeof both, ab, la + lb);
	read_all(both, NULL, &g);
	unlink(p1);
	unlink(p2);
	unlink(both);
	free(a);
	free(b);
	free(ab);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.gzip, 1);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	check_fruit(&g);
	CU_ASSERT_EQUAL(g.nbad, 0);
}

/* Rows "n,item-n,n%7" for n = 1..'n' into a malloc'd buffer. */
static char *
make_rows(size_t n, size_t *len)
{
	size_t cap = 32 + n * 40, i;
	char *s = malloc(cap);

	CU_ASSERT_FATAL(s != NULL);
	*len = (size_t)snprintf(s, cap, "id,name,qty\n");
	for (i = 1; i <= n; i++)
		*len += (size_t)snprintf(s + *len, cap - *len,
		    "%zu,item-%zu,%zu\n", i, i * 7919 % 100003, i % 7);
	return s;
}

static void
test_manifest_gzip_truncated(void)
{
	struct pcl_manifest *m;
	struct pcl_error err;
	struct pcl_record r;
	char path[256], cut[256], want[160];
	char *rows, *gz;
	size_t len, glen;
	unsigned long n = 0;
	int rc;

	rows = make_rows(200000, &len);
	write_tmp(path, sizeof path, "", 0);
	write_gz(path, "wb", rows, len);
	gz = slurp(path, &glen);
	write_tmp(cut, sizeof cut, gz, glen / 2);	/* gzip -c | head -c N */
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, cut, NULL, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_is_gzip(m), 1);
	while ((rc = pcl_manifest_next(m, &r, &err)) == PCL_OK) {
		n++;
		if (r.status != PCL_REC_OK)
			break;
	}
	CU_ASSERT_EQUAL(rc, PCL_E_GZIP);
	CU_ASSERT(n > 1000 && n < 200000);
	CU_ASSERT_EQUAL(err.code, PCL_E_GZIP);
	/* the compressed byte where the file ends; the cut record */
	snprintf(want, sizeof want, "truncated gzip stream at compressed "
	    "byte %zu (the end of the file); record %lu is cut", glen / 2,
	    n + 1);
	CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
	CU_ASSERT_STRING_EQUAL(err.file, cut);
	CU_ASSERT_EQUAL(err.record, n + 1);
	CU_ASSERT_EQUAL(err.line, n + 2);	/* header on line 1 */
	CU_ASSERT_EQUAL(err.offset, pcl_manifest_bytes(m));
	/* every byte before the cut was parsed: n records whole */
	CU_ASSERT_EQUAL(pcl_manifest_lines(m), n + 2);
	/* the error stays */
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &r, &err), PCL_E_GZIP);
	CU_ASSERT_NSTRING_EQUAL(err.msg, want, strlen(want));
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_E_GZIP);

	/* cut inside the gzip header: fails at open */
	unlink(cut);
	write_tmp(cut, sizeof cut, gz, 5);
	CU_ASSERT_EQUAL(pcl_manifest_open(&m, cut, NULL, &err), PCL_E_GZIP);
	CU_ASSERT_PTR_NULL(m);
	unlink(cut);
	unlink(path);
	free(gz);
	free(rows);
}

static void
test_manifest_gzip_corrupt_crc(void)
{
	char path[256], want[160];
	char *gz;
	size_t glen;
	struct got g;

	write_tmp(path, sizeof path, "", 0);
	write_gz(path, "wb", fruit, sizeof fruit - 1);
	gz = slurp(path, &glen);
	unlink(path);
	gz[glen - 8] ^= 0x55;	/* the CRC-32 in the member trailer */
	read_mem(gz, glen, NULL, &g);
	/*
	 * all three records are read (the data inflated whole), then
	 * the damaged trailer is reported at its own compressed byte, not
	 * at the record being read when it was noticed.
	 */
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	check_fruit(&g);
	CU_ASSERT_EQUAL(g.rc, PCL_E_GZIP);
	snprintf(want, sizeof want, "corrupt gzip stream: incorrect data "
	    "check at compressed byte %zu; after record 3, the last complete "
	    "one (line 4)", glen - 8);
	CU_ASSERT_STRING_EQUAL(g.err.msg, want);
	CU_ASSERT_EQUAL(g.err.record, 0);
	CU_ASSERT_EQUAL(g.err.line, 0);
	CU_ASSERT_EQUAL(g.err.offset, sizeof fruit - 1);
	CU_ASSERT_EQUAL(g.close_rc, PCL_E_GZIP);

	/* the length (ISIZE, the last 4 bytes) wrong instead */
	gz[glen - 8] ^= 0x55;
	gz[glen - 4] ^= 0x01;
	read_mem(gz, glen, NULL, &g);
	CU_ASSERT_EQUAL(g.n, 3);
	CU_ASSERT_EQUAL(g.rc, PCL_E_GZIP);
	snprintf(want, sizeof want, "corrupt gzip stream: incorrect length "
	    "check at compressed byte %zu;", glen - 4);
	CU_ASSERT_NSTRING_EQUAL(g.err.msg, want, strlen(want));
	free(gz);
}

/*
 * zlib's gzread skips bytes after the last member that do not start
 * another one; the reader refuses them, after reading what came before.
 * Members concatenated are still read whole, and an empty member is
 * still a member.
 */
/*
 * crlf-line-endings.csv gzipped with one byte flipped (byte 104, ^0xff):
 * it inflates to a header with an empty column name before zlib finds
 * the bad CRC. The stream, not the header, is reported.
 */
static void
test_manifest_gzip_byte_flipped_blames_stream(void)
{
	struct got g;

	read_all(PCL_FIXTURE("faults/gzip-byte-flipped.csv.gz"), NULL, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_GZIP);
	CU_ASSERT_PTR_NOT_NULL(strstr(g.err.msg, "corrupt gzip stream: "
	    "incorrect data check at compressed byte 154"));
	CU_ASSERT_PTR_NULL(strstr(g.err.msg, "column"));
	CU_ASSERT_PTR_NOT_NULL(strstr(g.err.file, "gzip-byte-flipped"));
}

static void
test_manifest_gzip_trailing_junk(void)
{
	char path[256], want[160];
	char *gz, *two;
	size_t glen, i;
	struct got g;

	write_tmp(path, sizeof path, "", 0);
	write_gz(path, "wb", fruit, sizeof fruit - 1);
	gz = slurp(path, &glen);
	unlink(path);
	two = malloc(2 * glen + 8);
	CU_ASSERT_FATAL(two != NULL);
	/* one member, then "junk\n": records read, then the error */
	memcpy(two, gz, glen);
	memcpy(two + glen, "junk\n", 5);
	read_mem(two, glen + 5, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	check_fruit(&g);
	CU_ASSERT_EQUAL(g.rc, PCL_E_GZIP);
	snprintf(want, sizeof want, "junk after the last gzip member at "
	    "compressed byte %zu; after record 3, the last complete one "
	    "(line 4)", glen);
	CU_ASSERT_STRING_EQUAL(g.err.msg, want);
	CU_ASSERT_EQUAL(g.close_rc, PCL_E_GZIP);
	/* a single stray byte (a lone NUL or newline) is junk too */
	for (i = 0; i < 2; i++) {
		two[glen] = i == 0 ? '\0' : '\n';
		read_mem(two, glen + 1, NULL, &g);
		CU_ASSERT_EQUAL(g.n, 3);
		CU_ASSERT_EQUAL(g.rc, PCL_E_GZIP);
		CU_ASSERT_PTR_NOT_NULL(strstr(g.err.msg, "junk after"));
	}
	/* the gzip magic, then junk: a corrupt second member */
	memcpy(two + glen, "\x1f\x8bxx", 4);
	read_mem(two, glen + 4, NULL, &g);
	CU_ASSERT_EQUAL(g.n, 3);
	CU_ASSERT_EQUAL(g.rc, PCL_E_GZIP);
	CU_ASSERT_PTR_NOT_NULL(strstr(g.err.msg, "corrupt gzip stream"));
	/* two whole members: the header of the second is a record */
	memcpy(two + glen, gz, glen);
	read_mem(two, 2 * glen, NULL, &g);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	CU_ASSERT_EQUAL(g.n, 7);
	CU_ASSERT_EQUAL(g.close_rc, PCL_OK);
	free(two);
	free(gz);
}

/*
 * A 1-column file whose line ends land on the 1 MiB boundary of the
 * reader's window: 'h' header bytes, then records of 100 bytes.
 */
static void
check_window_edge(const char *eol, size_t h)
{
	size_t nrec = 12000, el = strlen(eol), len = 0, i;
	char *s = malloc(h + nrec * 100 + 1), path[256];
	struct pcl_manifest *m;
	struct pcl_error err;
	struct pcl_record r;
	unsigned long n = 0, bad = 0;

	CU_ASSERT_FATAL(s != NULL);
	memset(s, 'h', h - el);
	memcpy(s + h - el, eol, el);
	len = h;
	for (i = 1; i <= nrec; i++) {
		len += (size_t)snprintf(s + len, 100 - el + 1, "r%0*zu",
		    (int)(100 - el - 1), i);
		memcpy(s + len, eol, el);
		len += el;
	}
	write_tmp(path, sizeof path, s, len);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, NULL, &err), PCL_OK);
	while (pcl_manifest_next(m, &r, &err) == PCL_OK) {
		n++;
		if (r.status != PCL_REC_OK || r.nfields != 1 ||
		    r.lens[0] != 100 - el || r.line != n + 1 ||
		    r.lines != 1 || r.offset != h + (n - 1) * 100)
			bad++;
	}
	CU_ASSERT_EQUAL(n, nrec);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_manifest_lines(m), nrec + 1);
	CU_ASSERT_EQUAL(pcl_manifest_blank_lines(m), 0);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	unlink(path);
	free(s);
}

static void
test_manifest_line_end_on_window_edge(void)
{
	/* CR of a CRLF at byte 1048575: 77 + 100k + 98 = 1048575 */
	check_window_edge("\r\n", 77);
	/* CR-only: the CR at byte 1048575 needs a look at the next byte */
	check_window_edge("\r", 76);
	check_window_edge("\n", 76);
}

static void
test_manifest_field_longer_than_window(void)
{
	size_t big = 1500000, len, i;
	char *s = malloc(big + 64), path[256];
	struct pcl_manifest_opts o = { 0, 2000000, 0, NULL, 0, 0, NULL, 0, 0 };
	struct got g;

	CU_ASSERT_FATAL(s != NULL);
	len = (size_t)snprintf(s, 64, "id,d\n1,\"");
	for (i = 0; i < big; i++)
		s[len + i] = (i % 1000 == 999) ? '\n' : 'x';
	len += big;
	len += (size_t)snprintf(s + len, 64, "\"\n2,y\n");
	write_tmp(path, sizeof path, s, len);
	read_all(path, &o, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 2, 1501, 5, PCL_REC_OK);
	CU_ASSERT_EQUAL(g.r[0].len[1], big);
	check_rec(&g.r[1], 2, 1503, 1, len - 4, PCL_REC_OK);
	/*
	 * The default 64 KiB cap: record 1 is TOOBIG with its first 65536
	 * bytes, and still ends at its closing quote; record 2 follows.
	 */
	read_all(path, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.n, 2);
	check_rec(&g.r[0], 1, 2, 1501, 5, PCL_REC_TOOBIG);
	CU_ASSERT_EQUAL(g.r[0].bad, 1);
	CU_ASSERT_EQUAL(g.r[0].len[1], 65536);
	CU_ASSERT_EQUAL(g.r[0].swallowed, 1500);
	check_rec(&g.r[1], 2, 1503, 1, len - 4, PCL_REC_OK);
	CU_ASSERT_STRING_EQUAL(g.r[1].f[1], "y");
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	CU_ASSERT_EQUAL(g.lines, 1503);
	unlink(path);
	free(s);
}

static void
test_manifest_spool_stdin(void)
{
	char in[256], dir[] = "/tmp/pcl-spool-XXXXXX", *out = NULL, *data;
	struct pcl_error err;
	struct dirent *de;
	size_t len;
	int fd, saved, sfd = -1, entries = 0;
	DIR *d;

	write_tmp(in, sizeof in, fruit, sizeof fruit - 1);
	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	saved = dup(STDIN_FILENO);
	fd = open(in, O_RDONLY);
	CU_ASSERT_FATAL(saved >= 0 && fd >= 0);
	CU_ASSERT_FATAL(dup2(fd, STDIN_FILENO) == STDIN_FILENO);
	close(fd);
	CU_ASSERT_EQUAL(pcl_manifest_spool_stdin(&out, &sfd, dir, &err),
	    PCL_OK);
	CU_ASSERT_FATAL(dup2(saved, STDIN_FILENO) == STDIN_FILENO);
	close(saved);
	CU_ASSERT_FATAL(out != NULL);
	CU_ASSERT(sfd >= 0);
	/* unlinked at once, so a SIGKILL would leave nothing */
	d = opendir(dir);
	CU_ASSERT_FATAL(d != NULL);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			entries++;
	closedir(d);
	CU_ASSERT_EQUAL(entries, 0);
	/* the path reads the whole copy, twice (two passes) */
	data = slurp(out, &len);
	CU_ASSERT_EQUAL(len, sizeof fruit - 1);
	CU_ASSERT(memcmp(data, fruit, len) == 0);
	free(data);
	data = slurp(out, &len);
	CU_ASSERT_EQUAL(len, sizeof fruit - 1);
	free(data);
	close(sfd);
	free(out);
	unlink(in);
	rmdir(dir);

	CU_ASSERT_EQUAL(pcl_manifest_spool_stdin(&out, &sfd, "no-such-dir",
	    &err), PCL_E_WRITE);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(sfd, -1);
}

/*
 * An input that can be read only once (a pipe, as "<(zcat x.gz)" gives,
 * or a FIFO) is spooled like standard input; a regular file, and a path
 * that does not exist, are left to be opened where they are.
 */
static void
test_manifest_spool_pipe_not_regular_file(void)
{
	static const char in[] = "id,name\n1,a\n";
	struct pcl_error err;
	struct got g;
	char src[64], path[256], *out = NULL;
	int p[2], sfd = 5;

	CU_ASSERT_FATAL(pipe(p) == 0);
	CU_ASSERT_FATAL(write(p[1], in, sizeof in - 1) == sizeof in - 1);
	CU_ASSERT_FATAL(close(p[1]) == 0);
	snprintf(src, sizeof src, "/proc/self/fd/%d", p[0]);
	CU_ASSERT_EQUAL(pcl_manifest_spool(&out, &sfd, src, NULL, &err),
	    PCL_OK);
	CU_ASSERT_FATAL(out != NULL && sfd >= 0);
	(void)close(p[0]);
	/* read twice from the spool: the same record each time */
	read_all(out, NULL, &g);
	CU_ASSERT_EQUAL(g.n, 1);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[1], "a");
	read_all(out, NULL, &g);
	CU_ASSERT_EQUAL(g.n, 1);
	CU_ASSERT_EQUAL(g.bytes, sizeof in - 1);
	(void)close(sfd);
	free(out);
	/* a regular file: nothing to do */
	write_tmp(path, sizeof path, in, sizeof in - 1);
	CU_ASSERT_EQUAL(pcl_manifest_spool(&out, &sfd, path, NULL, &err),
	    PCL_OK);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(sfd, -1);
	unlink(path);
	CU_ASSERT_EQUAL(pcl_manifest_spool(&out, &sfd, path, NULL, &err),
	    PCL_OK);
	CU_ASSERT_PTR_NULL(out);
}

static void
test_manifest_real_olist_invalid_utf8(void)
{
	static const char *p = REAL("olist/resaved_olist_sellers_dataset_zeros_stripped.csv");
	struct got g;

	if (!have(p))
		return;
	read_all(p, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.rc, PCL_END);
	CU_ASSERT_EQUAL(g.n, 3095);
	CU_ASSERT_EQUAL(g.ncols, 4);
	/*
	 * Byte 19121 (0-based) is \xec in "Sa\xec\x83o Paulo"; 361 LFs
	 * precede it, so it is on line 362 = record 361, which starts at
	 * byte 19081 (the LF before it is at 19080).
	 */
	CU_ASSERT_EQUAL_FATAL(g.nbad, 3);
	check_rec(&g.bad[0], 361, 362, 1, 19081, PCL_REC_UTF8);
	CU_ASSERT_EQUAL(g.bad[0].bad, 2);
	CU_ASSERT_STRING_EQUAL(g.bad[0].f[1], "4557");
	/* D\xe2\xb4Oeste on lines 478 and 2342 (grep -n) */
	CU_ASSERT_EQUAL(g.bad[1].line, 478);
	CU_ASSERT_EQUAL(g.bad[1].record, 477);
	CU_ASSERT_EQUAL(g.bad[1].status, PCL_REC_UTF8);
	CU_ASSERT_EQUAL(g.bad[2].line, 2342);
	CU_ASSERT_EQUAL(g.lines, 3096);
	CU_ASSERT_EQUAL(g.bytes, 163588);
}

static void
test_manifest_real_cr_only_truncated(void)
{
	static const char *p = REAL("online_retail/clickzetta_online_retail_CR_truncated.csv");
	struct got g;

	if (!have(p))
		return;
	read_all(p, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.ncols, 8);
	/* 14,595 CRs: header + 14,594 records; then "537" cut short */
	CU_ASSERT_EQUAL(g.n, 14595);
	CU_ASSERT_EQUAL_FATAL(g.nbad, 1);
	check_rec(&g.bad[0], 14595, 14596, 1, 1183424 - 3,
	    PCL_REC_FIELD_COUNT);
	CU_ASSERT_EQUAL(g.bad[0].nf, 1);
	CU_ASSERT_STRING_EQUAL(g.bad[0].f[0], "537");
	CU_ASSERT_EQUAL(g.lines, 14596);
	CU_ASSERT_EQUAL(g.blank, 0);
}

static void
test_manifest_real_semicolon(void)
{
	static const char *p = REAL("online_retail/rhozon_online_retail_semicolon_5000.csv");
	struct pcl_manifest_opts o = { ';', 0, 0, NULL, 0, 0, NULL, 0, 0 };
	struct got g;

	if (!have(p))
		return;
	read_all(p, &o, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.ncols, 10);
	CU_ASSERT_STRING_EQUAL(g.col0, "X.1");
	CU_ASSERT_EQUAL(g.n, 5000);
	CU_ASSERT_EQUAL(g.nbad, 0);
	CU_ASSERT_STRING_EQUAL(g.r[0].f[0], "10952");
	CU_ASSERT_EQUAL(g.lines, 5001);
}

static void
test_manifest_real_hts_bare_lf_in_crlf(void)
{
	static const char *p = REAL("hs/us_hts_htsdata.csv");
	struct got g;

	if (!have(p))
		return;
	read_all(p, NULL, &g);
	CU_ASSERT_EQUAL_FATAL(g.open_rc, PCL_OK);
	CU_ASSERT_EQUAL(g.ncols, 9);
	CU_ASSERT_EQUAL(g.n, 35938);
	CU_ASSERT_EQUAL(g.nbad, 0);
	/* 35,972 LFs: 35,939 CRLF line ends + 33 bare LFs inside quotes */
	CU_ASSERT_EQUAL(g.lines, 35972);
	CU_ASSERT_EQUAL(g.bytes, 3501359);
}

/* --encoding converts to UTF-8 before parsing; a bad byte is fatal. */
static void
test_manifest_encoding_converts_to_utf8(void)
{
	static const char cp1252[] = "id;name\n1;caf\xe9 \x80\n";
	static const char bad[] = "id,name\n1,a\x81" "b\n";
	static const char multi[] = "id,name\n1,a\n2,\"x\ny\x81\"\n";
	char path[] = "/tmp/pcl-test-manifest-enc-XXXXXX";
	struct pcl_manifest_opts o;
	struct pcl_manifest *m;
	struct pcl_record rec;
	struct pcl_error err;
	int fd;

	memset(&o, 0, sizeof o);
	o.encoding = "cp1252";
	o.detect_delimiter = 1;
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT(write(fd, cp1252, sizeof cp1252 - 1) ==
	    (ssize_t)(sizeof cp1252 - 1));
	close(fd);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_delimiter(m), ';');
	CU_ASSERT_EQUAL(pcl_manifest_delimiter_detected(m), 1);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_next(m, &rec, &err), PCL_OK);
	CU_ASSERT_EQUAL(rec.status, PCL_REC_OK);
	CU_ASSERT_EQUAL_FATAL(rec.nfields, 2);
	/* e-acute U+00E9 and the euro sign U+20AC in UTF-8 */
	CU_ASSERT_STRING_EQUAL(rec.fields[1], "caf\xc3\xa9 \xe2\x82\xac");
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &rec, &err), PCL_END);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);

	/*
	 * 0x81 is not assigned in windows-1252: byte 11 of the file, in
	 * record 1 (line 2), column 2. the bytes before it are parsed
	 * first, so the error names record, line and column.
	 */
	fd = open(path, O_WRONLY | O_TRUNC);
	CU_ASSERT(write(fd, bad, sizeof bad - 1) == (ssize_t)(sizeof bad - 1));
	close(fd);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &rec, &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.msg, "input is not valid cp1252 at byte 11 "
	    "of the file (record 1 at column 2, physical line 2)");
	CU_ASSERT_EQUAL(err.record, 1);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_STRING_EQUAL(err.field, "name");
	CU_ASSERT_EQUAL(err.offset, 11);
	CU_ASSERT_STRING_EQUAL(err.file, path);
	/* the error stays */
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &rec, &err), PCL_E_SCHEMA);
	CU_ASSERT_EQUAL(err.record, 1);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);

	/* in a quoted field over two lines: record 1 starts on line 2 */
	fd = open(path, O_WRONLY | O_TRUNC);
	CU_ASSERT(write(fd, multi, sizeof multi - 1) ==
	    (ssize_t)(sizeof multi - 1));
	close(fd);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_next(m, &rec, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &rec, &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.msg, "input is not valid cp1252 at byte 18 "
	    "of the file (record 2 at column 2, physical line 4)");
	CU_ASSERT_EQUAL(err.record, 2);
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_STRING_EQUAL(err.field, "name");
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);

	/* in the header: opening fails */
	fd = open(path, O_WRONLY | O_TRUNC);
	CU_ASSERT(write(fd, "id,n\x81me\n", 8) == 8);
	close(fd);
	CU_ASSERT_EQUAL(pcl_manifest_open(&m, path, &o, &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.msg, "input is not valid cp1252 at byte 4 "
	    "of the file (the header at column 2, physical line 1)");
	CU_ASSERT_EQUAL(err.record, 0);
	CU_ASSERT_EQUAL(err.line, 1);

	/* a GBK character cut by the end of the file */
	fd = open(path, O_WRONLY | O_TRUNC);
	CU_ASSERT(write(fd, "id,name\n1,\xc3", 11) == 11);
	close(fd);
	o.encoding = "gbk";
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &rec, &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.msg, "input is not valid gbk at byte 10 "
	    "of the file (cut at the end) (record 1 at column 2, physical "
	    "line 2)");
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	o.encoding = "no-such-encoding";
	CU_ASSERT_EQUAL(pcl_manifest_open(&m, path, &o, &err), PCL_E_USAGE);
	unlink(path);
}

/*
 * Found by scripts/fuzz: a line longer than the 1 MiB window, in an
 * encoding whose characters grow in UTF-8, left the window 2 bytes short
 * of full; iconv could not convert the next 3-byte character into them
 * and the reader asked again forever. Now the record ends TOOBIG.
 */
static void
test_manifest_encoding_long_line_fills_window(void)
{
	char path[] = "/tmp/pcl-test-manifest-long-XXXXXX";
	struct pcl_manifest_opts o;
	struct pcl_manifest *m;
	struct pcl_record rec;
	struct pcl_error err;
	FILE *f;
	int fd, i;

	memset(&o, 0, sizeof o);
	o.encoding = "gbk";
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	f = fdopen(fd, "w");
	fputs("id,name\n1,", f);
	for (i = 0; i < 400000; i++)	/* U+68C9, 2 bytes GBK, 3 UTF-8 */
		fputs("\xc3\xde", f);
	fputs("\n2,x\n", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_next(m, &rec, &err), PCL_OK);
	CU_ASSERT_EQUAL(rec.status, PCL_REC_TOOBIG);
	CU_ASSERT_EQUAL(rec.line, 2);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_next(m, &rec, &err), PCL_OK);
	CU_ASSERT_EQUAL(rec.status, PCL_REC_OK);
	CU_ASSERT_EQUAL(rec.line, 3);
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &rec, &err), PCL_END);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	unlink(path);
}

/* What a whole read gives, folded into one checksum per aspect. */
struct trace {
	int			 open_rc, rc, close_rc;
	struct pcl_error	 err;
	unsigned long		 n, nbad, blank, lines;
	unsigned long long	 bytes;
	uLong			 fields;	/* CRC-32 of every field and length */
	uLong			 where;		/* of record, line, lines, offset, status */
};

static void
trace_file(const char *path, int threaded, struct trace *t)
{
	struct pcl_manifest_opts o;
	struct pcl_manifest *m;
	struct pcl_record r;
	unsigned long long w[6];
	size_t i;

	memset(t, 0, sizeof *t);
	memset(&o, 0, sizeof o);
	o.detect_delimiter = 1;
	o.reader_thread = threaded;
	t->fields = t->where = crc32(0L, Z_NULL, 0);
	if ((t->open_rc = pcl_manifest_open(&m, path, &o, &t->err)) != PCL_OK)
		return;
	while ((t->rc = pcl_manifest_next(m, &r, &t->err)) == PCL_OK) {
		t->n++;
		t->nbad += r.status != PCL_REC_OK;
		for (i = 0; i < r.nfields; i++) {
			CU_ASSERT(r.fields[i][r.lens[i]] == '\0');
			t->fields = crc32(t->fields, (const Bytef *)r.fields[i],
			    (uInt)r.lens[i] + 1);
		}
		w[0] = r.record;
		w[1] = r.line;
		w[2] = r.lines;
		w[3] = r.offset;
		w[4] = (unsigned long long)r.status << 32 | r.bad_field;
		w[5] = r.nfields;
		t->where = crc32(t->where, (const Bytef *)w, sizeof w);
	}
	t->blank = pcl_manifest_blank_lines(m);
	t->lines = pcl_manifest_lines(m);
	t->bytes = pcl_manifest_bytes(m);
	t->close_rc = pcl_manifest_close(m);
}

static void
same_both_ways(const char *path)
{
	struct trace a, b;

	trace_file(path, 0, &a);
	trace_file(path, 1, &b);
	CU_ASSERT_EQUAL(a.open_rc, b.open_rc);
	CU_ASSERT_EQUAL(a.rc, b.rc);
	CU_ASSERT_EQUAL(a.close_rc, b.close_rc);
	CU_ASSERT_EQUAL(a.n, b.n);
	CU_ASSERT_EQUAL(a.nbad, b.nbad);
	CU_ASSERT_EQUAL(a.blank, b.blank);
	CU_ASSERT_EQUAL(a.lines, b.lines);
	CU_ASSERT_EQUAL(a.bytes, b.bytes);
	CU_ASSERT_EQUAL(a.fields, b.fields);
	CU_ASSERT_EQUAL(a.where, b.where);
	CU_ASSERT_EQUAL(a.err.code, b.err.code);
	CU_ASSERT_STRING_EQUAL(a.err.msg, b.err.msg);
	CU_ASSERT_EQUAL(a.err.record, b.err.record);
	CU_ASSERT_EQUAL(a.err.line, b.err.line);
	CU_ASSERT_EQUAL(a.err.offset, b.err.offset);
	if (a.n != b.n || a.rc != b.rc || a.where != b.where)
		fprintf(stderr, "\n  reader thread differs on %s\n", path);
}

/*
 * with the reader thread the same records, statuses, positions,
 * counters and errors come out, in the same order, for every fault
 * fixture and for inputs of many batches (a truncated gzip among them).
 */
static void
test_manifest_reader_thread_same_records(void)
{
	static const char *const faults[] = {
		"blank-lines.csv", "bom-utf8.csv", "cr-only-line-endings.csv",
		"crlf-line-endings.csv", "delimiter-ambiguous-header.csv",
		"delimiter-pipe.csv", "delimiter-tab.csv", "empty-file.csv",
		"field-over-64k.csv", "gzip-bad-crc.csv.gz",
		"gzip-corrupt.csv.gz", "gzip-multi-member.csv.gz",
		"gzip-truncated.csv.gz", "gzip-trailing-junk.csv.gz",
		"gzip-trailing-zeros.csv.gz", "gzip-bad-length.csv.gz",
		"header-only.csv",
		"invalid-utf8-deep.csv", "last-record-cut-short.csv",
		"no-final-newline.csv", "nul-byte.csv",
		"quoted-newline-in-description.csv", "ragged-rows.csv",
		"stray-quote.csv", "unterminated-quote.csv",
		"duplicate-header-name.csv"
	};
	struct trace t;
	char path[256], cut[256], name[300];
	char *rows, *gz;
	size_t len, glen, i;

	for (i = 0; i < sizeof faults / sizeof *faults; i++) {
		snprintf(name, sizeof name, "%s%s", PCL_FIXTURE("faults/"),
		    faults[i]);
		same_both_ways(name);
	}
	/* 5000 rows: several batches of 1024 records; worked by hand */
	rows = make_rows(5000, &len);
	write_tmp(path, sizeof path, "", 0);
	write_gz(path, "wb", rows, len);
	trace_file(path, 1, &t);
	CU_ASSERT_EQUAL(t.rc, PCL_END);
	CU_ASSERT_EQUAL(t.n, 5000);
	CU_ASSERT_EQUAL(t.nbad, 0);
	CU_ASSERT_EQUAL(t.lines, 5001);
	CU_ASSERT_EQUAL(t.bytes, len);
	same_both_ways(path);
	/* cut in the middle: the error comes after the records before it */
	gz = slurp(path, &glen);
	write_tmp(cut, sizeof cut, gz, glen / 2);
	trace_file(cut, 1, &t);
	CU_ASSERT_EQUAL(t.rc, PCL_E_GZIP);
	CU_ASSERT_EQUAL(t.err.record, t.n + 1);
	same_both_ways(cut);
	unlink(cut);
	unlink(path);
	free(gz);
	free(rows);
}

/*
 * Batches taken stay valid, fields and all, until given back: four held
 * at once (the most allowed) while a thread reads ahead, given back
 * oldest first; the records are those of the file, each once, in order.
 * Worked by hand: 2000 rows are 8 batches of 256 then one of 208.
 */
static void
take_all(int threaded)
{
	struct pcl_manifest_opts o;
	struct pcl_manifest *m;
	struct pcl_error err;
	const struct pcl_record *held[PCL_MANIFEST_HOLD_MAX];
	size_t hn[PCL_MANIFEST_HOLD_MAX];
	const struct pcl_record *recs;
	char path[256], want[32];
	char *rows;
	size_t len, n, k, i, nb = 0, h;
	unsigned long next = 1;
	int rc;

	rows = make_rows(2000, &len);
	write_tmp(path, sizeof path, rows, len);
	memset(&o, 0, sizeof o);
	o.reader_thread = threaded;
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	for (;;) {
		for (h = 0; h < PCL_MANIFEST_HOLD_MAX; h++) {
			rc = pcl_manifest_take(m, &held[h], &hn[h], &err);
			if (rc != PCL_OK)
				break;
			nb++;
			CU_ASSERT_EQUAL(hn[h], nb <= 7 ? 256u : 208u);
		}
		if (nb == PCL_MANIFEST_HOLD_MAX) {
			/* a fifth is refused while four are held */
			CU_ASSERT_EQUAL(pcl_manifest_take(m, &recs, &n, &err),
			    PCL_E_USAGE);
		}
		/* every held record still reads as written */
		for (k = 0; k < h; k++)
			for (i = 0; i < hn[k]; i++, next++) {
				CU_ASSERT_EQUAL(held[k][i].record, next);
				CU_ASSERT_EQUAL(held[k][i].line, next + 1);
				snprintf(want, sizeof want, "%lu", next);
				CU_ASSERT_STRING_EQUAL(held[k][i].fields[0],
				    want);
				snprintf(want, sizeof want, "item-%lu",
				    next * 7919 % 100003);
				CU_ASSERT_STRING_EQUAL(held[k][i].fields[1],
				    want);
			}
		for (k = 0; k < h; k++)
			pcl_manifest_give(m);
		if (h < PCL_MANIFEST_HOLD_MAX)
			break;
	}
	CU_ASSERT_EQUAL(rc, PCL_END);
	CU_ASSERT_EQUAL(nb, 8);
	CU_ASSERT_EQUAL(next, 2001);
	/* the end stays the answer */
	CU_ASSERT_EQUAL(pcl_manifest_take(m, &recs, &n, &err), PCL_END);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(pcl_manifest_lines(m), 2001);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	unlink(path);
	free(rows);
}

static void
test_manifest_take_batches_stay_valid_until_given(void)
{
	take_all(0);
	take_all(1);
}

/*
 * The digest is of exactly the bytes read: a file appended to after
 * the first window was read (1 MiB, at open) gives the records and the
 * SHA-256 and size of the file as it is at the end, never those of a
 * copy read before. 70,000 rows of 10-20 bytes pass the window.
 */
static void
test_manifest_digest_of_the_bytes_read(void)
{
	struct pcl_manifest_opts o;
	struct pcl_manifest *m;
	struct pcl_error err;
	struct pcl_record r;
	char path[256], hex[65], want[65];
	char *rows, *all;
	unsigned long long bytes = 0;
	size_t len, alen;
	unsigned long n = 0;
	FILE *f;
	int rc;

	rows = make_rows(70000, &len);
	CU_ASSERT_FATAL(len > (1u << 20));
	write_tmp(path, sizeof path, rows, len);
	memset(&o, 0, sizeof o);
	o.digest = 1;
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	/* asked too early */
	CU_ASSERT_EQUAL(pcl_manifest_digest(m, hex, &bytes, &err), PCL_E_USAGE);
	f = fopen(path, "ab");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT(fputs("70001,late,1\n", f) >= 0);
	CU_ASSERT_FATAL(fclose(f) == 0);
	while ((rc = pcl_manifest_next(m, &r, &err)) == PCL_OK)
		n++;
	CU_ASSERT_EQUAL(rc, PCL_END);
	CU_ASSERT_EQUAL(n, 70001);
	CU_ASSERT_EQUAL(pcl_manifest_digest(m, hex, &bytes, &err), PCL_OK);
	all = slurp(path, &alen);
	CU_ASSERT_EQUAL(alen, len + 13);
	CU_ASSERT_EQUAL(bytes, alen);
	pcl_digest_buffer(all, alen, want);
	CU_ASSERT_STRING_EQUAL(hex, want);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	/* gzip: the digest is of the compressed bytes, as on disk */
	write_gz(path, "wb", rows, len);
	free(all);
	all = slurp(path, &alen);
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	while ((rc = pcl_manifest_next(m, &r, &err)) == PCL_OK)
		;
	CU_ASSERT_EQUAL(pcl_manifest_digest(m, hex, &bytes, &err), PCL_OK);
	pcl_digest_buffer(all, alen, want);
	CU_ASSERT_STRING_EQUAL(hex, want);
	CU_ASSERT_EQUAL(bytes, alen);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	/* without the option */
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, NULL, &err), PCL_OK);
	while ((rc = pcl_manifest_next(m, &r, &err)) == PCL_OK)
		;
	CU_ASSERT_EQUAL(pcl_manifest_digest(m, hex, NULL, &err), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	unlink(path);
	free(all);
	free(rows);
}

/* closing with the reader thread still running ahead. */
static void
test_manifest_reader_thread_close_early(void)
{
	struct pcl_manifest_opts o;
	struct pcl_manifest *m;
	struct pcl_error err;
	struct pcl_record r;
	char path[256];
	char *rows;
	size_t len;

	rows = make_rows(20000, &len);
	write_tmp(path, sizeof path, rows, len);
	memset(&o, 0, sizeof o);
	o.reader_thread = 1;
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_next(m, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL(r.record, 1);
	CU_ASSERT_EQUAL(r.nfields, 3);
	CU_ASSERT_STRING_EQUAL(r.fields[0], "1");
	CU_ASSERT_STRING_EQUAL(r.fields[1], "item-7919");
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	/* closed before the first record */
	CU_ASSERT_EQUAL_FATAL(pcl_manifest_open(&m, path, &o, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_manifest_ncols(m), 3);
	CU_ASSERT_EQUAL(pcl_manifest_close(m), PCL_OK);
	unlink(path);
	free(rows);
}

/* A header over a limit names it; UTF-16 bytes name --encoding. */
static void
test_manifest_header_faults_say_what_to_do(void)
{
	struct pcl_manifest_opts o;
	struct got g;
	/* "id,na\n" in UTF-16 with a little-endian BOM, and without one */
	static const char bom[] = "\xff\xfei\0d\0,\0n\0a\0\n\0";
	static const char le[] = "i\0d\0,\0n\0a\0\n\0";

	memset(&o, 0, sizeof o);
	o.max_columns = 2;
	READ_STR("a,b,c\n1,2,3\n", &o, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(g.err.msg,
	    "malformed header: more than 2 columns");
	memset(&o, 0, sizeof o);
	o.max_field_bytes = 4;
	READ_STR("abcdef,b\n1,2\n", &o, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(g.err.msg,
	    "malformed header: a column name over 4 bytes");
	READ_STR(bom, NULL, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(g.err.msg, "header not valid utf-8: looks "
	    "like UTF-16: use --encoding UTF-16");
	READ_STR(le, NULL, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(g.err.msg, "header contains a nul byte: looks "
	    "like UTF-16: use --encoding UTF-16");
	/* plain bad UTF-8: no hint */
	READ_STR("id,n\xe9\n", NULL, &g);
	CU_ASSERT_EQUAL(g.open_rc, PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(g.err.msg, "header not valid utf-8");
}

static const struct pcl_test tests[] = {
	PCL_TEST(test_manifest_simple_three_rows),
	PCL_TEST(test_manifest_colnames_and_accessors),
	PCL_TEST(test_manifest_crlf_line_endings),
	PCL_TEST(test_manifest_cr_only_line_endings),
	PCL_TEST(test_manifest_quoted_newline_spans_lines),
	PCL_TEST(test_manifest_quoted_crlf_in_lf_file),
	PCL_TEST(test_manifest_bare_cr_in_lf_file_ends_record),
	PCL_TEST(test_manifest_mixed_line_ends_each_end_one_line),
	PCL_TEST(test_manifest_blank_lines_counted_not_records),
	PCL_TEST(test_manifest_blank_crlf_lines),
	PCL_TEST(test_manifest_blank_lines_before_header),
	PCL_TEST(test_manifest_no_final_newline_keeps_last_record),
	PCL_TEST(test_manifest_bom_skipped_but_counted),
	PCL_TEST(test_manifest_stray_quote_resyncs_at_line_end),
	PCL_TEST(test_manifest_stray_quote_in_multiline_record),
	PCL_TEST(test_manifest_unterminated_quote_at_eof),
	PCL_TEST(test_manifest_ragged_rows),
	PCL_TEST(test_manifest_trailing_delimiter_adds_field),
	PCL_TEST(test_manifest_truncated_last_record_is_field_count),
	PCL_TEST(test_manifest_spaces_kept),
	PCL_TEST(test_manifest_one_line_quoted_fields),
	PCL_TEST(test_manifest_nul_found_in_its_field),
	PCL_TEST(test_manifest_semicolon_delimiter),
	PCL_TEST(test_manifest_invalid_utf8_field),
	PCL_TEST(test_manifest_utf8_rules),
	PCL_TEST(test_manifest_nul_byte_in_field),
	PCL_TEST(test_manifest_field_over_cap),
	PCL_TEST(test_manifest_field_over_cap_keeps_rest),
	PCL_TEST(test_manifest_unclosed_quote_capped),
	PCL_TEST(test_manifest_long_quoted_field_yields_no_record),
	PCL_TEST(test_manifest_swallowed_lines_are_the_bad_fields),
	PCL_TEST(test_manifest_too_many_columns),
	PCL_TEST(test_manifest_header_errors),
	PCL_TEST(test_manifest_encoding_converts_to_utf8),
	PCL_TEST(test_manifest_encoding_long_line_fills_window),
	PCL_TEST(test_manifest_header_only),
	PCL_TEST(test_manifest_gzip_plain),
	PCL_TEST(test_manifest_gzip_multi_member),
	PCL_TEST(test_manifest_gzip_truncated),
	PCL_TEST(test_manifest_gzip_corrupt_crc),
	PCL_TEST(test_manifest_gzip_trailing_junk),
	PCL_TEST(test_manifest_gzip_byte_flipped_blames_stream),
	PCL_TEST(test_manifest_line_end_on_window_edge),
	PCL_TEST(test_manifest_field_longer_than_window),
	PCL_TEST(test_manifest_spool_stdin),
	PCL_TEST(test_manifest_spool_pipe_not_regular_file),
	PCL_TEST(test_manifest_real_olist_invalid_utf8),
	PCL_TEST(test_manifest_real_cr_only_truncated),
	PCL_TEST(test_manifest_real_semicolon),
	PCL_TEST(test_manifest_real_hts_bare_lf_in_crlf),
	PCL_TEST(test_manifest_reader_thread_same_records),
	PCL_TEST(test_manifest_reader_thread_close_early),
	PCL_TEST(test_manifest_take_batches_stay_valid_until_given),
	PCL_TEST(test_manifest_digest_of_the_bytes_read),
	PCL_TEST(test_manifest_header_faults_say_what_to_do),
	{ NULL, NULL }
};

void test_manifest_register(void);

void
test_manifest_register(void)
{
	PCL_TEST_SUITE("manifest", tests);
}
