/*
 * hash.h - the content key of a file: a 128-bit hash of its raw bytes,
 * written as AD_HASH_HEX lower-case hex digits. A collection keeps it for
 * every file it reads for a snapshot, and the store names each distinct
 * content by it.
 *
 * The key is two passes of a 64-bit hash with two different seeds,
 * reading words little-endian: it is persisted, so it must not change
 * with the host, nor with the hash of the in-memory tables (strtab.h),
 * which promises no stability. It is not a cryptographic hash: it guards
 * against accidental equality, not against someone crafting two files to
 * collide.
 */
#ifndef AGENTDUP_HASH_H
#define AGENTDUP_HASH_H

#include <stddef.h>

#define AD_HASH_HEX 32 /* hex digits of a content key */

/* The content key of data[0..len): AD_HASH_HEX hex digits and a NUL in
 * out. */
void ad_hash_content(char *out, const void *data, size_t len);

#endif
