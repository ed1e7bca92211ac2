/*
 * canon.h - the agent to keep in each cluster, why, and what every other
 * member has that it lacks (the merge plan).
 *
 * Criteria, in order (each decides only when the ones before tie):
 *   1. not a stub: at least AD_STUB_RULES rules;
 *   2. frontmatter: how many of the four fields a runtime reads are
 *      complete (fields.h): name, description, tools, model. A merge
 *      list carries rules and sections over, never frontmatter, so a
 *      copy the runtime reads in full is kept over one it does not;
 *   3. coverage: the cluster's rule groups (inventory.h) the agent
 *      carries, each counted once per member that carries it, so what
 *      the members agree on weighs most (a merge of two agents, or a
 *      copy that drifted, carries many groups nobody else has);
 *   4. centrality: summed agent cosine to the other members;
 *   5. the first path.
 * Before all of them, a curator's --prefer (plan.h): when some members
 * match, the criteria run among those only.
 * A member's merge list holds its rules the canonical does not carry in
 * any wording, and its sections that align with no section of the
 * canonical: merging those into the canonical loses nothing.
 *
 * These are the pure parts; plan.h applies them to an audit's clusters.
 */
#ifndef AGENTDUP_CANON_H
#define AGENTDUP_CANON_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/* The criterion that made the best candidate win: what
 * ad_canon_decider() returns. */
typedef enum ad_canon_criterion {
	AD_CANON_ALONE = 0, /* one candidate: nothing to decide */
	AD_CANON_STUB = 1,
	AD_CANON_FRONTMATTER = 2,
	AD_CANON_COVERAGE = 3,
	AD_CANON_CENTRALITY = 4,
	AD_CANON_PATH = 5
} ad_canon_criterion;

/* Fewer rules than this and an agent is a stub, never the canonical. */
#define AD_STUB_RULES 3

/* What the criteria saw for one candidate. */
typedef struct ad_canon_score {
	int stub;
	uint32_t frontmatter; /* complete fields (fields.h): 0..4 */
	uint32_t coverage; /* cluster rule groups carried, by support */
	double centrality;
} ad_canon_score;

/* Index into scores of the best candidate by the criteria above (lower
 * index wins the last tie). */
size_t ad_canon_best(const ad_canon_score *scores, size_t n);

/* Which criterion made best win over the runner-up. */
ad_canon_criterion ad_canon_decider(const ad_canon_score *scores, size_t n, size_t best);

#endif
