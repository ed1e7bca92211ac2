/*
 * store_schema.h - the store's schema, version by version (store_schema.c).
 *
 * Version AD_STORE_VERSION (PRAGMA user_version):
 *   snapshot(id, label UNIQUE, created, note)    created: UTC, ISO 8601
 *   blob(id, hash UNIQUE, bytes, text)           one per distinct content
 *   entry(snapshot_id, path, blob_id)            path -> content, per snapshot
 *   agent(blob_id, name, description)            the analysis of a blob:
 *   field(blob_id, pos, key, value, line)          one row per value
 *   section(blob_id, pos, path, title, level, line_start, line_end,
 *           text_hash)                             hash of prose and code
 *   rule(blob_id, pos, section_pos, line, depth, kind, text, hash)
 *   term(id, stem UNIQUE)
 *   counts(blob_id, packed)                        raw counts of the agent
 * counts holds every term of the agent (description, other frontmatter,
 * every section's title, prose and code, every rule), so TF-IDF can be
 * recomputed over any set of blobs; since version 4 one value a content
 * (store_pack.h), where versions 1 to 3 kept count(blob_id, term_id, n),
 * a row a term. Unlike the audit's agent vectors it
 * keeps boilerplate rules: what is boilerplate depends on the collection.
 * blob.text (since version 2) is the content itself, so that a snapshot
 * can be analysed again as a whole, as `scan` would (its clusters, for
 * drift); contents stored by version 1 have none. And since version 2:
 *   clustering(snapshot_id, settings, clusters)  clusters computed, once
 *   member(snapshot_id, settings, path, cluster, canonical)
 * settings name what the clusters depend on (the analysis's version and
 * options), so a later agentdup or other options compute them afresh.
 * Version 3 has the tables of version 2; its keys (blob.hash,
 * section.text_hash, rule.hash) are SHA-256 in 64 hex digits, where
 * versions 1 and 2 wrote 32 of MurmurHash3 (store_rekey.h).
 *
 * Ownership: the migrations are static; a store opened is the caller's,
 * for ad_store_close().
 */
#ifndef AGENTDUP_STORE_SCHEMA_H
#define AGENTDUP_STORE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "agentdup/store.h"
#include "store/store_db.h"

/* Schema migrations: step i takes a store from version i to version i + 1
 * (step 0 creates the schema in an empty database). ad_store_open() runs
 * the built-in steps; ad_store_open_steps() runs the given ones instead,
 * and knows steps[n - 1].version as the newest version. Exposed so that
 * tests can make a store of an older schema and migrate it. */
typedef struct ad_store_migration {
	int version;     /* the version this step brings the store to */
	const char *sql; /* statements, run in the migration's transaction */
	/* then this, in the same transaction (NULL: nothing more) */
	int (*run)(ad_db *db, ad_error *err);
} ad_store_migration;

const ad_store_migration *ad_store_migrations(size_t *n);
int ad_store_open_steps(ad_store **out, const char *path,
			const ad_store_migration *steps, size_t n,
			ad_error *err);

/* The store at path opened for reading as it is, at any version this
 * library knows, nothing migrated: what ad_store_open_read() does with
 * an older store it cannot write. Exposed so that tests can read an
 * older store without taking its write permission away. */
int ad_store_open_read_as_is(ad_store **out, const char *path,
			     ad_error *err);

#endif
