/*
 * Unit tests of forms.c: the wordings of rules and headings against a
 * brute-force reference. Two items have one form exactly when their terms
 * are the same; forms are numbered in order of first appearance; an
 * item's spread counts the agents carrying its form, but is the house
 * limit when they are more and go by AD_BOILERPLATE_FORK_NAMES names or
 * fewer (forks). The collection is generated: words drawn from small
 * pools, so that wordings repeat within and across agents, and enough of
 * them that the table grows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/forms.h"

#include "fixture.h"

#define NAGENTS 48
#define NRULES 100
#define TEXT_MAX 16384

/* A word of letters only for n: "zq" + base-26 digits. */
static void word(char *out, unsigned n)
{
	size_t k = 0;

	out[k++] = 'z';
	out[k++] = 'q';
	do {
		out[k++] = (char)('a' + n % 26);
		n /= 26;
	} while (n);
	out[k] = '\0';
}

/* Agent a is named a<a>, or with names from a pool of npool, each with
 * a version marker of the agent's own: n<a % npool>-v<a>. */
static void agent_text(char *out, size_t cap, unsigned a, unsigned npool)
{
	char w1[16], w2[16], w3[16];
	size_t len;
	unsigned k;

	if (npool)
		len = (size_t)snprintf(out, cap,
				       "---\nname: n%u-v%u\ndescription: "
				       "Agent.\n---\n",
				       a % npool, a);
	else
		len = (size_t)snprintf(out, cap,
				       "---\nname: a%u\ndescription: "
				       "Agent.\n---\n",
				       a);
	for (k = 0; k < NRULES; k++) {
		if (k % 12 == 0) { /* headings repeat across agents */
			word(w1, (a + k) % 5);
			len += (size_t)snprintf(out + len, cap - len,
						"## Part %s\n", w1);
		}
		word(w1, (a * 7 + k) % 41);
		word(w2, (k * 3) % 29);
		word(w3, a % 3);
		len += (size_t)snprintf(out + len, cap - len,
					"- Check %s and %s %s\n", w1, w2,
					k % 4 ? "" : w3);
		assert_true(len < cap);
	}
	/* a rule of half the names (of every other agent, with no pool):
	 * above the house limit either way */
	word(w1, 900 + (npool ? a % npool % 2 : a % 2));
	len += (size_t)snprintf(out + len, cap - len, "- Keep %s in mind\n",
				w1);
	assert_true(len < cap);
}

static int same_terms(const uint32_t *a, uint32_t na, const uint32_t *b,
		      uint32_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na * sizeof(*a)) == 0);
}

typedef const uint32_t *(*terms_fn)(const ad_collection *c, size_t i,
				    uint32_t *n);

static const uint32_t *rule_terms(const ad_collection *c, size_t i,
				  uint32_t *n)
{
	const ad_rule *r = ad_collection_rule(c, i);

	*n = r->nterms;
	return r->terms;
}

static const uint32_t *title_terms(const ad_collection *c, size_t i,
				   uint32_t *n)
{
	const ad_section *s = ad_collection_section(c, i);

	*n = s->ntitle_terms;
	return s->terms;
}

/* How many names a set of them holds: bit k for name n<k> of the pool
 * (agent_text()). */
static unsigned names_of(unsigned mask)
{
	unsigned n = 0;

	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

/* Items whose spread forks brought down to the limit, and those above
 * it, as the reference counts them: a test sees its cases were met. */
static size_t forks_seen, house_seen;

/* What forms.h says an item's spread is, from its form's agents and the
 * names they go by (npool 0: as many as the agents). */
static uint32_t want_spread(uint32_t agents, unsigned names, unsigned npool)
{
	uint32_t limit = ad_house_limit(NAGENTS);

	if (npool && agents > limit && names <= AD_BOILERPLATE_FORK_NAMES) {
		forks_seen++;
		return limit;
	}
	house_seen += agents > limit;
	return agents;
}

/* Forms and spreads of n items against the reference: each item compared
 * with the first item of every form before it; returns the forms. */
static size_t check_items(const ad_collection *c, size_t n, terms_fn terms,
			  const uint32_t *doc_of, const uint32_t *form,
			  const uint32_t *spread, unsigned npool)
{
	uint32_t *ref = calloc(n + 1, sizeof(*ref));
	uint32_t *rep = calloc(n + 1, sizeof(*rep));
	uint32_t *agents = calloc(n + 1, sizeof(*agents));
	uint32_t *last = calloc(n + 1, sizeof(*last));
	unsigned *names = calloc(n + 1, sizeof(*names)); /* per form, a set */
	size_t i, k, nforms = 0;

	assert_true(ref && rep && agents && last && names);
	for (i = 0; i < n; i++) {
		uint32_t ni, nk;
		const uint32_t *ti = terms(c, i, &ni), *tk;

		for (k = 0; k < nforms; k++) {
			tk = terms(c, rep[k], &nk);
			if (same_terms(ti, ni, tk, nk))
				break;
		}
		if (k == nforms)
			rep[nforms++] = (uint32_t)i;
		ref[i] = (uint32_t)k;
		if (last[k] != doc_of[i] + 1) { /* items come doc by doc */
			last[k] = doc_of[i] + 1;
			agents[k]++;
			/* doc d is agent d: the texts are given in order */
			if (npool)
				names[k] |= 1u << (doc_of[i] % npool);
		}
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(form[i], ref[i]);
		assert_int_equal(spread[i],
				 want_spread(agents[ref[i]],
					     names_of(names[ref[i]]), npool));
	}
	free(names);
	free(last);
	free(agents);
	free(rep);
	free(ref);
	return nforms;
}

static void check_build(const ad_forms *f, const ad_collection *c,
			unsigned npool)
{
	size_t nforms, r;

	nforms = check_items(c, c->at.nrules, rule_terms, c->at.rule_doc,
			     f->rule_form, f->rule_spread, npool);
	assert_int_equal(f->nrule_forms, nforms);
	assert_true(nforms > 1000); /* past the first table size */
	assert_true(nforms < c->at.nrules);
	check_items(c, c->at.nsections, title_terms, c->at.section_doc,
		    f->title_form, f->title_spread, npool);
	for (r = 0; r < c->at.nrules; r++) {
		uint32_t w = f->rule_form[r];

		assert_true(f->form_first[w] <= r);
		assert_int_equal(f->rule_form[f->form_first[w]], w);
	}
	for (r = 0; r < f->nrule_forms; r++)
		assert_true(f->form_rules[r] >= 1);
}

/* The forms of NAGENTS generated agents, named from a pool of npool
 * (agent_text()), checked on one thread, then with the halves of each
 * kind side by side. */
static void check_agents(unsigned npool)
{
	static char texts[NAGENTS][TEXT_MAX], paths[NAGENTS][32];
	ad_text t[NAGENTS];
	ad_audit *au;
	ad_forms f;
	const ad_collection *c;
	unsigned a;
	int jobs;

	for (a = 0; a < NAGENTS; a++) {
		agent_text(texts[a], TEXT_MAX, a, npool);
		snprintf(paths[a], sizeof(paths[a]), "a%02u.md", a);
		t[a].path = paths[a];
		t[a].text = texts[a];
		t[a].len = strlen(texts[a]);
		t[a].key = NULL;
		t[a].typed = 0;
	}
	au = fx_audit_texts(t, NAGENTS);
	c = au->collection;
	forks_seen = house_seen = 0;
	for (jobs = 1; jobs <= 2; jobs++) {
		ad_forms_build(&f, c, jobs);
		check_build(&f, c, npool);
		ad_forms_dispose(&f);
	}
	ad_audit_free(au);
}

/* Forms and spreads of rules and headings, and each wording's first rule
 * and count, against the reference. */
static void test_forms__match_brute_force(void **state)
{
	(void)state;
	check_agents(0);
	assert_int_equal(forks_seen, 0);
	assert_true(house_seen > 0);
}

/* Agents of a few names each, a version of its own on each ("n1-v7",
 * "n1-v9"): a form above the house limit is house style only when its
 * agents go by more than AD_BOILERPLATE_FORK_NAMES names. With two names
 * every such form is forks; with five, the headings (all five names)
 * are house style and the rules of two or three of them forks. */
static void test_forms__forks_are_no_house_style(void **state)
{
	(void)state;
	check_agents(2);
	assert_true(forks_seen > 0);
	assert_int_equal(house_seen, 0);
	check_agents(5);
	assert_true(forks_seen > 0);
	assert_true(house_seen > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms__match_brute_force),
		cmocka_unit_test(test_forms__forks_are_no_house_style),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
