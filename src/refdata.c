/*
 * refdata: download or import, check, install (see refdata.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "refdata.h"
#include "date.h"
#include "banned.h"

#define ECB_URL "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
#define HMRC_URL "https://www.trade-tariff.service.gov.uk/api/v2/" \
	"exchange_rates/files/monthly_csv_%d-%d.csv"
/* The DDP package of the H.10 daily rates, as public H.10 clients name it. */
#define FRB_URL "https://www.federalreserve.gov/datadownload/Output.aspx?" \
	"rel=H10&series=60f32914ab61dfab590e0e470153e3ae&lastobs=&" \
	"from=%02d/%02d/%04d&to=%02d/%02d/%04d&filetype=csv&label=include&" \
	"layout=seriescolumn"
#define BOC_URL "https://www.bankofcanada.ca/valet/observations/group/" \
	"FX_RATES_DAILY/json?start_date=%04d-%02d-%02d"
#define RBA_URL "https://www.rba.gov.au/statistics/tables/csv/f11.1-data.csv"

/* First day of the quarter before the one holding 'day'. */
static void
previous_quarter(int32_t day, int *y, int *m)
{
	int d;

	pcl_date_to_ymd(day, y, m, &d);
	*m = ((*m - 1) / 3) * 3 + 1 - 3;
	if (*m < 1) {
		*m += 12;
		(*y)--;
	}
}

size_t
pcl_refdata_default_urls(enum pcl_fxsource s, int32_t today,
    struct pcl_refdata_url out[PCL_REFDATA_URLS_MAX])
{
	int y, m, d, qy, qm, i;

	memset(out, 0, sizeof out[0] * PCL_REFDATA_URLS_MAX);
	pcl_date_to_ymd(today, &y, &m, &d);
	switch (s) {
	case PCL_FXSOURCE_ECB:
		snprintf(out[0].url, sizeof out[0].url, "%s", ECB_URL);
		return 1;
	case PCL_FXSOURCE_HMRC:
		for (i = 0; i < 3; i++) {
			int mm = m - 1 + i, yy = y;

			if (mm < 1) {
				mm += 12;
				yy--;
			} else if (mm > 12) {
				mm -= 12;
				yy++;
			}
			snprintf(out[i].url, sizeof out[i].url, HMRC_URL, yy, mm);
		}
		out[2].optional = 1;
		return 3;
	case PCL_FXSOURCE_FRB:
		previous_quarter(today, &qy, &qm);
		snprintf(out[0].url, sizeof out[0].url, FRB_URL, qm, 1, qy, m,
		    d, y);
		return 1;
	case PCL_FXSOURCE_BOC:
		previous_quarter(today, &qy, &qm);
		snprintf(out[0].url, sizeof out[0].url, BOC_URL, qy, qm, 1);
		return 1;
	case PCL_FXSOURCE_RBA:
		snprintf(out[0].url, sizeof out[0].url, "%s", RBA_URL);
		return 1;
	default:
		return 0;
	}
}

/* The stored file's type: what the publisher ships. */
static const char *
file_ext(enum pcl_fxsource s, const char *path)
{
	unsigned char sig[4] = { 0 };
	FILE *fp;

	if (s == PCL_FXSOURCE_BOC)
		return "json";
	if (s != PCL_FXSOURCE_ECB)
		return "csv";
	fp = fopen(path, "rb");
	if (fp != NULL) {
		if (fread(sig, 1, sizeof sig, fp) != sizeof sig)
			memset(sig, 0, sizeof sig);
		fclose(fp);
	}
	return memcmp(sig, "PK\003\004", 4) == 0 ? "zip" : "csv";
}

/* Checks 'file' and installs it with origin 'origin'. */
static int
check_install(const char *dir, enum pcl_fxsource s, const char *file,
    const char *label, const char *origin, struct pcl_refdata_result *res,
    struct pcl_error *err)
{
	struct pcl_datadir_snapshot meta, before;
	struct pcl_fxsource_table *t = NULL;
	struct pcl_error e2;
	const char *name = pcl_fxsource_name(s);
	int rc;

	memset(res, 0, sizeof *res);
	res->prev_first = res->prev_last = PCL_DATE_NONE;
	rc = pcl_fxsource_read(s, file, &t, err);
	if (rc != PCL_OK) {
		/* name what was checked, not the temporary file */
		char msg[sizeof err->msg];

		snprintf(msg, sizeof msg, "%s", err->msg);
		return pcl_error_set(err, rc, "%s: %s: %s", name, label, msg);
	}
	memset(&meta, 0, sizeof meta);
	meta.first = pcl_fxsource_first(t);
	meta.last = pcl_fxsource_last(t);
	pcl_fxsource_free(t);
	if ((size_t)snprintf(meta.origin, sizeof meta.origin, "%s", origin) >=
	    sizeof meta.origin)
		return pcl_error_set(err, PCL_E_USAGE, "%s: origin too long",
		    name);
	if (pcl_datadir_newest(dir, name, &before, &e2) == PCL_OK) {
		snprintf(res->previous, sizeof res->previous, "%s",
		    before.sha256);
		res->prev_first = before.first;
		res->prev_last = before.last;
	}
	rc = pcl_datadir_install(dir, name, file, file_ext(s, file), &meta,
	    &res->snap, err);
	if (rc != PCL_OK)
		return rc;
	res->changed = strcmp(res->previous, res->snap.sha256) != 0;
	return PCL_OK;
}

int
pcl_refdata_import(const char *dir, enum pcl_fxsource s, const char *file,
    struct pcl_refdata_result *res, struct pcl_error *err)
{
	char origin[1024], cwd[PCL_DATADIR_PATH_MAX];
	int n;

	if (pcl_fxsource_name(s)[0] == '\0')
		return pcl_error_set(err, PCL_E_USAGE, "unknown source");
	/* an absolute path, so the origin names the file wherever it is read */
	if (file[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
		n = snprintf(origin, sizeof origin, "import:%s", file);
	else
		n = snprintf(origin, sizeof origin, "import:%s/%s", cwd, file);
	if (n < 0 || (size_t)n >= sizeof origin || strchr(file, '\n') != NULL)
		return pcl_error_set(err, PCL_E_USAGE, "bad file name '%s'",
		    file);
	return check_install(dir, s, file, file, origin, res, err);
}

/* Appends file 'part' to stream 'out'. */
static int
append_file(FILE *out, const char *part, struct pcl_error *err)
{
	char buf[65536];
	FILE *in = fopen(part, "rb");
	size_t n;
	int bad;

	if (in == NULL)
		return pcl_error_set(err, PCL_E_IO, "cannot open '%s': %s",
		    part, strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	bad = ferror(in) || ferror(out);
	fclose(in);
	if (bad)
		return pcl_error_set(err, PCL_E_WRITE, "cannot join '%s': %s",
		    part, strerror(errno));
	return PCL_OK;
}

/* 1 when 'err' says the server answered 404 Not Found. */
static int
is_404(const struct pcl_error *err)
{
	size_t n = strlen(err->msg);

	return err->code == PCL_E_IO && n >= 8 &&
	    strcmp(err->msg + n - 8, "HTTP 404") == 0;
}

int
pcl_refdata_update(const char *dir, enum pcl_fxsource s,
    const struct pcl_refdata_url *urls, size_t n,
    const struct pcl_fetch_opts *fo, struct pcl_refdata_result *res,
    struct pcl_error *err)
{
	char store[PCL_DATADIR_PATH_MAX], joined[PCL_DATADIR_PATH_MAX];
	char created[PCL_DATADIR_PATH_MAX];
	char origin[1024];
	char *part[PCL_REFDATA_URLS_MAX] = { NULL };
	const char *name = pcl_fxsource_name(s), *file;
	size_t i, got = 0, olen = 0;
	FILE *out = NULL;
	int rc = PCL_OK, fd = -1;

	memset(res, 0, sizeof *res);
	joined[0] = '\0';
	origin[0] = '\0';
	if (name[0] == '\0' || n == 0 || n > PCL_REFDATA_URLS_MAX)
		return pcl_error_set(err, PCL_E_USAGE, "bad update request");
	for (i = 0; i < n; i++) {
		rc = pcl_fetch_url_allowed(urls[i].url, err);
		if (rc != PCL_OK)
			return rc;
	}
	rc = pcl_datadir_prepare(dir, name, store, created, err);
	if (rc != PCL_OK) {
		pcl_datadir_unprepare(store, created);
		return rc;
	}
	for (i = 0; i < n; i++) {
		rc = pcl_fetch_to_file(urls[i].url, store, fo, &part[i], NULL,
		    err);
		if (rc != PCL_OK && urls[i].optional && is_404(err)) {
			rc = PCL_OK;
			continue;
		}
		if (rc != PCL_OK) {
			char msg[sizeof err->msg];

			snprintf(msg, sizeof msg, "%s", err->msg);
			pcl_error_set(err, rc, "%s: download failed: %s", name,
			    msg);
			goto done;
		}
		olen += (size_t)snprintf(origin + olen, sizeof origin - olen,
		    "%s%s", got > 0 ? " " : "", urls[i].url);
		if (olen >= sizeof origin) {
			rc = pcl_error_set(err, PCL_E_USAGE,
			    "%s: URLs too long", name);
			goto done;
		}
		got++;
	}
	if (got == 0) {
		rc = pcl_error_set(err, PCL_E_IO, "%s: nothing published yet "
		    "(every file answered HTTP 404)", name);
		goto done;
	}
	file = NULL;
	for (i = 0; i < n && file == NULL; i++)
		file = part[i];
	if (got > 1) {
		if ((size_t)snprintf(joined, sizeof joined, "%s/.join-XXXXXX",
		    store) >= sizeof joined) {
			rc = pcl_error_set(err, PCL_E_USAGE, "path too long");
			joined[0] = '\0';
			goto done;
		}
		fd = mkstemp(joined);
		if (fd < 0 || (out = fdopen(fd, "wb")) == NULL) {
			rc = pcl_error_set(err, PCL_E_WRITE,
			    "cannot create a file in '%s': %s", store,
			    strerror(errno));
			if (fd < 0)
				joined[0] = '\0';
			else
				close(fd);
			goto done;
		}
		for (i = 0; i < n && rc == PCL_OK; i++)
			if (part[i] != NULL)
				rc = append_file(out, part[i], err);
		if (fclose(out) != 0 && rc == PCL_OK)
			rc = pcl_error_set(err, PCL_E_WRITE,
			    "cannot write '%s': %s", joined, strerror(errno));
		if (rc != PCL_OK)
			goto done;
		file = joined;
	}
	rc = check_install(dir, s, file, origin, origin, res, err);
done:
	/* install renamed the file it took; everything else goes */
	for (i = 0; i < n; i++) {
		if (part[i] != NULL)
			unlink(part[i]);
		free(part[i]);
	}
	if (joined[0] != '\0')
		unlink(joined);
	/* a failed first download leaves no empty directory behind */
	if (rc != PCL_OK)
		pcl_datadir_unprepare(store, created);
	return rc;
}

/* The snapshot of 's' a run uses, in '*snap': PCL_OK, PCL_E_NOTFOUND
 * when it has none (not an error unless pinned), or an error. */
static int
snapshot_of(const char *dir, enum pcl_fxsource s,
    const struct pcl_refdata_pin *pins, size_t npins, int pinned,
    struct pcl_datadir_snapshot *snap, int *is_pinned, struct pcl_error *err)
{
	const char *name = pcl_fxsource_name(s);
	size_t i;
	int rc;

	*is_pinned = 0;
	if (pinned) {
		for (i = 0; i < npins; i++)
			if (strcmp(pins[i].source, name) == 0)
				break;
		if (i == npins)
			return PCL_E_NOTFOUND;
		*is_pinned = 1;
		if (dir == NULL)
			return pcl_error_set(err, PCL_E_NOTFOUND, "snapshot %s "
			    "%s is needed but no data directory is in use",
			    name, pins[i].sha256);
		rc = pcl_datadir_find(dir, name, pins[i].sha256, snap, err);
		if (rc == PCL_E_NOTFOUND)
			return pcl_error_set(err, PCL_E_NOTFOUND, "snapshot %s "
			    "%s is not in the data directory %s (import it "
			    "with 'parcelclear data import %s FILE')", name,
			    pins[i].sha256, dir, name);
		return rc;
	}
	if (dir == NULL)
		return PCL_E_NOTFOUND;
	rc = pcl_datadir_newest(dir, name, snap, err);
	if (rc == PCL_E_NOTFOUND) {
		/* `current` names a snapshot whose file is gone: fail closed,
		 * never fall back to another source */
		char cur[PCL_DATADIR_PATH_MAX];

		snprintf(cur, sizeof cur, "%s/%s/current", dir, name);
		if (access(cur, F_OK) == 0)
			return pcl_error_set(err, PCL_E_IO, "the current "
			    "snapshot of %s named by '%s' is gone; run "
			    "'parcelclear data update %s'", name, cur, name);
	}
	return rc;
}

int
pcl_refdata_open_fx(const char *dir, const char *fx_path,
    const struct pcl_refdata_pin *pins, size_t npins, int pinned,
    struct pcl_fx **out, struct pcl_error *err)
{
	struct pcl_datadir_snapshot *snap;
	struct pcl_fxsource_table *t = NULL;
	struct pcl_fx *fx = NULL;
	int rc, s, pin;

	*out = NULL;
	if (fx_path != NULL)
		return pcl_fx_open(out, fx_path, err);
	if ((snap = malloc(sizeof *snap)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	for (s = PCL_FXSOURCE_ECB; s <= PCL_FXSOURCE_RBA; s++) {
		rc = snapshot_of(dir, (enum pcl_fxsource)s, pins, npins,
		    pinned, snap, &pin, err);
		if (rc == PCL_E_NOTFOUND && !pin) {
			pcl_error_clear(err);
			if (s == PCL_FXSOURCE_ECB &&
			    (rc = pcl_fx_open(&fx, NULL, err)) != PCL_OK)
				goto fail;
			continue;
		}
		if (rc != PCL_OK)
			goto fail;
		if ((rc = pcl_fxsource_read((enum pcl_fxsource)s, snap->path,
		    &t, err)) != PCL_OK) {
			struct pcl_error e = *err;

			rc = pcl_error_set(err, rc, "snapshot %s %s: %s",
			    pcl_fxsource_name((enum pcl_fxsource)s),
			    snap->sha256, e.msg);
			goto fail;
		}
		if (s == PCL_FXSOURCE_ECB) {
			rc = pcl_fx_open_ecb_source(&fx, t, "snapshot:ecb",
			    snap->sha256, err);
			pcl_fxsource_free(t);
			t = NULL;
		} else {
			char nm[32];

			snprintf(nm, sizeof nm, "snapshot:%s",
			    pcl_fxsource_name((enum pcl_fxsource)s));
			rc = pcl_fx_attach(fx, (enum pcl_fxsource)s, t, nm,
			    snap->sha256, err);
			t = NULL;
		}
		if (rc != PCL_OK)
			goto fail;
	}
	free(snap);
	*out = fx;
	return PCL_OK;
fail:
	free(snap);
	pcl_fxsource_free(t);
	pcl_fx_free(fx);
	return rc;
}
