/*
 * docshare.h - texts that the docs of one collection hold in common.
 *
 * Forks of an agent repeat most of its lines word for word, so a
 * collection of them holds each rule's text and terms, each section's
 * heading, path and terms and each frontmatter value many times over. A
 * share keeps one copy of each distinct text, and the docs parsed with it
 * point at that copy (ad_doc.share): readers of a doc see the same
 * strings and arrays as before, whoever holds them.
 *
 * A rule's terms depend on its text alone, so they are kept with the
 * text: the first doc tokenized that holds the text gives them, in the
 * numbering of its tokenizer (worker), and ad_docshare_remap() later
 * rewrites each with that worker's table, once, as ad_vocab_remap_doc()
 * does for a doc's own arrays. A later doc with the text takes them
 * rather than tokenizing it again; the share counts how often, for the
 * words' counts (ad_docshare_taken()).
 *
 * Threads: the workers of a load may put strings and give and take terms
 * at once (finding a string takes no lock; adding one locks one shard of
 * 64); ad_docshare_taken(), ad_docshare_remap(), ad_docshare_seal(),
 * ad_docshare_bytes() and ad_docshare_free() must not run while others
 * put.
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

/* Replace each of n strings, at first, first + stride bytes, ..., by the
 * share's copy of it: the same pointer for the same bytes (up to the
 * NUL); a NULL stays NULL. Strings from ad_docshare_strs() carry no terms (headings, paths,
 * frontmatter); those from ad_docshare_rules() are rule texts, which can
 * (ad_docshare_terms()). A doc's strings are best given all at once:
 * they are looked up in chunks whose memory reads overlap. */
void ad_docshare_strs(ad_docshare *share, const char **first, size_t n,
		      size_t stride);
void ad_docshare_rules(ad_docshare *share, const char **first, size_t n,
		       size_t stride);

/* The terms of the rule text (a pointer ad_docshare_rules() gave): on the
 * first call for it, a copy of ids[0..n), numbered by worker's tokenizer;
 * later calls return that copy (their ids, which are the same terms
 * numbered by another tokenizer, are not read). *nout receives its
 * length. bad: the bytes of invalid UTF-8 the tokenizer skipped in the
 * text, which a doc counts (ad_docshare_take()). */
uint32_t *ad_docshare_terms(ad_docshare *share, const char *text,
			    const uint32_t *ids, uint32_t n, size_t bad,
			    int worker, uint32_t *nout);

/* Whether the rule text has its terms already: if so, 1, with them in
 * *terms and *n as ad_docshare_terms() would give them, and the text need
 * not be tokenized again; the take is counted (ad_docshare_taken()). 0 if
 * not yet, or if the tokenizer skipped bytes of it (a doc counts them,
 * so such a text is tokenized each time): tokenize it and give its
 * terms. */
int ad_docshare_take(ad_docshare *share, const char *text,
		     uint32_t **terms, uint32_t *n);

/* The rule texts whose terms were taken, each once, into *texts, and how
 * many times into *times (both malloc'd, NULL when there are none; the
 * texts are the share's): a tokenizer that counts words counts those of
 * each text that often more. Before ad_docshare_seal(). */
size_t ad_docshare_taken(const ad_docshare *share, const char ***texts,
			 uint32_t **times);

/* Once every doc is tokenized, before ad_docshare_seal(): rewrite the
 * terms of every rule text through remap[w], w the worker that gave
 * them, and every array ad_docshare_kept() gave through kept (the
 * cache's stem ids to final ids; NULL when no doc came from a cache),
 * each once, on `jobs` threads (0: one per CPU). */
void ad_docshare_remap(ad_docshare *share, uint32_t *const *remap,
		       const uint32_t *kept, int jobs);

/* Replace each of n term arrays, at first, first + stride bytes, ..., of
 * counts[0], counts[stride bytes], ... terms, by the share's copy of it
 * (NULL, of 0 terms, stays): for sections, once their terms have their
 * final numbers, which alone make equal arrays equal. */
void ad_docshare_term_arrays(ad_docshare *share, uint32_t **first,
			     const uint32_t *counts, size_t n, size_t stride);

/* The share's copies of n term arrays of a doc decoded from a cache, its
 * rules' (rule) or its sections': array i, counts[i] terms at bytes[i]
 * (any alignment, numbered by the cache's stems), into *first, *(first +
 * stride bytes), ...; NULL for 0 terms. Held apart from the parsed docs'
 * arrays (ad_docshare_drop_terms() drops the sections' only). Equal
 * arrays of such docs are one copy, renumbered once every doc is in
 * (ad_docshare_remap()): a doc does not carry arrays that forks repeat.
 * They are looked up in chunks, as strings are. */
void ad_docshare_kept(ad_docshare *share, int rule, uint32_t **first,
		      size_t stride, const void *const *bytes,
		      const uint32_t *counts, size_t n);

/* Once every doc is in: free what finding strings took (the copies
 * stay). Strings put after it are copied anew. */
void ad_docshare_seal(ad_docshare *share);

/* Free the sections' term arrays (ad_docshare_term_arrays(), and the
 * sections' of ad_docshare_kept()), once no doc points at them: the
 * share keeps its strings, rule texts and rules' term arrays. */
void ad_docshare_drop_terms(ad_docshare *share);

/* Bytes handed out: texts, terms and their records (for statistics). */
size_t ad_docshare_bytes(const ad_docshare *share);

#endif
