/* Unit tests of tokenizer.c: words, case, invalid UTF-8, stopwords, stems,
 * word counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "index/tokenizer.h"

typedef struct run {
	uint32_t *ids;
	size_t n, cap, bad;
} run;

static ad_tokenizer *make(const char *language, const char *stopwords)
{
	ad_tokenizer_opts o = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_tokenizer *t;

	o.language = language;
	o.stopwords = stopwords;
	assert_int_equal(ad_tokenizer_new(&t, &o, &err), 0);
	return t;
}

static void tokenize(ad_tokenizer *t, const char *text, run *r)
{
	r->n = 0;
	r->bad = ad_tokenizer_run(t, text, strlen(text), &r->ids, &r->n,
				  &r->cap);
}

/* The stem of the i-th term of the run. */
static const char *stem(ad_tokenizer *t, const run *r, size_t i)
{
	assert_true(i < r->n);
	return ad_strtab_str(ad_tokenizer_terms(t), r->ids[i], NULL);
}

static void test_tokenizer__splits_lowercases_and_stems(void **state)
{
	ad_tokenizer *t = make("english", "");
	run r = {0};

	(void)state;
	tokenize(t, "Running TESTS, tested-twice: x y 42 v2", &r);
	assert_int_equal(r.n, 6); /* x and y are one character: dropped */
	assert_string_equal(stem(t, &r, 0), "run");
	assert_string_equal(stem(t, &r, 1), "test");
	assert_string_equal(stem(t, &r, 2), "test");
	assert_string_equal(stem(t, &r, 3), "twice");
	assert_string_equal(stem(t, &r, 4), "42");
	assert_string_equal(stem(t, &r, 5), "v2");
	assert_int_equal(r.ids[1], r.ids[2]);
	assert_int_equal(r.bad, 0);
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__non_ascii_letters(void **state)
{
	ad_tokenizer *t = make("none", "");
	run r = {0};

	(void)state;
	/* Latin-1, Latin Extended-A, Greek and Cyrillic capitals fold; the
	 * em dash and the emoji separate words; a CJK run is one word. */
	tokenize(t, "DONNÉES—Łódź ΑΘΗΝΑ \xf0\x9f\x9a\x80 ПРИВЕТ 工程师", &r);
	assert_int_equal(r.n, 5);
	assert_string_equal(stem(t, &r, 0), "données");
	assert_string_equal(stem(t, &r, 1), "łódź");
	assert_string_equal(stem(t, &r, 2), "αθηνα");
	assert_string_equal(stem(t, &r, 3), "привет");
	assert_string_equal(stem(t, &r, 4), "工程师");
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__invalid_utf8_skipped_and_counted(void **state)
{
	ad_tokenizer *t = make("none", "");
	run r = {0};

	(void)state;
	/* a stray continuation byte, a truncated sequence, an overlong '/',
	 * an encoded surrogate and a lone lead byte at the very end */
	tokenize(t, "alpha\x80" "beta \xe2\x82 gamma \xc0\xaf delta "
		    "\xed\xa0\x80 omega\xf0", &r);
	assert_int_equal(r.n, 5);
	assert_string_equal(stem(t, &r, 0), "alpha");
	assert_string_equal(stem(t, &r, 1), "beta");
	assert_string_equal(stem(t, &r, 2), "gamma");
	assert_string_equal(stem(t, &r, 3), "delta");
	assert_string_equal(stem(t, &r, 4), "omega");
	/* counted per byte: 1 + 2 + 2 + 3 + 1 */
	assert_int_equal(r.bad, 9);
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__stopwords_before_stemming(void **state)
{
	/* "running" is a stopword as written; "runs" stems to the same "run"
	 * but is not itself listed, so it stays: the list is checked on the
	 * word, before stemming. */
	ad_tokenizer *t = make("english", "# comment\nrunning\n  The \n");
	run r = {0};

	(void)state;
	tokenize(t, "The dog keeps RUNNING and runs", &r);
	assert_int_equal(r.n, 4);
	assert_string_equal(stem(t, &r, 0), "dog");
	assert_string_equal(stem(t, &r, 1), "keep");
	assert_string_equal(stem(t, &r, 2), "and");
	assert_string_equal(stem(t, &r, 3), "run");
	assert_true(ad_tokenizer_is_stopword(t, "the", 3));
	assert_true(ad_tokenizer_is_stopword(t, "running", 7));
	assert_false(ad_tokenizer_is_stopword(t, "runs", 4));
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__builtin_stopwords(void **state)
{
	ad_tokenizer *t = make("english", NULL);
	run r = {0};

	(void)state;
	tokenize(t, "You should always validate the input of an API", &r);
	assert_int_equal(r.n, 4);
	assert_string_equal(stem(t, &r, 0), "alway");
	assert_string_equal(stem(t, &r, 1), "valid");
	assert_string_equal(stem(t, &r, 2), "input");
	assert_string_equal(stem(t, &r, 3), "api");
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__stems_each_word_once(void **state)
{
	ad_tokenizer *t = make("english", "the\n");
	run r = {0};
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		tokenize(t, "the tests tested the testing test", &r);
	/* four distinct non-stopword words, one stemmer call each */
	assert_int_equal(ad_tokenizer_stem_calls(t), 4);
	assert_int_equal(ad_tokenizer_words_seen(t), 5);
	assert_int_equal(ad_strtab_count(ad_tokenizer_terms(t)), 1);
	free(r.ids);
	ad_tokenizer_free(t);
}

typedef struct tally {
	size_t nwords;
	uint32_t term;     /* of "test" */
	uint32_t tests, test, longer; /* counts of three words */
} tally;

static int is(const char *w, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(w, want, len) == 0;
}

static void tally_word(const char *w, size_t len, uint32_t term,
		       uint32_t count, void *payload)
{
	tally *y = payload;

	y->nwords++;
	if (is(w, len, "tests"))
		y->tests = count;
	if (is(w, len, "test")) {
		y->test = count;
		y->term = term;
	}
	/* longer than a cache slot holds in place */
	if (is(w, len, "internationalization"))
		y->longer = count;
}

static void test_tokenizer__counts_each_word(void **state)
{
	ad_tokenizer *t = make("english", "the\n");
	run r = {0};
	tally y = {0};
	int i;

	(void)state;
	for (i = 0; i < 100; i++)
		tokenize(t, "the tests tested the Testing test TESTS "
			    "Internationalization", &r);
	ad_tokenizer_foreach_word(t, tally_word, &y);
	/* the stopword is not reported; case folds before counting */
	assert_int_equal(y.nwords, 5);
	assert_int_equal(y.term, r.ids[0]);
	assert_int_equal(y.tests, 200);
	assert_int_equal(y.test, 100);
	assert_int_equal(y.longer, 100);
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__long_tokens_dropped(void **state)
{
	ad_tokenizer *t = make("none", "");
	char text[200];
	run r = {0};

	(void)state;
	memset(text, 'a', 150);
	strcpy(text + 150, " short");
	tokenize(t, text, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(stem(t, &r, 0), "short");
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__unknown_language(void **state)
{
	ad_tokenizer_opts o = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_tokenizer *t = (ad_tokenizer *)&o;

	(void)state;
	o.language = "klingon";
	assert_int_equal(ad_tokenizer_new(&t, &o, &err), AD_EINVAL);
	assert_null(t);
	assert_non_null(strstr(err.msg, "klingon"));
}

static void test_tokenizer__other_languages_stem(void **state)
{
	ad_tokenizer *t = make("german", "");
	run r = {0};

	(void)state;
	tokenize(t, "Häuser", &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(stem(t, &r, 0), "haus");
	free(r.ids);
	ad_tokenizer_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenizer__splits_lowercases_and_stems),
		cmocka_unit_test(test_tokenizer__non_ascii_letters),
		cmocka_unit_test(test_tokenizer__invalid_utf8_skipped_and_counted),
		cmocka_unit_test(test_tokenizer__stopwords_before_stemming),
		cmocka_unit_test(test_tokenizer__builtin_stopwords),
		cmocka_unit_test(test_tokenizer__stems_each_word_once),
		cmocka_unit_test(test_tokenizer__counts_each_word),
		cmocka_unit_test(test_tokenizer__long_tokens_dropped),
		cmocka_unit_test(test_tokenizer__unknown_language),
		cmocka_unit_test(test_tokenizer__other_languages_stem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
