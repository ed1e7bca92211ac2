/*
 * doccache.h - a file that keeps each doc of a scan parsed and tokenized,
 * keyed by its content key and path, so that the next scan of the
 * collection parses only what changed (scan --cache).
 *
 * A doc taken from the cache is the doc a parse would give, its terms
 * numbered by the cache's stems (ad_doccache_stem()), with the words of
 * the doc that gave them and how often (ad_word_ref, tokenizer.h), so
 * that the vocabulary chooses the same surface words as a cold scan. The
 * cache numbers its words (ad_doccache_word()), and a cached doc's words
 * carry those numbers: a caller sums the counts of all cached docs by
 * number, then adds each word to its vocabulary once, rather than every
 * word of every doc.
 *
 * The file is treated as hostile: every length, count and index is
 * checked, each entry carries a checksum, and a file that is missing,
 * truncated, damaged, of another format or made under other settings is
 * simply not used (ad_doccache_open() gives NULL). An entry that fails
 * its checks, or whose bytes are gone when asked for, is a miss.
 *
 * Ownership: an ad_doccache owns the file it keeps open and the bytes it
 * read; ad_doccache_free() releases them. A doc returned is the caller's (ad_doc_free()), its
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
#include "parse/docshare.h"

typedef struct ad_doccache ad_doccache;

/* The cache at path if it was made under settings and reads whole, else
 * NULL; never fails otherwise. */
ad_doccache *ad_doccache_open(const char *path, const char *settings);
void ad_doccache_free(ad_doccache *dc); /* NULL is a no-op */

/* Entries the cache holds. */
size_t ad_doccache_count(const ad_doccache *dc);

/* What a file's status said when its doc was kept: inode, size, last
 * modification and last change (ns since the epoch). All zero: none. */
typedef struct ad_doccache_stamp {
	uint64_t ino, size;
	int64_t mtime_ns, ctime_ns;
} ad_doccache_stamp;

/* The content key (AD_HASH_HEX bytes, no NUL) of the doc kept for path,
 * if the file at path had stamp st when it was kept, and that stamp was
 * older than the writing scan by a few seconds (else a change in the
 * same tick of the file system's clock could have left it as it was);
 * else NULL: the file must be read and keyed. A file whose last change
 * (ctime, which no one sets at will) is as it was still has the bytes
 * that were read. */
const char *ad_doccache_key_at(const ad_doccache *dc, const char *path,
			       const ad_doccache_stamp *st);

/* The doc kept for content key (AD_HASH_HEX digits) at path, or NULL;
 * with keys, NULL too unless the entry holds the sections' keys (only a
 * doc that had them when written does: a scan without --db makes none);
 * *words (in words_arena, or the doc's when it is NULL) and *nwords give
 * its words, numbered as the cache numbers them (ad_doccache_word()),
 * while the doc's terms are the cache's stem ids. With a share, the term
 * arrays of its sections and rules are the share's (ad_docshare_kept():
 * the caller renumbers them there, once, not in the doc); without, the
 * doc's own. Safe from several threads at once, each with a words_arena
 * of its own. */
ad_doc *ad_doccache_get(const ad_doccache *dc, const char *key,
			const char *path, int keys, ad_word_ref **words,
			size_t *nwords, ad_arena *words_arena,
			ad_docshare *share);

/* A doc ad_doccache_get() gave no longer borrows the bytes of its entry
 * (its strings were copied): they go, read for it alone (in its scratch
 * arena until then). The words stay until the cache is freed. */
void ad_doccache_done(ad_doc *doc);

/* The cache's words: word id's bytes, *len long, and its stem id. */
uint32_t ad_doccache_nwords(const ad_doccache *dc);
const char *ad_doccache_word(const ad_doccache *dc, uint32_t id,
			     size_t *len, uint32_t *stem);

uint32_t ad_doccache_nstems(const ad_doccache *dc);
const char *ad_doccache_stem(const ad_doccache *dc, uint32_t id,
			     size_t *len);

/* A word of a table the entries to write number their words in: its
 * bytes, and the term it stems to (a final id of the vocabulary). The
 * words of a scan's docs come from a few such tables (each tokenizer's,
 * the cache's), and a doc lists its own by number in one of them. */
typedef struct ad_word_info {
	const char *word;
	uint32_t len;
	uint32_t term;
} ad_word_info;

/* One doc to keep: its content key, the doc (terms numbered as vocab's
 * final ids), its words, packed, numbered in table, and its file's stamp
 * when it was read (zero for a text, or when unknown). */
typedef struct ad_doccache_entry {
	const char *key;
	const ad_doc *doc;
	ad_word_refs words;
	const ad_word_info *table;
	ad_doccache_stamp stamp;
} ad_doccache_entry;

/* Write the cache of entries under settings to path, replacing it as a
 * whole (a new file renamed over it); since: when the scan began (ns since
 * the epoch, before it read any file). The entries are encoded on jobs
 * threads (0: one per CPU), the file the same bytes whatever their
 * number. Fails with AD_EIO. */
int ad_doccache_write(const char *path, const char *settings,
		      int64_t since, const ad_doccache_entry *e, size_t n,
		      const ad_vocab *vocab, int jobs, ad_error *err);

#endif
