/*
 * decide: lane and figures for one parcel (see decide.h for the order).
 */
#include <stdio.h>
#include <string.h>

#include "decide.h"
#include "gift.h"
#include "schema.h"
#include "banned.h"

#define ADD(code, col)                                                   \
	do {                                                             \
		if (pcl_reasons_add(reasons, (code), (col)) != 0)        \
			return -1;                                       \
	} while (0)

static void
fmt_amount(char *buf, size_t size, pcl_i128 minor, int digits)
{
	pcl_money_format(buf, size, minor, digits);
}

/* What is converted: the value on a rule's basis, or the perfume items. */
enum what { WHAT_BASIS = 0, WHAT_PERFUME };

/*
 * The amount of 'what' in the parcel's first currency (the parcel's own
 * sums), on 'basis': in micros. Returns PCL_OK or PCL_E_OVERFLOW.
 */
static int
first_amount(const struct pcl_parcel *pc, enum pcl_basis basis,
    enum what what, pcl_i128 *out)
{
	pcl_i128 v = what == WHAT_PERFUME ? pc->perfume_micros :
	    pc->value_micros;

	if (what == WHAT_BASIS && basis == PCL_BASIS_CIF &&
	    (pcl_money_add(v, pc->transport_micros, &v) != PCL_OK ||
	    pcl_money_add(v, pc->insurance_micros, &v) != PCL_OK))
		return PCL_E_OVERFLOW;
	*out = v;
	return PCL_OK;
}

/* The same for the sums 'e' of another currency. */
static int
other_amount(const struct pcl_parcel_amounts *e, enum pcl_basis basis,
    enum what what, pcl_i128 *out)
{
	pcl_i128 v = what == WHAT_PERFUME ? e->perfume_micros : e->value_micros;

	if (what == WHAT_BASIS && basis == PCL_BASIS_CIF &&
	    pcl_money_add(v, e->transport_micros, &v) != PCL_OK)
		return PCL_E_OVERFLOW;
	*out = v;
	return PCL_OK;
}

/*
 * Converts the parcel's 'what' on the rule's basis into minor units of the
 * rule currency. A parcel in one currency: one conversion, rounded once
 * (fx.h). A parcel in several: each currency's sum converted with the
 * authority's rate for that currency to 10^-4 of the rule currency
 * (rounded half away from zero; a sum already in the rule currency is
 * exact), the results added, and the total rounded once to the minor
 * unit. A currency with no rate fails the whole conversion. '*q' is the
 * quote of the first currency converted, '*converted' whether there was
 * one. Returns a pcl_fx_status.
 */
static int
assess_what(const struct pcl_parcel *pc, const struct pcl_parcels *parcels,
    const struct pcl_rule *rule, const struct pcl_fx *fx, enum what what,
    pcl_i128 *minor, struct pcl_fx_quote *q, int *converted)
{
	const struct pcl_parcel_amounts *e = NULL;
	struct pcl_fx_quote qq;
	const char *cur;
	pcl_i128 v, v4, sum = 0;
	size_t i;
	int st;

	*converted = 0;
	q->src = -1;
	q->past_end = 0;
	q->source[0] = '\0';
	if (first_amount(pc, rule->basis, what, &v) != PCL_OK)
		return PCL_FX_OVERFLOW;
	if (!pc->mixed) {
		*converted = strcmp(pc->currency, rule->currency) != 0;
		return pcl_fx_convert_for(fx, rule->jurisdiction,
		    rule->fx_rule, pc->date, pc->dispatch_date, pc->currency,
		    rule->currency, rule->minor_digits, v, minor, q);
	}
	for (i = 0, cur = pc->currency; ; i++) {
		if (v == 0) {
			;	/* nothing to convert */
		} else if (strcmp(cur, rule->currency) == 0) {
			if (pcl_money_add(sum, v, &sum) != PCL_OK)
				return PCL_FX_OVERFLOW;
		} else {
			qq.src = -1;
			qq.past_end = 0;
			qq.source[0] = '\0';
			st = pcl_fx_convert_for(fx, rule->jurisdiction,
			    rule->fx_rule, pc->date, pc->dispatch_date, cur,
			    rule->currency, 4, v, &v4, &qq);
			if (st != PCL_FX_OK) {
				*q = qq;	/* names the source that failed */
				return st;
			}
			if (!*converted) {
				*q = qq;
				*converted = 1;
			}
			if (pcl_money_add(sum, v4 * 100, &sum) != PCL_OK)
				return PCL_FX_OVERFLOW;
		}
		if ((e = pcl_parcels_amounts_at(parcels, pc, i)) == NULL)
			break;
		cur = e->currency;
		if (other_amount(e, rule->basis, what, &v) != PCL_OK)
			return PCL_FX_OVERFLOW;
	}
	*minor = pcl_money_to_minor(sum, rule->minor_digits);
	return PCL_FX_OK;
}

/* The value of 'pc' on the rule's basis in the rule currency. */
static int
assess(const struct pcl_parcel *pc, const struct pcl_parcels *parcels,
    const struct pcl_rule *rule, const struct pcl_fx *fx, pcl_i128 *minor,
    struct pcl_fx_quote *q, int *converted)
{
	return assess_what(pc, parcels, rule, fx, WHAT_BASIS, minor, q,
	    converted);
}

/* 1 when some item of 'pc' is perfume (HS 3303), in any currency. */
static int
has_perfume(const struct pcl_parcel *pc, const struct pcl_parcels *parcels)
{
	const struct pcl_parcel_amounts *e;
	size_t i;

	if (pc->perfume_micros > 0)
		return 1;
	for (i = 0; (e = pcl_parcels_amounts_at(parcels, pc, i)) != NULL; i++)
		if (e->perfume_micros > 0)
			return 1;
	return 0;
}

static int
within(const struct pcl_rule *rule, pcl_i128 value, pcl_i128 limit)
{
	return rule->strict_less ? value < limit : value <= limit;
}

enum gift_state { GIFT_NONE = 0, GIFT_OK, GIFT_EXCLUDED };

/*
 * Whether the gift relief of 'rule' can apply to 'pc' (gift.h): a gift
 * from a private consignor, under a rule with a gift ceiling, and none of
 * the goods the gift relief leaves out (by HS code or, through the
 * relief-excluded list, by description).
 */
static enum gift_state
gift_state(const struct pcl_parcel *pc, const struct pcl_parcels *parcels,
    const struct pcl_rule *rule, const struct pcl_fx *fx,
    const struct pcl_reasons *reasons)
{
	struct pcl_fx_quote q;
	pcl_i128 allow, pm;
	size_t i;
	int conv;

	if (pc->category != PCL_CAT_GIFT || pc->business || !rule->has_gift)
		return GIFT_NONE;
	if (pc->gift_excise)
		return GIFT_EXCLUDED;
	for (i = 0; i < reasons->n; i++)
		if (reasons->v[i].code == PCL_R_EXCLUDED_GOODS)
			return GIFT_EXCLUDED;
	if (has_perfume(pc, parcels)) {
		switch (pcl_gift_perfume_rule(rule->jurisdiction, &allow)) {
		case PCL_GIFT_PERFUME_ALLOWED:
			break;
		case PCL_GIFT_PERFUME_UP_TO:
			if (assess_what(pc, parcels, rule, fx, WHAT_PERFUME,
			    &pm, &q, &conv) != PCL_FX_OK || pm > allow)
				return GIFT_EXCLUDED;
			break;
		default:
			return GIFT_EXCLUDED;
		}
	}
	return GIFT_OK;
}

int
pcl_decide(const struct pcl_parcel *pc, const struct pcl_parcels *parcels,
    const struct pcl_rules *rules, const struct pcl_fx *fx,
    struct pcl_reasons *reasons, struct pcl_decision *d)
{
	const struct pcl_rule *duty, *vat;
	/* origin unknown: the country it was shipped from stands in */
	const char *origin = pc->origin[0] != '\0' ? pc->origin : pc->from;
	enum pcl_channel ch = (enum pcl_channel)pc->channel;
	struct pcl_fx_quote q;
	pcl_i128 value;
	enum pcl_lane lane;
	enum gift_state gift;
	int st, gifted = 0, converted;

	memset(d, 0, sizeof *d);
	d->fx_src = -1;
	lane = pcl_reasons_lane(reasons);
	if (lane >= PCL_LANE_REJECT) {
		d->lane = lane;
		return 0;
	}
	if (pcl_rules_same_territory(rules, pc->from, pc->dest, pc->date)) {
		ADD(PCL_R_NO_CUSTOMS_BORDER, PCL_COL_NONE);
		d->lane = PCL_LANE_RELEASE;
		snprintf(d->duty_due, sizeof d->duty_due, "N");
		snprintf(d->tax_due, sizeof d->tax_due, "N");
		return 0;
	}
	duty = pcl_rules_find(rules, pc->dest, pc->date, PCL_TAX_DUTY, ch,
	    origin, pc->from);
	if (duty == NULL) {
		ADD(PCL_R_NO_RULE_IN_FORCE, PCL_COL_NONE);
		d->lane = PCL_LANE_DECLARE;
		return 0;
	}
	snprintf(d->rule_id, sizeof d->rule_id, "%s", duty->id);
	snprintf(d->currency, sizeof d->currency, "%s", duty->currency);
	st = assess(pc, parcels, duty, fx, &value, &q, &converted);
	d->fx_src = q.src;
	if (st != PCL_FX_OK) {
		ADD(st == PCL_FX_OVERFLOW ? PCL_R_OVERFLOW :
		    PCL_R_FX_RATE_UNAVAILABLE, PCL_COL_CURRENCY);
		if (st != PCL_FX_OVERFLOW) {
			/* the fx_source column names the authority's source */
			snprintf(d->fx_source, sizeof d->fx_source, "%s",
			    q.source);
			d->fx_past_end = q.past_end;
		}
		d->lane = PCL_LANE_REJECT;
		return 0;
	}
	fmt_amount(d->assessed_value, sizeof d->assessed_value, value,
	    duty->minor_digits);
	d->assessed_minor = value;
	d->assessed_digits = duty->minor_digits;
	snprintf(d->fx_source, sizeof d->fx_source, "%s",
	    converted ? q.source : "none");
	if (duty->has_threshold)
		fmt_amount(d->threshold, sizeof d->threshold,
		    duty->threshold_minor, duty->minor_digits);
	else
		snprintf(d->threshold, sizeof d->threshold, "none");

	gift = gift_state(pc, parcels, duty, fx, reasons);
	if (gift == GIFT_OK && value <= duty->gift_minor &&
	    (!duty->has_threshold || pc->excluded ||
	    !within(duty, value, duty->threshold_minor) ||
	    duty->flat_charge_minor > 0)) {
		/* the ordinary relief would not release it free of duty */
		ADD(PCL_R_GIFT_RELIEF, PCL_COL_NONE);
		lane = PCL_LANE_RELEASE;
		gifted = 1;
		fmt_amount(d->threshold, sizeof d->threshold, duty->gift_minor,
		    duty->minor_digits);
	} else if (!duty->has_threshold) {
		ADD(PCL_R_DE_MINIMIS_SUSPENDED, PCL_COL_NONE);
		lane = PCL_LANE_DECLARE;
	} else if (pc->excluded) {
		ADD(PCL_R_EXCLUDED_GOODS, PCL_COL_HS_CODE);
		lane = PCL_LANE_DECLARE;
	} else if (!within(duty, value, duty->threshold_minor)) {
		ADD(PCL_R_OVER_THRESHOLD, PCL_COL_NONE);
		lane = PCL_LANE_DECLARE;
	} else {
		ADD(PCL_R_UNDER_THRESHOLD, PCL_COL_NONE);
		lane = PCL_LANE_RELEASE;
	}
	if (lane == PCL_LANE_DECLARE && gift == GIFT_OK)
		ADD(PCL_R_GIFT_OVER_RELIEF, PCL_COL_NONE);
	else if (lane == PCL_LANE_DECLARE && gift == GIFT_EXCLUDED &&
	    !pc->excluded && (pc->gift_excise || has_perfume(pc, parcels)))
		ADD(PCL_R_EXCLUDED_GOODS, PCL_COL_HS_CODE);
	if (gifted) {
		d->compared = 1;
		d->gift = 1;
		d->value_minor = value;
		d->threshold_minor = duty->gift_minor;
		d->aggregation = duty->aggregation;
		d->strict_less = 0;
	} else if (duty->has_threshold) {
		d->compared = 1;
		d->value_minor = value;
		d->threshold_minor = duty->threshold_minor;
		d->aggregation = duty->aggregation;
		d->strict_less = duty->strict_less;
	}
	if (lane == PCL_LANE_RELEASE && duty->flat_charge_minor > 0 &&
	    !gifted) {
		char amt[32];
		unsigned n = pc->nhs6 > 0 ? pc->nhs6 : 1;

		/* at most 65535 subheadings of an amount checked at load:
		 * the product stays far inside 128 bits */
		fmt_amount(amt, sizeof amt, duty->flat_charge_minor * n,
		    duty->minor_digits);
		ADD(PCL_R_FLAT_DUTY, PCL_COL_NONE);
		snprintf(d->duty_due, sizeof d->duty_due, "Y");
		snprintf(d->duty_amount, sizeof d->duty_amount, "%s", amt);
		snprintf(d->duty_currency, sizeof d->duty_currency, "%s",
		    duty->currency);
	} else {
		snprintf(d->duty_due, sizeof d->duty_due, "%s",
		    lane == PCL_LANE_RELEASE ? "N" : "Y");
	}

	/* import VAT / GST */
	vat = pcl_rules_find(rules, pc->dest, pc->date, PCL_TAX_VAT, ch,
	    origin, pc->from);
	if (vat == NULL) {
		snprintf(d->tax_due, sizeof d->tax_due, "N");
	} else if (lane == PCL_LANE_RELEASE &&
	    gift_state(pc, parcels, vat, fx, reasons) == GIFT_OK) {
		pcl_i128 tv;

		st = assess(pc, parcels, vat, fx, &tv, &q, &converted);
		if (st != PCL_FX_OK) {
			ADD(PCL_R_FX_RATE_UNAVAILABLE, PCL_COL_CURRENCY);
			snprintf(d->fx_source, sizeof d->fx_source, "%s",
			    q.source);
			d->fx_src = q.src;
			d->fx_past_end = q.past_end;
			d->lane = PCL_LANE_REJECT;
			return 0;
		}
		/* a private gift: no seller to collect at the point of sale */
		if (tv <= vat->gift_minor) {
			ADD(PCL_R_GIFT_RELIEF, PCL_COL_NONE);
			snprintf(d->tax_due, sizeof d->tax_due, "N");
		} else {
			ADD(PCL_R_VAT_DUE, PCL_COL_NONE);
			snprintf(d->tax_due, sizeof d->tax_due, "Y");
		}
	} else if (vat->has_threshold) {
		pcl_i128 tv;

		st = assess(pc, parcels, vat, fx, &tv, &q, &converted);
		if (st != PCL_FX_OK) {
			ADD(PCL_R_FX_RATE_UNAVAILABLE, PCL_COL_CURRENCY);
			snprintf(d->fx_source, sizeof d->fx_source, "%s",
			    q.source);
			d->fx_src = q.src;
			d->fx_past_end = q.past_end;
			d->lane = PCL_LANE_REJECT;
			return 0;
		}
		if (within(vat, tv, vat->threshold_minor)) {
			snprintf(d->tax_due, sizeof d->tax_due, "N");
		} else {
			ADD(PCL_R_VAT_DUE, PCL_COL_NONE);
			snprintf(d->tax_due, sizeof d->tax_due, "Y");
		}
	} else if (lane == PCL_LANE_RELEASE &&
	    vat->collection == PCL_COLLECT_POINT_OF_SALE) {
		ADD(PCL_R_VAT_AT_POINT_OF_SALE, PCL_COL_NONE);
		snprintf(d->tax_due, sizeof d->tax_due, "N");
	} else if (lane == PCL_LANE_RELEASE &&
	    vat->collection == PCL_COLLECT_IOSS && pc->ioss_valid) {
		ADD(PCL_R_IOSS, PCL_COL_IOSS_NUMBER);
		snprintf(d->tax_due, sizeof d->tax_due, "N");
	} else {
		ADD(PCL_R_VAT_DUE, PCL_COL_NONE);
		snprintf(d->tax_due, sizeof d->tax_due, "Y");
	}
	/* a record reason may ask more (restricted goods: declare) */
	if (pcl_reasons_lane(reasons) > lane)
		lane = pcl_reasons_lane(reasons);
	d->lane = lane;
	return 0;
}
