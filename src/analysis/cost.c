/*
 * cost.c - token costs, added up.
 *
 * Keeping one agent of a group removes the others: their names and
 * descriptions leave every conversation, and their bodies are no longer
 * loaded when they would have been invoked (the one kept is loaded
 * instead). So a group's saving is the sum over its members but the one
 * kept, and the collection's is the sum over its clusters, which share
 * no agent.
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

void ad_costs_build(ad_costs *out, const ad_collection *c,
		    const ad_clustering *cl)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < c->ndocs; i++)
		add_agent(&out->all, c->docs[i]);
	out->n = cl->n;
	out->clusters = ad_xcalloc(cl->n + 1, sizeof(*out->clusters));
	for (i = 0; i < cl->n; i++) {
		const ad_cluster *k = &cl->clusters[i];

		ad_cost_group(&out->clusters[i], c, k->members, k->n,
			      k->canonical);
		add_cost(&out->saved, &out->clusters[i]);
	}
}

void ad_costs_dispose(ad_costs *costs)
{
	free(costs->clusters);
	memset(costs, 0, sizeof(*costs));
}
