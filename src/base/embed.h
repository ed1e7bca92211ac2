/*
 * embed.h - files compiled into the binary: the stopword list, the HTML
 * reports' stylesheets and script.
 *
 * Each stays a file in the tree, edited as what it is. At build time
 * cmake/embed.cmake writes generated/<name>.inc, the initializer of a byte
 * array: every byte of the file, then a closing 0. A source includes it
 * into a static array of its own and describes that array with
 * AD_EMBEDDED(). The bytes are static: nothing is allocated or freed, and
 * a pointer into them stays good for the whole run.
 */
#ifndef AD_EMBED_H
#define AD_EMBED_H

#include <stddef.h>

/* An embedded file: `len` bytes at `ptr`, then the closing 0, so `ptr` is
 * also a C string when the file holds no 0 byte. */
typedef struct ad_embedded {
	const char *ptr;
	size_t len;
} ad_embedded;

/* The initializer of an ad_embedded for BYTES, the array filled from a
 * generated .inc:
 *
 *	static const unsigned char css_bytes[] = {
 *	#include "report_css.inc"
 *	};
 *	static const ad_embedded css = AD_EMBEDDED(css_bytes);
 *
 * The array is unsigned char so that bytes past 0x7f need no cast. */
#define AD_EMBEDDED(bytes) {(const char *)(bytes), sizeof(bytes) - 1}

#endif
