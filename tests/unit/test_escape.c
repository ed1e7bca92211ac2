/* Unit tests of escape.c: JSON strings and terminal lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/escape.h"
#include "base/utf8.h"

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
	/* between runs of ASCII: DEL, a C1 control, an invalid byte, a
	 * sequence cut by the end */
	line_is("a\x7f" "b\xc2\x85" "c\xff" "d\xe2\x82",
		"a b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD");
	line_is("", "");
	line_is(NULL, "");
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

/* Up to 7 pieces drawn at random (xorshift, state *rng), joined into
 * text (64 bytes: every piece is at most 8). */
static void random_text(char *text, const char *const *pieces,
			size_t npieces, uint32_t *rng)
{
	uint32_t r = *rng;
	int k, n;

	text[0] = '\0';
	r ^= r << 13, r ^= r >> 17, r ^= r << 5;
	n = (int)(r % 8);
	for (k = 0; k < n; k++) {
		r ^= r << 13, r ^= r >> 17, r ^= r << 5;
		strcat(text, pieces[r % npieces]);
	}
	*rng = r;
}

typedef void (*escape_fn)(ad_buf *out, const char *s);

/* 20,000 random texts of pieces escaped by escape and by reference: the
 * same bytes each time. */
static void check_random_texts(escape_fn escape, escape_fn reference,
			       const char *const *pieces, size_t npieces,
			       uint32_t rng)
{
	char text[64];
	int t;

	for (t = 0; t < 20000; t++) {
		ad_buf got = AD_BUF_INIT, want = AD_BUF_INIT;

		random_text(text, pieces, npieces, &rng);
		escape(&got, text);
		reference(&want, text);
		assert_string_equal(got.ptr, want.ptr);
		ad_buf_dispose(&got);
		ad_buf_dispose(&want);
	}
}

/* JSON escaping written the plain way, byte by byte with the string's
 * whole length in hand, to hold the writer's one pass against. */
static void reference_json(ad_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n;
	uint32_t cp;

	ad_buf_putc(out, '"');
	while (len) {
		n = ad_utf8_decode(p, len, &cp);
		if (n == 1 && (*p == '"' || *p == '\\'))
			ad_buf_printf(out, "\\%c", *p);
		else if (n == 1 && *p == '\n')
			ad_buf_puts(out, "\\n");
		else if (n == 1 && *p == '\r')
			ad_buf_puts(out, "\\r");
		else if (n == 1 && *p == '\t')
			ad_buf_puts(out, "\\t");
		else if (n == 1 && (*p < 0x20 || *p == 0x7F))
			ad_buf_printf(out, "\\u%04x", *p);
		else if (n)
			ad_buf_put(out, p, n);
		else
			ad_buf_puts(out, "\xEF\xBF\xBD");
		n = n ? n : 1;
		p += n;
		len -= n;
	}
	ad_buf_putc(out, '"');
}

/* Random strings of printable text, controls, quotes and UTF-8, whole,
 * cut short or malformed, especially at their ends. */
static void test_escape__json_as_reference_on_random_text(void **state)
{
	static const char *const pieces[] = {
		"abc", " ", "\"", "\\", "\n", "\t", "\r", "\x01", "\x7f",
		"\xc3\xa9", "\xe5\xb7\xa5", "\xf0\x9f\x98\x80", "\xc3",
		"\xe5\xb7", "\xf0\x9f\x98", "\xff", "\x80", "\xc0\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80"};

	(void)state;
	check_random_texts(ad_escape_json, reference_json, pieces,
			   sizeof(pieces) / sizeof(*pieces), 2463534242u);
}

/* Path escaping written the plain way, sequence by sequence, to hold the
 * writer's runs of ASCII against: a backslash doubled, a control (C0,
 * DEL, C1, a direction control) or an invalid byte as \xNN. */
static void reference_path(ad_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n, i;
	uint32_t cp;

	while (len) {
		n = ad_utf8_decode(p, len, &cp);
		if (n == 1 && *p == '\\')
			ad_buf_puts(out, "\\\\");
		else if (n && !(cp < 0x20 || cp == 0x7F ||
				(cp >= 0x80 && cp < 0xA0) || cp == 0x200E ||
				cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
				(cp >= 0x2066 && cp <= 0x2069)))
			ad_buf_put(out, p, n);
		else
			for (i = 0; i < (n ? n : 1); i++)
				ad_buf_printf(out, "\\x%02x", p[i]);
		n = n ? n : 1;
		p += n;
		len -= n;
	}
}

static void test_escape__path_as_reference_on_random_text(void **state)
{
	static const char *const pieces[] = {
		"dir/", "a b", "\\", "\x01", "\x7f", "\n", "\xc2\x85",
		"\xe2\x80\x8e", "\xe2\x81\xa6", "\xc3\xa9", "\xe5\xb7\xa5",
		"\xc3", "\xff", "\x80", "\xf0\x9f\x98\x80", "x.md"};

	(void)state;
	check_random_texts(ad_escape_path, reference_path, pieces,
			   sizeof(pieces) / sizeof(*pieces), 88675123u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape__json_specials),
		cmocka_unit_test(test_escape__json_keeps_utf8_replaces_invalid),
		cmocka_unit_test(test_escape__line_neutralises_controls),
		cmocka_unit_test(test_escape__path_shows_bytes),
		cmocka_unit_test(test_escape__path_round_trip),
		cmocka_unit_test(test_escape__json_as_reference_on_random_text),
		cmocka_unit_test(test_escape__path_as_reference_on_random_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
