/* Unit tests of vocab.c: the word shown for a stem, and that merging
 * per-thread tokenizers does not change it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "index/vocab.h"

#define MAX_TOKS 3

/* A tokenizer, English stems and no stopwords, that has read text. */
static ad_tokenizer *reader(const char *text)
{
	ad_tokenizer_opts o = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_tokenizer *t;
	uint32_t *ids = NULL;
	size_t n = 0, cap = 0;

	o.stopwords = "";
	assert_int_equal(ad_tokenizer_new(&t, &o, &err), 0);
	ad_tokenizer_run(t, text, strlen(text), &ids, &n, &cap);
	free(ids);
	return t;
}

/* The vocabulary of the tokenizers that read texts[0..n), merged in that
 * order and finished. */
static ad_vocab *merged(const char *const *texts, size_t n)
{
	ad_vocab *v = ad_vocab_new();
	size_t k;

	assert_true(n <= MAX_TOKS);
	for (k = 0; k < n; k++) {
		ad_tokenizer *t = reader(texts[k]);

		free(ad_vocab_merge(v, t));
		ad_tokenizer_free(t);
	}
	free(ad_vocab_finish(v));
	return v;
}

/* The surface word of stem (final ids are in byte order of the stems). */
static const char *surface(const ad_vocab *v, const char *stem)
{
	uint32_t id;

	for (id = 0; id < ad_vocab_count(v); id++)
		if (strcmp(ad_vocab_stem(v, id), stem) == 0)
			return ad_vocab_surface(v, id);
	fail_msg("stem '%s' not in the vocabulary", stem);
	return NULL;
}

static void test_vocab__most_frequent_form_wins(void **state)
{
	/* the shorter "excel" and the acronym lose to the common word */
	const char *texts[] = {"Excellence excellence excel. Safety SAFETY "
			       "safety SAFETI, safeti"};
	ad_vocab *v = merged(texts, 1);

	(void)state;
	assert_string_equal(surface(v, "excel"), "excellence");
	assert_string_equal(surface(v, "safeti"), "safety");
	ad_vocab_free(v);
}

static void test_vocab__ties_go_to_shorter_then_smaller(void **state)
{
	const char *texts[] = {"tests test testing safety safeti"};
	ad_vocab *v = merged(texts, 1);

	(void)state;
	assert_string_equal(surface(v, "test"), "test");
	/* same count, same length: byte order */
	assert_string_equal(surface(v, "safeti"), "safeti");
	ad_vocab_free(v);
}

static void test_vocab__merge_sums_counts(void **state)
{
	/* Alone, the first reader would show "excel" and the second
	 * "excellence"; together "excellence" is seen 4 times to 3. A word
	 * only one reader saw still gets its surface. */
	const char *split[] = {"excel excel excellence",
			       "excellence excellence excellence excel vacuum"};
	const char *swapped[] = {split[1], split[0]};
	const char *whole[] = {"excel excel excellence excellence excellence "
			       "excellence excel vacuum"};
	ad_vocab *a = merged(split, 2), *b = merged(swapped, 2),
		 *c = merged(whole, 1);
	uint32_t id;

	(void)state;
	assert_string_equal(surface(a, "excel"), "excellence");
	assert_string_equal(surface(a, "vacuum"), "vacuum");
	assert_int_equal(ad_vocab_count(a), ad_vocab_count(c));
	assert_int_equal(ad_vocab_count(b), ad_vocab_count(c));
	for (id = 0; id < ad_vocab_count(c); id++) {
		assert_string_equal(ad_vocab_surface(a, id),
				    ad_vocab_surface(c, id));
		assert_string_equal(ad_vocab_surface(b, id),
				    ad_vocab_surface(c, id));
	}
	ad_vocab_free(a);
	ad_vocab_free(b);
	ad_vocab_free(c);
}

/* A word both readers saw is one form, its counts summed: apart, "excel"
 * (3) would beat each reader's "excellence" (2). */
static void test_vocab__merge_finds_earlier_forms(void **state)
{
	const char *texts[] = {"excel excel excel excellence excellence",
			       "excellence excellence"};
	ad_vocab *v = merged(texts, 2);

	(void)state;
	assert_string_equal(surface(v, "excel"), "excellence");
	ad_vocab_free(v);
}

/* Final ids follow the stems' byte order (strcmp()): stems that share
 * their first bytes, end inside them, or hold bytes above 0x7f, among
 * random ones interned in no order. */
static void test_vocab__final_ids_in_byte_order(void **state)
{
	static const char *const fixed[] = {
		"abcdef", "a", "abcde", "ab", "abcdeg", "abcd", "abcde\x01",
		"abcd\xff", "\xe6\x99\xba\xe8\x83\xbd", "\xe6\x99\xba",
		"\xe6\x99", "zz", "abcdefgh", "abcdefg", "b"};
	ad_vocab *v = ad_vocab_new();
	uint64_t rng = 12345;
	char w[12];
	size_t k, nfixed = sizeof(fixed) / sizeof(*fixed);
	uint32_t id;

	(void)state;
	for (k = 0; k < nfixed; k++)
		ad_vocab_intern_stem(v, fixed[k], strlen(fixed[k]));
	for (k = 0; k < 3000; k++) { /* short words of four letters */
		size_t len = 1 + k % 9, c;

		for (c = 0; c < len; c++) {
			rng = rng * 6364136223846793005u + 1442695040888963407u;
			w[c] = "abcd"[rng >> 62];
		}
		ad_vocab_intern_stem(v, w, len);
	}
	free(ad_vocab_finish(v));
	assert_true(ad_vocab_count(v) > 1000);
	for (id = 1; id < ad_vocab_count(v); id++)
		assert_true(strcmp(ad_vocab_stem(v, id - 1),
				   ad_vocab_stem(v, id)) < 0);
	ad_vocab_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocab__most_frequent_form_wins),
		cmocka_unit_test(test_vocab__ties_go_to_shorter_then_smaller),
		cmocka_unit_test(test_vocab__merge_sums_counts),
		cmocka_unit_test(test_vocab__merge_finds_earlier_forms),
		cmocka_unit_test(test_vocab__final_ids_in_byte_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
