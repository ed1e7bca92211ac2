/*
 * tfidf.c - counting and weighting of sparse vectors.
 */
#include "index/tfidf.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/sort.h"

/* Bags up to this many distinct terms are sorted in place; longer ones
 * are ordered through the bitmap, whose cost does not grow with d log d. */
#define SORT_MAX 32

void ad_counter_init(ad_counter *c, uint32_t nterms)
{
	size_t nwords = (size_t)nterms / 64 + 1;

	c->count = ad_xcalloc(nterms ? nterms : 1, sizeof(*c->count));
	c->bits = ad_xcalloc(nwords, sizeof(*c->bits));
	c->summary = ad_xcalloc(nwords / 64 + 1, sizeof(*c->summary));
	c->touched = NULL;
	c->ntouched = c->cap_touched = 0;
	c->nterms = nterms;
}

void ad_counter_dispose(ad_counter *c)
{
	free(c->count);
	free(c->touched);
	free(c->bits);
	free(c->summary);
	c->count = c->touched = NULL;
	c->bits = c->summary = NULL;
}

void ad_counter_add(ad_counter *c, const uint32_t *ids, size_t n)
{
	size_t i;

	ad_grow(&c->touched, &c->cap_touched, c->ntouched + n,
		sizeof(*c->touched));
	for (i = 0; i < n; i++) {
		uint32_t t = ids[i];

		c->touched[c->ntouched] = t;
		c->ntouched += c->count[t]++ == 0;
	}
}

/* The n distinct ids of touched, ascending, into ids: each marked in the
 * bitmap, then read back word by word; the bitmap is left all 0. */
static void bitmap_order(uint32_t *ids, ad_counter *c, size_t n)
{
	size_t i, s, nsum = (size_t)c->nterms / 64 / 64 + 1, k = 0;

	for (i = 0; i < n; i++) {
		uint32_t t = c->touched[i];

		c->bits[t >> 6] |= (uint64_t)1 << (t & 63);
		c->summary[t >> 12] |= (uint64_t)1 << ((t >> 6) & 63);
	}
	for (s = 0; s < nsum; s++) {
		uint64_t sum = c->summary[s];

		c->summary[s] = 0;
		while (sum) {
			size_t wi = s * 64 + (size_t)__builtin_ctzll(sum);
			uint64_t word = c->bits[wi];

			c->bits[wi] = 0;
			sum &= sum - 1;
			while (word) {
				ids[k++] = (uint32_t)(wi * 64 +
						      (size_t)__builtin_ctzll(word));
				word &= word - 1;
			}
		}
	}
}

void ad_counter_take(ad_svec *out, ad_counter *c, ad_arena *arena)
{
	size_t n = c->ntouched;
	/* one block, weights after ids: one allocation's padding, not two */
	uint32_t *ids = ad_arena_alloc(arena, n * (sizeof(*out->ids) +
						   sizeof(*out->w)));

	ad_counter_take_into(out, c, ids, (float *)(ids + n));
}

void ad_counter_take_into(ad_svec *out, ad_counter *c, uint32_t *ids,
			  float *w)
{
	size_t i, n = c->ntouched;

	out->n = (uint32_t)n;
	out->ids = ids;
	out->w = w;
	if (n > SORT_MAX) {
		bitmap_order(out->ids, c, n);
	} else {
		ad_sort_u32(c->touched, n);
		for (i = 0; i < n; i++)
			out->ids[i] = c->touched[i];
	}
	for (i = 0; i < n; i++) {
		out->w[i] = (float)c->count[out->ids[i]];
		c->count[out->ids[i]] = 0;
	}
	c->ntouched = 0;
}

void ad_tfidf_df(uint32_t *df, const ad_svec *vecs, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < vecs[i].n; j++)
			df[vecs[i].ids[j]]++;
}

void ad_tfidf_idf(double *idf, const uint32_t *df, uint32_t nterms, size_t N)
{
	uint32_t t;

	for (t = 0; t < nterms; t++)
		idf[t] = log((1.0 + (double)N) / (1.0 + (double)df[t])) + 1.0;
}

/* 1 + ln(tf) for the small counts most terms have, made once by the
 * same log() as the larger ones, so a weight does not depend on which
 * path made it. */
#define SUBLINEAR_MAX 64
static double sublinear[SUBLINEAR_MAX];
static pthread_once_t sublinear_once = PTHREAD_ONCE_INIT;

static void sublinear_init(void)
{
	int tf;

	sublinear[1] = 1.0;
	for (tf = 2; tf < SUBLINEAR_MAX; tf++)
		sublinear[tf] = 1.0 + log((double)tf);
}

static double sublinear_tf(double tf)
{
	if (tf >= 1.0 && tf < SUBLINEAR_MAX && tf == (double)(int)tf)
		return sublinear[(int)tf];
	return 1.0 + log(tf);
}

/* sublinear_tf() of a count (at least 1), without its tests for a whole
 * number. */
static inline double sublinear_count(uint32_t c)
{
	return c < SUBLINEAR_MAX ? sublinear[c] : 1.0 + log((double)c);
}

/* What weights whose squares sum to norm are multiplied by to be of
 * unit length; 1 when all are 0 (they are left as they are). */
static double unit_factor(double norm)
{
	return norm > 0.0 ? 1.0 / sqrt(norm) : 1.0;
}

/* Weights w[0..n), whose squares sum to norm, scaled to unit length;
 * returns the factor they were multiplied by. */
static double to_unit(float *w, uint32_t n, double norm)
{
	double f = unit_factor(norm);
	uint32_t i;

	if (norm <= 0.0)
		return f;
	for (i = 0; i < n; i++)
		w[i] = (float)(w[i] * f);
	return f;
}

double ad_tfidf_weigh(ad_svec *v, const double *idf)
{
	double norm = 0.0, w;
	uint32_t i;

	pthread_once(&sublinear_once, sublinear_init);
	for (i = 0; i < v->n; i++) {
		w = sublinear_tf(v->w[i]) * idf[v->ids[i]];
		v->w[i] = (float)w;
		norm += w * w;
	}
	return to_unit(v->w, v->n, norm);
}

/* The weight ad_tfidf_weigh() gives a term of count c and idf idf in a
 * vector it scales by scale. */
static inline float weight_of(uint32_t c, double idf, double scale)
{
	float w = (float)(sublinear_count(c) * idf);

	return (float)(w * scale);
}

/* A count whose weight is w (see weight_of()), w being the weight of
 * some count. Most counts are 1. A larger one is near e^(t - 1) for the
 * weight's t times idf and scale (t = 1 + ln(c)), and that count is
 * tried next. Should it weigh otherwise, the least count that reaches w
 * is searched for, by doubling, then halving: weights do not fall as
 * counts grow, so it makes w. */
static uint32_t count_of(float w, double idf, double scale)
{
	uint32_t lo = 1, hi = 2; /* weight_of(lo) < w */
	double guess;

	if (weight_of(1, idf, scale) >= w)
		return 1;
	guess = exp((double)w / scale / idf - 1.0) + 0.5;
	if (guess >= 2.0 && guess < (double)(UINT32_MAX / 2) &&
	    weight_of((uint32_t)guess, idf, scale) == w)
		return (uint32_t)guess;
	while (hi < UINT32_MAX / 2 && weight_of(hi, idf, scale) < w) {
		lo = hi;
		hi *= 2;
	}
	while (hi - lo > 1) { /* weight_of(hi) >= w, or hi is the last */
		uint32_t mid = lo + (hi - lo) / 2;

		if (weight_of(mid, idf, scale) < w)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* The count at *p, which moves past it (see ad_cvec). */
static uint32_t next_count(const uint8_t **p)
{
	uint32_t c = *(*p)++;

	if (c == UINT8_MAX) {
		memcpy(&c, *p, sizeof(c));
		*p += sizeof(c);
	}
	return c;
}

static double *scale_of(const ad_cvec *v)
{
	return (double *)v->data;
}

static const uint8_t *counts_of(const ad_cvec *v)
{
	return (const uint8_t *)v->data + sizeof(double);
}

/* The id after *id, from the steps at *p, as ad_cvec_next() reads it;
 * then its count: 1, or the one written at *c, which moves past it. The
 * byte at *c is read either way (the counts are followed by the steps,
 * so it is the vector's), and kept or not without a branch: which terms
 * have a count of 1 follows no pattern a CPU could predict. */
static inline uint32_t next_counted(const uint16_t **p, uint32_t *id,
				    const uint8_t **c)
{
	uint32_t d = *(*p)++, written, b;

	if (d == AD_CVEC_FAR) {
		*id = (uint32_t)(*p)[0] | (uint32_t)(*p)[1] << 16;
		*p += 2;
		return next_count(c);
	}
	*id += d >> 1;
	written = d & 1u;
	b = **c;
	*c += written;
	if (written & (b == UINT8_MAX)) {
		memcpy(&b, *c, sizeof(b));
		*c += sizeof(b);
		return b;
	}
	return 1u + written * (b - 1u);
}

/* ad_tfidf_weigh() of a packed vector, step for step: the same
 * arithmetic on the same ids, so the same weights. A vector of counts
 * keeps them, and notes the scale to_unit() would multiply them by. */
void ad_cvec_weigh(ad_cvec *v, const double *idf)
{
	const uint16_t *p = ad_cvec_steps(v);
	const uint8_t *c = v->counts ? counts_of(v) : NULL;
	double norm = 0.0, w;
	uint32_t i, id = 0;

	pthread_once(&sublinear_once, sublinear_init);
	for (i = 0; i < v->n; i++) {
		if (c) {
			uint32_t count = next_counted(&p, &id, &c);

			w = sublinear_tf((double)count) * idf[id];
		} else {
			id = ad_cvec_next(&p, id);
			w = sublinear_tf(((float *)v->data)[i]) * idf[id];
			((float *)v->data)[i] = (float)w;
		}
		norm += w * w;
	}
	if (!v->counts)
		to_unit(v->data, v->n, norm);
	else
		*scale_of(v) = unit_factor(norm);
}

/* Reading the terms of a packed vector in order: read_term() gives the
 * next term's id, weight() that term's weight. Both are told whether the
 * vector holds counts (counted) by their callers, which are each made
 * twice (inlined with counted 1 and 0) so that no term tests it. */
typedef struct reader {
	const uint16_t *step;
	const uint8_t *count; /* NULL when the weights are floats */
	const float *w;       /* those floats */
	const double *idf;
	double scale;
	uint32_t id;          /* of the term read last */
	uint32_t k;           /* terms read */
	uint32_t c;           /* the count of the term read last */
} reader;

static void reader_init(reader *r, const ad_cvec *v, const double *idf)
{
	r->step = ad_cvec_steps(v);
	r->count = v->counts ? counts_of(v) : NULL;
	r->w = v->counts ? NULL : (const float *)v->data;
	r->idf = idf;
	r->scale = v->counts ? *scale_of(v) : 1.0;
	r->id = r->k = r->c = 0;
	if (r->count)
		pthread_once(&sublinear_once, sublinear_init);
}

static inline uint32_t read_term(reader *r, int counted)
{
	if (counted)
		r->c = next_counted(&r->step, &r->id, &r->count);
	else
		r->id = ad_cvec_next(&r->step, r->id);
	r->k++;
	return r->id;
}

/* The weight of the term read last: the float ad_tfidf_weigh() makes of
 * its count, times the scale, as to_unit() multiplies it. */
static inline float weight(const reader *r, int counted)
{
	if (!counted)
		return r->w[r->k - 1];
	return weight_of(r->c, r->idf[r->id], r->scale);
}

/* The count of v's term i: counts[i], or (counts NULL) its weight, a
 * raw count. */
static inline uint32_t count_at(const ad_svec *v, const uint32_t *counts,
				uint32_t i)
{
	return counts ? counts[i] : (uint32_t)v->w[i];
}

/* Count c at p (NULL: only measured): a byte, or UINT8_MAX and 4
 * bytes; returns how many. */
static size_t put_count(uint8_t *p, uint32_t c)
{
	if (c < UINT8_MAX) {
		if (p)
			*p = (uint8_t)c;
		return 1;
	}
	if (p) {
		*p = UINT8_MAX;
		memcpy(p + 1, &c, sizeof(c));
	}
	return 1 + sizeof(c);
}

/* The steps of v's ascending ids into p and, with counted, the counts
 * that are written (those not 1, and those of ids written in full; each
 * step marks whether its count is) into c, counts[i] or (counts NULL) a
 * raw count in v's weights: p and c NULL, only measured. *nc receives
 * the counts' bytes; returns the steps' 16-bit units. */
static size_t write_terms(uint16_t *p, uint8_t *c, size_t *nc,
			  const ad_svec *v, const uint32_t *counts,
			  int counted)
{
	size_t len = 0, clen = 0;
	uint32_t i, prev = 0;

	for (i = 0; i < v->n; prev = v->ids[i++]) {
		uint32_t d = v->ids[i] - prev;
		uint32_t k = counted ? count_at(v, counts, i) : 1;

		if (d < AD_CVEC_STEP_MAX) {
			if (p)
				p[len] = (uint16_t)(d << 1 | (k != 1));
			len++;
		} else {
			if (p) {
				p[len] = AD_CVEC_FAR;
				p[len + 1] = (uint16_t)(v->ids[i] & 0xFFFFu);
				p[len + 2] = (uint16_t)(v->ids[i] >> 16);
			}
			len += 3;
		}
		if (counted && (k != 1 || d >= AD_CVEC_STEP_MAX))
			clen += put_count(c ? c + clen : NULL, k);
	}
	*nc = clen;
	return len;
}

void ad_cvec_pack(ad_cvec *out, const ad_svec *v, ad_arena *arena)
{
	size_t nc, len = write_terms(NULL, NULL, &nc, v, NULL, 0);
	unsigned char *p;

	out->n = v->n;
	out->counts = 0;
	out->data = p = ad_arena_alloc_aligned(
		arena, ad_cvec_steps_at(out) + len * sizeof(uint16_t),
		sizeof(float));
	memcpy(p, v->w, v->n * sizeof(float));
	write_terms((uint16_t *)(void *)(p + ad_cvec_steps_at(out)), NULL,
		    &nc, v, NULL, 0);
}

/* v packed into out as counts (count_at()), with the scale; the byte
 * that pads the counts to the steps is 0, as next_counted() may read
 * it. */
static void pack_counted(ad_cvec *out, const ad_svec *v,
			 const uint32_t *counts, double scale,
			 ad_arena *arena)
{
	size_t nc, len = write_terms(NULL, NULL, &nc, v, counts, 1);
	uint8_t *p;

	out->n = v->n;
	out->counts = (uint32_t)nc + 1;
	out->data = p = ad_arena_alloc_aligned(
		arena, ad_cvec_steps_at(out) + len * sizeof(uint16_t),
		sizeof(double));
	*scale_of(out) = scale;
	if (nc % 2) /* the pad */
		p[sizeof(double) + nc] = 0;
	write_terms((uint16_t *)(void *)(p + ad_cvec_steps_at(out)),
		    p + sizeof(double), &nc, v, counts, 1);
}

void ad_cvec_pack_counts(ad_cvec *out, const ad_svec *v, ad_arena *arena)
{
	if (v->n == 0) { /* nothing to weigh: an empty vector of floats */
		ad_cvec_pack(out, v, arena);
		return;
	}
	pack_counted(out, v, NULL, 1.0, arena);
}

void ad_cvec_pack_weighed(ad_cvec *out, const ad_svec *v, const double *idf,
			  double scale, uint32_t *counts, ad_arena *arena)
{
	uint32_t i;

	if (v->n == 0) { /* as ad_cvec_pack_counts() packs it */
		ad_cvec_pack(out, v, arena);
		return;
	}
	pthread_once(&sublinear_once, sublinear_init);
	for (i = 0; i < v->n; i++)
		counts[i] = count_of(v->w[i], idf[v->ids[i]], scale);
	pack_counted(out, v, counts, scale, arena);
}

static inline void unpack_as(const ad_cvec *v, const double *idf,
			     uint32_t *ids, float *w, int counted)
{
	reader r;
	uint32_t i;

	reader_init(&r, v, idf);
	for (i = 0; i < v->n; i++) {
		ids[i] = read_term(&r, counted);
		w[i] = weight(&r, counted);
	}
}

void ad_cvec_unpack(ad_svec *out, const ad_cvec *v, const double *idf,
		    uint32_t *ids, float *w)
{
	if (v->counts)
		unpack_as(v, idf, ids, w, 1);
	else
		unpack_as(v, idf, ids, w, 0);
	out->n = v->n;
	out->ids = ids;
	out->w = w;
}

const ad_svec *ad_cvec_open(ad_cvec_room *room, const ad_cvec *v,
			    const double *idf)
{
	if (v->n > room->cap) {
		room->cap = v->n;
		room->ids = ad_xrealloc(room->ids,
					room->cap * sizeof(*room->ids));
		room->w = ad_xrealloc(room->w, room->cap * sizeof(*room->w));
	}
	ad_cvec_unpack(&room->v, v, idf, room->ids, room->w);
	return &room->v;
}

void ad_cvec_room_dispose(ad_cvec_room *room)
{
	free(room->ids);
	free(room->w);
	memset(room, 0, sizeof(*room));
}

uint32_t ad_cvec_end(const ad_cvec *v)
{
	const uint16_t *p = ad_cvec_steps(v);
	uint32_t i, id = 0;

	for (i = 0; i < v->n; i++)
		id = ad_cvec_next(&p, id);
	return v->n ? id + 1 : 0;
}

static inline double dot_as(const ad_cvec *a, const ad_cvec *b,
			    const double *idf, int ca, int cb)
{
	reader ra, rb;
	uint32_t x, y;
	double s = 0.0;

	if (!a->n || !b->n)
		return s;
	reader_init(&ra, a, idf);
	reader_init(&rb, b, idf);
	x = read_term(&ra, ca);
	y = read_term(&rb, cb);
	/* ad_svec_dot()'s walk: the side with the smaller id steps, both on
	 * a match, until either side ends */
	for (;;) {
		int step_a = x <= y, step_b = y <= x;

		if (x == y)
			s += (double)weight(&ra, ca) * weight(&rb, cb);
		if (step_a) {
			if (ra.k == a->n)
				break;
			x = read_term(&ra, ca);
		}
		if (step_b) {
			if (rb.k == b->n)
				break;
			y = read_term(&rb, cb);
		}
	}
	return s;
}

double ad_cvec_dot(const ad_cvec *a, const ad_cvec *b, const double *idf)
{
	if (a->counts && b->counts)
		return dot_as(a, b, idf, 1, 1);
	if (a->counts)
		return dot_as(a, b, idf, 1, 0);
	if (b->counts)
		return dot_as(a, b, idf, 0, 1);
	return dot_as(a, b, idf, 0, 0);
}

static inline void spread_as(double *row, const ad_cvec *v,
			     const double *idf, int counted)
{
	reader r;
	uint32_t k;

	reader_init(&r, v, idf);
	for (k = 0; k < v->n; k++) {
		uint32_t id = read_term(&r, counted);

		row[id] += weight(&r, counted);
	}
}

void ad_cvec_spread(double *row, const ad_cvec *v, const double *idf)
{
	if (v->counts)
		spread_as(row, v, idf, 1);
	else
		spread_as(row, v, idf, 0);
}

void ad_cvec_unspread(double *row, const ad_cvec *v)
{
	const uint16_t *p = ad_cvec_steps(v);
	uint32_t k, id = 0;

	for (k = 0; k < v->n; k++) {
		id = ad_cvec_next(&p, id);
		row[id] = 0.0;
	}
}

/* Against the row: each term's row[id] * w (others 0), or (row[id] - w)
 * * w (others 1). */
static inline double dot_row_as(const double *row, const ad_cvec *v,
				const double *idf, int counted, int others)
{
	double s = 0.0;
	reader r;
	uint32_t k;

	reader_init(&r, v, idf);
	for (k = 0; k < v->n; k++) {
		uint32_t id = read_term(&r, counted);
		float w = weight(&r, counted);

		s += (others ? row[id] - w : row[id]) * w;
	}
	return s;
}

double ad_cvec_dot_row(const double *row, const ad_cvec *v,
		       const double *idf)
{
	if (v->counts)
		return dot_row_as(row, v, idf, 1, 0);
	return dot_row_as(row, v, idf, 0, 0);
}

double ad_cvec_dot_others(const double *row, const ad_cvec *v,
			  const double *idf)
{
	if (v->counts)
		return dot_row_as(row, v, idf, 1, 1);
	return dot_row_as(row, v, idf, 0, 1);
}

uint32_t ad_svecs_bound(const ad_svec *vecs, size_t n)
{
	uint32_t bound = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (vecs[i].n && vecs[i].ids[vecs[i].n - 1] >= bound)
			bound = vecs[i].ids[vecs[i].n - 1] + 1;
	return bound;
}

double ad_svec_dot(const ad_svec *a, const ad_svec *b)
{
	uint32_t i = 0, j = 0;
	double s = 0.0;

	/* step both sides without a branch on which id is smaller: that
	 * branch is a coin flip the CPU mispredicts half the time */
	while (i < a->n && j < b->n) {
		uint32_t x = a->ids[i], y = b->ids[j];

		if (x == y)
			s += (double)a->w[i] * b->w[j];
		i += x <= y;
		j += y <= x;
	}
	return s;
}

void ad_svec_spread(double *row, const ad_svec *v)
{
	uint32_t k;

	for (k = 0; k < v->n; k++)
		row[v->ids[k]] += v->w[k];
}

void ad_svec_unspread(double *row, const ad_svec *v)
{
	uint32_t k;

	for (k = 0; k < v->n; k++)
		row[v->ids[k]] = 0.0;
}

double ad_svec_dot_row(const double *row, const ad_svec *v)
{
	double s = 0.0;
	uint32_t k;

	for (k = 0; k < v->n; k++)
		s += row[v->ids[k]] * v->w[k];
	return s;
}

double ad_svec_dot_others(const double *row, const ad_svec *v)
{
	double s = 0.0;
	uint32_t k;

	for (k = 0; k < v->n; k++)
		s += (row[v->ids[k]] - v->w[k]) * v->w[k];
	return s;
}

size_t ad_svec_top_terms(uint32_t *terms, size_t k, const ad_svec *x,
			 const ad_svec *y, uint32_t nwords)
{
	float best[AD_SVEC_TOP_MAX];
	uint32_t i = 0, j = 0;
	size_t n = 0, p;

	if (k > sizeof(best) / sizeof(best[0]))
		k = sizeof(best) / sizeof(best[0]);
	while (i < x->n && j < y->n && x->ids[i] < nwords) {
		float c;

		if (x->ids[i] != y->ids[j]) {
			x->ids[i] < y->ids[j] ? i++ : j++;
			continue;
		}
		c = x->w[i] * y->w[j];
		/* insertion into the top k, largest first; ties keep id order */
		for (p = n < k ? n++ : k; p > 0 && best[p - 1] < c; p--) {
			if (p < k) {
				best[p] = best[p - 1];
				terms[p] = terms[p - 1];
			}
		}
		if (p < k) {
			best[p] = c;
			terms[p] = x->ids[i];
		}
		i++;
		j++;
	}
	return n;
}
