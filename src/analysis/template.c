/*
 * template.c - template families: the components of the graph of pairs
 * that share a skeleton but not a job, and the skeleton each shares.
 *
 * A skeleton part is something at least half the members carry, and two
 * at least: a heading (by its form) or a rule group beyond house style. Counting goes
 * by sorting: each member's distinct ids, all members' lists together,
 * then the length of each run.
 */
#include "analysis/template.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "analysis/cluster.h"
#include "base/sort.h"

/* A growing list of ids. */
typedef struct ids {
	uint32_t *v;
	size_t n, cap;
} ids;

static void push(ids *l, uint32_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = ad_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = id;
}

/* Keep in l (sorted) the ids that at least quorum members carry; each
 * member's ids were deduped before. */
static void keep_common(ids *l, uint32_t quorum)
{
	size_t w = 0, k = 0;

	ad_sort_u32(l->v, l->n);
	while (k < l->n) {
		size_t run = k;

		while (run < l->n && l->v[run] == l->v[k])
			run++;
		if (run - k >= quorum)
			l->v[w++] = l->v[k];
		k = run;
	}
	l->n = w;
}

static int contains(const ids *l, uint32_t id)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && l->v[lo] == id;
}

/* The forms of agent d's headings, deduped, onto l. */
static void heading_forms(ids *l, const ad_templates_input *in, uint32_t d)
{
	const ad_numbering *at = &in->c->at;
	size_t s, from = l->n;

	for (s = at->section_base[d]; s < at->section_base[d + 1]; s++)
		if (ad_collection_section(in->c, s)->ntitle_terms)
			push(l, in->title_form[s]);
	l->n = from + ad_sort_unique_u32(l->v + from, l->n - from);
}

/* The rule groups of agent d beyond house style, deduped, onto l. */
static void rule_groups(ids *l, const ad_templates_input *in, uint32_t d)
{
	const ad_numbering *at = &in->c->at;
	size_t r, from = l->n;

	for (r = at->rule_base[d]; r < at->rule_base[d + 1]; r++) {
		uint32_t g = in->inv->group_of[r];

		if (!in->inv->groups[g].boilerplate)
			push(l, g);
	}
	l->n = from + ad_sort_unique_u32(l->v + from, l->n - from);
}

/* The skeleton of family f: its headings as sections of its first member
 * (onto heads), and how many rule groups it holds. */
static void skeleton(ad_template_family *f, ids *heads, ids *work,
		     const ad_templates_input *in, const uint32_t *members)
{
	const ad_numbering *at = &in->c->at;
	uint32_t i, first = members[0];
	size_t s;

	work->n = 0;
	for (i = 0; i < f->n; i++)
		heading_forms(work, in, members[i]);
	keep_common(work, f->quorum);
	f->first_heading = (uint32_t)heads->n;
	for (s = at->section_base[first]; s < at->section_base[first + 1]; s++) {
		uint32_t form = in->title_form[s];

		/* The first section of each form that is kept, once. */
		if (ad_collection_section(in->c, s)->ntitle_terms &&
		    contains(work, form)) {
			size_t k;

			for (k = f->first_heading; k < heads->n; k++)
				if (in->title_form[heads->v[k]] == form)
					break;
			if (k == heads->n)
				push(heads, (uint32_t)s);
		}
	}
	f->nheadings = (uint32_t)(heads->n - f->first_heading);
	work->n = 0;
	for (i = 0; i < f->n; i++)
		rule_groups(work, in, members[i]);
	keep_common(work, f->quorum);
	f->rule_groups = (uint32_t)work->n;
}

static int by_size(const void *a, const void *b)
{
	const ad_template_family *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return (x->first > y->first) - (x->first < y->first);
}

void ad_templates_build(ad_templates *out, const ad_templates_input *in)
{
	uint32_t *start;
	ids heads = {NULL, 0, 0}, work = {NULL, 0, 0};
	size_t k;

	memset(out, 0, sizeof(*out));
	out->n = ad_components(&start, &out->members, in->pairs, in->npairs,
			       in->c->ndocs);
	out->families = ad_xcalloc(out->n + 1, sizeof(*out->families));
	for (k = 0; k < out->n; k++) {
		ad_template_family *f = &out->families[k];

		f->first = start[k];
		f->n = start[k + 1] - start[k];
		f->quorum = f->n < 4 ? 2 : (f->n + 1) / 2;
		skeleton(f, &heads, &work, in, out->members + f->first);
	}
	/* Members stay where they are: each family points at its own. */
	if (out->n > 1)
		qsort(out->families, out->n, sizeof(*out->families), by_size);
	out->headings = heads.v;
	free(work.v);
	free(start);
}

void ad_templates_dispose(ad_templates *t)
{
	free(t->families);
	free(t->members);
	free(t->headings);
	memset(t, 0, sizeof(*t));
}
