/*
 * fold: one item record into its parcel (see fold.h).
 */
#include <string.h>

#include "aeo.h"
#include "check.h"
#include "fold.h"
#include "fx.h"
#include "gift.h"
#include "money.h"
#include "parcel.h"
#include "perkg.h"
#include "rules.h"
#include "banned.h"

static int
same2(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/*
 * 1 when the item's value per kg of gross mass is outside its HS
 * chapter's band (perkg.h), the value converted with the rate the
 * parcel's duty rule uses.
 */
static int
perkg_implausible(const struct pcl_fold *f, const struct pcl_row *row,
    const struct pcl_item *it, const struct pcl_rule *rule, char decimal)
{
	pcl_i128 mass;

	if (pcl_perkg_count(f->perkg) == 0 ||
	    pcl_money_parse(row->v[PCL_COL_GROSS_MASS_KG],
	    row->len[PCL_COL_GROSS_MASS_KG], decimal, &mass) != 0)
		return 0;
	return pcl_perkg_check(f->perkg, row->v[PCL_COL_HS_CODE],
	    row->len[PCL_COL_HS_CODE], it->date, it->currency,
	    it->value_micros, mass, f->fx, rule != NULL ? rule->fx_rule :
	    PCL_FX_ECB_DAILY);
}

/*
 * Adds item 'it' in a currency other than its parcel's first to that
 * currency's sums 'o': its value (a postage line's as transport). The
 * transport_cost and insurance_cost columns are in the parcel's first
 * currency and go to 'pc'. Returns the column to name in an OVERFLOW
 * reason, or PCL_COL_NONE.
 */
static enum pcl_column
add_other(struct pcl_parcel *pc, struct pcl_parcel_amounts *o,
    const struct pcl_item *it, int postage)
{
	if (pcl_money_add64(&o->value_micros, it->value_micros) != PCL_OK)
		return PCL_COL_ITEM_VALUE;
	if (pcl_money_add64(postage ? &o->transport_micros :
	    &pc->transport_micros, it->transport_micros) != PCL_OK)
		return postage ? PCL_COL_ITEM_VALUE : PCL_COL_TRANSPORT_COST;
	if (pcl_money_add64(&pc->insurance_micros, it->insurance_micros) !=
	    PCL_OK)
		return PCL_COL_INSURANCE_COST;
	return PCL_COL_NONE;
}

int
pcl_fold_item(const struct pcl_fold *f, uint32_t idx, const struct pcl_row *row,
    const struct pcl_item *it, uint64_t ch, char decimal,
    struct pcl_reasons *rs)
{
	struct pcl_parcel *pc = pcl_parcels_at(f->parcels, idx);
	const char *from = pcl_item_ships_from(it);
	struct pcl_parcel_amounts *other;
	const struct pcl_rule *rule;
	enum pcl_column col;
	int rc, aeo;

	/* consignor or platform an AEO recognised by the destination */
	aeo = f->aeo != NULL && (pcl_aeo_recognised(f->aeo,
	    row->v[PCL_COL_CONSIGNOR_ID], row->len[PCL_COL_CONSIGNOR_ID],
	    it->dest, it->date, f->rules) ||
	    pcl_aeo_recognised(f->aeo, row->v[PCL_COL_PLATFORM],
	    row->len[PCL_COL_PLATFORM], it->dest, it->date, f->rules));

	if (pc->nrecords == 0) {
		pc->date = it->date;
		pc->dispatch_date = it->dispatch_date;
		memcpy(pc->dest, it->dest, 3);
		memcpy(pc->from, from, 3);
		memcpy(pc->origin, it->origin, 3);
		memcpy(pc->currency, it->currency, 4);
		pc->currency_minor = (uint8_t)it->currency_minor;
		pc->channel = (uint8_t)it->channel;
		pc->category = (uint8_t)it->category;
		pc->consignee_hash = ch;
		pc->aeo = aeo ? 1 : 0;
	} else {
		if (!aeo)
			pc->aeo = 0;
		/* a parcel's records must agree on what makes it one */
		if ((pc->date != it->date &&
		    pcl_reasons_add(rs, PCL_R_PARCEL_CONFLICT,
		    PCL_COL_DATE) != 0) ||
		    (pc->dispatch_date != it->dispatch_date &&
		    pcl_reasons_add(rs, PCL_R_PARCEL_CONFLICT,
		    PCL_COL_DISPATCH_DATE) != 0) ||
		    (!same2(pc->dest, it->dest) &&
		    pcl_reasons_add(rs, PCL_R_PARCEL_CONFLICT,
		    PCL_COL_CONSIGNEE_COUNTRY) != 0) ||
		    (!same2(pc->from, from) &&
		    pcl_reasons_add(rs, PCL_R_PARCEL_CONFLICT,
		    it->dispatch[0] != '\0' ? PCL_COL_DISPATCH_COUNTRY :
		    PCL_COL_CONSIGNOR_COUNTRY) != 0) ||
		    (pc->consignee_hash != ch &&
		    pcl_reasons_add(rs, PCL_R_PARCEL_CONFLICT,
		    PCL_COL_CONSIGNEE_NAME) != 0))
			return PCL_E_NOMEM;
		if (pc->origin[0] == '\0')
			memcpy(pc->origin, it->origin, 3);
	}
	/* an item in another currency than the first: its own sums */
	other = NULL;
	if (pc->nrecords > 0 && it->currency[0] != '\0' &&
	    pc->currency[0] != '\0' && !same2(pc->currency, it->currency)) {
		if ((rc = pcl_parcels_amounts_in(f->parcels, idx, it->currency,
		    &other)) != PCL_OK)
			return rc;
		pc = pcl_parcels_at(f->parcels, idx);
	}
	col = other != NULL ? add_other(pc, other, it, row->is_postage) :
	    pcl_parcel_add_amounts(pc, it, row->is_postage);
	if (col != PCL_COL_NONE && pcl_reasons_add(rs, PCL_R_OVERFLOW, col) != 0)
		return PCL_E_NOMEM;
	if (it->ioss_valid)
		pc->ioss_valid = 1;
	if (row->row_class < 0)
		pc->has_goods = 1;
	if (pcl_gift_business(row->len[PCL_COL_CONSIGNOR_ID],
	    row->len[PCL_COL_IOSS_NUMBER], row->len[PCL_COL_PLATFORM]))
		pc->business = 1;
	if (it->has_hs && row->row_class < 0)
		switch (pcl_gift_goods_of(row->v[PCL_COL_HS_CODE],
		    row->len[PCL_COL_HS_CODE])) {
		case PCL_GIFT_GOODS_EXCISE:
			pc->gift_excise = 1;
			break;
		case PCL_GIFT_GOODS_PERFUME:
			if (pcl_money_add64(other != NULL ?
			    &other->perfume_micros : &pc->perfume_micros,
			    it->value_micros) != PCL_OK)
				pc->gift_excise = 1;	/* no relief */
			break;
		default:
			break;
		}
	if (it->has_hs) {
		if ((rc = pcl_parcels_add_hs6(f->parcels, idx, it->hs6)) != PCL_OK)
			return rc;
		pc = pcl_parcels_at(f->parcels, idx);
		rule = pcl_rules_find(f->rules, it->dest, it->date, PCL_TAX_DUTY,
		    it->channel, it->origin[0] ? it->origin : from, from);
		if (rule != NULL && pcl_rules_excludes(rule,
		    row->v[PCL_COL_HS_CODE], row->len[PCL_COL_HS_CODE]))
			pc->excluded = 1;
		if (row->row_class < 0 && perkg_implausible(f, row, it, rule, decimal) &&
		    pcl_reasons_add(rs, PCL_R_IMPLAUSIBLE_VALUE_PER_KG,
		    PCL_COL_NONE) != 0)
			return PCL_E_NOMEM;
	}
	pc->nrecords++;
	if (row->is_postage && pc->npostage < UINT16_MAX)
		pc->npostage++;
	return pcl_parcels_reasons_union(f->parcels, pc->reasons, rs,
	    &pc->reasons);
}

