/*
 * test_source: the byte source of the reader. Each test reads a small
 * input through pcl_source_read and checks the bytes, the counts, the
 * digest and the faults, worked out by hand from the bytes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "test_util.h"
#include "digest.h"
#include "source.h"

/* Writes 'len' bytes to a new temporary file; its name goes to 'path'. */
static void
tmp_file(char *path, size_t size, const void *data, size_t len)
{
	const char *d = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/pcl-test-source-XXXXXX",
	    d != NULL && *d != '\0' ? d : "/tmp");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_FATAL(write(fd, data, len) == (ssize_t)len);
	CU_ASSERT_FATAL(close(fd) == 0);
}

/* Reads all of 's' into 'out' ('cap' bytes); returns the final status. */
static int
drain(struct pcl_source *s, unsigned char *out, size_t cap, size_t *len)
{
	size_t got;
	int rc;

	*len = 0;
	do {
		rc = pcl_source_read(s, out + *len, cap - *len, &got);
		*len += got;
	} while (rc == PCL_OK && got > 0 && *len < cap);
	return rc;
}

static void
test_source_plain_bytes_and_digest(void)
{
	static const char in[] = "id,name\n1,a\n";
	struct pcl_source *s;
	struct pcl_error err;
	unsigned char out[64];
	char path[256], hex[65], want[65];
	unsigned long long n = 0;
	size_t len;

	tmp_file(path, sizeof path, in, sizeof in - 1);
	CU_ASSERT_EQUAL_FATAL(pcl_source_open(&s, path, "in.csv", NULL, 1,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_source_is_gzip(s), 0);
	CU_ASSERT_EQUAL(pcl_source_min_room(s), 1);
	/* not read to the end yet */
	CU_ASSERT_EQUAL(pcl_source_digest(s, hex, &n), PCL_E_USAGE);
	CU_ASSERT_EQUAL(drain(s, out, sizeof out, &len), PCL_OK);
	CU_ASSERT_EQUAL(len, 12);
	CU_ASSERT(memcmp(out, in, 12) == 0);
	CU_ASSERT_EQUAL(pcl_source_file_pos(s), 12);
	CU_ASSERT_EQUAL(pcl_source_digest(s, hex, &n), PCL_OK);
	pcl_digest_buffer(in, 12, want);
	CU_ASSERT_STRING_EQUAL(hex, want);
	CU_ASSERT_EQUAL(n, 12);
	CU_ASSERT_EQUAL(pcl_source_close(s), PCL_OK);
	CU_ASSERT_EQUAL(pcl_source_close(NULL), PCL_OK);
	unlink(path);
	CU_ASSERT_EQUAL(pcl_source_open(&s, path, "in.csv", NULL, 0, &err),
	    PCL_E_IO);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL(pcl_source_open(&s, path, NULL, "no-such-code", 0,
	    &err), PCL_E_USAGE);
}

/*
 * gzip-multi-member.csv.gz: three members, one per part of the file;
 * every member is read. gzip-trailing-junk.csv.gz: junk at compressed
 * byte 160, after the bytes of the members.
 */
static void
test_source_gzip_members_and_junk(void)
{
	struct pcl_source *s;
	struct pcl_error err;
	unsigned char out[4096];
	size_t len;
	gzFile z;
	char want[4096];
	int n;

	CU_ASSERT_EQUAL_FATAL(pcl_source_open(&s,
	    PCL_FIXTURE("faults/gzip-multi-member.csv.gz"), NULL, NULL, 0,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_source_is_gzip(s), 1);
	CU_ASSERT_EQUAL(drain(s, out, sizeof out, &len), PCL_OK);
	z = gzopen(PCL_FIXTURE("faults/gzip-multi-member.csv.gz"), "rb");
	CU_ASSERT_FATAL(z != NULL);
	n = gzread(z, want, sizeof want);
	CU_ASSERT_FATAL(n > 0);
	(void)gzclose(z);
	CU_ASSERT_EQUAL(len, (size_t)n);
	CU_ASSERT(memcmp(out, want, len) == 0);
	CU_ASSERT_EQUAL(pcl_source_close(s), PCL_OK);

	CU_ASSERT_EQUAL_FATAL(pcl_source_open(&s,
	    PCL_FIXTURE("faults/gzip-trailing-junk.csv.gz"), "j.gz", NULL, 0,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(drain(s, out, sizeof out, &len), PCL_E_GZIP);
	CU_ASSERT(len > 0);
	CU_ASSERT_STRING_EQUAL(pcl_source_error(s), "junk after the last "
	    "gzip member at compressed byte 160");
	CU_ASSERT_EQUAL(pcl_source_close(s), PCL_OK);
}

/* The flipped byte is found by reading the stream to its end. */
static void
test_source_check_gzip(void)
{
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_source_check_gzip(
	    PCL_FIXTURE("faults/gzip-byte-flipped.csv.gz"), "f.gz", &err),
	    PCL_E_GZIP);
	CU_ASSERT_STRING_EQUAL(err.file, "f.gz");
	CU_ASSERT_STRING_EQUAL(err.msg, "corrupt gzip stream: incorrect "
	    "data check at compressed byte 154");
	CU_ASSERT_EQUAL(pcl_source_check_gzip(
	    PCL_FIXTURE("faults/gzip-multi-member.csv.gz"), NULL, &err),
	    PCL_OK);
	/* not gzip: nothing to check */
	CU_ASSERT_EQUAL(pcl_source_check_gzip(
	    PCL_FIXTURE("faults/bom-utf8.csv"), NULL, &err), PCL_OK);
}

/*
 * cp1252: "caf\xe9\n" is "caf\xc3\xa9\n" in UTF-8 (5 bytes become 6);
 * \x81 is undefined in cp1252: the input ends there, at raw byte 5.
 */
static void
test_source_encoding_converts(void)
{
	struct pcl_source *s;
	struct pcl_error err;
	unsigned char out[64];
	char path[256];
	size_t len;

	tmp_file(path, sizeof path, "caf\xe9\n", 5);
	CU_ASSERT_EQUAL_FATAL(pcl_source_open(&s, path, "c.csv", "cp1252", 0,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_source_min_room(s), 4);
	CU_ASSERT_EQUAL(drain(s, out, sizeof out, &len), PCL_OK);
	CU_ASSERT_EQUAL(len, 6);
	CU_ASSERT(memcmp(out, "caf\xc3\xa9\n", 6) == 0);
	CU_ASSERT_EQUAL(pcl_source_close(s), PCL_OK);
	unlink(path);
	tmp_file(path, sizeof path, "caf\xe9\n\x81x\n", 8);
	CU_ASSERT_EQUAL_FATAL(pcl_source_open(&s, path, "c.csv", "cp1252", 0,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(drain(s, out, sizeof out, &len), PCL_E_SCHEMA);
	CU_ASSERT_EQUAL(len, 6);
	CU_ASSERT_STRING_EQUAL(pcl_source_error(s), "input is not valid "
	    "cp1252 at byte 5 of the file");
	CU_ASSERT_EQUAL(pcl_source_close(s), PCL_OK);
	unlink(path);
}

/* A pipe is spooled and read from the spool; a regular file is not. */
static void
test_source_spool_pipe(void)
{
	struct pcl_source *s;
	struct pcl_error err;
	unsigned char out[64];
	char src[64], path[256], *sp = NULL;
	size_t len;
	int p[2], fd = 7;

	CU_ASSERT_FATAL(pipe(p) == 0);
	CU_ASSERT_FATAL(write(p[1], "a,b\n", 4) == 4);
	CU_ASSERT_FATAL(close(p[1]) == 0);
	snprintf(src, sizeof src, "/proc/self/fd/%d", p[0]);
	CU_ASSERT_EQUAL(pcl_source_spool(&sp, &fd, src, NULL, &err), PCL_OK);
	(void)close(p[0]);
	CU_ASSERT_FATAL(sp != NULL && fd >= 0);
	CU_ASSERT_EQUAL_FATAL(pcl_source_open(&s, sp, "-", NULL, 0, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(drain(s, out, sizeof out, &len), PCL_OK);
	CU_ASSERT_EQUAL(len, 4);
	CU_ASSERT_EQUAL(pcl_source_close(s), PCL_OK);
	(void)close(fd);
	free(sp);
	tmp_file(path, sizeof path, "a,b\n", 4);
	CU_ASSERT_EQUAL(pcl_source_spool(&sp, &fd, path, NULL, &err), PCL_OK);
	CU_ASSERT_PTR_NULL(sp);
	CU_ASSERT_EQUAL(fd, -1);
	unlink(path);
}

void test_source_register(void);

void
test_source_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_source_plain_bytes_and_digest),
		PCL_TEST(test_source_gzip_members_and_junk),
		PCL_TEST(test_source_check_gzip),
		PCL_TEST(test_source_encoding_converts),
		PCL_TEST(test_source_spool_pipe),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("source", tests);
}
