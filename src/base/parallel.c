/*
 * parallel.c - a fork-join helper over pthreads.
 */
#include "base/parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "agentdup/error.h"

typedef struct thread_arg {
	ad_parallel_fn fn;
	void *ctx;
	int worker;
} thread_arg;

static void *trampoline(void *p)
{
	thread_arg *t = p;

	t->fn(t->ctx, t->worker);
	return NULL;
}

void ad_parallel_run(int njobs, ad_parallel_fn fn, void *ctx)
{
	pthread_t *th;
	thread_arg *args;
	int k, started = 1;

	if (njobs <= 1) {
		fn(ctx, 0);
		return;
	}
	th = ad_xcalloc((size_t)njobs, sizeof(*th));
	args = ad_xcalloc((size_t)njobs, sizeof(*args));
	for (k = 1; k < njobs; k++) {
		args[k] = (thread_arg){fn, ctx, k};
		if (pthread_create(&th[k], NULL, trampoline, &args[k]) != 0)
			break;
		started++;
	}
	fn(ctx, 0);
	for (k = 1; k < started; k++)
		pthread_join(th[k], NULL);
	free(th);
	free(args);
}

size_t ad_parallel_next(atomic_size_t *next, size_t n, size_t chunk)
{
	size_t i = atomic_fetch_add(next, chunk);
	return i < n ? i : n;
}

int ad_parallel_jobs(int jobs, size_t n, size_t min_per_job)
{
	long k = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);
	size_t most = n / (min_per_job ? min_per_job : 1) + 1;

	if (k < 1)
		k = 1;
	if (jobs <= 0 && k > 8)
		k = 8;
	if ((size_t)k > most)
		k = (long)most;
	return (int)k;
}
