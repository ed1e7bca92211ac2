/* Unit tests of simjoin.c: the indexed join against a brute-force loop. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "index/best.h"
#include "index/simjoin.h"
#include "index/sumjoin.h"

#include "fixture.h"

/* Zipf-like term choice, so that some terms are in most vectors (the
 * case the prefix bounds exist for) and most are rare. */
static uint32_t pick_term(uint32_t nterms)
{
	return (uint32_t)(pow(fx_unit(), 3.0) * nterms);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static void normalise(ad_svec *v)
{
	double norm = 0.0;
	uint32_t k;

	for (k = 0; k < v->n; k++)
		norm += (double)v->w[k] * v->w[k];
	for (k = 0; k < v->n; k++)
		v->w[k] = (float)(v->w[k] / sqrt(norm));
}

/* Sorted distinct ids with random weights. */
static void fill_random(ad_svec *v, ad_arena *arena, uint32_t *ids,
			uint32_t n)
{
	uint32_t k;

	qsort(ids, n, sizeof(*ids), cmp_u32);
	v->ids = ad_arena_alloc(arena, n * sizeof(*v->ids));
	v->w = ad_arena_alloc(arena, n * sizeof(*v->w));
	v->n = 0;
	for (k = 0; k < n; k++) {
		if (v->n && v->ids[v->n - 1] == ids[k])
			continue;
		v->ids[v->n] = ids[k];
		v->w[v->n++] = (float)(0.1 + fx_unit());
	}
}

/* A near-copy of prev: most terms kept with weights jittered, one or two
 * rare terms added or dropped. */
static void fill_copy(ad_svec *v, ad_arena *arena, const ad_svec *prev,
		      uint32_t nterms)
{
	uint32_t k, extra = pick_term(nterms);

	v->ids = ad_arena_alloc(arena, (prev->n + 1) * sizeof(*v->ids));
	v->w = ad_arena_alloc(arena, (prev->n + 1) * sizeof(*v->w));
	v->n = 0;
	for (k = 0; k < prev->n; k++) {
		if (extra < prev->ids[k] && extra != UINT32_MAX) {
			v->ids[v->n] = extra;
			v->w[v->n++] = (float)(0.05 * fx_unit() + 0.01);
			extra = UINT32_MAX;
		}
		if (extra == prev->ids[k])
			extra = UINT32_MAX;
		if (fx_rng() % 12 == 0)
			continue;
		v->ids[v->n] = prev->ids[k];
		v->w[v->n++] = (float)(prev->w[k] * (0.8 + 0.4 * fx_unit()));
	}
}

/* prev's features, each weight scaled by 0.8 to 1.2. */
static void fill_copy_weights(ad_svec *v, ad_arena *arena, const ad_svec *prev)
{
	uint32_t k;

	v->ids = ad_arena_alloc(arena, prev->n * sizeof(*v->ids));
	v->w = ad_arena_alloc(arena, prev->n * sizeof(*v->w));
	v->n = prev->n;
	for (k = 0; k < prev->n; k++) {
		v->ids[k] = prev->ids[k];
		v->w[k] = (float)(prev->w[k] * (0.8 + 0.4 * fx_unit()));
	}
}

/* Terms of a random vector: min_terms and up to span_terms more (long
 * vectors get wider signatures); a test that sets them puts the
 * defaults back with terms_per_vector(MIN_TERMS, SPAN_TERMS). */
#define MIN_TERMS 3
#define SPAN_TERMS 40
static uint32_t min_terms = MIN_TERMS, span_terms = SPAN_TERMS;

static void terms_per_vector(uint32_t min, uint32_t span)
{
	min_terms = min;
	span_terms = span;
}
/* When set, vector i also holds rare term nterms + i / 2 with most of
 * its weight: a pair's score then lies mostly in its rarest common term,
 * where the probe meets it, and the rest decides whether it reaches t. */
static int heavy_rare;
static uint32_t nvec;

/* A long vector sharing a random part of prev's terms, the rest new: its
 * cosine with prev spreads over the whole range, so the bounds are tried
 * near every threshold. */
static void fill_mix(ad_svec *v, ad_arena *arena, const ad_svec *prev,
		     uint32_t nterms)
{
	uint32_t ids[512], n = 0, k, keep = (uint32_t)(fx_rng() % 100);

	for (k = 0; k < prev->n && n < 400; k++)
		if (fx_rng() % 100 < keep)
			ids[n++] = prev->ids[k];
	while (n < min_terms)
		ids[n++] = pick_term(nterms);
	fill_random(v, arena, ids, n);
}

/* One of the five vectors before v[i], at random; NULL for the first. */
static const ad_svec *earlier(const ad_svec *v, size_t i)
{
	return i ? &v[i - 1 - fx_rng() % (i < 5 ? i : 5)] : NULL;
}

/* A random unit vector; a third are near-copies of an earlier one (or,
 * when long, share part of its terms). */
static void make_vector(ad_svec *v, ad_arena *arena, const ad_svec *prev,
			uint32_t nterms)
{
	uint32_t ids[512], n = 0;
	uint32_t m = min_terms + (uint32_t)(fx_rng() % span_terms);

	if (prev && prev->n > 2 && min_terms > 100 && fx_rng() % 2 == 0) {
		fill_mix(v, arena, prev, nterms);
	} else if (prev && prev->n > 2 && fx_rng() % 3 == 0) {
		fill_copy(v, arena, prev, nterms);
	} else {
		while (n < m)
			ids[n++] = pick_term(nterms);
		if (heavy_rare)
			ids[n++] = nterms + nvec++ / 2;
		fill_random(v, arena, ids, n);
		if (heavy_rare)
			v->w[v->n - 1] = (float)(0.5 * sqrt(v->n));
	}
	normalise(v);
}

static void brute(ad_pair **out, size_t *n, const ad_svec *v, size_t nv,
		  double t, const uint32_t *group)
{
	size_t i, j, cap = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < nv; i++)
		for (j = i + 1; j < nv; j++) {
			double s = ad_svec_dot(&v[i], &v[j]);
			if (s < t || (group && group[i] == group[j]))
				continue;
			ad_grow(out, &cap, *n + 1, sizeof(**out));
			(*out)[*n].a = (uint32_t)i;
			(*out)[*n].b = (uint32_t)j;
			(*out)[(*n)++].score = s;
		}
}

/* What ad_simjoin_stream() hands over, per worker: pairs as (a, b),
 * a < b, score unset. */
typedef struct streamed {
	ad_pair *pairs[8];
	size_t n[8], cap[8];
} streamed;

static void take_pairs(void *payload, int worker, uint32_t x,
		       const uint32_t *ys, size_t n)
{
	streamed *s = payload;
	size_t k;

	assert_true(worker >= 0 && worker < 8);
	assert_true(n > 0);
	for (k = 0; k < n; k++) {
		ad_pair *p;

		ad_grow(&s->pairs[worker], &s->cap[worker], s->n[worker] + 1,
			sizeof(*p));
		p = &s->pairs[worker][s->n[worker]++];
		assert_int_not_equal(x, ys[k]);
		p->a = x < ys[k] ? x : ys[k];
		p->b = x < ys[k] ? ys[k] : x;
		p->score = 0.0;
	}
}

static int by_ab(const void *x, const void *y)
{
	const ad_pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/* The streamed join of v, or in place of own (v's copy) when own is not
 * NULL: the pairs of want (sorted by (a, b)), each once, and the counts
 * of the join that returns them (st). */
static void check_stream_once(const ad_svec *v, ad_svec *own, size_t nv,
			      const ad_simjoin_opts *o, const ad_pair *want,
			      size_t nwant, const ad_simjoin_stats *st)
{
	streamed s;
	ad_simjoin_stats got;
	ad_pair *all;
	size_t n = 0, i;
	int w, nw = ad_simjoin_workers(nv, o), rc;

	memset(&s, 0, sizeof(s));
	assert_true(nw >= 1 && nw <= 8);
	rc = own ? ad_simjoin_stream_in_place(own, nv, o, take_pairs, &s, &got,
					      NULL)
		 : ad_simjoin_stream(v, nv, o, take_pairs, &s, &got, NULL);
	assert_int_equal(rc, 0);
	for (w = 0; w < 8; w++)
		n += s.n[w];
	assert_int_equal(n, nwant);
	all = malloc((n + 1) * sizeof(*all));
	for (n = 0, w = 0; w < 8; w++) {
		if (s.n[w])
			memcpy(all + n, s.pairs[w], s.n[w] * sizeof(*all));
		n += s.n[w];
		free(s.pairs[w]);
	}
	qsort(all, n, sizeof(*all), by_ab);
	for (i = 0; i < n; i++) {
		assert_int_equal(all[i].a, want[i].a);
		assert_int_equal(all[i].b, want[i].b);
	}
	assert_int_equal(got.indexed, st->indexed);
	assert_int_equal(got.scanned, st->scanned);
	assert_int_equal(got.candidates, st->candidates);
	assert_int_equal(got.verified, st->verified);
	assert_int_equal(got.pairs, st->pairs);
	free(all);
}

/* Copies of v[0..nv) in arena, each with arrays of its own. */
static ad_svec *copies_of(ad_arena *arena, const ad_svec *v, size_t nv)
{
	ad_svec *c = ad_arena_alloc(arena, (nv + 1) * sizeof(*c));
	size_t i;

	for (i = 0; i < nv; i++) {
		c[i].n = v[i].n;
		c[i].ids = ad_arena_alloc(arena, (v[i].n + 1) * sizeof(uint32_t));
		c[i].w = ad_arena_alloc(arena, (v[i].n + 1) * sizeof(float));
		memcpy(c[i].ids, v[i].ids, v[i].n * sizeof(uint32_t));
		memcpy(c[i].w, v[i].w, v[i].n * sizeof(float));
	}
	return c;
}

/* c[0..nv) holds what v does, to the bit. */
static void same_vectors(const ad_svec *c, const ad_svec *v, size_t nv)
{
	size_t i;

	for (i = 0; i < nv; i++) {
		assert_int_equal(c[i].n, v[i].n);
		if (!v[i].n)
			continue;
		assert_memory_equal(c[i].ids, v[i].ids,
				    v[i].n * sizeof(uint32_t));
		assert_memory_equal(c[i].w, v[i].w, v[i].n * sizeof(float));
	}
}

/* The streamed join of v, and the same in place on a copy of it, which
 * it gives back as it was. */
static void check_stream(const ad_svec *v, size_t nv,
			 const ad_simjoin_opts *o, const ad_pair *want,
			 size_t nwant, const ad_simjoin_stats *st)
{
	ad_arena *arena = ad_arena_new();
	ad_svec *c = copies_of(arena, v, nv);

	check_stream_once(v, NULL, nv, o, want, nwant, st);
	check_stream_once(v, c, nv, o, want, nwant, st);
	same_vectors(c, v, nv);
	ad_arena_free(arena);
}

/* got[0..ngot) is want[0..nwant): the same pairs in the same order,
 * each with the same score to the bit. */
static void same_pairs(const ad_pair *got, size_t ngot, const ad_pair *want,
		       size_t nwant)
{
	size_t i;

	assert_int_equal(ngot, nwant);
	for (i = 0; i < nwant; i++) {
		assert_int_equal(got[i].a, want[i].a);
		assert_int_equal(got[i].b, want[i].b);
		assert_true(got[i].score == want[i].score); /* same bits */
	}
}

static uint64_t total_features(const ad_svec *v, size_t nv)
{
	uint64_t total = 0;
	size_t i;

	for (i = 0; i < nv; i++)
		total += v[i].n;
	return total;
}

/* The join run in place on copies of v[0..nv): the pairs want, and every
 * vector given back as it was, to the bit. */
static void check_in_place(const ad_svec *v, size_t nv,
			   const ad_simjoin_opts *o, const ad_pair *want,
			   size_t nwant)
{
	ad_arena *arena = ad_arena_new();
	ad_svec *c = copies_of(arena, v, nv);
	ad_pair *got;
	size_t ngot;

	assert_int_equal(ad_simjoin_run_in_place(&got, &ngot, c, nv, o, NULL,
						 NULL), 0);
	same_pairs(got, ngot, want, nwant);
	same_vectors(c, v, nv);
	free(got);
	ad_arena_free(arena);
}

static void check_against_brute(size_t nv, uint32_t nterms, double t,
				int grouped, uint64_t seed, int jobs)
{
	ad_arena *arena = ad_arena_new();
	ad_svec *v = ad_arena_alloc(arena, nv * sizeof(*v));
	uint32_t *group = ad_arena_alloc(arena, nv * sizeof(*group));
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_pair *got, *want;
	size_t i, ngot, nwant;

	fx_seed(seed);
	for (i = 0; i < nv; i++) {
		make_vector(&v[i], arena, earlier(v, i), nterms);
		group[i] = (uint32_t)(i / 4);
	}
	o.threshold = t;
	o.group = grouped ? group : NULL;
	o.jobs = jobs;
	o.method = AD_SIMJOIN_PREFIX;
	assert_int_equal(ad_simjoin_run(&got, &ngot, v, nv, &o, &st, NULL), 0);
	brute(&want, &nwant, v, nv, t, o.group);
	assert_true(nwant > 0); /* the case must exercise something */
	same_pairs(got, ngot, want, nwant);
	assert_int_equal(st.pairs, nwant);
	check_stream(v, nv, &o, want, nwant, &st);
	print_message("%zu vectors, t=%.1f: %zu pairs, %llu verified\n", nv, t,
		      nwant, (unsigned long long)st.verified);
	assert_true(st.verified >= st.pairs);
	free(got);
	check_in_place(v, nv, &o, want, nwant);
	/* summing finds the same pairs, in the same order, to the bit */
	o.method = AD_SIMJOIN_SUM;
	assert_int_equal(ad_simjoin_run(&got, &ngot, v, nv, &o, &st, NULL), 0);
	same_pairs(got, ngot, want, nwant);
	assert_int_equal(st.pairs, nwant);
	assert_int_equal(st.indexed, total_features(v, nv));
	free(got);
	free(want);
	ad_arena_free(arena);
}

static void test_simjoin__matches_brute_force(void **state)
{
	static const double thresholds[] = {0.3, 0.5, 0.7, 0.9};
	size_t k;

	(void)state;
	for (k = 0; k < 4; k++) {
		check_against_brute(600, 2000, thresholds[k], 0, 42 + k, 1);
		check_against_brute(400, 300, thresholds[k], 0, 7 + k, 1);
		/* several workers share the probes: the same pairs and bits */
		check_against_brute(600, 2000, thresholds[k], 0, 42 + k, 3);
		/* and the index, in slices of unequal length (201, 201, 199)
		 * whose postings must keep vector order within each list */
		check_against_brute(601, 2000, thresholds[k], 0, 52 + k, 3);
	}
}

/* Each vector's prefix is bounded with the maxima of all vectors after
 * it, whichever slice and worker took them: the index is as large, and
 * the pairs the same, with one worker or several, slices even or not. */
static void test_simjoin__index_whatever_the_workers(void **state)
{
	ad_arena *arena = ad_arena_new();
	ad_svec *v = ad_arena_alloc(arena, 701 * sizeof(*v));
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats one, st;
	ad_pair *want, *got;
	size_t i, nwant, ngot;
	int jobs;

	(void)state;
	fx_seed(99);
	for (i = 0; i < 701; i++)
		make_vector(&v[i], arena, earlier(v, i), 2000);
	o.threshold = 0.5;
	o.method = AD_SIMJOIN_PREFIX;
	o.jobs = 1;
	assert_int_equal(ad_simjoin_run(&want, &nwant, v, 701, &o, &one, NULL),
			 0);
	assert_true(nwant > 0 && one.indexed > 0);
	for (jobs = 2; jobs <= 5; jobs++) {
		o.jobs = jobs;
		assert_int_equal(
			ad_simjoin_run(&got, &ngot, v, 701, &o, &st, NULL), 0);
		assert_int_equal(st.indexed, one.indexed);
		same_pairs(got, ngot, want, nwant);
		free(got);
	}
	free(want);
	ad_arena_free(arena);
}

/* What a join told its progress callback. */
typedef struct progress_told {
	size_t count, last, total;
	int backwards; /* a count below the one before */
} progress_told;

static void note_progress(size_t done, size_t total, void *payload)
{
	progress_told *t = payload;

	t->backwards |= t->count && done < t->last;
	t->count++;
	t->last = done;
	t->total = total;
}

/* The probes, or the sums, tell how many vectors they have taken up,
 * about every 1% and at least every chunk of them, never backwards,
 * ending with all of them, whether or not worker 0 took the last; the
 * pairs are those found untold. */
static void test_simjoin__tells_its_progress(void **state)
{
	ad_arena *arena = ad_arena_new();
	ad_svec *v = ad_arena_alloc(arena, 701 * sizeof(*v));
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_pair *want, *got;
	size_t i, nwant, ngot;
	int jobs;

	(void)state;
	fx_seed(7);
	for (i = 0; i < 701; i++)
		make_vector(&v[i], arena, earlier(v, i), 2000);
	o.threshold = 0.5;
	o.method = AD_SIMJOIN_PREFIX;
	assert_int_equal(ad_simjoin_run(&want, &nwant, v, 701, &o, NULL, NULL),
			 0);
	for (jobs = 1; jobs <= 4; jobs++) {
		progress_told t = {0};

		o.jobs = jobs;
		/* by prefix on one worker and on three, by sums on two and
		 * on four */
		o.method = jobs % 2 ? AD_SIMJOIN_PREFIX : AD_SIMJOIN_SUM;
		o.progress = note_progress;
		o.progress_payload = &t;
		assert_int_equal(
			ad_simjoin_run(&got, &ngot, v, 701, &o, NULL, NULL), 0);
		same_pairs(got, ngot, want, nwant);
		free(got);
		assert_true(t.count >= (jobs == 1 ? 10 : 1));
		assert_true(t.count <= 102);
		assert_false(t.backwards);
		assert_int_equal(t.total, 701);
		assert_int_equal(t.last, 701);
		o.progress = NULL;
	}
	free(want);
	ad_arena_free(arena);
}

/*
 * The threshold at the score of a pair the join finds, and one ulp
 * above: the sum a probe keeps and ad_svec_dot() may round apart there,
 * and the streamed join must let the pair through, or not, as
 * ad_svec_dot() says (check_stream(), against the brute force).
 */
static void test_simjoin__stream_decides_at_the_threshold(void **state)
{
	ad_arena *arena = ad_arena_new();
	ad_svec *v = ad_arena_alloc(arena, 500 * sizeof(*v));
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_pair *pairs, *want, *got;
	size_t i, n, nwant, ngot, k;

	(void)state;
	o.method = AD_SIMJOIN_PREFIX; /* the stream's counts are its own */
	fx_seed(99);
	for (i = 0; i < 500; i++)
		make_vector(&v[i], arena, earlier(v, i), 400);
	o.threshold = 0.5;
	assert_int_equal(ad_simjoin_run(&pairs, &n, v, 500, &o, &st, NULL), 0);
	assert_true(n > 20);
	for (k = 0; k < 20; k++) {
		double at = pairs[(k * 7919) % n].score;

		o.threshold = k % 2 ? nextafter(at, 2.0) : at;
		if (o.threshold > 1.0)
			continue;
		brute(&want, &nwant, v, 500, o.threshold, NULL);
		assert_true(k % 2 || nwant > 0);
		assert_int_equal(ad_simjoin_run(&got, &ngot, v, 500, &o, &st,
						NULL), 0);
		assert_int_equal(ngot, nwant);
		check_stream(v, 500, &o, want, nwant, &st);
		free(got);
		free(want);
	}
	free(pairs);
	ad_arena_free(arena);
}

/* Vectors of 150 to 400 terms: signatures of 256 buckets, and the bound
 * of x's signature below the rank probed, must lose no pair. */
static void test_simjoin__long_vectors_match_brute_force(void **state)
{
	static const double thresholds[] = {0.5, 0.7, 0.9};
	size_t k;

	(void)state;
	terms_per_vector(150, 250);
	for (k = 0; k < 3; k++) {
		check_against_brute(300, 3000, thresholds[k], 0, 11 + k, 1);
		check_against_brute(300, 800, thresholds[k], 1, 21 + k, 2);
	}
	heavy_rare = 1;
	for (k = 0; k < 3; k++) {
		nvec = 0;
		check_against_brute(400, 1500, 0.3 + 0.05 * k, 0, 31 + k, 2);
	}
	heavy_rare = 0;
	terms_per_vector(MIN_TERMS, SPAN_TERMS);
}

/* x's weights spread over a dense row, against y: the same bits as
 * ad_svec_dot(), either way round, with signed weights, zeros and -0. */
static void test_simjoin__row_dot_matches_merge(void **state)
{
	static const float odd[] = {0.0f, -0.0f, 1e-30f, -1e-30f, 3.0f};
	ad_arena *arena = ad_arena_new();
	double *row = calloc(64, sizeof(*row));
	ad_svec v[2];
	uint32_t ids[40], n, k, s, r;

	(void)state;
	fx_seed(77);
	for (r = 0; r < 20000; r++) {
		for (s = 0; s < 2; s++) {
			for (n = (uint32_t)(fx_rng() % 40), k = 0; k < n; k++)
				ids[k] = (uint32_t)(fx_rng() % 64);
			fill_random(&v[s], arena, ids, n);
			for (k = 0; k < v[s].n; k++)
				v[s].w[k] = fx_rng() % 4 == 0
						    ? odd[fx_rng() % 5]
						    : (float)(fx_unit() - 0.5);
		}
		for (s = 0; s < 2; s++) {
			double want = ad_svec_dot(&v[s], &v[1 - s]), got;

			ad_svec_spread(row, &v[s]);
			got = ad_svec_dot_row(row, &v[1 - s]);
			ad_svec_unspread(row, &v[s]);
			assert_memory_equal(&got, &want, sizeof(got));
		}
	}
	for (k = 0; k < 64; k++)
		assert_true(row[k] == 0.0);
	free(row);
	ad_arena_free(arena);
}

/* Few terms over a small vocabulary: posting lists of hundreds in one
 * block, read a chunk at a time (CHUNK in simjoin.c, 256), the probe's
 * own vector falling in a later chunk than the first. */
static void test_simjoin__long_lists_match_brute_force(void **state)
{
	static const double thresholds[] = {0.8, 0.95};
	size_t k;

	(void)state;
	terms_per_vector(2, 3);
	for (k = 0; k < 2; k++) {
		check_against_brute(2500, 8, thresholds[k], 0, 61 + k, 1);
		check_against_brute(2500, 8, thresholds[k], 1, 71 + k, 2);
	}
	terms_per_vector(MIN_TERMS, SPAN_TERMS);
}

/* A low threshold, where nearly every pair sharing a feature is kept
 * and summing is the join's way. */
static void test_simjoin__low_threshold_matches_brute(void **state)
{
	(void)state;
	check_against_brute(600, 2000, 0.05, 0, 61, 1);
	check_against_brute(601, 2000, 0.05, 1, 62, 3);
}

/* The joins of a scan measured for sumjoin.c: summing at 0.05 and 0.3
 * (25 and 15 products a feature), not at 0.85 or 0.9 with 368 and 42,
 * nor at 0.5 with 346. */
static void test_simjoin__sums_where_it_pays(void **state)
{
	(void)state;
	assert_true(ad_sumjoin_pays(25 * 118152ull, 118152, 0.05));
	assert_true(ad_sumjoin_pays(151 * 151170ull, 151170, 0.05));
	assert_true(ad_sumjoin_pays(15 * 44883ull, 44883, 0.3));
	assert_false(ad_sumjoin_pays(368 * 1291264ull, 1291264, 0.85));
	assert_false(ad_sumjoin_pays(42 * 76644ull, 76644, 0.9));
	assert_false(ad_sumjoin_pays(346 * 617724ull, 617724, 0.5));
	assert_int_equal(ad_sumjoin_products((const uint32_t[]){0, 1, 2, 5},
					     4),
			 0 + 0 + 1 + 10);
}

/* The join's counts at t with method m. */
static ad_simjoin_stats counts(const ad_svec *v, size_t n, double t, int m)
{
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_pair *pairs;
	size_t npairs;

	o.threshold = t;
	o.method = m;
	assert_int_equal(ad_simjoin_run(&pairs, &npairs, v, n, &o, &st, NULL),
			 0);
	assert_int_equal(st.pairs, npairs);
	free(pairs);
	return st;
}

/* Left to choose, the join sums at a low threshold and filters by
 * prefix at a high one, on vectors whose frequent features make many
 * products: the counts are those of the way taken. */
static void test_simjoin__auto_takes_the_cheaper_way(void **state)
{
	ad_arena *arena = ad_arena_new();
	size_t i, n = 1500;
	ad_svec *v = ad_arena_alloc(arena, n * sizeof(*v));
	ad_simjoin_stats a, want;

	(void)state;
	fx_seed(23);
	for (i = 0; i < n; i++)
		make_vector(&v[i], arena, earlier(v, i), 3000);
	a = counts(v, n, 0.05, AD_SIMJOIN_AUTO);
	want = counts(v, n, 0.05, AD_SIMJOIN_SUM);
	assert_int_equal(a.indexed, total_features(v, n));
	assert_true(a.summed);
	assert_int_equal(a.scanned, want.scanned);
	assert_int_equal(a.candidates, want.candidates);
	/* which the counts of prefix filtering would not be */
	assert_true(counts(v, n, 0.05, AD_SIMJOIN_PREFIX).scanned !=
		    want.scanned);
	a = counts(v, n, 0.9, AD_SIMJOIN_AUTO);
	want = counts(v, n, 0.9, AD_SIMJOIN_PREFIX);
	assert_true(a.indexed < total_features(v, n));
	assert_false(a.summed);
	assert_int_equal(a.indexed, want.indexed);
	assert_int_equal(a.scanned, want.scanned);
	assert_int_equal(a.candidates, want.candidates);
	ad_arena_free(arena);
}

static void test_simjoin__groups_never_pair(void **state)
{
	(void)state;
	check_against_brute(500, 1000, 0.4, 1, 99, 2);
}

static void test_simjoin__prunes_candidates(void **state)
{
	ad_arena *arena = ad_arena_new();
	size_t i, n = 2000, npairs;
	ad_svec *v = ad_arena_alloc(arena, n * sizeof(*v));
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_pair *pairs;

	(void)state;
	o.method = AD_SIMJOIN_PREFIX; /* its bounds are tested here */
	fx_seed(5);
	for (i = 0; i < n; i++)
		make_vector(&v[i], arena, i ? &v[i - 1] : NULL, 5000);
	o.threshold = 0.8;
	assert_int_equal(ad_simjoin_run(&pairs, &npairs, v, n, &o, &st, NULL), 0);
	/* the index must verify far fewer pairs than the n^2/2 of a loop */
	assert_true(st.verified < (uint64_t)n * (n - 1) / 2 / 10);
	free(pairs);
	ad_arena_free(arena);
}

/* Vector 2k: four of 64 common features, heavy, and a rare one; 2k + 1
 * the same with other weights. */
static void fill_common(ad_svec *v, ad_arena *arena, size_t i)
{
	uint32_t ids[5], k;

	if (i % 2 == 0) {
		for (k = 0; k < 4; k++)
			ids[k] = (uint32_t)(fx_rng() % 64);
		ids[4] = 1000 + (uint32_t)i / 2;
		fill_random(v, arena, ids, 5);
	} else {
		fill_copy_weights(v, arena, v - 1);
	}
	normalise(v);
}

/* Vectors that share a feature, but whose weight lies mostly in features
 * the other lacks, pass the bounds of the postings (each probe meets most
 * vectors through the common features); the signatures drop them before
 * any dot product is summed. */
static void test_simjoin__signatures_drop_disjoint_vectors(void **state)
{
	ad_arena *arena = ad_arena_new();
	size_t i, n = 600, npairs;
	ad_svec *v = ad_arena_alloc(arena, n * sizeof(*v));
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_pair *pairs, *want;
	size_t nwant;

	(void)state;
	o.method = AD_SIMJOIN_PREFIX; /* its bounds are tested here */
	fx_seed(11);
	for (i = 0; i < n; i++)
		fill_common(&v[i], arena, i);
	o.threshold = 0.6;
	assert_int_equal(ad_simjoin_run(&pairs, &npairs, v, n, &o, &st, NULL), 0);
	brute(&want, &nwant, v, n, o.threshold, NULL);
	same_pairs(pairs, npairs, want, nwant);
	print_message("%llu scanned, %llu candidates, %zu pairs\n",
		      (unsigned long long)st.scanned,
		      (unsigned long long)st.candidates, npairs);
	assert_true(npairs >= n / 2);
	assert_true(st.scanned > 20 * npairs);
	assert_true(st.candidates < 2 * npairs);
	free(pairs);
	free(want);
	ad_arena_free(arena);
}

/* Vector i < nlight: a frequent feature 0, a common one 1 and a unique
 * rare one; then heavy vectors, mostly feature 1, each with a rare
 * feature of its own that ranks them last. */
static void fill_norms(ad_svec *v, ad_arena *arena, size_t i, size_t nlight)
{
	static const float light[3] = {0.5f, 0.55f, 0.67f};
	static const float heavy[3] = {0.3f, 0.9f, 0.316f};
	uint32_t k;

	v->n = 3;
	v->ids = ad_arena_alloc(arena, 3 * sizeof(*v->ids));
	v->w = ad_arena_alloc(arena, 3 * sizeof(*v->w));
	v->ids[0] = 0;
	v->ids[1] = 1;
	v->ids[2] = 2 + (uint32_t)i;
	for (k = 0; k < 3; k++)
		v->w[k] = i < nlight ? light[k] : heavy[k];
	normalise(v);
}

/* Two light vectors share features 0 and 1 (0.55 of cosine, below t);
 * up to feature 1 each has norm 0.74, so one light vector probing the
 * other's posting there is bounded by 0.74 * 0.74 and passes that
 * block over, while a heavy vector (norm 0.95 there) must scan it and
 * finds every light vector (0.645). */
static void test_simjoin__norm_blocks_skip_postings(void **state)
{
	ad_arena *arena = ad_arena_new();
	size_t i, nlight = 400, n = 420, npairs, nwant;
	ad_svec *v = ad_arena_alloc(arena, n * sizeof(*v));
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_pair *pairs, *want;

	(void)state;
	o.method = AD_SIMJOIN_PREFIX; /* its bounds are tested here */
	for (i = 0; i < n; i++)
		fill_norms(&v[i], arena, i, nlight);
	o.threshold = 0.6;
	assert_int_equal(ad_simjoin_run(&pairs, &npairs, v, n, &o, &st, NULL), 0);
	brute(&want, &nwant, v, n, o.threshold, NULL);
	same_pairs(pairs, npairs, want, nwant);
	print_message("%llu scanned, %zu pairs\n",
		      (unsigned long long)st.scanned, npairs);
	assert_int_equal(npairs, (n - nlight) * nlight +
				 (n - nlight) * (n - nlight - 1) / 2);
	/* without the blocks, light vectors alone would scan 80,000 */
	assert_true(st.scanned < 2 * (n - nlight) * n);
	free(pairs);
	free(want);
	ad_arena_free(arena);
}

static void test_simjoin__rejects_bad_threshold(void **state)
{
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_pair *pairs;
	size_t n;

	(void)state;
	o.threshold = 1.5;
	assert_int_equal(ad_simjoin_run(&pairs, &n, NULL, 0, &o, NULL, &err),
			 AD_EINVAL);
	assert_int_equal(err.code, AD_EINVAL);
	o.threshold = 0.0;
	assert_int_equal(ad_simjoin_run(&pairs, &n, NULL, 0, &o, NULL, &err),
			 AD_EINVAL);
}

static void test_simjoin__identical_vectors_score_one(void **state)
{
	uint32_t ids[] = {1, 5, 9};
	float w[] = {0.6f, 0.0f, 0.8f};
	ad_svec v[3] = {{3, ids, w}, {3, ids, w}, {3, ids, w}};
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_pair *pairs;
	size_t n;

	(void)state;
	o.threshold = 0.99;
	assert_int_equal(ad_simjoin_run(&pairs, &n, v, 3, &o, NULL, NULL), 0);
	assert_int_equal(n, 3);
	assert_int_equal(pairs[0].a, 0);
	assert_int_equal(pairs[0].b, 1);
	assert_int_equal(pairs[2].a, 1);
	assert_int_equal(pairs[2].b, 2);
	assert_true(fabs(pairs[1].score - 1.0) < 1e-6);
	free(pairs);
}

/* A vector is indexed only against the weights of the vectors that probe
 * it: vectors with no feature in common put nothing in the index, and
 * a pair sharing one feature indexes it in one of them only. */
static void test_simjoin__indexes_against_later_vectors(void **state)
{
	uint32_t ids[4][2] = {{1, 2}, {3, 4}, {5, 6}, {2, 7}};
	float w[2] = {0.6f, 0.8f};
	ad_svec v[4];
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_pair *pairs;
	size_t n, i;

	(void)state;
	o.method = AD_SIMJOIN_PREFIX; /* its bounds are tested here */
	for (i = 0; i < 4; i++) {
		v[i].n = 2;
		v[i].ids = ids[i];
		v[i].w = w;
	}
	assert_int_equal(ad_simjoin_run(&pairs, &n, v, 3, &o, &st, NULL), 0);
	assert_int_equal(n, 0);
	assert_int_equal(st.indexed, 0);
	free(pairs);
	assert_int_equal(ad_simjoin_run(&pairs, &n, v, 4, &o, &st, NULL), 0);
	assert_int_equal(n, 0); /* 0.6 * 0.8 = 0.48, below 0.5 */
	assert_true(st.indexed <= 1);
	free(pairs);
}

/* The pairs each vector ranks among its best (best.h), found here by
 * sorting each vector's pairs: by ad_pairs_keep_best() of all the pairs,
 * given in any order, and by ad_simjoin_best() either way, on one thread
 * or two, cutting down what each holds every 16 pairs or never. The
 * vectors share many terms, so that most pairs reach the threshold and
 * a vector ranks many more than its best; one in five is the one before
 * it again, so that many scores tie and the order of pairs decides. */
static const ad_pair *ranked_pairs;

static int by_rank(const void *x, const void *y)
{
	const ad_pair *p = &ranked_pairs[*(const size_t *)x];
	const ad_pair *q = &ranked_pairs[*(const size_t *)y];

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

static void test_simjoin__best_of_each_vector(void **state)
{
	enum { NV = 400, BEST = 4 };
	static const int methods[] = {AD_SIMJOIN_PREFIX, AD_SIMJOIN_SUM};
	ad_arena *arena = ad_arena_new();
	ad_svec v[NV];
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_pair *all, *want, *got;
	size_t nall, nwant, ngot, i, k, m, *rows;
	uint8_t *kept;

	(void)state;
	fx_seed(91);
	terms_per_vector(4, 12);
	for (i = 0; i < NV; i++)
		if (i % 5 == 4) /* the same as the one before: scores tie */
			v[i] = v[i - 1];
		else
			make_vector(&v[i], arena, earlier(v, i), 30);
	terms_per_vector(MIN_TERMS, SPAN_TERMS);
	brute(&all, &nall, v, NV, 0.05, NULL);
	assert_true(nall > 20 * NV); /* far more than each keeps */
	kept = calloc(nall + 1, 1);
	rows = malloc((nall + 1) * sizeof(*rows));
	ranked_pairs = all;
	for (i = 0; i < NV; i++) {
		for (k = 0, m = 0; k < nall; k++)
			if (all[k].a == i || all[k].b == i)
				rows[m++] = k;
		qsort(rows, m, sizeof(*rows), by_rank);
		for (k = 0; k < m && k < BEST; k++)
			kept[rows[k]] = 1;
	}
	want = malloc((nall + 1) * sizeof(*want));
	for (k = 0, nwant = 0; k < nall; k++)
		if (kept[k])
			want[nwant++] = all[k];
	assert_true(nwant < nall / 4);
	/* all the pairs, last first */
	got = malloc((nall + 1) * sizeof(*got));
	for (k = 0; k < nall; k++)
		got[k] = all[nall - 1 - k];
	ngot = nall;
	ad_pairs_keep_best(got, &ngot, NV, BEST);
	same_pairs(got, ngot, want, nwant);
	free(got);
	o.threshold = 0.05;
	for (m = 0; m < 2; m++)
		for (k = 0; k < 4; k++) {
			o.method = methods[m];
			o.jobs = 1 + (int)(k % 2);
			assert_int_equal(ad_simjoin_best(&got, &ngot, v, NV, &o,
							 BEST, k < 2 ? 16 : 0,
							 NULL, NULL),
					 0);
			same_pairs(got, ngot, want, nwant);
			free(got);
		}
	free(all);
	free(want);
	free(kept);
	free(rows);
	ad_arena_free(arena);
}

/* Vector v of n terms ids[], weights w[] (unit length once normalised),
 * in arena. */
static void set_vector(ad_svec *v, ad_arena *arena, const uint32_t *ids,
		       const float *w, uint32_t n)
{
	v->n = n;
	v->ids = ad_arena_alloc(arena, n * sizeof(*v->ids));
	v->w = ad_arena_alloc(arena, n * sizeof(*v->w));
	memcpy(v->ids, ids, n * sizeof(*ids));
	memcpy(v->w, w, n * sizeof(*w));
	normalise(v);
}

/*
 * In place, the streamed join's arrays hold the features in its own
 * order (most frequent first), yet a pair within rounding of the
 * threshold is decided on ad_svec_dot()'s sum, its products in the
 * order of the features' ids. Two vectors share features 0 to 7, each
 * more frequent than the one before (the other vectors hold k of them),
 * with weights whose products sum to another double backwards; the
 * threshold is that sum, then the next double above it (check_stream(),
 * against the brute force).
 */
static void test_simjoin__stream_in_place_sums_by_id(void **state)
{
	enum { NS = 8, NV = 2 + NS - 1 };
	ad_arena *arena = ad_arena_new();
	ad_svec v[NV];
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	ad_pair *want, *got;
	uint32_t xi[NS + 1], yi[NS + 1], fi[NS + 1];
	float xw[NS + 1], yw[NS + 1], fw[NS + 1];
	double by_id = 0.0, backwards = 0.0;
	size_t nwant, ngot;
	int tries, k, f;

	(void)state;
	for (k = 0; k <= NS; k++) {
		xi[k] = yi[k] = (uint32_t)k;
		fw[k] = 1.0f;
	}
	xi[NS] = 100;
	yi[NS] = 101;
	fx_seed(7);
	for (tries = 0; tries < 1000 && by_id == backwards; tries++) {
		for (k = 0; k <= NS; k++) {
			xw[k] = (float)(0.01 + fx_unit());
			yw[k] = (float)(0.01 + fx_unit());
		}
		set_vector(&v[0], arena, xi, xw, NS + 1);
		set_vector(&v[1], arena, yi, yw, NS + 1);
		by_id = backwards = 0.0;
		for (k = 0; k < NS; k++)
			by_id += (double)v[0].w[k] * v[1].w[k];
		for (k = NS; k-- > 0;)
			backwards += (double)v[0].w[k] * v[1].w[k];
	}
	assert_true(by_id != backwards);
	assert_true(by_id == ad_svec_dot(&v[0], &v[1]));
	/* vector 2 + j - 1 holds features NS - j to NS - 1, and one of
	 * its own: feature k is in k of them */
	for (k = 1; k < NS; k++) {
		int n = 0;

		for (f = NS - k; f < NS; f++)
			fi[n++] = (uint32_t)f;
		fi[n++] = 200 + (uint32_t)k;
		set_vector(&v[1 + k], arena, fi, fw, (uint32_t)n);
	}
	o.method = AD_SIMJOIN_PREFIX;
	o.jobs = 1;
	for (k = 0; k < 2; k++) {
		o.threshold = k ? nextafter(by_id, 2.0) : by_id;
		brute(&want, &nwant, v, NV, o.threshold, NULL);
		assert_int_equal(ad_simjoin_run(&got, &ngot, v, NV, &o, &st,
						NULL), 0);
		check_stream(v, NV, &o, want, nwant, &st);
		free(got);
		free(want);
	}
	ad_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simjoin__matches_brute_force),
		cmocka_unit_test(test_simjoin__index_whatever_the_workers),
		cmocka_unit_test(test_simjoin__tells_its_progress),
		cmocka_unit_test(test_simjoin__long_vectors_match_brute_force),
		cmocka_unit_test(test_simjoin__stream_decides_at_the_threshold),
		cmocka_unit_test(test_simjoin__stream_in_place_sums_by_id),
		cmocka_unit_test(test_simjoin__row_dot_matches_merge),
		cmocka_unit_test(test_simjoin__long_lists_match_brute_force),
		cmocka_unit_test(test_simjoin__groups_never_pair),
		cmocka_unit_test(test_simjoin__low_threshold_matches_brute),
		cmocka_unit_test(test_simjoin__sums_where_it_pays),
		cmocka_unit_test(test_simjoin__auto_takes_the_cheaper_way),
		cmocka_unit_test(test_simjoin__prunes_candidates),
		cmocka_unit_test(test_simjoin__signatures_drop_disjoint_vectors),
		cmocka_unit_test(test_simjoin__norm_blocks_skip_postings),
		cmocka_unit_test(test_simjoin__rejects_bad_threshold),
		cmocka_unit_test(test_simjoin__identical_vectors_score_one),
		cmocka_unit_test(test_simjoin__indexes_against_later_vectors),
		cmocka_unit_test(test_simjoin__best_of_each_vector),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
