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

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h> /* getentropy */
#include <time.h>

#include "agentdup/error.h"
#include "base/arena.h"
#include "base/hash64.h" /* XXH3, inlined */

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
	uint64_t seed;   /* ad_hash_seed(), kept so a probe checks nothing */
};

/* The seed is drawn once per process, so that no one who knows the hash
 * can write a file of words that all fall into one run of slots (a
 * table's cost would then grow with the square of its size). Nothing
 * the tool outputs depends on where a string sits in a table. */
static uint64_t hash_seed;
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

static void draw_seed(void)
{
	uint64_t s = 0;

	if (getentropy(&s, sizeof(s)) != 0) /* no entropy: still varies */
		s = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&s;
	hash_seed = s;
}

uint64_t ad_hash_seed(void)
{
	pthread_once(&seed_once, draw_seed);
	return hash_seed;
}

uint64_t ad_hash_bytes(const void *data, size_t len)
{
	return ad_hash_seeded(data, len, ad_hash_seed());
}

ad_strtab *ad_strtab_new(void)
{
	ad_strtab *t = ad_xcalloc(1, sizeof(*t));

	t->arena = ad_arena_new();
	t->seed = ad_hash_seed();
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
	uint64_t h = ad_hash_seeded(s, len, tab->seed);
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
	uint64_t h = ad_hash_seeded(s, len, tab->seed);

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
