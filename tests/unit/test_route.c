/* Unit tests of route.c: a request ranked against the agents' routing
 * text, best first, with its runner-up (never a variant of the first)
 * and whether it is ambiguous; no match. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/route.h"

#include "fixture.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static ad_audit *audit_of(const char *const *texts, size_t n)
{
	ad_text t[16];
	size_t i;

	assert_true(n <= N(t));
	for (i = 0; i < n; i++) {
		t[i].path = "t.md";
		t[i].text = texts[i];
		t[i].len = strlen(texts[i]);
		t[i].key = NULL;
	}
	return fx_audit_texts(t, n);
}

#define AGENT(name, desc) \
	"---\nname: " name "\ndescription: " desc "\n---\n\n- " name " rule.\n"

static const char *const fleet[] = {
	AGENT("api-designer", "Designs REST API endpoints and their schemas"),
	AGENT("api-builder", "Builds REST API endpoints and their handlers"),
	AGENT("docs-writer", "Writes release notes and user guides"),
	AGENT("database-admin", "Tunes slow SQL queries and indexes"),
};

static ad_audit *fleet_with(const char *request)
{
	const char *texts[N(fleet) + 1];
	size_t i;

	for (i = 0; i < N(fleet); i++)
		texts[i] = fleet[i];
	texts[i] = request;
	return audit_of(texts, N(texts));
}

/* Best first, with the terms that match; a runner-up close enough makes
 * the request ambiguous. */
static void test_route__ambiguous_runner_up(void **state)
{
	ad_audit *au = fleet_with("Add a REST endpoint for orders.\n");
	ad_route r;

	(void)state;
	ad_route_request(&r, au, 4, NULL);
	assert_int_equal(r.ncandidates, 4);
	assert_int_equal(r.nmatched, 2);
	assert_int_equal(r.nhits, 2);
	assert_true(r.hits[0].agent <= 1 && r.hits[1].agent <= 1);
	assert_true(r.hits[0].score >= r.hits[1].score);
	assert_int_equal(r.hits[0].rank, 1);
	assert_true(r.hits[0].nterms >= 2);
	assert_true(r.has_runner_up);
	assert_int_equal(r.runner_up.rank, 2);
	assert_true(r.ratio >= AD_ROUTE_AMBIGUOUS && r.ambiguous);
	assert_true(r.margin == r.hits[0].score - r.hits[1].score);
	ad_route_dispose(&r);
	ad_audit_free(au);
}

/* One agent far ahead: clear; k cuts the list, not the runner-up. */
static void test_route__clear_and_k(void **state)
{
	ad_audit *au = fleet_with("Tune the slow SQL queries of the API.\n");
	ad_route_opts o = AD_ROUTE_OPTS_INIT;
	ad_route r;

	(void)state;
	o.k = 1;
	ad_route_request(&r, au, 4, &o);
	assert_int_equal(r.nhits, 1);
	assert_true(r.nmatched >= 2);
	assert_int_equal(r.hits[0].agent, 3);
	assert_true(r.has_runner_up);
	assert_int_equal(r.runner_up.rank, 2);
	assert_false(r.ambiguous);
	ad_route_dispose(&r);
	ad_audit_free(au);
}

/* Nothing in common, or nothing but stopwords: no match. */
static void test_route__no_match(void **state)
{
	ad_audit *au = fleet_with("Bake sourdough bread at dawn.\n");
	ad_route r;

	(void)state;
	ad_route_request(&r, au, 4, NULL);
	assert_int_equal(r.nmatched, 0);
	assert_int_equal(r.nhits, 0);
	assert_false(r.has_runner_up);
	assert_true(r.request_nterms > 0);
	ad_route_dispose(&r);
	ad_audit_free(au);
	au = fleet_with("the of and\n");
	ad_route_request(&r, au, 4, NULL);
	assert_int_equal(r.request_nterms, 0);
	assert_int_equal(r.nmatched, 0);
	ad_route_dispose(&r);
	ad_audit_free(au);
}

/* A variant of the first is listed but is not the runner-up. */
static void test_route__variant_is_not_runner_up(void **state)
{
	static const char *const texts[] = {
		"---\nname: auditor\ndescription: Audits invoices and ledgers."
		"\n---\n\n## Steps\n\n- Read every invoice.\n- Match it to the "
		"ledger.\n- Flag the difference.\n",
		"---\nname: auditor\ndescription: Audits invoices and ledgers."
		"\n---\n\n## Steps\n\n- Read every invoice.\n- Match it to the "
		"ledger.\n- Flag the difference.\n",
		AGENT("bookkeeper", "Keeps ledgers balanced"),
		"Audit the invoices in the ledgers.\n",
	};
	ad_audit *au = audit_of(texts, N(texts));
	ad_route r;

	(void)state;
	ad_route_request(&r, au, 3, NULL);
	assert_int_equal(r.nmatched, 3);
	assert_true(r.hits[0].cluster != 0);
	assert_int_equal(r.hits[1].cluster, r.hits[0].cluster);
	assert_true(r.has_runner_up);
	assert_int_equal(r.runner_up.agent, 2);
	assert_int_equal(r.runner_up.rank, 3);
	ad_route_dispose(&r);
	ad_audit_free(au);
}

/* An agent without a description is counted apart and never routed
 * to, however many words it shares with the request. */
static void test_route__undescribed_left_out(void **state)
{
	static const char *const texts[] = {
		"---\nname: invoices\n---\n\n- Audit every invoice.\n"
		"- Match invoices to the ledgers.\n",
		AGENT("bookkeeper", "Keeps ledgers balanced"),
		"Audit the invoices in the ledgers.\n",
	};
	ad_audit *au = audit_of(texts, N(texts));
	ad_route r;

	(void)state;
	ad_route_request(&r, au, 2, NULL);
	assert_int_equal(r.ncandidates, 1);
	assert_int_equal(r.nundescribed, 1);
	assert_int_equal(r.nmatched, 1);
	assert_int_equal(r.hits[0].agent, 1);
	ad_route_dispose(&r);
	ad_audit_free(au);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route__ambiguous_runner_up),
		cmocka_unit_test(test_route__clear_and_k),
		cmocka_unit_test(test_route__no_match),
		cmocka_unit_test(test_route__variant_is_not_runner_up),
		cmocka_unit_test(test_route__undescribed_left_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
