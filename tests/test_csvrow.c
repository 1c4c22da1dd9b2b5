/*
 * test_csvrow: when a field is quoted, how a record is formatted, and that
 * a record that does not fit is measured without writing past the room.
 */
#include <string.h>

#include "test_util.h"
#include "csvrow.h"

#define NQ(s) pcl_csvrow_needs_quotes((s), strlen(s))

/* Formats the NULL-terminated 'f' into 'buf' (room 'cap'); the length. */
static size_t
fmt(char *buf, size_t cap, const char *const *f)
{
	size_t lens[16], n;

	for (n = 0; f[n] != NULL; n++)
		lens[n] = strlen(f[n]);
	return pcl_csvrow_format(buf, cap, f, lens, n);
}

static void
test_csvrow_quotes_only_comma_quote_cr_lf(void)
{
	CU_ASSERT_EQUAL(NQ(""), 0);
	CU_ASSERT_EQUAL(NQ("a"), 0);
	CU_ASSERT_EQUAL(NQ("a b;c\t|d"), 0);	/* space, ';', tab, '|' */
	CU_ASSERT_EQUAL(NQ("Z\xc3\xbcrich"), 0);
	CU_ASSERT_EQUAL(NQ(","), 1);
	CU_ASSERT_EQUAL(NQ("\""), 1);
	CU_ASSERT_EQUAL(NQ("\r"), 1);
	CU_ASSERT_EQUAL(NQ("\n"), 1);
	CU_ASSERT_EQUAL(NQ("+-./"), 0);		/* 0x2b-0x2f beside ',' 0x2c */
	CU_ASSERT_EQUAL(NQ("+,./"), 1);
}

/* Each special byte at every offset of fields of 1 to 40 bytes. */
static void
test_csvrow_special_found_at_every_offset(void)
{
	static const char special[] = ",\"\r\n";
	char f[41];
	size_t len, at, k;

	for (len = 1; len <= 40; len++) {
		memset(f, 'x', len);
		f[len] = '\0';
		CU_ASSERT_EQUAL(pcl_csvrow_needs_quotes(f, len), 0);
		for (at = 0; at < len; at++)
			for (k = 0; k < 4; k++) {
				f[at] = special[k];
				CU_ASSERT_EQUAL(pcl_csvrow_needs_quotes(f,
				    len), 1);
				f[at] = ' ';	/* below 0x2d but not special */
				CU_ASSERT_EQUAL(pcl_csvrow_needs_quotes(f,
				    len), 0);
				f[at] = 'x';
			}
	}
}

static void
test_csvrow_format_record(void)
{
	static const char *const r1[] = { "1", "a,b", "say \"hi\"", NULL };
	static const char *const r2[] = { "", "", "", NULL };
	static const char *const r3[] = { "x", "line1\nline2", "", NULL };
	static const char *const r4[] = { "\"", NULL };
	char buf[64];
	size_t n;

	n = fmt(buf, sizeof buf, r1);
	/* 1 , "a,b" , "say ""hi""" \n: 1+1+5+1+12+1 = 21 */
	CU_ASSERT_EQUAL(n, 21);
	CU_ASSERT_NSTRING_EQUAL(buf, "1,\"a,b\",\"say \"\"hi\"\"\"\n", 21);
	CU_ASSERT_EQUAL(fmt(buf, sizeof buf, r2), 3);
	CU_ASSERT_NSTRING_EQUAL(buf, ",,\n", 3);
	n = fmt(buf, sizeof buf, r3);
	CU_ASSERT_EQUAL(n, 17);
	CU_ASSERT_NSTRING_EQUAL(buf, "x,\"line1\nline2\",\n", 17);
	CU_ASSERT_EQUAL(fmt(buf, sizeof buf, r4), 5);	/* """" \n */
	CU_ASSERT_NSTRING_EQUAL(buf, "\"\"\"\"\n", 5);
}

/* An empty field may be NULL; a record of no fields is one "\n". */
static void
test_csvrow_empty_fields_may_be_null(void)
{
	const char *f[3] = { "a", NULL, "b" };
	size_t lens[3] = { 1, 0, 1 };
	char buf[8];

	CU_ASSERT_EQUAL(pcl_csvrow_format(buf, sizeof buf, f, lens, 3), 5);
	CU_ASSERT_NSTRING_EQUAL(buf, "a,,b\n", 5);
	CU_ASSERT_EQUAL(pcl_csvrow_format(buf, sizeof buf, f, lens, 0), 1);
	CU_ASSERT_EQUAL(buf[0], '\n');
}

/*
 * With every room from 0 to the record's length, the length is the same
 * (21, worked out above), no byte past the room is written, and at full
 * room the bytes are right.
 */
static void
test_csvrow_too_small_measures_without_overrun(void)
{
	static const char *const r1[] = { "1", "a,b", "say \"hi\"", NULL };
	static const char want[] = "1,\"a,b\",\"say \"\"hi\"\"\"\n";
	char buf[32];
	size_t cap, i;
	int clean;

	for (cap = 0; cap <= 21; cap++) {
		memset(buf, '#', sizeof buf);
		CU_ASSERT_EQUAL(fmt(buf, cap, r1), 21);
		clean = 1;
		for (i = cap; i < sizeof buf; i++)
			if (buf[i] != '#')
				clean = 0;
		CU_ASSERT(clean);
	}
	CU_ASSERT_NSTRING_EQUAL(buf, want, 21);
}

void test_csvrow_register(void);
void
test_csvrow_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_csvrow_quotes_only_comma_quote_cr_lf),
		PCL_TEST(test_csvrow_special_found_at_every_offset),
		PCL_TEST(test_csvrow_format_record),
		PCL_TEST(test_csvrow_empty_fields_may_be_null),
		PCL_TEST(test_csvrow_too_small_measures_without_overrun),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("csvrow", tests);
}
