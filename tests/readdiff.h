/*
 * readdiff: the differential check of the manifest reader's fast path.
 * Reads one input twice, with the fast path for lines without quotes
 * and with libcsv for every line (opts.libcsv_only), and compares all
 * the reader hands out: the open result and header, every record (fields
 * and their bytes, field count, record and line numbers, lines spanned,
 * offset, status, bad field, lines swallowed), the result that ends the
 * input with its error (code, message, file, record, line, offset,
 * column), the counters and the close result. Used by the unit tests
 * (test_fastcsv.c) and the fuzz target (fuzz_reader.c).
 */
#ifndef PCL_TEST_READDIFF_H
#define PCL_TEST_READDIFF_H

#include <stddef.h>

#include "manifest.h"

/*
 * Reads 'path' both ways with 'opts' (NULL: defaults; its libcsv_only is
 * ignored). Returns 0 when they agree in everything, else 1 with the
 * first difference described in 'why' ('cap' bytes). '*nrec' (may be
 * NULL) gets the number of records compared.
 */
int pcl_test_readdiff(const char *path, const struct pcl_manifest_opts *opts,
    char *why, size_t cap, unsigned long *nrec);

#endif
