/*
 * test_dedup: record fingerprints and the two-pass duplicate set.
 */
#include <stdio.h>
#include <string.h>

#include "test_util.h"
#include "dedup.h"

static struct pcl_fingerprint
FP2(const char *a, const char *b)
{
	const char *f[2];
	size_t l[2];
	struct pcl_fingerprint fp;

	f[0] = a;
	f[1] = b;
	l[0] = strlen(a);
	l[1] = strlen(b);
	pcl_fingerprint(f, l, 2, &fp);
	return fp;
}

static int
same(struct pcl_fingerprint x, struct pcl_fingerprint y)
{
	return x.a == y.a && x.b == y.b;
}

static void
test_dedup_fingerprint_counts_field_boundaries(void)
{
	const char *f1[3] = { "a", "", "b" };
	const char *f2[2] = { "a", "b" };
	size_t l1[3] = { 1, 0, 1 }, l2[2] = { 1, 1 };
	struct pcl_fingerprint x, y;

	CU_ASSERT(same(FP2("ab", "c"), FP2("ab", "c")));
	CU_ASSERT(!same(FP2("ab", "c"), FP2("a", "bc")));
	CU_ASSERT(!same(FP2("ab", ""), FP2("", "ab")));
	CU_ASSERT(!same(FP2("x", "y"), FP2("y", "x")));
	/* one byte of difference anywhere */
	CU_ASSERT(!same(FP2("RR123456785CN", "1"), FP2("RR123456785CN", "2")));
	/* an empty field is a field */
	pcl_fingerprint(f1, l1, 3, &x);
	pcl_fingerprint(f2, l2, 2, &y);
	CU_ASSERT(!same(x, y));
	/* only 'lens' bytes count, not what follows */
	l2[0] = 1;
	f2[0] = "aZZZ";
	pcl_fingerprint(f2, l2, 2, &x);
	CU_ASSERT(same(x, FP2("a", "b")));
}

static void
test_dedup_first_pass_finds_exact_repeats(void)
{
	struct pcl_dedup *d;
	struct pcl_fingerprint a = FP2("RR1", "shirt"), b = FP2("RR1", "shoes");
	int dup = -1;

	CU_ASSERT_EQUAL_FATAL(pcl_dedup_new(&d), PCL_OK);
	CU_ASSERT_EQUAL(pcl_dedup_count(d), 0);
	CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &a, &dup), PCL_OK);
	CU_ASSERT_EQUAL(dup, 0);
	CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &b, &dup), PCL_OK);
	CU_ASSERT_EQUAL(dup, 0);
	pcl_dedup_prefetch(d, &a);	/* a hint, changes nothing */
	CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &a, &dup), PCL_OK);
	CU_ASSERT_EQUAL(dup, 1);
	CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &a, &dup), PCL_OK);
	CU_ASSERT_EQUAL(dup, 1);
	CU_ASSERT_EQUAL(pcl_dedup_count(d), 2);
	CU_ASSERT(pcl_dedup_memory(d) > 0);
	pcl_dedup_free(d);
	pcl_dedup_free(NULL);
}

static void
test_dedup_second_pass_keeps_first_copy(void)
{
	struct pcl_dedup *d;
	struct pcl_fingerprint a = FP2("RR1", "shirt"), b = FP2("RR1", "shoes");
	/* input order: a b a a b */
	struct pcl_fingerprint seq[5];
	static const int want[5] = { 0, 0, 1, 1, 1 };
	int dup, i;

	seq[0] = a;
	seq[1] = b;
	seq[2] = a;
	seq[3] = a;
	seq[4] = b;
	CU_ASSERT_EQUAL_FATAL(pcl_dedup_new(&d), PCL_OK);
	for (i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &seq[i], &dup), PCL_OK);
	for (i = 0; i < 5; i++) {
		dup = -1;
		pcl_dedup_second_pass(d, &seq[i], &dup);
		CU_ASSERT_EQUAL(dup, want[i]);
	}
	pcl_dedup_free(d);
}

static void
test_dedup_many_records_across_growth(void)
{
	struct pcl_dedup *d;
	char key[32];
	const char *f[1];
	size_t l[1];
	struct pcl_fingerprint fp;
	int dup, i, bad1 = 0, bad2 = 0, bad3 = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_dedup_new(&d), PCL_OK);
	f[0] = key;
	/* 50000 distinct records, each given twice in the first pass */
	for (i = 0; i < 100000; i++) {
		l[0] = (size_t)snprintf(key, sizeof key, "rec-%d", i % 50000);
		pcl_fingerprint(f, l, 1, &fp);
		if (pcl_dedup_first_pass(d, &fp, &dup) != PCL_OK)
			break;
		if (dup != (i >= 50000))
			bad1++;
	}
	CU_ASSERT_EQUAL_FATAL(i, 100000);
	CU_ASSERT_EQUAL(bad1, 0);
	CU_ASSERT_EQUAL(pcl_dedup_count(d), 50000);
	/* 16 bytes per slot, load at most 0.7 */
	CU_ASSERT(pcl_dedup_memory(d) >= 50000 * 16 * 10 / 7);
	for (i = 0; i < 100000; i++) {
		l[0] = (size_t)snprintf(key, sizeof key, "rec-%d", i % 50000);
		pcl_fingerprint(f, l, 1, &fp);
		pcl_dedup_second_pass(d, &fp, &dup);
		if (dup != (i >= 50000))
			bad2++;
	}
	CU_ASSERT_EQUAL(bad2, 0);
	CU_ASSERT_EQUAL(pcl_dedup_count(d), 50000);
	/* a new record after the second pass began is not a duplicate */
	l[0] = (size_t)snprintf(key, sizeof key, "rec-new");
	pcl_fingerprint(f, l, 1, &fp);
	CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &fp, &dup), PCL_OK);
	if (dup != 0)
		bad3++;
	CU_ASSERT_EQUAL(bad3, 0);
	pcl_dedup_free(d);
}

/*
 * reserving sizes the set once, for load 0.85: 10000 fingerprints
 * need 10000 + 30000 / 17 + 1 = 11765 slots (12 bytes each, 141180
 * bytes); adding them changes nothing, and what was there stays. The
 * set then holds 11765 * 9 / 10 = 10588 before it doubles.
 */
static void
test_dedup_reserve_sizes_once(void)
{
	struct pcl_dedup *d;
	char key[32];
	const char *f[1] = { key };
	size_t l[1];
	struct pcl_fingerprint fp;
	int dup, i, bad = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_dedup_new(&d), PCL_OK);
	CU_ASSERT_EQUAL(pcl_dedup_memory(d), 4096 * 12);
	l[0] = (size_t)snprintf(key, sizeof key, "before");
	pcl_fingerprint(f, l, 1, &fp);
	CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &fp, &dup), PCL_OK);
	CU_ASSERT_EQUAL(pcl_dedup_reserve(d, 10000), PCL_OK);
	CU_ASSERT_EQUAL(pcl_dedup_memory(d), 11765 * 12);
	CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &fp, &dup), PCL_OK);
	CU_ASSERT_EQUAL(dup, 1);
	for (i = 1; i < 10000; i++) {
		l[0] = (size_t)snprintf(key, sizeof key, "rec-%d", i);
		pcl_fingerprint(f, l, 1, &fp);
		if (pcl_dedup_first_pass(d, &fp, &dup) != PCL_OK || dup)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_dedup_count(d), 10000);
	CU_ASSERT_EQUAL(pcl_dedup_memory(d), 11765 * 12);
	/* smaller than now: nothing to do */
	CU_ASSERT_EQUAL(pcl_dedup_reserve(d, 100), PCL_OK);
	CU_ASSERT_EQUAL(pcl_dedup_memory(d), 11765 * 12);
	/* full to 10588 without a move; the 10589th doubles it */
	for (; i < 10588; i++) {
		l[0] = (size_t)snprintf(key, sizeof key, "rec-%d", i);
		pcl_fingerprint(f, l, 1, &fp);
		if (pcl_dedup_first_pass(d, &fp, &dup) != PCL_OK || dup)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(pcl_dedup_count(d), 10588);
	CU_ASSERT_EQUAL(pcl_dedup_memory(d), 11765 * 12);
	l[0] = (size_t)snprintf(key, sizeof key, "rec-%d", i);
	pcl_fingerprint(f, l, 1, &fp);
	CU_ASSERT_EQUAL(pcl_dedup_first_pass(d, &fp, &dup), PCL_OK);
	CU_ASSERT_EQUAL(pcl_dedup_memory(d), 23530 * 12);
	/* every fingerprint is found again after the move, once each */
	for (i = 0; i <= 10588; i++) {
		if (i == 0)
			l[0] = (size_t)snprintf(key, sizeof key, "before");
		else
			l[0] = (size_t)snprintf(key, sizeof key, "rec-%d", i);
		pcl_fingerprint(f, l, 1, &fp);
		pcl_dedup_second_pass(d, &fp, &dup);
		if (dup)
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	pcl_dedup_free(d);
}

void test_dedup_register(void);
void
test_dedup_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_dedup_fingerprint_counts_field_boundaries),
		PCL_TEST(test_dedup_first_pass_finds_exact_repeats),
		PCL_TEST(test_dedup_second_pass_keeps_first_copy),
		PCL_TEST(test_dedup_many_records_across_growth),
		PCL_TEST(test_dedup_reserve_sizes_once),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("dedup", tests);
}
