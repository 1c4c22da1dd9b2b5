/*
 * test_fastcsv: the splitter for lines without quotes, and the
 * differential check of the manifest reader's fast path against libcsv
 * (readdiff.c): every fixture CSV, plain and gzip, and hand-made edge
 * cases are read with the fast path and with libcsv alone, and must give
 * identical records, fields, line numbers, statuses, errors and counters.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "tmpdir.h"
#include "fastcsv.h"
#include "manifest.h"
#include "readdiff.h"

#define REAL_DIR	"../../shared/data/real"

/* The fields a split gave, each copied with its length. */
struct fields {
	size_t	n;
	size_t	len[8];
	char	f[8][32];
};

static void
keep(void *field, size_t len, void *arg)
{
	struct fields *fs = arg;

	CU_ASSERT_FATAL(fs->n < 8 && len < 32);
	memcpy(fs->f[fs->n], field, len);
	fs->f[fs->n][len] = '\0';
	fs->len[fs->n++] = len;
}

static void
split(const char *line, char delim, struct fields *fs)
{
	char buf[64];
	size_t len;

	memset(fs, 0, sizeof *fs);
	CU_ASSERT_FATAL(strlen(line) < sizeof buf);
	memcpy(buf, line, strlen(line) + 1);
	CU_ASSERT_FATAL(pcl_fastcsv_line(buf, strlen(buf), &len) == 1);
	pcl_fastcsv_split(buf, len, delim, keep, fs);
}

static void
test_line_ends(void)
{
	size_t len = 99;

	CU_ASSERT(pcl_fastcsv_line("a,b\n", 4, &len) == 1 && len == 3);
	CU_ASSERT(pcl_fastcsv_line("a,b\r\n", 5, &len) == 1 && len == 3);
	CU_ASSERT(pcl_fastcsv_line("a,b\r", 4, &len) == 1 && len == 3);
	CU_ASSERT(pcl_fastcsv_line(",\n", 2, &len) == 1 && len == 1);
}

static void
test_lines_left_to_libcsv(void)
{
	size_t len = 99;

	/* no line end: the last line of an input, or part of a long one */
	CU_ASSERT(pcl_fastcsv_line("a,b", 3, &len) == 0);
	CU_ASSERT(pcl_fastcsv_line("", 0, &len) == 0);
	/* blank lines */
	CU_ASSERT(pcl_fastcsv_line("\n", 1, &len) == 0);
	CU_ASSERT(pcl_fastcsv_line("\r\n", 2, &len) == 0);
	CU_ASSERT(pcl_fastcsv_line("\r", 1, &len) == 0);
	/* a quote anywhere: at a field's start, inside one, at the end */
	CU_ASSERT(pcl_fastcsv_line("\"a\",b\n", 6, &len) == 0);
	CU_ASSERT(pcl_fastcsv_line("a,b\"c\n", 6, &len) == 0);
	CU_ASSERT(pcl_fastcsv_line("a,\"\r\n", 5, &len) == 0);
	/* more than one line end: not one line */
	CU_ASSERT(pcl_fastcsv_line("a\rb\n", 4, &len) == 0);
	CU_ASSERT(pcl_fastcsv_line("a\nb\n", 4, &len) == 0);
	CU_ASSERT(pcl_fastcsv_line("a\n\n", 3, &len) == 0);
	CU_ASSERT(pcl_fastcsv_line("a\r\r\n", 4, &len) == 0);
	CU_ASSERT(len == 99);
}

static void
test_split_fields(void)
{
	struct fields fs;

	split("a,bc,d\n", ',', &fs);
	CU_ASSERT(fs.n == 3);
	CU_ASSERT_STRING_EQUAL(fs.f[0], "a");
	CU_ASSERT_STRING_EQUAL(fs.f[1], "bc");
	CU_ASSERT_STRING_EQUAL(fs.f[2], "d");
	/* two delimiters, three empty fields */
	split(",,\r\n", ',', &fs);
	CU_ASSERT(fs.n == 3 && fs.len[0] == 0 && fs.len[1] == 0 &&
	    fs.len[2] == 0);
	/* a trailing delimiter ends with an empty field */
	split("a,b,\n", ',', &fs);
	CU_ASSERT(fs.n == 3 && fs.len[2] == 0);
	CU_ASSERT_STRING_EQUAL(fs.f[1], "b");
	/* spaces and tabs are kept */
	split(" a ,\tb\t\n", ',', &fs);
	CU_ASSERT(fs.n == 2);
	CU_ASSERT_STRING_EQUAL(fs.f[0], " a ");
	CU_ASSERT_STRING_EQUAL(fs.f[1], "\tb\t");
	/* another delimiter: the comma is text */
	split("a,b;c\r", ';', &fs);
	CU_ASSERT(fs.n == 2);
	CU_ASSERT_STRING_EQUAL(fs.f[0], "a,b");
	CU_ASSERT_STRING_EQUAL(fs.f[1], "c");
	/* one field */
	split("abc\n", ',', &fs);
	CU_ASSERT(fs.n == 1 && fs.len[0] == 3);
	/* a delimiter byte above 0x7f */
	split("a\xe4z\n", '\xe4', &fs);
	CU_ASSERT(fs.n == 2);
	CU_ASSERT_STRING_EQUAL(fs.f[1], "z");
}

static void
test_split_nul(void)
{
	char buf[] = "a\0b,c\n";
	struct fields fs;
	size_t len;

	memset(&fs, 0, sizeof fs);
	CU_ASSERT_FATAL(pcl_fastcsv_line(buf, 6, &len) == 1);
	CU_ASSERT(len == 5);
	pcl_fastcsv_split(buf, len, ',', keep, &fs);
	CU_ASSERT(fs.n == 2 && fs.len[0] == 3 && fs.len[1] == 1);
	CU_ASSERT(memcmp(fs.f[0], "a\0b", 3) == 0);
}

/* Asserts the two readings of 'path' agree under 'o'; returns records. */
static unsigned long
same(const char *path, const struct pcl_manifest_opts *o)
{
	char why[1024];
	unsigned long n = 0;
	int d = pcl_test_readdiff(path, o, why, sizeof why, &n);

	if (d != 0)
		fprintf(stderr, "\n%s: %s\n", path, why);
	CU_ASSERT(d == 0);
	return n;
}

/* The option sets every input is read under. */
static void
same_all(const char *path, unsigned long *nrec)
{
	struct pcl_manifest_opts o;

	memset(&o, 0, sizeof o);
	*nrec += same(path, &o);
	o.delimiter = ';';
	(void)same(path, &o);
	memset(&o, 0, sizeof o);
	o.detect_delimiter = 1;
	o.max_field_bytes = 16;
	o.max_columns = 8;
	(void)same(path, &o);
	memset(&o, 0, sizeof o);
	o.reader_thread = 1;
	o.encoding = "cp1252";
	(void)same(path, &o);
}

static int
is_csv(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && strcmp(name + n - 4, ".csv") == 0) ||
	    (n > 7 && strcmp(name + n - 7, ".csv.gz") == 0);
}

/* Reads every .csv and .csv.gz below 'dir' both ways; counts files. */
static void
walk(const char *dir, unsigned *files, unsigned long *nrec)
{
	char path[1024];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, files, nrec);
		else if (S_ISREG(st.st_mode) && is_csv(e->d_name)) {
			same_all(path, nrec);
			++*files;
		}
	}
	closedir(d);
}

static void
test_every_fixture(void)
{
	unsigned files = 0;
	unsigned long nrec = 0;

	walk("../fixtures", &files, &nrec);
	/* the fixtures hold well over a hundred CSV inputs */
	CU_ASSERT(files >= 100);
	CU_ASSERT(nrec >= 1000);
}

static void
test_real_data(void)
{
	unsigned files = 0;
	unsigned long nrec = 0;

	/* the shared real-world files, where present */
	walk(REAL_DIR, &files, &nrec);
}

/* Writes 'len' bytes to 'name' in 'dir' and checks both readings. */
static void
same_bytes(const char *dir, const char *name, const void *data, size_t len)
{
	char path[512];
	unsigned long n = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(len == 0 || fwrite(data, 1, len, f) == len);
	CU_ASSERT_FATAL(fclose(f) == 0);
	same_all(path, &n);
}
#define SAME(dir, name, s) same_bytes((dir), (name), (s), sizeof(s) - 1)

static void
test_edge_cases(void)
{
	char dir[256];

	pcl_test_mkdtemp(dir, sizeof dir, "fastcsv");
	SAME(dir, "empty.csv", "");
	SAME(dir, "header-only.csv", "a,b\n");
	SAME(dir, "header-no-newline.csv", "a,b");
	SAME(dir, "cr-only.csv", "a,b\r1,2\r3,4\r");
	SAME(dir, "crlf.csv", "a,b\r\n1,2\r\n3,4\r\n");
	SAME(dir, "mixed-ends.csv", "a,b\r\n1,2\n3,4\r5,6\r\n\r\n\n7,8");
	SAME(dir, "blank-lines.csv", "\n\r\na,b\n\n1,2\r\r\n3,4\n\n");
	SAME(dir, "empty-fields.csv", "a,b,c\n,,\n1,,\n,,3\n");
	SAME(dir, "trailing-comma.csv", "a,b\n1,2,\n3,\n");
	SAME(dir, "ragged.csv", "a,b,c\n1\n1,2\n1,2,3,4\n,\n");
	SAME(dir, "quote-mid-field.csv", "a,b\n1,x\"y\n2,3\n4,\"5\"\n");
	SAME(dir, "quote-then-plain.csv",
	    "a,b\n\"1\",\"multi\nline\"\n2,3\n\"open,4\n5,6\n");
	SAME(dir, "stray-quote-crlf.csv", "a,b\r\n1,\"2\"x\r\n3,4\r\n");
	SAME(dir, "unclosed-quote.csv", "a,b\n1,\"2\n3,4\n");
	SAME(dir, "no-final-newline.csv", "a,b\n1,2\n3,4");
	SAME(dir, "no-final-newline-cr.csv", "a,b\r1,2\r3,4");
	SAME(dir, "spaces.csv", "a , b\n 1 ,\t2\t\n  ,  \n");
	SAME(dir, "nul.csv", "a,b\n1,2\0x\n3\0,4\n");
	SAME(dir, "bad-utf8.csv", "a,b\n1,\xc3\n\xff,2\n\xe2\x82\xac,3\n");
	SAME(dir, "bad-utf8-header.csv", "a,\xc3\n1,2\n");
	SAME(dir, "bom.csv", "\xef\xbb\xbf" "a,b\n1,2\n");
	SAME(dir, "bom-only.csv", "\xef\xbb\xbf");
	SAME(dir, "semicolon.csv", "a;b\n1;2\n3,4;5\n");
	SAME(dir, "tab.csv", "a\tb\n1\t2\n");
	SAME(dir, "repeated-header.csv", "a,a\n1,2\n");
	SAME(dir, "empty-header-name.csv", "a,,c\n1,2,3\n");
	SAME(dir, "many-fields.csv",
	    "a,b\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18\n3,4\n");
	SAME(dir, "long-field.csv", "a,b\n1,abcdefghijklmnopqrstuvwxyz\n"
	    "2,\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
	    "\xe2\x82\xac\n");
	pcl_test_rm_rf(dir);
}

/*
 * Lines longer than the reader's window, over the field cap, and a CRLF
 * whose CR is the last byte of the window: filled from a buffer built
 * here.
 */
static void
test_long_lines(void)
{
	const size_t big = (1u << 20) + 4096;	/* past the 1 MiB window */
	char dir[256];
	char *s = malloc(3 * big);
	size_t n = 0, i, k;

	CU_ASSERT_FATAL(s != NULL);
	pcl_test_mkdtemp(dir, sizeof dir, "fastcsv-long");
	/* lines of 100 bytes (98 + CRLF) after an 8-byte header: one
	 * CRLF straddles each window boundary at some shift */
	for (k = 0; k < 4; k++) {
		n = 0;
		memcpy(s + n, "a,b,c\r\n", 7);
		n += 7;
		for (i = 0; i < k; i++)
			s[n++] = 'x';
		s[n++] = ',';
		s[n++] = '\r';
		s[n++] = '\n';
		while (n < big) {
			memset(s + n, 'y', 97);
			s[n + 10] = ',';
			s[n + 20] = ',';
			if ((n / 100) % 37 == 0)
				s[n + 30] = '"';	/* now and then libcsv's */
			n += 97;
			s[n++] = '\r';
			s[n++] = '\n';
		}
		same_bytes(dir, "window.csv", s, n);
	}
	/* one line longer than the window, over the field cap, then
	 * short ones; and the same with the field quoted */
	n = 0;
	memcpy(s + n, "a,b\r\n1,", 7);
	n += 7;
	memset(s + n, 'z', big);
	n += big;
	memcpy(s + n, "\r\n2,3\r\n4,5", 10);
	n += 10;
	same_bytes(dir, "huge-line.csv", s, n);
	n = 0;
	memcpy(s + n, "a,b\n1,\"", 7);
	n += 7;
	memset(s + n, 'z', big);
	n += big;
	memcpy(s + n, "\"\n2,3\n4,5\n", 10);
	n += 10;
	same_bytes(dir, "huge-quoted.csv", s, n);
	/* fields just under, at and over the 64 KiB cap */
	n = 0;
	memcpy(s + n, "a,b\n", 4);
	n += 4;
	for (k = 65535; k <= 65537; k++) {
		s[n++] = '1';
		s[n++] = ',';
		memset(s + n, 'w', k);
		n += k;
		s[n++] = '\n';
	}
	/* the cap falls inside a 3-byte character */
	s[n++] = '2';
	s[n++] = ',';
	s[n++] = 'w';
	for (k = 0; k < 30000; k++) {
		memcpy(s + n, "\xe2\x82\xac", 3);
		n += 3;
	}
	s[n++] = '\n';
	same_bytes(dir, "cap.csv", s, n);
	pcl_test_rm_rf(dir);
	free(s);
}

/* Worked by hand: both paths give these records. */
static void
test_records_by_hand(void)
{
	static const char text[] = "id,name\r\n1, a \r\n\r\n2,\"b\"\r\n3,\r\n";
	struct pcl_manifest_opts o;
	struct pcl_manifest *m;
	struct pcl_record r;
	struct pcl_error err;
	char dir[256], path[512];
	int only;
	FILE *f;

	pcl_test_mkdtemp(dir, sizeof dir, "fastcsv-hand");
	snprintf(path, sizeof path, "%s/m.csv", dir);
	f = fopen(path, "wb");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_FATAL(fwrite(text, 1, sizeof text - 1, f) ==
	    sizeof text - 1);
	CU_ASSERT_FATAL(fclose(f) == 0);
	for (only = 0; only <= 1; only++) {
		memset(&o, 0, sizeof o);
		o.libcsv_only = only;
		CU_ASSERT_FATAL(pcl_manifest_open(&m, path, &o, &err) ==
		    PCL_OK);
		/* line 2, offset 9: "1" and " a " (spaces kept) */
		CU_ASSERT_FATAL(pcl_manifest_next(m, &r, &err) == PCL_OK);
		CU_ASSERT(r.record == 1 && r.line == 2 && r.lines == 1 &&
		    r.offset == 9 && r.status == PCL_REC_OK);
		CU_ASSERT(r.nfields == 2 && r.lens[1] == 3);
		CU_ASSERT_STRING_EQUAL(r.fields[1], " a ");
		/* line 3 is blank; line 4, offset 18: a quoted "b" */
		CU_ASSERT_FATAL(pcl_manifest_next(m, &r, &err) == PCL_OK);
		CU_ASSERT(r.record == 2 && r.line == 4 && r.offset == 18);
		CU_ASSERT_STRING_EQUAL(r.fields[1], "b");
		/* line 5, offset 25: "3" and an empty field */
		CU_ASSERT_FATAL(pcl_manifest_next(m, &r, &err) == PCL_OK);
		CU_ASSERT(r.record == 3 && r.line == 5 && r.offset == 25);
		CU_ASSERT(r.nfields == 2 && r.lens[1] == 0);
		CU_ASSERT(pcl_manifest_next(m, &r, &err) == PCL_END);
		CU_ASSERT(pcl_manifest_blank_lines(m) == 1);
		CU_ASSERT(pcl_manifest_lines(m) == 5);
		CU_ASSERT(pcl_manifest_bytes(m) == sizeof text - 1);
		CU_ASSERT(pcl_manifest_close(m) == PCL_OK);
	}
	pcl_test_rm_rf(dir);
}

static const struct pcl_test tests[] = {
	PCL_TEST(test_line_ends),
	PCL_TEST(test_lines_left_to_libcsv),
	PCL_TEST(test_split_fields),
	PCL_TEST(test_split_nul),
	PCL_TEST(test_records_by_hand),
	PCL_TEST(test_every_fixture),
	PCL_TEST(test_real_data),
	PCL_TEST(test_edge_cases),
	PCL_TEST(test_long_lines),
	{ NULL, NULL }
};

void test_fastcsv_register(void);

void
test_fastcsv_register(void)
{
	PCL_TEST_SUITE("fastcsv", tests);
}
