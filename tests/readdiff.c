/*
 * readdiff: the differential check of the manifest reader's fast path
 * (see readdiff.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "readdiff.h"

static int
differ(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, cap, fmt, ap);
	va_end(ap);
	return 1;
}

static int
err_differ(const struct pcl_error *a, const struct pcl_error *b,
    const char *where, char *why, size_t cap)
{
	if (a->code != b->code || strcmp(a->msg, b->msg) != 0 ||
	    strcmp(a->file, b->file) != 0 || a->record != b->record ||
	    a->line != b->line || a->offset != b->offset ||
	    strcmp(a->field, b->field) != 0)
		return differ(why, cap, "%s: error %d '%s' (record %lu line "
		    "%lu offset %llu field '%s') vs %d '%s' (record %lu line "
		    "%lu offset %llu field '%s')", where, a->code, a->msg,
		    a->record, a->line, a->offset, a->field, b->code, b->msg,
		    b->record, b->line, b->offset, b->field);
	return 0;
}

static int
rec_differ(const struct pcl_record *a, const struct pcl_record *b,
    char *why, size_t cap)
{
	size_t i;

	if (a->nfields != b->nfields || a->record != b->record ||
	    a->line != b->line || a->lines != b->lines ||
	    a->offset != b->offset || a->status != b->status ||
	    a->bad_field != b->bad_field || a->swallowed != b->swallowed)
		return differ(why, cap, "record %lu: fields %zu line %lu "
		    "lines %lu offset %llu status %d bad %zu swallowed %lu vs "
		    "record %lu: fields %zu line %lu lines %lu offset %llu "
		    "status %d bad %zu swallowed %lu", a->record, a->nfields,
		    a->line, a->lines, a->offset, (int)a->status,
		    a->bad_field, a->swallowed, b->record, b->nfields,
		    b->line, b->lines, b->offset, (int)b->status,
		    b->bad_field, b->swallowed);
	for (i = 0; i < a->nfields; i++)
		if (a->lens[i] != b->lens[i] || memcmp(a->fields[i],
		    b->fields[i], a->lens[i] + 1) != 0)
			return differ(why, cap, "record %lu field %zu: %zu "
			    "bytes vs %zu", a->record, i, a->lens[i],
			    b->lens[i]);
	return 0;
}

/* Compares the header and what ends the input of two open handles. */
static int
handles_differ(struct pcl_manifest *f, struct pcl_manifest *r, char *why,
    size_t cap, unsigned long *nrec)
{
	struct pcl_record a, b;
	struct pcl_error ea, eb;
	size_t i;
	int ra, rb;

	if (pcl_manifest_ncols(f) != pcl_manifest_ncols(r) ||
	    pcl_manifest_delimiter(f) != pcl_manifest_delimiter(r) ||
	    pcl_manifest_delimiter_detected(f) !=
	    pcl_manifest_delimiter_detected(r) ||
	    pcl_manifest_is_gzip(f) != pcl_manifest_is_gzip(r))
		return differ(why, cap, "header: %zu columns vs %zu",
		    pcl_manifest_ncols(f), pcl_manifest_ncols(r));
	for (i = 0; i < pcl_manifest_ncols(f); i++)
		if (strcmp(pcl_manifest_colname(f, i),
		    pcl_manifest_colname(r, i)) != 0)
			return differ(why, cap, "header column %zu", i);
	if (pcl_manifest_lines(f) != pcl_manifest_lines(r) ||
	    pcl_manifest_blank_lines(f) != pcl_manifest_blank_lines(r) ||
	    pcl_manifest_bytes(f) != pcl_manifest_bytes(r))
		return differ(why, cap, "counters after the header");
	for (;;) {
		pcl_error_clear(&ea);
		pcl_error_clear(&eb);
		ra = pcl_manifest_next(f, &a, &ea);
		rb = pcl_manifest_next(r, &b, &eb);
		if (ra != rb)
			return differ(why, cap, "after %lu records: result %d "
			    "vs %d", *nrec, ra, rb);
		if (ra != PCL_OK)
			break;
		++*nrec;
		if (rec_differ(&a, &b, why, cap))
			return 1;
	}
	if (ra != PCL_END && err_differ(&ea, &eb, "end", why, cap))
		return 1;
	if (pcl_manifest_lines(f) != pcl_manifest_lines(r) ||
	    pcl_manifest_blank_lines(f) != pcl_manifest_blank_lines(r) ||
	    pcl_manifest_bytes(f) != pcl_manifest_bytes(r) ||
	    pcl_manifest_file_bytes(f) != pcl_manifest_file_bytes(r))
		return differ(why, cap, "counters at the end: lines %lu blank "
		    "%lu bytes %llu vs lines %lu blank %lu bytes %llu",
		    pcl_manifest_lines(f), pcl_manifest_blank_lines(f),
		    pcl_manifest_bytes(f), pcl_manifest_lines(r),
		    pcl_manifest_blank_lines(r), pcl_manifest_bytes(r));
	return 0;
}

int
pcl_test_readdiff(const char *path, const struct pcl_manifest_opts *opts,
    char *why, size_t cap, unsigned long *nrec)
{
	struct pcl_manifest_opts fo, ro;
	struct pcl_manifest *f = NULL, *r = NULL;
	struct pcl_error ea, eb;
	unsigned long n = 0;
	int ra, rb, d;

	if (opts != NULL)
		fo = *opts;
	else
		memset(&fo, 0, sizeof fo);
	fo.libcsv_only = 0;
	ro = fo;
	ro.libcsv_only = 1;
	why[0] = '\0';
	pcl_error_clear(&ea);
	pcl_error_clear(&eb);
	ra = pcl_manifest_open(&f, path, &fo, &ea);
	rb = pcl_manifest_open(&r, path, &ro, &eb);
	if (ra != rb)
		d = differ(why, cap, "open: result %d vs %d", ra, rb);
	else if (ra != PCL_OK)
		d = err_differ(&ea, &eb, "open", why, cap);
	else
		d = handles_differ(f, r, why, cap, &n);
	ra = pcl_manifest_close(f);
	rb = pcl_manifest_close(r);
	if (!d && ra != rb)
		d = differ(why, cap, "close: result %d vs %d", ra, rb);
	if (nrec != NULL)
		*nrec = n;
	return d;
}
