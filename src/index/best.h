/*
 * best.h - the pairs of a join that their two vectors rank among their k
 * best.
 *
 * Each vector ranks the pairs it is in by score, the higher first, and
 * of two equal scores the pair of lower (a, b) first: a total order, so
 * that a vector's k best are one set whatever order the pairs come in.
 */
#ifndef AGENTDUP_BEST_H
#define AGENTDUP_BEST_H

#include <stddef.h>
#include <stdint.h>

#include "index/pair.h"

/* Keep the pairs of p[0..*n) (none twice, vectors below nvec) that one
 * of their vectors ranks among its `best`, sorted by (a, b), in p.
 * Pairs dropped from any part of a join's pairs are none of those kept
 * from the whole: each of their two vectors has `best` pairs above them
 * already. So a join's pairs may be cut down as they come. */
void ad_pairs_keep_best(ad_pair *p, size_t *n, size_t nvec, size_t best);

/* Per pair of p[0..n) (vectors below nvec), how many of its two vectors
 * rank it among their `best`: 0, 1 or 2. Of two equal scores the pair
 * that comes first in p ranks higher. n bytes, malloc'd. */
uint8_t *ad_pairs_votes(const ad_pair *p, size_t n, size_t nvec,
			size_t best);

#endif
