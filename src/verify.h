/*
 * verify: an auditor's replay. Reads a summary.json written by a run,
 * checks that every recorded input, rules, FX and map file still has its
 * SHA-256, runs the batch again with the recorded options into a
 * scratch directory, and compares the two summaries value by value
 * (every digest, count and total; only "memory" and "seconds" are left
 * out, as they change between identical runs).
 */
#ifndef PCL_VERIFY_H
#define PCL_VERIFY_H

#include <signal.h>

#include "error.h"

/* What verify found: a file that changed, or a value that differs. */
enum pcl_verify_kind {
	PCL_VERIFY_INPUT_MISSING,	/* 'path' is the file; cannot be read */
	PCL_VERIFY_INPUT_CHANGED,	/* 'path' is the file; 'was', 'now' digests */
	PCL_VERIFY_DIFFERS,		/* 'path' is the JSON path ("outputs.reject.csv.gz.rows") */
	/* an output file beside the summary: 'path' is the file,
	 * 'was' the recorded digest, 'now' the file's (NULL: missing) */
	PCL_VERIFY_OUTPUT_MISSING,
	PCL_VERIFY_OUTPUT_CHANGED,
	/* an input the run spooled because it could be read only once
	 * (standard input, a FIFO, a pipe): 'path' as given, 'was' its
	 * recorded digest; the batch cannot be verified */
	PCL_VERIFY_INPUT_SPOOLED
};

struct pcl_verify_opts {
	const char	*tool_version;	/* written into the new summary */
	const char	*scratch_dir;	/* existing, empty directory for the re-run */
	/* called for every finding; the strings are borrowed for the call;
	 * 'was' or 'now' is NULL when the value is absent on that side */
	void		(*on_finding)(void *user, enum pcl_verify_kind kind,
			    const char *path, const char *was, const char *now);
	void		*user;
	/* when non-NULL and set (by a signal handler), the re-run stops,
	 * removes its temporary files and PCL_E_INTERRUPTED is returned */
	volatile sig_atomic_t *stop;
	/* the data directory holding the exchange-rate snapshots the batch
	 * recorded in "fx_sources" (NULL: none; a recorded snapshot is then
	 * missing) */
	const char	*data_dir;
};

struct pcl_verify_result {
	unsigned long	inputs_changed;	/* missing or changed files */
	unsigned long	differences;	/* values that differ */
	unsigned long	outputs_changed; /* output files missing or changed */
};

/*
 * Verifies the batch recorded in 'summary_path'. First the output files
 * beside it (every "outputs" entry: the file in the summary's directory,
 * its uncompressed content against "sha256_uncompressed", or its bytes
 * against "sha256") are checked. Then every recorded input, rules, FX,
 * map and "data_files" file (standard input, "-", cannot be read again:
 * reported missing), and every exchange-rate snapshot of "fx_sources",
 * looked up by source and SHA-256 in 'o->data_dir' (one that is not
 * there, or whose bytes changed, is reported as a missing or changed
 * input named "snapshot SOURCE in DIR"); the re-run uses exactly those
 * snapshots, whatever is newer in the data directory. The re-run replays every recorded option ("options":
 * rules, fx, map, level, encoding, decimal_comma, delimiter, lists,
 * hold_score, near_band_bp; "profile", "as_of"). Relative input paths are
 * taken relative to the current directory, so the caller changes to the
 * recorded "options.cwd" first (see pcl_verify_cwd). When a file changed
 * nothing is re-run. The scratch directory's files are removed before
 * returning (the directory itself is left to the caller). Returns PCL_OK
 * with 'res' filled, or PCL_E_IO / PCL_E_PARSE (summary unreadable or not
 * one parcelclear wrote, 'err' says why), PCL_E_NOMEM, or the re-run's
 * error.
 */
int pcl_verify_run(const char *summary_path, const struct pcl_verify_opts *o,
    struct pcl_verify_result *res, struct pcl_error *err) PCL_NODISCARD;

/*
 * The "options.cwd" recorded in 'summary_path' into 'buf' of 'size'
 * bytes. Returns PCL_OK, PCL_E_NOTFOUND when none is recorded (a summary
 * written before options were recorded), or PCL_E_IO / PCL_E_PARSE.
 */
int pcl_verify_cwd(const char *summary_path, char *buf, size_t size,
    struct pcl_error *err) PCL_NODISCARD;

#endif
