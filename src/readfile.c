/*
 * readfile: reads a whole file into memory (see readfile.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readfile.h"
#include "banned.h"

int
pcl_readfile_all(const char *path, size_t max, char **out, size_t *len,
    struct pcl_error *err)
{
	FILE *f;
	char *buf = NULL, *nb;
	size_t cap = 0, n = 0, got;
	int rc = PCL_OK;

	*out = NULL;
	*len = 0;
	if ((f = fopen(path, "rb")) == NULL)
		return pcl_error_set(err, PCL_E_IO, "cannot open '%s': %s",
		    path, strerror(errno));
	for (;;) {
		if (cap - n < 2) {
			/* room for 'max' + 1 bytes, to see a file over 'max' */
			size_t ncap = cap == 0 ? 65536 : cap * 2;

			if (cap > max + 1) {
				rc = pcl_error_set(err, PCL_E_TOOBIG, "'%s' is "
				    "larger than %zu bytes", path, max);
				break;
			}
			if (ncap > max + 2)
				ncap = max + 2;
			if (ncap <= cap)
				ncap = cap + 2;
			if ((nb = realloc(buf, ncap)) == NULL) {
				rc = pcl_error_set(err, PCL_E_NOMEM, "out of "
				    "memory reading '%s'", path);
				break;
			}
			buf = nb;
			cap = ncap;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > max) {
			rc = pcl_error_set(err, PCL_E_TOOBIG, "'%s' is larger "
			    "than %zu bytes", path, max);
			break;
		}
		if (got == 0) {
			if (ferror(f))
				rc = pcl_error_set(err, PCL_E_IO, "cannot read "
				    "'%s': %s", path, strerror(errno));
			break;
		}
	}
	if (fclose(f) != 0 && rc == PCL_OK)
		rc = pcl_error_set(err, PCL_E_IO, "cannot read '%s': %s", path,
		    strerror(errno));
	if (rc != PCL_OK) {
		free(buf);
		return rc;
	}
	if (buf == NULL && (buf = malloc(1)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory reading "
		    "'%s'", path);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return PCL_OK;
}
