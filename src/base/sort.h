/*
 * sort.h - in-place ascending sorts of integer arrays.
 *
 * qsort() calls a comparison function per step and glibc's merge sort
 * allocates; term lists are sorted for every rule, section and agent, so
 * these sorts compare inline. Introsort: quicksort with median-of-three,
 * insertion sort for short runs, heapsort when recursion goes too deep,
 * so the worst case stays O(n log n).
 */
#ifndef AGENTDUP_SORT_H
#define AGENTDUP_SORT_H

#include <stddef.h>
#include <stdint.h>

void ad_sort_u32(uint32_t *a, size_t n);
/* Sort a[0..n) and drop repeats; returns the new length. */
size_t ad_sort_unique_u32(uint32_t *a, size_t n);
/* Long arrays (2,048 values and more) are sorted by their bytes instead,
 * least significant first, through a copy it allocates. */
void ad_sort_u64(uint64_t *a, size_t n);

/* Least-significant-digit radix sort of values below `bound`, in as few
 * passes of at most 11 bits as bound needs (two up to 2^22, three beyond);
 * tmp holds n values. Faster than the comparison sorts for long arrays of
 * small integers (term ids). */
void ad_radix_u32(uint32_t *a, uint32_t *tmp, size_t n, uint32_t bound);

/* A thing to rank: the higher score first, then the lower key (a total
 * order, so the best k are one set whatever the input order). */
typedef struct ad_ranked {
	double score;
	uint64_t key;
} ad_ranked;

/* Reorder r[0..n) so that its k best come first, in no order
 * (quickselect, the middle element as pivot); k < n. */
void ad_select_best(ad_ranked *r, size_t n, size_t k);

/* The k best of score[0..n), each keyed by its index, into out[0..k), in
 * no order: the set ad_select_best() finds, from a heap of k rather than
 * a copy of all n; k <= n. */
void ad_best_scores(ad_ranked *out, const double *score, size_t n, size_t k);

#endif
