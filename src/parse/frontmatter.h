/*
 * frontmatter.h - the YAML block at the top of an agent file (libyaml).
 *
 * ad_frontmatter_parse() fills doc->fm and doc->name from doc->text. All
 * strings go into doc->arena. Problems become warnings in the doc:
 * invalid YAML gets "line N: invalid frontmatter yaml: <libyaml's reason>"
 * and the top-level `key: value` lines are then recovered by hand, so the
 * agent is still analysed. A block left open gets "frontmatter is not
 * closed", and is read as ending before its first line that is not a
 * key, indented or a list item, when its first line is a key (else the
 * dashes were a thematic break). A file without frontmatter is fine
 * (fm.present == 0, body_offset 0). Never fails on content.
 *
 * libyaml only sees a block of at most AD_FRONTMATTER_MAX_BYTES whose flow
 * collections (`[...]`, `{...}`) nest at most AD_FRONTMATTER_MAX_DEPTH
 * deep; a larger or deeper one gets a warning that names the bound and is
 * read by hand like invalid YAML. Lines end as cmark ends them: LF, CRLF
 * or a lone CR.
 */
#ifndef AGENTDUP_FRONTMATTER_H
#define AGENTDUP_FRONTMATTER_H

#include "agentdup/doc.h"
#include "base/arena.h"

/* Real frontmatter is a few kilobytes and two or three levels deep. */
#define AD_FRONTMATTER_MAX_BYTES (1024 * 1024)
#define AD_FRONTMATTER_MAX_DEPTH 64

void ad_frontmatter_parse(ad_doc *doc);

/* The same through libyaml's document API, which builds the block's tree:
 * ad_frontmatter_parse() reads libyaml's events instead, and leaves a
 * block with anchors or aliases to this one. Exposed so tests can check
 * that both read every block alike. */
void ad_frontmatter_parse_tree(ad_doc *doc);

/* Decode backslash escapes as they appear in scalar descriptions (\n, \t,
 * \", \\, \r) and split out <example>...</example> blocks. Exposed for
 * tests. *examples and *nexamples receive an arena array. Returns the
 * description proper, whitespace-trimmed. */
const char *ad_frontmatter_description(ad_arena *arena, const char *raw,
				       const char ***examples,
				       size_t *nexamples);

#endif
