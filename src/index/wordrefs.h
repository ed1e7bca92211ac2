/*
 * wordrefs.h - the words of one doc, packed for the cache.
 *
 * A scan that writes the cache keeps every doc's words (ad_word_ref:
 * a word's number in a table, and its count) until the cache is written:
 * at 100,000 files, 56 million of them, 430 MiB as 8-byte records. Packed,
 * each is the distance of its number from the one before, either way
 * (zigzag), and its count, 7 bits a byte (varint.h): a new word of a
 * tokenizer follows the one before it, and most counts are small, so a
 * word takes about two to four bytes. They are read back in order.
 *
 * Ownership: the bytes are in the arena given to ad_word_refs_pack().
 */
#ifndef AGENTDUP_WORDREFS_H
#define AGENTDUP_WORDREFS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* A word of one doc, by its number in a table of words (a tokenizer's,
 * ad_tokenizer_word(), or a cache's), and the tokens of it counted
 * there. */
typedef struct ad_word_ref {
	uint32_t word;
	uint32_t count; /* saturating at UINT32_MAX */
} ad_word_ref;

/* n words, packed. */
typedef struct ad_word_refs {
	const uint8_t *bytes;
	size_t n;
} ad_word_refs;

/* w[0..n) packed into arena (bytes NULL for none). */
ad_word_refs ad_word_refs_pack(const ad_word_ref *w, size_t n,
			       ad_arena *arena);

/* The words of w into *out (malloc'd, grown with ad_grow: *cap), in
 * their order; returns w.n. */
size_t ad_word_refs_unpack(ad_word_ref **out, size_t *cap, ad_word_refs w);

#endif
