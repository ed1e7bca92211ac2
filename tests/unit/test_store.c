/*
 * test_store.c - the snapshot store: round trip, reuse of stored content,
 * migrations, and the files it must refuse without touching them.
 *
 * Each test works in its own temporary folder: a small collection, and the
 * store beside it. The tests read the database back with sqlite3 directly,
 * as a later `drift` query would.
 */
#include "fixture.h"

#include <sqlite3.h>
#include <unistd.h>

#include "agentdup/store.h"
#include "store/store_cache.h"
#include "store/store_read.h"
#include "store/store_schema.h"
#include "store/store_write.h"

#define ALPHA                                                                \
	"---\n"                                                              \
	"name: alpha\n"                                                      \
	"description: Reviews code for bugs\n"                               \
	"tools: [Read, Grep]\n"                                              \
	"---\n"                                                              \
	"# Rules\n\n"                                                        \
	"- Always run the tests before committing\n"                         \
	"- Never push to main\n\n"                                           \
	"## Style\n\n"                                                       \
	"Use tabs for indentation.\n\n"                                      \
	"- Keep functions small\n"

static const fx_file files[] = {
	{"a.md", ALPHA},
	{"b.md", "---\n"
		 "name: beta\n"
		 "description: Writes release notes\n"
		 "---\n"
		 "# Steps\n\n"
		 "1. Read the changelog\n"
		 "2. Summarise the changes for users\n"},
	{"sub/c.md", ALPHA}, /* the same content as a.md */
};
#define NFILES (sizeof(files) / sizeof(files[0]))

/* a/b into out, a buffer of cap bytes. */
static void join(char *out, size_t cap, const char *a, const char *b)
{
	int n = snprintf(out, cap, "%s/%s", a, b);

	assert_true(n > 0 && (size_t)n < cap);
}

typedef struct ctx {
	char root[FX_PATH_MAX]; /* the collection */
	char db[FX_PATH_MAX];   /* the store, beside it */
	char dir[FX_PATH_MAX];
	ad_audit *audit;
} ctx;

static int setup(void **state)
{
	ad_audit_opts o = AD_AUDIT_OPTS_INIT;
	ctx *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	fx_tmpdir(c->dir, sizeof(c->dir), "store");
	join(c->root, sizeof(c->root), c->dir, "agents");
	join(c->db, sizeof(c->db), c->dir, "snapshots.db");
	assert_int_equal(mkdir(c->root, 0755), 0);
	fx_write_files(c->root, files, NFILES);
	o.load.for_store = 1; /* what a snapshot records */
	assert_int_equal(fx_audit_path(&c->audit, c->root, &o), 0);
	assert_int_equal(c->audit->collection->ndocs, NFILES);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	ctx *c = *state;
	int rc;

	ad_audit_free(c->audit);
	rc = fx_rmtree(c->dir);
	free(c);
	return rc;
}

/* ---- reading the database behind the store's back ------------------- */

static int64_t sql_int(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *q = NULL;
	int64_t v;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL),
			 SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(h);
	return v;
}

/* The first column of the first row, copied into out. */
static void sql_text(char *out, size_t cap, const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *q = NULL;

	assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL),
			 SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_non_null(sqlite3_column_text(q, 0));
	snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(h);
}

static void sql_exec(const char *db, const char *sql)
{
	sqlite3 *h = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(h));
	assert_int_equal(sqlite3_close(h), SQLITE_OK);
}

/* Rows of every table of the analysis, and of the snapshot tables. */
typedef struct rows {
	int64_t snapshot, entry, blob, agent, field, section, rule, term, count;
} rows;

static rows count_rows(const char *db)
{
	rows r;

	r.snapshot = sql_int(db, "SELECT count(*) FROM snapshot");
	r.entry = sql_int(db, "SELECT count(*) FROM entry");
	r.blob = sql_int(db, "SELECT count(*) FROM blob");
	r.agent = sql_int(db, "SELECT count(*) FROM agent");
	r.field = sql_int(db, "SELECT count(*) FROM field");
	r.section = sql_int(db, "SELECT count(*) FROM section");
	r.rule = sql_int(db, "SELECT count(*) FROM rule");
	r.term = sql_int(db, "SELECT count(*) FROM term");
	r.count = sql_int(db, "SELECT count(*) FROM counts");
	return r;
}

static void assert_rows_equal(const rows *a, const rows *b)
{
	assert_int_equal(a->snapshot, b->snapshot);
	assert_int_equal(a->entry, b->entry);
	assert_int_equal(a->blob, b->blob);
	assert_int_equal(a->agent, b->agent);
	assert_int_equal(a->field, b->field);
	assert_int_equal(a->section, b->section);
	assert_int_equal(a->rule, b->rule);
	assert_int_equal(a->term, b->term);
	assert_int_equal(a->count, b->count);
}

static void assert_healthy(const char *db)
{
	char ok[64];

	sql_text(ok, sizeof(ok), db, "PRAGMA integrity_check");
	assert_string_equal(ok, "ok");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM "
				     "pragma_foreign_key_check"), 0);
}

/* The whole file, malloc'd; *len its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

static int exists_with(const char *path, const char *suffix)
{
	char p[FX_PATH_MAX + 16];

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return access(p, F_OK) == 0;
}

static void assert_no_journals(const char *path)
{
	assert_false(exists_with(path, "-journal"));
	assert_false(exists_with(path, "-wal"));
	assert_false(exists_with(path, "-shm"));
}

/* Opening path fails with code and leaves the file as it was. */
static void assert_refused(const char *path, int code, const char *needle,
			   ad_error *err)
{
	size_t before_len, after_len;
	char *before = slurp(path, &before_len), *after;
	ad_store *s = (ad_store *)&before; /* must be reset to NULL */

	assert_int_equal(ad_store_open(&s, path, err), code);
	assert_null(s);
	assert_string_equal(err->path, path);
	if (!strstr(err->msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err->msg, needle);
	after = slurp(path, &after_len);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(after, before, before_len);
	assert_no_journals(path);
	free(before);
	free(after);
}

static ad_store *open_store(const char *db)
{
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;

	if (ad_store_open(&s, db, &err) != 0)
		fail_msg("open: %s", err.msg);
	return s;
}

static void record(ad_store *s, const char *label, const ctx *c,
		   ad_store_stats *st)
{
	ad_error err = AD_ERROR_INIT;

	if (ad_snapshot_record(st, s, label, NULL, c->audit->collection,
			       &err) != 0)
		fail_msg("record: %s: %s", err.path, err.msg);
}

/* The collection's record of the file at path. */
static const ad_input *input(const ctx *c, const char *path)
{
	const ad_collection *col = c->audit->collection;
	size_t i;

	for (i = 0; i < col->ninputs; i++)
		if (strcmp(col->inputs[i].path, path) == 0)
			return &col->inputs[i];
	fail_msg("no input %s", path);
	return NULL;
}

/* ---- tests ---------------------------------------------------------- */

/* The count of term stem in the agent named name, as ad_store_counts()
 * reads it back (0 when it has none); with stem NULL, how many of its
 * counts are below 1. */
static int64_t term_count(const char *db, const char *name, const char *stem)
{
	ad_store *s = open_store(db);
	ad_error err = AD_ERROR_INIT;
	ad_store_count *list = NULL;
	char sql[256];
	int64_t blob, term = 0, got = 0;
	size_t n = 0, k;

	snprintf(sql, sizeof(sql), "SELECT blob_id FROM agent WHERE name = "
		 "'%s'", name);
	blob = sql_int(db, sql);
	if (stem) {
		snprintf(sql, sizeof(sql), "SELECT id FROM term WHERE stem = "
			 "'%s'", stem);
		term = sql_int(db, sql);
	}
	assert_int_equal(ad_store_counts(&list, &n, s, blob, &err), 0);
	assert_true(n > 0);
	for (k = 0; k < n; k++) {
		if (k)
			assert_true(list[k].term > list[k - 1].term);
		if (stem ? list[k].term == term : list[k].n < 1)
			got += stem ? list[k].n : 1;
	}
	free(list);
	ad_store_close(s);
	return got;
}

static void test_store__round_trip(void **state)
{
	ctx *c = *state;
	ad_store_stats st;
	ad_store_snapshot *list = NULL;
	ad_error err = AD_ERROR_INIT;
	const ad_doc *a = c->audit->collection->docs[fx_doc(c->audit, "a.md")];
	ad_store *s = open_store(c->db);
	char text[256], sql[256];
	char hash[AD_HASH_HEX + 1];
	char *body = NULL;
	size_t len;
	size_t n = 0, k;

	record(s, "first", c, &st);
	assert_int_equal(st.entries, 3);
	assert_int_equal(st.blobs_new, 2);
	assert_int_equal(st.blobs_reused, 1); /* sub/c.md is a.md's content */
	assert_true(st.terms_new > 0);
	ad_store_close(s);

	s = open_store(c->db);
	assert_int_equal(ad_store_snapshots(&list, &n, s, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].label, "first");
	assert_int_equal(list[0].nagents, 3);
	assert_non_null(list[0].created);
	assert_int_equal(strlen(list[0].created), 24); /* ISO 8601, ms, Z */
	assert_null(list[0].note);
	ad_store_snapshots_free(list, n);
	ad_store_close(s);

	assert_int_equal(sql_int(c->db, "PRAGMA user_version"),
			 AD_STORE_VERSION);
	sql_text(text, sizeof(text), c->db, "PRAGMA journal_mode");
	assert_string_equal(text, "wal");
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM entry"), 3);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM blob"), 2);
	assert_int_equal(sql_int(c->db, "SELECT count(DISTINCT blob_id) FROM "
				       "entry WHERE path IN ('a.md', "
				       "'sub/c.md')"), 1);
	sql_text(text, sizeof(text), c->db,
		 "SELECT a.name FROM agent a JOIN entry e ON e.blob_id = "
		 "a.blob_id WHERE e.path = 'b.md'");
	assert_string_equal(text, "beta");

	/* a.md's analysis, as the audit saw it */
	memcpy(hash, input(c, "a.md")->key, sizeof(hash));
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM rule r JOIN blob b ON b.id = r.blob_id"
		 " WHERE b.hash = '%s'", hash);
	assert_int_equal(sql_int(c->db, sql), a->nrules);
	assert_int_equal(a->nrules, 3);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM section s JOIN blob b ON b.id = "
		 "s.blob_id WHERE b.hash = '%s'", hash);
	assert_int_equal(sql_int(c->db, sql), a->nsections);
	/* and its text, byte for byte */
	snprintf(sql, sizeof(sql), "SELECT id FROM blob WHERE hash = '%s'",
		 hash);
	s = open_store(c->db);
	assert_int_equal(ad_store_blob_text(&body, &len, s,
					    sql_int(c->db, sql), &err), 0);
	ad_store_close(s);
	assert_int_equal(len, strlen(ALPHA));
	assert_string_equal(body, ALPHA);
	free(body);
	for (k = 0; k < a->nrules; k++) {
		char want[AD_HASH_HEX + 1];

		snprintf(sql, sizeof(sql),
			 "SELECT r.text || ' ' || r.hash FROM rule r JOIN blob b"
			 " ON b.id = r.blob_id WHERE b.hash = '%s' AND r.pos = "
			 "%zu", hash, k);
		sql_text(text, sizeof(text), c->db, sql);
		ad_hash_content(want, a->rules[k].text,
				    strlen(a->rules[k].text));
		assert_int_equal(strlen(text),
				 strlen(a->rules[k].text) + 1 + AD_HASH_HEX);
		assert_memory_equal(text, a->rules[k].text,
				    strlen(a->rules[k].text));
		assert_string_equal(text + strlen(a->rules[k].text) + 1, want);
	}
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM field "
				       "WHERE key = 'tools'"), 2);
	/* "tests" and "Keep functions..." are counted once each in alpha */
	assert_int_equal(term_count(c->db, "alpha", "test"), 1);
	/* the description's terms are the agent's too */
	assert_int_equal(term_count(c->db, "alpha", "bug"), 1);
	assert_int_equal(term_count(c->db, "beta", NULL), 0);
	/* one value of counts a content */
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM counts"), 2);
	assert_healthy(c->db);
}

static void test_store__empty_file_becomes_a_store(void **state)
{
	ctx *c = *state;
	ad_store *s;

	fx_write(c->dir, "snapshots.db", "", 0);
	s = open_store(c->db);
	record(s, "first", c, NULL);
	ad_store_close(s);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM entry"), 3);
	assert_healthy(c->db);
}

static void test_store__unchanged_files_reuse_their_analysis(void **state)
{
	ctx *c = *state;
	ad_store_stats st;
	ad_error err = AD_ERROR_INIT;
	ad_store_entry e[NFILES];
	char hashes[NFILES][AD_HASH_HEX + 1];
	ad_store *s = open_store(c->db);
	rows first, second;
	size_t i;
	int known;

	memset(e, 0, sizeof(e));
	record(s, "first", c, &st);
	first = count_rows(c->db);
	record(s, "second", c, &st);
	assert_int_equal(st.entries, 3);
	assert_int_equal(st.blobs_new, 0);
	assert_int_equal(st.blobs_reused, 3);
	assert_int_equal(st.terms_new, 0);
	second = count_rows(c->db);
	assert_int_equal(second.snapshot, first.snapshot + 1);
	assert_int_equal(second.entry, first.entry + 3);
	first.snapshot++;
	first.entry += 3;
	assert_rows_equal(&first, &second); /* no new analysis rows */

	/* the fast path: hash, ask, record entries without parsing */
	for (i = 0; i < NFILES; i++) {
		e[i].bytes = strlen(files[i].text);
		ad_hash_content(hashes[i], files[i].text, e[i].bytes);
		assert_int_equal(ad_store_known(&known, s, hashes[i], &err), 0);
		assert_true(known);
		e[i].path = files[i].path;
		e[i].hash = hashes[i];
		e[i].doc = NULL;
	}
	assert_int_equal(ad_store_record_entries(s, "third", NULL, e, NFILES, NULL,
						 &st, &err), 0);
	assert_int_equal(st.blobs_reused, 3);
	assert_int_equal(st.blobs_new, 0);

	/* unknown content without its analysis: nothing written */
	second = count_rows(c->db);
	hashes[1][0] = hashes[1][0] == '0' ? '1' : '0';
	assert_int_equal(ad_store_known(&known, s, hashes[1], &err), 0);
	assert_false(known);
	assert_int_equal(ad_store_record_entries(s, "fourth", NULL, e, NFILES, NULL,
						 &st, &err), AD_ENOTFOUND);
	assert_string_equal(err.path, "b.md");
	first = count_rows(c->db);
	assert_rows_equal(&first, &second);
	ad_store_close(s);
	assert_healthy(c->db);
}

/* No index of rules by key, which no query reads: a store of version 4
 * loses its index as it is brought up to date, its rows kept, and a new
 * store has none. */
static void test_store__no_rule_index(void **state)
{
	static const char has_index[] = "SELECT count(*) FROM sqlite_master "
					"WHERE type = 'index' AND name = "
					"'rule_hash'";
	ctx *c = *state;
	ad_store_migration steps[4];
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	int64_t rules;
	size_t n;
	const ad_store_migration *builtin = ad_store_migrations(&n);

	memcpy(steps, builtin, sizeof(steps));
	assert_int_equal(ad_store_open_steps(&s, c->db, steps, 4, &err), 0);
	record(s, "first", c, NULL);
	ad_store_close(s);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"), 4);
	assert_int_equal(sql_int(c->db, has_index), 1);
	rules = sql_int(c->db, "SELECT count(*) FROM rule");
	assert_true(rules > 0);

	s = open_store(c->db);
	record(s, "second", c, NULL); /* every content known */
	ad_store_close(s);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"), 5);
	assert_int_equal(sql_int(c->db, has_index), 0);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM rule"), rules);
	assert_healthy(c->db);

	assert_int_equal(remove(c->db), 0);
	s = open_store(c->db);
	record(s, "first", c, NULL);
	ad_store_close(s);
	assert_int_equal(sql_int(c->db, has_index), 0);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM rule"), rules);
}

static void test_store__duplicate_label_writes_nothing(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store_entry e[2];
	char hash[AD_HASH_HEX + 1];
	ad_store *s = open_store(c->db);
	rows before, after;

	record(s, "first", c, NULL);
	before = count_rows(c->db);
	assert_int_equal(ad_snapshot_record(NULL, s, "first", NULL,
					    c->audit->collection, &err),
			 AD_EINVAL);
	assert_non_null(strstr(err.msg, "label already used: first"));
	after = count_rows(c->db);
	assert_rows_equal(&before, &after);

	/* a path twice: the new blob written before it is rolled back */
	memset(e, 0, sizeof(e));
	ad_hash_content(hash, "new", 3);
	e[0].text = e[1].text = "new";
	e[0].path = e[1].path = "x.md";
	e[0].hash = e[1].hash = hash;
	e[0].bytes = e[1].bytes = 3;
	e[0].doc = e[1].doc = c->audit->collection->docs[0];
	assert_int_equal(ad_store_record_entries(s, "other", NULL, e, 2,
						 c->audit->collection->vocab,
						 NULL, &err),
			 AD_EINVAL);
	assert_non_null(strstr(err.msg, "twice"));
	after = count_rows(c->db);
	assert_rows_equal(&before, &after);

	/* and the store is usable again: no transaction left open */
	record(s, "second", c, NULL);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM entry"), 6);
	ad_store_close(s);
	assert_healthy(c->db);
}

/* A snapshot recorded on a thread of its own is the one recorded in
 * turn, and its failure comes back from the wait. */
static void test_store__recorded_beside(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store_stats st;
	ad_snapshot_job *j;

	j = ad_snapshot_start(c->db, "first", c->audit->collection);
	assert_non_null(j);
	assert_int_equal(ad_snapshot_wait(j, &st, &err), 0);
	assert_int_equal(st.entries, NFILES);
	assert_int_equal(st.blobs_new, 2); /* a.md and sub/c.md are one */
	assert_int_equal(st.blobs_reused, 1);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM entry"), NFILES);

	j = ad_snapshot_start(c->db, "first", c->audit->collection);
	assert_int_equal(ad_snapshot_wait(j, NULL, &err), AD_EINVAL);
	assert_non_null(strstr(err.msg, "label already used: first"));
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM entry"), NFILES);
	assert_healthy(c->db);
}

/* A file changed between the load and the recording: its bytes, read
 * again, are not those its analysis is of. Nothing is written, and the
 * error names the file. */
static void test_store__file_changed_since_read_writes_nothing(void **state)
{
	static const char changed[] = "---\nname: beta\n---\n# Other\n";
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);
	char path[FX_PATH_MAX + 8];
	rows before, after;

	before = count_rows(c->db);
	fx_write(c->root, "b.md", changed, sizeof(changed) - 1);
	assert_int_equal(ad_snapshot_record(NULL, s, "first", NULL,
					    c->audit->collection, &err),
			 AD_EIO);
	assert_string_equal(err.path, "b.md");
	assert_non_null(strstr(err.msg, "changed since it was read"));
	after = count_rows(c->db);
	assert_rows_equal(&before, &after);

	join(path, sizeof(path), c->root, "b.md"); /* gone: read, it fails */
	assert_int_equal(remove(path), 0);
	assert_int_not_equal(ad_snapshot_record(NULL, s, "first", NULL,
						c->audit->collection, &err),
			     0);
	assert_string_equal(err.path, "b.md");
	after = count_rows(c->db);
	assert_rows_equal(&before, &after);
	ad_store_close(s);
	assert_healthy(c->db);
}

/* An agent's counts are kept in ascending order of term id, ids past
 * 32 bits too (a store whose term ids were set by hand), and beside
 * ids below that. */
static void test_store__counts_sorted_past_32_bits(void **state)
{
	static const fx_file more[] = {
		{"d.md", "---\nname: delta\ndescription: Audits billing\n"
			 "---\n# Rules\n\n- Always run the tests before "
			 "committing\n- Reconcile every invoice twice\n"},
	};
	ctx *c = *state;
	ad_store *s = open_store(c->db);

	record(s, "first", c, NULL);
	ad_store_close(s);
	sql_exec(c->db, "INSERT INTO term(id, stem) VALUES (8589934592, "
			"'zzzz')");
	s = open_store(c->db);
	fx_record_snapshot(s, c->dir, "second", more, 1);
	ad_store_close(s);
	assert_true(sql_int(c->db, "SELECT count(*) FROM term WHERE id > "
				   "8589934592") >= 3);
	assert_int_equal(term_count(c->db, "delta", "invoic"), 1);
	assert_int_equal(term_count(c->db, "delta", "twice"), 1);
	assert_int_equal(term_count(c->db, "delta", "test"), 1);
	assert_int_equal(term_count(c->db, "delta", NULL), 0);
	assert_healthy(c->db);
}

/* The table of counts of versions 1 to 3, a row a term. */
static const char count_v3[] =
	"CREATE TABLE count("
	" blob_id INTEGER NOT NULL REFERENCES blob(id) ON DELETE CASCADE,"
	" term_id INTEGER NOT NULL REFERENCES term(id),"
	" n INTEGER NOT NULL,"
	" PRIMARY KEY(blob_id, term_id)) WITHOUT ROWID;";

/* A step a later agentdup might add. */
static const char fake_v6[] =
	"ALTER TABLE snapshot ADD COLUMN host TEXT;"
	"CREATE TABLE baseline(id INTEGER PRIMARY KEY, snapshot_id INTEGER "
	"REFERENCES snapshot(id));";

static void test_store__migrates_an_older_schema(void **state)
{
	ctx *c = *state;
	ad_store_migration steps[6];
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	char *text = NULL;
	size_t n, len;
	const ad_store_migration *builtin = ad_store_migrations(&n);

	assert_int_equal(n, AD_STORE_VERSION);
	assert_int_equal(n, 5);
	memcpy(steps, builtin, 5 * sizeof(*steps));

	/* a version-1 store, as agentdup 0.3 wrote it: contents without
	 * their text */
	sql_exec(c->db, builtin[0].sql);
	sql_exec(c->db,
		 "INSERT INTO snapshot(label, created) VALUES('old', 'x');"
		 "INSERT INTO blob(hash, bytes) VALUES("
		 "'0123456789abcdef0123456789abcdef', 3);"
		 "INSERT INTO entry VALUES(1, 'old.md', 1);"
		 "PRAGMA user_version = 1;");

	/* a broken later step: the store stays at version 1, untouched */
	steps[1].sql = "CREATE TABLE half(a); NOT SQL AT ALL";
	assert_int_equal(ad_store_open_steps(&s, c->db, steps, 2, &err),
			 AD_EIO);
	assert_null(s);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"), 1);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM sqlite_master "
				       "WHERE name = 'half'"), 0);

	/* this library migrates it to 5: the old snapshot kept, its content
	 * without text and so under its old key, new contents with theirs */
	s = open_store(c->db);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"), 5);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM blob WHERE id = 1"
				       " AND hash = "
				       "'0123456789abcdef0123456789abcdef'"),
			 1);
	assert_int_equal(ad_store_blob_text(&text, &len, s, 1, &err),
			 AD_ENOTFOUND);
	assert_null(text);
	record(s, "second", c, NULL);
	ad_store_close(s);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM entry"), 4);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM blob "
				       "WHERE text IS NOT NULL"), 2); /* a = c */

	/* a later version's step runs after them, the data kept */
	steps[1] = builtin[1];
	steps[5].version = 6;
	steps[5].sql = fake_v6;
	steps[5].run = NULL;
	assert_int_equal(ad_store_open_steps(&s, c->db, steps, 6, &err), 0);
	record(s, "third", c, NULL);
	ad_store_close(s);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"), 6);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM snapshot "
				       "WHERE host IS NULL"), 3);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM baseline"), 0);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM entry"), 7);
	assert_healthy(c->db);

	/* and this library, which knows only version 5, refuses it */
	assert_refused(c->db, AD_EINVAL, "version 6 is newer", &err);
	assert_non_null(strstr(err.msg, "(version 5)"));
}

/* The keys of every content, rule and section of store db, in one line
 * each (ordered by content key, then position). */
static void all_keys(char *out, size_t cap, const char *db)
{
	static char part[3][8192];

	sql_text(part[0], sizeof(part[0]), db,
		 "SELECT group_concat(hash) FROM (SELECT hash FROM blob "
		 "ORDER BY hash)");
	sql_text(part[1], sizeof(part[1]), db,
		 "SELECT group_concat(k) FROM (SELECT r.hash AS k FROM rule r "
		 "JOIN blob b ON b.id = r.blob_id ORDER BY b.hash, r.pos)");
	sql_text(part[2], sizeof(part[2]), db,
		 "SELECT group_concat(k) FROM (SELECT s.text_hash AS k FROM "
		 "section s JOIN blob b ON b.id = s.blob_id "
		 "ORDER BY b.hash, s.pos)");
	snprintf(out, cap, "%s\n%s\n%s", part[0], part[1], part[2]);
}

/* A version-2 store, whose keys were 32 hex digits of MurmurHash3
 * (stand-ins here: other keys of that length), is named anew by SHA-256
 * when opened: contents, rules and sections, each as a fresh snapshot
 * names it. Its snapshot stays readable, and the same files recorded
 * again find their contents stored. */
static void test_store__rekeys_a_version_2_store(void **state)
{
	static char want[3 * 8200], got[3 * 8200];
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store_snapshot *list = NULL;
	ad_store_stats st;
	ad_store *s = NULL;
	char fresh[FX_PATH_MAX + 16];
	size_t n;
	const ad_store_migration *builtin = ad_store_migrations(&n);

	snprintf(fresh, sizeof(fresh), "%s/fresh.db", c->dir);
	s = open_store(fresh);
	record(s, "old", c, NULL);
	ad_store_close(s);
	all_keys(want, sizeof(want), fresh);

	/* the same snapshot in a store made to look as version 2 kept it:
	 * old keys, and counts a row a term (none here) */
	(void)builtin;
	s = open_store(c->db);
	record(s, "old", c, NULL);
	ad_store_close(s);
	sql_exec(c->db, "UPDATE blob SET hash = substr(hash, 33);"
			"UPDATE rule SET hash = substr(hash, 33);"
			"UPDATE section SET text_hash = substr(text_hash, 33);"
			"DROP TABLE counts;");
	sql_exec(c->db, count_v3);
	sql_exec(c->db, "PRAGMA user_version = 2");
	all_keys(got, sizeof(got), c->db);
	assert_string_not_equal(got, want);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"), 2);

	s = open_store(c->db);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"),
			 AD_STORE_VERSION);
	all_keys(got, sizeof(got), c->db);
	assert_string_equal(got, want);
	assert_true(sql_int(c->db, "SELECT count(*) FROM section") > 0);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM section WHERE "
				       "length(text_hash) != 64"), 0);
	memset(&st, 0, sizeof(st));
	record(s, "new", c, &st);
	assert_int_equal(st.blobs_new, 0);
	assert_true(st.blobs_reused > 0);
	assert_int_equal(ad_store_snapshots(&list, &n, s, &err), 0);
	assert_int_equal(n, 2);
	ad_store_snapshots_free(list, n);
	ad_store_close(s);
	assert_healthy(c->db);
}

/* Every content's counts, as ad_store_counts() reads them, one line
 * each "blob: term=n ...", in blob order; with as_is, from the store as
 * it is (ad_store_open_read_as_is()), else once it is brought up to date
 * (ad_store_open()). */
static void all_counts(ad_buf *out, const char *db, int as_is)
{
	ad_store *s = NULL;
	ad_error err = AD_ERROR_INIT;
	int64_t blob, nblobs = sql_int(db, "SELECT max(id) FROM blob");
	ad_store_count *list;
	size_t n, k;

	if (as_is)
		assert_int_equal(ad_store_open_read_as_is(&s, db, &err), 0);
	else
		s = open_store(db);
	ad_buf_clear(out);
	for (blob = 1; blob <= nblobs; blob++) {
		assert_int_equal(ad_store_counts(&list, &n, s, blob, &err), 0);
		ad_buf_printf(out, "%lld:", (long long)blob);
		for (k = 0; k < n; k++)
			ad_buf_printf(out, " %lld=%lld", (long long)list[k].term,
				      (long long)list[k].n);
		ad_buf_putc(out, '\n');
		free(list);
	}
	ad_store_close(s);
}

/* A version-3 store kept a content's counts a row a term: read as it is
 * (where it cannot be written), they are read from the rows; opened,
 * they are packed a value a content, and read back the same, and the
 * rows' table is gone. */
static void test_store__packs_the_counts_of_a_version_3_store(void **state)
{
	ctx *c = *state;
	ad_buf want = AD_BUF_INIT, got = AD_BUF_INIT;
	ad_store *s = open_store(c->db);
	ad_error err = AD_ERROR_INIT;
	ad_store_count *list;
	int64_t blob, nblobs;
	size_t n, k;
	char sql[128];

	record(s, "first", c, NULL);
	ad_store_close(s);
	all_counts(&want, c->db, 0);
	assert_non_null(strstr(want.ptr, "1: "));
	nblobs = sql_int(c->db, "SELECT max(id) FROM blob");
	assert_true(nblobs >= 2);

	/* as version 3 kept them: the rows of count, in no order */
	sql_exec(c->db, count_v3);
	s = open_store(c->db);
	for (blob = nblobs; blob >= 1; blob--) {
		assert_int_equal(ad_store_counts(&list, &n, s, blob, &err), 0);
		for (k = n; k-- > 0;) {
			snprintf(sql, sizeof(sql), "INSERT INTO count VALUES("
				 "%lld, %lld, %lld)", (long long)blob,
				 (long long)list[k].term,
				 (long long)list[k].n);
			sql_exec(c->db, sql);
		}
		free(list);
	}
	ad_store_close(s);
	sql_exec(c->db, "DROP TABLE counts; PRAGMA user_version = 3");
	assert_true(sql_int(c->db, "SELECT count(*) FROM count") > 10);

	all_counts(&got, c->db, 1);
	assert_string_equal(got.ptr, want.ptr);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"), 3);
	all_counts(&got, c->db, 0); /* opening migrates */
	assert_string_equal(got.ptr, want.ptr);
	assert_int_equal(sql_int(c->db, "PRAGMA user_version"),
			 AD_STORE_VERSION);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM sqlite_master "
				       "WHERE name = 'count'"), 0);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM counts"),
			 nblobs);
	assert_healthy(c->db);
	ad_buf_dispose(&want);
	ad_buf_dispose(&got);
}

/* WAL: a snapshot being written (a write transaction open on another
 * connection) does not block a reader, who sees the store as it was. */
static void test_store__reader_during_a_write(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);
	ad_store_snapshot *list = NULL;
	ad_store_file *f = NULL;
	sqlite3 *w = NULL;
	size_t n = 0;

	record(s, "first", c, NULL);
	ad_store_close(s);
	assert_int_equal(sqlite3_open(c->db, &w), SQLITE_OK);
	assert_int_equal(sqlite3_exec(w, "BEGIN IMMEDIATE;"
				      "INSERT INTO snapshot(label, created)"
				      " VALUES('half', 'x');"
				      "INSERT INTO entry SELECT id, 'z.md', 1"
				      " FROM snapshot WHERE label = 'half';",
				      NULL, NULL, NULL), SQLITE_OK);
	s = open_store(c->db);
	assert_int_equal(ad_store_snapshots(&list, &n, s, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].label, "first");
	ad_store_snapshots_free(list, n);
	assert_int_equal(ad_store_files(&f, &n, s, "first", &err), 0);
	assert_int_equal(n, NFILES);
	ad_store_files_free(f, n);
	assert_int_equal(ad_store_files(&f, &n, s, "half", &err),
			 AD_ENOTFOUND);
	ad_store_close(s);
	assert_int_equal(sqlite3_exec(w, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(w);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM snapshot"), 2);
}

/* Clusters kept per snapshot and settings: read back as put, other
 * settings not found, a second put ignored; and a put while another
 * connection writes fails at once rather than wait. */
static void test_store__clusters_kept(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);
	ad_store_file *f = NULL;
	ad_store_member *m = NULL;
	uint32_t cluster[NFILES] = {1, 0, 1}, canonical[1] = {2};
	uint32_t other[NFILES] = {0, 0, 0};
	size_t n = 0, nm = 0, k = 0;
	sqlite3 *w = NULL;
	double t0;
	int found = 1;

	record(s, "first", c, NULL);
	assert_int_equal(ad_store_files(&f, &n, s, "first", &err), 0);
	assert_int_equal(n, NFILES); /* a.md, b.md, sub/c.md */
	assert_int_equal(ad_store_clusters_get(&m, &nm, &k, &found, s,
					       "first", "x", &err), 0);
	assert_false(found);

	/* another writer: the put gives up at once */
	assert_int_equal(sqlite3_open(c->db, &w), SQLITE_OK);
	assert_int_equal(sqlite3_exec(w, "BEGIN IMMEDIATE", NULL, NULL, NULL),
			 SQLITE_OK);
	t0 = fx_now();
	assert_int_equal(ad_store_clusters_put(s, "first", "x", f, n, cluster,
					       canonical, 1, &err), AD_EIO);
	assert_true(fx_now() - t0 < 1.0);
	assert_int_equal(sqlite3_exec(w, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(w);

	assert_int_equal(ad_store_clusters_put(s, "first", "x", f, n, cluster,
					       canonical, 1, &err), 0);
	assert_int_equal(ad_store_clusters_put(s, "first", "x", f, n, other,
					       canonical, 0, &err), 0);
	assert_int_equal(ad_store_clusters_get(&m, &nm, &k, &found, s,
					       "first", "x", &err), 0);
	assert_true(found);
	assert_int_equal(k, 1);
	assert_int_equal(nm, 2);
	assert_string_equal(m[0].path, "a.md");
	assert_int_equal(m[0].cluster, 1);
	assert_false(m[0].canonical);
	assert_string_equal(m[1].path, "sub/c.md");
	assert_true(m[1].canonical);
	ad_store_members_free(m, nm);
	assert_int_equal(ad_store_clusters_get(&m, &nm, &k, &found, s,
					       "first", "y", &err), 0);
	assert_false(found);
	assert_int_equal(ad_store_clusters_get(&m, &nm, &k, &found, s,
					       "nope", "x", &err), AD_ENOTFOUND);
	ad_store_files_free(f, n);
	ad_store_close(s);
	assert_healthy(c->db);
}

static void test_store__refuses_a_newer_schema(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);
	sqlite3 *h = NULL;

	record(s, "first", c, NULL);
	ad_store_close(s);
	sql_exec(c->db, "PRAGMA user_version = 99");
	assert_refused(c->db, AD_EINVAL, "version 99 is newer", &err);
	assert_non_null(strstr(err.msg, "(version 5)"));

	/* the header may lag behind the WAL: SQLite is asked too */
	sql_exec(c->db, "PRAGMA user_version = 5");
	assert_int_equal(sqlite3_open(c->db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA wal_autocheckpoint = 0;"
					 "PRAGMA user_version = 99",
				      NULL, NULL, NULL), SQLITE_OK);
	s = (ad_store *)&h;
	assert_int_equal(ad_store_open(&s, c->db, &err), AD_EINVAL);
	assert_null(s);
	assert_non_null(strstr(err.msg, "version 99 is newer"));
	sqlite3_close(h);
}

static void test_store__refuses_a_file_that_is_not_a_database(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	static const char text[] = "# Notes\n\nnot a database, only text "
				   "long enough to fill an sqlite header, "
				   "which is one hundred bytes long.\n";

	fx_write(c->dir, "snapshots.db", text, sizeof(text) - 1);
	assert_refused(c->db, AD_EPARSE, "not an sqlite database", &err);

	fx_write(c->dir, "snapshots.db", "SQLite", 6); /* short */
	assert_refused(c->db, AD_EPARSE, "not an sqlite database", &err);
}

static void test_store__refuses_another_database(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;

	sql_exec(c->db, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
			"INSERT INTO notes(body) VALUES('keep me')");
	assert_refused(c->db, AD_EPARSE, "not an agentdup store", &err);
}

/* Overwrite len bytes of path at offset with a fixed pattern. */
static void scribble(const char *path, long offset, size_t len)
{
	FILE *f = fopen(path, "r+b");
	size_t i;

	assert_non_null(f);
	assert_int_equal(fseek(f, offset, SEEK_SET), 0);
	for (i = 0; i < len; i++)
		fputc((int)((i * 151 + 77) & 0xff), f);
	fclose(f);
}

/* Bytes in the middle of a store: a writer refuses it before writing
 * anything, and what it holds can still be read. */
static void test_store__refuses_to_write_into_damage(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);
	ad_store_snapshot *list = NULL;
	size_t len, n = 0;
	char *bytes;

	record(s, "first", c, NULL);
	ad_store_close(s);
	bytes = slurp(c->db, &len);
	free(bytes);
	assert_true(len >= 3 * 4096);
	/* a b-tree page of the middle: its header and cells garbage */
	scribble(c->db, (long)(len / 4096 / 2) * 4096, 4096);
	assert_refused(c->db, AD_EPARSE, "damaged store, nothing was written",
		       &err);

	/* the snapshot table, on its own page, is still read */
	s = NULL;
	assert_int_equal(ad_store_open_read(&s, c->db, &err), 0);
	assert_int_equal(ad_store_snapshots(&list, &n, s, &err), 0);
	assert_int_equal(n, 1);
	ad_store_snapshots_free(list, n);
	ad_store_close(s);
}

/* A store's header with random bytes after its magic string is told as
 * not a store (not as a newer one), whatever its user_version says. */
static void test_store__refuses_a_damaged_header(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);

	record(s, "first", c, NULL);
	ad_store_close(s);
	/* a whole header, but a user_version no store ever had */
	sql_exec(c->db, "PRAGMA user_version = 1955200179");
	assert_refused(c->db, AD_EPARSE, "not an agentdup store", &err);
	assert_null(strstr(err.msg, "newer"));

	scribble(c->db, 16, 84);
	assert_refused(c->db, AD_EPARSE, "not an agentdup store", &err);
	assert_null(strstr(err.msg, "newer"));
	s = (ad_store *)&err;
	assert_int_equal(ad_store_open_read(&s, c->db, &err), AD_EPARSE);
	assert_null(s);
}

/* Opened to read, a store is not written: the file keeps its bytes, and a
 * write through the handle fails. */
static void test_store__reading_writes_nothing(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);
	ad_store_snapshot *list = NULL;
	ad_store_file *f = NULL;
	size_t before_len, after_len, n = 0;
	char *before, *after, path[FX_PATH_MAX + 8];

	record(s, "first", c, NULL);
	ad_store_close(s);
	before = slurp(c->db, &before_len);
	s = NULL;
	assert_int_equal(ad_store_open_read(&s, c->db, &err), 0);
	assert_int_equal(ad_store_snapshots(&list, &n, s, &err), 0);
	assert_int_equal(n, 1);
	ad_store_snapshots_free(list, n);
	assert_int_equal(ad_store_files(&f, &n, s, "first", &err), 0);
	assert_int_equal(n, NFILES);
	ad_store_files_free(f, n);
	assert_int_not_equal(ad_snapshot_record(NULL, s, "second", NULL,
						c->audit->collection, &err),
			     0);
	ad_store_close(s);
	after = slurp(c->db, &after_len);
	assert_int_equal(after_len, before_len);
	assert_memory_equal(after, before, before_len);
	/* SQLite may leave its files beside it (a reader cannot remove
	 * them; the next writer does), but the WAL holds nothing */
	free(after);
	join(path, sizeof(path), c->dir, "snapshots.db-wal");
	after = access(path, F_OK) == 0 ? slurp(path, &after_len) : NULL;
	assert_true(!after || after_len == 0);
	free(before);
	free(after);
}

/* Clusters computed through a handle opened to read are kept all the
 * same (by a writer of the store's own), and found by the next reader. */
static void test_store__clusters_kept_through_a_reader(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);
	ad_store_file *f = NULL;
	ad_store_member *m = NULL;
	uint32_t cluster[NFILES] = {1, 0, 1}, canonical[1] = {2};
	size_t n = 0, nm = 0, k = 0;
	int found = 0;

	record(s, "first", c, NULL);
	ad_store_close(s);
	s = NULL;
	assert_int_equal(ad_store_open_read(&s, c->db, &err), 0);
	assert_int_equal(ad_store_files(&f, &n, s, "first", &err), 0);
	assert_int_equal(ad_store_clusters_put(s, "first", "x", f, n, cluster,
					       canonical, 1, &err), 0);
	/* kept already: nothing to do */
	assert_int_equal(ad_store_clusters_put(s, "first", "x", f, n, cluster,
					       canonical, 1, &err), 0);
	ad_store_files_free(f, n);
	ad_store_close(s);
	s = NULL;
	assert_int_equal(ad_store_open_read(&s, c->db, &err), 0);
	assert_int_equal(ad_store_clusters_get(&m, &nm, &k, &found, s,
					       "first", "x", &err), 0);
	assert_true(found);
	assert_int_equal(k, 1);
	ad_store_members_free(m, nm);
	ad_store_close(s);
}

/* On a medium it cannot write (a folder without write permission, so no
 * shared-memory file can be made beside the WAL store), the store is
 * read. Root writes anyway: there the test says so and skips;
 * tests/store/readonly.sh runs the CLI as another user instead. */
static void test_store__reads_a_read_only_medium(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c->db);
	ad_store_snapshot *list = NULL;
	size_t n = 0;

	record(s, "first", c, NULL);
	ad_store_close(s);
	if (geteuid() == 0) {
		skip();
		return;
	}
	assert_int_equal(chmod(c->db, 0444), 0);
	assert_int_equal(chmod(c->dir, 0555), 0);
	s = NULL;
	err = (ad_error)AD_ERROR_INIT;
	if (ad_store_open_read(&s, c->db, &err) == 0)
		ad_store_snapshots(&list, &n, s, &err);
	ad_store_close(s);
	assert_int_equal(chmod(c->dir, 0755), 0);
	assert_int_equal(chmod(c->db, 0644), 0);
	assert_int_equal(err.code, 0);
	assert_int_equal(n, 1);
	ad_store_snapshots_free(list, n);
}

static void test_store__content_keys_are_stable(void **state)
{
	char h[AD_HASH_HEX + 1], g[AD_HASH_HEX + 1];

	(void)state;
	/* pinned: keys are persisted, so they must never change; they are
	 * SHA-256 (FIPS 180-2's vectors for "" and "abc") */
	ad_hash_content(h, "", 0);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb924"
			       "27ae41e4649b934ca495991b7852b855");
	ad_hash_content(g, "abc", 3);
	assert_string_equal(g, "ba7816bf8f01cfea414140de5dae2223"
			       "b00361a396177a9cb410ff61f20015ad");
	ad_hash_content(h, "0123456789abcdefXYZ", 19);
	assert_string_equal(h, "b19dd0d3436da6a4171b05d7ad2f0c8a"
			       "52e88e21834b66c2ce9ad3df58c46eea");
	/* a trailing NUL is content */
	ad_hash_content(h, "abc\0", 4);
	assert_string_not_equal(h, g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_store__round_trip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_store__empty_file_becomes_a_store, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__unchanged_files_reuse_their_analysis, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_store__duplicate_label_writes_nothing, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_store__recorded_beside,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__file_changed_since_read_writes_nothing,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__counts_sorted_past_32_bits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_store__no_rule_index,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__migrates_an_older_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__rekeys_a_version_2_store, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__packs_the_counts_of_a_version_3_store, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_store__refuses_a_newer_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__reader_during_a_write, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__clusters_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__refuses_a_file_that_is_not_a_database,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__refuses_another_database, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__refuses_to_write_into_damage, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_store__refuses_a_damaged_header, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__reading_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_store__clusters_kept_through_a_reader, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_store__reads_a_read_only_medium, setup, teardown),
		cmocka_unit_test(test_store__content_keys_are_stable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
