/*
 * fxsource: readers for the files each customs authority's exchange-rate
 * publisher puts out (ECB, HMRC, Federal Reserve H.10, Bank of Canada
 * Valet, RBA F11.1), in the layouts docs/fx-sources.md describes, and the
 * checks a file must pass before it may replace a stored snapshot: its
 * layout, dates strictly monotonic in the publisher's order, no gap longer
 * than the source allows, ISO 4217 currencies, positive decimal rates.
 * The result is a table of rates, oldest first, each with the date it was
 * published for, the currency, the rate as the publisher wrote it
 * (decimal text: never a floating-point number) and which way it quotes.
 * CSV is read with libcsv, the ECB zip with libzip, the Valet JSON with
 * jansson.
 */
#ifndef PCL_FXSOURCE_H
#define PCL_FXSOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum pcl_fxsource {
	PCL_FXSOURCE_ECB = 1,	/* EU: ECB reference rates */
	PCL_FXSOURCE_HMRC,	/* GB: HMRC monthly rates */
	PCL_FXSOURCE_FRB,	/* US: Federal Reserve H.10 (FRBNY certified) */
	PCL_FXSOURCE_BOC,	/* CA: Bank of Canada Valet */
	PCL_FXSOURCE_RBA	/* AU: RBA table F11.1 */
};

/* Which way a rate is quoted, "local" being the authority's currency. */
enum pcl_fxsource_quote {
	PCL_FXQUOTE_FOREIGN_PER_LOCAL = 1,	/* 1 EUR = 1.1646 USD */
	PCL_FXQUOTE_LOCAL_PER_FOREIGN		/* 1 USD = 1.3944 CAD */
};

/* Largest file read (the full ECB history csv is about 7 MB). */
#define PCL_FXSOURCE_MAX_BYTES (64UL << 20)

/* One published rate. */
struct pcl_fxsource_rate {
	int32_t			 date;	/* published for; HMRC: 1st of month */
	int32_t			 until;	/* HMRC: end of month; else = date */
	char			 currency[4];
	char			 rate[32];	/* decimal text, > 0 */
	enum pcl_fxsource_quote	 quote;
};

/* A checked file's rates, oldest first. */
struct pcl_fxsource_table;

/* Source 's' for name 'name' ("ecb", "hmrc", "frb", "boc", "rba"):
 * returns 1 and sets '*s', or 0 for an unknown name. */
int pcl_fxsource_from_name(const char *name, enum pcl_fxsource *s);

/* Static strings for 's': its name ("ecb"), the authority ("EU"), the
 * authority's currency ("EUR"); "" for an invalid value. */
const char *pcl_fxsource_name(enum pcl_fxsource s);
const char *pcl_fxsource_authority(enum pcl_fxsource s);
const char *pcl_fxsource_currency(enum pcl_fxsource s);

/* Longest allowed gap in days between consecutive dates of 's': 6 for a
 * daily source, 40 for HMRC's monthly files. */
int pcl_fxsource_gap_limit(enum pcl_fxsource s);

/*
 * Parses and checks the 'len' bytes at 'data' as a file of source 's'.
 * ECB: eurofxref-hist.csv, or eurofxref-hist.zip holding it (told apart by
 * the zip signature). HMRC: one or more monthly CSV files one after the
 * other, oldest month first (each may repeat the header and its byte-order
 * mark). FRB: the Data Download Program CSV of H.10 series. BOC: the Valet
 * observations JSON. RBA: f11.1-data.csv. On PCL_OK '*out' is the table,
 * owned by caller (pcl_fxsource_free). Errors: PCL_E_PARSE naming what is
 * wrong and where ("record 12: dates not increasing: 2026-10-06 after
 * 2026-10-07", "gap of 12 days between 2026-10-30 and 2026-11-11 (limit
 * 6)", "'QQQ' is not an ISO 4217 currency on 2026-10-01", "not a complete
 * zip"), PCL_E_TOOBIG, PCL_E_NOMEM.
 */
int pcl_fxsource_parse(enum pcl_fxsource s, const char *data, size_t len,
    struct pcl_fxsource_table **out, struct pcl_error *err) PCL_NODISCARD;

/*
 * Reads the file 'path' (at most PCL_FXSOURCE_MAX_BYTES) and parses it as
 * pcl_fxsource_parse does. Adds PCL_E_IO when it cannot be read.
 */
int pcl_fxsource_read(enum pcl_fxsource s, const char *path,
    struct pcl_fxsource_table **out, struct pcl_error *err) PCL_NODISCARD;

/* Number of rates in 't'. */
size_t pcl_fxsource_count(const struct pcl_fxsource_table *t);

/* Rate 'i' (< count) of 't', borrowed until pcl_fxsource_free. */
const struct pcl_fxsource_rate *pcl_fxsource_at(
    const struct pcl_fxsource_table *t, size_t i);

/* First and last date covered by 't' (the last rate's 'until'). */
int32_t pcl_fxsource_first(const struct pcl_fxsource_table *t);
int32_t pcl_fxsource_last(const struct pcl_fxsource_table *t);

/* How a picked rate was chosen. */
enum pcl_fxsource_rule {
	PCL_FXRULE_PENULTIMATE_WEDNESDAY = 1,	/* EU: UCC-IA Art. 146 */
	PCL_FXRULE_MONTHLY,			/* GB: HMRC calendar month */
	PCL_FXRULE_QUARTERLY,			/* US: 19 CFR 159.34(b) */
	PCL_FXRULE_DAILY_VARIANCE,		/* US: 159.34(b)(2), >= 5 % */
	PCL_FXRULE_DAILY,			/* US: 159.35; CA */
	PCL_FXRULE_PREVIOUS_DAY			/* AU: from the next day */
};

/* The rate an authority's rule picks for one key date and currency. */
struct pcl_fxsource_pick {
	const struct pcl_fxsource_rate	*rate;	/* borrowed from the table */
	enum pcl_fxsource_rule		 rule;
};

/*
 * Picks the rate of 'currency' that source 's''s authority applies on key
 * date 'key' (the date of acceptance for EU and GB, of exportation for the
 * US and AU, of direct shipment for CA), from table 't' of that source:
 *   EU  the rate published on the penultimate Wednesday of the month
 *       before 'key', or the last one published before that Wednesday;
 *   GB  the monthly rate whose month holds 'key';
 *   US  for the currencies of 19 CFR 159.34(a), the quarterly rate (the
 *       first rate of the quarter), unless the daily rate for 'key' (the
 *       last business day's on or before it) differs from it by 5 % or
 *       more, |daily - quarterly| >= 5 % of quarterly, compared exactly
 *       on the rates as published; other currencies: the daily rate;
 *   CA  the rate of 'key', or of the last business day before it;
 *   AU  the rate published on the last day before 'key' (a rate applies
 *       from 00:01 the next day, so Friday's covers Saturday to Monday).
 * A daily rate is only used for a key date it still covers: past the
 * table's last date, only the days before the next weekday (US, CA) or up
 * to the next weekday (AU). On PCL_OK '*out' holds the rate, borrowed
 * from 't'. Errors: PCL_E_NOTFOUND naming the authority, currency, date
 * and the source's last date; PCL_E_USAGE ('t' of another source).
 */
int pcl_fxsource_pick(const struct pcl_fxsource_table *t,
    enum pcl_fxsource s, int32_t key, const char *currency,
    struct pcl_fxsource_pick *out, struct pcl_error *err) PCL_NODISCARD;

/* Frees 't'. NULL is a no-op. */
void pcl_fxsource_free(struct pcl_fxsource_table *t);

#endif
