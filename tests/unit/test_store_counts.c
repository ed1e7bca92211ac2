/*
 * test_store_counts.c - the cosine of raw term counts: equal and
 * proportional lists, disjoint and empty ones.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/store_counts.h"

static void test_store_counts__cosine(void **state)
{
	const ad_store_count a[] = {{1, 2}, {3, 1}}, b[] = {{1, 2}, {3, 1}},
			     c[] = {{2, 5}}, d[] = {{1, 4}, {3, 2}};

	(void)state;
	assert_true(fabs(ad_store_counts_cosine(a, 2, b, 2) - 1.0) < 1e-12);
	assert_true(fabs(ad_store_counts_cosine(a, 2, d, 2) - 1.0) < 1e-12);
	assert_true(ad_store_counts_cosine(a, 2, c, 1) == 0.0);
}

/* {1, 2} against {2, 3}, one each: one term of two in common. */
static void test_store_counts__cosine_partial(void **state)
{
	const ad_store_count a[] = {{1, 1}, {2, 1}}, b[] = {{2, 1}, {3, 1}};

	(void)state;
	assert_true(fabs(ad_store_counts_cosine(a, 2, b, 2) - 0.5) < 1e-12);
	assert_true(fabs(ad_store_counts_cosine(b, 2, a, 2) - 0.5) < 1e-12);
}

static void test_store_counts__cosine_empty(void **state)
{
	const ad_store_count a[] = {{1, 2}, {3, 1}};

	(void)state;
	assert_true(ad_store_counts_cosine(a, 2, NULL, 0) == 0.0);
	assert_true(ad_store_counts_cosine(NULL, 0, a, 2) == 0.0);
	assert_true(ad_store_counts_cosine(NULL, 0, NULL, 0) == 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_counts__cosine),
		cmocka_unit_test(test_store_counts__cosine_partial),
		cmocka_unit_test(test_store_counts__cosine_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
