/*
 * map: map files and the binding of an input header to canonical columns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "date.h"
#include "errloc.h"
#include "digest.h"
#include "map.h"
#include "readfile.h"
#include "reason.h"
#include "banned.h"

#define MAX_DATE_FORMATS 8
#define MAX_NULLS 16

struct value_pair {
	char *from, *to;
};

struct row_class {
	char		*name;
	char		*column;	/* as written in the map */
	pcre2_code	*re;
};

struct pcl_map {
	char		 delimiter, decimal;
	char		*date_formats[MAX_DATE_FORMATS];
	size_t		 ndate_formats;
	char		*rename[PCL_COL_COUNT];		/* source header name */
	char		*constant[PCL_COL_COUNT];
	char		*nulls[PCL_COL_COUNT + 1][MAX_NULLS];	/* [COUNT] = all */
	size_t		 nnulls[PCL_COL_COUNT + 1];
	struct value_pair *values[PCL_COL_COUNT];
	size_t		 nvalues[PCL_COL_COUNT];
	struct row_class *classes;
	size_t		 nclasses;
	char		 sha256[65];
};

struct class_bind {
	int canonical;		/* canonical column or PCL_COL_NONE */
	int source;		/* header index or -1 */
};

struct pcl_binding {
	const struct pcl_map	*map;
	int			 source[PCL_COL_COUNT];
	size_t			*unknown;
	size_t			 nunknown;
	struct class_bind	*cb;
	pcre2_match_data	*md;
	char			 datebuf[11];
};

static char *
dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
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

void
pcl_map_free(struct pcl_map *m)
{
	size_t i, j;

	if (m == NULL)
		return;
	for (i = 0; i < m->ndate_formats; i++)
		free(m->date_formats[i]);
	for (i = 0; i < PCL_COL_COUNT; i++) {
		free(m->rename[i]);
		free(m->constant[i]);
		for (j = 0; j < m->nvalues[i]; j++) {
			free(m->values[i][j].from);
			free(m->values[i][j].to);
		}
		free(m->values[i]);
	}
	for (i = 0; i <= PCL_COL_COUNT; i++)
		for (j = 0; j < m->nnulls[i]; j++)
			free(m->nulls[i][j]);
	for (i = 0; i < m->nclasses; i++) {
		free(m->classes[i].name);
		free(m->classes[i].column);
		pcre2_code_free(m->classes[i].re);
	}
	free(m->classes);
	free(m);
}

/* 1 when 'fmt' uses only the directives pcl_date_parse_fmt knows. */
static int
valid_date_format(const char *fmt)
{
	int has_y = 0, has_m = 0, has_d = 0;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%')
			continue;
		switch (*++fmt) {
		case 'Y': case 'y': has_y = 1; break;
		case 'm': has_m = 1; break;
		case 'd': has_d = 1; break;
		case 'H': case 'M': case 'S': case '%': break;
		default: return 0;
		}
	}
	return has_y && has_m && has_d;
}

/* Fills 'err' for 'path' line 'line': "MSG: 'WHAT'". */
static int
perr(struct pcl_error *err, const char *path, unsigned long line,
    const char *msg, const char *what)
{
	return pcl_errloc_set(err, PCL_E_PARSE, path, 0, line, NULL,
	    "%s: '%s'", msg, what);
}

#define MAP_MAX_FILE	(8UL * 1024 * 1024)	/* bytes */

enum section { S_NONE, S_INPUT, S_COLUMNS, S_CONSTANTS, S_NULLS, S_VALUES, S_ROWS };

/* Splits "a | b | c" into at most 'max' trimmed pieces stored in out[]. */
static int
split_bar(const char *v, size_t vn, char **out, size_t max, size_t *count)
{
	size_t start = 0, i;

	*count = 0;
	for (i = 0; i <= vn; i++) {
		if (i == vn || v[i] == '|') {
			const char *p = v + start;
			size_t n = i - start;

			trim(&p, &n);
			if (*count == max)
				return -1;
			if (n == 2 && p[0] == '"' && p[1] == '"')
				n = 0;	/* "" stands for the empty field */
			if ((out[(*count)++] = dupn(p, n)) == NULL)
				return -1;
			start = i + 1;
		}
	}
	return 0;
}

static int
parse_line(struct pcl_map *m, enum section sec, int vcol, const char *k,
    size_t kn, const char *v, size_t vn, const char *path, unsigned long ln,
    struct pcl_error *err)
{
	char key[128];
	int c;

	if (kn >= sizeof key)
		return perr(err, path, ln, "key too long", "");
	memcpy(key, k, kn);
	key[kn] = '\0';
	if (sec == S_INPUT) {
		if (strcmp(key, "delimiter") == 0) {
			if (vn == 3 && memcmp(v, "tab", 3) == 0)
				m->delimiter = '\t';
			else if (vn == 1 && strchr(",;|\t", v[0]) != NULL)
				m->delimiter = v[0];
			else
				return perr(err, path, ln,
				    "delimiter must be one of , ; | tab, not", v);
		} else if (strcmp(key, "decimal") == 0) {
			if (vn != 1 || (v[0] != '.' && v[0] != ','))
				return perr(err, path, ln,
				    "decimal must be . or ,", key);
			m->decimal = v[0];
		} else if (strcmp(key, "date_formats") == 0) {
			size_t i;

			if (split_bar(v, vn, m->date_formats, MAX_DATE_FORMATS,
			    &m->ndate_formats) != 0)
				return perr(err, path, ln,
				    "too many date formats (8 at most)", key);
			for (i = 0; i < m->ndate_formats; i++)
				if (!valid_date_format(m->date_formats[i]))
					return perr(err, path, ln, "bad date format "
					    "(directives: %Y %y %m %d %H %M %S %%)",
					    m->date_formats[i]);
		} else {
			return perr(err, path, ln, "unknown key in [input]", key);
		}
		return PCL_OK;
	}
	if (sec == S_VALUES) {
		struct value_pair *vp;
		size_t n = m->nvalues[vcol];

		vp = realloc(m->values[vcol], (n + 1) * sizeof *vp);
		if (vp == NULL)
			return PCL_E_NOMEM;
		m->values[vcol] = vp;
		vp[n].from = dupn(k, kn);
		vp[n].to = dupn(v, vn);
		m->nvalues[vcol]++;
		if (vp[n].from == NULL || vp[n].to == NULL)
			return PCL_E_NOMEM;
		return PCL_OK;
	}
	if (sec == S_ROWS) {
		struct row_class *rc;
		const char *bar = memchr(v, '|', vn);
		const char *col, *pat;
		size_t coln, patn;
		int ecode;
		PCRE2_SIZE eoff;

		if (bar == NULL)
			return perr(err, path, ln,
			    "row class needs 'column | pattern'", key);
		col = v;
		coln = (size_t)(bar - v);
		pat = bar + 1;
		patn = vn - coln - 1;
		trim(&col, &coln);
		trim(&pat, &patn);
		rc = realloc(m->classes, (m->nclasses + 1) * sizeof *rc);
		if (rc == NULL)
			return PCL_E_NOMEM;
		m->classes = rc;
		rc += m->nclasses;
		memset(rc, 0, sizeof *rc);
		m->nclasses++;
		rc->name = dupn(k, kn);
		rc->column = dupn(col, coln);
		if (rc->name == NULL || rc->column == NULL)
			return PCL_E_NOMEM;
		if (pcl_reason_for_row_class(rc->name) < 0)
			return perr(err, path, ln, "unknown row class (postage, "
			    "cancellation, discount, fee, adjustment, sample, "
			    "voucher, other)", rc->name);
		rc->re = pcre2_compile((PCRE2_SPTR)pat, patn, PCRE2_UTF,
		    &ecode, &eoff, NULL);
		if (rc->re == NULL) {
			PCRE2_UCHAR msg[120];

			pcre2_get_error_message(ecode, msg, sizeof msg);
			return perr(err, path, ln, "bad pattern",
			    (const char *)msg);
		}
		pcre2_jit_compile(rc->re, PCRE2_JIT_COMPLETE);
		return PCL_OK;
	}
	if (sec == S_NULLS && strcmp(key, "*") == 0)
		c = PCL_COL_COUNT;
	else if ((c = pcl_column_find(key)) == PCL_COL_NONE)
		return perr(err, path, ln, "not a canonical column", key);
	switch (sec) {
	case S_COLUMNS:
		free(m->rename[c]);
		if ((m->rename[c] = dupn(v, vn)) == NULL)
			return PCL_E_NOMEM;
		break;
	case S_CONSTANTS:
		free(m->constant[c]);
		if ((m->constant[c] = dupn(v, vn)) == NULL)
			return PCL_E_NOMEM;
		break;
	case S_NULLS:
		if (split_bar(v, vn, m->nulls[c], MAX_NULLS, &m->nnulls[c]) != 0)
			return perr(err, path, ln, "too many null tokens", key);
		break;
	default:
		return perr(err, path, ln, "key outside a section", key);
	}
	return PCL_OK;
}

int
pcl_map_open(struct pcl_map **out, const char *path, struct pcl_error *err)
{
	struct pcl_map *m;
	char *text, *line, *next, *end, *eol;
	size_t len;
	unsigned long ln = 0;
	enum section sec = S_NONE;
	int vcol = 0, rc;

	*out = NULL;
	if ((rc = pcl_readfile_all(path, MAP_MAX_FILE, &text, &len, err)) !=
	    PCL_OK)
		return rc;
	if ((m = calloc(1, sizeof *m)) == NULL) {
		free(text);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	m->decimal = '.';
	/* the digest is of the bytes read, before lines are cut in place */
	pcl_digest_buffer(text, len, m->sha256);
	end = text + len;
	for (line = text; rc == PCL_OK && line < end; line = next) {
		const char *s = line, *eq;
		size_t n;

		eol = memchr(line, '\n', (size_t)(end - line));
		next = eol != NULL ? eol + 1 : end;
		n = (size_t)(next - line);
		ln++;
		if (ln == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
			n--;
		trim(&s, &n);
		line[(size_t)(s - line) + n] = '\0';	/* for messages */
		if (n == 0 || s[0] == '#')
			continue;
		if (s[0] == '[') {
			char name[128];

			if (s[n - 1] != ']' || n - 2 >= sizeof name) {
				rc = perr(err, path, ln, "bad section", s);
				break;
			}
			memcpy(name, s + 1, n - 2);
			name[n - 2] = '\0';
			if (strcmp(name, "input") == 0)
				sec = S_INPUT;
			else if (strcmp(name, "columns") == 0)
				sec = S_COLUMNS;
			else if (strcmp(name, "constants") == 0)
				sec = S_CONSTANTS;
			else if (strcmp(name, "nulls") == 0)
				sec = S_NULLS;
			else if (strcmp(name, "rows") == 0)
				sec = S_ROWS;
			else if (strncmp(name, "values ", 7) == 0 &&
			    (vcol = pcl_column_find(name + 7)) != PCL_COL_NONE)
				sec = S_VALUES;
			else
				rc = perr(err, path, ln, "unknown section", name);
			continue;
		}
		if ((eq = memchr(s, '=', n)) == NULL) {
			rc = perr(err, path, ln, "expected 'key = value'", s);
			break;
		}
		{
			const char *k = s, *v = eq + 1;
			size_t kn = (size_t)(eq - s), vn = n - kn - 1;

			trim(&k, &kn);
			trim(&v, &vn);
			if (sec == S_NONE)
				rc = perr(err, path, ln, "key outside a section", "");
			else
				rc = parse_line(m, sec, vcol, k, kn, v, vn, path,
				    ln, err);
		}
	}
	free(text);
	if (rc == PCL_E_NOMEM)
		pcl_error_set(err, rc, "out of memory");
	if (rc == PCL_OK) {
		*out = m;
		return PCL_OK;
	}
	pcl_map_free(m);
	return rc;
}

char
pcl_map_delimiter(const struct pcl_map *m)
{
	return m != NULL ? m->delimiter : 0;
}

char
pcl_map_decimal(const struct pcl_map *m)
{
	return m != NULL ? m->decimal : '.';
}

const char *
pcl_map_sha256(const struct pcl_map *m)
{
	return m != NULL ? m->sha256 : "";
}

void
pcl_binding_free(struct pcl_binding *b)
{
	if (b == NULL)
		return;
	free(b->unknown);
	free(b->cb);
	pcre2_match_data_free(b->md);
	free(b);
}

int
pcl_binding_new(struct pcl_binding **out, const char *const *names,
    size_t n, const struct pcl_map *map, enum pcl_profile profile,
    struct pcl_error *err)
{
	struct pcl_binding *b;
	size_t i;
	int c, by_alias[PCL_COL_COUNT];

	*out = NULL;
	if ((b = calloc(1, sizeof *b)) == NULL ||
	    (b->unknown = calloc(n + 1, sizeof *b->unknown)) == NULL) {
		free(b);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	b->map = map;
	for (c = 0; c < PCL_COL_COUNT; c++) {
		b->source[c] = -1;
		by_alias[c] = 0;
	}
	/* Explicit renames first, then canonical names, then aliases. */
	for (i = 0; i < n; i++) {
		int col = PCL_COL_NONE, alias = 0;

		for (c = 0; map != NULL && c < PCL_COL_COUNT; c++)
			if (map->rename[c] != NULL &&
			    strcmp(map->rename[c], names[i]) == 0)
				col = c;
		if (col == PCL_COL_NONE && (col = pcl_column_find(names[i])) ==
		    PCL_COL_NONE) {
			col = pcl_column_from_alias(names[i]);
			alias = 1;
		}
		if (col != PCL_COL_NONE && map != NULL && map->rename[col] != NULL &&
		    strcmp(map->rename[col], names[i]) != 0)
			col = PCL_COL_NONE;	/* the map names another column */
		if (col != PCL_COL_NONE && b->source[col] >= 0) {
			if (!alias && !by_alias[col]) {
				pcl_error_set(err, PCL_E_SCHEMA,
				    "columns '%s' and '%s' are both '%s'",
				    names[b->source[col]], names[i],
				    pcl_column_name(col));
				if (err != NULL)
					snprintf(err->field, sizeof err->field,
					    "%s", pcl_column_name(col));
				pcl_binding_free(b);
				return PCL_E_SCHEMA;
			}
			if (alias)
				col = PCL_COL_NONE;	/* a later alias: unknown */
			else	/* an exact name beats an earlier alias */
				b->unknown[b->nunknown++] = (size_t)b->source[col];
		}
		if (col == PCL_COL_NONE) {
			b->unknown[b->nunknown++] = i;
			continue;
		}
		b->source[col] = (int)i;
		by_alias[col] = alias;
	}
	/* unknown[] must stay in header order */
	for (i = 1; i < b->nunknown; i++) {
		size_t k = b->unknown[i], j = i;

		while (j > 0 && b->unknown[j - 1] > k) {
			b->unknown[j] = b->unknown[j - 1];
			j--;
		}
		b->unknown[j] = k;
	}
	{
		/* whole names only, then "and N more": 24 bytes kept */
		char list[192], one[160];
		size_t used = 0;
		int first = PCL_COL_NONE, count = 0, more = 0;

		list[0] = '\0';
		for (c = 0; c < PCL_COL_COUNT; c++) {
			if (!pcl_column_required(profile, c) || pcl_binding_has(b, c))
				continue;
			if (c == PCL_COL_ITEM_VALUE &&
			    pcl_binding_has(b, PCL_COL_UNIT_VALUE))
				continue;
			if (first == PCL_COL_NONE)
				first = c;
			count++;
			{
				int w = map != NULL && map->rename[c] != NULL ?
				    snprintf(one, sizeof one, "'%s' (mapped from "
				    "'%.100s')", pcl_column_name(c),
				    map->rename[c]) :
				    snprintf(one, sizeof one, "'%s'",
				    pcl_column_name(c));

				if (more == 0 && w > 0 && used + 2 + (size_t)w +
				    24 < sizeof list) {
					snprintf(list + used, sizeof list - used,
					    "%s%s", used ? ", " : "", one);
					used += (used ? 2 : 0) + (size_t)w;
				} else {
					more++;
				}
			}
		}
		if (more > 0)
			snprintf(list + used, sizeof list - used, ", and %d more",
			    more);
		if (first != PCL_COL_NONE) {
			pcl_binding_free(b);
			pcl_error_set(err, PCL_E_SCHEMA,
			    "required column%s %s %s missing (profile %s)",
			    count > 1 ? "s" : "", list, count > 1 ? "are" : "is",
			    pcl_profile_name(profile));
			if (err != NULL)
				snprintf(err->field, sizeof err->field, "%s",
				    pcl_column_name(first));
			return PCL_E_SCHEMA;
		}
	}
	if (map != NULL && map->nclasses > 0) {
		b->cb = calloc(map->nclasses, sizeof *b->cb);
		b->md = pcre2_match_data_create(4, NULL);
		if (b->cb == NULL || b->md == NULL) {
			pcl_binding_free(b);
			return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		}
		for (i = 0; i < map->nclasses; i++) {
			size_t k;

			b->cb[i].canonical = pcl_column_find(map->classes[i].column);
			b->cb[i].source = -1;
			for (k = 0; k < n; k++)
				if (strcmp(names[k], map->classes[i].column) == 0)
					b->cb[i].source = (int)k;
			if (b->cb[i].canonical == PCL_COL_NONE &&
			    b->cb[i].source < 0) {
				pcl_binding_free(b);
				return pcl_error_set(err, PCL_E_SCHEMA,
				    "row class '%s' names column '%s', which "
				    "the input does not have", map->classes[i].name,
				    map->classes[i].column);
			}
		}
	}
	*out = b;
	return PCL_OK;
}

int
pcl_binding_source(const struct pcl_binding *b, int c)
{
	return b->source[c];
}

int
pcl_binding_has(const struct pcl_binding *b, int c)
{
	return b->source[c] >= 0 ||
	    (b->map != NULL && b->map->constant[c] != NULL);
}

size_t
pcl_binding_nunknown(const struct pcl_binding *b)
{
	return b->nunknown;
}

size_t
pcl_binding_unknown(const struct pcl_binding *b, size_t i)
{
	return b->unknown[i];
}

static int
is_null(const struct pcl_map *m, int c, const char *s, size_t n)
{
	size_t i, k;
	int cols[2];

	cols[0] = c;
	cols[1] = PCL_COL_COUNT;
	for (k = 0; k < 2; k++)
		for (i = 0; i < m->nnulls[cols[k]]; i++)
			if (strlen(m->nulls[cols[k]][i]) == n &&
			    memcmp(m->nulls[cols[k]][i], s, n) == 0)
				return 1;
	return 0;
}

void
pcl_binding_apply(struct pcl_binding *b, const char *const *fields,
    const size_t *lens, size_t n, struct pcl_row *row)
{
	const struct pcl_map *m = b->map;
	int c;
	size_t i;

	for (c = 0; c < PCL_COL_COUNT; c++) {
		int src = b->source[c];

		if (src >= 0 && (size_t)src < n) {
			row->v[c] = fields[src];
			row->len[c] = lens[src];
		} else if (src < 0 && m != NULL && m->constant[c] != NULL) {
			row->v[c] = m->constant[c];
			row->len[c] = strlen(m->constant[c]);
		} else {
			row->v[c] = "";
			row->len[c] = 0;
		}
		if (m == NULL)
			continue;
		if (row->len[c] > 0 && is_null(m, c, row->v[c], row->len[c])) {
			row->v[c] = "";
			row->len[c] = 0;
		}
		for (i = 0; i < m->nvalues[c]; i++) {
			const struct value_pair *vp = &m->values[c][i];

			if (strlen(vp->from) == row->len[c] &&
			    memcmp(vp->from, row->v[c], row->len[c]) == 0) {
				row->v[c] = vp->to;
				row->len[c] = strlen(vp->to);
				break;
			}
		}
	}
	row->date = PCL_DATE_NONE;
	if (row->len[PCL_COL_DATE] > 0) {
		row->date = pcl_date_parse_iso(row->v[PCL_COL_DATE],
		    row->len[PCL_COL_DATE]);
		for (i = 0; m != NULL && row->date == PCL_DATE_NONE &&
		    i < m->ndate_formats; i++)
			row->date = pcl_date_parse_fmt(row->v[PCL_COL_DATE],
			    row->len[PCL_COL_DATE], m->date_formats[i]);
		if (row->date != PCL_DATE_NONE) {
			pcl_date_format(row->date, b->datebuf);
			row->v[PCL_COL_DATE] = b->datebuf;
			row->len[PCL_COL_DATE] = 10;
		}
	}
	row->row_class = -1;
	row->class_name = NULL;
	row->class_column = PCL_COL_NONE;
	row->is_postage = 0;
	for (i = 0; m != NULL && i < m->nclasses; i++) {
		const char *s;
		size_t sn;

		if (b->cb[i].canonical != PCL_COL_NONE) {
			s = row->v[b->cb[i].canonical];
			sn = row->len[b->cb[i].canonical];
		} else if ((size_t)b->cb[i].source < n) {
			s = fields[b->cb[i].source];
			sn = lens[b->cb[i].source];
		} else {
			continue;
		}
		if (pcre2_match(m->classes[i].re, (PCRE2_SPTR)s, sn, 0, 0, b->md,
		    NULL) >= 0) {
			row->row_class = (int)i;
			row->class_name = m->classes[i].name;
			row->class_column = b->cb[i].canonical;
			row->is_postage = strcmp(m->classes[i].name, "postage") == 0;
			break;
		}
	}
}
