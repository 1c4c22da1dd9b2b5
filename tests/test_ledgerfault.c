/*
 * test_ledgerfault: the fault-injecting SQLite VFS shim: calls are
 * counted, call N fails and no other, and a ledger opened through it
 * stays consistent. Every test works in its own mkdtemp directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_util.h"
#include "tmpdir.h"
#include "ledger.h"
#include "ledgerfault.h"

static void
test_ledgerfault_counts_and_fails_call_n(void)
{
	char dir[256], path[300];
	struct pcl_ledgerfault *f, *g;
	struct pcl_ledger *l;
	struct pcl_error err;
	unsigned long calls;

	pcl_test_mkdtemp(dir, sizeof dir, "pcl-ledgerfault");
	snprintf(path, sizeof path, "%s/hub.db", dir);
	/* far away: never fires; creating a ledger changes files */
	CU_ASSERT_EQUAL_FATAL(pcl_ledgerfault_new(&f, 1000000), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open_vfs(&l, path, 0, 0,
	    pcl_ledgerfault_vfs(f), &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	calls = pcl_ledgerfault_calls(f);
	CU_ASSERT(calls > 3);
	CU_ASSERT_EQUAL(pcl_ledgerfault_fired(f), 0);
	pcl_ledgerfault_free(f);
	/* the first call (opening the database) fails: no ledger */
	snprintf(path, sizeof path, "%s/other.db", dir);
	CU_ASSERT_EQUAL_FATAL(pcl_ledgerfault_new(&g, 1), PCL_OK);
	CU_ASSERT_NOT_EQUAL(pcl_ledger_open_vfs(&l, path, 0, 0,
	    pcl_ledgerfault_vfs(g), &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledgerfault_fired(g), 1);
	pcl_ledgerfault_free(g);
	/* whatever call failed, the ledger opens cleanly afterwards */
	CU_ASSERT_EQUAL_FATAL(pcl_ledger_open(&l, path, 0, 0, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_check(l, &err), PCL_OK);
	CU_ASSERT_EQUAL(pcl_ledger_close(l), PCL_OK);
	pcl_test_rm_rf(dir);
}

/* Two shims at once have names of their own. */
static void
test_ledgerfault_shims_are_separate(void)
{
	struct pcl_ledgerfault *a, *b;

	CU_ASSERT_EQUAL_FATAL(pcl_ledgerfault_new(&a, 5), PCL_OK);
	CU_ASSERT_EQUAL_FATAL(pcl_ledgerfault_new(&b, 5), PCL_OK);
	CU_ASSERT(strcmp(pcl_ledgerfault_vfs(a), pcl_ledgerfault_vfs(b)) != 0);
	CU_ASSERT_EQUAL(pcl_ledgerfault_calls(a), 0);
	pcl_ledgerfault_free(a);
	pcl_ledgerfault_free(b);
	pcl_ledgerfault_free(NULL);
}

void test_ledgerfault_register(void);
void
test_ledgerfault_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_ledgerfault_counts_and_fails_call_n),
		PCL_TEST(test_ledgerfault_shims_are_separate),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("ledgerfault", tests);
}
