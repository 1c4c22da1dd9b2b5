/*
 * test_screennorm: the screening form of texts and patterns.
 */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "screennorm.h"

static struct pcl_screennorm *
opened(void)
{
	struct pcl_screennorm *n = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_screennorm_open(&n, &err), PCL_OK);
	return n;
}

/* Normalises 's' and compares with 'want'. */
static void
expect(struct pcl_screennorm *n, const char *s, const char *want)
{
	const char *out;
	const uint32_t *map;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(pcl_screennorm_text(n, s, strlen(s), &out, &len,
	    &map), PCL_OK);
	CU_ASSERT_EQUAL(len, strlen(want));
	CU_ASSERT(len == strlen(want) && memcmp(out, want, len) == 0);
}

/* All-ASCII text is matched as it is: no copy, no map. */
static void
test_screennorm_ascii_is_the_identity(void)
{
	struct pcl_screennorm *n = opened();
	const char *s = "Lithium Battery 3.7V", *out;
	const uint32_t *map;
	size_t len;

	CU_ASSERT_EQUAL(pcl_screennorm_text(n, s, strlen(s), &out, &len, &map),
	    PCL_OK);
	CU_ASSERT_PTR_EQUAL(out, s);
	CU_ASSERT_EQUAL(len, strlen(s));
	CU_ASSERT_PTR_NULL(map);
	pcl_screennorm_free(n);
	pcl_screennorm_free(NULL);
}

static void
test_screennorm_lookalikes_become_latin(void)
{
	struct pcl_screennorm *n = opened();

	/* full-width letters and the ideographic space (NFKC) */
	expect(n, "\xef\xbd\x8c\xef\xbd\x89\xe3\x80\x80\xef\xbc\xa2", "li b");
	/* soft hyphen, zero-width space, word joiner, LRM: dropped */
	expect(n, "a\xc2\xad" "b\xe2\x80\x8b" "c\xe2\x81\xa0" "d"
	    "\xe2\x80\x8e" "e", "abcde");
	/* Cyrillic о, с, а and Greek ο: their Latin letters */
	expect(n, "\xd0\xbe\xd1\x81\xd0\xb0\xce\xbf", "ocao");
	/* accents dropped, ß case-folded to ss */
	expect(n, "m\xc3\xa9" "dicament Stra\xc3\x9f" "e",
	    "medicament Strasse");
	/* CJK kept as written, Hangul syllables whole */
	expect(n, "\xe7\x83\x9f\xea\xb0\x80", "\xe7\x83\x9f\xea\xb0\x80");
	pcl_screennorm_free(n);
}

/* A span of the normalised text maps back to the original bytes. */
static void
test_screennorm_span_maps_back(void)
{
	struct pcl_screennorm *n = opened();
	/* "x " + full-width "ab" + soft hyphen + "c" */
	const char *s = "x \xef\xbd\x81\xef\xbd\x82\xc2\xad" "c";
	const char *out;
	const uint32_t *map;
	size_t len, os, oe;

	CU_ASSERT_EQUAL_FATAL(pcl_screennorm_text(n, s, strlen(s), &out, &len,
	    &map), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(len, 5);
	CU_ASSERT(memcmp(out, "x abc", 5) == 0);
	/* "abc" is bytes 2..11 of the original (soft hyphen inside) */
	pcl_screennorm_span(n, s, strlen(s), map, 2, 5, &os, &oe);
	CU_ASSERT_EQUAL(os, 2);
	CU_ASSERT_EQUAL(oe, strlen(s));
	/* "b" alone: the second full-width letter */
	pcl_screennorm_span(n, s, strlen(s), map, 3, 4, &os, &oe);
	CU_ASSERT_EQUAL(os, 5);
	CU_ASSERT_EQUAL(oe, 8);
	pcl_screennorm_free(n);
}

static void
test_screennorm_patterns_keep_their_syntax(void)
{
	struct pcl_screennorm *n = opened();
	char *out = NULL, msg[160];

	/* ASCII metacharacters untouched, Cyrillic mapped like text */
	CU_ASSERT_EQUAL(pcl_screennorm_pattern(n, "(?:\\w+|\xd0\xbe)\\s?[a-c]",
	    &out, msg, sizeof msg), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "(?:\\w+|o)\\s?[a-c]");
	free(out);
	/* a character that becomes two: grouped, so a quantifier applies
	 * to both (ß -> ss) */
	CU_ASSERT_EQUAL(pcl_screennorm_pattern(n, "\xc3\x9f+", &out, msg,
	    sizeof msg), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "(?:ss)+");
	free(out);
	/* ... which a character class cannot hold */
	CU_ASSERT_EQUAL(pcl_screennorm_pattern(n, "[\xc3\x9fx]", &out, msg,
	    sizeof msg), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "U+00DF"));
	pcl_screennorm_free(n);
}

void test_screennorm_register(void);
void
test_screennorm_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_screennorm_ascii_is_the_identity),
		PCL_TEST(test_screennorm_lookalikes_become_latin),
		PCL_TEST(test_screennorm_span_maps_back),
		PCL_TEST(test_screennorm_patterns_keep_their_syntax),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("screennorm", tests);
}
