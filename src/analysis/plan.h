/*
 * plan.h - for every cluster: why its members belong together, which one
 * to keep and why (canon.h), and what each other member has that the kept
 * one lacks.
 *
 * Ownership: ad_plan_build() fills a caller-owned ad_plan (results.h)
 * whose strings and merge lists live in its own arena;
 * ad_plan_dispose() frees them.
 */
#ifndef AGENTDUP_PLAN_H
#define AGENTDUP_PLAN_H

#include "agentdup/collection.h"
#include "agentdup/results.h"
#include "analysis/align.h"
#include "index/tfidf.h"

typedef struct ad_plan_input {
	const ad_collection *c;
	ad_cvecs agents; /* per doc, packed */
	ad_cvecs rule_vecs;         /* per rule wording, packed */
	const uint32_t *rule_form;  /* per rule: its wording (forms.h) */
	const ad_inventory *inv;    /* rule groups: what a member covers */
	const ad_aligner *al;       /* sections with a counterpart */
	const ad_links *links;      /* the evidence of each cluster */
	double rule_threshold;      /* cosine of two wordings of one rule */
	const uint8_t *word_kind;   /* per term: AD_WORD_* (rulewords.h); NULL: none */
	/* Globs of the paths to keep (--prefer): when some members of a
	 * cluster match one (its path as reported, or
	 * ad_corpus_glob_source() with the root it was found under and its
	 * path from there), the canonical is picked among those only. */
	const char *const *prefer;
	size_t nprefer;
	/* Why each group's members belong together, parallel to the groups;
	 * NULL: from the links between them (for variant clusters). */
	const char *const *reasons;
	/* Rank each merge list by how many members back what it adds
	 * (ad_merge.support, section_rules), and mark each member that is a
	 * variant of an earlier one (ad_merge.variant_of): for role groups.
	 * unit: per doc, its variant cluster plus one, or 0 (each agent out
	 * of clusters is a unit of its own); may be NULL. */
	int rank;
	const uint32_t *unit;
	/* Per doc, 1 for an agent another plan removes (a variant cluster's
	 * member other than its canonical): never the one to keep, unless
	 * every member is; may be NULL. */
	const uint8_t *removed;
	/* Worker threads of the merge lists (parallel.h): 0, one per CPU. */
	int jobs;
} ad_plan_input;

/* Pick the canonical of every cluster of clusters, which is updated: the
 * canonical comes first, the other members by cosine to it. out->clusters
 * is parallel to clusters->clusters.
 *
 * A member's merge list holds its rules that the canonical carries in no
 * wording: neither one of the rule's group (inventory.h) nor one within
 * rule_threshold of it whose words agree (ad_rule_words_agree(),
 * rulewords.h). Groups are stars, so a rule and its paraphrase can sit in
 * two groups; the merge list does not ask to copy over what the canonical
 * already says. */
void ad_plan_build(ad_plan *out, ad_clustering *clusters,
		   const ad_plan_input *in);

/* ad_plan_build() in two steps, so that the caller can align each member
 * with its canonical in one batch between them: the canonicals, with why
 * (and the reasons), then the merge lists. */
void ad_plan_pick(ad_plan *out, ad_clustering *clusters,
		  const ad_plan_input *in);
void ad_plan_merges(ad_plan *out, const ad_clustering *clusters,
		    const ad_plan_input *in);
/* The merge lists of clusters [lo, hi) alone: a cluster's list reads the
 * matches of its members with its canonical, and nothing of another
 * cluster, so a caller can align the members of a few clusters at a
 * time, and hold only those matches. */
void ad_plan_merges_range(ad_plan *out, const ad_clustering *clusters,
			  const ad_plan_input *in, size_t lo, size_t hi);
void ad_plan_dispose(ad_plan *p);

#endif
