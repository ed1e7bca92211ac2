/*
 * path.c - absolute paths and work trees, by the file system alone.
 *
 * realpath(3) settles the folders of a path; the last part of a file is
 * kept as written (see path.h). The work tree is found as git finds it
 * without GIT_DIR: walk up from the folder, one part at a time, and stop
 * at the first folder that holds a .git entry of any type (lstat(2), so
 * a dangling link named .git counts too, as git would fail there
 * rather than look further up).
 */
#include "base/path.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* out = path joined to the current folder, as written. */
static void lexical(ad_buf *out, const char *path)
{
	char *cwd;

	ad_buf_clear(out);
	if (path[0] != '/' && (cwd = getcwd(NULL, 0))) {
		ad_buf_puts(out, cwd);
		if (out->len && out->ptr[out->len - 1] != '/')
			ad_buf_putc(out, '/');
		free(cwd);
	}
	ad_buf_puts(out, path);
}

/* out = realpath(dir), then "/" and name when name is not NULL. */
static int resolve(ad_buf *out, const char *dir, const char *name)
{
	char *real = realpath(dir, NULL);

	if (!real)
		return -1;
	ad_buf_clear(out);
	ad_buf_puts(out, real);
	free(real);
	if (name) {
		if (out->ptr[out->len - 1] != '/')
			ad_buf_putc(out, '/');
		ad_buf_puts(out, name);
	}
	return 0;
}

/* A file: its folder resolved, its name kept. */
static int resolve_file(ad_buf *out, const char *path)
{
	const char *slash = strrchr(path, '/');
	ad_buf dir = AD_BUF_INIT;
	int rc;

	if (!slash)
		return resolve(out, ".", path);
	ad_buf_put(&dir, path, (size_t)(slash - path) + (slash == path));
	rc = resolve(out, dir.ptr, slash + 1);
	ad_buf_dispose(&dir);
	return rc;
}

int ad_path_absolute(ad_buf *out, const char *path, int *is_dir)
{
	struct stat st;
	int dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	int rc = dir ? resolve(out, path, NULL) : resolve_file(out, path);

	if (is_dir)
		*is_dir = dir;
	if (rc)
		lexical(out, path);
	return rc;
}

int ad_path_worktree(ad_buf *out, const char *abs)
{
	struct stat st;
	ad_buf probe = AD_BUF_INIT;
	size_t n = strlen(abs);
	int found = 0;

	if (stat(abs, &st) != 0 || !S_ISDIR(st.st_mode))
		while (n > 1 && abs[n - 1] != '/')
			n--; /* a file: start at its folder */
	for (;;) {
		while (n > 1 && abs[n - 1] == '/')
			n--;
		ad_buf_clear(&probe);
		ad_buf_put(&probe, abs, n);
		ad_buf_puts(&probe, n == 1 && abs[0] == '/' ? ".git" : "/.git");
		if (lstat(probe.ptr, &st) == 0) {
			found = 1;
			break;
		}
		if (n <= 1)
			break;
		while (n > 1 && abs[n - 1] != '/')
			n--; /* up one folder */
	}
	if (found) {
		ad_buf_clear(out);
		ad_buf_put(out, abs, n);
	}
	ad_buf_dispose(&probe);
	return found;
}

const char *ad_path_below(const char *abs, const char *root)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		return abs[0] == '/' ? abs + 1 : NULL;
	if (strncmp(abs, root, n) != 0 || abs[n] != '/')
		return NULL;
	for (abs += n; *abs == '/'; abs++) /* "r//a" is "r/a" */
		;
	return abs;
}
