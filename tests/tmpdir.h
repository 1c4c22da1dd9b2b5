/*
 * tmpdir: a private directory for one unit test, under $TMPDIR (else
 * /tmp), and its removal with everything in it. Tests write only there.
 */
#ifndef PCL_TEST_TMPDIR_H
#define PCL_TEST_TMPDIR_H

#include <stddef.h>

/* Makes "$TMPDIR/NAME.XXXXXX" into 'dir' ('size' bytes); fails the test if it cannot. */
void pcl_test_mkdtemp(char *dir, size_t size, const char *name);

/* Removes 'dir' and everything below it; symbolic links are not followed. */
void pcl_test_rm_rf(const char *dir);

#endif
