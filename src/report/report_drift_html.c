/*
 * report_drift_html.c - the drift between two snapshots as one page: a
 * static overview (the counts, and the store's timeline drawn as inline
 * SVG: agents, clusters and mean drift per snapshot), then the drift's
 * data and the one script that renders the other views from it on
 * demand: every agent with a change (searched, filtered by kind and size
 * of change, sorted, paged), the compare of an agent's two versions, the
 * clusters that changed, the members that drifted away from their
 * canonical. doc/html-report.md ("The drift page") is the contract.
 *
 * Safety: a Content-Security-Policy in a <meta> allows inline style and
 * the one script carrying the nonce (the hash of the page's body, so the
 * same drift gives the same bytes). Store text in the static part
 * (labels, notes) goes through ad_escape_html(), hover text on the chart
 * points is SVG <title> escaped the same way. The data is JSON compressed
 * and base64-encoded (no '<', '&' or quote), and the script builds
 * elements and text nodes from it, never markup.
 */
#include "agentdup/report.h"

#include <stdio.h>
#include <string.h>

#include "agentdup/escape.h"
#include "base/embed.h"
#include "report/drift_data.h"
#include "report/page.h"
#include "track/drift_clusters.h"

#define TEXT_BYTES 400  /* of a note shown */
#define PATH_BYTES 200  /* of a label shown */
#define CHUNK 250 /* agents' versions in one piece of data */

#define CHART_W 760 /* one chart's drawing, in SVG units */
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

/* The snapshots' labels under the axis, each cut to LABEL_BYTES: as many
 * as fit LABEL_W units apart (a cut label at the axis' font size), every
 * step-th of them. */
#define LABEL_BYTES 12
#define LABEL_W 80

static void x_labels(ad_buf *out, const ad_timeline_point *t, size_t n)
{
	size_t fit = (CHART_W - CHART_LEFT) / LABEL_W;
	size_t step = n > fit ? (n + fit - 1) / fit : 1, i;

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

	ad_buf_puts(out, "<div class=\"scroll\"><table class=\"timeline\">"
			 "<thead><tr><th>#</th>"
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
	ad_buf_puts(out, "</tbody></table></div>\n");
}

static void timeline(ad_buf *out, const ad_timeline_point *t, size_t n)
{
	size_t i;
	int any_clusters = 0;

	if (!t || !n)
		return;
	for (i = 0; i < n; i++)
		any_clusters |= t[i].clustered;
	ad_buf_printf(out, "<div id=\"timeline\"><h3>Timeline: %zu "
			   "snapshots</h3>\n", n);
	chart(out, "agents", t, n, m_agents, 0, 0);
	if (any_clusters)
		chart(out, "clusters", t, n, m_clusters, 1, 0);
	chart(out, "mean drift", t, n, m_drift, 0, 3);
	ad_buf_puts(out, "<p class=\"note\">Mean drift: over the agents in a "
			 "snapshot and the one before it, the mean of 1 - "
			 "cosine of their term counts (0 when unchanged).</p>"
			 "\n");
	timeline_table(out, t, n);
	ad_buf_puts(out, "</div>\n");
}

/* ---- the overview: the two snapshots compared ---------------------- */

/* A count, a link to the list it counts when there is one (href not
 * NULL, n not 0). */
static void stat(ad_buf *out, const char *what, size_t n, const char *href)
{
	if (href && n)
		ad_buf_printf(out, "<a class=\"stat\" href=\"%s\"><b>%zu</b>"
				   "%s</a>", href, n, what);
	else
		ad_buf_printf(out, "<div class=\"stat\"><b>%zu</b>%s</div>", n,
			      what);
}

static void summary(ad_buf *out, const ad_drift *d)
{
	const ad_drift_clusters *c = d->clusters;
	int clustered = c && c->clustered;

	ad_buf_printf(out, "<p>%zu &#8594; %zu agents", d->from_agents,
		      d->to_agents);
	if (clustered)
		ad_buf_printf(out, ", %zu &#8594; %zu clusters",
			      c->from_clusters, c->to_clusters);
	ad_buf_puts(out, d->reversed ? ". The older snapshot is the second: "
				       "the changes go back in time.</p>\n"
				     : ".</p>\n");
	ad_buf_puts(out, "<div class=\"stats\">");
	stat(out, "moved exact", d->moved_exact, "#agents?k=moved");
	stat(out, "moved with edits", d->moved_edited, "#agents?k=moved");
	stat(out, "added", d->added, "#agents?k=added");
	stat(out, "removed", d->removed, "#agents?k=removed");
	stat(out, "changed", d->changed, "#agents?k=changed");
	stat(out, "unchanged", d->unchanged, NULL);
	if (clustered) {
		stat(out, "cluster changes", c->nchanges, "#clusters");
		stat(out, "drifted from canonical", c->naway, "#away");
	}
	ad_buf_puts(out, "</div>\n");
	if (!clustered && c && c->note) {
		ad_buf_puts(out, "<p class=\"note\">Clusters not compared: ");
		esc(out, c->note, TEXT_BYTES);
		ad_buf_puts(out, "</p>\n");
	}
}

/* ---- the page ------------------------------------------------------- */

/* The views, in the nav's order, and their tabs' names; compare is
 * reached from the agents' list. */
static const char *const tabs[][2] = {
	{"overview", "overview"},
	{"agents", "agents"},
	{"clusters", "clusters"},
	{"away", "drifted away"},
};

#define COUNT(a) (sizeof(a) / sizeof(*(a)))

/* The stylesheet and the script, compiled in as they are
 * (base/embed.h): the scan page's core (data, router, element builder)
 * and the drift page's own views. */
static const unsigned char css_bytes[] = {
#include "drift_css.inc"
};
static const unsigned char core_bytes[] = {
#include "app_core_js.inc"
};
static const unsigned char js_bytes[] = {
#include "drift_js.inc"
};
static const ad_embedded styles[] = {AD_EMBEDDED(css_bytes)};
/* core.js first: drift.js uses what it defines */
static const ad_embedded scripts[] = {AD_EMBEDDED(core_bytes),
				      AD_EMBEDDED(js_bytes)};

static const ad_page page = {
	"agentdup drift report", "agentdup drift", tabs,   COUNT(tabs),
	styles,			 COUNT(styles),	   scripts, COUNT(scripts)};

/* The overview is written here, whole: it reads without the script. */
static void overview(ad_buf *b, const ad_drift *d,
		     const ad_timeline_point *t, size_t n)
{
	ad_buf_puts(b, "<section id=\"overview\" class=\"view\" "
		       "aria-labelledby=\"overview-h\">\n<h2 id=\"overview-h\" "
		       "tabindex=\"-1\">"
		       "Overview</h2>\n");
	summary(b, d);
	timeline(b, t, n);
	ad_buf_puts(b, "</section>\n");
}

/* The data: the main part, then the agents' versions in chunks, each
 * decoded only when a compare needs it; compressed on every CPU. */
static void data(ad_buf *b, const ad_drift *d)
{
	ad_buf json = AD_BUF_INIT;
	size_t first, n = ad_drift_data_nversions(d);
	char attrs[64];

	ad_drift_data(&json, d, CHUNK);
	ad_page_blob(b, "id=\"ad-data\"", &json, 0);
	for (first = 0; first < n; first += CHUNK) {
		ad_buf_clear(&json);
		ad_drift_data_versions(&json, d, first, CHUNK);
		snprintf(attrs, sizeof(attrs),
			 "class=\"ad-versions\" data-first=\"%zu\"", first);
		ad_page_blob(b, attrs, &json, 0);
	}
	ad_buf_dispose(&json);
}

static void body(ad_buf *b, const ad_drift *d, const ad_timeline_point *t,
		 size_t n)
{
	size_t i;

	ad_page_open(b, &page);
	ad_buf_puts(b, "<h1>Drift: ");
	esc(b, d->from, PATH_BYTES);
	ad_buf_puts(b, " &#8594; ");
	esc(b, d->to, PATH_BYTES);
	ad_buf_puts(b, "</h1>\n<noscript><p class=\"note\">The lists and "
		       "compares of this report are drawn with JavaScript, "
		       "which is turned off: the JSON report (drift -f json) "
		       "has every change.</p></noscript>\n");
	overview(b, d, t, n);
	for (i = 1; i < COUNT(tabs); i++)
		ad_page_section(b, tabs[i][0]);
	ad_page_section(b, "compare");
	ad_page_close(b);
	data(b, d);
}

void ad_report_drift_html(ad_buf *out, const ad_drift *d,
			  const ad_timeline_point *t, size_t n)
{
	ad_buf content = AD_BUF_INIT;

	body(&content, d, t, n);
	ad_page_write(out, &page, &content);
	ad_buf_dispose(&content);
}
