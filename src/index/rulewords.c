/*
 * rulewords.c - the lists stemmed by a tokenizer made with the
 * collection's options, into one table of stems, each with what it is:
 * its flags, and its synonym set. Then each term of the collection is
 * looked up by its stem, one probe a term; the first term met of a set
 * (the lowest id) is the one the set counts as, and every member of a set
 * carries the flags of all ("docs" is a facet word as "document" is).
 */
#include "index/rulewords.h"

#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/parallel.h"
#include "base/strtab.h"
#include "index/tokenizer.h"

static const unsigned char generic_bytes[] = {
#include "generic_english.inc"
};
static const unsigned char facet_bytes[] = {
#include "facets_english.inc"
};
static const unsigned char synonym_bytes[] = {
#include "synonyms_english.inc"
};
static const ad_embedded generic_list = AD_EMBEDDED(generic_bytes);
static const ad_embedded facet_list = AD_EMBEDDED(facet_bytes);
static const ad_embedded synonym_list = AD_EMBEDDED(synonym_bytes);

#define NO_SET UINT32_MAX

/* The listed stems: per stem (an id of `stems`), its flags and set. */
typedef struct listed {
	ad_strtab *stems;
	uint8_t *kind;
	uint32_t *set;
	size_t cap;
	uint32_t nsets;
} listed;

/* The entry of stem s[0..len), made when new. */
static uint32_t entry(listed *l, const char *s, size_t len)
{
	uint32_t id = ad_strtab_intern(l->stems, s, len);

	if (id >= l->cap) {
		size_t old = l->cap;

		l->cap = 2 * (size_t)id + 16;
		l->kind = ad_xrealloc(l->kind, l->cap * sizeof(*l->kind));
		l->set = ad_xrealloc(l->set, l->cap * sizeof(*l->set));
		memset(l->kind + old, 0, (l->cap - old) * sizeof(*l->kind));
		for (; old < l->cap; old++)
			l->set[old] = NO_SET;
	}
	return id;
}

/* Each line of list, comments left out, as stems: every stem gets flags
 * (kind), and with sets, a stem not yet in one joins the line's set. */
static void read_list(listed *l, ad_tokenizer *tok, const char *list,
		      uint8_t kind, int sets)
{
	const ad_strtab *terms = ad_tokenizer_terms(tok);
	uint32_t *ids = NULL;
	size_t cap = 0, n, k;

	while (*list) {
		size_t len = strcspn(list, "\n");
		const char *hash = memchr(list, '#', len);

		n = 0;
		ad_tokenizer_run(tok, list, hash ? (size_t)(hash - list) : len,
				 &ids, &n, &cap);
		for (k = 0; k < n; k++) {
			size_t slen;
			const char *s = ad_strtab_str(terms, ids[k], &slen);
			uint32_t e = entry(l, s, slen);

			l->kind[e] |= kind;
			if (sets && l->set[e] == NO_SET)
				l->set[e] = l->nsets;
		}
		l->nsets += sets && n > 0;
		list += len + (list[len] == '\n');
	}
	free(ids);
}

/* Flags and canonical term of each term of c. */
static void classify(ad_rule_words *out, const ad_collection *c,
		     const listed *l)
{
	uint32_t *first = ad_xmalloc((l->nsets + 1) * sizeof(*first));
	uint32_t t, k;

	for (k = 0; k < l->nsets; k++)
		first[k] = NO_SET;
	for (t = 0; t < out->nterms; t++) {
		const char *s = ad_collection_stem(c, t);
		uint32_t e = ad_strtab_find(l->stems, s, strlen(s));

		out->canon[t] = t;
		if (e == AD_STRTAB_NONE)
			continue;
		out->kind[t] = l->kind[e];
		if (l->set[e] == NO_SET)
			continue;
		if (first[l->set[e]] == NO_SET)
			first[l->set[e]] = t;
		out->canon[t] = first[l->set[e]];
	}
	for (t = 0; t < out->nterms; t++) /* a set has its members' flags */
		out->kind[out->canon[t]] |= out->kind[t];
	for (t = 0; t < out->nterms; t++)
		out->kind[t] = out->kind[out->canon[t]];
	free(first);
}

int ad_rule_words_build(ad_rule_words *out, const ad_collection *c,
			const ad_tokenizer_opts *opts, ad_error *err)
{
	ad_tokenizer *tok;
	listed l;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = ad_tokenizer_new(&tok, opts, err);
	if (rc)
		return rc;
	memset(&l, 0, sizeof(l));
	l.stems = ad_strtab_new();
	read_list(&l, tok, generic_list.ptr, AD_WORD_GENERIC, 0);
	read_list(&l, tok, facet_list.ptr, AD_WORD_FACET, 0);
	read_list(&l, tok, synonym_list.ptr, 0, 1);
	out->nterms = ad_collection_nterms(c);
	out->kind = ad_xcalloc(out->nterms + 1, sizeof(*out->kind));
	out->canon = ad_xmalloc((out->nterms + 1) * sizeof(*out->canon));
	classify(out, c, &l);
	free(l.kind);
	free(l.set);
	ad_strtab_free(l.stems);
	ad_tokenizer_free(tok);
	return 0;
}

/* A 64-bit mix of a term id (splitmix64's finalizer): sums of these tell
 * two small sets apart but for a chance of one in 2^64. */
static uint64_t mix(uint32_t t)
{
	uint64_t z = (uint64_t)t + 0x9e3779b97f4a7c15u;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* v's facets as a sum of hashes, and its words that are not generic:
 * how many, and, when words is not NULL, themselves, ascending. */
static ad_rule_gist gist_of(uint32_t *words, const ad_svec *v,
			    const uint8_t *kind)
{
	ad_rule_gist g = {0, 0, 0};
	uint32_t i;

	for (i = 0; i < v->n; i++) {
		unsigned k = kind ? kind[v->ids[i]] : 0;

		if (k & AD_WORD_FACET)
			g.facets += mix(v->ids[i]);
		if (!(k & AD_WORD_GENERIC) && words)
			words[g.nwords] = v->ids[i];
		g.nwords += !(k & AD_WORD_GENERIC);
	}
	return g;
}

/* Both passes over the vectors, a share per worker: the gists (their
 * word counts), then, once each gist's first word is known, the words. */
typedef struct gists_job {
	ad_rule_gists *out;
	const ad_svec *vecs;
	size_t n;
	const uint8_t *kind;
	int fill;
	atomic_size_t next;
} gists_job;

static void gists_work(void *ctx, int worker)
{
	gists_job *g = ctx;
	size_t i, end;

	(void)worker;
	while ((i = ad_parallel_chunk(&g->next, g->n, 1024, &end)) < g->n)
		for (; i < end; i++) {
			ad_rule_gist *gi = &g->out->gist[i];

			if (g->fill)
				gist_of(g->out->words + gi->first, &g->vecs[i],
					g->kind);
			else
				*gi = gist_of(NULL, &g->vecs[i], g->kind);
		}
}

void ad_rule_gists_build(ad_rule_gists *out, const ad_svec *vecs, size_t n,
			 const uint8_t *kind, int jobs)
{
	int njobs = ad_parallel_jobs(jobs, n, 1024);
	gists_job g = {out, vecs, n, kind, 0, 0};
	size_t i, total = 0;

	out->gist = ad_xmalloc((n + 1) * sizeof(*out->gist));
	ad_parallel_run(njobs, gists_work, &g);
	for (i = 0; i < n; i++) {
		out->gist[i].first = (uint32_t)total;
		total += out->gist[i].nwords;
	}
	out->words = ad_xmalloc((total + 1) * sizeof(*out->words));
	g.fill = 1;
	atomic_store(&g.next, 0);
	ad_parallel_run(njobs, gists_work, &g);
}

void ad_rule_gists_dispose(ad_rule_gists *g)
{
	free(g->gist);
	free(g->words);
	memset(g, 0, sizeof(*g));
}

/* The words that are not generic two rules must share to agree: two,
 * or every one of the rule with fewer; UINT32_MAX, more than any rule
 * holds, when their facets differ. */
static uint32_t words_needed(const ad_rule_gist *ga, const ad_rule_gist *gb)
{
	uint32_t need = ga->nwords < gb->nwords ? ga->nwords : gb->nwords;

	if (ga->facets != gb->facets)
		return UINT32_MAX;
	return need < 2 ? need : 2;
}

/* The words shared (none of them generic) are counted up to what is
 * needed. */
int ad_rule_gists_agree(const ad_rule_gists *g, uint32_t a, uint32_t b)
{
	const ad_rule_gist *ga = &g->gist[a], *gb = &g->gist[b];
	const uint32_t *x = g->words + ga->first, *y = g->words + gb->first;
	uint32_t need = words_needed(ga, gb), i = 0, j = 0, shared = 0;

	if (need == UINT32_MAX)
		return 0;
	while (shared < need && i < ga->nwords && j < gb->nwords) {
		uint32_t u = x[i], v = y[j];

		shared += u == v;
		i += u <= v;
		j += v <= u;
	}
	return shared >= need;
}

/* As ad_rule_gists_agree(), a generic word looked up only when both
 * vectors hold it. */
int ad_rule_words_agree(const ad_svec *a, const ad_svec *b,
			const uint8_t *kind)
{
	ad_rule_gist ga = gist_of(NULL, a, kind), gb = gist_of(NULL, b, kind);
	uint32_t need = words_needed(&ga, &gb), i = 0, j = 0, shared = 0;

	if (need == UINT32_MAX)
		return 0;
	while (shared < need && i < a->n && j < b->n) {
		uint32_t x = a->ids[i], y = b->ids[j];

		if (x == y)
			shared += !kind || !(kind[x] & AD_WORD_GENERIC);
		i += x <= y;
		j += y <= x;
	}
	return shared >= need;
}

void ad_rule_words_dispose(ad_rule_words *w)
{
	free(w->kind);
	free(w->canon);
	memset(w, 0, sizeof(*w));
}
