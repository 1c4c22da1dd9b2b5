/*
 * embed: the data files compiled into the binary (default rules, code
 * lists, FX table), looked up by their repository path.
 */
#ifndef PCL_EMBED_H
#define PCL_EMBED_H

#include <stddef.h>

/*
 * Finds the embedded copy of repository file 'name' (e.g.
 * "data/rules/de-minimis.csv"). On success stores a pointer to its bytes
 * (borrowed, static, not NUL-terminated) in '*data', its length in '*len'
 * and returns 1; returns 0 when no such file was embedded.
 */
int pcl_embed_find(const char *name, const unsigned char **data, size_t *len);

/* Number of embedded files. */
size_t pcl_embed_count(void);

/*
 * Repository path, bytes (borrowed, static) and length of embedded file
 * 'i' (0 <= i < pcl_embed_count(); files are sorted by path).
 */
void pcl_embed_at(size_t i, const char **name, const unsigned char **data,
    size_t *len);

#endif
