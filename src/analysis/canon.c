/*
 * canon.c - the canonical pick as a lexicographic order on scores.
 *
 * Both functions compare two candidates the same way: find the first
 * criterion on which they differ, and let it decide. The best is the
 * maximum of that order over the candidates, scanned in index order so a
 * full tie keeps the lower index; the decider is the criterion that
 * separates the best from the maximum of the rest (the runner-up).
 */
#include "analysis/canon.h"

#include <assert.h>

/* Summed cosines are rounded differently by different summation orders;
 * closer than this they are a tie, so the pick does not depend on it. */
#define CENTRALITY_EPS 1e-9

/* The first criterion on which a and b differ, AD_CANON_PATH when none
 * does; *a_wins says which way it went (a lower index wins on path). */
static ad_canon_criterion first_difference(const ad_canon_score *a,
					   const ad_canon_score *b, int *a_wins)
{
	if (!a->stub != !b->stub) {
		*a_wins = !a->stub;
		return AD_CANON_STUB;
	}
	if (a->frontmatter != b->frontmatter) {
		*a_wins = a->frontmatter > b->frontmatter;
		return AD_CANON_FRONTMATTER;
	}
	if (a->coverage != b->coverage) {
		*a_wins = a->coverage > b->coverage;
		return AD_CANON_COVERAGE;
	}
	if (a->centrality > b->centrality + CENTRALITY_EPS ||
	    a->centrality < b->centrality - CENTRALITY_EPS) {
		*a_wins = a->centrality > b->centrality;
		return AD_CANON_CENTRALITY;
	}
	*a_wins = 1;
	return AD_CANON_PATH;
}

/* Does candidate i beat candidate j, for i > j? (A full tie keeps j.) */
static int beats(const ad_canon_score *scores, size_t i, size_t j)
{
	int i_wins;

	return first_difference(&scores[i], &scores[j], &i_wins) !=
		       AD_CANON_PATH &&
	       i_wins;
}

/* The best of scores[0..n) leaving out index skip (n when none). */
static size_t best_except(const ad_canon_score *scores, size_t n, size_t skip)
{
	size_t i, best = n;

	for (i = 0; i < n; i++) {
		if (i == skip)
			continue;
		if (best == n || beats(scores, i, best))
			best = i;
	}
	return best;
}

size_t ad_canon_best(const ad_canon_score *scores, size_t n)
{
	assert(scores && n > 0);
	return best_except(scores, n, n);
}

ad_canon_criterion ad_canon_decider(const ad_canon_score *scores, size_t n,
				    size_t best)
{
	size_t runner_up;
	int best_wins;

	assert(scores && best < n);
	if (n < 2)
		return AD_CANON_ALONE;
	runner_up = best_except(scores, n, best);
	return first_difference(&scores[best], &scores[runner_up], &best_wins);
}
