/*
 * datadir: the data directory and its per-source snapshot store. Writes go
 * temporary name -> fsync -> rename, with `current` renamed last, so the
 * newest snapshot changes in one step.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"
#include "datadir.h"
#include "date.h"
#include "digest.h"

static int
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0';
}

void
pcl_datadir_env_init(struct pcl_datadir_env *e, const char *flag)
{
	e->flag = flag;
	e->pcl_data = getenv("PARCELCLEAR_DATA");
	e->system_dir = PCL_DATADIR_SYSTEM;
	e->xdg_data_home = getenv("XDG_DATA_HOME");
	e->home = getenv("HOME");
}

/* '*out' = a joined with b (b may be NULL); owned by caller. */
static int
join(char **out, const char *a, const char *b, struct pcl_error *err)
{
	size_t n = strlen(a) + (b != NULL ? strlen(b) : 0) + 1;

	*out = malloc(n);
	if (*out == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	snprintf(*out, n, "%s%s", a, b != NULL ? b : "");
	return PCL_OK;
}

int
pcl_datadir_resolve(const struct pcl_datadir_env *e, int for_write,
    char **out, enum pcl_datadir_origin *origin, struct pcl_error *err)
{
	struct stat st;
	enum pcl_datadir_origin o;
	int rc;

	*out = NULL;
	if (nonempty(e->flag)) {
		o = PCL_DATADIR_FLAG;
		rc = join(out, e->flag, NULL, err);
	} else if (nonempty(e->pcl_data)) {
		o = PCL_DATADIR_ENV;
		rc = join(out, e->pcl_data, NULL, err);
	} else if (nonempty(e->system_dir) && stat(e->system_dir, &st) == 0 &&
	    S_ISDIR(st.st_mode) &&
	    (!for_write || access(e->system_dir, W_OK | X_OK) == 0)) {
		o = PCL_DATADIR_SYSTEMWIDE;
		rc = join(out, e->system_dir, NULL, err);
	} else if (nonempty(e->xdg_data_home) && e->xdg_data_home[0] == '/') {
		/* the XDG spec says a relative value is to be ignored */
		o = PCL_DATADIR_XDG;
		rc = join(out, e->xdg_data_home, "/parcelclear", err);
	} else if (nonempty(e->home)) {
		o = PCL_DATADIR_XDG;
		rc = join(out, e->home, "/.local/share/parcelclear", err);
	} else
		return pcl_error_set(err, PCL_E_USAGE,
		    "no data directory: give --data-dir or set "
		    "PARCELCLEAR_DATA (HOME is not set)");
	if (rc == PCL_OK && origin != NULL)
		*origin = o;
	return rc;
}

/* 1 if 's' is 1..15 bytes from 'allowed' (a-z and 0-9 always allowed). */
static int
valid_name(const char *s, const char *allowed)
{
	size_t i, n = s != NULL ? strlen(s) : 0;

	if (n == 0 || n > 15)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    strchr(allowed, s[i]) != NULL))
			return 0;
	return s[0] != '.';
}

static int
valid_sha(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Creates 'path' and its missing parents (mode 0755); writes the
 * outermost directory it created to 'created' (NULL: not wanted; "" when
 * none), PCL_DATADIR_PATH_MAX bytes. */
static int
mkdir_p(const char *path, char *created, struct pcl_error *err)
{
	char buf[PCL_DATADIR_PATH_MAX];
	size_t i, n = strlen(path);
	struct stat st;

	if (n == 0 || n >= sizeof buf)
		return pcl_error_set(err, PCL_E_USAGE, "bad directory '%s'",
		    path);
	memcpy(buf, path, n + 1);
	if (created != NULL)
		created[0] = '\0';
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) == 0) {
			if (created != NULL && created[0] == '\0')
				memcpy(created, buf, i + 1);
		} else if (errno != EEXIST)
			return pcl_error_set(err, PCL_E_WRITE,
			    "cannot create '%s': %s", buf, strerror(errno));
		if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
			return pcl_error_set(err, PCL_E_WRITE,
			    "'%s' is not a directory", buf);
		buf[i] = path[i];
	}
	return PCL_OK;
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

/*
 * Writes 'len' bytes (or the file 'src' when 'data' is NULL) to a new
 * temporary file in 'dir', fsyncs it and renames it to 'dst'.
 */
static int
write_atomic(const char *dir, const char *dst, const void *data, size_t len,
    const char *src, struct pcl_error *err)
{
	char tmp[PCL_DATADIR_PATH_MAX], buf[65536];
	int fd, in = -1, rc = PCL_OK;
	ssize_t r, w;
	size_t off;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s/.tmp-XXXXXX", dir) >=
	    sizeof tmp)
		return pcl_error_set(err, PCL_E_USAGE, "path too long");
	fd = mkstemp(tmp);
	if (fd < 0)
		return pcl_error_set(err, PCL_E_WRITE,
		    "cannot create a file in '%s': %s", dir, strerror(errno));
	if (data != NULL) {
		for (off = 0; off < len; off += (size_t)w) {
			w = write(fd, (const char *)data + off, len - off);
			if (w <= 0) {
				rc = pcl_error_set(err, PCL_E_WRITE,
				    "cannot write '%s': %s", tmp,
				    strerror(errno));
				goto out;
			}
		}
	} else {
		in = open(src, O_RDONLY);
		if (in < 0) {
			rc = pcl_error_set(err, PCL_E_IO,
			    "cannot open '%s': %s", src, strerror(errno));
			goto out;
		}
		while ((r = read(in, buf, sizeof buf)) > 0)
			for (off = 0; off < (size_t)r; off += (size_t)w) {
				w = write(fd, buf + off, (size_t)r - off);
				if (w <= 0) {
					rc = pcl_error_set(err, PCL_E_WRITE,
					    "cannot write '%s': %s", tmp,
					    strerror(errno));
					goto out;
				}
			}
		if (r < 0) {
			rc = pcl_error_set(err, PCL_E_IO,
			    "cannot read '%s': %s", src, strerror(errno));
			goto out;
		}
	}
	if (fsync(fd) != 0)
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot sync '%s': %s",
		    tmp, strerror(errno));
out:
	if (in >= 0)
		close(in);
	if (close(fd) != 0 && rc == PCL_OK)
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot write '%s': %s",
		    tmp, strerror(errno));
	if (rc == PCL_OK && rename(tmp, dst) != 0)
		rc = pcl_error_set(err, PCL_E_WRITE,
		    "cannot rename '%s' to '%s': %s", tmp, dst,
		    strerror(errno));
	if (rc != PCL_OK)
		unlink(tmp);
	return rc;
}

/* 1 if 'file' lives directly in directory 'dir' (same device and dir). */
static int
same_dir(const char *file, const char *dir)
{
	char parent[PCL_DATADIR_PATH_MAX], *slash;
	struct stat a, b;

	if ((size_t)snprintf(parent, sizeof parent, "%s", file) >=
	    sizeof parent)
		return 0;
	slash = strrchr(parent, '/');
	if (slash == NULL)
		snprintf(parent, sizeof parent, ".");
	else if (slash == parent)
		parent[1] = '\0';
	else
		*slash = '\0';
	return stat(parent, &a) == 0 && stat(dir, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int
sync_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

static void
now_utc(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

/* Reads up to 'cap'-1 bytes of 'path' into 'buf' (NUL-terminated). */
static int
read_small(const char *path, char *buf, size_t cap, struct pcl_error *err)
{
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return pcl_error_set(err, errno == ENOENT ? PCL_E_NOTFOUND :
		    PCL_E_IO, "cannot open '%s': %s", path, strerror(errno));
	n = fread(buf, 1, cap - 1, fp);
	buf[n] = '\0';
	if (ferror(fp)) {
		fclose(fp);
		return pcl_error_set(err, PCL_E_IO, "cannot read '%s'", path);
	}
	fclose(fp);
	return PCL_OK;
}

/* Copies the value of "key value" line 'key' of 'text' into 'out'. */
static int
meta_get(const char *text, const char *key, char *out, size_t cap)
{
	size_t k = strlen(key), n;
	const char *p = text, *end;

	while (*p != '\0') {
		end = strchr(p, '\n');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > k && strncmp(p, key, k) == 0 &&
		    p[k] == ' ') {
			n = (size_t)(end - p) - k - 1;
			if (n >= cap)
				return 0;
			memcpy(out, p + k + 1, n);
			out[n] = '\0';
			return 1;
		}
		p = *end == '\n' ? end + 1 : end;
	}
	return 0;
}

static int
check_source(const char *source, struct pcl_error *err)
{
	if (!valid_name(source, "_-"))
		return pcl_error_set(err, PCL_E_USAGE,
		    "bad source name '%s'", source != NULL ? source : "");
	return PCL_OK;
}

int
pcl_datadir_find(const char *dir, const char *source, const char *sha256,
    struct pcl_datadir_snapshot *out, struct pcl_error *err)
{
	char path[PCL_DATADIR_PATH_MAX], text[4096], file[96], d[16];
	struct stat st;
	int rc;

	memset(out, 0, sizeof *out);
	rc = check_source(source, err);
	if (rc != PCL_OK)
		return rc;
	if (!valid_sha(sha256))
		return pcl_error_set(err, PCL_E_USAGE,
		    "bad SHA-256 '%s': want 64 lower-case hex digits", sha256);
	if ((size_t)snprintf(path, sizeof path, "%s/%s/%s.meta", dir, source,
	    sha256) >= sizeof path)
		return pcl_error_set(err, PCL_E_USAGE, "path too long");
	rc = read_small(path, text, sizeof text, err);
	if (rc == PCL_E_NOTFOUND)
		return pcl_error_set(err, PCL_E_NOTFOUND,
		    "no snapshot of '%s' with SHA-256 %s in '%s'", source,
		    sha256, dir);
	if (rc != PCL_OK)
		return rc;
	snprintf(out->source, sizeof out->source, "%s", source);
	memcpy(out->sha256, sha256, 65);
	if (!meta_get(text, "file", file, sizeof file) ||
	    strncmp(file, sha256, 64) != 0 || file[64] != '.' ||
	    !valid_name(file + 65, ".") ||
	    !meta_get(text, "first", d, sizeof d) ||
	    (out->first = pcl_date_parse_iso(d, strlen(d))) == PCL_DATE_NONE ||
	    !meta_get(text, "last", d, sizeof d) ||
	    (out->last = pcl_date_parse_iso(d, strlen(d))) == PCL_DATE_NONE ||
	    !meta_get(text, "fetched", out->fetched, sizeof out->fetched) ||
	    !meta_get(text, "origin", out->origin, sizeof out->origin))
		return pcl_error_set(err, PCL_E_PARSE, "damaged '%s'", path);
	memcpy(out->ext, file + 65, strlen(file + 65) + 1);	/* <= 15 */
	if ((size_t)snprintf(out->path, sizeof out->path, "%s/%s/%s", dir,
	    source, file) >= sizeof out->path)
		return pcl_error_set(err, PCL_E_USAGE, "path too long");
	if (stat(out->path, &st) != 0)
		return pcl_error_set(err, PCL_E_NOTFOUND,
		    "snapshot '%s' is gone", out->path);
	return PCL_OK;
}

int
pcl_datadir_newest(const char *dir, const char *source,
    struct pcl_datadir_snapshot *out, struct pcl_error *err)
{
	char path[PCL_DATADIR_PATH_MAX], text[128];
	int rc;

	memset(out, 0, sizeof *out);
	rc = check_source(source, err);
	if (rc != PCL_OK)
		return rc;
	if ((size_t)snprintf(path, sizeof path, "%s/%s/current", dir,
	    source) >= sizeof path)
		return pcl_error_set(err, PCL_E_USAGE, "path too long");
	rc = read_small(path, text, sizeof text, err);
	if (rc == PCL_E_NOTFOUND)
		return pcl_error_set(err, PCL_E_NOTFOUND,
		    "no snapshot of '%s' in '%s'", source, dir);
	if (rc != PCL_OK)
		return rc;
	if (strlen(text) != 65 || text[64] != '\n')
		return pcl_error_set(err, PCL_E_PARSE, "damaged '%s'", path);
	text[64] = '\0';
	if (!valid_sha(text))
		return pcl_error_set(err, PCL_E_PARSE, "damaged '%s'", path);
	return pcl_datadir_find(dir, source, text, out, err);
}

int
pcl_datadir_prepare(const char *dir, const char *source,
    char store[PCL_DATADIR_PATH_MAX], char created[PCL_DATADIR_PATH_MAX],
    struct pcl_error *err)
{
	int rc = check_source(source, err);

	created[0] = '\0';
	if (rc != PCL_OK)
		return rc;
	if ((size_t)snprintf(store, PCL_DATADIR_PATH_MAX, "%s/%s", dir,
	    source) >= PCL_DATADIR_PATH_MAX)
		return pcl_error_set(err, PCL_E_USAGE, "path too long");
	return mkdir_p(store, created, err);
}

void
pcl_datadir_unprepare(const char *store, const char *created)
{
	char buf[PCL_DATADIR_PATH_MAX];
	size_t n = strlen(created), len;
	char *slash;

	if (n == 0)
		return;
	len = strlen(store);
	if (len >= sizeof buf || len < n ||
	    memcmp(store, created, n) != 0 ||
	    (store[n] != '\0' && store[n] != '/'))
		return;
	memcpy(buf, store, len + 1);
	/* innermost first; rmdir leaves a directory that is not empty */
	while (strlen(buf) >= n) {
		if (rmdir(buf) != 0)
			return;
		if ((slash = strrchr(buf, '/')) == NULL)
			return;
		*slash = '\0';
	}
}

int
pcl_datadir_install(const char *dir, const char *source,
    const char *file, const char *ext,
    const struct pcl_datadir_snapshot *meta,
    struct pcl_datadir_snapshot *out, struct pcl_error *err)
{
	char store[PCL_DATADIR_PATH_MAX], final[PCL_DATADIR_PATH_MAX];
	char metaf[PCL_DATADIR_PATH_MAX], cur[PCL_DATADIR_PATH_MAX];
	char sha[65], first[11], last[11], fetched[21], text[2048];
	unsigned long long size;
	struct stat st;
	int rc, moved = 0, made_final = 0, made_meta = 0;
	size_t n;

	rc = check_source(source, err);
	if (rc != PCL_OK)
		return rc;
	if (!valid_name(ext, "."))
		return pcl_error_set(err, PCL_E_USAGE, "bad file type '%s'",
		    ext != NULL ? ext : "");
	if (meta == NULL || meta->first == PCL_DATE_NONE ||
	    meta->last == PCL_DATE_NONE || meta->last < meta->first ||
	    strchr(meta->origin, '\n') != NULL ||
	    strchr(meta->fetched, '\n') != NULL)
		return pcl_error_set(err, PCL_E_USAGE,
		    "bad snapshot description for '%s'", source);
	if ((size_t)snprintf(store, sizeof store, "%s/%s", dir, source) >=
	    sizeof store)
		return pcl_error_set(err, PCL_E_USAGE, "path too long");
	rc = pcl_digest_file(file, sha, &size, err);
	if (rc != PCL_OK)
		return rc;
	rc = mkdir_p(store, NULL, err);
	if (rc != PCL_OK)
		return rc;
	if ((size_t)snprintf(final, sizeof final, "%s/%s.%s", store, sha,
	    ext) >= sizeof final ||
	    (size_t)snprintf(metaf, sizeof metaf, "%s/%s.meta", store, sha) >=
	    sizeof metaf ||
	    (size_t)snprintf(cur, sizeof cur, "%s/current", store) >=
	    sizeof cur)
		return pcl_error_set(err, PCL_E_USAGE, "path too long");

	/* 1: the snapshot file, unless this content is already stored */
	if (lstat(final, &st) != 0) {
		if (same_dir(file, store)) {
			if (sync_file(file) != 0 || rename(file, final) != 0) {
				rc = pcl_error_set(err, PCL_E_WRITE,
				    "cannot move '%s' to '%s': %s", file,
				    final, strerror(errno));
				goto fail;
			}
			moved = 1;
		} else {
			rc = write_atomic(store, final, NULL, 0, file, err);
			if (rc != PCL_OK)
				goto fail;
		}
		made_final = 1;
	}
	/* 2: its description, written once with the first store */
	if (lstat(metaf, &st) != 0) {
		pcl_date_format(meta->first, first);
		pcl_date_format(meta->last, last);
		if (meta->fetched[0] != '\0')
			snprintf(fetched, sizeof fetched, "%s", meta->fetched);
		else
			now_utc(fetched);
		n = (size_t)snprintf(text, sizeof text,
		    "sha256 %s\nfile %s.%s\nbytes %llu\nfirst %s\nlast %s\n"
		    "fetched %s\norigin %s\n", sha, sha, ext, size, first, last,
		    fetched, meta->origin);
		if (n >= sizeof text) {
			rc = pcl_error_set(err, PCL_E_USAGE,
			    "snapshot origin too long");
			goto fail;
		}
		rc = write_atomic(store, metaf, text, n, NULL, err);
		if (rc != PCL_OK)
			goto fail;
		made_meta = 1;
	}
	if (fsync_dir(store) != 0) {
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot sync '%s': %s",
		    store, strerror(errno));
		goto fail;
	}
	/* 3: the switch: `current` names the new snapshot */
	n = (size_t)snprintf(text, sizeof text, "%s\n", sha);
	rc = write_atomic(store, cur, text, n, NULL, err);
	if (rc != PCL_OK)
		goto fail;
	if (fsync_dir(store) != 0)
		return pcl_error_set(err, PCL_E_WRITE,
		    "installed, but cannot sync '%s': %s", store,
		    strerror(errno));
	if (out != NULL)
		return pcl_datadir_find(dir, source, sha, out, err);
	return PCL_OK;
fail:
	if (made_meta)
		unlink(metaf);
	if (made_final && (!moved || rename(final, file) != 0))
		unlink(final);
	return rc;
}
