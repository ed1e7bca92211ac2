/*
 * store.c - the snapshot store over SQLite: the one file that touches
 * sqlite3, translating its result codes (SQLITE_ROW / SQLITE_DONE on
 * success) into ours.
 *
 * Method: contents are keyed by a 128-bit hash of their bytes, and a
 * content's analysis (frontmatter, sections, rules, term counts) is written
 * once, the first time the content is seen; a snapshot is then a list of
 * path -> content rows. An unchanged corpus costs one lookup and one entry
 * row per file, so a repeated snapshot is cheap once parsing is skipped
 * too (ad_store_record_entries()).
 *
 * Opening never harms a file it refuses: the header is read with stdio
 * first (magic string, and user_version at byte 60), so SQLite never opens
 * a file that is not a database, and a newer store is refused before the
 * connection writes anything (switching to WAL writes the header).
 */
#include "agentdup/store.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "agentdup/arena.h"
#include "agentdup/buf.h"
#include "agentdup/tfidf.h"

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
	/* drift questions: where else, and since when, does a rule appear */
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

static const ad_store_migration migrations[] = {
	{1, schema_v1},
	{2, schema_v2},
};

const ad_store_migration *ad_store_migrations(size_t *n)
{
	*n = sizeof(migrations) / sizeof(migrations[0]);
	return migrations;
}

/* ---- statements --------------------------------------------------- */

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

static const char *const queries[Q_COUNT] = {
	"SELECT id FROM blob WHERE hash = ?1",
	"INSERT INTO snapshot(label, created, note)"
	" VALUES(?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?2)",
	"INSERT INTO blob(hash, bytes, text) VALUES(?1, ?2, ?3)",
	"INSERT INTO entry(snapshot_id, path, blob_id) VALUES(?1, ?2, ?3)",
	"INSERT INTO agent(blob_id, name, description) VALUES(?1, ?2, ?3)",
	"INSERT INTO field(blob_id, pos, key, value, line)"
	" VALUES(?1, ?2, ?3, ?4, ?5)",
	"INSERT INTO section(blob_id, pos, path, title, level, line_start,"
	" line_end, text_hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	"INSERT INTO rule(blob_id, pos, section_pos, line, depth, kind, text,"
	" hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	"INSERT OR IGNORE INTO term(stem) VALUES(?1)",
	"SELECT id FROM term WHERE stem = ?1",
	"INSERT INTO count(blob_id, term_id, n) VALUES(?1, ?2, ?3)",
};

struct ad_store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *q[Q_COUNT];
};

static int db_error(ad_store *s, ad_error *err, const char *what)
{
	return ad_error_setat(err, AD_EIO, s->path, 0, 0, "%s: %s", what,
			      sqlite3_errmsg(s->db));
}

static int exec(ad_store *s, const char *sql, ad_error *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err, "database error");
	return 0;
}

/* Run q, which must return no row; q is reset for its next use. *rc
 * receives SQLite's status so that callers can tell a constraint. */
static int run(ad_store *s, sqlite3_stmt *q, int *rc, ad_error *err)
{
	int r = sqlite3_step(q);

	sqlite3_reset(q);
	if (rc)
		*rc = r;
	if (r != SQLITE_DONE)
		return db_error(s, err, "database error");
	return 0;
}

/* The integer in the first column of q's first row, or 0 without a row. */
static int fetch_int(ad_store *s, sqlite3_stmt *q, int64_t *out,
		     ad_error *err)
{
	int r = sqlite3_step(q);

	*out = r == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return db_error(s, err, "database error");
	return 0;
}

static int query_int(ad_store *s, const char *sql, int64_t *out,
		     ad_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, err, "database error");
	rc = fetch_int(s, q, out, err);
	sqlite3_finalize(q);
	return rc;
}

static void bind_text(sqlite3_stmt *q, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(q, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

/* ---- content keys --------------------------------------------------- */

static uint64_t load64le(const unsigned char *p, size_t n)
{
	uint64_t w = 0;

	while (n--)
		w = w << 8 | p[n];
	return w;
}

static uint64_t rotl(uint64_t x, int r) { return x << r | x >> (64 - r); }

static uint64_t fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

/* MurmurHash3's 64-bit lane, one lane per seed: words are read
 * little-endian whatever the host, as the keys are persisted. */
static uint64_t hash64(const unsigned char *p, size_t len, uint64_t seed)
{
	const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
	uint64_t h = seed, k;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		k = rotl(load64le(p + i, 8) * c1, 31) * c2;
		h = rotl(h ^ k, 27) * 5 + 0x52dce729;
	}
	if (i < len) {
		k = rotl(load64le(p + i, len - i) * c1, 31) * c2;
		h ^= k;
	}
	return fmix(h ^ (uint64_t)len);
}

void ad_store_hash_bytes(char *out, const void *data, size_t len)
{
	const unsigned char *p = len ? data : (const unsigned char *)"";

	snprintf(out, AD_STORE_HASH_HEX + 1, "%016" PRIx64 "%016" PRIx64,
		 hash64(p, len, 0x9e3779b97f4a7c15ULL),
		 hash64(p, len, 0x2545f4914f6cdd1dULL));
}

/* The whole file at path into b. */
static int read_whole(ad_buf *b, const char *path, ad_error *err)
{
	FILE *f = fopen(path, "rb");
	size_t got;
	int rc = 0;

	if (!f)
		return ad_error_setat(err, AD_EIO, path, 0, 0,
				      "cannot open: %s", strerror(errno));
	do {
		ad_buf_reserve(b, 65536);
		got = fread(b->ptr + b->len, 1, 65536, f);
		b->len += got;
	} while (got == 65536);
	if (ferror(f))
		rc = ad_error_setat(err, AD_EIO, path, 0, 0, "cannot read");
	fclose(f);
	return rc;
}

int ad_store_hash_file(char *out, uint64_t *bytes, const char *path,
		       ad_error *err)
{
	ad_buf b = AD_BUF_INIT;
	int rc = read_whole(&b, path, err);

	if (rc == 0) {
		ad_store_hash_bytes(out, b.ptr, b.len);
		if (bytes)
			*bytes = b.len;
	}
	ad_buf_dispose(&b);
	return rc;
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

/* Refuse a file that is not an SQLite database, or a store newer than
 * newest, from its header alone. A missing or empty file is a new store. */
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
	version = (int64_t)((uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 |
			    (uint32_t)h[62] << 8 | h[63]);
	if (version > newest)
		return newer_error(path, version, newest, err);
	return 0;
}

/* The header may be stale (a write still in the WAL): ask SQLite too,
 * before anything is written. */
static int check_schema(ad_store *s, int64_t *version, int newest,
			ad_error *err)
{
	int64_t objects;
	int rc;

	if ((rc = query_int(s, "PRAGMA user_version", version, err)) < 0)
		return rc;
	if (*version > newest)
		return newer_error(s->path, *version, newest, err);
	if (*version > 0)
		return 0;
	if ((rc = query_int(s, "SELECT count(*) FROM sqlite_master", &objects,
			    err)) < 0)
		return rc;
	if (objects > 0)
		return ad_error_setat(err, AD_EPARSE, s->path, 0, 0,
				      "an sqlite database, but not an "
				      "agentdup store");
	return 0;
}

/* Steps version..n-1 and the new user_version, in one transaction: a
 * store is at one version or the next, never between. */
static int migrate(ad_store *s, int64_t version,
		   const ad_store_migration *steps, size_t n, ad_error *err)
{
	char sql[64];
	size_t i;
	int rc;

	if ((rc = exec(s, "BEGIN IMMEDIATE", err)) < 0)
		return rc;
	for (i = (size_t)version; i < n && rc == 0; i++) {
		assert(steps[i].version == (int)i + 1);
		rc = exec(s, steps[i].sql, err);
	}
	if (rc == 0) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
			 steps[n - 1].version);
		rc = exec(s, sql, err);
	}
	if (rc == 0)
		rc = exec(s, "COMMIT", err);
	if (rc < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int prepare_all(ad_store *s, ad_error *err)
{
	int i;

	for (i = 0; i < Q_COUNT; i++)
		if (sqlite3_prepare_v3(s->db, queries[i], -1,
				       SQLITE_PREPARE_PERSISTENT, &s->q[i],
				       NULL) != SQLITE_OK)
			return db_error(s, err, "database error");
	return 0;
}

int ad_store_open_steps(ad_store **out, const char *path,
			const ad_store_migration *steps, size_t n,
			ad_error *err)
{
	int newest = n ? steps[n - 1].version : 0;
	ad_store *s = NULL;
	int64_t version = 0;
	int rc;

	assert(n > 0);
	*out = NULL;
	if ((rc = check_header(path, newest, err)) < 0)
		return rc;
	s = ad_xcalloc(1, sizeof(*s));
	s->path = ad_xstrdup(path);
	if (sqlite3_open_v2(path, &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX, /* see store.h */
			    NULL) != SQLITE_OK) {
		rc = db_error(s, err, "cannot open");
		goto done;
	}
	sqlite3_busy_timeout(s->db, AD_STORE_BUSY_MS);
	if ((rc = check_schema(s, &version, newest, err)) < 0 ||
	    (rc = exec(s, "PRAGMA journal_mode = WAL;"
			  "PRAGMA synchronous = NORMAL;"
			  "PRAGMA cache_size = -65536;"
			  "PRAGMA foreign_keys = ON", err)) < 0)
		goto done;
	if (version < newest && (rc = migrate(s, version, steps, n, err)) < 0)
		goto done;
	if ((rc = prepare_all(s, err)) < 0)
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

void ad_store_close(ad_store *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->q[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

/* ---- recording ------------------------------------------------------ */

static int find_blob(ad_store *s, const char *hash, int64_t *id,
		     ad_error *err)
{
	sqlite3_stmt *q = s->q[Q_FIND_BLOB];

	sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
	return fetch_int(s, q, id, err);
}

int ad_store_known(int *out, ad_store *s, const char *hash, ad_error *err)
{
	int64_t id;
	int rc = find_blob(s, hash, &id, err);

	*out = rc == 0 && id > 0;
	return rc;
}

/* The state of one recording: stems already resolved to term ids, and
 * the counter of an agent's terms. */
typedef struct rec {
	ad_store *s;
	const ad_vocab *vocab;
	int64_t *term_ids; /* per vocab id; 0 until resolved */
	ad_counter counter;
	int counting; /* counter and term_ids made */
	ad_arena *arena;
	ad_store_stats stats;
} rec;

static void rec_dispose(rec *r)
{
	if (r->counting)
		ad_counter_dispose(&r->counter);
	free(r->term_ids);
	ad_arena_free(r->arena);
}

static int term_id(rec *r, uint32_t vid, int64_t *out, ad_error *err)
{
	ad_store *s = r->s;
	sqlite3_stmt *q = s->q[Q_ADD_TERM];
	int rc;

	if (r->term_ids[vid]) {
		*out = r->term_ids[vid];
		return 0;
	}
	sqlite3_bind_text(q, 1, ad_vocab_stem(r->vocab, vid), -1,
			  SQLITE_STATIC);
	if ((rc = run(s, q, NULL, err)) < 0)
		return rc;
	if (sqlite3_changes(s->db) == 1) {
		*out = sqlite3_last_insert_rowid(s->db);
		r->stats.terms_new++;
	} else {
		q = s->q[Q_FIND_TERM];
		sqlite3_bind_text(q, 1, ad_vocab_stem(r->vocab, vid), -1,
				  SQLITE_STATIC);
		if ((rc = fetch_int(s, q, out, err)) < 0)
			return rc;
	}
	r->term_ids[vid] = *out;
	return 0;
}

/* Raw counts of every term of the agent. */
static int add_counts(rec *r, int64_t blob, const ad_doc *d, ad_error *err)
{
	sqlite3_stmt *q = r->s->q[Q_ADD_COUNT];
	ad_counter *c = &r->counter;
	ad_svec v;
	int64_t tid;
	size_t k;
	uint32_t i;
	int rc = 0;

	if (!r->counting) {
		uint32_t nterms = ad_vocab_count(r->vocab);

		ad_counter_init(c, nterms);
		r->term_ids = ad_xcalloc(nterms + 1, sizeof(*r->term_ids));
		r->arena = ad_arena_new();
		r->counting = 1;
	}
	ad_counter_add(c, d->desc_terms, d->ndesc_terms);
	ad_counter_add(c, d->meta_terms, d->nmeta_terms);
	for (k = 0; k < d->nsections; k++)
		ad_counter_add(c, d->sections[k].terms, d->sections[k].nterms);
	for (k = 0; k < d->nrules; k++)
		ad_counter_add(c, d->rules[k].terms, d->rules[k].nterms);
	ad_counter_take(&v, c, r->arena);
	for (i = 0; i < v.n && rc == 0; i++) {
		if ((rc = term_id(r, v.ids[i], &tid, err)) < 0)
			break;
		sqlite3_bind_int64(q, 1, blob);
		sqlite3_bind_int64(q, 2, tid);
		sqlite3_bind_int64(q, 3, (int64_t)v.w[i]);
		rc = run(r->s, q, NULL, err);
	}
	return rc;
}

static int add_field(ad_store *s, int64_t blob, int64_t *pos,
		     const ad_fm_field *f, ad_error *err)
{
	sqlite3_stmt *q = s->q[Q_ADD_FIELD];
	size_t k = 0;
	int rc;

	do { /* a key without values is still a row, its value NULL */
		sqlite3_bind_int64(q, 1, blob);
		sqlite3_bind_int64(q, 2, (*pos)++);
		bind_text(q, 3, f->key);
		bind_text(q, 4, k < f->nvalues ? f->values[k] : NULL);
		sqlite3_bind_int(q, 5, f->line);
		if ((rc = run(s, q, NULL, err)) < 0)
			return rc;
	} while (++k < f->nvalues);
	return 0;
}

/* A section changes when its prose or its code does; its rules are
 * hashed one by one. */
static int add_section(ad_store *s, int64_t blob, size_t pos,
		       const ad_section *sec, ad_buf *tmp, ad_error *err)
{
	sqlite3_stmt *q = s->q[Q_ADD_SECTION];
	char hash[AD_STORE_HASH_HEX + 1];

	ad_buf_clear(tmp);
	ad_buf_puts(tmp, sec->text ? sec->text : "");
	if (sec->code) {
		ad_buf_putc(tmp, '\0'); /* keeps "ab" + "c" from "a" + "bc" */
		ad_buf_puts(tmp, sec->code);
	}
	ad_store_hash_bytes(hash, tmp->ptr, tmp->len);
	sqlite3_bind_int64(q, 1, blob);
	sqlite3_bind_int64(q, 2, (int64_t)pos);
	bind_text(q, 3, sec->path ? sec->path : "");
	bind_text(q, 4, sec->title ? sec->title : "");
	sqlite3_bind_int(q, 5, sec->level);
	sqlite3_bind_int(q, 6, sec->line_start);
	sqlite3_bind_int(q, 7, sec->line_end);
	sqlite3_bind_text(q, 8, hash, -1, SQLITE_TRANSIENT);
	return run(s, q, NULL, err);
}

static int add_rule(ad_store *s, int64_t blob, size_t pos,
		    const ad_rule *rule, ad_error *err)
{
	sqlite3_stmt *q = s->q[Q_ADD_RULE];
	const char *text = rule->text ? rule->text : "";
	char hash[AD_STORE_HASH_HEX + 1];

	ad_store_hash_bytes(hash, text, strlen(text));
	sqlite3_bind_int64(q, 1, blob);
	sqlite3_bind_int64(q, 2, (int64_t)pos);
	sqlite3_bind_int64(q, 3, rule->section);
	sqlite3_bind_int(q, 4, rule->line);
	sqlite3_bind_int(q, 5, rule->depth);
	sqlite3_bind_int(q, 6, (int)rule->kind);
	sqlite3_bind_text(q, 7, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, hash, -1, SQLITE_TRANSIENT);
	return run(s, q, NULL, err);
}

static int add_analysis(rec *r, int64_t blob, const ad_doc *d, ad_error *err)
{
	ad_store *s = r->s;
	sqlite3_stmt *q = s->q[Q_ADD_AGENT];
	ad_buf tmp = AD_BUF_INIT;
	int64_t fpos = 0;
	size_t k;
	int rc;

	sqlite3_bind_int64(q, 1, blob);
	bind_text(q, 2, d->name);
	bind_text(q, 3, d->fm.description);
	rc = run(s, q, NULL, err);
	for (k = 0; k < d->fm.nfields && rc == 0; k++)
		rc = add_field(s, blob, &fpos, &d->fm.fields[k], err);
	for (k = 0; k < d->nsections && rc == 0; k++)
		rc = add_section(s, blob, k, &d->sections[k], &tmp, err);
	for (k = 0; k < d->nrules && rc == 0; k++)
		rc = add_rule(s, blob, k, &d->rules[k], err);
	if (rc == 0)
		rc = add_counts(r, blob, d, err);
	ad_buf_dispose(&tmp);
	return rc;
}

/* The blob of e's content: found, or stored with its analysis. */
static int blob_of(rec *r, const ad_store_entry *e, int64_t *id,
		   ad_error *err)
{
	ad_store *s = r->s;
	sqlite3_stmt *q = s->q[Q_ADD_BLOB];
	int rc;

	if ((rc = find_blob(s, e->hash, id, err)) < 0)
		return rc;
	if (*id > 0) {
		r->stats.blobs_reused++;
		return 0;
	}
	if (!e->doc)
		return ad_error_setat(err, AD_ENOTFOUND, e->path, 0, 0,
				      "content %s is not stored and no "
				      "analysis was given", e->hash);
	assert(r->vocab);
	sqlite3_bind_text(q, 1, e->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, (int64_t)e->bytes);
	if (e->text)
		sqlite3_bind_blob64(q, 3, e->text, e->bytes, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, 3);
	if ((rc = run(s, q, NULL, err)) < 0)
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	r->stats.blobs_new++;
	return add_analysis(r, *id, e->doc, err);
}

static int add_entry(rec *r, int64_t snap, const ad_store_entry *e,
		     ad_error *err)
{
	ad_store *s = r->s;
	sqlite3_stmt *q = s->q[Q_ADD_ENTRY];
	int64_t blob;
	int rc, sql;

	if (!e->hash || strlen(e->hash) != AD_STORE_HASH_HEX)
		return ad_error_setat(err, AD_EINVAL, e->path, 0, 0,
				      "content key is not %d hex digits",
				      AD_STORE_HASH_HEX);
	if ((rc = blob_of(r, e, &blob, err)) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, snap);
	sqlite3_bind_text(q, 2, e->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, blob);
	rc = run(s, q, &sql, err);
	if (rc < 0 && (sql & 0xff) == SQLITE_CONSTRAINT)
		return ad_error_setat(err, AD_EINVAL, e->path, 0, 0,
				      "path given twice in one snapshot");
	r->stats.entries += rc == 0;
	return rc;
}

static int record_all(rec *r, const char *label, const char *note,
		      const ad_store_entry *entries, size_t n, ad_error *err)
{
	ad_store *s = r->s;
	sqlite3_stmt *q = s->q[Q_ADD_SNAPSHOT];
	int64_t snap;
	size_t i;
	int rc, sql;

	sqlite3_bind_text(q, 1, label, -1, SQLITE_STATIC);
	bind_text(q, 2, note);
	rc = run(s, q, &sql, err);
	if (rc < 0 && (sql & 0xff) == SQLITE_CONSTRAINT)
		return ad_error_setat(err, AD_EINVAL, s->path, 0, 0,
				      "snapshot label already used: %s",
				      label);
	if (rc < 0)
		return rc;
	snap = sqlite3_last_insert_rowid(s->db);
	for (i = 0; i < n && rc == 0; i++)
		rc = add_entry(r, snap, &entries[i], err);
	return rc;
}

int ad_store_record_entries(ad_store *s, const char *label,
			    const char *note, const ad_store_entry *entries,
			    size_t n,
			    const ad_vocab *vocab, ad_store_stats *st,
			    ad_error *err)
{
	rec r;
	int rc;

	assert(s && label);
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.vocab = vocab;
	if ((rc = exec(s, "BEGIN IMMEDIATE", err)) < 0)
		return rc;
	rc = record_all(&r, label, note, entries, n, err);
	if (rc == 0)
		rc = exec(s, "COMMIT", err);
	if (rc < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	else if (st)
		*st = r.stats;
	rec_dispose(&r);
	return rc;
}

int ad_store_record(ad_store *s, const char *label, const char *note,
		    const ad_audit *a, const char *root, ad_store_stats *st,
		    ad_error *err)
{
	ad_store_entry *e = ad_xcalloc(a->collection->ndocs + 1, sizeof(*e));
	ad_buf *texts = ad_xcalloc(a->collection->ndocs + 1, sizeof(*texts));
	char *hashes = ad_xmalloc((a->collection->ndocs + 1) *
				  (AD_STORE_HASH_HEX + 1));
	ad_buf path = AD_BUF_INIT;
	size_t i, n = 0;
	int rc = 0;

	for (; n < a->collection->ndocs && rc == 0; n++) {
		const ad_doc *d = a->collection->docs[n];
		char *hash = hashes + n * (AD_STORE_HASH_HEX + 1);

		ad_buf_clear(&path);
		if (root)
			ad_buf_printf(&path, "%s/", root);
		ad_buf_puts(&path, d->path);
		if ((rc = read_whole(&texts[n], path.ptr, err)) != 0)
			break;
		ad_store_hash_bytes(hash, texts[n].ptr, texts[n].len);
		e[n].path = d->path;
		e[n].hash = hash;
		e[n].bytes = texts[n].len;
		e[n].text = texts[n].ptr;
		e[n].doc = d;
	}
	if (rc == 0)
		rc = ad_store_record_entries(s, label, note, e,
					     a->collection->ndocs,
					     a->collection->vocab, st, err);
	for (i = 0; i <= n && i < a->collection->ndocs; i++)
		ad_buf_dispose(&texts[i]);
	ad_buf_dispose(&path);
	free(texts);
	free(hashes);
	free(e);
	return rc;
}

/* ---- reading -------------------------------------------------------- */

static char *column_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	return t ? ad_xstrdup((const char *)t) : NULL;
}

int ad_store_snapshots(ad_store_snapshot **out, size_t *n, ad_store *s,
		       ad_error *err)
{
	static const char sql[] =
		"SELECT s.id, s.label, s.created, s.note,"
		" (SELECT count(*) FROM entry e WHERE e.snapshot_id = s.id)"
		" FROM snapshot s ORDER BY s.id";
	ad_store_snapshot *list = NULL;
	sqlite3_stmt *q = NULL;
	size_t len = 0, cap = 0;
	int r, rc = 0;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, err, "database error");
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ad_store_snapshot *sn;

		ad_grow(&list, &cap, len + 1, sizeof(*list));
		sn = &list[len++];
		sn->id = sqlite3_column_int64(q, 0);
		sn->label = column_dup(q, 1);
		sn->created = column_dup(q, 2);
		sn->note = column_dup(q, 3);
		sn->nagents = (size_t)sqlite3_column_int64(q, 4);
	}
	if (r != SQLITE_DONE) {
		rc = db_error(s, err, "database error");
		ad_store_snapshots_free(list, len);
	} else {
		*out = list;
		*n = len;
	}
	sqlite3_finalize(q);
	return rc;
}

void ad_store_snapshots_free(ad_store_snapshot *list, size_t n)
{
	size_t i;

	for (i = 0; i < n && list; i++) {
		free(list[i].label);
		free(list[i].created);
		free(list[i].note);
	}
	free(list);
}

/* ---- reading a snapshot back ---------------------------------------- */

/* Prepare sql and bind the integer or text key to ?1. Reading is rare
 * (one drift query), so these statements are not kept. */
static int prepare_keyed(ad_store *s, sqlite3_stmt **q, const char *sql,
			 int64_t id, const char *text, ad_error *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, q, NULL) != SQLITE_OK)
		return db_error(s, err, "database error");
	if (text)
		sqlite3_bind_text(*q, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(*q, 1, id);
	return 0;
}

/* The step status of a finished read: 0 after SQLITE_DONE. */
static int read_done(ad_store *s, sqlite3_stmt *q, int r, ad_error *err)
{
	int rc = r == SQLITE_DONE ? 0 : db_error(s, err, "database error");

	sqlite3_finalize(q);
	return rc;
}

int ad_store_files(ad_store_file **out, size_t *n, ad_store *s,
		   const char *label, ad_error *err)
{
	/* COLLATE BINARY: the order is bytewise, as strcmp()'s */
	static const char sql[] =
		"SELECT e.path, e.blob_id, b.hash FROM snapshot n"
		" JOIN entry e ON e.snapshot_id = n.id"
		" JOIN blob b ON b.id = e.blob_id"
		" WHERE n.label = ?1 ORDER BY e.path COLLATE BINARY";
	ad_store_file *list = NULL;
	sqlite3_stmt *q = NULL;
	size_t len = 0, cap = 0;
	int64_t id;
	int r, rc;

	*out = NULL;
	*n = 0;
	if ((rc = prepare_keyed(s, &q, "SELECT id FROM snapshot WHERE label = ?1",
				0, label, err)) < 0 ||
	    (rc = fetch_int(s, q, &id, err)) < 0) {
		sqlite3_finalize(q);
		return rc;
	}
	sqlite3_finalize(q);
	if (id == 0)
		return ad_error_setat(err, AD_ENOTFOUND, s->path, 0, 0,
				      "no snapshot labelled %s", label);
	if ((rc = prepare_keyed(s, &q, sql, 0, label, err)) < 0)
		return rc;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ad_store_file *f;

		ad_grow(&list, &cap, len + 1, sizeof(*list));
		f = &list[len++];
		f->path = column_dup(q, 0);
		f->blob = sqlite3_column_int64(q, 1);
		snprintf(f->hash, sizeof(f->hash), "%s",
			 (const char *)sqlite3_column_text(q, 2));
	}
	if ((rc = read_done(s, q, r, err)) < 0) {
		ad_store_files_free(list, len);
		return rc;
	}
	*out = list;
	*n = len;
	return 0;
}

void ad_store_files_free(ad_store_file *list, size_t n)
{
	size_t i;

	for (i = 0; i < n && list; i++)
		free(list[i].path);
	free(list);
}

int ad_store_counts(ad_store_count **out, size_t *n, ad_store *s,
		    int64_t blob, ad_error *err)
{
	static const char sql[] = "SELECT term_id, n FROM count"
				  " WHERE blob_id = ?1 ORDER BY term_id";
	ad_store_count *list = NULL;
	sqlite3_stmt *q = NULL;
	size_t len = 0, cap = 0;
	int r, rc;

	*out = NULL;
	*n = 0;
	if ((rc = prepare_keyed(s, &q, sql, blob, NULL, err)) < 0)
		return rc;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ad_grow(&list, &cap, len + 1, sizeof(*list));
		list[len].term = sqlite3_column_int64(q, 0);
		list[len++].n = sqlite3_column_int64(q, 1);
	}
	if ((rc = read_done(s, q, r, err)) < 0) {
		free(list);
		return rc;
	}
	*out = list;
	*n = len;
	return 0;
}

static int read_fields(ad_store_blob *b, ad_store *s, int64_t blob,
		       ad_error *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int r, rc;

	if ((rc = prepare_keyed(s, &q, "SELECT key, value FROM field"
				" WHERE blob_id = ?1 ORDER BY pos",
				blob, NULL, err)) < 0)
		return rc;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ad_grow(&b->fields, &cap, b->nfields + 1, sizeof(*b->fields));
		b->fields[b->nfields].key = column_dup(q, 0);
		b->fields[b->nfields++].value = column_dup(q, 1);
	}
	return read_done(s, q, r, err);
}

static int read_sections(ad_store_blob *b, ad_store *s, int64_t blob,
			 ad_error *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int r, rc;

	if ((rc = prepare_keyed(s, &q, "SELECT path, text_hash FROM section"
				" WHERE blob_id = ?1 ORDER BY pos",
				blob, NULL, err)) < 0)
		return rc;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ad_grow(&b->sections, &cap, b->nsections + 1,
			sizeof(*b->sections));
		b->sections[b->nsections].path = column_dup(q, 0);
		b->sections[b->nsections++].text_hash = column_dup(q, 1);
	}
	return read_done(s, q, r, err);
}

static int read_rules(ad_store_blob *b, ad_store *s, int64_t blob,
		      ad_error *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int r, rc;

	if ((rc = prepare_keyed(s, &q, "SELECT text, hash, line FROM rule"
				" WHERE blob_id = ?1 ORDER BY pos",
				blob, NULL, err)) < 0)
		return rc;
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ad_store_rule *x;

		ad_grow(&b->rules, &cap, b->nrules + 1, sizeof(*b->rules));
		x = &b->rules[b->nrules++];
		x->text = column_dup(q, 0);
		x->hash = column_dup(q, 1);
		x->line = sqlite3_column_int(q, 2);
	}
	return read_done(s, q, r, err);
}

int ad_store_blob_read(ad_store_blob *out, ad_store *s, int64_t blob,
		       ad_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = read_fields(out, s, blob, err)) < 0 ||
	    (rc = read_sections(out, s, blob, err)) < 0 ||
	    (rc = read_rules(out, s, blob, err)) < 0)
		ad_store_blob_dispose(out);
	return rc;
}

void ad_store_blob_dispose(ad_store_blob *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->nfields; i++) {
		free(b->fields[i].key);
		free(b->fields[i].value);
	}
	for (i = 0; i < b->nsections; i++) {
		free(b->sections[i].path);
		free(b->sections[i].text_hash);
	}
	for (i = 0; i < b->nrules; i++) {
		free(b->rules[i].text);
		free(b->rules[i].hash);
	}
	free(b->fields);
	free(b->sections);
	free(b->rules);
	memset(b, 0, sizeof(*b));
}

int ad_store_blob_text(char **out, size_t *len, ad_store *s, int64_t blob,
		       ad_error *err)
{
	sqlite3_stmt *q = NULL;
	int r, rc;

	*out = NULL;
	*len = 0;
	if ((rc = prepare_keyed(s, &q, "SELECT text FROM blob WHERE id = ?1",
				blob, NULL, err)) < 0)
		return rc;
	if ((r = sqlite3_step(q)) == SQLITE_ROW &&
	    sqlite3_column_type(q, 0) != SQLITE_NULL) {
		const void *p = sqlite3_column_blob(q, 0);
		size_t n = (size_t)sqlite3_column_bytes(q, 0);

		*out = ad_xmalloc(n + 1);
		if (n)
			memcpy(*out, p, n);
		(*out)[n] = '\0';
		*len = n;
	}
	if ((rc = read_done(s, q, r == SQLITE_ROW ? SQLITE_DONE : r, err)) < 0)
		return rc;
	if (!*out)
		return ad_error_setat(err, AD_ENOTFOUND, s->path, 0, 0,
				      "the store keeps no text for content %"
				      PRId64 " (recorded by an older agentdup)",
				      blob);
	return 0;
}

int ad_store_names(ad_store_name **out, size_t *n, ad_store *s,
		   ad_error *err)
{
	static const char sql[] = "SELECT blob_id, name FROM agent"
				  " WHERE name IS NOT NULL ORDER BY blob_id";
	ad_store_name *list = NULL;
	sqlite3_stmt *q = NULL;
	size_t len = 0, cap = 0;
	int r, rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return db_error(s, err, "database error");
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ad_grow(&list, &cap, len + 1, sizeof(*list));
		list[len].blob = sqlite3_column_int64(q, 0);
		list[len++].name = column_dup(q, 1);
	}
	if ((rc = read_done(s, q, r, err)) < 0) {
		ad_store_names_free(list, len);
		return rc;
	}
	*out = list;
	*n = len;
	return 0;
}

void ad_store_names_free(ad_store_name *list, size_t n)
{
	size_t i;

	for (i = 0; i < n && list; i++)
		free(list[i].name);
	free(list);
}

/* ---- clusters kept per snapshot ------------------------------------ */

static int read_members(ad_store_member **out, size_t *n, ad_store *s,
			int64_t snap, const char *settings, ad_error *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int r, rc;

	if ((rc = prepare_keyed(s, &q, "SELECT path, cluster, canonical"
				" FROM member WHERE snapshot_id = ?1 AND"
				" settings = ?2 ORDER BY path COLLATE BINARY",
				snap, NULL, err)) < 0)
		return rc;
	sqlite3_bind_text(q, 2, settings, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(q)) == SQLITE_ROW) {
		ad_store_member *m;

		ad_grow(out, &cap, *n + 1, sizeof(**out));
		m = &(*out)[(*n)++];
		m->path = column_dup(q, 0);
		m->cluster = (uint32_t)sqlite3_column_int64(q, 1);
		m->canonical = sqlite3_column_int(q, 2);
	}
	return read_done(s, q, r, err);
}

/* The id of snapshot label and, when settings are kept for it, the
 * number of clusters (else -1). */
static int kept(int64_t *snap, int64_t *nclusters, ad_store *s,
		const char *label, const char *settings, ad_error *err)
{
	sqlite3_stmt *q = NULL;
	int r, rc;

	if ((rc = prepare_keyed(s, &q, "SELECT n.id, (SELECT c.clusters FROM"
				" clustering c WHERE c.snapshot_id = n.id AND"
				" c.settings = ?2) FROM snapshot n WHERE"
				" n.label = ?1", 0, label, err)) < 0)
		return rc;
	sqlite3_bind_text(q, 2, settings, -1, SQLITE_STATIC);
	*snap = 0;
	*nclusters = -1;
	if ((r = sqlite3_step(q)) == SQLITE_ROW) {
		*snap = sqlite3_column_int64(q, 0);
		if (sqlite3_column_type(q, 1) != SQLITE_NULL)
			*nclusters = sqlite3_column_int64(q, 1);
		r = SQLITE_DONE;
	}
	if ((rc = read_done(s, q, r, err)) < 0)
		return rc;
	if (!*snap)
		return ad_error_setat(err, AD_ENOTFOUND, s->path, 0, 0,
				      "no snapshot labelled %s", label);
	return 0;
}

int ad_store_clusters_get(ad_store_member **out, size_t *n,
			  size_t *nclusters, int *found, ad_store *s,
			  const char *label, const char *settings,
			  ad_error *err)
{
	int64_t snap, k;
	int rc;

	*out = NULL;
	*n = *nclusters = 0;
	*found = 0;
	if ((rc = kept(&snap, &k, s, label, settings, err)) < 0 || k < 0)
		return rc;
	if ((rc = read_members(out, n, s, snap, settings, err)) < 0) {
		ad_store_members_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	*nclusters = (size_t)k;
	*found = 1;
	return 0;
}

void ad_store_members_free(ad_store_member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i].path);
	free(m);
}

static int put_members(ad_store *s, int64_t snap, const char *settings,
		       const ad_store_file *files, size_t nfiles,
		       const uint32_t *cluster, const uint32_t *canonical,
		       size_t nclusters, ad_error *err)
{
	sqlite3_stmt *q = NULL;
	size_t i;
	int rc = 0;

	if (sqlite3_prepare_v2(s->db, "INSERT INTO clustering VALUES(?1, ?2,"
			       " ?3)", -1, &q, NULL) != SQLITE_OK)
		return db_error(s, err, "database error");
	sqlite3_bind_int64(q, 1, snap);
	sqlite3_bind_text(q, 2, settings, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, (int64_t)nclusters);
	rc = run(s, q, NULL, err);
	sqlite3_finalize(q);
	if (rc < 0 || sqlite3_prepare_v2(s->db, "INSERT INTO member VALUES(?1,"
					 " ?2, ?3, ?4, ?5)", -1, &q,
					 NULL) != SQLITE_OK)
		return rc < 0 ? rc : db_error(s, err, "database error");
	for (i = 0; i < nfiles && rc == 0; i++) {
		if (!cluster[i])
			continue;
		sqlite3_bind_int64(q, 1, snap);
		sqlite3_bind_text(q, 2, settings, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, files[i].path, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 4, cluster[i]);
		sqlite3_bind_int(q, 5, canonical[cluster[i] - 1] == i);
		rc = run(s, q, NULL, err);
	}
	sqlite3_finalize(q);
	return rc;
}

int ad_store_clusters_put(ad_store *s, const char *label,
			  const char *settings, const ad_store_file *files,
			  size_t nfiles, const uint32_t *cluster,
			  const uint32_t *canonical, size_t nclusters,
			  ad_error *err)
{
	int64_t snap, k;
	int rc;

	/* a cache: not worth waiting for another writer */
	sqlite3_busy_timeout(s->db, 0);
	rc = exec(s, "BEGIN IMMEDIATE", err);
	sqlite3_busy_timeout(s->db, AD_STORE_BUSY_MS);
	if (rc < 0)
		return rc;
	rc = kept(&snap, &k, s, label, settings, err);
	if (rc == 0 && k < 0) /* else kept by someone else meanwhile */
		rc = put_members(s, snap, settings, files, nfiles, cluster,
				 canonical, nclusters, err);
	if (rc == 0)
		rc = exec(s, "COMMIT", err);
	if (rc < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
