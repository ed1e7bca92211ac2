/*
 * report_history.c - one agent's history as text and as JSON.
 *
 * As in report_drift.c, every string from the store (paths, labels,
 * notes, rules, frontmatter values) goes through escape.h, and scores
 * have four decimals, so output compares byte for byte. Text leaves out
 * the snapshots' times (they would make every run differ) and cuts each
 * version's rule changes; JSON holds everything. The changes of a version
 * are written by the drift report's own writers (drift.h), so the two
 * commands show a change the same way.
 */
#include "agentdup/report.h"

#include <string.h>

#include "agentdup/escape.h"
#include "report/drift_changes.h"

#define SHORT_HASH 8 /* hex digits of a content key in text */

static const char *const match_names[] = {"path", "suffix", "file", "name"};

/* How many of the changes of a have op. */
static size_t ops(const ad_drift_agent *a, int rules, char op)
{
	size_t i, n = 0;

	if (rules)
		for (i = 0; i < a->nrules; i++)
			n += a->rules[i].op == op;
	else
		for (i = 0; i < a->nsections; i++)
			n += a->sections[i].op == op;
	return n;
}

/* ---- text ----------------------------------------------------------- */

static void text_header(ad_buf *out, const ad_history *h)
{
	size_t j, present = 0;

	for (j = 0; j < h->nentries; j++)
		present += h->entries[j].blob != 0;
	ad_buf_puts(out, "history of ");
	ad_escape_line(out, h->agent);
	ad_buf_printf(out, " (by %s): %zu version%s in %zu of %zu snapshots, "
			   "first seen ",
		      match_names[h->match], h->versions,
		      h->versions == 1 ? "" : "s", present, h->nentries);
	ad_escape_line(out, h->entries[h->first].label);
	ad_buf_puts(out, ", last seen ");
	ad_escape_line(out, h->entries[h->last].label);
	ad_buf_puts(out, ", total drift ");
	ad_buf_put_score(out, h->total_drift);
	ad_buf_puts(out, "\npaths: ");
	for (j = 0; j < h->npaths; j++) {
		ad_buf_puts(out, j ? ", " : "");
		ad_escape_line(out, h->paths[j]);
	}
	ad_buf_puts(out, "\n\n");
}

/* Bytes of the longest label, to align the lines. */
static size_t label_width(const ad_history *h)
{
	size_t j, w = 0, n;

	for (j = 0; j < h->nentries; j++)
		if ((n = strlen(h->entries[j].label)) > w)
			w = n;
	return w;
}

static void text_counts(ad_buf *out, const ad_history_entry *e)
{
	const ad_drift_agent *a = &e->change;

	ad_buf_puts(out, "  drift ");
	ad_buf_put_score(out, e->drift);
	ad_buf_printf(out, "  sections +%zu -%zu ~%zu  rules +%zu -%zu ~%zu",
		      ops(a, 0, '+'), ops(a, 0, '-'), ops(a, 0, '~'),
		      ops(a, 1, '+'), ops(a, 1, '-'), ops(a, 1, '~'));
	if (a->flagged)
		ad_buf_puts(out, "  [tools/model changed]");
}

static void text_entry(ad_buf *out, const ad_history_entry *e, size_t width,
		       size_t max_rules)
{
	size_t pad = width - strlen(e->label);

	ad_buf_puts(out, "  ");
	ad_escape_line(out, e->label);
	/* padded only when a path follows: no trailing blanks */
	ad_buf_printf(out, "%*s  %-*s", (int)pad, "", e->path ? 9 : 0,
		      ad_history_state_name(e->state));
	if (e->path)
		ad_buf_puts(out, "  ");
	if (e->old_path) {
		ad_escape_line(out, e->old_path);
		ad_buf_puts(out, " -> ");
	}
	if (e->path)
		ad_escape_line(out, e->path);
	if (e->blob)
		ad_buf_printf(out, "  %.*s", SHORT_HASH, e->hash);
	if (e->state == AD_HISTORY_ADDED && e->compared)
		ad_buf_puts(out, "  again");
	if (e->edited)
		text_counts(out, e);
	ad_buf_putc(out, '\n');
	if (e->edited)
		ad_report_drift_changes_text(out, &e->change, max_rules);
}

void ad_report_history_text(ad_buf *out, const ad_history *h,
			    size_t max_rules)
{
	size_t j, width = label_width(h);

	text_header(out, h);
	for (j = 0; j < h->nentries; j++)
		text_entry(out, &h->entries[j], width, max_rules);
}

/* ---- JSON ----------------------------------------------------------- */

static void json_summary(ad_json *w, const ad_history *h)
{
	size_t j, present = 0;

	for (j = 0; j < h->nentries; j++)
		present += h->entries[j].blob != 0;
	ad_json_key(w, "summary");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "first_seen");
	ad_json_string(w, h->entries[h->first].label);
	ad_json_key(w, "last_seen");
	ad_json_string(w, h->entries[h->last].label);
	ad_json_key(w, "snapshots");
	ad_json_uint(w, h->nentries);
	ad_json_key(w, "present");
	ad_json_uint(w, present);
	ad_json_key(w, "versions");
	ad_json_uint(w, h->versions);
	ad_json_key(w, "total_drift");
	ad_json_score(w, h->total_drift);
	ad_json_key(w, "paths");
	ad_json_array(w, AD_JSON_INLINE);
	for (j = 0; j < h->npaths; j++)
		ad_json_string(w, h->paths[j]);
	ad_json_end(w);
	ad_json_end(w);
}

/* The agent's file at this snapshot, and how it compares. */
static void json_version(ad_json *w, const ad_history_entry *e)
{
	ad_json_key(w, "hash");
	ad_json_string(w, e->hash);
	ad_json_key(w, "rule_count");
	ad_json_uint(w, e->nrules);
	ad_json_key(w, "section_count");
	ad_json_uint(w, e->nsections);
	if (e->old_path) {
		ad_json_key(w, "from");
		ad_json_string(w, e->old_path);
	}
	ad_json_key(w, "drift");
	if (!e->compared) {
		ad_json_null(w);
		return;
	}
	ad_json_score(w, e->drift);
	ad_json_key(w, "flagged");
	ad_json_bool(w, e->change.flagged);
	ad_report_drift_changes_json(w, &e->change);
}

static void json_entry(ad_json *w, const ad_history_entry *e)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "label");
	ad_json_string(w, e->label);
	ad_json_key(w, "created");
	ad_json_string(w, e->created);
	ad_json_key(w, "note");
	ad_json_string(w, e->note);
	ad_json_key(w, "state");
	ad_json_string(w, ad_history_state_name(e->state));
	ad_json_key(w, "path");
	ad_json_string(w, e->path);
	if (e->blob)
		json_version(w, e);
	ad_json_end(w);
}

void ad_report_history_json(ad_buf *out, const ad_history *h)
{
	ad_json w;
	size_t j;

	ad_json_init(&w, out);
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "version");
	ad_json_int(&w, 1);
	ad_json_key(&w, "agent");
	ad_json_string(&w, h->agent);
	ad_json_key(&w, "match");
	ad_json_string(&w, match_names[h->match]);
	json_summary(&w, h);
	ad_json_key(&w, "snapshots");
	ad_json_array(&w, AD_JSON_BLOCK_UNLESS_EMPTY(4, 2));
	for (j = 0; j < h->nentries; j++)
		json_entry(&w, &h->entries[j]);
	ad_json_end(&w);
	ad_json_end(&w);
}
