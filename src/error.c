/*
 * error: status code names and the error record helpers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "banned.h"

const char *
pcl_strerror(int code)
{
	switch (code) {
	case PCL_OK:		return "ok";
	case PCL_END:		return "end of input";
	case PCL_E_IO:		return "i/o error";
	case PCL_E_PARSE:	return "malformed data";
	case PCL_E_SCHEMA:	return "schema error";
	case PCL_E_TOOBIG:	return "size limit exceeded";
	case PCL_E_NOMEM:	return "out of memory";
	case PCL_E_GZIP:	return "corrupt gzip stream";
	case PCL_E_WRITE:	return "output failed";
	case PCL_E_USAGE:	return "invalid argument";
	case PCL_E_NOTFOUND:	return "not found";
	case PCL_E_OVERFLOW:	return "arithmetic overflow";
	case PCL_E_LOCKED:	return "output directory locked";
	case PCL_E_INTERRUPTED:	return "interrupted";
	default:		return "unknown error";
	}
}

void
pcl_error_clear(struct pcl_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}

int
pcl_error_setv(struct pcl_error *err, int code, const char *fmt, va_list ap)
{
	if (err == NULL)
		return code;
	pcl_error_clear(err);
	err->code = (enum pcl_errcode)code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return code;
}

int
pcl_error_set(struct pcl_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = pcl_error_setv(err, code, fmt, ap);
	va_end(ap);
	return code;
}
