/*
 * test_ledgerseed: a past batch's output directory into the ledger:
 * its parcels with lane, reasons, assessed value and keyed consignee,
 * seeding twice, and a directory that is no batch. Every test works in
 * its own mkdtemp directory.
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
#include "ledgerseed.h"

static void
text_of(struct pcl_ledger *l, const char *sql, char *buf, size_t size)
{
	sqlite3_stmt *st;

	buf[0] = '\0';
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(pcl_ledger_db(l), sql, -1,
	    &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st,
		    0));
	sqlite3_finalize(st);
}

/* Night 1 (fixtures/README.md): A release, B declare, C reject, D release. */
static void
test_ledgerseed_night1(void)
{
	const char *in[] = { PCL_FIXTURE("ledger/night1.csv") };
	char dir[256], db[300], out[300], name[32], name2[32], t[256];
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	struct pcl_ledger *l;
	int added;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledgerseed");
	snprintf(db, sizeof db, "%s/hub.db", dir);
	snprintf(out, sizeof out, "%s/n1", dir);
	memset(&o, 0, sizeof o);
	o.inputs = in;
	o.ninputs = 1;
	o.outdir = out;
	o.as_of = pcl_date_parse_iso("2024-03-12", 10);
	o.tool_version = "test";
	o.threads = 1;
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, db, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledgerseed_dir(l, out, "HUB1", &added, name, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(added, PCL_LEDGERSEED_ADDED);
	text_of(l, "SELECT group_concat(tracking || ':' || lane, ' ') FROM "
	    "(SELECT tracking, lane FROM parcel_text ORDER BY tracking)", t,
	    sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "LX200000010CN:release LX200000023CN:declare "
	    "LX200000037CN:reject LX200000045CN:release");
	/* 2 x 25.00 + 30.00 EUR, as-of date, declarant, state */
	text_of(l, "SELECT assessed || '|' || date || '|' || declarant || '|' "
	    "|| b.state FROM parcel_text p JOIN batch b ON b.name = p.batch WHERE "
	    "tracking = 'LX200000010CN'", t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "55.00 EUR|2024-03-12|HUB1|committed");
	text_of(l, "SELECT count(*) FROM parcel WHERE consignee = 0", t,
	    sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "0");
	/* the input as summary.json names it, with its SHA-256 */
	text_of(l, "SELECT json_extract(inputs, '$[0].path') FROM batch", t,
	    sizeof t);
	CU_ASSERT_STRING_EQUAL(t, in[0]);
	text_of(l, "SELECT length(json_extract(inputs, '$[0].sha256')) FROM "
	    "batch", t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "64");
	/* seeded already: left as it is */
	CU_ASSERT_EQUAL(pcl_ledgerseed_dir(l, out, "HUB1", &added, name2,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(added, PCL_LEDGERSEED_ALREADY);
	CU_ASSERT_STRING_EQUAL(name2, name);
	text_of(l, "SELECT count(*) FROM batch", t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "1");
	/* a directory without a batch */
	CU_ASSERT_EQUAL(pcl_ledgerseed_dir(l, dir, NULL, &added, name, &err),
	    PCL_E_IO);
	CU_ASSERT_EQUAL(pcl_ledger_check(l, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	pcl_test_rm_rf(dir);
}

/* A run --ledger recorded night 1: seeding its directory leaves it. */
static void
test_ledgerseed_recorded_by_run(void)
{
	const char *in[] = { PCL_FIXTURE("ledger/night1.csv") };
	char dir[256], db[300], out[300], name[32], t[64];
	struct pcl_job_opts o;
	struct pcl_job_result r;
	struct pcl_error err;
	struct pcl_ledger *l;
	int added;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledgerseed");
	snprintf(db, sizeof db, "%s/hub.db", dir);
	snprintf(out, sizeof out, "%s/n1", dir);
	memset(&o, 0, sizeof o);
	o.inputs = in;
	o.ninputs = 1;
	o.outdir = out;
	o.as_of = pcl_date_parse_iso("2024-03-12", 10);
	o.tool_version = "test";
	o.threads = 1;
	o.ledger_path = db;
	CU_ASSERT_EQUAL_FATAL(pcl_job_run(&o, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, db, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledgerseed_dir(l, out, "HUB1", &added, name, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(added, PCL_LEDGERSEED_RECORDED);
	text_of(l, "SELECT name FROM batch", t, sizeof t);
	CU_ASSERT_STRING_EQUAL(name, t);
	/* one batch, its 4 parcels (A, B, C, D) once */
	text_of(l, "SELECT count(*) || ' ' || (SELECT count(*) FROM parcel) "
	    "FROM batch", t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "1 4");
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	pcl_test_rm_rf(dir);
}

void test_ledgerseed_register(void);
void
test_ledgerseed_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_ledgerseed_night1),
		PCL_TEST(test_ledgerseed_recorded_by_run),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("ledgerseed", tests);
}
