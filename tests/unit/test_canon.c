/* Unit tests of canon.c: each criterion deciding, ties falling through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "analysis/canon.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A candidate that ties with every other made by full(). */
static ad_canon_score full(void)
{
	ad_canon_score s;

	s.stub = 0;
	s.frontmatter = 4;
	s.coverage = 10;
	s.centrality = 2.5;
	return s;
}

static void test_canon__single_candidate(void **state)
{
	ad_canon_score s[1] = {{1, 0, 0, 0.0}};

	(void)state;
	assert_int_equal(ad_canon_best(s, 1), 0);
	assert_int_equal(ad_canon_decider(s, 1, 0), AD_CANON_ALONE);
}

static void test_canon__stub_never_wins(void **state)
{
	ad_canon_score s[3];

	(void)state;
	s[0] = full();
	s[0].stub = 1;
	s[0].coverage = 50; /* better on every later criterion */
	s[0].centrality = 9.0;
	s[1] = full();
	s[2] = full();
	s[2].stub = 1;
	assert_int_equal(ad_canon_best(s, 3), 1);
	assert_int_equal(ad_canon_decider(s, 3, 1), AD_CANON_STUB);
}

static void test_canon__all_stubs_fall_through(void **state)
{
	ad_canon_score s[2];

	(void)state;
	s[0] = full();
	s[0].stub = 1;
	s[1] = s[0];
	s[1].coverage = 11;
	assert_int_equal(ad_canon_best(s, 2), 1);
	assert_int_equal(ad_canon_decider(s, 2, 1), AD_CANON_COVERAGE);
}

/* Fields a runtime reads come before coverage: a copy with fewer rules
 * but complete frontmatter is kept (its merge list brings the rules). */
static void test_canon__frontmatter_decides(void **state)
{
	ad_canon_score s[3];

	(void)state;
	s[0] = full();
	s[0].frontmatter = 2;
	s[0].coverage = 50;
	s[0].centrality = 9.0;
	s[1] = full();
	s[1].coverage = 9;
	s[2] = full();
	s[2].frontmatter = 3;
	s[2].coverage = 40;
	assert_int_equal(ad_canon_best(s, 3), 1);
	assert_int_equal(ad_canon_decider(s, 3, 1), AD_CANON_FRONTMATTER);
}

static void test_canon__coverage_decides(void **state)
{
	ad_canon_score s[3];

	(void)state;
	s[0] = full();
	s[0].centrality = 9.0;
	s[1] = full();
	s[1].coverage = 12;
	s[1].centrality = 0.1;
	s[2] = full();
	s[2].coverage = 11;
	assert_int_equal(ad_canon_best(s, 3), 1);
	assert_int_equal(ad_canon_decider(s, 3, 1), AD_CANON_COVERAGE);
}

static void test_canon__centrality_decides(void **state)
{
	ad_canon_score s[3];

	(void)state;
	s[0] = full();
	s[1] = full();
	s[1].centrality = 2.6;
	s[2] = full();
	s[2].frontmatter = 3;
	s[2].centrality = 5.0;
	assert_int_equal(ad_canon_best(s, 3), 1);
	assert_int_equal(ad_canon_decider(s, 3, 1), AD_CANON_CENTRALITY);
}

static void test_canon__centrality_within_tolerance_ties(void **state)
{
	ad_canon_score s[2];

	(void)state;
	s[0] = full();
	s[1] = full();
	s[1].centrality += 1e-12; /* rounding noise, not a difference */
	assert_int_equal(ad_canon_best(s, 2), 0);
	assert_int_equal(ad_canon_decider(s, 2, 0), AD_CANON_PATH);
	s[1].centrality = s[0].centrality + 1e-6;
	assert_int_equal(ad_canon_best(s, 2), 1);
	assert_int_equal(ad_canon_decider(s, 2, 1), AD_CANON_CENTRALITY);
}

static void test_canon__full_tie_takes_lower_index(void **state)
{
	ad_canon_score s[4];

	(void)state;
	s[0] = full();
	s[0].coverage = 3;
	s[1] = full();
	s[2] = full();
	s[3] = full();
	assert_int_equal(ad_canon_best(s, 4), 1);
	assert_int_equal(ad_canon_decider(s, 4, 1), AD_CANON_PATH);
}

/* The decider compares with the runner-up, not with the first or the
 * worst candidate: a stub far behind does not make it say "stub". */
static void test_canon__decider_uses_runner_up(void **state)
{
	ad_canon_score s[4];

	(void)state;
	s[0] = full();
	s[0].stub = 1;
	s[1] = full();
	s[1].coverage = 2;
	s[2] = full();
	s[2].coverage = 5;
	s[3] = full();
	s[3].coverage = 8;
	assert_int_equal(ad_canon_best(s, N(s)), 3);
	assert_int_equal(ad_canon_decider(s, N(s), 3), AD_CANON_COVERAGE);
	s[2].coverage = 8;
	s[2].centrality = 1.0;
	assert_int_equal(ad_canon_best(s, N(s)), 3);
	assert_int_equal(ad_canon_decider(s, N(s), 3), AD_CANON_CENTRALITY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canon__single_candidate),
		cmocka_unit_test(test_canon__stub_never_wins),
		cmocka_unit_test(test_canon__all_stubs_fall_through),
		cmocka_unit_test(test_canon__frontmatter_decides),
		cmocka_unit_test(test_canon__coverage_decides),
		cmocka_unit_test(test_canon__centrality_decides),
		cmocka_unit_test(test_canon__centrality_within_tolerance_ties),
		cmocka_unit_test(test_canon__full_tie_takes_lower_index),
		cmocka_unit_test(test_canon__decider_uses_runner_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
