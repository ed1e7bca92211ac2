/*
 * hash.c - content keys (hash.h says what they promise).
 *
 * Method: SHA-256 from nettle, which picks the processor's SHA
 * instructions where there are any; the digest is written out as hex.
 */
#include "agentdup/hash.h"

#include <nettle/sha2.h>

_Static_assert(AD_HASH_BYTES == SHA256_DIGEST_SIZE, "a key is a SHA-256");

void ad_hash_digest(unsigned char out[AD_HASH_BYTES], const void *data,
		    size_t len)
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	if (len)
		sha256_update(&ctx, len, data);
	sha256_digest(&ctx, AD_HASH_BYTES, out);
}

void ad_hash_hex(char *out, const unsigned char digest[AD_HASH_BYTES])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < AD_HASH_BYTES; i++) {
		out[2 * i] = digits[digest[i] >> 4];
		out[2 * i + 1] = digits[digest[i] & 15];
	}
	out[AD_HASH_HEX] = '\0';
}

void ad_hash_content(char *out, const void *data, size_t len)
{
	unsigned char digest[AD_HASH_BYTES];

	ad_hash_digest(digest, data, len);
	ad_hash_hex(out, digest);
}
