/*
 * tfidf.h - sparse term vectors: counting, idf, sublinear TF-IDF weights.
 *
 * Ownership: vectors point into an arena given by the caller (the vectors'
 * owner); an ad_counter is a caller-owned scratch value, ad_counter_init()
 * / ad_counter_dispose().
 *
 * Weights: tf' = 1 + ln(tf); idf = ln((1 + N) / (1 + df)) + 1 (smoothed, so a
 * term in every document still weighs 1); w = tf' * idf, then the vector is
 * L2-normalised. Ids are sorted ascending in every vector.
 */
#ifndef AGENTDUP_TFIDF_H
#define AGENTDUP_TFIDF_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef struct ad_svec {
	uint32_t n;
	uint32_t *ids; /* ascending */
	float *w;      /* weights; after ad_tfidf_weigh() the norm is 1 */
} ad_svec;

/* Counts term occurrences with a dense array and the list of touched ids.
 * A bag of n terms with d distinct costs O(n + d) and the scan of a
 * small summary: a long bag leaves in id order through a two-level bitmap
 * (one bit per term, one summary bit per 64 terms), a short one through
 * an insertion sort. */
typedef struct ad_counter {
	uint32_t *count;   /* nterms entries, all 0 between bags */
	uint32_t *touched; /* distinct ids of the current bag */
	uint64_t *bits;    /* one bit per term, all 0 between bags */
	uint64_t *summary; /* one bit per word of bits, all 0 between bags */
	size_t ntouched, cap_touched;
	uint32_t nterms;
} ad_counter;

void ad_counter_init(ad_counter *c, uint32_t nterms);
void ad_counter_dispose(ad_counter *c);
void ad_counter_add(ad_counter *c, const uint32_t *ids, size_t n);
/* Move the current bag into out (ids ascending, w = raw counts), allocated
 * in arena as one block (w right after ids), and reset the counter for
 * the next bag. */
void ad_counter_take(ad_svec *out, ad_counter *c, ad_arena *arena);

/* The same, into the caller's ids and w (room for the bag's distinct
 * terms): a bag looked at once, then held in another form. */
void ad_counter_take_into(ad_svec *out, ad_counter *c, uint32_t *ids,
			  float *w);

/* df[t] += 1 for every term of every vector. */
void ad_tfidf_df(uint32_t *df, const ad_svec *vecs, size_t n);
/* idf[t] for N documents. */
void ad_tfidf_idf(double *idf, const uint32_t *df, uint32_t nterms, size_t N);
/* Turn raw counts into L2-normalised sublinear TF-IDF weights, in place;
 * returns the factor that made the vector unit length (1 when it has no
 * weight). */
double ad_tfidf_weigh(ad_svec *v, const double *idf);

/* Dot product of two vectors (ids ascending). */
double ad_svec_dot(const ad_svec *a, const ad_svec *b);

/* One past the highest term id of vecs[0..n) (ids ascend): the length
 * of a dense row of their weights. */
uint32_t ad_svecs_bound(const ad_svec *vecs, size_t n);

/* A dense row of weights, one per term id, all zero between uses: many
 * dot products against one vector (or the sum of a few) cost one pass
 * over each other vector. ad_svec_spread() adds v to the row,
 * ad_svec_unspread() zeroes v's terms again. ad_svec_dot_row() is v
 * against the row: with one vector spread, the same products in the same
 * order as ad_svec_dot(), so the same value. ad_svec_dot_others() is v
 * against the row less v itself: v's cosine summed over the other vectors
 * spread with it. */
void ad_svec_spread(double *row, const ad_svec *v);
void ad_svec_unspread(double *row, const ad_svec *v);
double ad_svec_dot_row(const double *row, const ad_svec *v);
double ad_svec_dot_others(const double *row, const ad_svec *v);

/* A vector held compactly, for the many that few paths read (section
 * vectors): its ids as steps from the id before (from 0), 16 bits each:
 * the step doubled, its low bit set when the term's count is written
 * (below). A step of AD_CVEC_STEP_MAX or more is written as AD_CVEC_FAR
 * followed by the id itself, low half first (ids of a bag are close
 * together, and reading them back is a running sum, as cheap as reading
 * them). Its weights are held one of two ways:
 *  - as the floats an ad_svec has (ad_cvec_pack()): 6 bytes a term;
 *  - as the term counts they are weighed from, with the scale that makes
 *    the vector unit length (ad_cvec_pack_counts(), then
 *    ad_cvec_weigh()). A count of 1 (most terms have it) is its step's
 *    low bit left clear; any other count, and the count of an id written
 *    in full, is written, a byte (a count of 255 or more: 255, then the
 *    count in 4 bytes). A weight is made again as it is read, by the
 *    arithmetic of ad_tfidf_weigh() on the idf the vector was weighed
 *    with, so it is the same float: 2 bytes a term of count 1, 3 others.
 * The functions that read weights take that idf (NULL for vectors of
 * floats). */
typedef struct ad_cvec {
	uint32_t n;
	/* 1 + the bytes of counts written; 0 when the weights are floats */
	uint32_t counts;
	void *data; /* the floats, or the scale (a double) and the counts;
		     * then the steps */
} ad_cvec;

/* Packed vectors of one level, as their readers are handed them: the
 * vectors, the idf their weights are read with (which vectors of floats
 * do not read; may then be NULL), and a bound above all their ids (the
 * length of a dense row of them). */
typedef struct ad_cvecs {
	const ad_cvec *v;
	const double *idf;
	uint32_t bound;
} ad_cvecs;

#define AD_CVEC_FAR 0xFFFFu
#define AD_CVEC_STEP_MAX 0x7FFFu

/* Where the steps begin in v->data, in bytes: after the floats, or after
 * the scale and the counts (padded to a step's alignment). */
static inline size_t ad_cvec_steps_at(const ad_cvec *v)
{
	if (!v->counts)
		return v->n * sizeof(float);
	/* the counts' bytes (v->counts - 1), padded to an even number */
	return sizeof(double) + (v->counts & ~1u);
}

static inline const uint16_t *ad_cvec_steps(const ad_cvec *v)
{
	return (const uint16_t *)(const void *)((const char *)v->data +
						ad_cvec_steps_at(v));
}

/* The id after id, from the steps at *p, which move past it. */
static inline uint32_t ad_cvec_next(const uint16_t **p, uint32_t id)
{
	uint32_t d = *(*p)++;

	if (d != AD_CVEC_FAR)
		return id + (d >> 1);
	d = (uint32_t)(*p)[0] | (uint32_t)(*p)[1] << 16;
	*p += 2;
	return d;
}

/* v packed into out, allocated in arena: its weights as floats. */
void ad_cvec_pack(ad_cvec *out, const ad_svec *v, ad_arena *arena);
/* v, whose weights are term counts (whole numbers, at least 1), packed
 * into out with them as counts; ad_cvec_weigh() makes it a TF-IDF
 * vector. */
void ad_cvec_pack_counts(ad_cvec *out, const ad_svec *v, ad_arena *arena);
/* v, weighed by ad_tfidf_weigh(v, idf) returning scale, packed as the
 * counts it was weighed from, and that scale, into out (counts: room
 * for v->n, the caller's scratch). Each count is one that weighs what
 * v holds (past a few million, neighbouring counts weigh the same
 * float), so that out reads back as v's weights. */
void ad_cvec_pack_weighed(ad_cvec *out, const ad_svec *v, const double *idf,
			  double scale, uint32_t *counts, ad_arena *arena);
/* ad_tfidf_weigh() of the vector v holds: the same weights (a vector of
 * counts keeps them, and is given its scale). */
void ad_cvec_weigh(ad_cvec *v, const double *idf);
/* v as an ad_svec: its ids written to ids and its weights to w (room for
 * v->n each); idf: as above. */
void ad_cvec_unpack(ad_svec *out, const ad_cvec *v, const double *idf,
		    uint32_t *ids, float *w);
/* Room to read packed vectors open, one at a time, that grows to the
 * longest read; zeroed to begin, ad_cvec_room_dispose() to end. */
typedef struct ad_cvec_room {
	ad_svec v;
	uint32_t *ids;
	float *w;
	size_t cap;
} ad_cvec_room;
/* v unpacked (ad_cvec_unpack()) into room: valid until the next read. */
const ad_svec *ad_cvec_open(ad_cvec_room *room, const ad_cvec *v,
			    const double *idf);
void ad_cvec_room_dispose(ad_cvec_room *room);
/* ad_svec_dot() of the vectors a and b hold: the same products in the
 * same order, so the same value. Both were weighed with idf. */
double ad_cvec_dot(const ad_cvec *a, const ad_cvec *b, const double *idf);
/* ad_svec_spread(), ad_svec_unspread(), ad_svec_dot_row() and
 * ad_svec_dot_others() of the vector v holds: the same sums in the same
 * order, so the same values. */
void ad_cvec_spread(double *row, const ad_cvec *v, const double *idf);
void ad_cvec_unspread(double *row, const ad_cvec *v);
double ad_cvec_dot_row(const double *row, const ad_cvec *v,
		       const double *idf);
double ad_cvec_dot_others(const double *row, const ad_cvec *v,
			  const double *idf);
/* The largest id of v plus one, 0 for an empty vector. */
uint32_t ad_cvec_end(const ad_cvec *v);

/* The terms that add most to dot(x, y): at most k of them (and at most
 * AD_SVEC_TOP_MAX), largest contribution first, ties in id order; returns
 * how many were written. Only ids below nwords count (section vectors also
 * hold rule-group features, which are not words). */
#define AD_SVEC_TOP_MAX 24
size_t ad_svec_top_terms(uint32_t *terms, size_t k, const ad_svec *x,
			 const ad_svec *y, uint32_t nwords);

#endif
