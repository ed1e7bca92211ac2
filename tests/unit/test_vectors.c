/*
 * Unit tests of vectors.c: rules of one wording share one vector, whose
 * weights are those a vector of each rule's own would hold. The reference
 * is made rule by rule here, the way the vectors were made before they
 * were shared: a bag per rule (synonyms as their set), document
 * frequencies over every rule, generic words weighing less.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/forms.h"
#include "analysis/vectors.h"
#include "index/rulewords.h"

#include "fixture.h"

/* Wordings repeated within an agent and across agents, some equal only
 * up to case, stopwords and stemming, with synonyms and generic words. */
static const char agent_a[] =
	"---\nname: a\ndescription: Reviews code.\n---\n"
	"## Rules\n"
	"- Always write tests for new code\n"
	"- Keep the database and the db in sync\n"
	"- Always write tests for new code\n"
	"- Ensure appropriately sized widgets\n";
static const char agent_b[] =
	"---\nname: b\ndescription: Writes code.\n---\n"
	"## Rules\n"
	"- always WRITE the tests, for new code!\n"
	"- Ensure appropriately sized widgets\n"
	"- Log every request\n";
static const char agent_c[] =
	"---\nname: c\ndescription: Deploys code.\n---\n"
	"## Steps\n"
	"- Log every request\n"
	"- Keep the database and the db in sync\n"
	"- Remove or delete stale branches\n"
	"- Always write tests for new code\n";

typedef struct model {
	ad_audit *au;
	ad_rule_words words;
	ad_forms forms;
	ad_vectors v;
} model;

static void model_build(model *m)
{
	static const ad_text texts[] = {
		{"a.md", agent_a, sizeof(agent_a) - 1, NULL, 0},
		{"b.md", agent_b, sizeof(agent_b) - 1, NULL, 0},
		{"c.md", agent_c, sizeof(agent_c) - 1, NULL, 0},
	};
	ad_tokenizer_opts topts = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_vectors_input in;

	m->au = fx_audit_texts(texts, 3);
	assert_int_equal(ad_rule_words_build(&m->words, m->au->collection,
					     &topts, &err),
			 0);
	ad_forms_build(&m->forms, m->au->collection);
	memset(&in, 0, sizeof(in));
	in.c = m->au->collection;
	in.forms = &m->forms;
	in.house_limit = ad_house_limit(m->au->collection->ndocs);
	in.words = &m->words;
	in.jobs = 1;
	ad_vectors_build(&m->v, &in);
}

static void model_dispose(model *m)
{
	ad_vectors_dispose(&m->v);
	ad_forms_dispose(&m->forms);
	ad_rule_words_dispose(&m->words);
	ad_audit_free(m->au);
}

/* Per rule, a vector of its own, weighed over every rule. */
static ad_svec *per_rule(const model *m, ad_arena *arena)
{
	const ad_collection *c = m->au->collection;
	uint32_t nterms = ad_collection_nterms(c), t;
	size_t nrules = c->at.nrules, r;
	ad_svec *vecs = calloc(nrules + 1, sizeof(*vecs));
	uint32_t *df = calloc(nterms + 1, sizeof(*df));
	double *idf = calloc(nterms + 1, sizeof(*idf));
	ad_counter counter;

	assert_non_null(vecs);
	assert_non_null(df);
	assert_non_null(idf);
	ad_counter_init(&counter, nterms);
	for (r = 0; r < nrules; r++) {
		const ad_rule *rule = ad_collection_rule(c, r);

		for (t = 0; t < rule->nterms; t++)
			ad_counter_add(&counter,
				       &m->words.canon[rule->terms[t]], 1);
		ad_counter_take(&vecs[r], &counter, arena);
	}
	ad_counter_dispose(&counter);
	ad_tfidf_df(df, vecs, nrules);
	ad_tfidf_idf(idf, df, nterms, nrules);
	for (t = 0; t < nterms; t++)
		if (m->words.kind[t] & AD_WORD_GENERIC)
			idf[t] *= AD_GENERIC_WEIGHT;
	for (r = 0; r < nrules; r++)
		ad_tfidf_weigh(&vecs[r], idf);
	free(idf);
	free(df);
	return vecs;
}

/* Every rule reads its wording's vector, one and the same for the rules
 * of a wording, with the ids and bitwise the weights of its own. */
static void test_vectors__rules_of_a_wording_share_its_vector(void **state)
{
	ad_arena *arena = ad_arena_new();
	model m;
	ad_svec *own;
	size_t r, q, nshared = 0;

	(void)state;
	model_build(&m);
	own = per_rule(&m, arena);
	assert_int_equal(m.v.nwordings, m.forms.nrule_forms);
	assert_true(m.v.nwordings < m.au->collection->at.nrules);
	for (r = 0; r < m.au->collection->at.nrules; r++) {
		const ad_svec *v = ad_vectors_rule(&m.v, r);

		assert_ptr_equal(v, &m.v.wordings[m.forms.rule_form[r]]);
		assert_int_equal(v->n, own[r].n);
		assert_true(v->n > 0);
		assert_memory_equal(v->ids, own[r].ids, v->n * sizeof(*v->ids));
		assert_memory_equal(v->w, own[r].w, v->n * sizeof(*v->w));
		for (q = 0; q < r; q++) {
			if (m.forms.rule_form[q] != m.forms.rule_form[r])
				continue;
			assert_ptr_equal(ad_vectors_rule(&m.v, q)->w, v->w);
			nshared++;
		}
	}
	/* pairs of rules of one wording: "write tests" in 4 rules (twice in
	 * a, once up to case, stopwords and stemming in b), then the db,
	 * widgets and log rules twice each */
	assert_int_equal(nshared, 6 + 1 + 1 + 1);
	free(own);
	ad_arena_free(arena);
	model_dispose(&m);
}

/* The bytes held count each wording's entries once: fewer than the
 * entries of a vector per rule would take. */
static void test_vectors__bytes_count_wordings_once(void **state)
{
	model m;
	size_t r, d, rules = 0, others = 0, bytes;
	const size_t entry = sizeof(uint32_t) + sizeof(float);

	(void)state;
	model_build(&m);
	for (r = 0; r < m.au->collection->at.nrules; r++)
		rules += ad_vectors_rule(&m.v, r)->n * entry;
	for (d = 0; d < m.au->collection->ndocs; d++)
		others += (m.v.agents[d].n + m.v.descriptions[d].n) * entry;
	bytes = ad_vectors_bytes(&m.v);
	assert_true(bytes >= others);
	assert_true(bytes < others + rules);
	model_dispose(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_vectors__rules_of_a_wording_share_its_vector),
		cmocka_unit_test(test_vectors__bytes_count_wordings_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
