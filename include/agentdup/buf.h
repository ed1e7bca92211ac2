/*
 * buf.h - a growable byte buffer that always stays NUL-terminated.
 *
 * Ownership: the caller owns the ad_buf value; ad_buf_init() makes it empty
 * without allocating, ad_buf_dispose() frees its memory and leaves it empty
 * again. ad_buf_detach() hands the bytes to the caller (free() them) and
 * leaves the buffer empty. b->ptr is never NULL after init.
 */
#ifndef AGENTDUP_BUF_H
#define AGENTDUP_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"

typedef struct ad_buf {
	char *ptr;
	size_t len;
	size_t cap; /* 0 while ptr points at a static empty string */
} ad_buf;

#define AD_BUF_INIT {(char *)"", 0, 0}

/* Where bytes written as a stream go, in order, a chunk at a time (a
 * report written to a file as it is made; see json.h). The sink keeps
 * its own state, a failed write included. */
typedef void (*ad_buf_sink)(void *ctx, const char *data, size_t len);

void ad_buf_init(ad_buf *b);
void ad_buf_dispose(ad_buf *b);
char *ad_buf_detach(ad_buf *b);
void ad_buf_clear(ad_buf *b); /* length 0, keeps the memory */
/* Room for extra more bytes (and the NUL after them), so that a caller
 * may write at ptr + len directly, then add to len and terminate. */
void ad_buf_reserve(ad_buf *b, size_t extra);

void ad_buf_put(ad_buf *b, const void *data, size_t len);
void ad_buf_puts(ad_buf *b, const char *s);
void ad_buf_putc(ad_buf *b, char c);
void ad_buf_printf(ad_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void ad_buf_vprintf(ad_buf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 0)))
#endif
	;

/* Fast paths for what reports write most: a decimal integer, and a score
 * in [0, 1] with four decimals (as printf's "%.4f" would, up to the last
 * digit of values within rounding of a half). */
void ad_buf_put_int(ad_buf *b, long long v);
void ad_buf_put_score(ad_buf *b, double v);
/* v with a fixed number of decimals, the bytes printf's "%.*f" writes
 * (printf itself where the fast path cannot be sure of the rounding). */
void ad_buf_put_fixed(ad_buf *b, double v, int decimals);

/* A count grouped by thousands, "12,345", for what people read (a
 * report for programs, and a figure a user may type back as an option's
 * value, keep plain digits). ad_count() writes it in out and returns
 * out; AD_COUNT(n) does so in a buffer of its own, for a "%s" of printf,
 * which lives until the end of the block it is written in. */
#define AD_COUNT_SIZE 27 /* "18,446,744,073,709,551,615" and its NUL */
const char *ad_count(char out[AD_COUNT_SIZE], uint64_t n);
#define AD_COUNT(n) ad_count((char[AD_COUNT_SIZE]){0}, (uint64_t)(n))
void ad_buf_put_count(ad_buf *b, uint64_t n);

/* Append the bytes of the regular file at path: a FIFO, a device, a
 * folder or a socket is refused (decided on the open file, so opening a
 * FIFO does not block), and so is a file of more than max bytes (0: no
 * bound). Returns 0, or AD_EIO with err naming path. */
int ad_buf_read_file(ad_buf *out, const char *path, size_t max,
		     ad_error *err);

#endif
