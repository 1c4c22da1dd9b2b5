/*
 * test_datadir: choosing the data directory, and installing and finding
 * snapshots, in mkdtemp directories. SHA-256 values were computed with
 * sha256sum on the same bytes.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "datadir.h"
#include "date.h"

/* printf 'a,b\n1,2\n' | sha256sum */
#define SHA_A "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470"

static const char body_a[] = "a,b\n1,2\n";
static const char body_b[] = "a,b\n1,2\n3,4\n";

static char *
new_dir(char buf[64])
{
	snprintf(buf, 64, "/tmp/pcl-datadir-XXXXXX");
	return mkdtemp(buf);
}

/* Removes 'dir' and everything under it (two levels are enough here). */
static void
rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char p[PCL_DATADIR_PATH_MAX];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rmtree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

static void
write_file(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	CU_ASSERT_FATAL(fp != NULL);
	CU_ASSERT(fputs(s, fp) >= 0);
	CU_ASSERT(fclose(fp) == 0);
}

static int
count_entries(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0 &&
		    strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void
meta_init(struct pcl_datadir_snapshot *m, const char *from, const char *to,
    const char *origin)
{
	memset(m, 0, sizeof *m);
	m->first = pcl_date_parse_iso(from, strlen(from));
	m->last = pcl_date_parse_iso(to, strlen(to));
	snprintf(m->fetched, sizeof m->fetched, "2026-12-07T02:00:00Z");
	snprintf(m->origin, sizeof m->origin, "%s", origin);
}

static void
test_datadir_resolve_order(void)
{
	struct pcl_datadir_env e = { NULL, NULL, NULL, NULL, NULL };
	enum pcl_datadir_origin o;
	struct pcl_error err;
	char sys[64], *out = NULL;

	CU_ASSERT_FATAL(new_dir(sys) != NULL);
	e.home = "/home/hub";
	CU_ASSERT_EQUAL(pcl_datadir_resolve(&e, 0, &out, &o, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "/home/hub/.local/share/parcelclear");
	CU_ASSERT_EQUAL(o, PCL_DATADIR_XDG);
	free(out);
	/* a relative XDG_DATA_HOME is ignored, as the XDG spec says */
	e.xdg_data_home = "rel/data";
	CU_ASSERT_EQUAL(pcl_datadir_resolve(&e, 0, &out, &o, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "/home/hub/.local/share/parcelclear");
	free(out);
	e.xdg_data_home = "/srv/xdg";
	CU_ASSERT_EQUAL(pcl_datadir_resolve(&e, 1, &out, &o, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "/srv/xdg/parcelclear");
	free(out);
	/* a system directory that does not exist is passed over */
	e.system_dir = "/nonexistent/pcl-system";
	CU_ASSERT_EQUAL(pcl_datadir_resolve(&e, 0, &out, &o, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "/srv/xdg/parcelclear");
	free(out);
	e.system_dir = sys;
	CU_ASSERT_EQUAL(pcl_datadir_resolve(&e, 1, &out, &o, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, sys);
	CU_ASSERT_EQUAL(o, PCL_DATADIR_SYSTEMWIDE);
	free(out);
	e.pcl_data = "/data/env";
	CU_ASSERT_EQUAL(pcl_datadir_resolve(&e, 0, &out, &o, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "/data/env");
	CU_ASSERT_EQUAL(o, PCL_DATADIR_ENV);
	free(out);
	e.flag = "/data/flag";
	CU_ASSERT_EQUAL(pcl_datadir_resolve(&e, 0, &out, &o, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(out, "/data/flag");
	CU_ASSERT_EQUAL(o, PCL_DATADIR_FLAG);
	free(out);
	rmdir(sys);
}

static void
test_datadir_resolve_without_home_is_a_usage_error(void)
{
	struct pcl_datadir_env e = { NULL, "", "/nonexistent/x", NULL, NULL };
	struct pcl_error err;
	static char sentinel[] = "";
	char *out = sentinel;

	CU_ASSERT_EQUAL(pcl_datadir_resolve(&e, 0, &out, NULL, &err),
	    PCL_E_USAGE);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "PARCELCLEAR_DATA"));
}

static void
test_datadir_newest_of_an_empty_store_is_not_found(void)
{
	struct pcl_datadir_snapshot s;
	struct pcl_error err;
	char dir[64];

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "ecb", &s, &err),
	    PCL_E_NOTFOUND);
	CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "../etc", &s, &err),
	    PCL_E_USAGE);
	rmtree(dir);
}

static void
test_datadir_install_copies_and_names_by_sha256(void)
{
	struct pcl_datadir_snapshot m, s, n;
	struct pcl_error err;
	char dir[64], src[PCL_DATADIR_PATH_MAX], want[PCL_DATADIR_PATH_MAX];
	char d[11];
	struct stat st;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	snprintf(src, sizeof src, "%s/import.csv", dir);
	write_file(src, body_a);
	meta_init(&m, "2026-10-01", "2026-12-04", "import:eurofxref-hist.csv");
	CU_ASSERT_EQUAL_FATAL(pcl_datadir_install(dir, "ecb", src, "csv", &m,
	    &s, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(s.sha256, SHA_A);
	snprintf(want, sizeof want, "%s/ecb/%s.csv", dir, SHA_A);
	CU_ASSERT_STRING_EQUAL(s.path, want);
	CU_ASSERT_EQUAL(stat(want, &st), 0);
	CU_ASSERT_EQUAL(st.st_size, (off_t)strlen(body_a));
	/* copied, not moved: the imported file is still there */
	CU_ASSERT_EQUAL(stat(src, &st), 0);
	CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "ecb", &n, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(n.sha256, SHA_A);
	CU_ASSERT_STRING_EQUAL(n.ext, "csv");
	pcl_date_format(n.first, d);
	CU_ASSERT_STRING_EQUAL(d, "2026-10-01");
	pcl_date_format(n.last, d);
	CU_ASSERT_STRING_EQUAL(d, "2026-12-04");
	CU_ASSERT_STRING_EQUAL(n.fetched, "2026-12-07T02:00:00Z");
	CU_ASSERT_STRING_EQUAL(n.origin, "import:eurofxref-hist.csv");
	snprintf(want, sizeof want, "%s/ecb", dir);
	CU_ASSERT_EQUAL(count_entries(want, ".tmp-"), 0);
	rmtree(dir);
}

static void
test_datadir_install_moves_a_download_in_the_store(void)
{
	struct pcl_datadir_snapshot m, s;
	struct pcl_error err;
	char dir[64], store[PCL_DATADIR_PATH_MAX], tmp[PCL_DATADIR_PATH_MAX];
	struct stat st;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	snprintf(store, sizeof store, "%s/boc", dir);
	CU_ASSERT_FATAL(mkdir(store, 0755) == 0);
	snprintf(tmp, sizeof tmp, "%s/boc/.fetch-abc123", dir);
	write_file(tmp, body_a);
	meta_init(&m, "2026-10-01", "2026-12-04",
	    "https://www.bankofcanada.ca/valet/observations/group/"
	    "FX_RATES_DAILY/json");
	CU_ASSERT_EQUAL(pcl_datadir_install(dir, "boc", tmp, "json", &m, &s,
	    &err), PCL_OK);
	CU_ASSERT_NOT_EQUAL(stat(tmp, &st), 0);
	CU_ASSERT_EQUAL(stat(s.path, &st), 0);
	CU_ASSERT_EQUAL(count_entries(store, "."), 0);
	rmtree(dir);
}

static void
test_datadir_older_snapshots_are_kept_for_replays(void)
{
	struct pcl_datadir_snapshot m, a, b, s;
	struct pcl_error err;
	char dir[64], src[PCL_DATADIR_PATH_MAX];

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	snprintf(src, sizeof src, "%s/in.csv", dir);
	write_file(src, body_a);
	meta_init(&m, "2026-10-01", "2026-12-03", "import:a");
	CU_ASSERT_EQUAL_FATAL(pcl_datadir_install(dir, "rba", src, "csv", &m,
	    &a, &err), PCL_OK);
	write_file(src, body_b);
	meta_init(&m, "2026-10-01", "2026-12-04", "import:b");
	CU_ASSERT_EQUAL_FATAL(pcl_datadir_install(dir, "rba", src, "csv", &m,
	    &b, &err), PCL_OK);
	CU_ASSERT_STRING_NOT_EQUAL(a.sha256, b.sha256);
	CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "rba", &s, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(s.sha256, b.sha256);
	CU_ASSERT_EQUAL(pcl_datadir_find(dir, "rba", a.sha256, &s, &err),
	    PCL_OK);
	CU_ASSERT_STRING_EQUAL(s.origin, "import:a");
	/* the same content again: reused, and newest again */
	write_file(src, body_a);
	meta_init(&m, "2026-10-01", "2026-12-03", "import:again");
	CU_ASSERT_EQUAL(pcl_datadir_install(dir, "rba", src, "csv", &m, &s,
	    &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(s.sha256, a.sha256);
	CU_ASSERT_STRING_EQUAL(s.origin, "import:a");
	CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "rba", &s, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(s.sha256, a.sha256);
	rmtree(dir);
}

static void
test_datadir_find_unknown_or_deleted_is_not_found(void)
{
	struct pcl_datadir_snapshot m, a, s;
	struct pcl_error err;
	char dir[64], src[PCL_DATADIR_PATH_MAX];

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	snprintf(src, sizeof src, "%s/in.csv", dir);
	write_file(src, body_a);
	meta_init(&m, "2026-10-01", "2026-12-03", "import:a");
	CU_ASSERT_EQUAL_FATAL(pcl_datadir_install(dir, "frb", src, "csv", &m,
	    &a, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datadir_find(dir, "frb",
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    &s, &err), PCL_E_NOTFOUND);
	CU_ASSERT_EQUAL(pcl_datadir_find(dir, "frb", "abc", &s, &err),
	    PCL_E_USAGE);
	CU_ASSERT_EQUAL(unlink(a.path), 0);
	CU_ASSERT_EQUAL(pcl_datadir_find(dir, "frb", a.sha256, &s, &err),
	    PCL_E_NOTFOUND);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "gone"));
	rmtree(dir);
}

static void
test_datadir_damaged_current_is_a_parse_error(void)
{
	struct pcl_datadir_snapshot s;
	struct pcl_error err;
	char dir[64], p[PCL_DATADIR_PATH_MAX];

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	snprintf(p, sizeof p, "%s/ecb", dir);
	CU_ASSERT_FATAL(mkdir(p, 0755) == 0);
	snprintf(p, sizeof p, "%s/ecb/current", dir);
	write_file(p, "6a1d8fba\n");
	CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "ecb", &s, &err),
	    PCL_E_PARSE);
	rmtree(dir);
}

static void
test_datadir_failed_install_changes_nothing(void)
{
	struct pcl_datadir_snapshot m, a, s;
	struct pcl_error err;
	struct rlimit old, lim;
	char dir[64], src[PCL_DATADIR_PATH_MAX], big[3000];
	char store[PCL_DATADIR_PATH_MAX];
	void (*prev)(int);
	int rc;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	snprintf(src, sizeof src, "%s/in.csv", dir);
	write_file(src, body_a);
	meta_init(&m, "2026-10-01", "2026-12-03", "import:a");
	CU_ASSERT_EQUAL_FATAL(pcl_datadir_install(dir, "hmrc", src, "csv", &m,
	    &a, &err), PCL_OK);
	/* a file that does not exist */
	CU_ASSERT_EQUAL(pcl_datadir_install(dir, "hmrc", "/nonexistent/f",
	    "csv", &m, &s, &err), PCL_E_IO);
	/* a description that cannot be stored */
	snprintf(m.origin, sizeof m.origin, "two\nlines");
	CU_ASSERT_EQUAL(pcl_datadir_install(dir, "hmrc", src, "csv", &m, &s,
	    &err), PCL_E_USAGE);
	/* the disk fills up while the new snapshot is written: a file-size
	 * limit below its size makes write() fail as a full disk would */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	write_file(src, big);
	meta_init(&m, "2026-10-01", "2026-12-04", "import:b");
	CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old) == 0);
	lim = old;
	lim.rlim_cur = 1024;
	prev = signal(SIGXFSZ, SIG_IGN);
	CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &lim) == 0);
	rc = pcl_datadir_install(dir, "hmrc", src, "csv", &m, &s, &err);
	CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &old) == 0);
	signal(SIGXFSZ, prev);
	CU_ASSERT_EQUAL(rc, PCL_E_WRITE);
	/* the old snapshot is still the newest, and nothing new remains */
	CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "hmrc", &s, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(s.sha256, a.sha256);
	snprintf(store, sizeof store, "%s/hmrc", dir);
	CU_ASSERT_EQUAL(count_entries(store, ""), 3);	/* csv, meta, current */
	rmtree(dir);
}

static void
test_datadir_prepare_creates_the_store_directory(void)
{
	char buf[64], *dir = new_dir(buf), store[PCL_DATADIR_PATH_MAX];
	char created[PCL_DATADIR_PATH_MAX], want[128], deep[128];
	struct pcl_error err;
	struct stat st;

	CU_ASSERT_FATAL(dir != NULL);
	/* missing parents are created too; 'created' is the outermost */
	snprintf(deep, sizeof deep, "%s/a/b", dir);
	CU_ASSERT_EQUAL(pcl_datadir_prepare(deep, "boc", store, created,
	    &err), PCL_OK);
	snprintf(want, sizeof want, "%s/a/b/boc", dir);
	CU_ASSERT_STRING_EQUAL(store, want);
	CU_ASSERT(stat(want, &st) == 0 && S_ISDIR(st.st_mode));
	snprintf(want, sizeof want, "%s/a", dir);
	CU_ASSERT_STRING_EQUAL(created, want);
	/* again: it exists already, fine, and nothing was created */
	CU_ASSERT_EQUAL(pcl_datadir_prepare(deep, "boc", store, created,
	    &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(created, "");
	CU_ASSERT_EQUAL(pcl_datadir_prepare(deep, "../x", store, created,
	    &err), PCL_E_USAGE);
	CU_ASSERT_STRING_EQUAL(created, "");
	/* a file where the directory should be */
	snprintf(want, sizeof want, "%s/a/b/rba", dir);
	write_file(want, "x");
	CU_ASSERT_EQUAL(pcl_datadir_prepare(deep, "rba", store, created,
	    &err), PCL_E_WRITE);
	rmtree(dir);
}

static void
test_datadir_unprepare_removes_only_what_prepare_made(void)
{
	char buf[64], *dir = new_dir(buf), store[PCL_DATADIR_PATH_MAX];
	char created[PCL_DATADIR_PATH_MAX], path[128], deep[128];
	struct pcl_error err;
	struct stat st;

	CU_ASSERT_FATAL(dir != NULL);
	snprintf(deep, sizeof deep, "%s/a/b", dir);
	CU_ASSERT_EQUAL(pcl_datadir_prepare(deep, "ecb", store, created,
	    &err), PCL_OK);
	/* a/b/ecb, a/b and a were made here: all three go, 'dir' stays */
	pcl_datadir_unprepare(store, created);
	snprintf(path, sizeof path, "%s/a", dir);
	CU_ASSERT(stat(path, &st) != 0);
	CU_ASSERT(stat(dir, &st) == 0);
	/* a/b existed with another source's store in it: only a/b/ecb goes */
	CU_ASSERT_EQUAL(pcl_datadir_prepare(deep, "boc", store, created,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_datadir_prepare(deep, "ecb", store, created,
	    &err), PCL_OK);
	snprintf(path, sizeof path, "%s/a/b/ecb", dir);
	CU_ASSERT_STRING_EQUAL(created, path);
	pcl_datadir_unprepare(store, created);
	CU_ASSERT(stat(path, &st) != 0);
	snprintf(path, sizeof path, "%s/a/b/boc", dir);
	CU_ASSERT(stat(path, &st) == 0);
	/* nothing created: nothing removed, even an empty store */
	CU_ASSERT_EQUAL(pcl_datadir_prepare(deep, "boc", store, created,
	    &err), PCL_OK);
	pcl_datadir_unprepare(store, created);
	CU_ASSERT(stat(path, &st) == 0);
	rmtree(dir);
}

static const struct pcl_test tests[] = {
	PCL_TEST(test_datadir_prepare_creates_the_store_directory),
	PCL_TEST(test_datadir_unprepare_removes_only_what_prepare_made),
	PCL_TEST(test_datadir_resolve_order),
	PCL_TEST(test_datadir_resolve_without_home_is_a_usage_error),
	PCL_TEST(test_datadir_newest_of_an_empty_store_is_not_found),
	PCL_TEST(test_datadir_install_copies_and_names_by_sha256),
	PCL_TEST(test_datadir_install_moves_a_download_in_the_store),
	PCL_TEST(test_datadir_older_snapshots_are_kept_for_replays),
	PCL_TEST(test_datadir_find_unknown_or_deleted_is_not_found),
	PCL_TEST(test_datadir_damaged_current_is_a_parse_error),
	PCL_TEST(test_datadir_failed_install_changes_nothing),
	{ NULL, NULL }
};

void test_datadir_register(void);

void
test_datadir_register(void)
{
	PCL_TEST_SUITE("datadir", tests);
}
