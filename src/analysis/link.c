/*
 * link.c - candidates from the join, an index of name keys and shared
 * rule groups; each checked on sorted heading and group sets and on the
 * section alignment.
 */
#include "analysis/link.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "analysis/job.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "base/strtab.h"
#include "parse/identity.h"

_Static_assert(sizeof(ad_link) <= 40, "ad_link grew: results.h says 40");
_Static_assert(AD_LINK_ALL < 64, "ad_link.kind holds 6 bits");

/* The key an agent goes by (parse/identity.h), without a version marker:
 * one a doc, "" for none. */
static size_t agent_key(const char **key, const ad_doc *d)
{
	*key = d->identity ? d->identity : "";
	return ad_identity_base(*key, strlen(*key));
}

/* Agents by key, compressed rows. */
typedef struct names {
	ad_strtab *keys;
	size_t *start; /* per key, plus one */
	uint32_t *agents;
} names;

static void index_names(names *nm, const ad_link_input *in)
{
	uint32_t *kid = ad_xmalloc((in->ndocs + 1) * sizeof(*kid));
	size_t i, nk, *fill;

	nm->keys = ad_strtab_new();
	for (i = 0; i < in->ndocs; i++) {
		const char *key;
		size_t len = agent_key(&key, in->docs[i]);

		kid[i] = len ? ad_strtab_intern(nm->keys, key, len)
			     : AD_STRTAB_NONE;
	}
	nk = ad_strtab_count(nm->keys);
	nm->start = ad_xcalloc(nk + 2, sizeof(*nm->start));
	nm->agents = ad_xmalloc((in->ndocs + 1) * sizeof(*nm->agents));
	fill = ad_xcalloc(nk + 1, sizeof(*fill));
	for (i = 0; i < in->ndocs; i++)
		if (kid[i] != AD_STRTAB_NONE)
			nm->start[kid[i] + 1]++;
	for (i = 0; i < nk; i++)
		nm->start[i + 1] += nm->start[i];
	for (i = 0; i < in->ndocs; i++)
		if (kid[i] != AD_STRTAB_NONE)
			nm->agents[nm->start[kid[i]] + fill[kid[i]]++] = (uint32_t)i;
	free(fill);
	free(kid);
}

/* The pairs (as a << 32 | b) of agent i with the agents going by key
 * s[0..l), into out from *n on (or only counted, out NULL); when the key
 * is i's own, only with those after i, so that a pair comes once. */
static void key_pairs(uint64_t *out, size_t *n, const names *nm, size_t i,
		      const char *s, size_t l, int own)
{
	uint32_t id = ad_strtab_find(nm->keys, s, l);
	size_t e;

	if (id == AD_STRTAB_NONE)
		return;
	for (e = nm->start[id]; e < nm->start[id + 1]; e++) {
		uint32_t b = nm->agents[e];

		if (b == i || (own && b < i))
			continue;
		if (out)
			out[*n] = b < i ? (uint64_t)b << 32 | i
					: (uint64_t)i << 32 | b;
		++*n;
	}
}

/* Pairs of agents sharing a key, or a key and a suffix of two words or
 * more of another key, each once, into out (or only counted); returns
 * how many. */
static size_t name_pairs(uint64_t *out, const names *nm,
			 const ad_link_input *in)
{
	size_t n = 0, i;

	for (i = 0; i < in->ndocs; i++) {
		const char *s, *dash;
		size_t l = agent_key(&s, in->docs[i]);
		int own = 1;

		while (l) {
			key_pairs(out, &n, nm, i, s, l, own);
			own = 0;
			/* the next suffix must keep two words */
			dash = memchr(s, '-', l);
			if (!dash ||
			    !memchr(dash + 1, '-', l - (size_t)(dash + 1 - s)))
				break;
			l -= (size_t)(dash + 1 - s);
			s = dash + 1;
		}
	}
	return n;
}

/* A sorted set of ids per agent: its heading forms (intros have no
 * heading), or its rule groups (house style left out). */
typedef struct sets {
	size_t *start;
	uint32_t *id;
} sets;

static void heading_sets(sets *h, const ad_link_input *in)
{
	size_t i, k, n = 0, total = in->section_base[in->ndocs];

	h->start = ad_xcalloc(in->ndocs + 1, sizeof(*h->start));
	h->id = ad_xmalloc((total + 1) * sizeof(*h->id));
	for (i = 0; i < in->ndocs; i++) {
		const ad_doc *d = in->docs[i];
		size_t first = n;

		h->start[i] = n;
		for (k = 0; k < d->nsections; k++)
			if (d->sections[k].ntitle_terms)
				h->id[n++] = in->title_form[in->section_base[i] + k];
		n = first + ad_sort_unique_u32(h->id + first, n - first);
	}
	h->start[in->ndocs] = n;
}

static uint32_t size_of(const sets *h, uint32_t a)
{
	return (uint32_t)(h->start[a + 1] - h->start[a]);
}

static uint32_t common(const sets *h, uint32_t a, uint32_t b)
{
	size_t i = h->start[a], j = h->start[b], n = 0;

	while (i < h->start[a + 1] && j < h->start[b + 1]) {
		if (h->id[i] == h->id[j]) {
			n++;
			i++;
			j++;
		} else if (h->id[i] < h->id[j]) {
			i++;
		} else {
			j++;
		}
	}
	return (uint32_t)n;
}

static uint64_t pair_key(const ad_pair *p)
{
	return (uint64_t)p->a << 32 | p->b;
}

/* Three ascending lists of candidates, merged: the name pairs (as keys),
 * the body pairs and the pairs sharing rule groups. */
typedef struct sources {
	const uint64_t *names;
	const ad_pair *body, *sharing;
	size_t nnames, nbody, nsharing;
	size_t i, j, k; /* the next of each */
} sources;

/* Whether a key is still to take: if so, the smallest in *key. */
static int next_key(const sources *s, uint64_t *key)
{
	int any = 0;

	if (s->i < s->nnames) {
		*key = s->names[s->i];
		any = 1;
	}
	if (s->j < s->nbody && (!any || pair_key(&s->body[s->j]) < *key)) {
		*key = pair_key(&s->body[s->j]);
		any = 1;
	}
	if (s->k < s->nsharing &&
	    (!any || pair_key(&s->sharing[s->k]) < *key)) {
		*key = pair_key(&s->sharing[s->k]);
		any = 1;
	}
	return any;
}

/* The entries of key in every list taken, their kinds merged into *kind
 * and the body's cosine into *score (-1 without one). */
static void take_key(sources *s, uint64_t key, unsigned *kind,
		     double *score)
{
	*kind = 0;
	*score = -1.0;
	for (; s->i < s->nnames && s->names[s->i] == key; s->i++)
		*kind |= AD_LINK_NAME;
	for (; s->j < s->nbody && pair_key(&s->body[s->j]) == key; s->j++) {
		*kind |= AD_LINK_BODY;
		*score = s->body[s->j].score;
	}
	for (; s->k < s->nsharing && pair_key(&s->sharing[s->k]) == key;
	     s->k++)
		*kind |= AD_LINK_CONTAINED | AD_LINK_OUTLINE;
}

/* The distinct pairs of the sources, each with its kinds and cosine,
 * into out's arrays, or only counted when out is NULL (as name_pairs()
 * is); s is a copy, read from its start. Returns how many. */
static size_t merge(sources s, ad_link_cands *out)
{
	unsigned kind;
	double score;
	uint64_t key;
	size_t n = 0;

	while (next_key(&s, &key)) {
		take_key(&s, key, &kind, &score);
		if (out) {
			out->keys[n] = key;
			out->kind[n] = (uint8_t)kind;
			out->score[n] = score;
		}
		n++;
	}
	return n;
}

/* Every source of candidates, one entry a pair in pair order with its
 * kinds, into out. The body pairs (the join's) and the sharing ones come
 * sorted by (a, b); the name pairs are sorted here, as integers. */
static void gather(ad_link_cands *out, const ad_link_input *in)
{
	sources s;
	names nm;
	uint64_t *np;
	size_t nnp, n;

	index_names(&nm, in);
	/* counted, then made: a family of forks of one name makes the
	 * square of its size */
	nnp = name_pairs(NULL, &nm, in);
	np = ad_xmalloc((nnp + 1) * sizeof(*np));
	(void)name_pairs(np, &nm, in);
	free(nm.start);
	free(nm.agents);
	ad_strtab_free(nm.keys);
	ad_sort_u64(np, nnp);
	memset(&s, 0, sizeof(s));
	s.names = np;
	s.nnames = nnp;
	s.body = in->pairs;
	s.nbody = in->npairs;
	s.sharing = in->sharing;
	s.nsharing = in->nsharing;
	/* counted first: at 100,000 files the three lists hold 10.1 million
	 * pairs, 5.7 million of them distinct */
	n = merge(s, NULL);
	out->keys = ad_xmalloc((n + 1) * sizeof(*out->keys));
	out->kind = ad_xmalloc(n + 1);
	out->score = ad_xmalloc((n + 1) * sizeof(*out->score));
	out->n = merge(s, out);
	free(np);
}

/* The sections of agent a, read from the numbering rather than from the
 * document, which a candidate would otherwise bring into the cache. */
static uint32_t sections_of(const ad_link_input *in, uint32_t a)
{
	return (uint32_t)(in->section_base[a + 1] - in->section_base[a]);
}

static void evidence_of(const ad_link_input *in, const sets *h, ad_link *l)
{
	l->shared_headings = common(h, l->a, l->b);
	ad_jobs_evidence(in->jobs, l);
}

/* Each agent's headings, rule groups and sections, into out's counts. */
static void agent_counts(ad_links *out, const ad_link_input *in,
			 const sets *h)
{
	uint32_t a;

	out->headings = ad_xmalloc((in->ndocs + 1) * sizeof(*out->headings));
	out->groups = ad_xmalloc((in->ndocs + 1) * sizeof(*out->groups));
	out->sections = ad_xmalloc((in->ndocs + 1) * sizeof(*out->sections));
	for (a = 0; a < in->ndocs; a++) {
		out->headings[a] = size_of(h, a);
		out->groups[a] = ad_jobs_groups(in->jobs, a);
		out->sections[a] = sections_of(in, a);
	}
}

/* Each candidate's cosine where no join gave it, on the worker threads.
 * The candidates come sorted, so a worker spreads the vector of agent a
 * once for the run of a's pairs in its piece (ad_svec_dot_row(): the
 * value of ad_svec_dot()). */
typedef struct cosine_ctx {
	const ad_link_input *in;
	ad_link_cands *c;
	atomic_size_t next;
} cosine_ctx;

static void cosine_work(void *ctx, int worker)
{
	cosine_ctx *x = ctx;
	ad_cvecs v = x->in->agents;
	const ad_link_cands *c = x->c;
	double *row = ad_xcalloc((size_t)x->in->nterms + 1, sizeof(*row));
	uint32_t spread = UINT32_MAX;
	size_t i, end;

	(void)worker;
	while ((i = ad_parallel_chunk(&x->next, c->n, 256, &end)) < c->n)
		for (; i < end; i++) {
			uint32_t a = (uint32_t)(c->keys[i] >> 32);

			if (c->score[i] >= 0.0)
				continue;
			if (spread != a) {
				if (spread != UINT32_MAX)
					ad_cvec_unspread(row, &v.v[spread]);
				ad_cvec_spread(row, &v.v[a], v.idf);
				spread = a;
			}
			c->score[i] = ad_cvec_dot_row(
				row, &v.v[(uint32_t)c->keys[i]], v.idf);
		}
	free(row);
}

void ad_link_candidates(ad_link_cands *out, const ad_link_input *in)
{
	cosine_ctx x;

	gather(out, in);
	x.in = in;
	x.c = out;
	atomic_init(&x.next, 0);
	ad_parallel_run(ad_parallel_jobs(in->njobs, out->n, 1024), cosine_work,
			&x);
}

void ad_link_cands_dispose(ad_link_cands *c)
{
	free(c->keys);
	free(c->kind);
	free(c->score);
	memset(c, 0, sizeof(*c));
}

/* A pair its body links needs no outline to be linked, nor to be
 * listed as a version or a template's siblings (ad_job_same() reads the
 * body and contained kinds, never the outline): it is not aligned for
 * an outline kind as well. */
static int outline_decides(unsigned kind, double score, double threshold,
			   unsigned mask)
{
	if (!(mask & AD_LINK_OUTLINE) || !(kind & AD_LINK_OUTLINE) ||
	    score < AD_LINK_OUTLINE_FLOOR)
		return 0;
	return !(mask & AD_LINK_BODY && kind & AD_LINK_BODY &&
		 score >= threshold);
}

int ad_link_cand_outline_decides(const ad_link_cands *c, size_t i,
				 double threshold, unsigned mask)
{
	return outline_decides(c->kind[i], c->score[i], threshold, mask);
}

/* Sections of l's pair aligned at AD_LINK_ALIGNED_SCORE or more. */
static uint32_t aligned(const ad_link *l, const ad_alignments *al)
{
	const ad_alignment *p = al ? ad_align_find(al, l->a, l->b) : NULL;

	return p ? p->strong : 0;
}

/* One name and one job, the body rewritten: a new version of an agent.
 * ls: the agents' counts. */
static int version(const ad_link *l, const ad_links *ls)
{
	return l->same_name && l->description >= AD_LINK_VERSION_DESC &&
	       ad_job_exclusive(l, ad_links_fewer(ls, l).groups);
}

/* Which of the kinds l may be, of those in mask, its outline and
 * contents bear out. */
static unsigned skeleton(ad_link *l, const ad_links *ls, double threshold,
			 unsigned mask, const ad_alignments *al)
{
	int outline = outline_decides(l->kind, l->score, threshold, mask);
	ad_link_fewer f = ad_links_fewer(ls, l);
	unsigned kind = 0;
	uint32_t n;

	if (l->kind & AD_LINK_BODY && l->score >= threshold)
		kind |= AD_LINK_BODY;
	if (l->kind & AD_LINK_NAME &&
	    l->shared_headings >= AD_LINK_MIN_HEADINGS &&
	    l->shared_headings >= AD_LINK_HEADING_SHARE * f.headings)
		kind |= AD_LINK_NAME;
	if (l->kind & AD_LINK_CONTAINED &&
	    l->score >= AD_LINK_CONTAINED_FLOOR &&
	    f.groups >= AD_LINK_MIN_GROUPS &&
	    l->shared_groups >= AD_LINK_CONTAINED_SHARE * f.groups)
		kind |= AD_LINK_CONTAINED;
	n = outline ? aligned(l, al) : 0;
	l->aligned_sections = n < AD_LINK_MAX_ALIGNED ? n : AD_LINK_MAX_ALIGNED;
	if (outline && n >= AD_LINK_MIN_ALIGNED &&
	    n >= AD_LINK_ALIGNED_SHARE * f.sections)
		kind |= AD_LINK_OUTLINE;
	return kind & mask;
}

/* Append l's pair to the templates. */
static void push_template(ad_pair **t, size_t *n, size_t *cap,
			  const ad_link *l)
{
	ad_grow(t, cap, *n + 1, sizeof(**t));
	(*t)[*n].a = l->a;
	(*t)[*n].b = l->b;
	(*t)[(*n)++].score = l->score;
}

/* One batch of candidates [lo, hi) weighed on the worker threads: each
 * made a link with its evidence (headings, jobs) into buf, and in kinds
 * what its outline and contents bear out, of the kinds in mask. */
typedef struct weigh_ctx {
	const ad_link_cands *c;
	const ad_link_input *in;
	sets h;
	const ad_links *ls; /* the agents' counts */
	const ad_alignments *al;
	unsigned mask;
	size_t lo, hi;
	ad_link *buf;
	uint8_t *kinds; /* AD_LINK_* bits: a byte */
	atomic_size_t next;
} weigh_ctx;

static void weigh_work(void *ctx, int worker)
{
	weigh_ctx *x = ctx;
	size_t i, end;

	(void)worker;
	while ((i = ad_parallel_chunk(&x->next, x->hi, 256, &end)) < x->hi)
		for (; i < end; i++) {
			ad_link *l = &x->buf[i - x->lo];

			memset(l, 0, sizeof(*l));
			l->a = (uint32_t)(x->c->keys[i] >> 32);
			l->b = (uint32_t)x->c->keys[i];
			l->kind = x->c->kind[i];
			l->score = x->c->score[i];
			evidence_of(x->in, &x->h, l);
			x->kinds[i - x->lo] = (uint8_t)skeleton(
				l, x->ls, x->in->threshold, x->mask, x->al);
		}
}

/* Append the links of one weighed batch that may hold to links and
 * kinds (n of them), which grow by what the batch keeps, no more: at
 * 100,000 files they are millions, and doubling left up to half their
 * room unused at the audit's peak. */
static void keep_batch(ad_link **links, uint8_t **kinds, size_t *n,
		       const weigh_ctx *x)
{
	size_t k, more = 0;

	for (k = 0; k < x->hi - x->lo; k++)
		more += x->kinds[k] || version(&x->buf[k], x->ls);
	if (!more)
		return;
	*links = ad_xrealloc(*links, (*n + more) * sizeof(**links));
	*kinds = ad_xrealloc(*kinds, (*n + more) * sizeof(**kinds));
	for (k = 0; k < x->hi - x->lo; k++) {
		if (!x->kinds[k] && !version(&x->buf[k], x->ls))
			continue;
		(*links)[*n] = x->buf[k];
		(*kinds)[(*n)++] = x->kinds[k];
	}
}

/* The candidates that may hold, as links with their evidence, and their
 * kinds so far: those whose outline or contents bear out a kind, and
 * versions (which need neither). Any other can be no link and no
 * template, nor is it anyone's template sibling (ad_jobs_discount()
 * reads only links with a kind): it is dropped as its batch of
 * AD_LINK_BATCH is weighed, so that the candidates are never all held
 * as links. Returns how many are kept; both arrays are malloc'd. ls
 * receives each agent's counts, which the evidence is weighed against. */
static size_t may_hold(ad_link **links, uint8_t **kinds, ad_links *ls,
		       const ad_link_cands *c, const ad_link_input *in,
		       const ad_alignments *al, unsigned mask)
{
	weigh_ctx x;
	size_t n = 0;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.in = in;
	x.al = al;
	x.mask = mask;
	x.ls = ls;
	heading_sets(&x.h, in);
	agent_counts(ls, in, &x.h);
	x.buf = ad_xmalloc((AD_LINK_BATCH + 1) * sizeof(*x.buf));
	x.kinds = ad_xmalloc((AD_LINK_BATCH + 1) * sizeof(*x.kinds));
	*links = NULL;
	*kinds = NULL;
	for (x.lo = 0; x.lo < c->n; x.lo = x.hi) {
		x.hi = c->n - x.lo > AD_LINK_BATCH ? x.lo + AD_LINK_BATCH
						   : c->n;
		atomic_init(&x.next, x.lo);
		ad_parallel_run(ad_parallel_jobs(in->njobs, x.hi - x.lo, 1024),
				weigh_work, &x);
		keep_batch(links, kinds, &n, &x);
	}
	free(x.buf);
	free(x.kinds);
	free(x.h.start);
	free(x.h.id);
	return n;
}

void ad_link_decide(ad_links *out, ad_pair **templates, size_t *ntemplates,
		    const ad_link_cands *c, const ad_link_input *in,
		    const ad_alignments *al, unsigned mask)
{
	ad_link *links;
	uint8_t *kinds;
	size_t i, kept = 0, cap = 0, m;

	memset(out, 0, sizeof(*out));
	m = may_hold(&links, &kinds, out, c, in, al, mask);
	*templates = NULL;
	*ntemplates = 0;
	ad_jobs_discount(in->jobs, links, m, kinds, in->njobs);
	for (i = 0; i < m; i++) {
		ad_link l = links[i];
		unsigned kind = kinds[i];

		if (kind && !ad_job_same(&l, ad_links_fewer(out, &l).groups,
					 kind)) {
			/* one skeleton, two jobs: under two names, siblings of
			 * a template; under one, a name collision (collide.h) */
			if (!l.same_name)
				push_template(templates, ntemplates, &cap, &l);
			kind = 0;
		}
		if (version(&l, out))
			kind |= AD_LINK_VERSION & mask;
		l.kind = kind;
		if (l.kind)
			links[kept++] = l;
	}
	free(kinds);
	out->n = kept;
	out->ncandidates = c->n;
	out->list = ad_xrealloc(links, (kept + 1) * sizeof(*links));
}

const ad_link *ad_links_find(const ad_links *l, uint32_t x, uint32_t y)
{
	uint32_t a = x < y ? x : y, b = x < y ? y : x;
	size_t lo = 0, hi = l->n;

	while (lo < hi) { /* links are sorted by (a, b) */
		size_t mid = lo + (hi - lo) / 2;
		const ad_link *m = &l->list[mid];

		if (m->a < a || (m->a == a && m->b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->n && l->list[lo].a == a && l->list[lo].b == b)
		return &l->list[lo];
	return NULL;
}
