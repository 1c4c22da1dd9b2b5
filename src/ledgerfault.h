/*
 * ledgerfault: fault injection for tests of the ledger. A SQLite VFS
 * shim over the default VFS that counts the calls of the file methods
 * that change a file (open, write, sync, truncate, delete) and makes
 * call number 'fail_at' fail with the I/O error SQLite would get from
 * the system (SQLITE_CANTOPEN, SQLITE_IOERR_WRITE, _FSYNC, _TRUNCATE,
 * _DELETE). Not LD_PRELOAD, which clashes with ASan. Each shim is
 * registered under a name of its own and owned by one ledger handle, so
 * no state is shared. Used only when a test asks for it
 * (PCL_TEST_LEDGER_FAULT, cmd/cmd_run.c); never in normal use.
 */
#ifndef PCL_LEDGERFAULT_H
#define PCL_LEDGERFAULT_H

#include "error.h"

struct pcl_ledgerfault;

/*
 * Registers a shim failing call 'fail_at' (1 = the first). '*out' is
 * owned by the caller: pcl_ledgerfault_free, after the database using
 * it is closed. Returns PCL_OK, PCL_E_IO (no default VFS) or
 * PCL_E_NOMEM.
 */
int pcl_ledgerfault_new(struct pcl_ledgerfault **out, unsigned long fail_at)
    PCL_NODISCARD;

/* The shim's VFS name, for sqlite3_open_v2 (borrowed). */
const char *pcl_ledgerfault_vfs(const struct pcl_ledgerfault *f);

/* Calls counted so far; 1 once call 'fail_at' has failed. */
unsigned long pcl_ledgerfault_calls(const struct pcl_ledgerfault *f);
int pcl_ledgerfault_fired(const struct pcl_ledgerfault *f);

/* Unregisters and frees 'f'. NULL is a no-op. */
void pcl_ledgerfault_free(struct pcl_ledgerfault *f);

#endif
