/* Unit tests of wordrefs.c: a doc's words packed read back as they were,
 * whatever way their numbers go, and the packing is smaller than the
 * records when the numbers are near each other. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "index/wordrefs.h"

static void round_trip(const ad_word_ref *w, size_t n)
{
	ad_arena *arena = ad_arena_new();
	ad_word_refs packed = ad_word_refs_pack(w, n, arena);
	ad_word_ref *back = NULL;
	size_t cap = 0, i;

	assert_int_equal(packed.n, n);
	assert_int_equal(ad_word_refs_unpack(&back, &cap, packed), n);
	for (i = 0; i < n; i++) {
		assert_int_equal(back[i].word, w[i].word);
		assert_int_equal(back[i].count, w[i].count);
	}
	free(back);
	ad_arena_free(arena);
}

/* The extremes: numbers and counts at 0 and at 2^32 - 1, steps of the
 * whole range either way, a repeat, and no words at all. */
static void test_wordrefs__extremes(void **state)
{
	static const ad_word_ref w[] = {
		{UINT32_MAX, 1},     {0, UINT32_MAX}, {UINT32_MAX, 0},
		{UINT32_MAX, 7},     {1, 2},          {0, 1},
		{2147483648u, 300},  {2147483647u, 1}, {5, 128},
	};

	(void)state;
	round_trip(w, sizeof(w) / sizeof(*w));
	round_trip(w, 0);
}

/* Words as a tokenizer numbers them: mostly new ones, one after the
 * other, with a few old ones back and forth; two bytes a word or so. */
static void test_wordrefs__near_numbers_pack_small(void **state)
{
	enum { N = 4000 };
	static ad_word_ref w[N];
	ad_arena *arena = ad_arena_new();
	ad_word_refs packed;
	size_t i, bytes;

	(void)state;
	for (i = 0; i < N; i++) {
		w[i].word = i % 10 == 9 ? (uint32_t)(i * 37 % 1000)
					: (uint32_t)(100000 + i);
		w[i].count = 1 + (uint32_t)(i % 3);
	}
	round_trip(w, N);
	packed = ad_word_refs_pack(w, N, arena);
	bytes = ad_arena_used(arena);
	assert_non_null(packed.bytes);
	assert_true(bytes < N * sizeof(*w) / 2);
	ad_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wordrefs__extremes),
		cmocka_unit_test(test_wordrefs__near_numbers_pack_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
