/*
 * ledger: the clearance ledger, one SQLite 3 database that remembers
 * every batch run with it and each parcel of it, so that a later batch
 * can tell a tracking number already cleared (docs/ledger.md).
 *
 * Owns the database file (WAL mode: its "-wal" and "-shm" files sit
 * beside it), its schema and migrations (PRAGMA user_version), the run
 * lock (a file "FILE-lock" beside it, held by one writer at a time),
 * the secret made when the ledger is created (32 bytes of RAND_bytes,
 * table meta) and the keyed hashes of consignee identities
 * (HMAC-SHA-256 under that secret: names and addresses are never
 * stored), and the batch protocol that keeps outputs and ledger in
 * step: a batch's rows are written in one transaction marked pending,
 * the outputs are published, then the batch is marked committed; a
 * pending batch found by a later writer is committed when its output
 * directory holds the summary.json it recorded (same SHA-256), else
 * deleted.
 *
 * Read-only handles (check, replays, 'ledger find') open the database
 * with SQLite's URI "file:PATH?mode=ro" and never change it; where the
 * "-shm" file cannot be made (a directory the reader cannot write) and
 * no "-wal" file exists, with "?mode=ro&immutable=1".
 *
 * Dates are ISO texts "YYYY-MM-DD" at this interface, day numbers (days
 * since 1970-01-01) in the database. Errors: PCL_E_IO
 * (cannot open, not a ledger, SQLite error: 'err' says which),
 * PCL_E_WRITE (the run lock cannot be made, a write refused), PCL_E_LOCKED
 * (another run holds the ledger past the timeout), PCL_E_PARSE (a
 * schema newer than this program), PCL_E_NOMEM.
 */
#ifndef PCL_LEDGER_H
#define PCL_LEDGER_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Schema version this program writes (PRAGMA user_version). */
#define PCL_LEDGER_SCHEMA	3
/* PRAGMA application_id of a ledger: "PCLL" */
#define PCL_LEDGER_APPLICATION_ID	0x50434C4C
/* Default look-back of the re-send check, days (--ledger-window). */
#define PCL_LEDGER_WINDOW_DEFAULT	365
/* Default wait for a busy ledger, seconds (--ledger-timeout). */
#define PCL_LEDGER_TIMEOUT_DEFAULT	60
/* pcl_job_opts.ledger_timeout of --ledger-timeout 0: do not wait. */
#define PCL_LEDGER_NO_WAIT	UINT_MAX
/* The declarant of a batch without --declarant. */
#define PCL_LEDGER_DEFAULT_DECLARANT	"default"

struct pcl_ledger;

/*
 * Opens the ledger at 'path'. A database of another application (another
 * PRAGMA application_id, or tables without a ledger's) is refused:
 * PCL_E_IO "not a ledger". Read-write ('readonly' 0): creates it
 * (with its secret and application id) when missing, migrates an older
 * schema, takes the run lock, waiting up to 'timeout_s' seconds for another run to let
 * go (PCL_E_LOCKED after that), and settles pending batches
 * (pcl_ledger_recover). Read-only: the file must exist and its schema
 * be current. '*out' is owned by the caller: pcl_ledger_close.
 */
int pcl_ledger_open(struct pcl_ledger **out, const char *path, int readonly,
    unsigned timeout_s, struct pcl_error *err) PCL_NODISCARD;

/*
 * pcl_ledger_open through SQLite VFS 'vfs' (NULL: the default); tests
 * pass a fault-injecting shim (ledgerfault.h).
 */
int pcl_ledger_open_vfs(struct pcl_ledger **out, const char *path,
    int readonly, unsigned timeout_s, const char *vfs, struct pcl_error *err)
    PCL_NODISCARD;

/* Closes 'l' and lets go of its lock. NULL is a no-op. Returns PCL_OK
 * or PCL_E_IO. */
int pcl_ledger_close(struct pcl_ledger *l);

/* The sqlite3 handle (borrowed; for the ledger's own tests and tools). */
void *pcl_ledger_db(struct pcl_ledger *l);

/*
 * Settles every pending batch (see above). 'committed' and 'rolled_back'
 * (may be NULL) get the counts. Read-write handles only.
 */
int pcl_ledger_recover(struct pcl_ledger *l, unsigned *committed,
    unsigned *rolled_back, struct pcl_error *err) PCL_NODISCARD;

/*
 * Keyed hash of consignee identity 'identity' (identity.h's 64-bit key):
 * the first 63 bits of HMAC-SHA-256(secret, the key's 8 bytes, little
 * endian), as stored in parcel.consignee. 0 for identity 0.
 */
int64_t pcl_ledger_consignee_key(const struct pcl_ledger *l,
    uint64_t identity);

/* A committed batch as the ledger knows it (fields owned by the struct). */
struct pcl_ledger_batch {
	int64_t	id;
	char	name[32];	/* "2026-12-07.1": run date, then its ordinal */
	char	ident[65];	/* SHA-256 of inputs, options and as-of */
	char	run_date[11];
	char	as_of[11];	/* "" when none */
	char	outdir[4096];
	char	summary_sha256[65];
	char	state[12];	/* "pending" or "committed" */
	char	created[21];	/* UTC, "2026-12-07T23:59:59Z" */
	unsigned long long parcels;
};

/*
 * Finds the committed batch with identity 'ident'. Returns PCL_OK
 * ('*b' filled), PCL_E_NOTFOUND or PCL_E_IO.
 */
int pcl_ledger_batch_by_ident(struct pcl_ledger *l, const char *ident,
    struct pcl_ledger_batch *b, struct pcl_error *err) PCL_NODISCARD;

/*
 * Finds the committed batch whose summary.json has SHA-256 'sha256'
 * (run or seeded). Returns PCL_OK, PCL_E_NOTFOUND or PCL_E_IO.
 */
int pcl_ledger_batch_by_summary(struct pcl_ledger *l, const char *sha256,
    struct pcl_ledger_batch *b, struct pcl_error *err) PCL_NODISCARD;

/* Finds batch 'name' (any state). PCL_OK, PCL_E_NOTFOUND or PCL_E_IO. */
int pcl_ledger_batch_by_name(struct pcl_ledger *l, const char *name,
    struct pcl_ledger_batch *b, struct pcl_error *err) PCL_NODISCARD;

/*
 * Limits every lookup to committed batches with an id below 'before'
 * (the ledger as it stood before that batch); 0: every committed batch.
 */
void pcl_ledger_set_before(struct pcl_ledger *l, int64_t before);

/* An earlier clearance of a tracking number. */
struct pcl_ledger_hit {
	char	 batch[32];	/* its batch's name */
	char	 lane[12];	/* release, declare or hold */
	uint64_t content;	/* its content fingerprint */
};

/*
 * The most recent clearance (lane release, declare or hold) of tracking
 * number 'tracking' ('len' bytes) for 'declarant' in a committed batch
 * (see pcl_ledger_set_before) whose parcel date is on or after
 * 'since' (ISO date). Returns PCL_OK ('*hit' filled), PCL_E_NOTFOUND or
 * PCL_E_IO.
 */
int pcl_ledger_lookup(struct pcl_ledger *l, const char *declarant,
    const char *tracking, size_t len, const char *since,
    struct pcl_ledger_hit *hit, struct pcl_error *err) PCL_NODISCARD;

/*
 * Opens a read transaction for a run of lookups (each statement would
 * otherwise take and release its own: most of a lookup's cost), and
 * ends it (a commit: not while a batch is being recorded).
 */
int pcl_ledger_read_begin(struct pcl_ledger *l, struct pcl_error *err)
    PCL_NODISCARD;
void pcl_ledger_read_end(struct pcl_ledger *l);

/*
 * The parcels of earlier committed batches (see pcl_ledger_set_before)
 * that count in the day aggregates of consignee key 'consignee' dated
 * 'from' to 'to' (ISO, both included) for 'dest', gifts or not
 * ('gift'), in 'currency', and with 'released' 1 only those in lane
 * release: their number in '*count' and the sum of their values in
 * '*minor'.
 */
int pcl_ledger_day_sum(struct pcl_ledger *l, int64_t consignee,
    const char *from, const char *to, const char *dest, int gift,
    const char *currency, int released, int64_t *minor, uint32_t *count,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * The cross-day split flag (CROSS_DAY_SPLIT, docs/ledger.md): days
 * before a parcel's date whose released parcels of the same consignee
 * count, and the flag's weight is in risk.c.
 */
#define PCL_LEDGER_SPLIT_DAYS	7

/* What a new batch records about itself (borrowed texts). */
struct pcl_ledger_batch_in {
	const char	*ident;
	const char	*run_date;	/* ISO */
	const char	*as_of;		/* ISO or NULL */
	const char	*inputs;	/* JSON array of {path, sha256} */
	const char	*options;	/* JSON object */
	const char	*outdir;	/* absolute */
	const char	*summary;	/* summary.json text */
	const char	*summary_sha256;
};

/* One parcel row of a batch (borrowed texts). */
struct pcl_ledger_parcel {
	const char	*declarant;
	const char	*tracking;
	size_t		 tracking_len;
	const char	*date;		/* ISO, or "" */
	const char	*lane;		/* release ... hold, reject, duplicate */
	const char	*reasons;
	const char	*assessed;	/* "12.50 EUR" or "" */
	const char	*dest;
	uint64_t	 content;
	int64_t		 consignee;	/* keyed hash, 0: none */
	/*
	 * 1 when the parcel counts in its consignee's day aggregate
	 * (decisions.h): compared with a threshold, not rejected, held
	 * only for the aggregate, not a re-send; then its compared value
	 * 'value_minor' in minor units of 'value_currency', and 'gift'.
	 */
	int		 counted, gift;
	int64_t		 value_minor;
	const char	*value_currency;
};

/*
 * Starts recording a batch: begins a write transaction and inserts the
 * batch as pending with a new name ('name', 32 bytes) and id ('*id').
 * Then pcl_ledger_add_parcel for each parcel and pcl_ledger_end_batch.
 */
int pcl_ledger_begin_batch(struct pcl_ledger *l,
    const struct pcl_ledger_batch_in *b, int64_t *id, char name[32],
    struct pcl_error *err) PCL_NODISCARD;

int pcl_ledger_add_parcel(struct pcl_ledger *l, int64_t id,
    const struct pcl_ledger_parcel *p, struct pcl_error *err) PCL_NODISCARD;

/* Stores summary.json's text and SHA-256 in batch 'id' (in the
 * transaction of pcl_ledger_begin_batch). */
int pcl_ledger_set_summary(struct pcl_ledger *l, int64_t id,
    const char *summary, size_t len, const char *sha256,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * The date before which 'ledger prune' removed batches (ISO, into 'buf'
 * of 11 bytes), "" when never pruned.
 */
int pcl_ledger_pruned_before(struct pcl_ledger *l, char buf[11],
    struct pcl_error *err) PCL_NODISCARD;

/* Commits the transaction: the batch is durable, as pending. */
int pcl_ledger_end_batch(struct pcl_ledger *l, struct pcl_error *err)
    PCL_NODISCARD;

/* Rolls the transaction of pcl_ledger_begin_batch back, if open. */
void pcl_ledger_rollback(struct pcl_ledger *l);

/* Marks pending batch 'id' committed (its outputs are published). */
int pcl_ledger_commit_batch(struct pcl_ledger *l, int64_t id,
    struct pcl_error *err) PCL_NODISCARD;

/* Deletes batch 'id' with its parcels (its outputs were not published). */
int pcl_ledger_drop_batch(struct pcl_ledger *l, int64_t id,
    struct pcl_error *err) PCL_NODISCARD;

/* A parcel row as 'ledger find' shows it (borrowed, for the callback). */
struct pcl_ledger_seen {
	const char	*batch, *run_date, *state, *declarant, *tracking;
	const char	*date, *lane, *reasons, *assessed, *outdir;
};

/*
 * Calls 'fn' for each batch that saw tracking number 'tracking' (any
 * declarant), oldest first. '*n' gets the count. Returns PCL_OK or
 * PCL_E_IO.
 */
int pcl_ledger_find(struct pcl_ledger *l, const char *tracking,
    void (*fn)(void *user, const struct pcl_ledger_seen *s), void *user,
    unsigned long long *n, struct pcl_error *err) PCL_NODISCARD;

/* Calls 'fn' for each batch, oldest first. */
int pcl_ledger_batches(struct pcl_ledger *l,
    void (*fn)(void *user, const struct pcl_ledger_batch *b), void *user,
    struct pcl_error *err) PCL_NODISCARD;

/*
 * Runs SQLite's integrity check and the ledger's own checks (every
 * parcel's batch exists, no pending batch is left on a read-only
 * handle's view, names are unique). Returns PCL_OK, or PCL_E_PARSE with
 * the first problem in 'err'.
 */
int pcl_ledger_check(struct pcl_ledger *l, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Deletes the batches whose run date is before 'date' (ISO), with their
 * parcels, and records the prune date (meta pruned_before). '*n' gets
 * the batches deleted.
 */
int pcl_ledger_prune(struct pcl_ledger *l, const char *date,
    unsigned long long *n, struct pcl_error *err) PCL_NODISCARD;

/*
 * Calls 'fn' with the key and value of each fact about batch 'name'
 * ("name", "state", "run_date", "as_of", "created", "outdir",
 * "identity", "summary_sha256", "inputs", "options", then "parcels" and
 * one "lane LANE" count per lane): text borrowed for the call. Returns
 * PCL_OK, PCL_E_NOTFOUND or PCL_E_IO.
 */
int pcl_ledger_show(struct pcl_ledger *l, const char *name,
    void (*fn)(void *user, const char *key, const char *value), void *user,
    struct pcl_error *err) PCL_NODISCARD;

/* Columns of pcl_ledger_export's rows. */
#define PCL_LEDGER_EXPORT_NCOLS 10
extern const char *const pcl_ledger_export_columns[PCL_LEDGER_EXPORT_NCOLS];

/*
 * Calls 'fn' with each parcel row of every batch, oldest batch first,
 * as PCL_LEDGER_EXPORT_NCOLS texts (borrowed for the call).
 */
int pcl_ledger_export(struct pcl_ledger *l,
    int (*fn)(void *user, const char *const *f, const size_t *len),
    void *user, struct pcl_error *err) PCL_NODISCARD;

/*
 * Copies the ledger to 'path' with SQLite's backup API, through a
 * temporary file beside it ('path'.tmp.<pid>), fsync'd, then linked or
 * renamed to 'path'; a failure leaves no 'path' and no temporary file.
 * Errors: PCL_E_USAGE ('path' is the ledger itself, same device and
 * inode), PCL_E_IO ('path' exists: never overwritten), PCL_E_WRITE
 * (its directory missing or not writable, disk full), PCL_E_NOMEM.
 */
int pcl_ledger_backup(struct pcl_ledger *l, const char *path,
    struct pcl_error *err) PCL_NODISCARD;

#endif
