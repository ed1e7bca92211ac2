/*
 * Star groups of inventory.c against a brute-force reading of their
 * definition (inventory.h) on random collections: every pair of forms
 * compared, neighbours sorted by qsort, groups kept as dense member
 * lists, every pair across two groups tested again (no memory of the
 * failed tests). Weights are drawn from a few values over a small
 * vocabulary, so that many pairs share one cosine and many wordings one
 * vector: the order of ties decides groups, and it must be the one the
 * header states (closest first, then the lower form). Last, the sort of
 * pairs closest first against qsort.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "analysis/inventory.h"
#include "index/rulewords.h"

#include "fixture.h"

#define NONE UINT32_MAX
#define VOCAB 24

typedef struct world {
	size_t nforms, nrules, njoined;
	ad_svec *form_vec;  /* per form */
	uint32_t *form_of;  /* per rule */
	uint32_t *doc_of;   /* per rule */
	uint8_t kind[VOCAB];
	double threshold;
} world;

/* A random world of n forms, each carried by one to three agents. */
static void make_world(world *w, size_t n, unsigned seed)
{
	char spec[256];
	size_t f, r = 0;
	uint32_t doc = 0, t, k;

	srand(seed);
	memset(w, 0, sizeof(*w));
	w->nforms = n;
	w->form_vec = calloc(n, sizeof(*w->form_vec));
	w->form_of = calloc(3 * n, sizeof(*w->form_of));
	w->doc_of = calloc(3 * n, sizeof(*w->doc_of));
	for (t = 0; t < VOCAB; t++)
		w->kind[t] = (uint8_t)(t < 2 ? AD_WORD_GENERIC
					     : t == 2 ? AD_WORD_FACET : 0);
	for (f = 0; f < n; f++) {
		uint32_t topic = (uint32_t)(rand() % 6) * 3 + 3;
		size_t len = 0;

		spec[0] = '\0';
		for (t = 0; t < VOCAB; t++) {
			int near = t >= topic && t < topic + 4;

			if (rand() % (near ? 4 : 16) < (near ? 3 : 1))
				len += (size_t)snprintf(spec + len,
							sizeof(spec) - len,
							"%s%u:%d", len ? " " : "",
							t, 1 + rand() % 2);
		}
		if (len == 0)
			snprintf(spec, sizeof(spec), "%u:1", (unsigned)(f % VOCAB));
		w->form_vec[f] = fx_vec(spec);
	}
	/* agents one after another, each with a few forms in rule order */
	while (r < 3 * n) {
		for (k = 0; k < 4 && r < 3 * n; k++, r++) {
			w->form_of[r] = (uint32_t)(r < n ? r : (size_t)rand() % n);
			w->doc_of[r] = doc;
		}
		doc++;
	}
	w->nrules = r;
	w->threshold = 0.3 + 0.1 * (seed % 5);
}

static void free_world(world *w)
{
	free(w->form_vec);
	free(w->form_of);
	free(w->doc_of);
}

/* The brute-force stars: per form its joined node or NONE, the dense
 * neighbour matrix (score, or -1), and each node's group centre. */
typedef struct brute {
	uint32_t *rep, *agents, *node, *form;
	size_t n;
	double *score; /* n * n */
	uint32_t *label, *rank;
	double cohesion;
	const world *w;
} brute;

static double *score_at(const brute *b, uint32_t x, uint32_t y)
{
	return &b->score[(size_t)x * b->n + y];
}

static int is_nbr(const brute *b, uint32_t x, uint32_t y)
{
	return *score_at(b, x, y) >= 0;
}

static double vec_dot(const brute *b, uint32_t x, uint32_t y)
{
	return ad_svec_dot(&b->w->form_vec[b->form[x]],
			   &b->w->form_vec[b->form[y]]);
}

static void brute_forms(brute *b, const world *w)
{
	uint32_t *last = calloc(w->nforms, sizeof(*last));
	size_t r, k;

	b->w = w;
	b->rep = calloc(w->nforms, sizeof(*b->rep));
	b->agents = calloc(w->nforms, sizeof(*b->agents));
	b->node = calloc(w->nforms, sizeof(*b->node));
	b->form = calloc(w->nforms, sizeof(*b->form));
	for (k = 0; k < w->nforms; k++)
		last[k] = b->rep[k] = NONE;
	for (r = 0; r < w->nrules; r++) {
		uint32_t g = w->form_of[r];

		if (b->rep[g] == NONE)
			b->rep[g] = (uint32_t)r;
		if (last[g] != w->doc_of[r]) {
			last[g] = w->doc_of[r];
			b->agents[g]++;
		}
	}
	for (k = 0, b->n = 0; k < w->nforms; k++) {
		b->node[k] = NONE;
		if (w->form_vec[k].n >= AD_RULE_MIN_TERMS) {
			b->node[k] = (uint32_t)b->n;
			b->form[b->n++] = (uint32_t)k;
		}
	}
	free(last);
}

static void brute_graph(brute *b)
{
	uint32_t x, y;

	b->score = malloc(b->n * b->n * sizeof(*b->score));
	for (x = 0; x < b->n; x++)
		for (y = 0; y < b->n; y++) {
			const ad_svec *u = &b->w->form_vec[b->form[x]];
			const ad_svec *v = &b->w->form_vec[b->form[y]];
			double s = ad_svec_dot(x < y ? u : v, x < y ? v : u);

			*score_at(b, x, y) = -1;
			if (x != y && s >= b->w->threshold &&
			    ad_rule_words_agree(u, v, b->w->kind))
				*score_at(b, x, y) = s;
		}
}

/* Whether x is within cohesion of every member of c's group. */
static int brute_fits(const brute *b, uint32_t x, uint32_t c)
{
	uint32_t m;

	for (m = 0; m < b->n; m++)
		if (b->label[m] == c && m != x && !is_nbr(b, x, m) &&
		    vec_dot(b, x, m) < b->cohesion)
			return 0;
	return 1;
}

typedef struct cand {
	double key;   /* reach, or the float score */
	double score; /* the exact score, for pairs */
	uint32_t x, y;
} cand;

static int by_key(const void *p, const void *q)
{
	const cand *a = p, *c = q;

	if (a->key != c->key)
		return a->key > c->key ? -1 : 1;
	if (a->x != c->x)
		return a->x < c->x ? -1 : 1;
	return (a->y > c->y) - (a->y < c->y);
}

/* c's free (or placed) neighbours, closest first by the float score. */
static size_t brute_nbrs(const brute *b, uint32_t c, int want_free, cand *e)
{
	uint32_t y;
	size_t n = 0;

	for (y = 0; y < b->n; y++)
		if (is_nbr(b, c, y) && (b->label[y] == NONE) == want_free) {
			e[n].key = (float)*score_at(b, c, y);
			e[n].x = y;
			e[n++].y = 0;
		}
	qsort(e, n, sizeof(*e), by_key);
	return n;
}

static void brute_place(brute *b, uint32_t c, cand *e)
{
	size_t n = brute_nbrs(b, c, 1, e), k;

	if (n == 0 && (n = brute_nbrs(b, c, 0, e)) > 0) {
		for (k = 0; k < n; k++)
			if (brute_fits(b, c, b->label[e[k].x])) {
				b->label[c] = b->label[e[k].x];
				return;
			}
		n = 0;
	}
	b->label[c] = c;
	for (k = 0; k < n; k++)
		if (brute_fits(b, e[k].x, c))
			b->label[e[k].x] = c;
}

/* Tests of the brute force on a pair across two groups as the stars
 * left them, after an earlier pair across the same two, once one of
 * them has grown: tests that inventory.c does not make (after the first
 * pair across two groups no other can change them), and that no memory
 * of failed tests would skip. Counted so that a test can show its
 * worlds have them. */
static size_t late_tests;

/* Whether pair k of e spans two groups, as the stars left them (first:
 * their labels then), that an earlier pair spans. */
static int spanned_before(const cand *e, size_t k, const uint32_t *first)
{
	size_t i;

	for (i = 0; i < k; i++)
		if ((first[e[i].x] == first[e[k].x] &&
		     first[e[i].y] == first[e[k].y]) ||
		    (first[e[i].x] == first[e[k].y] &&
		     first[e[i].y] == first[e[k].x]))
			return 1;
	return 0;
}

static void brute_merge(brute *b, cand *e)
{
	uint32_t x, y, m;
	uint32_t *first = malloc((b->n + 1) * sizeof(*first));
	size_t n = 0, k;

	for (x = 0; x < b->n; x++)
		for (y = x + 1; y < b->n; y++)
			if (is_nbr(b, x, y) && b->label[x] != b->label[y]) {
				e[n].key = e[n].score = *score_at(b, x, y);
				e[n].x = x;
				e[n++].y = y;
			}
	qsort(e, n, sizeof(*e), by_key);
	memcpy(first, b->label, b->n * sizeof(*first));
	for (k = 0; k < n; k++) {
		uint32_t ca = b->label[e[k].x], cb = b->label[e[k].y], keep;
		int ok = ca != cb;

		if (ok && (ca != first[e[k].x] || cb != first[e[k].y]) &&
		    spanned_before(e, k, first))
			late_tests++;
		for (m = 0; ok && m < b->n; m++)
			if (b->label[m] == ca && !brute_fits(b, m, cb))
				ok = 0;
		if (!ok)
			continue;
		keep = b->rank[ca] < b->rank[cb] ? ca : cb;
		for (m = 0; m < b->n; m++)
			if (b->label[m] == ca || b->label[m] == cb)
				b->label[m] = keep;
	}
	free(first);
}

/* Per rule: the first rule of its group's centre form. */
static void brute_stars(uint32_t *centre_rule, const world *w)
{
	brute b;
	cand *e;
	uint32_t x, y;
	size_t r;

	memset(&b, 0, sizeof(b));
	brute_forms(&b, w);
	brute_graph(&b);
	b.cohesion = w->threshold * AD_RULE_COHESION;
	b.label = malloc((b.n + 1) * sizeof(*b.label));
	b.rank = malloc((b.n + 1) * sizeof(*b.rank));
	e = calloc(b.n * b.n + 1, sizeof(*e));
	for (x = 0; x < b.n; x++) {
		e[x].key = b.agents[b.form[x]];
		for (y = 0; y < b.n; y++)
			if (is_nbr(&b, x, y))
				e[x].key += b.agents[b.form[y]];
		e[x].x = x;
		e[x].y = 0;
		b.label[x] = NONE;
	}
	qsort(e, b.n, sizeof(*e), by_key);
	for (x = 0; x < b.n; x++)
		b.rank[e[x].x] = x;
	for (x = 0; x < b.n; x++)
		if (b.label[e[x].x] == NONE)
			brute_place(&b, e[x].x, e + b.n);
	brute_merge(&b, e);
	for (r = 0; r < w->nrules; r++) {
		uint32_t nd = b.node[w->form_of[r]];

		centre_rule[r] = nd == NONE ? b.rep[w->form_of[r]]
					    : b.rep[b.form[b.label[nd]]];
	}
	free(e);
	free(b.label);
	free(b.rank);
	free(b.score);
	free(b.rep);
	free(b.agents);
	free(b.node);
	free(b.form);
}

static void check_world(size_t nforms, unsigned seed)
{
	world w;
	ad_inventory_input in;
	ad_inventory inv;
	ad_error err = AD_ERROR_INIT;
	uint32_t *want;
	size_t r;

	make_world(&w, nforms, seed);
	memset(&in, 0, sizeof(in));
	in.form_vecs = w.form_vec;
	in.form_of = w.form_of;
	in.doc_of = w.doc_of;
	in.nrules = w.nrules;
	in.nforms = w.nforms;
	in.threshold = w.threshold;
	in.house_limit = 1000;
	in.word_kind = w.kind;
	in.jobs = 2;
	assert_int_equal(ad_inventory_build(&inv, &in, &err), 0);
	want = malloc(w.nrules * sizeof(*want));
	brute_stars(want, &w);
	for (r = 0; r < w.nrules; r++)
		assert_int_equal(inv.groups[inv.group_of[r]].center, want[r]);
	free(want);
	ad_inventory_dispose(&inv);
	free_world(&w);
}

/* The worlds hold pairs that the brute force tests after an earlier
 * pair across the same two groups, once the groups have changed: the
 * pairs inventory.c passes over (it reads the first pair across each two
 * groups only), so the equality below covers that shortcut. */
static void test_inventory__stars_match_brute_force(void **state)
{
	unsigned seed;

	(void)state;
	late_tests = 0;
	for (seed = 1; seed <= 80; seed++)
		check_world(20 + 5 * seed, seed);
	print_message("%zu late tests\n", late_tests);
	assert_true(late_tests > 0);
}

/* A wide world: long neighbour lists and groups, many pairs across; its
 * pairs across groups are gathered by two workers (first_spans()), and
 * its wordings' gists made by two (ad_rule_gists_build()). */
static void test_inventory__wide_stars_match_brute_force(void **state)
{
	(void)state;
	check_world(1500, 7);
}

static int by_ab(const void *p, const void *q)
{
	const ad_pair *x = p, *y = q;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

static int by_score_then_ab(const void *p, const void *q)
{
	const ad_pair *x = p, *y = q;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return by_ab(p, q);
}

/* Pairs come from the join in (a, b) order; sorted closest first, ties
 * keep it. Scores: a few values shared by many pairs, neighbours one
 * ulp apart, and spread ones from 0.3 to past 1 (1 + 2^-52 happens). */
static void test_inventory__pairs_sort_closest_first(void **state)
{
	static const double shared[] = {0.5, 0.75, 1.0, 1.0 + 0x1p-52,
					0.30000000000000004, 0.3};
	size_t n = 50000, i;
	ad_pair *p = malloc(n * sizeof(*p)), *want = malloc(n * sizeof(*p));
	ad_pair *tmp = malloc(n * sizeof(*p));

	(void)state;
	srand(5);
	for (i = 0; i < n; i++) {
		p[i].a = (uint32_t)(rand() % 500);
		p[i].b = p[i].a + 1 + (uint32_t)(rand() % 500);
		p[i].score = rand() % 2 ? shared[rand() % 6]
					: 0.3 + 0.7 * rand() / RAND_MAX;
	}
	qsort(p, n, sizeof(*p), by_ab);
	memcpy(want, p, n * sizeof(*p));
	qsort(want, n, sizeof(*want), by_score_then_ab);
	ad_inventory_sort_pairs(p, tmp, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(p[i].a, want[i].a);
		assert_int_equal(p[i].b, want[i].b);
		assert_true(p[i].score == want[i].score);
	}
	ad_inventory_sort_pairs(p, tmp, 1);
	ad_inventory_sort_pairs(p, tmp, 0);
	assert_int_equal(p[0].a, want[0].a);
	free(p);
	free(want);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_inventory__stars_match_brute_force,
			fx_arena_setup, fx_arena_teardown),
		cmocka_unit_test_setup_teardown(
			test_inventory__wide_stars_match_brute_force,
			fx_arena_setup, fx_arena_teardown),
		cmocka_unit_test(test_inventory__pairs_sort_closest_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
