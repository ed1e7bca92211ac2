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
#include "analysis/role.h"

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

/* Whether word stands in the list of words of a reason ("share a, b"). */
static int says(const char *reason, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(reason, word); p; p = strstr(p + 1, word))
		if ((p == reason || p[-1] == ' ') &&
		    (p[n] == ',' || p[n] == ';' || p[n] == '\0'))
			return 1;
	return 0;
}

/* A role group's plan: its kept member first, every other member's merge
 * list ranked by support, and a reason without the words every
 * description is framed in ("use this agent when you need"). */
static void test_roles__plans_ranked(void **state)
{
	size_t i;
	uint32_t k, j, g;

	(void)state;
	assert_true(audit->roles.n > 0);
	assert_int_equal(audit->role_plan.n, audit->roles.n);
	for (i = 0; i < audit->roles.n; i++) {
		const ad_cluster *c = &audit->roles.clusters[i];
		const ad_cluster_plan *pl = &audit->role_plan.clusters[i];

		assert_int_equal(c->members[0], c->canonical);
		assert_non_null(pl->reason);
		assert_false(says(pl->reason, "agent"));
		assert_false(says(pl->reason, "use"));
		assert_false(says(pl->reason, "need"));
		assert_false(says(pl->reason, "examples"));
		for (k = 1; k < c->n; k++) {
			const ad_merge *m = &pl->merge[k];

			for (j = 1; j < m->nrules; j++)
				assert_true(m->support[j - 1] >= m->support[j]);
			for (j = 0; j < m->nrules; j++) /* one per group */
				for (g = 0; g < j; g++)
					assert_int_not_equal(
						audit->inventory.group_of[m->rules[g]],
						audit->inventory.group_of[m->rules[j]]);
			for (j = 1; j < m->nsections; j++)
				assert_true(m->section_rules[j - 1] >=
					    m->section_rules[j]);
		}
	}
}

/* Whether agent d holds a rule of inventory group g. */
static int holds(uint32_t d, uint32_t g)
{
	const ad_numbering *at = &audit->collection->at;
	size_t r;

	for (r = at->rule_base[d]; r < at->rule_base[d + 1]; r++)
		if (audit->inventory.group_of[r] == g)
			return 1;
	return 0;
}

/* The units of group c (variant clusters count once) holding a rule of
 * inventory group g: a unit holds it when any of its members does. */
static uint32_t units_with(const ad_cluster *c, const uint32_t *unit,
			   uint32_t g)
{
	uint32_t k, j, n = 0;

	for (k = 0; k < c->n; k++) {
		uint32_t d = c->members[k], dup = 0;
		int has = 0;

		for (j = 0; j < k && unit[d]; j++)
			dup |= unit[c->members[j]] == unit[d];
		for (j = k; j < c->n && !dup; j++)
			if (j == k || (unit[d] && unit[c->members[j]] == unit[d]))
				has |= holds(c->members[j], g);
		n += has && !dup;
	}
	return n;
}

/* A fork inside a role group is not listed twice: it points at the
 * member it is a variant of; and a rule's support counts the units that
 * carry it, a variant cluster once. */
static void test_roles__variants_listed_once(void **state)
{
	uint32_t orig = fx_doc(audit, "community/agents/pr-review-assistant.md");
	uint32_t fork = fx_doc(audit, "forks/pr-review-assistant.md");
	uint32_t *unit = ad_clustering_index(&audit->clustering,
					     audit->collection->ndocs);
	size_t i;
	uint32_t k, j, pointed = 0;

	(void)state;
	for (i = 0; i < audit->roles.n; i++) {
		const ad_cluster *c = &audit->roles.clusters[i];
		const ad_cluster_plan *pl = &audit->role_plan.clusters[i];

		for (k = 1; k < c->n; k++) {
			const ad_merge *m = &pl->merge[k];

			for (j = 0; j < m->nrules; j++)
				assert_int_equal(
					m->support[j],
					units_with(c, unit,
						   audit->inventory.group_of
							   [m->rules[j]]));
			if (m->variant_of) {
				uint32_t to = c->members[m->variant_of - 1];

				assert_true(m->variant_of - 1 < k);
				assert_true((c->members[k] == fork && to == orig) ||
					    (c->members[k] == orig && to == fork));
				pointed++;
			}
		}
	}
	assert_int_equal(pointed, 1);
	free(unit);
}

/* A role group keeps an agent its cluster keeps too: never a variant the
 * cluster's plan removes. */
static void test_roles__keep_what_clusters_keep(void **state)
{
	size_t i;
	uint32_t k;

	(void)state;
	for (i = 0; i < audit->roles.n; i++) {
		uint32_t kept = audit->roles.clusters[i].canonical;

		for (k = 0; k < audit->clustering.n; k++) {
			const ad_cluster *c = &audit->clustering.clusters[k];
			uint32_t j;

			for (j = 0; j < c->n; j++)
				if (c->members[j] == kept)
					assert_int_equal(c->canonical, kept);
		}
	}
}

/* A group of hand-made members; members and scores malloc'd. */
static ad_cluster group_of(const uint32_t *members, uint32_t n)
{
	ad_cluster g;
	uint32_t k;

	g.n = n;
	g.canonical = members[0];
	g.members = malloc(n * sizeof(*g.members));
	g.scores = malloc(n * sizeof(*g.scores));
	assert_non_null(g.members);
	assert_non_null(g.scores);
	for (k = 0; k < n; k++) {
		g.members[k] = members[k];
		g.scores[k] = 0.3;
	}
	return g;
}

/* A group of two units stands only on something a person can check
 * (descriptions that agree, sections that align); one of three units
 * stands on its linkage; agreement inside one variant cluster does not
 * count. The same on one worker thread as on four. */
static void prune_case(int jobs)
{
	static const uint32_t g0[] = {0, 1}, g1[] = {2, 3}, g2[] = {4, 5, 6},
			      g3[] = {7, 8, 9}, copy[] = {7, 8};
	ad_svec desc[10];
	ad_cluster gs[4], cl[1];
	ad_clustering roles = {gs, 4}, clusters = {cl, 1};
	ad_alignments none;
	ad_aligner al = {&none, NULL, NULL, 0};
	size_t i;

	memset(&none, 0, sizeof(none));
	desc[0] = fx_vec("1:1 2:1");
	desc[1] = fx_vec("2:1 3:20"); /* cosine 0.035 with 0 */
	desc[2] = fx_vec("4:1 5:1");
	desc[3] = fx_vec("4:1 6:1"); /* 0.5 with 2 */
	for (i = 4; i < 7; i++)
		desc[i] = fx_vec("");
	desc[7] = fx_vec("7:1");
	desc[8] = fx_vec("7:1"); /* 1 with 7, its copy */
	desc[9] = fx_vec("9:1");
	gs[0] = group_of(g0, 2);
	gs[1] = group_of(g1, 2);
	gs[2] = group_of(g2, 3);
	gs[3] = group_of(g3, 3);
	cl[0] = group_of(copy, 2);
	ad_roles_prune(&roles, &clusters, desc, &al, 10, jobs);
	assert_int_equal(roles.n, 2);
	assert_int_equal(roles.clusters[0].members[0], 2);
	assert_int_equal(roles.clusters[1].members[0], 4);
	for (i = 0; i < roles.n; i++) {
		free(roles.clusters[i].members);
		free(roles.clusters[i].scores);
	}
	free(cl[0].members);
	free(cl[0].scores);
}

static void test_roles__prune_two_units(void **state)
{
	(void)state;
	prune_case(1);
	prune_case(4);
}

/* The role set again with FORKS near-copies of one agent: forks make one
 * variant cluster, a single neighbour of the role join, so an agent
 * written apart for the same job stays among its nearest neighbours and
 * keeps a role score with it. (Joined as agents, the forks would fill
 * its nearest neighbours and hide every other agent.) */
#define FORKS 14

static char *fork_of(const char *text, size_t len, unsigned k)
{
	const char *name = strstr(text, "name:");
	const char *eol = name ? strchr(name, '\n') : NULL;
	size_t at;
	char *out;

	assert_non_null(eol);
	at = (size_t)(eol - text);
	out = malloc(len + 32);
	assert_non_null(out);
	memcpy(out, text, at); /* the name gets a suffix, as forks rename */
	at += (size_t)sprintf(out + at, "-fork%u", k);
	memcpy(out + at, eol, len - (size_t)(eol - text));
	out[at + len - (size_t)(eol - text)] = '\0';
	return out;
}

static void test_roles__forks_hide_no_job(void **state)
{
	const ad_collection *c = audit->collection;
	uint32_t a = doc("acme/.claude/agents/debugger.md");
	uint32_t b = doc("lab/root-cause-finder.md");
	size_t n = c->ndocs, d;
	ad_text *texts = calloc(n + FORKS, sizeof(*texts));
	char **bytes = calloc(n, sizeof(*bytes));
	char *owned[FORKS], path[FORKS][64], file[FX_PATH_MAX];
	uint32_t *before = role_index();
	ad_error err = AD_ERROR_INIT;
	ad_audit *au;
	unsigned k;

	(void)state;
	assert_true(texts && bytes);
	assert_true(before[a] && before[a] == before[b]);
	for (d = 0; d < n; d++) {
		snprintf(file, sizeof(file), SET "/%s", c->docs[d]->path);
		assert_int_equal(
			ad_text_read(&texts[d], &bytes[d], file, NULL, &err), 0);
		texts[d].path = c->docs[d]->path;
	}
	for (k = 0; k < FORKS; k++) {
		owned[k] = fork_of(texts[a].text, texts[a].len, k);
		snprintf(path[k], sizeof(path[k]), "forks%u/debugger.md", k);
		texts[n + k].path = path[k];
		texts[n + k].text = owned[k];
		texts[n + k].len = strlen(owned[k]);
	}
	au = fx_audit_texts(texts, n + FORKS);
	assert_true(fx_cluster_of(au, a) != NULL);
	assert_int_equal(fx_cluster_of(au, a)->n, FORKS + 1);
	assert_true(ad_audit_role_score(au, a, b) > 0.0);
	free(before);
	ad_audit_free(au);
	for (k = 0; k < FORKS; k++)
		free(owned[k]);
	for (d = 0; d < n; d++)
		free(bytes[d]);
	free(bytes);
	free(texts);
}

#define PRUNE_GROUPS 60
#define PRUNE_MOST 40 /* members of a group, at most */

/* Groups of two units (two variant clusters) of up to PRUNE_MOST
 * members, checked row by row on worker threads: a group stands when
 * some pair across its two clusters agrees, planted at a varied place
 * (next to the border of the two clusters too), and not when only pairs
 * inside one cluster do. Every group is checked against that plan, on
 * one thread and four. */
static void prune_rows_case(int jobs)
{
	static ad_svec desc[PRUNE_GROUPS * PRUNE_MOST];
	static ad_cluster gs[PRUNE_GROUPS], cl[2 * PRUNE_GROUPS];
	uint32_t members[PRUNE_MOST], d = 0, g, k, n, half;
	ad_clustering roles = {gs, PRUNE_GROUPS}, clusters = {cl, 0};
	uint8_t planted[PRUNE_GROUPS];
	ad_alignments none;
	ad_aligner al = {&none, NULL, NULL, 0};
	unsigned seed = 12345;
	char spec[32];
	size_t i, kept = 0;

	memset(&none, 0, sizeof(none));
	for (g = 0; g < PRUNE_GROUPS; g++) {
		uint32_t first = d, x, y;

		n = 4 + (seed = seed * 1103515245u + 12345u) / 65536 %
			(PRUNE_MOST - 3);
		half = n / 2;
		for (k = 0; k < n; k++, d++) {
			members[k] = d;
			snprintf(spec, sizeof(spec), "%u:1", d + 1);
			desc[d] = fx_vec(spec);
		}
		/* two agents of one cluster agree: no evidence */
		desc[first + 1] = desc[first];
		planted[g] = g % 2 == 0;
		if (planted[g]) { /* one pair across, late in the rows */
			x = g % 4 == 0 ? half - 1 : (uint32_t)(g % half);
			y = g % 4 == 0 ? n - 1 : half + (uint32_t)(g % (n - half));
			desc[first + y] = desc[first + x];
		}
		gs[g] = group_of(members, n);
		cl[clusters.n++] = group_of(members, half);
		cl[clusters.n++] = group_of(members + half, n - half);
	}
	ad_roles_prune(&roles, &clusters, desc, &al, d, jobs);
	for (g = 0; g < PRUNE_GROUPS; g++)
		kept += planted[g];
	assert_int_equal(roles.n, kept);
	for (i = 0, g = 0; g < PRUNE_GROUPS; g++) {
		if (!planted[g])
			continue;
		assert_int_equal(roles.clusters[i].n >= 4, 1);
		assert_true(roles.clusters[i].members[0] ==
			    cl[2 * g].members[0]);
		i++;
	}
	for (i = 0; i < roles.n; i++) {
		free(roles.clusters[i].members);
		free(roles.clusters[i].scores);
	}
	for (i = 0; i < clusters.n; i++) {
		free(cl[i].members);
		free(cl[i].scores);
	}
}

static void test_roles__prune_rows_on_threads(void **state)
{
	(void)state;
	prune_rows_case(1);
	prune_rows_case(4);
}

/* The frame's words, first and last lines of the list among them, and
 * no word that only begins or ends like one; the list fits the table
 * ad_role_framed() reads it into. */
static void test_roles__frame_words(void **state)
{
	(void)state;
	assert_true(ad_role_frame_lines() > 50);
	assert_true(ad_role_frame_lines() < 512);
	assert_true(ad_role_framed("agent"));
	assert_true(ad_role_framed("proactively"));
	assert_true(ad_role_framed("\xe5\x8a\xa9\xe6\x89\x8b")); /* the last */
	assert_false(ad_role_framed("agen"));
	assert_false(ad_role_framed("agents2"));
	assert_false(ad_role_framed("database"));
	assert_false(ad_role_framed("# The frame"));
}

static void same_list(const uint32_t *a, const uint32_t *b, uint32_t n)
{
	if (n)
		assert_memory_equal(a, b, n * sizeof(*a));
}

/* The role groups' merge lists made a group at a time (their members'
 * matches with the kept one held for one group only) are those made in
 * one batch, list for list: on the roles set, and on the demo corpus,
 * where a member's sections match the kept one's (so that a batch that
 * did not align its own members would list them all as missing). */
static void plans_in_batches(const char *set)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *one, *each;
	size_t i;
	uint32_t k;

	assert_int_equal(fx_audit_path(&one, set, NULL), 0);
	o.plan_batch = 1; /* every group a batch of its own */
	assert_int_equal(fx_audit_path(&each, set, &o), 0);
	assert_true(one->roles.n > 1);
	assert_int_equal(each->role_plan.n, one->role_plan.n);
	for (i = 0; i < one->roles.n; i++) {
		const ad_cluster *c = &one->roles.clusters[i];
		const ad_cluster_plan *p = &one->role_plan.clusters[i];
		const ad_cluster_plan *q = &each->role_plan.clusters[i];

		assert_int_equal(each->roles.clusters[i].n, c->n);
		assert_string_equal(q->reason, p->reason);
		for (k = 1; k < c->n; k++) {
			const ad_merge *m = &p->merge[k], *n = &q->merge[k];

			assert_int_equal(n->nrules, m->nrules);
			assert_int_equal(n->nsections, m->nsections);
			assert_int_equal(n->variant_of, m->variant_of);
			same_list(n->rules, m->rules, m->nrules);
			same_list(n->support, m->support, m->nrules);
			same_list(n->sections, m->sections, m->nsections);
			same_list(n->section_rules, m->section_rules,
				  m->nsections);
		}
	}
	ad_audit_free(each);
	ad_audit_free(one);
}

static void test_roles__plans_in_batches(void **state)
{
	(void)state;
	plans_in_batches(SET);
	plans_in_batches(AD_SOURCE_DIR "/corpus");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles__labelled),
		cmocka_unit_test(test_roles__near_misses_apart),
		cmocka_unit_test(test_roles__clusters_inside),
		cmocka_unit_test(test_roles__plans_ranked),
		cmocka_unit_test(test_roles__plans_in_batches),
		cmocka_unit_test(test_roles__variants_listed_once),
		cmocka_unit_test(test_roles__keep_what_clusters_keep),
		cmocka_unit_test(test_roles__forks_hide_no_job),
		cmocka_unit_test(test_roles__frame_words),
		cmocka_unit_test_setup_teardown(test_roles__prune_two_units,
						fx_arena_setup,
						fx_arena_teardown),
		cmocka_unit_test_setup_teardown(
			test_roles__prune_rows_on_threads, fx_arena_setup,
			fx_arena_teardown),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
