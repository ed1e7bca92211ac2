/*
 * vectors.c - the TF-IDF vectors of an audit, counted and weighed on the
 * worker threads, each doc's vectors in its own arena.
 */
#include "agentdup/vectors.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/parallel.h"
#include "agentdup/strtab.h"

/* Items (rules, or section titles) with the same terms in the same order
 * are one form. Term sequences are interned as byte strings, so equal
 * items share an id and are compared exactly. */
typedef struct forms {
	uint32_t *form_of; /* per item */
	uint32_t *agents;  /* per form: agents carrying it */
	size_t nforms;
} forms;

typedef const uint32_t *(*terms_fn)(const ad_doc *d, size_t k, uint32_t *n);

static const uint32_t *rule_terms(const ad_doc *d, size_t k, uint32_t *n)
{
	*n = d->rules[k].nterms;
	return d->rules[k].terms;
}

static const uint32_t *title_terms(const ad_doc *d, size_t k, uint32_t *n)
{
	*n = d->sections[k].ntitle_terms;
	return d->sections[k].terms;
}

/* nitems items, count(d) of them in each doc, in doc order. */
static void intern_forms(forms *f, const ad_audit *a, size_t nitems,
			 size_t (*count)(const ad_doc *), terms_fn get)
{
	ad_strtab *seen = ad_strtab_new();
	uint32_t *last = NULL;
	size_t cap = 0, i, k, it = 0;

	f->form_of = ad_xmalloc((nitems + 1) * sizeof(*f->form_of));
	f->agents = NULL;
	for (i = 0; i < a->ndocs; i++) {
		const ad_doc *d = a->docs[i];

		for (k = 0; k < count(d); k++, it++) {
			uint32_t n, g;
			const uint32_t *t = get(d, k, &n);

			/* an empty sequence may have no array at all */
			g = ad_strtab_intern(seen, n ? (const char *)t : "",
					     n * sizeof(*t));
			if (g >= cap) { /* ids come in order: one new at most */
				size_t old = cap;

				ad_grow(&f->agents, &cap, g + 1, sizeof(*f->agents));
				last = ad_xrealloc(last, cap * sizeof(*last));
				for (; old < cap; old++)
					f->agents[old] = last[old] = 0;
			}
			if (last[g] != i + 1) { /* first time in this doc */
				last[g] = (uint32_t)i + 1;
				f->agents[g]++;
			}
			f->form_of[it] = g;
		}
	}
	f->nforms = ad_strtab_count(seen);
	free(last);
	ad_strtab_free(seen);
}

static size_t doc_rules(const ad_doc *d) { return d->nrules; }
static size_t doc_sections(const ad_doc *d) { return d->nsections; }

/* Rule forms, and how many agents carry each rule verbatim: house-style
 * boilerplate is carried by a large share. Section title forms, for the
 * same question about headings. */
static void spread(ad_audit *a)
{
	forms f;
	size_t i;

	intern_forms(&f, a, a->nrules, doc_rules, rule_terms);
	a->rule_spread = ad_arena_alloc(a->arena, (a->nrules + 1) * sizeof(uint32_t));
	for (i = 0; i < a->nrules; i++)
		a->rule_spread[i] = f.agents[f.form_of[i]];
	a->rule_form = f.form_of;
	a->nforms = f.nforms;
	free(f.agents);
	intern_forms(&f, a, a->nsections, doc_sections, title_terms);
	a->title_form = f.form_of;
	a->title_spread = ad_arena_alloc(a->arena, (a->nsections + 1) * sizeof(uint32_t));
	for (i = 0; i < a->nsections; i++)
		a->title_spread[i] = f.agents[f.form_of[i]];
	free(f.agents);
}

/* Rules carried by more agents than this are house style: they stay in
 * the section and rule vectors but not in the agent vectors, where they
 * would make unrelated agents of one template look alike. Families of
 * forks are far smaller than the floor. Measured on the development
 * corpus (README): pairwise F1 0.84 without, 0.90 with. */
uint32_t ad_house_limit(size_t nagents)
{
	size_t share = nagents / AD_BOILERPLATE_SHARE;
	return (uint32_t)(share > AD_BOILERPLATE_MIN ? share
						     : AD_BOILERPLATE_MIN);
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

typedef struct vec_ctx {
	ad_audit *a;
	int sections;    /* pass 2: section vectors; pass 1: the others */
	uint32_t limit;  /* ad_house_limit() */
	uint32_t nterms; /* features: terms, then (pass 2) rule groups */
	atomic_size_t next;
	double *idf[3];  /* per level, for weighing */
} vec_ctx;

/* Raw counts of doc i, in the doc's own arena: its agent vector
 * (description, frontmatter, every section with its rules but the
 * boilerplate) and its rule vectors. */
static void count_doc(vec_ctx *v, ad_counter *c, size_t i)
{
	ad_audit *a = v->a;
	const ad_doc *d = a->docs[i];
	size_t k, ri = a->rule_base[i];

	ad_counter_add(c, d->desc_terms, d->ndesc_terms);
	ad_counter_add(c, d->meta_terms, d->nmeta_terms);
	for (k = 0; k < d->nsections; k++)
		add_section_terms(c, d, &d->sections[k], a->rule_spread + ri,
				  v->limit);
	ad_counter_take(&a->agent_vecs[i], c, d->arena);
	for (k = 0; k < d->nrules; k++) {
		ad_counter_add(c, d->rules[k].terms, d->rules[k].nterms);
		ad_counter_take(&a->rule_vecs[ri++], c, d->arena);
	}
}

/* Section vectors of doc i: the heading (AD_TITLE_WEIGHT times), prose,
 * rules, and one feature per shared rule group of its rules, so that
 * sections holding the same rules in other words look alike. */
static void count_sections(vec_ctx *v, ad_counter *c, size_t i)
{
	ad_audit *a = v->a;
	const ad_doc *d = a->docs[i];
	uint32_t nterms = ad_vocab_count(a->vocab), r;
	size_t k, si = a->section_base[i];

	for (k = 0; k < d->nsections; k++) {
		const ad_section *s = &d->sections[k];
		int w;

		for (w = 1; w < AD_TITLE_WEIGHT; w++)
			ad_counter_add(c, s->terms, s->ntitle_terms);
		add_section_terms(c, d, s, NULL, 0);
		for (r = 0; r < s->nrules; r++) {
			uint32_t g = a->inventory.group_of[a->rule_base[i] +
							  s->first_rule + r];
			const ad_rule_group *rg = &a->inventory.groups[g];

			if (rg->nagents >= 2 && !rg->boilerplate) {
				uint32_t f = nterms + g;
				ad_counter_add(c, &f, 1);
			}
		}
		ad_counter_take(&a->section_vecs[si++], c, d->arena);
	}
}

static void count_work(void *ctx, int worker)
{
	vec_ctx *v = ctx;
	ad_counter c;
	size_t i, end, n = v->a->ndocs;

	(void)worker;
	ad_counter_init(&c, v->nterms);
	while ((i = ad_parallel_next(&v->next, n, 16)) < n)
		for (end = i + 16 < n ? i + 16 : n; i < end; i++) {
			if (v->sections)
				count_sections(v, &c, i);
			else
				count_doc(v, &c, i);
		}
	ad_counter_dispose(&c);
}

/* Agents and rules (pass 1), or sections (pass 2), as one range of items
 * to weigh. */
static void weigh_work(void *ctx, int worker)
{
	vec_ctx *v = ctx;
	ad_audit *a = v->a;
	size_t n = v->sections ? a->nsections : a->ndocs + a->nrules, i, end;

	(void)worker;
	while ((i = ad_parallel_next(&v->next, n, 256)) < n) {
		for (end = i + 256 < n ? i + 256 : n; i < end; i++) {
			if (v->sections)
				ad_tfidf_weigh(&a->section_vecs[i], v->idf[1]);
			else if (i < a->ndocs)
				ad_tfidf_weigh(&a->agent_vecs[i], v->idf[0]);
			else
				ad_tfidf_weigh(&a->rule_vecs[i - a->ndocs], v->idf[2]);
		}
	}
}

/* Each level has its own document frequencies. */
static double *level_idf(const ad_svec *vecs, size_t n, uint32_t nterms)
{
	uint32_t *df = ad_xcalloc(nterms + 1, sizeof(*df));
	double *idf = ad_xmalloc((nterms + 1) * sizeof(*idf));

	ad_tfidf_df(df, vecs, n);
	ad_tfidf_idf(idf, df, nterms, n);
	free(df);
	return idf;
}

/* The agent of every section and of every rule. */
static void owners(ad_audit *a)
{
	size_t i, k;

	a->section_doc = ad_arena_alloc(a->arena, (a->nsections + 1) * sizeof(uint32_t));
	a->rule_doc = ad_arena_alloc(a->arena, (a->nrules + 1) * sizeof(uint32_t));
	for (i = 0; i < a->ndocs; i++) {
		for (k = a->section_base[i]; k < a->section_base[i + 1]; k++)
			a->section_doc[k] = (uint32_t)i;
		for (k = a->rule_base[i]; k < a->rule_base[i + 1]; k++)
			a->rule_doc[k] = (uint32_t)i;
	}
}

void ad_vectors_build(ad_audit *a, int jobs)
{
	vec_ctx v;
	size_t i;
	int njobs = ad_parallel_jobs(jobs, a->ndocs, 64);

	a->section_base = ad_arena_calloc(a->arena, a->ndocs + 1, sizeof(size_t));
	a->rule_base = ad_arena_calloc(a->arena, a->ndocs + 1, sizeof(size_t));
	for (i = 0; i < a->ndocs; i++) {
		a->section_base[i] = a->nsections;
		a->rule_base[i] = a->nrules;
		a->nsections += a->docs[i]->nsections;
		a->nrules += a->docs[i]->nrules;
	}
	a->section_base[a->ndocs] = a->nsections;
	a->rule_base[a->ndocs] = a->nrules;
	owners(a);
	a->agent_vecs = ad_arena_calloc(a->arena, a->ndocs + 1, sizeof(ad_svec));
	a->section_vecs =
		ad_arena_calloc(a->arena, a->nsections + 1, sizeof(ad_svec));
	a->rule_vecs = ad_arena_calloc(a->arena, a->nrules + 1, sizeof(ad_svec));
	spread(a);
	memset(&v, 0, sizeof(v));
	v.a = a;
	v.limit = ad_house_limit(a->ndocs);
	v.nterms = ad_vocab_count(a->vocab);
	ad_parallel_run(njobs, count_work, &v);
	v.idf[0] = level_idf(a->agent_vecs, a->ndocs, v.nterms);
	v.idf[2] = level_idf(a->rule_vecs, a->nrules, v.nterms);
	atomic_store(&v.next, 0);
	ad_parallel_run(njobs, weigh_work, &v);
	free(v.idf[0]);
	free(v.idf[2]);
}

/* After the rule inventory: section vectors carry its groups. */
void ad_vectors_sections(ad_audit *a, int jobs)
{
	vec_ctx v;
	int njobs = ad_parallel_jobs(jobs, a->ndocs, 64);

	memset(&v, 0, sizeof(v));
	v.a = a;
	v.sections = 1;
	v.nterms = ad_vocab_count(a->vocab) + (uint32_t)a->inventory.ngroups;
	ad_parallel_run(njobs, count_work, &v);
	v.idf[1] = level_idf(a->section_vecs, a->nsections, v.nterms);
	atomic_store(&v.next, 0);
	ad_parallel_run(njobs, weigh_work, &v);
	free(v.idf[1]);
}

