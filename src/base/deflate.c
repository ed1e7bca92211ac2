/*
 * deflate.c - the one file that talks to zlib. A well-kept library does
 * the compression: a hand-written deflate would be slower and pack worse.
 *
 * The output is reserved at deflateBound() for the whole input, so one
 * call to deflate() with Z_FINISH writes the whole stream. zlib allocates
 * through ad_xcalloc(), which aborts on failure: then deflate() has no
 * way to fail, and its status is only checked by assert.
 */
#include "base/deflate.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "agentdup/error.h"

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

void ad_deflate(ad_buf *out, const void *data, size_t len, int level)
{
	z_stream z = {0};
	uLong bound;
	int status;

	assert(len <= UINT_MAX); /* zlib counts the input in an unsigned */
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
