/*
 * test_readfile: the whole-file reader: bytes and trailing NUL, empty
 * files, the size limit and the error texts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "readfile.h"

/* Writes 'len' bytes of 'data' to '<dir>/f' and its path into 'path'. */
static void
put(const char *dir, char *path, size_t size, const char *data, size_t len)
{
	FILE *fp;

	snprintf(path, size, "%s/f", dir);
	fp = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	CU_ASSERT_EQUAL(fwrite(data, 1, len, fp), len);
	CU_ASSERT_EQUAL(fclose(fp), 0);
}

static void
test_readfile_reads_bytes_with_a_nul_after_them(void)
{
	char dir[] = "/tmp/pcl-test-readfile-XXXXXX", path[64], *buf;
	struct pcl_error err;
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	put(dir, path, sizeof path, "a\0b\n", 4);
	CU_ASSERT_EQUAL_FATAL(pcl_readfile_all(path, 4, &buf, &len, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(len, 4);
	CU_ASSERT_EQUAL(memcmp(buf, "a\0b\n", 5), 0);
	free(buf);
	/* one byte over the limit */
	CU_ASSERT_EQUAL(pcl_readfile_all(path, 3, &buf, &len, &err),
	    PCL_E_TOOBIG);
	CU_ASSERT_PTR_NULL(buf);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "is larger than 3 bytes"));
	CU_ASSERT_STRING_EQUAL(err.file, "");
	put(dir, path, sizeof path, "", 0);
	CU_ASSERT_EQUAL_FATAL(pcl_readfile_all(path, 3, &buf, &len, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(len, 0);
	CU_ASSERT_EQUAL(buf[0], '\0');
	free(buf);
	CU_ASSERT_EQUAL(unlink(path), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
}

static void
test_readfile_large_file_grows_past_the_first_block(void)
{
	char dir[] = "/tmp/pcl-test-readfile-XXXXXX", path[64], *buf, *data;
	struct pcl_error err;
	size_t len, n = 200000, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	data = malloc(n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	for (i = 0; i < n; i++)
		data[i] = (char)('a' + i % 26);
	put(dir, path, sizeof path, data, n);
	CU_ASSERT_EQUAL_FATAL(pcl_readfile_all(path, n, &buf, &len, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(len, n);
	CU_ASSERT_EQUAL(memcmp(buf, data, n), 0);
	free(buf);
	CU_ASSERT_EQUAL(pcl_readfile_all(path, n - 1, &buf, &len, &err),
	    PCL_E_TOOBIG);
	free(data);
	CU_ASSERT_EQUAL(unlink(path), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
}

static void
test_readfile_missing_file_names_the_path(void)
{
	struct pcl_error err;
	char *buf;
	size_t len;

	CU_ASSERT_EQUAL(pcl_readfile_all("no/such/file", 10, &buf, &len,
	    &err), PCL_E_IO);
	CU_ASSERT_STRING_EQUAL(err.msg,
	    "cannot open 'no/such/file': No such file or directory");
	CU_ASSERT_EQUAL(pcl_readfile_all("/", 10, &buf, &len, &err),
	    PCL_E_IO);
	CU_ASSERT_STRING_EQUAL(err.msg, "cannot read '/': Is a directory");
}

void test_readfile_register(void);
void
test_readfile_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_readfile_reads_bytes_with_a_nul_after_them),
		PCL_TEST(test_readfile_large_file_grows_past_the_first_block),
		PCL_TEST(test_readfile_missing_file_names_the_path),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("readfile", tests);
}
