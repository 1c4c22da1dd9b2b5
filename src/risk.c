/*
 * risk: severities and weights of the risk flags, the score and the hold
 * threshold (see risk.h and docs/screening.md).
 */
#include <stddef.h>

#include "risk.h"
#include "schema.h"
#include "banned.h"

static const struct {
	int code;
	enum pcl_severity severity;
	unsigned weight;
} flags[] = {
	/* hard: their lane is hold */
	{ PCL_R_PROHIBITED_GOODS, PCL_SEVERITY_HARD, 100 },
	{ PCL_R_IPR_SUSPECT, PCL_SEVERITY_HARD, 100 },
	{ PCL_R_PARCEL_CONFLICT, PCL_SEVERITY_HARD, 100 },
	{ PCL_R_CONFLICTING_DUPLICATE, PCL_SEVERITY_HARD, 100 },
	{ PCL_R_SUSPECTED_SPLITTING, PCL_SEVERITY_HARD, 100 },
	{ PCL_R_SCREEN_ERROR, PCL_SEVERITY_HARD, 100 },
	{ PCL_R_RESENT_CHANGED, PCL_SEVERITY_HARD, 100 },
	/* soft: scored, lane unchanged */
	{ PCL_R_VAGUE_TERM, PCL_SEVERITY_SOFT, 20 },
	{ PCL_R_NEAR_THRESHOLD, PCL_SEVERITY_SOFT, 30 },
	{ PCL_R_NEAR_DUPLICATE, PCL_SEVERITY_SOFT, 40 },
	{ PCL_R_IMPLAUSIBLE_VALUE_PER_KG, PCL_SEVERITY_SOFT, 40 },
	{ PCL_R_CROSS_DAY_SPLIT, PCL_SEVERITY_SOFT, 40 },
};

enum pcl_severity
pcl_risk_severity(int code)
{
	size_t i;

	for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (flags[i].code == code)
			return flags[i].severity;
	return PCL_SEVERITY_NONE;
}

unsigned
pcl_risk_weight(int code)
{
	size_t i;

	for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (flags[i].code == code)
			return flags[i].weight;
	return 0;
}

const char *
pcl_risk_severity_name(enum pcl_severity s)
{
	return s == PCL_SEVERITY_HARD ? "hard" : s == PCL_SEVERITY_SOFT ?
	    "soft" : "";
}

unsigned
pcl_risk_score(const struct pcl_reasons *reasons)
{
	unsigned score = 0;
	size_t i;

	for (i = 0; i < reasons->n; i++)
		score += pcl_risk_weight(reasons->v[i].code);
	return score;
}

int
pcl_risk_near_threshold(pcl_i128 value, pcl_i128 threshold, unsigned band_bp)
{
	if (band_bp > 10000 || value > threshold)
		return 0;
	return value * 10000 >= threshold * (pcl_i128)(10000 - band_bp);
}

int
pcl_risk_apply(struct pcl_decision *d, const struct pcl_risk_opts *o,
    int trusted, struct pcl_reasons *reasons, unsigned *score)
{
	unsigned hold = o != NULL && o->hold_score ? o->hold_score :
	    PCL_RISK_HOLD_SCORE_DEFAULT;
	unsigned band = o != NULL && o->near_band_bp ? o->near_band_bp :
	    PCL_RISK_NEAR_BAND_DEFAULT;
	size_t i;
	int hard = 0;

	if (d->compared && d->lane == PCL_LANE_RELEASE &&
	    pcl_risk_near_threshold(d->value_minor, d->threshold_minor, band) &&
	    pcl_reasons_add(reasons, PCL_R_NEAR_THRESHOLD, PCL_COL_NONE) != 0)
		return -1;
	*score = pcl_risk_score(reasons);
	for (i = 0; i < reasons->n; i++)
		if (pcl_risk_severity(reasons->v[i].code) == PCL_SEVERITY_HARD)
			hard = 1;
	/* a hard flag holds by its own lane; the score holds the rest */
	if (!hard && *score >= hold && trusted) {
		/* an AEO: recorded, not held */
		if (pcl_reasons_add(reasons, PCL_R_AEO_TRUSTED, PCL_COL_NONE) != 0)
			return -1;
	} else if (!hard && *score >= hold) {
		if (pcl_reasons_add(reasons, PCL_R_RISK_SCORE, PCL_COL_NONE) != 0)
			return -1;
		d->lane = PCL_LANE_HOLD;
	}
	return 0;
}
