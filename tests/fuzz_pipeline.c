/*
 * fuzz_pipeline: libFuzzer target over reading, mapping, validation and
 * decision (pcl_manifest_* -> pcl_binding_apply -> pcl_check_record ->
 * pcl_decide), one parcel per record. Built and run by scripts/fuzz, not
 * by make check. The first input byte picks the options (delimiter,
 * profile, decimal comma, map file, encoding and delimiter detection,
 * field size limit); the rest is the
 * manifest, written to a temporary file because the reader opens paths.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "date.h"
#include "decide.h"
#include "fx.h"
#include "manifest.h"
#include "map.h"
#include "parcel.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once: the fuzzer runs in one process. */
static struct pcl_rules *rules;
static struct pcl_fx *fx;
static struct pcl_map *map;
static char path[64];
static int fd = -1;

static void
setup(void)
{
	struct pcl_error err;
	const char *d = getenv("TMPDIR");

	if (pcl_rules_open(&rules, NULL, &err) != PCL_OK ||
	    pcl_fx_open(&fx, NULL, &err) != PCL_OK)
		abort();
	/* optional: scripts/fuzz runs from the repository root */
	if (pcl_map_open(&map, "data/maps/uci-online-retail.map", &err) !=
	    PCL_OK)
		map = NULL;
	snprintf(path, sizeof path, "%s/pcl-fuzz-XXXXXX",
	    d != NULL && strlen(d) < 40 ? d : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		abort();
	unlink(path);	/* the reader opens it through /proc/self/fd */
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
}

/*
 * The offsets where records start, found by a plain RFC 4180 scan of
 * 'p' (delimiter 'delim'): a record starts at the first byte after a
 * line end (CRLF, LF or CR) met outside quotes, unless that byte ends a
 * line too (a blank line). Returns the number found (at most 'max'
 * stored in 'at'), or -1 when the input is not plain well-formed CSV
 * (a quote inside an unquoted field or after a closing quote, a quote
 * left open): then the reader's recovery rules apply and there is no
 * simple answer to compare with.
 */
static long
record_starts(const uint8_t *p, size_t n, uint8_t delim,
    unsigned long long *at, size_t max)
{
	size_t i = 0;
	long found = 0;
	int quoted = 0, field_start = 1, line_start = 1, after_close = 0;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < n; i++) {
		uint8_t c = p[i];

		if (quoted) {
			if (c == '"') {
				if (i + 1 < n && p[i + 1] == '"')
					i++;
				else {
					quoted = 0;
					after_close = 1;
				}
			}
			continue;
		}
		if (c == '\r' || c == '\n') {
			field_start = line_start = 1;
			after_close = 0;
			continue;
		}
		if (line_start) {
			if (found >= 0 && (size_t)found < max)
				at[found] = i;
			found++;
			line_start = 0;
		}
		if (c == delim) {
			field_start = 1;
			after_close = 0;
			continue;
		}
		if (after_close)
			return -1;
		if (c == '"') {
			if (!field_start)
				return -1;
			quoted = 1;
		}
		field_start = 0;
	}
	return quoted ? -1 : found;
}

static void
one_record(const struct pcl_record *rec, struct pcl_binding *b,
    const struct pcl_check_opts *co, struct pcl_reasons *rs)
{
	struct pcl_row row;
	struct pcl_item it;
	struct pcl_parcel pc;
	struct pcl_decision d;

	if (rec->status != PCL_REC_OK)
		return;
	pcl_binding_apply(b, rec->fields, rec->lens, rec->nfields, &row);
	pcl_reasons_clear(rs);
	if (pcl_check_record(&row, co, &it, rs) != 0)
		return;
	memset(&pc, 0, sizeof pc);
	pc.date = it.date;
	memcpy(pc.dest, it.dest, 3);
	memcpy(pc.from, pcl_item_ships_from(&it), 3);
	memcpy(pc.origin, it.origin, 3);
	memcpy(pc.currency, it.currency, 4);
	pc.currency_minor = (uint8_t)it.currency_minor;
	pc.channel = (uint8_t)it.channel;
	pc.category = (uint8_t)it.category;
	pc.value_micros = it.value_micros;
	pc.transport_micros = it.transport_micros;
	pc.insurance_micros = it.insurance_micros;
	pc.ioss_valid = (uint8_t)it.ioss_valid;
	pc.has_goods = row.row_class < 0;
	pc.nhs6 = it.has_hs ? 1 : 0;
	pc.nrecords = 1;
	(void)pcl_decide(&pc, NULL, rules, fx, rs, &d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[4] = { ',', ';', '\t', '|' };
	struct pcl_manifest_opts mo;
	struct pcl_check_opts co;
	struct pcl_manifest *m;
	struct pcl_binding *b = NULL;
	struct pcl_record rec;
	struct pcl_reasons rs;
	struct pcl_error err;
	const char **names;
	size_t i, nc;
	unsigned long long starts[4096];
	long nstarts = -1;
	unsigned opt;
	size_t n = 0;
	int rc;

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
	mo.delimiter = delims[opt & 3];
	if (opt & 0x20) {
		mo.encoding = "gb18030";	/* multi-byte conversion */
		mo.detect_delimiter = 1;
	}
	if (opt & 0x40)
		mo.max_field_bytes = 16;	/* reach the size limits */
	if (opt & 0x80)
		mo.max_columns = 8;
	memset(&co, 0, sizeof co);
	co.profile = (opt & 4) ? PCL_PROFILE_VALUATION : PCL_PROFILE_WCO;
	co.decimal = (opt & 8) ? ',' : '.';
	co.as_of = PCL_DATE_NONE;

	if (pcl_manifest_open(&m, path, &mo, &err) != PCL_OK)
		return 0;
	nc = pcl_manifest_ncols(m);
	if ((names = calloc(nc + 1, sizeof *names)) == NULL)
		abort();
	for (i = 0; i < nc; i++)
		names[i] = pcl_manifest_colname(m, i);
	if (pcl_binding_new(&b, names, nc, (opt & 0x10) ? map : NULL,
	    co.profile, &err) != PCL_OK)
		b = NULL;
	free(names);
	/* plain input in UTF-8: the records must be those of the file */
	if (!(opt & 0x20) && !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b))
		nstarts = record_starts(data, size, (uint8_t)mo.delimiter,
		    starts, sizeof starts / sizeof *starts);
	pcl_reasons_init(&rs);
	while ((rc = pcl_manifest_next(m, &rec, &err)) == PCL_OK &&
	    n++ < 10000) {
		/* the record must be coherent whatever its status */
		if (rec.line == 0 || rec.lines == 0 || rec.nfields > nc + 1024)
			abort();
		for (i = 0; i < rec.nfields; i++)
			if (rec.fields[i][rec.lens[i]] != '\0')
				abort();
		/* no record may start inside a quoted field */
		if (nstarts >= 0 && n < sizeof starts / sizeof *starts &&
		    ((long)n >= nstarts || rec.offset != starts[n]))
			abort();
		if (b != NULL)
			one_record(&rec, b, &co, &rs);
	}
	/* ... and none is lost (the header is start 0) */
	if (nstarts >= 0 && rc == PCL_END && (long)n + 1 != nstarts)
		abort();
	pcl_reasons_release(&rs);
	pcl_binding_free(b);
	(void)pcl_manifest_close(m);
	return 0;
}
