/*
 * test_util: helpers shared by the unit tests.
 */
#ifndef PCL_TEST_UTIL_H
#define PCL_TEST_UTIL_H

#include <stddef.h>

#include <CUnit/CUnit.h>

struct pcl_test {
	const char *name;
	void (*fn)(void);
};

#define PCL_TEST(fn) { #fn, fn }

/* Adds a suite called 'suite' with the {NULL,NULL}-terminated 'list'. */
static inline void
pcl_test_suite(const char *suite, const struct pcl_test *list)
{
	CU_pSuite s = CU_add_suite(suite, NULL, NULL);
	size_t i;

	for (i = 0; list[i].fn != NULL; i++)
		CU_add_test(s, list[i].name, list[i].fn);
}
#define PCL_TEST_SUITE(suite, list) pcl_test_suite((suite), (list))

/* Fixture paths are relative to tests/ (the runner runs there). */
#define PCL_FIXTURE(p) "../fixtures/" p

#endif
