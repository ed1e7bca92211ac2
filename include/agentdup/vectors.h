/*
 * vectors.h - the TF-IDF vectors of an audit, and the house-style limit.
 *
 * ad_vectors_build() fills, for the docs of an audit: the collection-wide
 * numbering of sections and rules (section_base, rule_base, section_doc,
 * rule_doc), the wording of every rule and heading (rule_form, title_form,
 * with how many agents carry each), and the agent and rule vectors. The
 * agent vector leaves out house-style rules: a rule carried word for word
 * by more than ad_house_limit() agents would make unrelated agents of one
 * template look alike. ad_vectors_sections() then makes the section
 * vectors, which need the rule inventory: each holds its heading
 * (AD_TITLE_WEIGHT times), prose, rules, and one feature per shared rule
 * group of its rules (ids from the vocabulary's count on).
 *
 * Ownership: vectors and arrays live in the docs' and the audit's arenas,
 * except rule_form and title_form, malloc'd and freed by ad_audit_free().
 */
#ifndef AGENTDUP_VECTORS_H
#define AGENTDUP_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/audit.h"

/* A heading names what its section is about: in section vectors its terms
 * count this many times. */
#define AD_TITLE_WEIGHT 3

/* max(AD_BOILERPLATE_MIN, nagents / AD_BOILERPLATE_SHARE). */
uint32_t ad_house_limit(size_t nagents);

void ad_vectors_build(ad_audit *audit, int jobs);
void ad_vectors_sections(ad_audit *audit, int jobs); /* after the inventory */

#endif
