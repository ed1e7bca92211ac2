/*
 * test_drift.c - drift between two snapshots: moves (exact and with
 * edits), rules added, removed and reworded, frontmatter changes, and
 * what must not be reported.
 *
 * One collection is recorded twice, as it was (v1) and as it became (v2),
 * in a store in a temporary folder; the drift of v1 -> v2 is computed
 * once, and each test looks at one agent of it; one test computes it again
 * keeping the texts, as the HTML page asks, and writes the page's data.
 */
#include "fixture.h"

#include "agentdup/drift.h"
#include "agentdup/report.h"
#include "agentdup/store.h"
#include "report/drift_data.h"
#include "store/store_read.h"

#define HEAD(name, desc, tools)                                              \
	"---\nname: " name "\ndescription: " desc "\ntools: " tools "\n---\n"

/* Moved as is. */
#define DEPLOYER                                                             \
	HEAD("deployer", "Deploys services to the staging cluster", "Bash")  \
	"# Deployment\n\n"                                                   \
	"- Check the cluster context before every command\n"                 \
	"- Roll back at once when health checks fail\n"

/* Left alone. */
#define WRITER                                                               \
	HEAD("writer", "Writes release notes from the changelog", "Read")    \
	"# Steps\n\n"                                                        \
	"1. Read the changelog since the last release\n"                     \
	"2. Group the changes by user impact\n"

static const fx_file v1[] = {
	{"deployer.md", DEPLOYER},
	{"writer.md", WRITER},
	{"translator.md",
	 HEAD("translator", "Translates interface strings to German",
	      "Read, Write")
	 "# Translation rules\n\n"
	 "- Keep placeholders such as {name} exactly as they are\n"
	 "- Use the formal form of address in German\n"
	 "- Ask when a string has no context\n"},
	{"reviewer.md",
	 HEAD("reviewer", "Reviews pull requests for correctness", "Read, Grep")
	 "# Review rules\n\n"
	 "- Always run the full test suite before approving a change\n"
	 "- Never approve a pull request that lowers test coverage\n"
	 "- Point out unclear names and suggest better ones\n"},
	{"legacy.md",
	 HEAD("legacy", "Migrates Python 2 scripts to Python 3", "Read")
	 "# Migration\n\n"
	 "- Replace print statements with print calls\n"},
};

static const fx_file v2[] = {
	{"ops/deployer.md", DEPLOYER},
	{"writer.md", WRITER},
	{"lang/translator.md",
	 HEAD("translator", "Translates interface strings to German",
	      "Read, Write")
	 "# Translation rules\n\n"
	 "- Keep placeholders such as {name} exactly as they are\n"
	 "- Use the formal form of address in German\n"
	 "- Ask the developers when a string has no context\n"
	 "- Never translate product names\n"},
	{"reviewer.md",
	 HEAD("reviewer", "Reviews pull requests for correctness",
	      "Read, Grep, Bash")
	 "# Review rules\n\n"
	 "- Always run the complete test suite before approving any change\n"
	 "- Point out unclear names and suggest better ones\n"
	 "- Ask for a test that reproduces every fixed bug\n"},
	{"oncall.md",
	 HEAD("oncall", "Triages pager alerts during on-call shifts", "Bash")
	 "# Triage\n\n"
	 "- Acknowledge the alert within five minutes\n"},
};

typedef struct ctx {
	char dir[FX_PATH_MAX];
	char db[FX_PATH_MAX + 16];
	ad_drift *drift;
} ctx;

static int setup(void **state)
{
	ctx *c = calloc(1, sizeof(*c));
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;

	assert_non_null(c);
	fx_tmpdir(c->dir, sizeof(c->dir), "drift");
	snprintf(c->db, sizeof(c->db), "%s/store.db", c->dir);
	assert_int_equal(ad_store_open(&s, c->db, &err), 0);
	fx_record_snapshot(s, c->dir, "v1", v1, sizeof(v1) / sizeof(*v1));
	fx_record_snapshot(s, c->dir, "v2", v2, sizeof(v2) / sizeof(*v2));
	if (ad_drift_run(&c->drift, s, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	ad_store_close(s);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	ctx *c = *state;
	int rc;

	ad_drift_free(c->drift);
	rc = fx_rmtree(c->dir);
	free(c);
	return rc;
}

/* The reported agent at path (newer path for a move), or NULL. */
static const ad_drift_agent *find(const ad_drift *d, const char *path)
{
	size_t i;

	for (i = 0; i < d->nagents; i++)
		if (strcmp(d->agents[i].path, path) == 0)
			return &d->agents[i];
	return NULL;
}

static const ad_drift_agent *get(void **state, const char *path)
{
	const ad_drift_agent *a = find(((ctx *)*state)->drift, path);

	if (!a)
		fail_msg("no drift reported for %s", path);
	return a;
}

/* The rule change of a with op and the given new (or, for '-', old)
 * text, or NULL. */
static const ad_drift_rule *rule(const ad_drift_agent *a, char op,
				 const char *text)
{
	size_t i;

	for (i = 0; i < a->nrules; i++) {
		const ad_drift_rule *r = &a->rules[i];
		const char *t = op == '-' ? r->old_text : r->new_text;

		if (r->op == op && t && strcmp(t, text) == 0)
			return r;
	}
	return NULL;
}

static void test_drift__labels_default_to_the_last_two(void **state)
{
	const ad_drift *d = ((ctx *)*state)->drift;

	assert_string_equal(d->from, "v1");
	assert_string_equal(d->to, "v2");
	assert_int_equal(d->from_agents, 5);
	assert_int_equal(d->to_agents, 5);
}

static void test_drift__exact_move(void **state)
{
	const ad_drift_agent *a = get(state, "ops/deployer.md");

	assert_int_equal(a->kind, AD_DRIFT_MOVED);
	assert_true(a->exact);
	assert_string_equal(a->old_path, "deployer.md");
	assert_int_equal(a->nrules, 0);
	assert_int_equal(((ctx *)*state)->drift->moved_exact, 1);
}

static void test_drift__move_with_edits(void **state)
{
	const ad_drift_agent *a = get(state, "lang/translator.md");

	assert_int_equal(a->kind, AD_DRIFT_MOVED);
	assert_false(a->exact);
	assert_string_equal(a->old_path, "translator.md");
	assert_true(a->similarity > 0.5 && a->similarity < 1.0);
	assert_true(fabs(a->drift - (1.0 - a->similarity)) < 1e-12);
	assert_int_equal(((ctx *)*state)->drift->moved_edited, 1);
	/* a move with edits is described like a change */
	assert_non_null(rule(a, '+', "Never translate product names"));
}

static void test_drift__reworded_rule(void **state)
{
	const ad_drift_agent *a = get(state, "reviewer.md");
	const ad_drift_rule *r = rule(a, '~',
				      "Always run the complete test suite "
				      "before approving any change");

	assert_int_equal(a->kind, AD_DRIFT_CHANGED);
	assert_non_null(r);
	assert_string_equal(r->old_text, "Always run the full test suite "
					 "before approving a change");
	assert_true(r->score >= 0.5 && r->score < 1.0);
	/* the reworded rule is neither added nor removed */
	assert_null(rule(a, '-', "Always run the full test suite before "
				 "approving a change"));
}

static void test_drift__added_and_removed_rule(void **state)
{
	const ad_drift_agent *a = get(state, "reviewer.md");

	assert_non_null(rule(a, '+', "Ask for a test that reproduces every "
				     "fixed bug"));
	assert_non_null(rule(a, '-', "Never approve a pull request that "
				     "lowers test coverage"));
	/* a rule kept as is is no change */
	assert_null(rule(a, '+', "Point out unclear names and suggest better "
				 "ones"));
	assert_int_equal(a->nrules, 3);
	assert_true(a->drift > 0.0 && a->drift < 0.5);
}

static void test_drift__tools_change_flagged(void **state)
{
	const ad_drift_agent *a = get(state, "reviewer.md");

	assert_true(a->flagged);
	assert_int_equal(a->nfields, 1);
	assert_string_equal(a->fields[0].key, "tools");
	assert_string_equal(a->fields[0].old_value, "Read, Grep");
	assert_string_equal(a->fields[0].new_value, "Read, Grep, Bash");
	assert_true(a->fields[0].flagged);
	assert_false(get(state, "lang/translator.md")->flagged);
}

static void test_drift__unchanged_not_reported(void **state)
{
	const ad_drift *d = ((ctx *)*state)->drift;

	assert_null(find(d, "writer.md"));
	assert_int_equal(d->unchanged, 1);
}

static void test_drift__removed_and_added_agent(void **state)
{
	const ad_drift *d = ((ctx *)*state)->drift;

	assert_int_equal(get(state, "legacy.md")->kind, AD_DRIFT_REMOVED);
	assert_int_equal(get(state, "oncall.md")->kind, AD_DRIFT_ADDED);
	assert_int_equal(d->added, 1);
	assert_int_equal(d->removed, 1);
	assert_int_equal(d->changed, 1);
	/* moved, added, removed, changed; by path within a kind */
	assert_int_equal(d->nagents, 5);
	assert_int_equal(d->agents[0].kind, AD_DRIFT_MOVED);
	assert_string_equal(d->agents[0].path, "lang/translator.md");
	assert_int_equal(d->agents[4].kind, AD_DRIFT_CHANGED);
}

/* Two added rules close to one removed: the closer takes it. */
static void test_drift__reword_best_first(void **state)
{
	static const fx_file g1[] = {
		{"tester.md", HEAD("tester", "Runs tests", "Bash")
		 "# Rules\n\n"
		 "- Run the unit tests before every commit\n"},
	};
	static const fx_file g2[] = {
		{"tester.md", HEAD("tester", "Runs tests", "Bash")
		 "# Rules\n\n"
		 /* Jaccard 7/10 with the old rule, then 6/8 */
		 "- Always run all the unit tests before every single commit\n"
		 "- Run the unit tests before every push\n"},
	};
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	ad_drift *d = NULL;
	const ad_drift_agent *a;

	assert_int_equal(ad_store_open(&s, c->db, &err), 0);
	fx_record_snapshot(s, c->dir, "g1", g1, 1);
	fx_record_snapshot(s, c->dir, "g2", g2, 1);
	assert_int_equal(ad_drift_run(&d, s, NULL, &err), 0);
	assert_int_equal(d->nagents, 1);
	a = &d->agents[0];
	assert_non_null(rule(a, '~', "Run the unit tests before every push"));
	assert_non_null(rule(a, '+', "Always run all the unit tests before "
				     "every single commit"));
	ad_drift_free(d);
	ad_store_close(s);
}

static void test_drift__labels(void **state)
{
	ctx *c = *state;
	ad_drift_opts o = AD_DRIFT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	ad_drift *d = NULL;

	assert_int_equal(ad_store_open(&s, c->db, &err), 0);
	o.from = "v2";
	o.to = "v2";
	assert_int_equal(ad_drift_run(&d, s, &o, &err), 0);
	assert_int_equal(d->nagents, 0);
	assert_int_equal(d->unchanged, 5);
	ad_drift_free(d);
	o.from = "v0";
	assert_int_equal(ad_drift_run(&d, s, &o, &err), AD_EINVAL);
	assert_null(d);
	o.from = NULL;
	o.to = "v1"; /* nothing before it */
	assert_int_equal(ad_drift_run(&d, s, &o, &err), AD_ENOTFOUND);
	ad_store_close(s);
}

static void test_drift__too_few_snapshots(void **state)
{
	ctx *c = *state;
	char db[FX_PATH_MAX + 16];
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	ad_drift *d = NULL;

	snprintf(db, sizeof(db), "%s/empty.db", c->dir);
	assert_int_equal(ad_store_open(&s, db, &err), 0);
	assert_int_equal(ad_drift_run(&d, s, NULL, &err), AD_ENOTFOUND);
	assert_null(d);
	assert_non_null(strstr(err.msg, "drift needs two"));
	ad_store_close(s);
}

/* How often needle occurs in hay. */
static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The drift page's data of d (drift_data.c): the main part with the
 * agents, then the chunk of versions with both versions of the reviewer,
 * a kept rule written once for the two, the rewording named by the newer
 * rule's number with its score. */
static void page_data(const ad_drift *d)
{
	ad_buf b = AD_BUF_INIT;

	ad_drift_data(&b, d, 100);
	assert_non_null(strstr(b.ptr, "\"from\":\"v1\",\"to\":\"v2\""));
	assert_non_null(strstr(b.ptr, "\"chunk\":100,\"nversions\":2,"));
	assert_non_null(strstr(b.ptr, "\"name\":["));
	assert_null(strstr(b.ptr, "\"versions\""));
	ad_buf_clear(&b);
	ad_drift_data_versions(&b, d, 0, 100);
	assert_non_null(strstr(b.ptr, "{\"first\":0,\"versions\":[{\"a\":"));
	assert_int_equal(occurrences(b.ptr, "\"Point out unclear names and "
					    "suggest better ones\""), 1);
	assert_non_null(strstr(b.ptr, "\"rew\":[0,0."));
	ad_buf_dispose(&b);
}

/* With opts.texts: names for every kind, both versions of a described
 * agent with its sections and rules placed, and the rules paired as the
 * drift paired them (kept, reworded; removed has no mate). */
static void test_drift__texts_kept(void **state)
{
	ctx *c = *state;
	ad_drift_opts o = AD_DRIFT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	ad_drift *d = NULL;
	const ad_drift_agent *a;
	const ad_store_blob *x, *y;

	o.from = "v1"; /* other tests add snapshots after these */
	o.to = "v2";
	o.texts = 1;
	o.clusters = 0;
	assert_int_equal(ad_store_open(&s, c->db, &err), 0);
	if (ad_drift_run(&d, s, &o, &err) != 0)
		fail_msg("%s", err.msg);
	ad_store_close(s);
	assert_string_equal(find(d, "oncall.md")->name, "oncall");
	assert_string_equal(find(d, "legacy.md")->name, "legacy");
	assert_null(find(d, "ops/deployer.md")->old_text); /* exact move */
	a = find(d, "reviewer.md");
	assert_non_null(a);
	assert_non_null(a->old_text);
	assert_non_null(a->new_text);
	assert_non_null(a->old_mates);
	x = a->old_text;
	y = a->new_text;
	assert_int_equal(x->nrules, 3);
	assert_int_equal(y->nrules, 3);
	assert_true(x->rules[0].section >= 0 &&
		    (size_t)x->rules[0].section < x->nsections);
	assert_string_equal(x->sections[x->rules[0].section].path,
			    "Review rules");
	assert_int_equal(x->sections[x->rules[0].section].level, 1);
	assert_true(x->sections[x->rules[0].section].line > 0);
	assert_int_equal(a->old_mates[0], 1); /* reworded as the first */
	assert_int_equal(a->old_mates[1], 0); /* removed */
	assert_int_equal(a->old_mates[2], 2); /* kept as the second */
	assert_string_equal(y->rules[1].text, x->rules[2].text);
	page_data(d);
	ad_drift_free(d);
}

static void test_drift__text_report(void **state)
{
	ad_buf out = AD_BUF_INIT;

	ad_report_drift_text(&out, ((ctx *)*state)->drift, NULL, 0);
	assert_non_null(strstr(out.ptr, "drift v1 -> v2: 5 -> 5 agents: 2 "
					"moved (1 exact, 1 with edits), 1 "
					"added, 1 removed, 1 changed, 1 "
					"unchanged\n"));
	assert_non_null(strstr(out.ptr, "  deployer.md -> ops/deployer.md  "
					"exact\n"));
	assert_non_null(strstr(out.ptr, "    rule ~ Ask when a string has no "
					"context -> Ask the developers when a "
					"string has no context  ("));
	assert_non_null(strstr(out.ptr, "    field tools: Read, Grep -> "
					"Read, Grep, Bash  [flagged]\n"));
	ad_buf_dispose(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drift__labels_default_to_the_last_two),
		cmocka_unit_test(test_drift__exact_move),
		cmocka_unit_test(test_drift__move_with_edits),
		cmocka_unit_test(test_drift__reworded_rule),
		cmocka_unit_test(test_drift__added_and_removed_rule),
		cmocka_unit_test(test_drift__tools_change_flagged),
		cmocka_unit_test(test_drift__unchanged_not_reported),
		cmocka_unit_test(test_drift__removed_and_added_agent),
		cmocka_unit_test(test_drift__reword_best_first),
		cmocka_unit_test(test_drift__labels),
		cmocka_unit_test(test_drift__too_few_snapshots),
		cmocka_unit_test(test_drift__text_report),
		cmocka_unit_test(test_drift__texts_kept),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
