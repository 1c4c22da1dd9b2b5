/*
 * header: the manifest's header line and what is sniffed before it.
 * Owns the UTF-8 byte-order mark, the delimiter sniffing and the checks
 * of the header record (present, parsed cleanly, valid text, no empty
 * and no duplicate column names), and the column names kept from it.
 * The record reader (manifest.c) reads the header record as it reads
 * any other; this module judges it.
 *
 * Shapes: names are byte strings of known length, NUL-terminated in the
 * copy the handle keeps. Columns are counted from 0 in the API and from
 * 1 in messages.
 *
 * Errors: every refusal is PCL_E_SCHEMA with the message in err->msg
 * (err->field names the column for a duplicate); the caller adds the
 * file and the line. Out of memory is PCL_E_NOMEM.
 */
#ifndef PCL_HEADER_H
#define PCL_HEADER_H

#include <stddef.h>

#include "error.h"
#include "manifest.h"

/* Column names of a header, owned by the handle (pcl_header_free). */
struct pcl_header;

/* Bytes of a UTF-8 byte-order mark at the start of p[0..n): 3 or 0. */
size_t pcl_header_bom(const unsigned char *p, size_t n);

/*
 * Looks at the header line at the start of p[0..n) and, if exactly one
 * of , ; tab | occurs in it outside quotes, stores it in '*delim' and
 * returns 1; else leaves '*delim' alone and returns 0. The line ends at
 * the first CR or LF outside quotes, or at n.
 */
int pcl_header_sniff_delimiter(const unsigned char *p, size_t n,
    char *delim);

/*
 * The refusal for an input without a header record: 'empty_file' is 1
 * when the input has no bytes at all. Returns PCL_E_SCHEMA.
 */
int pcl_header_none(int empty_file, struct pcl_error *err);

/*
 * Judges the header record read with status 'st' (its text already
 * checked by the reader) and, if it is sound, copies its 'n' names:
 * name i is text + offs[i], lens[i] bytes. On PCL_OK '*out' is owned by
 * the caller (pcl_header_free); else '*out' is NULL.
 */
int pcl_header_new(struct pcl_header **out, enum pcl_record_status st,
    const char *text, const size_t *offs, const size_t *lens, size_t n,
    struct pcl_error *err) PCL_NODISCARD;

size_t pcl_header_ncols(const struct pcl_header *h);
/* Name of column i (borrowed from the handle), NULL past the end. */
const char *pcl_header_name(const struct pcl_header *h, size_t i);
/* Frees the handle; NULL is a no-op. */
void pcl_header_free(struct pcl_header *h);

#endif
