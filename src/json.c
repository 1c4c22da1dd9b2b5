/*
 * json: the JSON builder and reader over jansson (see json.h).
 *
 * jansson has no way to write a number as given text, and a double would
 * not keep "1.500" as written, so a raw number goes into the tree as a
 * placeholder string ("\x01" and its index) and the dumped text gets the
 * number in its place. No other string can produce that text: a caller's
 * string holding the byte 0x01 is written with it as "\x01" (four
 * characters), like an invalid UTF-8 byte.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errloc.h"
#include "json.h"
#include "manifest.h"
#include "readfile.h"
#include "banned.h"

#define MAX_DEPTH	16
#define RAW_MARK	'\x01'

struct pcl_json {
	json_t	*root;
	json_t	*stack[MAX_DEPTH];	/* open containers (borrowed) */
	int	 depth;
	int	 failed;
	int	 done;		/* the top-level value is complete */
	int	 compact;	/* one line, no spaces (JSON Lines) */
	char	**raw;		/* raw number texts, in the order written */
	size_t	 nraw, rawcap;
	char	*text;		/* the finished document */
	size_t	 len;
};

int
pcl_json_new(struct pcl_json **out)
{
	struct pcl_json *j = calloc(1, sizeof *j);

	*out = j;
	return j == NULL ? PCL_E_NOMEM : PCL_OK;
}

int
pcl_json_new_compact(struct pcl_json **out)
{
	int rc = pcl_json_new(out);

	if (rc == PCL_OK)
		(*out)->compact = 1;
	return rc;
}

void
pcl_json_free(struct pcl_json *j)
{
	size_t i;

	if (j == NULL)
		return;
	json_decref(j->root);
	for (i = 0; i < j->nraw; i++)
		free(j->raw[i]);
	free(j->raw);
	free(j->text);
	free(j);
}

/*
 * A copy of 's' where bytes that are not valid UTF-8, and the byte 0x01,
 * are the four characters "\xHH"; NULL when 's' needs no change or on
 * out of memory ('*nomem' set).
 */
static char *
escaped(const char *s, int *nomem)
{
	size_t n = strlen(s), need, i, k;
	json_t *probe;
	char *e, *out;

	*nomem = 0;
	if (strchr(s, RAW_MARK) == NULL) {
		if ((probe = json_string(s)) != NULL) {
			json_decref(probe);
			return NULL;
		}
	}
	if ((e = malloc(4 * n + 1)) == NULL) {
		*nomem = 1;
		return NULL;
	}
	need = pcl_manifest_escape(s, n, e, 4 * n);
	e[need] = '\0';
	if ((out = malloc(4 * need + 1)) == NULL) {
		free(e);
		*nomem = 1;
		return NULL;
	}
	for (i = 0, k = 0; i < need; i++) {
		if (e[i] == RAW_MARK) {
			memcpy(out + k, "\\x01", 4);
			k += 4;
		} else {
			out[k++] = e[i];
		}
	}
	out[k] = '\0';
	free(e);
	return out;
}

/* Finishes the document: dumps it and puts the raw numbers in place. */
static void
finish(struct pcl_json *j)
{
	char *dump, *out, mark[32], *tok, *at, *p;
	size_t i, cap, k = 0, tl;
	json_t *ph;

	j->done = 1;
	if ((dump = json_dumps(j->root, (j->compact ? JSON_COMPACT :
	    JSON_INDENT(2)) | JSON_ENCODE_ANY)) == NULL) {
		j->failed = 1;
		return;
	}
	cap = strlen(dump) + 2;
	for (i = 0; i < j->nraw; i++)
		cap += strlen(j->raw[i]);
	if ((out = malloc(cap)) == NULL) {
		free(dump);
		j->failed = 1;
		return;
	}
	p = dump;
	for (i = 0; i < j->nraw; i++) {
		snprintf(mark, sizeof mark, "%c%zu", RAW_MARK, i);
		if ((ph = json_string(mark)) == NULL ||
		    (tok = json_dumps(ph, JSON_ENCODE_ANY)) == NULL) {
			json_decref(ph);
			free(dump);
			free(out);
			j->failed = 1;
			return;
		}
		json_decref(ph);
		tl = strlen(tok);
		if ((at = strstr(p, tok)) == NULL) {
			free(tok);
			free(dump);
			free(out);
			j->failed = 1;
			return;
		}
		memcpy(out + k, p, (size_t)(at - p));
		k += (size_t)(at - p);
		memcpy(out + k, j->raw[i], strlen(j->raw[i]));
		k += strlen(j->raw[i]);
		p = at + tl;
		free(tok);
	}
	memcpy(out + k, p, strlen(p));
	k += strlen(p);
	out[k++] = '\n';
	out[k] = '\0';
	free(dump);
	j->text = out;
	j->len = k;
}

/* Adds 'v' (a new reference, NULL on out of memory) under 'key'. */
static void
add(struct pcl_json *j, const char *key, json_t *v)
{
	json_t *parent;
	char *ek = NULL;
	int nomem, rc;

	if (v == NULL)
		j->failed = 1;
	if (j->failed || j->done) {
		j->failed = 1;
		json_decref(v);
		return;
	}
	if (j->depth == 0) {
		j->root = v;
		if (!json_is_object(v) && !json_is_array(v))
			finish(j);
		return;
	}
	parent = j->stack[j->depth - 1];
	if (json_is_array(parent)) {
		if (json_array_append_new(parent, v) != 0)
			j->failed = 1;
		return;
	}
	if (key == NULL) {
		json_decref(v);
		j->failed = 1;
		return;
	}
	ek = escaped(key, &nomem);
	if (nomem) {
		json_decref(v);
		j->failed = 1;
		return;
	}
	rc = json_object_set_new(parent, ek != NULL ? ek : key, v);
	free(ek);
	if (rc != 0)
		j->failed = 1;
}

static void
open_(struct pcl_json *j, const char *key, json_t *v)
{
	if (j->depth >= MAX_DEPTH) {
		json_decref(v);
		j->failed = 1;
		return;
	}
	add(j, key, v);
	if (j->failed)
		return;
	j->stack[j->depth++] = v;
}

static void
close_(struct pcl_json *j)
{
	if (j->failed)
		return;
	if (j->depth == 0) {
		j->failed = 1;	/* more closes than opens */
		return;
	}
	if (--j->depth == 0)
		finish(j);
}

void
pcl_json_begin_object(struct pcl_json *j, const char *key)
{
	open_(j, key, json_object());
}

void
pcl_json_end_object(struct pcl_json *j)
{
	close_(j);
}

void
pcl_json_begin_array(struct pcl_json *j, const char *key)
{
	open_(j, key, json_array());
}

void
pcl_json_end_array(struct pcl_json *j)
{
	close_(j);
}

void
pcl_json_string(struct pcl_json *j, const char *key, const char *value)
{
	char *ev;
	int nomem;

	ev = escaped(value, &nomem);
	if (nomem) {
		j->failed = 1;
		return;
	}
	add(j, key, json_string(ev != NULL ? ev : value));
	free(ev);
}

void
pcl_json_null(struct pcl_json *j, const char *key)
{
	add(j, key, json_null());
}

void
pcl_json_bool(struct pcl_json *j, const char *key, int v)
{
	add(j, key, json_boolean(v));
}

void
pcl_json_raw(struct pcl_json *j, const char *key, const char *num)
{
	char mark[32], *copy, **nr;
	size_t n = strlen(num);

	if (j->nraw == j->rawcap) {
		size_t cap = j->rawcap == 0 ? 8 : j->rawcap * 2;

		if ((nr = realloc(j->raw, cap * sizeof *nr)) == NULL) {
			j->failed = 1;
			return;
		}
		j->raw = nr;
		j->rawcap = cap;
	}
	if ((copy = malloc(n + 1)) == NULL) {
		j->failed = 1;
		return;
	}
	memcpy(copy, num, n + 1);
	snprintf(mark, sizeof mark, "%c%zu", RAW_MARK, j->nraw);
	j->raw[j->nraw++] = copy;
	add(j, key, json_string(mark));
}

void
pcl_json_uint(struct pcl_json *j, const char *key, unsigned long long v)
{
	char b[32];

	if (v <= (unsigned long long)LLONG_MAX) {
		add(j, key, json_integer((json_int_t)v));
		return;
	}
	/* past jansson's integer range: written as its decimal text */
	snprintf(b, sizeof b, "%llu", v);
	pcl_json_raw(j, key, b);
}

const char *
pcl_json_text(const struct pcl_json *j, size_t *len)
{
	if (j->failed)
		return NULL;
	if (j->root == NULL) {
		*len = 0;
		return "";
	}
	if (j->text == NULL)
		return NULL;
	*len = j->len;
	return j->text;
}

int
pcl_json_load(const char *path, size_t max, json_t **out,
    struct pcl_error *err)
{
	json_error_t je;
	char *buf;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = pcl_readfile_all(path, max, &buf, &len, err)) != PCL_OK)
		return rc;
	*out = json_loadb(buf, len, 0, &je);
	free(buf);
	if (*out == NULL)
		return pcl_errloc_set(err, PCL_E_PARSE, path, 0,
		    je.line > 0 ? (unsigned long)je.line : 0, NULL, "%s",
		    je.text);
	return PCL_OK;
}
