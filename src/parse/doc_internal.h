/*
 * doc_internal.h - building a doc (agentdup/doc.h): what the parsers of
 * the frontmatter and of the body call to fill one, and nothing above the
 * parse layer needs.
 *
 * Ownership: ad_doc_new() returns a doc that owns a new arena, as
 * ad_doc_free() expects; everything appended lives in that arena, but for
 * the sections and rules, which grow in malloc'd arrays until
 * ad_doc_seal() moves them into it at their final size. ad_doc_pack()
 * then moves the whole doc into a new arena of one block and frees the
 * old one, doc struct and all: the caller keeps the doc it returns.
 */
#ifndef AGENTDUP_DOC_INTERNAL_H
#define AGENTDUP_DOC_INTERNAL_H

#include <stddef.h>

#include "agentdup/doc.h"

/* An empty doc of path (copied) over text[0..len), which it borrows. */
ad_doc *ad_doc_new(const char *path, const char *text, size_t len);

/* Append a warning; line 0 means not about one line. */
void ad_doc_warn(ad_doc *doc, int line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Where to copy a string that a doc with a share will share (a rule's
 * text, a heading, a path): a scratch arena until ad_doc_seal() puts
 * them into the share; the doc's arena when it has none. */
struct ad_arena *ad_doc_arena_for_shared(ad_doc *doc);

/* Append a section / rule and return it, zeroed. Until ad_doc_seal(), the
 * arrays may move. */
ad_section *ad_doc_add_section(ad_doc *doc);
ad_rule *ad_doc_add_rule(ad_doc *doc);
/* The sections and rules moved into the arena at their final size, and
 * what the doc shares put into its share. */
void ad_doc_seal(ad_doc *doc);

/* A doc with a share: its sections' terms, numbered for good, replaced
 * by the share's copies (equal arrays of other docs are the same
 * copy). Terms of docs tokenized by different tokenizers compare only
 * once renumbered, so this comes after, not with, tokenizing. */
void ad_doc_share_terms(ad_doc *doc);

/* A doc whose strings lie in bytes that will go (a doc decoded from the
 * cache): its headings, section paths, rule texts, frontmatter strings,
 * name and identity replaced by share's copies, as a parsed doc's are,
 * and its warnings and its sections' text and code copied into its own
 * arenas. Its terms stay its own: the doc keeps no share (doc->share
 * stays NULL), and nothing in it points into those bytes after. */
void ad_doc_share_strings(ad_doc *doc, struct ad_docshare *share);

/* The doc moved into one block of its arena's exact size, once nothing
 * more is added to it (its terms included): a doc is built in blocks of a
 * fixed size, whose unused ends would otherwise be held as long as the
 * doc. doc itself is freed; pointers into it, but for its sections' text
 * and code, are no longer valid. The doc must be sealed. room, may be
 * NULL: where the block is taken from, the docs of a collection side by
 * side (ad_arena_pack()); it must outlive the doc. */
ad_doc *ad_doc_pack(ad_doc *doc, struct ad_arena *room);

#endif
