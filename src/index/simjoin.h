/*
 * simjoin.h - exact cosine similarity self-join of unit sparse vectors.
 *
 * Finds every pair (a, b), a < b, with dot(v[a], v[b]) >= threshold, without
 * looking at all n^2 pairs: an inverted index over the rare end of each
 * vector, with prefix filtering bounds of the AllPairs / L2AP family. The
 * score of each pair is ad_svec_dot() of the two input vectors, so it is the
 * same number a brute-force loop would compute.
 *
 * Ownership: *out is a malloc'd array that the caller frees; the input
 * vectors are only read, and must stay valid during the call.
 */
#ifndef AGENTDUP_SIMJOIN_H
#define AGENTDUP_SIMJOIN_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "index/tfidf.h"

typedef struct ad_pair {
	uint32_t a, b; /* a < b */
	double score;
} ad_pair;

typedef struct ad_simjoin_opts {
	double threshold; /* in (0, 1] */
	/* Optional: vectors with the same group id are never paired (the
	 * sections of one agent, say). NULL pairs everything. */
	const uint32_t *group;
	int jobs; /* worker threads; 0: one per CPU */
} ad_simjoin_opts;

#define AD_SIMJOIN_OPTS_INIT {0.5, NULL, 0}

typedef struct ad_simjoin_stats {
	uint64_t indexed;    /* postings put in the index */
	uint64_t scanned;    /* postings read while probing */
	uint64_t candidates; /* pairs that passed every bound, whose dot
				product was summed */
	uint64_t verified;   /* pairs whose exact dot product was computed */
	uint64_t pairs;      /* pairs at or above the threshold */
} ad_simjoin_stats;

/* Pairs come out sorted by (a, b). stats may be NULL. Fails with AD_EINVAL
 * for a threshold outside (0, 1]. */
int ad_simjoin_run(ad_pair **out, size_t *npairs, const ad_svec *vecs,
		   size_t n, const ad_simjoin_opts *opts,
		   ad_simjoin_stats *stats, ad_error *err);

#endif
