/*
 * escape_md.c - document text made inert for a Markdown report.
 *
 * Two passes. ad_escape_line() first turns the text into one safe line
 * (no newlines, control characters or direction overrides, valid UTF-8),
 * so nothing can start a new block. Then every ASCII character that can
 * open inline structure (emphasis, code, links, raw HTML, entities, table
 * cells, strikethrough, math) gets a backslash: CommonMark renders an
 * escaped punctuation character as itself, so "<script>" arrives as text
 * and "[x](javascript:...)" as brackets. The few characters that matter
 * only where a block begins ("#", "-", "+", "=", "1.") are escaped there,
 * which is also where the writers put the text, after a table pipe.
 */
#include "agentdup/escape.h"

#include <string.h>

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */

/* Characters that open inline markup anywhere in a line: CommonMark's
 * delimiters and GitHub's (| tables, ~ strikethrough, $ math). */
static int inline_special(unsigned char c)
{
	return c && strchr("\\`*_[]<>|&~$#", c) != NULL;
}

/* Length of the block marker text starts with ("-", "+", "=", "12." or
 * "12)"), of which the last byte needs a backslash; 0 when none. */
static size_t block_marker(const char *s, size_t len)
{
	size_t n = 0;

	if (len && strchr("-+=", s[0]))
		return 1;
	while (n < len && n < 9 && s[n] >= '0' && s[n] <= '9')
		n++;
	if (n && n < len && (s[n] == '.' || s[n] == ')'))
		return n + 1;
	return 0;
}

/* How much of a UTF-8 string of len bytes fits in max without cutting a
 * character in two. */
static size_t cut_point(const char *s, size_t len, size_t max)
{
	if (!max || len <= max)
		return len;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

void ad_escape_markdown(ad_buf *out, const char *s, size_t max)
{
	ad_buf line = AD_BUF_INIT;
	const char *p;
	size_t len, n, k, marker;

	ad_escape_line(&line, s);
	p = line.ptr;
	len = line.len;
	/* leading spaces would indent the line into a code block */
	while (len && *p == ' ') {
		p++;
		len--;
	}
	n = cut_point(p, len, max);
	marker = block_marker(p, n);
	ad_buf_reserve(out, n + n / 4 + 4);
	for (k = 0; k < n; k++) {
		if (inline_special((unsigned char)p[k]) ||
		    (marker && k + 1 == marker))
			ad_buf_putc(out, '\\');
		ad_buf_putc(out, p[k]);
	}
	if (n < len)
		ad_buf_puts(out, ELLIPSIS);
	ad_buf_dispose(&line);
}
