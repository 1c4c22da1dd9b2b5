/*
 * parcelclear: entry point. Global options and the table of subcommands;
 * each subcommand lives in cmd_<verb>.c. No domain logic here.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exitcodes.h"
#include "common.h"
#include "banned.h"

static const struct pcl_command commands[] = {
	{ "run", cmd_run, "clear manifests into release, declare, hold and reject lanes" },
	{ "check", cmd_check, "validate manifests: report the records run would reject" },
	{ "explain", cmd_explain, "what a reason code means, its source and how to fix it" },
	{ "rules", cmd_rules, "print the de minimis rules in force, or check a rules file" },
	{ "data", cmd_data, "show the reference data in use; update or import exchange rates" },
	{ "verify", cmd_verify, "re-run a recorded batch and compare every digest" },
	{ "ledger", cmd_ledger, "ask the clearance ledger: find, batches, show, prune, export, backup, check" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "list the commands, or show one command's usage" },
	{ NULL, NULL, NULL }
};

const struct pcl_command *
pcl_commands(void)
{
	return commands;
}

int
main(int argc, char **argv)
{
	const struct pcl_command *c;

	if (argc < 2) {
		fprintf(stderr, "usage: parcelclear <command> [options] [args]\n"
		    "run 'parcelclear help' for the list of commands\n");
		return PCL_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(1, argv + 1);
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv + 1);
	for (c = commands; c->name != NULL; c++)
		if (strcmp(c->name, argv[1]) == 0) {
			/* getopt names argv[0] in its messages: make them
			 * read "parcelclear: VERB: unrecognized option" */
			char prog[64];

			snprintf(prog, sizeof prog, "parcelclear: %s", c->name);
			argv[1] = prog;
			return c->fn(argc - 1, argv + 1);
		}
	fprintf(stderr, "parcelclear: '%s' is not a command; see "
	    "'parcelclear help'\n", argv[1]);
	return PCL_EXIT_USAGE;
}
