/*
 * fit.h - the lines of a text report fitted to a width.
 *
 * A line longer than the width is broken at the last space that fits
 * (at a character where there is none), and what follows it is indented:
 * by two columns more than the line (the scan report's lists), or, with
 * hang, under the line's own last column within the first two fifths of
 * the width: after a gap of two spaces or more (a rule's text after its
 * score and line numbers), or after the ": " that ends a column's first
 * word (a value after its key: "B: text"); else by two more columns.
 * Columns are a terminal's: see ad_fit_char().
 *
 * Ownership: lines are appended to, or fitted in, a caller-owned ad_buf;
 * nothing is kept between calls.
 */
#ifndef AGENTDUP_REPORT_FIT_H
#define AGENTDUP_REPORT_FIT_H

#include <stddef.h>

#include "agentdup/buf.h"

/* The columns a terminal gives the character at s[0..n), n > 0, into
 * *cols: 2 for an East Asian wide or fullwidth one (CJK, Hangul, emoji),
 * 0 for a combining mark, a zero-width character or a whole ANSI escape
 * sequence, else 1 (a byte that is not UTF-8 too); returns its bytes. */
size_t ad_fit_char(const char *s, size_t n, size_t *cols);

/* The columns of s[0..n). */
size_t ad_fit_columns(const char *s, size_t n);

/* The narrowest width lines are fitted to. */
#define AD_FIT_WIDTH_MIN 24

/* Each line of s[0..len) fitted to width columns (at least
 * AD_FIT_WIDTH_MIN), appended to out. */
void ad_fit_lines(ad_buf *out, const char *s, size_t len, int width,
		  int hang);

/* The lines of b from byte `from` on fitted in place. A width of 0 or
 * less leaves them as they are. */
void ad_fit_rewrap(ad_buf *b, size_t from, int width, int hang);

#endif
