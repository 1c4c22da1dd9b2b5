/*
 * pipe: one producer stage ahead of one consumer (see pipe.h).
 */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>

#include "pipe.h"
#include "banned.h"

#define PIPE_MAX	64

struct pcl_pipe {
	void *const		*b;
	size_t			 n;
	pcl_pipe_fill_fn	*fill;
	void			*ctx;
	int			 threaded;
	pthread_t		 tid;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	unsigned char		 full[PIPE_MAX];
	unsigned long		 pseq;		/* producer's next batch */
	unsigned long		 tseq, gseq;	/* caller's next to take, to give */
	int			 stop;		/* set by free */
};

static void *
pipe_run(void *arg)
{
	struct pcl_pipe *p = arg;
	size_t k;
	int last;

	for (;;) {
		k = p->pseq % p->n;
		pthread_mutex_lock(&p->mu);
		while (p->full[k] && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		pthread_mutex_unlock(&p->mu);
		last = p->fill(p->ctx, p->b[k]);
		pthread_mutex_lock(&p->mu);
		p->full[k] = 1;
		p->pseq++;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (last)
			return NULL;
	}
}

int
pcl_pipe_new(struct pcl_pipe **out, void *const *batches, size_t n,
    pcl_pipe_fill_fn *fill, void *ctx, int thread)
{
	struct pcl_pipe *p;

	*out = NULL;
	if (n == 0 || n > PIPE_MAX || fill == NULL || batches == NULL)
		return PCL_E_USAGE;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return PCL_E_NOMEM;
	p->b = batches;
	p->n = n;
	p->fill = fill;
	p->ctx = ctx;
	if (thread && pthread_mutex_init(&p->mu, NULL) == 0) {
		if (pthread_cond_init(&p->cv, NULL) != 0)
			pthread_mutex_destroy(&p->mu);
		else if (pthread_create(&p->tid, NULL, pipe_run, p) != 0) {
			pthread_cond_destroy(&p->cv);
			pthread_mutex_destroy(&p->mu);
		} else
			p->threaded = 1;
	}
	*out = p;
	return PCL_OK;
}

int
pcl_pipe_threaded(const struct pcl_pipe *p)
{
	return p->threaded;
}

void *
pcl_pipe_take(struct pcl_pipe *p)
{
	size_t k = p->tseq % p->n;

	assert(p->tseq - p->gseq < p->n);
	p->tseq++;
	if (!p->threaded) {
		(void)p->fill(p->ctx, p->b[k]);
		return p->b[k];
	}
	pthread_mutex_lock(&p->mu);
	while (!p->full[k])
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	return p->b[k];
}

void
pcl_pipe_give(struct pcl_pipe *p)
{
	size_t k = p->gseq % p->n;

	if (p->gseq == p->tseq)
		return;
	p->gseq++;
	if (!p->threaded)
		return;
	pthread_mutex_lock(&p->mu);
	p->full[k] = 0;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

size_t
pcl_pipe_held(const struct pcl_pipe *p)
{
	return (size_t)(p->tseq - p->gseq);
}
void
pcl_pipe_free(struct pcl_pipe *p)
{
	if (p == NULL)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->tid, NULL);
		pthread_cond_destroy(&p->cv);
		pthread_mutex_destroy(&p->mu);
	}
	free(p);
}
