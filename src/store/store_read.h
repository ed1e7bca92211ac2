/*
 * store_read.h - reading snapshots and contents back, for drift and history
 * (store_read.c).
 *
 * Ownership: every list and blob returned is the caller's, for the
 * matching _free() or _dispose().
 */
#ifndef AGENTDUP_STORE_READ_H
#define AGENTDUP_STORE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "agentdup/hash.h"
#include "agentdup/store.h"
#include "store/store_pack.h" /* ad_store_count */

/* One file of a recorded snapshot. */
typedef struct ad_store_file {
	char *path;
	int64_t blob;                     /* the content's id in the store */
	char hash[AD_HASH_HEX + 1]; /* its content key */
} ad_store_file;

/* The files of snapshot label, sorted by path (bytewise); *out is NULL
 * when it has none. Fails with AD_ENOTFOUND when no snapshot has that
 * label. */
int ad_store_files(ad_store_file **out, size_t *n, ad_store *s,
		   const char *label, ad_error *err);
void ad_store_files_free(ad_store_file *list, size_t n);

/* The term counts of content blob, ascending by term id. */
int ad_store_counts(ad_store_count **out, size_t *n, ad_store *s,
		    int64_t blob, ad_error *err);

/* The analysis of one content, as stored: fields one row a value, in
 * order; sections and rules in document order. */
typedef struct ad_store_field {
	char *key;
	char *value; /* NULL for a key without values */
} ad_store_field;

typedef struct ad_store_section {
	char *path;      /* heading path */
	char *text_hash; /* of its prose and code */
	int level;       /* 1..6; 0 for the intro */
	int line;        /* of the heading (intro: its first line) */
} ad_store_section;

typedef struct ad_store_rule {
	char *text;
	char *hash;
	int line;
	int section; /* its section's position in the blob's sections */
} ad_store_rule;

typedef struct ad_store_blob {
	ad_store_field *fields;
	size_t nfields;
	ad_store_section *sections;
	size_t nsections;
	ad_store_rule *rules;
	size_t nrules;
} ad_store_blob;

/* Read the analysis of content blob into *out (the caller's, for
 * ad_store_blob_dispose()). */
int ad_store_blob_read(ad_store_blob *out, ad_store *s, int64_t blob,
		       ad_error *err);
void ad_store_blob_dispose(ad_store_blob *b);

/* The bytes of content blob, NUL-terminated, in *out (the caller's, for
 * free()), and their length. Fails with AD_ENOTFOUND when the store has
 * no text for it (recorded by schema version 1). */
int ad_store_blob_text(char **out, size_t *len, ad_store *s, int64_t blob,
		       ad_error *err);

/* The frontmatter name of every stored content that has one, ascending
 * by content id, in *out (the caller's, for ad_store_names_free()); *out
 * is NULL when none has. */
typedef struct ad_store_name {
	int64_t blob;
	char *name;
} ad_store_name;

int ad_store_names(ad_store_name **out, size_t *n, ad_store *s,
		   ad_error *err);
void ad_store_names_free(ad_store_name *list, size_t n);

#endif
