/*
 * test_screenlit: the literals derived from screening patterns and the
 * candidates one scan of a text gives.
 */
#include <string.h>

#include "test_util.h"
#include "screenlit.h"

/* The candidates among entries 0..n-1 of 'l' for 'text', as "01..". */
static const char *
cands(const struct pcl_screenlit *l, size_t n, const char *text, char *buf)
{
	uint64_t c[2] = { 0, 0 };
	size_t i;

	pcl_screenlit_scan(l, text, strlen(text), c);
	for (i = 0; i < n; i++)
		buf[i] = (c[i / 64] >> (i % 64)) & 1 ? '1' : '0';
	buf[n] = '\0';
	return buf;
}

static void
test_screenlit_literals_of_patterns(void)
{
	static const char *const pats[] = {
		"cocaine|heroin",		/* 2 literals */
		"drogas?",			/* "droga" holds for both */
		"narcotic drugs?|narcotics",	/* "narcotic drug", "narcotics" */
		"кокаин\\w*",			/* Cyrillic: non-ASCII only */
		"电子烟|電子煙",			/* Han: literal bytes */
		"\\x{6f}pium",			/* \x: not read, always */
		"(?:a|b)*",			/* nothing required */
		"antique(?=\\s+\\d)",		/* look-ahead: "antique" */
		"e[- ]?commerce",		/* its three spellings */
	};
	struct pcl_screenlit *l = NULL;
	size_t i, n = sizeof pats / sizeof *pats;
	int na;

	CU_ASSERT_EQUAL_FATAL(pcl_screenlit_open(&l, n), PCL_OK);
	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(pcl_screenlit_add(l, i, pats[i]), PCL_OK);
	CU_ASSERT_EQUAL(pcl_screenlit_build(l), PCL_OK);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 0, &na), 2);
	CU_ASSERT_EQUAL(na, 0);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 1, &na), 1);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 2, &na), 2);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 3, &na), 0);
	CU_ASSERT_EQUAL(na, 1);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 4, &na), 2);
	CU_ASSERT_EQUAL(na, 1);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 5, &na), 0);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 6, &na), 0);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 7, &na), 1);
	CU_ASSERT_EQUAL(pcl_screenlit_entry(l, 8, &na), 3);
	pcl_screenlit_free(l);
	pcl_screenlit_free(NULL);
}

static void
test_screenlit_scan_names_candidates(void)
{
	static const char *const pats[] = {
		"cocaine|heroin", "drogas?", "кокаин\\w*", "电子烟",
		"\\p{Lu}x", "(?:a|b)*"
	};
	struct pcl_screenlit *l = NULL;
	size_t i, n = sizeof pats / sizeof *pats;
	char buf[16];

	CU_ASSERT_EQUAL_FATAL(pcl_screenlit_open(&l, n), PCL_OK);
	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(pcl_screenlit_add(l, i, pats[i]), PCL_OK);
	CU_ASSERT_EQUAL(pcl_screenlit_build(l), PCL_OK);
	/* the last two always run; the Cyrillic one needs non-ASCII */
	CU_ASSERT_STRING_EQUAL(cands(l, n, "cotton shirt", buf), "000011");
	CU_ASSERT_STRING_EQUAL(cands(l, n, "Pure HEROIN", buf), "100011");
	CU_ASSERT_STRING_EQUAL(cands(l, n, "las drogas", buf), "010011");
	CU_ASSERT_STRING_EQUAL(cands(l, n, "caf\xc3\xa9 cocain", buf),
	    "001011");
	CU_ASSERT_STRING_EQUAL(cands(l, n, "\xe7\x94\xb5\xe5\xad\x90"
	    "\xe7\x83\x9f", buf), "001111");
	/* the Kelvin sign: every entry */
	CU_ASSERT_STRING_EQUAL(cands(l, n, "\xe2\x84\xaa", buf), "111111");
	pcl_screenlit_free(l);
}

void test_screenlit_register(void);
void
test_screenlit_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_screenlit_literals_of_patterns),
		PCL_TEST(test_screenlit_scan_names_candidates),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("screenlit", tests);
}
