/*
 * ledger: the clearance ledger in SQLite (see ledger.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sqlite3.h>

#include "date.h"
#include "digest.h"
#include "ledger.h"
#include "banned.h"

#define SECRET_LEN	32
/* Longest summary.json read back when settling a pending batch. */
#define SUMMARY_MAX	(64u << 20)

struct pcl_ledger {
	sqlite3		*db;
	int		 readonly;
	int		 lock_fd;	/* -1: none */
	unsigned char	 secret[SECRET_LEN];
	int		 has_secret;
	int64_t		 before;	/* 0: every committed batch */
	/* HMAC-SHA-256 keyed with the secret once (NULL: HMAC() each time) */
	EVP_MAC_CTX	*mac;
	sqlite3_stmt	*lookup;
	sqlite3_stmt	*add;
	sqlite3_stmt	*day;
	sqlite3_stmt	*reason_get, *reason_put;
	sqlite3_stmt	*decl_get, *decl_put;
	/* text -> id of tables reasons and declarant, of the batch being
	 * recorded (open addressing) */
	struct idcache {
		struct id_slot {
			char	*text;
			int64_t	 id;
		}	*slot;
		size_t	 cap, n;
	}		 rcache, dcache;
	/* the batch being recorded: its parcels per lane (LANES order) */
	int64_t		 nlane[5];
};

/* Table lane: a lane's id is its index here. */
static const char *const LANES[5] = {
	"release", "declare", "hold", "reject", "duplicate"
};
#define NLANES (sizeof LANES / sizeof LANES[0])

/* The id of lane 'name', or -1. */
static int
lane_id(const char *name)
{
	size_t i;

	for (i = 0; i < NLANES; i++)
		if (strcmp(LANES[i], name) == 0)
			return (int)i;
	return -1;
}

/* The ledger's day number of ISO date 'iso' (days since 1970-01-01,
 * date.h's), or PCL_DATE_NONE for "" or an invalid date. */
static int32_t
day_of(const char *iso)
{
	return pcl_date_parse_iso(iso, strlen(iso));
}

/*
 * The schema, one step per version: migration i brings user_version
 * i to i + 1, in one transaction with the version change.
 */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL);"
	"CREATE TABLE batch ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  state TEXT NOT NULL CHECK (state IN ('pending', 'committed')),"
	"  ident TEXT NOT NULL,"
	"  run_date TEXT NOT NULL,"
	"  as_of TEXT,"
	"  created TEXT NOT NULL,"
	"  inputs TEXT NOT NULL,"
	"  options TEXT NOT NULL,"
	"  outdir TEXT NOT NULL,"
	"  summary TEXT NOT NULL,"
	"  summary_sha256 TEXT NOT NULL);"
	"CREATE INDEX batch_ident ON batch (ident);"
	"CREATE TABLE parcel ("
	"  batch INTEGER NOT NULL REFERENCES batch (id) ON DELETE CASCADE,"
	"  declarant TEXT NOT NULL,"
	"  tracking TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  lane TEXT NOT NULL,"
	"  reasons TEXT NOT NULL,"
	"  assessed TEXT NOT NULL,"
	"  dest TEXT NOT NULL,"
	"  content INTEGER NOT NULL,"
	"  consignee INTEGER NOT NULL,"
	"  counted INTEGER NOT NULL,"
	"  gift INTEGER NOT NULL,"
	"  value_minor INTEGER NOT NULL,"
	"  value_currency TEXT NOT NULL);"
	"CREATE INDEX parcel_key ON parcel (tracking, declarant);"
	"CREATE INDEX parcel_batch ON parcel (batch);"
	"CREATE INDEX parcel_consignee ON parcel (consignee, date)"
	"  WHERE consignee != 0;",
	/*
	 * 1 -> 2: a parcel's reasons are an id into table reasons (a batch
	 * has a few hundred distinct reason lists, each stored once), and
	 * the consignee index holds only the parcels that count in a
	 * consignee's days: about 40 bytes less per parcel. The parcels
	 * keep their rowids (the order of 'ledger export').
	 */
	"CREATE TABLE reasons ("
	"  id INTEGER PRIMARY KEY,"
	"  text TEXT NOT NULL UNIQUE);"
	"INSERT INTO reasons (text) SELECT DISTINCT reasons FROM parcel "
	"  ORDER BY reasons;"
	"CREATE TABLE parcel_2 ("
	"  batch INTEGER NOT NULL REFERENCES batch (id) ON DELETE CASCADE,"
	"  declarant TEXT NOT NULL,"
	"  tracking TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  lane TEXT NOT NULL,"
	"  reasons INTEGER NOT NULL REFERENCES reasons (id),"
	"  assessed TEXT NOT NULL,"
	"  dest TEXT NOT NULL,"
	"  content INTEGER NOT NULL,"
	"  consignee INTEGER NOT NULL,"
	"  counted INTEGER NOT NULL,"
	"  gift INTEGER NOT NULL,"
	"  value_minor INTEGER NOT NULL,"
	"  value_currency TEXT NOT NULL);"
	"INSERT INTO parcel_2 (rowid, batch, declarant, tracking, date, lane, "
	"  reasons, assessed, dest, content, consignee, counted, gift, "
	"  value_minor, value_currency) "
	"  SELECT p.rowid, p.batch, p.declarant, p.tracking, p.date, p.lane, "
	"  r.id, p.assessed, p.dest, p.content, p.consignee, p.counted, "
	"  p.gift, p.value_minor, p.value_currency "
	"  FROM parcel p JOIN reasons r ON r.text = p.reasons ORDER BY p.rowid;"
	"DROP TABLE parcel;"
	"ALTER TABLE parcel_2 RENAME TO parcel;"
	"CREATE INDEX parcel_key ON parcel (tracking, declarant);"
	"CREATE INDEX parcel_batch ON parcel (batch);"
	"CREATE INDEX parcel_consignee ON parcel (consignee, date)"
	"  WHERE counted = 1;",
	/*
	 * 2 -> 3: the parcel table is keyed by what a run looks up, its
	 * tracking number, declarant and batch (WITHOUT ROWID: the key
	 * index and the batch index go); the declarant is an id into
	 * table declarant, the lane a small integer (table lane), the
	 * date a day number (days since 1970-01-01, NULL when the parcel
	 * had none). A batch keeps its parcel and lane counts, which
	 * 'ledger batches' and 'ledger show' read instead of counting
	 * rows. View parcel_text shows the parcels with texts.
	 */
	"CREATE TABLE declarant ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"INSERT INTO declarant (name) SELECT DISTINCT declarant FROM parcel "
	"  ORDER BY declarant;"
	"CREATE TABLE lane ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"INSERT INTO lane (id, name) VALUES (0, 'release'), (1, 'declare'), "
	"  (2, 'hold'), (3, 'reject'), (4, 'duplicate');"
	"ALTER TABLE batch ADD COLUMN parcels INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE batch ADD COLUMN n_release INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE batch ADD COLUMN n_declare INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE batch ADD COLUMN n_hold INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE batch ADD COLUMN n_reject INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE batch ADD COLUMN n_duplicate INTEGER NOT NULL DEFAULT 0;"
	"UPDATE batch SET (parcels, n_release, n_declare, n_hold, n_reject, "
	"  n_duplicate) = (SELECT count(*), "
	"  coalesce(sum(p.lane = 'release'), 0), "
	"  coalesce(sum(p.lane = 'declare'), 0), "
	"  coalesce(sum(p.lane = 'hold'), 0), "
	"  coalesce(sum(p.lane = 'reject'), 0), "
	"  coalesce(sum(p.lane = 'duplicate'), 0) "
	"  FROM parcel p WHERE p.batch = batch.id);"
	"CREATE TABLE parcel_3 ("
	"  tracking TEXT NOT NULL,"
	"  declarant INTEGER NOT NULL REFERENCES declarant (id),"
	"  batch INTEGER NOT NULL,"
	"  date INTEGER,"
	"  lane INTEGER NOT NULL REFERENCES lane (id),"
	"  reasons INTEGER NOT NULL REFERENCES reasons (id),"
	"  assessed TEXT NOT NULL,"
	"  dest TEXT NOT NULL,"
	"  content INTEGER NOT NULL,"
	"  consignee INTEGER NOT NULL,"
	"  counted INTEGER NOT NULL,"
	"  gift INTEGER NOT NULL,"
	"  value_minor INTEGER NOT NULL,"
	"  value_currency TEXT NOT NULL,"
	"  PRIMARY KEY (tracking, declarant, batch)) WITHOUT ROWID;"
	"INSERT INTO parcel_3 SELECT p.tracking, d.id, p.batch, "
	"  CASE WHEN p.date = '' THEN NULL "
	"  ELSE CAST(julianday(p.date) - 2440587.5 AS INTEGER) END, "
	"  n.id, p.reasons, p.assessed, p.dest, p.content, p.consignee, "
	"  p.counted, p.gift, p.value_minor, p.value_currency "
	"  FROM parcel p JOIN declarant d ON d.name = p.declarant "
	"  JOIN lane n ON n.name = p.lane "
	"  ORDER BY p.tracking, d.id, p.batch;"
	"DROP TABLE parcel;"
	"ALTER TABLE parcel_3 RENAME TO parcel;"
	"CREATE INDEX parcel_consignee ON parcel (consignee, date)"
	"  WHERE counted = 1;"
	"CREATE VIEW parcel_text AS SELECT b.name AS batch, "
	"  d.name AS declarant, p.tracking, "
	"  coalesce(date(p.date * 86400, 'unixepoch'), '') AS date, "
	"  n.name AS lane, r.text AS reasons, p.assessed, p.dest, p.content, "
	"  p.consignee, p.counted, p.gift, p.value_minor, p.value_currency "
	"  FROM parcel p JOIN batch b ON b.id = p.batch "
	"  JOIN declarant d ON d.id = p.declarant "
	"  JOIN lane n ON n.id = p.lane JOIN reasons r ON r.id = p.reasons;",
};
#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

_Static_assert(sizeof migrations / sizeof migrations[0] == PCL_LEDGER_SCHEMA,
    "one migration per schema version");

static int
dberr(struct pcl_ledger *l, struct pcl_error *err, const char *what)
{
	int code = sqlite3_errcode(l->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return pcl_error_set(err, PCL_E_LOCKED, "ledger busy: %s: %s",
		    what, sqlite3_errmsg(l->db));
	if (code == SQLITE_NOMEM)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	/* the disk (full, failing) refused a write: an output failure */
	if (code == SQLITE_IOERR || code == SQLITE_FULL ||
	    code == SQLITE_READONLY)
		return pcl_error_set(err, PCL_E_WRITE, "ledger: %s: %s", what,
		    sqlite3_errmsg(l->db));
	return pcl_error_set(err, PCL_E_IO, "ledger: %s: %s", what,
	    sqlite3_errmsg(l->db));
}

static int
exec(struct pcl_ledger *l, const char *sql, struct pcl_error *err)
{
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return dberr(l, err, sql);
	return PCL_OK;
}

/* One integer from 'sql' (no parameters), or -1. */
static int64_t
int_of(struct pcl_ledger *l, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Takes the run lock "PATH-lock", polling for up to 'timeout_s'. */
static int
take_lock(struct pcl_ledger *l, const char *path, unsigned timeout_s,
    struct pcl_error *err)
{
	char *lp;
	size_t n = strlen(path) + 6;
	unsigned long waited = 0;
	struct timespec ts = { 0, 50 * 1000000L };

	if ((lp = malloc(n)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	snprintf(lp, n, "%s-lock", path);
	l->lock_fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (l->lock_fd < 0) {
		/* a ledger that cannot be written: an output failure */
		pcl_error_set(err, PCL_E_WRITE, "cannot open ledger lock '%s': "
		    "%s", lp, strerror(errno));
		free(lp);
		return PCL_E_WRITE;
	}
	while (flock(l->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			pcl_error_set(err, PCL_E_IO, "cannot lock '%s': %s", lp,
			    strerror(errno));
			free(lp);
			return PCL_E_IO;
		}
		if (waited >= (unsigned long)timeout_s * 1000) {
			pcl_error_set(err, PCL_E_LOCKED, "ledger '%s' is in use "
			    "by another run (waited %u s)", path, timeout_s);
			free(lp);
			return PCL_E_LOCKED;
		}
		(void)nanosleep(&ts, NULL);
		waited += 50;
	}
	free(lp);
	return PCL_OK;
}

/*
 * Keys l->mac with the secret: a consignee key is then one MAC update
 * instead of fetching SHA-256 and keying HMAC for every parcel. Left
 * NULL (HMAC() each time) when OpenSSL cannot.
 */
static void
key_mac(struct pcl_ledger *l)
{
	EVP_MAC *mac;
	OSSL_PARAM params[2];

	if ((mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL)) == NULL)
		return;
	l->mac = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)(uintptr_t)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (l->mac != NULL && EVP_MAC_init(l->mac, l->secret, SECRET_LEN,
	    params) != 1) {
		EVP_MAC_CTX_free(l->mac);
		l->mac = NULL;
	}
}

/* Loads the secret, making it when the ledger has none. */
static int
load_secret(struct pcl_ledger *l, struct pcl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key = "
	    "'secret'", -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, "reading the secret");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == SECRET_LEN) {
		memcpy(l->secret, sqlite3_column_blob(st, 0), SECRET_LEN);
		l->has_secret = 1;
	}
	sqlite3_finalize(st);
	if (l->has_secret || l->readonly) {
		if (l->has_secret)
			key_mac(l);
		return PCL_OK;
	}
	if (RAND_bytes(l->secret, SECRET_LEN) != 1)
		return pcl_error_set(err, PCL_E_IO, "no random bytes for the "
		    "ledger's secret");
	if (sqlite3_prepare_v2(l->db, "INSERT INTO meta (key, value) VALUES "
	    "('secret', ?1)", -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, "writing the secret");
	sqlite3_bind_blob(st, 1, l->secret, SECRET_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return dberr(l, err, "writing the secret");
	l->has_secret = 1;
	key_mac(l);
	return PCL_OK;
}

/* Brings the schema to PCL_LEDGER_SCHEMA. */
static int
migrate(struct pcl_ledger *l, const char *path, struct pcl_error *err)
{
	int64_t v = int_of(l, "PRAGMA user_version");
	char sql[64];
	int rc;

	if (v < 0)
		return dberr(l, err, "reading the schema version");
	if (v > PCL_LEDGER_SCHEMA)
		return pcl_error_set(err, PCL_E_PARSE, "ledger '%s' has schema "
		    "%lld, newer than this program's %d", path, (long long)v,
		    PCL_LEDGER_SCHEMA);
	if (l->readonly) {
		if (v < PCL_LEDGER_SCHEMA)
			return pcl_error_set(err, PCL_E_PARSE, "ledger '%s' "
			    "has schema %lld: open it once read-write (run or "
			    "ledger check) to migrate it", path, (long long)v);
		return PCL_OK;
	}
	for (; v < PCL_LEDGER_SCHEMA; v++) {
		if ((rc = exec(l, "BEGIN IMMEDIATE", err)) != PCL_OK)
			return rc;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %lld",
		    (long long)v + 1);
		if ((rc = exec(l, migrations[v], err)) != PCL_OK ||
		    (rc = exec(l, sql, err)) != PCL_OK) {
			(void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
		if ((rc = exec(l, "COMMIT", err)) != PCL_OK)
			return rc;
	}
	return PCL_OK;
}

/*
 * Refuses a database that is not a ledger: one with another
 * application's id, or with tables but neither the ledger's id nor its
 * schema (user_version 1 or more and table meta, as ledgers made before
 * the id have). A read-write handle stamps the id on a new database and
 * on such an older ledger.
 */
static int
check_ours(struct pcl_ledger *l, const char *path, struct pcl_error *err)
{
	int64_t id = int_of(l, "PRAGMA application_id");
	char sql[48];

	if (id == PCL_LEDGER_APPLICATION_ID)
		return PCL_OK;
	if (id != 0 || (int_of(l, "SELECT count(*) FROM sqlite_master") != 0 &&
	    (int_of(l, "PRAGMA user_version") < 1 || int_of(l, "SELECT "
	    "count(*) FROM sqlite_master WHERE type = 'table' AND name = "
	    "'meta'") != 1)))
		return pcl_error_set(err, PCL_E_IO, "'%s' is not a ledger: an "
		    "SQLite database of another application", path);
	if (l->readonly)
		return PCL_OK;
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
	    PCL_LEDGER_APPLICATION_ID);
	return exec(l, sql, err);
}

/* Forgets the cached ids (a rolled back batch may have made them). */
static void
cache_clear(struct idcache *c)
{
	size_t i;

	for (i = 0; i < c->cap; i++) {
		free(c->slot[i].text);
		c->slot[i].text = NULL;
	}
	c->n = 0;
}

/* FNV-1a of 's': the slot of a reasons text. */
static size_t
rhash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

/* The cached slot of 'text': its own, or the empty one it would take. */
static struct id_slot *
cache_slot(struct idcache *c, const char *text)
{
	size_t i = rhash(text) & (c->cap - 1);

	while (c->slot[i].text != NULL && strcmp(c->slot[i].text, text) != 0)
		i = (i + 1) & (c->cap - 1);
	return &c->slot[i];
}

/* Remembers 'text' -> 'id'; the cache is only a shortcut, so a failure
 * to grow it just leaves it out. */
static void
cache_put(struct idcache *c, const char *text, int64_t id)
{
	struct id_slot *slot;

	if (2 * (c->n + 1) > c->cap) {
		struct id_slot *old = c->slot, *nv;
		size_t cap = c->cap ? 2 * c->cap : 256, i, ocap = c->cap;

		if ((nv = calloc(cap, sizeof *nv)) == NULL)
			return;
		c->slot = nv;
		c->cap = cap;
		for (i = 0; i < ocap; i++)
			if (old[i].text != NULL)
				*cache_slot(c, old[i].text) = old[i];
		free(old);
	}
	slot = cache_slot(c, text);
	if (slot->text != NULL || (slot->text = strdup(text)) == NULL)
		return;
	slot->id = id;
	c->n++;
}

/*
 * The id of 'text' in table 'table' (reasons: column text; declarant:
 * column name), added when new; 'c' caches, '*get' and '*put' are the
 * prepared statements.
 */
static int
text_id(struct pcl_ledger *l, struct idcache *c, sqlite3_stmt **get,
    sqlite3_stmt **put, const char *sget, const char *sput,
    const char *text, int64_t *id, struct pcl_error *err)
{
	struct id_slot *slot;
	int rc;

	if (c->cap > 0 && (slot = cache_slot(c, text))->text != NULL) {
		*id = slot->id;
		return PCL_OK;
	}
	if (*get == NULL && sqlite3_prepare_v3(l->db, sget, -1,
	    SQLITE_PREPARE_PERSISTENT, get, NULL) != SQLITE_OK)
		return dberr(l, err, sget);
	if (*put == NULL && sqlite3_prepare_v3(l->db, sput, -1,
	    SQLITE_PREPARE_PERSISTENT, put, NULL) != SQLITE_OK)
		return dberr(l, err, sput);
	sqlite3_bind_text(*get, 1, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(*get);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(*get, 0);
	sqlite3_reset(*get);
	if (rc == SQLITE_DONE) {
		sqlite3_bind_text(*put, 1, text, -1, SQLITE_STATIC);
		rc = sqlite3_step(*put);
		sqlite3_reset(*put);
		if (rc != SQLITE_DONE)
			return dberr(l, err, sput);
		*id = sqlite3_last_insert_rowid(l->db);
	} else if (rc != SQLITE_ROW) {
		return dberr(l, err, sget);
	}
	cache_put(c, text, *id);
	return PCL_OK;
}

/* The id of reasons text 'text' in table reasons, added when new. */
static int
reason_id(struct pcl_ledger *l, const char *text, int64_t *id,
    struct pcl_error *err)
{
	return text_id(l, &l->rcache, &l->reason_get, &l->reason_put,
	    "SELECT id FROM reasons WHERE text = ?1",
	    "INSERT INTO reasons (text) VALUES (?1)", text, id, err);
}

/* The id of declarant 'name' in table declarant, added when new. */
static int
declarant_id(struct pcl_ledger *l, const char *name, int64_t *id,
    struct pcl_error *err)
{
	return text_id(l, &l->dcache, &l->decl_get, &l->decl_put,
	    "SELECT id FROM declarant WHERE name = ?1",
	    "INSERT INTO declarant (name) VALUES (?1)", name, id, err);
}

int
pcl_ledger_open(struct pcl_ledger **out, const char *path, int readonly,
    unsigned timeout_s, struct pcl_error *err)
{
	return pcl_ledger_open_vfs(out, path, readonly, timeout_s, NULL, err);
}

/*
 * The read-only "file:" URI of 'path' with query 'query' (malloc'd, NULL
 * when out of memory): '?' '#' '%' in the path are escaped.
 */
static char *
ro_uri(const char *path, const char *query)
{
	size_t i, n = 0, len = strlen(path), size = 3 * len + strlen(query) + 8;
	char *uri;

	if ((uri = malloc(size)) == NULL)
		return NULL;
	n += (size_t)snprintf(uri, size, "file:");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		if (c == '?' || c == '#' || c == '%')
			n += (size_t)snprintf(uri + n, 4, "%%%02X", c);
		else
			uri[n++] = (char)c;
	}
	snprintf(uri + n, size - n, "%s", query);
	return uri;
}

/* Opens l->db: 'path' read-write, or read-only with URI query 'query'. */
static int
open_db(struct pcl_ledger *l, const char *path, const char *query,
    unsigned timeout_s, const char *vfs, struct pcl_error *err)
{
	char *uri = NULL;
	int rc;

	if (l->readonly && (uri = ro_uri(path, query)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	rc = sqlite3_open_v2(l->readonly ? uri : path, &l->db, l->readonly ?
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, vfs);
	free(uri);
	if (rc != SQLITE_OK)
		return pcl_error_set(err, PCL_E_IO, "cannot open ledger '%s': %s",
		    path, l->db != NULL ? sqlite3_errmsg(l->db) : "no memory");
	sqlite3_busy_timeout(l->db, (int)(timeout_s > 2000000 ? 2000000000u :
	    timeout_s * 1000u));
	return PCL_OK;
}

/* 1 when file 'path' followed by 'suffix' exists. */
static int
exists_with(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *p;
	int yes;

	if ((p = malloc(n)) == NULL)
		return 1;
	snprintf(p, n, "%s%s", path, suffix);
	yes = access(p, F_OK) == 0;
	free(p);
	return yes;
}

int
pcl_ledger_open_vfs(struct pcl_ledger **out, const char *path, int readonly,
    unsigned timeout_s, const char *vfs, struct pcl_error *err)
{
	struct pcl_ledger *l;
	int rc, code;

	*out = NULL;
	if ((l = calloc(1, sizeof *l)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	l->lock_fd = -1;
	l->readonly = readonly;
	if (!readonly && (rc = take_lock(l, path, timeout_s, err)) != PCL_OK)
		goto fail;
	if ((rc = open_db(l, path, "?mode=ro", timeout_s, vfs, err)) != PCL_OK)
		goto fail;
	code = int_of(l, "SELECT count(*) FROM sqlite_master") < 0 ?
	    sqlite3_errcode(l->db) : SQLITE_OK;
	/*
	 * A reader in a directory it cannot write cannot make the WAL's
	 * FILE-shm. With no FILE-wal no change is outside the main file,
	 * and no run is writing (a run keeps FILE-wal while it has the
	 * ledger open): read the file as it is (immutable).
	 */
	if (readonly && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN) &&
	    !exists_with(path, "-wal")) {
		(void)sqlite3_close(l->db);
		l->db = NULL;
		if ((rc = open_db(l, path, "?mode=ro&immutable=1", timeout_s, vfs,
		    err)) != PCL_OK)
			goto fail;
		code = int_of(l, "SELECT count(*) FROM sqlite_master") < 0 ?
		    sqlite3_errcode(l->db) : SQLITE_OK;
	}
	if (code == SQLITE_NOTADB) {
		rc = pcl_error_set(err, PCL_E_IO, "'%s' is not a ledger: %s",
		    path, sqlite3_errmsg(l->db));
		goto fail;
	}
	if (readonly && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) {
		rc = pcl_error_set(err, PCL_E_IO, "cannot read ledger '%s': it "
		    "has a -wal file and its -shm file cannot be made (run "
		    "'ledger check' once as a user who can write its "
		    "directory)", path);
		goto fail;
	}
	if (code != SQLITE_OK) {
		rc = readonly ? pcl_error_set(err, PCL_E_IO, "cannot read "
		    "ledger '%s': %s", path, sqlite3_errmsg(l->db)) :
		    dberr(l, err, "reading the ledger");
		goto fail;
	}
	if ((rc = check_ours(l, path, err)) != PCL_OK)
		goto fail;
	if (!readonly && ((rc = exec(l, "PRAGMA journal_mode = WAL", err)) !=
	    PCL_OK || (rc = exec(l, "PRAGMA synchronous = FULL", err)) !=
	    PCL_OK))
		goto fail;
	if ((rc = exec(l, "PRAGMA foreign_keys = ON", err)) != PCL_OK ||
	    (rc = migrate(l, path, err)) != PCL_OK ||
	    (rc = load_secret(l, err)) != PCL_OK)
		goto fail;
	if (!readonly && (rc = pcl_ledger_recover(l, NULL, NULL, err)) !=
	    PCL_OK)
		goto fail;
	*out = l;
	return PCL_OK;
fail:
	(void)pcl_ledger_close(l);
	return rc;
}

int
pcl_ledger_close(struct pcl_ledger *l)
{
	int rc = PCL_OK;

	if (l == NULL)
		return PCL_OK;
	sqlite3_finalize(l->lookup);
	sqlite3_finalize(l->add);
	sqlite3_finalize(l->day);
	sqlite3_finalize(l->reason_get);
	sqlite3_finalize(l->reason_put);
	sqlite3_finalize(l->decl_get);
	sqlite3_finalize(l->decl_put);
	cache_clear(&l->rcache);
	free(l->rcache.slot);
	cache_clear(&l->dcache);
	free(l->dcache.slot);
	EVP_MAC_CTX_free(l->mac);
	if (l->db != NULL && sqlite3_close(l->db) != SQLITE_OK)
		rc = PCL_E_IO;
	if (l->lock_fd >= 0)
		(void)close(l->lock_fd);	/* lets go of the flock */
	memset(l->secret, 0, sizeof l->secret);
	free(l);
	return rc;
}

void *
pcl_ledger_db(struct pcl_ledger *l)
{
	return l->db;
}

int64_t
pcl_ledger_consignee_key(const struct pcl_ledger *l, uint64_t identity)
{
	unsigned char msg[8], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	uint64_t v = 0;
	int i;

	if (identity == 0)
		return 0;
	for (i = 0; i < 8; i++)
		msg[i] = (unsigned char)(identity >> (8 * i));
	if (l->mac != NULL) {
		size_t n = 0;

		/* a NULL key keeps the one given by key_mac */
		if (EVP_MAC_init(l->mac, NULL, 0, NULL) != 1 ||
		    EVP_MAC_update(l->mac, msg, sizeof msg) != 1 ||
		    EVP_MAC_final(l->mac, md, &n, sizeof md) != 1 || n < 8)
			return 0;
	} else if (HMAC(EVP_sha256(), l->secret, SECRET_LEN, msg, sizeof msg,
	    md, &mdlen) == NULL || mdlen < 8) {
		return 0;
	}
	for (i = 0; i < 8; i++)
		v = v << 8 | md[i];
	v >>= 1;
	return v == 0 ? 1 : (int64_t)v;
}

static void
text_col(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(buf, size, "%s", t != NULL ? (const char *)t : "");
}

#define BATCH_COLS "b.id, b.name, b.ident, b.run_date, b.as_of, b.outdir, " \
	"b.summary_sha256, b.state, b.created, b.parcels"

static void
batch_row(sqlite3_stmt *st, struct pcl_ledger_batch *b)
{
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(st, 0);
	text_col(st, 1, b->name, sizeof b->name);
	text_col(st, 2, b->ident, sizeof b->ident);
	text_col(st, 3, b->run_date, sizeof b->run_date);
	text_col(st, 4, b->as_of, sizeof b->as_of);
	text_col(st, 5, b->outdir, sizeof b->outdir);
	text_col(st, 6, b->summary_sha256, sizeof b->summary_sha256);
	text_col(st, 7, b->state, sizeof b->state);
	text_col(st, 8, b->created, sizeof b->created);
	b->parcels = (unsigned long long)sqlite3_column_int64(st, 9);
}

static int
batch_where(struct pcl_ledger *l, const char *where, const char *arg,
    struct pcl_ledger_batch *b, struct pcl_error *err)
{
	char sql[512];
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT " BATCH_COLS " FROM batch b WHERE %s "
	    "ORDER BY b.id LIMIT 1", where);
	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, "finding a batch");
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		batch_row(st, b);
		rc = PCL_OK;
	} else if (rc == SQLITE_DONE) {
		rc = PCL_E_NOTFOUND;
	} else {
		rc = dberr(l, err, "finding a batch");
	}
	sqlite3_finalize(st);
	return rc;
}

int
pcl_ledger_batch_by_ident(struct pcl_ledger *l, const char *ident,
    struct pcl_ledger_batch *b, struct pcl_error *err)
{
	return batch_where(l, "b.ident = ?1 AND b.state = 'committed'", ident,
	    b, err);
}

int
pcl_ledger_batch_by_summary(struct pcl_ledger *l, const char *sha256,
    struct pcl_ledger_batch *b, struct pcl_error *err)
{
	return batch_where(l, "b.summary_sha256 = ?1 AND b.state = "
	    "'committed'", sha256, b, err);
}

int
pcl_ledger_batch_by_name(struct pcl_ledger *l, const char *name,
    struct pcl_ledger_batch *b, struct pcl_error *err)
{
	return batch_where(l, "b.name = ?1", name, b, err);
}

void
pcl_ledger_set_before(struct pcl_ledger *l, int64_t before)
{
	l->before = before;
}

int
pcl_ledger_lookup(struct pcl_ledger *l, const char *declarant,
    const char *tracking, size_t len, const char *since,
    struct pcl_ledger_hit *hit, struct pcl_error *err)
{
	int rc;

	if (l->lookup == NULL && sqlite3_prepare_v3(l->db,
	    "SELECT b.name, p.lane, p.content FROM parcel p JOIN batch b "
	    "ON b.id = p.batch WHERE p.tracking = ?1 AND p.declarant = "
	    "(SELECT id FROM declarant WHERE name = ?2) "
	    "AND b.state = 'committed' AND (?3 = 0 OR b.id < ?3) "
	    /* release, declare, hold */
	    "AND p.lane IN (0, 1, 2) AND p.date >= ?4 "
	    /*
	     * the newest clearance: batch ids grow with each batch (one
	     * writer at a time), and the parcel table, keyed by
	     * (tracking, declarant, batch), is read backwards from the
	     * key instead of sorting the matches
	     */
	    "ORDER BY p.batch DESC LIMIT 1", -1, SQLITE_PREPARE_PERSISTENT,
	    &l->lookup, NULL) != SQLITE_OK)
		return dberr(l, err, "preparing the lookup");
	sqlite3_reset(l->lookup);
	sqlite3_bind_text(l->lookup, 1, tracking, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(l->lookup, 2, declarant, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->lookup, 3, l->before);
	sqlite3_bind_int(l->lookup, 4, day_of(since));
	rc = sqlite3_step(l->lookup);
	if (rc == SQLITE_ROW) {
		int lane = sqlite3_column_int(l->lookup, 1);

		text_col(l->lookup, 0, hit->batch, sizeof hit->batch);
		snprintf(hit->lane, sizeof hit->lane, "%s", lane >= 0 &&
		    (size_t)lane < NLANES ? LANES[lane] : "?");
		hit->content = (uint64_t)sqlite3_column_int64(l->lookup, 2);
		rc = PCL_OK;
	} else if (rc == SQLITE_DONE) {
		rc = PCL_E_NOTFOUND;
	} else {
		rc = dberr(l, err, "looking up a tracking number");
	}
	sqlite3_reset(l->lookup);
	return rc;
}

int
pcl_ledger_read_begin(struct pcl_ledger *l, struct pcl_error *err)
{
	return sqlite3_get_autocommit(l->db) ? exec(l, "BEGIN", err) : PCL_OK;
}

void
pcl_ledger_read_end(struct pcl_ledger *l)
{
	if (!sqlite3_get_autocommit(l->db))
		(void)sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
}

int
pcl_ledger_day_sum(struct pcl_ledger *l, int64_t consignee, const char *from,
    const char *to, const char *dest, int gift, const char *currency,
    int released, int64_t *minor, uint32_t *count, struct pcl_error *err)
{
	int rc;

	*minor = 0;
	*count = 0;
	if (l->day == NULL && sqlite3_prepare_v3(l->db,
	    "SELECT coalesce(sum(p.value_minor), 0), count(*) FROM parcel p "
	    "JOIN batch b ON b.id = p.batch WHERE p.consignee = ?1 AND "
	    "p.date >= ?2 AND p.date <= ?7 AND p.dest = ?3 AND p.gift = ?4 "
	    "AND p.value_currency = ?5 "
	    /* the literal term lets the partial index parcel_consignee
	     * serve the query: without it every lookup scans the table */
	    "AND p.counted = 1 AND "
	    "(?8 = 0 OR p.lane = 0) AND "
	    "b.state = 'committed' AND (?6 = 0 OR b.id < ?6)", -1,
	    SQLITE_PREPARE_PERSISTENT, &l->day, NULL) != SQLITE_OK)
		return dberr(l, err, "preparing the day's aggregate");
	sqlite3_reset(l->day);
	sqlite3_bind_int64(l->day, 1, consignee);
	sqlite3_bind_int(l->day, 2, day_of(from));
	sqlite3_bind_int(l->day, 7, day_of(to));
	sqlite3_bind_int(l->day, 8, released);
	sqlite3_bind_text(l->day, 3, dest, -1, SQLITE_STATIC);
	sqlite3_bind_int(l->day, 4, gift);
	sqlite3_bind_text(l->day, 5, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(l->day, 6, l->before);
	rc = sqlite3_step(l->day);
	if (rc == SQLITE_ROW) {
		*minor = sqlite3_column_int64(l->day, 0);
		*count = (uint32_t)sqlite3_column_int64(l->day, 1);
		rc = PCL_OK;
	} else {
		rc = dberr(l, err, "the day's aggregate");
	}
	sqlite3_reset(l->day);
	return rc;
}

/* "2026-12-07T23:59:59Z", now. */
static void
utc_now(char buf[21])
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, 21, "?");
}

int
pcl_ledger_begin_batch(struct pcl_ledger *l,
    const struct pcl_ledger_batch_in *b, int64_t *id, char name[32],
    struct pcl_error *err)
{
	sqlite3_stmt *st;
	char created[21];
	int64_t ord;
	int rc;

	if (l->readonly)
		return pcl_error_set(err, PCL_E_USAGE, "ledger opened read-only");
	/* ids cached by an earlier transaction may have been rolled back */
	cache_clear(&l->rcache);
	cache_clear(&l->dcache);
	memset(l->nlane, 0, sizeof l->nlane);
	if ((rc = exec(l, "BEGIN IMMEDIATE", err)) != PCL_OK)
		return rc;
	/* the batch's ordinal among those of its run date */
	if (sqlite3_prepare_v2(l->db, "SELECT count(*) FROM batch WHERE "
	    "name LIKE ?1 || '.%'", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, b->run_date, -1, SQLITE_STATIC);
	ord = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	/* a dropped batch's name may be free again: find an unused one */
	for (;;) {
		struct pcl_ledger_batch tmp;

		snprintf(name, 32, "%.10s.%lld", b->run_date, (long long)++ord);
		if ((rc = pcl_ledger_batch_by_name(l, name, &tmp, err)) ==
		    PCL_E_NOTFOUND)
			break;
		if (rc != PCL_OK) {
			(void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
	}
	utc_now(created);
	if (sqlite3_prepare_v2(l->db, "INSERT INTO batch (name, state, ident, "
	    "run_date, as_of, created, inputs, options, outdir, summary, "
	    "summary_sha256) VALUES (?1, 'pending', ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b->ident, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b->run_date, -1, SQLITE_STATIC);
	if (b->as_of != NULL)
		sqlite3_bind_text(st, 4, b->as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, created, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, b->inputs, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, b->options, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, b->outdir, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, b->summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, b->summary_sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto fail;
	*id = sqlite3_last_insert_rowid(l->db);
	return PCL_OK;
fail:
	rc = dberr(l, err, "recording the batch");
	(void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int
pcl_ledger_add_parcel(struct pcl_ledger *l, int64_t id,
    const struct pcl_ledger_parcel *p, struct pcl_error *err)
{
	sqlite3_stmt *st;
	int64_t reasons = 0, decl = 0;
	int32_t date = day_of(p->date);
	int rc, lane = lane_id(p->lane);

	if (lane < 0)
		return pcl_error_set(err, PCL_E_USAGE, "ledger: no lane '%s'",
		    p->lane);
	if ((rc = reason_id(l, p->reasons, &reasons, err)) != PCL_OK ||
	    (rc = declarant_id(l, p->declarant, &decl, err)) != PCL_OK)
		return rc;
	if (l->add == NULL && sqlite3_prepare_v3(l->db, "INSERT INTO parcel "
	    "(batch, declarant, tracking, date, lane, reasons, assessed, dest, "
	    "content, consignee, counted, gift, value_minor, value_currency) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14)", -1, SQLITE_PREPARE_PERSISTENT, &l->add, NULL) != SQLITE_OK)
		return dberr(l, err, "preparing the parcel rows");
	st = l->add;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, decl);
	sqlite3_bind_text(st, 3, p->tracking, (int)p->tracking_len,
	    SQLITE_STATIC);
	if (date != PCL_DATE_NONE)
		sqlite3_bind_int(st, 4, date);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int(st, 5, lane);
	sqlite3_bind_int64(st, 6, reasons);
	sqlite3_bind_text(st, 7, p->assessed, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->dest, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, (int64_t)p->content);
	sqlite3_bind_int64(st, 10, p->consignee);
	sqlite3_bind_int(st, 11, p->counted);
	sqlite3_bind_int(st, 12, p->gift);
	sqlite3_bind_int64(st, 13, p->value_minor);
	sqlite3_bind_text(st, 14, p->value_currency != NULL ?
	    p->value_currency : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return dberr(l, err, "recording a parcel");
	l->nlane[lane]++;
	return PCL_OK;
}

int
pcl_ledger_set_summary(struct pcl_ledger *l, int64_t id, const char *summary,
    size_t len, const char *sha256, struct pcl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(l->db, "UPDATE batch SET summary = ?1, "
	    "summary_sha256 = ?2, n_release = ?4, n_declare = ?5, "
	    "n_hold = ?6, n_reject = ?7, n_duplicate = ?8, "
	    "parcels = ?4 + ?5 + ?6 + ?7 + ?8 WHERE id = ?3", -1, &st, NULL) !=
	    SQLITE_OK)
		return dberr(l, err, "recording summary.json");
	sqlite3_bind_text(st, 1, summary, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	for (size_t i = 0; i < NLANES; i++)
		sqlite3_bind_int64(st, 4 + (int)i, l->nlane[i]);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? PCL_OK :
	    dberr(l, err, "recording summary.json");
}

int
pcl_ledger_pruned_before(struct pcl_ledger *l, char buf[11],
    struct pcl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(l->db, "SELECT value FROM meta WHERE key = "
	    "'pruned_before'", -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, "reading the prune date");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		text_col(st, 0, buf, 11);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? PCL_OK :
	    dberr(l, err, "reading the prune date");
}

int
pcl_ledger_end_batch(struct pcl_ledger *l, struct pcl_error *err)
{
	return exec(l, "COMMIT", err);
}

void
pcl_ledger_rollback(struct pcl_ledger *l)
{
	if (!sqlite3_get_autocommit(l->db))
		(void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
exec_id(struct pcl_ledger *l, const char *sql, int64_t id,
    struct pcl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, sql);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? PCL_OK : dberr(l, err, sql);
}

int
pcl_ledger_commit_batch(struct pcl_ledger *l, int64_t id,
    struct pcl_error *err)
{
	return exec_id(l, "UPDATE batch SET state = 'committed' WHERE id = ?1",
	    id, err);
}

int
pcl_ledger_drop_batch(struct pcl_ledger *l, int64_t id, struct pcl_error *err)
{
	int rc;

	if ((rc = exec(l, "BEGIN IMMEDIATE", err)) != PCL_OK)
		return rc;
	if ((rc = exec_id(l, "DELETE FROM parcel WHERE batch = ?1", id,
	    err)) != PCL_OK ||
	    (rc = exec_id(l, "DELETE FROM batch WHERE id = ?1", id, err)) !=
	    PCL_OK) {
		(void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return exec(l, "COMMIT", err);
}

/* 1 when 'outdir'/summary.json has SHA-256 'sha'. */
static int
published(const char *outdir, const char *sha)
{
	char *path, hex[65];
	size_t n = strlen(outdir) + 16;
	unsigned long long size;
	int ok;

	if ((path = malloc(n)) == NULL)
		return 0;
	snprintf(path, n, "%s/summary.json", outdir);
	ok = pcl_digest_file(path, hex, &size, NULL) == PCL_OK &&
	    strcmp(hex, sha) == 0;
	free(path);
	return ok;
}

int
pcl_ledger_recover(struct pcl_ledger *l, unsigned *committed,
    unsigned *rolled_back, struct pcl_error *err)
{
	sqlite3_stmt *st;
	struct pcl_ledger_batch *v = NULL, *nv;
	size_t n = 0, i;
	unsigned c = 0, r = 0;
	int rc = PCL_OK, s;

	if (sqlite3_prepare_v2(l->db, "SELECT " BATCH_COLS " FROM batch b "
	    "WHERE b.state = 'pending' ORDER BY b.id", -1, &st, NULL) !=
	    SQLITE_OK)
		return dberr(l, err, "finding pending batches");
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if ((nv = realloc(v, (n + 1) * sizeof *v)) == NULL) {
			s = SQLITE_NOMEM;
			break;
		}
		v = nv;
		batch_row(st, &v[n++]);
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		free(v);
		return s == SQLITE_NOMEM ? pcl_error_set(err, PCL_E_NOMEM,
		    "out of memory") : dberr(l, err, "finding pending batches");
	}
	for (i = 0; i < n && rc == PCL_OK; i++) {
		if (published(v[i].outdir, v[i].summary_sha256)) {
			rc = pcl_ledger_commit_batch(l, v[i].id, err);
			c++;
		} else {
			rc = pcl_ledger_drop_batch(l, v[i].id, err);
			r++;
		}
	}
	free(v);
	if (committed != NULL)
		*committed = c;
	if (rolled_back != NULL)
		*rolled_back = r;
	return rc;
}

/* A parcel's date as ISO text, "" when it had none. */
#define DATE_TEXT "coalesce(date(p.date * 86400, 'unixepoch'), '')"

int
pcl_ledger_find(struct pcl_ledger *l, const char *tracking,
    void (*fn)(void *user, const struct pcl_ledger_seen *s), void *user,
    unsigned long long *n, struct pcl_error *err)
{
	sqlite3_stmt *st;
	int s;

	*n = 0;
	if (sqlite3_prepare_v2(l->db, "SELECT b.name, b.run_date, b.state, "
	    "d.name, p.tracking, " DATE_TEXT ", n.name, r.text, p.assessed, "
	    "b.outdir FROM parcel p JOIN batch b ON b.id = p.batch "
	    "JOIN declarant d ON d.id = p.declarant "
	    "JOIN lane n ON n.id = p.lane "
	    "JOIN reasons r ON r.id = p.reasons "
	    "WHERE p.tracking = ?1 ORDER BY b.id, d.name", -1, &st,
	    NULL) != SQLITE_OK)
		return dberr(l, err, "find");
	sqlite3_bind_text(st, 1, tracking, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct pcl_ledger_seen r;
		const char **f[10];
		int k;

		f[0] = &r.batch; f[1] = &r.run_date; f[2] = &r.state;
		f[3] = &r.declarant; f[4] = &r.tracking; f[5] = &r.date;
		f[6] = &r.lane; f[7] = &r.reasons; f[8] = &r.assessed;
		f[9] = &r.outdir;
		for (k = 0; k < 10; k++) {
			const unsigned char *t = sqlite3_column_text(st, k);

			*f[k] = t != NULL ? (const char *)t : "";
		}
		(*n)++;
		if (fn != NULL)
			fn(user, &r);
	}
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? PCL_OK : dberr(l, err, "find");
}

int
pcl_ledger_batches(struct pcl_ledger *l,
    void (*fn)(void *user, const struct pcl_ledger_batch *b), void *user,
    struct pcl_error *err)
{
	sqlite3_stmt *st;
	struct pcl_ledger_batch b;
	int s;

	if (sqlite3_prepare_v2(l->db, "SELECT " BATCH_COLS " FROM batch b "
	    "ORDER BY b.id", -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, "batches");
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		batch_row(st, &b);
		fn(user, &b);
	}
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? PCL_OK : dberr(l, err, "batches");
}

/*
 * The committed batches whose recorded parcel count is not the number
 * of their rows, or -1 on an error: one read of the parcel table (it
 * has no batch index), counting in an array by batch id.
 */
static int64_t
count_mismatch(struct pcl_ledger *l)
{
	sqlite3_stmt *st;
	int64_t max = int_of(l, "SELECT coalesce(max(id), 0) FROM batch"), v;
	int64_t *n, bad = 0;
	int s;

	if (max < 0 || max > 100000000 ||
	    (n = calloc((size_t)max + 1, sizeof *n)) == NULL)
		return -1;
	if (sqlite3_prepare_v2(l->db, "SELECT batch FROM parcel", -1, &st,
	    NULL) != SQLITE_OK) {
		free(n);
		return -1;
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		if ((v = sqlite3_column_int64(st, 0)) >= 0 && v <= max)
			n[v]++;
	sqlite3_finalize(st);
	if (s != SQLITE_DONE ||
	    sqlite3_prepare_v2(l->db, "SELECT id, parcels FROM batch WHERE "
	    "state = 'committed'", -1, &st, NULL) != SQLITE_OK) {
		free(n);
		return -1;
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		if (v >= 0 && v <= max && n[v] != sqlite3_column_int64(st, 1))
			bad++;
	}
	sqlite3_finalize(st);
	free(n);
	return s == SQLITE_DONE ? bad : -1;
}

int
pcl_ledger_check(struct pcl_ledger *l, struct pcl_error *err)
{
	sqlite3_stmt *st;
	const unsigned char *t;
	int s;
	int64_t v;

	if (sqlite3_prepare_v2(l->db, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK)
		return dberr(l, err, "integrity check");
	s = sqlite3_step(st);
	t = s == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	if (t == NULL || strcmp((const char *)t, "ok") != 0) {
		pcl_error_set(err, PCL_E_PARSE, "integrity check: %s",
		    t != NULL ? (const char *)t : sqlite3_errmsg(l->db));
		sqlite3_finalize(st);
		return PCL_E_PARSE;
	}
	sqlite3_finalize(st);
	if ((v = int_of(l, "SELECT count(*) FROM parcel p WHERE NOT EXISTS "
	    "(SELECT 1 FROM batch b WHERE b.id = p.batch)")) != 0)
		return pcl_error_set(err, PCL_E_PARSE, "%lld parcel rows "
		    "without their batch", (long long)v);
	if ((v = int_of(l, "SELECT count(*) FROM parcel p WHERE NOT EXISTS "
	    "(SELECT 1 FROM reasons r WHERE r.id = p.reasons)")) != 0)
		return pcl_error_set(err, PCL_E_PARSE, "%lld parcel rows "
		    "without their reasons", (long long)v);
	if ((v = int_of(l, "SELECT count(*) FROM parcel p WHERE NOT EXISTS "
	    "(SELECT 1 FROM declarant d WHERE d.id = p.declarant) OR "
	    "p.lane NOT BETWEEN 0 AND 4")) != 0)
		return pcl_error_set(err, PCL_E_PARSE, "%lld parcel rows "
		    "without their declarant or lane", (long long)v);
	if ((v = count_mismatch(l)) != 0)
		return v < 0 ? dberr(l, err, "counting parcels") :
		    pcl_error_set(err, PCL_E_PARSE, "%lld batches whose "
		    "parcel count is not their rows'", (long long)v);
	if ((v = int_of(l, "SELECT count(*) FROM batch WHERE state NOT IN "
	    "('pending', 'committed')")) != 0)
		return pcl_error_set(err, PCL_E_PARSE, "%lld batches in an "
		    "unknown state", (long long)v);
	if (l->readonly && (v = int_of(l, "SELECT count(*) FROM batch WHERE "
	    "state = 'pending'")) != 0)
		return pcl_error_set(err, PCL_E_PARSE, "%lld pending batches "
		    "(settled by the next run or a read-write 'ledger check')",
		    (long long)v);
	if (!l->has_secret)
		return pcl_error_set(err, PCL_E_PARSE, "the ledger has no "
		    "secret");
	if (int_of(l, "PRAGMA user_version") != PCL_LEDGER_SCHEMA)
		return pcl_error_set(err, PCL_E_PARSE, "schema version is not "
		    "%d", PCL_LEDGER_SCHEMA);
	return PCL_OK;
}

int
pcl_ledger_prune(struct pcl_ledger *l, const char *date,
    unsigned long long *n, struct pcl_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if ((rc = exec(l, "BEGIN IMMEDIATE", err)) != PCL_OK)
		return rc;
	if (sqlite3_prepare_v2(l->db, "DELETE FROM parcel WHERE batch IN "
	    "(SELECT id FROM batch WHERE run_date < ?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE ||
	    sqlite3_prepare_v2(l->db, "DELETE FROM batch WHERE run_date < ?1",
	    -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto fail;
	*n = (unsigned long long)sqlite3_changes(l->db);
	if (sqlite3_prepare_v2(l->db, "INSERT INTO meta (key, value) VALUES "
	    "('pruned_before', ?1) ON CONFLICT (key) DO UPDATE SET value = "
	    "max(value, excluded.value)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto fail;
	return exec(l, "COMMIT", err);
fail:
	rc = dberr(l, err, "prune");
	(void)sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Removes 'tmp' and the journal files SQLite may have left beside it. */
static void
unlink_db(const char *tmp)
{
	static const char *const sfx[] = { "", "-journal", "-wal", "-shm" };
	size_t n = strlen(tmp) + 16, i;
	char *p;

	if ((p = malloc(n)) == NULL) {
		(void)unlink(tmp);
		return;
	}
	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(p, n, "%s%s", tmp, sfx[i]);
		(void)unlink(p);
	}
	free(p);
}

int
pcl_ledger_backup(struct pcl_ledger *l, const char *path,
    struct pcl_error *err)
{
	const char *self = sqlite3_db_filename(l->db, "main"), *slash;
	struct stat sd, sl;
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	char *tmp = NULL, *dir = NULL;
	size_t n = strlen(path) + 32;
	int rc, fd;

	if (stat(path, &sd) == 0) {
		if (self != NULL && stat(self, &sl) == 0 &&
		    sd.st_dev == sl.st_dev && sd.st_ino == sl.st_ino)
			return pcl_error_set(err, PCL_E_USAGE, "backup '%s' is "
			    "the ledger itself", path);
		return pcl_error_set(err, PCL_E_IO, "backup '%s' exists: not "
		    "overwritten", path);
	}
	/* a temporary file beside 'path', renamed to it when whole */
	if ((tmp = malloc(n)) == NULL || (dir = strdup(path)) == NULL) {
		free(tmp);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, strlen(path) + 1, ".");
	else
		dir[slash == dir ? 1 : slash - dir] = '\0';
	if (stat(dir, &sd) != 0) {
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot create backup "
		    "'%s': %s", path, strerror(errno));
		goto out;
	}
	unlink_db(tmp);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE, NULL) != SQLITE_OK) {
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot create backup "
		    "'%s': %s", path, dst != NULL ? sqlite3_errmsg(dst) :
		    "no memory");
		goto fail;
	}
	if ((b = sqlite3_backup_init(dst, "main", l->db, "main")) == NULL) {
		rc = pcl_error_set(err, PCL_E_WRITE, "backup to '%s': %s", path,
		    sqlite3_errmsg(dst));
		goto fail;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		rc = pcl_error_set(err, PCL_E_WRITE, "backup to '%s': %s", path,
		    sqlite3_errstr(rc));
		goto fail;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		rc = pcl_error_set(err, PCL_E_WRITE, "closing backup '%s'",
		    path);
		goto fail;
	}
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot open '%s': %s",
		    tmp, strerror(errno));
		goto fail;
	}
	if (fsync(fd) != 0) {
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot fsync '%s': %s",
		    tmp, strerror(errno));
		(void)close(fd);
		goto fail;
	}
	(void)close(fd);
	/*
	 * link(): no replacing a 'path' made meanwhile; rename() where the
	 * file system has no hard links
	 */
	if (link(tmp, path) != 0 && (errno == EEXIST || (errno != EPERM &&
	    errno != ENOTSUP && errno != EOPNOTSUPP) ||
	    rename(tmp, path) != 0)) {
		rc = pcl_error_set(err, errno == EEXIST ? PCL_E_IO :
		    PCL_E_WRITE, "cannot create backup '%s': %s", path,
		    strerror(errno));
		goto fail;
	}
	unlink_db(tmp);
	if ((fd = open(dir, O_RDONLY | O_CLOEXEC)) >= 0) {
		rc = fsync(fd) == 0 ? PCL_OK : pcl_error_set(err, PCL_E_WRITE,
		    "cannot fsync '%s': %s", dir, strerror(errno));
		(void)close(fd);
	} else {
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot open '%s': %s",
		    dir, strerror(errno));
	}
	goto out;
fail:
	(void)sqlite3_close(dst);
	unlink_db(tmp);
out:
	free(tmp);
	free(dir);
	return rc;
}

int
pcl_ledger_show(struct pcl_ledger *l, const char *name,
    void (*fn)(void *user, const char *key, const char *value), void *user,
    struct pcl_error *err)
{
	static const char *const keys[] = { "name", "state", "run_date",
	    "as_of", "created", "outdir", "identity", "summary_sha256",
	    "inputs", "options" };
	sqlite3_stmt *st;
	int64_t id;
	char key[32], num[32];
	int s, k;

	if (sqlite3_prepare_v2(l->db, "SELECT name, state, run_date, "
	    "coalesce(as_of, ''), created, outdir, ident, summary_sha256, "
	    "inputs, options, id FROM batch WHERE name = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return dberr(l, err, "show");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((s = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return s == SQLITE_DONE ? PCL_E_NOTFOUND : dberr(l, err, "show");
	}
	for (k = 0; k < 10; k++) {
		const unsigned char *t = sqlite3_column_text(st, k);

		fn(user, keys[k], t != NULL ? (const char *)t : "");
	}
	id = sqlite3_column_int64(st, 10);
	sqlite3_finalize(st);
	/* the counts the batch recorded with its parcels, lanes by name */
	if (sqlite3_prepare_v2(l->db, "SELECT 'parcels', parcels FROM batch "
	    "WHERE id = ?1 UNION ALL SELECT * FROM (SELECT 'lane ' || n.name, "
	    "CASE n.id WHEN 0 THEN b.n_release WHEN 1 THEN b.n_declare "
	    "WHEN 2 THEN b.n_hold WHEN 3 THEN b.n_reject "
	    "ELSE b.n_duplicate END AS k FROM lane n, batch b "
	    "WHERE b.id = ?1 AND k > 0 ORDER BY n.name)",
	    -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, "show");
	sqlite3_bind_int64(st, 1, id);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		text_col(st, 0, key, sizeof key);
		snprintf(num, sizeof num, "%lld",
		    (long long)sqlite3_column_int64(st, 1));
		fn(user, key, num);
	}
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? PCL_OK : dberr(l, err, "show");
}

const char *const pcl_ledger_export_columns[PCL_LEDGER_EXPORT_NCOLS] = {
	"batch", "run_date", "state", "declarant", "tracking_number", "date",
	"lane", "reasons", "assessed", "destination"
};

int
pcl_ledger_export(struct pcl_ledger *l,
    int (*fn)(void *user, const char *const *f, const size_t *len),
    void *user, struct pcl_error *err)
{
	sqlite3_stmt *st;
	int s = SQLITE_DONE, rc = PCL_OK;

	if (sqlite3_prepare_v2(l->db, "SELECT b.name, b.run_date, b.state, "
	    "d.name, p.tracking, " DATE_TEXT ", n.name, r.text, p.assessed, "
	    "p.dest FROM parcel p JOIN batch b ON b.id = p.batch "
	    "JOIN declarant d ON d.id = p.declarant "
	    "JOIN lane n ON n.id = p.lane "
	    "JOIN reasons r ON r.id = p.reasons "
	    "ORDER BY b.id, p.tracking, d.name", -1, &st, NULL) != SQLITE_OK)
		return dberr(l, err, "export");
	while (rc == PCL_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
		const char *f[PCL_LEDGER_EXPORT_NCOLS];
		size_t len[PCL_LEDGER_EXPORT_NCOLS];
		int k;

		for (k = 0; k < PCL_LEDGER_EXPORT_NCOLS; k++) {
			const unsigned char *t = sqlite3_column_text(st, k);

			f[k] = t != NULL ? (const char *)t : "";
			len[k] = (size_t)sqlite3_column_bytes(st, k);
		}
		rc = fn(user, f, len);
	}
	sqlite3_finalize(st);
	if (rc != PCL_OK)
		return pcl_error_set(err, rc, "export: write error");
	return s == SQLITE_DONE ? PCL_OK : dberr(l, err, "export");
}
