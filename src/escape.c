/*
 * escape.c - JSON and terminal escaping, with UTF-8 validation.
 */
#include "agentdup/escape.h"

#include <string.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t ad_utf8_valid(const unsigned char *s, size_t len)
{
	unsigned c = s[0];
	size_t n, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

static void json_char(ad_buf *out, unsigned char c)
{
	switch (c) {
	case '"': ad_buf_puts(out, "\\\""); break;
	case '\\': ad_buf_puts(out, "\\\\"); break;
	case '\n': ad_buf_puts(out, "\\n"); break;
	case '\r': ad_buf_puts(out, "\\r"); break;
	case '\t': ad_buf_puts(out, "\\t"); break;
	default:
		if (c < 0x20 || c == 0x7F)
			ad_buf_printf(out, "\\u%04x", c);
		else
			ad_buf_putc(out, (char)c);
	}
}

void ad_escape_json(ad_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, n;

	if (!s) {
		ad_buf_puts(out, "null");
		return;
	}
	len = strlen(s);
	ad_buf_putc(out, '"');
	while (len) {
		/* most text is printable ASCII: copy such runs whole */
		for (n = 0; n < len && p[n] >= 0x20 && p[n] < 0x7F &&
			    p[n] != '"' && p[n] != '\\';
		     n++)
			;
		if (n) {
			ad_buf_put(out, p, n);
			p += n;
			len -= n;
			continue;
		}
		n = ad_utf8_valid(p, len);
		if (n == 1)
			json_char(out, *p);
		else if (n > 1)
			ad_buf_put(out, p, n);
		else
			ad_buf_puts(out, replacement);
		n = n ? n : 1;
		p += n;
		len -= n;
	}
	ad_buf_putc(out, '"');
}

/* U+200E, U+200F, U+202A..U+202E, U+2066..U+2069: direction controls. */
static int bidi_control(const unsigned char *p, size_t n)
{
	if (n != 3 || p[0] != 0xE2)
		return 0;
	if (p[1] == 0x80)
		return p[2] == 0x8E || p[2] == 0x8F ||
		       (p[2] >= 0xAA && p[2] <= 0xAE);
	return p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9;
}

void ad_escape_line(ad_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? strlen(s) : 0, n;

	while (len) {
		n = ad_utf8_valid(p, len);
		if (n == 1 && (*p < 0x20 || *p == 0x7F))
			ad_buf_putc(out, ' ');
		else if (n == 1)
			ad_buf_putc(out, (char)*p);
		else if (n > 1 && !bidi_control(p, n) &&
			 !(n == 2 && p[0] == 0xC2 && p[1] < 0xA0))
			ad_buf_put(out, p, n);
		else
			ad_buf_puts(out, replacement);
		n = n ? n : 1;
		p += n;
		len -= n;
	}
}
