/*
 * markdown.h - the body of an agent file as sections and rules (cmark).
 *
 * ad_markdown_parse() reads doc->text from doc->fm.body_offset and appends
 * sections and rules to the doc (in its arena). Sections follow headings
 * (ATX and setext) with a heading path "A > B > C"; text before the first
 * heading is the intro section (level 0, path ""), present only when it
 * holds something. Rules are list items (nested ones are rules of their
 * own; task markers `[ ]`/`[x]` removed), numbered steps, and rows of pipe
 * tables (cmark's core parser leaves tables as paragraphs: they are split by
 * row here, the separator row skipped, the header row kept as prose). Code
 * blocks go to section.code, never to rules or prose.
 */
#ifndef AGENTDUP_MARKDOWN_H
#define AGENTDUP_MARKDOWN_H

#include "agentdup/doc.h"

void ad_markdown_parse(ad_doc *doc);

/* Parsing keeps some memory on the calling thread for its next parse
 * (bounded: a megabyte); this frees it. A thread that parses calls it
 * before it ends. */
void ad_markdown_release(void);

#endif
