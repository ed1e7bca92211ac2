/*
 * wordrefs.c - a doc's words as varints: distances zigzagged, counts.
 */
#include "index/wordrefs.h"

#include "agentdup/error.h"
#include "base/varint.h"

/* A distance between two numbers below 2^32, either way, as a number
 * that is small when the distance is. */
static uint64_t zigzag(uint32_t from, uint32_t to)
{
	int64_t d = (int64_t)to - (int64_t)from;

	return d >= 0 ? (uint64_t)d << 1 : ((uint64_t)(-d) << 1) - 1;
}

static uint32_t unzigzag(uint32_t from, uint64_t z)
{
	int64_t d = z & 1 ? -(int64_t)((z + 1) >> 1) : (int64_t)(z >> 1);

	return (uint32_t)((int64_t)from + d);
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

/* A value of at most 64 bits at p, from bytes ad_word_refs_pack() wrote. */
static const uint8_t *get64(const uint8_t *p, uint64_t *v)
{
	uint64_t x = 0;
	unsigned shift = 0;

	while (*p & 0x80) {
		x |= (uint64_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	*v = x | (uint64_t)*p++ << shift;
	return p;
}

size_t ad_word_refs_unpack(ad_word_ref **out, size_t *cap, ad_word_refs w)
{
	const uint8_t *p = w.bytes;
	uint32_t last = 0;
	uint64_t z;
	size_t i;

	ad_grow(out, cap, w.n + 1, sizeof(**out));
	for (i = 0; i < w.n; i++) {
		p = get64(p, &z);
		last = (*out)[i].word = unzigzag(last, z);
		p = ad_varint_get(p, &(*out)[i].count);
	}
	return w.n;
}
