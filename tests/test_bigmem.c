/*
 * test_bigmem: zeroed, 2 MiB aligned blocks for the big tables.
 */
#include <stdint.h>
#include <string.h>

#include "test_util.h"
#include "bigmem.h"

#define MIB2	((size_t)1 << 21)

/* 1 when the 'n' bytes at 'p' are all 'c'. */
static int
all(const unsigned char *p, size_t n, unsigned char c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

static void
test_bigmem_small_is_zeroed(void)
{
	unsigned char *p = pcl_bigmem_calloc(10, 8);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT(all(p, 80, 0));
	memset(p, 7, 80);
	pcl_bigmem_free(p, 80);
	pcl_bigmem_free(NULL, 80);
	pcl_bigmem_free(NULL, 3 * MIB2);
}

static void
test_bigmem_big_is_zeroed_and_aligned(void)
{
	/* 2 MiB + 1 bytes: a mapping of two 2 MiB pages on a 2 MiB boundary */
	unsigned char *p = pcl_bigmem_calloc(MIB2 + 1, 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL((uintptr_t)p % MIB2, 0);
	CU_ASSERT(all(p, MIB2 + 1, 0));
	memset(p, 0xAB, MIB2 + 1);
	pcl_bigmem_free(p, MIB2 + 1);
}

static void
test_bigmem_grows_keeping_contents(void)
{
	unsigned char *p = pcl_bigmem_calloc(100, 1), *q;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memset(p, 1, 100);
	/* small to small: 100 bytes kept, the next 900 zero */
	q = pcl_bigmem_realloc(p, 100, 1000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT(all(q, 100, 1) && all(q + 100, 900, 0));
	memset(q, 2, 1000);
	/* small to big: copied into an aligned mapping */
	p = pcl_bigmem_realloc(q, 1000, 3 * MIB2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL((uintptr_t)p % MIB2, 0);
	CU_ASSERT(all(p, 1000, 2) && all(p + 1000, 3 * MIB2 - 1000, 0));
	memset(p, 3, 3 * MIB2);
	/* big to big within the same 2 MiB pages: the same block */
	q = pcl_bigmem_realloc(p, 3 * MIB2 - 10, 3 * MIB2);
	CU_ASSERT_PTR_EQUAL(q, p);
	/* big to bigger: the pages move, contents kept, the rest zero */
	q = pcl_bigmem_realloc(p, 3 * MIB2, 5 * MIB2 + 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_EQUAL((uintptr_t)q % MIB2, 0);
	CU_ASSERT(all(q, 3 * MIB2, 3));
	CU_ASSERT(all(q + 3 * MIB2, 2 * MIB2 + 3, 0));
	pcl_bigmem_free(q, 5 * MIB2 + 3);
}

static void
test_bigmem_refuses_zero_overflow_and_shrinking(void)
{
	unsigned char *p = pcl_bigmem_calloc(4, 1);

	CU_ASSERT_PTR_NULL(pcl_bigmem_calloc(0, 8));
	CU_ASSERT_PTR_NULL(pcl_bigmem_calloc(8, 0));
	CU_ASSERT_PTR_NULL(pcl_bigmem_calloc(SIZE_MAX / 2, 4));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	memcpy(p, "abcd", 4);
	/* growing only: the block stays as it was */
	CU_ASSERT_PTR_NULL(pcl_bigmem_realloc(p, 4, 2));
	CU_ASSERT_EQUAL(memcmp(p, "abcd", 4), 0);
	/* NULL grows from nothing */
	pcl_bigmem_free(p, 4);
	p = pcl_bigmem_realloc(NULL, 0, 16);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT(all(p, 16, 0));
	pcl_bigmem_free(p, 16);
}

void test_bigmem_register(void);
/* Reserved tables sit at load 0.85: n + 3n/17 + 1 slots, worked by hand. */
static void
test_bigmem_slots_for_load(void)
{
	CU_ASSERT_EQUAL(pcl_bigmem_slots_for(0), 1);
	CU_ASSERT_EQUAL(pcl_bigmem_slots_for(17), 21);	/* 17/21 = 0.81 */
	CU_ASSERT_EQUAL(pcl_bigmem_slots_for(85), 101);	/* 85 + 15 + 1 */
	CU_ASSERT_EQUAL(pcl_bigmem_slots_for(1000000), 1176471);
}

void
test_bigmem_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_bigmem_small_is_zeroed),
		PCL_TEST(test_bigmem_big_is_zeroed_and_aligned),
		PCL_TEST(test_bigmem_grows_keeping_contents),
		PCL_TEST(test_bigmem_refuses_zero_overflow_and_shrinking),
		PCL_TEST(test_bigmem_slots_for_load),
		{ NULL, NULL }
	};
	PCL_TEST_SUITE("bigmem", tests);
}
