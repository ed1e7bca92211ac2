/*
 * results.c - what every reader of the results shares: the names of the
 * kinds of link and of collision, what a link's evidence is out of, and
 * which cluster an agent is in.
 */
#include "agentdup/results.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"

static const char *const link_kinds[AD_LINK_NKINDS] = {
	"body", "name", "contained", "outline", "version"};

unsigned ad_link_kind_bit(const char *name, size_t len)
{
	unsigned k;

	for (k = 0; k < AD_LINK_NKINDS; k++)
		if (strlen(link_kinds[k]) == len &&
		    memcmp(link_kinds[k], name, len) == 0)
			return 1u << k;
	return 0;
}

const char *ad_link_kind_name(unsigned bit)
{
	unsigned k;

	for (k = 0; k < AD_LINK_NKINDS; k++)
		if (bit == 1u << k)
			return link_kinds[k];
	return "";
}

static uint32_t least(const uint32_t *per_agent, const ad_link *l)
{
	uint32_t a = per_agent[l->a], b = per_agent[l->b];

	return a < b ? a : b;
}

ad_link_fewer ad_links_fewer(const ad_links *links, const ad_link *l)
{
	ad_link_fewer f;

	f.headings = least(links->headings, l);
	f.groups = least(links->groups, l);
	f.sections = least(links->sections, l);
	return f;
}

void ad_links_dispose(ad_links *links)
{
	free(links->list);
	free(links->headings);
	free(links->groups);
	free(links->sections);
	memset(links, 0, sizeof(*links));
}

static const char *const collision_kinds[] = {"name", "body", "fork",
					      "description"};

const char *ad_collision_kind_name(ad_collision_kind kind)
{
	return collision_kinds[kind];
}

uint32_t *ad_clustering_index(const ad_clustering *c, size_t nagents)
{
	uint32_t *of = ad_xcalloc(nagents + 1, sizeof(*of));
	size_t i;
	uint32_t k;

	for (i = 0; i < c->n; i++)
		for (k = 0; k < c->clusters[i].n; k++)
			of[c->clusters[i].members[k]] = (uint32_t)i + 1;
	return of;
}
