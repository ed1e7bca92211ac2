/*
 * Unit tests of collide.c, end to end through ad_audit_run() on a small
 * collection written to a temporary folder:
 *   - test-writer twice, two different agents (other headings, other
 *     rules): a name collision;
 *   - docs-writer and documentation-writer, one body under two names:
 *     the same body;
 *   - deploy-helper copied with Bash added to its tools, schema-reviewer
 *     copied with another model and one rule reworded: forks;
 *   - bug-triager and ticket-router, one description on two different
 *     bodies: a description collision;
 *   - sql-optimizer and ux-copywriter, unrelated: nothing;
 *   - link-checker twice, its tools in another order: nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "agentdup/audit.h"
#include "agentdup/buf.h"
#include "analysis/collide.h"

#include "fixture.h"

static const char test_writer[] =
	"---\n"
	"name: test-writer\n"
	"description: Writes unit tests for new or changed functions, using "
	"the project's test framework.\n"
	"tools: Read, Write, Bash\n"
	"model: sonnet\n"
	"---\n"
	"\n"
	"## Test Design\n"
	"- Cover the normal case, the edge cases and one failure case per "
	"function.\n"
	"- Name each test after the behaviour it checks.\n"
	"- Keep one assertion topic per test.\n"
	"\n"
	"## Fixtures\n"
	"- Build inputs in the test itself; avoid shared mutable fixtures.\n"
	"- Use temporary directories for anything that touches the "
	"filesystem.\n"
	"\n"
	"## Running\n"
	"- Run the whole suite before reporting success.\n"
	"- Paste the failing output when a test does not pass.\n";

static const char test_writer_legacy[] =
	"---\n"
	"name: test-writer\n"
	"description: Drafts manual QA test plans and acceptance checklists "
	"for product releases.\n"
	"tools: Read, Write\n"
	"model: haiku\n"
	"---\n"
	"\n"
	"## Release Checklist\n"
	"- List every user-facing feature touched by the release.\n"
	"- Write one acceptance scenario per feature in Given/When/Then "
	"form.\n"
	"\n"
	"## Devices and Browsers\n"
	"- Cover the two latest versions of Chrome, Safari and Firefox.\n"
	"- Include one low-end Android phone.\n"
	"\n"
	"## Sign-off\n"
	"- Record who executed each scenario and when.\n"
	"- Block the release on any failed scenario marked critical.\n";

#define DOCS_BODY                                                             \
	"description: Writes and updates developer documentation: READMEs, "  \
	"guides and API references.\n"                                        \
	"tools: Read, Write, Edit\n"                                          \
	"model: sonnet\n"                                                     \
	"---\n"                                                               \
	"\n"                                                                  \
	"## Audience\n"                                                       \
	"- Ask who will read the page before writing it.\n"                   \
	"- Assume the reader knows the language but not the project.\n"       \
	"\n"                                                                  \
	"## Structure\n"                                                      \
	"- Open with what the project does in one sentence.\n"                \
	"- Put installation before configuration, and configuration before "  \
	"reference.\n"                                                        \
	"- Give every code sample a sentence that says what it shows.\n"      \
	"\n"                                                                  \
	"## Maintenance\n"                                                    \
	"- Update the docs in the same change as the code.\n"                 \
	"- Delete pages that describe removed features.\n"

static const char docs_writer[] = "---\nname: docs-writer\n" DOCS_BODY;
static const char documentation_writer[] =
	"---\nname: documentation-writer\n" DOCS_BODY;

#define DEPLOY_BODY                                                           \
	"model: sonnet\n"                                                     \
	"---\n"                                                               \
	"\n"                                                                  \
	"## Before Deploying\n"                                               \
	"- Confirm the release branch passed CI on its last commit.\n"        \
	"- Check that database migrations are backwards compatible.\n"        \
	"- Make sure feature flags for unfinished work are off.\n"            \
	"\n"                                                                  \
	"## Rollout\n"                                                        \
	"- Deploy to the canary group first and watch error rates for "       \
	"fifteen minutes.\n"                                                  \
	"- Roll forward only when latency stays within the service "          \
	"objective.\n"                                                        \
	"\n"                                                                  \
	"## Rollback\n"                                                       \
	"- Keep the previous image tag at hand.\n"                            \
	"- Roll back at once if the error rate doubles.\n"

#define DEPLOY_HEAD                                                           \
	"---\n"                                                               \
	"name: deploy-helper\n"                                               \
	"description: Prepares and checks production deployments of the web " \
	"service.\n"

static const char deploy_helper[] =
	DEPLOY_HEAD "tools: Read, Grep\n" DEPLOY_BODY;
static const char deploy_helper_bash[] =
	DEPLOY_HEAD "tools: Read, Grep, Bash\n" DEPLOY_BODY;

#define SCHEMA_HEAD                                                           \
	"---\n"                                                               \
	"name: schema-reviewer\n"                                             \
	"description: Reviews database schema migrations for safety and "     \
	"naming consistency.\n"                                               \
	"tools: Read, Grep\n"

#define SCHEMA_BODY                                                           \
	"---\n"                                                               \
	"\n"                                                                  \
	"## Naming\n"                                                         \
	"- Name tables in the plural and columns in snake_case.\n"            \
	"- Suffix foreign keys with _id.\n"                                   \
	"\n"                                                                  \
	"## Safety\n"                                                         \
	"- Add columns as nullable first, backfill, then add the "            \
	"constraint.\n"                                                       \
	"- Create indexes concurrently on large tables.\n"                    \
	"- Never drop a column in the same release that stops using it.\n"    \
	"- Keep each migration small enough to roll back on its own.\n"       \
	"\n"                                                                  \
	"## Review Output\n"

static const char schema_reviewer[] =
	SCHEMA_HEAD "model: sonnet\n" SCHEMA_BODY
	"- List each migration with a verdict: safe, risky or blocking.\n";
static const char schema_reviewer_opus[] =
	SCHEMA_HEAD "model: opus\n" SCHEMA_BODY
	"- List every migration with a verdict: safe, risky or blocking.\n";

#define ROUTER_DESC                                                           \
	"description: Reads incoming bug reports, labels them by area and "   \
	"severity, and assigns an owner.\n"

static const char bug_triager[] =
	"---\n"
	"name: bug-triager\n" ROUTER_DESC
	"tools: Read, Bash\n"
	"model: haiku\n"
	"---\n"
	"\n"
	"## Labels\n"
	"- Apply exactly one area label from the repository's label list.\n"
	"- Mark crashes and data loss as severity one.\n"
	"\n"
	"## Reproduction\n"
	"- Try to reproduce with the steps given before labelling.\n"
	"- Ask the reporter for logs when the steps are missing.\n"
	"\n"
	"## Assignment\n"
	"- Assign the owner listed in CODEOWNERS for the affected path.\n";

static const char ticket_router[] =
	"---\n"
	"name: ticket-router\n" ROUTER_DESC
	"tools: Read\n"
	"model: haiku\n"
	"---\n"
	"\n"
	"## Queues\n"
	"- Send billing questions to the finance queue.\n"
	"- Send login and password problems to the identity team.\n"
	"\n"
	"## Priority\n"
	"- Customers on the enterprise plan get a four-hour response "
	"target.\n"
	"- Escalate tickets that mention a security incident immediately.\n"
	"\n"
	"## Replies\n"
	"- Acknowledge every ticket with a short message that includes its "
	"number.\n";

static const char sql_optimizer[] =
	"---\n"
	"name: sql-optimizer\n"
	"description: Tunes slow PostgreSQL queries using EXPLAIN plans and "
	"index changes.\n"
	"tools: Read, Bash\n"
	"model: sonnet\n"
	"---\n"
	"\n"
	"## Diagnosis\n"
	"- Run EXPLAIN (ANALYZE, BUFFERS) on the slow statement first.\n"
	"- Compare estimated and actual row counts to spot stale "
	"statistics.\n"
	"\n"
	"## Fixes\n"
	"- Add a composite index whose leading column matches the filter.\n"
	"- Rewrite correlated subqueries as joins.\n";

static const char ux_copywriter[] =
	"---\n"
	"name: ux-copywriter\n"
	"description: Writes interface text: buttons, empty states and "
	"onboarding.\n"
	"tools: Read, Write\n"
	"model: haiku\n"
	"---\n"
	"\n"
	"## Voice\n"
	"- Write in second person and present tense.\n"
	"- Keep button labels to two or three words that start with a verb.\n"
	"\n"
	"## Empty States\n"
	"- Say what will appear here and how to make it appear.\n"
	"- Offer one primary action, never more.\n";

/* The same agent twice, its tools listed in another order: not a fork. */
#define LINK_CHECKER(tools)                                                   \
	"---\n"                                                               \
	"name: link-checker\n"                                                \
	"description: Finds broken links in the documentation site.\n"        \
	"tools: " tools "\n"                                                  \
	"model: haiku\n"                                                      \
	"---\n"                                                               \
	"\n"                                                                  \
	"## Crawl\n"                                                          \
	"- Start from the sitemap and follow every internal anchor.\n"        \
	"- Treat a redirect chain longer than three hops as broken.\n"        \
	"\n"                                                                  \
	"## Report\n"                                                         \
	"- Group broken links by the page that contains them.\n"

static const char link_checker[] = LINK_CHECKER("WebFetch, Read");
static const char link_checker_reordered[] = LINK_CHECKER("Read, WebFetch");

static const fx_file files[] = {
	{"qa/test-writer.md", test_writer},
	{"legacy/test-writer.md", test_writer_legacy},
	{"docs/docs-writer.md", docs_writer},
	{"docs/documentation-writer.md", documentation_writer},
	{"ops/deploy-helper.md", deploy_helper},
	{"platform/deploy-helper.md", deploy_helper_bash},
	{"data/schema-reviewer.md", schema_reviewer},
	{"warehouse/schema-reviewer.md", schema_reviewer_opus},
	{"triage/bug-triager.md", bug_triager},
	{"support/ticket-router.md", ticket_router},
	{"misc/sql-optimizer.md", sql_optimizer},
	{"misc/ux-copywriter.md", ux_copywriter},
	{"site/link-checker.md", link_checker},
	{"wiki/link-checker.md", link_checker_reordered},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static char root[256];
static ad_audit *audit;

static int setup(void **state)
{
	(void)state;
	fx_tmpdir(root, sizeof(root), "collide");
	fx_write_files(root, files, NFILES);
	assert_int_equal(fx_audit_path(&audit, root, NULL), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ad_audit_free(audit);
	audit = NULL;
	return fx_rmtree(root);
}

/* The agent of path in this audit. */
static uint32_t doc(const char *path)
{
	return fx_doc(audit, path);
}

static double cosine(uint32_t a, uint32_t b)
{
	return ad_audit_agent_score(audit, a, b);
}

/* What differs in collision c, as the reports write it. */
static const char *detail_of(const ad_collision *c)
{
	static char buf[AD_COLLISION_DETAIL_MAX];

	return ad_audit_collision_detail(audit, c, buf, sizeof(buf));
}

/* How many collisions the agents of two paths have, and the one of kind
 * (NULL when none). */
static const ad_collision *collision(const char *x, const char *y,
				     ad_collision_kind kind, size_t *n)
{
	uint32_t a = doc(x), b = doc(y), t;
	const ad_collision *found = NULL;
	size_t i;

	if (a > b)
		t = a, a = b, b = t;
	*n = 0;
	for (i = 0; i < audit->collisions.n; i++) {
		const ad_collision *c = &audit->collisions.list[i];

		if (c->a != a || c->b != b)
			continue;
		++*n;
		if (c->kind == kind)
			found = c;
	}
	return found;
}

static void test_collide__collection_as_written(void **state)
{
	(void)state;
	assert_int_equal(audit->collection->ndocs, NFILES);
	assert_int_equal(audit->collection->nskipped, 0);
	assert_string_equal(ad_collision_kind_name(AD_COLLIDE_NAME), "name");
	assert_string_equal(ad_collision_kind_name(AD_COLLIDE_SAME_BODY),
			    "body");
	assert_string_equal(ad_collision_kind_name(AD_COLLIDE_FORK), "fork");
	assert_string_equal(ad_collision_kind_name(AD_COLLIDE_DESCRIPTION),
			    "description");
}

static void test_collide__same_name_other_body(void **state)
{
	size_t n;
	const ad_collision *c = collision("qa/test-writer.md",
					  "legacy/test-writer.md",
					  AD_COLLIDE_NAME, &n);

	(void)state;
	assert_non_null(c);
	assert_int_equal(n, 1);
	print_message("test-writer: cosine %.3f\n", c->score);
	assert_true(c->score < AD_DEFAULT_THRESHOLD);
	assert_true(c->score == cosine(c->a, c->b));
	assert_string_equal(detail_of(c),
			    "both named 'test-writer'; bodies differ");
}

static void test_collide__same_body_other_name(void **state)
{
	size_t n;
	const ad_collision *c = collision("docs/docs-writer.md",
					  "docs/documentation-writer.md",
					  AD_COLLIDE_SAME_BODY, &n);

	(void)state;
	assert_non_null(c);
	assert_int_equal(n, 1); /* same tools and model: no fork */
	print_message("docs-writer: cosine %.3f\n", c->score);
	assert_true(c->score >= AD_COLLIDE_BODY);
	assert_string_equal(detail_of(c),
			    "names 'docs-writer' and 'documentation-writer'");
}

static void test_collide__fork_tools(void **state)
{
	size_t n;
	const ad_collision *c = collision("ops/deploy-helper.md",
					  "platform/deploy-helper.md",
					  AD_COLLIDE_FORK, &n);

	(void)state;
	assert_true(doc("ops/deploy-helper.md") <
		    doc("platform/deploy-helper.md"));
	assert_non_null(c);
	assert_int_equal(n, 1); /* one name: neither name nor body */
	print_message("deploy-helper: cosine %.3f\n", c->score);
	assert_true(c->score >= AD_COLLIDE_BODY);
	assert_string_equal(detail_of(c),
			    "tools: 'Read, Grep' vs 'Read, Grep, Bash'");
}

static void test_collide__fork_model(void **state)
{
	size_t n;
	const ad_collision *c = collision("data/schema-reviewer.md",
					  "warehouse/schema-reviewer.md",
					  AD_COLLIDE_FORK, &n);

	(void)state;
	assert_true(doc("data/schema-reviewer.md") <
		    doc("warehouse/schema-reviewer.md"));
	assert_non_null(c);
	assert_int_equal(n, 1);
	print_message("schema-reviewer: cosine %.3f\n", c->score);
	assert_true(c->score >= AD_COLLIDE_BODY && c->score < 1.0);
	assert_string_equal(detail_of(c), "model: 'sonnet' vs 'opus'");
}

static void test_collide__same_description(void **state)
{
	size_t n;
	const ad_collision *c = collision("triage/bug-triager.md",
					  "support/ticket-router.md",
					  AD_COLLIDE_DESCRIPTION, &n);

	(void)state;
	assert_non_null(c);
	assert_int_equal(n, 1);
	print_message("bug-triager: body cosine %.3f\n", cosine(c->a, c->b));
	assert_true(cosine(c->a, c->b) < AD_DEFAULT_THRESHOLD);
	assert_true(c->score >= AD_COLLIDE_DESC);
	assert_string_equal(detail_of(c), "the same request would trigger both");
}

static void test_collide__unrelated_agents(void **state)
{
	uint32_t s = doc("misc/sql-optimizer.md"),
		 u = doc("misc/ux-copywriter.md");
	size_t i;

	(void)state;
	for (i = 0; i < audit->collisions.n; i++) {
		const ad_collision *c = &audit->collisions.list[i];

		assert_true(c->a != s && c->b != s && c->a != u && c->b != u);
	}
}

/* Tools are a set: listing them in another order is no fork. */
static void test_collide__tools_in_other_order(void **state)
{
	uint32_t s = doc("site/link-checker.md"), w = doc("wiki/link-checker.md");
	size_t i;

	(void)state;
	for (i = 0; i < audit->collisions.n; i++) {
		const ad_collision *c = &audit->collisions.list[i];

		assert_false((c->a == s && c->b == w) || (c->a == w && c->b == s));
	}
}

/* The five above and no other, by kind, then by agents. */
static void test_collide__exactly_these(void **state)
{
	static const ad_collision_kind kinds[] = {
		AD_COLLIDE_NAME, AD_COLLIDE_SAME_BODY, AD_COLLIDE_FORK,
		AD_COLLIDE_FORK, AD_COLLIDE_DESCRIPTION};
	size_t i;

	(void)state;
	assert_int_equal(audit->collisions.n, 5);
	for (i = 0; i < audit->collisions.n; i++) {
		const ad_collision *c = &audit->collisions.list[i];

		assert_int_equal(c->kind, kinds[i]);
		assert_true(c->a < c->b);
		if (i && c->kind == audit->collisions.list[i - 1].kind)
			assert_true(audit->collisions.list[i - 1].a < c->a);
	}
}

/* ---- many agents, the work shared out to worker threads ---- */

#define NAME_GROUPS 150 /* of three agents each: more than a piece */
#define COPIES 70       /* pairs of one body under two names */
#define MANY (3 * NAME_GROUPS + 2 * COPIES)

/* A made-up word, the k-th of body b, that the tokenizer keeps. */
static void made_word(char *out, unsigned b, unsigned k)
{
	static const char c[] = "bdfgklmnprstv", v[] = "aeiou";
	unsigned x[2] = {b, k}, i;

	for (i = 0; i < 2; i++) {
		out[4 * i] = c[x[i] % 13];
		out[4 * i + 1] = v[x[i] / 13 % 5];
		out[4 * i + 2] = c[x[i] / 65 % 13];
		out[4 * i + 3] = v[x[i] / 845 % 5];
	}
	memcpy(out + 8, "ter", 4);
}

/* An agent named name whose body is body b's words. */
static char *made_agent(const char *name, unsigned b)
{
	ad_buf t = AD_BUF_INIT;
	char w1[16], w2[16];
	unsigned k;

	made_word(w1, b, 0);
	ad_buf_printf(&t, "---\nname: %s\ndescription: Does %s.\n---\n"
		      "# Role\n\n## Rules\n\n", name, w1);
	for (k = 1; k <= 6; k++) {
		made_word(w1, b, k);
		made_word(w2, b, k + 10);
		ad_buf_printf(&t, "- Always %s the %s first.\n", w1, w2);
	}
	return ad_buf_detach(&t);
}

/* The audit of the made agents on jobs threads. */
static ad_audit *many_audit(ad_text *texts, int jobs)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ad_audit *au = NULL;

	o.load.texts = texts;
	o.load.ntexts = MANY;
	o.load.jobs = jobs;
	assert_int_equal(ad_audit_run(&au, NULL, 0, &o, NULL), 0);
	assert_int_equal(au->collection->ndocs, MANY);
	return au;
}

static size_t count_kind(const ad_audit *a, ad_collision_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < a->collisions.n; i++)
		n += a->collisions.list[i].kind == kind;
	return n;
}

/* Name collisions, pair by pair from the agents, and same bodies from
 * the links, against what ad_collide() found. */
static void check_against_pairs(const ad_audit *a)
{
	size_t x, y, names = 0, bodies = 0, i;

	for (x = 0; x < MANY; x++)
		for (y = x + 1; y < MANY; y++) {
			const ad_doc *dx = ad_audit_doc(a, (uint32_t)x);
			const ad_doc *dy = ad_audit_doc(a, (uint32_t)y);

			if (strcmp(dx->identity, dy->identity) == 0 &&
			    !ad_audit_link(a, (uint32_t)x, (uint32_t)y))
				names++;
		}
	for (i = 0; i < a->links.n; i++) {
		const ad_link *l = &a->links.list[i];

		bodies += l->score >= AD_COLLIDE_BODY &&
			  strcmp(ad_audit_doc(a, l->a)->identity,
				 ad_audit_doc(a, l->b)->identity) != 0;
	}
	assert_int_equal(names, 3 * NAME_GROUPS); /* three pairs a group */
	assert_int_equal(bodies, COPIES);
	assert_int_equal(count_kind(a, AD_COLLIDE_NAME), names);
	assert_int_equal(count_kind(a, AD_COLLIDE_SAME_BODY), bodies);
	for (i = 0; i < a->collisions.n; i++) {
		const ad_collision *c = &a->collisions.list[i];

		if (c->kind != AD_COLLIDE_NAME)
			continue;
		assert_string_equal(ad_audit_doc(a, c->a)->identity,
				    ad_audit_doc(a, c->b)->identity);
		assert_true(c->score == ad_audit_agent_score(a, c->a, c->b));
	}
}

/* Names and links are shared out in pieces to the workers: one thread
 * and three find the same collisions, in the same order, and those are
 * the ones a pass over every pair of agents finds. */
static void test_collide__many_on_threads(void **state)
{
	static ad_text texts[MANY];
	static char paths[MANY][16], names[MANY][16], *bodies[MANY];
	ad_audit *one, *three;
	unsigned g, m, i = 0;

	(void)state;
	for (g = 0; g < NAME_GROUPS; g++)
		for (m = 0; m < 3; m++, i++) {
			snprintf(paths[i], sizeof(paths[i]), "n/g%u-%u.md", g, m);
			snprintf(names[i], sizeof(names[i]), "shared-%u", g);
			bodies[i] = made_agent(names[i], 3 * g + m);
		}
	for (g = 0; g < COPIES; g++)
		for (m = 0; m < 2; m++, i++) {
			snprintf(paths[i], sizeof(paths[i]), "c/c%u-%u.md", g, m);
			snprintf(names[i], sizeof(names[i]), "copy-%u-%u", g, m);
			bodies[i] = made_agent(names[i], 1000 + g);
		}
	for (i = 0; i < MANY; i++) {
		texts[i].path = paths[i];
		texts[i].text = bodies[i];
		texts[i].len = strlen(bodies[i]);
	}
	one = many_audit(texts, 1);
	three = many_audit(texts, 3);
	check_against_pairs(one);
	assert_int_equal(three->collisions.n, one->collisions.n);
	for (i = 0; i < one->collisions.n; i++) {
		const ad_collision *x = &one->collisions.list[i];
		const ad_collision *y = &three->collisions.list[i];
		char dx[AD_COLLISION_DETAIL_MAX], dy[AD_COLLISION_DETAIL_MAX];

		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->a, y->a);
		assert_int_equal(x->b, y->b);
		assert_true(x->score == y->score);
		assert_string_equal(
			ad_audit_collision_detail(one, x, dx, sizeof(dx)),
			ad_audit_collision_detail(three, y, dy, sizeof(dy)));
	}
	ad_audit_free(one);
	ad_audit_free(three);
	for (i = 0; i < MANY; i++)
		free(bodies[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collide__collection_as_written),
		cmocka_unit_test(test_collide__same_name_other_body),
		cmocka_unit_test(test_collide__same_body_other_name),
		cmocka_unit_test(test_collide__fork_tools),
		cmocka_unit_test(test_collide__fork_model),
		cmocka_unit_test(test_collide__same_description),
		cmocka_unit_test(test_collide__unrelated_agents),
		cmocka_unit_test(test_collide__tools_in_other_order),
		cmocka_unit_test(test_collide__exactly_these),
	};
	const struct CMUnitTest alone[] = {
		cmocka_unit_test(test_collide__many_on_threads),
	};

	return cmocka_run_group_tests(tests, setup, teardown) |
	       cmocka_run_group_tests(alone, NULL, NULL);
}
