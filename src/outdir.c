/*
 * outdir: lock, stale-file cleanup, path safety and publish order of the
 * output directory (see outdir.h).
 */
/* realpath() is an XSI function */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"
#include "report.h"
#include "export.h"
#include "writer.h"
#include "banned.h"

static const char *const lane_files[PCL_OUT_COUNT] = {
	"release.csv.gz", "declare.csv.gz", "reject.csv.gz", "hold.csv.gz",
	"duplicates.csv.gz"
};

/* Every file the batch writes in its directory: lanes, the export data
 * sets (export.h), summary.json, the lock. */
#define NWRITTEN (PCL_OUT_COUNT + PCL_EXPORT_COUNT + 2)

struct pcl_outdir {
	const char	*dir;
	int		 lockfd;
};

const char *
pcl_outdir_lane_file(int i)
{
	return i >= 0 && i < PCL_OUT_COUNT ? lane_files[i] : "";
}

static const char *
written_name(size_t i)
{
	if (i < PCL_OUT_COUNT)
		return lane_files[i];
	if (i < PCL_OUT_COUNT + PCL_EXPORT_COUNT)
		return pcl_export_file((int)(i - PCL_OUT_COUNT));
	return i == PCL_OUT_COUNT + PCL_EXPORT_COUNT ? PCL_OUTDIR_SUMMARY :
	    PCL_OUTDIR_LOCK;
}

/*
 * Writes the absolute form of 'path' into 'out' with symbolic links
 * resolved as far as the path exists; the components past that are
 * appended as written, "." dropped and ".." taking one off. Returns 0,
 * or -1 when it does not fit or no working directory is known.
 */
static int
resolve(const char *path, char *out, size_t size)
{
	char abs[PATH_MAX], res[PATH_MAX];
	const char *tail[PATH_MAX / 2];
	size_t ntail = 0, n, len;
	char *slash;

	if (path[0] == '/') {
		if (snprintf(abs, sizeof abs, "%s", path) >= (int)sizeof abs)
			return -1;
	} else {
		if (getcwd(abs, sizeof abs) == NULL)
			return -1;
		n = strlen(abs);
		if (snprintf(abs + n, sizeof abs - n, "/%s", path) >=
		    (int)(sizeof abs - n))
			return -1;
	}
	while (realpath(abs[0] != '\0' ? abs : "/", res) == NULL) {
		if ((slash = strrchr(abs, '/')) == NULL || ntail == PATH_MAX / 2)
			return -1;
		tail[ntail++] = slash + 1;
		*slash = '\0';
	}
	len = strlen(res);
	while (ntail > 0) {
		const char *c = tail[--ntail];

		if (c[0] == '\0' || strcmp(c, ".") == 0)
			continue;
		if (strcmp(c, "..") == 0) {
			while (len > 1 && res[len - 1] != '/')
				len--;
			if (len > 1)
				len--;
			res[len] = '\0';
			continue;
		}
		if (snprintf(res + len, sizeof res - len, "%s%s",
		    len > 1 ? "/" : "", c) >= (int)(sizeof res - len))
			return -1;
		len = strlen(res);
	}
	if (snprintf(out, size, "%s", res) >= (int)size)
		return -1;
	return 0;
}

/*
 * 1 when 'name' is a temporary output a killed run may have left in the
 * directory: "<output>.tmp.<pid>", output a lane file, an export data
 * set or summary.json.
 */
static int
stale_name(const char *name)
{
	const char *t = NULL, *o;
	size_t i, n;

	for (i = 0; i < NWRITTEN - 1 && t == NULL; i++) {
		o = written_name(i);
		n = strlen(o);
		if (strncmp(name, o, n) == 0 && strncmp(name + n, ".tmp.", 5) == 0)
			t = name + n + 5;
	}
	if (t == NULL || *t == '\0')
		return 0;
	for (; *t != '\0'; t++)
		if (*t < '0' || *t > '9')
			return 0;
	return 1;
}

/* One file of the check: its path, and its identity when it exists. */
struct file_id {
	const char	*path;
	int		 exists;
	dev_t		 dev;
	ino_t		 ino;
	char		 real[PATH_MAX];	/* resolved, "" if unknown */
};

static void
identify(struct file_id *f, const char *path)
{
	struct stat st;

	f->path = path;
	f->exists = stat(path, &st) == 0;
	if (f->exists) {
		f->dev = st.st_dev;
		f->ino = st.st_ino;
	}
	if (resolve(path, f->real, sizeof f->real) != 0)
		f->real[0] = '\0';
}

/* 1 when 'a' and 'b' are the same file, or will be. */
static int
same_file(const struct file_id *a, const struct file_id *b)
{
	if (a->exists && b->exists)
		return a->dev == b->dev && a->ino == b->ino;
	if (a->exists != b->exists)
		return 0;
	return a->real[0] != '\0' && strcmp(a->real, b->real) == 0;
}

/* Adds every regular file of directory 'dir' to 'r' (grown as needed). */
static int
add_dir_files(const char *dir, struct file_id **r, size_t *n, char ***names,
    size_t *nnames)
{
	struct dirent *e;
	struct stat st;
	DIR *d;
	int rc = PCL_OK;

	if ((d = opendir(dir)) == NULL)
		return PCL_OK;	/* reading it later reports the error */
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		struct file_id *t;
		char **nn, *p;

		if (e->d_name[0] == '.')
			continue;
		if ((p = malloc(len)) == NULL) {
			rc = PCL_E_NOMEM;
			break;
		}
		snprintf(p, len, "%s/%s", dir, e->d_name);
		if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		if ((nn = realloc(*names, (*nnames + 1) * sizeof *nn)) == NULL) {
			free(p);
			rc = PCL_E_NOMEM;
			break;
		}
		*names = nn;
		nn[(*nnames)++] = p;
		if ((t = realloc(*r, (*n + 1) * sizeof *t)) == NULL) {
			rc = PCL_E_NOMEM;
			break;
		}
		*r = t;
		identify(&t[(*n)++], p);
	}
	closedir(d);
	return rc;
}

/*
 * The run removes the temporary outputs an earlier run left in 'dir'
 * (stale_name): refuses, as a usage error, when one of them is among the
 * 'n' files 'r' the run reads.
 */
static int
check_stale(const char *dir, const struct file_id *r, size_t n,
    struct pcl_error *err)
{
	char path[PATH_MAX];
	struct file_id f;
	struct dirent *e;
	size_t k;
	DIR *d;
	int rc = PCL_OK;

	if ((d = opendir(dir)) == NULL)
		return PCL_OK;	/* not there yet: nothing in it to remove */
	while (rc == PCL_OK && (e = readdir(d)) != NULL) {
		if (!stale_name(e->d_name) || snprintf(path, sizeof path,
		    "%s/%s", dir, e->d_name) >= (int)sizeof path)
			continue;
		identify(&f, path);
		for (k = 0; k < n; k++)
			if (r[k].exists && same_file(&f, &r[k])) {
				rc = pcl_error_set(err, PCL_E_USAGE, "input "
				    "'%s' is '%s', a temporary output of an "
				    "earlier run that this run removes; move it "
				    "out of the output directory", r[k].path,
				    path);
				break;
			}
	}
	closedir(d);
	return rc;
}

int
pcl_outdir_check(const struct pcl_outdir_paths *p, struct pcl_error *err)
{
	struct file_id *r = NULL, w[NWRITTEN], rep;
	char **names = NULL, path[PATH_MAX];
	size_t i, k, n = 0, nnames = 0, nw = 0;
	int rc = PCL_OK;

	if ((r = calloc(p->nreads + 1, sizeof *r)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	for (i = 0; i < p->nreads; i++)
		if (p->reads[i] != NULL && strcmp(p->reads[i], "-") != 0)
			identify(&r[n++], p->reads[i]);
	if (p->lists_dir != NULL &&
	    add_dir_files(p->lists_dir, &r, &n, &names, &nnames) != PCL_OK) {
		rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; p->outdir != NULL && i < NWRITTEN; i++) {
		if (snprintf(path, sizeof path, "%s/%s", p->outdir,
		    written_name(i)) >= (int)sizeof path) {
			rc = pcl_error_set(err, PCL_E_USAGE,
			    "output directory name '%s' is too long", p->outdir);
			goto out;
		}
		identify(&w[nw], path);
		for (k = 0; k < n; k++)
			if (r[k].exists && same_file(&w[nw], &r[k])) {
				rc = pcl_error_set(err, PCL_E_USAGE, "output "
				    "'%s' is the input '%s'; refusing to "
				    "overwrite it", path, r[k].path);
				goto out;
			}
		w[nw].path = written_name(i);
		nw++;
	}
	if (p->outdir != NULL && (rc = check_stale(p->outdir, r, n, err)) !=
	    PCL_OK)
		goto out;
	if (p->report == NULL)
		goto out;
	identify(&rep, p->report);
	{
		struct stat st;

		if (stat(p->report, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = pcl_error_set(err, PCL_E_USAGE, "--report '%s' is "
			    "a directory; name the HTML file to write",
			    p->report);
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		if (r[i].exists && same_file(&rep, &r[i])) {
			rc = pcl_error_set(err, PCL_E_USAGE, "--report '%s' is "
			    "the input '%s'; refusing to overwrite it",
			    p->report, r[i].path);
			goto out;
		}
	for (i = 0; i < nw; i++)
		if (same_file(&rep, &w[i])) {
			rc = pcl_error_set(err, PCL_E_USAGE, "--report '%s' is "
			    "one of the batch's own outputs in '%s'; choose "
			    "another name", p->report, p->outdir);
			goto out;
		}
out:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(r);
	return rc;
}

/* mkdir -p: creates 'dir' and its missing parents. */
static int
make_dirs(const char *dir)
{
	char path[PATH_MAX];
	size_t i, n = strlen(dir);

	if (n == 0 || n >= sizeof path)
		return -1;
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return -1;
		path[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/*
 * Removes temporary outputs ("<output>.tmp.<pid>", stale_name) a killed
 * run left in 'dir'. Called with the lock held, so no live run owns them;
 * pcl_outdir_check has made sure none of them is an input.
 */
static void
remove_stale(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!stale_name(e->d_name))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		(void)unlink(path);	/* what cannot go stays harmless */
	}
	closedir(d);
}

int
pcl_outdir_open(struct pcl_outdir **out, const char *dir,
    struct pcl_error *err)
{
	char path[PATH_MAX];
	struct pcl_outdir *d;
	struct flock fl;

	*out = NULL;
	if (make_dirs(dir) != 0)
		return pcl_error_set(err, PCL_E_WRITE,
		    "cannot create output directory '%s': %s", dir,
		    strerror(errno));
	if ((d = calloc(1, sizeof *d)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	d->dir = dir;
	snprintf(path, sizeof path, "%s/" PCL_OUTDIR_LOCK, dir);
	if ((d->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
		free(d);
		return pcl_error_set(err, PCL_E_WRITE, "cannot open '%s': %s",
		    path, strerror(errno));
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(d->lockfd, F_SETLK, &fl) != 0) {
		pcl_outdir_close(d);
		return pcl_error_set(err, PCL_E_LOCKED,
		    "output directory '%s' is in use by another run", dir);
	}
	remove_stale(dir);
	*out = d;
	return PCL_OK;
}

void
pcl_outdir_close(struct pcl_outdir *d)
{
	if (d == NULL)
		return;
	(void)close(d->lockfd);	/* releases the lock; nothing was written */
	free(d);
}

int
pcl_outdir_publish(struct pcl_outdir *d, struct pcl_writer **lanes,
    struct pcl_writer **exports, struct pcl_report_file **report,
    const char *summary, size_t len,
    void (*on_published)(void *user, const char *name), void *user,
    struct pcl_error *err)
{
	char path[PATH_MAX];
	size_t i;
	int rc = PCL_OK;

	snprintf(path, sizeof path, "%s/" PCL_OUTDIR_SUMMARY, d->dir);
	if (unlink(path) != 0 && errno != ENOENT)
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot remove '%s': %s",
		    path, strerror(errno));
	for (i = 0; i < PCL_OUT_COUNT; i++) {
		struct pcl_writer *w = lanes[i];

		lanes[i] = NULL;
		if (rc != PCL_OK) {
			pcl_writer_abort(w);
			continue;
		}
		if ((rc = pcl_writer_publish(w, err)) == PCL_OK &&
		    on_published != NULL)
			on_published(user, lane_files[i]);
	}
	for (i = 0; i < PCL_EXPORT_COUNT; i++) {
		struct pcl_writer *w = exports != NULL ? exports[i] : NULL;

		if (w == NULL) {
			/* an earlier run's data set this run does not write
			 * must not pass for this run's */
			snprintf(path, sizeof path, "%s/%s", d->dir,
			    pcl_export_file((int)i));
			if (rc == PCL_OK && unlink(path) != 0 &&
			    errno != ENOENT)
				rc = pcl_error_set(err, PCL_E_WRITE,
				    "cannot remove '%s': %s", path,
				    strerror(errno));
			continue;
		}
		exports[i] = NULL;
		if (rc != PCL_OK) {
			pcl_writer_abort(w);
			continue;
		}
		if ((rc = pcl_writer_publish(w, err)) == PCL_OK &&
		    on_published != NULL)
			on_published(user, pcl_export_file((int)i));
	}
	if (report != NULL && *report != NULL) {
		struct pcl_report_file *f = *report;

		*report = NULL;
		if (rc != PCL_OK)
			pcl_report_abort(f);
		else
			rc = pcl_report_commit(f, err);
	}
	if (rc == PCL_OK)
		rc = pcl_writer_sync_dir(d->dir, err);
	if (rc == PCL_OK)
		rc = pcl_writer_put_file(d->dir, PCL_OUTDIR_SUMMARY, summary,
		    len, err);
	return rc;
}
