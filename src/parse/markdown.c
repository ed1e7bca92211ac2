/*
 * markdown.c - the body of an agent file as sections and rules (cmark).
 *
 * Method: cmark parses the body into a tree, which is walked once, in
 * document order, with a cmark_iter (no recursion, so a pathological
 * nesting of quotes or lists cannot exhaust the stack). Headings that are
 * children of the document open sections; everything else lands in the
 * section open at the time: list items become rules, paragraphs and quotes
 * become prose, code blocks become section code. Because sections and rules
 * are both appended in document order, the rules of a section form one run
 * of doc->rules and a section can be closed by counting.
 *
 * Text is flattened as it is collected: inline markup is dropped (only the
 * text of emphasis, code spans, links and images is kept), and runs of
 * whitespace become one space, so that what reaches the tokenizer is plain.
 * cmark's core parser knows no tables, so pipe tables arrive as paragraphs;
 * a paragraph is flattened keeping its line breaks, which is enough to spot
 * the separator row and split the rest by row.
 *
 * cmark counts lines from 1 within the text it is given, which starts at
 * the body; doc.h wants lines of the whole file, hence file_line().
 * cmark aborts on out-of-memory, as we do, so nothing here can fail.
 */
#include "parse/markdown.h"

#include <cmark.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/buf.h"
#include "base/arena.h"
#include "parse/doc_internal.h"

#define MAX_LEVEL 6

/* Flattened text: a buffer and whether a space is owed before the next
 * visible character. Owing rather than writing spaces trims both ends and
 * collapses runs for free. */
struct txt {
	ad_buf b;
	int space;
};

struct md {
	ad_doc *doc;
	int base;        /* file line of the body's first line */
	int open;        /* a section is open: doc->sections[cur] */
	size_t cur;
	int depth;       /* list items enclosing the current node */
	int nstack;      /* enclosing headings, outermost first */
	int levels[MAX_LEVEL];
	const char *titles[MAX_LEVEL];
	ad_buf prose;    /* of the open section */
	ad_buf code;     /* of the open section */
	/* of each section closed, until the doc takes them all */
	ad_section_texts *texts;
	size_t cap_texts;
	struct txt t;    /* scratch for one block's text */
	struct txt cells; /* scratch for one table row */
};

static const unsigned char space_table[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\v'] = 1, ['\f'] = 1,
};

static int is_space(char c)
{
	return space_table[(unsigned char)c];
}

static void txt_clear(struct txt *t)
{
	ad_buf_clear(&t->b);
	t->space = 0;
}

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

/* The eight bytes at p, the first one lowest, whatever the machine. */
static uint64_t load8(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
	       (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 |
	       (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 |
	       (uint64_t)u[7] << 56;
}

/* The high bit of each byte of x that is ASCII and in [lo, hi] (both
 * below 0x80): the high bits are cleared first, so that neither
 * subtraction borrows from the next byte, and put back as a mask. */
static uint64_t in_range(uint64_t x, unsigned lo, unsigned hi)
{
	uint64_t a = x & ~HIGH;

	return ((a | HIGH) - ONES * lo) & (ONES * (0x80 | hi) - a) & ~x & HIGH;
}

/* The position of the lowest byte flagged in m (not 0). */
static size_t first_flag(uint64_t m)
{
#if defined(__GNUC__)
	return (size_t)__builtin_ctzll(m) / 8;
#else
	size_t i = 0;

	while (!(m & 0x80)) {
		m >>= 8;
		i++;
	}
	return i;
#endif
}

/* Whether the byte at p ends a run: whitespace other than a lone ' '
 * between two words. */
static int ends_run(const char *p, const char *end)
{
	return is_space(*p) &&
	       (*p != ' ' || p + 1 == end || is_space(p[1]));
}

/* Where the run of text starting at s ends: at the first whitespace that
 * is not a lone ' ' between two words (such runs need no rewriting, and
 * most prose is one long run). Eight bytes at a time, without a branch
 * per word: a block's flags are its whitespace other than ' ', and its
 * spaces that whitespace follows (the byte after the block included). */
static const char *run_end(const char *s, const char *end)
{
	while (end - s > 8) {
		uint64_t x = load8(s);
		uint64_t other = in_range(x, '\t', '\r');
		uint64_t blank = in_range(x, ' ', ' ');
		uint64_t next = (other | blank) >> 8 |
				(uint64_t)is_space(s[8]) << 63;
		uint64_t m = other | (blank & next);

		if (m)
			return s + first_flag(m);
		s += 8;
	}
	while (s < end && !ends_run(s, end))
		s++;
	return s;
}

static void txt_putn(struct txt *t, const char *s, size_t n)
{
	const char *end = s + n;

	while (s < end) {
		const char *word = s;

		if (is_space(*s)) {
			t->space = 1;
			s++;
			continue;
		}
		s = run_end(s, end);
		if (t->space && t->b.len && !is_space(t->b.ptr[t->b.len - 1]))
			ad_buf_putc(&t->b, ' ');
		t->space = 0;
		ad_buf_put(&t->b, word, (size_t)(s - word));
	}
}

/* Back to an earlier length; an untouched buffer may still be the
 * read-only "" of AD_BUF_INIT, so only a real cut writes. */
static void txt_truncate(struct txt *t, size_t len)
{
	if (len < t->b.len) {
		t->b.len = len;
		t->b.ptr[len] = '\0';
	}
	t->space = 0;
}

static void txt_put(struct txt *t, const char *s)
{
	if (s)
		txt_putn(t, s, strlen(s));
}

/* A line break kept as such, even after an empty line, so that line i of
 * the text is line i of the source; a space owed before it is forgiven. */
static void txt_newline(struct txt *t)
{
	ad_buf_putc(&t->b, '\n');
	t->space = 0;
}

/* The text of node's inlines. With keep_lines, soft and hard breaks stay
 * '\n' (tables need their rows); otherwise they are spaces. Raw inline HTML
 * is markup, not text, and is dropped. */
static void inline_text(struct txt *t, cmark_node *node, int keep_lines)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			txt_put(t, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			if (keep_lines)
				txt_newline(t);
			else
				t->space = 1;
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static int file_line(const struct md *md, cmark_node *n)
{
	return md->base + cmark_node_get_start_line(n) - 1;
}

/* The number of LF bytes in s[0..len), eight at a time: a byte is LF when
 * its xor with LF is zero, and the flags of zero bytes computed without a
 * borrow are exact, so they can be summed. */
static size_t count_lf(const char *s, size_t len)
{
	const uint64_t low7 = ONES * 0x7f;
	size_t i = 0, n = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t x = load8(s + i) ^ ONES * '\n';
		uint64_t zero = ~(((x & low7) + low7) | x | low7);

		n += (size_t)(((zero >> 7) * ONES) >> 56);
	}
	for (; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* The last line of the file, counting line endings as cmark does (LF,
 * CRLF or a lone CR), so that section ranges agree with its numbering. */
static int last_line(const ad_doc *doc)
{
	const char *cr = memchr(doc->text, '\r', doc->len);
	int lines = (int)count_lf(doc->text, doc->len);
	size_t i;

	/* a CR is a line ending of its own unless an LF follows it */
	for (i = cr ? (size_t)(cr - doc->text) : doc->len; i < doc->len; i++)
		lines += doc->text[i] == '\r' &&
			 (i + 1 == doc->len || doc->text[i + 1] != '\n');
	if (doc->len && doc->text[doc->len - 1] != '\n' &&
	    doc->text[doc->len - 1] != '\r')
		lines++;
	return lines;
}

/* A heading or path; one of a doc with a share is copied into its
 * scratch, and into the share when the doc is sealed. */
static const char *arena_copy(ad_doc *doc, const ad_buf *b)
{
	return ad_arena_strndup(ad_doc_arena_for_shared(doc), b->ptr,
				b->len);
}

static void close_section(struct md *md, int line_end)
{
	ad_section *s;

	if (!md->open)
		return;
	s = &md->doc->sections[md->cur];
	s->line_end = line_end < s->line_start ? s->line_start : line_end;
	ad_grow(&md->texts, &md->cap_texts, md->cur + 1, sizeof(*md->texts));
	md->texts[md->cur].text = ad_arena_strndup(
		md->doc->texts, md->prose.ptr, md->prose.len);
	md->texts[md->cur].code =
		md->code.len ? ad_arena_strndup(md->doc->texts, md->code.ptr,
						md->code.len)
			     : NULL;
	s->nrules = (uint32_t)(md->doc->nrules - s->first_rule);
	ad_buf_clear(&md->prose);
	ad_buf_clear(&md->code);
	md->open = 0;
}

static ad_section *open_section(struct md *md)
{
	ad_section *s = ad_doc_add_section(md->doc);

	md->cur = md->doc->nsections - 1;
	md->open = 1;
	s->first_rule = (uint32_t)md->doc->nrules;
	return s;
}

/* Open the intro if no heading came yet, for content to go to: the intro
 * exists only once something is put in it. */
static void open_intro(struct md *md)
{
	if (!md->open) {
		ad_section *s = open_section(md);

		s->path = "";
		s->title = "";
		s->level = 0;
		s->line_start = md->base;
	}
}

static void push_heading(struct md *md, int level, const char *title)
{
	while (md->nstack > 0 && md->levels[md->nstack - 1] >= level)
		md->nstack--;
	/* Levels are 1..6 and strictly increase up the stack, so it never
	 * holds more than MAX_LEVEL entries. */
	md->levels[md->nstack] = level;
	md->titles[md->nstack] = title;
	md->nstack++;
}

static const char *heading_path(struct md *md)
{
	ad_buf path = AD_BUF_INIT;
	const char *out;
	int i;

	for (i = 0; i < md->nstack; i++) {
		if (i)
			ad_buf_puts(&path, " > ");
		ad_buf_puts(&path, md->titles[i]);
	}
	out = arena_copy(md->doc, &path);
	ad_buf_dispose(&path);
	return out;
}

static void start_section(struct md *md, cmark_node *heading)
{
	int line = file_line(md, heading);
	int level = cmark_node_get_heading_level(heading);
	const char *title;
	ad_section *s;

	txt_clear(&md->t);
	inline_text(&md->t, heading, 0);
	/* A bare `#` is used as a rule line; as a section it would only
	 * leave a hole in the paths of the headings under it. */
	if (!md->t.b.len)
		return;
	close_section(md, line - 1);
	title = arena_copy(md->doc, &md->t.b);
	push_heading(md, level, title);
	s = open_section(md);
	s->path = heading_path(md);
	s->title = title;
	s->level = level;
	s->line_start = line;
}

/* Append s[0..len) as a new line of the open section's prose or code
 * (to), opening the intro if no section is open yet. */
static void add_line(struct md *md, ad_buf *to, const char *s, size_t len)
{
	if (!len)
		return;
	open_intro(md);
	if (to->len)
		ad_buf_putc(to, '\n');
	ad_buf_put(to, s, len);
}

static void add_prose(struct md *md, const char *s, size_t len)
{
	add_line(md, &md->prose, s, len);
}

static void add_code(struct md *md, const char *literal)
{
	size_t len = literal ? strlen(literal) : 0;

	while (len && is_space(literal[len - 1]))
		len--;
	add_line(md, &md->code, literal, len);
}

static ad_rule *add_rule(struct md *md, const char *text, size_t len,
			 int line, ad_rule_kind kind)
{
	ad_rule *r;

	open_intro(md);
	r = ad_doc_add_rule(md->doc);
	r->text = ad_arena_strndup(ad_doc_arena_for_shared(md->doc), text, len);
	r->line = line;
	r->depth = md->depth < AD_RULE_MAX_DEPTH ? md->depth
						   : AD_RULE_MAX_DEPTH;
	r->kind = kind;
	return r;
}

/* --- pipe tables --------------------------------------------------------- */

/* A delimiter row: pipes, dashes, colons and blanks, with at least one dash
 * and one pipe (a bare `---` would have made a setext heading). */
static int is_separator(const char *s, size_t n)
{
	int dash = 0, pipe = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = 1;
		else if (s[i] == '|')
			pipe = 1;
		else if (s[i] != ':' && !is_space(s[i]))
			return 0;
	}
	return dash && pipe;
}

static size_t line_len(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? (size_t)(nl - s) : strlen(s);
}

static const char *next_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? nl + 1 : NULL;
}

/* Index of the header row when some line holding a pipe is followed by a
 * separator row, -1 otherwise. Lines before it are prose that the table
 * interrupted. */
static int table_header(const char *s)
{
	const char *prev = NULL;
	int i = 0;

	for (; s; s = next_line(s), i++) {
		size_t n = line_len(s);

		if (prev && memchr(prev, '|', line_len(prev)) &&
		    is_separator(s, n))
			return i - 1;
		prev = s;
	}
	return -1;
}

/* The cells of one row, trimmed and joined with " | ", empty ones left
 * out (so the outer pipes need no special case). */
static void row_cells(struct txt *out, const char *s, size_t n)
{
	const char *end = s + n;

	txt_clear(out);
	while (s < end) {
		const char *bar = memchr(s, '|', (size_t)(end - s));
		const char *cell_end = bar ? bar : end;
		size_t mark = out->b.len, start;

		if (mark)
			ad_buf_puts(&out->b, " | ");
		start = out->b.len;
		out->space = 0;
		txt_putn(out, s, (size_t)(cell_end - s));
		if (out->b.len == start)
			txt_truncate(out, mark);
		s = bar ? bar + 1 : end;
	}
}

static const char *nth_line(const char *s, int n)
{
	while (n-- > 0)
		s = next_line(s);
	return s;
}

/* Lines before the header row are text the table interrupted: prose, or
 * already the item's own text when in_item. The header row is prose, the
 * separator is skipped, and every later line is a row. md->t holds the
 * paragraph's lines. */
static void split_table(struct md *md, cmark_node *para, int header,
			int in_item)
{
	int line0 = file_line(md, para);
	const char *s = nth_line(md->t.b.ptr, header);
	int i = header;

	if (!in_item) {
		txt_clear(&md->cells);
		txt_putn(&md->cells, md->t.b.ptr, (size_t)(s - md->t.b.ptr));
		add_prose(md, md->cells.b.ptr, md->cells.b.len);
	}
	for (; s; s = next_line(s), i++) {
		if (i == header + 1)
			continue;
		row_cells(&md->cells, s, line_len(s));
		if (i == header)
			add_prose(md, md->cells.b.ptr, md->cells.b.len);
		else if (md->cells.b.len)
			add_rule(md, md->cells.b.ptr, md->cells.b.len,
				 line0 + i, AD_RULE_ROW);
	}
}

/* Flatten a paragraph into t keeping its lines; returns the header row
 * index if it holds a pipe table, else -1. */
static int paragraph_lines(struct txt *t, cmark_node *para)
{
	txt_clear(t);
	inline_text(t, para, 1);
	if (!strchr(t->b.ptr, '|'))
		return -1;
	return table_header(t->b.ptr);
}

/* Turn the text of paragraph_lines() into what inline_text() without
 * keep_lines gives, in place: each line break becomes a space owed to the
 * next word. Within lines the text is already normalised, so this saves
 * flattening every paragraph twice. */
static void lines_to_spaces(struct txt *t)
{
	char *b = t->b.ptr;
	char *nl = memchr(b, '\n', t->b.len);
	size_t i, j;
	int space = 0;

	if (!nl) { /* most paragraphs: one line, nothing to do */
		t->space = 0;
		return;
	}
	for (i = j = (size_t)(nl - b); i < t->b.len; i++) {
		if (b[i] == '\n') {
			space = 1;
			continue;
		}
		if (space && j > 0)
			b[j++] = ' ';
		space = 0;
		b[j++] = b[i];
	}
	if (t->b.cap) { /* else still the read-only "" of AD_BUF_INIT */
		t->b.len = j;
		b[j] = '\0';
	}
	t->space = space;
}

/* --- blocks -------------------------------------------------------------- */

/* A paragraph of an item is part of the item's text unless it is a table,
 * whose rows are rules of their own. */
static void on_paragraph(struct md *md, cmark_node *para, int in_item)
{
	int header;

	/* on_item() has flattened its own paragraphs already and marked the
	 * tables among them: the others need no second look */
	if (in_item && cmark_node_get_type(cmark_node_parent(para)) ==
			       CMARK_NODE_ITEM &&
	    !cmark_node_get_user_data(para))
		return;
	header = paragraph_lines(&md->t, para);

	if (header >= 0) {
		split_table(md, para, header, in_item);
		return;
	}
	if (in_item)
		return;
	lines_to_spaces(&md->t);
	add_prose(md, md->t.b.ptr, md->t.b.len);
}

/* What may follow '<' in a tag, a comment or a declaration. */
static int starts_tag(char c)
{
	return c == '/' || c == '!' || c == '?' || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

/* The text of an HTML block is prose, with its tags and comments left out.
 * A rough cut, but enough for the <example>, <details> and <instructions>
 * wrappers agent files put around plain text. */
static void on_html(struct md *md, const char *s)
{
	txt_clear(&md->t);
	while (s && *s) {
		const char *lt = strchr(s, '<');
		const char *gt;

		if (!lt) {
			txt_put(&md->t, s);
			break;
		}
		txt_putn(&md->t, s, (size_t)(lt - s));
		if (strncmp(lt, "<!--", 4) == 0) {
			gt = strstr(lt + 4, "-->");
			s = gt ? gt + 3 : NULL;
		} else if (starts_tag(lt[1])) {
			gt = strchr(lt, '>');
			s = gt ? gt + 1 : NULL;
		} else {
			txt_putn(&md->t, lt, 1);
			s = lt + 1;
			continue;
		}
		md->t.space = 1; /* a tag separates words */
	}
	add_prose(md, md->t.b.ptr, md->t.b.len);
}

/* Length of a `[ ]`, `[x]` or `[X]` marker (and its space) opening an
 * item's text, with *task set to 0 or 1; 0 and -1 when there is none. */
static size_t task_marker(const char *s, int *task)
{
	*task = -1;
	if (s[0] != '[' || s[1] == '\0' || s[2] != ']')
		return 0;
	if (s[3] != ' ' && s[3] != '\0')
		return 0;
	if (s[1] == ' ')
		*task = 0;
	else if (s[1] == 'x' || s[1] == 'X')
		*task = 1;
	else
		return 0;
	return s[3] ? 4 : 3;
}

/* An item's own text is its direct paragraphs (and headings, which inside
 * an item are just emphatic text); nested lists, quotes, code and tables
 * are reached later by the walk and land elsewhere. */
static void on_item(struct md *md, cmark_node *item)
{
	cmark_node *first = cmark_node_first_child(item);
	cmark_node *c;
	ad_rule_kind kind = AD_RULE_ITEM;
	int task = -1, header;
	size_t cut = 0;
	ad_rule *r;

	txt_clear(&md->t);
	for (c = first; c; c = cmark_node_next(c)) {
		cmark_node_type type = cmark_node_get_type(c);

		if (type != CMARK_NODE_PARAGRAPH && type != CMARK_NODE_HEADING)
			continue;
		md->t.space = md->t.b.len > 0;
		/* md->cells is free until a table is split; a table's rows
		 * are rules of their own, and only the lines it interrupted
		 * are the item's */
		if (type == CMARK_NODE_PARAGRAPH &&
		    (header = paragraph_lines(&md->cells, c)) >= 0) {
			const char *p = md->cells.b.ptr;

			/* a table: on_paragraph() splits it */
			cmark_node_set_user_data(c, md);
			txt_putn(&md->t, p,
				 (size_t)(nth_line(p, header) - p));
			continue;
		}
		if (type == CMARK_NODE_PARAGRAPH) {
			/* flattened just above: line breaks are whitespace */
			txt_putn(&md->t, md->cells.b.ptr, md->cells.b.len);
			continue;
		}
		inline_text(&md->t, c, 0);
	}
	if (first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH)
		cut = task_marker(md->t.b.ptr, &task);
	if (md->t.b.len == cut)
		return;
	if (cmark_node_get_list_type(cmark_node_parent(item)) ==
	    CMARK_ORDERED_LIST)
		kind = AD_RULE_STEP;
	r = add_rule(md, md->t.b.ptr + cut, md->t.b.len - cut,
		     file_line(md, item), kind);
	r->task = task;
}

/* One block on entry. Returns 1 when its children need no visit. */
static int on_block(struct md *md, cmark_node *n)
{
	cmark_node_type parent = cmark_node_get_type(cmark_node_parent(n));

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_HEADING:
		if (parent == CMARK_NODE_DOCUMENT) {
			start_section(md, n);
		} else if (parent != CMARK_NODE_ITEM) {
			txt_clear(&md->t);
			inline_text(&md->t, n, 0);
			add_prose(md, md->t.b.ptr, md->t.b.len);
		}
		return 1;
	case CMARK_NODE_PARAGRAPH:
		on_paragraph(md, n, parent == CMARK_NODE_ITEM);
		return 1;
	case CMARK_NODE_CODE_BLOCK:
		add_code(md, cmark_node_get_literal(n));
		return 1;
	case CMARK_NODE_HTML_BLOCK:
		on_html(md, cmark_node_get_literal(n));
		return 1;
	default:
		return 0;
	}
}

static void walk(struct md *md, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (cmark_node_get_type(n) == CMARK_NODE_ITEM) {
			if (ev == CMARK_EVENT_ENTER) {
				on_item(md, n);
				md->depth++;
			} else {
				md->depth--;
			}
		} else if (ev == CMARK_EVENT_ENTER && on_block(md, n)) {
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		}
	}
	cmark_iter_free(it);
}

/*
 * cmark allocates every node and buffer on its own, thousands per file,
 * and frees them all when the tree goes. It gets a bump allocator instead:
 * blocks owned by the parse of one file, emptied at once at its end.
 * cmark's allocator hooks take no context, hence the thread-local
 * pointers: each worker thread parses one file at a time.
 *
 * cmark grows its buffers by realloc, most often the buffer it allocated
 * last: that one grows in place while its block has room. The blocks of a
 * parse are kept for the thread's next one (up to POOL_SPARE of them), so
 * that their pages are not returned and faulted in again file after file;
 * ad_markdown_release() gives them back.
 */
typedef struct pool_block {
	struct pool_block *next;
	size_t cap, used;
	max_align_t data[];
} pool_block;

typedef struct pool_hdr {
	size_t size; /* what realloc must copy */
	max_align_t align[];
} pool_hdr;

static _Thread_local pool_block *pool;  /* this parse's, newest first */
static _Thread_local pool_block *spare; /* empty, kept for the next */
static _Thread_local size_t nspare;
static _Thread_local void *last; /* the newest allocation of pool */

#define POOL_BLOCK (64u * 1024u) /* under glibc's mmap threshold */
#define POOL_SPARE 16u           /* a thread keeps 1 MiB at most */

static size_t pool_need(size_t size)
{
	return (sizeof(pool_hdr) + size + sizeof(max_align_t) - 1) /
	       sizeof(max_align_t) * sizeof(max_align_t);
}

/* A block with room for need bytes: a spare one when it is big enough. */
static pool_block *pool_block_new(size_t need)
{
	pool_block *b = spare;

	if (b && need <= b->cap) {
		spare = b->next;
		nspare--;
	} else {
		size_t cap = need > POOL_BLOCK ? need : POOL_BLOCK;

		b = ad_xmalloc(sizeof(*b) + cap);
		b->cap = cap;
	}
	b->used = 0;
	return b;
}

static void *pool_alloc(size_t size)
{
	size_t need = pool_need(size);
	pool_hdr *h;

	if (!pool || pool->cap - pool->used < need) {
		pool_block *b = pool_block_new(need);

		b->next = pool;
		pool = b;
	}
	h = (pool_hdr *)((char *)pool->data + pool->used);
	pool->used += need;
	h->size = size;
	return last = h->align;
}

static void *pool_calloc(size_t n, size_t size)
{
	void *p = pool_alloc(n * size);
	return memset(p, 0, n * size);
}

/* Grow (or shrink) the newest allocation where it is, if its block has
 * room; returns NULL if not. */
static void *pool_resize(void *old, size_t size)
{
	pool_hdr *h = (pool_hdr *)((char *)old - sizeof(pool_hdr));
	size_t at = (size_t)((char *)h - (char *)pool->data);

	if (pool->cap - at < pool_need(size))
		return NULL;
	pool->used = at + pool_need(size);
	h->size = size;
	return old;
}

static void *pool_realloc(void *old, size_t size)
{
	const pool_hdr *h;
	void *p;

	if (old && old == last && (p = pool_resize(old, size)))
		return p;
	p = pool_alloc(size);
	if (old) {
		h = (const pool_hdr *)((const char *)old - sizeof(pool_hdr));
		memcpy(p, old, h->size < size ? h->size : size);
	}
	return p;
}

static void pool_free(void *p)
{
	(void)p; /* everything goes with the pool */
}

/* The end of a parse: its blocks become spares, as many as are kept. */
static void pool_empty(void)
{
	while (pool) {
		pool_block *next = pool->next;

		if (pool->cap == POOL_BLOCK && nspare < POOL_SPARE) {
			pool->next = spare;
			spare = pool;
			nspare++;
		} else {
			free(pool);
		}
		pool = next;
	}
	last = NULL;
}

void ad_markdown_release(void)
{
	pool_empty();
	while (spare) {
		pool_block *next = spare->next;

		free(spare);
		spare = next;
	}
	nspare = 0;
}

static cmark_node *parse_body(const char *text, size_t len)
{
	static cmark_mem mem = {pool_calloc, pool_realloc, pool_free};
	cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &mem);
	cmark_node *root;

	cmark_parser_feed(parser, text, len);
	root = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	return root;
}

void ad_markdown_parse(ad_doc *doc)
{
	struct md md;
	size_t off = doc->fm.body_offset;
	cmark_node *root;

	if (!doc->text || off >= doc->len)
		return;
	memset(&md, 0, sizeof(md));
	md.doc = doc;
	md.base = doc->fm.body_line > 0 ? doc->fm.body_line : 1;
	ad_buf_init(&md.prose);
	ad_buf_init(&md.code);
	ad_buf_init(&md.t.b);
	ad_buf_init(&md.cells.b);
	root = parse_body(doc->text + off, doc->len - off);
	walk(&md, root);
	close_section(&md, last_line(doc));
	/* every section was closed before the next opened */
	if (doc->nsections)
		doc->section_texts = ad_arena_memdup(
			doc->texts, md.texts,
			doc->nsections * sizeof(*md.texts));
	free(md.texts);
	/* No cmark_node_free(): it would walk the tree to hand each node to
	 * pool_free(), which does nothing; the pool goes at once. */
	pool_empty();
	ad_buf_dispose(&md.prose);
	ad_buf_dispose(&md.code);
	ad_buf_dispose(&md.t.b);
	ad_buf_dispose(&md.cells.b);
}
