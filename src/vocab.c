/*
 * vocab.c - per-document term lists and the merged vocabulary.
 */
#include "agentdup/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/arena.h"
#include "agentdup/strtab.h"

struct ad_vocab {
	ad_strtab *stems;
	const char **surface; /* per merge id, in the arena */
	size_t cap_surface;
	ad_arena *arena;
	uint32_t *merge_of;  /* final id -> merge id, after finish */
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
	free(vocab->surface);
	free(vocab->merge_of);
	free(vocab);
}

static uint32_t *copy_terms(ad_doc *doc, const uint32_t *ids, size_t n)
{
	return n ? ad_arena_memdup(doc->arena, ids, n * sizeof(*ids)) : NULL;
}

static size_t run(ad_tokenizer *tok, const char *s, uint32_t **ids,
		  size_t *n, size_t *cap)
{
	if (!s || !*s)
		return 0;
	return ad_tokenizer_run(tok, s, strlen(s), ids, n, cap);
}

/* The frontmatter beyond the description: every other value (name, tools,
 * tags, ...) and the description's examples. */
static size_t tokenize_meta(ad_doc *doc, ad_tokenizer *tok, uint32_t **ids,
			    size_t *n, size_t *cap)
{
	size_t i, k, bad = 0;

	for (i = 0; i < doc->fm.nfields; i++) {
		const ad_fm_field *f = &doc->fm.fields[i];

		if (strcmp(f->key, "description") == 0)
			continue;
		for (k = 0; k < f->nvalues; k++)
			bad += run(tok, f->values[k], ids, n, cap);
	}
	for (i = 0; i < doc->fm.nexamples; i++)
		bad += run(tok, doc->fm.examples[i], ids, n, cap);
	return bad;
}

void ad_vocab_tokenize_doc(ad_doc *doc, ad_tokenizer *tok, uint32_t **ids,
			   size_t *cap)
{
	size_t i, n = 0, bad = 0;

	bad += run(tok, doc->fm.description, ids, &n, cap);
	doc->desc_terms = copy_terms(doc, *ids, n);
	doc->ndesc_terms = (uint32_t)n;
	n = 0;
	bad += tokenize_meta(doc, tok, ids, &n, cap);
	doc->meta_terms = copy_terms(doc, *ids, n);
	doc->nmeta_terms = (uint32_t)n;
	for (i = 0; i < doc->nsections; i++) {
		ad_section *s = &doc->sections[i];

		n = 0;
		bad += run(tok, s->title, ids, &n, cap);
		s->ntitle_terms = (uint32_t)n;
		bad += run(tok, s->text, ids, &n, cap);
		bad += run(tok, s->code, ids, &n, cap);
		s->terms = copy_terms(doc, *ids, n);
		s->nterms = (uint32_t)n;
	}
	for (i = 0; i < doc->nrules; i++) {
		ad_rule *r = &doc->rules[i];

		n = 0;
		bad += run(tok, r->text, ids, &n, cap);
		r->terms = copy_terms(doc, *ids, n);
		r->nterms = (uint32_t)n;
	}
	doc->bad_utf8 = bad;
	if (bad)
		ad_doc_warn(doc, 0, "%zu bytes of invalid utf-8 skipped", bad);
}

static int shorter(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	return la != lb ? la < lb : strcmp(a, b) < 0;
}

/* Keep surface[] as long as the stem table, new slots NULL. */
static void grow_surface(ad_vocab *v)
{
	size_t old = v->cap_surface, n = ad_strtab_count(v->stems);

	ad_grow(&v->surface, &v->cap_surface, n, sizeof(*v->surface));
	if (v->cap_surface > old)
		memset(v->surface + old, 0,
		       (v->cap_surface - old) * sizeof(*v->surface));
}

uint32_t *ad_vocab_merge(ad_vocab *vocab, const ad_tokenizer *tok)
{
	const ad_strtab *terms = ad_tokenizer_terms(tok);
	uint32_t i, n = ad_strtab_count(terms);
	uint32_t *remap = ad_xmalloc((n ? n : 1) * sizeof(*remap));

	for (i = 0; i < n; i++) {
		size_t len;
		const char *stem = ad_strtab_str(terms, i, &len);
		const char *word = ad_tokenizer_surface(tok, i);
		uint32_t id = ad_strtab_intern(vocab->stems, stem, len);

		grow_surface(vocab);
		if (word && (!vocab->surface[id] ||
			     shorter(word, vocab->surface[id])))
			vocab->surface[id] = ad_arena_strdup(vocab->arena, word);
		remap[i] = id;
	}
	return remap;
}

typedef struct named {
	const char *stem;
	uint32_t id;
} named;

static int by_stem(const void *a, const void *b)
{
	return strcmp(((const named *)a)->stem, ((const named *)b)->stem);
}

uint32_t *ad_vocab_finish(ad_vocab *vocab)
{
	uint32_t i, n = ad_strtab_count(vocab->stems);
	named *order = ad_xmalloc((n ? n : 1) * sizeof(*order));
	uint32_t *final_of = ad_xmalloc((n ? n : 1) * sizeof(*final_of));

	for (i = 0; i < n; i++) {
		order[i].stem = ad_strtab_str(vocab->stems, i, NULL);
		order[i].id = i;
	}
	qsort(order, n, sizeof(*order), by_stem);
	free(vocab->merge_of);
	vocab->merge_of = ad_xmalloc((n ? n : 1) * sizeof(*vocab->merge_of));
	for (i = 0; i < n; i++) {
		final_of[order[i].id] = i;
		vocab->merge_of[i] = order[i].id;
	}
	free(order);
	return final_of;
}

static void remap_array(uint32_t *ids, uint32_t n, const uint32_t *remap)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		ids[i] = remap[ids[i]];
}

void ad_vocab_remap_doc(ad_doc *doc, const uint32_t *remap)
{
	size_t i;

	remap_array(doc->desc_terms, doc->ndesc_terms, remap);
	remap_array(doc->meta_terms, doc->nmeta_terms, remap);
	for (i = 0; i < doc->nsections; i++)
		remap_array(doc->sections[i].terms, doc->sections[i].nterms,
			    remap);
	for (i = 0; i < doc->nrules; i++)
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
	const char *w = vocab->surface[merge_id(vocab, id)];
	return w ? w : ad_vocab_stem(vocab, id);
}
