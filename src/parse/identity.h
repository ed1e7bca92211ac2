/*
 * identity.h - who an agent file says it is, and what kind of file it is.
 *
 * An agent goes by its frontmatter `name`; by its file's name only when it
 * has none; and when that file name is a generic one that every agent of
 * a layout shares (SKILL.md, AGENTS.md, index.md, copy1.md: the list is
 * ad_identity_generic()), by the name of its folder. The name is kept as
 * a key: lower-cased ASCII, runs of anything that is not a letter or a
 * digit as one '-', other scripts as they are ("Code Reviewer" and
 * "code_reviewer" are "code-reviewer"; "AI 工程师" is "ai-工程师").
 *
 * The kind comes from the layout and the frontmatter (ad_doc_kind in
 * doc.h): a SKILL.md is a skill; a file under a `commands` folder is a
 * command; a Cursor rule (`.mdc`, or under `.cursor/rules` or a `rules`
 * folder) is rules; AGENTS.md, CLAUDE.md, GEMINI.md and
 * `*.instructions.md` or copilot-instructions.md are instructions; the
 * rest are agents.
 *
 * Ownership: ad_identity_fill() writes into the doc's arena.
 */
#ifndef AGENTDUP_IDENTITY_H
#define AGENTDUP_IDENTITY_H

#include <stddef.h>

#include "agentdup/doc.h"

/* The key of s[0..len) into out (cap bytes, NUL-terminated); its length.
 * A key cut at cap ends on a whole character. */
size_t ad_identity_key(char *out, size_t cap, const char *s, size_t len);

/* Whether a file name's stem (no folder, no extension) is generic: it
 * names the layout, not the agent. */
int ad_identity_generic(const char *stem, size_t len);

/* The length of key[0..len) without a version marker at its end: a
 * word "v" and a number, with any numbers after it ("-v2", "-v1-2" from
 * "v1.2"), or the word "copy" and a number ("-copy-2": "copy" alone is
 * a word of the job, as in "ad-copy"). Forks mark their copies so
 * ("code-reviewer-v2", "code-reviewer-copy-1"), and such a name is the
 * one it was copied from; a marker that is the whole key stays. */
size_t ad_identity_base(const char *key, size_t len);

/* Set doc->identity and doc->kind from its path and frontmatter. */
void ad_identity_fill(ad_doc *doc);

#endif
