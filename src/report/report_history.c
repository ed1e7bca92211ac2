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
#include "agentdup/history.h"

#include <string.h>

#include "agentdup/escape.h"

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
		ad_drift_write_changes_text(out, &e->change, max_rules);
}

void ad_history_write_text(ad_buf *out, const ad_history *h,
			   size_t max_rules)
{
	size_t j, width = label_width(h);

	text_header(out, h);
	for (j = 0; j < h->nentries; j++)
		text_entry(out, &h->entries[j], width, max_rules);
}

/* ---- JSON ----------------------------------------------------------- */

static void json_summary(ad_buf *out, const ad_history *h)
{
	size_t j, present = 0;

	for (j = 0; j < h->nentries; j++)
		present += h->entries[j].blob != 0;
	ad_buf_puts(out, "  \"summary\": {\"first_seen\": ");
	ad_escape_json(out, h->entries[h->first].label);
	ad_buf_puts(out, ", \"last_seen\": ");
	ad_escape_json(out, h->entries[h->last].label);
	ad_buf_printf(out, ", \"snapshots\": %zu, \"present\": %zu, "
			   "\"versions\": %zu, \"total_drift\": ",
		      h->nentries, present, h->versions);
	ad_buf_put_score(out, h->total_drift);
	ad_buf_puts(out, ", \"paths\": [");
	for (j = 0; j < h->npaths; j++) {
		ad_buf_puts(out, j ? ", " : "");
		ad_escape_json(out, h->paths[j]);
	}
	ad_buf_puts(out, "]},\n");
}

/* The agent's file at this snapshot, and how it compares. */
static void json_version(ad_buf *out, const ad_history_entry *e)
{
	ad_buf_printf(out, ", \"hash\": \"%s\", \"rule_count\": %zu, "
			   "\"section_count\": %zu",
		      e->hash, e->nrules, e->nsections);
	if (e->old_path) {
		ad_buf_puts(out, ", \"from\": ");
		ad_escape_json(out, e->old_path);
	}
	if (!e->compared) {
		ad_buf_puts(out, ", \"drift\": null");
		return;
	}
	ad_buf_puts(out, ", \"drift\": ");
	ad_buf_put_score(out, e->drift);
	ad_buf_printf(out, ", \"flagged\": %s",
		      e->change.flagged ? "true" : "false");
	ad_drift_write_changes_json(out, &e->change);
}

static void json_entry(ad_buf *out, const ad_history_entry *e)
{
	ad_buf_puts(out, "{\"label\": ");
	ad_escape_json(out, e->label);
	ad_buf_puts(out, ", \"created\": ");
	ad_escape_json(out, e->created);
	ad_buf_puts(out, ", \"note\": ");
	ad_escape_json(out, e->note);
	ad_buf_printf(out, ", \"state\": \"%s\", \"path\": ",
		      ad_history_state_name(e->state));
	ad_escape_json(out, e->path);
	if (e->blob)
		json_version(out, e);
	ad_buf_putc(out, '}');
}

void ad_history_write_json(ad_buf *out, const ad_history *h)
{
	size_t j;

	ad_buf_puts(out, "{\n  \"agent\": ");
	ad_escape_json(out, h->agent);
	ad_buf_printf(out, ",\n  \"match\": \"%s\",\n",
		      match_names[h->match]);
	json_summary(out, h);
	ad_buf_puts(out, "  \"snapshots\": [");
	for (j = 0; j < h->nentries; j++) {
		ad_buf_puts(out, j ? ",\n    " : "\n    ");
		json_entry(out, &h->entries[j]);
	}
	ad_buf_puts(out, h->nentries ? "\n  ]\n}\n" : "]\n}\n");
}
