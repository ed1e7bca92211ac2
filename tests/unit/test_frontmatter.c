/* Unit tests of frontmatter.c: libyaml reading, recovery of invalid YAML by
 * hand, the block's bounds and line numbers, and description clean-up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/buf.h"
#include "agentdup/doc.h"
#include "parse/frontmatter.h"
#include "parse/parse.h"
#include "source/corpus.h"

static ad_doc *parse(const char *text)
{
	ad_error err = AD_ERROR_INIT;
	ad_doc *doc = NULL;

	assert_int_equal(ad_doc_parse(&doc, "x.md", text, strlen(text), &err),
			 0);
	assert_non_null(doc);
	return doc;
}

/* The field exists with exactly these values. */
static void check_field(const ad_doc *doc, const char *key, int is_list,
			const char *const *values, size_t n)
{
	const ad_fm_field *f = ad_doc_find_field(doc, key);
	size_t i;

	assert_non_null(f);
	assert_int_equal(f->is_list, is_list);
	assert_int_equal(f->nvalues, n);
	for (i = 0; i < n; i++)
		assert_string_equal(f->values[i], values[i]);
}

static int field_line(const ad_doc *doc, const char *key)
{
	const ad_fm_field *f = ad_doc_find_field(doc, key);

	assert_non_null(f);
	return f->line;
}

static void test_frontmatter__valid_scalars_and_lists(void **state)
{
	static const char text[] = "---\n"
				   "name: reviewer\n"
				   "description: Reviews code.\n"
				   "model: sonnet\n"
				   "tools: [Read, Grep]\n"
				   "tags:\n"
				   "  - review\n"
				   "  - \"quality\"\n"
				   "---\n"
				   "# Body\n";
	ad_doc *doc = parse(text);

	(void)state;
	assert_true(doc->fm.present);
	assert_false(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 0);
	assert_int_equal(doc->fm.nfields, 5);
	assert_string_equal(doc->name, "reviewer");
	check_field(doc, "model", 0, (const char *[]){"sonnet"}, 1);
	check_field(doc, "tools", 1, (const char *[]){"Read", "Grep"}, 2);
	check_field(doc, "tags", 1, (const char *[]){"review", "quality"}, 2);
	assert_int_equal(field_line(doc, "name"), 2);
	assert_int_equal(field_line(doc, "tags"), 6);
	assert_string_equal(doc->fm.description, "Reviews code.");
	assert_int_equal(doc->fm.nexamples, 0);
	assert_int_equal(doc->fm.body_line, 10);
	assert_int_equal(doc->fm.body_offset,
			 strlen(text) - strlen("# Body\n"));
	assert_string_equal(doc->text + doc->fm.body_offset, "# Body\n");
	ad_doc_free(doc);
}

static void test_frontmatter__comma_separated_tools(void **state)
{
	ad_doc *doc = parse("---\n"
			    "name: a\n"
			    "tools: Read, Grep ,Bash\n"
			    "allowed-tools: Edit\n"
			    "model: opus, sonnet\n"
			    "---\n");

	(void)state;
	assert_int_equal(doc->nwarnings, 0);
	check_field(doc, "tools", 1, (const char *[]){"Read", "Grep", "Bash"},
		    3);
	check_field(doc, "allowed-tools", 1, (const char *[]){"Edit"}, 1);
	/* only tool keys are split */
	check_field(doc, "model", 0, (const char *[]){"opus, sonnet"}, 1);
	assert_null(doc->fm.description);
	ad_doc_free(doc);
}

static void test_frontmatter__no_frontmatter(void **state)
{
	ad_doc *doc = parse("# Title\n\nname: not a key\n");

	(void)state;
	assert_false(doc->fm.present);
	assert_int_equal(doc->fm.nfields, 0);
	assert_int_equal(doc->fm.body_offset, 0);
	assert_int_equal(doc->fm.body_line, 1);
	assert_null(doc->name);
	assert_null(doc->fm.description);
	assert_int_equal(doc->nwarnings, 0);
	ad_doc_free(doc);
}

/* A block left open that begins with a key is read up to its body: the
 * first line that is not a key, indented or a list item. */
static void test_frontmatter__not_closed(void **state)
{
	static const char text[] = "---\n\nname: open\ndescription: never "
				   "closed\ntools:\n- Read\n- Grep\nmetadata:\n"
				   "  owner: me\n\n"
				   "# Role\n\nnote: body text\n";
	ad_doc *doc = parse(text);

	(void)state;
	assert_true(doc->fm.present);
	assert_string_equal(doc->name, "open");
	assert_string_equal(doc->fm.description, "never closed");
	assert_int_equal(doc->fm.body_line, 11);
	assert_string_equal(doc->text + doc->fm.body_offset,
			    "# Role\n\nnote: body text\n");
	assert_int_equal(doc->nwarnings, 1);
	assert_string_equal(doc->warnings[0],
			    "line 1: frontmatter is not closed: read as ending "
			    "at line 10");
	ad_doc_free(doc);
	/* to the end of the file */
	doc = parse("---\nname: open\ndescription: never closed\n");
	assert_true(doc->fm.present);
	assert_string_equal(doc->name, "open");
	assert_int_equal(doc->fm.body_offset, doc->len);
	assert_string_equal(doc->warnings[0],
			    "line 1: frontmatter is not closed: read as ending "
			    "at line 3");
	ad_doc_free(doc);
}

/* Dashes that no key follows are a thematic break: no frontmatter. */
static void test_frontmatter__open_dashes_without_key(void **state)
{
	ad_doc *doc = parse("---\n\nYou review code.\nname: not a key\n");

	(void)state;
	assert_false(doc->fm.present);
	assert_null(doc->name);
	assert_int_equal(doc->fm.body_offset, 0);
	assert_int_equal(doc->fm.body_line, 1);
	assert_int_equal(doc->nwarnings, 1);
	assert_string_equal(doc->warnings[0],
			    "line 1: frontmatter is not closed");
	ad_doc_free(doc);
}

static void test_frontmatter__opening_must_be_three_dashes(void **state)
{
	ad_doc *doc = parse("----\nname: x\n---\n");

	(void)state;
	assert_false(doc->fm.present);
	assert_null(doc->name);
	ad_doc_free(doc);
}

static void test_frontmatter__crlf(void **state)
{
	static const char text[] = "---\r\n"
				   "name: crlf-agent\r\n"
				   "description: \"Line one\\nline two\"\r\n"
				   "tools: Read, Grep\r\n"
				   "---\r\n"
				   "Body\r\n";
	ad_doc *doc = parse(text);
	size_t i;

	(void)state;
	assert_false(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 0);
	assert_string_equal(doc->name, "crlf-agent");
	check_field(doc, "tools", 1, (const char *[]){"Read", "Grep"}, 2);
	assert_string_equal(doc->fm.description, "Line one\nline two");
	for (i = 0; i < doc->fm.nfields; i++)
		assert_null(strchr(doc->fm.fields[i].values[0], '\r'));
	assert_int_equal(doc->fm.body_line, 6);
	assert_string_equal(doc->text + doc->fm.body_offset, "Body\r\n");
	ad_doc_free(doc);
}

/* A lone CR ends a line, as it does for cmark: an old-Mac file has
 * frontmatter too, and its fields and body start on the right lines. */
static void test_frontmatter__lone_cr(void **state)
{
	static const char text[] = "---\r"
				   "name: cr-agent\r"
				   "description: Reviews code.\r"
				   "tools: Read, Grep\r"
				   "---\r"
				   "# Role\r"
				   "\r"
				   "- Always cite the line.\r";
	ad_doc *doc = parse(text);

	(void)state;
	assert_true(doc->fm.present);
	assert_false(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 0);
	assert_string_equal(doc->name, "cr-agent");
	assert_string_equal(doc->fm.description, "Reviews code.");
	check_field(doc, "tools", 1, (const char *[]){"Read", "Grep"}, 2);
	assert_int_equal(field_line(doc, "tools"), 4);
	assert_int_equal(doc->fm.body_line, 6);
	assert_string_equal(doc->text + doc->fm.body_offset, "# Role\r\r"
							     "- Always cite the line.\r");
	assert_int_equal(doc->nsections, 1);
	assert_int_equal(doc->sections[0].line_start, 6);
	assert_int_equal(doc->nrules, 1);
	assert_int_equal(doc->rules[0].line, 8);
	ad_doc_free(doc);
}

/* CR, CRLF and LF in one file each end one line; CR CR is a blank line. */
static void test_frontmatter__mixed_line_ends(void **state)
{
	static const char text[] = "---\r\n"
				   "name: mixed\r"
				   "\r"
				   "model: sonnet\n"
				   "color: red\r\n"
				   "---\r"
				   "Body\n";
	ad_doc *doc = parse(text);

	(void)state;
	assert_false(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 0);
	assert_string_equal(doc->name, "mixed");
	assert_int_equal(field_line(doc, "model"), 4);
	assert_int_equal(field_line(doc, "color"), 5);
	assert_int_equal(doc->fm.body_line, 7);
	assert_string_equal(doc->text + doc->fm.body_offset, "Body\n");
	ad_doc_free(doc);
}

/* Many keys, some repeated: each repeat is reported against the line the
 * key first had, and the first value stays. */
static void test_frontmatter__many_keys_and_repeats(void **state)
{
	ad_buf b = AD_BUF_INIT;
	ad_doc *doc;
	int i;

	(void)state;
	ad_buf_puts(&b, "---\nname: many\n");
	for (i = 0; i < 5000; i++)
		ad_buf_printf(&b, "k%d: v%d\n", i, i);
	ad_buf_puts(&b, "k17: again\nk4999: again\n---\nBody\n");
	doc = parse(b.ptr);
	assert_int_equal(doc->fm.nfields, 5001);
	check_field(doc, "k17", 0, (const char *[]){"v17"}, 1);
	check_field(doc, "k4999", 0, (const char *[]){"v4999"}, 1);
	assert_int_equal(doc->nwarnings, 2);
	assert_non_null(strstr(doc->warnings[0], "'k17' (first on line 20)"));
	assert_non_null(strstr(doc->warnings[1], "'k4999' (first on line 5002)"));
	ad_doc_free(doc);
	ad_buf_dispose(&b);
}

static int warned(const ad_doc *doc, const char *what)
{
	size_t i;

	for (i = 0; i < doc->nwarnings; i++)
		if (strstr(doc->warnings[i], what))
			return 1;
	return 0;
}

/* A block over the size bound never reaches libyaml: a warning names the
 * bound, the keys are read by hand, the body is still analysed. */
static void test_frontmatter__size_bound(void **state)
{
	ad_buf b = AD_BUF_INIT, bound = AD_BUF_INIT;
	ad_doc *doc;
	int i;

	(void)state;
	ad_buf_puts(&b, "---\nname: big\ndescription: A big one.\n");
	for (i = 0; b.len <= AD_FRONTMATTER_MAX_BYTES + 64; i++)
		ad_buf_printf(&b, "key%d: value %d\n", i, i);
	ad_buf_puts(&b, "---\n# Role\n\n- Always cite the line.\n");
	doc = parse(b.ptr);
	ad_buf_printf(&bound, "over the bound of %d",
		      AD_FRONTMATTER_MAX_BYTES);
	assert_true(warned(doc, bound.ptr));
	assert_int_equal(doc->warning_lines[0], 2);
	assert_true(doc->fm.recovered);
	assert_string_equal(doc->name, "big");
	assert_string_equal(doc->fm.description, "A big one.");
	assert_int_equal(doc->fm.nfields, (size_t)i + 2);
	assert_int_equal(doc->nrules, 1);
	ad_doc_free(doc);
	ad_buf_dispose(&b);
	ad_buf_dispose(&bound);
}

/* Flow collections deeper than the bound go to the recovery by hand; at
 * the bound libyaml still reads them; brackets inside plain scalars and
 * quotes are not nesting. */
static void test_frontmatter__flow_depth_bound(void **state)
{
	ad_buf b = AD_BUF_INIT;
	ad_doc *doc;
	int i, depth;

	(void)state;
	for (depth = AD_FRONTMATTER_MAX_DEPTH;
	     depth <= AD_FRONTMATTER_MAX_DEPTH + 1; depth++) {
		ad_buf_clear(&b);
		ad_buf_puts(&b, "---\nname: deep\nnest: ");
		for (i = 0; i < depth; i++)
			ad_buf_puts(&b, i % 2 ? "{k: " : "[");
		ad_buf_putc(&b, 'x');
		for (i = depth - 1; i >= 0; i--)
			ad_buf_puts(&b, i % 2 ? "}" : "]");
		ad_buf_puts(&b, "\nmodel: sonnet\n---\nBody\n");
		doc = parse(b.ptr);
		assert_int_equal(warned(doc, "nests deeper than the bound"),
				 depth > AD_FRONTMATTER_MAX_DEPTH);
		assert_int_equal(doc->fm.recovered,
				 depth > AD_FRONTMATTER_MAX_DEPTH);
		assert_string_equal(doc->name, "deep");
		check_field(doc, "model", 0, (const char *[]){"sonnet"}, 1);
		ad_doc_free(doc);
	}
	ad_buf_clear(&b);
	ad_buf_puts(&b, "---\nname: plain\ndescription: see a");
	for (i = 0; i < 2 * AD_FRONTMATTER_MAX_DEPTH; i++)
		ad_buf_puts(&b, "[b");
	ad_buf_puts(&b, "\nquoted: \"");
	for (i = 0; i < 2 * AD_FRONTMATTER_MAX_DEPTH; i++)
		ad_buf_puts(&b, "[\\\"");
	ad_buf_puts(&b, "\"\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		       "[[[[[[[[[[[[[[[[[[[[[[\n---\nBody\n");
	doc = parse(b.ptr);
	assert_int_equal(doc->nwarnings, 0);
	assert_false(doc->fm.recovered);
	ad_doc_free(doc);
	ad_buf_dispose(&b);
}

/* Block collections count too, compact `- - x` ones included. */
static void test_frontmatter__block_depth_bound(void **state)
{
	ad_buf b = AD_BUF_INIT;
	ad_doc *doc;
	int i, depth;

	(void)state;
	/* `nest:` is one level, each `- ` one more */
	for (depth = AD_FRONTMATTER_MAX_DEPTH;
	     depth <= AD_FRONTMATTER_MAX_DEPTH + 1; depth++) {
		ad_buf_clear(&b);
		ad_buf_puts(&b, "---\nname: deep\nnest:\n  ");
		for (i = 1; i < depth; i++)
			ad_buf_puts(&b, "- ");
		ad_buf_puts(&b, "x\nmodel: sonnet\n---\nBody\n");
		doc = parse(b.ptr);
		assert_int_equal(warned(doc, "nests deeper than the bound"),
				 depth > AD_FRONTMATTER_MAX_DEPTH);
		assert_string_equal(doc->name, "deep");
		check_field(doc, "model", 0, (const char *[]){"sonnet"}, 1);
		ad_doc_free(doc);
	}
	ad_buf_clear(&b);
	ad_buf_puts(&b, "---\nname: deep\n");
	for (i = 0; i <= AD_FRONTMATTER_MAX_DEPTH; i++)
		ad_buf_printf(&b, "%*sk%d:\n", i, "", i);
	ad_buf_puts(&b, "---\nBody\n");
	doc = parse(b.ptr);
	assert_true(warned(doc, "nests deeper than the bound"));
	assert_string_equal(doc->name, "deep");
	ad_doc_free(doc);
	ad_buf_dispose(&b);
}

static void test_frontmatter__utf8_bom(void **state)
{
	ad_doc *doc = parse("\xEF\xBB\xBF---\nname: bom\n---\nBody\n");

	(void)state;
	assert_true(doc->fm.present);
	assert_string_equal(doc->name, "bom");
	assert_int_equal(doc->fm.body_line, 4);
	assert_string_equal(doc->text + doc->fm.body_offset, "Body\n");
	ad_doc_free(doc);
}

/* Blank lines (one holding a tab) right after the opening are no error,
 * and keys keep their own file lines. */
static void test_frontmatter__blank_lines_after_open(void **state)
{
	ad_doc *doc = parse("---\n"
			    "\n"
			    "\t \n"
			    "name: spaced\n"
			    "\n"
			    "description: fine\n"
			    "---\n");

	(void)state;
	assert_false(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 0);
	assert_string_equal(doc->name, "spaced");
	assert_int_equal(field_line(doc, "name"), 4);
	assert_int_equal(field_line(doc, "description"), 6);
	assert_int_equal(doc->fm.body_line, 8);
	ad_doc_free(doc);
}

static void test_frontmatter__long_dash_close(void **state)
{
	ad_doc *doc = parse("---\nname: dashes\nmodel: haiku\n-----\nBody\n");

	(void)state;
	assert_true(doc->fm.present);
	assert_int_equal(doc->nwarnings, 0);
	assert_string_equal(doc->name, "dashes");
	check_field(doc, "model", 0, (const char *[]){"haiku"}, 1);
	assert_int_equal(doc->fm.body_line, 5);
	assert_string_equal(doc->text + doc->fm.body_offset, "Body\n");
	ad_doc_free(doc);
}

static void test_frontmatter__empty_block(void **state)
{
	ad_doc *doc = parse("---\n---\nBody\n");

	(void)state;
	assert_true(doc->fm.present);
	assert_int_equal(doc->fm.nfields, 0);
	assert_int_equal(doc->nwarnings, 0);
	assert_int_equal(doc->fm.body_line, 3);
	assert_int_equal(doc->fm.body_offset, 8);
	ad_doc_free(doc);
}

static void test_frontmatter__recover_colon_in_description(void **state)
{
	ad_doc *doc = parse("---\n"
			    "name: steward\n"
			    "description: Keeps notes. Default view: Luhmann.\n"
			    "tools: Read, Write\n"
			    "color: teal\n"
			    "---\n"
			    "Body\n");

	(void)state;
	assert_true(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 1);
	assert_int_equal(doc->warning_lines[0], 3);
	assert_string_equal(doc->warnings[0],
			    "line 3: invalid frontmatter yaml: mapping values "
			    "are not allowed in this context");
	assert_string_equal(doc->name, "steward");
	check_field(doc, "description", 0,
		    (const char *[]){"Keeps notes. Default view: Luhmann."}, 1);
	check_field(doc, "tools", 1, (const char *[]){"Read", "Write"}, 2);
	check_field(doc, "color", 0, (const char *[]){"teal"}, 1);
	assert_int_equal(field_line(doc, "color"), 5);
	assert_string_equal(doc->fm.description,
			    "Keeps notes. Default view: Luhmann.");
	assert_int_equal(doc->fm.body_line, 7);
	ad_doc_free(doc);
}

static void test_frontmatter__recover_value_starting_with_stars(void **state)
{
	ad_doc *doc = parse("---\n"
			    "name: prd-writer\n"
			    "\n"
			    "description: **PRIMARY AGENT**: writes PRDs\n"
			    "tools: Read\n"
			    "---\n");

	(void)state;
	assert_true(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 1);
	assert_int_equal(doc->warning_lines[0], 4);
	assert_non_null(strstr(doc->warnings[0],
			       "line 4: invalid frontmatter yaml: "));
	/* libyaml takes `*` for an alias */
	assert_non_null(strstr(doc->warnings[0], "alias"));
	assert_string_equal(ad_doc_field(doc, "description"),
			    "**PRIMARY AGENT**: writes PRDs");
	check_field(doc, "tools", 1, (const char *[]){"Read"}, 1);
	ad_doc_free(doc);
}

/* Indented and tab-indented continuations, block lists, flow lists,
 * quotes and `|` blocks, all read by hand. */
static void test_frontmatter__recover_continuations(void **state)
{
	ad_doc *doc = parse("---\n"
			    "name: \"quoted name\"\n"
			    "description: Starts here: then\n"
			    "  goes on\n"
			    "\tand on.\n"
			    "tools:\n"
			    "  - Read\n"
			    "  - 'Grep'\n"
			    "tags: [a, \"b\", c]\n"
			    "# a comment\n"
			    "notes: |\n"
			    "  one\n"
			    "\n"
			    "  two\n"
			    "empty:\n"
			    "-----\n");

	(void)state;
	assert_true(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 1);
	assert_int_equal(doc->warning_lines[0], 3);
	assert_string_equal(doc->name, "quoted name");
	check_field(doc, "description", 0,
		    (const char *[]){"Starts here: then goes on and on."}, 1);
	check_field(doc, "tools", 1, (const char *[]){"Read", "Grep"}, 2);
	check_field(doc, "tags", 1, (const char *[]){"a", "b", "c"}, 3);
	check_field(doc, "notes", 0, (const char *[]){"one\n\ntwo"}, 1);
	check_field(doc, "empty", 0, NULL, 0);
	assert_int_equal(field_line(doc, "tags"), 9);
	assert_int_equal(field_line(doc, "notes"), 11);
	assert_int_equal(doc->fm.nfields, 6);
	assert_int_equal(doc->fm.body_line, 17);
	ad_doc_free(doc);
}

/* `user:` inside an <example> written over lines is dialogue, not a key;
 * libyaml's missing ':' is reported on the line that lacks it. */
static void test_frontmatter__recover_multiline_example(void **state)
{
	ad_doc *doc = parse("---\n"
			    "name: helper\n"
			    "description: Helps.\n"
			    "<example>\n"
			    "user: hi\n"
			    "assistant: hello\n"
			    "</example>\n"
			    "model: opus\n"
			    "---\n");

	(void)state;
	assert_true(doc->fm.recovered);
	assert_int_equal(doc->warning_lines[0], 4);
	assert_non_null(
		strstr(doc->warnings[0], "could not find expected ':'"));
	assert_null(ad_doc_find_field(doc, "user"));
	assert_null(ad_doc_find_field(doc, "assistant"));
	check_field(doc, "model", 0, (const char *[]){"opus"}, 1);
	assert_string_equal(doc->fm.description, "Helps.");
	assert_int_equal(doc->fm.nexamples, 1);
	assert_string_equal(doc->fm.examples[0], "user: hi assistant: hello");
	ad_doc_free(doc);
}

static void test_frontmatter__not_a_mapping(void **state)
{
	ad_doc *doc = parse("---\n- a\n- b\n---\nBody\n");

	(void)state;
	assert_true(doc->fm.present);
	assert_int_equal(doc->fm.nfields, 0);
	assert_int_equal(doc->nwarnings, 1);
	assert_string_equal(doc->warnings[0],
			    "line 2: frontmatter is not a mapping");
	assert_int_equal(doc->fm.body_line, 5);
	ad_doc_free(doc);
}

static void test_frontmatter__duplicate_key_keeps_first(void **state)
{
	ad_doc *doc = parse("---\nname: first\nmodel: x\nname: second\n---\n");

	(void)state;
	assert_string_equal(doc->name, "first");
	assert_int_equal(doc->fm.nfields, 2);
	assert_int_equal(doc->nwarnings, 1);
	assert_int_equal(doc->warning_lines[0], 4);
	assert_non_null(strstr(doc->warnings[0], "duplicate"));
	assert_non_null(strstr(doc->warnings[0], "'name'"));
	ad_doc_free(doc);
}

/* Nested values flatten to scalars; a mapping of switches keeps the keys
 * that are on; a self-referencing alias neither hangs nor crashes. */
static void test_frontmatter__nested_values(void **state)
{
	ad_doc *doc = parse("---\n"
			    "name: oc\n"
			    "tools:\n"
			    "  read: true\n"
			    "  bash: false\n"
			    "  edit: yes\n"
			    "meta:\n"
			    "  author: me\n"
			    "  more:\n"
			    "    - x\n"
			    "loop: &a [*a, *a, *a, *a, *a, *a, *a, *a]\n"
			    "---\n");

	(void)state;
	assert_false(doc->fm.recovered);
	assert_int_equal(doc->nwarnings, 0);
	check_field(doc, "tools", 1, (const char *[]){"read", "edit"}, 2);
	check_field(doc, "meta", 1, (const char *[]){"author: me", "x"}, 2);
	check_field(doc, "loop", 1, NULL, 0);
	ad_doc_free(doc);
}

static void test_frontmatter__invalid_utf8(void **state)
{
	ad_doc *doc = parse("---\nname: ok\ndescription: bad \xff byte\n---\n");

	(void)state;
	assert_true(doc->fm.recovered);
	assert_int_equal(doc->warning_lines[0], 3);
	assert_non_null(strstr(doc->warnings[0], "UTF-8"));
	assert_string_equal(doc->name, "ok");
	ad_doc_free(doc);
}

static void test_frontmatter__description_escapes(void **state)
{
	ad_arena *arena = ad_arena_new();
	const char **ex = NULL;
	size_t nex = 99;
	const char *d;

	(void)state;
	d = ad_frontmatter_description(
		arena,
		"  First\\nSecond\\tTabbed \\\"q\\\" back\\\\slash \\d\\r\\n"
		"\\n\\n\\n\\nLast  \\n  ",
		&ex, &nex);
	assert_string_equal(d, "First\nSecond\tTabbed \"q\" back\\slash \\d\n"
			       "\nLast");
	assert_int_equal(nex, 0);
	ad_arena_free(arena);
}

static void test_frontmatter__description_examples(void **state)
{
	ad_arena *arena = ad_arena_new();
	const char **ex = NULL;
	size_t nex = 0;
	const char *d;

	(void)state;
	d = ad_frontmatter_description(
		arena,
		"Use it.\\n\\nExamples:\\n<example>\\nContext: a\\nuser: "
		"\"b\"\\n<commentary>\\nwhy\\n</commentary>\\n</example>\\n"
		"<example> </example>Then more.\\n"
		"<example>\\nopen to the end  ",
		&ex, &nex);
	/* a removed block leaves a paragraph break, not glued text */
	assert_string_equal(d, "Use it.\n\nExamples:\n\nThen more.");
	assert_int_equal(nex, 2); /* the blank example is dropped */
	assert_string_equal(ex[0], "Context: a\nuser: \"b\"\n<commentary>\n"
				   "why\n</commentary>");
	assert_string_equal(ex[1], "open to the end");
	ad_arena_free(arena);
}

static void test_frontmatter__description_in_doc(void **state)
{
	ad_doc *doc = parse(
		"---\n"
		"name: d\n"
		"description: "
		"'Does X.\\n\\n<example>\\nuser: go\\n</example>'\n"
		"---\n");

	(void)state;
	assert_false(doc->fm.recovered);
	/* the field keeps the raw text */
	assert_string_equal(ad_doc_field(doc, "description"),
			    "Does X.\\n\\n<example>\\nuser: go\\n</example>");
	assert_string_equal(doc->fm.description, "Does X.");
	assert_int_equal(doc->fm.nexamples, 1);
	assert_string_equal(doc->fm.examples[0], "user: go");
	ad_doc_free(doc);
}

/* The whole of a file, read as a scan reads it. */
static char *slurp(const char *path, size_t *len)
{
	ad_source src = {.path = path, .rel = path, .root = path};
	ad_error err = AD_ERROR_INIT;
	char *buf = NULL;

	assert_int_equal(ad_corpus_read(&buf, len, &src, &err), 0);
	return buf;
}

static size_t count(const char *s, const char *end, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL && s < end) {
		n++;
		s++;
	}
	return n;
}

/* An agent written as they often are: one unquoted description line with
 * `Context: ...` (YAML refuses the line), literal \n escapes and three
 * examples; the frontmatter is recovered. */
static void test_frontmatter__unquoted_examples_file(void **state)
{
	ad_error err = AD_ERROR_INIT;
	ad_doc *doc = NULL;
	size_t len, i;
	char *text = slurp(AD_SOURCE_DIR "/tests/fixtures/backend/"
				       "ledgerly-backend-developer.md",
			   &len);

	(void)state;
	assert_int_equal(ad_doc_parse(&doc, "ledgerly.md", text, len, &err), 0);
	assert_true(doc->fm.present);
	assert_true(doc->fm.recovered);
	assert_int_equal(doc->warning_lines[0], 3);
	assert_non_null(strstr(doc->warnings[0], "invalid frontmatter yaml: "
						 "mapping values are not"));
	assert_string_equal(doc->name, "ledgerly-backend-developer");
	check_field(doc, "model", 0, (const char *[]){"sonnet"}, 1);
	check_field(doc, "color", 0, (const char *[]){"green"}, 1);
	assert_int_equal(doc->fm.body_line, 7);
	assert_int_equal(doc->fm.nexamples,
			 count(text, text + doc->fm.body_offset, "<example>"));
	assert_int_equal(doc->fm.nexamples, 3);
	assert_non_null(strstr(doc->fm.examples[0], "Context: The user wants "
						    "a new endpoint"));
	assert_null(strstr(doc->fm.description, "<example>"));
	assert_null(strstr(doc->fm.description, "\\n"));
	assert_non_null(strstr(doc->fm.description,
			       "security rules of the project."));
	for (i = 0; i < doc->fm.nexamples; i++)
		assert_null(strstr(doc->fm.examples[i], "\\n"));
	ad_doc_free(doc);
	free(text);
}

#ifdef AD_SHARED_DIR
/* A real agent: one unquoted description line holding `Context: ...`
 * with literal \n escapes and three examples. */
static void test_frontmatter__seed_file(void **state)
{
	ad_error err = AD_ERROR_INIT;
	ad_doc *doc = NULL;
	size_t len, i;
	char *text = slurp(AD_SHARED_DIR "/seeds/000_994c3f8347c8f6c3.txt",
			   &len);

	(void)state;
	assert_int_equal(ad_doc_parse(&doc, "seed.md", text, len, &err), 0);
	assert_true(doc->fm.present);
	assert_true(doc->fm.recovered);
	assert_int_equal(doc->warning_lines[0], 3);
	assert_non_null(strstr(doc->warnings[0], "invalid frontmatter yaml: "
						 "mapping values are not"));
	assert_string_equal(doc->name, "litemaas-backend-developer");
	check_field(doc, "model", 0, (const char *[]){"sonnet"}, 1);
	check_field(doc, "color", 0, (const char *[]){"red"}, 1);
	assert_int_equal(doc->fm.body_line, 7);
	assert_int_equal(doc->fm.nexamples,
			 count(text, text + doc->fm.body_offset, "<example>"));
	assert_int_equal(doc->fm.nexamples, 3);
	assert_non_null(strstr(doc->fm.examples[0], "Context: User needs to "
						    "add a new API endpoint"));
	assert_null(strstr(doc->fm.description, "<example>"));
	assert_null(strstr(doc->fm.description, "\\n"));
	assert_non_null(
		strstr(doc->fm.description, "security best practices."));
	for (i = 0; i < doc->fm.nexamples; i++)
		assert_null(strstr(doc->fm.examples[i], "\\n"));
	ad_doc_free(doc);
	free(text);
}

#endif /* AD_SHARED_DIR */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frontmatter__valid_scalars_and_lists),
		cmocka_unit_test(test_frontmatter__comma_separated_tools),
		cmocka_unit_test(test_frontmatter__no_frontmatter),
		cmocka_unit_test(test_frontmatter__not_closed),
		cmocka_unit_test(test_frontmatter__open_dashes_without_key),
		cmocka_unit_test(
			test_frontmatter__opening_must_be_three_dashes),
		cmocka_unit_test(test_frontmatter__crlf),
		cmocka_unit_test(test_frontmatter__lone_cr),
		cmocka_unit_test(test_frontmatter__mixed_line_ends),
		cmocka_unit_test(test_frontmatter__many_keys_and_repeats),
		cmocka_unit_test(test_frontmatter__size_bound),
		cmocka_unit_test(test_frontmatter__flow_depth_bound),
		cmocka_unit_test(test_frontmatter__block_depth_bound),
		cmocka_unit_test(test_frontmatter__utf8_bom),
		cmocka_unit_test(test_frontmatter__blank_lines_after_open),
		cmocka_unit_test(test_frontmatter__long_dash_close),
		cmocka_unit_test(test_frontmatter__empty_block),
		cmocka_unit_test(
			test_frontmatter__recover_colon_in_description),
		cmocka_unit_test(
			test_frontmatter__recover_value_starting_with_stars),
		cmocka_unit_test(test_frontmatter__recover_continuations),
		cmocka_unit_test(test_frontmatter__recover_multiline_example),
		cmocka_unit_test(test_frontmatter__not_a_mapping),
		cmocka_unit_test(test_frontmatter__duplicate_key_keeps_first),
		cmocka_unit_test(test_frontmatter__nested_values),
		cmocka_unit_test(test_frontmatter__invalid_utf8),
		cmocka_unit_test(test_frontmatter__description_escapes),
		cmocka_unit_test(test_frontmatter__description_examples),
		cmocka_unit_test(test_frontmatter__description_in_doc),
		cmocka_unit_test(test_frontmatter__unquoted_examples_file),
#ifdef AD_SHARED_DIR
		cmocka_unit_test(test_frontmatter__seed_file),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
