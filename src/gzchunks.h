/*
 * gzchunks: the lane compressor. A gzip stream written to a file
 * descriptor, cut into 128 KiB chunks of input that are compressed
 * independently (pigz style) on one or more threads, so the bytes depend
 * only on the level, the input and the compressor built in, never on the
 * thread count. Two builds: zlib (one gzip member; each chunk a run of
 * raw deflate blocks primed with the 32 KiB before it and ended on a
 * byte boundary; header and trailer written here, CRC-32s combined) or
 * libdeflate (make LIBDEFLATE=1: one whole gzip member per chunk, no
 * history; RFC 1952 allows several members and gzip -dc reads them as
 * one stream). Header: MTIME 0, no name, OS 255.
 */
#ifndef PCL_GZCHUNKS_H
#define PCL_GZCHUNKS_H

#include <stddef.h>

#include "error.h"

/* Input bytes per chunk: the unit of compression and of parallelism. */
#define PCL_GZCHUNKS_CHUNK	(128 * 1024)

struct pcl_gzchunks;

/*
 * Starts a gzip stream at 'level' (1-9) on 'fd' (borrowed: written, never
 * closed) with one thread and writes its header (zlib build). 'path'
 * (borrowed, must outlive the handle) names the file in messages.
 * '*out' is owned by the caller: pcl_gzchunks_free. Errors: PCL_E_NOMEM,
 * PCL_E_WRITE ('err' names 'path').
 */
int pcl_gzchunks_new(struct pcl_gzchunks **out, int fd, const char *path,
    int level, struct pcl_error *err) PCL_NODISCARD;

/*
 * Compresses with 'n' threads (1-256). With 'n' > 1 a batch of chunks is
 * compressed in the background while the caller fills the other buffer,
 * and written by the next flush. Only before the first flush. Returns
 * PCL_OK, PCL_E_USAGE ('n' out of range or data already flushed) or
 * PCL_E_NOMEM; on error the previous setting stays and the handle is
 * usable.
 */
int pcl_gzchunks_set_threads(struct pcl_gzchunks *z, int n) PCL_NODISCARD;

/*
 * The input buffer to fill and its size in '*cap' (two chunks per
 * thread). Owned by the handle; a flush may switch to another buffer, so
 * ask again after each flush.
 */
unsigned char *pcl_gzchunks_buf(struct pcl_gzchunks *z, size_t *cap);

/*
 * Compresses the first 'n' bytes of the input buffer as the next part of
 * the stream and writes the compressed bytes of the batch before it.
 * While the chunks compress, 'overlap' (if not NULL) is called with
 * 'user' and those 'n' bytes, so the caller can hash them in parallel.
 * With 'last' set the stream is ended: everything is written, trailer
 * included, and no flush may follow. Every other flush hands over a
 * multiple of PCL_GZCHUNKS_CHUNK bytes (a full buffer is one), so chunk
 * boundaries fall every PCL_GZCHUNKS_CHUNK bytes of the whole stream and
 * the bytes do not depend on the buffer size. Errors: PCL_E_USAGE (a
 * part of a chunk before the last flush; nothing done), PCL_E_WRITE
 * (write or deflate failed), PCL_E_NOMEM; after these two the stream is
 * unusable (free it).
 */
int pcl_gzchunks_flush(struct pcl_gzchunks *z, size_t n, int last,
    void (*overlap)(void *user, const unsigned char *p, size_t n),
    void *user, struct pcl_error *err) PCL_NODISCARD;

/* Compressed bytes written to the descriptor so far. */
unsigned long long pcl_gzchunks_bytes_out(const struct pcl_gzchunks *z);

/* Waits for any batch in flight and frees 'z'. NULL is a no-op. */
void pcl_gzchunks_free(struct pcl_gzchunks *z);

/*
 * The compressor built in: "libdeflate" or "zlib". The compressed bytes
 * depend on it and on its version; the uncompressed content does not.
 * Static string.
 */
const char *pcl_gzchunks_name(void);

/*
 * Its version: libdeflate's header version at build time (the library
 * has no run-time query), or zlib's run-time zlibVersion(). Static.
 */
const char *pcl_gzchunks_version(void);

#endif
