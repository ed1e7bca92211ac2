/*
 * Unit tests of the stages an audit tells its caller of
 * (ad_audit_opts.stage), on the role set of tests/fixtures/roles: every
 * stage is told once, numbered 1 to n in order, n the same throughout;
 * leaving out role groups leaves out their stage; a run whose options
 * are refused enters none; the joins within a stage tell their steps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/audit.h"

#include "fixture.h"

#define MAX_TOLD 32

/* What the stage callback was told, in order. */
typedef struct told {
	int k[MAX_TOLD], n[MAX_TOLD];
	char what[MAX_TOLD][64];
	size_t count;
	/* the joins' steps (ad_audit_opts.step), counted by what */
	size_t agents, rule_wordings, others, past_total;
} told;

static void note_step(const char *what, size_t done, size_t total,
		      void *payload)
{
	told *t = payload;

	assert_true(t->count > 0); /* within a stage */
	t->past_total += done > total;
	if (strcmp(what, "agents") == 0)
		t->agents++;
	else if (strcmp(what, "rule wordings") == 0)
		t->rule_wordings++;
	else
		t->others++;
}

static void note_stage(int k, int n, const char *what, void *payload)
{
	told *t = payload;

	assert_true(t->count < MAX_TOLD);
	assert_non_null(what);
	t->k[t->count] = k;
	t->n[t->count] = n;
	snprintf(t->what[t->count], sizeof(t->what[0]), "%s", what);
	t->count++;
}

static void audit_roles(told *t, int no_roles)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *au = NULL;

	memset(t, 0, sizeof(*t));
	o.stage = note_stage;
	o.stage_payload = t;
	o.step = note_step;
	o.no_roles = no_roles;
	o.load.jobs = 2;
	assert_int_equal(fx_audit_path(&au, AD_SOURCE_DIR "/tests/fixtures/roles",
				       &o),
			 0);
	assert_true(au->collection->ndocs >= 50);
	ad_audit_free(au);
}

static int was_told(const told *t, const char *what)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		if (strcmp(t->what[i], what) == 0)
			return 1;
	return 0;
}

/* 1..n, each once, n fixed, every name said and none twice. */
static void check_numbered(const told *t)
{
	size_t i, j;

	assert_true(t->count > 1);
	assert_int_equal(t->n[0], (int)t->count);
	for (i = 0; i < t->count; i++) {
		assert_int_equal(t->k[i], (int)i + 1);
		assert_int_equal(t->n[i], t->n[0]);
		assert_true(strlen(t->what[i]) > 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(t->what[i], t->what[j]);
	}
}

static void test_stages__each_once_in_order(void **state)
{
	told t;

	(void)state;
	audit_roles(&t, 0);
	check_numbered(&t);
	assert_int_equal(t.count, 8);
	assert_string_equal(t.what[0], "weighing terms");
	assert_true(was_told(&t, "aligning sections"));
	assert_true(was_told(&t, "grouping agents by job"));
	/* the joins of agents and of rule wordings tell how far they are */
	assert_true(t.agents > 0);
	assert_true(t.rule_wordings > 0);
	assert_int_equal(t.others, 0);
	assert_int_equal(t.past_total, 0);
}

static void test_stages__no_roles_no_role_stage(void **state)
{
	told t;

	(void)state;
	audit_roles(&t, 1);
	check_numbered(&t);
	assert_int_equal(t.count, 7);
	assert_false(was_told(&t, "grouping agents by job"));
	assert_true(was_told(&t, "aligning sections"));
}

/* Options refused before anything is read: no stage is entered. */
static void test_stages__refused_run_tells_none(void **state)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_audit *au = NULL;
	told t;

	(void)state;
	memset(&t, 0, sizeof(t));
	o.stage = note_stage;
	o.stage_payload = &t;
	o.threshold = 1.5;
	assert_int_equal(ad_audit_run(&au, NULL, 0, &o, &err), AD_EINVAL);
	assert_null(au);
	assert_int_equal(t.count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stages__each_once_in_order),
		cmocka_unit_test(test_stages__no_roles_no_role_stage),
		cmocka_unit_test(test_stages__refused_run_tells_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
