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

static const char *const kind_names[] = {"moved", "added", "removed",
					 "changed"};

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

void ad_drift_write_text(ad_buf *out, const ad_drift *d)
{
	size_t i, n;
	int k;

	text_summary(out, d);
	for (k = AD_DRIFT_MOVED; k <= AD_DRIFT_CHANGED; k++) {
		if ((n = count_kind(d, (ad_drift_kind)k)) == 0)
			continue;
		ad_buf_printf(out, "\n%s (%zu)\n", kind_names[k], n);
		for (i = 0; i < d->nagents; i++)
			if (d->agents[i].kind == (ad_drift_kind)k)
				text_agent(out, &d->agents[i]);
	}
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

void ad_drift_write_json(ad_buf *out, const ad_drift *d)
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
		ad_buf_printf(out, "  \"%s\": [", kind_names[k]);
		for (i = n = 0; i < d->nagents; i++)
			if (d->agents[i].kind == (ad_drift_kind)k) {
				ad_buf_puts(out, n++ ? ",\n    " : "\n    ");
				json_agent(out, &d->agents[i]);
			}
		ad_buf_puts(out, n ? "\n  ]" : "]");
		ad_buf_puts(out, k == AD_DRIFT_CHANGED ? "\n" : ",\n");
	}
	ad_buf_puts(out, "}\n");
}
