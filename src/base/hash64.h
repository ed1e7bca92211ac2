/*
 * hash64.h - the in-memory hash of strtab.h, inlined for hot loops.
 *
 * Ownership: nothing is allocated. The seed belongs to the process: a
 * caller asks for it once (ad_hash_seed(), which draws it on its first
 * call) and keeps it, then hashes with ad_hash_seeded(), which is
 * ad_hash_bytes() without its check of the seed and without a call: a
 * token of a few bytes costs about as much to hash as a call costs.
 * ad_hash_seeded(p, n, ad_hash_seed()) == ad_hash_bytes(p, n), always.
 *
 * This header and strtab.c are the only users of xxhash.h, which is a
 * header-only library.
 */
#ifndef AGENTDUP_HASH64_H
#define AGENTDUP_HASH64_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

/* The process's seed of ad_hash_bytes(); drawn on the first call. */
uint64_t ad_hash_seed(void);

static inline uint64_t ad_hash_seeded(const void *data, size_t len,
				      uint64_t seed)
{
	return XXH3_64bits_withSeed(data, len, seed);
}

#endif
