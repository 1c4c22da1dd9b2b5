/*
 * atomicfile: files that appear whole or not at all. A file is written
 * as 'dir'/'name'.tmp.<pid>, fsync'd and closed, then renamed to
 * 'dir'/'name', and the directory is fsync'd, so a reader never sees a
 * partial file and a crash leaves at most a temporary file (which a run
 * removes, see job.h). Every error is PCL_E_WRITE with 'err' naming the
 * path and saying what failed ("cannot fsync 'x': ..."), or PCL_E_NOMEM.
 */
#ifndef PCL_ATOMICFILE_H
#define PCL_ATOMICFILE_H

#include <stddef.h>

#include "error.h"

/*
 * Sets '*tmp' to 'dir'/'name'.tmp.<pid> and '*final' to 'dir'/'name',
 * both owned by the caller (free()). Errors: PCL_E_NOMEM (both NULL).
 */
int pcl_atomicfile_paths(const char *dir, const char *name, char **tmp,
    char **final, struct pcl_error *err) PCL_NODISCARD;

/*
 * Creates 'path' for writing (it must not exist; mode 0644, close on
 * exec) and stores its descriptor in '*fd'. Errors: PCL_E_WRITE.
 */
int pcl_atomicfile_create(const char *path, int *fd, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Writes all 'len' bytes of 'data' to 'fd', retrying on EINTR and short
 * writes. Returns 0, or -1 with errno set (EIO when write returned 0).
 */
int pcl_atomicfile_write_all(int fd, const void *data, size_t len)
    PCL_NODISCARD;

/*
 * fsyncs and closes 'fd' (closed even when fsync fails). Errors:
 * PCL_E_WRITE, 'err' naming 'path'.
 */
int pcl_atomicfile_sync_close(int fd, const char *path,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Renames 'tmp' to 'final'; on failure removes 'tmp'. Does not fsync the
 * directory (several renames share one pcl_atomicfile_sync_dir).
 * Errors: PCL_E_WRITE ('err' names 'final').
 */
int pcl_atomicfile_rename(const char *tmp, const char *final,
    struct pcl_error *err) PCL_NODISCARD;

/* fsyncs directory 'dir' (after renames). Errors: PCL_E_WRITE. */
int pcl_atomicfile_sync_dir(const char *dir, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Writes 'len' bytes of 'data' to 'dir'/'name' atomically: temporary
 * file, fsync, rename, fsync of the directory. On error nothing new is
 * left behind. Errors: PCL_E_WRITE, PCL_E_NOMEM.
 */
int pcl_atomicfile_put(const char *dir, const char *name, const void *data,
    size_t len, struct pcl_error *err) PCL_NODISCARD;

/*
 * The first half of pcl_atomicfile_put: writes 'len' bytes of 'data' to
 * the temporary file 'dir'/'name'.tmp.<pid>, fsyncs and closes it, and
 * does not rename. '*tmp' and '*final' (the two paths) are owned by the
 * caller (free()); rename with pcl_atomicfile_commit, or unlink '*tmp'.
 * On error nothing is left behind and both are NULL.
 * Errors: PCL_E_WRITE, PCL_E_NOMEM.
 */
int pcl_atomicfile_put_tmp(const char *dir, const char *name,
    const void *data, size_t len, char **tmp, char **final,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * The second half: renames 'tmp' to 'final' and fsyncs 'dir'. On a
 * rename error 'tmp' is removed. Errors: PCL_E_WRITE ('err' names
 * 'final').
 */
int pcl_atomicfile_commit(const char *dir, const char *tmp,
    const char *final, struct pcl_error *err) PCL_NODISCARD;

/*
 * Fills 'err' with PCL_E_WRITE "cannot WHAT 'PATH': strerror(errnum)"
 * and err->file = 'path'; returns PCL_E_WRITE. For modules that write
 * through these helpers and report a failure the same way.
 */
int pcl_atomicfile_error(struct pcl_error *err, const char *what,
    const char *path, int errnum);

#endif
