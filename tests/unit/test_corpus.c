/* Unit tests of corpus.c: which files a walk takes, and bad files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include "agentdup/buf.h"
#include "base/file.h"
#include "source/corpus.h"

#include "fixture.h"

static char root[256];

static int setup(void **state)
{
	char link[512];

	(void)state;
	fx_tmpdir(root, sizeof(root), "corpus");
	fx_write(root, "a/one.md", "# one\n", 6);
	fx_write(root, "a/b/two.mdc", "# two\n", 6);
	fx_write(root, "a/README.md", "# readme\n", 9);
	fx_write(root, "a/CHANGELOG.md", "# log\n", 6);
	fx_write(root, "a/notes.txt", "text\n", 5);
	fx_write(root, ".claude/agent.md", "# agent\n", 8);
	fx_write(root, ".git/hidden.md", "# hidden\n", 9);
	fx_write(root, "empty.md", "", 0);
	fx_write(root, "binary.md", "ab\0cd", 5);
	snprintf(link, sizeof(link), "%s/a/b/loop", root);
	assert_int_equal(symlink("..", link), 0);
	snprintf(link, sizeof(link), "%s/dangling.md", root);
	assert_int_equal(symlink("nowhere.md", link), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return fx_rmtree(root);
}

typedef struct diags {
	char msgs[8][300];
	int n;
} diags;

static void on_diag(const ad_diag *d, void *payload)
{
	diags *g = payload;

	if (g->n < 8)
		snprintf(g->msgs[g->n++], 300, "%s: %s", d->path, d->msg);
}

static ad_corpus *walk(const ad_corpus_opts *o, diags *g)
{
	ad_corpus *c = ad_corpus_new();

	memset(g, 0, sizeof(*g));
	assert_int_equal(ad_corpus_add(c, root, o, on_diag, g, NULL), 0);
	return c;
}

/* The tally of the last walk: agent files found, and files passed over
 * for their names by extension (README and the like not counted, nor
 * anything in a hidden folder); --include takes them, then none is. */
static void test_corpus__tally_of_passed_over_files(void **state)
{
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	const char *txt[] = {"*.txt"};
	const ad_corpus_tally *t;
	ad_corpus *c;
	diags g;

	(void)state;
	c = walk(&o, &g);
	t = ad_corpus_last(c);
	assert_int_equal(t->found, 5); /* one, two, agent, empty, binary */
	assert_int_equal(t->passed, 1);
	assert_string_equal(t->ext, "txt");
	assert_int_equal(t->ext_count, 1);
	ad_corpus_free(c);
	o.include = txt;
	o.ninclude = 1;
	c = walk(&o, &g);
	t = ad_corpus_last(c);
	assert_int_equal(t->found, 6);
	assert_int_equal(t->passed, 0);
	assert_string_equal(t->ext, "");
	ad_corpus_free(c);
}

static void test_corpus__default_selection(void **state)
{
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	ad_corpus *c;
	diags g;

	(void)state;
	c = walk(&o, &g);
	/* sorted: .claude first, README/CHANGELOG/.txt/.git skipped */
	assert_int_equal(ad_corpus_count(c), 5);
	assert_string_equal(ad_corpus_source(c, 0)->rel, ".claude/agent.md");
	assert_string_equal(ad_corpus_source(c, 1)->rel, "a/b/two.mdc");
	assert_string_equal(ad_corpus_source(c, 2)->rel, "a/one.md");
	assert_string_equal(ad_corpus_source(c, 3)->rel, "binary.md");
	assert_string_equal(ad_corpus_source(c, 4)->rel, "empty.md");
	assert_int_equal(g.n, 2);
	assert_string_equal(g.msgs[0], "a/b/loop: symbolic link loop");
	assert_string_equal(g.msgs[1], "dangling.md: dangling symbolic link");
	ad_corpus_free(c);
}

static void test_corpus__include_exclude(void **state)
{
	const char *inc[] = {"*.txt"}, *exc[] = {"b", "*.mdc", ".claude"};
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	ad_corpus *c;
	diags g;

	(void)state;
	o.include = inc;
	o.ninclude = 1;
	o.exclude = exc;
	o.nexclude = 3;
	c = walk(&o, &g);
	assert_int_equal(ad_corpus_count(c), 4);
	assert_string_equal(ad_corpus_source(c, 0)->rel, "a/notes.txt");
	assert_string_equal(ad_corpus_source(c, 1)->rel, "a/one.md");
	assert_int_equal(g.n, 1); /* the loop is under the excluded b/ */
	ad_corpus_free(c);
}

static void test_corpus__bad_files(void **state)
{
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_corpus *c;
	char *text;
	size_t len;
	diags g;

	(void)state;
	c = walk(&o, &g);
	assert_int_equal(ad_corpus_read(&text, &len, ad_corpus_source(c, 3), &err),
			 AD_EBINARY);
	assert_string_equal(err.path, "binary.md");
	assert_null(text);
	assert_int_equal(ad_corpus_read(&text, &len, ad_corpus_source(c, 4), &err),
			 AD_EEMPTY);
	assert_string_equal(err.msg, "empty file");
	free(text);
	assert_int_equal(ad_corpus_read(&text, &len, ad_corpus_source(c, 2), &err),
			 0);
	assert_int_equal(len, 6);
	assert_string_equal(text, "# one\n");
	free(text);
	ad_corpus_free(c);
}

static void test_corpus__missing_path_fails(void **state)
{
	ad_corpus *c = ad_corpus_new();
	ad_error err = AD_ERROR_INIT;

	(void)state;
	assert_int_equal(ad_corpus_add(c, "/nonexistent/agents", NULL, NULL,
				       NULL, &err),
			 AD_ENOTFOUND);
	assert_string_equal(err.path, "/nonexistent/agents");
	ad_corpus_free(c);
}

static void test_corpus__file_argument_and_dedup(void **state)
{
	ad_corpus *c = ad_corpus_new();
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/a/notes.txt", root);
	assert_int_equal(ad_corpus_add(c, path, NULL, NULL, NULL, NULL), 0);
	assert_int_equal(ad_corpus_add(c, path, NULL, NULL, NULL, NULL), 0);
	assert_int_equal(ad_corpus_count(c), 1); /* named files are always taken */
	assert_string_equal(ad_corpus_source(c, 0)->rel, path);
	ad_corpus_free(c);
}

/* Whether the walk of c took rel. */
static int walked(const ad_corpus *c, const char *rel)
{
	size_t i;

	for (i = 0; i < ad_corpus_count(c); i++)
		if (strcmp(ad_corpus_source(c, i)->rel, rel) == 0)
			return 1;
	return 0;
}

/* A git tree lists paths, not folders: the matcher must take exactly what
 * the walk takes, with and without globs. */
static void test_corpus__path_matcher_agrees_with_the_walk(void **state)
{
	static const char *const rels[] = {
		"a/one.md", "a/b/two.mdc", "a/README.md", "a/CHANGELOG.md",
		"a/notes.txt", ".claude/agent.md", ".git/hidden.md",
		"empty.md", "binary.md"};
	const char *inc[] = {"*.txt"}, *exc[] = {"b", "*.mdc", ".claude"};
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	size_t i, pass;
	diags g;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		ad_corpus *c = walk(&o, &g);

		for (i = 0; i < sizeof(rels) / sizeof(*rels); i++)
			if (ad_corpus_wants_path(&o, rels[i]) !=
			    walked(c, rels[i]))
				fail_msg("pass %zu: %s", pass, rels[i]);
		ad_corpus_free(c);
		o.include = inc;
		o.ninclude = 1;
		o.exclude = exc;
		o.nexclude = 3;
	}
	assert_false(ad_corpus_wants_path(&o, "x/.hidden/a.md"));
	assert_false(ad_corpus_wants_path(&o, "x//a.md"));
	assert_true(ad_corpus_wants_path(&o, "x/.github/a.md"));
}

/* A star crosses folders, as --include's does. */
static void test_corpus__glob_crosses_folders(void **state)
{
	(void)state;
	assert_true(ad_corpus_glob("up/**", "up/a/b.md"));
	assert_true(ad_corpus_glob("up/*", "up/a/b.md"));
	assert_true(ad_corpus_glob("*.md", "up/a/b.md"));
	assert_false(ad_corpus_glob("up/**", "upstream/a.md"));
	assert_false(ad_corpus_glob("up/**", "x/up/a.md"));
	assert_true(ad_corpus_glob("*/up/*", "x/up/a.md"));
}

/* A file answers to its path as reported, and to it after its root, whole
 * or without some of the root's leading folders: never without a folder
 * of its own path. */
static void test_corpus__glob_source_tries_the_root(void **state)
{
	(void)state;
	/* found under a folder root */
	assert_true(ad_corpus_glob_source("up/**", "coll", "up/x.md"));
	assert_true(ad_corpus_glob_source("up/**", "coll/up", "x.md"));
	assert_true(ad_corpus_glob_source("up/**", "coll/up/", "x.md"));
	assert_true(ad_corpus_glob_source("up/**", "./up", "a/x.md"));
	assert_true(ad_corpus_glob_source("up/**", "/tmp/c/up", "x.md"));
	assert_true(ad_corpus_glob_source("coll/up/*", "../coll/up", "x.md"));
	assert_true(ad_corpus_glob_source("../coll/up/*", "../coll/up", "x.md"));
	assert_true(ad_corpus_glob_source("x.md", "coll/up", "x.md"));
	assert_false(ad_corpus_glob_source("up/**", "coll/upstream", "x.md"));
	assert_false(ad_corpus_glob_source("up/**", "coll", "a/up/x.md"));
	assert_false(ad_corpus_glob_source("x.md", "coll", "a/x.md"));
	/* a file named directly */
	assert_true(ad_corpus_glob_source("up/**", "c/up/x.md", "c/up/x.md"));
	assert_true(ad_corpus_glob_source("x.md", "c/up/x.md", "c/up/x.md"));
	assert_false(ad_corpus_glob_source("c/x.md", "c/up/x.md", "c/up/x.md"));
	/* a text: its path alone */
	assert_true(ad_corpus_glob_source("up/**", NULL, "up/x.md"));
	assert_false(ad_corpus_glob_source("x.md", NULL, "up/x.md"));
}

/* ad_corpus_normal(path) compared with want. */
static void normal_is(const char *path, const char *want)
{
	ad_buf b = AD_BUF_INIT;

	ad_corpus_normal(&b, path);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("'%s' normalised is '%s', not '%s'", path, b.ptr, want);
	ad_buf_dispose(&b);
}

/* ad_corpus_shown(top, rel) compared with want. */
static void shown_is(const char *top, const char *rel, const char *want)
{
	ad_buf b = AD_BUF_INIT;

	ad_corpus_shown(&b, top, rel);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("'%s' + '%s' shown as '%s', not '%s'", top, rel, b.ptr,
			 want);
	ad_buf_dispose(&b);
}

/* A PATH loses its empty and "." parts and its trailing slash, keeps
 * its ".." parts and its leading slash; joined to rel it is the path a
 * file has from the current folder. */
static void test_corpus__paths_shown_with_their_root(void **state)
{
	(void)state;
	normal_is("a", "a");
	normal_is("./a/", "a");
	normal_is("a//b/./c", "a/b/c");
	normal_is(".", ".");
	normal_is("./", ".");
	normal_is("..", "..");
	normal_is("../a/../b", "../a/../b");
	normal_is("/", "/");
	normal_is("//tmp//a/", "/tmp/a");
	normal_is("", ".");
	shown_is("a", "x.md", "a/x.md");
	shown_is("./a/", "sub/x.md", "a/sub/x.md");
	shown_is(".", "a/x.md", "a/x.md");
	shown_is("..", "x.md", "../x.md");
	shown_is("/", "x.md", "/x.md");
	shown_is("/tmp/a/", "x.md", "/tmp/a/x.md");
	/* a file named directly: its own path, normalised */
	shown_is("./a//x.md", "./a//x.md", "a/x.md");
}

/* With several roots, files and walk problems are named from the
 * current folder; rel stays relative to the root. */
static void test_corpus__prefixed_roots(void **state)
{
	ad_corpus *c = ad_corpus_new();
	char path[512], want[600];
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "%s/./a/", root);
	ad_corpus_prefix_roots(c);
	assert_int_equal(ad_corpus_add(c, path, NULL, NULL, NULL, NULL), 0);
	assert_true(ad_corpus_count(c) > 0);
	for (i = 0; i < ad_corpus_count(c); i++) {
		const ad_source *s = ad_corpus_source(c, i);

		snprintf(want, sizeof(want), "%s/a/%s", root, s->rel);
		assert_string_equal(s->shown, want);
	}
	ad_corpus_free(c);
}

/* A read stops one byte past the bound, whatever the size said: a pipe
 * stands for a file that grows while it is read. */
static void test_corpus__read_stops_at_the_bound(void **state)
{
	static char bytes[10000];
	ad_error err = AD_ERROR_INIT;
	char *text;
	size_t len;
	int fds[2];

	(void)state;
	memset(bytes, 'x', sizeof(bytes));
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], bytes, sizeof(bytes)), sizeof(bytes));
	close(fds[1]);
	assert_int_equal(ad_file_read(&text, &len, fds[0], 10, 4096, "p",
				      &err),
			 AD_EIO);
	assert_string_equal(err.msg, "larger than the bound of 4096 bytes "
				     "(--max-file-size): skipped");
	assert_null(text);
	close(fds[0]);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], bytes, sizeof(bytes)), sizeof(bytes));
	close(fds[1]);
	assert_int_equal(ad_file_read(&text, &len, fds[0], 10, 0, "p", &err),
			 0);
	assert_int_equal(len, sizeof(bytes));
	free(text);
	close(fds[0]);
}

/* What the walk found is what is read: a file swapped afterwards for a
 * FIFO, a link or another file is refused, and the FIFO does not block. */
static void test_corpus__swapped_file_is_refused(void **state)
{
	const char *what[] = {"fifo", "link", "other"};
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	char dir[256], path[512], other[512], *text;
	size_t i, len;
	ad_corpus *c;

	(void)state;
	for (i = 0; i < 3; i++) {
		fx_tmpdir(dir, sizeof(dir), "swap");
		fx_write(dir, "x.md", "# x\n", 4);
		fx_write(dir, "y.md", "# y\n", 4);
		snprintf(path, sizeof(path), "%s/x.md", dir);
		c = ad_corpus_new();
		assert_int_equal(ad_corpus_add(c, dir, &o, NULL, NULL, NULL),
				 0);
		assert_int_equal(ad_corpus_count(c), 2);
		if (strcmp(what[i], "other") == 0) {
			/* renamed over it: a new inode, the old one still
			 * held */
			fx_write(dir, "z.txt", "# z\n", 4);
			snprintf(other, sizeof(other), "%s/z.txt", dir);
			assert_int_equal(rename(other, path), 0);
		} else {
			assert_int_equal(unlink(path), 0);
		}
		if (strcmp(what[i], "fifo") == 0)
			assert_int_equal(mkfifo(path, 0600), 0);
		else if (strcmp(what[i], "link") == 0)
			assert_int_equal(symlink("y.md", path), 0);
		assert_int_not_equal(ad_corpus_read(&text, &len,
						    ad_corpus_source(c, 0),
						    &err),
				     0);
		assert_null(text);
		ad_corpus_free(c);
		fx_rmtree(dir);
	}
}

static void count_outside(const ad_diag *d, void *payload)
{
	if (d->severity == AD_SEV_WARNING &&
	    strstr(d->msg, "outside the paths given"))
		(*(int *)payload)++;
}

/* A link out of the paths given is skipped with a warning, unless
 * follow_outside; a link into another path given is inside. */
static void test_corpus__links_outside_are_skipped(void **state)
{
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	char dir[256], in[512], other[512];
	ad_corpus *c;
	int warned = 0;

	(void)state;
	fx_tmpdir(dir, sizeof(dir), "outside");
	fx_write(dir, "in/a.md", "# a\n", 4);
	fx_write(dir, "out/b.md", "# b\n", 4);
	fx_write(dir, "other/c.md", "# c\n", 4);
	snprintf(in, sizeof(in), "%s/in/b.md", dir);
	assert_int_equal(symlink("../out/b.md", in), 0);
	snprintf(in, sizeof(in), "%s/in/c.md", dir);
	assert_int_equal(symlink("../other/c.md", in), 0);
	snprintf(in, sizeof(in), "%s/in", dir);
	snprintf(other, sizeof(other), "%s/other", dir);
	c = ad_corpus_new();
	ad_corpus_allow(c, other);
	assert_int_equal(ad_corpus_add(c, in, &o, count_outside, &warned,
				       NULL),
			 0);
	assert_int_equal(ad_corpus_count(c), 2); /* a.md, c.md */
	assert_string_equal(ad_corpus_source(c, 1)->rel, "c.md");
	assert_int_equal(warned, 1);
	ad_corpus_free(c);
	o.follow_outside = 1;
	c = ad_corpus_new();
	assert_int_equal(ad_corpus_add(c, in, &o, count_outside, &warned,
				       NULL),
			 0);
	assert_int_equal(ad_corpus_count(c), 3);
	assert_int_equal(warned, 1);
	ad_corpus_free(c);
	fx_rmtree(dir);
}

typedef struct swap {
	const char *dir;  /* holds in/ and out/ */
	const char *with; /* "link": a link to out/; "folder": out/ itself;
			     "relink": in/sub, a link to in/real, made a
			     link to out/ */
	int done;
} swap;

/* The seam: in/sub, found by the walk, is renamed away and replaced
 * before the walk opens it. */
static void swap_sub(const char *path, void *payload)
{
	swap *s = payload;
	char sub[512], old[512], out[512];
	size_t n = strlen(path);

	if (s->done || n < 4 || strcmp(path + n - 4, "/sub") != 0)
		return;
	s->done = 1;
	snprintf(sub, sizeof(sub), "%s/in/sub", s->dir);
	snprintf(old, sizeof(old), "%s/sub-was", s->dir);
	snprintf(out, sizeof(out), "%s/out", s->dir);
	if (strcmp(s->with, "relink") == 0)
		assert_int_equal(unlink(sub), 0);
	else
		assert_int_equal(rename(sub, old), 0);
	if (strcmp(s->with, "folder") != 0)
		assert_int_equal(symlink(out, sub), 0);
	else
		assert_int_equal(rename(out, sub), 0);
}

static void count_replaced(const ad_diag *d, void *payload)
{
	if (d->severity == AD_SEV_ERROR &&
	    strcmp(d->msg, "replaced while being scanned: skipped") == 0)
		(*(int *)payload)++;
}

/* A folder swapped between the walk's stat and its opening, for a link
 * out of the paths given or for another folder, is not walked: the walk
 * opens it without following a link and checks it is the folder found.
 * A link followed is opened only if it still leads where it did. */
static void test_corpus__swapped_folder_is_refused(void **state)
{
	const char *with[] = {"link", "folder", "relink"};
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	char dir[256], in[512];
	ad_corpus *c;
	size_t i;
	swap s;
	int replaced;

	(void)state;
	for (i = 0; i < 3; i++) {
		int relink = strcmp(with[i], "relink") == 0;

		fx_tmpdir(dir, sizeof(dir), "swapdir");
		fx_write(dir, "in/a.md", "# a\n", 4);
		fx_write(dir, relink ? "in/real/b.md" : "in/sub/b.md", "# b\n",
			 4);
		fx_write(dir, "out/secret.md", "# secret\n", 9);
		snprintf(in, sizeof(in), "%s/in/sub", dir);
		if (relink)
			assert_int_equal(symlink("real", in), 0);
		snprintf(in, sizeof(in), "%s/in", dir);
		s = (swap){dir, with[i], 0};
		replaced = 0;
		ad_corpus_walk_seam(swap_sub, &s);
		c = ad_corpus_new();
		assert_int_equal(ad_corpus_add(c, in, &o, count_replaced,
					       &replaced, NULL),
				 0);
		ad_corpus_walk_seam(NULL, NULL);
		assert_int_equal(s.done, 1);
		/* a.md, and real/b.md for the link */
		assert_int_equal(ad_corpus_count(c), relink ? 2 : 1);
		assert_string_equal(ad_corpus_source(c, 0)->rel, "a.md");
		if (relink)
			assert_string_equal(ad_corpus_source(c, 1)->rel,
					    "real/b.md");
		assert_int_equal(replaced, 1);
		ad_corpus_free(c);
		fx_rmtree(dir);
	}
}

/* Twenty folders down: deeper than the walk keeps folders open. */
#define DEEP "d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/"

/* The seam: in/DEEP/sub is moved away as the walk enters its folder
 * deeper. */
static void move_sub(const char *path, void *payload)
{
	const char *dir = payload;
	char sub[512], to[512];
	size_t n = strlen(path);

	if (n < 11 || strcmp(path + n - 11, "/sub/deeper") != 0)
		return;
	snprintf(sub, sizeof(sub), "%s/in/" DEEP "sub", dir);
	snprintf(to, sizeof(to), "%s/moved", dir);
	assert_int_equal(rename(sub, to), 0);
}

/* A folder deep in a tree moved while the walk is below it is not found
 * again by its path: reported, the rest of it not walked, and the walk
 * goes on in the folders above it. */
static void test_corpus__folder_moved_below_the_walk(void **state)
{
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	char dir[256], in[512];
	ad_corpus *c;
	int replaced = 0;

	(void)state;
	fx_tmpdir(dir, sizeof(dir), "moved");
	fx_write(dir, "in/" DEEP "a.md", "# a\n", 4);
	fx_write(dir, "in/" DEEP "sub/deeper/b.md", "# b\n", 4);
	fx_write(dir, "in/" DEEP "sub/zz.md", "# zz\n", 5);
	fx_write(dir, "in/" DEEP "z.md", "# z\n", 4);
	snprintf(in, sizeof(in), "%s/in", dir);
	ad_corpus_walk_seam(move_sub, dir);
	c = ad_corpus_new();
	assert_int_equal(ad_corpus_add(c, in, &o, count_replaced, &replaced,
				       NULL),
			 0);
	ad_corpus_walk_seam(NULL, NULL);
	assert_int_equal(replaced, 1);
	assert_int_equal(ad_corpus_count(c), 3);
	assert_string_equal(ad_corpus_source(c, 0)->rel, DEEP "a.md");
	assert_string_equal(ad_corpus_source(c, 1)->rel,
			    DEEP "sub/deeper/b.md");
	assert_string_equal(ad_corpus_source(c, 2)->rel, DEEP "z.md");
	ad_corpus_free(c);
	fx_rmtree(dir);
}

/* A tree nearly as deep as the walk goes is walked, and the resources
 * of a skill counted as deep, with a few descriptors: the files at the
 * bottom are found with a limit of 32 open files, and every descriptor
 * is closed after. */
static void test_corpus__deep_tree_few_descriptors(void **state)
{
	ad_corpus_opts o = AD_CORPUS_OPTS_INIT;
	ad_buf rel = AD_BUF_INIT, res = AD_BUF_INIT;
	struct rlimit was, low;
	char dir[256];
	ad_corpus *c;
	int i, fds_before, fd;

	(void)state;
	fx_tmpdir(dir, sizeof(dir), "deep");
	ad_buf_puts(&res, "skill/");
	for (i = 0; i < 200; i++) {
		ad_buf_puts(&rel, "d/");
		ad_buf_puts(&res, "r/");
	}
	ad_buf_puts(&rel, "x.md");
	ad_buf_puts(&res, "data.txt");
	fx_write(dir, rel.ptr, "# x\n", 4);
	fx_write(dir, "skill/SKILL.md", "# s\n", 4);
	fx_write(dir, res.ptr, "data\n", 5);
	fds_before = dup(0);
	close(fds_before);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &was), 0);
	low = was;
	low.rlim_cur = 32;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	c = ad_corpus_new();
	assert_int_equal(ad_corpus_add(c, dir, &o, NULL, NULL, NULL), 0);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &was), 0);
	assert_int_equal(ad_corpus_count(c), 2);
	assert_string_equal(ad_corpus_source(c, 0)->rel, rel.ptr);
	assert_string_equal(ad_corpus_source(c, 1)->rel, "skill/SKILL.md");
	assert_int_equal(ad_corpus_source(c, 1)->resources, 1);
	fd = dup(0); /* every folder's descriptor closed again */
	close(fd);
	assert_int_equal(fd, fds_before);
	ad_corpus_free(c);
	ad_buf_dispose(&rel);
	ad_buf_dispose(&res);
	fx_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus__default_selection),
		cmocka_unit_test(test_corpus__include_exclude),
		cmocka_unit_test(test_corpus__bad_files),
		cmocka_unit_test(test_corpus__missing_path_fails),
		cmocka_unit_test(test_corpus__file_argument_and_dedup),
		cmocka_unit_test(test_corpus__path_matcher_agrees_with_the_walk),
		cmocka_unit_test(test_corpus__glob_crosses_folders),
		cmocka_unit_test(test_corpus__glob_source_tries_the_root),
		cmocka_unit_test(test_corpus__paths_shown_with_their_root),
		cmocka_unit_test(test_corpus__prefixed_roots),
		cmocka_unit_test(test_corpus__read_stops_at_the_bound),
		cmocka_unit_test(test_corpus__swapped_file_is_refused),
		cmocka_unit_test(test_corpus__links_outside_are_skipped),
		cmocka_unit_test(test_corpus__swapped_folder_is_refused),
		cmocka_unit_test(test_corpus__folder_moved_below_the_walk),
		cmocka_unit_test(test_corpus__deep_tree_few_descriptors),
		cmocka_unit_test(test_corpus__tally_of_passed_over_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
