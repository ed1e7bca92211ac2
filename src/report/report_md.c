/*
 * report_md.c - the audit as a pull-request comment.
 *
 * A comment is read in a review, between other comments, so it stays
 * short: one summary line, then at most LIMIT items of each list, largest
 * first, each list cut with a line that says how many more there are.
 * Every piece of document text (paths, reasons, rules, details) goes
 * through ad_escape_markdown(), so an agent cannot add markup, links or
 * table cells to the comment; long texts are cut, so one agent cannot
 * fill it either.
 */
#include "agentdup/report.h"

#include "agentdup/escape.h"
#include "report/cost_words.h"
#include "report/evidence.h"

#define LIMIT 10
#define PATH_MAX_BYTES 160 /* of a path shown */
#define TEXT_MAX_BYTES 200 /* of a rule, reason or detail shown */

static void count(ad_buf *b, size_t n, const char *one, const char *many)
{
	ad_buf_printf(b, "%s %s", AD_COUNT(n), n == 1 ? one : many);
}

static size_t shared_groups(const ad_audit *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->inventory.nshared; i++)
		n += !a->inventory.groups[i].boilerplate;
	return n;
}

static void summary(ad_buf *b, const ad_audit *a)
{
	ad_buf_puts(b, "## agentdup scan\n\n**");
	count(b, a->collection->nfiles, "file", "files");
	ad_buf_puts(b, ", ");
	count(b, a->collection->ndocs, "agent", "agents");
	ad_buf_puts(b, ", ");
	count(b, a->links.n, "linked pair", "linked pairs");
	ad_buf_puts(b, ", ");
	count(b, a->clustering.n, "cluster", "clusters");
	ad_buf_puts(b, ", ");
	count(b, shared_groups(a), "shared rule group", "shared rule groups");
	ad_buf_puts(b, ", ");
	count(b, a->collisions.n, "collision", "collisions");
	ad_buf_puts(b, ", ");
	count(b, a->collection->nskipped, "skipped file", "skipped files");
	ad_buf_puts(b, "**\n\nTokens (estimated): ");
	ad_cost_words_total(b, &a->costs);
	ad_buf_puts(b, ".\n");
}

static void path(ad_buf *b, const ad_audit *a, uint32_t doc)
{
	ad_escape_markdown(b, ad_audit_doc(a, doc)->path, PATH_MAX_BYTES);
}

static void more(ad_buf *b, size_t n, size_t shown, const char *what)
{
	if (n > shown)
		ad_buf_printf(b, "\n… and %s more %s.\n", AD_COUNT(n - shown),
			      what);
}

static void member(ad_buf *b, const ad_audit *a, const ad_cluster *c,
		   uint32_t k)
{
	const ad_link *l;

	ad_buf_puts(b, "| ");
	path(b, a, c->members[k]);
	if (ad_audit_doc(a, c->members[k])->kind != AD_KIND_AGENT)
		ad_buf_printf(b, " (%s)",
			      ad_doc_kind_name(ad_audit_doc(a, c->members[k])->kind));
	ad_buf_puts(b, " | ");
	ad_buf_put_score(b, c->scores[k]);
	ad_buf_puts(b, " | ");
	if (k == 0) {
		ad_buf_puts(b, "canonical");
	} else if ((l = ad_audit_link(a, c->canonical, c->members[k]))) {
		ad_evidence_link_kinds(b, l->kind, "+");
	} else {
		/* a component: this one is linked only through others */
		ad_buf_puts(b, "through other members");
	}
	ad_buf_puts(b, " |\n");
}

/* The head of a cluster or role group: what to keep, why, why together;
 * the cost line follows. */
static void group_head(ad_buf *b, const ad_audit *a, const char *kind,
		       const ad_cluster *c, const ad_cluster_plan *pl,
		       size_t i)
{
	ad_buf_printf(b, "\n**%s %zu: keep ", kind, i + 1);
	path(b, a, c->canonical);
	ad_buf_printf(b, "** (%s agents)\n\n- Keep: ", AD_COUNT(c->n));
	ad_escape_markdown(b, pl->why, TEXT_MAX_BYTES);
	ad_buf_puts(b, "\n- Together: ");
	ad_escape_markdown(b, pl->reason, TEXT_MAX_BYTES);
	ad_buf_puts(b, "\n- Cost: ");
}

static void cluster(ad_buf *b, const ad_audit *a, const ad_cluster *c,
		    size_t i)
{
	uint32_t k;

	group_head(b, a, "Cluster", c, &a->plan.clusters[i], i);
	ad_cost_words_group(b, &a->costs.clusters[i]);
	ad_buf_puts(b, "\n\n| Agent | Cosine | Linked to the canonical by |\n"
		       "| --- | ---: | --- |\n");
	for (k = 0; k < c->n; k++)
		member(b, a, c, k);
}

static void clusters(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	size_t i, n = a->clustering.n;
	size_t shown = o->verbose || n <= LIMIT ? n : LIMIT;

	if (!n)
		return;
	ad_buf_puts(b, "\n### Near-duplicate agents\n");
	for (i = 0; i < shown; i++)
		cluster(b, a, &a->clustering.clusters[i], i);
	more(b, n, shown, n - shown == 1 ? "cluster" : "clusters");
}

/* What a role member adds, in one cell: its best section and how many
 * rules the kept one lacks. */
static void role_adds(ad_buf *b, const ad_audit *a, const ad_merge *m)
{
	if (!m->nrules && !m->nsections) {
		ad_buf_puts(b, "nothing the kept one lacks");
		return;
	}
	if (m->nsections && m->section_rules[0]) {
		ad_buf_puts(b, "take section ");
		ad_escape_markdown(b, ad_audit_section(a, m->sections[0])->path,
				   TEXT_MAX_BYTES);
		ad_buf_puts(b, " (");
		count(b, m->section_rules[0], "rule", "rules");
		ad_buf_puts(b, "); ");
	}
	count(b, m->nrules, "rule", "rules");
	ad_buf_puts(b, " and ");
	count(b, m->nsections, "section", "sections");
	ad_buf_puts(b, " the kept one lacks");
}

static void role(ad_buf *b, const ad_audit *a, const ad_cluster *c,
		 size_t i)
{
	const ad_cluster_plan *pl = &a->role_plan.clusters[i];
	uint32_t k;

	group_head(b, a, "Role", c, pl, i);
	ad_cost_words_role(b, &a->costs.roles[i]);
	ad_buf_puts(b, "\n\n| Agent | Role score | Adds |\n| --- | ---: | --- |\n");
	for (k = 0; k < c->n; k++) {
		ad_buf_puts(b, "| ");
		path(b, a, c->members[k]);
		ad_buf_puts(b, " | ");
		ad_buf_put_score(b, c->scores[k]);
		ad_buf_puts(b, " | ");
		if (k && pl->merge[k].variant_of) {
			ad_buf_puts(b, "a variant of ");
			path(b, a, c->members[pl->merge[k].variant_of - 1]);
		} else if (k) {
			role_adds(b, a, &pl->merge[k]);
		} else {
			ad_buf_puts(b, "kept");
		}
		ad_buf_puts(b, " |\n");
	}
}

/* Agents that do one job, written apart. */
static void roles(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	size_t i, n = a->roles.n;
	size_t shown = o->verbose || n <= LIMIT ? n : LIMIT;

	if (!n)
		return;
	ad_buf_puts(b, "\n### Role groups\n\nOne job, written apart: keep one, "
		       "take what the others add.\n");
	for (i = 0; i < shown; i++)
		role(b, a, &a->roles.clusters[i], i);
	more(b, n, shown, n - shown == 1 ? "role group" : "role groups");
}

static void template_family(ad_buf *b, const ad_audit *a,
			    const ad_template_family *f, size_t i)
{
	const ad_templates *t = &a->templates;
	uint32_t k;

	ad_buf_printf(b, "\n**Family %zu** (%s agents)", i + 1, AD_COUNT(f->n));
	for (k = 0; k < f->nheadings; k++) {
		ad_buf_puts(b, k ? ", " : "; skeleton: ");
		ad_escape_markdown(b, ad_audit_section(
					      a, t->headings[f->first_heading + k])->title,
				   TEXT_MAX_BYTES);
	}
	ad_buf_puts(b, "\n\n| Agent | Job |\n| --- | --- |\n");
	for (k = 0; k < f->n; k++) {
		uint32_t d = t->members[f->first + k];
		const char *job = ad_audit_doc(a, d)->fm.description;

		ad_buf_puts(b, "| ");
		path(b, a, d);
		ad_buf_puts(b, " | ");
		ad_escape_markdown(b, job ? job : "(no description)",
				   TEXT_MAX_BYTES);
		ad_buf_puts(b, " |\n");
	}
}

/* Agents one template made for other jobs: listed apart, never merged. */
static void template_families(ad_buf *b, const ad_audit *a,
			      const ad_report_opts *o)
{
	size_t i, n = a->templates.n;
	size_t shown = o->verbose || n <= LIMIT ? n : LIMIT;

	if (!n)
		return;
	ad_buf_puts(b, "\n### Template families\n\nOne skeleton, different "
		       "jobs: not variants, do not merge.\n");
	for (i = 0; i < shown; i++)
		template_family(b, a, &a->templates.families[i], i);
	more(b, n, shown, n - shown == 1 ? "family" : "families");
}

static void rule_group(ad_buf *b, const ad_audit *a, const ad_rule_group *g)
{
	const ad_rule *r = ad_audit_rule(a, g->center);

	ad_buf_printf(b, "| in %s of %s agents, %s wording%s | ",
		      AD_COUNT(g->nagents), AD_COUNT(a->collection->ndocs),
		      AD_COUNT(g->nwordings), g->nwordings == 1 ? "" : "s");
	ad_escape_markdown(b, r->text, TEXT_MAX_BYTES);
	ad_buf_puts(b, " | ");
	path(b, a, ad_audit_rule_doc(a, g->center));
	ad_buf_printf(b, ":%d |\n", r->line);
}

/* Shared groups come most agents first; house style is left out, as the
 * text report lists it apart and a reviewer cannot act on it. */
static void rules(ad_buf *b, const ad_audit *a)
{
	size_t i, listed = 0, n = shared_groups(a);

	if (!n)
		return;
	ad_buf_puts(b, "\n### Most repeated rules\n\n"
		       "| Carried | Rule | First at |\n| --- | --- | --- |\n");
	for (i = 0; i < a->inventory.nshared && listed < LIMIT; i++) {
		if (a->inventory.groups[i].boilerplate)
			continue;
		rule_group(b, a, &a->inventory.groups[i]);
		listed++;
	}
	more(b, n, listed, n - listed == 1 ? "rule group" : "rule groups");
}

static void collisions(ad_buf *b, const ad_audit *a)
{
	size_t i, n = a->collisions.n, shown = n <= LIMIT ? n : LIMIT;
	char detail[AD_COLLISION_DETAIL_MAX];

	if (!n)
		return;
	ad_buf_puts(b, "\n### Collisions\n\n| Kind | Agents | Detail |\n"
		       "| --- | --- | --- |\n");
	for (i = 0; i < shown; i++) {
		const ad_collision *c = &a->collisions.list[i];

		ad_buf_printf(b, "| %s | ", ad_collision_kind_name(c->kind));
		path(b, a, c->a);
		ad_buf_puts(b, " and ");
		path(b, a, c->b);
		ad_buf_puts(b, " | ");
		ad_escape_markdown(b,
				   ad_audit_collision_detail(a, c, detail,
							     sizeof(detail)),
				   TEXT_MAX_BYTES);
		ad_buf_puts(b, " |\n");
	}
	more(b, n, shown, n - shown == 1 ? "collision" : "collisions");
}

/* Members of a routing group listed beside its centre, at most. */
#define ROUTING_MEMBERS 5

/* A member's path, and the role group it keeps here. */
static void routing_member(ad_buf *b, const ad_audit *a, uint32_t at)
{
	path(b, a, a->routing.members[at]);
	if (a->routing.roles[at])
		ad_buf_printf(b, " (role %u)", a->routing.roles[at]);
}

static void routing_group(ad_buf *b, const ad_audit *a,
			  const ad_routing_group *g)
{
	const ad_routing *r = &a->routing;
	uint32_t k, n = g->n - 1 < ROUTING_MEMBERS ? g->n - 1 : ROUTING_MEMBERS;

	ad_buf_puts(b, "| ");
	routing_member(b, a, g->first);
	ad_buf_puts(b, " | ");
	for (k = 1; k <= n; k++) {
		if (k > 1)
			ad_buf_puts(b, ", ");
		routing_member(b, a, g->first + k);
		ad_buf_printf(b, " %.2f", r->scores[g->first + k]);
	}
	if (g->n - 1 > n)
		ad_buf_printf(b, " and %s more", AD_COUNT(g->n - 1 - n));
	ad_buf_puts(b, " | ");
	for (k = 0; k < g->nterms; k++) {
		if (k)
			ad_buf_puts(b, ", ");
		ad_escape_markdown(b, ad_collection_word(a->collection,
							 r->terms[g->first_term + k]),
				   TEXT_MAX_BYTES);
	}
	ad_buf_puts(b, " |\n");
}

/* Agents whose descriptions compete for the same requests. */
static void routing(ad_buf *b, const ad_audit *a)
{
	size_t i, n = a->routing.n, shown = n <= LIMIT ? n : LIMIT;

	if (!n)
		return;
	ad_buf_printf(b, "\n### Routing collisions\n\nDescriptions that "
		      "compete for the same requests (cosine >= %.2f over "
		      "description, name and examples); a role group or cluster "
		      "stands as its keep.\n\n| Agent | Competes with (cosine) "
		      "| Shared terms |\n| --- | --- | --- |\n",
		      a->routing.threshold);
	for (i = 0; i < shown; i++)
		routing_group(b, a, &a->routing.groups[i]);
	more(b, n, shown, n - shown == 1 ? "routing group" : "routing groups");
}

void ad_report_audit_markdown(ad_buf *out, const ad_audit *audit,
			      const ad_report_opts *opts)
{
	static const ad_report_opts plain = AD_REPORT_OPTS_INIT;

	if (!opts)
		opts = &plain;
	summary(out, audit);
	if (!audit->clustering.n && !audit->roles.n && !audit->templates.n &&
	    !shared_groups(audit) && !audit->collisions.n &&
	    !audit->routing.n) {
		ad_buf_puts(out, "\nNo near-duplicate agents, repeated rules "
				 "or collisions.\n");
		return;
	}
	clusters(out, audit, opts);
	roles(out, audit, opts);
	template_families(out, audit, opts);
	rules(out, audit);
	collisions(out, audit);
	routing(out, audit);
}
