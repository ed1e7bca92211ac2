/*
 * charclass.c - code points into the tokenizer's classes, by block.
 *
 * Beyond ASCII a code point belongs to a word unless its block is one of
 * punctuation, symbols, spaces, emoji or private use: simpler and more
 * robust than a table of every script's letters, and it keeps combining
 * marks inside words. The scripts written without spaces are picked out
 * by block too: Han (the unified ideographs and their extensions, the
 * compatibility ideographs, radicals, strokes and the ideographic marks
 * 々〆〇), Hiragana and Katakana in one class, since Japanese mixes them
 * within a word, and Thai in its own. Folding follows what search
 * engines' CJK analysers do before cutting bigrams: full-width ASCII to
 * ASCII and half-width katakana to full-width, so that text typed either
 * way gives the same terms.
 */
#include "index/charclass.h"

/* Half-width katakana U+FF66..U+FF9D, as full-width U+30xx (low byte). */
static const unsigned char halfwidth_kana[] = {
	0xf2, 0xa1, 0xa3, 0xa5, 0xa7, 0xa9, 0xe3, 0xe5, 0xe7, 0xc3,
	0xfc, 0xa2, 0xa4, 0xa6, 0xa8, 0xaa, 0xab, 0xad, 0xaf, 0xb1,
	0xb3, 0xb5, 0xb7, 0xb9, 0xbb, 0xbd, 0xbf, 0xc1, 0xc4, 0xc6,
	0xc8, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd2, 0xd5, 0xd8,
	0xdb, 0xde, 0xdf, 0xe0, 0xe1, 0xe2, 0xe4, 0xe6, 0xe8, 0xe9,
	0xea, 0xeb, 0xec, 0xed, 0xef, 0xf3,
};
_Static_assert(sizeof(halfwidth_kana) == 0xff9e - 0xff66,
	       "one full-width kana per half-width one");

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

static ad_charclass ascii(uint32_t c, uint32_t *folded)
{
	*folded = to_lower(c);
	if ((*folded >= 'a' && *folded <= 'z') || (c >= '0' && c <= '9'))
		return AD_CHAR_WORD;
	return AD_CHAR_SEP;
}

/* Thai: letters, the vowel and tone marks written above and below them,
 * digits (words, as other digits are) and a few signs. */
static ad_charclass thai(uint32_t c)
{
	if (c == 0xe31 || (c >= 0xe34 && c <= 0xe3a) ||
	    (c >= 0xe47 && c <= 0xe4e))
		return AD_CHAR_MARK;
	if ((c >= 0xe01 && c <= 0xe33) || (c >= 0xe40 && c <= 0xe46))
		return AD_CHAR_THAI;
	if (c >= 0xe50 && c <= 0xe59)
		return AD_CHAR_WORD;
	return AD_CHAR_SEP; /* baht sign, fongman, angkhankhu, khomut */
}

/* U+0080..U+2FFF: Latin to Thai to the radicals of Han. */
static ad_charclass below_cjk(uint32_t c, uint32_t *folded)
{
	if (c < 0xc0 || c == 0xd7 || c == 0xf7)
		return AD_CHAR_SEP; /* Latin-1 punctuation, signs, x and / */
	if (c >= 0xe00 && c <= 0xe7f)
		return thai(c);
	if (c >= 0x2000 && c <= 0x2bff)
		return AD_CHAR_SEP; /* spaces, punctuation, arrows, maths */
	if (c >= 0x2e00 && c <= 0x2e7f)
		return AD_CHAR_SEP; /* supplemental punctuation */
	if (c >= 0x2e80 && c <= 0x2fdf)
		return AD_CHAR_CJK; /* radicals */
	if (c >= 0x2ff0)
		return AD_CHAR_SEP; /* ideographic description characters */
	*folded = to_lower(c);
	return AD_CHAR_WORD;
}

/* U+3000..U+9FFF: CJK punctuation, kana, Han. */
static ad_charclass cjk_blocks(uint32_t c)
{
	if ((c >= 0x3005 && c <= 0x3007) || (c >= 0x3021 && c <= 0x3029) ||
	    (c >= 0x3038 && c <= 0x303b))
		return AD_CHAR_CJK; /* 々〆〇, Hangzhou numerals */
	if (c <= 0x303f)
		return AD_CHAR_SEP; /* the ideographic space, CJK punctuation */
	if (c == 0x3099 || c == 0x309a)
		return AD_CHAR_MARK;
	if (c == 0x30a0 || c == 0x30fb)
		return AD_CHAR_SEP; /* double hyphen, middle dot */
	if (c <= 0x30ff || (c >= 0x3190 && c <= 0x319f) ||
	    (c >= 0x31c0 && c <= 0x31ff))
		return AD_CHAR_CJK; /* kana, kanbun, strokes, small kana */
	if (c >= 0x4dc0 && c <= 0x4dff)
		return AD_CHAR_SEP; /* hexagram symbols */
	if (c >= 0x3400)
		return AD_CHAR_CJK;
	return AD_CHAR_WORD; /* bopomofo, Hangul jamo, enclosed CJK */
}

/* U+FF00..U+FFEF: full-width ASCII and half-width kana and Hangul. */
static ad_charclass width_forms(uint32_t c, uint32_t *folded)
{
	if (c >= 0xff01 && c <= 0xff5e)
		return ascii(c - 0xfee0, folded);
	if (c >= 0xff66 && c <= 0xff9d) {
		*folded = 0x3000 | halfwidth_kana[c - 0xff66];
		return AD_CHAR_CJK;
	}
	if (c == 0xff9e || c == 0xff9f) {
		*folded = c - 0xff9e + 0x3099;
		return AD_CHAR_MARK;
	}
	if (c >= 0xffa0 && c <= 0xffdc)
		return AD_CHAR_WORD; /* half-width Hangul */
	return AD_CHAR_SEP;
}

/* U+A000..U+FFFF. */
static ad_charclass upper_bmp(uint32_t c, uint32_t *folded)
{
	if (c >= 0xe000 && c <= 0xf8ff)
		return AD_CHAR_SEP; /* private use */
	if (c >= 0xf900 && c <= 0xfaff)
		return AD_CHAR_CJK; /* compatibility ideographs */
	if (c >= 0xfe00 && c <= 0xfe0f)
		return AD_CHAR_IGNORE; /* variation selectors */
	if ((c >= 0xfe10 && c <= 0xfe1f) || (c >= 0xfe30 && c <= 0xfe6f) ||
	    c == 0xfeff)
		return AD_CHAR_SEP; /* vertical and small forms, BOM */
	if (c >= 0xff00)
		return c <= 0xffef ? width_forms(c, folded) : AD_CHAR_SEP;
	return AD_CHAR_WORD; /* Yi, Hangul syllables, ... */
}

/* Beyond the BMP. */
static ad_charclass astral(uint32_t c)
{
	if ((c >= 0x1b000 && c <= 0x1b16f) || (c >= 0x20000 && c <= 0x323af))
		return AD_CHAR_CJK; /* kana supplements, Han B to H */
	if (c >= 0x1f000 && c <= 0x1faff)
		return AD_CHAR_SEP; /* emoji and pictographs */
	if (c >= 0xe0100 && c <= 0xe01ef)
		return AD_CHAR_IGNORE; /* ideographic variation selectors */
	if (c >= 0xe0000)
		return AD_CHAR_SEP; /* tags, private use planes */
	return AD_CHAR_WORD;
}

ad_charclass ad_charclass_of(uint32_t c, uint32_t *folded)
{
	*folded = c;
	if (c < 0x80)
		return ascii(c, folded);
	if (c < 0x3000)
		return below_cjk(c, folded);
	if (c < 0xa000)
		return cjk_blocks(c);
	if (c < 0x10000)
		return upper_bmp(c, folded);
	return astral(c);
}

/*
 * The voiced kana follow their plain ones: か→が (+1) on the rows of k, s,
 * t and h, ぱ (+2) on the row of h, in the same order in Hiragana and
 * Katakana (0x60 apart). The few others are listed.
 */
uint32_t ad_charclass_compose(uint32_t base, uint32_t mark)
{
	uint32_t h = base >= 0x30a1 && base <= 0x30f6 ? base - 0x60 : base;
	int row_h = h >= 0x306f && h <= 0x307b && (h - 0x306f) % 3 == 0;

	if (mark == 0x309a)
		return row_h ? base + 2 : 0;
	if (mark != 0x3099)
		return 0;
	if (row_h || (h >= 0x304b && h <= 0x3061 && (h - 0x304b) % 2 == 0) ||
	    (h >= 0x3064 && h <= 0x3068 && (h - 0x3064) % 2 == 0))
		return base + 1;
	if (base == 0x3046)
		return 0x3094; /* う → ゔ */
	if (base == 0x30a6)
		return 0x30f4; /* ウ → ヴ */
	if (base >= 0x30ef && base <= 0x30f2)
		return base + 8; /* ワヰヱヲ → ヷヸヹヺ */
	if (base == 0x309d || base == 0x30fd)
		return base + 1; /* iteration marks */
	return 0;
}
