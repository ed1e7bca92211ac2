/*
 * corpus.c - recursive walk with loop detection, and whole-file reads.
 *
 * Loops are found by keeping the (device, inode) of every folder on the
 * current path: a folder that is its own ancestor is a loop. Files are
 * deduplicated by (device, inode) too, so overlapping roots or links to
 * the same file do not count a file twice.
 *
 * A symbolic link met in a folder is resolved (realpath) and followed
 * only when it leads inside one of the paths given, resolved the same
 * way; other links are reported and skipped. Folders are walked by
 * descriptor: each is opened inside its parent's (openat, O_NOFOLLOW
 * unless it is a link followed) and listed only when fstat says it is
 * the folder the walk found, so a folder swapped for a link or another
 * folder between the stat and the open is refused, not walked. A
 * folder deeper than HELD_LEVELS has its descriptor closed while the
 * walk is below it, and is opened again by its path after, again only
 * if fstat says it is the same (device, inode): a walk holds a bounded
 * number of descriptors however deep it goes, and a folder moved
 * meanwhile is reported, its rest not walked. The walk decides nothing
 * about a file's type but whether it is a folder: the read opens the
 * file, refuses what fstat says is not a regular file, and checks that
 * the (device, inode) opened is the one the walk found, so a file
 * swapped after the walk (for a FIFO, a device, a link out) is refused.
 *
 * A file is shown by its path below its root; after
 * ad_corpus_prefix_roots() (several roots), by that path joined to its
 * root normalised by its text alone (no "." or empty part; ".." kept,
 * since through a link it is not the parent), which is the path the file
 * has from the current folder whichever root found it.
 */
#include "source/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agentdup/buf.h"
#include "agentdup/escape.h"
#include "base/arena.h"
#include "base/file.h"
#include "base/path.h"
#include "base/strtab.h"

typedef struct fileid {
	dev_t dev;
	ino_t ino;
} fileid;

typedef struct ext_slot {
	char ext[AD_CORPUS_EXT_MAX];
	size_t n;
} ext_slot;

typedef struct seen_slot {
	fileid id;
	int used;
} seen_slot;

struct ad_corpus {
	ad_arena *arena;
	ad_source *src;
	size_t n, cap;
	seen_slot *seen; /* files taken, for deduplication */
	size_t nseen, cap_seen;
	const char **roots; /* the paths given, resolved; in the arena */
	size_t nroots, cap_roots;
	int prefix; /* files shown with their root (ad_corpus_prefix_roots) */
	ad_corpus_tally last; /* of the last ad_corpus_add() */
	ext_slot exts[8];     /* its files passed over, by extension */
	size_t nexts;
};

typedef struct walk {
	ad_corpus *corpus;
	const ad_corpus_opts *opts;
	const char *root;
	ad_diag_fn diag;
	void *payload;
	fileid stack[256];      /* folders on the current path */
	const char *paths[256]; /* and their paths, to open them again */
	size_t depth;
} walk;

static const char *const default_globs[] = {"*.md", "*.mdc"};
static const char *const skipped_names[] = {"README", "CHANGELOG", "LICENSE",
					    "CONTRIBUTING"};
static const char *const visible_hidden[] = {".claude", ".github", ".cursor",
					     ".opencode"};

ad_corpus *ad_corpus_new(void)
{
	ad_corpus *c = ad_xcalloc(1, sizeof(*c));
	c->arena = ad_arena_new();
	return c;
}

void ad_corpus_free(ad_corpus *corpus)
{
	if (!corpus)
		return;
	ad_arena_free(corpus->arena);
	free(corpus->src);
	free(corpus->seen);
	free(corpus->roots);
	free(corpus);
}

const ad_corpus_tally *ad_corpus_last(const ad_corpus *corpus)
{
	return &corpus->last;
}

size_t ad_corpus_count(const ad_corpus *corpus)
{
	return corpus->n;
}

const ad_source *ad_corpus_source(const ad_corpus *corpus, size_t i)
{
	return &corpus->src[i];
}

void ad_corpus_prefix_roots(ad_corpus *corpus)
{
	corpus->prefix = 1;
}

void ad_corpus_normal(ad_buf *out, const char *path)
{
	size_t start = out->len, n;
	const char *p = path;

	if (*p == '/')
		ad_buf_putc(out, '/');
	while (*p) {
		n = strcspn(p, "/");
		if (n && !(n == 1 && *p == '.')) {
			if (out->len > start && out->ptr[out->len - 1] != '/')
				ad_buf_putc(out, '/');
			ad_buf_put(out, p, n);
		}
		p += n + (p[n] == '/');
	}
	if (out->len == start)
		ad_buf_putc(out, '.');
}

void ad_corpus_shown(ad_buf *out, const char *root, const char *rel)
{
	size_t start = out->len;

	ad_corpus_normal(out, root);
	if (strcmp(root, rel) == 0)
		return;
	if (out->len - start == 1 && out->ptr[start] == '.')
		out->len = start; /* "." joined to rel is rel */
	else if (out->ptr[out->len - 1] != '/')
		ad_buf_putc(out, '/');
	ad_buf_puts(out, rel);
}

int ad_corpus_glob(const char *glob, const char *path)
{
	return fnmatch(glob, path, 0) == 0;
}

/* A folder's own files are "root/rel"; a file named directly is itself. */
static void join_root(ad_buf *out, const char *root, const char *rel)
{
	size_t n = strlen(root);

	if (strcmp(root, rel) == 0) {
		ad_buf_puts(out, rel);
		return;
	}
	ad_buf_puts(out, root);
	if (n && root[n - 1] != '/')
		ad_buf_putc(out, '/');
	ad_buf_puts(out, rel);
}

int ad_corpus_glob_source(const char *glob, const char *root,
			  const char *rel)
{
	ad_buf full = AD_BUF_INIT;
	size_t i, cut;
	int hit;

	if (ad_corpus_glob(glob, rel))
		return 1;
	if (!root)
		return 0;
	join_root(&full, root, rel);
	/* the slashes that end one of root's folders: every one before
	 * rel, or before the name of a file named directly */
	cut = strcmp(root, rel) == 0 ? full.len : full.len - strlen(rel);
	hit = ad_corpus_glob(glob, full.ptr);
	for (i = 0; !hit && i < cut; i++)
		if (full.ptr[i] == '/')
			hit = ad_corpus_glob(glob, full.ptr + i + 1);
	ad_buf_dispose(&full);
	return hit;
}

static int any_glob(const char *const *globs, size_t n, const char *name,
		    const char *rel)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ad_corpus_glob(globs[i], name) ||
		    (rel && ad_corpus_glob(globs[i], rel)))
			return 1;
	return 0;
}

/* README.md, readme.mdc, LICENSE.md...: the stem before the first dot. */
static int skipped_name(const char *name)
{
	size_t i, stem = strcspn(name, ".");

	for (i = 0; i < sizeof(skipped_names) / sizeof(*skipped_names); i++)
		if (strlen(skipped_names[i]) == stem &&
		    strncasecmp(name, skipped_names[i], stem) == 0)
			return 1;
	return 0;
}

int ad_corpus_wants(const ad_corpus_opts *opts, const char *name,
		    const char *rel)
{
	if (any_glob(opts->exclude, opts->nexclude, name, rel))
		return 0;
	if (skipped_name(name))
		return 0;
	return any_glob(default_globs, 2, name, NULL) ||
	       any_glob(opts->include, opts->ninclude, name, rel);
}

/* A file the default globs and --include pass over for its name alone:
 * not excluded, not README and the like (which no glob takes). */
static int passed_over(const ad_corpus_opts *opts, const char *name,
		       const char *rel)
{
	return !any_glob(opts->exclude, opts->nexclude, name, rel) &&
	       !skipped_name(name);
}

/* Count a file passed over under its extension: the part after the last
 * dot, when there is one, not at the start, and short; the first eight
 * extensions seen get a slot, later ones count in passed only. */
static void note_passed(ad_corpus *c, const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i, len;

	c->last.passed++;
	if (!dot || dot == name || !dot[1] ||
	    (len = strlen(dot + 1)) >= AD_CORPUS_EXT_MAX)
		return;
	for (i = 0; i < c->nexts && strcmp(c->exts[i].ext, dot + 1); i++)
		;
	if (i == c->nexts) {
		if (c->nexts == sizeof(c->exts) / sizeof(*c->exts))
			return;
		memcpy(c->exts[c->nexts].ext, dot + 1, len + 1);
		c->exts[c->nexts++].n = 0;
	}
	c->exts[i].n++;
}

/* The most common extension of the files passed over (the first seen of
 * those as common) into c->last. */
static void settle_tally(ad_corpus *c)
{
	size_t i, best = c->nexts;

	for (i = 0; i < c->nexts; i++)
		if (best == c->nexts || c->exts[i].n > c->exts[best].n)
			best = i;
	if (best < c->nexts) {
		memcpy(c->last.ext, c->exts[best].ext, sizeof(c->last.ext));
		c->last.ext_count = c->exts[best].n;
	}
}

/* Whether the walk enters folder name (at rel below the root). */
static int wants_dir(const ad_corpus_opts *opts, const char *name,
		     const char *rel)
{
	size_t i;

	if (any_glob(opts->exclude, opts->nexclude, name, rel))
		return 0;
	if (name[0] != '.')
		return 1;
	for (i = 0; i < sizeof(visible_hidden) / sizeof(*visible_hidden); i++)
		if (strcmp(name, visible_hidden[i]) == 0)
			return 1;
	return 0;
}

/* Each folder on the way is checked as the walk would check it on
 * entering, with its own rel, then the file itself. */
int ad_corpus_wants_path(const ad_corpus_opts *opts, const char *rel)
{
	ad_buf part = AD_BUF_INIT;
	const char *slash, *name = rel;
	int ok = 1;

	for (slash = strchr(rel, '/'); ok && slash;
	     slash = strchr(slash + 1, '/')) {
		ad_buf_clear(&part);
		ad_buf_put(&part, rel, (size_t)(slash - rel));
		ok = slash > name &&
		     wants_dir(opts, part.ptr + (name - rel), part.ptr);
		name = slash + 1;
	}
	ok = ok && *name && ad_corpus_wants(opts, name, rel);
	ad_buf_dispose(&part);
	return ok;
}

/* A path the walk met, as problems name it: as the files beside it are
 * reported (README, "Paths"), so a walk problem and a parse problem name
 * a file alike: normalised when files are shown with their root, else
 * relative to the root it lies under (the root itself stays as given). */
static void shown_path(ad_buf *out, const walk *w, const char *path)
{
	ad_buf norm = AD_BUF_INIT;
	const char *below;

	if (!w->corpus->prefix) {
		below = ad_path_below(path, w->root);
		ad_escape_path(out, below && *below ? below : path);
		return;
	}
	ad_corpus_normal(&norm, path);
	ad_escape_path(out, norm.ptr);
	ad_buf_dispose(&norm);
}

static void report_sev(const walk *w, ad_severity sev, const char *path,
		       const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void report_sev(const walk *w, ad_severity sev, const char *path,
		       const char *fmt, ...)
{
	ad_buf msg = AD_BUF_INIT, shown = AD_BUF_INIT;
	va_list ap;
	ad_diag d;

	va_start(ap, fmt);
	ad_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	shown_path(&shown, w, path);
	d.severity = sev;
	d.path = shown.ptr;
	d.line = 0;
	d.col = 0;
	d.msg = msg.ptr;
	if (w->diag)
		w->diag(&d, w->payload);
	ad_buf_dispose(&msg);
	ad_buf_dispose(&shown);
}

static void rehash_seen(ad_corpus *c)
{
	size_t i, j, n = c->cap_seen ? c->cap_seen * 2 : 256;
	seen_slot *slots = ad_xcalloc(n, sizeof(*slots));

	for (i = 0; i < c->cap_seen; i++) {
		if (!c->seen[i].used)
			continue;
		j = (size_t)ad_hash_bytes(&c->seen[i].id.ino,
					  sizeof(c->seen[i].id.ino)) & (n - 1);
		while (slots[j].used)
			j = (j + 1) & (n - 1);
		slots[j] = c->seen[i];
	}
	free(c->seen);
	c->seen = slots;
	c->cap_seen = n;
}

/* Open addressing over (device, inode), kept at most half full. */
static int seen_before(ad_corpus *c, const struct stat *st)
{
	size_t i, mask;

	if ((c->nseen + 1) * 2 > c->cap_seen)
		rehash_seen(c);
	mask = c->cap_seen - 1;
	i = (size_t)ad_hash_bytes(&st->st_ino, sizeof(st->st_ino)) & mask;
	for (; c->seen[i].used; i = (i + 1) & mask)
		if (c->seen[i].id.dev == st->st_dev &&
		    c->seen[i].id.ino == st->st_ino)
			return 1;
	c->seen[i].used = 1;
	c->seen[i].id = (fileid){st->st_dev, st->st_ino};
	c->nseen++;
	return 0;
}

/* A file to read: st is what the walk found at path (a link followed),
 * link whether path itself is a symbolic link. */
static ad_source *add_source(ad_corpus *c, const walk *w, const char *path,
			     const char *rel, const struct stat *st, int link)
{
	ad_buf shown = AD_BUF_INIT;
	ad_source *s;

	ad_grow(&c->src, &c->cap, c->n + 1, sizeof(*c->src));
	s = &c->src[c->n++];
	memset(s, 0, sizeof(*s));
	s->path = ad_arena_strdup(c->arena, path);
	ad_escape_path(&shown, rel);
	s->rel = s->shown = ad_arena_strdup(c->arena, shown.ptr);
	if (c->prefix) {
		ad_buf full = AD_BUF_INIT;

		ad_corpus_shown(&full, w->root, rel);
		ad_buf_clear(&shown);
		ad_escape_path(&shown, full.ptr);
		s->shown = ad_arena_strdup(c->arena, shown.ptr);
		ad_buf_dispose(&full);
	}
	ad_buf_dispose(&shown);
	s->root = w->root;
	s->max_size = w->opts->max_file_size;
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->found = 1;
	s->nofollow = !link;
	return s;
}

/* Whether the resolved path to lies in one of the paths given. */
static int inside_roots(const ad_corpus *c, const char *to)
{
	size_t i, n;

	for (i = 0; i < c->nroots; i++) {
		n = strlen(c->roots[i]);
		if (strncmp(to, c->roots[i], n) == 0 &&
		    (to[n] == '\0' || to[n] == '/' ||
		     (n && c->roots[i][n - 1] == '/')))
			return 1;
	}
	return 0;
}

static void report_stat_error(const walk *w, const char *path, int e)
{
	if (e == ELOOP)
		report_sev(w, AD_SEV_ERROR, path, "symbolic link loop");
	else if (e == ENOENT)
		report_sev(w, AD_SEV_ERROR, path, "dangling symbolic link");
	else
		report_sev(w, AD_SEV_ERROR, path, "cannot stat: %s",
			   strerror(e));
}

/* The link name in folder dirfd (at path): 0 when the walk follows it,
 * with st the identity of what it leads to, which is what the walk must
 * then open. It is followed when it leads inside the paths given (st is
 * then that of the resolved path, so a link changed meanwhile opens
 * something else and is refused), or with --follow-outside. A link that
 * leads nowhere (dangling, a loop) is reported as stat says which. */
static int resolve_link(const walk *w, int dirfd, const char *name,
			const char *path, struct stat *st)
{
	ad_buf shown = AD_BUF_INIT;
	char *to = w->opts->follow_outside ? NULL : realpath(path, NULL);
	int rc = 0;

	if (to && !inside_roots(w->corpus, to)) {
		ad_escape_path(&shown, to);
		report_sev(w, AD_SEV_WARNING, path,
			   "symbolic link to %s, outside the paths given: "
			   "not followed (--follow-outside follows it)",
			   shown.ptr);
		ad_buf_dispose(&shown);
		rc = -1;
	} else if ((to ? stat(to, st) : fstatat(dirfd, name, st, 0)) != 0) {
		report_stat_error(w, path, errno);
		rc = -1;
	}
	free(to);
	return rc;
}

void ad_corpus_allow(ad_corpus *corpus, const char *path)
{
	char *to = realpath(path, NULL);
	size_t i;

	if (!to)
		return;
	for (i = 0; i < corpus->nroots; i++)
		if (strcmp(corpus->roots[i], to) == 0)
			break;
	if (i == corpus->nroots) {
		ad_grow(&corpus->roots, &corpus->cap_roots, corpus->nroots + 1,
			sizeof(*corpus->roots));
		corpus->roots[corpus->nroots++] =
			ad_arena_strdup(corpus->arena, to);
	}
	free(to);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The entries of folder fd, sorted, into *out; the caller frees each
 * name and the list. fd stays open: the listing reads a duplicate of it.
 * 0, or the errno of a folder that cannot be listed. */
static int list_dir(char ***out, size_t *n, int fd)
{
	size_t cap = 0;
	struct dirent *e;
	int dup_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;

	*out = NULL;
	*n = 0;
	if (!d) {
		int err = errno;

		if (dup_fd >= 0)
			close(dup_fd);
		return err;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		ad_grow(out, &cap, *n + 1, sizeof(**out));
		(*out)[(*n)++] = ad_xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cmp_names);
	return 0;
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Called between the stat of a folder and its opening; tests only. */
static void (*walk_seam)(const char *path, void *payload);
static void *walk_seam_payload;

void ad_corpus_walk_seam(void (*fn)(const char *path, void *payload),
			 void *payload)
{
	walk_seam = fn;
	walk_seam_payload = payload;
}

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY)

/* The folders on the current path that stay open while the walk is below
 * them; deeper ones are closed and opened again after (back_in). Most
 * trees are shallower, and reopening costs a path lookup per folder. */
#define HELD_LEVELS 16

static int same_id(int fd, const fileid *id)
{
	struct stat now;

	return fstat(fd, &now) == 0 && now.st_dev == id->dev &&
	       now.st_ino == id->ino;
}

/* The folder id at path, opened again; -1 when it is no longer there. */
static int reopen_dir(const char *path, const fileid *id)
{
	int fd = open(path, DIR_FLAGS);

	if (fd >= 0 && !same_id(fd, id)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Back in the folder on top of the stack after a walk below it: opened
 * again by its path, and only if it is still that folder; else it is
 * reported, and the rest of it is not walked. */
/* A folder that could not be opened as the one the walk expects (fd,
 * when it opened something else; errno e otherwise), reported: replaced
 * when swapped, else why it cannot be opened. Returns -1. */
static int refuse_dir(const walk *w, const char *path, int fd, int e,
		      int swapped)
{
	if (swapped)
		report_sev(w, AD_SEV_ERROR, path,
			   "replaced while being scanned: skipped");
	else
		report_sev(w, AD_SEV_ERROR, path, "cannot open folder: %s",
			   strerror(e));
	if (fd >= 0)
		close(fd);
	return -1;
}

static int back_in(const walk *w)
{
	const char *path = w->paths[w->depth - 1];
	int fd = open(path, DIR_FLAGS), e = errno;

	if (fd >= 0 && same_id(fd, &w->stack[w->depth - 1]))
		return fd;
	return refuse_dir(w, path, fd, e,
			  fd >= 0 || e == ENOENT || e == ELOOP ||
				  e == ENOTDIR);
}

/* Open the folder name in dirfd (at path) that the walk found as st: a
 * link only when link (one the walk follows), and only the folder st
 * names. -1 when it cannot be opened or is no longer that folder, which
 * is reported. */
static int open_dir(const walk *w, int dirfd, const char *name,
		    const char *path, const struct stat *st, int link)
{
	const fileid id = {st->st_dev, st->st_ino};
	int fd, e;

	if (walk_seam)
		walk_seam(path, walk_seam_payload);
	fd = openat(dirfd, name, DIR_FLAGS | (link ? 0 : O_NOFOLLOW));
	e = errno;
	if (fd >= 0 && same_id(fd, &id))
		return fd;
	return refuse_dir(w, path, fd, e, fd >= 0 || e == ELOOP || e == ENOTDIR);
}

static void walk_dir(walk *w, int *fd, const char *path, const char *rel);

/* Whether one of globs matches path as it is reported: with several
 * roots only, where that path is not rel (README, "Paths"). */
static int shown_glob(const walk *w, const char *const *globs, size_t n,
		      const char *path)
{
	ad_buf norm = AD_BUF_INIT;
	size_t i;
	int hit = 0;

	if (!w->corpus->prefix || n == 0)
		return 0;
	ad_corpus_normal(&norm, path);
	for (i = 0; i < n && !hit; i++)
		hit = ad_corpus_glob(globs[i], norm.ptr);
	ad_buf_dispose(&norm);
	return hit;
}

/* The file name at path (rel below the root): as ad_corpus_wants()
 * says, and with several roots its path as reported matched too. */
static int walk_wants(const walk *w, const char *path, const char *name,
		      const char *rel)
{
	const ad_corpus_opts *o = w->opts;

	if (shown_glob(w, o->exclude, o->nexclude, path))
		return 0;
	if (ad_corpus_wants(o, name, rel))
		return 1;
	return !skipped_name(name) &&
	       !any_glob(o->exclude, o->nexclude, name, rel) &&
	       shown_glob(w, o->include, o->ninclude, path);
}

static int on_stack(const walk *w, const struct stat *st)
{
	size_t i;

	for (i = 0; i < w->depth; i++)
		if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino)
			return 1;
	return 0;
}

/* Enter the folder name of *dirfd, found as st. Deeper than
 * HELD_LEVELS, *dirfd is closed while the walk is below it and opened
 * again after (back_in), so a walk holds a bounded number of descriptors
 * however deep it goes; -1 when it cannot be opened again. */
static void enter_dir(walk *w, int *dirfd, const char *path, const char *name,
		      const char *rel, const struct stat *st, int link)
{
	int fd, held = w->depth < HELD_LEVELS;

	if (!wants_dir(w->opts, name, rel) ||
	    shown_glob(w, w->opts->exclude, w->opts->nexclude, path))
		return;
	if (on_stack(w, st) || w->depth == 256) {
		report_sev(w, AD_SEV_ERROR, path, "symbolic link loop");
		return;
	}
	if ((fd = open_dir(w, *dirfd, name, path, st, link)) < 0)
		return;
	if (!held) {
		close(*dirfd);
		*dirfd = -1;
	}
	w->stack[w->depth] = (fileid){st->st_dev, st->st_ino};
	w->paths[w->depth++] = path;
	walk_dir(w, &fd, path, rel);
	w->depth--;
	if (fd >= 0)
		close(fd);
	if (!held)
		*dirfd = back_in(w);
}

/* The entry name of folder *dirfd, at path. */
static void visit(walk *w, int *dirfd, const char *path, const char *name,
		  const char *rel)
{
	struct stat st;
	int link;

	if (fstatat(*dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		report_sev(w, AD_SEV_ERROR, path, "cannot stat: %s",
			   strerror(errno));
		return;
	}
	link = S_ISLNK(st.st_mode);
	if (link && resolve_link(w, *dirfd, name, path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		enter_dir(w, dirfd, path, name, rel, &st, link);
	} else if (walk_wants(w, path, name, rel)) {
		w->corpus->last.found++;
		/* a FIFO or a device too: the read refuses it, and says so */
		if (!seen_before(w->corpus, &st))
			add_source(w->corpus, w, path, rel, &st, link);
	} else if (S_ISREG(st.st_mode) && passed_over(w->opts, name, rel)) {
		note_passed(w->corpus, name);
	}
}

/* path joined to name into out. */
static void join(ad_buf *out, const char *path, const char *name)
{
	size_t n = strlen(path);

	ad_buf_clear(out);
	ad_buf_put(out, path, n);
	if (path[n - 1] != '/')
		ad_buf_putc(out, '/');
	ad_buf_puts(out, name);
}

/* rel (below the root; "" for the root itself) and name after it. */
static void join_rel(ad_buf *out, const char *rel, const char *name)
{
	ad_buf_puts(out, rel);
	if (*rel)
		ad_buf_putc(out, '/');
	ad_buf_puts(out, name);
}

static size_t count_files(int *fd, const char *path, const fileid *self,
			  size_t depth);

/* The regular files below the folder name of *fd (at path), found as st
 * at depth, links not followed: a skill's resources. Folders deeper than
 * the walk's stack are not counted. When a folder deeper than
 * HELD_LEVELS is entered, *fd is closed (-1), for the caller to open
 * again. */
static size_t count_in(int *fd, const char *path, const char *name,
		       const struct stat *st, size_t depth)
{
	const fileid id = {st->st_dev, st->st_ino};
	ad_buf child = AD_BUF_INIT;
	size_t count;
	int cfd = depth < 256 ? openat(*fd, name, DIR_FLAGS | O_NOFOLLOW)
			      : -1;

	if (cfd >= 0 && !same_id(cfd, &id)) {
		close(cfd);
		cfd = -1;
	}
	if (cfd < 0)
		return 0;
	if (depth > HELD_LEVELS) {
		close(*fd);
		*fd = -1;
	}
	join(&child, path, name);
	count = count_files(&cfd, child.ptr, &id, depth);
	if (cfd >= 0)
		close(cfd);
	ad_buf_dispose(&child);
	return count;
}

/* The regular files below the folder *fd at path, the folder self. */
static size_t count_files(int *fd, const char *path, const fileid *self,
			  size_t depth)
{
	struct stat st;
	char **names;
	size_t i, n, count = 0;

	list_dir(&names, &n, *fd);
	for (i = 0; i < n && *fd >= 0; i++) {
		if (fstatat(*fd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISREG(st.st_mode))
			count++;
		if (!S_ISDIR(st.st_mode))
			continue;
		count += count_in(fd, path, names[i], &st, depth + 1);
		if (*fd < 0)
			*fd = reopen_dir(path, self);
	}
	free_names(names, n);
	return count;
}

/* The index of the SKILL.md among names, or n when there is none. */
static size_t skill_entry(char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ad_corpus_is_skill(names[i]))
			return i;
	return n;
}

/* A skill folder is one unit: its SKILL.md is the agent, and every other
 * file below the folder is a resource of it, counted, not read. */
static void walk_skill(walk *w, int *fd, const char *path, const char *rel,
		       char **names, size_t n, size_t skill)
{
	ad_buf child = AD_BUF_INIT, crel = AD_BUF_INIT;
	size_t before = w->corpus->n, resources = 0, i;
	struct stat st;

	for (i = 0; i < n && *fd >= 0; i++) {
		if (i == skill) {
			join(&child, path, names[i]);
			join_rel(&crel, rel, names[i]);
			visit(w, fd, child.ptr, names[i], crel.ptr);
		} else if (fstatat(*fd, names[i], &st, AT_SYMLINK_NOFOLLOW) !=
			   0) {
			continue;
		} else if (S_ISREG(st.st_mode)) {
			resources++;
		} else if (S_ISDIR(st.st_mode)) {
			resources += count_in(fd, path, names[i], &st, w->depth);
			if (*fd < 0)
				*fd = back_in(w);
		}
	}
	if (w->corpus->n > before)
		w->corpus->src[before].resources = resources;
	ad_buf_dispose(&child);
	ad_buf_dispose(&crel);
}

static void walk_entries(walk *w, int *fd, const char *path,
			 const char *rel, char **names, size_t n)
{
	ad_buf child = AD_BUF_INIT, crel = AD_BUF_INIT;
	size_t i;

	for (i = 0; i < n && *fd >= 0; i++) {
		join(&child, path, names[i]);
		ad_buf_clear(&crel);
		join_rel(&crel, rel, names[i]);
		visit(w, fd, child.ptr, names[i], crel.ptr);
	}
	ad_buf_dispose(&child);
	ad_buf_dispose(&crel);
}

/* The folder open as *fd, at path, on top of the stack; *fd may be
 * another descriptor of it after, or -1 (closed) when it was lost. */
static void walk_dir(walk *w, int *fd, const char *path, const char *rel)
{
	char **names;
	size_t n, skill;
	int e = list_dir(&names, &n, *fd);

	if (e) {
		report_sev(w, AD_SEV_ERROR, path, "cannot open folder: %s",
			   strerror(e));
		return;
	}
	skill = skill_entry(names, n);
	if (skill < n && ad_corpus_wants(w->opts, names[skill], NULL))
		walk_skill(w, fd, path, rel, names, n, skill);
	else
		walk_entries(w, fd, path, rel, names, n);
	free_names(names, n);
}

int ad_corpus_is_skill(const char *name)
{
	return strcasecmp(name, "SKILL.md") == 0;
}

int ad_corpus_skill_resource(const char *rel, const char *const *skills,
			     size_t nskills)
{
	size_t i, len;

	for (i = 0; i < nskills; i++) {
		const char *slash = strrchr(skills[i], '/');

		len = slash ? (size_t)(slash - skills[i]) : 0;
		if (strcmp(rel, skills[i]) == 0)
			continue;
		if (len == 0 || (strncmp(rel, skills[i], len) == 0 &&
				 rel[len] == '/'))
			return 1;
	}
	return 0;
}

/* The folder path given, found as st: opened (a link is followed, as
 * the user named it) and walked if it is still that folder. */
static int add_root(walk *w, const char *path, const struct stat *st)
{
	const fileid id = {st->st_dev, st->st_ino};
	int fd = open(path, DIR_FLAGS);

	if (fd < 0) {
		report_sev(w, AD_SEV_ERROR, path, "cannot open folder: %s",
			   strerror(errno));
		return 0;
	}
	if (!same_id(fd, &id)) {
		report_sev(w, AD_SEV_ERROR, path,
			   "replaced while being scanned: skipped");
	} else {
		w->stack[w->depth] = id;
		w->paths[w->depth++] = path;
		walk_dir(w, &fd, path, "");
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

int ad_corpus_add(ad_corpus *corpus, const char *path,
		  const ad_corpus_opts *opts, ad_diag_fn diag, void *payload,
		  ad_error *err)
{
	static const ad_corpus_opts none = AD_CORPUS_OPTS_INIT;
	walk w;
	struct stat st;
	int rc;

	memset(&corpus->last, 0, sizeof(corpus->last));
	corpus->nexts = 0;
	if (stat(path, &st) != 0)
		return ad_error_setat(err, AD_ENOTFOUND, path, 0, 0, "%s",
				      strerror(errno));
	memset(&w, 0, sizeof(w));
	w.corpus = corpus;
	w.opts = opts ? opts : &none;
	w.root = ad_arena_strdup(corpus->arena, path);
	w.diag = diag;
	w.payload = payload;
	ad_corpus_allow(corpus, path);
	if (!S_ISDIR(st.st_mode)) {
		corpus->last.found = 1;
		if (!seen_before(corpus, &st))
			add_source(corpus, &w, path, path, &st, 1);
		return 0;
	}
	rc = add_root(&w, path, &st);
	settle_tally(corpus);
	return rc;
}

/* The file open, checked as a read checks it before reading. */
static int open_source(int *fd, struct stat *st, const ad_source *src,
		       ad_error *err)
{
	int rc = ad_file_open(fd, st, src->path, src->nofollow, src->max_size,
			      src->shown, err);

	if (rc != 0)
		return rc;
	if (src->found && (st->st_dev != src->dev || st->st_ino != src->ino)) {
		close(*fd);
		return ad_error_setat(err, AD_EIO, src->shown, 0, 0,
				      "replaced while being scanned: skipped");
	}
	return 0;
}

int ad_corpus_stat(struct stat *st, const ad_source *src, ad_error *err)
{
	int fd, rc = open_source(&fd, st, src, err);

	if (rc != 0)
		return rc;
	close(fd);
	return st->st_size ? 0 : ad_error_setat(err, AD_EEMPTY, src->shown, 0,
						0, "empty file");
}

int ad_corpus_read(char **out, size_t *len, const ad_source *src,
		   ad_error *err)
{
	struct stat st;

	return ad_corpus_read_stat(out, len, &st, src, err);
}

int ad_corpus_read_stat(char **out, size_t *len, struct stat *st,
			const ad_source *src, ad_error *err)
{
	int fd, rc;

	*out = NULL;
	*len = 0;
	if ((rc = open_source(&fd, st, src, err)) != 0)
		return rc;
	rc = ad_file_read(out, len, fd, (size_t)st->st_size, src->max_size,
			  src->shown, err);
	close(fd);
	if (rc != 0)
		return rc;
	if (*len == 0)
		return ad_error_setat(err, AD_EEMPTY, src->shown, 0, 0,
				      "empty file");
	if (memchr(*out, '\0', *len)) {
		free(*out);
		*out = NULL;
		return ad_error_setat(err, AD_EBINARY, src->shown, 0, 0,
				      "binary file (holds NUL bytes)");
	}
	return 0;
}
