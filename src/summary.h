/*
 * summary: the pieces summary.json is written with: a JSON text builder
 * (2-space indent, keys in the order written, numbers given as integers
 * or as decimal text, never through double) and the peak-memory reading
 * for its "memory" object. The counters and digests it holds are gathered
 * and rendered by the batch (job.c); everything in summary.json is
 * deterministic except the "seconds" and "memory" objects.
 */
#ifndef PCL_SUMMARY_H
#define PCL_SUMMARY_H

#include <stddef.h>

#include "error.h"
#include "reason.h"

struct pcl_json;

/* A growing JSON text. new/free; NULL-safe free. */
int pcl_json_new(struct pcl_json **out) PCL_NODISCARD;
void pcl_json_free(struct pcl_json *j);

/*
 * Builders. Keys and strings are escaped (quotes, backslash, control
 * characters; UTF-8 passes through). Objects and arrays are opened and
 * closed explicitly; commas and indentation are handled. Out-of-memory is
 * sticky and reported by pcl_json_text, and so is nesting deeper than 16
 * levels or closing more than was opened.
 */
void pcl_json_begin_object(struct pcl_json *j, const char *key);
void pcl_json_end_object(struct pcl_json *j);
void pcl_json_begin_array(struct pcl_json *j, const char *key);
void pcl_json_end_array(struct pcl_json *j);
void pcl_json_string(struct pcl_json *j, const char *key, const char *value);
void pcl_json_null(struct pcl_json *j, const char *key);
void pcl_json_uint(struct pcl_json *j, const char *key, unsigned long long v);
void pcl_json_bool(struct pcl_json *j, const char *key, int v);
/* A number given as text (already valid JSON, e.g. "0.123"). */
void pcl_json_raw(struct pcl_json *j, const char *key, const char *num);

/*
 * The text so far (borrowed, NUL-terminated) and its length. Returns NULL
 * when an allocation failed at any point.
 */
const char *pcl_json_text(const struct pcl_json *j, size_t *len);

/* Peak resident memory of this process in KiB (Linux VmHWM), or 0. */
unsigned long pcl_summary_peak_rss_kib(void);

#endif
