/*
 * fold: folds one checked item record into its parcel's aggregate
 * (parcel.h): the first record sets the parcel's date, countries,
 * currency, channel and category, every later one must agree with the
 * date, countries and consignee (PARCEL_CONFLICT); values are summed
 * exactly per currency (OVERFLOW past the 64-bit sum), an item in
 * another currency than the first record's into that currency's sums
 * (pcl_parcels_amounts_in), and the gift, AEO, excluded-goods and
 * value-per-kg findings of the parcel are kept.
 */
#ifndef PCL_FOLD_H
#define PCL_FOLD_H

#include <stdint.h>

#include "error.h"
#include "reason.h"

struct pcl_aeo;
struct pcl_fx;
struct pcl_item;
struct pcl_parcels;
struct pcl_perkg;
struct pcl_row;
struct pcl_rules;

/* What folding reads and writes: all borrowed. 'aeo' may be NULL. */
struct pcl_fold {
	struct pcl_parcels	*parcels;
	const struct pcl_rules	*rules;
	const struct pcl_fx	*fx;
	const struct pcl_aeo	*aeo;
	const struct pcl_perkg	*perkg;
};

/*
 * Folds item 'it' of 'row' (checked, consignee identity 'ch', amounts
 * written with decimal separator 'decimal') into parcel 'idx' of
 * f->parcels. 'rs' holds the record's own reasons; the parcel's findings
 * are added to it and the union becomes the parcel's reason set.
 * Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_fold_item(const struct pcl_fold *f, uint32_t idx,
    const struct pcl_row *row, const struct pcl_item *it, uint64_t ch,
    char decimal, struct pcl_reasons *rs) PCL_NODISCARD;

#endif
