/*
 * test_digest: SHA-256 against the FIPS 180-2 example vectors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "digest.h"

#define SHA_EMPTY \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_ABC \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_448 \
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
#define SHA_MILLION_A \
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

static const char msg448[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

static void
test_digest_buffer_known_vectors(void)
{
	char hex[65];

	pcl_digest_buffer("abc", 3, hex);
	CU_ASSERT_STRING_EQUAL(hex, SHA_ABC);
	pcl_digest_buffer("", 0, hex);
	CU_ASSERT_STRING_EQUAL(hex, SHA_EMPTY);
	pcl_digest_buffer(msg448, strlen(msg448), hex);
	CU_ASSERT_STRING_EQUAL(hex, SHA_448);
}

static void
test_digest_stream_in_pieces_equals_one_shot(void)
{
	struct pcl_digest *d;
	char hex[65], chunk[1000];
	int i;

	CU_ASSERT_EQUAL_FATAL(pcl_digest_new(&d), PCL_OK);
	pcl_digest_update(d, "a", 1);
	pcl_digest_update(d, "", 0);
	pcl_digest_update(d, "bc", 2);
	pcl_digest_final(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, SHA_ABC);
	/* final resets: the same handle starts a new digest */
	pcl_digest_final(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, SHA_EMPTY);
	/* one million 'a' in 1000 pieces */
	memset(chunk, 'a', sizeof chunk);
	for (i = 0; i < 1000; i++)
		pcl_digest_update(d, chunk, sizeof chunk);
	pcl_digest_final(d, hex);
	CU_ASSERT_STRING_EQUAL(hex, SHA_MILLION_A);
	pcl_digest_free(d);
	pcl_digest_free(NULL);
}

static void
test_digest_file_hashes_bytes_and_reports_size(void)
{
	char path[] = "/tmp/pcl-test-digest-XXXXXX", hex[65];
	unsigned long long size = 0;
	struct pcl_error err;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	f = fdopen(fd, "wb");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_EQUAL(fwrite(msg448, 1, strlen(msg448), f), strlen(msg448));
	CU_ASSERT_EQUAL(fclose(f), 0);
	CU_ASSERT_EQUAL(pcl_digest_file(path, hex, &size, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(hex, SHA_448);
	CU_ASSERT_EQUAL(size, 56);
	CU_ASSERT_EQUAL(pcl_digest_file(path, hex, NULL, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(hex, SHA_448);
	/* an empty file */
	f = fopen(path, "wb");
	CU_ASSERT_FATAL(f != NULL);
	CU_ASSERT_EQUAL(fclose(f), 0);
	CU_ASSERT_EQUAL(pcl_digest_file(path, hex, &size, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(hex, SHA_EMPTY);
	CU_ASSERT_EQUAL(size, 0);
	unlink(path);
}

static void
test_digest_file_missing_is_io_error(void)
{
	struct pcl_error err;
	char hex[65];

	CU_ASSERT_EQUAL(pcl_digest_file("/nonexistent/pcl/none.csv", hex, NULL,
	    &err), PCL_E_IO);
	CU_ASSERT_EQUAL(err.code, PCL_E_IO);
	CU_ASSERT(strstr(err.msg, "'/nonexistent/pcl/none.csv'") != NULL);
	/* a directory opens but cannot be read */
	CU_ASSERT_EQUAL(pcl_digest_file("/tmp", hex, NULL, &err), PCL_E_IO);
}

void test_digest_register(void);
void
test_digest_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_digest_buffer_known_vectors),
		PCL_TEST(test_digest_stream_in_pieces_equals_one_shot),
		PCL_TEST(test_digest_file_hashes_bytes_and_reports_size),
		PCL_TEST(test_digest_file_missing_is_io_error),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("digest", tests);
}
