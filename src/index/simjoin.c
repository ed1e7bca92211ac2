/*
 * simjoin.c - AllPairs / L2AP-style exact similarity join.
 *
 * Features are ranked by document frequency, most frequent first, and every
 * vector is rewritten in that order: in a copy, or, for
 * ad_simjoin_run_in_place() and ad_simjoin_stream_in_place(), in the
 * caller's own arrays, rewritten back once the probes are done. For
 * vector y, let p(y) be its longest prefix (the frequent end) whose bound
 *     B(p) = min( sum_f y_f * maxw_f,  ||p|| )
 * stays below the threshold t, maxw_f being the largest weight of feature f
 * in any vector that comes after y. Only the rest of y, the rare suffix,
 * goes into the inverted index. Any later x with dot(x, y) >= t must then
 * share an indexed feature with y: otherwise dot(x, y) = dot(x, p(y)) <=
 * B(p(y)) < t, by x_f <= maxw_f and by Cauchy-Schwarz with ||x|| = 1.
 *
 * The whole index is built first, postings of each feature in vector
 * order; vector x then probes only the postings of earlier vectors (a
 * prefix of each list), so every pair is met once, and the probes of
 * different vectors are independent: worker threads share them out.
 * Probing walks x from its rare end and stops once the bound of what
 * remains of x falls below t (the same argument, with the roles swapped).
 *
 * The first posting of y that x meets is their rarest common feature:
 * what ranks above it in x was probed, and what ranks above it in y is
 * indexed. So dot(x, y) is this feature's product plus the dot product of
 * the two vectors below it, which is at most ||x below|| * ||y below||,
 * and at most the sum of these products over buckets of features (the
 * norms kept in the posting, see below). A pair that passes that bound is
 * summed at once over y's features below the feature, through a dense
 * array of x's weights; y is then done for this probe, and later postings
 * of it are skipped. Pairs within rounding of t are kept, in the caller's
 * indices, and scored once every probe is done: spread by their first
 * vector a (a counting sort), each a's pairs sorted by b and summed
 * through a dense array of a's weights by original feature id, walking
 * b's ids in ascending order. Those are the products ad_svec_dot() adds,
 * exact in double, in its order, with exact zeros between them that leave
 * the sum as it is (it starts at +0 and so never becomes -0): the score
 * reported is ad_svec_dot()'s to the bit, at the cost of one pass over b.
 *
 * Before that sum, a candidate meets one more bound, which knows what the
 * two vectors hold: every vector hashes its features into SIG buckets
 * (more when vectors are long: about one per two features of an average
 * vector, up to SIG_MAX) and keeps the norm of each bucket, rounded up to
 * a byte. dot(x, y) is the sum over the buckets of dot(x_b, y_b), each
 * at most ||x_b|| ||y_b||, so the byte dot product of the two signatures
 * bounds it. With long vectors the probe also keeps x's signature below
 * the rank it scans (a step changes one bucket): dot(x, y) is then at
 * most the product at the feature plus that signature's byte dot
 * product with y's. Two vectors that share one feature, with most of their weight in
 * features the other lacks, mostly fill different buckets: on rule
 * wordings this drops 94 candidates in 100 for the price of one cache
 * line each (x below the rank would drop 7 in 100 more, for more than
 * the dot products it saves); on agent bodies (430 features on average,
 * 256 buckets, x below the rank) 93 in 100 of the postings that pass the
 * bound below (the whole of x over 64 buckets dropped 16). A posting
 * keeps such norms too, of its vector below its feature in eight coarser
 * buckets, in place of one norm: the bound of the postings then drops
 * four pairs in five of those the plain norm let through, before any
 * signature is read.
 *
 * Those bounds still read every posting. By the same first-met argument
 * dot(x, y) <= ||x up to f|| * ||y up to f|| for a y not met before f,
 * so each list is kept in BLOCKS blocks by the second norm (even steps
 * from t to 1), vector order within a block, and a probe passes over
 * the blocks whose top norm times its own stays below t. On rule
 * wordings that halves the postings read. A y passed over there and met
 * again at a more frequent feature is bounded there as if that were the
 * first common one; whatever those bounds decide is harmless, since its
 * score cannot reach t and a pair let through is scored exactly.
 */
#include "index/simjoin.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "index/best.h"
#include "index/sumjoin.h"

/* Bounds are compared with this much slack, so float rounding can only
 * make the join verify more pairs, never miss one. */
#define SLACK 1e-6
/* How many postings ahead the probe asks for a candidate's signature. */
#define PREFETCH 8
/* Buckets of a signature, a byte each: one cache line per vector. */
#define SIG_BITS 6
#define SIG (1u << SIG_BITS)
/* Long vectors get wider signatures, up to this many buckets. */
#define SIG_MAX_BITS 9
#define SIG_MAX (1u << SIG_MAX_BITS)

/* Buckets of the norms a posting keeps: those of the signature, eight
 * at a time (the top bits of the same hash). */
#define BELOW_BITS 3
#define BELOW (1u << BELOW_BITS)

/* Blocks of a posting list, by the norm of the vector up to the
 * feature; see split_list(). */
#define BLOCKS 8

typedef struct posting {
	uint32_t vec;
	float w;
	/* vec before this feature (its more frequent end), per bucket:
	 * the norm in units of sig_scale, rounded up */
	uint8_t below[BELOW];
} posting;

typedef struct join {
	const ad_svec *vecs;
	const ad_svec *given; /* the caller's vectors, in its order */
	size_t n;
	double t;
	const uint32_t *group;
	ad_arena *arena;
	uint32_t nfeat, maxlen, maxlist;
	/* vectors in rank order, stored by position: their ids are ranks;
	 * a copy, or the caller's vectors themselves (in_place) */
	ad_svec *rv;
	int in_place;
	uint32_t *unrank;   /* in place: rank -> feature id, to put back */
	uint32_t *boundary; /* first indexed position of rv[i] */
	float *maxw;        /* per rank */
	float **wmaxw;      /* per worker, while reordering: its maxw */
	double *wtop;       /* per worker: the largest squared norm seen */
	size_t *start;      /* per rank: its postings in post[] */
	uint32_t *fill;     /* per rank: postings in its list */
	/* Vectors are inserted a slice at a time, slices side by side:
	 * slice s is [s * slice_len, (s + 1) * slice_len), and writes the
	 * postings of rank f from start[f] + at[s * nfeat + f] on. */
	uint32_t nslices;
	size_t slice_len;
	uint32_t *at;
	posting *post;
	uint8_t *block;     /* per posting, while inserting: its block */
	uint32_t *bstart;   /* per rank, BLOCKS: where each block begins */
	double edge[BLOCKS]; /* a block's norms are below its edge */
	const uint32_t *rank; /* feature id -> rank, while reordering */
	uint64_t *keys;     /* while relabelling: rarest rank, position */
	uint32_t *orig;     /* position -> the caller's index (see relabel) */
	uint8_t *sig;       /* per position: sigw bucket norms, see signs() */
	uint32_t sig_bits;  /* log2 of sigw */
	uint32_t sigw;      /* buckets of a signature */
	int sig_below;      /* probes sign x below the rank probed */
	double sig_scale;   /* a byte of a signature is this much norm */
	double sig_unit2;   /* sig_scale squared: a product of two bytes */
	atomic_size_t next; /* next vector to reorder, probe, then score;
			     * next features to sum over the slices */
	struct prober *workers;
	/* ad_simjoin_stream(): where pairs go as each probe ends, and the
	 * bound above which a probe's sum needs no ad_svec_dot() */
	ad_simjoin_emit emit;
	void *payload;
	double sure;
	/* whom worker 0 tells how many vectors the probes have taken up,
	 * at how many it tells next, and what it told last */
	ad_progress_fn progress;
	void *progress_payload;
	size_t tell_at, told;
	ad_pair *out;       /* the pairs, by a: those of a in */
	size_t *end;        /* [end[a - 1], end[a]), end[-1] being 0 */
	uint32_t *kept;     /* per a: how many of them reach t */
} join;

/* A pair that passed every bound, in the caller's indices, a < b. */
typedef struct found {
	uint32_t a, b;
} found;

/* What one worker thread owns while probing. */
typedef struct prober {
	uint8_t *seen;  /* per vector: stamp of the probe that met it */
	uint8_t stamp;  /* of this probe; 1..255, then seen is cleared */
	float *xw;      /* per rank: weight in the probing vector, else 0 */
	const uint8_t *xsig; /* signature of the probing vector, or with
			      * long vectors its part below the rank probed
			      * (in xbuf), see sign_below() */
	uint8_t *xbuf;
	double *xpre;   /* per feature k of it: its bucket over 0..k-1 */
	double *xsq;    /* per bucket, all 0 between probes */
	uint8_t xbelow[BELOW]; /* its bucket norms below the rank probed */
	found *pairs;
	size_t npairs, cap_pairs;
	uint32_t *ys;   /* streaming: this probe's pairs, caller's indices */
	size_t nys, cap_ys;
	/* streaming in place: the products of a pair, keyed by feature id
	 * (see exact_dot()) */
	uint64_t *order;
	double *prod;
	int id;         /* which worker */
	ad_simjoin_stats st;
} prober;

static size_t total_len(const ad_svec *vecs, size_t n)
{
	size_t total = 0, i;

	for (i = 0; i < n; i++)
		total += vecs[i].n;
	return total;
}

static uint32_t max_len(const ad_svec *vecs, size_t n)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (vecs[i].n > m)
			m = vecs[i].n;
	return m;
}

/*
 * rank[id]: position of the feature when sorted by df, most frequent
 * first, ties by id. A counting sort: a df is at most n, and most
 * features of a small join have df 0 (the ids span the collection's
 * terms), so this is linear where a comparison sort of every id was
 * the slowest part of preparing a small join.
 */
static uint32_t *rank_features(const join *j, const uint32_t *df)
{
	uint32_t *rank = ad_xmalloc((j->nfeat + 1) * sizeof(*rank));
	size_t *first = ad_xcalloc(j->n + 2, sizeof(*first));
	size_t d;
	uint32_t f;

	/* first[n - d]: how many features have a df above d, once summed */
	for (f = 0; f < j->nfeat; f++)
		first[j->n - df[f] + 1]++;
	for (d = 1; d <= j->n + 1; d++)
		first[d] += first[d - 1];
	for (f = 0; f < j->nfeat; f++)
		rank[f] = (uint32_t)first[j->n - df[f]]++;
	free(first);
	return rank;
}

/* The squared norm of n weights, summed in double in their order. */
static double sum_squares(const float *w, uint32_t n)
{
	double sq = 0.0;
	uint32_t k;

	for (k = 0; k < n; k++)
		sq += (double)w[k] * w[k];
	return sq;
}

/* Rewrite vectors in rank order, a share of them per worker: each
 * vector's ranks sorted (ranks are distinct within a vector), their
 * weights found again through a dense rank -> weight array. Each worker
 * notes the largest weight of each rank and the largest squared norm
 * among its vectors. */
static void reorder_work(void *ctx, int worker)
{
	join *j = ctx;
	uint32_t *ranks = ad_xmalloc((j->maxlen + 1) * sizeof(*ranks));
	uint32_t *tmp = ad_xmalloc((j->maxlen + 1) * sizeof(*tmp));
	float *dense = ad_xcalloc(j->nfeat + 1, sizeof(*dense));
	float *maxw = ad_xcalloc(j->nfeat + 1, sizeof(*maxw));
	double top = 0.0;
	size_t i, end;
	uint32_t k;

	while ((i = ad_parallel_chunk(&j->next, j->n, 64, &end)) < j->n) {
		for (; i < end; i++) {
			const ad_svec *v = &j->vecs[i];
			ad_svec *r = &j->rv[i]; /* in place: v's own arrays */
			uint32_t n = v->n;

			for (k = 0; k < n; k++) {
				ranks[k] = j->rank[v->ids[k]];
				dense[ranks[k]] = v->w[k];
			}
			if (n >= 64)
				ad_radix_u32(ranks, tmp, n, j->nfeat);
			else
				ad_sort_u32(ranks, n);
			for (k = 0; k < n; k++) {
				r->ids[k] = ranks[k];
				r->w[k] = dense[ranks[k]];
			}
			top = fmax(top, sum_squares(r->w, n));
			for (k = 0; k < n; k++)
				if (r->w[k] > maxw[r->ids[k]])
					maxw[r->ids[k]] = r->w[k];
		}
	}
	j->wmaxw[worker] = maxw;
	j->wtop[worker] = top;
	free(ranks);
	free(tmp);
	free(dense);
}

/* keys[i]: the rarest rank of vector i above i, a share per worker. */
static void rarest_work(void *ctx, int worker)
{
	join *j = ctx;
	size_t i, end;

	(void)worker;
	while ((i = ad_parallel_chunk(&j->next, j->n, 256, &end)) < j->n)
		for (; i < end; i++) {
			const ad_svec *v = &j->vecs[i];
			uint64_t rarest = 0;
			uint32_t k;

			for (k = 0; k < v->n; k++)
				if (j->rank[v->ids[k]] > rarest)
					rarest = j->rank[v->ids[k]];
			j->keys[i] = rarest << 32 | i;
		}
}

/*
 * Put vectors that share their rarest feature next to each other: the
 * candidates of a probe are mostly such vectors, so their marks and
 * features (stored in this order by reorder()) then sit in nearby
 * memory. Any order finds the same pairs (each pair is met once, from
 * its later member); positions are mapped back to the caller's indices
 * in add_pair().
 */
static ad_svec *relabel(join *j, int njobs)
{
	uint64_t *key = ad_xmalloc((j->n + 1) * sizeof(*key));
	ad_svec *vecs = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*vecs));
	uint32_t *group = NULL;
	size_t i;

	j->keys = key;
	atomic_store(&j->next, 0);
	ad_parallel_run(njobs, rarest_work, j);
	j->keys = NULL;
	ad_sort_u64(key, j->n);
	j->orig = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*j->orig));
	if (j->group)
		group = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*group));
	for (i = 0; i < j->n; i++) {
		uint32_t o = (uint32_t)key[i];

		j->orig[i] = o;
		vecs[i] = j->vecs[o];
		if (group)
			group[i] = j->group[o];
	}
	j->vecs = vecs;
	if (group)
		j->group = group;
	free(key);
	return vecs;
}

/* The bucket of a feature in signatures: the top bits of a
 * multiplicative hash of its rank. */
static uint32_t bucket(const join *j, uint32_t id)
{
	return (id * 2654435761u) >> (32 - j->sig_bits);
}

/* A norm in units of sig_scale, rounded up, so that products of these
 * only overstate. */
static uint8_t sig_byte(const join *j, double sq)
{
	double q = ceil(sqrt(sq > 0.0 ? sq : 0.0) / j->sig_scale);

	return (uint8_t)(q < 255.0 ? q : 255.0);
}

/* The bucket of a feature among the BELOW of a posting. */
static uint32_t below_bucket(uint32_t id)
{
	return (id * 2654435761u) >> (32 - BELOW_BITS);
}

/* Vector i's signature: the norm of each bucket. */
static void sign_one(const join *j, size_t i)
{
	double sq[SIG_MAX];
	const ad_svec *f = &j->rv[i];
	uint8_t *out = j->sig + i * j->sigw;
	uint32_t k;

	memset(sq, 0, j->sigw * sizeof(*sq));
	for (k = 0; k < f->n; k++)
		sq[bucket(j, f->ids[k])] += (double)f->w[k] * f->w[k];
	for (k = 0; k < j->sigw; k++)
		out[k] = sq[k] > 0.0 ? sig_byte(j, sq[k]) : 0;
}

static void sign_work(void *ctx, int worker)
{
	join *j = ctx;
	size_t i, end;

	(void)worker;
	while ((i = ad_parallel_chunk(&j->next, j->n, 256, &end)) < j->n)
		for (; i < end; i++)
			sign_one(j, i);
}

/* Buckets of a signature: SIG, or for long vectors about one per two
 * features of an average vector, up to SIG_MAX; with those, probes
 * keep x's signature below the rank probed. */
static void sig_width(join *j)
{
	size_t avg = j->n ? total_len(j->vecs, j->n) / j->n : 0;

	j->sig_bits = SIG_BITS;
	while (j->sig_bits < SIG_MAX_BITS && (1u << j->sig_bits) < avg / 2)
		j->sig_bits++;
	j->sigw = 1u << j->sig_bits;
	j->sig_below = j->sigw > SIG;
}

/* Every vector's signature. A byte counts the largest norm of a vector
 * (top is its square) over 255, so no bucket overflows its byte. */
static void signs(join *j, int njobs, double top)
{
	sig_width(j);
	j->sig_scale = (top > 0.0 ? sqrt(top) : 1.0) / 255.0;
	j->sig_unit2 = j->sig_scale * j->sig_scale;
	/* each from the start of a cache line */
	j->sig = ad_arena_alloc(j->arena, (j->n + 1) * j->sigw + 63);
	j->sig += (64 - (uintptr_t)j->sig % 64) % 64;
	atomic_store(&j->next, 0);
	ad_parallel_run(njobs, sign_work, j);
}

/* The vectors in rank order: a copy of each, or, in place, the
 * caller's arrays rewritten. */
static void rank_order_room(join *j, ad_svec *vecs)
{
	uint32_t *ids;
	float *w;
	size_t i, total = 0;

	if (j->in_place) {
		j->rv = vecs;
		return;
	}
	for (i = 0; i < j->n; i++)
		total += j->vecs[i].n;
	ids = ad_arena_alloc(j->arena, (total + 1) * sizeof(*ids));
	w = ad_arena_alloc(j->arena, (total + 1) * sizeof(*w));
	j->rv = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*j->rv));
	for (i = 0, total = 0; i < j->n; i++) {
		j->rv[i].n = j->vecs[i].n;
		j->rv[i].ids = ids + total;
		j->rv[i].w = w + total;
		total += j->vecs[i].n;
	}
}

static void reorder(join *j, ad_svec *vecs, int njobs)
{
	double top = 0.0;
	uint32_t k;
	int w;

	rank_order_room(j, vecs);
	j->wmaxw = ad_xcalloc((size_t)njobs, sizeof(*j->wmaxw));
	j->wtop = ad_xcalloc((size_t)njobs, sizeof(*j->wtop));
	atomic_store(&j->next, 0);
	ad_parallel_run(njobs, reorder_work, j);
	/* a worker that could not start left its maxima NULL */
	j->maxw = ad_arena_calloc(j->arena, j->nfeat + 1, sizeof(*j->maxw));
	for (w = 0; w < njobs; w++) {
		const float *m = j->wmaxw[w];

		for (k = 0; m && k < j->nfeat; k++)
			j->maxw[k] = fmaxf(j->maxw[k], m[k]);
		top = fmax(top, j->wtop[w]);
		free(j->wmaxw[w]);
	}
	free(j->wmaxw);
	free(j->wtop);
	signs(j, njobs, top);
}

/* Split vector i into its unindexed prefix and indexed suffix; later[f]
 * is the largest weight of feature f in the vectors after i. */
static void split(join *j, size_t i, const float *later)
{
	const ad_svec *f = &j->rv[i];
	uint32_t k, n = f->n;
	double b1 = 0.0, b2 = 0.0;

	for (k = 0; k < n; k++) {
		double w = f->w[k];

		b1 += w * later[f->ids[k]];
		b2 += w * w;
		if (fmin(b1, sqrt(b2)) >= j->t - SLACK)
			break;
	}
	j->boundary[i] = k;
}

/* Slices of the vectors for insert_work(): SLICES_PER_JOB per worker,
 * handed out as workers come free, since slices of equally many vectors
 * hold unequal work (with one a worker, one thread of two stood idle for
 * 42 to 86% of the rule join's splitting and of its inserting on the
 * corpus, three runs; with four, 12 to 60%). A slice costs a row of
 * ranks for its offsets and one for its maxima while the index is
 * built: no more than MAX_SLICES, and no more than the features are
 * times the ranks, so that the rows take no more room than the
 * postings. */
#define SLICES_PER_JOB 4
#define MAX_SLICES 16

static void slice(join *j, int njobs)
{
	size_t most = total_len(j->vecs, j->n) / (j->nfeat ? j->nfeat : 1);

	j->nslices = (uint32_t)(njobs > 1 ? njobs * SLICES_PER_JOB : 1);
	if (j->nslices > MAX_SLICES)
		j->nslices = MAX_SLICES;
	if (j->nslices > most)
		j->nslices = most > 1 ? (uint32_t)most : 1;
	j->slice_len = (j->n + j->nslices - 1) / j->nslices;
	j->at = ad_xcalloc((size_t)j->nslices * j->nfeat + 1,
			   sizeof(*j->at));
}

/* Features are shared out among the workers this many at a time where
 * each is summed over the slices: slice_offsets(), gather_later(). */
#define FEATURES_PER_CHUNK 4096

/* Where each slice writes in the posting lists of features [lo, hi):
 * at[] held each slice's count of postings per rank, and now holds the
 * count of the slices before it (vector order within a list). fill[f]
 * is the whole list. */
static void offsets_of(join *j, uint32_t lo, uint32_t hi)
{
	uint32_t f, s;

	for (f = lo; f < hi; f++) {
		uint32_t sum = 0;

		for (s = 0; s < j->nslices; s++) {
			uint32_t *c = &j->at[(size_t)s * j->nfeat + f];
			uint32_t here = *c;

			*c = sum;
			sum += here;
		}
		j->fill[f] = sum;
	}
}

static void offsets_work(void *ctx, int worker)
{
	join *j = ctx;
	size_t lo, hi;

	(void)worker;
	while ((lo = ad_parallel_chunk(&j->next, j->nfeat, FEATURES_PER_CHUNK,
				       &hi)) < j->nfeat)
		offsets_of(j, (uint32_t)lo, (uint32_t)hi);
}

static void slice_offsets(join *j, int njobs)
{
	atomic_store(&j->next, 0);
	ad_parallel_run(ad_parallel_jobs(njobs, j->nfeat,
					 4 * FEATURES_PER_CHUNK),
			offsets_work, j);
}

/*
 * Only later vectors probe vector i, so its prefix is bounded with the
 * largest weight of each feature in the vectors after it: each slice is
 * split from its last vector back, starting from the maxima of the
 * slices after it. Those are taken first, a part of a slice per task
 * (a slice's parts are its share of the workers), and gathered from the
 * last slice back. A maximum is the same whoever takes it: the
 * boundaries are those of one pass from the last vector back.
 */
typedef struct indexing {
	join *j;
	uint32_t parts;   /* of each slice after the first */
	float **part;     /* per part of slices 1.., its maxima */
	float **later;    /* per slice: the maxima of the slices after it */
	atomic_size_t next;
} indexing;

/* The vectors [*lo, *hi) of part k (of slice 1 + k / parts). */
static void part_range(const indexing *x, size_t k, size_t *lo, size_t *hi)
{
	const join *j = x->j;
	size_t s = 1 + k / x->parts, first = s * j->slice_len;
	size_t end = first + j->slice_len < j->n ? first + j->slice_len : j->n;
	size_t len = end > first ? end - first : 0, p = k % x->parts;

	*lo = first + len * p / x->parts;
	*hi = first + len * (p + 1) / x->parts;
}

static void maxima_work(void *ctx, int worker)
{
	indexing *x = ctx;
	size_t nparts = (size_t)x->parts * (x->j->nslices - 1), k, i, lo, hi;

	(void)worker;
	while ((k = ad_parallel_next(&x->next, nparts, 1)) < nparts) {
		float *m = x->part[k];

		part_range(x, k, &lo, &hi);
		for (i = lo; i < hi; i++) {
			const ad_svec *v = &x->j->rv[i];
			uint32_t f;

			for (f = 0; f < v->n; f++)
				if (v->w[f] > m[v->ids[f]])
					m[v->ids[f]] = v->w[f];
		}
	}
}

/* Split the vectors of slice s from its last one back; each suffix is
 * counted in the slice's row of at[]. */
static void split_slice(join *j, size_t s, float *later)
{
	uint32_t *at = j->at + s * j->nfeat;
	size_t i = (s + 1) * j->slice_len < j->n ? (s + 1) * j->slice_len
						 : j->n;
	uint32_t k;

	while (i-- > s * j->slice_len) {
		const ad_svec *fi = &j->rv[i];

		split(j, i, later);
		for (k = j->boundary[i]; k < fi->n; k++)
			at[fi->ids[k]]++;
		for (k = 0; k < fi->n; k++)
			if (fi->w[k] > later[fi->ids[k]])
				later[fi->ids[k]] = fi->w[k];
	}
}

static void split_slice_work(void *ctx, int worker)
{
	indexing *x = ctx;
	size_t s;

	(void)worker;
	while ((s = ad_parallel_next(&x->next, x->j->nslices, 1)) <
	       x->j->nslices)
		split_slice(x->j, s, x->later[s]);
}

/* later[s] for every slice, over features [lo, hi): the parts' maxima
 * gathered from the last slice back, into the buffers of the parts (the
 * first part of slice s + 1 holds later[s]; later_buffers() said
 * which). */
static void gather_range(indexing *x, uint32_t lo, uint32_t hi)
{
	const join *j = x->j;
	uint32_t s, p, f;

	for (s = j->nslices - 1; s >= 1; s--) {
		float *m = x->later[s - 1];

		for (p = 1; p < x->parts; p++) {
			const float *o = x->part[(size_t)(s - 1) * x->parts + p];

			for (f = lo; f < hi; f++)
				m[f] = fmaxf(m[f], o[f]);
		}
		if (s + 1 < j->nslices)
			for (f = lo; f < hi; f++)
				m[f] = fmaxf(m[f], x->later[s][f]);
	}
}

static void gather_work(void *ctx, int worker)
{
	indexing *x = ctx;
	size_t lo, hi, n = x->j->nfeat;

	(void)worker;
	while ((lo = ad_parallel_chunk(&x->next, n, FEATURES_PER_CHUNK,
				       &hi)) < n)
		gather_range(x, (uint32_t)lo, (uint32_t)hi);
}

static void later_buffers(indexing *x, float *none)
{
	uint32_t s, last = x->j->nslices - 1;

	x->later[last] = none;
	for (s = last; s >= 1; s--)
		x->later[s - 1] = x->part[(size_t)(s - 1) * x->parts];
}

static void gather_later(indexing *x, float *none, int njobs)
{
	later_buffers(x, none);
	atomic_store(&x->next, 0);
	ad_parallel_run(ad_parallel_jobs(njobs, x->j->nfeat,
					 4 * FEATURES_PER_CHUNK),
			gather_work, x);
}

static void build_index(join *j, int njobs)
{
	indexing x;
	size_t k, nparts, total;
	float *none = ad_xcalloc(j->nfeat + 1, sizeof(*none));
	uint32_t f;

	j->boundary = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*j->boundary));
	j->start = ad_arena_calloc(j->arena, j->nfeat + 1, sizeof(*j->start));
	j->fill = ad_arena_calloc(j->arena, j->nfeat, sizeof(*j->fill));
	slice(j, njobs);
	x.j = j;
	x.parts = j->nslices > 1
			  ? (uint32_t)((njobs + j->nslices - 2) / (j->nslices - 1))
			  : 1;
	nparts = (size_t)x.parts * (j->nslices - 1);
	x.part = ad_xcalloc(nparts + 1, sizeof(*x.part));
	x.later = ad_xcalloc(j->nslices, sizeof(*x.later));
	for (k = 0; k < nparts; k++)
		x.part[k] = ad_xcalloc(j->nfeat + 1, sizeof(**x.part));
	atomic_init(&x.next, 0);
	ad_parallel_run(nparts < (size_t)njobs ? (int)nparts : njobs,
			maxima_work, &x);
	gather_later(&x, none, njobs);
	atomic_store(&x.next, 0);
	ad_parallel_run(j->nslices < (uint32_t)njobs ? (int)j->nslices : njobs,
			split_slice_work, &x);
	for (k = 0; k < nparts; k++)
		free(x.part[k]);
	free(x.part);
	free(x.later);
	free(none);
	slice_offsets(j, njobs);
	for (f = 0; f < j->nfeat; f++) {
		j->start[f + 1] = j->fill[f];
		if (j->fill[f] > j->maxlist)
			j->maxlist = j->fill[f];
		j->start[f + 1] += j->start[f];
	}
	total = j->start[j->nfeat];
	j->post = ad_arena_alloc(j->arena, (total + 1) * sizeof(*j->post));
	j->block = ad_arena_alloc(j->arena, total + 1);
	j->bstart = ad_arena_calloc(j->arena, (size_t)j->nfeat * BLOCKS + 1,
				    sizeof(*j->bstart));
}

/* A pair to verify, a and b positions; score_bucket() scores it. */
static void add_pair(const join *j, prober *w, uint32_t a, uint32_t b)
{
	uint32_t oa = j->orig[a], ob = j->orig[b];

	ad_grow(&w->pairs, &w->cap_pairs, w->npairs + 1, sizeof(*w->pairs));
	w->pairs[w->npairs].a = oa < ob ? oa : ob;
	w->pairs[w->npairs++].b = oa < ob ? ob : oa;
}

/*
 * ad_svec_dot() of vectors y and x (positions) as the caller gave them:
 * in place, their arrays now hold ranks, so the products of the features
 * they share are put back in the order of the features' ids and summed
 * in it, from +0, as ad_svec_dot() sums them: the same value to the bit.
 */
static double exact_dot(const join *j, prober *w, uint32_t y, uint32_t x)
{
	const ad_svec *a = &j->rv[y], *b = &j->rv[x];
	uint32_t i = 0, k = 0, n = 0;
	double s = 0.0;

	if (!j->in_place)
		return ad_svec_dot(&j->given[j->orig[y]],
				   &j->given[j->orig[x]]);
	while (i < a->n && k < b->n) {
		uint32_t p = a->ids[i], q = b->ids[k];

		if (p == q) {
			w->prod[n] = (double)a->w[i] * b->w[k];
			w->order[n] = (uint64_t)j->unrank[p] << 32 | n;
			n++;
		}
		i += p <= q;
		k += q <= p;
	}
	ad_sort_u64(w->order, n);
	for (i = 0; i < n; i++)
		s += w->prod[(uint32_t)w->order[i]];
	return s;
}

/*
 * Streaming: y reaches t with x when the probe's sum does by more than
 * the rounding of two sums of at most maxlen products, each below 1
 * (their sum is at most ||x|| ||y||): the sum is then over the
 * products ad_svec_dot() adds, or some of them, none negative. Closer
 * than that, ad_svec_dot() decides, as it does for ad_simjoin_run().
 */
static void keep(const join *j, prober *w, uint32_t y, uint32_t x,
		 double sum)
{
	uint32_t oy = j->orig[y];

	if (sum < j->sure && exact_dot(j, w, y, x) < j->t)
		return;
	w->st.pairs++;
	ad_grow(&w->ys, &w->cap_ys, w->nys + 1, sizeof(*w->ys));
	w->ys[w->nys++] = oy;
}

/* dot(x, y) below rank id, through the dense weights of x: the
 * features of y come in rank order, so the walk stops at id. */
static double dot_below(const prober *w, const ad_svec *y, uint32_t id)
{
	const uint32_t *ids = y->ids;
	const float *yw = y->w;
	double s = 0.0;
	uint32_t k;

	for (k = 0; ids[k] < id; k++)
		s += (double)w->xw[ids[k]] * yw[k];
	return s;
}

/* The byte dot product of two signatures of n buckets; the common width
 * has a loop of its own, which the compiler unrolls. */
static uint32_t sig_dot(const uint8_t *a, const uint8_t *b, uint32_t n)
{
	uint32_t s = 0, k;

	if (n == SIG) {
		for (k = 0; k < SIG; k++)
			s += (uint32_t)a[k] * b[k];
		return s;
	}
	for (k = 0; k < n; k++)
		s += (uint32_t)a[k] * b[k];
	return s;
}

/* Candidate y, met first at rank id of x: keep the pair if it reaches t. */
static void consider(const join *j, prober *w, uint32_t x,
		     const posting *p, uint32_t id, double here)
{
	uint32_t y = p->vec;

	if ((j->sig_below ? here : 0.0) +
	    j->sig_unit2 * sig_dot(w->xsig, j->sig + (size_t)y * j->sigw,
				   j->sigw) < j->t - SLACK)
		return;
	w->st.candidates++;
	here += dot_below(w, &j->rv[y], id);
	if (here < j->t - SLACK)
		return;
	w->st.verified++;
	if (j->emit)
		keep(j, w, y, x, here);
	else
		add_pair(j, w, y, x);
}

/* The byte dot product of the norms below of a probe and a posting. */
static uint32_t below_dot(const uint8_t *a, const uint8_t *b)
{
	uint32_t s = 0, k;

	for (k = 0; k < BELOW; k++)
		s += (uint32_t)a[k] * b[k];
	return s;
}

/* Postings read a chunk at a time: first the bound of each, without a
 * branch, then the few that pass it. */
#define CHUNK 256

/* The end of the postings of [p, end) of vectors before x: a block's
 * postings come in vector order. */
static const posting *vectors_before(const posting *p, const posting *end,
				     uint32_t x)
{
	while (p < end) {
		const posting *mid = p + (end - p) / 2;

		if (mid->vec < x)
			p = mid + 1;
		else
			end = mid;
	}
	return p;
}

/* Scan postings [p, end) of rank id for earlier vectors met here first;
 * fw is x's weight at id. Returns how many were read. Everything x and
 * a posting's vector y share above id was met before, and below it
 * dot(x_b, y_b) <= ||x_b|| ||y_b|| per bucket: a posting whose bound
 * stays below t is passed over before y is looked at. Should y have met
 * x before, at a rarer feature, its bound there already held: y is
 * then either marked seen or cannot reach t, and a bound taken here as
 * if this were the first common feature decides nothing wrong (see
 * consider(): a pair is kept on a sum that only misses products, or on
 * ad_svec_dot()). */
static size_t scan_block(const join *j, prober *w, uint32_t x, uint32_t id,
			 double fw, const posting *p, const posting *end)
{
	const uint32_t *group = j->group;
	uint32_t gx = group ? group[x] : 0, pass[CHUNK];
	uint8_t *seen = w->seen, stamp = w->stamp;
	double t = j->t - SLACK, unit2 = j->sig_unit2;
	size_t n, at, k, m, i;

	n = (size_t)(end - p);
	for (at = 0; at < n; at += CHUNK) {
		const posting *q = p + at;

		m = n - at < CHUNK ? n - at : CHUNK;
		if (q[m - 1].vec >= x) { /* the last chunk of earlier vectors */
			m = (size_t)(vectors_before(q, q + m, x) - q);
			n = at + m;
		}
		for (i = 0, k = 0; i < m; i++) {
			pass[k] = (uint32_t)i;
			k += fw * q[i].w +
				     unit2 * below_dot(w->xbelow, q[i].below) >=
			     t;
		}
		for (i = 0; i < k; i++) {
			const posting *hit = q + pass[i];

			if (i + PREFETCH < k)
				__builtin_prefetch(
					j->sig + ((size_t)q[pass[i + PREFETCH]].vec
						  << j->sig_bits));
			if (seen[hit->vec] == stamp)
				continue;
			seen[hit->vec] = stamp;
			if (group && group[hit->vec] == gx)
				continue;
			consider(j, w, x, hit, id, fw * hit->w);
		}
	}
	return n;
}

/*
 * Scan the postings of rank id; fw is x's weight there and xnorm the
 * norm of x up to it. A vector y not met yet has no rarer feature in
 * common with x, so dot(x, y) <= xnorm * ||y up to id||: the blocks
 * whose edge keeps that below t are passed over (such a y cannot reach
 * t, whatever x meets of it later).
 */
static size_t scan(const join *j, prober *w, uint32_t x, uint32_t id,
		   double fw, double xnorm)
{
	const posting *list = j->post + j->start[id];
	const posting *last = list + j->fill[id];
	const uint32_t *bs = j->bstart + (size_t)id * BLOCKS;
	size_t n = 0;
	uint32_t k = 0;

	while (k < BLOCKS - 1 && xnorm * j->edge[k] < j->t - SLACK)
		k++;
	for (; k < BLOCKS; k++)
		n += scan_block(j, w, x, id, fw, list + bs[k],
				k + 1 < BLOCKS ? list + bs[k + 1] : last);
	return n;
}

/*
 * The signature of x, and in xpre[k] the square norm of the bucket of its
 * feature k over features 0..k-1: once the probe has passed feature k,
 * that is the whole bucket of x below the rank probed. Summed forward,
 * as sign_one() sums, so a bucket's byte is that of a signature of
 * features 0..k-1.
 */
static void sign_below(const join *j, prober *w, uint32_t x)
{
	const uint32_t *ids = j->rv[x].ids;
	const float *fw = j->rv[x].w;
	uint32_t k, n = j->rv[x].n;

	memcpy(w->xbuf, j->sig + (size_t)x * j->sigw, j->sigw);
	w->xsig = w->xbuf;
	for (k = 0; k < n; k++) {
		double *sq = &w->xsq[bucket(j, ids[k])];

		w->xpre[k] = *sq;
		*sq += (double)fw[k] * fw[k];
	}
	for (k = 0; k < n; k++)
		w->xsq[bucket(j, ids[k])] = 0.0;
}

/* Probe the index with x, from its rare end, while what remains of x
 * could still reach t with a vector it has not met. */
static void probe(const join *j, prober *w, uint32_t x)
{
	const uint32_t *ids = j->rv[x].ids;
	const float *xw = j->rv[x].w;
	uint32_t k = j->rv[x].n, q;
	double r1 = 0.0, r2 = 0.0, t = j->t - SLACK, xb2[BELOW];

	if (w->stamp == UINT8_MAX) {
		memset(w->seen, 0, j->n);
		w->stamp = 0;
	}
	w->stamp++;
	if (j->sig_below)
		sign_below(j, w, x);
	else
		w->xsig = j->sig + (size_t)x * j->sigw;
	memset(xb2, 0, sizeof(xb2));
	for (q = 0; q < k; q++) {
		r1 += xw[q] * j->maxw[ids[q]];
		r2 += (double)xw[q] * xw[q];
		xb2[below_bucket(ids[q])] += (double)xw[q] * xw[q];
		w->xw[ids[q]] = xw[q];
	}
	for (q = 0; q < BELOW; q++)
		w->xbelow[q] = sig_byte(j, xb2[q]);
	while (k-- > 0) {
		uint32_t id = ids[k], b = below_bucket(id);
		double fw = xw[k];

		if (fmin(r1, sqrt(fmax(r2, 0.0))) < t)
			break;
		xb2[b] -= fw * fw;
		w->xbelow[b] = sig_byte(j, xb2[b]);
		if (j->sig_below)
			w->xbuf[bucket(j, id)] =
				w->xpre[k] > 0.0 ? sig_byte(j, w->xpre[k]) : 0;
		w->st.scanned += scan(j, w, x, id, fw, sqrt(fmax(r2, 0.0)));
		r1 -= fw * j->maxw[id];
		r2 -= fw * fw;
	}
	for (q = 0; q < j->rv[x].n; q++)
		w->xw[ids[q]] = 0.0f;
	if (w->nys) {
		j->emit(j->payload, w->id, j->orig[x], w->ys, w->nys);
		w->nys = 0;
	}
}

/* The block of a posting whose vector, up to its feature, has norm
 * sqrt(sq): the first whose edge lies above it. */
static uint8_t block_of(const join *j, double sq)
{
	double norm = sqrt(sq);
	uint8_t k = 0;

	while (k < BLOCKS - 1 && norm >= j->edge[k])
		k++;
	return k;
}

/* Index the suffix of x, each posting with x's norms before it; at[f]
 * is where x's slice writes next in the list of rank f. */
static void insert(join *j, uint32_t x, uint32_t *at)
{
	const uint32_t *ids = j->rv[x].ids;
	const float *fw = j->rv[x].w;
	uint32_t k, b;
	double c2[BELOW], sq = 0.0;
	uint8_t q[BELOW];

	memset(c2, 0, sizeof(c2));
	for (k = 0; k < j->boundary[x]; k++)
		c2[below_bucket(ids[k])] += (double)fw[k] * fw[k];
	for (b = 0; b < BELOW; b++) {
		q[b] = sig_byte(j, c2[b]);
		sq += c2[b];
	}
	for (; k < j->rv[x].n; k++) {
		uint32_t id = ids[k];
		size_t to = j->start[id] + at[id]++;
		posting *p = &j->post[to];
		double w2 = (double)fw[k] * fw[k];

		p->vec = x;
		p->w = fw[k];
		memcpy(p->below, q, sizeof(q));
		sq += w2;
		j->block[to] = block_of(j, sq);
		b = below_bucket(id);
		c2[b] += w2;
		q[b] = sig_byte(j, c2[b]);
	}
}

/* Index the vectors a slice at a time: the slices write apart. */
static void insert_work(void *ctx, int worker)
{
	join *j = ctx;
	size_t s, x, end;

	(void)worker;
	while ((s = ad_parallel_next(&j->next, j->nslices, 1)) < j->nslices) {
		end = (s + 1) * j->slice_len;
		for (x = s * j->slice_len; x < end && x < j->n; x++)
			insert(j, (uint32_t)x, j->at + s * j->nfeat);
	}
}

/* Block edges: even steps of norm from t to 1, the last block open. A
 * vector whose norm up to x's feature is ||x_<=f||, at most 1, skips the
 * blocks whose edge times it stays below t. */
static void block_edges(join *j)
{
	uint32_t k;

	for (k = 0; k + 1 < BLOCKS; k++)
		j->edge[k] = j->t + (1.0 - j->t) * (k + 1) / BLOCKS;
	j->edge[BLOCKS - 1] = HUGE_VAL;
}

/*
 * Reorder the posting list of rank f by block, keeping vector order
 * within a block (a stable counting sort), and note where each block
 * begins. split_work() does a share of the lists per worker.
 */
static void split_list(const join *j, size_t f, posting *tmp)
{
	posting *list = j->post + j->start[f];
	const uint8_t *blk = j->block + j->start[f];
	uint32_t *bs = j->bstart + f * BLOCKS;
	uint32_t k, n = j->fill[f], at[BLOCKS];

	if (n == 0)
		return;
	memset(at, 0, sizeof(at));
	for (k = 0; k < n; k++)
		at[blk[k]]++;
	for (k = 0, bs[0] = 0; k + 1 < BLOCKS; k++)
		bs[k + 1] = bs[k] + at[k];
	memcpy(at, bs, sizeof(at));
	for (k = 0; k < n; k++)
		tmp[at[blk[k]]++] = list[k];
	memcpy(list, tmp, n * sizeof(*list));
}

static void split_work(void *ctx, int worker)
{
	join *j = ctx;
	posting *tmp = ad_xmalloc((j->maxlist + 1) * sizeof(*tmp));
	size_t f, end;

	(void)worker;
	while ((f = ad_parallel_chunk(&j->next, j->nfeat, 256, &end)) < j->nfeat)
		for (; f < end; f++)
			split_list(j, f, tmp);
	free(tmp);
}

/* Worker 0 tells how many vectors the probes have taken up, about every
 * 1% of them. */
static void tell(join *j, int worker)
{
	size_t taken = atomic_load(&j->next);

	if (worker != 0 || !j->progress || taken < j->tell_at)
		return;
	taken = taken < j->n ? taken : j->n;
	j->progress(taken, j->n, j->progress_payload);
	j->told = taken;
	j->tell_at = taken + j->n / 100 + 1;
}

static void probe_work(void *ctx, int worker)
{
	join *j = ctx;
	prober *w = &j->workers[worker];
	size_t x, end;

	/* calloc, not the shared arena: workers allocate at the same time */
	w->seen = ad_xcalloc(j->n + 1, sizeof(*w->seen));
	w->xw = ad_xcalloc(j->nfeat + 1, sizeof(*w->xw));
	w->xbuf = ad_xmalloc(SIG_MAX);
	w->xpre = ad_xmalloc((j->maxlen + 1) * sizeof(*w->xpre));
	w->xsq = ad_xcalloc(SIG_MAX, sizeof(*w->xsq));
	if (j->emit && j->in_place) {
		w->order = ad_xmalloc((j->maxlen + 1) * sizeof(*w->order));
		w->prod = ad_xmalloc((j->maxlen + 1) * sizeof(*w->prod));
	}
	w->id = worker;
	while ((x = ad_parallel_chunk(&j->next, j->n, 32, &end)) < j->n) {
		for (; x < end; x++)
			probe(j, w, (uint32_t)x);
		tell(j, worker);
	}
	free(w->seen);
	free(w->xw);
	free(w->xbuf);
	free(w->xpre);
	free(w->xsq);
	free(w->ys);
	free(w->order);
	free(w->prod);
	w->ys = NULL;
	w->order = NULL;
	w->prod = NULL;
}

/* Every vector probed on njobs workers; then, unless worker 0 told it
 * last (the others may take up every vector before it starts), all of
 * them told done. */
static void run_probes(join *j, int njobs)
{
	ad_parallel_run(njobs, probe_work, j);
	if (j->progress && j->told < j->n)
		j->progress(j->n, j->n, j->progress_payload);
}

/* The pairs of vector a, its bucket of out: sorted by b, each scored
 * with a's weights spread over row (so the same products, in the same
 * order, as ad_svec_dot()), those that reach t kept at its front. The
 * vectors b lie far apart in memory: they are asked for a few ahead. */
static void score_bucket(join *j, uint32_t a, double *row, uint32_t **bs,
			 size_t *cap)
{
	ad_pair *p = j->out + (a ? j->end[a - 1] : 0);
	size_t n = (size_t)(j->out + j->end[a] - p), k, kept = 0;

	ad_grow(bs, cap, n + 1, sizeof(**bs));
	for (k = 0; k < n; k++)
		(*bs)[k] = p[k].b;
	ad_sort_u32(*bs, n);
	ad_svec_spread(row, &j->given[a]);
	for (k = 0; k < n; k++) {
		double s;

		if (k + PREFETCH < n) {
			const ad_svec *v = &j->given[(*bs)[k + PREFETCH]];

			__builtin_prefetch(v->ids);
			__builtin_prefetch(v->w);
		}
		s = ad_svec_dot_row(row, &j->given[(*bs)[k]]);

		if (s < j->t)
			continue;
		p[kept].a = a;
		p[kept].b = (*bs)[k];
		p[kept++].score = s;
	}
	ad_svec_unspread(row, &j->given[a]);
	j->kept[a] = (uint32_t)kept;
}

static void score_work(void *ctx, int worker)
{
	join *j = ctx;
	double *row = ad_xcalloc(j->nfeat + 1, sizeof(*row));
	uint32_t *bs = NULL;
	size_t a, end, cap = 0;

	(void)worker;
	while ((a = ad_parallel_chunk(&j->next, j->n, 256, &end)) < j->n)
		for (; a < end; a++)
			if (j->end[a] > (a ? j->end[a - 1] : 0))
				score_bucket(j, (uint32_t)a, row, &bs, &cap);
	free(bs);
	free(row);
}

/*
 * Gather every worker's pairs into out by a (a counting sort: each
 * worker's array is freed once spread), then score and sort each a's
 * pairs in parallel, and close the gaps the pairs below t leave.
 */
static ad_pair *collect(join *j, int njobs, size_t *npairs,
			ad_simjoin_stats *st)
{
	size_t *end = ad_xcalloc(j->n + 1, sizeof(*end)), total = 0, n = 0, i;
	int k;

	for (k = 0; k < njobs; k++) {
		prober *w = &j->workers[k];

		for (i = 0; i < w->npairs; i++)
			end[w->pairs[i].a]++;
		st->scanned += w->st.scanned;
		st->candidates += w->st.candidates;
		st->verified += w->st.verified;
	}
	/* end[a] is where a's pairs begin until they are spread */
	for (i = 0; i < j->n; i++) {
		size_t c = end[i];

		end[i] = total;
		total += c;
	}
	j->out = ad_xmalloc((total + 1) * sizeof(*j->out));
	for (k = 0; k < njobs; k++) {
		prober *w = &j->workers[k];

		for (i = 0; i < w->npairs; i++)
			j->out[end[w->pairs[i].a]++].b = w->pairs[i].b;
		free(w->pairs);
		w->pairs = NULL;
	}
	j->end = end;
	j->kept = ad_xcalloc(j->n + 1, sizeof(*j->kept));
	atomic_store(&j->next, 0);
	ad_parallel_run(njobs, score_work, j);
	for (i = 0; i < j->n; i++) {
		size_t from = i ? end[i - 1] : 0;

		if (from != n && j->kept[i])
			memmove(j->out + n, j->out + from,
				j->kept[i] * sizeof(*j->out));
		n += j->kept[i];
	}
	free(j->kept);
	free(end);
	st->pairs = n;
	*npairs = n;
	return n < total ? ad_xrealloc(j->out, (n + 1) * sizeof(*j->out))
			 : j->out;
}

/* What a join takes: a threshold in (0, 1], and vectors and features
 * few enough to count in 32 bits. */
static int check(const ad_svec *vecs, size_t n, const ad_simjoin_opts *opts,
		 ad_error *err)
{
	if (!(opts->threshold > 0.0 && opts->threshold <= 1.0))
		return ad_error_set(err, AD_EINVAL,
				    "threshold must be in (0, 1], not %g",
				    opts->threshold);
	/* postings address features with 32 bits */
	if (total_len(vecs, n) >= UINT32_MAX || n >= UINT32_MAX)
		return ad_error_set(err, AD_EINVAL,
				    "too many vectors or features to join");
	return 0;
}

/* The document frequency of every feature of vecs, below nfeat. */
static uint32_t *count_df(const ad_svec *vecs, size_t n, uint32_t nfeat)
{
	uint32_t *df = ad_xcalloc((size_t)nfeat + 1, sizeof(*df));

	ad_tfidf_df(df, vecs, n);
	return df;
}

/* Build the index of vecs (checked, their ids below nfeat, each
 * feature's df in df) into j: everything but the probes. */
static void prepare(join *j, int *njobs, const ad_svec *vecs, size_t n,
		    const uint32_t *df, uint32_t nfeat,
		    const ad_simjoin_opts *opts, int in_place)
{
	uint32_t *rank, f;

	memset(j, 0, sizeof(*j));
	j->in_place = in_place;
	j->vecs = vecs;
	j->given = vecs;
	j->n = n;
	j->t = opts->threshold;
	j->group = opts->group;
	j->progress = opts->progress;
	j->progress_payload = opts->progress_payload;
	j->arena = ad_arena_new();
	j->nfeat = nfeat;
	j->maxlen = max_len(vecs, n);
	*njobs = ad_simjoin_workers(n, opts);
	rank = rank_features(j, df);
	j->rank = rank;
	reorder(j, relabel(j, *njobs), *njobs);
	if (in_place) {
		j->unrank = ad_arena_alloc(j->arena,
					   (nfeat + 1) * sizeof(*j->unrank));
		for (f = 0; f < nfeat; f++)
			j->unrank[rank[f]] = f;
	}
	free(rank);
	build_index(j, *njobs);
	block_edges(j);
	atomic_store(&j->next, 0);
	ad_parallel_run(*njobs, insert_work, j);
	free(j->at);
	atomic_store(&j->next, 0);
	ad_parallel_run(*njobs, split_work, j);
	atomic_store(&j->next, 0);
	j->workers = ad_xcalloc((size_t)*njobs, sizeof(*j->workers));
}

int ad_simjoin_workers(size_t n, const ad_simjoin_opts *opts)
{
	return ad_parallel_jobs(opts->jobs, n, 256);
}

/* Each vector rewritten in place back in feature order: ranks to ids,
 * sorted, their weights through a dense id -> weight array. The ids and
 * weights are a permutation of the caller's, whose ids ascended, so this
 * gives back the same arrays. */
static void put_back_work(void *ctx, int worker)
{
	join *j = ctx;
	uint32_t *tmp = ad_xmalloc((j->maxlen + 1) * sizeof(*tmp));
	float *dense = ad_xmalloc((j->nfeat + 1) * sizeof(*dense));
	size_t i, end;
	uint32_t k;

	(void)worker;
	while ((i = ad_parallel_chunk(&j->next, j->n, 64, &end)) < j->n)
		for (; i < end; i++) {
			ad_svec *v = &j->rv[i];

			for (k = 0; k < v->n; k++) {
				v->ids[k] = j->unrank[v->ids[k]];
				dense[v->ids[k]] = v->w[k];
			}
			if (v->n >= 64)
				ad_radix_u32(v->ids, tmp, v->n, j->nfeat);
			else
				ad_sort_u32(v->ids, v->n);
			for (k = 0; k < v->n; k++)
				v->w[k] = dense[v->ids[k]];
		}
	free(tmp);
	free(dense);
}

/* Whether the join of vecs[0..n) sums every product (sumjoin.h); df is
 * each feature's document frequency, nfeat above every id. */
static int sums(const ad_svec *vecs, size_t n, const uint32_t *df,
		uint32_t nfeat, const ad_simjoin_opts *opts)
{
	return opts->method == AD_SIMJOIN_SUM ||
	       (opts->method == AD_SIMJOIN_AUTO &&
		ad_sumjoin_pays(ad_sumjoin_products(df, nfeat),
				total_len(vecs, n), opts->threshold));
}

static int run(ad_pair **out, size_t *npairs, const ad_svec *vecs, size_t n,
	       const ad_simjoin_opts *opts, int in_place,
	       ad_simjoin_stats *stats, ad_error *err)
{
	ad_simjoin_stats st;
	uint32_t *df, nfeat;
	join j;
	int njobs, rc;

	*out = NULL;
	*npairs = 0;
	if ((rc = check(vecs, n, opts, err)))
		return rc;
	nfeat = ad_svecs_bound(vecs, n);
	df = count_df(vecs, n, nfeat);
	if (sums(vecs, n, df, nfeat, opts)) {
		*out = ad_sumjoin_run(npairs, vecs, n, df, nfeat, opts,
				      ad_simjoin_workers(n, opts), stats);
		free(df);
		return 0;
	}
	prepare(&j, &njobs, vecs, n, df, nfeat, opts, in_place);
	free(df);
	memset(&st, 0, sizeof(st));
	st.indexed = j.start[j.nfeat];
	run_probes(&j, njobs);
	if (in_place) { /* before the pairs are scored with them */
		atomic_store(&j.next, 0);
		ad_parallel_run(njobs, put_back_work, &j);
	}
	*out = collect(&j, njobs, npairs, &st);
	free(j.workers);
	ad_arena_free(j.arena);
	if (stats)
		*stats = st;
	return 0;
}

int ad_simjoin_run(ad_pair **out, size_t *npairs, const ad_svec *vecs,
		   size_t n, const ad_simjoin_opts *opts,
		   ad_simjoin_stats *stats, ad_error *err)
{
	return run(out, npairs, vecs, n, opts, 0, stats, err);
}

int ad_simjoin_run_in_place(ad_pair **out, size_t *npairs, ad_svec *vecs,
			    size_t n, const ad_simjoin_opts *opts,
			    ad_simjoin_stats *stats, ad_error *err)
{
	return run(out, npairs, vecs, n, opts, 1, stats, err);
}

/* ad_simjoin_stream() of checked input, whose document frequencies the
 * caller counted (df[0..nfeat), only read). */
static void stream(const ad_svec *vecs, size_t n, const uint32_t *df,
		   uint32_t nfeat, const ad_simjoin_opts *opts,
		   ad_simjoin_emit emit, void *payload, int in_place,
		   ad_simjoin_stats *stats)
{
	ad_simjoin_stats st;
	join j;
	int njobs, k;

	prepare(&j, &njobs, vecs, n, df, nfeat, opts, in_place);
	memset(&st, 0, sizeof(st));
	st.indexed = j.start[j.nfeat];
	j.emit = emit;
	j.payload = payload;
	j.sure = j.t + 4.0 * ((double)j.maxlen + 1.0) * DBL_EPSILON;
	run_probes(&j, njobs);
	if (in_place) {
		atomic_store(&j.next, 0);
		ad_parallel_run(njobs, put_back_work, &j);
	}
	for (k = 0; k < njobs; k++) {
		st.scanned += j.workers[k].st.scanned;
		st.candidates += j.workers[k].st.candidates;
		st.verified += j.workers[k].st.verified;
		st.pairs += j.workers[k].st.pairs;
	}
	free(j.workers);
	ad_arena_free(j.arena);
	if (stats)
		*stats = st;
}

static int stream_checked(const ad_svec *vecs, size_t n,
			  const ad_simjoin_opts *opts, ad_simjoin_emit emit,
			  void *payload, int in_place, ad_simjoin_stats *stats,
			  ad_error *err)
{
	uint32_t *df, nfeat;
	int rc;

	if ((rc = check(vecs, n, opts, err)))
		return rc;
	nfeat = ad_svecs_bound(vecs, n);
	df = count_df(vecs, n, nfeat);
	stream(vecs, n, df, nfeat, opts, emit, payload, in_place, stats);
	free(df);
	return 0;
}

int ad_simjoin_stream(const ad_svec *vecs, size_t n,
		      const ad_simjoin_opts *opts, ad_simjoin_emit emit,
		      void *payload, ad_simjoin_stats *stats, ad_error *err)
{
	return stream_checked(vecs, n, opts, emit, payload, 0, stats, err);
}

int ad_simjoin_stream_in_place(ad_svec *vecs, size_t n,
			       const ad_simjoin_opts *opts,
			       ad_simjoin_emit emit, void *payload,
			       ad_simjoin_stats *stats, ad_error *err)
{
	return stream_checked(vecs, n, opts, emit, payload, 1, stats, err);
}

/* ---- the pairs each vector ranks among its best ---- */

/* The pairs one worker holds, cut down once they are hold; row: the
 * dense weights of the probe, zero between probes. */
typedef struct best_held {
	ad_pair *p;
	size_t n, cap, hold;
	double *row;
} best_held;

typedef struct best_job {
	const ad_svec *vecs;
	size_t nvec, best;
	best_held *held; /* per worker */
} best_job;

static void best_emit(void *payload, int worker, uint32_t x,
		      const uint32_t *ys, size_t n)
{
	best_job *b = payload;
	best_held *h = &b->held[worker];
	size_t i;

	/* each score against x spread: ad_svec_dot()'s products in its
	 * order, as ad_simjoin_run() scores, but one pass over y alone */
	ad_grow(&h->p, &h->cap, h->n + n, sizeof(*h->p));
	ad_svec_spread(h->row, &b->vecs[x]);
	for (i = 0; i < n; i++) {
		ad_pair *p = &h->p[h->n++];

		p->a = x < ys[i] ? x : ys[i];
		p->b = x < ys[i] ? ys[i] : x;
		p->score = ad_svec_dot_row(h->row, &b->vecs[ys[i]]);
	}
	ad_svec_unspread(h->row, &b->vecs[x]);
	if (h->n >= h->hold) {
		ad_pairs_keep_best(h->p, &h->n, b->nvec, b->best);
		if (h->n > h->hold / 2)
			h->hold *= 2;
	}
}

int ad_simjoin_best(ad_pair **out, size_t *npairs, const ad_svec *vecs,
		    size_t n, const ad_simjoin_opts *opts, size_t best,
		    size_t hold, ad_simjoin_stats *stats, ad_error *err)
{
	best_job b;
	uint32_t *df, nfeat;
	size_t total = 0;
	int rc, k, workers = ad_simjoin_workers(n, opts);

	*out = NULL;
	*npairs = 0;
	if ((rc = check(vecs, n, opts, err)))
		return rc;
	nfeat = ad_svecs_bound(vecs, n);
	df = count_df(vecs, n, nfeat);
	if (sums(vecs, n, df, nfeat, opts)) {
		*out = ad_sumjoin_run(npairs, vecs, n, df, nfeat, opts, workers,
				      stats);
		free(df);
		ad_pairs_keep_best(*out, npairs, n, best);
		return 0;
	}
	if (hold == 0)
		hold = 4 * best * n > AD_SIMJOIN_HOLD ? 4 * best * n
						      : AD_SIMJOIN_HOLD;
	b.vecs = vecs;
	b.nvec = n;
	b.best = best;
	b.held = ad_xcalloc((size_t)workers + 1, sizeof(*b.held));
	for (k = 0; k < workers; k++) {
		b.held[k].hold = hold;
		b.held[k].row = ad_xcalloc((size_t)nfeat + 1, sizeof(double));
	}
	stream(vecs, n, df, nfeat, opts, best_emit, &b, 0, stats);
	free(df);
	for (k = 0; k < workers; k++)
		total += b.held[k].n;
	*out = ad_xmalloc((total + 1) * sizeof(**out));
	for (k = 0; k < workers; k++) {
		if (b.held[k].n) /* a worker may have met none */
			memcpy(*out + *npairs, b.held[k].p,
			       b.held[k].n * sizeof(**out));
		*npairs += b.held[k].n;
		free(b.held[k].p);
		free(b.held[k].row);
	}
	free(b.held);
	ad_pairs_keep_best(*out, npairs, n, best);
	return 0;
}
