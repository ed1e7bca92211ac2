/* Unit tests of tokenizer.c: words, case, invalid UTF-8, stopwords, stems,
 * word counts, and the scripts written without spaces (pairs of
 * characters). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>

#include "base/arena.h"
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

/* The stems of the run, each followed by a space. */
static const char *joined(ad_tokenizer *t, const run *r)
{
	static char buf[1024];
	size_t i, n = 0, len;

	for (i = 0; i < r->n; i++) {
		const char *w = ad_strtab_str(ad_tokenizer_terms(t), r->ids[i],
					      &len);

		assert_true(n + len + 2 <= sizeof(buf));
		memcpy(buf + n, w, len);
		n += len;
		buf[n++] = ' ';
	}
	buf[n] = '\0';
	return buf;
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
	 * em dash and the emoji separate words; Hangul is written with
	 * spaces, so a run of it is a word. */
	tokenize(t, "DONNÉES—Łódź ΑΘΗΝΑ \xf0\x9f\x9a\x80 ПРИВЕТ 한국어 텍스트", &r);
	assert_int_equal(r.n, 6);
	assert_string_equal(stem(t, &r, 0), "données");
	assert_string_equal(stem(t, &r, 1), "łódź");
	assert_string_equal(stem(t, &r, 2), "αθηνα");
	assert_string_equal(stem(t, &r, 3), "привет");
	assert_string_equal(stem(t, &r, 4), "한국어");
	assert_string_equal(stem(t, &r, 5), "텍스트");
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

/* Word i of a journal: its bytes, and its term in *term. */
static const char *word_of(const ad_tokenizer *t, const ad_word_ref *words,
			   size_t i, uint32_t *term)
{
	size_t len;
	const char *s;

	assert_true(words[i].word < ad_tokenizer_words_seen(t));
	s = ad_tokenizer_word(t, words[i].word, &len, term);
	assert_int_equal(len, strlen(s));
	return s;
}

/* The count of word w among the n words of a journal; -1 if absent. */
static long journal_count(const ad_tokenizer *t, const ad_word_ref *words,
			  size_t n, const char *w)
{
	uint32_t term;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(word_of(t, words, i, &term), w) == 0)
			return words[i].count;
	return -1;
}

/* The journal counts each doc's words apart, stopwords left out, each
 * word once with its tokens, in the order first met; a take empties it,
 * and so does switching it off; a word met in an earlier doc starts
 * again from 0. */
static void test_tokenizer__journal_counts_per_doc(void **state)
{
	ad_tokenizer *t = make("english", "the\nand\n");
	ad_arena *arena = ad_arena_new();
	ad_word_ref *w;
	uint32_t term;
	run r = {0};
	size_t n;

	(void)state;
	ad_tokenizer_journal(t, 1);
	assert_true(ad_tokenizer_journaling(t));
	tokenize(t, "Check the logs, CHECK the tests", &r);
	tokenize(t, "and check", &r);
	n = ad_tokenizer_journal_take(&w, t, arena);
	assert_int_equal(n, 3);
	assert_string_equal(word_of(t, w, 0, &term), "check");
	assert_int_equal(w[0].count, 3);
	assert_int_equal(journal_count(t, w, n, "logs"), 1);
	assert_int_equal(journal_count(t, w, n, "tests"), 1);
	assert_int_equal(journal_count(t, w, n, "the"), -1);
	assert_int_equal(term, r.ids[0]);
	tokenize(t, "tests and more tests", &r);
	n = ad_tokenizer_journal_take(&w, t, arena);
	assert_int_equal(n, 2);
	assert_string_equal(word_of(t, w, 0, &term), "tests");
	assert_int_equal(w[0].count, 2);
	assert_int_equal(journal_count(t, w, n, "more"), 1);
	assert_int_equal(journal_count(t, w, n, "check"), -1);
	assert_int_equal(ad_tokenizer_journal_take(&w, t, arena), 0);
	tokenize(t, "logs", &r);
	ad_tokenizer_journal(t, 0); /* emptied: nothing carries over */
	ad_tokenizer_journal(t, 1);
	tokenize(t, "logs logs", &r);
	n = ad_tokenizer_journal_take(&w, t, arena);
	assert_int_equal(n, 1);
	assert_int_equal(w[0].count, 2);
	free(r.ids);
	ad_arena_free(arena);
	ad_tokenizer_free(t);
}

/* Counting a text n times more counts its words as n more runs of it
 * would; a word first seen so starts at n; counts saturate rather than
 * wrap. */
static void test_tokenizer__count_as_more_runs(void **state)
{
	static const char text[] = "the tests tested the Testing test TESTS "
				   "Internationalization";
	ad_tokenizer *t = make("english", "the\n");
	uint32_t *ids = NULL;
	size_t cap = 0;
	run r = {0};
	tally y = {0};

	(void)state;
	tokenize(t, "the test", &r);
	ad_tokenizer_count(t, text, strlen(text), 99, &ids, &cap);
	ad_tokenizer_count(t, text, strlen(text), 0, &ids, &cap);
	ad_tokenizer_foreach_word(t, tally_word, &y);
	assert_int_equal(y.nwords, 5);
	assert_int_equal(y.tests, 198);
	assert_int_equal(y.test, 100);
	assert_int_equal(y.longer, 99);
	assert_int_equal(y.term, r.ids[0]);
	/* a run after it counts one a token again */
	tokenize(t, "tests", &r);
	memset(&y, 0, sizeof(y));
	ad_tokenizer_foreach_word(t, tally_word, &y);
	assert_int_equal(y.tests, 199);
	ad_tokenizer_count(t, "test", 4, UINT32_MAX - 50, &ids, &cap);
	memset(&y, 0, sizeof(y));
	ad_tokenizer_foreach_word(t, tally_word, &y);
	assert_int_equal(y.test, UINT32_MAX);
	free(ids);
	free(r.ids);
	ad_tokenizer_free(t);
}

/* Words w0001 .. of a text: distinct ones, some repeated, of every length
 * around the 15 bytes a cache slot holds in place, a stopword now and
 * then. */
static void many_words(char *text, size_t cap, size_t nwords)
{
	size_t i, n = 0;

	for (i = 0; i < nwords; i++) {
		size_t k = i % 7 == 3 ? i / 2 : i; /* a word seen before */
		int len = snprintf(text + n, cap - n, "%s%0*zu ",
				   i % 11 == 5 ? "the " : "w", 2 + (int)(k % 18),
				   k);

		assert_true(len > 0 && (size_t)len < cap - n);
		n += (size_t)len;
	}
}

/* The terms of one run of many words, while the word cache grows under
 * the tokens in flight, are those of the same words tokenized one at a
 * time; and so are the counts. */
static void test_tokenizer__long_run_same_as_word_by_word(void **state)
{
	ad_tokenizer *t = make("english", NULL), *one = make("english", NULL);
	size_t cap = 200000, i, k = 0;
	char *text = malloc(cap), *s, *save = NULL;
	run r = {0}, w = {0};
	tally a = {0}, b = {0};

	(void)state;
	many_words(text, cap, 6000);
	tokenize(t, text, &r);
	for (s = strtok_r(text, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
		tokenize(one, s, &w);
		for (i = 0; i < w.n; i++, k++) {
			assert_true(k < r.n);
			assert_int_equal(r.ids[k], w.ids[i]);
		}
	}
	assert_int_equal(k, r.n);
	assert_true(ad_tokenizer_words_seen(t) > 4096);
	ad_tokenizer_foreach_word(t, tally_word, &a);
	ad_tokenizer_foreach_word(one, tally_word, &b);
	assert_int_equal(a.nwords, b.nwords);
	free(text);
	free(r.ids);
	free(w.ids);
	ad_tokenizer_free(t);
	ad_tokenizer_free(one);
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

static void test_tokenizer__chinese_pairs(void **state)
{
	ad_tokenizer *t = make("english", NULL);
	run r = {0};

	(void)state;
	/* overlapping pairs; the full-width colon and the ideographic comma
	 * and full stop separate runs */
	tokenize(t, "本工具检查代理文件的重复内容。", &r);
	assert_string_equal(joined(t, &r),
			    "本工 工具 具检 检查 查代 代理 理文 文件 件的 的重 "
			    "重复 复内 内容 ");
	tokenize(t, "零售供应链优化：库存管理、需求预测", &r);
	assert_string_equal(joined(t, &r),
			    "零售 售供 供应 应链 链优 优化 库存 存管 管理 需求 "
			    "求预 预测 ");
	/* pairs are neither stemmed nor English stopwords */
	assert_int_equal(ad_tokenizer_stem_calls(t), 0);
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__chinese_mixed_with_english(void **state)
{
	ad_tokenizer *t = make("english", NULL);
	run r = {0};

	(void)state;
	/* Latin and digits inside a Han run stay words of their own, folded
	 * and stemmed as ever */
	tokenize(t, "负责API设计、数据库架构与Scaling，2024年起", &r);
	assert_string_equal(joined(t, &r),
			    "负责 api 设计 数据 据库 库架 架构 构与 scale 2024 "
			    "年起 ");
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__japanese_kanji_and_kana_one_run(void **state)
{
	ad_tokenizer *t = make("english", NULL);
	run r = {0};

	(void)state;
	tokenize(t, "東京の会社でエンジニアとして働いています。", &r);
	assert_string_equal(joined(t, &r),
			    "東京 京の の会 会社 社で でエ エン ンジ ジニ ニア "
			    "アと とし して て働 働い いて てい いま ます ");
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__halfwidth_katakana_folds(void **state)
{
	ad_tokenizer *t = make("none", "");
	run r = {0}, full = {0};

	(void)state;
	/* half-width katakana, with the voiced and semi-voiced marks
	 * composed, and kana written with combining marks (か + U+3099),
	 * give the terms of the composed full-width text */
	tokenize(t, "ﾃﾞｰﾀﾍﾞｰｽとﾊﾟｿｺﾝ、か\xe3\x82\x99く", &r);
	tokenize(t, "データベースとパソコン、がく", &full);
	assert_int_equal(r.n, full.n);
	assert_memory_equal(r.ids, full.ids, r.n * sizeof(*r.ids));
	assert_string_equal(joined(t, &r),
			    "デー ータ タベ ベー ース スと とパ パソ ソコ コン "
			    "がく ");
	free(r.ids);
	free(full.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__thai_pairs_keep_marks(void **state)
{
	ad_tokenizer *t = make("english", NULL);
	run r = {0};

	(void)state;
	/* a character is a letter with the vowel and tone marks over and
	 * under it: no pair starts with a mark */
	tokenize(t, "สวัสดีครับ ยินดีต้อนรับ", &r);
	assert_string_equal(joined(t, &r),
			    "สวั วัส สดี ดีค ครั รับ ยิน นดี ดีต้ ต้อ อน นรั "
			    "รับ ");
	assert_int_equal(r.ids[5], r.ids[12]);
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__fullwidth_latin_is_ascii(void **state)
{
	ad_tokenizer *t = make("english", NULL);
	run r = {0};

	(void)state;
	/* full-width letters and digits are ASCII, then lower-cased,
	 * stopwords and stems as ever; the ideographic space and the
	 * full-width brackets separate; a lone letter is still no word */
	tokenize(t, "Ｔｈｅ　ＡＰＩ　ＴＥＳＴＳ（Ｒｕｎｎｉｎｇ）１２３　Ｘ", &r);
	assert_string_equal(joined(t, &r), "api test run 123 ");
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__lone_cjk_character_is_a_term(void **state)
{
	ad_tokenizer *t = make("english", NULL);
	run r = {0};

	(void)state;
	/* a run of one character is a token; one Latin letter or digit is
	 * not, nor one Hangul syllable (Hangul is read as words) */
	tokenize(t, "我 是 a 学生, 第1章 및 x", &r);
	assert_string_equal(joined(t, &r), "我 是 学生 第 章 ");
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__invalid_utf8_inside_cjk(void **state)
{
	ad_tokenizer *t = make("none", "");
	run r = {0};

	(void)state;
	/* an invalid byte ends a run like a separator, and is counted; so
	 * is a sequence cut short at the end of the text */
	tokenize(t, "供应\x80链分析 สวัส\xffดี 需求\xe9\xa2", &r);
	assert_string_equal(joined(t, &r), "供应 链分 分析 สวั วัส ดี 需求 ");
	assert_int_equal(r.bad, 4);
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__variation_selector_inside_run(void **state)
{
	ad_tokenizer *t = make("none", "");
	run r = {0};

	(void)state;
	/* an ideographic variation selector neither ends a run nor counts */
	tokenize(t, "葛\xf3\xa0\x84\x80城市", &r);
	assert_string_equal(joined(t, &r), "葛城 城市 ");
	free(r.ids);
	ad_tokenizer_free(t);
}

static void test_tokenizer__stopword_list_folds_any_script(void **state)
{
	/* a list may hold accented words, full-width ones and Han pairs;
	 * each is folded as text is */
	ad_tokenizer *t = make("none", "données\nＡＮＤ\n的重\n# 文件\n");
	run r = {0};

	(void)state;
	tokenize(t, "DONNÉES and 文件的重复", &r);
	assert_string_equal(joined(t, &r), "文件 件的 重复 ");
	assert_true(ad_tokenizer_is_stopword(t, "and", 3));
	free(r.ids);
	ad_tokenizer_free(t);
}

/* The cosine of the term counts of two texts. */
static double cosine(ad_tokenizer *t, const char *a, const char *b)
{
	run ra = {0}, rb = {0};
	double dot = 0, na = 0, nb = 0;
	size_t i, n;
	double *ca, *cb;

	tokenize(t, a, &ra);
	tokenize(t, b, &rb);
	n = ad_strtab_count(ad_tokenizer_terms(t));
	ca = calloc(n, sizeof(*ca));
	cb = calloc(n, sizeof(*cb));
	assert_non_null(ca);
	assert_non_null(cb);
	for (i = 0; i < ra.n; i++)
		ca[ra.ids[i]]++;
	for (i = 0; i < rb.n; i++)
		cb[rb.ids[i]]++;
	for (i = 0; i < n; i++) {
		dot += ca[i] * cb[i];
		na += ca[i] * ca[i];
		nb += cb[i] * cb[i];
	}
	free(ca);
	free(cb);
	free(ra.ids);
	free(rb.ids);
	return na && nb ? dot / sqrt(na * nb) : 0;
}

static void test_tokenizer__reworded_chinese_shares_terms(void **state)
{
	ad_tokenizer *t = make("english", NULL);
	/* one job described twice in other words, and another job: read as
	 * whole runs the first two shared no term at all */
	const char *a = "零售供应链分析师，负责库存管理与需求预测，优化仓储物流，"
			"并与供应商协同。";
	const char *b = "供应链专家：预测零售需求，管理门店库存，改进仓库与物流，"
			"和供应商协作。";
	const char *other = "儿科医生，诊断儿童常见疾病，制定治疗方案并随访。";

	(void)state;
	assert_true(cosine(t, a, b) > 0.4);
	assert_true(cosine(t, a, other) < 0.05);
	ad_tokenizer_free(t);
}

/* A word of len letters drawn from seed; some carry an accented letter. */
static size_t some_word(char *out, size_t len, unsigned seed)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (seed % 7 == 0 && i == len / 2) {
			out[n++] = (char)0xc3; /* é */
			out[n++] = (char)0xa9;
			continue;
		}
		out[n++] = (char)('a' + (seed >> (i % 13)) % 5);
	}
	return n;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Tokens wait in a ring, their words built in place: a long text, whose
 * words are of every length (a lone letter, too long, short after long
 * in the same slot) among pairs of CJK characters, gives the terms that
 * tokenizing word by word gives, and sees each distinct word once. */
static void test_tokenizer__ring_gives_what_words_alone_give(void **state)
{
	ad_tokenizer *whole = make("english", NULL);
	ad_tokenizer *alone = make("english", NULL);
	run a = {0}, b = {0};
	char *text = malloc(400000), piece[200];
	uint32_t *ids = NULL;
	char *words[4000];
	size_t i, n = 0, nids = 0, len, nwords = 0, distinct = 2;
	unsigned seed = 12345;

	(void)state;
	for (i = 0; i < 4000; i++) {
		seed = seed * 1103515245u + 12345u;
		len = i % 23 == 0 ? 60 + seed % 12 : 1 + (seed >> 8) % 18;
		if (i % 41 == 0) /* three CJK characters: two pairs */
			len = (size_t)snprintf(piece, sizeof(piece), "%s",
					       "\xe6\x97\xa5\xe6\x9c\xac"
					       "\xe8\xaa\x9e");
		else
			len = some_word(piece, len, seed);
		memcpy(text + n, piece, len);
		n += len;
		text[n++] = i % 5 ? ' ' : '.';
		piece[len] = '\0';
		if (i % 41 && len <= 64 && len - (seed % 7 == 0) >= 2)
			words[nwords++] = strdup(piece); /* a word, not pairs */
		tokenize(alone, piece, &b);
		ids = realloc(ids, (nids + b.n) * sizeof(*ids));
		memcpy(ids + nids, b.ids, b.n * sizeof(*ids));
		nids += b.n;
	}
	text[n] = '\0';
	tokenize(whole, text, &a);
	assert_int_equal(a.n, nids);
	assert_true(a.n > 3000);
	for (i = 0; i < a.n; i++)
		assert_int_equal(a.ids[i], ids[i]);
	qsort(words, nwords, sizeof(*words), by_string);
	for (i = 0; i < nwords; i++)
		distinct += i == 0 || strcmp(words[i], words[i - 1]) != 0;
	assert_int_equal(ad_tokenizer_words_seen(whole), distinct);
	assert_int_equal(ad_tokenizer_words_seen(alone), distinct);
	for (i = 0; i < nwords; i++)
		free(words[i]);
	free(ids);
	free(text);
	free(a.ids);
	free(b.ids);
	ad_tokenizer_free(whole);
	ad_tokenizer_free(alone);
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
		cmocka_unit_test(test_tokenizer__journal_counts_per_doc),
		cmocka_unit_test(test_tokenizer__count_as_more_runs),
		cmocka_unit_test(test_tokenizer__long_run_same_as_word_by_word),
		cmocka_unit_test(test_tokenizer__long_tokens_dropped),
		cmocka_unit_test(test_tokenizer__unknown_language),
		cmocka_unit_test(test_tokenizer__other_languages_stem),
		cmocka_unit_test(test_tokenizer__chinese_pairs),
		cmocka_unit_test(test_tokenizer__chinese_mixed_with_english),
		cmocka_unit_test(test_tokenizer__japanese_kanji_and_kana_one_run),
		cmocka_unit_test(test_tokenizer__halfwidth_katakana_folds),
		cmocka_unit_test(test_tokenizer__thai_pairs_keep_marks),
		cmocka_unit_test(test_tokenizer__fullwidth_latin_is_ascii),
		cmocka_unit_test(test_tokenizer__lone_cjk_character_is_a_term),
		cmocka_unit_test(test_tokenizer__invalid_utf8_inside_cjk),
		cmocka_unit_test(test_tokenizer__variation_selector_inside_run),
		cmocka_unit_test(test_tokenizer__stopword_list_folds_any_script),
		cmocka_unit_test(test_tokenizer__reworded_chinese_shares_terms),
		cmocka_unit_test(test_tokenizer__ring_gives_what_words_alone_give),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
