/*
 * deflate.c - the one file that talks to zlib. A well-kept library does
 * the compression: a hand-written deflate would be slower and pack worse.
 *
 * A short input is one call to deflate() with Z_FINISH, into output
 * reserved at deflateBound(). A long one is cut into pieces of PIECE
 * bytes, each compressed on its own (on a few threads) as raw deflate
 * primed with the 32 KiB before it, so that it packs almost as one
 * stream would: every piece but the last ends on a sync flush (a byte
 * boundary), and the pieces joined between a zlib header and the
 * Adler-32 of the whole input (combined from the pieces') are one zlib
 * stream. Where the pieces fall depends on the input only: the bytes do
 * not depend on the number of threads. zlib allocates through
 * ad_xcalloc(), which aborts on failure: then deflate() has no way to
 * fail, and its status is only checked by assert.
 */
#include "base/deflate.h"

#include <assert.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "agentdup/error.h"
#include "base/parallel.h"

/* Bytes of a piece: at level 4, 1 MiB compresses in about 15 ms. */
#define PIECE ((size_t)1 << 20)
/* What deflate can refer back to: the priming of a piece. */
#define WINDOW ((size_t)1 << 15)
/* zlib's window bits: 15, negated for raw deflate. */
#define WBITS 15

static voidpf zalloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return ad_xcalloc(items, size);
}

static void zfree(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* data[0..len) as one zlib stream. */
static void deflate_whole(ad_buf *out, const void *data, size_t len,
			  int level)
{
	z_stream z = {0};
	uLong bound;
	int status;

	z.zalloc = zalloc;
	z.zfree = zfree;
	status = deflateInit(&z, level);
	assert(status == Z_OK);
	bound = deflateBound(&z, (uLong)len);
	ad_buf_reserve(out, bound);
	z.next_in = (Bytef *)(uintptr_t)data; /* zlib does not write it */
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->ptr + out->len;
	z.avail_out = (uInt)bound;
	status = deflate(&z, Z_FINISH);
	assert(status == Z_STREAM_END);
	out->len += z.total_out;
	out->ptr[out->len] = '\0';
	deflateEnd(&z);
	(void)status;
}

/* The pieces of a long input, shared out to the workers. */
typedef struct pieces {
	const unsigned char *data;
	size_t len, n;
	int level;
	ad_buf *packed; /* per piece: its raw deflate */
	uLong *adler;   /* per piece: the Adler-32 of its input */
	atomic_size_t next;
} pieces;

/* Piece k as raw deflate, primed with the window before it; all but the
 * last end on a sync flush, the last ends the stream. */
static void deflate_piece(const pieces *p, size_t k)
{
	const unsigned char *in = p->data + k * PIECE;
	size_t len = k + 1 < p->n ? PIECE : p->len - k * PIECE;
	ad_buf *out = &p->packed[k];
	z_stream z = {0};
	uLong bound;
	int status, last = k + 1 == p->n;

	z.zalloc = zalloc;
	z.zfree = zfree;
	status = deflateInit2(&z, p->level, Z_DEFLATED, -WBITS, 8,
			      Z_DEFAULT_STRATEGY);
	assert(status == Z_OK);
	if (k > 0) {
		status = deflateSetDictionary(&z, in - WINDOW, (uInt)WINDOW);
		assert(status == Z_OK);
	}
	/* a sync flush adds an empty stored block and at most a byte */
	bound = deflateBound(&z, (uLong)len) + 16;
	ad_buf_reserve(out, bound);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->ptr;
	z.avail_out = (uInt)bound;
	status = deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
	assert(last ? status == Z_STREAM_END : status == Z_OK);
	assert(z.avail_in == 0 && z.avail_out > 0);
	out->len = z.total_out;
	out->ptr[out->len] = '\0';
	deflateEnd(&z);
	p->adler[k] = adler32(adler32(0L, Z_NULL, 0), in, (uInt)len);
	(void)status;
}

static void pieces_work(void *ctx, int worker)
{
	pieces *p = ctx;
	size_t k;

	(void)worker;
	while ((k = ad_parallel_next(&p->next, p->n, 1)) < p->n)
		deflate_piece(p, k);
}

/* The two bytes that open a zlib stream (RFC 1950): deflate with a 32
 * KiB window, the level's class as zlib writes it, and the check that
 * makes them a multiple of 31. */
static void zlib_header(ad_buf *out, int level)
{
	unsigned h = (Z_DEFLATED + ((WBITS - 8) << 4)) << 8;
	unsigned flevel = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;

	h |= flevel << 6;
	h += 31 - h % 31;
	ad_buf_putc(out, (char)(h >> 8));
	ad_buf_putc(out, (char)(h & 0xff));
}

static void deflate_pieces(ad_buf *out, const void *data, size_t len,
			   int level, int jobs)
{
	pieces p;
	uLong adler = adler32(0L, Z_NULL, 0);
	size_t k;
	int shift;

	p.data = data;
	p.len = len;
	p.n = (len + PIECE - 1) / PIECE;
	p.level = level;
	p.packed = ad_xmalloc(p.n * sizeof(*p.packed));
	p.adler = ad_xcalloc(p.n, sizeof(*p.adler));
	for (k = 0; k < p.n; k++)
		ad_buf_init(&p.packed[k]);
	atomic_store(&p.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, p.n, 1), pieces_work, &p);
	zlib_header(out, level);
	for (k = 0; k < p.n; k++) {
		size_t plen = k + 1 < p.n ? PIECE : len - k * PIECE;

		ad_buf_put(out, p.packed[k].ptr, p.packed[k].len);
		adler = adler32_combine(adler, p.adler[k], (z_off_t)plen);
		ad_buf_dispose(&p.packed[k]);
	}
	for (shift = 24; shift >= 0; shift -= 8)
		ad_buf_putc(out, (char)((adler >> shift) & 0xff));
	free(p.packed);
	free(p.adler);
}

void ad_deflate(ad_buf *out, const void *data, size_t len, int level,
		int jobs)
{
	assert(len <= UINT_MAX); /* zlib counts the input in an unsigned */
	if (len <= PIECE)
		deflate_whole(out, data, len, level);
	else
		deflate_pieces(out, data, len, level, jobs);
}
