/*
 * store_db.h - a small statement layer over SQLite, private to the store.
 * store_db.c is the one file of the tree that includes <sqlite3.h>; the
 * rest of the store speaks SQL through these functions and never sees an
 * SQLITE_* code.
 *
 * Ownership: ad_db_open() returns a connection the caller owns, for
 * ad_db_close(), which comes after every statement of the connection is
 * finalized. ad_db_prepare() and ad_db_prepare_persistent() return a
 * statement the caller owns, for ad_db_finalize(); both closers take NULL
 * as a no-op. Text and blobs bound to a statement are borrowed: they must
 * stay valid until the statement is stepped for the last time with them
 * (ad_db_bind_text_copy() copies instead). Text and blobs read from a
 * column are borrowed from the statement until its next step, reset or
 * finalize.
 *
 * Conventions, SQLite's translated into ours:
 *  - A function that can fail returns 0 or AD_EIO and fills err with
 *    "database error: " and SQLite's message (opening: "cannot open: "),
 *    err->path naming the database file as it was given.
 *  - ad_db_step() returns AD_DB_ROW while rows come, AD_DB_DONE (0) after
 *    the last one, or AD_EIO; a failed step that broke a constraint
 *    (UNIQUE, PRIMARY KEY, FOREIGN KEY) is still AD_EIO, and
 *    ad_db_constraint() tells it apart for a caller with a better message.
 *  - Parameters are numbered from 1 and columns from 0, as in SQL.
 *  - A connection is used by one thread at a time: it is opened without
 *    SQLite's mutexes. Writers wait for one another up to the busy timeout
 *    given to ad_db_open().
 */
#ifndef AGENTDUP_STORE_DB_H
#define AGENTDUP_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"

typedef struct ad_db ad_db;
typedef struct ad_db_stmt ad_db_stmt;

enum {
	AD_DB_DONE = 0, /* the statement has no more rows */
	AD_DB_ROW = 1   /* a row is ready for the column getters */
};

/* ---- connections ---- */

/* Open the database at path for reading and writing, creating the file
 * when missing; another writer is waited for up to busy_ms. */
int ad_db_open(ad_db **out, const char *path, int busy_ms, ad_error *err);
/* Open it for reading only (SQLite never writes the file through it). A
 * WAL database on a read-only medium, whose shared-memory file cannot be
 * made, is opened as immutable (no writer can be at work on it). */
int ad_db_open_read(ad_db **out, const char *path, int busy_ms,
		    ad_error *err);
int ad_db_readonly(const ad_db *db); /* opened by ad_db_open_read() */
void ad_db_close(ad_db *db);
const char *ad_db_path(const ad_db *db); /* as given to ad_db_open() */

/* Run sql, one or more statements that return no rows. */
int ad_db_exec(ad_db *db, const char *sql, ad_error *err);
/* *out: the integer in the first column of sql's first row, 0 without a
 * row (for PRAGMAs and counts). */
int ad_db_query_int(int64_t *out, ad_db *db, const char *sql,
		    ad_error *err);

/* The rowid of the last row inserted through db, and the rows the last
 * INSERT, UPDATE or DELETE changed (0 for an ignored INSERT). */
int64_t ad_db_last_id(const ad_db *db);
int ad_db_changes(const ad_db *db);

/* Define the SQL function name(x) on db: the content key (hash.h) of x's
 * bytes, text or blob, as text; NULL for NULL. For migrations that rename
 * rows by their content in one statement. */
int ad_db_define_digest(ad_db *db, const char *name, ad_error *err);

/* ---- transactions ---- */

/* Run sql as ad_db_exec() does, waiting while the database is busy:
 * SQLite's busy handler waits inside the statement; a statement that
 * still fails busy (time out, or one SQLite does not wait in, as the
 * switch to WAL) is run again after a pause that doubles from
 * AD_DB_BACKOFF_MS to AD_DB_BACKOFF_MAX_MS, with jitter, until the busy
 * timeout given to ad_db_open() has passed in all. */
#define AD_DB_BACKOFF_MS 10
#define AD_DB_BACKOFF_MAX_MS 1000
int ad_db_exec_wait(ad_db *db, const char *sql, ad_error *err);

/* Begin a write transaction (BEGIN IMMEDIATE, through ad_db_exec_wait()):
 * db is the writer until ad_db_end(). Taking the write lock first means a
 * writer only ever waits here, never halfway through its transaction.
 * _nowait fails at once while another connection writes, instead of
 * waiting. */
int ad_db_begin(ad_db *db, ad_error *err);
int ad_db_begin_nowait(ad_db *db, ad_error *err);
/* End the transaction begun: commit when rc is 0, else (or when the commit
 * fails) roll back. Returns rc, or the commit's error. */
int ad_db_end(ad_db *db, int rc, ad_error *err);

/* ---- statements ---- */

/* Prepare one statement of sql. _persistent tells SQLite that the
 * statement is kept for the connection's life and run many times. */
int ad_db_prepare(ad_db_stmt **out, ad_db *db, const char *sql,
		  ad_error *err);
int ad_db_prepare_persistent(ad_db_stmt **out, ad_db *db, const char *sql,
			     ad_error *err);
void ad_db_finalize(ad_db_stmt *q);
/* Make q ready to run again from its first row; bindings are kept. */
void ad_db_reset(ad_db_stmt *q);

void ad_db_bind_int64(ad_db_stmt *q, int i, int64_t v);
void ad_db_bind_null(ad_db_stmt *q, int i);
/* NULL text or data binds NULL. */
void ad_db_bind_text(ad_db_stmt *q, int i, const char *text);
void ad_db_bind_text_copy(ad_db_stmt *q, int i, const char *text);
void ad_db_bind_blob(ad_db_stmt *q, int i, const void *data, size_t len);

/* AD_DB_ROW, AD_DB_DONE or AD_EIO (see above). */
int ad_db_step(ad_db_stmt *q, ad_error *err);
/* Step q, a statement that returns no row (a row is an error), then
 * reset it. */
int ad_db_run(ad_db_stmt *q, ad_error *err);
/* *out: the integer in the first column of q's first row, 0 without a
 * row; q is reset. */
int ad_db_step_int(int64_t *out, ad_db_stmt *q, ad_error *err);
/* Whether q's last failed step broke a constraint. */
int ad_db_constraint(const ad_db_stmt *q);

/* ---- the columns of the current row ---- */

int64_t ad_db_column_int64(ad_db_stmt *q, int i);
int ad_db_column_int(ad_db_stmt *q, int i);
int ad_db_column_is_null(ad_db_stmt *q, int i);
/* NULL for an SQL NULL; borrowed (see above). */
const char *ad_db_column_text(ad_db_stmt *q, int i);
/* A copy of the text, the caller's to free(); NULL for an SQL NULL. */
char *ad_db_column_strdup(ad_db_stmt *q, int i);
/* The bytes of a blob column and their number; borrowed (see above). */
const void *ad_db_column_blob(ad_db_stmt *q, int i, size_t *len);

#endif
