/*
 * hash.c - content keys: the 128-bit hash that names a file's content
 * (hash.h says what it promises).
 *
 * Method: two lanes of MurmurHash3's 64-bit mix, one per seed, each over
 * the bytes read as little-endian 64-bit words whatever the host, since
 * the keys are persisted. The last partial word is read zero-padded.
 */
#include "agentdup/hash.h"

#include <inttypes.h>
#include <stdio.h>

static uint64_t load64le(const unsigned char *p, size_t n)
{
	uint64_t w = 0;

	while (n--)
		w = w << 8 | p[n];
	return w;
}

static uint64_t rotl(uint64_t x, int r) { return x << r | x >> (64 - r); }

static uint64_t fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

static uint64_t hash64(const unsigned char *p, size_t len, uint64_t seed)
{
	const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
	uint64_t h = seed, k;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		k = rotl(load64le(p + i, 8) * c1, 31) * c2;
		h = rotl(h ^ k, 27) * 5 + 0x52dce729;
	}
	if (i < len) {
		k = rotl(load64le(p + i, len - i) * c1, 31) * c2;
		h ^= k;
	}
	return fmix(h ^ (uint64_t)len);
}

void ad_hash_content(char *out, const void *data, size_t len)
{
	const unsigned char *p = len ? data : (const unsigned char *)"";

	snprintf(out, AD_HASH_HEX + 1, "%016" PRIx64 "%016" PRIx64,
		 hash64(p, len, 0x9e3779b97f4a7c15ULL),
		 hash64(p, len, 0x2545f4914f6cdd1dULL));
}
