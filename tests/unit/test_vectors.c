/*
 * Unit tests of vectors.c: rules of one wording share one vector, and so
 * do sections of the same features, whose weights are those a vector of
 * each rule's or section's own would hold. The references are made one
 * by one here, the way the vectors were made before they were shared: a
 * bag per rule (synonyms as their set) or per section (heading weighed,
 * prose, rules, shared rule groups), document frequencies over every
 * one, generic words weighing less in rules.
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
/* Sections like those of a and c, one of them with a rule less. */
static const char agent_d[] =
	"---\nname: d\ndescription: Tests code.\n---\n"
	"## Rules\n"
	"- Always write tests for new code\n"
	"- Keep the database and the db in sync\n"
	"- Always write tests for new code\n"
	"- Ensure appropriately sized widgets\n"
	"## steps\n"
	"- log every request.\n"
	"- Keep the database and the db in sync\n"
	"- Remove or delete stale branches\n"
	"- Always write tests for new code\n"
	"## Steps\n"
	"- Log every request\n"
	"- Keep the database and the db in sync\n"
	"- Always write tests for new code\n";

typedef struct model {
	ad_audit *au;
	ad_rule_words words;
	ad_forms forms;
	ad_vectors v;
	size_t counts_from; /* agents packed as counts from this many terms */
} model;

static void model_build(model *m)
{
	static const ad_text texts[] = {
		{"a.md", agent_a, sizeof(agent_a) - 1, NULL, 0, 0},
		{"b.md", agent_b, sizeof(agent_b) - 1, NULL, 0, 0},
		{"c.md", agent_c, sizeof(agent_c) - 1, NULL, 0, 0},
		{"d.md", agent_d, sizeof(agent_d) - 1, NULL, 0, 0},
	};
	ad_tokenizer_opts topts = AD_TOKENIZER_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	ad_vectors_input in;

	m->au = fx_audit_texts(texts, 4);
	assert_int_equal(ad_rule_words_build(&m->words, m->au->collection,
					     &topts, &err),
			 0);
	ad_forms_build(&m->forms, m->au->collection, 0);
	memset(&in, 0, sizeof(in));
	in.c = m->au->collection;
	in.forms = &m->forms;
	in.house_limit = ad_house_limit(m->au->collection->ndocs);
	in.words = &m->words;
	in.jobs = 1;
	ad_vectors_build(&m->v, &in);
	ad_vectors_count_wordings(&m->v, &in);
	m->counts_from = 1; /* as counts: the most compact */
}

/* The model's agent vectors and rule wordings packed, and its section
 * vectors. */
static void model_finish(model *m)
{
	const ad_collection *c = m->au->collection;

	ad_vectors_pack_agents(&m->v, c->ndocs, ad_collection_nterms(c),
			       m->counts_from, 1);
	ad_vectors_pack_wordings(&m->v, ad_collection_nterms(c), 1);
	ad_vectors_sections(&m->v, c, &m->au->inventory, 1);
}

static void model_dispose(model *m)
{
	ad_vectors_dispose(&m->v);
	ad_forms_dispose(&m->forms);
	ad_rule_words_dispose(&m->words);
	ad_audit_free(m->au);
}

/* Weigh the n raw vectors over themselves, the idf of nf features;
 * with kind, generic words weigh AD_GENERIC_WEIGHT of theirs. */
static void weigh_all(ad_svec *vecs, size_t n, uint32_t nf,
		      const uint8_t *kind)
{
	uint32_t *df = calloc(nf + 1, sizeof(*df));
	double *idf = calloc(nf + 1, sizeof(*idf));
	uint32_t t;
	size_t i;

	assert_non_null(df);
	assert_non_null(idf);
	ad_tfidf_df(df, vecs, n);
	ad_tfidf_idf(idf, df, nf, n);
	for (t = 0; kind && t < nf; t++)
		if (kind[t] & AD_WORD_GENERIC)
			idf[t] *= AD_GENERIC_WEIGHT;
	for (i = 0; i < n; i++)
		ad_tfidf_weigh(&vecs[i], idf);
	free(idf);
	free(df);
}

/* Per rule, a vector of its own, weighed over every rule. */
static ad_svec *per_rule(const model *m, ad_arena *arena)
{
	const ad_collection *c = m->au->collection;
	uint32_t nterms = ad_collection_nterms(c), t;
	size_t nrules = c->at.nrules, r;
	ad_svec *vecs = calloc(nrules + 1, sizeof(*vecs));
	ad_counter counter;

	assert_non_null(vecs);
	ad_counter_init(&counter, nterms);
	for (r = 0; r < nrules; r++) {
		const ad_rule *rule = ad_collection_rule(c, r);

		for (t = 0; t < rule->nterms; t++)
			ad_counter_add(&counter,
				       &m->words.canon[rule->terms[t]], 1);
		ad_counter_take(&vecs[r], &counter, arena);
	}
	ad_counter_dispose(&counter);
	weigh_all(vecs, nrules, nterms, m->words.kind);
	return vecs;
}

/* Every rule reads its wording's vector, one and the same for the rules
 * of a wording, with the ids and bitwise the weights of its own: open,
 * then packed. */
static void test_vectors__rules_of_a_wording_share_its_vector(void **state)
{
	ad_arena *arena = ad_arena_new();
	model m;
	ad_svec *own, back;
	uint32_t ids[256];
	float w[256];
	size_t r, q, nshared = 0;

	(void)state;
	model_build(&m);
	own = per_rule(&m, arena);
	assert_int_equal(m.v.nwordings, m.forms.nrule_forms);
	assert_true(m.v.nwordings < m.au->collection->at.nrules);
	for (r = 0; r < m.au->collection->at.nrules; r++) {
		const ad_svec *v = &m.v.open_wordings.v[m.forms.rule_form[r]];

		assert_int_equal(v->n, own[r].n);
		assert_true(v->n > 0);
		assert_memory_equal(v->ids, own[r].ids, v->n * sizeof(*v->ids));
		assert_memory_equal(v->w, own[r].w, v->n * sizeof(*v->w));
	}
	model_finish(&m);
	assert_null(m.v.open_wordings.v);
	for (r = 0; r < m.au->collection->at.nrules; r++) {
		const ad_cvec *v = ad_vectors_rule(&m.v, r);

		assert_ptr_equal(v, &m.v.wordings[m.forms.rule_form[r]]);
		assert_true(v->n <= 256);
		ad_cvec_unpack(&back, v, m.v.wording_idf, ids, w);
		assert_int_equal(back.n, own[r].n);
		assert_memory_equal(ids, own[r].ids, back.n * sizeof(*ids));
		assert_memory_equal(w, own[r].w, back.n * sizeof(*w));
		for (q = 0; q < r; q++) {
			if (m.forms.rule_form[q] != m.forms.rule_form[r])
				continue;
			assert_ptr_equal(ad_vectors_rule(&m.v, q)->data,
					 v->data);
			nshared++;
		}
	}
	/* pairs of rules of one wording: "write tests" in 8 rules (once up
	 * to case, stopwords and stemming, in b), the db rule in 5, the log
	 * rule in 4 (once up to case and punctuation, in d), the widgets rule
	 * in 3, the branches rule in 2 */
	assert_int_equal(nshared, 28 + 10 + 6 + 3 + 1);
	free(own);
	ad_arena_free(arena);
	model_dispose(&m);
}

/* The raw bag of section s: its heading AD_TITLE_WEIGHT times, its prose
 * and rules, and its shared rule groups as features after the terms. */
static void section_bag(ad_counter *counter, const ad_audit *au, size_t s)
{
	const ad_collection *c = au->collection;
	const ad_section *sec = ad_collection_section(c, s);
	size_t rule = c->at.rule_base[c->at.section_doc[s]] + sec->first_rule;
	uint32_t k, f;

	for (k = 0; k < AD_TITLE_WEIGHT; k++)
		ad_counter_add(counter, sec->terms, sec->ntitle_terms);
	ad_counter_add(counter, sec->terms + sec->ntitle_terms,
		       sec->nterms - sec->ntitle_terms);
	for (k = 0; k < sec->nrules; k++) {
		const ad_rule *r = ad_collection_rule(c, rule + k);
		const ad_rule_group *g =
			&au->inventory.groups[au->inventory.group_of[rule + k]];

		ad_counter_add(counter, r->terms, r->nterms);
		f = ad_collection_nterms(c) + au->inventory.group_of[rule + k];
		if (g->nagents >= 2 && !g->boilerplate)
			ad_counter_add(counter, &f, 1);
	}
}

/* Per section, a vector of its own, weighed over every section. */
static ad_svec *per_section(const model *m, ad_arena *arena)
{
	const ad_collection *c = m->au->collection;
	uint32_t nf = ad_collection_nterms(c) +
		      (uint32_t)m->au->inventory.ngroups;
	size_t n = c->at.nsections, s;
	ad_svec *vecs = calloc(n + 1, sizeof(*vecs));
	ad_counter counter;

	assert_non_null(vecs);
	ad_counter_init(&counter, nf);
	for (s = 0; s < n; s++) {
		section_bag(&counter, m->au, s);
		ad_counter_take(&vecs[s], &counter, arena);
	}
	ad_counter_dispose(&counter);
	weigh_all(vecs, n, nf, NULL);
	return vecs;
}

/* Whether sections x and y hold one vector. */
static int shared(const model *m, uint32_t x, uint32_t y)
{
	return m->v.sections[x].data == m->v.sections[y].data &&
	       m->v.sections[x].n == m->v.sections[y].n;
}

/* Sections of the same heading and prose terms and rules of the same
 * wordings share one vector, with the weights of their own; others keep
 * theirs. */
static void test_vectors__sections_alike_share_a_vector(void **state)
{
	ad_arena *arena = ad_arena_new();
	model m;
	ad_svec *own;
	uint32_t a, c, d;
	size_t s;

	(void)state;
	model_build(&m);
	model_finish(&m);
	own = per_section(&m, arena);
	for (s = 0; s < m.au->collection->at.nsections; s++) {
		const ad_cvec *packed = &m.v.sections[s];
		uint32_t *ids = malloc((packed->n + 1) * sizeof(*ids));
		float *w = malloc((packed->n + 1) * sizeof(*w));
		ad_svec v;

		assert_non_null(ids);
		assert_non_null(w);
		/* the ids it was packed with, the weights its counts give */
		ad_cvec_unpack(&v, packed, m.v.section_idf, ids, w);
		assert_int_equal(v.n, own[s].n);
		if (v.n) {
			assert_memory_equal(v.ids, own[s].ids,
					    v.n * sizeof(*v.ids));
			assert_memory_equal(v.w, own[s].w, v.n * sizeof(*v.w));
		}
		free(ids);
		free(w);
	}
	a = fx_doc(m.au, "a.md");
	c = fx_doc(m.au, "c.md");
	d = fx_doc(m.au, "d.md");
	assert_true(shared(&m, fx_section_at(m.au, a, 5),
			   fx_section_at(m.au, d, 5)));
	assert_true(shared(&m, fx_section_at(m.au, c, 5),
			   fx_section_at(m.au, d, 10)));
	assert_false(shared(&m, fx_section_at(m.au, c, 5),
			    fx_section_at(m.au, d, 15)));
	assert_false(shared(&m, fx_section_at(m.au, a, 5),
			    fx_section_at(m.au, fx_doc(m.au, "b.md"), 5)));
	free(own);
	ad_arena_free(arena);
	model_dispose(&m);
}

/* The bytes held count the entries of each wording's and each class of
 * sections' vector once: at least those, and fewer than a vector per rule
 * and per section would take. */
static void test_vectors__bytes_count_shared_vectors_once(void **state)
{
	const size_t entry = sizeof(uint32_t) + sizeof(float);
	/* a packed entry: a step of 16 bits at least (its count, when it is
	 * not 1, beside it) */
	const size_t packed = sizeof(uint16_t);
	const ad_collection *c;
	model m;
	size_t r, d, s, t, held = 0, held_packed = 0, own = 0, bytes;

	(void)state;
	model_build(&m);
	model_finish(&m);
	c = m.au->collection;
	for (d = 0; d < c->ndocs; d++) {
		held += m.v.descriptions[d].n;
		held_packed += m.v.agents[d].n;
	}
	own = held + held_packed;
	for (r = 0; r < m.v.nwordings; r++)
		held_packed += m.v.wordings[r].n;
	for (r = 0; r < c->at.nrules; r++)
		own += ad_vectors_rule(&m.v, r)->n;
	for (s = 0; s < c->at.nsections; s++) {
		own += m.v.sections[s].n;
		for (t = 0; t < s && m.v.sections[t].data !=
					     m.v.sections[s].data;)
			t++;
		if (t == s) /* the first of its vector */
			held_packed += m.v.sections[s].n;
	}
	bytes = ad_vectors_bytes(&m.v);
	assert_true(bytes >= held * entry + held_packed * packed);
	assert_true(bytes < own * entry);
	model_dispose(&m);
}

/* Copies of the n open vectors, which packing frees. */
static ad_svec *copy_open(const ad_svec *v, size_t n)
{
	ad_svec *out = calloc(n + 1, sizeof(*out));
	size_t k;

	assert_non_null(out);
	for (k = 0; k < n; k++) {
		out[k].n = v[k].n;
		out[k].ids = malloc((v[k].n + 1) * sizeof(uint32_t));
		out[k].w = malloc((v[k].n + 1) * sizeof(float));
		assert_non_null(out[k].ids);
		assert_non_null(out[k].w);
		memcpy(out[k].ids, v[k].ids, v[k].n * sizeof(uint32_t));
		memcpy(out[k].w, v[k].w, v[k].n * sizeof(float));
	}
	return out;
}

static void free_open(ad_svec *v, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		free(v[k].ids);
		free(v[k].w);
	}
	free(v);
}

/* Each of the n packed vectors (as counts or not) reads back as the
 * open one it was made from, to the bit, and its dot products with the
 * others are those of the open vectors. */
static void assert_read_as_open(const ad_cvec *packed, const double *idf,
				const ad_svec *open, size_t n, int counts)
{
	uint32_t ids[4096];
	float w[4096];
	size_t d, e;

	for (d = 0; d < n; d++) {
		ad_svec back;

		assert_true(packed[d].n <= 4096);
		assert_true(packed[d].n > 0);
		assert_int_equal(packed[d].counts != 0, counts);
		ad_cvec_unpack(&back, &packed[d], idf, ids, w);
		assert_int_equal(back.n, open[d].n);
		assert_memory_equal(back.ids, open[d].ids,
				    back.n * sizeof(uint32_t));
		assert_memory_equal(back.w, open[d].w, back.n * sizeof(float));
		for (e = 0; e < n; e++) {
			double x = ad_svec_dot(&open[d], &open[e]);
			double y = ad_cvec_dot(&packed[d], &packed[e], idf);

			assert_memory_equal(&x, &y, sizeof(x));
		}
	}
}

/* Packed as counts or as floats, each agent vector and each rule
 * wording reads back as the weights it had open, to the bit, and its dot
 * products with the others are those of the open vectors. */
static void test_vectors__packed_read_as_open(void **state)
{
	const size_t forms[] = {1, SIZE_MAX}; /* counts, then floats */
	const ad_collection *c;
	ad_svec *agents, *wordings;
	model m;
	size_t f;

	(void)state;
	for (f = 0; f < 2; f++) {
		model_build(&m);
		m.counts_from = forms[f];
		c = m.au->collection;
		agents = copy_open(m.v.open_agents.v, c->ndocs);
		wordings = copy_open(m.v.open_wordings.v, m.v.nwordings);
		model_finish(&m);
		assert_null(m.v.open_agents.v);
		assert_null(m.v.open_wordings.v);
		assert_read_as_open(m.v.agents, m.v.agent_idf, agents,
				    c->ndocs, f == 0);
		assert_read_as_open(m.v.wordings, m.v.wording_idf, wordings,
				    m.v.nwordings, f == 0);
		free_open(agents, c->ndocs);
		free_open(wordings, m.v.nwordings);
		model_dispose(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_vectors__rules_of_a_wording_share_its_vector),
		cmocka_unit_test(test_vectors__sections_alike_share_a_vector),
		cmocka_unit_test(test_vectors__bytes_count_shared_vectors_once),
		cmocka_unit_test(test_vectors__packed_read_as_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
