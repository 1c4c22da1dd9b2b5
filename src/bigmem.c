/*
 * bigmem: mmap()ed, 2 MiB aligned, MADV_HUGEPAGE blocks (bigmem.h).
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE	/* mremap() */
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bigmem.h"
#include "banned.h"

#define HUGE_SIZE	((size_t)1 << 21)

/* 'n' rounded up to a multiple of 2 MiB (0 on overflow). */
static size_t
round_huge(size_t n)
{
	if (n > SIZE_MAX - (HUGE_SIZE - 1))
		return 0;
	return (n + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
}

/* A 2 MiB aligned anonymous mapping of 'len' (a multiple of 2 MiB). */
static void *
map_aligned(size_t len)
{
	size_t extra = len + HUGE_SIZE;
	char *p, *a;

	if (extra < len)
		return NULL;
	p = mmap(NULL, extra, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)p + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1));
	if (a > p)
		(void)munmap(p, (size_t)(a - p));
	if (a + len < p + extra)
		(void)munmap(a + len, (size_t)(p + extra - (a + len)));
#ifdef MADV_HUGEPAGE
	(void)madvise(a, len, MADV_HUGEPAGE);
#endif
	return a;
}

void *
pcl_bigmem_calloc(size_t n, size_t size)
{
	size_t bytes, len;

	if (n == 0 || size == 0 || n > SIZE_MAX / size)
		return NULL;
	bytes = n * size;
	if (bytes < PCL_BIGMEM_MIN)
		return calloc(n, size);
	if ((len = round_huge(bytes)) == 0)
		return NULL;
	return map_aligned(len);
}

void
pcl_bigmem_free(void *p, size_t bytes)
{
	if (p == NULL)
		return;
	if (bytes < PCL_BIGMEM_MIN)
		free(p);
	else
		(void)munmap(p, round_huge(bytes));
}

void *
pcl_bigmem_realloc(void *p, size_t old, size_t bytes)
{
	size_t olen, len;
	char *n;

	if (p == NULL)
		return pcl_bigmem_calloc(1, bytes);
	if (bytes < old)
		return NULL;
	if (bytes < PCL_BIGMEM_MIN && old < PCL_BIGMEM_MIN) {
		if ((n = realloc(p, bytes)) != NULL && bytes > old)
			memset(n + old, 0, bytes - old);
		return n;
	}
	if (bytes < PCL_BIGMEM_MIN || old < PCL_BIGMEM_MIN) {
		/* across the threshold: copy */
		if ((n = pcl_bigmem_calloc(1, bytes)) == NULL)
			return NULL;
		memcpy(n, p, old < bytes ? old : bytes);
		pcl_bigmem_free(p, old);
		return n;
	}
	olen = round_huge(old);
	if ((len = round_huge(bytes)) == 0)
		return NULL;
	if (len == olen)
		return p;
	if ((n = map_aligned(len)) == NULL)
		return NULL;
#ifdef __linux__
	/*
	 * Moves the old pages to the head of the new block: no copy, and
	 * with both ends 2 MiB aligned the kernel moves huge pages whole.
	 */
	if (mremap(p, olen, olen, MREMAP_MAYMOVE | MREMAP_FIXED, n) !=
	    MAP_FAILED)
		return n;
#endif
	memcpy(n, p, old);
	(void)munmap(p, olen);
	return n;
}

size_t
pcl_bigmem_slots_for(size_t n)
{
	return n + n * 3 / 17 + 1;
}
