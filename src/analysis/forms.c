/*
 * forms.c - wordings interned as byte strings of term ids, so that equal
 * items share an id and are compared exactly; each form's agents counted
 * once per agent with a stamp of the last agent that carried it.
 */
#include "analysis/forms.h"

#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"
#include "base/strtab.h"
#include "parse/identity.h"

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

/* The items of docs [d0, d1) of one kind, interned in a table of their
 * own: ids by first appearance in the part, and per id the agents
 * carrying it. A collection's items are interned in two such parts side
 * by side, the second then merged into the first (merge_parts()). */
typedef struct part {
	const items *kind;
	size_t d0, d1;
	size_t first;     /* the part's first item, collection-wide */
	ad_strtab *seen;
	uint32_t *agents; /* per id */
	size_t cap;
} part;

/* Room in a per-id array for id, what it grows by set to 0. */
static void room_for(uint32_t **a, size_t *cap, uint32_t id)
{
	size_t old = *cap;

	if (id < old)
		return;
	ad_grow(a, cap, (size_t)id + 1, sizeof(**a));
	memset(*a + old, 0, (*cap - old) * sizeof(**a));
}

/* Each item's id in the part into form_of (collection-wide numbering of
 * items); last: scratch, per id, the last doc that carried it. */
static void intern_part(part *p, const ad_collection *c, uint32_t *form_of)
{
	uint32_t *last = NULL;
	size_t cap_last = 0, i, k, it = p->first;

	p->seen = ad_strtab_new();
	for (i = p->d0; i < p->d1; i++) {
		const ad_doc *d = c->docs[i];

		for (k = 0; k < p->kind->count(d); k++, it++) {
			uint32_t n, g;
			const uint32_t *t = p->kind->terms(d, k, &n);

			/* an empty sequence may have no array at all */
			g = ad_strtab_intern(p->seen, n ? (const char *)t : "",
					     n * sizeof(*t));
			room_for(&p->agents, &p->cap, g);
			room_for(&last, &cap_last, g);
			if (last[g] != i + 1) { /* first time in this doc */
				last[g] = (uint32_t)i + 1;
				p->agents[g]++;
			}
			form_of[it] = g;
		}
	}
	free(last);
}

/* Part b's ids as part a's (new ones after a's, in b's order: the
 * order of first appearance over both), its items' ids rewritten and its
 * agents added: a then holds the forms of both, numbered as one pass
 * over the items would have. */
static void merge_parts(part *a, part *b, uint32_t *form_of, size_t end)
{
	uint32_t nb = ad_strtab_count(b->seen), k;
	uint32_t *to = ad_xmalloc(((size_t)nb + 1) * sizeof(*to));
	size_t it, len;

	for (k = 0; k < nb; k++) {
		const char *s = ad_strtab_str(b->seen, k, &len);

		to[k] = ad_strtab_intern(a->seen, s, len);
		room_for(&a->agents, &a->cap, to[k]);
		a->agents[to[k]] += b->agents[k];
	}
	for (it = b->first; it < end; it++)
		form_of[it] = to[form_of[it]];
	free(to);
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

/* The rules' wordings and the headings' are found side by side, each
 * kind in two parts (parts[0..1] the rules', parts[2..3] the headings'). */
typedef struct build_job {
	part parts[4];
	uint32_t *form_of[2]; /* per kind: per item, its form */
	const ad_collection *c;
	atomic_size_t next;
} build_job;

static void build_work(void *ctx, int worker)
{
	build_job *b = ctx;
	size_t k;

	(void)worker;
	while ((k = ad_parallel_next(&b->next, 4, 1)) < 4)
		intern_part(&b->parts[k], b->c, b->form_of[k / 2]);
}

/* The two parts of one kind of item, whose counts per doc base gives. */
static void split_parts(part *p, const items *kind, const size_t *base,
			size_t ndocs)
{
	/* the second part begins at the first doc whose items start at or
	 * past half of them (base[d]: the items before doc d) */
	size_t m = ad_parallel_halfway(base, ndocs);

	memset(p, 0, 2 * sizeof(*p));
	p[0].kind = p[1].kind = kind;
	p[0].d1 = p[1].d0 = m;
	p[1].d1 = ndocs;
	p[1].first = base[m];
}

uint32_t *ad_forms_doc_names(const ad_collection *c)
{
	uint32_t *name = ad_xmalloc((c->ndocs + 1) * sizeof(*name));
	ad_strtab *names = ad_strtab_new();
	uint32_t count;
	size_t i;

	for (i = 0; i < c->ndocs; i++) {
		const char *id = c->docs[i]->identity;
		size_t len = id ? ad_identity_base(id, strlen(id)) : 0;

		name[i] = len ? ad_strtab_intern(names, id, len) : UINT32_MAX;
	}
	count = ad_strtab_count(names);
	for (i = 0; i < c->ndocs; i++)
		if (name[i] == UINT32_MAX)
			name[i] = count + (uint32_t)i;
	ad_strtab_free(names);
	return name;
}

/* The first names met among a group's agents, up to one more than forks
 * go by: enough to tell forks from house style. */
#define FEW (AD_BOILERPLATE_FORK_NAMES + 1)
typedef struct few_names {
	uint32_t n;
	uint32_t name[FEW];
} few_names;

static void meet(few_names *f, uint32_t name)
{
	uint32_t i;

	if (f->n == FEW)
		return;
	for (i = 0; i < f->n; i++)
		if (f->name[i] == name)
			return;
	f->name[f->n++] = name;
}

void ad_spread_forks(uint32_t *spread, size_t ngroups, const uint32_t *form,
		     const uint32_t *map, const uint32_t *doc, size_t n,
		     const uint32_t *doc_name, uint32_t limit)
{
	uint32_t *at = ad_xmalloc((ngroups + 1) * sizeof(*at)), above = 0;
	few_names *few;
	size_t k;

	for (k = 0; k < ngroups; k++) /* the groups above the limit, numbered */
		at[k] = spread[k] > limit ? above++ : UINT32_MAX;
	few = above ? ad_xcalloc(above, sizeof(*few)) : NULL;
	for (k = 0; above && k < n; k++) {
		uint32_t g = map ? map[form[k]] : form[k];

		if (at[g] != UINT32_MAX)
			meet(&few[at[g]], doc_name[doc[k]]);
	}
	for (k = 0; k < ngroups; k++)
		if (at[k] != UINT32_MAX && few[at[k]].n < FEW)
			spread[k] = limit;
	free(few);
	free(at);
}

/* One kind's forms from its two parts: per item its form and the spread
 * of its form (forms.h), and how many forms. doc: per item, its doc. */
static size_t finish_kind(uint32_t **spread, part *p, uint32_t *form_of,
			  size_t nitems, const uint32_t *doc,
			  const ad_forms *f, uint32_t limit)
{
	size_t it, n;

	merge_parts(&p[0], &p[1], form_of, nitems);
	ad_spread_forks(p[0].agents, ad_strtab_count(p[0].seen), form_of, NULL,
			doc, nitems, f->doc_name, limit);
	*spread = ad_xmalloc((nitems + 1) * sizeof(**spread));
	for (it = 0; it < nitems; it++)
		(*spread)[it] = p[0].agents[form_of[it]];
	n = ad_strtab_count(p[0].seen);
	for (it = 0; it < 2; it++) {
		ad_strtab_free(p[it].seen);
		free(p[it].agents);
	}
	return n;
}

void ad_forms_build(ad_forms *out, const ad_collection *c, int jobs)
{
	static const items rules = {doc_rules, rule_terms};
	static const items titles = {doc_sections, title_terms};
	size_t nrules = c->at.nrules, nsections = c->at.nsections;
	uint32_t limit = ad_house_limit(c->ndocs);
	build_job b;

	memset(out, 0, sizeof(*out));
	b.c = c;
	split_parts(&b.parts[0], &rules, c->at.rule_base, c->ndocs);
	split_parts(&b.parts[2], &titles, c->at.section_base, c->ndocs);
	out->rule_form = b.form_of[0] = ad_xmalloc((nrules + 1) *
						   sizeof(uint32_t));
	out->title_form = b.form_of[1] = ad_xmalloc((nsections + 1) *
						    sizeof(uint32_t));
	atomic_init(&b.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, 4, 1), build_work, &b);
	out->doc_name = ad_forms_doc_names(c);
	out->nrule_forms = finish_kind(&out->rule_spread, &b.parts[0],
				       out->rule_form, nrules, c->at.rule_doc,
				       out, limit);
	tally_rules(out, nrules);
	(void)finish_kind(&out->title_spread, &b.parts[2], out->title_form,
			  nsections, c->at.section_doc, out, limit);
}

void ad_forms_dispose(ad_forms *f)
{
	free(f->rule_form);
	free(f->rule_spread);
	free(f->form_first);
	free(f->form_rules);
	free(f->title_form);
	free(f->title_spread);
	free(f->doc_name);
}

/* Families of forks under names of their own are far smaller than the
 * floor. Measured on the development corpus (README): pairwise F1 0.84
 * without the limit, 0.90 with it. */
uint32_t ad_house_limit(size_t nagents)
{
	size_t share = nagents / AD_BOILERPLATE_SHARE;

	return (uint32_t)(share > AD_BOILERPLATE_MIN ? share
						     : AD_BOILERPLATE_MIN);
}

void ad_forms_drop(ad_forms *f, unsigned parts)
{
	if (parts & AD_FORMS_RULE_SPREAD) {
		free(f->rule_spread);
		f->rule_spread = NULL;
	}
	if (parts & AD_FORMS_WORDING_COUNTS) {
		free(f->form_first);
		free(f->form_rules);
		f->form_first = f->form_rules = NULL;
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
