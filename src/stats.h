/*
 * stats: what a batch adds up per parcel for summary.json and the HTML
 * report: declared values per destination, lane and currency (exact),
 * assessed values per destination, lane and threshold currency (exact
 * sums of the per-parcel assessed values), the assessed value against each
 * rule's threshold (a histogram), the flat duty owed per destination,
 * lane and currency, and parcels per destination, lane and
 * reason.
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

/*
 * Sum of the assessed values of the parcels of one destination, lane and
 * threshold currency. Each parcel's assessed value is the decision's
 * figure: its value on the rule's basis converted with the parcel's rate
 * and rounded once, half-up, to the currency's minor unit (decide.h); the
 * sum of those figures is exact, with no further rounding. Parcels with no
 * assessed value (rejected before assessment, no customs border, no rule
 * in force) are not in these sums.
 */
struct pcl_assessed_total {
	char		   dest[3];	/* "??" when the parcel has none */
	enum pcl_lane	   lane;
	char		   currency[4];	/* the threshold currency */
	int		   digits;	/* decimals of the assessed values */
	pcl_i128	   micros;	/* exact sum, 10^-6 units */
	unsigned long long parcels;
};

/* Buckets of assessed value / threshold: [0,10%), [10,20%) ... [190,200%),
 * then >= 200%. */
#define PCL_STATS_BUCKETS 21

/* Parcels decided under one rule, and those assessed against its
 * threshold (a rule with no threshold, "none", has no histogram). */
struct pcl_rule_hist {
	char		   rule_id[48];
	char		   threshold[48];	/* as printed, "150.00" or "none" */
	char		   currency[4];
	unsigned long long n[PCL_STATS_BUCKETS];
	unsigned long long parcels;	/* in the histogram: sum of n[] */
	unsigned long long decided;	/* whose decision names the rule */
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
 * every non-empty 'rule_id' is listed, the histogram takes only parcels
 * where both are numbers and the threshold is positive; the assessed totals take every parcel whose
 * 'assessed' is a number and 'threshold_currency' is set). Returns PCL_OK,
 * PCL_E_NOMEM, or PCL_E_OVERFLOW (a sum past the 128-bit range).
 */
int pcl_stats_add(struct pcl_stats *s, const char *dest, enum pcl_lane lane,
    const char *currency, pcl_i128 micros, const struct pcl_reasons *rs,
    const char *rule_id, const char *assessed, const char *threshold,
    const char *threshold_currency) PCL_NODISCARD;

/*
 * Adds the declared intrinsic value 'micros' in 'currency' of a parcel
 * already added with pcl_stats_add in another currency (a parcel whose
 * items are in several currencies counts once in each currency's row).
 * Returns PCL_OK, PCL_E_NOMEM or PCL_E_OVERFLOW.
 */
int pcl_stats_add_declared(struct pcl_stats *s, const char *dest,
    enum pcl_lane lane, const char *currency, pcl_i128 micros)
;

/*
 * Adds the flat duty 'amount' a decision computed for one parcel
 * (decimal text in 'currency', "6.00"; "" adds nothing) to destination
 * 'dest' ("" if none) and 'lane'. The totals are exact sums of the
 * per-parcel amounts, kept in struct pcl_assessed_total rows. Returns
 * PCL_OK, PCL_E_NOMEM, or PCL_E_OVERFLOW.
 */
int pcl_stats_add_duty(struct pcl_stats *s, const char *dest,
    enum pcl_lane lane, const char *currency, const char *amount)
    PCL_NODISCARD;

/* Sorts every table (destinations, then lane, then currency; rules by id).
 * Sorting again is harmless.
 * Call once after the last pcl_stats_add. */
void pcl_stats_sort(struct pcl_stats *s);

/* The tables, borrowed from 's' (valid until the next add or free). */
size_t pcl_stats_nvalues(const struct pcl_stats *s);
const struct pcl_value_total *pcl_stats_value(const struct pcl_stats *s,
    size_t i);
size_t pcl_stats_nassessed(const struct pcl_stats *s);
const struct pcl_assessed_total *pcl_stats_assessed(const struct pcl_stats *s,
    size_t i);
size_t pcl_stats_nduty(const struct pcl_stats *s);
const struct pcl_assessed_total *pcl_stats_duty(const struct pcl_stats *s,
    size_t i);
size_t pcl_stats_nrules(const struct pcl_stats *s);
const struct pcl_rule_hist *pcl_stats_rule(const struct pcl_stats *s,
    size_t i);
size_t pcl_stats_ndests(const struct pcl_stats *s);
const struct pcl_dest_lanes *pcl_stats_dest(const struct pcl_stats *s,
    size_t i);

struct pcl_json;

/*
 * Appends to the open JSON object 'js' the assessed totals:
 * "assessed_value_by_destination" (destination, then lane, then threshold
 * currency) and "assessed_value_by_lane" (every lane, then currency), each
 * amount a string with the currency's decimals ("55.00"). Sorts 's'.
 */
void pcl_stats_render_assessed(struct pcl_stats *s, struct pcl_json *js);

/*
 * Appends to 'js' the flat duty totals: "duty_amount_by_destination"
 * (destination, lane, currency) and "duty_amount_by_lane" (every lane,
 * then currency), each a string with the currency's decimals. Sorts 's'.
 */
void pcl_stats_render_duty(struct pcl_stats *s, struct pcl_json *js);

/* Parcels that carry reason 'code' (counted once per parcel). */
unsigned long long pcl_stats_reason(const struct pcl_stats *s, int code);

#endif
