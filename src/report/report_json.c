/*
 * report_json.c - the JSON contract. Fields are only ever added, never
 * renamed or removed; later versions extend each object in place.
 */
#include "agentdup/report.h"

#include <stdatomic.h>

#include <stdlib.h>

#include "base/json.h"
#include "base/parallel.h"
#include "report/evidence.h"

/* The containers' layouts, which the pieces below must agree on. */
#define ROOT AD_JSON_BLOCK(2, 0)
#define LIST AD_JSON_BLOCK(4, 2)  /* a list of the root */
#define OVERLAP LIST               /* "overlap", an object of the root */
#define OVERLAP_LIST AD_JSON_BLOCK(6, 4)

static const char *const rule_kinds[] = {"item", "step", "row"};

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
	if (with_outline)
		outline(w, d);
	ad_json_end(w);
}

static void agents(ad_json *w, const ad_audit *a, int with_outline)
{
	size_t i;

	ad_json_key(w, "agents");
	ad_json_array(w, LIST);
	for (i = 0; i < a->collection->ndocs; i++)
		agent(w, ad_audit_doc(a, i), with_outline);
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

/* "sections": the aligned sections of a pair of agents, with evidence. */
static void aligned(ad_json *w, const ad_audit *a, const ad_alignment *al)
{
	uint32_t k;

	ad_json_key(w, "sections");
	ad_json_array(w, AD_JSON_RUN(8));
	for (k = 0; al && k < al->n; k++) {
		const ad_section_match *m = &a->alignments.matches[al->first + k];

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

static void pairs(ad_json *w, const ad_audit *a)
{
	size_t i;

	ad_json_key(w, "pairs");
	ad_json_array(w, LIST);
	for (i = 0; i < a->links.n; i++) {
		const ad_link *l = &a->links.list[i];

		ad_json_object(w, AD_JSON_INLINE);
		agent_pair(w, a, l->a, l->b);
		ad_json_key(w, "score");
		ad_json_fixed(w, l->score, 4);
		link_kind(w, l->kind);
		pair_of_ints(w, "headings", l->shared_headings,
			     l->fewer_headings);
		pair_of_ints(w, "rule_groups", l->shared_groups,
			     l->fewer_groups);
		job_evidence(w, l);
		aligned(w, a, ad_audit_alignment(a, l->a, l->b));
		ad_json_end(w);
	}
	ad_json_end(w);
}

/* "merge": what a member has that the canonical lacks. */
static void merge(ad_json *w, const ad_audit *a, const ad_merge *m)
{
	uint32_t k;

	ad_json_key(w, "merge");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "rules");
	ad_json_array(w, AD_JSON_INLINE);
	for (k = 0; k < m->nrules; k++)
		rule_ref(w, a, m->rules[k]);
	ad_json_end(w);
	ad_json_key(w, "sections");
	ad_json_array(w, AD_JSON_INLINE);
	for (k = 0; k < m->nsections; k++)
		ad_evidence_section_json(w, a, m->sections[k]);
	ad_json_end(w);
	ad_json_end(w);
}

static void cluster(ad_json *w, const ad_audit *a, const ad_cluster *c,
		    const ad_cluster_plan *pl)
{
	uint32_t k;

	ad_json_object(w, AD_JSON_WRAP(6));
	ad_json_key(w, "canonical");
	ad_json_string(w, ad_audit_doc(a, c->canonical)->path);
	ad_json_key(w, "reason");
	ad_json_string(w, pl->reason);
	ad_json_key(w, "why");
	ad_json_string(w, pl->why);
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
		if (k)
			merge(w, a, &pl->merge[k]);
		ad_json_end(w);
	}
	ad_json_end(w);
	ad_json_end(w);
}

static void clusters(ad_json *w, const ad_audit *a)
{
	size_t i;

	ad_json_key(w, "clusters");
	ad_json_array(w, LIST);
	for (i = 0; i < a->clustering.n; i++)
		cluster(w, a, &a->clustering.clusters[i], &a->plan.clusters[i]);
	ad_json_end(w);
}

/* Role groups: written as clusters are (the kept member, why, the
 * members with what each adds). */
static void roles(ad_json *w, const ad_audit *a)
{
	size_t i;

	ad_json_key(w, "roles");
	ad_json_array(w, LIST);
	for (i = 0; i < a->roles.n; i++)
		cluster(w, a, &a->roles.clusters[i], &a->role_plan.clusters[i]);
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

/* "overlap": every agent pair with aligned sections, and the rule
 * inventory (groups carried by two agents or more). */
/* Items [lo, hi) of "overlap.sections", with the list's head when lo is
 * 0 and its end when hi is the last. */
static void alignments(ad_json *w, const ad_audit *a, size_t lo, size_t hi)
{
	size_t i;

	if (lo == 0) {
		ad_json_key(w, "sections");
		ad_json_array(w, OVERLAP_LIST);
	}
	for (i = lo; i < hi; i++) {
		const ad_alignment *al = &a->alignments.pairs[i];

		ad_json_object(w, AD_JSON_INLINE);
		agent_pair(w, a, al->a, al->b);
		ad_json_key(w, "score");
		ad_json_score(w, ad_audit_agent_score(a, al->a, al->b));
		aligned(w, a, al);
		ad_json_end(w);
	}
	if (hi == a->alignments.npairs)
		ad_json_end(w);
}

static int by_form(const void *x, const void *y)
{
	const uint64_t *p = x, *q = y;

	return (*p > *q) - (*p < *q);
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

/* Each wording of a group, with where it is written; scratch holds the
 * group's rules sorted by wording. */
static void wordings(ad_json *w, const ad_audit *a, const uint64_t *scratch,
		     uint32_t n)
{
	uint32_t k;

	ad_json_key(w, "wordings");
	ad_json_array(w, AD_JSON_RUN(10));
	for (k = 0; k < n; k++) {
		uint32_t r = (uint32_t)scratch[k];

		if (k == 0 || scratch[k] >> 32 != scratch[k - 1] >> 32) {
			if (k) {
				ad_json_end(w); /* "at" */
				ad_json_end(w); /* the wording before */
			}
			ad_json_object(w, AD_JSON_INLINE);
			ad_json_key(w, "text");
			ad_json_string(w, ad_audit_rule(a, r)->text);
			ad_json_key(w, "at");
			ad_json_array(w, AD_JSON_INLINE);
		}
		rule_at(w, a, r);
	}
	if (n) {
		ad_json_end(w);
		ad_json_end(w);
	}
	ad_json_end(w);
}

/* One group: its agents, then each wording with where it is written.
 * scratch holds g->n entries. */
static void group(ad_json *w, const ad_audit *a, const ad_rule_group *g,
		  uint64_t *scratch)
{
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
	qsort(scratch, g->n, sizeof(*scratch), by_form);
	ad_json_break(w);
	wordings(w, a, scratch, g->n);
	ad_json_end(w);
}

/* Groups [lo, hi) of "overlap.rules", as alignments() does. */
static void inventory(ad_json *w, const ad_audit *a, size_t lo, size_t hi)
{
	uint64_t *scratch = NULL;
	size_t i, cap = 0;

	if (lo == 0) {
		ad_json_key(w, "rule_threshold");
		ad_json_fixed(w, a->settings.rule_threshold, 4);
		ad_json_join(w);
		ad_json_key(w, "section_threshold");
		ad_json_fixed(w, a->settings.section_threshold, 4);
		ad_json_key(w, "rules");
		ad_json_array(w, OVERLAP_LIST);
	}
	for (i = lo; i < hi; i++) {
		const ad_rule_group *g = &a->inventory.groups[i];

		if (g->n > cap) {
			cap = g->n;
			scratch = ad_xrealloc(scratch, cap * sizeof(*scratch));
		}
		group(w, a, g, scratch);
	}
	free(scratch);
	if (hi == a->inventory.nshared)
		ad_json_end(w);
}

static void collisions(ad_json *w, const ad_audit *a)
{
	size_t i;

	ad_json_key(w, "collisions");
	ad_json_array(w, LIST);
	for (i = 0; i < a->collisions.n; i++) {
		const ad_collision *c = &a->collisions.list[i];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "kind");
		ad_json_string(w, ad_collision_kind_name(c->kind));
		agent_pair(w, a, c->a, c->b);
		ad_json_key(w, "score");
		ad_json_fixed(w, c->score, 4);
		ad_json_key(w, "detail");
		ad_json_string(w, c->detail);
		ad_json_end(w);
	}
	ad_json_end(w);
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
		ad_json_key(w, "line");
		ad_json_int(w, p->line);
		ad_json_key(w, "message");
		ad_json_string(w, p->msg);
		ad_json_end(w);
	}
	ad_json_end(w);
}

/*
 * The report is written in pieces on worker threads, then joined in
 * order, so the bytes do not depend on the threads: the head (counts,
 * agents, pairs, clusters), ranges of the two long lists of "overlap",
 * and the tail (collisions, problems). Each piece has a JSON writer of
 * its own, which takes up the containers the pieces before it left open
 * (ad_json_resume()).
 */
enum { HEAD, SECTIONS, RULES, TAIL };
#define RANGES 8 /* pieces per long list */

typedef struct piece {
	int kind;
	size_t lo, hi;
	ad_buf buf;
} piece;

typedef struct job {
	const ad_audit *a;
	int outline;
	piece *pieces;
	size_t n;
	atomic_size_t next;
} job;

static void head(ad_json *w, const ad_audit *a, int outline)
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
	agents(w, a, outline);
	pairs(w, a);
	clusters(w, a);
	roles(w, a);
	template_families(w, a);
	ad_json_key(w, "overlap");
	ad_json_object(w, OVERLAP);
}

/* The tail: the end of "overlap", collisions and problems. */
static void tail(ad_json *w, const ad_audit *a)
{
	ad_json_end(w);
	collisions(w, a);
	problems(w, a);
	ad_json_end(w);
}

/* Each piece after the head takes up the root and "overlap", which the
 * head opened; a piece inside a list, the list too. */
static void write_piece(const job *j, piece *p)
{
	const ad_audit *a = j->a;
	ad_json w;

	ad_json_init(&w, &p->buf);
	if (p->kind == HEAD) {
		head(&w, a, j->outline);
		return;
	}
	ad_json_resume(&w, AD_JSON_OBJECT, ROOT, 1);
	ad_json_resume(&w, AD_JSON_OBJECT, OVERLAP,
		       p->kind != SECTIONS || p->lo > 0);
	if (p->lo > 0)
		ad_json_resume(&w, AD_JSON_ARRAY, OVERLAP_LIST, 1);
	if (p->kind == SECTIONS)
		alignments(&w, a, p->lo, p->hi);
	else if (p->kind == RULES)
		inventory(&w, a, p->lo, p->hi);
	else
		tail(&w, a);
}

static void write_work(void *ctx, int worker)
{
	job *j = ctx;
	size_t i;

	(void)worker;
	while ((i = ad_parallel_next(&j->next, j->n, 1)) < j->n)
		write_piece(j, &j->pieces[i]);
}

/* Cut [0, n) into RANGES pieces of kind (one, empty, when n is 0). */
static void cut(job *j, int kind, size_t n)
{
	size_t k, parts = n < RANGES ? 1 : RANGES;

	for (k = 0; k < parts; k++) {
		piece *p = &j->pieces[j->n++];

		p->kind = kind;
		p->lo = n * k / parts;
		p->hi = n * (k + 1) / parts;
		ad_buf_init(&p->buf);
	}
}

void ad_report_audit_json(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts)
{
	piece pieces[2 * RANGES + 2];
	job j;
	size_t i, len = 0;

	j.a = audit;
	j.outline = opts && opts->outline;
	j.pieces = pieces;
	j.n = 0;
	atomic_init(&j.next, 0);
	cut(&j, HEAD, 1);
	cut(&j, SECTIONS, audit->alignments.npairs);
	cut(&j, RULES, audit->inventory.nshared);
	cut(&j, TAIL, 1);
	/* threads pay off only on large collections */
	ad_parallel_run(ad_parallel_jobs(0, audit->collection->ndocs, 256),
			write_work, &j);
	for (i = 0; i < j.n; i++)
		len += pieces[i].buf.len;
	ad_buf_reserve(out, len);
	for (i = 0; i < j.n; i++) {
		ad_buf_put(out, pieces[i].buf.ptr, pieces[i].buf.len);
		ad_buf_dispose(&pieces[i].buf);
	}
}
