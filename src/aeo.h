/*
 * aeo: authorised economic operators, read from a CSV file given
 * with --aeo FILE:
 *
 *   id,country,mra_partners,valid_from,valid_to,source
 *
 * 'id' is the operator's identifier as it appears in the manifest's
 * consignor_id (an EORI such as DE1234567890123) or platform column,
 * compared ignoring ASCII case; 'country' the ISO 3166 alpha-2 country
 * that granted the status (or "EU"); 'mra_partners' the destinations
 * that recognise it under a mutual recognition agreement, space
 * separated (ISO codes, or "EU" for every member state); validity dates
 * inclusive, empty valid_to = open; 'source' where the status was
 * checked. An AEO is recognised by a destination on a date when the
 * entry is valid then and the destination is its country, or in the
 * same customs union as its country on that date (EU member states are
 * one customs territory), or one of its MRA partners (WCO SAFE
 * Framework, Pillar 2 Standard 6; EU UCC Art. 38-39).
 */
#ifndef PCL_AEO_H
#define PCL_AEO_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "rules.h"

struct pcl_aeo;

/*
 * Reads the AEO file 'path'. Validates every row (id 1-63 bytes,
 * country and partners two capital letters, dates ISO and from <= to,
 * source not empty). Errors: PCL_E_IO, PCL_E_TOOBIG, PCL_E_PARSE ('err'
 * names file, line and column), PCL_E_NOMEM. '*out' is the caller's
 * (pcl_aeo_free).
 */
int pcl_aeo_open(struct pcl_aeo **out, const char *path,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 'a'. NULL is a no-op. */
void pcl_aeo_free(struct pcl_aeo *a);

/* Number of entries, file name and hex SHA-256 of its bytes (borrowed). */
size_t pcl_aeo_count(const struct pcl_aeo *a);
const char *pcl_aeo_name(const struct pcl_aeo *a);
const char *pcl_aeo_sha256(const struct pcl_aeo *a);

/*
 * 1 when operator 'id' ('len' bytes; 0 never matches) is an AEO
 * recognised by destination 'dest' on 'date' (see above); 'rules'
 * gives customs-union membership. 'a' NULL: 0.
 */
int pcl_aeo_recognised(const struct pcl_aeo *a, const char *id, size_t len,
    const char *dest, int32_t date, const struct pcl_rules *rules);

#endif
