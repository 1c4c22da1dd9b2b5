/*
 * cmd_run: parcelclear run (placeholder until the clearance job lands).
 */
#include <stdio.h>

#include "commands.h"
#include "exitcodes.h"

int
cmd_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "parcelclear: run: not implemented yet\n");
	return PCL_EXIT_USAGE;
}
