/*
 * filing: the --filing file, read and validated (see filing.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "digest.h"
#include "errloc.h"
#include "filing.h"
#include "readfile.h"
#include "banned.h"

#define FILING_MAX_FILE	(64UL * 1024)	/* bytes */
#define FILING_MAX_VALUE 64		/* bytes, the longest value kept */

static const char *const keys[PCL_FILING_COUNT] = {
	"declarant_eori",
	"representative_eori",
	"representative_status",
	"customs_office",
	"location_of_goods",
	"master_waybill",
	"receptacle_id",
	"port_of_entry",
	"filer_code",
};

struct pcl_filing {
	char	value[PCL_FILING_COUNT][FILING_MAX_VALUE + 1];
	int	set[PCL_FILING_COUNT];
	char	sha256[65];
	char	name[4096];
};

const char *
pcl_filing_key_name(int k)
{
	return k >= 0 && k < PCL_FILING_COUNT ? keys[k] : "";
}

const char *
pcl_filing_get(const struct pcl_filing *f, int k)
{
	return f != NULL && k >= 0 && k < PCL_FILING_COUNT ? f->value[k] : "";
}

const char *
pcl_filing_sha256(const struct pcl_filing *f)
{
	return f->sha256;
}

const char *
pcl_filing_name(const struct pcl_filing *f)
{
	return f->name;
}

void
pcl_filing_free(struct pcl_filing *f)
{
	free(f);
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	    (*s)[*n - 1] == '\r'))
		(*n)--;
}

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* 'n' bytes of 's', each an upper-case letter or a digit. */
static int
alnum_upper(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_upper(s[i]) && !is_digit(s[i]))
			return 0;
	return 1;
}

/* Whether 'v' ('n' bytes) is a valid value of key 'k'; NULL or why not. */
static const char *
invalid(int k, const char *v, size_t n)
{
	size_t i;

	switch (k) {
	case PCL_FILING_DECLARANT_EORI:
	case PCL_FILING_REPRESENTATIVE_EORI:
		return pcl_codes_eori(v, n) == PCL_CODE_OK ? NULL :
		    "not an EORI number";
	case PCL_FILING_REPRESENTATIVE_STATUS:
		return n == 1 && (v[0] == '2' || v[0] == '3') ? NULL :
		    "not 2 (direct) or 3 (indirect)";
	case PCL_FILING_CUSTOMS_OFFICE:
		return n == 8 && is_upper(v[0]) && is_upper(v[1]) &&
		    alnum_upper(v + 2, 6) ? NULL :
		    "not a customs office reference (2 letters, 6 letters "
		    "or digits)";
	case PCL_FILING_LOCATION_OF_GOODS:
		return n == 5 && is_upper(v[0]) && is_upper(v[1]) &&
		    alnum_upper(v + 2, 3) ? NULL :
		    "not a UN/LOCODE (2 letters, 3 letters or digits)";
	case PCL_FILING_MASTER_WAYBILL:
		if (n == 0 || n > 35)
			return "not 1 to 35 characters";
		for (i = 0; i < n; i++)
			if ((unsigned char)v[i] < 0x21 ||
			    (unsigned char)v[i] > 0x7e)
				return "not printable ASCII without spaces";
		return NULL;
	case PCL_FILING_RECEPTACLE_ID:
		return n == 29 && alnum_upper(v, n) ? NULL :
		    "not a receptacle id (29 letters or digits)";
	case PCL_FILING_PORT_OF_ENTRY:
		return n == 4 && is_digit(v[0]) && is_digit(v[1]) &&
		    is_digit(v[2]) && is_digit(v[3]) ? NULL :
		    "not a port code (4 digits)";
	case PCL_FILING_FILER_CODE:
		return n == 3 && alnum_upper(v, n) ? NULL :
		    "not a filer code (3 letters or digits)";
	default:
		return "unknown key";
	}
}

int
pcl_filing_open(struct pcl_filing **out, const char *path,
    struct pcl_error *err)
{
	struct pcl_filing *f;
	char *text, *line, *next, *end, *eol;
	size_t len;
	unsigned long ln = 0;
	int rc;

	*out = NULL;
	if ((rc = pcl_readfile_all(path, FILING_MAX_FILE, &text, &len, err)) !=
	    PCL_OK)
		return rc;
	if ((f = calloc(1, sizeof *f)) == NULL) {
		free(text);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	pcl_digest_buffer(text, len, f->sha256);
	snprintf(f->name, sizeof f->name, "%s", path);
	end = text + len;
	for (line = text; rc == PCL_OK && line < end; line = next) {
		const char *s = line, *eq, *k, *v, *why;
		size_t n, kn, vn;
		int key;

		eol = memchr(line, '\n', (size_t)(end - line));
		next = eol != NULL ? eol + 1 : end;
		n = (size_t)(next - line) - (eol != NULL);
		ln++;
		trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		if ((eq = memchr(s, '=', n)) == NULL) {
			rc = pcl_errloc_set(err, PCL_E_PARSE, path, 0, ln, NULL,
			    "expected 'key = value'");
			break;
		}
		k = s;
		kn = (size_t)(eq - s);
		v = eq + 1;
		vn = n - kn - 1;
		trim(&k, &kn);
		trim(&v, &vn);
		for (key = 0; key < PCL_FILING_COUNT; key++)
			if (strlen(keys[key]) == kn &&
			    memcmp(keys[key], k, kn) == 0)
				break;
		if (key == PCL_FILING_COUNT) {
			rc = pcl_errloc_set(err, PCL_E_PARSE, path, 0, ln, NULL,
			    "unknown key '%.*s'", (int)(kn < 64 ? kn : 64), k);
			break;
		}
		if (f->set[key]) {
			rc = pcl_errloc_set(err, PCL_E_PARSE, path, 0, ln,
			    NULL, "key '%s' given twice", keys[key]);
			break;
		}
		if (vn > FILING_MAX_VALUE ||
		    (why = invalid(key, v, vn)) != NULL) {
			rc = pcl_errloc_set(err, PCL_E_PARSE, path, 0, ln,
			    NULL, "%s: '%.*s' is %s", keys[key],
			    (int)(vn < 64 ? vn : 64), v,
			    vn > FILING_MAX_VALUE ? "too long" : why);
			break;
		}
		memcpy(f->value[key], v, vn);
		f->value[key][vn] = '\0';
		f->set[key] = 1;
	}
	free(text);
	if (rc == PCL_OK && f->set[PCL_FILING_REPRESENTATIVE_EORI] !=
	    f->set[PCL_FILING_REPRESENTATIVE_STATUS])
		rc = pcl_errloc_set(err, PCL_E_PARSE, path, 0, 0, NULL,
		    "representative_eori and representative_status go "
		    "together");
	if (rc != PCL_OK) {
		free(f);
		return rc;
	}
	*out = f;
	return PCL_OK;
}
