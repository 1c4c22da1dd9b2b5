/*
 * test_refdata: the publishers' default locations, and importing and
 * downloading snapshots into mkdtemp data directories. Downloads come from
 * a small HTTP server on 127.0.0.1 run by the test itself (a thread)
 * serving the HMRC fixture files, so nothing needs the internet. SHA-256
 * values were computed with sha256sum on the fixture files.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"
#include "refdata.h"
#include "date.h"

/* sha256sum fixtures/fx-sources/ecb/eurofxref-hist.csv */
#define SHA_ECB_CSV \
	"f6333e82e90d855a40e6753e5e3d255a17b10bc4e23835778d7e19fb0091d198"
/* cat hmrc/monthly_csv_2026-11.csv hmrc/monthly_csv_2026-12.csv | sha256sum */
#define SHA_HMRC_NOV_DEC \
	"9426d6911646726ba8ce0366d03a2e795fa1e0ea375ae518af51de6e5fc23225"

#define HMRC_DIR PCL_FIXTURE("fx-sources/hmrc/")

/* The test server: a listening socket and the thread accepting on it. */
struct server {
	int		fd;
	int		port;
	pthread_t	thread;
};

static void
send_all(int c, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(c, s, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Serves /m/NAME as HMRC_DIR NAME, anything else as 404. */
static void
handle(int c)
{
	char req[4096], path[256], file[512], head[128], *body = NULL;
	size_t n = 0, len = 0;
	ssize_t r;
	FILE *fp = NULL;

	while (n < sizeof req - 1) {
		r = recv(c, req + n, sizeof req - 1 - n, 0);
		if (r <= 0)
			return;
		n += (size_t)r;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	if (sscanf(req, "GET %255s ", path) != 1)
		return;
	if (strncmp(path, "/m/", 3) == 0 && strstr(path, "..") == NULL) {
		snprintf(file, sizeof file, "%s%s", HMRC_DIR, path + 3);
		fp = fopen(file, "rb");
	}
	if (fp != NULL) {
		body = malloc(1 << 16);
		len = body != NULL ? fread(body, 1, 1 << 16, fp) : 0;
		fclose(fp);
	}
	if (body == NULL) {
		snprintf(head, sizeof head, "HTTP/1.1 404 Not Found\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		send_all(c, head, strlen(head));
		return;
	}
	snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Length: %zu"
	    "\r\nConnection: close\r\n\r\n", len);
	send_all(c, head, strlen(head));
	send_all(c, body, len);
	free(body);
}

static void *
serve(void *arg)
{
	struct server *sv = arg;
	int c;

	for (;;) {
		c = accept(sv->fd, NULL, NULL);
		if (c < 0)
			break;	/* the listening socket was shut down */
		handle(c);
		close(c);
	}
	return NULL;
}

static int
server_start(struct server *sv)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;

	sv->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (sv->fd < 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(sv->fd, (struct sockaddr *)&a, sizeof a) != 0 ||
	    getsockname(sv->fd, (struct sockaddr *)&a, &len) != 0 ||
	    listen(sv->fd, 8) != 0)
		return -1;
	sv->port = ntohs(a.sin_port);
	return pthread_create(&sv->thread, NULL, serve, sv) == 0 ? 0 : -1;
}

static void
server_stop(struct server *sv)
{
	shutdown(sv->fd, SHUT_RDWR);
	pthread_join(sv->thread, NULL);
	close(sv->fd);
}

static char *
new_dir(char buf[64])
{
	snprintf(buf, 64, "/tmp/pcl-refdata-XXXXXX");
	return mkdtemp(buf);
}

/* Removes 'dir' and everything under it (two levels are enough here). */
static void
rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char p[PCL_DATADIR_PATH_MAX];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rmtree(p);
		else
			unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/* Number of entries in 'dir' besides . and .. (-1: no such directory). */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_refdata_default_urls_per_publisher(void)
{
	struct pcl_refdata_url u[PCL_REFDATA_URLS_MAX];
	int32_t dec7 = pcl_date_from_ymd(2026, 12, 7);

	CU_ASSERT_EQUAL(pcl_refdata_default_urls(PCL_FXSOURCE_ECB, dec7, u), 1);
	CU_ASSERT_STRING_EQUAL(u[0].url,
	    "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip");
	CU_ASSERT_EQUAL(u[0].optional, 0);

	/* November, December, and January 2027 once it is published */
	CU_ASSERT_EQUAL(pcl_refdata_default_urls(PCL_FXSOURCE_HMRC, dec7, u),
	    3);
	CU_ASSERT_STRING_EQUAL(u[0].url, "https://www.trade-tariff.service."
	    "gov.uk/api/v2/exchange_rates/files/monthly_csv_2026-11.csv");
	CU_ASSERT_STRING_EQUAL(u[1].url, "https://www.trade-tariff.service."
	    "gov.uk/api/v2/exchange_rates/files/monthly_csv_2026-12.csv");
	CU_ASSERT_STRING_EQUAL(u[2].url, "https://www.trade-tariff.service."
	    "gov.uk/api/v2/exchange_rates/files/monthly_csv_2027-1.csv");
	CU_ASSERT(!u[0].optional && !u[1].optional && u[2].optional);
	/* in January the month before is December of the year before */
	CU_ASSERT_EQUAL(pcl_refdata_default_urls(PCL_FXSOURCE_HMRC,
	    pcl_date_from_ymd(2027, 1, 15), u), 3);
	CU_ASSERT(strstr(u[0].url, "monthly_csv_2026-12.csv") != NULL);
	CU_ASSERT(strstr(u[2].url, "monthly_csv_2027-2.csv") != NULL);

	/* December is in Q4: from the first day of Q3 */
	CU_ASSERT_EQUAL(pcl_refdata_default_urls(PCL_FXSOURCE_FRB, dec7, u), 1);
	CU_ASSERT(strstr(u[0].url, "rel=H10&") != NULL);
	CU_ASSERT(strstr(u[0].url, "&from=07/01/2026&to=12/07/2026&"
	    "filetype=csv&label=include&layout=seriescolumn") != NULL);
	/* February is in Q1: from the first day of Q4 of the year before */
	CU_ASSERT_EQUAL(pcl_refdata_default_urls(PCL_FXSOURCE_FRB,
	    pcl_date_from_ymd(2026, 2, 10), u), 1);
	CU_ASSERT(strstr(u[0].url, "&from=10/01/2025&to=02/10/2026&") != NULL);

	CU_ASSERT_EQUAL(pcl_refdata_default_urls(PCL_FXSOURCE_BOC, dec7, u), 1);
	CU_ASSERT_STRING_EQUAL(u[0].url, "https://www.bankofcanada.ca/valet/"
	    "observations/group/FX_RATES_DAILY/json?start_date=2026-07-01");
	CU_ASSERT_EQUAL(pcl_refdata_default_urls(PCL_FXSOURCE_RBA, dec7, u), 1);
	CU_ASSERT_STRING_EQUAL(u[0].url,
	    "https://www.rba.gov.au/statistics/tables/csv/f11.1-data.csv");
	CU_ASSERT_EQUAL(pcl_refdata_default_urls((enum pcl_fxsource)0, dec7,
	    u), 0);
}

static void
test_refdata_import_checks_then_installs(void)
{
	char buf[64], *dir = new_dir(buf);
	struct pcl_refdata_result res;
	struct pcl_datadir_snapshot snap;
	struct pcl_error err;

	CU_ASSERT_FATAL(dir != NULL);
	CU_ASSERT_EQUAL_FATAL(pcl_refdata_import(dir, PCL_FXSOURCE_ECB,
	    PCL_FIXTURE("fx-sources/ecb/eurofxref-hist.csv"), &res, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(res.changed, 1);
	CU_ASSERT_STRING_EQUAL(res.previous, "");
	CU_ASSERT_STRING_EQUAL(res.snap.sha256, SHA_ECB_CSV);
	CU_ASSERT_EQUAL(res.snap.first, pcl_date_from_ymd(2026, 10, 1));
	CU_ASSERT_EQUAL(res.snap.last, pcl_date_from_ymd(2026, 12, 4));
	CU_ASSERT_STRING_EQUAL(res.snap.ext, "csv");
	CU_ASSERT(strncmp(res.snap.origin, "import:/", 8) == 0);
	CU_ASSERT(strstr(res.snap.origin,
	    "/fixtures/fx-sources/ecb/eurofxref-hist.csv") != NULL);

	/* the same bytes again: nothing new */
	CU_ASSERT_EQUAL(pcl_refdata_import(dir, PCL_FXSOURCE_ECB,
	    PCL_FIXTURE("fx-sources/ecb/eurofxref-hist.csv"), &res, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(res.changed, 0);
	CU_ASSERT_STRING_EQUAL(res.previous, SHA_ECB_CSV);

	/* a file with a 12-day hole is refused; the snapshot stays */
	CU_ASSERT_EQUAL(pcl_refdata_import(dir, PCL_FXSOURCE_ECB,
	    PCL_FIXTURE("fx-sources/ecb/eurofxref-hist-gap.csv"), &res, &err),
	    PCL_E_PARSE);
	CU_ASSERT(strstr(err.msg, "ecb: ") == err.msg);
	CU_ASSERT(strstr(err.msg, "gap of 12 days between 2026-10-30 and "
	    "2026-11-11 (limit 6)") != NULL);
	CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "ecb", &snap, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(snap.sha256, SHA_ECB_CSV);
	/* the snapshot file, its .meta, current */
	{
		char store[128];

		snprintf(store, sizeof store, "%s/ecb", dir);
		CU_ASSERT_EQUAL(count_entries(store), 3);
	}
	/* a missing file is an input error */
	CU_ASSERT_EQUAL(pcl_refdata_import(dir, PCL_FXSOURCE_HMRC,
	    "no-such-file.csv", &res, &err), PCL_E_IO);
	rmtree(dir);
}

static void
test_refdata_update_joins_the_hmrc_months(void)
{
	char buf[64], *dir = new_dir(buf), store[128];
	struct pcl_refdata_url u[3];
	struct pcl_refdata_result res;
	struct pcl_error err;
	struct server sv;

	CU_ASSERT_FATAL(dir != NULL);
	CU_ASSERT_FATAL(server_start(&sv) == 0);
	memset(u, 0, sizeof u);
	snprintf(u[0].url, sizeof u[0].url,
	    "http://127.0.0.1:%d/m/monthly_csv_2026-11.csv", sv.port);
	snprintf(u[1].url, sizeof u[1].url,
	    "http://127.0.0.1:%d/m/monthly_csv_2026-12.csv", sv.port);
	/* January is not published yet: 404, and optional */
	snprintf(u[2].url, sizeof u[2].url,
	    "http://127.0.0.1:%d/m/monthly_csv_2027-1.csv", sv.port);
	u[2].optional = 1;
	CU_ASSERT_EQUAL(pcl_refdata_update(dir, PCL_FXSOURCE_HMRC, u, 3, NULL,
	    &res, &err), PCL_OK);
	CU_ASSERT_STRING_EQUAL(res.snap.sha256, SHA_HMRC_NOV_DEC);
	CU_ASSERT_EQUAL(res.snap.first, pcl_date_from_ymd(2026, 11, 1));
	CU_ASSERT_EQUAL(res.snap.last, pcl_date_from_ymd(2026, 12, 31));
	CU_ASSERT(strstr(res.snap.origin, "/m/monthly_csv_2026-11.csv http://"
	    "127.0.0.1:") != NULL);
	CU_ASSERT(strstr(res.snap.origin, "2027-1") == NULL);
	snprintf(store, sizeof store, "%s/hmrc", dir);
	CU_ASSERT_EQUAL(count_entries(store), 3);	/* no download left */

	/* a required month missing: HTTP 404, nothing changes */
	u[2].optional = 0;
	CU_ASSERT_EQUAL(pcl_refdata_update(dir, PCL_FXSOURCE_HMRC, u, 3, NULL,
	    &res, &err), PCL_E_IO);
	CU_ASSERT(strstr(err.msg, "hmrc: download failed: ") == err.msg);
	CU_ASSERT(strstr(err.msg, "HTTP 404") != NULL);
	CU_ASSERT_EQUAL(count_entries(store), 3);

	/* a month with a currency that is not ISO 4217: nothing changes */
	snprintf(u[1].url, sizeof u[1].url,
	    "http://127.0.0.1:%d/m/monthly_csv_2026-12-bad-currency.csv",
	    sv.port);
	CU_ASSERT_EQUAL(pcl_refdata_update(dir, PCL_FXSOURCE_HMRC, u, 2, NULL,
	    &res, &err), PCL_E_PARSE);
	CU_ASSERT(strstr(err.msg, "TRQ") != NULL);
	CU_ASSERT_EQUAL(count_entries(store), 3);
	{
		struct pcl_datadir_snapshot snap;

		CU_ASSERT_EQUAL(pcl_datadir_newest(dir, "hmrc", &snap, &err),
		    PCL_OK);
		CU_ASSERT_STRING_EQUAL(snap.sha256, SHA_HMRC_NOV_DEC);
	}
	server_stop(&sv);
	rmtree(dir);
}

static void
test_refdata_update_refuses_plain_http_elsewhere(void)
{
	char buf[64], *dir = new_dir(buf);
	struct pcl_refdata_url u;
	struct pcl_refdata_result res;
	struct pcl_error err;

	CU_ASSERT_FATAL(dir != NULL);
	memset(&u, 0, sizeof u);
	snprintf(u.url, sizeof u.url, "http://example.invalid/x.zip");
	CU_ASSERT_EQUAL(pcl_refdata_update(dir, PCL_FXSOURCE_ECB, &u, 1, NULL,
	    &res, &err), PCL_E_USAGE);
	CU_ASSERT_EQUAL(count_entries(dir), 0);	/* not even a store dir */
	rmtree(dir);
}

void test_refdata_register(void);

/* The tables a run opens: the newest snapshots, or exactly the pinned. */
static void
test_refdata_open_fx_newest_pinned_and_gone(void)
{
	char buf[64], *dir = new_dir(buf), path[PCL_DATADIR_PATH_MAX];
	struct pcl_refdata_result res;
	struct pcl_refdata_pin pin;
	struct pcl_fx *fx = NULL;
	struct pcl_error err;
	char frb_sha[65];

	CU_ASSERT_FATAL(dir != NULL);
	/* nothing stored: the embedded ECB history, nothing attached */
	CU_ASSERT_EQUAL_FATAL(pcl_refdata_open_fx(dir, NULL, NULL, 0, 0, &fx,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fx_origin(fx), PCL_FX_EMBEDDED);
	CU_ASSERT_PTR_NULL(pcl_fx_attached(fx, PCL_FXSOURCE_FRB));
	pcl_fx_free(fx);
	CU_ASSERT_EQUAL_FATAL(pcl_refdata_import(dir, PCL_FXSOURCE_ECB,
	    PCL_FIXTURE("fx-sources/ecb/eurofxref-hist.csv"), &res, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_refdata_import(dir, PCL_FXSOURCE_FRB,
	    PCL_FIXTURE("fx-sources/frb/h10-daily.csv"), &res, &err), PCL_OK);
	snprintf(frb_sha, sizeof frb_sha, "%s", res.snap.sha256);
	/* the newest of each: the ECB snapshot is the base table */
	CU_ASSERT_EQUAL_FATAL(pcl_refdata_open_fx(dir, NULL, NULL, 0, 0, &fx,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fx_origin(fx), PCL_FX_SNAPSHOT);
	CU_ASSERT_STRING_EQUAL(pcl_fx_sha256(fx), SHA_ECB_CSV);
	CU_ASSERT_PTR_NOT_NULL(pcl_fx_attached(fx, PCL_FXSOURCE_FRB));
	CU_ASSERT_STRING_EQUAL(pcl_fx_attached_sha256(fx, PCL_FXSOURCE_FRB),
	    frb_sha);
	pcl_fx_free(fx);
	/* --fx FILE: the data directory is not read */
	CU_ASSERT_EQUAL_FATAL(pcl_refdata_open_fx(dir,
	    PCL_FIXTURE("fx/long-layout.csv"), NULL, 0, 0, &fx, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fx_origin(fx), PCL_FX_FILE);
	CU_ASSERT_PTR_NULL(pcl_fx_attached(fx, PCL_FXSOURCE_FRB));
	pcl_fx_free(fx);
	/* pinned to frb alone: the embedded ECB table, frb attached */
	snprintf(pin.source, sizeof pin.source, "frb");
	snprintf(pin.sha256, sizeof pin.sha256, "%s", frb_sha);
	CU_ASSERT_EQUAL_FATAL(pcl_refdata_open_fx(dir, NULL, &pin, 1, 1, &fx,
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fx_origin(fx), PCL_FX_EMBEDDED);
	CU_ASSERT_PTR_NOT_NULL(pcl_fx_attached(fx, PCL_FXSOURCE_FRB));
	pcl_fx_free(fx);
	/* pinned to a snapshot that is not there: named */
	snprintf(pin.sha256, sizeof pin.sha256, "%064d", 0);
	CU_ASSERT_EQUAL(pcl_refdata_open_fx(dir, NULL, &pin, 1, 1, &fx, &err),
	    PCL_E_NOTFOUND);
	CU_ASSERT_PTR_NULL(fx);
	CU_ASSERT(strstr(err.msg, "snapshot frb 0000") != NULL);
	/* `current` names a file that is gone: fail, never fall back */
	snprintf(path, sizeof path, "%s/frb/%s.csv", dir, frb_sha);
	CU_ASSERT_EQUAL_FATAL(unlink(path), 0);
	CU_ASSERT_EQUAL(pcl_refdata_open_fx(dir, NULL, NULL, 0, 0, &fx, &err),
	    PCL_E_IO);
	CU_ASSERT(strstr(err.msg, "current snapshot of frb") != NULL);
	rmtree(dir);
}

void
test_refdata_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_refdata_default_urls_per_publisher),
		PCL_TEST(test_refdata_import_checks_then_installs),
		PCL_TEST(test_refdata_update_joins_the_hmrc_months),
		PCL_TEST(test_refdata_update_refuses_plain_http_elsewhere),
		PCL_TEST(test_refdata_open_fx_newest_pinned_and_gone),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("refdata", tests);
}
