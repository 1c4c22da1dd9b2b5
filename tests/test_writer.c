/*
 * test_writer: CSV quoting, gzip bytes (fixed header, determinism), digests
 * and the temporary-name / rename protocol of lane files.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <zlib.h>
#ifdef PCL_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "test_util.h"
#include "digest.h"
#include "writer.h"

/*
 * The rows of write_sample() as they must appear on disk, 81 bytes.
 * SHA-256 computed with: printf '<this text>' | sha256sum
 */
static const char sample_text[] =
    "id,name,note\n"
    "1,\"a,b\",\"say \"\"hi\"\"\"\n"
    "2,,\"line1\nline2\"\n"
    "3,Z\xc3\xbcrich \xe6\x9d\xb1\xe4\xba\xac,\"cr\rhere\"\n"
    ",,\n";
static const char sample_sha[] =
    "12e66a670578c0ce937bd5f33ebb2895f1fe1b3d842236275e97f02404beb5f1";
static const char empty_sha[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/* A fresh directory under /tmp; 'buf' receives its path. */
static void
mk_tmpdir(char buf[64])
{
	snprintf(buf, 64, "/tmp/pcl-writer-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(buf));
}

/* Number of entries in 'dir' other than . and .. */
static int
count_entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* Removes every file in 'dir', then 'dir'. */
static void
rm_tmpdir(const char *dir)
{
	struct dirent *de;
	char path[512];
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* Whole file 'path' in a malloc'd buffer, its size in '*len'. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	unsigned char *buf = NULL, *nb;
	size_t cap = 0, n;
	FILE *f = fopen(path, "rb");

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			if ((nb = realloc(buf, cap)) == NULL)
				break;
			buf = nb;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		if (n == 0)
			break;
		*len += n;
	}
	fclose(f);
	return buf;
}

/* Decompresses 'path' with zlib's gz* reader; NULL on any gzip error. */
static char *
gunzip(const char *path, size_t *len)
{
	char *buf = NULL, *nb;
	size_t cap = 0;
	int n, errnum;
	gzFile gz = gzopen(path, "rb");

	*len = 0;
	if (gz == NULL)
		return NULL;
	for (;;) {
		if (cap - *len < 65536) {
			cap = cap ? cap * 2 : 131072;
			if ((nb = realloc(buf, cap + 1)) == NULL) {
				gzclose(gz);
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		n = gzread(gz, buf + *len, 65536);
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	gzerror(gz, &errnum);
	if (n < 0 || errnum != Z_OK || gzclose(gz) != Z_OK) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* Writes the rows of sample_text to 'w'. */
static void
write_sample(struct pcl_writer *w)
{
	static const char *const r1[] = { "id", "name", "note" };
	static const char *const r2[] = { "1", "a,b", "say \"hi\"" };
	static const char *const r3[] = { "2", "", "line1\nline2" };
	static const char *const r4[] = { "3",
	    "Z\xc3\xbcrich \xe6\x9d\xb1\xe4\xba\xac", "cr\rhere" };
	static const char *const r5[] = { "", "", "" };
	static const char *const *rows[] = { r1, r2, r3, r4, r5 };
	struct pcl_error err;
	size_t lens[3];
	size_t i, j;

	for (i = 0; i < 5; i++) {
		for (j = 0; j < 3; j++)
			lens[j] = strlen(rows[i][j]);
		CU_ASSERT_EQUAL(pcl_writer_row(w, rows[i], lens, 3, &err),
		    PCL_OK);
	}
}

/* Opens, writes the sample, finishes and publishes 'dir'/'name'. */
static void
publish_sample(const char *dir, const char *name, int level)
{
	struct pcl_writer *w;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, name, level, &err),
	    PCL_OK);
	write_sample(w);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
}

static void
test_writer_quotes_only_when_needed(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64], path[128];
	char *text;
	size_t len;

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "lane.csv.gz", 0,
	    &err), PCL_OK);
	write_sample(w);
	CU_ASSERT_EQUAL(pcl_writer_rows(w), 5);
	CU_ASSERT_EQUAL(pcl_writer_bytes_in(w), 81);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_writer_sha256(w), sample_sha);
	CU_ASSERT_EQUAL(pcl_writer_bytes_in(w), 81);
	/* not visible under its final name before publish */
	snprintf(path, sizeof path, "%s/lane.csv.gz", dir);
	CU_ASSERT_EQUAL(access(path, F_OK), -1);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(count_entries(dir), 1);
	text = gunzip(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(len, sizeof sample_text - 1);
	CU_ASSERT(memcmp(text, sample_text, sizeof sample_text - 1) == 0);
	free(text);
	rm_tmpdir(dir);
}

static void
test_writer_gzip_header_is_fixed(void)
{
	/* RFC 1952: XFL 2 = maximum compression, 4 = fastest */
	static const struct { int level; unsigned char xfl; } cases[] = {
		{ 1, 4 }, { 0, 0 }, { 6, 0 }, { 9, 2 }
	};
	static const unsigned char fixed[] = {
		0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00
	};
	char dir[64], path[128];
	unsigned char *b;
	unsigned long crc;
	size_t i, len;

	crc = crc32(0L, (const Bytef *)sample_text, sizeof sample_text - 1);
	mk_tmpdir(dir);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		publish_sample(dir, "h.csv.gz", cases[i].level);
		snprintf(path, sizeof path, "%s/h.csv.gz", dir);
		b = slurp(path, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(b);
		CU_ASSERT_FATAL(len > 18);
		/* magic, CM deflate, FLG 0, MTIME 0 */
		CU_ASSERT(memcmp(b, fixed, sizeof fixed) == 0);
		CU_ASSERT_EQUAL(b[8], cases[i].xfl);
		CU_ASSERT_EQUAL(b[9], 255);	/* OS unknown */
		/* trailer: CRC-32 and ISIZE, little-endian */
		CU_ASSERT_EQUAL(b[len - 8] | b[len - 7] << 8 |
		    b[len - 6] << 16 | (unsigned long)b[len - 5] << 24, crc);
		CU_ASSERT_EQUAL(b[len - 4], 81);
		CU_ASSERT_EQUAL(b[len - 3] | b[len - 2] | b[len - 1], 0);
		free(b);
		unlink(path);
	}
	rm_tmpdir(dir);
}

static void
test_writer_same_rows_same_bytes(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64], p1[128], p2[128];
	unsigned char *a, *b;
	unsigned long long out;
	size_t la, lb;

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "a.csv.gz", 6, &err),
	    PCL_OK);
	write_sample(w);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(w, &err), PCL_OK);
	out = pcl_writer_bytes_out(w);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	sleep(1);	/* a later mtime must not change the bytes */
	publish_sample(dir, "b.csv.gz", 6);
	snprintf(p1, sizeof p1, "%s/a.csv.gz", dir);
	snprintf(p2, sizeof p2, "%s/b.csv.gz", dir);
	a = slurp(p1, &la);
	b = slurp(p2, &lb);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(la, out);
	CU_ASSERT_EQUAL(la, lb);
	CU_ASSERT(la == lb && memcmp(a, b, la) == 0);
	free(a);
	free(b);
	rm_tmpdir(dir);
}

static void
test_writer_abort_leaves_nothing(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64];

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "x.csv.gz", 6, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(count_entries(dir), 1);	/* the .tmp.<pid> file */
	write_sample(w);
	pcl_writer_abort(w);
	CU_ASSERT_EQUAL(count_entries(dir), 0);

	/* also after finish */
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "x.csv.gz", 6, &err),
	    PCL_OK);
	write_sample(w);
	CU_ASSERT_EQUAL(pcl_writer_finish(w, &err), PCL_OK);
	pcl_writer_abort(w);
	CU_ASSERT_EQUAL(count_entries(dir), 0);
	pcl_writer_abort(NULL);
	rm_tmpdir(dir);
}

static void
test_writer_open_missing_dir_fails(void)
{
	struct pcl_writer *w = (struct pcl_writer *)&w;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_writer_open(&w, "/nonexistent-pcl-dir",
	    "x.csv.gz", 6, &err), PCL_E_WRITE);
	CU_ASSERT_PTR_NULL(w);
	CU_ASSERT_EQUAL(err.code, PCL_E_WRITE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg,
	    "'/nonexistent-pcl-dir/x.csv.gz.tmp."));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, strerror(ENOENT)));
	CU_ASSERT_EQUAL(pcl_writer_open(&w, "/tmp", "x", 10, &err),
	    PCL_E_USAGE);
	CU_ASSERT_PTR_NULL(w);
}

static void
test_writer_misuse_is_refused(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64];

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "m.csv.gz", 6, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_write(w, "a\n", 2, &err), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_writer_finish(w, &err), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(count_entries(dir), 1);

	/* publish before finish removes the temporary file */
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "n.csv.gz", 6, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_E_USAGE);
	CU_ASSERT_EQUAL(count_entries(dir), 1);
	rm_tmpdir(dir);
}

/* Appends the text of row 'i' of the large test to 'buf' at '*off'. */
static void
large_row(unsigned long i, const char *f[4], size_t lens[4], char *store,
    size_t cap)
{
	int a, b, c;

	a = snprintf(store, cap, "%lu", i);
	b = snprintf(store + a, cap - (size_t)a, "PCL%09luGB", i * 7919);
	c = snprintf(store + a + b, cap - (size_t)(a + b),
	    "item %lu, size \"%lu\"", i % 97, i % 13);
	f[0] = store;
	lens[0] = (size_t)a;
	f[1] = store + a;
	lens[1] = (size_t)b;
	f[2] = store + a + b;
	lens[2] = (size_t)c;
	f[3] = "";
	lens[3] = 0;
}

static void
test_writer_large_roundtrip(void)
{
	const unsigned long nrows = 120000;	/* about 5.8 MB */
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64], path[128], store[128], want_sha[65];
	const char *f[4];
	size_t lens[4], cap = 8u << 20, off = 0, len;
	unsigned long i;
	char *want, *got;
	int ok = 1;

	want = malloc(cap);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "big.csv.gz", 6,
	    &err), PCL_OK);
	for (i = 0; i < nrows; i++) {
		large_row(i, f, lens, store, sizeof store);
		if (pcl_writer_row(w, f, lens, 4, &err) != PCL_OK)
			ok = 0;
		/* the same row formatted by hand: field 3 needs quotes */
		off += (size_t)snprintf(want + off, cap - off,
		    "%lu,PCL%09luGB,\"item %lu, size \"\"%lu\"\"\",\n",
		    i, i * 7919, i % 97, i % 13);
	}
	CU_ASSERT(ok);
	CU_ASSERT(off > 5000000);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_rows(w), nrows);
	CU_ASSERT_EQUAL(pcl_writer_bytes_in(w), off);
	pcl_digest_buffer(want, off, want_sha);
	CU_ASSERT_STRING_EQUAL(pcl_writer_sha256(w), want_sha);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	snprintf(path, sizeof path, "%s/big.csv.gz", dir);
	got = gunzip(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_EQUAL(len, off);
	CU_ASSERT(len == off && memcmp(got, want, len) == 0);
	free(got);
	free(want);
	rm_tmpdir(dir);
}

static void
test_writer_header_only_and_empty_are_valid_gzip(void)
{
	static const char *const hdr[] = { "tracking_number", "lane" };
	static const size_t hlen[] = { 15, 4 };
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64], path[128];
	char *text;
	size_t len;

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "h.csv.gz", 6, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_row(w, hdr, hlen, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	snprintf(path, sizeof path, "%s/h.csv.gz", dir);
	text = gunzip(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_STRING_EQUAL(text, "tracking_number,lane\n");
	free(text);

	/* no bytes at all: still a complete gzip member */
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "e.csv.gz", 6, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_writer_sha256(w), empty_sha);
	CU_ASSERT_EQUAL(pcl_writer_bytes_in(w), 0);
	CU_ASSERT(pcl_writer_bytes_out(w) >= 20);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	snprintf(path, sizeof path, "%s/e.csv.gz", dir);
	text = gunzip(path, &len);
	CU_ASSERT_PTR_NOT_NULL(text);
	CU_ASSERT_EQUAL(len, 0);
	free(text);
	rm_tmpdir(dir);
}

/*
 * A write error (here EFBIG from RLIMIT_FSIZE, standing in for ENOSPC,
 * which cannot be produced without mounting a small file system) is
 * reported as PCL_E_WRITE naming the temporary file, the writer refuses
 * further data, and abort removes the partial file.
 */
static void
test_writer_write_error_is_reported(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	struct rlimit old, lim;
	void (*oldsig)(int);
	char dir[64], store[128];
	const char *f[4];
	size_t lens[4];
	unsigned long i;
	int rc = PCL_OK;

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "f.csv.gz", 1, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL_FATAL(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 100000;
	oldsig = signal(SIGXFSZ, SIG_IGN);
	CU_ASSERT_EQUAL_FATAL(setrlimit(RLIMIT_FSIZE, &lim), 0);
	for (i = 0; i < 400000 && rc == PCL_OK; i++) {
		large_row(i * 2654435761u, f, lens, store, sizeof store);
		rc = pcl_writer_row(w, f, lens, 4, &err);
	}
	if (rc == PCL_OK)
		rc = pcl_writer_finish(w, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, oldsig);
	CU_ASSERT_EQUAL(rc, PCL_E_WRITE);
	CU_ASSERT_EQUAL(err.code, PCL_E_WRITE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "f.csv.gz.tmp."));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, strerror(EFBIG)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.file, "f.csv.gz.tmp."));
	CU_ASSERT_EQUAL(pcl_writer_row(w, f, lens, 4, &err), PCL_E_WRITE);
	CU_ASSERT_EQUAL(pcl_writer_finish(w, &err), PCL_E_WRITE);
	pcl_writer_abort(w);
	CU_ASSERT_EQUAL(count_entries(dir), 0);
	rm_tmpdir(dir);
}

static void
test_writer_put_file_replaces_atomically(void)
{
	static const char v1[] = "{\"rows\": 1}\n", v2[] = "{\"rows\": 22}\n";
	struct pcl_error err;
	char dir[64], path[128];
	unsigned char *b;
	size_t len;

	mk_tmpdir(dir);
	snprintf(path, sizeof path, "%s/summary.json", dir);
	CU_ASSERT_EQUAL(pcl_writer_put_file(dir, "summary.json", v1,
	    sizeof v1 - 1, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_put_file(dir, "summary.json", v2,
	    sizeof v2 - 1, &err), PCL_OK);
	CU_ASSERT_EQUAL(count_entries(dir), 1);
	b = slurp(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(len, sizeof v2 - 1);
	CU_ASSERT(memcmp(b, v2, sizeof v2 - 1) == 0);
	free(b);
	CU_ASSERT_EQUAL(pcl_writer_put_file("/nonexistent-pcl-dir",
	    "summary.json", v1, sizeof v1 - 1, &err), PCL_E_WRITE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "/nonexistent-pcl-dir/"));
	rm_tmpdir(dir);
}

static void
test_writer_sync_dir(void)
{
	struct pcl_error err;
	char dir[64];

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL(pcl_writer_sync_dir(dir, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_sync_dir("/nonexistent-pcl-dir", &err),
	    PCL_E_WRITE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'/nonexistent-pcl-dir'"));
	rm_tmpdir(dir);
}

/* Our 10 header bytes equal zlib's gzip wrapper with time 0 and os 255. */
static void
test_writer_header_matches_zlib_gz_header(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	gz_header gzh;
	z_stream zs;
	unsigned char zout[64], *b;
	char dir[64], path[128];
	size_t len;
	int level;

	mk_tmpdir(dir);
	snprintf(path, sizeof path, "%s/z.csv.gz", dir);
	for (level = 1; level <= 9; level++) {
		memset(&zs, 0, sizeof zs);
		memset(&gzh, 0, sizeof gzh);
		gzh.os = 255;
		CU_ASSERT_EQUAL_FATAL(deflateInit2(&zs, level, Z_DEFLATED,
		    15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
		CU_ASSERT_EQUAL(deflateSetHeader(&zs, &gzh), Z_OK);
		zs.next_in = zout;
		zs.avail_in = 0;
		zs.next_out = zout;
		zs.avail_out = sizeof zout;
		CU_ASSERT_EQUAL(deflate(&zs, Z_FINISH), Z_STREAM_END);
		deflateEnd(&zs);

		CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "z.csv.gz",
		    level, &err), PCL_OK);
		CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(w, &err), PCL_OK);
		CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
		b = slurp(path, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(b);
		CU_ASSERT_FATAL(len >= 10);
#ifdef PCL_LIBDEFLATE
		/* libdeflate sets XFL (byte 8) by its own level ranges */
		CU_ASSERT(memcmp(b, zout, 8) == 0 && b[9] == zout[9]);
#else
		CU_ASSERT(memcmp(b, zout, 10) == 0);
#endif
		free(b);
	}
	rm_tmpdir(dir);
}

/*
 * Writes 'len' bytes of 'data' to 'dir'/'name' with 'threads' threads at
 * 'level' and returns the file's bytes.
 */
static unsigned char *
write_threads(const char *dir, const char *name, const char *data,
    size_t len, int threads, int level, size_t *outlen)
{
	struct pcl_writer *w;
	struct pcl_error err;
	char path[128], *text;
	size_t off, n, tlen;

	*outlen = 0;
	if (pcl_writer_open(&w, dir, name, level, &err) != PCL_OK)
		return NULL;
	CU_ASSERT_EQUAL(pcl_writer_set_threads(w, threads), PCL_OK);
	/* odd-sized pieces so writes straddle chunk and batch edges */
	for (off = 0; off < len; off += n) {
		n = len - off < 70001 ? len - off : 70001;
		CU_ASSERT_EQUAL(pcl_writer_write(w, data + off, n, &err),
		    PCL_OK);
	}
	CU_ASSERT_EQUAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_bytes_in(w), len);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	text = gunzip(path, &tlen);
	CU_ASSERT_PTR_NOT_NULL(text);
	CU_ASSERT(text != NULL && tlen == len && memcmp(text, data, len) == 0);
	free(text);
	return slurp(path, outlen);
}

static void
test_writer_threads_give_same_bytes(void)
{
	/* sizes around the 128 KiB chunk and the 2-chunks-per-thread batch */
	static const size_t sizes[] = {
		0, 100, 131072, 131073, 262144, 524288, 524289, 5000000
	};
	static const int threads[] = { 2, 3, 4, 8 };
	static const int levels[] = { 1, 6, 9 };
	char dir[64], *data;
	unsigned char *one, *many;
	size_t si, ti, li, n1, n2, i;
	unsigned long x = 1;

	data = malloc(5000000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	/* compressible but not trivial: CSV-like rows with pseudo-random ids */
	for (i = 0; i < 5000000; i++) {
		x = x * 1103515245u + 12345u;
		data[i] = i % 41 == 40 ? '\n' : i % 7 == 0 ? ',' :
		    (char)('0' + (x >> 16) % (i % 3 == 0 ? 10 : 4));
	}
	mk_tmpdir(dir);
	for (li = 0; li < sizeof levels / sizeof levels[0]; li++)
		for (si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
			if (levels[li] != 6 && sizes[si] != 5000000)
				continue;
			one = write_threads(dir, "t1.csv.gz", data, sizes[si],
			    1, levels[li], &n1);
			CU_ASSERT_PTR_NOT_NULL_FATAL(one);
			for (ti = 0; ti < sizeof threads / sizeof threads[0];
			    ti++) {
				many = write_threads(dir, "tn.csv.gz", data,
				    sizes[si], threads[ti], levels[li], &n2);
				CU_ASSERT_PTR_NOT_NULL_FATAL(many);
				CU_ASSERT_EQUAL(n1, n2);
				CU_ASSERT(n1 == n2 &&
				    memcmp(one, many, n1) == 0);
				free(many);
			}
			free(one);
		}
	free(data);
	rm_tmpdir(dir);
}

/* aborting while a batch is compressed in the background */
static void
test_writer_abort_with_batch_in_flight(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64], path[128];
	char *data = calloc(1, 3 * 524288);
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	for (i = 0; i < 3 * 524288; i++)
		data[i] = (char)('a' + i % 26);
	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "a.csv.gz", 6, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_set_threads(w, 2), PCL_OK);
	/* two full batches of 4 chunks: the second is still in flight */
	CU_ASSERT_EQUAL(pcl_writer_write(w, data, 3 * 524288, &err), PCL_OK);
	pcl_writer_abort(w);
	snprintf(path, sizeof path, "%s/a.csv.gz", dir);
	CU_ASSERT_EQUAL(access(path, F_OK), -1);
	free(data);
	rm_tmpdir(dir);
}

static void
test_writer_set_threads_refuses_misuse(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64];

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "s.csv.gz", 6, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_set_threads(w, 0), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_writer_set_threads(w, 257), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_writer_set_threads(w, 4), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_set_threads(w, 1), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_write(w, "a\n", 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_set_threads(w, 2), PCL_E_USAGE);
	pcl_writer_abort(w);
	rm_tmpdir(dir);
}

/*
 * the compressor built in names itself, and its file layout is the
 * one documented: zlib writes one gzip member for the whole file,
 * libdeflate one member per 128 KiB chunk (300,000 bytes: 3 members, the
 * first holding exactly 131,072 bytes).
 */
static void
test_writer_compressor_names_its_format(void)
{
	struct pcl_writer *w;
	struct pcl_error err;
	z_stream zs;
	char dir[64], path[128], *data;
	unsigned char *b, out[4096];
	size_t len, i, n = 300000, got = 0;
	int zr;

#ifdef PCL_LIBDEFLATE
	CU_ASSERT_STRING_EQUAL(pcl_writer_compressor(), "libdeflate");
	CU_ASSERT_STRING_EQUAL(pcl_writer_compressor_version(),
	    LIBDEFLATE_VERSION_STRING);
#else
	CU_ASSERT_STRING_EQUAL(pcl_writer_compressor(), "zlib");
	CU_ASSERT_STRING_EQUAL(pcl_writer_compressor_version(), zlibVersion());
#endif
	data = malloc(n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	for (i = 0; i < n; i++)
		data[i] = (char)('a' + (i * 7 + i / 13) % 26);
	mk_tmpdir(dir);
	snprintf(path, sizeof path, "%s/m.csv.gz", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "m.csv.gz", 6, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_write(w, data, n, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	b = slurp(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	/* inflate the first gzip member only */
	memset(&zs, 0, sizeof zs);
	CU_ASSERT_EQUAL_FATAL(inflateInit2(&zs, 15 + 16), Z_OK);
	zs.next_in = b;
	zs.avail_in = (uInt)len;
	do {
		zs.next_out = out;
		zs.avail_out = sizeof out;
		zr = inflate(&zs, Z_NO_FLUSH);
		got += sizeof out - zs.avail_out;
	} while (zr == Z_OK);
	CU_ASSERT_EQUAL(zr, Z_STREAM_END);
#ifdef PCL_LIBDEFLATE
	CU_ASSERT_EQUAL(got, 131072);
	CU_ASSERT(zs.total_in + 2 < len && b[zs.total_in] == 0x1f &&
	    b[zs.total_in + 1] == 0x8b);
#else
	CU_ASSERT_EQUAL(got, n);
	CU_ASSERT_EQUAL(zs.total_in, len);
#endif
	inflateEnd(&zs);
	free(b);
	free(data);
	rm_tmpdir(dir);
}

/* Writes each of 'fields' as a one-field row; returns the lane's text. */
static char *
one_field_rows(const char *const *fields, size_t n, size_t *len)
{
	struct pcl_writer *w;
	struct pcl_error err;
	char dir[64], path[128], *text;
	size_t i, l;

	mk_tmpdir(dir);
	snprintf(path, sizeof path, "%s/q.csv.gz", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w, dir, "q.csv.gz", 1, &err),
	    PCL_OK);
	for (i = 0; i < n; i++) {
		l = strlen(fields[i]);
		CU_ASSERT_EQUAL(pcl_writer_row(w, &fields[i], &l, 1, &err),
		    PCL_OK);
	}
	CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(w, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_writer_publish(w, &err), PCL_OK);
	text = gunzip(path, len);
	rm_tmpdir(dir);
	return text;
}

/*
 * the quoting test runs eight bytes at a time. Bytes below 0x2d that
 * need no quotes (space ! # +) and bytes of 0x80 and above never cause
 * quoting; each of , " CR LF does, at every offset of a word and in the
 * tail after the last whole word.
 */
static void
test_writer_quoting_scan_every_offset(void)
{
	static const char *const plain[] = {
		"abcdefgh ijklmnop",			/* 17 bytes */
		"\xff\xfe\x80 !#+-./abcdefg\xc3\xbc",	/* 20 bytes */
		"        ++++++++!!!!!!!!########",	/* 32 bytes */
	};
	static const char *const fixed[] = {
		"abcdefgh ijklmno,p", "abcdefghijklmnop\n", ",abcdefg",
		"abc\"defghijklmnopqrstu",
	};
	static const char *const specials = ",\"\r\n";
	static const char filler[] = "a !b#c+d\xc3\xbc a !b#c+d\xc3\xbc";
	static char fields[20 + 4 * 210][21], want[32768];
	static const char *fp[20 + 4 * 210];
	char *text, *f;
	size_t len, k, c, n, nf, wl;

	text = one_field_rows(plain, 3, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_STRING_EQUAL(text, "abcdefgh ijklmnop\n"
	    "\xff\xfe\x80 !#+-./abcdefg\xc3\xbc\n"
	    "        ++++++++!!!!!!!!########\n");
	free(text);
	text = one_field_rows(fixed, 4, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_STRING_EQUAL(text, "\"abcdefgh ijklmno,p\"\n"
	    "\"abcdefghijklmnop\n\"\n" "\",abcdefg\"\n"
	    "\"abc\"\"defghijklmnopqrstu\"\n");
	free(text);
	/* every length 1-20 of "a !b#c+d\xc3\xbc a !b#c+d\xc3\xbc": once as
	 * it is (never quoted), then with each special at each offset */
	nf = 0;
	wl = 0;
	for (n = 1; n <= 20; n++)
		for (c = 0; c <= 4; c++)
			for (k = 0; k < (c == 4 ? 1 : n); k++) {
				f = fields[nf++];
				memcpy(f, filler, n);
				f[n] = '\0';
				if (c == 4) {	/* as it is */
					memcpy(want + wl, f, n);
					wl += n;
					want[wl++] = '\n';
					continue;
				}
				f[k] = specials[c];
				want[wl++] = '"';
				memcpy(want + wl, f, k + 1);
				wl += k + 1;
				if (specials[c] == '"')
					want[wl++] = '"';
				memcpy(want + wl, f + k + 1, n - k - 1);
				wl += n - k - 1;
				want[wl++] = '"';
				want[wl++] = '\n';
			}
	want[wl] = '\0';
	for (k = 0; k < nf; k++)
		fp[k] = fields[k];
	text = one_field_rows(fp, nf, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(nf, 20 + 4 * 210);
	CU_ASSERT_EQUAL(len, wl);
	CU_ASSERT_STRING_EQUAL(text, want);
	free(text);
}

void test_writer_register(void);

void
test_writer_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_writer_quotes_only_when_needed),
		PCL_TEST(test_writer_gzip_header_is_fixed),
		PCL_TEST(test_writer_same_rows_same_bytes),
		PCL_TEST(test_writer_abort_leaves_nothing),
		PCL_TEST(test_writer_open_missing_dir_fails),
		PCL_TEST(test_writer_misuse_is_refused),
		PCL_TEST(test_writer_large_roundtrip),
		PCL_TEST(test_writer_header_only_and_empty_are_valid_gzip),
		PCL_TEST(test_writer_write_error_is_reported),
		PCL_TEST(test_writer_put_file_replaces_atomically),
		PCL_TEST(test_writer_sync_dir),
		PCL_TEST(test_writer_header_matches_zlib_gz_header),
		PCL_TEST(test_writer_threads_give_same_bytes),
		PCL_TEST(test_writer_set_threads_refuses_misuse),
		PCL_TEST(test_writer_abort_with_batch_in_flight),
		PCL_TEST(test_writer_compressor_names_its_format),
		PCL_TEST(test_writer_quoting_scan_every_offset),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("writer", tests);
}
