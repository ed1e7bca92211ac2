/*
 * align.h - section alignment between agents.
 *
 * Sections of different agents are joined on cosine (one join over the
 * whole collection, house-style sections left out; they are compared
 * directly within the agent pairs that need a full alignment). Sections
 * that carry the same heading or the same rules are paired on that
 * evidence too, and align from a lower cosine (AD_ALIGN_FLOOR). The
 * section pairs of each pair of agents are then matched one to one,
 * greedily, best score first: section X of A aligns with section Y of B.
 * Sections of A or B left without a partner have no counterpart.
 *
 * Ownership: ad_align_build() fills a caller-owned ad_alignments
 * (results.h) whose arrays are malloc'd; ad_alignments_dispose() frees
 * them.
 */
#ifndef AGENTDUP_ALIGN_H
#define AGENTDUP_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/results.h"
#include "index/simjoin.h"
#include "index/tfidf.h"

/* Sections with the same heading, or with AD_ALIGN_SHARED_GROUPS rule
 * groups in common (the same rules, maybe in other words), and any two
 * sections of agents aligned in full, align from this cosine on. */
#define AD_ALIGN_FLOOR 0.3
#define AD_ALIGN_SHARED_GROUPS 2

typedef struct ad_align_input {
	const ad_svec *section_vecs;
	size_t nsections;
	const uint32_t *doc_of;      /* per section: its agent */
	const size_t *section_base;  /* per agent, plus one: first section */
	/* Per section, may be NULL: house style (a heading most agents
	 * have), left out of the collection-wide join... */
	const uint8_t *house;
	/* ...but not from the alignment of these agent pairs (a < b,
	 * sorted), all of whose sections are compared, from the floor on:
	 * linked agents, and agents with many rule groups in common. */
	const ad_pair *full;
	size_t nfull;
	/* Evidence besides cosine, may be NULL: per section its heading's
	 * form (headings without terms excluded by the caller: NONE) and
	 * its rule groups, compressed rows; only the groups worth it. */
	const uint32_t *title_form;
	const size_t *group_start; /* per section, plus one */
	const uint32_t *groups;
	double threshold;
	int jobs;
	ad_simjoin_stats *stats; /* may be NULL: the join's counts */
} ad_align_input;

int ad_align_build(ad_alignments *out, const ad_align_input *in,
		   ad_error *err);
void ad_alignments_dispose(ad_alignments *al);

/* The alignment of agents a and b (either order), or NULL when no section
 * of one matches a section of the other. */
const ad_alignment *ad_align_find(const ad_alignments *al, uint32_t a,
				  uint32_t b);

#endif
