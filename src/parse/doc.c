/*
 * doc.c - the parsed agent: its arena, how the parsers fill it, and how
 * readers look into it.
 */
#include "agentdup/doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/buf.h"
#include "base/arena.h"
#include "parse/doc_internal.h"
#include "parse/docshare.h"

/* A doc holds some 20 KiB: blocks of a fixed, small size leave little of
 * the last one unused, where doubling blocks left as much as was used. */
#define DOC_BLOCK (4u * 1024u)

ad_doc *ad_doc_new(const char *path, const char *text, size_t len)
{
	ad_arena *arena = ad_arena_new_fixed(DOC_BLOCK);
	ad_doc *doc = ad_arena_calloc(arena, 1, sizeof(*doc));

	doc->arena = arena;
	doc->texts = ad_arena_new();
	doc->path = ad_arena_strdup(arena, path ? path : "");
	doc->text = text;
	doc->len = len;
	return doc;
}

ad_arena *ad_doc_arena_for_shared(ad_doc *doc)
{
	if (!doc->share)
		return doc->arena;
	if (!doc->scratch)
		doc->scratch = ad_arena_new();
	return doc->scratch;
}

/* All at once, so that the share looks them up a chunk at a time. */
static void share_body(ad_doc *doc)
{
	if (doc->nsections) {
		ad_docshare_strs(doc->share, &doc->sections[0].path,
				 doc->nsections, sizeof(ad_section));
		ad_docshare_strs(doc->share, &doc->sections[0].title,
				 doc->nsections, sizeof(ad_section));
	}
	if (doc->nrules)
		ad_docshare_rules(doc->share, &doc->rules[0].text,
				  doc->nrules, sizeof(ad_rule));
	ad_arena_free(doc->scratch);
	doc->scratch = NULL;
}

/* Each of n strings at first, first + stride bytes, ... copied into a
 * (NULL stays NULL). */
static void own_each(ad_arena *a, const char **first, size_t n,
		     size_t stride)
{
	unsigned char *at = (unsigned char *)first;
	size_t i;

	for (i = 0; i < n; i++, at += stride) {
		const char **s = (const char **)(void *)at;

		if (*s)
			*s = ad_arena_strdup(a, *s);
	}
}

void ad_doc_share_strings(ad_doc *doc, ad_docshare *share)
{
	ad_frontmatter *fm = &doc->fm;
	size_t i;

	if (doc->nsections) {
		ad_docshare_strs(share, &doc->sections[0].path,
				 doc->nsections, sizeof(ad_section));
		ad_docshare_strs(share, &doc->sections[0].title,
				 doc->nsections, sizeof(ad_section));
	}
	if (doc->nrules)
		ad_docshare_rules(share, &doc->rules[0].text, doc->nrules,
				  sizeof(ad_rule));
	ad_docshare_strs(share, &doc->name, 1, sizeof(doc->name));
	ad_docshare_strs(share, &doc->identity, 1, sizeof(doc->identity));
	ad_docshare_strs(share, &fm->description, 1, sizeof(fm->description));
	if (fm->nexamples)
		ad_docshare_strs(share, fm->examples, fm->nexamples,
				 sizeof(*fm->examples));
	if (fm->nfields)
		ad_docshare_strs(share, &fm->fields[0].key, fm->nfields,
				 sizeof(ad_fm_field));
	for (i = 0; i < fm->nfields; i++)
		if (fm->fields[i].nvalues)
			ad_docshare_strs(share, fm->fields[i].values,
					 fm->fields[i].nvalues,
					 sizeof(*fm->fields[i].values));
	own_each(doc->arena, doc->warnings, doc->nwarnings,
		 sizeof(*doc->warnings));
	if (doc->section_texts) { /* in texts */
		own_each(doc->texts, &doc->section_texts[0].text,
			 doc->nsections, sizeof(ad_section_texts));
		own_each(doc->texts, &doc->section_texts[0].code,
			 doc->nsections, sizeof(ad_section_texts));
	}
}

/* Sections and rules grow in malloc'd arrays while the doc is parsed (an
 * array doubling inside the arena would leave every old copy behind);
 * sealing moves them into the arena at their final size. */
void ad_doc_seal(ad_doc *doc)
{
	ad_section *s = doc->sections;
	ad_rule *r = doc->rules;

	if (doc->share)
		share_body(doc);

	if (doc->cap_sections)
		doc->sections = ad_arena_memdup(doc->arena, s, doc->nsections *
							       sizeof(*s));
	if (doc->cap_rules)
		doc->rules = ad_arena_memdup(doc->arena, r,
					     doc->nrules * sizeof(*r));
	free(s);
	free(r);
	doc->cap_sections = doc->cap_rules = 0;
}

/* p followed into the packed arena. */
#define MOVE(m, p) ((p) = ad_arena_moved((m), (p)))

static void move_strings(ad_arena_move *m, const char **s, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		MOVE(m, s[i]);
}

/* A doc with a share holds its frontmatter's strings there: only the
 * arrays are in its arena. */
static void move_frontmatter(ad_arena_move *m, ad_frontmatter *fm,
			     int shared)
{
	size_t i;

	MOVE(m, fm->fields);
	for (i = 0; i < fm->nfields; i++) {
		MOVE(m, fm->fields[i].values);
		if (shared)
			continue;
		MOVE(m, fm->fields[i].key);
		move_strings(m, fm->fields[i].values, fm->fields[i].nvalues);
	}
	MOVE(m, fm->examples);
	if (shared)
		return;
	MOVE(m, fm->description);
	move_strings(m, fm->examples, fm->nexamples);
}

/* What the doc shares is not in its arena and stays where it is. */
static void move_body(ad_arena_move *m, ad_doc *d)
{
	size_t i;

	MOVE(m, d->sections);
	for (i = 0; i < d->nsections && !d->share; i++) {
		MOVE(m, d->sections[i].path);
		MOVE(m, d->sections[i].title);
		MOVE(m, d->sections[i].terms);
	}
	MOVE(m, d->rules);
	for (i = 0; i < d->nrules && !d->share; i++) {
		MOVE(m, d->rules[i].text);
		MOVE(m, d->rules[i].terms);
	}
}

/* Every pointer of the doc that may be into its arena (the sections' text
 * and code are in texts, and what it shares in its share: neither is). A
 * pointer field added to ad_doc, ad_section, ad_rule or ad_frontmatter
 * must be moved here too: one left
 * out points into freed memory once the doc is packed. */
static void move_doc(ad_arena_move *m, ad_doc *d)
{
	MOVE(m, d->path);
	move_frontmatter(m, &d->fm, d->share != NULL);
	MOVE(m, d->name);
	MOVE(m, d->identity);
	move_body(m, d);
	MOVE(m, d->warnings);
	move_strings(m, d->warnings, d->nwarnings);
	MOVE(m, d->warning_lines);
	MOVE(m, d->section_keys);
	MOVE(m, d->desc_terms);
	MOVE(m, d->meta_terms);
	MOVE(m, d->name_terms);
}

ad_doc *ad_doc_pack(ad_doc *doc, ad_arena *room)
{
	ad_arena_move m;
	ad_arena *old = doc->arena;
	ad_arena *packed = ad_arena_pack(&m, old, room);
	ad_doc *d = ad_arena_moved(&m, doc);

	d->arena = packed;
	move_doc(&m, d);
	ad_arena_move_dispose(&m);
	ad_arena_free(old); /* the old doc lived in it */
	return d;
}

void ad_doc_free(ad_doc *doc)
{
	if (!doc)
		return;
	if (doc->cap_sections)
		free(doc->sections);
	if (doc->cap_rules)
		free(doc->rules);
	ad_arena_free(doc->texts);
	ad_arena_free(doc->scratch);
	free(doc->pending_terms);
	ad_arena_free(doc->arena); /* the doc itself lives in it */
}

void ad_doc_share_terms(ad_doc *doc)
{
	if (!doc->share || !doc->pending_terms)
		return;
	ad_docshare_term_arrays(doc->share, &doc->sections[0].terms,
				&doc->sections[0].nterms, doc->nsections,
				sizeof(ad_section));
	free(doc->pending_terms);
	doc->pending_terms = NULL;
}

void ad_doc_drop_texts(ad_doc *doc)
{
	doc->section_texts = NULL; /* it lived in texts */
	ad_arena_free(doc->texts);
	doc->texts = NULL;
}

/* Section k's key from its texts, joined in tmp. */
static void key_from_texts(unsigned char out[AD_HASH_BYTES],
			   const ad_doc *doc, size_t k, ad_buf *tmp)
{
	const char *text = ad_doc_section_text(doc, k);
	const char *code = ad_doc_section_code(doc, k);

	ad_buf_clear(tmp);
	ad_buf_puts(tmp, text ? text : "");
	if (code) {
		ad_buf_putc(tmp, '\0'); /* keeps "ab" + "c" from "a" + "bc" */
		ad_buf_puts(tmp, code);
	}
	ad_hash_digest(out, tmp->ptr, tmp->len);
}

void ad_doc_key_sections(ad_doc *doc)
{
	ad_buf tmp = AD_BUF_INIT;
	size_t k;

	if (!doc->nsections)
		return;
	doc->section_keys = ad_arena_alloc(doc->arena, doc->nsections *
						       sizeof(*doc->section_keys));
	for (k = 0; k < doc->nsections; k++)
		key_from_texts(doc->section_keys[k], doc, k, &tmp);
	ad_buf_dispose(&tmp);
}

const char *ad_doc_section_text(const ad_doc *doc, size_t k)
{
	return doc->section_texts ? doc->section_texts[k].text : NULL;
}

const char *ad_doc_section_code(const ad_doc *doc, size_t k)
{
	return doc->section_texts ? doc->section_texts[k].code : NULL;
}

/* Arrays of a doc grow in its arena: the old block is simply abandoned,
 * which costs at most as much again as the final array. */
static void *grow(ad_arena *a, void *old, size_t *cap, size_t n, size_t el)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return old;
	p = ad_arena_alloc(a, c * el);
	if (n)
		memcpy(p, old, n * el);
	*cap = c;
	return p;
}

void ad_doc_warn(ad_doc *doc, int line, const char *fmt, ...)
{
	ad_buf b = AD_BUF_INIT;
	va_list ap;

	if (line > 0)
		ad_buf_printf(&b, "line %d: ", line);
	va_start(ap, fmt);
	ad_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (doc->nwarnings == doc->cap_warnings) {
		size_t cap = doc->cap_warnings;
		doc->warning_lines =
			grow(doc->arena, doc->warning_lines, &cap,
			     doc->nwarnings, sizeof(*doc->warning_lines));
	}
	doc->warnings = grow(doc->arena, doc->warnings, &doc->cap_warnings,
			     doc->nwarnings, sizeof(*doc->warnings));
	doc->warning_lines[doc->nwarnings] = line > 0 ? line : 0;
	doc->warnings[doc->nwarnings++] =
		ad_arena_strndup(doc->arena, b.ptr, b.len);
	ad_buf_dispose(&b);
}

const char *ad_doc_warning_msg(const ad_doc *doc, size_t i)
{
	const char *w = doc->warnings[i];

	if (doc->warning_lines[i] > 0 && strncmp(w, "line ", 5) == 0) {
		const char *colon = strstr(w, ": ");
		if (colon)
			return colon + 2;
	}
	return w;
}

size_t ad_doc_rule_section(const ad_doc *doc, size_t r)
{
	size_t lo = 0, hi = doc->nsections;

	/* the last section whose row starts at r or before: one emptied
	 * before it starts there too, one emptied after it past r */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (doc->sections[mid].first_rule <= r)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

ad_section *ad_doc_add_section(ad_doc *doc)
{
	ad_section *s;

	ad_grow(&doc->sections, &doc->cap_sections, doc->nsections + 1,
		sizeof(*doc->sections));
	s = &doc->sections[doc->nsections++];
	memset(s, 0, sizeof(*s));
	return s;
}

ad_rule *ad_doc_add_rule(ad_doc *doc)
{
	ad_rule *r;

	ad_grow(&doc->rules, &doc->cap_rules, doc->nrules + 1,
		sizeof(*doc->rules));
	r = &doc->rules[doc->nrules++];
	memset(r, 0, sizeof(*r));
	r->task = -1;
	return r;
}

const ad_fm_field *ad_doc_find_field(const ad_doc *doc, const char *key)
{
	size_t i;

	for (i = 0; i < doc->fm.nfields; i++)
		if (strcmp(doc->fm.fields[i].key, key) == 0)
			return &doc->fm.fields[i];
	return NULL;
}

const char *ad_doc_field(const ad_doc *doc, const char *key)
{
	const ad_fm_field *f = ad_doc_find_field(doc, key);
	return f && f->nvalues ? f->values[0] : NULL;
}

const char *ad_doc_kind_name(ad_doc_kind kind)
{
	static const char *const names[] = {"agent", "skill", "command",
					    "rules", "instructions"};

	return names[kind];
}
