/*
 * best.c - the pairs each vector ranks among its k best (best.h).
 *
 * Each pair is put in the rows of its two vectors, as its score and a
 * key that breaks ties (its index, or its (a, b) in one integer); a row
 * longer than best has its best selected to its front. Votes count, per
 * pair, the fronts it is in; the pairs kept are those at some front,
 * gathered (a pair at the front of both rows twice), sorted, and one of
 * each kept.
 */
#include "index/best.h"

#include <stdlib.h>

#include "agentdup/error.h"
#include "base/sort.h"

/* The rows of p[0..n) over nvec vectors: row v is r[start[v]..start[v +
 * 1]), its `best` at its front. Keys are the pairs' indices, or with
 * by_ends their (a, b). Both arrays are malloc'd. */
static ad_ranked *best_rows(size_t **start_out, const ad_pair *p, size_t n,
			    size_t nvec, size_t best, int by_ends)
{
	size_t *start = ad_xcalloc(nvec + 2, sizeof(*start));
	ad_ranked *r = ad_xmalloc((2 * n + 1) * sizeof(*r));
	size_t i, v;

	for (i = 0; i < n; i++) {
		start[p[i].a + 2]++;
		start[p[i].b + 2]++;
	}
	for (v = 0; v < nvec; v++)
		start[v + 2] += start[v + 1];
	for (i = 0; i < n; i++) {
		ad_ranked x = {p[i].score,
			       by_ends ? (uint64_t)p[i].a << 32 | p[i].b : i};

		r[start[p[i].a + 1]++] = x;
		r[start[p[i].b + 1]++] = x;
	}
	for (v = 0; v < nvec; v++) {
		size_t len = start[v + 1] - start[v];

		if (len > best)
			ad_select_best(r + start[v], len, best);
	}
	*start_out = start;
	return r;
}

/* How many of row v's entries are at its front. */
static size_t front_len(const size_t *start, size_t v, size_t best)
{
	size_t len = start[v + 1] - start[v];

	return len < best ? len : best;
}

uint8_t *ad_pairs_votes(const ad_pair *p, size_t n, size_t nvec,
			size_t best)
{
	size_t *start;
	ad_ranked *r = best_rows(&start, p, n, nvec, best, 0);
	uint8_t *votes = ad_xcalloc(n + 1, 1);
	size_t v, k;

	for (v = 0; v < nvec; v++)
		for (k = 0; k < front_len(start, v, best); k++)
			votes[r[start[v] + k].key]++;
	free(start);
	free(r);
	return votes;
}

void ad_pairs_keep_best(ad_pair *p, size_t *n, size_t nvec, size_t best)
{
	size_t *start;
	ad_ranked *r = best_rows(&start, p, *n, nvec, best, 1);
	ad_pair *front = ad_xmalloc((2 * *n + 1) * sizeof(*front));
	size_t i, v, k, kept = 0;

	for (v = 0; v < nvec; v++)
		for (k = 0; k < front_len(start, v, best); k++) {
			const ad_ranked *x = &r[start[v] + k];

			front[kept].a = (uint32_t)(x->key >> 32);
			front[kept].b = (uint32_t)x->key;
			front[kept++].score = x->score;
		}
	free(start);
	free(r);
	qsort(front, kept, sizeof(*front), ad_pair_by_ends);
	for (i = 0, *n = 0; i < kept; i++)
		if (*n == 0 || p[*n - 1].a != front[i].a ||
		    p[*n - 1].b != front[i].b)
			p[(*n)++] = front[i];
	free(front);
}
