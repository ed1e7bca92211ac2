/*
 * test_gitsrc.c - agent files from a git history (gitsrc.h), and the
 * import of that history into a store, one snapshot per commit
 * (snapshot.h).
 *
 * The setup makes a repository in a temporary folder with the git
 * command, its author, committer and dates fixed, the user's git
 * configuration shut out:
 *   c1  adds three agents, a README and notes.txt
 *   c2  rewords a rule of reviewer.md, adds bin.md (binary: left out)
 *   c3  changes notes.txt only: no snapshot
 *   c4  moves deployer.md to ops/deployer.md, adds oncall.md
 * git is required: without it the tests fail, they do not skip.
 *
 * Ownership: the ctx of the setup owns the folder (removed by the
 * teardown); each test frees what it asks for.
 */
#include "fixture.h"

#include <unistd.h>

#include "agentdup/drift.h"
#include "agentdup/snapshot.h"
#include "agentdup/store.h"
#include "source/gitsrc.h"

#define HEAD(name, desc) "---\nname: " name "\ndescription: " desc "\n---\n"

#define DEPLOYER                                                             \
	HEAD("deployer", "Deploys services to the staging cluster")          \
	"# Deployment\n\n"                                                   \
	"- Check the cluster context before every command\n"                 \
	"- Roll back at once when health checks fail\n"
#define WRITER                                                               \
	HEAD("writer", "Writes release notes from the changelog")            \
	"# Steps\n\n"                                                        \
	"1. Read the changelog since the last release\n"                     \
	"2. Group the changes by user impact\n"
#define REVIEWER(first)                                                      \
	HEAD("reviewer", "Reviews pull requests for correctness")            \
	"# Review rules\n\n"                                                 \
	"- " first "\n"                                                      \
	"- Point out unclear names and suggest better ones\n"
#define ONCALL                                                               \
	HEAD("oncall", "Triages pager alerts during on-call shifts")         \
	"# Triage\n\n"                                                       \
	"- Acknowledge the alert within five minutes\n"

typedef struct ctx {
	char dir[FX_PATH_MAX];  /* holds repo/, plain/ and the stores */
	char repo[FX_PATH_MAX + 8];
	char sha[4][64];        /* c1..c4 */
} ctx;

/* Run a shell command in the repository; the test fails unless it
 * succeeds. */
static void sh(const ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sh(const ctx *c, const char *fmt, ...)
{
	char cmd[2048];
	int n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", c->repo);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	if (system(cmd) != 0)
		fail_msg("failed: %s", cmd);
}

static void commit(ctx *c, int k, const char *date, const char *subject)
{
	FILE *p;
	char cmd[FX_PATH_MAX + 64];

	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
	sh(c, "git add -A && git -c commit.gpgsign=false commit -q -m '%s'",
	   subject);
	snprintf(cmd, sizeof(cmd), "git -C '%s' rev-parse HEAD", c->repo);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(fgets(c->sha[k], sizeof(c->sha[k]), p));
	c->sha[k][strcspn(c->sha[k], "\n")] = '\0';
	assert_int_equal(pclose(p), 0);
}

static void put(const ctx *c, const char *rel, const char *text)
{
	fx_write(c->repo, rel, text, strlen(text));
}

static int setup(void **state)
{
	ctx *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	fx_tmpdir(c->dir, sizeof(c->dir), "gitsrc");
	snprintf(c->repo, sizeof(c->repo), "%s/repo", c->dir);
	assert_int_equal(mkdir(c->repo, 0755), 0);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "author@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.com", 1);
	sh(c, "git -c init.defaultBranch=main init -q");
	put(c, "deployer.md", DEPLOYER);
	put(c, "writer.md", WRITER);
	put(c, "reviewer.md",
	    REVIEWER("Always run the full test suite before approving"));
	put(c, "README.md", "# The agents\n");
	put(c, "notes.txt", "first notes\n");
	commit(c, 0, "2024-03-01T09:00:00+01:00", "add three agents");
	put(c, "reviewer.md",
	    REVIEWER("Always run the complete test suite before approving"));
	fx_write(c->repo, "bin.md", "ab\0cd", 5);
	commit(c, 1, "2024-03-02T09:00:00+01:00", "reviewer: reword a rule");
	put(c, "notes.txt", "more notes\n");
	commit(c, 2, "2024-03-03T09:00:00+01:00", "notes only");
	sh(c, "mkdir ops && git mv deployer.md ops/deployer.md");
	put(c, "oncall.md", ONCALL);
	commit(c, 3, "2024-03-04T23:30:00-05:00", "move deployer, add oncall");
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	ctx *c = *state;
	int rc = fx_rmtree(c->dir);

	free(c);
	return rc;
}

static ad_gitsrc *open_repo(const ctx *c)
{
	ad_error err = AD_ERROR_INIT;
	ad_gitsrc *g = NULL;

	if (ad_gitsrc_open(&g, c->repo, &err) != 0)
		fail_msg("%s: %s", err.path, err.msg);
	return g;
}

static void test_gitsrc__commits_that_touched_agents(void **state)
{
	ctx *c = *state;
	ad_gitsrc *g = open_repo(c);
	ad_error err = AD_ERROR_INIT;
	ad_git_commit *l = NULL;
	size_t n = 0;

	assert_int_equal(ad_gitsrc_commits(&l, &n, g, NULL, 0, NULL, &err), 0);
	assert_int_equal(n, 3); /* not c3: notes.txt only */
	assert_string_equal(l[0].sha, c->sha[0]);
	assert_string_equal(l[1].sha, c->sha[1]);
	assert_string_equal(l[2].sha, c->sha[3]);
	assert_string_equal(l[0].date, "2024-03-01T09:00:00+01:00");
	assert_string_equal(l[2].date, "2024-03-04T23:30:00-05:00");
	assert_string_equal(l[0].subject, "add three agents");
	assert_string_equal(l[2].subject, "move deployer, add oncall");
	ad_gitsrc_commits_free(l, n);
	/* the most recent one; and a range */
	assert_int_equal(ad_gitsrc_commits(&l, &n, g, "HEAD", 1, NULL, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].sha, c->sha[3]);
	ad_gitsrc_commits_free(l, n);
	assert_int_equal(ad_gitsrc_commits(&l, &n, g, "HEAD~3..HEAD~1", 0, NULL,
					   &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].sha, c->sha[1]);
	ad_gitsrc_commits_free(l, n);
	ad_gitsrc_close(g);
}

static void test_gitsrc__globs_choose_the_commits(void **state)
{
	const char *inc[] = {"*.txt"}, *exc[] = {"reviewer.md", "ops"};
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	ad_gitsrc *g = open_repo(*state);
	ad_git_commit *l = NULL;
	size_t n = 0;

	o.include = inc;
	o.ninclude = 1;
	assert_int_equal(ad_gitsrc_commits(&l, &n, g, NULL, 0, &o, NULL), 0);
	assert_int_equal(n, 4); /* notes.txt is an agent now */
	ad_gitsrc_commits_free(l, n);
	o.ninclude = 0;
	o.exclude = exc;
	o.nexclude = 2;
	/* c2 still adds bin.md; c4 still removes deployer.md */
	assert_int_equal(ad_gitsrc_commits(&l, &n, g, NULL, 0, &o, NULL), 0);
	assert_int_equal(n, 3);
	ad_gitsrc_commits_free(l, n);
	ad_gitsrc_close(g);
}

static void test_gitsrc__tree_and_blobs(void **state)
{
	ctx *c = *state;
	ad_gitsrc *g = open_repo(c);
	ad_error err = AD_ERROR_INIT;
	ad_git_file *f = NULL;
	size_t n = 0, len = 0;
	char *text = NULL;

	assert_int_equal(ad_gitsrc_files(&f, &n, g, c->sha[3], NULL, &err), 0);
	assert_int_equal(n, 5); /* not README.md, not notes.txt */
	assert_string_equal(f[0].path, "bin.md");
	assert_string_equal(f[1].path, "oncall.md");
	assert_string_equal(f[2].path, "ops/deployer.md");
	assert_string_equal(f[3].path, "reviewer.md");
	assert_string_equal(f[4].path, "writer.md");
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, f[2].id, 0, &err), 0);
	assert_int_equal(len, strlen(DEPLOYER));
	assert_string_equal(text, DEPLOYER);
	free(text);
	/* the same child answers again, binary bytes and all */
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, f[0].id, 0, &err), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(text, "ab\0cd", 5);
	free(text);
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, c->sha[0], 0, &err),
			 AD_ENOTFOUND); /* a commit, not a blob */
	assert_null(text);
	assert_int_equal(ad_gitsrc_blob(&text, &len, g,
					"0123456789012345678901234567890123456789",
					0, &err), AD_ENOTFOUND);
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, "HEAD\nx", 0, &err),
			 AD_EINVAL);
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, f[4].id, 0, &err), 0);
	assert_string_equal(text, WRITER);
	free(text);
	ad_gitsrc_files_free(f, n);
	ad_gitsrc_close(g);
}

/* A blob over the bound is not kept but passed over in the pipe: the
 * next answers are read in line. */
static void test_gitsrc__blobs_over_the_bound_are_dropped(void **state)
{
	ctx *c = *state;
	ad_gitsrc *g = open_repo(c);
	ad_error err = AD_ERROR_INIT;
	ad_git_file *f = NULL;
	size_t n = 0, len = 0;
	char *text = NULL;

	assert_int_equal(ad_gitsrc_files(&f, &n, g, c->sha[3], NULL, &err), 0);
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, f[2].id, 10, &err), 0);
	assert_null(text);
	assert_int_equal(len, strlen(DEPLOYER));
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, c->sha[0], 10, &err),
			 AD_ENOTFOUND); /* a commit, not a blob, passed over */
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, f[0].id, 5, &err), 0);
	assert_memory_equal(text, "ab\0cd", 5); /* at the bound: kept */
	free(text);
	assert_int_equal(ad_gitsrc_blob(&text, &len, g, f[4].id, 0, &err), 0);
	assert_string_equal(text, WRITER);
	free(text);
	ad_gitsrc_files_free(f, n);
	ad_gitsrc_close(g);
}

static void test_gitsrc__clear_errors(void **state)
{
	ctx *c = *state;
	ad_error err = AD_ERROR_INIT;
	char plain[FX_PATH_MAX + 8];
	ad_git_commit *l = NULL;
	ad_gitsrc *g = NULL;
	size_t n = 0;

	snprintf(plain, sizeof(plain), "%s/plain", c->dir);
	assert_int_equal(mkdir(plain, 0755), 0);
	assert_int_equal(ad_gitsrc_open(&g, plain, &err), AD_EINVAL);
	assert_null(g);
	assert_string_equal(err.msg, "not a git repository");
	assert_string_equal(err.path, plain);
	strcat(plain, "/missing");
	assert_int_equal(ad_gitsrc_open(&g, plain, &err), AD_ENOTFOUND);
	g = open_repo(c);
	assert_int_equal(ad_gitsrc_commits(&l, &n, g, "nosuch..HEAD", 0, NULL,
					   &err), AD_ENOTFOUND);
	assert_non_null(strstr(err.msg, "unknown revision or range "
					"'nosuch..HEAD'"));
	assert_int_equal(ad_gitsrc_commits(&l, &n, g, "--all", 0, NULL, &err),
			 AD_ENOTFOUND); /* a revision, never an option */
	assert_null(l);
	ad_gitsrc_close(g);
}

/* ---- the import ---- */

typedef struct seen {
	size_t progress, skipped, problems;
	char problem[256];
} seen;

static void on_progress(const ad_commit *c, const char *label, size_t i,
			size_t n, int skipped, void *payload)
{
	seen *s = payload;

	(void)c, (void)label, (void)i, (void)n;
	s->progress++;
	s->skipped += (size_t)skipped;
}

static void on_problem(const ad_commit *c, const ad_diag *d,
		       void *payload)
{
	seen *s = payload;

	s->problems++;
	snprintf(s->problem, sizeof(s->problem), "%.12s %s: %s", c->sha,
		 d->path, d->msg);
}

static ad_store *store(const ctx *c, const char *name)
{
	char db[FX_PATH_MAX + 32];
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;

	snprintf(db, sizeof(db), "%s/%s", c->dir, name);
	if (ad_store_open(&s, db, &err) != 0)
		fail_msg("%s", err.msg);
	return s;
}

static void import(ad_snapshot_git_stats *st, ad_store *s, const ctx *c,
		   size_t max, seen *sn)
{
	ad_snapshot_git_opts o = AD_SNAPSHOT_GIT_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;

	memset(sn, 0, sizeof(*sn));
	o.max = max;
	o.load.jobs = 1;
	o.progress = on_progress;
	o.problem = on_problem;
	o.payload = sn;
	if (ad_snapshot_git(st, s, c->repo, &o, &err) != 0)
		fail_msg("%s: %s", err.path, err.msg);
}

static void expect_snapshot(const ad_store_snapshot *sn, const char *day,
			    const char *sha, const char *subject,
			    size_t nagents)
{
	char label[64], note[256];

	snprintf(label, sizeof(label), "%s_%.12s", day, sha);
	assert_string_equal(sn->label, label);
	assert_int_equal(sn->nagents, nagents);
	assert_non_null(sn->note);
	snprintf(note, sizeof(note), "commit %s ", sha);
	assert_memory_equal(sn->note, note, strlen(note));
	assert_non_null(strstr(sn->note, subject));
}

static void test_gitsrc__import_one_snapshot_per_commit(void **state)
{
	ctx *c = *state;
	ad_store *s = store(c, "all.db");
	ad_snapshot_git_stats st;
	ad_store_snapshot *l = NULL;
	ad_error err = AD_ERROR_INIT;
	size_t n = 0;
	seen sn;

	import(&st, s, c, 0, &sn);
	assert_int_equal(st.commits, 3);
	assert_int_equal(st.imported, 3);
	assert_int_equal(st.skipped, 0);
	/* 3 agents, the reworded one, bin.md, oncall: the move reads none */
	assert_int_equal(st.blobs_read, 6);
	assert_int_equal(st.blobs_new, 5);
	assert_int_equal(sn.progress, 3);
	/* bin.md, reported once: at c2, not again at c4 */
	assert_int_equal(st.problems, 1);
	assert_int_equal(sn.problems, 1);
	assert_non_null(strstr(sn.problem, "bin.md: binary file"));
	assert_memory_equal(sn.problem, c->sha[1], 12);
	assert_int_equal(ad_store_snapshots(&l, &n, s, &err), 0);
	assert_int_equal(n, 3);
	expect_snapshot(&l[0], "2024-03-01", c->sha[0], "add three agents", 3);
	expect_snapshot(&l[1], "2024-03-02", c->sha[1], "reword a rule", 3);
	/* the committer's day, in the committer's zone */
	expect_snapshot(&l[2], "2024-03-04", c->sha[3], "add oncall", 4);
	ad_store_snapshots_free(l, n);
	/* again: nothing new */
	import(&st, s, c, 0, &sn);
	assert_int_equal(st.imported, 0);
	assert_int_equal(st.skipped, 3);
	assert_int_equal(sn.skipped, 3);
	assert_int_equal(st.blobs_read, 0);
	assert_int_equal(ad_store_snapshots(&l, &n, s, &err), 0);
	assert_int_equal(n, 3);
	ad_store_snapshots_free(l, n);
	ad_store_close(s);
}

static void test_gitsrc__import_max_takes_the_last(void **state)
{
	ctx *c = *state;
	ad_store *s = store(c, "max.db");
	ad_snapshot_git_stats st;
	ad_store_snapshot *l = NULL;
	size_t n = 0;
	seen sn;

	import(&st, s, c, 1, &sn);
	assert_int_equal(st.commits, 1);
	assert_int_equal(st.imported, 1);
	assert_int_equal(ad_store_snapshots(&l, &n, s, NULL), 0);
	assert_int_equal(n, 1);
	expect_snapshot(&l[0], "2024-03-04", c->sha[3], "add oncall", 4);
	ad_store_snapshots_free(l, n);
	/* then all of them: the one recorded is skipped */
	import(&st, s, c, 0, &sn);
	assert_int_equal(st.imported, 2);
	assert_int_equal(st.skipped, 1);
	ad_store_close(s);
}

static void test_gitsrc__drift_sees_the_rename_as_a_move(void **state)
{
	ctx *c = *state;
	ad_store *s = store(c, "drift.db");
	ad_error err = AD_ERROR_INIT;
	ad_snapshot_git_stats st;
	ad_drift *d = NULL;
	size_t i, moved = 0;
	seen sn;

	import(&st, s, c, 0, &sn);
	if (ad_drift_run(&d, s, NULL, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(d->moved_exact, 1);
	assert_int_equal(d->added, 1);
	assert_int_equal(d->removed, 0);
	assert_int_equal(d->changed, 0);
	assert_int_equal(d->unchanged, 2);
	for (i = 0; i < d->nagents; i++)
		if (d->agents[i].kind == AD_DRIFT_MOVED) {
			assert_string_equal(d->agents[i].old_path,
					    "deployer.md");
			assert_string_equal(d->agents[i].path,
					    "ops/deployer.md");
			assert_true(d->agents[i].exact);
			moved++;
		}
	assert_int_equal(moved, 1);
	ad_drift_free(d);
	ad_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gitsrc__commits_that_touched_agents),
		cmocka_unit_test(test_gitsrc__globs_choose_the_commits),
		cmocka_unit_test(test_gitsrc__tree_and_blobs),
		cmocka_unit_test(test_gitsrc__blobs_over_the_bound_are_dropped),
		cmocka_unit_test(test_gitsrc__clear_errors),
		cmocka_unit_test(test_gitsrc__import_one_snapshot_per_commit),
		cmocka_unit_test(test_gitsrc__import_max_takes_the_last),
		cmocka_unit_test(test_gitsrc__drift_sees_the_rename_as_a_move),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
