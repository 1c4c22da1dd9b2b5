/*
 * test_outdir: path safety, lock, stale-file cleanup and publish order
 * of the output directory. Every test works in its own mkdtemp
 * directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "tmpdir.h"
#include "outdir.h"
#include "writer.h"

static void
touch(const char *dir, const char *name)
{
	char p[4096];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(p, "w"));
	CU_ASSERT_EQUAL(fputs("x\n", f) >= 0, 1);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

static int
exists(const char *dir, const char *name)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	return stat(p, &st) == 0;
}

static int
check(const char *const *reads, size_t n, const char *lists,
    const char *outdir, const char *report)
{
	struct pcl_outdir_paths p;
	struct pcl_error err;

	memset(&p, 0, sizeof p);
	p.reads = reads;
	p.nreads = n;
	p.lists_dir = lists;
	p.outdir = outdir;
	p.report = report;
	return pcl_outdir_check(&p, &err);
}

static void
test_outdir_input_named_like_an_output_is_refused(void)
{
	char d[256], o[300], in[320], sym[320], hard[320], other[320];
	const char *reads[2];

	pcl_test_mkdtemp(d, sizeof d, "pcl-outdir");
	snprintf(o, sizeof o, "%s/o2", d);
	CU_ASSERT_EQUAL_FATAL(mkdir(o, 0777), 0);
	touch(o, "release.csv.gz");
	touch(d, "in.csv");
	snprintf(in, sizeof in, "%s/release.csv.gz", o);
	snprintf(sym, sizeof sym, "%s/sym.csv", d);
	snprintf(hard, sizeof hard, "%s/hard.csv", d);
	snprintf(other, sizeof other, "%s/in.csv", d);
	CU_ASSERT_EQUAL_FATAL(symlink(in, sym), 0);
	CU_ASSERT_EQUAL_FATAL(link(in, hard), 0);
	reads[0] = in;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, NULL), PCL_E_USAGE);
	reads[0] = sym;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, NULL), PCL_E_USAGE);
	reads[0] = hard;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, NULL), PCL_E_USAGE);
	/* "-" and NULL entries are skipped; another file is fine */
	reads[0] = "-";
	reads[1] = NULL;
	CU_ASSERT_EQUAL(check(reads, 2, NULL, o, NULL), PCL_OK);
	reads[0] = other;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, NULL), PCL_OK);
	/* check mode writes nothing: no output to collide with */
	reads[0] = in;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, NULL, NULL), PCL_OK);
	/* a list file in the lists directory, the output directory too */
	CU_ASSERT_EQUAL(check(NULL, 0, o, o, NULL), PCL_E_USAGE);
	pcl_test_rm_rf(d);
}

static void
test_outdir_input_named_like_a_stale_temporary_is_refused(void)
{
	char d[256], o[300], stale[340], other[340], sym[340];
	const char *reads[1];

	pcl_test_mkdtemp(d, sizeof d, "pcl-outdir");
	snprintf(o, sizeof o, "%s/o", d);
	CU_ASSERT_EQUAL_FATAL(mkdir(o, 0777), 0);
	touch(o, "release.csv.gz.tmp.1");
	touch(o, "summary.json.tmp.42");
	touch(o, "hold.csv.gz.tmp.x");
	snprintf(stale, sizeof stale, "%s/release.csv.gz.tmp.1", o);
	snprintf(sym, sizeof sym, "%s/link.csv", d);
	CU_ASSERT_EQUAL_FATAL(symlink(stale, sym), 0);
	/* the run would remove it before reading it */
	reads[0] = stale;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, NULL), PCL_E_USAGE);
	reads[0] = sym;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, NULL), PCL_E_USAGE);
	snprintf(stale, sizeof stale, "%s/summary.json.tmp.42", o);
	reads[0] = stale;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, NULL), PCL_E_USAGE);
	/* no pid after ".tmp.": not a temporary output, not removed */
	snprintf(other, sizeof other, "%s/hold.csv.gz.tmp.x", o);
	reads[0] = other;
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, NULL), PCL_OK);
	pcl_test_rm_rf(d);
}

static void
test_outdir_report_naming_a_batch_file_is_refused(void)
{
	char d[256], o[300], rep[400], in[320];
	const char *reads[1];

	pcl_test_mkdtemp(d, sizeof d, "pcl-outdir");
	touch(d, "in.csv");
	snprintf(in, sizeof in, "%s/in.csv", d);
	reads[0] = in;
	/* the directory does not exist yet: compared by resolved path */
	snprintf(o, sizeof o, "%s/new", d);
	snprintf(rep, sizeof rep, "%s/new/summary.json", d);
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, rep), PCL_E_USAGE);
	snprintf(rep, sizeof rep, "%s/new/../new/./.parcelclear.lock", d);
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, rep), PCL_E_USAGE);
	snprintf(rep, sizeof rep, "%s/new/hold.csv.gz", d);
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, rep), PCL_E_USAGE);
	snprintf(rep, sizeof rep, "%s/new/report.html", d);
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, rep), PCL_OK);
	/* an input, or a directory */
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, in), PCL_E_USAGE);
	CU_ASSERT_EQUAL(check(reads, 1, NULL, o, d), PCL_E_USAGE);
	CU_ASSERT_EQUAL(exists(d, "new"), 0);	/* nothing created */
	pcl_test_rm_rf(d);
}

static void
on_published(void *user, const char *name)
{
	char *log = user;
	size_t n = strlen(log);

	snprintf(log + n, 256 - n, "%s ", name);
}

static void
test_outdir_stale_files_go_and_summary_is_published_last(void)
{
	struct pcl_writer *w[PCL_OUT_COUNT];
	struct pcl_outdir *od;
	char d[256], o[300], log[256] = "";
	size_t i;

	pcl_test_mkdtemp(d, sizeof d, "pcl-outdir");
	snprintf(o, sizeof o, "%s/a/b", d);
	CU_ASSERT_EQUAL_FATAL(pcl_outdir_open(&od, o, NULL), PCL_OK);
	pcl_outdir_close(od);
	CU_ASSERT(exists(o, ".parcelclear.lock"));
	/* files a killed run left, and one that only looks alike */
	touch(o, "release.csv.gz.tmp.99999");
	touch(o, "summary.json.tmp.99999");
	touch(o, "notes.tmp.99999");
	touch(o, "hold.csv.gz.tmp.x");
	touch(o, "summary.json");
	CU_ASSERT_EQUAL_FATAL(pcl_outdir_open(&od, o, NULL), PCL_OK);
	CU_ASSERT_EQUAL(exists(o, "release.csv.gz.tmp.99999"), 0);
	CU_ASSERT_EQUAL(exists(o, "summary.json.tmp.99999"), 0);
	CU_ASSERT_EQUAL(exists(o, "notes.tmp.99999"), 1);
	CU_ASSERT_EQUAL(exists(o, "hold.csv.gz.tmp.x"), 1);	/* no pid */
	for (i = 0; i < PCL_OUT_COUNT; i++) {
		CU_ASSERT_EQUAL_FATAL(pcl_writer_open(&w[i], o,
		    pcl_outdir_lane_file((int)i), 1, NULL), PCL_OK);
		CU_ASSERT_EQUAL(pcl_writer_finish(w[i], NULL), PCL_OK);
	}
	CU_ASSERT_EQUAL(pcl_outdir_publish(od, w, NULL, NULL, "{}\n", 3,
	    on_published, log, NULL), PCL_OK);
	CU_ASSERT_STRING_EQUAL(log, "release.csv.gz declare.csv.gz "
	    "reject.csv.gz hold.csv.gz duplicates.csv.gz ");
	for (i = 0; i < PCL_OUT_COUNT; i++) {
		CU_ASSERT_PTR_NULL(w[i]);
		CU_ASSERT(exists(o, pcl_outdir_lane_file((int)i)));
	}
	CU_ASSERT(exists(o, "summary.json"));
	pcl_outdir_close(od);
	pcl_outdir_close(NULL);
	pcl_test_rm_rf(d);
}

void test_outdir_register(void);

void
test_outdir_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_outdir_input_named_like_an_output_is_refused),
		PCL_TEST(test_outdir_input_named_like_a_stale_temporary_is_refused),
		PCL_TEST(test_outdir_report_naming_a_batch_file_is_refused),
		PCL_TEST(test_outdir_stale_files_go_and_summary_is_published_last),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("outdir", tests);
}
