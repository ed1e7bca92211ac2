/* Unit tests of compare.c: frontmatter differences, shared and unique
 * rules, sections without counterpart, either order of the two agents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/compare.h"
#include "parse/parse.h"

#include "fixture.h"

static ad_doc *parse(const char *text)
{
	ad_doc *d = NULL;

	assert_int_equal(ad_doc_parse(&d, "t.md", text, strlen(text), NULL), 0);
	return d;
}

static void test_compare__frontmatter_keys(void **state)
{
	ad_doc *a = parse("---\nname: x\ntools: Read, Grep\nmodel: opus\n"
			  "color: red\ntags: [p, q]\n---\nbody\n");
	ad_doc *b = parse("---\nname: x\ntools: Grep, Bash\nmodel: opus\n"
			  "tags: [q, p]\nextra: 1\n---\nbody\n");
	ad_fm_diff *d;
	size_t n, same;

	(void)state;
	n = ad_fm_compare(&d, &same, &a->fm, &b->fm);
	assert_int_equal(n, 3);
	assert_int_equal(same, 3); /* name, model, tags (as sets) */
	assert_string_equal(d[0].key, "tools");
	assert_int_equal(d[0].change, AD_FM_DIFFERENT);
	assert_true(ad_fm_field_has(d[0].a, "Read"));
	assert_false(ad_fm_field_has(d[0].b, "Read"));
	assert_string_equal(d[1].key, "color");
	assert_int_equal(d[1].change, AD_FM_ONLY_A);
	assert_null(d[1].b);
	assert_string_equal(d[2].key, "extra");
	assert_int_equal(d[2].change, AD_FM_ONLY_B);
	assert_null(d[2].a);
	free(d);
	ad_doc_free(a);
	ad_doc_free(b);
}

static void test_compare__no_frontmatter(void **state)
{
	ad_doc *a = parse("# only a body\n");
	ad_doc *b = parse("---\nname: y\n---\n# body\n");
	ad_fm_diff *d;
	size_t n, same;

	(void)state;
	n = ad_fm_compare(&d, &same, &a->fm, &b->fm);
	assert_int_equal(n, 1);
	assert_int_equal(same, 0);
	assert_int_equal(d[0].change, AD_FM_ONLY_B);
	free(d);
	n = ad_fm_compare(&d, &same, &a->fm, &a->fm);
	assert_int_equal(n, 0);
	free(d);
	ad_doc_free(a);
	ad_doc_free(b);
}

static const char agent_a[] =
	"---\nname: a\n---\n"
	"## Security\n\n"
	"- Flag SQL queries built by string concatenation as injection risks.\n"
	"- Verify that secrets and API keys never appear in the diff.\n"
	"- Confirm that public functions document their parameters.\n\n"
	"## Performance\n\n"
	"- Look for database queries inside loops and batch them.\n";

static const char agent_b[] =
	"---\nname: b\n---\n"
	"## Security\n\n"
	"- Flag SQL queries built by string concatenation as injection risks.\n"
	"- Verify that secrets and API keys never appear in the diff.\n"
	"- Make sure log messages never include user passwords.\n\n"
	"## Tone\n\n"
	"- Be direct and kind; critique the code, never the author.\n";

static ad_audit *two_agents(void)
{
	const ad_text t[2] = {
		{"a.md", agent_a, sizeof(agent_a) - 1, NULL, 0, 0},
		{"b.md", agent_b, sizeof(agent_b) - 1, NULL, 0, 0}};

	return fx_audit_texts(t, 2);
}

static const char *rule_text(const ad_audit *au, uint32_t r)
{
	return ad_collection_rule(au->collection, r)->text;
}

static void check_sides(const ad_audit *au, const ad_compare *c,
			const char *only_first, const char *only_second)
{
	assert_int_equal(c->nshared, 2);
	assert_int_equal(c->nshared_same, 2);
	assert_int_equal(au->collection->at.rule_doc[c->shared[0].a], c->a);
	assert_int_equal(au->collection->at.rule_doc[c->shared[0].b], c->b);
	assert_true(strstr(rule_text(au, c->shared[0].a), "SQL") != NULL);
	assert_int_equal(c->nonly_a_rules, 2);
	assert_int_equal(c->nonly_b_rules, 2);
	assert_true(strstr(rule_text(au, c->only_a_rules[0]), only_first));
	assert_true(strstr(rule_text(au, c->only_b_rules[0]), only_second));
	assert_int_equal(c->nmatches, 1);
	assert_int_equal(au->collection->at.section_doc[c->matches[0].a], c->a);
	assert_int_equal(au->collection->at.section_doc[c->matches[0].b], c->b);
	assert_int_equal(c->nonly_a_sections, 1);
	assert_int_equal(c->nonly_b_sections, 1);
}

static void test_compare__rules_and_sections(void **state)
{
	ad_audit *au = two_agents();
	ad_compare c;

	(void)state;
	ad_compare_build(&c, au, 0, 1);
	check_sides(au, &c, "public functions", "log messages");
	assert_string_equal(
		ad_collection_section(au->collection, c.only_a_sections[0])
			->title,
		"Performance");
	assert_string_equal(
		ad_collection_section(au->collection, c.only_b_sections[0])
			->title,
		"Tone");
	assert_int_equal(c.nfm, 1); /* name */
	ad_compare_dispose(&c);
	/* the other way round: every list turns with it */
	ad_compare_build(&c, au, 1, 0);
	check_sides(au, &c, "log messages", "public functions");
	assert_string_equal(
		ad_collection_section(au->collection, c.only_a_sections[0])
			->title,
		"Tone");
	ad_compare_dispose(&c);
	ad_audit_free(au);
}

#define ROLES AD_SOURCE_DIR "/tests/fixtures/roles"
#define JOBS AD_SOURCE_DIR "/tests/fixtures/jobs"

static ad_role_verdict verdict(const ad_audit *au, const char *a,
			       const char *b)
{
	ad_compare c;
	ad_role_verdict v;

	ad_compare_build(&c, au, fx_doc(au, a), fx_doc(au, b));
	v = c.role.verdict;
	assert_true(c.role.needed > 0.0);
	if (v == AD_ROLE_ONE_JOB)
		assert_true(c.role.score > 0.0);
	ad_compare_dispose(&c);
	return v;
}

/* Two agents written apart for one job are one role group, with the words
 * of their names as evidence; a copy is a variant; near-miss jobs are not
 * one job. */
static void test_compare__role_verdicts(void **state)
{
	ad_audit *au = NULL;
	ad_compare c;
	uint32_t a, b;

	(void)state;
	assert_int_equal(fx_audit_path(&au, ROLES, NULL), 0);
	a = fx_doc(au, "acme/.claude/agents/debugger.md");
	b = fx_doc(au, "community/agents/bug-hunter.md");
	ad_compare_build(&c, au, a, b);
	assert_int_equal(c.role.verdict, AD_ROLE_ONE_JOB);
	assert_true(c.role.score >= c.role.needed);
	assert_true(c.role.desc_score > 0.0);
	assert_true(c.role.ndesc_terms > 0);
	assert_false(c.role.alone);
	ad_compare_dispose(&c);
	assert_int_equal(verdict(au, "acme/.claude/agents/debugger.md",
				 "forks/debugger.md"),
			 AD_ROLE_VARIANTS);
	/* frontend and backend: each name's own word is in its description */
	/* an accessibility auditor is not an appsec reviewer: each name's
	 * own word is in its description */
	assert_int_equal(verdict(au, "community/agents/accessibility-auditor.md",
				 "acme/.claude/agents/appsec-reviewer.md"),
			 AD_ROLE_APART);
	assert_int_equal(verdict(au, "community/agents/frontend-developer.md",
				 "acme/.claude/agents/backend-developer.md"),
			 AD_ROLE_WEAK);
	/* a data engineer is not a data scientist */
	assert_int_equal(verdict(au, "community/agents/data-engineer.md",
				 "acme/.claude/agents/data-scientist.md"),
			 AD_ROLE_WEAK);
	ad_audit_free(au);
}

/* Two members of one template are siblings, whatever their score. */
static void test_compare__role_siblings(void **state)
{
	ad_audit *au = NULL;

	(void)state;
	assert_int_equal(fx_audit_path(&au, JOBS, NULL), 0);
	assert_int_equal(verdict(au, "templates/accessibility-auditor.md",
				 "templates/docs-writer.md"),
			 AD_ROLE_SIBLINGS);
	ad_audit_free(au);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare__frontmatter_keys),
		cmocka_unit_test(test_compare__no_frontmatter),
		cmocka_unit_test(test_compare__rules_and_sections),
		cmocka_unit_test(test_compare__role_verdicts),
		cmocka_unit_test(test_compare__role_siblings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
