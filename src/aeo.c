/*
 * aeo: the authorised-economic-operator list and its recognition by a
 * destination (see aeo.h). Entries are sorted by id for a binary search.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aeo.h"
#include "date.h"
#include "datafile.h"
#include "banned.h"

#define AEO_ID_MAX	64
#define AEO_PARTNERS	128

struct entry {
	char	id[AEO_ID_MAX];		/* ASCII upper case */
	char	country[3];
	char	partners[AEO_PARTNERS];	/* " FR US EU " (spaces around) */
	int32_t	from, to;
};

struct pcl_aeo {
	struct entry	*e;
	size_t		 n;
	char		 name[256];
	char		 sha[65];
};

static const char *const cols[] = {
	"id", "country", "mra_partners", "valid_from", "valid_to", "source"
};

static int
is_cc(const char *s)
{
	return isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
	    s[2] == '\0';
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->id,
	    ((const struct entry *)b)->id);
}

/* Validates and stores one row. */
static int
add_row(struct pcl_aeo *a, struct pcl_datafile *t, char **f,
    struct pcl_error *err)
{
	struct entry *e = &a->e[a->n];
	size_t i, n = strlen(f[0]);
	char *tok, *save = NULL;

	memset(e, 0, sizeof *e);
	if (n == 0 || n >= AEO_ID_MAX)
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "id", "id must be 1 to %d bytes",
		    AEO_ID_MAX - 1);
	for (i = 0; i < n; i++)
		e->id[i] = (char)toupper((unsigned char)f[0][i]);
	if (!is_cc(f[1]))
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "country", "country '%s' is not "
		    "two capital letters", f[1]);
	memcpy(e->country, f[1], 3);
	if (strlen(f[2]) + 3 > AEO_PARTNERS)
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "mra_partners", "too long");
	e->partners[0] = ' ';
	for (tok = strtok_r(f[2], " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (!is_cc(tok))
			return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "mra_partners", "partner "
			    "'%s' is not two capital letters", tok);
		memcpy(e->partners + strlen(e->partners), tok, 3);
		memcpy(e->partners + strlen(e->partners), " ", 2);
	}
	e->from = pcl_date_parse_iso(f[3], strlen(f[3]));
	if (strlen(f[3]) != 10 || e->from == PCL_DATE_NONE)
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "valid_from", "'%s' is not a "
		    "date YYYY-MM-DD", f[3]);
	if (f[4][0] == '\0') {
		e->to = PCL_DATE_MAX;
	} else {
		e->to = pcl_date_parse_iso(f[4], strlen(f[4]));
		if (strlen(f[4]) != 10 || e->to == PCL_DATE_NONE)
			return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "valid_to", "'%s' is not "
			    "a date YYYY-MM-DD", f[4]);
		if (e->to < e->from)
			return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "valid_to", "valid_to "
			    "is before valid_from");
	}
	if (f[5][0] == '\0')
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "source", "source is required");
	a->n++;
	return PCL_OK;
}

int
pcl_aeo_open(struct pcl_aeo **out, const char *path, struct pcl_error *err)
{
	struct pcl_aeo *a;
	struct pcl_datafile_opts opts = { .comments = 1 };
	struct pcl_datafile *t;
	size_t cap = 0;
	char **f;
	int rc;

	*out = NULL;
	if ((rc = pcl_datafile_open(&t, path, NULL, &opts, err)) != PCL_OK)
		return rc;
	if ((rc = pcl_datafile_header(t, cols, 6, err)) != PCL_OK) {
		pcl_datafile_close(t);
		return rc;
	}
	if ((a = calloc(1, sizeof *a)) == NULL) {
		pcl_datafile_close(t);
		return PCL_E_NOMEM;
	}
	snprintf(a->name, sizeof a->name, "%s", pcl_datafile_name(t));
	memcpy(a->sha, pcl_datafile_sha256(t), sizeof a->sha);
	while ((rc = pcl_datafile_row(t, 6, err)) == PCL_OK) {
		f = pcl_datafile_fields(t);
		if (a->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct entry *ne = realloc(a->e, nc * sizeof *ne);

			if (ne == NULL) {
				rc = PCL_E_NOMEM;
				break;
			}
			a->e = ne;
			cap = nc;
		}
		if ((rc = add_row(a, t, f, err)) != PCL_OK)
			break;
	}
	pcl_datafile_close(t);
	if (rc != PCL_END) {
		pcl_aeo_free(a);
		return rc;
	}
	if (a->n > 0)
		qsort(a->e, a->n, sizeof *a->e, cmp_entry);
	*out = a;
	return PCL_OK;
}

void
pcl_aeo_free(struct pcl_aeo *a)
{
	if (a == NULL)
		return;
	free(a->e);
	free(a);
}

size_t
pcl_aeo_count(const struct pcl_aeo *a)
{
	return a != NULL ? a->n : 0;
}

const char *
pcl_aeo_name(const struct pcl_aeo *a)
{
	return a->name;
}

const char *
pcl_aeo_sha256(const struct pcl_aeo *a)
{
	return a->sha;
}

/* 1 when the partner list " FR US " holds code 'cc'. */
static int
has_partner(const struct entry *e, const char *cc)
{
	char tok[5] = { ' ', cc[0], cc[1], ' ', '\0' };

	return cc[0] != '\0' && strstr(e->partners, tok) != NULL;
}

static int
recognises(const struct entry *e, const char *dest, const char *dest_union,
    int32_t date, const struct pcl_rules *rules)
{
	const char *u;

	if (date < e->from || date > e->to)
		return 0;
	if (strcasecmp(e->country, dest) == 0 || has_partner(e, dest))
		return 1;
	if (dest_union == NULL)
		return 0;
	if (strcmp(e->country, dest_union) == 0 || has_partner(e, dest_union))
		return 1;
	u = pcl_rules_union_of(rules, e->country, date);
	return u != NULL && strcmp(u, dest_union) == 0;
}

int
pcl_aeo_recognised(const struct pcl_aeo *a, const char *id, size_t len,
    const char *dest, int32_t date, const struct pcl_rules *rules)
{
	char key[AEO_ID_MAX], cc[3];
	const char *dest_union;
	size_t lo = 0, hi, i;

	if (a == NULL || a->n == 0 || len == 0 || len >= AEO_ID_MAX ||
	    dest == NULL || strlen(dest) != 2)
		return 0;
	for (i = 0; i < len; i++)
		key[i] = (char)toupper((unsigned char)id[i]);
	key[len] = '\0';
	cc[0] = (char)toupper((unsigned char)dest[0]);
	cc[1] = (char)toupper((unsigned char)dest[1]);
	cc[2] = '\0';
	/* the first entry not below 'key' */
	hi = a->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(a->e[mid].id, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	dest_union = rules != NULL ? pcl_rules_union_of(rules, cc, date) : NULL;
	for (i = lo; i < a->n && strcmp(a->e[i].id, key) == 0; i++)
		if (recognises(&a->e[i], cc, dest_union, date, rules))
			return 1;
	return 0;
}
