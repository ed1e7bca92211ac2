/*
 * strtab.c - interning with open addressing.
 *
 * Slots hold ids into an array of (pointer, length, hash); the strings
 * themselves live in an arena, so interning costs one copy and no malloc.
 * The table is kept at most half full, and the stored hash makes both
 * probing and resizing cheap.
 */
#include "agentdup/strtab.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/arena.h"
#include "agentdup/error.h"

typedef struct entry {
	const char *s;
	size_t len;
	uint64_t hash;
} entry;

struct ad_strtab {
	ad_arena *arena;
	entry *entries;
	size_t count, cap_entries;
	uint32_t *slots; /* AD_STRTAB_NONE when empty */
	size_t nslots;   /* power of two */
};

uint64_t ad_hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
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
		uint32_t id = t->slots[i];
		const entry *e;

		if (id == AD_STRTAB_NONE)
			return i;
		e = &t->entries[id];
		if (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0)
			return i;
	}
}

static void rehash(ad_strtab *t)
{
	size_t n = t->nslots * 2, mask = n - 1, id;
	uint32_t *slots = ad_xmalloc(n * sizeof(*slots));

	memset(slots, 0xff, n * sizeof(*slots));
	for (id = 0; id < t->count; id++) {
		size_t i = (size_t)t->entries[id].hash & mask;
		while (slots[i] != AD_STRTAB_NONE)
			i = (i + 1) & mask;
		slots[i] = (uint32_t)id;
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

	if (tab->slots[i] != AD_STRTAB_NONE)
		return tab->slots[i];
	ad_grow(&tab->entries, &tab->cap_entries, tab->count + 1,
		sizeof(*tab->entries));
	e = &tab->entries[tab->count];
	e->s = ad_arena_strndup(tab->arena, s, len);
	e->len = len;
	e->hash = h;
	tab->slots[i] = (uint32_t)tab->count++;
	if (tab->count * 2 > tab->nslots)
		rehash(tab);
	return (uint32_t)(tab->count - 1);
}

uint32_t ad_strtab_find(const ad_strtab *tab, const char *s, size_t len)
{
	uint64_t h = ad_hash_bytes(s, len);
	return tab->slots[probe(tab, s, len, h)];
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
