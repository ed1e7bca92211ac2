/*
 * parallel.h - run one function on a few threads.
 *
 * ad_parallel_run() calls fn(ctx, k) for k = 0..njobs-1, k = 0 on the
 * calling thread and the others on threads of their own, and returns when
 * all have returned. If a thread cannot be started, the workers that did
 * start still share all the work between them when fn takes its work from
 * an ad_parallel_next() counter, as every caller here does.
 */
#ifndef AGENTDUP_PARALLEL_H
#define AGENTDUP_PARALLEL_H

#include <stdatomic.h>
#include <stddef.h>

typedef void (*ad_parallel_fn)(void *ctx, int worker);

void ad_parallel_run(int njobs, ad_parallel_fn fn, void *ctx);

/* Hand out [0, n) in chunks: the start of the next chunk of `chunk`
 * items, or n when none are left. */
size_t ad_parallel_next(atomic_size_t *next, size_t n, size_t chunk);

/* Worker threads for n items: jobs if > 0, else one per CPU (at most 8),
 * never more than there are chunks of min_per_job items. */
int ad_parallel_jobs(int jobs, size_t n, size_t min_per_job);

#endif
