/*
 * vocab.c - per-document term lists and the merged vocabulary.
 *
 * The word shown for a stem is its most frequent form in the whole
 * collection ("safety", not the acronym "SAFETI" seen a few times). Each
 * tokenizer counts only the documents its thread happened to take, so the
 * counts are summed per word across tokenizers as they merge, and the
 * choice is made once, in ad_vocab_finish(), by an order on (count, length,
 * bytes) that leaves no ties: the same word whatever the number of threads.
 */
#include "index/vocab.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "base/strtab.h"
#include "parse/doc_internal.h"
#include "parse/docshare.h"

/* A word stems to one stem, so the forms of a stem, chained, are all the
 * table needed to sum counts across tokenizers: chains are a few forms
 * long, and a merge hashes nothing. */
typedef struct word_form {
	const char *word; /* in the arena */
	uint32_t len;
	uint32_t next;    /* the stem's next form; AD_STRTAB_NONE ends */
	uint64_t count;   /* tokens, summed over the tokenizers merged */
} word_form;

struct ad_vocab {
	ad_strtab *stems;
	ad_arena *arena;      /* words of the forms */
	word_form *forms;
	size_t nforms, cap_forms;
	uint32_t *first_form; /* merge id -> its chain of forms */
	size_t cap_first;
	const char **surface; /* merge id -> word, after finish */
	uint32_t *merge_of;   /* final id -> merge id, after finish */
};

ad_vocab *ad_vocab_new(void)
{
	ad_vocab *v = ad_xcalloc(1, sizeof(*v));

	v->stems = ad_strtab_new();
	v->arena = ad_arena_new();
	return v;
}

void ad_vocab_free(ad_vocab *vocab)
{
	if (!vocab)
		return;
	ad_strtab_free(vocab->stems);
	ad_arena_free(vocab->arena);
	free(vocab->forms);
	free(vocab->first_form);
	free(vocab->surface);
	free(vocab->merge_of);
	free(vocab);
}

static uint32_t *copy_terms(ad_doc *doc, const uint32_t *ids, size_t n)
{
	uint32_t *t;

	if (!n)
		return NULL;
	t = ad_arena_alloc_aligned(doc->arena, n * sizeof(*ids),
				   _Alignof(uint32_t));
	return memcpy(t, ids, n * sizeof(*ids));
}

static size_t run(ad_tokenizer *tok, const char *s, uint32_t **ids,
		  size_t *n, size_t *cap)
{
	if (!s || !*s)
		return 0;
	return ad_tokenizer_run(tok, s, strlen(s), ids, n, cap);
}

/* The frontmatter beyond the description: every other value (name, tools,
 * tags, ...), then the description's examples, whose terms are counted
 * apart (routing reads them). */
static size_t tokenize_meta(ad_doc *doc, ad_tokenizer *tok, uint32_t **ids,
			    size_t *n, size_t *cap)
{
	size_t i, k, bad = 0, before;

	for (i = 0; i < doc->fm.nfields; i++) {
		const ad_fm_field *f = &doc->fm.fields[i];

		if (strcmp(f->key, "description") == 0)
			continue;
		for (k = 0; k < f->nvalues; k++)
			bad += run(tok, f->values[k], ids, n, cap);
	}
	before = *n;
	for (i = 0; i < doc->fm.nexamples; i++)
		bad += run(tok, doc->fm.examples[i], ids, n, cap);
	doc->nexample_terms = (uint32_t)(*n - before);
	return bad;
}

/* A rule's terms, the first AD_RULE_MAX_TERMS of them: a copy of its
 * own, or those its shared text carries (the first doc tokenized with it
 * gave them, numbered by its worker). */
static void rule_terms(ad_doc *doc, ad_rule *r, const uint32_t *ids,
		       size_t n, size_t bad, int worker)
{
	uint32_t kept = n < AD_RULE_MAX_TERMS ? (uint32_t)n : AD_RULE_MAX_TERMS;

	if (doc->share)
		r->terms = ad_docshare_terms(doc->share, r->text, ids, kept,
					     bad, worker, &kept);
	else
		r->terms = copy_terms(doc, ids, kept);
	r->nterms = kept;
}

/* Each section's terms; a doc with a share holds them all in one block
 * of its own (doc->pending_terms) until they are shared, once they have
 * their final numbers (ad_doc_share_terms()). */
static size_t section_terms(ad_doc *doc, ad_tokenizer *tok, uint32_t **ids,
			    size_t *cap)
{
	size_t i, n = 0, start, bad = 0;

	for (i = 0; i < doc->nsections; i++) {
		ad_section *s = &doc->sections[i];

		start = doc->share ? n : (n = 0);
		bad += run(tok, s->title, ids, &n, cap);
		s->ntitle_terms = n - start < AD_TITLE_MAX_TERMS
					  ? (uint32_t)(n - start)
					  : AD_TITLE_MAX_TERMS;
		bad += run(tok, ad_doc_section_text(doc, i), ids, &n, cap);
		bad += run(tok, ad_doc_section_code(doc, i), ids, &n, cap);
		s->nterms = (uint32_t)(n - start);
		if (!doc->share)
			s->terms = copy_terms(doc, *ids, n);
	}
	if (doc->share && n) {
		doc->pending_terms = ad_xmalloc(n * sizeof(**ids));
		memcpy(doc->pending_terms, *ids, n * sizeof(**ids));
		for (i = 0, start = 0; i < doc->nsections; i++) {
			ad_section *s = &doc->sections[i];

			s->terms = s->nterms ? doc->pending_terms + start
					     : NULL;
			start += s->nterms;
		}
	}
	return bad;
}

void ad_vocab_tokenize_doc(ad_doc *doc, ad_tokenizer *tok, int worker,
			   uint32_t **ids, size_t *cap)
{
	size_t i, n = 0, bad = 0, b;
	/* a shared rule text another doc tokenized need not be again; but
	 * a journal notes the words of each doc, so then every doc is */
	int take = doc->share && !ad_tokenizer_journaling(tok);

	bad += run(tok, doc->fm.description, ids, &n, cap);
	doc->desc_terms = copy_terms(doc, *ids, n);
	doc->ndesc_terms = (uint32_t)n;
	n = 0;
	bad += tokenize_meta(doc, tok, ids, &n, cap);
	doc->meta_terms = copy_terms(doc, *ids, n);
	doc->nmeta_terms = (uint32_t)n;
	n = 0;
	bad += run(tok, doc->identity, ids, &n, cap);
	doc->name_terms = copy_terms(doc, *ids, n);
	doc->nname_terms = (uint32_t)n;
	bad += section_terms(doc, tok, ids, cap);
	for (i = 0; i < doc->nrules; i++) {
		ad_rule *r = &doc->rules[i];
		uint32_t taken;

		if (take && ad_docshare_take(doc->share, r->text, &r->terms,
					     &taken)) {
			r->nterms = taken;
			continue;
		}
		n = 0;
		b = run(tok, r->text, ids, &n, cap);
		rule_terms(doc, r, *ids, n, b, worker);
		bad += b;
	}
	doc->bad_utf8 = bad;
	if (bad)
		ad_doc_warn(doc, 0, "%zu bytes of invalid utf-8 skipped", bad);
}

/* The taken texts shared out to the tokenizers, a run at a time. */
typedef struct counting {
	ad_tokenizer *const *toks;
	const char **texts;
	const uint32_t *times;
	size_t n;
	atomic_size_t next;
} counting;

static void count_work(void *ctx, int worker)
{
	counting *c = ctx;
	uint32_t *ids = NULL;
	size_t i, end, cap = 0;

	while ((i = ad_parallel_chunk(&c->next, c->n, 256, &end)) < c->n)
		for (; i < end; i++)
			ad_tokenizer_count(c->toks[worker], c->texts[i],
					   strlen(c->texts[i]), c->times[i],
					   &ids, &cap);
	free(ids);
}

void ad_vocab_count_taken(const ad_docshare *share,
			  ad_tokenizer *const *toks, int n)
{
	counting c;
	uint32_t *times;

	c.toks = toks;
	c.n = ad_docshare_taken(share, &c.texts, &times);
	c.times = times;
	atomic_init(&c.next, 0);
	if (c.n)
		ad_parallel_run(n, count_work, &c);
	free(c.texts);
	free(times);
}

typedef struct merging {
	ad_vocab *vocab;
	const uint32_t *remap; /* the tokenizer's term id -> merge id */
	uint32_t before;       /* forms added by tokenizers merged before */
} merging;

/* w, of the given stem, counted: its form found among the forms of the
 * stem from below 'before' (forms at or above it are distinct from w),
 * else added. A chain runs from the newest form to the oldest. */
static void count_form(ad_vocab *v, uint32_t stem, const char *w,
		       size_t len, uint64_t count, uint32_t before)
{
	word_form *e;
	uint32_t f = v->first_form[stem];

	while (f != AD_STRTAB_NONE && f >= before)
		f = v->forms[f].next;
	for (; f != AD_STRTAB_NONE; f = e->next) {
		e = &v->forms[f];
		if (e->len == len && memcmp(e->word, w, len) == 0) {
			e->count += count;
			return;
		}
	}
	ad_grow(&v->forms, &v->cap_forms, v->nforms + 1, sizeof(*v->forms));
	e = &v->forms[v->nforms];
	e->word = ad_arena_strndup(v->arena, w, len);
	e->len = (uint32_t)len;
	e->count = count;
	e->next = v->first_form[stem];
	v->first_form[stem] = (uint32_t)v->nforms++;
}

void ad_vocab_add_word(ad_vocab *v, uint32_t stem, const char *w,
		       size_t len, uint64_t count)
{
	count_form(v, stem, w, len, count, AD_STRTAB_NONE);
}

/* A tokenizer's words are distinct: each is looked for only among the
 * forms of the tokenizers merged before it. */
static void add_word(const char *w, size_t len, uint32_t term,
		     uint32_t count, void *payload)
{
	merging *m = payload;

	count_form(m->vocab, m->remap[term], w, len, count, m->before);
}

/* Keep first_form[] as long as the stem table, new chains empty. */
static void grow_chains(ad_vocab *v, uint32_t old)
{
	uint32_t i, n = ad_strtab_count(v->stems);

	ad_grow(&v->first_form, &v->cap_first, n, sizeof(*v->first_form));
	for (i = old; i < n; i++)
		v->first_form[i] = AD_STRTAB_NONE;
}

uint32_t ad_vocab_intern_stem(ad_vocab *vocab, const char *stem,
			      size_t len)
{
	uint32_t old = ad_strtab_count(vocab->stems);
	uint32_t id = ad_strtab_intern(vocab->stems, stem, len);

	grow_chains(vocab, old);
	return id;
}

uint32_t *ad_vocab_merge(ad_vocab *vocab, const ad_tokenizer *tok)
{
	const ad_strtab *terms = ad_tokenizer_terms(tok);
	uint32_t n = ad_strtab_count(terms);
	uint32_t old = ad_strtab_count(vocab->stems);
	uint32_t *remap = ad_xmalloc((n ? n : 1) * sizeof(*remap));
	merging m = {vocab, remap, (uint32_t)vocab->nforms};

	ad_strtab_merge(vocab->stems, terms, remap);
	grow_chains(vocab, old);
	ad_tokenizer_foreach_word(tok, add_word, &m);
	return remap;
}

/* Whether form a reads better than form b: more frequent, then shorter,
 * then smaller in byte order. Forms are distinct, so one of them wins. */
static int better_form(const word_form *a, const word_form *b)
{
	if (a->count != b->count)
		return a->count > b->count;
	if (a->len != b->len)
		return a->len < b->len;
	return memcmp(a->word, b->word, a->len) < 0;
}

/* Only now are the counts complete: every tokenizer has been merged. */
static void choose_surfaces(ad_vocab *v)
{
	uint32_t i, f, n = ad_strtab_count(v->stems);

	free(v->surface);
	v->surface = ad_xmalloc((n ? n : 1) * sizeof(*v->surface));
	for (i = 0; i < n; i++) {
		const word_form *best = NULL;

		for (f = v->first_form[i]; f != AD_STRTAB_NONE;
		     f = v->forms[f].next)
			if (!best || better_form(&v->forms[f], best))
				best = &v->forms[f];
		v->surface[i] = best ? best->word : NULL;
	}
}

typedef struct named {
	const char *stem;
	uint32_t id;
} named;

static int by_stem(const void *a, const void *b)
{
	return strcmp(((const named *)a)->stem, ((const named *)b)->stem);
}

/* Sort keys: the first PREFIX bytes of a stem, big-endian and padded
 * with zeros as strcmp() sees its end, above its id. Stems that differ
 * there are in strcmp() order by their keys; the few runs of one prefix
 * are sorted by strcmp() after. */
#define PREFIX 5
#define ID_BITS (64 - 8 * PREFIX)

static uint64_t prefix_key(const char *stem, uint32_t id)
{
	uint64_t key = 0;
	size_t k, len = strnlen(stem, PREFIX);

	for (k = 0; k < PREFIX; k++)
		key = key << 8 | (k < len ? (unsigned char)stem[k] : 0);
	return key << ID_BITS | id;
}

/* Stems in strcmp() order: by keys, then runs of one prefix by
 * strcmp(); by strcmp() alone when ids do not fit beside the prefix. */
static void sort_stems(named *order, const ad_strtab *stems, uint32_t n)
{
	uint64_t *key;
	uint32_t i, run;

	for (i = 0; i < n; i++) {
		order[i].stem = ad_strtab_str(stems, i, NULL);
		order[i].id = i;
	}
	if ((uint64_t)n >= (uint64_t)1 << ID_BITS) {
		qsort(order, n, sizeof(*order), by_stem);
		return;
	}
	key = ad_xmalloc(((size_t)n + 1) * sizeof(*key));
	for (i = 0; i < n; i++)
		key[i] = prefix_key(order[i].stem, i);
	ad_sort_u64(key, n);
	for (i = 0; i < n; i++) {
		uint32_t id = (uint32_t)(key[i] & (((uint64_t)1 << ID_BITS) - 1));

		order[i].stem = ad_strtab_str(stems, id, NULL);
		order[i].id = id;
	}
	for (i = 0; i < n; i = run) {
		for (run = i + 1;
		     run < n && key[run] >> ID_BITS == key[i] >> ID_BITS; run++)
			;
		if (run - i > 1)
			qsort(order + i, run - i, sizeof(*order), by_stem);
	}
	free(key);
}

uint32_t *ad_vocab_finish(ad_vocab *vocab)
{
	uint32_t i, n = ad_strtab_count(vocab->stems);
	named *order = ad_xmalloc((n ? n : 1) * sizeof(*order));
	uint32_t *final_of = ad_xmalloc((n ? n : 1) * sizeof(*final_of));

	sort_stems(order, vocab->stems, n);
	free(vocab->merge_of);
	vocab->merge_of = ad_xmalloc((n ? n : 1) * sizeof(*vocab->merge_of));
	for (i = 0; i < n; i++) {
		final_of[order[i].id] = i;
		vocab->merge_of[i] = order[i].id;
	}
	free(order);
	choose_surfaces(vocab);
	return final_of;
}

static void remap_array(uint32_t *ids, uint32_t n, const uint32_t *remap)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		ids[i] = remap[ids[i]];
}

void ad_vocab_remap_doc_own(ad_doc *doc, const uint32_t *remap)
{
	remap_array(doc->desc_terms, doc->ndesc_terms, remap);
	remap_array(doc->meta_terms, doc->nmeta_terms, remap);
	remap_array(doc->name_terms, doc->nname_terms, remap);
}

void ad_vocab_remap_doc(ad_doc *doc, const uint32_t *remap)
{
	size_t i;

	ad_vocab_remap_doc_own(doc, remap);
	for (i = 0; i < doc->nsections; i++)
		remap_array(doc->sections[i].terms, doc->sections[i].nterms,
			    remap);
	/* shared terms are the share's to remap (ad_docshare_remap()) */
	for (i = 0; i < doc->nrules && !doc->share; i++)
		remap_array(doc->rules[i].terms, doc->rules[i].nterms, remap);
}

uint32_t ad_vocab_count(const ad_vocab *vocab)
{
	return ad_strtab_count(vocab->stems);
}

/* Ids given out after ad_vocab_finish() are final ids. */
static uint32_t merge_id(const ad_vocab *v, uint32_t id)
{
	return v->merge_of ? v->merge_of[id] : id;
}

const char *ad_vocab_stem(const ad_vocab *vocab, uint32_t id)
{
	return ad_strtab_str(vocab->stems, merge_id(vocab, id), NULL);
}

const char *ad_vocab_surface(const ad_vocab *vocab, uint32_t id)
{
	const char *w = vocab->surface ? vocab->surface[merge_id(vocab, id)]
				       : NULL; /* NULL: not finished yet */
	return w ? w : ad_vocab_stem(vocab, id);
}
