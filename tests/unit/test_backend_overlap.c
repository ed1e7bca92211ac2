/*
 * The overlap analysis on five backend agents written apart
 * (tests/fixtures/backend: five projects, five stacks, one job): the rule
 * inventory groups the rules that say one thing in other words and keeps
 * rules about two topics apart, and the security sections align, although
 * no two agents are near duplicates as a whole. The same checks run on
 * real agents in the quality tests (tests/quality/seeds_overlap.c).
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

#define BACKEND AD_SOURCE_DIR "/tests/fixtures/backend"

static ad_audit *audit;

static int setup(void **state)
{
	ad_audit_opts opts = AD_AUDIT_OPTS_INIT;

	(void)state;
	if (fx_audit_path(&audit, BACKEND, &opts) != 0)
		return -1;
	return audit->collection->ndocs == 5 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ad_audit_free(audit);
	return 0;
}

static uint32_t group_of(const char *file, int line)
{
	return audit->inventory.group_of[fx_rule_at(audit, fx_doc(audit, file),
						    line)];
}

#define LEDGERLY "ledgerly-backend-developer.md"
#define HARBOR "backend-developer.md"
#define ORCHARD "backend-api-developer.md"
#define QUARRY "backend-dev-expert.md"
#define TOLLWAY "backend-go-developer.md"

/* Four wordings of "parameterized queries, against SQL injection". */
static void test_backend__parameterized_queries_group(void **state)
{
	uint32_t g = group_of(LEDGERLY, 28);

	(void)state;
	assert_int_equal(group_of(HARBOR, 19), g);
	assert_int_equal(group_of(ORCHARD, 28), g);
	assert_int_equal(group_of(TOLLWAY, 25), g);
	assert_true(audit->inventory.groups[g].nagents >= 4);
	/* and not with the CORS rule beside it */
	assert_int_not_equal(group_of(LEDGERLY, 29), g);
}

/* Five wordings of "configure CORS", one in each agent. */
static void test_backend__cors_group(void **state)
{
	uint32_t g = group_of(LEDGERLY, 29);

	(void)state;
	assert_int_equal(group_of(HARBOR, 23), g);
	assert_int_equal(group_of(ORCHARD, 29), g);
	assert_int_equal(group_of(QUARRY, 34), g);
	assert_int_equal(group_of(TOLLWAY, 24), g);
	assert_int_equal(audit->inventory.groups[g].nagents, 5);
}

/* Rules about two things share no group, however many words they share:
 * a generic one ("appropriate"), all but the kind of work ("tests"), or
 * one that says both things. */
static void test_backend__topics_stay_apart(void **state)
{
	static const struct {
		const char *a;
		int la;
		const char *b;
		int lb;
	} apart[] = {
		{LEDGERLY, 46, QUARRY, 29}, /* appropriate logging / indexes */
		{ORCHARD, 36, QUARRY, 27},  /* error handling tests / ... */
		{ORCHARD, 35, QUARRY, 26},  /* input validation tests / ... */
		{ORCHARD, 34, QUARRY, 28},  /* business logic / separation */
		{HARBOR, 14, HARBOR, 20},   /* appropriate status codes / indexes */
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
static void test_backend__paraphrases_group(void **state)
{
	(void)state;
	/* Add appropriate logging / Structured logs */
	assert_int_equal(group_of(LEDGERLY, 46), group_of(HARBOR, 46));
	/* Use proper HTTP status codes / Use appropriate status codes */
	assert_int_equal(group_of(LEDGERLY, 43), group_of(HARBOR, 14));
	/* Write unit tests for new functionality / Comprehensive unit tests */
	assert_int_equal(group_of(LEDGERLY, 45), group_of(HARBOR, 45));
}

/* The section of `file` that starts on line `line`. */
static uint32_t section_at(const char *file, int line)
{
	return fx_section_at(audit, fx_doc(audit, file), line);
}

/* Four security sections under four headings align pair by pair. */
static void test_backend__security_sections_align(void **state)
{
	uint32_t sec[4];
	int i, j;

	(void)state;
	sec[0] = section_at(LEDGERLY, 27); /* ### Security Requirements */
	sec[1] = section_at(ORCHARD, 27);  /* ## Security Checklist */
	sec[2] = section_at(QUARRY, 33);   /* ### Security Checklist: */
	sec[3] = section_at(TOLLWAY, 23);  /* ## Security Requirements */
	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			if (!fx_aligned(audit, sec[i], sec[j]))
				fail_msg("security sections %d and %d do not "
					 "align",
					 i, j);
}

/* Five agents of five projects: no body links them, no cluster holds
 * two of them. */
static void test_backend__no_variants(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < audit->links.n; i++)
		assert_false(audit->links.list[i].kind & AD_LINK_BODY);
	assert_int_equal(audit->clustering.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backend__parameterized_queries_group),
		cmocka_unit_test(test_backend__cors_group),
		cmocka_unit_test(test_backend__topics_stay_apart),
		cmocka_unit_test(test_backend__paraphrases_group),
		cmocka_unit_test(test_backend__security_sections_align),
		cmocka_unit_test(test_backend__no_variants),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
