/*
 * postcode: destination postcode formats and the leading-zero check
 * (see postcode.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "postcode.h"
#include "banned.h"

#define PATH_DEFAULT	"data/postcodes/formats.csv"
#define MAX_CODE	16	/* longest postcode tried with zeros in front */

struct pcl_postcodes {
	char	*text;			/* NUL-separated patterns */
	int	 at[26 * 26];		/* offset of the pattern of AA..ZZ, -1 */
};

static int
slot(const char *cc)
{
	if (cc == NULL || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' ||
	    cc[1] > 'Z')
		return -1;
	return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static int
is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* 1 if 's' matches one alternative 'pat' ('plen' bytes) exactly. */
static int
match_one(const char *pat, size_t plen, const char *s, size_t n)
{
	size_t i;

	if (plen != n)
		return 0;
	for (i = 0; i < n; i++) {
		switch (pat[i]) {
		case '9':
			if (s[i] < '0' || s[i] > '9')
				return 0;
			break;
		case '1':
			if (s[i] < '1' || s[i] > '9')
				return 0;
			break;
		case 'A':
			if (!is_letter(s[i]))
				return 0;
			break;
		default:
			if (s[i] != pat[i])
				return 0;
		}
	}
	return 1;
}

/* 1 if 's' matches any alternative of 'pats' ("A|B|C"). */
static int
match(const char *pats, const char *s, size_t n)
{
	const char *p = pats, *e;

	for (;;) {
		for (e = p; *e != '\0' && *e != '|'; e++)
			;
		if (match_one(p, (size_t)(e - p), s, n))
			return 1;
		if (*e == '\0')
			return 0;
		p = e + 1;
	}
}

static int
parse_err(struct pcl_error *err, const char *name, unsigned long line,
    const char *what)
{
	pcl_error_set(err, PCL_E_PARSE, "%s", what);
	if (err != NULL) {
		snprintf(err->file, sizeof err->file, "%s", name);
		err->line = line;
	}
	return PCL_E_PARSE;
}

/* Parses the table in 'data' ('len' bytes) into 'p'. */
static int
load(struct pcl_postcodes *p, const char *name, const char *data, size_t len,
    struct pcl_error *err)
{
	const char *s = data, *end = data + len, *eol, *c1, *c2, *c3;
	unsigned long line = 0;
	size_t used = 0, n;
	int k;

	if ((p->text = malloc(len + 1)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	for (k = 0; k < 26 * 26; k++)
		p->at[k] = -1;
	for (; s < end; s = eol + 1) {
		line++;
		eol = memchr(s, '\n', (size_t)(end - s));
		if (eol == NULL)
			eol = end;
		n = (size_t)(eol - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (line == 1) {
			if (n < 22 || memcmp(s, "country,pattern,example", 23) != 0)
				return parse_err(err, name, line,
				    "header is not 'country,pattern,example,source'");
			continue;
		}
		if (n == 0)
			continue;
		c1 = memchr(s, ',', n);
		c2 = c1 != NULL ? memchr(c1 + 1, ',', n - (size_t)(c1 + 1 - s)) : NULL;
		c3 = c2 != NULL ? memchr(c2 + 1, ',', n - (size_t)(c2 + 1 - s)) : NULL;
		if (c3 == NULL)
			return parse_err(err, name, line, "fewer than 4 fields");
		if (c1 - s != 2 || (k = slot(s)) < 0)
			return parse_err(err, name, line,
			    "country is not two capital letters");
		if (c2 == c1 + 1)
			return parse_err(err, name, line, "empty pattern");
		if (p->at[k] >= 0)
			return parse_err(err, name, line, "country listed twice");
		memcpy(p->text + used, c1 + 1, (size_t)(c2 - c1 - 1));
		p->text[used + (size_t)(c2 - c1 - 1)] = '\0';
		if (!match(p->text + used, c2 + 1, (size_t)(c3 - c2 - 1)))
			return parse_err(err, name, line,
			    "example does not match the pattern");
		p->at[k] = (int)used;
		used += (size_t)(c2 - c1);
	}
	return PCL_OK;
}

int
pcl_postcodes_open(struct pcl_postcodes **out, const char *path,
    struct pcl_error *err)
{
	struct pcl_postcodes *p;
	const unsigned char *data;
	char *buf = NULL;
	size_t len = 0, cap = 0, r;
	FILE *f;
	int rc;

	*out = NULL;
	pcl_error_clear(err);
	if ((p = calloc(1, sizeof *p)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	if (path == NULL) {
		if (!pcl_embed_find(PATH_DEFAULT, &data, &len)) {
			free(p);
			return pcl_error_set(err, PCL_E_IO, "'%s' not embedded",
			    PATH_DEFAULT);
		}
		rc = load(p, PATH_DEFAULT, (const char *)data, len, err);
	} else {
		if ((f = fopen(path, "rb")) == NULL) {
			free(p);
			return pcl_error_set(err, PCL_E_IO, "cannot open '%s'",
			    path);
		}
		do {
			if (len == cap) {
				char *nb = realloc(buf, cap = cap * 2 + 4096);

				if (nb == NULL) {
					free(buf);
					fclose(f);
					free(p);
					return pcl_error_set(err, PCL_E_NOMEM,
					    "out of memory");
				}
				buf = nb;
			}
			r = fread(buf + len, 1, cap - len, f);
			len += r;
		} while (r > 0);
		rc = ferror(f) ? pcl_error_set(err, PCL_E_IO,
		    "cannot read '%s'", path) : load(p, path, buf, len, err);
		fclose(f);
		free(buf);
	}
	if (rc != PCL_OK) {
		pcl_postcodes_free(p);
		return rc;
	}
	*out = p;
	return PCL_OK;
}

void
pcl_postcodes_free(struct pcl_postcodes *p)
{
	if (p == NULL)
		return;
	free(p->text);
	free(p);
}

const char *
pcl_postcodes_pattern(const struct pcl_postcodes *p, const char *cc)
{
	int k = slot(cc);

	if (p == NULL || k < 0 || p->at[k] < 0)
		return NULL;
	return p->text + p->at[k];
}

int
pcl_postcodes_check(const struct pcl_postcodes *p, const char *cc,
    const char *s, size_t len)
{
	const char *pat = pcl_postcodes_pattern(p, cc), *p0, *e;
	char buf[MAX_CODE];
	size_t k;

	if (pat == NULL)
		return PCL_POSTCODE_NO_FORMAT;
	if (match(pat, s, len))
		return PCL_POSTCODE_OK;
	if (len == 0 || s[0] < '0' || s[0] > '9')
		return PCL_POSTCODE_FORMAT;
	/*
	 * Some k >= 1 leading zeros (k + len <= sizeof buf) make it match:
	 * only an alternative of length len + k can, so each alternative
	 * is tried once, with its own k (#5).
	 */
	for (p0 = pat;; p0 = e + 1) {
		for (e = p0; *e != '\0' && *e != '|'; e++)
			;
		k = (size_t)(e - p0);
		if (k > len && k <= sizeof buf) {
			memset(buf, '0', k - len);
			memcpy(buf + (k - len), s, len);
			if (match_one(p0, k, buf, k))
				return PCL_POSTCODE_LEADING_ZERO_LOST;
		}
		if (*e == '\0')
			break;
	}
	return PCL_POSTCODE_FORMAT;
}
