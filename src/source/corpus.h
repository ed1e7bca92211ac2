/*
 * corpus.h - finding and reading the agent files under the paths given.
 *
 * Ownership: an ad_corpus owns the list of sources and all their strings;
 * ad_corpus_free() releases them. ad_corpus_read() returns a malloc'd buffer
 * that the caller frees.
 *
 * Walking: directories are walked recursively in byte order of names, so the
 * same tree gives the same list. Agent files are `*.md` and `*.mdc` (plus
 * `--include` globs); README, CHANGELOG, LICENSE and CONTRIBUTING files are
 * skipped, and so are hidden folders except .claude, .github, .cursor and
 * .opencode. A file named on the command line is taken whatever its name.
 * Symbolic links are followed when they lead inside one of the paths given
 * (or with opts->follow_outside); a link that leads outside is reported (a
 * warning) and skipped, a link that loops or dangles is reported (an
 * error) and skipped. A file reached twice (overlapping paths, links) is
 * kept once. Reading takes regular files only, decided on the open file
 * (base/file.h), of at most opts->max_file_size bytes.
 * A folder holding a SKILL.md is one skill: that file is taken, and every
 * other file below the folder is a resource of the skill, counted
 * (ad_source.resources) but not taken.
 */
#ifndef AGENTDUP_CORPUS_H
#define AGENTDUP_CORPUS_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "agentdup/buf.h"
#include "agentdup/diag.h"
#include "agentdup/error.h"
#include "agentdup/options.h"

typedef struct ad_source {
	const char *path; /* the path to open */
	const char *rel;  /* relative to the root it was found under; as given
			     for a file named directly; as shown
			     (ad_escape_path: invalid UTF-8 as \xNN) */
	const char *shown; /* as reported: rel, or after
			      ad_corpus_prefix_roots() its root and rel
			      (ad_corpus_shown()); as shown too */
	const char *root; /* the path argument it was found under */
	size_t resources; /* a SKILL.md: the files bundled in its folder */
	size_t max_size;  /* a larger file is refused; 0: no bound */
	dev_t dev;        /* with found: the file the walk found at path, */
	ino_t ino;        /* which the read checks it opens */
	int found;
	int nofollow;     /* path was no symbolic link: one now is refused */
} ad_source;

typedef struct ad_corpus ad_corpus;

ad_corpus *ad_corpus_new(void);
void ad_corpus_free(ad_corpus *corpus); /* NULL is a no-op */

/* Add path (a file or a directory walked recursively). Problems with single
 * entries (unreadable folder, link loop) go to diag and the walk goes on; the
 * call fails only when path itself does not exist or cannot be read. */
int ad_corpus_add(ad_corpus *corpus, const char *path,
		  const ad_corpus_opts *opts, ad_diag_fn diag, void *payload,
		  ad_error *err);

/* Let the walk follow links that lead into path too (ad_corpus_add() does
 * so for its own path): call it for every path given before walking
 * any, so a link from one into another is followed whatever the order. */
void ad_corpus_allow(ad_corpus *corpus, const char *path);

/* From now on each file found is reported by the path it has from the
 * current folder: its root normalised (ad_corpus_normal()) joined to
 * its rel, and a file named directly by its own path normalised; walk
 * problems name paths the same way. For several roots, whose files would
 * otherwise share names (README, "Paths"). */
void ad_corpus_prefix_roots(ad_corpus *corpus);

/* path with no empty or "." part and no trailing '/' ("./a//b/" is
 * "a/b"; "." and "./" are ".", "//" is "/"), appended to out. ".." parts
 * stay: a folder reached through a link has another parent. */
void ad_corpus_normal(ad_buf *out, const char *path);

/* The path a file at rel below root is reported by after
 * ad_corpus_prefix_roots(), appended to out: root normalised, then rel
 * (root itself when rel is root, a file named directly), not escaped. */
void ad_corpus_shown(ad_buf *out, const char *root, const char *rel);

/* What the last ad_corpus_add() found under its path: the agent files
 * (found, whether or not taken before), and the regular files passed over
 * for their names alone (neither *.md, *.mdc nor an --include glob; not
 * README and the like, not excluded), with the most common extension of
 * those ("txt": what an --include glob could take). */
#define AD_CORPUS_EXT_MAX 16
typedef struct ad_corpus_tally {
	size_t found;
	size_t passed;
	char ext[AD_CORPUS_EXT_MAX]; /* "" when none has an extension */
	size_t ext_count;            /* files with that extension */
} ad_corpus_tally;

const ad_corpus_tally *ad_corpus_last(const ad_corpus *corpus);

size_t ad_corpus_count(const ad_corpus *corpus);
const ad_source *ad_corpus_source(const ad_corpus *corpus, size_t i);

/* Read the whole file. Fails with AD_EIO (cannot open or read, not a
 * regular file, over src->max_size, not the file the walk found), AD_ELOOP
 * (a link where the walk found none), AD_EEMPTY (zero bytes) or
 * AD_EBINARY (holds a NUL byte); err names the file (src->shown). */
int ad_corpus_read(char **out, size_t *len, const ad_source *src,
		   ad_error *err);

/* The same, and *st: the file's status as it was opened, before the
 * bytes were read (a change while reading shows in a later status). */
int ad_corpus_read_stat(char **out, size_t *len, struct stat *st,
			const ad_source *src, ad_error *err);

/* The status of the file a read would read, opened and checked as a read
 * opens and checks it, but not read: fails as ad_corpus_read() would,
 * but for a binary file (that needs the bytes). */
int ad_corpus_stat(struct stat *st, const ad_source *src, ad_error *err);

/* Whether path matches glob the way --include and --exclude match: by
 * fnmatch(3) without FNM_PATHNAME, so a star matches across '/' too (two
 * stars match what one does), and a glob of a folder, a slash and a star
 * takes every file below that folder, however deep. */
int ad_corpus_glob(const char *glob, const char *path);

/* Whether glob matches the file found at rel under root (ad_source) by
 * any of the paths it can be written as: rel itself; root joined to rel;
 * and that with one or more of root's leading folders dropped. So the
 * file rel "x.md" under root "../up" matches "../up/x.md", "up/x.md" and
 * "x.md"; a file named directly (rel is root) matches "a/b/x.md",
 * "b/x.md" and "x.md". root NULL (a text, not a file): rel alone. */
int ad_corpus_glob_source(const char *glob, const char *root,
			  const char *rel);

/* Whether a file name (no folder) is taken by default or by opts' globs,
 * and is not excluded. Exposed for tests. */
int ad_corpus_wants(const ad_corpus_opts *opts, const char *name,
		    const char *rel);

/* Whether the walk of a root would take the file at rel, a path below
 * that root with '/' between its parts ("agents/ops/deploy.md"): every
 * folder on the way is entered (not excluded, not hidden but for the
 * ones named above) and the file itself is wanted. For sources that are
 * not folders on disk, such as a git tree. */
int ad_corpus_wants_path(const ad_corpus_opts *opts, const char *rel);

/* Whether a file name is a skill's (SKILL.md, any case). */
int ad_corpus_is_skill(const char *name);

/* Whether the file at rel (a path below a root, '/' between its parts) is
 * a resource of one of the skills whose SKILL.md files are at skills[]
 * (paths below the same root): below the folder of one of them, and not
 * that file itself. For sources that are not walked, such as git trees. */
int ad_corpus_skill_resource(const char *rel, const char *const *skills,
			     size_t nskills);

/* A test seam, not for other use: fn(path, payload) is called after the
 * walk has found a folder at path and before it opens it, so that a test
 * can swap the folder meanwhile. NULL removes it. */
void ad_corpus_walk_seam(void (*fn)(const char *path, void *payload),
			 void *payload);

#endif
