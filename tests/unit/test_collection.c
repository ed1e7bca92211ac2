/* Unit tests of collection.c: what the docs of a loaded collection keep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/collection.h"

static const char AGENT[] = "---\nname: reviewer\ndescription: reviews "
			    "code\n---\n# Review\nRead the diff first.\n\n"
			    "```sh\ngit diff\n```\n\n- flag unsafe casts\n";

static ad_collection *load(int keep_texts)
{
	ad_load_opts o = AD_LOAD_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_text t = {"reviewer.md", AGENT, sizeof(AGENT) - 1, NULL, 0};
	ad_collection *c;

	o.texts = &t;
	o.ntexts = 1;
	o.keep_texts = keep_texts;
	o.jobs = 1;
	assert_int_equal(ad_collection_load(&c, NULL, 0, &o, &err), 0);
	assert_int_equal(c->ndocs, 1);
	return c;
}

/* Once tokenized, a section's prose and code are read by nothing but the
 * store and the cache: without either they are dropped, terms kept. */
static void test_collection__section_texts_dropped(void **state)
{
	ad_collection *c = load(0);
	const ad_section *s = &c->docs[0]->sections[0];

	(void)state;
	assert_null(ad_doc_section_text(c->docs[0], 0));
	assert_null(ad_doc_section_code(c->docs[0], 0));
	assert_null(c->docs[0]->section_texts);
	assert_true(s->nterms > s->ntitle_terms);
	assert_string_equal(s->title, "Review");
	assert_string_equal(c->docs[0]->rules[0].text, "flag unsafe casts");
	ad_collection_free(c);

	c = load(1);
	s = &c->docs[0]->sections[0];
	assert_string_equal(ad_doc_section_text(c->docs[0], 0),
			    "Read the diff first.");
	assert_string_equal(ad_doc_section_code(c->docs[0], 0), "git diff");
	ad_collection_free(c);
}

/* The load's usage is the process's over the load: never negative, and
 * its CPU time no more than its threads could spend in its wall time. */
static void test_collection__usage_measured(void **state)
{
	ad_collection *c = load(0);

	(void)state;
	assert_true(c->load_user_seconds >= 0 && c->load_system_seconds >= 0);
	assert_true(c->load_disk_blocks >= 0 && c->load_waits >= 0);
	assert_true(c->load_user_seconds + c->load_system_seconds <=
		    c->load_seconds + 0.02); /* one thread; clock ticks */
	ad_collection_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collection__section_texts_dropped),
		cmocka_unit_test(test_collection__usage_measured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
