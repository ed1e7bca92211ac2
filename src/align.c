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

int ad_align_build(ad_alignments *out, const ad_svec *section_vecs,
		   const uint32_t *doc_of, size_t nsections, double threshold,
		   int jobs, ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	ad_pair *pairs = NULL;
	keyed *k;
	uint32_t *used;
	size_t npairs = 0, i, start;
	int rc;

	memset(out, 0, sizeof(*out));
	jo.threshold = threshold;
	jo.group = doc_of;
	jo.jobs = jobs;
	rc = ad_simjoin_run(&pairs, &npairs, section_vecs, nsections, &jo,
			    &out->join_stats, err);
	if (rc)
		return rc;
	k = ad_xmalloc((npairs + 1) * sizeof(*k));
	for (i = 0; i < npairs; i++) {
		k[i].da = doc_of[pairs[i].a];
		k[i].db = doc_of[pairs[i].b];
		k[i].m.a = pairs[i].a;
		k[i].m.b = pairs[i].b;
		k[i].m.score = (float)pairs[i].score;
	}
	free(pairs);
	qsort(k, npairs, sizeof(*k), by_agents_then_score);
	out->pairs = ad_xmalloc((npairs + 1) * sizeof(*out->pairs));
	out->matches = ad_xmalloc((npairs + 1) * sizeof(*out->matches));
	used = ad_xcalloc(nsections + 1, sizeof(*used));
	for (start = 0; start < npairs; start = i) {
		for (i = start + 1; i < npairs && k[i].da == k[start].da &&
				    k[i].db == k[start].db;
		     i++)
			;
		match_run(out, k + start, i - start, used,
			  (uint32_t)out->npairs + 1);
	}
	free(used);
	free(k);
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
