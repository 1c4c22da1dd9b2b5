/*
 * summary: what summary.json says about a batch: the stages' counters
 * and digests, rendered in their documented order through the JSON
 * builder of json.h, and the process's peak memory. Everything in it is
 * deterministic except the "seconds" and "memory" objects (timings and
 * peak memory).
 */
#ifndef PCL_SUMMARY_H
#define PCL_SUMMARY_H

#include <stddef.h>

#include "error.h"
#include "json.h"
#include "reason.h"
#include <stdint.h>

struct pcl_aeo;
struct pcl_decision_counts;
struct pcl_filing;
struct pcl_fx;
struct pcl_job_opts;
struct pcl_job_result;
struct pcl_map;
struct pcl_perkg;
struct pcl_report_file;
struct pcl_risk_opts;
struct pcl_rules;
struct pcl_screen;
struct pcl_stats;
struct pcl_writer;

/* One input manifest as summary.json records it (all borrowed). */
struct pcl_summary_input {
	const char		*path;		/* as given */
	const char		*sha256;	/* hex digest of its bytes */
	unsigned long long	 bytes, records, blank, lines, swallowed, dups;
	int			 gzip, detected;
	int			 spooled;	/* read once: stdin, a FIFO, a pipe */
	char			 delim;
	const char		*map_sha256;	/* its own map's, or NULL */
};

/*
 * Everything summary.json is rendered from, borrowed from the stages
 * that made it: the options, the data files, the inputs, the counts of
 * the records (pcl_job_result) and of the decided parcels, the finished
 * lane writers (PCL_OUT_COUNT, lane order) and the staged report (or
 * NULL), and the timings 'secs' (first pass, decide, second pass,
 * total). 'stats' is sorted by the rendering.
 */
/* The "ledger" object of summary.json (borrowed texts). */
struct pcl_summary_ledger {
	const char		*path;		/* as given */
	const char		*batch;		/* this batch's name */
	const char		*declarant;
	unsigned		 window_days;
	unsigned long long	 resent_identical, resent_changed;
};

struct pcl_summary_batch {
	const struct pcl_job_opts	 *o;
	int32_t				  run_date;
	const struct pcl_risk_opts	 *ropts;
	const struct pcl_rules		 *rules;
	const struct pcl_fx		 *fx;
	const struct pcl_map		 *map;
	const struct pcl_screen		 *screen;
	const struct pcl_aeo		 *aeo;
	const struct pcl_perkg		 *perkg;
	const struct pcl_filing		 *filing;	/* NULL: none */
	const struct pcl_summary_input	 *inputs;
	const struct pcl_job_result	 *res;
	const struct pcl_decision_counts *counts;
	struct pcl_stats		 *stats;
	struct pcl_writer *const	 *lanes;
	/* PCL_EXPORT_COUNT finished export writers (NULL entries: not
	 * asked for), or NULL */
	struct pcl_writer *const	 *exports;
	const struct pcl_report_file	 *report;
	size_t				  parcel_index_bytes, dedup_bytes;
	const double			 *secs;
	/* NULL without --ledger: then summary.json has no "ledger" key */
	const struct pcl_summary_ledger	 *ledger;
};

/*
 * Renders summary.json of batch 'j' into 'js' (keys in their documented
 * order, "format_version" right after "version"). An allocation failure
 * is sticky in 'js' and reported by pcl_json_text. Returns PCL_OK.
 */
int pcl_summary_render(const struct pcl_summary_batch *j, struct pcl_json *js)
    PCL_NODISCARD;

/* Peak resident memory of this process in KiB (Linux VmHWM), or 0. */
unsigned long pcl_summary_peak_rss_kib(void);

#endif
