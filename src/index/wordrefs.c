/*
 * wordrefs.c - a doc's words as varints: distances zigzagged, counts.
 */
#include "index/wordrefs.h"

#include "agentdup/error.h"
#include "base/varint.h"

/* The distance from one number to the next, modulo 2^32, as a number
 * that is small when the distance is small either way: 0, -1, 1, -2,
 * ... become 0, 1, 2, 3, ... */
static uint32_t zigzag(uint32_t from, uint32_t to)
{
	uint32_t d = to - from;

	return d >> 31 ? ~d << 1 | 1u : d << 1;
}

static uint32_t unzigzag(uint32_t from, uint32_t z)
{
	return from + (z & 1 ? ~(z >> 1) : z >> 1);
}

ad_word_refs ad_word_refs_pack(const ad_word_ref *w, size_t n,
			       ad_arena *arena)
{
	ad_word_refs out = {NULL, n};
	uint32_t last = 0;
	size_t i, len = 0;
	uint8_t *p;

	for (i = 0; i < n; i++) {
		len += ad_varint_len(zigzag(last, w[i].word)) +
		       ad_varint_len(w[i].count);
		last = w[i].word;
	}
	if (!n)
		return out;
	p = ad_arena_alloc_aligned(arena, len, 1);
	out.bytes = p;
	for (i = 0, last = 0; i < n; i++) {
		p += ad_varint_put(p, zigzag(last, w[i].word));
		p += ad_varint_put(p, w[i].count);
		last = w[i].word;
	}
	return out;
}

size_t ad_word_refs_unpack(ad_word_ref **out, size_t *cap, ad_word_refs w)
{
	const uint8_t *p = w.bytes;
	uint32_t last = 0, z;
	size_t i;

	ad_grow(out, cap, w.n + 1, sizeof(**out));
	for (i = 0; i < w.n; i++) {
		p = ad_varint_get(p, &z);
		last = (*out)[i].word = unzigzag(last, z);
		p = ad_varint_get(p, &(*out)[i].count);
	}
	return w.n;
}
