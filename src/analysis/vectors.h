/*
 * vectors.h - the TF-IDF vectors of a collection: one per agent, one per
 * rule wording, and one per section.
 *
 * An agent's vector holds its description, the rest of its frontmatter,
 * and every section with its rules, house-style rules left out (forms.h):
 * they would make unrelated agents of one template look alike. A rule's
 * vector holds the rule, each synonym counted as its set and generic
 * words weighing AD_GENERIC_WEIGHT of their idf (index/rulewords.h).
 * Rules of one wording (forms.h) have the same terms in the same order,
 * so the same vector: it is made once and every rule of the wording
 * reads it (ad_vectors_rule()); the document frequencies still count
 * every rule, so each weight is what a vector of its own would hold. A
 * description's vector holds the description alone (it states the
 * agent's job). A section's vector holds its heading
 * (AD_TITLE_WEIGHT times), prose, rules, and one feature per shared rule
 * group of its rules (ids from the vocabulary's count on), so that
 * sections holding the same rules in other words look alike; sections are
 * therefore made after the rule inventory, by ad_vectors_sections().
 * Sections with the same heading and prose terms and rules of the same
 * wordings hold one vector between them, as rules of one wording do.
 * Each level has its own document frequencies.
 *
 * Ownership: ad_vectors_build() fills a caller-owned ad_vectors whose
 * vectors live in arenas of its own; ad_vectors_dispose() frees them all.
 * It borrows the forms' rule_form, which must outlive it.
 */
#ifndef AGENTDUP_VECTORS_H
#define AGENTDUP_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/collection.h"
#include "agentdup/results.h"
#include "analysis/forms.h"
#include "index/rulewords.h"
#include "index/tfidf.h"

/* A heading names what its section is about: in section vectors its terms
 * count this many times. */
#define AD_TITLE_WEIGHT 3

/* Vectors weighed and held open (as the joins read them) until they are
 * packed: in arenas of their own, one per worker that counted, each with
 * the factor that made it unit length (which packing as counts keeps). */
typedef struct ad_open_vecs {
	ad_svec *v;
	double *scale;
	struct ad_arena **arenas;
	size_t narenas;
} ad_open_vecs;

typedef struct ad_vectors {
	/* per doc, packed (tfidf.h) by ad_vectors_pack_agents(), in less
	 * than the 8 bytes a term they take open; NULL until then, while
	 * the agent join reads them open */
	ad_cvec *agents;
	double *agent_idf; /* reading the agents' weights takes it */
	int agents_counted; /* packed as counts, not floats */
	/* per doc, until ad_vectors_pack_agents() frees them */
	ad_open_vecs open_agents;
	/* per rule wording (ad_forms.rule_form), while the rule join and
	 * the groups read them open; then packed as the agents are, by
	 * ad_vectors_pack_wordings(), which frees the open ones (wordings
	 * is NULL until then) */
	ad_open_vecs open_wordings;
	ad_cvec *wordings;
	double *wording_idf; /* reading the wordings' weights takes it */
	size_t nwordings;
	const uint32_t *rule_form; /* per rule: its wording; borrowed */
	ad_svec *descriptions; /* per doc; empty without a description */
	/* per section, packed (tfidf.h: they are many, and only alignment
	 * and evidence read them), sections alike sharing one; NULL until
	 * ad_vectors_sections() */
	ad_cvec *sections;
	/* the idf they were weighed with, which reading their weights
	 * takes: they hold their term counts */
	double *section_idf;
	uint32_t nsection_features; /* the sections' ids are below this */
	struct ad_arena **arenas; /* one per worker that counted */
	size_t narenas;
} ad_vectors;

typedef struct ad_vectors_input {
	const ad_collection *c;
	const ad_forms *forms; /* rules' wordings and spread; kept borrowed */
	uint32_t house_limit;        /* rules spread wider stay out of agents */
	const ad_rule_words *words; /* rules' words (rulewords.h); may be NULL */
	int jobs;
} ad_vectors_input;

/* The agent (open) and description vectors; the rule wordings' are made
 * by ad_vectors_count_wordings(). */
void ad_vectors_build(ad_vectors *out, const ad_vectors_input *in);

/* The rule wordings' vectors (open), from the input ad_vectors_build()
 * took: after it, and before the rule join reads them. Apart, so that a
 * large collection joins its agents before they are made (audit.c). */
void ad_vectors_count_wordings(ad_vectors *v, const ad_vectors_input *in);

/* The agent vectors packed, each with the weights it had open, and the
 * open ones freed: as counts when they hold counts_from terms or more
 * (2 or 3 bytes a term, each weight made again as it is read), else as
 * floats (6 bytes a term, faster to read). */
void ad_vectors_pack_agents(ad_vectors *v, size_t ndocs, uint32_t nterms,
			    size_t counts_from, int jobs);

/* The packed agent vectors, as their readers take them. */
static inline ad_cvecs ad_vectors_agents(const ad_vectors *v,
					 uint32_t nterms)
{
	ad_cvecs a = {v->agents, v->agent_idf, nterms};

	return a;
}

/* The rule wordings packed, each with the weights it had open, and the
 * open ones freed: as counts when the agents were (a large collection:
 * the wordings are read far less often than the agents), else as
 * floats. After ad_vectors_pack_agents(). */
void ad_vectors_pack_wordings(ad_vectors *v, uint32_t nterms, int jobs);

/* The packed rule wordings, as their readers take them. */
static inline ad_cvecs ad_vectors_wordings(const ad_vectors *v,
					   uint32_t nterms)
{
	ad_cvecs w = {v->wordings, v->wording_idf, nterms};

	return w;
}

/* The packed vector of rule r (collection-wide number): its wording's. */
static inline const ad_cvec *ad_vectors_rule(const ad_vectors *v,
					     size_t r)
{
	return &v->wordings[v->rule_form[r]];
}

/* The section vectors, with the shared groups of inv; inv NULL: of their
 * words alone (no rule inventory made). */
void ad_vectors_sections(ad_vectors *v, const ad_collection *c,
			 const ad_inventory *inv, int jobs);

void ad_vectors_dispose(ad_vectors *v);

/* Bytes the vectors hold (for statistics), and of those the open agent
 * vectors' (0 once packed). */
size_t ad_vectors_bytes(const ad_vectors *v);
size_t ad_vectors_open_bytes(const ad_vectors *v);

#endif
