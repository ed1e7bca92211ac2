/*
 * gitsrc.h - agent files read from the history of a git repository, with
 * no checkout: which commits touched agent files, which agent files a
 * commit's tree holds, and the bytes of a blob, all through the git
 * command (run without a shell: `git -C REPO ...`).
 *
 * Agent files are chosen by ad_corpus_wants_path() (corpus.h), the rule of
 * the folder walk, so a commit's tree gives the files a checkout of it
 * would give to `snapshot DIR`.
 *
 * Ownership: ad_gitsrc_open() returns a handle that owns a copy of the
 * repository path and, from the first ad_gitsrc_blob() on, one long-lived
 * `git cat-file --batch` child; ad_gitsrc_close() ends that child and
 * reaps it. A list from ad_gitsrc_commits() or ad_gitsrc_files() is the
 * caller's, for the matching _free(); a blob from ad_gitsrc_blob() is
 * malloc'd, for free(). Nothing is printed: git's standard error is kept
 * and its first line goes into the ad_error of a failed call.
 *
 * A handle is used by one thread at a time. Writing a request to a
 * cat-file child that died raises SIGPIPE: a program that must outlive git
 * ignores that signal (the CLI does).
 */
#ifndef AGENTDUP_GITSRC_H
#define AGENTDUP_GITSRC_H

#include <stddef.h>

#include "agentdup/error.h"
#include "source/corpus.h"

/* Hex digits of an object id: 40 (SHA-1) or 64 (SHA-256 repositories). */
#define AD_GIT_ID_MAX 64

typedef struct ad_gitsrc ad_gitsrc;

typedef struct ad_git_commit {
	char sha[AD_GIT_ID_MAX + 1];
	char *date;    /* committer date, strict ISO 8601 (git's %cI) */
	char *subject; /* first line of the message; "" when none */
} ad_git_commit;

typedef struct ad_git_file {
	char id[AD_GIT_ID_MAX + 1]; /* the blob */
	char *path; /* in the repository, '/' between parts; as shown
		       (ad_escape_path: invalid UTF-8 and control
		       characters as \xNN), as the walk shows a path */
} ad_git_file;

/* Open the repository at repo (its work tree, a folder in it, or a bare
 * repository). Fails with AD_ENOTFOUND when repo does not exist or git is
 * not installed (not on PATH), AD_EINVAL when repo is not in a git
 * repository, AD_EIO when git cannot be run; err->path names repo. */
int ad_gitsrc_open(ad_gitsrc **out, const char *repo, ad_error *err);
void ad_gitsrc_close(ad_gitsrc *g); /* NULL is a no-op */

/* The commits of range (as `git log` takes it: "HEAD", "v1..main"; NULL:
 * "HEAD") whose diff with their parent adds, changes or removes an agent
 * file chosen by opts (NULL: the defaults), oldest first. A rename counts
 * as a removal and an addition; a merge, whose changes come with the
 * commits it merges, counts for nothing. With max > 0 only the max most
 * recent of them are kept. *out is NULL when there are none. Fails with
 * AD_ENOTFOUND for an unknown revision or range (named in err->msg), and
 * AD_EIO when git fails otherwise. */
int ad_gitsrc_commits(ad_git_commit **out, size_t *n, ad_gitsrc *g,
		      const char *range, size_t max,
		      const ad_corpus_opts *opts, ad_error *err);
void ad_gitsrc_commits_free(ad_git_commit *list, size_t n);

/* The agent files (opts, as above) of the tree of commit, sorted by path
 * as git sorts them; symbolic links and submodules are left out. Fails as
 * ad_gitsrc_commits() does. */
int ad_gitsrc_files(ad_git_file **out, size_t *n, ad_gitsrc *g,
		    const char *commit, const ad_corpus_opts *opts,
		    ad_error *err);
void ad_gitsrc_files_free(ad_git_file *list, size_t n);

/* The bytes of blob id (hex), NUL-terminated, in *out, and their number.
 * Read through the handle's cat-file child, one request at a time. A blob
 * of more than max bytes (0: no bound) is not kept: its bytes are read
 * from git and dropped, *out is NULL and *len its size. Fails
 * with AD_EINVAL on an id that is not hex, AD_ENOTFOUND when the
 * repository has no such blob, AD_EIO when the child cannot be started or
 * stops answering (it is then ended; a later call starts another). */
int ad_gitsrc_blob(char **out, size_t *len, ad_gitsrc *g, const char *id,
		   size_t max, ad_error *err);

#endif
