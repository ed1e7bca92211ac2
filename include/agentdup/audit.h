/*
 * audit.h - the whole pipeline over a collection: read (collection.h),
 * then word forms, vectors, rule groups, the agent join, link candidates,
 * section alignment, links, clusters, role groups, canonical picks and
 * merge plans, token costs, collisions, routing collisions. The one call
 * the CLI makes for `scan`, `compare`, `query` and `route`.
 *
 * Each stage takes what it reads and returns what it makes; the audit
 * holds their results (results.h). What the stages computed on, the word
 * forms and the vectors, stays inside: scores and the evidence of a match
 * are read through the functions below.
 *
 * Ownership: ad_audit_run() returns an ad_audit that owns its collection
 * and every result in it; ad_audit_free() releases all. Everything in it
 * is deterministic: the same files give the same audit, whatever the
 * number of threads.
 */
#ifndef AGENTDUP_AUDIT_H
#define AGENTDUP_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/collection.h"
#include "agentdup/error.h"
#include "agentdup/results.h"

/* Chosen by measurement on the development corpus (see README): the
 * agent cosine of a body link, the cosine at which two sections align, and
 * the cosine at which two rules say the same thing. */
#define AD_DEFAULT_THRESHOLD 0.85
#define AD_DEFAULT_SECTION_THRESHOLD 0.7
#define AD_DEFAULT_RULE_THRESHOLD 0.6

/* Terms shown as the evidence of a match. */
#define AD_EVIDENCE_TERMS 6

/* How far the analysis goes (ad_audit_opts.until): all of it, or as far
 * as a command reads. An audit stopped short has its later results
 * empty. */
typedef enum ad_audit_until {
	AD_AUDIT_ALL = 0,
	/* the vectors, rule groups, sections aligned, links, clusters and
	 * role groups, but no plan, cost, collision or routing collision:
	 * what `route` reads */
	AD_AUDIT_ROLES,
	/* the agent vectors, and section vectors of their words alone (no
	 * rule groups: the rule inventory is not made), every agent pair's
	 * sections aligned in full when asked, from the floor on; nothing
	 * joined or grouped: what `query` reads */
	AD_AUDIT_VECTORS
} ad_audit_until;

typedef struct ad_audit_opts {
	/* What is read and how; load.jobs threads every stage. */
	ad_load_opts load;
	double threshold;         /* agent-level cosine of a body link */
	double section_threshold; /* cosine for two sections to align */
	double rule_threshold;    /* cosine for two wordings of one rule */
	unsigned links;           /* kinds of link to use (AD_LINK_*) */
	/* Compare every section of every agent with every section of every
	 * other, from a low floor, not only within the pairs that may link:
	 * for two or three agents, as `compare` does. */
	int align_all;
	/* Globs of the paths a curator keeps (--prefer): in a cluster where
	 * some members match one, the agent to keep is picked among those.
	 * A glob is matched as --include matches (`*` crosses '/'), against
	 * the path as reported and against the path with the PATH it was
	 * found under before it, whole or without some of its leading
	 * folders. Read during the call only. */
	const char *const *prefer;
	size_t nprefer;
	/* Leave out role groups (and their pairs in the section alignment). */
	int no_roles;
	/* May be NULL: told as the analysis (after load.progress, which
	 * counts the files read) enters each stage. */
	ad_stage_fn stage;
	void *stage_payload;
	/* May be NULL: told, about every 1%, how far the joins of a stage
	 * have come (at 100,000 files the joins of agents and rule
	 * wordings take half a minute), with stage_payload. */
	ad_step_fn step;
	/* Free the sections' terms once their vectors are made
	 * (ad_collection_drop_section_terms()): at 100,000 files they hold
	 * 120 MB. Only a snapshot's term counts and a routed request read
	 * them after that. */
	int drop_section_terms;
	/* Hold the section matches of every pair aligned, for a report that
	 * lists them all (--detail full, -v): otherwise the link candidates
	 * keep only their summary (results.h), and their matches are made
	 * again when read. */
	int hold_alignments;
	/* While the role groups' merge lists are made, the members of at
	 * most this many are aligned with their kept one and held at a time
	 * (a group larger than that alone); 0: 4,096. The lists are the
	 * same whatever it is. */
	size_t plan_batch;
	/* After the agent join, agent vectors are held packed (and rule
	 * wordings after the rule groups, the same way): their weights as
	 * floats (6 bytes a term) while all of them hold fewer than this
	 * many terms, else as the term counts they are weighed from (2
	 * bytes a term of count 1, 3 others, slower to read); 0:
	 * AD_AGENT_COUNTS_FROM. The reports are the same whatever it is. */
	size_t counts_from;
	/* When the open agent vectors hold this many bytes or more, the
	 * agents are joined first, alone, and their vectors packed before
	 * the rule join, not held open through it beside the rule groups;
	 * 0: AD_JOIN_FIRST_FROM. The reports are the same whatever it is. */
	size_t join_first_from;
	/* Where the analysis stops. */
	ad_audit_until until;
} ad_audit_opts;

/* 16 million terms: 128 MiB of weighed vectors, about 40,000 agents. */
#define AD_AGENT_COUNTS_FROM ((size_t)16 << 20)

/* 256 MiB of open agent vectors: about 70,000 agents. */
#define AD_JOIN_FIRST_FROM ((size_t)256 << 20)

#define AD_AUDIT_OPTS_INIT                                                   \
	{AD_LOAD_OPTS_INIT, AD_DEFAULT_THRESHOLD,                            \
	 AD_DEFAULT_SECTION_THRESHOLD, AD_DEFAULT_RULE_THRESHOLD, AD_LINK_ALL, \
	 0, NULL, 0, 0, NULL, NULL, NULL, 0, 0, 0, 0, 0, AD_AUDIT_ALL}

/* What the audit was run with, as the reports state it. */
typedef struct ad_audit_settings {
	double threshold, section_threshold, rule_threshold;
	unsigned link_kinds;
	int align_all;
	/* The mean role score two groups need to join into one role group;
	 * the description cosine that shows two agents agree (a group of two
	 * needs it, or aligned sections). */
	double role_linkage, role_agree;
	int roles; /* role groups were built (not opts.no_roles) */
	/* Rules carried by more agents than this, of more than
	 * AD_BOILERPLATE_FORK_NAMES names, are house style (results.h):
	 * max(AD_BOILERPLATE_MIN, agents / AD_BOILERPLATE_SHARE). */
	uint32_t house_limit;
} ad_audit_settings;

/* The work of one similarity join. */
typedef struct ad_join_stats {
	uint64_t indexed;    /* postings put in the index */
	uint64_t scanned;    /* postings read while probing */
	uint64_t candidates; /* pairs that reached the verification step */
	uint64_t verified;   /* pairs whose exact dot product was computed */
	uint64_t pairs;      /* pairs at or above the threshold */
	/* 1 when the join summed every product, the threshold being too low
	 * for bounds to pay: its candidates are the pairs sharing a term */
	int summed;
} ad_join_stats;

/* Wall seconds of each stage (reading is in the collection; the rule
 * groups, the agent join and the routing vectors are made side by side,
 * so the times of rules, join and routing overlap), the joins' work, and
 * the memory the docs and vectors hold. */
typedef struct ad_audit_stats {
	double vectors, join, sections, rules, cluster, roles, plan, routing;
	ad_join_stats agent_join, section_join, rule_join, role_join;
	size_t bytes;
} ad_audit_stats;

typedef struct ad_audit {
	ad_collection *collection; /* the agents read, and the problems */
	ad_audit_settings settings;
	ad_inventory inventory;   /* rules grouped with their other wordings */
	ad_alignments alignments; /* sections aligned across agents */
	ad_links links;           /* agents that are variants, and why */
	ad_clustering clustering; /* the variants of each agent */
	ad_templates templates;   /* one template, different jobs */
	/* Role groups: agents that do one job however they are worded, each
	 * holding whole variant clusters; and their plans (what to keep,
	 * what each other member adds). */
	ad_clustering roles;
	ad_plan role_plan;
	ad_plan plan;             /* per cluster: why, what to keep, merge */
	ad_costs costs; /* tokens: every agent, what keeping one agent per
			 * cluster and per role group saves */
	ad_collisions collisions; /* names and triggers that clash */
	ad_routing routing;       /* descriptions that compete */
	ad_audit_stats stats;
	struct ad_audit_model *model; /* forms and vectors: see below */
} ad_audit;

/* Fails only on unusable options (AD_EINVAL: unknown language, bad
 * threshold). Unreadable paths and bad files are problems in the
 * collection. */
int ad_audit_run(ad_audit **out, const char *const *paths, size_t npaths,
		 const ad_audit_opts *opts, ad_error *err);

/* ad_audit_run() in its two steps: the collection loaded, then analysed
 * (an audit whose analysis failed is still the caller's to free). In
 * between, another thread may read the collection until the analysis
 * is done (a snapshot recorded as it runs): the analysis changes nothing
 * in it unless opts->drop_section_terms. */
int ad_audit_load(ad_audit **out, const char *const *paths, size_t npaths,
		  const ad_audit_opts *opts, ad_error *err);
int ad_audit_analyse(ad_audit *a, const ad_audit_opts *opts, ad_error *err);
void ad_audit_free(ad_audit *audit); /* NULL is a no-op */

/* Agent i of the collection, and section s and rule r by their
 * collection-wide numbers (the doc of a rule: ad_audit_rule_doc()). */
const ad_doc *ad_audit_doc(const ad_audit *a, uint32_t i);
const ad_section *ad_audit_section(const ad_audit *a, uint32_t s);
const ad_rule *ad_audit_rule(const ad_audit *a, uint32_t r);
uint32_t ad_audit_rule_doc(const ad_audit *a, uint32_t r);

/* What keeping only agent keep of the n agents in members would save: the
 * tokens of every other member (results.h), as ad_costs gives them for
 * a cluster. members holds each agent once; keep need not be among
 * them. */
void ad_audit_cost(ad_cost *out, const ad_audit *a, const uint32_t *members,
		   size_t n, uint32_t keep);

/* The link between agents x and y (either order), or NULL. */
const ad_link *ad_audit_link(const ad_audit *a, uint32_t x, uint32_t y);
/* The sections aligned between agents x and y (either order) when the
 * audit kept their alignment, or NULL (none kept, or no section of one
 * matches a section of the other). The matches of a candidate of links
 * are not held (results.h): ad_audit_section_matches() reads them. */
const ad_alignment *ad_audit_alignment(const ad_audit *a, uint32_t x,
				       uint32_t y);
/* The same for any pair: the matches of x and y (either order), best
 * first, the lower agent's section on the a side, from the alignments
 * held (each member with its canonical) or else computed on demand, as
 * it was or would have been kept (a candidate of links in full). *out is
 * malloc'd
 * (NULL when there is none); the caller frees it. Returns their number. */
size_t ad_audit_section_matches(const ad_audit *a, uint32_t x, uint32_t y,
				ad_section_match **out);
/* The sections of link l's agents aligned at the score an outline link
 * asks (link.h), what l->aligned_sections holds when its outline had to
 * be checked; counted on demand for any other link. */
uint32_t ad_audit_link_aligned(const ad_audit *a, const ad_link *l);

/* What differs between the agents of collision x, one line, written into
 * buf (cap bytes; AD_COLLISION_DETAIL_MAX holds any); returns buf. */
const char *ad_audit_collision_detail(const ad_audit *a,
				      const ad_collision *x, char *buf,
				      size_t cap);

/* Cosines of TF-IDF vectors: of two agents, and of two rules (rule
 * numbers, collection-wide). */
double ad_audit_agent_score(const ad_audit *a, uint32_t x, uint32_t y);
double ad_audit_rule_score(const ad_audit *a, uint32_t r, uint32_t q);

/* ad_audit_agent_score() of every pair of a->alignments.pairs, in its
 * order, the same values at the cost of one pass over the second agent's
 * terms per pair, on `jobs` threads (0: one per CPU); malloc'd, the
 * caller frees it. */
double *ad_audit_alignment_scores(const ad_audit *a, int jobs);

/* The wording of rule r: rules with the same terms in the same order
 * share it. */
uint32_t ad_audit_rule_form(const ad_audit *a, uint32_t r);

/* The evidence of a match: the (at most AD_EVIDENCE_TERMS) terms that add
 * most to the cosine of agents x and y, or of sections s and t, largest
 * first, into terms; returns how many. ad_collection_word() reads them. */
size_t ad_audit_agent_evidence(const ad_audit *a, uint32_t *terms,
			       uint32_t x, uint32_t y);
size_t ad_audit_section_evidence(const ad_audit *a, uint32_t *terms,
				 uint32_t s, uint32_t t);

/* The role evidence of agents x and y. Their role score: the mean cosine
 * of the agent vectors across their two units (variant clusters, or
 * agents outside clusters) when the audit kept the pair of units as one
 * that may do one job (found by their role vectors, each among the
 * other's nearest neighbours, their names not setting them apart), else
 * 0; for two agents of one variant cluster, their cosine. The cosine of
 * their descriptions (0 when either has none), and the terms that add
 * most to it (at most AD_EVIDENCE_TERMS, as the evidence above). Whether
 * their names set their jobs apart: each holds a word of its own that its
 * description uses and the other's does not ("frontend", "backend"). */
double ad_audit_role_score(const ad_audit *a, uint32_t x, uint32_t y);
double ad_audit_description_score(const ad_audit *a, uint32_t x, uint32_t y);
size_t ad_audit_description_evidence(const ad_audit *a, uint32_t *terms,
				     uint32_t x, uint32_t y);
int ad_audit_jobs_apart(const ad_audit *a, uint32_t x, uint32_t y);

#endif
