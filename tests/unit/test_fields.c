/* Unit tests of fields.c: the runtime's tool and model names, and which
 * frontmatter fields count as complete. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/fields.h"
#include "parse/parse.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Every name of the list, so an entry out of order (the list is searched
 * by halves) fails here. */
static void test_fields__every_listed_tool_is_known(void **state)
{
	static const char *const names[] = {
		"Agent", "Artifact", "AskUserQuestion", "Bash", "BashOutput",
		"CronCreate", "CronDelete", "CronList", "Edit",
		"EnterPlanMode", "EnterWorktree", "ExitPlanMode",
		"ExitWorktree", "Glob", "Grep", "KillBash", "KillShell", "LS",
		"LSP", "ListMcpResourcesTool", "MultiEdit", "NotebookEdit",
		"NotebookRead", "PowerShell", "Read", "ReadMcpResourceTool",
		"Skill", "SlashCommand", "Task", "TaskCreate", "TaskGet",
		"TaskList", "TaskOutput", "TaskStop", "TaskUpdate", "TodoRead",
		"TodoWrite", "ToolSearch", "WebFetch", "WebSearch", "Write"};
	size_t i;

	(void)state;
	for (i = 0; i < N(names); i++)
		if (!ad_fields_known_tool(names[i]))
			fail_msg("%s is not known", names[i]);
}

static void test_fields__unknown_tools(void **state)
{
	static const char *const names[] = {
		"read",       /* opencode's switch, lower case */
		"Web Search", /* a made-up name */
		"Data Analysis", "figma", "WriteFile", "", "Readx",
		"Bash(git:*", /* an unclosed pattern */
		"(Read)", "mcp__", "mcp__bad server"};
	size_t i;

	(void)state;
	for (i = 0; i < N(names); i++)
		if (ad_fields_known_tool(names[i]))
			fail_msg("'%s' is known", names[i]);
}

static void test_fields__mcp_and_patterns(void **state)
{
	(void)state;
	assert_true(ad_fields_known_tool("mcp__github__create_issue"));
	assert_true(ad_fields_known_tool("mcp__context7"));
	assert_true(ad_fields_known_tool("mcp__my-server__do-it"));
	assert_true(ad_fields_known_tool("Bash(git diff:*)"));
	assert_true(ad_fields_known_tool("Agent(code-reviewer)"));
	assert_true(ad_fields_known_tool("Task(explorer)"));
	assert_false(ad_fields_known_tool("Figma(file)"));
}

static void test_fields__models(void **state)
{
	static const char *const known[] = {
		"sonnet", "opus", "haiku", "inherit", "claude-sonnet-4-5",
		"claude-sonnet-4-20250514", "claude-3-5-sonnet-20241022",
		"claude-opus-4.1"};
	static const char *const unknown[] = {
		"Sonnet", "gpt-4o", "anthropic/claude-sonnet-4-5", "claude-",
		"claude", "claude-Sonnet", "claude sonnet", "", "default"};
	size_t i;

	(void)state;
	for (i = 0; i < N(known); i++)
		if (!ad_fields_known_model(known[i]))
			fail_msg("%s is not known", known[i]);
	for (i = 0; i < N(unknown); i++)
		if (ad_fields_known_model(unknown[i]))
			fail_msg("'%s' is known", unknown[i]);
}

static unsigned complete(const char *text)
{
	ad_doc *d = NULL;
	unsigned bits;

	assert_int_equal(ad_doc_parse(&d, "x.md", text, strlen(text), NULL), 0);
	bits = ad_fields_complete(d);
	ad_doc_free(d);
	return bits;
}

static void test_fields__complete(void **state)
{
	(void)state;
	assert_int_equal(complete("---\nname: a\ndescription: does b\n"
				  "tools: Read, Grep, mcp__gh__pr\n"
				  "model: sonnet\n---\n\n# A\n"),
			 AD_FIELDS_ALL);
	assert_int_equal(complete("---\nname: a\ndescription: does b\n"
				  "tools: [Read, Bash]\nmodel: inherit\n---\n"),
			 AD_FIELDS_ALL);
	assert_int_equal(complete("# no frontmatter\n\n- a rule\n"), 0);
	assert_int_equal(ad_fields_count(AD_FIELDS_ALL), 4);
	assert_int_equal(ad_fields_count(0), 0);
}

/* Present is not complete: blank, unknown or not what the runtime reads. */
static void test_fields__present_but_incomplete(void **state)
{
	(void)state;
	assert_int_equal(complete("---\nname: \"\"\ndescription: \"  \"\n"
				  "tools: Read, Web Search\nmodel: gpt-4o\n"
				  "---\n"),
			 0);
	assert_int_equal(complete("---\nname: a\ndescription: b\ntools:\n"
				  "  read: true\n  bash: true\n---\n"),
			 AD_FIELD_NAME | AD_FIELD_DESCRIPTION);
	assert_int_equal(complete("---\nname: a\ndescription: b\ntools:\n"
				  "model: haiku\n---\n"),
			 AD_FIELD_NAME | AD_FIELD_DESCRIPTION |
				 AD_FIELD_MODEL);
	assert_int_equal(complete("---\nname: a\ndescription: b\n"
				  "tools: Read, Write, figma, sketch\n---\n"),
			 AD_FIELD_NAME | AD_FIELD_DESCRIPTION);
}

/* Skills name their tools allowed-tools. */
static void test_fields__allowed_tools(void **state)
{
	(void)state;
	assert_int_equal(complete("---\nname: s\ndescription: d\n"
				  "allowed-tools: Read, Bash(npm test:*)\n"
				  "---\n"),
			 AD_FIELD_NAME | AD_FIELD_DESCRIPTION | AD_FIELD_TOOLS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields__every_listed_tool_is_known),
		cmocka_unit_test(test_fields__unknown_tools),
		cmocka_unit_test(test_fields__mcp_and_patterns),
		cmocka_unit_test(test_fields__models),
		cmocka_unit_test(test_fields__complete),
		cmocka_unit_test(test_fields__present_but_incomplete),
		cmocka_unit_test(test_fields__allowed_tools),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
