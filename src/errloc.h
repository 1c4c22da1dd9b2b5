/*
 * errloc: the one helper that says where in a data file something is
 * wrong. It fills a struct pcl_error with the code, the file name, the
 * record and physical line, the column name and the message, which cmd/
 * prints as "file:record N:line N:column 'x': message".
 */
#ifndef PCL_ERRLOC_H
#define PCL_ERRLOC_H

#include <stdarg.h>

#include "error.h"

/*
 * Fills 'err' (if non-NULL) with 'code', the file name 'file' (NULL or ""
 * for none), the 1-based data 'record' (0: none or the header), the
 * physical 'line' where that record starts (0: none), the column 'field'
 * (NULL or "" for none) and a printf-style message (lowercase, no final
 * period). Names longer than the fields of struct pcl_error are cut.
 * Returns 'code', so callers can write `return pcl_errloc_set(...);`.
 */
int pcl_errloc_set(struct pcl_error *err, int code, const char *file,
    unsigned long record, unsigned long line, const char *field,
    const char *fmt, ...) PCL_PRINTF(7, 8);

/* Same as pcl_errloc_set with a va_list. */
int pcl_errloc_setv(struct pcl_error *err, int code, const char *file,
    unsigned long record, unsigned long line, const char *field,
    const char *fmt, va_list ap) PCL_PRINTF(7, 0);

#endif
