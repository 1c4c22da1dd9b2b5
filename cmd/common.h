/*
 * common: what every command shares: the exit status for a library
 * status, error and diagnostic lines on stderr (text or JSON), JSON
 * string output, and stopping on SIGINT or SIGTERM.
 */
#ifndef PCL_CMD_COMMON_H
#define PCL_CMD_COMMON_H

#include <signal.h>
#include <stdio.h>

#include "pcl.h"

/*
 * The exit status (exitcodes.h) for library status 'rc':
 * PCL_E_INTERRUPTED gives 128 + the signal caught by
 * cmd_catch_stop_signals (130 for SIGINT, 143 for SIGTERM).
 */
int cmd_exit_for(int rc);

/*
 * Prints 'err' as "parcelclear: VERB: FILE:record N:line N:column 'C':
 * message" to stderr; the location parts that 'err' lacks are left out.
 */
void cmd_print_error(const char *verb, const struct pcl_error *err);

/*
 * Prints 'err' as one JSON line to stderr: {"command":VERB,"status":
 * "error","exit":STATUS,"file":...,"record":N,"line":N,"column":...,
 * "message":...}.
 */
void cmd_error_json(const char *verb, int status,
    const struct pcl_error *err);

/*
 * Writes the one-line JSON document 'j' (pcl_json_new_compact, finished)
 * to 'fp' and frees it; writes nothing when it could not be built (out of
 * memory). 'j' may be NULL.
 */
void cmd_json_line_print(FILE *fp, struct pcl_json *j);

/*
 * Diagnostics on stderr: after cmd_diag_set_json(1) (run --log-format
 * json) each is one JSON line, {"command":VERB,"status":"error",
 * "exit":STATUS,"message":...}; otherwise the text line
 * "parcelclear: VERB: message".
 */
void cmd_diag_set_json(int on);
int cmd_diag_is_json(void);
void cmd_diag(const char *verb, int status, const char *fmt, ...)
    PCL_PRINTF(3, 4);

/*
 * A warning on stderr, the run going on: "parcelclear: VERB: warning:
 * message", or after cmd_diag_set_json(1) the JSON line
 * {"command":VERB,"status":"warning","message":...}.
 */
void cmd_warn(const char *verb, const char *fmt, ...) PCL_PRINTF(2, 3);

/*
 * Catches SIGINT and SIGTERM: the handler only records the signal in
 * the flag it returns, which the caller passes to the library as its
 * stop flag (pcl_job_opts.stop); the library then stops at its next
 * check, removes its temporary files and returns PCL_E_INTERRUPTED,
 * which cmd_exit_for turns into 128 + the signal. The flag is the one
 * piece of state a signal handler may write; it is never reset.
 */
volatile sig_atomic_t *cmd_catch_stop_signals(void);

#endif
