/*
 * base64.c - the encoder. Three bytes make four characters of six bits
 * each; a last group of one or two bytes is padded with '='. The output
 * is reserved once and written in place, since a page's data is megabytes
 * and a call per character would cost more than the encoding.
 */
#include "base/base64.h"

#include <assert.h>
#include <stdint.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			       "abcdefghijklmnopqrstuvwxyz0123456789+/";

size_t ad_base64_len(size_t len)
{
	return (len + 2) / 3 * 4;
}

/* The four characters of the group s[0..n), n from 1 to 3, at p. */
static void group(char *p, const unsigned char *s, size_t n)
{
	uint32_t v = (uint32_t)s[0] << 16;

	if (n > 1)
		v |= (uint32_t)s[1] << 8;
	if (n > 2)
		v |= s[2];
	p[0] = alphabet[v >> 18];
	p[1] = alphabet[(v >> 12) & 63];
	p[2] = n > 1 ? alphabet[(v >> 6) & 63] : '=';
	p[3] = n > 2 ? alphabet[v & 63] : '=';
}

void ad_base64_encode(ad_buf *out, const void *data, size_t len, size_t wrap)
{
	const unsigned char *s = data;
	size_t chars = ad_base64_len(len), line = 0, i;
	char *p;

	assert(wrap % 4 == 0);
	ad_buf_reserve(out, chars + (wrap ? chars / wrap + 1 : 0));
	p = out->ptr + out->len;
	for (i = 0; i < len; i += 3) {
		group(p, s + i, len - i < 3 ? len - i : 3);
		p += 4;
		line += 4;
		if (wrap && line == wrap) {
			*p++ = '\n';
			line = 0;
		}
	}
	if (wrap && line)
		*p++ = '\n';
	out->len = (size_t)(p - out->ptr);
	out->ptr[out->len] = '\0';
}
