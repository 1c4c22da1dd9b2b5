/*
 * errloc: fills the position of an error in a data file (see errloc.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "errloc.h"
#include "banned.h"

int
pcl_errloc_setv(struct pcl_error *err, int code, const char *file,
    unsigned long record, unsigned long line, const char *field,
    const char *fmt, va_list ap)
{
	if (err == NULL)
		return code;
	pcl_error_setv(err, code, fmt, ap);
	snprintf(err->file, sizeof err->file, "%s", file != NULL ? file : "");
	err->record = record;
	err->line = line;
	snprintf(err->field, sizeof err->field, "%s",
	    field != NULL ? field : "");
	return code;
}

int
pcl_errloc_set(struct pcl_error *err, int code, const char *file,
    unsigned long record, unsigned long line, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = pcl_errloc_setv(err, code, file, record, line, field, fmt, ap);
	va_end(ap);
	return code;
}
