/*
 * decide: the lane of one parcel, its reasons and the decision's figures,
 * from the parcel's aggregate, the de minimis rules in force on its date
 * and the customs authority's exchange rate.
 */
#ifndef PCL_DECIDE_H
#define PCL_DECIDE_H

#include "fx.h"
#include "parcel.h"
#include "reason.h"
#include "rules.h"
#include "error.h"

/* The figures written beside every record of the parcel. */
struct pcl_decision {
	enum pcl_lane	lane;
	char		assessed_value[48];	/* in the threshold currency */
	pcl_i128	assessed_minor;		/* the same, in minor units */
	int		assessed_digits;	/* its minor digits */
	char		threshold[48];		/* "150.00", "none", or "" */
	char		currency[4];		/* threshold currency */
	char		rule_id[48];
	char		fx_source[48];	/* the rate used, or why none */
	int		fx_src;		/* fx.h PCL_FX_SRC_TABLE or the
					 * fxsource consulted; -1: none */
	int		fx_past_end;	/* no rate: the key date is after
					 * that source's last date */
	char		duty_due[64];		/* "N" or "Y" */
	char		duty_amount[32];	/* flat duty owed, "6.00", or "" */
	char		duty_currency[4];	/* its currency, or "" */
	char		tax_due[48];
	/* the duty comparison, for risk.h: set when 'compared' */
	int		compared;
	pcl_i128	value_minor;		/* assessed value, minor units */
	pcl_i128	threshold_minor;
	int		aggregation;		/* enum pcl_aggregation of the rule */
	int		strict_less;		/* the rule compares with < */
	int		gift;			/* the gift relief released it */
};

/*
 * Decides parcel 'pc' whose data reasons are 'reasons' (reasons of the
 * decision are added to it). Order of severity: hold (a hard flag) >
 * reject (data errors) > declare > release. A parcel that crosses no
 * customs border on its date is released (NO_CUSTOMS_BORDER). Otherwise
 * the duty rule in force decides: none -> declare NO_RULE_IN_FORCE;
 * relief suspended -> declare DE_MINIMIS_SUSPENDED; excluded goods ->
 * declare; value (on the rule's basis, converted with the rule's rate-date
 * rule, rounded once half-up) not exceeding the threshold -> release,
 * else declare OVER_THRESHOLD. A parcel in several currencies ('pc->mixed':
 * its other sums in 'parcels', which may be NULL otherwise) has each
 * currency converted with the authority's rate and summed in the
 * threshold currency before that one rounding (decide.c, assess_what). A
 * missing exchange rate for any of its currencies is a reject
 * (FX_RATE_UNAVAILABLE@currency). The tax rule sets tax_due: VAT due at
 * the border, collected at the point of sale, or through IOSS when the
 * parcel declares a valid IOSS number. A rule's origin scope is matched
 * against 'pc->origin' (or 'pc->from' when empty) or, for a rule keyed on
 * the place of direct shipment, against 'pc->from'.
 * Gift relief (gift.h): a parcel of category gift from a private
 * consignor, with no goods the gift relief leaves out, whose value does
 * not exceed the rule's gift_threshold is released with GIFT_RELIEF
 * (d->gift set, d->threshold the gift ceiling, no flat duty) when the
 * ordinary relief would not release it free of duty; over the gift
 * ceiling and declared, it gets GIFT_OVER_RELIEF. A VAT rule with a
 * gift_threshold likewise relieves such a gift of import VAT.
 * A released parcel under a rule with a flat charge owes that charge
 * once per distinct HS-6 subheading of its items (at least once):
 * duty_due "Y", duty_amount the product in the rule's currency
 * (duty_currency), exact in its minor unit. Every other parcel has an
 * empty duty_amount and duty_currency.
 * Returns 0, or -1 when out of memory.
 */
int pcl_decide(const struct pcl_parcel *pc, const struct pcl_parcels *parcels,
    const struct pcl_rules *rules, const struct pcl_fx *fx,
    struct pcl_reasons *reasons, struct pcl_decision *d) PCL_NODISCARD;

#endif
