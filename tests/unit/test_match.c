/*
 * test_match.c - greedy one-to-one matching (best first, ties by a then
 * b, each side used once, groups apart) and the Jaccard of word sets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "index/match.h"

#define NIDS 8

static ad_match_pair pair(uint64_t group, uint32_t a, uint32_t b,
			  double score)
{
	ad_match_pair p;

	p.group = group;
	p.a = a;
	p.b = b;
	p.score = score;
	return p;
}

static void assert_pair(const ad_match_pair *p, uint64_t group, uint32_t a,
			uint32_t b)
{
	assert_int_equal(p->group, group);
	assert_int_equal(p->a, a);
	assert_int_equal(p->b, b);
}

static void test_match__best_first_one_to_one(void **state)
{
	ad_match_pair p[4];
	uint32_t ua[NIDS] = {0}, ub[NIDS] = {0};

	(void)state;
	p[0] = pair(0, 1, 1, 0.5);
	p[1] = pair(0, 0, 1, 0.8);
	p[2] = pair(0, 1, 0, 0.85);
	p[3] = pair(0, 0, 0, 0.9);
	/* 0-0 first; 1-0 and 0-1 then find a side taken; 1-1 is left */
	assert_int_equal(ad_match_greedy(p, 4, ua, ub), 2);
	assert_pair(&p[0], 0, 0, 0);
	assert_true(p[0].score == 0.9);
	assert_pair(&p[1], 0, 1, 1);
	assert_true(p[1].score == 0.5);
}

/* Greedy keeps the strongest pair even where a weaker choice would pair
 * more: 0-0 at 0.9 wins over 0-1 + 1-0. */
static void test_match__greedy_not_most_pairs(void **state)
{
	ad_match_pair p[3];
	uint32_t ua[NIDS] = {0}, ub[NIDS] = {0};

	(void)state;
	p[0] = pair(0, 0, 1, 0.8);
	p[1] = pair(0, 1, 0, 0.7);
	p[2] = pair(0, 0, 0, 0.9);
	assert_int_equal(ad_match_greedy(p, 3, ua, ub), 1);
	assert_pair(&p[0], 0, 0, 0);
}

static void test_match__ties_by_a_then_b(void **state)
{
	ad_match_pair p[5];
	uint32_t ua[NIDS] = {0}, ub[NIDS] = {0};

	(void)state;
	p[0] = pair(0, 2, 3, 0.5);
	p[1] = pair(0, 1, 2, 0.5);
	p[2] = pair(0, 1, 1, 0.5);
	p[3] = pair(0, 2, 1, 0.5);
	p[4] = pair(0, 3, 3, 0.5);
	/* order 1-1, 1-2, 2-1, 2-3, 3-3: 1-1 and 2-3 are kept */
	assert_int_equal(ad_match_greedy(p, 5, ua, ub), 2);
	assert_pair(&p[0], 0, 1, 1);
	assert_pair(&p[1], 0, 2, 3);
}

/* A score that differs in the last bit is not a tie. */
static void test_match__score_before_index(void **state)
{
	ad_match_pair p[2];
	uint32_t ua[NIDS] = {0}, ub[NIDS] = {0};

	(void)state;
	p[0] = pair(0, 0, 0, 0.5);
	p[1] = pair(0, 1, 0, 0.5 + 1e-16 * 2);
	assert_int_equal(ad_match_greedy(p, 2, ua, ub), 1);
	assert_pair(&p[0], 0, 1, 0);
}

/* Groups never compete, whatever their indices; they come out in group
 * order, each best first, all through the same two arrays. */
static void test_match__groups_apart(void **state)
{
	ad_match_pair p[5];
	uint32_t ua[NIDS] = {0}, ub[NIDS] = {0};

	(void)state;
	p[0] = pair(7, 0, 0, 0.4);
	p[1] = pair(2, 0, 0, 0.6);
	p[2] = pair(7, 1, 1, 0.9);
	p[3] = pair(2, 0, 1, 0.7);
	p[4] = pair(2, 1, 1, 0.3);
	/* group 2: 0-1, then 0-0 and 1-1 find a side taken; group 7: both */
	assert_int_equal(ad_match_greedy(p, 5, ua, ub), 3);
	assert_pair(&p[0], 2, 0, 1);
	assert_pair(&p[1], 7, 1, 1);
	assert_pair(&p[2], 7, 0, 0);
}

/* One array for both sides, as align uses it: a and b index one space
 * (sections), and a pair never has the same index twice. */
static void test_match__one_array_for_both_sides(void **state)
{
	ad_match_pair p[4];
	uint32_t used[NIDS] = {0};

	(void)state;
	p[0] = pair(1, 0, 4, 0.9);
	p[1] = pair(1, 1, 4, 0.8); /* 4 taken */
	p[2] = pair(1, 1, 5, 0.7);
	p[3] = pair(3, 0, 4, 0.2); /* another agent pair: free again */
	assert_int_equal(ad_match_greedy(p, 4, used, used), 3);
	assert_pair(&p[0], 1, 0, 4);
	assert_pair(&p[1], 1, 1, 5);
	assert_pair(&p[2], 3, 0, 4);
}

static void test_match__empty(void **state)
{
	uint32_t ua[1] = {0}, ub[1] = {0};
	ad_match_pair one = pair(0, 0, 0, 0.0);

	(void)state;
	assert_int_equal(ad_match_greedy(NULL, 0, ua, ub), 0);
	assert_int_equal(ua[0] + ub[0], 0);
	/* a lone pair is kept, whatever its score */
	assert_int_equal(ad_match_greedy(&one, 1, ua, ub), 1);
}

/* ---- Jaccard ----------------------------------------------------- */

static void test_match__words_sorted_lower_distinct(void **state)
{
	ad_match_words w;

	(void)state;
	ad_match_words_init(&w, "b, A; a B c... b");
	assert_int_equal(w.n, 3);
	assert_string_equal(w.w[0], "a");
	assert_string_equal(w.w[1], "b");
	assert_string_equal(w.w[2], "c");
	ad_match_words_dispose(&w);
	ad_match_words_init(&w, NULL);
	assert_int_equal(w.n, 0);
	ad_match_words_dispose(&w);
}

static void test_match__jaccard(void **state)
{
	(void)state;
	/* {keep, it, short} vs {keep, it, brief}: 2 of 4 words */
	assert_true(ad_match_text_jaccard("Keep it short.", "keep IT brief") ==
		    0.5);
	assert_true(ad_match_text_jaccard("a a a", "A") == 1.0);
	assert_true(ad_match_text_jaccard("one", "two") == 0.0);
	assert_true(ad_match_text_jaccard("step 2", "step 3") == 1.0 / 3.0);
}

static void test_match__jaccard_empty(void **state)
{
	(void)state;
	assert_true(ad_match_text_jaccard("", "") == 1.0);
	assert_true(ad_match_text_jaccard(NULL, "--- ...") == 1.0);
	assert_true(ad_match_text_jaccard("", "word") == 0.0);
}

/* Bytes of UTF-8 sequences are letters: words of any script stay whole,
 * and an accent makes another word. */
static void test_match__jaccard_utf8_words(void **state)
{
	ad_match_words w;

	(void)state;
	ad_match_words_init(&w, "na\xc3\xafve-user");
	assert_int_equal(w.n, 2);
	assert_string_equal(w.w[0], "na\xc3\xafve");
	assert_string_equal(w.w[1], "user");
	ad_match_words_dispose(&w);
	assert_true(ad_match_text_jaccard("caf\xc3\xa9 au lait",
					  "cafe au lait") == 0.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match__best_first_one_to_one),
		cmocka_unit_test(test_match__greedy_not_most_pairs),
		cmocka_unit_test(test_match__ties_by_a_then_b),
		cmocka_unit_test(test_match__score_before_index),
		cmocka_unit_test(test_match__groups_apart),
		cmocka_unit_test(test_match__one_array_for_both_sides),
		cmocka_unit_test(test_match__empty),
		cmocka_unit_test(test_match__words_sorted_lower_distinct),
		cmocka_unit_test(test_match__jaccard),
		cmocka_unit_test(test_match__jaccard_empty),
		cmocka_unit_test(test_match__jaccard_utf8_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
