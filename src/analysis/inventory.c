/*
 * inventory.c - forms, their join, star groups.
 *
 * The forms' vectors go through the exact cosine self-join, whose pairs
 * are kept or dropped on their words and packed as they come, with no
 * score (rulegraph.h): a large collection has tens of millions of them,
 * and grouping reads few. Stars are built in order of reach (the agents
 * of a form and of its neighbours); a form that is still free when its
 * turn comes has its neighbours scored then (ad_svec_dot(), the join's
 * score to the bit), and most forms are taken by a centre before their
 * turn. A form placed in a group is compared with each member that is
 * not its neighbour already (a dot product each), and each group keeps
 * its members as a list threaded through `next`, and its size beside: a
 * member is found among the form's neighbours by marking them all, or,
 * when the group is small beside them, not looked for (the dot product
 * decides alike, a neighbour being within the threshold). The pairs
 * that end up across two groups are then read once, and the first
 * across each two groups (closest, then first in (a, b) order, the
 * join's) is tried, closest first, by the same test for every member of
 * one group; two groups that failed it are remembered and not tried
 * again while neither changes. Groups are small: on the development
 * corpus the largest, a template's table rows, holds 823 wordings.
 */
#include "analysis/inventory.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "analysis/forms.h"
#include "analysis/rulegraph.h"
#include "index/rulewords.h"

#define NONE UINT32_MAX

typedef struct forms {
	uint32_t *rep;    /* per form: its first rule */
	uint32_t *agents; /* per form: agents carrying it */
	uint32_t *node;   /* per form: index among joined forms, or NONE */
	uint32_t *form;   /* per joined form: the form */
	size_t njoined;
} forms;

static void count_forms(forms *f, const ad_inventory_input *in)
{
	uint32_t *last = ad_xmalloc((in->nforms + 1) * sizeof(*last));
	size_t r, k;

	f->rep = ad_xmalloc((in->nforms + 1) * sizeof(*f->rep));
	f->agents = ad_xcalloc(in->nforms + 1, sizeof(*f->agents));
	f->node = ad_xmalloc((in->nforms + 1) * sizeof(*f->node));
	f->form = ad_xmalloc((in->nforms + 1) * sizeof(*f->form));
	for (k = 0; k < in->nforms; k++)
		last[k] = f->rep[k] = NONE;
	for (r = 0; r < in->nrules; r++) {
		uint32_t g = in->form_of[r];

		if (f->rep[g] == NONE)
			f->rep[g] = (uint32_t)r;
		if (last[g] != in->doc_of[r]) { /* rules come doc by doc */
			last[g] = in->doc_of[r];
			f->agents[g]++;
		}
	}
	f->njoined = 0;
	for (k = 0; k < in->nforms; k++) {
		f->node[k] = NONE;
		if (in->form_vecs[k].n >= AD_RULE_MIN_TERMS) {
			f->node[k] = (uint32_t)f->njoined;
			f->form[f->njoined++] = (uint32_t)k;
		}
	}
	free(last);
}

/* The joined forms in order of reach (the agents of a form and of its
 * neighbours), most first, ties in node order: one key per node, reach
 * turned round above the node, sorted as integers. A reach counts each
 * form once, so it is at most the number of rules, below 2^32. */
static void by_reach(uint64_t *order, const ad_rule_graph *g,
		     const forms *f, uint32_t *ids)
{
	uint32_t *agents = ad_xmalloc((f->njoined + 1) * sizeof(*agents));
	size_t i, e, n;

	for (i = 0; i < f->njoined; i++)
		agents[i] = f->agents[f->form[i]];
	for (i = 0; i < f->njoined; i++) {
		uint64_t reach = agents[i];

		n = ad_rule_graph_row(ids, g, (uint32_t)i);
		for (e = 0; e < n; e++)
			reach += agents[ids[e]];
		order[i] = (uint64_t)(UINT32_MAX - (uint32_t)reach) << 32 | i;
	}
	ad_sort_u64(order, f->njoined);
	free(agents);
}

/* One neighbour of the form being placed, as one sort key: the bits of
 * its score (a positive float, so they order as the score does) turned
 * round, above its node, so that an ascending sort puts the closest
 * first and ties in node order. */
static uint64_t edge_key(float score, uint32_t node)
{
	uint32_t bits;

	memcpy(&bits, &score, sizeof(bits));
	return (uint64_t)(UINT32_MAX - bits) << 32 | node;
}

static uint32_t edge_node(uint64_t key)
{
	return (uint32_t)key;
}

typedef struct stars_ctx {
	const ad_rule_graph *g;
	const ad_svec *vecs; /* per joined form */
	uint32_t *label;     /* per node: its centre, or NONE while free */
	uint32_t *next;      /* per node: the next member of its group */
	uint32_t *rank;      /* per node: its place in order of reach */
	uint32_t *mark;      /* per node: the last node it was marked for */
	uint32_t *size;      /* per centre: members of its group */
	double cohesion;     /* cosine any two members of a group reach */
	uint64_t *edges;     /* scratch: one form's neighbours (edge_key) */
	uint32_t *ids;       /* scratch: one form's neighbours */
	double *row;         /* scratch: one form's weights, else 0 */
	int jobs;            /* threads for first_spans() */
	uint64_t tests;      /* pairs of groups tested for a merge */
} stars_ctx;

/* A dot product costs about what this many neighbours cost to mark. */
#define DOT_COST 8

/* Groups of at least this many members are compared with x through a
 * dense row of x's weights (one pass over each member, not a merge). */
#define ROW_MIN 4

/* Whether x is within cohesion of each member of the group of centre c,
 * x aside, and (when marked) those marked as x's neighbours aside. The
 * row gives ad_svec_dot()'s value to the bit (tfidf.h). */
static int members_fit(stars_ctx *s, uint32_t x, uint32_t c, int marked)
{
	const ad_svec *vx = &s->vecs[x];
	int row = s->size[c] >= ROW_MIN, ok = 1;
	uint32_t m;

	if (row)
		ad_svec_spread(s->row, vx);
	for (m = c; m != NONE && ok; m = s->next[m]) {
		if (m == x || (marked && s->mark[m] == x))
			continue;
		ok = (row ? ad_svec_dot_row(s->row, &s->vecs[m])
			  : ad_svec_dot(vx, &s->vecs[m])) >= s->cohesion;
	}
	if (row)
		ad_svec_unspread(s->row, vx);
	return ok;
}

/* Whether form x may join the group of centre c: it is within cohesion
 * of every member, so that two members never agree with the centre on
 * two different things ("Implement business logic" and "Separation of
 * concerns", both within reach of a rule that says both). x's neighbours
 * are within the threshold, no dot product needed: they are marked,
 * unless the group is small beside them. */
static int fits(stars_ctx *s, uint32_t x, uint32_t c)
{
	size_t e, n;

	if ((size_t)s->size[c] * DOT_COST < s->g->deg[x])
		return members_fit(s, x, c, 0);
	n = ad_rule_graph_row(s->ids, s->g, x);
	for (e = 0; e < n; e++)
		s->mark[s->ids[e]] = x;
	return members_fit(s, x, c, 1);
}

static void join_group(stars_ctx *s, uint32_t x, uint32_t c)
{
	s->label[x] = c;
	s->size[c]++;
	if (x != c) {
		s->next[x] = s->next[c];
		s->next[c] = x;
	}
}

/* The neighbours of c, free ones (want_free) or placed ones, best
 * first; returns how many. Their scores are ad_svec_dot()'s, the join's
 * to the bit, taken for the few forms that are placed on their own. */
static size_t neighbours(stars_ctx *s, uint32_t c, int want_free)
{
	size_t e, n = 0, deg = ad_rule_graph_row(s->ids, s->g, c);

	for (e = 0; e < deg; e++) {
		uint32_t y = s->ids[e];

		if ((s->label[y] == NONE) == !!want_free)
			s->edges[n++] = edge_key(
				(float)ad_svec_dot(&s->vecs[c], &s->vecs[y]),
				y);
	}
	ad_sort_u64(s->edges, n);
	return n;
}

/* Form c, free: the centre of a group of the free neighbours that fit,
 * best first; or, when its neighbours are all placed, a member of the
 * group of its closest neighbour that it fits. */
static void place(stars_ctx *s, uint32_t c)
{
	size_t n = neighbours(s, c, 1), k;

	if (n == 0 && (n = neighbours(s, c, 0)) > 0) {
		for (k = 0; k < n; k++) {
			uint32_t g = s->label[edge_node(s->edges[k])];

			if (fits(s, c, g)) {
				join_group(s, c, g);
				return;
			}
		}
		n = 0;
	}
	join_group(s, c, c);
	for (k = 0; k < n; k++)
		if (fits(s, edge_node(s->edges[k]), c))
			join_group(s, edge_node(s->edges[k]), c);
}

/* Whether every member of the group of centre a fits that of centre b. */
static int groups_fit(stars_ctx *s, uint32_t a, uint32_t b)
{
	uint32_t m;

	for (m = a; m != NONE; m = s->next[m])
		if (!fits(s, m, b))
			return 0;
	return 1;
}

/* The groups of centres a and b as one, whose centre is the one of more
 * reach. */
static void merge(stars_ctx *s, uint32_t a, uint32_t b)
{
	uint32_t keep = s->rank[a] < s->rank[b] ? a : b;
	uint32_t gone = keep == a ? b : a, m, last = gone;

	for (m = gone; m != NONE; m = s->next[m]) {
		s->label[m] = keep;
		last = m;
	}
	s->next[last] = s->next[keep];
	s->next[keep] = gone;
	s->size[keep] += s->size[gone];
}

/* Digits of the radix sort of pairs: 2,048 counters stay in L1. */
#define SCORE_DIGIT 11

static uint64_t score_bits(const ad_pair *p)
{
	uint64_t bits;

	memcpy(&bits, &p->score, sizeof(bits));
	return bits;
}

/* One stable pass of the sort: src by the digit at shift of hi less the
 * score's bits, into dst. */
static void score_pass(ad_pair *dst, const ad_pair *src, size_t n,
		       uint64_t hi, unsigned shift)
{
	size_t count[(1u << SCORE_DIGIT) + 1], i;
	const uint64_t mask = (1u << SCORE_DIGIT) - 1;

	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		count[((hi - score_bits(&src[i])) >> shift & mask) + 1]++;
	for (i = 1; i <= mask + 1; i++)
		count[i] += count[i - 1];
	for (i = 0; i < n; i++)
		dst[count[(hi - score_bits(&src[i])) >> shift & mask]++] =
			src[i];
}

void ad_inventory_sort_pairs(ad_pair *pairs, ad_pair *tmp, size_t n)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	ad_pair *src = pairs, *dst = tmp, *t;
	unsigned width = 0, shift;
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t b = score_bits(&pairs[i]);

		lo = b < lo ? b : lo;
		hi = b > hi ? b : hi;
	}
	while (n > 1 && width < 64 && (hi - lo) >> width)
		width++;
	for (shift = 0; shift < width; shift += SCORE_DIGIT) {
		score_pass(dst, src, n, hi, shift);
		t = src;
		src = dst;
		dst = t;
	}
	if (src != pairs)
		memcpy(pairs, src, n * sizeof(*pairs));
}

/* Pairs of centres whose groups were found not to fit: an open-addressing
 * set of keys lo << 32 | hi (lo < hi, so no key is 0, the empty slot). */
typedef struct misfits {
	uint64_t *slot;
	size_t cap, n; /* cap a power of two, more than twice n */
} misfits;

static uint64_t misfit_key(uint32_t a, uint32_t b)
{
	return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

/* The slot of key, or the empty slot where it would go. */
static size_t misfit_slot(const misfits *m, uint64_t key)
{
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (m->cap - 1);

	while (m->slot[i] && m->slot[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void misfit_add(misfits *m, uint64_t key)
{
	if (2 * (m->n + 1) > m->cap) {
		misfits big = {ad_xcalloc(m->cap * 2, sizeof(uint64_t)),
			       m->cap * 2, m->n};
		size_t i;

		for (i = 0; i < m->cap; i++)
			if (m->slot[i])
				big.slot[misfit_slot(&big, m->slot[i])] =
					m->slot[i];
		free(m->slot);
		*m = big;
	}
	m->slot[misfit_slot(m, key)] = key;
	m->n++;
}

/* The closest pair across each two groups: an open-addressing table
 * keyed by the two centres (misfit_key(), never 0, the empty slot). */
typedef struct span {
	uint64_t key;
	ad_pair pair;
} span;

typedef struct spans {
	span *slot;
	size_t cap, n; /* cap a power of two, more than twice n */
} spans;

static size_t span_slot(const spans *t, uint64_t key)
{
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) & (t->cap - 1);

	while (t->slot[i].key && t->slot[i].key != key)
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* Whether pair p comes before q: closer, or as close and first in
 * (a, b) order, the order of the join. */
static int before(const ad_pair *p, const ad_pair *q)
{
	if (p->score != q->score)
		return p->score > q->score;
	return p->a != q->a ? p->a < q->a : p->b < q->b;
}

/* Pair p across the groups of key, kept if it is the first of them. */
static void span_offer(spans *t, uint64_t key, const ad_pair *p)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		spans big = {ad_xcalloc(t->cap * 2, sizeof(span)), t->cap * 2,
			     t->n};

		for (i = 0; i < t->cap; i++)
			if (t->slot[i].key)
				big.slot[span_slot(&big, t->slot[i].key)] =
					t->slot[i];
		free(t->slot);
		*t = big;
	}
	i = span_slot(t, key);
	if (!t->slot[i].key) {
		t->slot[i].key = key;
		t->slot[i].pair = *p;
		t->n++;
	} else if (before(p, &t->slot[i].pair)) {
		t->slot[i].pair = *p;
	}
}

/* The pairs of one worker of first_spans(): forms taken a chunk at a
 * time, each worker with its own table and scratch row. */
typedef struct spans_ctx {
	const stars_ctx *s;
	spans *per;     /* per worker */
	uint32_t **ids; /* per worker: a row of neighbours */
	atomic_size_t next;
} spans_ctx;

#define SPANS_CHUNK 256

/* The pairs across two groups in the found rows of forms [x, end),
 * offered to t: scored (ad_svec_dot(), the join's score) when they span
 * two groups. */
static void offer_rows(spans *t, uint32_t *ids, const stars_ctx *s,
		       size_t x, size_t end)
{
	ad_pair p;
	size_t k, n;

	for (; x < end; x++) {
		n = ad_rule_graph_found(ids, s->g, (uint32_t)x);
		for (k = 0; k < n; k++) {
			uint32_t y = ids[k];

			if (s->label[x] == s->label[y])
				continue;
			p.a = (uint32_t)x < y ? (uint32_t)x : y;
			p.b = (uint32_t)x < y ? y : (uint32_t)x;
			p.score = ad_svec_dot(&s->vecs[p.a], &s->vecs[p.b]);
			span_offer(t, misfit_key(s->label[x], s->label[y]),
				   &p);
		}
	}
}

static void spans_work(void *ctx, int worker)
{
	spans_ctx *c = ctx;
	size_t n = c->s->g->n, x, end;

	while ((x = ad_parallel_chunk(&c->next, n, SPANS_CHUNK, &end)) < n)
		offer_rows(&c->per[worker], c->ids[worker], c->s, x, end);
}

/* The first pair across each two groups, closest first; returns how
 * many, *out malloc'd. Each pair is read from the found row of one of
 * its forms. The forms are shared out to the workers, each keeping the
 * first pair it saw across two groups; the first of those is the first
 * of all, whichever worker saw it, since before() orders every pair. */
static size_t first_spans(ad_pair **out, stars_ctx *s)
{
	spans_ctx c;
	ad_pair *pairs, *tmp;
	size_t i, n;
	int njobs = ad_parallel_jobs(s->jobs, s->g->n, SPANS_CHUNK), w;

	c.s = s;
	c.per = ad_xmalloc((size_t)njobs * sizeof(*c.per));
	c.ids = ad_xmalloc((size_t)njobs * sizeof(*c.ids));
	for (w = 0; w < njobs; w++) {
		c.per[w].slot = ad_xcalloc(64, sizeof(span));
		c.per[w].cap = 64;
		c.per[w].n = 0;
		c.ids[w] = w ? ad_xmalloc(((size_t)s->g->maxdeg + 1) *
					  sizeof(**c.ids))
			     : s->ids;
	}
	atomic_init(&c.next, 0);
	ad_parallel_run(njobs, spans_work, &c);
	for (w = 1; w < njobs; w++) {
		for (i = 0; i < c.per[w].cap; i++)
			if (c.per[w].slot[i].key)
				span_offer(&c.per[0], c.per[w].slot[i].key,
					   &c.per[w].slot[i].pair);
		free(c.per[w].slot);
		free(c.ids[w]);
	}
	pairs = ad_xmalloc((c.per[0].n + 1) * sizeof(*pairs));
	for (i = 0, n = 0; i < c.per[0].cap; i++)
		if (c.per[0].slot[i].key)
			pairs[n++] = c.per[0].slot[i].pair;
	free(c.per[0].slot);
	free(c.per);
	free(c.ids);
	qsort(pairs, n, sizeof(*pairs), ad_pair_by_ends);
	tmp = ad_xmalloc((n + 1) * sizeof(*tmp));
	ad_inventory_sort_pairs(pairs, tmp, n);
	free(tmp);
	*out = pairs;
	return n;
}

/*
 * Two groups that a pair of neighbours spans, closest pairs first, become
 * one when every member of one fits every member of the other: a centre
 * taken first can part two wordings of one rule, each then the neighbour
 * of another centre.
 *
 * Many pairs can span the same two groups (the wordings of one rule and
 * those of a near one, forked many times), and a test costs a dot product
 * per two members. Groups only grow, and a merged group keeps one of its
 * centres: once a pair across two groups has been tried, the two are one
 * group, or hold two members that do not fit and never will. So of the
 * pairs across two groups as the stars left them only the first can
 * change anything, and it is the only one read (first_spans()); a
 * failed test is remembered by the two centres, since a pair across two
 * other groups can find the same two again once they have grown, and
 * skipping the repeats changes no outcome.
 */
static void merge_stars(stars_ctx *s)
{
	misfits bad = {ad_xcalloc(64, sizeof(uint64_t)), 64, 0};
	ad_pair *pairs;
	size_t i, n = first_spans(&pairs, s);

	for (i = 0; i < n; i++) {
		uint32_t a = s->label[pairs[i].a], b = s->label[pairs[i].b];
		uint64_t key = misfit_key(a, b);

		if (a == b || bad.slot[misfit_slot(&bad, key)])
			continue;
		s->tests++;
		if (groups_fit(s, a, b))
			merge(s, a, b);
		else
			misfit_add(&bad, key);
	}
	free(pairs);
	free(bad.slot);
}

/* Star groups over the joined forms: label[node] = centre node. */
static uint64_t stars(uint32_t *label, const ad_rule_graph *g,
		      const forms *f, const ad_svec *vecs, double cohesion,
		      int jobs)
{
	size_t n = f->njoined, i;
	uint64_t *order = ad_xmalloc((n + 1) * sizeof(*order));
	stars_ctx s;

	for (i = 0; i < n; i++)
		label[i] = NONE;
	s.ids = ad_xmalloc(((size_t)g->maxdeg + 1) * sizeof(*s.ids));
	by_reach(order, g, f, s.ids);
	s.g = g;
	s.vecs = vecs;
	s.label = label;
	s.next = ad_xmalloc((n + 1) * sizeof(*s.next));
	s.rank = ad_xmalloc((n + 1) * sizeof(*s.rank));
	s.mark = ad_xmalloc((n + 1) * sizeof(*s.mark));
	s.size = ad_xcalloc(n + 1, sizeof(*s.size));
	for (i = 0; i < n; i++) {
		s.next[i] = NONE;
		s.mark[i] = NONE;
		s.rank[(uint32_t)order[i]] = (uint32_t)i;
	}
	s.cohesion = cohesion;
	s.jobs = jobs;
	s.edges = ad_xmalloc(((size_t)g->maxdeg + 1) * sizeof(*s.edges));
	s.row = ad_xcalloc((size_t)ad_svecs_bound(vecs, n) + 1,
			   sizeof(*s.row));
	s.tests = 0;
	for (i = 0; i < n; i++)
		if (label[(uint32_t)order[i]] == NONE)
			place(&s, (uint32_t)order[i]);
	merge_stars(&s);
	free(s.edges);
	free(s.row);
	free(s.ids);
	free(s.rank);
	free(s.mark);
	free(s.size);
	free(s.next);
	free(order);
	return s.tests;
}

typedef struct gsort {
	uint32_t nagents, center, old;
} gsort;

static int by_agents(const void *a, const void *b)
{
	const gsort *x = a, *y = b;

	if (x->nagents != y->nagents)
		return x->nagents > y->nagents ? -1 : 1;
	return (x->center > y->center) - (x->center < y->center);
}

/* Per form: its group, numbered by first appearance of the centre form;
 * centre[group] = the first rule of the centre form. */
static uint32_t form_groups(uint32_t *gof, uint32_t *centre,
			    const uint32_t *label, const forms *f,
			    size_t nforms)
{
	uint32_t *num = ad_xmalloc((nforms + 1) * sizeof(*num));
	uint32_t ng = 0;
	size_t k;

	for (k = 0; k < nforms; k++)
		num[k] = NONE;
	for (k = 0; k < nforms; k++) {
		uint32_t root = f->node[k] == NONE
					? (uint32_t)k
					: f->form[label[f->node[k]]];
		if (num[root] == NONE) {
			centre[ng] = f->rep[root];
			num[root] = ng++;
		}
		gof[k] = num[root];
	}
	free(num);
	return ng;
}

/* Fill groups and members from the group of each form. */
static void fill_groups(ad_inventory *inv, const uint32_t *gof,
			const uint32_t *centre, uint32_t ng,
			const ad_inventory_input *in)
{
	uint32_t *last = ad_xmalloc((ng + 1) * sizeof(*last));
	/* per group: its agents, as forms.h counts them for house style */
	uint32_t *spread = ad_xmalloc((ng + 1) * sizeof(*spread));
	uint32_t *renum = ad_xmalloc((ng + 1) * sizeof(*renum));
	gsort *gs = ad_xcalloc(ng + 1, sizeof(*gs));
	ad_rule_group *tmp = ad_xcalloc(ng + 1, sizeof(*tmp));
	size_t r, k, *fill;

	for (k = 0; k < ng; k++)
		last[k] = NONE;
	for (k = 0; k < in->nforms; k++)
		tmp[gof[k]].nwordings++;
	for (k = 0; k < ng; k++)
		tmp[k].center = centre[k];
	for (r = 0; r < in->nrules; r++) {
		uint32_t gi = gof[in->form_of[r]];

		tmp[gi].n++;
		if (last[gi] != in->doc_of[r]) {
			last[gi] = in->doc_of[r];
			tmp[gi].nagents++;
		}
	}
	for (k = 0; k < ng; k++) {
		gs[k].nagents = spread[k] = tmp[k].nagents;
		gs[k].center = tmp[k].center;
		gs[k].old = (uint32_t)k;
	}
	if (in->doc_name)
		ad_spread_forks(spread, ng, in->form_of, gof, in->doc_of,
				in->nrules, in->doc_name, in->house_limit);
	qsort(gs, ng, sizeof(*gs), by_agents);
	inv->groups = ad_xcalloc(ng + 1, sizeof(*inv->groups));
	inv->ngroups = ng;
	for (k = 0, r = 0; k < ng; k++) {
		ad_rule_group *g = &inv->groups[k];

		*g = tmp[gs[k].old];
		renum[gs[k].old] = (uint32_t)k;
		g->first = (uint32_t)r;
		r += g->n;
		g->boilerplate = spread[gs[k].old] > in->house_limit;
		inv->nshared += g->nagents >= 2;
	}
	inv->members = ad_xmalloc((in->nrules + 1) * sizeof(*inv->members));
	inv->group_of = ad_xmalloc((in->nrules + 1) * sizeof(*inv->group_of));
	fill = ad_xcalloc(ng + 1, sizeof(*fill));
	for (r = 0; r < in->nrules; r++) {
		uint32_t gi = renum[gof[in->form_of[r]]];
		ad_rule_group *g = &inv->groups[gi];

		inv->group_of[r] = gi;
		inv->members[g->first + fill[gi]++] = (uint32_t)r;
	}
	free(fill);
	free(tmp);
	free(gs);
	free(renum);
	free(spread);
	free(last);
}

/* What the join leaves for grouping. */
struct ad_inventory_joined {
	forms f;
	ad_svec *vecs;    /* per joined form */
	ad_rule_graph g;  /* as the probes found it */
};

static void joined_free(ad_inventory_joined *j)
{
	free(j->vecs);
	free(j->f.rep);
	free(j->f.agents);
	free(j->f.node);
	free(j->f.form);
	free(j);
}

int ad_inventory_join(ad_inventory_joined **out, const ad_inventory_input *in,
		      ad_error *err)
{
	ad_inventory_joined *j = ad_xcalloc(1, sizeof(*j));
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	size_t i;
	int rc;

	*out = NULL;
	count_forms(&j->f, in);
	j->vecs = ad_xmalloc((j->f.njoined + 1) * sizeof(*j->vecs));
	for (i = 0; i < j->f.njoined; i++)
		j->vecs[i] = in->form_vecs[j->f.form[i]];
	jo.threshold = in->threshold;
	jo.jobs = in->jobs;
	jo.progress = in->progress;
	jo.progress_payload = in->progress_payload;
	rc = ad_rule_graph_join(&j->g, j->vecs, j->f.njoined, &jo,
				in->word_kind, in->stats, err);
	if (rc) {
		joined_free(j);
		return rc;
	}
	*out = j;
	return 0;
}

void ad_inventory_group(ad_inventory *out, ad_inventory_joined *j,
			const ad_inventory_input *in)
{
	uint32_t *label, *gof, *centre, ng;
	uint64_t tests;

	memset(out, 0, sizeof(*out));
	ad_rule_graph_finish(&j->g);
	label = ad_xmalloc((j->f.njoined + 1) * sizeof(*label));
	tests = stars(label, &j->g, &j->f, j->vecs,
		      in->threshold * AD_RULE_COHESION, in->jobs);
	ad_rule_graph_dispose(&j->g);
	if (in->merge_tests)
		*in->merge_tests = tests;
	gof = ad_xmalloc((in->nforms + 1) * sizeof(*gof));
	centre = ad_xmalloc((in->nforms + 1) * sizeof(*centre));
	ng = form_groups(gof, centre, label, &j->f, in->nforms);
	fill_groups(out, gof, centre, ng, in);
	out->nforms = in->nforms;
	free(centre);
	free(gof);
	free(label);
	joined_free(j);
}

int ad_inventory_build(ad_inventory *out, const ad_inventory_input *in,
		       ad_error *err)
{
	ad_inventory_joined *j;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = ad_inventory_join(&j, in, err)))
		return rc;
	ad_inventory_group(out, j, in);
	return 0;
}

/* ---- agents that share rule groups ---- */

/* What the workers of ad_inventory_agent_pairs() share: each shared
 * group's agents and each agent's rules, and per chunk of agents its
 * pairs. */
typedef struct sharing {
	const ad_inventory *inv;
	uint32_t min_shared;
	size_t ndocs;
	size_t *rules;      /* agent d's rules: [rules[d], rules[d + 1]) */
	size_t *gstart;     /* group g's agents: agents[gstart[g]..g + 1) */
	uint32_t *agents;   /* ascending within a group */
	ad_pair **out;      /* per chunk */
	size_t *nout;
	atomic_size_t next;
} sharing;

#define SHARING_CHUNK 64

/* Each shared group's distinct agents (members come in agent order);
 * none for boilerplate. */
static void group_agents(sharing *s, const uint32_t *doc_of)
{
	const ad_inventory *inv = s->inv;
	size_t g, k, n = 0;

	s->gstart = ad_xmalloc((inv->nshared + 1) * sizeof(*s->gstart));
	s->agents = NULL;
	for (g = 0; g < inv->nshared; g++)
		n += inv->groups[g].boilerplate ? 0 : inv->groups[g].n;
	s->agents = ad_xmalloc((n + 1) * sizeof(*s->agents));
	for (n = 0, g = 0; g < inv->nshared; g++) {
		const ad_rule_group *rg = &inv->groups[g];
		size_t first = n;

		s->gstart[g] = n;
		for (k = 0; !rg->boilerplate && k < rg->n; k++) {
			uint32_t d = doc_of[inv->members[rg->first + k]];

			if (n == first || s->agents[n - 1] != d)
				s->agents[n++] = d;
		}
	}
	s->gstart[inv->nshared] = n;
}

/* Each agent's rules, from doc_of (rules come agent by agent). */
static void agent_rules(sharing *s, const uint32_t *doc_of, size_t nrules)
{
	size_t r, d;

	s->ndocs = nrules ? (size_t)doc_of[nrules - 1] + 1 : 0;
	s->rules = ad_xcalloc(s->ndocs + 1, sizeof(*s->rules));
	for (r = 0; r < nrules; r++)
		s->rules[doc_of[r] + 1]++;
	for (d = 0; d < s->ndocs; d++)
		s->rules[d + 1] += s->rules[d];
}

/* The agents after a in group g: a suffix of its ascending list, found
 * by bisection. */
static const uint32_t *after(const sharing *s, size_t g, uint32_t a,
			     const uint32_t **end)
{
	const uint32_t *lo = s->agents + s->gstart[g];
	const uint32_t *hi = s->agents + s->gstart[g + 1];

	*end = hi;
	while (lo < hi) {
		const uint32_t *mid = lo + (hi - lo) / 2;

		if (*mid <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Agent a's pairs with the agents after it sharing min_shared groups,
 * appended to *out (b ascending). cnt and seen are the worker's
 * scratch: cnt zero per agent on entry and on return, seen per group. */
static void pairs_of(const sharing *s, uint32_t a, uint32_t *cnt,
		     uint32_t *seen, uint32_t *touched, ad_pair **out,
		     size_t *n, size_t *cap)
{
	const ad_inventory *inv = s->inv;
	size_t r, nt = 0, k, kept;

	for (r = s->rules[a]; r < s->rules[a + 1]; r++) {
		uint32_t g = inv->group_of[r];
		const uint32_t *b, *end;

		if (g >= inv->nshared || seen[g] == a + 1)
			continue;
		seen[g] = a + 1;
		for (b = after(s, g, a, &end); b < end; b++)
			if (cnt[*b]++ == 0)
				touched[nt++] = *b;
	}
	/* most agents met share too few groups: set them aside unsorted */
	for (k = 0, kept = 0; k < nt; k++) {
		if (cnt[touched[k]] >= s->min_shared)
			touched[kept++] = touched[k];
		else
			cnt[touched[k]] = 0;
	}
	ad_sort_u32(touched, kept);
	for (k = 0; k < kept; k++) {
		ad_grow(out, cap, *n + 1, sizeof(**out));
		(*out)[*n].a = a;
		(*out)[*n].b = touched[k];
		(*out)[(*n)++].score = (double)cnt[touched[k]];
		cnt[touched[k]] = 0;
	}
}

static void sharing_work(void *ctx, int worker)
{
	sharing *s = ctx;
	uint32_t *cnt = ad_xcalloc(s->ndocs + 1, sizeof(*cnt));
	uint32_t *touched = ad_xmalloc((s->ndocs + 1) * sizeof(*touched));
	uint32_t *seen = ad_xcalloc(s->inv->nshared + 1, sizeof(*seen));
	size_t i, c, cap;

	(void)worker;
	while ((i = ad_parallel_next(&s->next, s->ndocs, SHARING_CHUNK)) <
	       s->ndocs) {
		c = i / SHARING_CHUNK;
		cap = 0;
		for (; i < s->ndocs && i < (c + 1) * SHARING_CHUNK; i++)
			pairs_of(s, (uint32_t)i, cnt, seen, touched, &s->out[c],
				 &s->nout[c], &cap);
	}
	free(cnt);
	free(touched);
	free(seen);
}

ad_pair *ad_inventory_agent_pairs(const ad_inventory *inv,
				  const uint32_t *doc_of, uint32_t min_shared,
				  int jobs, size_t *npairs)
{
	sharing s;
	size_t nrules = 0, nchunks, c, n = 0, g;
	ad_pair *out;

	memset(&s, 0, sizeof(s));
	s.inv = inv;
	s.min_shared = min_shared;
	for (g = 0; g < inv->ngroups; g++)
		nrules += inv->groups[g].n;
	agent_rules(&s, doc_of, nrules);
	group_agents(&s, doc_of);
	nchunks = (s.ndocs + SHARING_CHUNK - 1) / SHARING_CHUNK;
	s.out = ad_xcalloc(nchunks + 1, sizeof(*s.out));
	s.nout = ad_xcalloc(nchunks + 1, sizeof(*s.nout));
	atomic_init(&s.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, s.ndocs, 4 * SHARING_CHUNK),
			sharing_work, &s);
	for (c = 0; c < nchunks; c++)
		n += s.nout[c];
	out = ad_xmalloc((n + 1) * sizeof(*out));
	for (n = 0, c = 0; c < nchunks; c++) {
		if (s.nout[c])
			memcpy(out + n, s.out[c], s.nout[c] * sizeof(*out));
		n += s.nout[c];
		free(s.out[c]);
	}
	free(s.out);
	free(s.nout);
	free(s.rules);
	free(s.gstart);
	free(s.agents);
	*npairs = n;
	return out;
}

void ad_inventory_dispose(ad_inventory *inv)
{
	free(inv->groups);
	free(inv->members);
	free(inv->group_of);
	memset(inv, 0, sizeof(*inv));
}
