/*
 * test_risk: severities, weights, the near-threshold band and the hold
 * threshold of the flags model. Values worked by hand.
 */
#include <string.h>

#include "test_util.h"
#include "risk.h"
#include "schema.h"

static void
test_risk_severities_and_weights(void)
{
	CU_ASSERT_EQUAL(pcl_risk_severity(PCL_R_PROHIBITED_GOODS),
	    PCL_SEVERITY_HARD);
	CU_ASSERT_EQUAL(pcl_risk_severity(PCL_R_CONFLICTING_DUPLICATE),
	    PCL_SEVERITY_HARD);
	CU_ASSERT_EQUAL(pcl_risk_severity(PCL_R_VAGUE_TERM), PCL_SEVERITY_SOFT);
	CU_ASSERT_EQUAL(pcl_risk_severity(PCL_R_MISSING), PCL_SEVERITY_NONE);
	CU_ASSERT_EQUAL(pcl_risk_weight(PCL_R_PROHIBITED_GOODS), 100);
	CU_ASSERT_EQUAL(pcl_risk_weight(PCL_R_VAGUE_TERM), 20);
	CU_ASSERT_EQUAL(pcl_risk_weight(PCL_R_NEAR_THRESHOLD), 30);
	CU_ASSERT_EQUAL(pcl_risk_weight(PCL_R_UNDER_THRESHOLD), 0);
	CU_ASSERT_STRING_EQUAL(pcl_risk_severity_name(PCL_SEVERITY_SOFT),
	    "soft");
}

static void
test_risk_every_hard_flag_is_a_hold_code_and_soft_a_release_code(void)
{
	int c;

	for (c = 1; c < PCL_R_COUNT; c++) {
		if (pcl_risk_severity(c) == PCL_SEVERITY_HARD)
			CU_ASSERT_EQUAL(pcl_reason_lane(c), PCL_LANE_HOLD);
		if (pcl_risk_severity(c) == PCL_SEVERITY_SOFT)
			CU_ASSERT_EQUAL(pcl_reason_lane(c), PCL_LANE_RELEASE);
	}
}

static void
test_risk_near_threshold_band_edges(void)
{
	/* 150.00 with a 5 % band: 142.50 to 150.00 inclusive */
	CU_ASSERT_EQUAL(pcl_risk_near_threshold(14250, 15000, 500), 1);
	CU_ASSERT_EQUAL(pcl_risk_near_threshold(14249, 15000, 500), 0);
	CU_ASSERT_EQUAL(pcl_risk_near_threshold(15000, 15000, 500), 1);
	CU_ASSERT_EQUAL(pcl_risk_near_threshold(15001, 15000, 500), 0);
	/* 800 USD, 1 %: 792.00 */
	CU_ASSERT_EQUAL(pcl_risk_near_threshold(79200, 80000, 100), 1);
	CU_ASSERT_EQUAL(pcl_risk_near_threshold(79199, 80000, 100), 0);
}

/* A release decision compared at 'value' against 'threshold'. */
static void
released(struct pcl_decision *d, pcl_i128 value, pcl_i128 threshold)
{
	memset(d, 0, sizeof *d);
	d->lane = PCL_LANE_RELEASE;
	d->compared = 1;
	d->value_minor = value;
	d->threshold_minor = threshold;
}

static void
test_risk_soft_flags_alone_keep_the_lane(void)
{
	struct pcl_decision d;
	struct pcl_reasons rs;
	struct pcl_risk_opts o = { 0, 0 };
	char buf[128];
	unsigned score;

	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_reasons_add(&rs, PCL_R_UNDER_THRESHOLD,
	    PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL_FATAL(pcl_reasons_add(&rs, PCL_R_VAGUE_TERM,
	    PCL_COL_DESCRIPTION), 0);
	released(&d, 14500, 15000);
	CU_ASSERT_EQUAL(pcl_risk_apply(&d, &o, 0, &rs, &score), 0);
	/* 20 + 30 = 50 < 100 */
	CU_ASSERT_EQUAL(score, 50);
	CU_ASSERT_EQUAL(d.lane, PCL_LANE_RELEASE);
	pcl_reasons_format(&rs, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf,
	    "NEAR_THRESHOLD;UNDER_THRESHOLD;VAGUE_TERM@description");
	pcl_reasons_release(&rs);
}

static void
test_risk_score_at_threshold_holds_unless_trusted(void)
{
	struct pcl_decision d;
	struct pcl_reasons rs;
	struct pcl_risk_opts o = { 50, 0 };
	char buf[128];
	unsigned score;

	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_reasons_add(&rs, PCL_R_VAGUE_TERM,
	    PCL_COL_DESCRIPTION), 0);
	released(&d, 14500, 15000);
	CU_ASSERT_EQUAL(pcl_risk_apply(&d, &o, 0, &rs, &score), 0);
	CU_ASSERT_EQUAL(score, 50);
	CU_ASSERT_EQUAL(d.lane, PCL_LANE_HOLD);
	pcl_reasons_format(&rs, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf,
	    "NEAR_THRESHOLD;RISK_SCORE;VAGUE_TERM@description");

	/* trusted operator: recorded and scored, not held */
	pcl_reasons_clear(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_reasons_add(&rs, PCL_R_VAGUE_TERM,
	    PCL_COL_DESCRIPTION), 0);
	released(&d, 14500, 15000);
	CU_ASSERT_EQUAL(pcl_risk_apply(&d, &o, 1, &rs, &score), 0);
	CU_ASSERT_EQUAL(score, 50);
	CU_ASSERT_EQUAL(d.lane, PCL_LANE_RELEASE);
	pcl_reasons_format(&rs, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf,
	    "AEO_TRUSTED;NEAR_THRESHOLD;VAGUE_TERM@description");

	/* one point under: 49 with a threshold of 50 */
	o.hold_score = 51;
	pcl_reasons_clear(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_reasons_add(&rs, PCL_R_VAGUE_TERM,
	    PCL_COL_DESCRIPTION), 0);
	released(&d, 14500, 15000);
	CU_ASSERT_EQUAL(pcl_risk_apply(&d, &o, 0, &rs, &score), 0);
	CU_ASSERT_EQUAL(d.lane, PCL_LANE_RELEASE);
	pcl_reasons_release(&rs);
}

static void
test_risk_hard_flag_holds_by_its_lane_without_risk_score(void)
{
	struct pcl_decision d;
	struct pcl_reasons rs;
	char buf[128];
	unsigned score;

	pcl_reasons_init(&rs);
	CU_ASSERT_EQUAL_FATAL(pcl_reasons_add(&rs, PCL_R_PROHIBITED_GOODS,
	    PCL_COL_DESCRIPTION), 0);
	memset(&d, 0, sizeof d);
	d.lane = PCL_LANE_HOLD;
	CU_ASSERT_EQUAL(pcl_risk_apply(&d, NULL, 1, &rs, &score), 0);
	CU_ASSERT_EQUAL(score, 100);
	CU_ASSERT_EQUAL(d.lane, PCL_LANE_HOLD);
	pcl_reasons_format(&rs, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "PROHIBITED_GOODS@description");
	pcl_reasons_release(&rs);
}

static void
test_risk_declared_parcel_is_not_near_threshold(void)
{
	struct pcl_decision d;
	struct pcl_reasons rs;
	unsigned score;

	pcl_reasons_init(&rs);
	released(&d, 14500, 15000);
	d.lane = PCL_LANE_DECLARE;	/* e.g. excluded goods */
	CU_ASSERT_EQUAL(pcl_risk_apply(&d, NULL, 0, &rs, &score), 0);
	CU_ASSERT_EQUAL(rs.n, 0);
	CU_ASSERT_EQUAL(score, 0);
	pcl_reasons_release(&rs);
}

void test_risk_register(void);
void
test_risk_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_risk_severities_and_weights),
		PCL_TEST(test_risk_every_hard_flag_is_a_hold_code_and_soft_a_release_code),
		PCL_TEST(test_risk_near_threshold_band_edges),
		PCL_TEST(test_risk_soft_flags_alone_keep_the_lane),
		PCL_TEST(test_risk_score_at_threshold_holds_unless_trusted),
		PCL_TEST(test_risk_hard_flag_holds_by_its_lane_without_risk_score),
		PCL_TEST(test_risk_declared_parcel_is_not_near_threshold),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("risk", tests);
}
