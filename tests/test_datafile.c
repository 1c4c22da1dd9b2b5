/*
 * test_datafile: the libcsv data-file reader: quoting (commas, "" and
 * line breaks inside quotes), comments, blank lines, CRLF/LF/CR line
 * counting, the header and row checks, the limits and the error positions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "datafile.h"

static const char *const cols[] = { "a", "b" };

static struct pcl_datafile *
open_text(const char *text, int comments)
{
	struct pcl_datafile_opts o = { .comments = comments };
	struct pcl_datafile *d = NULL;
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_datafile_open_buffer(&d, "t.csv", text,
	    strlen(text), &o, &err), PCL_OK);
	return d;
}

static void
test_datafile_quotes_comments_and_blank_lines(void)
{
	struct pcl_datafile *d = open_text(
	    "\xef\xbb\xbf# comment\r\na,b\r\n\r\n1,\"x, \"\"y\"\"\"\r\n, \n", 1);
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_line(d), 2);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_datafile_field(d, 0), "1");
	CU_ASSERT_STRING_EQUAL(pcl_datafile_field(d, 1), "x, \"y\"");
	CU_ASSERT_EQUAL(pcl_datafile_record(d), 1);
	CU_ASSERT_EQUAL(pcl_datafile_line(d), 4);
	CU_ASSERT_EQUAL(pcl_datafile_blank(d), 3);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_OK);
	/* spaces are kept */
	CU_ASSERT_STRING_EQUAL(pcl_datafile_field(d, 0), "");
	CU_ASSERT_STRING_EQUAL(pcl_datafile_field(d, 1), " ");
	CU_ASSERT_EQUAL(pcl_datafile_len(d, 1), 1);
	CU_ASSERT_EQUAL(pcl_datafile_line(d), 5);
	CU_ASSERT_EQUAL(pcl_datafile_blank(d), 0);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_END);
	pcl_datafile_close(d);
	pcl_datafile_close(NULL);
}

static void
test_datafile_quoted_line_break_spans_lines(void)
{
	/* a lone CR, CRLF and LF each end one line */
	struct pcl_datafile *d = open_text(
	    "a,b\r1,\"two\nlines\"\r\n2,x\n3,y", 0);
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_datafile_field(d, 1), "two\nlines");
	CU_ASSERT_EQUAL(pcl_datafile_line(d), 2);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_datafile_field(d, 0), "2");
	CU_ASSERT_EQUAL(pcl_datafile_line(d), 4);
	CU_ASSERT_EQUAL(pcl_datafile_record(d), 2);
	/* no final line end */
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_datafile_field(d, 1), "y");
	CU_ASSERT_EQUAL(pcl_datafile_line(d), 5);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_END);
	pcl_datafile_close(d);
}

static void
test_datafile_comment_only_without_the_option_is_a_record(void)
{
	struct pcl_datafile *d = open_text("#x,y\n", 0);
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_datafile_next(d, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_datafile_field(d, 0), "#x");
	pcl_datafile_close(d);
}

static void
test_datafile_bad_quoting_names_file_record_and_line(void)
{
	struct pcl_datafile *d = open_text("a,b\n1,2\n3,x\"y\n", 0);
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.file, "t.csv");
	CU_ASSERT_EQUAL(err.record, 2);
	CU_ASSERT_EQUAL(err.line, 3);
	CU_ASSERT_EQUAL(err.offset, 8);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "field 2"));
	/* the error is sticky */
	CU_ASSERT_EQUAL(pcl_datafile_next(d, &err), PCL_E_PARSE);
	pcl_datafile_close(d);

	d = open_text("a,b\n1,\"open\n2,3\n", 0);
	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.msg, "unterminated quoted field");
	CU_ASSERT_EQUAL(err.line, 2);
	pcl_datafile_close(d);

	d = open_text("a,b\n\"x\" ,1\n", 0);
	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_E_PARSE);
	pcl_datafile_close(d);
}

static void
test_datafile_header_and_row_checks(void)
{
	struct pcl_datafile *d = open_text("a,c\n", 0);
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.field, "b");
	CU_ASSERT_STRING_EQUAL(err.msg,
	    "header column 2 is 'c', expected 'b'");
	pcl_datafile_close(d);

	d = open_text("# only\n", 1);
	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.msg, "no header");
	pcl_datafile_close(d);

	d = open_text("a\n", 1);
	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.msg, "header has 1 columns, expected 2");
	pcl_datafile_close(d);

	d = open_text("a,b\n1,2,3\n", 0);
	CU_ASSERT_EQUAL(pcl_datafile_header(d, cols, 2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_row(d, 2, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.msg, "3 fields, expected 2");
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_EQUAL(err.record, 1);
	pcl_datafile_close(d);
}

static void
test_datafile_limits(void)
{
	struct pcl_datafile_opts o = { .max_field = 4, .max_cols = 3 };
	struct pcl_datafile *d;
	struct pcl_error err;
	static const char big[] = "a,b\nabcde,1\n";
	static const char wide[] = "a,b,c,d\n";
	static const char quoted[] = "a\n\"abc\n\ndef\nghi\"\n";

	CU_ASSERT_EQUAL_FATAL(pcl_datafile_open_buffer(&d, "t", big,
	    strlen(big), &o, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_next(d, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_next(d, &err), PCL_E_TOOBIG);
	CU_ASSERT_EQUAL(err.line, 2);
	pcl_datafile_close(d);
	CU_ASSERT_EQUAL_FATAL(pcl_datafile_open_buffer(&d, "t", wide,
	    strlen(wide), &o, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_next(d, &err), PCL_E_PARSE);
	CU_ASSERT_STRING_EQUAL(err.msg, "more than 3 fields");
	pcl_datafile_close(d);
	/* a quoted field over the cap is refused, not split into records */
	CU_ASSERT_EQUAL_FATAL(pcl_datafile_open_buffer(&d, "t", quoted,
	    strlen(quoted), &o, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_next(d, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datafile_next(d, &err), PCL_E_TOOBIG);
	CU_ASSERT_EQUAL(err.line, 2);
	pcl_datafile_close(d);
}

static void
test_datafile_open_path_and_embedded(void)
{
	char dir[] = "/tmp/pcl-test-datafile-XXXXXX", path[64];
	struct pcl_datafile *d;
	struct pcl_error err;
	FILE *fp;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.csv", dir);
	fp = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fputs("abc", fp);
	CU_ASSERT_EQUAL(fclose(fp), 0);
	CU_ASSERT_EQUAL_FATAL(pcl_datafile_open(&d, path, NULL, NULL, &err),
	    PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_datafile_name(d), path);
	/* sha256("abc") */
	CU_ASSERT_STRING_EQUAL(pcl_datafile_sha256(d), "ba7816bf8f01cfea4141"
	    "40de5dae2223b00361a396177a9cb410ff61f20015ad");
	CU_ASSERT_EQUAL(pcl_datafile_size(d), 3);
	pcl_datafile_close(d);
	CU_ASSERT_EQUAL(unlink(path), 0);
	CU_ASSERT_EQUAL(rmdir(dir), 0);
	CU_ASSERT_EQUAL(pcl_datafile_open(&d, path, NULL, NULL, &err),
	    PCL_E_IO);
	CU_ASSERT_EQUAL(pcl_datafile_open(&d, NULL, "data/none.csv", NULL,
	    &err), PCL_E_IO);
	CU_ASSERT_EQUAL_FATAL(pcl_datafile_open(&d, NULL,
	    "data/postcodes/formats.csv", NULL, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pcl_datafile_name(d),
	    "embedded:data/postcodes/formats.csv");
	pcl_datafile_close(d);
}

void test_datafile_register(void);
void
test_datafile_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_datafile_quotes_comments_and_blank_lines),
		PCL_TEST(test_datafile_quoted_line_break_spans_lines),
		PCL_TEST(test_datafile_comment_only_without_the_option_is_a_record),
		PCL_TEST(test_datafile_bad_quoting_names_file_record_and_line),
		PCL_TEST(test_datafile_header_and_row_checks),
		PCL_TEST(test_datafile_limits),
		PCL_TEST(test_datafile_open_path_and_embedded),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("datafile", tests);
}
