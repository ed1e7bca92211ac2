/*
 * Unit tests of link.c: links end to end through
 * ad_audit_run() on a small collection written to a temporary folder:
 *   - code-reviewer twice, the second rewritten under the same name and
 *     headings: a name link;
 *   - a third code-reviewer with only two headings, both of them: none;
 *   - paid-media-auditor and marketing-paid-media-auditor, rewritten
 *     under the same headings: a name link (a rename adding a prefix);
 *   - api-designer and rest-endpoint-checker, a trimmed copy holding 11
 *     of its 24 rules and one of its own: contained;
 *   - sql-optimizer and ux-copywriter, unrelated to everything.
 * The rewrites and the trimmed copy are below the agent threshold, so
 * each link stands on the evidence the test is about.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/audit.h"
#include "analysis/link.h"

#include "fixture.h"

static const char code_reviewer[] =
	"---\n"
	"name: code-reviewer\n"
	"description: Reviews pull requests for correctness, security and "
	"performance problems before merge.\n"
	"tools: Read, Grep, Glob\n"
	"model: sonnet\n"
	"---\n"
	"\n"
	"You are a senior reviewer. Read the diff and the files it touches "
	"before commenting.\n"
	"\n"
	"## Review Scope\n"
	"- Read the whole diff before writing the first comment.\n"
	"- Check that every changed function still matches its callers.\n"
	"- Flag dead code and commented-out blocks left in the change.\n"
	"- Ask for tests when behaviour changes without one.\n"
	"\n"
	"## Security Checks\n"
	"- Reject string-built SQL queries; require bound parameters.\n"
	"- Look for secrets, tokens or keys committed in code or config.\n"
	"- Verify that user input is validated before it reaches the "
	"filesystem.\n"
	"- Check that authorisation happens on the server, not only in the "
	"client.\n"
	"\n"
	"## Performance\n"
	"- Point out queries issued inside loops.\n"
	"- Question allocations in hot paths and unbounded caches.\n"
	"- Prefer streaming over loading whole files into memory.\n"
	"\n"
	"## Output Format\n"
	"- Group comments by file, most severe first.\n"
	"- Label each comment as blocker, suggestion or nit.\n"
	"- End with a one-line verdict: approve, request changes or comment.\n";

static const char code_reviewer_fork[] =
	"---\n"
	"name: code-reviewer\n"
	"description: Reviews code changes for correctness, security and "
	"speed before they are merged.\n"
	"tools: Read, Grep\n"
	"model: opus\n"
	"---\n"
	"\n"
	"You review code the way a careful staff engineer would.\n"
	"\n"
	"## Review Scope\n"
	"- Go through every file in the change set, not just the first few.\n"
	"- Make sure renamed or modified APIs are updated at each call site.\n"
	"- Remove leftover debugging output and unused imports.\n"
	"- Insist on regression coverage for each bug fix.\n"
	"\n"
	"## Security Checks\n"
	"- Parameterise database access; concatenated queries are a blocker.\n"
	"- Scan the change for hard-coded credentials and private URLs.\n"
	"- Sanitise paths that come from request data.\n"
	"- Enforce permission checks in backend handlers.\n"
	"\n"
	"## Performance\n"
	"- Watch for N+1 database access patterns.\n"
	"- Avoid repeated work inside tight loops; hoist invariants.\n"
	"- Use pagination for endpoints that return collections.\n"
	"\n"
	"## Output Format\n"
	"- Start with a short summary of what the change does.\n"
	"- Sort findings by severity.\n"
	"- Quote the relevant line for each finding.\n";

/* The same name and two of the four headings, and no other heading: all
 * its headings are shared, but two are not enough. */
static const char code_reviewer_lite[] =
	"---\n"
	"name: code-reviewer\n"
	"description: Lightweight reviewer for small changes; checks style "
	"and commit hygiene.\n"
	"tools: Read\n"
	"model: haiku\n"
	"---\n"
	"\n"
	"## Review Scope\n"
	"- Only review files under src/ and tests/.\n"
	"- Skip generated files and lockfiles.\n"
	"- Follow the formatter's output; do not argue about whitespace.\n"
	"- Names should say what a value holds, not its type.\n"
	"- Keep functions short enough to read without scrolling.\n"
	"- Use the imperative mood in commit subjects.\n"
	"\n"
	"## Security Checks\n"
	"- Mention any new dependency so a human can vet it.\n"
	"- Do not approve changes to the CI secrets configuration.\n";

static const char marketing_auditor[] =
	"---\n"
	"name: marketing-paid-media-auditor\n"
	"description: Audits Google Ads and Meta ad accounts for wasted spend "
	"and tracking gaps.\n"
	"tools: Read, WebFetch\n"
	"model: sonnet\n"
	"---\n"
	"\n"
	"## Account Structure\n"
	"- Check that campaigns are split by objective and by funnel stage.\n"
	"- Flag ad groups with more than twenty keywords.\n"
	"- Look for duplicate keywords competing across campaigns.\n"
	"\n"
	"## Budget Pacing\n"
	"- Compare spend to date with the monthly plan.\n"
	"- Flag campaigns limited by budget with a cost per acquisition under "
	"target.\n"
	"- Recommend moving budget away from campaigns with no conversions in "
	"30 days.\n"
	"\n"
	"## Conversion Tracking\n"
	"- Verify that the purchase event fires once per order.\n"
	"- Confirm offline conversions are imported within the upload "
	"window.\n"
	"- Check that attribution windows match between platforms.\n"
	"\n"
	"## Reporting\n"
	"- Summarise findings in a table with estimated monthly savings.\n"
	"- Rank recommendations by expected impact.\n";

static const char paid_media_auditor[] =
	"---\n"
	"name: paid-media-auditor\n"
	"description: Audits paid search and paid social ad accounts for "
	"wasted spend.\n"
	"tools: Read, WebFetch, Bash\n"
	"model: opus\n"
	"---\n"
	"\n"
	"## Account Structure\n"
	"- Campaign naming should reveal the goal and the audience "
	"temperature.\n"
	"- Oversized ad groups dilute relevance; suggest splitting them.\n"
	"- Identify overlapping search terms that make our own ads bid against "
	"each other.\n"
	"\n"
	"## Budget Pacing\n"
	"- Project end-of-month spend from the daily run rate.\n"
	"- Raise caps on profitable campaigns that run out of money by noon.\n"
	"- Pause spend that has produced zero sales for a month.\n"
	"\n"
	"## Conversion Tracking\n"
	"- Test checkout events for double counting.\n"
	"- Make sure CRM leads are uploaded back to the ad platforms "
	"promptly.\n"
	"- Align lookback settings across Google and Meta.\n"
	"\n"
	"## Reporting\n"
	"- Present each issue with the dollars it wastes per month.\n"
	"- Order actions from highest to lowest payoff.\n";

static const char api_designer[] =
	"---\n"
	"name: api-designer\n"
	"description: Designs REST APIs (resource names, versions, errors and "
	"pagination) with an OpenAPI sketch.\n"
	"tools: Read, Write\n"
	"model: sonnet\n"
	"---\n"
	"\n"
	"## Resource Naming\n"
	"- Use plural nouns for collections, such as /orders and "
	"/customers.\n"
	"- Nest a resource under its parent only one level deep.\n"
	"- Spell path segments in lowercase kebab-case.\n"
	"- Never put verbs in paths; the HTTP method is the verb.\n"
	"- Identify single items by an opaque id, not a database sequence.\n"
	"- Keep query parameter names in snake_case.\n"
	"\n"
	"## Versioning\n"
	"- Put the major version in the path, as /v1/.\n"
	"- Add optional fields freely; they are not breaking.\n"
	"- Removing or renaming a field requires a new major version.\n"
	"- Announce deprecations with a Sunset header and a date.\n"
	"- Support the previous major version for twelve months.\n"
	"- Record every change in a public changelog.\n"
	"\n"
	"## Error Responses\n"
	"- Return problem+json bodies as described in RFC 9457.\n"
	"- Use 422 for validation failures and list each invalid field.\n"
	"- Never leak stack traces or SQL fragments in error messages.\n"
	"- Include a request id that support staff can search for.\n"
	"- Answer rate limiting with 429 and a Retry-After header.\n"
	"- Keep error codes stable so clients can branch on them.\n"
	"\n"
	"## Pagination\n"
	"- Prefer cursor pagination over offsets for large tables.\n"
	"- Return the next cursor in the body and a Link header.\n"
	"- Cap the page size at one hundred items.\n"
	"- Sort results by a stable, unique key.\n"
	"- Document the default page size in the OpenAPI spec.\n"
	"- Let clients ask for a total count only when they need it.\n";

/* 11 of api-designer's 24 rules, verbatim, and one of its own. */
static const char endpoint_checker[] =
	"---\n"
	"name: rest-endpoint-checker\n"
	"description: Checks REST API resource names, versions and errors "
	"against the design conventions.\n"
	"tools: Read, Grep\n"
	"model: haiku\n"
	"---\n"
	"\n"
	"Report each violation with the endpoint and the rule it breaks.\n"
	"\n"
	"## Naming\n"
	"- Use plural nouns for collections, such as /orders and "
	"/customers.\n"
	"- Spell path segments in lowercase kebab-case.\n"
	"- Never put verbs in paths; the HTTP method is the verb.\n"
	"- Keep query parameter names in snake_case.\n"
	"\n"
	"## Errors\n"
	"- Use 422 for validation failures and list each invalid field.\n"
	"- Never leak stack traces or SQL fragments in error messages.\n"
	"- Answer rate limiting with 429 and a Retry-After header.\n"
	"- Keep error codes stable so clients can branch on them.\n"
	"\n"
	"## Pages\n"
	"- Prefer cursor pagination over offsets for large tables.\n"
	"- Cap the page size at one hundred items.\n"
	"- Sort results by a stable, unique key.\n"
	"- Flag endpoints that return unbounded lists.\n";

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
	"- Look for sequential scans on tables larger than a few thousand "
	"rows.\n"
	"\n"
	"## Fixes\n"
	"- Add a composite index whose leading column matches the filter.\n"
	"- Rewrite correlated subqueries as joins.\n"
	"- Replace SELECT * with the columns the caller uses.\n";

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
	"- Avoid jargon the user has not seen before.\n"
	"\n"
	"## Empty States\n"
	"- Say what will appear here and how to make it appear.\n"
	"- Offer one primary action, never more.\n";

static const fx_file files[] = {
	{"reviewers/code-reviewer.md", code_reviewer},
	{"forks/code-reviewer.md", code_reviewer_fork},
	{"lite/code-reviewer-lite.md", code_reviewer_lite},
	{"marketing/marketing-paid-media-auditor.md", marketing_auditor},
	{"ads/paid-media-auditor.md", paid_media_auditor},
	{"api/api-designer.md", api_designer},
	{"api/rest-endpoint-checker.md", endpoint_checker},
	{"misc/sql-optimizer.md", sql_optimizer},
	{"misc/ux-copywriter.md", ux_copywriter},
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static char root[256];
static ad_audit *audit;

static int setup(void **state)
{
	(void)state;
	fx_tmpdir(root, sizeof(root), "link");
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

/* The agent of path, and the cluster of agent d, in this audit. */
static uint32_t doc(const char *path)
{
	return fx_doc(audit, path);
}

static const ad_cluster *cluster_of(uint32_t d)
{
	return fx_cluster_of(audit, d);
}

/* The link between the agents of two paths, or NULL. */
static const ad_link *link_of(const char *x, const char *y)
{
	uint32_t a = doc(x), b = doc(y), t;
	size_t i;

	if (a > b)
		t = a, a = b, b = t;
	for (i = 0; i < audit->links.n; i++)
		if (audit->links.list[i].a == a && audit->links.list[i].b == b)
			return &audit->links.list[i];
	return NULL;
}

static double cosine(const char *x, const char *y)
{
	return ad_audit_agent_score(audit, doc(x), doc(y));
}

static void test_link__collection_as_written(void **state)
{
	(void)state;
	assert_int_equal(audit->collection->ndocs, NFILES);
	assert_int_equal(audit->collection->nskipped, 0);
	assert_int_equal(
		audit->collection->docs[doc("api/api-designer.md")]->nrules,
		24);
	assert_int_equal(
		audit->collection->docs[doc("api/rest-endpoint-checker.md")]
			->nrules,
		12);
}

/* Same name, same four headings, every rule rewritten. */
static void test_link__same_name_and_headings(void **state)
{
	const char *x = "reviewers/code-reviewer.md",
		   *y = "forks/code-reviewer.md";
	const ad_link *l = link_of(x, y);

	(void)state;
	print_message("code-reviewer rewrite: cosine %.3f\n", cosine(x, y));
	assert_true(cosine(x, y) < AD_DEFAULT_THRESHOLD);
	assert_non_null(l);
	assert_int_equal(l->kind, AD_LINK_NAME);
	assert_int_equal(l->shared_headings, 4);
	assert_int_equal(ad_links_fewer(&audit->links, l).headings, 4);
	assert_true(l->score == cosine(x, y));
	assert_true(l->same_name);
}

/* Two headings in common are not enough, whatever the name, even when
 * they are all the headings of one agent. */
static void test_link__same_name_other_headings(void **state)
{
	(void)state;
	assert_true(AD_LINK_MIN_HEADINGS == 3);
	assert_null(link_of("reviewers/code-reviewer.md",
			    "lite/code-reviewer-lite.md"));
	assert_null(link_of("forks/code-reviewer.md",
			    "lite/code-reviewer-lite.md"));
}

static void test_link__prefix_rename(void **state)
{
	const char *x = "marketing/marketing-paid-media-auditor.md",
		   *y = "ads/paid-media-auditor.md";
	const ad_link *l = link_of(x, y);

	(void)state;
	print_message("paid-media-auditor rewrite: cosine %.3f\n",
		      cosine(x, y));
	assert_true(cosine(x, y) < AD_DEFAULT_THRESHOLD);
	assert_non_null(l);
	assert_int_equal(l->kind, AD_LINK_NAME);
	assert_int_equal(l->shared_headings, 4);
	assert_true(l->same_name); /* one name, the other's with a prefix */
}

/* The copy's 12 rule groups: 11 in the original (11 >= 0.9 * 12). */
static void test_link__trimmed_copy_is_contained(void **state)
{
	const char *x = "api/api-designer.md",
		   *y = "api/rest-endpoint-checker.md";
	const ad_link *l = link_of(x, y);

	(void)state;
	print_message("trimmed copy: cosine %.3f\n", cosine(x, y));
	assert_true(cosine(x, y) < AD_DEFAULT_THRESHOLD);
	assert_true(cosine(x, y) >= AD_LINK_CONTAINED_FLOOR);
	assert_non_null(l);
	assert_true(l->kind & AD_LINK_CONTAINED);
	assert_int_equal(l->shared_groups, 11);
	assert_int_equal(ad_links_fewer(&audit->links, l).groups, 12);
}

static void test_link__unrelated_agents(void **state)
{
	size_t i;
	uint32_t s = doc("misc/sql-optimizer.md"),
		 u = doc("misc/ux-copywriter.md");

	(void)state;
	for (i = 0; i < audit->links.n; i++) {
		assert_int_not_equal(audit->links.list[i].a, s);
		assert_int_not_equal(audit->links.list[i].b, s);
		assert_int_not_equal(audit->links.list[i].a, u);
		assert_int_not_equal(audit->links.list[i].b, u);
	}
	assert_null(cluster_of(s));
	assert_null(cluster_of(u));
}

/* Exactly the three links above, parallel to the pairs, in (a, b) order;
 * each a cluster of its own. */
static void test_link__links_and_clusters(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(audit->links.n, 3);
	for (i = 0; i < audit->links.n; i++) {
		const ad_link *l = &audit->links.list[i];

		assert_true(l->a < l->b);
		assert_int_equal(audit->links.list[i].a, l->a);
		assert_int_equal(audit->links.list[i].b, l->b);
		assert_true(audit->links.list[i].score == l->score);
		if (i)
			assert_true(audit->links.list[i - 1].a < l->a ||
				    (audit->links.list[i - 1].a == l->a &&
				     audit->links.list[i - 1].b < l->b));
	}
	assert_int_equal(audit->clustering.n, 3);
	for (i = 0; i < audit->clustering.n; i++)
		assert_int_equal(audit->clustering.clusters[i].n, 2);
	assert_ptr_equal(cluster_of(doc("reviewers/code-reviewer.md")),
			 cluster_of(doc("forks/code-reviewer.md")));
	assert_ptr_equal(
		cluster_of(doc("ads/paid-media-auditor.md")),
		cluster_of(doc("marketing/marketing-paid-media-auditor.md")));
	assert_ptr_equal(cluster_of(doc("api/api-designer.md")),
			 cluster_of(doc("api/rest-endpoint-checker.md")));
	assert_null(cluster_of(doc("lite/code-reviewer-lite.md")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link__collection_as_written),
		cmocka_unit_test(test_link__same_name_and_headings),
		cmocka_unit_test(test_link__same_name_other_headings),
		cmocka_unit_test(test_link__prefix_rename),
		cmocka_unit_test(test_link__trimmed_copy_is_contained),
		cmocka_unit_test(test_link__unrelated_agents),
		cmocka_unit_test(test_link__links_and_clusters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
