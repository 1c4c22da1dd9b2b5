/*
 * test_pipe: the producer stage ahead of one consumer.
 */
#include <stdlib.h>

#include "test_util.h"
#include "pipe.h"

#define NB	3
#define PER	7

struct nums {
	int	v[PER];
	int	n;
	int	last;
};

/* Counts 0, 1, 2 ... up to 'end' (exclusive), PER numbers a batch. */
struct counter {
	int	next, end, fills;
};

static int
count_fill(void *ctx, void *batch)
{
	struct counter *c = ctx;
	struct nums *b = batch;

	c->fills++;
	for (b->n = 0; b->n < PER && c->next < c->end; b->n++)
		b->v[b->n] = c->next++;
	b->last = c->next == c->end;
	return b->last;
}

/* Takes every batch; returns how many numbers came in order. */
static int
drain(int thread, int end)
{
	struct nums b[NB];
	void *bs[NB] = { &b[0], &b[1], &b[2] };
	struct counter c = { 0, end, 0 };
	struct pcl_pipe *p;
	int want = 0, i, last = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_pipe_new(&p, bs, NB, count_fill, &c, thread),
	    PCL_OK);
	CU_ASSERT_EQUAL(pcl_pipe_threaded(p), thread);
	while (!last) {
		struct nums *got = pcl_pipe_take(p);

		for (i = 0; i < got->n; i++)
			if (got->v[i] == want)
				want++;
		last = got->last;
		pcl_pipe_give(p);
	}
	pcl_pipe_free(p);
	/* 'end' numbers in batches of PER: ceil(end / PER) fills, at least 1 */
	CU_ASSERT_EQUAL(c.fills, end == 0 ? 1 : (end + PER - 1) / PER);
	return want;
}

static void
test_pipe_batches_arrive_in_order(void)
{
	/* 1000 numbers: 143 batches through a ring of 3 */
	CU_ASSERT_EQUAL(drain(1, 1000), 1000);
	CU_ASSERT_EQUAL(drain(0, 1000), 1000);
	/* exactly one batch, and an empty input (one empty last batch) */
	CU_ASSERT_EQUAL(drain(1, 7), 7);
	CU_ASSERT_EQUAL(drain(0, 0), 0);
	CU_ASSERT_EQUAL(drain(1, 0), 0);
}

static void
test_pipe_free_stops_a_running_producer(void)
{
	struct nums b[NB];
	void *bs[NB] = { &b[0], &b[1], &b[2] };
	struct counter c = { 0, 1000000, 0 };
	struct pcl_pipe *p;
	struct nums *got;

	/* the consumer stops after one batch (an error, a stop request) */
	CU_ASSERT_EQUAL_FATAL(pcl_pipe_new(&p, bs, NB, count_fill, &c, 1),
	    PCL_OK);
	got = pcl_pipe_take(p);
	CU_ASSERT_EQUAL(got->n, PER);
	CU_ASSERT_EQUAL(got->v[0], 0);
	pcl_pipe_free(p);
	/* the producer filled at most the ring, never the whole input */
	CU_ASSERT(c.fills >= 1 && c.fills <= NB);
	CU_ASSERT(c.next <= NB * PER);
	pcl_pipe_free(NULL);
}

/*
 * The caller may hold every batch at once and gives them back oldest
 * first; the producer refills only the batches given back.
 */
static void
hold_all(int thread)
{
	struct nums b[NB];
	void *bs[NB] = { &b[0], &b[1], &b[2] };
	struct counter c = { 0, 100, 0 };
	struct pcl_pipe *p;
	struct nums *got[NB];
	int want = 0, i, k, last = 0;

	CU_ASSERT_EQUAL_FATAL(pcl_pipe_new(&p, bs, NB, count_fill, &c, thread),
	    PCL_OK);
	while (!last) {
		for (k = 0; k < NB && !last; k++) {
			got[k] = pcl_pipe_take(p);
			last = got[k]->last;
		}
		CU_ASSERT_EQUAL(pcl_pipe_held(p), (size_t)k);
		/* what was taken is intact while held */
		for (i = 0; i < k; i++) {
			int j;

			for (j = 0; j < got[i]->n; j++)
				if (got[i]->v[j] == want)
					want++;
		}
		for (i = 0; i < k; i++)
			pcl_pipe_give(p);
		CU_ASSERT_EQUAL(pcl_pipe_held(p), 0);
	}
	pcl_pipe_give(p);	/* nothing held: no effect */
	pcl_pipe_free(p);
	/* 100 numbers, 7 a batch: 15 fills */
	CU_ASSERT_EQUAL(c.fills, 15);
	CU_ASSERT_EQUAL(want, 100);
}

static void
test_pipe_holds_several_batches(void)
{
	hold_all(0);
	hold_all(1);
}

static void
test_pipe_rejects_bad_arguments(void)
{
	struct nums b[1];
	void *bs[1] = { &b[0] };
	struct counter c = { 0, 1, 0 };
	struct pcl_pipe *p = (struct pcl_pipe *)&c;

	CU_ASSERT_EQUAL(pcl_pipe_new(&p, bs, 0, count_fill, &c, 1), PCL_E_USAGE);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(pcl_pipe_new(&p, bs, 65, count_fill, &c, 1), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_pipe_new(&p, bs, 1, NULL, &c, 1), PCL_E_USAGE);
	CU_ASSERT_EQUAL(pcl_pipe_new(&p, NULL, 1, count_fill, &c, 1),
	    PCL_E_USAGE);
	CU_ASSERT_EQUAL(c.fills, 0);
}

void test_pipe_register(void);

void
test_pipe_register(void)
{
	static const struct pcl_test tests[] = {
		PCL_TEST(test_pipe_batches_arrive_in_order),
		PCL_TEST(test_pipe_free_stops_a_running_producer),
		PCL_TEST(test_pipe_rejects_bad_arguments),
		PCL_TEST(test_pipe_holds_several_batches),
		{ NULL, NULL }
	};

	PCL_TEST_SUITE("pipe", tests);
}
