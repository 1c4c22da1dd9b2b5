/*
 * gzchunks: the chunked gzip compressor (see gzchunks.h): batches of
 * chunks spread over worker threads, their output written in order.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST
#include <zlib.h>
#ifdef PCL_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "atomicfile.h"
#include "gzchunks.h"
#include "banned.h"

#define CHUNK		PCL_GZCHUNKS_CHUNK	/* input bytes per deflate block */
#define DICT		(32 * 1024)	/* history primed from the last chunk */
#ifdef PCL_LIBDEFLATE
#define KEEP_HISTORY	0	/* members have no history: nothing to copy */
#else
#define KEEP_HISTORY	1
#endif
#define MAX_THREADS	256
#define GZ_OS_UNKNOWN	255

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

struct pcl_gzchunks {
	int		 fd;		/* borrowed */
	const char	*path;		/* borrowed, for messages */
	int		 level;
	struct engine	 eng;
	unsigned long	 crc;		/* CRC-32 of everything compressed */
	unsigned long long bytes_in;	/* flushed so far */
	unsigned long long bytes_out;
};

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
 * bytes still depend only on the level and the chunk.
 */
static void
compress_member(struct libdeflate_compressor *c, struct job *j)
{
	size_t bound = libdeflate_gzip_compress_bound(c, j->len);
	unsigned char *nb;

	j->out_len = 0;
	j->failed = PCL_OK;
	j->crc = 0;	/* each member carries its own CRC-32 */
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
collect(struct pcl_gzchunks *z, struct pcl_error *err)
{
	struct engine *e = &z->eng;
	size_t i, count = e->pending;
	struct job *j;

	worker_join(e);
	e->pending = 0;
	for (i = 0; i < count; i++) {
		j = &e->jobs[i];
		if (j->failed != PCL_OK)
			return pcl_error_set(err, j->failed,
			    "cannot compress '%s': %s", z->path,
			    j->failed == PCL_E_NOMEM ? "out of memory" :
			    "deflate failed");
		if (pcl_atomicfile_write_all(z->fd, j->out, j->out_len) != 0)
			return pcl_atomicfile_error(err, "write", z->path,
			    errno);
		z->bytes_out += j->out_len;
#ifndef PCL_LIBDEFLATE
		z->crc = crc32_combine(z->crc, j->crc, (z_off_t)j->len);
#endif
	}
	return PCL_OK;
}

/* Writes the 8-byte gzip trailer: CRC-32 and length mod 2^32, LE. */
static int
write_trailer(struct pcl_gzchunks *z, struct pcl_error *err)
{
#ifdef PCL_LIBDEFLATE
	(void)z;
	(void)err;
	return PCL_OK;		/* every member carries its own trailer */
#else
	unsigned char t[8];
	unsigned long isize = (unsigned long)(z->bytes_in & 0xffffffffu);
	int i;

	for (i = 0; i < 4; i++) {
		t[i] = (unsigned char)(z->crc >> (8 * i));
		t[4 + i] = (unsigned char)(isize >> (8 * i));
	}
	if (pcl_atomicfile_write_all(z->fd, t, sizeof t) != 0)
		return pcl_atomicfile_error(err, "write", z->path, errno);
	z->bytes_out += sizeof t;
	return PCL_OK;
#endif
}

/*
 * Writes the 10-byte gzip header (RFC 1952): no flags, MTIME 0, XFL as
 * zlib sets it for 'level' (2 best, 4 fastest), OS 255 unknown. These are
 * the bytes deflateSetHeader gives with time 0 and os 255.
 */
static int
write_header(struct pcl_gzchunks *z, struct pcl_error *err)
{
#ifdef PCL_LIBDEFLATE
	(void)z;
	(void)err;
	return PCL_OK;		/* every member carries its own header */
#else
	unsigned char h[10] = { 0x1f, 0x8b, Z_DEFLATED, 0, 0, 0, 0, 0, 0,
	    GZ_OS_UNKNOWN };

	h[8] = z->level == 9 ? 2 : z->level == 1 ? 4 : 0;
	if (pcl_atomicfile_write_all(z->fd, h, sizeof h) != 0)
		return pcl_atomicfile_error(err, "write", z->path, errno);
	z->bytes_out += sizeof h;
	return PCL_OK;
#endif
}

/*
 * Compresses the buffered input as one batch of chunks, and
 * keeps the last DICT bytes as history for the next batch. With 'last'
 * set the final chunk ends the deflate stream. Chunks are spread over
 * the engine's threads while this thread runs 'overlap'. An
 * asynchronous engine returns at once with the batch in flight and
 * switches to its other buffer; the batch is written by the next call.
 * Chunk boundaries fall every CHUNK bytes of the whole stream whatever
 * the batch size, so the bytes never depend on the thread count.
 */
int
pcl_gzchunks_flush(struct pcl_gzchunks *z, size_t n, int last,
    void (*overlap)(void *user, const unsigned char *p, size_t n),
    void *user, struct pcl_error *err)
{
	struct engine *e = &z->eng;
	unsigned char *in = e->bufs[e->cur] + DICT;
	size_t count, i;
	struct job *j;
	int rc, bg = e->async && !last;

	if (!last && n % CHUNK != 0)
		return pcl_error_set(err, PCL_E_USAGE, "cannot compress "
		    "'%s': %zu bytes are not whole chunks", z->path, n);
	if ((rc = collect(z, err)) != PCL_OK)
		return rc;
	count = n == 0 ? 1 : (n + CHUNK - 1) / CHUNK;
	for (i = 0; i < count; i++) {
		j = &e->jobs[i];
		j->data = in + i * CHUNK;
		j->len = n - i * CHUNK < CHUNK ? n - i * CHUNK : CHUNK;
		j->dict = z->bytes_in + i * CHUNK > 0 ? j->data - DICT : NULL;
		j->last = last && i == count - 1;
	}
	worker_launch(e, count, bg);
	if (overlap != NULL)
		overlap(user, in, n);
	z->bytes_in += n;
	if (bg) {
		/* history for the other buffer; the workers only read */
		if (KEEP_HISTORY && n >= DICT)
			memcpy(e->bufs[!e->cur], in + n - DICT, DICT);
		e->cur = !e->cur;
		return PCL_OK;
	}
	if ((rc = collect(z, err)) != PCL_OK)
		return rc;
	if (KEEP_HISTORY && !last && n >= DICT)
		memmove(e->bufs[e->cur], in + n - DICT, DICT);
	if (last)
		return write_trailer(z, err);
	return PCL_OK;
}

int
pcl_gzchunks_new(struct pcl_gzchunks **out, int fd, const char *path,
    int level, struct pcl_error *err)
{
	struct pcl_gzchunks *z;
	int rc;

	*out = NULL;
	if ((z = calloc(1, sizeof *z)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	z->fd = fd;
	z->path = path;
	z->level = level;
	z->crc = crc32(0L, Z_NULL, 0);
	if (engine_init(&z->eng, 1, level) != 0) {
		free(z);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	if ((rc = write_header(z, err)) != PCL_OK) {
		pcl_gzchunks_free(z);
		return rc;
	}
	*out = z;
	return PCL_OK;
}

int
pcl_gzchunks_set_threads(struct pcl_gzchunks *z, int n)
{
	struct engine e;

	if (n < 1 || n > MAX_THREADS || z->bytes_in > 0 || z->eng.pending > 0)
		return PCL_E_USAGE;
	if (n == z->eng.threads)
		return PCL_OK;
	if (engine_init(&e, n, z->level) != 0)
		return PCL_E_NOMEM;
	engine_free(&z->eng);
	z->eng = e;
	return PCL_OK;
}

unsigned char *
pcl_gzchunks_buf(struct pcl_gzchunks *z, size_t *cap)
{
	*cap = z->eng.nchunks * CHUNK;
	return z->eng.bufs[z->eng.cur] + DICT;
}

unsigned long long
pcl_gzchunks_bytes_out(const struct pcl_gzchunks *z)
{
	return z->bytes_out;
}

void
pcl_gzchunks_free(struct pcl_gzchunks *z)
{
	if (z == NULL)
		return;
	engine_free(&z->eng);
	free(z);
}

const char *
pcl_gzchunks_name(void)
{
#ifdef PCL_LIBDEFLATE
	return "libdeflate";
#else
	return "zlib";
#endif
}

const char *
pcl_gzchunks_version(void)
{
#ifdef PCL_LIBDEFLATE
	return LIBDEFLATE_VERSION_STRING;
#else
	return zlibVersion();
#endif
}
