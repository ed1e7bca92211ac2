/* Unit tests of fit.c: a terminal's columns, and lines fitted to a
 * width, under their start or under their own columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/report.h"
#include "report/fit.h"

static size_t cols(const char *s)
{
	return ad_fit_columns(s, strlen(s));
}

/* s fitted to width (hang or not) is want. */
static void fits_as(const char *s, int width, int hang, const char *want)
{
	ad_buf b = AD_BUF_INIT;

	ad_fit_lines(&b, s, strlen(s), width, hang);
	assert_string_equal(b.ptr ? b.ptr : "", want);
	ad_buf_dispose(&b);
}

/* Every line of s within width columns. */
static void assert_within(const char *s, size_t width)
{
	while (*s) {
		size_t n = strcspn(s, "\n");

		assert_true(ad_fit_columns(s, n) <= width);
		s += n + (s[n] == '\n');
	}
}

static void test_fit__columns(void **state)
{
	size_t w;

	(void)state;
	assert_int_equal(cols("abc"), 3);
	assert_int_equal(cols("零售供应链"), 10);   /* Han: two each */
	assert_int_equal(cols("한국어"), 6);        /* Hangul syllables */
	assert_int_equal(cols("ＡＰＩ"), 6);        /* fullwidth forms */
	assert_int_equal(cols("\xe2\x9a\xa1"), 2);    /* U+26A1, an emoji */
	assert_int_equal(cols("\xf0\x9f\x91\xa8"), 2); /* U+1F468 */
	assert_int_equal(cols("\xe2\x9c\x93"), 1);    /* U+2713, no emoji */
	assert_int_equal(cols("e\xcc\x81"), 1);     /* e + combining acute */
	assert_int_equal(cols("\033[1mab\033[0m"), 2); /* colour codes */
	assert_int_equal(cols("caf\xc3\xa9 \xe2\x80\xa6"), 6);
	assert_int_equal(cols("\xff\xfe"), 2); /* not UTF-8: a column each */
	assert_int_equal(ad_report_columns("\xe9\x9b\xb6\xe5\x94\xae", 6), 4);
	assert_int_equal(ad_fit_char("\xe9\x9b\xb6x", 4, &w), 3);
	assert_int_equal(w, 2);
	assert_int_equal(ad_fit_char("\033[33mx", 6, &w), 5);
	assert_int_equal(w, 0);
}

/* Without hang, as the scan report fits: the rest two columns deeper
 * than the line's indent; a line that fits is left alone. */
static void test_fit__under_the_start(void **state)
{
	(void)state;
	fits_as("  one two three four five six seven\n", 24, 0,
		"  one two three four\n    five six seven\n");
	fits_as("short\n\nline\n", 24, 0, "short\n\nline\n");
	fits_as("  1.000  A:15  Check every new function\n", 30, 0,
		"  1.000  A:15  Check every new\n    function\n");
}

/* With hang: under the text after the last gap of two spaces, or after
 * the key of a "key: value" column. */
static void test_fit__under_its_columns(void **state)
{
	(void)state;
	fits_as("  0.656  A:15  Check that every new function has unit tests "
		"for its error paths.\n",
		60, 1,
		"  0.656  A:15  Check that every new function has unit tests\n"
		"               for its error paths.\n");
	fits_as("               B: Reviews pull requests for correctness and "
		"security before they merge.\n",
		60, 1,
		"               B: Reviews pull requests for correctness and\n"
		"                  security before they merge.\n");
	/* a gap past the first two fifths is no column to hang under, but
	 * the line breaks there, in its second half */
	fits_as("A: a/long/path/of/an/agent.md  (its-name): 4 sections, 9 "
		"rules\n",
		50, 1,
		"A: a/long/path/of/an/agent.md\n"
		"   (its-name): 4 sections, 9 rules\n");
}

/* With hang, a break in the second half falls rather between two
 * columns of the line (before "[terms]") than inside one. */
static void test_fit__between_columns(void **state)
{
	(void)state;
	fits_as("  0.716  \"Review checklist\" (line 13) ~ \"Review\" (line "
		"12)  [checklist, reviewer, function]\n",
		70, 1,
		"  0.716  \"Review checklist\" (line 13) ~ \"Review\" (line 12)\n"
		"         [checklist, reviewer, function]\n");
}

/* A wide text with no space is cut where the columns run out, never
 * inside a character, and every line keeps to the width; a word longer
 * than the line is cut too. */
static void test_fit__wide_and_long(void **state)
{
	const char *zh = "零售供应链规划专家负责库存管理"
			 "与供应商协同并做月度销售报表分析\n";
	ad_buf b = AD_BUF_INIT;

	(void)state;
	ad_fit_lines(&b, zh, strlen(zh), 24, 1);
	assert_within(b.ptr, 24);
	/* twelve characters of two columns, then the break */
	assert_memory_equal(b.ptr, "零售供应链规划专家负责库\n", 37);
	ad_buf_dispose(&b);
	fits_as("abcdefghijklmnopqrstuvwxyzABCDEFGH\n", 24, 0,
		"abcdefghijklmnopqrstuvwx\n  yzABCDEFGH\n");
	/* narrower than the least width: fitted to AD_FIT_WIDTH_MIN */
	ad_fit_lines(&b, zh, strlen(zh), 3, 0);
	assert_within(b.ptr, AD_FIT_WIDTH_MIN);
	ad_buf_dispose(&b);
}

/* Colour codes take no column: a coloured line breaks where the plain
 * one does, its codes kept. */
static void test_fit__colour(void **state)
{
	(void)state;
	fits_as("\033[1mrole: \033[0mvariants of one agent, one cluster to "
		"keep\n",
		30, 1,
		"\033[1mrole: \033[0mvariants of one agent,\n"
		"      one cluster to keep\n");
}

/* ad_report_fit(): in place, from a byte on; width 0 leaves it. */
static void test_fit__report_fit(void **state)
{
	ad_buf b = AD_BUF_INIT;

	(void)state;
	ad_buf_puts(&b, "kept as it is, however long it may be\n");
	ad_buf_puts(&b, "this line is fitted to twenty-four columns\n");
	ad_report_fit(&b, 38, 24);
	assert_string_equal(b.ptr,
			    "kept as it is, however long it may be\n"
			    "this line is fitted to\n  twenty-four columns\n");
	ad_report_fit(&b, 0, 0);
	assert_string_equal(b.ptr,
			    "kept as it is, however long it may be\n"
			    "this line is fitted to\n  twenty-four columns\n");
	ad_buf_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit__columns),
		cmocka_unit_test(test_fit__under_the_start),
		cmocka_unit_test(test_fit__under_its_columns),
		cmocka_unit_test(test_fit__between_columns),
		cmocka_unit_test(test_fit__wide_and_long),
		cmocka_unit_test(test_fit__colour),
		cmocka_unit_test(test_fit__report_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
