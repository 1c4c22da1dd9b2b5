/*
 * header: the byte-order mark, the delimiter sniffing and the checks of
 * the manifest's header record (see header.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "header.h"
#include "banned.h"

struct pcl_header {
	size_t	  ncols;
	char	**cols;		/* ncols pointers, then the names */
};

size_t
pcl_header_bom(const unsigned char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

int
pcl_header_sniff_delimiter(const unsigned char *p, size_t n, char *delim)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	int seen[4] = { 0, 0, 0, 0 }, quoted = 0, found = -1, k;
	size_t i;

	for (i = 0; i < n && (quoted || (p[i] != '\n' && p[i] != '\r')); i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (k = 0; k < 4; k++)
				if (p[i] == (unsigned char)cand[k])
					seen[k] = 1;
	}
	for (k = 0; k < 4; k++)
		if (seen[k]) {
			if (found >= 0)
				return 0;
			found = k;
		}
	if (found < 0)
		return 0;
	*delim = cand[found];
	return 1;
}

int
pcl_header_none(int empty_file, struct pcl_error *err)
{
	return pcl_error_set(err, PCL_E_SCHEMA, "%s", empty_file ?
	    "no header: empty file" : "no header");
}

/*
 * Refuses an empty column name and two columns of the same name:
 * their values could not be told apart in the outputs. 'err->field'
 * names the column; columns are counted from 1 in the message.
 */
static int
names_ok(const char *text, const size_t *offs, const size_t *lens, size_t n,
    struct pcl_error *err)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const char *a = text + offs[i];

		if (lens[i] == 0)
			return pcl_error_set(err, PCL_E_SCHEMA, "empty column "
			    "name in the header (column %zu of %zu)", i + 1, n);
		for (k = 0; k < i; k++)
			if (lens[k] == lens[i] &&
			    memcmp(text + offs[k], a, lens[i]) == 0) {
				(void)pcl_error_set(err, PCL_E_SCHEMA,
				    "duplicate column name: columns %zu and "
				    "%zu are both '%.*s'", k + 1, i + 1,
				    (int)(lens[i] > 64 ? 64 : lens[i]), a);
				if (err != NULL)
					snprintf(err->field, sizeof err->field,
					    "%.*s", (int)(lens[i] > 63 ? 63 :
					    lens[i]), a);
				return PCL_E_SCHEMA;
			}
	}
	return PCL_OK;
}

int
pcl_header_new(struct pcl_header **out, enum pcl_record_status st,
    const char *text, const size_t *offs, const size_t *lens, size_t n,
    struct pcl_error *err)
{
	struct pcl_header *h;
	size_t i, total = 0;
	char *names;
	int rc;

	*out = NULL;
	switch (st) {
	case PCL_REC_QUOTE:
		return pcl_error_set(err, PCL_E_SCHEMA,
		    "malformed header: stray or unterminated quote");
	case PCL_REC_TOOBIG:
		return pcl_error_set(err, PCL_E_SCHEMA,
		    "malformed header: over size limit");
	case PCL_REC_UTF8:
		return pcl_error_set(err, PCL_E_SCHEMA,
		    "header not valid utf-8");
	case PCL_REC_NUL:
		return pcl_error_set(err, PCL_E_SCHEMA,
		    "header contains a nul byte");
	default:
		break;
	}
	for (i = 0; i < n; i++)
		total += lens[i] + 1;
	if (total == n)
		return pcl_header_none(0, err);
	if ((rc = names_ok(text, offs, lens, n, err)) != PCL_OK)
		return rc;
	h = malloc(sizeof *h + n * sizeof *h->cols + total);
	if (h == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	h->cols = (char **)(h + 1);
	names = (char *)(h->cols + n);
	for (i = 0; i < n; i++) {
		memcpy(names, text + offs[i], lens[i]);
		names[lens[i]] = '\0';
		h->cols[i] = names;
		names += lens[i] + 1;
	}
	h->ncols = n;
	*out = h;
	return PCL_OK;
}

size_t
pcl_header_ncols(const struct pcl_header *h)
{
	return h != NULL ? h->ncols : 0;
}

const char *
pcl_header_name(const struct pcl_header *h, size_t i)
{
	return h != NULL && i < h->ncols ? h->cols[i] : NULL;
}

void
pcl_header_free(struct pcl_header *h)
{
	free(h);
}
