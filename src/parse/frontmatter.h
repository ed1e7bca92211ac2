/*
 * frontmatter.h - the YAML block at the top of an agent file (libyaml).
 *
 * ad_frontmatter_parse() fills doc->fm and doc->name from doc->text. All
 * strings go into doc->arena. Problems become warnings in the doc:
 * invalid YAML gets "line N: invalid frontmatter yaml: <libyaml's reason>"
 * and the top-level `key: value` lines are then recovered by hand, so the
 * agent is still analysed. A file without frontmatter is fine
 * (fm.present == 0, body_offset 0). Never fails on content.
 */
#ifndef AGENTDUP_FRONTMATTER_H
#define AGENTDUP_FRONTMATTER_H

#include "agentdup/doc.h"
#include "base/arena.h"

void ad_frontmatter_parse(ad_doc *doc);

/* Decode backslash escapes as they appear in scalar descriptions (\n, \t,
 * \", \\, \r) and split out <example>...</example> blocks. Exposed for
 * tests. *examples and *nexamples receive an arena array. Returns the
 * description proper, whitespace-trimmed. */
const char *ad_frontmatter_description(ad_arena *arena, const char *raw,
				       const char ***examples,
				       size_t *nexamples);

#endif
