/*
 * report_json.c - the JSON contract. Fields are only ever added, never
 * renamed or removed (the summary level leaves some out, and says which
 * in "limits"); later versions extend each object in place.
 *
 * The report is written in order by one JSON writer, which hands it on
 * in chunks when the caller gives a sink, so it is never held whole and
 * is well formed by construction. Its size follows the agents, rules and
 * clusters: at the summary level every list that grows with pairs, or
 * with the places a rule is written, is cut at a cap (limits below, all
 * written in "limits"), and a list cut short is followed by the count of
 * what was left out, "<list>_omitted": N, and a pair holds its agents,
 * score and kinds of link, its evidence only in full (pairs grow with
 * the square of a family of forks). A cut list keeps the first
 * items of the whole list, in its order, except "overlap.sections",
 * which keeps its best-scored pairs (still in its order), and the
 * "merge" lists of a group's members, kept for the members that add the
 * most. The contract, agents, pairs and clusters with their members, is
 * whole at every level.
 */
#include "agentdup/report.h"

#include <stdint.h>
#include <stdlib.h>

#include "base/json.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "report/evidence.h"

/* The containers' layouts, which the writers below must agree on. */
#define ROOT AD_JSON_BLOCK(2, 0)
#define LIST AD_JSON_BLOCK(4, 2)  /* a list of the root */
#define OVERLAP LIST               /* "overlap", an object of the root */
#define OVERLAP_LIST AD_JSON_BLOCK(6, 4)

static const char *const rule_kinds[] = {"item", "step", "row"};

#define NO_CAP SIZE_MAX

/* The caps of one report (NO_CAP: the list is whole). */
typedef struct limits {
	ad_report_detail detail;
	int pair_evidence; /* a pair's evidence beyond its links */
	size_t pair_sections, aligned_pairs, aligned_sections, rule_groups,
		wordings, places, merge, merge_members, collisions;
	int jobs; /* threads writing the long lists (ad_report_opts) */
} limits;

static void limits_of(limits *l, const ad_report_opts *o)
{
	int full = o && o->detail == AD_DETAIL_FULL;

	l->detail = full ? AD_DETAIL_FULL : AD_DETAIL_SUMMARY;
	l->pair_evidence = full;
	l->pair_sections = full ? NO_CAP : AD_LIMIT_PAIR_SECTIONS;
	l->aligned_pairs = full ? NO_CAP : AD_LIMIT_ALIGNED_PAIRS;
	l->aligned_sections = full ? NO_CAP : AD_LIMIT_ALIGNED_SECTIONS;
	l->rule_groups = full ? NO_CAP : AD_LIMIT_RULE_GROUPS;
	l->wordings = full ? NO_CAP : AD_LIMIT_WORDINGS;
	l->places = full ? NO_CAP : AD_LIMIT_PLACES;
	l->merge = full ? NO_CAP : AD_LIMIT_MERGE;
	l->merge_members = full ? NO_CAP : AD_LIMIT_MERGE_MEMBERS;
	l->collisions = full ? NO_CAP : AD_LIMIT_COLLISIONS;
	l->jobs = o ? o->jobs : 0;
}

static size_t at_most(size_t n, size_t cap)
{
	return n < cap ? n : cap;
}

static void cap_value(ad_json *w, const char *key, size_t cap)
{
	ad_json_key(w, key);
	if (cap == NO_CAP)
		ad_json_null(w);
	else
		ad_json_uint(w, cap);
}

/* "limits": the level and each cap (null: none). */
static void limits_json(ad_json *w, const limits *l)
{
	ad_json_key(w, "limits");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "detail");
	ad_json_string(w, l->detail == AD_DETAIL_FULL ? "full" : "summary");
	ad_json_key(w, "pair_evidence");
	ad_json_bool(w, l->pair_evidence);
	cap_value(w, "pair_sections", l->pair_sections);
	cap_value(w, "aligned_pairs", l->aligned_pairs);
	cap_value(w, "aligned_sections", l->aligned_sections);
	cap_value(w, "rule_groups", l->rule_groups);
	cap_value(w, "wordings", l->wordings);
	cap_value(w, "places", l->places);
	cap_value(w, "merge", l->merge);
	cap_value(w, "merge_members", l->merge_members);
	cap_value(w, "collisions", l->collisions);
	ad_json_end(w);
}

/* key (a list's name and "_omitted"): n, after a list cut short by n
 * items; nothing after a whole list. */
static void omitted(ad_json *w, const char *key, size_t n)
{
	if (!n)
		return;
	ad_json_key(w, key);
	ad_json_uint(w, n);
}

/* ---- the long lists, written on worker threads ---- */

typedef struct list_job list_job;

/* Write item i of the list j describes into w. */
typedef void (*item_fn)(ad_json *w, const list_job *j, size_t i);

/* A list whose items are written a block at a time on worker threads,
 * each block by a writer of its own that resumes the list, and joined in
 * order (ad_parallel_write()): an item reads the audit only, so the bytes
 * are those one writer would write. */
struct list_job {
	const ad_audit *a;
	const limits *lim;
	const void *data; /* what else the items read (the list's own) */
	int outline;      /* agents: with their outlines */
	item_fn item;
	ad_json_layout layout;
};

static void list_block(void *ctx, ad_buf *out, size_t first, size_t end)
{
	const list_job *j = ctx;
	ad_json w;
	size_t i;

	ad_json_init(&w, out);
	ad_json_resume(&w, AD_JSON_ARRAY, j->layout, first > 0);
	for (i = first; i < end; i++)
		j->item(&w, j, i);
}

/* Items [0, n) of the array just opened in w with j->layout, `block` at
 * a time on worker threads, or by w itself on one. */
static void write_items(ad_json *w, list_job *j, size_t n, size_t block)
{
	int njobs = ad_parallel_jobs(j->lim->jobs, n, 2 * block);
	size_t i;

	if (njobs <= 1) {
		for (i = 0; i < n; i++)
			j->item(w, j, i);
		return;
	}
	ad_parallel_write(njobs, n, block, list_block, j, ad_json_append,
			  w);
	if (n)
		ad_json_took_items(w);
}

static void rule(ad_json *w, const ad_rule *r)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "line");
	ad_json_int(w, r->line);
	ad_json_key(w, "kind");
	ad_json_string(w, rule_kinds[r->kind]);
	ad_json_key(w, "depth");
	ad_json_int(w, r->depth);
	if (r->task >= 0) {
		ad_json_key(w, "task");
		ad_json_bool(w, r->task);
	}
	ad_json_key(w, "text");
	ad_json_string(w, r->text);
	ad_json_end(w);
}

static void pair_of_ints(ad_json *w, const char *key, long long x,
			 long long y)
{
	ad_json_key(w, key);
	ad_json_array(w, AD_JSON_INLINE);
	ad_json_int(w, x);
	ad_json_int(w, y);
	ad_json_end(w);
}

/* Each section with its line range and its rules, in file order. */
static void outline(ad_json *w, const ad_doc *d)
{
	size_t k;
	uint32_t r;

	ad_json_key(w, "outline");
	ad_json_array(w, AD_JSON_RUN(6));
	for (k = 0; k < d->nsections; k++) {
		const ad_section *s = &d->sections[k];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "path");
		ad_json_string(w, s->path);
		ad_json_key(w, "level");
		ad_json_int(w, s->level);
		pair_of_ints(w, "lines", s->line_start, s->line_end);
		ad_json_key(w, "rules");
		ad_json_array(w, AD_JSON_RUN(8));
		for (r = 0; r < s->nrules; r++)
			rule(w, &d->rules[s->first_rule + r]);
		ad_json_end(w);
		ad_json_end(w);
	}
	ad_json_end(w);
}

/* {"agents": n, "always": tokens, "body": tokens}: what c counts. */
static void cost(ad_json *w, const ad_cost *c)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "agents");
	ad_json_uint(w, c->agents);
	ad_json_key(w, "always");
	ad_json_uint(w, c->always);
	ad_json_key(w, "body");
	ad_json_uint(w, c->body);
	ad_json_end(w);
}

/* "cost": the collection's tokens, what keeping only the canonical of
 * each cluster saves, and what keeping one agent per role group as well
 * saves (each agent once). */
static void cost_totals(ad_json *w, const ad_audit *a)
{
	ad_json_key(w, "cost");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "agents");
	ad_json_uint(w, a->costs.all.agents);
	ad_json_key(w, "always");
	ad_json_uint(w, a->costs.all.always);
	ad_json_key(w, "body");
	ad_json_uint(w, a->costs.all.body);
	ad_json_key(w, "saved");
	cost(w, &a->costs.saved);
	ad_json_key(w, "saved_with_roles");
	cost(w, &a->costs.saved_with_roles);
	ad_json_end(w);
}

static void agent(ad_json *w, const ad_doc *d, int with_outline)
{
	size_t k;

	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "path");
	ad_json_string(w, d->path);
	ad_json_key(w, "name");
	ad_json_string(w, d->name);
	ad_json_key(w, "description");
	ad_json_string(w, d->fm.description);
	ad_json_key(w, "identity");
	ad_json_string(w, d->identity);
	ad_json_key(w, "kind");
	ad_json_string(w, ad_doc_kind_name(d->kind));
	ad_json_key(w, "resources");
	ad_json_uint(w, d->resources);
	ad_json_key(w, "sections");
	ad_json_uint(w, d->nsections);
	ad_json_key(w, "rules");
	ad_json_uint(w, d->nrules);
	ad_json_key(w, "warnings");
	ad_json_array(w, AD_JSON_INLINE);
	for (k = 0; k < d->nwarnings; k++)
		ad_json_string(w, d->warnings[k]);
	ad_json_end(w);
	ad_json_key(w, "tokens");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "always");
	ad_json_uint(w, d->tokens_always);
	ad_json_key(w, "body");
	ad_json_uint(w, d->tokens_body);
	ad_json_end(w);
	if (with_outline)
		outline(w, d);
	ad_json_end(w);
}

static void agent_item(ad_json *w, const list_job *j, size_t i)
{
	agent(w, ad_audit_doc(j->a, i), j->outline);
}

static void agents(ad_json *w, const ad_audit *a, int with_outline,
		   const limits *lim)
{
	list_job j = {a, lim, NULL, with_outline, agent_item, LIST};

	ad_json_key(w, "agents");
	ad_json_array(w, LIST);
	write_items(w, &j, a->collection->ndocs, with_outline ? 16 : 256);
	ad_json_end(w);
}

static void link_kind(ad_json *w, unsigned kind)
{
	unsigned k;

	ad_json_key(w, "links");
	ad_json_array(w, AD_JSON_INLINE);
	for (k = 0; k < AD_LINK_NKINDS; k++)
		if (kind & (1u << k))
			ad_json_string(w, ad_link_kind_name(1u << k));
	ad_json_end(w);
}

static void rule_ref(ad_json *w, const ad_audit *a, uint32_t r)
{
	const ad_rule *rl = ad_audit_rule(a, r);

	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "line");
	ad_json_int(w, rl->line);
	ad_json_key(w, "text");
	ad_json_string(w, rl->text);
	ad_json_end(w);
}

/* "sections": the aligned sections m[0..total) of a pair of agents, with
 * evidence. */
static void matches(ad_json *w, const ad_audit *a, const ad_section_match *ms,
		    size_t total, size_t cap)
{
	size_t k, n = at_most(total, cap);

	ad_json_key(w, "sections");
	ad_json_array(w, AD_JSON_RUN(8));
	for (k = 0; k < n; k++) {
		const ad_section_match *m = &ms[k];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "a");
		ad_evidence_section_json(w, a, m->a);
		ad_json_key(w, "b");
		ad_evidence_section_json(w, a, m->b);
		ad_json_key(w, "score");
		ad_json_score(w, m->score);
		ad_json_key(w, "evidence");
		ad_evidence_sections_json(w, a, m->a, m->b);
		ad_json_end(w);
	}
	ad_json_end(w);
	omitted(w, "sections_omitted", total - n);
}

/* "sections" of agents x and y, kept by the audit or aligned now. */
static void pair_sections(ad_json *w, const ad_audit *a, uint32_t x,
			  uint32_t y, size_t cap)
{
	ad_section_match *m;
	size_t n = ad_audit_section_matches(a, x, y, &m);

	matches(w, a, m, n, cap);
	free(m);
}

/* "sections" of an alignment al (may be NULL: none) of the audit. */
static void aligned(ad_json *w, const ad_audit *a, const ad_alignment *al,
		    size_t cap)
{
	if (!al)
		matches(w, a, NULL, 0, cap);
	else if (ad_alignment_held(al))
		matches(w, a, &a->alignments.matches[al->first], al->n, cap);
	else
		pair_sections(w, a, al->a, al->b, cap);
}

/* "a" and "b": the paths of agents x and y. */
static void agent_pair(ad_json *w, const ad_audit *a, uint32_t x, uint32_t y)
{
	ad_json_key(w, "a");
	ad_json_string(w, ad_audit_doc(a, x)->path);
	ad_json_key(w, "b");
	ad_json_string(w, ad_audit_doc(a, y)->path);
}

/* What the two say their job is, and what they share beyond a
 * template: "same_name", "description" (null when the descriptions cannot
 * be compared) and "exclusive_groups". */
static void job_evidence(ad_json *w, const ad_link *l)
{
	ad_json_key(w, "same_name");
	ad_json_bool(w, l->same_name);
	ad_json_key(w, "description");
	if (l->description < 0.0)
		ad_json_null(w);
	else
		ad_json_fixed(w, l->description, 4);
	ad_json_key(w, "exclusive_groups");
	ad_json_uint(w, l->exclusive_groups);
}

static void pair_item(ad_json *w, const list_job *j, size_t i)
{
	const ad_audit *a = j->a;
	const ad_link *l = &a->links.list[i];

	ad_json_object(w, AD_JSON_INLINE);
	agent_pair(w, a, l->a, l->b);
	ad_json_key(w, "score");
	ad_json_fixed(w, l->score, 4);
	link_kind(w, l->kind);
	if (j->lim->pair_evidence) {
		ad_link_fewer f = ad_links_fewer(&a->links, l);

		pair_of_ints(w, "headings", l->shared_headings, f.headings);
		pair_of_ints(w, "rule_groups", l->shared_groups, f.groups);
		job_evidence(w, l);
		pair_sections(w, a, l->a, l->b, j->lim->pair_sections);
	}
	ad_json_end(w);
}

static void pairs(ad_json *w, const ad_audit *a, const limits *lim)
{
	list_job j = {a, lim, NULL, 0, pair_item, LIST};

	ad_json_key(w, "pairs");
	ad_json_array(w, LIST);
	write_items(w, &j, a->links.n, lim->pair_evidence ? 64 : 1024);
	ad_json_end(w);
}

/* "merge": what a member has that the canonical lacks. */
static void merge(ad_json *w, const ad_audit *a, const ad_merge *m,
		  const limits *lim)
{
	size_t k, nr = at_most(m->nrules, lim->merge),
		  ns = at_most(m->nsections, lim->merge);

	ad_json_key(w, "merge");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "rules");
	ad_json_array(w, AD_JSON_INLINE);
	for (k = 0; k < nr; k++)
		rule_ref(w, a, m->rules[k]);
	ad_json_end(w);
	omitted(w, "rules_omitted", m->nrules - nr);
	ad_json_key(w, "sections");
	ad_json_array(w, AD_JSON_INLINE);
	for (k = 0; k < ns; k++)
		ad_evidence_section_json(w, a, m->sections[k]);
	ad_json_end(w);
	omitted(w, "sections_omitted", m->nsections - ns);
	ad_json_end(w);
}

/* A role group's "cost": what keeping its kept member saves, and under
 * "beyond_clusters" the part no cluster saves. */
static void role_cost(ad_json *w, const ad_role_cost *c)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "agents");
	ad_json_uint(w, c->others.agents);
	ad_json_key(w, "always");
	ad_json_uint(w, c->others.always);
	ad_json_key(w, "body");
	ad_json_uint(w, c->others.body);
	ad_json_key(w, "beyond_clusters");
	cost(w, &c->beyond);
	ad_json_end(w);
}

/* How much member k of a plan adds: its rules and sections. */
static size_t adds(const ad_cluster_plan *pl, uint32_t k)
{
	return pl->merge[k].nrules + pl->merge[k].nsections;
}

/* Which members other than the kept one (k >= 1) of c show "merge":
 * all of them, or the cap of them that add the most (the first in order
 * on ties); malloc'd flags, per member. */
static uint8_t *shown_merges(const ad_cluster *c, const ad_cluster_plan *pl,
			     size_t cap)
{
	uint8_t *shown = ad_xcalloc((size_t)c->n + 1, 1);
	size_t picked;
	uint32_t k;

	for (k = 1; k < c->n; k++)
		shown[k] = c->n - 1 <= cap;
	for (picked = 0; c->n - 1 > cap && picked < cap; picked++) {
		uint32_t best = 0;

		for (k = 1; k < c->n; k++)
			if (!shown[k] && (!best || adds(pl, k) > adds(pl, best)))
				best = k;
		shown[best] = 1;
	}
	return shown;
}

/* A cluster, or a role group (rc set): the kept member, why, its cost,
 * the members with what each adds (at the summary level only the members
 * that add the most; "merge_omitted" counts the others). */
static void cluster(ad_json *w, const ad_audit *a, const ad_cluster *c,
		    const ad_cluster_plan *pl, const ad_cost *saved,
		    const ad_role_cost *rc, const limits *lim)
{
	uint8_t *shown = shown_merges(c, pl, lim->merge_members);
	uint32_t k, left = 0;

	ad_json_object(w, AD_JSON_WRAP(6));
	ad_json_key(w, "canonical");
	ad_json_string(w, ad_audit_doc(a, c->canonical)->path);
	ad_json_key(w, "reason");
	ad_json_string(w, pl->reason);
	ad_json_key(w, "why");
	ad_json_string(w, pl->why);
	ad_json_key(w, "cost");
	if (rc)
		role_cost(w, rc);
	else
		cost(w, saved);
	ad_json_break(w);
	ad_json_key(w, "members");
	ad_json_array(w, AD_JSON_RUN(8));
	for (k = 0; k < c->n; k++) {
		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "path");
		ad_json_string(w, ad_audit_doc(a, c->members[k])->path);
		ad_json_key(w, "score");
		ad_json_score(w, c->scores[k]);
		if (k && pl->merge[k].variant_of) {
			ad_json_key(w, "variant_of");
			ad_json_string(w, ad_audit_doc(a, c->members[
				pl->merge[k].variant_of - 1])->path);
		}
		if (k && shown[k])
			merge(w, a, &pl->merge[k], lim);
		left += k && !shown[k];
		ad_json_end(w);
	}
	ad_json_end(w);
	omitted(w, "merge_omitted", left);
	ad_json_end(w);
	free(shown);
}

static void cluster_item(ad_json *w, const list_job *j, size_t i)
{
	const ad_audit *a = j->a;

	cluster(w, a, &a->clustering.clusters[i], &a->plan.clusters[i],
		&a->costs.clusters[i], NULL, j->lim);
}

static void clusters(ad_json *w, const ad_audit *a, const limits *lim)
{
	list_job j = {a, lim, NULL, 0, cluster_item, LIST};

	ad_json_key(w, "clusters");
	ad_json_array(w, LIST);
	write_items(w, &j, a->clustering.n, 32);
	ad_json_end(w);
}

static void role_item(ad_json *w, const list_job *j, size_t i)
{
	const ad_audit *a = j->a;

	cluster(w, a, &a->roles.clusters[i], &a->role_plan.clusters[i], NULL,
		&a->costs.roles[i], j->lim);
}

/* Role groups: written as clusters are (the kept member, why, what
 * keeping it saves, the members with what each adds). */
static void roles(ad_json *w, const ad_audit *a, const limits *lim)
{
	list_job j = {a, lim, NULL, 0, role_item, LIST};

	ad_json_key(w, "roles");
	ad_json_array(w, LIST);
	write_items(w, &j, a->roles.n, 8);
	ad_json_end(w);
}

/* A template family: the skeleton once (headings as sections of its
 * first member, the count of rule groups), then each member and its job. */
static void template_family(ad_json *w, const ad_audit *a,
			    const ad_template_family *f)
{
	const ad_templates *t = &a->templates;
	uint32_t k;

	ad_json_object(w, AD_JSON_WRAP(6));
	ad_json_key(w, "quorum");
	ad_json_uint(w, f->quorum);
	ad_json_key(w, "rule_groups");
	ad_json_uint(w, f->rule_groups);
	ad_json_key(w, "headings");
	ad_json_array(w, AD_JSON_INLINE);
	for (k = 0; k < f->nheadings; k++)
		ad_json_string(w, ad_audit_section(
				       a, t->headings[f->first_heading + k])->title);
	ad_json_end(w);
	ad_json_break(w);
	ad_json_key(w, "members");
	ad_json_array(w, AD_JSON_RUN(8));
	for (k = 0; k < f->n; k++) {
		const ad_doc *d = ad_audit_doc(a, t->members[f->first + k]);

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "path");
		ad_json_string(w, d->path);
		ad_json_key(w, "name");
		ad_json_string(w, d->name);
		ad_json_key(w, "job");
		ad_json_string(w, d->fm.description);
		ad_json_end(w);
	}
	ad_json_end(w);
	ad_json_end(w);
}

static void template_families(ad_json *w, const ad_audit *a)
{
	size_t i;

	ad_json_key(w, "template_families");
	ad_json_array(w, LIST);
	for (i = 0; i < a->templates.n; i++)
		template_family(w, a, &a->templates.families[i]);
	ad_json_end(w);
}

/* Pairs by their place in the list (ad_ranked.key). */
static int by_key(const void *x, const void *y)
{
	const ad_ranked *p = x, *q = y;

	return (p->key > q->key) - (p->key < q->key);
}

/* The places of the (at most lim->aligned_pairs) pairs of agents with
 * aligned sections whose agents score highest, in the list's order, in
 * *out (free() it); returns how many. */
static size_t best_alignments(const ad_audit *a, const limits *lim,
			      ad_ranked **out)
{
	size_t i, n = a->alignments.npairs, cap = lim->aligned_pairs;
	ad_ranked *r = ad_xmalloc(((cap < n ? cap : n) + 1) * sizeof(*r));
	double *score;

	if (cap >= n) {
		for (i = 0; i < n; i++) {
			r[i].score = 0;
			r[i].key = i;
		}
		*out = r;
		return n;
	}
	score = ad_audit_alignment_scores(a, lim->jobs);
	ad_best_scores(r, score, n, cap);
	free(score);
	qsort(r, cap, sizeof(*r), by_key);
	*out = r;
	return cap;
}

/* Pair kept[i] (data: the ranked kept) of "overlap.sections". */
static void alignment_item(ad_json *w, const list_job *j, size_t i)
{
	const ad_ranked *kept = j->data;
	const ad_audit *a = j->a;
	const ad_alignment *al = &a->alignments.pairs[kept[i].key];

	ad_json_object(w, AD_JSON_INLINE);
	agent_pair(w, a, al->a, al->b);
	ad_json_key(w, "score");
	ad_json_score(w, ad_audit_agent_score(a, al->a, al->b));
	aligned(w, a, al, j->lim->aligned_sections);
	ad_json_end(w);
}

/* "overlap.sections": agent pairs with aligned sections, with evidence. */
static void alignments(ad_json *w, const ad_audit *a, const limits *lim)
{
	ad_ranked *kept;
	size_t n = best_alignments(a, lim, &kept);
	list_job j = {a, lim, kept, 0, alignment_item, OVERLAP_LIST};

	ad_json_key(w, "sections");
	ad_json_array(w, OVERLAP_LIST);
	write_items(w, &j, n, 16);
	ad_json_end(w);
	omitted(w, "sections_omitted", a->alignments.npairs - n);
	free(kept);
}

/* Where rule r is written: {"path": ..., "line": ...}. */
static void rule_at(ad_json *w, const ad_audit *a, uint32_t r)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "path");
	ad_json_string(w, ad_audit_doc(a, ad_audit_rule_doc(a, r))->path);
	ad_json_key(w, "line");
	ad_json_int(w, ad_audit_rule(a, r)->line);
	ad_json_end(w);
}

/* The end of the run of rules of one wording that starts at k. */
static uint32_t run_end(const uint64_t *scratch, uint32_t k, uint32_t n)
{
	uint32_t e = k + 1;

	while (e < n && scratch[e] >> 32 == scratch[k] >> 32)
		e++;
	return e;
}

/* One wording, the rules scratch[k, e) of a group, with where each is
 * written. */
static void wording(ad_json *w, const ad_audit *a, const uint64_t *scratch,
		    uint32_t k, uint32_t e, const limits *lim)
{
	size_t i, n = at_most(e - k, lim->places);

	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "text");
	ad_json_string(w, ad_audit_rule(a, (uint32_t)scratch[k])->text);
	ad_json_key(w, "at");
	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < n; i++)
		rule_at(w, a, (uint32_t)scratch[k + i]);
	ad_json_end(w);
	omitted(w, "at_omitted", e - k - n);
	ad_json_end(w);
}

/* Each wording of a group, with where it is written; scratch holds the
 * group's rules sorted by wording. */
static void wordings(ad_json *w, const ad_audit *a, const uint64_t *scratch,
		     uint32_t n, const limits *lim)
{
	size_t shown = 0, left = 0;
	uint32_t k, e;

	ad_json_key(w, "wordings");
	ad_json_array(w, AD_JSON_RUN(10));
	for (k = 0; k < n; k = e) {
		e = run_end(scratch, k, n);
		if (shown < lim->wordings) {
			wording(w, a, scratch, k, e, lim);
			shown++;
		} else {
			left++;
		}
	}
	ad_json_end(w);
	omitted(w, "wordings_omitted", left);
}

/* One group: its agents, then each wording with where it is written. */
static void group(ad_json *w, const ad_audit *a, const ad_rule_group *g,
		  const limits *lim)
{
	uint64_t *scratch = ad_xmalloc(((size_t)g->n + 1) * sizeof(*scratch));
	uint32_t k;

	ad_json_object(w, AD_JSON_WRAP(8));
	ad_json_key(w, "agents");
	ad_json_uint(w, g->nagents);
	ad_json_key(w, "boilerplate");
	ad_json_bool(w, g->boilerplate);
	ad_json_key(w, "path");
	ad_json_string(w,
		       ad_audit_doc(a, ad_audit_rule_doc(a, g->center))->path);
	ad_json_key(w, "rule");
	rule_ref(w, a, g->center);
	for (k = 0; k < g->n; k++) {
		uint32_t r = a->inventory.members[g->first + k];
		scratch[k] = (uint64_t)ad_audit_rule_form(a, r) << 32 | r;
	}
	ad_sort_u64(scratch, g->n); /* by wording, then rule */
	ad_json_break(w);
	wordings(w, a, scratch, g->n, lim);
	ad_json_end(w);
	free(scratch);
}

static void group_item(ad_json *w, const list_job *j, size_t i)
{
	group(w, j->a, &j->a->inventory.groups[i], j->lim);
}

/* "overlap.rules": the rule inventory (groups carried by two agents or
 * more), most carried first, with the thresholds before it. */
static void inventory(ad_json *w, const ad_audit *a, const limits *lim)
{
	size_t n = at_most(a->inventory.nshared, lim->rule_groups);
	list_job j = {a, lim, NULL, 0, group_item, OVERLAP_LIST};

	ad_json_key(w, "rule_threshold");
	ad_json_fixed(w, a->settings.rule_threshold, 4);
	ad_json_join(w);
	ad_json_key(w, "section_threshold");
	ad_json_fixed(w, a->settings.section_threshold, 4);
	ad_json_key(w, "rules");
	ad_json_array(w, OVERLAP_LIST);
	write_items(w, &j, n, 16);
	ad_json_end(w);
	omitted(w, "rules_omitted", a->inventory.nshared - n);
}

static void collisions(ad_json *w, const ad_audit *a, const limits *lim)
{
	size_t i, n = at_most(a->collisions.n, lim->collisions);
	char detail[AD_COLLISION_DETAIL_MAX];

	ad_json_key(w, "collisions");
	ad_json_array(w, LIST);
	for (i = 0; i < n; i++) {
		const ad_collision *c = &a->collisions.list[i];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "kind");
		ad_json_string(w, ad_collision_kind_name(c->kind));
		agent_pair(w, a, c->a, c->b);
		ad_json_key(w, "score");
		ad_json_fixed(w, c->score, 4);
		ad_json_key(w, "detail");
		ad_json_string(w, ad_audit_collision_detail(a, c, detail,
							     sizeof(detail)));
		ad_json_end(w);
	}
	ad_json_end(w);
	omitted(w, "collisions_omitted", a->collisions.n - n);
}

static void routing_group(ad_json *w, const ad_audit *a,
			  const ad_routing_group *g, const uint32_t *cluster_of)
{
	const ad_routing *r = &a->routing;
	uint32_t k;

	ad_json_object(w, AD_JSON_WRAP(8));
	ad_json_key(w, "centre");
	ad_json_string(w, ad_audit_doc(a, r->members[g->first])->path);
	ad_json_key(w, "low");
	ad_json_fixed(w, g->low, 4);
	ad_json_key(w, "high");
	ad_json_fixed(w, g->high, 4);
	ad_json_break(w);
	ad_json_key(w, "terms");
	ad_json_array(w, AD_JSON_INLINE);
	for (k = 0; k < g->nterms; k++)
		ad_json_string(w, ad_collection_word(a->collection,
						     r->terms[g->first_term + k]));
	ad_json_end(w);
	ad_json_break(w);
	ad_json_key(w, "members");
	ad_json_array(w, AD_JSON_RUN(10));
	for (k = 0; k < g->n; k++) {
		uint32_t m = r->members[g->first + k], c = cluster_of[m];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "path");
		ad_json_string(w, ad_audit_doc(a, m)->path);
		ad_json_key(w, "name");
		ad_json_string(w, ad_audit_doc(a, m)->name);
		ad_json_key(w, "score");
		ad_json_score(w, r->scores[g->first + k]);
		ad_json_key(w, "variants");
		ad_json_uint(w, c ? a->clustering.clusters[c - 1].n - 1 : 0);
		ad_json_key(w, "role");
		if (r->roles[g->first + k])
			ad_json_uint(w, r->roles[g->first + k]);
		else
			ad_json_null(w);
		ad_json_end(w);
	}
	ad_json_end(w);
	ad_json_end(w);
}

/* Agents whose descriptions compete for the same requests. */
static void routing(ad_json *w, const ad_audit *a)
{
	const ad_routing *r = &a->routing;
	uint32_t *cluster_of =
		ad_clustering_index(&a->clustering, a->collection->ndocs);
	size_t i;

	ad_json_key(w, "routing");
	ad_json_object(w, LIST);
	ad_json_key(w, "threshold");
	ad_json_fixed(w, r->threshold, 4);
	ad_json_join(w);
	ad_json_key(w, "compared");
	ad_json_uint(w, r->nrouted);
	ad_json_join(w);
	ad_json_key(w, "pairs");
	ad_json_uint(w, r->npairs);
	ad_json_key(w, "groups");
	ad_json_array(w, OVERLAP_LIST);
	for (i = 0; i < r->n; i++)
		routing_group(w, a, &r->groups[i], cluster_of);
	ad_json_end(w);
	ad_json_end(w);
	free(cluster_of);
}

static void problems(ad_json *w, const ad_audit *a)
{
	size_t i;

	ad_json_key(w, "problems");
	ad_json_array(w, LIST);
	for (i = 0; i < a->collection->nproblems; i++) {
		const ad_problem *p = &a->collection->problems[i];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "severity");
		ad_json_string(w,
			       p->severity == AD_SEV_ERROR ? "error" : "warning");
		ad_json_key(w, "path");
		ad_json_string(w, p->path);
		ad_json_key(w, "line"); /* null: none (the file, not a line) */
		if (p->line)
			ad_json_int(w, p->line);
		else
			ad_json_null(w);
		ad_json_key(w, "message");
		ad_json_string(w, p->msg);
		ad_json_end(w);
	}
	ad_json_end(w);
}

/* The head: counts, limits, agents, pairs, clusters, roles and
 * template families. */
static void head(ad_json *w, const ad_audit *a, int outline,
		 const limits *lim)
{
	const ad_collection *c = a->collection;

	ad_json_object(w, ROOT);
	ad_json_key(w, "version");
	ad_json_int(w, 1);
	ad_json_key(w, "threshold");
	ad_json_fixed(w, a->settings.threshold, 4);
	ad_json_join(w);
	link_kind(w, a->settings.link_kinds);
	ad_json_key(w, "files");
	ad_json_uint(w, c->nfiles);
	ad_json_join(w);
	ad_json_key(w, "skipped");
	ad_json_uint(w, c->nskipped);
	ad_json_join(w);
	ad_json_key(w, "sections");
	ad_json_uint(w, c->at.nsections);
	ad_json_join(w);
	ad_json_key(w, "rules");
	ad_json_uint(w, c->at.nrules);
	ad_json_join(w);
	ad_json_key(w, "warnings");
	ad_json_uint(w, c->nwarnings);
	ad_json_join(w);
	cost_totals(w, a);
	limits_json(w, lim);
	agents(w, a, outline, lim);
	pairs(w, a, lim);
	clusters(w, a, lim);
	roles(w, a, lim);
	template_families(w, a);
}

void ad_report_audit_json(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts)
{
	limits lim;
	ad_json w;

	limits_of(&lim, opts);
	ad_json_init(&w, out);
	if (opts && opts->sink)
		ad_json_stream(&w, opts->sink, opts->sink_ctx);
	head(&w, audit, opts && opts->outline, &lim);
	ad_json_key(&w, "overlap");
	ad_json_object(&w, OVERLAP);
	alignments(&w, audit, &lim);
	inventory(&w, audit, &lim);
	ad_json_end(&w);
	collisions(&w, audit, &lim);
	routing(&w, audit);
	problems(&w, audit);
	ad_json_end(&w);
}
