/*
 * writer: deterministic gzip CSV lane files. Rows are formatted into a
 * batch buffer, deflated in independent 128 KiB chunks (pigz style, on
 * one or more threads, same bytes either way) into a temporary file and
 * published by rename once fsync'd.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ZLIB_CONST
#include <zlib.h>
#ifdef PCL_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "digest.h"
#include "writer.h"

#include "banned.h"

#define CHUNK		(128 * 1024)	/* input bytes per deflate block */
#define DICT		(32 * 1024)	/* history primed from the last chunk */
#ifdef PCL_LIBDEFLATE
#define KEEP_HISTORY	0	/* members have no history: nothing to copy */
#else
#define KEEP_HISTORY	1
#endif
#define MAX_THREADS	256
#define GZ_OS_UNKNOWN	255

enum wstate {
	W_OPEN,		/* accepting data */
	W_FAILED,	/* a write failed; only abort is useful */
	W_FINISHED	/* stream complete, file closed */
};

/* One chunk of input and its compressed form. */
struct job {
	const unsigned char *data;
	size_t		 len;
	const unsigned char *dict;	/* DICT bytes before 'data', or NULL */
	int		 last;		/* ends the deflate stream */
	unsigned char	*out;		/* owned by the job, grows as needed */
	size_t		 out_len;
	size_t		 out_cap;
	unsigned long	 crc;		/* CRC-32 of 'data' */
	int		 failed;
};

/* A deflate stream and the jobs it compresses in one batch. */
struct worker {
	z_stream	 zs;
	int		 zinit;
#ifdef PCL_LIBDEFLATE
	struct libdeflate_compressor *ldc;
#endif
	struct job	*jobs;
	size_t		 first, step, njobs;	/* jobs first, first+step, ... */
	pthread_t	 tid;
	int		 started;
	int		 ran;		/* done inline (no thread) */
};

/*
 * The compression engine: batch buffers, jobs and workers. With more
 * than one thread it is asynchronous: a full batch is compressed in the
 * background while the caller fills the other buffer, and its output is
 * written at the next flush (batches are written in order).
 */
struct engine {
	int		 threads;
	int		 async;		/* threads > 1: compress in the background */
	size_t		 nchunks;	/* chunks per batch */
	unsigned char	*bufs[2];	/* DICT history + nchunks * CHUNK each */
	int		 cur;		/* buffer being filled */
	size_t		 pending;	/* chunks of the batch in flight, or 0 */
	size_t		 nworkers;	/* workers of that batch */
	struct job	*jobs;		/* nchunks */
	struct worker	*workers;	/* threads */
};

struct pcl_writer {
	char		*tmp;		/* dir/name.tmp.<pid> */
	char		*final;		/* dir/name */
	int		 fd;
	enum wstate	 state;
	int		 level;
	struct engine	 eng;
	unsigned char	*in;		/* eng.bufs[eng.cur] + DICT */
	size_t		 in_len;
	size_t		 in_cap;
	unsigned long	 crc;		/* CRC-32 of everything compressed */
	struct pcl_digest *dg;
	char		 hex[65];
	unsigned long long bytes_in;	/* hashed and compressed so far */
	unsigned long long bytes_out;
	unsigned long long rows;
};


/* 0x80 in each byte of 'v' that may be zero; nonzero iff one is (#5). */
#define ZERO_BYTE(v)	(((v) - 0x0101010101010101ull) & ~(v) & \
			    0x8080808080808080ull)
#define BYTES(c)	(0x0101010101010101ull * (unsigned char)(c))

/*
 * Nonzero when one of the eight bytes of 'w' forces quoting. All four
 * such bytes are below 0x2d, so a word with no byte below 0x2d is
 * answered at once; another (e.g. holding a space) is tested for each
 * of the four exactly (Hacker's Delight, 6-1).
 */
static int
special_in(uint64_t w)
{
	if (((w - BYTES(0x2d)) & ~w & 0x8080808080808080ull) == 0)
		return 0;
	return (ZERO_BYTE(w ^ BYTES('\n')) | ZERO_BYTE(w ^ BYTES('\r')) |
	    ZERO_BYTE(w ^ BYTES('"')) | ZERO_BYTE(w ^ BYTES(','))) != 0;
}

/*
 * Nonzero when field 'p' of 'len' bytes must be quoted (#5): a word test
 * per eight bytes, the rest by overlapping loads inside the field (the
 * last eight bytes; two four-byte halves; or the first, middle and last
 * byte padded with 'a'), never reading past its end.
 */
static int
needs_quotes(const unsigned char *p, size_t len)
{
	uint64_t w;
	uint32_t h, t;
	size_t i;

	if (len >= 8) {
		for (i = 0; len - i >= 8; i += 8) {
			memcpy(&w, p + i, 8);
			if (special_in(w))
				return 1;
		}
		if (i == len)
			return 0;
		memcpy(&w, p + len - 8, 8);
		return special_in(w);
	}
	if (len >= 4) {
		memcpy(&h, p, 4);
		memcpy(&t, p + len - 4, 4);
		return special_in((uint64_t)h | (uint64_t)t << 32);
	}
	if (len == 0)
		return 0;
	return special_in((uint64_t)p[0] | (uint64_t)p[len / 2] << 8 |
	    (uint64_t)p[len - 1] << 16 | (BYTES('a') << 24));
}

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

static void worker_join(struct engine *e);

static void
engine_free(struct engine *e)
{
	size_t i;

	worker_join(e);
	if (e->workers != NULL)
		for (i = 0; i < (size_t)e->threads; i++) {
			if (e->workers[i].zinit)
				deflateEnd(&e->workers[i].zs);
#ifdef PCL_LIBDEFLATE
			libdeflate_free_compressor(e->workers[i].ldc);
#endif
		}
	if (e->jobs != NULL)
		for (i = 0; i < e->nchunks; i++)
			free(e->jobs[i].out);
	free(e->workers);
	free(e->jobs);
	free(e->bufs[0]);
	free(e->bufs[1]);
	memset(e, 0, sizeof *e);
}

/*
 * Sets up 'threads' raw deflate streams at 'level' and a batch of two
 * chunks per thread. Returns 0, or -1 when out of memory.
 */
static int
engine_init(struct engine *e, int threads, int level)
{
	size_t i, bound;

	memset(e, 0, sizeof *e);
	e->threads = threads;
	e->async = threads > 1;
	e->nchunks = 2 * (size_t)threads;
	e->bufs[0] = malloc(DICT + e->nchunks * CHUNK);
	if (e->async)
		e->bufs[1] = malloc(DICT + e->nchunks * CHUNK);
	e->jobs = calloc(e->nchunks, sizeof *e->jobs);
	e->workers = calloc((size_t)threads, sizeof *e->workers);
	if (e->bufs[0] == NULL || (e->async && e->bufs[1] == NULL) ||
	    e->jobs == NULL || e->workers == NULL)
		goto fail;
	for (i = 0; i < (size_t)threads; i++) {
		/* raw deflate (-15): the gzip wrapper is written here */
		if (deflateInit2(&e->workers[i].zs, level, Z_DEFLATED, -15, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			goto fail;
		e->workers[i].zinit = 1;
#ifdef PCL_LIBDEFLATE
		if ((e->workers[i].ldc = libdeflate_alloc_compressor(level)) ==
		    NULL)
			goto fail;
#endif
	}
	bound = deflateBound(&e->workers[0].zs, CHUNK) + 64;
	for (i = 0; i < e->nchunks; i++) {
		if ((e->jobs[i].out = malloc(bound)) == NULL)
			goto fail;
		e->jobs[i].out_cap = bound;
	}
	return 0;
fail:
	engine_free(e);
	return -1;
}

#ifndef PCL_LIBDEFLATE
/*
 * Compresses one chunk as a run of raw deflate blocks that ends on a byte
 * boundary (Z_SYNC_FLUSH), or ends the stream (Z_FINISH) for the last
 * chunk. The history is primed with the DICT bytes before the chunk, as
 * pigz does, so the result depends only on the level, the chunk and its
 * history, never on which thread ran it or how many there are.
 */
static void
compress_job(z_stream *zs, struct job *j)
{
	int flush = j->last ? Z_FINISH : Z_SYNC_FLUSH;
	unsigned char *nb;
	int zr;

	j->out_len = 0;
	j->failed = PCL_OK;
	j->crc = crc32(0L, j->data, (uInt)j->len);
	if (deflateReset(zs) != Z_OK || (j->dict != NULL &&
	    deflateSetDictionary(zs, j->dict, DICT) != Z_OK)) {
		j->failed = PCL_E_WRITE;
		return;
	}
	zs->next_in = j->data;
	zs->avail_in = (uInt)j->len;
	for (;;) {
		if (j->out_len == j->out_cap) {
			if ((nb = realloc(j->out, 2 * j->out_cap)) == NULL) {
				j->failed = PCL_E_NOMEM;
				return;
			}
			j->out = nb;
			j->out_cap *= 2;
		}
		zs->next_out = j->out + j->out_len;
		zs->avail_out = (uInt)(j->out_cap - j->out_len);
		zr = deflate(zs, flush);
		j->out_len = j->out_cap - zs->avail_out;
		if (zr == Z_STREAM_END)
			return;
		if ((zr != Z_OK && zr != Z_BUF_ERROR) ||
		    (zs->avail_out != 0 && j->last)) {
			j->failed = PCL_E_WRITE;
			return;
		}
		if (zs->avail_out != 0)
			return;		/* flushed, all input consumed */
	}
}
#endif

#ifdef PCL_LIBDEFLATE
/*
 * Built with PCL_LIBDEFLATE (make LIBDEFLATE=1): each chunk becomes one
 * whole gzip member (RFC 1952 allows several; gzip -dc and zlib read
 * them as one stream) compressed by libdeflate without history, so the
 * bytes still depend only on the level and the chunk (#5).
 */
static void
compress_member(struct libdeflate_compressor *c, struct job *j)
{
	size_t bound = libdeflate_gzip_compress_bound(c, j->len);
	unsigned char *nb;

	j->out_len = 0;
	j->failed = PCL_OK;
	j->crc = 0;	/* each member carries its own CRC-32 (#5) */
	if (bound > j->out_cap) {
		if ((nb = realloc(j->out, bound)) == NULL) {
			j->failed = PCL_E_NOMEM;
			return;
		}
		j->out = nb;
		j->out_cap = bound;
	}
	j->out_len = libdeflate_gzip_compress(c, j->data, j->len, j->out,
	    j->out_cap);
	if (j->out_len == 0)
		j->failed = PCL_E_WRITE;
}
#endif

/* Thread body: this worker's share of the batch. */
static void *
worker_run(void *arg)
{
	struct worker *k = arg;
	size_t i;

	for (i = k->first; i < k->njobs; i += k->step)
#ifdef PCL_LIBDEFLATE
		compress_member(k->ldc, &k->jobs[i]);
#else
		compress_job(&k->zs, &k->jobs[i]);
#endif
	return NULL;
}

/*
 * Starts the workers on the first 'count' jobs. A worker whose thread
 * cannot be created runs here at once ('inline_now') or at the join, so
 * the output never depends on the thread count.
 */
static void
worker_launch(struct engine *e, size_t count, int inline_now)
{
	size_t i, t = count < (size_t)e->threads ? count : (size_t)e->threads;

	for (i = 0; i < t; i++) {
		e->workers[i].jobs = e->jobs;
		e->workers[i].first = i;
		e->workers[i].step = t;
		e->workers[i].njobs = count;
		e->workers[i].ran = 0;
		e->workers[i].started = t > 1 &&
		    pthread_create(&e->workers[i].tid, NULL, worker_run,
		    &e->workers[i]) == 0;
		if (!e->workers[i].started && inline_now) {
			worker_run(&e->workers[i]);
			e->workers[i].ran = 1;
		}
	}
	e->pending = count;
	e->nworkers = t;
}

/* Waits for (or runs) every worker of the batch in flight. */
static void
worker_join(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->nworkers; i++) {
		if (e->workers[i].started)
			pthread_join(e->workers[i].tid, NULL);
		else if (!e->workers[i].ran)
			worker_run(&e->workers[i]);
		e->workers[i].started = 0;
		e->workers[i].ran = 1;
	}
	e->nworkers = 0;
}

/* Finishes the batch in flight, if any, and writes its chunks in order. */
static int
collect(struct pcl_writer *w, struct pcl_error *err)
{
	struct engine *e = &w->eng;
	size_t i, count = e->pending;
	struct job *j;

	worker_join(e);
	e->pending = 0;
	for (i = 0; i < count; i++) {
		j = &e->jobs[i];
		if (j->failed != PCL_OK) {
			w->state = W_FAILED;
			return pcl_error_set(err, j->failed,
			    "cannot compress '%s': %s", w->tmp,
			    j->failed == PCL_E_NOMEM ? "out of memory" :
			    "deflate failed");
		}
		if (write_all(w->fd, j->out, j->out_len) != 0) {
			w->state = W_FAILED;
			return werr(err, "write", w->tmp, errno);
		}
		w->bytes_out += j->out_len;
#ifndef PCL_LIBDEFLATE
		w->crc = crc32_combine(w->crc, j->crc, (z_off_t)j->len);
#endif
	}
	return PCL_OK;
}

/*
 * Hashes and compresses the buffered input as one batch of chunks, and
 * keeps the last DICT bytes as history for the next batch. With 'last'
 * set the final chunk ends the deflate stream. Chunks are spread over
 * the engine's threads while this thread computes the SHA-256. An
 * asynchronous engine returns at once with the batch in flight and
 * switches to its other buffer; the batch is written by the next call.
 * Chunk boundaries fall every CHUNK bytes of the whole stream whatever
 * the batch size, so the bytes never depend on the thread count.
 */
static int
flush_in(struct pcl_writer *w, int last, struct pcl_error *err)
{
	struct engine *e = &w->eng;
	size_t n = w->in_len, count, i;
	struct job *j;
	int rc, bg = e->async && !last;

	if ((rc = collect(w, err)) != PCL_OK)
		return rc;
	count = n == 0 ? 1 : (n + CHUNK - 1) / CHUNK;
	for (i = 0; i < count; i++) {
		j = &e->jobs[i];
		j->data = w->in + i * CHUNK;
		j->len = n - i * CHUNK < CHUNK ? n - i * CHUNK : CHUNK;
		j->dict = w->bytes_in + i * CHUNK > 0 ? j->data - DICT : NULL;
		j->last = last && i == count - 1;
	}
	worker_launch(e, count, bg);
	pcl_digest_update(w->dg, w->in, n);
	w->bytes_in += n;
	w->in_len = 0;
	if (bg) {
		/* history for the other buffer; the workers only read */
		if (KEEP_HISTORY && n >= DICT)
			memcpy(e->bufs[!e->cur], w->in + n - DICT, DICT);
		e->cur = !e->cur;
		w->in = e->bufs[e->cur] + DICT;
		return PCL_OK;
	}
	if ((rc = collect(w, err)) != PCL_OK)
		return rc;
	if (KEEP_HISTORY && !last && n >= DICT)
		memmove(e->bufs[e->cur], w->in + n - DICT, DICT);
	return PCL_OK;
}

/* Writes the 8-byte gzip trailer: CRC-32 and length mod 2^32, LE. */
static int
write_trailer(struct pcl_writer *w, struct pcl_error *err)
{
	unsigned char t[8];
	unsigned long isize = (unsigned long)(w->bytes_in & 0xffffffffu);
	int i;

#ifdef PCL_LIBDEFLATE
	(void)err;
	(void)t;
	(void)isize;
	(void)i;
	return PCL_OK;		/* every member carries its own trailer */
#endif
	for (i = 0; i < 4; i++) {
		t[i] = (unsigned char)(w->crc >> (8 * i));
		t[4 + i] = (unsigned char)(isize >> (8 * i));
	}
	if (write_all(w->fd, t, sizeof t) != 0) {
		w->state = W_FAILED;
		return werr(err, "write", w->tmp, errno);
	}
	w->bytes_out += sizeof t;
	return PCL_OK;
}

/*
 * Writes the 10-byte gzip header (RFC 1952): no flags, MTIME 0, XFL as
 * zlib sets it for 'level' (2 best, 4 fastest), OS 255 unknown. These are
 * the bytes deflateSetHeader gives with time 0 and os 255.
 */
static int
write_header(struct pcl_writer *w, struct pcl_error *err)
{
	unsigned char h[10] = { 0x1f, 0x8b, Z_DEFLATED, 0, 0, 0, 0, 0, 0,
	    GZ_OS_UNKNOWN };

#ifdef PCL_LIBDEFLATE
	(void)h;
	(void)err;
	(void)w;
	return PCL_OK;		/* every member carries its own header */
#endif
	h[8] = w->level == 9 ? 2 : w->level == 1 ? 4 : 0;
	if (write_all(w->fd, h, sizeof h) != 0)
		return werr(err, "write", w->tmp, errno);
	w->bytes_out += sizeof h;
	return PCL_OK;
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

/* Appends one byte. */
static int
append_byte(struct pcl_writer *w, unsigned char c, struct pcl_error *err)
{
	int rc;

	if (w->in_len == w->in_cap && (rc = flush_in(w, 0, err)) != PCL_OK)
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
	engine_free(&w->eng);
	pcl_digest_free(w->dg);
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
	w->level = level;
	if (engine_init(&w->eng, 1, level) != 0 ||
	    pcl_digest_new(&w->dg) != PCL_OK) {
		writer_free(w);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	w->in = w->eng.bufs[0] + DICT;
	w->in_cap = w->eng.nchunks * CHUNK;
	w->crc = crc32(0L, Z_NULL, 0);
	if ((rc = create_tmp(w->tmp, &w->fd, err)) != PCL_OK) {
		writer_free(w);
		return rc;
	}
	if ((rc = write_header(w, err)) != PCL_OK) {
		pcl_writer_abort(w);
		return rc;
	}
	*out = w;
	return PCL_OK;
}

int
pcl_writer_row(struct pcl_writer *w, const char *const *fields,
    const size_t *lens, size_t n, struct pcl_error *err)
{
	size_t i, len;
	int rc;

	if ((rc = check_open(w, err)) != PCL_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (i > 0 && (rc = append_byte(w, ',', err)) != PCL_OK)
			return rc;
		if ((len = lens[i]) == 0)
			continue;	/* empty field; 'fields[i]' may be NULL */
		if (!needs_quotes((const unsigned char *)fields[i], len)) {
			/* fast path: no quoting, usually fits */
			if (len <= w->in_cap - w->in_len) {
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
	if ((rc = flush_in(w, 1, err)) != PCL_OK ||
	    (rc = write_trailer(w, err)) != PCL_OK)
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

int
pcl_writer_set_threads(struct pcl_writer *w, int n)
{
	struct engine e;

	if (n < 1 || n > MAX_THREADS || w->state != W_OPEN ||
	    w->bytes_in + w->in_len > 0)
		return PCL_E_USAGE;
	if (n == w->eng.threads)
		return PCL_OK;
	if (engine_init(&e, n, w->level) != 0)
		return PCL_E_NOMEM;
	engine_free(&w->eng);
	w->eng = e;
	w->in = w->eng.bufs[0] + DICT;
	w->in_cap = w->eng.nchunks * CHUNK;
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
	return w->bytes_out;
}

unsigned long long
pcl_writer_rows(const struct pcl_writer *w)
{
	return w->rows;
}

const char *
pcl_writer_compressor(void)
{
#ifdef PCL_LIBDEFLATE
	return "libdeflate";
#else
	return "zlib";
#endif
}

const char *
pcl_writer_compressor_version(void)
{
#ifdef PCL_LIBDEFLATE
	return LIBDEFLATE_VERSION_STRING;
#else
	return zlibVersion();
#endif
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

int
pcl_writer_put_tmp(const char *dir, const char *name, const void *data,
    size_t len, char **tmp, char **final, struct pcl_error *err)
{
	const char *what;
	int fd, rc;

	if ((rc = make_paths(dir, name, tmp, final, err)) != PCL_OK)
		return rc;
	if ((rc = create_tmp(*tmp, &fd, err)) != PCL_OK)
		goto fail;
	if (write_all(fd, data, len) != 0) {
		rc = werr(err, "write", *tmp, errno);
		close(fd);
		unlink(*tmp);
		goto fail;
	}
	if (sync_close(fd, &what) != 0) {
		rc = werr(err, what, *tmp, errno);
		unlink(*tmp);
		goto fail;
	}
	return PCL_OK;
fail:
	free(*tmp);
	free(*final);
	*tmp = *final = NULL;
	return rc;
}

int
pcl_writer_put_commit(const char *dir, const char *tmp, const char *final,
    struct pcl_error *err)
{
	if (rename(tmp, final) != 0) {
		int rc = pcl_error_set(err, PCL_E_WRITE,
		    "cannot rename '%s' to '%s': %s", tmp, final,
		    strerror(errno));

		if (err != NULL)
			snprintf(err->file, sizeof err->file, "%s", final);
		unlink(tmp);
		return rc;
	}
	return pcl_writer_sync_dir(dir, err);
}
