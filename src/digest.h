/*
 * digest: SHA-256 over streams of bytes (libcrypto), printed as lowercase
 * hex, for the input, rules, FX and output digests in summary.json.
 */
#ifndef PCL_DIGEST_H
#define PCL_DIGEST_H

#include <stddef.h>

#include "error.h"

struct pcl_digest;

/* Starts a SHA-256. Returns PCL_OK or PCL_E_NOMEM. */
int pcl_digest_new(struct pcl_digest **out) PCL_NODISCARD;

/* Adds 'len' bytes of 'data'. */
void pcl_digest_update(struct pcl_digest *d, const void *data, size_t len);

/* Writes the 64 hex digits and a NUL into 'hex' and resets the digest. */
void pcl_digest_final(struct pcl_digest *d, char hex[65]);

/* Frees 'd'. NULL is a no-op. */
void pcl_digest_free(struct pcl_digest *d);

/* One-shot SHA-256 of a buffer into 'hex'. */
void pcl_digest_buffer(const void *data, size_t len, char hex[65]);

/*
 * SHA-256 of the file at 'path' into 'hex', and its size into '*size'
 * (may be NULL). Returns PCL_OK or PCL_E_IO with 'err' filled.
 */
int pcl_digest_file(const char *path, char hex[65], unsigned long long *size,
    struct pcl_error *err) PCL_NODISCARD;

#endif
