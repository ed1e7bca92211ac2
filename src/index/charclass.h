/*
 * charclass.h - what a code point is to the tokenizer, and the form it is
 * read in.
 *
 * Ownership: none; the functions are pure and keep no state.
 *
 * Scripts written with spaces (Latin, Greek, Cyrillic, Hangul, ...) are
 * read as words; those written without (Han, kana, Thai) as runs the
 * tokenizer cuts into overlapping pairs of characters. The class says
 * which, and the folded form is what the tokenizer keeps: lower case for
 * the common Latin, Greek and Cyrillic ranges, full-width ASCII as ASCII
 * (Ａ as a), half-width katakana as full-width (ｶ as カ).
 */
#ifndef AGENTDUP_CHARCLASS_H
#define AGENTDUP_CHARCLASS_H

#include <stdint.h>

typedef enum ad_charclass {
	AD_CHAR_SEP,    /* separates words: spaces, punctuation, symbols */
	AD_CHAR_WORD,   /* a letter or digit of a script written with spaces */
	AD_CHAR_MARK,   /* a Thai or kana combining mark: joins the character
			 * before it */
	AD_CHAR_IGNORE, /* neither separates nor counts: variation selectors */
	AD_CHAR_CJK,    /* Han and kana, one run however they mix */
	AD_CHAR_THAI    /* a Thai letter */
} ad_charclass;

/* The class of code point c, with its folded form in *folded. */
ad_charclass ad_charclass_of(uint32_t c, uint32_t *folded);

/* The kana that base followed by the combining (semi-)voiced sound mark
 * (U+3099, U+309A) composes into (か + ゛ = が), or 0 when there is none. */
uint32_t ad_charclass_compose(uint32_t base, uint32_t mark);

#endif
