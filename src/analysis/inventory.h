/*
 * inventory.h - the rule inventory: every rule of the collection grouped
 * with the rules that say the same thing in other words.
 *
 * Rules with the same terms in the same order are one *form* (one wording,
 * up to case, punctuation, stopwords and stemming). Forms of at least
 * AD_RULE_MIN_TERMS terms are joined on cosine, in rule vectors where a
 * synonym counts as its set and generic words weigh little
 * (index/rulewords.h). Two forms at the threshold are neighbours only
 * when their words agree (ad_rule_words_agree()): one word in common
 * ("Query simplification", "Checkout simplification"), generic words in
 * common ("Add appropriate logging", "Add appropriate indexes") or a
 * kind of work named by one only ("Error handling tests", "Consistent
 * error handling") joins nothing.
 *
 * Groups are then stars, not connected components: the form whose
 * neighbourhood covers the most agents becomes a centre and takes its
 * free neighbours, closest first, each within AD_RULE_COHESION of the
 * threshold of every member already taken; then the next. A form whose
 * neighbours were all taken joins the group of its closest neighbour
 * that it fits in the same way, or stays alone. Last, two groups that a
 * pair of neighbours spans, closest pairs first, become one when every
 * member of one fits every member of the other: a centre taken first can
 * part two wordings of one rule. So any two members of a group are
 * within half the threshold of each other: a rule that says two things
 * ("Implement business logic with separation of concerns") cannot bring
 * a rule about each into its group, and generic rules cannot chain the
 * collection into one group.
 *
 * Ownership: ad_inventory_build() fills a caller-owned ad_inventory
 * (results.h) whose arrays are malloc'd; ad_inventory_dispose() frees them.
 */
#ifndef AGENTDUP_INVENTORY_H
#define AGENTDUP_INVENTORY_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/results.h"
#include "index/simjoin.h"
#include "index/tfidf.h"

/* Rules of fewer terms are grouped only with their own wording. */
#define AD_RULE_MIN_TERMS 2

/* Any two members of a group reach this share of the threshold. */
#define AD_RULE_COHESION 0.5

typedef struct ad_inventory_input {
	const ad_svec *form_vecs; /* per form, unit vectors */
	const uint32_t *form_of;  /* per rule: form id, 0..nforms-1 */
	const uint32_t *doc_of;   /* per rule: agent index */
	size_t nrules;
	size_t nforms;
	double threshold;   /* cosine for two forms to be neighbours */
	/* groups in more agents than house_limit are boilerplate, unless
	 * forks (forms.h); doc_name: per doc, its name's id
	 * (ad_forms_doc_names()), or NULL: no forks told apart */
	uint32_t house_limit;
	const uint32_t *doc_name;
	const uint8_t *word_kind; /* per term: AD_WORD_* (rulewords.h); NULL: none */
	int jobs;
	/* may be NULL: told how far the join of the forms has come
	 * (ad_simjoin_opts.progress) */
	ad_progress_fn progress;
	void *progress_payload;
	ad_simjoin_stats *stats; /* may be NULL: the join's counts */
	uint64_t *merge_tests; /* may be NULL: pairs of groups tested */
} ad_inventory_input;

int ad_inventory_build(ad_inventory *out, const ad_inventory_input *in,
		       ad_error *err);

/* ad_inventory_build() in two steps: the join of the forms, on in->jobs
 * threads, then the groups, mostly on the calling thread (the caller
 * may run other work beside it). ad_inventory_join() fails as the
 * build does, leaving *out NULL; ad_inventory_group() takes the same
 * input and frees what the join made. */
typedef struct ad_inventory_joined ad_inventory_joined;

int ad_inventory_join(ad_inventory_joined **out, const ad_inventory_input *in,
		      ad_error *err);
void ad_inventory_group(ad_inventory *out, ad_inventory_joined *joined,
			const ad_inventory_input *in);

/* Sort pairs closest first, pairs of one score left in the order they
 * come in (ad_simjoin_run()'s order by (a, b) stays the order of ties):
 * a stable radix sort on the bits of the scores, which must be positive.
 * tmp holds n pairs. */
void ad_inventory_sort_pairs(ad_pair *pairs, ad_pair *tmp, size_t n);

/* Agent pairs (a < b, sorted) that carry at least min_shared groups in
 * common, house style left out; score holds how many. doc_of: per rule,
 * its agent (rules come agent by agent). Each agent counts its groups'
 * later agents in a row of counters, on `jobs` threads (0: one per CPU),
 * so memory stays with the pairs kept. Returns a malloc'd array. */
ad_pair *ad_inventory_agent_pairs(const ad_inventory *inv,
				  const uint32_t *doc_of, uint32_t min_shared,
				  int jobs, size_t *npairs);
void ad_inventory_dispose(ad_inventory *inv);

#endif
