/*
 * table: small CSV data files (see table.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "embed.h"
#include "table.h"
#include "banned.h"

struct pcl_table {
	char		*data;		/* the file's bytes */
	size_t		 len, pos;
	char		*buf;		/* unquoted fields of the current row */
	char		*f[PCL_TABLE_MAX_COLS];
	int		 ncols;
	unsigned long	 line;
	char		 name[256];
	char		 sha[65];
};

int
pcl_table_error(const struct pcl_table *t, struct pcl_error *err,
    const char *field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return PCL_E_PARSE;
	pcl_error_clear(err);
	err->code = PCL_E_PARSE;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	snprintf(err->file, sizeof err->file, "%s", t->name);
	err->line = t->line;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	return PCL_E_PARSE;
}

int
pcl_table_split(const char *p, const char *end, char *buf, char **f,
    int maxf)
{
	int n = 0;

	for (;;) {
		if (n == maxf)
			return -1;
		f[n++] = buf;
		if (p < end && *p == '"') {
			for (p++;; p++) {
				if (p >= end)
					return -1;
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*buf++ = '"';
						p++;
						continue;
					}
					p++;
					break;
				}
				*buf++ = *p;
			}
			if (p < end && *p != ',')
				return -1;
		} else {
			for (; p < end && *p != ','; p++) {
				if (*p == '"')
					return -1;
				*buf++ = *p;
			}
		}
		*buf++ = '\0';
		if (p >= end)
			return n;
		p++;	/* the comma */
	}
}

/* The next non-comment, non-blank line split; PCL_END at the end. */
static int
next_line(struct pcl_table *t, int *nf)
{
	while (t->pos < t->len) {
		const char *p = t->data + t->pos, *end = t->data + t->len;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;

		t->line++;
		t->pos = (size_t)((eol ? eol + 1 : end) - t->data);
		if (le > p && le[-1] == '\r')
			le--;
		if (le == p || *p == '#')
			continue;
		*nf = pcl_table_split(p, le, t->buf, t->f, PCL_TABLE_MAX_COLS);
		return PCL_OK;
	}
	return PCL_END;
}

static int
read_file(struct pcl_table *t, const char *path, struct pcl_error *err)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return pcl_error_set(err, PCL_E_IO, "cannot open '%s': %s",
		    path, strerror(errno));
	if ((t->data = malloc(PCL_TABLE_MAX_FILE + 1)) == NULL) {
		fclose(fp);
		return PCL_E_NOMEM;
	}
	t->len = fread(t->data, 1, PCL_TABLE_MAX_FILE + 1, fp);
	if (ferror(fp) || t->len > PCL_TABLE_MAX_FILE) {
		int big = t->len > PCL_TABLE_MAX_FILE;

		fclose(fp);
		return pcl_error_set(err, big ? PCL_E_TOOBIG : PCL_E_IO,
		    "cannot read '%s' (over 8 MiB or read error)", path);
	}
	fclose(fp);
	snprintf(t->name, sizeof t->name, "%s", path);
	return PCL_OK;
}

int
pcl_table_open(struct pcl_table **out, const char *path,
    const char *embedded, const char *const *cols, int ncols,
    struct pcl_error *err)
{
	struct pcl_table *t;
	int rc, nf, i;

	*out = NULL;
	if (ncols < 1 || ncols > PCL_TABLE_MAX_COLS)
		return pcl_error_set(err, PCL_E_USAGE, "bad column count");
	if ((t = calloc(1, sizeof *t)) == NULL)
		return PCL_E_NOMEM;
	t->ncols = ncols;
	if (path != NULL) {
		rc = read_file(t, path, err);
	} else {
		const unsigned char *d;
		size_t n;

		rc = PCL_OK;
		if (!pcl_embed_find(embedded, &d, &n))
			rc = pcl_error_set(err, PCL_E_IO, "no embedded '%s'",
			    embedded);
		else if ((t->data = malloc(n + 1)) == NULL)
			rc = PCL_E_NOMEM;
		else {
			memcpy(t->data, d, n);
			t->len = n;
			snprintf(t->name, sizeof t->name, "embedded:%s",
			    embedded);
		}
	}
	if (rc == PCL_OK && (t->buf = malloc(t->len + PCL_TABLE_MAX_COLS +
	    1)) == NULL)
		rc = PCL_E_NOMEM;
	if (rc != PCL_OK) {
		pcl_table_close(t);
		return rc;
	}
	pcl_digest_buffer(t->data, t->len, t->sha);
	if (t->len >= 3 && memcmp(t->data, "\xef\xbb\xbf", 3) == 0)
		t->pos = 3;
	if (next_line(t, &nf) != PCL_OK) {
		rc = pcl_table_error(t, err, "", "no header");
	} else {
		for (i = 0; i < ncols && nf == ncols; i++)
			if (strcmp(t->f[i], cols[i]) != 0)
				break;
		if (nf != ncols || i < ncols)
			rc = pcl_table_error(t, err, "", "header is not the "
			    "%d expected columns (first: '%s')", ncols,
			    cols[0]);
	}
	if (rc != PCL_OK) {
		pcl_table_close(t);
		return rc;
	}
	*out = t;
	return PCL_OK;
}

int
pcl_table_next(struct pcl_table *t, char ***f, struct pcl_error *err)
{
	int nf;

	if (next_line(t, &nf) != PCL_OK)
		return PCL_END;
	if (nf != t->ncols)
		return pcl_table_error(t, err, "", "malformed row: expected %d "
		    "comma-separated fields", t->ncols);
	*f = t->f;
	return PCL_OK;
}

const char *
pcl_table_name(const struct pcl_table *t)
{
	return t->name;
}

const char *
pcl_table_sha256(const struct pcl_table *t)
{
	return t->sha;
}

void
pcl_table_close(struct pcl_table *t)
{
	if (t == NULL)
		return;
	free(t->data);
	free(t->buf);
	free(t);
}
