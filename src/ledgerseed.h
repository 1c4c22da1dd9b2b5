/*
 * ledgerseed: loads a past batch into the clearance ledger (ledger.h)
 * from its output directory, for a hub that adopts the ledger: its
 * summary.json (run date, as-of, inputs) and each parcel of its lane
 * files (tracking number, date, lane, reasons, assessed value,
 * destination, keyed consignee hash, content fingerprint), recorded as
 * a committed batch. Reads batches of format 3 (lane column "source",
 * the input's path) and 4 (lane column "input", its number); a lane
 * file's columns are found by their names in its header.
 *
 * What a lane file cannot give back is documented in docs/ledger.md:
 * the content fingerprint is taken over the lane rows' canonical and
 * unknown columns, and a lane row carries a generated item_seq where
 * the input had none, so an identical re-send of such a seeded parcel
 * is held as changed (RESENT_CHANGED), never dropped; seeded parcels do
 * not count in consignee-day aggregates. Memory: the parcel index
 * (parcel.h) and 8 bytes per parcel of the batch.
 *
 * Errors: PCL_E_IO (a file missing or unreadable), PCL_E_PARSE
 * (summary.json not a batch of format 3 to PCL_FORMAT_VERSION),
 * PCL_E_GZIP, PCL_E_SCHEMA (a lane file without the lane columns),
 * those of ledger.h, PCL_E_NOMEM.
 */
#ifndef PCL_LEDGERSEED_H
#define PCL_LEDGERSEED_H

#include "error.h"

struct pcl_ledger;

/* What pcl_ledgerseed_dir did with a directory ('*added'). */
#define PCL_LEDGERSEED_ALREADY	0	/* seeded already: left */
#define PCL_LEDGERSEED_ADDED	1	/* seeded now */
#define PCL_LEDGERSEED_RECORDED	2	/* recorded by a run --ledger: left */

/*
 * Seeds the batch of output directory 'outdir' for 'declarant' (NULL:
 * PCL_LEDGER_DEFAULT_DECLARANT): '*added' PCL_LEDGERSEED_ADDED. A
 * directory whose summary.json (same SHA-256) a committed batch of the
 * ledger holds is left as it is: '*added' PCL_LEDGERSEED_ALREADY when
 * that batch was seeded, PCL_LEDGERSEED_RECORDED when a run recorded
 * it. '*name' (32 bytes) gets the batch's name.
 */
int pcl_ledgerseed_dir(struct pcl_ledger *l, const char *outdir,
    const char *declarant, int *added, char name[32], struct pcl_error *err)
    PCL_NODISCARD;

#endif
