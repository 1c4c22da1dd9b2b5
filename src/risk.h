/*
 * risk: the flags model. Every risk flag is a reason code with a severity
 * (soft: recorded and scored, the parcel stays in its lane; hard: the
 * code's lane is hold) and a weight; a parcel's risk score is the sum of
 * the weights of its flags, and a score at or above the hold threshold
 * holds the parcel (RISK_SCORE) unless its operator is trusted (AEO).
 */
#ifndef PCL_RISK_H
#define PCL_RISK_H

#include "decide.h"
#include "money.h"
#include "reason.h"
#include "error.h"

#define PCL_RISK_HOLD_SCORE_DEFAULT	100	/* one hard flag, or soft ones worth 100 */
#define PCL_RISK_NEAR_BAND_DEFAULT	500	/* basis points under the threshold: 5 % */

enum pcl_severity {
	PCL_SEVERITY_NONE = 0,	/* not a risk flag (data error, lane reason) */
	PCL_SEVERITY_SOFT,
	PCL_SEVERITY_HARD
};

struct pcl_risk_opts {
	unsigned hold_score;	/* 0: PCL_RISK_HOLD_SCORE_DEFAULT */
	unsigned near_band_bp;	/* 0: PCL_RISK_NEAR_BAND_DEFAULT; 10000 = 100 % */
};

/* Severity of reason 'code'. */
enum pcl_severity pcl_risk_severity(int code);

/* Weight of reason 'code' in the risk score (0 for non-flags). */
unsigned pcl_risk_weight(int code);

/* Static name of a severity ("soft", "hard", ""). */
const char *pcl_risk_severity_name(enum pcl_severity s);

/*
 * Sum of the weights of the flags in 'reasons' (each reason, code and
 * column, counts once).
 */
unsigned pcl_risk_score(const struct pcl_reasons *reasons);

/*
 * 1 when 'value' is within 'band_bp' basis points under 'threshold' (same
 * minor units): threshold * (10000 - band_bp) / 10000 <= value <=
 * threshold. A value over the threshold is not "near".
 */
int pcl_risk_near_threshold(pcl_i128 value, pcl_i128 threshold,
    unsigned band_bp);

/*
 * Completes the decision 'd' of a parcel whose reasons are 'reasons':
 * adds NEAR_THRESHOLD when the parcel was released under a threshold
 * within the band, computes the score into '*score', and when the score
 * reaches the hold threshold and no hard flag holds the parcel already,
 * adds RISK_SCORE and sets d->lane to hold, except for a 'trusted'
 * operator (AEO, aeo.h), whose soft flags are recorded only: it adds
 * AEO_TRUSTED instead and leaves the lane. Hard flags hold a trusted
 * operator's parcel all the same. Returns 0,
 * or -1 when out of memory.
 */
int pcl_risk_apply(struct pcl_decision *d, const struct pcl_risk_opts *o,
    int trusted, struct pcl_reasons *reasons, unsigned *score) PCL_NODISCARD;

#endif
