/*
 * Role groups (role.c) on the role set of tests/fixtures/roles: fifteen
 * jobs, each written two to five times by different hands, near-miss
 * jobs and singletons, with their labels in LABELS.tsv. The groups must
 * hold most pairs of one job and no pair of two; near misses (frontend
 * and backend developer, code reviewer and security auditor, debugger
 * and performance engineer, data engineer and data scientist) never
 * share a group; variant clusters sit inside role groups.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/audit.h"

#include "fixture.h"

#define SET AD_SOURCE_DIR "/tests/fixtures/roles"

static ad_audit *audit;
static char *job_of[64]; /* per doc: its label, malloc'd */

/* The label of path from LABELS.tsv, or NULL. */
static char *label(const char *path)
{
	char line[512];
	FILE *f = fopen(SET "/LABELS.tsv", "r");
	char *out = NULL;

	assert_non_null(f);
	while (!out && fgets(line, sizeof(line), f)) {
		char *tab = strchr(line, '\t'), *end;

		if (!tab)
			continue;
		*tab = '\0';
		if (strcmp(line, path) != 0)
			continue;
		end = strpbrk(tab + 1, "\t\n");
		if (end)
			*end = '\0';
		out = strdup(tab + 1);
	}
	fclose(f);
	return out;
}

static int setup(void **state)
{
	size_t d;

	(void)state;
	if (fx_audit_path(&audit, SET, NULL) != 0)
		return -1;
	if (audit->collection->ndocs > 64)
		return -1;
	for (d = 0; d < audit->collection->ndocs; d++)
		job_of[d] = label(audit->collection->docs[d]->path);
	return 0;
}

static int teardown(void **state)
{
	size_t d;

	(void)state;
	for (d = 0; d < audit->collection->ndocs; d++)
		free(job_of[d]);
	ad_audit_free(audit);
	return 0;
}

/* Per doc, its role group plus one, 0 for none. */
static uint32_t *role_index(void)
{
	return ad_clustering_index(&audit->roles, audit->collection->ndocs);
}

static uint32_t doc(const char *path)
{
	uint32_t d;

	for (d = 0; d < audit->collection->ndocs; d++)
		if (strcmp(audit->collection->docs[d]->path, path) == 0)
			return d;
	fail_msg("no doc %s", path);
	return 0;
}

static void test_roles__labelled(void **state)
{
	uint32_t *of = role_index();
	size_t n = audit->collection->ndocs, a, b;
	unsigned truth = 0, found = 0, wrong = 0;

	(void)state;
	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++) {
			int same = job_of[a] && job_of[b] &&
				   strcmp(job_of[a], job_of[b]) == 0;
			int grouped = of[a] && of[a] == of[b];

			truth += same;
			found += same && grouped;
			wrong += !same && grouped;
		}
	printf("role set: %u of %u same-job pairs grouped, %u pairs of two "
	       "jobs grouped\n", found, truth, wrong);
	assert_int_equal(wrong, 0);
	assert_true(found * 4 >= truth * 3); /* recall 0.75 at least */
	free(of);
}

static void test_roles__near_misses_apart(void **state)
{
	static const char *const pairs[][2] = {
		{"acme/.claude/agents/backend-developer.md",
		 "community/agents/frontend-developer.md"},
		{"acme/.claude/agents/code-reviewer.md",
		 "community/agents/security-auditor.md"},
		{"acme/.claude/agents/debugger.md",
		 "community/agents/performance-engineer.md"},
		{"community/agents/data-engineer.md",
		 "acme/.claude/agents/data-scientist.md"},
		{"community/agents/technical-writer.md",
		 "studio/agents/api-designer.md"},
		{"community/agents/qa-engineer.md",
		 "studio/agents/test-infra-engineer.md"},
	};
	uint32_t *of = role_index();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		uint32_t x = doc(pairs[i][0]), y = doc(pairs[i][1]);

		if (of[x] && of[x] == of[y])
			fail_msg("%s and %s share a role group", pairs[i][0],
				 pairs[i][1]);
	}
	free(of);
}

/* Every member of a variant cluster is in the role group of the others. */
static void test_roles__clusters_inside(void **state)
{
	uint32_t *of = role_index();
	size_t i;
	uint32_t k;

	(void)state;
	assert_true(audit->clustering.n > 0);
	for (i = 0; i < audit->clustering.n; i++) {
		const ad_cluster *c = &audit->clustering.clusters[i];

		for (k = 1; k < c->n; k++)
			assert_int_equal(of[c->members[k]], of[c->members[0]]);
	}
	free(of);
}

/* A role group's plan: its kept member first, and every other member's
 * merge list ranked by support. */
static void test_roles__plans_ranked(void **state)
{
	size_t i;
	uint32_t k, j;

	(void)state;
	assert_true(audit->roles.n > 0);
	assert_int_equal(audit->role_plan.n, audit->roles.n);
	for (i = 0; i < audit->roles.n; i++) {
		const ad_cluster *c = &audit->roles.clusters[i];
		const ad_cluster_plan *pl = &audit->role_plan.clusters[i];

		assert_int_equal(c->members[0], c->canonical);
		assert_non_null(pl->reason);
		for (k = 1; k < c->n; k++) {
			const ad_merge *m = &pl->merge[k];

			for (j = 1; j < m->nrules; j++)
				assert_true(m->support[j - 1] >= m->support[j]);
			for (j = 1; j < m->nsections; j++)
				assert_true(m->section_rules[j - 1] >=
					    m->section_rules[j]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles__labelled),
		cmocka_unit_test(test_roles__near_misses_apart),
		cmocka_unit_test(test_roles__clusters_inside),
		cmocka_unit_test(test_roles__plans_ranked),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
