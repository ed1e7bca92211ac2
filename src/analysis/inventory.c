/*
 * inventory.c - forms, their join, star groups.
 */
#include "analysis/inventory.h"

#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "base/sort.h"

#define NONE UINT32_MAX

typedef struct forms {
	uint32_t *rep;    /* per form: its first rule */
	uint32_t *agents; /* per form: agents carrying it */
	uint32_t *node;   /* per form: index among joined forms, or NONE */
	uint32_t *form;   /* per joined form: the form */
	size_t njoined;
} forms;

/* Neighbours of each joined form, compressed rows. */
typedef struct graph {
	size_t *start; /* per joined form, plus one */
	uint32_t *nbr;
	float *score;
} graph;

static void count_forms(forms *f, const ad_inventory_input *in)
{
	uint32_t *last = ad_xmalloc((in->nforms + 1) * sizeof(*last));
	size_t r, k;

	f->rep = ad_xmalloc((in->nforms + 1) * sizeof(*f->rep));
	f->agents = ad_xcalloc(in->nforms + 1, sizeof(*f->agents));
	f->node = ad_xmalloc((in->nforms + 1) * sizeof(*f->node));
	f->form = ad_xmalloc((in->nforms + 1) * sizeof(*f->form));
	for (k = 0; k < in->nforms; k++)
		last[k] = f->rep[k] = NONE;
	for (r = 0; r < in->nrules; r++) {
		uint32_t g = in->form_of[r];

		if (f->rep[g] == NONE)
			f->rep[g] = (uint32_t)r;
		if (last[g] != in->doc_of[r]) { /* rules come doc by doc */
			last[g] = in->doc_of[r];
			f->agents[g]++;
		}
	}
	f->njoined = 0;
	for (k = 0; k < in->nforms; k++) {
		f->node[k] = NONE;
		if (in->rule_vecs[f->rep[k]].n >= AD_RULE_MIN_TERMS) {
			f->node[k] = (uint32_t)f->njoined;
			f->form[f->njoined++] = (uint32_t)k;
		}
	}
	free(last);
}

static void build_graph(graph *g, const ad_pair *pairs, size_t npairs,
			size_t n)
{
	size_t *fill = ad_xcalloc(n + 1, sizeof(*fill));
	size_t i;

	g->start = ad_xcalloc(n + 2, sizeof(*g->start));
	g->nbr = ad_xmalloc((2 * npairs + 1) * sizeof(*g->nbr));
	g->score = ad_xmalloc((2 * npairs + 1) * sizeof(*g->score));
	for (i = 0; i < npairs; i++) {
		g->start[pairs[i].a + 1]++;
		g->start[pairs[i].b + 1]++;
	}
	for (i = 0; i < n; i++)
		g->start[i + 1] += g->start[i];
	for (i = 0; i < npairs; i++) {
		const ad_pair *p = &pairs[i];
		size_t x = g->start[p->a] + fill[p->a]++;
		size_t y = g->start[p->b] + fill[p->b]++;

		g->nbr[x] = p->b;
		g->score[x] = (float)p->score;
		g->nbr[y] = p->a;
		g->score[y] = (float)p->score;
	}
	free(fill);
}

typedef struct ranked {
	uint64_t reach; /* agents of the form and of its neighbours */
	uint32_t node;
} ranked;

static int by_reach(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	if (x->reach != y->reach)
		return x->reach > y->reach ? -1 : 1;
	return (x->node > y->node) - (x->node < y->node);
}

/* Star groups over the joined forms: label[node] = centre node. */
static void stars(uint32_t *label, const graph *g, const forms *f)
{
	size_t n = f->njoined, i, e;
	ranked *order = ad_xmalloc((n + 1) * sizeof(*order));

	for (i = 0; i < n; i++) {
		order[i].node = (uint32_t)i;
		order[i].reach = f->agents[f->form[i]];
		for (e = g->start[i]; e < g->start[i + 1]; e++)
			order[i].reach += f->agents[f->form[g->nbr[e]]];
		label[i] = NONE;
	}
	qsort(order, n, sizeof(*order), by_reach);
	for (i = 0; i < n; i++) {
		uint32_t c = order[i].node, best = NONE;
		float best_score = -1.0f;
		size_t nfree = 0;

		if (label[c] != NONE)
			continue;
		for (e = g->start[c]; e < g->start[c + 1]; e++) {
			if (label[g->nbr[e]] == NONE)
				nfree++;
			else if (g->score[e] > best_score) {
				best_score = g->score[e];
				best = g->nbr[e];
			}
		}
		if (nfree == 0 && best != NONE) { /* neighbours all taken */
			label[c] = label[best];
			continue;
		}
		label[c] = c;
		for (e = g->start[c]; e < g->start[c + 1]; e++)
			if (label[g->nbr[e]] == NONE)
				label[g->nbr[e]] = c;
	}
	free(order);
}

typedef struct gsort {
	uint32_t nagents, center, old;
} gsort;

static int by_agents(const void *a, const void *b)
{
	const gsort *x = a, *y = b;

	if (x->nagents != y->nagents)
		return x->nagents > y->nagents ? -1 : 1;
	return (x->center > y->center) - (x->center < y->center);
}

/* Per form: its group, numbered by first appearance of the centre form;
 * centre[group] = the first rule of the centre form. */
static uint32_t form_groups(uint32_t *gof, uint32_t *centre,
			    const uint32_t *label, const forms *f,
			    size_t nforms)
{
	uint32_t *num = ad_xmalloc((nforms + 1) * sizeof(*num));
	uint32_t ng = 0;
	size_t k;

	for (k = 0; k < nforms; k++)
		num[k] = NONE;
	for (k = 0; k < nforms; k++) {
		uint32_t root = f->node[k] == NONE
					? (uint32_t)k
					: f->form[label[f->node[k]]];
		if (num[root] == NONE) {
			centre[ng] = f->rep[root];
			num[root] = ng++;
		}
		gof[k] = num[root];
	}
	free(num);
	return ng;
}

/* Fill groups and members from the group of each form. */
static void fill_groups(ad_inventory *inv, const uint32_t *gof,
			const uint32_t *centre, uint32_t ng,
			const ad_inventory_input *in)
{
	uint32_t *last = ad_xmalloc((ng + 1) * sizeof(*last));
	uint32_t *renum = ad_xmalloc((ng + 1) * sizeof(*renum));
	gsort *gs = ad_xcalloc(ng + 1, sizeof(*gs));
	ad_rule_group *tmp = ad_xcalloc(ng + 1, sizeof(*tmp));
	size_t r, k, *fill;

	for (k = 0; k < ng; k++)
		last[k] = NONE;
	for (k = 0; k < in->nforms; k++)
		tmp[gof[k]].nwordings++;
	for (k = 0; k < ng; k++)
		tmp[k].center = centre[k];
	for (r = 0; r < in->nrules; r++) {
		uint32_t gi = gof[in->form_of[r]];

		tmp[gi].n++;
		if (last[gi] != in->doc_of[r]) {
			last[gi] = in->doc_of[r];
			tmp[gi].nagents++;
		}
	}
	for (k = 0; k < ng; k++) {
		gs[k].nagents = tmp[k].nagents;
		gs[k].center = tmp[k].center;
		gs[k].old = (uint32_t)k;
	}
	qsort(gs, ng, sizeof(*gs), by_agents);
	inv->groups = ad_xcalloc(ng + 1, sizeof(*inv->groups));
	inv->ngroups = ng;
	for (k = 0, r = 0; k < ng; k++) {
		ad_rule_group *g = &inv->groups[k];

		*g = tmp[gs[k].old];
		renum[gs[k].old] = (uint32_t)k;
		g->first = (uint32_t)r;
		r += g->n;
		g->boilerplate = g->nagents > in->house_limit;
		inv->nshared += g->nagents >= 2;
	}
	inv->members = ad_xmalloc((in->nrules + 1) * sizeof(*inv->members));
	inv->group_of = ad_xmalloc((in->nrules + 1) * sizeof(*inv->group_of));
	fill = ad_xcalloc(ng + 1, sizeof(*fill));
	for (r = 0; r < in->nrules; r++) {
		uint32_t gi = renum[gof[in->form_of[r]]];
		ad_rule_group *g = &inv->groups[gi];

		inv->group_of[r] = gi;
		inv->members[g->first + fill[gi]++] = (uint32_t)r;
	}
	free(fill);
	free(tmp);
	free(gs);
	free(renum);
	free(last);
}

int ad_inventory_build(ad_inventory *out, const ad_inventory_input *in,
		       ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	forms f;
	graph g;
	ad_svec *vecs;
	ad_pair *pairs = NULL;
	uint32_t *label, *gof, *centre, ng;
	size_t npairs = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	count_forms(&f, in);
	vecs = ad_xmalloc((f.njoined + 1) * sizeof(*vecs));
	for (i = 0; i < f.njoined; i++)
		vecs[i] = in->rule_vecs[f.rep[f.form[i]]];
	jo.threshold = in->threshold;
	jo.jobs = in->jobs;
	rc = ad_simjoin_run(&pairs, &npairs, vecs, f.njoined, &jo,
			    in->stats, err);
	free(vecs);
	if (rc == 0) {
		build_graph(&g, pairs, npairs, f.njoined);
		label = ad_xmalloc((f.njoined + 1) * sizeof(*label));
		gof = ad_xmalloc((in->nforms + 1) * sizeof(*gof));
		centre = ad_xmalloc((in->nforms + 1) * sizeof(*centre));
		stars(label, &g, &f);
		ng = form_groups(gof, centre, label, &f, in->nforms);
		fill_groups(out, gof, centre, ng, in);
		out->nforms = in->nforms;
		free(centre);
		free(gof);
		free(label);
		free(g.start);
		free(g.nbr);
		free(g.score);
	}
	free(pairs);
	free(f.rep);
	free(f.agents);
	free(f.node);
	free(f.form);
	return rc;
}

ad_pair *ad_inventory_agent_pairs(const ad_inventory *inv,
				  const uint32_t *doc_of, uint32_t min_shared,
				  size_t *npairs)
{
	uint64_t *p = NULL;
	uint32_t *agents = NULL;
	size_t np = 0, cap = 0, cap_agents = 0, g, k, x, y, i, j, n = 0;
	ad_pair *out;

	for (g = 0; g < inv->nshared; g++) {
		const ad_rule_group *rg = &inv->groups[g];
		size_t na = 0;

		if (rg->boilerplate)
			continue;
		ad_grow(&agents, &cap_agents, rg->n + 1, sizeof(*agents));
		for (k = 0; k < rg->n; k++) { /* members come in agent order */
			uint32_t d = doc_of[inv->members[rg->first + k]];
			if (!na || agents[na - 1] != d)
				agents[na++] = d;
		}
		ad_grow(&p, &cap, np + na * (na - 1) / 2 + 1, sizeof(*p));
		for (x = 0; x < na; x++)
			for (y = x + 1; y < na; y++)
				p[np++] = (uint64_t)agents[x] << 32 | agents[y];
	}
	ad_sort_u64(p, np);
	out = ad_xmalloc((np + 1) * sizeof(*out));
	for (i = 0; i < np; i = j) {
		for (j = i + 1; j < np && p[j] == p[i]; j++)
			;
		if (j - i < min_shared)
			continue;
		out[n].a = (uint32_t)(p[i] >> 32);
		out[n].b = (uint32_t)p[i];
		out[n++].score = (double)(j - i);
	}
	free(p);
	free(agents);
	*npairs = n;
	return out;
}

void ad_inventory_dispose(ad_inventory *inv)
{
	free(inv->groups);
	free(inv->members);
	free(inv->group_of);
	memset(inv, 0, sizeof(*inv));
}
