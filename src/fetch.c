/*
 * fetch: one HTTP(S) GET into a temporary file with libcurl. Redirects are
 * followed here, one hop at a time, so each new URL passes the same
 * https-or-loopback check as the first.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "banned.h"
#include "fetch.h"

/* What the write callback needs: the file and the running total. */
struct sink {
	FILE			*fp;
	unsigned long long	 bytes;
	unsigned long long	 max;
	int			 toobig;
	int			 write_failed;
};

void
pcl_fetch_opts_init(struct pcl_fetch_opts *o)
{
	o->connect_timeout = PCL_FETCH_CONNECT_TIMEOUT_DEFAULT;
	o->timeout = PCL_FETCH_TIMEOUT_DEFAULT;
	o->max_bytes = PCL_FETCH_MAX_BYTES_DEFAULT;
	o->max_redirects = PCL_FETCH_MAX_REDIRECTS_DEFAULT;
	o->user_agent = NULL;
}

/* 1 if 'host' (as CURLU gives it: IPv6 in brackets) is a loopback name. */
static int
is_loopback_host(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char buf[64];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n >= 2 && n < sizeof(buf) + 2 && host[0] == '[' &&
	    host[n - 1] == ']') {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		if (inet_pton(AF_INET6, buf, &a6) == 1)
			return memcmp(&a6, &in6addr_loopback, sizeof(a6)) == 0;
	}
	return 0;
}

/*
 * Splits 'url' into scheme and host (both owned by caller, curl_free) and
 * checks the rule. '*loopback' says whether the host is a loopback one.
 */
static int
check_url(const char *url, int *loopback, struct pcl_error *err)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int rc = PCL_OK;

	*loopback = 0;
	if (u == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		rc = pcl_error_set(err, PCL_E_USAGE, "malformed URL '%s'",
		    url);
		goto out;
	}
	*loopback = is_loopback_host(host);
	if (strcasecmp(scheme, "https") == 0)
		goto out;
	if (strcasecmp(scheme, "http") != 0) {
		rc = pcl_error_set(err, PCL_E_USAGE,
		    "unsupported scheme '%s' in '%s': only https "
		    "(or http to a loopback address)", scheme, url);
		goto out;
	}
	if (!*loopback)
		rc = pcl_error_set(err, PCL_E_USAGE,
		    "refusing plain http to '%s' ('%s'): use https "
		    "(http is allowed only to a loopback address)", host, url);
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

int
pcl_fetch_url_allowed(const char *url, struct pcl_error *err)
{
	int loopback;

	if (url == NULL)
		return pcl_error_set(err, PCL_E_USAGE, "no URL");
	return check_url(url, &loopback, err);
}

static size_t
on_data(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb;

	if (s->bytes + n > s->max) {
		s->toobig = 1;
		return 0;	/* makes curl stop with CURLE_WRITE_ERROR */
	}
	if (n > 0 && fwrite(ptr, 1, n, s->fp) != n) {
		s->write_failed = 1;
		return 0;
	}
	s->bytes += n;
	return n;
}

/* Empties the file before the next hop's body. */
static int
sink_reset(struct sink *s)
{
	if (fflush(s->fp) != 0 || ftruncate(fileno(s->fp), 0) != 0 ||
	    fseek(s->fp, 0, SEEK_SET) != 0)
		return -1;
	s->bytes = 0;
	return 0;
}

/*
 * One GET of 'url' into 's'. On PCL_OK '*status' is the HTTP status and
 * '*next' (owned by caller, free()) the redirect target or NULL.
 */
static int
get_once(const char *url, int loopback, const struct pcl_fetch_opts *o,
    struct sink *s, long *status, char **next, struct pcl_error *err)
{
	CURL *c;
	CURLcode cc;
	char errbuf[CURL_ERROR_SIZE] = "";
	char *loc = NULL;
	int rc = PCL_OK;

	*next = NULL;
	*status = 0;
	c = curl_easy_init();
	if (c == NULL)
		return pcl_error_set(err, PCL_E_NOMEM,
		    "cannot start a transfer for '%s'", url);
	if (curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout) !=
	    CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_TIMEOUT, o->timeout) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)o->max_bytes) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_USERAGENT,
	    o->user_agent != NULL ? o->user_agent : "parcelclear") !=
	    CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, s) != CURLE_OK ||
	    (loopback &&
	    curl_easy_setopt(c, CURLOPT_NOPROXY, "*") != CURLE_OK)) {
		curl_easy_cleanup(c);
		return pcl_error_set(err, PCL_E_IO,
		    "cannot set up the transfer of '%s'", url);
	}
	cc = curl_easy_perform(c);
	if (s->toobig || cc == CURLE_FILESIZE_EXCEEDED) {
		rc = pcl_error_set(err, PCL_E_TOOBIG,
		    "'%s': larger than the %llu-byte limit", url,
		    o->max_bytes);
	} else if (s->write_failed) {
		rc = pcl_error_set(err, PCL_E_WRITE,
		    "'%s': cannot write the temporary file: %s", url,
		    strerror(errno));
	} else if (cc != CURLE_OK) {
		rc = pcl_error_set(err, PCL_E_IO, "'%s': %s", url,
		    errbuf[0] != '\0' ? errbuf : curl_easy_strerror(cc));
	} else if (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status) !=
	    CURLE_OK) {
		rc = pcl_error_set(err, PCL_E_IO, "'%s': no HTTP status",
		    url);
	} else if (*status >= 300 && *status < 400 &&
	    curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK &&
	    loc != NULL) {
		*next = strdup(loc);
		if (*next == NULL)
			rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	curl_easy_cleanup(c);
	return rc;
}

/* Creates "<dir>/.fetch-XXXXXX"; '*path' owned by caller. */
static int
open_temp(const char *dir, char **path, FILE **fp, struct pcl_error *err)
{
	size_t n = strlen(dir) + sizeof("/.fetch-XXXXXX");
	int fd;

	*fp = NULL;
	*path = malloc(n);
	if (*path == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	snprintf(*path, n, "%s/.fetch-XXXXXX", dir);
	fd = mkstemp(*path);
	if (fd < 0) {
		pcl_error_set(err, PCL_E_WRITE,
		    "cannot create a temporary file in '%s': %s", dir,
		    strerror(errno));
		free(*path);
		*path = NULL;
		return PCL_E_WRITE;
	}
	*fp = fdopen(fd, "w+");
	if (*fp == NULL) {
		pcl_error_set(err, PCL_E_WRITE, "cannot open '%s': %s", *path,
		    strerror(errno));
		close(fd);
		unlink(*path);
		free(*path);
		*path = NULL;
		return PCL_E_WRITE;
	}
	return PCL_OK;
}

int
pcl_fetch_to_file(const char *url, const char *dir,
    const struct pcl_fetch_opts *o, char **out_path,
    unsigned long long *out_bytes, struct pcl_error *err)
{
	struct pcl_fetch_opts defaults;
	struct sink s = { NULL, 0, 0, 0, 0 };
	char *path = NULL, *cur = NULL, *next = NULL;
	long status = 0;
	int hop, loopback, rc;

	*out_path = NULL;
	if (url == NULL || dir == NULL)
		return pcl_error_set(err, PCL_E_USAGE, "no URL or directory");
	if (o == NULL) {
		pcl_fetch_opts_init(&defaults);
		o = &defaults;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return pcl_error_set(err, PCL_E_IO, "cannot start libcurl");
	rc = check_url(url, &loopback, err);
	if (rc != PCL_OK)
		goto out;
	rc = open_temp(dir, &path, &s.fp, err);
	if (rc != PCL_OK)
		goto out;
	s.max = o->max_bytes;
	cur = strdup(url);
	if (cur == NULL) {
		rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		goto out;
	}
	for (hop = 0;; hop++) {
		rc = get_once(cur, loopback, o, &s, &status, &next, err);
		if (rc != PCL_OK)
			goto out;
		if (next == NULL)
			break;
		if (hop >= o->max_redirects) {
			rc = pcl_error_set(err, PCL_E_IO,
			    "'%s': more than %d redirects", url,
			    o->max_redirects);
			goto out;
		}
		rc = check_url(next, &loopback, err);
		if (rc != PCL_OK)
			goto out;
		if (sink_reset(&s) != 0) {
			rc = pcl_error_set(err, PCL_E_WRITE,
			    "cannot reset '%s': %s", path, strerror(errno));
			goto out;
		}
		free(cur);
		cur = next;
		next = NULL;
	}
	if (status >= 400) {
		rc = pcl_error_set(err, PCL_E_IO, "'%s': HTTP %ld", cur,
		    status);
		goto out;
	}
	if (status < 200 || status >= 300) {
		rc = pcl_error_set(err, PCL_E_IO,
		    "'%s': unexpected HTTP status %ld", cur, status);
		goto out;
	}
out:
	if (s.fp != NULL && fclose(s.fp) != 0 && rc == PCL_OK)
		rc = pcl_error_set(err, PCL_E_WRITE, "cannot write '%s': %s",
		    path, strerror(errno));
	if (rc != PCL_OK && path != NULL) {
		unlink(path);
		free(path);
		path = NULL;
	}
	free(cur);
	free(next);
	curl_global_cleanup();
	if (rc == PCL_OK) {
		*out_path = path;
		if (out_bytes != NULL)
			*out_bytes = s.bytes;
	}
	return rc;
}
