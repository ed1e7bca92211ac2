/*
 * tokenizer.h - text to term ids: UTF-8 words, lower-cased, stopwords
 * dropped, stemmed (libstemmer), interned.
 *
 * Ownership: an ad_tokenizer owns its stemmer, its stopword set, its word
 * cache and its term table; ad_tokenizer_free() releases all of them. A
 * tokenizer is not thread-safe: use one per thread. Term ids are local to
 * one tokenizer (ids of its own ad_strtab of stems).
 *
 * Method: split on anything that is not a letter or digit (Unicode letters
 * included, so "données" and "한국어" are words); lower-case (ASCII and the
 * common Latin, Greek and Cyrillic ranges), with full-width ASCII read as
 * ASCII (ＡＰＩ as api); drop stopwords *before* stemming; stem each
 * distinct word once, caching word -> term id. Words of one character,
 * and words longer than 64 bytes, are dropped.
 *
 * Scripts written without spaces are cut into overlapping pairs of
 * characters, as search engines' CJK analysers do: "供应链分析" gives
 * 供应 应链 链分 分析, so that two wordings of one sentence share terms; a
 * run of one character is a term by itself. Han and kana make one run
 * (Japanese mixes them within words; half-width katakana is read as
 * full-width), Thai a run of its own, a Thai character being a letter
 * with its vowel and tone marks. Latin letters and digits inside such a
 * run are words as anywhere else. Pairs are not stemmed; a stopword list
 * applies to them, but the built-in one, English, holds none: idf already
 * weighs down pairs with 的 or 和, and dropping them changed nothing
 * measurable (README). Invalid UTF-8 bytes are skipped and counted; they
 * separate words, and never crash or stop the tokenizer.
 */
#ifndef AGENTDUP_TOKENIZER_H
#define AGENTDUP_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "agentdup/options.h"
#include "base/arena.h"
#include "base/strtab.h"
#include "index/wordrefs.h"

typedef struct ad_tokenizer ad_tokenizer;


int ad_tokenizer_new(ad_tokenizer **out, const ad_tokenizer_opts *opts,
		     ad_error *err);
void ad_tokenizer_free(ad_tokenizer *tok); /* NULL is a no-op */

/* Append the term ids of text[0..len) to *ids (a malloc'd array with
 * capacity *cap, grown with ad_grow; *n is its length). Returns the number
 * of bytes skipped because they are not valid UTF-8. */
size_t ad_tokenizer_run(ad_tokenizer *tok, const char *text, size_t len,
			uint32_t **ids, size_t *n, size_t *cap);

/* Count the words of text[0..len) `times` more times, as if it had been
 * run that often, and give no terms: for a text whose terms a caller took
 * from an earlier run of it (parse/docshare.h), so that the counts are
 * those of running every text. *ids and *cap are scratch space, as for
 * ad_tokenizer_run(). The journal (below) must be off. */
void ad_tokenizer_count(ad_tokenizer *tok, const char *text, size_t len,
			uint32_t times, uint32_t **ids, size_t *cap);

/* The table of stems: term id -> stem. */
const ad_strtab *ad_tokenizer_terms(const ad_tokenizer *tok);

/* Called once per distinct word seen that is not a stopword: the
 * lower-cased word[0..len) (not NUL-terminated, borrowed until the call
 * returns), the term it stems to, and how many tokens of it were seen
 * (saturating at UINT32_MAX). */
typedef void (*ad_tokenizer_word_fn)(const char *word, size_t len,
				     uint32_t term, uint32_t count,
				     void *payload);

/* Call fn for every word, in no particular order; the counts let a caller
 * choose the word a person reads for a term (see ad_vocab_surface()). */
void ad_tokenizer_foreach_word(const ad_tokenizer *tok,
			       ad_tokenizer_word_fn fn, void *payload);

/* The journal: while it is on, every token of a word that is no stopword
 * is noted, so that the words of one doc can be told apart from the
 * tokenizer's totals (a doc cache keeps them per doc, doccache.h).
 * Switching it on or off empties it. */
void ad_tokenizer_journal(ad_tokenizer *tok, int on);
int ad_tokenizer_journaling(const ad_tokenizer *tok); /* whether it is on */

/* The words noted since the journal was last taken or switched on, each
 * once with its count, in the order they were first met there, numbered
 * as ad_tokenizer_word() reads them; *out lives in arena. Empties the
 * journal. */
size_t ad_tokenizer_journal_take(ad_word_ref **out, ad_tokenizer *tok,
				 ad_arena *arena);

/* Word id of the tokenizer (id < ad_tokenizer_words_seen()): its bytes,
 * lower-cased and NUL-terminated, *len long, valid while the tokenizer
 * lives; *term is the term it stems to (AD_STRTAB_NONE: a stopword). */
const char *ad_tokenizer_word(const ad_tokenizer *tok, uint32_t id,
			      size_t *len, uint32_t *term);

/* Whether the lower-cased word w[0..len) is a stopword. */
int ad_tokenizer_is_stopword(const ad_tokenizer *tok, const char *w,
			     size_t len);

/* Statistics: distinct words (and pairs) seen, and stemmer calls made
 * (each distinct non-stopword word is stemmed once, pairs never). */
size_t ad_tokenizer_words_seen(const ad_tokenizer *tok);
size_t ad_tokenizer_stem_calls(const ad_tokenizer *tok);

#endif
