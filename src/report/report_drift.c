/*
 * report_drift.c - the drift between two snapshots as text and as JSON.
 *
 * Every string from the store is document text (paths, headings, rules,
 * frontmatter values), so every one goes through escape.h: a hostile
 * agent cannot move the terminal's cursor or break the JSON. Scores have
 * four decimals (ad_buf_put_score), so output compares byte for byte.
 * Text cuts long frontmatter values and an agent's rules; JSON is whole.
 */
#include "agentdup/report.h"

#include <string.h>

#include "agentdup/escape.h"
#include "report/drift_changes.h"
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
		      ": %s -> %s agents: %s moved (%s exact, %s with "
		      "edits), %s added, %s removed, %s changed, %s "
		      "unchanged\n",
		      AD_COUNT(d->from_agents), AD_COUNT(d->to_agents),
		      AD_COUNT(d->moved_exact + d->moved_edited),
		      AD_COUNT(d->moved_exact), AD_COUNT(d->moved_edited),
		      AD_COUNT(d->added), AD_COUNT(d->removed),
		      AD_COUNT(d->changed), AD_COUNT(d->unchanged));
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
void ad_report_drift_changes_text(ad_buf *out, const ad_drift_agent *a,
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
		ad_buf_printf(out, "    ... and %s more rule changes\n",
			      AD_COUNT(a->nrules - shown));
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
	ad_report_drift_changes_text(out, a, AD_DRIFT_TEXT_RULES);
}

/* "a.md (3) + b.md (2)" */
static void text_crefs(ad_buf *out, const ad_drift_cref *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ad_buf_puts(out, i ? " + " : "");
		ad_escape_line(out, c[i].canonical);
		ad_buf_printf(out, " (%s)", AD_COUNT(c[i].size));
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
		ad_buf_printf(out, " ... and %s more",
			      AD_COUNT(n - AD_DRIFT_TEXT_RULES));
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
	ad_buf_printf(out, "\nclusters %s -> %s: %s changes\n",
		      AD_COUNT(c->from_clusters), AD_COUNT(c->to_clusters),
		      AD_COUNT(c->nchanges));
	for (i = 0; i < c->nchanges; i++)
		text_event(out, &c->changes[i]);
	if (!c->naway)
		return;
	ad_buf_printf(out, "\ndrifted away from their canonical (%s)\n",
		      AD_COUNT(c->naway));
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

	/* 80 columns with a label of 24 */
	ad_buf_printf(out,
		      "\ntimeline (%zu snapshots; drift: mean of the agents "
		      "shared with the one before)\n", n);
	ad_buf_printf(out, "  %-24s %6s %8s %6s %7s %6s %7s  %6s\n", "label",
		      "agents", "clusters", "added", "removed", "moved",
		      "changed", "drift");
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

void ad_report_drift_text(ad_buf *out, const ad_drift *d,
			  const ad_timeline_point *t, size_t nt)
{
	size_t i, n;
	int k;

	text_summary(out, d);
	for (k = AD_DRIFT_MOVED; k <= AD_DRIFT_CHANGED; k++) {
		if ((n = count_kind(d, (ad_drift_kind)k)) == 0)
			continue;
		ad_buf_printf(out, "\n%s (%s)\n",
			      ad_drift_kind_name((ad_drift_kind)k),
			      AD_COUNT(n));
		for (i = 0; i < d->nagents; i++)
			if (d->agents[i].kind == (ad_drift_kind)k)
				text_agent(out, &d->agents[i]);
	}
	text_clusters(out, d->clusters);
	if (t)
		text_timeline(out, t, nt);
}

/* ---- JSON ----------------------------------------------------------- */

static void json_count(ad_json *w, const char *key, size_t n)
{
	ad_json_key(w, key);
	ad_json_uint(w, n);
}

static void json_summary(ad_json *w, const ad_drift *d)
{
	ad_json_key(w, "summary");
	ad_json_object(w, AD_JSON_INLINE);
	json_count(w, "from_agents", d->from_agents);
	json_count(w, "to_agents", d->to_agents);
	json_count(w, "moved_exact", d->moved_exact);
	json_count(w, "moved_edited", d->moved_edited);
	json_count(w, "added", d->added);
	json_count(w, "removed", d->removed);
	json_count(w, "changed", d->changed);
	json_count(w, "unchanged", d->unchanged);
	ad_json_end(w);
}

/* Open an item of a change list with its "op". */
static void json_op(ad_json *w, char op)
{
	const char s[2] = {op, '\0'};

	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "op");
	ad_json_string(w, s);
}

static void json_fields(ad_json *w, const ad_drift_agent *a)
{
	size_t i;

	ad_json_key(w, "frontmatter");
	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < a->nfields; i++) {
		const ad_drift_field *f = &a->fields[i];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "key");
		ad_json_string(w, f->key);
		ad_json_key(w, "from");
		ad_json_string(w, f->old_value);
		ad_json_key(w, "to");
		ad_json_string(w, f->new_value);
		ad_json_key(w, "flagged");
		ad_json_bool(w, f->flagged);
		ad_json_end(w);
	}
	ad_json_end(w);
}

static void json_sections(ad_json *w, const ad_drift_agent *a)
{
	size_t i;

	ad_json_key(w, "sections");
	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < a->nsections; i++) {
		json_op(w, a->sections[i].op);
		ad_json_key(w, "path");
		ad_json_string(w, a->sections[i].path);
		ad_json_end(w);
	}
	ad_json_end(w);
}

static void json_rules(ad_json *w, const ad_drift_agent *a)
{
	size_t i;

	ad_json_key(w, "rules");
	ad_json_array(w, AD_JSON_RUN(8));
	for (i = 0; i < a->nrules; i++) {
		const ad_drift_rule *r = &a->rules[i];

		json_op(w, r->op);
		ad_json_key(w, "from");
		ad_json_string(w, r->old_text);
		ad_json_key(w, "to");
		ad_json_string(w, r->new_text);
		if (r->op == '~') {
			ad_json_key(w, "score");
			ad_json_score(w, r->score);
		}
		ad_json_end(w);
	}
	ad_json_end(w);
}

void ad_report_drift_changes_json(ad_json *w, const ad_drift_agent *a)
{
	json_fields(w, a);
	json_sections(w, a);
	json_rules(w, a);
}

static void json_agent(ad_json *w, const ad_drift_agent *a)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "path");
	ad_json_string(w, a->path);
	if (a->kind == AD_DRIFT_MOVED) {
		ad_json_key(w, "from");
		ad_json_string(w, a->old_path);
		ad_json_key(w, "exact");
		ad_json_bool(w, a->exact);
	}
	if ((a->kind == AD_DRIFT_MOVED && !a->exact) ||
	    a->kind == AD_DRIFT_CHANGED) {
		ad_json_key(w, "similarity");
		ad_json_score(w, a->similarity);
		ad_json_key(w, "drift");
		ad_json_score(w, a->drift);
		ad_json_key(w, "flagged");
		ad_json_bool(w, a->flagged);
		ad_report_drift_changes_json(w, a);
	}
	ad_json_end(w);
}

static void json_crefs(ad_json *w, const char *key,
		       const ad_drift_cref *c, size_t n)
{
	size_t i;

	ad_json_key(w, key);
	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < n; i++) {
		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "canonical");
		ad_json_string(w, c[i].canonical);
		json_count(w, "size", c[i].size);
		ad_json_end(w);
	}
	ad_json_end(w);
}

static void json_paths(ad_json *w, const char *key, char *const *p,
		       size_t n)
{
	size_t i;

	ad_json_key(w, key);
	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < n; i++)
		ad_json_string(w, p[i]);
	ad_json_end(w);
}

static void json_event(ad_json *w, const ad_drift_cluster *e)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "change");
	ad_json_string(w, ad_cluster_change_name(e->kind));
	json_crefs(w, "before", e->before, e->nbefore);
	json_crefs(w, "after", e->after, e->nafter);
	json_paths(w, "joined", e->joined, e->njoined);
	json_paths(w, "left", e->left, e->nleft);
	ad_json_end(w);
}

static void json_away(ad_json *w, const ad_drift_away *a)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "path");
	ad_json_string(w, a->path);
	ad_json_key(w, "canonical");
	ad_json_string(w, a->canonical);
	ad_json_key(w, "before");
	ad_json_score(w, a->before);
	ad_json_key(w, "after");
	ad_json_score(w, a->after);
	ad_json_end(w);
}

static void json_clusters(ad_json *w, const ad_drift_clusters *c)
{
	size_t i;

	ad_json_key(w, "clusters");
	if (!c || !c->clustered) {
		ad_json_null(w);
		ad_json_key(w, "clusters_note");
		ad_json_string(w, c ? c->note : NULL);
		return;
	}
	ad_json_object(w, AD_JSON_INLINE);
	json_count(w, "from", c->from_clusters);
	json_count(w, "to", c->to_clusters);
	ad_json_key(w, "changes");
	ad_json_array(w, AD_JSON_BLOCK_UNLESS_EMPTY(4, 2));
	for (i = 0; i < c->nchanges; i++)
		json_event(w, &c->changes[i]);
	ad_json_end(w);
	ad_json_key(w, "away");
	ad_json_array(w, AD_JSON_BLOCK_UNLESS_EMPTY(4, 2));
	for (i = 0; i < c->naway; i++)
		json_away(w, &c->away[i]);
	ad_json_end(w);
	ad_json_end(w);
}

/* n, or null for the first snapshot, which has none before it. */
static void json_since(ad_json *w, const char *key, size_t n, int first)
{
	if (!first) {
		json_count(w, key, n);
		return;
	}
	ad_json_key(w, key);
	ad_json_null(w);
}

static void json_point(ad_json *w, const ad_timeline_point *t, int first)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "label");
	ad_json_string(w, t->label);
	ad_json_key(w, "created");
	ad_json_string(w, t->created);
	ad_json_key(w, "note");
	ad_json_string(w, t->note);
	json_count(w, "agents", t->agents);
	if (t->clustered) {
		json_count(w, "clusters", t->clusters);
		json_count(w, "clustered", t->clustered_agents);
	} else {
		ad_json_key(w, "clusters");
		ad_json_null(w);
		ad_json_key(w, "clustered");
		ad_json_null(w);
	}
	json_since(w, "added", t->added, first);
	json_since(w, "removed", t->removed, first);
	json_since(w, "moved", t->moved, first);
	json_since(w, "changed", t->changed, first);
	ad_json_key(w, "mean_drift");
	if (first)
		ad_json_null(w);
	else
		ad_json_score(w, t->mean_drift);
	ad_json_end(w);
}

static void json_timeline(ad_json *w, const ad_timeline_point *t, size_t n)
{
	size_t i;

	ad_json_key(w, "timeline");
	ad_json_array(w, AD_JSON_BLOCK_UNLESS_EMPTY(4, 2));
	for (i = 0; i < n; i++)
		json_point(w, &t[i], i == 0);
	ad_json_end(w);
}

void ad_report_drift_json(ad_buf *out, const ad_drift *d,
			  const ad_timeline_point *t, size_t nt)
{
	ad_json w;
	size_t i;
	int k;

	ad_json_init(&w, out);
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "version");
	ad_json_int(&w, 1);
	ad_json_key(&w, "from");
	ad_json_string(&w, d->from);
	ad_json_key(&w, "to");
	ad_json_string(&w, d->to);
	ad_json_key(&w, "reversed");
	ad_json_bool(&w, d->reversed);
	json_summary(&w, d);
	for (k = AD_DRIFT_MOVED; k <= AD_DRIFT_CHANGED; k++) {
		ad_json_key(&w, ad_drift_kind_name((ad_drift_kind)k));
		ad_json_array(&w, AD_JSON_BLOCK_UNLESS_EMPTY(4, 2));
		for (i = 0; i < d->nagents; i++)
			if (d->agents[i].kind == (ad_drift_kind)k)
				json_agent(&w, &d->agents[i]);
		ad_json_end(&w);
	}
	json_clusters(&w, d->clusters);
	if (t)
		json_timeline(&w, t, nt);
	ad_json_end(&w);
}
