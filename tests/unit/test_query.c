/* Unit tests of query.c: ranking order and ties, k, the score floor, the
 * skipped agent, finding the query's own file in the collection, and the
 * audit a query reads (AD_AUDIT_VECTORS) against a whole one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/query.h"

#include "fixture.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const texts[] = {
	"# Tests\n\n- Write unit tests for every error path.\n",
	"# Security\n\n- Flag SQL injection risks in queries.\n",
	"# Security\n\n- Flag SQL injection risks in queries.\n", /* a twin */
	"# Docs\n\n- Write release notes for every change.\n",
	"# Cooking\n\n- Bake bread at dawn.\n",
	/* the query, last */
	"# Audit\n\n- Flag SQL injection risks and leaked secrets.\n",
};

static ad_audit *collection(void)
{
	ad_text t[N(texts)];
	size_t i;

	for (i = 0; i < N(texts); i++) {
		t[i].path = "t.md";
		t[i].text = texts[i];
		t[i].len = strlen(texts[i]);
		t[i].key = NULL;
	}
	return fx_audit_texts(t, N(texts));
}

static void test_query__order_and_ties(void **state)
{
	ad_audit *au = collection();
	ad_query q;
	size_t i;

	(void)state;
	ad_query_rank(&q, au, 5, NULL);
	assert_int_equal(q.ncandidates, 5);
	assert_true(q.nhits >= 2);
	/* equal scores keep walk order */
	assert_int_equal(q.hits[0].agent, 1);
	assert_int_equal(q.hits[1].agent, 2);
	assert_true(q.hits[0].score == q.hits[1].score);
	/* nothing in common: never a neighbour */
	for (i = 0; i < q.nhits; i++)
		assert_int_not_equal(q.hits[i].agent, 4);
	ad_query_dispose(&q);
	ad_audit_free(au);
}

static void test_query__k_floor_and_skip(void **state)
{
	ad_audit *au = collection();
	ad_query_opts o = AD_QUERY_OPTS_INIT;
	ad_query q;

	(void)state;
	o.k = 1;
	o.skip = 1;
	ad_query_rank(&q, au, 5, &o);
	assert_int_equal(q.ncandidates, 4);
	assert_int_equal(q.nhits, 1);
	assert_int_equal(q.hits[0].agent, 2);
	ad_query_dispose(&q);
	o = (ad_query_opts)AD_QUERY_OPTS_INIT;
	o.min_score = 0.99;
	ad_query_rank(&q, au, 5, &o);
	assert_int_equal(q.nhits, 0);
	ad_query_dispose(&q);
	ad_audit_free(au);
}

/* The query's file found under a folder PATH, and as a file PATH. */
static void test_query__same_file(void **state)
{
	const char *dir = AD_SOURCE_DIR "/tests/fixtures/query/agents";
	const char *file = AD_SOURCE_DIR
		"/tests/fixtures/query/agents/test-engineer.md";
	const char *other = AD_SOURCE_DIR
		"/tests/fixtures/query/drafts/secret-scanner.md";
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *au = NULL;
	uint32_t i;

	(void)state;
	o.load.jobs = 1;
	assert_int_equal(ad_audit_run(&au, &dir, 1, &o, NULL), 0);
	i = ad_query_same_file(au, au->collection->ndocs, &dir, 1, file);
	assert_int_not_equal(i, AD_QUERY_NONE);
	assert_string_equal(au->collection->docs[i]->path, "test-engineer.md");
	assert_int_equal(
		ad_query_same_file(au, au->collection->ndocs, &dir, 1, other),
		AD_QUERY_NONE);
	/* only the first i agents are the collection */
	assert_int_equal(ad_query_same_file(au, i, &dir, 1, file),
			 AD_QUERY_NONE);
	ad_audit_free(au);
	assert_int_equal(ad_audit_run(&au, &file, 1, &o, NULL), 0);
	assert_int_equal(
		ad_query_same_file(au, au->collection->ndocs, &file, 1, file),
		0);
	ad_audit_free(au);
}

/* The fixture's agents and draft (the draft last), analysed as far as
 * until. */
static ad_audit *drafted(ad_audit_until until)
{
	const char *paths[] = {
		AD_SOURCE_DIR "/tests/fixtures/query/agents",
		AD_SOURCE_DIR "/tests/fixtures/query/drafts/secret-scanner.md"};
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *au = NULL;

	o.load.jobs = 1;
	o.until = until;
	assert_int_equal(ad_audit_run(&au, paths, 2, &o, NULL), 0);
	assert_int_equal(au->collection->ndocs, 6);
	return au;
}

/* What a query reads is made without joining or grouping anything, and
 * ranks as the whole audit does; every hit's sections are aligned in
 * full, of their words alone. */
static void test_query__vectors_only(void **state)
{
	ad_audit *all = drafted(AD_AUDIT_ALL), *vec = drafted(AD_AUDIT_VECTORS);
	ad_section_match *m;
	ad_query q, r;
	size_t i, n;

	(void)state;
	assert_true(all->inventory.ngroups > 0);
	assert_int_equal(vec->inventory.ngroups, 0);
	assert_int_equal(vec->clustering.n, 0);
	ad_query_rank(&q, all, 5, NULL);
	ad_query_rank(&r, vec, 5, NULL);
	assert_int_equal(q.nhits, 5);
	assert_int_equal(r.nhits, q.nhits);
	for (i = 0; i < q.nhits; i++) {
		assert_int_equal(r.hits[i].agent, q.hits[i].agent);
		assert_true(r.hits[i].score == q.hits[i].score);
	}
	/* the auditor: "Report" with "Report", best first, then the
	 * checklists, then the intros */
	assert_non_null(strstr(ad_audit_doc(vec, r.hits[0].agent)->path,
			       "/security-auditor.md"));
	n = ad_audit_section_matches(vec, 5, r.hits[0].agent, &m);
	assert_int_equal(n, 3);
	assert_string_equal(ad_audit_section(vec, m[0].a)->title, "Report");
	assert_string_equal(ad_audit_section(vec, m[0].b)->title, "Report");
	/* the pair's lower agent (the auditor) on the a side */
	assert_string_equal(ad_audit_section(vec, m[1].a)->title,
			    "Vulnerability checklist");
	assert_string_equal(ad_audit_section(vec, m[1].b)->title, "Checklist");
	assert_true(m[0].score > m[1].score && m[1].score > m[2].score);
	assert_true(m[2].score >= 0.3);
	free(m);
	ad_query_dispose(&q);
	ad_query_dispose(&r);
	ad_audit_free(all);
	ad_audit_free(vec);
}

/* Twins are hits alike: each is aligned in full, not only the one that
 * stands for their cluster among the role pairs (as in the whole audit,
 * where the query's sections align with b's alone, at 0.417). */
static void test_query__twins_alike(void **state)
{
	static const char *const t[] = {
		"# Tests\n\n- Write unit tests for every error path.\n",
		"# Security\n\n- Flag SQL injection risks in queries.\n"
		"- Rotate leaked secrets at once.\n",
		"# Security\n\n- Flag SQL injection risks in queries.\n"
		"- Rotate leaked secrets at once.\n",
		"# Docs\n\n- Write release notes for every change.\n",
		"# Cooking\n\n- Bake bread at dawn.\n",
		"# Audit\n\n- Flag SQL injection risks and leaked secrets.\n",
	};
	static const char *const path[N(t)] = {"a.md", "b.md", "c.md",
					       "d.md", "e.md", "q.md"};
	ad_text in[N(t)];
	ad_audit *au;
	ad_section_match *m0, *m1;
	size_t i, n0, n1;

	(void)state;
	for (i = 0; i < N(t); i++) {
		in[i].path = path[i];
		in[i].text = t[i];
		in[i].len = strlen(t[i]);
		in[i].key = NULL;
	}
	au = fx_audit_texts_until(in, N(t), AD_AUDIT_VECTORS);
	n0 = ad_audit_section_matches(au, 5, 1, &m0);
	n1 = ad_audit_section_matches(au, 5, 2, &m1);
	assert_int_equal(n0, 1);
	assert_int_equal(n1, 1);
	assert_true(m0[0].score == m1[0].score);
	free(m0);
	free(m1);
	ad_audit_free(au);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query__order_and_ties),
		cmocka_unit_test(test_query__k_floor_and_skip),
		cmocka_unit_test(test_query__same_file),
		cmocka_unit_test(test_query__vectors_only),
		cmocka_unit_test(test_query__twins_alike),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
