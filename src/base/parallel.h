/*
 * parallel.h - run one function on a few threads.
 *
 * ad_parallel_run() calls fn(ctx, k) for k = 0..njobs-1, k = 0 on the
 * calling thread and the others on threads of their own, and returns when
 * all have returned. If a thread cannot be started, the workers that did
 * start still share all the work between them when fn takes its work from
 * an ad_parallel_next() counter, as every caller here does.
 *
 * ad_parallel_write() makes a long output, a list of items, on a few
 * threads and hands it on in order: the items are written a block at a
 * time into buffers of its own, and each block goes to the sink as soon
 * as every block before it has, so the output is the same bytes whatever
 * the number of threads, and only a few blocks are held at once.
 */
#ifndef AGENTDUP_PARALLEL_H
#define AGENTDUP_PARALLEL_H

#include <stdatomic.h>
#include <stddef.h>

#include "agentdup/buf.h"

typedef void (*ad_parallel_fn)(void *ctx, int worker);

void ad_parallel_run(int njobs, ad_parallel_fn fn, void *ctx);

/* Hand out [0, n) in chunks: the start of the next chunk of `chunk`
 * items, or n when none are left. */
size_t ad_parallel_next(atomic_size_t *next, size_t n, size_t chunk);

/* The same, with the chunk's end (at most n) in *end, for the loop
 *     while ((i = ad_parallel_chunk(&next, n, 64, &end)) < n)
 *             for (; i < end; i++) ...  */
size_t ad_parallel_chunk(atomic_size_t *next, size_t n, size_t chunk,
			 size_t *end);

/* Worker threads for n items: jobs if > 0, else one per CPU (at most 8),
 * never more than there are chunks of min_per_job items. */
int ad_parallel_jobs(int jobs, size_t n, size_t min_per_job);

/* Where n items split into two halves of about equal weight for two
 * threads, base[0..n] being their weights' running sums (base[i] before
 * item i, base[n] the whole): the first i with base[i] >= base[n] / 2. */
size_t ad_parallel_halfway(const size_t *base, size_t n);

/* Write items [first, end) of a list into out (empty when called). */
typedef void (*ad_parallel_write_fn)(void *ctx, ad_buf *out, size_t first,
				     size_t end);

/* Items [0, n) written by fn on njobs threads, `block` items a call, and
 * their bytes handed to sink(sink_ctx, ...) in item order, one call a
 * block, on whichever thread finished the block (calls to sink never
 * overlap). At most 2 * njobs blocks are held at a time: a thread waits
 * before writing a block that far ahead of the sink. fn must write each
 * block the same way whatever wrote the blocks before it. */
void ad_parallel_write(int njobs, size_t n, size_t block,
		       ad_parallel_write_fn fn, void *ctx, ad_buf_sink sink,
		       void *sink_ctx);

#endif
