/*
 * test_export: the --export list, the computed additional procedure
 * codes of H7 (Annex B DE 11 10) around 2026-07-01, and the header rows
 * of the data sets; the rows themselves are checked end to end against
 * golden files worked by hand (tests/e2e_export.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "test_util.h"
#include "date.h"
#include "export.h"
#include "map.h"
#include "parcel.h"
#include "writer.h"

static void
test_export_parse_names_in_any_order(void)
{
	struct pcl_error err;
	unsigned m = 99;

	CU_ASSERT_EQUAL(pcl_export_parse("h7", &m, &err), PCL_OK);
	CU_ASSERT_EQUAL(m, 1u << PCL_EXPORT_H7);
	CU_ASSERT_EQUAL(pcl_export_parse("cn23,h7", &m, &err), PCL_OK);
	CU_ASSERT_EQUAL(m, (1u << PCL_EXPORT_H7) | (1u << PCL_EXPORT_CN23));
	CU_ASSERT_EQUAL(pcl_export_parse("ace,uk-h7,cn23,h7", &m, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(m, 15u);
	CU_ASSERT_STRING_EQUAL(pcl_export_file(PCL_EXPORT_UK_H7),
	    "export-uk-h7.csv.gz");
	CU_ASSERT_STRING_EQUAL(pcl_export_name(PCL_EXPORT_CN23), "cn23");
	CU_ASSERT_STRING_EQUAL(pcl_export_file(PCL_EXPORT_H7),
	    "export-h7.csv.gz");
	CU_ASSERT_STRING_EQUAL(pcl_export_file(PCL_EXPORT_COUNT), "");
}

static void
test_export_parse_refuses_bad_lists(void)
{
	struct pcl_error err;
	unsigned m;

	CU_ASSERT_EQUAL(pcl_export_parse("h7,h7", &m, &err), PCL_E_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "given twice"));
	CU_ASSERT_EQUAL(pcl_export_parse("h7,", &m, &err), PCL_E_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "empty"));
	CU_ASSERT_EQUAL(pcl_export_parse("", &m, &err), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_export_parse("H7", &m, &err), PCL_E_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown data set 'H7'"));
	CU_ASSERT_EQUAL(pcl_export_parse("h7,uk_h7", &m, &err), PCL_E_USAGE);
}

static void
test_export_ace_entry_type_by_date_origin_and_value(void)
{
	int32_t d0828 = pcl_date_from_ymd(2025, 8, 28);
	int32_t d0829 = pcl_date_from_ymd(2025, 8, 29);
	int32_t d0501 = pcl_date_from_ymd(2025, 5, 1);
	int32_t d0502 = pcl_date_from_ymd(2025, 5, 2);

	/* Type 86 while the de minimis released it: to 2025-08-28 */
	CU_ASSERT_STRING_EQUAL(pcl_export_ace_type(d0828, "DE", 1, 5000),
	    "86");
	/* from 2025-08-29 no Type 86 (CSMS 66065494): informal */
	CU_ASSERT_STRING_EQUAL(pcl_export_ace_type(d0829, "DE", 1, 5000),
	    "11");
	/* CN and HK origin: to 2025-05-01 only (EO 14256) */
	CU_ASSERT_STRING_EQUAL(pcl_export_ace_type(d0501, "CN", 1, 5000),
	    "86");
	CU_ASSERT_STRING_EQUAL(pcl_export_ace_type(d0502, "CN", 1, 5000),
	    "11");
	CU_ASSERT_STRING_EQUAL(pcl_export_ace_type(d0502, "HK", 1, 5000),
	    "11");
	CU_ASSERT_STRING_EQUAL(pcl_export_ace_type(d0502, "DE", 1, 5000),
	    "86");
	/* not released under the de minimis: by value, USD 2,500 */
	CU_ASSERT_STRING_EQUAL(pcl_export_ace_type(d0828, "DE", 0, 250000),
	    "11");
	CU_ASSERT_STRING_EQUAL(pcl_export_ace_type(d0828, "DE", 0, 250001),
	    "01");
}

static void
test_export_h7_procedure_codes_by_date(void)
{
	int32_t before = pcl_date_from_ymd(2026, 6, 30);
	int32_t after = pcl_date_from_ymd(2026, 7, 1);
	char b[16];

	/* Reg. 1186/2009 Art. 23 relief: C07; IOSS adds F48 (AEAT H7
	 * manual, DE 11 10) */
	CU_ASSERT_EQUAL(pcl_export_h7_procedure(b, sizeof b, before, 0, 0), 3);
	CU_ASSERT_STRING_EQUAL(b, "C07");
	pcl_export_h7_procedure(b, sizeof b, before, 0, 1);
	CU_ASSERT_STRING_EQUAL(b, "C07 F48");
	/* Art. 25 gift between private persons: C08, never with F codes */
	pcl_export_h7_procedure(b, sizeof b, before, 1, 1);
	CU_ASSERT_STRING_EQUAL(b, "C08");
	pcl_export_h7_procedure(b, sizeof b, after, 1, 0);
	CU_ASSERT_STRING_EQUAL(b, "C08");
	/* from 2026-07-01 the Art. 23 relief gives way to the flat duty */
	pcl_export_h7_procedure(b, sizeof b, after, 0, 1);
	CU_ASSERT_STRING_EQUAL(b, "F48");
	CU_ASSERT_EQUAL(pcl_export_h7_procedure(b, sizeof b, after, 0, 0), 0);
	CU_ASSERT_STRING_EQUAL(b, "");
	/* a short buffer is cut, NUL-terminated */
	CU_ASSERT_EQUAL(pcl_export_h7_procedure(b, 4, before, 0, 1), 3);
	CU_ASSERT_STRING_EQUAL(b, "C07");
}

/* The first line of gzip file 'dir'/'name'. */
static void
first_line(const char *dir, const char *name, char *buf, size_t size)
{
	char p[4096];
	gzFile gz;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(gz = gzopen(p, "rb"));
	CU_ASSERT_PTR_NOT_NULL(gzgets(gz, buf, (int)size));
	gzclose(gz);
}

static void
test_export_headers_name_the_elements(void)
{
	struct pcl_exports *x;
	struct pcl_export_in in;
	struct pcl_parcels *p;
	struct pcl_writer **w;
	struct pcl_error err;
	struct pcl_row row;
	const char *t = getenv("TMPDIR");
	char dir[4096], cmd[4200], line[4096];

	snprintf(dir, sizeof dir, "%s/pcl-export.XXXXXX", t != NULL ? t : "/tmp");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&p), PCL_OK);
	memset(&in, 0, sizeof in);
	in.parcels = p;
	CU_ASSERT_EQUAL_FATAL(pcl_exports_open(&x, (1u << PCL_EXPORT_H7) |
	    (1u << PCL_EXPORT_CN23), dir, 6, 1, &in, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_exports_mask(x), (1u << PCL_EXPORT_H7) |
	    (1u << PCL_EXPORT_CN23));
	/* a parcel the exports do not know writes nothing */
	memset(&row, 0, sizeof row);
	row.row_class = -1;
	CU_ASSERT_EQUAL(pcl_exports_row(x, &row, 7, '.', &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_exports_finish(x, &err), PCL_OK);
	w = pcl_exports_writers(x);
	CU_ASSERT_EQUAL(pcl_writer_rows(w[PCL_EXPORT_H7]), 1);
	CU_ASSERT_EQUAL(pcl_writer_publish(w[PCL_EXPORT_H7], &err), PCL_OK);
	w[PCL_EXPORT_H7] = NULL;
	CU_ASSERT_EQUAL(pcl_writer_publish(w[PCL_EXPORT_CN23], &err), PCL_OK);
	w[PCL_EXPORT_CN23] = NULL;
	pcl_exports_free(x);
	pcl_exports_free(NULL);
	first_line(dir, "export-h7.csv.gz", line, sizeof line);
	CU_ASSERT_EQUAL(strncmp(line, "12 09 000 000 LRN,11 01 000 000 "
	    "declaration type,", 48), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line,
	    ",14 14 000 000 intrinsic value,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line,
	    ",11 03 000 000 goods item number,"));
	first_line(dir, "export-cn23.csv.gz", line, sizeof line);
	CU_ASSERT_EQUAL(strncmp(line, "item identifier (S10),", 22), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, ",(10) category of item,"));
	pcl_parcels_free(p);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

void test_export_register(void);
void
test_export_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_export_parse_names_in_any_order),
		PCL_TEST(test_export_parse_refuses_bad_lists),
		PCL_TEST(test_export_h7_procedure_codes_by_date),
		PCL_TEST(test_export_ace_entry_type_by_date_origin_and_value),
		PCL_TEST(test_export_headers_name_the_elements),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("export", tests);
}
