/*
 * test_store_db.c - the store's statement layer over SQLite: that SQLite's
 * conventions come back as ours (AD_DB_ROW / AD_DB_DONE, AD_EIO with
 * SQLite's message and the file's path), that a broken constraint can be
 * told apart, and that a transaction ends as ad_db_end() promises.
 *
 * Most tests use an in-memory database; the ones about files and a second
 * connection work in a temporary folder.
 */
#include "fixture.h"

#include "store/store_db.h"

static ad_db *open_memory(void)
{
	ad_error err = AD_ERROR_INIT;
	ad_db *db = NULL;

	if (ad_db_open(&db, ":memory:", 1000, &err) != 0)
		fail_msg("open: %s", err.msg);
	return db;
}

static void must_exec(ad_db *db, const char *sql)
{
	ad_error err = AD_ERROR_INIT;

	if (ad_db_exec(db, sql, &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
}

static int64_t query_int(ad_db *db, const char *sql)
{
	ad_error err = AD_ERROR_INIT;
	int64_t v = -1;

	if (ad_db_query_int(&v, db, sql, &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

static void test_store_db__a_bad_statement_is_eio_with_sqlites_message(
	void **state)
{
	ad_error err = AD_ERROR_INIT;
	ad_db *db = open_memory();
	ad_db_stmt *q = NULL;

	(void)state;
	assert_int_equal(ad_db_prepare(&q, db, "SELEKT 1", &err), AD_EIO);
	assert_null(q);
	assert_non_null(strstr(err.msg, "database error: "));
	assert_non_null(strstr(err.msg, "syntax error"));
	assert_string_equal(err.path, ":memory:");
	ad_error_clear(&err);
	assert_int_equal(ad_db_exec(db, "DROP TABLE nowhere", &err), AD_EIO);
	assert_non_null(strstr(err.msg, "no such table: nowhere"));
	ad_db_close(db);
}

static void test_store_db__a_step_past_the_last_row_is_done(void **state)
{
	ad_error err = AD_ERROR_INIT;
	ad_db *db = open_memory();
	ad_db_stmt *q = NULL;

	(void)state;
	assert_int_equal(ad_db_prepare(&q, db, "SELECT 7, 'seven', NULL",
				       &err), 0);
	assert_int_equal(ad_db_step(q, &err), AD_DB_ROW);
	assert_int_equal(ad_db_column_int64(q, 0), 7);
	assert_string_equal(ad_db_column_text(q, 1), "seven");
	assert_true(ad_db_column_is_null(q, 2));
	assert_null(ad_db_column_text(q, 2));
	assert_null(ad_db_column_strdup(q, 2));
	assert_int_equal(ad_db_step(q, &err), AD_DB_DONE);
	assert_int_equal(err.code, 0);
	ad_db_finalize(q);
	ad_db_finalize(NULL);
	ad_db_close(db);
}

static void test_store_db__step_int_without_a_row_is_zero(void **state)
{
	ad_db *db = open_memory();

	(void)state;
	must_exec(db, "CREATE TABLE t(x INTEGER)");
	assert_int_equal(query_int(db, "SELECT x FROM t"), 0);
	must_exec(db, "INSERT INTO t VALUES(42)");
	assert_int_equal(query_int(db, "SELECT x FROM t"), 42);
	ad_db_close(db);
}

static void test_store_db__binds_round_trip(void **state)
{
	static const char bytes[3] = {'a', '\0', 'b'};
	ad_error err = AD_ERROR_INIT;
	ad_db *db = open_memory();
	ad_db_stmt *q = NULL;
	char text[8] = "copied";
	size_t len = 99;
	const char *p;

	(void)state;
	assert_int_equal(ad_db_prepare(&q, db, "SELECT ?1, ?2, ?3, ?4, ?5, ?6",
				       &err), 0);
	ad_db_bind_int64(q, 1, INT64_MIN);
	ad_db_bind_text(q, 2, NULL);
	ad_db_bind_text_copy(q, 3, text);
	text[0] = 'X'; /* the statement has its own copy */
	ad_db_bind_blob(q, 4, bytes, sizeof(bytes));
	ad_db_bind_blob(q, 5, "", 0);
	ad_db_bind_null(q, 6);
	assert_int_equal(ad_db_step(q, &err), AD_DB_ROW);
	assert_true(ad_db_column_int64(q, 0) == INT64_MIN);
	assert_true(ad_db_column_is_null(q, 1));
	assert_string_equal(ad_db_column_text(q, 2), "copied");
	p = ad_db_column_blob(q, 3, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(p, bytes, 3);
	assert_false(ad_db_column_is_null(q, 4)); /* empty, not NULL */
	ad_db_column_blob(q, 4, &len);
	assert_int_equal(len, 0);
	assert_true(ad_db_column_is_null(q, 5));
	ad_db_finalize(q);
	ad_db_close(db);
}

static void test_store_db__a_broken_constraint_is_told_apart(void **state)
{
	ad_error err = AD_ERROR_INIT;
	ad_db *db = open_memory();
	ad_db_stmt *q = NULL;

	(void)state;
	must_exec(db, "CREATE TABLE t(x TEXT UNIQUE)");
	assert_int_equal(ad_db_prepare(&q, db, "INSERT INTO t VALUES(?1)",
				       &err), 0);
	ad_db_bind_text(q, 1, "once");
	assert_int_equal(ad_db_run(q, &err), 0);
	assert_int_equal(ad_db_last_id(db), 1);
	assert_int_equal(ad_db_changes(db), 1);
	assert_int_equal(ad_db_run(q, &err), AD_EIO); /* reset by run */
	assert_true(ad_db_constraint(q));
	assert_non_null(strstr(err.msg, "UNIQUE constraint failed: t.x"));
	ad_db_bind_text(q, 1, "twice");
	assert_int_equal(ad_db_run(q, &err), 0);
	assert_false(ad_db_constraint(q));
	ad_db_finalize(q);
	/* a failure of another kind is no constraint */
	assert_int_equal(ad_db_prepare(&q, db, "SELECT abs(?1)", &err), 0);
	ad_db_bind_int64(q, 1, INT64_MIN);
	assert_int_equal(ad_db_step(q, &err), AD_EIO);
	assert_false(ad_db_constraint(q));
	assert_non_null(strstr(err.msg, "integer overflow"));
	ad_db_finalize(q);
	ad_db_close(db);
}

static void test_store_db__end_commits_or_rolls_back(void **state)
{
	ad_error err = AD_ERROR_INIT;
	ad_db *db = open_memory();

	(void)state;
	must_exec(db, "CREATE TABLE t(x INTEGER)");
	assert_int_equal(ad_db_begin(db, &err), 0);
	must_exec(db, "INSERT INTO t VALUES(1)");
	assert_int_equal(ad_db_end(db, AD_ENOTFOUND, &err), AD_ENOTFOUND);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t"), 0);
	assert_int_equal(ad_db_begin(db, &err), 0);
	must_exec(db, "INSERT INTO t VALUES(1)");
	assert_int_equal(ad_db_end(db, 0, &err), 0);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t"), 1);
	ad_db_close(db);
}

static void test_store_db__nowait_fails_while_another_writes(void **state)
{
	ad_error err = AD_ERROR_INIT;
	char dir[FX_PATH_MAX], path[FX_PATH_MAX + 16];
	ad_db *a = NULL, *b = NULL;
	double t0;

	(void)state;
	fx_tmpdir(dir, sizeof(dir), "store_db");
	snprintf(path, sizeof(path), "%s/x.db", dir);
	assert_int_equal(ad_db_open(&a, path, 5000, &err), 0);
	assert_int_equal(ad_db_open(&b, path, 5000, &err), 0);
	must_exec(a, "PRAGMA journal_mode = WAL; CREATE TABLE t(x)");
	assert_int_equal(ad_db_begin(a, &err), 0);
	t0 = fx_now();
	assert_int_equal(ad_db_begin_nowait(b, &err), AD_EIO);
	assert_true(fx_now() - t0 < 2.5); /* not the 5 s of the timeout */
	assert_non_null(strstr(err.msg, "database is locked"));
	assert_string_equal(err.path, path);
	assert_int_equal(ad_db_end(a, 0, &err), 0);
	assert_int_equal(ad_db_begin_nowait(b, &err), 0);
	assert_int_equal(ad_db_end(b, 0, &err), 0);
	ad_db_close(b);
	ad_db_close(a);
	assert_int_equal(fx_rmtree(dir), 0);
}

static void test_store_db__open_failure_names_the_file(void **state)
{
	ad_error err = AD_ERROR_INIT;
	ad_db *db = NULL;

	(void)state;
	assert_int_equal(ad_db_open(&db, "/nonexistent-agentdup/x.db", 1000,
				    &err), AD_EIO);
	assert_null(db);
	assert_non_null(strstr(err.msg, "cannot open: "));
	assert_string_equal(err.path, "/nonexistent-agentdup/x.db");
	ad_db_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_store_db__a_bad_statement_is_eio_with_sqlites_message),
		cmocka_unit_test(test_store_db__a_step_past_the_last_row_is_done),
		cmocka_unit_test(test_store_db__step_int_without_a_row_is_zero),
		cmocka_unit_test(test_store_db__binds_round_trip),
		cmocka_unit_test(
			test_store_db__a_broken_constraint_is_told_apart),
		cmocka_unit_test(test_store_db__end_commits_or_rolls_back),
		cmocka_unit_test(
			test_store_db__nowait_fails_while_another_writes),
		cmocka_unit_test(test_store_db__open_failure_names_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
