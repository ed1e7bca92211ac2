/*
 * cost.c - token costs, added up.
 *
 * Keeping one agent of a group removes the others: their names and
 * descriptions leave every conversation, and their bodies are no longer
 * loaded when they would have been invoked (the one kept is loaded
 * instead). So a group's saving is the sum over its members but the one
 * kept, and the collection's is the sum over its clusters, which share
 * no agent.
 *
 * A role group holds whole clusters: adding its saving to theirs would
 * count their variants twice. So each agent is marked once, removed by
 * its cluster or not, and, in a role group, removed by it or not (the
 * role group's choice holds there); the totals add up the marks.
 */
#include "analysis/cost.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"

static void add_agent(ad_cost *out, const ad_doc *d)
{
	out->agents++;
	out->always += d->tokens_always;
	out->body += d->tokens_body;
}

static void add_cost(ad_cost *out, const ad_cost *c)
{
	out->agents += c->agents;
	out->always += c->always;
	out->body += c->body;
}

void ad_cost_group(ad_cost *out, const ad_collection *c,
		   const uint32_t *members, size_t n, uint32_t keep)
{
	size_t k;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < n; k++)
		if (members[k] != keep)
			add_agent(out, c->docs[members[k]]);
}

/* What each agent's clusters and role groups do with it. */
enum {
	BY_CLUSTER = 1, /* its cluster removes it */
	IN_ROLE = 2,    /* it is in a role group */
	BY_ROLE = 4     /* its role group removes it */
};

static void cluster_costs(ad_costs *out, unsigned char *mark,
			  const ad_collection *c, const ad_clustering *cl)
{
	size_t i;
	uint32_t k;

	out->n = cl->n;
	out->clusters = ad_xcalloc(cl->n + 1, sizeof(*out->clusters));
	for (i = 0; i < cl->n; i++) {
		const ad_cluster *g = &cl->clusters[i];

		ad_cost_group(&out->clusters[i], c, g->members, g->n,
			      g->canonical);
		add_cost(&out->saved, &out->clusters[i]);
		for (k = 0; k < g->n; k++)
			if (g->members[k] != g->canonical)
				mark[g->members[k]] |= BY_CLUSTER;
	}
}

/* Per role group, its other members, and those of them no cluster
 * removes; marks come from cluster_costs(). */
static void role_costs(ad_costs *out, unsigned char *mark,
		       const ad_collection *c, const ad_clustering *roles)
{
	size_t i;
	uint32_t k, d;

	out->nroles = roles->n;
	out->roles = ad_xcalloc(roles->n + 1, sizeof(*out->roles));
	for (i = 0; i < roles->n; i++) {
		const ad_cluster *g = &roles->clusters[i];
		ad_role_cost *rc = &out->roles[i];

		ad_cost_group(&rc->others, c, g->members, g->n, g->canonical);
		for (k = 0; k < g->n; k++) {
			d = g->members[k];
			mark[d] |= IN_ROLE;
			if (d == g->canonical)
				continue;
			mark[d] |= BY_ROLE;
			if (!(mark[d] & BY_CLUSTER))
				add_agent(&rc->beyond, c->docs[d]);
		}
	}
}

void ad_costs_build(ad_costs *out, const ad_collection *c,
		    const ad_clustering *cl, const ad_clustering *roles)
{
	unsigned char *mark = ad_xcalloc(c->ndocs + 1, 1);
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < c->ndocs; i++)
		add_agent(&out->all, c->docs[i]);
	cluster_costs(out, mark, c, cl);
	role_costs(out, mark, c, roles);
	for (i = 0; i < c->ndocs; i++)
		if (mark[i] & (mark[i] & IN_ROLE ? BY_ROLE : BY_CLUSTER))
			add_agent(&out->saved_with_roles, c->docs[i]);
	free(mark);
}

void ad_costs_dispose(ad_costs *costs)
{
	free(costs->clusters);
	free(costs->roles);
	memset(costs, 0, sizeof(*costs));
}
