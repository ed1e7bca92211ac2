/*
 * rulegraph.c - the join's pairs, filtered on words and packed as they
 * come, then turned round.
 *
 * A row is a list of ascending ids: the first, then the gaps, each a
 * varint of seven bits a byte. Wordings of one rule tend to sit near each other
 * (they are numbered by first appearance, and forks of an agent carry
 * them in runs), so most gaps take a byte or two.
 *
 * During the join each worker packs the rows of the probes it runs into
 * blocks of its own (no lock, no copy later); a found row is a count
 * then the ids. After the join the found rows are read in order of
 * their wording twice: once to size every given row (a given row lists
 * the wordings whose probes found it, which then come ascending), once
 * to fill them.
 */
#include "analysis/rulegraph.h"

#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "base/varint.h"
#include "index/rulewords.h"

/* Bytes of a worker's block; a row longer than that gets a block of its
 * own size. */
#define BLOCK (1u << 20)

/* ids[0..n), ascending, packed at p; returns the bytes. */
static size_t pack(uint8_t *p, const uint32_t *ids, size_t n)
{
	size_t k, len = 0;

	for (k = 0; k < n; k++)
		len += ad_varint_put(p + len, k ? ids[k] - ids[k - 1] : ids[0]);
	return len;
}

/* ---- during the join ---- */

/* What one worker owns: the block it packs into, the blocks it filled,
 * and the pairs of the probe at hand whose words agree. */
typedef struct packer {
	uint8_t *block;
	size_t used, size;
	uint8_t **blocks;
	size_t nblocks, cap_blocks;
	uint32_t *kept;
	size_t cap_kept;
} packer;

typedef struct stream {
	ad_rule_gists gists;
	packer *workers;
	const uint8_t **found; /* per wording, written by its probe's worker */
} stream;

/* Room for need bytes in w's block, a new block if the rest is short. */
static uint8_t *room(packer *w, size_t need)
{
	if (w->block && w->size - w->used >= need)
		return w->block + w->used;
	w->size = need > BLOCK ? need : BLOCK;
	w->block = ad_xmalloc(w->size);
	w->used = 0;
	ad_grow(&w->blocks, &w->cap_blocks, w->nblocks + 1,
		sizeof(*w->blocks));
	w->blocks[w->nblocks++] = w->block;
	return w->block;
}

/* ad_simjoin_emit: keep x's pairs whose words agree, packed. */
static void take(void *payload, int worker, uint32_t x, const uint32_t *ys,
		 size_t n)
{
	stream *s = payload;
	packer *w = &s->workers[worker];
	size_t k, kept = 0, len;
	uint8_t *p;

	ad_grow(&w->kept, &w->cap_kept, n, sizeof(*w->kept));
	for (k = 0; k < n; k++)
		if (ad_rule_gists_agree(&s->gists, x, ys[k]))
			w->kept[kept++] = ys[k];
	if (kept == 0)
		return;
	ad_sort_u32(w->kept, kept);
	p = room(w, (kept + 1) * AD_VARINT_MAX32);
	len = ad_varint_put(p, (uint32_t)kept);
	len += pack(p + len, w->kept, kept);
	s->found[x] = p;
	w->used += len;
}

/* Every worker's blocks into g, their scratch freed. */
static void keep_blocks(ad_rule_graph *g, packer *workers, int njobs)
{
	size_t total = 0, k;
	int w;

	for (w = 0; w < njobs; w++)
		total += workers[w].nblocks;
	g->blocks = ad_xmalloc((total + 1) * sizeof(*g->blocks));
	for (w = 0; w < njobs; w++) {
		for (k = 0; k < workers[w].nblocks; k++)
			g->blocks[g->nblocks++] = workers[w].blocks[k];
		free(workers[w].blocks);
		free(workers[w].kept);
	}
}

/* ---- after it ---- */

/* The given rows, from the found rows read in order twice: sizes, then
 * ids. last is scratch, per wording. */
static void turn_round(ad_rule_graph *g, uint32_t *ids, uint32_t *last)
{
	size_t *at = ad_xcalloc(g->n + 1, sizeof(*at));
	uint32_t x, k, n, *tdeg = g->deg;
	int fill;

	g->gstart = ad_xcalloc(g->n + 1, sizeof(*g->gstart));
	for (fill = 0; fill < 2; fill++) {
		memset(tdeg, 0, g->n * sizeof(*tdeg));
		for (x = 0; x < g->n; x++) {
			n = (uint32_t)ad_rule_graph_found(ids, g, x);
			for (k = 0; k < n; k++) {
				uint32_t y = ids[k];
				uint32_t v = tdeg[y]++ ? x - last[y] : x;

				last[y] = x;
				if (fill)
					at[y] += ad_varint_put(g->given + at[y],
								v);
				else
					g->gstart[y + 1] += ad_varint_len(v);
			}
		}
		if (fill)
			break;
		for (x = 0; x < g->n; x++) {
			g->gstart[x + 1] += g->gstart[x];
			at[x] = g->gstart[x];
		}
		g->given = ad_xmalloc(g->gstart[g->n] + 1);
	}
	free(at);
}

/* Each wording's neighbours: its given ones (in deg on entry) and those
 * its probe found. */
static void degrees(ad_rule_graph *g)
{
	uint32_t x, n;

	g->maxdeg = 0;
	for (x = 0; x < g->n; x++) {
		if (g->found[x]) {
			ad_varint_get(g->found[x], &n);
			g->deg[x] += n;
		}
		if (g->deg[x] > g->maxdeg)
			g->maxdeg = g->deg[x];
	}
}

/* The largest found row, for scratch. */
static uint32_t max_found(const ad_rule_graph *g)
{
	uint32_t x, n, m = 0;

	for (x = 0; x < g->n; x++)
		if (g->found[x]) {
			ad_varint_get(g->found[x], &n);
			m = n > m ? n : m;
		}
	return m;
}

/* ---- facets apart ----
 *
 * Two wordings whose facets differ never agree (ad_rule_gists_agree()
 * compares the sums of their hashes first), so the join need not meet
 * them. It runs on views of the vectors in which each facet set has
 * features of its own: the set most wordings have (no facet, mostly)
 * keeps its ids, and those of every other set move past them, in the
 * order they had. Two wordings of one set then hold the ids and weights
 * they held, so their dot product is the same to the bit; two of
 * different sets share no feature, and no probe reads the other's
 * postings. On the development corpus that is a third of the postings
 * read. */

typedef struct views {
	ad_svec *vecs; /* per wording, or NULL when all have one set */
	uint32_t *ids; /* the moved ids; the weights stay shared */
} views;

/* The wordings' facet sets, while the views are made. */
typedef struct sets {
	uint32_t *set;   /* per wording: its set, numbered from 0 */
	uint32_t n, keep; /* keep: the set most wordings have */
	uint32_t *order; /* wordings by set, [first[s], first[s + 1]) */
	size_t *first;
} sets;

/* Facet sets seen, numbered as they come: an open-addressing table of
 * their keys (a wording's sum of hashes) with each set's number; few
 * collections have more than a few dozen sets. */
typedef struct set_table {
	uint64_t *key;
	uint32_t *num; /* 1 + the set's number; 0: an empty slot */
	size_t cap, n;
} set_table;

static size_t set_slot(const set_table *t, uint64_t key)
{
	size_t i = (size_t)(key * 0x9e3779b97f4a7c15ull >> 32) & (t->cap - 1);

	while (t->num[i] && t->key[i] != key)
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* The number of the set of key, a new one if it is not in t yet. */
static uint32_t set_number(set_table *t, uint64_t key)
{
	size_t i = set_slot(t, key), k;

	if (t->num[i])
		return t->num[i] - 1;
	if (2 * (t->n + 1) > t->cap) {
		set_table big = {ad_xmalloc(2 * t->cap * sizeof(*big.key)),
				 ad_xcalloc(2 * t->cap, sizeof(*big.num)),
				 2 * t->cap, t->n};

		for (k = 0; k < t->cap; k++)
			if (t->num[k]) {
				size_t j = set_slot(&big, t->key[k]);

				big.key[j] = t->key[k];
				big.num[j] = t->num[k];
			}
		free(t->key);
		free(t->num);
		*t = big;
		i = set_slot(t, key);
	}
	t->key[i] = key;
	t->num[i] = (uint32_t)++t->n;
	return t->num[i] - 1;
}

/* Each wording's set, their count, and the one most wordings have. */
static void number_sets(sets *st, const ad_rule_gists *g, size_t n)
{
	set_table t = {ad_xmalloc(64 * sizeof(uint64_t)),
		       ad_xcalloc(64, sizeof(uint32_t)), 64, 0};
	uint32_t *count = NULL;
	size_t i, cap = 0;

	st->set = ad_xmalloc((n + 1) * sizeof(*st->set));
	st->keep = 0;
	for (i = 0; i < n; i++) {
		uint32_t s = set_number(&t, g->gist[i].facets);

		if (s >= cap) { /* numbers come in order: one new at most */
			size_t old = cap;

			ad_grow(&count, &cap, (size_t)s + 1, sizeof(*count));
			memset(count + old, 0, (cap - old) * sizeof(*count));
		}
		st->set[i] = s;
		if (++count[s] > count[st->keep])
			st->keep = s;
	}
	st->n = (uint32_t)t.n;
	free(count);
	free(t.key);
	free(t.num);
}

/* The wordings in order of their set (a counting sort). */
static void order_by_set(sets *st, size_t n)
{
	size_t i;
	uint32_t s;

	st->first = ad_xcalloc((size_t)st->n + 2, sizeof(*st->first));
	st->order = ad_xmalloc((n + 1) * sizeof(*st->order));
	for (i = 0; i < n; i++)
		st->first[st->set[i] + 2]++;
	for (s = 0; s < st->n; s++)
		st->first[s + 2] += st->first[s + 1];
	for (i = 0; i < n; i++)
		st->order[st->first[st->set[i] + 1]++] = (uint32_t)i;
}

/* What moving the sets' ids reads and writes, old ids indexing map and
 * seen. */
typedef struct mover {
	uint32_t next;  /* the next new id */
	uint32_t *out;  /* where the next moved ids go */
	uint32_t *map;  /* per old id: its new one in the set at hand */
	uint32_t *seen; /* per old id: 1 + the last set that held it */
	uint32_t *list; /* the set's distinct old ids */
	size_t cap;
} mover;

/* The ids of set s: its distinct ids, ascending, numbered from m->next
 * on, and the ids of each of its views (in vecs) written through them at
 * m->out. */
static void move_set(ad_svec *vecs, const sets *st, mover *m, uint32_t s)
{
	size_t e, nlist = 0;
	uint32_t k;

	for (e = st->first[s]; e < st->first[s + 1]; e++) {
		const ad_svec *x = &vecs[st->order[e]];

		ad_grow(&m->list, &m->cap, nlist + x->n, sizeof(*m->list));
		for (k = 0; k < x->n; k++)
			if (m->seen[x->ids[k]] != s + 1) {
				m->seen[x->ids[k]] = s + 1;
				m->list[nlist++] = x->ids[k];
			}
	}
	ad_sort_u32(m->list, nlist);
	for (e = 0; e < nlist; e++)
		m->map[m->list[e]] = m->next++;
	for (e = st->first[s]; e < st->first[s + 1]; e++) {
		ad_svec *x = &vecs[st->order[e]];

		for (k = 0; k < x->n; k++)
			m->out[k] = m->map[x->ids[k]];
		x->ids = m->out;
		m->out += x->n;
	}
}

/* The views of vecs[0..n), or none when every wording has one set. */
static void views_build(views *v, const ad_svec *vecs, size_t n,
			const ad_rule_gists *g)
{
	size_t i, moved = 0, bound;
	sets st;
	mover m;
	uint32_t s;

	memset(v, 0, sizeof(*v));
	memset(&st, 0, sizeof(st));
	number_sets(&st, g, n);
	if (st.n > 1) {
		order_by_set(&st, n);
		for (i = 0; i < n; i++)
			moved += st.set[i] != st.keep ? vecs[i].n : 0;
		v->vecs = ad_xmalloc((n + 1) * sizeof(*v->vecs));
		memcpy(v->vecs, vecs, n * sizeof(*vecs));
		v->ids = ad_xmalloc((moved + 1) * sizeof(*v->ids));
		bound = ad_svecs_bound(vecs, n);
		memset(&m, 0, sizeof(m));
		m.next = (uint32_t)bound;
		m.out = v->ids;
		m.map = ad_xmalloc((bound + 1) * sizeof(*m.map));
		m.seen = ad_xcalloc(bound + 1, sizeof(*m.seen));
		for (s = 0; s < st.n; s++)
			if (s != st.keep)
				move_set(v->vecs, &st, &m, s);
		free(m.list);
		free(m.seen);
		free(m.map);
	}
	free(st.set);
	free(st.order);
	free(st.first);
}

static void views_dispose(views *v)
{
	free(v->vecs);
	free(v->ids);
}

int ad_rule_graph_join(ad_rule_graph *out, ad_svec *vecs, size_t n,
		       const ad_simjoin_opts *jo, const uint8_t *kind,
		       ad_simjoin_stats *stats, ad_error *err)
{
	ad_simjoin_opts o = AD_SIMJOIN_OPTS_INIT;
	views v;
	stream s;
	int njobs, rc;

	memset(out, 0, sizeof(*out));
	o.threshold = jo->threshold;
	o.jobs = jo->jobs;
	o.progress = jo->progress;
	o.progress_payload = jo->progress_payload;
	njobs = ad_simjoin_workers(n, &o);
	ad_rule_gists_build(&s.gists, vecs, n, kind, o.jobs);
	s.workers = ad_xcalloc((size_t)njobs + 1, sizeof(*s.workers));
	s.found = ad_xcalloc(n + 1, sizeof(*s.found));
	views_build(&v, vecs, n, &s.gists);
	rc = ad_simjoin_stream_in_place(v.vecs ? v.vecs : vecs, n, &o, take,
					&s, stats, err);
	views_dispose(&v);
	ad_rule_gists_dispose(&s.gists);
	out->n = n;
	out->found = s.found;
	keep_blocks(out, s.workers, njobs);
	free(s.workers);
	if (rc)
		ad_rule_graph_dispose(out);
	return rc;
}

void ad_rule_graph_finish(ad_rule_graph *g)
{
	uint32_t *ids, *last;

	g->deg = ad_xcalloc(g->n + 1, sizeof(*g->deg));
	ids = ad_xmalloc(((size_t)max_found(g) + 1) * sizeof(*ids));
	last = ad_xmalloc((g->n + 1) * sizeof(*last));
	turn_round(g, ids, last);
	degrees(g);
	free(last);
	free(ids);
}

void ad_rule_graph_dispose(ad_rule_graph *g)
{
	size_t k;

	for (k = 0; k < g->nblocks; k++)
		free(g->blocks[k]);
	free(g->blocks);
	free((void *)g->found);
	free(g->given);
	free(g->gstart);
	free(g->deg);
	memset(g, 0, sizeof(*g));
}

size_t ad_rule_graph_found(uint32_t *ids, const ad_rule_graph *g,
			   uint32_t x)
{
	const uint8_t *p = g->found[x];
	uint32_t n, k, v;

	if (!p)
		return 0;
	p = ad_varint_get(p, &n);
	for (k = 0; k < n; k++) {
		p = ad_varint_get(p, &v);
		ids[k] = k ? ids[k - 1] + v : v;
	}
	return n;
}

size_t ad_rule_graph_row(uint32_t *ids, const ad_rule_graph *g, uint32_t x)
{
	const uint8_t *p = g->given + g->gstart[x];
	const uint8_t *end = g->given + g->gstart[x + 1];
	size_t n = ad_rule_graph_found(ids, g, x), first = n;
	uint32_t v, prev = 0;

	for (; p < end; n++) {
		p = ad_varint_get(p, &v);
		prev = n > first ? prev + v : v;
		ids[n] = prev;
	}
	return n;
}
