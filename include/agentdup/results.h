/*
 * results.h - what an audit finds, as plain structs: the rule inventory,
 * the sections aligned across agents, the linked pairs of agents, the
 * clusters of variants with their plans, what they cost in tokens, the
 * collisions, and the agents whose descriptions compete for the same
 * requests.
 *
 * Agents are named by their index in the collection's docs, sections and
 * rules by their collection-wide numbers (collection.h); everything is
 * sorted as documented, so reports written from it are deterministic.
 *
 * Ownership: every result is made by one stage of the audit (audit.h) and
 * owned by the audit, which frees it; readers only read.
 */
#ifndef AGENTDUP_RESULTS_H
#define AGENTDUP_RESULTS_H

#include <stddef.h>
#include <stdint.h>

/* A rule carried verbatim by more than max(MIN, agents / SHARE) agents is
 * house style (boilerplate): left out of the agent vectors, and listed
 * apart in the inventory (forms.h: ad_house_limit()). Unless they go by
 * FORK_NAMES names or fewer, as forks of one agent do (its name, the
 * file's when a copy lost its frontmatter, a rename), however many. */
#define AD_BOILERPLATE_MIN 10
#define AD_BOILERPLATE_SHARE 200
#define AD_BOILERPLATE_FORK_NAMES 3

/* ---- the rule inventory (inventory.c) ---- */

/* Rules that say one thing, in one wording or several. */
typedef struct ad_rule_group {
	uint32_t center;   /* rule that stands for the group (first of its form) */
	uint32_t first;    /* members: ad_inventory.members[first, first + n) */
	uint32_t n;        /* rules, in rule order */
	uint32_t nagents;  /* distinct agents carrying it */
	uint32_t nwordings; /* distinct forms */
	int boilerplate;   /* carried by more agents than the house-style limit */
} ad_rule_group;

typedef struct ad_inventory {
	ad_rule_group *groups; /* most agents first, then by centre */
	size_t ngroups;
	uint32_t *members;  /* rule numbers, group by group */
	uint32_t *group_of; /* per rule: its group */
	size_t nforms;      /* distinct wordings */
	size_t nshared;     /* groups carried by two agents or more */
} ad_inventory;

/* ---- sections aligned across agents (align.c) ---- */

typedef struct ad_section_match {
	uint32_t a, b; /* section numbers: a of agent A, b of agent B */
	float score;
} ad_section_match;

/* In ad_alignment.first: the pair's matches are not held. */
#define AD_ALIGNMENT_UNHELD UINT32_MAX

/* The matches of one pair of agents (n of them, never 0), their best
 * score, and how many reach 0.5 (AD_ALIGN_STRONG, src/analysis/align.h).
 * The matches are held, matches[first, first + n), best first, unless
 * first is AD_ALIGNMENT_UNHELD: the alignments of link candidates, which
 * grow with the square of a family of forks, keep only this summary
 * (but with ad_audit_opts.hold_alignments), and their matches are made
 * again when read (ad_audit_section_matches()). */
typedef struct ad_alignment {
	uint32_t a, b; /* agents, a < b */
	uint32_t first, n;
	float best;
	uint32_t strong;
} ad_alignment;

typedef struct ad_alignments {
	ad_alignment *pairs; /* by (a, b) */
	size_t npairs;
	ad_section_match *matches; /* of the held pairs, pair after pair */
	size_t nmatches;
} ad_alignments;

static inline int ad_alignment_held(const ad_alignment *p)
{
	return p->first != AD_ALIGNMENT_UNHELD;
}

/* ---- links: agents that are variants of one another (link.c) ----
 * The names of kinds, here and below, and ad_clustering_index() are in
 * results.c. */

enum {
	AD_LINK_BODY = 1,      /* their bodies reach the threshold */
	AD_LINK_NAME = 2,      /* one name key and one outline */
	AD_LINK_CONTAINED = 4, /* one holds the other's rules */
	AD_LINK_OUTLINE = 8,   /* shared rules and aligned sections */
	AD_LINK_VERSION = 16,  /* one name and job, the body rewritten */
	AD_LINK_ALL = 31
};

#define AD_LINK_NKINDS 5 /* the bits above, AD_LINK_ALL aside */

/* A link's count of aligned sections stops here (ad_link): the link is
 * decided on the whole count all the same. */
#define AD_LINK_MAX_ALIGNED ((1u << 24) - 1)

/* The kind bit of a name ("body", "name", "contained", "outline"), or 0;
 * and the name of one kind bit. */
unsigned ad_link_kind_bit(const char *name, size_t len);
const char *ad_link_kind_name(unsigned bit);

/* What a link's two agents have in common is weighed against what the
 * one with fewer has (ad_links_fewer()). */
typedef struct ad_link {
	uint32_t a, b;  /* agents, a < b */
	double score;   /* agent cosine */
	/* The job each says it does: the cosine of their descriptions, -1
	 * when they cannot be compared (one is missing, or they are written
	 * in different scripts), and whether they go by one name (below). */
	double description;
	uint32_t shared_headings;
	uint32_t shared_groups;  /* rule groups in common, house style out */
	/* Rule groups in common that no agent of a third name carries: what
	 * the two share beyond a template of other agents. */
	uint32_t exclusive_groups;
	/* sections aligned at AD_LINK_ALIGNED_SCORE or more, counted when
	 * the outline could decide the link, else 0 (the count of any link:
	 * ad_audit_link_aligned()); at most AD_LINK_MAX_ALIGNED */
	unsigned aligned_sections : 24;
	unsigned kind : 6;       /* AD_LINK_* bits */
	unsigned same_name : 1;
	/* 1 when, under two names, what they say their job is sets them
	 * apart (job.h): each names its own subject, or each describes its
	 * job as agents of third names do, none of them both; or, one at
	 * least without a description, their namesakes' descriptions
	 * disagree or set them apart so. */
	unsigned jobs_apart : 1;
	/* A link is 40 bytes: a scan of 100,000 forks holds 2.4 million. */
} ad_link;

typedef struct ad_links {
	ad_link *list; /* sorted by (a, b) */
	size_t n;
	size_t ncandidates; /* pairs that were weighed as links */
	/* per agent: its distinct headings, its rule groups (house style
	 * out) and its sections */
	uint32_t *headings, *groups, *sections;
} ad_links;

/* Of a link's two agents, the fewer headings, rule groups and sections:
 * what its shared headings, groups and aligned sections are out of. */
typedef struct ad_link_fewer {
	uint32_t headings, groups, sections;
} ad_link_fewer;

ad_link_fewer ad_links_fewer(const ad_links *links, const ad_link *l);

/* Free what links holds, leaving it empty. */
void ad_links_dispose(ad_links *links);

/* ---- clusters of variants (cluster.c) and their plans (plan.c) ---- */

typedef struct ad_cluster {
	uint32_t canonical; /* the agent to keep */
	uint32_t n;
	uint32_t *members;  /* canonical first, then by score descending */
	double *scores;     /* cosine to the canonical (1 for itself) */
} ad_cluster;

typedef struct ad_clustering {
	ad_cluster *clusters; /* largest first, then by canonical */
	size_t n;
} ad_clustering;

/* Per agent of nagents, the 1-based index of its cluster, 0 when it is in
 * none; malloc'd, the caller frees it. */
uint32_t *ad_clustering_index(const ad_clustering *c, size_t nagents);

/* What one member has that the canonical lacks. */
typedef struct ad_merge {
	uint32_t *rules;    /* rule numbers, in file order */
	uint32_t nrules;
	uint32_t *sections; /* section numbers without a counterpart */
	uint32_t nsections;
	/* Role groups only, NULL for clusters: the lists above ranked, the
	 * rules by support (the members that carry each rule's group, this
	 * one included, a variant cluster counted once), then in file order;
	 * the sections by how many of the listed rules they hold
	 * (section_rules), then in file order. */
	uint32_t *support;       /* parallel to rules */
	uint32_t *section_rules; /* parallel to sections */
	/* Role groups only: 1 + the place in the group of an earlier member
	 * of this one's variant cluster, other than the kept one, whose
	 * list says what the two add; 0 when there is none. */
	uint32_t variant_of;
} ad_merge;

/* The plan of one cluster (the same index in ad_clustering). */
typedef struct ad_cluster_plan {
	const char *reason; /* why the members belong together */
	const char *why;    /* why the canonical was picked */
	ad_merge *merge;    /* per member, parallel to members; the
			     * canonical's is empty */
} ad_cluster_plan;

typedef struct ad_plan {
	ad_cluster_plan *clusters;
	size_t n;
	struct ad_arena *arena; /* holds the strings and merge lists */
} ad_plan;

/* ---- template families (template.c) ---- */

/* Agents made from one template for different jobs (job.h): what their
 * outline and contents share would link them, what they say their job is
 * keeps them apart. Never a cluster to merge: the skeleton once, then
 * each member with its job. */
typedef struct ad_template_family {
	uint32_t first, n;   /* members: ad_templates.members[first, +n) */
	/* The skeleton: what at least `quorum` members carry (half of them,
	 * two at least): the headings,
	 * ad_templates.headings[first_heading, +nheadings), as sections of
	 * the first member; and the count of rule groups. */
	uint32_t quorum;
	uint32_t first_heading, nheadings;
	uint32_t rule_groups;
} ad_template_family;

typedef struct ad_templates {
	ad_template_family *families; /* most members first */
	size_t n;
	uint32_t *members;  /* agents, family by family, in walk order */
	uint32_t *headings; /* section numbers, family by family */
} ad_templates;

/* ---- token costs (cost.c) ---- */

/* What some agents cost a model's context, in estimated tokens (doc.h:
 * tokens_always, tokens_body): what a runtime loads in every
 * conversation, and their bodies, each loaded when that agent is
 * invoked. */
typedef struct ad_cost {
	uint32_t agents;
	uint64_t always; /* every conversation: names and descriptions */
	uint64_t body;   /* bodies, each time one is invoked */
} ad_cost;

/* What keeping the kept member of a role group saves. A role group holds
 * whole variant clusters, so some of its other members are variants that
 * keeping one agent per cluster removes already; beyond counts the rest,
 * the agents that only the role group removes (the canonicals of its
 * clusters and its agents in no cluster, the kept one aside). */
typedef struct ad_role_cost {
	ad_cost others; /* every member but the kept one */
	ad_cost beyond; /* of them, those no cluster removes */
} ad_role_cost;

typedef struct ad_costs {
	ad_cost all;   /* every agent of the collection */
	ad_cost saved; /* what keeping only each cluster's canonical saves:
			* the other members of every cluster */
	/* What keeping one agent per role group (its kept one) and per
	 * cluster outside role groups (its canonical) saves: every agent
	 * removed counted once. In a role group, the role group's choice
	 * holds: its kept member stays though its cluster would remove it. */
	ad_cost saved_with_roles;
	ad_cost *clusters; /* per cluster (as in ad_clustering): its
			    * members but the canonical */
	size_t n;
	ad_role_cost *roles; /* per role group (ad_audit.roles) */
	size_t nroles;
} ad_costs;

/* ---- collisions (collide.c) ---- */

typedef enum ad_collision_kind {
	AD_COLLIDE_NAME = 0,       /* one name, bodies that differ */
	AD_COLLIDE_SAME_BODY = 1,  /* near-identical bodies, other names */
	AD_COLLIDE_FORK = 2,       /* near-identical bodies, other tools or model */
	AD_COLLIDE_DESCRIPTION = 3 /* one trigger for agents not linked */
} ad_collision_kind;

const char *ad_collision_kind_name(ad_collision_kind kind);

typedef struct ad_collision {
	ad_collision_kind kind;
	uint32_t a, b; /* agents, a < b */
	double score;  /* body cosine (description cosine for those) */
} ad_collision;

/* What differs, one line, is written when it is read
 * (ad_audit_collision_detail(), in at most this many bytes): the
 * collisions of a family of forks grow with its square, and most are
 * never shown. */
#define AD_COLLISION_DETAIL_MAX 1200

typedef struct ad_collisions {
	ad_collision *list; /* by kind, then (a, b) */
	size_t n;
} ad_collisions;

/* ---- routing collisions (routing.c) ---- */

/* Agents whose descriptions compete for the same requests: a centre, and
 * the agents whose routing vector (description, name and examples)
 * reaches the threshold with the centre's. A role group, and a cluster
 * of variants outside role groups, is one agent here, its keep: the
 * pairs inside them are theirs to report. */
typedef struct ad_routing_group {
	uint32_t first, n; /* members: ad_routing.members[first, +n), the
			    * centre first, then by score descending */
	double low, high;  /* lowest and highest cosine to the centre */
	/* The trigger terms the centre shares with the others:
	 * ad_routing.terms[first_term, +nterms), most shared first. */
	uint32_t first_term, nterms;
} ad_routing_group;

typedef struct ad_routing {
	ad_routing_group *groups; /* most members first, then highest */
	size_t n;
	uint32_t *members; /* agents, group by group */
	double *scores;    /* per member: cosine to its centre (centre: 1) */
	uint32_t *roles;   /* per member: the role group (1-based) it keeps
			    * here, or 0 */
	uint32_t *terms;   /* term ids, group by group */
	double threshold;  /* the cosine at which two agents compete */
	size_t nrouted;    /* agents compared: those with a description, one
			    * per role group or cluster */
	size_t npairs;     /* pairs of them that compete */
} ad_routing;

#endif
