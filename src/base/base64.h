/*
 * base64.h - binary data as base64 text (RFC 4648, the standard alphabet
 * with '=' padding), as a page carries its compressed data.
 *
 * Ownership: the encoder appends to the caller's buffer and keeps nothing.
 */
#ifndef AGENTDUP_BASE_BASE64_H
#define AGENTDUP_BASE_BASE64_H

#include <stddef.h>

#include "agentdup/buf.h"

/* Characters of the base64 text of len bytes, line breaks left out. */
size_t ad_base64_len(size_t len);

/* Append the base64 text of data[0..len) to out. A wrap of 0 writes it on
 * one line; else a newline follows every wrap characters (wrap a multiple
 * of 4, so that no group of four is split) and the last line. */
void ad_base64_encode(ad_buf *out, const void *data, size_t len, size_t wrap);

#endif
