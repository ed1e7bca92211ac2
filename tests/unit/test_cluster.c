/* Unit tests of cluster.c: components, medoids, and that the clusters do
 * not depend on how many threads find the medoids. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/cluster.h"
#include "base/arena.h"

#define TERMS 64

/* Unit vector i of n: a few terms shared by its component (of seven
 * items), one or two of its own, weights from a small generator. */
static void make_vectors(ad_cvec *c, size_t n, ad_arena *arena)
{
	uint32_t ids[8], seed = 7;
	float w[8];
	size_t i, k;

	for (i = 0; i < n; i++) {
		ad_svec v;
		double sq = 0.0;
		uint32_t len = 0, base = (uint32_t)(i / 7 % 8) * 6;

		for (k = 0; k < 5; k++)
			ids[len++] = base + (uint32_t)k;
		ids[len++] = 48 + (uint32_t)(i % 16);
		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			w[k] = 1.0f + (float)((seed >> 16) % 100) / 25.0f;
			sq += (double)w[k] * w[k];
		}
		for (k = 0; k < len; k++)
			w[k] = (float)(w[k] / sqrt(sq));
		v.n = len;
		v.ids = ids;
		v.w = w;
		ad_cvec_pack(&c[i], &v, arena);
	}
}

static void same_clustering(const ad_clustering *a, const ad_clustering *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		const ad_cluster *x = &a->clusters[i], *y = &b->clusters[i];

		assert_int_equal(x->n, y->n);
		assert_int_equal(x->canonical, y->canonical);
		assert_memory_equal(x->members, y->members,
				    x->n * sizeof(*x->members));
		assert_memory_equal(x->scores, y->scores,
				    x->n * sizeof(*x->scores));
	}
}

/* 7,000 items in chains of seven (every seventh item alone): 1,000
 * clusters of six (enough for threads to share), each canonical first
 * with a score of 1, the others by their cosine to it, descending; the
 * same with 1 to 4 threads. */
static void test_cluster__medoids_whatever_the_threads(void **state)
{
	enum { N = 7000 };
	ad_arena *arena = ad_arena_new();
	ad_cvec *c = ad_arena_alloc(arena, N * sizeof(*c));
	ad_pair *pairs = calloc(N, sizeof(*pairs));
	ad_cvecs vecs;
	ad_clustering one, more;
	size_t i, np = 0;
	uint32_t k;
	int jobs;

	(void)state;
	make_vectors(c, N, arena);
	vecs.v = c;
	vecs.idf = NULL;
	vecs.bound = TERMS;
	for (i = 0; i + 1 < N; i++)
		if (i % 7 < 5) { /* items 7m .. 7m + 5 chained, 7m + 6 alone */
			pairs[np].a = (uint32_t)i;
			pairs[np].b = (uint32_t)i + 1;
			pairs[np++].score = 0.9;
		}
	ad_cluster_build(&one, pairs, np, vecs, N, NULL, 1);
	assert_int_equal(one.n, 1000);
	for (i = 0; i < one.n; i++) {
		const ad_cluster *cl = &one.clusters[i];

		assert_int_equal(cl->n, 6);
		assert_int_equal(cl->members[0], cl->canonical);
		assert_true(cl->scores[0] == 1.0);
		for (k = 1; k < cl->n; k++)
			assert_true(cl->scores[k] <= cl->scores[k - 1]);
	}
	for (jobs = 2; jobs <= 4; jobs++) {
		ad_cluster_build(&more, pairs, np, vecs, N, NULL, jobs);
		same_clustering(&one, &more);
		ad_clustering_dispose(&more);
	}
	ad_clustering_dispose(&one);
	free(pairs);
	ad_arena_free(arena);
}

/* A star: the centre is nearest all the others, and so the medoid. */
static void test_cluster__medoid_of_a_star(void **state)
{
	static uint32_t ids[4][2] = {{0, 1}, {0, 2}, {0, 3}, {0, 4}};
	static float centre_w[2] = {0.9f, 0.43588989f};
	static float leaf_w[2] = {0.6f, 0.8f};
	ad_arena *arena = ad_arena_new();
	ad_cvec c[4];
	ad_pair pairs[3] = {{0, 1, 0.9}, {0, 2, 0.9}, {0, 3, 0.9}};
	ad_cvecs vecs = {c, NULL, 8};
	ad_clustering cl;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		ad_svec v = {2, ids[i], i == 0 ? centre_w : leaf_w};

		ad_cvec_pack(&c[i], &v, arena);
	}
	ad_cluster_build(&cl, pairs, 3, vecs, 4, NULL, 2);
	assert_int_equal(cl.n, 1);
	assert_int_equal(cl.clusters[0].canonical, 0);
	assert_int_equal(cl.clusters[0].members[0], 0);
	ad_clustering_dispose(&cl);
	ad_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cluster__medoids_whatever_the_threads),
		cmocka_unit_test(test_cluster__medoid_of_a_star),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
