/* Unit tests of rulegraph.c: the neighbours of every wording against a
 * brute-force loop over all pairs (dot product at the threshold, words
 * that agree), with facet words spread so that the join runs on views
 * of several facet sets, and with none. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/rulegraph.h"
#include "base/arena.h"
#include "base/sort.h"
#include "index/rulewords.h"

#include "fixture.h"

#define NVECS 1200
#define NTERMS 400
/* terms [0, NFACETS) are facet words, the next NGENERIC generic ones */
#define NFACETS 6
#define NGENERIC 10

/* A term of a rule's vocabulary: few terms are common, most rare. */
static uint32_t pick_word(void)
{
	return NFACETS + (uint32_t)(pow(fx_unit(), 2.0) * (NTERMS - NFACETS));
}

/* One of the facet words. */
static uint32_t pick_facet(void)
{
	return (uint32_t)(fx_rng() % NFACETS);
}

/* Sorted distinct ids with weights, normalised, into arena. */
static void make_vec(ad_svec *v, ad_arena *arena, uint32_t *ids, size_t n)
{
	double norm = 0.0;
	uint32_t k;

	n = ad_sort_unique_u32(ids, n);
	v->ids = ad_arena_alloc(arena, n * sizeof(*v->ids));
	v->w = ad_arena_alloc(arena, n * sizeof(*v->w));
	v->n = (uint32_t)n;
	for (k = 0; k < v->n; k++) {
		v->ids[k] = ids[k];
		v->w[k] = (float)(0.2 + fx_unit());
		norm += (double)v->w[k] * v->w[k];
	}
	for (k = 0; k < v->n; k++)
		v->w[k] = (float)(v->w[k] / sqrt(norm));
}

/* Rules of three to eight words, every third a near-copy of the one
 * before (so that many pairs reach the threshold); with facets, most
 * have none and the others one or two of NFACETS. */
static void make_rules(ad_svec *vecs, ad_arena *arena, int facets)
{
	uint32_t ids[16];
	size_t i, n, k;

	for (i = 0; i < NVECS; i++) {
		if (i % 3 == 2) {
			const ad_svec *prev = &vecs[i - 1];

			for (n = 0; n < prev->n; n++)
				ids[n] = prev->ids[n];
			if (fx_unit() < 0.5)
				ids[n++] = pick_word();
			else if (n > 3 && ids[n - 1] >= NFACETS)
				n--;
		} else {
			n = 3 + (size_t)(fx_rng() % 6);
			for (k = 0; k < n; k++)
				ids[k] = pick_word();
			if (facets && fx_unit() < 0.4) {
				ids[n++] = pick_facet();
				if (fx_unit() < 0.3)
					ids[n++] = pick_facet();
			}
		}
		make_vec(&vecs[i], arena, ids, n);
	}
}

static void make_kind(uint8_t *kind)
{
	uint32_t t;

	for (t = 0; t < NTERMS; t++)
		kind[t] = t < NFACETS ? AD_WORD_FACET
			  : t < NFACETS + NGENERIC ? AD_WORD_GENERIC
						   : 0;
}

/* Every wording's row is the brute-force list of its neighbours;
 * returns the pairs, each counted once. */
static size_t check_rows(const ad_rule_graph *g, const ad_svec *vecs,
			 double t, const uint8_t *kind)
{
	uint32_t *row = malloc(NVECS * sizeof(*row));
	uint32_t *want = malloc(NVECS * sizeof(*want));
	size_t x, y, n, m, pairs = 0;

	for (x = 0; x < NVECS; x++) {
		for (m = 0, y = 0; y < NVECS; y++)
			if (y != x && ad_svec_dot(&vecs[x], &vecs[y]) >= t &&
			    ad_rule_words_agree(&vecs[x], &vecs[y], kind))
				want[m++] = (uint32_t)y;
		n = ad_rule_graph_row(row, g, (uint32_t)x);
		ad_sort_u32(row, n);
		assert_int_equal(n, m);
		assert_int_equal(g->deg[x], m);
		assert_memory_equal(row, want, m * sizeof(*row));
		pairs += m;
	}
	free(want);
	free(row);
	return pairs / 2;
}

/* Whether a and b name the same facet words. */
static int same_facets(const ad_svec *a, const ad_svec *b)
{
	uint32_t i = 0, j = 0;

	for (;;) {
		int fa = i < a->n && a->ids[i] < NFACETS;
		int fb = j < b->n && b->ids[j] < NFACETS;

		if (!fa || !fb)
			return fa == fb;
		if (a->ids[i++] != b->ids[j++])
			return 0;
	}
}

/* The pairs at threshold t whose facets are the same, words aside: those
 * the join itself meets. */
static uint64_t pairs_within_sets(const ad_svec *vecs, double t)
{
	uint64_t n = 0;
	size_t x, y;

	for (x = 0; x < NVECS; x++)
		for (y = x + 1; y < NVECS; y++)
			n += ad_svec_dot(&vecs[x], &vecs[y]) >= t &&
			     same_facets(&vecs[x], &vecs[y]);
	return n;
}

/* The graph of the rules at threshold t against brute force; returns
 * its pairs. */
static size_t graph_matches(int facets, double t, int jobs)
{
	ad_svec *vecs = malloc(NVECS * sizeof(*vecs));
	ad_arena *arena = ad_arena_new();
	uint8_t kind[NTERMS];
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_rule_graph g;
	size_t pairs;

	fx_seed(0x9e3779b97f4a7c15ULL + (uint64_t)facets);
	make_kind(kind);
	make_rules(vecs, arena, facets);
	jo.threshold = t;
	jo.jobs = jobs;
	assert_int_equal(ad_rule_graph_join(&g, vecs, NVECS, &jo, kind, &st,
					    NULL),
			 0);
	ad_rule_graph_finish(&g);
	pairs = check_rows(&g, vecs, t, kind);
	assert_int_equal(st.pairs, pairs_within_sets(vecs, t));
	ad_rule_graph_dispose(&g);
	ad_arena_free(arena);
	free(vecs);
	return pairs;
}

static void test_rulegraph__rows_match_brute_force(void **state)
{
	(void)state;
	assert_true(graph_matches(0, 0.6, 1) > 100);
	assert_true(graph_matches(0, 0.8, 2) > 100);
}

/* With facet sets the join runs on views in which each set has ids of
 * its own: the same rows, and the join meets no pair across two sets
 * (its count of pairs at the threshold leaves them out). */
static void test_rulegraph__facet_sets_apart_match_brute_force(void **state)
{
	(void)state;
	assert_true(graph_matches(1, 0.6, 1) > 100);
	assert_true(graph_matches(1, 0.6, 2) > 100);
	assert_true(graph_matches(1, 0.9, 2) > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rulegraph__rows_match_brute_force),
		cmocka_unit_test(
			test_rulegraph__facet_sets_apart_match_brute_force),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
