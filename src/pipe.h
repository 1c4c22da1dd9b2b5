/*
 * pipe: one producer stage ahead of one consumer. A thread of the
 * pipe fills caller-owned batches in order through a callback while the
 * caller takes them, in the same order, and gives each back when done
 * with it, oldest first; at most 'n' batches are in flight. Every thread
 * hand-off of the batch (the manifest reader's and the first pass's)
 * goes through this one mechanism. Without a thread the
 * caller's own take fills the next batch, so results never depend on
 * whether the thread runs.
 */
#ifndef PCL_PIPE_H
#define PCL_PIPE_H

#include <stddef.h>

#include "error.h"

struct pcl_pipe;

/*
 * Fills 'batch' with 'ctx' (in the pipe's thread, or the caller's when
 * there is none). Returns 0 when more batches follow, 1 when this is the
 * last one (the end, or an error the batch itself describes). Batches
 * are filled in order: the callback owns 'ctx' while the pipe runs.
 */
typedef int pcl_pipe_fill_fn(void *ctx, void *batch);

/*
 * Creates a pipe over the 'n' (1-64) batches 'batches' (borrowed, caller
 * owned, must outlive the pipe). With 'thread' 1 a thread starts filling
 * at once; if it cannot be started, or 'thread' is 0, pcl_pipe_take
 * fills synchronously. Errors: PCL_E_USAGE ('n' out of range or 'fill'
 * NULL), PCL_E_NOMEM. '*out' is owned by the caller (pcl_pipe_free).
 */
int pcl_pipe_new(struct pcl_pipe **out, void *const *batches, size_t n,
    pcl_pipe_fill_fn *fill, void *ctx, int thread) PCL_NODISCARD;

/* 1 if a thread fills the batches. */
int pcl_pipe_threaded(const struct pcl_pipe *p);

/*
 * The next filled batch, waiting for it. The caller holds it until it
 * gives it back with pcl_pipe_give, and may take further batches before
 * that: up to all 'n' at once (a thread can fill ahead only the batches
 * not held). Must not be called after the batch 'fill' said was the
 * last, nor while all 'n' batches are held.
 */
void *pcl_pipe_take(struct pcl_pipe *p);

/*
 * Gives back the oldest batch held, to be filled again. Does nothing
 * when no batch is held.
 */
void pcl_pipe_give(struct pcl_pipe *p);

/* Batches taken and not given back yet. */
size_t pcl_pipe_held(const struct pcl_pipe *p);

/*
 * Stops the thread (it finishes the batch it is filling, then stops
 * without starting another) and joins it, then frees the pipe; the
 * batches are the caller's again. NULL is a no-op.
 */
void pcl_pipe_free(struct pcl_pipe *p);

#endif
