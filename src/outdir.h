/*
 * outdir: the batch's output directory. Owns the names of the files a
 * batch writes there, the lock that keeps two runs apart, the removal of
 * temporary files a killed run left, the check that no output replaces
 * a file the run reads, and the order in which the outputs are
 * published (every lane file, the export data sets, the --report page,
 * then summary.json).
 */
#ifndef PCL_OUTDIR_H
#define PCL_OUTDIR_H

#include <stddef.h>

#include "error.h"

struct pcl_writer;
struct pcl_report_file;

/* Lane files, in the order they are opened and published. */
enum pcl_outdir_lane {
	PCL_OUT_RELEASE, PCL_OUT_DECLARE, PCL_OUT_REJECT, PCL_OUT_HOLD,
	PCL_OUT_DUPLICATES, PCL_OUT_COUNT
};

#define PCL_OUTDIR_SUMMARY	"summary.json"
#define PCL_OUTDIR_LOCK		".parcelclear.lock"

/*
 * File name of lane file 'i' (enum pcl_outdir_lane), e.g.
 * "release.csv.gz". Static string.
 */
const char *pcl_outdir_lane_file(int i);

/*
 * What a run reads and writes, for pcl_outdir_check. Every path is
 * borrowed. 'reads' are the files the run reads ("-" and NULL entries
 * are skipped); 'lists_dir', when not NULL, adds every regular file in
 * that directory. 'outdir' may be NULL (check mode: nothing written);
 * 'report' may be NULL.
 */
struct pcl_outdir_paths {
	const char *const *reads;
	size_t		 nreads;
	const char	*lists_dir;
	const char	*outdir;
	const char	*report;
};

/*
 * Refuses a run whose outputs would replace a file it reads, or whose
 * 'report' is a directory, a file the run reads, or one of the files
 * the batch writes in 'outdir' (a lane file, an export data set,
 * summary.json, the lock).
 * Files that exist are compared by device and inode, so symbolic and
 * hard links to the same file are caught; a file that does not exist
 * yet is compared by its resolved directory and name (a directory that
 * does not exist yet is resolved from its nearest existing parent).
 * Touches nothing. Returns PCL_OK or PCL_E_USAGE ('err' names both
 * paths).
 */
int pcl_outdir_check(const struct pcl_outdir_paths *p, struct pcl_error *err)
    PCL_NODISCARD;

struct pcl_outdir;

/*
 * Creates 'dir' and its missing parents, takes the POSIX record lock on
 * 'dir'/.parcelclear.lock, and then removes the temporary outputs
 * ("<output>.tmp.<pid>") a killed run left, which no live run owns once
 * the lock is held. 'dir' is borrowed and must outlive the handle.
 * '*out' is owned by the caller: pcl_outdir_close. Errors: PCL_E_WRITE
 * (cannot create the directory or the lock file), PCL_E_LOCKED (another
 * run holds it), PCL_E_NOMEM.
 */
int pcl_outdir_open(struct pcl_outdir **out, const char *dir,
    struct pcl_error *err) PCL_NODISCARD;

/* Releases the lock and frees 'd'. NULL is a no-op. */
void pcl_outdir_close(struct pcl_outdir *d);

/*
 * Publishes a finished batch in 'd': removes the old summary.json first
 * (an older summary must not vouch for new lanes half-way), renames the
 * PCL_OUT_COUNT finished lane files 'lanes' in lane order, then the
 * finished export data sets 'exports' (PCL_EXPORT_COUNT slots, NULL
 * entries skipped; 'exports' itself may be NULL) in export.h order,
 * removing the file of each data set not written (an earlier run's)
 * (calling 'on_published' with 'user' and each file name after its
 * rename, when not NULL), commits the staged 'report' (may be NULL), fsyncs the
 * directory, and writes summary.json ('summary', 'len' bytes) last and
 * atomically. Every writer and the report are consumed (freed), also on
 * error; their slots are set to NULL. Errors: PCL_E_WRITE.
 */
int pcl_outdir_publish(struct pcl_outdir *d, struct pcl_writer **lanes,
    struct pcl_writer **exports, struct pcl_report_file **report, const char *summary, size_t len,
    void (*on_published)(void *user, const char *name), void *user,
    struct pcl_error *err) PCL_NODISCARD;

#endif
