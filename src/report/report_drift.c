/*
 * report_drift.c - the drift between two snapshots as text and as JSON.
 *
 * Every string from the store is document text (paths, headings, rules,
 * frontmatter values), so every one goes through escape.h: a hostile
 * agent cannot move the terminal's cursor or break the JSON. Scores have
 * four decimals (ad_buf_put_score), so output compares byte for byte.
 * Text cuts long frontmatter values and an agent's rules; JSON is whole.
 */
#include "agentdup/drift.h"

#include <string.h>

#include "agentdup/escape.h"
#include "track/drift_clusters.h"

static size_t count_kind(const ad_drift *d, ad_drift_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < d->nagents; i++)
		n += d->agents[i].kind == k;
	return n;
}

/* ---- text ----------------------------------------------------------- */

/* Frontmatter values run to thousands of bytes (descriptions with
 * examples): text shows their start, cut on a character boundary. */
#define TEXT_VALUE_MAX 160

static void text_value(ad_buf *out, const char *v)
{
	ad_buf cut = AD_BUF_INIT;
	size_t n = strlen(v);

	if (n <= TEXT_VALUE_MAX) {
		ad_escape_line(out, v);
		return;
	}
	for (n = TEXT_VALUE_MAX; n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80;
	     n--)
		;
	ad_buf_put(&cut, v, n);
	ad_escape_line(out, cut.ptr);
	ad_buf_puts(out, "...");
	ad_buf_dispose(&cut);
}

/* A heading path; the text before the first heading has none. */
static void text_heading(ad_buf *out, const char *path)
{
	if (*path)
		ad_escape_line(out, path);
	else
		ad_buf_puts(out, "(before the first heading)");
}

static void text_summary(ad_buf *out, const ad_drift *d)
{
	ad_buf_puts(out, "drift ");
	ad_escape_line(out, d->from);
	ad_buf_puts(out, " -> ");
	ad_escape_line(out, d->to);
	ad_buf_printf(out,
		      ": %zu -> %zu agents: %zu moved (%zu exact, %zu with "
		      "edits), %zu added, %zu removed, %zu changed, %zu "
		      "unchanged\n",
		      d->from_agents, d->to_agents,
		      d->moved_exact + d->moved_edited, d->moved_exact,
		      d->moved_edited, d->added, d->removed, d->changed,
		      d->unchanged);
}

static void text_field(ad_buf *out, const ad_drift_field *f)
{
	ad_buf_puts(out, "    field ");
	ad_escape_line(out, f->key);
	ad_buf_puts(out, ": ");
	if (f->old_value)
		text_value(out, f->old_value);
	else
		ad_buf_puts(out, "(none)");
	ad_buf_puts(out, " -> ");
	if (f->new_value)
		text_value(out, f->new_value);
	else
		ad_buf_puts(out, "(none)");
	ad_buf_puts(out, f->flagged ? "  [flagged]\n" : "\n");
}

static void text_rule(ad_buf *out, const ad_drift_rule *r)
{
	ad_buf_printf(out, "    rule %c ", r->op);
	if (r->op == '~') {
		ad_escape_line(out, r->old_text);
		ad_buf_puts(out, " -> ");
		ad_escape_line(out, r->new_text);
		ad_buf_puts(out, "  (");
		ad_buf_put_score(out, r->score);
		ad_buf_puts(out, ")\n");
		return;
	}
	ad_escape_line(out, r->op == '-' ? r->old_text : r->new_text);
	ad_buf_putc(out, '\n');
}

/* What changed in an agent's text: fields, sections, then rules (cut). */
void ad_drift_write_changes_text(ad_buf *out, const ad_drift_agent *a,
				 size_t max_rules)
{
	size_t i, shown = max_rules ? max_rules : a->nrules;

	for (i = 0; i < a->nfields; i++)
		text_field(out, &a->fields[i]);
	for (i = 0; i < a->nsections; i++) {
		ad_buf_printf(out, "    section %c ", a->sections[i].op);
		text_heading(out, a->sections[i].path);
		ad_buf_putc(out, '\n');
	}
	for (i = 0; i < a->nrules && i < shown; i++)
		text_rule(out, &a->rules[i]);
	if (a->nrules > shown)
		ad_buf_printf(out, "    ... and %zu more rule changes\n",
			      a->nrules - shown);
}

static void text_agent(ad_buf *out, const ad_drift_agent *a)
{
	ad_buf_puts(out, "  ");
	if (a->old_path) {
		ad_escape_line(out, a->old_path);
		ad_buf_puts(out, " -> ");
	}
	ad_escape_line(out, a->path);
	if (a->kind == AD_DRIFT_MOVED && a->exact) {
		ad_buf_puts(out, "  exact\n");
		return;
	}
	if (a->kind == AD_DRIFT_MOVED) {
		ad_buf_puts(out, "  similarity ");
		ad_buf_put_score(out, a->similarity);
	}
	if (a->kind == AD_DRIFT_MOVED || a->kind == AD_DRIFT_CHANGED) {
		ad_buf_puts(out, "  drift ");
		ad_buf_put_score(out, a->drift);
		if (a->flagged)
			ad_buf_puts(out, "  [tools/model changed]");
	}
	ad_buf_putc(out, '\n');
	ad_drift_write_changes_text(out, a, AD_DRIFT_TEXT_RULES);
}

/* "a.md (3) + b.md (2)" */
static void text_crefs(ad_buf *out, const ad_drift_cref *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ad_buf_puts(out, i ? " + " : "");
		ad_escape_line(out, c[i].canonical);
		ad_buf_printf(out, " (%zu)", c[i].size);
	}
}

/* Paths cut at AD_DRIFT_TEXT_RULES, with a count of the rest. */
static void text_paths(ad_buf *out, const char *what, char *const *p,
		       size_t n)
{
	size_t i;

	if (!n)
		return;
	ad_buf_printf(out, "\n      %s: ", what);
	for (i = 0; i < n && i < AD_DRIFT_TEXT_RULES; i++) {
		ad_buf_puts(out, i ? ", " : "");
		ad_escape_line(out, p[i]);
	}
	if (n > AD_DRIFT_TEXT_RULES)
		ad_buf_printf(out, " ... and %zu more",
			      n - AD_DRIFT_TEXT_RULES);
}

static void text_event(ad_buf *out, const ad_drift_cluster *e)
{
	ad_buf_printf(out, "  %-9s ", ad_cluster_change_name(e->kind));
	text_crefs(out, e->before, e->nbefore);
	ad_buf_puts(out, e->nbefore && e->nafter ? " -> " : "");
	text_crefs(out, e->after, e->nafter);
	text_paths(out, "joined", e->joined, e->njoined);
	text_paths(out, "left", e->left, e->nleft);
	ad_buf_putc(out, '\n');
}

static void text_clusters(ad_buf *out, const ad_drift_clusters *c)
{
	size_t i;

	if (!c || !c->clustered) {
		if (c && c->note) {
			ad_buf_puts(out, "\nclusters not compared: ");
			ad_escape_line(out, c->note);
			ad_buf_putc(out, '\n');
		}
		return;
	}
	ad_buf_printf(out, "\nclusters %zu -> %zu: %zu changes\n",
		      c->from_clusters, c->to_clusters, c->nchanges);
	for (i = 0; i < c->nchanges; i++)
		text_event(out, &c->changes[i]);
	if (!c->naway)
		return;
	ad_buf_printf(out, "\ndrifted away from their canonical (%zu)\n",
		      c->naway);
	for (i = 0; i < c->naway; i++) {
		ad_buf_puts(out, "  ");
		ad_escape_line(out, c->away[i].path);
		ad_buf_puts(out, "  from ");
		ad_escape_line(out, c->away[i].canonical);
		ad_buf_puts(out, ": similarity ");
		ad_buf_put_score(out, c->away[i].before);
		ad_buf_puts(out, " -> ");
		ad_buf_put_score(out, c->away[i].after);
		ad_buf_putc(out, '\n');
	}
}

static void text_timeline(ad_buf *out, const ad_timeline_point *t, size_t n)
{
	size_t i;

	ad_buf_printf(out, "\ntimeline (%zu snapshots)\n", n);
	ad_buf_printf(out, "  %-24s %6s %8s %6s %7s %6s %7s  %s\n", "label",
		      "agents", "clusters", "added", "removed", "moved",
		      "changed", "mean drift");
	for (i = 0; i < n; i++) {
		ad_buf label = AD_BUF_INIT;

		ad_escape_line(&label, t[i].label);
		ad_buf_printf(out, "  %-24s %6zu ", label.ptr, t[i].agents);
		if (t[i].clustered)
			ad_buf_printf(out, "%8zu", t[i].clusters);
		else
			ad_buf_printf(out, "%8s", "-");
		ad_buf_printf(out, " %6zu %7zu %6zu %7zu  ", t[i].added,
			      t[i].removed, t[i].moved, t[i].changed);
		ad_buf_put_score(out, t[i].mean_drift);
		ad_buf_putc(out, '\n');
		ad_buf_dispose(&label);
	}
}

void ad_drift_write_text(ad_buf *out, const ad_drift *d,
			 const ad_timeline_point *t, size_t nt)
{
	size_t i, n;
	int k;

	text_summary(out, d);
	for (k = AD_DRIFT_MOVED; k <= AD_DRIFT_CHANGED; k++) {
		if ((n = count_kind(d, (ad_drift_kind)k)) == 0)
			continue;
		ad_buf_printf(out, "\n%s (%zu)\n", ad_drift_kind_name((ad_drift_kind)k), n);
		for (i = 0; i < d->nagents; i++)
			if (d->agents[i].kind == (ad_drift_kind)k)
				text_agent(out, &d->agents[i]);
	}
	text_clusters(out, d->clusters);
	if (t)
		text_timeline(out, t, nt);
}

/* ---- JSON ----------------------------------------------------------- */

static void json_summary(ad_buf *out, const ad_drift *d)
{
	ad_buf_printf(out,
		      "  \"summary\": {\"from_agents\": %zu, \"to_agents\": "
		      "%zu, \"moved_exact\": %zu, \"moved_edited\": %zu, "
		      "\"added\": %zu, \"removed\": %zu, \"changed\": %zu, "
		      "\"unchanged\": %zu},\n",
		      d->from_agents, d->to_agents, d->moved_exact,
		      d->moved_edited, d->added, d->removed, d->changed,
		      d->unchanged);
}

static void json_op(ad_buf *out, char op)
{
	ad_buf_printf(out, "{\"op\": \"%c\"", op);
}

static void json_fields(ad_buf *out, const ad_drift_agent *a)
{
	size_t i;

	ad_buf_puts(out, ", \"frontmatter\": [");
	for (i = 0; i < a->nfields; i++) {
		const ad_drift_field *f = &a->fields[i];

		ad_buf_puts(out, i ? ", {\"key\": " : "{\"key\": ");
		ad_escape_json(out, f->key);
		ad_buf_puts(out, ", \"from\": ");
		ad_escape_json(out, f->old_value);
		ad_buf_puts(out, ", \"to\": ");
		ad_escape_json(out, f->new_value);
		ad_buf_printf(out, ", \"flagged\": %s}",
			      f->flagged ? "true" : "false");
	}
	ad_buf_puts(out, "]");
}

static void json_sections(ad_buf *out, const ad_drift_agent *a)
{
	size_t i;

	ad_buf_puts(out, ", \"sections\": [");
	for (i = 0; i < a->nsections; i++) {
		ad_buf_puts(out, i ? ", " : "");
		json_op(out, a->sections[i].op);
		ad_buf_puts(out, ", \"path\": ");
		ad_escape_json(out, a->sections[i].path);
		ad_buf_putc(out, '}');
	}
	ad_buf_puts(out, "]");
}

static void json_rules(ad_buf *out, const ad_drift_agent *a)
{
	size_t i;

	ad_buf_puts(out, ", \"rules\": [");
	for (i = 0; i < a->nrules; i++) {
		const ad_drift_rule *r = &a->rules[i];

		ad_buf_puts(out, i ? ",\n        " : "\n        ");
		json_op(out, r->op);
		ad_buf_puts(out, ", \"from\": ");
		ad_escape_json(out, r->old_text);
		ad_buf_puts(out, ", \"to\": ");
		ad_escape_json(out, r->new_text);
		if (r->op == '~') {
			ad_buf_puts(out, ", \"score\": ");
			ad_buf_put_score(out, r->score);
		}
		ad_buf_putc(out, '}');
	}
	ad_buf_puts(out, "]");
}

void ad_drift_write_changes_json(ad_buf *out, const ad_drift_agent *a)
{
	json_fields(out, a);
	json_sections(out, a);
	json_rules(out, a);
}

static void json_agent(ad_buf *out, const ad_drift_agent *a)
{
	ad_buf_puts(out, "{\"path\": ");
	ad_escape_json(out, a->path);
	if (a->kind == AD_DRIFT_MOVED) {
		ad_buf_puts(out, ", \"from\": ");
		ad_escape_json(out, a->old_path);
		ad_buf_printf(out, ", \"exact\": %s",
			      a->exact ? "true" : "false");
	}
	if ((a->kind == AD_DRIFT_MOVED && !a->exact) ||
	    a->kind == AD_DRIFT_CHANGED) {
		ad_buf_puts(out, ", \"similarity\": ");
		ad_buf_put_score(out, a->similarity);
		ad_buf_puts(out, ", \"drift\": ");
		ad_buf_put_score(out, a->drift);
		ad_buf_printf(out, ", \"flagged\": %s",
			      a->flagged ? "true" : "false");
		ad_drift_write_changes_json(out, a);
	}
	ad_buf_putc(out, '}');
}

static void json_crefs(ad_buf *out, const char *key,
		       const ad_drift_cref *c, size_t n)
{
	size_t i;

	ad_buf_printf(out, "\"%s\": [", key);
	for (i = 0; i < n; i++) {
		ad_buf_puts(out, i ? ", {\"canonical\": " : "{\"canonical\": ");
		ad_escape_json(out, c[i].canonical);
		ad_buf_printf(out, ", \"size\": %zu}", c[i].size);
	}
	ad_buf_putc(out, ']');
}

static void json_paths(ad_buf *out, const char *key, char *const *p,
		       size_t n)
{
	size_t i;

	ad_buf_printf(out, ", \"%s\": [", key);
	for (i = 0; i < n; i++) {
		ad_buf_puts(out, i ? ", " : "");
		ad_escape_json(out, p[i]);
	}
	ad_buf_putc(out, ']');
}

static void json_event(ad_buf *out, const ad_drift_cluster *e)
{
	ad_buf_printf(out, "{\"change\": \"%s\", ", ad_cluster_change_name(e->kind));
	json_crefs(out, "before", e->before, e->nbefore);
	ad_buf_puts(out, ", ");
	json_crefs(out, "after", e->after, e->nafter);
	json_paths(out, "joined", e->joined, e->njoined);
	json_paths(out, "left", e->left, e->nleft);
	ad_buf_putc(out, '}');
}

static void json_clusters(ad_buf *out, const ad_drift_clusters *c)
{
	size_t i;

	if (!c || !c->clustered) {
		ad_buf_puts(out, ",\n  \"clusters\": null,\n  "
				 "\"clusters_note\": ");
		ad_escape_json(out, c ? c->note : NULL);
		return;
	}
	ad_buf_printf(out, ",\n  \"clusters\": {\"from\": %zu, \"to\": %zu, "
			   "\"changes\": [", c->from_clusters, c->to_clusters);
	for (i = 0; i < c->nchanges; i++) {
		ad_buf_puts(out, i ? ",\n    " : "\n    ");
		json_event(out, &c->changes[i]);
	}
	ad_buf_puts(out, c->nchanges ? "\n  ], \"away\": [" : "], \"away\": [");
	for (i = 0; i < c->naway; i++) {
		ad_buf_puts(out, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
		ad_escape_json(out, c->away[i].path);
		ad_buf_puts(out, ", \"canonical\": ");
		ad_escape_json(out, c->away[i].canonical);
		ad_buf_puts(out, ", \"before\": ");
		ad_buf_put_score(out, c->away[i].before);
		ad_buf_puts(out, ", \"after\": ");
		ad_buf_put_score(out, c->away[i].after);
		ad_buf_putc(out, '}');
	}
	ad_buf_puts(out, c->naway ? "\n  ]}" : "]}");
}

static void json_timeline(ad_buf *out, const ad_timeline_point *t, size_t n)
{
	size_t i;

	ad_buf_puts(out, ",\n  \"timeline\": [");
	for (i = 0; i < n; i++) {
		ad_buf_puts(out, i ? ",\n    {\"label\": " : "\n    {\"label\": ");
		ad_escape_json(out, t[i].label);
		ad_buf_puts(out, ", \"created\": ");
		ad_escape_json(out, t[i].created);
		ad_buf_puts(out, ", \"note\": ");
		ad_escape_json(out, t[i].note);
		ad_buf_printf(out, ", \"agents\": %zu, ", t[i].agents);
		if (t[i].clustered)
			ad_buf_printf(out, "\"clusters\": %zu, \"clustered\": "
					   "%zu, ", t[i].clusters,
				      t[i].clustered_agents);
		else
			ad_buf_puts(out, "\"clusters\": null, \"clustered\": "
					 "null, ");
		ad_buf_printf(out, "\"added\": %zu, \"removed\": %zu, "
				   "\"moved\": %zu, \"changed\": %zu, "
				   "\"mean_drift\": ", t[i].added,
			      t[i].removed, t[i].moved, t[i].changed);
		ad_buf_put_score(out, t[i].mean_drift);
		ad_buf_putc(out, '}');
	}
	ad_buf_puts(out, n ? "\n  ]" : "]");
}

void ad_drift_write_json(ad_buf *out, const ad_drift *d,
			 const ad_timeline_point *t, size_t nt)
{
	size_t i, n;
	int k;

	ad_buf_puts(out, "{\n  \"from\": ");
	ad_escape_json(out, d->from);
	ad_buf_puts(out, ",\n  \"to\": ");
	ad_escape_json(out, d->to);
	ad_buf_puts(out, ",\n");
	json_summary(out, d);
	for (k = AD_DRIFT_MOVED; k <= AD_DRIFT_CHANGED; k++) {
		ad_buf_printf(out, "  \"%s\": [", ad_drift_kind_name((ad_drift_kind)k));
		for (i = n = 0; i < d->nagents; i++)
			if (d->agents[i].kind == (ad_drift_kind)k) {
				ad_buf_puts(out, n++ ? ",\n    " : "\n    ");
				json_agent(out, &d->agents[i]);
			}
		ad_buf_puts(out, n ? "\n  ]" : "]");
		ad_buf_puts(out, k == AD_DRIFT_CHANGED ? "" : ",\n");
	}
	json_clusters(out, d->clusters);
	if (t)
		json_timeline(out, t, nt);
	ad_buf_puts(out, "\n}\n");
}
