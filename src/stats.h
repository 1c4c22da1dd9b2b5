/*
 * stats: what a batch adds up per parcel for summary.json and the HTML
 * report: declared values per destination, lane and currency (exact), the
 * assessed value against each rule's threshold (a histogram), and parcels
 * per destination, lane and reason.
 */
#ifndef PCL_STATS_H
#define PCL_STATS_H

#include <stddef.h>

#include "error.h"
#include "money.h"
#include "reason.h"

struct pcl_stats;

/* Sum of the declared intrinsic values of the parcels of one destination,
 * lane and declared currency. */
struct pcl_value_total {
	char		   dest[3];	/* "??" when the parcel has none */
	enum pcl_lane	   lane;
	char		   currency[4];
	pcl_i128	   micros;	/* exact sum, 10^-6 units */
	unsigned long long parcels;
};

/* Buckets of assessed value / threshold: [0,10%), [10,20%) ... [190,200%),
 * then >= 200%. */
#define PCL_STATS_BUCKETS 21

/* Parcels assessed against one rule's threshold. */
struct pcl_rule_hist {
	char		   rule_id[48];
	char		   threshold[48];	/* as printed, "150.00" */
	char		   currency[4];
	unsigned long long n[PCL_STATS_BUCKETS];
	unsigned long long parcels;
};

/* Parcels of one destination per lane. */
struct pcl_dest_lanes {
	char		   dest[3];
	unsigned long long n[PCL_LANE_COUNT];
};

/* Creates an empty collector; owned by the caller (pcl_stats_free).
 * Returns PCL_OK or PCL_E_NOMEM. */
int pcl_stats_new(struct pcl_stats **out) PCL_NODISCARD;

/* Frees 's'. NULL is a no-op. */
void pcl_stats_free(struct pcl_stats *s);

/*
 * Adds one decided parcel: destination 'dest' ("" if none), 'lane', its
 * declared 'currency' ("" if none) and summed intrinsic value 'micros',
 * its reasons 'rs', and the decision's 'rule_id', 'assessed' value and
 * 'threshold' (texts of struct pcl_decision, in 'threshold_currency';
 * the histogram takes only parcels where both are numbers and the
 * threshold is positive). Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_stats_add(struct pcl_stats *s, const char *dest, enum pcl_lane lane,
    const char *currency, pcl_i128 micros, const struct pcl_reasons *rs,
    const char *rule_id, const char *assessed, const char *threshold,
    const char *threshold_currency) PCL_NODISCARD;

/* Sorts every table (destinations, then lane, then currency; rules by id).
 * Call once after the last pcl_stats_add. */
void pcl_stats_sort(struct pcl_stats *s);

/* The tables, borrowed from 's' (valid until the next add or free). */
size_t pcl_stats_nvalues(const struct pcl_stats *s);
const struct pcl_value_total *pcl_stats_value(const struct pcl_stats *s,
    size_t i);
size_t pcl_stats_nrules(const struct pcl_stats *s);
const struct pcl_rule_hist *pcl_stats_rule(const struct pcl_stats *s,
    size_t i);
size_t pcl_stats_ndests(const struct pcl_stats *s);
const struct pcl_dest_lanes *pcl_stats_dest(const struct pcl_stats *s,
    size_t i);

/* Parcels that carry reason 'code' (counted once per parcel). */
unsigned long long pcl_stats_reason(const struct pcl_stats *s, int code);

#endif
