/*
 * check_layers.c - the layers point one way, and no module includes its
 * way back to itself.
 *
 * usage: check_layers [--map FILE] ROOT LAYER... [HEADER=LAYER...]
 *
 * Every .c and .h under ROOT/src and ROOT/include/agentdup is read line by
 * line for quoted #include lines (<...> names a system header). A quoted
 * name is looked for as the compiler looks for it: beside the including
 * file, then under include/, then under src/. A name found nowhere in the
 * tree is a problem (a typo would hide a dependency), unless it ends in
 * .inc: those are generated at build time.
 *
 * Each file has a layer: the folder of src/<layer>/..., the HEADER=LAYER
 * placement of include/agentdup/<header>.h, and over both the layer that
 * --map gives the file's module (lines "<module> <layer>"), so that a tree
 * whose src/ was flat can be measured too. LAYERs are given lowest first;
 * a file may include files of its own layer and of lower ones. The top
 * layer is the program over the library: it may include only the public
 * headers and its own files.
 *
 * A module is the files of one base name, a header's "_internal" suffix
 * dropped: link.c, link.h and link_internal.h are the module "link". Each
 * include between two modules is an edge of the module graph, and every
 * circle of that graph (elementary: no module twice) is reported once,
 * from its first module in name order: for each module s, a depth-first
 * search that keeps to the modules after s that can still lead back to s.
 *
 * Output: one "path:line: problem" line each, then a summary. Exit status
 * 0 when clean, 1 with problems, 2 on a usage error.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct file {
	char *path;    /* relative to the root: "src/base/buf.c" */
	size_t module; /* index into the modules */
	int layer;     /* index into the layers; -1 when it has none */
	int is_public; /* under include/agentdup/ */
} file;

typedef struct include {
	size_t from, to; /* files */
	long line;
	char *name;      /* as written between the quotes */
} include;

typedef struct edge {
	size_t from, to; /* modules */
	size_t inc;      /* the first include that makes the edge */
} edge;

typedef struct place {
	char *name; /* a module (--map) or a public header (HEADER=LAYER) */
	int layer;
} place;

typedef struct list {
	void *items;
	size_t n, cap;
} list;

typedef struct checker {
	const char *root;
	const char **layers;
	size_t nlayers;
	list headers; /* place */
	list map;     /* place */
	list files;   /* file, sorted by path once the tree is read */
	list incs;    /* include */
	list modules; /* char *, sorted */
	list edges;   /* edge, sorted by (from, to) */
	size_t *first; /* edges of module m: first[m] to first[m + 1] */
	long circles, upward, private_incs, other;
} checker;

#define ITEMS(l, type) ((type *)(l).items)

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fputs("check_layers: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* Room for one more item at the end of l; returns it. */
static void *push(list *l, size_t size)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->items = xrealloc(l->items, l->cap * size);
	}
	return (char *)l->items + size * l->n++;
}

/* qsort, which must not be given a NULL array even when it is empty. */
static void sort(list *l, size_t size, int (*cmp)(const void *, const void *))
{
	if (l->n > 1)
		qsort(l->items, l->n, size, cmp);
}

static char *xstrndup(const char *s, size_t len)
{
	char *p = xrealloc(NULL, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = xrealloc(NULL, dl + nl + 2);

	memcpy(p, dir, dl);
	p[dl] = '/';
	memcpy(p + dl + 1, name, nl + 1);
	return p;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t sl = strlen(s), xl = strlen(suffix);

	return sl >= xl && strcmp(s + sl - xl, suffix) == 0;
}

/* One "path:line: message" line on stdout, counted under *count. */
static void problem(long *count, const char *path, long line,
		    const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

static void problem(long *count, const char *path, long line,
		    const char *fmt, ...)
{
	va_list ap;

	printf("%s:%ld: ", path, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	(*count)++;
}

/* ---- the layers, the placements and the map ---------------------------- */

static int layer_index(const checker *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->nlayers; i++)
		if (strlen(c->layers[i]) == len &&
		    memcmp(c->layers[i], name, len) == 0)
			return (int)i;
	return -1;
}

static int find_place(const list *l, const char *name)
{
	const place *p = l->items;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].layer;
	return -1;
}

static int add_place(checker *c, list *l, const char *name, size_t len,
		     const char *layer)
{
	place *p;
	int li = layer_index(c, layer, strlen(layer));

	if (li < 0 || len == 0)
		return -1;
	p = push(l, sizeof *p);
	p->name = xstrndup(name, len);
	p->layer = li;
	return 0;
}

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "check_layers: %s\n", why);
	fputs("usage: check_layers [--map FILE] ROOT LAYER... "
	      "[HEADER=LAYER...]\n",
	      stderr);
	return -1;
}

/* Layers are the words without '=', lowest first; then the placements. */
static int parse_args(checker *c, int argc, char **argv, const char **map)
{
	int i = 1, j;
	const char *eq;

	if (i < argc && strcmp(argv[i], "--map") == 0) {
		if (i + 1 >= argc)
			return usage("--map needs a file");
		*map = argv[i + 1];
		i += 2;
	}
	if (i >= argc)
		return usage(NULL);
	c->root = argv[i++];
	c->layers = xrealloc(NULL, (size_t)argc * sizeof *c->layers);
	for (j = i; j < argc; j++) {
		if (strchr(argv[j], '='))
			continue;
		if (layer_index(c, argv[j], strlen(argv[j])) >= 0)
			return usage("a layer is named twice");
		c->layers[c->nlayers++] = argv[j];
	}
	if (c->nlayers == 0)
		return usage("no layers");
	for (j = i; j < argc; j++) {
		eq = strchr(argv[j], '=');
		if (eq && add_place(c, &c->headers, argv[j],
				    (size_t)(eq - argv[j]), eq + 1) < 0)
			return usage("a placement names an unknown layer");
	}
	return 0;
}

static int map_line(checker *c, const char *path, long n, char *line)
{
	const char *blanks = " \t\r\n";
	char *module = strtok(line, blanks), *layer;

	if (!module || module[0] == '#')
		return 0;
	layer = strtok(NULL, blanks);
	if (!layer || strtok(NULL, blanks) ||
	    add_place(c, &c->map, module, strlen(module), layer) < 0) {
		fprintf(stderr, "%s:%ld: expected \"<module> <layer>\" "
			"with one of the layers\n", path, n);
		return -1;
	}
	return 0;
}

static int read_map(checker *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "check_layers: cannot read %s\n", path);
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, f) != -1)
		rc = map_line(c, path, ++n, line);
	free(line);
	fclose(f);
	return rc;
}

/* ---- the files --------------------------------------------------------- */

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void add_file(checker *c, char *rel, int is_public)
{
	file *f = push(&c->files, sizeof *f);

	f->path = rel;
	f->module = 0;
	f->layer = -1;
	f->is_public = is_public;
}

/* Every .c and .h under rel, a folder relative to the root. */
static void walk(checker *c, const char *rel, int is_public)
{
	char *full = join(c->root, rel), *sub, *subfull;
	DIR *d = opendir(full);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		sub = join(rel, e->d_name);
		subfull = join(c->root, sub);
		if (is_dir(subfull)) {
			walk(c, sub, is_public);
			free(sub);
		} else if (ends_with(sub, ".c") || ends_with(sub, ".h")) {
			add_file(c, sub, is_public);
		} else {
			free(sub);
		}
		free(subfull);
	}
	if (d)
		closedir(d);
	free(full);
}

static int file_cmp(const void *a, const void *b)
{
	return strcmp(((const file *)a)->path, ((const file *)b)->path);
}

static int path_cmp(const void *key, const void *item)
{
	return strcmp(key, ((const file *)item)->path);
}

static long find_file(const checker *c, const char *path)
{
	const file *f;

	f = bsearch(path, c->files.items, c->files.n, sizeof *f, path_cmp);
	return f ? (long)(f - ITEMS(c->files, file)) : -1;
}

/* ---- modules ------------------------------------------------------------ */

/* "src/analysis/link_internal.h" and "include/agentdup/link.h" are "link". */
static char *module_of(const char *path)
{
	const char *base = strrchr(path, '/');
	const char *suffix = "_internal";
	size_t len, sl = strlen(suffix);

	base = base ? base + 1 : path;
	len = strlen(base) - 2; /* ".c" or ".h" */
	if (ends_with(path, ".h") && len > sl &&
	    memcmp(base + len - sl, suffix, sl) == 0)
		len -= sl;
	return xstrndup(base, len);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The modules sorted and unique, and each file's index among them. */
static void find_modules(checker *c)
{
	file *f = c->files.items;
	char **m, **hit;
	size_t i, n = 0;

	for (i = 0; i < c->files.n; i++)
		*(char **)push(&c->modules, sizeof(char *)) =
			module_of(f[i].path);
	m = c->modules.items;
	sort(&c->modules, sizeof *m, str_cmp);
	for (i = 0; i < c->modules.n; i++) {
		if (n > 0 && strcmp(m[n - 1], m[i]) == 0)
			free(m[i]);
		else
			m[n++] = m[i];
	}
	c->modules.n = n;
	for (i = 0; i < c->files.n; i++) {
		char *name = module_of(f[i].path);

		hit = bsearch(&name, m, n, sizeof *m, str_cmp);
		f[i].module = (size_t)(hit - m);
		free(name);
	}
}

/* ---- layers of files ---------------------------------------------------- */

static void place_header(checker *c, file *f)
{
	const char *base = strrchr(f->path, '/') + 1;
	char *name = xstrndup(base, strlen(base) - 2);

	f->layer = find_place(&c->headers, name);
	if (f->layer < 0)
		problem(&c->other, f->path, 1,
			"public header not placed in a layer (%s=LAYER)",
			name);
	free(name);
}

/* The map first (it may re-place a whole module), then where the file is. */
static void place_file(checker *c, file *f)
{
	const char *module = ITEMS(c->modules, char *)[f->module];
	const char *folder = f->path + strlen("src/");
	const char *slash = strchr(folder, '/');

	f->layer = find_place(&c->map, module);
	if (f->layer >= 0)
		return;
	if (f->is_public) {
		place_header(c, f);
		return;
	}
	if (!slash) {
		problem(&c->other, f->path, 1,
			"no layer: module %s is not in the map", module);
		return;
	}
	f->layer = layer_index(c, folder, (size_t)(slash - folder));
	if (f->layer < 0)
		problem(&c->other, f->path, 1, "folder src/%.*s is not a layer",
			(int)(slash - folder), folder);
}

/* ---- includes ----------------------------------------------------------- */

/* The name in `#include "name"` on this line, or NULL. */
static const char *quoted_include(char *line)
{
	char *p = line + strspn(line, " \t"), *end;

	if (*p != '#')
		return NULL;
	p += 1 + strspn(p + 1, " \t");
	if (strncmp(p, "include", 7) != 0)
		return NULL;
	p += 7 + strspn(p + 7, " \t");
	if (*p != '"' || (end = strchr(p + 1, '"')) == NULL)
		return NULL;
	*end = '\0';
	return p + 1;
}

/* Collapse "." and ".." in place; -1 when the path climbs out of the root. */
static int normalize(char *path)
{
	char *out = path;
	const char *p = path;
	size_t len;

	while (*p) {
		len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (out == path)
				return -1;
			while (out > path && out[-1] != '/')
				out--;
			if (out > path)
				out--;
		} else if (len > 0 && !(len == 1 && p[0] == '.')) {
			if (out > path)
				*out++ = '/';
			memmove(out, p, len);
			out += len;
		}
		p += len + (p[len] == '/');
	}
	*out = '\0';
	return 0;
}

/* Beside the including file, then under include/, then under src/. */
static long resolve(const checker *c, size_t from, const char *name)
{
	const char *path = ITEMS(c->files, file)[from].path;
	char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	const char *bases[3];
	long found = -1;
	size_t k;
	char *cand;

	bases[0] = dir;
	bases[1] = "include";
	bases[2] = "src";
	for (k = 0; k < 3 && found < 0; k++) {
		cand = join(bases[k], name);
		if (normalize(cand) == 0)
			found = find_file(c, cand);
		free(cand);
	}
	free(dir);
	return found;
}

/* A file without a layer has been reported already; its includes still
 * count for the circles. */
static void check_include(checker *c, const include *in)
{
	const file *from = &ITEMS(c->files, file)[in->from];
	const file *to = &ITEMS(c->files, file)[in->to];
	int top = (int)c->nlayers - 1;

	if (from->layer < 0 || to->layer < 0)
		return;
	if (to->layer > from->layer)
		problem(&c->upward, from->path, in->line,
			"upward include: %s includes \"%s\" of layer %s",
			c->layers[from->layer], in->name, c->layers[to->layer]);
	else if (from->layer == top && to->layer != top && !to->is_public)
		problem(&c->private_incs, from->path, in->line,
			"%s includes \"%s\", a private header of %s: it may "
			"use only include/agentdup/ and its own files",
			c->layers[top], in->name, c->layers[to->layer]);
}

static void add_include(checker *c, size_t from, long line, const char *name)
{
	long to = resolve(c, from, name);
	include *in;

	if (to < 0) {
		if (!ends_with(name, ".inc"))
			problem(&c->other, ITEMS(c->files, file)[from].path,
				line, "unresolved include \"%s\"", name);
		return;
	}
	in = push(&c->incs, sizeof *in);
	in->from = from;
	in->to = (size_t)to;
	in->line = line;
	in->name = xstrndup(name, strlen(name));
	check_include(c, in);
}

static void scan_file(checker *c, size_t i)
{
	const char *path = ITEMS(c->files, file)[i].path;
	char *full = join(c->root, path), *line = NULL;
	FILE *f = fopen(full, "r");
	size_t cap = 0;
	long n = 0;
	const char *name;

	free(full);
	if (!f) {
		problem(&c->other, path, 0, "cannot read");
		return;
	}
	while (getline(&line, &cap, f) != -1) {
		n++;
		name = quoted_include(line);
		if (name)
			add_include(c, i, n, name);
	}
	free(line);
	fclose(f);
}

/* ---- circles ------------------------------------------------------------ */

static int edge_cmp(const void *a, const void *b)
{
	const edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->inc < y->inc ? -1 : x->inc > y->inc;
}

/* One edge per pair of modules, witnessed by its first include. */
static void build_edges(checker *c)
{
	const file *f = c->files.items;
	const include *in = c->incs.items;
	edge *e;
	size_t i, n = 0, m;

	for (i = 0; i < c->incs.n; i++) {
		if (f[in[i].from].module == f[in[i].to].module)
			continue;
		e = push(&c->edges, sizeof *e);
		e->from = f[in[i].from].module;
		e->to = f[in[i].to].module;
		e->inc = i;
	}
	sort(&c->edges, sizeof *e, edge_cmp);
	e = c->edges.items;
	for (i = 0; i < c->edges.n; i++)
		if (n == 0 || e[n - 1].from != e[i].from || e[n - 1].to != e[i].to)
			e[n++] = e[i];
	c->edges.n = n;
	c->first = xrealloc(NULL, (c->modules.n + 1) * sizeof *c->first);
	for (m = 0, i = 0; m <= c->modules.n; m++) {
		while (i < n && e[i].from < m)
			i++;
		c->first[m] = i;
	}
}

typedef struct search {
	checker *c;
	size_t start;
	unsigned char *back;    /* leads back to start, through modules > start */
	unsigned char *on_path;
	size_t *path;           /* the edges taken from start */
	size_t depth;
} search;

/* Without this pruning the search would wander through every module
 * after start, however far from a circle. */
static void mark_back(search *s)
{
	const edge *e = s->c->edges.items;
	size_t i;
	int changed = 1;

	memset(s->back, 0, s->c->modules.n);
	s->back[s->start] = 1;
	while (changed) {
		changed = 0;
		for (i = 0; i < s->c->edges.n; i++) {
			if (e[i].from > s->start && s->back[e[i].to] &&
			    !s->back[e[i].from]) {
				s->back[e[i].from] = 1;
				changed = 1;
			}
		}
	}
}

static void report_circle(const search *s)
{
	const checker *c = s->c;
	const edge *e = c->edges.items;
	const include *in = c->incs.items, *last;
	const file *f = c->files.items;
	char **m = c->modules.items;
	size_t k;

	last = &in[e[s->path[s->depth - 1]].inc];
	printf("%s:%ld: circle: %s", f[last->from].path, last->line,
	       m[s->start]);
	for (k = 0; k < s->depth; k++)
		printf(" -> %s", m[e[s->path[k]].to]);
	for (k = 0; k < s->depth; k++) {
		last = &in[e[s->path[k]].inc];
		printf("%s%s:%ld", k ? ", " : " (", f[last->from].path,
		       last->line);
	}
	puts(")");
	s->c->circles++;
}

/* Every path from m that can be closed at start without a module twice. */
static void follow(search *s, size_t m)
{
	const edge *e = s->c->edges.items;
	size_t i, to;

	s->on_path[m] = 1;
	for (i = s->c->first[m]; i < s->c->first[m + 1]; i++) {
		to = e[i].to;
		if (to < s->start || !s->back[to])
			continue;
		if (to != s->start && s->on_path[to])
			continue;
		s->path[s->depth++] = i;
		if (to == s->start)
			report_circle(s);
		else
			follow(s, to);
		s->depth--;
	}
	s->on_path[m] = 0;
}

static void find_circles(checker *c)
{
	search s;
	size_t n = c->modules.n;

	s.c = c;
	s.back = xrealloc(NULL, n);
	s.on_path = xrealloc(NULL, n);
	s.path = xrealloc(NULL, n * sizeof *s.path);
	s.depth = 0;
	memset(s.on_path, 0, n);
	for (s.start = 0; s.start < n; s.start++) {
		mark_back(&s);
		follow(&s, s.start);
	}
	free(s.back);
	free(s.on_path);
	free(s.path);
}

/* ---- the run ------------------------------------------------------------ */

static void run(checker *c)
{
	size_t i;

	walk(c, "src", 0);
	walk(c, "include/agentdup", 1);
	sort(&c->files, sizeof(file), file_cmp);
	find_modules(c);
	for (i = 0; i < c->files.n; i++)
		place_file(c, &ITEMS(c->files, file)[i]);
	for (i = 0; i < c->files.n; i++)
		scan_file(c, i);
	build_edges(c);
	find_circles(c);
	printf("files %zu, include edges %zu, circles %ld, upward includes "
	       "%ld, private headers included by %s %ld, other problems %ld\n",
	       c->files.n, c->incs.n, c->circles, c->upward,
	       c->layers[c->nlayers - 1], c->private_incs, c->other);
}

static void free_places(list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(ITEMS(*l, place)[i].name);
	free(l->items);
}

static void checker_free(checker *c)
{
	size_t i;

	for (i = 0; i < c->files.n; i++)
		free(ITEMS(c->files, file)[i].path);
	for (i = 0; i < c->incs.n; i++)
		free(ITEMS(c->incs, include)[i].name);
	for (i = 0; i < c->modules.n; i++)
		free(ITEMS(c->modules, char *)[i]);
	free(c->files.items);
	free(c->incs.items);
	free(c->modules.items);
	free(c->edges.items);
	free(c->first);
	free_places(&c->headers);
	free_places(&c->map);
	free(c->layers);
}

int main(int argc, char **argv)
{
	checker c;
	const char *map = NULL;
	char *src = NULL;
	int status = 2;

	memset(&c, 0, sizeof c);
	if (parse_args(&c, argc, argv, &map) < 0)
		goto done;
	if (map && read_map(&c, map) < 0)
		goto done;
	src = join(c.root, "src");
	if (!is_dir(src)) {
		usage("ROOT has no src/ folder");
		goto done;
	}
	run(&c);
	status = c.circles + c.upward + c.private_incs + c.other ? 1 : 0;
done:
	free(src);
	checker_free(&c);
	return status;
}
