/*
 * match.h - greedy one-to-one matching of scored candidate pairs, and the
 * word-set similarity used to score rules against each other.
 *
 * Matching: the caller lists candidate pairs (an index a on one side, an
 * index b on the other, a score); the best pairs are kept first, and a
 * pair is kept only while both its sides are still free. Pairs carry a
 * group: pairs of different groups never compete, so many independent
 * matchings (align: the sections of every pair of agents) run in one
 * call, over one sort, with no allocation per group.
 *
 * Ownership: the pairs and the two `used` arrays are the caller's; the
 * matching reorders the pairs in place and keeps nothing. A word set owns
 * its words until ad_match_words_dispose().
 */
#ifndef AGENTDUP_INDEX_MATCH_H
#define AGENTDUP_INDEX_MATCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct ad_match_pair {
	uint64_t group; /* pairs compete only within their group */
	uint32_t a, b;  /* an index on each side */
	double score;   /* higher is better */
} ad_match_pair;

/* Match each group of p[0..n) one to one: sort p by group, then score
 * descending, then a, then b ascending (a total order, so the result does
 * not depend on qsort), and keep a pair when neither its a nor its b was
 * taken by a better pair of its group. The kept pairs move to the front
 * of p, in that order; their number is returned. Every group keeps at
 * least its best pair.
 *
 * used_a and used_b mark taken indices, one entry per index a (b) can
 * take; they must hold no value from 1 to the number of groups on entry
 * (zeros, say) and are left holding group stamps. They may be one array
 * when no index is both an a and a b within a group (align: both are
 * section indices, of two different agents). */
size_t ad_match_greedy(ad_match_pair *p, size_t n, uint32_t *used_a,
		       uint32_t *used_b);

/* The distinct lower-cased words of a text, sorted by strcmp. A word is a
 * run of bytes that isalnum() accepts or that are 0x80 and above (so the
 * words of any script in UTF-8 are kept whole). */
typedef struct ad_match_words {
	char **w;   /* into buf */
	size_t n;
	char *buf;  /* the lower-cased text, cut into words */
} ad_match_words;

/* text may be NULL (no words). */
void ad_match_words_init(ad_match_words *out, const char *text);
void ad_match_words_dispose(ad_match_words *ws);

/* |A and B| / |A or B| of two word sets; 1 when both are empty. */
double ad_match_jaccard(const ad_match_words *a, const ad_match_words *b);
/* The same of the word sets of two texts (either may be NULL). */
double ad_match_text_jaccard(const char *a, const char *b);

#endif
