/*
 * Unit tests of inventory.c: star groups of rule wordings, on hand-made
 * unit vectors whose cosines are worked out in the comments. Each form is
 * a vector; each rule carries one form in one agent (rules come agent by
 * agent, as in an audit).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "analysis/inventory.h"

#include "fixture.h"

#define MAX_FORMS 16
#define MAX_RULES 32

typedef struct collection {
	ad_svec form_vec[MAX_FORMS];
	size_t nforms;
	ad_svec rule_vec[MAX_RULES];
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
	c->rule_vec[r] = c->form_vec[f];
	c->form_of[r] = f;
	c->doc_of[r] = doc;
	c->nrules++;
	return r;
}

static void build(ad_inventory *inv, const collection *c, double threshold,
		  uint32_t house_limit)
{
	ad_inventory_input in;
	ad_error err = AD_ERROR_INIT;

	memset(&in, 0, sizeof(in));
	in.rule_vecs = c->rule_vec;
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

/* x.y = 0.8, x.z = y.z = 0.48: with a threshold of 0.6, x and y are two
 * wordings of one rule and z is another; from 0.85 on, all three differ. */
static void test_inventory__close_forms_group(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t x = form(&c, "1:2 2:1"), y = form(&c, "1:2 3:1"),
		 z = form(&c, "1:0.536656 4:0.843812");
	uint32_t rx = carry(&c, 0, x), ry = carry(&c, 1, y),
		 rz = carry(&c, 2, z);

	(void)state;
	assert_true(fabs(cosine(&c, x, y) - 0.8) < 1e-5);
	assert_true(fabs(cosine(&c, x, z) - 0.48) < 1e-5);
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

/* a.b = b.c = 0.5, a.c = 0, one agent each: b reaches three agents, a
 * and c two, so b is the centre and takes both. */
static void test_inventory__centre_takes_free_neighbours(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t a = form(&c, "1:1 100:1"), b = form(&c, "1:1 2:1"),
		 cc = form(&c, "2:1 102:1");
	uint32_t ra = carry(&c, 0, a), rb = carry(&c, 1, b),
		 rc = carry(&c, 2, cc);

	(void)state;
	assert_true(cosine(&c, a, cc) == 0.0);
	build(&inv, &c, 0.4, 10);
	assert_int_equal(inv.ngroups, 1);
	assert_int_equal(inv.groups[0].center, rb); /* not a, the first */
	assert_int_equal(inv.group_of[ra], 0);
	assert_int_equal(inv.group_of[rc], 0);
	assert_int_equal(inv.groups[0].nwordings, 3);
	assert_int_equal(inv.groups[0].nagents, 3);
	ad_inventory_dispose(&inv);
}

/*
 * A chain a - b - c - d - e, each link at cosine 0.5, no other pair above
 * 0: connected components would make one group. a is carried by two
 * agents, the others by one, so the reaches are a 3, b 4, c 3, d 3, e 2.
 * b goes first and takes a and c; c is taken; d still has e free, so d
 * becomes a centre and takes e. Groups: {a, a, b, c} and {d, e}.
 */
static void test_inventory__stars_do_not_chain(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t a = form(&c, "1:1 100:1"), b = form(&c, "1:1 2:1"),
		 cc = form(&c, "2:1 3:1"), d = form(&c, "3:1 4:1"),
		 e = form(&c, "4:1 104:1");
	uint32_t ra0 = carry(&c, 0, a), ra1 = carry(&c, 1, a),
		 rb = carry(&c, 2, b), rc = carry(&c, 3, cc),
		 rd = carry(&c, 4, d), re = carry(&c, 5, e);

	(void)state;
	assert_true(cosine(&c, a, cc) == 0.0 && cosine(&c, b, d) == 0.0);
	assert_true(fabs(cosine(&c, d, e) - 0.5) < 1e-6);
	build(&inv, &c, 0.4, 10);
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
 * Two stars, p with p1, p2, x1 and q with q1, q2, x2 (cosine 0.408 each),
 * and z, whose only neighbours are x1 (0.392) and x2 (0.588). p and q
 * reach four agents, x1, x2 and z three: p and q take their neighbours
 * first, and z, with every neighbour taken, joins q's group through x2,
 * the closer one, although x1 comes first.
 */
static void test_inventory__taken_neighbours_join_closest(void **state)
{
	collection c = {0};
	ad_inventory inv;
	uint32_t p = form(&c, "1:1 2:1 3:1"), p1 = form(&c, "1:1 101:1"),
		 p2 = form(&c, "2:1 102:1"), x1 = form(&c, "3:1 7:1"),
		 q = form(&c, "4:1 5:1 6:1"), q1 = form(&c, "4:1 104:1"),
		 q2 = form(&c, "5:1 105:1"), x2 = form(&c, "6:1 8:1"),
		 z = form(&c, "7:1 8:1.5");
	uint32_t rp = carry(&c, 0, p), rx1, rq, rx2, rz;

	(void)state;
	carry(&c, 1, p1);
	carry(&c, 2, p2);
	rx1 = carry(&c, 3, x1);
	rq = carry(&c, 4, q);
	carry(&c, 5, q1);
	carry(&c, 6, q2);
	rx2 = carry(&c, 7, x2);
	rz = carry(&c, 8, z);
	assert_true(fabs(cosine(&c, z, x1) - 0.392232) < 1e-5);
	assert_true(fabs(cosine(&c, z, x2) - 0.588348) < 1e-5);
	assert_true(cosine(&c, z, p) == 0.0 && cosine(&c, z, q) == 0.0);
	build(&inv, &c, 0.35, 10);
	check_members(&inv, c.nrules);
	assert_int_equal(inv.ngroups, 2);
	assert_int_equal(inv.group_of[rz], inv.group_of[rq]);
	assert_int_equal(inv.group_of[rx2], inv.group_of[rq]);
	assert_int_equal(inv.group_of[rx1], inv.group_of[rp]);
	/* q's group has five agents now, so it sorts first */
	assert_int_equal(inv.groups[0].center, rq);
	assert_int_equal(inv.groups[0].nagents, 5);
	assert_int_equal(inv.groups[1].center, rp);
	assert_int_equal(inv.groups[1].nagents, 4);
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
	p = ad_inventory_agent_pairs(&inv, c.doc_of, 1, &n);
	assert_int_equal(n, 2);
	expect_pair(&p[0], 0, 1, 1);
	expect_pair(&p[1], 1, 3, 1);
	free(p);
	p = ad_inventory_agent_pairs(&inv, c.doc_of, 2, &n);
	assert_int_equal(n, 0);
	free(p);
	ad_inventory_dispose(&inv);

	/* h counts: (0, 1) share h and k */
	build(&inv, &c, AD_DEFAULT_RULE_THRESHOLD, 3);
	p = ad_inventory_agent_pairs(&inv, c.doc_of, 1, &n);
	assert_int_equal(n, 4);
	expect_pair(&p[0], 0, 1, 2);
	expect_pair(&p[1], 0, 2, 1);
	expect_pair(&p[2], 1, 2, 1);
	expect_pair(&p[3], 1, 3, 1);
	free(p);
	p = ad_inventory_agent_pairs(&inv, c.doc_of, 2, &n);
	assert_int_equal(n, 1);
	expect_pair(&p[0], 0, 1, 2);
	free(p);
	ad_inventory_dispose(&inv);
}

#define TEST(f)                                                               \
	cmocka_unit_test_setup_teardown(f, fx_arena_setup, fx_arena_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_inventory__same_form_shares_group),
		TEST(test_inventory__close_forms_group),
		TEST(test_inventory__centre_takes_free_neighbours),
		TEST(test_inventory__stars_do_not_chain),
		TEST(test_inventory__taken_neighbours_join_closest),
		TEST(test_inventory__short_forms_keep_to_own_wording),
		TEST(test_inventory__counts_and_boilerplate),
		TEST(test_inventory__agent_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
