/* Unit tests of tfidf.c: counting, idf, weights against a hand computation. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "agentdup/tfidf.h"

/*
 * Three documents over terms a=0, b=1, c=2:
 *   d0 = "a a b", d1 = "b c", d2 = "c".      N = 3, df = {a:1, b:2, c:2}
 *   idf(a) = ln(4/2) + 1 = 1.693147,  idf(b) = idf(c) = ln(4/3) + 1 = 1.287682
 *   d0: a -> (1 + ln 2) * 1.693147 = 2.866747,  b -> 1 * 1.287682
 *       norm = sqrt(2.866747^2 + 1.287682^2) = 3.142669
 *       a = 0.912202, b = 0.409742
 *   d1: b and c weigh the same, so each is 1/sqrt(2) = 0.707107
 *   d2: c = 1
 *   dot(d0, d1) = 0.409742 * 0.707107 = 0.289731; dot(d0, d2) = 0
 */
static const uint32_t d0[] = {0, 0, 1}, d1[] = {2, 1}, d2[] = {2};

static void build(ad_svec *v, ad_arena *arena)
{
	ad_counter c;

	ad_counter_init(&c, 3);
	ad_counter_add(&c, d0, 3);
	ad_counter_take(&v[0], &c, arena);
	ad_counter_add(&c, d1, 2);
	ad_counter_take(&v[1], &c, arena);
	ad_counter_add(&c, d2, 1);
	ad_counter_take(&v[2], &c, arena);
	ad_counter_dispose(&c);
}

static void test_tfidf__counts_sorted(void **state)
{
	ad_arena *arena = ad_arena_new();
	ad_svec v[3];

	(void)state;
	build(v, arena);
	assert_int_equal(v[0].n, 2);
	assert_int_equal(v[0].ids[0], 0);
	assert_int_equal(v[0].ids[1], 1);
	assert_true(v[0].w[0] == 2.0f && v[0].w[1] == 1.0f);
	assert_int_equal(v[1].n, 2);
	assert_int_equal(v[1].ids[0], 1); /* sorted although added as c, b */
	assert_int_equal(v[1].ids[1], 2);
	ad_arena_free(arena);
}

static void test_tfidf__weights_by_hand(void **state)
{
	ad_arena *arena = ad_arena_new();
	uint32_t df[3] = {0, 0, 0};
	double idf[3];
	ad_svec v[3];
	int i;

	(void)state;
	build(v, arena);
	ad_tfidf_df(df, v, 3);
	assert_int_equal(df[0], 1);
	assert_int_equal(df[1], 2);
	assert_int_equal(df[2], 2);
	ad_tfidf_idf(idf, df, 3, 3);
	assert_true(fabs(idf[0] - 1.693147) < 1e-6);
	assert_true(fabs(idf[1] - 1.287682) < 1e-6);
	for (i = 0; i < 3; i++)
		ad_tfidf_weigh(&v[i], idf);
	assert_true(fabs(v[0].w[0] - 0.912202) < 1e-6);
	assert_true(fabs(v[0].w[1] - 0.409742) < 1e-6);
	assert_true(fabs(v[1].w[0] - 0.707107) < 1e-6);
	assert_true(fabs(v[1].w[1] - 0.707107) < 1e-6);
	assert_true(fabs(v[2].w[0] - 1.0) < 1e-6);
	assert_true(fabs(ad_svec_dot(&v[0], &v[1]) - 0.289731) < 1e-6);
	assert_true(ad_svec_dot(&v[0], &v[2]) == 0.0);
	assert_true(fabs(ad_svec_dot(&v[1], &v[1]) - 1.0) < 1e-6);
	ad_arena_free(arena);
}

static void test_tfidf__empty_vector_stays_empty(void **state)
{
	ad_arena *arena = ad_arena_new();
	double idf[1] = {1.0};
	ad_counter c;
	ad_svec v;

	(void)state;
	ad_counter_init(&c, 1);
	ad_counter_take(&v, &c, arena);
	ad_tfidf_weigh(&v, idf);
	assert_int_equal(v.n, 0);
	assert_true(ad_svec_dot(&v, &v) == 0.0);
	ad_counter_dispose(&c);
	ad_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tfidf__counts_sorted),
		cmocka_unit_test(test_tfidf__weights_by_hand),
		cmocka_unit_test(test_tfidf__empty_vector_stays_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
