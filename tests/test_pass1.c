/*
 * test_pass1: the first pass on tiny manifests written to a temporary
 * directory: records counted, exact copies classified, malformed records
 * keyed to their parcel with their CSV fault, unknown columns collected,
 * a refused header reported; and the progress and stop helpers.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"
#include "date.h"
#include "fx.h"
#include "map.h"
#include "duplicate.h"
#include "parcel.h"
#include "pass1.h"
#include "perkg.h"
#include "rules.h"

/* The demo sample's header with one unmapped column at the end. */
#define HEADER "tracking_number,item_seq,order_id,platform,consignor_name," \
	"consignor_address,consignor_country,consignee_name," \
	"consignee_address,consignee_city,consignee_postcode," \
	"consignee_country,ioss_number,category,transport_cost,channel," \
	"date,description,hs_code,quantity,item_value,currency," \
	"gross_mass_kg,origin_country,stock_code\n"
#define ITEM1 "LX100000017CN,1,ORD-1001,ShopCN,Shenzhen Gadget Co," \
	"\"88 Keyuan Rd, Nanshan\",CN,Marie Dupont,12 rue des Lilas,Lyon," \
	"69003,FR,IM2501234567,sale,4.50,,2024-03-12," \
	"cotton T-shirt with printed logo,610910,2,25.00,EUR,0.40,CN,A\n"
#define ITEM2 "LX100000017CN,2,ORD-1001,ShopCN,Shenzhen Gadget Co," \
	"\"88 Keyuan Rd, Nanshan\",CN,Marie Dupont,12 rue des Lilas,Lyon," \
	"69003,FR,IM2501234567,sale,,,2024-03-12," \
	"plastic toy building blocks set,950300,1,30.00,EUR,0.60,CN,B\n"

/* The reference data and results one run of pass 1 needs. */
struct stage {
	char			 dir[64];
	char			 path[128];
	struct pcl_rules	*rules;
	struct pcl_fx		*fx;
	struct pcl_perkg	*perkg;
	struct pcl_pass_read	 read;
	struct pcl_pass1_in	 in;
	struct pcl_pass1_out	 out;
	struct pcl_input	 input;
};

static void
stage_open(struct stage *s, const char *text)
{
	FILE *f;

	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/pcl-pass1-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(s->dir));
	snprintf(s->path, sizeof s->path, "%s/m.csv", s->dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(s->path, "w"));
	CU_ASSERT_EQUAL(fputs(text, f) >= 0, 1);
	CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&s->rules, NULL, NULL), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&s->fx, NULL, NULL), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_perkg_open(&s->perkg, NULL, NULL), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&s->out.parcels), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_duplicates_new(&s->out.dups, 1), PCL_OK);
	s->read.threads = 1;
	s->read.profile = PCL_PROFILE_WCO;
	s->read.copts.profile = PCL_PROFILE_WCO;
	s->read.copts.as_of = PCL_DATE_NONE;
	s->read.copts.latest = PCL_DATE_NONE;
	s->in.read = &s->read;
	s->in.screen.rules = s->rules;
	s->in.screen.fx = s->fx;
	s->in.perkg = s->perkg;
	s->input.path = s->path;
}

static void
stage_close(struct stage *s)
{
	pcl_pass1_input_release(&s->input);
	pcl_pass1_release(&s->out);
	pcl_duplicates_free(s->out.dups);
	pcl_parcels_free(s->out.parcels);
	pcl_perkg_free(s->perkg);
	pcl_fx_free(s->fx);
	pcl_rules_free(s->rules);
	unlink(s->path);
	rmdir(s->dir);
}

/* Whether parcel 'key' holds reason 'code'. */
static int
parcel_has(struct stage *s, const char *key, int code)
{
	const struct pcl_reasons *rs;
	uint32_t idx;
	size_t k;

	if (pcl_parcels_get(s->out.parcels, key, strlen(key), 0, &idx) !=
	    PCL_OK)
		return 0;
	rs = pcl_parcels_reasons(s->out.parcels,
	    pcl_parcels_at(s->out.parcels, idx)->reasons);
	for (k = 0; rs != NULL && k < rs->n; k++)
		if (rs->v[k].code == code)
			return 1;
	return 0;
}

/*
 * Two items of one parcel, an exact copy of the first and a record of
 * three fields: four records in, one duplicate, two parcels (the short
 * record keyed by its raw tracking number "T2"), one unknown column.
 */
static void
test_pass1_counts_items_duplicates_and_malformed(void)
{
	struct stage s;
	struct pcl_error err;

	stage_open(&s, HEADER ITEM1 ITEM2 ITEM1 "T2,1,ORD-9\n");
	CU_ASSERT_EQUAL_FATAL(pcl_pass1_run(&s.in, &s.input, 1, &s.out, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(s.out.records_in, 4);
	CU_ASSERT_EQUAL(s.out.blank_lines, 0);
	CU_ASSERT_EQUAL(s.input.records, 4);
	CU_ASSERT_EQUAL(s.input.dups, 1);
	CU_ASSERT_EQUAL(s.input.lines, 5);
	CU_ASSERT_EQUAL(s.input.delim, ',');
	CU_ASSERT_EQUAL(pcl_parcels_count(s.out.parcels), 2);
	CU_ASSERT_EQUAL_FATAL(s.out.nunames, 1);
	CU_ASSERT_STRING_EQUAL(s.out.unames[0], "stock_code");
	CU_ASSERT(parcel_has(&s, "T2", PCL_R_CSV_FIELD_COUNT));
	CU_ASSERT(!parcel_has(&s, "LX100000017CN", PCL_R_CSV_FIELD_COUNT));
	/* one per record; the input's final report is not counted again */
	CU_ASSERT_EQUAL(s.read.prog_records, 4);
	stage_close(&s);
}

/* A bad value is a finding of the item's parcel, not an error. */
static void
test_pass1_bad_value_is_a_parcel_reason(void)
{
	struct stage s;
	struct pcl_error err;

	stage_open(&s, HEADER "LX100000017CN,1,ORD-1001,ShopCN,"
	    "Shenzhen Gadget Co,\"88 Keyuan Rd, Nanshan\",CN,Marie Dupont,"
	    "12 rue des Lilas,Lyon,69003,FR,IM2501234567,sale,4.50,,2024-03-12,"
	    "cotton T-shirt with printed logo,610910,2,2x.00,EUR,0.40,CN,A\n");
	CU_ASSERT_EQUAL_FATAL(pcl_pass1_run(&s.in, &s.input, 1, &s.out, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(s.out.records_in, 1);
	CU_ASSERT_EQUAL(pcl_parcels_count(s.out.parcels), 1);
	CU_ASSERT(parcel_has(&s, "LX100000017CN", PCL_R_INVALID_NUMBER));
	stage_close(&s);
}

/* A header the binding refuses names the file and line 1. */
static void
test_pass1_refused_header_names_file_and_line(void)
{
	struct stage s;
	struct pcl_error err;

	stage_open(&s, "tracking_number,tracking_number\nT1,T1\n");
	CU_ASSERT_EQUAL(pcl_pass1_run(&s.in, &s.input, 1, &s.out, &err),
	    PCL_E_SCHEMA);
	CU_ASSERT_STRING_EQUAL(err.file, s.path);
	CU_ASSERT_EQUAL(err.line, 1);
	CU_ASSERT_EQUAL(s.out.records_in, 0);
	stage_close(&s);
}

static struct pcl_progress seen_progress;
static int progress_calls;

static void
on_progress(void *user, const struct pcl_progress *p)
{
	(void)user;
	seen_progress = *p;
	progress_calls++;
}

/*
 * Progress is reported every PCL_JOB_PROGRESS_RECORDS records or when
 * forced, with the bytes done capped at the total; the stop flag
 * interrupts.
 */
static void
test_pass1_progress_and_stop(void)
{
	struct pcl_pass_read rd;
	struct pcl_error err;
	volatile sig_atomic_t stop = 0;
	unsigned long k;

	memset(&rd, 0, sizeof rd);
	rd.on_progress = on_progress;
	rd.prog_total = 1000;
	rd.prog_base = 400;
	rd.stop = &stop;
	progress_calls = 0;
	for (k = 1; k < PCL_JOB_PROGRESS_RECORDS; k++)
		pcl_pass_progress(&rd, 1, 10, 0);
	CU_ASSERT_EQUAL(progress_calls, 0);
	pcl_pass_progress(&rd, 2, 100, 0);
	CU_ASSERT_EQUAL(progress_calls, 1);
	CU_ASSERT_EQUAL(seen_progress.pass, 2);
	CU_ASSERT_EQUAL(seen_progress.records, PCL_JOB_PROGRESS_RECORDS);
	CU_ASSERT_EQUAL(seen_progress.bytes_done, 500);
	CU_ASSERT_EQUAL(seen_progress.bytes_total, 1000);
	pcl_pass_progress(&rd, 2, 900, 1);
	CU_ASSERT_EQUAL(progress_calls, 2);
	/* 400 + 900 capped at the total */
	CU_ASSERT_EQUAL(seen_progress.bytes_done, 1000);
	CU_ASSERT_EQUAL(pcl_pass_poll_stop(&rd, &err), PCL_OK);
	stop = 1;
	CU_ASSERT_EQUAL(pcl_pass_poll_stop(&rd, &err), PCL_E_INTERRUPTED);
}

void test_pass1_register(void);

void
test_pass1_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_pass1_counts_items_duplicates_and_malformed),
		PCL_TEST(test_pass1_bad_value_is_a_parcel_reason),
		PCL_TEST(test_pass1_refused_header_names_file_and_line),
		PCL_TEST(test_pass1_progress_and_stop),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("pass1", tests);
}
