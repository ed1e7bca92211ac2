/*
 * Unit tests of identity.c: name keys, generic file names, the name an
 * agent goes by, and the kind of its file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/doc.h"
#include "parse/identity.h"
#include "parse/parse.h"

static void expect_key(const char *s, const char *want)
{
	char out[128];
	size_t n = ad_identity_key(out, sizeof(out), s, strlen(s));

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_identity__keys(void **state)
{
	char out[8];

	(void)state;
	expect_key("code-reviewer", "code-reviewer");
	expect_key("Code Reviewer", "code-reviewer");
	expect_key("CODE_REVIEWER", "code-reviewer");
	expect_key("  --Paid__Media   Auditor!! ", "paid-media-auditor");
	expect_key("API v2.0 designer", "api-v2-0-designer");
	expect_key("caf\xc3\xa9-helper", "caf\xc3\xa9-helper");
	expect_key("\xe6\x97\xa5\xe6\x9c\xac (agent)",
		   "\xe6\x97\xa5\xe6\x9c\xac-agent");
	expect_key("--- !!", "");
	expect_key("", "");
	/* only len bytes are read */
	assert_int_equal(ad_identity_key(out, sizeof(out), "Code Reviewer", 4),
			 4);
	assert_string_equal(out, "code");
	/* cut to cap - 1 bytes, NUL-terminated */
	assert_int_equal(ad_identity_key(out, 5, "reviewer", 8), 4);
	assert_string_equal(out, "revi");
	/* a cut never leaves a dash at the end */
	assert_int_equal(ad_identity_key(out, 6, "code reviewer", 13), 4);
	assert_string_equal(out, "code");
}

static void expect_base(const char *key, const char *base)
{
	assert_int_equal(ad_identity_base(key, strlen(key)), strlen(base));
	assert_memory_equal(key, base, strlen(base));
}

static void test_identity__version_markers(void **state)
{
	(void)state;
	expect_base("code-reviewer-v2", "code-reviewer");
	expect_base("code-reviewer-v10", "code-reviewer");
	expect_base("code-reviewer-v1-2", "code-reviewer"); /* v1.2 */
	expect_base("code-reviewer-copy-3", "code-reviewer");
	/* "copy" with no number is a word of the job */
	expect_base("ad-copy", "ad-copy");
	expect_base("landing-page-copy", "landing-page-copy");
	/* one marker, the last */
	expect_base("api-v2-copy-1", "api-v2");
	/* no marker: kept whole */
	expect_base("code-reviewer", "code-reviewer");
	expect_base("phase-2", "phase-2");
	expect_base("step-1-2", "step-1-2");
	expect_base("api-v2-designer", "api-v2-designer");
	expect_base("code-reviewer-v", "code-reviewer-v");
	expect_base("code-reviewer-v2a", "code-reviewer-v2a");
	expect_base("nova-copywriter", "nova-copywriter");
	/* a marker that is the whole key stays */
	expect_base("v2", "v2");
	expect_base("copy-2", "copy-2");
	expect_base("v1-2", "v1-2");
	expect_base("", "");
	/* only len bytes are read */
	assert_int_equal(ad_identity_base("agent-v2-extra", 8), 5);
}

static int generic(const char *stem)
{
	return ad_identity_generic(stem, strlen(stem));
}

static void test_identity__generic_names(void **state)
{
	(void)state;
	assert_true(generic("SKILL"));
	assert_true(generic("skill"));
	assert_true(generic("AGENTS"));
	assert_true(generic("CLAUDE"));
	assert_true(generic("index"));
	assert_true(generic("copy1"));
	assert_true(generic("copy-2"));
	assert_true(generic("agent"));
	assert_false(generic("code-reviewer"));
	assert_false(generic("skills"));
	assert_false(generic("copycat"));
	assert_false(generic("agent-smith"));
}

/* The identity and kind of a file at path with text. */
static ad_doc *parsed(const char *path, const char *text)
{
	ad_doc *d = NULL;
	ad_error err = AD_ERROR_INIT;

	assert_int_equal(ad_doc_parse(&d, path, text, strlen(text), &err), 0);
	return d;
}

static void expect(const char *path, const char *text, const char *id,
		   ad_doc_kind kind)
{
	ad_doc *d = parsed(path, text);

	assert_string_equal(d->identity, id);
	assert_int_equal(d->kind, kind);
	ad_doc_free(d);
}

static void test_identity__name_file_or_folder(void **state)
{
	static const char named[] = "---\nname: PDF Filler\n---\n# Body\n";
	static const char unnamed[] = "---\ndescription: fills PDFs\n---\n"
				      "# Body\n";

	(void)state;
	/* the frontmatter name wins over any file name */
	expect("skills/x/SKILL.md", named, "pdf-filler", AD_KIND_SKILL);
	expect("agents/reviewer.md", named, "pdf-filler", AD_KIND_AGENT);
	/* no name: the file's, or for a generic one the folder's */
	expect("agents/code_reviewer.md", unnamed, "code-reviewer",
	       AD_KIND_AGENT);
	expect("skills/csv-cleaner/SKILL.md", unnamed, "csv-cleaner",
	       AD_KIND_SKILL);
	expect("f012/copy1.md", unnamed, "f012", AD_KIND_AGENT);
	expect("f012-copy1/SKILL.md", unnamed, "f012-copy1", AD_KIND_SKILL);
	/* a generic file with no folder keeps its own name */
	expect("SKILL.md", unnamed, "skill", AD_KIND_SKILL);
	/* an empty name counts as none */
	expect("agents/x.md", "---\nname: \"\"\n---\n# Body\n", "x",
	       AD_KIND_AGENT);
}

static void test_identity__kinds(void **state)
{
	static const char t[] = "# Body\n\n- a rule\n";

	(void)state;
	expect(".claude/commands/deploy.md", t, "deploy", AD_KIND_COMMAND);
	expect(".cursor/rules/style.mdc", t, "style", AD_KIND_RULES);
	expect("team/rules/naming.md", t, "naming", AD_KIND_RULES);
	expect("repo/AGENTS.md", t, "repo", AD_KIND_INSTRUCTIONS);
	expect("repo/CLAUDE.md", t, "repo", AD_KIND_INSTRUCTIONS);
	expect(".github/copilot-instructions.md", t, "copilot-instructions",
	       AD_KIND_INSTRUCTIONS);
	expect("docs/python.instructions.md", t, "python", AD_KIND_INSTRUCTIONS);
	expect(".claude/agents/reviewer.md", t, "reviewer", AD_KIND_AGENT);
	assert_string_equal(ad_doc_kind_name(AD_KIND_SKILL), "skill");
	assert_string_equal(ad_doc_kind_name(AD_KIND_INSTRUCTIONS),
			    "instructions");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity__keys),
		cmocka_unit_test(test_identity__version_markers),
		cmocka_unit_test(test_identity__generic_names),
		cmocka_unit_test(test_identity__name_file_or_folder),
		cmocka_unit_test(test_identity__kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
