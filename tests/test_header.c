/*
 * test_header: the header record's checks, the byte-order mark and the
 * delimiter sniffing. Names are given as one text with offsets and
 * lengths, as the record reader holds them; the expected messages and
 * columns are worked out by hand from the names.
 */
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "header.h"
#include "manifest.h"

/*
 * Splits 'text' at each '|' into names (the '|' becomes the NUL the
 * reader puts after each field) and judges them.
 */
static int
judge(const char *text, enum pcl_record_status st, struct pcl_header **h,
    struct pcl_error *err)
{
	static char buf[256];
	size_t offs[16], lens[16], n = 0, i, start = 0, len = strlen(text);

	CU_ASSERT_FATAL(len < sizeof buf);
	memcpy(buf, text, len + 1);
	for (i = 0; i <= len; i++)
		if (buf[i] == '|' || buf[i] == '\0') {
			offs[n] = start;
			lens[n] = i - start;
			buf[i] = '\0';
			n++;
			start = i + 1;
		}
	return pcl_header_new(h, st, buf, offs, lens, n, err);
}

static void
refused(const char *text, enum pcl_record_status st, const char *msg,
    const char *field)
{
	struct pcl_header *h = (struct pcl_header *)&h;
	struct pcl_error err;

	CU_ASSERT_EQUAL(judge(text, st, &h, &err), PCL_E_SCHEMA);
	CU_ASSERT_PTR_NULL(h);
	CU_ASSERT_EQUAL(err.code, PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.msg, msg);
	CU_ASSERT_STRING_EQUAL(err.field, field);
}

static void
test_header_names_kept(void)
{
	struct pcl_header *h;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(judge("id|name|qty", PCL_REC_OK, &h, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_header_ncols(h), 3);
	CU_ASSERT_STRING_EQUAL(pcl_header_name(h, 0), "id");
	CU_ASSERT_STRING_EQUAL(pcl_header_name(h, 1), "name");
	CU_ASSERT_STRING_EQUAL(pcl_header_name(h, 2), "qty");
	CU_ASSERT_PTR_NULL(pcl_header_name(h, 3));
	pcl_header_free(h);
	pcl_header_free(NULL);
	CU_ASSERT_EQUAL(pcl_header_ncols(NULL), 0);
}

/* Names that could not be told apart in the outputs. */
static void
test_header_empty_and_duplicate_names(void)
{
	refused("id||qty", PCL_REC_OK,
	    "empty column name in the header (column 2 of 3)", "");
	refused("id|name|", PCL_REC_OK,
	    "empty column name in the header (column 3 of 3)", "");
	refused("id|note|qty|note", PCL_REC_OK,
	    "duplicate column name: columns 2 and 4 are both 'note'", "note");
	/* names equal in their first bytes only are different names */
	{
		struct pcl_header *h;
		struct pcl_error err;

		CU_ASSERT_EQUAL(judge("note|notes|not", PCL_REC_OK, &h, &err),
		    PCL_OK);
		pcl_header_free(h);
	}
}

static void
test_header_record_faults(void)
{
	refused("|", PCL_REC_OK, "no header", "");
	refused("", PCL_REC_OK, "no header", "");
	refused("id|na", PCL_REC_QUOTE,
	    "malformed header: stray or unterminated quote", "");
	refused("id|na", PCL_REC_TOOBIG, "malformed header: over size limit",
	    "");
	refused("id|na", PCL_REC_UTF8, "header not valid utf-8", "");
	refused("id|na", PCL_REC_NUL, "header contains a nul byte", "");
}

static void
test_header_none(void)
{
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_header_none(1, &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.msg, "no header: empty file");
	CU_ASSERT_EQUAL(pcl_header_none(0, &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.msg, "no header");
}

static void
test_header_bom(void)
{
	CU_ASSERT_EQUAL(pcl_header_bom((const unsigned char *)
	    "\xef\xbb\xbfid", 5), 3);
	CU_ASSERT_EQUAL(pcl_header_bom((const unsigned char *)"\xef\xbb", 2),
	    0);
	CU_ASSERT_EQUAL(pcl_header_bom((const unsigned char *)"id,a", 4), 0);
}

static void
sniffs(const char *line, int found, char want)
{
	char d = 'x';

	CU_ASSERT_EQUAL(pcl_header_sniff_delimiter((const unsigned char *)line,
	    strlen(line), &d), found);
	CU_ASSERT_EQUAL(d, found ? want : 'x');
}

static void
test_header_sniff_delimiter(void)
{
	sniffs("id;name;qty\n1,2;3\n", 1, ';');
	sniffs("id\tname\n", 1, '\t');
	sniffs("id|name", 1, '|');
	sniffs("id,name\r\na;b\r\n", 1, ',');
	/* two candidates: ambiguous, the default stays */
	sniffs("id,name;qty\n", 0, 0);
	/* none at all */
	sniffs("id\n", 0, 0);
	/* a delimiter inside quotes does not count, nor a quoted line end */
	sniffs("\"a;b\",c\n", 1, ',');
	sniffs("\"a\nb;c\";d\n", 1, ';');
}

static const struct pcl_test tests[] = {
	PCL_TEST(test_header_names_kept),
	PCL_TEST(test_header_empty_and_duplicate_names),
	PCL_TEST(test_header_record_faults),
	PCL_TEST(test_header_none),
	PCL_TEST(test_header_bom),
	PCL_TEST(test_header_sniff_delimiter),
	{ NULL, NULL }
};

void test_header_register(void);

void
test_header_register(void)
{
	PCL_TEST_SUITE("header", tests);
}
