/*
 * pass2: the second pass over the inputs, rows into lanes. Owns
 * re-reading each input with pass 1's binding (pass1.h), assembling each
 * record's lane row (its canonical columns, the verdict columns of its
 * parcel or of an exact duplicate (verdict.h), input (the input's 1-based
 * place in summary.json "inputs"), record, line, the
 * union of unknown columns, format_version; a free-text field that a
 * spreadsheet would take for a formula written after an apostrophe,
 * check.h), routing the row to its
 * parcel's lane file, and in check mode reporting each rejected record's
 * findings instead of writing, and handing each record of a decided
 * parcel to the export data sets (export.h). Also writes the lanes'
 * header row.
 *
 * Errors: PCL_E_IO (an input changed between the two passes: 'err'
 * names file, record and line), PCL_E_GZIP, PCL_E_WRITE (writer.h),
 * PCL_E_INTERRUPTED, PCL_E_NOMEM.
 */
#ifndef PCL_PASS2_H
#define PCL_PASS2_H

#include <stddef.h>

#include "error.h"
#include "job.h"
#include "pass1.h"
#include "reason.h"

struct pcl_duplicates;
struct pcl_exports;
struct pcl_parcels;
struct pcl_verdicts;
struct pcl_writer;

/*
 * What pass 2 reads, all borrowed. 'parcels' is written for each
 * parcel's count of rows written (item_seq), 'dups' is advanced record by
 * record (pcl_duplicates_next_is_exact), 'verdicts' for its columns'
 * text. 'lanes' holds PCL_OUT_COUNT open writers, or is NULL in check
 * mode, where 'on_reject' (may be NULL) is called once per finding of
 * each record of a rejected parcel, in input order ('user' passed back).
 */
struct pcl_pass2_in {
	struct pcl_pass_read	*read;		/* progress advanced */
	struct pcl_pass_screen	 screen;	/* check mode's own reasons */
	struct pcl_parcels	*parcels;
	struct pcl_duplicates	*dups;
	struct pcl_verdicts	*verdicts;
	const char *const	*unames;	/* pass 1's union of unknowns */
	size_t			 nunames;
	struct pcl_writer	**lanes;
	struct pcl_exports	*exports;	/* NULL: no --export */
	int			 check_only;
	void			(*on_reject)(void *user,
				    const struct pcl_finding *f);
	void			*user;
};

/* Rows routed by pass 2: per lane, and exact duplicates. */
struct pcl_pass2_out {
	unsigned long long records[PCL_LANE_COUNT];
	unsigned long long duplicates;
};

/*
 * Opens the PCL_OUT_COUNT lane files in 'dir' (outdir.h names them) as
 * w[0..PCL_OUT_COUNT-1] with gzip level 'level' and 'threads'
 * compression threads (0: the online cores), and writes each one's
 * header row: the canonical columns, the verdict columns, screen_hits,
 * input, record, line, the 'nunames' unknown columns 'unames' and
 * format_version. The writers are owned by the caller (outdir.h
 * publishes them, pcl_writer_abort frees them), also those opened
 * when a later one fails. Errors: as pcl_writer_open and
 * pcl_writer_row, PCL_E_USAGE (bad thread count), PCL_E_NOMEM.
 */
int pcl_pass2_open_lanes(struct pcl_writer **w, const char *dir, int level,
    int threads, const char *const *unames, size_t nunames,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Reads the 'n' inputs of pass 1 again in order (pcl_pass_open sets
 * each one's copts again) and writes every record
 * to its lane (or reports it, in check mode); adds the rows to 'out'.
 * Returns PCL_OK, or the first error ('err' names the file).
 */
int pcl_pass2_run(const struct pcl_pass2_in *p,
    struct pcl_input *inputs, size_t n, struct pcl_pass2_out *out,
    struct pcl_error *err) PCL_NODISCARD;

#endif
