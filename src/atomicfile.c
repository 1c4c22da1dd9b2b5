/*
 * atomicfile: temporary name, fsync, rename, fsync of the directory (see
 * atomicfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "banned.h"

int
pcl_atomicfile_error(struct pcl_error *err, const char *what,
    const char *path, int errnum)
{
	int rc;

	rc = pcl_error_set(err, PCL_E_WRITE, "cannot %s '%s': %s", what,
	    path, strerror(errnum));
	if (err != NULL)
		snprintf(err->file, sizeof err->file, "%s", path);
	return rc;
}

int
pcl_atomicfile_write_all(int fd, const void *data, size_t len)
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

int
pcl_atomicfile_paths(const char *dir, const char *name, char **tmp,
    char **final, struct pcl_error *err)
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

int
pcl_atomicfile_create(const char *path, int *fd, struct pcl_error *err)
{
	do
		*fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	while (*fd < 0 && errno == EINTR);
	if (*fd < 0)
		return pcl_atomicfile_error(err, "create", path, errno);
	return PCL_OK;
}

int
pcl_atomicfile_sync_close(int fd, const char *path, struct pcl_error *err)
{
	int e;

	if (fsync(fd) != 0) {
		e = errno;
		/* the fsync error is the one to report; fd is released */
		(void)close(fd);
		return pcl_atomicfile_error(err, "fsync", path, e);
	}
	if (close(fd) != 0 && errno != EINTR)
		return pcl_atomicfile_error(err, "close", path, errno);
	return PCL_OK;
}

int
pcl_atomicfile_rename(const char *tmp, const char *final,
    struct pcl_error *err)
{
	int rc;

	if (rename(tmp, final) == 0)
		return PCL_OK;
	rc = pcl_error_set(err, PCL_E_WRITE, "cannot rename '%s' to '%s': %s",
	    tmp, final, strerror(errno));
	if (err != NULL)
		snprintf(err->file, sizeof err->file, "%s", final);
	/* the rename error is reported; a leftover is removed by the next run */
	(void)unlink(tmp);
	return rc;
}

int
pcl_atomicfile_sync_dir(const char *dir, struct pcl_error *err)
{
	int fd;

	do
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return pcl_atomicfile_error(err, "open directory", dir, errno);
	return pcl_atomicfile_sync_close(fd, dir, err);
}

int
pcl_atomicfile_put_tmp(const char *dir, const char *name, const void *data,
    size_t len, char **tmp, char **final, struct pcl_error *err)
{
	int fd, rc;

	if ((rc = pcl_atomicfile_paths(dir, name, tmp, final, err)) != PCL_OK)
		return rc;
	if ((rc = pcl_atomicfile_create(*tmp, &fd, err)) != PCL_OK)
		goto fail;
	if (pcl_atomicfile_write_all(fd, data, len) != 0) {
		rc = pcl_atomicfile_error(err, "write", *tmp, errno);
		(void)close(fd);	/* the write error is the one reported */
		(void)unlink(*tmp);
		goto fail;
	}
	if ((rc = pcl_atomicfile_sync_close(fd, *tmp, err)) != PCL_OK) {
		(void)unlink(*tmp);	/* as above: 'err' holds the cause */
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
pcl_atomicfile_commit(const char *dir, const char *tmp, const char *final,
    struct pcl_error *err)
{
	int rc;

	if ((rc = pcl_atomicfile_rename(tmp, final, err)) != PCL_OK)
		return rc;
	return pcl_atomicfile_sync_dir(dir, err);
}

int
pcl_atomicfile_put(const char *dir, const char *name, const void *data,
    size_t len, struct pcl_error *err)
{
	char *tmp, *final;
	int rc;

	if ((rc = pcl_atomicfile_put_tmp(dir, name, data, len, &tmp, &final,
	    err)) != PCL_OK)
		return rc;
	rc = pcl_atomicfile_commit(dir, tmp, final, err);
	free(tmp);
	free(final);
	return rc;
}
