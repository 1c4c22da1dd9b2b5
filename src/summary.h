/*
 * summary: what summary.json reports about the process itself (the peak
 * memory of its "memory" object). The document is built with the JSON
 * builder of json.h, included here for the renderers; the counters and
 * digests are gathered and rendered by the batch (job.c). Everything in
 * summary.json is deterministic except the "seconds" and "memory"
 * objects.
 */
#ifndef PCL_SUMMARY_H
#define PCL_SUMMARY_H

#include <stddef.h>

#include "error.h"
#include "json.h"
#include "reason.h"

/* Peak resident memory of this process in KiB (Linux VmHWM), or 0. */
unsigned long pcl_summary_peak_rss_kib(void);

#endif
