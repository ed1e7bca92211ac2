/*
 * store_internal.h - what the files of the store share, private to them:
 * the handle behind agentdup/store.h's ad_store and the statements it
 * keeps prepared.
 *
 *   store_db.c      the statement layer, the one file over SQLite
 *   store_schema.c  opening, the schema and its migrations, closing
 *   store_write.c   recording snapshots
 *   store_read.c    reading snapshots and contents back
 *   store_pack.c    a content's term counts as one value
 *   store_cache.c   the clusters kept per snapshot
 *
 * Ownership: an ad_store owns its connection and its statements, all made
 * by ad_store_open_steps() and released by ad_store_close(). A statement
 * of q[] is left reset after each use (ad_db_run(), ad_db_step_int()), so
 * the next user only binds and runs it.
 */
#ifndef AGENTDUP_STORE_INTERNAL_H
#define AGENTDUP_STORE_INTERNAL_H

#include "agentdup/buf.h"
#include "agentdup/error.h"
#include "agentdup/store.h"
#include "store/store_db.h"

/* The statements a recording runs for every file, prepared once at
 * opening (their SQL is in store_schema.c). */
enum {
	Q_FIND_BLOB,
	Q_ADD_SNAPSHOT,
	Q_ADD_BLOB,
	Q_ADD_ENTRY,
	Q_ADD_AGENT,
	Q_ADD_FIELD,
	Q_ADD_SECTION,
	Q_ADD_RULE,
	Q_ADD_TERM,
	Q_FIND_TERM,
	Q_ADD_COUNT,
	Q_COUNT
};

struct ad_store {
	ad_db *db;
	ad_db_stmt *q[Q_COUNT];
	/* the schema's version: AD_STORE_VERSION, but for an older store
	 * read where it cannot be written (ad_store_open_read()) */
	int64_t version;
};

#endif
