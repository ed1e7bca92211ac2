/*
 * compare.h - one agent against another: the sections they align, the
 * rules they share, what each has alone, how their frontmatter differs.
 *
 * Everything is read from an audit, so a comparison says what a scan of
 * the same files would: sections match on the audit's alignment, rules on
 * its inventory groups (two rules are shared when they fall in one group,
 * whatever their wording), agents on the cosine of their vectors.
 *
 * Ownership: ad_compare_build() fills a caller-owned ad_compare whose
 * arrays are malloc'd; ad_compare_dispose() frees them. Indices and
 * strings in it point into the audit, which must outlive the comparison.
 */
#ifndef AGENTDUP_COMPARE_H
#define AGENTDUP_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/audit.h"
#include "agentdup/doc.h"

typedef enum ad_fm_change {
	AD_FM_ONLY_A = 0,   /* the key is in A's frontmatter only */
	AD_FM_ONLY_B = 1,   /* in B's only */
	AD_FM_DIFFERENT = 2 /* in both, with other values */
} ad_fm_change;

/* One frontmatter key that differs; a or b is NULL when absent. */
typedef struct ad_fm_diff {
	const char *key;
	ad_fm_change change;
	const ad_fm_field *a, *b;
} ad_fm_diff;

typedef struct ad_shared_rule {
	uint32_t a, b;   /* rules (collection-wide): A's first and B's first
			  * of one inventory group */
	float score;     /* cosine of the two wordings */
	int same_form;   /* the same wording (equal term sequence) */
} ad_shared_rule;

/* What the two agents are to each other, the first that holds. */
typedef enum ad_role_verdict {
	AD_ROLE_VARIANTS = 0, /* one variant cluster: one agent, copied */
	AD_ROLE_ONE_JOB = 1,  /* one role group: one job, written apart */
	AD_ROLE_SIBLINGS = 2, /* one template family: one skeleton, two jobs */
	AD_ROLE_APART = 3,    /* names that set their jobs apart */
	AD_ROLE_WEAK = 4      /* too little in common to call it one job */
} ad_role_verdict;

/* The evidence that two agents do one job (role.h, through the audit). */
typedef struct ad_role_evidence {
	ad_role_verdict verdict;
	double score;      /* role score (ad_audit_role_score()), or 0 */
	double needed;     /* the mean score a role group needs */
	double agree;      /* the description cosine that shows agreement */
	int aligned;       /* some of their sections align */
	double desc_score; /* cosine of the descriptions */
	/* The audit holds these two agents only: no neighbours to rank
	 * against, so the verdict rests on the score alone. */
	int alone;
	uint32_t name_terms[AD_EVIDENCE_TERMS]; /* terms both names hold */
	size_t nname_terms;
	uint32_t desc_terms[AD_EVIDENCE_TERMS]; /* that weigh most in the */
	size_t ndesc_terms;                     /* descriptions' cosine */
} ad_role_evidence;

typedef struct ad_compare {
	uint32_t a, b; /* agents, in the order asked */
	double score;  /* cosine of the agent vectors */
	/* Aligned sections, best first; in each, a is A's section and b is
	 * B's (collection-wide indices), whichever agent comes first. */
	ad_section_match *matches;
	size_t nmatches;
	uint32_t *only_a_sections, *only_b_sections; /* without counterpart, */
	size_t nonly_a_sections, nonly_b_sections;   /* in file order */
	ad_shared_rule *shared; /* in A's rule order */
	size_t nshared;
	size_t nshared_same; /* of them, worded alike */
	uint32_t *only_a_rules, *only_b_rules; /* in file order */
	size_t nonly_a_rules, nonly_b_rules;
	ad_fm_diff *fm; /* A's keys in A's order, then B's own in B's */
	size_t nfm;
	size_t nfm_same; /* keys in both with the same values */
	ad_role_evidence role;
} ad_compare;

/* Compare agents a and b (a != b) of the audit. Rules without terms (all
 * stopwords, or punctuation) say nothing to compare and are left out of
 * the rule lists. */
void ad_compare_build(ad_compare *out, const ad_audit *audit, uint32_t a,
		      uint32_t b);
void ad_compare_dispose(ad_compare *c);

/* The frontmatter differences alone (exposed for tests): *out is a
 * malloc'd array of the returned count, *nsame the keys alike. Lists are
 * compared as sets (tool order does not matter); scalars byte for byte. */
size_t ad_fm_compare(ad_fm_diff **out, size_t *nsame,
		     const ad_frontmatter *a, const ad_frontmatter *b);

/* Whether the values of fields a and b are equal under ad_fm_compare(). */
int ad_fm_field_equal(const ad_fm_field *a, const ad_fm_field *b);

/* Whether value v is among f's values. */
int ad_fm_field_has(const ad_fm_field *f, const char *v);

#endif
