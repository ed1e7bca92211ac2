/*
 * inventory.c - forms, their join, star groups.
 *
 * The forms' vectors go through the exact cosine self-join (simjoin.h);
 * its pairs are then kept or dropped on their words, in chunks on worker
 * threads: each form's gist (its facets and its words that are not
 * generic, rulewords.h) is taken once, and a pair costs a merge of two
 * short sorted id lists that stops as soon as enough words are shared.
 * Stars are built in order of reach; a form placed in a group is compared
 * with each member that is not its neighbour already (a dot product each),
 * and each group keeps its members as a list threaded through `next`, and
 * its size beside: a member is found among the form's neighbours by
 * marking them all, or, when the group is small beside them, by bisection.
 * The pairs that end up across two groups are then tried once each,
 * closest first, by the same test for every member of one group (no
 * comparison sort: the join hands them over in (a, b) order, which a
 * stable radix sort on the bits of their scores keeps for ties, and a
 * form's neighbours sort as integers, score over node, one key each); two
 * groups that failed it are remembered and not tried again while neither
 * changes, since many pairs can span the same two groups and the answer
 * cannot change. Groups are small: on the development corpus the largest,
 * a template's table rows, holds 823 wordings, and placing the forms costs
 * a fifth of the join.
 */
#include "analysis/inventory.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "index/rulewords.h"

#define NONE UINT32_MAX

typedef struct forms {
	uint32_t *rep;    /* per form: its first rule */
	uint32_t *agents; /* per form: agents carrying it */
	uint32_t *node;   /* per form: index among joined forms, or NONE */
	uint32_t *form;   /* per joined form: the form */
	size_t njoined;
} forms;

/* Neighbours of each joined form, compressed rows. */
typedef struct graph {
	size_t *start; /* per joined form, plus one */
	uint32_t *nbr;
	float *score;
} graph;

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

static void build_graph(graph *g, const ad_pair *pairs, size_t npairs,
			size_t n)
{
	size_t *fill = ad_xcalloc(n + 1, sizeof(*fill));
	size_t i;

	g->start = ad_xcalloc(n + 2, sizeof(*g->start));
	g->nbr = ad_xmalloc((2 * npairs + 1) * sizeof(*g->nbr));
	g->score = ad_xmalloc((2 * npairs + 1) * sizeof(*g->score));
	for (i = 0; i < npairs; i++) {
		g->start[pairs[i].a + 1]++;
		g->start[pairs[i].b + 1]++;
	}
	for (i = 0; i < n; i++)
		g->start[i + 1] += g->start[i];
	for (i = 0; i < npairs; i++) {
		const ad_pair *p = &pairs[i];
		size_t x = g->start[p->a] + fill[p->a]++;
		size_t y = g->start[p->b] + fill[p->b]++;

		g->nbr[x] = p->b;
		g->score[x] = (float)p->score;
		g->nbr[y] = p->a;
		g->score[y] = (float)p->score;
	}
	free(fill);
}

/* The joined forms in order of reach (the agents of a form and of its
 * neighbours), most first, ties in node order: one key per node, reach
 * turned round above the node, sorted as integers. A reach counts each
 * form once, so it is at most the number of rules, below 2^32. */
static void by_reach(uint64_t *order, const graph *g, const forms *f)
{
	uint32_t *agents = ad_xmalloc((f->njoined + 1) * sizeof(*agents));
	size_t i, e;

	for (i = 0; i < f->njoined; i++)
		agents[i] = f->agents[f->form[i]];
	for (i = 0; i < f->njoined; i++) {
		uint64_t reach = agents[i];

		for (e = g->start[i]; e < g->start[i + 1]; e++)
			reach += agents[g->nbr[e]];
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
	const graph *g;
	const ad_svec *vecs; /* per joined form */
	uint32_t *label;     /* per node: its centre, or NONE while free */
	uint32_t *next;      /* per node: the next member of its group */
	uint32_t *rank;      /* per node: its place in order of reach */
	uint32_t *mark;      /* per node: the last node it was marked for */
	uint32_t *size;      /* per centre: members of its group */
	double cohesion;     /* cosine any two members of a group reach */
	uint64_t *edges;     /* scratch: one form's neighbours (edge_key) */
	uint64_t tests;      /* pairs of groups tested for a merge */
} stars_ctx;

/* Whether y is among x's neighbours, ascending (build_graph()). */
static int is_neighbour(const graph *g, uint32_t x, uint32_t y)
{
	size_t lo = g->start[x], hi = g->start[x + 1];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->nbr[mid] < y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->start[x + 1] && g->nbr[lo] == y;
}

static unsigned bit_length(size_t v)
{
	unsigned bits = 0;

	for (; v; v >>= 1)
		bits++;
	return bits;
}

/* Whether form x may join the group of centre c: it is within cohesion
 * of every member, so that two members never agree with the centre on
 * two different things ("Implement business logic" and "Separation of
 * concerns", both within reach of a rule that says both). x's neighbours
 * are within the threshold, no dot product needed: they are marked, or,
 * when the group is small beside them, each member is looked up. */
static int fits(stars_ctx *s, uint32_t x, uint32_t c)
{
	size_t e, deg = s->g->start[x + 1] - s->g->start[x];
	uint32_t m;

	if ((size_t)s->size[c] * bit_length(deg) < deg) {
		for (m = c; m != NONE; m = s->next[m])
			if (m != x && !is_neighbour(s->g, x, m) &&
			    ad_svec_dot(&s->vecs[x], &s->vecs[m]) < s->cohesion)
				return 0;
		return 1;
	}
	for (e = s->g->start[x]; e < s->g->start[x + 1]; e++)
		s->mark[s->g->nbr[e]] = x;
	for (m = c; m != NONE; m = s->next[m])
		if (s->mark[m] != x && m != x &&
		    ad_svec_dot(&s->vecs[x], &s->vecs[m]) < s->cohesion)
			return 0;
	return 1;
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
 * first; returns how many. */
static size_t neighbours(stars_ctx *s, uint32_t c, int want_free)
{
	size_t e, n = 0;

	for (e = s->g->start[c]; e < s->g->start[c + 1]; e++) {
		uint32_t y = s->g->nbr[e];

		if ((s->label[y] == NONE) == !!want_free)
			s->edges[n++] = edge_key(s->g->score[e], y);
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

/* Two groups that a pair of neighbours spans, closest pairs first, become
 * one when every member of one fits every member of the other: a centre
 * taken first can part two wordings of one rule, each then the neighbour
 * of another centre. pairs is scratch.
 *
 * Many pairs can span the same two groups (the wordings of one rule and
 * those of a near one, forked many times), and a test costs a dot product
 * per two members. A failed test is remembered by the two centres: groups
 * only grow, and a merged group keeps one of its centres, so two groups
 * that hold two members that do not fit never will. Two groups are then
 * tested once while neither changes, and skipping the repeats changes no
 * outcome. */
static void merge_stars(stars_ctx *s, ad_pair *pairs, size_t npairs)
{
	misfits bad = {ad_xcalloc(64, sizeof(uint64_t)), 64, 0};
	ad_pair *tmp = NULL;
	size_t i, n = 0;

	for (i = 0; i < npairs; i++)
		if (s->label[pairs[i].a] != s->label[pairs[i].b])
			pairs[n++] = pairs[i];
	/* the pairs left behind make room for the sort's copy */
	if (npairs - n < n)
		tmp = ad_xmalloc(n * sizeof(*tmp));
	ad_inventory_sort_pairs(pairs, tmp ? tmp : pairs + n, n);
	free(tmp);
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
	free(bad.slot);
}

/* Star groups over the joined forms: label[node] = centre node. */
static uint64_t stars(uint32_t *label, const graph *g, const forms *f,
		      const ad_svec *vecs, double cohesion, ad_pair *pairs,
		      size_t npairs)
{
	size_t n = f->njoined, i, maxdeg = 0;
	uint64_t *order = ad_xmalloc((n + 1) * sizeof(*order));
	stars_ctx s;

	for (i = 0; i < n; i++) {
		if (g->start[i + 1] - g->start[i] > maxdeg)
			maxdeg = g->start[i + 1] - g->start[i];
		label[i] = NONE;
	}
	by_reach(order, g, f);
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
	s.edges = ad_xmalloc((maxdeg + 1) * sizeof(*s.edges));
	s.tests = 0;
	for (i = 0; i < n; i++)
		if (label[(uint32_t)order[i]] == NONE)
			place(&s, (uint32_t)order[i]);
	merge_stars(&s, pairs, npairs);
	free(s.edges);
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
		gs[k].nagents = tmp[k].nagents;
		gs[k].center = tmp[k].center;
		gs[k].old = (uint32_t)k;
	}
	qsort(gs, ng, sizeof(*gs), by_agents);
	inv->groups = ad_xcalloc(ng + 1, sizeof(*inv->groups));
	inv->ngroups = ng;
	for (k = 0, r = 0; k < ng; k++) {
		ad_rule_group *g = &inv->groups[k];

		*g = tmp[gs[k].old];
		renum[gs[k].old] = (uint32_t)k;
		g->first = (uint32_t)r;
		r += g->n;
		g->boilerplate = g->nagents > in->house_limit;
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
	free(last);
}

/* What the workers of agreeing() share: the pairs, in chunks that each
 * worker filters in place, and per chunk how many it kept. */
typedef struct filter {
	ad_pair *pairs;
	size_t npairs;
	ad_rule_gists gists;
	size_t *kept; /* per chunk */
	atomic_size_t next;
} filter;

#define FILTER_CHUNK 16384
/* Pairs ahead whose second gist is asked for while one is tested. */
#define FILTER_AHEAD 8

/* Chunk c's pairs that agree, closed up at its start; returns how many. */
static size_t filter_chunk(const filter *f, size_t c)
{
	ad_pair *p = f->pairs + c * FILTER_CHUNK;
	size_t end = f->npairs - c * FILTER_CHUNK, i, n = 0;

	if (end > FILTER_CHUNK)
		end = FILTER_CHUNK;
	for (i = 0; i < end; i++) {
		if (i + FILTER_AHEAD < end)
			__builtin_prefetch(&f->gists.gist[p[i + FILTER_AHEAD].b]);
		if (ad_rule_gists_agree(&f->gists, p[i].a, p[i].b))
			p[n++] = p[i];
	}
	return n;
}

static void filter_work(void *ctx, int worker)
{
	filter *f = ctx;
	size_t i;

	(void)worker;
	while ((i = ad_parallel_next(&f->next, f->npairs, FILTER_CHUNK)) <
	       f->npairs)
		f->kept[i / FILTER_CHUNK] = filter_chunk(f, i / FILTER_CHUNK);
}

/* Keep the pairs whose words agree (ad_rule_words_agree()), each form's
 * gist taken once; the pairs are filtered in chunks on `jobs` threads,
 * then closed up in their order. */
static size_t agreeing(ad_pair *pairs, size_t npairs, const ad_svec *vecs,
		       size_t nvecs, const uint8_t *kind, int jobs)
{
	size_t nchunks = (npairs + FILTER_CHUNK - 1) / FILTER_CHUNK;
	size_t i, n = 0;
	filter f;

	ad_rule_gists_build(&f.gists, vecs, nvecs, kind);
	f.pairs = pairs;
	f.npairs = npairs;
	f.kept = ad_xcalloc(nchunks + 1, sizeof(*f.kept));
	atomic_init(&f.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, npairs, 4 * FILTER_CHUNK),
			filter_work, &f);
	for (i = 0; i < nchunks; i++) {
		if (n != i * FILTER_CHUNK && f.kept[i])
			memmove(pairs + n, pairs + i * FILTER_CHUNK,
				f.kept[i] * sizeof(*pairs));
		n += f.kept[i];
	}
	free(f.kept);
	ad_rule_gists_dispose(&f.gists);
	return n;
}

int ad_inventory_build(ad_inventory *out, const ad_inventory_input *in,
		       ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	forms f;
	graph g;
	ad_svec *vecs;
	ad_pair *pairs = NULL;
	uint32_t *label, *gof, *centre, ng;
	uint64_t tests;
	size_t npairs = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	count_forms(&f, in);
	vecs = ad_xmalloc((f.njoined + 1) * sizeof(*vecs));
	for (i = 0; i < f.njoined; i++)
		vecs[i] = in->form_vecs[f.form[i]];
	jo.threshold = in->threshold;
	jo.jobs = in->jobs;
	rc = ad_simjoin_run(&pairs, &npairs, vecs, f.njoined, &jo,
			    in->stats, err);
	if (rc == 0) {
		npairs = agreeing(pairs, npairs, vecs, f.njoined,
				  in->word_kind, in->jobs);
		build_graph(&g, pairs, npairs, f.njoined);
		label = ad_xmalloc((f.njoined + 1) * sizeof(*label));
		gof = ad_xmalloc((in->nforms + 1) * sizeof(*gof));
		centre = ad_xmalloc((in->nforms + 1) * sizeof(*centre));
		tests = stars(label, &g, &f, vecs,
			      in->threshold * AD_RULE_COHESION, pairs, npairs);
		if (in->merge_tests)
			*in->merge_tests = tests;
		ng = form_groups(gof, centre, label, &f, in->nforms);
		fill_groups(out, gof, centre, ng, in);
		out->nforms = in->nforms;
		free(centre);
		free(gof);
		free(label);
		free(g.start);
		free(g.nbr);
		free(g.score);
	}
	free(vecs);
	free(pairs);
	free(f.rep);
	free(f.agents);
	free(f.node);
	free(f.form);
	return rc;
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
	size_t r, nt = 0, k;

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
	ad_sort_u32(touched, nt);
	for (k = 0; k < nt; k++) {
		if (cnt[touched[k]] >= s->min_shared) {
			ad_grow(out, cap, *n + 1, sizeof(**out));
			(*out)[*n].a = a;
			(*out)[*n].b = touched[k];
			(*out)[(*n)++].score = (double)cnt[touched[k]];
		}
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
