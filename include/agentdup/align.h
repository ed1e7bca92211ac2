/*
 * align.h - section alignment between agents, and the evidence of a match.
 *
 * Sections of different agents are joined on cosine (one join over the
 * whole collection, house-style sections left out; they are compared
 * directly within the agent pairs that need a full alignment). Sections
 * that carry the same heading or the same rules are paired on that
 * evidence too, and align from a lower cosine (AD_ALIGN_FLOOR). The section pairs of each pair of agents are then
 * matched one to one, greedily, best score first: section X of A aligns
 * with section Y of B. Sections of A or B left without a partner have no
 * counterpart.
 *
 * Ownership: ad_align_build() fills a caller-owned ad_alignments whose
 * arrays are malloc'd; ad_alignments_dispose() frees them.
 */
#ifndef AGENTDUP_ALIGN_H
#define AGENTDUP_ALIGN_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/simjoin.h"
#include "agentdup/tfidf.h"

/* Cosine at which two sections cover the same ground; see README. */
#define AD_DEFAULT_SECTION_THRESHOLD 0.7
/* Sections with the same heading, or with AD_ALIGN_SHARED_GROUPS rule
 * groups in common (the same rules, maybe in other words), and any two
 * sections of agents aligned in full, align from this cosine on. */
#define AD_ALIGN_FLOOR 0.3
#define AD_ALIGN_SHARED_GROUPS 2
/* Terms shown as the evidence of a match. */
#define AD_EVIDENCE_TERMS 6

typedef struct ad_section_match {
	uint32_t a, b; /* section indices (collection-wide): a of agent A */
	float score;
} ad_section_match;

typedef struct ad_alignment {
	uint32_t a, b;     /* agents, a < b */
	uint32_t first, n; /* matches[first, first + n), best first */
} ad_alignment;

typedef struct ad_alignments {
	ad_alignment *pairs; /* by (a, b) */
	size_t npairs;
	ad_section_match *matches;
	size_t nmatches;
	ad_simjoin_stats join_stats;
} ad_alignments;

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
} ad_align_input;

int ad_align_build(ad_alignments *out, const ad_align_input *in,
		   ad_error *err);
void ad_alignments_dispose(ad_alignments *al);

/* The alignment of agents a and b (either order), or NULL when no section
 * of one matches a section of the other. */
const ad_alignment *ad_align_find(const ad_alignments *al, uint32_t a,
				  uint32_t b);

/* The (at most k) terms that add most to dot(x, y), largest first; returns
 * how many were written. Only ids below nwords count (section vectors also
 * hold rule-group features, which are not words). */
size_t ad_evidence(uint32_t *terms, size_t k, const ad_svec *x,
		   const ad_svec *y, uint32_t nwords);

#endif
