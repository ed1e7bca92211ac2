/*
 * audit.c - the pipeline, composed.
 *
 * The collection is read (collection.h), then, in order: the wording of
 * every rule and heading (forms.h); agent and rule vectors (vectors.h);
 * the rule inventory and, beside it, the agent join; the candidates of
 * links; section vectors and their alignment; the links that hold and
 * their clusters; canonical picks and merge plans; collisions; routing
 * collisions. Each stage gets an input of its own, made here from what
 * the stages before returned, and returns its result; the audit keeps
 * the results. Vectors, joins and full alignments run on the same number
 * of threads, each piece of work written to a place of its own, so the
 * output is the same bytes whatever the number of threads.
 */
#include "agentdup/audit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/align.h"
#include "analysis/cluster.h"
#include "analysis/collide.h"
#include "analysis/cost.h"
#include "analysis/forms.h"
#include "analysis/inventory.h"
#include "analysis/job.h"
#include "analysis/link.h"
#include "analysis/plan.h"
#include "analysis/role.h"
#include "analysis/routing.h"
#include "analysis/template.h"
#include "analysis/vectors.h"
#include "base/arena.h"
#include "base/parallel.h"
#include "index/rulewords.h"
#include "index/simjoin.h"

/* As each stage starts, after the steps that free much within a stage
 * (the agents packed, the sections' terms dropped, the merge lists and
 * the collisions made), and before the report, the heap's free memory
 * goes back to the system (ad_heap_trim()) once this much is resident
 * and a quarter as much is free: where memory runs short. A trim is not
 * free: it runs on one thread while the other waits, and the pages it
 * gives back are faulted in again by the next stages. Large arrays are
 * mapped apart from the heap (cli/main.c), so they do not reuse what a
 * step freed there: without a trim, that stays resident beside them. At
 * 100,000 files (1 to 1.6 GiB in use from the load on) trimming at
 * every stage rather than three took the peak from 2,286 to 2,244 MiB.
 * At 10x (400 to 575 MiB in use) trimming from 256 MiB held the peak at
 * 553 MiB rather than 664, for a quarter more system time and up to 6%
 * more wall time; the development corpus (under 150 MiB) is never
 * trimmed. */
#define TRIM_RESIDENT ((size_t)1024 << 20)
#define TRIM_FREE (TRIM_RESIDENT / 4)

/* The heap's free memory back to the system, where memory runs short. */
static void give_back(void)
{
	ad_heap_trim(TRIM_RESIDENT, TRIM_FREE);
}

/* Agents with this many shared rule groups in common are related: all
 * their sections are compared (align.h). */
#define AD_ALIGN_RELATED_GROUPS 5

/* What the stages computed on: read through the accessors at the end. */
struct ad_audit_model {
	ad_forms forms;
	ad_vectors vectors;
	ad_jobs *jobs; /* what each agent says its job is */
	ad_pair *role_pairs; /* units that may do one job (role.h) */
	size_t nrole_pairs;
	uint32_t *role_unit; /* per doc: the name of its unit (role.h) */
	ad_rule_words words; /* what each term does in rules */
	/* what aligns the sections of any pair on demand (align.h), and the
	 * arrays it reads */
	ad_align_input align;
	uint8_t *house;
	uint32_t *title, *groups;
	size_t *gstart;
	uint64_t *candidates; /* of links (their keys), as align.full_set */
	/* made beside the agent join, read by the routing stage */
	ad_routing_vectors routing;
	/* whom to tell of each stage entered, and which one that is, and
	 * of the joins' progress within it */
	ad_stage_fn stage;
	void *stage_payload;
	ad_step_fn step;
	int stage_at, nstages;
	int drop_section_terms, hold_alignments; /* ad_audit_opts' */
	size_t counts_from, join_first_from;     /* and its, or the defaults */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The packed agent vectors, as their readers take them. */
static ad_cvecs agents_of(const ad_audit *a)
{
	return ad_vectors_agents(&a->model->vectors,
				 ad_collection_nterms(a->collection));
}

static void join_stats(ad_join_stats *out, const ad_simjoin_stats *s)
{
	out->indexed = s->indexed;
	out->scanned = s->scanned;
	out->candidates = s->candidates;
	out->verified = s->verified;
	out->pairs = s->pairs;
	out->summed = s->summed;
}

/* ---- the stages, each fed from the results before it ---- */

/* The stages told to ad_audit_opts.stage: the role stage runs unless
 * role groups are left out. */
#define STAGES 8

/* Tell the caller that the analysis enters the next stage. */
static void enter(ad_audit *a, const char *what)
{
	struct ad_audit_model *m = a->model;

	give_back();
	if (m->stage)
		m->stage(++m->stage_at, m->nstages, what, m->stage_payload);
}

/* A join of a stage told to the caller's step callback: what it joins
 * ("rule wordings"), and the model that knows whom to tell. */
typedef struct step_told {
	const struct ad_audit_model *m;
	const char *what;
} step_told;

static void told(size_t done, size_t total, void *payload)
{
	const step_told *s = payload;

	s->m->step(s->what, done, total, s->m->stage_payload);
}

/* Whom a join of what tells its progress (*fn and *payload of its
 * options): s, which outlives the join, when the caller asked. */
static void tell_steps(ad_progress_fn *fn, void **payload, step_told *s,
		       const ad_audit *a, const char *what)
{
	s->m = a->model;
	s->what = what;
	*fn = a->model->step ? told : NULL;
	*payload = s;
}

/* What counting the vectors reads. */
static void vectors_input(ad_vectors_input *in, const ad_audit *a,
			  int jobs)
{
	memset(in, 0, sizeof(*in));
	in->c = a->collection;
	in->forms = &a->model->forms;
	in->house_limit = a->settings.house_limit;
	in->words = &a->model->words;
	in->jobs = jobs;
}

/* The agent and description vectors; the wordings' are made by
 * wordings(), before the rule join. */
static int vectors(ad_audit *a, const ad_audit_opts *o, ad_error *err)
{
	const ad_collection *c = a->collection;
	ad_vectors_input in;
	int rc;

	rc = ad_rule_words_build(&a->model->words, c, &o->load.tokenizer,
				 err);
	if (rc)
		return rc;
	ad_forms_build(&a->model->forms, c, o->load.jobs);
	a->settings.house_limit = ad_house_limit(c->ndocs);
	vectors_input(&in, a, o->load.jobs);
	ad_vectors_build(&a->model->vectors, &in);
	ad_forms_drop(&a->model->forms, AD_FORMS_RULE_SPREAD);
	return 0;
}

/* The rule wordings' vectors, open for the rule join. */
static void wordings(ad_audit *a, int jobs)
{
	ad_vectors_input in;
	double t0 = now();

	vectors_input(&in, a, jobs);
	ad_vectors_count_wordings(&a->model->vectors, &in);
	ad_forms_drop(&a->model->forms, AD_FORMS_WORDING_COUNTS);
	a->stats.vectors += now() - t0;
}

/* What the rule inventory reads: the wordings, to be joined, grouped;
 * st gets the join's counts. */
static void inventory_input(ad_inventory_input *in, const ad_audit *a,
			    int jobs, ad_simjoin_stats *st)
{
	const ad_collection *c = a->collection;

	memset(in, 0, sizeof(*in));
	memset(st, 0, sizeof(*st));
	in->form_vecs = a->model->vectors.open_wordings.v;
	in->form_of = a->model->forms.rule_form;
	in->doc_of = c->at.rule_doc;
	in->nrules = c->at.nrules;
	in->nforms = a->model->forms.nrule_forms;
	in->threshold = a->settings.rule_threshold;
	in->house_limit = a->settings.house_limit;
	in->doc_name = a->model->forms.doc_name;
	in->word_kind = a->model->words.kind;
	in->jobs = jobs;
	in->stats = st;
}

/* Agent pairs whose bodies reach the threshold. The join orders the
 * agent vectors its own way in place, rather than in a copy as large as
 * they are (their arrays are their own, and the rule groups and routing
 * vectors made beside it do not read them), and gives them back as they
 * were. */
static int join_agents(ad_pair **pairs, size_t *npairs, ad_audit *a,
		       int jobs, ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	ad_simjoin_stats st;
	step_told s;
	int rc;

	memset(&st, 0, sizeof(st));
	jo.threshold = a->settings.threshold;
	jo.jobs = jobs;
	tell_steps(&jo.progress, &jo.progress_payload, &s, a, "agents");
	rc = ad_simjoin_run_in_place(pairs, npairs,
				     a->model->vectors.open_agents.v,
				     a->collection->ndocs, &jo, &st, err);
	join_stats(&a->stats.agent_join, &st);
	return rc;
}

/* The index of what every agent says its job is (job.h); house: per
 * rule group, house style. */
static ad_jobs *jobs_of(const ad_audit *a, const uint8_t *house,
		       const ad_pair *pairs, size_t npairs, int jobs)
{
	const ad_collection *c = a->collection;
	ad_job_input in;

	in.docs = (const ad_doc *const *)c->docs;
	in.ndocs = c->ndocs;
	in.desc_vecs = a->model->vectors.descriptions;
	in.nterms = ad_collection_nterms(c);
	in.group_of = a->inventory.group_of;
	in.ngroups = a->inventory.ngroups;
	in.house_group = house;
	in.rule_base = c->at.rule_base;
	in.pairs = pairs;
	in.npairs = npairs;
	in.threshold = a->settings.threshold;
	in.njobs = jobs;
	return ad_jobs_new(&in);
}

/* What linking reads of the collection: the docs, their headings and
 * sections, and the jobs index. */
static void link_input(ad_link_input *in, const ad_audit *a, int jobs)
{
	const ad_collection *c = a->collection;

	memset(in, 0, sizeof(*in));
	in->docs = (const ad_doc *const *)c->docs;
	in->ndocs = c->ndocs;
	in->agents = agents_of(a);
	in->nterms = ad_collection_nterms(c);
	in->threshold = a->settings.threshold;
	in->title_form = a->model->forms.title_form;
	in->section_base = c->at.section_base;
	in->group_of = a->inventory.group_of;
	in->rule_base = c->at.rule_base;
	in->jobs = a->model->jobs;
	in->njobs = jobs;
}

/* Every pair that may be linked (link.h), compact; and the index of
 * jobs, which their evidence reads once they are aligned. */
static void link_candidates(ad_link_cands *cands, const ad_audit *a,
			    const ad_pair *pairs, size_t npairs, int jobs)
{
	const ad_collection *c = a->collection;
	const ad_inventory *inv = &a->inventory;
	uint8_t *house = ad_xcalloc(inv->ngroups + 1, 1);
	ad_link_input in;
	ad_pair *sharing;
	size_t i;

	for (i = 0; i < inv->ngroups; i++)
		house[i] = (uint8_t)inv->groups[i].boilerplate;
	a->model->jobs = jobs_of(a, house, pairs, npairs, jobs);
	/* what indexing the jobs held, and then finding the agents that
	 * share rule groups, goes back before the next step: at 100,000
	 * files the two left some 200 MiB resident and free, on top of
	 * which gathering the candidates made the scan's peak */
	give_back();
	link_input(&in, a, jobs);
	sharing = ad_inventory_agent_pairs(inv, c->at.rule_doc,
					   AD_ALIGN_RELATED_GROUPS, jobs,
					   &in.nsharing);
	give_back();
	in.pairs = pairs;
	in.npairs = npairs;
	in.sharing = sharing;
	in.house_group = house;
	ad_link_candidates(cands, &in);
	free(house);
	free(sharing);
}

/* Per section, its shared rule groups (house style left out), without
 * repeats, in compressed rows. */
static void section_groups(const ad_audit *a, size_t **start, uint32_t **ids)
{
	const ad_collection *c = a->collection;
	size_t i, k, n = 0;
	uint32_t r;

	*start = ad_xmalloc((c->at.nsections + 2) * sizeof(**start));
	*ids = ad_xmalloc((c->at.nrules + 1) * sizeof(**ids));
	for (i = 0; i < c->at.nsections; i++) {
		const ad_section *s = ad_collection_section(c, i);
		size_t rule0 = c->at.rule_base[c->at.section_doc[i]];
		size_t first = n;

		(*start)[i] = n;
		for (r = 0; r < s->nrules; r++) {
			uint32_t g = a->inventory.group_of[rule0 +
							  s->first_rule + r];
			const ad_rule_group *rg = &a->inventory.groups[g];

			if (rg->nagents < 2 || rg->boilerplate)
				continue;
			for (k = first; k < n && (*ids)[k] != g; k++)
				;
			if (k == n)
				(*ids)[n++] = g;
		}
	}
	(*start)[c->at.nsections] = n;
}

/* Per section: whether its heading is house style (most agents have it),
 * and its heading's form, NONE for a heading without terms. */
static void section_titles(const ad_audit *a, uint8_t **house,
			   uint32_t **title)
{
	const ad_collection *c = a->collection;
	const ad_forms *f = &a->model->forms;
	uint32_t limit = a->settings.house_limit;
	size_t i;

	*house = ad_xcalloc(c->at.nsections + 1, 1);
	*title = ad_xmalloc((c->at.nsections + 1) * sizeof(**title));
	for (i = 0; i < c->at.nsections; i++) {
		const ad_section *s = ad_collection_section(c, i);

		(*house)[i] = s->ntitle_terms > 0 && f->title_spread[i] > limit;
		(*title)[i] = s->ntitle_terms ? f->title_form[i] : UINT32_MAX;
	}
}

/* The candidates of links whose outline can decide their link, as
 * pairs: the others' links hold or fail whatever their sections. */
static ad_pair *candidate_pairs(const ad_audit *a, const ad_link_cands *cands,
				size_t *n)
{
	ad_pair *p = ad_xmalloc((cands->n + 1) * sizeof(*p));
	size_t i;

	for (*n = 0, i = 0; i < cands->n; i++) {
		if (!ad_link_cand_outline_decides(cands, i,
						  a->settings.threshold,
						  a->settings.link_kinds))
			continue;
		p[*n].a = (uint32_t)(cands->keys[i] >> 32);
		p[*n].b = (uint32_t)cands->keys[i];
		p[(*n)++].score = cands->score[i];
	}
	return p;
}

/* The agent pairs all of whose sections are compared up front: the
 * candidates of links whose outline counts, or with align_all every
 * pair. */
static ad_pair *full_pairs(const ad_audit *a, const ad_link_cands *cands,
			   size_t *nfull)
{
	size_t n = a->collection->ndocs, i, j, k = 0;
	ad_pair *p;

	if (!a->settings.align_all)
		return candidate_pairs(a, cands, nfull);
	p = ad_xmalloc((n * (n - 1) / 2 + 1) * sizeof(*p));
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			p[k].a = (uint32_t)i;
			p[k].b = (uint32_t)j;
			p[k++].score = 0.0;
		}
	*nfull = k;
	return p;
}

/* What aligning any pair of sections reads: their vectors, where each
 * agent's are, the threshold; no pair named yet. */
static void align_input(ad_align_input *in, const ad_audit *a, int jobs)
{
	const ad_collection *c = a->collection;

	memset(in, 0, sizeof(*in));
	in->section_vecs = a->model->vectors.sections;
	in->section_idf = a->model->vectors.section_idf;
	in->nfeatures = a->model->vectors.nsection_features;
	in->nsections = c->at.nsections;
	in->doc_of = c->at.section_doc;
	in->section_base = c->at.section_base;
	in->threshold = a->settings.section_threshold;
	in->jobs = jobs;
}

/* Sections aligned across agents: in full within the candidate pairs of
 * links whose outline counts, and the role pairs; the inputs are kept to
 * align any other pair on demand (the canonical of each cluster with its
 * members, the pairs of role groups, the views of the reports), every
 * candidate of links in full, as if it had been aligned up front. */
static int align_sections(ad_audit *a, const ad_link_cands *cands, int jobs,
			  ad_error *err)
{
	struct ad_audit_model *m = a->model;
	ad_align_input *in = &m->align;
	ad_pair *full;
	int rc;

	align_input(in, a, jobs);
	section_titles(a, &m->house, &m->title);
	ad_forms_drop(&m->forms, AD_FORMS_TITLE_SPREAD);
	section_groups(a, &m->gstart, &m->groups);
	in->house = m->house;
	in->full = full = full_pairs(a, cands, &in->nfull);
	if (!a->settings.align_all) {
		in->full_set = cands->keys;
		in->nfull_set = cands->n;
	}
	in->title_form = m->title;
	in->group_start = m->gstart;
	in->groups = m->groups;
	/* as many as the candidates: not their matches, which are made
	 * again alike, in full as full_set says (every pair, aligned in full
	 * with align_all, is held), unless a report reads them all */
	in->condense = !a->settings.align_all && !m->hold_alignments;
	rc = ad_align_build(&a->alignments, in, err);
	in->condense = 0;
	free(full);
	in->full = NULL;
	in->nfull = 0;
	return rc;
}

static void align_dispose(struct ad_audit_model *m)
{
	free(m->house);
	free(m->title);
	free(m->gstart);
	free(m->groups);
	free(m->candidates);
	memset(&m->align, 0, sizeof(m->align));
}

/* Each member of a cluster aligned with its canonical, for the reports
 * (the plan has read them on demand). */
/* Each member of cl's clusters or groups [lo, hi) with its canonical
 * (kept member), except the pairs whose matches al holds already;
 * malloc'd. */
static ad_pair *to_canonical(const ad_clustering *cl, size_t lo, size_t hi,
			     const ad_alignments *al, size_t *n)
{
	size_t i, cap = 0;
	uint32_t k;
	ad_pair *p;

	for (i = lo; i < hi; i++)
		cap += cl->clusters[i].n;
	p = ad_xmalloc((cap + 1) * sizeof(*p));
	for (*n = 0, i = lo; i < hi; i++)
		for (k = 0; k < cl->clusters[i].n; k++) {
			uint32_t x = cl->clusters[i].members[k];
			uint32_t y = cl->clusters[i].canonical;
			const ad_alignment *q = ad_align_find(al, x, y);

			if (x == y || (q && ad_alignment_held(q)))
				continue;
			p[*n].a = x;
			p[*n].b = y;
			p[(*n)++].score = 0.0;
		}
	return p;
}

/* Each member of a cluster aligned with its canonical, kept with the
 * alignments, in one batch on the worker threads. */
static void canonical_alignments(ad_audit *a)
{
	size_t n;
	ad_pair *p = to_canonical(&a->clustering, 0, a->clustering.n,
				  &a->alignments, &n);

	if (a->model->align.section_vecs)
		ad_align_add(&a->alignments, &a->model->align, p, n,
			     AD_ALIGN_HOLD);
	free(p);
}

/* The families of agents one template made for different jobs, from the
 * pairs linking turned down for their jobs. */
static void template_families(ad_audit *a, const ad_pair *pairs,
			      size_t npairs)
{
	ad_templates_input in;

	in.c = a->collection;
	in.pairs = pairs;
	in.npairs = npairs;
	in.title_form = a->model->forms.title_form;
	in.inv = &a->inventory;
	ad_templates_build(&a->templates, &in);
}

/* Keep the candidates the evidence bears out, and make their clusters.
 * The candidates' keys stay, as align.full_set; the jobs index, read by
 * the evidence only, goes. */
static void link_and_cluster(ad_audit *a, ad_link_cands *cands, int jobs)
{
	size_t n, nd = a->collection->ndocs, ntemplates, i;
	uint32_t *size = ad_xmalloc((nd + 1) * sizeof(*size));
	ad_link_input in;
	ad_pair *pairs;

	link_input(&in, a, jobs);
	ad_link_decide(&a->links, &pairs, &ntemplates, cands, &in,
		       &a->alignments, a->settings.link_kinds);
	n = a->links.n;
	ad_jobs_free(a->model->jobs);
	a->model->jobs = NULL;
	template_families(a, pairs, ntemplates);
	ad_forms_drop(&a->model->forms, AD_FORMS_TITLES); /* its last reader */
	free(pairs);
	if (!a->settings.align_all) { /* the align input reads them */
		a->model->candidates = cands->keys;
		cands->keys = NULL;
	}
	ad_link_cands_dispose(cands);
	pairs = ad_xmalloc((n + 1) * sizeof(*pairs));
	for (i = 0; i < n; i++) {
		pairs[i].a = a->links.list[i].a;
		pairs[i].b = a->links.list[i].b;
		pairs[i].score = a->links.list[i].score;
	}
	for (i = 0; i < nd; i++)
		size[i] = (uint32_t)a->collection->docs[i]->nrules;
	ad_cluster_build(&a->clustering, pairs, n, agents_of(a), nd, size,
			 jobs);
	free(pairs);
	free(size);
}

/* What both plans read, the sections' matches from al; no reasons, no
 * rank, nothing removed. */
static void plan_input(ad_plan_input *in, const ad_audit *a,
		       const ad_audit_opts *o, const ad_aligner *al)
{
	memset(in, 0, sizeof(*in));
	in->c = a->collection;
	in->agents = agents_of(a);
	in->rule_vecs = ad_vectors_wordings(
		&a->model->vectors, ad_collection_nterms(a->collection));
	in->rule_form = a->model->forms.rule_form;
	in->inv = &a->inventory;
	in->al = al;
	in->links = &a->links;
	in->rule_threshold = a->settings.rule_threshold;
	in->word_kind = a->model->words.kind;
	in->prefer = o->prefer;
	in->nprefer = o->nprefer;
	in->jobs = o->load.jobs;
}

static void plan(ad_audit *a, const ad_audit_opts *o)
{
	ad_aligner al = {&a->alignments, &a->model->align, NULL, 0};
	ad_plan_input in;

	plan_input(&in, a, o, &al); /* no reasons (from the links) */
	ad_plan_pick(&a->plan, &a->clustering, &in);
	canonical_alignments(a); /* the merge lists read them */
	al.complete = 1; /* a pair not kept has no match */
	ad_plan_merges(&a->plan, &a->clustering, &in);
}

/* The pairs of agents that may do one job however worded (role.h). */
static int role_pairs(ad_audit *a, int jobs, ad_error *err)
{
	ad_role_input in;
	ad_simjoin_stats st;
	int rc;

	if (!a->settings.roles)
		return 0;
	enter(a, "grouping agents by job");
	memset(&st, 0, sizeof(st));
	in.c = a->collection;
	in.clusters = &a->clustering;
	in.agents = agents_of(a);
	in.desc_vecs = a->model->vectors.descriptions;
	in.nterms = ad_collection_nterms(a->collection);
	in.jobs = jobs;
	in.stats = &st;
	a->model->role_unit = ad_role_unit_of(&a->clustering,
					      a->collection->ndocs);
	rc = ad_role_pairs(&a->model->role_pairs, &a->model->nrole_pairs, &in,
			   err);
	join_stats(&a->stats.role_join, &st);
	if (rc == 0 && a->model->align.section_vecs) /* as link candidates */
		ad_align_add(&a->alignments, &a->model->align,
			     a->model->role_pairs, a->model->nrole_pairs,
			     AD_ALIGN_FULL);
	return rc;
}

/* The role groups, grown from the variant clusters; siblings of one
 * template family stay apart. */
static void roles(ad_audit *a, int jobs)
{
	ad_aligner al = {&a->alignments, &a->model->align, NULL, 0};
	size_t nd = a->collection->ndocs, i;
	uint32_t *family, k;

	if (!a->settings.roles)
		return;
	family = ad_xcalloc(nd + 1, sizeof(*family));

	for (i = 0; i < a->templates.n; i++) {
		const ad_template_family *f = &a->templates.families[i];

		for (k = 0; k < f->n; k++)
			family[a->templates.members[f->first + k]] =
				(uint32_t)i + 1;
	}
	ad_roles_build(&a->roles, a->model->role_pairs, a->model->nrole_pairs,
		       &a->clustering, family, nd);
	ad_roles_prune(&a->roles, &a->clustering,
		       a->model->vectors.descriptions, &al, nd, jobs);
	free(family);
}

/* pairs aligned on their own into out, as ad_align_add() into an empty
 * list would (as other pairs, not in full), without copying the result
 * into a merged list; none of them is aligned already. */
static void align_apart(ad_alignments *out, const ad_align_input *in,
			const ad_pair *pairs, size_t n)
{
	ad_align_input more = *in;
	ad_error err = AD_ERROR_INIT;

	more.full = NULL;
	more.nfull = 0;
	more.other = pairs;
	more.nother = n;
	more.condense = 0;
	(void)ad_align_build(out, &more, &err); /* as ad_align_add() */
}

/* Role group members whose matches with their kept one are held at a
 * time while the groups' merge lists are made (ad_audit_opts.plan_batch):
 * at 100,000 files, all of them at once took 100 MB. */
#define PLAN_BATCH 4096

/* The plan of every role group: the member to keep, by the criteria of
 * clusters, and what each other member adds, ranked. */
static void plan_roles(ad_audit *a, const ad_audit_opts *o)
{
	ad_aligner al = {&a->alignments, &a->model->align, NULL, 0};
	char **reasons = ad_role_reasons(&a->roles, a->collection,
					 ad_collection_nterms(a->collection),
					 a->model->role_unit, &al,
					 o->load.jobs);
	uint32_t *unit = ad_clustering_index(&a->clustering,
					     a->collection->ndocs);
	uint8_t *removed = ad_xcalloc(a->collection->ndocs + 1, 1);
	ad_alignments kept;
	ad_pair *pairs;
	size_t npairs, lo, hi, members;
	size_t batch = o->plan_batch ? o->plan_batch : PLAN_BATCH;
	uint32_t k;
	ad_plan_input in;
	size_t i;

	plan_input(&in, a, o, &al);
	in.reasons = (const char *const *)reasons;
	in.rank = 1;
	in.unit = unit;
	/* a role group keeps the kept member of one of its clusters */
	for (i = 0; i < a->clustering.n; i++)
		for (k = 0; k < a->clustering.clusters[i].n; k++)
			removed[a->clustering.clusters[i].members[k]] =
				a->clustering.clusters[i].members[k] !=
				a->clustering.clusters[i].canonical;
	in.removed = removed;
	ad_plan_pick(&a->role_plan, &a->roles, &in);
	/* each member with the kept one, for this plan only, a batch of
	 * groups at a time: only a batch's matches are held */
	al.extra = &kept;
	al.complete = 1; /* a pair not kept has no match */
	for (lo = 0; lo < a->roles.n; lo = hi) {
		for (hi = lo, members = 0;
		     hi < a->roles.n &&
		     (hi == lo || members + a->roles.clusters[hi].n <= batch);
		     hi++)
			members += a->roles.clusters[hi].n;
		memset(&kept, 0, sizeof(kept));
		pairs = to_canonical(&a->roles, lo, hi, &a->alignments,
				     &npairs);
		if (a->model->align.section_vecs && npairs)
			align_apart(&kept, &a->model->align, pairs, npairs);
		ad_plan_merges_range(&a->role_plan, &a->roles, &in, lo, hi);
		ad_alignments_dispose(&kept);
		free(pairs);
	}
	free(unit);
	free(removed);
	for (i = 0; i < a->roles.n; i++)
		free(reasons[i]);
	free(reasons);
}

static int collide(ad_audit *a, int jobs, ad_error *err)
{
	ad_collide_input in;

	in.c = a->collection;
	in.agents = agents_of(a);
	in.desc_vecs = a->model->vectors.descriptions;
	in.links = &a->links;
	in.jobs = jobs;
	return ad_collide(&a->collisions, &in, err);
}

/* Agents whose descriptions compete, once the clusters and role groups
 * are merged as their plans say (after plan_roles: each keep is set). */
static int routing(ad_audit *a, int jobs, ad_error *err)
{
	ad_routing_input in;
	int rc;

	in.c = a->collection;
	in.clustering = &a->clustering;
	in.roles = &a->roles;
	in.threshold = AD_ROUTING_THRESHOLD;
	in.jobs = jobs;
	in.vectors = a->model->routing.vecs ? &a->model->routing : NULL;
	rc = ad_routing_find(&a->routing, &in, err);
	ad_routing_vectors_dispose(&a->model->routing);
	return rc;
}

/* ---- the pipeline ---- */

/*
 * The rule inventory's groups and the agent join read nothing of each
 * other's: once the rule join is done, on every thread, they run side by
 * side, the join on the threads it would have had alone, so that its
 * threads work while the groups are made on one (the stars are made in
 * order). The routing vectors, which read only the collection, are made
 * by whichever thread is free first. With one thread all run in turn.
 *
 * A collection whose open agent vectors hold join_first_from bytes or
 * more joins its agents first, on every thread, and packs them before
 * the rule join: then they are not held open through the rule join and
 * the grouping, which hold the most memory of a scan beside them. At
 * 100,000 files the open vectors took 350 MiB and packed 130 MiB; the
 * groups are then made with no join beside them, and the routing vectors
 * (20 MiB) are made by routing() when it needs them, not held from the
 * grouping on.
 */
typedef struct side_by_side {
	ad_audit *a;
	int jobs;
	ad_inventory_joined *joined;
	const ad_inventory_input *in;
	ad_pair *pairs; /* of agents */
	size_t npairs;
	int joined_agents; /* the agent join has run already */
	int rc;         /* of the join */
	ad_error err;
	atomic_size_t next;
} side_by_side;

static void side_work(void *ctx, int worker)
{
	side_by_side *s = ctx;
	size_t k;

	(void)worker;
	while ((k = ad_parallel_next(&s->next, 3, 1)) < 3) {
		double t0 = now();

		if (k == 0) {
			ad_inventory_group(&s->a->inventory, s->joined, s->in);
			s->a->stats.rules += now() - t0;
		} else if (k == 1) {
			if (s->joined_agents)
				continue;
			s->rc = join_agents(&s->pairs, &s->npairs, s->a,
					    s->jobs, &s->err);
			s->a->stats.join = now() - t0;
		} else {
			if (s->joined_agents) /* made by routing(), later */
				continue;
			ad_routing_vectors_build(&s->a->model->routing,
						 s->a->collection,
						 AD_ROUTING_NONE);
			s->a->stats.routing = now() - t0;
		}
	}
}

static void pack_agents(ad_audit *a, int jobs)
{
	ad_vectors_pack_agents(&a->model->vectors, a->collection->ndocs,
			       ad_collection_nterms(a->collection),
			       a->model->counts_from, jobs);
}

/* The agent join on every thread, its vectors packed after it. */
static int join_first(side_by_side *s)
{
	double t0 = now();
	int rc = join_agents(&s->pairs, &s->npairs, s->a, s->jobs, &s->err);

	s->a->stats.join = now() - t0;
	if (rc)
		return rc;
	pack_agents(s->a, s->jobs);
	/* what they held open goes back before the rule join takes more */
	give_back();
	return 0;
}

/* The rule inventory, and the agent pairs. */
static int inventory_and_join(ad_pair **pairs, size_t *npairs, ad_audit *a,
			      int jobs, ad_error *err)
{
	ad_inventory_input in;
	ad_simjoin_stats st;
	side_by_side s;
	step_told told_rules;
	double t0;
	int rc;

	s.a = a;
	s.jobs = jobs;
	s.in = &in;
	s.pairs = NULL;
	s.npairs = 0;
	s.rc = 0;
	atomic_store(&s.next, 0);
	s.joined_agents = ad_vectors_open_bytes(&a->model->vectors) >=
			  a->model->join_first_from;
	enter(a, s.joined_agents ? "joining agents, then rule wordings"
				 : "joining rule wordings");
	if (s.joined_agents) {
		if ((rc = join_first(&s))) {
			if (err)
				*err = s.err;
			return rc;
		}
	}
	/* counted after the agents that join first are packed: in a large
	 * collection the open vectors of both are never held at once */
	wordings(a, jobs);
	t0 = now();
	inventory_input(&in, a, jobs, &st);
	tell_steps(&in.progress, &in.progress_payload, &told_rules, a,
		   "rule wordings");
	rc = ad_inventory_join(&s.joined, &in, err);
	join_stats(&a->stats.rule_join, &st);
	a->stats.rules = now() - t0;
	if (rc) {
		free(s.pairs);
		return rc;
	}
	enter(a, s.joined_agents ? "grouping rules"
				 : "joining agents, grouping rules");
	/* two threads, unless jobs asks for one */
	ad_parallel_run(ad_parallel_jobs(jobs, 1, 1), side_work, &s);
	/* the join was the last to read them open; packed once the groups
	 * are made, not beside them, with their memory given back; so are
	 * the wordings, which the groups read last open */
	if (!s.joined_agents)
		pack_agents(a, jobs);
	ad_vectors_pack_wordings(&a->model->vectors,
				 ad_collection_nterms(a->collection), jobs);
	if (s.rc) {
		if (err)
			*err = s.err;
		return s.rc;
	}
	*pairs = s.pairs;
	*npairs = s.npairs;
	return 0;
}

/* The agent join beside the rule inventory, the candidates of links,
 * section vectors and their alignment, the links that hold and their
 * clusters, then the role pairs of the clusters and the role groups. */
static int link_stage(ad_audit *a, int jobs, ad_error *err)
{
	ad_pair *pairs = NULL;
	ad_link_cands cands;
	size_t npairs = 0;
	double t0;
	int rc;

	if ((rc = inventory_and_join(&pairs, &npairs, a, jobs, err)))
		return rc;
	t0 = now();
	enter(a, "aligning sections");
	/* the section vectors first: the link candidates are not held while
	 * they are counted beside their sections' terms */
	ad_vectors_sections(&a->model->vectors, a->collection, &a->inventory,
			    jobs);
	if (a->model->drop_section_terms) /* their last reader */
		ad_collection_drop_section_terms(a->collection);
	/* what counting them and their terms held, before the alignment */
	give_back();
	a->stats.vectors += now() - t0;
	t0 = now();
	link_candidates(&cands, a, pairs, npairs, jobs);
	free(pairs);
	a->stats.cluster = now() - t0;
	t0 = now();
	rc = align_sections(a, &cands, jobs, err);
	a->stats.sections = now() - t0;
	if (rc) {
		ad_link_cands_dispose(&cands);
		return rc;
	}
	t0 = now();
	enter(a, "linking variants");
	link_and_cluster(a, &cands, jobs);
	a->stats.cluster += now() - t0;
	t0 = now();
	rc = role_pairs(a, jobs, err);
	if (rc == 0)
		roles(a, jobs);
	a->stats.roles = now() - t0;
	return rc;
}

/*
 * AD_AUDIT_VECTORS: the agent vectors packed, as the join would leave
 * them, and the section vectors of their words alone, every pair of
 * agents aligned in full when asked. No rule inventory is made: it joins
 * every rule of the collection, the longest stage of a scan, to add
 * features that a query's section matches can do without.
 */
static void vectors_only(ad_audit *a, int jobs)
{
	pack_agents(a, jobs);
	ad_vectors_sections(&a->model->vectors, a->collection, NULL, jobs);
	align_input(&a->model->align, a, jobs);
	a->model->align.all_full = 1;
}

static int analyse(ad_audit *a, const ad_audit_opts *o, ad_error *err)
{
	int jobs = o->load.jobs, rc;
	double t0 = now();

	enter(a, "weighing terms");
	if ((rc = vectors(a, o, err)))
		return rc;
	if (o->until == AD_AUDIT_VECTORS) {
		vectors_only(a, jobs);
		a->stats.vectors = now() - t0;
		return 0;
	}
	a->stats.vectors = now() - t0;
	if ((rc = link_stage(a, jobs, err)))
		return rc;
	if (o->until != AD_AUDIT_ALL)
		return 0;
	t0 = now();
	enter(a, "planning merges");
	plan(a, o);
	give_back(); /* what the merge lists held */
	rc = collide(a, jobs, err);
	give_back();
	a->stats.plan = now() - t0;
	t0 = now();
	if (a->settings.roles)
		plan_roles(a, o);
	a->stats.roles += now() - t0;
	/* after both plans: a role group's kept member is its canonical */
	t0 = now();
	ad_costs_build(&a->costs, a->collection, &a->clustering, &a->roles);
	a->stats.plan += now() - t0;
	if (rc)
		return rc;
	t0 = now();
	enter(a, "comparing descriptions");
	rc = routing(a, jobs, err);
	a->stats.routing += now() - t0;
	give_back(); /* before the report */
	return rc;
}

static int check_threshold(const char *what, double t, ad_error *err)
{
	if (t > 0.0 && t <= 1.0)
		return 0;
	return ad_error_set(err, AD_EINVAL, "%s must be in (0, 1], not %g",
			    what, t);
}

static int check_opts(const ad_audit_opts *o, ad_error *err)
{
	int rc;

	if ((rc = check_threshold("threshold", o->threshold, err)) ||
	    (rc = check_threshold("section threshold", o->section_threshold,
				  err)) ||
	    (rc = check_threshold("rule threshold", o->rule_threshold, err)))
		return rc;
	return 0;
}

static size_t held_bytes(const ad_audit *a)
{
	return ad_vectors_bytes(&a->model->vectors) +
	       ad_collection_bytes(a->collection);
}

int ad_audit_load(ad_audit **out, const char *const *paths, size_t npaths,
		  const ad_audit_opts *opts, ad_error *err)
{
	ad_audit *a;
	int rc;

	*out = NULL;
	if ((rc = check_opts(opts, err)))
		return rc;
	a = ad_xcalloc(1, sizeof(*a));
	a->model = ad_xcalloc(1, sizeof(*a->model));
	a->settings.threshold = opts->threshold;
	a->settings.section_threshold = opts->section_threshold;
	a->settings.rule_threshold = opts->rule_threshold;
	a->settings.link_kinds = opts->links;
	a->settings.align_all = opts->align_all;
	a->settings.role_linkage = AD_ROLE_LINKAGE;
	a->settings.role_agree = AD_ROLE_AGREE;
	a->settings.roles = !opts->no_roles;
	a->model->stage = opts->stage;
	a->model->stage_payload = opts->stage_payload;
	a->model->step = opts->step;
	a->model->drop_section_terms = opts->drop_section_terms;
	a->model->counts_from =
		opts->counts_from ? opts->counts_from : AD_AGENT_COUNTS_FROM;
	a->model->join_first_from = opts->join_first_from
					    ? opts->join_first_from
					    : AD_JOIN_FIRST_FROM;
	a->model->hold_alignments = opts->hold_alignments;
	a->model->nstages = STAGES - !a->settings.roles;
	if (opts->until == AD_AUDIT_ROLES)
		a->model->nstages -= 2; /* no plans, no routing */
	else if (opts->until == AD_AUDIT_VECTORS)
		a->model->nstages = 1;
	rc = ad_collection_load(&a->collection, paths, npaths, &opts->load,
				err);
	if (rc) {
		ad_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

int ad_audit_analyse(ad_audit *a, const ad_audit_opts *opts, ad_error *err)
{
	int rc = analyse(a, opts, err);

	if (rc == 0)
		a->stats.bytes = held_bytes(a);
	return rc;
}

int ad_audit_run(ad_audit **out, const char *const *paths, size_t npaths,
		 const ad_audit_opts *opts, ad_error *err)
{
	int rc = ad_audit_load(out, paths, npaths, opts, err);

	if (rc == 0 && (rc = ad_audit_analyse(*out, opts, err))) {
		ad_audit_free(*out);
		*out = NULL;
	}
	return rc;
}

void ad_audit_free(ad_audit *a)
{
	if (!a)
		return;
	ad_links_dispose(&a->links);
	ad_collisions_dispose(&a->collisions);
	ad_routing_dispose(&a->routing);
	ad_plan_dispose(&a->plan);
	ad_costs_dispose(&a->costs);
	ad_clustering_dispose(&a->clustering);
	ad_alignments_dispose(&a->alignments);
	ad_inventory_dispose(&a->inventory);
	ad_vectors_dispose(&a->model->vectors);
	ad_forms_dispose(&a->model->forms);
	ad_templates_dispose(&a->templates);
	ad_plan_dispose(&a->role_plan);
	ad_clustering_dispose(&a->roles);
	free(a->model->role_pairs);
	free(a->model->role_unit);
	align_dispose(a->model);
	ad_jobs_free(a->model->jobs);
	ad_rule_words_dispose(&a->model->words);
	ad_routing_vectors_dispose(&a->model->routing);
	free(a->model);
	ad_collection_free(a->collection);
	free(a);
}

/* ---- reading the results ---- */

const ad_doc *ad_audit_doc(const ad_audit *a, uint32_t i)
{
	return a->collection->docs[i];
}

const ad_section *ad_audit_section(const ad_audit *a, uint32_t s)
{
	return ad_collection_section(a->collection, s);
}

const ad_rule *ad_audit_rule(const ad_audit *a, uint32_t r)
{
	return ad_collection_rule(a->collection, r);
}

uint32_t ad_audit_rule_doc(const ad_audit *a, uint32_t r)
{
	return a->collection->at.rule_doc[r];
}

void ad_audit_cost(ad_cost *out, const ad_audit *a, const uint32_t *members,
		   size_t n, uint32_t keep)
{
	ad_cost_group(out, a->collection, members, n, keep);
}

const ad_link *ad_audit_link(const ad_audit *a, uint32_t x, uint32_t y)
{
	return ad_links_find(&a->links, x, y);
}

const ad_alignment *ad_audit_alignment(const ad_audit *a, uint32_t x,
				       uint32_t y)
{
	return ad_align_find(&a->alignments, x, y);
}

size_t ad_audit_section_matches(const ad_audit *a, uint32_t x, uint32_t y,
				ad_section_match **out)
{
	ad_aligner al = {&a->alignments, NULL, NULL, 0};
	const ad_section_match *m;
	ad_section_match *own;
	size_t n;

	if (a->model->align.section_vecs)
		al.in = &a->model->align;
	n = ad_aligner_matches(&al, x, y, &m, &own);
	if (own || !n) {
		*out = own;
		return n;
	}
	*out = ad_xmalloc(n * sizeof(**out));
	memcpy(*out, m, n * sizeof(**out));
	return n;
}

uint32_t ad_audit_link_aligned(const ad_audit *a, const ad_link *l)
{
	const ad_alignment *p = ad_align_find(&a->alignments, l->a, l->b);
	ad_section_match *m;
	size_t k, n;
	uint32_t aligned = 0;

	if (p)
		return p->strong;
	n = ad_audit_section_matches(a, l->a, l->b, &m);
	for (k = 0; k < n; k++)
		aligned += m[k].score >= AD_LINK_ALIGNED_SCORE;
	free(m);
	return aligned;
}

const char *ad_audit_collision_detail(const ad_audit *a,
				      const ad_collision *x, char *buf,
				      size_t cap)
{
	return ad_collide_detail(buf, cap, a->collection, x);
}

double ad_audit_agent_score(const ad_audit *a, uint32_t x, uint32_t y)
{
	ad_cvecs v = agents_of(a);

	return ad_cvec_dot(&v.v[x], &v.v[y], v.idf);
}

/* Runs of alignment pairs shared out to the workers by
 * ad_audit_alignment_scores(): run r is pairs[run[r]..run[r + 1]). */
typedef struct scores_job {
	const ad_audit *a;
	const size_t *run;
	size_t nruns;
	double *out;
	atomic_size_t next;
} scores_job;

#define RUNS_PER_CHUNK 64

static void scores_work(void *ctx, int worker)
{
	scores_job *j = ctx;
	const ad_alignment *p = j->a->alignments.pairs;
	ad_cvecs v = agents_of(j->a);
	double *row = ad_xcalloc(
		(size_t)ad_collection_nterms(j->a->collection) + 1, sizeof(*row));
	size_t r, end, i;

	(void)worker;
	while ((r = ad_parallel_chunk(&j->next, j->nruns, RUNS_PER_CHUNK,
				      &end)) < j->nruns)
		for (; r < end; r++) {
			const ad_cvec *x = &v.v[p[j->run[r]].a];

			ad_cvec_spread(row, x, v.idf);
			for (i = j->run[r]; i < j->run[r + 1]; i++)
				j->out[i] = ad_cvec_dot_row(row, &v.v[p[i].b],
							    v.idf);
			ad_cvec_unspread(row, x);
		}
	free(row);
}

/* The pairs come sorted by (a, b): each run of one agent a spreads its
 * vector into a dense row once, and each pair sums b's terms against it,
 * the same products in the same order as ad_svec_dot(). The runs are
 * shared out to the workers, each with a row of its own. */
double *ad_audit_alignment_scores(const ad_audit *a, int jobs)
{
	const ad_alignments *al = &a->alignments;
	size_t *run = ad_xmalloc((al->npairs + 2) * sizeof(*run));
	scores_job j;
	size_t i;

	j.a = a;
	j.run = run;
	j.nruns = 0;
	j.out = ad_xmalloc((al->npairs + 1) * sizeof(*j.out));
	for (i = 0; i < al->npairs; i++)
		if (i == 0 || al->pairs[i].a != al->pairs[i - 1].a)
			run[j.nruns++] = i;
	run[j.nruns] = al->npairs;
	atomic_init(&j.next, 0);
	ad_parallel_run(ad_parallel_jobs(jobs, j.nruns, 4 * RUNS_PER_CHUNK),
			scores_work, &j);
	free(run);
	return j.out;
}

double ad_audit_rule_score(const ad_audit *a, uint32_t r, uint32_t q)
{
	const ad_vectors *v = &a->model->vectors;

	return ad_cvec_dot(ad_vectors_rule(v, r), ad_vectors_rule(v, q),
			   v->wording_idf);
}

uint32_t ad_audit_rule_form(const ad_audit *a, uint32_t r)
{
	return a->model->forms.rule_form[r];
}

/* The evidence of packed vectors p and q (read with idf): they are
 * unpacked into room on the stack, unless they are long. */
static size_t packed_evidence(const ad_audit *a, uint32_t *terms,
			      const ad_cvec *p, const ad_cvec *q,
			      const double *idf)
{
	size_t len = (size_t)p->n + q->n, n;
	uint32_t room[1024]; /* the ids of both, unless they are many */
	float wroom[1024];   /* and their weights */
	uint32_t *ids = len <= 1024 ? room : ad_xmalloc(len * sizeof(*ids));
	float *w = len <= 1024 ? wroom : ad_xmalloc(len * sizeof(*w));
	ad_svec x, y;

	ad_cvec_unpack(&x, p, idf, ids, w);
	ad_cvec_unpack(&y, q, idf, ids + p->n, w + p->n);
	n = ad_svec_top_terms(terms, AD_EVIDENCE_TERMS, &x, &y,
			      ad_collection_nterms(a->collection));
	if (ids != room) {
		free(ids);
		free(w);
	}
	return n;
}

size_t ad_audit_agent_evidence(const ad_audit *a, uint32_t *terms,
			       uint32_t x, uint32_t y)
{
	ad_cvecs v = agents_of(a);

	return packed_evidence(a, terms, &v.v[x], &v.v[y], v.idf);
}

size_t ad_audit_section_evidence(const ad_audit *a, uint32_t *terms,
				 uint32_t s, uint32_t t)
{
	const ad_vectors *v = &a->model->vectors;

	return packed_evidence(a, terms, &v->sections[s], &v->sections[t],
			       v->section_idf);
}

static int by_pair(const void *key, const void *elem)
{
	const ad_pair *k = key, *e = elem;

	if (k->a != e->a)
		return k->a < e->a ? -1 : 1;
	return (k->b > e->b) - (k->b < e->b);
}

double ad_audit_role_score(const ad_audit *a, uint32_t x, uint32_t y)
{
	ad_pair key = {0};
	const ad_pair *p;

	if (!a->model->role_unit)
		return 0.0;
	if (x != y && a->model->role_unit[x] == a->model->role_unit[y])
		return ad_audit_agent_score(a, x, y); /* one variant cluster */
	x = a->model->role_unit[x];
	y = a->model->role_unit[y];
	key.a = x < y ? x : y;
	key.b = x < y ? y : x;
	p = bsearch(&key, a->model->role_pairs, a->model->nrole_pairs,
		    sizeof(key), by_pair);
	return p ? p->score : 0.0;
}

double ad_audit_description_score(const ad_audit *a, uint32_t x, uint32_t y)
{
	const ad_svec *v = a->model->vectors.descriptions;

	return ad_svec_dot(&v[x], &v[y]);
}

size_t ad_audit_description_evidence(const ad_audit *a, uint32_t *terms,
				     uint32_t x, uint32_t y)
{
	const ad_svec *v = a->model->vectors.descriptions;

	return ad_svec_top_terms(terms, AD_EVIDENCE_TERMS, &v[x], &v[y],
				 ad_collection_nterms(a->collection));
}

int ad_audit_jobs_apart(const ad_audit *a, uint32_t x, uint32_t y)
{
	return ad_job_subjects_apart(ad_audit_doc(a, x), ad_audit_doc(a, y));
}
