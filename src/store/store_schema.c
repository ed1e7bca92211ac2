/*
 * store_schema.c - the store's schema and its life: opening (refusing
 * what is not a store of ours), migrating an older schema, preparing the
 * statements a recording shares, closing.
 *
 * Method: opening never harms a file it refuses. The header is read with
 * stdio first (magic string, and user_version at byte 60), so SQLite
 * never opens a file that is not a database, and a newer store is refused
 * before the connection writes anything (switching to WAL writes the
 * header). A header may be stale, a write still in the WAL, so SQLite is
 * asked again before anything is written. Each migration step runs with
 * the new user_version in one transaction: a store is at one version or
 * the next, never between. Opening to write runs PRAGMA quick_check
 * first, so a damaged store is refused before anything is written into
 * it; opening to read uses a read-only connection and writes nothing.
 */
#include "agentdup/store.h"
#include "store/store_schema.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_db.h"
#include "store/store_internal.h"
#include "store/store_pack.h"
#include "store/store_rekey.h"

/* ---- the schema and its migrations ---------------------------------- */

/* Version 1. Child tables of a blob are keyed (blob_id, pos) without
 * rowids: they are read a blob at a time, in order. */
static const char schema_v1[] =
	"CREATE TABLE snapshot("
	" id INTEGER PRIMARY KEY,"
	" label TEXT NOT NULL UNIQUE,"
	" created TEXT NOT NULL,"
	" note TEXT);"
	"CREATE TABLE blob("
	" id INTEGER PRIMARY KEY,"
	" hash TEXT NOT NULL UNIQUE,"
	" bytes INTEGER NOT NULL);"
	"CREATE TABLE entry("
	" snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,"
	" path TEXT NOT NULL,"
	" blob_id INTEGER NOT NULL REFERENCES blob(id),"
	" PRIMARY KEY(snapshot_id, path)) WITHOUT ROWID;"
	/* which snapshots hold a content; also the foreign key's lookup */
	"CREATE INDEX entry_blob ON entry(blob_id);"
	"CREATE TABLE agent("
	" blob_id INTEGER PRIMARY KEY REFERENCES blob(id) ON DELETE CASCADE,"
	" name TEXT,"
	" description TEXT);"
	"CREATE TABLE field("
	" blob_id INTEGER NOT NULL REFERENCES blob(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" key TEXT NOT NULL,"
	" value TEXT,"
	" line INTEGER NOT NULL,"
	" PRIMARY KEY(blob_id, pos)) WITHOUT ROWID;"
	"CREATE TABLE section("
	" blob_id INTEGER NOT NULL REFERENCES blob(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" path TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" level INTEGER NOT NULL,"
	" line_start INTEGER NOT NULL,"
	" line_end INTEGER NOT NULL,"
	" text_hash TEXT NOT NULL,"
	" PRIMARY KEY(blob_id, pos)) WITHOUT ROWID;"
	"CREATE TABLE rule("
	" blob_id INTEGER NOT NULL REFERENCES blob(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL,"
	" section_pos INTEGER NOT NULL,"
	" line INTEGER NOT NULL,"
	" depth INTEGER NOT NULL,"
	" kind INTEGER NOT NULL,"
	" text TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" PRIMARY KEY(blob_id, pos)) WITHOUT ROWID;"
	/* version 5 drops it */
	"CREATE INDEX rule_hash ON rule(hash);"
	"CREATE TABLE term("
	" id INTEGER PRIMARY KEY,"
	" stem TEXT NOT NULL UNIQUE);"
	"CREATE TABLE count("
	" blob_id INTEGER NOT NULL REFERENCES blob(id) ON DELETE CASCADE,"
	" term_id INTEGER NOT NULL REFERENCES term(id),"
	" n INTEGER NOT NULL,"
	" PRIMARY KEY(blob_id, term_id)) WITHOUT ROWID;";
/* No index on count(term_id): document frequencies scan the table anyway,
 * and on a corpus of 3,000 agents (1.4 million counts) the index's random
 * inserts made the first snapshot six times slower. Terms are never
 * deleted, so the foreign key needs no index either. */

/* Version 2 keeps each content's text, so that any snapshot can be
 * analysed again as a whole (its clusters, for drift); contents stored by
 * version 1 keep a NULL text. And it keeps the clusters so computed, per
 * snapshot and per settings (the analysis's version and options), once:
 * clustering says they were computed (a snapshot may have none), member
 * lists the clustered files. */
static const char schema_v2[] =
	"ALTER TABLE blob ADD COLUMN text BLOB;"
	"CREATE TABLE clustering("
	" snapshot_id INTEGER NOT NULL REFERENCES snapshot(id)"
	"  ON DELETE CASCADE,"
	" settings TEXT NOT NULL,"
	" clusters INTEGER NOT NULL,"
	" PRIMARY KEY(snapshot_id, settings)) WITHOUT ROWID;"
	"CREATE TABLE member("
	" snapshot_id INTEGER NOT NULL,"
	" settings TEXT NOT NULL,"
	" path TEXT NOT NULL,"
	" cluster INTEGER NOT NULL,"
	" canonical INTEGER NOT NULL,"
	" PRIMARY KEY(snapshot_id, settings, path),"
	" FOREIGN KEY(snapshot_id, settings)"
	"  REFERENCES clustering(snapshot_id, settings) ON DELETE CASCADE)"
	" WITHOUT ROWID;";

/* Version 4 keeps a content's raw counts as one value (store_pack.h):
 * version 3's row a term came to 14 million rows for 30,000 agents, more
 * than half of the time of their first snapshot. */
static const char schema_v4[] =
	"CREATE TABLE counts("
	" blob_id INTEGER PRIMARY KEY REFERENCES blob(id) ON DELETE CASCADE,"
	" packed BLOB NOT NULL);";

/* Version 5 drops the index of rules by key, which no query reads: it
 * held an eighth of a store of the corpus (13.5 of 109 MB), and every
 * snapshot bringing new contents kept it up (or, when they outnumbered
 * the store's, made it anew, one sort of every rule). */
static const char schema_v5[] = "DROP INDEX IF EXISTS rule_hash;";

/* Version 3 names contents, sections and rules by SHA-256
 * (store_rekey.c); the tables are those of version 2. */
static const ad_store_migration migrations[] = {
	{1, schema_v1, NULL},
	{2, schema_v2, NULL},
	{3, NULL, ad_store_rekey},
	{4, schema_v4, ad_store_pack_count_rows},
	{5, schema_v5, NULL},
};

const ad_store_migration *ad_store_migrations(size_t *n)
{
	*n = sizeof(migrations) / sizeof(migrations[0]);
	return migrations;
}

/* ---- the statements a recording shares ------------------------------ */

static const char *const queries[Q_COUNT] = {
	[Q_FIND_BLOB] = "SELECT id FROM blob WHERE hash = ?1",
	[Q_ADD_SNAPSHOT] = "INSERT INTO snapshot(label, created, note)"
	" VALUES(?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?2)",
	[Q_ADD_BLOB] = "INSERT INTO blob(hash, bytes, text)"
	" VALUES(?1, ?2, ?3)",
	[Q_ADD_ENTRY] = "INSERT INTO entry(snapshot_id, path, blob_id)"
	" VALUES(?1, ?2, ?3)",
	[Q_ADD_AGENT] = "INSERT INTO agent(blob_id, name, description)"
	" VALUES(?1, ?2, ?3)",
	[Q_ADD_FIELD] = "INSERT INTO field(blob_id, pos, key, value, line)"
	" VALUES(?1, ?2, ?3, ?4, ?5)",
	[Q_ADD_SECTION] = "INSERT INTO section(blob_id, pos, path, title,"
	" level, line_start, line_end, text_hash)"
	" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_ADD_RULE] = "INSERT INTO rule(blob_id, pos, section_pos, line,"
	" depth, kind, text, hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_ADD_TERM] = "INSERT OR IGNORE INTO term(stem) VALUES(?1)",
	[Q_FIND_TERM] = "SELECT id FROM term WHERE stem = ?1",
	[Q_ADD_COUNT] = "INSERT INTO counts(blob_id, packed) VALUES(?1, ?2)",
};

static int prepare_all(ad_store *s, ad_error *err)
{
	int i, rc;

	for (i = 0; i < Q_COUNT; i++)
		if ((rc = ad_db_prepare_persistent(&s->q[i], s->db, queries[i],
						   err)) < 0)
			return rc;
	return 0;
}

/* ---- opening -------------------------------------------------------- */

static int newer_error(const char *path, int64_t version, int newest,
		       ad_error *err)
{
	return ad_error_setat(err, AD_EINVAL, path, 0, 0,
			      "store schema version %" PRId64 " is newer than "
			      "this agentdup knows (version %d)",
			      version, newest);
}

/* Whether the fixed fields of an SQLite header hold what every SQLite
 * database has (the file format's "database header"): a page size that is
 * a power of two from 512 to 65536 (1 for 65536), read and write versions
 * 1 or 2, payload fractions 64, 32 and 32. */
static int sane_header(const unsigned char *h)
{
	unsigned page = (unsigned)h[16] << 8 | h[17];

	if (page == 1)
		page = 65536;
	return page >= 512 && (page & (page - 1)) == 0 &&
	       (h[18] == 1 || h[18] == 2) && (h[19] == 1 || h[19] == 2) &&
	       h[21] == 64 && h[22] == 32 && h[23] == 32;
}

/* Refuse a file that is not an SQLite database, or a store newer than
 * newest, from its header alone. A missing or empty file is a new store.
 * A user_version far beyond any agentdup ever wrote is not a newer store
 * but a file of something else, and is told as such. */
static int check_header(const char *path, int newest, ad_error *err)
{
	unsigned char h[100];
	FILE *f = fopen(path, "rb");
	size_t got;
	int64_t version;

	if (!f)
		return errno == ENOENT ? 0
				       : ad_error_setat(err, AD_EIO, path, 0, 0,
							"cannot open: %s",
							strerror(errno));
	got = fread(h, 1, sizeof(h), f);
	fclose(f);
	if (got == 0)
		return 0;
	if (got < sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0)
		return ad_error_setat(err, AD_EPARSE, path, 0, 0,
				      "not an sqlite database");
	if (!sane_header(h))
		return ad_error_setat(err, AD_EPARSE, path, 0, 0,
				      "not an agentdup store: its sqlite "
				      "header is damaged");
	version = (int64_t)((uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 |
			    (uint32_t)h[62] << 8 | h[63]);
	if (version > AD_STORE_VERSION_MAX)
		return ad_error_setat(err, AD_EPARSE, path, 0, 0,
				      "not an agentdup store (its sqlite "
				      "user_version is %" PRId64 ")", version);
	if (version > newest)
		return newer_error(path, version, newest, err);
	return 0;
}

/* The header may be stale (a write still in the WAL): ask SQLite too,
 * before anything is written. */
static int check_schema(ad_db *db, int64_t *version, int newest,
			ad_error *err)
{
	int64_t objects;
	int rc;

	if ((rc = ad_db_query_int(version, db, "PRAGMA user_version",
				  err)) < 0)
		return rc;
	if (*version > newest)
		return newer_error(ad_db_path(db), *version, newest, err);
	if (*version > 0)
		return 0;
	if ((rc = ad_db_query_int(&objects, db,
				  "SELECT count(*) FROM sqlite_master",
				  err)) < 0)
		return rc;
	if (objects > 0)
		return ad_error_setat(err, AD_EPARSE, ad_db_path(db), 0, 0,
				      "an sqlite database, but not an "
				      "agentdup store");
	return 0;
}

/* The refusal, with the first line of what SQLite found ("*** in
 * database main ***" before it says nothing). */
static int damaged(ad_db *db, const char *found, ad_error *err)
{
	char what[sizeof(err->msg)];
	const char *nl = strchr(found, '\n');

	if (strncmp(found, "*** ", 4) == 0 && nl)
		found = nl + 1;
	snprintf(what, sizeof(what), "%.*s", (int)strcspn(found, "\n"),
		 found);
	return ad_error_setat(err, AD_EPARSE, ad_db_path(db), 0, 0,
			      "damaged store, nothing was written (restore "
			      "it from a copy): %s", what);
}

/* Refuse to write into a damaged store: PRAGMA quick_check reads every
 * page and checks the b-trees (not the indexes against their tables,
 * which integrity_check adds at twice the time); its first line is "ok",
 * or the first problem. A page too damaged to read fails the pragma
 * itself. Either way nothing has been written yet. */
static int check_damage(ad_db *db, ad_error *err)
{
	ad_db_stmt *q = NULL;
	const char *line;
	int rc;

	if ((rc = ad_db_prepare(&q, db, "PRAGMA quick_check(1)", err)) < 0)
		return rc;
	rc = ad_db_step(q, err);
	line = rc == AD_DB_ROW ? ad_db_column_text(q, 0) : NULL;
	if (rc == AD_DB_ROW && line && strcmp(line, "ok") == 0)
		rc = 0;
	else
		rc = damaged(db, line ? line : err->msg, err);
	ad_db_finalize(q);
	return rc;
}

/* Steps from the version the store is at to n-1, and the new
 * user_version, in one transaction. The version is read again inside it:
 * another writer may have migrated the store meanwhile. */
static int migrate(ad_db *db, const ad_store_migration *steps, size_t n,
		   ad_error *err)
{
	char sql[64];
	int64_t version;
	size_t i;
	int rc;

	if ((rc = ad_db_begin(db, err)) < 0)
		return rc;
	rc = ad_db_query_int(&version, db, "PRAGMA user_version", err);
	for (i = (size_t)version; i < n && rc == 0; i++) {
		assert(steps[i].version == (int)i + 1);
		if (steps[i].sql)
			rc = ad_db_exec(db, steps[i].sql, err);
		if (rc == 0 && steps[i].run)
			rc = steps[i].run(db, err);
	}
	if (rc == 0 && version < steps[n - 1].version) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
			 steps[n - 1].version);
		rc = ad_db_exec(db, sql, err);
	}
	return ad_db_end(db, rc, err);
}

/* Check the schema of the open database and that it is whole, set the
 * connection up and bring the schema to the newest of steps. */
static int set_up(ad_db *db, const ad_store_migration *steps, size_t n,
		  ad_error *err)
{
	int newest = steps[n - 1].version;
	int64_t version = 0;
	int rc;

	if ((rc = check_schema(db, &version, newest, err)) < 0 ||
	    (version > 0 && (rc = check_damage(db, err)) < 0) ||
	    (rc = ad_db_exec_wait(db, "PRAGMA journal_mode = WAL", err)) < 0 ||
	    (rc = ad_db_exec(db, "PRAGMA synchronous = NORMAL;"
			     "PRAGMA cache_size = -65536;"
			     "PRAGMA foreign_keys = ON", err)) < 0)
		return rc;
	if (version < newest)
		return migrate(db, steps, n, err);
	return 0;
}

/* A store is written with its journal beside it: refuse early, and
 * say why, when the file or its folder cannot be written (a read-only
 * medium, permissions), rather than let SQLite fail halfway in. */
static int check_writable(const char *path, ad_error *err)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];

	if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
		return ad_error_setat(err, AD_EIO, path, 0, 0,
				      "cannot write the store: %s",
				      strerror(errno));
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s",
			 (int)(slash == path ? 1 : slash - path), path);
	if (access(dir, W_OK) != 0 && errno != ENAMETOOLONG)
		return ad_error_setat(err, AD_EIO, path, 0, 0,
				      "cannot write in the store's folder "
				      "(its journal goes there): %s",
				      strerror(errno));
	return 0;
}

int ad_store_open_steps(ad_store **out, const char *path,
			const ad_store_migration *steps, size_t n,
			ad_error *err)
{
	int newest = n ? steps[n - 1].version : 0;
	ad_store *s = NULL;
	int rc;

	assert(n > 0);
	*out = NULL;
	if ((rc = check_header(path, newest, err)) < 0 ||
	    (rc = check_writable(path, err)) < 0)
		return rc;
	s = ad_xcalloc(1, sizeof(*s));
	s->version = newest;
	if ((rc = ad_db_open(&s->db, path, AD_STORE_BUSY_MS, err)) < 0 ||
	    (rc = set_up(s->db, steps, n, err)) < 0 ||
	    (rc = prepare_all(s, err)) < 0)
		goto done;
	*out = s;
	s = NULL;
done:
	ad_store_close(s);
	return rc;
}

int ad_store_open(ad_store **out, const char *path, ad_error *err)
{
	size_t n;
	const ad_store_migration *steps = ad_store_migrations(&n);

	return ad_store_open_steps(out, path, steps, n, err);
}

/* A store opened for reading: the schema checked, nothing written. The
 * statements of a recording are prepared against the newest schema only
 * (they check its tables); an older store has tables they do not know. */
static int open_read(ad_store **out, int64_t *version, const char *path,
		     ad_error *err)
{
	ad_store *s = ad_xcalloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if ((rc = ad_db_open_read(&s->db, path, AD_STORE_BUSY_MS, err)) < 0 ||
	    (rc = check_schema(s->db, version, AD_STORE_VERSION, err)) < 0 ||
	    (*version >= 2 &&
	     (rc = ad_db_exec(s->db, "PRAGMA cache_size = -65536", err)) <
		     0) ||
	    (*version == AD_STORE_VERSION && (rc = prepare_all(s, err)) < 0))
		goto done;
	s->version = *version;
	*out = s;
	s = NULL;
done:
	ad_store_close(s);
	return rc;
}

int ad_store_open_read_as_is(ad_store **out, const char *path,
			     ad_error *err)
{
	int64_t version = 0;
	int rc;

	*out = NULL;
	if ((rc = check_header(path, AD_STORE_VERSION, err)) < 0)
		return rc;
	return open_read(out, &version, path, err);
}

int ad_store_open_read(ad_store **out, const char *path, ad_error *err)
{
	int64_t version = 0;
	int rc;

	*out = NULL;
	if ((rc = check_header(path, AD_STORE_VERSION, err)) < 0 ||
	    (rc = open_read(out, &version, path, err)) < 0)
		return rc;
	if (version == AD_STORE_VERSION)
		return 0;
	/* a store of version 2 or 3 has the tables of 4 but for its counts,
	 * a row a term (and a store of 2 has older keys: see store_rekey.c):
	 * where it cannot be written, it is read as it is */
	if (version >= 2 && access(path, W_OK) != 0)
		return 0;
	/* an older (or empty) store is brought up to date first, which
	 * writes; then read as any other */
	ad_store_close(*out);
	*out = NULL;
	if ((rc = ad_store_open(out, path, err)) < 0)
		return rc;
	ad_store_close(*out);
	*out = NULL;
	return open_read(out, &version, path, err);
}

void ad_store_close(ad_store *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < Q_COUNT; i++)
		ad_db_finalize(s->q[i]);
	ad_db_close(s->db);
	free(s);
}
