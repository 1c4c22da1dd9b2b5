/*
 * csvrow: one CSV record as the lanes write it (RFC 4180): fields joined
 * by ',', each quoted only when it holds a comma, a quote, CR or LF
 * (quotes doubled inside), the record ended by a single "\n".
 */
#ifndef PCL_CSVROW_H
#define PCL_CSVROW_H

#include <stddef.h>

/*
 * 1 when field 'p' of 'len' bytes must be quoted (it holds ',', '"', CR
 * or LF), else 0. Reads only the 'len' bytes of the field.
 */
int pcl_csvrow_needs_quotes(const char *p, size_t len);

/*
 * Formats the record of 'n' fields ('fields[i]' of 'lens[i]' bytes; a
 * field of length 0 may be NULL) into 'dst', which has room for 'cap'
 * bytes, and returns the record's length in bytes. When that is more than
 * 'cap' the record did not fit: 'dst' holds an unusable prefix and the
 * caller formats again with at least the returned room. Never writes past
 * 'dst' + 'cap'. Cannot fail.
 */
size_t pcl_csvrow_format(char *dst, size_t cap, const char *const *fields,
    const size_t *lens, size_t n);

#endif
