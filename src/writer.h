/*
 * writer: one gzip-compressed CSV lane file, written under a temporary
 * name and published by rename, with deterministic bytes and a SHA-256
 * over the uncompressed content. The record format is csvrow.h's, the
 * compression gzchunks.h's (header MTIME 0, no name, OS 255) and the
 * temporary-name-fsync-rename discipline atomicfile.h's; this module
 * ties them together for the lanes.
 */
#ifndef PCL_WRITER_H
#define PCL_WRITER_H

#include <stddef.h>

#include "error.h"

struct pcl_writer;

/*
 * Creates 'dir'/'name'.tmp.<pid> for writing a gzip stream at 'level'
 * (1-9; 0 = default 6). The final name 'dir'/'name' is not touched until
 * pcl_writer_publish. Errors: PCL_E_WRITE (with 'err' naming the path),
 * PCL_E_NOMEM. '*out' is owned by the caller: pcl_writer_publish or
 * pcl_writer_abort frees it.
 */
int pcl_writer_open(struct pcl_writer **out, const char *dir,
    const char *name, int level, struct pcl_error *err) PCL_NODISCARD;

/*
 * Compresses with 'n' threads (1-256; default 1); the bytes written are
 * identical for every 'n' (gzchunks.h). With 'n' > 1 compression runs in the
 * background while the caller writes more rows (a write error may then
 * be reported by a later call or by pcl_writer_finish). Call before any
 * data is written. Returns
 * PCL_OK, PCL_E_USAGE ('n' out of range, or data already written; the
 * setting is unchanged) or PCL_E_NOMEM (the writer keeps its previous
 * setting and stays usable).
 */
int pcl_writer_set_threads(struct pcl_writer *w, int n) PCL_NODISCARD;

/*
 * Writes one CSV record of 'n' fields ('fields[i]' of 'lens[i]' bytes),
 * formatted by pcl_csvrow_format: each quoted only when it holds a
 * comma, quote, CR or LF (quotes doubled), separated by ',' and ended by
 * "\n". Errors: PCL_E_WRITE, PCL_E_NOMEM.
 */
int pcl_writer_row(struct pcl_writer *w, const char *const *fields,
    const size_t *lens, size_t n, struct pcl_error *err) PCL_NODISCARD;

/* Writes 'len' raw bytes (already CSV). Errors: PCL_E_WRITE. */
int pcl_writer_write(struct pcl_writer *w, const void *data, size_t len,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Finishes the gzip stream, flushes and fsyncs the temporary file and
 * closes it. Does not rename. After success the digest and sizes below
 * are final. Errors: PCL_E_WRITE (disk full, I/O error); the handle stays
 * valid for pcl_writer_abort.
 */
int pcl_writer_finish(struct pcl_writer *w, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Renames the finished temporary file to its final name and frees 'w'.
 * Errors: PCL_E_WRITE (the temporary file is removed, 'w' freed).
 */
int pcl_writer_publish(struct pcl_writer *w, struct pcl_error *err)
    PCL_NODISCARD;

/* Removes the temporary file and frees 'w'. NULL is a no-op. */
void pcl_writer_abort(struct pcl_writer *w);

/* Hex SHA-256 of the uncompressed bytes written (valid after finish). */
const char *pcl_writer_sha256(const struct pcl_writer *w);

/* Uncompressed and compressed byte counts so far. */
unsigned long long pcl_writer_bytes_in(const struct pcl_writer *w);
unsigned long long pcl_writer_bytes_out(const struct pcl_writer *w);

/* Rows written with pcl_writer_row. */
unsigned long long pcl_writer_rows(const struct pcl_writer *w);

/* The lane compressor built in and its version: pcl_gzchunks_name(),
 * pcl_gzchunks_version(). Static strings. */
const char *pcl_writer_compressor(void);
const char *pcl_writer_compressor_version(void);

/*
 * The atomic-file helpers under the names job.c calls: the same as
 * pcl_atomicfile_put, pcl_atomicfile_put_tmp, pcl_atomicfile_commit and
 * pcl_atomicfile_sync_dir (atomicfile.h), which new code calls directly.
 */
int pcl_writer_put_file(const char *dir, const char *name, const void *data,
    size_t len, struct pcl_error *err) PCL_NODISCARD;
int pcl_writer_put_tmp(const char *dir, const char *name, const void *data,
    size_t len, char **tmp, char **final, struct pcl_error *err)
    PCL_NODISCARD;
int pcl_writer_put_commit(const char *dir, const char *tmp,
    const char *final, struct pcl_error *err) PCL_NODISCARD;
int pcl_writer_sync_dir(const char *dir, struct pcl_error *err)
    PCL_NODISCARD;

#endif
