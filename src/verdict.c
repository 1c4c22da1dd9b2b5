/*
 * verdict: the decision columns and the per-parcel verdict store (see
 * verdict.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "decide.h"
#include "parcel.h"
#include "verdict.h"
#include "banned.h"

/* The bytes a verdict is interned by: every field, no tail padding. */
#define VERDICT_BYTES (offsetof(struct pcl_verdict, ledger_ref) + \
	sizeof ((struct pcl_verdict *)0)->ledger_ref)

/* Longest reasons text written (longer sets are cut, as snprintf). */
#define REASONS_MAX 1024

/* Writes column text of 'v' into 'buf' ('size' bytes); returns length. */
typedef size_t (*put_fn)(const struct pcl_verdict *v,
    const struct pcl_reasons *rs, char *buf, size_t size);

static size_t
put_lane(const struct pcl_verdict *v, const struct pcl_reasons *rs,
    char *buf, size_t size)
{
	(void)rs;
	return (size_t)snprintf(buf, size, "%s",
	    v->lane == PCL_VERDICT_LANE_DUPLICATE ? "duplicate" :
	    pcl_lane_name((enum pcl_lane)v->lane));
}

static size_t
put_reasons(const struct pcl_verdict *v, const struct pcl_reasons *rs,
    char *buf, size_t size)
{
	size_t i, n = 0, lim = size < REASONS_MAX ? size : REASONS_MAX;

	if (v->ledger_ref[0] == '\0') {
		pcl_reasons_format(rs, buf, lim);
		return strlen(buf);
	}
	/* one reason at a time: the ledger's name their earlier batch */
	if (lim > 0)
		buf[0] = '\0';
	for (i = 0; i < rs->n && n + 1 < lim; i++) {
		struct pcl_reasons one;
		int c = rs->v[i].code;

		one.v = &rs->v[i];
		one.n = one.cap = 1;
		if (i > 0)
			n += (size_t)snprintf(buf + n, lim - n, ";");
		if (n + 1 >= lim)
			break;
		if (c == PCL_R_RESENT_IDENTICAL || c == PCL_R_RESENT_CHANGED)
			n += (size_t)snprintf(buf + n, lim - n, "%s@%s",
			    pcl_reason_name(c), v->ledger_ref);
		else
			n += pcl_reasons_format(&one, buf + n, lim - n);
		if (n >= lim)	/* cut, as snprintf */
			break;
	}
	return strlen(buf);
}

static size_t
put_score(const struct pcl_verdict *v, const struct pcl_reasons *rs,
    char *buf, size_t size)
{
	(void)rs;
	return (size_t)snprintf(buf, size, "%u", (unsigned)v->risk_score);
}

/*
 * The decision columns, in lane-file order. A column is a text field of
 * the verdict ('text' its offset), or written by 'put'; 'own' marks the
 * one that differs per parcel (the assessed value), written per row.
 */
static const struct column {
	const char	*name;
	put_fn		 put;
	size_t		 text;
	int		 own;
} columns[] = {
	{ "lane",		put_lane,	0, 0 },
	{ "reasons",		put_reasons,	0, 0 },
	{ "risk_score",		put_score,	0, 0 },
	{ "assessed_value",	NULL,		0, 1 },
	{ "threshold",		NULL, offsetof(struct pcl_verdict, threshold), 0 },
	{ "threshold_currency",	NULL, offsetof(struct pcl_verdict, currency), 0 },
	{ "rule_id",		NULL, offsetof(struct pcl_verdict, rule_id), 0 },
	{ "fx_source",		NULL, offsetof(struct pcl_verdict, fx_source), 0 },
	{ "duty_due",		NULL, offsetof(struct pcl_verdict, duty_due), 0 },
	{ "duty_amount",	NULL, offsetof(struct pcl_verdict, duty_amount), 0 },
	{ "duty_currency",	NULL, offsetof(struct pcl_verdict, duty_currency), 0 },
	{ "tax_due",		NULL, offsetof(struct pcl_verdict, tax_due), 0 },
};

_Static_assert(sizeof columns / sizeof columns[0] == PCL_VERDICT_NCOLS,
    "PCL_VERDICT_NCOLS is the number of rows of columns[]");

const char *
pcl_verdict_column_name(size_t i)
{
	return i < PCL_VERDICT_NCOLS ? columns[i].name : "";
}

void
pcl_verdict_duplicate_columns(const char **f, size_t *l)
{
	size_t i;

	for (i = 0; i < PCL_VERDICT_NCOLS; i++)
		f[i] = "";
	f[0] = "duplicate";
	f[1] = pcl_reason_name(PCL_R_EXACT_DUPLICATE);
	for (i = 0; i < PCL_VERDICT_NCOLS; i++)
		l[i] = strlen(f[i]);
}

void
pcl_verdict_from_decision(struct pcl_verdict *v, const struct pcl_decision *d,
    uint32_t reasons, unsigned score)
{
	memset(v, 0, sizeof *v);
	v->lane = (uint8_t)d->lane;
	v->has_assessed = d->assessed_value[0] != '\0';
	v->assessed_digits = (uint8_t)d->assessed_digits;
	v->compared = d->compared != 0;
	v->strict_less = d->strict_less != 0;
	v->gift = d->gift != 0;
	v->aggregation = (uint8_t)d->aggregation;
	v->risk_score = score;
	v->reasons = reasons;
	v->threshold_minor = d->threshold_minor;
	/* every field is NUL-padded: the record is compared by its bytes */
	memcpy(v->threshold, d->threshold, strnlen(d->threshold,
	    sizeof v->threshold - 1));
	memcpy(v->currency, d->currency, strnlen(d->currency,
	    sizeof v->currency - 1));
	memcpy(v->rule_id, d->rule_id, strnlen(d->rule_id,
	    sizeof v->rule_id - 1));
	memcpy(v->fx_source, d->fx_source, strnlen(d->fx_source,
	    sizeof v->fx_source - 1));
	memcpy(v->duty_due, d->duty_due, strnlen(d->duty_due,
	    sizeof v->duty_due - 1));
	memcpy(v->duty_amount, d->duty_amount, strnlen(d->duty_amount,
	    sizeof v->duty_amount - 1));
	memcpy(v->duty_currency, d->duty_currency, strnlen(d->duty_currency,
	    sizeof v->duty_currency - 1));
	memcpy(v->tax_due, d->tax_due, strnlen(d->tax_due,
	    sizeof v->tax_due - 1));
}

/* The shared columns of one verdict, written at its first row. */
struct shown {
	char	*text;
	size_t	 off[PCL_VERDICT_NCOLS], len[PCL_VERDICT_NCOLS];
};

struct pcl_verdicts {
	const struct pcl_parcels *parcels;
	/* interned verdicts; id 0 is "none" */
	struct pcl_verdict	*v;
	uint64_t		*hash;
	uint32_t		 n, cap;
	uint32_t		*slots;		/* id; 0 = empty */
	uint32_t		 nslots;	/* a power of two */
	/* per parcel */
	uint32_t		*id;
	int64_t			*assessed;
	uint32_t		 nparcels;
	struct shown		*shown;		/* per id, when written */
	uint32_t		 nshown;
	char			 own[64];	/* the assessed value's text */
};

int
pcl_verdicts_new(struct pcl_verdicts **out, const struct pcl_parcels *parcels,
    uint32_t nparcels)
{
	struct pcl_verdicts *vs;

	*out = NULL;
	if ((vs = calloc(1, sizeof *vs)) == NULL)
		return PCL_E_NOMEM;
	vs->parcels = parcels;
	vs->cap = 64;
	vs->nslots = 128;
	vs->n = 1;
	vs->nparcels = nparcels;
	if ((vs->v = calloc(vs->cap, sizeof *vs->v)) == NULL ||
	    (vs->hash = calloc(vs->cap, sizeof *vs->hash)) == NULL ||
	    (vs->slots = calloc(vs->nslots, sizeof *vs->slots)) == NULL ||
	    (nparcels > 0 &&
	    ((vs->id = pcl_bigmem_calloc(nparcels, sizeof *vs->id)) == NULL ||
	    (vs->assessed = pcl_bigmem_calloc(nparcels,
	    sizeof *vs->assessed)) == NULL))) {
		pcl_verdicts_free(vs);
		return PCL_E_NOMEM;
	}
	*out = vs;
	return PCL_OK;
}

void
pcl_verdicts_free(struct pcl_verdicts *vs)
{
	uint32_t i;

	if (vs == NULL)
		return;
	for (i = 0; i < vs->nshown; i++)
		free(vs->shown[i].text);
	free(vs->shown);
	free(vs->v);
	free(vs->hash);
	free(vs->slots);
	pcl_bigmem_free(vs->id, (size_t)vs->nparcels * sizeof *vs->id);
	pcl_bigmem_free(vs->assessed, (size_t)vs->nparcels *
	    sizeof *vs->assessed);
	free(vs);
}

static int
grow_slots(struct pcl_verdicts *vs)
{
	uint32_t n = vs->nslots * 2, i, j, *s = calloc(n, sizeof *s);

	if (s == NULL)
		return PCL_E_NOMEM;
	for (i = 1; i < vs->n; i++) {
		for (j = (uint32_t)vs->hash[i] & (n - 1); s[j] != 0;
		    j = (j + 1) & (n - 1))
			;
		s[j] = i;
	}
	free(vs->slots);
	vs->slots = s;
	vs->nslots = n;
	return PCL_OK;
}

/* Interns 'v'; its id in '*id'. */
static int
intern(struct pcl_verdicts *vs, const struct pcl_verdict *v, uint32_t *id)
{
	uint64_t h = pcl_hash64(v, VERDICT_BYTES, 0x5E4D1C7);
	uint32_t j, k;

	for (j = (uint32_t)h & (vs->nslots - 1); (k = vs->slots[j]) != 0;
	    j = (j + 1) & (vs->nslots - 1))
		if (vs->hash[k] == h && memcmp(&vs->v[k], v, VERDICT_BYTES) == 0) {
			*id = k;
			return PCL_OK;
		}
	if (vs->n == vs->cap) {
		uint32_t cap = vs->cap * 2;
		struct pcl_verdict *nv = realloc(vs->v, cap * sizeof *nv);
		uint64_t *nh;

		if (nv == NULL)
			return PCL_E_NOMEM;
		vs->v = nv;
		if ((nh = realloc(vs->hash, cap * sizeof *nh)) == NULL)
			return PCL_E_NOMEM;
		vs->hash = nh;
		vs->cap = cap;
	}
	memcpy(&vs->v[vs->n], v, sizeof *v);
	vs->hash[vs->n] = h;
	vs->slots[j] = vs->n;
	*id = vs->n++;
	if (vs->n * 2 > vs->nslots)
		return grow_slots(vs);
	return PCL_OK;
}

int
pcl_verdicts_set(struct pcl_verdicts *vs, uint32_t idx,
    const struct pcl_verdict *v, pcl_i128 assessed)
{
	struct pcl_verdict t;
	uint32_t id;

	if (idx >= vs->nparcels)
		return PCL_E_NOMEM;	/* never: sized for every parcel */
	memcpy(&t, v, sizeof t);
	t.wide = 0;
	t.wide_value = 0;
	if (!t.has_assessed)
		assessed = 0;
	else if (assessed > INT64_MAX || assessed < INT64_MIN) {
		/* rare: the value travels in a verdict of its own */
		t.wide = 1;
		t.wide_value = assessed;
		assessed = 0;
	}
	if (intern(vs, &t, &id) != PCL_OK)
		return PCL_E_NOMEM;
	vs->id[idx] = id;
	vs->assessed[idx] = (int64_t)assessed;
	return PCL_OK;
}

const struct pcl_verdict *
pcl_verdicts_get(const struct pcl_verdicts *vs, uint32_t idx,
    pcl_i128 *assessed)
{
	uint32_t id = idx < vs->nparcels ? vs->id[idx] : 0;

	*assessed = 0;
	if (id == 0)
		return NULL;
	*assessed = vs->v[id].wide ? vs->v[id].wide_value :
	    (pcl_i128)vs->assessed[idx];
	return &vs->v[id];
}

/*
 * Writes 'v' minor units with 'digits' decimals into 'buf' (64 bytes)
 * as pcl_money_format does, in 64-bit arithmetic: this runs per row.
 */
static size_t
put_amount(char *buf, int64_t v, int digits)
{
	char t[32];
	uint64_t u = v < 0 ? (uint64_t)(-(v + 1)) + 1 : (uint64_t)v;
	size_t n = 0, o = 0;

	do {
		t[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0 || n <= (size_t)digits);
	if (v < 0)
		buf[o++] = '-';
	while (n > 0) {
		if (n == (size_t)digits && digits > 0)
			buf[o++] = '.';
		buf[o++] = t[--n];
	}
	buf[o] = '\0';
	return o;
}

/* Writes the shared columns of verdict 'id' once. */
static int
show(struct pcl_verdicts *vs, uint32_t id)
{
	const struct pcl_verdict *v = &vs->v[id];
	const struct pcl_reasons *rs = pcl_parcels_reasons(vs->parcels,
	    v->reasons);
	char buf[REASONS_MAX];
	struct shown *s;
	size_t i, len = 0, n;
	char *text = NULL, *t;

	if (id >= vs->nshown) {
		uint32_t cap = vs->n;

		if ((s = realloc(vs->shown, cap * sizeof *s)) == NULL)
			return PCL_E_NOMEM;
		memset(s + vs->nshown, 0, (cap - vs->nshown) * sizeof *s);
		vs->shown = s;
		vs->nshown = cap;
	}
	s = &vs->shown[id];
	for (i = 0; i < PCL_VERDICT_NCOLS; i++) {
		const char *src = buf;

		if (columns[i].own) {
			s->off[i] = len;
			s->len[i] = 0;
			continue;
		}
		if (columns[i].put != NULL) {
			n = columns[i].put(v, rs, buf, sizeof buf);
		} else {
			src = (const char *)v + columns[i].text;
			n = strlen(src);
		}
		if ((t = realloc(text, len + n + 1)) == NULL) {
			free(text);
			return PCL_E_NOMEM;
		}
		text = t;
		memcpy(text + len, src, n);
		text[len + n] = '\0';
		s->off[i] = len;
		s->len[i] = n;
		len += n + 1;
	}
	s->text = text;
	return PCL_OK;
}

int
pcl_verdicts_columns(struct pcl_verdicts *vs, uint32_t idx, const char **f,
    size_t *l)
{
	uint32_t id = idx < vs->nparcels ? vs->id[idx] : 0;
	const struct pcl_verdict *v;
	const struct shown *s;
	size_t i;

	if (id == 0) {
		for (i = 0; i < PCL_VERDICT_NCOLS; i++) {
			f[i] = "";
			l[i] = 0;
		}
		return PCL_OK;
	}
	if ((id >= vs->nshown || vs->shown[id].text == NULL) &&
	    show(vs, id) != PCL_OK)
		return PCL_E_NOMEM;
	v = &vs->v[id];
	s = &vs->shown[id];
	for (i = 0; i < PCL_VERDICT_NCOLS; i++) {
		if (!columns[i].own) {
			f[i] = s->text + s->off[i];
			l[i] = s->len[i];
			continue;
		}
		f[i] = vs->own;
		if (!v->has_assessed) {
			vs->own[0] = '\0';
			l[i] = 0;
		} else if (v->wide) {
			pcl_money_format(vs->own, sizeof vs->own, v->wide_value,
			    v->assessed_digits);
			l[i] = strlen(vs->own);
		} else {
			l[i] = put_amount(vs->own, vs->assessed[idx],
			    v->assessed_digits);
		}
	}
	return PCL_OK;
}

uint32_t
pcl_verdicts_count(const struct pcl_verdicts *vs)
{
	return vs->n - 1;
}

size_t
pcl_verdicts_memory(const struct pcl_verdicts *vs)
{
	return (size_t)vs->cap * (sizeof *vs->v + sizeof *vs->hash) +
	    (size_t)vs->nslots * sizeof *vs->slots +
	    (size_t)vs->nparcels * (sizeof *vs->id + sizeof *vs->assessed);
}
