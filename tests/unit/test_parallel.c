/* Unit tests of parallel.c: the ordered output of ad_parallel_write()
 * against the same items written one after the other. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "base/parallel.h"

/* Item i as text: its number and a run of letters whose length varies
 * with i, so that blocks differ in size. */
static void item(ad_buf *out, size_t i)
{
	size_t k;

	ad_buf_printf(out, "%zu:", i);
	for (k = 0; k < (i * 7919) % 23; k++)
		ad_buf_putc(out, (char)('a' + (i + k) % 26));
	ad_buf_putc(out, ';');
}

/* Some blocks take longer than others, so that later blocks are often
 * done first and have to wait for their turn. */
static void some_work(size_t first)
{
	struct timespec ts = {0, (long)((first * 2654435761u) % 5) * 20000L};

	nanosleep(&ts, NULL);
}

static void write_block(void *ctx, ad_buf *out, size_t first, size_t end)
{
	size_t i;

	(void)ctx;
	assert_int_equal(out->len, 0);
	some_work(first);
	for (i = first; i < end; i++)
		item(out, i);
}

/* A sink that checks its calls never overlap and counts them. */
typedef struct sunk {
	ad_buf bytes;
	size_t calls;
	atomic_int inside;
} sunk;

static void sink(void *ctx, const char *data, size_t len)
{
	sunk *s = ctx;

	assert_int_equal(atomic_fetch_add(&s->inside, 1), 0);
	ad_buf_put(&s->bytes, data, len);
	s->calls++;
	atomic_fetch_sub(&s->inside, 1);
}

static void check(int njobs, size_t n, size_t block)
{
	ad_buf serial = AD_BUF_INIT;
	sunk s;
	size_t i;

	for (i = 0; i < n; i++)
		item(&serial, i);
	ad_buf_init(&s.bytes);
	s.calls = 0;
	atomic_init(&s.inside, 0);
	ad_parallel_write(njobs, n, block, write_block, NULL, sink, &s);
	assert_string_equal(s.bytes.ptr, serial.ptr);
	assert_int_equal(s.bytes.len, serial.len);
	/* one call a block */
	assert_int_equal(s.calls, (n + block - 1) / block);
	ad_buf_dispose(&serial);
	ad_buf_dispose(&s.bytes);
}

static void test_parallel__write_is_in_item_order(void **state)
{
	static const size_t sizes[] = {0, 1, 2, 5, 31, 64, 200};
	static const size_t blocks[] = {1, 3, 7, 64, 1000};
	int njobs;
	size_t i, b;

	(void)state;
	for (njobs = 1; njobs <= 5; njobs++)
		for (i = 0; i < sizeof(sizes) / sizeof(*sizes); i++)
			for (b = 0; b < sizeof(blocks) / sizeof(*blocks); b++)
				check(njobs, sizes[i], blocks[b]);
}

/* What one block's call saw: its range, and how many blocks were in
 * hand (being written or waiting for the sink) at the time. */
typedef struct held {
	atomic_size_t in_hand, most;
	atomic_size_t sunk_blocks;
} held;

static void count_block(void *ctx, ad_buf *out, size_t first, size_t end)
{
	held *h = ctx;
	size_t now = atomic_fetch_add(&h->in_hand, 1) + 1, most;

	most = atomic_load(&h->most);
	while (now > most && !atomic_compare_exchange_weak(&h->most, &most, now))
		;
	some_work(first);
	ad_buf_printf(out, "[%zu,%zu)", first, end);
}

static void count_sink(void *ctx, const char *data, size_t len)
{
	held *h = ctx;

	(void)data;
	(void)len;
	atomic_fetch_sub(&h->in_hand, 1);
	atomic_fetch_add(&h->sunk_blocks, 1);
}

/* A thread waits rather than run more than 2 * njobs blocks ahead of
 * the sink, so the memory held stays a few blocks. */
static void test_parallel__write_holds_few_blocks(void **state)
{
	held h;
	int njobs;

	(void)state;
	for (njobs = 1; njobs <= 4; njobs++) {
		atomic_init(&h.in_hand, 0);
		atomic_init(&h.most, 0);
		atomic_init(&h.sunk_blocks, 0);
		ad_parallel_write(njobs, 500, 2, count_block, &h, count_sink,
				  &h);
		assert_int_equal(atomic_load(&h.sunk_blocks), 250);
		assert_true(atomic_load(&h.most) <= 2 * (size_t)njobs);
	}
}

/* Chunks of [0, n) handed to three threads cover it once, each item
 * by one chunk whose end is at most n: n a multiple of the chunk, not
 * one, below it, and 0. */
typedef struct chunks {
	atomic_size_t next;
	size_t n, chunk;
	atomic_uint *hits;
	atomic_uint bad; /* chunks past n or longer than chunk (the
			  * workers count; the test's thread asserts) */
} chunks;

static void chunk_work(void *ctx, int worker)
{
	chunks *c = ctx;
	size_t i, end;

	(void)worker;
	while ((i = ad_parallel_chunk(&c->next, c->n, c->chunk, &end)) < c->n) {
		if (end > c->n || end - i > c->chunk)
			atomic_fetch_add(&c->bad, 1);
		for (; i < end && i < c->n; i++)
			atomic_fetch_add(&c->hits[i], 1);
	}
}

static void test_parallel__chunks_cover_once(void **state)
{
	static const size_t sizes[][2] = {{1000, 10}, {1003, 10}, {7, 64},
					  {0, 16}, {64, 64}};
	size_t k, i;

	(void)state;
	for (k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		chunks c;

		c.n = sizes[k][0];
		c.chunk = sizes[k][1];
		c.hits = calloc(c.n + 1, sizeof(*c.hits));
		atomic_init(&c.next, 0);
		atomic_init(&c.bad, 0);
		ad_parallel_run(3, chunk_work, &c);
		assert_int_equal(atomic_load(&c.bad), 0);
		for (i = 0; i < c.n; i++)
			assert_int_equal(atomic_load(&c.hits[i]), 1);
		free(c.hits);
	}
}

/* The split of weighed items: the first item whose running sum reaches
 * half the whole, n when none but the end does. */
static void test_parallel__halfway_splits_by_weight(void **state)
{
	const size_t even[] = {0, 1, 2, 3, 4};      /* four of 1 */
	const size_t heavy[] = {0, 10, 11, 12, 13}; /* one of 10 first */
	const size_t late[] = {0, 0, 0, 0, 8};      /* all in the last */
	const size_t none[] = {0};

	(void)state;
	assert_int_equal(ad_parallel_halfway(even, 4), 2);
	assert_int_equal(ad_parallel_halfway(heavy, 4), 1);
	assert_int_equal(ad_parallel_halfway(late, 4), 4);
	assert_int_equal(ad_parallel_halfway(none, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parallel__chunks_cover_once),
		cmocka_unit_test(test_parallel__write_is_in_item_order),
		cmocka_unit_test(test_parallel__write_holds_few_blocks),
		cmocka_unit_test(test_parallel__halfway_splits_by_weight),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
