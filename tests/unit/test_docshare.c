/* Unit tests of docshare.c: docs parsed with one share hold one copy of
 * each rule text, heading, path and frontmatter string they repeat, and
 * still read back exactly what a doc parsed alone holds; a rule's terms
 * are given once and renumbered with the table of the worker that gave
 * them, and a section's terms are shared once renumbered; docs and
 * share may be freed in any order; a collection that shares gives the
 * same docs through the scan cache, whose term arrays are kept once
 * each, the sections' apart from the rules'. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "agentdup/collection.h"
#include "base/strtab.h"
#include "index/tokenizer.h"
#include "index/vocab.h"
#include "parse/docshare.h"
#include "parse/parse.h"

static const char A[] =
	"---\nname: reviewer\ndescription: Reviews code\ntools: Read, Grep\n"
	"---\n# Review\n\nRead the diff first.\n\n- Never push to main.\n"
	"- Flag unsafe casts.\n\n## Style\n\n1. Keep it short.\n";
/* A fork: the same tools, heading and two of the rules, one changed. */
static const char B[] =
	"---\nname: checker\ndescription: Checks code\ntools: Read, Grep\n"
	"---\n# Review\n\n- Never push to main.\n- Flag unsafe casts!\n\n"
	"## Style\n\n1. Keep it short.\n";

static ad_doc *parse(const char *text, ad_docshare *share)
{
	ad_error err = AD_ERROR_INIT;
	ad_doc *d;

	assert_int_equal(ad_doc_parse_shared(&d, "x.md", text, strlen(text),
					     share, &err), 0);
	return d;
}

/* Every string of a and b equal, one by one. */
static void same_doc(const ad_doc *a, const ad_doc *b)
{
	size_t i, k;

	assert_int_equal(a->nrules, b->nrules);
	assert_int_equal(a->nsections, b->nsections);
	assert_int_equal(a->fm.nfields, b->fm.nfields);
	for (i = 0; i < a->nrules; i++) {
		assert_string_equal(a->rules[i].text, b->rules[i].text);
		assert_int_equal(a->rules[i].line, b->rules[i].line);
		assert_int_equal(a->rules[i].kind, b->rules[i].kind);
	}
	for (i = 0; i < a->nsections; i++) {
		assert_string_equal(a->sections[i].path, b->sections[i].path);
		assert_string_equal(a->sections[i].title,
				    b->sections[i].title);
	}
	for (i = 0; i < a->fm.nfields; i++) {
		const ad_fm_field *f = &a->fm.fields[i], *g = &b->fm.fields[i];

		assert_string_equal(f->key, g->key);
		assert_int_equal(f->nvalues, g->nvalues);
		for (k = 0; k < f->nvalues; k++)
			assert_string_equal(f->values[k], g->values[k]);
	}
	assert_string_equal(a->fm.description, b->fm.description);
	assert_string_equal(a->name, b->name);
}

static void test_docshare__one_copy_exact_texts(void **state)
{
	ad_docshare *share = ad_docshare_new();
	ad_doc *a = parse(A, share), *b = parse(B, share);
	ad_doc *a_alone = parse(A, NULL), *b_alone = parse(B, NULL);

	(void)state;
	same_doc(a, a_alone);
	same_doc(b, b_alone);
	/* the rule both hold: one copy; the changed one: its own */
	assert_ptr_equal(a->rules[0].text, b->rules[0].text);
	assert_ptr_not_equal(a->rules[1].text, b->rules[1].text);
	assert_string_equal(b->rules[1].text, "Flag unsafe casts!");
	assert_ptr_equal(a->rules[2].text, b->rules[2].text);
	assert_ptr_equal(a->sections[1].path, b->sections[1].path);
	assert_string_equal(a->sections[1].path, "Review > Style");
	assert_ptr_equal(ad_doc_field(a, "tools"), ad_doc_field(b, "tools"));
	assert_ptr_not_equal(a->name, b->name);
	/* a doc alone shares nothing */
	assert_ptr_not_equal(a_alone->rules[0].text, a->rules[0].text);
	ad_doc_free(a_alone);
	ad_doc_free(b_alone);
	/* the share first: the docs free nothing of it */
	ad_docshare_free(share);
	ad_doc_free(a);
	ad_doc_free(b);
}

/* The first doc tokenized gives a text's terms; a second worker reads
 * the same copy, and the remap uses the first worker's table. */
static void test_docshare__terms_given_once(void **state)
{
	ad_docshare *share = ad_docshare_new();
	const char *text = "never push to main";
	const char *t1 = text, *t2 = text;
	uint32_t ids1[] = {7, 8, 9}, ids0[] = {0, 1, 2}, n = 0, i;
	uint32_t table0[10], table1[10];
	uint32_t *remap[2] = {table0, table1};
	uint32_t *got, *again;

	(void)state;
	ad_docshare_rules(share, &t1, 1, sizeof(t1));
	ad_docshare_rules(share, &t2, 1, sizeof(t2));
	assert_ptr_equal(t1, t2);
	assert_ptr_not_equal(t1, text);
	assert_string_equal(t1, text);
	got = ad_docshare_terms(share, t1, ids1, 3, 0, 1, &n);
	assert_int_equal(n, 3);
	again = ad_docshare_terms(share, t2, ids0, 3, 0, 0, &n);
	assert_ptr_equal(got, again);
	assert_memory_equal(got, ids1, sizeof(ids1));
	for (i = 0; i < 10; i++) {
		table0[i] = 100 + i;
		table1[i] = 200 + i;
	}
	ad_docshare_remap(share, remap, NULL, 1);
	assert_int_equal(got[0], 207);
	assert_int_equal(got[2], 209);
	ad_docshare_free(share);
	ad_docshare_free(NULL);
}

/* A text's terms are taken once given, but for a text with invalid
 * bytes, and each take is counted: the taken texts come back once each,
 * with how often. */
static void test_docshare__taken_counted(void **state)
{
	ad_docshare *share = ad_docshare_new();
	const char *a = "check the logs", *b = "run the tests";
	const char *c = "never taken", *d = "bad \xff bytes";
	const char **texts;
	uint32_t ids[] = {4, 5}, *terms = NULL, n = 9, *times;
	size_t k;

	(void)state;
	ad_docshare_rules(share, &a, 1, sizeof(a));
	ad_docshare_rules(share, &b, 1, sizeof(b));
	ad_docshare_rules(share, &c, 1, sizeof(c));
	ad_docshare_rules(share, &d, 1, sizeof(d));
	assert_int_equal(ad_docshare_taken(share, &texts, &times), 0);
	assert_null(texts);
	assert_int_equal(ad_docshare_take(share, a, &terms, &n), 0);
	assert_int_equal(n, 9); /* untouched */
	(void)ad_docshare_terms(share, a, ids, 2, 0, 0, &n);
	(void)ad_docshare_terms(share, b, NULL, 0, 0, 1, &n);
	(void)ad_docshare_terms(share, c, ids, 1, 0, 1, &n);
	(void)ad_docshare_terms(share, d, ids, 2, 1, 1, &n);
	assert_int_equal(ad_docshare_take(share, a, &terms, &n), 1);
	assert_int_equal(n, 2);
	assert_memory_equal(terms, ids, sizeof(ids));
	assert_int_equal(ad_docshare_take(share, a, &terms, &n), 1);
	assert_int_equal(ad_docshare_take(share, b, &terms, &n), 1);
	assert_int_equal(n, 0); /* given, with no terms */
	assert_int_equal(ad_docshare_take(share, d, &terms, &n), 0);
	assert_int_equal(ad_docshare_taken(share, &texts, &times), 2);
	for (k = 0; k < 2; k++) {
		assert_true(texts[k] == a || texts[k] == b);
		assert_int_equal(times[k], texts[k] == a ? 2 : 1);
	}
	assert_ptr_not_equal(texts[0], texts[1]);
	free(texts);
	free(times);
	ad_docshare_free(share);
}

/* Texts in every shard, their terms given by two workers, remapped on
 * three threads: each text's terms through its own worker's table. */
static void test_docshare__remap_on_threads(void **state)
{
	enum { N = 2000 };
	ad_docshare *share = ad_docshare_new();
	static char bufs[N][24];
	static const char *t[N];
	static uint32_t *got[N];
	uint32_t table0[N + 3], table1[N + 3], ids[3], n, i;
	uint32_t *remap[2] = {table0, table1};

	(void)state;
	for (i = 0; i < N + 3; i++) {
		table0[i] = 100000 + i;
		table1[i] = 200000 + i;
	}
	for (i = 0; i < N; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), "rule text %u", (unsigned)i);
		t[i] = bufs[i];
		ad_docshare_rules(share, &t[i], 1, sizeof(t[i]));
		ids[0] = i;
		ids[1] = i + 1;
		ids[2] = i + 2;
		got[i] = ad_docshare_terms(share, t[i], ids, 3, 0, (int)(i % 2),
					   &n);
		assert_int_equal(n, 3);
	}
	ad_docshare_remap(share, remap, NULL, 3);
	for (i = 0; i < N; i++) {
		uint32_t base = i % 2 ? 200000 : 100000;

		assert_int_equal(got[i][0], base + i);
		assert_int_equal(got[i][2], base + i + 2);
	}
	ad_docshare_free(share);
}

/* Many strings, some repeated, in chunks of every size: each comes back
 * as one copy per distinct string, its bytes unchanged. */
static void test_docshare__many_strings(void **state)
{
	enum { N = 5000 };
	ad_docshare *share = ad_docshare_new();
	static char bufs[N][16];
	static const char *s[N], *first[N / 3 + 1];
	size_t i, n;

	(void)state;
	for (i = 0; i < N; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), "s%zu", i % (N / 3));
		s[i] = bufs[i];
	}
	for (i = 0; i < N; i += n) {
		n = i % 37 + 1;
		if (i + n > N)
			n = N - i;
		ad_docshare_strs(share, &s[i], n, sizeof(s[0]));
	}
	for (i = 0; i < N; i++) {
		assert_string_equal(s[i], bufs[i]);
		assert_ptr_not_equal(s[i], bufs[i]);
		if (i < N / 3)
			first[i] = s[i];
		else
			assert_ptr_equal(s[i], first[i % (N / 3)]);
	}
	for (i = 1; i < N / 3; i++)
		assert_ptr_not_equal(first[i], first[i - 1]);
	ad_docshare_free(share);
}

/* ---- a collection ---- */

static ad_collection *load(const ad_text *t, size_t n, const char *cache)
{
	ad_load_opts o = AD_LOAD_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_collection *c;

	o.texts = t;
	o.ntexts = n;
	o.jobs = 2;
	o.keys = 1;
	o.cache = cache;
	assert_int_equal(ad_collection_load(&c, NULL, 0, &o, &err), 0);
	assert_int_equal(c->ndocs, n);
	return c;
}

/* The stems of terms, as one string. */
static void stems(char *out, size_t size, const ad_collection *c,
		  const uint32_t *t, uint32_t n)
{
	size_t at = 0;
	uint32_t i;

	out[0] = '\0';
	for (i = 0; i < n && at < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s ",
				       ad_collection_stem(c, t[i]));
}

/* Two collections hold equal docs: the same texts, and terms that are
 * the same stems (their numbers are each collection's own). */
static void same_collections(const ad_collection *x, const ad_collection *y)
{
	char a[512], b[512];
	size_t d, i;

	assert_int_equal(x->ndocs, y->ndocs);
	for (d = 0; d < x->ndocs; d++) {
		const ad_doc *p = x->docs[d], *q = y->docs[d];

		same_doc(p, q);
		for (i = 0; i < p->nrules; i++) {
			stems(a, sizeof(a), x, p->rules[i].terms,
			      p->rules[i].nterms);
			stems(b, sizeof(b), y, q->rules[i].terms,
			      q->rules[i].nterms);
			assert_string_equal(a, b);
		}
	}
}

/* Terms t[0..n) of collection c are the stems that tok numbered u. */
static void same_stems(const ad_collection *c, const uint32_t *t,
		       uint32_t n, const ad_tokenizer *tok, const uint32_t *u,
		       uint32_t nu)
{
	uint32_t k;

	assert_int_equal(n, nu);
	for (k = 0; k < n; k++)
		assert_string_equal(ad_strtab_str(ad_tokenizer_terms(tok), u[k],
						  NULL),
				    ad_collection_stem(c, t[k]));
}

/* The stems of doc's rules and sections (in collection c) are those of the text
 * parsed and tokenized alone, by a tokenizer of its own. */
static void same_terms_alone(const ad_collection *c, const ad_doc *doc,
			     const char *text)
{
	ad_tokenizer_opts o = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_doc *alone = parse(text, NULL);
	ad_tokenizer *tok;
	uint32_t *ids = NULL;
	size_t cap = 0, r;

	assert_int_equal(ad_tokenizer_new(&tok, &o, &err), 0);
	ad_vocab_tokenize_doc(alone, tok, 0, &ids, &cap);
	assert_int_equal(alone->nrules, doc->nrules);
	for (r = 0; r < doc->nrules; r++)
		same_stems(c, doc->rules[r].terms, doc->rules[r].nterms, tok,
			   alone->rules[r].terms, alone->rules[r].nterms);
	assert_int_equal(alone->nsections, doc->nsections);
	for (r = 0; r < doc->nsections; r++) {
		const ad_section *s = &doc->sections[r];

		assert_int_equal(s->ntitle_terms,
				 alone->sections[r].ntitle_terms);
		same_stems(c, s->terms, s->nterms, tok,
			   alone->sections[r].terms, alone->sections[r].nterms);
	}
	free(ids);
	ad_tokenizer_free(tok);
	ad_doc_free(alone);
}

/* The word a person reads for the term of "test" in c. */
static const char *test_word(const ad_collection *c)
{
	const ad_rule *r = &c->docs[0]->rules[0];
	uint32_t k;

	for (k = 0; k < r->nterms; k++)
		if (strcmp(ad_collection_stem(c, r->terms[k]), "test") == 0)
			return ad_collection_word(c, r->terms[k]);
	fail_msg("no term 'test'");
	return NULL;
}

/* Docs that take a rule's terms from the share, rather than tokenize its
 * text again, still count its words: "tests", in three rules of one
 * text, outnumbers "testing", twice in prose, and is the word read for
 * the term, as when every doc is tokenized (with a cache, whose journal
 * notes each doc's words, no doc takes). */
static void test_docshare__taken_words_counted(void **state)
{
	static const char *const texts[] = {
		"---\nname: one\n---\n- Run the tests first.\n",
		"---\nname: two\n---\n- Run the tests first.\n",
		"---\nname: three\n---\n- Run the tests first.\n",
		"---\nname: four\n---\nTesting, testing.\n",
	};
	char path[64];
	ad_text t[4];
	ad_collection *c;
	size_t i;

	(void)state;
	memset(t, 0, sizeof(t));
	for (i = 0; i < 4; i++) {
		t[i].path = "x.md";
		t[i].text = texts[i];
		t[i].len = strlen(texts[i]);
	}
	c = load(t, 4, NULL);
	assert_string_equal(test_word(c), "tests");
	ad_collection_free(c);
	/* a rule with invalid bytes is tokenized in each doc: each counts
	 * the bytes skipped */
	t[0].text = t[1].text = "---\nname: x\n---\n- Run \xff tests.\n";
	t[0].len = t[1].len = strlen(t[0].text);
	c = load(t, 4, NULL);
	assert_ptr_equal(c->docs[0]->rules[0].text, c->docs[1]->rules[0].text);
	assert_int_equal(c->docs[0]->bad_utf8, 1);
	assert_int_equal(c->docs[1]->bad_utf8, 1);
	ad_collection_free(c);
	t[0].text = texts[0];
	t[1].text = texts[1];
	t[0].len = strlen(texts[0]);
	t[1].len = strlen(texts[1]);
	snprintf(path, sizeof(path), "/tmp/test_docshare_%ld.words",
		 (long)getpid());
	c = load(t, 4, path);
	assert_string_equal(test_word(c), "tests");
	ad_collection_free(c);
	remove(path);
}

/* n texts, forks of A and B by turns. */
static void forks(ad_text *t, size_t n)
{
	size_t i;

	memset(t, 0, n * sizeof(*t));
	for (i = 0; i < n; i++) {
		t[i].path = i % 2 ? "b.md" : "a.md";
		t[i].text = i % 2 ? B : A;
		t[i].len = strlen(t[i].text);
	}
}

/* Docs enough for both workers, each a fork of A or B: the shared terms
 * are right whichever worker gave them, and the docs come back equal
 * from the cache (which a second load reads them from), their strings
 * shared as a parsed doc's. */
static void test_docshare__collection_and_cache(void **state)
{
	enum { N = 64 };
	char path[64];
	ad_text t[N];
	ad_collection *cold, *warm;
	size_t i;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test_docshare_%ld.cache",
		 (long)getpid());
	forks(t, N);
	cold = load(t, N, path);
	assert_true(cold->cache_written);
	for (i = 2; i < N; i++)
		assert_ptr_equal(cold->docs[i]->rules[0].text,
				 cold->docs[i % 2]->rules[0].text);
	assert_ptr_equal(cold->docs[0]->rules[0].terms,
			 cold->docs[1]->rules[0].terms);
	/* "Style": the same heading and no prose in both */
	assert_ptr_equal(cold->docs[0]->sections[1].terms,
			 cold->docs[1]->sections[1].terms);
	assert_ptr_not_equal(cold->docs[0]->sections[0].terms,
			     cold->docs[1]->sections[0].terms);
	warm = load(t, N, path);
	assert_int_equal(warm->cache_hits, N);
	same_collections(cold, warm);
	/* the docs taken from the cache share their strings as parsed
	 * ones do, and hold none of the cache's, which is freed */
	assert_null(warm->cache);
	for (i = 2; i < N; i++) {
		assert_ptr_equal(warm->docs[i]->rules[0].text,
				 warm->docs[i % 2]->rules[0].text);
		assert_ptr_equal(warm->docs[i]->sections[1].title,
				 warm->docs[i % 2]->sections[1].title);
		assert_ptr_equal(warm->docs[i]->identity,
				 warm->docs[i % 2]->identity);
		/* and the term arrays of their rules and sections, each
		 * renumbered once however many docs hold it */
		assert_ptr_equal(warm->docs[i]->rules[0].terms,
				 warm->docs[i % 2]->rules[0].terms);
		assert_ptr_equal(warm->docs[i]->sections[1].terms,
				 warm->docs[i % 2]->sections[1].terms);
	}
	/* and each doc's terms as a doc parsed alone has them */
	for (i = 0; i < 2; i++)
		same_terms_alone(cold, cold->docs[i], t[i].text);
	/* dropping the sections' terms leaves the rules' */
	ad_collection_drop_section_terms(warm);
	for (i = 0; i < N; i++) {
		const ad_rule *w = &warm->docs[i]->rules[0];
		const ad_rule *c = &cold->docs[i]->rules[0];

		assert_null(warm->docs[i]->sections[1].terms);
		assert_int_equal(w->nterms, c->nterms);
		assert_memory_equal(w->terms, c->terms,
				    c->nterms * sizeof(*c->terms));
	}
	ad_collection_free(warm);
	ad_collection_free(cold);
	remove(path);
}

/* Dropping the sections' terms leaves each section's terms NULL and its
 * counts, the rules' texts and terms as they were, and frees what the
 * share held for the sections: the collection holds less. */
static void test_docshare__drop_section_terms(void **state)
{
	enum { N = 64 };
	ad_text t[N];
	ad_collection *c;
	uint32_t nterms[N][4], ntitle[N][4];
	const char *text[N];
	const uint32_t *rule_terms[N];
	size_t i, k, before;

	(void)state;
	forks(t, N);
	c = load(t, N, NULL);
	for (i = 0; i < N; i++) {
		const ad_doc *d = c->docs[i];

		assert_true(d->nsections <= 4);
		for (k = 0; k < d->nsections; k++) {
			nterms[i][k] = d->sections[k].nterms;
			ntitle[i][k] = d->sections[k].ntitle_terms;
		}
		text[i] = d->rules[0].text;
		rule_terms[i] = d->rules[0].terms;
	}
	assert_non_null(c->docs[0]->sections[1].terms);
	before = ad_collection_bytes(c);
	ad_collection_drop_section_terms(c);
	assert_true(ad_collection_bytes(c) < before);
	for (i = 0; i < N; i++) {
		const ad_doc *d = c->docs[i];

		for (k = 0; k < d->nsections; k++) {
			assert_null(d->sections[k].terms);
			assert_int_equal(d->sections[k].nterms, nterms[i][k]);
			assert_int_equal(d->sections[k].ntitle_terms,
					 ntitle[i][k]);
		}
		assert_ptr_equal(d->rules[0].text, text[i]);
		assert_string_equal(d->rules[0].text, "Never push to main.");
		assert_ptr_equal(d->rules[0].terms, rule_terms[i]);
	}
	ad_collection_free(c);
}

/* Term arrays of docs decoded from a cache, put a doc's arrays at once
 * (more than a chunk of them): equal arrays are one copy, none of 0
 * terms, bytes at any alignment, the rules' apart from the sections';
 * each copy renumbered once through the cache's table. */
static void test_docshare__kept_arrays(void **state)
{
	enum { N = 40 };
	typedef struct item {
		uint32_t *terms;
		uint32_t pad;
	} item;
	ad_docshare *share = ad_docshare_new();
	unsigned char raw[N * 8 + 1];
	const void *at[N];
	uint32_t count[N], table[128], k, v;
	item rules[N], sections[2];
	uint32_t *remap[1] = {NULL};

	(void)state;
	for (k = 0; k < N; k++) { /* array k: (k % 5, 7), odd bytes */
		v = k % 5;
		memcpy(raw + 1 + 8 * k, &v, 4);
		v = 7;
		memcpy(raw + 5 + 8 * k, &v, 4);
		at[k] = raw + 1 + 8 * k;
		count[k] = k % 9 == 8 ? 0 : 2;
		rules[k].terms = (uint32_t *)(uintptr_t)1; /* overwritten */
	}
	ad_docshare_kept(share, 1, &rules[0].terms, sizeof(item), at, count,
			 N);
	for (k = 0; k < N; k++) {
		if (!count[k]) {
			assert_null(rules[k].terms);
			continue;
		}
		assert_int_equal(rules[k].terms[0], k % 5);
		assert_int_equal(rules[k].terms[1], 7);
		if (k >= 5 && count[k - 5])
			assert_ptr_equal(rules[k].terms, rules[k - 5].terms);
		if (k >= 1 && count[k - 1])
			assert_ptr_not_equal(rules[k].terms,
					     rules[k - 1].terms);
	}
	/* a section's array of the same terms is a copy of its own */
	ad_docshare_kept(share, 0, &sections[0].terms, sizeof(item), at, count,
			 2);
	assert_ptr_not_equal(sections[1].terms, rules[1].terms);
	assert_memory_equal(sections[1].terms, rules[1].terms, 8);
	for (k = 0; k < 128; k++) /* twice would give 200 and more */
		table[k] = 100 + k;
	ad_docshare_remap(share, remap, table, 1);
	assert_int_equal(rules[3].terms[0], 103);
	assert_int_equal(rules[3].terms[1], 107);
	assert_int_equal(rules[13].terms[0], 103); /* the same copy, once */
	assert_int_equal(sections[0].terms[0], 100);
	ad_docshare_free(share);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docshare__one_copy_exact_texts),
		cmocka_unit_test(test_docshare__terms_given_once),
		cmocka_unit_test(test_docshare__taken_counted),
		cmocka_unit_test(test_docshare__remap_on_threads),
		cmocka_unit_test(test_docshare__many_strings),
		cmocka_unit_test(test_docshare__collection_and_cache),
		cmocka_unit_test(test_docshare__taken_words_counted),
		cmocka_unit_test(test_docshare__drop_section_terms),
		cmocka_unit_test(test_docshare__kept_arrays),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
