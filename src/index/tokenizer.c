/*
 * tokenizer.c - UTF-8 words -> lower case -> stopwords -> stems -> term ids.
 *
 * The only file that touches libstemmer. Every distinct lower-cased word is
 * interned once in `words`, and the word cache says what it became (a term
 * id, or AD_STRTAB_NONE for a stopword), so the stemmer runs once per
 * distinct word and a token costs one probe after the first time it is
 * seen.
 * Nothing is allocated per token: words are built in a fixed buffer.
 *
 * Each cache slot also counts its word's tokens, so the word a person reads
 * for a stem can be its most frequent form (ad_vocab_finish() chooses,
 * once the counts of every thread's tokenizer are summed); the count costs
 * an increment on a cache line the probe has already loaded.
 */
#include "index/tokenizer.h"

#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "agentdup/error.h"
#include "base/embed.h"
#include "base/utf8.h"

#define MAX_WORD 64 /* bytes; longer tokens are dropped (hashes, base64) */

static const unsigned char stopword_bytes[] = {
#include "stopwords_english.inc"
};
static const ad_embedded builtin_stopwords = AD_EMBEDDED(stopword_bytes);

/* The word cache: one probe per token. A slot holds a short word itself,
 * so a hit costs one cache line; longer words compare against `words`.
 * The hash is kept to 32 bits so that the count fits and a slot stays 32
 * bytes: two to a cache line. */
#define INLINE_WORD 15

typedef struct wslot {
	uint32_t hash;  /* 0: empty */
	uint32_t word;  /* id in `words` */
	uint32_t term;  /* AD_STRTAB_NONE for a stopword */
	uint32_t count; /* tokens of this word, saturating */
	uint8_t len;
	char key[INLINE_WORD];
} wslot;
_Static_assert(sizeof(wslot) == 32, "two word cache slots to a cache line");

struct ad_tokenizer {
	struct sb_stemmer *stemmer; /* NULL when language is "none" */
	ad_strtab *stopwords;
	ad_strtab *words;    /* lower-cased words seen */
	wslot *cache;        /* open addressing, at most half full */
	size_t ncache;       /* slots, a power of two */
	ad_strtab *terms;    /* stems */
	size_t stem_calls;
};

/* ---- UTF-8 ---- */

static size_t utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * Whether code point c belongs to a word. ASCII letters and digits do;
 * beyond ASCII everything does except the blocks of punctuation, symbols,
 * spaces, emoji and private use, which is simpler and more robust than a
 * table of every script's letters (and keeps combining marks inside words).
 */
static int is_word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9');
	if (c < 0xc0)
		return 0; /* Latin-1 controls, punctuation, signs */
	if (c == 0xd7 || c == 0xf7)
		return 0; /* multiplication and division signs */
	if (c >= 0x2000 && c <= 0x2bff)
		return 0; /* spaces, punctuation, arrows, maths, box drawing */
	if (c >= 0x3000 && c <= 0x303f)
		return 0; /* CJK punctuation */
	if (c >= 0xe000 && c <= 0xf8ff)
		return 0; /* private use */
	if (c >= 0xfe00 && c <= 0xfe0f)
		return 0; /* variation selectors */
	if (c >= 0xfe30 && c <= 0xfe6f)
		return 0; /* compatibility and small form punctuation */
	if (c == 0xfeff || (c >= 0xff00 && c <= 0xff0f) ||
	    (c >= 0xff1a && c <= 0xff20))
		return 0; /* BOM, fullwidth punctuation */
	if (c >= 0x1f000 && c <= 0x1faff)
		return 0; /* emoji and pictographs */
	if (c >= 0xe0000)
		return 0; /* tags, variation selectors supplement */
	return 1;
}

/* Lower case for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic:
 * the scripts of nearly all agent files that are not English. */
static uint32_t to_lower(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32;
	if (c >= 0x100 && c <= 0x137)
		return c | 1;
	if (c >= 0x139 && c <= 0x148)
		return c & 1 ? c + 1 : c;
	if (c >= 0x14a && c <= 0x177)
		return c | 1;
	if (c == 0x178)
		return 0xff;
	if (c >= 0x179 && c <= 0x17e)
		return c & 1 ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3ab && c != 0x3a2)
		return c + 32;
	if (c == 0x386)
		return 0x3ac;
	if (c >= 0x388 && c <= 0x38a)
		return c + 37;
	if (c == 0x38c)
		return 0x3cc;
	if (c == 0x38e || c == 0x38f)
		return c + 63;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf))
		return c | 1;
	return c;
}

/* For each ASCII byte: its lower case if it belongs to a word, else 0. */
static const unsigned char ascii_lower[128] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
	['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
	['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
	['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
	['Z'] = 'z',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z',
};

/* ---- stopwords ---- */

static void load_stopwords(ad_strtab *set, const char *list)
{
	const char *p = list;

	while (*p) {
		const char *end = strchr(p, '\n'), *e;
		char word[MAX_WORD];
		size_t n = 0;

		if (!end)
			end = p + strlen(p);
		e = memchr(p, '#', (size_t)(end - p));
		if (!e)
			e = end;
		for (; p < e && n < sizeof(word); p++)
			if (*p != ' ' && *p != '\t' && *p != '\r')
				word[n++] = (char)to_lower((unsigned char)*p);
		if (n)
			ad_strtab_intern(set, word, n);
		p = *end ? end + 1 : end;
	}
}

/* ---- life cycle ---- */

int ad_tokenizer_new(ad_tokenizer **out, const ad_tokenizer_opts *opts,
		     ad_error *err)
{
	const char *lang = opts && opts->language ? opts->language : "english";
	ad_tokenizer *t;

	*out = NULL;
	t = ad_xcalloc(1, sizeof(*t));
	if (strcmp(lang, "none") != 0) {
		t->stemmer = sb_stemmer_new(lang, "UTF_8");
		if (!t->stemmer) {
			free(t);
			return ad_error_set(err, AD_EINVAL,
					    "unknown stemming language '%s' "
					    "(try english, or none)", lang);
		}
	}
	t->stopwords = ad_strtab_new();
	load_stopwords(t->stopwords, opts && opts->stopwords
					     ? opts->stopwords
					     : builtin_stopwords.ptr);
	t->words = ad_strtab_new();
	t->terms = ad_strtab_new();
	t->ncache = 4096;
	t->cache = ad_xcalloc(t->ncache, sizeof(*t->cache));
	*out = t;
	return 0;
}

void ad_tokenizer_free(ad_tokenizer *tok)
{
	if (!tok)
		return;
	if (tok->stemmer)
		sb_stemmer_delete(tok->stemmer);
	ad_strtab_free(tok->stopwords);
	ad_strtab_free(tok->words);
	ad_strtab_free(tok->terms);
	free(tok->cache);
	free(tok);
}

/* ---- words to terms ---- */

/* What a word never seen before becomes: a stopword, or a stem's term. */
static uint32_t classify(ad_tokenizer *t, const char *w, size_t len)
{
	const char *stem = w;
	size_t slen = len;

	if (ad_strtab_find(t->stopwords, w, len) != AD_STRTAB_NONE)
		return AD_STRTAB_NONE;
	if (t->stemmer) {
		const sb_symbol *s = sb_stemmer_stem(
			t->stemmer, (const sb_symbol *)w, (int)len);
		t->stem_calls++;
		if (s) { /* NULL only when libstemmer runs out of memory */
			stem = (const char *)s;
			slen = (size_t)sb_stemmer_length(t->stemmer);
		}
	}
	return ad_strtab_intern(t->terms, stem, slen);
}

static void cache_grow(ad_tokenizer *t)
{
	size_t n = t->ncache * 2, i, mask = n - 1;
	wslot *c = ad_xcalloc(n, sizeof(*c));

	for (i = 0; i < t->ncache; i++) {
		size_t j = t->cache[i].hash & mask;

		if (!t->cache[i].hash)
			continue;
		while (c[j].hash)
			j = (j + 1) & mask;
		c[j] = t->cache[i];
	}
	free(t->cache);
	t->cache = c;
	t->ncache = n;
}

static int same_word(const ad_tokenizer *t, const wslot *e, const char *w,
		     size_t len)
{
	if (e->len != len)
		return 0;
	if (len <= INLINE_WORD)
		return memcmp(e->key, w, len) == 0;
	return memcmp(ad_strtab_str(t->words, e->word, NULL), w, len) == 0;
}

static uint32_t word_to_term(ad_tokenizer *t, const char *w, size_t len)
{
	uint32_t h = (uint32_t)ad_hash_bytes(w, len) | 1;
	size_t mask = t->ncache - 1, i = h & mask;
	wslot *e;
	uint32_t term;

	for (; t->cache[i].hash; i = (i + 1) & mask) {
		e = &t->cache[i];
		if (e->hash == h && same_word(t, e, w, len)) {
			e->count += e->count != UINT32_MAX;
			return e->term;
		}
	}
	/* first sighting: intern, classify, remember */
	e = &t->cache[i];
	e->hash = h;
	e->word = ad_strtab_intern(t->words, w, len);
	e->count = 1;
	e->len = (uint8_t)len;
	if (len <= INLINE_WORD)
		memcpy(e->key, w, len);
	e->term = term = classify(t, w, len);
	if (ad_strtab_count(t->words) * 2 > t->ncache)
		cache_grow(t); /* e is stale from here */
	return term;
}

static void emit(ad_tokenizer *t, const char *w, size_t len, size_t chars,
		 uint32_t **ids, size_t *n, size_t *cap)
{
	uint32_t term;

	if (chars < 2 || len > MAX_WORD)
		return;
	term = word_to_term(t, w, len);
	if (*n == *cap)
		ad_grow(ids, cap, *n + 1, sizeof(**ids));
	/* a stopword is written and not counted: no branch to mispredict on
	 * the two in five tokens that are stopwords */
	(*ids)[*n] = term;
	*n += term != AD_STRTAB_NONE;
}

size_t ad_tokenizer_run(ad_tokenizer *tok, const char *text, size_t len,
			uint32_t **ids, size_t *n, size_t *cap)
{
	const unsigned char *s = (const unsigned char *)text;
	char word[MAX_WORD + 4];
	size_t i = 0, wlen = 0, chars = 0, bad = 0;

	while (i < len) {
		uint32_t c;
		size_t k;

		if (s[i] < 0x80) { /* ASCII, most of every file: no decoding */
			unsigned char b = s[i++];

			if (ascii_lower[b]) {
				if (wlen <= MAX_WORD)
					word[wlen++] = (char)ascii_lower[b];
				chars++;
				continue;
			}
			if (wlen)
				emit(tok, word, wlen, chars, ids, n, cap);
			wlen = chars = 0;
			continue;
		}
		k = ad_utf8_decode(s + i, len - i, &c);
		if (k == 0) {
			bad++;
			k = 1;
			c = ' '; /* an invalid byte separates words */
		}
		i += k;
		if (is_word_cp(c)) {
			/* past MAX_WORD keep counting, so the token is dropped */
			if (wlen <= MAX_WORD)
				wlen += utf8_encode(to_lower(c), word + wlen);
			chars++;
			continue;
		}
		if (wlen)
			emit(tok, word, wlen, chars, ids, n, cap);
		wlen = chars = 0;
	}
	if (wlen)
		emit(tok, word, wlen, chars, ids, n, cap);
	return bad;
}

/* ---- accessors ---- */

const ad_strtab *ad_tokenizer_terms(const ad_tokenizer *tok)
{
	return tok->terms;
}

void ad_tokenizer_foreach_word(const ad_tokenizer *tok,
			       ad_tokenizer_word_fn fn, void *payload)
{
	size_t i;

	for (i = 0; i < tok->ncache; i++) {
		const wslot *e = &tok->cache[i];
		const char *w = e->key; /* a short word: no trip to `words` */

		if (!e->hash || e->term == AD_STRTAB_NONE)
			continue;
		if (e->len > INLINE_WORD)
			w = ad_strtab_str(tok->words, e->word, NULL);
		fn(w, e->len, e->term, e->count, payload);
	}
}

int ad_tokenizer_is_stopword(const ad_tokenizer *tok, const char *w,
			     size_t len)
{
	return ad_strtab_find(tok->stopwords, w, len) != AD_STRTAB_NONE;
}

size_t ad_tokenizer_words_seen(const ad_tokenizer *tok)
{
	return ad_strtab_count(tok->words);
}

size_t ad_tokenizer_stem_calls(const ad_tokenizer *tok)
{
	return tok->stem_calls;
}
