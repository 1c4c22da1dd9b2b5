/*
 * report: the batch as one self-contained HTML page for people:
 * lanes per destination, top reasons and hold flags, the assessed value
 * against each threshold, and the rules used. Charts are inline SVG; the
 * page loads nothing (no scripts, no styles, fonts or images from
 * elsewhere) and carries no timestamp, so a batch gives the same bytes.
 */
#ifndef PCL_REPORT_H
#define PCL_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "job.h"
#include "rules.h"
#include "stats.h"

/* What the page shows; everything is borrowed. */
struct pcl_report_data {
	const char		*tool_version;
	int32_t			 as_of;		/* PCL_DATE_NONE: none */
	const char *const	*inputs;
	size_t			 ninputs;
	const char		*rules_name, *rules_sha256;
	const struct pcl_rules	*rules;		/* to describe the rules used */
	const struct pcl_stats	*stats;		/* sorted (pcl_stats_sort) */
	const struct pcl_job_result *res;
};

/*
 * Renders the page into a new buffer: '*out' (NUL-terminated, '*len'
 * bytes) is owned by the caller (free()). Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_report_render(const struct pcl_report_data *d, char **out,
    size_t *len) PCL_NODISCARD;

/*
 * Renders the page and writes it to 'path' atomically (temporary file,
 * fsync, rename). Returns PCL_OK, PCL_E_NOMEM or PCL_E_WRITE ('err' names
 * the file).
 */
int pcl_report_write(const char *path, const struct pcl_report_data *d,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * A report written under a temporary name, not yet published: the
 * run stages it before it renames anything, so a report that cannot be
 * written publishes nothing, and commits it with the lanes, before
 * summary.json.
 */
struct pcl_report_file;

/*
 * Renders the page and writes it to '<path>.tmp.<pid>' (fsynced). '*out'
 * is owned by the caller: pcl_report_commit or pcl_report_abort.
 * Returns PCL_OK, PCL_E_NOMEM or PCL_E_WRITE ('err' names the file).
 */
int pcl_report_stage(struct pcl_report_file **out, const char *path,
    const struct pcl_report_data *d, struct pcl_error *err) PCL_NODISCARD;

/* SHA-256 (hex, borrowed) and size in bytes of the staged page. */
const char *pcl_report_sha256(const struct pcl_report_file *f);
unsigned long long pcl_report_bytes(const struct pcl_report_file *f);

/*
 * Renames the staged page to its path, fsyncs its directory and frees
 * 'f' (also on error, the temporary file removed). Returns PCL_OK or
 * PCL_E_WRITE.
 */
int pcl_report_commit(struct pcl_report_file *f, struct pcl_error *err)
    PCL_NODISCARD;

/* Removes the staged page and frees 'f'. NULL is a no-op. */
void pcl_report_abort(struct pcl_report_file *f);

#endif
