/*
 * exitcodes: the exit status of every parcelclear command, defined once.
 * Documented in README.md (exit table) and cmd/parcelclear.1 (EXIT STATUS).
 */
#ifndef PCL_EXITCODES_H
#define PCL_EXITCODES_H

#define PCL_EXIT_OK	0	/* completed; findings are in the outputs */
#define PCL_EXIT_LIMIT	1	/* completed but over a limit the user set */
#define PCL_EXIT_USAGE	2	/* invalid command line */
#define PCL_EXIT_INPUT	3	/* input unusable: unreadable, corrupt gzip, no header, required column missing */
#define PCL_EXIT_OUTPUT	4	/* output failed: write error, disk full, rename */
#define PCL_EXIT_LOCKED	5	/* output directory or ledger locked by another run */
/* stopped by SIGINT or SIGTERM: 128 + the signal number (130, 143) */

#endif
