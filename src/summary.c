/*
 * summary: a small JSON writer for summary.json, and process figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "banned.h"

#define MAX_DEPTH 16

struct pcl_json {
	char	*buf;
	size_t	 len, cap;
	int	 depth, failed;
	int	 count[MAX_DEPTH];	/* members written at each depth */
};

int
pcl_json_new(struct pcl_json **out)
{
	struct pcl_json *j = calloc(1, sizeof *j);

	*out = j;
	return j == NULL ? PCL_E_NOMEM : PCL_OK;
}

void
pcl_json_free(struct pcl_json *j)
{
	if (j == NULL)
		return;
	free(j->buf);
	free(j);
}

static void
put(struct pcl_json *j, const char *s, size_t n)
{
	if (j->failed)
		return;
	if (j->len + n + 1 > j->cap) {
		size_t cap = j->cap ? j->cap : 4096;
		char *b;

		while (cap < j->len + n + 1)
			cap *= 2;
		if ((b = realloc(j->buf, cap)) == NULL) {
			j->failed = 1;
			return;
		}
		j->buf = b;
		j->cap = cap;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void
puts_(struct pcl_json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void
quoted(struct pcl_json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	put(j, "\"", 1);
	for (; *p != '\0'; p++) {
		char esc[8];

		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			put(j, esc, 2);
		} else if (*p < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			puts_(j, esc);
		} else {
			put(j, (const char *)p, 1);
		}
	}
	put(j, "\"", 1);
}

/* Comma, newline and indentation before a member, then "key": */
static void
member(struct pcl_json *j, const char *key)
{
	int i;

	if (j->depth > MAX_DEPTH) {
		j->failed = 1;	/* too deep to track commas */
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth - 1]++ > 0)
			put(j, ",", 1);
		put(j, "\n", 1);
		for (i = 0; i < j->depth; i++)
			put(j, "  ", 2);
	}
	if (key != NULL) {
		quoted(j, key);
		put(j, ": ", 2);
	}
}

static void
open_(struct pcl_json *j, const char *key, const char *br)
{
	member(j, key);
	puts_(j, br);
	if (j->depth < MAX_DEPTH)
		j->count[j->depth] = 0;
	else
		j->failed = 1;
	j->depth++;
}

static void
close_(struct pcl_json *j, const char *br)
{
	int i, had;

	if (j->depth == 0) {
		j->failed = 1;	/* more closes than opens */
		return;
	}
	j->depth--;
	had = j->depth < MAX_DEPTH ? j->count[j->depth] : 1;
	if (had) {
		put(j, "\n", 1);
		for (i = 0; i < j->depth; i++)
			put(j, "  ", 2);
	}
	puts_(j, br);
	if (j->depth == 0)
		put(j, "\n", 1);
}

void
pcl_json_begin_object(struct pcl_json *j, const char *key)
{
	open_(j, key, "{");
}

void
pcl_json_end_object(struct pcl_json *j)
{
	close_(j, "}");
}

void
pcl_json_begin_array(struct pcl_json *j, const char *key)
{
	open_(j, key, "[");
}

void
pcl_json_end_array(struct pcl_json *j)
{
	close_(j, "]");
}

void
pcl_json_string(struct pcl_json *j, const char *key, const char *value)
{
	member(j, key);
	quoted(j, value);
}

void
pcl_json_null(struct pcl_json *j, const char *key)
{
	member(j, key);
	puts_(j, "null");
}

void
pcl_json_uint(struct pcl_json *j, const char *key, unsigned long long v)
{
	char b[32];

	member(j, key);
	snprintf(b, sizeof b, "%llu", v);
	puts_(j, b);
}

void
pcl_json_bool(struct pcl_json *j, const char *key, int v)
{
	member(j, key);
	puts_(j, v ? "true" : "false");
}

void
pcl_json_raw(struct pcl_json *j, const char *key, const char *num)
{
	member(j, key);
	puts_(j, num);
}

const char *
pcl_json_text(const struct pcl_json *j, size_t *len)
{
	if (j->failed)
		return NULL;
	*len = j->len;
	return j->buf != NULL ? j->buf : "";
}

unsigned long
pcl_summary_peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long kib = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0) {
			kib = strtoul(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	return kib;
}
