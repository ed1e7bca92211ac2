/*
 * deflate.h - data compressed in the zlib format (RFC 1950), the one
 * that browsers' DecompressionStream('deflate') reads.
 *
 * Ownership: appends to the caller's buffer; zlib's working memory comes
 * from ad_xmalloc() and is freed before the call returns, so running out
 * of memory aborts as it does everywhere else and the call cannot fail.
 */
#ifndef AGENTDUP_BASE_DEFLATE_H
#define AGENTDUP_BASE_DEFLATE_H

#include <stddef.h>

#include "agentdup/buf.h"

/* Append the zlib stream of data[0..len), compressed at level (0 to 9:
 * 9 packs most), to out; a long input on up to jobs threads (0: one per
 * CPU). The same input and level give the same bytes, whatever jobs. */
void ad_deflate(ad_buf *out, const void *data, size_t len, int level,
		int jobs);

#endif
