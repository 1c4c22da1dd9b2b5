/*
 * test_stats: per-parcel totals: exact sums per destination, lane and
 * currency; the value/threshold histogram; reasons once per parcel.
 */
#include <string.h>

#include "test_util.h"
#include "stats.h"

static void
test_stats_sums_exact_and_sorted(void)
{
	struct pcl_stats *s;
	const struct pcl_value_total *t;

	CU_ASSERT_EQUAL_FATAL(pcl_stats_new(&s), PCL_OK);
	/* 0.10 + 0.20 = 0.30 exactly (not 0.30000000000000004) */
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_RELEASE, "EUR",
	    100000, NULL, "", "", "", ""), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_RELEASE, "EUR",
	    200000, NULL, "", "", "", ""), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "DE", PCL_LANE_DECLARE, "USD",
	    180000000, NULL, "", "", "", ""), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "", PCL_LANE_REJECT, "", 5, NULL, "",
	    "", "", ""), PCL_OK);
	pcl_stats_sort(s);
	CU_ASSERT_EQUAL_FATAL(pcl_stats_nvalues(s), 2);	/* no currency: no sum */
	t = pcl_stats_value(s, 0);
	CU_ASSERT_STRING_EQUAL(t->dest, "DE");
	CU_ASSERT(t->micros == 180000000);
	t = pcl_stats_value(s, 1);
	CU_ASSERT_STRING_EQUAL(t->dest, "FR");
	CU_ASSERT(t->micros == 300000);
	CU_ASSERT_EQUAL(t->parcels, 2);
	CU_ASSERT_EQUAL(pcl_stats_ndests(s), 3);
	CU_ASSERT_STRING_EQUAL(pcl_stats_dest(s, 0)->dest, "??");
	CU_ASSERT_EQUAL(pcl_stats_dest(s, 2)->n[PCL_LANE_RELEASE], 2);
	pcl_stats_free(s);
	pcl_stats_free(NULL);
}

static void
test_stats_histogram_buckets_at_the_edges(void)
{
	struct pcl_stats *s;
	const struct pcl_rule_hist *h;

	CU_ASSERT_EQUAL_FATAL(pcl_stats_new(&s), PCL_OK);
	/* 150.00 of 150.00 is 100 %: bucket 10; 149.99 is 99.99 %: bucket 9;
	 * 0 is bucket 0; 300.00 (200 %) and more: the last bucket */
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_RELEASE, "EUR", 0, NULL,
	    "eu", "150.00", "150.00", "EUR"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_RELEASE, "EUR", 0, NULL,
	    "eu", "149.99", "150.00", "EUR"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_RELEASE, "EUR", 0, NULL,
	    "eu", "0.00", "150.00", "EUR"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_DECLARE, "EUR", 0, NULL,
	    "eu", "300.00", "150.00", "EUR"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_DECLARE, "EUR", 0, NULL,
	    "eu", "9000.00", "150.00", "EUR"), PCL_OK);
	/* no threshold ("none") or no value: not in the histogram */
	CU_ASSERT_EQUAL(pcl_stats_add(s, "US", PCL_LANE_DECLARE, "USD", 0, NULL,
	    "us", "10.00", "none", "USD"), PCL_OK);
	/* ... but listed as used, with the parcels decided under it */
	CU_ASSERT_EQUAL_FATAL(pcl_stats_nrules(s), 2);
	pcl_stats_sort(s);
	h = pcl_stats_rule(s, 1);
	CU_ASSERT_STRING_EQUAL(h->rule_id, "us");
	CU_ASSERT_EQUAL(h->parcels, 0);
	CU_ASSERT_EQUAL(h->decided, 1);
	h = pcl_stats_rule(s, 0);
	CU_ASSERT_EQUAL(h->n[10], 1);
	CU_ASSERT_EQUAL(h->n[9], 1);
	CU_ASSERT_EQUAL(h->n[0], 1);
	CU_ASSERT_EQUAL(h->n[PCL_STATS_BUCKETS - 1], 2);
	CU_ASSERT_EQUAL(h->parcels, 5);
	CU_ASSERT_EQUAL(h->decided, 5);
	pcl_stats_free(s);
}

static void
test_stats_assessed_sums_per_currency(void)
{
	struct pcl_stats *s;
	const struct pcl_assessed_total *t;

	CU_ASSERT_EQUAL_FATAL(pcl_stats_new(&s), PCL_OK);
	/* three parcels of 0.93 EUR (each rounded once by the decision):
	 * 2.79, with no second rounding; a JPY figure keeps 0 decimals */
	CU_ASSERT_EQUAL(pcl_stats_add(s, "DE", PCL_LANE_RELEASE, "USD",
	    1000000, NULL, "eu", "0.93", "150.00", "EUR"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "DE", PCL_LANE_RELEASE, "USD",
	    1000000, NULL, "eu", "0.93", "150.00", "EUR"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "DE", PCL_LANE_RELEASE, "GBP",
	    800000, NULL, "eu", "0.93", "150.00", "EUR"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "JP", PCL_LANE_DECLARE, "USD",
	    100000000, NULL, "jp", "15012", "10000", "JPY"), PCL_OK);
	/* no assessed value (rejected, no border, no rule): not summed */
	CU_ASSERT_EQUAL(pcl_stats_add(s, "DE", PCL_LANE_REJECT, "USD",
	    1000000, NULL, "eu", "", "150.00", "EUR"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "GB", PCL_LANE_RELEASE, "GBP",
	    1000000, NULL, "", "", "", ""), PCL_OK);
	pcl_stats_sort(s);
	CU_ASSERT_EQUAL_FATAL(pcl_stats_nassessed(s), 2);
	t = pcl_stats_assessed(s, 0);
	CU_ASSERT_STRING_EQUAL(t->dest, "DE");
	CU_ASSERT_STRING_EQUAL(t->currency, "EUR");
	CU_ASSERT(t->micros == 2790000);
	CU_ASSERT_EQUAL(t->digits, 2);
	CU_ASSERT_EQUAL(t->parcels, 3);
	t = pcl_stats_assessed(s, 1);
	CU_ASSERT_STRING_EQUAL(t->dest, "JP");
	CU_ASSERT_EQUAL(t->lane, PCL_LANE_DECLARE);
	CU_ASSERT(t->micros == (pcl_i128)15012 * 1000000);
	CU_ASSERT_EQUAL(t->digits, 0);
	CU_ASSERT_PTR_NULL(pcl_stats_assessed(s, 2));
	pcl_stats_free(s);
}

static void
test_stats_flat_duty_per_destination_and_lane(void)
{
	struct pcl_stats *s;
	const struct pcl_assessed_total *t;

	CU_ASSERT_EQUAL_FATAL(pcl_stats_new(&s), PCL_OK);
	/* FR: 9.00 + 3.00 = 12.00 EUR over two parcels; NL 3.00; a parcel
	 * with no amount adds nothing; "" destination is "??" */
	CU_ASSERT_EQUAL(pcl_stats_add_duty(s, "FR", PCL_LANE_RELEASE, "EUR",
	    "9.00"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add_duty(s, "NL", PCL_LANE_RELEASE, "EUR",
	    "3.00"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add_duty(s, "FR", PCL_LANE_RELEASE, "EUR",
	    "3.00"), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add_duty(s, "FR", PCL_LANE_DECLARE, "",
	    ""), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_add_duty(s, "", PCL_LANE_HOLD, "EUR",
	    "6.00"), PCL_OK);
	pcl_stats_sort(s);
	CU_ASSERT_EQUAL_FATAL(pcl_stats_nduty(s), 3);
	t = pcl_stats_duty(s, 0);
	CU_ASSERT_STRING_EQUAL(t->dest, "??");
	CU_ASSERT_EQUAL(t->lane, PCL_LANE_HOLD);
	CU_ASSERT(t->micros == 6000000);
	t = pcl_stats_duty(s, 1);
	CU_ASSERT_STRING_EQUAL(t->dest, "FR");
	CU_ASSERT_EQUAL(t->lane, PCL_LANE_RELEASE);
	CU_ASSERT(t->micros == 12000000);
	CU_ASSERT_EQUAL(t->digits, 2);
	CU_ASSERT_EQUAL(t->parcels, 2);
	t = pcl_stats_duty(s, 2);
	CU_ASSERT_STRING_EQUAL(t->dest, "NL");
	CU_ASSERT(t->micros == 3000000);
	CU_ASSERT_PTR_NULL(pcl_stats_duty(s, 3));
	CU_ASSERT_EQUAL(pcl_stats_nassessed(s), 0);
	pcl_stats_free(s);
}

static void
test_stats_reason_once_per_parcel(void)
{
	struct pcl_stats *s;
	struct pcl_reasons rs;

	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_stats_new(&s), PCL_OK);
	CU_ASSERT_EQUAL(pcl_reasons_add(&rs, PCL_R_MISSING, 1), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&rs, PCL_R_MISSING, 2), 0);
	CU_ASSERT_EQUAL(pcl_stats_add(s, "FR", PCL_LANE_REJECT, "EUR", 0, &rs,
	    "", "", "", ""), PCL_OK);
	CU_ASSERT_EQUAL(pcl_stats_reason(s, PCL_R_MISSING), 1);
	CU_ASSERT_EQUAL(pcl_stats_reason(s, PCL_R_COUNT), 0);
	pcl_reasons_release(&rs);
	pcl_stats_free(s);
}

void test_stats_register(void);
void
test_stats_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_stats_sums_exact_and_sorted),
		PCL_TEST(test_stats_histogram_buckets_at_the_edges),
		PCL_TEST(test_stats_assessed_sums_per_currency),
		PCL_TEST(test_stats_flat_duty_per_destination_and_lane),
		PCL_TEST(test_stats_reason_once_per_parcel),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("stats", tests);
}
