/*
 * forms.c - wordings interned as byte strings of term ids, so that equal
 * items share an id and are compared exactly; each form's agents counted
 * once per agent with a stamp of the last agent that carried it.
 */
#include "analysis/forms.h"

#include <stdlib.h>

#include "base/parallel.h"
#include "base/strtab.h"

/* One kind of item: its count in a doc, and the terms of the k-th. */
typedef struct items {
	size_t (*count)(const ad_doc *d);
	const uint32_t *(*terms)(const ad_doc *d, size_t k, uint32_t *n);
} items;

static size_t doc_rules(const ad_doc *d) { return d->nrules; }
static size_t doc_sections(const ad_doc *d) { return d->nsections; }

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

/* Per item of the collection (nitems, doc by doc), its form in *form_of,
 * and per item the agents carrying its form in *spread. */
static size_t intern(uint32_t **form_of, uint32_t **spread,
		     const ad_collection *c, size_t nitems, const items *kind)
{
	ad_strtab *seen = ad_strtab_new();
	uint32_t *agents = NULL, *last = NULL;
	size_t cap = 0, i, k, it = 0, nforms;

	*form_of = ad_xmalloc((nitems + 1) * sizeof(**form_of));
	for (i = 0; i < c->ndocs; i++) {
		const ad_doc *d = c->docs[i];

		for (k = 0; k < kind->count(d); k++, it++) {
			uint32_t n, g;
			const uint32_t *t = kind->terms(d, k, &n);

			/* an empty sequence may have no array at all */
			g = ad_strtab_intern(seen, n ? (const char *)t : "",
					     n * sizeof(*t));
			if (g >= cap) { /* ids come in order: one new at most */
				size_t old = cap;

				ad_grow(&agents, &cap, g + 1, sizeof(*agents));
				last = ad_xrealloc(last, cap * sizeof(*last));
				for (; old < cap; old++)
					agents[old] = last[old] = 0;
			}
			if (last[g] != i + 1) { /* first time in this doc */
				last[g] = (uint32_t)i + 1;
				agents[g]++;
			}
			(*form_of)[it] = g;
		}
	}
	*spread = ad_xmalloc((nitems + 1) * sizeof(**spread));
	for (it = 0; it < nitems; it++)
		(*spread)[it] = agents[(*form_of)[it]];
	nforms = ad_strtab_count(seen);
	free(agents);
	free(last);
	ad_strtab_free(seen);
	return nforms;
}

/* Per rule wording, its first rule and the rules carrying it. */
static void tally_rules(ad_forms *f, size_t nrules)
{
	size_t r;

	f->form_first = ad_xmalloc((f->nrule_forms + 1) *
				   sizeof(*f->form_first));
	f->form_rules = ad_xcalloc(f->nrule_forms + 1, sizeof(*f->form_rules));
	for (r = nrules; r-- > 0;) { /* backwards: the first one stays */
		f->form_first[f->rule_form[r]] = (uint32_t)r;
		f->form_rules[f->rule_form[r]]++;
	}
}

/* The rules' wordings and the headings' are found side by side. */
typedef struct build_job {
	ad_forms *out;
	const ad_collection *c;
	atomic_size_t next;
} build_job;

static void build_work(void *ctx, int worker)
{
	static const items rules = {doc_rules, rule_terms};
	static const items titles = {doc_sections, title_terms};
	build_job *b = ctx;
	ad_forms *out = b->out;
	size_t k;

	(void)worker;
	while ((k = ad_parallel_next(&b->next, 2, 1)) < 2) {
		if (k == 0) {
			out->nrule_forms =
				intern(&out->rule_form, &out->rule_spread,
				       b->c, b->c->at.nrules, &rules);
			tally_rules(out, b->c->at.nrules);
		} else {
			intern(&out->title_form, &out->title_spread, b->c,
			       b->c->at.nsections, &titles);
		}
	}
}

void ad_forms_build(ad_forms *out, const ad_collection *c, int jobs)
{
	build_job b;

	b.out = out;
	b.c = c;
	atomic_init(&b.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, 2, 1), build_work, &b);
}

void ad_forms_dispose(ad_forms *f)
{
	free(f->rule_form);
	free(f->rule_spread);
	free(f->form_first);
	free(f->form_rules);
	free(f->title_form);
	free(f->title_spread);
}

/* Families of forks are far smaller than the floor. Measured on the
 * development corpus (README): pairwise F1 0.84 without the limit, 0.90
 * with it. */
uint32_t ad_house_limit(size_t nagents)
{
	size_t share = nagents / AD_BOILERPLATE_SHARE;

	return (uint32_t)(share > AD_BOILERPLATE_MIN ? share
						     : AD_BOILERPLATE_MIN);
}

void ad_forms_drop(ad_forms *f, unsigned parts)
{
	if (parts & AD_FORMS_RULE_COUNTS) {
		free(f->rule_spread);
		free(f->form_first);
		free(f->form_rules);
		f->rule_spread = f->form_first = f->form_rules = NULL;
	}
	if (parts & AD_FORMS_TITLE_SPREAD) {
		free(f->title_spread);
		f->title_spread = NULL;
	}
	if (parts & AD_FORMS_TITLES) {
		free(f->title_form);
		f->title_form = NULL;
	}
}
