/*
 * inventory.h - the rule inventory: every rule of the collection grouped
 * with the rules that say the same thing in other words.
 *
 * Rules with the same terms in the same order are one *form* (one wording,
 * up to case, punctuation, stopwords and stemming). Forms of at least
 * AD_RULE_MIN_TERMS terms are joined on cosine; groups are then stars, not
 * connected components: the form whose neighbourhood covers the most
 * agents becomes a centre and takes its free neighbours, then the next.
 * A form whose neighbours were all taken joins the group of its closest
 * neighbour. So every member is within one hop of a form that is within
 * one hop of the centre, and generic rules cannot chain the collection
 * into one group.
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

typedef struct ad_inventory_input {
	const ad_svec *rule_vecs; /* per rule, unit vectors */
	const uint32_t *form_of;  /* per rule: form id, 0..nforms-1 */
	const uint32_t *doc_of;   /* per rule: agent index */
	size_t nrules;
	size_t nforms;
	double threshold;   /* cosine for two forms to be neighbours */
	uint32_t house_limit; /* groups in more agents are boilerplate */
	int jobs;
	ad_simjoin_stats *stats; /* may be NULL: the join's counts */
} ad_inventory_input;

int ad_inventory_build(ad_inventory *out, const ad_inventory_input *in,
		       ad_error *err);

/* Agent pairs (a < b, sorted) that carry at least min_shared groups in
 * common, house style left out; score holds how many. doc_of: per rule,
 * its agent. Returns a malloc'd array. */
ad_pair *ad_inventory_agent_pairs(const ad_inventory *inv,
				  const uint32_t *doc_of, uint32_t min_shared,
				  size_t *npairs);
void ad_inventory_dispose(ad_inventory *inv);

#endif
