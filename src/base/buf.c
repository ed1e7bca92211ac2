/*
 * buf.c - growable NUL-terminated byte buffer.
 */
#include "agentdup/buf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"

void ad_buf_init(ad_buf *b)
{
	b->ptr = (char *)"";
	b->len = 0;
	b->cap = 0;
}

void ad_buf_dispose(ad_buf *b)
{
	if (b->cap)
		free(b->ptr);
	ad_buf_init(b);
}

char *ad_buf_detach(ad_buf *b)
{
	char *p = b->cap ? b->ptr : ad_xstrdup("");
	ad_buf_init(b);
	return p;
}

void ad_buf_clear(ad_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

void ad_buf_reserve(ad_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap = b->cap ? b->cap : 64;
	char *p;

	if (need <= b->cap)
		return;
	while (cap < need)
		cap *= 2;
	p = b->cap ? b->ptr : NULL;
	p = ad_xrealloc(p, cap);
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
}

void ad_buf_put(ad_buf *b, const void *data, size_t len)
{
	ad_buf_reserve(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void ad_buf_puts(ad_buf *b, const char *s)
{
	ad_buf_put(b, s, strlen(s));
}

void ad_buf_putc(ad_buf *b, char c)
{
	ad_buf_put(b, &c, 1);
}

void ad_buf_vprintf(ad_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0)
		return;
	ad_buf_reserve(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void ad_buf_printf(ad_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ad_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void ad_buf_put_int(ad_buf *b, long long v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	ad_buf_put(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

const char *ad_count(char out[AD_COUNT_SIZE], uint64_t n)
{
	char digits[AD_COUNT_SIZE];
	int len = snprintf(digits, sizeof(digits), "%llu",
			   (unsigned long long)n);
	int i, at = 0;

	for (i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[at++] = ',';
		out[at++] = digits[i];
	}
	out[at] = '\0';
	return out;
}

void ad_buf_put_count(ad_buf *b, uint64_t n)
{
	char s[AD_COUNT_SIZE];

	ad_buf_puts(b, ad_count(s, n));
}

void ad_buf_put_score(ad_buf *b, double v)
{
	char tmp[8];
	long long q;

	if (!(v >= 0.0 && v < 10.0)) { /* not a score: let printf say it */
		ad_buf_printf(b, "%.4f", v);
		return;
	}
	q = (long long)(v * 10000.0 + 0.5);
	tmp[0] = (char)('0' + q / 10000);
	tmp[1] = '.';
	tmp[2] = (char)('0' + q / 1000 % 10);
	tmp[3] = (char)('0' + q / 100 % 10);
	tmp[4] = (char)('0' + q / 10 % 10);
	tmp[5] = (char)('0' + q % 10);
	ad_buf_put(b, tmp, 6);
}

/* Written here: x = v * 10^decimals below 2^30, where the product is
 * within 2^-24 of the exact one, so unless x lies within 1e-6 of a half
 * it rounds to the integer the exact value does, which is what printf
 * writes. Nearer a half, and outside that range, printf decides. */
void ad_buf_put_fixed(ad_buf *b, double v, int decimals)
{
	static const double scale[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
	char tmp[32], *p = tmp + sizeof(tmp);
	double x, whole, frac;
	unsigned long long q;
	int k;

	if (signbit(v) || !(v >= 0.0) || decimals < 0 || decimals > 6 ||
	    !((x = v * scale[decimals]) < 1073741824.0)) { /* 2^30 */
		ad_buf_printf(b, "%.*f", decimals, v);
		return;
	}
	whole = floor(x);
	frac = x - whole;
	if (fabs(frac - 0.5) < 1e-6) {
		ad_buf_printf(b, "%.*f", decimals, v);
		return;
	}
	q = (unsigned long long)whole + (frac > 0.5);
	for (k = 0; k < decimals; k++) {
		*--p = (char)('0' + q % 10);
		q /= 10;
	}
	if (decimals)
		*--p = '.';
	do {
		*--p = (char)('0' + q % 10);
		q /= 10;
	} while (q);
	ad_buf_put(b, p, (size_t)(tmp + sizeof(tmp) - p));
}
