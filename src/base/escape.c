/*
 * escape.c - JSON and terminal escaping, with UTF-8 validation.
 */
#include "agentdup/escape.h"

#include <string.h>

#include "base/utf8.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at s, 0 when there is none. */
static size_t valid(const unsigned char *s, size_t len)
{
	uint32_t cp;

	return ad_utf8_decode(s, len, &cp);
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

/* One pass over s, runs of printable ASCII copied whole; a sequence
 * decodes within 4 bytes, and a NUL never continues one, so a lead byte
 * needs only what is left of those. */
void ad_escape_json(ad_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!s) {
		ad_buf_puts(out, "null");
		return;
	}
	ad_buf_putc(out, '"');
	while (*p) {
		for (n = 0; p[n] >= 0x20 && p[n] < 0x7F && p[n] != '"' &&
			    p[n] != '\\';
		     n++)
			;
		if (n) {
			ad_buf_put(out, p, n);
			p += n;
			continue;
		}
		n = valid(p, strnlen((const char *)p, 4));
		if (n == 1)
			json_char(out, *p);
		else if (n > 1)
			ad_buf_put(out, p, n);
		else
			ad_buf_puts(out, replacement);
		p += n ? n : 1;
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

/* Whether the valid sequence p[0..n) is a control character: C0, DEL,
 * C1, or a direction control. */
static int control(const unsigned char *p, size_t n)
{
	if (n == 1)
		return *p < 0x20 || *p == 0x7F;
	return bidi_control(p, n) || (n == 2 && p[0] == 0xC2 && p[1] < 0xA0);
}

void ad_escape_path(ad_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n, i;

	while (len) {
		/* printable ASCII but the backslash: copied in runs */
		for (n = 0; n < len && p[n] >= 0x20 && p[n] < 0x7F &&
			    p[n] != '\\';
		     n++)
			;
		if (n) {
			ad_buf_put(out, p, n);
			p += n;
			len -= n;
			continue;
		}
		n = valid(p, len);
		if (n == 1 && *p == '\\')
			ad_buf_puts(out, "\\\\");
		else if (n && !control(p, n))
			ad_buf_put(out, p, n);
		else
			for (i = 0; i < (n ? n : 1); i++)
				ad_buf_printf(out, "\\x%02x", p[i]);
		n = n ? n : 1;
		p += n;
		len -= n;
	}
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void ad_unescape_path(ad_buf *out, const char *s)
{
	int hi, lo;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == '\\') {
			ad_buf_putc(out, '\\');
			s++;
		} else if (s[0] == '\\' && s[1] == 'x' &&
			   (hi = hex_digit(s[2])) >= 0 &&
			   (lo = hex_digit(s[3])) >= 0) {
			ad_buf_putc(out, (char)(hi << 4 | lo));
			s += 3;
		} else {
			ad_buf_putc(out, *s);
		}
	}
}

/* As ad_escape_json(): one pass, runs of printable ASCII copied whole. */
void ad_escape_line(ad_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n;

	while (*p) {
		for (n = 0; p[n] >= 0x20 && p[n] < 0x7F; n++)
			;
		if (n) {
			ad_buf_put(out, p, n);
			p += n;
			continue;
		}
		n = valid(p, strnlen((const char *)p, 4));
		if (n == 1) /* a control character */
			ad_buf_putc(out, ' ');
		else if (n > 1 && !bidi_control(p, n) &&
			 !(n == 2 && p[0] == 0xC2 && p[1] < 0xA0))
			ad_buf_put(out, p, n);
		else
			ad_buf_puts(out, replacement);
		p += n ? n : 1;
	}
}
