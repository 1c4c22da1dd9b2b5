/*
 * cmd_verify: parcelclear verify — re-run a recorded batch from its
 * summary.json and compare every digest, count and total.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcl.h"
#include "verify.h"
#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

static const char usage[] =
    "usage: parcelclear verify [--data-dir DIR] SUMMARY.json\n";

static const char help[] =
    "Re-run the batch recorded in SUMMARY.json (same inputs, options,\n"
    "rules, FX and map files, from the recorded working directory) into a\n"
    "temporary directory and compare the new summary with the recorded one:\n"
    "every input and output SHA-256, count and value total. Only 'memory'\n"
    "and 'seconds' are not compared. Differences are printed one per line:\n"
    "  PATH: was VALUE, now VALUE\n"
    "Every recorded option that changes the outputs is replayed; the list\n"
    "files of --lists are checked like the inputs. The output files beside\n"
    "SUMMARY.json are checked against their recorded SHA-256 (of the\n"
    "uncompressed content): one missing or replaced is a difference.\n"
    "A batch read from standard input ('-'), a FIFO or a pipe cannot be\n"
    "verified (exit 3).\n"
    "The exchange-rate snapshots the batch used (summary.json\n"
    "\"fx_sources\") are taken from the data directory by their SHA-256,\n"
    "whatever is newer there; one that is gone is a missing input.\n"
    "\n"
    "      --data-dir DIR   the data directory; default $PARCELCLEAR_DATA,\n"
    "                       /var/lib/parcelclear, $XDG_DATA_HOME/parcelclear\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 identical, 1 differences found, 2 usage, 3 an input\n"
    "(manifest, rules, FX, map, list file or exchange-rate snapshot) is\n"
    "missing or its SHA-256\n"
    "changed, or was standard input, a FIFO or a pipe,\n"
    "or SUMMARY.json is unreadable, 4 the scratch directory failed,\n"
    "130/143 stopped by SIGINT/SIGTERM (the scratch directory removed).\n";

/*
 * Removes the scratch directory 'dir' and everything left in it. It was
 * made by mkdtemp for this command alone, so every entry is ours; the
 * re-run's own clean-up leaves nothing when it completes, but may when it
 * was stopped. Returns 0, or -1 when something could not be removed.
 */
static int
remove_scratch(const char *dir)
{
	char path[8192];
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (unlink(path) != 0)
				rc = -1;
		}
		if (closedir(d) != 0)
			rc = -1;
	}
	if (rmdir(dir) != 0)
		rc = -1;
	return rc;
}

static void
on_finding(void *user, enum pcl_verify_kind kind, const char *path,
    const char *was, const char *now)
{
	(void)user;
	switch (kind) {
	case PCL_VERIFY_INPUT_MISSING:
		if (strcmp(path, "-") == 0) {
			fprintf(stderr, "parcelclear: verify: input '-' was "
			    "standard input, which cannot be read again: a "
			    "batch read from stdin cannot be verified (recorded "
			    "sha256 %s)\n", was);
			break;
		}
		fprintf(stderr, "parcelclear: verify: '%s' is missing or "
		    "unreadable (recorded sha256 %s)\n", path, was);
		break;
	case PCL_VERIFY_INPUT_SPOOLED:
		fprintf(stderr, "parcelclear: verify: input '%s' could be read "
		    "only once (standard input, a FIFO or a pipe) and was "
		    "spooled: a batch read from it cannot be verified "
		    "(recorded sha256 %s)\n", path, was);
		break;
	case PCL_VERIFY_INPUT_CHANGED:
		fprintf(stderr, "parcelclear: verify: '%s' changed: sha256 "
		    "was %s, now %s\n", path, was, now);
		break;
	case PCL_VERIFY_OUTPUT_MISSING:
		fprintf(stderr, "parcelclear: verify: output '%s' is missing "
		    "or unreadable (recorded sha256 %s)\n", path, was);
		break;
	case PCL_VERIFY_OUTPUT_CHANGED:
		fprintf(stderr, "parcelclear: verify: output '%s' changed: "
		    "sha256 was %s, now %s\n", path, was, now);
		break;
	case PCL_VERIFY_DIFFERS:
		printf("%s: was %s, now %s\n", path, was ? was : "(absent)",
		    now ? now : "(absent)");
		break;
	}
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "data-dir", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pcl_datadir_env de;
	const char *data_flag = NULL;
	char *data_dir = NULL, data_abs[8192];
	int have_data = 0;
	struct pcl_verify_opts vo;
	struct pcl_verify_result vr;
	struct pcl_error err;
	char summary[8192], cwd[4096], scratch[4096];
	const char *tmp = getenv("TMPDIR");
	volatile sig_atomic_t *stop;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'h') {
			fputs(usage, stdout);
			fputs("\n", stdout);
			fputs(help, stdout);
			return PCL_EXIT_OK;
		}
		if (ch == 'D' && optarg[0] != '\0') {
			data_flag = optarg;
			continue;
		}
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	if (optind + 1 != argc) {
		fputs(usage, stderr);
		return PCL_EXIT_USAGE;
	}
	/* absolute, as verify changes to the recorded directory */
	if (argv[optind][0] == '/')
		snprintf(summary, sizeof summary, "%s", argv[optind]);
	else if (getcwd(cwd, sizeof cwd) != NULL)
		snprintf(summary, sizeof summary, "%s/%s", cwd, argv[optind]);
	else {
		fprintf(stderr, "parcelclear: verify: cannot find the current "
		    "directory\n");
		return PCL_EXIT_INPUT;
	}
	/* the data directory, absolute before verify changes directory */
	pcl_datadir_env_init(&de, data_flag);
	if (pcl_datadir_resolve(&de, 0, &data_dir, NULL, &err) == PCL_OK) {
		if (data_dir[0] == '/')
			snprintf(data_abs, sizeof data_abs, "%s", data_dir);
		else if (getcwd(cwd, sizeof cwd) != NULL)
			snprintf(data_abs, sizeof data_abs, "%s/%s", cwd,
			    data_dir);
		else
			snprintf(data_abs, sizeof data_abs, "%s", data_dir);
		have_data = 1;
		free(data_dir);
	}
	if ((rc = pcl_verify_cwd(summary, cwd, sizeof cwd, &err)) != PCL_OK) {
		cmd_print_error("verify", &err);
		return rc == PCL_E_NOMEM ? PCL_EXIT_OUTPUT : PCL_EXIT_INPUT;
	}
	if (chdir(cwd) != 0) {
		fprintf(stderr, "parcelclear: verify: the recorded working "
		    "directory '%s' is missing\n", cwd);
		return PCL_EXIT_INPUT;
	}
	snprintf(scratch, sizeof scratch, "%s/parcelclear-verify.XXXXXX",
	    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	/* caught before the scratch directory exists, so a signal never
	 * leaves it behind: the re-run stops and the directory is removed */
	stop = cmd_catch_stop_signals();
	if (mkdtemp(scratch) == NULL) {
		fprintf(stderr, "parcelclear: verify: cannot create a scratch "
		    "directory in '%s'\n", tmp ? tmp : "/tmp");
		return PCL_EXIT_OUTPUT;
	}
	memset(&vo, 0, sizeof vo);
	vo.tool_version = PCL_VERSION;
	vo.scratch_dir = scratch;
	vo.on_finding = on_finding;
	vo.stop = stop;
	vo.data_dir = have_data ? data_abs : NULL;
	rc = pcl_verify_run(summary, &vo, &vr, &err);
	if (remove_scratch(scratch) != 0)
		fprintf(stderr, "parcelclear: verify: cannot remove the scratch "
		    "directory '%s'\n", scratch);
	if (*stop != 0) {
		/* stopped, whether in the re-run or before it started */
		fprintf(stderr, "parcelclear: verify: stopped by signal %d; "
		    "temporary files removed\n", (int)*stop);
		return cmd_exit_for(PCL_E_INTERRUPTED);
	}
	if (fflush(stdout) != 0)
		return PCL_EXIT_OUTPUT;
	if (rc != PCL_OK) {
		cmd_print_error("verify", &err);
		return cmd_exit_for(rc);
	}
	if (vr.outputs_changed > 0)
		fprintf(stderr, "parcelclear: verify: %lu output file(s) beside "
		    "the summary missing or changed\n", vr.outputs_changed);
	if (vr.inputs_changed > 0) {
		fprintf(stderr, "parcelclear: verify: %lu input file(s) missing "
		    "or changed; nothing re-run\n", vr.inputs_changed);
		return PCL_EXIT_INPUT;
	}
	if (vr.differences > 0)
		fprintf(stderr, "parcelclear: verify: %lu value(s) differ\n",
		    vr.differences);
	if (vr.differences > 0 || vr.outputs_changed > 0)
		return PCL_EXIT_LIMIT;
	fprintf(stderr, "parcelclear: verify: identical: the re-run "
	    "reproduces every digest, count and total of '%s'\n", argv[optind]);
	return PCL_EXIT_OK;
}
