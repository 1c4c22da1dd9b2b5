/*
 * test_ledger: the SQLite clearance ledger: creation (schema version,
 * WAL, secret), read-only opening, the run lock, keyed consignee hashes,
 * the re-send lookup and its window, the pending-batch protocol and its
 * recovery, find, prune and backup. Every test works in its own
 * mkdtemp directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sqlite3.h>

#include "test_util.h"
#include "tmpdir.h"
#include "digest.h"
#include "ledger.h"

static int64_t
int_of(struct pcl_ledger *l, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(pcl_ledger_db(l), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

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

/*
 * Records one batch of run date 'date' for 'outdir' with the given
 * parcels (tracking, date, lane, content), leaving it pending; its
 * summary text is 'summary'.
 */
static int64_t
batch(struct pcl_ledger *l, const char *date, const char *outdir,
    const char *summary, const char *const *tr, const char *const *dates,
    const char *const *lanes, const uint64_t *content, size_t n, char *name)
{
	struct pcl_ledger_batch_in bi;
	struct pcl_error err;
	char sha[65];
	int64_t id = 0;
	size_t i;

	memset(&bi, 0, sizeof bi);
	bi.ident = "ident";
	bi.run_date = date;
	bi.inputs = "[]";
	bi.options = "{}";
	bi.outdir = outdir;
	bi.summary = "";
	bi.summary_sha256 = "";
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_begin_batch(l, &bi, &id, name, &err),
	    PCL_OK);
	for (i = 0; i < n; i++) {
		struct pcl_ledger_parcel p;

		memset(&p, 0, sizeof p);
		p.declarant = "default";
		p.tracking = tr[i];
		p.tracking_len = strlen(tr[i]);
		p.date = dates[i];
		p.lane = lanes[i];
		p.reasons = "";
		p.assessed = "";
		p.dest = "FR";
		p.content = content[i];
		CU_ASSERT_EQUAL(pcl_ledger_add_parcel(l, id, &p, &err), PCL_OK);
	}
	pcl_digest_buffer(summary, strlen(summary), sha);
	CU_ASSERT_EQUAL(pcl_ledger_set_summary(l, id, summary, strlen(summary),
	    sha, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_end_batch(l, &err), PCL_OK);
	return id;
}

static void
test_ledger_created_with_schema_wal_and_secret(void)
{
	char dir[256], path[300], mode[16];
	struct pcl_ledger *l, *r;
	struct pcl_error err;
	sqlite3_stmt *st;
	const void *s1;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledger");
	snprintf(path, sizeof path, "%s/hub.db", dir);
	/* read-only: a missing ledger is an error, and nothing is made */
	CU_ASSERT_EQUAL(pcl_ledger_open(&r, path, 1, 0, &err), PCL_E_IO);
	CU_ASSERT_EQUAL(access(path, F_OK), -1);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, path, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(int_of(l, "PRAGMA user_version"), PCL_LEDGER_SCHEMA);
	text_of(l, "PRAGMA journal_mode", mode, sizeof mode);
	CU_ASSERT_STRING_EQUAL(mode, "wal");
	CU_ASSERT_EQUAL(int_of(l, "SELECT length(value) FROM meta WHERE key = "
	    "'secret'"), 32);
	CU_ASSERT_EQUAL(pcl_ledger_check(l, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	/* read-only: readable, and a write is refused by SQLite */
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&r, path, 1, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(int_of(r, "SELECT count(*) FROM batch"), 0);
	CU_ASSERT_EQUAL(sqlite3_exec(pcl_ledger_db(r), "INSERT INTO meta "
	    "VALUES ('x', 'y')", NULL, NULL, NULL), SQLITE_READONLY);
	CU_ASSERT_EQUAL(sqlite3_prepare_v2(pcl_ledger_db(r), "SELECT value "
	    "FROM meta WHERE key = 'secret'", -1, &st, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
	s1 = sqlite3_column_blob(st, 0);
	CU_ASSERT_PTR_NOT_NULL(s1);
	sqlite3_finalize(st);
	CU_ASSERT_EQUAL(pcl_ledger_close(r), PCL_OK);
	pcl_test_rm_rf(dir);
}

static void
test_ledger_refuses_newer_schema(void)
{
	char dir[256], path[300];
	struct pcl_ledger *l;
	struct pcl_error err;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledger");
	snprintf(path, sizeof path, "%s/hub.db", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, path, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(pcl_ledger_db(l), "PRAGMA user_version "
	    "= 99", NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_open(&l, path, 0, 0, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "newer"));
	pcl_test_rm_rf(dir);
}

/* 'ledger find' lines "batch tracking lane reasons", one per call. */
static void
seen_line(void *user, const struct pcl_ledger_seen *s)
{
	char *buf = user;
	size_t n = strlen(buf);

	snprintf(buf + n, 512 - n, "%s %s %s %s|", s->batch, s->tracking,
	    s->lane, s->reasons);
}

/*
 * A schema 1 ledger (as docs/ledger.md described it, reasons as text in
 * each parcel row) is migrated to the current schema the first time it
 * is opened read-write: its three parcels keep their batch, lanes,
 * dates and reasons ("A;B" twice, "C": two rows in table reasons), and
 * the ledger's checks pass. Read-only, it is refused until then.
 */
static void
test_ledger_migrates_schema_1(void)
{
	char dir[256], path[300], buf[512];
	struct pcl_ledger *l;
	struct pcl_error err;
	unsigned long long n = 0;
	sqlite3 *db;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledger");
	snprintf(path, sizeof path, "%s/hub.db", dir);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_exec(db,
	    "PRAGMA journal_mode = WAL;"
	    "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
	    "CREATE TABLE batch (id INTEGER PRIMARY KEY, name TEXT NOT NULL "
	    "UNIQUE, state TEXT NOT NULL CHECK (state IN ('pending', "
	    "'committed')), ident TEXT NOT NULL, run_date TEXT NOT NULL, "
	    "as_of TEXT, created TEXT NOT NULL, inputs TEXT NOT NULL, options "
	    "TEXT NOT NULL, outdir TEXT NOT NULL, summary TEXT NOT NULL, "
	    "summary_sha256 TEXT NOT NULL);"
	    "CREATE INDEX batch_ident ON batch (ident);"
	    "CREATE TABLE parcel (batch INTEGER NOT NULL REFERENCES batch (id) "
	    "ON DELETE CASCADE, declarant TEXT NOT NULL, tracking TEXT NOT "
	    "NULL, date TEXT NOT NULL, lane TEXT NOT NULL, reasons TEXT NOT "
	    "NULL, assessed TEXT NOT NULL, dest TEXT NOT NULL, content INTEGER "
	    "NOT NULL, consignee INTEGER NOT NULL, counted INTEGER NOT NULL, "
	    "gift INTEGER NOT NULL, value_minor INTEGER NOT NULL, "
	    "value_currency TEXT NOT NULL);"
	    "CREATE INDEX parcel_key ON parcel (tracking, declarant);"
	    "CREATE INDEX parcel_batch ON parcel (batch);"
	    "CREATE INDEX parcel_consignee ON parcel (consignee, date) WHERE "
	    "consignee != 0;"
	    "INSERT INTO meta VALUES ('secret', zeroblob(32));"
	    "INSERT INTO batch VALUES (1, '2026-12-07.1', 'committed', 'i', "
	    "'2026-12-07', NULL, '2026-12-07T23:00:00Z', '[]', '{}', '/x', "
	    "'{}', 'sha');"
	    "INSERT INTO parcel (rowid, batch, declarant, tracking, date, lane, "
	    "reasons, assessed, dest, content, consignee, counted, gift, "
	    "value_minor, value_currency) VALUES "
	    "(5, 1, 'default', 'T1', '2026-12-07', 'hold', 'A;B', '', 'FR', 1, "
	    "7, 1, 0, 1000, 'EUR'),"
	    "(6, 1, 'default', 'T2', '2026-12-07', 'release', 'C', '', 'FR', "
	    "2, 0, 0, 0, 0, ''),"
	    "(7, 1, 'default', 'T3', '2026-12-07', 'reject', 'A;B', '', 'FR', "
	    "3, 0, 0, 0, 0, '');"
	    "PRAGMA user_version = 1;", NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_close(db), SQLITE_OK);
	CU_ASSERT_EQUAL(pcl_ledger_open(&l, path, 1, 0, &err), PCL_E_PARSE);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, path, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(int_of(l, "PRAGMA user_version"), PCL_LEDGER_SCHEMA);
	CU_ASSERT_EQUAL(int_of(l, "SELECT count(*) FROM reasons"), 2);
	/* schema 3: one declarant row, lanes as ids, the batch's counts,
	 * dates as days since 1970-01-01 (2026-12-07: 56 years of 365
	 * days, 14 leap days, 340 days into 2026) */
	CU_ASSERT_EQUAL(int_of(l, "SELECT count(*) FROM declarant"), 1);
	text_of(l, "SELECT group_concat(tracking || ':' || lane || ':' || "
	    "date, ',') FROM (SELECT * FROM parcel ORDER BY tracking)", buf,
	    sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "T1:2:20794,T2:0:20794,T3:3:20794");
	text_of(l, "SELECT parcels || ' ' || n_release || n_declare || n_hold "
	    "|| n_reject || n_duplicate FROM batch", buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "3 10110");
	text_of(l, "SELECT group_concat(declarant || ' ' || date || ' ' || "
	    "lane, ',') FROM parcel_text", buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "default 2026-12-07 hold,"
	    "default 2026-12-07 release,default 2026-12-07 reject");
	buf[0] = '\0';
	CU_ASSERT_EQUAL(pcl_ledger_find(l, "T1", seen_line, buf, &n, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_find(l, "T2", seen_line, buf, &n, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_find(l, "T3", seen_line, buf, &n, &err),
	    PCL_OK);
	CU_ASSERT_STRING_EQUAL(buf, "2026-12-07.1 T1 hold A;B|"
	    "2026-12-07.1 T2 release C|2026-12-07.1 T3 reject A;B|");
	/* only the counted parcel is in the consignee index */
	CU_ASSERT_EQUAL(int_of(l, "SELECT count(*) FROM parcel INDEXED BY "
	    "parcel_consignee WHERE counted = 1 AND consignee > 0"), 1);
	CU_ASSERT_EQUAL(pcl_ledger_check(l, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	pcl_test_rm_rf(dir);
}

/* A second writer waits for the run lock, then gives up: PCL_E_LOCKED. */
static void
test_ledger_second_writer_is_locked_out(void)
{
	char dir[256], path[300];
	struct pcl_ledger *a, *b;
	struct pcl_error err;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledger");
	snprintf(path, sizeof path, "%s/hub.db", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&a, path, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_open(&b, path, 0, 0, &err), PCL_E_LOCKED);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "in use"));
	/* a reader is never locked out */
	CU_ASSERT_EQUAL(pcl_ledger_open(&b, path, 1, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(b), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(a), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_open(&b, path, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(b), PCL_OK);
	pcl_test_rm_rf(dir);
}

/*
 * What docs/ledger.md says a consignee key is, worked with OpenSSL's
 * one-shot HMAC() from the secret in table meta: the first 63 bits of
 * HMAC-SHA-256(secret, the identity's 8 bytes little endian).
 */
static int64_t
hmac_key(struct pcl_ledger *l, uint64_t identity)
{
	sqlite3_stmt *st;
	unsigned char secret[32], msg[8], md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	uint64_t v = 0;
	int i;

	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(pcl_ledger_db(l), "SELECT "
	    "value FROM meta WHERE key = 'secret'", -1, &st, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_step(st), SQLITE_ROW);
	CU_ASSERT_EQUAL_FATAL(sqlite3_column_bytes(st, 0), 32);
	memcpy(secret, sqlite3_column_blob(st, 0), 32);
	sqlite3_finalize(st);
	for (i = 0; i < 8; i++)
		msg[i] = (unsigned char)(identity >> (8 * i));
	CU_ASSERT_PTR_NOT_NULL_FATAL(HMAC(EVP_sha256(), secret, 32, msg, 8, md,
	    &n));
	for (i = 0; i < 8; i++)
		v = v << 8 | md[i];
	return (int64_t)(v >> 1);
}

/* One identity gives one key per ledger; two ledgers' secrets differ. */
static void
test_ledger_consignee_key_is_keyed(void)
{
	char dir[256], p1[300], p2[300];
	struct pcl_ledger *a, *b;
	struct pcl_error err;
	int64_t ka, kb;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledger");
	snprintf(p1, sizeof p1, "%s/a.db", dir);
	snprintf(p2, sizeof p2, "%s/b.db", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&a, p1, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&b, p2, 0, 0, &err), PCL_OK);
	ka = pcl_ledger_consignee_key(a, 0x1234567890abcdefull);
	kb = pcl_ledger_consignee_key(b, 0x1234567890abcdefull);
	CU_ASSERT(ka > 0);
	CU_ASSERT(kb > 0);
	CU_ASSERT_NOT_EQUAL(ka, kb);
	CU_ASSERT_EQUAL(pcl_ledger_consignee_key(a, 0x1234567890abcdefull), ka);
	CU_ASSERT_NOT_EQUAL(pcl_ledger_consignee_key(a, 0x1234567890abcdeeull),
	    ka);
	CU_ASSERT_EQUAL(pcl_ledger_consignee_key(a, 0), 0);
	CU_ASSERT_EQUAL(ka, hmac_key(a, 0x1234567890abcdefull));
	CU_ASSERT_EQUAL(pcl_ledger_close(a), PCL_OK);
	/* the secret is kept: reopened, the same key */
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&a, p1, 1, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_consignee_key(a, 0x1234567890abcdefull), ka);
	CU_ASSERT_EQUAL(pcl_ledger_close(a), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(b), PCL_OK);
	pcl_test_rm_rf(dir);
}

/*
 * Lookups see committed batches only, cleared lanes only (a reject is
 * not cleared), within the window, and before a given batch.
 */
static void
test_ledger_lookup_committed_cleared_in_window(void)
{
	static const char *const tr[] = { "LX1", "LX2", "LX3" };
	static const char *const dates[] = { "2026-01-10", "2026-01-10",
	    "2025-01-01" };
	static const char *const lanes[] = { "release", "reject", "hold" };
	static const uint64_t content[] = { 11, 22, 33 };
	char dir[256], path[300], name[32], name2[32];
	struct pcl_ledger *l;
	struct pcl_ledger_hit h;
	struct pcl_error err;
	int64_t id, id2;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledger");
	snprintf(path, sizeof path, "%s/hub.db", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, path, 0, 0, &err), PCL_OK);
	id = batch(l, "2026-01-10", dir, "{}", tr, dates, lanes, content, 3,
	    name);
	CU_ASSERT_STRING_EQUAL(name, "2026-01-10.1");
	/* pending: not seen */
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "default", "LX1", 3, "2025-01-10",
	    &h, &err), PCL_E_NOTFOUND);
	CU_ASSERT_EQUAL(pcl_ledger_commit_batch(l, id, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "default", "LX1", 3, "2025-01-10",
	    &h, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(h.batch, "2026-01-10.1");
	CU_ASSERT_STRING_EQUAL(h.lane, "release");
	CU_ASSERT_EQUAL(h.content, 11);
	/* another declarant's number is another key */
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "other", "LX1", 3, "2025-01-10",
	    &h, &err), PCL_E_NOTFOUND);
	/* a reject is not cleared */
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "default", "LX2", 3, "2025-01-10",
	    &h, &err), PCL_E_NOTFOUND);
	/* dated 2025-01-01: inside a window from 2025-01-01, not after */
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "default", "LX3", 3, "2025-01-01",
	    &h, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "default", "LX3", 3, "2025-01-02",
	    &h, &err), PCL_E_NOTFOUND);
	/* a later batch, same day: the newest clearance wins */
	id2 = batch(l, "2026-01-10", dir, "{}", tr, dates, lanes, content, 1,
	    name2);
	CU_ASSERT_STRING_EQUAL(name2, "2026-01-10.2");
	CU_ASSERT_EQUAL(pcl_ledger_commit_batch(l, id2, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "default", "LX1", 3, "2025-01-10",
	    &h, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(h.batch, "2026-01-10.2");
	/* as the ledger stood before the first batch: nothing */
	pcl_ledger_set_before(l, id);
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "default", "LX1", 3, "2025-01-10",
	    &h, &err), PCL_E_NOTFOUND);
	pcl_ledger_set_before(l, id2);
	CU_ASSERT_EQUAL(pcl_ledger_lookup(l, "default", "LX1", 3, "2025-01-10",
	    &h, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(h.batch, "2026-01-10.1");
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	pcl_test_rm_rf(dir);
}

/*
 * A pending batch found at the next start: committed when its output
 * directory holds the summary.json it recorded, else deleted.
 */
static void
test_ledger_recovers_pending_batches(void)
{
	static const char *const tr[] = { "LX1" };
	static const char *const dates[] = { "2026-01-10" };
	static const char *const lanes[] = { "release" };
	static const uint64_t content[] = { 1 };
	char dir[256], path[300], out1[300], out2[300], sp[320], name[32];
	struct pcl_ledger *l;
	struct pcl_error err;
	unsigned c = 9, r = 9;
	FILE *f;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledger");
	snprintf(path, sizeof path, "%s/hub.db", dir);
	snprintf(out1, sizeof out1, "%s/published", dir);
	snprintf(out2, sizeof out2, "%s/not-published", dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(out1, 0755), 0);
	CU_ASSERT_EQUAL_FATAL(mkdir(out2, 0755), 0);
	snprintf(sp, sizeof sp, "%s/summary.json", out1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(sp, "w"));
	fputs("{\"a\":1}\n", f);
	CU_ASSERT_EQUAL(fclose(f), 0);
	/* out2 holds an older summary.json: not this batch's */
	snprintf(sp, sizeof sp, "%s/summary.json", out2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(sp, "w"));
	fputs("{\"old\":1}\n", f);
	CU_ASSERT_EQUAL(fclose(f), 0);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, path, 0, 0, &err), PCL_OK);
	(void)batch(l, "2026-01-10", out1, "{\"a\":1}\n", tr, dates, lanes,
	    content, 1, name);
	(void)batch(l, "2026-01-10", out2, "{\"b\":2}\n", tr, dates, lanes,
	    content, 1, name);
	CU_ASSERT_EQUAL(int_of(l, "SELECT count(*) FROM batch WHERE state = "
	    "'pending'"), 2);
	CU_ASSERT_EQUAL(pcl_ledger_recover(l, &c, &r, &err), PCL_OK);
	CU_ASSERT_EQUAL(c, 1);
	CU_ASSERT_EQUAL(r, 1);
	CU_ASSERT_EQUAL(int_of(l, "SELECT count(*) FROM batch WHERE state = "
	    "'committed' AND name = '2026-01-10.1'"), 1);
	CU_ASSERT_EQUAL(int_of(l, "SELECT count(*) FROM batch"), 1);
	CU_ASSERT_EQUAL(int_of(l, "SELECT count(*) FROM parcel"), 1);
	CU_ASSERT_EQUAL(pcl_ledger_check(l, &err), PCL_OK);
	/* the committed batch recorded 1 parcel in lane release; a count
	 * that is not its rows' is a problem 'ledger check' reports */
	CU_ASSERT_EQUAL(int_of(l, "SELECT parcels || n_release FROM batch"),
	    11);
	CU_ASSERT_EQUAL_FATAL(sqlite3_exec(pcl_ledger_db(l), "UPDATE batch "
	    "SET parcels = 2", NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(pcl_ledger_check(l, &err), PCL_E_PARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "parcel count"));
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	pcl_test_rm_rf(dir);
}

static void
count_seen(void *user, const struct pcl_ledger_seen *s)
{
	char *buf = user;
	size_t n = strlen(buf);

	snprintf(buf + n, 256 - n, "%s:%s ", s->batch, s->lane);
}

static void
test_ledger_find_prune_backup(void)
{
	static const char *const tr[] = { "LX1", "LX2" };
	static const char *const dates[] = { "2026-01-10", "2026-01-10" };
	static const char *const lanes[] = { "release", "reject" };
	static const uint64_t content[] = { 1, 2 };
	char dir[256], path[300], bak[300], name[32], seen[256] = "";
	char pruned[11];
	struct pcl_ledger *l, *b;
	struct pcl_error err;
	unsigned long long n;
	int64_t id;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledger");
	snprintf(path, sizeof path, "%s/hub.db", dir);
	snprintf(bak, sizeof bak, "%s/copy.db", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, path, 0, 0, &err), PCL_OK);
	id = batch(l, "2026-01-10", dir, "{}", tr, dates, lanes, content, 2,
	    name);
	CU_ASSERT_EQUAL(pcl_ledger_commit_batch(l, id, &err), PCL_OK);
	id = batch(l, "2026-01-11", dir, "{}", tr, dates, lanes, content, 1,
	    name);
	CU_ASSERT_EQUAL(pcl_ledger_commit_batch(l, id, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_find(l, "LX1", count_seen, seen, &n, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_STRING_EQUAL(seen, "2026-01-10.1:release 2026-01-11.1:release ");
	CU_ASSERT_EQUAL(pcl_ledger_find(l, "LX9", NULL, NULL, &n, &err), PCL_OK);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(pcl_ledger_backup(l, bak, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_prune(l, "2026-01-11", &n, &err), PCL_OK);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(pcl_ledger_pruned_before(l, pruned, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(pruned, "2026-01-11");
	CU_ASSERT_EQUAL(int_of(l, "SELECT count(*) FROM parcel"), 1);
	CU_ASSERT_EQUAL(pcl_ledger_check(l, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	/* the backup holds both batches */
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&b, bak, 1, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(int_of(b, "SELECT count(*) FROM batch"), 2);
	CU_ASSERT_EQUAL(pcl_ledger_check(b, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(b), PCL_OK);
	pcl_test_rm_rf(dir);
}

void test_ledger_register(void);
void
test_ledger_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_ledger_created_with_schema_wal_and_secret),
		PCL_TEST(test_ledger_refuses_newer_schema),
		PCL_TEST(test_ledger_migrates_schema_1),
		PCL_TEST(test_ledger_second_writer_is_locked_out),
		PCL_TEST(test_ledger_consignee_key_is_keyed),
		PCL_TEST(test_ledger_lookup_committed_cleared_in_window),
		PCL_TEST(test_ledger_recovers_pending_batches),
		PCL_TEST(test_ledger_find_prune_backup),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("ledger", tests);
}
