/*
 * simjoin.h - exact cosine similarity self-join of unit sparse vectors.
 *
 * Finds every pair (a, b), a < b, with dot(v[a], v[b]) >= threshold, without
 * looking at all n^2 pairs: an inverted index over the rare end of each
 * vector, with prefix filtering bounds of the AllPairs / L2AP family, or,
 * when the threshold is so low that those bounds would drop little, an
 * index of whole vectors through which each pair's products are summed
 * (sumjoin.h). The score of each pair is ad_svec_dot() of the two input
 * vectors, so it is the same number a brute-force loop would compute.
 *
 * Ownership: *out is a malloc'd array that the caller frees; the input
 * vectors are only read (but see ad_simjoin_run_in_place()), and must
 * stay valid during the call.
 */
#ifndef AGENTDUP_SIMJOIN_H
#define AGENTDUP_SIMJOIN_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "index/pair.h"
#include "index/tfidf.h"

/* Pairs come out sorted by (a, b). stats may be NULL. Fails with AD_EINVAL
 * for a threshold outside (0, 1]. */
int ad_simjoin_run(ad_pair **out, size_t *npairs, const ad_svec *vecs,
		   size_t n, const ad_simjoin_opts *opts,
		   ad_simjoin_stats *stats, ad_error *err);

/* ad_simjoin_run() without a copy of the vectors: the join puts each
 * one's terms in its own order in the vectors' arrays, rather than in a
 * copy as large as they are, and puts them back before it returns, the
 * same arrays to the bit. No two vectors may share an array, and nothing
 * may read them during the call. */
int ad_simjoin_run_in_place(ad_pair **out, size_t *npairs, ad_svec *vecs,
			    size_t n, const ad_simjoin_opts *opts,
			    ad_simjoin_stats *stats, ad_error *err);

/* ---- the same join, handed over as it goes ----
 *
 * For a caller that keeps few of the pairs, or keeps them packed:
 * nothing is held between two probes, and no score is handed over.
 * A pair is let through on the bound the probe sums when that is above
 * the threshold by more than its rounding (weights are not negative, so
 * the sum of some of the products cannot pass what all of them reach),
 * and on ad_svec_dot() otherwise: the pairs are exactly those of
 * ad_simjoin_run(). */

/* One probe's pairs: vector x and the vectors ys[0..n) that reach the
 * threshold with it (the caller's indices, in no order, none twice;
 * each pair is handed over once, with one of its two vectors as x).
 * Called on worker `worker`, 0..ad_simjoin_workers() - 1, one call at a
 * time per worker; ys is only valid during the call. */
typedef void (*ad_simjoin_emit)(void *payload, int worker, uint32_t x,
				const uint32_t *ys, size_t n);

/* How many workers ad_simjoin_stream() runs for n vectors. */
int ad_simjoin_workers(size_t n, const ad_simjoin_opts *opts);

/* The pairs of ad_simjoin_run(), handed to emit as each vector's probe
 * ends; stats as there. Fails as ad_simjoin_run() does, before any
 * call. */
int ad_simjoin_stream(const ad_svec *vecs, size_t n,
		      const ad_simjoin_opts *opts, ad_simjoin_emit emit,
		      void *payload, ad_simjoin_stats *stats, ad_error *err);

/* ad_simjoin_stream() without a copy of the vectors, as
 * ad_simjoin_run_in_place() joins them: their arrays hold the join's
 * order while it runs and are put back before it returns, the same to
 * the bit; no two vectors may share an array, and neither emit nor
 * anything else may read them during the call. The pairs are those of
 * ad_simjoin_stream(). */
int ad_simjoin_stream_in_place(ad_svec *vecs, size_t n,
			       const ad_simjoin_opts *opts,
			       ad_simjoin_emit emit, void *payload,
			       ad_simjoin_stats *stats, ad_error *err);

/* ---- the pairs each vector ranks among its best (best.h) ----
 *
 * The pairs of ad_simjoin_run() that one of their two vectors ranks
 * among its `best` by score, with their scores, sorted by (a, b): what
 * ad_pairs_keep_best() keeps of ad_simjoin_run(), without ever holding
 * what it drops when the join filters by prefix. Each worker cuts down
 * the pairs it holds once they are `hold` (0: AD_SIMJOIN_HOLD, or four
 * times best per vector if more), and holds twice as many before the
 * next cut if the cut kept more than half. Summing (sumjoin.h) is taken
 * when it pays, as by ad_simjoin_run(): its pairs are no more than the
 * products it sums, few by then for the features read. Among vectors
 * that all share most of their terms, a low threshold lets nearly every
 * pair through: 34.5 million of 10,000 forks of one agent at 0.05. */
int ad_simjoin_best(ad_pair **out, size_t *npairs, const ad_svec *vecs,
		    size_t n, const ad_simjoin_opts *opts, size_t best,
		    size_t hold, ad_simjoin_stats *stats, ad_error *err);

#define AD_SIMJOIN_HOLD ((size_t)1 << 20)

#endif
