/*
 * postcode: destination postcode formats and the leading-zero check
 * (see postcode.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"
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

/*
 * Parses the table in 'd' into 'p': a header starting with the columns
 * country, pattern, example, then rows of at least four fields.
 */
static int
load(struct pcl_postcodes *p, struct pcl_datafile *d, size_t len,
    struct pcl_error *err)
{
	static const char *const cols[] = { "country", "pattern", "example" };
	size_t used = 0, n, i;
	char **f;
	int k, rc;

	if ((p->text = malloc(len + 1)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	for (k = 0; k < 26 * 26; k++)
		p->at[k] = -1;
	rc = pcl_datafile_next(d, err);
	if (rc == PCL_END)
		return pcl_datafile_error(d, err, PCL_E_PARSE, NULL,
		    "header is not 'country,pattern,example,source'");
	if (rc != PCL_OK)
		return rc;
	f = pcl_datafile_fields(d);
	for (i = 0; i < 3; i++)
		if (i >= pcl_datafile_nfields(d) || strcmp(f[i], cols[i]) != 0)
			return pcl_datafile_error(d, err, PCL_E_PARSE, NULL,
			    "header is not 'country,pattern,example,source'");
	while ((rc = pcl_datafile_next(d, err)) == PCL_OK) {
		f = pcl_datafile_fields(d);
		if (pcl_datafile_nfields(d) < 4)
			return pcl_datafile_error(d, err, PCL_E_PARSE, NULL,
			    "fewer than 4 fields");
		if (pcl_datafile_len(d, 0) != 2 || (k = slot(f[0])) < 0)
			return pcl_datafile_error(d, err, PCL_E_PARSE,
			    "country", "country is not two capital letters");
		n = pcl_datafile_len(d, 1);
		if (n == 0)
			return pcl_datafile_error(d, err, PCL_E_PARSE,
			    "pattern", "empty pattern");
		if (p->at[k] >= 0)
			return pcl_datafile_error(d, err, PCL_E_PARSE,
			    "country", "country listed twice");
		memcpy(p->text + used, f[1], n + 1);
		if (!match(p->text + used, f[2], pcl_datafile_len(d, 2)))
			return pcl_datafile_error(d, err, PCL_E_PARSE,
			    "example", "example does not match the pattern");
		p->at[k] = (int)used;
		used += n + 1;
	}
	return rc == PCL_END ? PCL_OK : rc;
}

int
pcl_postcodes_open(struct pcl_postcodes **out, const char *path,
    struct pcl_error *err)
{
	struct pcl_postcodes *p;
	struct pcl_datafile *d;
	int rc;

	*out = NULL;
	pcl_error_clear(err);
	if ((p = calloc(1, sizeof *p)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	if ((rc = pcl_datafile_open(&d, path, PATH_DEFAULT, NULL, err)) !=
	    PCL_OK) {
		free(p);
		return rc;
	}
	rc = load(p, d, pcl_datafile_size(d), err);
	pcl_datafile_close(d);
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
	 * is tried once, with its own k.
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
