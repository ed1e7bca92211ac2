/*
 * sort.c - introsort of integer arrays, written once for any element type
 * by the SORT_DEFINE macro below and instantiated for uint32_t and
 * uint64_t; long arrays of uint64_t are sorted by bytes.
 */
#include "base/sort.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"

#define INSERTION_MAX 16

#define SORT_DEFINE(name, T)                                                   \
	static void name##_insertion(T *a, size_t n)                           \
	{                                                                      \
		size_t i, j;                                                   \
		for (i = 1; i < n; i++) {                                      \
			T v = a[i];                                            \
			for (j = i; j > 0 && a[j - 1] > v; j--)                \
				a[j] = a[j - 1];                               \
			a[j] = v;                                              \
		}                                                              \
	}                                                                      \
                                                                               \
	static void name##_sift(T *a, size_t root, size_t n)                   \
	{                                                                      \
		T v = a[root];                                                 \
		size_t child;                                                  \
		while ((child = 2 * root + 1) < n) {                           \
			if (child + 1 < n && a[child + 1] > a[child])          \
				child++;                                       \
			if (a[child] <= v)                                     \
				break;                                         \
			a[root] = a[child];                                    \
			root = child;                                          \
		}                                                              \
		a[root] = v;                                                   \
	}                                                                      \
                                                                               \
	static void name##_heap(T *a, size_t n)                                \
	{                                                                      \
		size_t i;                                                      \
		for (i = n / 2; i-- > 0;)                                      \
			name##_sift(a, i, n);                                  \
		for (i = n; i-- > 1;) {                                        \
			T t = a[0];                                            \
			a[0] = a[i];                                           \
			a[i] = t;                                              \
			name##_sift(a, 0, i);                                  \
		}                                                              \
	}                                                                      \
                                                                               \
	/* Hoare partition around the median of three; returns the split. */  \
	static size_t name##_partition(T *a, size_t n)                         \
	{                                                                      \
		T x = a[0], y = a[n / 2], z = a[n - 1], p;                     \
		size_t i = 0, j = n - 1;                                       \
		p = x < y ? (y < z ? y : (x < z ? z : x))                      \
			  : (x < z ? x : (y < z ? z : y));                     \
		for (;;) {                                                     \
			while (a[i] < p)                                       \
				i++;                                           \
			while (a[j] > p)                                       \
				j--;                                           \
			if (i >= j)                                            \
				return j + 1;                                  \
			T t = a[i];                                            \
			a[i++] = a[j];                                         \
			a[j--] = t;                                            \
		}                                                              \
	}                                                                      \
                                                                               \
	static void name##_intro(T *a, size_t n, int depth)                    \
	{                                                                      \
		while (n > INSERTION_MAX) {                                    \
			size_t m;                                              \
			if (depth-- == 0) {                                    \
				name##_heap(a, n);                             \
				return;                                        \
			}                                                      \
			m = name##_partition(a, n);                            \
			/* recurse into the smaller side, loop on the other */ \
			if (m < n - m) {                                       \
				name##_intro(a, m, depth);                     \
				a += m;                                        \
				n -= m;                                        \
			} else {                                               \
				name##_intro(a + m, n - m, depth);             \
				n = m;                                         \
			}                                                      \
		}                                                              \
		name##_insertion(a, n);                                        \
	}                                                                      \
                                                                               \
	void name(T *a, size_t n)                                              \
	{                                                                      \
		int depth = 0;                                                 \
		size_t k;                                                      \
		for (k = n; k > 1; k >>= 1)                                    \
			depth += 2;                                            \
		if (n > 1)                                                     \
			name##_intro(a, n, depth);                             \
	}

/* ad_sort_u64() on short arrays; internal, though the macro defines it
 * without `static` (this declaration gives it internal linkage). */
static void sort_u64_intro(uint64_t *a, size_t n);

SORT_DEFINE(ad_sort_u32, uint32_t)
SORT_DEFINE(sort_u64_intro, uint64_t)

/* From this many values on, ad_sort_u64() sorts by bytes (radix_u64()):
 * a comparison sort of the 80,000 keys of a join's vectors or of the
 * vocabulary's stems took 3 to 4 ms, the byte passes under 1. */
#define RADIX_U64_MIN 2048

/* Least-significant byte first, with the counts of all eight bytes taken
 * in one pass, and no pass for a byte that every value shares (the high
 * bytes of small keys). tmp holds n values. */
static void radix_u64(uint64_t *a, uint64_t *tmp, size_t n)
{
	size_t count[8][257], i;
	uint64_t *src = a, *dst = tmp, *t;
	unsigned b;

	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][(src[i] >> (8 * b) & 0xff) + 1]++;
	for (b = 0; b < 8; b++) {
		size_t *c = count[b];
		unsigned shift = 8 * b;

		if (c[(a[0] >> shift & 0xff) + 1] == n)
			continue; /* one value of this byte: order kept */
		for (i = 1; i <= 256; i++)
			c[i] += c[i - 1];
		for (i = 0; i < n; i++)
			dst[c[src[i] >> shift & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

void ad_sort_u64(uint64_t *a, size_t n)
{
	uint64_t *tmp;

	if (n < RADIX_U64_MIN) {
		sort_u64_intro(a, n);
		return;
	}
	tmp = ad_xmalloc(n * sizeof(*tmp));
	radix_u64(a, tmp, n);
	free(tmp);
}

/* Digits of at most RADIX_MAX bits: 2,048 counters fit in L1 beside the
 * data, and values below 2^22 sort in two passes. */
#define RADIX_MAX 11

void ad_radix_u32(uint32_t *a, uint32_t *tmp, size_t n, uint32_t bound)
{
	size_t count[(1u << RADIX_MAX) + 1];
	uint32_t *src = a, *dst = tmp, *t, mask;
	unsigned bits = 0, passes, digit, shift, p;
	size_t i, nb;

	while (bits < 32 && (bound - 1) >> bits)
		bits++;
	if (bits == 0 || n < 2)
		return;
	/* as few passes as the width allows, the bits shared evenly */
	passes = (bits + RADIX_MAX - 1) / RADIX_MAX;
	digit = (bits + passes - 1) / passes;
	nb = (size_t)1 << digit;
	mask = (uint32_t)(nb - 1);
	for (p = 0, shift = 0; p < passes; p++, shift += digit) {
		memset(count, 0, (nb + 1) * sizeof(*count));
		for (i = 0; i < n; i++)
			count[((src[i] >> shift) & mask) + 1]++;
		for (i = 1; i <= nb; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & mask]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

size_t ad_sort_unique_u32(uint32_t *a, size_t n)
{
	size_t i, k = 0;

	ad_sort_u32(a, n);
	for (i = 0; i < n; i++)
		if (k == 0 || a[i] != a[k - 1])
			a[k++] = a[i];
	return k;
}

static int ranks_before(const ad_ranked *x, const ad_ranked *y)
{
	return x->score > y->score || (x->score == y->score && x->key < y->key);
}

/* Restore the heap h[0..n) (its root the worst kept: the one every
 * other ranks before) from position i down. */
static void sift_down(ad_ranked *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, worst = i;
		ad_ranked x;

		if (l < n && ranks_before(&h[worst], &h[l]))
			worst = l;
		if (l + 1 < n && ranks_before(&h[worst], &h[l + 1]))
			worst = l + 1;
		if (worst == i)
			return;
		x = h[i], h[i] = h[worst], h[worst] = x;
		i = worst;
	}
}

void ad_best_scores(ad_ranked *out, const double *score, size_t n, size_t k)
{
	size_t i;

	if (!k)
		return;
	for (i = 0; i < k; i++) {
		out[i].score = score[i];
		out[i].key = i;
	}
	for (i = k / 2; i-- > 0;)
		sift_down(out, k, i);
	for (i = k; i < n; i++) {
		ad_ranked x = {score[i], i};

		if (ranks_before(&x, &out[0])) {
			out[0] = x;
			sift_down(out, k, 0);
		}
	}
}

void ad_select_best(ad_ranked *r, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, store = lo, i;
		ad_ranked x;

		x = r[mid], r[mid] = r[hi], r[hi] = x;
		for (i = lo; i < hi; i++)
			if (ranks_before(&r[i], &r[hi])) {
				x = r[i], r[i] = r[store], r[store++] = x;
			}
		x = r[store], r[store] = r[hi], r[hi] = x;
		if (store == k)
			return;
		if (store < k)
			lo = store + 1;
		else
			hi = store - 1;
	}
}
