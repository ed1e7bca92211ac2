/*
 * link.h - which agents are variants of one another, and on what evidence.
 *
 * Linking takes two steps: ad_link_candidates() lists every pair that
 * may be linked (with the counts the evidence needs), the sections of
 * those pairs are aligned (align.h), then ad_link_decide() keeps the
 * pairs whose evidence holds. Two agents are linked when
 *   - body: their agent vectors reach the threshold, or
 *   - name: they go by the same name and keep the same headings: one
 *     identity (parse/identity.h: the frontmatter name, else the file's
 *     or, for a generic file name, the folder's; a key that ends in '-'
 *     plus a key of two words or more also counts, for renames that add
 *     a prefix), at least AD_LINK_MIN_HEADINGS headings in common, and
 *     those at least AD_LINK_HEADING_SHARE of the smaller agent's
 *     headings. Forks rewrite their text but keep name and outline; or
 *   - contained: the agent with fewer rule groups (inventory.h; house
 *     style left out) has at least AD_LINK_MIN_GROUPS of them, and at
 *     least AD_LINK_CONTAINED_SHARE of them are in the other agent,
 *     whose cosine with it reaches AD_LINK_CONTAINED_FLOOR: a trimmed
 *     copy is contained in its original; or
 *   - outline: they have shared rule groups in common (candidates come
 *     from ad_inventory_agent_pairs()), their cosine reaches
 *     AD_LINK_OUTLINE_FLOOR, and at least AD_LINK_MIN_ALIGNED of their
 *     sections align at AD_LINK_ALIGNED_SCORE or more, at least
 *     AD_LINK_ALIGNED_SHARE of the smaller agent's sections: a copy that
 *     drifted keeps its outline. Checked only when the body does not
 *     link them: aligning every pair of near-identical bodies (ten
 *     copies of an agent are 45 pairs) would change no link.
 * Clusters are the connected components of the links (cluster.h).
 *
 * Ownership: ad_link_candidates() fills a caller-owned ad_link_cands
 * (ad_link_cands_dispose()); ad_link_decide() a caller-owned ad_links
 * (ad_links_dispose()).
 */
#ifndef AGENTDUP_LINK_H
#define AGENTDUP_LINK_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/doc.h"
#include "agentdup/results.h"
#include "analysis/align.h"
#include "analysis/job.h"
#include "index/simjoin.h"
#include "index/tfidf.h"

#define AD_LINK_MIN_HEADINGS 3
#define AD_LINK_HEADING_SHARE 0.8
#define AD_LINK_MIN_GROUPS 10
#define AD_LINK_CONTAINED_SHARE 0.9
#define AD_LINK_CONTAINED_FLOOR 0.5
#define AD_LINK_OUTLINE_FLOOR 0.6
#define AD_LINK_MIN_ALIGNED 3
#define AD_LINK_ALIGNED_SCORE AD_ALIGN_STRONG
#define AD_LINK_ALIGNED_SHARE 0.75
/* A version: one name, descriptions at this cosine or more, and the
 * exclusive rules job.h asks of a job in common. */
#define AD_LINK_VERSION_DESC 0.6

typedef struct ad_link_input {
	const ad_doc *const *docs;
	size_t ndocs;
	ad_cvecs agents; /* per doc, packed */
	uint32_t nterms;        /* the agent vectors' ids are below it */
	/* agent pairs at or above the threshold, a < b, sorted by (a, b)
	 * as the join gives them */
	const ad_pair *pairs;
	size_t npairs;
	/* agent pairs with shared rule groups in common, sorted the same
	 * way (ad_inventory_agent_pairs()): containment and outline
	 * candidates */
	const ad_pair *sharing;
	size_t nsharing;
	double threshold;            /* cosine for a body link */
	const uint32_t *title_form;  /* per section: its heading's form */
	const size_t *section_base;  /* per agent, plus one: first section */
	const uint32_t *group_of;    /* per rule: its rule group */
	const uint8_t *house_group;  /* per rule group: house style */
	const size_t *rule_base;     /* per agent, plus one: first rule */
	const ad_jobs *jobs;         /* what each says its job is (job.h) */
	int njobs;                   /* threads (0: one per CPU) */
} ad_link_input;

/* The candidates of links, compact (17 bytes each), while their
 * sections are aligned: per pair, by (a, b), the kinds it may be and
 * its agent cosine. The evidence of each (headings, jobs) is weighed
 * only by ad_link_decide(), a batch at a time. */
typedef struct ad_link_cands {
	uint64_t *keys; /* a << 32 | b, a < b, ascending */
	uint8_t *kind;  /* AD_LINK_* bits it may be */
	double *score;  /* agent cosine */
	size_t n;
} ad_link_cands;

/* Candidates weighed per batch by ad_link_decide(). */
#define AD_LINK_BATCH 65536

/* Every pair that may be linked, into a caller-owned out whose arrays
 * ad_link_cands_dispose() frees (the caller may take keys first). */
void ad_link_candidates(ad_link_cands *out, const ad_link_input *in);
void ad_link_cands_dispose(ad_link_cands *c);

/* Whether the outline of candidate i of c can decide its link, of the
 * kinds in mask: it may be an outline link, its cosine reaches
 * AD_LINK_OUTLINE_FLOOR, and its body does not link it already (a
 * cosine at the threshold). Only those need their sections aligned
 * before ad_link_decide(), which gives the outline kind to those alone. */
int ad_link_cand_outline_decides(const ad_link_cands *c, size_t i,
				 double threshold, unsigned mask);

/* The links: the candidates of c whose evidence holds, kind set to what
 * it shows, of the kinds in mask, by (a, b), into out, with each agent's
 * counts that their evidence is out of (ad_links_fewer()). in: the docs,
 * headings and jobs (in->jobs) the evidence reads, and in->threshold;
 * al: the section alignments of the candidates (NULL: no outline
 * links). A candidate whose outline and contents hold but whose agents
 * do different jobs (job.h) is no link; under two names it goes to
 * *templates (malloc'd, the caller frees it), a pair of agents made
 * from one template. */
void ad_link_decide(ad_links *out, ad_pair **templates, size_t *ntemplates,
		    const ad_link_cands *c, const ad_link_input *in,
		    const ad_alignments *al, unsigned mask);

/* The link between agents x and y (either order) in l, or NULL when
 * they are not linked. */
const ad_link *ad_links_find(const ad_links *l, uint32_t x, uint32_t y);

#endif
