/*
 * fields.c - Claude Code's tool and model names, and the frontmatter
 * checked against them.
 *
 * The tools are those of Claude Code's tools reference
 * (https://code.claude.com/docs/en/tools-reference: "the exact strings you
 * use in permission rules, subagent tool lists, and hook matchers"), and
 * the names it had before that agent files of the time still carry: Task
 * (now Agent), MultiEdit, LS, NotebookRead, TodoRead, BashOutput, KillBash,
 * KillShell, SlashCommand. A name the runtime no longer has is no worse in
 * a copy than in its original, and one it never had (opencode's lower-case
 * `read`, a made-up "Web Search") grants nothing. The models are the
 * subagent reference's (https://code.claude.com/docs/en/sub-agents):
 * aliases, inherit, or a full model id.
 */
#include "analysis/fields.h"

#include <stdlib.h>
#include <string.h>

/* Sorted by strcmp, for bsearch. */
static const char *const tool_names[] = {
	"Agent",        "Artifact",       "AskUserQuestion",
	"Bash",         "BashOutput",     "CronCreate",
	"CronDelete",   "CronList",       "Edit",
	"EnterPlanMode", "EnterWorktree", "ExitPlanMode",
	"ExitWorktree", "Glob",           "Grep",
	"KillBash",     "KillShell",      "LS",
	"LSP",          "ListMcpResourcesTool", "MultiEdit",
	"NotebookEdit", "NotebookRead",   "PowerShell",
	"Read",         "ReadMcpResourceTool", "Skill",
	"SlashCommand", "Task",           "TaskCreate",
	"TaskGet",      "TaskList",       "TaskOutput",
	"TaskStop",     "TaskUpdate",     "TodoRead",
	"TodoWrite",    "ToolSearch",     "WebFetch",
	"WebSearch",    "Write",
};

static const char *const model_aliases[] = {"sonnet", "opus", "haiku",
					    "inherit"};

static int by_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* "mcp__server" or "mcp__server__tool": letters, digits, '_' and '-'. */
static int mcp_tool(const char *s)
{
	if (strncmp(s, "mcp__", 5) != 0 || !s[5])
		return 0;
	return s[5 + strspn(s + 5, "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")] ==
	       '\0';
}

int ad_fields_known_tool(const char *name)
{
	size_t n = strcspn(name, "(");
	char head[32];

	if (mcp_tool(name))
		return 1;
	/* a permission pattern closes what it opens: "Bash(git:*)" */
	if (name[n] && name[strlen(name) - 1] != ')')
		return 0;
	if (n == 0 || n >= sizeof(head))
		return 0;
	memcpy(head, name, n);
	head[n] = '\0';
	return bsearch(head, tool_names,
		       sizeof(tool_names) / sizeof(*tool_names),
		       sizeof(*tool_names), by_name) != NULL;
}

int ad_fields_known_model(const char *model)
{
	size_t i;

	for (i = 0; i < sizeof(model_aliases) / sizeof(*model_aliases); i++)
		if (strcmp(model, model_aliases[i]) == 0)
			return 1;
	if (strncmp(model, "claude-", 7) != 0 || !model[7])
		return 0;
	return model[7 + strspn(model + 7, "abcdefghijklmnopqrstuvwxyz"
					   "0123456789.-")] == '\0';
}

/* Whether s holds something other than blanks. */
static int said(const char *s)
{
	return s && s[strspn(s, " \t\r\n")] != '\0';
}

static int tools_complete(const ad_fm_field *f)
{
	size_t i;

	if (!f || f->nvalues == 0)
		return 0;
	for (i = 0; i < f->nvalues; i++)
		if (!ad_fields_known_tool(f->values[i]))
			return 0;
	return 1;
}

unsigned ad_fields_complete(const ad_doc *doc)
{
	const ad_fm_field *tools = ad_doc_find_field(doc, "tools");
	const char *model = ad_doc_field(doc, "model");
	unsigned bits = 0;

	if (!tools)
		tools = ad_doc_find_field(doc, "allowed-tools");
	if (said(ad_doc_field(doc, "name")))
		bits |= AD_FIELD_NAME;
	if (said(ad_doc_field(doc, "description")))
		bits |= AD_FIELD_DESCRIPTION;
	if (tools_complete(tools))
		bits |= AD_FIELD_TOOLS;
	if (model && ad_fields_known_model(model))
		bits |= AD_FIELD_MODEL;
	return bits;
}

unsigned ad_fields_count(unsigned fields)
{
	unsigned n = 0;

	for (; fields; fields &= fields - 1)
		n++;
	return n;
}
