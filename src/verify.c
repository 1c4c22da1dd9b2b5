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
#include "export.h"
#include "json.h"
#include "schema.h"
#include "verify.h"
#include "banned.h"

/* bytes of summary.json */
#define VERIFY_MAX_SUMMARY	(64UL * 1024 * 1024)

/* The string member 'key' of object 'o' (borrowed), or NULL. */
static const char *
str_at(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Reads and parses the summary 'path'. */
static int
load(const char *path, json_t **out, struct pcl_error *err)
{
	return pcl_json_load(path, VERIFY_MAX_SUMMARY, out, err);
}

int
pcl_verify_cwd(const char *summary_path, char *buf, size_t size,
    struct pcl_error *err)
{
	json_t *root;
	const char *cwd;
	int rc;

	if ((rc = load(summary_path, &root, err)) != PCL_OK)
		return rc;
	cwd = str_at(json_object_get(root, "options"), "cwd");
	if (cwd == NULL)
		rc = pcl_error_set(err, PCL_E_NOTFOUND, "'%s' records no "
		    "working directory", summary_path);
	else
		snprintf(buf, size, "%s", cwd);
	json_decref(root);
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
    const char *summary_path, json_t *outputs)
{
	const char *slash = strrchr(summary_path, '/'), *want, *rpath, *key;
	char path[4096], hex[65];
	json_t *val;
	int gunzip;

	json_object_foreach(outputs, key, val) {
		want = str_at(val, "sha256_uncompressed");
		if (want == NULL && (want = str_at(val, "sha256")) == NULL)
			continue;
		/* lanes lie beside the summary; the report where it was
		 * written (its "path", as given to run) */
		if ((rpath = str_at(val, "path")) != NULL) {
			snprintf(path, sizeof path, "%s", rpath);
			gunzip = 0;
		} else {
			snprintf(path, sizeof path, "%.*s%s", slash ?
			    (int)(slash - summary_path + 1) : 0, summary_path,
			    key);
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

/* The text of scalar 'v' for a finding ('buf' holds numbers), or NULL. */
static const char *
text_of(const json_t *v, char *buf, size_t size)
{
	if (v == NULL)
		return NULL;
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "{...}";
	case JSON_ARRAY:	return "[...]";
	case JSON_STRING:	return json_string_value(v);
	case JSON_INTEGER:
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return buf;
	case JSON_REAL:
		snprintf(buf, size, "%.17g", json_real_value(v));
		return buf;
	case JSON_TRUE:		return "true";
	case JSON_FALSE:	return "false";
	default:		return "null";
	}
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
    char *path, size_t plen, json_t *a, json_t *b, int depth);

/* Members that differ between identical runs: the timings, where
 * the re-run wrote its report (the recorded report is checked on disk),
 * and the lane compressor of the build (the lanes are compared by
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
    char *path, size_t plen, json_t *a, json_t *b, int depth)
{
	const char *key;
	json_t *val;

	json_object_foreach(a, key, val) {
		if (volatile_member(path, depth, key))
			continue;
		diff(o, res, path, push(path, plen, key, 0), val,
		    json_object_get(b, key), depth + 1);
		path[plen] = '\0';
	}
	json_object_foreach(b, key, val) {
		if (json_object_get(a, key) != NULL ||
		    volatile_member(path, depth, key))
			continue;
		diff(o, res, path, push(path, plen, key, 0), NULL, val,
		    depth + 1);
		path[plen] = '\0';
	}
}

/*
 * Compares 'a' (recorded) with 'b' (re-run) below JSON path 'path'.
 * Scalars compare by type and value: integers exactly, numbers with a
 * fraction (only the timings, which are skipped) as jansson reads them.
 */
static void
diff(const struct pcl_verify_opts *o, struct pcl_verify_result *res,
    char *path, size_t plen, json_t *a, json_t *b, int depth)
{
	char ta[64], tb[64];
	size_t i, n, na, nb;

	if (json_is_object(a) && json_is_object(b)) {
		diff_object(o, res, path, plen, a, b, depth);
		return;
	}
	if (json_is_array(a) && json_is_array(b)) {
		na = json_array_size(a);
		nb = json_array_size(b);
		n = na > nb ? na : nb;
		for (i = 0; i < n; i++) {
			diff(o, res, path, push(path, plen, NULL, i),
			    json_array_get(a, i), json_array_get(b, i),
			    depth + 1);
			path[plen] = '\0';
		}
		return;
	}
	if (a != NULL && b != NULL && json_equal(a, b))
		return;
	res->differences++;
	o->on_finding(o->user, PCL_VERIFY_DIFFERS, path,
	    text_of(a, ta, sizeof ta), text_of(b, tb, sizeof tb));
}

static void
clean_scratch(const char *dir, json_t *outputs)
{
	char p[4096];
	const char *key;
	json_t *val;

	json_object_foreach(outputs, key, val) {
		snprintf(p, sizeof p, "%s/%s", dir, key);
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
check_format(const char *summary_path, const json_t *was,
    struct pcl_error *err)
{
	const json_t *f = json_object_get(was, "format_version");
	const char *version = str_at(was, "version");
	char format[32];

	if (json_is_integer(f) &&
	    json_integer_value(f) == PCL_FORMAT_VERSION)
		return PCL_OK;
	if (f == NULL)
		snprintf(format, sizeof format, "1");
	else if (json_is_integer(f))
		snprintf(format, sizeof format, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(f));
	else
		snprintf(format, sizeof format, "?");
	return pcl_error_set(err, PCL_E_PARSE, "'%s' is a batch of format %s, "
	    "written by parcelclear %s; this release writes and verifies "
	    "format " PCL_FORMAT_VERSION_TEXT, summary_path, format,
	    version != NULL && version[0] != '\0' ? version : "(unknown)");
}

/*
 * The exchange-rate snapshots of "fx_sources" ('fs') into 'pins' (room
 * for PCL_FX_NSRC), each checked in the data directory; 'jo' set to use
 * exactly them. A snapshot that is gone counts as a missing input.
 */
static int
pin_snapshots(const struct pcl_verify_opts *o, struct pcl_verify_result *res,
    const json_t *fs, struct pcl_job_opts *jo, struct pcl_refdata_pin *pins,
    struct pcl_error *err)
{
	struct pcl_datadir_snapshot *snap;
	struct pcl_error e;
	const char *src, *sha, *origin;
	char name[PCL_DATADIR_PATH_MAX + 64];
	size_t i, n = 0;

	jo->data_dir = o->data_dir;
	jo->pins = pins;
	jo->npins = 0;
	jo->pinned = 1;
	if ((snap = malloc(sizeof *snap)) == NULL)
		return pcl_error_set(err, PCL_E_NOMEM, "out of memory");
	for (i = 0; i < json_array_size(fs); i++) {
		const json_t *f = json_array_get(fs, i);

		src = str_at(f, "source");
		sha = str_at(f, "sha256");
		origin = str_at(f, "origin");
		if (origin == NULL || strcmp(origin, "snapshot") != 0)
			continue;
		if (src == NULL || sha == NULL || n == PCL_FX_NSRC ||
		    strlen(src) >= sizeof pins[n].source ||
		    strlen(sha) >= sizeof pins[n].sha256) {
			free(snap);
			return pcl_error_set(err, PCL_E_PARSE, "a damaged "
			    "\"fx_sources\" entry %zu", i + 1);
		}
		snprintf(pins[n].source, sizeof pins[n].source, "%s", src);
		snprintf(pins[n].sha256, sizeof pins[n].sha256, "%s", sha);
		n++;
		snprintf(name, sizeof name, "snapshot %s in %s", src,
		    o->data_dir != NULL ? o->data_dir : "(no data directory)");
		if (o->data_dir == NULL || pcl_datadir_find(o->data_dir, src,
		    sha, snap, &e) != PCL_OK) {
			res->inputs_changed++;
			o->on_finding(o->user, PCL_VERIFY_INPUT_MISSING, name,
			    sha, NULL);
		} else {
			check_file(o, res, snap->path, sha);
		}
	}
	free(snap);
	jo->npins = n;
	return PCL_OK;
}

int
pcl_verify_run(const char *summary_path, const struct pcl_verify_opts *o,
    struct pcl_verify_result *res, struct pcl_error *err)
{
	json_t *was = NULL, *now = NULL;
	json_t *ins, *opt, *v, *risk;
	const char **inputs = NULL, **maps = NULL;
	struct pcl_job_opts jo;
	struct pcl_job_result jr;
	struct pcl_refdata_pin pins[PCL_FX_NSRC];
	char path[4096], jpath[512], report[4096];
	const char *str;
	size_t i;
	int rc, p, per_input_maps = 0;

	memset(res, 0, sizeof *res);
	if ((rc = load(summary_path, &was, err)) != PCL_OK)
		return rc;
	if ((rc = check_format(summary_path, was, err)) != PCL_OK)
		goto out;
	check_outputs(o, res, summary_path, json_object_get(was, "outputs"));
	ins = json_object_get(was, "inputs");
	opt = json_object_get(was, "options");
	if (!json_is_array(ins) || json_array_size(ins) == 0 ||
	    opt == NULL || str_at(was, "profile") == NULL) {
		rc = pcl_error_set(err, PCL_E_PARSE, "'%s' records no inputs "
		    "or options (not a summary.json, or one written before "
		    "verify existed)", summary_path);
		goto out;
	}
	memset(&jo, 0, sizeof jo);
	jo.tool_version = o->tool_version;
	jo.outdir = o->scratch_dir;
	jo.rules_path = str_at(opt, "rules");
	jo.fx_path = str_at(opt, "fx");
	jo.map_path = str_at(opt, "map");
	if (json_is_integer(v = json_object_get(opt, "level")))
		jo.level = (int)json_integer_value(v);
	/* the options recorded; absent or null: the default */
	jo.encoding = str_at(opt, "encoding");
	jo.decimal_comma = json_is_true(json_object_get(opt, "decimal_comma"));
	if ((str = str_at(opt, "delimiter")) != NULL)
		jo.delimiter = strcmp(str, "tab") == 0 ? '\t' : str[0];
	jo.lists_dir = str_at(opt, "lists");
	if ((str = str_at(opt, "exports")) != NULL &&
	    (rc = pcl_export_parse(str, &jo.exports, err)) != PCL_OK) {
		rc = pcl_error_set(err, PCL_E_PARSE, "'%s': options.exports: "
		    "%s", summary_path, err->msg);
		goto out;
	}
	jo.aeo_path = str_at(opt, "aeo");
	jo.allow_path = str_at(opt, "allow");
	jo.filing_path = str_at(opt, "filing");
	risk = json_object_get(was, "risk");
	if (json_is_integer(v = json_object_get(opt, "hold_score")))
		jo.hold_score = (unsigned)json_integer_value(v);
	if (json_is_integer(v = json_object_get(opt, "near_band_bp")))
		jo.near_band_bp = (unsigned)json_integer_value(v);
	p = pcl_profile_from_name(str_at(was, "profile"));
	jo.profile = p < 0 ? PCL_PROFILE_WCO : (enum pcl_profile)p;
	jo.as_of = PCL_DATE_NONE;
	if ((str = str_at(was, "as_of")) != NULL)
		jo.as_of = pcl_date_parse_iso(str, strlen(str));
	/* The recorded run date judges "in the future" again */
	if ((str = str_at(was, "run_date")) != NULL &&
	    pcl_date_parse_iso(str, strlen(str)) != PCL_DATE_NONE)
		jo.run_date = pcl_date_parse_iso(str, strlen(str));
	if ((inputs = calloc(json_array_size(ins), sizeof *inputs)) == NULL ||
	    (maps = calloc(json_array_size(ins), sizeof *maps)) == NULL) {
		rc = pcl_error_set(err, PCL_E_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < json_array_size(ins); i++) {
		json_t *in = json_array_get(ins, i), *m;

		inputs[i] = str_at(in, "source");
		if (inputs[i] == NULL) {
			rc = pcl_error_set(err, PCL_E_PARSE, "input %zu of '%s' "
			    "has no source", i + 1, summary_path);
			goto out;
		}
		if (strcmp(inputs[i], "-") != 0 &&
		    json_is_true(json_object_get(in, "spooled"))) {
			/* read once (stdin, a FIFO, a pipe): not there again */
			res->inputs_changed++;
			o->on_finding(o->user, PCL_VERIFY_INPUT_SPOOLED,
			    inputs[i], str_at(in, "sha256"), NULL);
		} else
			check_file(o, res, inputs[i], str_at(in, "sha256"));
		if ((m = json_object_get(in, "map")) != NULL) {
			per_input_maps = 1;
			maps[i] = str_at(m, "source");
			check_file(o, res, maps[i], str_at(m, "sha256"));
		}
	}
	if ((rc = pin_snapshots(o, res, json_object_get(was, "fx_sources"),
	    &jo, pins, err)) != PCL_OK)
		goto out;
	check_file(o, res, jo.rules_path,
	    str_at(json_object_get(was, "rules"), "sha256"));
	check_file(o, res, jo.fx_path,
	    str_at(json_object_get(was, "fx"), "sha256"));
	if (!per_input_maps)
		check_file(o, res, jo.map_path,
		    str_at(json_object_get(was, "map"), "sha256"));
	/* list files and any later data-file option, whatever names them */
	v = json_object_get(was, "data_files");
	for (i = 0; i < json_array_size(v); i++)
		check_file(o, res, str_at(json_array_get(v, i), "source"),
		    str_at(json_array_get(v, i), "sha256"));
	/* the --aeo file and, with --lists, the value-per-kg bands */
	check_file(o, res, jo.aeo_path,
	    str_at(json_object_get(risk, "aeo"), "sha256"));
	check_file(o, res, jo.allow_path,
	    str_at(json_object_get(risk, "allow"), "sha256"));
	if (jo.lists_dir != NULL) {
		v = json_object_get(risk, "value_per_kg");
		check_file(o, res, str_at(v, "source"), str_at(v, "sha256"));
	}
	if (res->inputs_changed > 0)
		goto out;
	/* a batch of a ledger: judged again against the ledger as it stood
	 * before that batch, read-only (ledgerstage.h) */
	if ((v = json_object_get(was, "ledger")) != NULL) {
		json_t *w = json_object_get(v, "window_days");

		jo.ledger_path = str_at(v, "path");
		jo.ledger_replay = str_at(v, "batch");
		jo.declarant = str_at(v, "declarant");
		if (json_is_integer(w) && json_integer_value(w) > 0 &&
		    json_integer_value(w) <= 3650)
			jo.ledger_window = (unsigned)json_integer_value(w);
		if (jo.ledger_path == NULL || jo.ledger_replay == NULL) {
			rc = pcl_error_set(err, PCL_E_PARSE, "%s: \"ledger\" "
			    "without its path or batch", summary_path);
			goto out;
		}
	}
	/* a run with --report recorded the page's digest: make it again,
	 * as "report" in the scratch directory (removed with the outputs) */
	if (json_object_get(json_object_get(was, "outputs"), "report") !=
	    NULL) {
		snprintf(report, sizeof report, "%s/report", o->scratch_dir);
		jo.report_path = report;
	}
	jo.inputs = inputs;
	jo.ninputs = json_array_size(ins);
	jo.input_maps = per_input_maps ? maps : NULL;
	jo.stop = o->stop;
	rc = pcl_job_run(&jo, &jr, err);
	snprintf(path, sizeof path, "%s/summary.json", o->scratch_dir);
	if (rc == PCL_OK && (rc = load(path, &now, err)) == PCL_OK) {
		jpath[0] = '\0';
		diff(o, res, jpath, 0, was, now, 0);
	}
	clean_scratch(o->scratch_dir, json_object_get(now != NULL ? now : was,
	    "outputs"));
out:
	free(inputs);
	free(maps);
	json_decref(was);
	json_decref(now);
	return rc;
}
