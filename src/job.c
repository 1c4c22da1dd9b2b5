/*
 * job: the two-pass clearance batch (see job.h), as the order its
 * stages run in: path check and lock (outdir.c), the reference data,
 * pass 1 (pass1.c: records to checked, screened items, classified by
 * duplicate.c and folded into parcels by fold.c), the decisions
 * (decisions.c, verdict.c), pass 2 (pass2.c: rows into their lanes, or
 * check mode's findings), summary.json (summary.c) and publishing
 * (outdir.c). Each stage borrows what it reads and hands its result on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aeo.h"
#include "date.h"
#include "decisions.h"
#include "fx.h"
#include "identity.h"
#include "job.h"
#include "json.h"
#include "ledgerstage.h"
#include "manifest.h"
#include "map.h"
#include "duplicate.h"	/* after map.h: it names struct pcl_row */
#include "outdir.h"
#include "parcel.h"
#include "pass1.h"
#include "pass2.h"
#include "export.h"
#include "filing.h"
#include "perkg.h"
#include "postcode.h"
#include "report.h"
#include "risk.h"
#include "rules.h"
#include "screen.h"
#include "hitlog.h"
#include "stats.h"
#include "summary.h"
#include "verdict.h"
#include "writer.h"
#include "banned.h"

/*
 * What the stages of one batch hold between them: the data every stage
 * borrows, each stage's result handed to the next, and the outputs.
 */
struct job {
	const struct pcl_job_opts *o;
	struct pcl_rules	*rules;
	struct pcl_fx		*fx;
	struct pcl_map		*map;
	struct pcl_postcodes	*postcodes;
	struct pcl_screen	*screen;
	int32_t			 run_date;	/* o->run_date or today */
	struct pcl_aeo		*aeo;		/* NULL: no --aeo */
	struct pcl_perkg	*perkg;		/* value-per-kg bands */
	struct pcl_input	*in;
	struct pcl_pass_read	 read;		/* both passes; progress */
	struct pcl_pass1_out	 p1;		/* parcels, duplicates, names */
	size_t			 dedup_bytes;	/* its set's size, for the summary */
	struct pcl_writer	*w[PCL_OUT_COUNT];
	struct pcl_risk_opts	 ropts;
	struct pcl_outdir	*outdir;
	struct pcl_verdicts	*verdicts;	/* one per parcel */
	struct pcl_decision_counts counts;
	struct pcl_stats	*stats;
	struct pcl_report_file	*report;	/* staged --report page */
	struct pcl_ledgerstage	*ledger;	/* NULL: no --ledger */
	struct pcl_exports	*exports;	/* NULL: no --export */
	struct pcl_filing	*filing;	/* NULL: no --filing */
	struct pcl_job_result	*res;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
nomem(struct pcl_error *err)
{
	return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
}

/* Size of an input file on disk (0 if unknown). */
static unsigned long long
input_size(const struct pcl_input *in)
{
	struct stat st;

	if (stat(in->spool != NULL ? in->spool : in->path, &st) != 0)
		return 0;
	return (unsigned long long)st.st_size;
}

/* Today's day number, UTC (the run date). */
static int32_t
today_utc(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return PCL_DATE_NONE;
	return pcl_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The exchange-rate tables the decisions consulted, into 'res'. */
static void
fx_used(const struct job *j, struct pcl_job_result *res)
{
	struct pcl_job_fxsource *f;
	int s;

	res->nfx = 0;
	for (s = 0; s < PCL_FX_NSRC; s++) {
		if (j->counts.fx_src_parcels[s] == 0)
			continue;
		f = &res->fx[res->nfx++];
		memset(f, 0, sizeof *f);
		f->parcels = j->counts.fx_src_parcels[s];
		f->past_end = j->counts.fx_src_past_end[s];
		if (s == PCL_FX_SRC_TABLE) {
			f->origin = (int)pcl_fx_origin(j->fx);
			snprintf(f->name, sizeof f->name, "%s",
			    f->origin == PCL_FX_FILE ? "fx" : "ecb");
			f->last = pcl_fx_last_date(j->fx);
		} else {
			f->origin = PCL_FX_SNAPSHOT;
			snprintf(f->name, sizeof f->name, "%s",
			    pcl_fxsource_name((enum pcl_fxsource)s));
			f->last = pcl_fxsource_last(pcl_fx_attached(j->fx,
			    (enum pcl_fxsource)s));
		}
	}
}

/* Finishes every lane file, renders summary.json, and publishes. */
static int
publish(struct job *j, const double *secs, struct pcl_error *err)
{
	struct pcl_summary_input *ins;
	struct pcl_summary_batch b;
	struct pcl_json *js;
	const char *text;
	size_t len, i;
	int rc;

	for (i = 0; i < PCL_OUT_COUNT; i++)
		if ((rc = pcl_writer_finish(j->w[i], err)) != PCL_OK)
			return rc;
	if ((rc = pcl_exports_finish(j->exports, err)) != PCL_OK)
		return rc;
	if ((ins = calloc(j->o->ninputs, sizeof *ins)) == NULL)
		return nomem(err);
	for (i = 0; i < j->o->ninputs; i++) {
		const struct pcl_input *in = &j->in[i];

		ins[i].path = in->path;
		ins[i].sha256 = in->sha256;
		ins[i].bytes = in->bytes;
		ins[i].records = in->records;
		ins[i].blank = in->blank;
		ins[i].lines = in->lines;
		ins[i].swallowed = in->swallowed;
		ins[i].dups = in->dups;
		ins[i].gzip = in->gzip;
		ins[i].detected = in->detected;
		ins[i].spooled = in->spool != NULL;
		ins[i].delim = in->delim;
		ins[i].map_sha256 = in->map != NULL ? pcl_map_sha256(in->map) :
		    NULL;
	}
	memset(&b, 0, sizeof b);
	b.o = j->o;
	b.run_date = j->run_date;
	b.ropts = &j->ropts;
	b.rules = j->rules;
	b.fx = j->fx;
	b.map = j->map;
	b.screen = j->screen;
	b.aeo = j->aeo;
	b.perkg = j->perkg;
	b.filing = j->filing;
	b.inputs = ins;
	b.res = j->res;
	b.counts = &j->counts;
	b.stats = j->stats;
	b.lanes = j->w;
	b.exports = j->exports != NULL ? pcl_exports_writers(j->exports) :
	    NULL;
	b.report = j->report;
	b.parcel_index_bytes = pcl_parcels_memory(j->p1.parcels) +
	    pcl_verdicts_memory(j->verdicts);
	b.dedup_bytes = j->dedup_bytes;
	b.secs = secs;
	/* the ledger's rows first, pending: summary.json names the batch */
	if ((rc = pcl_ledgerstage_record(j->ledger, j->p1.parcels,
	    j->verdicts, &j->p1, j->o->outdir, err)) != PCL_OK) {
		free(ins);
		return rc;
	}
	b.ledger = pcl_ledgerstage_summary(j->ledger);
	if (pcl_json_new(&js) != PCL_OK) {
		free(ins);
		return nomem(err);
	}
	rc = pcl_summary_render(&b, js);
	free(ins);
	if (rc != PCL_OK || (text = pcl_json_text(js, &len)) == NULL) {
		pcl_json_free(js);
		return nomem(err);
	}
	if ((rc = pcl_ledgerstage_pending(j->ledger, text, len, err)) ==
	    PCL_OK) {
		rc = pcl_outdir_publish(j->outdir, j->w, j->exports != NULL ?
		    pcl_exports_writers(j->exports) : NULL, &j->report, text,
		    len, j->o->on_published, j->o->user, err);
		/* committed once published; else job_release deletes it */
		if (rc == PCL_OK)
			rc = pcl_ledgerstage_finish(j->ledger, 1, err);
	}
	pcl_json_free(js);
	return rc;
}

static void
job_release(struct job *j)
{
	size_t i;

	for (i = 0; i < PCL_OUT_COUNT; i++)
		pcl_writer_abort(j->w[i]);
	pcl_report_abort(j->report);
	pcl_exports_free(j->exports);
	pcl_filing_free(j->filing);
	for (i = 0; j->in != NULL && i < j->o->ninputs; i++) {
		pcl_pass1_input_release(&j->in[i]);
		if (j->in[i].own_map)
			pcl_map_free(j->in[i].map);
		if (j->in[i].spool != NULL) {
			(void)close(j->in[i].spool_fd);	/* unlinked already */
			free(j->in[i].spool);
		}
	}
	free(j->in);
	pcl_pass1_release(&j->p1);
	pcl_decision_counts_release(&j->counts);
	pcl_verdicts_free(j->verdicts);
	pcl_duplicates_free(j->p1.dups);
	pcl_hitlog_free(j->p1.hits);
	pcl_parcels_free(j->p1.parcels);
	pcl_stats_free(j->stats);
	pcl_map_free(j->map);
	pcl_postcodes_free(j->postcodes);
	pcl_screen_free(j->screen);
	pcl_aeo_free(j->aeo);
	pcl_perkg_free(j->perkg);
	pcl_fx_free(j->fx);
	pcl_rules_free(j->rules);
	pcl_ledgerstage_close(j->ledger);
	pcl_outdir_close(j->outdir);
}

/*
 * Refuses a run whose outputs would replace a file it reads
 * (outdir.h), before any work.
 */
static int
check_paths(const struct pcl_job_opts *o, struct pcl_error *err)
{
	const char **reads;
	struct pcl_outdir_paths p;
	size_t i, n = 0;
	int rc;

	if ((reads = calloc(2 * o->ninputs + 9, sizeof *reads)) == NULL)
		return nomem(err);
	for (i = 0; i < o->ninputs; i++) {
		reads[n++] = o->inputs[i];
		if (o->input_maps != NULL)
			reads[n++] = o->input_maps[i];
	}
	reads[n++] = o->rules_path;
	reads[n++] = o->fx_path;
	reads[n++] = o->map_path;
	reads[n++] = o->aeo_path;
	reads[n++] = o->allow_path;
	reads[n++] = o->ledger_path;	/* an output never replaces it */
	reads[n++] = o->filing_path;
	memset(&p, 0, sizeof p);
	p.reads = reads;
	p.nreads = n;
	p.lists_dir = o->lists_dir;
	p.outdir = o->check_only ? NULL : o->outdir;
	p.report = o->report_path;
	rc = pcl_outdir_check(&p, err);
	free(reads);
	return rc;
}

int
pcl_job_run(const struct pcl_job_opts *o, struct pcl_job_result *res,
    struct pcl_error *err)
{
	struct job j;
	double t0 = now(), t1, t2, secs[4];
	size_t i;
	int rc, stdin_used = 0;

	memset(&j, 0, sizeof j);
	memset(res, 0, sizeof *res);
	j.o = o;
	j.res = res;
	pcl_error_clear(err);
	if (o->ninputs == 0 || (o->outdir == NULL && !o->check_only))
		return pcl_error_set(err, PCL_E_USAGE, "no input or no output directory");
	if ((rc = check_paths(o, err)) != PCL_OK)
		return rc;
	j.read.copts.profile = o->profile;
	j.read.copts.as_of = o->as_of;
	j.run_date = o->run_date != 0 ? o->run_date : today_utc();
	j.read.copts.latest = o->as_of != PCL_DATE_NONE ? o->as_of :
	    j.run_date;
	j.read.copts.check_future = j.read.copts.latest != PCL_DATE_NONE;
	if ((rc = pcl_rules_open(&j.rules, o->rules_path, err)) != PCL_OK ||
	    (rc = pcl_refdata_open_fx(o->data_dir, o->fx_path, o->pins,
	    o->npins, o->pinned, &j.fx, err)) != PCL_OK ||
	    (rc = pcl_postcodes_open(&j.postcodes, NULL, err)) != PCL_OK ||
	    (o->map_path != NULL &&
	    (rc = pcl_map_open(&j.map, o->map_path, err)) != PCL_OK) ||
	    (rc = pcl_screen_open(&j.screen, o->lists_dir, err)) != PCL_OK ||
	    (o->allow_path != NULL &&
	    (rc = pcl_screen_allow(j.screen, o->allow_path, err)) != PCL_OK) ||
	    (o->aeo_path != NULL &&
	    (rc = pcl_aeo_open(&j.aeo, o->aeo_path, err)) != PCL_OK) ||
	    (rc = pcl_perkg_open(&j.perkg, o->lists_dir, err)) != PCL_OK ||
	    (o->filing_path != NULL &&
	    (rc = pcl_filing_open(&j.filing, o->filing_path, err)) != PCL_OK))
		goto out;
	j.ropts.hold_score = o->hold_score;
	j.ropts.near_band_bp = o->near_band_bp;
	j.read.copts.postcodes = j.postcodes;
	j.read.copts.exports = o->exports;
	j.read.copts.rules = j.rules;
	j.read.delimiter = o->delimiter;
	j.read.encoding = o->encoding;
	j.read.decimal_comma = o->decimal_comma;
	j.read.threads = o->threads;
	j.read.profile = o->profile;
	j.read.stop = o->stop;
	j.read.on_progress = o->on_progress;
	j.read.user = o->user;
	if (!o->check_only &&
	    (rc = pcl_outdir_open(&j.outdir, o->outdir, err)) != PCL_OK)
		goto out;
	if ((rc = pcl_ledgerstage_open(&j.ledger, o, j.run_date, err)) !=
	    PCL_OK)
		goto out;
	j.p1.want_content = j.ledger != NULL;
	j.p1.want_mass = !o->check_only && o->exports != 0;
	if (pcl_parcels_new(&j.p1.parcels) != PCL_OK ||
	    (!o->check_only && pcl_hitlog_open(&j.p1.hits) != PCL_OK) ||
	    pcl_stats_new(&j.stats) != PCL_OK ||
	    (j.in = calloc(o->ninputs, sizeof *j.in)) == NULL) {
		rc = nomem(err);
		goto out;
	}
	for (i = 0; i < o->ninputs; i++) {
		const char *mp = o->input_maps ? o->input_maps[i] : o->map_path;

		j.in[i].path = o->inputs[i];
		j.in[i].map = j.map;
		if (mp != NULL && mp != o->map_path &&
		    (o->map_path == NULL || strcmp(mp, o->map_path) != 0)) {
			if ((rc = pcl_map_open(&j.in[i].map, mp, err)) != PCL_OK)
				goto out;
			j.in[i].own_map = 1;
		} else if (mp == NULL) {
			j.in[i].map = NULL;
		}
		if (strcmp(o->inputs[i], "-") == 0) {
			if (stdin_used++) {
				rc = pcl_error_set(err, PCL_E_USAGE,
				    "standard input given twice");
				goto out;
			}
		}
		/* stdin, a FIFO or a pipe cannot be read twice: spooled */
		if ((rc = pcl_manifest_spool(&j.in[i].spool, &j.in[i].spool_fd,
		    o->inputs[i], NULL, err)) != PCL_OK)
			goto out;
	}
	for (i = 0; i < o->ninputs; i++)
		j.read.prog_total += 2 * input_size(&j.in[i]);
	/* identical records are item records alike under one map */
	for (i = 1; i < o->ninputs; i++)
		if (j.in[i].map != j.in[0].map)
			break;
	if (pcl_duplicates_new(&j.p1.dups, i == o->ninputs) != PCL_OK) {
		rc = nomem(err);
		goto out;
	}
	{
		struct pcl_pass1_in p1;

		p1.read = &j.read;
		p1.screen.screen = j.screen;
		p1.screen.rules = j.rules;
		p1.screen.fx = j.fx;
		p1.aeo = j.aeo;
		p1.perkg = j.perkg;
		rc = pcl_pass1_run(&p1, j.in, o->ninputs, &j.p1, err);
		res->records_in = j.p1.records_in;
		res->blank_lines = j.p1.blank_lines;
		if (rc != PCL_OK)
			goto out;
	}
	/* the fingerprints and item indexes are not needed in pass 2 */
	j.dedup_bytes = pcl_duplicates_end_first_pass(j.p1.dups);
	j.read.prog_base = 0;	/* pass 2 counts from the bytes of pass 1 */
	for (i = 0; i < o->ninputs; i++)
		j.read.prog_base += j.in[i].bytes;
	j.read.prog_records = 0;
	t1 = now();
	{
		const char *none[4] = { "", "", "", "" };
		size_t zero[4] = { 0, 0, 0, 0 };
		struct pcl_decisions_in din;

		memset(&din, 0, sizeof din);
		din.rules = j.rules;
		din.fx = j.fx;
		din.risk = &j.ropts;
		din.no_consignee = pcl_identity_party_key(none, zero);
		pcl_ledgerstage_aggregate(j.ledger, &din);
		/* the ledger's stage: earlier batches' clearances */
		if ((rc = pcl_ledgerstage_match(j.ledger, j.in, o->ninputs,
		    &j.p1, j.rules, j.fx, din.no_consignee, &j.run_date,
		    err)) != PCL_OK)
			goto out;
		if ((rc = pcl_decisions_run(&din, j.p1.parcels, j.stats,
		    &j.verdicts, &j.counts, err)) != PCL_OK ||
		    (rc = pcl_ledgerstage_settle(j.ledger, j.p1.parcels,
		    j.verdicts, &j.counts, err)) != PCL_OK)
			goto out;
		memcpy(res->parcels, j.counts.parcels, sizeof res->parcels);
		fx_used(&j, res);
	}
	t2 = now();
	if (!o->check_only && (rc = pcl_pass2_open_lanes(j.w, o->outdir,
	    o->level, o->threads, (const char *const *)j.p1.unames,
	    j.p1.nunames, err)) != PCL_OK)
		goto out;
	if (!o->check_only && o->exports != 0) {
		struct pcl_export_in ein;

		ein.rules = j.rules;
		ein.parcels = j.p1.parcels;
		ein.verdicts = j.verdicts;
		ein.filing = j.filing;
		ein.fx = j.fx;
		ein.mass = j.p1.mass;
		ein.nmass = j.p1.nmass;
		if ((rc = pcl_exports_open(&j.exports, o->exports, o->outdir,
		    o->level, o->threads, &ein,
		    pcl_parcels_count(j.p1.parcels), err)) != PCL_OK)
			goto out;
	}
	{
		struct pcl_pass2_in p2;
		struct pcl_pass2_out p2out;

		memset(&p2out, 0, sizeof p2out);
		p2.read = &j.read;
		p2.screen.screen = j.screen;
		p2.screen.rules = j.rules;
		p2.screen.fx = j.fx;
		p2.parcels = j.p1.parcels;
		p2.dups = j.p1.dups;
		p2.hitlog = j.p1.hits;
		p2.verdicts = j.verdicts;
		p2.unames = (const char *const *)j.p1.unames;
		p2.nunames = j.p1.nunames;
		p2.lanes = o->check_only ? NULL : j.w;
		p2.exports = j.exports;
		p2.check_only = o->check_only;
		p2.on_reject = o->on_reject;
		p2.user = o->user;
		rc = pcl_pass2_run(&p2, j.in, o->ninputs, &p2out, err);
		memcpy(res->records, p2out.records, sizeof res->records);
		res->duplicates = p2out.duplicates;
		if (rc != PCL_OK)
			goto out;
	}
	{
		unsigned long long sum = res->duplicates;
		int l;

		for (l = 0; l < PCL_LANE_COUNT; l++)
			sum += res->records[l];
		if (sum != res->records_in) {
			rc = pcl_error_set(err, PCL_E_IO,
			    "records in (%llu) differ from records out (%llu)",
			    res->records_in, sum);
			goto out;
		}
	}
	if (o->check_only) {
		res->seconds = now() - t0;
		res->peak_rss_kib = pcl_summary_peak_rss_kib();
		goto out;
	}
	secs[0] = t1 - t0;
	secs[1] = t2 - t1;
	secs[2] = now() - t2;
	secs[3] = now() - t0;
	if (o->report_path != NULL) {
		/* staged first: a report that cannot be written publishes
		 * nothing; it is renamed with the lanes */
		struct pcl_report_data rd;

		memset(&rd, 0, sizeof rd);
		rd.tool_version = o->tool_version;
		rd.as_of = o->as_of;
		rd.inputs = o->inputs;
		rd.ninputs = o->ninputs;
		rd.rules_name = pcl_rules_name(j.rules);
		rd.rules_sha256 = pcl_rules_sha256(j.rules);
		rd.rules = j.rules;
		pcl_stats_sort(j.stats);
		rd.stats = j.stats;
		rd.res = res;
		if ((rc = pcl_report_stage(&j.report, o->report_path, &rd,
		    err)) != PCL_OK)
			goto out;
	}
	/* a signal during the decisions or the report: publish nothing */
	if ((rc = pcl_pass_poll_stop(&j.read, err)) != PCL_OK)
		goto out;
	rc = publish(&j, secs, err);
	res->seconds = now() - t0;
	res->peak_rss_kib = pcl_summary_peak_rss_kib();
out:
	job_release(&j);
	return rc;
}
