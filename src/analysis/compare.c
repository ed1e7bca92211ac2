/*
 * compare.c - two agents of an audit, side by side.
 *
 * Sections come from the audit's alignment of the pair, already one to
 * one and best first; it is stored with the lower agent first, so each
 * match is turned to put A's section on the a side. Rules are matched
 * through the inventory: a group seen on both sides is shared, and the
 * first rule of each side stands for it (a side may word one rule twice).
 * Both lists cost one pass over each agent's rules and a table of the
 * collection's groups, so comparing within a large audit stays cheap.
 * What the two are to each other is read from the audit's groups: one
 * variant cluster, one role group, one template family, in that order.
 */
#include "agentdup/compare.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

int ad_fm_field_has(const ad_fm_field *f, const char *v)
{
	size_t i;

	for (i = 0; i < f->nvalues; i++)
		if (strcmp(f->values[i], v) == 0)
			return 1;
	return 0;
}

/* Set equality: each side's values are all found in the other. */
int ad_fm_field_equal(const ad_fm_field *a, const ad_fm_field *b)
{
	size_t i;

	for (i = 0; i < a->nvalues; i++)
		if (!ad_fm_field_has(b, a->values[i]))
			return 0;
	for (i = 0; i < b->nvalues; i++)
		if (!ad_fm_field_has(a, b->values[i]))
			return 0;
	return 1;
}

static const ad_fm_field *fm_find(const ad_frontmatter *fm, const char *key)
{
	size_t i;

	for (i = 0; i < fm->nfields; i++)
		if (strcmp(fm->fields[i].key, key) == 0)
			return &fm->fields[i];
	return NULL;
}

static void fm_push(ad_fm_diff **out, size_t *n, size_t *cap,
		    const char *key, ad_fm_change change,
		    const ad_fm_field *a, const ad_fm_field *b)
{
	ad_fm_diff *d;

	ad_grow(out, cap, *n + 1, sizeof(**out));
	d = &(*out)[(*n)++];
	d->key = key;
	d->change = change;
	d->a = a;
	d->b = b;
}

size_t ad_fm_compare(ad_fm_diff **out, size_t *nsame,
		     const ad_frontmatter *a, const ad_frontmatter *b)
{
	size_t i, n = 0, cap = 0;

	*out = NULL;
	*nsame = 0;
	for (i = 0; i < a->nfields; i++) {
		const ad_fm_field *fa = &a->fields[i];
		const ad_fm_field *fb = fm_find(b, fa->key);

		if (!fb)
			fm_push(out, &n, &cap, fa->key, AD_FM_ONLY_A, fa, NULL);
		else if (!ad_fm_field_equal(fa, fb))
			fm_push(out, &n, &cap, fa->key, AD_FM_DIFFERENT, fa, fb);
		else
			(*nsame)++;
	}
	for (i = 0; i < b->nfields; i++)
		if (!fm_find(a, b->fields[i].key))
			fm_push(out, &n, &cap, b->fields[i].key, AD_FM_ONLY_B,
				NULL, &b->fields[i]);
	return n;
}

/* The pair's matches with A's section on the a side, and a mark on every
 * section that found a counterpart (indexed from each agent's first). */
static void take_matches(ad_compare *c, const ad_audit *au, uint8_t *seen_a,
			 uint8_t *seen_b)
{
	const ad_numbering *at = &au->collection->at;
	ad_section_match *all;
	size_t k, n = ad_audit_section_matches(au, c->a, c->b, &all);

	if (!n)
		return;
	c->matches = ad_xmalloc((n + 1) * sizeof(*c->matches));
	for (k = 0; k < n; k++) {
		ad_section_match m = all[k];

		if (at->section_doc[m.a] != c->a) {
			uint32_t t = m.a;
			m.a = m.b;
			m.b = t;
		}
		seen_a[m.a - at->section_base[c->a]] = 1;
		seen_b[m.b - at->section_base[c->b]] = 1;
		c->matches[c->nmatches++] = m;
	}
	free(all);
}

/* Sections of agent d left unmarked, in file order. */
static size_t unmatched(uint32_t **out, const ad_audit *au, uint32_t d,
			const uint8_t *seen)
{
	const ad_numbering *at = &au->collection->at;
	size_t first = at->section_base[d], n = at->section_base[d + 1] - first;
	size_t k, m = 0;

	*out = ad_xmalloc((n + 1) * sizeof(**out));
	for (k = 0; k < n; k++)
		if (!seen[k])
			(*out)[m++] = (uint32_t)(first + k);
	return m;
}

static void sections(ad_compare *c, const ad_audit *au)
{
	size_t na = ad_audit_doc(au, c->a)->nsections,
	       nb = ad_audit_doc(au, c->b)->nsections;
	uint8_t *seen_a = ad_xcalloc(na + 1, 1), *seen_b = ad_xcalloc(nb + 1, 1);

	take_matches(c, au, seen_a, seen_b);
	c->nonly_a_sections = unmatched(&c->only_a_sections, au, c->a, seen_a);
	c->nonly_b_sections = unmatched(&c->only_b_sections, au, c->b, seen_b);
	free(seen_a);
	free(seen_b);
}

static int has_terms(const ad_audit *au, uint32_t r)
{
	return ad_audit_rule(au, r)->nterms > 0;
}

/* first[g] = agent d's first rule (with terms) in group g, or NONE. */
static void first_of_groups(uint32_t *first, const ad_audit *au, uint32_t d)
{
	const ad_numbering *at = &au->collection->at;
	size_t r;

	for (r = at->rule_base[d]; r < at->rule_base[d + 1]; r++) {
		uint32_t g = au->inventory.group_of[r];

		if (has_terms(au, (uint32_t)r) && first[g] == NONE)
			first[g] = (uint32_t)r;
	}
}

/* Rules of agent d whose group the other side does not carry. */
static size_t alone(uint32_t **out, const ad_audit *au, uint32_t d,
		    const uint32_t *other)
{
	const ad_numbering *at = &au->collection->at;
	size_t r, n = 0, first = at->rule_base[d], end = at->rule_base[d + 1];

	*out = ad_xmalloc((end - first + 1) * sizeof(**out));
	for (r = first; r < end; r++)
		if (has_terms(au, (uint32_t)r) &&
		    other[au->inventory.group_of[r]] == NONE)
			(*out)[n++] = (uint32_t)r;
	return n;
}

static void shared(ad_compare *c, const ad_audit *au, const uint32_t *fa,
		   const uint32_t *fb)
{
	const ad_numbering *at = &au->collection->at;
	size_t r, first = at->rule_base[c->a], end = at->rule_base[c->a + 1];

	c->shared = ad_xmalloc((end - first + 1) * sizeof(*c->shared));
	for (r = first; r < end; r++) {
		uint32_t g = au->inventory.group_of[r];
		ad_shared_rule *s;

		/* one entry per group, at A's first rule of it */
		if (fa[g] != r || fb[g] == NONE)
			continue;
		s = &c->shared[c->nshared++];
		s->a = (uint32_t)r;
		s->b = fb[g];
		s->score = (float)ad_audit_rule_score(au, s->a, s->b);
		s->same_form = ad_audit_rule_form(au, s->a) ==
			       ad_audit_rule_form(au, s->b);
		c->nshared_same += (size_t)s->same_form;
	}
}

static void rules(ad_compare *c, const ad_audit *au)
{
	size_t ng = au->inventory.ngroups;
	uint32_t *fa = ad_xmalloc((ng + 1) * sizeof(*fa));
	uint32_t *fb = ad_xmalloc((ng + 1) * sizeof(*fb));

	memset(fa, 0xff, (ng + 1) * sizeof(*fa));
	memset(fb, 0xff, (ng + 1) * sizeof(*fb));
	first_of_groups(fa, au, c->a);
	first_of_groups(fb, au, c->b);
	shared(c, au, fa, fb);
	c->nonly_a_rules = alone(&c->only_a_rules, au, c->a, fb);
	c->nonly_b_rules = alone(&c->only_b_rules, au, c->b, fa);
	free(fa);
	free(fb);
}

/* ---- one job or two ---- */

/* Whether agents a and b are members of one group of g. */
static int together(const ad_clustering *g, uint32_t a, uint32_t b)
{
	size_t i;
	uint32_t k, seen;

	for (i = 0; i < g->n; i++) {
		const ad_cluster *c = &g->clusters[i];

		for (k = 0, seen = 0; k < c->n; k++)
			seen += c->members[k] == a || c->members[k] == b;
		if (seen == 2)
			return 1;
	}
	return 0;
}

static int siblings(const ad_templates *t, uint32_t a, uint32_t b)
{
	size_t i;
	uint32_t k, seen;

	for (i = 0; i < t->n; i++) {
		const ad_template_family *f = &t->families[i];

		for (k = 0, seen = 0; k < f->n; k++)
			seen += t->members[f->first + k] == a ||
				t->members[f->first + k] == b;
		if (seen == 2)
			return 1;
	}
	return 0;
}

/* The terms of a's name that b's holds too, in a's order, once each. */
static size_t name_terms(uint32_t *out, const ad_doc *a, const ad_doc *b)
{
	size_t n = 0, k;
	uint32_t i, j;

	for (i = 0; i < a->nname_terms && n < AD_EVIDENCE_TERMS; i++) {
		uint32_t t = a->name_terms[i];
		int in_b = 0, listed = 0;

		for (j = 0; j < b->nname_terms; j++)
			in_b |= b->name_terms[j] == t;
		for (k = 0; k < n; k++)
			listed |= out[k] == t;
		if (in_b && !listed)
			out[n++] = t;
	}
	return n;
}

/* Whether any sections of a and b align, stored or computed now. */
static int aligned(const ad_audit *au, uint32_t a, uint32_t b)
{
	ad_section_match *m = NULL;
	size_t n = ad_audit_section_matches(au, a, b, &m);

	free(m);
	return n > 0;
}

static void role(ad_role_evidence *r, const ad_audit *au, uint32_t a,
		 uint32_t b)
{
	r->score = ad_audit_role_score(au, a, b);
	r->needed = au->settings.role_linkage;
	r->agree = au->settings.role_agree;
	r->aligned = aligned(au, a, b);
	r->alone = au->collection->ndocs == 2;
	r->desc_score = ad_audit_description_score(au, a, b);
	r->ndesc_terms = ad_audit_description_evidence(au, r->desc_terms, a, b);
	r->nname_terms = name_terms(r->name_terms, ad_audit_doc(au, a),
				    ad_audit_doc(au, b));
	if (together(&au->clustering, a, b))
		r->verdict = AD_ROLE_VARIANTS;
	else if (together(&au->roles, a, b))
		r->verdict = AD_ROLE_ONE_JOB;
	else if (siblings(&au->templates, a, b))
		r->verdict = AD_ROLE_SIBLINGS;
	else if (ad_audit_jobs_apart(au, a, b))
		r->verdict = AD_ROLE_APART;
	else
		r->verdict = AD_ROLE_WEAK;
}

void ad_compare_build(ad_compare *out, const ad_audit *audit, uint32_t a,
		      uint32_t b)
{
	assert(a < audit->collection->ndocs && b < audit->collection->ndocs &&
	       a != b);
	memset(out, 0, sizeof(*out));
	out->a = a;
	out->b = b;
	out->score = ad_audit_agent_score(audit, a, b);
	sections(out, audit);
	rules(out, audit);
	role(&out->role, audit, a, b);
	out->nfm = ad_fm_compare(&out->fm, &out->nfm_same,
				 &ad_audit_doc(audit, a)->fm,
				 &ad_audit_doc(audit, b)->fm);
}

void ad_compare_dispose(ad_compare *c)
{
	free(c->matches);
	free(c->only_a_sections);
	free(c->only_b_sections);
	free(c->shared);
	free(c->only_a_rules);
	free(c->only_b_rules);
	free(c->fm);
	memset(c, 0, sizeof(*c));
}
