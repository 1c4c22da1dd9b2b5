/*
 * test_pass2: the second pass on tiny manifests in a temporary
 * directory, after pass 1 and the decisions: the lanes' header row, the
 * exact lane rows of a released parcel and of an exact duplicate
 * (verdict columns, item_seq, input (1: the only input), record, line,
 * unknown column,
 * format_version), and check mode's findings for a rejected record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "test_util.h"
#include "date.h"
#include "decisions.h"
#include "fx.h"
#include "identity.h"
#include "map.h"
#include "duplicate.h"
#include "outdir.h"
#include "parcel.h"
#include "pass1.h"
#include "pass2.h"
#include "perkg.h"
#include "risk.h"
#include "rules.h"
#include "stats.h"
#include "verdict.h"
#include "writer.h"

#define HEADER "tracking_number,item_seq,order_id,platform,consignor_name," \
	"consignor_address,consignor_country,consignee_name," \
	"consignee_address,consignee_city,consignee_postcode," \
	"consignee_country,ioss_number,category,transport_cost,channel," \
	"date,description,hs_code,quantity,item_value,currency," \
	"gross_mass_kg,origin_country,stock_code\n"
/* The demo sample's first parcel, item_seq left empty. */
#define ITEM1 "LX100000017CN,,ORD-1001,ShopCN,Shenzhen Gadget Co," \
	"\"88 Keyuan Rd, Nanshan\",CN,Marie Dupont,12 rue des Lilas,Lyon," \
	"69003,FR,IM2501234567,sale,4.50,,2024-03-12," \
	"cotton T-shirt with printed logo,610910,2,25.00,EUR,0.40,CN,A\n"
#define ITEM2 "LX100000017CN,,ORD-1001,ShopCN,Shenzhen Gadget Co," \
	"\"88 Keyuan Rd, Nanshan\",CN,Marie Dupont,12 rue des Lilas,Lyon," \
	"69003,FR,IM2501234567,sale,,,2024-03-12," \
	"plastic toy building blocks set,950300,1,30.00,EUR,0.60,CN,B\n"

/*
 * The lane header: canonical columns, verdict columns, the screening
 * hits, provenance.
 */
#define LANE_HEADER "tracking_number,item_seq,order_id,platform," \
	"consignor_name,consignor_address,consignor_country," \
	"dispatch_country,consignor_id," \
	"consignee_name,consignee_address,consignee_city,consignee_postcode," \
	"consignee_country,consignee_id,ioss_number,category,transport_cost," \
	"insurance_cost,channel,date,description,hs_code,quantity,item_value," \
	"unit_value,currency,gross_mass_kg,origin_country,dispatch_date," \
	"consignor_city,consignor_postcode,consignee_phone,consignee_email," \
	"net_mass_kg,master_waybill,lane,reasons," \
	"risk_score,assessed_value,threshold,threshold_currency,rule_id," \
	"fx_source,duty_due,duty_amount,duty_currency,tax_due,screen_hits," \
	"input,record,line,stock_code," \
	"format_version\n"

struct stage {
	char			 dir[64];
	char			 path[128];
	struct pcl_rules	*rules;
	struct pcl_fx		*fx;
	struct pcl_perkg	*perkg;
	struct pcl_stats	*stats;
	struct pcl_verdicts	*verdicts;
	struct pcl_decision_counts counts;
	struct pcl_risk_opts	 ropts;
	struct pcl_pass_read	 read;
	struct pcl_pass1_out	 p1;
	struct pcl_input	 input;
	struct pcl_writer	*w[PCL_OUT_COUNT];
	struct pcl_pass2_in	 in;
	struct pcl_pass2_out	 out;
};

/* Writes 'text' as the manifest, runs pass 1 and the decisions. */
static void
stage_open(struct stage *s, const char *text)
{
	const char *none[4] = { "", "", "", "" };
	size_t zero[4] = { 0, 0, 0, 0 };
	struct pcl_pass1_in p1;
	struct pcl_decisions_in din = { 0 };
	struct pcl_error err;
	FILE *f;

	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/pcl-pass2-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(s->dir));
	snprintf(s->path, sizeof s->path, "%s/m.csv", s->dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(s->path, "w"));
	CU_ASSERT_EQUAL(fputs(text, f) >= 0, 1);
	CU_ASSERT_EQUAL_FATAL(fclose(f), 0);
	CU_ASSERT_EQUAL_FATAL(pcl_rules_open(&s->rules, NULL, NULL), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_fx_open(&s->fx, NULL, NULL), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_perkg_open(&s->perkg, NULL, NULL), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_stats_new(&s->stats), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&s->p1.parcels), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_duplicates_new(&s->p1.dups, 1), PCL_OK);
	s->read.threads = 1;
	s->read.copts.as_of = PCL_DATE_NONE;
	s->read.copts.latest = PCL_DATE_NONE;
	s->input.path = s->path;
	memset(&p1, 0, sizeof p1);
	p1.read = &s->read;
	p1.screen.rules = s->rules;
	p1.screen.fx = s->fx;
	p1.perkg = s->perkg;
	CU_ASSERT_EQUAL_FATAL(pcl_pass1_run(&p1, &s->input, 1, &s->p1, &err),
	    PCL_OK);
	(void)pcl_duplicates_end_first_pass(s->p1.dups);
	din.rules = s->rules;
	din.fx = s->fx;
	din.risk = &s->ropts;
	din.no_consignee = pcl_identity_party_key(none, zero);
	CU_ASSERT_EQUAL_FATAL(pcl_decisions_run(&din, s->p1.parcels, s->stats,
	    &s->verdicts, &s->counts, &err), PCL_OK);
	s->in.read = &s->read;
	s->in.screen = p1.screen;
	s->in.parcels = s->p1.parcels;
	s->in.dups = s->p1.dups;
	s->in.verdicts = s->verdicts;
	s->in.unames = (const char *const *)s->p1.unames;
	s->in.nunames = s->p1.nunames;
}

static void
stage_close(struct stage *s)
{
	char p[256];
	int i;

	for (i = 0; i < PCL_OUT_COUNT; i++) {
		pcl_writer_abort(s->w[i]);
		snprintf(p, sizeof p, "%s/%s", s->dir, pcl_outdir_lane_file(i));
		unlink(p);
	}
	pcl_pass1_input_release(&s->input);
	pcl_pass1_release(&s->p1);
	pcl_decision_counts_release(&s->counts);
	pcl_verdicts_free(s->verdicts);
	pcl_duplicates_free(s->p1.dups);
	pcl_parcels_free(s->p1.parcels);
	pcl_stats_free(s->stats);
	pcl_perkg_free(s->perkg);
	pcl_fx_free(s->fx);
	pcl_rules_free(s->rules);
	unlink(s->path);
	rmdir(s->dir);
}

/* Publishes the lanes and reads lane 'lane' back into 'buf'. */
static size_t
read_lane(struct stage *s, int lane, char *buf, size_t size)
{
	char p[256];
	gzFile gz;
	int i, n;

	for (i = 0; i < PCL_OUT_COUNT; i++) {
		CU_ASSERT_EQUAL_FATAL(pcl_writer_finish(s->w[i], NULL), PCL_OK);
		CU_ASSERT_EQUAL_FATAL(pcl_writer_publish(s->w[i], NULL),
		    PCL_OK);
		s->w[i] = NULL;
	}
	snprintf(p, sizeof p, "%s/%s", s->dir, pcl_outdir_lane_file(lane));
	CU_ASSERT_PTR_NOT_NULL_FATAL(gz = gzopen(p, "rb"));
	n = gzread(gz, buf, (unsigned)size - 1);
	gzclose(gz);
	CU_ASSERT_FATAL(n >= 0);
	buf[n] = '\0';
	return (size_t)n;
}

static void
run_lanes(struct stage *s)
{
	struct pcl_error err;

	CU_ASSERT_EQUAL_FATAL(pcl_pass2_open_lanes(s->w, s->dir, 1, 1,
	    s->in.unames, s->in.nunames, &err), PCL_OK);
	s->in.lanes = s->w;
	CU_ASSERT_EQUAL_FATAL(pcl_pass2_run(&s->in, &s->input, 1, &s->out,
	    &err), PCL_OK);
}

/*
 * Two items of one parcel and an exact copy of the first. The parcel
 * (55.00 EUR into FR under IOSS) is released below the 150.00 EUR
 * threshold; its rows are numbered 1 and 2 (item_seq was empty), and
 * the copy, third row of its tracking number, goes to the duplicates
 * lane with only lane and reasons filled.
 */
static void
test_pass2_rows_of_a_released_parcel_and_a_copy(void)
{
	struct stage s;
	char buf[4096], want[4096];

	stage_open(&s, HEADER ITEM1 ITEM2 ITEM1);
	run_lanes(&s);
	CU_ASSERT_EQUAL(s.out.records[PCL_LANE_RELEASE], 2);
	CU_ASSERT_EQUAL(s.out.records[PCL_LANE_REJECT], 0);
	CU_ASSERT_EQUAL(s.out.duplicates, 1);
	snprintf(want, sizeof want, LANE_HEADER
	    "LX100000017CN,1,ORD-1001,ShopCN,Shenzhen Gadget Co,"
	    "\"88 Keyuan Rd, Nanshan\",CN,,,Marie Dupont,12 rue des Lilas,"
	    "Lyon,69003,FR,,IM2501234567,sale,4.50,,,2024-03-12,"
	    "cotton T-shirt with printed logo,610910,2,25.00,,EUR,0.40,CN,,,,,,,,"
	    "release,IOSS@ioss_number;UNDER_THRESHOLD,0,55.00,150.00,EUR,"
	    "eu-duty-2008,none,N,,,N,,1,1,2,A,4\n"
	    "LX100000017CN,2,ORD-1001,ShopCN,Shenzhen Gadget Co,"
	    "\"88 Keyuan Rd, Nanshan\",CN,,,Marie Dupont,12 rue des Lilas,"
	    "Lyon,69003,FR,,IM2501234567,sale,,,,2024-03-12,"
	    "plastic toy building blocks set,950300,1,30.00,,EUR,0.60,CN,,,,,,,,"
	    "release,IOSS@ioss_number;UNDER_THRESHOLD,0,55.00,150.00,EUR,"
	    "eu-duty-2008,none,N,,,N,,1,2,3,B,4\n");
	read_lane(&s, PCL_LANE_RELEASE, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, want);
	/* the copy: read the duplicates lane of the same publish */
	{
		char p[256];
		gzFile gz;
		int n;

		snprintf(p, sizeof p, "%s/%s", s.dir,
		    pcl_outdir_lane_file(PCL_OUT_DUPLICATES));
		CU_ASSERT_PTR_NOT_NULL_FATAL(gz = gzopen(p, "rb"));
		n = gzread(gz, buf, sizeof buf - 1);
		gzclose(gz);
		CU_ASSERT_FATAL(n >= 0);
		buf[n] = '\0';
	}
	snprintf(want, sizeof want, LANE_HEADER
	    "LX100000017CN,3,ORD-1001,ShopCN,Shenzhen Gadget Co,"
	    "\"88 Keyuan Rd, Nanshan\",CN,,,Marie Dupont,12 rue des Lilas,"
	    "Lyon,69003,FR,,IM2501234567,sale,4.50,,,2024-03-12,"
	    "cotton T-shirt with printed logo,610910,2,25.00,,EUR,0.40,CN,,,,,,,,"
	    "duplicate,EXACT_DUPLICATE,,,,,,,,,,,,1,3,4,A,4\n");
	CU_ASSERT_STRING_EQUAL(buf, want);
	stage_close(&s);
}

/* A lane with no rows holds the header alone. */
static void
test_pass2_empty_lane_is_its_header(void)
{
	struct stage s;
	char buf[4096];

	stage_open(&s, HEADER ITEM1);
	run_lanes(&s);
	CU_ASSERT_EQUAL(s.out.records[PCL_LANE_RELEASE], 1);
	read_lane(&s, PCL_LANE_HOLD, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, LANE_HEADER);
	stage_close(&s);
}

struct found {
	int		n;
	unsigned long	record, line, column;
	int		code;
	char		column_name[32];
};

static void
on_reject(void *user, const struct pcl_finding *f)
{
	struct found *fd = user;

	fd->n++;
	fd->record = f->record;
	fd->line = f->line;
	fd->column = f->column;
	fd->code = f->code;
	snprintf(fd->column_name, sizeof fd->column_name, "%s",
	    f->column_name);
}

/*
 * Check mode writes nothing and reports the record's own reason: item
 * value "2x.00" is not a number, column 21 of the input's header.
 */
static void
test_pass2_check_mode_reports_the_record(void)
{
	struct stage s;
	struct found fd;
	struct pcl_error err;

	memset(&fd, 0, sizeof fd);
	stage_open(&s, HEADER "LX100000017CN,1,ORD-1001,ShopCN,"
	    "Shenzhen Gadget Co,\"88 Keyuan Rd, Nanshan\",CN,Marie Dupont,"
	    "12 rue des Lilas,Lyon,69003,FR,IM2501234567,sale,4.50,,2024-03-12,"
	    "cotton T-shirt with printed logo,610910,2,2x.00,EUR,0.40,CN,A\n");
	s.in.check_only = 1;
	s.in.on_reject = on_reject;
	s.in.user = &fd;
	CU_ASSERT_EQUAL_FATAL(pcl_pass2_run(&s.in, &s.input, 1, &s.out, &err),
	    PCL_OK);
	CU_ASSERT_EQUAL(s.out.records[PCL_LANE_REJECT], 1);
	CU_ASSERT_EQUAL(fd.n, 1);
	CU_ASSERT_EQUAL(fd.record, 1);
	CU_ASSERT_EQUAL(fd.line, 2);
	CU_ASSERT_EQUAL(fd.column, 21);
	CU_ASSERT_STRING_EQUAL(fd.column_name, "item_value");
	CU_ASSERT_EQUAL(fd.code, PCL_R_INVALID_NUMBER);
	stage_close(&s);
}

void test_pass2_register(void);

void
test_pass2_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_pass2_rows_of_a_released_parcel_and_a_copy),
		PCL_TEST(test_pass2_empty_lane_is_its_header),
		PCL_TEST(test_pass2_check_mode_reports_the_record),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("pass2", tests);
}
