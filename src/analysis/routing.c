/*
 * routing.c - routing vectors, and the groups of agents that compete for
 * the same requests.
 *
 * Vectors: one bag of terms an agent (description, name, examples; the
 * frame's words left out, each term looked up once), document
 * frequencies over the agents that have a description, then sublinear
 * TF-IDF (tfidf.h), as every other level of the audit is weighed.
 *
 * Groups: the described agents, one per role group or cluster, are joined at the
 * threshold (simjoin.h), and the pairs that compete are covered by
 * stars, greedily: the agent with the most pairs not yet in a group is a
 * centre, and its group is the agents it competes with in those pairs;
 * the pairs among members count as shown. Every competing pair is in a
 * group, every member competes with its centre, and nothing chains:
 * A~B~C with A and C apart is a star around B, never a path that grows
 * with the threshold's graph, as connected components would. An agent
 * may be in several groups.
 */
#include "analysis/routing.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/role.h"
#include "base/arena.h"
#include "index/simjoin.h"

int ad_routing_routable(const ad_doc *d)
{
	return d->fm.description && d->ndesc_terms > 0;
}

/* Count the terms of ids[0, n) that are not the frame's. */
static void add_terms(ad_counter *c, ad_routing_vectors *rv,
		      const uint32_t *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t *f = &rv->frame[ids[i]];

		if (!*f)
			*f = ad_role_framed(ad_collection_word(rv->c, ids[i]))
				     ? 1 : 2;
		if (*f == 2)
			ad_counter_add(c, &ids[i], 1);
	}
}

/* What a runtime reads of an agent to route to it. */
static void add_agent_terms(ad_counter *c, ad_routing_vectors *rv,
			    const ad_doc *d)
{
	add_terms(c, rv, d->desc_terms, d->ndesc_terms);
	add_terms(c, rv, d->name_terms, d->nname_terms);
	if (d->nexample_terms) /* meta_terms is NULL without terms */
		add_terms(c, rv,
			  d->meta_terms + d->nmeta_terms - d->nexample_terms,
			  d->nexample_terms);
}

void ad_routing_vectors_build(ad_routing_vectors *out,
			      const ad_collection *col, uint32_t skip)
{
	uint32_t nterms = ad_collection_nterms(col);
	uint32_t *df = ad_xcalloc(nterms + 1, sizeof(*df));
	size_t i, ndocs = col->ndocs;
	ad_counter c;

	memset(out, 0, sizeof(*out));
	out->vecs = ad_xcalloc(ndocs + 1, sizeof(*out->vecs));
	out->idf = ad_xmalloc((nterms + 1) * sizeof(*out->idf));
	out->frame = ad_xcalloc(nterms + 1, 1);
	out->nterms = nterms;
	out->c = col;
	out->arena = ad_arena_new();
	ad_counter_init(&c, nterms);
	for (i = 0; i < ndocs; i++) {
		if (i == skip || !ad_routing_routable(col->docs[i]))
			continue;
		add_agent_terms(&c, out, col->docs[i]);
		ad_counter_take(&out->vecs[i], &c, out->arena);
		out->nrouted += out->vecs[i].n > 0;
	}
	ad_counter_dispose(&c);
	ad_tfidf_df(df, out->vecs, ndocs);
	ad_tfidf_idf(out->idf, df, nterms, out->nrouted);
	for (i = 0; i < ndocs; i++)
		ad_tfidf_weigh(&out->vecs[i], out->idf);
	free(df);
}

void ad_routing_vectors_dispose(ad_routing_vectors *rv)
{
	free(rv->vecs);
	free(rv->idf);
	free(rv->frame);
	ad_arena_free(rv->arena);
	memset(rv, 0, sizeof(*rv));
}

void ad_routing_request_vec(ad_svec *out, ad_routing_vectors *rv,
			    const ad_doc *d, struct ad_arena *arena)
{
	ad_counter c;
	size_t i;

	ad_counter_init(&c, rv->nterms);
	add_terms(&c, rv, d->desc_terms, d->ndesc_terms);
	for (i = 0; i < d->nsections; i++)
		add_terms(&c, rv, d->sections[i].terms, d->sections[i].nterms);
	for (i = 0; i < d->nrules; i++)
		add_terms(&c, rv, d->rules[i].terms, d->rules[i].nterms);
	ad_counter_take(out, &c, arena);
	ad_counter_dispose(&c);
	ad_tfidf_weigh(out, rv->idf);
}

/* ---- the agents that compete, as a graph ---- */

/* The competing pairs as adjacency lists: node x's neighbours are
 * nb[start[x], start[x + 1]), ascending, with their scores and whether
 * the pair is in a group yet; per node, its pairs not yet in a group,
 * and the sum of their scores. */
typedef struct graph {
	size_t *start;
	uint32_t *nb;
	double *score;
	uint8_t *covered;
	uint32_t *open;
	double *open_sum;
	size_t n;
} graph;

/* The join's pairs come sorted by (a, b), so each list fills ascending:
 * first the lower neighbours (pairs (a, x), a ascending), then the
 * higher ones (pairs (x, b), b ascending). */
static void graph_build(graph *g, const ad_pair *p, size_t np, size_t n)
{
	size_t *at = ad_xcalloc(n + 1, sizeof(*at));
	size_t i;

	g->n = n;
	g->start = ad_xcalloc(n + 2, sizeof(*g->start));
	g->open = ad_xcalloc(n + 1, sizeof(*g->open));
	g->open_sum = ad_xcalloc(n + 1, sizeof(*g->open_sum));
	for (i = 0; i < np; i++) {
		g->start[p[i].a + 1]++;
		g->start[p[i].b + 1]++;
	}
	for (i = 0; i < n; i++)
		g->start[i + 1] += g->start[i];
	g->nb = ad_xmalloc((2 * np + 1) * sizeof(*g->nb));
	g->score = ad_xmalloc((2 * np + 1) * sizeof(*g->score));
	g->covered = ad_xcalloc(2 * np + 1, 1);
	for (i = 0; i < np; i++) {
		uint32_t a = p[i].a, b = p[i].b;
		size_t x = g->start[a] + at[a]++, y = g->start[b] + at[b]++;

		g->nb[x] = b;
		g->nb[y] = a;
		g->score[x] = g->score[y] = p[i].score;
		g->open[a]++;
		g->open[b]++;
		g->open_sum[a] += p[i].score;
		g->open_sum[b] += p[i].score;
	}
	free(at);
}

static void graph_dispose(graph *g)
{
	free(g->start);
	free(g->nb);
	free(g->score);
	free(g->covered);
	free(g->open);
	free(g->open_sum);
}

/* The place of y in x's list, or SIZE_MAX when they do not compete. */
static size_t edge(const graph *g, uint32_t x, uint32_t y)
{
	size_t lo = g->start[x], hi = g->start[x + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->nb[mid] == y)
			return mid;
		if (g->nb[mid] < y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* Count the pair x~y as shown, once. */
static void cover(graph *g, uint32_t x, uint32_t y)
{
	size_t e = edge(g, x, y), f;

	if (e == SIZE_MAX || g->covered[e])
		return;
	f = edge(g, y, x);
	g->covered[e] = g->covered[f] = 1;
	g->open[x]--;
	g->open[y]--;
	g->open_sum[x] -= g->score[e];
	g->open_sum[y] -= g->score[e];
}

/* ---- stars ---- */

/* The node with the most pairs not yet shown, then the highest sum of
 * their scores, then the lowest; AD_ROUTING_NONE when all are shown. */
static uint32_t centre(const graph *g)
{
	uint32_t best = AD_ROUTING_NONE;
	size_t x;

	for (x = 0; x < g->n; x++) {
		if (!g->open[x])
			continue;
		if (best == AD_ROUTING_NONE || g->open[x] > g->open[best] ||
		    (g->open[x] == g->open[best] &&
		     g->open_sum[x] > g->open_sum[best]))
			best = (uint32_t)x;
	}
	return best;
}

typedef struct member {
	uint32_t node;
	double score;
} member;

static int by_score_desc(const void *x, const void *y)
{
	const member *a = x, *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return (a->node > b->node) - (a->node < b->node);
}

/* The star of c: c, then its neighbours in pairs not yet shown, best
 * first; returns its size. Every pair among them is then shown. */
static size_t star(member *m, graph *g, uint32_t c)
{
	size_t i, k, n = 1;

	m[0].node = c;
	m[0].score = 1.0;
	for (i = g->start[c]; i < g->start[c + 1]; i++)
		if (!g->covered[i]) {
			m[n].node = g->nb[i];
			m[n++].score = g->score[i];
		}
	qsort(m + 1, n - 1, sizeof(*m), by_score_desc);
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++)
			cover(g, m[i].node, m[k].node);
	return n;
}

/* ---- shared trigger terms ---- */

typedef struct term_weight {
	uint32_t id;
	uint32_t count; /* members beside the centre carrying it */
	int enough;     /* count is half of them or more (one at least) */
	double w;       /* what it adds to their cosines with the centre */
} term_weight;

/* Terms carried by enough members first, then by what they add: a word
 * every description uses ("agent") weighs little and comes late. */
static int by_share(const void *x, const void *y)
{
	const term_weight *a = x, *b = y;

	if (a->enough != b->enough)
		return a->enough ? -1 : 1;
	if (a->w != b->w)
		return a->w > b->w ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* Position of id in v, or -1. */
static long find_term(const ad_svec *v, uint32_t id)
{
	uint32_t lo = 0, hi = v->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (v->ids[mid] == id)
			return (long)mid;
		if (v->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The centre's terms that half the other members carry too (one at
 * least), by what they add to the cosines; into out, at most
 * AD_ROUTING_TERMS. */
static size_t shared_terms(uint32_t *out, const ad_svec *v, const member *m,
			   size_t n)
{
	const ad_svec *c = &v[m[0].node];
	term_weight *t = ad_xmalloc((c->n + 1) * sizeof(*t));
	size_t i, k, need = n / 2 > 1 ? n / 2 : 1;

	for (i = 0; i < c->n; i++) {
		t[i].id = c->ids[i];
		t[i].count = 0;
		t[i].w = 0.0;
		for (k = 1; k < n; k++) {
			long at = find_term(&v[m[k].node], c->ids[i]);

			if (at < 0)
				continue;
			t[i].count++;
			t[i].w += (double)c->w[i] * v[m[k].node].w[at];
		}
	}
	for (i = 0; i < c->n; i++)
		t[i].enough = t[i].count >= need;
	qsort(t, c->n, sizeof(*t), by_share);
	for (k = 0; k < c->n && k < AD_ROUTING_TERMS && t[k].enough; k++)
		out[k] = t[k].id;
	free(t);
	return k;
}

/* ---- the stage ---- */

/* The group each agent is merged into: 1-based over the role groups,
 * then over the clusters outside them; 0 for an agent in neither. */
static uint32_t *units(const ad_routing_input *in)
{
	uint32_t *role = ad_clustering_index(in->roles, in->c->ndocs);
	uint32_t *cl = ad_clustering_index(in->clustering, in->c->ndocs);
	size_t i;

	for (i = 0; i < in->c->ndocs; i++)
		if (!role[i] && cl[i])
			role[i] = (uint32_t)in->roles->n + cl[i];
	free(cl);
	return role;
}

static const ad_cluster *unit_group(const ad_routing_input *in, uint32_t u)
{
	if (u <= in->roles->n)
		return &in->roles->clusters[u - 1];
	return &in->clustering->clusters[u - 1 - in->roles->n];
}

/* The agents compared, one per role group or cluster (its first member
 * with a description: the keep, unless it has none); returns how many. */
static size_t representatives(uint32_t *rep, const ad_routing_input *in,
			      const ad_svec *vecs)
{
	uint32_t *of = units(in);
	uint8_t *done =
		ad_xcalloc(in->roles->n + in->clustering->n + 1, 1);
	size_t i, n = 0;

	for (i = 0; i < in->c->ndocs; i++) {
		const ad_cluster *g;
		uint32_t k;

		if (!vecs[i].n || (of[i] && done[of[i]]))
			continue;
		if (!of[i]) {
			rep[n++] = (uint32_t)i;
			continue;
		}
		g = unit_group(in, of[i]);
		for (k = 0; k < g->n && !vecs[g->members[k]].n; k++)
			;
		rep[n++] = g->members[k];
		done[of[i]] = 1;
	}
	free(done);
	free(of);
	return n;
}

static int by_size(const void *x, const void *y)
{
	const ad_routing_group *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	if (a->high != b->high)
		return a->high > b->high ? -1 : 1;
	return (a->first > b->first) - (a->first < b->first);
}

/* One star a centre until every pair is shown; compact node numbers
 * become agents through rep. */
static void gather(ad_routing *out, graph *g, const ad_svec *cv,
		   const uint32_t *rep, const uint32_t *role)
{
	member *m = ad_xmalloc((g->n + 1) * sizeof(*m));
	size_t cap = 0, cap_members = 0, cap_scores = 0, cap_roles = 0;
	size_t cap_terms = 0;
	size_t nmembers = 0, nterms = 0, n, k;
	uint32_t c;

	while ((c = centre(g)) != AD_ROUTING_NONE) {
		ad_routing_group *gr;

		n = star(m, g, c);
		ad_grow(&out->groups, &cap, out->n + 1, sizeof(*out->groups));
		gr = &out->groups[out->n++];
		gr->first = (uint32_t)nmembers;
		gr->n = (uint32_t)n;
		gr->high = m[1].score;
		gr->low = m[n - 1].score;
		ad_grow(&out->members, &cap_members, nmembers + n,
			sizeof(*out->members));
		ad_grow(&out->scores, &cap_scores, nmembers + n,
			sizeof(*out->scores));
		ad_grow(&out->roles, &cap_roles, nmembers + n,
			sizeof(*out->roles));
		for (k = 0; k < n; k++) {
			out->members[nmembers] = rep[m[k].node];
			out->roles[nmembers] = role[rep[m[k].node]];
			out->scores[nmembers++] = m[k].score;
		}
		ad_grow(&out->terms, &cap_terms, nterms + AD_ROUTING_TERMS,
			sizeof(*out->terms));
		gr->first_term = (uint32_t)nterms;
		gr->nterms = (uint32_t)shared_terms(out->terms + nterms, cv, m,
						    n);
		nterms += gr->nterms;
	}
	free(m);
	if (out->n > 1)
		qsort(out->groups, out->n, sizeof(*out->groups), by_size);
}

int ad_routing_find(ad_routing *out, const ad_routing_input *in,
		    ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	ad_routing_vectors own;
	const ad_routing_vectors *rv = in->vectors;
	uint32_t *rep = ad_xmalloc((in->c->ndocs + 1) * sizeof(*rep));
	ad_svec *cv = ad_xmalloc((in->c->ndocs + 1) * sizeof(*cv));
	ad_pair *p = NULL;
	size_t i, n, np = 0;
	graph g;
	int rc;

	memset(out, 0, sizeof(*out));
	out->threshold = in->threshold;
	if (!rv) {
		ad_routing_vectors_build(&own, in->c, AD_ROUTING_NONE);
		rv = &own;
	}
	n = representatives(rep, in, rv->vecs);
	for (i = 0; i < n; i++)
		cv[i] = rv->vecs[rep[i]];
	jo.threshold = in->threshold;
	jo.jobs = in->jobs;
	rc = ad_simjoin_run(&p, &np, cv, n, &jo, NULL, err);
	out->nrouted = n;
	out->npairs = rc == 0 ? np : 0;
	if (rc == 0 && np) {
		uint32_t *role = ad_clustering_index(in->roles, in->c->ndocs);

		graph_build(&g, p, np, n);
		gather(out, &g, cv, rep, role);
		graph_dispose(&g);
		free(role);
	}
	free(p);
	free(cv);
	free(rep);
	if (rv == &own)
		ad_routing_vectors_dispose(&own);
	return rc;
}

void ad_routing_dispose(ad_routing *r)
{
	free(r->groups);
	free(r->members);
	free(r->scores);
	free(r->roles);
	free(r->terms);
	memset(r, 0, sizeof(*r));
}
