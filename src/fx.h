/*
 * fx: exchange-rate tables and each customs authority's rate-date rule.
 *
 * A table holds, per publication date, the rate of each currency against
 * one base currency (for the ECB file: units of currency per 1 EUR).
 * Two input layouts are read:
 *  - the ECB reference-rate history file as published ("eurofxref-hist":
 *    wide, header "Date,USD,JPY,...," with a trailing comma, N/A cells,
 *    newest first, no weekend or holiday rows);
 *  - a long layout with header "date,currency,rate" (base EUR, rates as
 *    units of currency per 1 EUR, any row order).
 * Rates are exact decimals (money.h, 10^-10 units); no floating point.
 */
#ifndef PCL_FX_H
#define PCL_FX_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "money.h"

struct pcl_fx;

/* Which rate-date rule keys a conversion. */
enum pcl_fx_rule {
	/*
	 * EU customs (UCC Art. 53(1)(a); UCC-IA Reg. 2015/2447 Art. 146),
	 * from 2016-05-01: the ECB rate published on the penultimate
	 * Wednesday of the month before the date, or if none was published
	 * that day the last one published before it, applies for the whole
	 * month. Before 2016-05-01 falls back to PCL_FX_ECB_DAILY.
	 */
	PCL_FX_EU_MONTHLY = 0,
	/*
	 * ECB cross rate of the date itself, or of the last publication day
	 * before it (weekends, holidays). Used where the authority's own rate
	 * is not in the table (US, UK, CA, AU ...): said as fx_source.
	 */
	PCL_FX_ECB_DAILY = 1
};

/* How a conversion was made, for the fx_source output column. */
struct pcl_fx_quote {
	int32_t	 rate_date;	/* publication date of the rate used */
	pcl_i128 num, den;	/* rate from -> to is num/den (10^-10 units) */
	char	 source[48];	/* e.g. "ECB 2021-06-23 EU-UCC-IA-146" */
};

/* Why a conversion failed (a reject reason, never a guess). */
enum pcl_fx_status {
	PCL_FX_OK = 0,
	PCL_FX_NO_RATE,		/* currency not quoted on the rate date (N/A) */
	PCL_FX_BEFORE_TABLE,	/* date before the table's first day */
	PCL_FX_AFTER_TABLE,	/* date after the table's last day */
	PCL_FX_OVERFLOW		/* amount out of range */
};

/*
 * Reads an FX table from 'path' (either layout, detected from the header;
 * plain or gzip). NULL 'path' reads the embedded default, the ECB file
 * shipped in data/fx/ (1999-01-04 to 2025-05-09). On success '*out' is
 * owned by the caller (pcl_fx_free) and the SHA-256 of the file's bytes is
 * available from pcl_fx_sha256. Errors: PCL_E_IO, PCL_E_PARSE (with
 * 'err' naming the line and column), PCL_E_NOMEM.
 */
int pcl_fx_open(struct pcl_fx **out, const char *path, struct pcl_error *err)
    PCL_NODISCARD;

/* Same, from a buffer already in memory ('name' is used in messages). */
int pcl_fx_open_buffer(struct pcl_fx **out, const char *name,
    const unsigned char *data, size_t len, struct pcl_error *err)
    PCL_NODISCARD;

/* Frees 'fx'. NULL is a no-op. */
void pcl_fx_free(struct pcl_fx *fx);

/* Hex SHA-256 of the table's source bytes (borrowed, owned by 'fx'). */
const char *pcl_fx_sha256(const struct pcl_fx *fx);

/* Name of the table's source ("embedded:data/fx/..." or the path). */
const char *pcl_fx_name(const struct pcl_fx *fx);

/* First and last publication dates in the table. */
int32_t pcl_fx_first_date(const struct pcl_fx *fx);
int32_t pcl_fx_last_date(const struct pcl_fx *fx);

/*
 * The rate date that 'rule' selects for a value on 'date' (before any
 * lookup of a currency), or PCL_DATE_NONE when the table cannot cover it.
 * For PCL_FX_EU_MONTHLY and a date in July 2021: the publication day on
 * or before 2021-06-23.
 */
int32_t pcl_fx_rate_date(const struct pcl_fx *fx, enum pcl_fx_rule rule,
    int32_t date);

/*
 * Converts 'value_micros' in currency 'from' into minor units of currency
 * 'to' (which has 'to_minor' decimals), for a value on 'date' under 'rule'.
 * Same currency: exact, no rate. Otherwise the cross rate
 * rate(to)/rate(from) against the base currency of the selected day,
 * applied once and rounded half-up to 'to_minor' decimals. Fills 'q'
 * (may be NULL) and returns a pcl_fx_status.
 */
int pcl_fx_convert(const struct pcl_fx *fx, enum pcl_fx_rule rule,
    int32_t date, const char *from, const char *to, int to_minor,
    pcl_i128 value_micros, pcl_i128 *out_minor, struct pcl_fx_quote *q)
    PCL_NODISCARD;

#endif
