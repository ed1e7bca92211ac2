/*
 * test_history.c - one agent across the snapshots of a store: states,
 * paths through a move, drift where edited and none where not, rule
 * changes, a removal and a return, the summary, and how a name resolves
 * (path, suffix, file, frontmatter name, ambiguous, unknown).
 *
 * One small collection is recorded four times (s1..s4) in a store in a
 * temporary folder; each test asks for one agent's history. The history
 * and its store are freed by each test; the folder by the teardown.
 */
#include "fixture.h"

#include "agentdup/history.h"
#include "agentdup/report.h"
#include "agentdup/store.h"

#define HEAD(name, tools)                                                    \
	"---\nname: " name "\ndescription: An agent\ntools: " tools "\n---\n"

#define REVIEW_RULES                                                         \
	"# Review rules\n\n"                                                 \
	"- Point out unclear names and suggest better ones\n"                \
	"- Never approve a pull request that lowers test coverage\n"

#define REVIEWER_1 HEAD("reviewer", "Read") REVIEW_RULES                     \
	"- Always run the full test suite before approving a change\n"
/* s2: two rules added, a tool added */
#define REVIEWER_2 HEAD("reviewer", "Read, Bash") REVIEW_RULES               \
	"- Always run the full test suite before approving a change\n"      \
	"- Ask for a test that reproduces every fixed bug\n"                \
	"- Keep review comments short and kind\n"
/* s3: moved to quality/, a rule reworded */
#define REVIEWER_3 HEAD("reviewer", "Read, Bash") REVIEW_RULES               \
	"- Always run the complete test suite before approving any change\n" \
	"- Ask for a test that reproduces every fixed bug\n"                \
	"- Keep review comments short and kind\n"

#define WRITER                                                               \
	HEAD("release-writer", "Read")                                       \
	"# Steps\n\n"                                                        \
	"1. Read the changelog since the last release\n"                     \
	"2. Group the changes by user impact\n"

#define LEGACY_1                                                             \
	HEAD("legacy", "Read")                                               \
	"# Migration\n\n"                                                    \
	"- Replace print statements with print calls\n"
/* back in s3 with one more rule */
#define LEGACY_3 LEGACY_1 "- Replace dict.iteritems with dict.items\n"

#define TESTER(what)                                                         \
	HEAD("tester", "Bash")                                               \
	"# Tests\n\n"                                                        \
	"- Run the " what " tests before every merge\n"

static const fx_file s1[] = {
	{"reviewer.md", REVIEWER_1},
	{"writer.md", WRITER},
	{"legacy.md", LEGACY_1},
	{"unit/tester.md", TESTER("unit")},
};

static const fx_file s2[] = {
	{"reviewer.md", REVIEWER_2},
	{"writer.md", WRITER},
	{"unit/tester.md", TESTER("unit")},
	{"tests/e2e/tester.md", TESTER("browser end-to-end")},
};

static const fx_file s3[] = {
	{"quality/reviewer.md", REVIEWER_3},
	{"writer.md", WRITER},
	{"legacy.md", LEGACY_3},
	{"unit/tester.md", TESTER("unit")},
	{"tests/e2e/tester.md", TESTER("browser end-to-end")},
};

typedef struct ctx {
	char dir[FX_PATH_MAX];
	char db[FX_PATH_MAX + 16];
} ctx;

static int setup(void **state)
{
	ctx *c = calloc(1, sizeof(*c));
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;

	assert_non_null(c);
	fx_tmpdir(c->dir, sizeof(c->dir), "history");
	snprintf(c->db, sizeof(c->db), "%s/store.db", c->dir);
	assert_int_equal(ad_store_open(&s, c->db, &err), 0);
	fx_record_snapshot(s, c->dir, "s1", s1, sizeof(s1) / sizeof(*s1));
	fx_record_snapshot(s, c->dir, "s2", s2, sizeof(s2) / sizeof(*s2));
	fx_record_snapshot(s, c->dir, "s3", s3, sizeof(s3) / sizeof(*s3));
	fx_record_snapshot(s, c->dir, "s4", s3, sizeof(s3) / sizeof(*s3)); /* as s3 */
	ad_store_close(s);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	ctx *c = *state;
	int rc = fx_rmtree(c->dir);

	free(c);
	return rc;
}

/* The history of agent, which must succeed. */
static ad_history *history(void **state, const char *agent)
{
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	ad_history *h = NULL;

	assert_int_equal(ad_store_open(&s, ((ctx *)*state)->db, &err), 0);
	if (ad_history_run(&h, s, agent, NULL, &err) != 0)
		fail_msg("%s: %s", agent, err.msg);
	ad_store_close(s);
	assert_int_equal(h->nentries, 4);
	return h;
}

/* The code and message of a history that must fail. */
static int history_error(void **state, const char *agent, ad_error *err)
{
	ad_store *s = NULL;
	ad_history *h = NULL;
	int rc;

	assert_int_equal(ad_store_open(&s, ((ctx *)*state)->db, err), 0);
	rc = ad_history_run(&h, s, agent, NULL, err);
	assert_null(h);
	ad_store_close(s);
	return rc;
}

static void assert_states(const ad_history *h, ad_history_state a,
			  ad_history_state b, ad_history_state c,
			  ad_history_state d)
{
	const ad_history_state want[] = {a, b, c, d};
	size_t j;

	for (j = 0; j < 4; j++)
		if (h->entries[j].state != want[j])
			fail_msg("s%zu: %s, expected %s", j + 1,
				 ad_history_state_name(h->entries[j].state),
				 ad_history_state_name(want[j]));
}

static const ad_drift_rule *rule(const ad_history_entry *e, char op,
				 const char *text)
{
	size_t i;

	for (i = 0; i < e->change.nrules; i++) {
		const ad_drift_rule *r = &e->change.rules[i];
		const char *t = op == '-' ? r->old_text : r->new_text;

		if (r->op == op && t && strcmp(t, text) == 0)
			return r;
	}
	return NULL;
}

/* Edited in s2, moved with edits in s3, left alone in s4. */
static void test_history__edited_then_moved(void **state)
{
	ad_history *h = history(state, "reviewer.md");
	const ad_history_entry *e = h->entries;

	assert_int_equal(h->match, AD_HISTORY_BY_PATH);
	assert_states(h, AD_HISTORY_ADDED, AD_HISTORY_CHANGED,
		      AD_HISTORY_MOVED, AD_HISTORY_UNCHANGED);
	assert_false(e[0].compared);
	assert_string_equal(e[1].path, "reviewer.md");
	assert_true(e[1].edited && e[1].drift > 0.0);
	assert_non_null(rule(&e[1], '+', "Ask for a test that reproduces "
					 "every fixed bug"));
	assert_true(e[1].change.flagged); /* tools: Read -> Read, Bash */
	assert_string_equal(e[2].old_path, "reviewer.md");
	assert_string_equal(e[2].path, "quality/reviewer.md");
	assert_true(e[2].drift > 0.0 && e[2].drift < 0.5);
	assert_non_null(rule(&e[2], '~', "Always run the complete test suite "
					 "before approving any change"));
	assert_false(e[2].change.flagged);
	assert_true(e[3].compared && !e[3].edited);
	assert_true(e[3].drift == 0.0);
	assert_int_equal(e[1].change.nrules, 2);
	assert_int_equal(e[3].nrules, 5);
	assert_int_equal(e[0].nrules, 3);
	assert_string_equal(e[2].hash, e[3].hash);
	ad_history_free(h);
}

static void test_history__summary(void **state)
{
	ad_history *h = history(state, "reviewer.md");

	assert_int_equal(h->first, 0);
	assert_int_equal(h->last, 3);
	assert_int_equal(h->versions, 3);
	assert_true(h->total_drift > h->entries[2].drift);
	assert_int_equal(h->npaths, 2);
	assert_string_equal(h->paths[0], "reviewer.md");
	assert_string_equal(h->paths[1], "quality/reviewer.md");
	/* only s2 -> s3, where the path leaves, is compared whole */
	assert_int_equal(h->drift_runs, 1);
	ad_history_free(h);
}

/* Named by its newest path, the agent is followed back through the
 * move to the same history. */
static void test_history__followed_back(void **state)
{
	ad_history *h = history(state, "quality/reviewer.md");

	assert_int_equal(h->match, AD_HISTORY_BY_PATH);
	assert_states(h, AD_HISTORY_ADDED, AD_HISTORY_CHANGED,
		      AD_HISTORY_MOVED, AD_HISTORY_UNCHANGED);
	assert_string_equal(h->entries[0].path, "reviewer.md");
	assert_int_equal(h->versions, 3);
	ad_history_free(h);
}

static void test_history__removed_and_back(void **state)
{
	ad_history *h = history(state, "legacy.md");
	const ad_history_entry *e = h->entries;

	assert_states(h, AD_HISTORY_ADDED, AD_HISTORY_REMOVED,
		      AD_HISTORY_ADDED, AD_HISTORY_UNCHANGED);
	assert_string_equal(e[1].path, "legacy.md"); /* where it was */
	assert_string_equal(e[1].hash, "");
	/* back with a rule more: compared with the version removed */
	assert_true(e[2].compared && e[2].edited && e[2].drift > 0.0);
	assert_non_null(rule(&e[2], '+', "Replace dict.iteritems with "
					 "dict.items"));
	assert_int_equal(e[2].change.nrules, 1);
	assert_int_equal(h->versions, 2);
	assert_int_equal(h->npaths, 1);
	ad_history_free(h);
}

static void test_history__unchanged_by_name(void **state)
{
	ad_history *h = history(state, "Release-Writer");
	size_t j;

	assert_int_equal(h->match, AD_HISTORY_BY_NAME);
	assert_states(h, AD_HISTORY_ADDED, AD_HISTORY_UNCHANGED,
		      AD_HISTORY_UNCHANGED, AD_HISTORY_UNCHANGED);
	for (j = 0; j < 4; j++)
		assert_true(h->entries[j].drift == 0.0);
	assert_int_equal(h->versions, 1);
	assert_true(h->total_drift == 0.0);
	assert_int_equal(h->drift_runs, 0);
	ad_history_free(h);
}

static void test_history__by_file_and_suffix(void **state)
{
	ad_history *h = history(state, "reviewer");

	/* reviewer.md, then quality/reviewer.md: one agent */
	assert_int_equal(h->match, AD_HISTORY_BY_FILE);
	assert_string_equal(h->entries[3].path, "quality/reviewer.md");
	assert_string_equal(h->entries[0].path, "reviewer.md");
	ad_history_free(h);
	h = history(state, "e2e/tester.md");
	assert_int_equal(h->match, AD_HISTORY_BY_SUFFIX);
	assert_states(h, AD_HISTORY_ABSENT, AD_HISTORY_ADDED,
		      AD_HISTORY_UNCHANGED, AD_HISTORY_UNCHANGED);
	assert_null(h->entries[0].path);
	assert_int_equal(h->first, 1);
	ad_history_free(h);
}

static void test_history__ambiguous(void **state)
{
	ad_error err = AD_ERROR_INIT;

	assert_int_equal(history_error(state, "tester.md", &err), AD_EINVAL);
	assert_non_null(strstr(err.msg, "tester.md names more than one agent"));
	assert_non_null(strstr(err.msg, "tests/e2e/tester.md, unit/tester.md"));
	assert_int_equal(history_error(state, "tester", &err), AD_EINVAL);
	/* a recorded path is never ambiguous */
	ad_history_free(history(state, "unit/tester.md"));
}

static void test_history__not_found(void **state)
{
	ctx *c = *state;
	char db[FX_PATH_MAX + 16];
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	ad_history *h = NULL;

	assert_int_equal(history_error(state, "nobody", &err), AD_ENOTFOUND);
	assert_non_null(strstr(err.msg, "nobody"));
	snprintf(db, sizeof(db), "%s/empty.db", c->dir);
	assert_int_equal(ad_store_open(&s, db, &err), 0);
	assert_int_equal(ad_history_run(&h, s, "writer.md", NULL, &err),
			 AD_ENOTFOUND);
	assert_null(h);
	ad_store_close(s);
}

static void test_history__text_report(void **state)
{
	ad_history *h = history(state, "reviewer.md");
	ad_buf out = AD_BUF_INIT;

	ad_report_history_text(&out, h, 1);
	assert_non_null(strstr(out.ptr, "history of reviewer.md (by path): 3 "
					"versions in 4 of 4 snapshots, first "
					"seen s1, last seen s4, total drift "));
	assert_non_null(strstr(out.ptr, "\npaths: reviewer.md, "
					"quality/reviewer.md\n"));
	assert_non_null(strstr(out.ptr, "\n  s3  moved      reviewer.md -> "
					"quality/reviewer.md  "));
	/* rule texts are list items, not a section's prose */
	assert_non_null(strstr(out.ptr, "  sections +0 -0 ~0  rules +0 -0 ~1"
					"\n    rule ~ Always run the full"));
	/* cut at one rule a version */
	assert_non_null(strstr(out.ptr, "rules +2 -0 ~0  [tools/model "
					"changed]\n"));
	assert_non_null(strstr(out.ptr, "    ... and 1 more rule changes\n"));
	assert_non_null(strstr(out.ptr, "    field tools: Read -> Read, Bash"
					"  [flagged]\n"));
	ad_buf_dispose(&out);
	ad_history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history__edited_then_moved),
		cmocka_unit_test(test_history__summary),
		cmocka_unit_test(test_history__followed_back),
		cmocka_unit_test(test_history__removed_and_back),
		cmocka_unit_test(test_history__unchanged_by_name),
		cmocka_unit_test(test_history__by_file_and_suffix),
		cmocka_unit_test(test_history__ambiguous),
		cmocka_unit_test(test_history__not_found),
		cmocka_unit_test(test_history__text_report),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
