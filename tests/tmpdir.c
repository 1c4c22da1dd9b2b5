/*
 * tmpdir: see tmpdir.h.
 */
/* nftw() is an XSI function */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "test_util.h"
#include "tmpdir.h"

void
pcl_test_mkdtemp(char *dir, size_t size, const char *name)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, size, "%s/%s.XXXXXX", t != NULL ? t : "/tmp", name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
pcl_test_rm_rf(const char *dir)
{
	(void)nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
