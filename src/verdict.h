/*
 * verdict: the decision of every parcel, made once and kept typed until
 * pass 2 writes it beside each record. Owns the decision columns of the
 * lane files (one table: name and how each is written) and the compact
 * per-parcel store: a parcel holds the id of an interned verdict (most
 * parcels share one: same lane, reasons, rule and rate) and its own
 * assessed value, 12 bytes per parcel in all.
 */
#ifndef PCL_VERDICT_H
#define PCL_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "money.h"
#include "reason.h"

struct pcl_parcels;

/*
 * A parcel's decision, without its assessed value. Built zeroed (the
 * record is interned by its bytes) by pcl_verdict_from_decision. The
 * duty comparison (compared ... gift) is what the consignee-day
 * aggregate and the risk score read after the decision.
 */
struct pcl_verdict {
	uint8_t		lane;			/* enum pcl_lane */
	uint8_t		has_assessed;		/* an assessed value is shown */
	uint8_t		assessed_digits;	/* its minor digits */
	uint8_t		compared, strict_less, gift, aggregation;
	uint8_t		wide;			/* the value is 'wide_value' */
	uint32_t	risk_score;
	uint32_t	reasons;	/* interned set id (parcel.h) */
	pcl_i128	threshold_minor;
	pcl_i128	wide_value;	/* an assessed value past int64 */
	char		threshold[48];	/* "150.00", "none", or "" */
	char		currency[4];	/* threshold currency */
	char		rule_id[48];
	char		fx_source[48];
	char		duty_due[64];	/* "N" or "Y" */
	char		duty_amount[32];	/* flat duty owed, "6.00", or "" */
	char		duty_currency[4];	/* its currency, or "" */
	char		tax_due[48];
	/*
	 * With a ledger, "BATCH/LANE" of the earlier clearance that the
	 * parcel's RESENT_IDENTICAL or RESENT_CHANGED reason names: the
	 * reasons column writes it after the code's '@'. "" otherwise.
	 */
	char		ledger_ref[48];
};

/*
 * The lane of a verdict whose parcel goes whole to duplicates.csv.gz
 * (a re-send the ledger knows): its lane column says "duplicate".
 */
#define PCL_VERDICT_LANE_DUPLICATE	PCL_LANE_COUNT

struct pcl_decision;

/*
 * Fills 'v' (zeroed first) from decision 'd' of pcl_decide, with reason
 * set id 'reasons' and risk score 'score'. The assessed value
 * ('d->value_minor' when the decision shows one) is kept apart by
 * pcl_verdicts_set.
 */
void pcl_verdict_from_decision(struct pcl_verdict *v,
    const struct pcl_decision *d, uint32_t reasons, unsigned score);

/* Number of decision columns in the lane files. */
#define PCL_VERDICT_NCOLS 12

/* Name of decision column 'i' (static), e.g. "lane". */
const char *pcl_verdict_column_name(size_t i);

/*
 * Fields of the decision columns of a record of an exact duplicate:
 * lane "duplicate", reasons EXACT_DUPLICATE, the rest empty. Static
 * texts written to 'f' and 'l' (PCL_VERDICT_NCOLS each).
 */
void pcl_verdict_duplicate_columns(const char **f, size_t *l);

struct pcl_verdicts;

/*
 * Creates a store for 'nparcels' parcels, every parcel without a
 * verdict. 'parcels' (borrowed, must outlive the store) holds the
 * reason sets verdicts name. '*out' is owned by the caller:
 * pcl_verdicts_free. Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_verdicts_new(struct pcl_verdicts **out,
    const struct pcl_parcels *parcels, uint32_t nparcels) PCL_NODISCARD;

/* Frees 'vs'. NULL is a no-op. */
void pcl_verdicts_free(struct pcl_verdicts *vs);

/*
 * Stores verdict 'v' (copied, interned) with assessed value 'assessed'
 * (minor units of the threshold currency, used when v->has_assessed)
 * as the decision of parcel 'idx', replacing any earlier one. Returns
 * PCL_OK or PCL_E_NOMEM.
 */
int pcl_verdicts_set(struct pcl_verdicts *vs, uint32_t idx,
    const struct pcl_verdict *v, pcl_i128 assessed) PCL_NODISCARD;

/*
 * The verdict of parcel 'idx' (borrowed, valid until the next set), or
 * NULL when it has none; its assessed value in '*assessed' (0 if none).
 */
const struct pcl_verdict *pcl_verdicts_get(const struct pcl_verdicts *vs,
    uint32_t idx, pcl_i128 *assessed);

/*
 * The decision columns of parcel 'idx' as text: PCL_VERDICT_NCOLS
 * fields into 'f' and 'l', all empty for a parcel without a verdict.
 * The texts are borrowed from the store, valid until the next call
 * (each verdict's shared columns are written once and kept; the
 * assessed value is written per call). Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_verdicts_columns(struct pcl_verdicts *vs, uint32_t idx,
    const char **f, size_t *l) PCL_NODISCARD;

/* Number of distinct verdicts stored. */
uint32_t pcl_verdicts_count(const struct pcl_verdicts *vs);

/* Bytes of memory held by the store. */
size_t pcl_verdicts_memory(const struct pcl_verdicts *vs);

#endif
