/*
 * forms.c - wordings found by a hash of their term ids and an exact
 * comparison, so that equal items share an id; each form's agents
 * counted once per agent with a stamp of the last agent that carried it.
 *
 * On worker threads, in four passes: every item's hash; then the items
 * split into parts by hash, each part's forms found in a table of its
 * own by one worker, which scans the items in order (so a part's forms
 * are numbered in order of first appearance, and its agents come doc by
 * doc); then, in one serial scan, the forms numbered across parts in
 * order of first appearance, as one table would number them; then each
 * item's form and spread. Tables hold item numbers: no term is copied.
 */
#include "analysis/forms.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash64.h"
#include "base/parallel.h"

#define NEW 0x80000000u /* a local id's flag: its item is the form's first */

/* One kind of item: where each doc's start (collection-wide numbers),
 * each item's doc, and the terms of the k-th of a doc. */
typedef struct items {
	const size_t *(*base)(const ad_collection *c);
	const uint32_t *(*doc)(const ad_collection *c);
	const uint32_t *(*terms)(const ad_doc *d, size_t k, uint32_t *n);
} items;

static const size_t *rule_base(const ad_collection *c)
{
	return c->at.rule_base;
}

static const size_t *section_base(const ad_collection *c)
{
	return c->at.section_base;
}

static const uint32_t *rule_doc(const ad_collection *c)
{
	return c->at.rule_doc;
}

static const uint32_t *section_doc(const ad_collection *c)
{
	return c->at.section_doc;
}

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

/* The forms of one part: a table of first items, and per form (local
 * id) its agents, the last doc that carried it plus one, and its id
 * across parts. */
typedef struct part {
	uint32_t *slot; /* first item + 1, 0 when empty */
	size_t nslots, nforms;
	uint32_t *agents, *last, *global;
} part;

typedef struct intern_ctx {
	const ad_collection *c;
	const items *kind;
	const size_t *base;
	const uint32_t *doc;
	size_t nitems;
	uint64_t *hash;
	uint32_t *local;  /* per item: local id in its part, | NEW */
	part *parts;
	size_t nparts;
	atomic_size_t next;
} intern_ctx;

static const uint32_t *item_terms(const intern_ctx *x, size_t it,
				  uint32_t *n)
{
	uint32_t d = x->doc[it];

	return x->kind->terms(x->c->docs[d], it - x->base[d], n);
}

static void hash_work(void *ctx, int worker)
{
	intern_ctx *x = ctx;
	uint64_t seed = ad_hash_seed();
	size_t it, end, n = x->nitems;
	uint32_t len;

	(void)worker;
	while ((it = ad_parallel_next(&x->next, n, 1024)) < n)
		for (end = it + 1024 < n ? it + 1024 : n; it < end; it++) {
			const uint32_t *t = item_terms(x, it, &len);

			x->hash[it] = ad_hash_seeded(t, len * sizeof(*t), seed);
		}
}

static void part_grow(part *p, const uint64_t *hash)
{
	size_t n = p->nslots ? 2 * p->nslots : 1024, i, j;
	uint32_t *slot = ad_xcalloc(n, sizeof(*slot));

	for (i = 0; i < p->nslots; i++) {
		if (!p->slot[i])
			continue;
		for (j = hash[p->slot[i] - 1] & (n - 1); slot[j];
		     j = (j + 1) & (n - 1))
			;
		slot[j] = p->slot[i];
	}
	free(p->slot);
	p->slot = slot;
	p->nslots = n;
}

/* The local id of item it in part p, a new one (| NEW) when no earlier
 * item of the part has its terms. */
static uint32_t part_find(part *p, const intern_ctx *x, size_t it)
{
	uint64_t h = x->hash[it];
	uint32_t n, m;
	const uint32_t *t = item_terms(x, it, &n), *u;
	size_t j, mask;

	if (2 * (p->nforms + 1) > p->nslots)
		part_grow(p, x->hash);
	mask = p->nslots - 1;
	for (j = h & mask; p->slot[j]; j = (j + 1) & mask) {
		size_t f = p->slot[j] - 1;

		if (x->hash[f] != h)
			continue;
		u = item_terms(x, f, &m);
		if (m == n && (n == 0 || memcmp(t, u, n * sizeof(*t)) == 0))
			return x->local[f] & ~NEW;
	}
	p->slot[j] = (uint32_t)it + 1;
	return (uint32_t)p->nforms++ | NEW;
}

/* The part of an item by its hash: the high half, since tables place by
 * the low bits. */
static size_t part_of(const intern_ctx *x, size_t it)
{
	return (size_t)(x->hash[it] >> 32) % x->nparts;
}

/* Part k of the items: its forms and their agents, the items scanned in
 * order. */
static void part_scan(intern_ctx *x, size_t k)
{
	part *p = &x->parts[k];
	size_t it, cap = 0;

	for (it = 0; it < x->nitems; it++) {
		uint32_t l, d = x->doc[it];

		if (part_of(x, it) != k)
			continue;
		l = part_find(p, x, it);
		x->local[it] = l;
		l &= ~NEW;
		if (l >= cap) { /* ids come in order: one new at most */
			size_t old = cap;

			ad_grow(&p->agents, &cap, l + 1, sizeof(*p->agents));
			p->last = ad_xrealloc(p->last, cap * sizeof(*p->last));
			for (; old < cap; old++)
				p->agents[old] = p->last[old] = 0;
		}
		if (p->last[l] != d + 1) { /* first time in this doc */
			p->last[l] = d + 1;
			p->agents[l]++;
		}
	}
	free(p->slot);
	free(p->last);
	p->slot = p->last = NULL;
}

static void part_work(void *ctx, int worker)
{
	intern_ctx *x = ctx;
	size_t k;

	(void)worker;
	while ((k = ad_parallel_next(&x->next, x->nparts, 1)) < x->nparts)
		part_scan(x, k);
}

/* Forms numbered across parts in order of first appearance. */
static size_t number_forms(intern_ctx *x)
{
	size_t it, k, n = 0;

	for (k = 0; k < x->nparts; k++)
		x->parts[k].global = ad_xmalloc((x->parts[k].nforms + 1) *
						sizeof(uint32_t));
	for (it = 0; it < x->nitems; it++)
		if (x->local[it] & NEW)
			x->parts[part_of(x, it)].global[x->local[it] & ~NEW] =
				(uint32_t)n++;
	return n;
}

typedef struct assign_ctx {
	intern_ctx *x;
	uint32_t *form_of, *spread;
} assign_ctx;

static void assign_work(void *ctx, int worker)
{
	assign_ctx *a = ctx;
	intern_ctx *x = a->x;
	size_t it, end, n = x->nitems;

	(void)worker;
	while ((it = ad_parallel_next(&x->next, n, 4096)) < n)
		for (end = it + 4096 < n ? it + 4096 : n; it < end; it++) {
			const part *p = &x->parts[part_of(x, it)];
			uint32_t l = x->local[it] & ~NEW;

			a->form_of[it] = p->global[l];
			a->spread[it] = p->agents[l];
		}
}

/* Per item of the collection (doc by doc), its form in *form_of, and per
 * item the agents carrying its form in *spread; returns the forms. */
static size_t intern(uint32_t **form_of, uint32_t **spread,
		     const ad_collection *c, const items *kind, int jobs)
{
	intern_ctx x;
	assign_ctx a;
	size_t k, nforms;
	int njobs;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.kind = kind;
	x.base = kind->base(c);
	x.doc = kind->doc(c);
	x.nitems = x.base[c->ndocs];
	njobs = ad_parallel_jobs(jobs, x.nitems, 4096);
	x.nparts = 2 * (size_t)njobs;
	x.hash = ad_xmalloc((x.nitems + 1) * sizeof(*x.hash));
	x.local = ad_xmalloc((x.nitems + 1) * sizeof(*x.local));
	x.parts = ad_xcalloc(x.nparts, sizeof(*x.parts));
	ad_parallel_run(njobs, hash_work, &x);
	atomic_store(&x.next, 0);
	ad_parallel_run(njobs, part_work, &x);
	nforms = number_forms(&x);
	a.x = &x;
	a.form_of = *form_of = ad_xmalloc((x.nitems + 1) * sizeof(**form_of));
	a.spread = *spread = ad_xmalloc((x.nitems + 1) * sizeof(**spread));
	atomic_store(&x.next, 0);
	ad_parallel_run(njobs, assign_work, &a);
	for (k = 0; k < x.nparts; k++) {
		free(x.parts[k].agents);
		free(x.parts[k].global);
	}
	free(x.parts);
	free(x.local);
	free(x.hash);
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

void ad_forms_build(ad_forms *out, const ad_collection *c, int jobs)
{
	static const items rules = {rule_base, rule_doc, rule_terms};
	static const items titles = {section_base, section_doc, title_terms};

	out->nrule_forms = intern(&out->rule_form, &out->rule_spread, c,
				  &rules, jobs);
	tally_rules(out, c->at.nrules);
	intern(&out->title_form, &out->title_spread, c, &titles, jobs);
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
