/*
 * varint.h - integers of 7 bits a byte, low bits first, the top bit set
 * on every byte but the last: small numbers (gaps between sorted ids,
 * counts) take one byte.
 *
 * ad_varint_get() trusts its input (what ad_varint_put() wrote in this
 * process); bytes from a file are read with ad_varint_read(), which
 * checks its bounds.
 */
#ifndef AGENTDUP_VARINT_H
#define AGENTDUP_VARINT_H

#include <stddef.h>
#include <stdint.h>

#define AD_VARINT_MAX32 5  /* bytes of a 32-bit value, at most */
#define AD_VARINT_MAX64 10 /* of a 64-bit one */

/* Write v at p; returns the bytes written. */
static inline size_t ad_varint_put(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* The bytes ad_varint_put() writes for v. */
static inline size_t ad_varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

/* Read a 32-bit value at p into *v; returns the byte after it. */
static inline const uint8_t *ad_varint_get(const uint8_t *p, uint32_t *v)
{
	uint32_t x = 0;
	unsigned shift = 0;

	while (*p & 0x80) {
		x |= (uint32_t)(*p++ & 0x7f) << shift;
		shift += 7;
	}
	*v = x | (uint32_t)*p++ << shift;
	return p;
}

/* Read a value at *p, before end, into *v, *p moved past it; -1 when
 * the bytes end inside it or it does not fit 64 bits (*p then points
 * somewhere inside it). */
static inline int ad_varint_read(const uint8_t **p, const uint8_t *end,
				 uint64_t *v)
{
	uint64_t x = 0;
	unsigned shift = 0;

	while (*p < end && shift < 64) {
		uint8_t b = *(*p)++;

		if (shift == 63 && (b & 0x7f) > 1)
			return -1;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
		shift += 7;
	}
	return -1;
}

#endif
