/*
 * fastcsv: the splitter for physical lines that hold no quote character.
 * Such a line has no quoted field, so under the options the manifest
 * reader gives libcsv (CSV_STRICT, spaces kept, one record per line) its
 * fields are exactly the bytes between delimiters: the reader
 * (manifest.c) reads such a line here and every other line with libcsv,
 * which stays the reference. The differential tests (tests/test_fastcsv.c
 * over every fixture, tests/fuzz_reader.c) read the same bytes both ways
 * and require identical records.
 *
 * Shapes: byte ranges of the caller's buffer; nothing is allocated,
 * copied or kept. No errors: a line this module cannot take is left to
 * libcsv.
 */
#ifndef PCL_FASTCSV_H
#define PCL_FASTCSV_H

#include <stddef.h>

/* A field callback, shaped like libcsv's (field bytes, length, argument). */
typedef void (*pcl_fastcsv_field_fn)(void *field, size_t len, void *arg);

/*
 * If p[0..n) is one whole physical line that the splitter may take --
 * at least one byte, then its line end (CRLF, a lone LF or a lone CR),
 * with no quote, CR or LF before the line end -- stores the length before
 * the line end in '*len' and returns 1. Returns 0 otherwise: a blank
 * line, a line without its line end (the last one of an input, or a part
 * of a long one) and a line with a quote are libcsv's.
 */
int pcl_fastcsv_line(const void *p, size_t n, size_t *len);

/*
 * Calls 'cb' once for each field of the line p[0..len) (as stored by
 * pcl_fastcsv_line), in order: the bytes between delimiters 'delim',
 * spaces kept; k delimiters make k + 1 fields, empty ones included.
 * The field pointers point into 'p'.
 */
void pcl_fastcsv_split(void *p, size_t len, char delim,
    pcl_fastcsv_field_fn cb, void *arg);

#endif
