/*
 * align.c - one section join, then a greedy one-to-one matching per pair
 * of agents.
 *
 * Method. Every candidate section pair (from the join, the full
 * alignments and the evidence) becomes a pair of the matching module
 * (index/match.h) grouped by its two agents, so one call matches the
 * sections of every agent pair, best first, each section used once.
 */
#include "analysis/align.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/parallel.h"
#include "base/sort.h"
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

/* The section pairs of a full alignment: every pair from the floor on.
 * (Those the join found as well come twice; the matching skips the
 * second.) Each section of A is spread over dense[] (all zero between
 * calls), and every section of B is summed against it: the same
 * products, in the same order, as ad_svec_dot(). */
static void add_full_pairs(keys *ks, const ad_align_input *in,
			   const ad_pair *p, double *dense)
{
	size_t i, j;
	uint32_t k;

	for (i = in->section_base[p->a]; i < in->section_base[p->a + 1]; i++) {
		const ad_svec *x = &in->section_vecs[i];

		for (k = 0; k < x->n; k++)
			dense[x->ids[k]] = x->w[k];
		for (j = in->section_base[p->b]; j < in->section_base[p->b + 1];
		     j++) {
			const ad_svec *y = &in->section_vecs[j];
			double s = 0.0;

			for (k = 0; k < y->n; k++)
				s += dense[y->ids[k]] * y->w[k];
			if (s >= AD_ALIGN_FLOOR)
				push(ks, p->a, p->b, (uint32_t)i, (uint32_t)j, s);
		}
		for (k = 0; k < x->n; k++)
			dense[x->ids[k]] = 0.0;
	}
}

typedef struct full_ctx {
	const ad_align_input *in;
	keys *per;      /* per worker */
	uint32_t nfeat; /* ids are below this */
	atomic_size_t next;
} full_ctx;

static void full_work(void *ctx, int worker)
{
	full_ctx *c = ctx;
	double *dense = ad_xcalloc(c->nfeat + 1, sizeof(*dense));
	size_t i, end, n = c->in->nfull;

	while ((i = ad_parallel_next(&c->next, n, 16)) < n)
		for (end = i + 16 < n ? i + 16 : n; i < end; i++)
			add_full_pairs(&c->per[worker], c->in, &c->in->full[i],
				       dense);
	free(dense);
}

/* The full alignments, on the worker threads; appended to ks. */
static void full_pairs(keys *ks, const ad_align_input *in)
{
	full_ctx c;
	int njobs = ad_parallel_jobs(in->jobs, in->nfull, 64), w;
	size_t i;

	c.in = in;
	c.per = ad_xcalloc((size_t)njobs, sizeof(*c.per));
	c.nfeat = 0;
	for (i = 0; i < in->nsections; i++) {
		const ad_svec *v = &in->section_vecs[i];
		if (v->n && v->ids[v->n - 1] >= c.nfeat)
			c.nfeat = v->ids[v->n - 1] + 1;
	}
	atomic_init(&c.next, 0);
	ad_parallel_run(njobs, full_work, &c);
	for (w = 0; w < njobs; w++) {
		keys *k = &c.per[w];

		ad_grow(&ks->k, &ks->cap, ks->n + k->n + 1, sizeof(*ks->k));
		if (k->n)
			memcpy(ks->k + ks->n, k->k, k->n * sizeof(*k->k));
		ks->n += k->n;
		free(k->k);
	}
	free(c.per);
}

/* Pairs (as a << 32 | b) of sections of different agents that share a
 * key: keys[i] for i in [0, n), key_of(i) the section. */
typedef struct keyed_section {
	uint32_t key, section;
} keyed_section;

static int by_key(const void *x, const void *y)
{
	const keyed_section *p = x, *q = y;

	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return (p->section > q->section) - (p->section < q->section);
}

static void sharing(uint64_t **out, size_t *n, size_t *cap,
		    keyed_section *ks, size_t nks, const ad_align_input *in)
{
	size_t i, j, x, y;

	if (nks > 1)
		qsort(ks, nks, sizeof(*ks), by_key);
	for (i = 0; i < nks; i = j) {
		for (j = i + 1; j < nks && ks[j].key == ks[i].key; j++)
			;
		for (x = i; x < j; x++)
			for (y = x + 1; y < j; y++) {
				uint32_t a = ks[x].section, b = ks[y].section;

				if (in->doc_of[a] == in->doc_of[b])
					continue;
				ad_grow(out, cap, *n + 1, sizeof(**out));
				(*out)[(*n)++] = (uint64_t)a << 32 | b;
			}
	}
}

/* Pairs of sections with the same heading, or with enough rule groups in
 * common, that the join left out (cosine below the threshold) but that
 * reach the floor. House-style sections take no part. */
static void evidence_pairs(keys *out, const ad_align_input *in)
{
	keyed_section *ks = NULL;
	uint64_t *p = NULL;
	size_t nks = 0, cks = 0, np = 0, cp = 0, i, j, s, g, same;

	for (s = 0; in->group_start && s < in->nsections; s++) {
		if (in->house && in->house[s])
			continue;
		for (g = in->group_start[s]; g < in->group_start[s + 1]; g++) {
			ad_grow(&ks, &cks, nks + 1, sizeof(*ks));
			ks[nks].key = in->groups[g];
			ks[nks++].section = (uint32_t)s;
		}
	}
	sharing(&p, &np, &cp, ks, nks, in);
	/* a pair counts once per group in common: keep those seen enough */
	ad_sort_u64(p, np);
	for (i = 0, same = 0, j = 0; i < np; i = j) {
		for (j = i + 1; j < np && p[j] == p[i]; j++)
			;
		if (j - i >= AD_ALIGN_SHARED_GROUPS)
			p[same++] = p[i];
	}
	np = same;
	for (nks = 0, s = 0; in->title_form && s < in->nsections; s++) {
		if ((in->house && in->house[s]) || in->title_form[s] == UINT32_MAX)
			continue;
		ad_grow(&ks, &cks, nks + 1, sizeof(*ks));
		ks[nks].key = in->title_form[s];
		ks[nks++].section = (uint32_t)s;
	}
	sharing(&p, &np, &cp, ks, nks, in);
	ad_sort_u64(p, np);
	for (i = 0; i < np; i++) {
		uint32_t a = (uint32_t)(p[i] >> 32), b = (uint32_t)p[i];
		double score;

		if (i && p[i] == p[i - 1])
			continue;
		score = ad_svec_dot(&in->section_vecs[a], &in->section_vecs[b]);
		/* at or above the threshold, the join found it */
		if (score >= AD_ALIGN_FLOOR && score < in->threshold)
			push(out, in->doc_of[a], in->doc_of[b], a, b, score);
	}
	free(p);
	free(ks);
}

/* Section pairs at or above the threshold: from the join over sections
 * that are not house style, and within the full pairs; and those paired
 * on evidence. */
static int section_pairs(keys *ks, const ad_align_input *in,
			 ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	ad_svec *vecs = ad_xmalloc((in->nsections + 1) * sizeof(*vecs));
	ad_pair *pairs = NULL;
	size_t npairs = 0, i;
	int rc;

	for (i = 0; i < in->nsections; i++) {
		vecs[i] = in->section_vecs[i];
		if (in->house && in->house[i])
			vecs[i].n = 0; /* pairs with nothing */
	}
	jo.threshold = in->threshold;
	jo.group = in->doc_of;
	jo.jobs = in->jobs;
	rc = ad_simjoin_run(&pairs, &npairs, vecs, in->nsections, &jo,
			    in->stats, err);
	free(vecs);
	if (rc)
		return rc;
	for (i = 0; i < npairs; i++)
		push(ks, in->doc_of[pairs[i].a], in->doc_of[pairs[i].b],
		     pairs[i].a, pairs[i].b, pairs[i].score);
	free(pairs);
	full_pairs(ks, in);
	if (in->title_form || in->group_start)
		evidence_pairs(ks, in);
	return 0;
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
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = section_pairs(&ks, in, err))) {
		free(ks.k);
		return rc;
	}
	/* a and b are sections of two agents: one array marks both */
	used = ad_xcalloc(in->nsections + 1, sizeof(*used));
	n = ad_match_greedy(ks.k, ks.n, used, used);
	take_matches(out, ks.k, n);
	free(used);
	free(ks.k);
	return 0;
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
