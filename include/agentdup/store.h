/*
 * store.h - snapshots of audits in an SQLite database, the ground for
 * drift tracking: what each agent file held at each snapshot, and the
 * analysis of every distinct content, stored once.
 *
 * Ownership: ad_store_open() returns a handle that owns the database
 * connection; ad_store_close() releases it. A snapshot list from
 * ad_store_snapshots() is the caller's, for ad_store_snapshots_free().
 * Nothing the store is given is kept after a call returns.
 *
 * Contents are named by their content key (hash.h). A snapshot is
 * recorded from entries, one per file: its path, its key, and, only when
 * the store does not hold that content yet, its bytes and its analysis. A
 * collection read for a snapshot (snapshot.h) has exactly that: the files
 * are read and keyed once, and only new contents are parsed. A snapshot is
 * written in one transaction: all of it, or nothing (a duplicate label, a
 * missing analysis, an I/O error). What is stored, and how it is read back
 * for drift, is the library's own business (src/store/store_schema.h).
 *
 * The database is in WAL mode, so a reader can query while a snapshot is
 * written. A writer takes the write lock when its transaction begins and
 * waits for another up to AD_STORE_BUSY_MS in all, polling with backoff
 * (src/store/store_db.h), so ordinary contention delays a snapshot but
 * does not fail it. A handle is used by one thread at a time (its
 * connection takes no locks of its own); other processes and handles may
 * use the same file.
 *
 * The sources, in src/store/: store_schema.c (opening, schema, migrations),
 * store_write.c (recording), store_read.c (reading back), store_cache.c
 * (clusters kept), all over store_db.c, the one file that calls SQLite.
 */
#ifndef AGENTDUP_STORE_H
#define AGENTDUP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"

#define AD_STORE_VERSION 5     /* the schema this library writes */
#define AD_STORE_VERSION_MAX 1000 /* beyond: not a store at all */
#define AD_STORE_BUSY_MS 120000 /* a writer waits at most this */

typedef struct ad_store ad_store;

/* Open the store at path, creating it (and its schema) when the file does
 * not exist or is empty, and migrating an older schema to this one.
 * Refused, with the file left as it was:
 *  - a file that is not an SQLite database (AD_EPARSE), checked from its
 *    header before SQLite touches it, so no journal appears beside it;
 *  - an SQLite database that is not a store (AD_EPARSE);
 *  - a store of a newer schema than AD_STORE_VERSION (AD_EINVAL);
 *  - a damaged store, found by PRAGMA quick_check before anything is
 *    written (AD_EPARSE, or AD_EIO when SQLite cannot read it at all).
 * err->path names the file. */
int ad_store_open(ad_store **out, const char *path, ad_error *err);
/* Open an existing store for reading only: nothing is written to it
 * through the handle, so it can be read on a read-only medium; refused as
 * ad_store_open() refuses, but with no damage check (what is read is
 * checked by SQLite as it is read). A store of an older schema (or an
 * empty file) is first brought up to date as ad_store_open() would, which
 * needs it writable. Clusters computed for drift are kept only when the
 * store can be written then (store_cache.c opens it to write for that). */
int ad_store_open_read(ad_store **out, const char *path, ad_error *err);
void ad_store_close(ad_store *s); /* NULL is a no-op */

typedef struct ad_store_stats {
	size_t entries;      /* files recorded in the snapshot */
	size_t blobs_new;    /* contents stored and analysed by this call */
	size_t blobs_reused; /* entries whose content was stored already, by
				an earlier snapshot or an earlier entry */
	size_t terms_new;    /* stems stored for the first time */
	double seconds;      /* the recording's wall time */
} ad_store_stats;

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

#endif
