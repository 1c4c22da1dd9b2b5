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

/*
 * The forms of 's': 'want1' the folded form with 1 read as i (NULL:
 * none), 'want2' with 1 read as l (NULL: none).
 */
static void
expect_forms(struct pcl_screennorm *n, const char *s, const char *want1,
    const char *want2)
{
	struct pcl_screenform f[PCL_SCREENNORM_FORMS];
	size_t nf = 0, want = 1 + (want1 != NULL) + (want2 != NULL);

	CU_ASSERT_EQUAL_FATAL(pcl_screennorm_forms(n, s, strlen(s), f, &nf),
	    PCL_OK);
	CU_ASSERT_EQUAL(nf, want);
	if (nf != want)
		return;
	CU_ASSERT(f[0].len == strlen(s) && memcmp(f[0].text, s,
	    f[0].len) == 0);
	if (want1 != NULL)
		CU_ASSERT(f[1].len == strlen(want1) && memcmp(f[1].text,
		    want1, f[1].len) == 0);
	if (want2 != NULL)
		CU_ASSERT(f[2].len == strlen(want2) && memcmp(f[2].text,
		    want2, f[2].len) == 0);
}

/* Look-alike digits and symbols in a word of two letters or more. */
static void
test_screennorm_forms_fold_lookalike_digits(void)
{
	struct pcl_screennorm *n = opened();

	/* 0 o, 3 e, 4 a, 5 s, 7 t, @ a, $ s; no 1: one folded form */
	expect_forms(n, "c0caine 5 g", "cocaine 5 g", NULL);
	expect_forms(n, "v4pe pen", "vape pen", NULL);
	expect_forms(n, "h3roin", "heroin", NULL);
	expect_forms(n, "V@PE $nus 7ea", "VaPE snus tea", NULL);
	/* 1: read as i, then as l */
	expect_forms(n, "l1thium cell", "lithium cell", "llthium cell");
	expect_forms(n, "pi11s", "piiis", "pills");
	/* a look-alike away from the letters still folds (two letters) */
	expect_forms(n, "ab20", "ab2o", NULL);
	/* a word of digits, or with one letter, is left alone */
	expect_forms(n, "18650 3.0 A4 5x7 12V E27", NULL, NULL);
	/* two one-character words, or three with two spaces: unchanged */
	expect_forms(n, "pack of 3 x 2", NULL, NULL);
	expect_forms(n, "a b  c", NULL, NULL);
	pcl_screennorm_free(n);
}

/* Separators between the letters of a word, spaced-out letters. */
static void
test_screennorm_forms_join_separated_letters(void)
{
	struct pcl_screennorm *n = opened();

	expect_forms(n, "co-caine", "cocaine", NULL);
	expect_forms(n, "e-c.i.g kit", "ecig kit", NULL);
	expect_forms(n, "fire_works co*caine", "fireworks cocaine", NULL);
	expect_forms(n, "c-o-c-a-i-n-e", "cocaine", NULL);
	/* three or more one-character words, two of them letters */
	expect_forms(n, "f i r e w o r k s 10", "fireworks 10", NULL);
	expect_forms(n, "c 0 c a i n e", "cocaine", NULL);
	/* a separator next to a digit stays: "USB-C 3.0" joins USB and C
	 * only, "3.0" and "1-2" stay; two single letters stay apart */
	expect_forms(n, "USB-C 3.0 1-2 A B", "USBC 3.0 1-2 A B", NULL);
	expect_forms(n, "size 3 x 4", NULL, NULL);
	pcl_screennorm_free(n);
}

/* A folded form maps back to the original text. */
static void
test_screennorm_forms_map_back(void)
{
	struct pcl_screennorm *n = opened();
	/* full-width "c0" + "-caine": original bytes 0..2, 3..5, then 6.. */
	const char *s = "x \xef\xbd\x83\xef\xbc\x90-caine";
	struct pcl_screenform f[PCL_SCREENNORM_FORMS];
	size_t nf, os, oe;

	CU_ASSERT_EQUAL_FATAL(pcl_screennorm_forms(n, s, strlen(s), f, &nf),
	    PCL_OK);
	CU_ASSERT_EQUAL_FATAL(nf, 2);
	CU_ASSERT_EQUAL(f[1].len, 9);
	CU_ASSERT(memcmp(f[1].text, "x cocaine", 9) == 0);
	/* "cocaine" is bytes 2..9 of the form: the whole disguised word */
	pcl_screennorm_span(n, s, strlen(s), f[1].map, 2, 9, &os, &oe);
	CU_ASSERT_EQUAL(os, 2);
	CU_ASSERT_EQUAL(oe, strlen(s));
	pcl_screennorm_free(n);
}

/* A literal separator between two letters of a pattern is optional. */
static void
test_screennorm_patterns_separators_optional(void)
{
	struct pcl_screennorm *n = opened();
	char *out = NULL, msg[160];

	CU_ASSERT_EQUAL(pcl_screennorm_pattern(n, "e-liquids?|li-?ion|"
	    "c\\.o|\\w-x|(?i-m)a|[a-z]|9-x|x_y", &out, msg, sizeof msg),
	    PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "e-?liquids?|li-?ion|c\\.?o|\\w-x|"
	    "(?i-m)a|[a-z]|9-x|x_?y");
	free(out);
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
		PCL_TEST(test_screennorm_forms_fold_lookalike_digits),
		PCL_TEST(test_screennorm_forms_join_separated_letters),
		PCL_TEST(test_screennorm_forms_map_back),
		PCL_TEST(test_screennorm_patterns_separators_optional),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("screennorm", tests);
}
