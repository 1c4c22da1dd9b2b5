/*
 * summary: summary.json of a batch, rendered from what each stage handed
 * forward, and process figures.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aeo.h"
#include "date.h"
#include "decisions.h"
#include "export.h"
#include "filing.h"
#include "fx.h"
#include "job.h"
#include "map.h"
#include "outdir.h"
#include "perkg.h"
#include "report.h"
#include "risk.h"
#include "rules.h"
#include "screen.h"
#include "stats.h"
#include "writer.h"
#include "summary.h"
#include "banned.h"

unsigned long
pcl_summary_peak_rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long kib = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0) {
			kib = strtoul(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	return kib;
}

/* summary.json of a batch (see summary.h). */

static void
lane_counts(struct pcl_json *js, const char *key, const unsigned long long *n,
    const unsigned long long *dups)
{
	int l;

	pcl_json_begin_object(js, key);
	for (l = 0; l < PCL_LANE_COUNT; l++)
		pcl_json_uint(js, pcl_lane_name((enum pcl_lane)l), n[l]);
	if (dups != NULL)
		pcl_json_uint(js, "duplicates", *dups);
	pcl_json_end_object(js);
}

/* The "risk" object of summary.json: lists, threshold, flags. */
static void
render_risk(const struct pcl_summary_batch *j, struct pcl_json *js)
{
	size_t i;
	int c;

	pcl_json_begin_object(js, "risk");
	pcl_json_uint(js, "hold_score", j->ropts->hold_score ?
	    j->ropts->hold_score : PCL_RISK_HOLD_SCORE_DEFAULT);
	pcl_json_uint(js, "near_threshold_band_bp", j->ropts->near_band_bp ?
	    j->ropts->near_band_bp : PCL_RISK_NEAR_BAND_DEFAULT);
	pcl_json_string(js, "lists_source", j->o->lists_dir ?
	    j->o->lists_dir : "embedded data/lists");
	pcl_json_uint(js, "list_entries", pcl_screen_count(j->screen));
	pcl_json_begin_array(js, "lists");
	for (i = 0; i < pcl_screen_nfiles(j->screen); i++) {
		pcl_json_begin_object(js, NULL);
		pcl_json_string(js, "source", pcl_screen_file_name(j->screen, i));
		pcl_json_string(js, "sha256",
		    pcl_screen_file_sha256(j->screen, i));
		pcl_json_end_object(js);
	}
	pcl_json_end_array(js);
	if (j->aeo != NULL) {
		pcl_json_begin_object(js, "aeo");
		pcl_json_string(js, "source", pcl_aeo_name(j->aeo));
		pcl_json_string(js, "sha256", pcl_aeo_sha256(j->aeo));
		pcl_json_uint(js, "entries", pcl_aeo_count(j->aeo));
		pcl_json_end_object(js);
	} else {
		pcl_json_null(js, "aeo");
	}
	if (j->o->allow_path != NULL) {
		pcl_json_begin_object(js, "allow");
		pcl_json_string(js, "source", pcl_screen_allow_name(j->screen));
		pcl_json_string(js, "sha256",
		    pcl_screen_allow_sha256(j->screen));
		pcl_json_uint(js, "entries", pcl_screen_allow_count(j->screen));
		pcl_json_end_object(js);
	} else {
		pcl_json_null(js, "allow");
	}
	if (pcl_perkg_count(j->perkg) > 0) {
		pcl_json_begin_object(js, "value_per_kg");
		pcl_json_string(js, "source", pcl_perkg_name(j->perkg));
		pcl_json_string(js, "sha256", pcl_perkg_sha256(j->perkg));
		pcl_json_uint(js, "bands", pcl_perkg_count(j->perkg));
		pcl_json_end_object(js);
	} else {
		pcl_json_null(js, "value_per_kg");
	}
	/* dests are sorted by the caller */
	pcl_json_begin_object(js, "flags_by_destination");
	for (i = 0; i < j->counts->ndests; i++) {
		pcl_json_begin_object(js, j->counts->dests[i].cc);
		for (c = 1; c < PCL_R_COUNT; c++)
			if (j->counts->dests[i].flags[c] > 0)
				pcl_json_uint(js, pcl_reason_name(c),
				    j->counts->dests[i].flags[c]);
		pcl_json_end_object(js);
	}
	pcl_json_end_object(js);
	pcl_json_end_object(js);
}

/*
 * Declared values: the exact sum of the items' intrinsic values per
 * destination, lane and declared currency, then per lane and currency.
 * Sums are never converted, so they hold whatever rates may say later.
 */
static void
render_values(const struct pcl_summary_batch *j, struct pcl_json *js)
{
	size_t i, k, n = pcl_stats_nvalues(j->stats);
	char num[64];
	int l;

	pcl_stats_sort(j->stats);
	pcl_json_begin_object(js, "declared_value_by_destination");
	for (i = 0; i < n; i++) {
		const struct pcl_value_total *t = pcl_stats_value(j->stats, i);
		const struct pcl_value_total *p = i > 0 ?
		    pcl_stats_value(j->stats, i - 1) : NULL;
		const struct pcl_value_total *q = i + 1 < n ?
		    pcl_stats_value(j->stats, i + 1) : NULL;

		if (p == NULL || strcmp(p->dest, t->dest) != 0)
			pcl_json_begin_object(js, t->dest);
		if (p == NULL || strcmp(p->dest, t->dest) != 0 ||
		    p->lane != t->lane)
			pcl_json_begin_object(js, pcl_lane_name(t->lane));
		pcl_money_format_micros(num, sizeof num, t->micros);
		pcl_json_string(js, t->currency, num);
		if (q == NULL || strcmp(q->dest, t->dest) != 0 ||
		    q->lane != t->lane)
			pcl_json_end_object(js);
		if (q == NULL || strcmp(q->dest, t->dest) != 0)
			pcl_json_end_object(js);
	}
	pcl_json_end_object(js);
	pcl_json_begin_object(js, "declared_value_by_lane");
	for (l = 0; l < PCL_LANE_COUNT; l++) {
		/* currencies in order: each first seen in the sorted table */
		pcl_json_begin_object(js, pcl_lane_name((enum pcl_lane)l));
		for (i = 0; i < n; i++) {
			const struct pcl_value_total *t = pcl_stats_value(j->stats, i);
			pcl_i128 sum = 0;
			int first = 1, ok;

			if ((int)t->lane != l)
				continue;
			for (k = 0; k < n; k++) {
				const struct pcl_value_total *u =
				    pcl_stats_value(j->stats, k);

				if ((int)u->lane != l ||
				    strcmp(u->currency, t->currency) != 0)
					continue;
				if (k < i)
					first = 0;
				/* cannot fail: each total is a checked sum of
				 * 64-bit parcel values, so together they stay
				 * far inside the 128-bit range */
				ok = pcl_money_add(sum, u->micros, &sum) ==
				    PCL_OK;
				assert(ok);
				(void)ok;
			}
			if (!first)
				continue;
			pcl_money_format_micros(num, sizeof num, sum);
			pcl_json_string(js, t->currency, num);
		}
		pcl_json_end_object(js);
	}
	pcl_json_end_object(js);
}

static void
path_or_null(struct pcl_json *js, const char *key, const char *path)
{
	if (path != NULL)
		pcl_json_string(js, key, path);
	else
		pcl_json_null(js, key);
}

/* One exchange-rate table of the run, "fx_sources" entry. */
static void
fx_source_entry(struct pcl_json *js, const char *name, const char *authority,
    const char *origin, const char *sha256, int32_t first, int32_t last,
    unsigned long long parcels, unsigned long long past_end)
{
	char date[11];

	pcl_json_begin_object(js, NULL);
	pcl_json_string(js, "source", name);
	pcl_json_string(js, "authority", authority);
	pcl_json_string(js, "origin", origin);
	pcl_json_string(js, "sha256", sha256);
	pcl_date_format(first, date);
	pcl_json_string(js, "first_date", date);
	pcl_date_format(last, date);
	pcl_json_string(js, "last_date", date);
	pcl_json_uint(js, "parcels", parcels);
	pcl_json_uint(js, "parcels_past_last_date", past_end);
	pcl_json_end_object(js);
}

/*
 * Every exchange-rate table the run had, in source order: the base table
 * (the ECB snapshot, the embedded ECB history or the --fx file) and each
 * authority's own snapshot; verify replays with exactly the snapshots
 * listed here.
 */
static void
render_fx_sources(const struct pcl_summary_batch *j, struct pcl_json *js)
{
	static const char *const origins[] = { "embedded", "file", "snapshot" };
	const struct pcl_fxsource_table *t;
	int o = (int)pcl_fx_origin(j->fx), s;

	pcl_json_begin_array(js, "fx_sources");
	fx_source_entry(js, o == PCL_FX_FILE ? "fx" : "ecb", o == PCL_FX_FILE ?
	    "any" : "EU", origins[o], pcl_fx_sha256(j->fx),
	    pcl_fx_first_date(j->fx), pcl_fx_last_date(j->fx),
	    j->counts->fx_src_parcels[PCL_FX_SRC_TABLE],
	    j->counts->fx_src_past_end[PCL_FX_SRC_TABLE]);
	for (s = PCL_FXSOURCE_HMRC; s <= PCL_FXSOURCE_RBA; s++) {
		if ((t = pcl_fx_attached(j->fx, (enum pcl_fxsource)s)) == NULL)
			continue;
		fx_source_entry(js, pcl_fxsource_name((enum pcl_fxsource)s),
		    pcl_fxsource_authority((enum pcl_fxsource)s), "snapshot",
		    pcl_fx_attached_sha256(j->fx, (enum pcl_fxsource)s),
		    pcl_fxsource_first(t), pcl_fxsource_last(t),
		    j->counts->fx_src_parcels[s], j->counts->fx_src_past_end[s]);
	}
	pcl_json_end_array(js);
}

/*
 * What 'parcelclear verify' needs to run the batch again: the
 * working directory the input paths are relative to, and the options
 * (null: the embedded default table, or no map). Per-input maps are in
 * "inputs".
 */
static void
render_options(const struct pcl_summary_batch *j, struct pcl_json *js)
{
	char cwd[4096], num[8];
	size_t i;

	pcl_json_begin_object(js, "options");
	if (getcwd(cwd, sizeof cwd) != NULL)
		pcl_json_string(js, "cwd", cwd);
	else
		pcl_json_null(js, "cwd");
	path_or_null(js, "rules", j->o->rules_path);
	path_or_null(js, "fx", j->o->fx_path);
	path_or_null(js, "map", j->o->map_path);
	path_or_null(js, "aeo", j->o->aeo_path);
	path_or_null(js, "allow", j->o->allow_path);
	path_or_null(js, "filing", j->o->filing_path);
	snprintf(num, sizeof num, "%d", j->o->level ? j->o->level : 6);
	pcl_json_raw(js, "level", num);
	/* every other option that changes the outputs; null: not given */
	path_or_null(js, "encoding", j->o->encoding);
	pcl_json_bool(js, "decimal_comma", j->o->decimal_comma);
	num[0] = j->o->delimiter;
	num[1] = '\0';
	path_or_null(js, "delimiter", j->o->delimiter == '\t' ? "tab" :
	    j->o->delimiter ? num : NULL);
	path_or_null(js, "lists", j->o->lists_dir);
	{
		char list[64];
		size_t n = 0;
		int k;

		list[0] = '\0';
		for (k = 0; k < PCL_EXPORT_COUNT; k++)
			if (j->o->exports & (1u << k))
				n += (size_t)snprintf(list + n, sizeof list - n,
				    "%s%s", n > 0 ? "," : "", pcl_export_name(k));
		path_or_null(js, "exports", n > 0 ? list : NULL);
	}
	if (j->o->hold_score)
		pcl_json_uint(js, "hold_score", j->o->hold_score);
	else
		pcl_json_null(js, "hold_score");
	if (j->o->near_band_bp)
		pcl_json_uint(js, "near_band_bp", j->o->near_band_bp);
	else
		pcl_json_null(js, "near_band_bp");
	pcl_json_end_object(js);
	/*
	 * Every data file read from a path the user gave, other than rules,
	 * FX and maps (recorded on their own): one entry per file with the
	 * option that named it, so verify checks each without knowing the
	 * option (--lists now; a later file option adds its entries here).
	 */
	pcl_json_begin_array(js, "data_files");
	for (i = 0; j->o->lists_dir != NULL &&
	    i < pcl_screen_nfiles(j->screen); i++) {
		pcl_json_begin_object(js, NULL);
		pcl_json_string(js, "option", "lists");
		pcl_json_string(js, "source", pcl_screen_file_name(j->screen, i));
		pcl_json_string(js, "sha256",
		    pcl_screen_file_sha256(j->screen, i));
		pcl_json_end_object(js);
	}
	if (j->filing != NULL) {
		pcl_json_begin_object(js, NULL);
		pcl_json_string(js, "option", "filing");
		pcl_json_string(js, "source", pcl_filing_name(j->filing));
		pcl_json_string(js, "sha256", pcl_filing_sha256(j->filing));
		pcl_json_end_object(js);
	}
	pcl_json_end_array(js);
	/* the filing parameters as validated, every key (null: not set) */
	if (j->filing != NULL) {
		int k;

		pcl_json_begin_object(js, "filing");
		for (k = 0; k < PCL_FILING_COUNT; k++)
			path_or_null(js, pcl_filing_key_name(k),
			    pcl_filing_get(j->filing, k)[0] != '\0' ?
			    pcl_filing_get(j->filing, k) : NULL);
		pcl_json_end_object(js);
	} else {
		pcl_json_null(js, "filing");
	}
}

int
pcl_summary_render(const struct pcl_summary_batch *j, struct pcl_json *js)
{
	const struct pcl_job_opts *o = j->o;
	unsigned long long sum = j->res->duplicates, parcels = 0;
	char date[11], num[64];
	size_t i;
	int l, c;

	for (l = 0; l < PCL_LANE_COUNT; l++) {
		sum += j->res->records[l];
		parcels += j->res->parcels[l];
	}
	pcl_json_begin_object(js, NULL);
	pcl_json_string(js, "tool", "parcelclear");
	pcl_json_string(js, "version", o->tool_version ? o->tool_version : "");
	pcl_json_uint(js, "format_version", PCL_FORMAT_VERSION);
	pcl_json_string(js, "profile", pcl_profile_name(o->profile));
	if (o->as_of != PCL_DATE_NONE) {
		pcl_date_format(o->as_of, date);
		pcl_json_string(js, "as_of", date);
	} else {
		pcl_json_null(js, "as_of");
	}
	pcl_date_format(j->run_date, date);
	pcl_json_string(js, "run_date", date);
	render_options(j, js);
	pcl_json_begin_object(js, "rules");
	pcl_json_string(js, "source", pcl_rules_name(j->rules));
	pcl_json_string(js, "sha256", pcl_rules_sha256(j->rules));
	pcl_json_string(js, "customs_unions", pcl_rules_unions_name(j->rules));
	pcl_json_string(js, "customs_unions_sha256",
	    pcl_rules_unions_sha256(j->rules));
	pcl_json_end_object(js);
	pcl_json_begin_object(js, "fx");
	pcl_json_string(js, "source", pcl_fx_name(j->fx));
	pcl_json_string(js, "sha256", pcl_fx_sha256(j->fx));
	pcl_date_format(pcl_fx_first_date(j->fx), date);
	pcl_json_string(js, "first_date", date);
	pcl_date_format(pcl_fx_last_date(j->fx), date);
	pcl_json_string(js, "last_date", date);
	pcl_json_begin_object(js, "parcels_by_rate_rule");
	pcl_json_uint(js, "ECB rate of the penultimate Wednesday of the previous "
	    "month (EU UCC-IA Art. 146)", j->counts->fx_parcels[0]);
	pcl_json_uint(js, "ECB reference cross rate of the date (authority's "
	    "own rate not shipped)", j->counts->fx_parcels[1]);
	pcl_json_uint(js, "authority's own rate from the data directory",
	    j->counts->fx_parcels[2]);
	pcl_json_end_object(js);
	pcl_json_end_object(js);
	render_fx_sources(j, js);
	if (j->map != NULL) {
		pcl_json_begin_object(js, "map");
		pcl_json_string(js, "source", o->map_path);
		pcl_json_string(js, "sha256", pcl_map_sha256(j->map));
		pcl_json_end_object(js);
	} else {
		pcl_json_null(js, "map");
	}
	pcl_json_begin_array(js, "inputs");
	for (i = 0; i < o->ninputs; i++) {
		const struct pcl_summary_input *in = &j->inputs[i];

		pcl_json_begin_object(js, NULL);
		/* the number lane rows name this input by (column "input") */
		pcl_json_uint(js, "input", i + 1);
		pcl_json_string(js, "source", in->path);
		pcl_json_string(js, "sha256", in->sha256);
		pcl_json_uint(js, "bytes", in->bytes);
		if (in->spooled)	/* read once: cannot be verified */
			pcl_json_bool(js, "spooled", 1);
		pcl_json_bool(js, "gzip", in->gzip);
		num[0] = in->delim;
		num[1] = '\0';
		pcl_json_string(js, "delimiter", in->delim == '\t' ? "tab" : num);
		pcl_json_bool(js, "delimiter_detected", in->detected);
		pcl_json_uint(js, "records", in->records);
		pcl_json_uint(js, "blank_lines", in->blank);
		pcl_json_uint(js, "lines", in->lines);
		pcl_json_uint(js, "lines_swallowed", in->swallowed);
		pcl_json_uint(js, "duplicates", in->dups);
		if (o->input_maps != NULL && in->map_sha256 != NULL) {
			pcl_json_begin_object(js, "map");
			pcl_json_string(js, "source", o->input_maps[i]);
			pcl_json_string(js, "sha256", in->map_sha256);
			pcl_json_end_object(js);
		} else if (o->input_maps != NULL) {
			pcl_json_null(js, "map");
		}
		pcl_json_end_object(js);
	}
	pcl_json_end_array(js);
	pcl_json_uint(js, "records_in", j->res->records_in);
	pcl_json_uint(js, "blank_lines", j->res->blank_lines);
	lane_counts(js, "records_out", j->res->records, &j->res->duplicates);
	pcl_json_bool(js, "records_balanced", sum == j->res->records_in);
	lane_counts(js, "parcels", j->res->parcels, NULL);
	pcl_json_uint(js, "parcels_total", parcels);
	pcl_json_begin_object(js, "parcels_by_reason");
	{
		/* sorted by name */
		int order[PCL_R_COUNT], n = 0, a, b;

		for (c = 1; c < PCL_R_COUNT; c++)
			if (j->counts->reason_parcels[c] > 0)
				order[n++] = c;
		for (a = 1; a < n; a++)
			for (b = a; b > 0 && strcmp(pcl_reason_name(order[b - 1]),
			    pcl_reason_name(order[b])) > 0; b--) {
				int t = order[b];

				order[b] = order[b - 1];
				order[b - 1] = t;
			}
		for (a = 0; a < n; a++)
			pcl_json_uint(js, pcl_reason_name(order[a]),
			    j->counts->reason_parcels[order[a]]);
	}
	pcl_json_end_object(js);
	pcl_json_begin_object(js, "parcels_by_destination");
	for (i = 0; i < j->counts->ndests; i++)
		lane_counts(js, j->counts->dests[i].cc, j->counts->dests[i].n, NULL);
	pcl_json_end_object(js);
	render_risk(j, js);
	render_values(j, js);
	pcl_stats_render_assessed(j->stats, js);
	pcl_stats_render_duty(j->stats, js);
	pcl_json_begin_object(js, "outputs");
	for (i = 0; i < PCL_OUT_COUNT; i++) {
		pcl_json_begin_object(js, pcl_outdir_lane_file((int)i));
		pcl_json_uint(js, "rows", pcl_writer_rows(j->lanes[i]) - 1);
		pcl_json_string(js, "sha256_uncompressed", pcl_writer_sha256(j->lanes[i]));
		pcl_json_uint(js, "bytes_uncompressed", pcl_writer_bytes_in(j->lanes[i]));
		pcl_json_end_object(js);
	}
	for (i = 0; j->exports != NULL && i < PCL_EXPORT_COUNT; i++) {
		const struct pcl_writer *w = j->exports[i];

		if (w == NULL)
			continue;
		pcl_json_begin_object(js, pcl_export_file((int)i));
		pcl_json_uint(js, "rows", pcl_writer_rows(w) - 1);
		pcl_json_string(js, "sha256_uncompressed", pcl_writer_sha256(w));
		pcl_json_uint(js, "bytes_uncompressed", pcl_writer_bytes_in(w));
		pcl_json_end_object(js);
	}
	if (j->report != NULL) {	/* --report: its digest, like a lane's */
		pcl_json_begin_object(js, "report");
		pcl_json_string(js, "path", j->o->report_path);
		pcl_json_string(js, "sha256_uncompressed",
		    pcl_report_sha256(j->report));
		pcl_json_uint(js, "bytes_uncompressed",
		    pcl_report_bytes(j->report));
		pcl_json_end_object(js);
	}
	pcl_json_end_object(js);
	if (j->ledger != NULL) {
		pcl_json_begin_object(js, "ledger");
		pcl_json_string(js, "path", j->ledger->path);
		pcl_json_string(js, "batch", j->ledger->batch);
		pcl_json_string(js, "declarant", j->ledger->declarant);
		pcl_json_uint(js, "window_days", j->ledger->window_days);
		pcl_json_uint(js, "resent_identical",
		    j->ledger->resent_identical);
		pcl_json_uint(js, "resent_changed", j->ledger->resent_changed);
		pcl_json_end_object(js);
	}
	/* what made the .gz bytes; verify ignores it (digests are of
	 * the uncompressed content) */
	pcl_json_begin_object(js, "compressor");
	pcl_json_string(js, "name", pcl_writer_compressor());
	pcl_json_string(js, "version", pcl_writer_compressor_version());
	pcl_json_end_object(js);
	pcl_json_begin_object(js, "memory");
	pcl_json_uint(js, "peak_rss_kib", pcl_summary_peak_rss_kib());
	pcl_json_uint(js, "parcel_index_bytes", j->parcel_index_bytes);
	pcl_json_uint(js, "duplicate_index_bytes", j->dedup_bytes);
	pcl_json_end_object(js);
	pcl_json_begin_object(js, "seconds");
	snprintf(num, sizeof num, "%.3f", j->secs[0]);
	pcl_json_raw(js, "first_pass", num);
	snprintf(num, sizeof num, "%.3f", j->secs[1]);
	pcl_json_raw(js, "decide", num);
	snprintf(num, sizeof num, "%.3f", j->secs[2]);
	pcl_json_raw(js, "second_pass", num);
	snprintf(num, sizeof num, "%.3f", j->secs[3]);
	pcl_json_raw(js, "total", num);
	pcl_json_end_object(js);
	pcl_json_end_object(js);
	return PCL_OK;
}

