/*
 * job: one clearance batch. Reads the manifests twice (first pass: check
 * every record and build the parcel index; then decide every parcel;
 * second pass: write every record to its parcel's lane), and publishes
 * the lane files and summary.json atomically in the output directory.
 */
#ifndef PCL_JOB_H
#define PCL_JOB_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "reason.h"
#include "refdata.h"
#include "schema.h"

/*
 * One rejected record as 'parcelclear check' reports it: one finding per
 * reason of the record. 'file' (the input as given), 'column_name' and
 * 'message' are borrowed for the duration of the callback. 'record' is
 * 1-based counting data records, 'line' the physical line where the
 * record starts (header = line 1), 'column' the 1-based position of the
 * reason's column in the input's header (0: no column, or the element
 * is not in the input). 'code' is an enum pcl_reason_code.
 */
struct pcl_finding {
	const char	*file;
	unsigned long	 record;
	unsigned long	 line;
	unsigned long	 column;
	const char	*column_name;	/* canonical name, "" if none */
	int		 code;
	const char	*detail;	/* "U+200B" for INVALID_CHARACTER, else "" */
	const char	*message;	/* pcl_reason_meaning(code) */
};

/*
 * Progress of a batch. Both passes read every input, so the work is
 * counted as input file bytes (compressed bytes for gzip) over the two
 * passes: 'bytes_total' is twice the inputs' size, 'bytes_done' what both
 * passes have read so far. 'records' counts records read in 'pass' (1 or
 * 2). Reported every PCL_JOB_PROGRESS_RECORDS records and after each
 * input of each pass.
 */
struct pcl_progress {
	int			pass;
	unsigned long long	records;
	unsigned long long	bytes_done;
	unsigned long long	bytes_total;
};
#define PCL_JOB_PROGRESS_RECORDS 65536

/*
 * Format of the lane files and summary.json: the last lane column
 * "format_version" and the summary key "format_version" hold it. Any
 * change of either format increases it; batches written before these
 * keys existed are format 1.
 */
#define PCL_FORMAT_VERSION	4
#define PCL_FORMAT_VERSION_TEXT	"4"

struct pcl_job_opts {
	const char *const *inputs;	/* manifest paths ("-" = standard input) */
	size_t		 ninputs;
	const char	*outdir;
	const char	*rules_path;	/* NULL: embedded default */
	const char	*fx_path;	/* NULL: the data directory's snapshots,
					 * else the embedded ECB table */
	/*
	 * The data directory whose newest exchange-rate snapshots the run
	 * uses (refdata.h pcl_refdata_open_fx); NULL: none, the embedded
	 * tables. With 'pinned' (verify) exactly the 'npins' snapshots of
	 * 'pins' instead.
	 */
	const char	*data_dir;
	const struct pcl_refdata_pin *pins;
	size_t		 npins;
	int		 pinned;
	const char	*map_path;	/* NULL: canonical names and aliases */
	const char	*lists_dir;	/* NULL: embedded screening lists */
	unsigned	 hold_score;	/* 0: PCL_RISK_HOLD_SCORE_DEFAULT */
	unsigned	 near_band_bp;	/* 0: PCL_RISK_NEAR_BAND_DEFAULT */
	const char	*aeo_path;	/* NULL: no AEO list (aeo.h) */
	const char	*allow_path;	/* NULL: no screening allow-list */
	/* NULL: 'map_path' for every input; else one map path per input
	 * (a NULL entry: no map) */
	const char *const *input_maps;
	enum pcl_profile profile;
	int32_t		 as_of;		/* PCL_DATE_NONE: each parcel's date */
	/*
	 * The day the batch is judged on, in summary.json "run_date";
	 * without as-of a parcel dated after it is DATE_IN_FUTURE (with
	 * as-of, after as-of). 0: today (UTC); verify passes the recorded
	 * one so a replay decides alike.
	 */
	int32_t		 run_date;
	int		 level;		/* gzip level 1-9; 0 = 6 */
	char		 delimiter;	/* 0: the map's, else ',' */
	const char	*tool_version;	/* for summary.json */
	int		 threads;	/* compression threads; 0 = online cores */
	const char	*encoding;	/* input encoding for iconv; NULL: UTF-8 */
	int		 decimal_comma;	/* 1: ',' is the decimal separator */
	/*
	 * Polled every few thousand records; when it becomes non-zero the
	 * run stops with PCL_E_INTERRUPTED and publishes nothing. May be
	 * NULL. The caller's signal handler sets it (borrowed).
	 */
	volatile sig_atomic_t *stop;
	/*
	 * Check mode (parcelclear check): nothing is locked or written and
	 * 'outdir' may be NULL; the same two passes and decisions run, and
	 * 'on_reject' is called for every record that run would write to
	 * reject.csv.gz, once per reason, in input order.
	 */
	int		 check_only;
	void		(*on_reject)(void *user, const struct pcl_finding *f);
	void		*user;
	/* Data sets written beside the lanes: bit k for enum
	 * pcl_export_kind k (export.h); 0: none */
	unsigned	 exports;
	/* NULL, or the filing parameters file (filing.h) */
	const char	*filing_path;
	/* NULL, or where to write the HTML report (src/report.h) */
	const char	*report_path;
	/* Optional progress callback ('user' is passed back). */
	void		(*on_progress)(void *user, const struct pcl_progress *p);
	/*
	 * Test hook, NULL in normal use: called after each lane file
	 * is renamed into place, before the next rename and before
	 * summary.json, with the file's name; a kill test sleeps here to
	 * land inside the publish window ('user' is passed back).
	 */
	void		(*on_published)(void *user, const char *name);
	/*
	 * The clearance ledger (ledger.h, docs/ledger.md); NULL: none, and
	 * nothing in the outputs changes. Check mode opens it read-only.
	 * 'declarant' NULL: PCL_LEDGER_DEFAULT_DECLARANT; 'ledger_window'
	 * days (0: PCL_LEDGER_WINDOW_DEFAULT); 'ledger_timeout' seconds to
	 * wait for a busy ledger (0: PCL_LEDGER_TIMEOUT_DEFAULT; then
	 * PCL_E_LOCKED).
	 */
	const char	*ledger_path;
	const char	*declarant;
	unsigned	 ledger_window;
	unsigned	 ledger_timeout;
	/*
	 * Replay (verify): judge against the ledger as it stood before the
	 * batch of this name, read-only, recording nothing. NULL: none.
	 */
	const char	*ledger_replay;
	/*
	 * Test hook, NULL in normal use: the SQLite VFS the ledger is
	 * opened through (a fault-injecting shim, ledgerfault.h).
	 */
	const char	*ledger_vfs;
};

/* An exchange-rate table a batch consulted (summary.json "fx_sources"). */
struct pcl_job_fxsource {
	char			 name[16];	/* "ecb", "hmrc", ...; "fx": --fx */
	int			 origin;	/* enum pcl_fx_origin */
	int32_t			 last;		/* last date covered */
	unsigned long long	 parcels;	/* parcels it valued or failed */
	unsigned long long	 past_end;	/* failed: key date after 'last' */
};

/* Counts of a finished batch (also in summary.json). */
struct pcl_job_result {
	unsigned long long records_in;
	unsigned long long blank_lines;
	unsigned long long records[PCL_LANE_COUNT];
	unsigned long long duplicates;
	unsigned long long parcels[PCL_LANE_COUNT];
	double		   seconds;	/* wall time, for the log line only */
	/* the tables consulted by at least one parcel, in source order */
	struct pcl_job_fxsource fx[PCL_FX_NSRC];
	size_t		   nfx;
	unsigned long	   peak_rss_kib;
};

/*
 * Runs the batch described by 'opts'. On PCL_OK every output is
 * published in opts->outdir and 'res' is filled. Errors (nothing is
 * published; temporary files are removed; earlier outputs in the
 * directory are left as they were): PCL_E_USAGE (bad options), PCL_E_IO,
 * PCL_E_GZIP, PCL_E_SCHEMA (input unusable: 'err' names file, record,
 * line and column), PCL_E_PARSE (rules, FX, map, list or AEO file
 * malformed),
 * PCL_E_WRITE (output failed), PCL_E_LOCKED (another run holds the
 * directory), PCL_E_INTERRUPTED (*opts->stop was set), PCL_E_NOMEM.
 * Temporary files of an earlier run that was killed (name.tmp.PID) are
 * removed once the lock is held.
 */
int pcl_job_run(const struct pcl_job_opts *opts, struct pcl_job_result *res,
    struct pcl_error *err) PCL_NODISCARD;

#endif
