/* Unit tests of collection.c: what the docs of a loaded collection keep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "agentdup/collection.h"
#include "agentdup/hash.h"
#include "fixture.h"

static const char AGENT[] = "---\nname: reviewer\ndescription: reviews "
			    "code\n---\n# Review\nRead the diff first.\n\n"
			    "```sh\ngit diff\n```\n\n- flag unsafe casts\n";

static const char OTHER[] = "---\nname: other\n---\nchanged\n";

static ad_collection *load(int for_store)
{
	ad_load_opts o = AD_LOAD_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_text t = {"reviewer.md", AGENT, sizeof(AGENT) - 1, NULL, 0, 0};
	ad_collection *c;

	o.texts = &t;
	o.ntexts = 1;
	o.for_store = for_store;
	o.jobs = 1;
	assert_int_equal(ad_collection_load(&c, NULL, 0, &o, &err), 0);
	assert_int_equal(c->ndocs, 1);
	return c;
}

/* Once tokenized, a section's prose and code are read by nothing: they
 * are dropped, terms kept. For a store, each section is keyed first,
 * by the SHA-256 of its prose, a NUL and its code. */
static void test_collection__section_texts_dropped(void **state)
{
	static const char joined[] = "Read the diff first.\0git diff";
	unsigned char want[AD_HASH_BYTES], got[AD_HASH_BYTES];
	ad_collection *c = load(0);
	const ad_section *s = &c->docs[0]->sections[0];

	(void)state;
	assert_null(ad_doc_section_text(c->docs[0], 0));
	assert_null(ad_doc_section_code(c->docs[0], 0));
	assert_null(c->docs[0]->section_texts);
	assert_null(c->docs[0]->section_keys);
	assert_true(s->nterms > s->ntitle_terms);
	assert_string_equal(s->title, "Review");
	assert_string_equal(c->docs[0]->rules[0].text, "flag unsafe casts");
	ad_collection_free(c);

	c = load(1);
	assert_null(c->docs[0]->section_texts);
	assert_non_null(c->docs[0]->section_keys);
	ad_hash_digest(want, joined, sizeof(joined) - 1);
	memcpy(got, c->docs[0]->section_keys[0], AD_HASH_BYTES);
	assert_string_equal(c->docs[0]->sections[0].title, "Review");
	assert_memory_equal(got, want, AD_HASH_BYTES);
	ad_collection_free(c);
}

/* A file of a collection loaded for a store is read again on demand,
 * and only while it still holds the bytes it was loaded with; a text's
 * bytes are copied. */
static void test_collection__text_read_again(void **state)
{
	ad_load_opts o = AD_LOAD_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_text t = {"typed.md", AGENT, sizeof(AGENT) - 1, NULL, 1, 0};
	const char *paths[1];
	ad_collection *c;
	char dir[256], *text;
	size_t len;

	(void)state;
	fx_tmpdir(dir, sizeof(dir), "collection");
	fx_write(dir, "reviewer.md", AGENT, sizeof(AGENT) - 1);
	paths[0] = dir;
	o.texts = &t;
	o.ntexts = 1;
	o.for_store = 1;
	o.jobs = 1;
	assert_int_equal(ad_collection_load(&c, paths, 1, &o, &err), 0);
	assert_int_equal(c->ninputs, 2);
	assert_null(c->inputs[0].text); /* not held */
	assert_int_equal(ad_collection_text(&text, &len, c, 0, &err), 0);
	assert_int_equal(len, sizeof(AGENT) - 1);
	assert_string_equal(text, AGENT);
	free(text);
	assert_int_equal(ad_collection_text(&text, &len, c, 1, &err), 0);
	assert_string_equal(text, AGENT);
	assert_ptr_not_equal(text, AGENT);
	free(text);

	fx_write(dir, "reviewer.md", OTHER, sizeof(OTHER) - 1);
	assert_int_equal(ad_collection_text(&text, &len, c, 0, &err), AD_EIO);
	assert_null(text);
	assert_string_equal(err.path, "reviewer.md");
	assert_non_null(strstr(err.msg, "changed since it was read"));
	ad_collection_free(c);

	o.for_store = 0; /* nothing to read it again from */
	assert_int_equal(ad_collection_load(&c, paths, 1, &o, &err), 0);
	assert_int_equal(ad_collection_text(&text, &len, c, 0, &err),
			 AD_EINVAL);
	ad_collection_free(c);
	assert_int_equal(fx_rmtree(dir), 0);
}

/* Texts given with their bytes to free are freed as they are parsed
 * (the caller's array says so), and read as any text is. */
static void test_collection__owned_texts_freed(void **state)
{
	ad_load_opts o = AD_LOAD_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	char *owned[2];
	ad_text t[2];
	ad_collection *c;

	(void)state;
	owned[0] = strdup(AGENT);
	owned[1] = strdup(OTHER);
	assert_non_null(owned[0]);
	assert_non_null(owned[1]);
	t[0] = (ad_text){"reviewer.md", owned[0], sizeof(AGENT) - 1, NULL, 0,
			  0};
	t[1] = (ad_text){"other.md", owned[1], sizeof(OTHER) - 1, NULL, 0, 0};
	o.texts = t;
	o.ntexts = 2;
	o.texts_owned = owned;
	o.jobs = 2;
	assert_int_equal(ad_collection_load(&c, NULL, 0, &o, &err), 0);
	assert_null(owned[0]);
	assert_null(owned[1]);
	assert_null(c->inputs[0].text);
	assert_int_equal(c->ndocs, 2);
	assert_string_equal(c->docs[0]->name, "reviewer");
	assert_string_equal(c->docs[1]->name, "other");
	assert_string_equal(c->docs[0]->rules[0].text, "flag unsafe casts");
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
		cmocka_unit_test(test_collection__text_read_again),
		cmocka_unit_test(test_collection__owned_texts_freed),
		cmocka_unit_test(test_collection__usage_measured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
