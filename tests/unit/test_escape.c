/* Unit tests of escape.c: JSON strings and terminal lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "agentdup/escape.h"

static void json_is(const char *in, const char *want)
{
	ad_buf b = AD_BUF_INIT;

	ad_escape_json(&b, in);
	assert_string_equal(b.ptr, want);
	ad_buf_dispose(&b);
}

static void line_is(const char *in, const char *want)
{
	ad_buf b = AD_BUF_INIT;

	ad_escape_line(&b, in);
	assert_string_equal(b.ptr, want);
	ad_buf_dispose(&b);
}

static void test_escape__json_specials(void **state)
{
	(void)state;
	json_is("plain", "\"plain\"");
	json_is("a\"b\\c", "\"a\\\"b\\\\c\"");
	json_is("l1\nl2\tx\r", "\"l1\\nl2\\tx\\r\"");
	json_is("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	json_is("</script>", "\"</script>\"");
	json_is(NULL, "null");
}

static void test_escape__json_keeps_utf8_replaces_invalid(void **state)
{
	(void)state;
	json_is("工程师 é", "\"工程师 é\"");
	json_is("a\xff" "b", "\"a\xEF\xBF\xBD" "b\"");
	json_is("\xe2\x82", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");   /* truncated */
	json_is("\xc0\xaf", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");   /* overlong */
	json_is("\xed\xa0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""); /* surrogate */
}

static void test_escape__line_neutralises_controls(void **state)
{
	(void)state;
	line_is("a\nb\033[31mred", "a b [31mred");
	line_is("x\xe2\x80\xaey", "x\xEF\xBF\xBDy"); /* right-to-left override */
	line_is("ok é", "ok é");
}

static void path_is(const char *in, const char *want)
{
	ad_buf b = AD_BUF_INIT;

	ad_escape_path(&b, in);
	assert_string_equal(b.ptr, want);
	ad_buf_dispose(&b);
}

/* Two different paths never show alike: each invalid byte as itself,
 * and a backslash typed in a name doubled. */
static void test_escape__path_shows_bytes(void **state)
{
	(void)state;
	path_is("agents/a.md", "agents/a.md");
	path_is("a\xff.md", "a\\xff.md");
	path_is("a\xfe.md", "a\\xfe.md");
	path_is("a\\xff.md", "a\\\\xff.md");
	path_is("\xe2\x82", "\\xe2\\x82"); /* truncated */
	path_is("x\ny\xe2\x80\xae" "z", "x\\x0ay\\xe2\\x80\\xae" "z");
	path_is("工程师 é", "工程师 é");
}

/* Unescaping gives the bytes back. */
static void test_escape__path_round_trip(void **state)
{
	const char *names[] = {"a\xff.md", "a\\xff.md", "x\ny\xe2\x80",
			       "plain/é.md", "a\\\\b"};
	ad_buf shown = AD_BUF_INIT, back = AD_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		ad_buf_clear(&shown);
		ad_buf_clear(&back);
		ad_escape_path(&shown, names[i]);
		ad_unescape_path(&back, shown.ptr);
		assert_string_equal(back.ptr, names[i]);
	}
	ad_buf_dispose(&shown);
	ad_buf_dispose(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape__json_specials),
		cmocka_unit_test(test_escape__json_keeps_utf8_replaces_invalid),
		cmocka_unit_test(test_escape__line_neutralises_controls),
		cmocka_unit_test(test_escape__path_shows_bytes),
		cmocka_unit_test(test_escape__path_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
