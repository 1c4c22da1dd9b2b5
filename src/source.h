/*
 * source: the bytes of an input, as the record reader sees them. Owns
 * the file descriptor, gzip inflation (every member, nothing after the
 * last), conversion from a declared encoding to UTF-8 (iconv), the
 * SHA-256 of the file's bytes computed as they are read, and the spool
 * that makes an input read only once (standard input, a FIFO, a pipe)
 * readable twice. Knows nothing of CSV, records or lines.
 */
#ifndef PCL_SOURCE_H
#define PCL_SOURCE_H

#include <stddef.h>

#include "error.h"

struct pcl_source;

/*
 * Opens 'path' ('name' in messages; NULL: 'path'). A file starting with
 * the gzip magic bytes is inflated. 'encoding': NULL, "", "utf-8" or
 * "utf8" reads the bytes as they are; otherwise an iconv name they are
 * converted from. 'digest': 1 to hash the file's bytes as they are read
 * (compressed bytes for gzip, as on disk). Errors: PCL_E_IO (cannot
 * open), PCL_E_USAGE (encoding unknown to iconv), PCL_E_NOMEM. '*out'
 * is owned by the caller (pcl_source_close).
 */
int pcl_source_open(struct pcl_source **out, const char *path,
    const char *name, const char *encoding, int digest,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Reads up to 'n' bytes of input (inflated, converted to UTF-8) into
 * 'dst', storing how many in '*got': 0 with PCL_OK only at the end of
 * the input. 'n' must be at least pcl_source_min_room. Returns PCL_OK,
 * or the fault that ends the input: PCL_E_GZIP (corrupt or truncated
 * stream, junk after the last member), PCL_E_IO, PCL_E_SCHEMA (a byte
 * sequence invalid in the declared encoding), PCL_E_NOMEM; the message
 * is pcl_source_error's, and '*got' holds the bytes before the fault.
 */
int pcl_source_read(struct pcl_source *s, unsigned char *dst, size_t n,
    size_t *got) PCL_NODISCARD;

/* The smallest room pcl_source_read converts into (4 with an encoding). */
size_t pcl_source_min_room(const struct pcl_source *s);

/* The message of the fault pcl_source_read returned (borrowed). */
const char *pcl_source_error(const struct pcl_source *s);

/* 1 if the input is gzip-compressed. */
int pcl_source_is_gzip(const struct pcl_source *s);

/* Bytes of the file used so far (compressed bytes, for gzip). */
unsigned long long pcl_source_file_pos(const struct pcl_source *s);

/*
 * With 'digest', once the file has been read to its end: writes the
 * SHA-256 of its bytes (64 hex digits and a NUL) into 'hex' and their
 * number into '*bytes' (may be NULL). Once only. Returns PCL_OK, or
 * PCL_E_USAGE without 'digest' or before the end.
 */
int pcl_source_digest(struct pcl_source *s, char hex[65],
    unsigned long long *bytes) PCL_NODISCARD;

/*
 * Closes the file and frees 's'. NULL is a no-op. Returns PCL_OK, or
 * PCL_E_IO if close(2) failed.
 */
int pcl_source_close(struct pcl_source *s);

/*
 * Reads the gzip file 'path' ('name' in messages) to the end of its
 * gzip stream without keeping anything. Returns PCL_OK for an intact
 * stream or a file that is not gzip, else PCL_E_GZIP (corrupt,
 * truncated, junk after it), PCL_E_IO or PCL_E_NOMEM with 'err' naming
 * the file and the fault.
 */
int pcl_source_check_gzip(const char *path, const char *name,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Spools input 'src' to a new temporary file in 'dir' (NULL: $TMPDIR or
 * /tmp) when it cannot be read twice: "-" (standard input), a FIFO, a
 * pipe such as a shell's "<(zcat x.gz)", a character device, a socket.
 * The file is unlinked as soon as it is created (a SIGKILL leaves
 * nothing behind) and lives while '*fd' is open; '*path'
 * ("/proc/self/fd/N", owned by the caller, free()) opens it again from
 * its start. A regular file, a directory or a path that does not exist
 * is left alone: '*path' NULL, '*fd' -1, PCL_OK. The caller closes
 * '*fd'. Errors: PCL_E_IO, PCL_E_WRITE, PCL_E_NOMEM; PCL_E_INTERRUPTED
 * when a signal handler ran while it waited to open or read 'src'.
 */
int pcl_source_spool(char **path, int *fd, const char *src, const char *dir,
    struct pcl_error *err) PCL_NODISCARD;

#endif
