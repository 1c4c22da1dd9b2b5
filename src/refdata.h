/*
 * refdata: keeping the exchange-rate snapshots current. Owns the
 * publishers' default download locations (docs/fx-sources.md) and the
 * sequence every new snapshot goes through: get the bytes (download with
 * fetch, or a local file), check them with fxsource's reader, and only
 * then install them with datadir, which switches `current` atomically.
 * A download that fails or a file that fails a check leaves the store as
 * it was: the previous snapshot stays in use. Also owns which snapshots a
 * run opens: the newest of each source, or for a replay exactly the ones
 * it recorded (pcl_refdata_open_fx).
 */
#ifndef PCL_REFDATA_H
#define PCL_REFDATA_H

#include <stddef.h>
#include <stdint.h>

#include "datadir.h"
#include "error.h"
#include "fetch.h"
#include "fx.h"
#include "fxsource.h"

#define PCL_REFDATA_URL_MAX	512
#define PCL_REFDATA_URLS_MAX	3

/* One file to download; an optional one may be missing (HTTP 404). */
struct pcl_refdata_url {
	char	url[PCL_REFDATA_URL_MAX];
	int	optional;
};

/*
 * The publisher's documented location(s) of source 's' for a download on
 * day 'today' (pcl_date), into 'out'; returns how many (1 to
 * PCL_REFDATA_URLS_MAX), 0 for an invalid 's'.
 *   ecb  .../stats/eurofxref/eurofxref-hist.zip (the whole history)
 *   hmrc the monthly CSV of the month before 'today', of its month, and
 *        of the next month (optional: published on the penultimate
 *        Thursday), oldest first
 *   frb  the H.10 daily rates package of the Data Download Program, from
 *        the first day of the quarter before 'today' to 'today' (so the
 *        first rate of both quarters is in the file)
 *   boc  Valet FX_RATES_DAILY JSON from the first day of the quarter
 *        before 'today'
 *   rba  .../statistics/tables/csv/f11.1-data.csv
 */
size_t pcl_refdata_default_urls(enum pcl_fxsource s, int32_t today,
    struct pcl_refdata_url out[PCL_REFDATA_URLS_MAX]);

/* What an update or import did. */
struct pcl_refdata_result {
	struct pcl_datadir_snapshot	snap;	/* the snapshot now current */
	int				changed; /* 0: it was current already */
	char				previous[65];	/* sha256 before, or "" */
	int32_t				prev_first; /* its first date, or */
	int32_t				prev_last; /* PCL_DATE_NONE */
};

/*
 * Checks file 'file' as a file of source 's' (pcl_fxsource_read) and
 * installs it as the newest snapshot of 's' in data directory 'dir',
 * with origin "import:<file>". Errors: those of pcl_fxsource_read
 * (PCL_E_IO, PCL_E_PARSE naming the problem, PCL_E_TOOBIG) and of
 * pcl_datadir_install (PCL_E_WRITE, ...); on any of them the store is
 * unchanged.
 */
int pcl_refdata_import(const char *dir, enum pcl_fxsource s,
    const char *file, struct pcl_refdata_result *res, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Downloads the 'n' files 'urls' of source 's' (pcl_fetch_to_file with
 * 'fo', NULL for the defaults) into the store directory DIR/<source>,
 * joins them in order into one file when there are several (HMRC's
 * months; an optional one answering HTTP 404 is left out), checks the
 * result and installs it with origin the URLs, space-separated. Every
 * temporary file is removed whatever happens. Errors: PCL_E_USAGE (a URL
 * refused: plain http to a host that is not loopback), PCL_E_IO (cannot
 * connect, HTTP status >= 400), PCL_E_TOOBIG, PCL_E_PARSE (the file fails
 * a check), PCL_E_WRITE (the data directory: mkdir, disk full, rename),
 * PCL_E_NOMEM; the message names the URL or the problem. On any error
 * the store is unchanged.
 */
int pcl_refdata_update(const char *dir, enum pcl_fxsource s,
    const struct pcl_refdata_url *urls, size_t n,
    const struct pcl_fetch_opts *fo, struct pcl_refdata_result *res,
    struct pcl_error *err) PCL_NODISCARD;

/* A snapshot a replay must use: source name and SHA-256. */
struct pcl_refdata_pin {
	char	source[16];
	char	sha256[65];
};

/*
 * Opens the exchange-rate tables of a run into '*out' (pcl_fx_free).
 * With 'fx_path' (--fx FILE) that file alone, for every authority, as
 * before any source was stored. Otherwise, per source, the newest
 * snapshot in data directory 'dir' (NULL: none is read): the ECB's
 * becomes the base table (else the embedded ECB history), the others are
 * attached as their authority's own rates (pcl_fx_attach); a source with
 * no snapshot is left out. With 'pinned' (a replay) exactly the 'npins'
 * snapshots of 'pins' are used, whatever is newest, and a source not
 * pinned is left out. Errors: PCL_E_NOTFOUND naming the source and
 * digest of a pinned snapshot that is not in 'dir'; PCL_E_PARSE (a
 * damaged store or snapshot), PCL_E_IO, PCL_E_NOMEM; those of
 * pcl_fx_open.
 */
int pcl_refdata_open_fx(const char *dir, const char *fx_path,
    const struct pcl_refdata_pin *pins, size_t npins, int pinned,
    struct pcl_fx **out, struct pcl_error *err) PCL_NODISCARD;

#endif
