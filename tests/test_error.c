/*
 * test_error: status code names and the error record helpers.
 */
#include <string.h>

#include "test_util.h"
#include "error.h"

static void
test_error_strerror_names_every_code(void)
{
	CU_ASSERT_STRING_EQUAL(pcl_strerror(PCL_OK), "ok");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(PCL_END), "end of input");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(PCL_E_IO), "i/o error");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(PCL_E_PARSE), "malformed data");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(PCL_E_SCHEMA), "schema error");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(PCL_E_NOMEM), "out of memory");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(PCL_E_LOCKED),
	    "output directory locked");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(PCL_E_INTERRUPTED), "interrupted");
	/* never NULL, even for numbers that are not codes */
	CU_ASSERT_STRING_EQUAL(pcl_strerror(-1), "unknown error");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(14), "unknown error");
	CU_ASSERT_STRING_EQUAL(pcl_strerror(1000), "unknown error");
}

static void
test_error_codes_keep_their_numbers(void)
{
	CU_ASSERT_EQUAL(PCL_OK, 0);
	CU_ASSERT_EQUAL(PCL_END, 1);
	CU_ASSERT_EQUAL(PCL_E_IO, 2);
	CU_ASSERT_EQUAL(PCL_E_PARSE, 3);
	CU_ASSERT_EQUAL(PCL_E_SCHEMA, 4);
	CU_ASSERT_EQUAL(PCL_E_TOOBIG, 5);
	CU_ASSERT_EQUAL(PCL_E_NOMEM, 6);
	CU_ASSERT_EQUAL(PCL_E_GZIP, 7);
	CU_ASSERT_EQUAL(PCL_E_WRITE, 8);
	CU_ASSERT_EQUAL(PCL_E_USAGE, 9);
	CU_ASSERT_EQUAL(PCL_E_NOTFOUND, 10);
	CU_ASSERT_EQUAL(PCL_E_OVERFLOW, 11);
	CU_ASSERT_EQUAL(PCL_E_LOCKED, 12);
	CU_ASSERT_EQUAL(PCL_E_INTERRUPTED, 13);
}

static void
test_error_set_fills_code_and_message_and_clears_position(void)
{
	struct pcl_error err;
	int rc;

	memset(&err, 0x55, sizeof err);
	rc = pcl_error_set(&err, PCL_E_IO, "cannot open '%s': %s", "in.csv",
	    "No such file or directory");
	CU_ASSERT_EQUAL(rc, PCL_E_IO);
	CU_ASSERT_EQUAL(err.code, PCL_E_IO);
	CU_ASSERT_STRING_EQUAL(err.msg,
	    "cannot open 'in.csv': No such file or directory");
	CU_ASSERT_STRING_EQUAL(err.file, "");
	CU_ASSERT_STRING_EQUAL(err.field, "");
	CU_ASSERT_EQUAL(err.record, 0);
	CU_ASSERT_EQUAL(err.line, 0);
	CU_ASSERT_EQUAL(err.offset, 0);
}

static void
test_error_set_truncates_long_message(void)
{
	struct pcl_error err;
	char big[400];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CU_ASSERT_EQUAL(pcl_error_set(&err, PCL_E_PARSE, "%s", big),
	    PCL_E_PARSE);
	CU_ASSERT_EQUAL(strlen(err.msg), sizeof err.msg - 1);
	CU_ASSERT_EQUAL(err.msg[0], 'x');
}

static void
test_error_null_record_is_allowed(void)
{
	CU_ASSERT_EQUAL(pcl_error_set(NULL, PCL_E_NOMEM, "out of memory"),
	    PCL_E_NOMEM);
	pcl_error_clear(NULL);
}

static void
test_error_clear_resets_to_ok(void)
{
	struct pcl_error err;

	(void)pcl_error_set(&err, PCL_E_SCHEMA, "required column missing");
	err.line = 12;
	memcpy(err.field, "hs_code", 8);
	pcl_error_clear(&err);
	CU_ASSERT_EQUAL(err.code, PCL_OK);
	CU_ASSERT_STRING_EQUAL(err.msg, "");
	CU_ASSERT_STRING_EQUAL(err.field, "");
	CU_ASSERT_EQUAL(err.line, 0);
}

void test_error_register(void);
void
test_error_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_error_strerror_names_every_code),
		PCL_TEST(test_error_codes_keep_their_numbers),
		PCL_TEST(test_error_set_fills_code_and_message_and_clears_position),
		PCL_TEST(test_error_set_truncates_long_message),
		PCL_TEST(test_error_null_record_is_allowed),
		PCL_TEST(test_error_clear_resets_to_ok),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("error", tests);
}
