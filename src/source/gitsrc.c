/*
 * gitsrc.c - the git command as a source of agent files.
 *
 * Method: each listing is one short git process (log, ls-tree) whose
 * standard output and standard error are read together with poll(), so
 * neither pipe can fill up and stall the child; NUL-separated output (-z)
 * makes every path arrive as git stores it. Blobs go through one
 * `git cat-file --batch` child for the life of the handle: a request is
 * one line, the answer a header line and the bytes, and git flushes after
 * each answer, so asking one object at a time cannot deadlock.
 *
 * git runs with the caller's environment (less the variables that name
 * another repository than -C's), with options that keep its
 * output to the format asked for whatever the user's configuration says
 * (no colour, no signatures in the log), and --end-of-options before any
 * revision given to us, so a range cannot pass for an option.
 */
#include "source/gitsrc.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agentdup/buf.h"
#include "agentdup/escape.h"

extern char **environ;

#define MAX_ARGS 24

struct ad_gitsrc {
	char *repo;
	pid_t cat_pid; /* the cat-file child; 0 while there is none */
	FILE *cat_in;  /* its standard input: requests */
	FILE *cat_out; /* its standard output: answers */
};

/* A running git: its id and our ends of its pipes (-1: not piped). */
typedef struct child {
	pid_t pid;
	int in, out, errfd;
} child;

/* ---- running git ---- */

/* argv for git -C repo <fixed options> args..., each string a copy (exec
 * takes char *const[]); free with free_argv(). */
static char **make_argv(const char *repo, const char *const *args)
{
	static const char *const head[] = {"git", "-C", NULL,
					   "-c", "color.ui=false",
					   "-c", "log.showSignature=false"};
	size_t nhead = sizeof(head) / sizeof(*head), i, k = 0;
	char **argv = ad_xcalloc(MAX_ARGS + 1, sizeof(*argv));

	for (i = 0; i < nhead; i++)
		argv[k++] = ad_xstrdup(head[i] ? head[i] : repo);
	for (i = 0; args[i]; i++) {
		assert(k < MAX_ARGS);
		argv[k++] = ad_xstrdup(args[i]);
	}
	return argv;
}

static void free_argv(char **argv)
{
	size_t i;

	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* The environment for git: ours, but for the variables that would point
 * git at another repository than -C's (set when agentdup runs from a git
 * hook, say). The array is the caller's; its strings are environ's. */
static char **child_env(void)
{
	static const char *const drop[] = {"GIT_DIR=", "GIT_WORK_TREE=",
					   "GIT_INDEX_FILE=",
					   "GIT_OBJECT_DIRECTORY=",
					   "GIT_COMMON_DIR="};
	size_t n = 0, k = 0, i, j;
	char **env;

	while (environ[n])
		n++;
	env = ad_xcalloc(n + 1, sizeof(*env));
	for (i = 0; i < n; i++) {
		for (j = 0; j < sizeof(drop) / sizeof(*drop); j++)
			if (strncmp(environ[i], drop[j], strlen(drop[j])) == 0)
				break;
		if (j == sizeof(drop) / sizeof(*drop))
			env[k++] = environ[i];
	}
	return env;
}

/* A pipe whose ends are closed in any program git starts in turn (the
 * cat-file child must not hold the pipes of a later ls-tree open). */
static int cloexec_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void close_pair(int fds[2])
{
	close_fd(&fds[0]);
	close_fd(&fds[1]);
}

static int spawn_error(ad_error *err, const char *repo, int e)
{
	if (e == ENOENT)
		return ad_error_setat(err, AD_ENOTFOUND, repo, 0, 0,
				      "git is not installed (not on PATH)");
	return ad_error_setat(err, AD_EIO, repo, 0, 0, "cannot run git: %s",
			      strerror(e));
}

/* Start git with args; its standard input is a pipe when with_in, its
 * standard error a pipe when with_err (else /dev/null). */
static int spawn_git(child *c, const char *repo, const char *const *args,
		     int with_in, int with_err, ad_error *err)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, er[2] = {-1, -1}, rc;
	posix_spawn_file_actions_t fa;
	char **argv = make_argv(repo, args), **env;

	c->in = c->out = c->errfd = -1;
	if ((with_in && cloexec_pipe(in) != 0) || cloexec_pipe(out) != 0 ||
	    (with_err && cloexec_pipe(er) != 0)) {
		rc = errno;
		goto done;
	}
	posix_spawn_file_actions_init(&fa);
	if (with_in)
		posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	if (with_err)
		posix_spawn_file_actions_adddup2(&fa, er[1], 2);
	else
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null",
						 O_WRONLY, 0);
	env = child_env();
	rc = posix_spawnp(&c->pid, "git", &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	if (rc == 0) {
		c->in = in[1];
		c->out = out[0];
		c->errfd = er[0];
		in[1] = out[0] = er[0] = -1;
	}
done:
	close_pair(in);
	close_pair(out);
	close_pair(er);
	free_argv(argv);
	return rc ? spawn_error(err, repo, rc) : 0;
}

/* Append what is ready on *fd to b; close it at end of file. */
static void drain_one(int *fd, ad_buf *b)
{
	char chunk[65536];
	ssize_t r = read(*fd, chunk, sizeof(chunk));

	if (r > 0)
		ad_buf_put(b, chunk, (size_t)r);
	else if (r == 0 || errno != EINTR)
		close_fd(fd);
}

/* Read the child's output and error until both end. */
static void drain(child *c, ad_buf *out, ad_buf *errtext)
{
	struct pollfd pf[2];

	while (c->out >= 0 || c->errfd >= 0) {
		pf[0].fd = c->out;
		pf[1].fd = c->errfd;
		pf[0].events = pf[1].events = POLLIN;
		pf[0].revents = pf[1].revents = 0;
		if (poll(pf, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			close_fd(&c->out);
			close_fd(&c->errfd);
			break;
		}
		if (pf[0].revents)
			drain_one(&c->out, out);
		if (pf[1].revents)
			drain_one(&c->errfd, errtext);
	}
}

/* The exit status of pid, 128 + the signal when one ended it. */
static int reap(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : -1;
}

/* Run git with args to its end: its output in out, the first line of its
 * error in first_err (cap bytes); *status its exit status. */
static int run_git(ad_buf *out, int *status, char *first_err, size_t cap,
		   const char *repo, const char *const *args, ad_error *err)
{
	ad_buf errtext = AD_BUF_INIT;
	child c;
	int rc = spawn_git(&c, repo, args, 0, 1, err);

	if (rc)
		return rc;
	drain(&c, out, &errtext);
	*status = reap(c.pid);
	snprintf(first_err, cap, "%.*s", (int)strcspn(errtext.ptr, "\n"),
		 errtext.ptr);
	ad_buf_dispose(&errtext);
	return 0;
}

/* The error of a git that ran and failed. */
static int git_failed(ad_error *err, const char *repo, const char *what,
		      int status, const char *first_err)
{
	return ad_error_setat(err, AD_EIO, repo, 0, 0,
			      "git %s failed (exit status %d)%s%s", what,
			      status, *first_err ? ": " : "", first_err);
}

/* Run a listing; a failure that names a bad revision is AD_ENOTFOUND,
 * about rev. */
static int run_listing(ad_buf *out, const ad_gitsrc *g, const char *what,
		       const char *rev, const char *const *args,
		       ad_error *err)
{
	char first[256];
	int status, rc = run_git(out, &status, first, sizeof(first), g->repo,
				 args, err);

	if (rc || status == 0)
		return rc;
	if (strstr(first, "bad revision") || strstr(first, "unknown revision") ||
	    strstr(first, "ambiguous argument") || strstr(first, "not a tree"))
		return ad_error_setat(err, AD_ENOTFOUND, g->repo, 0, 0,
				      "unknown revision or range '%s' (%s)",
				      rev, first);
	return git_failed(err, g->repo, what, status, first);
}

/* ---- the handle ---- */

int ad_gitsrc_open(ad_gitsrc **out, const char *repo, ad_error *err)
{
	static const char *const args[] = {"rev-parse", "--git-dir", NULL};
	ad_buf o = AD_BUF_INIT;
	struct stat st;
	char first[256];
	int status, rc;

	*out = NULL;
	if (stat(repo, &st) != 0)
		return ad_error_setat(err, AD_ENOTFOUND, repo, 0, 0, "%s",
				      strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return ad_error_setat(err, AD_EINVAL, repo, 0, 0,
				      "not a git repository (not a folder)");
	rc = run_git(&o, &status, first, sizeof(first), repo, args, err);
	ad_buf_dispose(&o);
	if (rc)
		return rc;
	if (status != 0 && strstr(first, "not a git repository"))
		return ad_error_setat(err, AD_EINVAL, repo, 0, 0,
				      "not a git repository");
	if (status != 0)
		return git_failed(err, repo, "rev-parse", status, first);
	*out = ad_xcalloc(1, sizeof(**out));
	(*out)->repo = ad_xstrdup(repo);
	return 0;
}

static void cat_stop(ad_gitsrc *g)
{
	if (!g->cat_pid)
		return;
	if (g->cat_in)
		fclose(g->cat_in); /* end of input: cat-file exits */
	if (g->cat_out)
		fclose(g->cat_out);
	reap(g->cat_pid);
	g->cat_pid = 0;
	g->cat_in = g->cat_out = NULL;
}

void ad_gitsrc_close(ad_gitsrc *g)
{
	if (!g)
		return;
	cat_stop(g);
	free(g->repo);
	free(g);
}

/* ---- the commits of a range ---- */

/* The next NUL-terminated token of [*p, end), or NULL at the end; *p
 * moves past it. */
static const char *next_token(const char **p, const char *end)
{
	const char *t = *p;

	if (t >= end)
		return NULL;
	*p = t + strnlen(t, (size_t)(end - t)) + 1;
	return t;
}

static void commit_dispose(ad_git_commit *c)
{
	free(c->date);
	free(c->subject);
}

typedef struct commit_list {
	ad_git_commit *items;
	size_t n, cap;
} commit_list;

/* Keep cur in l when it touched an agent file, else dispose of it. */
static void push_commit(commit_list *l, ad_git_commit *cur, int wanted)
{
	if (!wanted) {
		commit_dispose(cur);
		return;
	}
	ad_grow(&l->items, &l->cap, l->n + 1, sizeof(*cur));
	l->items[l->n++] = *cur;
}

/* The log is, per commit, an empty token (the format starts with NUL),
 * the sha, the date, the subject, then the paths it touched, the first
 * one after a newline. */
static void parse_log(commit_list *l, const char *p, const char *end,
		      const ad_corpus_opts *opts)
{
	ad_git_commit cur;
	const char *t;
	int have = 0, wanted = 0;

	while ((t = next_token(&p, end)) != NULL) {
		if (*t) {
			if (*t == '\n')
				t++;
			wanted = wanted || (have && ad_corpus_wants_path(opts, t));
			continue;
		}
		if (have)
			push_commit(l, &cur, wanted);
		memset(&cur, 0, sizeof(cur));
		snprintf(cur.sha, sizeof(cur.sha), "%s",
			 (t = next_token(&p, end)) ? t : "");
		cur.date = ad_xstrdup((t = next_token(&p, end)) ? t : "");
		cur.subject = ad_xstrdup((t = next_token(&p, end)) ? t : "");
		have = 1;
		wanted = 0;
	}
	if (have)
		push_commit(l, &cur, wanted);
}

/* Keep the max last items of l. */
static void keep_last(commit_list *l, size_t max)
{
	size_t i, drop;

	if (max == 0 || l->n <= max)
		return;
	drop = l->n - max;
	for (i = 0; i < drop; i++)
		commit_dispose(&l->items[i]);
	memmove(l->items, l->items + drop, max * sizeof(*l->items));
	l->n = max;
}

int ad_gitsrc_commits(ad_git_commit **out, size_t *n, ad_gitsrc *g,
		      const char *range, size_t max,
		      const ad_corpus_opts *opts, ad_error *err)
{
	static const ad_corpus_opts none = AD_CORPUS_OPTS_INIT;
	const char *rev = range ? range : "HEAD";
	const char *args[] = {"log", "--reverse", "--no-renames", "--no-color",
			      "--format=%x00%H%x00%cI%x00%s", "--name-only",
			      "-z", "--end-of-options", rev, "--", NULL};
	commit_list l = {NULL, 0, 0};
	ad_buf o = AD_BUF_INIT;
	int rc = run_listing(&o, g, "log", rev, args, err);

	*out = NULL;
	*n = 0;
	if (rc == 0) {
		parse_log(&l, o.ptr, o.ptr + o.len, opts ? opts : &none);
		keep_last(&l, max);
		*out = l.items;
		*n = l.n;
	}
	ad_buf_dispose(&o);
	return rc;
}

void ad_gitsrc_commits_free(ad_git_commit *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		commit_dispose(&list[i]);
	free(list);
}

/* ---- the files of a tree ---- */

/* One ls-tree line: "<mode> <type> <id>\t<path>". Takes regular files
 * (not links, mode 120000; not submodules, type commit) the opts want,
 * matched by their bytes as git has them, kept as shown. */
static int parse_tree_line(ad_git_file *f, const char *line,
			   const ad_corpus_opts *opts)
{
	const char *id = strchr(line, ' '), *tab = strchr(line, '\t');
	ad_buf shown = AD_BUF_INIT;
	size_t idlen;

	if (!id || !tab || strncmp(line, "100", 3) != 0 ||
	    strncmp(id, " blob ", 6) != 0)
		return 0;
	id += 6;
	idlen = (size_t)(tab - id);
	if (idlen > AD_GIT_ID_MAX || !ad_corpus_wants_path(opts, tab + 1))
		return 0;
	memcpy(f->id, id, idlen);
	f->id[idlen] = '\0';
	ad_escape_path(&shown, tab + 1);
	f->path = ad_xstrdup(shown.ptr);
	ad_buf_dispose(&shown);
	return 1;
}

/* Leave out the files a skill folder bundles beside its SKILL.md, as the
 * walk of a checkout does (corpus.h); returns how many files are left. */
static size_t drop_skill_resources(ad_git_file *list, size_t n)
{
	const char **skills = ad_xmalloc((n + 1) * sizeof(*skills));
	char *drop = ad_xcalloc(n + 1, 1);
	size_t i, k = 0, nskills = 0;

	for (i = 0; i < n; i++) {
		const char *slash = strrchr(list[i].path, '/');

		if (ad_corpus_is_skill(slash ? slash + 1 : list[i].path))
			skills[nskills++] = list[i].path;
	}
	for (i = 0; nskills && i < n; i++)
		drop[i] = (char)ad_corpus_skill_resource(list[i].path, skills,
							 nskills);
	for (i = 0; i < n; i++) {
		if (drop[i])
			free(list[i].path);
		else
			list[k++] = list[i];
	}
	free(drop);
	free(skills);
	return k;
}

int ad_gitsrc_files(ad_git_file **out, size_t *n, ad_gitsrc *g,
		    const char *commit, const ad_corpus_opts *opts,
		    ad_error *err)
{
	static const ad_corpus_opts none = AD_CORPUS_OPTS_INIT;
	const char *args[] = {"ls-tree", "-r", "-z", "--full-tree",
			      "--end-of-options", commit, NULL};
	ad_buf o = AD_BUF_INIT;
	ad_git_file *list = NULL;
	size_t cap = 0, k = 0;
	const char *p, *t;
	int rc = run_listing(&o, g, "ls-tree", commit, args, err);

	for (p = o.ptr; rc == 0 && (t = next_token(&p, o.ptr + o.len));) {
		ad_grow(&list, &cap, k + 1, sizeof(*list));
		k += (size_t)parse_tree_line(&list[k], t, opts ? opts : &none);
	}
	ad_buf_dispose(&o);
	*out = list;
	*n = drop_skill_resources(list, k);
	return rc;
}

void ad_gitsrc_files_free(ad_git_file *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i].path);
	free(list);
}

/* ---- blobs ---- */

static int cat_start(ad_gitsrc *g, ad_error *err)
{
	static const char *const args[] = {"cat-file", "--batch", NULL};
	child c;
	int rc = spawn_git(&c, g->repo, args, 1, 0, err);

	if (rc)
		return rc;
	g->cat_pid = c.pid;
	g->cat_in = fdopen(c.in, "w");
	g->cat_out = fdopen(c.out, "r");
	if (!g->cat_in || !g->cat_out) {
		if (!g->cat_in)
			close(c.in);
		if (!g->cat_out)
			close(c.out);
		cat_stop(g);
		return ad_error_setat(err, AD_EIO, g->repo, 0, 0,
				      "cannot talk to git cat-file");
	}
	return 0;
}

static int is_hex_id(const char *id)
{
	size_t n = strspn(id, "0123456789abcdef");

	return n > 0 && n <= AD_GIT_ID_MAX && id[n] == '\0';
}

/* cat-file stopped answering: end it, so the next call starts afresh. */
static int cat_lost(ad_gitsrc *g, ad_error *err)
{
	cat_stop(g);
	return ad_error_setat(err, AD_EIO, g->repo, 0, 0,
			      "git cat-file stopped answering");
}

/* Read the answer after its header: size bytes and a newline. */
static int read_body(char **out, ad_gitsrc *g, size_t size, ad_error *err)
{
	char *p = ad_xmalloc(size + 1);

	if (fread(p, 1, size, g->cat_out) != size || fgetc(g->cat_out) != '\n') {
		free(p);
		return cat_lost(g, err);
	}
	p[size] = '\0';
	*out = p;
	return 0;
}

/* Pass over an answer not kept: its size bytes and newline are read and
 * dropped, a chunk at a time, so that the next answer starts in line. */
static int skip_body(ad_gitsrc *g, unsigned long long size, ad_error *err)
{
	char chunk[65536];
	size_t want;

	for (; size > 0; size -= want) {
		want = size < sizeof(chunk) ? (size_t)size : sizeof(chunk);
		if (fread(chunk, 1, want, g->cat_out) != want)
			return cat_lost(g, err);
	}
	return fgetc(g->cat_out) == '\n' ? 0 : cat_lost(g, err);
}

/* The answer whose header said type and size. */
static int read_answer(char **out, ad_gitsrc *g, const char *id,
		       const char *type, unsigned long long size, size_t max,
		       ad_error *err)
{
	int rc;

	if (strcmp(type, "blob") != 0) {
		if ((rc = skip_body(g, size, err)) != 0)
			return rc;
		return ad_error_setat(err, AD_ENOTFOUND, g->repo, 0, 0,
				      "%s is a %s, not a blob", id, type);
	}
	if ((max && size > max) || size >= SIZE_MAX)
		return skip_body(g, size, err);
	return read_body(out, g, (size_t)size, err);
}

int ad_gitsrc_blob(char **out, size_t *len, ad_gitsrc *g, const char *id,
		   size_t max, ad_error *err)
{
	char *line = NULL, type[32];
	size_t cap = 0;
	unsigned long long size;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (!is_hex_id(id))
		return ad_error_set(err, AD_EINVAL, "not an object id: '%s'", id);
	if (!g->cat_pid && (rc = cat_start(g, err)) != 0)
		return rc;
	if (fprintf(g->cat_in, "%s\n", id) < 0 || fflush(g->cat_in) != 0 ||
	    getline(&line, &cap, g->cat_out) < 0) {
		free(line);
		return cat_lost(g, err);
	}
	/* "<id> <type> <size>" or "<id> missing" */
	if (sscanf(line, "%*s %31s %llu", type, &size) != 2)
		rc = ad_error_setat(err, AD_ENOTFOUND, g->repo, 0, 0,
				    "no blob %s in the repository", id);
	else if ((rc = read_answer(out, g, id, type, size, max, err)) == 0)
		*len = size < SIZE_MAX ? (size_t)size : SIZE_MAX;
	free(line);
	return rc;
}
