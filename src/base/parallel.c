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

size_t ad_parallel_chunk(atomic_size_t *next, size_t n, size_t chunk,
			 size_t *end)
{
	size_t i = ad_parallel_next(next, n, chunk);

	*end = n - i > chunk ? i + chunk : n;
	return i;
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

size_t ad_parallel_halfway(const size_t *base, size_t n)
{
	size_t lo = 0, hi = n, half = base[n] / 2;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (base[mid] < half)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- an ordered output ---- */

/* The state of ad_parallel_write(): blocks are handed out in order, and
 * block b is written into slot b % window, which the block window before
 * it has left once the sink took it. Under lock: next, done, ready. */
typedef struct ordered {
	size_t n, block, nblocks, window;
	ad_parallel_write_fn fn;
	void *ctx;
	ad_buf_sink sink;
	void *sink_ctx;
	ad_buf *slot;
	unsigned char *ready; /* per slot: its block is written */
	size_t next;          /* the next block to write */
	size_t done;          /* blocks the sink has taken */
	pthread_mutex_t lock;
	pthread_cond_t moved; /* done grew */
} ordered;

/* Hand the sink every written block that is next in order (lock held). */
static void drain(ordered *o)
{
	size_t s;

	while (o->done < o->nblocks && o->ready[s = o->done % o->window]) {
		o->ready[s] = 0;
		o->sink(o->sink_ctx, o->slot[s].ptr, o->slot[s].len);
		o->done++;
	}
	pthread_cond_broadcast(&o->moved);
}

static void ordered_work(void *ctx, int worker)
{
	ordered *o = ctx;
	size_t b, end;
	ad_buf *out;

	(void)worker;
	pthread_mutex_lock(&o->lock);
	while ((b = o->next) < o->nblocks) {
		o->next++;
		while (b >= o->done + o->window)
			pthread_cond_wait(&o->moved, &o->lock);
		pthread_mutex_unlock(&o->lock);
		out = &o->slot[b % o->window];
		ad_buf_clear(out);
		end = (b + 1) * o->block < o->n ? (b + 1) * o->block : o->n;
		o->fn(o->ctx, out, b * o->block, end);
		pthread_mutex_lock(&o->lock);
		o->ready[b % o->window] = 1;
		drain(o);
	}
	pthread_mutex_unlock(&o->lock);
}

void ad_parallel_write(int njobs, size_t n, size_t block,
		       ad_parallel_write_fn fn, void *ctx, ad_buf_sink sink,
		       void *sink_ctx)
{
	ordered o;
	size_t s;

	if (!n)
		return;
	o.n = n;
	o.block = block ? block : 1;
	o.nblocks = (n + o.block - 1) / o.block;
	njobs = njobs < 1 ? 1 : njobs;
	if ((size_t)njobs > o.nblocks)
		njobs = (int)o.nblocks;
	o.window = 2 * (size_t)njobs;
	o.fn = fn;
	o.ctx = ctx;
	o.sink = sink;
	o.sink_ctx = sink_ctx;
	o.slot = ad_xmalloc(o.window * sizeof(*o.slot));
	o.ready = ad_xcalloc(o.window, 1);
	for (s = 0; s < o.window; s++)
		ad_buf_init(&o.slot[s]);
	o.next = 0;
	o.done = 0;
	pthread_mutex_init(&o.lock, NULL);
	pthread_cond_init(&o.moved, NULL);
	ad_parallel_run(njobs, ordered_work, &o);
	pthread_cond_destroy(&o.moved);
	pthread_mutex_destroy(&o.lock);
	for (s = 0; s < o.window; s++)
		ad_buf_dispose(&o.slot[s]);
	free(o.slot);
	free(o.ready);
}
