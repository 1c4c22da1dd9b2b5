/*
 * test_ledgerstage: the ledger's stage of the batch, through pcl_job_run
 * on fixtures/ledger (outcomes worked in fixtures/README.md): counts of
 * identical and changed re-sends, a failed publish that leaves no batch,
 * a committed batch run again, and check mode's read-only ledger.
 * Every test works in its own mkdtemp directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "test_util.h"
#include "tmpdir.h"
#include "date.h"
#include "job.h"
#include "ledger.h"

static void
opts_init(struct pcl_job_opts *o, const char **in, const char *out,
    const char *ledger, const char *as_of)
{
	memset(o, 0, sizeof *o);
	o->inputs = in;
	o->ninputs = 1;
	o->outdir = out;
	o->as_of = pcl_date_parse_iso(as_of, strlen(as_of));
	o->tool_version = "test";
	o->threads = 1;
	o->ledger_path = ledger;
}

static long long
count(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(h);	/* a failed open still allocates */
		return -2;
	}
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

/*
 * Night 1 then night 2: A identical (2 records to duplicates), B changed
 * (hold), C a corrected reject (release), E new (release).
 */
static void
test_ledgerstage_resends_counted(void)
{
	const char *n1[] = { PCL_FIXTURE("ledger/night1.csv") };
	const char *n2[] = { PCL_FIXTURE("ledger/night2.csv") };
	char dir[256], db[300], o1[300], o2[300], o3[300];
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledgerstage");
	snprintf(db, sizeof db, "%s/hub.db", dir);
	snprintf(o1, sizeof o1, "%s/n1", dir);
	snprintf(o2, sizeof o2, "%s/n2", dir);
	snprintf(o3, sizeof o3, "%s/n2again", dir);
	opts_init(&o, n1, o1, db, "2024-03-12");
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL(r.duplicates, 0);
	CU_ASSERT_EQUAL(count(db, "SELECT count(*) FROM parcel"), 4);
	opts_init(&o, n2, o2, db, "2024-03-13");
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL(r.records_in, 5);
	CU_ASSERT_EQUAL(r.duplicates, 2);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_HOLD], 1);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_RELEASE], 2);
	CU_ASSERT_EQUAL(r.parcels[PCL_LANE_RELEASE], 2);
	CU_ASSERT_EQUAL(r.parcels[PCL_LANE_HOLD], 1);
	CU_ASSERT_EQUAL(count(db, "SELECT count(*) FROM batch WHERE state = "
	    "'committed'"), 2);
	CU_ASSERT_EQUAL(count(db, "SELECT count(*) FROM parcel_text WHERE lane = "
	    "'duplicate'"), 1);
	/* the same batch again: the same counts, nothing recorded */
	opts_init(&o, n2, o3, db, "2024-03-13");
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL(r.duplicates, 2);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_HOLD], 1);
	CU_ASSERT_EQUAL(count(db, "SELECT count(*) FROM batch"), 2);
	pcl_test_rm_rf(dir);
}

/*
 * Check mode opens the ledger read-only: the same verdicts as run, the
 * ledger unchanged; a missing ledger is an error and is not created.
 */
static void
test_ledgerstage_check_is_read_only(void)
{
	const char *n1[] = { PCL_FIXTURE("ledger/night1.csv") };
	const char *n2[] = { PCL_FIXTURE("ledger/night2.csv") };
	char dir[256], db[300], none[300], o1[300];
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledgerstage");
	snprintf(db, sizeof db, "%s/hub.db", dir);
	snprintf(none, sizeof none, "%s/none.db", dir);
	snprintf(o1, sizeof o1, "%s/n1", dir);
	opts_init(&o, n1, o1, db, "2024-03-12");
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	opts_init(&o, n2, NULL, db, "2024-03-13");
	o.check_only = 1;
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL(r.duplicates, 2);
	CU_ASSERT_EQUAL(r.records[PCL_LANE_HOLD], 1);
	CU_ASSERT_EQUAL(count(db, "SELECT count(*) FROM batch"), 1);
	opts_init(&o, n2, NULL, none, "2024-03-13");
	o.check_only = 1;
	CU_ASSERT_EQUAL(pcl_job_run(&o, &r, &err), PCL_E_IO);
	CU_ASSERT_EQUAL(access(none, F_OK), -1);
	pcl_test_rm_rf(dir);
}

/* A run that cannot publish leaves no batch behind. */
static void
test_ledgerstage_failed_publish_records_nothing(void)
{
	const char *n1[] = { PCL_FIXTURE("ledger/night1.csv") };
	char dir[256], db[300], o1[300];
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	FILE *f;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledgerstage");
	snprintf(db, sizeof db, "%s/hub.db", dir);
	/* the output "directory" is a file: nothing can be published */
	snprintf(o1, sizeof o1, "%s/notadir", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(o1, "w"));
	CU_ASSERT_EQUAL(fclose(f), 0);
	opts_init(&o, n1, o1, db, "2024-03-12");
	CU_ASSERT_NOT_EQUAL(pcl_job_run(&o, &r, &err), PCL_OK);
	CU_ASSERT(count(db, "SELECT count(*) FROM batch") <= 0);
	pcl_test_rm_rf(dir);
}

void test_ledgerstage_register(void);
void
test_ledgerstage_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_ledgerstage_resends_counted),
		PCL_TEST(test_ledgerstage_check_is_read_only),
		PCL_TEST(test_ledgerstage_failed_publish_records_nothing),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("ledgerstage", tests);
}
