/*
 * test_table: the small CSV data-file reader (#3): comments, quotes,
 * CRLF, the header check, ragged rows and the file's SHA-256.
 */
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "table.h"

static const char *const cols[] = { "a", "b" };

static const char *
write_tmp(const char *text)
{
	static char path[] = "/tmp/pcl-test-table.csv";
	FILE *fp = fopen(path, "w");

	CU_ASSERT_FATAL(fp != NULL);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
test_table_rows(void)
{
	struct pcl_table *t;
	struct pcl_error err;
	char **f;

	CU_ASSERT_EQUAL_FATAL(pcl_table_open(&t, write_tmp(
	    "\xef\xbb\xbf# comment\r\na,b\r\n\r\n1,\"x, \"\"y\"\"\"\r\n,\n"),
	    NULL, cols, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_table_next(t, &f, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(f[0], "1");
	CU_ASSERT_STRING_EQUAL(f[1], "x, \"y\"");
	CU_ASSERT_EQUAL(pcl_table_next(t, &f, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(f[0], "");
	CU_ASSERT_STRING_EQUAL(f[1], "");
	CU_ASSERT_EQUAL(pcl_table_next(t, &f, &err), PCL_END);
	CU_ASSERT_EQUAL(strlen(pcl_table_sha256(t)), 64);
	pcl_table_close(t);
	pcl_table_close(NULL);
}

static void
test_table_errors(void)
{
	struct pcl_table *t;
	struct pcl_error err;
	char **f;

	CU_ASSERT_EQUAL(pcl_table_open(&t, write_tmp("a,c\n"), NULL, cols, 2,
	    &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(pcl_table_open(&t, write_tmp("# only\n"), NULL, cols,
	    2, &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL_FATAL(pcl_table_open(&t, write_tmp("a,b\n1,2,3\n"),
	    NULL, cols, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_table_next(t, &f, &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 2);
	pcl_table_close(t);
	CU_ASSERT_EQUAL(pcl_table_open(&t, NULL, "data/none.csv", cols, 2,
	    &err), PCL_E_IO);
}

void test_table_register(void);
void
test_table_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_table_rows),
		PCL_TEST(test_table_errors),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("table", tests);
}
