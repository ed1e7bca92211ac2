/*
 * utf8.c - strict decoding of one UTF-8 sequence, and a text's script
 * by counting its letters. A CJK character says about as much as a short
 * word, so it counts as three letters: "DevOps自动化工程师" is CJK.
 */
#include "base/utf8.h"

#include <string.h>

size_t ad_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0; /* a continuation byte, or a lead byte never valid */
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static ad_script script_of(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7))
		return AD_SCRIPT_LATIN;
	if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2fa1f))
		return AD_SCRIPT_CJK;
	if (c >= 0x370 && c < 0x3000 && !(c >= 0x2000 && c <= 0x2bff))
		return AD_SCRIPT_OTHER;
	return AD_SCRIPT_NONE; /* digits, punctuation, symbols, spaces */
}

ad_script ad_utf8_script(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? strlen(s) : 0, n[4] = {0, 0, 0, 0}, k;
	ad_script best = AD_SCRIPT_NONE, sc;
	uint32_t c;

	while (len) {
		k = ad_utf8_decode(p, len, &c);
		if (!k) { /* invalid: skip the byte */
			p++;
			len--;
			continue;
		}
		sc = script_of(c);
		n[sc]++;
		p += k;
		len -= k;
	}
	/* Latin words in a CJK text are names and terms ("SPIN 与 Sandler
	 * 问题设计专家"): a quarter of CJK characters makes it CJK. */
	if (n[AD_SCRIPT_CJK] &&
	    4 * n[AD_SCRIPT_CJK] >= n[AD_SCRIPT_CJK] + n[AD_SCRIPT_LATIN])
		return AD_SCRIPT_CJK;
	for (k = AD_SCRIPT_LATIN; k <= AD_SCRIPT_OTHER; k++)
		if (n[k] > n[best] || (best == AD_SCRIPT_NONE && n[k]))
			best = (ad_script)k;
	return best;
}
