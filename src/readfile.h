/*
 * readfile: the one way to read a whole file into memory (data files,
 * maps, summary.json), with a size limit and the same error texts for
 * every caller.
 */
#ifndef PCL_READFILE_H
#define PCL_READFILE_H

#include <stddef.h>

#include "error.h"

/*
 * Reads all of 'path' into a new buffer: '*out' receives 'len' bytes
 * followed by one NUL byte that 'len' does not count (so text can be
 * handled as a string), owned by caller (free()). A file larger than
 * 'max' bytes is refused. Errors, with '*out' NULL: PCL_E_IO ("cannot
 * open 'PATH': REASON", "cannot read 'PATH': REASON"), PCL_E_TOOBIG
 * ("'PATH' is larger than MAX bytes"), PCL_E_NOMEM. The message names the
 * path, so err->file stays empty.
 */
int pcl_readfile_all(const char *path, size_t max, char **out, size_t *len,
    struct pcl_error *err) PCL_NODISCARD;

#endif
