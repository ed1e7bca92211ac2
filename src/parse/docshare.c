/*
 * docshare.c - one copy of each text the docs of a collection repeat.
 *
 * Three tables, plain strings, rule texts and sections' term arrays, each
 * split into shards by the top bits of the hash of the bytes; a shard is
 * an open-addressing table kept at most half full, its copies in an
 * arena of its own. Most strings of a load are there already (forks),
 * so finding takes no lock: a slot is filled once and never changed, and
 * a table that grows is replaced by a bigger one, the old kept for
 * readers still in it; only adding takes the shard's lock, and looks
 * again under it. Nothing is looked up once the load is done, so
 * ad_docshare_seal() frees the tables, leaving the copies.
 *
 * A lookup is two cache misses, the slot and then the copy it points at
 * (to compare bytes), and a load makes millions: a doc's strings are
 * therefore put a chunk at a time, in three passes over the chunk that
 * each ask the memory for what the next one reads (the slots, then the
 * copies found there), so that the misses of a chunk overlap instead of
 * coming one after another.
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
#include "base/parallel.h"

#define SHARD_BITS 6
#define NSHARDS (1u << SHARD_BITS)
/* A shard's copies come in blocks of this size: 128 shards each leave
 * part of their last block unused, which bigger blocks would multiply. */
#define SHARD_BLOCK (64u * 1024u)
#define RELAXED memory_order_relaxed
#define ACQUIRE memory_order_acquire
#define RELEASE memory_order_release

/* A slot is filled once, its length and tag before its string (release),
 * and never changed: a reader that sees the string (acquire) reads the
 * rest whole. */
typedef struct slot {
	_Atomic(const char *) s; /* NULL: empty */
	uint32_t len;
	uint32_t tag; /* the low half of the hash: its place, and a filter */
} slot;

/* A table of n slots (a power of two). A grow replaces it but keeps the
 * old one (older) until ad_docshare_seal(), for readers still in it. */
typedef struct slots {
	struct slots *older;
	size_t n;
	slot at[];
} slots;

typedef struct shard {
	pthread_mutex_t lock; /* taken to add, never to find */
	_Atomic(slots *) tab;
	size_t count;
	ad_arena *arena;
	uint32_t index; /* in its table */
} shard;

/* A rule text and its terms; text is what a rule points at. */
typedef struct rule_entry {
	uint32_t *terms;
	uint32_t nterms;
	atomic_int worker; /* whose numbering terms are in; -1: none yet */
	atomic_uint taken; /* times its terms were taken, not made */
	uint16_t shard;
	uint8_t bad;       /* the tokenizer skipped invalid UTF-8 in it */
	char text[];
} rule_entry;

struct ad_docshare {
	uint64_t seed;
	shard strs[NSHARDS];
	shard rules[NSHARDS];
	shard terms[NSHARDS]; /* sections' term arrays, final numbers */
	/* the term arrays of docs decoded from a cache, by the cache's
	 * numbers until ad_docshare_remap(): sections', rules' */
	shard kept_sections[NSHARDS];
	shard kept_rules[NSHARDS];
};

static void free_tables(shard *sh)
{
	slots *t = atomic_load_explicit(&sh->tab, RELAXED), *older;

	for (; t; t = older) {
		older = t->older;
		free(t);
	}
	atomic_store_explicit(&sh->tab, NULL, RELAXED);
}

static void shards_init(shard *sh)
{
	unsigned i;

	for (i = 0; i < NSHARDS; i++) {
		pthread_mutex_init(&sh[i].lock, NULL);
		sh[i].index = i;
		atomic_init(&sh[i].tab, NULL);
		sh[i].arena = ad_arena_new_fixed(SHARD_BLOCK);
	}
}

static void shards_dispose(shard *sh)
{
	unsigned i;

	for (i = 0; i < NSHARDS; i++) {
		pthread_mutex_destroy(&sh[i].lock);
		ad_arena_free(sh[i].arena);
		free_tables(&sh[i]);
	}
}

ad_docshare *ad_docshare_new(void)
{
	ad_docshare *share = ad_xcalloc(1, sizeof(*share));

	share->seed = ad_hash_seed();
	shards_init(share->strs);
	shards_init(share->rules);
	shards_init(share->terms);
	shards_init(share->kept_sections);
	shards_init(share->kept_rules);
	return share;
}

void ad_docshare_free(ad_docshare *share)
{
	if (!share)
		return;
	shards_dispose(share->strs);
	shards_dispose(share->rules);
	shards_dispose(share->terms);
	shards_dispose(share->kept_sections);
	shards_dispose(share->kept_rules);
	free(share);
}

/* The record of a rule text the share gave out: the share owns it, and
 * only the share writes to it. */
static rule_entry *entry_of(const char *text)
{
	return (rule_entry *)(uintptr_t)(text - offsetof(rule_entry, text));
}

/* The free slot where a string of this tag goes in t. */
static slot *free_slot(slots *t, uint32_t tag)
{
	size_t mask = t->n - 1, k;

	for (k = tag & mask; atomic_load_explicit(&t->at[k].s, RELAXED);
	     k = (k + 1) & mask)
		;
	return &t->at[k];
}

/* Twice the slots, each string put at its tag's place, published once
 * filled; called with sh locked. */
static slots *grow(shard *sh, slots *old)
{
	size_t n = old ? old->n * 2 : 64, i;
	slots *t = ad_xcalloc(1, sizeof(*t) + n * sizeof(slot));

	t->n = n;
	t->older = old;
	for (i = 0; old && i < old->n; i++) {
		const char *s = atomic_load_explicit(&old->at[i].s, RELAXED);
		slot *to;

		if (!s)
			continue;
		to = free_slot(t, old->at[i].tag);
		to->len = old->at[i].len;
		to->tag = old->at[i].tag;
		atomic_store_explicit(&to->s, s, RELAXED);
	}
	atomic_store_explicit(&sh->tab, t, RELEASE);
	return t;
}

/* The first string in t whose tag and length are these, which is most
 * likely the one looked for; NULL if none. Takes no lock. */
static const char *candidate(const slots *t, uint32_t tag, uint32_t len)
{
	size_t mask, k;
	const char *s;

	if (!t)
		return NULL;
	mask = t->n - 1;
	for (k = tag & mask;
	     (s = atomic_load_explicit(&t->at[k].s, ACQUIRE)) != NULL;
	     k = (k + 1) & mask)
		if (t->at[k].tag == tag && t->at[k].len == len)
			return s;
	return NULL;
}

/* The copy of s[0..len) in sh, made by copy() when it is new; called
 * with sh locked. */
static const char *find_or_add(shard *sh, uint32_t tag, const char *s,
			       uint32_t len,
			       const char *(*copy)(shard *, const char *,
						   uint32_t))
{
	slots *t = atomic_load_explicit(&sh->tab, RELAXED);
	size_t mask, k;
	const char *found;
	slot *to;

	if (!t || (sh->count + 1) * 2 > t->n)
		t = grow(sh, t);
	mask = t->n - 1;
	for (k = tag & mask;
	     (found = atomic_load_explicit(&t->at[k].s, RELAXED)) != NULL;
	     k = (k + 1) & mask)
		if (t->at[k].tag == tag && t->at[k].len == len &&
		    memcmp(found, s, len) == 0)
			return found;
	to = &t->at[k];
	to->len = len;
	to->tag = tag;
	found = copy(sh, s, len);
	atomic_store_explicit(&to->s, found, RELEASE);
	sh->count++;
	return found;
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
	e->bad = 0;
	atomic_init(&e->worker, -1);
	atomic_init(&e->taken, 0);
	e->shard = (uint16_t)sh->index;
	memcpy(e->text, s, len);
	e->text[len] = '\0';
	return e->text;
}

static void prefetch(const void *p)
{
#if defined(__GNUC__)
	__builtin_prefetch(p);
#else
	(void)p;
#endif
}

/* What a share holds: strings, rule texts, term arrays; those of docs
 * decoded from a cache, sections' and rules', in tables of their own. */
enum kind { STR, RULE, TERMS, KEPT_SECTIONS, KEPT_RULES };

/* Term arrays are bytes, not strings: no NUL, and at a uint32_t's
 * alignment. */
static const char *copy_terms_bytes(shard *sh, const char *s, uint32_t len)
{
	char *t = ad_arena_alloc_aligned(sh->arena, len, alignof(uint32_t));

	return memcpy(t, s, len);
}

static const char *(*const copy_of[])(shard *, const char *, uint32_t) = {
	copy_str, copy_rule, copy_terms_bytes, copy_terms_bytes,
	copy_terms_bytes};

/* A string or term array of a chunk on its way to the share: at *ref,
 * or (terms) at *tref, of len bytes. */
typedef struct pending {
	const char **ref;
	uint32_t **tref;
	const char *bytes;
	uint32_t len, tag;
	shard *sh;
	const char *cand; /* candidate(), looked up in the second pass */
} pending;

#define CHUNK 16

/* First pass: hash, and ask for the slot where a probe starts. */
static void hash_chunk(pending *p, size_t n, shard *table, uint64_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t h;
		const slots *t;

		if (p[i].ref) {
			size_t len = strlen(*p[i].ref);

			assert(len < UINT32_MAX); /* files are far smaller */
			p[i].bytes = *p[i].ref;
			p[i].len = (uint32_t)len;
		}
		h = ad_hash_seeded(p[i].bytes, p[i].len, seed);
		p[i].tag = (uint32_t)h;
		p[i].sh = &table[h >> (64 - SHARD_BITS)];
		t = atomic_load_explicit(&p[i].sh->tab, ACQUIRE);
		if (t)
			prefetch(&t->at[p[i].tag & (t->n - 1)]);
	}
}

/* Second pass: the candidate in each slot, and ask for its bytes. */
static void probe_chunk(pending *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].cand = candidate(
			atomic_load_explicit(&p[i].sh->tab, ACQUIRE), p[i].tag,
			p[i].len);
		if (p[i].cand)
			prefetch(p[i].cand);
	}
}

/* Third pass: a candidate of the same bytes is the copy; otherwise the
 * full lookup, which adds the string when it is new. */
static void settle_chunk(pending *p, size_t n, enum kind kind)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *copy = p[i].cand;

		if (!copy || memcmp(copy, p[i].bytes, p[i].len) != 0) {
			pthread_mutex_lock(&p[i].sh->lock);
			copy = find_or_add(p[i].sh, p[i].tag, p[i].bytes,
					   p[i].len, copy_of[kind]);
			pthread_mutex_unlock(&p[i].sh->lock);
		}
		if (p[i].ref)
			*p[i].ref = copy;
		else /* the share's, which no reader writes to */
			*p[i].tref = (uint32_t *)(uintptr_t)copy;
	}
}

static shard *table_of(ad_docshare *share, enum kind kind)
{
	switch (kind) {
	case STR: return share->strs;
	case RULE: return share->rules;
	case TERMS: return share->terms;
	case KEPT_SECTIONS: return share->kept_sections;
	case KEPT_RULES: return share->kept_rules;
	}
	return NULL;
}

static void put_chunk(ad_docshare *share, pending *p, size_t n,
		      enum kind kind)
{
	shard *table = table_of(share, kind);

	hash_chunk(p, n, table, share->seed);
	probe_chunk(p, n);
	settle_chunk(p, n, kind);
}

static void put(ad_docshare *share, const char **first, size_t n,
		size_t stride, enum kind kind)
{
	unsigned char *at = (unsigned char *)first;
	pending p[CHUNK];
	size_t i, k;

	for (i = 0; i < n;) {
		for (k = 0; k < CHUNK && i < n; i++, at += stride) {
			const char **ref = (const char **)(void *)at;

			if (*ref) /* NULL stays NULL */
				p[k++].ref = ref;
		}
		put_chunk(share, p, k, kind);
	}
}

/* Term array *t, count terms at bytes, into the chunk p[0..*k), which
 * goes to the share (kind) once full. */
static void put_array(ad_docshare *share, enum kind kind, pending *p,
		      size_t *k, uint32_t **t, const void *bytes,
		      uint32_t count)
{
	assert(count < UINT32_MAX / 4);
	p[*k].ref = NULL;
	p[*k].tref = t;
	p[*k].bytes = bytes;
	p[*k].len = count * (uint32_t)sizeof(uint32_t);
	if (++*k == CHUNK) {
		put_chunk(share, p, *k, kind);
		*k = 0;
	}
}

void ad_docshare_term_arrays(ad_docshare *share, uint32_t **first,
			     const uint32_t *counts, size_t n, size_t stride)
{
	unsigned char *at = (unsigned char *)first;
	const unsigned char *c = (const unsigned char *)counts;
	pending p[CHUNK];
	size_t i, k = 0;

	for (i = 0; i < n; i++, at += stride, c += stride) {
		uint32_t **t = (uint32_t **)(void *)at;
		uint32_t count = *(const uint32_t *)(const void *)c;

		if (count) /* NULL stays NULL */
			put_array(share, TERMS, p, &k, t, *t, count);
	}
	put_chunk(share, p, k, TERMS);
}

void ad_docshare_kept(ad_docshare *share, int rule, uint32_t **first,
		      size_t stride, const void *const *bytes,
		      const uint32_t *counts, size_t n)
{
	unsigned char *at = (unsigned char *)first;
	enum kind kind = rule ? KEPT_RULES : KEPT_SECTIONS;
	pending p[CHUNK];
	size_t i, k = 0;

	for (i = 0; i < n; i++, at += stride) {
		uint32_t **t = (uint32_t **)(void *)at;

		*t = NULL;
		if (counts[i])
			put_array(share, kind, p, &k, t, bytes[i], counts[i]);
	}
	put_chunk(share, p, k, kind);
}

void ad_docshare_strs(ad_docshare *share, const char **first, size_t n,
		      size_t stride)
{
	put(share, first, n, stride, STR);
}

void ad_docshare_rules(ad_docshare *share, const char **first, size_t n,
		       size_t stride)
{
	put(share, first, n, stride, RULE);
}

static uint32_t *copy_terms(ad_arena *arena, const uint32_t *ids,
			    uint32_t n)
{
	uint32_t *t = ad_arena_alloc_aligned(arena, n * sizeof(*ids),
					     alignof(uint32_t));

	return memcpy(t, ids, n * sizeof(*ids));
}

uint32_t *ad_docshare_terms(ad_docshare *share, const char *text,
			    const uint32_t *ids, uint32_t n, size_t bad,
			    int worker, uint32_t *nout)
{
	rule_entry *e = entry_of(text);
	shard *sh = &share->rules[e->shard];

	if (atomic_load_explicit(&e->worker, ACQUIRE) < 0) {
		pthread_mutex_lock(&sh->lock);
		if (atomic_load_explicit(&e->worker, RELAXED) < 0) {
			e->terms = n ? copy_terms(sh->arena, ids, n) : NULL;
			e->nterms = n;
			e->bad = bad != 0;
			atomic_store_explicit(&e->worker, worker, RELEASE);
		}
		pthread_mutex_unlock(&sh->lock);
	}
	*nout = e->nterms;
	return e->terms;
}

int ad_docshare_take(ad_docshare *share, const char *text,
		     uint32_t **terms, uint32_t *n)
{
	rule_entry *e = entry_of(text);

	(void)share; /* the entry is found from the text */
	if (atomic_load_explicit(&e->worker, ACQUIRE) < 0 || e->bad)
		return 0;
	atomic_fetch_add_explicit(&e->taken, 1, RELAXED);
	*terms = e->terms;
	*n = e->nterms;
	return 1;
}

size_t ad_docshare_taken(const ad_docshare *share, const char ***texts,
			 uint32_t **times)
{
	size_t n = 0, cap = 0, i;
	unsigned k;

	*texts = NULL;
	*times = NULL;
	for (k = 0; k < NSHARDS; k++) {
		const slots *t = atomic_load_explicit(&share->rules[k].tab,
						      RELAXED);

		for (i = 0; t && i < t->n; i++) {
			const char *s = atomic_load_explicit(&t->at[i].s,
							     RELAXED);
			unsigned taken;

			if (!s || !(taken = atomic_load_explicit(
					    &entry_of(s)->taken, RELAXED)))
				continue;
			if (n == cap) {
				ad_grow(texts, &cap, n + 1, sizeof(**texts));
				*times = ad_xrealloc(*times,
						     cap * sizeof(**times));
			}
			(*texts)[n] = s;
			(*times)[n++] = taken;
		}
	}
	return n;
}

static void remap_shard(const shard *sh, uint32_t *const *remap)
{
	const slots *t = atomic_load_explicit(&sh->tab, RELAXED);
	size_t i, k;

	for (i = 0; t && i < t->n; i++) {
		const char *s = atomic_load_explicit(&t->at[i].s, RELAXED);
		rule_entry *e;
		int w;

		if (!s)
			continue;
		e = entry_of(s);
		w = atomic_load_explicit(&e->worker, RELAXED);
		for (k = 0; w >= 0 && k < e->nterms; k++)
			e->terms[k] = remap[w][e->terms[k]];
	}
}

/* Every term array of a kept table renumbered through remap, in
 * place: each is one copy, however many docs point at it. */
static void remap_kept_shard(const shard *sh, const uint32_t *remap)
{
	const slots *t = atomic_load_explicit(&sh->tab, RELAXED);
	size_t i, k;

	for (i = 0; t && i < t->n; i++) {
		const char *s = atomic_load_explicit(&t->at[i].s, RELAXED);
		uint32_t *terms = (uint32_t *)(uintptr_t)s;

		for (k = 0; s && k < t->at[i].len / sizeof(*terms); k++)
			terms[k] = remap[terms[k]];
	}
}

/* The shards shared out to the workers: each rule text is in one of
 * the rules' shards, each kept array in one of the kept tables'. */
typedef struct remap_job {
	ad_docshare *share;
	uint32_t *const *remap;
	const uint32_t *kept;
	atomic_size_t next;
} remap_job;

static void remap_work(void *ctx, int worker)
{
	remap_job *r = ctx;
	size_t i;

	(void)worker;
	while ((i = ad_parallel_next(&r->next, 3 * NSHARDS, 1)) < 3 * NSHARDS)
		if (i < NSHARDS)
			remap_shard(&r->share->rules[i], r->remap);
		else if (r->kept && i < 2 * NSHARDS)
			remap_kept_shard(&r->share->kept_sections[i - NSHARDS],
					 r->kept);
		else if (r->kept)
			remap_kept_shard(&r->share->kept_rules[i - 2 * NSHARDS],
					 r->kept);
}

void ad_docshare_remap(ad_docshare *share, uint32_t *const *remap,
		       const uint32_t *kept, int jobs)
{
	remap_job r;

	r.share = share;
	r.remap = remap;
	r.kept = kept;
	atomic_init(&r.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, 3 * NSHARDS, 1), remap_work,
			&r);
}

void ad_docshare_seal(ad_docshare *share)
{
	unsigned i;

	for (i = 0; i < NSHARDS; i++) {
		free_tables(&share->rules[i]);
		free_tables(&share->strs[i]);
		free_tables(&share->terms[i]);
		free_tables(&share->kept_sections[i]);
		free_tables(&share->kept_rules[i]);
	}
}

static void drop_shards(shard *sh)
{
	unsigned i;

	for (i = 0; i < NSHARDS; i++) {
		free_tables(&sh[i]);
		ad_arena_free(sh[i].arena);
		sh[i].arena = ad_arena_new_fixed(SHARD_BLOCK);
		sh[i].count = 0;
	}
}

void ad_docshare_drop_terms(ad_docshare *share)
{
	drop_shards(share->terms);
	drop_shards(share->kept_sections);
}

static size_t shards_bytes(const shard *sh)
{
	size_t n = 0;
	const slots *t;
	unsigned i;

	for (i = 0; i < NSHARDS; i++) {
		n += ad_arena_used(sh[i].arena);
		for (t = atomic_load(&sh[i].tab); t; t = t->older)
			n += sizeof(*t) + t->n * sizeof(slot);
	}
	return n;
}

size_t ad_docshare_bytes(const ad_docshare *share)
{
	return shards_bytes(share->strs) + shards_bytes(share->rules) +
	       shards_bytes(share->terms) +
	       shards_bytes(share->kept_sections) +
	       shards_bytes(share->kept_rules);
}
