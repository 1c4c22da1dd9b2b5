/*
 * perkg: value-per-kg bands per HS chapter (see perkg.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "date.h"
#include "perkg.h"
#include "datafile.h"
#include "banned.h"

struct band {
	int		chapter;	/* 0-99 */
	pcl_i128	min, max;	/* micros per kg, -1: none */
	char		currency[4];
	int32_t		from, to;
};

struct pcl_perkg {
	struct band	*b;
	size_t		 n;
	char		 name[256];
	char		 sha[65];
};

static const char *const cols[] = {
	"chapter", "min_per_kg", "max_per_kg", "currency", "valid_from",
	"valid_to", "source"
};

static int
parse_bound(const char *s, pcl_i128 *out)
{
	if (*s == '\0') {
		*out = -1;
		return 1;
	}
	return pcl_money_parse(s, strlen(s), '.', out) == 0 && *out >= 0 &&
	    *out <= PCL_PERKG_MAX;
}

static int
add_row(struct pcl_perkg *p, struct pcl_datafile *t, char **f,
    struct pcl_error *err)
{
	struct band *b = &p->b[p->n];
	size_t i;

	memset(b, 0, sizeof *b);
	if (strlen(f[0]) != 2 || !isdigit((unsigned char)f[0][0]) ||
	    !isdigit((unsigned char)f[0][1]))
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "chapter", "chapter '%s' is not "
		    "two HS digits", f[0]);
	b->chapter = (f[0][0] - '0') * 10 + (f[0][1] - '0');
	if (!parse_bound(f[1], &b->min))
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "min_per_kg", "'%s' is not an "
		    "amount from 0 to 10^9", f[1]);
	if (!parse_bound(f[2], &b->max))
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "max_per_kg", "'%s' is not an "
		    "amount from 0 to 10^9", f[2]);
	if (b->min >= 0 && b->max >= 0 && b->min > b->max)
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "max_per_kg", "max_per_kg is "
		    "below min_per_kg");
	if (strlen(f[3]) != 3)
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "currency", "'%s' is not an ISO "
		    "4217 code", f[3]);
	for (i = 0; i < 3; i++)
		if (!isupper((unsigned char)f[3][i]))
			return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "currency", "'%s' is not "
			    "an ISO 4217 code", f[3]);
	memcpy(b->currency, f[3], 4);
	if (!pcl_date_parse_bound(f[4], INT32_MIN + 1, &b->from))
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "valid_from", "'%s' is not a "
		    "date YYYY-MM-DD", f[4]);
	if (!pcl_date_parse_bound(f[5], PCL_DATE_MAX, &b->to) ||
	    b->to < b->from)
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "valid_to", "'%s' is not a date "
		    "on or after valid_from", f[5]);
	if (f[6][0] == '\0')
		return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "source", "source is required");
	for (i = 0; i < p->n; i++)
		if (p->b[i].chapter == b->chapter && p->b[i].from <= b->to &&
		    b->from <= p->b[i].to)
			return pcl_datafile_error(t, err, PCL_E_PARSE,
		    "chapter", "chapter %s "
			    "has two bands on overlapping dates", f[0]);
	p->n++;
	return PCL_OK;
}

int
pcl_perkg_open(struct pcl_perkg **out, const char *dir,
    struct pcl_error *err)
{
	struct pcl_perkg *p;
	struct pcl_datafile_opts opts = { .comments = 1 };
	struct pcl_datafile *t = NULL;
	char path[4096];
	size_t cap = 0;
	char **f;
	int rc;

	*out = NULL;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return PCL_E_NOMEM;
	if (dir != NULL) {
		struct stat st;

		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
		    PCL_PERKG_FILE) >= sizeof path) {
			free(p);
			return pcl_error_set(err, PCL_E_IO, "path too long");
		}
		if (stat(path, &st) != 0 && errno == ENOENT) {
			*out = p;	/* no bands */
			return PCL_OK;
		}
	}
	rc = pcl_datafile_open(&t, dir != NULL ? path : NULL,
	    "data/lists/" PCL_PERKG_FILE, &opts, err);
	if (rc == PCL_OK)
		rc = pcl_datafile_header(t, cols, 7, err);
	if (rc != PCL_OK) {
		pcl_datafile_close(t);
		free(p);
		return rc;
	}
	snprintf(p->name, sizeof p->name, "%s", pcl_datafile_name(t));
	memcpy(p->sha, pcl_datafile_sha256(t), sizeof p->sha);
	while ((rc = pcl_datafile_row(t, 7, err)) == PCL_OK) {
		f = pcl_datafile_fields(t);
		if (p->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct band *nb = realloc(p->b, nc * sizeof *nb);

			if (nb == NULL) {
				rc = PCL_E_NOMEM;
				break;
			}
			p->b = nb;
			cap = nc;
		}
		if ((rc = add_row(p, t, f, err)) != PCL_OK)
			break;
	}
	pcl_datafile_close(t);
	if (rc != PCL_END) {
		pcl_perkg_free(p);
		return rc;
	}
	*out = p;
	return PCL_OK;
}

void
pcl_perkg_free(struct pcl_perkg *p)
{
	if (p == NULL)
		return;
	free(p->b);
	free(p);
}

size_t
pcl_perkg_count(const struct pcl_perkg *p)
{
	return p != NULL ? p->n : 0;
}

const char *
pcl_perkg_name(const struct pcl_perkg *p)
{
	return p->name;
}

const char *
pcl_perkg_sha256(const struct pcl_perkg *p)
{
	return p->sha;
}

int
pcl_perkg_outside(pcl_i128 value4, pcl_i128 mass_micros,
    pcl_i128 min_micros, pcl_i128 max_micros)
{
	/* value4 / 10^4 per mass / 10^6 kg vs bound / 10^6 per kg:
	 * value4 * 10^8 vs bound * mass */
	pcl_i128 lhs = value4 * 100000000;

	if (mass_micros <= 0 || value4 <= 0)
		return 0;
	if (min_micros >= 0 && lhs < min_micros * mass_micros)
		return 1;
	if (max_micros >= 0 && lhs > max_micros * mass_micros)
		return 1;
	return 0;
}

int
pcl_perkg_check(const struct pcl_perkg *p, const char *hs, size_t len,
    int32_t date, const char *currency, pcl_i128 value_micros,
    pcl_i128 mass_micros, const struct pcl_fx *fx, enum pcl_fx_rule rule)
{
	struct pcl_fx_quote q;
	pcl_i128 v4;
	int ch;
	size_t i;

	if (p == NULL || p->n == 0 || len < 2 ||
	    !isdigit((unsigned char)hs[0]) || !isdigit((unsigned char)hs[1]) ||
	    value_micros <= 0 || mass_micros <= 0 || mass_micros > PCL_PERKG_MAX)
		return 0;
	ch = (hs[0] - '0') * 10 + (hs[1] - '0');
	for (i = 0; i < p->n; i++) {
		const struct band *b = &p->b[i];

		if (b->chapter != ch || date < b->from || date > b->to)
			continue;
		if (pcl_fx_convert(fx, rule, date, currency, b->currency, 4,
		    value_micros, &v4, &q) != PCL_FX_OK)
			return 0;
		return pcl_perkg_outside(v4, mass_micros, b->min, b->max);
	}
	return 0;
}
