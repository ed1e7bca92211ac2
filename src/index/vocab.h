/*
 * vocab.h - the corpus vocabulary: term lists of each document, and the
 * merge of per-thread tokenizer vocabularies into one.
 *
 * Tokenizers are per thread, so each has its own term ids. After all
 * documents are tokenized, ad_vocab_merge() gives each tokenizer a remap
 * table (local id -> vocabulary id) and ad_vocab_remap_doc() rewrites a
 * document's term arrays with it. Vocabulary ids are then assigned in
 * byte order of the stems (ad_vocab_finish()), so they do not depend on
 * which thread saw a word first.
 *
 * Each stem is read as one word (ad_vocab_surface()): the form of it seen
 * most often in all the merged tokenizers together, chosen when
 * ad_vocab_finish() runs, so that it too does not depend on threads.
 *
 * Ownership: an ad_vocab owns its strings; remap tables returned by
 * ad_vocab_merge() are malloc'd and freed by the caller.
 */
#ifndef AGENTDUP_VOCAB_H
#define AGENTDUP_VOCAB_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/doc.h"
#include "index/tokenizer.h"

typedef struct ad_vocab ad_vocab;

ad_vocab *ad_vocab_new(void);
void ad_vocab_free(ad_vocab *vocab); /* NULL is a no-op */

/* Fill the term arrays of doc (description, each section's title, prose
 * and code, each rule) with tok's local ids, in doc's arena; a doc with a
 * share holds its sections' terms apart until ad_doc_share_terms(), and
 * takes its rules' terms from the share, where they are numbered by the
 * tokenizer of the first doc that gave them: worker names tok for
 * ad_docshare_remap(). Unless tok keeps a journal, a rule text whose terms
 * are in the share already is not tokenized again: its words are then
 * counted by ad_vocab_count_taken(). ids/cap is the caller's scratch array
 * (malloc'd, grown as needed). */
void ad_vocab_tokenize_doc(ad_doc *doc, ad_tokenizer *tok, int worker,
			   uint32_t **ids, size_t *cap);

/* The words of the rule texts that docs took from share without
 * tokenizing them, counted as often as they were taken, on the tokenizers
 * toks[0..n), one thread each: every word's count is then what tokenizing
 * every doc in full makes it. Once every doc is tokenized, before the
 * tokenizers are merged. */
void ad_vocab_count_taken(const struct ad_docshare *share,
			  ad_tokenizer *const *toks, int n);

/* Add tok's terms, and its word counts; returns the remap table local id ->
 * merge id. */
uint32_t *ad_vocab_merge(ad_vocab *vocab, const ad_tokenizer *tok);

/* Terms that come from elsewhere than a tokenizer (a doc cache,
 * doccache.h): the merge id of stem[0..len), added when new, and count
 * tokens of the word w[0..len) counted as a form of merge id stem. */
uint32_t ad_vocab_intern_stem(ad_vocab *vocab, const char *stem,
			      size_t len);
void ad_vocab_add_word(ad_vocab *vocab, uint32_t stem, const char *w,
		       size_t len, uint64_t count);

/* Renumber terms in byte order of the stems, and choose each term's surface
 * word; returns the table merge id -> final id (malloc'd) to be composed
 * with the remap tables. */
uint32_t *ad_vocab_finish(ad_vocab *vocab);

/* Rewrite every term array of doc through remap, but for those it
 * shares. */
void ad_vocab_remap_doc(ad_doc *doc, const uint32_t *remap);

/* Only the doc's own arrays (its description's, metadata's and name's):
 * a doc decoded from a cache with a share holds the share's arrays for
 * its sections and rules, renumbered there once
 * (ad_docshare_remap()). */
void ad_vocab_remap_doc_own(ad_doc *doc, const uint32_t *remap);

uint32_t ad_vocab_count(const ad_vocab *vocab);
const char *ad_vocab_stem(const ad_vocab *vocab, uint32_t id);
/* The word a person reads for the term: of the words stemmed to it, the
 * most frequent in the collection, then the shortest, then the smallest in
 * byte order. Before ad_vocab_finish(), the stem itself. */
const char *ad_vocab_surface(const ad_vocab *vocab, uint32_t id);

#endif
