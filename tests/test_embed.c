/*
 * test_embed: the data files compiled into the binary, found by their
 * repository path and identical to the files on disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "embed.h"

static void
test_embed_finds_ecb_table(void)
{
	const unsigned char *data = NULL;
	size_t len = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_embed_find("data/fx/ecb-eurofxref-hist.csv",
	    &data, &len), 1);
	CU_ASSERT_FATAL(data != NULL);
	CU_ASSERT_FATAL(len > 8);
	CU_ASSERT(memcmp(data, "Date,USD", 8) == 0);
}

static void
test_embed_bytes_equal_file_on_disk(void)
{
	const unsigned char *data = NULL;
	size_t len = 0, got;
	unsigned char *buf;
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(pcl_embed_find("data/codes/currencies.csv",
	    &data, &len), 1);
	f = fopen("../data/codes/currencies.csv", "rb");
	CU_ASSERT_FATAL(f != NULL);
	buf = malloc(len + 1);
	CU_ASSERT_FATAL(buf != NULL);
	got = fread(buf, 1, len + 1, f);
	fclose(f);
	CU_ASSERT_EQUAL(got, len);
	CU_ASSERT(got == len && memcmp(buf, data, len) == 0);
	free(buf);
}

static void
test_embed_unknown_name_returns_zero(void)
{
	const unsigned char *data = NULL;
	size_t len = 12345;

	CU_ASSERT_EQUAL(pcl_embed_find("data/fx/none.csv", &data, &len), 0);
	CU_ASSERT_EQUAL(pcl_embed_find("", &data, &len), 0);
	/* the repository path, exactly: no leading "./" or basename */
	CU_ASSERT_EQUAL(pcl_embed_find("ecb-eurofxref-hist.csv", &data, &len), 0);
	CU_ASSERT_EQUAL(pcl_embed_find("./data/fx/ecb-eurofxref-hist.csv",
	    &data, &len), 0);
}

void test_embed_register(void);
void
test_embed_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_embed_finds_ecb_table),
		PCL_TEST(test_embed_bytes_equal_file_on_disk),
		PCL_TEST(test_embed_unknown_name_returns_zero),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("embed", tests);
}
