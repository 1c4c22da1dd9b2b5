/*
 * test_duplicate: first copy, exact and conflicting duplicates, near
 * duplicates, and the exact duplicates' ordinals in pass 2.
 */
#include <string.h>

#include "test_util.h"
#include "check.h"
#include "duplicate.h"
#include "map.h"
#include "parcel.h"

/* A goods row: tracking 't', item 'seq', consignee 'who', value 'val'. */
static void
row_of(struct pcl_row *r, const char *t, const char *seq, const char *who,
    const char *val)
{
	int c;

	memset(r, 0, sizeof *r);
	for (c = 0; c < PCL_COL_COUNT; c++)
		r->v[c] = "";
	r->row_class = -1;
	r->v[PCL_COL_TRACKING_NUMBER] = t;
	r->v[PCL_COL_ITEM_SEQ] = seq;
	r->v[PCL_COL_CONSIGNEE_NAME] = who;
	r->v[PCL_COL_ITEM_VALUE] = val;
	r->v[PCL_COL_DESCRIPTION] = "mug";
	for (c = 0; c < PCL_COL_COUNT; c++)
		r->len[c] = strlen(r->v[c]);
}

static void
classify(struct pcl_duplicates *d, const struct pcl_row *r, uint64_t ordinal,
    struct pcl_dup_keys *k, struct pcl_dup_class *c)
{
	struct pcl_fingerprint fp;
	struct pcl_item it;

	memset(&it, 0, sizeof it);
	it.value_micros = 1;
	pcl_dup_keys(r, &it, 42, k);
	pcl_fingerprint(r->v, r->len, PCL_COL_COUNT, &fp);
	CU_ASSERT_EQUAL_FATAL(pcl_duplicates_classify(d, k, &fp, ordinal, c),
	    PCL_OK);
}

static void
test_duplicate_first_exact_and_conflicting(int by_key)
{
	struct pcl_duplicates *d;
	struct pcl_parcels *p;
	struct pcl_dup_keys k;
	struct pcl_dup_class c;
	struct pcl_reasons rs;
	struct pcl_row r;
	char text[128];
	uint32_t idx;

	CU_ASSERT_EQUAL_FATAL(pcl_duplicates_new(&d, by_key), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&p), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_get(p, "T1", 2, 1, &idx), PCL_OK);
	pcl_reasons_init(&rs);
	/* record 0: first copy of T1 item 1 */
	row_of(&r, "T1", "1", "Ann", "5.00");
	classify(d, &r, 0, &k, &c);
	CU_ASSERT_EQUAL(c.kind, PCL_DUP_FIRST);
	CU_ASSERT_EQUAL(pcl_duplicates_reasons(d, &c, &k, idx, p, &rs), PCL_OK);
	CU_ASSERT_EQUAL(rs.n, 0);
	/* record 1: the same bytes again, an exact duplicate */
	classify(d, &r, 1, &k, &c);
	CU_ASSERT_EQUAL(c.kind, PCL_DUP_EXACT);
	/* record 2: same tracking and item number, another value */
	row_of(&r, "T1", "1", "Ann", "6.00");
	classify(d, &r, 2, &k, &c);
	CU_ASSERT_NOT_EQUAL(c.kind, PCL_DUP_EXACT);
	CU_ASSERT_EQUAL(pcl_duplicates_reasons(d, &c, &k, idx, p, &rs), PCL_OK);
	pcl_reasons_format(&rs, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "CONFLICTING_DUPLICATE@item_value");
	/* pass 2: only ordinal 1 is routed to duplicates */
	(void)pcl_duplicates_end_first_pass(d);
	CU_ASSERT_EQUAL(pcl_duplicates_next_is_exact(d), 0);
	CU_ASSERT_EQUAL(pcl_duplicates_next_is_exact(d), 1);
	CU_ASSERT_EQUAL(pcl_duplicates_next_is_exact(d), 0);
	CU_ASSERT_EQUAL(pcl_duplicates_next_is_exact(d), 0);
	pcl_reasons_release(&rs);
	pcl_parcels_free(p);
	pcl_duplicates_free(d);
	pcl_duplicates_free(NULL);
}

static void
test_duplicate_classes_by_key(void)
{
	test_duplicate_first_exact_and_conflicting(1);
}

static void
test_duplicate_classes_by_set(void)
{
	test_duplicate_first_exact_and_conflicting(0);
}

static void
test_duplicate_near_marks_both_parcels(void)
{
	struct pcl_duplicates *d;
	struct pcl_parcels *p;
	struct pcl_dup_keys k;
	struct pcl_dup_class c;
	struct pcl_reasons rs;
	struct pcl_row r;
	char text[128];
	uint32_t a, b;

	CU_ASSERT_EQUAL_FATAL(pcl_duplicates_new(&d, 1), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_new(&p), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_get(p, "A", 1, 1, &a), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_parcels_get(p, "B", 1, 1, &b), PCL_OK);
	pcl_reasons_init(&rs);
	/* one consignee, description, value and date in two parcels */
	row_of(&r, "A", "1", "Ann", "5.00");
	classify(d, &r, 0, &k, &c);
	CU_ASSERT_EQUAL(pcl_duplicates_reasons(d, &c, &k, a, p, &rs), PCL_OK);
	CU_ASSERT_EQUAL(rs.n, 0);
	row_of(&r, "B", "1", "Ann", "5.00");
	classify(d, &r, 1, &k, &c);
	CU_ASSERT_EQUAL(c.kind, PCL_DUP_FIRST);
	CU_ASSERT_EQUAL(pcl_duplicates_reasons(d, &c, &k, b, p, &rs), PCL_OK);
	pcl_reasons_format(&rs, text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "NEAR_DUPLICATE");
	pcl_reasons_format(pcl_parcels_reasons(p, pcl_parcels_at(p, a)->reasons),
	    text, sizeof text);
	CU_ASSERT_STRING_EQUAL(text, "NEAR_DUPLICATE");
	pcl_reasons_release(&rs);
	pcl_parcels_free(p);
	pcl_duplicates_free(d);
}

void test_duplicate_register(void);

void
test_duplicate_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_duplicate_classes_by_key),
		PCL_TEST(test_duplicate_classes_by_set),
		PCL_TEST(test_duplicate_near_marks_both_parcels),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("duplicate", tests);
}
