/*
 * cmd_help, cmd_version: list the commands; print the version.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exitcodes.h"
#include "pcl.h"
#include "common.h"
#include "banned.h"

int
cmd_version(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) && argc == 2) {
		printf("usage: parcelclear version\n\nPrint the version.\n");
		return PCL_EXIT_OK;
	}
	if (argc > 1) {	/* version takes no argument */
		fprintf(stderr, "parcelclear: version: unexpected argument "
		    "'%s'\nusage: parcelclear version\n", argv[1]);
		return PCL_EXIT_USAGE;
	}
	printf("parcelclear %s\n", PCL_VERSION);
	/* the .gz bytes of the lanes depend on it */
	printf("lane compressor: %s %s\n", pcl_writer_compressor(),
	    pcl_writer_compressor_version());
	return PCL_EXIT_OK;
}

int
cmd_help(int argc, char **argv)
{
	const struct pcl_command *c;

	if (argc > 2) {
		fprintf(stderr, "parcelclear: help: one COMMAND at most\n"
		    "usage: parcelclear help [COMMAND]\n");
		return PCL_EXIT_USAGE;
	}
	if (argc > 1 && (strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: parcelclear help [COMMAND]\n\nList the commands, "
		    "or show COMMAND's usage and options.\n");
		return PCL_EXIT_OK;
	}
	if (argc > 1) {
		for (c = pcl_commands(); c->name != NULL; c++) {
			if (strcmp(c->name, argv[1]) == 0 &&
			    strcmp(c->name, "help") != 0) {
				static char help_opt[] = "--help";
				char *sub[] = { argv[1], help_opt, NULL };

				return c->fn(2, sub);
			}
		}
		fprintf(stderr, "parcelclear: '%s' is not a command\n", argv[1]);
		return PCL_EXIT_USAGE;
	}
	printf("usage: parcelclear <command> [options] [args]\n\ncommands:\n");
	for (c = pcl_commands(); c->name != NULL; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	printf("\n'parcelclear help <command>' shows a command's options.\n");
	return PCL_EXIT_OK;
}
