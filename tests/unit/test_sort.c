/* Unit tests of sort.c against qsort() on many shapes of input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/sort.h"

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int cmp32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

enum shape { RANDOM, FEW_VALUES, SORTED, REVERSED, EQUAL, ORGAN_PIPE, NSHAPES };

static uint64_t value(enum shape s, size_t i, size_t n)
{
	switch (s) {
	case RANDOM: return next();
	case FEW_VALUES: return next() % 3;
	case SORTED: return i;
	case REVERSED: return n - i;
	case EQUAL: return 7;
	default: return i < n / 2 ? i : n - i;
	}
}

static void check(size_t n, enum shape s)
{
	uint32_t *a = malloc((n + 1) * sizeof(*a)), *b = malloc((n + 1) * sizeof(*b));
	uint64_t *c = malloc((n + 1) * sizeof(*c)), *d = malloc((n + 1) * sizeof(*d));
	size_t i;

	for (i = 0; i < n; i++) {
		c[i] = d[i] = value(s, i, n);
		a[i] = b[i] = (uint32_t)(c[i] >> (s == RANDOM ? 32 : 0));
	}
	ad_sort_u32(a, n);
	qsort(b, n, sizeof(*b), cmp32);
	ad_sort_u64(c, n);
	qsort(d, n, sizeof(*d), cmp64);
	for (i = 0; i < n; i++) {
		assert_int_equal(a[i], b[i]);
		assert_int_equal(c[i], d[i]);
	}
	free(a);
	free(b);
	free(c);
	free(d);
}

static void test_sort__matches_qsort(void **state)
{
	/* from 2,048 on, ad_sort_u64() sorts by bytes: one pass (few
	 * values), two (sorted), eight (random), none (equal) */
	static const size_t sizes[] = {0,    1,	   2,	 3,    15,   16,
				       17,   33,   100,	 1000, 2047, 2048,
				       2049, 5000, 40000};
	size_t k;
	int s;

	(void)state;
	for (k = 0; k < sizeof(sizes) / sizeof(*sizes); k++)
		for (s = 0; s < NSHAPES; s++)
			check(sizes[k], (enum shape)s);
}

static void test_sort__radix_matches_qsort(void **state)
{
	static const uint32_t bounds[] = {1,	    2,	       200,
					  256,	    257,       2048,
					  2049,	    65536,     70000,
					  1u << 17, 262145,    1u << 22,
					  4194305,  1u << 24,  0xffffffffu};
	uint32_t *a = malloc(3000 * sizeof(*a)), *b = malloc(3000 * sizeof(*b));
	uint32_t *tmp = malloc(3000 * sizeof(*tmp));
	size_t k, i, n;

	(void)state;
	for (k = 0; k < sizeof(bounds) / sizeof(*bounds); k++) {
		for (n = 0; n < 3000; n += 1 + n / 2) {
			for (i = 0; i < n; i++)
				a[i] = b[i] = (uint32_t)(next() % bounds[k]);
			ad_radix_u32(a, tmp, n, bounds[k]);
			qsort(b, n, sizeof(*b), cmp32);
			for (i = 0; i < n; i++)
				assert_int_equal(a[i], b[i]);
		}
	}
	free(a);
	free(b);
	free(tmp);
}

static void test_sort__random_sizes(void **state)
{
	int round;

	(void)state;
	for (round = 0; round < 300; round++)
		check(next() % 700, (enum shape)(next() % NSHAPES));
}

static int by_rank(const void *x, const void *y)
{
	const ad_ranked *p = x, *q = y;

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	return (p->key > q->key) - (p->key < q->key);
}

/* The k best that ad_select_best() puts first are the first k of the
 * whole array sorted: scores drawn from a few values (many ties, broken
 * by key) and from many, at every k. */
static void test_sort__select_best_is_sorted_prefix(void **state)
{
	size_t n = 300, k, i, round;
	ad_ranked *r = malloc(n * sizeof(*r)), *want = malloc(n * sizeof(*r));

	(void)state;
	srand(11);
	for (round = 0; round < 2; round++)
		for (k = 1; k < n; k += 7) {
			for (i = 0; i < n; i++) {
				r[i].score = round ? (double)(rand() % 100000)
						   : (double)(rand() % 4) / 4;
				r[i].key = (uint64_t)(rand() % 1000);
				r[i].key = r[i].key * n + i; /* distinct */
			}
			memcpy(want, r, n * sizeof(*r));
			qsort(want, n, sizeof(*want), by_rank);
			ad_select_best(r, n, k);
			qsort(r, k, sizeof(*r), by_rank);
			assert_memory_equal(r, want, k * sizeof(*r));
		}
	free(r);
	free(want);
}

/* The k best scores ad_best_scores() keeps, keyed by index, are the
 * first k of all of them sorted: many ties (broken by index) and few, at
 * every k up to n. */
static void test_sort__best_scores_is_sorted_prefix(void **state)
{
	size_t n = 300, k, i, round;
	double *score = malloc(n * sizeof(*score));
	ad_ranked *got = malloc(n * sizeof(*got));
	ad_ranked *want = malloc(n * sizeof(*want));

	(void)state;
	srand(12);
	for (round = 0; round < 2; round++)
		for (k = 1; k <= n; k += 7) {
			for (i = 0; i < n; i++) {
				score[i] = round ? (double)(rand() % 100000)
						 : (double)(rand() % 4) / 4;
				want[i].score = score[i];
				want[i].key = i;
			}
			qsort(want, n, sizeof(*want), by_rank);
			ad_best_scores(got, score, n, k);
			qsort(got, k, sizeof(*got), by_rank);
			assert_memory_equal(got, want, k * sizeof(*got));
		}
	free(score);
	free(got);
	free(want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort__matches_qsort),
		cmocka_unit_test(test_sort__random_sizes),
		cmocka_unit_test(test_sort__radix_matches_qsort),
		cmocka_unit_test(test_sort__select_best_is_sorted_prefix),
		cmocka_unit_test(test_sort__best_scores_is_sorted_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
