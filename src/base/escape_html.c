/*
 * escape_html.c - document text made inert for an HTML report.
 *
 * Two passes, as for Markdown. ad_escape_line() first turns the text into
 * one safe line: valid UTF-8, no control characters and no direction
 * overrides, so a name cannot reorder what is shown after it. Then the
 * five characters HTML gives a meaning to (& < > " ') become character
 * references, which is enough for element content and for attribute
 * values in double or single quotes. The backtick and '=' are escaped as
 * well: neither can do harm inside quotes, but escaping them means no
 * text of an agent ever reads as `attr=` in the page source, which keeps
 * simple scanners of the output (and reviewers) from false alarms.
 */
#include "agentdup/escape.h"

#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */

/* The reference for c, or NULL when c stands for itself. */
static const char *reference(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '`': return "&#96;";
	case '=': return "&#61;";
	default: return NULL;
	}
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

void ad_escape_html(ad_buf *out, const char *s, size_t max)
{
	ad_buf line = AD_BUF_INIT;
	size_t n, k, run;

	if (!s)
		return;
	ad_escape_line(&line, s);
	n = cut_point(line.ptr, line.len, max);
	ad_buf_reserve(out, n + n / 8 + 4);
	for (k = 0; k < n; k += run) {
		const char *ref = reference((unsigned char)line.ptr[k]);

		if (ref) {
			ad_buf_puts(out, ref);
			run = 1;
			continue;
		}
		/* copy runs of plain text whole */
		for (run = 1; k + run < n &&
			      !reference((unsigned char)line.ptr[k + run]);
		     run++)
			;
		ad_buf_put(out, line.ptr + k, run);
	}
	if (n < line.len)
		ad_buf_puts(out, ELLIPSIS);
	ad_buf_dispose(&line);
}
