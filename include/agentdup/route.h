/*
 * route.h - the agents a request would be routed to, and how close the
 * runner-up comes.
 *
 * A runtime picks the agent for a request by what it reads of each one:
 * its description, with the description's <example> blocks, and its
 * name. The request is matched against that text of every agent that
 * has a description (TF-IDF weighed over those agents, cosine), best
 * first, ties in walk order, with the terms that add most to each score.
 *
 * The request is a doc of the audit like the others, given as text
 * (ad_audit_opts.load.texts), so that its words are the collection's
 * terms; it is never routed to, nor counted in the weights.
 *
 * The runner-up is the best agent after the first that is not one of its
 * variants (its cluster: copies of one agent route alike, and the
 * clusters say so already); it may be of the first's role group (another
 * agent for the same job, which its role group says to merge). The
 * request is ambiguous when the runner-up
 * scores at least AD_ROUTE_AMBIGUOUS of the first's score: the words
 * that set the two apart weigh too little for a bag of words to say
 * which one a runtime would choose (README: how the ratio was measured).
 *
 * Ownership: ad_route_request() fills a caller-owned ad_route whose
 * array is malloc'd; ad_route_dispose() frees it. Agents are indices of
 * the audit, which must outlive the route.
 */
#ifndef AGENTDUP_ROUTE_H
#define AGENTDUP_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/audit.h"

#define AD_ROUTE_DEFAULT_K 5
#define AD_ROUTE_AMBIGUOUS 0.8
#define AD_ROUTE_NONE UINT32_MAX
/* Request terms kept in the result, to show what was matched. */
#define AD_ROUTE_REQUEST_TERMS 16

typedef struct ad_route_opts {
	size_t k;         /* agents wanted, at least 1 */
	double min_score; /* leave out agents below this cosine */
	uint32_t skip;    /* an agent not to route to, or AD_ROUTE_NONE: the
			   * request's own file when it is in the collection */
} ad_route_opts;

#define AD_ROUTE_OPTS_INIT {AD_ROUTE_DEFAULT_K, 0.0, AD_ROUTE_NONE}

typedef struct ad_route_hit {
	uint32_t agent;
	double score;     /* cosine of the request and the agent's text */
	uint32_t cluster; /* 1-based cluster of the agent, 0 for none */
	uint32_t role;    /* 1-based role group of the agent, 0 for none */
	uint32_t rank;    /* 1-based, in the whole ranking */
	uint32_t terms[AD_EVIDENCE_TERMS]; /* what adds most to the score */
	size_t nterms;
} ad_route_hit;

typedef struct ad_route {
	uint32_t request; /* the request's doc */
	/* The request's distinct terms, those that weigh most first (at most
	 * AD_ROUTE_REQUEST_TERMS), and how many it has. */
	uint32_t request_terms[AD_ROUTE_REQUEST_TERMS];
	size_t nrequest_terms, request_nterms;
	ad_route_hit *hits; /* at most k, best first */
	size_t nhits;
	size_t ncandidates; /* agents with a description */
	size_t nundescribed; /* agents without one, never routed to */
	size_t nmatched;    /* of them, those at cosine above 0 and at
			     * min_score or more */
	/* The best agent after the first that is not its variant, wherever
	 * it ranks; has_runner_up 0 when there is none. */
	int has_runner_up;
	ad_route_hit runner_up;
	double margin; /* first's score less the runner-up's */
	double ratio;  /* runner-up's score over the first's */
	int ambiguous; /* ratio >= AD_ROUTE_AMBIGUOUS */
	size_t k;
	double min_score;
} ad_route;

/* Route request (a doc of the audit) to every other agent with a
 * description (opts->skip aside). An agent that shares no term with the
 * request scores 0 and is never listed. opts may be NULL. */
void ad_route_request(ad_route *out, const ad_audit *audit,
		      uint32_t request, const ad_route_opts *opts);
void ad_route_dispose(ad_route *r);

#endif
