/*
 * test_decisions: each parcel decided once into its verdict, the
 * consignee-day aggregate settling lanes after that, and the counts.
 */
#include <string.h>

#include "test_util.h"
#include "date.h"
#include "decisions.h"
#include "fx.h"
#include "money.h"
#include "parcel.h"
#include "risk.h"
#include "rules.h"
#include "stats.h"
#include "verdict.h"

struct world {
	struct pcl_rules	*rules;
	struct pcl_fx		*fx;
	struct pcl_parcels	*parcels;
	struct pcl_stats	*stats;
	struct pcl_risk_opts	 risk;
};

static void
world_open(struct world *w)
{
	memset(w, 0, sizeof *w);
	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&w->rules, NULL, NULL), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&w->fx, NULL, NULL), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&w->parcels), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_stats_new(&w->stats), PCL_OK);
}

static void
world_close(struct world *w)
{
	pcl_stats_free(w->stats);
	pcl_parcels_free(w->parcels);
	pcl_fx_free(w->fx);
	pcl_rules_free(w->rules);
}

/* Adds parcel 'key' of one item of 'value' in 'cur', consignee 'who'. */
static void
add(struct world *w, const char *key, const char *from, const char *dest,
    const char *date, const char *value, const char *cur, uint64_t who)
{
	struct pcl_parcel *pc;
	uint32_t idx;
	pcl_i128 v;

	CU_ASSERT_EQUAL_FATAL(pcl_parcels_get(w->parcels, key, strlen(key), 1,
	    &idx), PCL_OK);
	pc = pcl_parcels_at(w->parcels, idx);
	memcpy(pc->from, from, 3);
	memcpy(pc->dest, dest, 3);
	memcpy(pc->currency, cur, 4);
	pc->date = pcl_date_parse_iso(date, strlen(date));
	pc->channel = PCL_CHANNEL_COURIER;
	pc->nrecords = 1;
	pc->nhs6 = 1;
	pc->has_goods = 1;
	pc->consignee_hash = who;
	CU_ASSERT_EQUAL_FATAL(pcl_money_parse(value, strlen(value), '.', &v),
	    PCL_MONEY_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_money_add64(&pc->value_micros, v), PCL_OK);
}

/* Decision column 'name' of parcel 'idx' as text, into 'buf'. */
static const char *
column(struct pcl_verdicts *vs, uint32_t idx, const char *name, char *buf,
    size_t size)
{
	const char *f[PCL_VERDICT_NCOLS];
	size_t l[PCL_VERDICT_NCOLS], i;

	CU_ASSERT_EQUAL_FATAL(pcl_verdicts_columns(vs, idx, f, l), PCL_OK);
	for (i = 0; i < PCL_VERDICT_NCOLS; i++)
		if (strcmp(pcl_verdict_column_name(i), name) == 0) {
			snprintf(buf, size, "%.*s", (int)l[i], f[i]);
			return buf;
		}
	return "(no such column)";
}

static void
test_decisions_columns_of_one_parcel_each(void)
{
	struct pcl_decision_counts c;
	struct pcl_decisions_in in = { 0 };
	struct pcl_verdicts *vs;
	struct world w;
	char b[256];

	world_open(&w);
	/* EU EUR 150: "not exceeding" releases 150.00, declares 150.01 */
	add(&w, "A", "CN", "FR", "2021-07-15", "150.00", "EUR", 1);
	add(&w, "B", "CN", "FR", "2021-07-15", "150.01", "EUR", 2);
	in.rules = w.rules;
	in.fx = w.fx;
	in.risk = &w.risk;
	in.no_consignee = 0;
	CU_ASSERT_EQUAL_FATAL(pcl_decisions_run(&in, w.parcels, w.stats, &vs,
	    &c, NULL), PCL_OK);
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "lane", b, sizeof b), "release");
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "assessed_value", b, sizeof b),
	    "150.00");
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "threshold", b, sizeof b), "150.00");
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "threshold_currency", b, sizeof b),
	    "EUR");
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "rule_id", b, sizeof b),
	    "eu-duty-2008");
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "fx_source", b, sizeof b), "none");
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "duty_due", b, sizeof b), "N");
	CU_ASSERT_STRING_EQUAL(column(vs, 1, "lane", b, sizeof b), "declare");
	CU_ASSERT_STRING_EQUAL(column(vs, 1, "reasons", b, sizeof b),
	    "OVER_THRESHOLD;VAT_DUE");
	CU_ASSERT_STRING_EQUAL(column(vs, 1, "assessed_value", b, sizeof b),
	    "150.01");
	CU_ASSERT_EQUAL(c.parcels[PCL_LANE_RELEASE], 1);
	CU_ASSERT_EQUAL(c.parcels[PCL_LANE_DECLARE], 1);
	CU_ASSERT_EQUAL(c.reason_parcels[PCL_R_OVER_THRESHOLD], 1);
	CU_ASSERT_EQUAL(c.reason_parcels[PCL_R_VAT_DUE], 2);
	CU_ASSERT_EQUAL(c.ndests, 1);
	CU_ASSERT_STRING_EQUAL(c.dests[0].cc, "FR");
	pcl_verdicts_free(vs);
	pcl_decision_counts_release(&c);
	world_close(&w);
}

static void
test_decisions_consignee_day_over_800_declares_both(void)
{
	struct pcl_decision_counts c;
	struct pcl_decisions_in in = { 0 };
	struct pcl_verdicts *vs;
	struct world w;
	char b[256];

	world_open(&w);
	/*
	 * US USD 800 per person per day: 500.00 and 400.00 to one
	 * consignee on one day are 900.00 > 800, so both are declared;
	 * 700.00 to another consignee that day stays released.
	 */
	add(&w, "A", "GB", "US", "2016-03-10", "500.00", "USD", 7);
	add(&w, "B", "GB", "US", "2016-03-10", "400.00", "USD", 7);
	add(&w, "C", "GB", "US", "2016-03-10", "700.00", "USD", 8);
	in.rules = w.rules;
	in.fx = w.fx;
	in.risk = &w.risk;
	in.no_consignee = 0;
	CU_ASSERT_EQUAL_FATAL(pcl_decisions_run(&in, w.parcels, w.stats, &vs,
	    &c, NULL), PCL_OK);
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "lane", b, sizeof b), "declare");
	CU_ASSERT_STRING_EQUAL(column(vs, 1, "lane", b, sizeof b), "declare");
	CU_ASSERT_STRING_EQUAL(column(vs, 2, "lane", b, sizeof b), "release");
	CU_ASSERT(strstr(column(vs, 0, "reasons", b, sizeof b),
	    "AGGREGATE_OVER_THRESHOLD") != NULL);
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "duty_due", b, sizeof b), "Y");
	/* each keeps its own assessed value */
	CU_ASSERT_STRING_EQUAL(column(vs, 0, "assessed_value", b, sizeof b),
	    "500.00");
	CU_ASSERT_STRING_EQUAL(column(vs, 1, "assessed_value", b, sizeof b),
	    "400.00");
	CU_ASSERT_EQUAL(c.parcels[PCL_LANE_DECLARE], 2);
	CU_ASSERT_EQUAL(c.parcels[PCL_LANE_RELEASE], 1);
	CU_ASSERT_EQUAL(c.reason_parcels[PCL_R_AGGREGATE_OVER_THRESHOLD], 2);
	pcl_verdicts_free(vs);
	pcl_decision_counts_release(&c);
	world_close(&w);
}

void test_decisions_register(void);

void
test_decisions_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_decisions_columns_of_one_parcel_each),
		PCL_TEST(test_decisions_consignee_day_over_800_declares_both),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("decisions", tests);
}
