/*
 * rulegraph.h - the neighbours of rule wordings, packed.
 *
 * Two wordings are neighbours when their cosine reaches the threshold
 * (simjoin.h) and their words agree (ad_rule_words_agree()). On a large
 * collection most wordings have many: a rule forked into a hundred
 * agents in a hundred wordings is ten thousand pairs. Grouping reads
 * the neighbours of few of them, and no score but those it reads, so
 * the graph keeps no score and no pair list: the join hands over each
 * probe's pairs as it ends (ad_simjoin_stream()), its worker drops
 * those whose words do not agree and packs the rest at once, the ids
 * ascending as varints of their gaps. Each pair sits once in the row of
 * the wording whose probe found it, and once, after the join, in a row
 * of the other; the two rows of a wording are its neighbours. About a
 * byte and a half a neighbour, where a pair list and a graph with
 * scores held 32 bytes a pair.
 *
 * Ownership: ad_rule_graph_join() fills a caller-owned ad_rule_graph
 * whose arrays are malloc'd; ad_rule_graph_dispose() frees them. The
 * vectors are only read during the join.
 */
#ifndef AGENTDUP_RULEGRAPH_H
#define AGENTDUP_RULEGRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "index/simjoin.h"
#include "index/tfidf.h"

typedef struct ad_rule_graph {
	size_t n;              /* wordings */
	const uint8_t **found; /* per wording: the pairs its probe found
				* (a count, then packed ids), or NULL */
	uint8_t *given;        /* per wording: its other neighbours,
				* packed, in [given + gstart[x],
				* given + gstart[x + 1]) */
	size_t *gstart;
	uint32_t *deg;         /* per wording: its neighbours */
	uint32_t maxdeg;
	uint8_t **blocks;      /* what found points into */
	size_t nblocks;
} ad_rule_graph;

/* The neighbours of vecs[0..n) at jo's threshold, as the probes found
 * them (ad_rule_graph_found()), on jo's worker threads, told to jo's
 * progress (its group and method are not read); kind: per term,
 * AD_WORD_* flags (rulewords.h), NULL for none; stats, if not NULL: the
 * join's counts. The join meets no two wordings whose facet words
 * differ, so its pairs are those that reach the threshold with the same
 * facets, other words aside. It orders the vectors' arrays its own way
 * while it runs, rather than a copy as large as they are
 * (ad_simjoin_stream_in_place()), and puts them back, the same to the
 * bit: no two may share an array, and nothing may read them during the
 * call. Fails as ad_simjoin_stream() does, with nothing to dispose. */
int ad_rule_graph_join(ad_rule_graph *out, ad_svec *vecs, size_t n,
		       const ad_simjoin_opts *jo, const uint8_t *kind,
		       ad_simjoin_stats *stats, ad_error *err);

/* The other row of every wording, and the degrees: a graph joined is
 * finished once, on one thread, before ad_rule_graph_row() reads it. */
void ad_rule_graph_finish(ad_rule_graph *g);

void ad_rule_graph_dispose(ad_rule_graph *g);

/* The neighbours of x into ids (g->deg[x] of them, in no order);
 * returns how many. */
size_t ad_rule_graph_row(uint32_t *ids, const ad_rule_graph *g, uint32_t x);

/* The neighbours x's probe found (ascending): each pair of the graph is
 * in the found row of exactly one of its two wordings. */
size_t ad_rule_graph_found(uint32_t *ids, const ad_rule_graph *g,
			   uint32_t x);

#endif
