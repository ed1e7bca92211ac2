/*
 * cost.h - what the agents cost a model's context in tokens, and what
 * keeping one agent of a group (a cluster of variants, a role) would
 * save: the tokens of every other member, those loaded in every
 * conversation and those loaded when one is invoked.
 *
 * The tokens of each agent are estimated when the collection is read
 * (doc.h: tokens_always, tokens_body); this stage only adds them up.
 *
 * Ownership: ad_costs_build() fills a caller-owned ad_costs (results.h)
 * whose per-cluster and per-role arrays are malloc'd; ad_costs_dispose()
 * frees them.
 */
#ifndef AGENTDUP_COST_H
#define AGENTDUP_COST_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/collection.h"
#include "agentdup/results.h"

/* What keeping only agent keep of the n agents in members saves: the
 * sum over every other member. Each member is counted once as given. */
void ad_cost_group(ad_cost *out, const ad_collection *c,
		   const uint32_t *members, size_t n, uint32_t keep);

/* The costs of every agent of c; per cluster of cl what keeping only its
 * canonical saves; per role group of roles (whole clusters of cl in each,
 * the kept member its canonical) what keeping only that one saves; and
 * the collection's savings, each removed agent counted once. */
void ad_costs_build(ad_costs *out, const ad_collection *c,
		    const ad_clustering *cl, const ad_clustering *roles);
void ad_costs_dispose(ad_costs *costs);

#endif
