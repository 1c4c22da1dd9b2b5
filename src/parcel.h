/*
 * parcel: grouping item records into parcels by tracking number, and the
 * compact per-parcel index that, with the duplicate fingerprints
 * (dedup.h), is all that grows with the input. No row payload is kept.
 */
#ifndef PCL_PARCEL_H
#define PCL_PARCEL_H

#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "error.h"
#include "money.h"
#include "reason.h"

/*
 * One parcel's aggregate, filled during the first pass: 96 bytes, the
 * bulk of the memory that grows with the batch (each parcel's
 * decision is kept apart, in verdict.h). The sums are
 * 64-bit micro-units (up to 9,223,372,036,854 units, exact); a parcel
 * whose sum does not fit is an OVERFLOW reject (pcl_money_add64).
 */
struct pcl_parcel {
	int64_t		value_micros;		/* sum of item intrinsic values */
	int64_t		transport_micros;	/* transport costs and postage lines */
	int64_t		insurance_micros;
	int64_t		perfume_micros;		/* HS 3303 items, for gift relief */
	uint64_t	consignee_hash;		/* consignee name+address+postcode */
	uint32_t	key_hash;
	uint32_t	key_off;		/* tracking number in the key arena */
	uint32_t	key_len;
	uint32_t	nrecords;
	uint32_t	reasons;		/* interned reason set id */
	int32_t		date;
	int32_t		dispatch_date;		/* PCL_DATE_NONE: none */
	uint32_t	written;		/* records written in the second pass */
	uint16_t	nhs6;			/* distinct HS-6 subheadings */
	/* 'from': where it is shipped from, the place of direct shipment
	 * (dispatch_country, else consignor_country); 'origin': the goods'
	 * country of origin, "" if none given */
	char		dest[3], from[3], origin[3], currency[4];
	uint8_t		currency_minor, channel, category, lane;
	/* one byte for the six flags (_Bool bit-fields pack in a byte) */
	_Bool		has_goods : 1, ioss_valid : 1, excluded : 1;
	/* A record names a business consignor (gift.h); alcohol or
	 * tobacco among the items; every record's consignor or platform is
	 * an AEO recognised by the destination (aeo.h); items in another
	 * currency than the first record's (pcl_parcels_amounts_in) */
	_Bool		business : 1, gift_excise : 1, aeo : 1, mixed : 1;
	uint16_t	npostage;	/* postage lines among nrecords
					 * (saturates at 65535) */
};

/*
 * A parcel's sums in one currency other than its first record's ('currency'
 * of struct pcl_parcel): the items in that currency, valued in their own
 * invoice currency. 32 bytes per (parcel, extra currency); parcels in one
 * currency have none. Same units and overflow rule as struct pcl_parcel.
 * Transport and insurance costs of goods rows are in the parcel's first
 * currency and stay in its sums; a postage line's amount is in its own
 * currency and adds to 'transport_micros' here.
 */
struct pcl_parcel_amounts {
	int64_t		value_micros;
	int64_t		transport_micros;	/* postage lines */
	int64_t		perfume_micros;		/* HS 3303 items */
	char		currency[4];
	uint32_t	next;			/* next of the parcel + 1, or 0 */
};

struct pcl_parcels;

/* Creates an empty index. Returns PCL_OK or PCL_E_NOMEM. */
int pcl_parcels_new(struct pcl_parcels **out) PCL_NODISCARD;

/* Frees the index. NULL is a no-op. */
void pcl_parcels_free(struct pcl_parcels *p);

/*
 * Finds the parcel with tracking number 'key' ('len' bytes), creating it
 * when 'create' is 1. Stores its index in '*idx'. Returns PCL_OK,
 * PCL_E_NOTFOUND (create 0) or PCL_E_NOMEM.
 */
int pcl_parcels_get(struct pcl_parcels *p, const char *key, size_t len,
    int create, uint32_t *idx) PCL_NODISCARD;

/*
 * Asks the CPU to fetch what a pcl_parcels_get() of tracking number
 * 'key' ('len' bytes) reads first, its slot, and when 'has_hs6' is 1
 * the slot of a pcl_parcels_add_hs6() of 'hs6' for that parcel (
 * called some records ahead, it overlaps the cache misses of the big
 * tables; a hint that changes nothing).
 */
void pcl_parcels_prefetch(const struct pcl_parcels *p, const char *key,
    size_t len, int has_hs6, uint32_t hs6);

/*
 * Sizes the parcel table for 'parcels' parcels and the distinct HS-6
 * table for 'pairs' (parcel, HS-6) pairs, so that adding them rehashes
 * nothing: to load 0.85 for those numbers, growing only past load
 * 0.9. Nothing to do for a table that holds that many already. Only a
 * hint: PCL_E_NOMEM leaves a table as it was.
 */
int pcl_parcels_reserve(struct pcl_parcels *p, size_t parcels, size_t pairs);

/*
 * Adds item 'it''s value, transport and insurance amounts to the sums of
 * parcel 'pc', in that order, stopping at the first sum that would not
 * fit in 64-bit micro-units (pcl_money_add64). Returns PCL_COL_NONE when
 * all three were added, else the column to name in the OVERFLOW reason:
 * item_value, transport_cost or insurance_cost. 'postage' is 1 for a
 * postage line, whose item_value is its transport cost: its transport
 * overflow names item_value.
 */
enum pcl_column pcl_parcel_add_amounts(struct pcl_parcel *pc,
    const struct pcl_item *it, int postage);

/*
 * The sums of parcel 'idx' in 'currency' (3 letters, not its first
 * currency), created zero and the parcel marked 'mixed' when new: '*out'
 * is borrowed until the next call. Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_parcels_amounts_in(struct pcl_parcels *p, uint32_t idx,
    const char *currency, struct pcl_parcel_amounts **out) PCL_NODISCARD;

/*
 * The i-th (0, 1, ...) currency sums of parcel 'pc' (a parcel of 'p'),
 * in the order its currencies first appeared, or NULL past the last. NULL
 * for a parcel in one currency, or when 'p' is NULL.
 */
const struct pcl_parcel_amounts *pcl_parcels_amounts_at(
    const struct pcl_parcels *p, const struct pcl_parcel *pc, size_t i);

/* The parcel at 'idx' (borrowed; valid until the next create). */
struct pcl_parcel *pcl_parcels_at(struct pcl_parcels *p, uint32_t idx);

/* Number of parcels. */
uint32_t pcl_parcels_count(const struct pcl_parcels *p);

/* Distinct (parcel, HS-6) pairs held (to scale the reservation). */
size_t pcl_parcels_npairs(const struct pcl_parcels *p);

/* Tracking number text of parcel 'pc' (borrowed, not NUL-terminated). */
const char *pcl_parcels_key(const struct pcl_parcels *p,
    const struct pcl_parcel *pc);

/*
 * Interns the union of reason set 'id' and 'add'; returns the new id in
 * '*out'. Id 0 is the empty set. Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_parcels_reasons_union(struct pcl_parcels *p, uint32_t id,
    const struct pcl_reasons *add, uint32_t *out) PCL_NODISCARD;

/* The reason set with id 'id' (borrowed). */
const struct pcl_reasons *pcl_parcels_reasons(const struct pcl_parcels *p,
    uint32_t id);

/* Number of distinct reason sets. */
uint32_t pcl_parcels_nreason_sets(const struct pcl_parcels *p);

/*
 * Records the distinct HS-6 subheading 'hs6' for parcel 'idx' (counted
 * once per parcel in 'nhs6'). Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_parcels_add_hs6(struct pcl_parcels *p, uint32_t idx, uint32_t hs6)
    PCL_NODISCARD;

/* Bytes of memory held by the index (for the summary). */
size_t pcl_parcels_memory(const struct pcl_parcels *p);

/* 64-bit hash of 'len' bytes with 'seed' (not cryptographic). */
uint64_t pcl_hash64(const void *data, size_t len, uint64_t seed);

#endif
