/*
 * job.h - whether two agents do one job: what they say it is (their name
 * and description), and what they share beyond a template.
 *
 * Agents made from one template for different jobs share headings,
 * boilerplate and whole sections; the job lives in their name, their
 * description, and the rules only they (and their copies) carry. So:
 *   - the job statement: the same name (parse/identity.h), and the cosine
 *     of the two descriptions, when both have one in the same family of
 *     scripts (base/utf8.h: a description and its translation cannot be
 *     compared word by word); for agents of two names, without the words
 *     that the descriptions of template siblings of two other names use
 *     (ad_jobs_discount());
 *   - copies: two agents whose bodies reach the link threshold and that
 *     go by one name or describe one job; the names of copies count as
 *     one name below;
 *   - the exclusive rule groups: rule groups (inventory.h; house style
 *     left out) both carry that no agent of a third name carries. A
 *     template's rules are carried by its siblings of other names; a
 *     copy's own rules only by the copies;
 *   - an agent without a description goes by its namesakes': the first
 *     agent of its name (copies' names made one) with a description,
 *     when every other of the name with one agrees with it; under two
 *     names, a pair of which one at least has none is set apart when
 *     those who speak for the two disagree or set their jobs apart;
 *   - jobs set apart, under two names with comparable descriptions: each
 *     name holds a word of its own that its description uses and the
 *     other's does not ("drupal", "wordpress"); or, short of agreeing,
 *     each description agrees with agents of third names and no agent
 *     agrees with both: two frames of one template ("the X director",
 *     "the X general manager").
 * The verdict (ad_job_same()), for a pair whose outline or contents
 * already hold as a link of some kinds:
 *   - agents of one name do one job, unless their descriptions disagree
 *     (below AD_JOB_DESC_DISAGREE) while they share neither exclusive
 *     rules (AD_JOB_MIN_EXCLUSIVE, and AD_JOB_EXCLUSIVE_SHARE of the
 *     smaller agent's groups) nor near-identical bodies (a body link);
 *   - agents of two names do one job when their descriptions do not
 *     disagree, their jobs are not set apart, and either their
 *     descriptions agree (AD_JOB_DESC_AGREE), or they share exclusive
 *     rules, or one holds the other's rules (a contained link), or,
 *     their descriptions not comparable (a translation), their bodies
 *     are near-identical.
 * A pair of two names whose descriptions disagree is two jobs, however
 * alike their bodies: siblings of one template.
 *
 * Ownership: ad_jobs_new() returns an index the caller frees with
 * ad_jobs_free(); it borrows the docs and the description vectors, which
 * must outlive it.
 */
#ifndef AGENTDUP_JOB_H
#define AGENTDUP_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/doc.h"
#include "agentdup/results.h"
#include "index/simjoin.h"
#include "index/tfidf.h"

/* Descriptions that agree at this cosine state one job; below the lower
 * one, two jobs. */
#define AD_JOB_DESC_AGREE 0.5
#define AD_JOB_DESC_DISAGREE 0.2
#define AD_JOB_MIN_EXCLUSIVE 3
#define AD_JOB_EXCLUSIVE_SHARE 0.25
/* Names beyond a pair's two that may carry an exclusive group. */
#define AD_JOB_THIRD_NAMES 0
/* A description word is its template's when the siblings of this many
 * other names use it. */
#define AD_JOB_TEMPLATE_NAMES 2

typedef struct ad_jobs ad_jobs;

typedef struct ad_job_input {
	const ad_doc *const *docs;
	size_t ndocs;
	const ad_svec *desc_vecs;   /* per doc: its description's vector */
	uint32_t nterms;            /* the vectors' term ids are below it */
	const uint32_t *group_of;   /* per rule: its rule group */
	size_t ngroups;
	const uint8_t *house_group; /* per rule group: house style */
	const size_t *rule_base;    /* per doc, plus one: first rule */
	/* The agent join: its pairs at threshold or above that go by one
	 * name or describe one job are copies, their names one. */
	const ad_pair *pairs;
	size_t npairs;
	double threshold;
	int njobs; /* worker threads; 0: one per CPU */
} ad_job_input;

ad_jobs *ad_jobs_new(const ad_job_input *in);
void ad_jobs_free(ad_jobs *j); /* NULL is a no-op */

/* The rule groups (house style left out) agent a carries. */
uint32_t ad_jobs_groups(const ad_jobs *j, uint32_t a);

/* Fill l's shared_groups, same_name, description and exclusive_groups
 * for its pair of agents. */
void ad_jobs_evidence(const ad_jobs *j, ad_link *l);

/* Whether each of a and b has a name word of its own that its
 * description uses and the other's does not ("drupal", "wordpress"). */
int ad_job_subjects_apart(const ad_doc *a, const ad_doc *b);

/* Whether l's agents share enough rule groups that no agent of a third
 * name carries (AD_JOB_MIN_EXCLUSIVE, and AD_JOB_EXCLUSIVE_SHARE of
 * fewer_groups, the rule groups of the one with fewer). */
int ad_job_exclusive(const ad_link *l, uint32_t fewer_groups);

/* Whether l's agents do one job, by the rules above; fewer_groups: the
 * rule groups of the one with fewer (ad_links_fewer()); kind: the kinds
 * of link their outline and contents bear out. */
int ad_job_same(const ad_link *l, uint32_t fewer_groups, unsigned kind);

/* Recompute the description cosine of every link of two names in
 * links[0..n) whose outline or contents hold (kinds[i] != 0), leaving
 * out the words of the descriptions of each agent's template siblings:
 * the other agents of other names whose outline or contents it shares.
 * A template writes its siblings' descriptions too ("Expert X
 * specializing in Y"); what is left says the job. The links are shared
 * out to `jobs` threads (0: one per CPU). */
void ad_jobs_discount(const ad_jobs *j, ad_link *links, size_t n,
		      const uint8_t *kinds, int jobs);

#endif
