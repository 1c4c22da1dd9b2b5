/*
 * verify: replay a recorded batch and compare (see verify.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "date.h"
#include "digest.h"
#include "job.h"
#include "jsonv.h"
#include "schema.h"
#include "verify.h"
#include "banned.h"

/* Reads the whole file 'path' and parses it. */
static int
load(const char *path, struct pcl_jsonv **out, struct pcl_error *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, n;
	int rc;

	*out = NULL;
	if (fp == NULL)
		return pcl_error_set(err, PCL_E_IO, "cannot open '%s': %s", path,
		    strerror(errno));
	do {
		if (len + 65536 > cap) {
			cap = (len + 65536) * 2;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(fp);
				return pcl_error_set(err, PCL_E_NOMEM,
				    "out of memory");
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		free(buf);
		fclose(fp);
		return pcl_error_set(err, PCL_E_IO, "cannot read '%s'", path);
	}
	fclose(fp);
	rc = pcl_jsonv_parse(buf, len, out, err);
	free(buf);
	if (rc != PCL_OK && err != NULL)
		snprintf(err->file, sizeof err->file, "%s", path);
	return rc;
}

int
pcl_verify_cwd(const char *summary_path, char *buf, size_t size,
    struct pcl_error *err)
{
	struct pcl_jsonv *root;
	const char *cwd;
	int rc;

	if ((rc = load(summary_path, &root, err)) != PCL_OK)
		return rc;
	cwd = pcl_jsonv_str(pcl_jsonv_get(pcl_jsonv_get(root, "options"),
	    "cwd"));
	if (cwd == NULL)
		rc = pcl_error_set(err, PCL_E_NOTFOUND, "'%s' records no "
		    "working directory", summary_path);
	else
		snprintf(buf, size, "%s", cwd);
	pcl_jsonv_free(root);
	return rc;
}

/* Checks that file 'path' still has digest 'want'. */
static void
check_file(const struct pcl_verify_opts *o, struct pcl_verify_result *res,
    const char *path, const char *want)
{
	char hex[65];
	struct pcl_error e;

	if (path == NULL || want == NULL)
		return;
	if (strcmp(path, "-") == 0 ||
	    pcl_digest_file(path, hex, NULL, &e) != PCL_OK) {
		res->inputs_changed++;
		o->on_finding(o->user, PCL_VERIFY_INPUT_MISSING, path, want,
		    NULL);
	} else if (strcmp(hex, want) != 0) {
		res->inputs_changed++;
		o->on_finding(o->user, PCL_VERIFY_INPUT_CHANGED, path, want,
		    hex);
	}
}

/*
 * Digest of the file 'path' into 'hex': of its uncompressed content
 * ('gunzip', gzip or plain), else of its bytes. Returns 0, or -1 when it
 * cannot be opened or read.
 */
static int
digest_output(const char *path, int gunzip, char hex[65])
{
	struct pcl_digest *d;
	struct pcl_error e;
	unsigned char buf[65536];
	gzFile gz;
	int n;

	if (!gunzip)
		return pcl_digest_file(path, hex, NULL, &e) == PCL_OK ? 0 : -1;
	if (pcl_digest_new(&d) != PCL_OK)
		return -1;
	if ((gz = gzopen(path, "rb")) == NULL) {
		pcl_digest_free(d);
		return -1;
	}
	while ((n = gzread(gz, buf, sizeof buf)) > 0)
		pcl_digest_update(d, buf, (size_t)n);
	pcl_digest_final(d, hex);
	pcl_digest_free(d);
	return gzclose(gz) == Z_OK && n == 0 ? 0 : -1;
}

/* Checks the output files beside 'summary_path' against 'outputs'. */
static void
check_outputs(const struct pcl_verify_opts *o, struct pcl_verify_result *res,
    const char *summary_path, const struct pcl_jsonv *outputs)
{
	const char *slash = strrchr(summary_path, '/'), *want, *rpath;
	char path[4096], hex[65];
	size_t i;
	int gunzip;

	for (i = 0; outputs != NULL && outputs->type == PCL_JSONV_OBJECT &&
	    i < outputs->n; i++) {
		want = pcl_jsonv_str(pcl_jsonv_get(outputs->kids[i],
		    "sha256_uncompressed"));
		if (want == NULL && (want = pcl_jsonv_str(pcl_jsonv_get(
		    outputs->kids[i], "sha256"))) == NULL)
			continue;
		/* lanes lie beside the summary; the report where it was
		 * written (its "path", as given to run) */
		if ((rpath = pcl_jsonv_str(pcl_jsonv_get(outputs->kids[i],
		    "path"))) != NULL) {
			snprintf(path, sizeof path, "%s", rpath);
			gunzip = 0;
		} else {
			snprintf(path, sizeof path, "%.*s%s", slash ?
			    (int)(slash - summary_path + 1) : 0, summary_path,
			    outputs->keys[i]);
			gunzip = 1;
		}
		if (digest_output(path, gunzip, hex) != 0) {
			res->outputs_changed++;
			o->on_finding(o->user, PCL_VERIFY_OUTPUT_MISSING, path,
			    want, NULL);
		} else if (strcmp(hex, want) != 0) {
			res->outputs_changed++;
			o->on_finding(o->user, PCL_VERIFY_OUTPUT_CHANGED, path,
			    want, hex);
		}
	}
}

static const char *
text_of(const struct pcl_jsonv *v)
{
	return v == NULL ? NULL : v->text != NULL ? v->text :
	    v->type == PCL_JSONV_ARRAY ? "[...]" : "{...}";
}

/* Appends 'key' (or "[i]" when 'key' is NULL) to 'path' at 'plen'. */
static size_t
push(char *path, size_t plen, const char *key, size_t i)
{
	int w = key != NULL ?
	    snprintf(path + plen, 512 - plen, "%s%s", plen ? "." : "", key) :
	    snprintf(path + plen, 512 - plen, "[%zu]", i);

	return w < 0 || (size_t)w >= 512 - plen ? 511 : plen + (size_t)w;
}

static void diff(const struct pcl_verify_opts *o, struct pcl_verify_result *res,
    char *path, size_t plen, const struct pcl_jsonv *a,
    const struct pcl_jsonv *b, int depth);

/* Members that differ between identical runs: the timings, where
 * the re-run wrote its report (the recorded report is checked on disk),
 * and the lane compressor of the build (#5: the lanes are compared by
 * their uncompressed digests, the same whatever compressed them). */
static int
volatile_member(const char *path, int depth, const char *key)
{
	if (depth == 0)
		return strcmp(key, "memory") == 0 || strcmp(key, "seconds") == 0 ||
		    strcmp(key, "compressor") == 0;
	return strcmp(path, "outputs.report") == 0 && strcmp(key, "path") == 0;
}

/* Compares two objects member by member (both orders). */
static void
diff_object(const struct pcl_verify_opts *o, struct pcl_verify_result *res,
    char *path, size_t plen, const struct pcl_jsonv *a,
    const struct pcl_jsonv *b, int depth)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		if (volatile_member(path, depth, a->keys[i]))
			continue;
		diff(o, res, path, push(path, plen, a->keys[i], 0), a->kids[i],
		    pcl_jsonv_get(b, a->keys[i]), depth + 1);
		path[plen] = '\0';
	}
	for (i = 0; i < b->n; i++) {
		if (pcl_jsonv_get(a, b->keys[i]) != NULL ||
		    volatile_member(path, depth, b->keys[i]))
			continue;
		diff(o, res, path, push(path, plen, b->keys[i], 0), NULL,
		    b->kids[i], depth + 1);
		path[plen] = '\0';
	}
}

/* Compares 'a' (recorded) with 'b' (re-run) below JSON path 'path'. */
static void
diff(const struct pcl_verify_opts *o, struct pcl_verify_result *res,
    char *path, size_t plen, const struct pcl_jsonv *a,
    const struct pcl_jsonv *b, int depth)
{
	size_t i, n;

	if (a != NULL && b != NULL && a->type == b->type &&
	    a->type == PCL_JSONV_OBJECT) {
		diff_object(o, res, path, plen, a, b, depth);
		return;
	}
	if (a != NULL && b != NULL && a->type == b->type &&
	    a->type == PCL_JSONV_ARRAY) {
		n = a->n > b->n ? a->n : b->n;
		for (i = 0; i < n; i++) {
			diff(o, res, path, push(path, plen, NULL, i),
			    i < a->n ? a->kids[i] : NULL,
			    i < b->n ? b->kids[i] : NULL, depth + 1);
			path[plen] = '\0';
		}
		return;
	}
	if (a != NULL && b != NULL && a->type == b->type &&
	    strcmp(a->text, b->text) == 0)
		return;
	res->differences++;
	o->on_finding(o->user, PCL_VERIFY_DIFFERS, path, text_of(a),
	    text_of(b));
}

static void
clean_scratch(const char *dir, const struct pcl_jsonv *outputs)
{
	char p[4096];
	size_t i;

	for (i = 0; outputs != NULL && outputs->type == PCL_JSONV_OBJECT &&
	    i < outputs->n; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, outputs->keys[i]);
		unlink(p);
	}
	snprintf(p, sizeof p, "%s/summary.json", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/.parcelclear.lock", dir);
	unlink(p);
}

/*
 * A batch written in another format (summary.json "format_version";
 * none: format 1) cannot be compared with this release's outputs: say
 * which format and release wrote it instead of listing differences.
 */
static int
check_format(const char *summary_path, const struct pcl_jsonv *was,
    struct pcl_error *err)
{
	const struct pcl_jsonv *f = pcl_jsonv_get(was, "format_version");
	const char *version = pcl_jsonv_str(pcl_jsonv_get(was, "version"));
	const char *format = f == NULL ? "1" : f->text != NULL ? f->text : "?";

	if (f != NULL && f->type == PCL_JSONV_NUMBER &&
	    strcmp(f->text, PCL_FORMAT_VERSION_TEXT) == 0)
		return PCL_OK;
	return pcl_error_set(err, PCL_E_PARSE, "'%s' is a batch of format %s, "
	    "written by parcelclear %s; this release writes and verifies "
	    "format " PCL_FORMAT_VERSION_TEXT, summary_path, format,
	    version != NULL && version[0] != '\0' ? version : "(unknown)");
}

int
pcl_verify_run(const char *summary_path, const struct pcl_verify_opts *o,
    struct pcl_verify_result *res, struct pcl_error *err)
{
	struct pcl_jsonv *was = NULL, *now = NULL;
	const struct pcl_jsonv *ins, *opt, *v, *risk;
	const char **inputs = NULL, **maps = NULL;
	struct pcl_job_opts jo;
	struct pcl_job_result jr;
	char path[4096], jpath[512], report[4096];
	const char *str;
	size_t i;
	int rc, p, per_input_maps = 0;

	memset(res, 0, sizeof *res);
	if ((rc = load(summary_path, &was, err)) != PCL_OK)
		return rc;
	if ((rc = check_format(summary_path, was, err)) != PCL_OK)
		goto out;
	check_outputs(o, res, summary_path, pcl_jsonv_get(was, "outputs"));
	ins = pcl_jsonv_get(was, "inputs");
	opt = pcl_jsonv_get(was, "options");
	if (ins == NULL || ins->type != PCL_JSONV_ARRAY || ins->n == 0 ||
	    opt == NULL || pcl_jsonv_str(pcl_jsonv_get(was, "profile")) ==
	    NULL) {
		rc = pcl_error_set(err, PCL_E_PARSE, "'%s' records no inputs "
		    "or options (not a summary.json, or one written before "
		    "verify existed)", summary_path);
		goto out;
	}
	memset(&jo, 0, sizeof jo);
	jo.tool_version = o->tool_version;
	jo.outdir = o->scratch_dir;
	jo.rules_path = pcl_jsonv_str(pcl_jsonv_get(opt, "rules"));
	jo.fx_path = pcl_jsonv_str(pcl_jsonv_get(opt, "fx"));
	jo.map_path = pcl_jsonv_str(pcl_jsonv_get(opt, "map"));
	if ((v = pcl_jsonv_get(opt, "level")) != NULL && v->text != NULL)
		jo.level = (int)strtol(v->text, NULL, 10);
	/* the options recorded since #6; absent or null: the default */
	jo.encoding = pcl_jsonv_str(pcl_jsonv_get(opt, "encoding"));
	jo.decimal_comma = (v = pcl_jsonv_get(opt, "decimal_comma")) != NULL &&
	    v->type == PCL_JSONV_BOOL && strcmp(v->text, "true") == 0;
	if ((str = pcl_jsonv_str(pcl_jsonv_get(opt, "delimiter"))) != NULL)
		jo.delimiter = strcmp(str, "tab") == 0 ? '\t' : str[0];
	jo.lists_dir = pcl_jsonv_str(pcl_jsonv_get(opt, "lists"));
	jo.aeo_path = pcl_jsonv_str(pcl_jsonv_get(opt, "aeo"));	/* #3 */
	risk = pcl_jsonv_get(was, "risk");
	if ((v = pcl_jsonv_get(opt, "hold_score")) != NULL &&
	    v->type == PCL_JSONV_NUMBER)
		jo.hold_score = (unsigned)strtoul(v->text, NULL, 10);
	if ((v = pcl_jsonv_get(opt, "near_band_bp")) != NULL &&
	    v->type == PCL_JSONV_NUMBER)
		jo.near_band_bp = (unsigned)strtoul(v->text, NULL, 10);
	p = pcl_profile_from_name(pcl_jsonv_str(pcl_jsonv_get(was, "profile")));
	jo.profile = p < 0 ? PCL_PROFILE_WCO : (enum pcl_profile)p;
	jo.as_of = PCL_DATE_NONE;
	if ((v = pcl_jsonv_get(was, "as_of")) != NULL &&
	    v->type == PCL_JSONV_STRING)
		jo.as_of = pcl_date_parse_iso(v->text, strlen(v->text));
	/* #4: the recorded run date judges "in the future" again */
	if ((v = pcl_jsonv_get(was, "run_date")) != NULL &&
	    v->type == PCL_JSONV_STRING &&
	    pcl_date_parse_iso(v->text, strlen(v->text)) != PCL_DATE_NONE)
		jo.run_date = pcl_date_parse_iso(v->text, strlen(v->text));
	if ((inputs = calloc(ins->n, sizeof *inputs)) == NULL ||
	    (maps = calloc(ins->n, sizeof *maps)) == NULL) {
		rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < ins->n; i++) {
		const struct pcl_jsonv *in = ins->kids[i], *m;

		inputs[i] = pcl_jsonv_str(pcl_jsonv_get(in, "source"));
		if (inputs[i] == NULL) {
			rc = pcl_error_set(err, PCL_E_PARSE, "input %zu of '%s' "
			    "has no source", i + 1, summary_path);
			goto out;
		}
		check_file(o, res, inputs[i],
		    pcl_jsonv_str(pcl_jsonv_get(in, "sha256")));
		if ((m = pcl_jsonv_get(in, "map")) != NULL) {
			per_input_maps = 1;
			maps[i] = pcl_jsonv_str(pcl_jsonv_get(m, "source"));
			check_file(o, res, maps[i],
			    pcl_jsonv_str(pcl_jsonv_get(m, "sha256")));
		}
	}
	check_file(o, res, jo.rules_path, pcl_jsonv_str(pcl_jsonv_get(
	    pcl_jsonv_get(was, "rules"), "sha256")));
	check_file(o, res, jo.fx_path, pcl_jsonv_str(pcl_jsonv_get(
	    pcl_jsonv_get(was, "fx"), "sha256")));
	if (!per_input_maps)
		check_file(o, res, jo.map_path, pcl_jsonv_str(pcl_jsonv_get(
		    pcl_jsonv_get(was, "map"), "sha256")));
	/* list files and any later data-file option, whatever names them */
	v = pcl_jsonv_get(was, "data_files");
	for (i = 0; v != NULL && v->type == PCL_JSONV_ARRAY && i < v->n; i++)
		check_file(o, res, pcl_jsonv_str(pcl_jsonv_get(v->kids[i],
		    "source")), pcl_jsonv_str(pcl_jsonv_get(v->kids[i],
		    "sha256")));
	/* the --aeo file and, with --lists, the value-per-kg bands (#3) */
	check_file(o, res, jo.aeo_path, pcl_jsonv_str(pcl_jsonv_get(
	    pcl_jsonv_get(risk, "aeo"), "sha256")));
	if (jo.lists_dir != NULL) {
		v = pcl_jsonv_get(risk, "value_per_kg");
		check_file(o, res, pcl_jsonv_str(pcl_jsonv_get(v, "source")),
		    pcl_jsonv_str(pcl_jsonv_get(v, "sha256")));
	}
	if (res->inputs_changed > 0)
		goto out;
	/* a run with --report recorded the page's digest: make it again,
	 * as "report" in the scratch directory (removed with the outputs) */
	if (pcl_jsonv_get(pcl_jsonv_get(was, "outputs"), "report") != NULL) {
		snprintf(report, sizeof report, "%s/report", o->scratch_dir);
		jo.report_path = report;
	}
	jo.inputs = inputs;
	jo.ninputs = ins->n;
	jo.input_maps = per_input_maps ? maps : NULL;
	rc = pcl_job_run(&jo, &jr, err);
	snprintf(path, sizeof path, "%s/summary.json", o->scratch_dir);
	if (rc == PCL_OK && (rc = load(path, &now, err)) == PCL_OK) {
		jpath[0] = '\0';
		diff(o, res, jpath, 0, was, now, 0);
	}
	clean_scratch(o->scratch_dir, pcl_jsonv_get(now != NULL ? now : was,
	    "outputs"));
out:
	free(inputs);
	free(maps);
	pcl_jsonv_free(was);
	pcl_jsonv_free(now);
	return rc;
}
