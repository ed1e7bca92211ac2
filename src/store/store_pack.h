/*
 * store_pack.h - a content's raw term counts as one value of the store
 * (counts.packed, since version 4), and the step that packs the rows of
 * version 3 (one row a term) into such values.
 *
 * The value is the number of terms, then each term as its gap from the
 * one before (the first from 0) and its count, every number 7 bits a
 * byte, low bits first (base/varint.h): a term of an agent takes two or
 * three bytes where a row took some twenty, and a snapshot of 30,000
 * agents writes 30,000 values where it wrote 14 million rows.
 *
 * Ownership: ad_store_pack_counts() appends to the caller's buffer;
 * ad_store_unpack_counts() returns a malloc'd list, the caller's.
 */
#ifndef AGENTDUP_STORE_STORE_PACK_H
#define AGENTDUP_STORE_STORE_PACK_H

#include <stddef.h>

#include <stdint.h>

#include "agentdup/buf.h"
#include "agentdup/error.h"
#include "store/store_db.h"

/* One raw term count of a content. */
typedef struct ad_store_count {
	int64_t term;
	int64_t n;
} ad_store_count;

/* c[0..n), ascending by term (each term above 0 and above the one
 * before, each count at least 0), appended to out as one value. */
void ad_store_pack_counts(ad_buf *out, const ad_store_count *c, size_t n);

/* The counts of data[0..len) into *out (NULL when there are none), *n
 * of them. Fails with AD_EPARSE, nothing allocated, when the bytes are
 * not a value ad_store_pack_counts() writes: cut short, a number past 64
 * bits, a term not above the one before, bytes left over. */
int ad_store_unpack_counts(ad_store_count **out, size_t *n, const void *data,
			   size_t len, ad_error *err);

/* Version 4's step, in the migration's transaction: the rows of count
 * packed into counts, a value a content, then count dropped. */
int ad_store_pack_count_rows(ad_db *db, ad_error *err);

#endif
