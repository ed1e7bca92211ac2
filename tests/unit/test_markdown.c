/* Unit tests of markdown.c: sections, rules, tables, code and file lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/doc.h"
#include "base/arena.h"
#include "index/vocab.h"
#include "parse/doc_internal.h"
#include "parse/markdown.h"
#include "parse/parse.h"
#include "source/corpus.h"

/* Parse text as a body starting at byte off, on file line body_line. The
 * doc comes from ad_doc_parse() of nothing, so that these tests do not
 * depend on what the frontmatter stage makes of the text. */
static ad_doc *parse_at(const char *text, size_t off, int body_line)
{
	ad_error err = AD_ERROR_INIT;
	ad_doc *doc;

	assert_int_equal(ad_doc_parse(&doc, "t.md", "", 0, &err), 0);
	doc->text = ad_arena_strdup(doc->arena, text);
	doc->len = strlen(text);
	doc->fm.body_offset = off;
	doc->fm.body_line = body_line;
	doc->nsections = 0;
	doc->nrules = 0;
	ad_markdown_parse(doc);
	return doc;
}

static ad_doc *parse(const char *text)
{
	return parse_at(text, 0, 1);
}

/* The prose and code of section s of doc. */
static const char *text_of(const ad_doc *doc, const ad_section *s)
{
	return ad_doc_section_text(doc, (size_t)(s - doc->sections));
}

static const char *code_of(const ad_doc *doc, const ad_section *s)
{
	return ad_doc_section_code(doc, (size_t)(s - doc->sections));
}

/* What must hold of every doc: rules of a section are one run and point
 * back at it, and sections tile the body in order. */
static void check_invariants(const ad_doc *doc)
{
	size_t i, next = 0;

	for (i = 0; i < doc->nsections; i++) {
		const ad_section *s = &doc->sections[i];
		uint32_t r;

		assert_int_equal(s->first_rule, next);
		for (r = s->first_rule; r < s->first_rule + s->nrules; r++)
			assert_int_equal(ad_doc_rule_section(doc, r), i);
		next = s->first_rule + s->nrules;
		assert_non_null(s->path);
		assert_non_null(s->title);
		assert_non_null(text_of(doc, s));
		assert_true(s->line_start <= s->line_end);
		if (i + 1 < doc->nsections)
			assert_true(s->line_end <
				    doc->sections[i + 1].line_start);
	}
	assert_int_equal(next, doc->nrules);
	for (i = 0; i < doc->nrules; i++) {
		assert_true(doc->rules[i].text[0] != '\0');
		if (i)
			assert_true(doc->rules[i - 1].line <
				    doc->rules[i].line);
	}
}

static const ad_section *section(const ad_doc *doc, const char *path)
{
	size_t i;

	for (i = 0; i < doc->nsections; i++)
		if (strcmp(doc->sections[i].path, path) == 0)
			return &doc->sections[i];
	fail_msg("no section \"%s\"", path);
	return NULL;
}

static const ad_rule *rule(const ad_doc *doc, const char *text)
{
	size_t i;

	for (i = 0; i < doc->nrules; i++)
		if (strcmp(doc->rules[i].text, text) == 0)
			return &doc->rules[i];
	fail_msg("no rule \"%s\"", text);
	return NULL;
}

static void test_markdown__empty_document(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("");
	assert_int_equal(doc->nsections, 0);
	assert_int_equal(doc->nrules, 0);
	ad_doc_free(doc);
	doc = parse("\n\n   \n---\n<!-- nothing -->\n");
	assert_int_equal(doc->nsections, 0);
	assert_int_equal(doc->nrules, 0);
	ad_doc_free(doc);
	doc = parse_at("abc", 3, 1); /* the body is past the end */
	assert_int_equal(doc->nsections, 0);
	ad_doc_free(doc);
}

static void test_markdown__intro_only_with_content(void **state)
{
	const ad_section *s;
	ad_doc *doc;

	(void)state;
	doc = parse("\n# A\ntext\n");
	assert_int_equal(doc->nsections, 1);
	assert_string_equal(doc->sections[0].path, "A");
	ad_doc_free(doc);

	doc = parse("Hello *there*,\nfriend.\n\n- a rule\n\n# A\n");
	check_invariants(doc);
	assert_int_equal(doc->nsections, 2);
	s = &doc->sections[0];
	assert_int_equal(s->level, 0);
	assert_string_equal(s->path, "");
	assert_string_equal(s->title, "");
	assert_string_equal(text_of(doc, s), "Hello there, friend.");
	assert_int_equal(s->line_start, 1);
	assert_int_equal(s->line_end, 5);
	assert_int_equal(s->nrules, 1);
	assert_int_equal(ad_doc_rule_section(doc, 0), 0);
	assert_int_equal(doc->sections[1].line_start, 6);
	ad_doc_free(doc);

	doc = parse("<!-- a comment is no content -->\n\n# A\n");
	assert_int_equal(doc->nsections, 1);
	assert_int_equal(doc->sections[0].level, 1);
	ad_doc_free(doc);
}

static void test_markdown__heading_paths(void **state)
{
	static const char *const want[] = {
		"A", "A > B", "A > B > C", "A > D", "E", "E > F", "E > G",
	};
	static const int levels[] = {1, 2, 3, 2, 1, 3, 2};
	ad_doc *doc;
	size_t i;

	(void)state;
	doc = parse("# A\n## B\n### C\n## D\n# E\n### F\n## G\n");
	check_invariants(doc);
	assert_int_equal(doc->nsections, 7);
	for (i = 0; i < 7; i++) {
		assert_string_equal(doc->sections[i].path, want[i]);
		assert_int_equal(doc->sections[i].level, levels[i]);
		assert_int_equal(doc->sections[i].line_start, (int)i + 1);
		assert_int_equal(doc->sections[i].line_end, (int)i + 1);
	}
	assert_string_equal(doc->sections[2].title, "C");
	ad_doc_free(doc);
}

static void test_markdown__heading_titles_are_plain(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("## *Core*  `api` [Link](http://x.y) **bold** <b>x</b> ##\n"
		    "### Sub\n");
	assert_int_equal(doc->nsections, 2);
	assert_string_equal(doc->sections[0].title, "Core api Link bold x");
	assert_string_equal(doc->sections[1].path,
			    "Core api Link bold x > Sub");
	ad_doc_free(doc);
}

static void test_markdown__setext_headings(void **state)
{
	const ad_section *s;
	ad_doc *doc;

	(void)state;
	doc = parse("Title\n=====\n\nSome text.\n\nSub part\nof it\n---\n- a\n");
	check_invariants(doc);
	assert_int_equal(doc->nsections, 2);
	s = &doc->sections[0];
	assert_string_equal(s->path, "Title");
	assert_int_equal(s->level, 1);
	assert_int_equal(s->line_start, 1);
	assert_int_equal(s->line_end, 5);
	assert_string_equal(text_of(doc, s), "Some text.");
	s = &doc->sections[1];
	assert_string_equal(s->path, "Title > Sub part of it");
	assert_int_equal(s->level, 2);
	assert_int_equal(s->line_start, 6);
	assert_int_equal(s->line_end, 9);
	assert_int_equal(s->nrules, 1);
	ad_doc_free(doc);
}

static void test_markdown__headings_inside_blocks_are_text(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("# A\n> ## quoted\n\n- ## item heading\n#\n## B\n");
	check_invariants(doc);
	/* the bare `#` is a divider, not a section with an empty title */
	assert_int_equal(doc->nsections, 2);
	assert_string_equal(ad_doc_section_text(doc, 0), "quoted");
	assert_int_equal(doc->sections[0].line_end, 5);
	assert_string_equal(doc->sections[1].path, "A > B");
	assert_int_equal(doc->nrules, 1);
	assert_string_equal(doc->rules[0].text, "item heading");
	ad_doc_free(doc);
}

static void test_markdown__nested_lists_depth(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("- a\n"
		    "  - b\n"
		    "    - c\n"
		    "    more c\n"
		    "- d\n"
		    "\n"
		    "  d's second paragraph\n"
		    "  * e\n");
	check_invariants(doc);
	assert_int_equal(doc->nrules, 5);
	assert_string_equal(doc->rules[0].text, "a");
	assert_int_equal(doc->rules[0].depth, 0);
	assert_string_equal(doc->rules[1].text, "b");
	assert_int_equal(doc->rules[1].depth, 1);
	assert_string_equal(doc->rules[2].text, "c more c");
	assert_int_equal(doc->rules[2].depth, 2);
	assert_string_equal(doc->rules[3].text, "d d's second paragraph");
	assert_int_equal(doc->rules[3].depth, 0);
	assert_int_equal(doc->rules[3].line, 5);
	assert_string_equal(doc->rules[4].text, "e");
	assert_int_equal(doc->rules[4].depth, 1);
	assert_int_equal(doc->rules[4].line, 8);
	assert_int_equal(doc->rules[4].kind, AD_RULE_ITEM);
	ad_doc_free(doc);
}

static void test_markdown__ordered_items_are_steps(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("Do this:\n1. one\n2) two\n   - sub\n\n3. three\n");
	check_invariants(doc);
	assert_int_equal(doc->nrules, 4);
	assert_int_equal(doc->rules[0].kind, AD_RULE_STEP);
	assert_int_equal(doc->rules[1].kind, AD_RULE_STEP);
	assert_string_equal(doc->rules[1].text, "two");
	assert_int_equal(doc->rules[2].kind, AD_RULE_ITEM);
	assert_int_equal(doc->rules[2].depth, 1);
	assert_int_equal(doc->rules[3].kind, AD_RULE_STEP);
	assert_string_equal(ad_doc_section_text(doc, 0), "Do this:");
	ad_doc_free(doc);
}

static void test_markdown__task_markers(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("- [ ] todo *soon*\n"
		    "- [x] done\n"
		    "- [X] Done too\n"
		    "- plain\n"
		    "- [link](http://x) text\n"
		    "- [ ]\n"
		    "-\n"
		    "1. [x] numbered\n");
	check_invariants(doc);
	assert_int_equal(doc->nrules, 6);
	assert_string_equal(doc->rules[0].text, "todo soon");
	assert_int_equal(doc->rules[0].task, 0);
	assert_string_equal(doc->rules[1].text, "done");
	assert_int_equal(doc->rules[1].task, 1);
	assert_string_equal(doc->rules[2].text, "Done too");
	assert_int_equal(doc->rules[2].task, 1);
	assert_string_equal(doc->rules[3].text, "plain");
	assert_int_equal(doc->rules[3].task, -1);
	assert_string_equal(doc->rules[4].text, "link text");
	assert_int_equal(doc->rules[4].task, -1);
	assert_string_equal(doc->rules[5].text, "numbered");
	assert_int_equal(doc->rules[5].task, 1);
	assert_int_equal(doc->rules[5].kind, AD_RULE_STEP);
	ad_doc_free(doc);
}

static void test_markdown__pipe_table_rows(void **state)
{
	const ad_section *s;
	ad_doc *doc;

	(void)state;
	doc = parse("## T\n"
		    "\n"
		    "| Scenario | *Use* |\n"
		    "|----------|:-----:|\n"
		    "| **a1**   | `b1`  |\n"
		    "| a2 | |\n"
		    "| [x](http://u) | y\n"
		    "\n"
		    "Lead line\n"
		    "A | B\n"
		    "--- | ---\n"
		    "1 | 2\n");
	check_invariants(doc);
	s = &doc->sections[0];
	assert_string_equal(text_of(doc, s),
			    "Scenario | Use\nLead line\nA | B");
	assert_int_equal(doc->nrules, 4);
	assert_string_equal(doc->rules[0].text, "a1 | b1");
	assert_int_equal(doc->rules[0].kind, AD_RULE_ROW);
	assert_int_equal(doc->rules[0].line, 5);
	assert_int_equal(doc->rules[0].depth, 0);
	assert_string_equal(doc->rules[1].text, "a2");
	assert_int_equal(doc->rules[1].line, 6);
	assert_string_equal(doc->rules[2].text, "x | y");
	assert_string_equal(doc->rules[3].text, "1 | 2");
	assert_int_equal(doc->rules[3].line, 12);
	ad_doc_free(doc);
}

static void test_markdown__pipes_without_separator_are_prose(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("a | b\nc | d\n\n- x | y\n  z |\n");
	check_invariants(doc);
	assert_string_equal(ad_doc_section_text(doc, 0), "a | b c | d");
	assert_int_equal(doc->nrules, 1);
	assert_string_equal(doc->rules[0].text, "x | y z |");
	ad_doc_free(doc);
}

static void test_markdown__table_in_item_is_nested_rows(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("- Delegation\n\n  | When | Who |\n  |---|---|\n  | a | b |\n");
	check_invariants(doc);
	assert_int_equal(doc->nrules, 2);
	assert_string_equal(doc->rules[0].text, "Delegation");
	assert_string_equal(doc->rules[1].text, "a | b");
	assert_int_equal(doc->rules[1].kind, AD_RULE_ROW);
	assert_int_equal(doc->rules[1].depth, 1);
	assert_int_equal(doc->rules[1].line, 5);
	assert_string_equal(ad_doc_section_text(doc, 0), "When | Who");
	ad_doc_free(doc);
}

static void test_markdown__code_kept_apart(void **state)
{
	const ad_section *s;
	ad_doc *doc;

	(void)state;
	doc = parse("# A\n"
		    "Before.\n"
		    "```python\n"
		    "- not a rule\n"
		    "```\n"
		    "\n"
		    "    indented\n"
		    "    code\n"
		    "\n"
		    "1. Step:\n"
		    "   ```\n"
		    "   in item\n"
		    "   ```\n"
		    "~~~\n"
		    "\n"
		    "~~~\n"
		    "# B\n"
		    "no code\n");
	check_invariants(doc);
	assert_int_equal(doc->nsections, 2);
	s = &doc->sections[0];
	assert_string_equal(text_of(doc, s), "Before.");
	assert_string_equal(code_of(doc, s),
			    "- not a rule\nindented\ncode\nin item");
	assert_int_equal(doc->nrules, 1);
	assert_string_equal(doc->rules[0].text, "Step:");
	assert_null(ad_doc_section_code(doc, 1));
	ad_doc_free(doc);

	doc = parse("```\nonly code\n```\n");
	assert_int_equal(doc->nsections, 1);
	assert_int_equal(doc->sections[0].level, 0);
	assert_string_equal(ad_doc_section_text(doc, 0), "");
	assert_string_equal(ad_doc_section_code(doc, 0), "only code");
	ad_doc_free(doc);
}

static void test_markdown__inline_markup_stripped(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("- **Bold** and *em* with `code`, [link](http://url \"t\")\n"
		    "  and ![alt](i.png) <span>x</span>\\*  \n"
		    "  hard\tbreak &amp; ref [r]\n"
		    "\n"
		    "[r]: http://example.com\n");
	check_invariants(doc);
	assert_int_equal(doc->nrules, 1);
	assert_string_equal(doc->rules[0].text,
			    "Bold and em with code, link and alt x* hard "
			    "break & ref r");
	ad_doc_free(doc);
}

static void test_markdown__html_and_quotes_are_prose(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("<example>\n"
		    "user: hi <b>there</b>\n"
		    "<!-- note -->\n"
		    "</example>\n"
		    "\n"
		    "> Quoted *advice*\n"
		    "> on two lines\n"
		    ">\n"
		    "> - quoted rule\n"
		    "\n"
		    "<example\n"
		    "a < b\n");
	check_invariants(doc);
	assert_int_equal(doc->nsections, 1);
	assert_string_equal(ad_doc_section_text(doc, 0),
			    "user: hi there\nQuoted advice on two lines\n"
			    "<example a < b");
	assert_int_equal(doc->nrules, 1);
	assert_string_equal(doc->rules[0].text, "quoted rule");
	ad_doc_free(doc);
}

static void test_markdown__file_lines_from_body_offset(void **state)
{
	static const char text[] = "---\n"
				   "name: x\n"
				   "---\n"
				   "\n"
				   "Intro.\n"
				   "# A\n"
				   "- one\n"
				   "| h | i |\n"
				   "|---|---|\n"
				   "| r | s |\n";
	ad_doc *doc;

	(void)state;
	doc = parse_at(text, 16, 4);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 2);
	assert_int_equal(doc->sections[0].line_start, 4);
	assert_int_equal(doc->sections[0].line_end, 5);
	assert_int_equal(doc->sections[1].line_start, 6);
	assert_int_equal(doc->sections[1].line_end, 10);
	assert_int_equal(rule(doc, "one")->line, 7);
	assert_int_equal(rule(doc, "r | s")->line, 10);
	ad_doc_free(doc);

	/* an unset body line counts as the first */
	doc = parse_at("# A\n- one\n", 0, 0);
	assert_int_equal(doc->sections[0].line_start, 1);
	assert_int_equal(doc->rules[0].line, 2);
	ad_doc_free(doc);
}

static void test_markdown__line_endings(void **state)
{
	ad_doc *doc;

	(void)state;
	doc = parse("# A\r\n- x\r\n\r\n# B\r\n- y\r\ntail");
	check_invariants(doc);
	assert_int_equal(doc->sections[0].line_end, 3);
	assert_int_equal(doc->sections[1].line_start, 4);
	assert_int_equal(doc->sections[1].line_end, 6);
	assert_string_equal(doc->rules[1].text, "y tail");
	ad_doc_free(doc);

	doc = parse("# A\r- x\r");
	assert_int_equal(doc->sections[0].line_end, 2);
	assert_int_equal(doc->rules[0].line, 2);
	ad_doc_free(doc);
}

/* Prose of words of every length, apart by one space, by several, or by
 * a tab, so that each kind of gap falls at every place within eight
 * bytes: the section's text has each gap as one space. */
static void test_markdown__gaps_at_every_offset(void **state)
{
	static const char *const gaps[] = {" ", "  ", "   ", "\t", " \t "};
	char text[4096], want[4096];
	size_t n = 0, m = 0, i;
	ad_doc *doc;

	(void)state;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "# S\n\n");
	for (i = 0; i < 120; i++) {
		size_t len = 1 + i % 17, k;

		if (i) {
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s",
					      gaps[i % 5]);
			want[m++] = ' ';
		}
		for (k = 0; k < len; k++)
			text[n++] = want[m++] = (char)('a' + (i + k) % 26);
	}
	text[n] = want[m] = '\0';
	doc = parse(text);
	assert_int_equal(doc->nsections, 1);
	assert_string_equal(ad_doc_section_text(doc, 0), want);
	ad_doc_free(doc);
}

/* A long file with LF, CRLF and lone CR endings on lines of every length:
 * the last section ends on the line cmark counts last. */
static void test_markdown__many_line_endings(void **state)
{
	static const char *const ends[] = {"\n", "\r\n", "\r", "\n\n"};
	char text[8192];
	size_t n = 0, i;
	int lines = 1;
	ad_doc *doc;

	(void)state;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "# S\n");
	for (i = 0; i < 200; i++) {
		const char *e = ends[i % 7 == 3 ? 2 : i % 4 == 1 ? 1 :
				    i % 9 == 4 ? 3 : 0];

		n += (size_t)snprintf(text + n, sizeof(text) - n, "%.*s%s",
				      (int)(1 + i % 13), "abcdefghijklm", e);
		lines += 1 + (e[1] == '\n' && e[0] == '\n');
	}
	n += (size_t)snprintf(text + n, sizeof(text) - n, "tail");
	doc = parse(text);
	assert_int_equal(doc->nsections, 1);
	assert_int_equal(doc->sections[0].line_end, lines + 1);
	ad_doc_free(doc);
}

static void test_markdown__through_doc_parse(void **state)
{
	ad_error err = AD_ERROR_INIT;
	ad_doc *doc;

	(void)state;
	assert_int_equal(ad_doc_parse(&doc, "a.md", "# T\n- r\n", 8, &err), 0);
	assert_int_equal(doc->nsections, 1);
	assert_int_equal(doc->nrules, 1);
	assert_string_equal(doc->rules[0].text, "r");
	ad_doc_free(doc);
}

/* Parses in a row reuse the memory the last one kept: buffers that grow
 * in place, past a block and across many blocks, give the same text as a
 * first parse, and nothing of one file shows in the next. */
static void test_markdown__scratch_reused(void **state)
{
	enum { WORDS = 40000 };
	char *text = malloc(6 * WORDS + 64);
	ad_doc *doc;
	size_t i, n = 0;
	int round;

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text, "# T\n");
	for (i = 0; i < WORDS; i++)
		n += (size_t)sprintf(text + n, "w%03zu ", i % 1000);
	memcpy(text + n, "\n\n- last\n", 10);
	for (round = 0; round < 3; round++) {
		doc = parse(text);
		check_invariants(doc);
		assert_int_equal(doc->nrules, 1);
		assert_string_equal(doc->rules[0].text, "last");
		assert_int_equal(strlen(ad_doc_section_text(doc, 0)),
				 5 * WORDS - 1);
		assert_memory_equal(ad_doc_section_text(doc, 0), text + 4,
				    5 * WORDS - 1);
		ad_doc_free(doc);
		doc = parse("# Other\n- one\n");
		assert_string_equal(ad_doc_section_text(doc, 0), "");
		assert_string_equal(doc->rules[0].text, "one");
		ad_doc_free(doc);
	}
	ad_doc_parse_release();
	doc = parse("# After\n- two\n"); /* a parse after the release */
	assert_string_equal(doc->rules[0].text, "two");
	ad_doc_free(doc);
	ad_doc_parse_release();
	free(text);
}

/* Nesting as deep as the input allows must not exhaust the stack. */
static void test_markdown__deep_nesting(void **state)
{
	enum { DEPTH = 20000 };
	char *text = malloc(3 * DEPTH + 2);
	ad_doc *doc;
	size_t i;

	(void)state;
	assert_non_null(text);
	memset(text, '>', DEPTH);
	memcpy(text + DEPTH, "- x", 4);
	doc = parse(text);
	assert_int_equal(doc->nrules, 1);
	assert_string_equal(ad_doc_section_text(doc, 0), "");
	ad_doc_free(doc);
	/* every `1. ` opens an item inside the one before */
	for (i = 0; i < DEPTH; i++)
		memcpy(text + 3 * i, "1. ", 3);
	memcpy(text + 3 * DEPTH, "x", 2);
	doc = parse(text);
	check_invariants(doc);
	assert_int_equal(doc->nrules, 1);
	assert_string_equal(doc->rules[0].text, "x");
	/* deeper than the bound counts as the bound */
	assert_int_equal(doc->rules[0].depth, AD_RULE_MAX_DEPTH);
	ad_doc_free(doc);
	free(text);
}

/* --- agent files: the backend fixtures, and the seeds ------------------- */

/* An agent file's body: what follows the frontmatter's closing `---`
 * line. */
static ad_doc *parse_agent(const char *path, char **textp)
{
	ad_source src = {.path = path, .rel = path, .root = path};
	ad_error err = AD_ERROR_INIT;
	const char *p;
	char *text = NULL;
	size_t n;
	int line = 2;

	assert_int_equal(ad_corpus_read(&text, &n, &src, &err), 0);
	assert_memory_equal(text, "---\n", 4);
	for (p = text + 4; strncmp(p, "---\n", 4) != 0; line++) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	*textp = text;
	return parse_at(text, (size_t)(p + 4 - text), line + 1);
}

#define BACKEND AD_SOURCE_DIR "/tests/fixtures/backend/"

/* An intro, numbered steps with items nested in them, a level-3 section,
 * task markers. */
static void test_markdown__agent_steps_and_levels(void **state)
{
	const ad_section *s;
	const ad_rule *r;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_agent(BACKEND "ledgerly-backend-developer.md", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 7);
	assert_int_equal(doc->nrules, 27);
	s = &doc->sections[0];
	assert_int_equal(s->level, 0);
	assert_int_equal(s->line_start, 7);
	assert_int_equal(s->line_end, 11);
	assert_true(strncmp(text_of(doc, s),
			    "You are a backend developer on Ledgerly", 39) == 0);
	s = section(doc, "Core Responsibilities");
	assert_string_equal(text_of(doc, s), "You will:");
	assert_int_equal(s->nrules, 4);
	assert_int_equal(doc->rules[s->first_rule].kind, AD_RULE_STEP);
	s = section(doc, "Project Knowledge > Security Requirements");
	assert_int_equal(s->level, 3);
	assert_int_equal(s->line_start, 27);
	assert_int_equal(s->line_end, 34);
	assert_int_equal(s->nrules, 6);
	r = rule(doc, "Services: every service extends BillingService from "
		      "src/services/base.ts");
	assert_int_equal(r->line, 24);
	assert_int_equal(r->kind, AD_RULE_ITEM);
	r = rule(doc, "Analysis:");
	assert_int_equal(r->kind, AD_RULE_STEP);
	assert_int_equal(r->depth, 0);
	r = rule(doc, "Read the routes and services the change touches");
	assert_int_equal(r->depth, 1);
	assert_int_equal(r->line, 38);
	assert_int_equal(section(doc, "Implementation Workflow")->nrules, 11);
	s = section(doc, "Quality Checklist");
	assert_int_equal(s->nrules, 3);
	assert_int_equal(rule(doc, "Amounts are integers in cents")->task, 0);
	assert_int_equal(s->line_end, 55);
	assert_true(strncmp(text_of(doc, s), "Be exact with money", 19) == 0);
	ad_doc_free(doc);
	free(text);
}

/* Bold labels are the section's text; a section of code holds no rule. */
static void test_markdown__agent_labels_and_code(void **state)
{
	const ad_section *s;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_agent(BACKEND "backend-developer.md", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 4);
	assert_int_equal(doc->nrules, 12);
	s = section(doc, "Your Core Competencies");
	assert_int_equal(s->nrules, 9);
	assert_string_equal(text_of(doc, s), "FastAPI:\nDatabases:\nSecurity:");
	s = section(doc, "Code Pattern Templates");
	assert_int_equal(s->nrules, 0);
	assert_non_null(code_of(doc, s));
	assert_non_null(strstr(code_of(doc, s), "class BookingService:"));
	assert_null(strstr(text_of(doc, s), "BookingService"));
	assert_string_equal(text_of(doc, s), "Endpoint:\nService:");
	assert_int_equal(rule(doc, "Hash passwords with bcrypt")->line, 24);
	rule(doc, "Parameterized queries (no SQL injection)");
	ad_doc_free(doc);
	free(text);
}

/* No intro before the first heading; table rows; task lists. */
static void test_markdown__agent_table_and_checklists(void **state)
{
	const ad_section *s;
	const ad_rule *r;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_agent(BACKEND "backend-api-developer.md", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 7);
	assert_int_equal(doc->nrules, 14);
	assert_string_equal(doc->sections[0].path, "Backend Developer Agent");
	assert_int_equal(doc->sections[0].line_start, 5);
	s = section(doc, "Backend Developer Agent > When to Use This Agent");
	assert_string_equal(text_of(doc, s), "Scenario | Use This Agent");
	assert_int_equal(s->nrules, 4);
	r = &doc->rules[s->first_rule];
	assert_string_equal(r->text, "Design or build API endpoints | YES");
	assert_int_equal(r->kind, AD_RULE_ROW);
	assert_int_equal(r->line, 15);
	rule(doc, "UI components | NO - use frontend-developer");
	s = section(doc, "Backend Developer Agent > Database Guidelines > "
			 "Schema Checklist");
	assert_int_equal(s->level, 3);
	assert_int_equal(s->nrules, 3);
	r = rule(doc, "Foreign keys have indexes");
	assert_int_equal(r->task, 0);
	assert_int_equal(r->line, 24);
	s = section(doc, "Backend Developer Agent > Security Checklist");
	assert_int_equal(s->nrules, 4);
	assert_int_equal(section(doc, "Backend Developer Agent > "
				      "Implementation Checklist")->line_end,
			 36);
	ad_doc_free(doc);
	free(text);
}

/* Numbered lines inside code are not steps; a level-4 section; rules
 * that open with an emoji. */
static void test_markdown__agent_procedure(void **state)
{
	const ad_section *s;
	const ad_rule *r;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_agent(BACKEND "backend-dev-expert.md", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 7);
	assert_int_equal(doc->nrules, 12);
	assert_true(strncmp(ad_doc_section_text(doc, 0),
			    "You are the Backend-Dev Expert", 30) == 0);
	s = section(doc, "Execution Protocol (SOP) > SOP-1: Start");
	assert_int_equal(s->nrules, 3);
	/* two lines of one paragraph: a soft break, read as a space */
	assert_string_equal(text_of(doc, s), "Trigger: a task with backend "
				     "requirements Procedure:");
	assert_non_null(strstr(code_of(doc, s), "1. Announce the task"));
	r = rule(doc, "Announce start:");
	assert_int_equal(r->kind, AD_RULE_STEP);
	assert_int_equal(r->line, 21);
	s = section(doc, "Execution Protocol (SOP) > SOP-1: Start > "
			 "Quality Criteria");
	assert_int_equal(s->level, 4);
	assert_int_equal(s->nrules, 4);
	assert_string_equal(doc->rules[s->first_rule].text,
			    "\xe2\x9c\x85 Input validation with schemas");
	s = section(doc, "Knowledge Base > Performance Checklist:");
	assert_int_equal(s->nrules, 2);
	r = rule(doc, "Response time < 200ms for simple reads");
	assert_int_equal(r->line, 39);
	ad_doc_free(doc);
	free(text);
}

/* Rules with an em dash; a section of code alone; the last line. */
static void test_markdown__agent_dashes_and_pipeline(void **state)
{
	const ad_section *s;
	const ad_rule *r;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_agent(BACKEND "backend-go-developer.md", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 8);
	assert_int_equal(doc->nrules, 15);
	assert_int_equal(doc->sections[0].level, 0);
	assert_int_equal(doc->sections[0].line_start, 7);
	s = section(doc, "Tollway Context > Codebase Layout");
	assert_int_equal(s->nrules, 3);
	r = &doc->rules[s->first_rule];
	assert_string_equal(r->text, "API server: cmd/api \xe2\x80\x94 HTTP "
				     "handlers and middleware");
	s = section(doc, "Tollway Context > Position Pipeline");
	assert_int_equal(s->nrules, 0);
	assert_non_null(code_of(doc, s));
	s = section(doc, "Development Workflow");
	assert_string_equal(text_of(doc, s),
			    "When building backend services, you will:");
	assert_int_equal(s->nrules, 3);
	assert_int_equal(doc->rules[s->first_rule].kind, AD_RULE_STEP);
	r = rule(doc, "Secure API key management (never in code)");
	assert_int_equal(r->line, 26);
	s = section(doc, "Communication Style");
	assert_int_equal(s->nrules, 2);
	assert_int_equal(s->line_end, 43);
	ad_doc_free(doc);
	free(text);
}

#ifdef AD_SHARED_DIR
/* The quality build (AD_QUALITY) runs these on the five seed agents of
 * AD_SHARED_DIR/seeds too: real files, not written for the tests. */
static ad_doc *parse_seed(const char *name, char **textp)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/seeds/%s", AD_SHARED_DIR, name);
	return parse_agent(path, textp);
}

static void test_markdown__seed_litemaas(void **state)
{
	const ad_section *s;
	const ad_rule *r;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_seed("000_994c3f8347c8f6c3.txt", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 12);
	assert_int_equal(doc->nrules, 77);
	s = &doc->sections[0];
	assert_int_equal(s->level, 0);
	assert_int_equal(s->line_start, 7);
	assert_int_equal(s->line_end, 9);
	assert_true(strncmp(text_of(doc, s),
			    "You are an expert backend developer", 35) == 0);
	s = section(doc, "Project-Specific Knowledge > Security Requirements");
	assert_int_equal(s->level, 3);
	assert_int_equal(s->line_start, 29);
	assert_int_equal(s->line_end, 37);
	assert_int_equal(s->nrules, 7);
	s = section(doc, "Core Responsibilities");
	assert_string_equal(text_of(doc, s), "You will:");
	assert_int_equal(s->nrules, 5);
	assert_int_equal(doc->rules[s->first_rule].kind, AD_RULE_STEP);
	r = rule(doc, "Service Layer: All services must extend BaseService "
		      "from /backend/src/services/base.service.ts");
	assert_int_equal(r->line, 22);
	assert_int_equal(r->kind, AD_RULE_ITEM);
	r = rule(doc, "Analysis Phase:");
	assert_int_equal(r->kind, AD_RULE_STEP);
	assert_int_equal(r->depth, 0);
	r = rule(doc, "Review existing code structure and patterns");
	assert_int_equal(r->depth, 1);
	assert_int_equal(r->line, 71);
	assert_int_equal(section(doc, "Implementation Workflow")->nrules, 21);
	s = section(doc, "Quality Checklist");
	assert_int_equal(s->nrules, 10);
	r = rule(doc, "Input validation is implemented using ValidationUtils");
	assert_int_equal(r->task, 0);
	s = section(doc, "Special Considerations");
	assert_int_equal(s->line_end, 118);
	assert_true(strncmp(text_of(doc, s), "You are meticulous", 18) == 0);
	ad_doc_free(doc);
	free(text);
}

static void test_markdown__seed_fastapi(void **state)
{
	const ad_section *s;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_seed("001_9c2da15f69dbd2ea.txt", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 6);
	assert_int_equal(doc->nrules, 83);
	assert_int_equal(section(doc, "Your Core Competencies")->nrules, 24);
	assert_int_equal(section(doc, "Mandatory Code Standards")->nrules, 15);
	assert_int_equal(section(doc, "Your Development Workflow")->nrules, 21);
	assert_int_equal(section(doc, "Your Behavioral Guidelines")->nrules, 23);
	s = section(doc, "Code Pattern Templates");
	assert_int_equal(s->nrules, 0);
	assert_non_null(code_of(doc, s));
	assert_non_null(strstr(code_of(doc, s), "class ResourceService:"));
	assert_null(strstr(text_of(doc, s), "ResourceService"));
	assert_string_equal(text_of(doc, s), "FastAPI Endpoint Structure:\n"
				     "Service Layer Pattern:\n"
				     "SQLAlchemy Model Pattern:");
	s = section(doc, "Your Core Competencies");
	assert_string_equal(text_of(doc, s),
			    "FastAPI Mastery:\nDatabase Excellence:\n"
			    "Async Python:\nTesting & Quality:\nSecurity:");
	assert_int_equal(rule(doc, "Hash passwords using appropriate "
				   "algorithms (bcrypt)")->line, 40);
	rule(doc, "Write raw SQL queries (use SQLAlchemy ORM)");
	rule(doc, "Use soft deletes (is_deleted flag) for audit requirements");
	ad_doc_free(doc);
	free(text);
}

static void test_markdown__seed_table_and_checklists(void **state)
{
	const ad_section *s;
	const ad_rule *r;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_seed("002_318b427426e0c3c0.txt", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 19);
	assert_int_equal(doc->nrules, 50);
	/* nothing but a blank line before the first heading: no intro */
	assert_string_equal(doc->sections[0].path, "Backend Developer Agent");
	assert_int_equal(doc->sections[0].line_start, 5);
	s = section(doc, "Backend Developer Agent > When to Use This Agent");
	assert_string_equal(text_of(doc, s), "Scenario | Use This Agent");
	assert_int_equal(s->nrules, 6);
	r = &doc->rules[s->first_rule];
	assert_string_equal(r->text, "Design/implement API endpoints | YES");
	assert_int_equal(r->kind, AD_RULE_ROW);
	assert_int_equal(r->line, 28);
	rule(doc, "UI components | NO - use frontend-developer");
	s = section(doc, "Backend Developer Agent > Database Design Guidelines "
			 "> Schema Design Checklist");
	assert_int_equal(s->level, 3);
	assert_int_equal(s->nrules, 6);
	r = rule(doc, "Normalize to 3NF (denormalize only with justification)");
	assert_int_equal(r->task, 0);
	assert_int_equal(r->line, 77);
	s = section(doc, "Backend Developer Agent > API Design Principles "
			 "> RESTful Conventions");
	assert_int_equal(s->nrules, 0);
	assert_non_null(strstr(code_of(doc, s), "DELETE /resources/:id"));
	assert_int_equal(section(doc, "Backend Developer Agent > "
				      "Implementation Checklist > "
				      "Database Migration")->nrules, 7);
	s = section(doc, "Backend Developer Agent > Security Checklist");
	assert_int_equal(s->nrules, 8);
	assert_int_equal(s->line_end, 143);
	ad_doc_free(doc);
	free(text);
}

static void test_markdown__seed_sop(void **state)
{
	const ad_section *s;
	const ad_rule *r;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_seed("003_4df269640fdfedde.txt", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 26);
	assert_int_equal(doc->nrules, 74);
	assert_true(strncmp(ad_doc_section_text(doc, 0),
			    "You are the Backend-Dev Expert, a senior", 40) == 0);
	s = section(doc, "Execution Protocol (SOP) > SOP-B1: Initialization "
			 "and Context");
	assert_int_equal(s->nrules, 6);
	assert_string_equal(text_of(doc, s),
			    "Trigger: Receive task with backend "
			    "requirements\nProcedure:");
	assert_non_null(strstr(code_of(doc, s), "BACKEND-DEV ACTIVATE"));
	r = rule(doc, "Announce start:");
	assert_int_equal(r->kind, AD_RULE_STEP);
	assert_int_equal(r->line, 53);
	s = section(doc, "Execution Protocol (SOP) > SOP-B2: Sequential "
			 "Checklist Execution > Quality Criteria by Type:");
	assert_int_equal(s->level, 4);
	assert_int_equal(s->nrules, 24);
	assert_string_equal(doc->rules[s->first_rule].text,
			    "\xe2\x9c\x85 Input validation with schemas");
	/* numbered lines inside a code block are not steps */
	s = section(doc, "Execution Protocol (SOP) > SOP-B2: Sequential "
			 "Checklist Execution");
	assert_int_equal(s->nrules, 0);
	assert_non_null(strstr(code_of(doc, s), "1. Announce current step"));
	s = section(doc, "Error and Debugging Protocol > Common Error Scenarios "
			 "> Database Connection Issues:");
	assert_int_equal(s->nrules, 0);
	s = section(doc, "Knowledge Base > Performance Checklist:");
	assert_int_equal(s->nrules, 7);
	r = rule(doc, "Response time < 200ms for simple operations");
	assert_int_equal(r->task, 0);
	assert_int_equal(r->line, 331);
	ad_doc_free(doc);
	free(text);
}

static void test_markdown__seed_vara(void **state)
{
	const ad_section *s;
	const ad_rule *r;
	char *text;
	ad_doc *doc;

	(void)state;
	doc = parse_seed("004_2fcfb047940ef1b0.txt", &text);
	check_invariants(doc);
	assert_int_equal(doc->nsections, 21);
	assert_int_equal(doc->nrules, 116);
	assert_int_equal(doc->sections[0].level, 0);
	assert_int_equal(doc->sections[0].line_start, 7);
	s = section(doc, "Vara Project Context > Codebase Layout");
	assert_int_equal(s->nrules, 7);
	r = &doc->rules[s->first_rule];
	assert_string_equal(r->text, "API Server: apps/api/src/ \xe2\x80\x94 "
				     "Fastify routes, services, workers, "
				     "middleware");
	s = section(doc, "Vara Project Context > Image Scanning Pipeline");
	assert_int_equal(s->nrules, 0);
	assert_non_null(code_of(doc, s));
	s = section(doc, "Development Workflow > Phase 2: Implementation");
	assert_string_equal(text_of(doc, s),
			    "When building backend services, you will:");
	assert_int_equal(s->nrules, 8);
	assert_int_equal(doc->rules[s->first_rule].kind, AD_RULE_STEP);
	assert_int_equal(section(doc, "Development Workflow > Phase 3: "
				      "Production Readiness")->nrules, 7);
	r = rule(doc, "Secure API key management (never in code)");
	assert_int_equal(r->line, 128);
	s = section(doc, "Communication Style");
	assert_int_equal(s->nrules, 6);
	assert_int_equal(s->line_end, 197);
	ad_doc_free(doc);
	free(text);
}

#endif /* AD_SHARED_DIR */

/* A rule carries no padding: two pointers and two 4-byte words, its line
 * and its terms' count, depth, kind and task sharing the other. */
static void test_markdown__rule_is_small(void **state)
{
	(void)state;
	assert_int_equal(sizeof(ad_rule), 2 * sizeof(void *) + 2 * 4);
}

/* Nor does a section: three pointers and six 4-byte words, the level
 * sharing the last with the title's count of terms; its text and code
 * are held apart, and dropped. */
static void test_markdown__section_is_small(void **state)
{
	ad_section s;

	(void)state;
	assert_int_equal(sizeof(ad_section), 3 * sizeof(void *) + 6 * 4);
	memset(&s, 0, sizeof(s));
	s.level = 6;
	s.ntitle_terms = AD_TITLE_MAX_TERMS;
	assert_int_equal(s.level, 6);
	assert_int_equal(s.ntitle_terms, AD_TITLE_MAX_TERMS);
}

/* The narrow fields hold every value a rule can take, and a depth past
 * the bound counts as the bound. */
static void test_markdown__rule_fields_hold_their_values(void **state)
{
	ad_rule r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.task = -1;
	assert_int_equal(r.task, -1);
	r.task = 1;
	assert_int_equal(r.task, 1);
	r.kind = AD_RULE_ROW;
	assert_int_equal(r.kind, AD_RULE_ROW);
	r.depth = AD_RULE_MAX_DEPTH;
	assert_int_equal(r.depth, AD_RULE_MAX_DEPTH);
	r.nterms = AD_RULE_MAX_TERMS;
	assert_int_equal(r.nterms, AD_RULE_MAX_TERMS);
	assert_int_equal(r.depth, AD_RULE_MAX_DEPTH);
	assert_int_equal(r.task, 1);
	assert_int_equal(r.kind, AD_RULE_ROW);
}

/* ---- packing a doc into one block ---- */

static void same_terms(const uint32_t *a, const uint32_t *b, uint32_t n)
{
	assert_true(n == 0 || memcmp(a, b, n * sizeof(*a)) == 0);
}

static void same_strings(const char *const *a, const char *const *b,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		assert_string_equal(a[i], b[i]);
}

static void same_frontmatter(const ad_frontmatter *a, const ad_frontmatter *b)
{
	size_t i;

	assert_int_equal(a->nfields, b->nfields);
	for (i = 0; i < a->nfields; i++) {
		assert_string_equal(a->fields[i].key, b->fields[i].key);
		assert_int_equal(a->fields[i].nvalues, b->fields[i].nvalues);
		same_strings(a->fields[i].values, b->fields[i].values,
			     a->fields[i].nvalues);
	}
	assert_string_equal(a->description, b->description);
	assert_int_equal(a->nexamples, b->nexamples);
	same_strings(a->examples, b->examples, a->nexamples);
}

static void same_body(const ad_doc *a, const ad_doc *b)
{
	size_t i;

	assert_int_equal(a->nsections, b->nsections);
	for (i = 0; i < a->nsections; i++) {
		assert_string_equal(a->sections[i].path, b->sections[i].path);
		assert_string_equal(a->sections[i].title, b->sections[i].title);
		assert_string_equal(ad_doc_section_text(a, i),
				    ad_doc_section_text(b, i));
		assert_int_equal(a->sections[i].nterms, b->sections[i].nterms);
		same_terms(a->sections[i].terms, b->sections[i].terms,
			   a->sections[i].nterms);
	}
	assert_int_equal(a->nrules, b->nrules);
	for (i = 0; i < a->nrules; i++) {
		assert_string_equal(a->rules[i].text, b->rules[i].text);
		assert_int_equal(a->rules[i].nterms, b->rules[i].nterms);
		same_terms(a->rules[i].terms, b->rules[i].terms,
			   a->rules[i].nterms);
	}
}

/* Everything a doc points to, compared by value. */
static void same_doc(const ad_doc *a, const ad_doc *b)
{
	assert_string_equal(a->path, b->path);
	same_frontmatter(&a->fm, &b->fm);
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->identity, b->identity);
	same_body(a, b);
	assert_int_equal(a->nwarnings, b->nwarnings);
	same_strings(a->warnings, b->warnings, a->nwarnings);
	assert_memory_equal(a->warning_lines, b->warning_lines,
			    a->nwarnings * sizeof(*a->warning_lines));
	assert_int_equal(a->ndesc_terms, b->ndesc_terms);
	same_terms(a->desc_terms, b->desc_terms, a->ndesc_terms);
	assert_int_equal(a->nmeta_terms, b->nmeta_terms);
	same_terms(a->meta_terms, b->meta_terms, a->nmeta_terms);
	assert_int_equal(a->nname_terms, b->nname_terms);
	same_terms(a->name_terms, b->name_terms, a->nname_terms);
}

/* A doc with something in every field, parsed and tokenized. */
static ad_doc *rich_doc(ad_tokenizer *tok, const char *text)
{
	ad_error err = AD_ERROR_INIT;
	uint32_t *ids = NULL;
	size_t cap = 0;
	ad_doc *doc;

	assert_int_equal(ad_doc_parse(&doc, "agents/rich.md", text,
				      strlen(text), &err), 0);
	ad_vocab_tokenize_doc(doc, tok, 0, &ids, &cap);
	free(ids);
	return doc;
}

/* A packed doc reads as the doc it was, and none of its pointers is
 * into the arena it was built in (freed: the sanitizers would see a
 * pointer left behind). */
static void test_markdown__packed_doc_is_the_same(void **state)
{
	static const char text[] =
		"---\nname: rich\ndescription: Reviews code. <example>"
		"user: review this</example>\ntools: [Read, Grep]\n"
		"tags:\n  - one\n  - two\nbogus: : :\n---\n"
		"Intro text.\n\n# Title\n\n- first rule here\n"
		"- [x] a task rule\n\n## Sub\n\n| a | b |\n|---|---|\n"
		"| row one | cell |\n\n```\ncode here\n```\n"
		"1. a step of many words that goes on\n";
	ad_tokenizer_opts o = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_tokenizer *tok;
	ad_doc *built, *packed, *in_room;
	ad_arena *room = ad_arena_new();

	(void)state;
	assert_int_equal(ad_tokenizer_new(&tok, &o, &err), 0);
	built = rich_doc(tok, text);
	packed = ad_doc_pack(rich_doc(tok, text), NULL);
	/* and its block taken from a room, as a collection's docs are */
	in_room = ad_doc_pack(rich_doc(tok, text), room);
	same_doc(built, in_room);
	ad_doc_free(in_room);
	ad_arena_free(room); /* after the doc, which never frees it */
	assert_true(built->nrules >= 4 && built->nsections >= 3);
	assert_true(built->fm.nexamples == 1 && built->nwarnings >= 1);
	same_doc(built, packed);
	assert_ptr_not_equal(packed->arena, built->arena);
	assert_int_equal(ad_arena_used(packed->arena),
			 ad_arena_used(built->arena));
	ad_doc_free(built);
	ad_doc_free(packed);
	ad_tokenizer_free(tok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown__empty_document),
		cmocka_unit_test(test_markdown__packed_doc_is_the_same),
		cmocka_unit_test(test_markdown__rule_is_small),
		cmocka_unit_test(test_markdown__section_is_small),
		cmocka_unit_test(test_markdown__rule_fields_hold_their_values),
		cmocka_unit_test(test_markdown__intro_only_with_content),
		cmocka_unit_test(test_markdown__heading_paths),
		cmocka_unit_test(test_markdown__heading_titles_are_plain),
		cmocka_unit_test(test_markdown__setext_headings),
		cmocka_unit_test(test_markdown__headings_inside_blocks_are_text),
		cmocka_unit_test(test_markdown__nested_lists_depth),
		cmocka_unit_test(test_markdown__ordered_items_are_steps),
		cmocka_unit_test(test_markdown__task_markers),
		cmocka_unit_test(test_markdown__pipe_table_rows),
		cmocka_unit_test(test_markdown__pipes_without_separator_are_prose),
		cmocka_unit_test(test_markdown__table_in_item_is_nested_rows),
		cmocka_unit_test(test_markdown__code_kept_apart),
		cmocka_unit_test(test_markdown__inline_markup_stripped),
		cmocka_unit_test(test_markdown__html_and_quotes_are_prose),
		cmocka_unit_test(test_markdown__file_lines_from_body_offset),
		cmocka_unit_test(test_markdown__line_endings),
		cmocka_unit_test(test_markdown__gaps_at_every_offset),
		cmocka_unit_test(test_markdown__many_line_endings),
		cmocka_unit_test(test_markdown__through_doc_parse),
		cmocka_unit_test(test_markdown__deep_nesting),
		cmocka_unit_test(test_markdown__scratch_reused),
		cmocka_unit_test(test_markdown__agent_steps_and_levels),
		cmocka_unit_test(test_markdown__agent_labels_and_code),
		cmocka_unit_test(test_markdown__agent_table_and_checklists),
		cmocka_unit_test(test_markdown__agent_procedure),
		cmocka_unit_test(test_markdown__agent_dashes_and_pipeline),
#ifdef AD_SHARED_DIR
		cmocka_unit_test(test_markdown__seed_litemaas),
		cmocka_unit_test(test_markdown__seed_fastapi),
		cmocka_unit_test(test_markdown__seed_table_and_checklists),
		cmocka_unit_test(test_markdown__seed_sop),
		cmocka_unit_test(test_markdown__seed_vara),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
