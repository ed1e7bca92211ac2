/*
 * role.h - role groups: agents that do one job however they are worded
 * (written apart by different people), with the variant clusters of each
 * inside them.
 *
 * The evidence is relative. Each agent gets a role vector: the terms that
 * weigh most in its body (AD_ROLE_BODY_TERMS of its agent vector), its
 * description and its name, each part normalised and weighted, the sum
 * normalised again. The role vectors find the pairs worth scoring: those
 * whose cosine reaches AD_ROLE_FLOOR come from one join (ad_role_pairs()),
 * and each agent keeps its AD_ROLE_SHORTLIST best of them. A pair's role
 * score is then the cosine of the two agent vectors, and the pair is kept
 * only when each agent is among the other's AD_ROLE_NEIGHBOURS best by it
 * (its nearest neighbours, not a fixed bar: a crowded field of
 * look-alikes raises every score).
 *
 * The join runs over units, not agents: a unit is a variant cluster or an
 * agent outside clusters, named by its lowest member. A unit's role vector
 * is the normalised sum of its members' and its score with another unit
 * is the mean cosine over their pairs of agents, so ten forks of one
 * agent count as one neighbour, not ten, and the work grows with the
 * units, not with the square of a family. Groups
 * (ad_roles_build()) grow by average linkage from the variant clusters:
 * two groups join while the mean role score over all their pairs of
 * members, a missing pair counting 0, reaches AD_ROLE_LINKAGE, so a
 * debugger and a performance engineer cannot meet through one profiler
 * in between. Two agents whose names each hold a word of their own that
 * their descriptions use and the other's do not (frontend, backend) are
 * never paired. A role group holds two units at least, a unit being a
 * variant cluster or an agent outside clusters.
 *
 * Ownership: ad_role_pairs() returns a malloc'd array the caller frees;
 * ad_roles_build() fills a caller-owned ad_clustering (results.h) that
 * ad_clustering_dispose() frees.
 */
#ifndef AGENTDUP_ROLE_H
#define AGENTDUP_ROLE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/collection.h"
#include "agentdup/error.h"
#include "agentdup/results.h"
#include "analysis/align.h"
#include "index/simjoin.h"
#include "index/tfidf.h"

#define AD_ROLE_BODY_TERMS 32
#define AD_ROLE_WEIGHT_BODY 1.0
#define AD_ROLE_WEIGHT_DESC 1.0
#define AD_ROLE_WEIGHT_NAME 0.8
#define AD_ROLE_FLOOR 0.05
#define AD_ROLE_SHORTLIST 20
#define AD_ROLE_NEIGHBOURS 10
#define AD_ROLE_LINKAGE 0.2
#define AD_ROLE_AGREE 0.1

typedef struct ad_role_input {
	const ad_collection *c;
	const ad_clustering *clusters; /* the variant clusters; may be NULL */
	ad_cvecs agents; /* per doc, packed */
	const ad_svec *desc_vecs;  /* per doc; empty without a description */
	uint32_t nterms;           /* every vector's ids are below it */
	int jobs;                  /* threads of the join */
	ad_simjoin_stats *stats;   /* the join's work; may be NULL */
} ad_role_input;

/* The pairs of units that may do one job, each named by its lowest
 * member, with their role score, sorted by (a, b). Fails only as the
 * join does. */
int ad_role_pairs(ad_pair **out, size_t *n, const ad_role_input *in,
		  ad_error *err);

/* Per doc of ndocs, the lowest member of its variant cluster, or itself
 * outside clusters: the name of its unit; malloc'd. */
uint32_t *ad_role_unit_of(const ad_clustering *clusters, size_t ndocs);

/* The role groups of pairs[0..n) (ad_role_pairs()), grown from the
 * variant clusters; largest first. family: per doc, its template family
 * plus one, or 0 (two siblings of one family never share a group). Each group's members are in walk
 * order with their canonical unset (the plan picks it); scores hold
 * each member's mean role score to the members outside its unit. */
void ad_roles_build(ad_clustering *out, const ad_pair *pairs, size_t n,
		    const ad_clustering *clusters, const uint32_t *family,
		    size_t ndocs);

/* Drop the role groups of two units that show nothing a person can
 * check: no two members outside one variant cluster whose descriptions
 * agree (cosine of desc_vecs at least AD_ROLE_AGREE) or whose sections
 * align (al). A group of two units is one pair of agents each other's
 * best, which a small collection always has; three units or more met
 * each other's average. Order is kept. The groups are checked on jobs
 * worker threads (parallel.h; 0: one per CPU). */
void ad_roles_prune(ad_clustering *roles, const ad_clustering *clusters,
		    const ad_svec *desc_vecs, const ad_aligner *al,
		    size_t ndocs, int jobs);

/* Whether word is one of the frame descriptions are written in ("use this
 * agent when you need", stopwords/description_frame.txt), a line of the
 * embedded list: a word every job's description may use. */
int ad_role_framed(const char *word);

/* How many lines of the list ad_role_framed() reads (at most 512). */
size_t ad_role_frame_lines(void);

/* Why each role group holds together, in words: the name and
 * description terms most members use, the pairs of its units whose
 * sections align (al), each unit by its lowest member (unit: per doc,
 * ad_role_unit_of()). Parallel to roles->clusters; each string and the
 * array are malloc'd: the caller frees them. Made on jobs worker threads
 * (parallel.h; 0: one per CPU), a group at a time. */
char **ad_role_reasons(const ad_clustering *roles, const ad_collection *c,
		       uint32_t nterms, const uint32_t *unit,
		       const ad_aligner *al, int jobs);

#endif
