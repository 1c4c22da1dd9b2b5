/*
 * test_verdict: the decision columns and the per-parcel verdict store.
 */
#include <string.h>

#include "test_util.h"
#include "decide.h"
#include "parcel.h"
#include "verdict.h"

/* Column 'i' of parcel 'idx' as a NUL-terminated copy in 'buf'. */
static const char *
col(struct pcl_verdicts *vs, uint32_t idx, size_t i, char *buf, size_t size)
{
	const char *f[PCL_VERDICT_NCOLS];
	size_t l[PCL_VERDICT_NCOLS];

	CU_ASSERT_EQUAL_FATAL(pcl_verdicts_columns(vs, idx, f, l), PCL_OK);
	snprintf(buf, size, "%.*s", (int)l[i], f[i]);
	return buf;
}

static void
test_verdict_columns_in_lane_file_order(void)
{
	static const char *const want[PCL_VERDICT_NCOLS] = {
		"lane", "reasons", "risk_score", "assessed_value", "threshold",
		"threshold_currency", "rule_id", "fx_source", "duty_due",
		"duty_amount", "duty_currency", "tax_due"
	};
	const char *f[PCL_VERDICT_NCOLS];
	size_t l[PCL_VERDICT_NCOLS], i;

	for (i = 0; i < PCL_VERDICT_NCOLS; i++)
		CU_ASSERT_STRING_EQUAL(pcl_verdict_column_name(i), want[i]);
	CU_ASSERT_STRING_EQUAL(pcl_verdict_column_name(PCL_VERDICT_NCOLS), "");
	pcl_verdict_duplicate_columns(f, l);
	CU_ASSERT_STRING_EQUAL(f[0], "duplicate");
	CU_ASSERT_STRING_EQUAL(f[1], "EXACT_DUPLICATE");
	CU_ASSERT_EQUAL(l[1], 15);
	for (i = 2; i < PCL_VERDICT_NCOLS; i++)
		CU_ASSERT_EQUAL(l[i], 0);
}

static void
test_verdict_parcels_share_one_record_and_keep_their_values(void)
{
	struct pcl_parcels *p;
	struct pcl_verdicts *vs;
	struct pcl_decision d;
	struct pcl_verdict v;
	struct pcl_reasons rs;
	const struct pcl_verdict *g;
	pcl_i128 a;
	uint32_t rid;
	char b[128];

	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&p), PCL_OK);
	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL(pcl_reasons_add(&rs, PCL_R_VAT_DUE, PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&rs, PCL_R_UNDER_THRESHOLD,
	    PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_reasons_union(p, 0, &rs, &rid),
	    PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_verdicts_new(&vs, p, 4), PCL_OK);
	memset(&d, 0, sizeof d);
	d.lane = PCL_LANE_RELEASE;
	snprintf(d.assessed_value, sizeof d.assessed_value, "1.00");
	d.assessed_digits = 2;
	snprintf(d.threshold, sizeof d.threshold, "150.00");
	snprintf(d.currency, sizeof d.currency, "EUR");
	snprintf(d.rule_id, sizeof d.rule_id, "eu-duty-2008");
	snprintf(d.fx_source, sizeof d.fx_source, "none");
	snprintf(d.duty_due, sizeof d.duty_due, "N");
	snprintf(d.tax_due, sizeof d.tax_due, "Y");
	pcl_verdict_from_decision(&v, &d, rid, 3);
	/* 0.05, 149.99, -0.05 EUR: three parcels, one shared record */
	CU_ASSERT_EQUAL(pcl_verdicts_set(vs, 0, &v, 5), PCL_OK);
	CU_ASSERT_EQUAL(pcl_verdicts_set(vs, 1, &v, 14999), PCL_OK);
	CU_ASSERT_EQUAL(pcl_verdicts_set(vs, 2, &v, -5), PCL_OK);
	CU_ASSERT_EQUAL(pcl_verdicts_count(vs), 1);
	CU_ASSERT_STRING_EQUAL(col(vs, 0, 0, b, sizeof b), "release");
	/* reasons in code order, as the set keeps them */
	CU_ASSERT_STRING_EQUAL(col(vs, 0, 1, b, sizeof b),
	    "UNDER_THRESHOLD;VAT_DUE");
	CU_ASSERT_STRING_EQUAL(col(vs, 0, 2, b, sizeof b), "3");
	CU_ASSERT_STRING_EQUAL(col(vs, 0, 3, b, sizeof b), "0.05");
	CU_ASSERT_STRING_EQUAL(col(vs, 1, 3, b, sizeof b), "149.99");
	CU_ASSERT_STRING_EQUAL(col(vs, 2, 3, b, sizeof b), "-0.05");
	CU_ASSERT_STRING_EQUAL(col(vs, 1, 5, b, sizeof b), "EUR");
	CU_ASSERT_STRING_EQUAL(col(vs, 1, 11, b, sizeof b), "Y");
	CU_ASSERT_STRING_EQUAL(col(vs, 1, 9, b, sizeof b), "");
	/* a parcel never decided: every column empty */
	CU_ASSERT_STRING_EQUAL(col(vs, 3, 0, b, sizeof b), "");
	CU_ASSERT_PTR_NULL(pcl_verdicts_get(vs, 3, &a));
	g = pcl_verdicts_get(vs, 1, &a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT(a == 14999);
	CU_ASSERT_EQUAL(g->risk_score, 3);
	/* another duty_due is another record; parcel 1 moves to it */
	v.duty_due[0] = 'Y';
	CU_ASSERT_EQUAL(pcl_verdicts_set(vs, 1, &v, 14999), PCL_OK);
	CU_ASSERT_EQUAL(pcl_verdicts_count(vs), 2);
	CU_ASSERT_STRING_EQUAL(col(vs, 1, 8, b, sizeof b), "Y");
	CU_ASSERT_STRING_EQUAL(col(vs, 0, 8, b, sizeof b), "N");
	/* a flat amount is another record too, in its own two columns */
	snprintf(v.duty_amount, sizeof v.duty_amount, "6.00");
	snprintf(v.duty_currency, sizeof v.duty_currency, "EUR");
	CU_ASSERT_EQUAL(pcl_verdicts_set(vs, 2, &v, 4000), PCL_OK);
	CU_ASSERT_EQUAL(pcl_verdicts_count(vs), 3);
	CU_ASSERT_STRING_EQUAL(col(vs, 2, 8, b, sizeof b), "Y");
	CU_ASSERT_STRING_EQUAL(col(vs, 2, 9, b, sizeof b), "6.00");
	CU_ASSERT_STRING_EQUAL(col(vs, 2, 10, b, sizeof b), "EUR");
	CU_ASSERT_STRING_EQUAL(col(vs, 1, 9, b, sizeof b), "");
	pcl_verdicts_free(vs);
	pcl_verdicts_free(NULL);
	pcl_reasons_release(&rs);
	pcl_parcels_free(p);
}

static void
test_verdict_value_past_int64_and_no_decimals(void)
{
	struct pcl_parcels *p;
	struct pcl_verdicts *vs;
	struct pcl_decision d;
	struct pcl_verdict v;
	pcl_i128 big = (pcl_i128)INT64_MAX * 10 + 7;
	char b[128];

	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&p), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_verdicts_new(&vs, p, 2), PCL_OK);
	memset(&d, 0, sizeof d);
	d.lane = PCL_LANE_DECLARE;
	snprintf(d.assessed_value, sizeof d.assessed_value, "1");
	d.assessed_digits = 0;	/* JPY has no minor unit */
	pcl_verdict_from_decision(&v, &d, 0, 0);
	CU_ASSERT_EQUAL(pcl_verdicts_set(vs, 0, &v, 1234), PCL_OK);
	CU_ASSERT_EQUAL(pcl_verdicts_set(vs, 1, &v, big), PCL_OK);
	CU_ASSERT_STRING_EQUAL(col(vs, 0, 3, b, sizeof b), "1234");
	/* 9223372036854775807 * 10 + 7 */
	CU_ASSERT_STRING_EQUAL(col(vs, 1, 3, b, sizeof b),
	    "92233720368547758077");
	CU_ASSERT_STRING_EQUAL(col(vs, 1, 1, b, sizeof b), "");
	pcl_verdicts_free(vs);
	pcl_parcels_free(p);
}

void test_verdict_register(void);

void
test_verdict_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_verdict_columns_in_lane_file_order),
		PCL_TEST(test_verdict_parcels_share_one_record_and_keep_their_values),
		PCL_TEST(test_verdict_value_past_int64_and_no_decimals),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("verdict", tests);
}
