/*
 * writer: one lane file. Rows are formatted (csvrow.h) straight into the
 * compressor's input buffer, compressed in chunks (gzchunks.h) into a
 * temporary file, hashed on the way, and published by rename once
 * fsync'd (atomicfile.h).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "csvrow.h"
#include "digest.h"
#include "gzchunks.h"
#include "writer.h"
#include "banned.h"

enum wstate {
	W_OPEN,		/* accepting data */
	W_FAILED,	/* a write failed; only abort is useful */
	W_FINISHED	/* stream complete, file closed */
};

struct pcl_writer {
	char		*tmp;		/* dir/name.tmp.<pid> */
	char		*final;		/* dir/name */
	int		 fd;
	enum wstate	 state;
	struct pcl_gzchunks *gz;
	unsigned char	*in;		/* the compressor's input buffer */
	size_t		 in_len;
	size_t		 in_cap;
	char		*row;		/* a row longer than the space left */
	size_t		 row_cap;
	struct pcl_digest *dg;
	char		 hex[65];
	unsigned long long bytes_in;	/* hashed and compressed so far */
	unsigned long long rows;
};

/* Hashes the bytes of a batch while its chunks compress. */
static void
hash_batch(void *user, const unsigned char *p, size_t n)
{
	pcl_digest_update(user, p, n);
}

/* Hands the buffered input to the compressor; 'last' ends the stream. */
static int
flush_in(struct pcl_writer *w, int last, struct pcl_error *err)
{
	int rc;

	rc = pcl_gzchunks_flush(w->gz, w->in_len, last, hash_batch, w->dg,
	    err);
	w->bytes_in += w->in_len;
	w->in_len = 0;
	w->in = pcl_gzchunks_buf(w->gz, &w->in_cap);
	if (rc != PCL_OK)
		w->state = W_FAILED;
	return rc;
}

static int
check_open(const struct pcl_writer *w, struct pcl_error *err)
{
	if (w->state == W_OPEN)
		return PCL_OK;
	if (w->state == W_FAILED)
		return pcl_error_set(err, PCL_E_WRITE,
		    "cannot write '%s': an earlier write failed", w->tmp);
	return pcl_error_set(err, PCL_E_USAGE,
	    "cannot write '%s': already finished", w->tmp);
}

/* Appends 'len' bytes to the input buffer, flushing it when full. */
static int
append(struct pcl_writer *w, const void *data, size_t len,
    struct pcl_error *err)
{
	const unsigned char *p = data;
	size_t n;
	int rc;

	while (len > 0) {
		if (w->in_len == w->in_cap &&
		    (rc = flush_in(w, 0, err)) != PCL_OK)
			return rc;
		n = w->in_cap - w->in_len;
		if (n > len)
			n = len;
		memcpy(w->in + w->in_len, p, n);
		w->in_len += n;
		p += n;
		len -= n;
	}
	return PCL_OK;
}

static void
writer_free(struct pcl_writer *w)
{
	if (w == NULL)
		return;
	pcl_gzchunks_free(w->gz);
	if (w->fd >= 0)
		(void)close(w->fd);	/* nothing to report: being discarded */
	pcl_digest_free(w->dg);
	free(w->row);
	free(w->tmp);
	free(w->final);
	free(w);
}

int
pcl_writer_open(struct pcl_writer **out, const char *dir, const char *name,
    int level, struct pcl_error *err)
{
	struct pcl_writer *w;
	int rc;

	*out = NULL;
	if (level == 0)
		level = 6;
	if (level < 1 || level > 9)
		return pcl_error_set(err, PCL_E_USAGE,
		    "invalid compression level %d", level);
	if ((w = calloc(1, sizeof *w)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	w->fd = -1;
	w->state = W_OPEN;
	if ((rc = pcl_atomicfile_paths(dir, name, &w->tmp, &w->final,
	    err)) != PCL_OK) {
		writer_free(w);
		return rc;
	}
	if (pcl_digest_new(&w->dg) != PCL_OK) {
		writer_free(w);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	if ((rc = pcl_atomicfile_create(w->tmp, &w->fd, err)) != PCL_OK) {
		writer_free(w);
		return rc;
	}
	if ((rc = pcl_gzchunks_new(&w->gz, w->fd, w->tmp, level, err)) !=
	    PCL_OK) {
		pcl_writer_abort(w);
		return rc;
	}
	w->in = pcl_gzchunks_buf(w->gz, &w->in_cap);
	*out = w;
	return PCL_OK;
}

int
pcl_writer_row(struct pcl_writer *w, const char *const *fields,
    const size_t *lens, size_t n, struct pcl_error *err)
{
	size_t len;
	char *nb;
	int rc;

	if ((rc = check_open(w, err)) != PCL_OK)
		return rc;
	/* usually the row fits the space left and is formatted in place */
	len = pcl_csvrow_format((char *)w->in + w->in_len,
	    w->in_cap - w->in_len, fields, lens, n);
	if (len <= w->in_cap - w->in_len) {
		w->in_len += len;
	} else {
		if (len > w->row_cap) {
			if ((nb = realloc(w->row, len)) == NULL)
				return pcl_error_set(err, PCL_E_NOMEM,
				    "out of memory");
			w->row = nb;
			w->row_cap = len;
		}
		(void)pcl_csvrow_format(w->row, len, fields, lens, n);
		if ((rc = append(w, w->row, len, err)) != PCL_OK)
			return rc;
	}
	w->rows++;
	return PCL_OK;
}

int
pcl_writer_write(struct pcl_writer *w, const void *data, size_t len,
    struct pcl_error *err)
{
	int rc;

	if ((rc = check_open(w, err)) != PCL_OK)
		return rc;
	return append(w, data, len, err);
}

int
pcl_writer_finish(struct pcl_writer *w, struct pcl_error *err)
{
	int rc, fd;

	if ((rc = check_open(w, err)) != PCL_OK)
		return rc;
	if ((rc = flush_in(w, 1, err)) != PCL_OK)
		return rc;
	fd = w->fd;
	w->fd = -1;
	if ((rc = pcl_atomicfile_sync_close(fd, w->tmp, err)) != PCL_OK) {
		w->state = W_FAILED;
		return rc;
	}
	pcl_digest_final(w->dg, w->hex);
	w->state = W_FINISHED;
	return PCL_OK;
}

int
pcl_writer_publish(struct pcl_writer *w, struct pcl_error *err)
{
	int rc;

	if (w->state != W_FINISHED) {
		rc = pcl_error_set(err, PCL_E_USAGE,
		    "cannot publish '%s': not finished", w->final);
		pcl_writer_abort(w);
		return rc;
	}
	rc = pcl_atomicfile_rename(w->tmp, w->final, err);
	writer_free(w);
	return rc;
}

void
pcl_writer_abort(struct pcl_writer *w)
{
	if (w == NULL)
		return;
	pcl_gzchunks_free(w->gz);	/* joins a batch still in flight */
	w->gz = NULL;
	if (w->fd >= 0) {
		(void)close(w->fd);	/* discarded: no error to report */
		w->fd = -1;
	}
	(void)unlink(w->tmp);	/* may already be gone; nothing to report */
	writer_free(w);
}

int
pcl_writer_set_threads(struct pcl_writer *w, int n)
{
	int rc;

	if (w->state != W_OPEN || w->bytes_in + w->in_len > 0)
		return PCL_E_USAGE;
	if ((rc = pcl_gzchunks_set_threads(w->gz, n)) != PCL_OK)
		return rc;
	w->in = pcl_gzchunks_buf(w->gz, &w->in_cap);
	return PCL_OK;
}

const char *
pcl_writer_sha256(const struct pcl_writer *w)
{
	return w->hex;
}

unsigned long long
pcl_writer_bytes_in(const struct pcl_writer *w)
{
	return w->bytes_in + w->in_len;
}

unsigned long long
pcl_writer_bytes_out(const struct pcl_writer *w)
{
	return pcl_gzchunks_bytes_out(w->gz);
}

unsigned long long
pcl_writer_rows(const struct pcl_writer *w)
{
	return w->rows;
}

const char *
pcl_writer_compressor(void)
{
	return pcl_gzchunks_name();
}

const char *
pcl_writer_compressor_version(void)
{
	return pcl_gzchunks_version();
}

int
pcl_writer_put_file(const char *dir, const char *name, const void *data,
    size_t len, struct pcl_error *err)
{
	return pcl_atomicfile_put(dir, name, data, len, err);
}

int
pcl_writer_put_tmp(const char *dir, const char *name, const void *data,
    size_t len, char **tmp, char **final, struct pcl_error *err)
{
	return pcl_atomicfile_put_tmp(dir, name, data, len, tmp, final, err);
}

int
pcl_writer_put_commit(const char *dir, const char *tmp, const char *final,
    struct pcl_error *err)
{
	return pcl_atomicfile_commit(dir, tmp, final, err);
}

int
pcl_writer_sync_dir(const char *dir, struct pcl_error *err)
{
	return pcl_atomicfile_sync_dir(dir, err);
}
