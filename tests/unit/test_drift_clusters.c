/*
 * test_drift_clusters.c - clusters followed between two snapshots, the
 * members that drift away from their canonical, and the timeline.
 *
 * tests/fixtures/drift-clusters holds one collection twice. From v1 to
 * v2: two agents become copies of each other (formed); two pairs with one
 * outline come to share a name and a description (merged); four agents of
 * one name, description and outline lose them for two of them (split); a pair loses one member to
 * another subject (dissolved); a pair gains a third copy while its
 * canonical gains rules the others lack (changed, and a member drifted
 * away).
 */
#include "fixture.h"

#include <math.h>
#include <sqlite3.h>

#include "agentdup/drift.h"
#include "agentdup/store.h"
#include "track/drift_clusters.h"

#define FIXTURE AD_SOURCE_DIR "/tests/fixtures/drift-clusters"

typedef struct ctx {
	char dir[FX_PATH_MAX];
	char db[FX_PATH_MAX + 16];
	ad_drift *drift;
} ctx;

static void record(ad_store *s, const char *name)
{
	char root[FX_PATH_MAX];
	const char *paths[1] = {root};
	ad_load_opts o = AD_LOAD_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_collection *c = NULL;

	snprintf(root, sizeof(root), "%s/%s", FIXTURE, name);
	assert_int_equal(ad_snapshot_load(&c, s, paths, 1, &o, &err), 0);
	if (ad_snapshot_record(NULL, s, name, NULL, c, &err) != 0)
		fail_msg("%s", err.msg);
	ad_collection_free(c);
}

static ad_store *open_store(const ctx *c)
{
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;

	if (ad_store_open(&s, c->db, &err) != 0)
		fail_msg("%s", err.msg);
	return s;
}

static int setup(void **state)
{
	ctx *c = calloc(1, sizeof(*c));
	ad_error err = AD_ERROR_INIT;
	ad_store *s;

	assert_non_null(c);
	fx_tmpdir(c->dir, sizeof(c->dir), "drift-clusters");
	snprintf(c->db, sizeof(c->db), "%s/store.db", c->dir);
	s = open_store(c);
	record(s, "v1");
	record(s, "v2");
	if (ad_drift_run(&c->drift, s, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	ad_store_close(s);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	ctx *c = *state;
	int rc;

	ad_drift_free(c->drift);
	rc = fx_rmtree(c->dir);
	free(c);
	return rc;
}

/* The change of this kind; the fixture has one of each. */
static const ad_drift_cluster *change(const ad_drift *d,
				      ad_cluster_change kind)
{
	size_t i, found = 0;
	const ad_drift_cluster *e = NULL;

	assert_non_null(d->clusters);
	for (i = 0; i < d->clusters->nchanges; i++)
		if (d->clusters->changes[i].kind == kind) {
			e = &d->clusters->changes[i];
			found++;
		}
	assert_int_equal(found, 1);
	return e;
}

static void assert_cref(const ad_drift_cref *r, const char *canonical,
			size_t size)
{
	assert_string_equal(r->canonical, canonical);
	assert_int_equal(r->size, size);
}

static void test_drift_clusters__counts_and_order(void **state)
{
	const ad_drift_clusters *c = ((ctx *)*state)->drift->clusters;
	size_t i;

	assert_non_null(c);
	assert_true(c->clustered);
	assert_null(c->note);
	assert_int_equal(c->from_clusters, 5);
	assert_int_equal(c->to_clusters, 5);
	assert_int_equal(c->nchanges, 5);
	for (i = 0; i < c->nchanges; i++) /* by kind */
		assert_int_equal(c->changes[i].kind, (ad_cluster_change)i);
}

static void test_drift_clusters__formed(void **state)
{
	const ad_drift_cluster *e =
		change(((ctx *)*state)->drift, AD_CLUSTER_FORMED);

	assert_int_equal(e->nbefore, 0);
	assert_int_equal(e->nafter, 1);
	assert_cref(&e->after[0], "ops/log-keeper.md", 2);
	assert_int_equal(e->njoined, 2);
	assert_string_equal(e->joined[0], "ops/docs-keeper.md");
	assert_string_equal(e->joined[1], "ops/log-keeper.md");
	assert_int_equal(e->nleft, 0);
}

static void test_drift_clusters__merged(void **state)
{
	const ad_drift_cluster *e =
		change(((ctx *)*state)->drift, AD_CLUSTER_MERGED);

	assert_int_equal(e->nbefore, 2);
	assert_cref(&e->before[0], "infra/k8s-a.md", 2);
	assert_cref(&e->before[1], "infra/sec-a.md", 2);
	assert_int_equal(e->nafter, 1);
	assert_cref(&e->after[0], "infra/k8s-a.md", 4);
	assert_int_equal(e->njoined, 0);
	assert_int_equal(e->nleft, 0);
}

static void test_drift_clusters__split(void **state)
{
	const ad_drift_cluster *e =
		change(((ctx *)*state)->drift, AD_CLUSTER_SPLIT);

	assert_int_equal(e->nbefore, 1);
	assert_cref(&e->before[0], "science/ml-a.md", 4);
	assert_int_equal(e->nafter, 2);
	assert_cref(&e->after[0], "science/docs-a.md", 2);
	assert_cref(&e->after[1], "science/ml-a.md", 2);
	assert_int_equal(e->nleft, 0);
}

static void test_drift_clusters__dissolved(void **state)
{
	const ad_drift_cluster *e =
		change(((ctx *)*state)->drift, AD_CLUSTER_DISSOLVED);

	assert_int_equal(e->nbefore, 1);
	assert_cref(&e->before[0], "web/css-guide-old.md", 2);
	assert_int_equal(e->nafter, 0);
	assert_int_equal(e->nleft, 2);
	assert_string_equal(e->left[0], "web/css-guide-old.md");
	assert_string_equal(e->left[1], "web/css-guide.md");
}

static void test_drift_clusters__changed_and_away(void **state)
{
	const ad_drift *d = ((ctx *)*state)->drift;
	const ad_drift_cluster *e = change(d, AD_CLUSTER_CHANGED);
	const ad_drift_away *away = d->clusters->away;

	assert_int_equal(e->nbefore, 1);
	assert_cref(&e->before[0], "db/sql-expert-copy.md", 2);
	assert_cref(&e->after[0], "db/sql-expert-copy.md", 3);
	assert_int_equal(e->njoined, 1);
	assert_string_equal(e->joined[0], "db/sql-expert-fork.md");
	assert_int_equal(e->nleft, 0);

	/* the canonical gained three rules: its old twin is further away;
	 * the new fork, with no older self, is not counted */
	assert_int_equal(d->clusters->naway, 1);
	assert_string_equal(away[0].path, "db/sql-expert.md");
	assert_string_equal(away[0].canonical, "db/sql-expert-copy.md");
	assert_true(away[0].before > 0.999);
	assert_true(away[0].after < away[0].before - 0.05);
	assert_true(away[0].after > 0.8);
}

/* A snapshot's clusters are the ones a scan of its folder forms. */
static void test_drift_clusters__same_as_scan(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c);
	ad_store_file *f = NULL;
	ad_snapshot_clusters sc;
	ad_audit *au = NULL;
	size_t n = 0, k;

	assert_int_equal(ad_store_files(&f, &n, s, "v2", &err), 0);
	assert_int_equal(ad_snapshot_clusters_run(&sc, s, "v2", f, n, 1, &err), 0);
	assert_int_equal(fx_audit_path(&au, FIXTURE "/v2", NULL), 0);
	assert_int_equal(sc.nclusters, au->clustering.n);
	for (k = 0; k < sc.nclusters; k++) {
		const ad_cluster *cl = &au->clustering.clusters[k];

		assert_string_equal(f[sc.canonical[k]].path,
				    au->collection->docs[cl->canonical]->path);
		assert_int_equal(sc.size[k], cl->n);
	}
	assert_int_equal(sc.nclustered, 13);
	ad_audit_free(au);
	ad_snapshot_clusters_dispose(&sc);
	ad_store_files_free(f, n);
	ad_store_close(s);
}

static void test_drift_clusters__timeline(void **state)
{
	ctx *c = *state;
	const ad_drift *d = c->drift;
	ad_drift_opts o = AD_DRIFT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_store *s = open_store(c);
	ad_timeline_point *t = NULL;
	double sum = 0;
	size_t n = 0, i;

	assert_int_equal(ad_timeline_run(&t, &n, s, &o, &err), 0);
	ad_store_close(s);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].label, "v1");
	assert_int_equal(t[0].agents, 14);
	assert_true(t[0].clustered);
	assert_int_equal(t[0].clusters, 5);
	assert_int_equal(t[0].clustered_agents, 12);
	assert_int_equal(t[0].added + t[0].changed, 0);
	assert_true(t[0].mean_drift == 0);
	assert_int_equal(t[1].agents, 15);
	assert_int_equal(t[1].clusters, 5);
	assert_int_equal(t[1].added, d->added);
	assert_int_equal(t[1].changed, d->changed);
	for (i = 0; i < d->nagents; i++)
		sum += d->agents[i].drift;
	assert_true(sum > 0);
	assert_true(fabs(t[1].mean_drift -
			 sum / (double)(d->to_agents - d->added)) < 1e-12);
	ad_timeline_free(t, n);
}

static void sql(const char *db, const char *text)
{
	sqlite3 *h = NULL;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, text, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static int64_t sql_int(const char *db, const char *text)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *q = NULL;
	int64_t v;

	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, text, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(h);
	return v;
}

/* The clusters computed by the first drift are kept, one set a snapshot,
 * and the next query reads them: with the texts gone from the store, the
 * same changes come out. */
static void test_drift_clusters__kept_and_reused(void **state)
{
	ctx *c = *state;
	ad_drift_opts o = AD_DRIFT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_drift *d = NULL;
	ad_store *s;
	size_t i;

	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM clustering"),
			 2);
	assert_int_equal(sql_int(c->db, "SELECT sum(clusters) FROM "
				       "clustering"), 10);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM member"),
			 12 + 13);
	assert_int_equal(sql_int(c->db, "SELECT count(*) FROM member WHERE "
				       "canonical"), 10);
	sql(c->db, "UPDATE blob SET text = NULL");
	s = open_store(c);
	assert_int_equal(ad_drift_run(&d, s, &o, &err), 0);
	ad_store_close(s);
	assert_true(d->clusters->clustered);
	assert_int_equal(d->clusters->nchanges, c->drift->clusters->nchanges);
	for (i = 0; i < d->clusters->nchanges; i++) {
		const ad_drift_cluster *x = &d->clusters->changes[i];
		const ad_drift_cluster *y = &c->drift->clusters->changes[i];

		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->nafter, y->nafter);
		assert_int_equal(x->nbefore, y->nbefore);
		if (x->nafter)
			assert_string_equal(x->after[0].canonical,
					    y->after[0].canonical);
		if (x->nbefore)
			assert_string_equal(x->before[0].canonical,
					    y->before[0].canonical);
	}
	assert_int_equal(d->clusters->naway, 1);
	ad_drift_free(d);
}

/* A store written before texts were kept: drift goes on without
 * clusters, and says why. */
static void test_drift_clusters__without_texts(void **state)
{
	ctx *c = *state;
	ad_drift_opts o = AD_DRIFT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_timeline_point *t = NULL;
	ad_drift *d = NULL;
	ad_store *s;
	size_t n = 0;

	sql(c->db, "UPDATE blob SET text = NULL; DELETE FROM member;"
		   "DELETE FROM clustering");
	s = open_store(c);
	assert_int_equal(ad_drift_run(&d, s, &o, &err), 0);
	assert_non_null(d->clusters);
	assert_false(d->clusters->clustered);
	assert_non_null(d->clusters->note);
	assert_non_null(strstr(d->clusters->note, "no text"));
	assert_int_equal(d->clusters->nchanges, 0);
	assert_int_equal(d->changed, c->drift->changed); /* the rest holds */
	assert_int_equal(ad_timeline_run(&t, &n, s, &o, &err), 0);
	assert_int_equal(n, 2);
	assert_false(t[0].clustered);
	assert_int_equal(t[1].agents, 15);
	ad_timeline_free(t, n);
	ad_drift_free(d);
	ad_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drift_clusters__counts_and_order),
		cmocka_unit_test(test_drift_clusters__formed),
		cmocka_unit_test(test_drift_clusters__merged),
		cmocka_unit_test(test_drift_clusters__split),
		cmocka_unit_test(test_drift_clusters__dissolved),
		cmocka_unit_test(test_drift_clusters__changed_and_away),
		cmocka_unit_test(test_drift_clusters__same_as_scan),
		cmocka_unit_test(test_drift_clusters__timeline),
		cmocka_unit_test(test_drift_clusters__kept_and_reused),
		cmocka_unit_test(test_drift_clusters__without_texts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
