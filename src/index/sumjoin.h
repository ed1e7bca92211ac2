/*
 * sumjoin.h - the join of simjoin.h by summing every product.
 *
 * Each vector's features are written into an inverted index whole, and
 * each vector a sums its products with every later vector b through the
 * lists of its own features. A low threshold leaves prefix filtering
 * little to drop: nearly all of every vector is indexed, and the bounds
 * cost more than the sums they spare. ad_simjoin_run() then takes this
 * way, when the products are few for the features read
 * (ad_sumjoin_pays()).
 *
 * A pair's products are added in the order of a's features, ascending
 * ids, starting from 0: the sum ad_svec_dot() makes, to the bit. So the
 * pairs and scores are those of the prefix-filtering join, in the same
 * order, (a, b) ascending.
 */
#ifndef AGENTDUP_SUMJOIN_H
#define AGENTDUP_SUMJOIN_H

#include <stddef.h>
#include <stdint.h>

#include "index/pair.h"
#include "index/tfidf.h"

/* The products summing adds, given each feature's document frequency
 * df[0..nfeat): a feature in d vectors makes d (d - 1) / 2 of them. */
uint64_t ad_sumjoin_products(const uint32_t *df, uint32_t nfeat);

/* Whether summing pays at threshold t for vectors of `postings` features
 * in all, whose features make `products` pairs (sumjoin.c says how this
 * was measured). */
int ad_sumjoin_pays(uint64_t products, uint64_t postings, double t);

/* The pairs of ad_simjoin_run(), by summing on njobs threads, in a
 * malloc'd array the caller frees; df[0..nfeat) as above, nfeat above
 * every id. The input has been checked by the caller. */
ad_pair *ad_sumjoin_run(size_t *npairs, const ad_svec *vecs, size_t n,
			const uint32_t *df, uint32_t nfeat,
			const ad_simjoin_opts *opts, int njobs,
			ad_simjoin_stats *stats);

#endif
