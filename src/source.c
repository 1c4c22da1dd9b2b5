/*
 * source: the bytes of an input for the record reader (see source.h):
 * read(2), zlib's inflate over every gzip member, iconv to UTF-8, the
 * SHA-256 of the bytes read, and the spool of inputs read only once.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include <zlib.h>

#include "digest.h"
#include "source.h"
#include "banned.h"

/* Overridable so the fuzzer (scripts/fuzz) can reach the window's edges. */
#ifndef IN_BUF_SIZE
#define IN_BUF_SIZE	(1u << 20)	/* the reader's window; raw bytes: 1/4 */
#endif
#ifndef GZ_BUF_SIZE
#define GZ_BUF_SIZE	(1u << 17)	/* zlib's own buffer; < IN_BUF_SIZE/2 */
#endif

/*
 * Free bytes below which the window counts as full. A converted
 * character takes up to 4 bytes of UTF-8, and iconv converts nothing
 * (E2BIG) into less room than that: asking it again would loop (found
 * by scripts/fuzz).
 */
#define ROOM_MIN	4

struct pcl_source {
	int			 fd;
	int			 gzip;
	z_stream		 zs;
	int			 zinit;		/* inflateInit2 done */
	int			 zbetween;	/* a member ended; next must be 1f 8b */
	int			 fileeof;	/* read(2) returned 0 */
	unsigned char		*zin;		/* compressed bytes read */
	unsigned long long	 fileread;	/* bytes read from the file */
	struct pcl_digest	*dg;		/* SHA-256 of them, or NULL */
	char			 name[256];
	char			 msg[160];	/* the fault that ended the input */
	/* an encoding: raw bytes read, converted by pcl_source_read */
	iconv_t			 cd;
	char			 enc[32];
	char			*raw;
	size_t			 rawlen;
	int			 raweof;
	unsigned long long	 rawoff;	/* raw bytes converted so far */
	int			 rawstop;	/* stream error after the raw bytes */
};

/* Records a stream error in s->msg and returns 'code'. */
static int PCL_PRINTF(3, 4)
src_fail(struct pcl_source *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
	return code;
}

unsigned long long
pcl_source_file_pos(const struct pcl_source *s)
{
	return s->fileread - (s->gzip ? s->zs.avail_in : 0);
}

/* Reads more compressed bytes behind the unread ones; -1 on error. */
static int
read_more(struct pcl_source *s)
{
	size_t keep = s->zs.avail_in;
	ssize_t n;

	if (keep > 0 && s->zs.next_in != s->zin)
		memmove(s->zin, s->zs.next_in, keep);
	s->zs.next_in = s->zin;
	do
		n = read(s->fd, s->zin + keep, GZ_BUF_SIZE - keep);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0)
		s->fileeof = 1;
	if (s->dg != NULL)
		pcl_digest_update(s->dg, s->zin + keep, (size_t)n);
	s->zs.avail_in = (uInt)(keep + (size_t)n);
	s->fileread += (unsigned long long)n;
	return 0;
}

/*
 * Reads up to 'n' bytes of input (inflated, for gzip) into 'dst' and
 * stores how many in '*got' (0 only at the end of input). Every gzip
 * member is read; after the last one only the end of the file may
 * follow (zlib's gzread skipped trailing junk silently). Returns
 * PCL_OK, or PCL_E_GZIP, PCL_E_IO or PCL_E_NOMEM with s->msg set
 * and '*got' holding the bytes produced before the fault.
 */
static int
raw_read(struct pcl_source *s, unsigned char *dst, size_t n, size_t *got)
{
	ssize_t r;
	int zr, rc = PCL_OK;

	*got = 0;
	if (!s->gzip) {
		do
			r = read(s->fd, dst, n);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return src_fail(s, PCL_E_IO, "cannot read '%s': %s",
			    s->name, strerror(errno));
		if (r == 0)
			s->fileeof = 1;
		if (s->dg != NULL)
			pcl_digest_update(s->dg, dst, (size_t)r);
		s->fileread += (unsigned long long)r;
		*got = (size_t)r;
		return PCL_OK;
	}
	s->zs.next_out = dst;
	s->zs.avail_out = (uInt)n;
	while (s->zs.avail_out > 0) {
		if (s->zs.avail_in < 2 && !s->fileeof && read_more(s) != 0) {
			rc = src_fail(s, PCL_E_IO, "cannot read '%s': %s",
			    s->name, strerror(errno));
			break;
		}
		if (s->zbetween) {
			if (s->zs.avail_in == 0)
				break;		/* end of the file */
			if (s->zs.avail_in < 2 || s->zs.next_in[0] != 0x1f ||
			    s->zs.next_in[1] != 0x8b) {
				rc = src_fail(s, PCL_E_GZIP, "junk after the "
				    "last gzip member at compressed byte %llu",
				    pcl_source_file_pos(s));
				break;
			}
			if (inflateReset(&s->zs) != Z_OK) {
				rc = src_fail(s, PCL_E_NOMEM, "out of memory");
				break;
			}
			s->zbetween = 0;
		}
		if (s->zs.avail_in == 0) {
			rc = src_fail(s, PCL_E_GZIP, "truncated gzip stream "
			    "at compressed byte %llu (the end of the file)",
			    pcl_source_file_pos(s));
			break;
		}
		zr = inflate(&s->zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			s->zbetween = 1;
		else if (zr == Z_MEM_ERROR) {
			rc = src_fail(s, PCL_E_NOMEM, "out of memory");
			break;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			const char *why = s->zs.msg != NULL ? s->zs.msg :
			    "invalid data";
			/* a bad trailer field is the 4 bytes just read */
			int trailer = strstr(why, "check") != NULL;

			rc = src_fail(s, PCL_E_GZIP, "corrupt gzip stream: %s "
			    "at compressed byte %llu", why, pcl_source_file_pos(s) -
			    (trailer ? 4 : 0));
			break;
		}
	}
	*got = n - s->zs.avail_out;
	return rc;
}

/*
 * Reads raw bytes and converts them into 'dst' with iconv. A sequence
 * invalid in the declared encoding, or cut by the end of the file, ends
 * the input there (PCL_E_SCHEMA) naming the raw byte offset, after the
 * bytes before it.
 */
static int
read_converted(struct pcl_source *s, unsigned char *dst, size_t n,
    size_t *gotp)
{
	char *in, *out;
	size_t inleft, outleft, got;
	int rc;

	*gotp = 0;
	for (;;) {
		if (!s->raweof && s->rawlen < IN_BUF_SIZE / 4) {
			rc = raw_read(s, (unsigned char *)s->raw + s->rawlen,
			    IN_BUF_SIZE / 4 - s->rawlen, &got);
			s->rawlen += got;
			if (rc != PCL_OK) {
				s->rawstop = rc;
				s->raweof = 1;
			} else if (got == 0)
				s->raweof = 1;
		}
		if (s->rawlen == 0 && s->raweof)
			return s->rawstop;	/* PCL_OK: the end */
		in = s->raw;
		inleft = s->rawlen;
		out = (char *)dst + *gotp;
		outleft = n - *gotp;
		if (iconv(s->cd, &in, &inleft, &out, &outleft) == (size_t)-1 &&
		    errno != E2BIG && (errno != EINVAL || s->raweof)) {
			int e = errno;

			*gotp = n - outleft;
			s->rawoff += (size_t)(in - s->raw);
			if (e == EINVAL && s->rawstop != 0)
				return s->rawstop;	/* broke inside a character */
			return src_fail(s, PCL_E_SCHEMA, "input is not valid "
			    "%s at byte %llu of the file%s", s->enc, s->rawoff,
			    e == EINVAL ? " (cut at the end)" : "");
		}
		s->rawoff += (size_t)(in - s->raw);
		memmove(s->raw, in, inleft);
		s->rawlen = inleft;
		got = n - outleft - *gotp;
		*gotp = n - outleft;
		if (got > 0 || n - *gotp < ROOM_MIN)
			return PCL_OK;
		/* nothing converted: an incomplete sequence needs more bytes */
	}
}

int
pcl_source_read(struct pcl_source *s, unsigned char *dst, size_t n,
    size_t *got)
{
	if (s->raw != NULL)
		return read_converted(s, dst, n, got);
	return raw_read(s, dst, n, got);
}

size_t
pcl_source_min_room(const struct pcl_source *s)
{
	return s->raw != NULL ? ROOM_MIN : 1;
}

const char *
pcl_source_error(const struct pcl_source *s)
{
	return s->msg;
}

int
pcl_source_is_gzip(const struct pcl_source *s)
{
	return s->gzip;
}

int
pcl_source_open(struct pcl_source **out, const char *path, const char *name,
    const char *encoding, int digest, struct pcl_error *err)
{
	struct pcl_source *s;
	unsigned char magic[2] = { 0, 0 };
	int rc;

	*out = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	s->fd = -1;
	snprintf(s->name, sizeof s->name, "%s", name != NULL ? name : path);
	if (encoding != NULL && encoding[0] != '\0' &&
	    strcasecmp(encoding, "utf-8") != 0 &&
	    strcasecmp(encoding, "utf8") != 0) {
		snprintf(s->enc, sizeof s->enc, "%s", encoding);
		s->cd = iconv_open("UTF-8", encoding);
		if (s->cd == (iconv_t)-1) {
			free(s);
			return pcl_error_set(err, PCL_E_USAGE,
			    "unknown encoding '%s'", encoding);
		}
		if ((s->raw = malloc(IN_BUF_SIZE / 4)) == NULL) {
			iconv_close(s->cd);
			free(s);
			return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		}
	}
	if (digest && pcl_digest_new(&s->dg) != PCL_OK) {
		(void)pcl_source_close(s);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0 || pread(s->fd, magic, 2, 0) < 0) {
		rc = pcl_error_set(err, PCL_E_IO, "cannot open '%s': %s", path,
		    strerror(errno));
		(void)pcl_source_close(s);
		return rc;
	}
	s->gzip = magic[0] == 0x1f && magic[1] == 0x8b;
	if (s->gzip) {
		if ((s->zin = malloc(GZ_BUF_SIZE)) == NULL ||
		    inflateInit2(&s->zs, 15 + 16) != Z_OK) {
			(void)pcl_source_close(s);
			return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		}
		s->zinit = 1;
	}
	*out = s;
	return PCL_OK;
}

int
pcl_source_digest(struct pcl_source *s, char hex[65],
    unsigned long long *bytes)
{
	if (s->dg == NULL || !s->fileeof)
		return PCL_E_USAGE;
	pcl_digest_final(s->dg, hex);
	if (bytes != NULL)
		*bytes = s->fileread;
	return PCL_OK;
}

int
pcl_source_close(struct pcl_source *s)
{
	int rc = PCL_OK;

	if (s == NULL)
		return PCL_OK;
	if (s->fd >= 0 && close(s->fd) != 0)
		rc = PCL_E_IO;
	if (s->zinit)
		(void)inflateEnd(&s->zs);
	free(s->zin);
	if (s->raw != NULL) {
		iconv_close(s->cd);
		free(s->raw);
	}
	pcl_digest_free(s->dg);
	free(s);
	return rc;
}

int
pcl_source_check_gzip(const char *path, const char *name,
    struct pcl_error *err)
{
	struct pcl_source *s;
	unsigned char *scratch;
	size_t got;
	int rc;

	if ((rc = pcl_source_open(&s, path, name, NULL, 0, err)) != PCL_OK)
		return rc;
	if (!s->gzip)
		return pcl_source_close(s) == PCL_OK ? PCL_OK :
		    pcl_error_set(err, PCL_E_IO, "cannot close '%s'", s->name);
	if ((scratch = malloc(GZ_BUF_SIZE)) == NULL) {
		(void)pcl_source_close(s);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	do
		rc = raw_read(s, scratch, GZ_BUF_SIZE, &got);
	while (rc == PCL_OK && got > 0);
	if (rc != PCL_OK) {
		(void)pcl_error_set(err, rc, "%s", s->msg);
		if (err != NULL)
			snprintf(err->file, sizeof err->file, "%s", s->name);
	}
	free(scratch);
	(void)pcl_source_close(s);
	return rc;
}

/*
 * Copies everything readable from 'src' ('name' in messages) into the
 * new unlinked temporary file behind '*fdp', '*path' naming it. Errors:
 * PCL_E_IO, PCL_E_WRITE, PCL_E_NOMEM.
 */
static int
spool_fd(char **path, int *fdp, int src, const char *name, const char *dir,
    struct pcl_error *err)
{
	char *tmpl, *buf;
	const char *d = dir;
	size_t len, off;
	ssize_t n, w;
	int fd, rc = PCL_OK;

	*path = NULL;
	*fdp = -1;
	if (d == NULL)
		d = getenv("TMPDIR");
	if (d == NULL || *d == '\0')
		d = "/tmp";
	len = strlen(d) + sizeof "/parcelclear-stdin-XXXXXX";
	tmpl = malloc(len);
	buf = malloc(1u << 16);
	if (tmpl == NULL || buf == NULL) {
		free(tmpl);
		free(buf);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	snprintf(tmpl, len, "%s/parcelclear-stdin-XXXXXX", d);
	fd = mkstemp(tmpl);
	if (fd < 0) {
		rc = pcl_error_set(err, PCL_E_WRITE,
		    "cannot create temporary file in '%s': %s", d,
		    strerror(errno));
		free(tmpl);
		free(buf);
		return rc;
	}
	/*
	 * Gone from the directory at once: a run killed by SIGKILL leaves
	 * nothing behind. The data lives while 'fd' is open, and
	 * /proc/self/fd/N opens it again, at offset 0, for each pass.
	 */
	if (unlink(tmpl) != 0) {
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot unlink '%s': %s",
		    tmpl, strerror(errno));
		(void)close(fd);
		free(tmpl);
		free(buf);
		return rc;
	}
	for (;;) {
		n = read(src, buf, 1u << 16);
		if (n < 0 && errno == EINTR) {
			/*
			 * Only the stop signals the command catches interrupt
			 * a read (they are installed without SA_RESTART): a
			 * pipe whose writer is idle must not keep the run
			 * from stopping.
			 */
			rc = pcl_error_set(err, PCL_E_INTERRUPTED,
			    "interrupted while reading %s", name);
			break;
		}
		if (n < 0) {
			rc = pcl_error_set(err, PCL_E_IO, "cannot read %s: %s",
			    name, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		for (off = 0; off < (size_t)n; off += (size_t)w) {
			w = write(fd, buf + off, (size_t)n - off);
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w <= 0) {
				rc = pcl_error_set(err, PCL_E_WRITE,
				    "cannot write '%s': %s", tmpl,
				    strerror(errno));
				break;
			}
		}
		if (rc != PCL_OK)
			break;
	}
	free(buf);
	if (rc != PCL_OK) {
		(void)close(fd);
		free(tmpl);
		return rc;
	}
	/* "/proc/self/fd/" and an int fit in the template's 30+ bytes */
	snprintf(tmpl, len, "/proc/self/fd/%d", fd);
	*path = tmpl;
	*fdp = fd;
	return PCL_OK;
}

int
pcl_source_spool(char **path, int *fdp, const char *src, const char *dir,
    struct pcl_error *err)
{
	struct stat st;
	char name[300];
	int fd, rc;

	*path = NULL;
	*fdp = -1;
	pcl_error_clear(err);
	if (strcmp(src, "-") == 0)
		return spool_fd(path, fdp, STDIN_FILENO, "standard input",
		    dir, err);
	/* a file that cannot be looked at is reported where it is opened */
	if (stat(src, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		return PCL_OK;
	if ((fd = open(src, O_RDONLY | O_CLOEXEC)) < 0)	/* a FIFO waits */
		return pcl_error_set(err, errno == EINTR ? PCL_E_INTERRUPTED :
		    PCL_E_IO, "cannot open '%s': %s", src, strerror(errno));
	snprintf(name, sizeof name, "'%s'", src);
	rc = spool_fd(path, fdp, fd, name, dir, err);
	(void)close(fd);
	return rc;
}

