/*
 * Unit tests of align.c: section matching between agents, on hand-made
 * unit vectors whose cosines are worked out in the comments, and the
 * evidence terms of a match.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/align.h"

#include "fixture.h"

#define NONE UINT32_MAX
#define MAX_SECTIONS 16

/* Sections of agents 0, 1, 2, ... given agent by agent. */
typedef struct sections {
	ad_svec vecs[MAX_SECTIONS];
	ad_cvec packed[MAX_SECTIONS]; /* vecs, as the alignment reads them */
	uint32_t doc_of[MAX_SECTIONS];
	size_t base[MAX_SECTIONS + 1];
	size_t n, ndocs;
} sections;

static uint32_t section(sections *s, uint32_t doc, const char *spec)
{
	assert_true(s->n < MAX_SECTIONS);
	assert_true(doc == s->ndocs || doc + 1 == s->ndocs);
	if (doc == s->ndocs)
		s->base[s->ndocs++] = s->n;
	s->base[s->ndocs] = s->n + 1;
	s->vecs[s->n] = fx_vec(spec);
	s->packed[s->n] = fx_cvec(&s->vecs[s->n]);
	s->doc_of[s->n] = doc;
	return (uint32_t)s->n++;
}

static ad_align_input input(const sections *s, double threshold)
{
	ad_align_input in = {0};

	in.section_vecs = s->packed;
	in.nsections = s->n;
	in.doc_of = s->doc_of;
	in.section_base = s->base;
	in.threshold = threshold;
	in.jobs = 1;
	return in;
}

/* The alignments of in; with no other pairs named, every pair of agents
 * not named in full is aligned as an other pair. */
static void build(ad_alignments *al, const ad_align_input *in)
{
	ad_error err = AD_ERROR_INIT;
	ad_align_input all = *in;
	ad_pair every[MAX_SECTIONS * MAX_SECTIONS];
	uint32_t nd = in->nsections ? in->doc_of[in->nsections - 1] + 1 : 0;
	uint32_t a, b;
	size_t n = 0;

	for (a = 0; !in->nother && a < nd; a++)
		for (b = a + 1; b < nd; b++) {
			every[n].a = a;
			every[n].b = b;
			every[n++].score = 0.0;
		}
	if (n) {
		all.other = every;
		all.nother = n;
	}
	assert_int_equal(ad_align_build(al, &all, &err), 0);
}

static const ad_section_match *match(const ad_alignments *al,
				     const ad_alignment *p, uint32_t k)
{
	assert_true(k < p->n);
	return &al->matches[p->first + k];
}

static void expect_match(const ad_alignments *al, const ad_alignment *p,
			 uint32_t k, uint32_t a, uint32_t b, double score)
{
	const ad_section_match *m = match(al, p, k);

	assert_int_equal(m->a, a);
	assert_int_equal(m->b, b);
	assert_true(fabs(m->score - score) < 1e-5);
}

/*
 * Agent 0: s0, s1; agent 1: s2, s3; agent 2: s4.
 * s0.s2 = 0.9, s1.s2 = 0.8, s1.s3 = 0.7, s0.s3 = 0.668; s4 is at most
 * 0.5 from anything.
 */
static void greedy_sections(sections *s)
{
	section(s, 0, "1:0.9 2:0.435890");
	section(s, 0, "1:0.8 3:0.6");
	section(s, 1, "1:1");
	section(s, 1, "1:0.5 2:0.5 3:0.5 4:0.5");
	section(s, 2, "1:0.5 5:0.866025");
}

/* Best first, one to one: s0-s2 first; s1-s2 then loses s2, though it
 * scores above s1-s3; s1 gets s3 and s0-s3 is left. Nothing of agent 2
 * reaches the threshold. */
static void test_align__greedy_one_to_one(void **state)
{
	sections s = {0};
	ad_align_input in;
	ad_alignments al;
	const ad_alignment *p;

	(void)state;
	greedy_sections(&s);
	assert_true(fabs(ad_svec_dot(&s.vecs[1], &s.vecs[2]) - 0.8) < 1e-5);
	assert_true(ad_svec_dot(&s.vecs[4], &s.vecs[2]) < 0.6);
	in = input(&s, 0.6);
	build(&al, &in);
	assert_int_equal(al.npairs, 1);
	p = &al.pairs[0];
	assert_int_equal(p->a, 0);
	assert_int_equal(p->b, 1);
	assert_int_equal(p->n, 2);
	expect_match(&al, p, 0, 0, 2, 0.9);
	expect_match(&al, p, 1, 1, 3, 0.7);
	assert_int_equal(al.nmatches, 2);
	ad_alignments_dispose(&al);
	assert_null(al.pairs);
}

/* From 0.75, s1-s3 and s0-s3 are below: s0-s2 alone. */
static void test_align__threshold(void **state)
{
	sections s = {0};
	ad_align_input in;
	ad_alignments al;

	(void)state;
	greedy_sections(&s);
	in = input(&s, 0.75);
	build(&al, &in);
	assert_int_equal(al.npairs, 1);
	assert_int_equal(al.pairs[0].n, 1);
	expect_match(&al, &al.pairs[0], 0, 0, 2, 0.9);
	ad_alignments_dispose(&al);

	/* from 0.42, s4 reaches s2 (0.5) and s0 (0.45), not s1 (0.4): each
	 * pair of agents is matched on its own, so s4 aligns in both */
	in = input(&s, 0.42);
	build(&al, &in);
	assert_int_equal(al.npairs, 3);
	assert_int_equal(al.pairs[0].n, 2);
	assert_int_equal(al.pairs[1].a, 0);
	assert_int_equal(al.pairs[1].b, 2);
	assert_int_equal(al.pairs[1].n, 1);
	expect_match(&al, &al.pairs[1], 0, 0, 4, 0.45);
	assert_int_equal(al.pairs[2].a, 1);
	assert_int_equal(al.pairs[2].b, 2);
	assert_int_equal(al.pairs[2].n, 1);
	expect_match(&al, &al.pairs[2], 0, 2, 4, 0.5);
	ad_alignments_dispose(&al);
}

static void test_align__find(void **state)
{
	sections s = {0};
	ad_align_input in;
	ad_alignments al;
	const ad_alignment *p;

	(void)state;
	greedy_sections(&s);
	in = input(&s, 0.6);
	build(&al, &in);
	p = ad_align_find(&al, 0, 1);
	assert_non_null(p);
	assert_ptr_equal(ad_align_find(&al, 1, 0), p);
	assert_int_equal(p->a, 0);
	assert_int_equal(p->b, 1);
	assert_null(ad_align_find(&al, 0, 2));
	assert_null(ad_align_find(&al, 2, 1));
	assert_null(ad_align_find(&al, 3, 7));
	ad_alignments_dispose(&al);

	/* several pairs: each found in either order */
	in = input(&s, 0.42);
	build(&al, &in);
	assert_ptr_equal(ad_align_find(&al, 2, 0), &al.pairs[1]);
	assert_ptr_equal(ad_align_find(&al, 1, 2), &al.pairs[2]);
	assert_ptr_equal(ad_align_find(&al, 2, 1), &al.pairs[2]);
	ad_alignments_dispose(&al);
}

/*
 * Each agent has a house-style section (h0, h1, h2, all the same
 * vector) and one of its own: p0.p1 = 0.4, p0.q2 = 0.2, p1.q2 = 0.08.
 */
static void house_sections(sections *s, uint8_t house[6])
{
	static const uint8_t h[6] = {1, 0, 1, 0, 1, 0};
	size_t i;

	section(s, 0, "10:1 11:1");
	section(s, 0, "20:1");
	section(s, 1, "10:1 11:1");
	section(s, 1, "20:0.4 21:0.916515");
	section(s, 2, "10:1 11:1");
	section(s, 2, "20:0.2 22:0.979796");
	for (i = 0; i < 6; i++)
		house[i] = h[i];
}

static void test_align__house_left_out_of_join(void **state)
{
	sections s = {0};
	uint8_t house[6];
	ad_align_input in;
	ad_alignments al;

	(void)state;
	house_sections(&s, house);
	in = input(&s, 0.6);
	build(&al, &in); /* no house flags: h0, h1, h2 align pairwise */
	assert_int_equal(al.npairs, 3);
	expect_match(&al, &al.pairs[0], 0, 0, 2, 1.0);
	assert_int_equal(al.pairs[0].n, 1);
	ad_alignments_dispose(&al);

	in.house = house;
	build(&al, &in);
	assert_int_equal(al.npairs, 0);
	assert_int_equal(al.nmatches, 0);
	ad_alignments_dispose(&al);
}

/* Within a full pair every section is compared, house style too, from
 * the floor on: p0-p1 at 0.4 aligns, p0-q2 at 0.2 does not. */
static void test_align__full_pairs_from_floor(void **state)
{
	sections s = {0};
	uint8_t house[6];
	ad_pair full = {0, 1, 0.0};
	ad_align_input in;
	ad_alignments al;
	const ad_alignment *p;

	(void)state;
	house_sections(&s, house);
	assert_true(AD_ALIGN_FLOOR > 0.2 && AD_ALIGN_FLOOR < 0.4);
	in = input(&s, 0.6);
	in.house = house;
	in.full = &full;
	in.nfull = 1;
	build(&al, &in);
	assert_int_equal(al.npairs, 1);
	p = ad_align_find(&al, 0, 1);
	assert_non_null(p);
	assert_int_equal(p->n, 2);
	expect_match(&al, p, 0, 0, 2, 1.0);
	expect_match(&al, p, 1, 1, 3, 0.4);
	ad_alignments_dispose(&al);

	full.b = 2;
	build(&al, &in);
	assert_int_equal(al.npairs, 1);
	p = ad_align_find(&al, 0, 2);
	assert_non_null(p);
	assert_int_equal(p->n, 1);
	expect_match(&al, p, 0, 0, 4, 1.0);
	ad_alignments_dispose(&al);
}

/*
 * Agent 0: a0..a4, agent 1: b0..b4, agent 2: c0 (house style).
 *   a0-b0 0.45, the same heading                       -> aligns
 *   a1-b1 0.45, other headings, one rule group shared  -> no
 *   a2-b2 0.45, other headings, two rule groups shared -> aligns
 *   a3-b3 0.2, the same heading, below the floor       -> no
 *   a4-b4 0.45, neither has a heading (NONE)           -> no
 *   c0-a0 0.45, the same heading as a0 but house style -> no
 */
typedef struct evidence_case {
	sections s;
	uint32_t title[11];
	size_t gstart[12];
	uint32_t groups[8];
	uint8_t house[11];
} evidence_case;

static void evidence_sections(evidence_case *e)
{
	static const uint32_t title[11] = {5, 6, 8, 10, NONE, 5, 7, 9, 10,
					   NONE, 5};
	/* groups: a1 {100}, a2 {101, 102}, b1 {100}, b2 {101, 102} */
	static const size_t gstart[12] = {0, 0, 1, 3, 3, 3, 3, 4, 6, 6, 6, 6};
	static const uint32_t groups[6] = {100, 101, 102, 100, 101, 102};
	sections *s = &e->s;
	size_t i;

	section(s, 0, "1:1");
	section(s, 0, "3:1");
	section(s, 0, "5:1");
	section(s, 0, "7:1");
	section(s, 0, "9:1");
	section(s, 1, "1:0.45 2:0.893029");
	section(s, 1, "3:0.45 4:0.893029");
	section(s, 1, "5:0.45 6:0.893029");
	section(s, 1, "7:0.2 8:0.979796");
	section(s, 1, "9:0.45 10:0.893029");
	section(s, 2, "1:0.45 11:0.893029");
	for (i = 0; i < 11; i++) {
		e->title[i] = title[i];
		e->house[i] = i == 10;
	}
	for (i = 0; i < 12; i++)
		e->gstart[i] = gstart[i];
	for (i = 0; i < 6; i++)
		e->groups[i] = groups[i];
}

static ad_align_input evidence_input(const evidence_case *e)
{
	ad_align_input in = input(&e->s, 0.6);

	in.title_form = e->title;
	in.group_start = e->gstart;
	in.groups = e->groups;
	in.house = e->house;
	return in;
}

static void test_align__evidence_pairs(void **state)
{
	evidence_case e = {0};
	ad_align_input in;
	ad_alignments al;
	const ad_alignment *p;

	(void)state;
	evidence_sections(&e);
	assert_true(AD_ALIGN_SHARED_GROUPS == 2);
	in = evidence_input(&e);
	build(&al, &in);
	assert_int_equal(al.npairs, 1);
	p = ad_align_find(&al, 0, 1);
	assert_non_null(p);
	assert_int_equal(p->n, 2);
	/* equal scores: by section */
	expect_match(&al, p, 0, 0, 5, 0.45);
	expect_match(&al, p, 1, 2, 7, 0.45);
	assert_null(ad_align_find(&al, 0, 2));
	ad_alignments_dispose(&al);
}

/* The controls of the case above: without the house flag c0 aligns with
 * a0 on its heading; without evidence nothing aligns. */
static void test_align__evidence_controls(void **state)
{
	evidence_case e = {0};
	ad_align_input in;
	ad_alignments al;
	const ad_alignment *p;

	(void)state;
	evidence_sections(&e);
	in = evidence_input(&e);
	in.house = NULL;
	build(&al, &in);
	assert_int_equal(al.npairs, 2);
	p = ad_align_find(&al, 0, 2);
	assert_non_null(p);
	assert_int_equal(p->n, 1);
	expect_match(&al, p, 0, 0, 10, 0.45);
	ad_alignments_dispose(&al);

	in = evidence_input(&e);
	in.title_form = NULL;
	in.group_start = NULL;
	in.groups = NULL;
	build(&al, &in);
	assert_int_equal(al.npairs, 0);
	ad_alignments_dispose(&al);
}

/* Only the pairs named are aligned: with none named, nothing is, though
 * a0 and b0 share two rule groups (the work grows with the pairs asked
 * for, not with the sections alike across the collection). */
static void test_align__only_pairs_named(void **state)
{
	evidence_case e = {0};
	ad_align_input in;
	ad_alignments al;
	ad_error err = AD_ERROR_INIT;
	ad_pair one = {1, 0, 0.0};

	(void)state;
	evidence_sections(&e);
	in = evidence_input(&e);
	assert_int_equal(ad_align_build(&al, &in, &err), 0);
	assert_int_equal(al.npairs, 0);
	ad_alignments_dispose(&al);
	in.other = &one; /* either order */
	in.nother = 1;
	assert_int_equal(ad_align_build(&al, &in, &err), 0);
	assert_int_equal(al.npairs, 1);
	assert_non_null(ad_align_find(&al, 0, 1));
	ad_alignments_dispose(&al);
}

/* A pair aligned on demand gets what it gets named up front; any() agrees;
 * pairs added later merge in order. */
static void test_align__on_demand(void **state)
{
	evidence_case e = {0};
	ad_align_input in;
	ad_alignments all, none = {0}, some = {0};
	ad_aligner x = {&none, NULL, NULL, 0};
	ad_section_match *m;
	const ad_section_match *got;
	ad_pair add[3] = {{1, 2, 0.0}, {0, 1, 0.0}, {2, 2, 0.0}};
	const ad_alignment *p;
	size_t n, k;

	(void)state;
	evidence_sections(&e);
	in = evidence_input(&e);
	build(&all, &in);
	p = ad_align_find(&all, 0, 1);
	assert_non_null(p);
	n = ad_align_pair(&m, &in, 1, 0, 0);
	assert_int_equal(n, p->n);
	for (k = 0; k < n; k++) {
		assert_int_equal(m[k].a, all.matches[p->first + k].a);
		assert_int_equal(m[k].b, all.matches[p->first + k].b);
		assert_true(m[k].score == all.matches[p->first + k].score);
	}
	free(m);
	assert_int_equal(ad_align_pair(&m, &in, 0, 2, 0), 0);
	assert_null(m);
	assert_false(ad_aligner_any(&x, 0, 1)); /* no input: al only */
	x.in = &in;
	assert_true(ad_aligner_any(&x, 0, 1));
	assert_false(ad_aligner_any(&x, 0, 2));
	assert_int_equal(ad_aligner_matches(&x, 0, 1, &got, &m), p->n);
	assert_ptr_equal(got, m);
	free(m);
	ad_align_add(&some, &in, add, 3, 0);
	assert_int_equal(some.npairs, 1);
	assert_int_equal(some.nmatches, p->n);
	assert_non_null(ad_align_find(&some, 0, 1));
	ad_alignments_dispose(&some);
	ad_alignments_dispose(&all);
}

/* A pair of the full set is aligned in full whenever it is aligned: on
 * demand, added as an other pair, or named as one, it gets what naming
 * it in full up front gives (h0-h1 and p0-p1 at 0.4, house style and
 * below the threshold), and any() agrees; a pair outside the set is
 * still aligned as an other pair (none of 0-2 aligns). */
static void test_align__full_set(void **state)
{
	sections s = {0};
	uint8_t house[6];
	uint64_t set[1] = {(uint64_t)0 << 32 | 1};
	ad_pair both[2] = {{1, 0, 0.0}, {0, 2, 0.0}};
	ad_align_input in;
	ad_alignments al, some = {0};
	ad_aligner x = {&some, NULL, NULL, 0};
	ad_section_match *m;
	const ad_alignment *p;
	ad_error err = AD_ERROR_INIT;

	(void)state;
	house_sections(&s, house);
	in = input(&s, 0.6);
	in.house = house;
	assert_int_equal(ad_align_pair(&m, &in, 1, 0, 0), 0);
	in.full_set = set;
	in.nfull_set = 1;
	assert_int_equal(ad_align_pair(&m, &in, 1, 0, 0), 2);
	assert_int_equal(m[0].a, 0);
	assert_int_equal(m[0].b, 2);
	assert_int_equal(m[1].a, 1);
	assert_int_equal(m[1].b, 3);
	assert_true(fabs(m[1].score - 0.4) < 1e-5);
	free(m);
	x.in = &in;
	assert_true(ad_aligner_any(&x, 0, 1));
	assert_false(ad_aligner_any(&x, 2, 0));
	ad_align_add(&some, &in, both, 2, 0);
	assert_int_equal(some.npairs, 1);
	p = ad_align_find(&some, 0, 1);
	assert_non_null(p);
	assert_int_equal(p->n, 2);
	in.other = both;
	in.nother = 2;
	assert_int_equal(ad_align_build(&al, &in, &err), 0);
	assert_int_equal(al.npairs, 1);
	assert_int_equal(al.nmatches, 2);
	ad_alignments_dispose(&al);
	ad_alignments_dispose(&some);
}

/* ---- brute force ---- */

#define RAND_AGENTS 48
#define RAND_SECTIONS 320
#define RAND_TERMS 24
/* Term i is id i * RAND_SPREAD: ids past 16 bits, and steps between them
 * both within 16 bits and past them, as packed vectors write them. */
#define RAND_SPREAD 21001u

/* A random collection: agents of 0 to 7 sections, on few terms so that
 * sections overlap; one in four a copy of an earlier section (equal
 * scores, which the order of the matching breaks). */
typedef struct random_case {
	ad_svec vecs[RAND_SECTIONS];
	ad_cvec packed[RAND_SECTIONS]; /* vecs, as the alignment reads them */
	uint32_t doc_of[RAND_SECTIONS];
	size_t base[RAND_AGENTS + 1];
	uint8_t house[RAND_SECTIONS];
	uint32_t title[RAND_SECTIONS];
	size_t gstart[RAND_SECTIONS + 1];
	uint32_t groups[RAND_SECTIONS * 3];
	size_t n;
} random_case;

static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) & 0xffffff;
}

static ad_svec random_vec(uint32_t *seed)
{
	char spec[32 * 16];
	size_t len = 0;
	uint32_t id;

	spec[0] = '\0';
	for (id = 0; id < RAND_TERMS; id++)
		if (next_random(seed) % 4 == 0 || (id == RAND_TERMS - 1 && !len))
			len += (size_t)snprintf(spec + len, sizeof(spec) - len,
						"%u:%u ", id * RAND_SPREAD,
						1 + next_random(seed) % 9);
	return fx_vec(spec);
}

static void random_sections(random_case *r, uint32_t seed)
{
	size_t d, k, g = 0;

	for (d = 0; d < RAND_AGENTS; d++) {
		size_t count = next_random(&seed) % 8;

		r->base[d] = r->n;
		for (k = 0; k < count && r->n < RAND_SECTIONS; k++, r->n++) {
			size_t i = r->n, x;

			r->vecs[i] = i && next_random(&seed) % 4 == 0
					     ? r->vecs[next_random(&seed) % i]
					     : random_vec(&seed);
			r->packed[i] = fx_cvec(&r->vecs[i]);
			r->doc_of[i] = (uint32_t)d;
			r->house[i] = next_random(&seed) % 5 == 0;
			r->title[i] = next_random(&seed) % 3 ? NONE
						: next_random(&seed) % 6;
			r->gstart[i] = g;
			for (x = next_random(&seed) % 4; x > 0; x--)
				r->groups[g++] = (uint32_t)(x * 3 +
						  next_random(&seed) % 3);
		}
	}
	r->base[RAND_AGENTS] = r->n;
	r->gstart[r->n] = g;
}

/* What align.h says the matches of agents a < b are, section pair by
 * section pair: every cosine, the rule of candidates, best first (ties
 * by section numbers), each section used once. */
static int brute_evident(const random_case *r, size_t i, size_t j)
{
	size_t x, y, shared = 0;

	if (r->title[i] != NONE && r->title[i] == r->title[j])
		return 1;
	for (x = r->gstart[i]; x < r->gstart[i + 1]; x++)
		for (y = r->gstart[j]; y < r->gstart[j + 1]; y++)
			shared += r->groups[x] == r->groups[y];
	return shared >= AD_ALIGN_SHARED_GROUPS;
}

static size_t brute_pair(ad_section_match *out, const random_case *r,
			 uint32_t a, uint32_t b, int full, double threshold)
{
	ad_section_match cand[64], best;
	size_t n = 0, kept = 0, i, j, k;
	uint8_t taken[RAND_SECTIONS] = {0};

	for (i = r->base[a]; i < r->base[a + 1]; i++)
		for (j = r->base[b]; j < r->base[b + 1]; j++) {
			double s = ad_svec_dot(&r->vecs[i], &r->vecs[j]);
			int house = r->house[i] || r->house[j];

			if ((full && s >= AD_ALIGN_FLOOR) ||
			    (!house && s >= threshold) ||
			    (!full && !house && s >= AD_ALIGN_FLOOR &&
			     brute_evident(r, i, j))) {
				cand[n].a = (uint32_t)i;
				cand[n].b = (uint32_t)j;
				cand[n++].score = (float)s;
			}
		}
	for (;;) {
		size_t at = n;

		for (k = 0; k < n; k++) {
			const ad_section_match *c = &cand[k];

			if (taken[c->a] || taken[c->b])
				continue;
			if (at == n || c->score > cand[at].score ||
			    (c->score == cand[at].score &&
			     (c->a < cand[at].a ||
			      (c->a == cand[at].a && c->b < cand[at].b))))
				at = k;
		}
		if (at == n)
			return kept;
		best = cand[at];
		taken[best.a] = taken[best.b] = 1;
		out[kept++] = best;
	}
}

static int in_set(const uint64_t *set, size_t n, uint32_t a, uint32_t b)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (set[k] == ((uint64_t)a << 32 | b))
			return 1;
	return 0;
}

/* The alignments made with the index, on two threads and merged, are
 * those brute force makes, to the bit, pair by pair; no pair without a
 * match is kept, and none not named. */
static void test_align__brute_force(void **state)
{
	static random_case r;
	ad_pair full[RAND_AGENTS * RAND_AGENTS], other[RAND_AGENTS * RAND_AGENTS];
	uint64_t set[RAND_AGENTS * RAND_AGENTS];
	uint8_t named[RAND_AGENTS][RAND_AGENTS] = {{0}};
	ad_align_input in = {0};
	ad_alignments al;
	ad_error err = AD_ERROR_INIT;
	ad_section_match want[64];
	uint32_t a, b, seed;
	size_t nfull = 0, nother = 0, nset = 0, with = 0, k;

	(void)state;
	for (seed = 1; seed <= 4; seed++) {
		memset(&r, 0, sizeof(r));
		memset(named, 0, sizeof(named));
		nfull = nother = nset = with = 0;
		random_sections(&r, seed);
		for (a = 0; a < RAND_AGENTS; a++)
			for (b = a + 1; b < RAND_AGENTS; b++) {
				uint32_t pick = next_random(&seed) % 8;
				ad_pair p = {b, a, 0.0}; /* either order */

				if (pick == 0)
					continue;
				named[a][b] = (uint8_t)(pick < 3 ? 2 : 1);
				if (pick < 3)
					full[nfull++] = p;
				else
					other[nother++] = p;
				if (pick == 3)
					set[nset++] = (uint64_t)a << 32 | b;
				if (pick == 4) /* named twice */
					full[nfull++] = p, named[a][b] = 2;
			}
		in.section_vecs = r.packed;
		in.nsections = r.n;
		in.doc_of = r.doc_of;
		in.section_base = r.base;
		in.house = r.house;
		in.full = full;
		in.nfull = nfull;
		in.other = other;
		in.nother = nother;
		in.full_set = set;
		in.nfull_set = nset;
		in.title_form = r.title;
		in.group_start = r.gstart;
		in.groups = r.groups;
		in.threshold = seed == 3 ? 0.2 : 0.55;
		in.jobs = 2;
		assert_int_equal(ad_align_build(&al, &in, &err), 0);
		for (k = 0; k + 1 < al.npairs; k++)
			assert_true(al.pairs[k].a < al.pairs[k + 1].a ||
				    (al.pairs[k].a == al.pairs[k + 1].a &&
				     al.pairs[k].b < al.pairs[k + 1].b));
		for (a = 0; a < RAND_AGENTS; a++)
			for (b = a + 1; b < RAND_AGENTS; b++) {
				const ad_alignment *p = ad_align_find(&al, a, b);
				int full_pair = named[a][b] == 2 ||
						(named[a][b] &&
						 in_set(set, nset, a, b));
				size_t n = named[a][b]
						   ? brute_pair(want, &r, a, b,
								full_pair,
								in.threshold)
						   : 0;

				if (!n) {
					assert_null(p);
					continue;
				}
				with++;
				assert_non_null(p);
				assert_int_equal(p->n, n);
				for (k = 0; k < n; k++) {
					const ad_section_match *m =
						&al.matches[p->first + k];

					assert_int_equal(m->a, want[k].a);
					assert_int_equal(m->b, want[k].b);
					assert_memory_equal(&m->score,
							    &want[k].score,
							    sizeof(float));
				}
			}
		assert_int_equal(with, al.npairs);
		assert_true(with > 100);
		ad_alignments_dispose(&al);
	}
}

/* ---- more pairs than a batch ---- */

#define MANY_AGENTS 420 /* 87,990 pairs: more than AD_ALIGN_BATCH */

/* Agents of two sections each on few terms, so that most pairs align. */
static void many_sections(ad_svec *vecs, uint32_t *doc_of, size_t *base,
			  uint32_t seed)
{
	size_t d, k;

	for (d = 0; d < MANY_AGENTS; d++) {
		base[d] = 2 * d;
		for (k = 0; k < 2; k++) {
			vecs[2 * d + k] = random_vec(&seed);
			doc_of[2 * d + k] = (uint32_t)d;
		}
	}
	base[MANY_AGENTS] = 2 * MANY_AGENTS;
}

/* Every pair of al (or, absent, none) matches as ad_align_pair() aligns
 * it on its own, without the index or the batches. */
static void assert_each_pair(const ad_alignments *al,
			     const ad_align_input *in, int full)
{
	uint32_t a, b;
	size_t k, with = 0;

	for (k = 0; k + 1 < al->npairs; k++)
		assert_true(al->pairs[k].a < al->pairs[k + 1].a ||
			    (al->pairs[k].a == al->pairs[k + 1].a &&
			     al->pairs[k].b < al->pairs[k + 1].b));
	for (a = 0; a < MANY_AGENTS; a++)
		for (b = a + 1; b < MANY_AGENTS; b++) {
			const ad_alignment *p = ad_align_find(al, a, b);
			ad_section_match *m;
			size_t n = ad_align_pair(&m, in, a, b, full);

			assert_int_equal(p ? p->n : 0, n);
			with += n > 0;
			for (k = 0; k < n; k++) {
				const ad_section_match *x =
					&al->matches[p->first + k];

				assert_int_equal(x->a, m[k].a);
				assert_int_equal(x->b, m[k].b);
				assert_memory_equal(&x->score, &m[k].score,
						    sizeof(float));
			}
			free(m);
		}
	assert_int_equal(with, al->npairs);
	assert_true(with > AD_ALIGN_BATCH);
}

/* got holds the same pairs and matches as want, byte for byte. */
static void assert_same_alignments(const ad_alignments *got,
				   const ad_alignments *want)
{
	assert_int_equal(got->npairs, want->npairs);
	assert_int_equal(got->nmatches, want->nmatches);
	assert_memory_equal(got->pairs, want->pairs,
			    want->npairs * sizeof(*want->pairs));
	assert_memory_equal(got->matches, want->matches,
			    want->nmatches * sizeof(*want->matches));
}

/* MANY_AGENTS agents of two random sections (many_sections()), every
 * pair of them in all and those of an odd a + b in odd, and in, which
 * aligns all as other pairs from 0.2 on two threads (many_free()). */
typedef struct many_case {
	ad_svec vecs[2 * MANY_AGENTS];
	ad_cvec packed[2 * MANY_AGENTS];
	uint32_t doc_of[2 * MANY_AGENTS];
	size_t base[MANY_AGENTS + 1];
	ad_pair *all, *odd;
	size_t n, half;
	ad_align_input in;
} many_case;

static void many_init(many_case *m, uint32_t seed)
{
	size_t np = MANY_AGENTS * (MANY_AGENTS - 1) / 2;
	uint32_t a, b;

	many_sections(m->vecs, m->doc_of, m->base, seed);
	m->all = malloc(np * sizeof(*m->all));
	m->odd = malloc(np * sizeof(*m->odd));
	m->n = m->half = 0;
	for (a = 0; a < MANY_AGENTS; a++)
		for (b = a + 1; b < MANY_AGENTS; b++) {
			ad_pair p = {a, b, 0.0};

			m->all[m->n++] = p;
			if ((a + b) % 2)
				m->odd[m->half++] = p;
		}
	for (a = 0; a < 2 * MANY_AGENTS; a++)
		m->packed[a] = fx_cvec(&m->vecs[a]);
	memset(&m->in, 0, sizeof(m->in));
	m->in.section_vecs = m->packed;
	m->in.nsections = 2 * MANY_AGENTS;
	m->in.doc_of = m->doc_of;
	m->in.section_base = m->base;
	m->in.threshold = 0.2;
	m->in.jobs = 2;
	m->in.other = m->all;
	m->in.nother = m->n;
}

static void many_free(many_case *m)
{
	free(m->all);
	free(m->odd);
}

/* Pairs aligned over several batches, on two threads, are those aligned
 * one by one; and alignments grown by ad_align_add() in two steps (merged
 * in place) are those made in one go. */
static void test_align__batches(void **state)
{
	static many_case m;
	ad_align_input *in = &m.in;
	ad_alignments al, grown;
	ad_error err = AD_ERROR_INIT;
	uint32_t a, b;

	(void)state;
	many_init(&m, 7);
	assert_int_equal(ad_align_build(&al, in, &err), 0);
	assert_each_pair(&al, in, 0);
	in->other = m.odd; /* half the pairs, then all of them added */
	in->nother = m.half;
	assert_int_equal(ad_align_build(&grown, in, &err), 0);
	assert_true(grown.npairs < al.npairs);
	ad_align_add(&grown, in, m.all, m.n, 0);
	assert_same_alignments(&grown, &al);
	ad_alignments_dispose(&grown);
	/* the bound on ids given (as the audit gives it), exact or not,
	 * aligns as the bound read from the vectors */
	for (a = 0; a < 2 * MANY_AGENTS; a++)
		if (m.vecs[a].n &&
		    m.vecs[a].ids[m.vecs[a].n - 1] >= in->nfeatures)
			in->nfeatures = m.vecs[a].ids[m.vecs[a].n - 1] + 1;
	for (b = 0; b < 2; b++, in->nfeatures += 1000) {
		in->other = m.all;
		in->nother = m.n;
		assert_int_equal(ad_align_build(&grown, in, &err), 0);
		assert_same_alignments(&grown, &al);
		ad_alignments_dispose(&grown);
	}
	ad_alignments_dispose(&al);
	many_free(&m);
}

/* Alignments condensed (in->condense) hold each pair's summary, the
 * same as held ones give, and no match; the matches read on demand are
 * those held; ad_align_add() holds the matches of condensed pairs only
 * with AD_ALIGN_HOLD, and once all are held the list is the held one,
 * byte for byte. Over several batches, on two threads. */
static void test_align__condensed(void **state)
{
	static many_case m;
	ad_align_input *in = &m.in;
	ad_alignments held, cond;
	ad_aligner x = {&cond, &m.in, NULL, 0};
	ad_error err = AD_ERROR_INIT;
	uint32_t k, strong, some_strong = 0;
	size_t i;

	(void)state;
	many_init(&m, 11);
	assert_int_equal(ad_align_build(&held, in, &err), 0);
	in->condense = 1;
	assert_int_equal(ad_align_build(&cond, in, &err), 0);
	in->condense = 0;
	assert_true(held.npairs > AD_ALIGN_BATCH);
	assert_int_equal(cond.npairs, held.npairs);
	assert_int_equal(cond.nmatches, 0);
	for (i = 0; i < held.npairs; i++) {
		const ad_alignment *h = &held.pairs[i], *c = &cond.pairs[i];
		const ad_section_match *got;
		ad_section_match *own;

		assert_true(ad_alignment_held(h));
		assert_false(ad_alignment_held(c));
		assert_int_equal(c->a, h->a);
		assert_int_equal(c->b, h->b);
		assert_int_equal(c->n, h->n);
		assert_true(c->best == held.matches[h->first].score);
		for (strong = 0, k = 0; k < h->n; k++)
			strong += held.matches[h->first + k].score >=
				  AD_ALIGN_STRONG;
		assert_int_equal(c->strong, strong);
		some_strong += strong > 0 && strong < h->n;
		if (i % 97) /* made again on demand: a sample */
			continue;
		assert_int_equal(
			ad_aligner_matches(&x, c->a, c->b, &got, &own), h->n);
		assert_non_null(own);
		assert_memory_equal(got, held.matches + h->first,
				    h->n * sizeof(*got));
		free(own);
	}
	assert_true(some_strong > 0);
	ad_align_add(&cond, in, m.all, m.n, 0); /* all there: nothing to do */
	assert_int_equal(cond.nmatches, 0);
	ad_align_add(&cond, in, m.odd, m.half, AD_ALIGN_HOLD);
	assert_int_equal(cond.npairs, held.npairs);
	for (i = 0; i < cond.npairs; i++) {
		const ad_alignment *c = &cond.pairs[i];

		assert_int_equal(ad_alignment_held(c), (c->a + c->b) % 2);
	}
	ad_align_add(&cond, in, m.all, m.n, AD_ALIGN_HOLD);
	assert_same_alignments(&cond, &held);
	ad_alignments_dispose(&cond);
	ad_alignments_dispose(&held);
	many_free(&m);
}

#define TEST(f)                                                               \
	cmocka_unit_test_setup_teardown(f, fx_arena_setup, fx_arena_teardown)

/* Pairs added to an empty list are the list ad_align_build() makes of
 * them as other pairs, pair for pair and match for match: the role plans
 * build their members' alignments so, rather than merge them into an
 * empty list (audit.c, align_apart). */
static void test_align__add_to_empty_is_build(void **state)
{
	sections s = {0};
	ad_align_input in, other;
	ad_alignments added = {0}, built;
	ad_error err = AD_ERROR_INIT;
	ad_pair pairs[3] = {{1, 2, 0.0}, {0, 1, 0.0}, {0, 2, 0.0}};
	size_t k;

	(void)state;
	greedy_sections(&s);
	in = input(&s, 0.3);
	ad_align_add(&added, &in, pairs, 3, 0);
	other = in;
	other.other = pairs;
	other.nother = 3;
	assert_int_equal(ad_align_build(&built, &other, &err), 0);
	assert_true(added.npairs > 1);
	assert_int_equal(added.npairs, built.npairs);
	assert_int_equal(added.nmatches, built.nmatches);
	for (k = 0; k < added.npairs; k++) {
		assert_int_equal(added.pairs[k].a, built.pairs[k].a);
		assert_int_equal(added.pairs[k].b, built.pairs[k].b);
		assert_int_equal(added.pairs[k].first, built.pairs[k].first);
		assert_int_equal(added.pairs[k].n, built.pairs[k].n);
	}
	for (k = 0; k < added.nmatches; k++) {
		assert_int_equal(added.matches[k].a, built.matches[k].a);
		assert_int_equal(added.matches[k].b, built.matches[k].b);
		assert_true(added.matches[k].score == built.matches[k].score);
	}
	ad_alignments_dispose(&added);
	ad_alignments_dispose(&built);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_align__greedy_one_to_one),
		TEST(test_align__threshold),
		TEST(test_align__find),
		TEST(test_align__house_left_out_of_join),
		TEST(test_align__full_pairs_from_floor),
		TEST(test_align__evidence_pairs),
		TEST(test_align__evidence_controls),
		TEST(test_align__only_pairs_named),
		TEST(test_align__on_demand),
		TEST(test_align__full_set),
		TEST(test_align__brute_force),
		TEST(test_align__batches),
		TEST(test_align__condensed),
		TEST(test_align__add_to_empty_is_build),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
