/*
 * match.c - greedy one-to-one matching, and Jaccard of word sets.
 *
 * Method. The greedy matching is one qsort of all the candidates (by
 * group, then best first) and one pass: the pass stamps the indices a
 * pair takes with its group's ordinal + 1, so a group starts with every
 * index free without clearing anything, and the caller's arrays serve
 * every group of the call. O(n log n) for n candidates. It is not the
 * best total matching (that is the assignment problem), but it keeps
 * every strongest pair, which is what a reader checks first.
 *
 * A word set lower-cases a copy of the text once, turns every byte that
 * is not a word's into a NUL, and points at the words in place: two
 * allocations a text, whatever its length. Sorted and without repeats,
 * two sets intersect in one merge.
 */
#include "index/match.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"

/* ---- greedy one-to-one matching ------------------------------------- */

static int by_group_then_best(const void *x, const void *y)
{
	const ad_match_pair *p = x, *q = y;

	if (p->group != q->group)
		return p->group < q->group ? -1 : 1;
	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

size_t ad_match_greedy(ad_match_pair *p, size_t n, uint32_t *used_a,
		       uint32_t *used_b)
{
	uint32_t stamp = 0;
	size_t i, kept = 0;

	if (n > 1)
		qsort(p, n, sizeof(*p), by_group_then_best);
	for (i = 0; i < n; i++) {
		if (i == 0 || p[i].group != p[i - 1].group)
			stamp++;
		if (used_a[p[i].a] == stamp || used_b[p[i].b] == stamp)
			continue;
		used_a[p[i].a] = stamp;
		used_b[p[i].b] = stamp;
		p[kept++] = p[i];
	}
	return kept;
}

/* ---- word sets ------------------------------------------------------ */

static int word_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

static int by_string(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void ad_match_words_init(ad_match_words *out, const char *text)
{
	const char *t = text ? text : "";
	size_t len = strlen(t), i, cap = 0, k = 0;

	memset(out, 0, sizeof(*out));
	out->buf = ad_xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];

		out->buf[i] = word_byte(c) ? (char)tolower(c) : '\0';
	}
	out->buf[len] = '\0';
	for (i = 0; i < len; i++)
		if (out->buf[i] && (i == 0 || !out->buf[i - 1])) {
			ad_grow(&out->w, &cap, out->n + 1, sizeof(*out->w));
			out->w[out->n++] = &out->buf[i];
		}
	if (out->n > 1)
		qsort(out->w, out->n, sizeof(*out->w), by_string);
	for (i = 0; i < out->n; i++) /* drop repeats */
		if (k == 0 || strcmp(out->w[k - 1], out->w[i]))
			out->w[k++] = out->w[i];
	out->n = k;
}

void ad_match_words_dispose(ad_match_words *ws)
{
	free(ws->w);
	free(ws->buf);
	memset(ws, 0, sizeof(*ws));
}

double ad_match_jaccard(const ad_match_words *a, const ad_match_words *b)
{
	size_t i = 0, j = 0, both = 0;
	int c;

	if (a->n + b->n == 0)
		return 1.0;
	while (i < a->n && j < b->n) {
		c = strcmp(a->w[i], b->w[j]);
		both += c == 0;
		i += c <= 0;
		j += c >= 0;
	}
	return (double)both / (double)(a->n + b->n - both);
}

double ad_match_text_jaccard(const char *a, const char *b)
{
	ad_match_words wa, wb;
	double s;

	ad_match_words_init(&wa, a);
	ad_match_words_init(&wb, b);
	s = ad_match_jaccard(&wa, &wb);
	ad_match_words_dispose(&wa);
	ad_match_words_dispose(&wb);
	return s;
}
