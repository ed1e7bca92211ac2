/*
 * role.c - role vectors, their join, the nearest-neighbour filter and the
 * average-linkage grouping of role.h.
 *
 * Units are numbered in the order of their lowest members, each with its
 * members listed; a unit's vectors are the sums of its members', made
 * through a dense row of terms (a unit of one agent shares its agent's);
 * the terms of a small unit are found by merging its members' lists,
 * already ascending, rather than by sorting them.
 * A role vector is built in three parts, each a sparse vector with ids
 * ascending and norm 1: the AD_ROLE_BODY_TERMS heaviest terms of the
 * unit's summed agent vector, its description vector, and its names'
 * terms weighted by their idf among names. Their weighted sum is merged
 * in one pass and normalised. A pair of units is scored by the dot of
 * their summed agent vectors over the product of their sizes: the mean
 * cosine of their agents' pairs, at the cost of one pair. The sums, the
 * role vectors and the scores are made on worker threads, units (or runs
 * of pairs of one unit) shared out in chunks, each worker with a dense
 * row and an arena of its own; each unit's figures are summed in one
 * order whoever makes them, so the output does not depend on the number
 * of workers. Grouping keeps,
 * per pair of groups, the sum of the role scores between their members in
 * one sorted edge list; a merge takes out the two groups' edges, re-keys
 * them, sums the duplicates and puts them back in order. The groups are
 * pruned on worker threads, a row of a group's pairs at a time (one group
 * of two large units can be most of the work), and their reasons written
 * on worker threads, one group at a time, each into a slot of its own.
 */
#include "analysis/role.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/buf.h"
#include "analysis/align.h"
#include "analysis/cluster.h"
#include "analysis/job.h"
#include "base/arena.h"
#include "base/embed.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "index/best.h"

/* ---- units: the variant clusters, and the agents outside them ---- */

/* The units of the join, in the order of their lowest members: each
 * variant cluster is one, named by its lowest member, and every agent
 * outside clusters is one of its own. */
typedef struct role_units {
	uint32_t n;
	uint32_t *rep;     /* per unit: its lowest member (ascending) */
	uint32_t *of;      /* per doc: its unit */
	uint32_t *start;   /* unit u's members: member[start[u]..start[u+1]) */
	uint32_t *member;  /* ascending within a unit */
} role_units;

uint32_t *ad_role_unit_of(const ad_clustering *clusters, size_t ndocs)
{
	uint32_t *low = ad_xmalloc((ndocs + 1) * sizeof(*low));
	size_t i;
	uint32_t k;

	for (i = 0; i < ndocs; i++)
		low[i] = (uint32_t)i;
	for (i = 0; clusters && i < clusters->n; i++) {
		const ad_cluster *c = &clusters->clusters[i];
		uint32_t m = c->members[0];

		for (k = 1; k < c->n; k++)
			m = c->members[k] < m ? c->members[k] : m;
		for (k = 0; k < c->n; k++)
			low[c->members[k]] = m;
	}
	return low;
}

static void units_make(role_units *u, const ad_clustering *clusters,
		       size_t ndocs)
{
	uint32_t *low = ad_role_unit_of(clusters, ndocs);
	uint32_t *fill = ad_xcalloc(ndocs + 1, sizeof(*fill));
	size_t i;
	uint32_t k;

	u->of = ad_xmalloc((ndocs + 1) * sizeof(*u->of));
	u->rep = ad_xmalloc((ndocs + 1) * sizeof(*u->rep));
	u->start = ad_xcalloc(ndocs + 2, sizeof(*u->start));
	u->member = ad_xmalloc((ndocs + 1) * sizeof(*u->member));
	u->n = 0;
	for (i = 0; i < ndocs; i++) { /* low[i] <= i: its unit is known */
		if (low[i] == i) {
			u->of[i] = u->n;
			u->rep[u->n++] = (uint32_t)i;
		} else {
			u->of[i] = u->of[low[i]];
		}
		u->start[u->of[i] + 1]++;
	}
	for (k = 0; k < u->n; k++)
		u->start[k + 1] += u->start[k];
	memset(fill, 0, (ndocs + 1) * sizeof(*fill));
	for (i = 0; i < ndocs; i++)
		u->member[u->start[u->of[i]] + fill[u->of[i]]++] = (uint32_t)i;
	free(low);
	free(fill);
}

static void units_dispose(role_units *u)
{
	free(u->rep);
	free(u->of);
	free(u->start);
	free(u->member);
}

/* The arenas of the pair step, one per worker (ad_parallel_run() hands
 * worker k its own); a serial step uses the first. */
typedef struct role_pools {
	ad_arena **arena;
	int n;
} role_pools;

/* Units per chunk handed to a worker. */
#define UNITS_PER_CHUNK 32

/* Units of at most this many members find their terms by merging their
 * members' (each ascending) one after the other; larger ones mark them
 * in a row and sort them, which costs less than so many merges. */
#define MERGE_MOST 16

/* Per-worker scratch of one dense row of terms: the row, the marks of the
 * terms in it, and two lists of their ids. */
typedef struct dense {
	double *row;
	uint32_t *seen;
	uint32_t *ids, *tmp;
} dense;

static void dense_init(dense *d, uint32_t nterms)
{
	d->row = ad_xcalloc((size_t)nterms + 1, sizeof(*d->row));
	d->seen = ad_xcalloc((size_t)nterms + 1, sizeof(*d->seen));
	d->ids = ad_xmalloc(((size_t)nterms + 1) * sizeof(*d->ids));
	d->tmp = ad_xmalloc(((size_t)nterms + 1) * sizeof(*d->tmp));
}

static void dense_dispose(dense *d)
{
	free(d->row);
	free(d->seen);
	free(d->ids);
	free(d->tmp);
}

/* The union of a[0..na) and b[0..nb) (each ascending, no repeats) into
 * out, ascending; its length. */
static uint32_t union_ids(uint32_t *out, const uint32_t *a, uint32_t na,
			  const uint32_t *b, uint32_t nb)
{
	uint32_t i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		if (a[i] < b[j])
			out[n++] = a[i++];
		else if (b[j] < a[i])
			out[n++] = b[j++];
		else
			out[n++] = a[i++], j++;
	}
	while (i < na)
		out[n++] = a[i++];
	while (j < nb)
		out[n++] = b[j++];
	return n;
}

/* What unit_sums() shares out to its workers: the members' vectors are
 * open (v), or packed (packed.v, and v NULL). */
typedef struct sums_job {
	ad_svec *out;
	const ad_svec *v;
	ad_cvecs packed;
	uint32_t longest; /* packed: the most terms of a member's vector */
	const role_units *u;
	uint32_t nterms;
	int normalise;
	const role_pools *pools;
	atomic_size_t next;
} sums_job;

/* The vector of doc i as j sums it: open, or unpacked into room. */
static const ad_svec *member_vec(const sums_job *j, uint32_t i,
				 ad_svec *room)
{
	if (j->v)
		return &j->v[i];
	ad_cvec_unpack(room, &j->packed.v[i], j->packed.idf, room->ids,
		       room->w);
	return room;
}

/* The sum of unit x's members' vectors into *out, through the zeroed
 * row of d (left zeroed); ids ascend. A unit of one agent shares its
 * vector: the open one, or for packed vectors none (its sum is then
 * read from the packed one: agent_sums). room: a member's unpacked. */
static void unit_sum(ad_svec *out, ad_arena *arena, dense *d,
		     const sums_job *j, uint32_t x, ad_svec *room)
{
	const role_units *u = j->u;
	uint32_t size = u->start[x + 1] - u->start[x], m, k, n = 0;
	uint32_t *ids = d->ids, *tmp = d->tmp, *swap;
	double norm = 0.0;

	if (size == 1) {
		if (j->v)
			*out = j->v[u->rep[x]];
		else
			memset(out, 0, sizeof(*out));
		return;
	}
	for (m = u->start[x]; m < u->start[x + 1]; m++) {
		const ad_svec *s = member_vec(j, u->member[m], room);

		for (k = 0; k < s->n; k++)
			d->row[s->ids[k]] += s->w[k];
		if (size <= MERGE_MOST) {
			n = union_ids(tmp, ids, n, s->ids, s->n);
			swap = ids, ids = tmp, tmp = swap;
			continue;
		}
		for (k = 0; k < s->n; k++)
			if (d->seen[s->ids[k]] != x + 1) {
				d->seen[s->ids[k]] = x + 1;
				ids[n++] = s->ids[k];
			}
	}
	if (size > MERGE_MOST)
		ad_sort_u32(ids, n);
	out->n = n;
	out->ids = ad_arena_alloc(arena, (n + 1) * sizeof(*out->ids));
	out->w = ad_arena_alloc(arena, (n + 1) * sizeof(*out->w));
	for (k = 0; k < n; k++)
		norm += d->row[ids[k]] * d->row[ids[k]];
	norm = j->normalise && norm > 0.0 ? sqrt(norm) : 1.0;
	for (k = 0; k < n; k++) {
		out->ids[k] = ids[k];
		out->w[k] = (float)(d->row[ids[k]] / norm);
		d->row[ids[k]] = 0.0;
	}
}

/* A worker's room to unpack a vector of up to n terms into (ids and
 * weights malloc'd; room_free()). */
static ad_svec room_for(size_t n)
{
	ad_svec r = {0, ad_xmalloc((n + 1) * sizeof(uint32_t)),
		     ad_xmalloc((n + 1) * sizeof(float))};

	return r;
}

static void room_free(ad_svec *r)
{
	free(r->ids);
	free(r->w);
}

static void sums_work(void *ctx, int worker)
{
	sums_job *j = ctx;
	size_t n = j->u->n, x, end;
	ad_svec room = room_for(j->v ? 0 : j->longest);
	dense d;

	dense_init(&d, j->nterms);
	while ((x = ad_parallel_chunk(&j->next, n, UNITS_PER_CHUNK, &end)) < n)
		for (; x < end; x++)
			unit_sum(&j->out[x], j->pools->arena[worker], &d, j,
				 (uint32_t)x, &room);
	dense_dispose(&d);
	room_free(&room);
}

/* Per unit, the sum of its members' vectors v (per doc: open, or packed
 * when v is NULL), normalised when asked; a unit of one agent shares
 * that agent's vector (see unit_sum()). Units are shared out to the
 * workers, each summing through a dense row of its own; ids stay
 * ascending. */
static void unit_sums(ad_svec *out, const role_pools *pools,
		      const ad_svec *v, ad_cvecs packed, const role_units *u,
		      uint32_t nterms, int normalise)
{
	sums_job j;
	size_t i;

	j.out = out;
	j.v = v;
	j.packed = packed;
	j.longest = 0;
	for (i = 0; !v && i < u->start[u->n]; i++)
		if (packed.v[u->member[i]].n > j.longest)
			j.longest = packed.v[u->member[i]].n;
	j.u = u;
	j.nterms = nterms;
	j.normalise = normalise;
	j.pools = pools;
	atomic_init(&j.next, 0);
	ad_parallel_run(pools->n, sums_work, &j);
}

/* Per unit, its members' agent vectors summed (unit_sums() of the packed
 * agent vectors): a unit of one agent has no sum of its own, and its
 * agent's packed vector is read in its place, unless it was unpacked
 * into its sum for the pairs to score (open_lone()). */
typedef struct agent_sums {
	ad_svec *sum; /* per unit */
	ad_cvecs agents;
	const role_units *u;
} agent_sums;

/* Unit x's agent, when it has only one and its sum is not open; else
 * NULL. */
static const ad_cvec *lone_agent(const agent_sums *s, uint32_t x)
{
	if (s->u->start[x + 1] - s->u->start[x] != 1 || s->sum[x].ids)
		return NULL;
	return &s->agents.v[s->u->rep[x]];
}

static uint32_t sum_len(const agent_sums *s, uint32_t x)
{
	const ad_cvec *a = lone_agent(s, x);

	return a ? a->n : s->sum[x].n;
}

/* Unit x's sum, open: its own, or its agent's unpacked into room (room
 * for sum_len() terms). */
static const ad_svec *sum_open(const agent_sums *s, uint32_t x,
			       ad_svec *room)
{
	const ad_cvec *a = lone_agent(s, x);

	if (!a)
		return &s->sum[x];
	ad_cvec_unpack(room, a, s->agents.idf, room->ids, room->w);
	return room;
}

/* ad_svec_spread(), ad_svec_unspread() and ad_svec_dot_row() of unit
 * x's sum (the same values for a packed vector: tfidf.h). */
static void sum_spread(double *row, const agent_sums *s, uint32_t x)
{
	const ad_cvec *a = lone_agent(s, x);

	if (a)
		ad_cvec_spread(row, a, s->agents.idf);
	else
		ad_svec_spread(row, &s->sum[x]);
}

static void sum_unspread(double *row, const agent_sums *s, uint32_t x)
{
	const ad_cvec *a = lone_agent(s, x);

	if (a)
		ad_cvec_unspread(row, a);
	else
		ad_svec_unspread(row, &s->sum[x]);
}

static double sum_dot_row(const double *row, const agent_sums *s,
			  uint32_t x)
{
	const ad_cvec *a = lone_agent(s, x);

	return a ? ad_cvec_dot_row(row, a, s->agents.idf)
		 : ad_svec_dot_row(row, &s->sum[x]);
}

/* ---- role vectors ---- */

typedef struct wterm {
	uint32_t id;
	float w;
} wterm;

static int by_id(const void *x, const void *y)
{
	const wterm *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/* The k heaviest terms of v (ties to the lower id), ids ascending, norm
 * 1, into t; how many. rank: room for v's terms. */
static size_t heaviest(wterm *t, ad_ranked *rank, const ad_svec *v,
		       size_t k)
{
	double norm = 0.0;
	size_t i, n = v->n;

	if (n > k) {
		for (i = 0; i < n; i++) {
			rank[i].score = v->w[i];
			rank[i].key = v->ids[i];
		}
		ad_select_best(rank, n, k);
		for (i = 0, n = k; i < n; i++) {
			t[i].id = (uint32_t)rank[i].key;
			t[i].w = (float)rank[i].score;
		}
		qsort(t, n, sizeof(*t), by_id);
	} else {
		for (i = 0; i < n; i++) {
			t[i].id = v->ids[i];
			t[i].w = v->w[i];
		}
	}
	for (i = 0; i < n; i++)
		norm += (double)t[i].w * t[i].w;
	norm = sqrt(norm);
	for (i = 0; i < n && norm > 0.0; i++)
		t[i].w = (float)(t[i].w / norm);
	return n;
}

/* The name's distinct terms weighted by idf, ids ascending, norm 1. */
static size_t name_part(wterm *t, const ad_doc *d, const double *idf)
{
	double norm = 0.0;
	uint32_t k;
	size_t n = 0, i, w;

	for (k = 0; k < d->nname_terms; k++) {
		t[n].id = d->name_terms[k];
		t[n++].w = (float)idf[d->name_terms[k]];
	}
	qsort(t, n, sizeof(*t), by_id);
	for (i = 0, w = 0; i < n; i++)
		if (w == 0 || t[w - 1].id != t[i].id)
			t[w++] = t[i];
	for (i = 0; i < w; i++)
		norm += (double)t[i].w * t[i].w;
	norm = sqrt(norm);
	for (i = 0; i < w && norm > 0.0; i++)
		t[i].w = (float)(t[i].w / norm);
	return w;
}

/* idf of every term among the names of the docs. */
static double *name_idf(const ad_role_input *in)
{
	const ad_collection *c = in->c;
	uint32_t *df = ad_xcalloc((size_t)in->nterms + 1, sizeof(*df));
	uint32_t *seen = ad_xcalloc((size_t)in->nterms + 1, sizeof(*seen));
	double *idf = ad_xmalloc(((size_t)in->nterms + 1) * sizeof(*idf));
	size_t i;
	uint32_t k;

	for (i = 0; i < c->ndocs; i++)
		for (k = 0; k < c->docs[i]->nname_terms; k++) {
			uint32_t t = c->docs[i]->name_terms[k];

			if (seen[t] != i + 1) {
				seen[t] = (uint32_t)i + 1;
				df[t]++;
			}
		}
	for (k = 0; k < in->nterms; k++)
		idf[k] = log((1.0 + (double)c->ndocs) / (1.0 + df[k])) + 1.0;
	free(df);
	free(seen);
	return idf;
}

/* The weighted sum of three parts (ids ascending) into v, normalised. */
static void combine(ad_svec *v, ad_arena *arena, const wterm *const part[3],
		    const size_t len[3], const double weight[3])
{
	size_t at[3] = {0, 0, 0}, cap = len[0] + len[1] + len[2], n = 0, p;
	double norm = 0.0;

	v->ids = ad_arena_alloc(arena, (cap + 1) * sizeof(*v->ids));
	v->w = ad_arena_alloc(arena, (cap + 1) * sizeof(*v->w));
	for (;;) {
		uint32_t id = UINT32_MAX;
		double w = 0.0;

		for (p = 0; p < 3; p++)
			if (at[p] < len[p] && part[p][at[p]].id < id)
				id = part[p][at[p]].id;
		if (id == UINT32_MAX)
			break;
		for (p = 0; p < 3; p++)
			if (at[p] < len[p] && part[p][at[p]].id == id)
				w += weight[p] * part[p][at[p]++].w;
		v->ids[n] = id;
		v->w[n++] = (float)w;
		norm += w * w;
	}
	norm = sqrt(norm);
	for (p = 0; p < n && norm > 0.0; p++)
		v->w[p] = (float)(v->w[p] / norm);
	v->n = (uint32_t)n;
}

/* The terms of v into t; how many. */
static size_t terms_of(wterm *t, const ad_svec *v)
{
	uint32_t k;

	for (k = 0; k < v->n; k++) {
		t[k].id = v->ids[k];
		t[k].w = v->w[k];
	}
	return v->n;
}

/* Per doc, its name part (name_part()) as a vector in the arena. */
static void name_vectors(ad_svec *out, ad_arena *arena,
			 const ad_collection *c, const double *idf)
{
	size_t i, most = 1;
	wterm *t;

	for (i = 0; i < c->ndocs; i++)
		most = c->docs[i]->nname_terms > most ? c->docs[i]->nname_terms
						       : most;
	t = ad_xmalloc(most * sizeof(*t));
	for (i = 0; i < c->ndocs; i++) {
		size_t n = name_part(t, c->docs[i], idf), k;

		out[i].n = (uint32_t)n;
		out[i].ids = ad_arena_alloc(arena, (n + 1) * sizeof(uint32_t));
		out[i].w = ad_arena_alloc(arena, (n + 1) * sizeof(float));
		for (k = 0; k < n; k++) {
			out[i].ids[k] = t[k].id;
			out[i].w[k] = t[k].w;
		}
	}
	free(t);
}

/* What role_vectors() shares out to its workers. */
typedef struct vectors_job {
	ad_svec *out;
	const agent_sums *sums;
	const ad_svec *desc, *name; /* per unit */
	size_t most;                        /* the longest part */
	uint32_t nunits;
	const role_pools *pools;
	atomic_size_t next;
} vectors_job;

static void vectors_work(void *ctx, int worker)
{
	static const double weight[3] = {AD_ROLE_WEIGHT_BODY,
					 AD_ROLE_WEIGHT_DESC,
					 AD_ROLE_WEIGHT_NAME};
	vectors_job *j = ctx;
	size_t n = j->nunits, x, end, len[3];
	ad_ranked *rank = ad_xmalloc(j->most * sizeof(*rank));
	ad_svec room = room_for(j->most);
	wterm *part[3];

	for (x = 0; x < 3; x++)
		part[x] = ad_xmalloc(j->most * sizeof(**part));
	while ((x = ad_parallel_chunk(&j->next, n, UNITS_PER_CHUNK, &end)) < n)
		for (; x < end; x++) {
			const wterm *const p[3] = {part[0], part[1], part[2]};

			len[0] = heaviest(part[0], rank,
					  sum_open(j->sums, (uint32_t)x, &room),
					  AD_ROLE_BODY_TERMS);
			len[1] = terms_of(part[1], &j->desc[x]);
			len[2] = terms_of(part[2], &j->name[x]);
			combine(&j->out[x], j->pools->arena[worker], p, len,
				weight);
		}
	for (x = 0; x < 3; x++)
		free(part[x]);
	free(rank);
	room_free(&room);
}

/* Per unit, its role vector, its three parts made from the sums of its
 * members' agent vectors (agent_sums), descriptions and names: a unit of
 * one agent gets that agent's own. Units are shared out to the workers. */
static void role_vectors(ad_svec *out, const role_pools *pools,
			 const ad_role_input *in, const role_units *u,
			 const agent_sums *sums)
{
	size_t nd = in->c->ndocs, x;
	double *idf = name_idf(in);
	ad_svec *names = ad_xcalloc(nd + 1, sizeof(*names));
	ad_svec *desc = ad_xcalloc((size_t)u->n + 1, sizeof(*desc));
	ad_svec *name = ad_xcalloc((size_t)u->n + 1, sizeof(*name));
	const ad_cvecs none = {NULL, NULL, 0}; /* desc and names are open */
	vectors_job j;

	name_vectors(names, pools->arena[0], in->c, idf);
	unit_sums(desc, pools, in->desc_vecs, none, u, in->nterms, 1);
	unit_sums(name, pools, names, none, u, in->nterms, 1);
	j.out = out;
	j.sums = sums;
	j.desc = desc;
	j.name = name;
	j.most = 1;
	j.nunits = u->n;
	j.pools = pools;
	for (x = 0; x < u->n; x++) {
		size_t n = sum_len(sums, (uint32_t)x) + desc[x].n + name[x].n;

		j.most = n > j.most ? n : j.most;
	}
	atomic_init(&j.next, 0);
	ad_parallel_run(pools->n, vectors_work, &j);
	free(names);
	free(desc);
	free(name);
	free(idf);
}

/* ---- pairs: the join and the nearest neighbours ---- */

/* What unit_scores() shares out to its workers: runs of pairs of one
 * unit a, run r being p[run[r]..run[r + 1]). */
typedef struct scores_job {
	ad_pair *p;
	const size_t *run;
	size_t nruns;
	const agent_sums *sums;
	const role_units *u;
	uint32_t nterms;
	atomic_size_t next;
} scores_job;

/* Score the pairs of run r, through the zeroed row (left zeroed). */
static void score_run(double *row, const scores_job *j, size_t r)
{
	ad_pair *p = j->p;
	const role_units *u = j->u;
	uint32_t a = p[j->run[r]].a;
	double na = u->start[a + 1] - u->start[a];
	size_t i;

	sum_spread(row, j->sums, a);
	for (i = j->run[r]; i < j->run[r + 1]; i++) {
		double nb = u->start[p[i].b + 1] - u->start[p[i].b];

		p[i].score = sum_dot_row(row, j->sums, p[i].b) / (na * nb);
	}
	sum_unspread(row, j->sums, a);
}

static void scores_work(void *ctx, int worker)
{
	scores_job *j = ctx;
	double *row = ad_xcalloc((size_t)j->nterms + 1, sizeof(*row));
	size_t r, end;

	(void)worker;
	while ((r = ad_parallel_chunk(&j->next, j->nruns, UNITS_PER_CHUNK,
				      &end)) < j->nruns)
		for (; r < end; r++)
			score_run(row, j, r);
	free(row);
}

/* Score p[0..n) (pairs of units, sorted by (a, b)) by the mean cosine
 * of their agents: the dot of the two units' summed agent vectors over
 * the product of their sizes. Sums are long, so each run of pairs of one
 * unit a spreads a's sum into a dense row once, and each pair costs one
 * pass over b's terms; for two units of one agent each the sum runs over
 * the same terms in the same order as ad_svec_dot(). The runs are shared
 * out to the workers, each with a row of its own. */
static void unit_scores(ad_pair *p, size_t n, const agent_sums *sums,
			const role_units *u, uint32_t nterms, int jobs)
{
	size_t *run = ad_xmalloc((n + 2) * sizeof(*run));
	size_t i, nruns = 0;
	scores_job j;

	for (i = 0; i < n; i++)
		if (i == 0 || p[i].a != p[i - 1].a)
			run[nruns++] = i;
	run[nruns] = n;
	j.p = p;
	j.run = run;
	j.nruns = nruns;
	j.sums = sums;
	j.u = u;
	j.nterms = nterms;
	atomic_init(&j.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, nruns, UNITS_PER_CHUNK),
			scores_work, &j);
	free(run);
}

/* The most bytes of lone agents' vectors open_lone() unpacks. */
#define LONE_OPEN_MOST ((size_t)32 << 20)

/* What open_lone() shares out: the units to unpack. */
typedef struct open_job {
	agent_sums *sums;
	const uint32_t *unit;
	size_t n;
	const role_pools *pools;
	atomic_size_t next;
} open_job;

static void open_work(void *ctx, int worker)
{
	open_job *j = ctx;
	agent_sums *s = j->sums;
	ad_arena *arena = j->pools->arena[worker];
	size_t i, end;

	while ((i = ad_parallel_chunk(&j->next, j->n, UNITS_PER_CHUNK, &end)) <
	       j->n)
		for (; i < end; i++) {
			const ad_cvec *a = lone_agent(s, j->unit[i]);
			uint32_t *ids = ad_arena_alloc(
				arena, ((size_t)a->n + 1) * sizeof(*ids));
			float *w = ad_arena_alloc(arena,
						  ((size_t)a->n + 1) * sizeof(*w));

			ad_cvec_unpack(&s->sum[j->unit[i]], a, s->agents.idf,
				       ids, w);
		}
}

/* The units of one agent met in p[0..n), their vectors unpacked into
 * their sums, as many as LONE_OPEN_MOST bytes hold: each is read once
 * per pair it is in, and unpacked once rather than at every pair. */
static void open_lone(agent_sums *s, const ad_pair *p, size_t n,
		      const role_pools *pools)
{
	uint8_t *met = ad_xcalloc((size_t)s->u->n + 1, 1);
	uint32_t *unit = ad_xmalloc((2 * n + 1) * sizeof(*unit));
	size_t i, k, bytes = 0;
	open_job j;

	for (i = 0, j.n = 0; i < 2 * n; i++) {
		uint32_t x = i % 2 ? p[i / 2].b : p[i / 2].a;
		const ad_cvec *a = lone_agent(s, x);

		if (!a || met[x])
			continue;
		met[x] = 1;
		k = (size_t)a->n * (sizeof(uint32_t) + sizeof(float));
		if (bytes + k > LONE_OPEN_MOST)
			break;
		bytes += k;
		unit[j.n++] = x;
	}
	j.sums = s;
	j.unit = unit;
	j.pools = pools;
	atomic_init(&j.next, 0);
	ad_parallel_run(pools->n, open_work, &j);
	free(unit);
	free(met);
}

/* Keep the pairs whose two units each rank the other among their
 * AD_ROLE_NEIGHBOURS best, and whose jobs are not set apart by the names
 * of the units' lowest members; compacts p[0..*n). */
static void mutual_neighbours(ad_pair *p, size_t *n, const ad_collection *c,
			      const role_units *u)
{
	uint8_t *votes = ad_pairs_votes(p, *n, u->n, AD_ROLE_NEIGHBOURS);
	size_t i, kept = 0;

	for (i = 0; i < *n; i++)
		if (votes[i] == 2 &&
		    !ad_job_subjects_apart(c->docs[u->rep[p[i].a]],
					   c->docs[u->rep[p[i].b]]))
			p[kept++] = p[i];
	*n = kept;
	free(votes);
}

/* The pairs of units worth scoring: the join of their role vectors (the
 * normalised sum of their members'), each unit's shortlist, then the
 * agents' mean cosine and the mutual nearest neighbours. */
static int unit_pairs(ad_pair **out, size_t *n, const ad_role_input *in,
		      const role_units *u, const role_pools *pools,
		      ad_error *err)
{
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	ad_svec *sum = ad_xcalloc((size_t)u->n + 1, sizeof(*sum));
	ad_svec *v = ad_xcalloc((size_t)u->n + 1, sizeof(*v));
	agent_sums sums = {sum, in->agents, u};
	int rc;

	unit_sums(sum, pools, NULL, in->agents, u, in->nterms, 0);
	role_vectors(v, pools, in, u, &sums);
	o.threshold = AD_ROLE_FLOOR;
	o.jobs = in->jobs;
	/* each unit's shortlist: never all of the join's pairs held */
	rc = ad_simjoin_best(out, n, v, u->n, &o, AD_ROLE_SHORTLIST, 0,
			     in->stats, err);
	if (rc == 0) {
		open_lone(&sums, *out, *n, pools);
		unit_scores(*out, *n, &sums, u, in->nterms, pools->n);
		mutual_neighbours(*out, n, in->c, u);
	}
	free(sum);
	free(v);
	return rc;
}

int ad_role_pairs(ad_pair **out, size_t *n, const ad_role_input *in,
		  ad_error *err)
{
	role_units u;
	role_pools pools;
	size_t i;
	int rc, k;

	units_make(&u, in->clusters, in->c->ndocs);
	pools.n = ad_parallel_jobs(in->jobs, u.n, 4 * UNITS_PER_CHUNK);
	pools.arena = ad_xmalloc((size_t)pools.n * sizeof(*pools.arena));
	for (k = 0; k < pools.n; k++)
		pools.arena[k] = ad_arena_new();
	rc = unit_pairs(out, n, in, &u, &pools, err);
	for (i = 0; rc == 0 && i < *n; i++) { /* units ascend with reps */
		(*out)[i].a = u.rep[(*out)[i].a];
		(*out)[i].b = u.rep[(*out)[i].b];
	}
	units_dispose(&u);
	for (k = 0; k < pools.n; k++)
		ad_arena_free(pools.arena[k]);
	free(pools.arena);
	return rc;
}

/* ---- average linkage ---- */

typedef struct edge {
	uint32_t a, b; /* groups, a < b */
	double sum;    /* role scores summed over their members' pairs */
	int barred;    /* the two hold siblings of one template family */
} edge;

static int by_ends(const void *x, const void *y)
{
	const edge *e = x, *f = y;

	if (e->a != f->a)
		return (e->a > f->a) - (e->a < f->a);
	return (e->b > f->b) - (e->b < f->b);
}

/* Sort the edges by their ends and sum the duplicates; drops loops. */
static size_t settle(edge *e, size_t n)
{
	size_t i, w = 0;

	qsort(e, n, sizeof(*e), by_ends);
	for (i = 0; i < n; i++) {
		if (e[i].a == e[i].b)
			continue;
		if (w && e[w - 1].a == e[i].a && e[w - 1].b == e[i].b) {
			e[w - 1].sum += e[i].sum;
			e[w - 1].barred |= e[i].barred;
		} else
			e[w++] = e[i];
	}
	return w;
}

#define NONE UINT32_MAX

typedef struct linkage {
	const uint32_t *family; /* per doc: its template family + 1, or 0 */
	uint32_t *group;  /* per doc: its group (a unit at first) */
	uint32_t *first;  /* per group: its first member, or NONE */
	uint32_t *last;   /* per group: its last member */
	uint32_t *next;   /* per doc: the next member of its group, or NONE */
	uint32_t *size;   /* per group: agents */
	uint32_t *units;  /* per group: units */
	edge *e;
	size_t ne;
	edge *moved;      /* scratch of merge(), as long as e */
} linkage;

/* The edge of the closest pair of groups, or ne when none reaches the
 * linkage. */
static size_t closest(const linkage *l)
{
	size_t i, best = l->ne;
	double top = AD_ROLE_LINKAGE;

	for (i = 0; i < l->ne; i++) {
		double mean = l->e[i].sum /
			      ((double)l->size[l->e[i].a] * l->size[l->e[i].b]);

		if (l->e[i].barred)
			continue;
		if (mean >= top && (best == l->ne || mean > top)) {
			best = i;
			top = mean;
		}
	}
	return best;
}

/* Put moved[0..k) (sorted by ends) back among l->e[0..w) (sorted by
 * ends, none with the ends of a moved one), in order, from the back. */
static void put_back(linkage *l, size_t w, const edge *moved, size_t k)
{
	size_t i = w, j = k, out = w + k;

	while (j > 0) {
		if (i > 0 && by_ends(&l->e[i - 1], &moved[j - 1]) > 0)
			l->e[--out] = l->e[--i];
		else
			l->e[--out] = moved[--j];
	}
	l->ne = w + k;
}

/* Group b joins group a. Only the edges of a and b change: they are taken
 * out, re-keyed, summed by their other end and put back in order, so a
 * merge costs one pass over the edges, not a sort of them all. */
static void merge(linkage *l, uint32_t a, uint32_t b)
{
	edge *moved = l->moved;
	size_t i, k = 0, w = 0;

	for (i = l->first[b]; i != NONE; i = l->next[i])
		l->group[i] = a;
	l->next[l->last[a]] = l->first[b]; /* a's members, then b's */
	l->last[a] = l->last[b];
	l->first[b] = NONE;
	l->size[a] += l->size[b];
	l->units[a] += l->units[b];
	l->size[b] = l->units[b] = 0;
	for (i = 0; i < l->ne; i++) {
		edge e = l->e[i];
		uint32_t x = e.a == b ? a : e.a, y = e.b == b ? a : e.b;

		if (x != a && y != a) {
			l->e[w++] = e;
			continue;
		}
		e.a = x < y ? x : y;
		e.b = x < y ? y : x;
		moved[k++] = e;
	}
	k = settle(moved, k);
	put_back(l, w, moved, k);
}

/* Units: each variant cluster is one, named by its lowest member; every
 * other agent is one of its own. */
static void units(linkage *l, const ad_clustering *clusters, size_t ndocs)
{
	size_t i;
	uint32_t k;

	for (i = 0; i < ndocs; i++) {
		l->group[i] = (uint32_t)i;
		l->size[i] = l->units[i] = 1;
	}
	for (i = 0; i < clusters->n; i++) {
		const ad_cluster *c = &clusters->clusters[i];
		uint32_t low = c->members[0];

		for (k = 1; k < c->n; k++)
			low = c->members[k] < low ? c->members[k] : low;
		for (k = 0; k < c->n; k++) {
			l->size[c->members[k]] = l->units[c->members[k]] = 0;
			l->group[c->members[k]] = low;
		}
		l->size[low] = c->n;
		l->units[low] = 1;
	}
	for (i = 0; i < ndocs; i++)
		l->first[i] = l->next[i] = NONE;
	for (i = 0; i < ndocs; i++) { /* each list ascending */
		uint32_t g = l->group[i];

		if (l->first[g] == NONE)
			l->first[g] = (uint32_t)i;
		else
			l->next[l->last[g]] = (uint32_t)i;
		l->last[g] = (uint32_t)i;
	}
}

/* Whether groups a and b hold two siblings of one template family:
 * agents made for different jobs never share a role. */
static int siblings(const linkage *l, uint32_t a, uint32_t b)
{
	uint32_t i, j;

	for (i = l->first[a]; i != NONE; i = l->next[i]) {
		if (!l->family[i])
			continue;
		for (j = l->first[b]; j != NONE; j = l->next[j])
			if (l->family[j] == l->family[i])
				return 1;
	}
	return 0;
}

/* Grow the groups from pairs of units, whose score is the mean over
 * their agents' pairs: an edge sums the scores of all those pairs. */
static void grow(linkage *l, const ad_pair *pairs, size_t n)
{
	size_t i, best;

	l->e = ad_xmalloc((n + 1) * sizeof(*l->e));
	l->moved = ad_xmalloc((n + 1) * sizeof(*l->moved));
	for (i = 0, l->ne = 0; i < n; i++) {
		uint32_t x = l->group[pairs[i].a], y = l->group[pairs[i].b];

		l->e[l->ne].a = x < y ? x : y;
		l->e[l->ne].b = x < y ? y : x;
		l->e[l->ne].barred = 0;
		l->e[l->ne++].sum = pairs[i].score * l->size[x] * l->size[y];
	}
	l->ne = settle(l->e, l->ne);
	while ((best = closest(l)) < l->ne) {
		if (siblings(l, l->e[best].a, l->e[best].b))
			l->e[best].barred = 1;
		else
			merge(l, l->e[best].a, l->e[best].b);
	}
}

/* Each member's mean role score to the members of its group outside its
 * own unit: the score of the pair of their units, or 0 where the join
 * kept no pair. unit and usize are per doc (a unit is named by its
 * lowest member); acc is a zeroed scratch row of ndocs. */
static void mean_scores(ad_clustering *out, const ad_pair *pairs, size_t n,
			const linkage *l, const uint32_t *unit,
			const uint32_t *usize, double *acc)
{
	size_t i;
	uint32_t k;

	for (i = 0; i < n; i++) {
		uint32_t a = pairs[i].a, b = pairs[i].b;

		if (l->group[a] != l->group[b])
			continue;
		acc[a] += pairs[i].score * usize[b];
		acc[b] += pairs[i].score * usize[a];
	}
	for (i = 0; i < out->n; i++) {
		ad_cluster *c = &out->clusters[i];

		for (k = 0; k < c->n; k++) {
			uint32_t own = unit[c->members[k]];
			uint32_t others = c->n - usize[own];

			c->scores[k] = others ? acc[own] / others : 0.0;
		}
	}
}

static int by_size(const void *x, const void *y)
{
	const ad_cluster *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return (a->members[0] > b->members[0]) -
	       (a->members[0] < b->members[0]);
}

void ad_roles_build(ad_clustering *out, const ad_pair *pairs, size_t n,
		    const ad_clustering *clusters, const uint32_t *family,
		    size_t ndocs)
{
	linkage l;
	uint32_t *unit = ad_xmalloc((ndocs + 1) * sizeof(*unit));
	uint32_t *usize = ad_xmalloc((ndocs + 1) * sizeof(*usize));
	double *acc = ad_xcalloc(ndocs + 1, sizeof(*acc));
	size_t i, j;

	l.family = family;
	l.group = ad_xmalloc((ndocs + 1) * sizeof(*l.group));
	l.size = ad_xmalloc((ndocs + 1) * sizeof(*l.size));
	l.units = ad_xmalloc((ndocs + 1) * sizeof(*l.units));
	l.first = ad_xmalloc((ndocs + 1) * sizeof(*l.first));
	l.last = ad_xmalloc((ndocs + 1) * sizeof(*l.last));
	l.next = ad_xmalloc((ndocs + 1) * sizeof(*l.next));
	units(&l, clusters, ndocs);
	memcpy(unit, l.group, ndocs * sizeof(*unit));
	memcpy(usize, l.size, ndocs * sizeof(*usize));
	grow(&l, pairs, n);
	out->n = 0;
	out->clusters = ad_xcalloc(ndocs / 2 + 1, sizeof(*out->clusters));
	for (i = 0; i < ndocs; i++) {
		ad_cluster *c;

		if (l.units[i] < 2)
			continue;
		c = &out->clusters[out->n++];
		c->n = l.size[i];
		c->members = ad_xmalloc(c->n * sizeof(*c->members));
		c->scores = ad_xmalloc(c->n * sizeof(*c->scores));
		c->n = 0;
		for (j = l.first[i]; j != NONE; j = l.next[j])
			c->members[c->n++] = (uint32_t)j;
		ad_sort_u32(c->members, c->n);
		c->canonical = c->members[0];
	}
	mean_scores(out, pairs, n, &l, unit, usize, acc);
	if (out->n > 1)
		qsort(out->clusters, out->n, sizeof(*out->clusters), by_size);
	free(l.group);
	free(l.size);
	free(l.units);
	free(l.first);
	free(l.last);
	free(l.next);
	free(l.e);
	free(l.moved);
	free(unit);
	free(usize);
	free(acc);
}

/* ---- what a person can check ---- */

/* Whether agents x and y (of other variant clusters) show what a person
 * checks quickly: descriptions that agree, or sections that align. */
static int evident(uint32_t x, uint32_t y, const ad_svec *desc_vecs,
		   const ad_aligner *al)
{
	return ad_svec_dot(&desc_vecs[x], &desc_vecs[y]) >= AD_ROLE_AGREE ||
	       ad_aligner_any(al, x, y);
}

/* The units of group g: its variant clusters and its agents outside
 * them. */
static uint32_t units_of(const ad_cluster *g, const uint32_t *cluster_of)
{
	uint32_t x, y, n = 0;

	for (x = 0; x < g->n; x++) {
		uint32_t c = cluster_of[g->members[x]];
		int seen = 0;

		for (y = 0; y < x && c && !seen; y++)
			seen = cluster_of[g->members[y]] == c;
		n += !seen;
	}
	return n;
}

/* Whether row x of group g, its member x with each member after it,
 * holds a pair of two units that shows something to check. */
static int row_evident(const ad_cluster *g, uint32_t x,
		       const uint32_t *cluster_of, const ad_svec *desc_vecs,
		       const ad_aligner *al)
{
	uint32_t y, a = g->members[x];

	for (y = x + 1; y < g->n; y++) {
		uint32_t b = g->members[y];

		if ((!cluster_of[a] || cluster_of[a] != cluster_of[b]) &&
		    evident(a, b, desc_vecs, al))
			return 1;
	}
	return 0;
}

/* The groups shared out to worker threads, one at a time: whether each
 * stands (prune) or why it holds (reasons), into a slot of its own. */
typedef struct groups_job {
	const ad_clustering *roles;
	const uint32_t *cluster_of;  /* prune */
	const ad_svec *desc_vecs;    /* prune */
	const ad_aligner *al;
	const ad_collection *c;      /* reasons */
	const uint32_t *unit, *df;   /* reasons */
	uint8_t *stands;             /* prune: per group */
	char **reasons;              /* reasons: per group */
	atomic_size_t next;
} groups_job;

/* Rows of the groups of two units handed out at a time. */
#define ROWS_PER_CHUNK 8

/* What ad_roles_prune() shares out: the rows of the groups of two units
 * (one group's pairs can be most of the work), row r being member
 * r - first[g] of group of[r]; a group stands once one of its rows
 * shows something, and its other rows are then skipped. */
typedef struct rows_job {
	const groups_job *j;
	const uint32_t *of;   /* per row: its group */
	const size_t *first;  /* per group: its first row */
	size_t nrows;
	atomic_uchar *found;  /* per group */
	atomic_size_t next;
} rows_job;

static void prune_work(void *ctx, int worker)
{
	rows_job *r = ctx;
	const groups_job *j = r->j;
	size_t k, end;

	(void)worker;
	while ((k = ad_parallel_chunk(&r->next, r->nrows, ROWS_PER_CHUNK,
				      &end)) < r->nrows)
		for (; k < end; k++) {
			uint32_t g = r->of[k];

			if (atomic_load(&r->found[g]))
				continue;
			if (row_evident(&j->roles->clusters[g],
					(uint32_t)(k - r->first[g]),
					j->cluster_of, j->desc_vecs, j->al))
				atomic_store(&r->found[g], 1);
		}
}

/* Whether each group stands, into j->stands: it joined three units or
 * more (average linkage over their pairs is evidence enough), or its two
 * units show something to check, looked for row by row on worker
 * threads. */
static void prune_rows(groups_job *j, int jobs)
{
	const ad_clustering *roles = j->roles;
	size_t *first = ad_xcalloc(roles->n + 1, sizeof(*first)), i, nrows = 0;
	uint32_t *of, x;
	rows_job r;

	for (i = 0; i < roles->n; i++) {
		first[i] = nrows;
		j->stands[i] = units_of(&roles->clusters[i], j->cluster_of) > 2;
		if (!j->stands[i])
			nrows += roles->clusters[i].n;
	}
	of = ad_xmalloc((nrows + 1) * sizeof(*of));
	for (i = 0; i < roles->n; i++)
		for (x = 0; !j->stands[i] && x < roles->clusters[i].n; x++)
			of[first[i] + x] = (uint32_t)i;
	r.j = j;
	r.of = of;
	r.first = first;
	r.nrows = nrows;
	r.found = ad_xcalloc(roles->n + 1, sizeof(*r.found));
	for (i = 0; i < roles->n; i++)
		atomic_init(&r.found[i], 0);
	atomic_init(&r.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, nrows, 4 * ROWS_PER_CHUNK),
			prune_work, &r);
	for (i = 0; i < roles->n; i++)
		j->stands[i] |= atomic_load(&r.found[i]);
	free(r.found);
	free(of);
	free(first);
}

void ad_roles_prune(ad_clustering *roles, const ad_clustering *clusters,
		    const ad_svec *desc_vecs, const ad_aligner *al,
		    size_t ndocs, int jobs)
{
	uint32_t *cluster_of = ad_clustering_index(clusters, ndocs);
	size_t i, kept = 0;
	groups_job j;

	memset(&j, 0, sizeof(j));
	j.roles = roles;
	j.cluster_of = cluster_of;
	j.desc_vecs = desc_vecs;
	j.al = al;
	j.stands = ad_xcalloc(roles->n + 1, 1);
	prune_rows(&j, jobs);
	for (i = 0; i < roles->n; i++) {
		ad_cluster *g = &roles->clusters[i];

		if (j.stands[i]) {
			roles->clusters[kept++] = *g;
			continue;
		}
		free(g->members);
		free(g->scores);
	}
	roles->n = kept;
	free(j.stands);
	free(cluster_of);
}

/* ---- why a role group holds together ---- */

static const unsigned char frame_bytes[] = {
#include "description_frame.inc"
};
static const ad_embedded frame_list = AD_EMBEDDED(frame_bytes);

/* The lines of the list, found once: a routing scan asks about every
 * term of the descriptions, and finding each line's end for each of
 * them was a fifth of the scan's time on one thread. Lines past
 * FRAME_MAX would be left out: test_role checks that none are. */
#define FRAME_MAX 512

typedef struct frame_line {
	const char *s;
	size_t len;
} frame_line;

static frame_line frame_lines[FRAME_MAX];
static size_t nframe_lines;
static pthread_once_t frame_once = PTHREAD_ONCE_INIT;

static void frame_init(void)
{
	const char *p = frame_list.ptr;

	while (*p && nframe_lines < FRAME_MAX) {
		const char *end = strchr(p, '\n');

		if (!end)
			end = p + strlen(p);
		frame_lines[nframe_lines].s = p;
		frame_lines[nframe_lines++].len = (size_t)(end - p);
		p = *end ? end + 1 : end;
	}
}

size_t ad_role_frame_lines(void)
{
	pthread_once(&frame_once, frame_init);
	return nframe_lines;
}

int ad_role_framed(const char *word)
{
	size_t len = strlen(word), k, n = ad_role_frame_lines();

	for (k = 0; k < n; k++)
		if (frame_lines[k].len == len &&
		    memcmp(frame_lines[k].s, word, len) == 0)
			return 1;
	return 0;
}

typedef struct shared_term {
	uint32_t id, count;
	double weight;
} shared_term;

static int by_weight_desc(const void *x, const void *y)
{
	const shared_term *a = x, *b = y;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/* The terms (name terms, or description terms) that at least quorum
 * members use, heaviest first by count times rarity, as words into b. */
static size_t say_terms(ad_buf *b, const ad_collection *c,
			const ad_cluster *g, int names, const uint32_t *df,
			size_t most)
{
	uint32_t quorum = g->n < 4 ? 2 : (g->n + 1) / 2, k, t;
	uint32_t *all = NULL;
	size_t n = 0, cap = 0, i, nt = 0, shown = 0;
	shared_term *st;

	for (k = 0; k < g->n; k++) {
		const ad_doc *d = c->docs[g->members[k]];
		const uint32_t *terms = names ? d->name_terms : d->desc_terms;
		uint32_t len = names ? d->nname_terms : d->ndesc_terms;
		size_t from = n;

		ad_grow(&all, &cap, n + len + 1, sizeof(*all));
		for (t = 0; t < len; t++)
			all[n++] = terms[t];
		n = from + ad_sort_unique_u32(all + from, n - from);
	}
	ad_sort_u32(all, n);
	st = ad_xmalloc((n + 1) * sizeof(*st));
	for (i = 0; i < n;) {
		size_t run = i;

		while (run < n && all[run] == all[i])
			run++;
		if (run - i >= quorum &&
		    !ad_role_framed(ad_collection_word(c, all[i]))) {
			st[nt].id = all[i];
			st[nt].count = (uint32_t)(run - i);
			st[nt++].weight = (double)(run - i) *
					  log((1.0 + (double)c->ndocs) /
					      (1.0 + df[all[i]]));
		}
		i = run;
	}
	qsort(st, nt, sizeof(*st), by_weight_desc);
	for (i = 0; i < nt && shown < most; i++, shown++) {
		ad_buf_puts(b, shown ? ", " : "");
		ad_buf_puts(b, ad_collection_word(c, st[i].id));
	}
	free(all);
	free(st);
	return shown;
}

/* How often each term is in a doc's description. */
static uint32_t *desc_df(const ad_collection *c, uint32_t nterms)
{
	uint32_t *df = ad_xcalloc((size_t)nterms + 1, sizeof(*df));
	uint32_t *seen = ad_xcalloc((size_t)nterms + 1, sizeof(*seen));
	size_t i;
	uint32_t k;

	for (i = 0; i < c->ndocs; i++)
		for (k = 0; k < c->docs[i]->ndesc_terms; k++) {
			uint32_t t = c->docs[i]->desc_terms[k];

			if (seen[t] != i + 1) {
				seen[t] = (uint32_t)i + 1;
				df[t]++;
			}
		}
	free(seen);
	return df;
}

/* How many pairs of g's units (each by its lowest member) have sections
 * that align, into *aligned; returns the pairs. Sets *merged when a unit
 * holds more than one member. */
static uint32_t unit_alignments(const ad_cluster *g, const uint32_t *unit,
				const ad_aligner *al, uint32_t *aligned,
				int *merged)
{
	uint32_t x, y, pairs = 0;

	*aligned = 0;
	*merged = 0;
	for (x = 0; x < g->n; x++) {
		if (unit[g->members[x]] != g->members[x]) {
			*merged = 1;
			continue;
		}
		for (y = x + 1; y < g->n; y++) {
			if (unit[g->members[y]] != g->members[y])
				continue;
			pairs++;
			*aligned += ad_aligner_any(al, g->members[x],
						   g->members[y]);
		}
	}
	return pairs;
}

/* Why group g holds together (ad_role_reasons()); malloc'd. */
static char *reason_of(const ad_cluster *g, const groups_job *j)
{
	ad_buf b = AD_BUF_INIT;
	uint32_t pairs, aligned;
	size_t mark = 0;
	int merged;

	ad_buf_puts(&b, "names share ");
	if (!say_terms(&b, j->c, g, 1, j->df, 4)) {
		b.len = 0;
		ad_buf_puts(&b, "");
	}
	ad_buf_puts(&b, b.len ? "; descriptions share " : "descriptions share ");
	mark = b.len;
	if (!say_terms(&b, j->c, g, 0, j->df, 6)) {
		b.len = mark;
		ad_buf_puts(&b, "no word");
	}
	pairs = unit_alignments(g, j->unit, j->al, &aligned, &merged);
	ad_buf_printf(&b, "; sections aligned in %u of %u pairs%s", aligned,
		      pairs, merged ? " (one agent per variant cluster)" : "");
	return ad_buf_detach(&b);
}

static void reasons_work(void *ctx, int worker)
{
	groups_job *j = ctx;
	size_t n = j->roles->n, i;

	(void)worker;
	while ((i = ad_parallel_next(&j->next, n, 1)) < n)
		j->reasons[i] = reason_of(&j->roles->clusters[i], j);
}

char **ad_role_reasons(const ad_clustering *roles, const ad_collection *c,
		       uint32_t nterms, const uint32_t *unit,
		       const ad_aligner *al, int jobs)
{
	uint32_t *df = desc_df(c, nterms);
	groups_job j;

	memset(&j, 0, sizeof(j));
	j.roles = roles;
	j.al = al;
	j.c = c;
	j.unit = unit;
	j.df = df;
	j.reasons = ad_xcalloc(roles->n + 1, sizeof(*j.reasons));
	atomic_init(&j.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, roles->n, 4), reasons_work, &j);
	free(df);
	return j.reasons;
}
