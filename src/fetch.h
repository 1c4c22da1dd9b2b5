/*
 * fetch: download one URL to a new temporary file with libcurl, for
 * `data update`. Owns the transfer rules: HTTPS only (plain http:// only to
 * a loopback host), redirects followed and re-checked hop by hop, HTTP
 * status >= 400 is a failure naming the status, a size cap, timeouts.
 * Proxies come from libcurl's usual environment variables (https_proxy,
 * HTTPS_PROXY, http_proxy, ALL_PROXY, NO_PROXY); a loopback URL never goes
 * through a proxy.
 */
#ifndef PCL_FETCH_H
#define PCL_FETCH_H

#include <stddef.h>

#include "error.h"

/* Defaults of struct pcl_fetch_opts. */
#define PCL_FETCH_CONNECT_TIMEOUT_DEFAULT 30L	/* seconds */
#define PCL_FETCH_TIMEOUT_DEFAULT	  300L	/* seconds, whole transfer */
#define PCL_FETCH_MAX_BYTES_DEFAULT	  (64ULL << 20)	/* 64 MiB */
#define PCL_FETCH_MAX_REDIRECTS_DEFAULT	  5

/*
 * Transfer limits. 'user_agent' is borrowed for the call (NULL: the
 * default "parcelclear"). Fill with pcl_fetch_opts_init, then change.
 */
struct pcl_fetch_opts {
	long		    connect_timeout;	/* seconds to connect */
	long		    timeout;		/* seconds, whole transfer */
	unsigned long long  max_bytes;		/* body size cap */
	int		    max_redirects;
	const char	   *user_agent;
};

/* Sets every field of 'o' to its default. */
void pcl_fetch_opts_init(struct pcl_fetch_opts *o);

/*
 * Checks that 'url' may be fetched: scheme https, or scheme http with a
 * loopback host (127.0.0.0/8, ::1, localhost). Returns PCL_OK, or
 * PCL_E_USAGE with a message naming the URL ("refusing plain http to
 * 'example.com' ...", "unsupported scheme ...", "malformed URL ...").
 */
int pcl_fetch_url_allowed(const char *url, struct pcl_error *err)
    PCL_NODISCARD;

/*
 * Fetches 'url' with GET into a new file created in directory 'dir' (so a
 * later rename into a store in the same directory is atomic), following up
 * to o->max_redirects redirects, each hop checked by pcl_fetch_url_allowed.
 * 'o' may be NULL for the defaults. On PCL_OK '*out_path' is the file's
 * path, owned by caller (free() it; the file is the caller's to rename or
 * unlink), and '*out_bytes' (may be NULL) its size. On failure no file is
 * left behind and '*out_path' is NULL. Errors: PCL_E_USAGE (URL refused),
 * PCL_E_IO (cannot connect, timeout, TLS, HTTP status >= 400: the message
 * names the status, "'URL': HTTP 404"), PCL_E_TOOBIG (body over
 * o->max_bytes), PCL_E_WRITE (temporary file), PCL_E_NOMEM.
 */
int pcl_fetch_to_file(const char *url, const char *dir,
    const struct pcl_fetch_opts *o, char **out_path,
    unsigned long long *out_bytes, struct pcl_error *err) PCL_NODISCARD;

#endif
