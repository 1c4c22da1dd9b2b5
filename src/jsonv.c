/*
 * jsonv: a small JSON reader into a tree (see jsonv.h).
 */
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "banned.h"

#define MAX_DEPTH 64

struct rd {
	const char	*s, *end;
	unsigned long	 line;
	struct pcl_error *err;
	int		 rc;
};

static int
fail(struct rd *r, const char *what)
{
	if (r->rc == PCL_OK) {
		r->rc = pcl_error_set(r->err, PCL_E_PARSE, "%s", what);
		if (r->err != NULL)
			r->err->line = r->line;
	}
	return -1;
}

static void
ws(struct rd *r)
{
	while (r->s < r->end && (*r->s == ' ' || *r->s == '\t' ||
	    *r->s == '\n' || *r->s == '\r')) {
		if (*r->s == '\n')
			r->line++;
		r->s++;
	}
}

static struct pcl_jsonv *
node(struct rd *r, enum pcl_jsonv_type t)
{
	struct pcl_jsonv *v = calloc(1, sizeof *v);

	if (v == NULL)
		r->rc = pcl_error_set(r->err, PCL_E_NOMEM, "out of memory");
	else
		v->type = t;
	return v;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends code point 'cp' as UTF-8 at 'o'; returns bytes written. */
static size_t
put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static unsigned long
hex4(struct rd *r)
{
	unsigned long cp = 0;
	int i, h;

	if (r->end - r->s < 4)
		return (unsigned long)fail(r, "truncated \\u escape");
	for (i = 0; i < 4; i++) {
		if ((h = hexval((unsigned char)r->s[i])) < 0)
			return (unsigned long)fail(r, "bad \\u escape");
		cp = cp * 16 + (unsigned long)h;
	}
	r->s += 4;
	return cp;
}

/* Reads a string after its opening quote into a new buffer. */
static char *
string(struct rd *r)
{
	const char *p = r->s;
	char *buf, *o;

	/* the unescaped text is never longer than the escaped one */
	while (p < r->end && *p != '"')
		p += *p == '\\' ? 2 : 1;
	if (p >= r->end) {
		fail(r, "unterminated string");
		return NULL;
	}
	if ((buf = malloc((size_t)(p - r->s) + 1)) == NULL) {
		r->rc = pcl_error_set(r->err, PCL_E_NOMEM, "out of memory");
		return NULL;
	}
	o = buf;
	while (*r->s != '"') {
		unsigned char c = (unsigned char)*r->s++;

		if (c < 0x20) {
			free(buf);
			fail(r, "control character in a string");
			return NULL;
		}
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		c = (unsigned char)*r->s++;
		switch (c) {
		case '"': case '\\': case '/': *o++ = (char)c; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned long cp = hex4(r), lo;

			if (r->rc != PCL_OK)
				break;
			if (cp >= 0xd800 && cp < 0xdc00 && r->end - r->s >= 6 &&
			    r->s[0] == '\\' && r->s[1] == 'u') {
				r->s += 2;
				lo = hex4(r);
				if (r->rc == PCL_OK && lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
			}
			/* 6 escaped bytes give at most 4 bytes of UTF-8 */
			o += put_utf8(o, cp);
			break;
		}
		default:
			fail(r, "bad escape in a string");
		}
		if (r->rc != PCL_OK) {
			free(buf);
			return NULL;
		}
	}
	r->s++;
	*o = '\0';
	return buf;
}

static struct pcl_jsonv *value(struct rd *r, int depth);

static int
add_kid(struct rd *r, struct pcl_jsonv *v, char *key, struct pcl_jsonv *kid)
{
	struct pcl_jsonv **k = realloc(v->kids, (v->n + 1) * sizeof *k);
	char **ks;

	if (k == NULL)
		goto nomem;
	v->kids = k;
	if (v->type == PCL_JSONV_OBJECT) {
		if ((ks = realloc(v->keys, (v->n + 1) * sizeof *ks)) == NULL)
			goto nomem;
		v->keys = ks;
		ks[v->n] = key;
	}
	k[v->n++] = kid;
	return 0;
nomem:
	free(key);
	pcl_jsonv_free(kid);
	r->rc = pcl_error_set(r->err, PCL_E_NOMEM, "out of memory");
	return -1;
}

static struct pcl_jsonv *
container(struct rd *r, int depth, int obj)
{
	struct pcl_jsonv *v = node(r, obj ? PCL_JSONV_OBJECT : PCL_JSONV_ARRAY);
	char close = obj ? '}' : ']';

	if (v == NULL)
		return NULL;
	ws(r);
	if (r->s < r->end && *r->s == close) {
		r->s++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct pcl_jsonv *kid;

		ws(r);
		if (obj) {
			if (r->s >= r->end || *r->s != '"') {
				fail(r, "expected a member name");
				break;
			}
			r->s++;
			if ((key = string(r)) == NULL)
				break;
			ws(r);
			if (r->s >= r->end || *r->s != ':') {
				free(key);
				fail(r, "expected ':'");
				break;
			}
			r->s++;
		}
		if ((kid = value(r, depth + 1)) == NULL) {
			free(key);
			break;
		}
		if (add_kid(r, v, key, kid) != 0)
			break;
		ws(r);
		if (r->s < r->end && *r->s == ',') {
			r->s++;
			continue;
		}
		if (r->s < r->end && *r->s == close) {
			r->s++;
			return v;
		}
		fail(r, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		break;
	}
	pcl_jsonv_free(v);
	return NULL;
}

static struct pcl_jsonv *
literal(struct rd *r, enum pcl_jsonv_type t, const char *word)
{
	size_t n = strlen(word);
	struct pcl_jsonv *v;

	if ((size_t)(r->end - r->s) < n || memcmp(r->s, word, n) != 0) {
		fail(r, "unexpected text");
		return NULL;
	}
	r->s += n;
	if ((v = node(r, t)) == NULL)
		return NULL;
	if ((v->text = malloc(n + 1)) == NULL) {
		free(v);
		r->rc = pcl_error_set(r->err, PCL_E_NOMEM, "out of memory");
		return NULL;
	}
	memcpy(v->text, word, n + 1);
	return v;
}

static struct pcl_jsonv *
number(struct rd *r)
{
	const char *p = r->s;
	struct pcl_jsonv *v;

	if (p < r->end && *p == '-')
		p++;
	if (p >= r->end || *p < '0' || *p > '9') {
		fail(r, "unexpected text");
		return NULL;
	}
	while (p < r->end && ((*p >= '0' && *p <= '9') || *p == '.' ||
	    *p == 'e' || *p == 'E' || *p == '+' || *p == '-'))
		p++;
	if ((v = node(r, PCL_JSONV_NUMBER)) == NULL)
		return NULL;
	if ((v->text = malloc((size_t)(p - r->s) + 1)) == NULL) {
		free(v);
		r->rc = pcl_error_set(r->err, PCL_E_NOMEM, "out of memory");
		return NULL;
	}
	memcpy(v->text, r->s, (size_t)(p - r->s));
	v->text[p - r->s] = '\0';
	r->s = p;
	return v;
}

static struct pcl_jsonv *
value(struct rd *r, int depth)
{
	struct pcl_jsonv *v;

	if (depth > MAX_DEPTH) {
		fail(r, "nested too deeply");
		return NULL;
	}
	ws(r);
	if (r->s >= r->end) {
		fail(r, "unexpected end of input");
		return NULL;
	}
	switch (*r->s) {
	case '{':
		r->s++;
		return container(r, depth, 1);
	case '[':
		r->s++;
		return container(r, depth, 0);
	case '"':
		r->s++;
		if ((v = node(r, PCL_JSONV_STRING)) == NULL)
			return NULL;
		if ((v->text = string(r)) == NULL) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
		return literal(r, PCL_JSONV_BOOL, "true");
	case 'f':
		return literal(r, PCL_JSONV_BOOL, "false");
	case 'n':
		return literal(r, PCL_JSONV_NULL, "null");
	default:
		return number(r);
	}
}

int
pcl_jsonv_parse(const char *s, size_t len, struct pcl_jsonv **out,
    struct pcl_error *err)
{
	struct rd r;
	struct pcl_jsonv *v;

	*out = NULL;
	r.s = s;
	r.end = s + len;
	r.line = 1;
	r.err = err;
	r.rc = PCL_OK;
	pcl_error_clear(err);
	v = value(&r, 0);
	if (v != NULL) {
		ws(&r);
		if (r.s != r.end) {
			fail(&r, "text after the value");
			pcl_jsonv_free(v);
			v = NULL;
		}
	}
	if (v == NULL)
		return r.rc != PCL_OK ? r.rc : PCL_E_PARSE;
	*out = v;
	return PCL_OK;
}

void
pcl_jsonv_free(struct pcl_jsonv *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		pcl_jsonv_free(v->kids[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->kids);
	free(v->keys);
	free(v->text);
	free(v);
}

const struct pcl_jsonv *
pcl_jsonv_get(const struct pcl_jsonv *v, const char *key)
{
	size_t i;

	if (v == NULL || v->type != PCL_JSONV_OBJECT)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return v->kids[i];
	return NULL;
}

const char *
pcl_jsonv_str(const struct pcl_jsonv *v)
{
	return v != NULL && v->type == PCL_JSONV_STRING ? v->text : NULL;
}
