/*
 * pass1: the first pass over the inputs, records to checked, screened
 * items. Owns reading an input (open with the job's reading options,
 * bind its header, key each record to its parcel) and the two-stage
 * pipeline over pipe.h: a worker stage binds, fingerprints, checks and
 * screens batches of records, and the calling thread folds them in
 * input order into the duplicate classification (duplicate.h) and the
 * parcel index (fold.h). Pass 2 (pass2.h) re-reads the inputs with the
 * binding, keys and reasons this module gives.
 *
 * Shapes: one struct pcl_input per input, set up by the caller (path,
 * map, spool) and filled here (binding, counts, digest); a struct
 * pcl_pass_read with the reading options and the progress both passes
 * advance. Errors: PCL_E_IO, PCL_E_GZIP, PCL_E_SCHEMA (header refused:
 * 'err' names file and line 1), PCL_E_INTERRUPTED, PCL_E_NOMEM; a bad
 * record is a finding (its reasons go into its parcel), not an error.
 */
#ifndef PCL_PASS1_H
#define PCL_PASS1_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "error.h"
#include "job.h"
#include "manifest.h"
#include "map.h"
#include "reason.h"

struct pcl_aeo;
struct pcl_hitlog;
struct pcl_screen_fire;
struct pcl_duplicates;
struct pcl_fx;
struct pcl_parcels;
struct pcl_perkg;
struct pcl_rules;
struct pcl_screen;

/*
 * One input of the batch. The caller sets 'path' (borrowed), 'map'
 * (borrowed, or owned when 'own_map'), 'spool' and 'spool_fd' (owned
 * by the caller) and releases them; pass 1 fills the rest
 * (pcl_pass1_input_release frees what it allocated).
 */
struct pcl_input {
	const char		*path;		/* as given */
	char			*spool;		/* temporary copy of stdin */
	int			 spool_fd;	/* its open descriptor */
	struct pcl_binding	*b;
	struct pcl_map		*map;		/* the job's, or own if 'own_map' */
	int			 own_map;
	size_t			*umap;		/* unknown i -> union position */
	const char		**fp_f;		/* fingerprint scratch */
	size_t			*fp_l;
	unsigned long long	 records, blank, bytes, dups;
	/* Physical lines read, and those malformed records swallowed */
	unsigned long long	 lines, swallowed;
	char			 sha256[65];
	int			 gzip;
	char			 delim;		/* delimiter used */
	int			 detected;	/* ... detected from the header */
	struct pcl_check_opts	 copts;		/* the job's, with its decimal */
};

/* Frees what pass 1 allocated in 'in' (not path, map or spool). */
void pcl_pass1_input_release(struct pcl_input *in);

/*
 * How both passes read the inputs, and the progress they report
 * (job.h, struct pcl_progress). The options and callbacks are borrowed;
 * 'prog_*' are advanced by the passes: 'prog_total' is set by the
 * caller, 'prog_base' counts bytes of inputs finished, 'prog_records'
 * records read in the current pass.
 */
struct pcl_pass_read {
	char			 delimiter;	/* 0: the map's, else ',' */
	const char		*encoding;	/* NULL: UTF-8 */
	int			 decimal_comma;
	int			 threads;	/* 1: one thread */
	enum pcl_profile	 profile;
	struct pcl_check_opts	 copts;		/* each input adds its decimal */
	volatile sig_atomic_t	*stop;		/* may be NULL */
	void			(*on_progress)(void *user,
				    const struct pcl_progress *p);
	void			*user;
	unsigned long long	 prog_base, prog_total, prog_records;
};

/*
 * The helpers below run on every record of both passes, so they are
 * inline here: a pass costs no call per record for them.
 */

/*
 * Counts one record of pass 'pass' read up to 'file_bytes' of the
 * current input, and calls on_progress every PCL_JOB_PROGRESS_RECORDS
 * records, or always when 'force'.
 */
static inline void
pcl_pass_progress(struct pcl_pass_read *rd, int pass,
    unsigned long long file_bytes, int force)
{
	struct pcl_progress p;

	rd->prog_records++;
	if (rd->on_progress == NULL ||
	    (!force && rd->prog_records % PCL_JOB_PROGRESS_RECORDS != 0))
		return;
	p.pass = pass;
	p.records = rd->prog_records;
	p.bytes_done = rd->prog_base + file_bytes;
	p.bytes_total = rd->prog_total;
	if (p.bytes_done > p.bytes_total)
		p.bytes_done = p.bytes_total;
	rd->on_progress(rd->user, &p);
}

/*
 * PCL_E_INTERRUPTED ('err' set) once *rd->stop is set, else PCL_OK.
 * Looked at on every call: a volatile read, and a short run or one of
 * very wide records must stop as promptly as a long one.
 */
static inline int pcl_pass_poll_stop(const struct pcl_pass_read *rd,
    struct pcl_error *err) PCL_NODISCARD;
static inline int
pcl_pass_poll_stop(const struct pcl_pass_read *rd, struct pcl_error *err)
{
	if (rd->stop == NULL || !*rd->stop)
		return PCL_OK;
	return pcl_error_set(err, PCL_E_INTERRUPTED, "interrupted by a signal");
}

/*
 * Opens input 'in' as '*m' (owned by the caller: pcl_manifest_close);
 * with 'digest' the reader hashes the bytes it reads. Sets in->copts.
 * Errors as pcl_manifest_open, 'err' naming in->path.
 */
int pcl_pass_open(const struct pcl_pass_read *rd, struct pcl_input *in,
    struct pcl_manifest **m, int digest, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Writes the parcel key of record 'record' of input number 'input' that
 * cannot be grouped into 'buf' and returns its length.
 */
size_t pcl_pass_solo_key(char *buf, size_t size, size_t input,
    unsigned long record);

/*
 * The parcel key of record 'rec' of input number 'ii': its tracking
 * number, or for a record that cannot be read as CSV ('row' NULL) the
 * raw tracking-number field when there is one (so a malformed item
 * rejects its whole parcel instead of splitting it), else a key of its
 * own written into 'buf' (64 bytes will do). '*key' borrows the
 * record, the row or 'buf'.
 */
static inline void
pcl_pass_record_key(const struct pcl_input *in, size_t ii,
    const struct pcl_record *rec, const struct pcl_row *row, char *buf,
    size_t size, const char **key, size_t *len)
{
	int src = pcl_binding_source(in->b, PCL_COL_TRACKING_NUMBER);

	if (row != NULL && row->len[PCL_COL_TRACKING_NUMBER] > 0) {
		*key = row->v[PCL_COL_TRACKING_NUMBER];
		*len = row->len[PCL_COL_TRACKING_NUMBER];
	} else if (row == NULL && src >= 0 && (size_t)src < rec->nfields &&
	    rec->lens[src] > 0) {
		*key = rec->fields[src];
		*len = rec->lens[src];
	} else {
		*key = buf;
		*len = pcl_pass_solo_key(buf, size, ii, rec->record);
	}
}

/* What screening reads (borrowed); 'screen' may be NULL. */
struct pcl_pass_screen {
	struct pcl_screen	*screen;
	const struct pcl_rules	*rules;
	const struct pcl_fx	*fx;
};

/*
 * The reasons pass 1 gives record 'rec' of 'in' on its own, into 'rs'
 * (cleared first): its CSV fault for a malformed record, else its
 * checks and, for a goods record, the screening lists. 'row' is its
 * bound row (unused for a malformed record). Returns PCL_OK or
 * PCL_E_NOMEM.
 */
int pcl_pass1_own_reasons(const struct pcl_pass_screen *sc,
    const struct pcl_input *in, const struct pcl_record *rec,
    const struct pcl_row *row, struct pcl_reasons *rs) PCL_NODISCARD;

/*
 * Screens goods record 'row' of 'in' again and writes what fired
 * (pcl_screen_hits: "CATEGORY:ID@COLUMN=TEXT;...") into '*buf' of '*cap'
 * bytes, grown as needed (realloc; the caller frees it), its length in
 * '*len' (0: nothing fired, or the record is not goods or not
 * screened). 'rs' is scratch. Returns PCL_OK or PCL_E_NOMEM.
 */
int pcl_pass1_screen_hits(const struct pcl_pass_screen *sc,
    const struct pcl_input *in, const struct pcl_row *row,
    struct pcl_reasons *rs, char **buf, size_t *cap, size_t *len)
    PCL_NODISCARD;

/*
 * Writes the screen_hits text of the 'n' items 'f' screening fired on
 * goods record 'row' in pass 1 (pcl_screen_hits_of) into '*buf' of
 * '*cap' bytes (grown as needed), its length in '*len'. Returns PCL_OK
 * or PCL_E_NOMEM.
 */
int pcl_pass1_format_hits(const struct pcl_pass_screen *sc,
    const struct pcl_row *row, const struct pcl_screen_fire *f, size_t n,
    char **buf, size_t *cap, size_t *len) PCL_NODISCARD;

/* What pass 1 reads (borrowed; 'aeo' may be NULL). */
struct pcl_pass1_in {
	struct pcl_pass_read	*read;		/* progress advanced */
	struct pcl_pass_screen	 screen;
	const struct pcl_aeo	*aeo;
	const struct pcl_perkg	*perkg;
};

/*
 * What pass 1 hands forward. 'parcels' and 'dups' are the caller's
 * (created empty) and filled here. 'unames' is the union of the inputs'
 * unknown column names in first-seen order, owned by the struct
 * (pcl_pass1_release). 'records_in' and 'blank_lines' are summed over
 * the inputs.
 */
struct pcl_pass1_out {
	struct pcl_parcels	*parcels;
	struct pcl_duplicates	*dups;
	/*
	 * The caller's, created empty, or NULL: what screening fired on
	 * each record folded into a parcel, by ordinal (the record's
	 * position among all records of all inputs), for pass 2's
	 * screen_hits column (hitlog.h).
	 */
	struct pcl_hitlog	*hits;
	char			**unames;
	size_t			 nunames;
	unsigned long long	 records_in;
	unsigned long long	 blank_lines;
	/*
	 * Set 'want_content' to 1 before the pass for the content
	 * fingerprint of each parcel (the ledger's identical re-send):
	 * 'content[idx]' is the sum, modulo 2^64, of a 64-bit mix of the
	 * exact-duplicate fingerprint (dedup.h) of each record folded into
	 * parcel 'idx' (a malformed record adds a fixed value), so it does
	 * not depend on the records' order. Owned by the struct.
	 */
	int			 want_content;
	uint64_t		*content;
	uint32_t		 ncontent;	/* slots allocated */
	/*
	 * Set 'want_mass' to 1 before the pass for each parcel's gross mass
	 * (the exports' consignment total): 'mass[idx]' is the exact sum of
	 * the gross_mass_kg of the goods items folded into parcel 'idx', in
	 * micro-kg (64-bit, as money: pcl_money_add64), or PCL_PASS1_MASS_NONE
	 * when a goods item has none or the sum does not fit. Slots past
	 * 'nmass' are parcels without goods items (0). Owned by the struct;
	 * 8 bytes a parcel, only when asked for.
	 */
	int			 want_mass;
	int64_t			*mass;
	uint32_t		 nmass;		/* slots allocated */
};

/* A parcel gross mass that is not known (pcl_pass1_out 'mass'). */
#define PCL_PASS1_MASS_NONE INT64_MIN

/* Frees the names 'out' holds (not parcels or dups). */
void pcl_pass1_release(struct pcl_pass1_out *out);

/*
 * Reads every record of the 'n' inputs in order: binds each header,
 * checks and screens each record and folds it into out->dups and
 * out->parcels; fills each input's counts, digest and size. Returns
 * PCL_OK, or the first error ('err' names the file).
 */
int pcl_pass1_run(const struct pcl_pass1_in *p, struct pcl_input *inputs,
    size_t n, struct pcl_pass1_out *out, struct pcl_error *err)
    PCL_NODISCARD;

#endif
