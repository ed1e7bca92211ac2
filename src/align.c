/*
 * align.c - one section join, then a greedy one-to-one matching per pair
 * of agents.
 */
#include "agentdup/align.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"

typedef struct keyed {
	uint32_t da, db; /* agents */
	ad_section_match m;
} keyed;

static int by_agents_then_score(const void *x, const void *y)
{
	const keyed *p = x, *q = y;

	if (p->da != q->da)
		return p->da < q->da ? -1 : 1;
	if (p->db != q->db)
		return p->db < q->db ? -1 : 1;
	if (p->m.score != q->m.score)
		return p->m.score > q->m.score ? -1 : 1;
	if (p->m.a != q->m.a)
		return p->m.a < q->m.a ? -1 : 1;
	return (p->m.b > q->m.b) - (p->m.b < q->m.b);
}

/* Keep, of the run k[0..n) of one agent pair, the matches whose sections
 * are both still free; used[] stamps sections with stamp. */
static void match_run(ad_alignments *out, const keyed *k, size_t n,
		      uint32_t *used, uint32_t stamp)
{
	ad_alignment *al = &out->pairs[out->npairs++];
	size_t i;

	al->a = k[0].da;
	al->b = k[0].db;
	al->first = (uint32_t)out->nmatches;
	for (i = 0; i < n; i++) {
		if (used[k[i].m.a] == stamp || used[k[i].m.b] == stamp)
			continue;
		used[k[i].m.a] = used[k[i].m.b] = stamp;
		out->matches[out->nmatches++] = k[i].m;
	}
	al->n = (uint32_t)out->nmatches - al->first;
}

typedef struct keys {
	keyed *k;
	size_t n, cap;
} keys;

static void push(keys *ks, uint32_t da, uint32_t db, uint32_t a, uint32_t b,
		 double score)
{
	keyed *k;

	ad_grow(&ks->k, &ks->cap, ks->n + 1, sizeof(*ks->k));
	k = &ks->k[ks->n++];
	k->da = da;
	k->db = db;
	k->m.a = a;
	k->m.b = b;
	k->m.score = (float)score;
}

/* The section pairs of a full alignment that the join left out: those
 * with a house-style section. */
static void add_house_pairs(keys *ks, const ad_align_input *in,
			    const ad_pair *p)
{
	size_t i, j;

	for (i = in->section_base[p->a]; i < in->section_base[p->a + 1]; i++)
		for (j = in->section_base[p->b]; j < in->section_base[p->b + 1];
		     j++) {
			double s;

			if (!in->house[i] && !in->house[j])
				continue;
			s = ad_svec_dot(&in->section_vecs[i], &in->section_vecs[j]);
			if (s >= in->threshold)
				push(ks, p->a, p->b, (uint32_t)i, (uint32_t)j, s);
		}
}

/* Section pairs at or above the threshold: from the join over sections
 * that are not house style, and within the full pairs. */
static int section_pairs(keys *ks, ad_alignments *out,
			 const ad_align_input *in, ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	ad_svec *vecs = ad_xmalloc((in->nsections + 1) * sizeof(*vecs));
	ad_pair *pairs = NULL;
	size_t npairs = 0, i;
	int rc;

	for (i = 0; i < in->nsections; i++) {
		vecs[i] = in->section_vecs[i];
		if (in->house && in->house[i])
			vecs[i].n = 0; /* pairs with nothing */
	}
	jo.threshold = in->threshold;
	jo.group = in->doc_of;
	jo.jobs = in->jobs;
	rc = ad_simjoin_run(&pairs, &npairs, vecs, in->nsections, &jo,
			    &out->join_stats, err);
	free(vecs);
	if (rc)
		return rc;
	for (i = 0; i < npairs; i++)
		push(ks, in->doc_of[pairs[i].a], in->doc_of[pairs[i].b],
		     pairs[i].a, pairs[i].b, pairs[i].score);
	free(pairs);
	for (i = 0; in->house && i < in->nfull; i++)
		add_house_pairs(ks, in, &in->full[i]);
	return 0;
}

int ad_align_build(ad_alignments *out, const ad_align_input *in,
		   ad_error *err)
{
	keys ks = {NULL, 0, 0};
	uint32_t *used;
	size_t i, start;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = section_pairs(&ks, out, in, err))) {
		free(ks.k);
		return rc;
	}
	if (ks.n > 1)
		qsort(ks.k, ks.n, sizeof(*ks.k), by_agents_then_score);
	out->pairs = ad_xmalloc((ks.n + 1) * sizeof(*out->pairs));
	out->matches = ad_xmalloc((ks.n + 1) * sizeof(*out->matches));
	used = ad_xcalloc(in->nsections + 1, sizeof(*used));
	for (start = 0; start < ks.n; start = i) {
		for (i = start + 1; i < ks.n && ks.k[i].da == ks.k[start].da &&
				    ks.k[i].db == ks.k[start].db;
		     i++)
			;
		match_run(out, ks.k + start, i - start, used,
			  (uint32_t)out->npairs + 1);
	}
	free(used);
	free(ks.k);
	return 0;
}

void ad_alignments_dispose(ad_alignments *al)
{
	free(al->pairs);
	free(al->matches);
	memset(al, 0, sizeof(*al));
}

const ad_alignment *ad_align_find(const ad_alignments *al, uint32_t a,
				  uint32_t b)
{
	size_t lo = 0, hi = al->npairs;

	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ad_alignment *p = &al->pairs[mid];

		if (p->a < a || (p->a == a && p->b < b))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < al->npairs && al->pairs[lo].a == a && al->pairs[lo].b == b)
		return &al->pairs[lo];
	return NULL;
}

size_t ad_evidence(uint32_t *terms, size_t k, const ad_svec *x,
		   const ad_svec *y)
{
	float best[AD_EVIDENCE_TERMS * 4];
	uint32_t i = 0, j = 0;
	size_t n = 0, p;

	if (k > sizeof(best) / sizeof(best[0]))
		k = sizeof(best) / sizeof(best[0]);
	while (i < x->n && j < y->n) {
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
