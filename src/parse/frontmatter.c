/*
 * frontmatter.c - the YAML block at the top of an agent file (libyaml).
 *
 * The block runs from a first line of exactly `---` to the next line made
 * only of three or more dashes. Its text is handed to libyaml with every
 * carriage return removed and whitespace-only lines emptied, which changes
 * no line count, so a libyaml line (0-based, relative to that text) maps to
 * a file line by adding the block's first line. libyaml's events are read
 * as they come, with no tree built, and the fields are added only once the
 * document has ended, so a failure leaves no half-made fields; a block
 * with anchors or aliases, a graph rather than a tree, is read through the
 * document API instead, which gives the same fields.
 *
 * Much real frontmatter is not YAML: an unquoted `: ` inside a description,
 * a value that opens with `*`, tab indentation, invalid UTF-8. Then the
 * reason is reported once and the top-level `key: value` lines are read by
 * hand, because an agent whose description is still readable is worth
 * analysing.
 *
 * Descriptions are written for a model, not for YAML: literal `\n` escapes
 * in plain scalars and <example> blocks inline. ad_frontmatter_description()
 * turns them into prose plus a list of examples.
 *
 * libyaml is touched by this file only.
 */
#include "parse/frontmatter.h"

#include <assert.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "agentdup/buf.h"
#include "base/arena.h"
#include "base/strtab.h"
#include "parse/doc_internal.h"
#include "parse/docshare.h"

/* Aliases can make a YAML graph cyclic (`&a [*a, *a]`), so flattening a
 * nested value visits at most this many nodes, this deep. */
enum { FLATTEN_BUDGET = 4096, FLATTEN_DEPTH = 16 };

/* Keys whose scalar value is a comma-separated list of tool names. */
static const char *const tools_keys[] = {
	"tools", "allowed-tools", "allowed_tools", "allowedTools",
	"disallowed-tools", "disallowed_tools", "disallowedTools",
};

/* Where the block sits in doc->text: [start, end) is the YAML text. */
struct fm_block {
	size_t start, end, body;
	int close_line;
};

struct fm_ctx {
	ad_doc *doc;
	ad_buf yaml;      /* the block as fed to libyaml */
	int first_line;   /* file line of the YAML text's line 0 */
	int close_line;   /* file line of the closing dashes */
	size_t cap;       /* room in doc->fm.fields */
	ad_strtab *keys;  /* the keys of doc->fm.fields; id = field index */
};

/* A growing array of strings in an arena. */
struct vlist {
	const char **v;
	size_t n, cap;
};

static void vlist_push(ad_arena *arena, struct vlist *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		const char **v = ad_arena_alloc(arena, cap * sizeof(*v));

		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = s;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	       ch == '\f' || ch == '\v';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static void strip_quotes(const char **s, size_t *n)
{
	if (*n >= 2 && (**s == '"' || **s == '\'') && (*s)[*n - 1] == **s) {
		(*s)++;
		*n -= 2;
	}
}

/* A value in the arena. Carriage returns never reach a value, whatever
 * escapes a double-quoted scalar held. */
static const char *store(ad_arena *arena, const char *s, size_t n)
{
	char *out = ad_arena_alloc(arena, n + 1);
	size_t i, j = 0;

	for (i = 0; i < n; i++)
		if (s[i] != '\r')
			out[j++] = s[i];
	out[j] = '\0';
	return out;
}

/* The line at p: its length up to its line end or the end of the text. A
 * line ends as cmark ends one: LF, CRLF or a lone CR. Lines of a hundred
 * bytes and more are common (a description on one line), so the ends are
 * looked for with memchr, which reads many bytes at once: the LF, then
 * any CR before it. */
static size_t line_len(const char *p, const char *end)
{
	const char *lf = memchr(p, '\n', (size_t)(end - p));
	const char *q = lf ? lf : end;
	const char *cr = memchr(p, '\r', (size_t)(q - p));

	return (size_t)((cr ? cr : q) - p);
}

/* The start of the line after the one at p of length n: past one LF, CRLF
 * or CR, or end when there is none. */
static const char *next_line(const char *p, size_t n, const char *end)
{
	p += n;
	if (p + 1 < end && p[0] == '\r' && p[1] == '\n')
		return p + 2;
	return p < end ? p + 1 : p;
}

/* The number of dashes if the line is dashes and trailing blanks, else 0. */
static size_t dash_line(const char *p, size_t n)
{
	size_t i = 0, dashes;

	while (i < n && p[i] == '-')
		i++;
	dashes = i;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
		i++;
	return i == n ? dashes : 0;
}

/* ---- the block ---------------------------------------------------------- */

static int find_close(ad_doc *doc, const char *p, struct fm_block *b)
{
	const char *end = doc->text + doc->len;
	int line = 2;

	for (; p < end; line++) {
		size_t n = line_len(p, end);

		if (dash_line(p, n) >= 3) {
			b->end = (size_t)(p - doc->text);
			b->body = (size_t)(next_line(p, n, end) - doc->text);
			b->close_line = line;
			return 1;
		}
		p = next_line(p, n, end);
	}
	return 0;
}

static int is_blank(const char *p, size_t n);
static size_t key_len(const char *p, size_t n);

/* Whether a line may go on a block that has begun with a key: a key, an
 * indented line or a list item. */
static int block_line(const char *p, size_t n)
{
	return key_len(p, n) > 0 || p[0] == ' ' || p[0] == '\t' ||
	       (n >= 2 && p[0] == '-' && p[1] == ' ');
}

/* A block left open from p on, when its first line that is not blank is
 * a key: it runs through such lines (block_line()) and blank ones, and
 * ends before the first other line, which begins the body. 0 when the
 * text after the dashes does not begin with a key (a thematic break). */
static int find_open_end(ad_doc *doc, const char *p, struct fm_block *b)
{
	const char *end = doc->text + doc->len;
	int line = 2, keyed = 0;

	for (; p < end; line++) {
		size_t n = line_len(p, end);

		if (!is_blank(p, n)) {
			if (keyed ? !block_line(p, n) : !key_len(p, n))
				break;
			keyed = 1;
		}
		p = next_line(p, n, end);
	}
	if (!keyed)
		return 0;
	b->end = b->body = (size_t)(p - doc->text);
	b->close_line = line - 1;
	return 1;
}

/* 1 when the file opens with a block, closed or not. An open one is a
 * warning, and read as a block only when it begins with a key
 * (find_open_end()), since the file may simply start with a thematic
 * break. */
static int find_block(ad_doc *doc, struct fm_block *b)
{
	const char *p = doc->text, *end = doc->text + doc->len;
	size_t n;

	if (doc->len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	n = line_len(p, end);
	if (dash_line(p, n) != 3)
		return 0;
	if (p + n == end) {
		ad_doc_warn(doc, 1, "frontmatter is not closed");
		return 0;
	}
	p = next_line(p, n, end);
	b->start = (size_t)(p - doc->text);
	if (find_close(doc, p, b))
		return 1;
	if (!find_open_end(doc, p, b)) {
		ad_doc_warn(doc, 1, "frontmatter is not closed");
		return 0;
	}
	ad_doc_warn(doc, 1,
		    "frontmatter is not closed: read as ending at line %d",
		    b->close_line);
	return 1;
}

static int is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space(p[i]))
			return 0;
	return 1;
}

/* Line numbers survive: every line end becomes one '\n' (libyaml would
 * read CR, CRLF and LF alike, but the recovery by hand reads lines by
 * '\n'), and blank lines that hold tabs are emptied since libyaml refuses
 * a tab where indentation could be. */
static void make_yaml(struct fm_ctx *c, const struct fm_block *b)
{
	const char *p = c->doc->text + b->start, *end = c->doc->text + b->end;

	while (p < end) {
		size_t n = line_len(p, end);

		if (!is_blank(p, n))
			ad_buf_put(&c->yaml, p, n);
		ad_buf_putc(&c->yaml, '\n');
		p = next_line(p, n, end);
	}
}

/* ---- fields ------------------------------------------------------------- */

static int is_tools_key(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(tools_keys) / sizeof(tools_keys[0]); i++)
		if (strcmp(key, tools_keys[i]) == 0)
			return 1;
	return 0;
}

/* Up to this many fields, a key is looked for among them one by one: most
 * frontmatter has a handful, and a table per doc costs more. */
#define FEW_KEYS 16

/* The field that already has this key, or NULL after noting the key as
 * the next field's. Ids are handed out in order of first interning and a
 * field is added exactly when its key is new, so a key's id is the index
 * of its field: one hash probe per key, however many keys came before. */
static const ad_fm_field *key_seen(struct fm_ctx *c, const char *key)
{
	ad_frontmatter *fm = &c->doc->fm;
	uint32_t id;
	size_t i;

	if (!c->keys && fm->nfields < FEW_KEYS) {
		for (i = 0; i < fm->nfields; i++)
			if (strcmp(fm->fields[i].key, key) == 0)
				return &fm->fields[i];
		return NULL;
	}
	if (!c->keys) {
		c->keys = ad_strtab_new();
		for (i = 0; i < fm->nfields; i++)
			ad_strtab_intern(c->keys, fm->fields[i].key,
					 strlen(fm->fields[i].key));
	}
	id = ad_strtab_intern(c->keys, key, strlen(key));
	assert(id <= fm->nfields);
	return id < fm->nfields ? &fm->fields[id] : NULL;
}

/* Append a field; a repeated key keeps its first value, as most YAML
 * readers that tolerate duplicates do. */
static int add_field(struct fm_ctx *c, const char *key, int line,
		     const struct vlist *vl, int is_list)
{
	ad_frontmatter *fm = &c->doc->fm;
	const ad_fm_field *old = key_seen(c, key);
	ad_fm_field *f;

	if (old) {
		ad_doc_warn(c->doc, line,
			    "duplicate frontmatter key '%s' (first on line %d)",
			    key, old->line);
		return -1;
	}
	if (fm->nfields == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;

		f = ad_arena_alloc(c->doc->arena, cap * sizeof(*f));
		if (fm->nfields)
			memcpy(f, fm->fields, fm->nfields * sizeof(*f));
		fm->fields = f;
		c->cap = cap;
	}
	f = &fm->fields[fm->nfields++];
	f->key = key;
	f->values = vl->v;
	f->nvalues = vl->n;
	f->is_list = is_list;
	f->line = line;
	return 0;
}

/* The pieces of `a, "b", c` as values, quotes and blanks gone. */
static void split_commas(ad_arena *arena, struct vlist *vl, const char *s,
			 size_t n)
{
	while (n) {
		const char *comma = memchr(s, ',', n);
		size_t len = comma ? (size_t)(comma - s) : n;
		const char *item = s;
		size_t ilen = len;

		trim(&item, &ilen);
		strip_quotes(&item, &ilen);
		if (ilen)
			vlist_push(arena, vl, store(arena, item, ilen));
		s += len;
		n -= len;
		if (n) {
			s++;
			n--;
		}
	}
}

/* A scalar field. An empty plain value (`key:`) is YAML's null and gets no
 * value; a tools key is a list even with one tool, so every tool set reads
 * the same way. */
static int add_scalar(struct fm_ctx *c, const char *key, int line,
		      const char *s, size_t n, int keep_empty)
{
	ad_arena *arena = c->doc->arena;
	struct vlist vl = {NULL, 0, 0};

	if (is_tools_key(key)) {
		split_commas(arena, &vl, s, n);
		return add_field(c, key, line, &vl, 1);
	}
	if (n || keep_empty)
		vlist_push(arena, &vl, store(arena, s, n));
	return add_field(c, key, line, &vl, 0);
}

/* ---- libyaml ------------------------------------------------------------ */

struct flat {
	ad_arena *arena;
	yaml_document_t *yd;
	struct vlist *out;
	int budget;
};

static int file_line(const struct fm_ctx *c, size_t yline)
{
	size_t line = yline + (size_t)c->first_line;

	return line > (size_t)c->close_line ? c->close_line : (int)line;
}

/* 1 for a YAML 1.1 true, 0 for a false, -1 for anything else. */
static int yaml_bool(const char *s, yaml_scalar_style_t style)
{
	static const char *const yes[] = {"true", "yes", "on"};
	static const char *const no[] = {"false", "no", "off"};
	size_t i;

	if (style != YAML_PLAIN_SCALAR_STYLE)
		return -1;
	for (i = 0; i < 3; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

static int node_bool(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE)
		return -1;
	return yaml_bool((const char *)n->data.scalar.value,
			 n->data.scalar.style);
}

/* A scalar inside a nested value; an empty one is no value. */
static void flat_scalar(struct flat *f, const char *s, size_t n)
{
	if (n)
		vlist_push(f->arena, f->out, store(f->arena, s, n));
}

/* A pair of scalars inside a nested mapping. A true/false value makes the
 * mapping a set of switches (opencode's `tools: {read: true, bash:
 * false}`), so the key alone is kept when on; other scalars keep both
 * sides. vbool is the value's yaml_bool(). */
static void flat_scalar_pair(struct flat *f, const char *k, size_t klen,
			     int vbool, const char *v, size_t vlen)
{
	ad_buf b = AD_BUF_INIT;

	if (vbool == 0)
		return;
	ad_buf_put(&b, k, klen);
	if (vbool < 0 && vlen) {
		ad_buf_puts(&b, ": ");
		ad_buf_put(&b, v, vlen);
	}
	vlist_push(f->arena, f->out, store(f->arena, b.ptr, b.len));
	ad_buf_dispose(&b);
}

static void flatten(struct flat *f, yaml_node_t *node, int depth);

/* A pair inside a nested mapping. */
static void flatten_pair(struct flat *f, yaml_node_pair_t *pair, int depth)
{
	yaml_node_t *k = yaml_document_get_node(f->yd, pair->key);
	yaml_node_t *v = yaml_document_get_node(f->yd, pair->value);

	if (!k || !v || k->type != YAML_SCALAR_NODE ||
	    v->type != YAML_SCALAR_NODE) {
		if (v)
			flatten(f, v, depth + 1);
		return;
	}
	flat_scalar_pair(f, (const char *)k->data.scalar.value,
			 k->data.scalar.length, node_bool(v),
			 (const char *)v->data.scalar.value,
			 v->data.scalar.length);
}

static void flatten(struct flat *f, yaml_node_t *node, int depth)
{
	yaml_node_item_t *it;
	yaml_node_pair_t *pair;

	if (depth > FLATTEN_DEPTH || f->budget-- <= 0)
		return;
	switch (node->type) {
	case YAML_SCALAR_NODE:
		flat_scalar(f, (const char *)node->data.scalar.value,
			    node->data.scalar.length);
		break;
	case YAML_SEQUENCE_NODE:
		for (it = node->data.sequence.items.start;
		     it < node->data.sequence.items.top; it++) {
			yaml_node_t *item = yaml_document_get_node(f->yd, *it);
			if (item)
				flatten(f, item, depth + 1);
		}
		break;
	case YAML_MAPPING_NODE:
		for (pair = node->data.mapping.pairs.start;
		     pair < node->data.mapping.pairs.top; pair++)
			flatten_pair(f, pair, depth);
		break;
	default:
		break;
	}
}

static void take_pair(struct fm_ctx *c, yaml_document_t *yd,
		      yaml_node_pair_t *pair)
{
	yaml_node_t *k = yaml_document_get_node(yd, pair->key);
	yaml_node_t *v = yaml_document_get_node(yd, pair->value);
	struct vlist vl = {NULL, 0, 0};
	struct flat f = {c->doc->arena, yd, &vl, FLATTEN_BUDGET};
	const char *key;
	int line;

	if (!k || !v || k->type != YAML_SCALAR_NODE)
		return; /* a complex key names nothing we look up */
	key = store(c->doc->arena, (const char *)k->data.scalar.value,
		    k->data.scalar.length);
	line = file_line(c, k->start_mark.line);
	if (v->type == YAML_SCALAR_NODE) {
		int quoted = v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;

		add_scalar(c, key, line, (const char *)v->data.scalar.value,
			   v->data.scalar.length, quoted);
		return;
	}
	flatten(&f, v, 0);
	add_field(c, key, line, &vl, 1);
}

static void take_document(struct fm_ctx *c, yaml_document_t *yd)
{
	yaml_node_t *root = yaml_document_get_root_node(yd);
	yaml_node_pair_t *pair;

	if (!root)
		return; /* an empty block */
	if (root->type != YAML_MAPPING_NODE) {
		ad_doc_warn(c->doc, file_line(c, root->start_mark.line),
			    "frontmatter is not a mapping");
		return;
	}
	for (pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++)
		take_pair(c, yd, pair);
}

/* The YAML line libyaml's error is about. */
static size_t error_line(const struct fm_ctx *c, const yaml_parser_t *parser)
{
	size_t i, yline = 0;

	if (parser->error == YAML_READER_ERROR) {
		/* the reader counts bytes, not lines */
		for (i = 0; i < parser->problem_offset && i < c->yaml.len; i++)
			yline += c->yaml.ptr[i] == '\n';
		return yline;
	}
	/* A key missing its ':' is only noticed on the line after it; the
	 * context mark is where that key began. */
	if (parser->context &&
	    strcmp(parser->context, "while scanning a simple key") == 0)
		return parser->context_mark.line;
	return parser->problem_mark.line;
}

/* libyaml's reason, with its context when that reads as a clause. */
static void warn_yaml(struct fm_ctx *c, const yaml_parser_t *parser)
{
	const char *problem = parser->problem;
	const char *ctx = parser->context;
	size_t yline = error_line(c, parser);

	if (!problem)
		problem = "out of memory"; /* the only error without one */
	if (ctx && strncmp(ctx, "while ", 6) == 0)
		ad_doc_warn(c->doc, file_line(c, yline),
			    "invalid frontmatter yaml: %s %s", problem, ctx);
	else
		ad_doc_warn(c->doc, file_line(c, yline),
			    "invalid frontmatter yaml: %s", problem);
}

/* ---- libyaml's events ---------------------------------------------------- */

/*
 * The same reading from libyaml's events, which build no tree: a value is
 * flattened as its events arrive, in the order the tree walk visits it.
 * Fields are only held until the document has ended, since the document
 * API gives nothing for a block that turns out invalid further down. An
 * anchor or an alias makes the graph more than a tree, and the loader
 * checks them (undefined aliases, repeated anchors): at the first one the
 * events give up and the document API reads the block instead.
 */

enum { EV_OK = 0, EV_ERROR = -1, EV_GRAPH = -2 };

/* A top-level pair, held until the document is whole. */
struct held {
	const char *key;
	int line;
	int is_scalar, quoted;
	const char *s; /* a scalar's bytes, NUL included, and their count */
	size_t n;
	struct vlist list;
};

struct walk {
	struct fm_ctx *c;
	yaml_parser_t *parser;
	struct held *held;
	size_t nheld, cap;
	int not_mapping; /* the root's line + 1 when it is no mapping */
};

/* The next event; EV_GRAPH at an anchor or an alias. */
static int next_event(struct walk *w, yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;

	if (!yaml_parser_parse(w->parser, ev))
		return EV_ERROR;
	if (ev->type == YAML_SCALAR_EVENT)
		anchor = ev->data.scalar.anchor;
	else if (ev->type == YAML_SEQUENCE_START_EVENT)
		anchor = ev->data.sequence_start.anchor;
	else if (ev->type == YAML_MAPPING_START_EVENT)
		anchor = ev->data.mapping_start.anchor;
	if (anchor || ev->type == YAML_ALIAS_EVENT) {
		yaml_event_delete(ev);
		return EV_GRAPH;
	}
	return EV_OK;
}

static int is_start(const yaml_event_t *ev)
{
	return ev->type == YAML_SEQUENCE_START_EVENT ||
	       ev->type == YAML_MAPPING_START_EVENT;
}

/* The rest of the node that ev opens, unread. */
static int skip_node(struct walk *w, const yaml_event_t *ev)
{
	yaml_event_t e;
	int open = is_start(ev), ret;

	while (open) {
		if ((ret = next_event(w, &e)) != EV_OK)
			return ret;
		if (is_start(&e))
			open++;
		else if (e.type == YAML_SEQUENCE_END_EVENT ||
			 e.type == YAML_MAPPING_END_EVENT)
			open--;
		yaml_event_delete(&e);
	}
	return EV_OK;
}

/* 1 for a YAML 1.1 true, 0 for a false, -1 for anything else. */
static int event_bool(const yaml_event_t *ev)
{
	if (ev->type != YAML_SCALAR_EVENT)
		return -1;
	return yaml_bool((const char *)ev->data.scalar.value,
			 ev->data.scalar.style);
}

static int flat_event(struct walk *w, struct flat *f, yaml_event_t *ev,
		      int depth);

/* flatten_pair() over events: k is the pair's key, already read. */
static int flat_pair_events(struct walk *w, struct flat *f, yaml_event_t *k,
			    int depth)
{
	yaml_event_t v;
	int ret;

	if (k->type != YAML_SCALAR_EVENT && (ret = skip_node(w, k)) != EV_OK)
		return ret;
	if ((ret = next_event(w, &v)) != EV_OK)
		return ret;
	if (k->type != YAML_SCALAR_EVENT || v.type != YAML_SCALAR_EVENT) {
		ret = flat_event(w, f, &v, depth + 1);
	} else {
		flat_scalar_pair(f, (const char *)k->data.scalar.value,
				 k->data.scalar.length, event_bool(&v),
				 (const char *)v.data.scalar.value,
				 v.data.scalar.length);
		ret = EV_OK;
	}
	yaml_event_delete(&v);
	return ret;
}

/* The items of a sequence or the pairs of a mapping, up to its end. */
static int flat_children(struct walk *w, struct flat *f, int mapping,
			 int depth)
{
	yaml_event_t e;
	int ret;

	for (;;) {
		if ((ret = next_event(w, &e)) != EV_OK)
			return ret;
		if (e.type == YAML_SEQUENCE_END_EVENT ||
		    e.type == YAML_MAPPING_END_EVENT)
			break;
		if (mapping)
			ret = flat_pair_events(w, f, &e, depth);
		else
			ret = flat_event(w, f, &e, depth + 1);
		yaml_event_delete(&e);
		if (ret != EV_OK)
			return ret;
	}
	yaml_event_delete(&e);
	return EV_OK;
}

/* flatten() over events: ev opens the node, the rest is read here. */
static int flat_event(struct walk *w, struct flat *f, yaml_event_t *ev,
		      int depth)
{
	if (depth > FLATTEN_DEPTH || f->budget-- <= 0)
		return skip_node(w, ev);
	if (ev->type == YAML_SCALAR_EVENT) {
		flat_scalar(f, (const char *)ev->data.scalar.value,
			    ev->data.scalar.length);
		return EV_OK;
	}
	return flat_children(w, f, ev->type == YAML_MAPPING_START_EVENT,
			     depth);
}

static struct held *hold(struct walk *w)
{
	ad_arena *arena = w->c->doc->arena;
	struct held *h;

	if (w->nheld == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;

		h = ad_arena_alloc(arena, cap * sizeof(*h));
		if (w->nheld)
			memcpy(h, w->held, w->nheld * sizeof(*h));
		w->held = h;
		w->cap = cap;
	}
	h = &w->held[w->nheld++];
	memset(h, 0, sizeof(*h));
	return h;
}

/* take_pair() over events: k is the key, already read. */
static int take_pair_events(struct walk *w, yaml_event_t *k)
{
	ad_arena *arena = w->c->doc->arena;
	struct flat f = {arena, NULL, NULL, FLATTEN_BUDGET};
	yaml_event_t v;
	struct held *h;
	char *copy;
	int ret;

	if (k->type != YAML_SCALAR_EVENT) {
		if ((ret = skip_node(w, k)) != EV_OK ||
		    (ret = next_event(w, &v)) != EV_OK)
			return ret;
		ret = skip_node(w, &v);
		yaml_event_delete(&v);
		return ret;
	}
	if ((ret = next_event(w, &v)) != EV_OK)
		return ret;
	h = hold(w);
	h->key = store(arena, (const char *)k->data.scalar.value,
		       k->data.scalar.length);
	h->line = file_line(w->c, k->start_mark.line);
	if (v.type == YAML_SCALAR_EVENT) {
		h->is_scalar = 1;
		h->quoted = v.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		h->n = v.data.scalar.length;
		copy = ad_arena_alloc(arena, h->n + 1);
		memcpy(copy, v.data.scalar.value, h->n + 1);
		h->s = copy;
		ret = EV_OK;
	} else {
		f.out = &h->list;
		ret = flat_event(w, &f, &v, 0);
	}
	yaml_event_delete(&v);
	return ret;
}

/* The root node, ev, and all below it. */
static int take_root_events(struct walk *w, yaml_event_t *ev)
{
	yaml_event_t k;
	int ret;

	if (ev->type != YAML_MAPPING_START_EVENT) {
		w->not_mapping = file_line(w->c, ev->start_mark.line) + 1;
		return skip_node(w, ev);
	}
	for (;;) {
		if ((ret = next_event(w, &k)) != EV_OK)
			return ret;
		if (k.type == YAML_MAPPING_END_EVENT)
			break;
		ret = take_pair_events(w, &k);
		yaml_event_delete(&k);
		if (ret != EV_OK)
			return ret;
	}
	yaml_event_delete(&k);
	return EV_OK;
}

/* The first document, as yaml_parser_load() reads it: its events up to
 * its end and not one further. */
static int take_events(struct walk *w)
{
	yaml_event_t ev;
	int ret, type;

	if ((ret = next_event(w, &ev)) != EV_OK) /* the stream's start */
		return ret;
	yaml_event_delete(&ev);
	if ((ret = next_event(w, &ev)) != EV_OK)
		return ret;
	type = ev.type;
	yaml_event_delete(&ev);
	if (type == YAML_STREAM_END_EVENT)
		return EV_OK; /* an empty block */
	if ((ret = next_event(w, &ev)) != EV_OK) /* the root */
		return ret;
	ret = take_root_events(w, &ev);
	yaml_event_delete(&ev);
	if (ret != EV_OK || (ret = next_event(w, &ev)) != EV_OK)
		return ret; /* the document's end */
	yaml_event_delete(&ev);
	return EV_OK;
}

/* The held pairs become fields, in order, now that the document is whole. */
static void commit_held(struct walk *w)
{
	size_t i;

	if (w->not_mapping)
		ad_doc_warn(w->c->doc, w->not_mapping - 1,
			    "frontmatter is not a mapping");
	for (i = 0; i < w->nheld; i++) {
		const struct held *h = &w->held[i];

		if (h->is_scalar)
			add_scalar(w->c, h->key, h->line, h->s, h->n,
				   h->quoted);
		else
			add_field(w->c, h->key, h->line, &h->list, 1);
	}
}

/* ---- reading the block -------------------------------------------------- */

static int parser_open(struct fm_ctx *c, yaml_parser_t *parser)
{
	if (!yaml_parser_initialize(parser)) {
		ad_doc_warn(c->doc, c->first_line,
			    "invalid frontmatter yaml: out of memory");
		return -1;
	}
	yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(parser,
				     (const unsigned char *)c->yaml.ptr,
				     c->yaml.len);
	return 0;
}

/* Through the document API: 0 when libyaml read the block, -1 (after a
 * warning) when it did not. */
static int load_tree(struct fm_ctx *c)
{
	yaml_parser_t parser;
	yaml_document_t yd;
	int ret = -1;

	if (parser_open(c, &parser) != 0)
		return -1;
	if (!yaml_parser_load(&parser, &yd)) {
		warn_yaml(c, &parser);
		goto done; /* the loader has already freed the document */
	}
	take_document(c, &yd);
	yaml_document_delete(&yd);
	ret = 0;
done:
	yaml_parser_delete(&parser);
	return ret;
}

/* The same through the events, or through the tree when the block has an
 * anchor or an alias. */
static int load_yaml(struct fm_ctx *c)
{
	yaml_parser_t parser;
	struct walk w;
	int ret;

	if (parser_open(c, &parser) != 0)
		return -1;
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.parser = &parser;
	ret = take_events(&w);
	if (ret == EV_OK)
		commit_held(&w);
	else if (ret == EV_ERROR)
		warn_yaml(c, &parser);
	yaml_parser_delete(&parser);
	if (ret == EV_GRAPH)
		return load_tree(c);
	return ret == EV_OK ? 0 : -1;
}

/* ---- bounds ------------------------------------------------------------ */

/* What a flow scan carries from one byte to the next. */
struct nest {
	int depth, max;
	char quote; /* the open quote, or 0 */
	char prev;  /* the last byte that was not a blank */
	int gap;    /* a blank came after prev */
};

/* Whether a '[', '{' or quote at this point opens a flow collection or a
 * quoted scalar: at the start of a line or after an indicator and a blank
 * in block context; after an indicator of its own in flow context. Inside
 * a plain scalar (`see a[1]`, `don't`) it does not. */
static int nest_opens(const struct nest *n)
{
	if (n->prev == '\n')
		return 1;
	if (n->depth)
		return strchr(",[{:", n->prev) != NULL;
	return n->gap && strchr(":-?", n->prev) != NULL;
}

static void nest_byte(struct nest *n, const char *p, size_t *i, size_t len)
{
	char ch = p[*i];

	if (n->quote) {
		if (n->quote == '"' && ch == '\\' && *i + 1 < len)
			(*i)++;
		else if (ch == n->quote)
			n->quote = 0;
		return;
	}
	if (ch == ' ' || ch == '\t' || (ch == '\n' && n->depth)) {
		n->gap = 1;
		return;
	}
	if (ch == '#' && (n->gap || n->prev == '\n')) {
		while (*i + 1 < len && p[*i + 1] != '\n')
			(*i)++; /* a comment */
		return;
	}
	if ((ch == '[' || ch == '{') && nest_opens(n)) {
		if (++n->depth > n->max)
			n->max = n->depth;
	} else if ((ch == ']' || ch == '}') && n->depth) {
		n->depth--;
	} else if ((ch == '"' || ch == '\'') && nest_opens(n)) {
		n->quote = ch;
	}
	n->prev = ch;
	n->gap = 0;
}

/* The '[' and '{' of the text: flow collections cannot nest deeper than
 * there are of them. */
static size_t openers(const char *p, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += p[i] == '[' || p[i] == '{';
	return n;
}

/* 1 when flow collections nest deeper than the bound. Most blocks have
 * too few openers to, and are not scanned byte by byte. */
static int flow_too_deep(const struct fm_ctx *c)
{
	struct nest n = {0, 0, 0, '\n', 0};
	size_t i;

	if (openers(c->yaml.ptr, c->yaml.len) <= AD_FRONTMATTER_MAX_DEPTH)
		return 0;

	for (i = 0; i < c->yaml.len && n.max <= AD_FRONTMATTER_MAX_DEPTH; i++)
		nest_byte(&n, c->yaml.ptr, &i, c->yaml.len);
	return n.max > AD_FRONTMATTER_MAX_DEPTH;
}

/* The compact `- ` and `? ` indicators that open the line after its
 * indentation: `- - - x` nests three deep on one line. */
static int compact_indicators(const char *p, size_t n)
{
	size_t i = 0;
	int count = 0;

	while (i + 1 < n && (p[i] == '-' || p[i] == '?') && p[i + 1] == ' ') {
		count++;
		for (i += 2; i < n && p[i] == ' '; i++)
			;
	}
	return count;
}

/* 1 when block collections nest deeper than the bound. A line is one
 * level deeper than the smaller indentations still open above it, or as
 * many levels deeper as it has compact indicators. Lines of a block scalar
 * count as nesting too, which only errs towards the recovery by hand. */
static int block_too_deep(const struct fm_ctx *c)
{
	size_t open[AD_FRONTMATTER_MAX_DEPTH];
	const char *p = c->yaml.ptr, *end = p + c->yaml.len;
	int sp = 0, more;

	while (p < end) {
		size_t n = line_len(p, end), indent = 0;

		while (indent < n && p[indent] == ' ')
			indent++;
		if (indent < n && p[indent] != '#') {
			while (sp && open[sp - 1] >= indent)
				sp--;
			more = compact_indicators(p + indent, n - indent);
			if (sp + (more ? more : 1) > AD_FRONTMATTER_MAX_DEPTH)
				return 1;
			open[sp++] = indent;
		}
		p = next_line(p, n, end);
	}
	return 0;
}

/* 0 when libyaml may read the block; -1 after a warning when it is larger
 * or deeper than the bounds: libyaml's time grows faster than the text
 * with flow nesting (100,000 nested '[' take it about 18 s), and its
 * memory is some 170 times the text with block nesting. */
static int check_bounds(struct fm_ctx *c)
{
	if (c->yaml.len > AD_FRONTMATTER_MAX_BYTES) {
		ad_doc_warn(c->doc, c->first_line,
			    "frontmatter is %zu bytes, over the bound of %d: "
			    "its top-level keys are read by hand",
			    c->yaml.len, AD_FRONTMATTER_MAX_BYTES);
		return -1;
	}
	if (flow_too_deep(c) || block_too_deep(c)) {
		ad_doc_warn(c->doc, c->first_line,
			    "frontmatter nests deeper than the bound of %d: "
			    "its top-level keys are read by hand",
			    AD_FRONTMATTER_MAX_DEPTH);
		return -1;
	}
	return 0;
}

/* ---- recovery by hand --------------------------------------------------- */

/* The field being read: `key: value` plus the lines that continue it. */
struct rec {
	const char *key; /* NULL before the first key */
	int line;
	char block;      /* '|' or '>' after `key: |`, else 0 */
	int blanks;      /* blank lines since the last text */
	int in_example;  /* the text ends inside an <example> */
	ad_buf text;
	struct vlist items; /* `- item` lines */
};

static int is_key_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

/* The length of the key if the line is `key:` or `key: value`, else 0. */
static size_t key_len(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_key_char(p[i]))
		i++;
	if (i == 0 || i == n || p[i] != ':')
		return 0;
	if (i + 1 < n && p[i + 1] != ' ' && p[i + 1] != '\t')
		return 0;
	return i;
}

/* Inside an <example> of a description written over several lines, a
 * `user: ...` line is dialogue, not a key; so the text added from `from`
 * on is looked at for the tags. */
static void note_examples(struct rec *r, size_t from)
{
	const char *p = r->text.ptr + from;

	while ((p = strchr(p, '<')) != NULL) {
		if (strncmp(p, "<example>", 9) == 0)
			r->in_example = 1;
		else if (strncmp(p, "</example>", 10) == 0)
			r->in_example = 0;
		p++;
	}
}

static int is_block_indicator(const char *s, size_t n)
{
	size_t i;

	if (!n || (s[0] != '|' && s[0] != '>'))
		return 0;
	for (i = 1; i < n; i++)
		if (!strchr("+-0123456789", s[i]))
			return 0;
	return 1;
}

static void rec_flush(struct fm_ctx *c, struct rec *r)
{
	const char *s = r->text.ptr;
	size_t n = r->text.len;
	struct vlist vl = {NULL, 0, 0};

	if (!r->key)
		return;
	trim(&s, &n);
	if (r->items.n) {
		add_field(c, r->key, r->line, &r->items, 1);
	} else if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		split_commas(c->doc->arena, &vl, s + 1, n - 2);
		add_field(c, r->key, r->line, &vl, 1);
	} else {
		strip_quotes(&s, &n);
		add_scalar(c, r->key, r->line, s, n, 0);
	}
	r->key = NULL;
	r->block = 0;
	r->blanks = 0;
	r->in_example = 0;
	ad_buf_clear(&r->text);
	memset(&r->items, 0, sizeof(r->items));
}

static void rec_start(struct fm_ctx *c, struct rec *r, const char *p,
		      size_t klen, size_t n, int line)
{
	const char *v = p + klen + 1;
	size_t vlen = n - klen - 1;

	rec_flush(c, r);
	r->key = store(c->doc->arena, p, klen);
	r->line = line;
	trim(&v, &vlen);
	if (is_block_indicator(v, vlen))
		r->block = v[0];
	else
		ad_buf_put(&r->text, v, vlen);
	note_examples(r, 0);
}

/* Continuation text joins as YAML would fold it: a space between lines, a
 * newline for a blank line, every newline kept in a `|` block. */
static void rec_append(struct rec *r, const char *s, size_t n)
{
	size_t from = r->text.len;
	int i;

	if (r->text.len) {
		if (r->block == '|')
			for (i = 0; i <= r->blanks; i++)
				ad_buf_putc(&r->text, '\n');
		else
			ad_buf_putc(&r->text, r->blanks ? '\n' : ' ');
	}
	ad_buf_put(&r->text, s, n);
	r->blanks = 0;
	note_examples(r, from);
}

/* An item continued on a further line grows by a space and that line. */
static void rec_append_item(struct fm_ctx *c, struct rec *r, const char *s,
			    size_t n)
{
	ad_buf b = AD_BUF_INIT;

	ad_buf_puts(&b, r->items.v[r->items.n - 1]);
	ad_buf_putc(&b, ' ');
	ad_buf_put(&b, s, n);
	r->items.v[r->items.n - 1] = store(c->doc->arena, b.ptr, b.len);
	ad_buf_dispose(&b);
}

static void rec_more(struct fm_ctx *c, struct rec *r, const char *s, size_t n)
{
	trim(&s, &n);
	if (!n)
		return;
	if (r->block) {
		rec_append(r, s, n);
	} else if (s[0] == '#') {
		/* a comment line */
	} else if (!r->text.len && s[0] == '-' &&
		   (n == 1 || s[1] == ' ' || s[1] == '\t')) {
		s++;
		n--;
		trim(&s, &n);
		strip_quotes(&s, &n);
		vlist_push(c->doc->arena, &r->items,
			   store(c->doc->arena, s, n));
	} else if (r->items.n) {
		rec_append_item(c, r, s, n);
	} else {
		rec_append(r, s, n);
	}
}

/* Lines are whole YAML text lines; blank ones are already empty. A line
 * that is neither a key nor indented still continues the value before it:
 * writers wrap long descriptions at column 0. */
static void rec_line(struct fm_ctx *c, struct rec *r, const char *p,
		     size_t n, int line)
{
	size_t klen = key_len(p, n);

	if (!n)
		r->blanks++;
	else if (klen && !r->in_example)
		rec_start(c, r, p, klen, n, line);
	else if (r->key)
		rec_more(c, r, p, n);
}

static void recover(struct fm_ctx *c)
{
	const char *p = c->yaml.ptr, *end = p + c->yaml.len;
	struct rec r;
	int line = c->first_line;

	memset(&r, 0, sizeof(r));
	ad_buf_init(&r.text);
	while (p < end) {
		size_t n = line_len(p, end);

		rec_line(c, &r, p, n, line++);
		p += n;
		if (p < end)
			p++;
	}
	rec_flush(c, &r);
	ad_buf_dispose(&r.text);
	c->doc->fm.recovered = 1;
}

/* ---- description -------------------------------------------------------- */

/* Escapes the writer meant but YAML did not decode: plain and single-quoted
 * scalars keep `\n` as two characters, and generators that escape twice
 * leave `\n` even in double-quoted ones, so decoding is always right for a
 * description. A `\r` goes the way of every carriage return: text here is
 * '\n'-separated. */
static void unescape(ad_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\r')
			continue;
		if (*s != '\\' || !s[1] || !strchr("ntr\"\\", s[1])) {
			ad_buf_putc(out, *s);
			continue;
		}
		s++;
		if (*s == 'n')
			ad_buf_putc(out, '\n');
		else if (*s == 't')
			ad_buf_putc(out, '\t');
		else if (*s != 'r')
			ad_buf_putc(out, *s);
	}
}

/* s[0..n) trimmed, trailing blanks of each line dropped, and any run of
 * blank lines reduced to one, so paragraphs stay apart. */
static const char *tidy(ad_arena *arena, const char *s, size_t n)
{
	const char *end = s + n;
	ad_buf out = AD_BUF_INIT;
	const char *res;
	int blanks = 0;

	while (s < end) {
		size_t len = line_len(s, end);
		const char *l = s;

		while (len && is_space(l[len - 1]))
			len--;
		if (!out.len)
			trim(&l, &len);
		if (!len) {
			blanks++;
		} else {
			if (out.len)
				ad_buf_puts(&out, blanks ? "\n\n" : "\n");
			ad_buf_put(&out, l, len);
			blanks = 0;
		}
		s += line_len(s, end);
		if (s < end)
			s++;
	}
	res = ad_arena_strndup(arena, out.ptr, out.len);
	ad_buf_dispose(&out);
	return res;
}

/* Each <example> block goes to ex and leaves a line break in rest; an
 * unclosed one runs to the end. */
static void take_examples(ad_arena *arena, const char *s, ad_buf *rest,
			  struct vlist *ex)
{
	static const char open[] = "<example>", close[] = "</example>";
	const char *o, *inner, *e;
	const char *text;

	while ((o = strstr(s, open)) != NULL) {
		ad_buf_put(rest, s, (size_t)(o - s));
		ad_buf_putc(rest, '\n');
		inner = o + sizeof(open) - 1;
		e = strstr(inner, close);
		if (!e)
			e = inner + strlen(inner);
		text = tidy(arena, inner, (size_t)(e - inner));
		if (*text)
			vlist_push(arena, ex, text);
		s = *e ? e + sizeof(close) - 1 : e;
	}
	ad_buf_puts(rest, s);
}

const char *ad_frontmatter_description(ad_arena *arena, const char *raw,
				       const char ***examples,
				       size_t *nexamples)
{
	ad_buf text = AD_BUF_INIT, rest = AD_BUF_INIT;
	struct vlist ex = {NULL, 0, 0};
	const char *res;

	unescape(&text, raw);
	take_examples(arena, text.ptr, &rest, &ex);
	res = tidy(arena, rest.ptr, rest.len);
	*examples = ex.v;
	*nexamples = ex.n;
	ad_buf_dispose(&text);
	ad_buf_dispose(&rest);
	return res;
}

/* ---- the whole ---------------------------------------------------------- */

static void set_name_and_description(struct fm_ctx *c)
{
	ad_doc *doc = c->doc;
	const ad_fm_field *f = ad_doc_find_field(doc, "description");
	const char *name = ad_doc_field(doc, "name");
	size_t i, n;
	ad_buf raw = AD_BUF_INIT;

	if (name) {
		n = strlen(name);
		trim(&name, &n);
		doc->name = n ? store(doc->arena, name, n) : NULL;
	}
	if (!f)
		return;
	for (i = 0; i < f->nvalues; i++) {
		if (i)
			ad_buf_putc(&raw, '\n');
		ad_buf_puts(&raw, f->values[i]);
	}
	doc->fm.description = ad_frontmatter_description(
		doc->arena, raw.ptr, &doc->fm.examples, &doc->fm.nexamples);
	ad_buf_dispose(&raw);
}

/* ---- keeping what was found ------------------------------------------- */

/* The parsers grow their arrays by doubling and keep copies on the way
 * (a value as libyaml gave it, then as stored), all in a scratch arena:
 * what the doc keeps is copied out of it at its final size, each string
 * into the doc's share when it has one (forks repeat their frontmatter
 * too). Kept, the scratch was a fifth of what a doc of a collection
 * held once its rules were shared. */

/* The n strings at *first, first + stride bytes, ... kept: each replaced
 * by its copy in the share or in the doc's arena. */
static void keep_each(ad_doc *doc, const char **first, size_t n,
		      size_t stride)
{
	unsigned char *at = (unsigned char *)first;
	size_t i;

	if (doc->share) {
		ad_docshare_strs(doc->share, first, n, stride);
		return;
	}
	for (i = 0; i < n; i++, at += stride) {
		const char **s = (const char **)(void *)at;

		*s = ad_arena_strdup(doc->arena, *s);
	}
}

static const char *keep_str(ad_doc *doc, const char *s)
{
	if (s)
		keep_each(doc, &s, 1, sizeof(s));
	return s;
}

static const char **keep_strs(ad_doc *doc, const char **v, size_t n)
{
	const char **out;

	if (!v)
		return NULL;
	out = ad_arena_alloc(doc->arena, (n ? n : 1) * sizeof(*out));
	if (n)
		memcpy(out, v, n * sizeof(*out));
	keep_each(doc, out, n, sizeof(*out));
	return out;
}

static void keep_fields(ad_doc *doc)
{
	ad_frontmatter *fm = &doc->fm;
	ad_fm_field *f;
	size_t i;

	if (!fm->fields)
		return;
	f = ad_arena_alloc(doc->arena,
			   (fm->nfields ? fm->nfields : 1) * sizeof(*f));
	for (i = 0; i < fm->nfields; i++) {
		f[i] = fm->fields[i];
		f[i].values = keep_strs(doc, f[i].values, f[i].nvalues);
	}
	keep_each(doc, &f[0].key, fm->nfields, sizeof(*f));
	fm->fields = f;
}

/* Warnings are not shared: they name their lines. */
static void keep_warnings(ad_doc *doc)
{
	size_t i, n = doc->nwarnings;
	const char **w = NULL;
	int *lines = NULL;

	if (n) {
		w = ad_arena_alloc(doc->arena, n * sizeof(*w));
		lines = ad_arena_memdup(doc->arena, doc->warning_lines,
					n * sizeof(*lines));
	}
	for (i = 0; i < n; i++)
		w[i] = ad_arena_strdup(doc->arena, doc->warnings[i]);
	doc->warnings = w;
	doc->warning_lines = lines;
	doc->cap_warnings = n;
}

/* Everything the frontmatter's parse left pointing into scratch, copied
 * into the doc's own arena (back in doc->arena by now) or its share. */
static void keep_found(ad_doc *doc)
{
	ad_frontmatter *fm = &doc->fm;

	keep_fields(doc);
	fm->description = keep_str(doc, fm->description);
	fm->examples = keep_strs(doc, fm->examples, fm->nexamples);
	doc->name = keep_str(doc, doc->name);
	keep_warnings(doc);
}

/* doc->arena back to keep, what was found copied into it; returns the
 * scratch arena, for the caller to free. */
static ad_arena *keep_scratch(ad_doc *doc, ad_arena *keep)
{
	ad_arena *scratch = doc->arena;

	doc->arena = keep;
	keep_found(doc);
	return scratch;
}

static void parse_block(ad_doc *doc, int tree)
{
	ad_arena *keep = doc->arena;
	struct fm_ctx c;
	struct fm_block b;

	doc->fm.body_offset = 0;
	doc->fm.body_line = 1;
	if (!find_block(doc, &b))
		return;
	doc->fm.present = 1;
	doc->fm.body_offset = b.body;
	doc->fm.body_line = b.close_line + 1;
	memset(&c, 0, sizeof(c));
	c.doc = doc;
	c.first_line = 2;
	c.close_line = b.close_line;
	ad_buf_init(&c.yaml);
	doc->arena = ad_arena_new(); /* scratch: see keep_found() */
	make_yaml(&c, &b);
	if (check_bounds(&c) != 0 ||
	    (tree ? load_tree(&c) : load_yaml(&c)) != 0)
		recover(&c);
	set_name_and_description(&c);
	ad_buf_dispose(&c.yaml);
	ad_strtab_free(c.keys);
	ad_arena_free(keep_scratch(doc, keep));
}

void ad_frontmatter_parse(ad_doc *doc)
{
	parse_block(doc, 0);
}

void ad_frontmatter_parse_tree(ad_doc *doc)
{
	parse_block(doc, 1);
}
