/*
 * docshare.h - texts that the docs of one collection hold in common.
 *
 * Forks of an agent repeat most of its lines word for word, so a
 * collection of them holds each rule's text, its terms and its section's
 * heading path and title many times over. A share keeps one copy of each
 * distinct text, and the docs parsed with it point at that copy
 * (ad_doc.share): readers of a doc see the same strings and arrays as
 * before, whoever holds them.
 *
 * A rule's terms depend on its text alone, so they are kept with the
 * text: the first doc tokenized that holds the text gives them, in the
 * numbering of its tokenizer (worker), and ad_docshare_remap() later
 * rewrites each with that worker's table, once, as ad_vocab_remap_doc()
 * does for a doc's own arrays.
 *
 * Threads: the table is split into shards, each with its own lock, so
 * that the workers of a load may intern at once; ad_docshare_remap(),
 * ad_docshare_bytes() and ad_docshare_free() must not run while others
 * intern.
 *
 * Ownership: the share owns every copy it hands out, and ad_docshare_free()
 * releases them all; a doc that points into it never frees them, so the
 * docs and the share may be freed in any order, but no doc may be read
 * once its share is freed.
 */
#ifndef AGENTDUP_DOCSHARE_H
#define AGENTDUP_DOCSHARE_H

#include <stddef.h>
#include <stdint.h>

typedef struct ad_docshare ad_docshare;

ad_docshare *ad_docshare_new(void);
void ad_docshare_free(ad_docshare *share); /* NULL is a no-op */

/* The share's NUL-terminated copy of s[0..len): the same pointer for the
 * same bytes. For strings that carry no terms (headings, paths). */
const char *ad_docshare_str(ad_docshare *share, const char *s, size_t len);

/* The share's copy of a rule's text s[0..len), which can carry terms; a
 * pointer that ad_docshare_str() gave is not one. */
const char *ad_docshare_rule(ad_docshare *share, const char *s, size_t len);

/* The terms of the rule text (a pointer ad_docshare_rule() gave): on the
 * first call for it, a copy of ids[0..n), numbered by worker's tokenizer;
 * later calls return that copy (their ids, which are the same terms
 * numbered by another tokenizer, are not read). *nout receives its
 * length. */
uint32_t *ad_docshare_terms(ad_docshare *share, const char *text,
				  const uint32_t *ids, uint32_t n, int worker,
				  uint32_t *nout);

/* Rewrite the terms of every rule text through remap[w], w the worker
 * that gave them. */
void ad_docshare_remap(ad_docshare *share, uint32_t *const *remap);

/* Bytes handed out: texts, terms and their records (for statistics). */
size_t ad_docshare_bytes(const ad_docshare *share);

#endif
