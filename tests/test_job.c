/*
 * test_job: the whole batch through the library, on the demo sample
 * (expected lanes worked by hand in fixtures/README.md), and its errors.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "date.h"
#include "job.h"

static char *
tmpdir(void)
{
	static char path[64];

	snprintf(path, sizeof path, "/tmp/pcl-job-XXXXXX");
	return mkdtemp(path);
}

static void
rmtree(const char *dir)
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
opts_init(struct pcl_job_opts *o, const char **in, size_t n, const char *out)
{
	memset(o, 0, sizeof *o);
	o->inputs = in;
	o->ninputs = n;
	o->outdir = out;
	o->as_of = PCL_DATE_NONE;
	o->tool_version = "test";
}

static void
test_job_demo_sample_lanes_balance(void)
{
	const char *in[] = { PCL_FIXTURE("demo/sample-manifest.csv") };
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	char *dir = tmpdir(), p[256];
	struct stat st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	opts_init(&o, in, 1, dir);
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	/* 22 records: 17 parcels, see fixtures/README.md */
	CU_ASSERT_EQUAL(r.records_in, 22);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_RELEASE], 10);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_DECLARE], 6);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_HOLD], 2);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_REJECT], 3);
	CU_ASSERT_EQUAL(r.duplicates, 1);
	CU_ASSERT_EQUAL(r.records_in, r.records[0] + r.records[1] +
	    r.records[2] + r.records[3] + r.duplicates);
	CU_ASSERT_EQUAL(r.parcels[PCL_LANE_RELEASE], 8);
	CU_ASSERT_EQUAL(r.parcels[PCL_LANE_DECLARE], 5);
	CU_ASSERT_EQUAL(r.parcels[PCL_LANE_HOLD], 1);
	CU_ASSERT_EQUAL(r.parcels[PCL_LANE_REJECT], 3);
	snprintf(p, sizeof p, "%s/summary.json", dir);
	CU_ASSERT_EQUAL(stat(p, &st), 0);
	rmtree(dir);
}

static void
test_job_missing_column_publishes_nothing(void)
{
	const char *in[] = { PCL_FIXTURE("reader/simple-three-rows.csv") };
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	char *dir = tmpdir(), p[256];
	struct stat st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	opts_init(&o, in, 1, dir);
	CU_ASSERT_EQUAL(pcl_job_run(&o, &r, &err), PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.field, "tracking_number");
	CU_ASSERT(strstr(err.file, "simple-three-rows.csv") != NULL);
	snprintf(p, sizeof p, "%s/summary.json", dir);
	CU_ASSERT_NOT_EQUAL(stat(p, &st), 0);
	snprintf(p, sizeof p, "%s/release.csv.gz", dir);
	CU_ASSERT_NOT_EQUAL(stat(p, &st), 0);
	rmtree(dir);
}

static void
test_job_missing_input_is_io_error(void)
{
	const char *in[] = { "/nonexistent/manifest.csv" };
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	char *dir = tmpdir();

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	opts_init(&o, in, 1, dir);
	CU_ASSERT_EQUAL(pcl_job_run(&o, &r, &err), PCL_E_IO);
	CU_ASSERT_STRING_EQUAL(err.file, "/nonexistent/manifest.csv");
	rmtree(dir);
}

static void
test_job_two_inputs_one_batch(void)
{
	const char *in[] = { PCL_FIXTURE("demo/sample-manifest.csv"),
		PCL_FIXTURE("demo/sample-manifest.csv") };
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	char *dir = tmpdir();

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	opts_init(&o, in, 2, dir);
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	/* the second copy is all exact duplicates of the first: 22 + 22 */
	CU_ASSERT_EQUAL(r.records_in, 44);
	CU_ASSERT_EQUAL(r.duplicates, 1 + 22);
	CU_ASSERT_EQUAL(r.parcels[PCL_LANE_RELEASE], 8);
	rmtree(dir);
}

/* check mode collects the findings of the rejected records */
struct found {
	unsigned long record[8], column[8];
	int code[8];
	size_t n;
};

static void
collect(void *user, const struct pcl_finding *f)
{
	struct found *fd = user;

	if (fd->n < 8) {
		fd->record[fd->n] = f->record;
		fd->column[fd->n] = f->column;
		fd->code[fd->n] = f->code;
	}
	fd->n++;
}

static void
count_progress(void *user, const struct pcl_progress *p)
{
	unsigned long long *last = user;

	CU_ASSERT(p->bytes_done <= p->bytes_total);
	CU_ASSERT(p->bytes_done >= *last);
	*last = p->bytes_done;
}

static void
test_job_check_mode_reports_rejects_writes_nothing(void)
{
	const char *in[] = { PCL_FIXTURE("demo/sample-manifest.csv") };
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	struct found fd;

	memset(&fd, 0, sizeof fd);
	opts_init(&o, in, 1, NULL);
	o.check_only = 1;
	o.on_reject = collect;
	o.user = &fd;
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	/* fixtures/README.md: records 9 (S10 check digit, column 1), 10 (no
	 * HS code, column 19), 21 (no USD rate after 2025-05-09, column 22) */
	CU_ASSERT_EQUAL_FATAL(fd.n, 3);
	CU_ASSERT_EQUAL(fd.record[0], 9);
	CU_ASSERT_EQUAL(fd.code[0], PCL_R_CHECK_DIGIT);
	CU_ASSERT_EQUAL(fd.column[0], 1);
	CU_ASSERT_EQUAL(fd.record[1], 10);
	CU_ASSERT_EQUAL(fd.code[1], PCL_R_MISSING);
	CU_ASSERT_EQUAL(fd.column[1], 19);
	CU_ASSERT_EQUAL(fd.record[2], 21);
	CU_ASSERT_EQUAL(fd.code[2], PCL_R_FX_RATE_UNAVAILABLE);
	CU_ASSERT_EQUAL(fd.column[2], 22);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_REJECT], 3);
	CU_ASSERT_EQUAL(r.records_in, 22);
}

static void
test_job_progress_reaches_twice_the_input(void)
{
	const char *in[] = { PCL_FIXTURE("demo/sample-manifest.csv") };
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	unsigned long long last = 0;

	opts_init(&o, in, 1, NULL);
	o.check_only = 1;
	o.on_progress = count_progress;
	o.user = &last;
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	/* both passes read the 4500-byte file */
	CU_ASSERT_EQUAL(last, 2 * 4500);
}

/* Raises the stop flag once pass 2 has read its whole input. */
struct stopper {
	volatile sig_atomic_t	*stop;
};

static void
stop_after_pass2(void *user, const struct pcl_progress *p)
{
	struct stopper *s = user;

	if (p->pass == 2 && p->bytes_done == p->bytes_total)
		*s->stop = 1;
}

/*
 * A signal in a short run (22 records) stops it and publishes nothing:
 * raised before the run, or after the last record of pass 2 (the
 * flag was read every 4096 records, so both runs published).
 */
static void
test_job_stop_short_run_publishes_nothing(void)
{
	const char *in[] = { PCL_FIXTURE("demo/sample-manifest.csv") };
	volatile sig_atomic_t stop = 1;
	struct stopper sp = { &stop };
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	char *dir = tmpdir(), p[256];
	struct stat st;
	int round;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(p, sizeof p, "%s/summary.json", dir);
	for (round = 0; round < 2; round++) {
		opts_init(&o, in, 1, dir);
		o.stop = &stop;
		if (round == 1) {
			stop = 0;
			o.on_progress = stop_after_pass2;
			o.user = &sp;
		}
		CU_ASSERT_EQUAL(pcl_job_run(&o, &r, &err), PCL_E_INTERRUPTED);
		CU_ASSERT_EQUAL(stop, 1);
		CU_ASSERT_NOT_EQUAL(stat(p, &st), 0);
	}
	rmtree(dir);
}

/* What the publish hook saw: names in order, and the directory then. */
struct seen {
	const char	*dir;
	char		 names[5][32];
	int		 lanes_there[5];	/* lane files in place */
	int		 summary_there[5];
	int		 tmp_there[5];		/* lane tmp files of later lanes */
	size_t		 n;
};

static void
on_published(void *user, const char *name)
{
	static const char *const lanes[] = { "release.csv.gz",
	    "declare.csv.gz", "reject.csv.gz", "hold.csv.gz",
	    "duplicates.csv.gz" };
	struct seen *sn = user;
	char p[256];
	struct stat st;
	size_t i;

	if (sn->n >= 5) {
		sn->n++;
		return;
	}
	snprintf(sn->names[sn->n], sizeof sn->names[0], "%s", name);
	for (i = 0; i < 5; i++) {
		snprintf(p, sizeof p, "%s/%s", sn->dir, lanes[i]);
		sn->lanes_there[sn->n] += stat(p, &st) == 0;
		snprintf(p, sizeof p, "%s/%s.tmp.%ld", sn->dir, lanes[i],
		    (long)getpid());
		sn->tmp_there[sn->n] += stat(p, &st) == 0;
	}
	snprintf(p, sizeof p, "%s/summary.json", sn->dir);
	sn->summary_there[sn->n] = stat(p, &st) == 0;
	sn->n++;
}

/*
 * the publish window, seen through the test hook. Lane files are
 * renamed one by one in a fixed order while there is no summary.json (the
 * older one, from a first run, is removed before the first rename); the
 * lanes not yet renamed are still temporary files; summary.json comes
 * after the last lane.
 */
static void
test_job_publish_order_summary_last(void)
{
	static const char *const order[] = { "release.csv.gz",
	    "declare.csv.gz", "reject.csv.gz", "hold.csv.gz",
	    "duplicates.csv.gz" };
	const char *in[] = { PCL_FIXTURE("demo/sample-manifest.csv") };
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	struct seen sn;
	char *dir = tmpdir(), p[256];
	struct stat st;
	int k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	opts_init(&o, in, 1, dir);
	o.threads = 1;
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	memset(&sn, 0, sizeof sn);
	sn.dir = dir;
	o.on_published = on_published;
	o.user = &sn;
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(sn.n, 5);
	for (k = 0; k < 5; k++) {
		CU_ASSERT_STRING_EQUAL(sn.names[k], order[k]);
		CU_ASSERT_EQUAL(sn.summary_there[k], 0);
		/* the first run's five lanes stay in place throughout */
		CU_ASSERT_EQUAL(sn.lanes_there[k], 5);
		CU_ASSERT_EQUAL(sn.tmp_there[k], 4 - k);
	}
	snprintf(p, sizeof p, "%s/summary.json", dir);
	CU_ASSERT_EQUAL(stat(p, &st), 0);
	rmtree(dir);
}

void test_job_register(void);
void
test_job_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_job_demo_sample_lanes_balance),
		PCL_TEST(test_job_missing_column_publishes_nothing),
		PCL_TEST(test_job_missing_input_is_io_error),
		PCL_TEST(test_job_two_inputs_one_batch),
		PCL_TEST(test_job_check_mode_reports_rejects_writes_nothing),
		PCL_TEST(test_job_progress_reaches_twice_the_input),
		PCL_TEST(test_job_publish_order_summary_last),
		PCL_TEST(test_job_stop_short_run_publishes_nothing),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("job", tests);
}
