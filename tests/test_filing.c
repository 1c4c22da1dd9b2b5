/*
 * test_filing: the --filing file: every key read and validated, errors
 * naming the line, the representative's pair.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "filing.h"

/* Writes 'text' to a new temporary file; its path into 'path'. */
static void
put(char *path, size_t size, const char *text)
{
	const char *t = getenv("TMPDIR");
	FILE *f;
	int fd;

	snprintf(path, size, "%s/pcl-filing.XXXXXX", t != NULL ? t : "/tmp");
	CU_ASSERT_FATAL((fd = mkstemp(path)) >= 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fdopen(fd, "w"));
	fputs(text, f);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

/* Opens 'text' as a filing file; the status, the error in 'err'. */
static int
open_text(const char *text, struct pcl_filing **f, struct pcl_error *err)
{
	char path[4096];
	int rc;

	put(path, sizeof path, text);
	rc = pcl_filing_open(f, path, err);
	unlink(path);
	return rc;
}

static void
test_filing_reads_every_key(void)
{
	struct pcl_filing *f;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(open_text(
	    "# a comment\n"
	    "declarant_eori = NL123456789\n"
	    "\n"
	    "representative_eori=GB123456789012\r\n"
	    "  representative_status = 2  \n"
	    "customs_office = NL000396\n"
	    "location_of_goods = NLAMS\n"
	    "master_waybill = 176-12345675\n"
	    "receptacle_id = CNSHAADEFRAAAUN51001001100012\n"
	    "port_of_entry = 4701\n"
	    "filer_code = A1B", &f, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_filing_get(f, PCL_FILING_DECLARANT_EORI),
	    "NL123456789");
	CU_ASSERT_STRING_EQUAL(pcl_filing_get(f,
	    PCL_FILING_REPRESENTATIVE_EORI), "GB123456789012");
	CU_ASSERT_STRING_EQUAL(pcl_filing_get(f,
	    PCL_FILING_REPRESENTATIVE_STATUS), "2");
	CU_ASSERT_STRING_EQUAL(pcl_filing_get(f, PCL_FILING_FILER_CODE),
	    "A1B");
	CU_ASSERT_EQUAL(strlen(pcl_filing_sha256(f)), 64);
	CU_ASSERT_STRING_EQUAL(pcl_filing_key_name(PCL_FILING_PORT_OF_ENTRY),
	    "port_of_entry");
	CU_ASSERT_STRING_EQUAL(pcl_filing_key_name(PCL_FILING_COUNT), "");
	pcl_filing_free(f);
	/* keys not set read as "", as with no file at all */
	CU_ASSERT_EQUAL_FATAL(open_text("customs_office = DE004800\n", &f,
	    &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_filing_get(f, PCL_FILING_MASTER_WAYBILL),
	    "");
	CU_ASSERT_STRING_EQUAL(pcl_filing_get(NULL, PCL_FILING_CUSTOMS_OFFICE),
	    "");
	pcl_filing_free(f);
	pcl_filing_free(NULL);
}

static void
test_filing_refuses_bad_values_naming_the_line(void)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "declarant_eori NL123456789\n", "expected 'key = value'" },
		{ "\ndeclarant = NL123456789\n", "unknown key 'declarant'" },
		{ "filer_code = A1B\nfiler_code = A1C\n", "given twice" },
		{ "declarant_eori = 123456789\n", "not an EORI number" },
		{ "representative_eori = NL1\nrepresentative_status = 1\n",
		    "not 2 (direct) or 3 (indirect)" },
		{ "customs_office = NL00039\n", "not a customs office" },
		{ "location_of_goods = nlams\n", "not a UN/LOCODE" },
		{ "master_waybill = 176 1234\n", "not printable ASCII" },
		{ "receptacle_id = CNSHA\n", "not a receptacle id" },
		{ "port_of_entry = 470A\n", "not a port code" },
		{ "filer_code = a1b\n", "not a filer code" },
		{ "representative_eori = NL1\n", "go together" },
		{ "representative_status = 3\n", "go together" },
	};
	struct pcl_filing *f;
	struct pcl_error err;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f = (struct pcl_filing *)1;
		CU_ASSERT_EQUAL(open_text(bad[i].text, &f, &err),
		    PCL_E_PARSE);
		CU_ASSERT_PTR_NULL(f);
		if (strstr(err.msg, bad[i].msg) == NULL)
			CU_FAIL(bad[i].msg);
	}
	/* the line of the fault */
	CU_ASSERT_EQUAL(open_text("\n# x\nfoo = 1\n", &f, &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 3);
}

void test_filing_register(void);
void
test_filing_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_filing_reads_every_key),
		PCL_TEST(test_filing_refuses_bad_values_naming_the_line),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("filing", tests);
}
