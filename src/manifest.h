/*
 * manifest: the strict CSV record reader. Opens a plain or gzip file
 * (detected by magic bytes; every gzip member is read, and nothing may
 * follow the last), feeds libcsv in
 * strict mode, and hands out one record at a time with its record number,
 * the physical line where it starts and its byte offset, so every finding
 * can name file, record, line and column.
 */
#ifndef PCL_MANIFEST_H
#define PCL_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Overridable so the fuzzer (scripts/fuzz) reaches the long-field paths. */
#ifndef PCL_MANIFEST_MAX_FIELD_DEFAULT
#define PCL_MANIFEST_MAX_FIELD_DEFAULT	65536	/* bytes in one field */
#endif
#define PCL_MANIFEST_MAX_COLUMNS_DEFAULT 1024	/* fields in one record */
/* Records in one batch of pcl_manifest_take (fewer when they are wide). */
#define PCL_MANIFEST_BATCH_RECORDS	256
/* Batches a caller may hold at once (taken and not given back). */
#define PCL_MANIFEST_HOLD_MAX		4

/* Options; zero-initialised means defaults (',' and the limits above). */
struct pcl_manifest_opts {
	char	delimiter;		/* 0 = ',' */
	size_t	max_field_bytes;	/* 0 = default */
	size_t	max_columns;		/* 0 = default */
	/*
	 * 'encoding': NULL, "" or "utf-8" reads UTF-8;
	 * otherwise an iconv name of the input's encoding (cp1252,
	 * windows-1252, iso-8859-1, gbk, gb18030 are documented), converted
	 * to UTF-8 before parsing. 'detect_delimiter': when 1, the header
	 * line decides the delimiter if exactly one of , ; tab | occurs in
	 * it outside quotes ('delimiter' is used otherwise).
	 */
	const char *encoding;
	int	detect_delimiter;
	/*
	 * 'reader_thread': when 1, a thread of the handle inflates and
	 * parses batches ahead of the caller (same records, statuses,
	 * counters and errors; if the thread cannot be started the handle
	 * reads synchronously).
	 */
	int	reader_thread;
	/*
	 * The input's name in error messages and err->file (NULL: 'path').
	 * A spooled standard input is opened as /proc/self/fd/N but named
	 * "-" to the user.
	 */
	const char *name;
	/*
	 * 'digest': when 1, the SHA-256 of the file's bytes is computed as
	 * they are read (compressed bytes for gzip), so it is the digest
	 * of exactly the bytes judged (pcl_manifest_digest).
	 */
	int	digest;
	/*
	 * 'libcsv_only': when 1, libcsv parses every line, lines without
	 * quotes too (the reference the fast path is tested against); the
	 * records, statuses, counters and errors are the same either way.
	 */
	int	libcsv_only;
};

/* What is wrong with a record as read (before any schema check). */
enum pcl_record_status {
	PCL_REC_OK = 0,
	PCL_REC_QUOTE,		/* stray or unterminated quote (strict CSV) */
	PCL_REC_FIELD_COUNT,	/* fewer or more fields than the header */
	PCL_REC_TOOBIG,		/* a field over max_field_bytes, or too many fields */
	PCL_REC_UTF8,		/* a field is not valid UTF-8 */
	PCL_REC_NUL		/* a field contains a NUL byte */
};

/*
 * One record. Fields are borrowed: they lie in the reader's batch, the
 * one copy made of libcsv's field, valid until that batch is given back
 * (pcl_manifest_give; for pcl_manifest_next, until the next call) or the
 * handle is closed. Each field is NUL-terminated
 * at fields[i][lens[i]] (a field may still contain NUL bytes, which gives
 * PCL_REC_NUL). Spaces are kept as in the file. For a record with
 * status != OK, 'nfields' holds what could be read (maybe 0) and
 * 'bad_field' the 0-based index of the offending field (or the number of
 * fields read, for FIELD_COUNT and QUOTE).
 */
struct pcl_record {
	size_t			 nfields;
	const char *const	*fields;
	const size_t		*lens;
	unsigned long		 record;	/* 1 = first data record */
	unsigned long		 line;		/* physical line it starts on; header = 1 */
	unsigned long		 lines;		/* physical lines it spans (>= 1) */
	unsigned long long	 offset;	/* byte offset of its first byte */
	enum pcl_record_status	 status;
	size_t			 bad_field;
	/*
	 * For QUOTE and TOOBIG found in a field: the physical lines that
	 * field ran over past the one it began on (an unclosed quote
	 * swallowing lines); else 0.
	 */
	unsigned long		 swallowed;
};

struct pcl_manifest;

/*
 * Opens 'path' and reads its header record. A UTF-8 BOM at the start is
 * skipped. The path "-" is not special here (the caller spools standard
 * input to a file first). Errors, with 'err' naming the file: PCL_E_IO
 * (cannot open or read), PCL_E_GZIP (corrupt gzip header), PCL_E_SCHEMA
 * (empty file, no header, header not valid UTF-8, malformed header, an
 * empty or repeated column name), PCL_E_USAGE (encoding unknown to
 * iconv), PCL_E_NOMEM. With an encoding, byte offsets count converted
 * (UTF-8) bytes, and a byte sequence invalid in that encoding anywhere in
 * the file is PCL_E_SCHEMA (from pcl_manifest_next: the input is not in
 * the declared encoding, so no record after it can be trusted); the
 * records before it are returned first, and the error names the record,
 * its line, the column ('err->field') and, in the message, the raw byte
 * offset and the bad byte's physical line. '*out' is owned by the
 * caller (pcl_manifest_close).
 */
int pcl_manifest_open(struct pcl_manifest **out, const char *path,
    const struct pcl_manifest_opts *opts, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * For a header the caller refuses (a required column missing): reads a
 * gzip input again, from its start to the end of its gzip stream,
 * without parsing. A damaged deflate stream inflates to garbage before
 * zlib notices, so when the stream is corrupt, truncated or followed by
 * junk the header is not at fault: returns PCL_E_GZIP with 'err' naming
 * the file and the fault (PCL_E_IO, PCL_E_NOMEM if it cannot be read).
 * Returns PCL_OK for an intact stream and for a plain file.
 * pcl_manifest_open does this itself for the header errors it finds.
 */
int pcl_manifest_check_gzip(const struct pcl_manifest *m,
    struct pcl_error *err) PCL_NODISCARD;

/* Header names (borrowed, owned by the handle), 'n' = column count. */
size_t pcl_manifest_ncols(const struct pcl_manifest *m);
const char *pcl_manifest_colname(const struct pcl_manifest *m, size_t i);

/* The delimiter in use, and 1 if it was detected from the header. */
char pcl_manifest_delimiter(const struct pcl_manifest *m);
int pcl_manifest_delimiter_detected(const struct pcl_manifest *m);

/* 1 if the input was gzip-compressed. */
int pcl_manifest_is_gzip(const struct pcl_manifest *m);

/*
 * Takes the next batch of records: '*recs' holds '*n' (at least 1)
 * records in file order, borrowed with their fields until the batch is
 * given back with pcl_manifest_give. Up to PCL_MANIFEST_HOLD_MAX batches
 * may be held at once; they are given back oldest first. Returns PCL_OK,
 * PCL_END once every record has been taken, or the error that ended the
 * input (as pcl_manifest_next, once the records before it are taken);
 * PCL_E_USAGE when PCL_MANIFEST_HOLD_MAX batches are held. Do not mix
 * with pcl_manifest_next on one handle.
 */
int pcl_manifest_take(struct pcl_manifest *m, const struct pcl_record **recs,
    size_t *n, struct pcl_error *err) PCL_NODISCARD;

/* Gives back the oldest batch held. No batch held: does nothing. */
void pcl_manifest_give(struct pcl_manifest *m);

/*
 * Reads the next record into 'rec'. Returns PCL_OK (a record, which may
 * carry a status != PCL_REC_OK: it is a finding, not an error), PCL_END
 * at the end of input, or an error that makes the rest of the file
 * unusable: PCL_E_IO, PCL_E_GZIP (truncated or corrupt stream, or bytes
 * after the last gzip member), PCL_E_SCHEMA (--encoding), with 'err'
 * filled (file, record, line, column, offset). A stream error is
 * reported once every byte before it is parsed: its message names the
 * compressed byte offset and the last complete record; 'err->record' and
 * 'err->line' name the record it cuts, or are 0 when it falls between
 * records. Blank lines (no fields at
 * all) are not records: they are counted (pcl_manifest_blank_lines).
 * A last record without a final newline is returned like any other.
 * After a malformed quote the reader resynchronises at the next line end.
 */
int pcl_manifest_next(struct pcl_manifest *m, struct pcl_record *rec,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * The counters below are those at the end of the last batch taken (at
 * the end of the header before the first): exact once PCL_END is
 * returned.
 */

/* Blank lines seen so far, and physical lines read so far. */
unsigned long pcl_manifest_blank_lines(const struct pcl_manifest *m);
unsigned long pcl_manifest_lines(const struct pcl_manifest *m);

/* Bytes of (decompressed) input consumed so far, and of the file read. */
unsigned long long pcl_manifest_bytes(const struct pcl_manifest *m);
unsigned long long pcl_manifest_file_bytes(const struct pcl_manifest *m);

/*
 * With the 'digest' option, once pcl_manifest_next or pcl_manifest_take
 * has returned PCL_END: writes the SHA-256 of every byte read from the
 * file (64 hex digits and a NUL) into 'hex' and their number into
 * '*bytes' (may be NULL). Once only. Returns PCL_OK, or PCL_E_USAGE
 * without the option or before the end.
 */
int pcl_manifest_digest(struct pcl_manifest *m, char hex[65],
    unsigned long long *bytes, struct pcl_error *err) PCL_NODISCARD;

/*
 * Closes the file and frees the handle. NULL is a no-op. Returns PCL_OK,
 * or PCL_E_IO/PCL_E_GZIP if the stream had an error or close(2) failed.
 */
int pcl_manifest_close(struct pcl_manifest *m);

/*
 * Copies standard input to a new temporary file in 'dir' (NULL: $TMPDIR
 * or /tmp) so it can be read twice. The file is unlinked as soon as it
 * is created (a SIGKILL leaves nothing in the directory): it lives while
 * '*fd' is open. '*path' ("/proc/self/fd/N", owned by the caller,
 * free()) opens it again from its start. The caller closes '*fd' (-1 on
 * error). Errors: PCL_E_IO, PCL_E_WRITE, PCL_E_NOMEM.
 */
int pcl_manifest_spool_stdin(char **path, int *fd, const char *dir,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Spools input 'src' as pcl_manifest_spool_stdin does when it cannot be
 * read twice: "-" (standard input), a FIFO, a pipe such as a shell's
 * process substitution ("<(zcat x.gz)"), a character device or a socket.
 * A regular file, a directory or a path that does not exist is left
 * alone: '*path' is then NULL and '*fd' -1, and PCL_OK is returned.
 * Errors: PCL_E_IO (cannot open or read 'src'), PCL_E_WRITE,
 * PCL_E_NOMEM.
 */
int pcl_manifest_spool(char **path, int *fd, const char *src,
    const char *dir, struct pcl_error *err) PCL_NODISCARD;

/*
 * Copies field 's' ('n' bytes) into 'out' ('cap' bytes), writing every
 * byte that is not part of valid UTF-8, and every NUL, as the four
 * characters "\xHH", so a rejected record can be written to a lane file
 * that stays valid UTF-8. Returns the length the copy needs (at most
 * 4 * n); bytes beyond 'cap' are not written. No NUL is appended.
 */
size_t pcl_manifest_escape(const char *s, size_t n, char *out, size_t cap);

#endif
