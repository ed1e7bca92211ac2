/*
 * doccache.h - a file that keeps each doc of a scan parsed and tokenized,
 * keyed by its content key and path, so that the next scan of the
 * collection parses only what changed (scan --cache).
 *
 * A doc taken from the cache is the doc a parse would give, its terms
 * numbered by the cache's stems (ad_doccache_stem()), with the words of
 * the doc that gave them and how often (ad_word_count, tokenizer.h), so
 * that the vocabulary chooses the same surface words as a cold scan. The
 * cache numbers its words too (ad_doccache_word()), and a cached doc's
 * words carry those numbers in place of terms: a caller sums the counts
 * of all cached docs by number, then adds each word to its vocabulary
 * once, rather than every word of every doc.
 *
 * The file is read whole and treated as hostile: every length, count and
 * index is checked, each entry carries a checksum, and a file that is
 * missing, truncated, damaged, of another format or made under other
 * settings is simply not used (ad_doccache_open() gives NULL). An entry
 * that fails its checks is a miss.
 *
 * Ownership: an ad_doccache owns the bytes it read; ad_doccache_free()
 * releases them. A doc returned is the caller's (ad_doc_free()), its
 * arrays and words in the doc's arena, but its strings are the cache's:
 * free the cache only after every doc taken from it.
 */
#ifndef AGENTDUP_DOCCACHE_H
#define AGENTDUP_DOCCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/doc.h"
#include "agentdup/error.h"
#include "index/tokenizer.h"
#include "index/vocab.h"

typedef struct ad_doccache ad_doccache;

/* The cache at path if it was made under settings and reads whole, else
 * NULL; never fails otherwise. */
ad_doccache *ad_doccache_open(const char *path, const char *settings);
void ad_doccache_free(ad_doccache *dc); /* NULL is a no-op */

/* Entries the cache holds. */
size_t ad_doccache_count(const ad_doccache *dc);

/* The doc kept for content key (AD_HASH_HEX digits) at path, or NULL;
 * *words (in the doc's arena) and *nwords give its words, each term the
 * cache's number of the word (ad_doccache_word()), while the doc's terms
 * are the cache's stem ids. Safe from several threads at once. */
ad_doc *ad_doccache_get(const ad_doccache *dc, const char *key,
			const char *path, ad_word_count **words,
			size_t *nwords);

/* The cache's words: word id's bytes, *len long, and its stem id. */
uint32_t ad_doccache_nwords(const ad_doccache *dc);
const char *ad_doccache_word(const ad_doccache *dc, uint32_t id,
			     size_t *len, uint32_t *stem);

uint32_t ad_doccache_nstems(const ad_doccache *dc);
const char *ad_doccache_stem(const ad_doccache *dc, uint32_t id,
			     size_t *len);

/* One doc to keep: its content key, the doc (terms numbered as vocab's
 * final ids) and its words (terms likewise). */
typedef struct ad_doccache_entry {
	const char *key;
	const ad_doc *doc;
	const ad_word_count *words;
	size_t nwords;
} ad_doccache_entry;

/* Write the cache of entries under settings to path, replacing it as a
 * whole (a new file renamed over it). Fails with AD_EIO. */
int ad_doccache_write(const char *path, const char *settings,
		      const ad_doccache_entry *e, size_t n,
		      const ad_vocab *vocab, ad_error *err);

#endif
