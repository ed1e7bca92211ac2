/*
 * store_db.c - the one file that touches sqlite3.
 *
 * Method: thin wrappers, one SQLite call or two each, that translate at
 * the border: SQLITE_ROW / SQLITE_DONE become AD_DB_ROW / AD_DB_DONE, any
 * other status AD_EIO with sqlite3_errmsg() copied into the ad_error at
 * once, while it still describes the failure. A statement carries its
 * connection, so that stepping it needs nothing else to report an error,
 * and the primary code of its last failure, so that a caller can tell a
 * broken constraint from an I/O error without seeing SQLite's codes.
 */
#include "store/store_db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "agentdup/hash.h"

struct ad_db {
	sqlite3 *h;
	char *path;   /* for error messages */
	int busy_ms;  /* the timeout to restore after a _nowait */
	int readonly; /* opened by ad_db_open_read() */
};

struct ad_db_stmt {
	sqlite3_stmt *h;
	ad_db *db;
	int failed;   /* SQLite's primary code if the last step failed */
};

static int db_error(const ad_db *db, ad_error *err, const char *what)
{
	return ad_error_setat(err, AD_EIO, db->path, 0, 0, "%s: %s", what,
			      sqlite3_errmsg(db->h));
}

/* ---- connections ---------------------------------------------------- */

/* Before SQLite starts: no count of the memory it holds, which takes and
 * releases a lock at every allocation (4% of a first snapshot's
 * recording). A SQLite started already keeps its settings. */
static void configure(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Open name (a path, or a file: URI when flags has SQLITE_OPEN_URI) as
 * path's connection. */
static int open_as(ad_db **out, const char *path, const char *name,
		   int flags, int busy_ms, ad_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	ad_db *db;
	int rc;

	pthread_once(&once, configure);
	db = ad_xcalloc(1, sizeof(*db));
	*out = NULL;
	db->path = ad_xstrdup(path);
	db->busy_ms = busy_ms;
	db->readonly = (flags & SQLITE_OPEN_READONLY) != 0;
	/* no mutexes: a handle is used by one thread at a time (store.h) */
	if (sqlite3_open_v2(name, &db->h, flags | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = db_error(db, err, "cannot open");
		ad_db_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db->h, busy_ms);
	*out = db;
	return 0;
}

int ad_db_open(ad_db **out, const char *path, int busy_ms, ad_error *err)
{
	return open_as(out, path, path,
		       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, busy_ms,
		       err);
}

/* path as an SQLite URI that says the file cannot change: every byte but
 * unreserved ones and '/' escaped as %HH. */
static char *immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *uri = ad_xmalloc(5 + 3 * n + sizeof("?immutable=1"));
	char *o = uri;
	const unsigned char *p;

	memcpy(o, "file:", 5);
	o += 5;
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p)) {
			*o++ = (char)*p;
			continue;
		}
		*o++ = '%';
		*o++ = hex[*p >> 4];
		*o++ = hex[*p & 15];
	}
	memcpy(o, "?immutable=1", sizeof("?immutable=1"));
	return uri;
}

/* Whether db can read its schema; *code: SQLite's primary code if not. */
static int readable(ad_db *db, int *code)
{
	int r = sqlite3_exec(db->h, "PRAGMA schema_version", NULL, NULL,
			     NULL);

	*code = r & 0xff;
	return r == SQLITE_OK;
}

int ad_db_open_read(ad_db **out, const char *path, int busy_ms,
		    ad_error *err)
{
	ad_db *db = NULL;
	char *uri;
	int rc, code;

	*out = NULL;
	if ((rc = open_as(&db, path, path, SQLITE_OPEN_READONLY, busy_ms,
			  err)) < 0)
		return rc;
	if (readable(db, &code) ||
	    (code != SQLITE_READONLY && code != SQLITE_CANTOPEN)) {
		*out = db; /* any other failure is met again, and told, later */
		return 0;
	}
	/* A WAL database whose shared-memory file is missing and cannot be
	 * made (a read-only medium): no connection is writing it, as a
	 * writer has that file, so it can be read as immutable. */
	ad_db_close(db);
	uri = immutable_uri(path);
	rc = open_as(out, path, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
		     busy_ms, err);
	free(uri);
	return rc;
}

void ad_db_close(ad_db *db)
{
	if (!db)
		return;
	sqlite3_close(db->h);
	free(db->path);
	free(db);
}

const char *ad_db_path(const ad_db *db)
{
	return db->path;
}

int ad_db_readonly(const ad_db *db)
{
	return db->readonly;
}

int ad_db_exec(ad_db *db, const char *sql, ad_error *err)
{
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, err, "database error");
	return 0;
}

int ad_db_query_int(int64_t *out, ad_db *db, const char *sql,
		    ad_error *err)
{
	ad_db_stmt *q = NULL;
	int rc;

	if ((rc = ad_db_prepare(&q, db, sql, err)) < 0)
		return rc;
	rc = ad_db_step_int(out, q, err);
	ad_db_finalize(q);
	return rc;
}

int64_t ad_db_last_id(const ad_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int ad_db_changes(const ad_db *db)
{
	return sqlite3_changes(db->h);
}

/* ---- functions ------------------------------------------------------ */

static void digest_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char key[AD_HASH_HEX + 1];
	const void *data;
	int len;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	data = sqlite3_value_blob(argv[0]); /* text too, as its bytes */
	len = sqlite3_value_bytes(argv[0]);
	if (!data && len > 0) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	ad_hash_content(key, data, (size_t)len);
	sqlite3_result_text(ctx, key, AD_HASH_HEX, SQLITE_TRANSIENT);
}

int ad_db_define_digest(ad_db *db, const char *name, ad_error *err)
{
	if (sqlite3_create_function_v2(db->h, name, 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC |
					       SQLITE_INNOCUOUS,
				       NULL, digest_fn, NULL, NULL,
				       NULL) != SQLITE_OK)
		return db_error(db, err, "cannot define a function");
	return 0;
}

/* ---- transactions --------------------------------------------------- */

/* Milliseconds on a monotonic clock. */
static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Sleep between ms / 2 and 3 ms / 2, the part taken from the clock's
 * nanoseconds: two processes that began together do not wake together. */
static void sleep_about_ms(long ms)
{
	struct timespec now, t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = ms / 2 + (long)(now.tv_nsec % (ms + 1));
	t.tv_sec = ms / 1000;
	t.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&t, NULL);
}

/* The retry policy (store_db.h). SQLite's busy handler waits inside a
 * statement, told the time left each time; a statement that still comes
 * back busy (the handler's time ran out, or SQLite did not call it, as for
 * the switch to WAL while another connection writes) is run again after a
 * pause that doubles from AD_DB_BACKOFF_MS up to AD_DB_BACKOFF_MAX_MS, with
 * jitter, until busy_ms have passed in all. */
int ad_db_exec_wait(ad_db *db, const char *sql, ad_error *err)
{
	long long deadline = now_ms() + db->busy_ms, left;
	long pause = AD_DB_BACKOFF_MS;
	int r;

	for (;;) {
		left = deadline - now_ms();
		sqlite3_busy_timeout(db->h, left > 0 ? (int)left : 0);
		r = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
		if ((r & 0xff) != SQLITE_BUSY || deadline - now_ms() <= 0)
			break;
		sleep_about_ms(pause);
		if (pause < AD_DB_BACKOFF_MAX_MS)
			pause *= 2;
	}
	sqlite3_busy_timeout(db->h, db->busy_ms);
	if (r != SQLITE_OK)
		return db_error(db, err, "database error");
	return 0;
}

int ad_db_begin(ad_db *db, ad_error *err)
{
	return ad_db_exec_wait(db, "BEGIN IMMEDIATE", err);
}

int ad_db_begin_nowait(ad_db *db, ad_error *err)
{
	int rc;

	sqlite3_busy_timeout(db->h, 0);
	rc = ad_db_exec(db, "BEGIN IMMEDIATE", err);
	sqlite3_busy_timeout(db->h, db->busy_ms);
	return rc;
}

int ad_db_end(ad_db *db, int rc, ad_error *err)
{
	if (rc == 0)
		rc = ad_db_exec(db, "COMMIT", err);
	if (rc < 0) /* its own failure would say nothing more */
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* ---- statements ----------------------------------------------------- */

static int prepare(ad_db_stmt **out, ad_db *db, const char *sql,
		   unsigned flags, ad_error *err)
{
	sqlite3_stmt *h = NULL;

	*out = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, flags, &h, NULL) != SQLITE_OK)
		return db_error(db, err, "database error");
	*out = ad_xcalloc(1, sizeof(**out));
	(*out)->h = h;
	(*out)->db = db;
	return 0;
}

int ad_db_prepare(ad_db_stmt **out, ad_db *db, const char *sql,
		  ad_error *err)
{
	return prepare(out, db, sql, 0, err);
}

int ad_db_prepare_persistent(ad_db_stmt **out, ad_db *db, const char *sql,
			     ad_error *err)
{
	return prepare(out, db, sql, SQLITE_PREPARE_PERSISTENT, err);
}

void ad_db_finalize(ad_db_stmt *q)
{
	if (!q)
		return;
	sqlite3_finalize(q->h);
	free(q);
}

void ad_db_reset(ad_db_stmt *q)
{
	sqlite3_reset(q->h);
}

void ad_db_bind_int64(ad_db_stmt *q, int i, int64_t v)
{
	sqlite3_bind_int64(q->h, i, v);
}

void ad_db_bind_null(ad_db_stmt *q, int i)
{
	sqlite3_bind_null(q->h, i);
}

void ad_db_bind_text(ad_db_stmt *q, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(q->h, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q->h, i);
}

void ad_db_bind_text_copy(ad_db_stmt *q, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(q->h, i, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q->h, i);
}

void ad_db_bind_blob(ad_db_stmt *q, int i, const void *data, size_t len)
{
	if (data)
		sqlite3_bind_blob64(q->h, i, data, len, SQLITE_STATIC);
	else
		sqlite3_bind_null(q->h, i);
}

int ad_db_step(ad_db_stmt *q, ad_error *err)
{
	int r = sqlite3_step(q->h);

	q->failed = 0;
	if (r == SQLITE_ROW)
		return AD_DB_ROW;
	if (r == SQLITE_DONE)
		return AD_DB_DONE;
	q->failed = r & 0xff; /* the primary code, extended or not */
	return db_error(q->db, err, "database error");
}

int ad_db_run(ad_db_stmt *q, ad_error *err)
{
	int r = ad_db_step(q, err);

	sqlite3_reset(q->h);
	if (r == AD_DB_ROW) /* SQLite sees no error: say what it says */
		return db_error(q->db, err, "database error");
	return r;
}

int ad_db_step_int(int64_t *out, ad_db_stmt *q, ad_error *err)
{
	int r = ad_db_step(q, err);

	*out = r == AD_DB_ROW ? sqlite3_column_int64(q->h, 0) : 0;
	sqlite3_reset(q->h);
	return r < 0 ? r : 0;
}

int ad_db_constraint(const ad_db_stmt *q)
{
	return q->failed == SQLITE_CONSTRAINT;
}

/* ---- columns -------------------------------------------------------- */

int64_t ad_db_column_int64(ad_db_stmt *q, int i)
{
	return sqlite3_column_int64(q->h, i);
}

int ad_db_column_int(ad_db_stmt *q, int i)
{
	return sqlite3_column_int(q->h, i);
}

int ad_db_column_is_null(ad_db_stmt *q, int i)
{
	return sqlite3_column_type(q->h, i) == SQLITE_NULL;
}

const char *ad_db_column_text(ad_db_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q->h, i);
}

char *ad_db_column_strdup(ad_db_stmt *q, int i)
{
	const char *t = ad_db_column_text(q, i);

	return t ? ad_xstrdup(t) : NULL;
}

const void *ad_db_column_blob(ad_db_stmt *q, int i, size_t *len)
{
	/* in this order: the length is that of the form just fetched */
	const void *p = sqlite3_column_blob(q->h, i);

	*len = (size_t)sqlite3_column_bytes(q->h, i);
	return p;
}
