/*
 * path.h - where a path is on the file system: its absolute form, and
 * the git work tree it lies in.
 *
 * Ownership: every function writes into a caller-owned ad_buf, which it
 * clears first; nothing is kept between calls.
 *
 * Symbolic links are resolved in the folders of a path, never in its
 * last part when that is a file: a file named through a link is still
 * the link, as a repository holds it. So two spellings of one folder
 * (/tmp/shared and the /work/shared it links to) compare equal once made
 * absolute, and a path inside a repository stays the path the
 * repository knows.
 */
#ifndef AGENTDUP_PATH_H
#define AGENTDUP_PATH_H

#include "agentdup/buf.h"

/* The absolute form of path, without "." or ".." parts and with no
 * symbolic link in its folders (realpath(3) of a folder; of a file's
 * folder, then its name). Returns 0, or -1 when path (or the folder of
 * a file) does not exist: out then holds path joined to the current
 * folder as written. is_dir, when not NULL, says whether it is a
 * folder. */
int ad_path_absolute(ad_buf *out, const char *path, int *is_dir);

/* The root of the git work tree that holds the absolute path abs (a
 * folder, or a file whose folder is searched): the nearest folder, from
 * abs upwards, with an entry named .git, a folder or a file (a worktree
 * or a submodule). git is not run. Returns 1 and the root in out, or 0
 * when there is none. */
int ad_path_worktree(ad_buf *out, const char *abs);

/* The part of the path abs below the folder root, both absolute or
 * both from one folder ("a/b.md" for "/r/a/b.md" under "/r", and for
 * "r//a/b.md" under "r/"), or NULL when abs is not below root. A
 * pointer into abs. */
const char *ad_path_below(const char *abs, const char *root);

#endif
