/* Unit tests of tfidf.c: counting, idf, weights against a hand computation. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "index/tfidf.h"

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

/* Bags of every length, over a vocabulary wide enough for several words
 * of the counter's summary: ids ascending, counts right, and the counter
 * clean for the next bag (the same bag taken twice gives the same vector). */
static void test_tfidf__bags_of_any_length(void **state)
{
	enum { NTERMS = 300000, MAXBAG = 400 };
	static uint32_t ids[2 * MAXBAG], want[NTERMS];
	ad_arena *arena = ad_arena_new();
	uint32_t seed = 12345, len, i, prev, total;
	ad_counter c;
	ad_svec v;
	int round;

	(void)state;
	ad_counter_init(&c, NTERMS);
	for (len = 0; len <= MAXBAG; len += 1 + len / 8) {
		for (i = 0; i < 2 * len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* every other id repeats an earlier one */
			ids[i] = (i % 2 && i > 1) ? ids[i / 3]
						  : (seed >> 8) % NTERMS;
			if (i == 0)
				ids[i] = NTERMS - 1;
		}
		for (round = 0; round < 2; round++) {
			ad_counter_add(&c, ids, 2 * len);
			ad_counter_take(&v, &c, arena);
			for (i = 0; i < 2 * len; i++)
				want[ids[i]]++;
			total = 0;
			for (i = 0; i < v.n; i++) {
				if (i > 0)
					assert_true(v.ids[i] > prev);
				prev = v.ids[i];
				assert_true(v.w[i] == (float)want[prev]);
				total += want[prev];
				want[prev] = 0;
			}
			assert_int_equal(total, 2 * len);
		}
	}
	ad_counter_dispose(&c);
	ad_arena_free(arena);
}

/* Every count, small or large, weighs 1 + ln(tf) as log() gives it. */
static void test_tfidf__sublinear_counts(void **state)
{
	static uint32_t ids[2] = {0, 1};
	double idf[2] = {1.0, 1.0}, w, norm;
	float wv[2];
	ad_svec v = {2, ids, wv};
	int tf;

	(void)state;
	for (tf = 1; tf < 200; tf++) {
		wv[0] = (float)tf;
		wv[1] = 1.0f;
		ad_tfidf_weigh(&v, idf);
		w = 1.0 + log((double)tf);
		norm = 1.0 / sqrt(w * w + 1.0);
		assert_true(wv[0] == (float)((float)w * norm));
		assert_true(wv[1] == (float)(1.0f * norm));
	}
}

/* x.y term by term: 1: 0.125, 2: 0.375, 4: 0.125, 8: 0.0625, 9: 1 (id 3
 * is only in y, id 6 only in x). Weights are exact in binary, so the two
 * 0.125 tie exactly. */
static void evidence_vectors(ad_svec *x, ad_svec *y)
{
	static uint32_t xi[] = {1, 2, 4, 6, 8, 9}, yi[] = {1, 2, 3, 4, 8, 9};
	static float xw[] = {0.5f, 0.75f, 0.25f, 1.0f, 0.25f, 1.0f},
		     yw[] = {0.25f, 0.5f, 1.0f, 0.5f, 0.25f, 1.0f};

	x->n = 6;
	x->ids = xi;
	x->w = xw;
	y->n = 6;
	y->ids = yi;
	y->w = yw;
}

static void expect_terms(const uint32_t *got, size_t n, const uint32_t *want,
			 size_t nwant)
{
	size_t i;

	assert_int_equal(n, nwant);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
}

static void test_tfidf__top_terms(void **state)
{
	static const uint32_t all[] = {9, 2, 1, 4, 8}, words[] = {2, 1, 4, 8};
	ad_svec x, y, none = {0, NULL, NULL};
	uint32_t t[6];

	(void)state;
	evidence_vectors(&x, &y);
	expect_terms(t, ad_svec_top_terms(t, 6, &x, &y, 100), all, 5);
	/* id 9 is not a word: left out, even as the largest */
	expect_terms(t, ad_svec_top_terms(t, 6, &x, &y, 9), words, 4);
	expect_terms(t, ad_svec_top_terms(t, 3, &x, &y, 9), words, 3);
	/* 1 and 4 tie: the lower id stays, the later one is left out */
	expect_terms(t, ad_svec_top_terms(t, 2, &x, &y, 9), words, 2);
	expect_terms(t, ad_svec_top_terms(t, 1, &x, &y, 100), all, 1);
	/* the same terms whichever vector comes first */
	expect_terms(t, ad_svec_top_terms(t, 6, &y, &x, 9), words, 4);
	assert_int_equal(ad_svec_top_terms(t, 0, &x, &y, 100), 0);
	assert_int_equal(ad_svec_top_terms(t, 3, &x, &y, 1), 0);
	assert_int_equal(ad_svec_top_terms(t, 3, &x, &none, 100), 0);
}

/* The dense row gives ad_svec_dot()'s values to the bit, and a member's
 * cosines summed over the others spread with it; it is zero again after. */
static void test_tfidf__dense_row(void **state)
{
	ad_arena *arena = ad_arena_new();
	uint32_t df[3] = {0, 0, 0};
	double idf[3], row[3] = {0.0, 0.0, 0.0};
	ad_svec v[3];
	int i, j;

	(void)state;
	build(v, arena);
	ad_tfidf_df(df, v, 3);
	ad_tfidf_idf(idf, df, 3, 3);
	for (i = 0; i < 3; i++)
		ad_tfidf_weigh(&v[i], idf);
	for (i = 0; i < 3; i++) {
		ad_svec_spread(row, &v[i]);
		for (j = 0; j < 3; j++)
			assert_true(ad_svec_dot_row(row, &v[j]) ==
				    ad_svec_dot(&v[i], &v[j]));
		ad_svec_unspread(row, &v[i]);
	}
	for (i = 0; i < 3; i++)
		ad_svec_spread(row, &v[i]);
	/* d0's cosines: 0.289731 with d1, 0 with d2 */
	assert_true(fabs(ad_svec_dot_others(row, &v[0]) - 0.289731) < 1e-6);
	/* d1's: 0.289731 with d0, 0.707107 with d2 */
	assert_true(fabs(ad_svec_dot_others(row, &v[1]) - 0.996838) < 1e-6);
	for (i = 0; i < 3; i++)
		ad_svec_unspread(row, &v[i]);
	for (i = 0; i < 3; i++)
		assert_true(row[i] == 0.0);
	ad_arena_free(arena);
}

/* Up to n ascending ids below limit, with steps of every kind: from 0,
 * within 15 bits, at the edge of it (a step of AD_CVEC_STEP_MAX itself
 * must be written in full), past it and past 16 bits; with a large
 * limit, also the largest id.
 * Returns how many. */
static uint32_t edge_ids(uint32_t *ids, uint32_t seed, uint32_t n,
			 uint32_t limit)
{
	static const uint32_t steps[] = {1, 2, 0x7FFEu, 0x7FFFu, 0x8000u,
					 0x12345u, 7, 0x7FFFFFFu};
	uint32_t id = seed % 3, k = 0;

	while (k < n && id < limit) {
		ids[k++] = id;
		seed = seed * 1103515245u + 12345u;
		id += steps[(seed >> 8) % 8];
	}
	if (limit == UINT32_MAX - 1 && seed % 2 && k < n)
		ids[k++] = UINT32_MAX - 1;
	return k;
}

/* v over the n ids, weights raw counts from 1 to 5. */
static void edge_vec(ad_svec *v, uint32_t *ids, float *w, uint32_t n)
{
	uint32_t k;

	for (k = 0; k < n; k++)
		w[k] = (float)(1 + (ids[k] / 3 + k) % 5);
	v->n = n;
	v->ids = ids;
	v->w = w;
}

#define EDGE_MAX 70
#define EDGE_IDF (1u << 21)

/* The weights of c, unpacked, are those of v to the bit, and its ids v's. */
static void same_vector(const ad_cvec *c, const ad_svec *v, const double *idf)
{
	static uint32_t ids[EDGE_MAX];
	static float w[EDGE_MAX];
	ad_svec u;

	ad_cvec_unpack(&u, c, idf, ids, w);
	assert_int_equal(u.n, v->n);
	if (v->n) {
		assert_memory_equal(u.ids, v->ids, v->n * sizeof(*v->ids));
		assert_memory_equal(u.w, v->w, v->n * sizeof(*v->w));
	}
	assert_int_equal(ad_cvec_end(c), v->n ? v->ids[v->n - 1] + 1 : 0);
}

static double *edge_idf(void)
{
	double *idf = malloc(EDGE_IDF * sizeof(*idf));
	uint32_t k;

	assert_non_null(idf);
	for (k = 0; k < EDGE_IDF; k++)
		idf[k] = 1.0 + 0.03 * (k % 97);
	return idf;
}

/* The ids of one side of the pair of vectors made from seed, below
 * limit: side 1 often has side 0's. */
static uint32_t pair_ids(uint32_t *ids, uint32_t seed, uint32_t side,
			 uint32_t limit)
{
	return edge_ids(ids, side && seed % 3 ? seed : seed + 1,
			seed % EDGE_MAX, limit);
}

/* ad_cvec_dot() of c[0] and c[1] (read with idf) is ad_svec_dot() of
 * v[0] and v[1], to the bit; returns it. */
static double same_dot(const ad_svec *v, const ad_cvec *c, const double *idf)
{
	double want = ad_svec_dot(&v[0], &v[1]);
	double got = ad_cvec_dot(&c[0], &c[1], idf);

	assert_memory_equal(&got, &want, sizeof(got));
	return want;
}

/* Packed vectors of floats give back their ids and weights, are weighed
 * as their ad_svec would be, and their dot product is ad_svec_dot()'s to
 * the bit. */
static void test_tfidf__packed_vectors(void **state)
{
	static uint32_t ids[2][EDGE_MAX];
	static float w[2][EDGE_MAX];
	ad_arena *arena = ad_arena_new();
	double *idf = edge_idf();
	uint32_t seed, side, n;

	(void)state;
	for (seed = 1; seed < 600; seed++) {
		ad_svec v[2];
		ad_cvec c[2];

		/* round trip, and dot products, over any ids */
		for (side = 0; side < 2; side++) {
			n = pair_ids(ids[side], seed, side, UINT32_MAX - 1);
			edge_vec(&v[side], ids[side], w[side], n);
			ad_cvec_pack(&c[side], &v[side], arena);
			assert_int_equal(c[side].counts, 0);
			same_vector(&c[side], &v[side], NULL);
		}
		same_dot(v, c, NULL);
		/* weights, over ids an idf can cover */
		for (side = 0; side < 2; side++) {
			n = edge_ids(ids[side], seed + side, seed % EDGE_MAX,
				     EDGE_IDF);
			edge_vec(&v[side], ids[side], w[side], n);
			ad_cvec_pack(&c[side], &v[side], arena);
			ad_tfidf_weigh(&v[side], idf);
			ad_cvec_weigh(&c[side], idf);
			same_vector(&c[side], &v[side], NULL);
		}
		same_dot(v, c, NULL);
	}
	free(idf);
	ad_arena_free(arena);
}

/* Counts of every size a byte or five hold: mostly small, some from the
 * table of sublinear counts' edge (63, 64), the byte's (254, 255, 256)
 * and past 16 bits. */
/* The bytes of v's counts a packed vector writes: those not 1, and
 * those of ids written in full, a byte each, 5 from 255 on. */
static uint32_t written_counts(const ad_svec *v)
{
	uint32_t k, prev = 0, bytes = 0;

	for (k = 0; k < v->n; prev = v->ids[k++])
		if (v->w[k] != 1.0f || v->ids[k] - prev >= AD_CVEC_STEP_MAX)
			bytes += v->w[k] < 255.0f ? 1 : 5;
	return bytes;
}

static void count_vec(ad_svec *v, uint32_t *ids, float *w, uint32_t n,
		      uint32_t seed)
{
	static const uint32_t big[] = {63, 64, 254, 255, 256, 70000};
	uint32_t k;

	for (k = 0; k < n; k++) {
		seed = seed * 1103515245u + 12345u;
		w[k] = (float)((seed >> 9) % 4 ? 1 + (seed >> 12) % 5
					       : big[(seed >> 12) % 6]);
	}
	v->n = n;
	v->ids = ids;
	v->w = w;
}

/* Packed vectors of counts give back their ids; once weighed, the
 * weights ad_tfidf_weigh() gives the same counts, to the bit, and so
 * ad_svec_dot()'s dot products, with each other and with vectors of
 * floats. */
static void test_tfidf__packed_counts(void **state)
{
	static uint32_t ids[2][EDGE_MAX];
	static float w[2][EDGE_MAX];
	ad_arena *arena = ad_arena_new();
	double *idf = edge_idf();
	uint32_t seed, side, n;

	(void)state;
	for (seed = 1; seed < 600; seed++) {
		ad_svec v[2];
		ad_cvec c[2], f;
		double want, got;

		for (side = 0; side < 2; side++) {
			n = pair_ids(ids[side], seed, side, EDGE_IDF);
			count_vec(&v[side], ids[side], w[side], n, seed + side);
			ad_cvec_pack_counts(&c[side], &v[side], arena);
			assert_int_equal(c[side].counts,
					 n ? 1 + written_counts(&v[side]) : 0);
			ad_tfidf_weigh(&v[side], idf);
			ad_cvec_weigh(&c[side], idf);
			same_vector(&c[side], &v[side], idf);
		}
		want = same_dot(v, c, idf);
		ad_cvec_pack(&f, &v[1], arena); /* the weights as floats */
		got = ad_cvec_dot(&c[0], &f, idf);
		assert_memory_equal(&got, &want, sizeof(got));
	}
	free(idf);
	ad_arena_free(arena);
}

/* Vectors weighed, then packed as the counts their weights come from
 * (ad_cvec_pack_weighed()), read back as the same weights to the bit,
 * counts past 2^24 (not all floats) among them; and a packed vector in
 * a dense row gives the sums its open one gives. */
static void test_tfidf__packed_from_weights(void **state)
{
	/* where the guess of a count from its weight can miss, and where
	 * neighbouring counts weigh the same */
	static const float huge[] = {999983.0f,   1234567.0f,  3000017.0f,
				     5000011.0f,  16777216.0f, 16777218.0f,
				     33554436.0f, 1e9f};
	static uint32_t ids[2][EDGE_MAX];
	static float w[2][EDGE_MAX];
	static uint32_t counts[EDGE_MAX];
	ad_arena *arena = ad_arena_new();
	double *idf = edge_idf();
	double *row = calloc(EDGE_IDF, sizeof(*row));
	uint32_t seed, side, n, k;

	(void)state;
	assert_non_null(row);
	for (seed = 1; seed < 600; seed++) {
		ad_svec v[2];
		ad_cvec c[2];
		double want, got, others, scale;

		for (side = 0; side < 2; side++) {
			n = pair_ids(ids[side], seed, side, EDGE_IDF);
			count_vec(&v[side], ids[side], w[side], n, seed + side);
			for (k = 0; seed % 7 == 0 && k < n; k += 5)
				w[side][k] = huge[(seed / 7 + k) % 8];
			scale = ad_tfidf_weigh(&v[side], idf);
			ad_cvec_pack_weighed(&c[side], &v[side], idf, scale,
					     counts, arena);
			same_vector(&c[side], &v[side], idf);
		}
		same_dot(v, c, idf);
		/* v[0] spread, its packed form read against the row */
		ad_svec_spread(row, &v[0]);
		want = ad_svec_dot_row(row, &v[1]);
		got = ad_cvec_dot_row(row, &c[1], idf);
		assert_memory_equal(&got, &want, sizeof(got));
		others = ad_svec_dot_others(row, &v[0]);
		got = ad_cvec_dot_others(row, &c[0], idf);
		assert_memory_equal(&got, &others, sizeof(got));
		/* cleared by the packed form, spread by it: the same row */
		ad_cvec_unspread(row, &c[0]);
		for (k = 0; k < v[0].n; k++)
			assert_true(row[v[0].ids[k]] == 0.0);
		ad_cvec_spread(row, &c[0], idf);
		got = ad_svec_dot_row(row, &v[1]);
		assert_memory_equal(&got, &want, sizeof(got));
		ad_svec_unspread(row, &v[0]);
	}
	free(row);
	free(idf);
	ad_arena_free(arena);
}

/* The bound of a row of weights: one past the highest id of any vector,
 * the empty ones (no ids at all) left out; 0 for none. */
static void test_tfidf__bound_of_vectors(void **state)
{
	uint32_t a[] = {2, 9}, b[] = {4, 40};
	float w[] = {1.0f, 1.0f};
	ad_svec v[3] = {{2, a, w}, {0, NULL, NULL}, {2, b, w}};

	(void)state;
	assert_int_equal(ad_svecs_bound(v, 3), 41);
	assert_int_equal(ad_svecs_bound(v, 2), 10);
	assert_int_equal(ad_svecs_bound(v + 1, 1), 0);
	assert_int_equal(ad_svecs_bound(v, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tfidf__counts_sorted),
		cmocka_unit_test(test_tfidf__bound_of_vectors),
		cmocka_unit_test(test_tfidf__weights_by_hand),
		cmocka_unit_test(test_tfidf__empty_vector_stays_empty),
		cmocka_unit_test(test_tfidf__bags_of_any_length),
		cmocka_unit_test(test_tfidf__sublinear_counts),
		cmocka_unit_test(test_tfidf__top_terms),
		cmocka_unit_test(test_tfidf__dense_row),
		cmocka_unit_test(test_tfidf__packed_vectors),
		cmocka_unit_test(test_tfidf__packed_counts),
		cmocka_unit_test(test_tfidf__packed_from_weights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
