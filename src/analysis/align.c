/*
 * align.c - the sections of the agent pairs asked for, compared, then a
 * greedy one-to-one matching per pair of agents.
 *
 * Method. Only the agent pairs the caller names are aligned, each on its
 * own: every section of one against every section of the other (the
 * terms of the lower agent's sections inverted once for the run of its
 * pairs, which come sorted, so a section of the other meets only the
 * sections it shares a term with), the
 * pairs that qualify (candidate()) becoming pairs of the matching module
 * (index/match.h) grouped by their two agents, so one call matches the
 * sections of every agent pair, best first, each section used once. As
 * the work grows with the pairs named, never with the collection's
 * sections, a caller names the pairs it needs (the candidates of links,
 * each member with its canonical) and asks for any other on demand
 * (ad_align_pair(), ad_aligner_any()), which gives what the same pair
 * named up front would have.
 */
#include "analysis/align.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/parallel.h"
#include "index/match.h"

typedef struct keys {
	ad_match_pair *k;
	size_t n, cap;
} keys;

/* A candidate of agents da and db. The score is a match's, a float: its
 * rounding decides the ties of the matching. */
static void push(keys *ks, uint32_t da, uint32_t db, uint32_t a, uint32_t b,
		 double score)
{
	ad_match_pair *k;

	ad_grow(&ks->k, &ks->cap, ks->n + 1, sizeof(*ks->k));
	k = &ks->k[ks->n++];
	k->group = (uint64_t)da << 32 | db;
	k->a = a;
	k->b = b;
	k->score = (float)score;
}

/* Whether sections i and j carry evidence besides cosine: one heading,
 * or AD_ALIGN_SHARED_GROUPS rule groups in common. */
static int evident(const ad_align_input *in, size_t i, size_t j)
{
	size_t x, y, shared = 0;

	if (in->title_form && in->title_form[i] != UINT32_MAX &&
	    in->title_form[i] == in->title_form[j])
		return 1;
	if (!in->group_start)
		return 0;
	for (x = in->group_start[i]; x < in->group_start[i + 1]; x++)
		for (y = in->group_start[j]; y < in->group_start[j + 1]; y++)
			shared += in->groups[x] == in->groups[y];
	return shared >= AD_ALIGN_SHARED_GROUPS;
}

/* Whether sections i and j, of cosine s, are a candidate match. In full:
 * from the floor on, house style too. Otherwise as the one collection-wide
 * join did: sections that are not house style, at the threshold, or from
 * the floor with evidence. Sections at the threshold that are not house
 * style stay candidates of a full pair when the threshold is below the
 * floor. */
static int candidate(const ad_align_input *in, size_t i, size_t j, double s,
		     int full)
{
	int house = in->house && (in->house[i] || in->house[j]);

	if (full && s >= AD_ALIGN_FLOOR)
		return 1;
	if (house)
		return 0;
	if (s >= in->threshold)
		return 1;
	return !full && s >= AD_ALIGN_FLOOR && evident(in, i, j);
}

/* Whether agents a < b are of in->full_set: always aligned in full. */
static int in_full_set(const ad_align_input *in, uint32_t a, uint32_t b)
{
	uint64_t key = (uint64_t)a << 32 | b;
	size_t lo = 0, hi = in->nfull_set;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (in->full_set[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < in->nfull_set && in->full_set[lo] == key;
}

/* The terms of one agent's sections, inverted: per term the chain of its
 * postings (a section of the agent, numbered from 0, and its weight), so
 * that a section of another agent meets only the sections it shares a
 * term with. head is nfeat long, NONE where no section has the term;
 * acc holds one sum per section of the agent, all zero between uses. */
#define NONE UINT32_MAX

typedef struct posting {
	uint32_t section, next;
	double w;
} posting;

typedef struct inverted {
	uint32_t agent; /* whose sections are indexed, NONE for none */
	uint32_t *head;
	posting *post;
	size_t npost, cap;
	double *acc;
	size_t acc_cap;
} inverted;

static void inverted_clear(inverted *ix, const ad_align_input *in)
{
	size_t i;
	uint32_t k;

	if (ix->agent == NONE)
		return;
	for (i = in->section_base[ix->agent];
	     i < in->section_base[ix->agent + 1]; i++)
		for (k = 0; k < in->section_vecs[i].n; k++)
			ix->head[in->section_vecs[i].ids[k]] = NONE;
	ix->npost = 0;
	ix->agent = NONE;
}

/* Index the sections of agent a, unless they are already. */
static void inverted_of(inverted *ix, const ad_align_input *in, uint32_t a)
{
	size_t base = in->section_base[a], i;
	uint32_t k;

	if (ix->agent == a)
		return;
	inverted_clear(ix, in);
	ix->agent = a;
	ad_grow(&ix->acc, &ix->acc_cap, in->section_base[a + 1] - base + 1,
		sizeof(*ix->acc));
	for (i = base; i < in->section_base[a + 1]; i++) {
		const ad_svec *x = &in->section_vecs[i];

		ix->acc[i - base] = 0.0;
		ad_grow(&ix->post, &ix->cap, ix->npost + x->n + 1,
			sizeof(*ix->post));
		for (k = 0; k < x->n; k++) {
			posting *p = &ix->post[ix->npost];

			p->section = (uint32_t)(i - base);
			p->w = x->w[k];
			p->next = ix->head[x->ids[k]];
			ix->head[x->ids[k]] = (uint32_t)ix->npost++;
		}
	}
}

/* Every section of a against section y of another agent, into ix->acc:
 * y's terms in order, each product added to the sum of the section of a
 * that has the term. A sum takes the products ad_svec_dot() takes, in
 * the same order, less the zeros: the same value. */
static void inverted_dot(inverted *ix, const ad_svec *y)
{
	uint32_t k, e;

	for (k = 0; k < y->n; k++)
		for (e = ix->head[y->ids[k]]; e != NONE; e = ix->post[e].next)
			ix->acc[ix->post[e].section] += ix->post[e].w * y->w[k];
}

/* The candidate section pairs of agents a < b: with ix, a's sections
 * indexed once (inverted_of()) and each section of b summed against
 * them; without, ad_svec_dot() per section pair: the same value either
 * way. Sections sharing no term have cosine 0, never a candidate. */
static void add_pairs(keys *ks, const ad_align_input *in, uint32_t a,
		      uint32_t b, int full, inverted *ix)
{
	size_t base = in->section_base[a], i, j;

	if (ix)
		inverted_of(ix, in, a);
	for (j = in->section_base[b]; j < in->section_base[b + 1]; j++) {
		const ad_svec *y = &in->section_vecs[j];

		if (ix)
			inverted_dot(ix, y);
		for (i = base; i < in->section_base[a + 1]; i++) {
			double s = ix ? ix->acc[i - base]
				      : ad_svec_dot(&in->section_vecs[i], y);

			if (ix)
				ix->acc[i - base] = 0.0;
			if (candidate(in, i, j, s, full))
				push(ks, a, b, (uint32_t)i, (uint32_t)j, s);
		}
	}
}

/* Align agents a < b into out: their candidate section pairs, gathered
 * in scratch, are matched one to one with the sections numbered within
 * the pair, so used needs one entry per section of the two (all zero on
 * entry, and again on return); only the matches are kept, best first. */
static void align_one(keys *out, keys *scratch, const ad_align_input *in,
		      uint32_t a, uint32_t b, int full, inverted *ix,
		      uint32_t *used)
{
	uint32_t base_a = (uint32_t)in->section_base[a];
	uint32_t shift_b = (uint32_t)(in->section_base[b] -
				      (in->section_base[a + 1] - base_a));
	size_t i, n;

	scratch->n = 0;
	add_pairs(scratch, in, a, b, full, ix);
	for (i = 0; i < scratch->n; i++) {
		scratch->k[i].a -= base_a;
		scratch->k[i].b -= shift_b;
	}
	n = ad_match_greedy(scratch->k, scratch->n, used, used);
	ad_grow(&out->k, &out->cap, out->n + n + 1, sizeof(*out->k));
	for (i = 0; i < n; i++) {
		ad_match_pair m = scratch->k[i];

		used[m.a] = used[m.b] = 0;
		m.a += base_a;
		m.b += shift_b;
		out->k[out->n++] = m;
	}
}

/* The agent pairs to align: the full ones, then the others not among
 * them, each flagged. */
typedef struct todo {
	uint32_t a, b;
	int full;
} todo;

static int by_agents(const void *x, const void *y)
{
	const todo *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return q->full - p->full; /* full first */
}

static todo *todo_list(const ad_align_input *in, size_t *n)
{
	todo *t = ad_xmalloc((in->nfull + in->nother + 1) * sizeof(*t));
	size_t i, k = 0, m = 0;

	for (i = 0; i < in->nfull + in->nother; i++) {
		const ad_pair *p = i < in->nfull ? &in->full[i]
						 : &in->other[i - in->nfull];

		t[k].a = p->a < p->b ? p->a : p->b;
		t[k].b = p->a < p->b ? p->b : p->a;
		t[k].full = i < in->nfull || in_full_set(in, t[k].a, t[k].b);
		k++;
	}
	if (k > 1)
		qsort(t, k, sizeof(*t), by_agents);
	for (i = 0; i < k; i++)
		if (i == 0 || t[i].a != t[i - 1].a || t[i].b != t[i - 1].b)
			t[m++] = t[i];
	*n = m;
	return t;
}

/* The most sections the two agents of one of t[0..n) hold together. */
static size_t most_sections(const ad_align_input *in, const todo *t,
			    size_t n)
{
	size_t i, most = 0;

	for (i = 0; i < n; i++) {
		size_t k = in->section_base[t[i].a + 1] -
			   in->section_base[t[i].a] +
			   in->section_base[t[i].b + 1] -
			   in->section_base[t[i].b];

		most = k > most ? k : most;
	}
	return most;
}

typedef struct pairs_ctx {
	const ad_align_input *in;
	todo *t;
	size_t n;
	keys *per;      /* per worker: its matches, by agent pair */
	uint32_t nfeat; /* ids are below this */
	size_t nused;   /* sections of two agents, at most */
	atomic_size_t next;
} pairs_ctx;

static void pairs_work(void *ctx, int worker)
{
	pairs_ctx *c = ctx;
	inverted ix;
	uint32_t *used = ad_xcalloc(c->nused + 1, sizeof(*used));
	keys scratch = {NULL, 0, 0};
	size_t i, end, n = c->n;

	memset(&ix, 0, sizeof(ix));
	ix.agent = NONE;
	ix.head = ad_xmalloc((c->nfeat + 1) * sizeof(*ix.head));
	memset(ix.head, 0xff, (c->nfeat + 1) * sizeof(*ix.head));
	while ((i = ad_parallel_next(&c->next, n, 16)) < n)
		for (end = i + 16 < n ? i + 16 : n; i < end; i++)
			align_one(&c->per[worker], &scratch, c->in, c->t[i].a,
				  c->t[i].b, c->t[i].full, &ix, used);
	free(scratch.k);
	free(used);
	free(ix.head);
	free(ix.post);
	free(ix.acc);
}

static uint32_t features(const ad_align_input *in)
{
	uint32_t nfeat = 0;
	size_t i;

	for (i = 0; i < in->nsections; i++) {
		const ad_svec *v = &in->section_vecs[i];

		if (v->n && v->ids[v->n - 1] >= nfeat)
			nfeat = v->ids[v->n - 1] + 1;
	}
	return nfeat;
}

/* Merge the workers' matches (each worker's in ascending agent pairs,
 * one run per pair) into ks, by agent pair, each run kept whole. */
static void merge_runs(keys *ks, keys *per, int njobs)
{
	size_t *at = ad_xcalloc((size_t)njobs + 1, sizeof(*at)), total = 0;
	int w;

	for (w = 0; w < njobs; w++)
		total += per[w].n;
	ks->k = ad_xmalloc((total + 1) * sizeof(*ks->k));
	ks->cap = total + 1;
	for (;;) {
		int low = -1;
		uint64_t g;

		for (w = 0; w < njobs; w++)
			if (at[w] < per[w].n &&
			    (low < 0 || per[w].k[at[w]].group <
						per[low].k[at[low]].group))
				low = w;
		if (low < 0)
			break;
		g = per[low].k[at[low]].group;
		while (at[low] < per[low].n && per[low].k[at[low]].group == g)
			ks->k[ks->n++] = per[low].k[at[low]++];
	}
	free(at);
}

/* The section matches of every agent pair to align, each pair matched
 * on a worker thread, in the order of the agent pairs. */
static void section_matches(keys *ks, const ad_align_input *in)
{
	pairs_ctx c;
	int njobs, w;

	c.in = in;
	c.t = todo_list(in, &c.n);
	njobs = ad_parallel_jobs(in->jobs, c.n, 64);
	c.per = ad_xcalloc((size_t)njobs, sizeof(*c.per));
	c.nfeat = c.n ? features(in) : 0;
	c.nused = most_sections(in, c.t, c.n);
	atomic_init(&c.next, 0);
	ad_parallel_run(njobs, pairs_work, &c);
	merge_runs(ks, c.per, njobs);
	for (w = 0; w < njobs; w++)
		free(c.per[w].k);
	free(c.per);
	free(c.t);
}

/* The kept pairs p[0..n), by agent pair and best first, as alignments. */
static void take_matches(ad_alignments *out, const ad_match_pair *p, size_t n)
{
	ad_alignment *al = NULL;
	size_t i;

	out->pairs = ad_xmalloc((n + 1) * sizeof(*out->pairs));
	out->matches = ad_xmalloc((n + 1) * sizeof(*out->matches));
	for (i = 0; i < n; i++) {
		if (i == 0 || p[i].group != p[i - 1].group) {
			al = &out->pairs[out->npairs++];
			al->a = (uint32_t)(p[i].group >> 32);
			al->b = (uint32_t)p[i].group;
			al->first = (uint32_t)out->nmatches;
			al->n = 0;
		}
		out->matches[out->nmatches].a = p[i].a;
		out->matches[out->nmatches].b = p[i].b;
		out->matches[out->nmatches++].score = (float)p[i].score;
		al->n++;
	}
}

int ad_align_build(ad_alignments *out, const ad_align_input *in,
		   ad_error *err)
{
	keys ks = {NULL, 0, 0};

	(void)err;
	memset(out, 0, sizeof(*out));
	section_matches(&ks, in);
	take_matches(out, ks.k, ks.n);
	free(ks.k);
	return 0;
}

/* The matches of agents a < b, full or not, into *out (malloc'd). */
static size_t one_pair(ad_section_match **out, const ad_align_input *in,
		       uint32_t a, uint32_t b, int full)
{
	keys ks = {NULL, 0, 0}, scratch = {NULL, 0, 0};
	size_t n = in->section_base[a + 1] - in->section_base[a] +
		   in->section_base[b + 1] - in->section_base[b], i;
	uint32_t *used = ad_xcalloc(n + 1, sizeof(*used));

	full = full || in_full_set(in, a, b);
	align_one(&ks, &scratch, in, a, b, full, NULL, used);
	*out = ks.n ? ad_xmalloc(ks.n * sizeof(**out)) : NULL;
	for (i = 0; i < ks.n; i++) {
		(*out)[i].a = ks.k[i].a;
		(*out)[i].b = ks.k[i].b;
		(*out)[i].score = (float)ks.k[i].score;
	}
	n = ks.n;
	free(used);
	free(scratch.k);
	free(ks.k);
	return n;
}

size_t ad_align_pair(ad_section_match **out, const ad_align_input *in,
		     uint32_t a, uint32_t b, int full)
{
	*out = NULL;
	if (a == b)
		return 0;
	return a < b ? one_pair(out, in, a, b, full)
		     : one_pair(out, in, b, a, full);
}

size_t ad_aligner_matches(const ad_aligner *x, uint32_t a, uint32_t b,
			  const ad_section_match **m, ad_section_match **own)
{
	const ad_alignment *p = ad_align_find(x->al, a, b);
	size_t n = 0;

	*m = NULL;
	*own = NULL;
	if (p) {
		*m = x->al->matches + p->first;
		return p->n;
	}
	if (x->extra && (p = ad_align_find(x->extra, a, b))) {
		*m = x->extra->matches + p->first;
		return p->n;
	}
	if (x->complete)
		return 0;
	if (x->in)
		n = ad_align_pair(own, x->in, a, b, 0);
	*m = *own;
	return n;
}

int ad_aligner_any(const ad_aligner *x, uint32_t a, uint32_t b)
{
	const ad_align_input *in = x->in;
	size_t i, j;
	int full;

	if (ad_align_find(x->al, a, b) ||
	    (x->extra && ad_align_find(x->extra, a, b)))
		return 1;
	if (!in || a == b)
		return 0;
	full = a < b ? in_full_set(in, a, b) : in_full_set(in, b, a);
	for (i = in->section_base[a]; i < in->section_base[a + 1]; i++)
		for (j = in->section_base[b]; j < in->section_base[b + 1]; j++)
			if (candidate(in, i, j,
				      ad_svec_dot(&in->section_vecs[i],
						  &in->section_vecs[j]),
				      full))
				return 1;
	return 0;
}

/* al with add (pairs not in al) merged in, by (a, b). */
static void merge(ad_alignments *al, const ad_alignments *add)
{
	ad_alignments m;
	size_t i = 0, j = 0;

	m.npairs = 0;
	m.nmatches = 0;
	m.pairs = ad_xmalloc((al->npairs + add->npairs + 1) * sizeof(*m.pairs));
	m.matches = ad_xmalloc((al->nmatches + add->nmatches + 1) *
			       sizeof(*m.matches));
	while (i < al->npairs || j < add->npairs) {
		const ad_alignments *from;
		const ad_alignment *p;
		int left = j == add->npairs ||
			   (i < al->npairs &&
			    (al->pairs[i].a < add->pairs[j].a ||
			     (al->pairs[i].a == add->pairs[j].a &&
			      al->pairs[i].b < add->pairs[j].b)));

		from = left ? al : add;
		p = left ? &al->pairs[i++] : &add->pairs[j++];
		m.pairs[m.npairs] = *p;
		m.pairs[m.npairs++].first = (uint32_t)m.nmatches;
		memcpy(m.matches + m.nmatches, from->matches + p->first,
		       p->n * sizeof(*m.matches));
		m.nmatches += p->n;
	}
	ad_alignments_dispose(al);
	*al = m;
}

void ad_align_add(ad_alignments *al, const ad_align_input *in,
		  const ad_pair *pairs, size_t n, int full)
{
	ad_align_input more = *in;
	ad_pair *left = ad_xmalloc((n + 1) * sizeof(*left));
	ad_alignments add;
	size_t i, k = 0;
	ad_error err = AD_ERROR_INIT;

	for (i = 0; i < n; i++)
		if (pairs[i].a != pairs[i].b &&
		    !ad_align_find(al, pairs[i].a, pairs[i].b))
			left[k++] = pairs[i];
	more.full = full ? left : NULL;
	more.nfull = full ? k : 0;
	more.other = full ? NULL : left;
	more.nother = full ? 0 : k;
	if (k) {
		ad_align_build(&add, &more, &err);
		if (add.npairs)
			merge(al, &add);
		ad_alignments_dispose(&add);
	}
	free(left);
}

void ad_alignments_dispose(ad_alignments *al)
{
	free(al->pairs);
	free(al->matches);
	memset(al, 0, sizeof(*al));
}

const ad_alignment *ad_align_find(const ad_alignments *al, uint32_t a,
				  uint32_t b)
{
	size_t lo = 0, hi = al->npairs;

	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ad_alignment *p = &al->pairs[mid];

		if (p->a < a || (p->a == a && p->b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < al->npairs && al->pairs[lo].a == a && al->pairs[lo].b == b)
		return &al->pairs[lo];
	return NULL;
}
