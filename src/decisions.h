/*
 * decisions: the stage between the two passes. Decides every parcel
 * once (decide.h) into a typed verdict (verdict.h), adds the released
 * values of each consignee's day (split.h), then lets that aggregate
 * and the risk score (risk.h) settle each parcel's final lane, and
 * counts the parcels for summary.json (lanes, reasons, rate rules,
 * destinations, declared and assessed values in stats.h).
 */
#ifndef PCL_DECISIONS_H
#define PCL_DECISIONS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "fx.h"
#include "money.h"
#include "reason.h"

struct pcl_parcel;
struct pcl_decision;
struct pcl_parcels;
struct pcl_rules;
struct pcl_fx;
struct pcl_risk_opts;
struct pcl_stats;
struct pcl_verdicts;

/* Parcels of one destination ("??": none) per lane and risk flag. */
struct pcl_dest_count {
	char			cc[3];
	unsigned long long	n[PCL_LANE_COUNT];
	unsigned long long	flags[PCL_R_COUNT];
};

/*
 * The counts of the decided parcels, for summary.json. 'dests' is owned
 * by the struct (pcl_decision_counts_release), sorted by country code.
 * 'fx_parcels' counts parcels converted by the EU rate rule ([0]), by an
 * ECB cross rate standing in for another authority's ([1]), and by that
 * authority's own source from the data directory ([2]).
 */
struct pcl_decision_counts {
	unsigned long long	 parcels[PCL_LANE_COUNT];
	unsigned long long	 reason_parcels[PCL_R_COUNT];
	unsigned long long	 fx_parcels[3];
	/* per table (fx.h PCL_FX_SRC_TABLE or an fxsource): parcels whose
	 * value it converted or failed to, and those that failed because
	 * their key date is after its last date */
	unsigned long long	 fx_src_parcels[PCL_FX_NSRC];
	unsigned long long	 fx_src_past_end[PCL_FX_NSRC];
	struct pcl_dest_count	*dests;
	size_t			 ndests;
};

/* Frees what 'c' holds and zeroes it. */
void pcl_decision_counts_release(struct pcl_decision_counts *c);

/* What the decisions read (all borrowed). */
struct pcl_decisions_in {
	const struct pcl_rules		*rules;
	const struct pcl_fx		*fx;
	const struct pcl_risk_opts	*risk;
	uint64_t			 no_consignee;	/* identity of "" */
	/*
	 * Optional, NULL: none. The consignee-day aggregate of earlier
	 * batches (the ledger, ledgerstage.h): for parcel 'pc', counted as
	 * a gift ('gift' 1) or not, in threshold currency 'currency', sets
	 * '*count' parcels with values summing to '*minor'. Returns PCL_OK
	 * or an error code. Called once per aggregate of the batch; those
	 * parcels then count with the batch's own.
	 */
	int	(*earlier)(void *user, const struct pcl_parcel *pc, int gift,
		    const char *currency, pcl_i128 *minor, uint32_t *count);
	/*
	 * Optional, NULL: none. Called for each parcel after the aggregate
	 * and before the risk score with its duty comparison 'd' (decide.h);
	 * may add soft flags to 'rs' (the ledger's CROSS_DAY_SPLIT).
	 * Returns PCL_OK or an error code, which fails the run.
	 */
	int	(*flag)(void *user, const struct pcl_parcel *pc,
		    const struct pcl_decision *d, struct pcl_reasons *rs);
	void	*user;
};

/*
 * Decides every parcel of 'parcels' and stores its verdict in '*out'
 * (owned by the caller: pcl_verdicts_free). 'parcels' is written for
 * the reason sets the verdicts intern and each parcel's lane. Fills 'counts' (zeroed first) and adds
 * every parcel to 'stats'. Returns PCL_OK or PCL_E_NOMEM ('err' set).
 */
int pcl_decisions_run(const struct pcl_decisions_in *in,
    struct pcl_parcels *parcels, struct pcl_stats *stats,
    struct pcl_verdicts **out, struct pcl_decision_counts *counts,
    struct pcl_error *err) PCL_NODISCARD;

#endif
