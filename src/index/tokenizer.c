/*
 * tokenizer.c - UTF-8 words -> lower case -> stopwords -> stems -> term ids.
 *
 * The only file that touches libstemmer. Every distinct lower-cased word is
 * kept once in `words`, and the word cache says what it became (a term
 * id, or AD_STRTAB_NONE for a stopword), so the stemmer runs once per
 * distinct word and a token costs one probe after the first time it is
 * seen.
 * Nothing is allocated per token: words are built in a fixed buffer.
 *
 * The cache of a large collection holds some 100,000 words and does not
 * fit the processor's caches: a rare word's probe waits on memory. So a
 * token's slot is asked for (prefetched) when the word ends, and looked at
 * only AHEAD tokens later, or when the run ends; the misses of a few rare
 * words then overlap. Tokens are settled in the order of the text, so the
 * ids, first sightings and counts are those of probing at once. A word is
 * built where it will wait, in the ring's next free slot, so that a token
 * is never copied.
 *
 * A run of a script written without spaces has a loop of its own
 * (read_run), entered on its first character, so the ASCII path, most of
 * every file, tests nothing more than it did. The run's pairs are built
 * in a buffer of two characters and go through the same word cache as
 * words: a pair costs one probe, and is never stemmed.
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
#include "base/arena.h"
#include "base/embed.h"
#include "base/hash64.h"
#include "base/utf8.h"
#include "index/charclass.h"

#define MAX_WORD 64 /* bytes; longer tokens are dropped (hashes, base64) */

static const unsigned char stopword_bytes[] = {
#include "stopwords_english.inc"
};
static const ad_embedded builtin_stopwords = AD_EMBEDDED(stopword_bytes);

/* The word cache: one probe per token. A slot holds a short word itself,
 * so a hit costs one cache line; longer words compare against `words`.
 * The hash is kept to 32 bits so that the count fits and a slot stays 32
 * bytes: two to a cache line. The table grows when 3/4 full, not 1/2:
 * probes of the frequent words stay as short (a run of slots is a line or
 * two), and the rare words, whose probes wait on memory, are spread over
 * half as much of it. */
#define INLINE_WORD 15

typedef struct wslot {
	uint32_t hash;  /* 0: empty */
	uint32_t word;  /* index in `words` */
	uint32_t term;  /* AD_STRTAB_NONE for a stopword */
	uint32_t count; /* tokens of this word, saturating */
	uint8_t len;    /* len and key, zero-padded, compare as 16 bytes */
	char key[INLINE_WORD];
} wslot;
_Static_assert(sizeof(wslot) == 32, "two word cache slots to a cache line");

/* A token waiting for its cache slot, which has been asked for. Its word
 * is laid out as a slot's len and key are (a length byte, then the bytes,
 * zero-padded to 16), so that a short word's probe compares 16 bytes. */
typedef struct pending {
	uint32_t hash;
	uint8_t stem_it;
	unsigned char lw[1 + MAX_WORD + INLINE_WORD];
} pending;
/* A word is built here, and may run 4 bytes past MAX_WORD before it is
 * known to be too long; a word of MAX_WORD bytes is padded. */
_Static_assert(INLINE_WORD >= 4, "room for a word being read");

/* Tokens in flight: a token's slot is fetched while the next few are
 * read, so that the misses of rare words overlap instead of stalling one
 * after the other. The ring holds them and the word being read: RING is
 * a power of two above AHEAD. */
#define AHEAD 8
#define RING 16
_Static_assert(RING > AHEAD && (RING & (RING - 1)) == 0, "a ring to mask");

typedef struct word_ref {
	const char *s;  /* in word_bytes */
	uint32_t len;   /* at most MAX_WORD */
	uint32_t noted; /* its tokens in the journal, saturating */
	uint32_t term;  /* AD_STRTAB_NONE for a stopword */
} word_ref;

struct ad_tokenizer {
	struct sb_stemmer *stemmer; /* NULL when language is "none" */
	ad_strtab *stopwords;
	/* The lower-cased words seen, in the order first seen: the cache
	 * holds each once, so they are appended, never looked up. */
	ad_arena *word_bytes;
	word_ref *words;
	size_t nwords, cap_words;
	wslot *cache;        /* open addressing, at most 3/4 full */
	size_t ncache;       /* slots, a power of two */
	ad_strtab *terms;    /* stems */
	size_t stem_calls;
	/* With the journal on: (word << 32 | term) of each word met since
	 * the journal was last taken, once (its word_ref counts its
	 * tokens): a doc's words are counted without sorting its tokens. */
	uint64_t *journal;
	size_t njournal, cap_journal;
	int journal_on;
	/* How many tokens each token counts for: 1 but while
	 * ad_tokenizer_count() runs. */
	uint32_t times;
	uint64_t seed;        /* ad_hash_seed(), so a token checks nothing */
	pending ahead[RING]; /* a ring, in token order */
	size_t first, nahead;
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

/* Append code point c to w[0..*n) as the tokenizer folds it, if it fits. */
static void fold_into(char *w, size_t *n, size_t cap, uint32_t c)
{
	char b[4];
	size_t k;

	ad_charclass_of(c, &c);
	k = utf8_encode(c, b);
	if (*n + k <= cap) {
		memcpy(w + *n, b, k);
		*n += k;
	}
}

/* One word a line, folded as the tokenizer folds text (a stopword list may
 * hold words of any script, or pairs of Han characters); '#' starts a
 * comment, blanks are ignored and invalid UTF-8 bytes dropped. */
static void load_stopwords(ad_strtab *set, const char *list)
{
	const unsigned char *p = (const unsigned char *)list;

	while (*p) {
		const unsigned char *end = (const unsigned char *)strchr(
			(const char *)p, '\n');
		char word[MAX_WORD];
		size_t n = 0, k;
		uint32_t c;

		if (!end)
			end = p + strlen((const char *)p);
		for (; p < end && *p != '#'; p += k) {
			k = ad_utf8_decode(p, (size_t)(end - p), &c);
			if (k == 0)
				k = 1;
			else if (c != ' ' && c != '\t' && c != '\r')
				fold_into(word, &n, sizeof(word), c);
		}
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
	t->word_bytes = ad_arena_new();
	t->seed = ad_hash_seed();
	t->terms = ad_strtab_new();
	t->ncache = 4096;
	t->cache = ad_xcalloc(t->ncache, sizeof(*t->cache));
	t->times = 1;
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
	ad_arena_free(tok->word_bytes);
	free(tok->words);
	ad_strtab_free(tok->terms);
	free(tok->cache);
	free(tok->journal);
	free(tok);
}

/* ---- words to terms ---- */

/* What a word never seen before becomes: a stopword, or the term of its
 * stem (of the word itself when stem_it is 0). */
static uint32_t classify(ad_tokenizer *t, const char *w, size_t len,
			 int stem_it)
{
	const char *stem = w;
	size_t slen = len;

	if (ad_strtab_find(t->stopwords, w, len) != AD_STRTAB_NONE)
		return AD_STRTAB_NONE;
	if (t->stemmer && stem_it) {
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

static int same_word(const ad_tokenizer *t, const wslot *e,
		     const pending *q)
{
	size_t len = q->lw[0];

	if (len <= INLINE_WORD)
		return memcmp(&e->len, q->lw, 1 + INLINE_WORD) == 0;
	return e->len == len &&
	       memcmp(t->words[e->word].s, q->lw + 1, len) == 0;
}

/* A word the cache has not seen: its index in `words`. */
static uint32_t add_word(ad_tokenizer *t, const char *w, size_t len)
{
	word_ref *r;

	if (t->nwords == t->cap_words)
		ad_grow(&t->words, &t->cap_words, t->nwords + 1,
			sizeof(*t->words));
	r = &t->words[t->nwords];
	r->s = ad_arena_strndup(t->word_bytes, w, len);
	r->len = (uint32_t)len;
	r->noted = 0;
	return (uint32_t)t->nwords++;
}

/* A token of a word that is no stopword is counted in the journal; the
 * word is listed there the first time. */
static void note(ad_tokenizer *t, uint32_t word, uint32_t term)
{
	word_ref *r = &t->words[word];

	if (term == AD_STRTAB_NONE)
		return;
	if (r->noted == 0) {
		if (t->njournal == t->cap_journal)
			ad_grow(&t->journal, &t->cap_journal,
				t->njournal + 1, sizeof(*t->journal));
		t->journal[t->njournal++] = (uint64_t)word << 32 | term;
	}
	r->noted += r->noted != UINT32_MAX;
}

/* The journal emptied, its words' counts back to 0. */
static void journal_clear(ad_tokenizer *t)
{
	size_t i;

	for (i = 0; i < t->njournal; i++)
		t->words[t->journal[i] >> 32].noted = 0;
	t->njournal = 0;
}

static uint32_t word_to_term(ad_tokenizer *t, const pending *q)
{
	uint32_t h = q->hash;
	const char *w = (const char *)q->lw + 1;
	size_t mask = t->ncache - 1, i = h & mask, len = q->lw[0];
	int stem_it = q->stem_it;
	wslot *e;
	uint32_t term;

	for (; t->cache[i].hash; i = (i + 1) & mask) {
		e = &t->cache[i];
		if (e->hash == h && same_word(t, e, q)) {
			e->count = e->count > UINT32_MAX - t->times
					   ? UINT32_MAX
					   : e->count + t->times;
			if (t->journal_on)
				note(t, e->word, e->term);
			return e->term;
		}
	}
	/* first sighting: intern, classify, remember */
	e = &t->cache[i];
	e->hash = h;
	e->word = add_word(t, w, len);
	e->count = t->times;
	e->len = (uint8_t)len;
	if (len <= INLINE_WORD)
		memcpy(e->key, w, len);
	e->term = term = classify(t, w, len, stem_it);
	t->words[e->word].term = term;
	if (t->journal_on)
		note(t, e->word, term);
	if (t->nwords * 4 > t->ncache * 3)
		cache_grow(t); /* e is stale from here */
	return term;
}

/* Where term ids go: the caller's array, grown with ad_grow. */
typedef struct sink {
	uint32_t **ids;
	size_t *n, *cap;
} sink;

/* The oldest token in flight, whose slot should have arrived by now. */
static void settle(ad_tokenizer *t, sink *out)
{
	uint32_t term = word_to_term(t, &t->ahead[t->first]);

	t->first = (t->first + 1) & (RING - 1);
	t->nahead--;
	if (*out->n == *out->cap)
		ad_grow(out->ids, out->cap, *out->n + 1, sizeof(**out->ids));
	/* a stopword is written and not counted: no branch to mispredict on
	 * the two in five tokens that are stopwords */
	(*out->ids)[*out->n] = term;
	*out->n += term != AD_STRTAB_NONE;
}

/* Every token still in flight, in order: the end of a run. */
static void settle_all(ad_tokenizer *t, sink *out)
{
	while (t->nahead)
		settle(t, out);
}

/* Where the next token's word is built: the ring's next free slot, past
 * its length byte. */
static char *next_word(ad_tokenizer *t)
{
	return (char *)t->ahead[(t->first + t->nahead) & (RING - 1)].lw + 1;
}

/* The token whose word of len bytes is at next_word(): its slot is asked
 * for now, and its term found AHEAD tokens later (or at the end of the
 * run), in the order of the text. */
static void put_built(ad_tokenizer *t, size_t len, int stem_it, sink *out)
{
	pending *q = &t->ahead[(t->first + t->nahead++) & (RING - 1)];

	q->hash = (uint32_t)ad_hash_seeded(q->lw + 1, len, t->seed) | 1;
	q->stem_it = (uint8_t)stem_it;
	q->lw[0] = (unsigned char)len;
	memset(q->lw + 1 + len, 0, INLINE_WORD); /* pad a short word */
	__builtin_prefetch(&t->cache[q->hash & (t->ncache - 1)]);
	if (t->nahead > AHEAD)
		settle(t, out);
}

/* A token built elsewhere: a pair of characters. */
static void put(ad_tokenizer *t, const char *w, size_t len, int stem_it,
		sink *out)
{
	memcpy(next_word(t), w, len);
	put_built(t, len, stem_it, out);
}

/* The word of a script written with spaces, at next_word(); a lone letter
 * is no word. */
static void emit(ad_tokenizer *t, size_t len, size_t chars, sink *out)
{
	if (chars >= 2 && len <= MAX_WORD)
		put_built(t, len, 1, out);
}

/* ---- scripts written without spaces ---- */

/* A character of such a script, with its combining marks, takes at most
 * this many bytes; marks past it are dropped (a pair fits in MAX_WORD). */
#define MAX_CHAR 16
_Static_assert(2 * MAX_CHAR <= MAX_WORD, "a pair is never too long");

/* The two characters of the current pair, side by side in buf. */
typedef struct pair {
	char buf[2 * MAX_CHAR];
	size_t prev, cur; /* their lengths; cur 0 before the first */
	uint32_t last;    /* cur's code point, 0 once a mark has joined it */
} pair;

/* A new character: the pair it completes is a token, and it becomes the
 * first of the next pair. */
static void pair_add(ad_tokenizer *t, pair *p, uint32_t c, sink *out)
{
	if (p->cur) {
		if (p->prev)
			put(t, p->buf, p->prev + p->cur, 0, out);
		memmove(p->buf, p->buf + p->prev, p->cur);
		p->prev = p->cur;
	}
	p->cur = utf8_encode(c, p->buf + p->prev);
	p->last = c;
}

/* A combining mark joins the current character: composed with it when
 * Unicode has the composition (ｶﾞ and が as ガ and が), else appended. */
static void pair_mark(pair *p, uint32_t c)
{
	uint32_t k = p->last ? ad_charclass_compose(p->last, c) : 0;

	if (k)
		p->cur = utf8_encode(k, p->buf + p->prev);
	else if (p->cur + 4 <= MAX_CHAR)
		p->cur += utf8_encode(c, p->buf + p->prev + p->cur);
	p->last = 0;
}

/* The run's last pair, or its only character. */
static void pair_end(ad_tokenizer *t, const pair *p, sink *out)
{
	if (p->cur)
		put(t, p->buf, p->prev + p->cur, 0, out);
}

/*
 * The run of script cls (AD_CHAR_CJK or AD_CHAR_THAI) from s[i], as
 * overlapping pairs of characters; returns where it ends: the first byte
 * of another script, of a separator or of invalid UTF-8 (left to the
 * caller). Pairs are not stemmed: no stemmer knows these scripts.
 */
static size_t read_run(ad_tokenizer *t, const unsigned char *s, size_t i,
		       size_t len, ad_charclass cls, sink *out)
{
	pair p;

	p.prev = p.cur = 0;
	p.last = 0;
	while (i < len && s[i] >= 0x80) {
		uint32_t c;
		size_t k = ad_utf8_decode(s + i, len - i, &c);
		ad_charclass cc;

		if (k == 0)
			break;
		cc = ad_charclass_of(c, &c);
		if (cc == cls)
			pair_add(t, &p, c, out);
		else if (cc == AD_CHAR_MARK && p.cur)
			pair_mark(&p, c);
		else if (cc != AD_CHAR_IGNORE)
			break;
		i += k;
	}
	pair_end(t, &p, out);
	return i;
}

/* ---- the run ---- */

size_t ad_tokenizer_run(ad_tokenizer *tok, const char *text, size_t len,
			uint32_t **ids, size_t *n, size_t *cap)
{
	const unsigned char *s = (const unsigned char *)text;
	sink out = {ids, n, cap};
	char *word = next_word(tok); /* moves on with each token put */
	size_t i = 0, wlen = 0, chars = 0, bad = 0;

	while (i < len) {
		ad_charclass cc;
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
				emit(tok, wlen, chars, &out);
			wlen = chars = 0;
			word = next_word(tok);
			continue;
		}
		k = ad_utf8_decode(s + i, len - i, &c);
		cc = k ? ad_charclass_of(c, &c) : AD_CHAR_SEP;
		if (cc == AD_CHAR_CJK || cc == AD_CHAR_THAI) {
			if (wlen)
				emit(tok, wlen, chars, &out);
			wlen = chars = 0;
			i = read_run(tok, s, i, len, cc, &out);
			word = next_word(tok);
			continue;
		}
		if (k == 0) {
			bad++; /* an invalid byte separates words */
			k = 1;
		}
		i += k;
		if (cc == AD_CHAR_WORD || cc == AD_CHAR_MARK) {
			/* past MAX_WORD keep counting, so the token is dropped */
			if (wlen <= MAX_WORD)
				wlen += utf8_encode(c, word + wlen);
			chars++;
			continue;
		}
		if (cc == AD_CHAR_IGNORE)
			continue;
		if (wlen)
			emit(tok, wlen, chars, &out);
		wlen = chars = 0;
		word = next_word(tok);
	}
	if (wlen)
		emit(tok, wlen, chars, &out);
	settle_all(tok, &out);
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
			w = tok->words[e->word].s;
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
	return tok->nwords;
}

size_t ad_tokenizer_stem_calls(const ad_tokenizer *tok)
{
	return tok->stem_calls;
}

void ad_tokenizer_count(ad_tokenizer *tok, const char *text, size_t len,
			uint32_t times, uint32_t **ids, size_t *cap)
{
	size_t n = 0;

	if (!times)
		return;
	tok->times = times;
	(void)ad_tokenizer_run(tok, text, len, ids, &n, cap);
	tok->times = 1;
}

int ad_tokenizer_journaling(const ad_tokenizer *tok)
{
	return tok->journal_on;
}

void ad_tokenizer_journal(ad_tokenizer *tok, int on)
{
	journal_clear(tok);
	tok->journal_on = on;
}

size_t ad_tokenizer_journal_take(ad_word_ref **out, ad_tokenizer *tok,
				 ad_arena *arena)
{
	size_t i, n = tok->njournal;

	*out = n ? ad_arena_alloc(arena, n * sizeof(**out)) : NULL;
	for (i = 0; i < n; i++) {
		uint32_t word = (uint32_t)(tok->journal[i] >> 32);

		(*out)[i].word = word;
		(*out)[i].count = tok->words[word].noted;
	}
	journal_clear(tok);
	return n;
}

const char *ad_tokenizer_word(const ad_tokenizer *tok, uint32_t id,
			      size_t *len, uint32_t *term)
{
	const word_ref *r = &tok->words[id];

	*len = r->len;
	*term = r->term;
	return r->s;
}
