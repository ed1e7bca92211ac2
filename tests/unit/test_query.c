/* Unit tests of query.c: ranking order and ties, k, the score floor, the
 * skipped agent, and finding the query's own file in the collection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query__order_and_ties),
		cmocka_unit_test(test_query__k_floor_and_skip),
		cmocka_unit_test(test_query__same_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
