/* Unit tests of doccache.c: a doc kept comes back whole, and a cache
 * whose entries pass their checksum but say impossible things (indexes
 * out of range, unknown kinds, missing strings, terms no word gave, a
 * word met 0 times) gives a miss, as does a cache cut short anywhere or
 * made under other settings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "agentdup/hash.h"
#include "base/file.h"
#include "index/doccache.h"
#include "parse/parse.h"

#define SETTINGS "test settings"
#define SEC ((int64_t)1000000000)
#define SINCE (1700000000 * SEC) /* when the writing scan began */
#define STAMP {42, sizeof(TEXT) - 1, SINCE - 10 * SEC, SINCE - 5 * SEC}

static const char TEXT[] =
	"---\nname: reviewer\ndescription: Reviews pull requests\n---\n"
	"# Review\n\nRead the diff first.\n\n- Check the tests.\n"
	"- Name every risk.\n\n## Style\n\n1. Keep it short.\n";

/* A parsed and tokenized doc, its terms final ids of *vocab, and its
 * words numbered in table (the tokenizer's words, their terms final ids
 * too). */
typedef struct kept {
	ad_doc *doc;
	ad_vocab *vocab;
	ad_tokenizer *tok; /* its words' bytes */
	ad_word_ref *words;
	size_t nwords;
	ad_word_info *table;
	size_t ntable;
	char key[AD_HASH_HEX + 1];
} kept;

/* The bytes and final term of word w of k. */
static const ad_word_info *info(const kept *k, const ad_word_ref *w)
{
	assert_true(w->word < k->ntable);
	return &k->table[w->word];
}

static void make(kept *k)
{
	ad_tokenizer_opts o = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_tokenizer *t;
	uint32_t *ids = NULL, *remap, *final_of, i, n;
	size_t cap = 0, w;

	assert_int_equal(ad_doc_parse(&k->doc, "agents/reviewer.md", TEXT,
				      strlen(TEXT), &err), 0);
	assert_int_equal(ad_tokenizer_new(&t, &o, &err), 0);
	ad_tokenizer_journal(t, 1);
	ad_vocab_tokenize_doc(k->doc, t, 0, &ids, &cap);
	ad_doc_key_sections(k->doc); /* as a scan with --db keys them */
	k->nwords = ad_tokenizer_journal_take(&k->words, t, k->doc->arena);
	k->vocab = ad_vocab_new();
	remap = ad_vocab_merge(k->vocab, t);
	final_of = ad_vocab_finish(k->vocab);
	n = ad_strtab_count(ad_tokenizer_terms(t));
	for (i = 0; i < n; i++)
		remap[i] = final_of[remap[i]];
	ad_vocab_remap_doc(k->doc, remap);
	k->ntable = ad_tokenizer_words_seen(t);
	k->table = malloc((k->ntable + 1) * sizeof(*k->table));
	assert_non_null(k->table);
	for (w = 0; w < k->ntable; w++) {
		size_t len;
		uint32_t term;

		k->table[w].word = ad_tokenizer_word(t, (uint32_t)w, &len,
						     &term);
		k->table[w].len = (uint32_t)len;
		k->table[w].term = term == AD_STRTAB_NONE ? term : remap[term];
	}
	ad_hash_content(k->key, TEXT, strlen(TEXT));
	k->doc->text = NULL;
	free(ids);
	free(remap);
	free(final_of);
	k->tok = t;
}

static void dispose(kept *k)
{
	ad_doc_free(k->doc);
	ad_vocab_free(k->vocab);
	ad_tokenizer_free(k->tok);
	free(k->table);
}

static void path_of(char *out, size_t n)
{
	snprintf(out, n, "/tmp/test_doccache.%ld", (long)getpid());
}

static void put(const kept *k, const char *path)
{
	ad_doccache_entry e = {
		k->key, k->doc,
		ad_word_refs_pack(k->words, k->nwords, k->doc->arena),
		k->table, STAMP};
	ad_error err = AD_ERROR_INIT;

	assert_int_equal(ad_doccache_write(path, SETTINGS, SINCE, &e, 1,
					   k->vocab, 1, &err), 0);
}

/* The doc kept under k's key and path, or NULL. */
static ad_doc *get(const kept *k, const char *path, ad_doccache **dc)
{
	ad_word_ref *words;
	size_t nwords;

	*dc = ad_doccache_open(path, SETTINGS);
	if (!*dc)
		return NULL;
	return ad_doccache_get(*dc, k->key, "agents/reviewer.md", 1, &words,
			       &nwords, NULL, NULL);
}

static void test_doccache__round_trip(void **state)
{
	char path[64];
	kept k;
	ad_doccache *dc;
	ad_doc *d;
	size_t i;

	(void)state;
	path_of(path, sizeof(path));
	make(&k);
	put(&k, path);
	d = get(&k, path, &dc);
	assert_non_null(d);
	assert_int_equal(d->nsections, k.doc->nsections);
	assert_int_equal(d->nrules, k.doc->nrules);
	assert_string_equal(d->identity, k.doc->identity);
	assert_string_equal(d->fm.description, k.doc->fm.description);
	assert_non_null(d->section_keys);
	for (i = 0; i < d->nsections; i++)
		assert_memory_equal(d->section_keys[i], k.doc->section_keys[i],
				    AD_HASH_BYTES);
	for (i = 0; i < d->nrules; i++) {
		assert_string_equal(d->rules[i].text, k.doc->rules[i].text);
		assert_int_equal(d->rules[i].nterms, k.doc->rules[i].nterms);
		assert_memory_equal(d->rules[i].terms, k.doc->rules[i].terms,
				    d->rules[i].nterms * sizeof(uint32_t));
	}
	assert_null(ad_doccache_open(path, "other settings"));
	ad_doc_free(d);
	ad_doccache_free(dc);
	dispose(&k);
	remove(path);
}

/* What a hostile entry can say; each gives a miss. */
static void harm(kept *k, int how)
{
	ad_doc *d = k->doc;

	switch (how) {
	case 0: d->sections[1].nrules++; break; /* one rule in two rows */
	case 1: d->sections[1].terms[0] = 1u << 30; break;
	case 2: d->kind = (ad_doc_kind)42; break;
	case 3: d->rules[0].task = -2; break; /* the field holds -2..1 */
	case 4: d->identity = NULL; break;
	case 5: d->sections[1].ntitle_terms = d->sections[1].nterms + 1; break;
	case 6: k->nwords = 0; break; /* terms that no word gave */
	case 7: d->sections[0].first_rule = 1000; break;
	case 8: d->sections[1].level = 7; break; /* the field holds 0..7 */
	case 9: d->rules[1].kind = 3; break; /* one past AD_RULE_ROW */
	case 10: d->nexample_terms = d->nmeta_terms + 1; break;
	case 11: d->fm.body_offset = d->len + 1; break;
	case 12: k->words[0].count = 0; break; /* a word it never had */
	}
}

static void test_doccache__hostile_entries_miss(void **state)
{
	char path[64];
	int how;

	(void)state;
	path_of(path, sizeof(path));
	for (how = 0; how <= 12; how++) {
		kept k;
		ad_doccache *dc;
		ad_doc *d;

		make(&k);
		assert_true(k.doc->nrules >= 2 && k.doc->nsections >= 2);
		harm(&k, how);
		put(&k, path);
		d = get(&k, path, &dc);
		if (d)
			fail_msg("harm %d gave a doc", how);
		ad_doccache_free(dc);
		dispose(&k);
	}
	remove(path);
}

static void test_doccache__cut_anywhere(void **state)
{
	char path[64], cut[80];
	kept k;
	FILE *f;
	char *bytes;
	long size, n;

	(void)state;
	path_of(path, sizeof(path));
	snprintf(cut, sizeof(cut), "%s.cut", path);
	make(&k);
	put(&k, path);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	bytes = malloc((size_t)size);
	assert_int_equal(fread(bytes, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	for (n = 0; n < size; n++) {
		ad_doccache *dc;

		f = fopen(cut, "wb");
		assert_non_null(f);
		fwrite(bytes, 1, (size_t)n, f);
		fclose(f);
		dc = ad_doccache_open(cut, SETTINGS);
		assert_null(dc);
	}
	free(bytes);
	dispose(&k);
	remove(path);
	remove(cut);
}

/* A cached doc's words carry the cache's numbers of them, which give
 * back each word and its stem: a scan sums counts by number. */
static void test_doccache__words_numbered(void **state)
{
	char path[64];
	kept k;
	ad_doccache *dc;
	ad_word_ref *words;
	size_t nwords, i, len, slen;
	uint32_t stem;
	ad_doc *d;

	(void)state;
	path_of(path, sizeof(path));
	make(&k);
	put(&k, path);
	dc = ad_doccache_open(path, SETTINGS);
	assert_non_null(dc);
	d = ad_doccache_get(dc, k.key, "agents/reviewer.md", 0, &words,
			    &nwords, NULL, NULL);
	assert_non_null(d);
	assert_int_equal(nwords, k.nwords);
	for (i = 0; i < nwords; i++) {
		const ad_word_ref *o = k.words;
		const char *w;

		assert_true(words[i].word < ad_doccache_nwords(dc));
		w = ad_doccache_word(dc, words[i].word, &len, &stem);
		while (info(&k, o)->len != len ||
		       memcmp(info(&k, o)->word, w, len) != 0)
			assert_true(++o < k.words + k.nwords);
		assert_string_equal(ad_doccache_stem(dc, stem, &slen),
				    ad_vocab_stem(k.vocab, info(&k, o)->term));
		assert_int_equal(words[i].count, o->count);
	}
	ad_doc_free(d);
	ad_doccache_free(dc);
	remove(path);
	dispose(&k);
}

/* A file is known by its stamp only when every field is the one noted,
 * at the path noted, and the noted change was older than the writing scan
 * by a few seconds: a change in the same tick could leave it unchanged. */
static void test_doccache__stamps(void **state)
{
	const ad_doccache_stamp noted = STAMP;
	char path[64];
	kept k;
	ad_doccache *dc;
	ad_doccache_stamp st;
	const char *key;
	int f;

	(void)state;
	path_of(path, sizeof(path));
	make(&k);
	put(&k, path);
	dc = ad_doccache_open(path, SETTINGS);
	assert_non_null(dc);
	key = ad_doccache_key_at(dc, "agents/reviewer.md", &noted);
	assert_non_null(key);
	assert_memory_equal(key, k.key, AD_HASH_HEX);
	assert_null(ad_doccache_key_at(dc, "agents/other.md", &noted));
	for (f = 0; f < 4; f++) {
		st = noted;
		switch (f) {
		case 0: st.ino++; break;
		case 1: st.size--; break;
		case 2: st.mtime_ns++; break;
		case 3: st.ctime_ns++; break;
		}
		assert_null(ad_doccache_key_at(dc, "agents/reviewer.md", &st));
	}
	ad_doccache_free(dc);
	/* noted a second before the scan began: not to be trusted */
	{
		ad_doccache_entry e = {
			k.key, k.doc,
			ad_word_refs_pack(k.words, k.nwords, k.doc->arena),
			k.table, STAMP};
		ad_error err = AD_ERROR_INIT;

		e.stamp.ctime_ns = SINCE - SEC;
		assert_int_equal(ad_doccache_write(path, SETTINGS, SINCE, &e,
						   1, k.vocab, 1, &err), 0);
		st = e.stamp;
	}
	dc = ad_doccache_open(path, SETTINGS);
	assert_non_null(dc);
	assert_null(ad_doccache_key_at(dc, "agents/reviewer.md", &st));
	ad_doccache_free(dc);
	remove(path);
	dispose(&k);
}

/* A doc kept without its sections' keys (a scan without --db makes
 * none) is a miss for a scan that wants them, and comes back without
 * them otherwise; a doc never comes back with its sections' texts. */
static void test_doccache__keys_kept_or_not(void **state)
{
	char path[64];
	kept k;
	ad_doccache *dc;
	ad_word_ref *words;
	size_t nwords, i;
	ad_doc *d;

	(void)state;
	path_of(path, sizeof(path));
	make(&k);
	k.doc->section_keys = NULL;
	put(&k, path);
	dc = ad_doccache_open(path, SETTINGS);
	assert_non_null(dc);
	assert_null(ad_doccache_get(dc, k.key, "agents/reviewer.md", 1,
				    &words, &nwords, NULL, NULL));
	d = ad_doccache_get(dc, k.key, "agents/reviewer.md", 0, &words,
			    &nwords, NULL, NULL);
	assert_non_null(d);
	assert_null(d->section_keys);
	for (i = 0; i < d->nsections; i++) {
		assert_null(ad_doc_section_text(d, i));
		assert_null(ad_doc_section_code(d, i));
		assert_int_equal(d->sections[i].nterms,
				 k.doc->sections[i].nterms);
	}
	ad_doc_free(d);
	ad_doccache_free(dc);
	remove(path);
	dispose(&k);
}

/* Entries enough for several pieces of the file, each the doc of k
 * under a path of its own. */
#define MANY 6000

static void many_paths(char (*paths)[32], ad_doc *docs, const kept *k)
{
	size_t i;

	for (i = 0; i < MANY; i++) {
		snprintf(paths[i], sizeof(paths[i]), "agents/r%05zu.md", i);
		docs[i] = *k->doc; /* read only: the arrays are k's */
		docs[i].path = paths[i];
	}
}

/* Whether the entry at path decodes, with the rules of k; done with it
 * when it does, when done is set. */
static int decodes(ad_doccache *dc, const kept *k, const char *path,
		   int done)
{
	ad_word_ref *words;
	size_t nwords;
	ad_doc *d = ad_doccache_get(dc, k->key, path, 0, &words, &nwords,
				    NULL, NULL);
	int ok = d != NULL;

	if (d) {
		assert_string_equal(d->rules[1].text, k->doc->rules[1].text);
		assert_string_equal(d->identity, k->doc->identity);
		if (done)
			ad_doccache_done(d);
		ad_doc_free(d);
	}
	return ok;
}

/* An entry's bytes are read when its doc is asked for, not when the
 * cache is opened: a cache cut short after it was opened still gives
 * the docs whose bytes lie before the cut, each as often as asked, and a
 * miss for the others, never a crash; its words, read at the open,
 * stay. */
static void test_doccache__entries_read_when_asked(void **state)
{
	static char paths[MANY][32];
	static ad_doc docs[MANY];
	static ad_doccache_entry e[MANY];
	char path[64];
	ad_error err = AD_ERROR_INIT;
	ad_doccache *dc;
	kept k;
	size_t i, missed = 0, len;
	uint32_t stem;
	FILE *f;
	long size;

	(void)state;
	path_of(path, sizeof(path));
	make(&k);
	many_paths(paths, docs, &k);
	for (i = 0; i < MANY; i++) {
		ad_doccache_entry one = {
			k.key, &docs[i],
			ad_word_refs_pack(k.words, k.nwords, k.doc->arena),
			k.table, STAMP};

		e[i] = one;
	}
	assert_int_equal(ad_doccache_write(path, SETTINGS, SINCE, e, MANY,
					   k.vocab, 2, &err), 0);
	dc = ad_doccache_open(path, SETTINGS);
	assert_non_null(dc);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	fclose(f);
	assert_int_equal(truncate(path, size / 2), 0);
	for (i = 0; i < MANY / 4; i++) { /* well before the cut */
		assert_true(decodes(dc, &k, paths[i], 1));
		assert_true(decodes(dc, &k, paths[i], 0));
	}
	for (i = MANY / 2; i < MANY; i++)
		missed += !decodes(dc, &k, paths[i], 1);
	print_message("%zu of %d entries past the middle missed\n", missed,
		      MANY / 2);
	assert_true(missed >= MANY / 2 * 9 / 10);
	assert_string_equal(ad_doccache_word(dc, 0, &len, &stem),
			    info(&k, &k.words[0])->word);
	ad_doccache_free(dc);
	dispose(&k);
	remove(path);
}

/* Every entry's head is read whole whatever the window holds of it
 * when its reading starts: the first entry is made longer a byte at a
 * time, so that for some length the window's first read ends within
 * the second entry's head, just after its key, and the next read (a
 * long third entry follows) fills the window anew; every path must
 * still give its own key by its stamp, every time. */
static void test_doccache__every_head_read(void **state)
{
	static char name[5000];
	const ad_doccache_stamp stamp = STAMP;
	char path[64], paths[3][16] = {"agents/a.md", "agents/b.md",
				       "agents/c.md"};
	char keys[3][AD_HASH_HEX + 1];
	ad_error err = AD_ERROR_INIT;
	ad_doccache_entry e[3];
	ad_doc docs[3];
	kept k;
	size_t len, i;

	(void)state;
	path_of(path, sizeof(path));
	make(&k);
	memset(name, 'n', sizeof(name) - 1);
	for (i = 0; i < 3; i++) {
		ad_hash_content(keys[i], paths[i], strlen(paths[i]));
		docs[i] = *k.doc;
		docs[i].path = paths[i];
		e[i].key = keys[i];
		e[i].doc = &docs[i];
		e[i].words = ad_word_refs_pack(k.words, k.nwords, k.doc->arena);
		e[i].table = k.table;
		e[i].stamp = stamp;
	}
	docs[2].name = name; /* all of it: longer than the window's read */
	for (len = 3000; len < 4200; len++) {
		ad_doccache *dc;

		docs[0].name = name + sizeof(name) - 1 - len;
		assert_int_equal(ad_doccache_write(path, SETTINGS, SINCE, e, 3,
						   k.vocab, 1, &err), 0);
		dc = ad_doccache_open(path, SETTINGS);
		assert_non_null(dc);
		for (i = 0; i < 3; i++) {
			const char *key = ad_doccache_key_at(dc, paths[i],
							     &stamp);

			assert_non_null(key);
			assert_memory_equal(key, keys[i], AD_HASH_HEX);
		}
		ad_doccache_free(dc);
	}
	dispose(&k);
	remove(path);
}

/* The whole file at path (malloc'd), *len bytes. */
static char *whole(const char *path, size_t *len)
{
	ad_error err = AD_ERROR_INIT;
	char *bytes = NULL;

	assert_int_equal(ad_file_read_path(&bytes, len, path, 0, &err), 0);
	return bytes;
}

/* Whether the words of entry e, at path, read back: each word once,
 * with its count and the stem of its term in vocab. */
static int words_back(ad_doccache *dc, const kept *k, const char *path,
		      const ad_doccache_entry *e, const ad_vocab *vocab)
{
	ad_word_ref *got, *want = NULL;
	size_t ngot, i, j, len, slen, cap = 0;
	size_t n = ad_word_refs_unpack(&want, &cap, e->words);
	uint32_t stem;
	ad_doc *d = ad_doccache_get(dc, k->key, path, 0, &got, &ngot, NULL,
				    NULL);
	int ok = d && ngot == n;

	for (i = 0; ok && i < ngot; i++) {
		const char *s = ad_doccache_word(dc, got[i].word, &len, &stem);
		const ad_word_info *w = NULL;

		for (j = 0; j < n; j++) {
			w = &e->table[want[j].word];
			if (w->len == len && memcmp(w->word, s, len) == 0)
				break;
		}
		ok = j < n && got[i].count == want[j].count &&
		     strcmp(ad_doccache_stem(dc, stem, &slen),
			    ad_vocab_stem(vocab, w->term)) == 0;
	}
	ad_doc_free(d);
	free(want);
	return ok;
}

/* The words of k's doc, from the skip-th on and round, then n of
 * extra: every term of the doc still has a word (the cache checks it). */
static ad_word_ref *rotated(const kept *k, size_t skip,
			    const ad_word_ref *extra, size_t n)
{
	ad_word_ref *w = malloc((k->nwords + n) * sizeof(*w));
	size_t i;

	assert_non_null(w);
	for (i = 0; i < k->nwords; i++)
		w[i] = k->words[(skip + i) % k->nwords];
	if (n)
		memcpy(w + k->nwords, extra, n * sizeof(*extra));
	return w;
}

/* The entries' words are numbered in two halves, and the entries
 * encoded a block at a time, on several threads: the file is the same
 * bytes on one thread or three, each entry with its words in an order of
 * its own (the second half with words the first never met), and every
 * entry's words read back. */
static void test_doccache__same_bytes_any_jobs(void **state)
{
	enum { EXTRA = 40, SOME = 4, WAYS = EXTRA - SOME + 1 };
	static char paths[MANY][32];
	static ad_doc docs[MANY];
	static ad_doccache_entry e[MANY];
	static char extra_words[EXTRA][16];
	ad_word_ref extra[EXTRA], *first[WAYS], *second[WAYS];
	ad_word_info *table;
	char one[64], three[80];
	ad_error err = AD_ERROR_INIT;
	ad_doccache *dc;
	kept k;
	size_t i, len1, len3, way;
	char *a, *b;
	const ad_doccache_stamp stamp = STAMP;

	(void)state;
	path_of(one, sizeof(one));
	snprintf(three, sizeof(three), "%s.3", one);
	make(&k);
	assert_true(k.nwords >= 2);
	/* the tokenizer's words, then the extra ones */
	table = malloc((k.ntable + EXTRA) * sizeof(*table));
	assert_non_null(table);
	memcpy(table, k.table, k.ntable * sizeof(*table));
	for (i = 0; i < EXTRA; i++) {
		ad_word_info *w = &table[k.ntable + i];

		snprintf(extra_words[i], sizeof(extra_words[i]), "zz%03zu", i);
		w->word = extra_words[i];
		w->len = (uint32_t)strlen(extra_words[i]);
		w->term = info(&k, &k.words[i % k.nwords])->term;
		extra[i].word = (uint32_t)(k.ntable + i);
		extra[i].count = (uint32_t)i + 1;
	}
	for (way = 0; way < WAYS; way++) {
		first[way] = rotated(&k, way, NULL, 0);
		second[way] = rotated(&k, way, extra + way, SOME);
	}
	many_paths(paths, docs, &k);
	for (i = 0; i < MANY; i++) {
		way = i % WAYS;
		e[i].key = k.key;
		e[i].doc = &docs[i];
		e[i].words = ad_word_refs_pack(
			i < MANY / 2 ? first[way] : second[way],
			k.nwords + (i < MANY / 2 ? 0 : SOME), k.doc->arena);
		e[i].table = table;
		e[i].stamp = stamp;
	}
	assert_int_equal(ad_doccache_write(one, SETTINGS, SINCE, e, MANY,
					   k.vocab, 1, &err), 0);
	assert_int_equal(ad_doccache_write(three, SETTINGS, SINCE, e, MANY,
					   k.vocab, 3, &err), 0);
	a = whole(one, &len1);
	b = whole(three, &len3);
	assert_true(len1 > (size_t)MANY * AD_HASH_HEX);
	assert_int_equal(len1, len3);
	assert_memory_equal(a, b, len1);
	dc = ad_doccache_open(three, SETTINGS);
	assert_non_null(dc);
	assert_int_equal(ad_doccache_count(dc), MANY);
	assert_int_equal(ad_doccache_nwords(dc), k.nwords + EXTRA);
	for (i = 0; i < MANY; i += 7)
		assert_true(words_back(dc, &k, paths[i], &e[i], k.vocab));
	ad_doccache_free(dc);
	for (way = 0; way < WAYS; way++) {
		free(first[way]);
		free(second[way]);
	}
	free(table);
	free(a);
	free(b);
	dispose(&k);
	remove(one);
	remove(three);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doccache__round_trip),
		cmocka_unit_test(test_doccache__words_numbered),
		cmocka_unit_test(test_doccache__stamps),
		cmocka_unit_test(test_doccache__keys_kept_or_not),
		cmocka_unit_test(test_doccache__hostile_entries_miss),
		cmocka_unit_test(test_doccache__cut_anywhere),
		cmocka_unit_test(test_doccache__entries_read_when_asked),
		cmocka_unit_test(test_doccache__every_head_read),
		cmocka_unit_test(test_doccache__same_bytes_any_jobs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
