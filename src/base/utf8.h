/*
 * utf8.h - decoding one UTF-8 sequence, strictly.
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

#endif
