/*
 * align.c - the sections of the agent pairs asked for, compared, then a
 * greedy one-to-one matching per pair of agents.
 *
 * Method. Only the agent pairs the caller names are aligned, each on its
 * own: every section of one against every section of the other. The
 * pairs come sorted, so the terms of the lower agent's sections are
 * inverted once for the run of its pairs (per term one run of postings,
 * read in one sweep) and a section of the other meets only the sections
 * it shares a term with. The section pairs that qualify (candidate())
 * are matched one to one by the matching module (index/match.h), best
 * first, each section used once, and a worker appends the matches
 * straight to alignments of its own (12 bytes a match); the workers'
 * alignments, each by agent pair, are merged batch by batch into the
 * result, so that the matches are held once plus one batch; condensed
 * (in->condense), only each pair's summary is kept, its matches read
 * for it and dropped, so that what is held grows with the pairs, not
 * with their sections. As the
 * work grows with the pairs named, never with the collection's
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

/* Whether agents a < b are of in->full_set (or all are): always aligned
 * in full. */
static int in_full_set(const ad_align_input *in, uint32_t a, uint32_t b)
{
	uint64_t key = (uint64_t)a << 32 | b;
	size_t lo = 0, hi = in->nfull_set;

	if (in->all_full)
		return 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (in->full_set[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < in->nfull_set && in->full_set[lo] == key;
}

/* The terms of one agent's sections, inverted: per term the run of its
 * postings (a section of the agent, numbered from 0, and its weight), the
 * runs packed one after another, the last posting of a run flagged, so
 * that a section of another agent meets only the sections it shares a
 * term with, and a term's sections are read in one sweep. head is nfeat
 * long: per term the first posting of its run, NONE where no section has
 * the term; acc holds one sum per section of the agent, all zero between
 * uses. */
#define NONE UINT32_MAX
#define LAST 0x80000000u /* in posting.section: the run's last */

typedef struct posting {
	uint32_t section;
	float w;
} posting;

typedef struct inverted {
	uint32_t agent; /* whose sections are indexed, NONE for none */
	uint32_t *head;
	posting *post;
	size_t cap;
	uint32_t *terms; /* the agent's distinct terms */
	uint32_t *fill;  /* per distinct term: where its next posting goes */
	size_t nterms, terms_cap;
	double *acc;
	size_t acc_cap;
	ad_cvec_room vec; /* a section's vector, read open */
} inverted;

/* Section vector i, read open into ix->vec. */
static const ad_svec *unpacked(inverted *ix, const ad_align_input *in,
			       size_t i)
{
	return ad_cvec_open(&ix->vec, &in->section_vecs[i], in->section_idf);
}

static void inverted_clear(inverted *ix)
{
	size_t t;

	for (t = 0; t < ix->nterms; t++)
		ix->head[ix->terms[t]] = NONE;
	ix->nterms = 0;
	ix->agent = NONE;
}

/* The distinct terms of sections [lo, hi) into ix->terms, head[] holding
 * meanwhile each one's number there and ix->fill its postings; returns
 * the number of postings. */
static size_t count_terms(inverted *ix, const ad_align_input *in, size_t lo,
			  size_t hi)
{
	size_t i, total = 0;
	uint32_t k;

	for (i = lo; i < hi; i++) {
		const ad_cvec *x = &in->section_vecs[i];
		const uint16_t *p = ad_cvec_steps(x);
		uint32_t id = 0;

		for (k = 0; k < x->n; k++) {
			uint32_t *h;

			id = ad_cvec_next(&p, id);
			h = &ix->head[id];

			if (*h == NONE) {
				if (ix->nterms == ix->terms_cap) {
					ad_grow(&ix->terms, &ix->terms_cap,
						ix->nterms + 1,
						sizeof(*ix->terms));
					ix->fill = ad_xrealloc(
						ix->fill, ix->terms_cap *
							  sizeof(*ix->fill));
				}
				*h = (uint32_t)ix->nterms;
				ix->terms[ix->nterms] = id;
				ix->fill[ix->nterms++] = 0;
			}
			ix->fill[*h]++;
		}
		total += x->n;
	}
	return total;
}

/* Index the sections of agent a, unless they are already: the postings
 * counted per term, laid out run after run, then head[] pointed at the
 * runs. */
static void inverted_of(inverted *ix, const ad_align_input *in, uint32_t a)
{
	size_t lo = in->section_base[a], hi = in->section_base[a + 1], i, t;
	uint32_t k, at = 0;

	if (ix->agent == a)
		return;
	inverted_clear(ix);
	ix->agent = a;
	ad_grow(&ix->acc, &ix->acc_cap, hi - lo + 1, sizeof(*ix->acc));
	memset(ix->acc, 0, (hi - lo + 1) * sizeof(*ix->acc));
	ad_grow(&ix->post, &ix->cap, count_terms(ix, in, lo, hi) + 1,
		sizeof(*ix->post));
	for (t = 0; t < ix->nterms; t++) { /* counts become run starts */
		uint32_t n = ix->fill[t];

		ix->fill[t] = at;
		at += n;
	}
	for (i = lo; i < hi; i++) {
		const ad_svec *x = unpacked(ix, in, i);

		for (k = 0; k < x->n; k++) {
			posting *p = &ix->post[ix->fill[ix->head[x->ids[k]]]++];

			p->section = (uint32_t)(i - lo);
			p->w = x->w[k];
		}
	}
	for (t = 0; t < ix->nterms; t++) { /* fill[t]: where run t ends */
		ix->post[ix->fill[t] - 1].section |= LAST;
		ix->head[ix->terms[t]] = t ? ix->fill[t - 1] : 0;
	}
}

/* Every section of a against section y of another agent, into ix->acc:
 * y's terms in order, each product added to the sum of the section of a
 * that has the term. A sum takes the products ad_svec_dot() takes (two
 * floats multiplied as doubles: exact), in the same order, less the
 * zeros: the same value. */
static void inverted_dot(inverted *ix, const ad_svec *y)
{
	const uint32_t *head = ix->head;
	const posting *post = ix->post;
	double *acc = ix->acc;
	uint32_t k, e;

	for (k = 0; k < y->n; k++) {
		double w = y->w[k];
		posting p;

		if ((e = head[y->ids[k]]) == NONE)
			continue;
		do {
			p = post[e++];
			acc[p.section & ~LAST] += (double)p.w * w;
		} while (!(p.section & LAST));
	}
}

/* The candidate section pairs of agents a < b: with ix, a's sections
 * indexed once (inverted_of()) and each section of b summed against
 * them; without, ad_svec_dot() per section pair: the same value either
 * way. Sections sharing no term have cosine 0, never a candidate, nor is
 * a pair below both the floor and the threshold. */
static void add_pairs(keys *ks, const ad_align_input *in, uint32_t a,
		      uint32_t b, int full, inverted *ix)
{
	size_t base = in->section_base[a], i, j;
	double low = in->threshold < AD_ALIGN_FLOOR ? in->threshold
						    : AD_ALIGN_FLOOR;

	if (ix)
		inverted_of(ix, in, a);
	for (j = in->section_base[b]; j < in->section_base[b + 1]; j++) {
		const ad_cvec *y = &in->section_vecs[j];

		if (ix)
			inverted_dot(ix, unpacked(ix, in, j));
		for (i = base; i < in->section_base[a + 1]; i++) {
			double s = ix ? ix->acc[i - base]
				      : ad_cvec_dot(&in->section_vecs[i], y,
						    in->section_idf);

			if (ix)
				ix->acc[i - base] = 0.0;
			if (s >= low && candidate(in, i, j, s, full))
				push(ks, a, b, (uint32_t)i, (uint32_t)j, s);
		}
	}
}

/* Alignments as they are made, with their arrays' capacities. */
typedef struct made {
	ad_alignments al;
	size_t cap_pairs, cap_matches;
} made;

/* Align agents a < b into out: their candidate section pairs, gathered
 * in scratch, are matched one to one with the sections numbered within
 * the pair, so used needs one entry per section of the two (all zero on
 * entry, and again on return); only the matches are kept, best first,
 * and the pair only when it has one; condensed, only its summary. */
static void align_one(made *out, keys *scratch, const ad_align_input *in,
		      uint32_t a, uint32_t b, int full, inverted *ix,
		      uint32_t *used)
{
	uint32_t base_a = (uint32_t)in->section_base[a];
	uint32_t shift_b = (uint32_t)(in->section_base[b] -
				      (in->section_base[a + 1] - base_a));
	ad_alignments *al = &out->al;
	ad_alignment *p;
	size_t i, n;

	scratch->n = 0;
	add_pairs(scratch, in, a, b, full, ix);
	for (i = 0; i < scratch->n; i++) {
		scratch->k[i].a -= base_a;
		scratch->k[i].b -= shift_b;
	}
	if (!(n = ad_match_greedy(scratch->k, scratch->n, used, used)))
		return;
	ad_grow(&al->pairs, &out->cap_pairs, al->npairs + 1,
		sizeof(*al->pairs));
	p = &al->pairs[al->npairs++];
	p->a = a;
	p->b = b;
	p->first = in->condense ? AD_ALIGNMENT_UNHELD : (uint32_t)al->nmatches;
	p->n = (uint32_t)n;
	p->best = (float)scratch->k[0].score;
	p->strong = 0;
	if (!in->condense)
		ad_grow(&al->matches, &out->cap_matches, al->nmatches + n,
			sizeof(*al->matches));
	for (i = 0; i < n; i++) {
		const ad_match_pair *m = &scratch->k[i];

		used[m->a] = used[m->b] = 0;
		p->strong += (float)m->score >= AD_ALIGN_STRONG;
		if (!in->condense) {
			ad_section_match *to = &al->matches[al->nmatches++];

			to->a = m->a + base_a;
			to->b = m->b + shift_b;
			to->score = (float)m->score;
		}
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
		t[k].full = i < in->nfull || in_full_set(in, t[k].a, t[k].b);
		k++;
	}
	if (k > 1)
		qsort(t, k, sizeof(*t), by_agents);
	for (i = 0; i < k; i++)
		if (i == 0 || t[i].a != t[i - 1].a || t[i].b != t[i - 1].b)
			t[m++] = t[i];
	*n = m;
	return t;
}

/* The most sections the two agents of one of t[0..n) hold together. */
static size_t most_sections(const ad_align_input *in, const todo *t,
			    size_t n)
{
	size_t i, most = 0;

	for (i = 0; i < n; i++) {
		size_t k = in->section_base[t[i].a + 1] -
			   in->section_base[t[i].a] +
			   in->section_base[t[i].b + 1] -
			   in->section_base[t[i].b];

		most = k > most ? k : most;
	}
	return most;
}

typedef struct pairs_ctx {
	const ad_align_input *in;
	todo *t;
	size_t hi;      /* the batch's end in t; next starts at its start */
	made *per;      /* per worker: its alignments of the batch */
	uint32_t nfeat; /* ids are below this */
	size_t nused;   /* sections of two agents, at most */
	atomic_size_t next;
} pairs_ctx;

static void pairs_work(void *ctx, int worker)
{
	pairs_ctx *c = ctx;
	inverted ix;
	uint32_t *used = ad_xcalloc(c->nused + 1, sizeof(*used));
	keys scratch = {NULL, 0, 0};
	size_t i, end, n = c->hi;

	memset(&ix, 0, sizeof(ix));
	ix.agent = NONE;
	ix.head = ad_xmalloc((c->nfeat + 1) * sizeof(*ix.head));
	memset(ix.head, 0xff, (c->nfeat + 1) * sizeof(*ix.head));
	while ((i = ad_parallel_chunk(&c->next, n, 16, &end)) < n)
		for (; i < end; i++)
			align_one(&c->per[worker], &scratch, c->in, c->t[i].a,
				  c->t[i].b, c->t[i].full, &ix, used);
	free(scratch.k);
	free(used);
	free(ix.head);
	free(ix.post);
	free(ix.terms);
	free(ix.fill);
	free(ix.acc);
	ad_cvec_room_dispose(&ix.vec);
}

static uint32_t features(const ad_align_input *in)
{
	uint32_t nfeat = 0;
	size_t i;

	if (in->nfeatures)
		return in->nfeatures;
	for (i = 0; i < in->nsections; i++) {
		uint32_t end = ad_cvec_end(&in->section_vecs[i]);

		if (end > nfeat)
			nfeat = end;
	}
	return nfeat;
}

/* Append the workers' alignments of one batch (each worker's by agent
 * pair, which no two workers share, and all after those of out) to out,
 * by agent pair; the workers' are emptied, their room kept for the next
 * batch. */
static void merge_runs(made *out, made *per, int njobs)
{
	ad_alignments *al = &out->al;
	size_t *at = ad_xcalloc((size_t)njobs + 1, sizeof(*at));
	size_t np = al->npairs, nm = al->nmatches;
	int w;

	for (w = 0; w < njobs; w++) {
		np += per[w].al.npairs;
		nm += per[w].al.nmatches;
	}
	ad_grow(&al->pairs, &out->cap_pairs, np + 1, sizeof(*al->pairs));
	ad_grow(&al->matches, &out->cap_matches, nm + 1, sizeof(*al->matches));
	for (;;) {
		const ad_alignment *p, *q;
		int low = -1;

		for (w = 0; w < njobs; w++) {
			if (at[w] == per[w].al.npairs)
				continue;
			p = &per[w].al.pairs[at[w]];
			q = low < 0 ? NULL : &per[low].al.pairs[at[low]];
			if (!q || p->a < q->a || (p->a == q->a && p->b < q->b))
				low = w;
		}
		if (low < 0)
			break;
		p = &per[low].al.pairs[at[low]++];
		al->pairs[al->npairs++] = *p;
		if (!ad_alignment_held(p))
			continue;
		al->pairs[al->npairs - 1].first = (uint32_t)al->nmatches;
		memcpy(al->matches + al->nmatches,
		       per[low].al.matches + p->first,
		       p->n * sizeof(*al->matches));
		al->nmatches += p->n;
	}
	for (w = 0; w < njobs; w++)
		per[w].al.npairs = per[w].al.nmatches = 0;
	free(at);
}

/* The section matches of every agent pair to align, each pair matched
 * on a worker thread, in the order of the agent pairs. The pairs go in
 * batches of AD_ALIGN_BATCH, each merged into out before the next
 * starts: the workers never hold more than one batch's matches beside
 * out, which is then trimmed to its size. */
static void section_matches(ad_alignments *out, const ad_align_input *in)
{
	pairs_ctx c;
	made all;
	size_t n, lo;
	int njobs, w;

	memset(&all, 0, sizeof(all));
	c.in = in;
	c.t = todo_list(in, &n);
	njobs = ad_parallel_jobs(in->jobs, n, 64);
	c.per = ad_xcalloc((size_t)njobs, sizeof(*c.per));
	c.nfeat = n ? features(in) : 0;
	c.nused = most_sections(in, c.t, n);
	for (lo = 0; lo < n; lo = c.hi) {
		c.hi = n - lo > AD_ALIGN_BATCH ? lo + AD_ALIGN_BATCH : n;
		atomic_init(&c.next, lo);
		ad_parallel_run(njobs, pairs_work, &c);
		merge_runs(&all, c.per, njobs);
	}
	for (w = 0; w < njobs; w++)
		ad_alignments_dispose(&c.per[w].al);
	free(c.per);
	free(c.t);
	*out = all.al;
	if (out->npairs < all.cap_pairs)
		out->pairs = ad_xrealloc(out->pairs,
					 (out->npairs + 1) * sizeof(*out->pairs));
	if (out->nmatches < all.cap_matches)
		out->matches = ad_xrealloc(out->matches, (out->nmatches + 1) *
							 sizeof(*out->matches));
}

int ad_align_build(ad_alignments *out, const ad_align_input *in,
		   ad_error *err)
{
	(void)err;
	memset(out, 0, sizeof(*out));
	section_matches(out, in);
	return 0;
}

/* The matches of agents a < b, full or not, into *out (malloc'd). */
static size_t one_pair(ad_section_match **out, const ad_align_input *in,
		       uint32_t a, uint32_t b, int full)
{
	made m;
	keys scratch = {NULL, 0, 0};
	size_t n = in->section_base[a + 1] - in->section_base[a] +
		   in->section_base[b + 1] - in->section_base[b];
	uint32_t *used = ad_xcalloc(n + 1, sizeof(*used));
	ad_align_input held = *in;

	held.condense = 0;
	memset(&m, 0, sizeof(m));
	full = full || in_full_set(in, a, b);
	align_one(&m, &scratch, &held, a, b, full, NULL, used);
	n = m.al.nmatches;
	*out = m.al.matches; /* NULL without a match */
	free(m.al.pairs);
	free(used);
	free(scratch.k);
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
	const ad_alignment *p = ad_align_find(x->al, a, b), *q;
	size_t n = 0;

	*m = NULL;
	*own = NULL;
	if (p && ad_alignment_held(p)) {
		*m = x->al->matches + p->first;
		return p->n;
	}
	if (x->extra && (q = ad_align_find(x->extra, a, b))) {
		*m = x->extra->matches + q->first;
		return q->n;
	}
	if (x->complete && !p)
		return 0;
	if (x->in)
		n = ad_align_pair(own, x->in, a, b, 0);
	*m = *own;
	return n;
}

int ad_aligner_any(const ad_aligner *x, uint32_t a, uint32_t b)
{
	const ad_align_input *in = x->in;
	size_t i, j;
	int full;

	if (ad_align_find(x->al, a, b) ||
	    (x->extra && ad_align_find(x->extra, a, b)))
		return 1;
	if (!in || a == b)
		return 0;
	full = a < b ? in_full_set(in, a, b) : in_full_set(in, b, a);
	for (i = in->section_base[a]; i < in->section_base[a + 1]; i++)
		for (j = in->section_base[b]; j < in->section_base[b + 1]; j++)
			if (candidate(in, i, j,
				      ad_cvec_dot(&in->section_vecs[i],
						  &in->section_vecs[j],
						  in->section_idf),
				      full))
				return 1;
	return 0;
}

/* Whether alignment p comes after q, by (a, b). */
static int after(const ad_alignment *p, const ad_alignment *q)
{
	return p->a > q->a || (p->a == q->a && p->b > q->b);
}

/* Alignment p, its held matches at from, placed at pairs[--*np] with
 * its matches ending at matches[*nm]. */
static void place(ad_alignments *al, size_t *np, size_t *nm,
		  ad_alignment p, const ad_section_match *from)
{
	if (ad_alignment_held(&p)) {
		*nm -= p.n;
		memmove(al->matches + *nm, from, p.n * sizeof(*al->matches));
		p.first = (uint32_t)*nm;
	}
	al->pairs[--*np] = p;
}

/* How many pairs of add al has already (condensed there: add holds
 * their matches); both by (a, b). */
static size_t in_both(const ad_alignments *al, const ad_alignments *add)
{
	size_t i = 0, j = 0, n = 0;

	while (i < al->npairs && j < add->npairs) {
		const ad_alignment *p = &al->pairs[i], *q = &add->pairs[j];

		if (after(p, q))
			j++;
		else if (after(q, p))
			i++;
		else
			n++, i++, j++;
	}
	return n;
}

/* al with add merged in, by (a, b), in place, a pair in both taken from
 * add: al's arrays grow to the sum, then are filled from the back, so
 * that each of al's entries moves only up, over places already read, and
 * al is never copied whole. al's held matches lie pair after pair, as
 * every alignments' made here do. */
static void merge(ad_alignments *al, const ad_alignments *add)
{
	size_t i = al->npairs, j = add->npairs;
	size_t np = al->npairs + add->npairs - in_both(al, add);
	size_t nm = al->nmatches + add->nmatches;

	if (np > al->npairs)
		al->pairs =
			ad_xrealloc(al->pairs, (np + 1) * sizeof(*al->pairs));
	al->matches = ad_xrealloc(al->matches,
				  (nm + 1) * sizeof(*al->matches));
	al->npairs = np;
	al->nmatches = nm;
	while (j > 0) { /* once add is placed, al's first i are in place */
		if (i > 0 && after(&al->pairs[i - 1], &add->pairs[j - 1])) {
			ad_alignment p = al->pairs[--i];

			place(al, &np, &nm, p, al->matches + p.first);
		} else {
			ad_alignment p = add->pairs[--j];

			if (i > 0 && !after(&add->pairs[j], &al->pairs[i - 1]))
				i--; /* the same pair, condensed in al */
			place(al, &np, &nm, p, add->matches + p.first);
		}
	}
}

void ad_align_add(ad_alignments *al, const ad_align_input *in,
		  const ad_pair *pairs, size_t n, unsigned how)
{
	ad_align_input more = *in;
	ad_pair *left = ad_xmalloc((n + 1) * sizeof(*left));
	ad_alignments add;
	size_t i, k = 0;
	int full = (how & AD_ALIGN_FULL) != 0;
	ad_error err = AD_ERROR_INIT;

	for (i = 0; i < n; i++) {
		const ad_alignment *p;

		if (pairs[i].a == pairs[i].b)
			continue;
		p = ad_align_find(al, pairs[i].a, pairs[i].b);
		if (!p || ((how & AD_ALIGN_HOLD) && !ad_alignment_held(p)))
			left[k++] = pairs[i];
	}
	more.condense = 0;
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
