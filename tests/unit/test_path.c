/* Unit tests of path.c: absolute forms, work trees found by their .git
 * entry, and the part of a path below a root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/path.h"

static void test_path__below(void **state)
{
	(void)state;
	assert_string_equal(ad_path_below("/r/a/b.md", "/r"), "a/b.md");
	assert_string_equal(ad_path_below("/r/a/b.md", "/r/"), "a/b.md");
	assert_string_equal(ad_path_below("/r/a/b.md", "/"), "r/a/b.md");
	/* paths from one folder, as the walk joins them */
	assert_string_equal(ad_path_below("r//a/b.md", "r/"), "a/b.md");
	assert_string_equal(ad_path_below("./a/b.md", "."), "a/b.md");
	/* a folder whose name begins like the root's is not below it */
	assert_null(ad_path_below("/rx/a.md", "/r"));
	assert_null(ad_path_below("/r", "/r"));
	assert_null(ad_path_below("/s/a.md", "/r"));
}

/* A temporary folder, with no symbolic link in its path, into t. */
static void temp_dir(ad_buf *t)
{
	char tmpl[] = "/tmp/ad_path_XXXXXX";
	char *real;

	assert_non_null(mkdtemp(tmpl));
	real = realpath(tmpl, NULL);
	assert_non_null(real);
	ad_buf_clear(t);
	ad_buf_puts(t, real);
	free(real);
}

/* b = the temporary folder t, then rest. */
static const char *at(ad_buf *b, const ad_buf *t, const char *rest)
{
	ad_buf_clear(b);
	ad_buf_printf(b, "%s%s", t->ptr, rest);
	return b->ptr;
}

static void sh(ad_buf *cmd)
{
	assert_int_equal(system(cmd->ptr), 0);
}

static void test_path__worktree(void **state)
{
	ad_buf b = AD_BUF_INIT, t = AD_BUF_INIT, p = AD_BUF_INIT;
	ad_buf cmd = AD_BUF_INIT;

	(void)state;
	temp_dir(&t);
	ad_buf_printf(&cmd, "cd %s && mkdir -p repo/.git repo/a/b wt/c && "
		      "echo 'gitdir: x' >wt/.git && touch repo/a/b/x.md",
		      t.ptr);
	sh(&cmd);
	/* from a file, its folder up */
	assert_int_equal(ad_path_worktree(&b, at(&p, &t, "/repo/a/b/x.md")), 1);
	assert_string_equal(b.ptr, at(&p, &t, "/repo"));
	/* the root itself, written with a '/' at its end */
	assert_int_equal(ad_path_worktree(&b, at(&p, &t, "/repo/")), 1);
	assert_string_equal(b.ptr, at(&p, &t, "/repo"));
	/* .git a file: a worktree or a submodule */
	assert_int_equal(ad_path_worktree(&b, at(&p, &t, "/wt/c")), 1);
	assert_string_equal(b.ptr, at(&p, &t, "/wt"));
	/* the temporary folder is in no work tree */
	assert_int_equal(ad_path_worktree(&b, t.ptr), 0);
	ad_buf_clear(&cmd);
	ad_buf_printf(&cmd, "rm -rf %s", t.ptr);
	sh(&cmd);
	ad_buf_dispose(&b);
	ad_buf_dispose(&t);
	ad_buf_dispose(&p);
	ad_buf_dispose(&cmd);
}

static void test_path__absolute(void **state)
{
	ad_buf b = AD_BUF_INIT, t = AD_BUF_INIT, p = AD_BUF_INIT;
	ad_buf cmd = AD_BUF_INIT;
	int dir;

	(void)state;
	temp_dir(&t);
	ad_buf_printf(&cmd, "cd %s && mkdir -p real/sub && "
		      "touch real/sub/x.md && ln -s real link", t.ptr);
	sh(&cmd);
	/* a link among the folders is resolved, and so is ".." */
	assert_int_equal(ad_path_absolute(&b, at(&p, &t, "/link/sub/../sub"),
					  &dir), 0);
	assert_string_equal(b.ptr, at(&p, &t, "/real/sub"));
	assert_true(dir);
	/* a file keeps its name */
	assert_int_equal(ad_path_absolute(&b, at(&p, &t, "/link/sub/x.md"),
					  &dir), 0);
	assert_string_equal(b.ptr, at(&p, &t, "/real/sub/x.md"));
	assert_false(dir);
	/* a relative path, from the current folder */
	assert_int_equal(chdir(t.ptr), 0);
	assert_int_equal(ad_path_absolute(&b, "link/sub/x.md", NULL), 0);
	assert_string_equal(b.ptr, at(&p, &t, "/real/sub/x.md"));
	/* a path that does not exist: joined to the current folder */
	assert_int_equal(ad_path_absolute(&b, "nope/y.md", NULL), -1);
	assert_string_equal(b.ptr, at(&p, &t, "/nope/y.md"));
	assert_int_equal(chdir("/"), 0);
	ad_buf_clear(&cmd);
	ad_buf_printf(&cmd, "rm -rf %s", t.ptr);
	sh(&cmd);
	ad_buf_dispose(&b);
	ad_buf_dispose(&t);
	ad_buf_dispose(&p);
	ad_buf_dispose(&cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path__below),
		cmocka_unit_test(test_path__worktree),
		cmocka_unit_test(test_path__absolute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
