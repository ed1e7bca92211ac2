/*
 * pair.h - what the joins of vectors take and give: their options, the
 * pairs they find and their counts (simjoin.h, sumjoin.h).
 */
#ifndef AGENTDUP_PAIR_H
#define AGENTDUP_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/options.h"

typedef struct ad_pair {
	uint32_t a, b; /* a < b */
	double score;
} ad_pair;

/* qsort() order of pairs by their ends, (a, b). */
static inline int ad_pair_by_ends(const void *x, const void *y)
{
	const ad_pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

typedef struct ad_simjoin_opts {
	double threshold; /* in (0, 1] */
	/* Optional: vectors with the same group id are never paired (the
	 * sections of one agent, say). NULL pairs everything. */
	const uint32_t *group;
	int jobs; /* worker threads; 0: one per CPU */
	/* How ad_simjoin_run() finds the pairs; the same pairs either way.
	 * AD_SIMJOIN_AUTO takes summing when it pays (sumjoin.h).
	 * ad_simjoin_stream() always filters by prefix. */
	int method;
	/* Optional: told, from one thread at a time, how many of the
	 * vectors the probes (most of a join's time), or the sums
	 * (sumjoin.h), have taken up: by one worker about every 1% of
	 * them, and all of them once they are done; never after the join
	 * returns. */
	ad_progress_fn progress;
	void *progress_payload;
} ad_simjoin_opts;

enum { AD_SIMJOIN_AUTO = 0, AD_SIMJOIN_PREFIX = 1, AD_SIMJOIN_SUM = 2 };

#define AD_SIMJOIN_OPTS_INIT {0.5, NULL, 0, AD_SIMJOIN_AUTO, NULL, NULL}

typedef struct ad_simjoin_stats {
	uint64_t indexed;    /* postings put in the index */
	uint64_t scanned;    /* postings read while probing */
	uint64_t candidates; /* pairs that passed every bound, whose dot
				product was summed */
	uint64_t verified;   /* pairs whose exact dot product was computed */
	uint64_t pairs;      /* pairs at or above the threshold */
	int summed;          /* every product summed (sumjoin.h): the
				candidates are the pairs sharing a feature */
} ad_simjoin_stats;

#endif
