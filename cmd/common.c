/*
 * common: helpers every command shares (see common.h).
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "exitcodes.h"
#include "banned.h"

/* The signal that asked the command to stop, 0 if none. */
static volatile sig_atomic_t stop_signal;

/* How diagnostics look: 1 for JSON lines (run --log-format json). */
static int diag_json;

static void
on_signal(int sig)
{
	stop_signal = sig;
}

volatile sig_atomic_t *
cmd_catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	/* no SA_RESTART: a read or open waiting on a pipe or FIFO returns */
	sigemptyset(&sa.sa_mask);
	/* sigaction fails only for an invalid signal number */
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	return &stop_signal;
}

int
cmd_exit_for(int rc)
{
	switch (rc) {
	case PCL_OK:		return PCL_EXIT_OK;
	case PCL_E_USAGE:	return PCL_EXIT_USAGE;
	case PCL_E_WRITE:	return PCL_EXIT_OUTPUT;
	case PCL_E_LOCKED:	return PCL_EXIT_LOCKED;
	case PCL_E_INTERRUPTED:	return 128 + (stop_signal ? stop_signal : SIGINT);
	default:		return PCL_EXIT_INPUT;
	}
}

void
cmd_print_error(const char *verb, const struct pcl_error *err)
{
	fprintf(stderr, "parcelclear: %s: ", verb);
	if (err->file[0] != '\0') {
		fprintf(stderr, "%s:", err->file);
		if (err->record > 0)
			fprintf(stderr, "record %lu:", err->record);
		if (err->line > 0)
			fprintf(stderr, "line %lu:", err->line);
		if (err->field[0] != '\0')
			fprintf(stderr, "column '%s':", err->field);
		fputc(' ', stderr);
	}
	fprintf(stderr, "%s\n", err->msg[0] ? err->msg : pcl_strerror(err->code));
}

void
cmd_error_json(const char *verb, int status, const struct pcl_error *err)
{
	struct pcl_json *j;

	if (pcl_json_new_compact(&j) != PCL_OK)
		return;
	pcl_json_begin_object(j, NULL);
	pcl_json_string(j, "command", verb);
	pcl_json_string(j, "status", "error");
	pcl_json_uint(j, "exit", (unsigned long long)status);
	pcl_json_string(j, "file", err->file);
	pcl_json_uint(j, "record", err->record);
	pcl_json_uint(j, "line", err->line);
	pcl_json_string(j, "column", err->field);
	pcl_json_string(j, "message", err->msg[0] ? err->msg :
	    pcl_strerror(err->code));
	pcl_json_end_object(j);
	cmd_json_line_print(stderr, j);
}

void
cmd_json_line_print(FILE *fp, struct pcl_json *j)
{
	const char *t;
	size_t len;

	if (j != NULL && (t = pcl_json_text(j, &len)) != NULL)
		fwrite(t, 1, len, fp);
	pcl_json_free(j);
}

void
cmd_diag_set_json(int on)
{
	diag_json = on;
}

int
cmd_diag_is_json(void)
{
	return diag_json;
}

/*
 * One diagnostic line on stderr: "parcelclear: VERB: [warning: ]MSG", or
 * with --log-format json an object with the command, "error" and the
 * exit status, or "warning" ('status' < 0).
 */
static void
diag_line(const char *verb, int status, const char *msg)
{
	struct pcl_json *j;

	if (!diag_json) {
		fprintf(stderr, "parcelclear: %s: %s%s\n", verb,
		    status < 0 ? "warning: " : "", msg);
		return;
	}
	if (pcl_json_new_compact(&j) != PCL_OK)
		return;
	pcl_json_begin_object(j, NULL);
	pcl_json_string(j, "command", verb);
	pcl_json_string(j, "status", status < 0 ? "warning" : "error");
	if (status >= 0)
		pcl_json_uint(j, "exit", (unsigned long long)status);
	pcl_json_string(j, "message", msg);
	pcl_json_end_object(j);
	cmd_json_line_print(stderr, j);
}

void
cmd_diag(const char *verb, int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_line(verb, status, msg);
}

void
cmd_warn(const char *verb, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_line(verb, -1, msg);
}
