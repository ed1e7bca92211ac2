/*
 * template.h - template families: the agents that one template made for
 * different jobs, gathered from the pairs linking rejected (link.h:
 * their outline and contents hold, their jobs differ), with the skeleton
 * they share.
 *
 * Ownership: ad_templates_build() fills a caller-owned ad_templates
 * (results.h) whose arrays are malloc'd; ad_templates_dispose() frees
 * them.
 */
#ifndef AGENTDUP_TEMPLATE_H
#define AGENTDUP_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/collection.h"
#include "agentdup/results.h"
#include "index/simjoin.h"

typedef struct ad_templates_input {
	const ad_collection *c;
	const ad_pair *pairs;      /* one skeleton, two jobs */
	size_t npairs;
	const uint32_t *title_form; /* per section: its heading's form */
	const ad_inventory *inv;    /* per rule: its group */
} ad_templates_input;

void ad_templates_build(ad_templates *out, const ad_templates_input *in);
void ad_templates_dispose(ad_templates *t);

#endif
