/*
 * docshare.c - one copy of each text the docs of a collection repeat.
 *
 * Two tables, plain strings and rule texts, each split into shards by the
 * top bits of the text's hash; a shard is an open-addressing table kept
 * at most half full, its copies in an arena of its own, behind its own
 * lock. The workers of a load intern every rule and heading of every doc,
 * and with 64 shards two of them seldom want the same lock at once.
 *
 * A rule text is copied behind a small record that carries its terms.
 * The record's worker is set last, with release order, once the terms
 * are in place: a thread that reads it set (acquire) reads whole terms
 * without taking the lock, and only the first doc tokenized with a text
 * takes it to give them.
 */
#include "parse/docshare.h"

#include <assert.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/arena.h"
#include "base/hash64.h"

#define SHARD_BITS 6
#define NSHARDS (1u << SHARD_BITS)
/* A shard's copies come in blocks of this size: 128 shards each leave
 * part of their last block unused, which bigger blocks would multiply. */
#define SHARD_BLOCK (64u * 1024u)

typedef struct slot {
	const char *s; /* NULL: empty */
	uint32_t len;
	uint32_t tag; /* the low half of the hash: its place, and a filter */
} slot;

typedef struct shard {
	pthread_mutex_t lock;
	slot *slots;
	size_t nslots; /* a power of two, or 0 */
	size_t count;
	ad_arena *arena;
	uint32_t index; /* in its table */
} shard;

/* A rule text and its terms; text is what a rule points at. */
typedef struct rule_entry {
	uint32_t *terms;
	uint32_t nterms;
	atomic_int worker; /* whose numbering terms are in; -1: none yet */
	uint32_t shard;
	char text[];
} rule_entry;

struct ad_docshare {
	uint64_t seed;
	shard strs[NSHARDS];
	shard rules[NSHARDS];
};

static void shards_init(shard *sh)
{
	unsigned i;

	for (i = 0; i < NSHARDS; i++) {
		pthread_mutex_init(&sh[i].lock, NULL);
		sh[i].index = i;
		sh[i].arena = ad_arena_new_fixed(SHARD_BLOCK);
	}
}

static void shards_dispose(shard *sh)
{
	unsigned i;

	for (i = 0; i < NSHARDS; i++) {
		pthread_mutex_destroy(&sh[i].lock);
		ad_arena_free(sh[i].arena);
		free(sh[i].slots);
	}
}

ad_docshare *ad_docshare_new(void)
{
	ad_docshare *share = ad_xcalloc(1, sizeof(*share));

	share->seed = ad_hash_seed();
	shards_init(share->strs);
	shards_init(share->rules);
	return share;
}

void ad_docshare_free(ad_docshare *share)
{
	if (!share)
		return;
	shards_dispose(share->strs);
	shards_dispose(share->rules);
	free(share);
}

/* The record of a rule text the share gave out: the share owns it, and
 * only the share writes to it. */
static rule_entry *entry_of(const char *text)
{
	return (rule_entry *)(uintptr_t)(text - offsetof(rule_entry, text));
}

/* Double the shard's slots, each string put back at its tag's place. */
static void grow(shard *sh)
{
	size_t n = sh->nslots ? sh->nslots * 2 : 64, mask = n - 1, i, k;
	slot *slots = ad_xcalloc(n, sizeof(*slots));

	for (i = 0; i < sh->nslots; i++) {
		if (!sh->slots[i].s)
			continue;
		for (k = sh->slots[i].tag & mask; slots[k].s; k = (k + 1) & mask)
			;
		slots[k] = sh->slots[i];
	}
	free(sh->slots);
	sh->slots = slots;
	sh->nslots = n;
}

/* The copy of s[0..len) in sh, made by copy() when it is new; called
 * with sh locked. */
static const char *find_or_add(shard *sh, uint32_t tag, const char *s,
			       uint32_t len,
			       const char *(*copy)(shard *, const char *,
						   uint32_t))
{
	size_t mask, k;

	if ((sh->count + 1) * 2 > sh->nslots)
		grow(sh);
	mask = sh->nslots - 1;
	for (k = tag & mask; sh->slots[k].s; k = (k + 1) & mask) {
		const slot *t = &sh->slots[k];

		if (t->tag == tag && t->len == len && memcmp(t->s, s, len) == 0)
			return t->s;
	}
	sh->slots[k].s = copy(sh, s, len);
	sh->slots[k].len = len;
	sh->slots[k].tag = tag;
	sh->count++;
	return sh->slots[k].s;
}

static const char *copy_str(shard *sh, const char *s, uint32_t len)
{
	return ad_arena_strndup(sh->arena, s, len);
}

static const char *copy_rule(shard *sh, const char *s, uint32_t len)
{
	rule_entry *e = ad_arena_alloc_aligned(
		sh->arena, offsetof(rule_entry, text) + (size_t)len + 1,
		alignof(rule_entry));

	e->terms = NULL;
	e->nterms = 0;
	atomic_init(&e->worker, -1);
	e->shard = sh->index;
	memcpy(e->text, s, len);
	e->text[len] = '\0';
	return e->text;
}

static const char *intern(ad_docshare *share, shard *table, const char *s,
			  size_t len, int rule)
{
	uint64_t h = ad_hash_seeded(s, len, share->seed);
	uint32_t at = (uint32_t)(h >> (64 - SHARD_BITS));
	shard *sh = &table[at];
	const char *out;

	assert(len < UINT32_MAX); /* files are bounded far below */
	pthread_mutex_lock(&sh->lock);
	out = find_or_add(sh, (uint32_t)h, s, (uint32_t)len,
			  rule ? copy_rule : copy_str);
	pthread_mutex_unlock(&sh->lock);
	return out;
}

const char *ad_docshare_str(ad_docshare *share, const char *s, size_t len)
{
	return intern(share, share->strs, s, len, 0);
}

const char *ad_docshare_rule(ad_docshare *share, const char *s, size_t len)
{
	return intern(share, share->rules, s, len, 1);
}

static uint32_t *copy_terms(ad_arena *arena, const uint32_t *ids,
			    uint32_t n)
{
	uint32_t *t = ad_arena_alloc_aligned(arena, n * sizeof(*ids),
					     alignof(uint32_t));

	return memcpy(t, ids, n * sizeof(*ids));
}

uint32_t *ad_docshare_terms(ad_docshare *share, const char *text,
				  const uint32_t *ids, uint32_t n, int worker,
				  uint32_t *nout)
{
	rule_entry *e = entry_of(text);
	shard *sh = &share->rules[e->shard];

	if (atomic_load_explicit(&e->worker, memory_order_acquire) < 0) {
		pthread_mutex_lock(&sh->lock);
		if (atomic_load_explicit(&e->worker, memory_order_relaxed) < 0) {
			e->terms = n ? copy_terms(sh->arena, ids, n) : NULL;
			e->nterms = n;
			atomic_store_explicit(&e->worker, worker,
					      memory_order_release);
		}
		pthread_mutex_unlock(&sh->lock);
	}
	*nout = e->nterms;
	return e->terms;
}

void ad_docshare_remap(ad_docshare *share, uint32_t *const *remap)
{
	size_t i, k;
	unsigned s;

	for (s = 0; s < NSHARDS; s++) {
		const shard *sh = &share->rules[s];

		for (i = 0; i < sh->nslots; i++) {
			rule_entry *e;
			int w;

			if (!sh->slots[i].s)
				continue;
			e = entry_of(sh->slots[i].s);
			w = atomic_load_explicit(&e->worker,
						 memory_order_relaxed);
			for (k = 0; w >= 0 && k < e->nterms; k++)
				e->terms[k] = remap[w][e->terms[k]];
		}
	}
}

static size_t shards_bytes(const shard *sh)
{
	size_t n = 0;
	unsigned i;

	for (i = 0; i < NSHARDS; i++)
		n += ad_arena_used(sh[i].arena) + sh[i].nslots * sizeof(slot);
	return n;
}

size_t ad_docshare_bytes(const ad_docshare *share)
{
	return shards_bytes(share->strs) + shards_bytes(share->rules);
}
