/*
 * simjoin.c - AllPairs / L2AP-style exact similarity join.
 *
 * Features are ranked by document frequency, most frequent first, and every
 * vector is rewritten in that order. For vector y, let p(y) be its longest
 * prefix (the frequent end) whose bound
 *     B(p) = min( sum_f y_f * maxw_f,  ||p|| )
 * stays below the threshold t, maxw_f being the largest weight of feature f
 * in any vector. Only the rest of y, the rare suffix, goes into the
 * inverted index. Any x with dot(x, y) >= t must then share an indexed
 * feature with y: otherwise dot(x, y) = dot(x, p(y)) <= B(p(y)) < t, by
 * x_f <= maxw_f and by Cauchy-Schwarz with ||x|| = 1.
 *
 * The whole index is built first, postings of each feature in vector
 * order; vector x then probes only the postings of earlier vectors (a
 * prefix of each list), so every pair is met once, and the probes of
 * different vectors are independent: worker threads share them out.
 * Probing walks x from its rare end and stops admitting new candidates
 * once the bound of what remains of x falls below t (the same argument,
 * with the roles swapped). A candidate is dropped when bounds show it
 * cannot reach t (may_reach()); the rest get an exact dot product over
 * the original vectors, the score reported.
 */
#include "index/simjoin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/parallel.h"
#include "base/sort.h"

/* Bounds are compared with this much slack, so float rounding can only
 * make the join verify more pairs, never miss one. */
#define SLACK 1e-6
/* How many candidates ahead verify() asks for features. */
#define PREFETCH 16
/* Score of a candidate that bounds have ruled out: far below any t. */
#define DEAD 1e30

typedef struct posting {
	uint32_t vec;
	float w;
	float norm; /* of vec before this feature (its more frequent end) */
} posting;

typedef struct feat {
	uint32_t id; /* rank, once sorted */
	float w;
} feat;

/* What verification reads of a candidate, in one place. */
typedef struct vmeta {
	const feat *f;     /* its features, in rank order */
	uint32_t n;        /* how many */
	uint32_t boundary; /* first indexed position */
} vmeta;

typedef struct join {
	const ad_svec *vecs;
	size_t n;
	double t;
	const uint32_t *group;
	ad_arena *arena;
	uint32_t nfeat, maxlen;
	feat **rv;          /* vectors in rank order */
	uint32_t *boundary; /* first indexed position of rv[i] */
	double *pbound;     /* B(p(i)) */
	float *pnorm;       /* ||p(i)|| */
	float *maxw;        /* per rank */
	size_t *start;      /* per rank: its postings in post[] */
	uint32_t *fill;
	posting *post;
	const uint32_t *rank; /* feature id -> rank, while reordering */
	uint32_t *orig;     /* position -> the caller's index (see relabel) */
	vmeta *meta;        /* per vector */
	atomic_size_t next; /* next vector to reorder, then to probe */
	struct prober *workers;
} join;

/* What a probe knows of one candidate, in one place (one cache miss). */
typedef struct cand {
	double acc;    /* score from the index so far */
	uint32_t mark; /* probing vector + 1 when a candidate of it */
	uint32_t k;    /* position in x of the last feature they share... */
	float ynorm;   /* ...and the norm of the candidate below it */
} cand;

/* What one worker thread owns while probing. */
typedef struct prober {
	cand *cs;       /* per vector */
	uint32_t *cands;
	size_t ncands;
	float *xw;      /* per rank: weight in the probing vector, else 0 */
	double *xc2;    /* probing vector: squared norm of its first k */
	uint32_t stop;  /* ranks below this were not probed; 0: all were */
	ad_pair *pairs;
	size_t npairs, cap_pairs;
	ad_simjoin_stats st;
} prober;

static uint32_t count_features(const ad_svec *vecs, size_t n)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (vecs[i].n && vecs[i].ids[vecs[i].n - 1] + 1 > m)
			m = vecs[i].ids[vecs[i].n - 1] + 1;
	return m;
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

typedef struct dfrank {
	uint32_t df, id;
} dfrank;

static int by_df(const void *a, const void *b)
{
	const dfrank *x = a, *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* rank[id]: position of the feature when sorted by df, most frequent first. */
static uint32_t *rank_features(const join *j)
{
	uint32_t *df = ad_xcalloc(j->nfeat, sizeof(*df));
	dfrank *order = ad_xmalloc(j->nfeat * sizeof(*order));
	uint32_t *rank = ad_xmalloc(j->nfeat * sizeof(*rank));
	uint32_t f;

	ad_tfidf_df(df, j->vecs, j->n);
	for (f = 0; f < j->nfeat; f++) {
		order[f].df = df[f];
		order[f].id = f;
	}
	if (j->nfeat > 1)
		qsort(order, j->nfeat, sizeof(*order), by_df);
	for (f = 0; f < j->nfeat; f++)
		rank[order[f].id] = f;
	free(order);
	free(df);
	return rank;
}

/* Rewrite vectors in rank order, a share of them per worker: each
 * vector's ranks sorted (ranks are distinct within a vector), their
 * weights found again through a dense rank -> weight array. */
static void reorder_work(void *ctx, int worker)
{
	join *j = ctx;
	uint32_t *ranks = ad_xmalloc((j->maxlen + 1) * sizeof(*ranks));
	uint32_t *tmp = ad_xmalloc((j->maxlen + 1) * sizeof(*tmp));
	float *dense = ad_xcalloc(j->nfeat + 1, sizeof(*dense));
	size_t i, end;
	uint32_t k;

	(void)worker;
	while ((i = ad_parallel_next(&j->next, j->n, 64)) < j->n) {
		for (end = i + 64 < j->n ? i + 64 : j->n; i < end; i++) {
			const ad_svec *v = &j->vecs[i];
			feat *f = j->rv[i];

			for (k = 0; k < v->n; k++) {
				ranks[k] = j->rank[v->ids[k]];
				dense[ranks[k]] = v->w[k];
			}
			if (v->n >= 64)
				ad_radix_u32(ranks, tmp, v->n, j->nfeat);
			else
				ad_sort_u32(ranks, v->n);
			for (k = 0; k < v->n; k++) {
				f[k].id = ranks[k];
				f[k].w = dense[ranks[k]];
			}
		}
	}
	free(ranks);
	free(tmp);
	free(dense);
}

/*
 * Put vectors that share their rarest feature next to each other: the
 * candidates of a probe are mostly such vectors, so their scores, marks
 * and features then sit in nearby memory. Any order finds the same pairs
 * (each pair is met once, from its later member); positions are mapped
 * back to the caller's indices in add_pair().
 */
static void relabel(join *j)
{
	uint64_t *key = ad_xmalloc((j->n + 1) * sizeof(*key));
	feat **rv = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*rv));
	ad_svec *vecs = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*vecs));
	uint32_t *group = NULL;
	size_t i;

	for (i = 0; i < j->n; i++) {
		uint32_t n = j->vecs[i].n;
		uint64_t rarest = n ? j->rv[i][n - 1].id : 0;

		key[i] = rarest << 32 | i;
	}
	ad_sort_u64(key, j->n);
	j->orig = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*j->orig));
	if (j->group)
		group = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*group));
	for (i = 0; i < j->n; i++) {
		uint32_t o = (uint32_t)key[i];

		j->orig[i] = o;
		rv[i] = j->rv[o];
		vecs[i] = j->vecs[o];
		if (group)
			group[i] = j->group[o];
	}
	j->rv = rv;
	j->vecs = vecs;
	if (group)
		j->group = group;
	free(key);
}

static void reorder(join *j, int njobs)
{
	feat *all;
	size_t i, total = 0;
	uint32_t k;

	for (i = 0; i < j->n; i++)
		total += j->vecs[i].n;
	all = ad_arena_alloc(j->arena, (total + 1) * sizeof(*all));
	j->rv = ad_arena_alloc(j->arena, (j->n + 1) * sizeof(*j->rv));
	for (i = 0, total = 0; i < j->n; i++) {
		j->rv[i] = all + total;
		total += j->vecs[i].n;
	}
	atomic_store(&j->next, 0);
	ad_parallel_run(njobs, reorder_work, j);
	j->maxw = ad_arena_calloc(j->arena, j->nfeat + 1, sizeof(*j->maxw));
	for (k = 0; k < total; k++)
		if (all[k].w > j->maxw[all[k].id])
			j->maxw[all[k].id] = all[k].w;
}

/* Split vector i into its unindexed prefix and indexed suffix. */
static void split(join *j, size_t i)
{
	const feat *f = j->rv[i];
	uint32_t k, n = j->vecs[i].n;
	double b1 = 0.0, b2 = 0.0, prev = 0.0;

	for (k = 0; k < n; k++) {
		double w = f[k].w;

		b1 += w * j->maxw[f[k].id];
		b2 += w * w;
		if (fmin(b1, sqrt(b2)) >= j->t - SLACK)
			break;
		prev = fmin(b1, sqrt(b2));
	}
	j->boundary[i] = k;
	j->pbound[i] = prev;
	j->pnorm[i] = (float)sqrt(b2 - (k < n ? (double)f[k].w * f[k].w : 0.0));
}

static void build_index(join *j)
{
	size_t i, total = 0;
	uint32_t k, f;

	j->boundary = ad_arena_alloc(j->arena, j->n * sizeof(*j->boundary));
	j->pbound = ad_arena_alloc(j->arena, j->n * sizeof(*j->pbound));
	j->pnorm = ad_arena_alloc(j->arena, j->n * sizeof(*j->pnorm));
	j->start = ad_arena_calloc(j->arena, j->nfeat + 1, sizeof(*j->start));
	j->fill = ad_arena_calloc(j->arena, j->nfeat, sizeof(*j->fill));
	for (i = 0; i < j->n; i++) {
		split(j, i);
		for (k = j->boundary[i]; k < j->vecs[i].n; k++)
			j->start[j->rv[i][k].id + 1]++;
	}
	for (f = 0; f < j->nfeat; f++)
		j->start[f + 1] += j->start[f];
	total = j->start[j->nfeat];
	j->post = ad_arena_alloc(j->arena, (total + 1) * sizeof(*j->post));
}

/* a and b are positions; the pair is reported in the caller's indices. */
static void add_pair(const join *j, prober *w, uint32_t a, uint32_t b,
		     double s)
{
	uint32_t x = j->orig[a], y = j->orig[b];

	ad_grow(&w->pairs, &w->cap_pairs, w->npairs + 1, sizeof(*w->pairs));
	w->pairs[w->npairs].a = x < y ? x : y;
	w->pairs[w->npairs].b = x < y ? y : x;
	w->pairs[w->npairs++].score = s;
}

/* Accumulate scores of earlier vectors sharing indexed features with x. */
static void probe(const join *j, prober *w, uint32_t x)
{
	const feat *f = j->rv[x];
	const uint32_t *group = j->group;
	uint32_t k = j->vecs[x].n, stamp = x + 1, gx = group ? group[x] : 0;
	double r1 = 0.0, r2 = 0.0, t = j->t - SLACK;
	cand *cs = w->cs;
	uint32_t *cands = w->cands;
	size_t nc = 0;

	for (uint32_t q = 0; q < k; q++) {
		r1 += f[q].w * j->maxw[f[q].id];
		r2 += (double)f[q].w * f[q].w;
	}
	w->stop = 0;
	while (k-- > 0) {
		uint32_t id = f[k].id;
		double fw = f[k].w;
		double xn = sqrt(fmax(r2, 0.0));
		double xr = sqrt(fmax(r2 - fw * fw, 0.0));
		const posting *p = j->post + j->start[id], *first = p;
		const posting *end = p + j->fill[id];

		/* Nothing new can reach t from here on, and the candidates'
		 * scores over the rest of x are summed in may_reach(). */
		if (fmin(r1, xn) < t) {
			w->stop = id + 1;
			break;
		}
		for (; p < end && p->vec < x; p++) {
			/* this feature, and at most this from the ranks below */
			double here = fw * p->w;
			double rest = here + xr * p->norm;
			cand *c = &cs[p->vec];

			if (c->mark != stamp) {
				if (rest < t || (group && group[p->vec] == gx))
					continue;
				c->mark = stamp;
				c->acc = 0.0;
				cands[nc++] = p->vec;
			} else if (c->acc + rest < t) {
				c->acc = -DEAD; /* cannot reach t any more */
				continue;
			}
			c->acc += here;
			c->k = k;
			c->ynorm = p->norm;
		}
		w->st.scanned += (uint64_t)(p - first);
		r1 -= fw * j->maxw[id];
		r2 -= fw * fw;
	}
	w->ncands = nc;
}

/* Spread x over the dense per-rank array, with its running squared norm
 * from the frequent end, for the bounds and sums of verify(). */
static void spread(const join *j, prober *w, uint32_t x, int on)
{
	const feat *f = j->rv[x];
	uint32_t k, n = j->vecs[x].n;
	double c2 = 0.0;

	for (k = 0; k < n; k++) {
		w->xw[f[k].id] = on ? f[k].w : 0.0f;
		w->xc2[k] = c2;
		c2 += (double)f[k].w * f[k].w;
	}
	w->xc2[n] = c2;
}

/*
 * Can candidate y of the probe still reach t? Its score from the index is
 * acc; what the index left out is bounded first, then summed through the
 * dense array of x. Only pairs within rounding of t get the exact dot
 * product that decides.
 */
static int may_reach(const join *j, const prober *w, uint32_t y)
{
	const cand *c = &w->cs[y];
	const feat *fy;
	uint32_t b, n, k;
	double s = c->acc, ub;

	/* First a bound from what the probe saw, before touching y's
	 * features (a cache miss per candidate). Everything ranked above
	 * the last feature x and y share is in acc: x was probed down to it,
	 * and y's unindexed prefix ranks below it. What ranks below is at
	 * most ||x below it|| * ||y below it|| (Cauchy-Schwarz). */
	ub = sqrt(w->xc2[c->k]) * c->ynorm;
	if (s + ub < j->t - SLACK)
		return 0;
	/* Then the exact sum of what the index left out: y's unindexed
	 * prefix, and (when the probe stopped early) y's features ranked
	 * below the stop; both are prefixes of y. */
	fy = j->meta[y].f;
	b = j->meta[y].boundary;
	n = j->meta[y].n;
	for (k = 0; k < n && (k < b || fy[k].id < w->stop); k++)
		s += (double)w->xw[fy[k].id] * fy[k].w;
	return s >= j->t - SLACK;
}

static void verify(const join *j, prober *w, uint32_t x)
{
	size_t c;

	w->st.candidates += w->ncands;
	spread(j, w, x, 1);
	for (c = 0; c < w->ncands; c++) {
		uint32_t y = w->cands[c];
		double s;

		/* a candidate's features are cache misses: ask for its meta
		 * a few candidates ahead, and for its features half as far */
		if (c + PREFETCH < w->ncands)
			__builtin_prefetch(&j->meta[w->cands[c + PREFETCH]]);
		if (c + PREFETCH / 2 < w->ncands)
			__builtin_prefetch(j->meta[w->cands[c + PREFETCH / 2]].f);
		if (!may_reach(j, w, y))
			continue;
		w->st.verified++;
		s = ad_svec_dot(&j->vecs[y], &j->vecs[x]);
		if (s >= j->t)
			add_pair(j, w, y, x, s);
	}
	spread(j, w, x, 0);
}

static void insert(join *j, uint32_t x)
{
	const feat *f = j->rv[x];
	uint32_t k;
	double c2 = (double)j->pnorm[x] * j->pnorm[x];

	for (k = j->boundary[x]; k < j->vecs[x].n; k++) {
		uint32_t id = f[k].id;
		posting *p = &j->post[j->start[id] + j->fill[id]++];

		p->vec = x;
		p->w = f[k].w;
		p->norm = (float)sqrt(c2);
		c2 += (double)f[k].w * f[k].w;
	}
}

static void probe_work(void *ctx, int worker)
{
	join *j = ctx;
	prober *w = &j->workers[worker];
	size_t x, end;

	/* calloc, not the shared arena: workers allocate at the same time */
	w->cs = ad_xcalloc(j->n + 1, sizeof(*w->cs));
	w->cands = ad_xmalloc((j->n + 1) * sizeof(*w->cands));
	w->xw = ad_xcalloc(j->nfeat + 1, sizeof(*w->xw));
	w->xc2 = ad_xmalloc((j->maxlen + 1) * sizeof(*w->xc2));
	while ((x = ad_parallel_next(&j->next, j->n, 32)) < j->n) {
		for (end = x + 32 < j->n ? x + 32 : j->n; x < end; x++) {
			probe(j, w, (uint32_t)x);
			verify(j, w, (uint32_t)x);
		}
	}
	free(w->cs);
	free(w->cands);
	free(w->xw);
	free(w->xc2);
}

/* Sort pairs by (a, b): a least-significant-digit radix sort on the key
 * a * n + b, 11 bits a pass, as many passes as n * n needs. */
static void sort_pairs(ad_pair *p, size_t np, size_t n)
{
	ad_pair *tmp = ad_xmalloc((np + 1) * sizeof(*tmp)), *src = p, *dst = tmp;
	uint64_t max = (uint64_t)n * n;
	size_t count[2048], i;
	int shift;

	for (shift = 0; shift < 64 && (max >> shift) > 0; shift += 11) {
		size_t sum = 0;

		memset(count, 0, sizeof(count));
		for (i = 0; i < np; i++)
			count[(((uint64_t)src[i].a * n + src[i].b) >> shift) & 2047]++;
		for (i = 0; i < 2048; i++) {
			size_t c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < np; i++)
			dst[count[(((uint64_t)src[i].a * n + src[i].b) >> shift) &
				  2047]++] = src[i];
		src = dst;
		dst = dst == p ? tmp : p;
	}
	if (src != p)
		memcpy(p, src, np * sizeof(*p));
	free(tmp);
}

/* Gather the pairs and counts of every worker. */
static ad_pair *collect(join *j, int njobs, size_t *npairs,
			ad_simjoin_stats *st)
{
	ad_pair *all = NULL;
	size_t n = 0, cap = 0;
	int k;

	for (k = 0; k < njobs; k++) {
		prober *w = &j->workers[k];

		ad_grow(&all, &cap, n + w->npairs + 1, sizeof(*all));
		if (w->npairs)
			memcpy(all + n, w->pairs, w->npairs * sizeof(*all));
		n += w->npairs;
		st->scanned += w->st.scanned;
		st->candidates += w->st.candidates;
		st->verified += w->st.verified;
		free(w->pairs);
	}
	if (n > 1)
		sort_pairs(all, n, j->n);
	st->pairs = n;
	*npairs = n;
	return all;
}

int ad_simjoin_run(ad_pair **out, size_t *npairs, const ad_svec *vecs,
		   size_t n, const ad_simjoin_opts *opts,
		   ad_simjoin_stats *stats, ad_error *err)
{
	ad_simjoin_stats st;
	join j;
	uint32_t *rank, x;
	int njobs;

	*out = NULL;
	*npairs = 0;
	if (!(opts->threshold > 0.0 && opts->threshold <= 1.0))
		return ad_error_set(err, AD_EINVAL,
				    "threshold must be in (0, 1], not %g",
				    opts->threshold);
	memset(&j, 0, sizeof(j));
	memset(&st, 0, sizeof(st));
	j.vecs = vecs;
	j.n = n;
	j.t = opts->threshold;
	j.group = opts->group;
	j.arena = ad_arena_new();
	j.nfeat = count_features(vecs, n);
	j.maxlen = max_len(vecs, n);
	njobs = ad_parallel_jobs(opts->jobs, n, 256);
	rank = rank_features(&j);
	j.rank = rank;
	reorder(&j, njobs);
	free(rank);
	relabel(&j);
	build_index(&j);
	j.meta = ad_arena_alloc(j.arena, (n + 1) * sizeof(*j.meta));
	for (x = 0; x < n; x++) {
		insert(&j, x);
		j.meta[x].f = j.rv[x];
		j.meta[x].n = j.vecs[x].n;
		j.meta[x].boundary = j.boundary[x];
	}
	st.indexed = j.start[j.nfeat];
	atomic_store(&j.next, 0);
	j.workers = ad_xcalloc((size_t)njobs, sizeof(*j.workers));
	ad_parallel_run(njobs, probe_work, &j);
	*out = collect(&j, njobs, npairs, &st);
	free(j.workers);
	ad_arena_free(j.arena);
	if (stats)
		*stats = st;
	return 0;
}
