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

/* s[0..len), of hash h under the table's seed, interned. */
static uint32_t intern_hashed(ad_strtab *tab, const char *s, size_t len,
			      uint64_t h)
{
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

uint32_t ad_strtab_intern(ad_strtab *tab, const char *s, size_t len)
{
	return intern_hashed(tab, s, len, ad_hash_seeded(s, len, tab->seed));
}

/* src copied into the empty tab: its strings in one block, its entries
 * pointing there, and its slots as they are (the same hashes). */
static void copy_into_empty(ad_strtab *tab, const ad_strtab *src)
{
	size_t id, bytes = 0;
	char *at;

	for (id = 0; id < src->count; id++)
		bytes += src->entries[id].len + 1;
	at = ad_arena_alloc(tab->arena, bytes + 1);
	ad_grow(&tab->entries, &tab->cap_entries, src->count + 1,
		sizeof(*tab->entries));
	for (id = 0; id < src->count; id++) {
		const entry *e = &src->entries[id];

		memcpy(at, e->s, e->len + 1);
		tab->entries[id] = *e;
		tab->entries[id].s = at;
		at += e->len + 1;
	}
	tab->count = src->count;
	free(tab->slots);
	tab->nslots = src->nslots;
	tab->slots = ad_xmalloc(tab->nslots * sizeof(*tab->slots));
	memcpy(tab->slots, src->slots, tab->nslots * sizeof(*tab->slots));
}

void ad_strtab_merge(ad_strtab *tab, const ad_strtab *src, uint32_t *remap)
{
	size_t id;

	/* one seed a process (ad_hash_seed()): src's hashes hold in tab */
	if (tab->count == 0) {
		copy_into_empty(tab, src);
		for (id = 0; id < src->count; id++)
			remap[id] = (uint32_t)id;
		return;
	}
	for (id = 0; id < src->count; id++) {
		const entry *e = &src->entries[id];

		remap[id] = intern_hashed(tab, e->s, e->len, e->hash);
	}
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
