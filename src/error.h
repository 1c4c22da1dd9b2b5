/*
 * error: the status codes every parcelclear function returns, and the error
 * record that says where (file, record, line, column) a failure happened.
 */
#ifndef PCL_ERROR_H
#define PCL_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define PCL_NODISCARD __attribute__((warn_unused_result))
#define PCL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PCL_NODISCARD
#define PCL_PRINTF(f, a)
#endif

/*
 * Status codes. Numbers are stable forever; a retired value stays reserved.
 * 0 is success; PCL_END is not a failure but "no more records".
 */
enum pcl_errcode {
	PCL_OK = 0,
	PCL_END = 1,		/* end of input: no more records */
	PCL_E_IO = 2,		/* read error, cannot open */
	PCL_E_PARSE = 3,	/* malformed data file (rules, FX, map) */
	PCL_E_SCHEMA = 4,	/* no header, required column missing */
	PCL_E_TOOBIG = 5,	/* over a documented size limit */
	PCL_E_NOMEM = 6,	/* allocation failed */
	PCL_E_GZIP = 7,		/* corrupt or truncated gzip stream */
	PCL_E_WRITE = 8,	/* write, fsync or rename failed */
	PCL_E_USAGE = 9,	/* invalid argument from the caller */
	PCL_E_NOTFOUND = 10,	/* lookup found nothing */
	PCL_E_OVERFLOW = 11,	/* arithmetic result out of range */
	PCL_E_LOCKED = 12,	/* output directory in use by another run */
	PCL_E_INTERRUPTED = 13	/* stopped by a signal */
};

/*
 * Where and why an operation failed. 'record' is 1-based counting data
 * records (0 if none), 'line' the physical line where that record starts
 * (header = line 1; 0 if none), 'field' the column name or "".
 * 'msg' is lowercase with no final period.
 */
struct pcl_error {
	enum pcl_errcode code;
	char		 file[256];
	unsigned long	 record;
	unsigned long	 line;
	unsigned long long offset;	/* byte offset in the (decompressed) input */
	char		 field[64];
	char		 msg[256];
};

/* Static English name of 'code' ("ok", "i/o error", ...). Never NULL. */
const char *pcl_strerror(int code);

/*
 * Fills 'err' (if non-NULL) with 'code' and a printf-style message, clears
 * position fields, and returns 'code' so callers can write
 * `return pcl_error_set(err, PCL_E_IO, "cannot open '%s'", path);`.
 */
int pcl_error_set(struct pcl_error *err, int code, const char *fmt, ...)
    PCL_PRINTF(3, 4);

/* Same as pcl_error_set with a va_list. */
int pcl_error_setv(struct pcl_error *err, int code, const char *fmt,
    va_list ap) PCL_PRINTF(3, 0);

/* Resets 'err' to PCL_OK with empty fields. 'err' may be NULL. */
void pcl_error_clear(struct pcl_error *err);

#endif
