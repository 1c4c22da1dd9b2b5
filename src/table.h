/*
 * table: a small versioned CSV data file (the AEO list, the value-per-kg
 * bands, #3) read whole into memory: UTF-8, comma-separated, RFC 4180
 * quotes, LF or CRLF, '#' lines and blank lines skipped, a header that
 * must be exactly the expected column names, and the SHA-256 of the
 * file's bytes for summary.json.
 */
#ifndef PCL_TABLE_H
#define PCL_TABLE_H

#include <stddef.h>

#include "error.h"

#define PCL_TABLE_MAX_FILE	(8UL * 1024 * 1024)	/* bytes */
#define PCL_TABLE_MAX_COLS	16

struct pcl_table;

/*
 * Opens table 'path', or with 'path' NULL the embedded repository file
 * 'embedded' ("data/lists/value-per-kg.csv"), and checks its header
 * against the 'ncols' names 'cols' (at most PCL_TABLE_MAX_COLS). Errors:
 * PCL_E_IO (cannot open or read; an embedded file that is absent),
 * PCL_E_TOOBIG (over PCL_TABLE_MAX_FILE), PCL_E_PARSE (header; 'err'
 * names file and line), PCL_E_NOMEM. '*out' is the caller's
 * (pcl_table_close).
 */
int pcl_table_open(struct pcl_table **out, const char *path,
    const char *embedded, const char *const *cols, int ncols,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Reads the next data row: '*f' points at its 'ncols' NUL-terminated
 * fields (borrowed until the next call). Returns PCL_OK, PCL_END after
 * the last row, or PCL_E_PARSE for a row with bad quoting or another
 * number of fields ('err' names file and line).
 */
int pcl_table_next(struct pcl_table *t, char ***f, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Fills 'err' with PCL_E_PARSE for the current row, column 'field', and
 * the message; returns PCL_E_PARSE.
 */
int pcl_table_error(const struct pcl_table *t, struct pcl_error *err,
    const char *field, const char *fmt, ...) PCL_PRINTF(4, 5);

/*
 * Splits one line 'p'..'end' (no line end) of comma-separated fields
 * with RFC 4180 quotes into NUL-terminated fields written to 'buf'
 * (room for end - p + maxf bytes), pointed at by f[0..]. Returns the
 * number of fields, or -1 on bad quoting or more than 'maxf' fields.
 * Shared by every small data-file reader (tables, screening lists).
 */
int pcl_table_split(const char *p, const char *end, char *buf, char **f,
    int maxf) PCL_NODISCARD;

/* Name (the path, or "embedded:<file>") and hex SHA-256 (borrowed). */
const char *pcl_table_name(const struct pcl_table *t);
const char *pcl_table_sha256(const struct pcl_table *t);

/* Frees 't'. NULL is a no-op. */
void pcl_table_close(struct pcl_table *t);

#endif
