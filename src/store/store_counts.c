/*
 * store_counts.c - the cosine of two contents' raw term counts.
 *
 * Method: the counts come sorted by term, so the dot product is one merge
 * of the two lists and each norm one pass; O(na + nb). Counts are summed
 * as doubles, in list order, so a pair's cosine is the same wherever it is
 * computed.
 */
#include "store/store_counts.h"

#include <math.h>
#include <stdlib.h>

double ad_store_counts_cosine(const ad_store_count *a, size_t na,
			      const ad_store_count *b, size_t nb)
{
	double dot = 0.0, aa = 0.0, bb = 0.0;
	size_t i = 0, j = 0;

	for (i = 0; i < na; i++)
		aa += (double)a[i].n * (double)a[i].n;
	for (j = 0; j < nb; j++)
		bb += (double)b[j].n * (double)b[j].n;
	for (i = j = 0; i < na && j < nb;) {
		if (a[i].term < b[j].term)
			i++;
		else if (a[i].term > b[j].term)
			j++;
		else
			dot += (double)a[i++].n * (double)b[j++].n;
	}
	if (aa == 0.0 || bb == 0.0)
		return 0.0;
	return dot / (sqrt(aa) * sqrt(bb));
}

int ad_store_counts_blob_cosine(double *out, ad_store *s, int64_t x,
				int64_t y, ad_error *err)
{
	ad_store_count *cx = NULL, *cy = NULL;
	size_t nx = 0, ny = 0;
	int rc;

	if ((rc = ad_store_counts(&cx, &nx, s, x, err)) == 0 &&
	    (rc = ad_store_counts(&cy, &ny, s, y, err)) == 0)
		*out = ad_store_counts_cosine(cx, nx, cy, ny);
	free(cx);
	free(cy);
	return rc;
}
