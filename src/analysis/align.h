/*
 * align.h - section alignment between agents.
 *
 * Only the agent pairs asked for are aligned: those aligned in full
 * (every section, house style too, from AD_ALIGN_FLOOR on) and others,
 * whose sections pair when neither is house style (a heading most agents
 * have) and their cosine reaches the threshold, or when they carry the
 * same heading or the same rules and reach the floor. The section pairs
 * of each pair of agents are then matched one to one, greedily, best
 * score first: section X of A aligns with section Y of B. Sections of A
 * or B left without a partner have no counterpart. Any other pair is
 * aligned on demand, as it would have been had it been asked for (in
 * full when it is one of the full set).
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
#include "index/simjoin.h" /* ad_pair */
#include "index/tfidf.h"

/* Sections with the same heading, or with AD_ALIGN_SHARED_GROUPS rule
 * groups in common (the same rules, maybe in other words), and any two
 * sections of agents aligned in full, align from this cosine on. */
#define AD_ALIGN_FLOOR 0.3
#define AD_ALIGN_SHARED_GROUPS 2

/* A match this strong counts towards a pair's outline (ad_alignment's
 * strong; link.h). */
#define AD_ALIGN_STRONG 0.5

/* Agent pairs aligned per batch: the workers' matches of one batch are
 * merged into the result before the next batch starts. */
#define AD_ALIGN_BATCH 65536

typedef struct ad_align_input {
	const ad_cvec *section_vecs; /* packed (tfidf.h) */
	const double *section_idf;   /* they were weighed with (tfidf.h) */
	size_t nsections;
	/* Their ids are below this; 0: found by reading every vector (a
	 * packed vector is read whole to find its last id). */
	uint32_t nfeatures;
	const uint32_t *doc_of;      /* per section: its agent */
	const size_t *section_base;  /* per agent, plus one: first section */
	/* Per section, may be NULL: house style (a heading most agents
	 * have), left out of the alignment of other pairs... */
	const uint8_t *house;
	/* ...but not of these agent pairs, all of whose sections are
	 * compared, from the floor on: the candidates of links, and agents
	 * that may do one job. */
	const ad_pair *full;
	size_t nfull;
	/* Other agent pairs to align (a pair named in full too is aligned
	 * in full); either list in any order. */
	const ad_pair *other;
	size_t nother;
	/* May be NULL: agent pairs (a << 32 | b, a < b, ascending) aligned
	 * in full whenever they are aligned, up front or on demand: the
	 * candidates of links, of which only those whose link depends on
	 * their outline are named in full up front. */
	const uint64_t *full_set;
	size_t nfull_set;
	/* Evidence besides cosine, may be NULL: per section its heading's
	 * form (headings without terms excluded by the caller: NONE) and
	 * its rule groups, compressed rows; only the groups worth it. */
	const uint32_t *title_form;
	const size_t *group_start; /* per section, plus one */
	const uint32_t *groups;
	double threshold;
	/* Every agent pair is aligned in full, as if full_set named it. */
	int all_full;
	/* Keep only each pair's summary, not its matches (results.h), which
	 * ad_aligner_matches() makes again on demand, in full when full_set
	 * names the pair: so only when each pair of full is in full_set. */
	int condense;
	int jobs;
} ad_align_input;

/* The alignments of the pairs in->full and in->other (only those with a
 * match are kept), on in->jobs threads. */
int ad_align_build(ad_alignments *out, const ad_align_input *in,
		   ad_error *err);
void ad_alignments_dispose(ad_alignments *al);

/* How ad_align_add() aligns: in full, and holding the matches of every
 * pair named (else a pair al has condensed stays so). */
enum { AD_ALIGN_FULL = 1, AD_ALIGN_HOLD = 2 };

/* Align pairs[0..n) not in al (with AD_ALIGN_HOLD, also those it has
 * condensed), in full or as other pairs (how), and merge them in with
 * their matches held. */
void ad_align_add(ad_alignments *al, const ad_align_input *in,
		  const ad_pair *pairs, size_t n, unsigned how);

/* The matches of agents a and b (either order) computed on demand, in
 * full or not, best first, a on either side; *out is malloc'd (NULL when
 * there is none) and the caller frees it. */
size_t ad_align_pair(ad_section_match **out, const ad_align_input *in,
		     uint32_t a, uint32_t b, int full);

/* The alignments made, and how to make any other (in: may be NULL, then
 * only al is read). */
typedef struct ad_aligner {
	const ad_alignments *al;
	const ad_align_input *in;
	const ad_alignments *extra; /* more made for one use; may be NULL */
	int complete; /* every pair asked was aligned: absent, none match */
} ad_aligner;

/* The matches of a and b: from x->al or x->extra when the pair is there
 * (*m points into it), or else, unless x->complete, computed on demand as
 * an other pair (*own, malloc'd, the caller frees it). Returns their
 * number. */
size_t ad_aligner_matches(const ad_aligner *x, uint32_t a, uint32_t b,
			  const ad_section_match **m, ad_section_match **own);

/* Whether any section of a aligns with one of b: the pair is in x->al
 * or x->extra, or would align as an other pair. */
int ad_aligner_any(const ad_aligner *x, uint32_t a, uint32_t b);

/* The alignment of agents a and b (either order), or NULL when no section
 * of one matches a section of the other. */
const ad_alignment *ad_align_find(const ad_alignments *al, uint32_t a,
				  uint32_t b);

#endif
