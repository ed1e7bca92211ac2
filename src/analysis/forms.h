/*
 * forms.h - the wordings of rules and headings, and how widely each is
 * carried.
 *
 * Items (rules, or section headings) with the same terms in the same order
 * are one form: one wording, up to case, punctuation, stopwords and
 * stemming. A form carried word for word by more agents than
 * ad_house_limit() is house style: the boilerplate of a template, which
 * would make unrelated agents of one template look alike; unless those
 * agents go by AD_BOILERPLATE_FORK_NAMES names or fewer (without a
 * version marker: parse/identity.h): then they are forks of one agent,
 * which carry its rules however many they are.
 *
 * Rules of one wording have the same vector (vectors.h), so the
 * vectors are made once per wording: each wording's first rule and how
 * many rules carry it say where and with what weight in the document
 * frequencies.
 *
 * Ownership: ad_forms_build() fills a caller-owned ad_forms whose arrays
 * are malloc'd; ad_forms_dispose() frees them.
 */
#ifndef AGENTDUP_FORMS_H
#define AGENTDUP_FORMS_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/collection.h"
#include "agentdup/results.h"

typedef struct ad_forms {
	uint32_t *rule_form;    /* per rule: its wording, 0..nrule_forms-1 */
	size_t nrule_forms;
	/* Per rule, per section: the agents carrying its wording, its
	 * heading's; the house limit when they are more, but forks
	 * (ad_spread_forks()). House style is what is above the limit. */
	uint32_t *rule_spread;
	uint32_t *form_first;   /* per rule wording: its first rule */
	uint32_t *form_rules;   /* per rule wording: rules carrying it */
	uint32_t *title_form;   /* per section: its heading's wording */
	uint32_t *title_spread;
	uint32_t *doc_name;     /* per doc: its name's id (below) */
} ad_forms;

/* The rules' and the headings' wordings, each kind interned in two
 * halves of the docs side by side (on one thread when jobs is 1), the
 * second half then merged into the first: the numbers one pass in order
 * gives. */
void ad_forms_build(ad_forms *out, const ad_collection *c, int jobs);
void ad_forms_dispose(ad_forms *f);

/* Parts read by one stage only, freed (and set NULL) once it is done:
 * the rules' spread, read while the agent vectors are counted; the
 * wordings' first rules and counts, read while the wordings' vectors
 * are; the headings' spread, read when house-style headings are marked;
 * the headings' wordings, read by linking. */
enum {
	AD_FORMS_RULE_SPREAD = 1,
	AD_FORMS_TITLE_SPREAD = 2,
	AD_FORMS_TITLES = 4,
	AD_FORMS_WORDING_COUNTS = 8
};
void ad_forms_drop(ad_forms *f, unsigned parts);

/* Forms carried by more agents than this are house style:
 * max(AD_BOILERPLATE_MIN, nagents / AD_BOILERPLATE_SHARE) (results.h). */
uint32_t ad_house_limit(size_t nagents);

/* Per doc of c, an id of the name it goes by without a version marker
 * (ad_identity_base()); a doc of no name has an id of its own. The
 * array is malloc'd: the caller frees it. */
uint32_t *ad_forms_doc_names(const ad_collection *c);

/* Item k of n is in group form[k], or map[form[k]] when map is given,
 * and in doc doc[k], whose name is doc_name[doc[k]]; spread[g] counts
 * the agents carrying group g, of ngroups. Each group above limit whose
 * agents go by AD_BOILERPLATE_FORK_NAMES names or fewer gets spread[g] =
 * limit: forks, not house style. */
void ad_spread_forks(uint32_t *spread, size_t ngroups, const uint32_t *form,
		     const uint32_t *map, const uint32_t *doc, size_t n,
		     const uint32_t *doc_name, uint32_t limit);

#endif
