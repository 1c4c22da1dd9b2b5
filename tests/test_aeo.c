/*
 * test_aeo: the AEO list and its recognition by destination, customs
 * union, mutual recognition partner and date, on a hand-made file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "aeo.h"
#include "date.h"
#include "rules.h"

static int32_t
D(const char *iso)
{
	return pcl_date_parse_iso(iso, strlen(iso));
}

/* A file "aeo.csv" in a fresh directory 't->dir' (mkdtemp). */
struct tmp {
	char dir[40];
	char path[64];
};

static const char *
write_tmp(struct tmp *t, const char *text)
{
	FILE *fp;

	if (t->dir[0] == '\0') {
		snprintf(t->dir, sizeof t->dir, "/tmp/pcl-test-aeo-XXXXXX");
		CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(t->dir));
		snprintf(t->path, sizeof t->path, "%s/aeo.csv", t->dir);
	}
	fp = fopen(t->path, "w");
	CU_ASSERT_FATAL(fp != NULL);
	fputs(text, fp);
	CU_ASSERT_EQUAL(fclose(fp), 0);
	return t->path;
}

/* Removes the file and directory of 't'. */
static void
remove_tmp(struct tmp *t)
{
	CU_ASSERT_EQUAL(unlink(t->path), 0);
	CU_ASSERT_EQUAL(rmdir(t->dir), 0);
}

#define R(a, id, dest, date) \
	pcl_aeo_recognised((a), (id), strlen(id), (dest), D(date), rules)

static void
test_aeo_recognition(void)
{
	struct pcl_rules *rules;
	struct pcl_aeo *a;
	struct pcl_error err;
	struct tmp t = { "", "" };

	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&rules, NULL, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_aeo_open(&a, write_tmp(&t, 
	    "# test\n"
	    "id,country,mra_partners,valid_from,valid_to,source\n"
	    "DE1234567890123,DE,US JP,2020-01-01,2024-12-31,test\n"
	    "CNAEO0001,CN,EU,2021-06-01,,\"test, quoted\"\n"
	    "GB987654321000,GB,,2021-01-01,,test\n"), &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_aeo_count(a), 3);
	/* its own country, and the EU customs territory */
	CU_ASSERT_EQUAL(R(a, "DE1234567890123", "DE", "2022-05-01"), 1);
	CU_ASSERT_EQUAL(R(a, "de1234567890123", "FR", "2022-05-01"), 1);
	/* an MRA partner; a country that is neither */
	CU_ASSERT_EQUAL(R(a, "DE1234567890123", "US", "2022-05-01"), 1);
	CU_ASSERT_EQUAL(R(a, "DE1234567890123", "CA", "2022-05-01"), 0);
	/* validity: the last day, the day after */
	CU_ASSERT_EQUAL(R(a, "DE1234567890123", "US", "2024-12-31"), 1);
	CU_ASSERT_EQUAL(R(a, "DE1234567890123", "US", "2025-01-01"), 0);
	/* partner "EU": every member state on the date; the day before */
	CU_ASSERT_EQUAL(R(a, "CNAEO0001", "IT", "2021-06-01"), 1);
	CU_ASSERT_EQUAL(R(a, "CNAEO0001", "IT", "2021-05-31"), 0);
	CU_ASSERT_EQUAL(R(a, "CNAEO0001", "GB", "2021-06-01"), 0);
	/* GB left the EU customs union on 2021-01-01 */
	CU_ASSERT_EQUAL(R(a, "GB987654321000", "GB", "2022-01-01"), 1);
	CU_ASSERT_EQUAL(R(a, "GB987654321000", "FR", "2022-01-01"), 0);
	/* not listed, a prefix, empty */
	CU_ASSERT_EQUAL(R(a, "DE123456789012", "DE", "2022-05-01"), 0);
	CU_ASSERT_EQUAL(R(a, "", "DE", "2022-05-01"), 0);
	CU_ASSERT_EQUAL(pcl_aeo_recognised(NULL, "X", 1, "DE",
	    D("2022-05-01"), rules), 0);
	pcl_aeo_free(a);
	pcl_aeo_free(NULL);
	remove_tmp(&t);
	pcl_rules_free(rules);
}

static void
test_aeo_malformed_rows(void)
{
	static const char *const bad[][2] = {
		{ "id,country,mra_partners,valid_from,valid_to\n", "" },
		{ "id,country,mra_partners,valid_from,valid_to,source\n"
		    "X1,Germany,,2020-01-01,,s\n", "country" },
		{ "id,country,mra_partners,valid_from,valid_to,source\n"
		    "X1,DE,usa,2020-01-01,,s\n", "mra_partners" },
		{ "id,country,mra_partners,valid_from,valid_to,source\n"
		    "X1,DE,,2020-02-30,,s\n", "valid_from" },
		{ "id,country,mra_partners,valid_from,valid_to,source\n"
		    "X1,DE,,2020-01-02,2020-01-01,s\n", "valid_to" },
		{ "id,country,mra_partners,valid_from,valid_to,source\n"
		    "X1,DE,,2020-01-01,,\n", "source" },
		{ "id,country,mra_partners,valid_from,valid_to,source\n"
		    ",DE,,2020-01-01,,s\n", "id" },
	};
	struct pcl_aeo *a;
	struct pcl_error err;
	struct tmp t = { "", "" };
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(pcl_aeo_open(&a, write_tmp(&t, bad[i][0]), &err),
		    PCL_E_PARSE);
		CU_ASSERT_STRING_EQUAL(err.field, bad[i][1]);
		CU_ASSERT(a == NULL);
	}
	CU_ASSERT_EQUAL(pcl_aeo_open(&a, write_tmp(&t, bad[3][0]), &err),
	    PCL_E_PARSE);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_EQUAL(pcl_aeo_open(&a, "/nonexistent/aeo.csv", &err),
	    PCL_E_IO);
	remove_tmp(&t);
}

void test_aeo_register(void);
void
test_aeo_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_aeo_recognition),
		PCL_TEST(test_aeo_malformed_rows),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("aeo", tests);
}
