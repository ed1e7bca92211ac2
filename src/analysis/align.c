/*
 * align.c - the sections of the agent pairs asked for, compared, then a
 * greedy one-to-one matching per pair of agents.
 *
 * Method. Only the agent pairs the caller names are aligned, each on its
 * own: every section of one against every section of the other (a dense
 * copy of one side, so a pair costs the product of their sizes), the
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

/* The candidate section pairs of agents p->a < p->b. With dense (all zero
 * between calls, nfeat long) each section of A is spread over it and
 * every section of B summed against it; without, ad_svec_dot(): the same
 * products in the same order either way. */
static void add_pairs(keys *ks, const ad_align_input *in, uint32_t a,
		      uint32_t b, int full, double *dense)
{
	size_t i, j;
	uint32_t k;

	for (i = in->section_base[a]; i < in->section_base[a + 1]; i++) {
		const ad_svec *x = &in->section_vecs[i];

		for (k = 0; dense && k < x->n; k++)
			dense[x->ids[k]] = x->w[k];
		for (j = in->section_base[b]; j < in->section_base[b + 1];
		     j++) {
			const ad_svec *y = &in->section_vecs[j];
			double s = 0.0;

			if (dense)
				for (k = 0; k < y->n; k++)
					s += dense[y->ids[k]] * y->w[k];
			else
				s = ad_svec_dot(x, y);
			if (candidate(in, i, j, s, full))
				push(ks, a, b, (uint32_t)i, (uint32_t)j, s);
		}
		for (k = 0; dense && k < x->n; k++)
			dense[x->ids[k]] = 0.0;
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
		t[k++].full = i < in->nfull;
	}
	if (k > 1)
		qsort(t, k, sizeof(*t), by_agents);
	for (i = 0; i < k; i++)
		if (i == 0 || t[i].a != t[i - 1].a || t[i].b != t[i - 1].b)
			t[m++] = t[i];
	*n = m;
	return t;
}

typedef struct pairs_ctx {
	const ad_align_input *in;
	todo *t;
	size_t n;
	keys *per;      /* per worker */
	uint32_t nfeat; /* ids are below this */
	atomic_size_t next;
} pairs_ctx;

static void pairs_work(void *ctx, int worker)
{
	pairs_ctx *c = ctx;
	double *dense = ad_xcalloc(c->nfeat + 1, sizeof(*dense));
	size_t i, end, n = c->n;

	while ((i = ad_parallel_next(&c->next, n, 16)) < n)
		for (end = i + 16 < n ? i + 16 : n; i < end; i++)
			add_pairs(&c->per[worker], c->in, c->t[i].a, c->t[i].b,
				  c->t[i].full, dense);
	free(dense);
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

/* The candidate section pairs of every agent pair to align, on the
 * worker threads. */
static void section_pairs(keys *ks, const ad_align_input *in)
{
	pairs_ctx c;
	int njobs, w;

	c.in = in;
	c.t = todo_list(in, &c.n);
	njobs = ad_parallel_jobs(in->jobs, c.n, 64);
	c.per = ad_xcalloc((size_t)njobs, sizeof(*c.per));
	c.nfeat = c.n ? features(in) : 0;
	atomic_init(&c.next, 0);
	ad_parallel_run(njobs, pairs_work, &c);
	for (w = 0; w < njobs; w++) {
		keys *k = &c.per[w];

		ad_grow(&ks->k, &ks->cap, ks->n + k->n + 1, sizeof(*ks->k));
		if (k->n)
			memcpy(ks->k + ks->n, k->k, k->n * sizeof(*k->k));
		ks->n += k->n;
		free(k->k);
	}
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
	uint32_t *used;
	size_t n;

	(void)err;
	memset(out, 0, sizeof(*out));
	section_pairs(&ks, in);
	/* a and b are sections of two agents: one array marks both */
	used = ad_xcalloc(in->nsections + 1, sizeof(*used));
	n = ad_match_greedy(ks.k, ks.n, used, used);
	take_matches(out, ks.k, n);
	free(used);
	free(ks.k);
	return 0;
}

/* The matches of agents a < b, full or not, into *out (malloc'd). The
 * sections are numbered from 0 within the pair for the matching. */
static size_t one_pair(ad_section_match **out, const ad_align_input *in,
		       uint32_t a, uint32_t b, int full)
{
	keys ks = {NULL, 0, 0};
	size_t base_a = in->section_base[a], base_b = in->section_base[b];
	size_t na = in->section_base[a + 1] - base_a;
	size_t nb = in->section_base[b + 1] - base_b, n, i;
	uint32_t *used;

	*out = NULL;
	add_pairs(&ks, in, a, b, full, NULL);
	if (!ks.n)
		return 0;
	for (i = 0; i < ks.n; i++) {
		ks.k[i].a -= (uint32_t)base_a;
		ks.k[i].b -= (uint32_t)(base_b - na);
	}
	used = ad_xcalloc(na + nb + 1, sizeof(*used));
	n = ad_match_greedy(ks.k, ks.n, used, used);
	*out = ad_xmalloc((n + 1) * sizeof(**out));
	for (i = 0; i < n; i++) {
		(*out)[i].a = ks.k[i].a + (uint32_t)base_a;
		(*out)[i].b = ks.k[i].b + (uint32_t)(base_b - na);
		(*out)[i].score = (float)ks.k[i].score;
	}
	free(used);
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
	if (x->in)
		n = ad_align_pair(own, x->in, a, b, 0);
	*m = *own;
	return n;
}

int ad_aligner_any(const ad_aligner *x, uint32_t a, uint32_t b)
{
	const ad_align_input *in = x->in;
	size_t i, j;

	if (ad_align_find(x->al, a, b))
		return 1;
	if (!in || a == b)
		return 0;
	for (i = in->section_base[a]; i < in->section_base[a + 1]; i++)
		for (j = in->section_base[b]; j < in->section_base[b + 1]; j++)
			if (candidate(in, i, j,
				      ad_svec_dot(&in->section_vecs[i],
						  &in->section_vecs[j]),
				      0))
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
