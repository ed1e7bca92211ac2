/*
 * fit.c - the lines of a text report fitted to a width (fit.h).
 */
#include "report/fit.h"

#include <stdint.h>
#include <string.h>

#include "agentdup/report.h"
#include "base/utf8.h"

/* The byte after an ANSI sequence that starts at s[i] (ESC). */
static size_t skip_escape(const char *s, size_t i, size_t n)
{
	for (i++; i < n && s[i] == '['; i++)
		;
	while (i < n && !((s[i] >= 'A' && s[i] <= 'Z') ||
			  (s[i] >= 'a' && s[i] <= 'z')))
		i++;
	return i < n ? i + 1 : n;
}

/* The code points a terminal gives two columns: Unicode 14's East Asian
 * wide and fullwidth characters (EastAsianWidth W and F: Hangul jamo
 * and syllables, CJK, kana, fullwidth forms, emoji), in ranges sorted by
 * their first, a gap of unassigned code points inside a range bridged. */
static const uint32_t wide_ranges[][2] = {
	{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a}, {0x23e9, 0x23ec},
	{0x23f0, 0x23f0}, {0x23f3, 0x23f3}, {0x25fd, 0x25fe}, {0x2614, 0x2615},
	{0x2648, 0x2653}, {0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
	{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5}, {0x26ce, 0x26ce},
	{0x26d4, 0x26d4}, {0x26ea, 0x26ea}, {0x26f2, 0x26f3}, {0x26f5, 0x26f5},
	{0x26fa, 0x26fa}, {0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
	{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e}, {0x2753, 0x2755},
	{0x2757, 0x2757}, {0x2795, 0x2797}, {0x27b0, 0x27b0}, {0x27bf, 0x27bf},
	{0x2b1b, 0x2b1c}, {0x2b50, 0x2b50}, {0x2b55, 0x2b55}, {0x2e80, 0x303e},
	{0x3041, 0x3247}, {0x3250, 0x4dbf}, {0x4e00, 0xa4c6}, {0xa960, 0xa97c},
	{0xac00, 0xd7a3}, {0xf900, 0xfad9}, {0xfe10, 0xfe19}, {0xfe30, 0xfe6b},
	{0xff01, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x1b2fb},
	{0x1f004, 0x1f004}, {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e},
	{0x1f191, 0x1f19a}, {0x1f200, 0x1f320}, {0x1f32d, 0x1f335},
	{0x1f337, 0x1f37c}, {0x1f37e, 0x1f393}, {0x1f3a0, 0x1f3ca},
	{0x1f3cf, 0x1f3d3}, {0x1f3e0, 0x1f3f0}, {0x1f3f4, 0x1f3f4},
	{0x1f3f8, 0x1f43e}, {0x1f440, 0x1f440}, {0x1f442, 0x1f4fc},
	{0x1f4ff, 0x1f53d}, {0x1f54b, 0x1f54e}, {0x1f550, 0x1f567},
	{0x1f57a, 0x1f57a}, {0x1f595, 0x1f596}, {0x1f5a4, 0x1f5a4},
	{0x1f5fb, 0x1f64f}, {0x1f680, 0x1f6c5}, {0x1f6cc, 0x1f6cc},
	{0x1f6d0, 0x1f6d2}, {0x1f6d5, 0x1f6df}, {0x1f6eb, 0x1f6ec},
	{0x1f6f4, 0x1f6fc}, {0x1f7e0, 0x1f7f0}, {0x1f90c, 0x1f93a},
	{0x1f93c, 0x1f945}, {0x1f947, 0x1f9ff}, {0x1fa70, 0x1faf6},
	{0x20000, 0x3134a},
};

static int wide(uint32_t c)
{
	size_t lo = 0, hi = sizeof(wide_ranges) / sizeof(wide_ranges[0]);

	if (c < wide_ranges[0][0])
		return 0;
	while (lo < hi) { /* the first range that ends at c or after */
		size_t mid = lo + (hi - lo) / 2;

		if (wide_ranges[mid][1] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < sizeof(wide_ranges) / sizeof(wide_ranges[0]) &&
	       wide_ranges[lo][0] <= c;
}

/* Whether c takes no column: a combining mark of the common blocks, or
 * a zero-width character. */
static int zero_width(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	       (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x200b && c <= 0x200f) ||
	       (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe00 && c <= 0xfe0f) ||
	       (c >= 0xfe20 && c <= 0xfe2f) || c == 0xfeff;
}

size_t ad_fit_char(const char *s, size_t n, size_t *cols)
{
	uint32_t c;
	size_t k;

	if (s[0] == 0x1b) {
		*cols = 0;
		return skip_escape(s, 0, n);
	}
	if ((unsigned char)s[0] < 0x80) {
		*cols = 1;
		return 1;
	}
	k = ad_utf8_decode((const unsigned char *)s, n, &c);
	if (!k) { /* a stray byte: a replacement character's column */
		*cols = 1;
		return 1;
	}
	*cols = wide(c) ? 2 : zero_width(c) ? 0 : 1;
	return k;
}

size_t ad_fit_columns(const char *s, size_t n)
{
	size_t i = 0, cols = 0, w;

	while (i < n) {
		i += ad_fit_char(s + i, n - i, &w);
		cols += w;
	}
	return cols;
}

/* Where the line's last column within the first two fifths of width
 * starts, or 0: after a gap of two spaces or more past the indent, or
 * after the ": " that ends the first word of a column (a key's value:
 * "B: text", "  name  A: text"). */
static size_t last_column(const char *s, size_t n, size_t indent,
			  size_t width)
{
	size_t i = 0, col = 0, at = 0, spaces = 0, limit = width * 2 / 5;
	int first = 0; /* in the first word of a column */

	while (i < n && col <= limit) {
		size_t w, k = ad_fit_char(s + i, n - i, &w);

		if (s[i] == ' ') {
			spaces++;
		} else if (w) {
			if (col == indent || (spaces >= 2 && col > indent)) {
				if (col > indent)
					at = col;
				first = 1;
			} else if (spaces) {
				first = 0;
			}
			if (first && s[i] == ':' && i + 1 < n &&
			    s[i + 1] == ' ' && col + 2 <= limit) {
				at = col + 2;
				first = 0;
			}
			spaces = 0;
		}
		col += w;
		i += k;
	}
	return at;
}

/* One line s[0..n), no '\n', fitted to width columns (fit.h). */
static void fit_line(ad_buf *out, const char *s, size_t n, size_t width,
		     int hang)
{
	size_t indent = 0, start = 0, cont;

	while (indent < n && s[indent] == ' ')
		indent++;
	if (indent + 2 + 20 > width)
		indent = 0; /* too deep to indent under */
	cont = indent + 2;
	if (hang) {
		size_t at = last_column(s, n, indent, width);

		if (at > cont)
			cont = at;
	}
	for (;;) {
		size_t i = start, col = start ? cont : 0, brk = 0, gap = 0;

		while (i < n) {
			size_t w, k = ad_fit_char(s + i, n - i, &w);

			if (col + w > width)
				break;
			if (s[i] == ' ' && col > (start ? cont : indent)) {
				/* a gap between columns in the second half */
				if (hang && s[i - 1] == ' ' && brk == i - 1 &&
				    2 * (col - 1) >= width)
					gap = brk;
				brk = i;
			}
			col += w;
			i += k;
		}
		if (i == start) { /* not even one character fits: take it */
			size_t w;

			i += ad_fit_char(s + i, n - i, &w);
		}
		if (i >= n) {
			ad_buf_put(out, s + start, n - start);
			return;
		}
		if (s[i] == ' ')
			brk = i; /* the line ends just where a word does */
		else if (gap)
			brk = gap; /* rather between columns than in one */
		else if (!brk)
			brk = i; /* one word longer than the line: cut it */
		for (i = brk; i > start && s[i - 1] == ' '; i--)
			;
		ad_buf_put(out, s + start, i - start);
		ad_buf_putc(out, '\n');
		ad_buf_printf(out, "%*s", (int)cont, "");
		start = brk;
		while (start < n && s[start] == ' ')
			start++;
		if (start >= n)
			return;
	}
}

void ad_fit_lines(ad_buf *out, const char *s, size_t len, int width,
		  int hang)
{
	size_t i = 0;

	if (width < AD_FIT_WIDTH_MIN)
		width = AD_FIT_WIDTH_MIN;
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) : len - i;

		fit_line(out, s + i, n, (size_t)width, hang);
		if (nl)
			ad_buf_putc(out, '\n');
		i += n + (nl != NULL);
	}
}

void ad_fit_rewrap(ad_buf *b, size_t from, int width, int hang)
{
	ad_buf t = AD_BUF_INIT;

	if (width <= 0)
		return;
	ad_fit_lines(&t, b->ptr + from, b->len - from, width, hang);
	b->len = from;
	ad_buf_put(b, t.ptr, t.len);
	ad_buf_dispose(&t);
}

void ad_report_fit(ad_buf *b, size_t from, int width)
{
	ad_fit_rewrap(b, from, width, 1);
}

size_t ad_report_columns(const char *s, size_t n)
{
	return ad_fit_columns(s, n);
}
