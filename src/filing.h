/*
 * filing: the filing parameters of a run (--filing FILE), the header
 * elements of the declaration data sets that no manifest carries: who
 * declares, who represents, where the goods are, the default master air
 * waybill or receptacle. Read once, validated, recorded in summary.json
 * and written into the export data sets (export.h).
 *
 * File format: the syntax of map files (map.h), without sections: UTF-8
 * text, '#' comments, blank lines, one "key = value" a line, each key at
 * most once. Keys (docs/exports.md, "Filing parameters"):
 *   declarant_eori          EORI (codes.h), EU DE 13 05 / UK 3/18
 *   representative_eori     EORI, EU DE 13 06 / UK 3/20
 *   representative_status   2 (direct) or 3 (indirect), EU DE 13 06
 *   customs_office          2 letters and 6 letters or digits (NL000396),
 *                           the office of presentation
 *   location_of_goods       UN/LOCODE: 2 letters, 3 letters or digits
 *   master_waybill          default master air waybill, 1-35 printable
 *   receptacle_id           UPU receptacle id, 29 letters or digits
 *   port_of_entry           US port code, 4 digits
 *   filer_code              US ACE filer code, 3 letters or digits
 */
#ifndef PCL_FILING_H
#define PCL_FILING_H

#include <stddef.h>

#include "error.h"

enum pcl_filing_key {
	PCL_FILING_DECLARANT_EORI = 0,
	PCL_FILING_REPRESENTATIVE_EORI,
	PCL_FILING_REPRESENTATIVE_STATUS,
	PCL_FILING_CUSTOMS_OFFICE,
	PCL_FILING_LOCATION_OF_GOODS,
	PCL_FILING_MASTER_WAYBILL,
	PCL_FILING_RECEPTACLE_ID,
	PCL_FILING_PORT_OF_ENTRY,
	PCL_FILING_FILER_CODE,
	PCL_FILING_COUNT
};

struct pcl_filing;

/*
 * Reads and validates filing file 'path'. Errors: PCL_E_IO, PCL_E_PARSE
 * (with 'err' naming the file and line: no '=', unknown or repeated key,
 * a value of the wrong form, a representative without a status or a
 * status without a representative), PCL_E_NOMEM. '*out' is owned by the
 * caller: pcl_filing_free.
 */
int pcl_filing_open(struct pcl_filing **out, const char *path,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 'f'. NULL is a no-op. */
void pcl_filing_free(struct pcl_filing *f);

/* Name of key 'k' ("declarant_eori"), "" if none. */
const char *pcl_filing_key_name(int k);

/*
 * The value of key 'k' (borrowed from 'f'), "" when the file does not
 * set it or 'f' is NULL.
 */
const char *pcl_filing_get(const struct pcl_filing *f, int k);

/* Hex SHA-256 of the file's bytes and its path as given (borrowed). */
const char *pcl_filing_sha256(const struct pcl_filing *f);
const char *pcl_filing_name(const struct pcl_filing *f);

#endif
