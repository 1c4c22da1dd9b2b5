/*
 * test_fetch: downloads from a small HTTP server on 127.0.0.1 run by the
 * test itself (a thread), so nothing needs the internet. Every file goes
 * to a mkdtemp directory that is removed afterwards.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test_util.h"
#include "fetch.h"

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

static void
send_str(int c, const char *s)
{
	send_all(c, s, strlen(s));
}

/* Sends a status line, optional Location, and 'body' with its length. */
static void
reply(int c, const char *status, const char *location, const char *body)
{
	char head[512];

	snprintf(head, sizeof head,
	    "HTTP/1.1 %s\r\n%s%s%sContent-Length: %zu\r\n"
	    "Connection: close\r\n\r\n", status,
	    location != NULL ? "Location: " : "",
	    location != NULL ? location : "", location != NULL ? "\r\n" : "",
	    strlen(body));
	send_str(c, head);
	send_str(c, body);
}

/* Sends 5000 bytes of 'x', announcing the length or not. */
static void
reply_big(int c, int with_length)
{
	char body[5000];

	memset(body, 'x', sizeof body);
	send_str(c, with_length ?
	    "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n"
	    "Connection: close\r\n\r\n" :
	    "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
	send_all(c, body, sizeof body);
}

static void
handle(int c)
{
	char req[4096], path[256];
	size_t n = 0;
	ssize_t r;

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
	if (strcmp(path, "/ok") == 0)
		reply(c, "200 OK", NULL, "hello\n");
	else if (strcmp(path, "/redirect") == 0)
		reply(c, "302 Found", "/ok", "");
	else if (strcmp(path, "/redirect-loop") == 0)
		reply(c, "302 Found", "/redirect-loop", "");
	else if (strcmp(path, "/redirect-away") == 0)
		reply(c, "302 Found", "http://example.invalid/x", "");
	else if (strcmp(path, "/broken") == 0)
		reply(c, "500 Internal Server Error", NULL, "oops\n");
	else if (strcmp(path, "/big") == 0)
		reply_big(c, 1);
	else if (strcmp(path, "/big-unannounced") == 0)
		reply_big(c, 0);
	else if (strcmp(path, "/slow") == 0) {
		struct pollfd p = { c, POLLIN, 0 };

		/* headers, then nothing until the client gives up */
		send_str(c, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
		while (poll(&p, 1, 5000) > 0 && recv(c, req, sizeof req, 0) > 0)
			;
	} else
		reply(c, "404 Not Found", NULL, "not found\n");
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

/* Binds 127.0.0.1 on a free port; listens and serves when 'run'. */
static int
server_start(struct server *sv, int run)
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
	    getsockname(sv->fd, (struct sockaddr *)&a, &len) != 0)
		return -1;
	sv->port = ntohs(a.sin_port);
	if (!run)
		return 0;
	if (listen(sv->fd, 8) != 0)
		return -1;
	return pthread_create(&sv->thread, NULL, serve, sv) == 0 ? 0 : -1;
}

static void
server_stop(struct server *sv)
{
	shutdown(sv->fd, SHUT_RDWR);
	pthread_join(sv->thread, NULL);
	close(sv->fd);
}

static void
url_of(char *buf, size_t n, const struct server *sv, const char *path)
{
	snprintf(buf, n, "http://127.0.0.1:%d%s", sv->port, path);
}

/* Number of entries in 'dir' besides . and .. */
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

static char *
read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	if (fp == NULL)
		return NULL;
	buf = calloc(1, 65536);
	*len = buf != NULL ? fread(buf, 1, 65535, fp) : 0;
	fclose(fp);
	return buf;
}

/* Fetches 'path' from 'sv' into a fresh directory; returns the status. */
static int
fetch_into(const struct server *sv, const char *path,
    const struct pcl_fetch_opts *o, char *dir, char **out,
    unsigned long long *bytes, struct pcl_error *err)
{
	char url[256];

	url_of(url, sizeof url, sv, path);
	return pcl_fetch_to_file(url, dir, o, out, bytes, err);
}

static char *
new_dir(char buf[64])
{
	snprintf(buf, 64, "/tmp/pcl-fetch-XXXXXX");
	return mkdtemp(buf);
}

static void
test_fetch_url_allowed_https_and_loopback_only(void)
{
	struct pcl_error err;

	CU_ASSERT_EQUAL(pcl_fetch_url_allowed(
	    "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip",
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("http://127.0.0.1:8080/x",
	    &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("http://127.200.3.4/x", &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("http://localhost:99/x", &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("http://[::1]:99/x", &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("http://example.com/x", &err),
	    PCL_E_USAGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'example.com'"));
	/* a name that merely starts like a loopback address is not one */
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed(
	    "http://127.0.0.1.example.com/x", &err), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("http://128.0.0.1/x", &err),
	    PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("http://[::2]/x", &err),
	    PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("ftp://127.0.0.1/x", &err),
	    PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("file:///etc/passwd", &err),
	    PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_fetch_url_allowed("not a url", &err),
	    PCL_E_USAGE);
}

static void
test_fetch_ok_writes_the_body_to_a_file_in_dir(void)
{
	struct server sv;
	struct pcl_error err;
	char dir[64], *path = NULL, *body;
	unsigned long long bytes = 0;
	size_t len = 0;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	CU_ASSERT_FATAL(server_start(&sv, 1) == 0);
	CU_ASSERT_EQUAL(fetch_into(&sv, "/ok", NULL, dir, &path, &bytes,
	    &err), PCL_OK);
	server_stop(&sv);
	CU_ASSERT_FATAL(path != NULL);
	CU_ASSERT_EQUAL(strncmp(path, dir, strlen(dir)), 0);
	CU_ASSERT_EQUAL(bytes, 6);
	body = read_all(path, &len);
	CU_ASSERT_EQUAL(len, 6);
	CU_ASSERT(body != NULL && memcmp(body, "hello\n", 6) == 0);
	free(body);
	unlink(path);
	free(path);
	rmdir(dir);
}

static void
test_fetch_follows_a_redirect_on_loopback(void)
{
	struct server sv;
	struct pcl_error err;
	char dir[64], *path = NULL, *body;
	size_t len = 0;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	CU_ASSERT_FATAL(server_start(&sv, 1) == 0);
	CU_ASSERT_EQUAL(fetch_into(&sv, "/redirect", NULL, dir, &path, NULL,
	    &err), PCL_OK);
	server_stop(&sv);
	CU_ASSERT_FATAL(path != NULL);
	body = read_all(path, &len);
	CU_ASSERT(len == 6 && body != NULL && memcmp(body, "hello\n", 6) == 0);
	free(body);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* Each failure leaves the directory as empty as it was. */
static void
expect_failure(const char *urlpath, const struct pcl_fetch_opts *o,
    int code, const char *in_msg)
{
	struct server sv;
	struct pcl_error err;
	char dir[64], *path = (char *)1;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	CU_ASSERT_FATAL(server_start(&sv, 1) == 0);
	CU_ASSERT_EQUAL(fetch_into(&sv, urlpath, o, dir, &path, NULL, &err),
	    code);
	server_stop(&sv);
	CU_ASSERT_PTR_NULL(path);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, in_msg));
	CU_ASSERT_EQUAL(count_entries(dir), 0);
	rmdir(dir);
}

static void
test_fetch_http_404_fails_naming_the_status(void)
{
	expect_failure("/missing", NULL, PCL_E_IO, "HTTP 404");
	expect_failure("/broken", NULL, PCL_E_IO, "HTTP 500");
}

static void
test_fetch_redirect_to_plain_http_elsewhere_is_refused(void)
{
	expect_failure("/redirect-away", NULL, PCL_E_USAGE,
	    "'example.invalid'");
}

static void
test_fetch_redirect_loop_stops(void)
{
	expect_failure("/redirect-loop", NULL, PCL_E_IO, "more than 5");
}

static void
test_fetch_over_size_cap_fails(void)
{
	struct pcl_fetch_opts o;

	pcl_fetch_opts_init(&o);
	o.max_bytes = 1000;
	expect_failure("/big", &o, PCL_E_TOOBIG, "1000-byte limit");
	expect_failure("/big-unannounced", &o, PCL_E_TOOBIG,
	    "1000-byte limit");
	/* the cap is inclusive: 5000 bytes fit a 5000-byte cap */
	{
		struct server sv;
		struct pcl_error err;
		char dir[64], *path = NULL;
		unsigned long long bytes = 0;

		o.max_bytes = 5000;
		CU_ASSERT_FATAL(new_dir(dir) != NULL);
		CU_ASSERT_FATAL(server_start(&sv, 1) == 0);
		CU_ASSERT_EQUAL(fetch_into(&sv, "/big-unannounced", &o, dir,
		    &path, &bytes, &err), PCL_OK);
		server_stop(&sv);
		CU_ASSERT_EQUAL(bytes, 5000);
		if (path != NULL)
			unlink(path);
		free(path);
		rmdir(dir);
	}
}

static void
test_fetch_timeout_fails(void)
{
	struct pcl_fetch_opts o;

	pcl_fetch_opts_init(&o);
	o.timeout = 1;
	expect_failure("/slow", &o, PCL_E_IO, "/slow");
}

static void
test_fetch_server_down_fails(void)
{
	struct server sv;
	struct pcl_error err;
	char dir[64], *path = NULL;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	/* a bound port nobody listens on: the connection is refused */
	CU_ASSERT_FATAL(server_start(&sv, 0) == 0);
	CU_ASSERT_EQUAL(fetch_into(&sv, "/ok", NULL, dir, &path, NULL, &err),
	    PCL_E_IO);
	close(sv.fd);
	CU_ASSERT_PTR_NULL(path);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "127.0.0.1"));
	CU_ASSERT_EQUAL(count_entries(dir), 0);
	rmdir(dir);
}

static void
test_fetch_plain_http_elsewhere_refused_before_connecting(void)
{
	struct pcl_error err;
	char dir[64], *path = NULL;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	CU_ASSERT_EQUAL(pcl_fetch_to_file("http://example.invalid/x", dir,
	    NULL, &path, NULL, &err), PCL_E_USAGE);
	CU_ASSERT_PTR_NULL(path);
	CU_ASSERT_EQUAL(count_entries(dir), 0);
	rmdir(dir);
}

static void
test_fetch_loopback_bypasses_the_environment_proxy(void)
{
	struct server sv, dead;
	struct pcl_error err;
	char dir[64], proxy[64], *path = NULL;

	CU_ASSERT_FATAL(new_dir(dir) != NULL);
	CU_ASSERT_FATAL(server_start(&dead, 0) == 0);
	snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", dead.port);
	CU_ASSERT_FATAL(server_start(&sv, 1) == 0);
	setenv("http_proxy", proxy, 1);
	setenv("ALL_PROXY", proxy, 1);
	CU_ASSERT_EQUAL(fetch_into(&sv, "/ok", NULL, dir, &path, NULL, &err),
	    PCL_OK);
	unsetenv("http_proxy");
	unsetenv("ALL_PROXY");
	server_stop(&sv);
	close(dead.fd);
	if (path != NULL)
		unlink(path);
	free(path);
	rmdir(dir);
}

static const struct pcl_test tests[] = {
	PCL_TEST(test_fetch_url_allowed_https_and_loopback_only),
	PCL_TEST(test_fetch_ok_writes_the_body_to_a_file_in_dir),
	PCL_TEST(test_fetch_follows_a_redirect_on_loopback),
	PCL_TEST(test_fetch_http_404_fails_naming_the_status),
	PCL_TEST(test_fetch_redirect_to_plain_http_elsewhere_is_refused),
	PCL_TEST(test_fetch_redirect_loop_stops),
	PCL_TEST(test_fetch_over_size_cap_fails),
	PCL_TEST(test_fetch_timeout_fails),
	PCL_TEST(test_fetch_server_down_fails),
	PCL_TEST(test_fetch_plain_http_elsewhere_refused_before_connecting),
	PCL_TEST(test_fetch_loopback_bypasses_the_environment_proxy),
	{ NULL, NULL }
};

void test_fetch_register(void);

void
test_fetch_register(void)
{
	PCL_TEST_SUITE("fetch", tests);
}
