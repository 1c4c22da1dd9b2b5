/*
 * test_gzchunks: the chunked compressor: content survives, bytes do not
 * depend on the thread count or on how the input is flushed, one member
 * per chunk (libdeflate) or one member in all (zlib), misuse refused.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "test_util.h"
#include "gzchunks.h"

#define CHUNK PCL_GZCHUNKS_CHUNK

/* Deterministic text-like input of 'n' bytes. */
static unsigned char *
sample(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);
	unsigned long x = 12345;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		p[i] = (unsigned char)("abcdefgh ,\n0123"[(x >> 16) & 15]);
	}
	return p;
}

struct sink {
	unsigned char	*seen;		/* bytes passed to the overlap hook */
	size_t		 len;
};

static void
record(void *user, const unsigned char *p, size_t n)
{
	struct sink *s = user;

	memcpy(s->seen + s->len, p, n);
	s->len += n;
}

/*
 * Compresses 'in' ('n' bytes) with 'threads' threads, handing it over in
 * pieces of at most 'piece' bytes; returns the gzip bytes, size in '*out'.
 */
static unsigned char *
squeeze(const unsigned char *in, size_t n, int threads, size_t piece,
    size_t *out)
{
	struct pcl_gzchunks *z;
	struct pcl_error err;
	struct sink s;
	char path[64];
	unsigned char *buf, *res;
	size_t cap, off = 0, k;
	int fd;
	FILE *f;

	snprintf(path, sizeof path, "/tmp/pcl-gzchunks-XXXXXX");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	s.seen = malloc(n ? n : 1);
	s.len = 0;
	CU_ASSERT_EQUAL_FATAL(pcl_gzchunks_new(&z, fd, path, 6, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_gzchunks_set_threads(z, threads), PCL_OK);
	do {
		buf = pcl_gzchunks_buf(z, &cap);
		k = n - off < piece ? n - off : piece;
		if (k > cap)
			k = cap;
		if (k > 0)	/* 'in' may be NULL when 'n' is 0 */
			memcpy(buf, in + off, k);
		off += k;
		CU_ASSERT_EQUAL_FATAL(pcl_gzchunks_flush(z, k, off == n,
		    record, &s, &err), PCL_OK);
	} while (off < n);
	CU_ASSERT_EQUAL(s.len, n);
	CU_ASSERT(n == 0 || memcmp(s.seen, in, n) == 0);
	free(s.seen);
	*out = (size_t)pcl_gzchunks_bytes_out(z);
	pcl_gzchunks_free(z);
	close(fd);
	res = malloc(*out + 1);
	f = fopen(path, "rb");
	CU_ASSERT_FATAL(res != NULL && f != NULL);
	CU_ASSERT_EQUAL(fread(res, 1, *out + 1, f), *out);	/* all counted */
	fclose(f);
	unlink(path);
	return res;
}

/*
 * Inflates every gzip member of 'gz'; returns the content, its size in
 * '*n' and the number of members in '*members'; NULL on a gzip error.
 */
static unsigned char *
inflate_all(const unsigned char *gz, size_t len, size_t cap, size_t *n,
    int *members)
{
	unsigned char *out = malloc(cap + 1);
	z_stream zs;
	int zr;

	memset(&zs, 0, sizeof zs);
	*n = 0;
	*members = 0;
	if (out == NULL || inflateInit2(&zs, 16 + 15) != Z_OK)
		return NULL;
	zs.next_in = (unsigned char *)(uintptr_t)gz;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap + 1;
	for (;;) {
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			(*members)++;
			if (zs.avail_in == 0)
				break;
			if (inflateReset(&zs) != Z_OK)
				break;
			continue;
		}
		if (zr != Z_OK) {
			inflateEnd(&zs);
			free(out);
			return NULL;
		}
	}
	*n = (size_t)(zs.next_out - out);
	inflateEnd(&zs);
	return out;
}

static void
test_gzchunks_roundtrip_and_members_per_chunk(void)
{
	/* 2.5 chunks: 3 chunks, so 3 libdeflate members or 1 zlib member */
	size_t n = 2 * CHUNK + CHUNK / 2, len, got;
	unsigned char *in = sample(n), *gz, *back;
	int members;

	gz = squeeze(in, n, 1, n, &len);
	back = inflate_all(gz, len, n, &got, &members);
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	CU_ASSERT_EQUAL(got, n);
	CU_ASSERT(memcmp(back, in, n) == 0);
	CU_ASSERT_EQUAL(members, strcmp(pcl_gzchunks_name(), "libdeflate") ==
	    0 ? 3 : 1);
	/* gzip magic, deflate, no flags, MTIME 0; OS 255 (RFC 1952) */
	CU_ASSERT(gz[0] == 0x1f && gz[1] == 0x8b && gz[2] == 8 && gz[3] == 0);
	CU_ASSERT(gz[4] == 0 && gz[5] == 0 && gz[6] == 0 && gz[7] == 0);
	CU_ASSERT_EQUAL(gz[9], 255);
	free(back);
	free(gz);
	free(in);
}

/* The bytes depend neither on the threads nor on the flush sizes. */
static void
test_gzchunks_same_bytes_any_threads_or_flushes(void)
{
	size_t n = 5 * CHUNK + 777, l1, l2, l3;
	unsigned char *in = sample(n), *a, *b, *c;

	a = squeeze(in, n, 1, n, &l1);
	b = squeeze(in, n, 3, n, &l2);
	c = squeeze(in, n, 2, CHUNK, &l3);	/* a flush per chunk */
	CU_ASSERT_EQUAL(l1, l2);
	CU_ASSERT_EQUAL(l1, l3);
	CU_ASSERT(l1 == l2 && memcmp(a, b, l1) == 0);
	CU_ASSERT(l1 == l3 && memcmp(a, c, l1) == 0);
	free(a);
	free(b);
	free(c);
	free(in);
}

static void
test_gzchunks_empty_stream_is_valid_gzip(void)
{
	unsigned char *gz, *back;
	size_t len, got;
	int members;

	gz = squeeze(NULL, 0, 1, 1, &len);
	back = inflate_all(gz, len, 16, &got, &members);
	CU_ASSERT_PTR_NOT_NULL(back);
	CU_ASSERT_EQUAL(got, 0);
	CU_ASSERT_EQUAL(members, 1);
	free(back);
	free(gz);
}

static void
test_gzchunks_set_threads_refuses_misuse(void)
{
	struct pcl_gzchunks *z;
	struct pcl_error err;
	char path[64];
	size_t cap;
	int fd;

	snprintf(path, sizeof path, "/tmp/pcl-gzchunks-XXXXXX");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL_FATAL(pcl_gzchunks_new(&z, fd, path, 6, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_gzchunks_set_threads(z, 0), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_gzchunks_set_threads(z, 257), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_gzchunks_set_threads(z, 2), PCL_OK);
	(void)pcl_gzchunks_buf(z, &cap);
	CU_ASSERT_EQUAL(cap, 4 * (size_t)CHUNK);	/* two chunks a thread */
	memcpy(pcl_gzchunks_buf(z, &cap), "abc", 3);
	/* only the last flush may hand over part of a chunk */
	CU_ASSERT_EQUAL(pcl_gzchunks_flush(z, 3, 0, NULL, NULL, &err),
	    PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_gzchunks_flush(z, CHUNK, 0, NULL, NULL, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_gzchunks_set_threads(z, 1), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_gzchunks_flush(z, 3, 1, NULL, NULL, &err), PCL_OK);
	pcl_gzchunks_free(z);
	pcl_gzchunks_free(NULL);
	close(fd);
	unlink(path);
}

/* A write that fails (read-only descriptor) is PCL_E_WRITE naming it. */
static void
test_gzchunks_write_error_names_path(void)
{
	struct pcl_gzchunks *z = NULL;
	struct pcl_error err;
	char path[64];
	int fd, rc;

	snprintf(path, sizeof path, "/tmp/pcl-gzchunks-XXXXXX");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	fd = open(path, O_RDONLY);
	CU_ASSERT_FATAL(fd >= 0);
	rc = pcl_gzchunks_new(&z, fd, path, 6, &err);
	if (rc == PCL_OK)	/* libdeflate: no header, fails at the flush */
		rc = pcl_gzchunks_flush(z, 0, 1, NULL, NULL, &err);
	CU_ASSERT_EQUAL(rc, PCL_E_WRITE);
	CU_ASSERT_STRING_EQUAL(err.file, path);
	pcl_gzchunks_free(z);
	close(fd);
	unlink(path);
}

void test_gzchunks_register(void);
void
test_gzchunks_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_gzchunks_roundtrip_and_members_per_chunk),
		PCL_TEST(test_gzchunks_same_bytes_any_threads_or_flushes),
		PCL_TEST(test_gzchunks_empty_stream_is_valid_gzip),
		PCL_TEST(test_gzchunks_set_threads_refuses_misuse),
		PCL_TEST(test_gzchunks_write_error_names_path),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("gzchunks", tests);
}
