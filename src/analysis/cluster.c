/*
 * cluster.c - connected components with union-find, then medoids.
 */
#include "analysis/cluster.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/parallel.h"

static uint32_t find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]]; /* path halving */
		x = parent[x];
	}
	return x;
}

static void unite(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a != b) /* the lower index becomes the root: order-independent */
		parent[a > b ? a : b] = a < b ? a : b;
}

typedef struct ctx {
	ad_cvecs vecs;
	const uint32_t *size;
	double *sum; /* per term id: the summed vectors of one cluster */
} ctx;

/* The member with the largest summed cosine to the others: with the
 * members' vectors summed once in a row, each member's sum is one pass
 * over its own terms, so a cluster costs its members' terms, not their
 * pairs. */
static uint32_t medoid(const ctx *c, const uint32_t *m, uint32_t n)
{
	uint32_t i, best = 0;
	double best_sum = -1.0;

	for (i = 0; i < n; i++)
		ad_cvec_spread(c->sum, &c->vecs.v[m[i]], c->vecs.idf);
	for (i = 0; i < n; i++) {
		double sum = ad_cvec_dot_others(c->sum, &c->vecs.v[m[i]],
						c->vecs.idf);

		if (sum > best_sum + 1e-12 ||
		    (sum > best_sum - 1e-12 && c->size &&
		     c->size[m[i]] > c->size[m[best]])) {
			best = i;
			best_sum = sum;
		}
	}
	for (i = 0; i < n; i++)
		ad_cvec_unspread(c->sum, &c->vecs.v[m[i]]);
	return m[best];
}

typedef struct scored {
	uint32_t id;
	double score;
} scored;

static int by_score(const void *a, const void *b)
{
	const scored *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* The canonical's cosine to member x: against the canonical spread in
 * c->sum when there is a row (one pass over x's terms, the value of
 * ad_svec_dot()), else a merge of the two vectors. */
static double to_canonical(const ctx *c, const ad_cluster *cl, uint32_t x)
{
	if (c->sum)
		return ad_cvec_dot_row(c->sum, &c->vecs.v[x], c->vecs.idf);
	return ad_cvec_dot(&c->vecs.v[cl->canonical], &c->vecs.v[x],
			   c->vecs.idf);
}

/* Canonical first, then the others by similarity to it. */
static void order_members(const ctx *c, ad_cluster *cl)
{
	scored *s = ad_xmalloc(cl->n * sizeof(*s));
	uint32_t i;

	if (c->sum)
		ad_cvec_spread(c->sum, &c->vecs.v[cl->canonical], c->vecs.idf);
	for (i = 0; i < cl->n; i++) {
		s[i].id = cl->members[i];
		s[i].score = cl->members[i] == cl->canonical
				     ? 2.0 /* sorts first */
				     : to_canonical(c, cl, cl->members[i]);
	}
	if (c->sum)
		ad_cvec_unspread(c->sum, &c->vecs.v[cl->canonical]);
	qsort(s, cl->n, sizeof(*s), by_score);
	for (i = 0; i < cl->n; i++) {
		cl->members[i] = s[i].id;
		cl->scores[i] = s[i].score > 1.5 ? 1.0 : s[i].score;
	}
	free(s);
}

static int by_size(const void *a, const void *b)
{
	const ad_cluster *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return (x->canonical > y->canonical) - (x->canonical < y->canonical);
}

size_t ad_components(uint32_t **start, uint32_t **members,
		     const ad_pair *pairs, size_t npairs, size_t nitems)
{
	uint32_t *parent = ad_xmalloc((nitems + 1) * sizeof(*parent));
	uint32_t *count = ad_xcalloc(nitems + 1, sizeof(*count));
	uint32_t *slot = ad_xmalloc((nitems + 1) * sizeof(*slot));
	size_t i, n = 0, m = 0;

	for (i = 0; i < nitems; i++)
		parent[i] = (uint32_t)i;
	for (i = 0; i < npairs; i++)
		unite(parent, pairs[i].a, pairs[i].b);
	for (i = 0; i < nitems; i++)
		count[find(parent, (uint32_t)i)]++;
	/* A root is its component's lowest index: numbered in that order;
	 * slot[root] is where its next member goes. */
	*start = ad_xmalloc((nitems / 2 + 2) * sizeof(**start));
	for (i = 0; i < nitems; i++)
		if (count[i] >= 2) {
			slot[i] = (uint32_t)m;
			(*start)[n++] = (uint32_t)m;
			m += count[i];
		}
	(*start)[n] = (uint32_t)m;
	*members = ad_xmalloc((m + 1) * sizeof(**members));
	for (i = 0; i < nitems; i++) {
		uint32_t r = find(parent, (uint32_t)i);

		if (count[r] >= 2)
			(*members)[slot[r]++] = (uint32_t)i;
	}
	free(parent);
	free(count);
	free(slot);
	return n;
}

/* The clusters shared out to worker threads, each with a row of its
 * own to sum in. */
typedef struct building {
	ad_clustering *out;
	const uint32_t *start, *members;
	ad_cvecs vecs;
	const uint32_t *size;
	atomic_size_t next;
} building;

/* Clusters handed out at a time: most are small. */
#define CLUSTERS_PER_CHUNK 64

static void medoids_work(void *job, int worker)
{
	building *b = job;
	ctx c = {b->vecs, b->size, NULL};
	size_t i, end;

	(void)worker;
	c.sum = ad_xcalloc((size_t)b->vecs.bound + 1, sizeof(*c.sum));
	while ((i = ad_parallel_chunk(&b->next, b->out->n, CLUSTERS_PER_CHUNK,
				      &end)) < b->out->n)
		for (; i < end; i++) {
			ad_cluster *cl = &b->out->clusters[i];

			cl->n = b->start[i + 1] - b->start[i];
			cl->members = ad_xmalloc(cl->n * sizeof(*cl->members));
			cl->scores = ad_xmalloc(cl->n * sizeof(*cl->scores));
			memcpy(cl->members, b->members + b->start[i],
			       cl->n * sizeof(*cl->members));
			cl->canonical = medoid(&c, cl->members, cl->n);
			order_members(&c, cl);
		}
	free(c.sum);
}

void ad_cluster_build(ad_clustering *out, const ad_pair *pairs,
		      size_t npairs, ad_cvecs vecs, size_t nitems,
		      const uint32_t *size, int jobs)
{
	uint32_t *start, *members;
	building b;

	out->n = ad_components(&start, &members, pairs, npairs, nitems);
	out->clusters = ad_xcalloc(out->n + 1, sizeof(*out->clusters));
	b.out = out;
	b.start = start;
	b.members = members;
	b.vecs = vecs;
	b.size = size;
	atomic_init(&b.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, out->n, 4 * CLUSTERS_PER_CHUNK),
			medoids_work, &b);
	if (out->n > 1)
		qsort(out->clusters, out->n, sizeof(*out->clusters), by_size);
	free(start);
	free(members);
}

void ad_cluster_set_canonical(ad_cluster *cl, uint32_t agent,
			      ad_cvecs vecs)
{
	ctx c = {vecs, NULL, NULL};

	cl->canonical = agent;
	order_members(&c, cl);
}

void ad_clustering_dispose(ad_clustering *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->clusters[i].members);
		free(c->clusters[i].scores);
	}
	free(c->clusters);
	c->clusters = NULL;
	c->n = 0;
}
