/*
 * Unit tests of json.c: each layout, full and empty, nesting, escaping,
 * numbers, a document written in pieces or as a stream, and that misuse
 * asserts. Every
 * document a test writes is also checked to parse, by a small validator
 * of strict JSON below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agentdup/escape.h"
#include "base/json.h"

/* ---- a validator of strict JSON (RFC 8259), by recursive descent ---- */

static const char *value_end(const char *p, int depth);

static const char *space(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *string_end(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p != '\\')
			continue;
		p++;
		if (*p == 'u') {
			int k;
			for (k = 1; k <= 4; k++)
				if (!strchr("0123456789abcdefABCDEF", p[k]) ||
				    !p[k])
					return NULL;
			p += 4;
		} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
			return NULL;
		}
	}
	return p + 1;
}

static const char *digits(const char *p)
{
	const char *q = p;

	while (*q >= '0' && *q <= '9')
		q++;
	return q > p ? q : NULL;
}

static const char *number_end(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (!(p = digits(p)))
		return NULL;
	if (*p == '.' && !(p = digits(p + 1)))
		return NULL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = digits(p);
	}
	return p;
}

/* The items of an object or array after its opening bracket. */
static const char *items_end(const char *p, char close, int depth)
{
	p = space(p);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			if (!(p = string_end(space(p))))
				return NULL;
			p = space(p);
			if (*p++ != ':')
				return NULL;
		}
		if (!(p = value_end(p, depth + 1)))
			return NULL;
		p = space(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *value_end(const char *p, int depth)
{
	static const char *const words[] = {"true", "false", "null"};
	size_t k;

	if (depth > 64)
		return NULL;
	p = space(p);
	if (*p == '{' || *p == '[')
		return items_end(p + 1, *p == '{' ? '}' : ']', depth);
	if (*p == '"')
		return string_end(p);
	for (k = 0; k < 3; k++)
		if (!strncmp(p, words[k], strlen(words[k])))
			return p + strlen(words[k]);
	return number_end(p);
}

static int valid_json(const char *s)
{
	const char *end = value_end(s, 0);

	return end && *space(end) == '\0';
}

/* ---- helpers ---- */

static ad_buf out;
static ad_json w;

static int setup(void **state)
{
	(void)state;
	ad_buf_init(&out);
	ad_json_init(&w, &out);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ad_buf_dispose(&out);
	return 0;
}

/* The document written is want, and parses. */
static void wrote(const char *want)
{
	assert_int_equal(w.depth, 0);
	assert_string_equal(out.ptr, want);
	assert_true(valid_json(out.ptr));
}

/* ---- layouts ---- */

static void test_json__inline(void **state)
{
	(void)state;
	ad_json_object(&w, AD_JSON_INLINE);
	ad_json_key(&w, "path");
	ad_json_string(&w, "a.md");
	ad_json_key(&w, "line");
	ad_json_int(&w, 3);
	ad_json_key(&w, "at");
	ad_json_array(&w, AD_JSON_INLINE);
	ad_json_int(&w, 1);
	ad_json_int(&w, 2);
	ad_json_end(&w);
	ad_json_end(&w);
	wrote("{\"path\": \"a.md\", \"line\": 3, \"at\": [1, 2]}\n");
}

/* Dense: no space after a comma or a key's colon, down the nesting; a
 * container of another layout inside keeps its own. */
static void test_json__dense(void **state)
{
	(void)state;
	ad_json_object(&w, AD_JSON_DENSE);
	ad_json_key(&w, "path");
	ad_json_string(&w, "a.md");
	ad_json_key(&w, "at");
	ad_json_array(&w, AD_JSON_DENSE);
	ad_json_int(&w, 1);
	ad_json_int(&w, 2);
	ad_json_object(&w, AD_JSON_INLINE);
	ad_json_key(&w, "x");
	ad_json_int(&w, 3);
	ad_json_key(&w, "y");
	ad_json_int(&w, 4);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_json_key(&w, "e");
	ad_json_array(&w, AD_JSON_DENSE);
	ad_json_end(&w);
	ad_json_end(&w);
	wrote("{\"path\":\"a.md\",\"at\":[1,2,{\"x\": 3, \"y\": 4}],"
	      "\"e\":[]}\n");
}

static void test_json__wrap_breaks_where_asked(void **state)
{
	(void)state;
	ad_json_object(&w, AD_JSON_WRAP(2));
	ad_json_key(&w, "a");
	ad_json_int(&w, 1);
	ad_json_key(&w, "b");
	ad_json_int(&w, 2);
	ad_json_break(&w);
	ad_json_key(&w, "c");
	ad_json_int(&w, 3);
	ad_json_key(&w, "d");
	ad_json_int(&w, 4);
	ad_json_end(&w);
	wrote("{\"a\": 1, \"b\": 2,\n  \"c\": 3, \"d\": 4}\n");
}

static void test_json__wrap_break_before_first(void **state)
{
	(void)state;
	ad_json_array(&w, AD_JSON_WRAP(4));
	ad_json_break(&w);
	ad_json_int(&w, 1);
	ad_json_end(&w);
	wrote("[\n    1]\n");
}

static void test_json__run_closes_on_last_line(void **state)
{
	(void)state;
	ad_json_array(&w, AD_JSON_RUN(2));
	ad_json_int(&w, 1);
	ad_json_int(&w, 2);
	ad_json_end(&w);
	wrote("[\n  1,\n  2]\n");
}

static void test_json__block_closes_on_own_line(void **state)
{
	(void)state;
	ad_json_array(&w, AD_JSON_BLOCK(4, 2));
	ad_json_int(&w, 1);
	ad_json_int(&w, 2);
	ad_json_end(&w);
	wrote("[\n    1,\n    2\n  ]\n");
}

static void test_json__block_unless_empty(void **state)
{
	(void)state;
	ad_json_array(&w, AD_JSON_BLOCK_UNLESS_EMPTY(2, 0));
	ad_json_string(&w, "x");
	ad_json_end(&w);
	wrote("[\n  \"x\"\n]\n");
}

static void test_json__block_join_keeps_line(void **state)
{
	(void)state;
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "version");
	ad_json_int(&w, 1);
	ad_json_key(&w, "files");
	ad_json_int(&w, 5);
	ad_json_join(&w);
	ad_json_key(&w, "rules");
	ad_json_int(&w, 7);
	ad_json_key(&w, "agents");
	ad_json_array(&w, AD_JSON_BLOCK(4, 2));
	ad_json_end(&w);
	ad_json_end(&w);
	wrote("{\n  \"version\": 1,\n  \"files\": 5, \"rules\": 7,\n"
	      "  \"agents\": [\n  ]\n}\n");
}

/* Each layout, empty: [] unless the bracket has a line of its own. */
static void test_json__empty_containers(void **state)
{
	const struct {
		const char *want;
		ad_json_layout l;
	} cases[] = {
		{"[]\n", AD_JSON_INLINE},
		{"[]\n", AD_JSON_WRAP(2)},
		{"[]\n", AD_JSON_RUN(2)},
		{"[\n  ]\n", AD_JSON_BLOCK(4, 2)},
		{"[\n]\n", AD_JSON_BLOCK(2, 0)},
		{"[]\n", AD_JSON_BLOCK_UNLESS_EMPTY(2, 0)},
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		ad_buf_clear(&out);
		ad_json_array(&w, cases[k].l);
		ad_json_end(&w);
		wrote(cases[k].want);
		ad_buf_clear(&out);
		ad_json_object(&w, cases[k].l);
		ad_json_end(&w);
		assert_int_equal(out.ptr[0], '{');
		assert_int_equal(out.ptr[out.len - 2], '}');
		assert_int_equal(out.len, strlen(cases[k].want));
	}
}

/* ---- nesting ---- */

static void test_json__nesting(void **state)
{
	(void)state;
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "pairs");
	ad_json_array(&w, AD_JSON_BLOCK(4, 2));
	ad_json_object(&w, AD_JSON_INLINE);
	ad_json_key(&w, "a");
	ad_json_string(&w, "x");
	ad_json_key(&w, "sections");
	ad_json_array(&w, AD_JSON_RUN(6));
	ad_json_object(&w, AD_JSON_INLINE);
	ad_json_key(&w, "line");
	ad_json_int(&w, 1);
	ad_json_end(&w);
	ad_json_array(&w, AD_JSON_INLINE);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_json_object(&w, AD_JSON_INLINE);
	ad_json_end(&w);
	ad_json_end(&w);
	ad_json_end(&w);
	wrote("{\n  \"pairs\": [\n    {\"a\": \"x\", \"sections\": ["
	      "\n      {\"line\": 1},\n      []]},\n    {}\n  ]\n}\n");
}

static void test_json__deepest_nesting(void **state)
{
	char want[2 * AD_JSON_DEPTH + 2];
	int k;

	(void)state;
	for (k = 0; k < AD_JSON_DEPTH; k++) {
		ad_json_array(&w, AD_JSON_INLINE);
		want[k] = '[';
		want[2 * AD_JSON_DEPTH - 1 - k] = ']';
	}
	for (k = 0; k < AD_JSON_DEPTH; k++)
		ad_json_end(&w);
	want[2 * AD_JSON_DEPTH] = '\n';
	want[2 * AD_JSON_DEPTH + 1] = '\0';
	wrote(want);
}

/* A document in three pieces, each by its own writer, joined: the same
 * bytes as one writer makes. */
static void piece_items(ad_json *pw, int lo, int hi)
{
	int k;

	for (k = lo; k < hi; k++) {
		ad_json_object(pw, AD_JSON_INLINE);
		ad_json_key(pw, "n");
		ad_json_int(pw, k);
		ad_json_end(pw);
	}
}

static void test_json__pieces_resume(void **state)
{
	ad_buf part[3] = {AD_BUF_INIT, AD_BUF_INIT, AD_BUF_INIT};
	ad_json pw;
	int k;

	(void)state;
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "list");
	ad_json_array(&w, AD_JSON_BLOCK(4, 2));
	piece_items(&w, 0, 5);
	ad_json_end(&w);
	ad_json_key(&w, "tail");
	ad_json_bool(&w, 1);
	ad_json_end(&w);

	ad_json_init(&pw, &part[0]);
	ad_json_object(&pw, AD_JSON_BLOCK(2, 0));
	ad_json_key(&pw, "list");
	ad_json_array(&pw, AD_JSON_BLOCK(4, 2));
	piece_items(&pw, 0, 2);
	ad_json_init(&pw, &part[1]);
	ad_json_resume(&pw, AD_JSON_OBJECT, AD_JSON_BLOCK(2, 0), 1);
	ad_json_resume(&pw, AD_JSON_ARRAY, AD_JSON_BLOCK(4, 2), 1);
	piece_items(&pw, 2, 5);
	ad_json_end(&pw);
	ad_json_init(&pw, &part[2]);
	ad_json_resume(&pw, AD_JSON_OBJECT, AD_JSON_BLOCK(2, 0), 1);
	ad_json_key(&pw, "tail");
	ad_json_bool(&pw, 1);
	ad_json_end(&pw);
	assert_int_equal(pw.depth, 0);
	for (k = 1; k < 3; k++)
		ad_buf_puts(&part[0], part[k].ptr);
	assert_string_equal(part[0].ptr, out.ptr);
	assert_true(valid_json(out.ptr));
	for (k = 0; k < 3; k++)
		ad_buf_dispose(&part[k]);
}

/* What a stream handed on: the bytes, how many chunks, the largest. */
typedef struct sunk {
	ad_buf all;
	size_t calls, largest;
} sunk;

static void sink(void *ctx, const char *data, size_t len)
{
	sunk *s = ctx;

	ad_buf_put(&s->all, data, len);
	s->calls++;
	if (len > s->largest)
		s->largest = len;
}

/* A document of a few hundred KB, written into out. */
static void long_document(ad_json *jw)
{
	int k;

	ad_json_object(jw, AD_JSON_BLOCK(2, 0));
	ad_json_key(jw, "list");
	ad_json_array(jw, AD_JSON_BLOCK(4, 2));
	for (k = 0; k < 20000; k++) {
		ad_json_object(jw, AD_JSON_INLINE);
		ad_json_key(jw, "n");
		ad_json_int(jw, k);
		ad_json_key(jw, "s");
		ad_json_string(jw, "some text to fill the line");
		ad_json_end(jw);
	}
	ad_json_end(jw);
	ad_json_end(jw);
}

/* A stream hands on the same bytes, in chunks of about AD_JSON_CHUNK,
 * and keeps nothing once the document ends. */
static void test_json__stream_same_bytes_in_chunks(void **state)
{
	sunk s = {AD_BUF_INIT, 0, 0};
	ad_buf part = AD_BUF_INIT;
	ad_json sw;

	(void)state;
	long_document(&w);
	ad_json_init(&sw, &part);
	ad_json_stream(&sw, sink, &s);
	long_document(&sw);
	assert_int_equal(part.len, 0);
	assert_true(out.len > 4 * AD_JSON_CHUNK);
	assert_true(s.calls > 4);
	assert_true(s.largest < AD_JSON_CHUNK + 256);
	assert_string_equal(s.all.ptr, out.ptr);
	assert_true(valid_json(s.all.ptr));
	ad_buf_dispose(&part);
	ad_buf_dispose(&s.all);
}

/* A writer without a sink hands nothing on, even when flushed. */
static void test_json__flush_without_sink(void **state)
{
	(void)state;
	ad_json_array(&w, AD_JSON_INLINE);
	ad_json_int(&w, 1);
	ad_json_flush(&w);
	ad_json_end(&w);
	wrote("[1]\n");
}

/* A key of every length up to 200, each first in a fresh buffer, so that
 * one ends exactly where the buffer's room ends (under ASan, a byte
 * written past it is an error). */
static void test_json__keys_fill_buffer_exactly(void **state)
{
	char key[201], want[256];
	int n;

	(void)state;
	for (n = 0; n <= 200; n++) {
		memset(key, 'k', (size_t)n);
		key[n] = '\0';
		ad_buf_dispose(&out);
		ad_json_object(&w, AD_JSON_INLINE);
		ad_json_key(&w, key);
		ad_json_null(&w);
		ad_json_end(&w);
		snprintf(want, sizeof(want), "{\"%s\": null}\n", key);
		wrote(want);
	}
}

/* ---- values ---- */

static void test_json__strings_through_escape(void **state)
{
	static const char *const texts[] = {
		"plain", "a\"b\\c", "l1\nl2\t\x01", "bad \xff utf-8", "é 工",
	};
	ad_buf want = AD_BUF_INIT;
	size_t k;

	(void)state;
	ad_buf_puts(&want, "[");
	ad_json_array(&w, AD_JSON_INLINE);
	for (k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		ad_json_string(&w, texts[k]);
		ad_buf_puts(&want, k ? ", " : "");
		ad_escape_json(&want, texts[k]);
	}
	ad_json_string(&w, NULL);
	ad_json_end(&w);
	ad_buf_puts(&want, ", null]\n");
	wrote(want.ptr);
	ad_buf_dispose(&want);
}

static void test_json__numbers(void **state)
{
	char want[256];

	(void)state;
	ad_json_array(&w, AD_JSON_INLINE);
	ad_json_int(&w, 0);
	ad_json_int(&w, -42);
	ad_json_int(&w, LLONG_MIN);
	ad_json_uint(&w, 7);
	ad_json_uint(&w, ULLONG_MAX);
	ad_json_score(&w, 0.5);
	ad_json_score(&w, 1.0);
	ad_json_score(&w, 0.12344);
	ad_json_fixed(&w, 0.85, 4);
	ad_json_fixed(&w, 12.5, 1);
	ad_json_bool(&w, 1);
	ad_json_bool(&w, 0);
	ad_json_null(&w);
	ad_json_end(&w);
	snprintf(want, sizeof(want),
		 "[0, -42, %lld, 7, %llu, 0.5000, 1.0000, 0.1234, 0.8500, "
		 "12.5, true, false, null]\n",
		 LLONG_MIN, ULLONG_MAX);
	wrote(want);
}

/* ---- misuse ---- */

#ifndef NDEBUG
/* f, run in a child, ends it by an assert (SIGABRT). */
static void aborts(void (*f)(ad_json *))
{
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		ad_buf b = AD_BUF_INIT;
		ad_json cw;

		/* the assert's message is expected: keep it out of the log */
		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		ad_json_init(&cw, &b);
		f(&cw);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void key_in_array(ad_json *cw)
{
	ad_json_array(cw, AD_JSON_INLINE);
	ad_json_key(cw, "k");
}

static void value_without_key(ad_json *cw)
{
	ad_json_object(cw, AD_JSON_INLINE);
	ad_json_int(cw, 1);
}

static void two_keys(ad_json *cw)
{
	ad_json_object(cw, AD_JSON_INLINE);
	ad_json_key(cw, "a");
	ad_json_key(cw, "b");
}

static void key_without_value(ad_json *cw)
{
	ad_json_object(cw, AD_JSON_INLINE);
	ad_json_key(cw, "a");
	ad_json_end(cw);
}

static void end_of_nothing(ad_json *cw)
{
	ad_json_end(cw);
}

static void value_outside(ad_json *cw)
{
	ad_json_string(cw, "x");
}

static void too_deep(ad_json *cw)
{
	int k;

	for (k = 0; k <= AD_JSON_DEPTH; k++)
		ad_json_array(cw, AD_JSON_INLINE);
}

static void key_needs_escaping(ad_json *cw)
{
	ad_json_object(cw, AD_JSON_INLINE);
	ad_json_key(cw, "a\"b");
}

static void break_in_lines(ad_json *cw)
{
	ad_json_array(cw, AD_JSON_RUN(2));
	ad_json_break(cw);
}

static void join_inline(ad_json *cw)
{
	ad_json_array(cw, AD_JSON_INLINE);
	ad_json_join(cw);
}

static void test_json__misuse_asserts(void **state)
{
	(void)state;
	aborts(key_in_array);
	aborts(value_without_key);
	aborts(two_keys);
	aborts(key_without_value);
	aborts(end_of_nothing);
	aborts(value_outside);
	aborts(too_deep);
	aborts(key_needs_escaping);
	aborts(break_in_lines);
	aborts(join_inline);
}
#else
static void test_json__misuse_asserts(void **state)
{
	(void)state;
	skip(); /* asserts are compiled out */
}
#endif

/* The validator itself refuses what is not JSON. */
static void test_json__validator_refuses(void **state)
{
	static const char *const bad[] = {
		"{\"a\": 1,}", "[1 2]", "{\"a\" 1}", "[1, 2", "{1: 2}",
		"\"a\nb\"", "[01]", "[1.]", "nul", "[] []",
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		assert_false(valid_json(bad[k]));
	assert_true(valid_json("{\"a\": [1, -0.5e3, \"\\u00e9\", {}], "
			       "\"b\": null}"));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_json__inline),
		T(test_json__dense),
		T(test_json__wrap_breaks_where_asked),
		T(test_json__wrap_break_before_first),
		T(test_json__run_closes_on_last_line),
		T(test_json__block_closes_on_own_line),
		T(test_json__block_unless_empty),
		T(test_json__block_join_keeps_line),
		T(test_json__empty_containers),
		T(test_json__nesting),
		T(test_json__deepest_nesting),
		T(test_json__pieces_resume),
		T(test_json__stream_same_bytes_in_chunks),
		T(test_json__flush_without_sink),
		T(test_json__keys_fill_buffer_exactly),
		T(test_json__strings_through_escape),
		T(test_json__numbers),
		T(test_json__misuse_asserts),
		T(test_json__validator_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
