/*
 * fields.h - the frontmatter an agent runtime reads, and whether an
 * agent's is complete: a name and a description that say something,
 * tools it can grant, a model it can run.
 *
 * The runtime is Claude Code, whose agent files the collections audited
 * here are written for. Its tool names and model names are kept in
 * fields.c, once, with where they come from.
 *
 * Ownership: nothing is allocated; the doc is borrowed.
 */
#ifndef AGENTDUP_FIELDS_H
#define AGENTDUP_FIELDS_H

#include "agentdup/doc.h"

/* The fields a runtime reads, as bits. */
enum {
	AD_FIELD_NAME = 1,        /* `name`, not blank */
	AD_FIELD_DESCRIPTION = 2, /* `description`, not blank */
	AD_FIELD_TOOLS = 4,       /* `tools`: known tool names only */
	AD_FIELD_MODEL = 8,       /* `model`: a known model */
	AD_FIELDS_ALL = 15
};

/* Whether name is a tool the runtime knows: a built-in tool, with or
 * without a permission pattern ("Bash(git diff:*)"), or an MCP tool
 * ("mcp__server__tool", or "mcp__server" for all of a server's). Case
 * matters, as it does to the runtime. */
int ad_fields_known_tool(const char *name);

/* Whether model is one the runtime runs: an alias (sonnet, opus, haiku),
 * inherit (the caller's model), or a full model id ("claude-" and
 * lower-case letters, digits, '.' and '-': "claude-sonnet-4-5"). */
int ad_fields_known_model(const char *model);

/* The AD_FIELD_* bits of doc's frontmatter that are complete. Tools are
 * read from `tools`, or from `allowed-tools` as skills name them; a list
 * with one unknown name is not complete (that tool would not be
 * granted). */
unsigned ad_fields_complete(const ad_doc *doc);

/* How many of the bits of fields are set: 0..4. */
unsigned ad_fields_count(unsigned fields);

#endif
