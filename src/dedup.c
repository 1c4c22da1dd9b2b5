/*
 * dedup: an open-addressing set of 128-bit record fingerprints. The top
 * bit of 'b' marks "seen in the second pass".
 */
#include <stdlib.h>
#include <string.h>

#include "dedup.h"
#include "parcel.h"
#include "banned.h"

#define SEEN (1ull << 63)

struct pcl_dedup {
	struct pcl_fingerprint *slots;	/* a == 0 && b == 0: empty */
	size_t n, nslots;
};

void
pcl_fingerprint(const char *const *fields, const size_t *lens, size_t n,
    struct pcl_fingerprint *fp)
{
	uint64_t a = 0x243F6A8885A308D3ull, b = 0x13198A2E03707344ull;
	size_t i;

	for (i = 0; i < n; i++) {
		a = pcl_hash64(fields[i], lens[i], a + i);
		b = pcl_hash64(fields[i], lens[i], b ^ (a >> 7));
	}
	fp->a = a | 1;		/* never the empty marker */
	fp->b = b & ~SEEN;
}

int
pcl_dedup_new(struct pcl_dedup **out)
{
	struct pcl_dedup *d = calloc(1, sizeof *d);

	*out = NULL;
	if (d == NULL)
		return PCL_E_NOMEM;
	d->nslots = 4096;
	if ((d->slots = calloc(d->nslots, sizeof *d->slots)) == NULL) {
		free(d);
		return PCL_E_NOMEM;
	}
	*out = d;
	return PCL_OK;
}

void
pcl_dedup_free(struct pcl_dedup *d)
{
	if (d == NULL)
		return;
	free(d->slots);
	free(d);
}

static int
grow(struct pcl_dedup *d)
{
	size_t n = d->nslots * 2, i;
	struct pcl_fingerprint *s = calloc(n, sizeof *s);

	if (s == NULL)
		return PCL_E_NOMEM;
	for (i = 0; i < d->nslots; i++) {
		size_t j;

		if (d->slots[i].a == 0)
			continue;
		for (j = d->slots[i].a & (n - 1); s[j].a != 0; j = (j + 1) & (n - 1))
			;
		s[j] = d->slots[i];
	}
	free(d->slots);
	d->slots = s;
	d->nslots = n;
	return PCL_OK;
}

static struct pcl_fingerprint *
find(struct pcl_dedup *d, const struct pcl_fingerprint *fp)
{
	size_t j;

	for (j = fp->a & (d->nslots - 1); d->slots[j].a != 0;
	    j = (j + 1) & (d->nslots - 1))
		if (d->slots[j].a == fp->a && (d->slots[j].b & ~SEEN) == fp->b)
			return &d->slots[j];
	return &d->slots[j];
}

int
pcl_dedup_first_pass(struct pcl_dedup *d, const struct pcl_fingerprint *fp,
    int *dup)
{
	struct pcl_fingerprint *s = find(d, fp);

	if (s->a != 0) {
		*dup = 1;
		return PCL_OK;
	}
	*dup = 0;
	*s = *fp;
	if (++d->n * 10 > d->nslots * 7)
		return grow(d);
	return PCL_OK;
}

void
pcl_dedup_second_pass(struct pcl_dedup *d, const struct pcl_fingerprint *fp,
    int *dup)
{
	struct pcl_fingerprint *s = find(d, fp);

	*dup = (s->b & SEEN) != 0;
	s->b |= SEEN;
}

size_t
pcl_dedup_count(const struct pcl_dedup *d)
{
	return d->n;
}

size_t
pcl_dedup_memory(const struct pcl_dedup *d)
{
	return d->nslots * sizeof *d->slots;
}
