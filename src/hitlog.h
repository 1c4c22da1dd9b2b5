/*
 * hitlog: what screening fired on each record of the first pass, kept
 * for the second, which writes it as the record's screen_hits column
 * without screening the record again. Only records on which something
 * fired are kept: their ordinal (position among all records of all
 * inputs, as pass 1 counts them) and the compact items of
 * pcl_screen_fired (entry, kind, reason or error, span of the text),
 * never the text itself, so the log grows only with the records that
 * have hits: 24 bytes a record and 32 an item on a 64-bit build.
 *
 * Records are added in increasing ordinal and looked up in increasing
 * ordinal (a cursor). Errors: PCL_E_NOMEM.
 */
#ifndef PCL_HITLOG_H
#define PCL_HITLOG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "screen.h"

struct pcl_hitlog;

/* An empty log. */
int pcl_hitlog_open(struct pcl_hitlog **out) PCL_NODISCARD;

/* Frees 'h'. NULL is a no-op. */
void pcl_hitlog_free(struct pcl_hitlog *h);

/*
 * Keeps the 'n' items 'f' of record 'ordinal', which is greater than
 * every ordinal added before (n == 0: nothing kept). PCL_OK or
 * PCL_E_NOMEM.
 */
int pcl_hitlog_add(struct pcl_hitlog *h, uint64_t ordinal,
    const struct pcl_screen_fire *f, size_t n) PCL_NODISCARD;

/*
 * The items of record 'ordinal' into '*f' (borrowed until the log is
 * freed) and their number, 0 when none were kept. Ordinals are asked
 * for in increasing order; those skipped are passed over.
 */
size_t pcl_hitlog_find(struct pcl_hitlog *h, uint64_t ordinal,
    const struct pcl_screen_fire **f);

/* Records kept, and bytes held. */
size_t pcl_hitlog_count(const struct pcl_hitlog *h);
size_t pcl_hitlog_memory(const struct pcl_hitlog *h);

#endif
