/*
 * test_perkg: value-per-kg bands: the exact comparison at each bound,
 * the shipped bands, a value converted with the EU monthly rate, and
 * malformed band files. Values worked by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "date.h"
#include "fx.h"
#include "perkg.h"

static int32_t
D(const char *iso)
{
	return pcl_date_parse_iso(iso, strlen(iso));
}

static pcl_i128
M(const char *s)
{
	pcl_i128 v = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_money_parse(s, strlen(s), '.', &v), 0);
	return v;
}

static void
test_perkg_outside_at_the_bounds(void)
{
	/* band 3.00 to 50000.00 per kg; 0.5 kg: 1.50 to 25000.00 */
	pcl_i128 min = M("3.00"), max = M("50000.00"), kg = M("0.5");

	CU_ASSERT_EQUAL(pcl_perkg_outside(14999, kg, min, max), 1); /* 1.4999 */
	CU_ASSERT_EQUAL(pcl_perkg_outside(15000, kg, min, max), 0); /* 1.5000 */
	CU_ASSERT_EQUAL(pcl_perkg_outside(250000000, kg, min, max), 0);
	CU_ASSERT_EQUAL(pcl_perkg_outside(250000001, kg, min, max), 1);
	/* no bound */
	CU_ASSERT_EQUAL(pcl_perkg_outside(1, kg, -1, -1), 0);
	/* not judged: no mass, no value */
	CU_ASSERT_EQUAL(pcl_perkg_outside(14999, 0, min, max), 0);
	CU_ASSERT_EQUAL(pcl_perkg_outside(0, kg, min, max), 0);
}

static void
test_perkg_shipped_bands_and_fx(void)
{
	struct pcl_perkg *p;
	struct pcl_fx *fx;
	struct pcl_error err;
	int32_t d = D("2024-03-12");

	CU_ASSERT_EQUAL_FATAL(pcl_perkg_open(&p, NULL, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&fx, NULL, &err), PCL_OK);
	CU_ASSERT(pcl_perkg_count(p) >= 10);
	/* chapter 85: at least 1.67 EUR per kg (UN Comtrade unit value of
	 * 8544, 3.3458 EUR/kg, halved); a 1 kg phone at 1.66 / 1.67 EUR */
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "851713", 6, d, "EUR", M("1.66"),
	    M("1"), fx, PCL_FX_EU_MONTHLY), 1);
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "851713", 6, d, "EUR", M("1.67"),
	    M("1"), fx, PCL_FX_EU_MONTHLY), 0);
	/* in USD, March 2024 EU rate of 2024-02-21 (penultimate Wednesday
	 * of February): 1 EUR = 1.0809 USD. 1.80 USD = 1.665279 -> 1.6653
	 * EUR < 1.67; 1.81 USD = 1.674530 -> 1.6745 EUR */
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "851713", 6, d, "USD", M("1.80"),
	    M("1"), fx, PCL_FX_EU_MONTHLY), 1);
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "851713", 6, d, "USD", M("1.81"),
	    M("1"), fx, PCL_FX_EU_MONTHLY), 0);
	/* chapter 49: at least 1.38 per kg, no upper bound: 1 kg at 1.37 /
	 * 1.38 EUR; 10 g at 10000.00 EUR (10^6 EUR/kg) is not flagged */
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "490300", 6, d, "EUR", M("1.37"),
	    M("1"), fx, PCL_FX_EU_MONTHLY), 1);
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "490300", 6, d, "EUR", M("1.38"),
	    M("1"), fx, PCL_FX_EU_MONTHLY), 0);
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "490199", 6, d, "EUR", M("10000.00"),
	    M("0.01"), fx, PCL_FX_EU_MONTHLY), 0);
	/* chapter 84: at least 2.93 per kg: 0.5 kg (1.465) at 1.46 / 1.47 */
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "848180", 6, d, "EUR", M("1.46"),
	    M("0.5"), fx, PCL_FX_EU_MONTHLY), 1);
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "848180", 6, d, "EUR", M("1.47"),
	    M("0.5"), fx, PCL_FX_EU_MONTHLY), 0);
	/* no band for chapter 22; a currency without a rate is not judged */
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "220830", 6, d, "EUR", M("0.01"),
	    M("5"), fx, PCL_FX_EU_MONTHLY), 0);
	CU_ASSERT_EQUAL(pcl_perkg_check(p, "851713", 6, d, "XAU", M("0.01"),
	    M("5"), fx, PCL_FX_EU_MONTHLY), 0);
	pcl_fx_free(fx);
	pcl_perkg_free(p);
	pcl_perkg_free(NULL);
}

static void
test_perkg_files(void)
{
	static const char *const bad[][2] = {
		{ "1,1.00,2.00,EUR,,,s\n", "chapter" },
		{ "85,x,2.00,EUR,,,s\n", "min_per_kg" },
		{ "85,3.00,2.00,EUR,,,s\n", "max_per_kg" },
		{ "85,1.00,2.00,eur,,,s\n", "currency" },
		{ "85,1.00,2.00,EUR,2020-01-01,2019-12-31,s\n", "valid_to" },
		{ "85,1.00,2.00,EUR,,,\n", "source" },
		{ "85,1.00,2.00,EUR,,,s\n85,1.00,3.00,EUR,2020-01-01,,s\n",
		    "chapter" },
	};
	char dir[] = "/tmp/pcl-test-perkg.XXXXXX", path[64];
	struct pcl_perkg *p;
	struct pcl_error err;
	size_t i;
	FILE *fp;

	CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
	/* a --lists DIR without the file: no bands */
	CU_ASSERT_EQUAL_FATAL(pcl_perkg_open(&p, dir, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_perkg_count(p), 0);
	pcl_perkg_free(p);
	snprintf(path, sizeof path, "%s/value-per-kg.csv", dir);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fp = fopen(path, "w");
		CU_ASSERT_FATAL(fp != NULL);
		fprintf(fp, "chapter,min_per_kg,max_per_kg,currency,valid_from,"
		    "valid_to,source\n%s", bad[i][0]);
		fclose(fp);
		CU_ASSERT_EQUAL(pcl_perkg_open(&p, dir, &err), PCL_E_PARSE);
		CU_ASSERT_STRING_EQUAL(err.field, bad[i][1]);
	}
	remove(path);
	remove(dir);
}

void test_perkg_register(void);
void
test_perkg_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_perkg_outside_at_the_bounds),
		PCL_TEST(test_perkg_shipped_bands_and_fx),
		PCL_TEST(test_perkg_files),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("perkg", tests);
}
