/*
 * store.h - snapshots of audits in an SQLite database, the ground for
 * drift tracking: what each agent file held at each snapshot, and the
 * analysis of every distinct content, stored once.
 *
 * Ownership: ad_store_open() returns a handle that owns the database
 * connection; ad_store_close() releases it. A snapshot list from
 * ad_store_snapshots() is the caller's, for ad_store_snapshots_free().
 * Nothing the store is given (docs, entries) is kept after a call
 * returns.
 *
 * Contents are named by their content key (hash.h). A snapshot is
 * recorded from entries, one per file: its path, its key, and, only when
 * the store does not hold that content yet (ad_store_known()), its bytes
 * and its analysis. A collection read for a snapshot (snapshot.h) has
 * exactly that: the files are read and keyed once, and only new contents
 * are parsed. A snapshot is written in one transaction: all of it, or
 * nothing (a duplicate label, a missing analysis, an I/O error).
 *
 * Schema, version AD_STORE_VERSION (PRAGMA user_version):
 *   snapshot(id, label UNIQUE, created, note)    created: UTC, ISO 8601
 *   blob(id, hash UNIQUE, bytes, text)           one per distinct content
 *   entry(snapshot_id, path, blob_id)            path -> content, per snapshot
 *   agent(blob_id, name, description)            the analysis of a blob:
 *   field(blob_id, pos, key, value, line)          one row per value
 *   section(blob_id, pos, path, title, level, line_start, line_end,
 *           text_hash)                             hash of prose and code
 *   rule(blob_id, pos, section_pos, line, depth, kind, text, hash)
 *   term(id, stem UNIQUE)
 *   count(blob_id, term_id, n)                     raw counts of the agent
 * count holds every term of the agent (description, other frontmatter,
 * every section's title, prose and code, every rule), so TF-IDF can be
 * recomputed over any set of blobs. Unlike the audit's agent vectors it
 * keeps boilerplate rules: what is boilerplate depends on the collection.
 * blob.text (since version 2) is the content itself, so that a snapshot
 * can be analysed again as a whole, as `scan` would (its clusters, for
 * drift); contents stored by version 1 have none. And since version 2:
 *   clustering(snapshot_id, settings, clusters)  clusters computed, once
 *   member(snapshot_id, settings, path, cluster, canonical)
 * settings name what the clusters depend on (the analysis's version and
 * options), so a later agentdup or other options compute them afresh.
 *
 * The database is in WAL mode, so a reader can query while a snapshot is
 * written; a writer waits up to AD_STORE_BUSY_MS for another. A handle is
 * used by one thread at a time (its connection takes no locks of its own);
 * other processes and handles may use the same file.
 *
 * The sources, in src/store/: store_schema.c (opening, schema, migrations),
 * store_write.c (recording), store_read.c (reading back), store_cache.c
 * (clusters kept), all over store_db.c, the one file that calls SQLite.
 */
#ifndef AGENTDUP_STORE_H
#define AGENTDUP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/doc.h"
#include "agentdup/error.h"
#include "agentdup/hash.h"
#include "agentdup/vocab.h"

#define AD_STORE_VERSION 2     /* the schema this library writes */
#define AD_STORE_BUSY_MS 5000

typedef struct ad_store ad_store;

/* Open the store at path, creating it (and its schema) when the file does
 * not exist or is empty, and migrating an older schema to this one.
 * Refused, with the file left as it was:
 *  - a file that is not an SQLite database (AD_EPARSE), checked from its
 *    header before SQLite touches it, so no journal appears beside it;
 *  - an SQLite database that is not a store (AD_EPARSE);
 *  - a store of a newer schema than AD_STORE_VERSION (AD_EINVAL).
 * err->path names the file. */
int ad_store_open(ad_store **out, const char *path, ad_error *err);
void ad_store_close(ad_store *s); /* NULL is a no-op */

/* *out: whether content with this key is stored (with its analysis). */
int ad_store_known(int *out, ad_store *s, const char *hash, ad_error *err);

typedef struct ad_store_stats {
	size_t entries;      /* files recorded in the snapshot */
	size_t blobs_new;    /* contents stored and analysed by this call */
	size_t blobs_reused; /* entries whose content was stored already, by
				an earlier snapshot or an earlier entry */
	size_t terms_new;    /* stems stored for the first time */
} ad_store_stats;

/* One file of a snapshot. */
typedef struct ad_store_entry {
	const char *path;  /* as reported: relative to the scanned root */
	const char *hash;  /* its content key */
	uint64_t bytes;    /* its size */
	/* Its bytes, kept with a new content (NULL: the store keeps none,
	 * and the snapshot cannot be analysed again). */
	const char *text;
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

typedef struct ad_store_snapshot {
	int64_t id;      /* ascending in order of recording */
	char *label;
	char *created;   /* UTC, "YYYY-MM-DDTHH:MM:SS.SSSZ" */
	char *note;      /* NULL when none */
	size_t nagents;  /* entries */
} ad_store_snapshot;

/* Every snapshot, oldest first; *out is NULL when there are none. */
int ad_store_snapshots(ad_store_snapshot **out, size_t *n, ad_store *s,
		       ad_error *err);
void ad_store_snapshots_free(ad_store_snapshot *list, size_t n);

/* Schema migrations: step i takes a store from version i to version i + 1
 * (step 0 creates the schema in an empty database). ad_store_open() runs
 * the built-in steps; ad_store_open_steps() runs the given ones instead,
 * and knows steps[n - 1].version as the newest version. Exposed so that
 * tests can make a store of an older schema and migrate it. */
typedef struct ad_store_migration {
	int version;     /* the version this step brings the store to */
	const char *sql; /* statements, run in the migration's transaction */
} ad_store_migration;

const ad_store_migration *ad_store_migrations(size_t *n);
int ad_store_open_steps(ad_store **out, const char *path,
			const ad_store_migration *steps, size_t n,
			ad_error *err);

/* ---- reading a snapshot back (for drift) ---- */

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

/* One raw term count of a content. */
typedef struct ad_store_count {
	int64_t term;
	int64_t n;
} ad_store_count;

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
} ad_store_section;

typedef struct ad_store_rule {
	char *text;
	char *hash;
	int line;
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

/* ---- clusters kept per snapshot (drift_clusters.c computes them) ---- */

/* A clustered file of a snapshot. */
typedef struct ad_store_member {
	char *path;
	uint32_t cluster; /* 1-based */
	int canonical;    /* the cluster's canonical */
} ad_store_member;

/* *found: whether the clusters of snapshot label under settings are kept;
 * then *out (the caller's, for ad_store_members_free()) lists the
 * clustered files sorted by path (bytewise), and *nclusters counts the
 * clusters. Fails with AD_ENOTFOUND when no snapshot has that label. */
int ad_store_clusters_get(ad_store_member **out, size_t *n,
			  size_t *nclusters, int *found, ad_store *s,
			  const char *label, const char *settings,
			  ad_error *err);
void ad_store_members_free(ad_store_member *m, size_t n);

/* Keep the clusters of snapshot label under settings, in one transaction:
 * file i of files (the snapshot's) is in cluster[i] (1-based; 0: none),
 * and canonical[c] is the file index of cluster c + 1's canonical. Clusters
 * already kept under those settings are left as they are. It does not wait
 * for another writer: while one writes, it fails (AD_EIO), keeping
 * nothing. */
int ad_store_clusters_put(ad_store *s, const char *label,
			  const char *settings, const ad_store_file *files,
			  size_t nfiles, const uint32_t *cluster,
			  const uint32_t *canonical, size_t nclusters,
			  ad_error *err);

#endif
