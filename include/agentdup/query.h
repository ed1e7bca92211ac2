/*
 * query.h - the agents of a collection nearest to one agent: before
 * writing a new agent, check whether the collection already has it.
 *
 * The query is an agent of the audit like the others (given as text
 * through ad_audit_opts.load.texts, so it is weighed with the collection's
 * document frequencies); the others are ranked by the cosine of their
 * agent vectors to it, best first, ties in walk order.
 *
 * Ownership: ad_query_rank() fills a caller-owned ad_query whose array is
 * malloc'd; ad_query_dispose() frees it. Indices point into the audit,
 * which must outlive the query.
 */
#ifndef AGENTDUP_QUERY_H
#define AGENTDUP_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/audit.h"

#define AD_QUERY_DEFAULT_K 5
/* Aligned sections shown per neighbour in the text report. */
#define AD_QUERY_SECTIONS 3
#define AD_QUERY_NONE UINT32_MAX

typedef struct ad_query_opts {
	size_t k;         /* neighbours wanted, at least 1 */
	double min_score; /* leave out agents below this cosine */
	uint32_t skip;    /* an agent not to rank, or AD_QUERY_NONE: the
			   * query's own file when it is in the collection */
} ad_query_opts;

#define AD_QUERY_OPTS_INIT {AD_QUERY_DEFAULT_K, 0.0, AD_QUERY_NONE}

typedef struct ad_neighbour {
	uint32_t agent;
	double score; /* cosine of the agent vectors */
} ad_neighbour;

typedef struct ad_query {
	uint32_t query;       /* the query agent */
	ad_neighbour *hits;   /* at most k, best first */
	size_t nhits;
	size_t ncandidates;   /* agents ranked: all but the query and skip */
	size_t k;
	double min_score;
} ad_query;

/* Rank every agent of the audit but query (and opts->skip) against it.
 * An agent shares nothing with the query at cosine 0 and is never a
 * neighbour, whatever min_score. opts may be NULL. */
void ad_query_rank(ad_query *out, const ad_audit *audit, uint32_t query,
		   const ad_query_opts *opts);
void ad_query_dispose(ad_query *q);

/* The agent among the first ncollection of the audit that is the file
 * `file` itself, or AD_QUERY_NONE. Each is looked for as its path
 * relative to the PATH it was found under (ad_input.rel: a file named
 * directly) and under each of paths; a candidate is the
 * file when it has file's device and inode, and its length. */
uint32_t ad_query_same_file(const ad_audit *audit, size_t ncollection,
			    const char *const *paths, size_t npaths,
			    const char *file);

#endif
