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
 *
 * The table may also be built from the ECB snapshot of the data
 * directory (pcl_fx_open_ecb_source) and carry the customs authorities'
 * own sources (fxsource.h tables of HMRC, the Federal Reserve, the Bank
 * of Canada and the RBA, pcl_fx_attach); pcl_fx_convert_for then values
 * a GB, US, CA or AU parcel with its authority's source and rule alone.
 */
#ifndef PCL_FX_H
#define PCL_FX_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "fxsource.h"
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

/*
 * Which table a conversion consulted: PCL_FX_SRC_TABLE, the ECB-style
 * table itself (embedded, --fx FILE, or the ECB snapshot), or an
 * authority's own source attached with pcl_fx_attach (its enum
 * pcl_fxsource value, PCL_FXSOURCE_HMRC to PCL_FXSOURCE_RBA).
 */
#define PCL_FX_SRC_TABLE	0
#define PCL_FX_NSRC		(PCL_FXSOURCE_RBA + 1)

/* How a conversion was made, for the fx_source output column. */
struct pcl_fx_quote {
	int32_t	 rate_date;	/* publication date of the rate used */
	pcl_i128 num, den;	/* rate from -> to is num/den (10^-10 units) */
	char	 source[48];	/* e.g. "ECB 2021-06-23 EU-UCC-IA-146" */
	int	 src;		/* table consulted: PCL_FX_SRC_TABLE or a
				 * pcl_fxsource; -1 when none (same currency) */
	int	 past_end;	/* failed: the key date is after the last
				 * date that table covers */
};

/* Where the base table came from (pcl_fx_origin). */
enum pcl_fx_origin {
	PCL_FX_EMBEDDED = 0,	/* data/fx/ shipped in the binary */
	PCL_FX_FILE,		/* --fx FILE */
	PCL_FX_SNAPSHOT		/* the ECB snapshot of the data directory */
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

/*
 * Builds the base table from 'src', a checked ECB source table
 * (fxsource.h; foreign units per 1 EUR), for the ECB snapshot of the
 * data directory: 'name' is its path and 'sha256' the SHA-256 of its
 * bytes, both copied. Rates are parsed exactly from the published text.
 * Errors: PCL_E_USAGE ('src' not from the ECB), PCL_E_PARSE (a rate that
 * is not a decimal of at most 10 places), PCL_E_NOMEM.
 */
int pcl_fx_open_ecb_source(struct pcl_fx **out,
    const struct pcl_fxsource_table *src, const char *name,
    const char *sha256, struct pcl_error *err) PCL_NODISCARD;

/*
 * Attaches authority source table 't' of source 's' (HMRC, FRB, BOC or
 * RBA; owned by 'fx' from now on, also on failure) with its path 'name'
 * and SHA-256 'sha256' (copied). From then on pcl_fx_convert_for values
 * for that authority with 't' alone. Errors: PCL_E_USAGE (an ECB or
 * unknown 's', or one attached already), PCL_E_NOMEM.
 */
int pcl_fx_attach(struct pcl_fx *fx, enum pcl_fxsource s,
    struct pcl_fxsource_table *t, const char *name, const char *sha256,
    struct pcl_error *err) PCL_NODISCARD;

/* The table of source 's' attached to 'fx', or NULL; and its path and
 * SHA-256 (borrowed; "" when none). */
const struct pcl_fxsource_table *pcl_fx_attached(const struct pcl_fx *fx,
    enum pcl_fxsource s);
const char *pcl_fx_attached_name(const struct pcl_fx *fx, enum pcl_fxsource s);
const char *pcl_fx_attached_sha256(const struct pcl_fx *fx,
    enum pcl_fxsource s);

/* Where the base table came from. */
enum pcl_fx_origin pcl_fx_origin(const struct pcl_fx *fx);

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

/*
 * Converts like pcl_fx_convert, with the rate the customs authority of
 * 'jurisdiction' ("EU", "GB", "US", "CA", "AU", ...) itself uses, when
 * that authority's source is attached (pcl_fx_attach):
 *   GB  HMRC's monthly rate for the month of 'date';
 *   US  19 CFR 159.34/159.35 on the Federal Reserve's certified rates
 *       (quarterly rate; the daily one when it differs by 5 % or more),
 *       keyed on 'dispatch' (the date of exportation) when it is a date,
 *       else on 'date';
 *   CA  the Bank of Canada rate of 'dispatch' (date of direct shipment),
 *       else of 'date', or of the last business day before it;
 *   AU  the RBA rate published the day before 'dispatch' (exportation),
 *       else 'date' (Friday's covers Saturday to Monday);
 * the rate rules are fxsource's (pcl_fxsource_pick). The value converts
 * into the authority's currency with the rate as published (divided by a
 * "foreign per local" quote, multiplied by a "local per foreign" one);
 * into any other 'to', through the authority's currency with two rates
 * of the same source. Rounded once, half-up, to 'to_minor' decimals.
 * A currency or date the attached source does not cover is
 * PCL_FX_NO_RATE, or PCL_FX_AFTER_TABLE when the key date is after the
 * source's last date: nothing else is substituted. Without an attached
 * source (EU, and every authority whose source is not in the data
 * directory) this is pcl_fx_convert(fx, rule, date, ...). 'q->src'
 * says which table was consulted, 'q->past_end' whether a failure was a
 * key date after its last date.
 */
int pcl_fx_convert_for(const struct pcl_fx *fx, const char *jurisdiction,
    enum pcl_fx_rule rule, int32_t date, int32_t dispatch, const char *from,
    const char *to, int to_minor, pcl_i128 value_micros,
    pcl_i128 *out_minor, struct pcl_fx_quote *q) PCL_NODISCARD;

/* The source an authority's own rates come from: PCL_FXSOURCE_ECB for
 * "EU", HMRC for "GB", FRB for "US", BOC for "CA", RBA for "AU"; 0 for
 * any other jurisdiction. */
int pcl_fx_source_of(const char *jurisdiction);

#endif
