/*
 * ledgerfault: the fault-injecting SQLite VFS shim (see ledgerfault.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "ledgerfault.h"
#include "banned.h"

struct pcl_ledgerfault {
	sqlite3_vfs		 vfs;
	sqlite3_vfs		*real;
	sqlite3_io_methods	 m;
	unsigned long		 at, calls;
	char			 name[48];
};

/* A file of the shim: its own header, the real VFS's file after it. */
struct ffile {
	sqlite3_file		 base;
	struct pcl_ledgerfault	*f;
	sqlite3_file		*real;
};

static int
hit(struct pcl_ledgerfault *f)
{
	return ++f->calls == f->at;
}

#define REAL(p)	(((struct ffile *)(void *)(p))->real)
#define FAULT(p) (((struct ffile *)(void *)(p))->f)

static int
f_close(sqlite3_file *p)
{
	return REAL(p)->pMethods->xClose(REAL(p));
}

static int
f_read(sqlite3_file *p, void *buf, int n, sqlite3_int64 off)
{
	return REAL(p)->pMethods->xRead(REAL(p), buf, n, off);
}

static int
f_write(sqlite3_file *p, const void *buf, int n, sqlite3_int64 off)
{
	if (hit(FAULT(p)))
		return SQLITE_IOERR_WRITE;
	return REAL(p)->pMethods->xWrite(REAL(p), buf, n, off);
}

static int
f_truncate(sqlite3_file *p, sqlite3_int64 size)
{
	if (hit(FAULT(p)))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(p)->pMethods->xTruncate(REAL(p), size);
}

static int
f_sync(sqlite3_file *p, int flags)
{
	if (hit(FAULT(p)))
		return SQLITE_IOERR_FSYNC;
	return REAL(p)->pMethods->xSync(REAL(p), flags);
}

static int
f_size(sqlite3_file *p, sqlite3_int64 *size)
{
	return REAL(p)->pMethods->xFileSize(REAL(p), size);
}

static int
f_lock(sqlite3_file *p, int l)
{
	return REAL(p)->pMethods->xLock(REAL(p), l);
}

static int
f_unlock(sqlite3_file *p, int l)
{
	return REAL(p)->pMethods->xUnlock(REAL(p), l);
}

static int
f_reserved(sqlite3_file *p, int *out)
{
	return REAL(p)->pMethods->xCheckReservedLock(REAL(p), out);
}

static int
f_control(sqlite3_file *p, int op, void *arg)
{
	return REAL(p)->pMethods->xFileControl(REAL(p), op, arg);
}

static int
f_sector(sqlite3_file *p)
{
	return REAL(p)->pMethods->xSectorSize(REAL(p));
}

static int
f_device(sqlite3_file *p)
{
	return REAL(p)->pMethods->xDeviceCharacteristics(REAL(p));
}

static int
f_shm_map(sqlite3_file *p, int pg, int size, int extend, void volatile **pp)
{
	return REAL(p)->pMethods->xShmMap(REAL(p), pg, size, extend, pp);
}

static int
f_shm_lock(sqlite3_file *p, int off, int n, int flags)
{
	return REAL(p)->pMethods->xShmLock(REAL(p), off, n, flags);
}

static void
f_shm_barrier(sqlite3_file *p)
{
	REAL(p)->pMethods->xShmBarrier(REAL(p));
}

static int
f_shm_unmap(sqlite3_file *p, int del)
{
	return REAL(p)->pMethods->xShmUnmap(REAL(p), del);
}

static int
f_fetch(sqlite3_file *p, sqlite3_int64 off, int n, void **pp)
{
	if (REAL(p)->pMethods->iVersion < 3) {
		*pp = NULL;
		return SQLITE_OK;
	}
	return REAL(p)->pMethods->xFetch(REAL(p), off, n, pp);
}

static int
f_unfetch(sqlite3_file *p, sqlite3_int64 off, void *pg)
{
	if (REAL(p)->pMethods->iVersion < 3)
		return SQLITE_OK;
	return REAL(p)->pMethods->xUnfetch(REAL(p), off, pg);
}

static int
v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
    int *out)
{
	struct pcl_ledgerfault *f = vfs->pAppData;
	struct ffile *ff = (struct ffile *)(void *)file;
	int rc;

	ff->f = f;
	ff->real = (sqlite3_file *)(void *)(ff + 1);
	file->pMethods = NULL;
	if (hit(f))
		return SQLITE_CANTOPEN;
	memset(ff->real, 0, (size_t)f->real->szOsFile);
	rc = f->real->xOpen(f->real, name, ff->real, flags, out);
	if (ff->real->pMethods != NULL)
		file->pMethods = &f->m;
	return rc;
}

static int
v_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	if (hit(f))
		return SQLITE_IOERR_DELETE;
	return f->real->xDelete(f->real, name, sync);
}

static int
v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xAccess(f->real, name, flags, out);
}

static int
v_full(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xFullPathname(f->real, name, n, out);
}

static void *
v_dlopen(sqlite3_vfs *vfs, const char *name)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xDlOpen(f->real, name);
}

static void
v_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	f->real->xDlError(f->real, n, msg);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xDlSym(f->real, h, sym);
}

static void
v_dlclose(sqlite3_vfs *vfs, void *h)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	f->real->xDlClose(f->real, h);
}

static int
v_random(sqlite3_vfs *vfs, int n, char *out)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xRandomness(f->real, n, out);
}

static int
v_sleep(sqlite3_vfs *vfs, int us)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xSleep(f->real, us);
}

static int
v_time(sqlite3_vfs *vfs, double *out)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xCurrentTime(f->real, out);
}

static int
v_lasterror(sqlite3_vfs *vfs, int n, char *out)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xGetLastError(f->real, n, out);
}

static int
v_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	struct pcl_ledgerfault *f = vfs->pAppData;

	return f->real->xCurrentTimeInt64(f->real, out);
}

int
pcl_ledgerfault_new(struct pcl_ledgerfault **out, unsigned long fail_at)
{
	struct pcl_ledgerfault *f;

	*out = NULL;
	if ((f = calloc(1, sizeof *f)) == NULL)
		return PCL_E_NOMEM;
	if ((f->real = sqlite3_vfs_find(NULL)) == NULL) {
		free(f);
		return PCL_E_IO;
	}
	f->at = fail_at;
	snprintf(f->name, sizeof f->name, "pcl-fault-%p", (void *)f);
	f->vfs.iVersion = 2;
	f->vfs.szOsFile = (int)sizeof(struct ffile) + f->real->szOsFile;
	f->vfs.mxPathname = f->real->mxPathname;
	f->vfs.zName = f->name;
	f->vfs.pAppData = f;
	f->vfs.xOpen = v_open;
	f->vfs.xDelete = v_delete;
	f->vfs.xAccess = v_access;
	f->vfs.xFullPathname = v_full;
	f->vfs.xDlOpen = v_dlopen;
	f->vfs.xDlError = v_dlerror;
	f->vfs.xDlSym = v_dlsym;
	f->vfs.xDlClose = v_dlclose;
	f->vfs.xRandomness = v_random;
	f->vfs.xSleep = v_sleep;
	f->vfs.xCurrentTime = v_time;
	f->vfs.xGetLastError = v_lasterror;
	f->vfs.xCurrentTimeInt64 = v_time64;
	f->m.iVersion = 3;
	f->m.xClose = f_close;
	f->m.xRead = f_read;
	f->m.xWrite = f_write;
	f->m.xTruncate = f_truncate;
	f->m.xSync = f_sync;
	f->m.xFileSize = f_size;
	f->m.xLock = f_lock;
	f->m.xUnlock = f_unlock;
	f->m.xCheckReservedLock = f_reserved;
	f->m.xFileControl = f_control;
	f->m.xSectorSize = f_sector;
	f->m.xDeviceCharacteristics = f_device;
	f->m.xShmMap = f_shm_map;
	f->m.xShmLock = f_shm_lock;
	f->m.xShmBarrier = f_shm_barrier;
	f->m.xShmUnmap = f_shm_unmap;
	f->m.xFetch = f_fetch;
	f->m.xUnfetch = f_unfetch;
	if (sqlite3_vfs_register(&f->vfs, 0) != SQLITE_OK) {
		free(f);
		return PCL_E_NOMEM;
	}
	*out = f;
	return PCL_OK;
}

const char *
pcl_ledgerfault_vfs(const struct pcl_ledgerfault *f)
{
	return f->name;
}

unsigned long
pcl_ledgerfault_calls(const struct pcl_ledgerfault *f)
{
	return f->calls;
}

int
pcl_ledgerfault_fired(const struct pcl_ledgerfault *f)
{
	return f->at > 0 && f->calls >= f->at;
}

void
pcl_ledgerfault_free(struct pcl_ledgerfault *f)
{
	if (f == NULL)
		return;
	(void)sqlite3_vfs_unregister(&f->vfs);
	free(f);
}
