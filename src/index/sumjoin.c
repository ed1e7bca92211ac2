/*
 * sumjoin.c - the join by summing every product (sumjoin.h).
 *
 * The index holds every feature of every vector, each list in ascending
 * vector order. Vector a walks the lists of its features from their ends
 * down to a, so it meets each later vector b once per feature they
 * share, and adds that product to b's sum in a dense row. A stamp per b
 * (a + 1 of the a whose sum the row holds) spares clearing the row. The
 * vectors are shared out to the workers in chunks; each chunk keeps its
 * pairs, a's in order of a and each a's sorted by b, and the chunks are
 * joined in order: the output does not depend on the number of workers.
 */
#include "index/sumjoin.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/parallel.h"
#include "base/sort.h"

/* Vectors a per chunk handed to a worker. */
#define CHUNK 32

/*
 * When summing pays, from the joins of a scan of ../shared/corpus and
 * of its 10x grown copy on two threads (descriptions at 0.3, 0.5 and
 * 0.9, role vectors at 0.05, agent bodies at 0.85): summing cost 1.2 to
 * 4.4 ns a product, and prefix filtering, per feature of its input,
 * 60 to 90 ns at 0.85 and 0.9, 130 to 180 at 0.5, 180 to 260 at 0.3 and
 * 360 to 410 at 0.05, as its bounds leave less out of the index. Summing
 * pays up to 24 + 10 / t products a feature, which puts the joins
 * measured on the faster side: the role vectors (25 and 151 products a
 * feature) took 10 ms summed against 43 filtered at 1x, 41 against 62
 * at 10x, and descriptions at 0.9 (42) 6.5 ms filtered against 8.5
 * summed; agent bodies (368) and the 10x descriptions (346) took 5 to 10
 * times as long summed.
 */
#define PAYS_BASE 24
#define PAYS_PER_T 10

typedef struct entry {
	uint32_t vec;
	float w;
} entry;

/* The pairs of one chunk's vectors, by (a, b). */
typedef struct chunk_pairs {
	ad_pair *p;
	size_t n, cap;
} chunk_pairs;

typedef struct sumjoin {
	const ad_svec *vecs;
	size_t n;
	double t;
	const uint32_t *group;
	size_t *start; /* per feature: its list in post, then the next's */
	entry *post;
	size_t nchunks;
	chunk_pairs *chunks;
	ad_simjoin_stats *st; /* per worker */
	atomic_size_t next;
	/* whom worker 0 tells how many vectors are taken up, at how many
	 * it tells next, and what it told last */
	ad_progress_fn progress;
	void *progress_payload;
	size_t tell_at, told;
} sumjoin;

/* What one worker owns: a dense row of sums over the vectors b, their
 * stamps, and the bs the current a has met and kept. */
typedef struct summer {
	double *sum;
	uint32_t *stamp;
	uint32_t *met, *kept;
} summer;

uint64_t ad_sumjoin_products(const uint32_t *df, uint32_t nfeat)
{
	uint64_t total = 0;
	uint32_t f;

	for (f = 0; f < nfeat; f++)
		total += (uint64_t)df[f] * (df[f] ? df[f] - 1 : 0) / 2;
	return total;
}

int ad_sumjoin_pays(uint64_t products, uint64_t postings, double t)
{
	return (double)products * t <=
	       (PAYS_BASE * t + PAYS_PER_T) * (double)postings;
}

/* Every feature of every vector into its list, in vector order. */
static void build(sumjoin *s, const uint32_t *df, uint32_t nfeat)
{
	size_t *fill = ad_xmalloc(((size_t)nfeat + 1) * sizeof(*fill));
	size_t i;
	uint32_t f, k;

	s->start = ad_xmalloc(((size_t)nfeat + 1) * sizeof(*s->start));
	s->start[0] = 0;
	for (f = 0; f < nfeat; f++)
		s->start[f + 1] = s->start[f] + df[f];
	memcpy(fill, s->start, (size_t)nfeat * sizeof(*fill));
	s->post = ad_xmalloc((s->start[nfeat] + 1) * sizeof(*s->post));
	for (i = 0; i < s->n; i++) {
		const ad_svec *v = &s->vecs[i];

		for (k = 0; k < v->n; k++)
			s->post[fill[v->ids[k]]++] =
				(entry){(uint32_t)i, v->w[k]};
	}
	free(fill);
}

/* a's products with every later vector, summed per vector in the row;
 * returns how many vectors it met. */
static uint32_t sum_later(const sumjoin *s, summer *w, uint32_t a,
			  ad_simjoin_stats *st)
{
	const ad_svec *v = &s->vecs[a];
	uint32_t k, nmet = 0;

	for (k = 0; k < v->n; k++) {
		const entry *first = s->post + s->start[v->ids[k]];
		const entry *end = s->post + s->start[v->ids[k] + 1];
		const entry *e = end;
		double wa = v->w[k];

		while (e > first && e[-1].vec > a) {
			uint32_t b = (--e)->vec;

			if (w->stamp[b] != a + 1) {
				w->stamp[b] = a + 1;
				w->sum[b] = 0.0;
				w->met[nmet++] = b;
			}
			w->sum[b] += wa * e->w;
		}
		st->scanned += (uint64_t)(end - e);
	}
	return nmet;
}

/* The pairs of a that reach t, into its chunk's, by b. */
static void keep(const sumjoin *s, summer *w, uint32_t a, uint32_t nmet,
		 chunk_pairs *out, ad_simjoin_stats *st)
{
	uint32_t i, nkept = 0;

	for (i = 0; i < nmet; i++) {
		uint32_t b = w->met[i];

		if (w->sum[b] >= s->t &&
		    !(s->group && s->group[a] == s->group[b]))
			w->kept[nkept++] = b;
	}
	ad_sort_u32(w->kept, nkept);
	ad_grow(&out->p, &out->cap, out->n + nkept + 1, sizeof(*out->p));
	for (i = 0; i < nkept; i++)
		out->p[out->n++] = (ad_pair){a, w->kept[i], w->sum[w->kept[i]]};
	st->candidates += nmet;
	st->verified += nmet;
	st->pairs += nkept;
}

/* Worker 0 tells how many vectors the workers have taken up, about
 * every 1% of them. */
static void tell(sumjoin *s, int worker)
{
	size_t taken = atomic_load(&s->next) * CHUNK;

	if (worker != 0 || !s->progress || taken < s->tell_at)
		return;
	taken = taken < s->n ? taken : s->n;
	s->progress(taken, s->n, s->progress_payload);
	s->told = taken;
	s->tell_at = taken + s->n / 100 + 1;
}

static void sum_work(void *ctx, int worker)
{
	sumjoin *s = ctx;
	summer w;
	size_t c;

	w.sum = ad_xmalloc((s->n + 1) * sizeof(*w.sum));
	w.stamp = ad_xcalloc(s->n + 1, sizeof(*w.stamp));
	w.met = ad_xmalloc((s->n + 1) * sizeof(*w.met));
	w.kept = ad_xmalloc((s->n + 1) * sizeof(*w.kept));
	while ((c = ad_parallel_next(&s->next, s->nchunks, 1)) < s->nchunks) {
		size_t a = c * CHUNK, end = a + CHUNK < s->n ? a + CHUNK : s->n;

		for (; a < end; a++)
			keep(s, &w, (uint32_t)a,
			     sum_later(s, &w, (uint32_t)a, &s->st[worker]),
			     &s->chunks[c], &s->st[worker]);
		tell(s, worker);
	}
	free(w.sum);
	free(w.stamp);
	free(w.met);
	free(w.kept);
}

/* The chunks' pairs, one after the other. */
static ad_pair *gather(sumjoin *s, size_t *npairs)
{
	size_t total = 0, c;
	ad_pair *out;

	for (c = 0; c < s->nchunks; c++)
		total += s->chunks[c].n;
	out = ad_xmalloc((total + 1) * sizeof(*out));
	*npairs = 0;
	for (c = 0; c < s->nchunks; c++) {
		if (s->chunks[c].n)
			memcpy(out + *npairs, s->chunks[c].p,
			       s->chunks[c].n * sizeof(*out));
		*npairs += s->chunks[c].n;
		free(s->chunks[c].p);
	}
	return out;
}

ad_pair *ad_sumjoin_run(size_t *npairs, const ad_svec *vecs, size_t n,
			const uint32_t *df, uint32_t nfeat,
			const ad_simjoin_opts *opts, int njobs,
			ad_simjoin_stats *stats)
{
	int k;
	ad_pair *out;
	sumjoin s;

	memset(&s, 0, sizeof(s));
	s.vecs = vecs;
	s.n = n;
	s.t = opts->threshold;
	s.group = opts->group;
	s.progress = opts->progress;
	s.progress_payload = opts->progress_payload;
	build(&s, df, nfeat);
	s.nchunks = (n + CHUNK - 1) / CHUNK;
	s.chunks = ad_xcalloc(s.nchunks + 1, sizeof(*s.chunks));
	s.st = ad_xcalloc((size_t)njobs, sizeof(*s.st));
	atomic_init(&s.next, 0);
	ad_parallel_run(njobs, sum_work, &s);
	/* all of them, unless worker 0 told it last (the others may take
	 * up every vector before it starts) */
	if (s.progress && s.told < n)
		s.progress(n, n, s.progress_payload);
	out = gather(&s, npairs);
	if (stats) {
		memset(stats, 0, sizeof(*stats));
		stats->indexed = s.start[nfeat];
		stats->summed = 1;
		for (k = 0; k < njobs; k++) {
			stats->scanned += s.st[k].scanned;
			stats->candidates += s.st[k].candidates;
			stats->verified += s.st[k].verified;
			stats->pairs += s.st[k].pairs;
		}
	}
	free(s.st);
	free(s.chunks);
	free(s.post);
	free(s.start);
	return out;
}
