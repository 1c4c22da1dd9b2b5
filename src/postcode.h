/*
 * postcode: the consignee postcode format of each destination that has
 * one on file (data/postcodes/formats.csv, compiled in), and the check
 * that tells a malformed postcode from one whose leading zeros a
 * spreadsheet dropped.
 */
#ifndef PCL_POSTCODE_H
#define PCL_POSTCODE_H

#include <stddef.h>

#include "error.h"

/* Result of pcl_postcodes_check. */
enum pcl_postcode_status {
	PCL_POSTCODE_OK = 0,		/* matches the destination's format */
	PCL_POSTCODE_NO_FORMAT,		/* no format on file for the country */
	PCL_POSTCODE_FORMAT,		/* does not match */
	PCL_POSTCODE_LEADING_ZERO_LOST	/* matches once zeros are put in front */
};

struct pcl_postcodes;

/*
 * Reads the format table from 'path' (CSV: country,pattern,example,source;
 * see data/postcodes/README.md for the pattern syntax), or the embedded
 * data/postcodes/formats.csv when 'path' is NULL. Every example must
 * match its pattern. '*out' is owned by the caller (pcl_postcodes_free).
 * Errors: PCL_E_IO (cannot read 'path'), PCL_E_PARSE (with 'err->line':
 * bad header, country not two capital letters, empty pattern, example
 * that does not match), PCL_E_NOMEM.
 */
int pcl_postcodes_open(struct pcl_postcodes **out, const char *path,
    struct pcl_error *err) PCL_NODISCARD;

/* Frees 'p'. NULL is a no-op. */
void pcl_postcodes_free(struct pcl_postcodes *p);

/*
 * Checks postcode 's' ('len' bytes, as in the file: no trimming) against
 * the format of destination 'cc' (two capital letters). Returns an enum
 * pcl_postcode_status. LEADING_ZERO_LOST means 's' does not match but
 * '0' * k + 's' does for some k >= 1 (e.g. US "2134" -> "02134"); the
 * value is never repaired.
 */
int pcl_postcodes_check(const struct pcl_postcodes *p, const char *cc,
    const char *s, size_t len);

/* The pattern of 'cc' (borrowed, owned by 'p'), or NULL. */
const char *pcl_postcodes_pattern(const struct pcl_postcodes *p,
    const char *cc);

#endif
