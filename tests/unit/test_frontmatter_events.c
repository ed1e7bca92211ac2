/* Unit tests of frontmatter.c's two readers: libyaml's events, which
 * ad_frontmatter_parse() uses, and its document API (the tree), which it
 * leaves blocks with anchors or aliases to. Both must give the same
 * fields, values, lines, warnings and recovery on every block: nested
 * mappings and sequences, anchors and aliases, several documents,
 * repeated keys, invalid YAML, the bounds of flattening, and every agent
 * file of the fixtures (and of AD_SHARED_DIR/corpus in the quality build). */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <cmocka.h>

#include "agentdup/buf.h"
#include "agentdup/doc.h"
#include "parse/doc_internal.h"
#include "parse/frontmatter.h"
#include "source/corpus.h"

static void same_strings(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void same_fields(const ad_frontmatter *a, const ad_frontmatter *b)
{
	size_t i, j;

	assert_int_equal(a->present, b->present);
	assert_int_equal(a->recovered, b->recovered);
	assert_int_equal(a->body_offset, b->body_offset);
	assert_int_equal(a->body_line, b->body_line);
	assert_int_equal(a->nfields, b->nfields);
	for (i = 0; i < a->nfields; i++) {
		const ad_fm_field *x = &a->fields[i], *y = &b->fields[i];

		assert_string_equal(x->key, y->key);
		assert_int_equal(x->line, y->line);
		assert_int_equal(x->is_list, y->is_list);
		assert_int_equal(x->nvalues, y->nvalues);
		for (j = 0; j < x->nvalues; j++)
			assert_string_equal(x->values[j], y->values[j]);
	}
	same_strings(a->description, b->description);
	assert_int_equal(a->nexamples, b->nexamples);
	for (i = 0; i < a->nexamples; i++)
		assert_string_equal(a->examples[i], b->examples[i]);
}

/* Both readers on text; the events' doc is returned for more checks. */
static ad_doc *both_ways(const char *text, size_t len)
{
	ad_doc *ev = ad_doc_new("x.md", text, len);
	ad_doc *tree = ad_doc_new("x.md", text, len);
	size_t i;

	ad_frontmatter_parse(ev);
	ad_frontmatter_parse_tree(tree);
	same_fields(&ev->fm, &tree->fm);
	same_strings(ev->name, tree->name);
	assert_int_equal(ev->nwarnings, tree->nwarnings);
	for (i = 0; i < ev->nwarnings; i++) {
		assert_string_equal(ev->warnings[i], tree->warnings[i]);
		assert_int_equal(ev->warning_lines[i], tree->warning_lines[i]);
	}
	ad_doc_free(tree);
	return ev;
}

static ad_doc *both(const char *text)
{
	return both_ways(text, strlen(text));
}

static const char *value(const ad_doc *doc, const char *key, size_t i)
{
	const ad_fm_field *f = ad_doc_find_field(doc, key);

	assert_non_null(f);
	assert_true(i < f->nvalues);
	return f->values[i];
}

static size_t nvalues(const ad_doc *doc, const char *key)
{
	const ad_fm_field *f = ad_doc_find_field(doc, key);

	assert_non_null(f);
	return f->nvalues;
}

static int has_warning(const ad_doc *doc, const char *text)
{
	size_t i;

	for (i = 0; i < doc->nwarnings; i++)
		if (strstr(doc->warnings[i], text))
			return 1;
	return 0;
}

static void test_frontmatter_events__nested_mappings(void **state)
{
	ad_doc *d;

	(void)state;
	d = both("---\n"
		 "name: a\n"
		 "tools:\n"
		 "  read: true\n"
		 "  bash: false\n"
		 "  web: yes\n"
		 "  edit: 'true'\n"
		 "meta:\n"
		 "  owner: team\n"
		 "  empty:\n"
		 "  deeper:\n"
		 "    more: {x: 1, y: [p, q], z: {w: on}}\n"
		 "    ? [complex, key]\n"
		 "    : value\n"
		 "    ? {k: v}\n"
		 "    : [s, t]\n"
		 "---\n");
	assert_int_equal(nvalues(d, "tools"), 3);
	assert_string_equal(value(d, "tools", 0), "read");
	assert_string_equal(value(d, "tools", 1), "web");
	assert_string_equal(value(d, "tools", 2), "edit: true");
	assert_string_equal(value(d, "meta", 0), "owner: team");
	assert_string_equal(value(d, "meta", 1), "empty");
	assert_string_equal(value(d, "meta", 2), "x: 1");
	ad_doc_free(d);
	ad_doc_free(both("---\na:\n  b:\n    c:\n      d: [1, {e: f}]\n"
			 "g: h\n---\n"));
}

static void test_frontmatter_events__sequences(void **state)
{
	ad_doc *d;

	(void)state;
	d = both("---\n"
		 "tags:\n"
		 "  - one\n"
		 "  - ''\n"
		 "  - [two, three]\n"
		 "  - - four\n"
		 "    - five\n"
		 "  - k: v\n"
		 "    on: true\n"
		 "tools: Read, \"Grep\", Bash\n"
		 "allowed-tools: [Read, Write]\n"
		 "list: []\n"
		 "map: {}\n"
		 "---\nbody\n");
	assert_int_equal(nvalues(d, "tags"), 7);
	assert_string_equal(value(d, "tags", 1), "two");
	assert_string_equal(value(d, "tags", 4), "five");
	assert_string_equal(value(d, "tags", 5), "k: v");
	assert_int_equal(nvalues(d, "tools"), 3);
	assert_int_equal(nvalues(d, "list"), 0);
	ad_doc_free(d);
	ad_doc_free(both("---\n- a\n- b\n---\n"));
	ad_doc_free(both("---\njust a scalar\n---\n"));
	ad_doc_free(both("---\n[a, {b: c}]\n---\n"));
	ad_doc_free(both("---\n\"quoted\"\n---\n"));
}

static void test_frontmatter_events__anchors_and_aliases(void **state)
{
	ad_doc *d;

	(void)state;
	d = both("---\n"
		 "base: &b\n"
		 "  - Read\n"
		 "  - Grep\n"
		 "tools: *b\n"
		 "name: &n reviewer\n"
		 "alias: *n\n"
		 "---\n");
	assert_string_equal(value(d, "tools", 1), "Grep");
	assert_string_equal(value(d, "alias", 0), "reviewer");
	ad_doc_free(d);
	ad_doc_free(both("---\na: *missing\nb: c\n---\n"));
	ad_doc_free(both("---\na: &x 1\nb: &x 2\nc: *x\n---\n"));
	ad_doc_free(both("---\na: &x [1, *x]\n---\n"));
	ad_doc_free(both("---\n&root {a: b}\n---\n"));
	ad_doc_free(both("---\n? &k key\n: v\n*k : w\n---\n"));
	ad_doc_free(both("---\nname: x\ndeep:\n  - - - &a y\nz: [*a, *a]\n"
			 "bad: [\n---\n"));
}

static void test_frontmatter_events__several_documents(void **state)
{
	(void)state;
	ad_doc_free(both("---\na: 1\n...\n--- b: 2\n---\n"));
	ad_doc_free(both("---\na: 1\n--- !x\nb: 2\n---\n"));
	ad_doc_free(both("---\na: 1\n...\n%YAML 1.1\n--- [\n---\n"));
	ad_doc_free(both("---\na: 1\n--- b: [\n---\n"));
	ad_doc_free(both("---\n...\n---\n"));
	ad_doc_free(both("---\n--- x\n---\n"));
	ad_doc_free(both("---\n%YAML 1.1\n%YAML 1.1\n--- a\n---\n"));
}

static void test_frontmatter_events__duplicate_keys(void **state)
{
	ad_doc *d;

	(void)state;
	d = both("---\nname: a\ntools: Read\nname: b\nx: {k: 1, k: 2}\n"
		 "tools: [Grep]\n---\n");
	assert_string_equal(d->name, "a");
	assert_true(has_warning(d, "line 4: duplicate frontmatter key 'name'"));
	assert_true(has_warning(d, "line 6: duplicate frontmatter key 'tools'"));
	assert_int_equal(nvalues(d, "x"), 2);
	ad_doc_free(d);
}

static void test_frontmatter_events__bad_yaml(void **state)
{
	ad_doc *d;

	(void)state;
	d = both("---\nname: a\ndescription: b\ntags: [x, y\nmodel: m\n"
		 "---\n");
	assert_true(d->fm.recovered);
	assert_true(has_warning(d, "invalid frontmatter yaml"));
	ad_doc_free(d);
	d = both("---\nname: a\ndescription: says: hi\n---\n");
	assert_true(has_warning(d, "line 3: invalid frontmatter yaml"));
	ad_doc_free(d);
	ad_doc_free(both("---\nname: a\nnested:\n  k: v\n k2: v2\n---\n"));
	ad_doc_free(both("---\nname: \"open\n---\n"));
	ad_doc_free(both("---\nname: a\nkey without colon\nmore: b\n---\n"));
	ad_doc_free(both("---\nname: a\n\tbad: tab\n---\n"));
	ad_doc_free(both("---\nname: *x\n---\n"));
	ad_doc_free(both("---\nname: a\n- b\n---\n"));
	ad_doc_free(both("---\n[a, b\n---\n"));
	ad_doc_free(both("---\njust text\nand: more\n---\n"));
	ad_doc_free(both("---\nname: \"\\q\"\n---\n"));
	ad_doc_free(both("---\nname: x\ndeep: [[[[[[[[[[[[[[[[[[[[a]]]]]]]]]]"
			 "]]]]]]]]]]\nbad: \"\n---\n"));
	ad_doc_free(both("---\nname: \xff\xfe\n---\n"));
	ad_doc_free(both("---\nname: a\r\nlist:\r\n  - b\r\n  - c: [\r\n---\r\n"));
	ad_doc_free(both("---\n? a\n? b\n: c\n---\n"));
	ad_doc_free(both("---\n!!map {a: b}\n---\n"));
	ad_doc_free(both("---\na: !!str 1\nb: !custom {c: d}\n---\n"));
}

static void test_frontmatter_events__odd_scalars(void **state)
{
	ad_doc *d;
	static const char text[] = "---\na: \"x\\0y\"\nb: ''\nc:\nd: |\n"
				   "  lit\n  eral\ne: >-\n  fold\n  ed\n---\n";

	(void)state;
	d = both_ways(text, sizeof(text) - 1);
	assert_string_equal(value(d, "a", 0), "x");
	assert_int_equal(nvalues(d, "b"), 1);
	assert_int_equal(nvalues(d, "c"), 0);
	ad_doc_free(d);
	ad_doc_free(both("---\n---\n"));
	ad_doc_free(both("---\n# only a comment\n---\n"));
	ad_doc_free(both("---\n\n\n---\n"));
}

/* Past FLATTEN_DEPTH levels, and past FLATTEN_BUDGET nodes, a value is cut
 * where the tree walk cuts it. */
static void test_frontmatter_events__flatten_bounds(void **state)
{
	ad_buf b = AD_BUF_INIT;
	ad_doc *d;
	int i;

	(void)state;
	ad_buf_puts(&b, "---\nname: x\ndeep: ");
	for (i = 0; i < 30; i++)
		ad_buf_printf(&b, "[d%d, {k%d: v, m%d: ", i, i, i);
	ad_buf_puts(&b, "end");
	for (i = 0; i < 30; i++)
		ad_buf_puts(&b, "}, after]");
	ad_buf_puts(&b, "\nwide:\n");
	for (i = 0; i < 5000; i++)
		ad_buf_printf(&b, "  - [w%d, {x: y}]\n", i);
	ad_buf_puts(&b, "last: z\n---\n");
	d = both_ways(b.ptr, b.len);
	assert_true(nvalues(d, "wide") < 5000);
	assert_string_equal(value(d, "last", 0), "z");
	ad_doc_free(d);
	ad_buf_dispose(&b);
}

/* Lines end as cmark ends them, LF, CRLF or a lone CR, mixed in one file
 * and inside long lines; each field keeps its file line. */
static void test_frontmatter_events__mixed_line_ends(void **state)
{
	ad_buf b = AD_BUF_INIT;
	ad_doc *d;
	int i;

	(void)state;
	ad_buf_puts(&b, "---\r\nname: a\ndescription: ");
	for (i = 0; i < 40; i++)
		ad_buf_puts(&b, "long words ");
	ad_buf_puts(&b, "\rtools: Read\r\n\r\n  \t \rmodel: m\n---\rbody\n");
	d = both_ways(b.ptr, b.len);
	assert_string_equal(d->name, "a");
	assert_int_equal(ad_doc_find_field(d, "name")->line, 2);
	assert_int_equal(ad_doc_find_field(d, "description")->line, 3);
	assert_int_equal(ad_doc_find_field(d, "tools")->line, 4);
	assert_int_equal(ad_doc_find_field(d, "model")->line, 7);
	assert_int_equal(d->fm.body_line, 9);
	assert_string_equal(d->text + d->fm.body_offset, "body\n");
	ad_doc_free(d);
	ad_buf_dispose(&b);
}

/* Every agent file at hand. */
static size_t nfiles;

static int one_file(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	ad_source src = {.path = path, .rel = path, .root = path};
	ad_error err = AD_ERROR_INIT;
	size_t len = 0;
	char *text = NULL;
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (type != FTW_F || n < 3 || strcmp(path + n - 3, ".md") != 0)
		return 0;
	if (ad_corpus_read(&text, &len, &src, &err) == 0) {
		ad_doc_free(both_ways(text, len));
		nfiles++;
	}
	free(text); /* a file refused may still have been read */
	return 0;
}

static void test_frontmatter_events__every_file_at_hand(void **state)
{
	(void)state;
	nfiles = 0;
	assert_int_equal(nftw(AD_SOURCE_DIR "/tests/fixtures", one_file, 16,
			      FTW_PHYS),
			 0);
	assert_true(nfiles > 100);
#ifdef AD_SHARED_DIR
	/* the quality build (AD_QUALITY): every file of the shared corpus */
	nfiles = 0;
	assert_int_equal(nftw(AD_SHARED_DIR "/corpus", one_file, 16, FTW_PHYS),
			 0);
	assert_true(nfiles > 1000);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frontmatter_events__nested_mappings),
		cmocka_unit_test(test_frontmatter_events__sequences),
		cmocka_unit_test(test_frontmatter_events__anchors_and_aliases),
		cmocka_unit_test(test_frontmatter_events__several_documents),
		cmocka_unit_test(test_frontmatter_events__duplicate_keys),
		cmocka_unit_test(test_frontmatter_events__bad_yaml),
		cmocka_unit_test(test_frontmatter_events__odd_scalars),
		cmocka_unit_test(test_frontmatter_events__flatten_bounds),
		cmocka_unit_test(test_frontmatter_events__mixed_line_ends),
		cmocka_unit_test(test_frontmatter_events__every_file_at_hand),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
