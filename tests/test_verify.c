/*
 * test_verify: a recorded batch re-runs identical; an altered record is
 * listed; a changed input stops the replay.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "date.h"
#include "job.h"
#include "verify.h"

struct seen {
	unsigned long n[5];
	char path[128];
};

static void
record(void *user, enum pcl_verify_kind kind, const char *path,
    const char *was, const char *now)
{
	struct seen *s = user;

	(void)was;
	(void)now;
	s->n[kind]++;
	snprintf(s->path, sizeof s->path, "%s", path);
}

static void
rm_outputs(const char *dir)
{
	static const char *const names[] = {
		"release.csv.gz", "declare.csv.gz", "hold.csv.gz",
		"reject.csv.gz", "duplicates.csv.gz", "summary.json",
		".parcelclear.lock", NULL
	};
	char p[256];
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}

static void
test_verify_identical_then_changed_input(void)
{
	char out[] = "/tmp/pcl-verify-out-XXXXXX";
	char scratch[] = "/tmp/pcl-verify-scr-XXXXXX";
	char in[] = "/tmp/pcl-verify-in-XXXXXX";
	const char *inputs[1];
	char summary[128], line[4096];
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_verify_opts vo;
	struct pcl_verify_result vr;
	struct pcl_error err;
	struct seen s;
	FILE *src, *dst;
	int fd;
	size_t n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(scratch));
	CU_ASSERT_FATAL((fd = mkstemp(in)) >= 0);
	close(fd);
	src = fopen(PCL_FIXTURE("demo/sample-manifest.csv"), "rb");
	dst = fopen(in, "wb");
	CU_ASSERT_FATAL(src != NULL && dst != NULL);
	while ((n = fread(line, 1, sizeof line, src)) > 0)
		CU_ASSERT_EQUAL(fwrite(line, 1, n, dst), n);
	fclose(src);
	fclose(dst);
	memset(&o, 0, sizeof o);
	inputs[0] = in;
	o.inputs = inputs;
	o.ninputs = 1;
	o.outdir = out;
	o.as_of = PCL_DATE_NONE;
	o.tool_version = "test";
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	snprintf(summary, sizeof summary, "%s/summary.json", out);

	memset(&s, 0, sizeof s);
	memset(&vo, 0, sizeof vo);
	vo.tool_version = "test";
	vo.scratch_dir = scratch;
	vo.on_finding = record;
	vo.user = &s;
	CU_ASSERT_EQUAL(pcl_verify_run(summary, &vo, &vr, &err), PCL_OK);
	CU_ASSERT_EQUAL(vr.inputs_changed, 0);
	CU_ASSERT_EQUAL(vr.differences, 0);

	/* another tool version: exactly one value differs */
	vo.tool_version = "test2";
	CU_ASSERT_EQUAL(pcl_verify_run(summary, &vo, &vr, &err), PCL_OK);
	CU_ASSERT_EQUAL(vr.differences, 1);
	CU_ASSERT_STRING_EQUAL(s.path, "version");

	/* one more byte in the input: reported, nothing re-run */
	dst = fopen(in, "ab");
	CU_ASSERT_FATAL(dst != NULL);
	fputc('\n', dst);
	fclose(dst);
	memset(&s, 0, sizeof s);
	CU_ASSERT_EQUAL(pcl_verify_run(summary, &vo, &vr, &err), PCL_OK);
	CU_ASSERT_EQUAL(vr.inputs_changed, 1);
	CU_ASSERT_EQUAL(s.n[PCL_VERIFY_INPUT_CHANGED], 1);
	CU_ASSERT_STRING_EQUAL(s.path, in);
	CU_ASSERT_EQUAL(vr.differences, 0);

	unlink(in);
	rm_outputs(out);
	rmdir(scratch);
}

/* Entries of 'dir' other than . and .., or -1 when it cannot be read. */
static int
count_entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/*
 * A stop flag already set (a signal caught while the inputs were hashed)
 * stops the re-run before it writes anything: PCL_E_INTERRUPTED, and the
 * scratch directory is left empty for the caller to remove.
 */
static void
test_verify_stop_flag_interrupts_and_leaves_scratch_empty(void)
{
	char out[] = "/tmp/pcl-verify-out-XXXXXX";
	char scratch[] = "/tmp/pcl-verify-scr-XXXXXX";
	const char *inputs[1] = { PCL_FIXTURE("demo/sample-manifest.csv") };
	volatile sig_atomic_t stop = 0;
	char summary[128];
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_verify_opts vo;
	struct pcl_verify_result vr;
	struct pcl_error err;
	struct seen s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(out));
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(scratch));
	memset(&o, 0, sizeof o);
	o.inputs = inputs;
	o.ninputs = 1;
	o.outdir = out;
	o.as_of = PCL_DATE_NONE;
	o.tool_version = "test";
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	snprintf(summary, sizeof summary, "%s/summary.json", out);

	memset(&s, 0, sizeof s);
	memset(&vo, 0, sizeof vo);
	vo.tool_version = "test";
	vo.scratch_dir = scratch;
	vo.on_finding = record;
	vo.user = &s;
	vo.stop = &stop;
	stop = SIGTERM;
	CU_ASSERT_EQUAL(pcl_verify_run(summary, &vo, &vr, &err),
	    PCL_E_INTERRUPTED);
	CU_ASSERT_EQUAL(vr.differences, 0);
	CU_ASSERT_EQUAL(count_entries(scratch), 0);
	/* the flag clear: the same batch verifies identical */
	stop = 0;
	CU_ASSERT_EQUAL(pcl_verify_run(summary, &vo, &vr, &err), PCL_OK);
	CU_ASSERT_EQUAL(vr.differences, 0);
	CU_ASSERT_EQUAL(count_entries(scratch), 0);
	rm_outputs(out);
	CU_ASSERT_EQUAL(rmdir(scratch), 0);
}

void test_verify_register(void);
void
test_verify_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_verify_identical_then_changed_input),
		PCL_TEST(test_verify_stop_flag_interrupts_and_leaves_scratch_empty),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("verify", tests);
}
