/*
 * utf8.h - decoding one UTF-8 sequence, strictly; and the script a text
 * is mostly written in.
 *
 * Shared by the tokenizer (which needs the code point) and the escapers
 * (which need to know what is valid), so both agree on what is invalid:
 * overlong forms, surrogates, code points past U+10FFFF, stray
 * continuation bytes and truncated sequences.
 */
#ifndef AGENTDUP_UTF8_H
#define AGENTDUP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length in bytes of the valid sequence at s[0..len), with its code point
 * in *cp; 0 when the bytes there are not one (*cp is then unset). */
size_t ad_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* The family of scripts a text is written in: CJK when at least a
 * quarter of its letters are CJK characters (the Latin words in a Chinese
 * sentence are names and terms), else the family of most of its letters.
 * Texts of one family can say the same thing in shared words; texts of
 * two cannot (a description and its translation). */
typedef enum ad_script {
	AD_SCRIPT_NONE = 0,  /* no letters */
	AD_SCRIPT_LATIN = 1, /* Latin letters, with accents */
	AD_SCRIPT_CJK = 2,   /* Han, kana, Hangul */
	AD_SCRIPT_OTHER = 3  /* any other script: Cyrillic, Greek, Thai... */
} ad_script;

ad_script ad_utf8_script(const char *s);

#endif
