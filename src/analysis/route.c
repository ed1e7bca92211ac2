/*
 * route.c - a request against every agent's routing vector.
 *
 * One dot product per agent, as a query is (query.c): a request is one
 * row of the similarity matrix. The vectors are made afresh over the
 * collection without the request (routing.h), a few milliseconds next
 * to the audit. Scores are sorted with the agent index as the second key,
 * so equal scores come out in walk order.
 */
#include "agentdup/route.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/routing.h"
#include "base/arena.h"

static int by_score(const void *x, const void *y)
{
	const ad_route_hit *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->agent < b->agent ? -1 : a->agent > b->agent;
}

/* Every agent the request shares a term with, at min_score or more,
 * into out->hits (room for all), unsorted; returns how many. */
static size_t score_all(ad_route *out, const ad_routing_vectors *rv,
			const ad_svec *req, const uint32_t *cluster,
			const uint32_t *role, size_t ndocs,
			const ad_route_opts *o)
{
	size_t i, n = 0;

	for (i = 0; i < ndocs; i++) {
		double s;

		if (i == out->request || i == o->skip)
			continue;
		if (!rv->vecs[i].n) {
			out->nundescribed++;
			continue;
		}
		out->ncandidates++;
		s = ad_svec_dot(req, &rv->vecs[i]);
		if (s <= 0.0 || s < o->min_score)
			continue;
		memset(&out->hits[n], 0, sizeof(out->hits[n]));
		out->hits[n].agent = (uint32_t)i;
		out->hits[n].score = s;
		out->hits[n].role = role[i];
		out->hits[n++].cluster = cluster[i];
	}
	return n;
}

typedef struct weighed {
	uint32_t id;
	float w;
} weighed;

static int by_weight(const void *x, const void *y)
{
	const weighed *a = x, *b = y;

	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* The request's terms, those that weigh most first. */
static void request_terms(ad_route *out, const ad_svec *req)
{
	weighed *t = ad_xmalloc((req->n + 1) * sizeof(*t));
	size_t i;

	for (i = 0; i < req->n; i++) {
		t[i].id = req->ids[i];
		t[i].w = req->w[i];
	}
	qsort(t, req->n, sizeof(*t), by_weight);
	out->request_nterms = req->n;
	for (i = 0; i < req->n && i < AD_ROUTE_REQUEST_TERMS; i++)
		out->request_terms[i] = t[i].id;
	out->nrequest_terms = i;
	free(t);
}

/* The runner-up: the first hit after the first that is not in its
 * cluster. */
static void runner_up(ad_route *out, size_t n)
{
	const ad_route_hit *first = &out->hits[0];
	size_t i;

	for (i = 1; i < n; i++)
		if (!first->cluster || out->hits[i].cluster != first->cluster)
			break;
	if (i >= n)
		return;
	out->has_runner_up = 1;
	out->runner_up = out->hits[i];
	out->margin = first->score - out->hits[i].score;
	out->ratio = out->hits[i].score / first->score;
	out->ambiguous = out->ratio >= AD_ROUTE_AMBIGUOUS;
}

void ad_route_request(ad_route *out, const ad_audit *audit,
		      uint32_t request, const ad_route_opts *opts)
{
	static const ad_route_opts defaults = AD_ROUTE_OPTS_INIT;
	const ad_collection *c = audit->collection;
	ad_routing_vectors rv;
	ad_arena *arena = ad_arena_new();
	uint32_t *cluster, *role;
	ad_svec req;
	size_t i, n;

	assert(request < c->ndocs);
	if (!opts)
		opts = &defaults;
	memset(out, 0, sizeof(*out));
	out->request = request;
	out->k = opts->k;
	out->min_score = opts->min_score;
	ad_routing_vectors_build(&rv, c, request);
	ad_routing_request_vec(&req, &rv, c->docs[request], arena);
	request_terms(out, &req);
	cluster = ad_clustering_index(&audit->clustering, c->ndocs);
	role = ad_clustering_index(&audit->roles, c->ndocs);
	out->hits = ad_xmalloc((c->ndocs + 1) * sizeof(*out->hits));
	n = score_all(out, &rv, &req, cluster, role, c->ndocs, opts);
	qsort(out->hits, n, sizeof(*out->hits), by_score);
	for (i = 0; i < n; i++) {
		ad_route_hit *h = &out->hits[i];

		h->rank = (uint32_t)i + 1;
		h->nterms = ad_svec_top_terms(h->terms, AD_EVIDENCE_TERMS, &req,
					      &rv.vecs[h->agent], rv.nterms);
	}
	out->nmatched = n;
	if (n)
		runner_up(out, n);
	out->nhits = n < opts->k ? n : opts->k;
	free(cluster);
	free(role);
	ad_arena_free(arena);
	ad_routing_vectors_dispose(&rv);
}

void ad_route_dispose(ad_route *r)
{
	free(r->hits);
	memset(r, 0, sizeof(*r));
}
