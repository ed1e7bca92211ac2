/*
 * Unit tests of inventory.c: star groups of rule wordings, on hand-made
 * unit vectors whose cosines are worked out in the comments. Each form is
 * a vector; each rule carries one form in one agent (rules come agent by
 * agent, as in an audit). Two forms are neighbours when they reach the
 * threshold and their words agree (two shared, or all of the smaller
 * one's), so the neighbours below share two terms; the members of a
 * group reach half the threshold with one another. The last tests audit
 * texts: generic words weigh little in rule vectors.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "analysis/inventory.h"
#include "index/rulewords.h"

#include "fixture.h"

#define MAX_FORMS 16
#define MAX_RULES 32

typedef struct collection {
	ad_svec form_vec[MAX_FORMS];
	size_t nforms;
	uint32_t form_of[MAX_RULES], doc_of[MAX_RULES];
	size_t nrules;
} collection;

static uint32_t form(collection *c, const char *spec)
{
	assert_true(c->nforms < MAX_FORMS);
	c->form_vec[c->nforms] = fx_vec(spec);
	return (uint32_t)c->nforms++;
}

/* A rule of wording f in agent doc; returns the rule's index. */
static uint32_t carry(collection *c, uint32_t doc, uint32_t f)
{
	uint32_t r = (uint32_t)c->nrules;

	assert_true(r < MAX_RULES);
	assert_true(r == 0 || c->doc_of[r - 1] <= doc); /* agent by agent */
	c->form_of[r] = f;
	c->doc_of[r] = doc;
	c->nrules++;
	return r;
}

static void build_generic(ad_inventory *inv, const collection *c,
			  double threshold, uint32_t house_limit,
			  const uint8_t *generic)
{
	ad_inventory_input in;
	ad_error err = AD_ERROR_INIT;

	memset(&in, 0, sizeof(in));
	in.word_kind = generic;
	in.form_vecs = c->form_vec;
	in.form_of = c->form_of;
	in.doc_of = c->doc_of;
	in.nrules = c->nrules;
	in.nforms = c->nforms;
	in.threshold = threshold;
	in.house_limit = house_limit;
	in.jobs = 1;
	assert_int_equal(ad_inventory_build(inv, &in, &err), 0);
	assert_int_equal(inv->nforms, c->nforms);
}

static void build(ad_inventory *inv, const collection *c, double threshold,
		  uint32_t house_limit)
{
	build_generic(inv, c, threshold, house_limit, NULL);
}

static double cosine(const collection *c, uint32_t f, uint32_t g)
{
	return ad_svec_dot(&c->form_vec[f], &c->form_vec[g]);
}

static const ad_rule_group *group_of(const ad_inventory *inv, uint32_t r)
{
	assert_true(inv->group_of[r] < inv->ngroups);
	return &inv->groups[inv->group_of[r]];
}

/* Every rule is listed once, in the group group_of names, in rule order. */
static void check_members(const ad_inventory *inv, size_t nrules)
{
	size_t g, k, total = 0;

	for (g = 0; g < inv->ngroups; g++) {
		const ad_rule_group *rg = &inv->groups[g];

		assert_int_equal(rg->first, total);
		for (k = 0; k < rg->n; k++) {
			uint32_t r = inv->members[rg->first + k];

			assert_int_equal(inv->group_of[r], g);
			if (k) /* rule order */
				assert_true(inv->members[rg->first + k - 1] <
					    r);
		}
		if (g)
			assert_true(inv->groups[g - 1].nagents >= rg->nagents);
		total += rg->n;
	}
	assert_int_equal(total, nrules);
}

static void test_inventory__same_form_shares_group(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t run = form(&c, "1:1 2:1 3:1"), lint = form(&c, "4:1 5:1");
	uint32_t r0 = carry(&c, 0, run), r1 = carry(&c, 1, run),
		 r2 = carry(&c, 1, lint);

	(void)state;
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_equal(inv.group_of[r0], inv.group_of[r1]);
	assert_int_not_equal(inv.group_of[r0], inv.group_of[r2]);
	/* the form of two agents comes first */
	assert_int_equal(inv.group_of[r0], 0);
	assert_int_equal(inv.groups[0].center, r0);
	assert_int_equal(inv.groups[0].n, 2);
	assert_int_equal(inv.groups[0].nagents, 2);
	assert_int_equal(inv.groups[0].nwordings, 1);
	assert_int_equal(inv.groups[1].center, r2);
	assert_int_equal(inv.groups[1].nagents, 1);
	assert_int_equal(inv.nshared, 1);
	ad_inventory_dispose(&inv);
	assert_null(inv.groups);
}

/* x.y = 0.8 (2 * 1.414214^2 / 5), x.z = y.z = 0.48: with a threshold of
 * 0.6, x and y are two wordings of one rule and z is another; from 0.85
 * on, all three differ. */
static void test_inventory__close_forms_group(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t x = form(&c, "1:1.414214 2:1 11:1.414214"),
		 y = form(&c, "1:1.414214 3:1 11:1.414214"),
		 z = form(&c, "1:0.379473 4:0.843812 11:0.379473");
	uint32_t rx = carry(&c, 0, x), ry = carry(&c, 1, y),
		 rz = carry(&c, 2, z);

	(void)state;
	assert_true(fabs(cosine(&c, x, y) - 0.8) < 1e-5);
	assert_true(fabs(cosine(&c, x, z) - 0.48) < 1e-5);
	assert_true(fabs(cosine(&c, y, z) - 0.48) < 1e-5);
	build(&inv, &c, 0.6, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_equal(inv.group_of[rx], inv.group_of[ry]);
	assert_int_not_equal(inv.group_of[rx], inv.group_of[rz]);
	assert_int_equal(group_of(&inv, rx)->nwordings, 2);
	assert_int_equal(group_of(&inv, rx)->nagents, 2);
	assert_int_equal(group_of(&inv, rz)->nwordings, 1);
	assert_int_equal(inv.nshared, 1);
	ad_inventory_dispose(&inv);

	build(&inv, &c, 0.85, 10);
	assert_int_equal(inv.ngroups, 3);
	assert_int_equal(inv.nshared, 0);
	ad_inventory_dispose(&inv);
}

/* a.b = b.c = 0.560 (2 / sqrt(3 * 4.25)), a.c = 0.235 (1 / 4.25), one
 * agent each: b reaches three agents, a and c two, so b is the centre
 * and takes both, which are within half the threshold of each other. */
static void test_inventory__centre_takes_free_neighbours(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t a = form(&c, "1:1 2:1 100:1.5"), b = form(&c, "1:1 2:1 3:1"),
		 cc = form(&c, "2:1 3:1 102:1.5");
	uint32_t ra = carry(&c, 0, a), rb = carry(&c, 1, b),
		 rc = carry(&c, 2, cc);

	(void)state;
	assert_true(fabs(cosine(&c, a, b) - 0.560112) < 1e-5);
	assert_true(fabs(cosine(&c, a, cc) - 0.235294) < 1e-5);
	build(&inv, &c, 0.4, 10);
	assert_int_equal(inv.ngroups, 1);
	assert_int_equal(inv.groups[0].center, rb); /* not a, the first */
	assert_int_equal(inv.group_of[ra], 0);
	assert_int_equal(inv.group_of[rc], 0);
	assert_int_equal(inv.groups[0].nwordings, 3);
	assert_int_equal(inv.groups[0].nagents, 3);
	ad_inventory_dispose(&inv);
}

/* A rule that says two things is near each: b ("Implement business logic
 * with separation of concerns") is at 0.707 of a ("Implement business
 * logic") and of c ("Separation of concerns"), which share nothing. b
 * takes a, the first of its equal neighbours; c does not fit that group,
 * and has no other neighbour: it keeps to itself. */
static void test_inventory__centre_keeps_to_one_thing(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t a = form(&c, "1:1 2:1"), b = form(&c, "1:1 2:1 3:1 4:1"),
		 cc = form(&c, "3:1 4:1");
	uint32_t ra = carry(&c, 0, a), rb = carry(&c, 1, b),
		 rc = carry(&c, 2, cc);

	(void)state;
	assert_true(fabs(cosine(&c, a, b) - 0.707107) < 1e-5);
	assert_true(fabs(cosine(&c, cc, b) - 0.707107) < 1e-5);
	assert_true(cosine(&c, a, cc) == 0.0);
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_equal(inv.group_of[ra], inv.group_of[rb]);
	assert_int_not_equal(inv.group_of[rc], inv.group_of[rb]);
	assert_int_equal(group_of(&inv, rb)->center, rb);
	assert_int_equal(group_of(&inv, rc)->nwordings, 1);
	assert_int_equal(inv.nshared, 1);
	ad_inventory_dispose(&inv);
}

/*
 * A chain a - b - c - d - e: each form holds three terms, the next form the
 * last two of them and one more, so neighbours are at 2/3, forms two
 * apart at 1/3, three apart at 0. At a threshold of 0.5 connected
 * components would make one group. a is carried by two agents, the
 * others by one, so the reaches are a 3, b 4, c 3, d 3, e 2. b goes
 * first and takes a and c (at 1/3 of each other, within half the
 * threshold); c is taken; d still has e free, so d becomes a centre and
 * takes e. Groups: {a, a, b, c} and {d, e}.
 */
static void test_inventory__stars_do_not_chain(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t a = form(&c, "1:1 2:1 3:1"), b = form(&c, "2:1 3:1 4:1"),
		 cc = form(&c, "3:1 4:1 5:1"), d = form(&c, "4:1 5:1 6:1"),
		 e = form(&c, "5:1 6:1 7:1");
	uint32_t ra0 = carry(&c, 0, a), ra1 = carry(&c, 1, a),
		 rb = carry(&c, 2, b), rc = carry(&c, 3, cc),
		 rd = carry(&c, 4, d), re = carry(&c, 5, e);

	(void)state;
	assert_true(fabs(cosine(&c, a, b) - 2.0 / 3) < 1e-6);
	assert_true(fabs(cosine(&c, a, cc) - 1.0 / 3) < 1e-6);
	assert_true(cosine(&c, a, d) == 0.0 && cosine(&c, b, e) == 0.0);
	build(&inv, &c, 0.5, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_equal(inv.groups[0].center, rb);
	assert_int_equal(inv.groups[0].n, 4);
	assert_int_equal(inv.groups[0].nagents, 4);
	assert_int_equal(inv.groups[0].nwordings, 3);
	assert_int_equal(inv.group_of[ra0], 0);
	assert_int_equal(inv.group_of[ra1], 0);
	assert_int_equal(inv.group_of[rc], 0);
	assert_int_equal(inv.groups[1].center, rd);
	assert_int_equal(inv.groups[1].n, 2);
	assert_int_equal(inv.groups[1].nwordings, 2);
	assert_int_equal(inv.group_of[re], 1);
	assert_int_equal(inv.nshared, 2);
	ad_inventory_dispose(&inv);
}

/*
 * Two stars: p = {1, 2, 3} with p1, p2 and x1, and q = {4, 5, 6} with q1,
 * q2 and x2, each of them sharing two terms with its centre (2/3) and one
 * with the others (1/3). z's only neighbours are x1 (0.582) and x2
 * (0.640). p and q reach four agents, x1, x2 and z three: p and q take
 * their neighbours first, and z, with every neighbour taken, joins q's
 * group through x2, the closer one, although x1 comes first: z is within
 * half the threshold of every member of both groups.
 */
enum { P, P1, P2, X1, Q, Q1, Q2, X2, Z }; /* the forms, in order */

/* r: the rules of p, q and z. */
static void stars_collection(collection *c, const char *zspec, uint32_t r[3])
{
	uint32_t p = form(c, "1:1 2:1 3:1"), p1 = form(c, "1:1 2:1 101:1"),
		 p2 = form(c, "2:1 3:1 102:1"), x1 = form(c, "1:1 3:1 7:1"),
		 q = form(c, "4:1 5:1 6:1"), q1 = form(c, "4:1 5:1 104:1"),
		 q2 = form(c, "5:1 6:1 105:1"), x2 = form(c, "4:1 6:1 8:1"),
		 z = form(c, zspec);

	r[0] = carry(c, 0, p);
	carry(c, 1, p1);
	carry(c, 2, p2);
	carry(c, 3, x1);
	r[1] = carry(c, 4, q);
	carry(c, 5, q1);
	carry(c, 6, q2);
	carry(c, 7, x2);
	r[2] = carry(c, 8, z);
	assert_true(x2 == X2 && z == Z);
}

static void test_inventory__taken_neighbours_join_closest(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t r[3];

	(void)state;
	stars_collection(&c, "1:0.5 2:0.5 3:0.5 4:0.5 5:0.5 6:0.5 7:1 8:1.2", r);
	assert_true(fabs(cosine(&c, Z, X1) - 0.581730) < 1e-5);
	assert_true(fabs(cosine(&c, Z, X2) - 0.639903) < 1e-5);
	assert_true(cosine(&c, Z, P) < 0.5 && cosine(&c, Z, Q) < 0.5);
	assert_true(cosine(&c, Z, P1) > 0.25 && cosine(&c, Z, Q1) > 0.25);
	build(&inv, &c, 0.5, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_equal(inv.group_of[r[2]], inv.group_of[r[1]]);
	/* q's group has five agents now, so it sorts first */
	assert_int_equal(inv.groups[0].center, r[1]);
	assert_int_equal(inv.groups[0].nagents, 5);
	assert_int_equal(inv.groups[1].center, r[0]);
	assert_int_equal(inv.groups[1].nagents, 4);
	ad_inventory_dispose(&inv);
}

/* The same, but z is far from q1 and q2 (0.130): it skips q's group,
 * which it does not fit, and joins p's through x1 (0.586 against 0.651
 * for x2). */
static void test_inventory__taken_neighbours_join_one_they_fit(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t r[3];

	(void)state;
	stars_collection(&c, "1:0.5 2:0.5 3:0.5 4:0.4 6:0.4 7:0.8 8:1.2", r);
	assert_true(fabs(cosine(&c, Z, X1) - 0.586) < 1e-3);
	assert_true(fabs(cosine(&c, Z, X2) - 0.651) < 1e-3);
	assert_true(fabs(cosine(&c, Z, Q1) - 0.130) < 1e-3);
	assert_true(cosine(&c, Z, P1) > 0.25);
	build(&inv, &c, 0.5, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_equal(inv.group_of[r[2]], inv.group_of[r[0]]);
	assert_int_equal(group_of(&inv, r[0])->nagents, 5);
	assert_int_equal(group_of(&inv, r[1])->nagents, 4);
	ad_inventory_dispose(&inv);
}

/* One-term wordings take no part in the join: the same wording in two
 * agents is one group, but another one-term wording with the same vector,
 * or a two-term one at cosine 0.96, is not in it. */
static void test_inventory__short_forms_keep_to_own_wording(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t s1 = form(&c, "5:1"), s2 = form(&c, "5:1"),
		 l = form(&c, "5:1 6:0.3");
	uint32_t r0 = carry(&c, 0, s1), r1 = carry(&c, 1, s1),
		 r2 = carry(&c, 2, s2), r3 = carry(&c, 3, l);

	(void)state;
	assert_true(AD_RULE_MIN_TERMS == 2);
	assert_true(cosine(&c, s1, s2) > 0.999 && cosine(&c, s1, l) > 0.95);
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 3);
	assert_int_equal(inv.group_of[r0], inv.group_of[r1]);
	assert_int_equal(group_of(&inv, r0)->nagents, 2);
	assert_int_not_equal(inv.group_of[r2], inv.group_of[r0]);
	assert_int_not_equal(inv.group_of[r3], inv.group_of[r0]);
	assert_int_not_equal(inv.group_of[r3], inv.group_of[r2]);
	ad_inventory_dispose(&inv);
}

/*
 * Agent 0: h, k, k; agent 1: h, k, v; agent 2: h, u; agent 3: v' (a
 * rewording of v, cosine 0.93). Groups: h 3 agents, k 2 agents in 3
 * rules, v 2 agents in 2 wordings, u 1 agent.
 */
static void counts_collection(collection *c, uint32_t r[9])
{
	uint32_t h = form(c, "1:1 2:1"), k = form(c, "3:1 4:1"),
		 u = form(c, "5:1 6:1"), v = form(c, "7:1 8:1"),
		 v2 = form(c, "7:1 8:0.8 9:0.3");

	r[0] = carry(c, 0, h);
	r[1] = carry(c, 0, k);
	r[2] = carry(c, 0, k);
	r[3] = carry(c, 1, h);
	r[4] = carry(c, 1, k);
	r[5] = carry(c, 1, v);
	r[6] = carry(c, 2, h);
	r[7] = carry(c, 2, u);
	r[8] = carry(c, 3, v2);
	assert_true(cosine(c, v, v2) > 0.9);
}

static void test_inventory__counts_and_boilerplate(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t r[9];
	const ad_rule_group *g;

	(void)state;
	counts_collection(&c, r);
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 2);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 4);
	assert_int_equal(inv.nshared, 3);
	g = &inv.groups[0]; /* h: three agents, above the limit of two */
	assert_int_equal(g->center, r[0]);
	assert_int_equal(g->n, 3);
	assert_int_equal(g->nagents, 3);
	assert_int_equal(g->nwordings, 1);
	assert_true(g->boilerplate);
	g = &inv.groups[1]; /* k: two agents (one of them twice), then v */
	assert_int_equal(g->center, r[1]);
	assert_int_equal(g->n, 3);
	assert_int_equal(g->nagents, 2);
	assert_int_equal(g->nwordings, 1);
	assert_false(g->boilerplate);
	g = &inv.groups[2];
	assert_int_equal(g->center, r[5]);
	assert_int_equal(g->n, 2);
	assert_int_equal(g->nagents, 2);
	assert_int_equal(g->nwordings, 2);
	assert_int_equal(inv.group_of[r[8]], 2);
	g = &inv.groups[3];
	assert_int_equal(g->center, r[7]);
	assert_int_equal(g->nagents, 1);
	assert_false(g->boilerplate);
	ad_inventory_dispose(&inv);

	/* the limit is exclusive: three agents are not more than three */
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 3);
	assert_false(inv.groups[0].boilerplate);
	ad_inventory_dispose(&inv);
}

static void expect_pair(const ad_pair *p, uint32_t a, uint32_t b, double n)
{
	assert_int_equal(p->a, a);
	assert_int_equal(p->b, b);
	assert_true(p->score == n);
}

static void test_inventory__agent_pairs(void **state)
{
	collection c = {0};
	ad_inventory inv;
	ad_pair *p;
	size_t n;
	uint32_t r[9];

	(void)state;
	counts_collection(&c, r);
	/* h is boilerplate: (0, 1) share k only, counted once although
	 * agent 0 has it twice; (1, 3) share v */
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 2);
	p = ad_inventory_agent_pairs(&inv, c.doc_of, 1, 1, &n);
	assert_int_equal(n, 2);
	expect_pair(&p[0], 0, 1, 1);
	expect_pair(&p[1], 1, 3, 1);
	free(p);
	p = ad_inventory_agent_pairs(&inv, c.doc_of, 2, 1, &n);
	assert_int_equal(n, 0);
	free(p);
	ad_inventory_dispose(&inv);

	/* h counts: (0, 1) share h and k */
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 3);
	p = ad_inventory_agent_pairs(&inv, c.doc_of, 1, 1, &n);
	assert_int_equal(n, 4);
	expect_pair(&p[0], 0, 1, 2);
	expect_pair(&p[1], 0, 2, 1);
	expect_pair(&p[2], 1, 2, 1);
	expect_pair(&p[3], 1, 3, 1);
	free(p);
	p = ad_inventory_agent_pairs(&inv, c.doc_of, 2, 1, &n);
	assert_int_equal(n, 1);
	expect_pair(&p[0], 0, 1, 2);
	free(p);
	ad_inventory_dispose(&inv);
}

/*
 * "Add appropriate logging" and "Add appropriate indexes" (terms add 1,
 * appropriate 2, logging 3, indexes 4) are at 2/3: two shared words make
 * them one rule, unless those words are generic. "Query simplification"
 * and "Checkout simplification" (5, 6, 7; the rarer word weighs twice)
 * are at 0.8 and never one rule: they share one word, and each has a word
 * of its own.
 */
static void test_inventory__one_common_word_does_not_join(void **state)
{
	static const uint8_t generic[8] = {0, 1, 1, 0, 0, 0, 0, 0};
	collection c = {0};
	ad_inventory inv;
	uint32_t log = form(&c, "1:1 2:1 3:1"), idx = form(&c, "1:1 2:1 4:1"),
		 query = form(&c, "5:1 6:2"), checkout = form(&c, "6:2 7:1");
	uint32_t r0 = carry(&c, 0, log), r1 = carry(&c, 0, query),
		 r2 = carry(&c, 1, idx), r3 = carry(&c, 1, checkout);

	(void)state;
	assert_true(fabs(cosine(&c, log, idx) - 2.0 / 3) < 1e-6);
	assert_true(fabs(cosine(&c, query, checkout) - 0.8) < 1e-6);
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.group_of[r0], inv.group_of[r2]);
	assert_int_not_equal(inv.group_of[r1], inv.group_of[r3]);
	assert_int_equal(inv.nshared, 1);
	ad_inventory_dispose(&inv);

	build_generic(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 10, generic);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 4);
	assert_int_equal(inv.nshared, 0);
	ad_inventory_dispose(&inv);
}

/*
 * Two stars that a pair of neighbours spans become one group when every
 * member of one is within half the threshold of every member of the
 * other. Terms c (1), x, y, z, u, v, w (2..7), each form three of them,
 * at 2/3 when they share two, 1/3 when they share c alone: P = cxy, B =
 * cxz, E = cyw (carried by two agents), C = czu, D = cuv. P reaches four
 * agents and takes B and E (B.E = 1/3); C, not P's neighbour, takes D.
 * B and C are neighbours (2/3), every other pair across is at 1/3: one
 * group, whose centre is P, the first star.
 */
static uint32_t merge_collection(collection *c, const char *dspec,
				 uint32_t *rd)
{
	uint32_t p = form(c, "1:1 2:1 3:1"), b = form(c, "1:1 2:1 4:1"),
		 e = form(c, "1:1 3:1 7:1"), cc = form(c, "1:1 4:1 5:1"),
		 d = form(c, dspec);
	uint32_t rp = carry(c, 0, p);

	carry(c, 1, b);
	carry(c, 2, e);
	carry(c, 3, e);
	carry(c, 4, cc);
	*rd = carry(c, 5, d);
	return rp;
}

static void test_inventory__stars_that_fit_merge(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t rd, rp = merge_collection(&c, "1:1 5:1 6:1", &rd);

	(void)state;
	assert_true(fabs(cosine(&c, 1, 3) - 2.0 / 3) < 1e-6); /* B.C */
	assert_true(fabs(cosine(&c, 0, 4) - 1.0 / 3) < 1e-6); /* P.D */
	build(&inv, &c, 0.5, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 1);
	assert_int_equal(inv.groups[0].center, rp);
	assert_int_equal(inv.groups[0].nagents, 6);
	assert_int_equal(inv.group_of[rd], inv.group_of[rp]);
	ad_inventory_dispose(&inv);
}

/* The same, but D = c/2 u v is at 0.19 of P (below half the threshold):
 * the stars stay two. */
static void test_inventory__stars_that_do_not_fit_stay_apart(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t rd, rp = merge_collection(&c, "1:0.5 5:1 6:1", &rd);

	(void)state;
	assert_true(cosine(&c, 3, 4) >= 0.5);  /* C.D: neighbours */
	assert_true(cosine(&c, 0, 4) < 0.25);  /* P.D */
	build(&inv, &c, 0.5, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_not_equal(inv.group_of[rd], inv.group_of[rp]);
	assert_int_equal(group_of(&inv, rp)->nagents, 4);
	assert_int_equal(group_of(&inv, rd)->nagents, 2);
	ad_inventory_dispose(&inv);
}

/*
 * Many neighbours across two groups that do not fit are one test. Eight
 * wordings A = {1, 2, 3, own} and three B = {2, 3, 4, own} are at 0.75
 * within each side and at 0.5 across; P = {1:2, 2, 50} is at 0.61 of
 * each A and 0.20 of each B, Q = {3, 4:2, 60} the same the other way.
 * A0 is a centre and takes the A and P, so no B fits; B0 takes the B and
 * Q. The 24 pairs of an A and a B span the two groups: the first test
 * fails, and so would every other, so the groups are tested once.
 */
static void test_inventory__groups_that_do_not_fit_are_tested_once(
	void **state)
{
	collection c = {0};
	ad_inventory_input in;
	ad_inventory inv;
	ad_error err = AD_ERROR_INIT;
	uint64_t tests = 0;
	char spec[64];
	uint32_t f, ra = 0, rb = 0;

	(void)state;
	for (f = 0; f < 8; f++) {
		snprintf(spec, sizeof(spec), "1:1 2:1 3:1 %u:1", 10 + f);
		ra = carry(&c, f, form(&c, spec));
	}
	for (f = 0; f < 3; f++) {
		snprintf(spec, sizeof(spec), "2:1 3:1 4:1 %u:1", 30 + f);
		rb = carry(&c, 8 + f, form(&c, spec));
	}
	carry(&c, 11, form(&c, "1:2 2:1 50:1"));
	carry(&c, 12, form(&c, "3:1 4:2 60:1"));
	assert_true(fabs(cosine(&c, 0, 8) - 0.5) < 1e-6);
	assert_true(cosine(&c, 8, 11) < 0.25);
	memset(&in, 0, sizeof(in));
	in.form_vecs = c.form_vec;
	in.form_of = c.form_of;
	in.doc_of = c.doc_of;
	in.nrules = c.nrules;
	in.nforms = c.nforms;
	in.threshold = 0.5;
	in.house_limit = 20;
	in.jobs = 1;
	in.merge_tests = &tests;
	assert_int_equal(ad_inventory_build(&inv, &in, &err), 0);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_equal(group_of(&inv, ra)->nagents, 9);
	assert_int_equal(group_of(&inv, rb)->nagents, 4);
	assert_int_equal(tests, 1);
	ad_inventory_dispose(&inv);
}

/* The rule of rule text t in the audit's agent at path. */
static uint32_t rule_of(const ad_audit *au, const char *path, const char *t)
{
	uint32_t d = fx_doc(au, path);
	const ad_doc *doc = au->collection->docs[d];
	size_t k;

	for (k = 0; k < doc->nrules; k++)
		if (strcmp(doc->rules[k].text, t) == 0)
			return (uint32_t)(au->collection->at.rule_base[d] + k);
	fail_msg("no rule '%s' in %s", t, path);
	return 0;
}

/*
 * Four agents, each of add, appropriate, logging, indexes, error and
 * handling in two or three rules. By TF-IDF alone "Add appropriate
 * logging" and "Add appropriate indexes" are at 0.64 and the two error
 * handling rules at 0.45; with generic words (add, appropriate, ensure,
 * proper, comprehensive) weighing a quarter, the first two are at 0.10
 * and the error handling rules at 0.93: the paraphrases are grouped, the
 * rules about two things are not, and "Structured logging" finds
 * "Add appropriate logging".
 */
static void test_inventory__generic_words_weigh_little(void **state)
{
	static const char *const text[4] = {
		"---\nname: a\ndescription: Backend work.\n---\n## Rules\n"
		"- Add appropriate logging\n- Ensure proper error handling\n",
		"---\nname: b\ndescription: Backend work.\n---\n## Rules\n"
		"- Add appropriate indexes\n- Add comprehensive error handling\n",
		"---\nname: c\ndescription: Backend work.\n---\n## Rules\n"
		"- Structured logging\n- Index foreign keys\n",
		"---\nname: d\ndescription: Backend work.\n---\n## Rules\n"
		"- Keep secrets out of the repository\n- Document every endpoint\n",
	};
	static const char *const path[4] = {"a.md", "b.md", "c.md", "d.md"};
	ad_text texts[4];
	const uint32_t *g;
	ad_audit *au;
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		texts[i].path = path[i];
		texts[i].text = text[i];
		texts[i].len = strlen(text[i]);
		texts[i].key = NULL;
	}
	au = fx_audit_texts(texts, 4);
	g = au->inventory.group_of;
	assert_true(fabs(ad_audit_rule_score(au, 0, 2) - 0.098) < 1e-3);
	assert_true(fabs(ad_audit_rule_score(au, 1, 3) - 0.927) < 1e-3);
	assert_int_not_equal(g[rule_of(au, "a.md", "Add appropriate logging")],
			     g[rule_of(au, "b.md", "Add appropriate indexes")]);
	assert_int_equal(
		g[rule_of(au, "a.md", "Ensure proper error handling")],
		g[rule_of(au, "b.md", "Add comprehensive error handling")]);
	assert_int_equal(g[rule_of(au, "a.md", "Add appropriate logging")],
			 g[rule_of(au, "c.md", "Structured logging")]);
	assert_int_equal(au->inventory.nshared, 2);
	ad_audit_free(au);
}

/*
 * Paraphrases grouped, and rules of one word in common not: "Unit-test
 * every service" and "Write unit tests for all services"; "Keep secrets
 * out of the repo" and "Keep credentials out of the repository" (the
 * same words through synonyms); but not "Error handling tests" and
 * "Consistent error handling" (a facet word in one), nor "Add
 * appropriate logging" and "Add appropriate indexes" (generic words in
 * common), nor "Query simplification" and "Checkout simplification" (one
 * word in common, and one each of their own).
 */
static void test_inventory__paraphrases_group(void **state)
{
	static const char *const text[3] = {
		("---\nname: a\ndescription: Backend work.\n---\n## Rules\n"
		 "- Unit-test every service\n"
		 "- Keep secrets out of the repo\n"
		 "- Error handling tests\n"
		 "- Add appropriate logging\n"
		 "- Query simplification\n"),
		("---\nname: b\ndescription: Backend work.\n---\n## Rules\n"
		 "- Write unit tests for all services\n"
		 "- Keep credentials out of the repository\n"
		 "- Consistent error handling\n"
		 "- Add appropriate indexes\n"
		 "- Checkout simplification\n"),
		("---\nname: c\ndescription: Frontend work.\n---\n## Rules\n"
		 "- Lint every commit\n- Prefer small components\n"),
	};
	static const char *const path[3] = {"a.md", "b.md", "c.md"};
	static const char *const same[2][2] = {
		{"Unit-test every service", "Write unit tests for all services"},
		{"Keep secrets out of the repo",
		 "Keep credentials out of the repository"},
	};
	static const char *const apart[3][2] = {
		{"Error handling tests", "Consistent error handling"},
		{"Add appropriate logging", "Add appropriate indexes"},
		{"Query simplification", "Checkout simplification"},
	};
	ad_text texts[3];
	const uint32_t *g;
	ad_audit *au;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		texts[i].path = path[i];
		texts[i].text = text[i];
		texts[i].len = strlen(text[i]);
		texts[i].key = NULL;
	}
	au = fx_audit_texts(texts, 3);
	g = au->inventory.group_of;
	for (i = 0; i < 2; i++)
		assert_int_equal(g[rule_of(au, "a.md", same[i][0])],
				 g[rule_of(au, "b.md", same[i][1])]);
	assert_true(ad_audit_rule_score(au, rule_of(au, "a.md", same[1][0]),
					rule_of(au, "b.md", same[1][1])) >
		    0.999);
	for (i = 0; i < 3; i++)
		assert_int_not_equal(g[rule_of(au, "a.md", apart[i][0])],
				     g[rule_of(au, "b.md", apart[i][1])]);
	assert_int_equal(au->inventory.nshared, 2);
	ad_audit_free(au);
}

#define TEST(f)                                                               \
	cmocka_unit_test_setup_teardown(f, fx_arena_setup, fx_arena_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_inventory__same_form_shares_group),
		TEST(test_inventory__close_forms_group),
		TEST(test_inventory__centre_takes_free_neighbours),
		TEST(test_inventory__centre_keeps_to_one_thing),
		TEST(test_inventory__stars_do_not_chain),
		TEST(test_inventory__taken_neighbours_join_closest),
		TEST(test_inventory__taken_neighbours_join_one_they_fit),
		TEST(test_inventory__short_forms_keep_to_own_wording),
		TEST(test_inventory__counts_and_boilerplate),
		TEST(test_inventory__agent_pairs),
		TEST(test_inventory__one_common_word_does_not_join),
		TEST(test_inventory__groups_that_do_not_fit_are_tested_once),
		TEST(test_inventory__generic_words_weigh_little),
		TEST(test_inventory__stars_that_fit_merge),
		TEST(test_inventory__stars_that_do_not_fit_stay_apart),
		TEST(test_inventory__paraphrases_group),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
