/*
 * estimate.h - how many tokens a text costs a language model, estimated
 * from what can be counted without the model's tokenizer: the text's
 * bytes, words, symbols, line breaks and CJK characters.
 *
 * A BPE tokenizer gives an English word about one token, a punctuation
 * mark or markup symbol a little less (some merge: `##`, `**`), a line
 * break most of one, and a Chinese character more than one, though it
 * takes three bytes: a byte count alone is off by half on Chinese text.
 * The weights below are fortieths of a token, fitted against a real
 * tokenizer on agent files, English and Chinese (README, "Token costs";
 * bench/token_error.js measures the error).
 *
 * Ownership: none; the counts are plain values and the functions keep no
 * state.
 */
#ifndef AGENTDUP_ESTIMATE_H
#define AGENTDUP_ESTIMATE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/doc.h"

/* Fortieths of a token per byte (of everything but CJK characters), word,
 * symbol, line break and CJK character. */
#define AD_ESTIMATE_UNIT 40
#define AD_ESTIMATE_BYTE 1
#define AD_ESTIMATE_WORD 42
#define AD_ESTIMATE_SYMBOL 26
#define AD_ESTIMATE_LINE 32
#define AD_ESTIMATE_CJK 48

typedef struct ad_estimate {
	uint64_t bytes;   /* of everything but the CJK characters */
	uint64_t words;   /* runs of letters, digits and their marks */
	uint64_t symbols; /* neither letter, digit nor space: punctuation,
			   * markup, emoji; a byte of invalid UTF-8 */
	uint64_t lines;   /* line ends: LF, CR or CR LF */
	uint64_t cjk;     /* characters of the scripts written without
			   * spaces: Han, kana, Hangul syllables, Thai */
} ad_estimate;

#define AD_ESTIMATE_INIT {0, 0, 0, 0, 0}

/* Add the counts of s[0..len) to e; a word does not run on from the text
 * counted before. */
void ad_estimate_add(ad_estimate *e, const char *s, size_t len);

/* The tokens of what e counted, rounded to the nearest: (bytes + 42 words
 * + 26 symbols + 32 lines + 48 CJK) / 40. */
uint64_t ad_estimate_tokens(const ad_estimate *e);

/* The tokens of s[0..len). */
uint64_t ad_estimate_text(const char *s, size_t len);

/* Fill doc->tokens_always and doc->tokens_body (doc.h) from the text
 * doc was parsed from, text[0..len). */
void ad_estimate_doc(ad_doc *doc, const char *text, size_t len);

#endif
