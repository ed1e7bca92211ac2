/*
 * cluster.h - groups of near-duplicate agents, each with a canonical member.
 *
 * Clusters are the connected components of the pair graph (pairs at or
 * above the threshold). The canonical member is the medoid: the member with
 * the largest summed similarity to the other members; ties go to the
 * member with more rules, then to the lower index (inputs are in path
 * order, so the choice is deterministic).
 *
 * Ownership: an ad_clustering owns its clusters and their arrays;
 * ad_clustering_dispose() frees them.
 */
#ifndef AGENTDUP_CLUSTER_H
#define AGENTDUP_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/simjoin.h"
#include "agentdup/tfidf.h"

/* What one member has that the canonical lacks (see canon.h). */
typedef struct ad_merge {
	uint32_t *rules;    /* rule indices (collection-wide), in file order */
	uint32_t nrules;
	uint32_t *sections; /* section indices without a counterpart */
	uint32_t nsections;
} ad_merge;

typedef struct ad_cluster {
	uint32_t canonical;
	uint32_t n;
	uint32_t *members; /* canonical first, then by score descending */
	double *scores;    /* cosine to the canonical (1 for itself) */
	/* Filled by the audit, in its arena: */
	ad_merge *merge;    /* per member, parallel to members; the
			     * canonical's is empty */
	const char *reason; /* why the members belong together */
	const char *why;    /* why the canonical was picked */
} ad_cluster;

typedef struct ad_clustering {
	ad_cluster *clusters; /* largest first, then by canonical index */
	size_t n;
} ad_clustering;

/* nitems vectors; size[i] (may be NULL) breaks medoid ties. */
void ad_cluster_build(ad_clustering *out, const ad_pair *pairs,
		      size_t npairs, const ad_svec *vecs, size_t nitems,
		      const uint32_t *size);
void ad_clustering_dispose(ad_clustering *c);

/* Per item of nitems, the 1-based index of its cluster, 0 when it is in
 * none; malloc'd, the caller frees it. */
uint32_t *ad_clustering_index(const ad_clustering *c, size_t nitems);

/* Make agent (a member of cl) its canonical and reorder the members:
 * canonical first, then by cosine to it. */
void ad_cluster_set_canonical(ad_cluster *cl, uint32_t agent,
			      const ad_svec *vecs);

#endif
