/*
 * rulewords.h - what the words of a collection's rules do, from three
 * English lists compiled into the binary (stopwords/):
 *
 * - generic words say how well, or that, something is to be done
 *   (appropriate, proper, ensure, implement), not what it is about
 *   (generic_english.txt). Two rules that share only such words ("Add
 *   appropriate logging", "Add appropriate indexes") do not say the same
 *   thing, and idf cannot tell: "appropriate" is as rare as "indexes".
 * - facet words name a kind of work done on a thing (test, log,
 *   document: facets_english.txt): "Error handling tests" and "Consistent
 *   error handling" share two words and ask for two different things.
 * - synonyms name one thing in two words (db and database, optimise and
 *   optimize, remove and delete: synonyms_english.txt); in rule vectors a
 *   set counts as one term.
 *
 * Each list word is stemmed by a tokenizer made with the collection's
 * options, so a term is in a list when its stem is the stem of a listed
 * word ("appropriately" for "appropriate").
 *
 * Ownership: ad_rule_words_build() fills a caller-owned ad_rule_words
 * whose arrays are malloc'd; ad_rule_words_dispose() frees them.
 */
#ifndef AGENTDUP_RULEWORDS_H
#define AGENTDUP_RULEWORDS_H

#include <stdint.h>

#include "agentdup/collection.h"
#include "agentdup/error.h"
#include "agentdup/options.h"
#include "index/tfidf.h"

/* In rule vectors a generic word weighs this share of its idf: enough to
 * tell two wordings apart, too little to make two rules alike. */
#define AD_GENERIC_WEIGHT 0.25

/* What a term is, as flags. */
#define AD_WORD_GENERIC 1u
#define AD_WORD_FACET 2u

typedef struct ad_rule_words {
	uint8_t *kind;   /* per term: AD_WORD_* flags, 0 for most */
	uint32_t *canon; /* per term: the term its synonym set counts as */
	uint32_t nterms;
} ad_rule_words;

/* Classify the terms of c (ad_collection_nterms() of them). opts: how the
 * collection was tokenized. A synonym set counts as its member with the
 * lowest term id; a term in no set counts as itself. Fails only as
 * ad_tokenizer_new() does (AD_EINVAL: an unknown language). */
int ad_rule_words_build(ad_rule_words *out, const ad_collection *c,
			const ad_tokenizer_opts *opts, ad_error *err);
void ad_rule_words_dispose(ad_rule_words *w);

/* Whether the words of two rule vectors agree (kind: per term, AD_WORD_*
 * flags; NULL: every term a plain word). They do when they name the same
 * facet words, and share two words that are not generic, or every such
 * word of the rule with fewer. One shared word is not enough when each
 * rule has another of its own ("Query simplification", "Checkout
 * simplification"), nor two shared words when one rule names a kind of
 * work the other does not ("Error handling tests", "Consistent error
 * handling"). */
int ad_rule_words_agree(const ad_svec *a, const ad_svec *b,
			const uint8_t *kind);

/* What ad_rule_words_agree() needs of one vector, for a caller that
 * compares each vector with many: its facets, and its words that are not
 * generic, ascending, packed with those of the other vectors. */
typedef struct ad_rule_gist {
	uint64_t facets; /* a sum of hashes of its facet words' ids */
	uint32_t nwords; /* its words that are not generic */
	uint32_t first;  /* where they start in ad_rule_gists.words */
} ad_rule_gist;

typedef struct ad_rule_gists {
	ad_rule_gist *gist; /* per vector */
	uint32_t *words;    /* the vectors' words that are not generic */
} ad_rule_gists;

/* The gists of vecs[0..n), into out, whose arrays are malloc'd and freed
 * by ad_rule_gists_dispose(); on `jobs` threads (0: one per CPU). */
void ad_rule_gists_build(ad_rule_gists *out, const ad_svec *vecs, size_t n,
			 const uint8_t *kind, int jobs);
void ad_rule_gists_dispose(ad_rule_gists *g);

/* ad_rule_words_agree() of vectors a and b of g. */
int ad_rule_gists_agree(const ad_rule_gists *g, uint32_t a, uint32_t b);

#endif
