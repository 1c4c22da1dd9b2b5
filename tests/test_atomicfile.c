/*
 * test_atomicfile: temporary names, all-or-nothing files, and that every
 * failure leaves nothing behind and names its path.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "atomicfile.h"

static void
mk_tmpdir(char buf[64])
{
	snprintf(buf, 64, "/tmp/pcl-atomicfile-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(buf));
}

/* The names in 'dir' other than . and .., sorted, joined by ' '. */
static void
entries(const char *dir, char *out, size_t size)
{
	char names[8][256];
	struct dirent *de;
	DIR *d = opendir(dir);
	size_t n = 0, i, j;
	char t[256];

	out[0] = '\0';
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && n < 8)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			snprintf(names[n++], sizeof names[0], "%s", de->d_name);
	closedir(d);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				memcpy(t, names[i], sizeof t);
				memcpy(names[i], names[j], sizeof t);
				memcpy(names[j], t, sizeof t);
			}
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), size - strlen(out), "%s%s",
		    i ? " " : "", names[i]);
}

static void
rm_tmpdir(const char *dir)
{
	struct dirent *de;
	char path[512];
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* The content of 'path' (at most 63 bytes), "" when unreadable. */
static void
content(const char *path, char out[64])
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;

	if (f != NULL) {
		n = fread(out, 1, 63, f);
		fclose(f);
	}
	out[n] = '\0';
}

static void
test_atomicfile_paths_name_tmp_with_pid(void)
{
	char *tmp, *final, want[64];
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_atomicfile_paths("d", "summary.json", &tmp,
	    &final, &err), PCL_OK);
	snprintf(want, sizeof want, "d/summary.json.tmp.%ld", (long)getpid());
	CU_ASSERT_STRING_EQUAL(tmp, want);
	CU_ASSERT_STRING_EQUAL(final, "d/summary.json");
	free(tmp);
	free(final);
}

static void
test_atomicfile_put_replaces_whole_file(void)
{
	char dir[64], path[128], got[64], list[256];
	struct pcl_error err;

	mk_tmpdir(dir);
	snprintf(path, sizeof path, "%s/a.txt", dir);
	CU_ASSERT_EQUAL(pcl_atomicfile_put(dir, "a.txt", "old text", 8, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_atomicfile_put(dir, "a.txt", "new", 3, &err),
	    PCL_OK);
	content(path, got);
	CU_ASSERT_STRING_EQUAL(got, "new");
	entries(dir, list, sizeof list);
	CU_ASSERT_STRING_EQUAL(list, "a.txt");	/* no temporary file */
	rm_tmpdir(dir);
}

static void
test_atomicfile_tmp_then_commit(void)
{
	char dir[64], got[64], list[256], want[128];
	char *tmp, *final;
	struct pcl_error err;

	mk_tmpdir(dir);
	CU_ASSERT_EQUAL_FATAL(pcl_atomicfile_put_tmp(dir, "r.html", "<p>", 3,
	    &tmp, &final, &err), PCL_OK);
	/* written but not yet under its name */
	entries(dir, list, sizeof list);
	snprintf(want, sizeof want, "r.html.tmp.%ld", (long)getpid());
	CU_ASSERT_STRING_EQUAL(list, want);
	content(tmp, got);
	CU_ASSERT_STRING_EQUAL(got, "<p>");
	CU_ASSERT_EQUAL(pcl_atomicfile_commit(dir, tmp, final, &err), PCL_OK);
	entries(dir, list, sizeof list);
	CU_ASSERT_STRING_EQUAL(list, "r.html");
	content(final, got);
	CU_ASSERT_STRING_EQUAL(got, "<p>");
	free(tmp);
	free(final);
	rm_tmpdir(dir);
}

static void
test_atomicfile_failures_leave_nothing(void)
{
	char dir[64], missing[128], list[256], *tmp, *final;
	struct pcl_error err;
	int fd;

	mk_tmpdir(dir);
	snprintf(missing, sizeof missing, "%s/no-such-dir", dir);
	/* the directory is missing: create fails, naming the temporary */
	CU_ASSERT_EQUAL(pcl_atomicfile_put(missing, "a", "x", 1, &err),
	    PCL_E_WRITE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot create"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.file, "no-such-dir/a.tmp."));
	CU_ASSERT_EQUAL(pcl_atomicfile_put_tmp(missing, "a", "x", 1, &tmp,
	    &final, &err), PCL_E_WRITE);
	CU_ASSERT_PTR_NULL(tmp);
	CU_ASSERT_PTR_NULL(final);
	/* an existing temporary name is never reused */
	CU_ASSERT_EQUAL_FATAL(pcl_atomicfile_put_tmp(dir, "b", "x", 1, &tmp,
	    &final, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_atomicfile_create(tmp, &fd, &err), PCL_E_WRITE);
	/* a rename into a missing directory fails and removes the temporary */
	snprintf(missing, sizeof missing, "%s/no-such-dir/b", dir);
	CU_ASSERT_EQUAL(pcl_atomicfile_rename(tmp, missing, &err),
	    PCL_E_WRITE);
	CU_ASSERT_STRING_EQUAL(err.file, missing);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot rename"));
	entries(dir, list, sizeof list);
	CU_ASSERT_STRING_EQUAL(list, "");
	free(tmp);
	free(final);
	snprintf(missing, sizeof missing, "%s/no-such-dir", dir);
	CU_ASSERT_EQUAL(pcl_atomicfile_sync_dir(missing, &err), PCL_E_WRITE);
	CU_ASSERT_EQUAL(pcl_atomicfile_sync_dir(dir, &err), PCL_OK);
	rm_tmpdir(dir);
}

static void
test_atomicfile_write_all_and_sync_close(void)
{
	char dir[64], path[128], got[64];
	struct pcl_error err;
	int fd;

	mk_tmpdir(dir);
	snprintf(path, sizeof path, "%s/w", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_atomicfile_create(path, &fd, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_atomicfile_write_all(fd, "abc", 3), 0);
	CU_ASSERT_EQUAL(pcl_atomicfile_write_all(fd, "", 0), 0);
	CU_ASSERT_EQUAL(pcl_atomicfile_sync_close(fd, path, &err), PCL_OK);
	content(path, got);
	CU_ASSERT_STRING_EQUAL(got, "abc");
	/* a closed descriptor: write fails, fsync fails and names the path */
	CU_ASSERT_EQUAL(pcl_atomicfile_write_all(fd, "abc", 3), -1);
	CU_ASSERT_EQUAL(pcl_atomicfile_sync_close(fd, path, &err),
	    PCL_E_WRITE);
	CU_ASSERT_STRING_EQUAL(err.file, path);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot fsync"));
	rm_tmpdir(dir);
}

void test_atomicfile_register(void);
void
test_atomicfile_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_atomicfile_paths_name_tmp_with_pid),
		PCL_TEST(test_atomicfile_put_replaces_whole_file),
		PCL_TEST(test_atomicfile_tmp_then_commit),
		PCL_TEST(test_atomicfile_failures_leave_nothing),
		PCL_TEST(test_atomicfile_write_all_and_sync_close),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("atomicfile", tests);
}
