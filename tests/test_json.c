/*
 * test_json: the JSON builder (escaping, commas, indentation, nesting,
 * numbers as given) compared as exact text, and the reader's errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "json.h"

static struct pcl_json *
J(void)
{
	struct pcl_json *j = NULL;

	CU_ASSERT_EQUAL_FATAL(pcl_json_new(&j), PCL_OK);
	CU_ASSERT_FATAL(j != NULL);
	return j;
}

static const char *
T(const struct pcl_json *j)
{
	size_t len = 0;
	const char *t = pcl_json_text(j, &len);

	CU_ASSERT_FATAL(t != NULL);
	CU_ASSERT_EQUAL(strlen(t), len);
	return t;
}

static void
test_json_small_document_exact(void)
{
	struct pcl_json *j = J();

	pcl_json_begin_object(j, NULL);
	pcl_json_string(j, "tool", "parcelclear");
	pcl_json_uint(j, "records", 18446744073709551615ull);
	pcl_json_bool(j, "complete", 1);
	pcl_json_bool(j, "limited", 0);
	pcl_json_null(j, "map");
	pcl_json_raw(j, "reject_rate", "0.125");
	pcl_json_begin_array(j, "lanes");
	pcl_json_string(j, NULL, "release");
	pcl_json_uint(j, NULL, 0);
	pcl_json_end_array(j);
	pcl_json_begin_object(j, "empty");
	pcl_json_end_object(j);
	pcl_json_begin_array(j, "none");
	pcl_json_end_array(j);
	pcl_json_begin_object(j, "by_lane");
	pcl_json_begin_object(j, "hold");
	pcl_json_uint(j, "parcels", 2);
	pcl_json_end_object(j);
	pcl_json_end_object(j);
	pcl_json_end_object(j);
	CU_ASSERT_STRING_EQUAL(T(j),
	    "{\n"
	    "  \"tool\": \"parcelclear\",\n"
	    "  \"records\": 18446744073709551615,\n"
	    "  \"complete\": true,\n"
	    "  \"limited\": false,\n"
	    "  \"map\": null,\n"
	    "  \"reject_rate\": 0.125,\n"
	    "  \"lanes\": [\n"
	    "    \"release\",\n"
	    "    0\n"
	    "  ],\n"
	    "  \"empty\": {},\n"
	    "  \"none\": [],\n"
	    "  \"by_lane\": {\n"
	    "    \"hold\": {\n"
	    "      \"parcels\": 2\n"
	    "    }\n"
	    "  }\n"
	    "}\n");
	pcl_json_free(j);
	pcl_json_free(NULL);
}

static void
test_json_escapes_strings_and_keys(void)
{
	struct pcl_json *j = J();

	pcl_json_begin_object(j, NULL);
	pcl_json_string(j, "q\"k", "say \"hi\"");
	pcl_json_string(j, "path", "C:\\in\\a.csv");
	pcl_json_string(j, "ctl", "a\nb\tc\rd\001e\037f");
	pcl_json_string(j, "utf8", "Zo\xc3\xab \xe2\x82\xac");	/* Zoë € */
	pcl_json_string(j, "del", "\x7f");
	pcl_json_string(j, "", "");
	pcl_json_end_object(j);
	CU_ASSERT_STRING_EQUAL(T(j),
	    "{\n"
	    "  \"q\\\"k\": \"say \\\"hi\\\"\",\n"
	    "  \"path\": \"C:\\\\in\\\\a.csv\",\n"
	    "  \"ctl\": \"a\\nb\\tc\\rd\\\\x01e\\u001Ff\",\n"
	    "  \"utf8\": \"Zo\xc3\xab \xe2\x82\xac\",\n"
	    "  \"del\": \"\x7f\",\n"
	    "  \"\": \"\"\n"
	    "}\n");
	pcl_json_free(j);
}

static void
test_json_top_level_array(void)
{
	struct pcl_json *j = J();
	size_t len = 99;

	CU_ASSERT_STRING_EQUAL(pcl_json_text(j, &len), "");
	CU_ASSERT_EQUAL(len, 0);
	pcl_json_begin_array(j, NULL);
	pcl_json_begin_object(j, NULL);
	pcl_json_uint(j, "a", 1);
	pcl_json_end_object(j);
	pcl_json_begin_object(j, NULL);
	pcl_json_end_object(j);
	pcl_json_end_array(j);
	CU_ASSERT_STRING_EQUAL(T(j),
	    "[\n"
	    "  {\n"
	    "    \"a\": 1\n"
	    "  },\n"
	    "  {}\n"
	    "]\n");
	pcl_json_free(j);
}

static void
test_json_grows_past_first_buffer(void)
{
	struct pcl_json *j = J();
	const char *t;
	int i;

	pcl_json_begin_array(j, NULL);
	for (i = 0; i < 5000; i++) {
		pcl_json_uint(j, NULL, (unsigned long long)i);
	}
	pcl_json_end_array(j);
	t = T(j);
	/* "[" + 5000 members each "\n  <i>" + 4999 commas + "\n]\n" */
	CU_ASSERT_EQUAL(strncmp(t, "[\n  0,\n  1,\n", 12), 0);
	CU_ASSERT(strstr(t, ",\n  4999\n]\n") != NULL);
	/* digits: 10*1 + 90*2 + 900*3 + 4000*4 = 18890 */
	CU_ASSERT_EQUAL(strlen(t), 1 + 5000 * 3 + 18890 + 4999 + 3);
	pcl_json_free(j);
}

/* Nesting deeper than 16 levels fails instead of writing past the counters. */
static void
test_json_too_deep_fails(void)
{
	struct pcl_json *j = J();
	size_t len;
	int i;

	for (i = 0; i < 16; i++)
		pcl_json_begin_array(j, NULL);
	pcl_json_uint(j, NULL, 1);
	for (i = 0; i < 16; i++)
		pcl_json_end_array(j);
	CU_ASSERT_PTR_NOT_NULL(pcl_json_text(j, &len));
	pcl_json_free(j);

	j = J();
	for (i = 0; i < 40; i++)
		pcl_json_begin_object(j, "k");
	pcl_json_uint(j, "v", 1);
	for (i = 0; i < 40; i++)
		pcl_json_end_object(j);
	CU_ASSERT_PTR_NULL(pcl_json_text(j, &len));
	pcl_json_free(j);

	j = J();
	pcl_json_begin_object(j, NULL);
	pcl_json_end_object(j);
	pcl_json_end_object(j);		/* one close too many */
	CU_ASSERT_PTR_NULL(pcl_json_text(j, &len));
	pcl_json_free(j);
}

/* Numbers given as text keep their digits; big integers stay exact. */
static void
test_json_raw_numbers_keep_their_text(void)
{
	struct pcl_json *j = J();

	pcl_json_begin_object(j, NULL);
	pcl_json_raw(j, "total", "1.500");
	pcl_json_raw(j, "zero", "0.000");
	pcl_json_string(j, "s", "\x01" "0");	/* looks like a placeholder */
	pcl_json_uint(j, "max", 9223372036854775807ull);
	pcl_json_uint(j, "past", 9223372036854775808ull);
	pcl_json_begin_array(j, "a");
	pcl_json_raw(j, NULL, "12.340");
	pcl_json_end_array(j);
	pcl_json_end_object(j);
	CU_ASSERT_STRING_EQUAL(T(j),
	    "{\n"
	    "  \"total\": 1.500,\n"
	    "  \"zero\": 0.000,\n"
	    "  \"s\": \"\\\\x010\",\n"
	    "  \"max\": 9223372036854775807,\n"
	    "  \"past\": 9223372036854775808,\n"
	    "  \"a\": [\n"
	    "    12.340\n"
	    "  ]\n"
	    "}\n");
	pcl_json_free(j);
}

/* Bytes that are not UTF-8 are written as "\xHH", as in lane files. */
static void
test_json_invalid_utf8_written_as_hex_escapes(void)
{
	struct pcl_json *j = J();

	pcl_json_begin_object(j, NULL);
	pcl_json_string(j, "source", "in/bad\xff.csv");
	pcl_json_string(j, "k\xc3", "Zo\xc3\xab");
	pcl_json_end_object(j);
	CU_ASSERT_STRING_EQUAL(T(j),
	    "{\n"
	    "  \"source\": \"in/bad\\\\xFF.csv\",\n"
	    "  \"k\\\\xC3\": \"Zo\xc3\xab\"\n"
	    "}\n");
	pcl_json_free(j);
}

static void
test_json_unfinished_or_second_value_fails(void)
{
	struct pcl_json *j = J();
	size_t len;

	pcl_json_begin_object(j, NULL);
	CU_ASSERT_PTR_NULL(pcl_json_text(j, &len));
	pcl_json_end_object(j);
	CU_ASSERT_PTR_NOT_NULL(pcl_json_text(j, &len));
	pcl_json_uint(j, NULL, 1);	/* a second top-level value */
	CU_ASSERT_PTR_NULL(pcl_json_text(j, &len));
	pcl_json_free(j);

	j = J();
	pcl_json_begin_object(j, NULL);
	pcl_json_uint(j, NULL, 1);	/* a member without a key */
	pcl_json_end_object(j);
	CU_ASSERT_PTR_NULL(pcl_json_text(j, &len));
	pcl_json_free(j);
}

static void
test_json_load_reads_and_reports_line(void)
{
	char dir[] = "/tmp/pcl-test-json-XXXXXX", path[64];
	struct pcl_error err;
	json_t *root;
	FILE *fp;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/s.json", dir);
	fp = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("{\n  \"a\": [1, \"x\"],\n  \"b\": 12345678901234\n}\n", fp);
	CU_ASSERT_EQUAL(fclose(fp), 0);
	CU_ASSERT_EQUAL_FATAL(pcl_json_load(path, 1024, &root, &err), PCL_OK);
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(root, "b")),
	    12345678901234LL);
	CU_ASSERT_STRING_EQUAL(json_string_value(json_array_get(
	    json_object_get(root, "a"), 1)), "x");
	json_decref(root);

	fp = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("{\n  \"a\": 1,\n  \"b\" 2\n}\n", fp);
	CU_ASSERT_EQUAL(fclose(fp), 0);
	CU_ASSERT_EQUAL(pcl_json_load(path, 1024, &root, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NULL(root);
	CU_ASSERT_STRING_EQUAL(err.file, path);
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_EQUAL(unlink(path), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	CU_ASSERT_EQUAL(pcl_json_load(path, 1024, &root, &err), PCL_E_IO);
}

void test_json_register(void);
void
test_json_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_json_small_document_exact),
		PCL_TEST(test_json_escapes_strings_and_keys),
		PCL_TEST(test_json_top_level_array),
		PCL_TEST(test_json_grows_past_first_buffer),
		PCL_TEST(test_json_too_deep_fails),
		PCL_TEST(test_json_raw_numbers_keep_their_text),
		PCL_TEST(test_json_invalid_utf8_written_as_hex_escapes),
		PCL_TEST(test_json_unfinished_or_second_value_fails),
		PCL_TEST(test_json_load_reads_and_reports_line),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("json", tests);
}
