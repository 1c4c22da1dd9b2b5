/*
 * report: the self-contained HTML page of a batch (see report.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "codes.h"
#include "date.h"
#include "digest.h"
#include "report.h"
#include "banned.h"

struct buf {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

static void out(struct buf *b, const char *fmt, ...) PCL_PRINTF(2, 3);

static void
out(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = 1;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t cap = (b->cap + (size_t)n + 1) * 2;
			char *p = realloc(b->p, cap);

			if (p == NULL) {
				b->failed = 1;
				return;
			}
			b->p = p;
			b->cap = cap;
		}
	}
}

/* Text with &, <, >, " escaped. */
static void
esc(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': out(b, "&amp;"); break;
		case '<': out(b, "&lt;"); break;
		case '>': out(b, "&gt;"); break;
		case '"': out(b, "&quot;"); break;
		default: out(b, "%c", *s);
		}
	}
}

/* The order lanes are shown in, as everywhere else (summary, README):
 * release, declare, hold, reject; enum pcl_lane orders by severity. */
static const int lane_order[PCL_LANE_COUNT] = {
	PCL_LANE_RELEASE, PCL_LANE_DECLARE, PCL_LANE_HOLD, PCL_LANE_REJECT
};

static const char *const lane_color[PCL_LANE_COUNT] = {
	"#2e7d32", "#1565c0", "#c62828", "#ef6c00"
};

static const char style[] =
    "body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;"
    "border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}"
    "td.n{text-align:right}th{background:#f3f3f3}"
    ".key span{display:inline-block;width:.9em;height:.9em;"
    "margin:0 .3em 0 1em;vertical-align:middle}"
    "svg text{font-family:sans-serif;font-size:11px}"
    "svg text.c{font-size:9px;text-anchor:middle}"
    "td.k{white-space:nowrap}td.s{min-width:12em}"
    "p.note{color:#555;font-size:.9em}";

static void
overview(struct buf *b, const struct pcl_report_data *d)
{
	const struct pcl_job_result *r = d->res;
	char date[11];
	size_t i;
	int l, k;

	out(b, "<h1>parcelclear batch report</h1>\n<p>parcelclear ");
	esc(b, d->tool_version ? d->tool_version : "");
	out(b, "; rules: ");
	esc(b, d->rules_name ? d->rules_name : "");
	out(b, " (sha256 <code>%s</code>)", d->rules_sha256 ?
	    d->rules_sha256 : "");
	if (d->as_of != PCL_DATE_NONE) {
		pcl_date_format(d->as_of, date);
		out(b, "; every parcel judged as of %s", date);
	}
	out(b, ".</p>\n<p>Inputs:");
	for (i = 0; i < d->ninputs; i++) {
		out(b, "%s<code>", i ? ", " : " ");
		esc(b, d->inputs[i]);
		out(b, "</code>");
	}
	out(b, ".</p>\n<section id=\"overview\">\n<h2>Overview</h2>\n"
	    "<table><tr><th>records in</th>");
	for (k = 0; k < PCL_LANE_COUNT; k++) {
		l = lane_order[k];
		out(b, "<th>%s</th>", pcl_lane_name((enum pcl_lane)l));
	}
	out(b, "<th>duplicates</th></tr>\n<tr><td class=\"n\">%llu</td>",
	    r->records_in);
	for (k = 0; k < PCL_LANE_COUNT; k++) {
		l = lane_order[k];
		out(b, "<td class=\"n\">%llu</td>", r->records[l]);
	}
	out(b, "<td class=\"n\">%llu</td></tr>\n<tr><td>parcels</td>",
	    r->duplicates);
	for (k = 0; k < PCL_LANE_COUNT; k++) {
		l = lane_order[k];
		out(b, "<td class=\"n\">%llu</td>", r->parcels[l]);
	}
	out(b, "<td></td></tr></table>\n</section>\n");
}

static void
lanes_per_destination(struct buf *b, const struct pcl_report_data *d)
{
	size_t i, n = pcl_stats_ndests(d->stats);
	unsigned long long max = 1;
	int l, k;

	for (i = 0; i < n; i++) {
		const struct pcl_dest_lanes *x = pcl_stats_dest(d->stats, i);
		unsigned long long t = 0;

		for (k = 0; k < PCL_LANE_COUNT; k++) {
			l = lane_order[k];
			t += x->n[l];
		}
		if (t > max)
			max = t;
	}
	out(b, "<section id=\"lanes\">\n<h2>Lanes per destination</h2>\n"
	    "<p class=\"key\">parcels:");
	for (k = 0; k < PCL_LANE_COUNT; k++) {
		l = lane_order[k];
		out(b, "<span style=\"background:%s\"></span>%s", lane_color[l],
		    pcl_lane_name((enum pcl_lane)l));
	}
	out(b, "</p>\n<svg width=\"640\" "
	    "height=\"%zu\" role=\"img\" aria-label=\"parcels per lane and "
	    "destination\">\n", n * 22 + 10);
	for (i = 0; i < n; i++) {
		const struct pcl_dest_lanes *x = pcl_stats_dest(d->stats, i);
		unsigned long long t = 0;
		double pos = 40;

		out(b, "<text x=\"0\" y=\"%zu\">%s</text>", i * 22 + 19, x->dest);
		for (k = 0; k < PCL_LANE_COUNT; k++) {
			l = lane_order[k];
			double w = 500.0 * (double)x->n[l] / (double)max;

			t += x->n[l];
			if (x->n[l] == 0)
				continue;
			out(b, "<rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" "
			    "height=\"16\" fill=\"%s\"><title>%s %s: %llu"
			    "</title></rect>", pos, i * 22 + 6, w, lane_color[l],
			    x->dest, pcl_lane_name((enum pcl_lane)l), x->n[l]);
			pos += w;
		}
		out(b, "<text x=\"%.1f\" y=\"%zu\">%llu</text>\n", pos + 4,
		    i * 22 + 19, t);
	}
	out(b, "</svg>\n<table><tr><th>destination</th>");
	for (k = 0; k < PCL_LANE_COUNT; k++) {
		l = lane_order[k];
		out(b, "<th>%s</th>", pcl_lane_name((enum pcl_lane)l));
	}
	out(b, "</tr>\n");
	for (i = 0; i < n; i++) {
		const struct pcl_dest_lanes *x = pcl_stats_dest(d->stats, i);

		out(b, "<tr><td>%s</td>", x->dest);
		for (k = 0; k < PCL_LANE_COUNT; k++) {
			l = lane_order[k];
			out(b, "<td class=\"n\">%llu</td>", x->n[l]);
		}
		out(b, "</tr>\n");
	}
	out(b, "</table>\n</section>\n");
}

/* Reasons of lane 'lane' (or of every lane but hold when 'lane' < 0),
 * most frequent first, at most 'max'. */
static void
reason_table(struct buf *b, const struct pcl_report_data *d, int hold,
    size_t max)
{
	int order[PCL_R_COUNT], n = 0, a, c;

	for (c = 1; c < PCL_R_COUNT; c++)
		if (pcl_stats_reason(d->stats, c) > 0 &&
		    (pcl_reason_lane(c) == PCL_LANE_HOLD) == hold)
			order[n++] = c;
	for (a = 1; a < n; a++)
		for (c = a; c > 0; c--) {
			unsigned long long x = pcl_stats_reason(d->stats,
			    order[c - 1]), y = pcl_stats_reason(d->stats,
			    order[c]);
			int t;

			if (x > y || (x == y && strcmp(pcl_reason_name(
			    order[c - 1]), pcl_reason_name(order[c])) < 0))
				break;
			t = order[c];
			order[c] = order[c - 1];
			order[c - 1] = t;
		}
	if (n == 0) {
		out(b, "<p>None.</p>\n");
		return;
	}
	out(b, "<table><tr><th>reason</th><th>lane</th><th>parcels</th>"
	    "<th>meaning</th></tr>\n");
	for (a = 0; a < n && (size_t)a < max; a++) {
		c = order[a];
		out(b, "<tr><td><code>%s</code></td><td>%s</td><td class=\"n\">"
		    "%llu</td><td>", pcl_reason_name(c),
		    pcl_lane_name(pcl_reason_lane(c)),
		    pcl_stats_reason(d->stats, c));
		esc(b, pcl_reason_meaning(c));
		out(b, "</td></tr>\n");
	}
	out(b, "</table>\n");
}

/*
 * Amounts of destination 'dest' and lane 'lane' as "55.00 EUR<br>300.00
 * CNY": at least the currency's minor digits, more when declared finer.
 */
static void
declared_cell(struct buf *b, const struct pcl_stats *st, const char *dest,
    int lane)
{
	size_t i, n = pcl_stats_nvalues(st), shown = 0;
	char num[64];
	int digits;

	for (i = 0; i < n; i++) {
		const struct pcl_value_total *t = pcl_stats_value(st, i);

		if ((int)t->lane != lane || strcmp(t->dest, dest) != 0)
			continue;
		if (pcl_codes_currency(t->currency, strlen(t->currency),
		    PCL_DATE_NONE, &digits) != PCL_CODE_OK)
			digits = 0;
		pcl_money_format_micros_min(num, sizeof num, t->micros, digits);
		out(b, "%s%s&#160;%s", shown++ ? "<br>" : "", num, t->currency);
	}
}

/* The totals of one table of 'st' ('count' and 'at' its accessors,
 * pcl_stats_assessed or pcl_stats_duty) for 'dest' and 'lane', one
 * amount and parcel count a line. */
static void
totals_cell(struct buf *b, const struct pcl_stats *st, const char *dest,
    int lane, size_t (*count)(const struct pcl_stats *),
    const struct pcl_assessed_total *(*at)(const struct pcl_stats *,
    size_t))
{
	size_t i, n = count(st), shown = 0;
	char num[64];

	for (i = 0; i < n; i++) {
		const struct pcl_assessed_total *t = at(st, i);

		if ((int)t->lane != lane || strcmp(t->dest, dest) != 0)
			continue;
		pcl_money_format(num, sizeof num, pcl_money_to_minor(t->micros,
		    t->digits), t->digits);
		out(b, "%s%s&#160;%s (%llu)", shown++ ? "<br>" : "", num,
		    t->currency, t->parcels);
	}
}

/* Declared and assessed value and flat duty per destination and lane. */
static void
value_totals(struct buf *b, const struct pcl_report_data *d)
{
	size_t i, n = pcl_stats_ndests(d->stats);
	int l, k;

	out(b, "<section id=\"totals\">\n<h2>Value per destination and "
	    "lane</h2>\n<p class=\"note\">Declared: the items' intrinsic "
	    "values as declared, summed per currency, never converted. "
	    "Assessed: each parcel's value on its rule's basis in the "
	    "threshold currency, converted with the parcel's rate and rounded "
	    "once, half-up, to the minor unit (the <code>assessed_value</code> "
	    "of the lane files), then summed exactly; in brackets the parcels "
	    "summed. Parcels never assessed (rejected, held for a conflict, no "
	    "customs border, no rule) have no assessed value. Flat duty: the "
	    "<code>duty_amount</code> of the lane files summed exactly, for "
	    "parcels under a rule that charges a flat amount per tariff "
	    "subheading; in brackets the parcels summed.</p>\n");
	out(b, "<table><tr><th>destination</th><th>lane</th><th>parcels</th>"
	    "<th>declared</th><th>assessed</th><th>flat duty</th></tr>\n");
	for (i = 0; i < n; i++) {
		const struct pcl_dest_lanes *x = pcl_stats_dest(d->stats, i);

		for (k = 0; k < PCL_LANE_COUNT; k++) {
			l = lane_order[k];
			if (x->n[l] == 0)
				continue;
			out(b, "<tr><td>%s</td><td>%s</td><td class=\"n\">%llu"
			    "</td><td class=\"n\">", x->dest,
			    pcl_lane_name((enum pcl_lane)l), x->n[l]);
			declared_cell(b, d->stats, x->dest, l);
			out(b, "</td><td class=\"n\">");
			totals_cell(b, d->stats, x->dest, l,
			    pcl_stats_nassessed, pcl_stats_assessed);
			out(b, "</td><td class=\"n\">");
			totals_cell(b, d->stats, x->dest, l,
			    pcl_stats_nduty, pcl_stats_duty);
			out(b, "</td></tr>\n");
		}
	}
	out(b, "</table>\n</section>\n");
}

static void
thresholds(struct buf *b, const struct pcl_report_data *d)
{
	size_t i, k, n = pcl_stats_nrules(d->stats);

	out(b, "<section id=\"values\">\n<h2>Value against each "
	    "threshold</h2>\n<p class=\"note\">Parcels by assessed value "
	    "(in the threshold's currency, converted as the rule says) as a "
	    "share of the duty threshold, in steps of 10 %%; the line marks "
	    "the threshold; green: within it, blue: over it. Counts of "
	    "10,000 and more are shown in thousands (k); each bar's exact "
	    "count is in its tooltip.</p>\n");
	for (i = 0, k = 0; i < n; i++)
		k += pcl_stats_rule(d->stats, i)->parcels;
	if (k == 0)
		out(b, "<p>No parcel was assessed against a threshold.</p>\n");
	for (i = 0; i < n; i++) {
		const struct pcl_rule_hist *h = pcl_stats_rule(d->stats, i);
		unsigned long long max = 1;

		if (h->parcels == 0)	/* no threshold: nothing to draw */
			continue;

		for (k = 0; k < PCL_STATS_BUCKETS; k++)
			if (h->n[k] > max)
				max = h->n[k];
		out(b, "<h3><code>");
		esc(b, h->rule_id);
		out(b, "</code>: threshold ");
		esc(b, h->threshold);
		out(b, " %s, %llu parcel%s</h3>\n", h->currency, h->parcels,
		    h->parcels == 1 ? "" : "s");
		out(b, "<svg width=\"640\" "
		    "height=\"150\" role=\"img\" aria-label=\"value distribution "
		    "for rule ");
		esc(b, h->rule_id);
		out(b, "\">\n<line x1=\"20\" y1=\"120\" x2=\"620\" y2=\"120\" "
		    "stroke=\"#888\"/>\n");
		for (k = 0; k < PCL_STATS_BUCKETS; k++) {
			double hgt = 100.0 * (double)h->n[k] / (double)max;
			const char *fill = k < 10 ? lane_color[PCL_LANE_RELEASE] :
			    lane_color[PCL_LANE_DECLARE];

			char label[16];

			/* at most 4 characters: they fit the 28 px pitch */
			if (h->n[k] < 10000)
				snprintf(label, sizeof label, "%llu", h->n[k]);
			else if (h->n[k] < 1000000)
				snprintf(label, sizeof label, "%lluk",
				    h->n[k] / 1000);
			else
				snprintf(label, sizeof label, "%lluM",
				    h->n[k] / 1000000);
			if (h->n[k] > 0)
				out(b, "<rect x=\"%zu\" y=\"%.1f\" width=\"24\" "
				    "height=\"%.1f\" fill=\"%s\"><title>%s%zu-%zu %%:"
				    " %llu</title></rect><text class=\"c\" x=\"%zu\" "
				    "y=\"%.1f\">%s</text>\n", 22 + k * 28, 120 - hgt,
				    hgt, fill, k == PCL_STATS_BUCKETS - 1 ? ">= " : "",
				    k * 10, k * 10 + 10, h->n[k], 34 + k * 28,
				    116 - hgt, label);
		}
		out(b, "<line x1=\"300\" y1=\"10\" x2=\"300\" y2=\"125\" "
		    "stroke=\"#c62828\" stroke-dasharray=\"4 3\"/>\n"
		    "<text x=\"20\" y=\"138\">0 %%</text><text x=\"150\" "
		    "y=\"138\">50 %%</text><text x=\"284\" y=\"138\">100 %%"
		    "</text><text x=\"424\" y=\"138\">150 %%</text><text "
		    "x=\"570\" y=\"138\">&#8805; 200 %%</text>\n</svg>\n");
	}
	out(b, "</section>\n");
}

static void
rules_used(struct buf *b, const struct pcl_report_data *d)
{
	size_t i, k, n = pcl_stats_nrules(d->stats);

	out(b, "<section id=\"rules\">\n<h2>Rules used</h2>\n");
	if (n == 0) {
		out(b, "<p>None.</p>\n</section>\n");
		return;
	}
	out(b, "<table><tr><th>rule</th><th>in</th><th>valid</th>"
	    "<th>threshold</th><th>basis</th><th>parcels</th>"
	    "<th>source</th></tr>\n");
	for (i = 0; i < n; i++) {
		const struct pcl_rule_hist *h = pcl_stats_rule(d->stats, i);
		const struct pcl_rule *r = NULL;
		char from[11], to[11];

		for (k = 0; d->rules != NULL && k < pcl_rules_count(d->rules);
		    k++)
			if (strcmp(pcl_rules_at(d->rules, k)->id,
			    h->rule_id) == 0)
				r = pcl_rules_at(d->rules, k);
		out(b, "<tr><td class=\"k\"><code>");
		esc(b, h->rule_id);
		out(b, "</code></td>");
		if (r == NULL) {
			out(b, "<td colspan=\"4\"></td><td class=\"n\">%llu</td>"
			    "<td></td></tr>\n", h->decided);
			continue;
		}
		pcl_date_format(r->valid_from, from);
		if (r->valid_to == PCL_DATE_MAX)
			snprintf(to, sizeof to, "%s", "open");
		else
			pcl_date_format(r->valid_to, to);
		out(b, "<td>");
		esc(b, r->jurisdiction);
		out(b, "</td><td class=\"k\">%s to<br>%s</td><td>", from, to);
		if (!r->has_threshold) {
			out(b, "none (suspended)");
		} else {
			out(b, "%s ", r->strict_less ? "&lt;" : "&#8804;");
			esc(b, h->threshold);
			out(b, " %s", h->currency);
		}
		out(b, "</td><td>%s</td><td class=\"n\">%llu</td>"
		    "<td class=\"s\">", pcl_rules_basis_name(r->basis),
		    h->decided);
		esc(b, r->source);
		out(b, "</td></tr>\n");
	}
	out(b, "</table>\n</section>\n");
}

int
pcl_report_render(const struct pcl_report_data *d, char **res, size_t *len)
{
	struct buf b;

	memset(&b, 0, sizeof b);
	out(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>parcelclear batch report</title>\n"
	    "<style>%s</style>\n</head>\n<body>\n", style);
	overview(&b, d);
	lanes_per_destination(&b, d);
	out(&b, "<section id=\"reasons\">\n<h2>Top reasons</h2>\n");
	reason_table(&b, d, 0, 15);
	out(&b, "<h2 id=\"flags\">Flags (hold)</h2>\n");
	reason_table(&b, d, 1, 15);
	out(&b, "</section>\n");
	value_totals(&b, d);
	thresholds(&b, d);
	rules_used(&b, d);
	out(&b, "</body>\n</html>\n");
	if (b.failed) {
		free(b.p);
		return PCL_E_NOMEM;
	}
	*res = b.p;
	*len = b.len;
	return PCL_OK;
}

int
pcl_report_write(const char *path, const struct pcl_report_data *d,
    struct pcl_error *err)
{
	char dir[4096], *text;
	const char *slash = strrchr(path, '/'), *name = path;
	size_t len;
	int rc;

	if (slash == NULL)
		snprintf(dir, sizeof dir, "%s", ".");
	else if (slash == path)
		snprintf(dir, sizeof dir, "%s", "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (slash != NULL)
		name = slash + 1;
	if (*name == '\0')
		return pcl_error_set(err, PCL_E_WRITE, "report path '%s' names "
		    "a directory", path);
	if (pcl_report_render(d, &text, &len) != PCL_OK)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	rc = pcl_atomicfile_put(dir, name, text, len, err);
	free(text);
	return rc;
}

struct pcl_report_file {
	char			*dir, *tmp, *final;
	char			 sha256[65];
	unsigned long long	 bytes;
};

/* Splits 'path' into its directory (new string) and its name (in 'path'). */
static int
split_path(const char *path, char **dir, const char **name,
    struct pcl_error *err)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	*name = slash != NULL ? slash + 1 : path;
	if (**name == '\0')
		return pcl_error_set(err, PCL_E_WRITE, "report path '%s' names "
		    "a directory", path);
	n = slash == NULL ? 1 : slash == path ? 1 : (size_t)(slash - path);
	if ((*dir = malloc(n + 1)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	if (slash == NULL)
		memcpy(*dir, ".", 2);
	else if (slash == path)
		memcpy(*dir, "/", 2);
	else {
		memcpy(*dir, path, n);
		(*dir)[n] = '\0';
	}
	return PCL_OK;
}

int
pcl_report_stage(struct pcl_report_file **out, const char *path,
    const struct pcl_report_data *d, struct pcl_error *err)
{
	struct pcl_report_file *f;
	const char *name;
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	if ((f = calloc(1, sizeof *f)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	if ((rc = split_path(path, &f->dir, &name, err)) != PCL_OK) {
		free(f);
		return rc;
	}
	if (pcl_report_render(d, &text, &len) != PCL_OK) {
		free(f->dir);
		free(f);
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	}
	pcl_digest_buffer(text, len, f->sha256);
	f->bytes = len;
	rc = pcl_atomicfile_put_tmp(f->dir, name, text, len, &f->tmp, &f->final,
	    err);
	free(text);
	if (rc != PCL_OK) {
		free(f->dir);
		free(f);
		return rc;
	}
	*out = f;
	return PCL_OK;
}

const char *
pcl_report_sha256(const struct pcl_report_file *f)
{
	return f->sha256;
}

unsigned long long
pcl_report_bytes(const struct pcl_report_file *f)
{
	return f->bytes;
}

static void
report_file_free(struct pcl_report_file *f)
{
	free(f->dir);
	free(f->tmp);
	free(f->final);
	free(f);
}

int
pcl_report_commit(struct pcl_report_file *f, struct pcl_error *err)
{
	int rc = pcl_atomicfile_commit(f->dir, f->tmp, f->final, err);

	report_file_free(f);
	return rc;
}

void
pcl_report_abort(struct pcl_report_file *f)
{
	if (f == NULL)
		return;
	unlink(f->tmp);
	report_file_free(f);
}
