/*
 * Unit tests of rulewords.c: the generic words, facet words and synonyms
 * of a collection's terms, looked up by stem, on one agent's text; and
 * whether the words of two rule vectors agree, on hand-made vectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "index/rulewords.h"

#include "fixture.h"

static const char agent[] =
	"---\nname: words\ndescription: Every kind of word.\n---\n"
	"## Rules\n"
	"- Ensure appropriately sized widgets\n"
	"- Testing and tests, logging, documentation and docs\n"
	"- Keep the db and the database in sync\n"
	"- Optimise or optimize; remove or delete\n";

/* The term whose stem is s; the test fails when there is none. */
static uint32_t term(const ad_collection *c, const char *s)
{
	uint32_t t;

	for (t = 0; t < ad_collection_nterms(c); t++)
		if (strcmp(ad_collection_stem(c, t), s) == 0)
			return t;
	fail_msg("no term '%s'", s);
	return 0;
}

static ad_audit *audit_agent(void)
{
	ad_text text = {"words.md", agent, sizeof(agent) - 1, NULL, 0, 0};

	return fx_audit_texts(&text, 1);
}

static void build(ad_rule_words *w, const ad_audit *au, const char *lang)
{
	ad_tokenizer_opts opts = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;

	opts.language = lang;
	assert_int_equal(ad_rule_words_build(w, au->collection, &opts, &err),
			 0);
	assert_int_equal(w->nterms, ad_collection_nterms(au->collection));
}

/* "appropriately" is generic as "appropriate" is; "tests" and "testing"
 * are the facet "test"; widgets are nothing. */
static void test_rulewords__kinds(void **state)
{
	ad_audit *au = audit_agent();
	const ad_collection *c = au->collection;
	ad_rule_words w;

	(void)state;
	build(&w, au, "english");
	assert_int_equal(w.kind[term(c, "appropri")], AD_WORD_GENERIC);
	assert_int_equal(w.kind[term(c, "ensur")], AD_WORD_GENERIC);
	assert_int_equal(w.kind[term(c, "test")], AD_WORD_FACET);
	assert_int_equal(w.kind[term(c, "log")], AD_WORD_FACET);
	assert_int_equal(w.kind[term(c, "widget")], 0);
	assert_int_equal(w.kind[term(c, "size")], 0);
	assert_int_equal(w.canon[term(c, "widget")], term(c, "widget"));
	ad_rule_words_dispose(&w);
	ad_audit_free(au);
}

/* A set counts as its first term met, and each member carries the flags
 * of all: "docs" is a facet word, as "documentation" is. */
static void test_rulewords__synonyms(void **state)
{
	ad_audit *au = audit_agent();
	const ad_collection *c = au->collection;
	uint32_t db = term(c, "db"), database = term(c, "databas");
	uint32_t doc = term(c, "doc"), document = term(c, "document");
	ad_rule_words w;

	(void)state;
	build(&w, au, "english");
	assert_int_equal(w.canon[db], w.canon[database]);
	assert_int_equal(w.canon[db], db < database ? db : database);
	assert_int_equal(w.canon[doc], w.canon[document]);
	assert_int_equal(w.kind[doc], AD_WORD_FACET);
	assert_int_equal(w.canon[term(c, "optimis")], w.canon[term(c, "optim")]);
	assert_int_equal(w.canon[term(c, "remov")], w.canon[term(c, "delet")]);
	assert_int_not_equal(w.canon[db], w.canon[term(c, "sync")]);
	ad_rule_words_dispose(&w);
	ad_audit_free(au);
}

/* Without stemming, a list word is matched as written: "appropriately"
 * is not "appropriate". The collection is stemmed, the list is not, so
 * only the words that stemming leaves alone match here. */
static void test_rulewords__lists_stemmed_with_the_options(void **state)
{
	ad_audit *au = audit_agent();
	const ad_collection *c = au->collection;
	ad_rule_words w;

	(void)state;
	build(&w, au, "none");
	assert_int_equal(w.kind[term(c, "appropri")], 0);
	assert_int_equal(w.kind[term(c, "test")], AD_WORD_FACET);
	assert_int_equal(w.kind[term(c, "log")], AD_WORD_FACET);
	assert_int_equal(w.canon[term(c, "db")], term(c, "db"));
	ad_rule_words_dispose(&w);
	ad_audit_free(au);
}

/* Words agree when two are shared, or every word of the rule with fewer;
 * generic words do not count. */
static void test_rulewords__words_agree(void **state)
{
	/* terms 1 and 2 are generic ("add", "appropriate") */
	static const uint8_t generic[8] = {0, 1, 1, 0, 0, 0, 0, 0};
	ad_svec log = fx_vec("1:1 2:1 3:1"), idx = fx_vec("1:1 2:1 4:1"),
		query = fx_vec("5:1 6:2"), checkout = fx_vec("6:2 7:1"),
		page = fx_vec("1:0.2 5:1"), list = fx_vec("1:0.2 5:1 7:0.6"),
		vague = fx_vec("1:1 2:1");

	(void)state;
	assert_true(ad_rule_words_agree(&log, &idx, NULL));
	assert_false(ad_rule_words_agree(&log, &idx, generic));
	/* one shared word, and each has another of its own */
	assert_false(ad_rule_words_agree(&query, &checkout, NULL));
	assert_false(ad_rule_words_agree(&query, &checkout, generic));
	/* the one word of the smaller rule, in the other */
	assert_true(ad_rule_words_agree(&page, &list, generic));
	assert_true(ad_rule_words_agree(&list, &page, generic));
	assert_false(ad_rule_words_agree(&query, &list, generic));
	/* rules of generic words alone agree on cosine */
	assert_true(ad_rule_words_agree(&vague, &log, generic));
	assert_true(ad_rule_words_agree(&vague, &vague, generic));
}

/* A facet word (test, log, document) in one rule and not in the other
 * keeps them apart, however many words they share: "Error handling
 * tests" (terms error 1, handling 2, tests 3) and "Consistent error
 * handling" (consistent 4) share two; "Write unit tests" (write 5, unit
 * 6, tests 3) and "Unit tests for services" (services 7) share the facet
 * and one more. */
static void test_rulewords__facet_words_keep_apart(void **state)
{
	static const uint8_t kind[8] = {0, 0, 0, AD_WORD_FACET, 0, 0, 0, 0};
	ad_svec tests = fx_vec("1:1 2:1 3:1"), handling = fx_vec("1:1 2:1 4:1"),
		write = fx_vec("3:1 5:1 6:1"), unit = fx_vec("3:1 6:1 7:1");

	(void)state;
	assert_true(ad_rule_words_agree(&tests, &handling, NULL));
	assert_false(ad_rule_words_agree(&tests, &handling, kind));
	assert_false(ad_rule_words_agree(&handling, &tests, kind));
	assert_true(ad_rule_words_agree(&write, &unit, kind));
	assert_true(ad_rule_words_agree(&tests, &tests, kind));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rulewords__kinds),
		cmocka_unit_test(test_rulewords__synonyms),
		cmocka_unit_test(test_rulewords__lists_stemmed_with_the_options),
		cmocka_unit_test_setup_teardown(test_rulewords__words_agree,
						fx_arena_setup,
						fx_arena_teardown),
		cmocka_unit_test_setup_teardown(
			test_rulewords__facet_words_keep_apart, fx_arena_setup,
			fx_arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
