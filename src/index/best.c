/*
 * best.c - the pairs each vector ranks among its k best (best.h).
 *
 * Each pair is put in the rows of its two vectors, as a score and its
 * (a, b) in one integer, which breaks ties as the order of pairs does;
 * a row longer than best has its best selected to its front. The pairs
 * at the front of some row are then gathered (a pair at the front of
 * both rows twice), sorted, and one of each kept.
 */
#include "index/best.h"

#include <stdlib.h>

#include "agentdup/error.h"
#include "base/sort.h"

static int by_ends(const void *x, const void *y)
{
	const ad_pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

void ad_pairs_keep_best(ad_pair *p, size_t *n, size_t nvec, size_t best)
{
	size_t *start = ad_xcalloc(nvec + 2, sizeof(*start));
	ad_ranked *r = ad_xmalloc((2 * *n + 1) * sizeof(*r));
	ad_pair *front;
	size_t i, v, k, kept = 0;

	for (i = 0; i < *n; i++) {
		start[p[i].a + 2]++;
		start[p[i].b + 2]++;
	}
	for (v = 0; v < nvec; v++)
		start[v + 2] += start[v + 1];
	for (i = 0; i < *n; i++) {
		ad_ranked x = {p[i].score, (uint64_t)p[i].a << 32 | p[i].b};

		r[start[p[i].a + 1]++] = x;
		r[start[p[i].b + 1]++] = x;
	}
	front = ad_xmalloc((2 * *n + 1) * sizeof(*front));
	for (v = 0; v < nvec; v++) {
		size_t len = start[v + 1] - start[v];

		if (len > best)
			ad_select_best(r + start[v], len, best);
		for (k = 0; k < len && k < best; k++) {
			const ad_ranked *x = &r[start[v] + k];

			front[kept].a = (uint32_t)(x->key >> 32);
			front[kept].b = (uint32_t)x->key;
			front[kept++].score = x->score;
		}
	}
	free(start);
	free(r);
	qsort(front, kept, sizeof(*front), by_ends);
	for (i = 0, *n = 0; i < kept; i++)
		if (*n == 0 || p[*n - 1].a != front[i].a ||
		    p[*n - 1].b != front[i].b)
			p[(*n)++] = front[i];
	free(front);
}
