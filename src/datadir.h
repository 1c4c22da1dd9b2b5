/*
 * datadir: where reference-data snapshots live and how a new one is
 * installed. Owns the choice of data directory (--data-dir, then
 * $PARCELCLEAR_DATA, then /var/lib/parcelclear when it exists, then
 * $XDG_DATA_HOME/parcelclear, default ~/.local/share/parcelclear) and the
 * store layout, one directory per source:
 *
 *   DIR/<source>/<sha256>.<ext>   a snapshot, named by the SHA-256 of
 *                                 its bytes; older ones are kept
 *   DIR/<source>/<sha256>.meta    what it covers and where it came from
 *   DIR/<source>/current          the SHA-256 of the newest snapshot
 *
 * Every file is written under a temporary name, fsync'ed and renamed, and
 * `current` is replaced last, so a reader sees the old or the new snapshot,
 * never half of one; a failed install leaves the store as it was.
 */
#ifndef PCL_DATADIR_H
#define PCL_DATADIR_H

#include <stdint.h>

#include "error.h"

#define PCL_DATADIR_SYSTEM "/var/lib/parcelclear"
#define PCL_DATADIR_PATH_MAX 4096

/* Which rule chose the data directory. */
enum pcl_datadir_origin {
	PCL_DATADIR_FLAG = 1,	/* --data-dir */
	PCL_DATADIR_ENV,	/* $PARCELCLEAR_DATA */
	PCL_DATADIR_SYSTEMWIDE,	/* /var/lib/parcelclear */
	PCL_DATADIR_XDG		/* $XDG_DATA_HOME/parcelclear or ~/.local/... */
};

/*
 * The inputs of the choice, all borrowed and each NULL or "" when unset.
 * 'system_dir' is PCL_DATADIR_SYSTEM except in tests.
 */
struct pcl_datadir_env {
	const char	*flag;		/* --data-dir DIR */
	const char	*pcl_data;	/* $PARCELCLEAR_DATA */
	const char	*system_dir;
	const char	*xdg_data_home;	/* $XDG_DATA_HOME */
	const char	*home;		/* $HOME */
};

/*
 * Fills 'e' from the process environment and 'flag' (borrowed; NULL when
 * --data-dir was not given). The pointers are valid until the environment
 * changes.
 */
void pcl_datadir_env_init(struct pcl_datadir_env *e, const char *flag);

/*
 * Chooses the data directory. The flag and $PARCELCLEAR_DATA are taken as
 * given. Otherwise the system directory is used when it exists (for
 * 'for_write', only when this process may also write it), else
 * $XDG_DATA_HOME/parcelclear when $XDG_DATA_HOME is an absolute path, else
 * $HOME/.local/share/parcelclear. The directory need not exist yet.
 * On PCL_OK '*out' is the path, owned by caller (free()), and '*origin'
 * (may be NULL) the rule that chose it. Errors: PCL_E_USAGE when no rule
 * gives a path (no $HOME), PCL_E_NOMEM.
 */
int pcl_datadir_resolve(const struct pcl_datadir_env *e, int for_write,
    char **out, enum pcl_datadir_origin *origin, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Creates the store directory of 'source' in 'dir' (DIR/<source>, and
 * its missing parents) and writes its path to 'store' (PCL_DATADIR_PATH_MAX
 * bytes), for a download that must land on the store's file system so
 * that pcl_datadir_install can rename it into place. Writes to 'created'
 * (PCL_DATADIR_PATH_MAX bytes) the outermost directory it created, ""
 * when all existed, for pcl_datadir_unprepare. Errors: PCL_E_USAGE (bad
 * source name, path too long), PCL_E_WRITE (mkdir; 'created' may then
 * name directories made before the failure).
 */
int pcl_datadir_prepare(const char *dir, const char *source,
    char store[PCL_DATADIR_PATH_MAX], char created[PCL_DATADIR_PATH_MAX],
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Undoes pcl_datadir_prepare after a download that stored nothing:
 * removes 'store' and its parents up to and including 'created' (as
 * pcl_datadir_prepare wrote them), innermost first, stopping at the
 * first that is not empty. Does nothing when 'created' is "".
 */
void pcl_datadir_unprepare(const char *store, const char *created);

/* One stored snapshot; a caller-allocated record filled by the lookups. */
struct pcl_datadir_snapshot {
	char		source[16];	/* "ecb", "hmrc", ... */
	char		sha256[65];	/* lower-case hex of the file's bytes */
	char		ext[16];	/* "csv", "zip", "json" */
	char		path[PCL_DATADIR_PATH_MAX];	/* the snapshot file */
	int32_t		first;		/* first date covered (pcl_date) */
	int32_t		last;		/* last date covered */
	char		fetched[21];	/* "YYYY-MM-DDTHH:MM:SSZ" */
	char		origin[1024];	/* URL, or "import:<path>" */
};

/*
 * Installs the checked file 'file' as the newest snapshot of 'source' (a
 * lower-case name, [a-z0-9_-], up to 15 bytes) in data directory 'dir',
 * creating the directories as needed. 'ext' names the file's format
 * ([a-z0-9.], up to 15 bytes). From 'meta' only first, last, fetched and
 * origin are read (origin must not hold a newline). When 'file' is in the
 * store's own directory (a download's temporary file) it is renamed,
 * otherwise copied; the caller's file is never modified otherwise. An
 * identical snapshot already stored is reused. On PCL_OK '*out' (may be
 * NULL) describes the installed snapshot. On failure nothing in the store
 * has changed: `current` still names the previous snapshot and no new file
 * remains. Errors: PCL_E_USAGE (bad source, ext or meta), PCL_E_IO (cannot
 * read 'file'), PCL_E_WRITE (mkdir, write, fsync or rename), PCL_E_NOMEM.
 */
int pcl_datadir_install(const char *dir, const char *source,
    const char *file, const char *ext,
    const struct pcl_datadir_snapshot *meta,
    struct pcl_datadir_snapshot *out, struct pcl_error *err) PCL_NODISCARD;

/*
 * Describes the newest snapshot of 'source' in 'dir' in '*out'. Errors:
 * PCL_E_NOTFOUND (no snapshot installed), PCL_E_PARSE (a damaged
 * `current` or .meta file), PCL_E_IO, PCL_E_USAGE (bad source name).
 */
int pcl_datadir_newest(const char *dir, const char *source,
    struct pcl_datadir_snapshot *out, struct pcl_error *err) PCL_NODISCARD;

/*
 * Describes the stored snapshot of 'source' whose SHA-256 is 'sha256' (64
 * hex digits) in '*out', for replaying a batch with the data it used.
 * Errors: PCL_E_NOTFOUND (no such snapshot, or its file is gone),
 * PCL_E_PARSE, PCL_E_IO, PCL_E_USAGE (bad source or digest).
 */
int pcl_datadir_find(const char *dir, const char *source, const char *sha256,
    struct pcl_datadir_snapshot *out, struct pcl_error *err) PCL_NODISCARD;

#endif
