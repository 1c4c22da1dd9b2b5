/*
 * test_identity: normalised party texts and keys.
 */
#include <string.h>

#include "test_util.h"
#include "identity.h"

static const char *
norm(const char *s, enum pcl_identity_kind k, char *buf, size_t size)
{
	pcl_identity_normalize(s, strlen(s), k, buf, size);
	return buf;
}

#define T(s) norm((s), PCL_IDENTITY_TEXT, buf, sizeof buf)
#define P(s) norm((s), PCL_IDENTITY_POSTCODE, buf, sizeof buf)

static void
test_identity_case_spacing_punctuation(void)
{
	char buf[64];

	CU_ASSERT_STRING_EQUAL(T("  Marie   DUPONT "), "marie dupont");
	CU_ASSERT_STRING_EQUAL(T("O'Brien, J."), "obrien j");
	CU_ASSERT_STRING_EQUAL(T("12 rue des Lilas\t\n"), "12 rue des lilas");
	CU_ASSERT_STRING_EQUAL(T(""), "");
	CU_ASSERT_STRING_EQUAL(T(" .,; "), "");
	/* controls and DEL are spaces, every ASCII mark is dropped */
	CU_ASSERT_STRING_EQUAL(T("a\x01" "b\x7f" "C~!@#$%^&*()_+{}|:<>?`-=[]\\;'/"
	    "\"Z9"), "a b cz9");
	CU_ASSERT_STRING_EQUAL(P(" ab-12\x7f 3 "), "ab123");
	/* not UTF-8: bytes >= 0x80 kept as they are, never a mark */
	CU_ASSERT_STRING_EQUAL(T("X\xff Y"), "x\xff y");
	CU_ASSERT_STRING_EQUAL(P("X\xff Y"), "xy");
}

static void
test_identity_unicode_compatibility_and_case_folding(void)
{
	char buf[64];

	/* full-width letters (U+FF2D ...) and the ligature fi (U+FB01) */
	CU_ASSERT_STRING_EQUAL(T("\xef\xbc\xad\xef\xbd\x81\xef\xbd\x92\xef"
	    "\xbd\x89\xef\xbd\x85"), "marie");
	CU_ASSERT_STRING_EQUAL(T("\xef\xac\x81sh"), "fish");
	/* sharp s folds to ss; accents stay */
	CU_ASSERT_STRING_EQUAL(T("Hauptstra\xc3\x9f" "e"), "hauptstrasse");
	CU_ASSERT_STRING_EQUAL(T("M\xc3\x9cLLER"), "m\xc3\xbcller");
	/* no-break space (U+00A0) and ideographic space (U+3000) are spaces;
	 * the ideographic full stop (U+3002) is punctuation */
	CU_ASSERT_STRING_EQUAL(T("Ann\xc2\xa0Lee"), "ann lee");
	CU_ASSERT_STRING_EQUAL(T("\xe7\x8e\x8b\xe3\x80\x80\xe8\x8a\xb3\xe3\x80\x82"),
	    "\xe7\x8e\x8b \xe8\x8a\xb3");
}

static void
test_identity_postcodes(void)
{
	char buf[64];

	CU_ASSERT_STRING_EQUAL(P("SW3 4NB"), "sw34nb");
	CU_ASSERT_STRING_EQUAL(P("sw3-4nb"), "sw34nb");
	CU_ASSERT_STRING_EQUAL(P("01305-000"), "01305000");
	/* full-width digits are digits */
	CU_ASSERT_STRING_EQUAL(P("\xef\xbc\x91\xef\xbc\x90\xef\xbc\x91"), "101");
}

static void
test_identity_truncates_like_snprintf(void)
{
	char buf[4];

	CU_ASSERT_EQUAL(pcl_identity_normalize("Abc Def", 7, PCL_IDENTITY_TEXT,
	    buf, sizeof buf), 7);
	CU_ASSERT_STRING_EQUAL(buf, "abc");
}

static void
test_identity_party_key_same_person_two_spellings(void)
{
	const char *a[4] = { "Marie Dupont", "12 rue des Lilas", "69003", "" };
	const char *b[4] = { "MARIE  DUPONT", "12, Rue des Lilas.", "69 003", "" };
	const char *c[4] = { "Marie Durand", "12 rue des Lilas", "69003", "" };
	size_t la[4], lb[4], lc[4];
	int i;

	for (i = 0; i < 4; i++) {
		la[i] = strlen(a[i]);
		lb[i] = strlen(b[i]);
		lc[i] = strlen(c[i]);
	}
	CU_ASSERT_EQUAL(pcl_identity_party_key(a, la),
	    pcl_identity_party_key(b, lb));
	CU_ASSERT_NOT_EQUAL(pcl_identity_party_key(a, la),
	    pcl_identity_party_key(c, lc));
	/* field boundaries count: name "a b" + address "" differs from
	 * name "a" + address "b" */
	{
		const char *d[4] = { "a b", "", "", "" };
		const char *e[4] = { "a", "b", "", "" };
		size_t ld[4] = { 3, 0, 0, 0 }, le[4] = { 1, 1, 0, 0 };

		CU_ASSERT_NOT_EQUAL(pcl_identity_party_key(d, ld),
		    pcl_identity_party_key(e, le));
	}
}

void test_identity_register(void);
void
test_identity_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_identity_case_spacing_punctuation),
		PCL_TEST(test_identity_unicode_compatibility_and_case_folding),
		PCL_TEST(test_identity_postcodes),
		PCL_TEST(test_identity_truncates_like_snprintf),
		PCL_TEST(test_identity_party_key_same_person_two_spellings),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("identity", tests);
}
