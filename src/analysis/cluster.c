/*
 * cluster.c - connected components with union-find, then medoids.
 */
#include "analysis/cluster.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"

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
	const ad_svec *vecs;
	const uint32_t *size;
} ctx;

static uint32_t medoid(const ctx *c, const uint32_t *m, uint32_t n)
{
	uint32_t i, k, best = 0;
	double best_sum = -1.0;

	for (i = 0; i < n; i++) {
		double sum = 0.0;

		for (k = 0; k < n; k++)
			if (k != i)
				sum += ad_svec_dot(&c->vecs[m[i]], &c->vecs[m[k]]);
		if (sum > best_sum + 1e-12 ||
		    (sum > best_sum - 1e-12 && c->size &&
		     c->size[m[i]] > c->size[m[best]])) {
			best = i;
			best_sum = sum;
		}
	}
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

/* Canonical first, then the others by similarity to it. */
static void order_members(const ctx *c, ad_cluster *cl)
{
	scored *s = ad_xmalloc(cl->n * sizeof(*s));
	uint32_t i;

	for (i = 0; i < cl->n; i++) {
		s[i].id = cl->members[i];
		s[i].score = cl->members[i] == cl->canonical
				     ? 2.0 /* sorts first */
				     : ad_svec_dot(&c->vecs[cl->canonical],
						   &c->vecs[cl->members[i]]);
	}
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

/* Members of each component, gathered by root in index order. */
static void gather(ad_clustering *out, uint32_t *parent, size_t nitems)
{
	uint32_t *count = ad_xcalloc(nitems + 1, sizeof(*count));
	uint32_t *slot = ad_xmalloc((nitems + 1) * sizeof(*slot));
	uint32_t i;

	for (i = 0; i < nitems; i++)
		count[find(parent, i)]++;
	for (i = 0; i < nitems; i++) {
		ad_cluster *cl;

		if (count[i] < 2)
			continue;
		slot[i] = (uint32_t)out->n;
		cl = &out->clusters[out->n++];
		cl->members = ad_xmalloc(count[i] * sizeof(*cl->members));
		cl->scores = ad_xmalloc(count[i] * sizeof(*cl->scores));
		cl->n = 0;
	}
	for (i = 0; i < nitems; i++) {
		uint32_t r = find(parent, i);
		if (count[r] >= 2) {
			ad_cluster *cl = &out->clusters[slot[r]];
			cl->members[cl->n++] = i;
		}
	}
	free(count);
	free(slot);
}

void ad_cluster_build(ad_clustering *out, const ad_pair *pairs,
		      size_t npairs, const ad_svec *vecs, size_t nitems,
		      const uint32_t *size)
{
	uint32_t *parent = ad_xmalloc((nitems + 1) * sizeof(*parent));
	ctx c = {vecs, size};
	size_t i;

	for (i = 0; i < nitems; i++)
		parent[i] = (uint32_t)i;
	for (i = 0; i < npairs; i++)
		unite(parent, pairs[i].a, pairs[i].b);
	out->n = 0;
	out->clusters = ad_xcalloc(nitems / 2 + 1, sizeof(*out->clusters));
	gather(out, parent, nitems);
	for (i = 0; i < out->n; i++) {
		ad_cluster *cl = &out->clusters[i];
		cl->canonical = medoid(&c, cl->members, cl->n);
		order_members(&c, cl);
	}
	if (out->n > 1)
		qsort(out->clusters, out->n, sizeof(*out->clusters), by_size);
	free(parent);
}

void ad_cluster_set_canonical(ad_cluster *cl, uint32_t agent,
			      const ad_svec *vecs)
{
	ctx c = {vecs, NULL};

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
