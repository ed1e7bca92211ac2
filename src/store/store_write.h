/*
 * store_write.h - recording a snapshot (store_write.c): which contents
 * the store holds, and one snapshot written from its entries.
 *
 * Ownership: nothing given is kept after a call returns.
 */
#ifndef AGENTDUP_STORE_WRITE_H
#define AGENTDUP_STORE_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/buf.h"
#include "agentdup/doc.h"
#include "agentdup/error.h"
#include "agentdup/store.h"
#include "index/vocab.h"

/* *out: whether content with this key is stored (with its analysis). */
int ad_store_known(int *out, ad_store *s, const char *hash, ad_error *err);

/* The key of section k of doc, made by ad_doc_key_sections(), written
 * out (AD_HASH_HEX digits and a NUL in out). */
void ad_store_section_key(char *out, const ad_doc *doc, size_t k);

/* One file of a snapshot. */
typedef struct ad_store_entry {
	const char *path;  /* as reported: relative to the scanned root */
	const char *hash;  /* its content key */
	uint64_t bytes;    /* its size */
	/* Its bytes, kept with a new content; when NULL, input `input` of
	 * collection `from` read again (ad_collection_text()), and with no
	 * collection either, none: the snapshot cannot be analysed again. */
	const char *text;
	const struct ad_collection *from;
	size_t input;
	/* Its analysis, needed only when the content is not stored yet
	 * (ignored otherwise); term ids are ids of the vocab passed along. */
	const ad_doc *doc;
} ad_store_entry;

/* Record snapshot label (unique in the store) of n files, with a free-form
 * note (NULL for none: a git import keeps the commit's date and subject). Fails with
 * AD_EINVAL on a label already used or a path given twice, AD_ENOTFOUND
 * when an entry's content is neither stored nor given a doc, AD_EIO on a
 * database error; then nothing is written. st (may be NULL) receives the
 * counts. */
int ad_store_record_entries(ad_store *s, const char *label,
			    const char *note, const ad_store_entry *entries,
			    size_t n,
			    const ad_vocab *vocab, ad_store_stats *st,
			    ad_error *err);

#endif
