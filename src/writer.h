/*
 * writer: gzip-compressed CSV output files, written under a temporary name
 * and published by rename, with deterministic bytes (gzip header mtime 0,
 * no file name, OS byte 255) and a SHA-256 over the uncompressed content.
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
 * Compresses with 'n' threads (1-256; default 1). The file is cut into
 * 128 KiB chunks, each deflated independently with the 32 KiB before it
 * as history and joined byte-aligned (as pigz does), so the bytes written
 * are identical for every 'n'. With 'n' > 1 compression runs in the
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
 * each quoted only when it holds a comma, quote, CR or LF (quotes
 * doubled), separated by ',' and ended by "\n". Errors: PCL_E_WRITE.
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

/*
 * The lane compressor built in (#5): "libdeflate" (built with
 * PCL_LIBDEFLATE: one gzip member per 128 KiB chunk) or "zlib" (one
 * member, chunks joined byte-aligned). The compressed bytes depend on it
 * and on its version; the uncompressed content and digests do not.
 * Static strings.
 */
const char *pcl_writer_compressor(void);

/*
 * Its version: libdeflate's header version at build time (the library
 * has no run-time query), or zlib's run-time zlibVersion(). Static.
 */
const char *pcl_writer_compressor_version(void);

/*
 * Writes 'len' bytes of 'data' to 'dir'/'name' atomically: temporary
 * file, fsync, rename, fsync of the directory. Errors: PCL_E_WRITE.
 */
int pcl_writer_put_file(const char *dir, const char *name, const void *data,
    size_t len, struct pcl_error *err) PCL_NODISCARD;

/*
 * The first half of pcl_writer_put_file (#6): writes 'len' bytes of
 * 'data' to the temporary file 'dir'/'name'.tmp.<pid>, fsyncs and closes
 * it, and does not rename. '*tmp' and '*final' (the two paths) are owned
 * by the caller (free()); rename with pcl_writer_put_commit, or unlink
 * '*tmp'. On error nothing is left behind and both are NULL.
 * Errors: PCL_E_WRITE, PCL_E_NOMEM.
 */
int pcl_writer_put_tmp(const char *dir, const char *name, const void *data,
    size_t len, char **tmp, char **final, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Renames 'tmp' to 'final' and fsyncs 'dir'. On a rename error 'tmp' is
 * removed. Errors: PCL_E_WRITE ('err' names 'final').
 */
int pcl_writer_put_commit(const char *dir, const char *tmp,
    const char *final, struct pcl_error *err) PCL_NODISCARD;

/* fsyncs directory 'dir' (after renames). Errors: PCL_E_WRITE. */
int pcl_writer_sync_dir(const char *dir, struct pcl_error *err)
    PCL_NODISCARD;

#endif
