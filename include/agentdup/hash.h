/*
 * hash.h - the content key of a text: its SHA-256, written as AD_HASH_HEX
 * lower-case hex digits. A collection keeps it for every file it reads
 * for a snapshot, the store names each distinct content (and each
 * section and rule) by it, and baselines name rule wordings by it.
 *
 * A cryptographic hash, because these keys decide what counts as
 * unchanged: a file crafted to share the key of another could pass for
 * it in a snapshot or a baseline. Keys are persisted, so they never
 * depend on the host nor on the hash of the in-memory tables (strtab.h),
 * which is seeded anew in every process.
 */
#ifndef AGENTDUP_HASH_H
#define AGENTDUP_HASH_H

#include <stddef.h>

#define AD_HASH_BYTES 32 /* bytes of a digest */
#define AD_HASH_HEX 64   /* hex digits of a content key */

/* The SHA-256 digest of data[0..len) in out. */
void ad_hash_digest(unsigned char out[AD_HASH_BYTES], const void *data,
		    size_t len);

/* The content key of data[0..len): AD_HASH_HEX hex digits and a NUL in
 * out. */
void ad_hash_content(char *out, const void *data, size_t len);

/* The content key a digest is written as, in out as above. */
void ad_hash_hex(char *out, const unsigned char digest[AD_HASH_BYTES]);

#endif
