/*
 * rules: effective-dated de minimis rules per jurisdiction and tax, and
 * customs-union membership by date.
 *
 * The default table is data/rules/de-minimis.csv (embedded in the binary,
 * named "embedded:data/rules/de-minimis.csv" in summaries;
 * --rules replaces it wholesale); membership comes from
 * data/rules/customs-unions.csv. Both are documented in data/rules/README.md
 * with one source per row.
 */
#ifndef PCL_RULES_H
#define PCL_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "fx.h"
#include "money.h"

struct pcl_rules;

enum pcl_tax { PCL_TAX_DUTY = 0, PCL_TAX_VAT = 1 };

enum pcl_channel {
	PCL_CHANNEL_ANY = 0,
	PCL_CHANNEL_POST = 1,
	PCL_CHANNEL_COURIER = 2
};

/* What value the threshold is compared with. */
enum pcl_basis {
	PCL_BASIS_INTRINSIC = 0,	/* goods only, excl. transport/insurance */
	PCL_BASIS_CUSTOMS_VALUE = 1,	/* FOB value for duty (goods only here) */
	PCL_BASIS_FAIR_RETAIL = 2,	/* US: fair retail value (goods only here) */
	PCL_BASIS_CIF = 3		/* goods + transport + insurance */
};

/* Over what the value is summed. */
enum pcl_aggregation {
	PCL_AGG_CONSIGNMENT = 0,	/* one parcel */
	PCL_AGG_CONSIGNEE_DAY = 1	/* one person, one day (US 19 CFR 10.151) */
};

/*
 * Which country a rule's origin scope is matched against: the country of
 * origin of the goods (the US suspension for CN and HK, EO 14256), or the
 * place of direct shipment (the CUSMA thresholds of Canada, CBSA Customs
 * Notice 20-18: goods shipped from the US or MX, whatever their origin).
 */
enum pcl_scope_by {
	PCL_SCOPE_ORIGIN = 0,
	PCL_SCOPE_DISPATCH = 1
};

/* Who collects the tax on goods under the threshold. */
enum pcl_collection {
	PCL_COLLECT_BORDER = 0,		/* at import */
	PCL_COLLECT_POINT_OF_SALE = 1,	/* by seller or marketplace (UK, AU) */
	PCL_COLLECT_IOSS = 2		/* at sale only when the parcel declares an IOSS number (EU) */
};

/*
 * One rule row. Amounts are minor units of 'currency' ('minor_digits'
 * decimals). 'has_threshold' 0 means no relief in force: the tax is due
 * from the first cent (e.g. US de minimis suspended from 2025-08-29).
 * 'strict_less' 1 means "below" (<) instead of "not exceeding" (<=).
 */
struct pcl_rule {
	char			id[48];
	char			jurisdiction[8];	/* "US", "EU", "GB" ... */
	enum pcl_tax		tax;
	int32_t			valid_from, valid_to;	/* inclusive; PCL_DATE_MAX open */
	enum pcl_channel	channel;
	char			origin_scope[64];	/* "" all; "CN HK"; "!US MX" all but */
	enum pcl_scope_by	scope_by;		/* what origin_scope matches */
	int			has_threshold;
	pcl_i128		threshold_minor;
	char			currency[4];
	int			minor_digits;
	int			strict_less;
	enum pcl_basis		basis;
	enum pcl_aggregation	aggregation;
	enum pcl_collection	collection;
	int			has_gift;
	pcl_i128		gift_minor;		/* gift relief, same currency */
	char			excluded[128];		/* HS prefixes, space separated */
	pcl_i128		flat_charge_minor;	/* per distinct HS-6, 0 = none */
	enum pcl_fx_rule	fx_rule;
	char			source[256];
};

/*
 * Reads a rules table from 'path' (NULL: the embedded default) and the
 * embedded customs-union table. A table with the header before the
 * scope_by column is read too, every row then matched on origin.
 * Validates every row: known currency,
 * valid dates, from <= to, no two rows for the same jurisdiction, tax,
 * channel and origin scope whose validity overlaps (more strictly: no two
 * rows of one jurisdiction and tax that one query could both match, i.e.
 * overlapping dates, channels equal or either 'any', and origin scopes
 * sharing a country or matched against different countries; the message
 * names both ids). Errors: PCL_E_IO,
 * PCL_E_PARSE (with 'err' naming line and column), PCL_E_NOMEM.
 * '*out' is owned by the caller (pcl_rules_free).
 */
int pcl_rules_open(struct pcl_rules **out, const char *path,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 'r'. NULL is a no-op. */
void pcl_rules_free(struct pcl_rules *r);

/* Hex SHA-256 of the rules file's bytes, and its name (borrowed). */
const char *pcl_rules_sha256(const struct pcl_rules *r);
const char *pcl_rules_name(const struct pcl_rules *r);

/* Hex SHA-256 and name of the customs-union table (borrowed). */
const char *pcl_rules_unions_sha256(const struct pcl_rules *r);
const char *pcl_rules_unions_name(const struct pcl_rules *r);

/* Number of rule rows and the i-th (borrowed), in file order. */
size_t pcl_rules_count(const struct pcl_rules *r);
const struct pcl_rule *pcl_rules_at(const struct pcl_rules *r, size_t i);

/*
 * The customs union ("EU") that country 'cc' (case-insensitive) belongs
 * to on 'date', or NULL. The string is borrowed from 'r' (valid until
 * pcl_rules_free).
 */
const char *pcl_rules_union_of(const struct pcl_rules *r, const char *cc,
    int32_t date);

/*
 * Returns 1 when a parcel from 'from' to 'to' on 'date' crosses no customs
 * border: the same country, or both in one customs union on that date.
 */
int pcl_rules_same_territory(const struct pcl_rules *r, const char *from,
    const char *to, int32_t date);

/*
 * The rule in force for 'tax' on a parcel to destination 'dest' of goods
 * of origin country 'origin' shipped from 'dispatch' (the place of direct
 * shipment) on 'date' by 'channel': a row of jurisdiction 'dest' itself
 * first, else a row of the union 'dest' belongs to on that date. A row
 * matches when date is in its validity, its channel is ANY or equal
 * ('channel' ANY matches every row), and the country its scope_by names
 * ('origin' or 'dispatch') is in its origin scope. Codes compare
 * case-insensitively. A NULL or empty country matches only rows whose
 * scope is "" (all countries): where the rule depends on the country, an
 * unknown one finds nothing. Returns the rule (borrowed) or NULL when none
 * is in force. NULL for 'tax' while the duty lookup succeeds means the
 * jurisdiction levies no such tax at import (US: no federal VAT); NULL
 * for both means the table does not cover the jurisdiction on that date.
 */
const struct pcl_rule *pcl_rules_find(const struct pcl_rules *r,
    const char *dest, int32_t date, enum pcl_tax tax,
    enum pcl_channel channel, const char *origin, const char *dispatch);

/*
 * Returns 1 when HS code 'hs' ('len' digits) starts with one of the rule's
 * excluded prefixes, else 0.
 */
int pcl_rules_excludes(const struct pcl_rule *rule, const char *hs,
    size_t len);

/* Static names: "duty"/"vat", "any"/"post"/"courier", "intrinsic"... */
const char *pcl_rules_tax_name(enum pcl_tax t);
const char *pcl_rules_channel_name(enum pcl_channel c);
const char *pcl_rules_basis_name(enum pcl_basis b);
const char *pcl_rules_aggregation_name(enum pcl_aggregation a);
const char *pcl_rules_scope_by_name(enum pcl_scope_by s);

#endif
