/*
 * writer: deterministic gzip CSV lane files. Rows are formatted into a
 * large input buffer, compressed with zlib deflate into a temporary file
 * and published by rename once fsync'd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ZLIB_CONST
#include <zlib.h>

#include "digest.h"
#include "writer.h"

#include "banned.h"

#define IN_SIZE		(256 * 1024)	/* input buffered before deflating */
#define OUT_SIZE	(256 * 1024)	/* deflate output buffer */
#define GZ_OS_UNKNOWN	255

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
	z_stream	 zs;
	int		 zinit;
	gz_header	 gzh;
	unsigned char	*in;
	size_t		 in_len;
	unsigned char	*out;
	struct pcl_digest *dg;
	char		 hex[65];
	unsigned long long bytes_in;
	unsigned long long bytes_out;
	unsigned long long rows;
};

/* 1 for the bytes that force a CSV field to be quoted. */
static const unsigned char csv_special[256] = {
	['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1
};

static int
werr(struct pcl_error *err, const char *what, const char *path, int e)
{
	int rc;

	rc = pcl_error_set(err, PCL_E_WRITE, "cannot %s '%s': %s", what,
	    path, strerror(e));
	if (err != NULL)
		snprintf(err->file, sizeof err->file, "%s", path);
	return rc;
}

/* Writes all 'len' bytes to 'fd', retrying on EINTR and short writes. */
static int
write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Joins "dir/name" plus 'suffix' into a new string, or NULL. */
static char *
join_path(const char *dir, const char *name, const char *suffix)
{
	size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s%s", dir, name, suffix);
	return p;
}

/* Creates 'dir'/'name' and its temporary name in '*tmp' and '*final'. */
static int
make_paths(const char *dir, const char *name, char **tmp, char **final,
    struct pcl_error *err)
{
	char suffix[32];

	snprintf(suffix, sizeof suffix, ".tmp.%ld", (long)getpid());
	*tmp = join_path(dir, name, suffix);
	*final = join_path(dir, name, "");
	if (*tmp == NULL || *final == NULL) {
		free(*tmp);
		free(*final);
		*tmp = *final = NULL;
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	return PCL_OK;
}

static int
create_tmp(const char *path, int *fd, struct pcl_error *err)
{
	do
		*fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	while (*fd < 0 && errno == EINTR);
	if (*fd < 0)
		return werr(err, "create", path, errno);
	return PCL_OK;
}

/* fsyncs and closes 'fd'; returns 0 or -1 with errno set. */
static int
sync_close(int fd, const char **what)
{
	int e;

	*what = "fsync";
	if (fsync(fd) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	*what = "close";
	if (close(fd) != 0 && errno != EINTR)
		return -1;
	return 0;
}

/*
 * Compresses 'len' bytes of 'data' and writes the deflate output; with
 * 'last' set, also ends the gzip stream. All compression goes through
 * here so the engine can be swapped without touching the row code.
 */
static int
compress_buf(struct pcl_writer *w, const unsigned char *data, size_t len,
    int last, struct pcl_error *err)
{
	int flush = last ? Z_FINISH : Z_NO_FLUSH;
	size_t have;
	int zr;

	w->zs.next_in = data;
	w->zs.avail_in = (uInt)len;
	do {
		w->zs.next_out = w->out;
		w->zs.avail_out = OUT_SIZE;
		zr = deflate(&w->zs, flush);
		if (zr == Z_STREAM_ERROR) {
			w->state = W_FAILED;
			return pcl_error_set(err, PCL_E_WRITE,
			    "cannot compress '%s': deflate failed", w->tmp);
		}
		have = OUT_SIZE - w->zs.avail_out;
		if (have > 0 && write_all(w->fd, w->out, have) != 0) {
			w->state = W_FAILED;
			return werr(err, "write", w->tmp, errno);
		}
		w->bytes_out += have;
	} while (w->zs.avail_out == 0 || w->zs.avail_in > 0);
	if (last && zr != Z_STREAM_END) {
		w->state = W_FAILED;
		return pcl_error_set(err, PCL_E_WRITE,
		    "cannot compress '%s': stream not ended", w->tmp);
	}
	return PCL_OK;
}

/* Hashes and compresses the buffered input, emptying the buffer. */
static int
flush_in(struct pcl_writer *w, int last, struct pcl_error *err)
{
	int rc;

	pcl_digest_update(w->dg, w->in, w->in_len);
	w->bytes_in += w->in_len;
	rc = compress_buf(w, w->in, w->in_len, last, err);
	w->in_len = 0;
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
		if (w->in_len == IN_SIZE &&
		    (rc = flush_in(w, 0, err)) != PCL_OK)
			return rc;
		n = IN_SIZE - w->in_len;
		if (n > len)
			n = len;
		memcpy(w->in + w->in_len, p, n);
		w->in_len += n;
		p += n;
		len -= n;
	}
	return PCL_OK;
}

/* Appends one byte. */
static int
append_byte(struct pcl_writer *w, unsigned char c, struct pcl_error *err)
{
	int rc;

	if (w->in_len == IN_SIZE && (rc = flush_in(w, 0, err)) != PCL_OK)
		return rc;
	w->in[w->in_len++] = c;
	return PCL_OK;
}

/* Appends 'f' quoted, doubling each '"'. */
static int
append_quoted(struct pcl_writer *w, const char *f, size_t len,
    struct pcl_error *err)
{
	const char *q;
	size_t n;
	int rc;

	if ((rc = append_byte(w, '"', err)) != PCL_OK)
		return rc;
	while (len > 0) {
		q = memchr(f, '"', len);
		n = q == NULL ? len : (size_t)(q - f) + 1;
		if ((rc = append(w, f, n, err)) != PCL_OK)
			return rc;
		if (q != NULL && (rc = append_byte(w, '"', err)) != PCL_OK)
			return rc;
		f += n;
		len -= n;
	}
	return append_byte(w, '"', err);
}

static void
writer_free(struct pcl_writer *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->zinit)
		deflateEnd(&w->zs);
	pcl_digest_free(w->dg);
	free(w->in);
	free(w->out);
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
	if ((rc = make_paths(dir, name, &w->tmp, &w->final, err)) != PCL_OK) {
		writer_free(w);
		return rc;
	}
	w->in = malloc(IN_SIZE);
	w->out = malloc(OUT_SIZE);
	if (w->in == NULL || w->out == NULL ||
	    pcl_digest_new(&w->dg) != PCL_OK) {
		writer_free(w);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	if (deflateInit2(&w->zs, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		writer_free(w);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	w->zinit = 1;
	/* time 0, os unknown, no name or comment: same bytes on any host */
	w->gzh.time = 0;
	w->gzh.os = GZ_OS_UNKNOWN;
	if (deflateSetHeader(&w->zs, &w->gzh) != Z_OK) {
		writer_free(w);
		return pcl_error_set(err, PCL_E_WRITE,
		    "cannot set gzip header for '%s'", w->tmp);
	}
	if ((rc = create_tmp(w->tmp, &w->fd, err)) != PCL_OK) {
		writer_free(w);
		return rc;
	}
	*out = w;
	return PCL_OK;
}

int
pcl_writer_row(struct pcl_writer *w, const char *const *fields,
    const size_t *lens, size_t n, struct pcl_error *err)
{
	const unsigned char *p, *end;
	size_t i, len;
	int rc;

	if ((rc = check_open(w, err)) != PCL_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (i > 0 && (rc = append_byte(w, ',', err)) != PCL_OK)
			return rc;
		len = lens[i];
		p = (const unsigned char *)fields[i];
		end = p + len;
		while (p < end && !csv_special[*p])
			p++;
		if (p == end) {
			/* fast path: no quoting, usually fits */
			if (len <= IN_SIZE - w->in_len) {
				memcpy(w->in + w->in_len, fields[i], len);
				w->in_len += len;
			} else if ((rc = append(w, fields[i], len, err)) !=
			    PCL_OK)
				return rc;
		} else if ((rc = append_quoted(w, fields[i], len, err)) !=
		    PCL_OK)
			return rc;
	}
	if ((rc = append_byte(w, '\n', err)) != PCL_OK)
		return rc;
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
	const char *what;
	int rc;

	if ((rc = check_open(w, err)) != PCL_OK)
		return rc;
	if ((rc = flush_in(w, 1, err)) != PCL_OK)
		return rc;
	if (sync_close(w->fd, &what) != 0) {
		w->fd = -1;
		w->state = W_FAILED;
		return werr(err, what, w->tmp, errno);
	}
	w->fd = -1;
	pcl_digest_final(w->dg, w->hex);
	w->state = W_FINISHED;
	return PCL_OK;
}

int
pcl_writer_publish(struct pcl_writer *w, struct pcl_error *err)
{
	int rc = PCL_OK;

	if (w->state != W_FINISHED) {
		rc = pcl_error_set(err, PCL_E_USAGE,
		    "cannot publish '%s': not finished", w->final);
		pcl_writer_abort(w);
		return rc;
	}
	if (rename(w->tmp, w->final) != 0) {
		rc = pcl_error_set(err, PCL_E_WRITE,
		    "cannot rename '%s' to '%s': %s", w->tmp, w->final,
		    strerror(errno));
		if (err != NULL)
			snprintf(err->file, sizeof err->file, "%s", w->final);
		unlink(w->tmp);
	}
	writer_free(w);
	return rc;
}

void
pcl_writer_abort(struct pcl_writer *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0) {
		close(w->fd);
		w->fd = -1;
	}
	unlink(w->tmp);
	writer_free(w);
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
	return w->bytes_out;
}

unsigned long long
pcl_writer_rows(const struct pcl_writer *w)
{
	return w->rows;
}

int
pcl_writer_put_file(const char *dir, const char *name, const void *data,
    size_t len, struct pcl_error *err)
{
	char *tmp, *final;
	const char *what;
	int fd, rc;

	if ((rc = make_paths(dir, name, &tmp, &final, err)) != PCL_OK)
		return rc;
	if ((rc = create_tmp(tmp, &fd, err)) != PCL_OK)
		goto out;
	if (write_all(fd, data, len) != 0) {
		rc = werr(err, "write", tmp, errno);
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (sync_close(fd, &what) != 0) {
		rc = werr(err, what, tmp, errno);
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, final) != 0) {
		rc = pcl_error_set(err, PCL_E_WRITE,
		    "cannot rename '%s' to '%s': %s", tmp, final,
		    strerror(errno));
		if (err != NULL)
			snprintf(err->file, sizeof err->file, "%s", final);
		unlink(tmp);
		goto out;
	}
	rc = pcl_writer_sync_dir(dir, err);
out:
	free(tmp);
	free(final);
	return rc;
}

int
pcl_writer_sync_dir(const char *dir, struct pcl_error *err)
{
	const char *what;
	int fd;

	do
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return werr(err, "open directory", dir, errno);
	if (sync_close(fd, &what) != 0)
		return werr(err, what, dir, errno);
	return PCL_OK;
}
