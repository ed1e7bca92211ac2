/*
 * The overlap analysis on the five seed agents (../shared/seeds), five
 * real backend-developer agents written apart: the rule inventory groups
 * the rules that say the same thing in other words, and the security
 * sections align with each other, although no two seeds are near
 * duplicates as a whole; and the five make one role group.
 * A quality test (AD_QUALITY): test_backend_overlap checks the same on
 * agents of the repository's own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/audit.h"

#include "fixture.h"

static ad_audit *audit;

static int setup(void **state)
{
	static const char *const include[] = {"*.txt"};
	ad_audit_opts opts = AD_AUDIT_OPTS_INIT;

	(void)state;
	opts.load.corpus.include = include;
	opts.load.corpus.ninclude = 1;
	if (fx_audit_path(&audit, AD_SHARED_DIR "/seeds", &opts) != 0)
		return -1;
	return audit->collection->ndocs == 5 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ad_audit_free(audit);
	return 0;
}

/* The agent whose path starts with prefix ("000"). */
static uint32_t seed(const char *prefix)
{
	uint32_t d;

	for (d = 0; d < audit->collection->ndocs; d++)
		if (strncmp(audit->collection->docs[d]->path, prefix, 3) == 0)
			return d;
	fail_msg("no seed %s", prefix);
	return 0;
}

static uint32_t group_of(const char *prefix, int line)
{
	return audit->inventory.group_of[fx_rule_at(audit, seed(prefix), line)];
}

static void test_parameterized_queries_group(void **state)
{
	uint32_t g = group_of("000", 32); /* Use parameterized queries ... */

	(void)state;
	assert_int_equal(group_of("002", 137), g); /* Parameterized queries (no SQL injection) */
	assert_int_equal(group_of("004", 123), g); /* Parameterized queries to prevent ... */
	assert_true(audit->inventory.groups[g].nagents >= 3);
	/* and not with an unrelated rule of the same agents */
	assert_int_not_equal(group_of("000", 36), g); /* CORS */
}

static void test_cors_group(void **state)
{
	uint32_t g = group_of("000", 36); /* Ensure proper CORS configuration */

	(void)state;
	assert_int_equal(group_of("002", 143), g); /* CORS configured properly */
	assert_int_equal(group_of("003", 321), g); /* CORS configured correctly */
	assert_int_equal(group_of("004", 103), g); /* Configure CORS appropriately */
	assert_int_equal(audit->inventory.groups[g].nagents, 4);
}

/* Rules about two different things share no group, however many words
 * they share: generic ones ("appropriate"), or all but the kind of work
 * ("tests"), or a rule that says both things ("Implement business logic
 * with proper separation of concerns"). */
static void test_topics_stay_apart(void **state)
{
	static const struct {
		const char *a;
		int la;
		const char *b;
		int lb;
	} apart[] = {
		{"000", 85, "002", 79},   /* Add appropriate logging / indexes */
		{"000", 85, "003", 326},  /* ... / Appropriate indexes */
		{"004", 151, "003", 90},  /* Error handling tests / Consistent ... */
		{"001", 88, "002", 14},   /* Test authentication and ... / ... */
		{"004", 150, "002", 136}, /* Input validation tests / ... */
		{"002", 118, "003", 335}, /* Implement business logic / Separation */
		{"000", 84, "003", 108},  /* ... error handling / Structured logs */
		{"001", 72, "003", 51},   /* Identify all API endpoints / deps */
		{"000", 47, "000", 101},  /* RESTful conventions / Security best */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(apart) / sizeof(apart[0]); i++)
		if (group_of(apart[i].a, apart[i].la) ==
		    group_of(apart[i].b, apart[i].lb))
			fail_msg("%s:%d and %s:%d share a group", apart[i].a,
				 apart[i].la, apart[i].b, apart[i].lb);
}

/* Rules that say one thing in other words share a group. */
static void test_paraphrases_group(void **state)
{
	(void)state;
	/* Add appropriate logging / Structured logs */
	assert_int_equal(group_of("000", 85), group_of("003", 108));
	/* Use proper HTTP status codes / Appropriate status codes */
	assert_int_equal(group_of("000", 50), group_of("003", 91));
	/* Test authentication and authorization / ... flow tests */
	assert_int_equal(group_of("001", 88), group_of("004", 149));
	/* Write unit tests for new functionality / Comprehensive unit tests */
	assert_int_equal(group_of("000", 89), group_of("003", 109));
}

/* The section of seed prefix that starts on line `line`. */
static uint32_t section_at(const char *prefix, int line)
{
	return fx_section_at(audit, seed(prefix), line);
}

static void test_security_sections_align(void **state)
{
	uint32_t sec[4];
	int i, j;

	(void)state;
	sec[0] = section_at("000", 29);  /* ### Security Requirements */
	sec[1] = section_at("002", 134); /* ## Security Checklist */
	sec[2] = section_at("003", 314); /* ### Security Checklist: */
	sec[3] = section_at("004", 119); /* ## Security Requirements */
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			if (!fx_aligned(audit, sec[i], sec[j]))
				fail_msg("security sections %d and %d do not align",
					 i, j);
}

/* None of the seeds is a near-duplicate of another: they are five
 * different backend agents, each with its own project. */
static void test_seeds_do_not_cluster_on_body(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < audit->links.n; i++)
		assert_false(audit->links.list[i].kind & AD_LINK_BODY);
}

/* But they do one job: the five are one role group. */
static void test_seeds_are_one_role(void **state)
{
	const char *reason;
	uint32_t k, j, g;

	(void)state;
	assert_int_equal(audit->clustering.n, 0);
	assert_int_equal(audit->roles.n, 1);
	assert_int_equal(audit->roles.clusters[0].n, 5);
	/* every seed's description says "Use this agent when you need";
	 * the reason names the job's words, not the frame's */
	reason = audit->role_plan.clusters[0].reason;
	assert_non_null(strstr(reason, "names share developer, backend"));
	assert_null(strstr(reason, "agent"));
	assert_null(strstr(reason, "need"));
	assert_null(strstr(reason, "examples"));
	assert_non_null(strstr(reason, "api"));
	/* a seed that words one rule twice ("Write unit tests for new
	 * functionality", with and without "using Vitest") adds it once */
	for (k = 1; k < audit->roles.clusters[0].n; k++) {
		const ad_merge *m = &audit->role_plan.clusters[0].merge[k];

		for (j = 0; j < m->nrules; j++)
			for (g = 0; g < j; g++)
				assert_int_not_equal(
					audit->inventory.group_of[m->rules[g]],
					audit->inventory.group_of[m->rules[j]]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parameterized_queries_group),
		cmocka_unit_test(test_cors_group),
		cmocka_unit_test(test_topics_stay_apart),
		cmocka_unit_test(test_paraphrases_group),
		cmocka_unit_test(test_security_sections_align),
		cmocka_unit_test(test_seeds_do_not_cluster_on_body),
		cmocka_unit_test(test_seeds_are_one_role),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
