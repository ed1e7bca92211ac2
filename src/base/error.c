/*
 * error.c - the error record and the one place that handles out-of-memory.
 */
#include "agentdup/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fill(ad_error *err, int code, const char *path, int line, int col,
		 const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 0)))
#endif
	;

static void fill(ad_error *err, int code, const char *path, int line, int col,
		 const char *fmt, va_list ap)
{
	err->code = code;
	snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int ad_error_set(ad_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	fill(err, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int ad_error_setat(ad_error *err, int code, const char *path, int line,
		   int col, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	fill(err, code, path, line, col, fmt, ap);
	va_end(ap);
	return code;
}

void ad_error_clear(ad_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

static void *oom(size_t size)
{
	fprintf(stderr, "agentdup: out of memory (%zu bytes)\n", size);
	abort();
}

void *ad_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	return p ? p : oom(size);
}

void *ad_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	return p ? p : oom(count * size);
}

void *ad_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	return p ? p : oom(size);
}

char *ad_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(ad_xmalloc(n), s, n);
}

void ad_grow(void *ptr, size_t *cap, size_t need, size_t elsize)
{
	void **p = ptr;
	size_t c = *cap;

	if (need <= c)
		return;
	if (c < 8)
		c = 8;
	while (c < need)
		c *= 2;
	*p = ad_xrealloc(*p, c * elsize);
	*cap = c;
}
