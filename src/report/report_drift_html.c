/*
 * report_drift_html.c - the drift between two snapshots as one page: the
 * store's timeline drawn as inline SVG (agents, clusters and mean drift
 * per snapshot), then the clusters that changed, the members that drifted
 * away from their canonical, and each agent's changes.
 *
 * The page runs no script at all: its Content-Security-Policy allows
 * inline style and nothing else, and every piece of store text (labels,
 * notes, paths, headings, rules, frontmatter values) goes through
 * ad_escape_html(). Hover text on the chart points is SVG <title>, escaped
 * the same way. Long lists are cut, each cut said with the count left.
 */
#include "agentdup/report.h"

#include <stdio.h>
#include <string.h>

#include "agentdup/escape.h"
#include "base/embed.h"
#include "track/drift_clusters.h"

#define AGENTS_MAX 1000 /* agents listed with their changes */
#define RULES_MAX 200   /* rule changes listed for one agent */
#define PATHS_MAX 50    /* members listed for one cluster change */
#define TEXT_BYTES 400  /* of a rule or value shown */
#define PATH_BYTES 200  /* of a path or label shown */

#define CHART_W 760     /* one chart's drawing, in SVG units */
#define CHART_H 120
#define CHART_LEFT 56   /* room for the axis numbers */
#define CHART_TOP 22

static void esc(ad_buf *out, const char *s, size_t max)
{
	ad_escape_html(out, s, max);
}

static void score(ad_buf *out, double v)
{
	ad_buf_put_score(out, v);
}

/* ---- the timeline --------------------------------------------------- */

typedef double (*metric_fn)(const ad_timeline_point *p);

static double m_agents(const ad_timeline_point *p)
{
	return (double)p->agents;
}

static double m_clusters(const ad_timeline_point *p)
{
	return (double)p->clusters;
}

static double m_drift(const ad_timeline_point *p)
{
	return p->mean_drift;
}

static double x_of(size_t i, size_t n)
{
	if (n < 2)
		return CHART_LEFT + (CHART_W - CHART_LEFT) / 2.0;
	return CHART_LEFT + 10 + (double)i * (CHART_W - CHART_LEFT - 20) /
					     (double)(n - 1);
}

static double y_of(double v, double top)
{
	double h = CHART_H - CHART_TOP - 14;

	return CHART_TOP + h - (top > 0 ? v / top * h : 0);
}

/* The snapshots' labels under the axis: at most X_LABELS of them, evenly
 * spaced, each cut to LABEL_BYTES. */
#define X_LABELS 12
#define LABEL_BYTES 12

static void x_labels(ad_buf *out, const ad_timeline_point *t, size_t n)
{
	size_t step = n > X_LABELS ? (n + X_LABELS - 1) / X_LABELS : 1, i;

	for (i = 0; i < n; i += step) {
		ad_buf_printf(out, "<text x=\"%.1f\" y=\"%d\" class=\"xl\">",
			      x_of(i, n), CHART_H - 2);
		esc(out, t[i].label, LABEL_BYTES);
		ad_buf_puts(out, "</text>\n");
	}
}

/* One small chart: a polyline over the points, each point a circle whose
 * <title> says the snapshot and the value. Snapshots without a value
 * (clusters of a store without texts) are skipped. */
static void chart(ad_buf *out, const char *title, const ad_timeline_point *t,
		  size_t n, metric_fn f, int skip_unclustered, int decimals)
{
	double top = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (f(&t[i]) > top)
			top = f(&t[i]);
	ad_buf_printf(out,
		      "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
		      "aria-label=\"%s per snapshot\">\n"
		      "<text x=\"4\" y=\"14\" class=\"ct\">%s</text>\n"
		      "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		      "class=\"axis\"/>\n"
		      "<text x=\"%d\" y=\"%d\" class=\"tick\">%.*f</text>\n"
		      "<text x=\"%d\" y=\"%d\" class=\"tick\">0</text>\n",
		      CHART_W, CHART_H, title, title, CHART_LEFT,
		      CHART_H - 14, CHART_W, CHART_H - 14, CHART_LEFT - 4,
		      CHART_TOP + 4, decimals, top, CHART_LEFT - 4,
		      CHART_H - 14);
	x_labels(out, t, n);
	ad_buf_puts(out, "<polyline points=\"");
	for (i = 0; i < n; i++)
		if (!skip_unclustered || t[i].clustered)
			ad_buf_printf(out, "%.1f,%.1f ", x_of(i, n),
				      y_of(f(&t[i]), top));
	ad_buf_puts(out, "\"/>\n");
	for (i = 0; i < n; i++) {
		if (skip_unclustered && !t[i].clustered)
			continue;
		ad_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\">"
				   "<title>", x_of(i, n), y_of(f(&t[i]), top));
		esc(out, t[i].label, PATH_BYTES);
		ad_buf_printf(out, ": %.*f</title></circle>\n", decimals,
			      f(&t[i]));
	}
	ad_buf_puts(out, "</svg>\n");
}

/* The snapshots as a table under the charts: the exact figures. */
static void timeline_table(ad_buf *out, const ad_timeline_point *t,
			   size_t n)
{
	size_t i;

	ad_buf_puts(out, "<table class=\"timeline\"><thead><tr><th>#</th>"
			 "<th>snapshot</th><th>note</th><th>agents</th>"
			 "<th>clusters</th><th>added</th><th>removed</th>"
			 "<th>moved</th><th>changed</th><th>mean drift</th>"
			 "</tr></thead><tbody>\n");
	for (i = 0; i < n; i++) {
		ad_buf_printf(out, "<tr><td class=\"num\">%zu</td><td>", i + 1);
		esc(out, t[i].label, PATH_BYTES);
		ad_buf_puts(out, "</td><td>");
		esc(out, t[i].note, TEXT_BYTES);
		ad_buf_printf(out, "</td><td class=\"num\">%zu</td>",
			      t[i].agents);
		if (t[i].clustered)
			ad_buf_printf(out, "<td class=\"num\">%zu</td>",
				      t[i].clusters);
		else
			ad_buf_puts(out, "<td class=\"num\">-</td>");
		ad_buf_printf(out, "<td class=\"num\">%zu</td><td class=\"num\">"
				   "%zu</td><td class=\"num\">%zu</td><td "
				   "class=\"num\">%zu</td><td class=\"num\">",
			      t[i].added, t[i].removed, t[i].moved,
			      t[i].changed);
		score(out, t[i].mean_drift);
		ad_buf_puts(out, "</td></tr>\n");
	}
	ad_buf_puts(out, "</tbody></table>\n");
}

static void timeline(ad_buf *out, const ad_timeline_point *t, size_t n)
{
	size_t i;
	int any_clusters = 0;

	if (!t || !n)
		return;
	for (i = 0; i < n; i++)
		any_clusters |= t[i].clustered;
	ad_buf_printf(out, "<section id=\"timeline\"><h2>Timeline: %zu "
			   "snapshots</h2>\n", n);
	chart(out, "agents", t, n, m_agents, 0, 0);
	if (any_clusters)
		chart(out, "clusters", t, n, m_clusters, 1, 0);
	chart(out, "mean drift", t, n, m_drift, 0, 3);
	ad_buf_puts(out, "<p class=\"note\">Mean drift: over the agents in a "
			 "snapshot and the one before it, the mean of 1 - "
			 "cosine of their term counts (0 when unchanged).</p>"
			 "\n");
	timeline_table(out, t, n);
	ad_buf_puts(out, "</section>\n");
}

/* ---- the two snapshots compared ------------------------------------- */

static void stat(ad_buf *out, const char *what, size_t n)
{
	ad_buf_printf(out, "<div class=\"stat\"><b>%zu</b>%s</div>", n, what);
}

static void summary(ad_buf *out, const ad_drift *d)
{
	const ad_drift_clusters *c = d->clusters;
	int clustered = c && c->clustered;

	ad_buf_puts(out, "<section id=\"summary\"><h1>Drift: ");
	esc(out, d->from, PATH_BYTES);
	ad_buf_puts(out, " &#8594; ");
	esc(out, d->to, PATH_BYTES);
	ad_buf_printf(out, "</h1>\n<p>%zu &#8594; %zu agents", d->from_agents,
		      d->to_agents);
	if (clustered)
		ad_buf_printf(out, ", %zu &#8594; %zu clusters",
			      c->from_clusters, c->to_clusters);
	ad_buf_puts(out, ".</p>\n<div class=\"stats\">");
	stat(out, "moved exact", d->moved_exact);
	stat(out, "moved with edits", d->moved_edited);
	stat(out, "added", d->added);
	stat(out, "removed", d->removed);
	stat(out, "changed", d->changed);
	stat(out, "unchanged", d->unchanged);
	if (clustered) {
		stat(out, "cluster changes", c->nchanges);
		stat(out, "drifted from canonical", c->naway);
	}
	ad_buf_puts(out, "</div>\n");
	if (!clustered && c && c->note) {
		ad_buf_puts(out, "<p class=\"note\">Clusters not compared: ");
		esc(out, c->note, TEXT_BYTES);
		ad_buf_puts(out, "</p>\n");
	}
	ad_buf_puts(out, "</section>\n");
}

static void crefs(ad_buf *out, const ad_drift_cref *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ad_buf_puts(out, i ? "<br>" : "");
		esc(out, c[i].canonical, PATH_BYTES);
		ad_buf_printf(out, " <small>(%zu)</small>", c[i].size);
	}
}

static void paths(ad_buf *out, const char *what, char *const *p, size_t n)
{
	size_t i;

	if (!n)
		return;
	ad_buf_printf(out, "<div><small>%s:</small> ", what);
	for (i = 0; i < n && i < PATHS_MAX; i++) {
		ad_buf_puts(out, i ? ", " : "");
		esc(out, p[i], PATH_BYTES);
	}
	if (n > PATHS_MAX)
		ad_buf_printf(out, " <span class=\"more\">and %zu more</span>",
			      n - PATHS_MAX);
	ad_buf_puts(out, "</div>");
}

static void cluster_changes(ad_buf *out, const ad_drift_clusters *c)
{
	size_t i;

	if (!c || !c->clustered)
		return;
	ad_buf_printf(out, "<section id=\"clusters\"><h2>Clusters: %zu "
			   "changes</h2>\n", c->nchanges);
	if (c->nchanges)
		ad_buf_puts(out, "<table><thead><tr><th>change</th><th>before"
				 "</th><th>after</th><th>members</th></tr>"
				 "</thead><tbody>\n");
	for (i = 0; i < c->nchanges; i++) {
		const ad_drift_cluster *e = &c->changes[i];

		ad_buf_printf(out, "<tr><td class=\"k-%s\">%s</td><td>",
			      ad_cluster_change_name(e->kind), ad_cluster_change_name(e->kind));
		crefs(out, e->before, e->nbefore);
		ad_buf_puts(out, "</td><td>");
		crefs(out, e->after, e->nafter);
		ad_buf_puts(out, "</td><td>");
		paths(out, "joined", e->joined, e->njoined);
		paths(out, "left", e->left, e->nleft);
		ad_buf_puts(out, "</td></tr>\n");
	}
	if (c->nchanges)
		ad_buf_puts(out, "</tbody></table>\n");
	ad_buf_puts(out, "</section>\n");
	if (!c->naway)
		return;
	ad_buf_printf(out, "<section id=\"away\"><h2>Drifted away from their "
			   "canonical: %zu</h2>\n<table><thead><tr><th>agent"
			   "</th><th>canonical</th><th>similarity before</th>"
			   "<th>after</th></tr></thead><tbody>\n", c->naway);
	for (i = 0; i < c->naway; i++) {
		ad_buf_puts(out, "<tr><td>");
		esc(out, c->away[i].path, PATH_BYTES);
		ad_buf_puts(out, "</td><td>");
		esc(out, c->away[i].canonical, PATH_BYTES);
		ad_buf_puts(out, "</td><td class=\"num\">");
		score(out, c->away[i].before);
		ad_buf_puts(out, "</td><td class=\"num\">");
		score(out, c->away[i].after);
		ad_buf_puts(out, "</td></tr>\n");
	}
	ad_buf_puts(out, "</tbody></table></section>\n");
}

/* ---- agents --------------------------------------------------------- */

static void field(ad_buf *out, const ad_drift_field *f)
{
	ad_buf_printf(out, "<li class=\"f%s\"><b>", f->flagged ? " flag" : "");
	esc(out, f->key, PATH_BYTES);
	ad_buf_puts(out, "</b>: <del>");
	esc(out, f->old_value ? f->old_value : "(none)", TEXT_BYTES);
	ad_buf_puts(out, "</del> &#8594; <ins>");
	esc(out, f->new_value ? f->new_value : "(none)", TEXT_BYTES);
	ad_buf_puts(out, f->flagged ? "</ins> <b>flagged</b></li>\n"
				    : "</ins></li>\n");
}

static void rule(ad_buf *out, const ad_drift_rule *r)
{
	ad_buf_printf(out, "<li class=\"op%s\">",
		      r->op == '+' ? "add" : r->op == '-' ? "del" : "rew");
	if (r->op != '+') {
		ad_buf_puts(out, "<del>");
		esc(out, r->old_text, TEXT_BYTES);
		ad_buf_puts(out, "</del>");
	}
	if (r->op == '~')
		ad_buf_puts(out, " &#8594; ");
	if (r->op != '-') {
		ad_buf_puts(out, "<ins>");
		esc(out, r->new_text, TEXT_BYTES);
		ad_buf_puts(out, "</ins>");
	}
	if (r->op == '~') {
		ad_buf_puts(out, " <small>");
		score(out, r->score);
		ad_buf_puts(out, "</small>");
	}
	ad_buf_puts(out, "</li>\n");
}

static void changes(ad_buf *out, const ad_drift_agent *a)
{
	size_t i;

	ad_buf_puts(out, "<ul class=\"changes\">\n");
	for (i = 0; i < a->nfields; i++)
		field(out, &a->fields[i]);
	for (i = 0; i < a->nsections; i++) {
		ad_buf_printf(out, "<li class=\"sec\">section %c ",
			      a->sections[i].op);
		esc(out, *a->sections[i].path ? a->sections[i].path
					      : "(before the first heading)",
		    PATH_BYTES);
		ad_buf_puts(out, "</li>\n");
	}
	for (i = 0; i < a->nrules && i < RULES_MAX; i++)
		rule(out, &a->rules[i]);
	if (a->nrules > RULES_MAX)
		ad_buf_printf(out, "<li class=\"more\">and %zu more rule "
				   "changes (see the JSON report)</li>\n",
			      a->nrules - RULES_MAX);
	ad_buf_puts(out, "</ul>\n");
}

static void agent(ad_buf *out, const ad_drift_agent *a)
{
	int open = a->nrules || a->nsections || a->nfields;

	ad_buf_printf(out, "<details class=\"agent %s\"><summary>",
		      ad_drift_kind_name(a->kind));
	if (a->old_path) {
		esc(out, a->old_path, PATH_BYTES);
		ad_buf_puts(out, " &#8594; ");
	}
	esc(out, a->path, PATH_BYTES);
	if (a->kind == AD_DRIFT_MOVED && a->exact)
		ad_buf_puts(out, " <small>exact</small>");
	else if (a->kind == AD_DRIFT_MOVED || a->kind == AD_DRIFT_CHANGED) {
		ad_buf_puts(out, " <small>drift ");
		score(out, a->drift);
		ad_buf_printf(out, ", %zu frontmatter, %zu section and %zu "
				   "rule changes%s</small>", a->nfields,
			      a->nsections, a->nrules,
			      a->flagged ? ", <b>tools/model changed</b>" : "");
	}
	ad_buf_puts(out, "</summary>\n");
	if (open)
		changes(out, a);
	ad_buf_puts(out, "</details>\n");
}

static void agents(ad_buf *out, const ad_drift *d)
{
	size_t i, shown = 0;
	int k;

	ad_buf_printf(out, "<section id=\"agents\"><h2>Agents: %zu with a "
			   "change</h2>\n", d->nagents);
	for (k = AD_DRIFT_MOVED; k <= AD_DRIFT_CHANGED; k++) {
		size_t n = 0;

		for (i = 0; i < d->nagents; i++)
			n += d->agents[i].kind == (ad_drift_kind)k;
		if (!n)
			continue;
		ad_buf_printf(out, "<h3>%s (%zu)</h3>\n", ad_drift_kind_name((ad_drift_kind)k), n);
		for (i = 0; i < d->nagents; i++)
			if (d->agents[i].kind == (ad_drift_kind)k &&
			    shown++ < AGENTS_MAX)
				agent(out, &d->agents[i]);
	}
	if (shown > AGENTS_MAX)
		ad_buf_printf(out, "<p class=\"more\">%zu more agents not "
				   "listed (see the JSON report).</p>\n",
			      shown - AGENTS_MAX);
	ad_buf_puts(out, "</section>\n");
}

/* ---- the page ------------------------------------------------------- */

/* The stylesheet is src/report/assets/drift.css, compiled in as it is
 * (base/embed.h). */
static const unsigned char css_bytes[] = {
#include "drift_css.inc"
};
static const ad_embedded css = AD_EMBEDDED(css_bytes);

void ad_report_drift_html(ad_buf *out, const ad_drift *d,
			  const ad_timeline_point *t, size_t n)
{
	ad_buf_puts(out,
		    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta http-equiv=\"Content-Security-Policy\" "
		    "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
		    "\n<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n"
		    "<meta name=\"referrer\" content=\"no-referrer\">\n"
		    "<title>agentdup drift report</title>\n<style>\n");
	ad_buf_put(out, css.ptr, css.len);
	ad_buf_puts(out, "</style>\n</head>\n<body>\n<nav><span class=\"brand\">"
			 "agentdup drift</span><a href=\"#summary\">summary</a>"
			 "<a href=\"#timeline\">timeline</a><a href=\"#clusters"
			 "\">clusters</a><a href=\"#agents\">agents</a></nav>\n"
			 "<main>\n");
	summary(out, d);
	timeline(out, t, n);
	cluster_changes(out, d->clusters);
	agents(out, d);
	ad_buf_puts(out, "</main>\n<footer><p class=\"note\">Written by agentdup "
			 AD_VERSION ".</p></footer>\n</body>\n</html>\n");
}
