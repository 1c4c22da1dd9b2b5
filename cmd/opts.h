/*
 * opts: the options 'run' and 'check' share (--aeo, --as-of, --decimal-comma,
 * --delimiter, --encoding, --export, --filing, --fx, --hold-score, --lists, --map,
 * --near-band, --profile, --rules) and the list of inputs with their maps, parsed in
 * one place so both commands accept exactly the same ones.
 */
#ifndef PCL_CMD_OPTS_H
#define PCL_CMD_OPTS_H

#include <getopt.h>
#include <stdio.h>

#include "pcl.h"

/* getopt values of the long-only ledger options */
#define PCL_OPT_DECLARANT	0x101
#define PCL_OPT_LEDGER		0x102
#define PCL_OPT_LEDGER_TIMEOUT	0x103
#define PCL_OPT_LEDGER_WINDOW	0x104

/*
 * Long options of every batch command; getopt values 'A' 'a' 'c' 'D' 'd' 'e' 'f'
 * 'G' 'm' 'n' 'p' 'r' 'S' 'W' 'X' 'Y'. Every option that changes a decision is here,
 * so check rejects exactly what run rejects.
 */
#define PCL_COMMON_LONGOPTS \
	{ "aeo", required_argument, NULL, 'A' }, \
	{ "allow", required_argument, NULL, 'W' }, \
	{ "as-of", required_argument, NULL, 'a' }, \
	{ "data-dir", required_argument, NULL, 'D' }, \
	{ "decimal-comma", no_argument, NULL, 'c' }, \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "encoding", required_argument, NULL, 'e' }, \
	{ "export", required_argument, NULL, 'X' }, \
	{ "filing", required_argument, NULL, 'G' }, \
	{ "fx", required_argument, NULL, 'f' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "hold-score", required_argument, NULL, 'S' }, \
	{ "lists", required_argument, NULL, 'Y' }, \
	{ "map", required_argument, NULL, 'm' }, \
	{ "near-band", required_argument, NULL, 'n' }, \
	{ "profile", required_argument, NULL, 'p' }, \
	{ "rules", required_argument, NULL, 'r' }, \
	{ "declarant", required_argument, NULL, PCL_OPT_DECLARANT }, \
	{ "ledger", required_argument, NULL, PCL_OPT_LEDGER }, \
	{ "ledger-timeout", required_argument, NULL, PCL_OPT_LEDGER_TIMEOUT }, \
	{ "ledger-window", required_argument, NULL, PCL_OPT_LEDGER_WINDOW }

/* Option help lines shared by run and check. */
extern const char pcl_common_help[];

/* Inputs in command-line order, each with the map in force for it. */
struct cmd_inputs {
	const char	**paths;
	const char	**maps;		/* NULL entries: no map */
	size_t		  n;
	const char	 *map;		/* the last --map seen */
	size_t		  nmaps;	/* --map options seen */
	char		 *data_dir;	/* the data directory chosen, owned */
	const char	 *ledger_only;	/* first ledger option seen, or NULL */
	int		  filing;	/* --filing seen */
};

/*
 * Warns (cmd_warn) about each option that 'o' and 'in' say was given
 * without the option it needs: --declarant, --ledger-timeout or
 * --ledger-window without --ledger, --filing without --export.
 */
/*
 * Refuses the same manifest file (device and inode: another path to it
 * too) named twice among the inputs of 'in': prints the diagnostic
 * naming it and returns -1; 0 when every input is a different file.
 */
int common_distinct_inputs(const char *verb, const struct cmd_inputs *in);

void common_warn_unused(const char *verb, const struct pcl_job_opts *o,
    const struct cmd_inputs *in);

/* Sets 'o' to the defaults (no as-of, shipped tables, wco profile). */
void common_opts_init(struct pcl_job_opts *o);

/*
 * Handles option 'ch' with argument 'arg' for command 'verb'. A non-option
 * argument (getopt's 1 with a leading '-' in optstring) is an input and
 * takes the map in force. Returns 1 when handled, 0 when 'ch' is not a
 * common option, -1 on a bad value (the message is printed; exit 2).
 */
int common_option(const char *verb, int ch, const char *arg,
    struct pcl_job_opts *o, struct cmd_inputs *in);

/*
 * Points 'o' at the inputs of 'in' (and their maps when they differ),
 * and chooses the data directory whose exchange-rate snapshots the run
 * uses (datadir.h: --data-dir, $PARCELCLEAR_DATA, /var/lib/parcelclear,
 * $XDG_DATA_HOME/parcelclear), kept in 'in' until
 * common_inputs_release; none with --fx. Returns 0, or -1 when there
 * are no inputs.
 */
int common_inputs(struct pcl_job_opts *o, struct cmd_inputs *in);

/* Frees the arrays of 'in'. */
void common_inputs_release(struct cmd_inputs *in);

/*
 * Parses the value 'arg' of a text|json option named 'what' of command
 * 'verb' into '*json' (1 for json, 0 for text). Returns 0, or -1 after
 * printing "unknown <what> '<arg>' (text or json)" (exit 2).
 */
int common_format(const char *verb, const char *what, const char *arg,
    int *json);

#endif
