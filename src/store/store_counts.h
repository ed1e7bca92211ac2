/*
 * store_counts.h - how alike two contents of a store are, by the cosine of
 * their raw term counts (ad_store_counts()): what drift calls a content's
 * similarity, and the distance of a cluster member from its canonical.
 *
 * It sits in the store layer, beside the count lists it reads, so that the
 * track modules that need it (drift, its clusters, history) share it
 * without depending on one another.
 *
 * Ownership: nothing is kept; count lists stay the caller's.
 */
#ifndef AGENTDUP_STORE_STORE_COUNTS_H
#define AGENTDUP_STORE_STORE_COUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "agentdup/store.h"
#include "store/store_read.h"

/* The cosine of two lists of raw counts, each ascending by term; 0 when
 * either is empty. */
double ad_store_counts_cosine(const ad_store_count *a, size_t na,
			      const ad_store_count *b, size_t nb);

/* The same of contents x and y of s, into *out. Fails with AD_EIO on a
 * database error. */
int ad_store_counts_blob_cosine(double *out, ad_store *s, int64_t x,
				int64_t y, ad_error *err);

#endif
