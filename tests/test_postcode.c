/*
 * test_postcode: destination postcode formats (data/postcodes/formats.csv)
 * and the leading-zero check. Expected results follow each postal
 * operator's format as cited in the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "postcode.h"

#define CHECK(p, cc, s) pcl_postcodes_check((p), (cc), (s), strlen(s))

static void
test_postcode_embedded_formats(void)
{
	struct pcl_postcodes *p;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_postcodes_open(&p, NULL, &err), PCL_OK);
	/* US: 5 digits or ZIP+4 (USPS Pub. 28) */
	CU_ASSERT_EQUAL(CHECK(p, "US", "02134"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "US", "02134-1234"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "US", "2134"), PCL_POSTCODE_LEADING_ZERO_LOST);
	CU_ASSERT_EQUAL(CHECK(p, "US", "501"), PCL_POSTCODE_LEADING_ZERO_LOST);
	CU_ASSERT_EQUAL(CHECK(p, "US", "2134-1234"),
	    PCL_POSTCODE_LEADING_ZERO_LOST);
	CU_ASSERT_EQUAL(CHECK(p, "US", "021341234"), PCL_POSTCODE_FORMAT);
	CU_ASSERT_EQUAL(CHECK(p, "US", "ABCDE"), PCL_POSTCODE_FORMAT);
	/* FR, DE, IT, ES: 5 digits */
	CU_ASSERT_EQUAL(CHECK(p, "FR", "1000"), PCL_POSTCODE_LEADING_ZERO_LOST);
	CU_ASSERT_EQUAL(CHECK(p, "FR", "690033"), PCL_POSTCODE_FORMAT);
	CU_ASSERT_EQUAL(CHECK(p, "DE", "01067"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "IT", "184"), PCL_POSTCODE_LEADING_ZERO_LOST);
	CU_ASSERT_EQUAL(CHECK(p, "ES", "08001"), PCL_POSTCODE_OK);
	/* NL: 1000-9999 and two letters, with or without the space */
	CU_ASSERT_EQUAL(CHECK(p, "NL", "1012 AB"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "NL", "1012ab"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "NL", "0999 AB"), PCL_POSTCODE_FORMAT);
	CU_ASSERT_EQUAL(CHECK(p, "NL", "999 AB"), PCL_POSTCODE_FORMAT);
	CU_ASSERT_EQUAL(CHECK(p, "NL", "1012"), PCL_POSTCODE_FORMAT);
	/* GB: outward code, space, inward code 9AA; the space may be missing */
	CU_ASSERT_EQUAL(CHECK(p, "GB", "SW1A 1AA"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "GB", "M1 1AE"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "GB", "EC1A1BB"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "GB", "SW1A  1AA"), PCL_POSTCODE_FORMAT);
	CU_ASSERT_EQUAL(CHECK(p, "GB", "12345"), PCL_POSTCODE_FORMAT);
	/* CA: A9A 9A9 */
	CU_ASSERT_EQUAL(CHECK(p, "CA", "K1A 0B1"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "CA", "K1A0B1"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "CA", "K1A-0B1"), PCL_POSTCODE_FORMAT);
	/* AU: 4 digits; Darwin 0800 */
	CU_ASSERT_EQUAL(CHECK(p, "AU", "2000"), PCL_POSTCODE_OK);
	CU_ASSERT_EQUAL(CHECK(p, "AU", "800"), PCL_POSTCODE_LEADING_ZERO_LOST);
	/* no format on file */
	CU_ASSERT_EQUAL(CHECK(p, "BR", "01310-100"), PCL_POSTCODE_NO_FORMAT);
	CU_ASSERT_EQUAL(CHECK(p, "", "1"), PCL_POSTCODE_NO_FORMAT);
	CU_ASSERT_EQUAL(CHECK(p, "us", "02134"), PCL_POSTCODE_NO_FORMAT);
	CU_ASSERT_STRING_EQUAL(pcl_postcodes_pattern(p, "AU"), "9999");
	CU_ASSERT_PTR_NULL(pcl_postcodes_pattern(p, "BR"));
	/* an empty postcode is a format error here (check.c skips it) */
	CU_ASSERT_EQUAL(CHECK(p, "FR", ""), PCL_POSTCODE_FORMAT);
	pcl_postcodes_free(p);
	pcl_postcodes_free(NULL);
}

/* Writes 'text' to a temporary file and opens it as a format table. */
static int
open_text(const char *text, struct pcl_postcodes **p, struct pcl_error *err)
{
	char path[] = "/tmp/pcl-test-postcode-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f;

	CU_ASSERT_FATAL(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	rc = pcl_postcodes_open(p, path, err);
	unlink(path);
	return rc;
}

static void
test_postcode_table_errors(void)
{
	struct pcl_postcodes *p;
	struct pcl_error err;

	CU_ASSERT_EQUAL(open_text("country,pattern,example,source\n"
	    "XX,99,12,test\n", &p, &err), PCL_OK);
	CU_ASSERT_EQUAL(CHECK(p, "XX", "1"), PCL_POSTCODE_LEADING_ZERO_LOST);
	pcl_postcodes_free(p);
	CU_ASSERT_EQUAL(open_text("cc,pattern\n", &p, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(open_text("country,pattern,example,source\n"
	    "XX,99,123,test\n", &p, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "example"));
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_EQUAL(open_text("country,pattern,example,source\n"
	    "XX,99,12,a\nXX,9,1,b\n", &p, &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_EQUAL(open_text("country,pattern,example,source\n"
	    "Xx,99,12,a\n", &p, &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(open_text("country,pattern,example,source\n"
	    "XX,,12,a\n", &p, &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(open_text("country,pattern,example,source\n"
	    "XX,99\n", &p, &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(pcl_postcodes_open(&p, "/nonexistent/f.csv", &err),
	    PCL_E_IO);
}

static const struct pcl_test tests[] = {
	PCL_TEST(test_postcode_embedded_formats),
	PCL_TEST(test_postcode_table_errors),
	{ NULL, NULL }
};

void test_postcode_register(void);

void
test_postcode_register(void)
{
	PCL_TEST_SUITE("postcode", tests);
}
