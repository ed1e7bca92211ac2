/*
 * cluster.h - groups of near-duplicate agents, each with a canonical member.
 *
 * Clusters are the connected components of the pair graph (pairs at or
 * above the threshold). The canonical member is the medoid: the member with
 * the largest summed similarity to the other members; ties go to the
 * member with more rules, then to the lower index (inputs are in path
 * order, so the choice is deterministic).
 *
 * Ownership: an ad_clustering (results.h) owns its clusters and their
 * arrays; ad_clustering_dispose() frees them.
 */
#ifndef AGENTDUP_CLUSTER_H
#define AGENTDUP_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/results.h"
#include "index/simjoin.h"
#include "index/tfidf.h"

/* The connected components of the graph of nitems items and npairs
 * edges that have two members or more; returns how many. Component k is
 * members[start[k], start[k + 1]), in index order; components come in
 * the order of their lowest members. start and members are malloc'd, the
 * caller frees them. */
size_t ad_components(uint32_t **start, uint32_t **members,
		     const ad_pair *pairs, size_t npairs, size_t nitems);

/* nitems vectors; size[i] (may be NULL) breaks medoid ties. The
 * clusters' medoids are found on up to jobs threads (0: one a core);
 * the clusters are the same whatever it is. */
void ad_cluster_build(ad_clustering *out, const ad_pair *pairs,
		      size_t npairs, ad_cvecs vecs, size_t nitems,
		      const uint32_t *size, int jobs);
void ad_clustering_dispose(ad_clustering *c);

/* Make agent (a member of cl) its canonical and reorder the members:
 * canonical first, then by cosine to it. */
void ad_cluster_set_canonical(ad_cluster *cl, uint32_t agent,
			      ad_cvecs vecs);

#endif
