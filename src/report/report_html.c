/*
 * report_html.c - the audit as one page to browse.
 *
 * The page is one file that needs nothing else: inline CSS, one inline
 * script, no fonts, images or requests, so it opens from file:// and can
 * be attached to a ticket. Six views, each a <section class="view">
 * reached from the nav bar: overview, clusters, inventory, agents,
 * compare and heatmap. Without the script every view is shown, one after
 * another; with it, the view named by the location hash is shown alone,
 * and the inventory table can be sorted and filtered. Once it has run, it
 * marks <body data-ready="1">, which the browser test looks for.
 *
 * Agent text is hostile until shown otherwise, so:
 *   - every piece of document text goes through ad_escape_html(), which
 *     also serves for attribute values (they are always double-quoted);
 *   - the only URLs are in-page anchors built from numbers: "#agent-N"
 *     (N = agent index + 1), "#cluster-N", "#compare-N-K" and the views;
 *   - a Content-Security-Policy in a <meta> forbids everything but inline
 *     style and the one script that carries the nonce, so even markup
 *     that got through could not run. The nonce is the hash of the body,
 *     which keeps the page deterministic: the same audit, the same bytes;
 *   - the script reads textContent and moves existing rows; it never
 *     writes markup, so sorting or filtering cannot turn text into tags.
 *
 * A collection of thousands of agents must still give a page a browser
 * opens: lists are cut (merge lists, inventory rows, comparisons, agents'
 * sections and neighbours), each cut said in a note with the count left.
 */
#include "agentdup/report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/error.h"
#include "agentdup/escape.h"
#include "agentdup/hash.h"
#include "base/embed.h"
#include "base/sort.h"
#include "report/cost_words.h"
#include "report/evidence.h"

#define TOP 10              /* items of each overview list */
#define TOP_COLLISIONS 25   /* collisions listed in the overview */
#define TOP_PROBLEMS 25     /* problems listed in the overview */
#define ROUTING_MEMBERS 8   /* agents listed beside a routing centre */
#define MERGE_MAX 50        /* rules or sections of one merge list */
#define INVENTORY_MAX 2000  /* rows of the inventory table */
#define GROUP_AGENTS 5      /* agents named in an inventory row */
#define AGENT_SECTIONS 24   /* sections listed for one agent */
#define AGENT_LINKS 8       /* links listed for one agent */
#define AGENT_ALIGNED 4     /* most-aligned agents listed for one agent */
#define COMPARE_MAX 200     /* member-versus-canonical comparisons */
#define COMPARE_RULES 100   /* rules shown on each side of one */
#define HEAT_MAX 30         /* agents of one heat map */
#define PATH_BYTES 200      /* of a path shown */
#define TEXT_BYTES 400      /* of a rule, reason or detail shown */
#define DESC_BYTES 300      /* of a description shown */
#define LABEL_BYTES 36      /* of a heat-map label */

/* What the views look up per agent, built once. */
typedef struct agent_index {
	uint32_t *cluster_of; /* cluster index + 1; 0: in none */
	size_t *link_start;   /* per agent, plus one: into link_ids */
	uint32_t *link_ids;   /* links, best score first */
	size_t *align_start;  /* per agent, plus one: into align_ids */
	uint32_t *align_ids;  /* alignments, most sections first */
} agent_index;

typedef struct page {
	ad_buf *b;
	const ad_audit *a;
	agent_index ix;
	ad_buf scratch; /* for text that is made before it is escaped */
} page;

/* ---- small pieces ---- */

static void text(page *p, const char *s, size_t max)
{
	ad_escape_html(p->b, s, max);
}

static void agent_link(page *p, uint32_t d)
{
	ad_buf_printf(p->b, "<a href=\"#agent-%u\">", d + 1);
	text(p, ad_audit_doc(p->a, d)->path, PATH_BYTES);
	ad_buf_puts(p->b, "</a>");
}

static void score(page *p, double s)
{
	ad_buf_puts(p->b, "<span class=\"score\">");
	ad_buf_put_score(p->b, s);
	ad_buf_puts(p->b, "</span>");
}

static void more(page *p, size_t n, size_t shown, const char *what)
{
	if (n > shown)
		ad_buf_printf(p->b, "<p class=\"more\">\xE2\x80\xA6 and %zu "
			      "more %s.</p>\n", n - shown, what);
}

static void count(page *p, size_t n, const char *one, const char *many)
{
	ad_buf_printf(p->b, "%zu %s", n, n == 1 ? one : many);
}

/* "body+name", from fixed names only. */
static void kinds(page *p, unsigned kind)
{
	unsigned k;
	int first = 1;

	for (k = 1; k < 1u << AD_LINK_NKINDS; k <<= 1) {
		if (!(kind & k))
			continue;
		ad_buf_puts(p->b, first ? "" : "+");
		ad_buf_puts(p->b, ad_link_kind_name(k));
		first = 0;
	}
}

static void rule_item(page *p, uint32_t r, const char *cls)
{
	const ad_rule *rl = ad_audit_rule(p->a, r);

	ad_buf_printf(p->b, "<li%s%s%s><span class=\"line\">%d</span> ",
		      cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "",
		      rl->line);
	text(p, rl->text, TEXT_BYTES);
	ad_buf_puts(p->b, "</li>\n");
}

static void section_name(page *p, uint32_t s)
{
	const ad_section *sec = ad_audit_section(p->a, s);

	if (sec->level)
		text(p, sec->path, PATH_BYTES);
	else
		ad_buf_puts(p->b, "<i>(intro)</i>");
	ad_buf_printf(p->b, " <span class=\"line\">%d</span>",
		      sec->line_start);
}

static size_t shared_groups(const ad_audit *a, int boilerplate)
{
	size_t i, n = 0;

	for (i = 0; i < a->inventory.nshared; i++)
		n += !a->inventory.groups[i].boilerplate == !boilerplate;
	return n;
}

/* ---- the per-agent index ---- */

/* n (agent[i], keys[i]) entries as compressed rows by agent, each row in
 * the order of its keys; a key holds its item's index in its low 32 bits,
 * which is what the row keeps, and which breaks ties. */
static void rows_by_agent(size_t **start, uint32_t **ids, size_t nagents,
			  const uint32_t *agent, const uint64_t *keys,
			  size_t n)
{
	uint64_t *sorted = ad_xmalloc((n ? n : 1) * sizeof(*sorted));
	size_t *fill = ad_xcalloc(nagents + 1, sizeof(*fill));
	size_t i, d;

	*start = ad_xcalloc(nagents + 1, sizeof(**start));
	for (i = 0; i < n; i++)
		(*start)[agent[i] + 1]++;
	for (d = 0; d < nagents; d++)
		(*start)[d + 1] += (*start)[d];
	for (i = 0; i < n; i++) {
		d = agent[i];
		sorted[(*start)[d] + fill[d]++] = keys[i];
	}
	*ids = ad_xmalloc((n ? n : 1) * sizeof(**ids));
	for (d = 0; d < nagents; d++) {
		size_t lo = (*start)[d], hi = (*start)[d + 1];

		ad_sort_u64(sorted + lo, hi - lo);
		for (i = lo; i < hi; i++)
			(*ids)[i] = (uint32_t)sorted[i];
	}
	free(fill);
	free(sorted);
}

/* Each pair listed under both of its agents: entries 2i and 2i + 1. */
static void index_links(agent_index *ix, const ad_audit *a)
{
	size_t i, n = a->links.n;
	uint32_t *agent = ad_xmalloc((2 * n + 1) * sizeof(*agent));
	uint64_t *keys = ad_xmalloc((2 * n + 1) * sizeof(*keys));

	for (i = 0; i < n; i++) {
		double s = a->links.list[i].score;
		/* best score first: the key grows as the score falls (a
		 * cosine may pass 1 by a rounding) */
		uint64_t k = (uint64_t)((1.0 - (s < 0 ? 0 : s > 1 ? 1 : s)) *
					1e9);

		agent[2 * i] = a->links.list[i].a;
		agent[2 * i + 1] = a->links.list[i].b;
		keys[2 * i] = keys[2 * i + 1] = k << 32 | i;
	}
	rows_by_agent(&ix->link_start, &ix->link_ids, a->collection->ndocs,
		      agent, keys, 2 * n);
	free(keys);
	free(agent);
}

static void index_alignments(agent_index *ix, const ad_audit *a)
{
	size_t i, n = a->alignments.npairs;
	uint32_t *agent = ad_xmalloc((2 * n + 1) * sizeof(*agent));
	uint64_t *keys = ad_xmalloc((2 * n + 1) * sizeof(*keys));

	for (i = 0; i < n; i++) {
		const ad_alignment *al = &a->alignments.pairs[i];
		uint64_t k = UINT32_MAX - al->n; /* most sections first */

		agent[2 * i] = al->a;
		agent[2 * i + 1] = al->b;
		keys[2 * i] = keys[2 * i + 1] = k << 32 | i;
	}
	rows_by_agent(&ix->align_start, &ix->align_ids, a->collection->ndocs,
		      agent, keys, 2 * n);
	free(keys);
	free(agent);
}

static void index_build(agent_index *ix, const ad_audit *a)
{
	ix->cluster_of =
		ad_clustering_index(&a->clustering, a->collection->ndocs);
	index_links(ix, a);
	index_alignments(ix, a);
}

static void index_dispose(agent_index *ix)
{
	free(ix->cluster_of);
	free(ix->link_start);
	free(ix->link_ids);
	free(ix->align_start);
	free(ix->align_ids);
}

/* ---- head, nav ---- */

static void view_open(page *p, const char *id, const char *title)
{
	ad_buf_printf(p->b, "<section class=\"view\" id=\"%s\">\n<h2>%s</h2>\n",
		      id, title);
}

static void view_close(page *p)
{
	ad_buf_puts(p->b, "</section>\n");
}

static void nav(page *p)
{
	static const char *const views[][2] = {
		{"overview", "Overview"}, {"clusters", "Clusters"},
		{"roles", "Roles"}, {"templates", "Templates"},
		{"inventory", "Rule inventory"}, {"agents", "Agents"},
		{"compare", "Compare"}, {"heatmap", "Heat map"}};
	size_t i;

	ad_buf_puts(p->b, "<nav>\n<span class=\"brand\">agentdup</span>\n");
	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		ad_buf_printf(p->b, "<a href=\"#%s\">%s</a>\n", views[i][0],
			      views[i][1]);
	ad_buf_puts(p->b, "</nav>\n");
}

/* ---- overview ---- */

static void stat(page *p, const char *label, size_t n)
{
	ad_buf_printf(p->b, "<div class=\"stat\"><b>%zu</b> %s</div>\n", n,
		      label);
}

static void counts(page *p)
{
	const ad_audit *a = p->a;

	ad_buf_puts(p->b, "<div class=\"stats\">\n");
	stat(p, "files", a->collection->nfiles);
	stat(p, "agents", a->collection->ndocs);
	stat(p, "skipped files", a->collection->nskipped);
	stat(p, "sections", a->collection->at.nsections);
	stat(p, "rules", a->collection->at.nrules);
	stat(p, "linked pairs", a->links.n);
	stat(p, "clusters", a->clustering.n);
	stat(p, "role groups", a->roles.n);
	stat(p, "template families", a->templates.n);
	stat(p, "shared rule groups", shared_groups(a, 0));
	stat(p, "house-style groups", shared_groups(a, 1));
	stat(p, "collisions", a->collisions.n);
	stat(p, "warnings", a->collection->nwarnings);
	ad_buf_puts(p->b, "</div>\n");
	ad_buf_puts(p->b, "<p class=\"note\">Agents are linked at cosine ");
	ad_buf_put_score(p->b, a->settings.threshold);
	ad_buf_puts(p->b, " or by other evidence (");
	kinds(p, a->settings.link_kinds);
	ad_buf_puts(p->b, "); sections align at ");
	ad_buf_put_score(p->b, a->settings.section_threshold);
	ad_buf_puts(p->b, ", rules group at ");
	ad_buf_put_score(p->b, a->settings.rule_threshold);
	ad_buf_puts(p->b, ".</p>\n<p class=\"note\">Tokens (estimated): ");
	ad_cost_words_total(p->b, &a->costs);
	ad_buf_puts(p->b, ".</p>\n");
}

static void top_clusters(page *p)
{
	size_t i, n = p->a->clustering.n, shown = n < TOP ? n : TOP;

	ad_buf_puts(p->b, "<h3>Largest clusters</h3>\n");
	if (!n) {
		ad_buf_puts(p->b, "<p>No near-duplicate agents.</p>\n");
		return;
	}
	ad_buf_puts(p->b, "<table>\n<thead><tr><th>Cluster</th><th>Agents</th>"
			  "<th>Keep</th><th>Together</th><th>Tokens saved "
			  "(every conversation)</th></tr></thead>\n"
			  "<tbody>\n");
	for (i = 0; i < shown; i++) {
		const ad_cluster *c = &p->a->clustering.clusters[i];

		ad_buf_printf(p->b, "<tr><td><a href=\"#cluster-%zu\">%zu</a>"
			      "</td><td class=\"num\">%u</td><td>", i + 1,
			      i + 1, c->n);
		agent_link(p, c->canonical);
		ad_buf_puts(p->b, "</td><td>");
		text(p, p->a->plan.clusters[i].reason, TEXT_BYTES);
		ad_buf_puts(p->b, "</td><td class=\"num\">");
		ad_cost_words_number(p->b, p->a->costs.clusters[i].always);
		ad_buf_puts(p->b, "</td></tr>\n");
	}
	ad_buf_puts(p->b, "</tbody>\n</table>\n");
	more(p, n, shown, "clusters, in the Clusters view");
}

static void group_row(page *p, const ad_rule_group *g)
{
	const ad_rule *r = ad_audit_rule(p->a, g->center);

	ad_buf_printf(p->b, "<tr><td class=\"num\">%u</td><td class=\"num\">"
			    "%u</td><td>", g->nagents, g->nwordings);
	text(p, r->text, TEXT_BYTES);
	ad_buf_puts(p->b, "</td><td>");
	agent_link(p, ad_audit_rule_doc(p->a, g->center));
	ad_buf_printf(p->b, " <span class=\"line\">%d</span></td></tr>\n",
		      r->line);
}

/* The TOP shared groups that are (or are not) house style. */
static void top_groups(page *p, int boilerplate, const char *title)
{
	const ad_inventory *inv = &p->a->inventory;
	size_t i, listed = 0, n = shared_groups(p->a, boilerplate);

	ad_buf_printf(p->b, "<h3>%s</h3>\n", title);
	if (!n) {
		ad_buf_puts(p->b, "<p>None.</p>\n");
		return;
	}
	ad_buf_puts(p->b, "<table>\n<thead><tr><th>Agents</th><th>Wordings</th>"
			  "<th>Rule</th><th>First at</th></tr></thead>\n"
			  "<tbody>\n");
	for (i = 0; i < inv->nshared && listed < TOP; i++) {
		if (!inv->groups[i].boilerplate != !boilerplate)
			continue;
		group_row(p, &inv->groups[i]);
		listed++;
	}
	ad_buf_puts(p->b, "</tbody>\n</table>\n");
	more(p, n, listed, "groups, in the Rule inventory view");
}

static void collisions(page *p)
{
	const ad_audit *a = p->a;
	size_t i, n = a->collisions.n,
		  shown = n < TOP_COLLISIONS ? n : TOP_COLLISIONS;

	ad_buf_printf(p->b, "<h3>Collisions (%zu)</h3>\n", n);
	if (!n) {
		ad_buf_puts(p->b, "<p>No names, bodies or descriptions "
				  "collide.</p>\n");
		return;
	}
	ad_buf_puts(p->b, "<table>\n<thead><tr><th>Kind</th><th>Agents</th>"
			  "<th>Score</th><th>Detail</th></tr></thead>\n"
			  "<tbody>\n");
	for (i = 0; i < shown; i++) {
		const ad_collision *c = &a->collisions.list[i];

		ad_buf_printf(p->b, "<tr><td>%s</td><td>",
			      ad_collision_kind_name(c->kind));
		agent_link(p, c->a);
		ad_buf_puts(p->b, "<br>");
		agent_link(p, c->b);
		ad_buf_puts(p->b, "</td><td class=\"num\">");
		score(p, c->score);
		ad_buf_puts(p->b, "</td><td>");
		text(p, c->detail, TEXT_BYTES);
		ad_buf_puts(p->b, "</td></tr>\n");
	}
	ad_buf_puts(p->b, "</tbody>\n</table>\n");
	more(p, n, shown, "collisions");
}

/* A member of a routing group, and the role group it keeps there. */
static void routing_member(page *p, uint32_t at)
{
	uint32_t role = p->a->routing.roles[at];

	agent_link(p, p->a->routing.members[at]);
	if (role)
		ad_buf_printf(p->b, " <a href=\"#role-%u\">role %u</a>", role,
			      role);
}

/* One routing group: its centre, the agents competing with it and
 * their cosines, and the terms they share. */
static void routing_row(page *p, const ad_routing_group *g)
{
	const ad_routing *r = &p->a->routing;
	uint32_t k, n = g->n - 1 < ROUTING_MEMBERS ? g->n - 1 : ROUTING_MEMBERS;

	ad_buf_puts(p->b, "<tr><td>");
	routing_member(p, g->first);
	ad_buf_puts(p->b, "</td><td>");
	for (k = 1; k <= n; k++) {
		if (k > 1)
			ad_buf_puts(p->b, "<br>");
		routing_member(p, g->first + k);
		ad_buf_puts(p->b, " ");
		score(p, r->scores[g->first + k]);
	}
	if (g->n - 1 > n)
		ad_buf_printf(p->b, "<br>\xE2\x80\xA6 and %u more", g->n - 1 - n);
	ad_buf_puts(p->b, "</td><td>");
	for (k = 0; k < g->nterms; k++) {
		if (k)
			ad_buf_puts(p->b, ", ");
		text(p, ad_collection_word(p->a->collection,
					   r->terms[g->first_term + k]),
		     TEXT_BYTES);
	}
	ad_buf_puts(p->b, "</td></tr>\n");
}

/* Agents whose descriptions compete for the same requests. */
static void routing(page *p)
{
	const ad_routing *r = &p->a->routing;
	size_t i, shown = r->n < TOP_COLLISIONS ? r->n : TOP_COLLISIONS;

	ad_buf_printf(p->b, "<h3>Routing collisions (%zu)</h3>\n", r->n);
	ad_buf_puts(p->b, "<p class=\"note\">Agents whose descriptions, names "
			  "and examples compete for the same requests: cosine ");
	ad_buf_put_score(p->b, r->threshold);
	ad_buf_puts(p->b, " or more to the first of the group; a role group "
			  "or cluster stands as its keep.</p>\n");
	if (!r->n) {
		ad_buf_puts(p->b, "<p>No descriptions compete.</p>\n");
		return;
	}
	ad_buf_puts(p->b, "<table>\n<thead><tr><th>Agent</th><th>Competes "
			  "with</th><th>Shared terms</th></tr></thead>\n"
			  "<tbody>\n");
	for (i = 0; i < shown; i++)
		routing_row(p, &r->groups[i]);
	ad_buf_puts(p->b, "</tbody>\n</table>\n");
	more(p, r->n, shown, "routing groups");
}

static void problems(page *p)
{
	const ad_audit *a = p->a;
	size_t i, n = a->collection->nproblems,
		  shown = n < TOP_PROBLEMS ? n : TOP_PROBLEMS;

	if (!n)
		return;
	ad_buf_printf(p->b, "<h3>Problems (%zu)</h3>\n<ul class=\"problems\">"
			    "\n", n);
	for (i = 0; i < shown; i++) {
		const ad_problem *pr = &a->collection->problems[i];

		ad_buf_printf(p->b, "<li class=\"%s\">",
			      pr->severity == AD_SEV_ERROR ? "error"
							   : "warning");
		text(p, pr->path, PATH_BYTES);
		if (pr->line)
			ad_buf_printf(p->b, ":%d", pr->line);
		ad_buf_puts(p->b, ": ");
		text(p, pr->msg, TEXT_BYTES);
		ad_buf_puts(p->b, "</li>\n");
	}
	ad_buf_puts(p->b, "</ul>\n");
	more(p, n, shown, "problems");
}

static void overview(page *p)
{
	view_open(p, "overview", "Overview");
	counts(p);
	top_clusters(p);
	top_groups(p, 0, "Most repeated rules");
	top_groups(p, 1, "House style (rules most agents carry)");
	collisions(p);
	routing(p);
	problems(p);
	view_close(p);
}

/* ---- clusters ---- */

static void member_row(page *p, const ad_cluster *c, const ad_cluster_plan *pl,
		       uint32_t k)
{
	const ad_link *l;

	ad_buf_puts(p->b, "<tr><td>");
	agent_link(p, c->members[k]);
	ad_buf_puts(p->b, "</td><td class=\"num\">");
	score(p, c->scores[k]);
	ad_buf_puts(p->b, "</td><td>");
	if (k == 0)
		ad_buf_puts(p->b, "<b>canonical</b>");
	else if ((l = ad_audit_link(p->a, c->canonical, c->members[k])))
		kinds(p, l->kind);
	else /* a component: linked only through other members */
		ad_buf_puts(p->b, "through other members");
	ad_buf_puts(p->b, "</td><td class=\"num\">");
	if (k)
		ad_buf_printf(p->b, "%u rule%s, %u section%s",
			      pl->merge[k].nrules,
			      pl->merge[k].nrules == 1 ? "" : "s",
			      pl->merge[k].nsections,
			      pl->merge[k].nsections == 1 ? "" : "s");
	ad_buf_puts(p->b, "</td></tr>\n");
}

static void merge_list(page *p, const ad_cluster *c, const ad_cluster_plan *pl,
		       uint32_t k)
{
	const ad_merge *m = &pl->merge[k];
	uint32_t i, shown;

	if (!m->nrules && !m->nsections)
		return;
	ad_buf_puts(p->b, "<details open class=\"merge\"><summary>To merge "
			  "from ");
	text(p, ad_audit_doc(p->a, c->members[k])->path, PATH_BYTES);
	ad_buf_printf(p->b, ": %u rule%s, %u section%s</summary>\n",
		      m->nrules, m->nrules == 1 ? "" : "s", m->nsections,
		      m->nsections == 1 ? "" : "s");
	shown = m->nrules < MERGE_MAX ? m->nrules : MERGE_MAX;
	if (shown) {
		ad_buf_puts(p->b, "<ol class=\"rules\">\n");
		for (i = 0; i < shown; i++)
			rule_item(p, m->rules[i], NULL);
		ad_buf_puts(p->b, "</ol>\n");
	}
	more(p, m->nrules, shown, "rules");
	shown = m->nsections < MERGE_MAX ? m->nsections : MERGE_MAX;
	if (shown) {
		ad_buf_puts(p->b, "<p>Sections without a counterpart:</p>\n"
				  "<ul class=\"sections\">\n");
		for (i = 0; i < shown; i++) {
			ad_buf_puts(p->b, "<li>");
			section_name(p, m->sections[i]);
			ad_buf_puts(p->b, "</li>\n");
		}
		ad_buf_puts(p->b, "</ul>\n");
	}
	more(p, m->nsections, shown, "sections");
	ad_buf_puts(p->b, "</details>\n");
}

/* Comparisons (one per member but the canonical) come in cluster order,
 * member order, and the first COMPARE_MAX are written: how many come
 * before cluster i's. */
static size_t comparisons_before(const ad_audit *a, size_t i)
{
	size_t j, n = 0;

	for (j = 0; j < i; j++)
		n += a->clustering.clusters[j].n - 1;
	return n;
}

/* The head of a cluster or role group (id "cluster-N", "role-N"): what
 * to keep, why, why together; the cost follows. */
static void group_head(page *p, const char *id, const char *kind,
		       const ad_cluster *c, const ad_cluster_plan *pl,
		       size_t i)
{
	ad_buf_printf(p->b, "<section class=\"cluster\" id=\"%s-%zu\">\n"
			    "<h3>%s %zu <small>%u agents</small></h3>\n"
			    "<p><b>Keep</b> ", id, i + 1, kind, i + 1, c->n);
	agent_link(p, c->canonical);
	ad_buf_puts(p->b, ": ");
	text(p, pl->why, TEXT_BYTES);
	ad_buf_puts(p->b, "</p>\n<p><b>Together:</b> ");
	text(p, pl->reason, TEXT_BYTES);
	ad_buf_puts(p->b, "</p>\n<p><b>Cost:</b> ");
}

static void cluster(page *p, size_t i, size_t ordinal)
{
	const ad_cluster *c = &p->a->clustering.clusters[i];
	const ad_cluster_plan *pl = &p->a->plan.clusters[i];
	uint32_t k;

	group_head(p, "cluster", "Cluster", c, pl, i);
	ad_cost_words_group(p->b, &p->a->costs.clusters[i]);
	ad_buf_puts(p->b, ".</p>\n<table class=\"members\">\n<thead><tr><th>"
			  "Agent</th><th>Cosine</th><th>Linked to the "
			  "canonical by</th><th>To merge</th></tr></thead>\n"
			  "<tbody>\n");
	for (k = 0; k < c->n; k++)
		member_row(p, c, pl, k);
	ad_buf_puts(p->b, "</tbody>\n</table>\n");
	if (ordinal < COMPARE_MAX)
		ad_buf_printf(p->b, "<p><a href=\"#compare-%zu-2\">Compare "
			      "side by side</a></p>\n", i + 1);
	for (k = 1; k < c->n; k++)
		merge_list(p, c, pl, k);
	ad_buf_puts(p->b, "</section>\n");
}

static void clusters(page *p)
{
	size_t i, ordinal = 0;

	view_open(p, "clusters", "Clusters");
	if (!p->a->clustering.n)
		ad_buf_puts(p->b, "<p>No near-duplicate agents.</p>\n");
	for (i = 0; i < p->a->clustering.n; i++) {
		cluster(p, i, ordinal);
		ordinal += p->a->clustering.clusters[i].n - 1;
	}
	view_close(p);
}

/* ---- role groups ---- */

/* What member k of a role group adds: sections the kept one has no
 * counterpart for, most rules first, then rules, the best backed first. */
static void role_take(page *p, const ad_cluster *c, const ad_cluster_plan *pl,
		      uint32_t k)
{
	const ad_merge *m = &pl->merge[k];
	uint32_t i, shown;

	if (!m->nrules && !m->nsections)
		return;
	ad_buf_puts(p->b, "<details class=\"merge\"><summary>To take from ");
	text(p, ad_audit_doc(p->a, c->members[k])->path, PATH_BYTES);
	ad_buf_printf(p->b, ": %u rule%s, %u section%s</summary>\n",
		      m->nrules, m->nrules == 1 ? "" : "s", m->nsections,
		      m->nsections == 1 ? "" : "s");
	shown = m->nsections < MERGE_MAX ? m->nsections : MERGE_MAX;
	if (shown) {
		ad_buf_puts(p->b, "<ul class=\"sections\">\n");
		for (i = 0; i < shown; i++) {
			ad_buf_puts(p->b, "<li>");
			section_name(p, m->sections[i]);
			ad_buf_printf(p->b, ": %u rule%s the kept one lacks</li>\n",
				      m->section_rules[i],
				      m->section_rules[i] == 1 ? "" : "s");
		}
		ad_buf_puts(p->b, "</ul>\n");
	}
	more(p, m->nsections, shown, "sections");
	shown = m->nrules < MERGE_MAX ? m->nrules : MERGE_MAX;
	if (shown) {
		ad_buf_puts(p->b, "<ol class=\"rules\">\n");
		for (i = 0; i < shown; i++)
			rule_item(p, m->rules[i],
				  m->support[i] > 1 ? "backed" : NULL);
		ad_buf_puts(p->b, "</ol>\n");
	}
	more(p, m->nrules, shown, "rules");
	ad_buf_puts(p->b, "</details>\n");
}

/* The headline of what a member adds: its section with the most rules the
 * kept one lacks, then the counts. */
static void role_adds(page *p, const ad_merge *m)
{
	if (!m->nrules && !m->nsections) {
		ad_buf_puts(p->b, "nothing the kept one lacks");
		return;
	}
	if (m->nsections && m->section_rules[0]) {
		ad_buf_puts(p->b, "take section ");
		section_name(p, m->sections[0]);
		ad_buf_printf(p->b, " (%u rule%s); ", m->section_rules[0],
			      m->section_rules[0] == 1 ? "" : "s");
	}
	ad_buf_printf(p->b, "%u rule%s and %u section%s the kept one lacks",
		      m->nrules, m->nrules == 1 ? "" : "s", m->nsections,
		      m->nsections == 1 ? "" : "s");
}

static void role(page *p, size_t i)
{
	const ad_cluster *c = &p->a->roles.clusters[i];
	const ad_cluster_plan *pl = &p->a->role_plan.clusters[i];
	uint32_t k;

	group_head(p, "role", "Role", c, pl, i);
	ad_cost_words_role(p->b, &p->a->costs.roles[i]);
	ad_buf_puts(p->b, ".</p>\n<table class=\"members\">\n<thead><tr><th>"
			  "Agent</th><th title=\"mean role score to the other "
			  "members\">Role score</th><th>Adds</th></tr></thead>"
			  "\n<tbody>\n");
	for (k = 0; k < c->n; k++) {
		const ad_merge *m = &pl->merge[k];

		ad_buf_puts(p->b, "<tr><td>");
		agent_link(p, c->members[k]);
		ad_buf_puts(p->b, "</td><td class=\"num\">");
		score(p, c->scores[k]);
		ad_buf_puts(p->b, "</td><td>");
		if (k == 0) {
			ad_buf_puts(p->b, "<b>kept</b>");
		} else if (m->variant_of) {
			ad_buf_puts(p->b, "a variant of ");
			agent_link(p, c->members[m->variant_of - 1]);
		} else {
			role_adds(p, m);
		}
		ad_buf_puts(p->b, "</td></tr>\n");
	}
	ad_buf_puts(p->b, "</tbody>\n</table>\n");
	for (k = 1; k < c->n; k++)
		if (!pl->merge[k].variant_of)
			role_take(p, c, pl, k);
	ad_buf_puts(p->b, "</section>\n");
}

/* Agents that do one job, written apart: keep one, take the best of the
 * others. */
static void roles(page *p)
{
	size_t i;

	view_open(p, "roles", "Role groups");
	ad_buf_puts(p->b, "<p class=\"note\">One job, written apart: keep "
			  "one, take what the others add. Rules that other "
			  "members carry too are marked.</p>\n");
	if (!p->a->roles.n)
		ad_buf_puts(p->b, "<p>No role groups.</p>\n");
	for (i = 0; i < p->a->roles.n; i++)
		role(p, i);
	view_close(p);
}

/* ---- template families ---- */

static void template_family(page *p, const ad_template_family *f, size_t i)
{
	const ad_templates *t = &p->a->templates;
	uint32_t k;

	ad_buf_printf(p->b, "<section class=\"cluster\" id=\"template-%zu\">\n"
			    "<h3>Family %zu <small>%u agents</small></h3>\n"
			    "<p><b>Skeleton</b> (in at least %u of them): ",
		      i + 1, i + 1, f->n, f->quorum);
	for (k = 0; k < f->nheadings; k++) {
		ad_buf_puts(p->b, k ? ", " : "");
		text(p, ad_audit_section(p->a,
					 t->headings[f->first_heading + k])->title,
		     TEXT_BYTES);
	}
	ad_buf_puts(p->b, k ? "; " : "");
	count(p, f->rule_groups, "rule group", "rule groups");
	ad_buf_puts(p->b, "</p>\n<table class=\"members\">\n<thead><tr><th>"
			  "Agent</th><th>Job</th></tr></thead>\n<tbody>\n");
	for (k = 0; k < f->n; k++) {
		uint32_t d = t->members[f->first + k];
		const char *job = ad_audit_doc(p->a, d)->fm.description;

		ad_buf_puts(p->b, "<tr><td>");
		agent_link(p, d);
		ad_buf_puts(p->b, "</td><td>");
		text(p, job ? job : "(no description)", TEXT_BYTES);
		ad_buf_puts(p->b, "</td></tr>\n");
	}
	ad_buf_puts(p->b, "</tbody>\n</table>\n</section>\n");
}

/* Agents one template made for other jobs: never a cluster to merge. */
static void templates(page *p)
{
	size_t i;

	view_open(p, "templates", "Template families");
	ad_buf_puts(p->b, "<p class=\"note\">One skeleton, different jobs: "
			  "not variants, do not merge.</p>\n");
	if (!p->a->templates.n)
		ad_buf_puts(p->b, "<p>No template families.</p>\n");
	for (i = 0; i < p->a->templates.n; i++)
		template_family(p, &p->a->templates.families[i], i);
	view_close(p);
}

/* ---- inventory ---- */

/* The first GROUP_AGENTS agents of a group: members are in rule order,
 * so an agent's rules are next to one another. */
static void group_agents(page *p, const ad_rule_group *g)
{
	uint32_t k, shown = 0, prev = UINT32_MAX;

	for (k = 0; k < g->n && shown < GROUP_AGENTS; k++) {
		uint32_t d =
			p->a->collection->at
				.rule_doc[p->a->inventory.members[g->first + k]];

		if (d == prev)
			continue;
		ad_buf_puts(p->b, shown ? "<br>" : "");
		agent_link(p, d);
		prev = d;
		shown++;
	}
	if (g->nagents > shown)
		ad_buf_printf(p->b, "<br><i>+%u more</i>", g->nagents - shown);
}

static void inventory_row(page *p, size_t i)
{
	const ad_rule_group *g = &p->a->inventory.groups[i];
	const ad_rule *r = ad_audit_rule(p->a, g->center);

	ad_buf_printf(p->b, "<tr%s><td class=\"num\">%zu</td><td class=\"num\">"
			    "%u</td><td class=\"num\">%u</td><td>",
		      g->boilerplate ? " class=\"house\"" : "", i + 1,
		      g->nagents, g->nwordings);
	text(p, r->text, TEXT_BYTES);
	ad_buf_printf(p->b, " <span class=\"line\">%d</span></td><td>",
		      r->line);
	group_agents(p, g);
	ad_buf_printf(p->b, "</td><td>%s</td></tr>\n",
		      g->boilerplate ? "house style" : "");
}

static void inventory(page *p)
{
	size_t i, n = p->a->inventory.nshared;
	size_t shown = n < INVENTORY_MAX ? n : INVENTORY_MAX;

	view_open(p, "inventory", "Rule inventory");
	ad_buf_printf(p->b, "<p class=\"note\">Rule groups carried by two "
			    "agents or more, most agents first: %zu in all",
		      n);
	if (shown < n)
		ad_buf_printf(p->b, "; the first %zu are listed", shown);
	ad_buf_puts(p->b, ". Click a column heading to sort; house-style "
			  "groups are shaded.</p>\n"
			  "<p class=\"js-only\"><input id=\"inventory-filter\" "
			  "type=\"search\" placeholder=\"Filter rules and "
			  "agents\" aria-label=\"Filter rules and agents\"> "
			  "<span id=\"inventory-count\"></span></p>\n"
			  "<table id=\"inventory-table\">\n<thead><tr>"
			  "<th data-type=\"num\">#</th>"
			  "<th data-type=\"num\">Agents</th>"
			  "<th data-type=\"num\">Wordings</th>"
			  "<th>Rule (centre wording) and line</th>"
			  "<th>Carried by</th><th>House style</th>"
			  "</tr></thead>\n<tbody>\n");
	for (i = 0; i < shown; i++)
		inventory_row(p, i);
	ad_buf_puts(p->b, "</tbody>\n</table>\n");
	more(p, n, shown, "rule groups (see the JSON report for all)");
	view_close(p);
}

/* ---- agents ---- */

/* One line of headings, each with its line: every agent of thousands has
 * a view, so this stays short. */
static void agent_sections(page *p, const ad_doc *d)
{
	size_t i, shown = d->nsections < AGENT_SECTIONS ? d->nsections
							 : AGENT_SECTIONS;

	ad_buf_printf(p->b, "<dt>Sections</dt><dd>%zu, with %zu rules: ",
		      d->nsections, d->nrules);
	for (i = 0; i < shown; i++) {
		const ad_section *s = &d->sections[i];

		ad_buf_puts(p->b, i ? " \xC2\xB7 " : ""); /* a middle dot */
		if (s->level)
			text(p, s->title, LABEL_BYTES * 2);
		else
			ad_buf_puts(p->b, "<i>(intro)</i>");
		ad_buf_printf(p->b, " <span class=\"line\">%d</span>",
			      s->line_start);
	}
	if (d->nsections > shown)
		ad_buf_printf(p->b, " <i>+%zu more</i>", d->nsections - shown);
	ad_buf_puts(p->b, "</dd>\n");
}

static void agent_links(page *p, uint32_t d)
{
	size_t lo = p->ix.link_start[d], hi = p->ix.link_start[d + 1], i;
	size_t shown = hi - lo < AGENT_LINKS ? hi - lo : AGENT_LINKS;

	ad_buf_puts(p->b, "<dt>Linked to</dt><dd>");
	if (lo == hi)
		ad_buf_puts(p->b, "none");
	for (i = lo; i < lo + shown; i++) {
		const ad_link *l = &p->a->links.list[p->ix.link_ids[i]];

		ad_buf_puts(p->b, i > lo ? "<br>" : "");
		agent_link(p, l->a == d ? l->b : l->a);
		ad_buf_puts(p->b, " ");
		score(p, l->score);
		ad_buf_puts(p->b, " <small>");
		kinds(p, l->kind);
		ad_buf_puts(p->b, "</small>");
	}
	if (hi - lo > shown)
		ad_buf_printf(p->b, "<br><i>+%zu more</i>", hi - lo - shown);
	ad_buf_puts(p->b, "</dd>\n");
}

static void agent_aligned(page *p, uint32_t d)
{
	size_t lo = p->ix.align_start[d], hi = p->ix.align_start[d + 1], i;
	size_t shown = hi - lo < AGENT_ALIGNED ? hi - lo : AGENT_ALIGNED;

	ad_buf_puts(p->b, "<dt>Most aligned sections</dt><dd>");
	if (lo == hi)
		ad_buf_puts(p->b, "none");
	for (i = lo; i < lo + shown; i++) {
		const ad_alignment *al =
			&p->a->alignments.pairs[p->ix.align_ids[i]];

		ad_buf_puts(p->b, i > lo ? "<br>" : "");
		agent_link(p, al->a == d ? al->b : al->a);
		ad_buf_printf(p->b, " %u section%s, cosine ", al->n,
			      al->n == 1 ? "" : "s");
		score(p, ad_audit_agent_score(p->a, al->a, al->b));
	}
	if (hi - lo > shown)
		ad_buf_printf(p->b, "<br><i>+%zu more</i>", hi - lo - shown);
	ad_buf_puts(p->b, "</dd>\n");
}

static void agent(page *p, uint32_t d)
{
	const ad_doc *doc = ad_audit_doc(p->a, d);
	uint32_t c = p->ix.cluster_of[d];

	ad_buf_printf(p->b, "<section class=\"agent\" id=\"agent-%u\">\n<h3>",
		      d + 1);
	text(p, doc->path, PATH_BYTES);
	ad_buf_puts(p->b, "</h3>\n<dl>\n<dt>Name</dt><dd>");
	if (doc->name)
		text(p, doc->name, PATH_BYTES);
	else
		ad_buf_puts(p->b, "<i>none</i>");
	ad_buf_printf(p->b, "</dd>\n<dt>Kind</dt><dd>%s",
		      ad_doc_kind_name(doc->kind));
	if (doc->kind == AD_KIND_SKILL)
		ad_buf_printf(p->b, ", %zu resource%s", doc->resources,
			      doc->resources == 1 ? "" : "s");
	ad_buf_puts(p->b, "</dd>\n<dt>Description</dt><dd>");
	if (doc->fm.description)
		text(p, doc->fm.description, DESC_BYTES);
	else
		ad_buf_puts(p->b, "<i>none</i>");
	ad_buf_puts(p->b, "</dd>\n<dt>Cluster</dt><dd>");
	if (c)
		ad_buf_printf(p->b, "<a href=\"#cluster-%u\">%u</a>%s", c, c,
			      p->a->clustering.clusters[c - 1].canonical == d
				      ? " (canonical)"
				      : "");
	else
		ad_buf_puts(p->b, "none");
	ad_buf_puts(p->b, "</dd>\n");
	agent_sections(p, doc);
	agent_links(p, d);
	agent_aligned(p, d);
	ad_buf_puts(p->b, "</dl>\n</section>\n");
}

static void agents(page *p)
{
	size_t d;

	view_open(p, "agents", "Agents");
	for (d = 0; d < p->a->collection->ndocs; d++)
		agent(p, (uint32_t)d);
	view_close(p);
}

/* ---- compare ---- */

/* Sorted rule groups of agent d, into a caller-freed array. */
static uint32_t *groups_of(const ad_audit *a, uint32_t d, size_t *n)
{
	size_t lo = a->collection->at.rule_base[d],
	       hi = a->collection->at.rule_base[d + 1], i;
	uint32_t *g = ad_xmalloc((hi - lo + 1) * sizeof(*g));

	for (i = lo; i < hi; i++)
		g[i - lo] = a->inventory.group_of[i];
	ad_sort_u32(g, hi - lo);
	*n = hi - lo;
	return g;
}

static int has_group(const uint32_t *g, size_t n, uint32_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g[mid] == x)
			return 1;
		if (g[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Agent d's rules, each marked as matched (its group is in other's) or
 * unique to d. */
static void compare_rules(page *p, uint32_t d, const uint32_t *other,
			  size_t nother)
{
	size_t lo = p->a->collection->at.rule_base[d],
	       hi = p->a->collection->at.rule_base[d + 1], i;
	size_t shown = hi - lo < COMPARE_RULES ? hi - lo : COMPARE_RULES;

	ad_buf_puts(p->b, "<div class=\"col\"><h5>");
	agent_link(p, d);
	ad_buf_puts(p->b, "</h5>\n<ol class=\"rules\">\n");
	for (i = lo; i < lo + shown; i++)
		rule_item(p, (uint32_t)i,
			  has_group(other, nother, p->a->inventory.group_of[i])
				  ? "match"
				  : "unique");
	ad_buf_puts(p->b, "</ol>\n");
	more(p, hi - lo, shown, "rules");
	ad_buf_puts(p->b, "</div>\n");
}

static void match_row(page *p, const ad_section_match *m, int swap)
{
	uint32_t left = swap ? m->b : m->a, right = swap ? m->a : m->b;

	ad_buf_puts(p->b, "<tr><td>");
	section_name(p, left);
	ad_buf_puts(p->b, "</td><td class=\"num\">");
	score(p, m->score);
	ad_buf_puts(p->b, "</td><td>");
	section_name(p, right);
	ad_buf_puts(p->b, "</td><td>");
	ad_buf_clear(&p->scratch);
	ad_evidence_sections_text(&p->scratch, p->a, m->a, m->b);
	text(p, p->scratch.ptr, TEXT_BYTES);
	ad_buf_puts(p->b, "</td></tr>\n");
}

/* Sections of d no match of al uses, listed. */
static void unmatched(page *p, uint32_t d, const ad_alignment *al)
{
	const ad_audit *a = p->a;
	size_t base = a->collection->at.section_base[d],
	       n = a->collection->at.section_base[d + 1] - base;
	uint8_t *used = ad_xcalloc(n + 1, 1);
	size_t i, left = n;
	uint32_t k;

	for (k = 0; al && k < al->n; k++) {
		const ad_section_match *m = &a->alignments.matches[al->first + k];
		uint32_t s =
			a->collection->at.section_doc[m->a] == d ? m->a : m->b;

		left -= !used[s - base];
		used[s - base] = 1;
	}
	ad_buf_printf(p->b, "<div class=\"col\"><p>%zu section%s without a "
			    "counterpart</p>\n<ul class=\"sections\">\n",
		      left, left == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		if (used[i])
			continue;
		ad_buf_puts(p->b, "<li class=\"unique\">");
		section_name(p, (uint32_t)(base + i));
		ad_buf_puts(p->b, "</li>\n");
	}
	ad_buf_puts(p->b, "</ul>\n</div>\n");
	free(used);
}

static void compare_sections(page *p, uint32_t member, uint32_t canon)
{
	const ad_alignment *al = ad_audit_alignment(p->a, member, canon);
	uint32_t k;

	ad_buf_printf(p->b, "<h4>Aligned sections (%u)</h4>\n", al ? al->n : 0);
	if (al) {
		ad_buf_puts(p->b, "<table class=\"side\">\n<thead><tr><th>"
				  "Member</th><th>Score</th><th>Canonical</th>"
				  "<th>Shared words</th></tr></thead>\n"
				  "<tbody>\n");
		for (k = 0; k < al->n; k++)
			match_row(p, &p->a->alignments.matches[al->first + k],
				  member > canon);
		ad_buf_puts(p->b, "</tbody>\n</table>\n");
	}
	ad_buf_puts(p->b, "<div class=\"cols\">\n");
	unmatched(p, member, al);
	unmatched(p, canon, al);
	ad_buf_puts(p->b, "</div>\n");
}

static void comparison(page *p, size_t i, uint32_t k)
{
	const ad_cluster *c = &p->a->clustering.clusters[i];
	uint32_t member = c->members[k], canon = c->canonical;
	uint32_t *gm, *gc;
	size_t nm, nc;

	ad_buf_printf(p->b, "<section class=\"compare\" id=\"compare-%zu-%u\">"
			    "\n<h3><a href=\"#cluster-%zu\">Cluster %zu</a>: ",
		      i + 1, k + 1, i + 1, i + 1);
	agent_link(p, member);
	ad_buf_puts(p->b, " <small>against the canonical</small> ");
	agent_link(p, canon);
	ad_buf_puts(p->b, " ");
	score(p, c->scores[k]);
	ad_buf_puts(p->b, "</h3>\n");
	compare_sections(p, member, canon);
	gm = groups_of(p->a, member, &nm);
	gc = groups_of(p->a, canon, &nc);
	ad_buf_puts(p->b, "<h4>Rules <small><span class=\"match\">in both"
			  "</span> <span class=\"unique\">only on one side"
			  "</span></small></h4>\n<div class=\"cols\">\n");
	compare_rules(p, member, gc, nc);
	compare_rules(p, canon, gm, nm);
	ad_buf_puts(p->b, "</div>\n</section>\n");
	free(gm);
	free(gc);
}

static void compare(page *p)
{
	const ad_clustering *cl = &p->a->clustering;
	size_t i, done = 0, total = comparisons_before(p->a, cl->n);
	uint32_t k;

	view_open(p, "compare", "Compare");
	ad_buf_puts(p->b, "<p class=\"note\">Each member of a cluster beside "
			  "its canonical: the sections that align, and the "
			  "rules, marked when the other side carries the same "
			  "rule (in any wording).</p>\n");
	if (!total)
		ad_buf_puts(p->b, "<p>No clusters to compare.</p>\n");
	for (i = 0; i < cl->n && done < COMPARE_MAX; i++)
		for (k = 1; k < cl->clusters[i].n && done < COMPARE_MAX; k++) {
			comparison(p, i, k);
			done++;
		}
	more(p, total, done, "comparisons");
	view_close(p);
}

/* ---- heat map ---- */

#define CELL 18
#define MARGIN 260

/* From a pale to a deep blue as the score goes from 0 to 1. */
static void colour(page *p, double s)
{
	static const int lo[3] = {0xf7, 0xfb, 0xff}, hi[3] = {0x08, 0x30,
								 0x6b};
	int c[3], i;

	s = s < 0 ? 0 : s > 1 ? 1 : s;
	for (i = 0; i < 3; i++)
		c[i] = lo[i] + (int)((hi[i] - lo[i]) * s + (hi[i] > lo[i] ? 0.5
									: -0.5));
	ad_buf_printf(p->b, "#%02x%02x%02x", c[0], c[1], c[2]);
}

/* The end of agent d's path, escaped: its folder and file name, so that
 * copies of one file in two folders stay apart. */
static void label(page *p, uint32_t d, size_t max)
{
	const char *path = ad_audit_doc(p->a, d)->path, *start = path, *s;
	int slashes = 0;

	for (s = path + strlen(path); s > path; s--)
		if (s[-1] == '/' && ++slashes == 2) {
			start = s;
			break;
		}
	text(p, start, max);
}

static void cell(page *p, uint32_t x, uint32_t y, size_t row, size_t col)
{
	double s = x == y ? 1.0 : ad_audit_agent_score(p->a, x, y);

	ad_buf_printf(p->b, "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" "
			    "height=\"%d\" fill=\"",
		      MARGIN + col * CELL, MARGIN + row * CELL, CELL, CELL);
	colour(p, s);
	ad_buf_puts(p->b, "\"><title>");
	text(p, ad_audit_doc(p->a, x)->path, PATH_BYTES);
	ad_buf_puts(p->b, " \xC3\x97 ");
	text(p, ad_audit_doc(p->a, y)->path, PATH_BYTES);
	ad_buf_puts(p->b, ": ");
	ad_buf_put_score(p->b, s);
	ad_buf_puts(p->b, "</title></rect>\n");
}

static void matrix(page *p, const uint32_t *ids, size_t n, const char *what)
{
	size_t size = MARGIN + n * CELL + 4, i, j;

	ad_buf_printf(p->b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
			    "class=\"heat\" width=\"%zu\" height=\"%zu\" "
			    "viewBox=\"0 0 %zu %zu\" role=\"img\" "
			    "aria-label=\"%s\">\n",
		      size, size, size, size, what);
	for (i = 0; i < n; i++) {
		ad_buf_printf(p->b, "<text x=\"%d\" y=\"%zu\" "
				    "text-anchor=\"end\">",
			      MARGIN - 4, MARGIN + i * CELL + CELL - 3);
		label(p, ids[i], LABEL_BYTES);
		ad_buf_printf(p->b, "</text>\n<text transform=\"translate("
				    "%zu %d) rotate(-90)\">",
			      MARGIN + i * CELL + CELL - 3, MARGIN - 4);
		label(p, ids[i], LABEL_BYTES);
		ad_buf_puts(p->b, "</text>\n");
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			cell(p, ids[i], ids[j], i, j);
	ad_buf_puts(p->b, "</svg>\n");
}

/* The HEAT_MAX agents with the most links, most first. */
static size_t most_linked(const page *p, uint32_t *ids)
{
	size_t d, n = 0, nd = p->a->collection->ndocs;
	uint64_t *keys = ad_xmalloc((nd + 1) * sizeof(*keys));

	for (d = 0; d < nd; d++) {
		size_t links = p->ix.link_start[d + 1] - p->ix.link_start[d];

		if (links)
			keys[n++] = (uint64_t)(UINT32_MAX - links) << 32 | d;
	}
	ad_sort_u64(keys, n);
	n = n < HEAT_MAX ? n : HEAT_MAX;
	for (d = 0; d < n; d++)
		ids[d] = (uint32_t)keys[d];
	free(keys);
	return n;
}

static void heatmap(page *p)
{
	uint32_t ids[HEAT_MAX];
	size_t n;

	view_open(p, "heatmap", "Heat map");
	ad_buf_puts(p->b, "<p class=\"note\">Agent cosine, pale (0) to deep "
			  "blue (1); hover a cell for the pair and its "
			  "score.</p>\n");
	if (p->a->clustering.n) {
		const ad_cluster *c = &p->a->clustering.clusters[0];

		n = c->n < HEAT_MAX ? c->n : HEAT_MAX;
		ad_buf_printf(p->b, "<h3>The largest cluster (<a href=\""
				    "#cluster-1\">1</a>): %zu of its %u "
				    "members</h3>\n", n, c->n);
		matrix(p, c->members, n, "cosines within the largest cluster");
	}
	n = most_linked(p, ids);
	ad_buf_printf(p->b, "<h3>The %zu agents with the most links</h3>\n",
		      n);
	if (n)
		matrix(p, ids, n, "cosines of the most linked agents");
	else
		ad_buf_puts(p->b, "<p>No linked agents.</p>\n");
	view_close(p);
}

/* ---- the page ---- */

/* The stylesheet and the script are src/report/assets/report.css and
 * report.js, compiled in as they are (base/embed.h): every byte in them
 * is a byte of every page. Notes on them live here, not in the files, so
 * that the page does not carry them.
 *
 * The stylesheet gives agents, clusters, comparisons and details
 * content-visibility:auto: with thousands of agents the browser lays out
 * only what comes into view (the page of a 3,000-agent collection opens in
 * a third of the time). */
static const unsigned char css_bytes[] = {
#include "report_css.inc"
};
static const ad_embedded css = AD_EMBEDDED(css_bytes);

/* The script shows one view at a time (the one the location hash names,
 * or the one holding the element it names), and sorts and filters the
 * inventory by moving its rows. Text is read with textContent and never
 * written back as markup. Once the page has loaded, the browser scrolls
 * to the fragment again; the load handler takes a view back to its top. */
static const unsigned char script_bytes[] = {
#include "report_js.inc"
};
static const ad_embedded script = AD_EMBEDDED(script_bytes);

static void body(page *p)
{
	ad_buf_puts(p->b, "<body>\n");
	nav(p);
	ad_buf_puts(p->b, "<main>\n<h1>agentdup scan: ");
	count(p, p->a->collection->ndocs, "agent", "agents");
	ad_buf_puts(p->b, ", ");
	count(p, p->a->clustering.n, "cluster", "clusters");
	ad_buf_puts(p->b, "</h1>\n");
	overview(p);
	clusters(p);
	roles(p);
	templates(p);
	inventory(p);
	agents(p);
	compare(p);
	heatmap(p);
	ad_buf_puts(p->b, "</main>\n<footer><p class=\"note\">Written by "
			  "agentdup " AD_VERSION ".</p></footer>\n");
}

/* The head names the nonce of the one script the page may run: the hash
 * of everything else in the page, so it changes with the content and
 * never between two runs over the same audit. */
static void head(ad_buf *out, const char *nonce)
{
	ad_buf_printf(out,
		      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		      "<meta charset=\"utf-8\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" "
		      "content=\"default-src 'none'; style-src "
		      "'unsafe-inline'; script-src 'nonce-%s'; img-src "
		      "data:\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, "
		      "initial-scale=1\">\n"
		      "<meta name=\"referrer\" content=\"no-referrer\">\n"
		      "<title>agentdup scan report</title>\n<style>\n",
		      nonce);
	ad_buf_put(out, css.ptr, css.len);
	ad_buf_puts(out, "</style>\n</head>\n");
}

void ad_report_audit_html(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts)
{
	ad_buf content = AD_BUF_INIT;
	char nonce[AD_HASH_HEX + 1];
	page p;

	(void)opts;
	p.b = &content;
	p.a = audit;
	ad_buf_init(&p.scratch);
	index_build(&p.ix, audit);
	body(&p);
	ad_hash_content(nonce, content.ptr, content.len);
	nonce[32] = '\0'; /* 128 bits are plenty for a nonce */
	head(out, nonce);
	ad_buf_reserve(out, content.len + script.len + 64);
	ad_buf_put(out, content.ptr, content.len);
	ad_buf_printf(out, "<script nonce=\"%s\">\n", nonce);
	ad_buf_put(out, script.ptr, script.len);
	ad_buf_puts(out, "</script>\n</body>\n</html>\n");
	index_dispose(&p.ix);
	ad_buf_dispose(&p.scratch);
	ad_buf_dispose(&content);
}
