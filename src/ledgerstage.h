/*
 * ledgerstage: the batch's stage that consults and feeds the clearance
 * ledger (ledger.h), when the run has one (--ledger). It runs in four
 * steps around the others, and nothing else of the batch reads the
 * ledger:
 *
 * 1. pcl_ledgerstage_open (after the output directory's lock): opens
 *    the ledger (read-write for run, taking its run lock and settling
 *    pending batches; read-only for check and replays).
 * 2. pcl_ledgerstage_match (after pass 1): the batch's identity (the
 *    SHA-256 of its inputs' SHA-256s, the options that decide, and
 *    as-of). When a committed batch has the same identity, the run is
 *    that batch again: it is judged against the ledger as it stood
 *    before that batch and records nothing. Then each parcel's key
 *    (declarant + tracking number) is looked up: a number cleared
 *    (release, declare, hold) by an earlier committed batch, on a parcel
 *    date no more than the window before this parcel's, gets
 *    RESENT_IDENTICAL when its content fingerprint (pass1.h) is the
 *    earlier one's, else RESENT_CHANGED (hold).
 * 3. pcl_ledgerstage_settle (after the decisions): each re-sent
 *    parcel's verdict names the earlier batch and lane; an identical
 *    re-send's parcel goes whole to duplicates.csv.gz (lane
 *    "duplicate") and leaves the lane counts.
 * 4. pcl_ledgerstage_record (before summary.json is rendered: the
 *    batch's name goes into it), pcl_ledgerstage_pending (with the
 *    summary text: the batch's rows become durable, marked pending),
 *    then the outputs are published, then pcl_ledgerstage_finish marks
 *    the batch committed, or deletes it when publishing failed.
 *
 * Memory: 8 bytes per re-sent parcel, and a name per distinct earlier
 * batch and lane they name. Errors: those of ledger.h, PCL_E_NOMEM.
 */
#ifndef PCL_LEDGERSTAGE_H
#define PCL_LEDGERSTAGE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct pcl_job_opts;
struct pcl_input;
struct pcl_pass1_out;
struct pcl_parcels;
struct pcl_verdicts;
struct pcl_decision_counts;
struct pcl_decisions_in;
struct pcl_rules;
struct pcl_fx;
struct pcl_summary_ledger;

struct pcl_ledgerstage;

/*
 * Step 1. 'o' is borrowed for the stage's life; 'run_date' the batch's
 * day number. Without o->ledger_path, '*out' is NULL and every other
 * call is a no-op. '*out' is owned by the caller: pcl_ledgerstage_close.
 */
int pcl_ledgerstage_open(struct pcl_ledgerstage **out,
    const struct pcl_job_opts *o, int32_t run_date, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Closes the ledger; a batch recorded but not finished is deleted.
 * NULL is a no-op.
 */
void pcl_ledgerstage_close(struct pcl_ledgerstage *ls);

/*
 * Step 2, over the 'n' inputs of pass 1 and its result 'p1' (parcel
 * reasons are added to p1->parcels). 'no_consignee' is the identity of
 * an empty consignee. '*run_date' is set to the recorded one when the
 * run is a committed batch again with an as-of date (the only use of
 * the run date then is summary.json's).
 */
int pcl_ledgerstage_match(struct pcl_ledgerstage *ls,
    const struct pcl_input *in, size_t n, struct pcl_pass1_out *p1,
    const struct pcl_rules *rules, const struct pcl_fx *fx,
    uint64_t no_consignee, int32_t *run_date, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Between steps 2 and 3: lets the decisions count each consignee-day
 * aggregate's parcels of earlier batches of the same day (sets
 * din->earlier and din->user; nothing without a ledger).
 */
void pcl_ledgerstage_aggregate(struct pcl_ledgerstage *ls,
    struct pcl_decisions_in *din);

/* Step 3. */
int pcl_ledgerstage_settle(struct pcl_ledgerstage *ls,
    struct pcl_parcels *parcels, struct pcl_verdicts *vs,
    struct pcl_decision_counts *counts, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Step 4: records every parcel of 'parcels' in a new pending batch for
 * output directory 'outdir' (made absolute), in an open transaction.
 * A no-op for check mode and for a batch run again.
 */
int pcl_ledgerstage_record(struct pcl_ledgerstage *ls,
    struct pcl_parcels *parcels, struct pcl_verdicts *vs,
    const struct pcl_pass1_out *p1, const char *outdir,
    struct pcl_error *err) PCL_NODISCARD;

/* The "ledger" object of summary.json (borrowed), NULL without one. */
const struct pcl_summary_ledger *pcl_ledgerstage_summary(
    struct pcl_ledgerstage *ls);

/* Step 4: stores summary.json's text and commits the pending batch. */
int pcl_ledgerstage_pending(struct pcl_ledgerstage *ls, const char *summary,
    size_t len, struct pcl_error *err) PCL_NODISCARD;

/*
 * Step 4, after publishing: 'published' 1 marks the batch committed,
 * 0 deletes it.
 */
int pcl_ledgerstage_finish(struct pcl_ledgerstage *ls, int published,
    struct pcl_error *err) PCL_NODISCARD;

#endif
