/*
 * routing.h - what a runtime routes by: each agent's description, name
 * and examples as one vector, and the agents whose vectors compete for
 * the same requests.
 *
 * A runtime picks the agent for a request by reading the descriptions
 * (with their <example> blocks) and names of the agents it has loaded.
 * An agent's routing vector is that text, less the words of the frame
 * every description is written in ("use this agent when you need",
 * "user:", "assistant:": ad_role_framed()), weighed with TF-IDF over the
 * agents that have a description (an agent without one cannot be picked
 * by it: its vector is empty). A request is weighed with the same
 * document frequencies (ad_routing_request_vec()).
 *
 * Routing collisions (ad_routing_find(), the audit's stage): the agents
 * that would still compete once every cluster and role group is merged
 * as its plan says. A role group (agents that do one job) stands as its
 * keep, and so does a cluster outside role groups: their report already
 * says to make them one agent, so the pairs inside them are not listed
 * again. Agents whose routing vectors reach the threshold are gathered
 * into stars: a centre and the agents that compete with it (never chains
 * of agents that compete only pairwise along the chain).
 *
 * Ownership: ad_routing_vectors_build() fills a caller-owned
 * ad_routing_vectors whose vectors live in its arena;
 * ad_routing_vectors_dispose() frees it. ad_routing_find() fills a
 * caller-owned ad_routing (results.h) whose arrays are malloc'd;
 * ad_routing_dispose() frees them.
 */
#ifndef AGENTDUP_ROUTING_H
#define AGENTDUP_ROUTING_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/collection.h"
#include "agentdup/doc.h"
#include "agentdup/error.h"
#include "agentdup/results.h"
#include "index/tfidf.h"

/* The cosine of routing vectors at which two agents compete, read off
 * the role set and the development corpus (README: "Routing
 * collisions"). */
#define AD_ROUTING_THRESHOLD 0.3
/* Shared trigger terms listed per group. */
#define AD_ROUTING_TERMS 6
#define AD_ROUTING_NONE UINT32_MAX

typedef struct ad_routing_vectors {
	ad_svec *vecs;   /* per doc; empty without a description */
	double *idf;     /* per term, over the agents with a description */
	uint32_t nterms;
	size_t nrouted;  /* agents with a description */
	uint8_t *frame;  /* per term: 0 not looked up yet, 1 frame, 2 not */
	const ad_collection *c;
	struct ad_arena *arena;
} ad_routing_vectors;

/* The routing vectors of c's docs, doc skip (or AD_ROUTING_NONE) left
 * out as if it were not there: a request given among the docs. */
void ad_routing_vectors_build(ad_routing_vectors *out,
			      const ad_collection *c, uint32_t skip);
void ad_routing_vectors_dispose(ad_routing_vectors *rv);

/* Whether doc d can be routed to: it has a description with terms. */
int ad_routing_routable(const ad_doc *d);

/* The vector of request d: every term of its text (description,
 * sections, rules; not its file name) but the frame's, weighed as the
 * agents' are, in arena. */
void ad_routing_request_vec(ad_svec *out, ad_routing_vectors *rv,
			    const ad_doc *d, struct ad_arena *arena);

typedef struct ad_routing_input {
	const ad_collection *c;
	const ad_clustering *clustering; /* a cluster routes as one agent, */
	const ad_clustering *roles;      /* and so does a role group: its keep */
	double threshold;
	int jobs;
	/* the routing vectors of c (AD_ROUTING_NONE left out), made by the
	 * caller beforehand, or NULL to make them here */
	const ad_routing_vectors *vectors;
} ad_routing_input;

/* Fails only like the join does (simjoin.h). */
int ad_routing_find(ad_routing *out, const ad_routing_input *in,
		    ad_error *err);
void ad_routing_dispose(ad_routing *r);

#endif
