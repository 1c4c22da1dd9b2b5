/*
 * commands: the subcommand table's entries. To add a subcommand: write
 * cmd_<verb>.c with `int cmd_<verb>(int argc, char **argv)` (argv[0] is
 * the verb), declare it here, add a row to commands[] in parcelclear.c,
 * and document it in the man page (parcelclear.1) and docs/options.md.
 */
#ifndef PCL_COMMANDS_H
#define PCL_COMMANDS_H

struct pcl_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/* The NULL-terminated command table (for help). */
const struct pcl_command *pcl_commands(void);

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_ledger(int argc, char **argv);
int cmd_data(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

#define PCL_VERSION "0.1.0"

#endif
