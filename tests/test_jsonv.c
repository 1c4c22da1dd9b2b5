/*
 * test_jsonv: the JSON reader: values, escapes, member order, errors with
 * their line.
 */
#include <string.h>

#include "test_util.h"
#include "jsonv.h"

static struct pcl_jsonv *
parse(const char *s)
{
	struct pcl_jsonv *v = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_jsonv_parse(s, strlen(s), &v, &err), PCL_OK);
	return v;
}

static void
test_jsonv_object_members_in_order_numbers_as_text(void)
{
	struct pcl_jsonv *v = parse("{\"b\": 1.10, \"a\": [true, null, "
	    "\"x\"], \"c\": {}}");

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(v->type, PCL_JSONV_OBJECT);
	CU_ASSERT_EQUAL_FATAL(v->n, 3);
	CU_ASSERT_STRING_EQUAL(v->keys[0], "b");
	/* the number keeps its text: 1.10, not 1.1 */
	CU_ASSERT_STRING_EQUAL(pcl_jsonv_get(v, "b")->text, "1.10");
	CU_ASSERT_EQUAL(pcl_jsonv_get(v, "a")->n, 3);
	CU_ASSERT_EQUAL(pcl_jsonv_get(v, "a")->kids[1]->type, PCL_JSONV_NULL);
	CU_ASSERT_STRING_EQUAL(pcl_jsonv_str(pcl_jsonv_get(v, "a")->kids[2]),
	    "x");
	CU_ASSERT_EQUAL(pcl_jsonv_get(v, "c")->n, 0);
	CU_ASSERT_PTR_NULL(pcl_jsonv_get(v, "z"));
	CU_ASSERT_PTR_NULL(pcl_jsonv_str(pcl_jsonv_get(v, "b")));
	pcl_jsonv_free(v);
	pcl_jsonv_free(NULL);
}

static void
test_jsonv_string_escapes_to_utf8(void)
{
	/* \u00e9 is e-acute (C3 A9); \ud83d\ude00 a surrogate pair (F0 9F 98 80) */
	struct pcl_jsonv *v = parse("\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"");

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_STRING_EQUAL(v->text, "a\"b\\c\n\xc3\xa9\xf0\x9f\x98\x80");
	pcl_jsonv_free(v);
}

static void
test_jsonv_errors_name_the_line(void)
{
	static const char *const bad[] = {
		"{\"a\": 1,\n\n}", "[1, 2", "\"open", "{\"a\" 1}", "tru",
		"1 2", "", "\"\\x\"", "{\"a\":\n\"\x01\"}"
	};
	static const unsigned long line[] = { 3, 1, 1, 1, 1, 1, 1, 1, 2 };
	struct pcl_jsonv *v;
	struct pcl_error err;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(pcl_jsonv_parse(bad[i], strlen(bad[i]), &v,
		    &err), PCL_E_PARSE);
		CU_ASSERT_PTR_NULL(v);
		CU_ASSERT_EQUAL(err.line, line[i]);
	}
}

static void
test_jsonv_nesting_limit(void)
{
	char deep[200];
	struct pcl_jsonv *v;
	struct pcl_error err;

	memset(deep, '[', sizeof deep);
	CU_ASSERT_EQUAL(pcl_jsonv_parse(deep, sizeof deep, &v, &err),
	    PCL_E_PARSE);
}

void test_jsonv_register(void);
void
test_jsonv_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_jsonv_object_members_in_order_numbers_as_text),
		PCL_TEST(test_jsonv_string_escapes_to_utf8),
		PCL_TEST(test_jsonv_errors_name_the_line),
		PCL_TEST(test_jsonv_nesting_limit),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("jsonv", tests);
}
