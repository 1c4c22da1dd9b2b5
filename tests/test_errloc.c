/*
 * test_errloc: the error-location helper fills file, record, line,
 * column and message, and cuts over-long names.
 */
#include <string.h>

#include "test_util.h"
#include "errloc.h"

static void
test_errloc_fills_every_position_field(void)
{
	struct pcl_error err;

	memset(&err, 0x55, sizeof err);
	CU_ASSERT_EQUAL(pcl_errloc_set(&err, PCL_E_PARSE, "r.csv", 2, 3,
	    "currency", "unknown currency '%s'", "XYZ"), PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.code, PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.file, "r.csv");
	CU_ASSERT_EQUAL(err.record, 2);
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_EQUAL(err.offset, 0);
	CU_ASSERT_STRING_EQUAL(err.field, "currency");
	CU_ASSERT_STRING_EQUAL(err.msg, "unknown currency 'XYZ'");
}

static void
test_errloc_null_names_and_null_err(void)
{
	struct pcl_error err;
	char longname[400];

	CU_ASSERT_EQUAL(pcl_errloc_set(NULL, PCL_E_IO, "x", 1, 1, NULL, "m"),
	    PCL_E_IO);
	CU_ASSERT_EQUAL(pcl_errloc_set(&err, PCL_E_PARSE, NULL, 0, 7, NULL,
	    "bad"), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.file, "");
	CU_ASSERT_STRING_EQUAL(err.field, "");
	CU_ASSERT_EQUAL(err.line, 7);
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	CU_ASSERT_EQUAL(pcl_errloc_set(&err, PCL_E_PARSE, longname, 0, 0,
	    longname, "m"), PCL_E_PARSE);
	CU_ASSERT_EQUAL(strlen(err.file), sizeof err.file - 1);
	CU_ASSERT_EQUAL(strlen(err.field), sizeof err.field - 1);
}

void test_errloc_register(void);
void
test_errloc_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_errloc_fills_every_position_field),
		PCL_TEST(test_errloc_null_names_and_null_err),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("errloc", tests);
}
