/*
 * estimate.c - tokens from counts, in one pass over the bytes.
 *
 * ASCII is classed inline, eight bytes at a time, since nearly every
 * byte of an agent file is ASCII (the estimate of a whole collection
 * costs under 1% of a scan); beyond it the tokenizer's classes (charclass.h) say what a code
 * point is, so that a word here is a word there. Two departures: Hangul
 * syllables, words to the tokenizer (Korean is written with spaces), cost
 * about what a Han character costs, so they count as CJK; and a combining
 * mark continues a word but starts none (the vowel signs of Thai follow
 * CJK-counted letters).
 *
 * What a runtime loads of an agent: its name and description in every
 * conversation, so that the model can choose it; its body when it is
 * invoked. Instructions (AGENTS.md, CLAUDE.md) and Cursor rules marked
 * alwaysApply are read whole into every conversation.
 */
#include "index/estimate.h"

#include <string.h>

#include "base/utf8.h"
#include "index/charclass.h"

/* Spaces beyond ASCII: no-break, the typographic spaces, the ideographic
 * space. */
static int wide_space(uint32_t c)
{
	return c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Eight bytes at a time (SWAR): each byte's flag is its high bit. */
#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

static uint64_t load8(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

/* The flag of each byte of x (all ASCII) in [lo, hi]: neither subtraction
 * borrows from the next byte. */
static uint64_t in_range(uint64_t x, unsigned lo, unsigned hi)
{
	return ((x | HIGH) - ONES * lo) & (ONES * (0x80 | hi) - x) & HIGH;
}

/* The sum of the eight byte lanes of v, each at most 255. */
static uint64_t sum_lanes(uint64_t v)
{
	v = (v & 0x00ff00ff00ff00ffull) + (v >> 8 & 0x00ff00ff00ff00ffull);
	return (v * 0x0001000100010001ull) >> 48;
}

/* The line ends among the eight bytes x at p, the flag of their last
 * byte: a line feed, or a carriage return that no line feed follows (CR,
 * LF and CR LF each end a line, as in CommonMark). The byte after the
 * last lane is read from p[8]. */
static uint64_t line_ends(uint64_t x, const unsigned char *p,
			  const unsigned char *end)
{
	uint64_t lf = in_range(x, '\n', '\n'), cr = in_range(x, '\r', '\r');
	uint64_t lf_next = lf >> 8;

	if (end - p > 8 && p[8] == '\n')
		lf_next |= 1ull << 63;
	return lf | (cr & ~lf_next);
}

/* Words, symbols and line breaks are counted per byte lane: a lane holds
 * at most 255, so the lanes are added up every LANE_BLOCKS blocks. */
#define LANE_BLOCKS 255

/* Count the ASCII from p on; returns the first byte that is not. Agent
 * files are mostly ASCII: eight bytes are classed at once, without a
 * branch, since a branch per class would be mispredicted at every word's
 * end; what is left, or a block with a byte beyond ASCII, byte by byte.
 * The counts are kept in locals (e may alias the text). */
static const unsigned char *ascii_run(ad_estimate *e, const unsigned char *p,
				      const unsigned char *end,
				      unsigned *in_word)
{
	const unsigned char *start = p;
	uint64_t x, w, words = 0, symbols = 0, lines = 0;
	uint64_t prev = *in_word;
	unsigned blocks = 0;

	for (; end - p >= 8 && !((x = load8(p)) & HIGH); p += 8) {
		w = in_range(x | ONES * 0x20, 'a', 'z') | in_range(x, '0', '9');
		words += (w & ~(w << 8 | prev << 7)) >> 7;
		symbols += (~(w | in_range(x, '\t', '\r') |
			      in_range(x, ' ', ' ')) & HIGH) >> 7;
		lines += line_ends(x, p, end) >> 7;
		prev = w >> 63;
		if (++blocks < LANE_BLOCKS)
			continue;
		e->words += sum_lanes(words);
		e->symbols += sum_lanes(symbols);
		e->lines += sum_lanes(lines);
		words = symbols = lines = 0;
		blocks = 0;
	}
	e->words += sum_lanes(words);
	e->symbols += sum_lanes(symbols);
	e->lines += sum_lanes(lines);
	for (words = symbols = lines = 0; p < end && *p < 0x80; p++) {
		unsigned c = *p;
		unsigned wc = ((c | 0x20u) - 'a' < 26u) | (c - '0' < 10u);

		words += wc & (prev ^ 1u);
		prev = wc;
		lines += c == '\n' ||
			 (c == '\r' && (end - p == 1 || p[1] != '\n'));
		symbols += (wc | (c == ' ') | (c - '\t' < 5u)) ^ 1u;
	}
	e->words += words;
	e->symbols += symbols;
	e->lines += lines;
	e->bytes += (uint64_t)(p - start);
	*in_word = (unsigned)prev;
	return p;
}

/* The code point c, n bytes long. */
static void wide(ad_estimate *e, uint32_t c, size_t n, unsigned *in_word)
{
	uint32_t folded;
	ad_charclass k = ad_charclass_of(c, &folded);

	if (k == AD_CHAR_CJK || k == AD_CHAR_THAI ||
	    (c >= 0xac00 && c <= 0xd7a3)) {
		e->cjk++;
		*in_word = 0;
		return;
	}
	e->bytes += n;
	if (k == AD_CHAR_WORD) {
		e->words += !*in_word;
		*in_word = 1;
	} else if (k == AD_CHAR_SEP) {
		*in_word = 0;
		e->symbols += !wide_space(c);
	}
	/* a mark or a variation selector: the word it is in goes on */
}

/* Whether p[0..3) is a Han character of U+4000..U+9FFF, the bulk of
 * Chinese text, read without decoding it (the hexagram symbols,
 * U+4DC0..U+4DFF, aside). */
static int common_han(const unsigned char *p, const unsigned char *end)
{
	return end - p >= 3 && p[0] >= 0xe4 && p[0] <= 0xe9 &&
	       (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
	       !(p[0] == 0xe4 && p[1] >= 0xb7);
}

void ad_estimate_add(ad_estimate *e, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	unsigned in_word = 0;
	uint32_t c;
	size_t n;

	/* a run of non-ASCII (a Chinese text, say) stays in the inner loop:
	 * ascii_run() would only return at once for each of its characters */
	while ((p = ascii_run(e, p, end, &in_word)) < end) {
		while (p < end && *p >= 0x80) {
			if (common_han(p, end)) {
				e->cjk++;
				in_word = 0;
				p += 3;
			} else if ((n = ad_utf8_decode(p, (size_t)(end - p),
						       &c))) {
				wide(e, c, n, &in_word);
				p += n;
			} else {
				/* a tokenizer reads a bad byte alone */
				e->bytes++;
				e->symbols++;
				in_word = 0;
				p++;
			}
		}
	}
}

uint64_t ad_estimate_tokens(const ad_estimate *e)
{
	uint64_t w = e->bytes * AD_ESTIMATE_BYTE +
		     e->words * AD_ESTIMATE_WORD +
		     e->symbols * AD_ESTIMATE_SYMBOL +
		     e->lines * AD_ESTIMATE_LINE + e->cjk * AD_ESTIMATE_CJK;

	return (w + AD_ESTIMATE_UNIT / 2) / AD_ESTIMATE_UNIT;
}

uint64_t ad_estimate_text(const char *s, size_t len)
{
	ad_estimate e = AD_ESTIMATE_INIT;

	ad_estimate_add(&e, s, len);
	return ad_estimate_tokens(&e);
}

/* The name and description as the frontmatter says them: the values of a
 * description given as a list read one a line. */
static uint64_t always_loaded(const ad_doc *doc)
{
	ad_estimate e = AD_ESTIMATE_INIT;
	const ad_fm_field *f = ad_doc_find_field(doc, "description");
	const char *name = doc->name ? doc->name : doc->identity;
	size_t i;

	if (name)
		ad_estimate_add(&e, name, strlen(name));
	for (i = 0; f && i < f->nvalues; i++) {
		if (i)
			ad_estimate_add(&e, "\n", 1);
		ad_estimate_add(&e, f->values[i], strlen(f->values[i]));
	}
	return ad_estimate_tokens(&e);
}

static int read_whole(const ad_doc *doc)
{
	const char *always = ad_doc_field(doc, "alwaysApply");

	if (doc->kind == AD_KIND_INSTRUCTIONS)
		return 1;
	return doc->kind == AD_KIND_RULES && always &&
	       strcmp(always, "true") == 0;
}

static uint32_t clamp(uint64_t n)
{
	return n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

void ad_estimate_doc(ad_doc *doc, const char *text, size_t len)
{
	size_t off = doc->fm.body_offset < len ? doc->fm.body_offset : len;
	uint64_t body = text ? ad_estimate_text(text + off, len - off) : 0;

	if (read_whole(doc)) {
		doc->tokens_always = clamp(body);
		doc->tokens_body = 0;
		return;
	}
	doc->tokens_always = clamp(always_loaded(doc));
	doc->tokens_body = clamp(body);
}
