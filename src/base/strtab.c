/*
 * strtab.c - interning with open addressing.
 *
 * Slots hold ids into an array of (pointer, length, hash); the strings
 * themselves live in an arena, so interning costs one copy and no malloc.
 * The table is kept at most half full. Each slot also carries the high
 * half of its string's hash, so a probe that meets other strings rejects
 * them without touching their entries (a cache miss each).
 */
#include "base/strtab.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/arena.h"

typedef struct entry {
	const char *s;
	size_t len;
	uint64_t hash;
} entry;

typedef struct slot {
	uint32_t id;
	uint32_t tag; /* hash >> 32 */
} slot;

struct ad_strtab {
	ad_arena *arena;
	entry *entries;
	size_t count, cap_entries;
	slot *slots;     /* id AD_STRTAB_NONE when empty */
	size_t nslots;   /* power of two */
};

/* Eight bytes at a time (little or big endian alike: only equality of
 * hashes matters here), short tails by overlapping loads, a
 * multiply-xorshift mix per word, and a final avalanche so that the low
 * bits used for slots depend on every byte (the length is mixed in from
 * the start, so overlapping loads do not confuse lengths). */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h ^= w * 0x9e3779b97f4a7c15ULL;
	h = (h << 27 | h >> 37) * 0xbf58476d1ce4e5b9ULL;
	return h;
}

uint64_t ad_hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x243f6a8885a308d3ULL ^ len, w;
	uint32_t a, b;

	if (len >= 8) {
		for (; len > 8; p += 8, len -= 8) {
			memcpy(&w, p, 8);
			h = mix(h, w);
		}
		memcpy(&w, p + len - 8, 8); /* the last 8, overlapping */
		h = mix(h, w);
	} else if (len >= 4) { /* two 4-byte loads cover 4 to 7 bytes */
		memcpy(&a, p, 4);
		memcpy(&b, p + len - 4, 4);
		h = mix(h, (uint64_t)a << 32 | b);
	} else if (len) {
		h = mix(h, (uint64_t)p[0] << 16 | (uint64_t)p[len / 2] << 8 |
			       p[len - 1]);
	}
	h ^= h >> 31;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 29);
}

ad_strtab *ad_strtab_new(void)
{
	ad_strtab *t = ad_xcalloc(1, sizeof(*t));

	t->arena = ad_arena_new();
	t->nslots = 1024;
	t->slots = ad_xmalloc(t->nslots * sizeof(*t->slots));
	memset(t->slots, 0xff, t->nslots * sizeof(*t->slots));
	return t;
}

void ad_strtab_free(ad_strtab *tab)
{
	if (!tab)
		return;
	ad_arena_free(tab->arena);
	free(tab->entries);
	free(tab->slots);
	free(tab);
}

static size_t probe(const ad_strtab *t, const char *s, size_t len,
		    uint64_t h)
{
	size_t mask = t->nslots - 1, i = (size_t)h & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t id = t->slots[i].id;
		const entry *e;

		if (id == AD_STRTAB_NONE)
			return i;
		if (t->slots[i].tag != (uint32_t)(h >> 32))
			continue;
		e = &t->entries[id];
		if (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0)
			return i;
	}
}

static void rehash(ad_strtab *t)
{
	size_t n = t->nslots * 2, mask = n - 1, id;
	slot *slots = ad_xmalloc(n * sizeof(*slots));

	memset(slots, 0xff, n * sizeof(*slots));
	for (id = 0; id < t->count; id++) {
		size_t i = (size_t)t->entries[id].hash & mask;
		while (slots[i].id != AD_STRTAB_NONE)
			i = (i + 1) & mask;
		slots[i].id = (uint32_t)id;
		slots[i].tag = (uint32_t)(t->entries[id].hash >> 32);
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
}

uint32_t ad_strtab_intern(ad_strtab *tab, const char *s, size_t len)
{
	uint64_t h = ad_hash_bytes(s, len);
	size_t i = probe(tab, s, len, h);
	entry *e;

	if (tab->slots[i].id != AD_STRTAB_NONE)
		return tab->slots[i].id;
	ad_grow(&tab->entries, &tab->cap_entries, tab->count + 1,
		sizeof(*tab->entries));
	e = &tab->entries[tab->count];
	e->s = ad_arena_strndup(tab->arena, s, len);
	e->len = len;
	e->hash = h;
	tab->slots[i].id = (uint32_t)tab->count++;
	tab->slots[i].tag = (uint32_t)(h >> 32);
	if (tab->count * 2 > tab->nslots)
		rehash(tab);
	return (uint32_t)(tab->count - 1);
}

uint32_t ad_strtab_find(const ad_strtab *tab, const char *s, size_t len)
{
	uint64_t h = ad_hash_bytes(s, len);
	return tab->slots[probe(tab, s, len, h)].id;
}

const char *ad_strtab_str(const ad_strtab *tab, uint32_t id, size_t *len)
{
	if (len)
		*len = tab->entries[id].len;
	return tab->entries[id].s;
}

uint32_t ad_strtab_count(const ad_strtab *tab)
{
	return (uint32_t)tab->count;
}
