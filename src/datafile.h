/*
 * datafile: the one reader of the small CSV data files (rules, customs
 * unions, FX tables, postcode formats, screening lists, AEO list,
 * value-per-kg bands). It parses with libcsv in strict mode (RFC 4180
 * quoting: quoted fields may hold commas, "" and line breaks; a stray
 * quote is an error), keeps spaces, skips a UTF-8 BOM, blank lines and
 * (if asked) '#' comment lines between records, counts physical lines
 * itself (CRLF, a lone LF and a lone CR each end one line), and caps the
 * field size and the number of fields.
 *
 * Records are numbered as in struct pcl_error: the header is record 0,
 * the first data record is record 1. Errors go through errloc, so every
 * message names the file, record, line and (when known) column.
 */
#ifndef PCL_DATAFILE_H
#define PCL_DATAFILE_H

#include <stddef.h>

#include "error.h"

#define PCL_DATAFILE_MAX_FILE	(8UL * 1024 * 1024)	/* bytes, default */
#define PCL_DATAFILE_MAX_FIELD	(64UL * 1024)		/* bytes, default */
#define PCL_DATAFILE_MAX_COLS	2048			/* fields, default */

struct pcl_datafile;

/*
 * Limits and switches; a zero member takes the named default: max_file
 * bytes read from a path (PCL_DATAFILE_MAX_FILE), max_field bytes of one
 * field (PCL_DATAFILE_MAX_FIELD), max_cols fields of one record
 * (PCL_DATAFILE_MAX_COLS). With 'comments' 1 a line starting with '#'
 * between records is skipped.
 */
struct pcl_datafile_opts {
	size_t	max_file;
	size_t	max_field;
	size_t	max_cols;
	int	comments;
};

/*
 * Opens data file 'path' (read whole with pcl_readfile_all), or with
 * 'path' NULL the file 'embedded' built into the binary
 * ("data/lists/value-per-kg.csv"), named "embedded:<embedded>". 'o' may
 * be NULL for the defaults. Errors: PCL_E_IO (cannot open or read; no
 * such embedded file), PCL_E_TOOBIG (over max_file), PCL_E_NOMEM. '*out'
 * is owned by caller (pcl_datafile_close).
 */
int pcl_datafile_open(struct pcl_datafile **out, const char *path,
    const char *embedded, const struct pcl_datafile_opts *o,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Opens the 'len' bytes at 'data' (borrowed: they must outlive the
 * handle) under the name 'name' (copied). Errors: PCL_E_NOMEM.
 */
int pcl_datafile_open_buffer(struct pcl_datafile **out, const char *name,
    const char *data, size_t len, const struct pcl_datafile_opts *o,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Reads the next record (the first call reads the header). Returns
 * PCL_OK, PCL_END after the last record, or an error with 'err' naming
 * file, record and line: PCL_E_PARSE (a stray quote or text after a
 * closing quote, an unterminated quoted field, more than max_cols
 * fields), PCL_E_TOOBIG (a field over max_field), PCL_E_NOMEM. After an
 * error the handle only answers the accessors and close.
 */
int pcl_datafile_next(struct pcl_datafile *d, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Reads the header and checks it is exactly the 'ncols' names 'cols'.
 * Errors: those of pcl_datafile_next; PCL_E_PARSE "no header" (empty
 * file), "header has N columns, expected M", "header column N is 'x',
 * expected 'y'" (with the column named).
 */
int pcl_datafile_header(struct pcl_datafile *d, const char *const *cols,
    size_t ncols, struct pcl_error *err) PCL_NODISCARD;

/*
 * Reads the next data record and checks it has the 'ncols' fields of the
 * header: PCL_OK, PCL_END, an error of pcl_datafile_next, or PCL_E_PARSE
 * "N fields, expected M".
 */
int pcl_datafile_row(struct pcl_datafile *d, size_t ncols,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * The current record: its fields, each NUL-terminated (a field may also
 * hold a NUL byte: pcl_datafile_len gives its length), borrowed until
 * the next call.
 */
size_t pcl_datafile_nfields(const struct pcl_datafile *d);
char **pcl_datafile_fields(const struct pcl_datafile *d);
const char *pcl_datafile_field(const struct pcl_datafile *d, size_t i);
size_t pcl_datafile_len(const struct pcl_datafile *d, size_t i);

/* Record number of the current record (header 0) and its first line. */
unsigned long pcl_datafile_record(const struct pcl_datafile *d);
unsigned long pcl_datafile_line(const struct pcl_datafile *d);

/* Byte offset in the text where the current record starts. */
size_t pcl_datafile_offset(const struct pcl_datafile *d);

/*
 * The first blank line skipped right before the current record (0: none),
 * for files where a blank line is allowed only at the end.
 */
unsigned long pcl_datafile_blank(const struct pcl_datafile *d);

/* Name: the path, "embedded:<file>" or the buffer's name (borrowed). */
const char *pcl_datafile_name(const struct pcl_datafile *d);

/* Size in bytes of the whole text (BOM included). */
size_t pcl_datafile_size(const struct pcl_datafile *d);

/* Hex SHA-256 of the file's bytes (borrowed; computed on first use). */
const char *pcl_datafile_sha256(struct pcl_datafile *d);

/*
 * Fills 'err' with 'code' at the current record (file, record, line)
 * and column 'field' (NULL or ""); returns 'code'.
 */
int pcl_datafile_error(const struct pcl_datafile *d, struct pcl_error *err,
    int code, const char *field, const char *fmt, ...) PCL_PRINTF(5, 6);

/* Frees 'd' and, for a file read from a path, its bytes. NULL is a no-op. */
void pcl_datafile_close(struct pcl_datafile *d);

#endif
