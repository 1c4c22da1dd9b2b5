/*
 * test_reason: reason names and lanes, and the sorted, repeat-free sets
 * written as "CODE@column;CODE".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "reason.h"
#include "schema.h"

static void
test_reason_names_and_lanes(void)
{
	CU_ASSERT_STRING_EQUAL(pcl_reason_name(PCL_R_MISSING), "MISSING");
	CU_ASSERT_STRING_EQUAL(pcl_reason_name(PCL_R_CHECK_DIGIT),
	    "CHECK_DIGIT");
	CU_ASSERT_STRING_EQUAL(pcl_reason_name(PCL_R_POSTAGE_LINE),
	    "POSTAGE_LINE");
	CU_ASSERT_STRING_EQUAL(pcl_reason_name(PCL_R_COUNT), "UNKNOWN");
	CU_ASSERT_STRING_EQUAL(pcl_reason_name(-1), "UNKNOWN");
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_MISSING), PCL_LANE_REJECT);
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_PARCEL_INCOMPLETE),
	    PCL_LANE_REJECT);
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_CONFLICTING_DUPLICATE),
	    PCL_LANE_HOLD);
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_PARCEL_CONFLICT), PCL_LANE_HOLD);
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_OVER_THRESHOLD),
	    PCL_LANE_DECLARE);
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_EXCLUDED_GOODS),
	    PCL_LANE_DECLARE);
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_UNDER_THRESHOLD),
	    PCL_LANE_RELEASE);
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_POSTAGE_LINE), PCL_LANE_RELEASE);
	CU_ASSERT_STRING_EQUAL(pcl_lane_name(PCL_LANE_RELEASE), "release");
	CU_ASSERT_STRING_EQUAL(pcl_lane_name(PCL_LANE_DECLARE), "declare");
	CU_ASSERT_STRING_EQUAL(pcl_lane_name(PCL_LANE_REJECT), "reject");
	CU_ASSERT_STRING_EQUAL(pcl_lane_name(PCL_LANE_HOLD), "hold");
}

static void
test_reason_every_code_has_name_and_meaning(void)
{
	int c, k;

	for (c = 1; c < PCL_R_COUNT; c++) {
		CU_ASSERT_STRING_NOT_EQUAL(pcl_reason_name(c), "UNKNOWN");
		CU_ASSERT(strlen(pcl_reason_meaning(c)) > 0);
		for (k = 1; k < c; k++)
			CU_ASSERT_STRING_NOT_EQUAL(pcl_reason_name(c),
			    pcl_reason_name(k));
	}
}

static void
test_reason_row_classes(void)
{
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("postage"), PCL_R_POSTAGE_LINE);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("cancellation"),
	    PCL_R_NON_GOODS_CANCELLATION);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("discount"),
	    PCL_R_NON_GOODS_DISCOUNT);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("fee"), PCL_R_NON_GOODS_FEE);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("adjustment"),
	    PCL_R_NON_GOODS_ADJUSTMENT);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("sample"),
	    PCL_R_NON_GOODS_SAMPLE);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("voucher"),
	    PCL_R_NON_GOODS_VOUCHER);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("other"),
	    PCL_R_NON_GOODS_OTHER);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("refund"), -1);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class("Postage"), -1);
	CU_ASSERT_EQUAL(pcl_reason_for_row_class(""), -1);
}

static void
fmt(const struct pcl_reasons *s, char *buf, size_t size)
{
	(void)pcl_reasons_format(s, buf, size);
}

static void
test_reason_set_sorted_by_name_then_column(void)
{
	struct pcl_reasons s;
	char buf[256];

	pcl_reasons_init(&s);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_MISSING, PCL_COL_HS_CODE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_CHECK_DIGIT,
	    PCL_COL_TRACKING_NUMBER), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_MISSING, PCL_COL_CURRENCY), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_INVALID_NUMBER,
	    PCL_COL_ITEM_VALUE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_POSTAGE_LINE, PCL_COL_NONE),
	    0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_MISSING, PCL_COL_NONE), 0);
	/*
	 * By name, not by enum value (CHECK_DIGIT < INVALID_NUMBER <
	 * MISSING < POSTAGE_LINE); within MISSING: no column first, then
	 * "currency" < "hs_code".
	 */
	fmt(&s, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "CHECK_DIGIT@tracking_number;"
	    "INVALID_NUMBER@item_value;MISSING;MISSING@currency;"
	    "MISSING@hs_code;POSTAGE_LINE");
	CU_ASSERT_EQUAL(s.n, 6);
	pcl_reasons_release(&s);
	CU_ASSERT_EQUAL(s.n, 0);
	CU_ASSERT(s.v == NULL);
}

static void
test_reason_set_drops_repeats(void)
{
	struct pcl_reasons s, t;
	char buf[128];
	int i;

	pcl_reasons_init(&s);
	pcl_reasons_init(&t);
	for (i = 0; i < 50; i++) {
		CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_MISSING,
		    PCL_COL_HS_CODE), 0);
		CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_VAT_DUE,
		    PCL_COL_NONE), 0);
	}
	CU_ASSERT_EQUAL(s.n, 2);
	fmt(&s, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "MISSING@hs_code;VAT_DUE");
	/* merge keeps one of each */
	CU_ASSERT_EQUAL(pcl_reasons_add(&t, PCL_R_VAT_DUE, PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&t, PCL_R_IOSS, PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_merge(&s, &t), 0);
	fmt(&s, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "IOSS;MISSING@hs_code;VAT_DUE");
	/* clear empties but keeps the set usable */
	pcl_reasons_clear(&s);
	fmt(&s, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "");
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_IOSS, PCL_COL_NONE), 0);
	fmt(&s, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "IOSS");
	pcl_reasons_release(&s);
	pcl_reasons_release(&t);
}

static void
test_reason_set_grows_past_initial_capacity(void)
{
	struct pcl_reasons s;
	int c;

	pcl_reasons_init(&s);
	for (c = 0; c < PCL_COL_COUNT; c++)
		CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_MISSING, c), 0);
	CU_ASSERT_EQUAL(s.n, PCL_COL_COUNT);
	for (c = 1; c < PCL_COL_COUNT; c++)
		CU_ASSERT(strcmp(pcl_column_name(s.v[c - 1].column),
		    pcl_column_name(s.v[c].column)) < 0);
	pcl_reasons_release(&s);
}

static void
test_reason_lane_is_most_severe(void)
{
	struct pcl_reasons s;

	pcl_reasons_init(&s);
	CU_ASSERT_EQUAL(pcl_reasons_lane(&s), PCL_LANE_RELEASE);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_UNDER_THRESHOLD,
	    PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_lane(&s), PCL_LANE_RELEASE);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_OVER_THRESHOLD,
	    PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_lane(&s), PCL_LANE_DECLARE);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_MISSING, PCL_COL_HS_CODE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_lane(&s), PCL_LANE_REJECT);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_PARCEL_CONFLICT,
	    PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_lane(&s), PCL_LANE_HOLD);
	/* hold beats reject whatever the order of adding */
	pcl_reasons_clear(&s);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_CONFLICTING_DUPLICATE,
	    PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_INVALID_DATE, PCL_COL_DATE),
	    0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_EXCLUDED_GOODS,
	    PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_lane(&s), PCL_LANE_HOLD);
	pcl_reasons_release(&s);
}

static void
test_reason_format_truncates_and_returns_needed_length(void)
{
	struct pcl_reasons s;
	const char *full = "CHECK_DIGIT@tracking_number;MISSING@hs_code";
	char buf[64];
	size_t need, k;

	pcl_reasons_init(&s);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_MISSING, PCL_COL_HS_CODE), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_CHECK_DIGIT,
	    PCL_COL_TRACKING_NUMBER), 0);
	need = pcl_reasons_format(&s, buf, sizeof buf);
	CU_ASSERT_EQUAL(need, strlen(full));
	CU_ASSERT_STRING_EQUAL(buf, full);
	/* exactly enough room */
	CU_ASSERT_EQUAL(pcl_reasons_format(&s, buf, strlen(full) + 1),
	    strlen(full));
	CU_ASSERT_STRING_EQUAL(buf, full);
	/* as snprintf: the first size - 1 bytes, full length returned */
	CU_ASSERT_EQUAL(pcl_reasons_format(&s, buf, 10), strlen(full));
	CU_ASSERT_STRING_EQUAL(buf, "CHECK_DIG");
	CU_ASSERT_EQUAL(pcl_reasons_format(&s, buf, 13), strlen(full));
	CU_ASSERT_STRING_EQUAL(buf, "CHECK_DIGIT@");
	CU_ASSERT_EQUAL(pcl_reasons_format(&s, buf, 30), strlen(full));
	CU_ASSERT_STRING_EQUAL(buf, "CHECK_DIGIT@tracking_number;M");
	for (k = 1; k <= strlen(full); k++) {
		memset(buf, '#', sizeof buf);
		CU_ASSERT_EQUAL(pcl_reasons_format(&s, buf, k), strlen(full));
		CU_ASSERT_EQUAL(strlen(buf), k - 1);
		CU_ASSERT(strncmp(buf, full, k - 1) == 0);
		CU_ASSERT_EQUAL(buf[k], '#');	/* nothing written past 'size' */
	}
	/* size 0: nothing written, length still reported */
	CU_ASSERT_EQUAL(pcl_reasons_format(&s, NULL, 0), strlen(full));
	pcl_reasons_clear(&s);
	CU_ASSERT_EQUAL(pcl_reasons_format(&s, buf, sizeof buf), 0);
	CU_ASSERT_STRING_EQUAL(buf, "");
	pcl_reasons_release(&s);
}

/* explain finds codes by name and has a fix and a source for each */
static void
test_reason_from_name_fix_and_source(void)
{
	int c;

	CU_ASSERT_EQUAL(pcl_reason_from_name("MISSING", 7), PCL_R_MISSING);
	CU_ASSERT_EQUAL(pcl_reason_from_name("MISSING@hs_code", 7),
	    PCL_R_MISSING);
	CU_ASSERT_EQUAL(pcl_reason_from_name("MISS", 4), -1);
	CU_ASSERT_EQUAL(pcl_reason_from_name("missing", 7), -1);
	CU_ASSERT_EQUAL(pcl_reason_from_name("NONE", 4), -1);
	for (c = 1; c < PCL_R_COUNT; c++) {
		const char *n = pcl_reason_name(c);

		CU_ASSERT_EQUAL(pcl_reason_from_name(n, strlen(n)), c);
		CU_ASSERT(pcl_reason_fix(c)[0] != '\0');
		CU_ASSERT(pcl_reason_source(c)[0] != '\0');
	}
	CU_ASSERT_STRING_EQUAL(pcl_reason_source(PCL_R_CHECK_DIGIT), "UPU S10");
	CU_ASSERT_STRING_EQUAL(pcl_reason_fix(PCL_R_COUNT), "");
}

/*
 * Every code the tool can write is documented: the reason-code table of
 * docs/reasons.md has a row naming it (`CODE` or `CODE@...`), and explain
 * has its meaning, fix and source, EXACT_DUPLICATE (duplicates.csv.gz)
 * and PARCEL_INCOMPLETE (check) included.
 */
static void
test_reason_every_code_in_docs_table(void)
{
	FILE *fp = fopen("../docs/reasons.md", "rb");
	char line[4096], want[64];
	char *table = NULL, *nt;
	size_t len = 0, n;
	int c;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strncmp(line, "| `", 3) != 0)
			continue;
		n = strlen(line);
		nt = realloc(table, len + n + 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(nt);
		table = nt;
		memcpy(table + len, line, n + 1);
		len += n;
	}
	fclose(fp);
	CU_ASSERT_PTR_NOT_NULL_FATAL(table);
	for (c = 1; c < PCL_R_COUNT; c++) {
		snprintf(want, sizeof want, "`%s`", pcl_reason_name(c));
		if (strstr(table, want) == NULL) {
			snprintf(want, sizeof want, "`%s@", pcl_reason_name(c));
			CU_ASSERT_PTR_NOT_NULL(strstr(table, want));
			if (strstr(table, want) == NULL)
				fprintf(stderr, "docs/reasons.md table lacks %s\n",
				    pcl_reason_name(c));
		}
		CU_ASSERT(pcl_reason_meaning(c)[0] != '\0');
		CU_ASSERT(pcl_reason_fix(c)[0] != '\0');
		CU_ASSERT(pcl_reason_source(c)[0] != '\0');
	}
	CU_ASSERT_STRING_EQUAL(pcl_reason_name(PCL_R_EXACT_DUPLICATE),
	    "EXACT_DUPLICATE");
	CU_ASSERT_EQUAL(pcl_reason_from_name("EXACT_DUPLICATE", 15),
	    PCL_R_EXACT_DUPLICATE);
	free(table);
}

/*
 * INVALID_CHARACTER names its character as U+XXXX (four hex digits
 * at least, upper case); sets keep one reason per character, sorted by
 * code point after name and column, and merge keeps the detail.
 */
static void
test_reason_detail_names_the_code_point(void)
{
	struct pcl_reasons s, t;
	char buf[256], d[16];

	pcl_reasons_init(&s);
	pcl_reasons_init(&t);
	CU_ASSERT_EQUAL(pcl_reasons_add_char(&s, PCL_R_INVALID_CHARACTER,
	    PCL_COL_TRACKING_NUMBER, 0x200b), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add_char(&s, PCL_R_INVALID_CHARACTER,
	    PCL_COL_TRACKING_NUMBER, 0x20), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add_char(&s, PCL_R_INVALID_CHARACTER,
	    PCL_COL_TRACKING_NUMBER, 0x200b), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add_char(&s, PCL_R_INVALID_CHARACTER,
	    PCL_COL_HS_CODE, 0x1d7d8), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add_char(&s, PCL_R_INVALID_CHARACTER,
	    PCL_COL_CURRENCY, 0), 0);
	CU_ASSERT_EQUAL(pcl_reasons_add(&s, PCL_R_VAT_DUE, PCL_COL_NONE), 0);
	CU_ASSERT_EQUAL(s.n, 5);
	fmt(&s, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "INVALID_CHARACTER@currency:U+0000;"
	    "INVALID_CHARACTER@hs_code:U+1D7D8;"
	    "INVALID_CHARACTER@tracking_number:U+0020;"
	    "INVALID_CHARACTER@tracking_number:U+200B;VAT_DUE");
	CU_ASSERT_EQUAL(pcl_reason_detail(&s.v[0], d, sizeof d), 6);
	CU_ASSERT_STRING_EQUAL(d, "U+0000");
	CU_ASSERT_EQUAL(pcl_reason_detail(&s.v[4], d, sizeof d), 0);
	CU_ASSERT_STRING_EQUAL(d, "");
	CU_ASSERT_EQUAL(pcl_reasons_merge(&t, &s), 0);
	fmt(&t, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "INVALID_CHARACTER@currency:U+0000;"
	    "INVALID_CHARACTER@hs_code:U+1D7D8;"
	    "INVALID_CHARACTER@tracking_number:U+0020;"
	    "INVALID_CHARACTER@tracking_number:U+200B;VAT_DUE");
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_INVALID_CHARACTER),
	    PCL_LANE_REJECT);
	CU_ASSERT_EQUAL(pcl_reason_lane(PCL_R_FORMULA_PREFIX),
	    PCL_LANE_RELEASE);
	pcl_reasons_release(&s);
	pcl_reasons_release(&t);
}

void test_reason_register(void);
void
test_reason_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_reason_names_and_lanes),
		PCL_TEST(test_reason_every_code_has_name_and_meaning),
		PCL_TEST(test_reason_row_classes),
		PCL_TEST(test_reason_set_sorted_by_name_then_column),
		PCL_TEST(test_reason_set_drops_repeats),
		PCL_TEST(test_reason_set_grows_past_initial_capacity),
		PCL_TEST(test_reason_lane_is_most_severe),
		PCL_TEST(test_reason_format_truncates_and_returns_needed_length),
		PCL_TEST(test_reason_from_name_fix_and_source),
		PCL_TEST(test_reason_every_code_in_docs_table),
		PCL_TEST(test_reason_detail_names_the_code_point),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("reason", tests);
}
