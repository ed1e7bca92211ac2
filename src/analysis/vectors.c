/*
 * vectors.c - the TF-IDF vectors of a collection, counted and weighed on
 * the worker threads.
 *
 * Two passes a level: raw counts (each worker counts whole docs, into an
 * arena of its own, and adds each vector's terms to document frequencies
 * of its own while they are at hand), then weights once the workers'
 * document frequencies are summed. A rule wording is counted at its
 * first rule, and its terms add the number of rules carrying it to the
 * document frequencies, as many vectors of their own would. Sections
 * are classed the same way: those with the same heading and prose terms
 * and rules of the same wordings (so of the same rule groups) have the
 * same features, and the first of each class, found by a hash of its
 * features and an exact comparison, is counted for all. Section vectors
 * are held packed (tfidf.h: ids as 16-bit steps, weights as the term
 * counts they are made from, a count of 1 marked in its step: 2 or 3
 * bytes a term rather than 8), since there are more of their terms than
 * of any other level and only alignment and its evidence read them;
 * each bag is packed as it is counted, weighed
 * packed. Agent vectors are made open, in arenas of their own, for the
 * agent join, which reorders them in place; then they are packed, as
 * floats, or as counts in a large collection (found again from the
 * weights: ad_cvec_pack_weighed()), and the open ones freed. Rule
 * wordings likewise: open for the rule join and the groups, packed
 * after them, for the merge lists and the rules' scores; they are
 * counted in a pass of their own (ad_vectors_count_wordings()), so that
 * a large collection joins and packs its agents before they are made.
 * Every vector has its own place and sums of counts do not depend on
 * their order, so the outcome does not depend on which worker made
 * what.
 */
#include "analysis/vectors.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/hash64.h"
#include "base/parallel.h"
#include "index/rulewords.h"

/* The levels of vectors, each with its own document frequencies. */
enum { AGENTS, SECTIONS, RULES, DESCRIPTIONS, NLEVELS };

typedef struct vec_ctx {
	ad_vectors *v;
	const ad_collection *c;
	int wordings;            /* pass 1: the rule wordings, not agents */
	const ad_forms *forms;   /* pass 1: rule wordings and spread */
	const ad_inventory *inv; /* pass 2: section vectors */
	uint32_t *first;  /* pass 2: per section, the first one like it */
	uint32_t *copies; /* pass 2: per first section, the sections like it */
	uint32_t limit;          /* pass 1: house style above this spread */
	const ad_rule_words *words; /* pass 1: rules' words, or NULL */
	uint32_t nterms; /* features: terms, then (pass 2) rule groups */
	atomic_size_t next;
	int njobs;
	uint32_t **df;   /* per worker, NLEVELS runs of nterms counts */
	double *idf[NLEVELS];
} vec_ctx;

/* Take the counter's bag into out, a vector of the given level, and count
 * its terms into the worker's document frequencies, as the vector of
 * ndocs documents. */
static void take(ad_svec *out, const vec_ctx *x, ad_counter *c,
		 ad_arena *arena, uint32_t *df, int level, uint32_t ndocs)
{
	uint32_t *d = df + (size_t)level * x->nterms, k;

	ad_counter_take(out, c, arena);
	for (k = 0; k < out->n; k++)
		d[out->ids[k]] += ndocs;
}

static void add_section_terms(ad_counter *c, const ad_doc *d,
			      const ad_section *s, const uint32_t *spread,
			      uint32_t limit)
{
	uint32_t r;

	ad_counter_add(c, s->terms, s->nterms);
	for (r = 0; r < s->nrules; r++) {
		if (spread && spread[s->first_rule + r] > limit)
			continue;
		ad_counter_add(c, d->rules[s->first_rule + r].terms,
			       d->rules[s->first_rule + r].nterms);
	}
}

/* A rule's terms, each synonym as its set (words may be NULL), handed
 * to the counter a block at a time. */
static void add_rule_terms(ad_counter *c, const ad_rule *r,
			   const ad_rule_words *words)
{
	uint32_t block[64], k, n;

	if (!words) {
		ad_counter_add(c, r->terms, r->nterms);
		return;
	}
	for (k = 0; k < r->nterms; k += n) {
		for (n = 0; n < 64 && k + n < r->nterms; n++)
			block[n] = words->canon[r->terms[k + n]];
		ad_counter_add(c, block, n);
	}
}

/* Raw counts of doc i: its agent vector (description, frontmatter, every
 * section with its rules but the house style) and its description's. */
static void count_doc(vec_ctx *x, ad_counter *c, uint32_t *df, size_t i,
		      int worker)
{
	ad_arena *arena = x->v->arenas[worker];
	const ad_doc *d = x->c->docs[i];
	size_t k, ri = x->c->at.rule_base[i];

	ad_counter_add(c, d->desc_terms, d->ndesc_terms);
	take(&x->v->descriptions[i], x, c, arena, df, DESCRIPTIONS, 1);

	ad_counter_add(c, d->desc_terms, d->ndesc_terms);
	ad_counter_add(c, d->meta_terms, d->nmeta_terms);
	for (k = 0; k < d->nsections; k++)
		add_section_terms(c, d, &d->sections[k],
				  x->forms->rule_spread + ri, x->limit);
	take(&x->v->open_agents.v[i], x, c,
	     x->v->open_agents.arenas[worker], df, AGENTS, 1);
}

/* Raw counts of the rule wordings first met in doc i. */
static void count_wordings(vec_ctx *x, ad_counter *c, uint32_t *df,
			   size_t i, int worker)
{
	const ad_doc *d = x->c->docs[i];
	const ad_forms *f = x->forms;
	size_t k, ri = x->c->at.rule_base[i];

	for (k = 0; k < d->nrules; k++, ri++) {
		uint32_t w = f->rule_form[ri];

		if (f->form_first[w] != ri)
			continue;
		add_rule_terms(c, &d->rules[k], x->words);
		take(&x->v->open_wordings.v[w], x, c,
		     x->v->open_wordings.arenas[worker], df, RULES,
		     f->form_rules[w]);
	}
}

/* The shared (not house-style) rule groups of section s, as features. */
static void add_groups(vec_ctx *x, ad_counter *c, size_t first_rule,
		       const ad_section *s)
{
	uint32_t nterms = ad_collection_nterms(x->c), r;

	if (!x->inv->ngroups) /* words alone */
		return;
	for (r = 0; r < s->nrules; r++) {
		uint32_t g = x->inv->group_of[first_rule + s->first_rule + r];
		const ad_rule_group *rg = &x->inv->groups[g];

		if (rg->nagents >= 2 && !rg->boilerplate) {
			uint32_t f = nterms + g;
			ad_counter_add(c, &f, 1);
		}
	}
}

/* The counter's bag as section vector out, packed (tfidf.h) into arena
 * through the worker's scratch vector, and its terms counted into the
 * worker's document frequencies as ndocs sections'. */
static void take_section(ad_cvec *out, const vec_ctx *x, ad_counter *c,
			 ad_arena *arena, uint32_t *df, ad_svec *scratch,
			 uint32_t ndocs)
{
	uint32_t *d = df + (size_t)SECTIONS * x->nterms, k;

	ad_counter_take_into(scratch, c, scratch->ids, scratch->w);
	for (k = 0; k < scratch->n; k++)
		d[scratch->ids[k]] += ndocs;
	ad_cvec_pack_counts(out, scratch, arena);
}

/* Section vectors of doc i, those first of their class; scratch has
 * room for any bag. */
static void count_sections(vec_ctx *x, ad_counter *c, ad_arena *arena,
			   uint32_t *df, ad_svec *scratch, size_t i)
{
	const ad_doc *d = x->c->docs[i];
	size_t k, si = x->c->at.section_base[i];

	for (k = 0; k < d->nsections; k++, si++) {
		const ad_section *s = &d->sections[k];
		int w;

		if (x->first[si] != si)
			continue;
		for (w = 1; w < AD_TITLE_WEIGHT; w++)
			ad_counter_add(c, s->terms, s->ntitle_terms);
		add_section_terms(c, d, s, NULL, 0);
		add_groups(x, c, x->c->at.rule_base[i], s);
		take_section(&x->v->sections[si], x, c, arena, df, scratch,
			     x->copies[si]);
	}
}

static void count_work(void *ctx, int worker)
{
	vec_ctx *x = ctx;
	ad_arena *arena = x->v->arenas[worker];
	uint32_t *df = ad_xcalloc((size_t)NLEVELS * x->nterms + 1, sizeof(*df));
	ad_counter c;
	ad_svec scratch = {0, NULL, NULL};
	size_t i, end, n = x->c->ndocs;

	x->df[worker] = df;
	ad_counter_init(&c, x->nterms);
	if (x->inv) {
		scratch.ids = ad_xmalloc(((size_t)x->nterms + 1) *
					 sizeof(*scratch.ids));
		scratch.w = ad_xmalloc(((size_t)x->nterms + 1) *
				       sizeof(*scratch.w));
	}
	while ((i = ad_parallel_chunk(&x->next, n, 16, &end)) < n)
		for (; i < end; i++) {
			if (x->inv)
				count_sections(x, &c, arena, df, &scratch,
					       i);
			else if (x->wordings)
				count_wordings(x, &c, df, i, worker);
			else
				count_doc(x, &c, df, i, worker);
		}
	ad_counter_dispose(&c);
	free(scratch.ids);
	free(scratch.w);
}

/* Open vector k weighed with idf, its scale kept. */
static void weigh_open(ad_open_vecs *o, size_t k, const double *idf)
{
	o->scale[k] = ad_tfidf_weigh(&o->v[k], idf);
}

/* Agents and descriptions, or rule wordings (pass 1), or sections
 * (pass 2), as one range of items to weigh. */
static void weigh_work(void *ctx, int worker)
{
	vec_ctx *x = ctx;
	ad_vectors *v = x->v;
	size_t nd = x->c->ndocs, n, i, end;

	(void)worker;
	n = x->inv ? x->c->at.nsections : x->wordings ? v->nwordings : 2 * nd;
	while ((i = ad_parallel_chunk(&x->next, n, 256, &end)) < n) {
		for (; i < end; i++) {
			if (x->inv) {
				if (x->first[i] == i)
					ad_cvec_weigh(&v->sections[i],
						      x->idf[SECTIONS]);
			} else if (x->wordings) {
				weigh_open(&v->open_wordings, i,
					   x->idf[RULES]);
			} else if (i < nd) {
				weigh_open(&v->open_agents, i, x->idf[AGENTS]);
			} else {
				ad_tfidf_weigh(&v->descriptions[i - nd],
					       x->idf[DESCRIPTIONS]);
			}
		}
	}
}

/* Rules: generic words weigh AD_GENERIC_WEIGHT of their idf. */
static void weigh_generic(double *idf, const ad_rule_words *words,
			  uint32_t nterms)
{
	uint32_t t;

	for (t = 0; words && t < nterms; t++)
		if (words->kind[t] & AD_WORD_GENERIC)
			idf[t] *= AD_GENERIC_WEIGHT;
}

/* The idf of a level of n vectors, from the workers' document
 * frequencies summed. */
static double *level_idf(const vec_ctx *x, int level, size_t n)
{
	size_t off = (size_t)level * x->nterms;
	uint32_t *df = x->df[0] + off, t;
	double *idf = ad_xmalloc(((size_t)x->nterms + 1) * sizeof(*idf));
	int w;

	for (w = 1; w < x->njobs; w++) {
		const uint32_t *dw = x->df[w];

		for (t = 0; dw && t < x->nterms; t++)
			df[t] += dw[off + t];
	}
	ad_tfidf_idf(idf, df, x->nterms, n);
	return idf;
}

/* Arenas in *arenas (*n of them) made up to one for each of njobs
 * workers. */
static void arenas_upto(struct ad_arena ***arenas, size_t *n, int njobs)
{
	size_t want = (size_t)njobs;

	if (*n >= want)
		return;
	*arenas = ad_xrealloc(*arenas, want * sizeof(**arenas));
	while (*n < want)
		(*arenas)[(*n)++] = ad_arena_new();
}

/* An arena for each of njobs workers. */
static void arenas_for(ad_vectors *v, int njobs)
{
	arenas_upto(&v->arenas, &v->narenas, njobs);
}

/* The arenas freed, and their array; *n is then 0. */
static void arenas_free(struct ad_arena ***arenas, size_t *n)
{
	size_t k;

	for (k = 0; k < *n; k++)
		ad_arena_free((*arenas)[k]);
	free(*arenas);
	*arenas = NULL;
	*n = 0;
}

/* n open vectors, empty, with no arena yet. */
static void open_init(ad_open_vecs *o, size_t n)
{
	o->v = ad_xcalloc(n + 1, sizeof(*o->v));
	o->scale = ad_xcalloc(n + 1, sizeof(*o->scale));
	o->arenas = NULL;
	o->narenas = 0;
}

/* Open vectors freed, with their arenas. */
static void open_dispose(ad_open_vecs *o)
{
	arenas_free(&o->arenas, &o->narenas);
	free(o->v);
	free(o->scale);
	o->v = NULL;
	o->scale = NULL;
}

static void count_and_weigh(vec_ctx *x, int njobs)
{
	int w;

	arenas_for(x->v, njobs);
	if (x->wordings)
		arenas_upto(&x->v->open_wordings.arenas,
			    &x->v->open_wordings.narenas, njobs);
	else if (!x->inv)
		arenas_upto(&x->v->open_agents.arenas,
			    &x->v->open_agents.narenas, njobs);
	x->njobs = njobs;
	/* a worker that could not start leaves its entry NULL */
	x->df = ad_xcalloc((size_t)njobs, sizeof(*x->df));
	ad_parallel_run(njobs, count_work, x);
	if (x->inv) {
		x->idf[SECTIONS] = level_idf(x, SECTIONS, x->c->at.nsections);
	} else if (x->wordings) {
		x->idf[RULES] = level_idf(x, RULES, x->c->at.nrules);
		weigh_generic(x->idf[RULES], x->words, x->nterms);
	} else {
		x->idf[AGENTS] = level_idf(x, AGENTS, x->c->ndocs);
		x->idf[DESCRIPTIONS] = level_idf(x, DESCRIPTIONS, x->c->ndocs);
	}
	for (w = 0; w < njobs; w++)
		free(x->df[w]);
	free(x->df);
	atomic_store(&x->next, 0);
	ad_parallel_run(njobs, weigh_work, x);
	if (x->inv) { /* sections hold counts: reading them takes their idf */
		x->v->section_idf = x->idf[SECTIONS];
		x->idf[SECTIONS] = NULL;
	} else if (x->wordings) { /* so will those packed as counts */
		x->v->wording_idf = x->idf[RULES];
		x->idf[RULES] = NULL;
	} else { /* and the agents */
		x->v->agent_idf = x->idf[AGENTS];
		x->idf[AGENTS] = NULL;
	}
	for (w = 0; w < NLEVELS; w++)
		free(x->idf[w]);
}

/* Section s, and in *forms the wordings of its rules. */
static const ad_section *section_at(const ad_collection *c,
				    const uint32_t *rule_form, size_t s,
				    const uint32_t **forms)
{
	uint32_t d = c->at.section_doc[s];
	const ad_section *sec =
		&c->docs[d]->sections[s - c->at.section_base[d]];

	*forms = rule_form + c->at.rule_base[d] + sec->first_rule;
	return sec;
}

static uint64_t features_hash(const ad_section *s, const uint32_t *forms,
			      uint64_t seed)
{
	uint64_t h = ad_hash_seeded(s->terms, s->nterms * sizeof(*s->terms),
				    seed ^ s->ntitle_terms);

	return ad_hash_seeded(forms, s->nrules * sizeof(*forms), h);
}

static int same_features(const ad_section *a, const uint32_t *fa,
			 const ad_section *b, const uint32_t *fb)
{
	if (a->ntitle_terms != b->ntitle_terms || a->nterms != b->nterms ||
	    a->nrules != b->nrules)
		return 0;
	if (a->nterms &&
	    memcmp(a->terms, b->terms, a->nterms * sizeof(*a->terms)))
		return 0;
	return a->nrules == 0 ||
	       memcmp(fa, fb, a->nrules * sizeof(*fa)) == 0;
}

/* The sections' hashes, a share of them per worker. */
typedef struct hash_job {
	const ad_collection *c;
	const uint32_t *rule_form;
	uint64_t seed, *hash;
	atomic_size_t next;
} hash_job;

static void hash_work(void *ctx, int worker)
{
	hash_job *h = ctx;
	size_t n = h->c->at.nsections, s, end;
	const uint32_t *fs;

	(void)worker;
	while ((s = ad_parallel_chunk(&h->next, n, 1024, &end)) < n)
		for (; s < end; s++) {
			const ad_section *sec =
				section_at(h->c, h->rule_form, s, &fs);

			h->hash[s] = features_hash(sec, fs, h->seed);
		}
}

/* Per section, the first section with the same features (x->first), and
 * per first one, how many have them (x->copies): an open-addressed table
 * of the first sections, by hash (the hashes made on the workers first). */
static void class_sections(vec_ctx *x, const uint32_t *rule_form, int jobs)
{
	const ad_collection *c = x->c;
	size_t n = c->at.nsections, cap = 16, s, j;
	uint64_t *hash;
	uint32_t *slot;
	hash_job h;

	while (cap < 2 * n)
		cap *= 2;
	slot = ad_xcalloc(cap, sizeof(*slot)); /* first section + 1 */
	hash = ad_xmalloc((n + 1) * sizeof(*hash));
	x->first = ad_xmalloc((n + 1) * sizeof(*x->first));
	x->copies = ad_xcalloc(n + 1, sizeof(*x->copies));
	h.c = c;
	h.rule_form = rule_form;
	h.seed = ad_hash_seed();
	h.hash = hash;
	atomic_init(&h.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, n, 1024), hash_work, &h);
	for (s = 0; s < n; s++) {
		const uint32_t *fs, *ft;
		const ad_section *a = section_at(c, rule_form, s, &fs), *b;

		for (j = hash[s] & (cap - 1); slot[j]; j = (j + 1) & (cap - 1)) {
			uint32_t t = slot[j] - 1;

			if (hash[t] != hash[s])
				continue;
			b = section_at(c, rule_form, t, &ft);
			if (same_features(a, fs, b, ft))
				break;
		}
		if (!slot[j])
			slot[j] = (uint32_t)s + 1;
		x->first[s] = slot[j] - 1;
		x->copies[x->first[s]]++;
	}
	free(hash);
	free(slot);
}

/* Every section not first of its class takes its first's vector. */
static void share_sections(vec_ctx *x)
{
	size_t s;

	for (s = 0; s < x->c->at.nsections; s++)
		x->v->sections[s] = x->v->sections[x->first[s]];
	free(x->first);
	free(x->copies);
}

/* Pass 1 over the docs of in: agents and descriptions, or wordings. */
static void pass1(ad_vectors *v, const ad_vectors_input *in, int wordings)
{
	vec_ctx x;

	memset(&x, 0, sizeof(x));
	x.v = v;
	x.c = in->c;
	x.wordings = wordings;
	x.forms = in->forms;
	x.limit = in->house_limit;
	x.words = in->words;
	x.nterms = ad_collection_nterms(in->c);
	count_and_weigh(&x, ad_parallel_jobs(in->jobs, in->c->ndocs, 64));
}

void ad_vectors_build(ad_vectors *out, const ad_vectors_input *in)
{
	const ad_collection *c = in->c;

	memset(out, 0, sizeof(*out));
	open_init(&out->open_agents, c->ndocs);
	out->nwordings = in->forms->nrule_forms;
	open_init(&out->open_wordings, out->nwordings);
	out->rule_form = in->forms->rule_form;
	out->descriptions = ad_xcalloc(c->ndocs + 1, sizeof(ad_svec));
	pass1(out, in, 0);
}

void ad_vectors_count_wordings(ad_vectors *v, const ad_vectors_input *in)
{
	pass1(v, in, 1);
}

void ad_vectors_sections(ad_vectors *v, const ad_collection *c,
			 const ad_inventory *inv, int jobs)
{
	static const ad_inventory no_groups;
	vec_ctx x;

	v->sections = ad_xcalloc(c->at.nsections + 1, sizeof(ad_cvec));
	memset(&x, 0, sizeof(x));
	x.v = v;
	x.c = c;
	x.inv = inv ? inv : &no_groups;
	x.nterms = ad_collection_nterms(c) + (uint32_t)x.inv->ngroups;
	v->nsection_features = x.nterms;
	class_sections(&x, v->rule_form, jobs);
	count_and_weigh(&x, ad_parallel_jobs(jobs, c->ndocs, 64));
	share_sections(&x);
}

/* What packing shares out: n open vectors, weighed with idf, packed
 * into out, a run at a time. */
typedef struct pack_job {
	ad_vectors *v;
	const ad_open_vecs *open;
	const double *idf;
	ad_cvec *out;
	size_t n;
	uint32_t nterms;
	int counts;
	atomic_size_t next;
} pack_job;

/* Each vector packed into the worker's arena, as floats or as counts
 * (ad_cvec_pack_weighed()): the same weights, read back. */
static void pack_work(void *ctx, int worker)
{
	pack_job *j = ctx;
	ad_arena *arena = j->v->arenas[worker];
	uint32_t *counts = ad_xmalloc(((size_t)j->nterms + 1) *
				      sizeof(*counts));
	size_t i, end;

	while ((i = ad_parallel_chunk(&j->next, j->n, 64, &end)) < j->n)
		for (; i < end; i++) {
			if (j->counts)
				ad_cvec_pack_weighed(&j->out[i],
						     &j->open->v[i], j->idf,
						     j->open->scale[i],
						     counts, arena);
			else
				ad_cvec_pack(&j->out[i], &j->open->v[i],
					     arena);
		}
	free(counts);
}

/* The n open vectors packed into a new array of them, as counts or as
 * floats. */
static ad_cvec *pack(ad_vectors *v, const ad_open_vecs *open, size_t n,
		     const double *idf, uint32_t nterms, int counts, int jobs)
{
	pack_job j;
	int njobs = ad_parallel_jobs(jobs, n, 256);

	arenas_for(v, njobs);
	j.v = v;
	j.open = open;
	j.idf = idf;
	j.out = ad_xcalloc(n + 1, sizeof(*j.out));
	j.n = n;
	j.nterms = nterms;
	j.counts = counts;
	atomic_init(&j.next, 0);
	ad_parallel_run(njobs, pack_work, &j);
	return j.out;
}

void ad_vectors_pack_agents(ad_vectors *v, size_t ndocs, uint32_t nterms,
			    size_t counts_from, int jobs)
{
	size_t i, terms = 0;

	for (i = 0; i < ndocs; i++)
		terms += v->open_agents.v[i].n;
	v->agents_counted = terms >= counts_from;
	v->agents = pack(v, &v->open_agents, ndocs, v->agent_idf, nterms,
			 v->agents_counted, jobs);
	open_dispose(&v->open_agents);
}

void ad_vectors_pack_wordings(ad_vectors *v, uint32_t nterms, int jobs)
{
	v->wordings = pack(v, &v->open_wordings, v->nwordings, v->wording_idf,
			   nterms, v->agents_counted, jobs);
	open_dispose(&v->open_wordings);
}

void ad_vectors_dispose(ad_vectors *v)
{
	arenas_free(&v->arenas, &v->narenas);
	open_dispose(&v->open_agents);
	open_dispose(&v->open_wordings);
	free(v->agents);
	free(v->agent_idf);
	free(v->wordings);
	free(v->wording_idf);
	free(v->descriptions);
	free(v->sections);
	free(v->section_idf);
	memset(v, 0, sizeof(*v));
}

size_t ad_vectors_open_bytes(const ad_vectors *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->open_agents.narenas; i++)
		n += ad_arena_used(v->open_agents.arenas[i]);
	return n;
}

size_t ad_vectors_bytes(const ad_vectors *v)
{
	size_t i, n = 0;

	for (i = 0; i < v->narenas; i++)
		n += ad_arena_used(v->arenas[i]);
	for (i = 0; i < v->open_wordings.narenas; i++)
		n += ad_arena_used(v->open_wordings.arenas[i]);
	return n + ad_vectors_open_bytes(v);
}
