/*
 * fuzz_reader: libFuzzer target for the manifest reader's fast path.
 * Every input is read twice, lines without quotes split by fastcsv.c and
 * with libcsv for every line (the reference), and any difference in what
 * the reader hands out (readdiff.c: header, records, fields, line
 * numbers, statuses, errors, counters) aborts. Built and run by
 * `scripts/fuzz reader`, not by make check. The first input byte picks
 * the options (delimiter, field and column caps, encoding with delimiter
 * detection, reader thread); the rest is the manifest, written to a
 * temporary file because the reader opens paths.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "manifest.h"
#include "readdiff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One file for the whole run: the fuzzer runs in one process. */
static char path[64];
static int fd = -1;

static void
setup(void)
{
	const char *d = getenv("TMPDIR");

	snprintf(path, sizeof path, "%s/pcl-fuzzr-XXXXXX",
	    d != NULL && strlen(d) < 40 ? d : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		abort();
	unlink(path);	/* the reader opens it through /proc/self/fd */
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the documented ones, a space, a letter and a byte above 0x7f */
	static const char delims[8] = { ',', ';', '\t', '|', ' ', 'a',
	    '\xe4', '\'' };
	struct pcl_manifest_opts mo;
	char why[1024];
	unsigned opt;

	if (fd < 0)
		setup();
	if (size < 1)
		return 0;
	opt = data[0];
	data++;
	size--;
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) !=
	    (ssize_t)size)
		abort();
	memset(&mo, 0, sizeof mo);
	mo.delimiter = delims[opt & 7];
	if (opt & 0x08)
		mo.max_field_bytes = 16;	/* reach the field cap */
	if (opt & 0x10)
		mo.max_columns = 8;		/* and the column cap */
	if (opt & 0x20) {
		mo.encoding = "gb18030";	/* multi-byte conversion */
		mo.detect_delimiter = 1;
	}
	if (opt & 0x40)
		mo.reader_thread = 1;
	if (opt & 0x80)
		mo.detect_delimiter = 1;
	if (pcl_test_readdiff(path, &mo, why, sizeof why, NULL) != 0) {
		fprintf(stderr, "fuzz_reader: fast path differs from libcsv "
		    "(option byte 0x%02x): %s\n", opt, why);
		abort();
	}
	return 0;
}
