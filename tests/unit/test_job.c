/*
 * Unit tests of the job verdict (job.c: ad_job_same()) on made-up
 * evidence, of descriptions without their template's words
 * (ad_jobs_discount()), and of the components that clusters and template
 * families are made of (cluster.c: ad_components()).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/results.h"
#include "analysis/cluster.h"
#include "analysis/job.h"
#include "base/utf8.h"

#include "fixture.h"

/* The rule groups of the smaller agent of each pair below. */
#define FEWER 20

/* A pair with FEWER rule groups in the smaller agent, `exclusive` of
 * them shared with no third name, and descriptions at cosine desc (-1:
 * not comparable). */
static ad_link pair(int same_name, double desc, uint32_t exclusive)
{
	ad_link l;

	memset(&l, 0, sizeof(l));
	l.a = 0;
	l.b = 1;
	l.same_name = same_name;
	l.description = desc;
	l.shared_groups = exclusive;
	l.exclusive_groups = exclusive;
	return l;
}

static void test_job__one_name(void **state)
{
	ad_link l;

	(void)state;
	/* descriptions that do not disagree: one job */
	l = pair(1, 0.3, 0);
	assert_true(ad_job_same(&l, FEWER, AD_LINK_NAME));
	/* not comparable (a translation): one job */
	l = pair(1, -1.0, 0);
	assert_true(ad_job_same(&l, FEWER, AD_LINK_NAME));
	/* disagreeing descriptions: two agents that share a name ... */
	l = pair(1, 0.1, 0);
	assert_false(ad_job_same(&l, FEWER, AD_LINK_NAME | AD_LINK_OUTLINE));
	/* ... unless the bodies are near-identical or share their own rules */
	assert_true(ad_job_same(&l, FEWER, AD_LINK_BODY));
	l = pair(1, 0.1, 5);
	assert_true(ad_job_same(&l, FEWER, AD_LINK_OUTLINE));
	/* too few exclusive groups to count: 2 (below 3), 4 of 20 (below a
	 * quarter) */
	l = pair(1, 0.1, 2);
	assert_false(ad_job_same(&l, FEWER, AD_LINK_OUTLINE));
	l = pair(1, 0.1, 4);
	assert_false(ad_job_same(&l, FEWER, AD_LINK_OUTLINE));
}

static void test_job__two_names(void **state)
{
	ad_link l;

	(void)state;
	/* agreeing descriptions: one job */
	l = pair(0, 0.7, 0);
	assert_true(ad_job_same(&l, FEWER, AD_LINK_OUTLINE));
	/* neither agreeing nor disagreeing: the contents must show it */
	l = pair(0, 0.35, 0);
	assert_false(ad_job_same(&l, FEWER, AD_LINK_OUTLINE));
	assert_false(ad_job_same(&l, FEWER, AD_LINK_BODY));
	assert_true(ad_job_same(&l, FEWER, AD_LINK_CONTAINED));
	l = pair(0, 0.35, 6);
	assert_true(ad_job_same(&l, FEWER, AD_LINK_OUTLINE));
	/* disagreeing descriptions: template siblings, whatever they share */
	l = pair(0, 0.1, 20);
	assert_false(ad_job_same(&l, FEWER, AD_LINK_BODY | AD_LINK_CONTAINED));
	/* jobs set apart (own subjects, two frames): two jobs */
	l = pair(0, 0.7, 20);
	l.jobs_apart = 1;
	assert_false(ad_job_same(&l, FEWER, AD_LINK_BODY | AD_LINK_OUTLINE));
	/* a translation: near-identical bodies or shared rules */
	l = pair(0, -1.0, 0);
	assert_true(ad_job_same(&l, FEWER, AD_LINK_BODY));
	assert_false(ad_job_same(&l, FEWER, AD_LINK_OUTLINE));
	l = pair(0, -1.0, 8);
	assert_true(ad_job_same(&l, FEWER, AD_LINK_OUTLINE));
}

static void test_job__components(void **state)
{
	/* 0-3, 3-5, 2-6, 6-7; 1 and 4 alone */
	static const ad_pair edges[] = {
		{3, 0, 1.0}, {3, 5, 1.0}, {2, 6, 1.0}, {6, 7, 1.0}};
	uint32_t *start, *members;
	size_t n;

	(void)state;
	n = ad_components(&start, &members, edges, 4, 8);
	assert_int_equal(n, 2);
	assert_int_equal(start[0], 0);
	assert_int_equal(start[1], 3);
	assert_int_equal(start[2], 6);
	assert_int_equal(members[0], 0);
	assert_int_equal(members[1], 3);
	assert_int_equal(members[2], 5);
	assert_int_equal(members[3], 2);
	assert_int_equal(members[4], 6);
	assert_int_equal(members[5], 7);
	free(start);
	free(members);
	n = ad_components(&start, &members, NULL, 0, 3);
	assert_int_equal(n, 0);
	assert_int_equal(start[0], 0);
	free(start);
	free(members);
}

/* Descriptions in two script families are not compared word by word. */
static void test_job__scripts(void **state)
{
	(void)state;
	assert_int_equal(ad_utf8_script(NULL), AD_SCRIPT_NONE);
	assert_int_equal(ad_utf8_script("1, 2 -- 3"), AD_SCRIPT_NONE);
	assert_int_equal(ad_utf8_script("Reviews pull requests"),
			 AD_SCRIPT_LATIN);
	assert_int_equal(ad_utf8_script("Caf\xc3\xa9 na\xc3\xafve"),
			 AD_SCRIPT_LATIN);
	/* 分析慢查询 */
	assert_int_equal(ad_utf8_script("\xe5\x88\x86\xe6\x9e\x90\xe6\x85"
					"\xa2\xe6\x9f\xa5\xe8\xaf\xa2"),
			 AD_SCRIPT_CJK);
	/* "SPIN and Sandler 问题设计专家": Latin names in a Chinese
	 * sentence, 6 of 20 letters CJK */
	assert_int_equal(ad_utf8_script("SPIN and Sandler \xe9\x97\xae\xe9"
					"\xa2\x98\xe8\xae\xbe\xe8\xae\xa1"
					"\xe4\xb8\x93\xe5\xae\xb6"),
			 AD_SCRIPT_CJK);
	/* one CJK character in an English sentence stays English */
	assert_int_equal(ad_utf8_script("Writes the docs for the \xe5\x88\x86 "
					"command line tool"),
			 AD_SCRIPT_LATIN);
	/* Cyrillic */
	assert_int_equal(ad_utf8_script("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2"),
			 AD_SCRIPT_OTHER);
}

/* Two agents of one name, one description and rules of their own but no
 * heading in common, so their outline and contents bear out no kind: a
 * version all the same, kept while the candidates that bear out nothing
 * are dropped as they are weighed (link.c). Their twins of other names
 * (other words) are linked to nothing. */
static void test_job__version_without_outline(void **state)
{
	static const char a[] =
		"---\nname: ledger-keeper\ndescription: Reconciles monthly "
		"ledger accounts and flags invoice mismatches.\n---\n"
		"# Duties\n\n- Reconcile every ledger account by the fifth.\n"
		"- Flag invoice totals that differ from purchase orders.\n"
		"- Archive settled vouchers under the fiscal quarter.\n"
		"- Escalate unmatched wire transfers to the controller.\n\n"
		"Careful tone, spreadsheets first, terse summaries.\n";
	static const char b[] =
		"---\nname: ledger-keeper\ndescription: Reconciles monthly "
		"ledger accounts and flags invoice mismatches.\n---\n"
		"# Workflow\n\n- Reconcile every ledger account by the fifth.\n"
		"- Flag invoice totals that differ from purchase orders.\n"
		"- Archive settled vouchers under the fiscal quarter.\n"
		"- Escalate unmatched wire transfers to the controller.\n\n"
		"Friendly voice, charts over tables, long explanations with "
		"examples drawn from retail, hospitality and logistics.\n";
	static const char c[] =
		"---\nname: garden-planner\ndescription: Plans vegetable "
		"beds by season.\n---\n# Beds\n\n- Rotate tomatoes yearly.\n";
	const ad_text t[3] = {{"a.md", a, sizeof(a) - 1, NULL, 0, 0},
			      {"b.md", b, sizeof(b) - 1, NULL, 0, 0},
			      {"c.md", c, sizeof(c) - 1, NULL, 0, 0}};
	ad_audit *au;
	const ad_link *l;

	(void)state;
	au = fx_audit_texts(t, 3);
	l = ad_audit_link(au, 0, 1);
	assert_non_null(l);
	assert_true(l->kind & AD_LINK_VERSION);
	assert_true(l->same_name);
	assert_null(ad_audit_link(au, 0, 2));
	assert_null(ad_audit_link(au, 1, 2));
	ad_audit_free(au);
}

/* Made-up agents for the job index: each a name and its description's
 * vector (fx_vec(); "" for an agent without a description), and no
 * rules. */
enum { MADE_MAX = 16 };
typedef struct made {
	ad_doc docs[MADE_MAX];
	const ad_doc *dp[MADE_MAX];
	ad_svec desc[MADE_MAX];
	size_t rule_base[MADE_MAX + 1];
} made;

/* The job index of n made-up agents, their description ids below
 * nterms; the caller frees it with ad_jobs_free(). */
static ad_jobs *made_jobs(made *m, const char *const *names,
			  const char *const *specs, size_t n, uint32_t nterms)
{
	ad_job_input in;
	size_t i;

	assert_true(n <= MADE_MAX);
	memset(m, 0, sizeof(*m));
	for (i = 0; i < n; i++) {
		m->docs[i].identity = names[i];
		m->docs[i].fm.description = specs[i][0] ? "Says its job" : NULL;
		m->dp[i] = &m->docs[i];
		m->desc[i] = fx_vec(specs[i]);
	}
	memset(&in, 0, sizeof(in));
	in.docs = m->dp;
	in.ndocs = n;
	in.desc_vecs = m->desc;
	in.nterms = nterms;
	in.rule_base = m->rule_base;
	in.threshold = 0.85;
	in.njobs = 1;
	return ad_jobs_new(&in);
}

/* Descriptions without their template's words (ad_jobs_discount()), on
 * made-up vectors. Words 1, 2 and 3 are a template's ("Expert ...
 * developer specializing in ..."); the rest say the job. Atlas and
 * orion share word 10 beside the template; vega and lyra share only the
 * template with anyone. twin-one and twin-two describe atlas's job in
 * its words, under names of their own: copies of atlas, whose words are
 * atlas's, not a template's. Every pair below is linked by its outline
 * (a kind), so each agent is a sibling of the others it is linked to. */
static void test_job__template_words(void **state)
{
	static const char *const names[] = {"atlas", "orion", "vega",
					    "lyra", "twin-one", "twin-two"};
	static const char *const specs[] = {
		"1:1 2:1 3:1 10:1 20:1 30:1 40:1",
		"1:1 2:1 3:1 10:1 21:1 31:1 41:1",
		"1:1 2:1 3:1 12:1 22:1 32:1 42:1",
		"1:1 2:1 3:1 13:1 23:1 33:1 43:1",
		"1:1 2:1 3:1 10:1 20:1 30:1 40:1",
		"1:1 2:1 3:1 10:1 20:1 30:1 40:1"};
	static const uint32_t ends[][2] = {{0, 1}, {0, 2}, {0, 3}, {1, 2},
					   {1, 3}, {2, 3}, {0, 4}, {0, 5},
					   {1, 4}, {1, 5}};
	enum { NDOCS = 6, NLINKS = 10 };
	made m;
	ad_link links[NLINKS];
	uint8_t kinds[NLINKS];
	ad_jobs *j;
	size_t i;

	(void)state;
	j = made_jobs(&m, names, specs, NDOCS, 44);
	memset(links, 0, sizeof(links));
	for (i = 0; i < NLINKS; i++) {
		links[i].a = ends[i][0];
		links[i].b = ends[i][1];
		links[i].description = ad_svec_dot(&m.desc[ends[i][0]],
						   &m.desc[ends[i][1]]);
		kinds[i] = AD_LINK_OUTLINE;
	}
	/* as written: atlas and orion agree (4 of 7 words), vega and lyra
	 * neither agree nor disagree (3 of 7) */
	assert_float_equal(links[0].description, 4.0 / 7.0, 1e-6);
	assert_float_equal(links[5].description, 3.0 / 7.0, 1e-6);
	ad_jobs_discount(j, links, NLINKS, kinds, 1);
	/* the template's words, used by vega and lyra, are left out of
	 * atlas and orion: word 10 of 4 left each. The twins' copies of
	 * atlas's words do not make word 10 a template's; were they counted
	 * as two more names, nothing would be left in common. */
	assert_float_equal(links[0].description, 0.25, 1e-6);
	/* vega and lyra: nothing but the template in common */
	assert_float_equal(links[5].description, 0.0, 1e-9);
	/* atlas and a twin: the same words are left of each */
	assert_float_equal(links[6].description, 1.0, 1e-6);
	ad_jobs_free(j);
}

/* The job evidence of agents x < y, as linking makes it. */
static ad_link evidence(const ad_jobs *j, uint32_t x, uint32_t y)
{
	ad_link l;

	memset(&l, 0, sizeof(l));
	l.a = x;
	l.b = y;
	ad_jobs_evidence(j, &l);
	return l;
}

/* What a name says of its job, for its agents without a description (a
 * fork that lost the line): the description of its namesakes, when they
 * agree with one another (ad_jobs_evidence()). Words 1 to 3 say atlas's
 * job, 5 and 6 orion's; the two described "mixed" disagree. */
static void test_job__name_speaks(void **state)
{
	static const char *const names[] = {"atlas", "atlas", "atlas",
					    "orion", "orion", "vega",
					    "lyra",  "mixed", "mixed",
					    "mixed"};
	static const char *const specs[] = {"1:1 2:1", "1:1 2:1 3:1", "",
					    "5:1 6:1", "", "",
					    "1:1 2:1", "7:1", "8:1", ""};
	made m;
	ad_jobs *j;
	ad_link l;

	(void)state;
	j = made_jobs(&m, names, specs, 10, 10);
	/* atlas without a description against orion: atlas's namesakes
	 * and orion disagree, two jobs; the description still cannot be
	 * compared */
	l = evidence(j, 2, 3);
	assert_true(l.jobs_apart);
	assert_true(l.description < 0.0);
	/* neither has one: both names speak */
	l = evidence(j, 2, 4);
	assert_true(l.jobs_apart);
	/* against lyra, which describes atlas's job: not apart */
	l = evidence(j, 2, 6);
	assert_false(l.jobs_apart);
	/* vega has no namesake, mixed's disagree: neither name speaks */
	l = evidence(j, 3, 5);
	assert_false(l.jobs_apart);
	l = evidence(j, 3, 9);
	assert_false(l.jobs_apart);
	/* one name: what it says decides nothing between its agents */
	l = evidence(j, 0, 2);
	assert_true(l.same_name);
	assert_false(l.jobs_apart);
	/* both described: their own descriptions are compared, as before */
	l = evidence(j, 0, 3);
	assert_float_equal(l.description, 0.0, 1e-9);
	assert_false(l.jobs_apart);
	ad_jobs_free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_job__one_name),
		cmocka_unit_test(test_job__two_names),
		cmocka_unit_test(test_job__components),
		cmocka_unit_test(test_job__scripts),
		cmocka_unit_test_setup_teardown(test_job__template_words,
						fx_arena_setup,
						fx_arena_teardown),
		cmocka_unit_test_setup_teardown(
			test_job__version_without_outline, fx_arena_setup,
			fx_arena_teardown),
		cmocka_unit_test_setup_teardown(test_job__name_speaks,
						fx_arena_setup,
						fx_arena_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
