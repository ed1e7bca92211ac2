/*
 * report_compare.c - a comparison of two agents, for people and programs.
 *
 * Long frontmatter values (descriptions with their examples run to pages)
 * are cut in the text report, at a character boundary; JSON has them
 * whole.
 */
#include "agentdup/report.h"

#include <string.h>

#include "agentdup/escape.h"
#include "base/json.h"
#include "report/evidence.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"
/* Bytes of a frontmatter value shown in the text report. */
#define VALUE_CUT 100
/* Width of the key column in the text report. */
#define KEY_WIDTH 12

static void heading(ad_buf *b, int color, const char *text)
{
	ad_buf_puts(b, color ? "\n" BOLD : "\n");
	ad_buf_puts(b, text);
	ad_buf_puts(b, color ? RESET : "");
}

static void agent_line(ad_buf *b, char side, const ad_doc *d)
{
	ad_buf_printf(b, "%c: ", side);
	ad_escape_line(b, d->path);
	ad_evidence_name_text(b, d);
	ad_buf_printf(b, ": %zu section%s, %zu rule%s\n", d->nsections,
		      d->nsections == 1 ? "" : "s", d->nrules,
		      d->nrules == 1 ? "" : "s");
}

/* s cut to at most VALUE_CUT bytes, never inside a UTF-8 sequence. */
static void cut_value(ad_buf *b, const char *s)
{
	size_t n = strlen(s);
	ad_buf tmp = AD_BUF_INIT;

	if (n <= VALUE_CUT) {
		ad_escape_line(b, s);
		return;
	}
	n = VALUE_CUT;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	ad_buf_put(&tmp, s, n);
	ad_escape_line(b, tmp.ptr);
	ad_buf_puts(b, "...");
	ad_buf_dispose(&tmp);
}

static void values_text(ad_buf *b, const ad_fm_field *f)
{
	size_t i;

	if (f->nvalues == 0)
		ad_buf_puts(b, "(empty)");
	for (i = 0; i < f->nvalues; i++) {
		if (i)
			ad_buf_puts(b, ", ");
		cut_value(b, f->values[i]);
	}
}

/* Values of f that g lacks, ", "-joined; returns how many. */
static size_t missing_text(ad_buf *b, const ad_fm_field *f,
			   const ad_fm_field *g)
{
	size_t i, n = 0;

	for (i = 0; i < f->nvalues; i++) {
		if (ad_fm_field_has(g, f->values[i]))
			continue;
		ad_buf_puts(b, n++ ? ", " : "");
		ad_escape_line(b, f->values[i]);
	}
	return n;
}

static void pad(ad_buf *b, size_t used)
{
	ad_buf_printf(b, "%*s", used < KEY_WIDTH ? (int)(KEY_WIDTH - used) : 0,
		      "");
	ad_buf_puts(b, " ");
}

/* For two lists: which items each side has alone. */
static void list_delta(ad_buf *b, const ad_fm_diff *d)
{
	ad_buf line = AD_BUF_INIT, part = AD_BUF_INIT;

	if (missing_text(&part, d->a, d->b)) {
		ad_buf_puts(&line, "only A: ");
		ad_buf_puts(&line, part.ptr);
	}
	ad_buf_clear(&part);
	if (missing_text(&part, d->b, d->a)) {
		ad_buf_puts(&line, line.len ? "; only B: " : "only B: ");
		ad_buf_puts(&line, part.ptr);
	}
	if (line.len) {
		pad(b, 0);
		ad_buf_puts(b, "  ");
		ad_buf_puts(b, line.ptr);
		ad_buf_puts(b, "\n");
	}
	ad_buf_dispose(&line);
	ad_buf_dispose(&part);
}

static void fm_diff_text(ad_buf *b, const ad_fm_diff *d)
{
	ad_buf_puts(b, "  ");
	ad_escape_line(b, d->key);
	pad(b, strlen(d->key));
	if (d->change != AD_FM_DIFFERENT) {
		ad_buf_puts(b, d->change == AD_FM_ONLY_A ? "only A: "
							 : "only B: ");
		values_text(b, d->a ? d->a : d->b);
		ad_buf_puts(b, "\n");
		return;
	}
	ad_buf_puts(b, "A: ");
	values_text(b, d->a);
	ad_buf_puts(b, "\n  ");
	pad(b, 0);
	ad_buf_puts(b, "B: ");
	values_text(b, d->b);
	ad_buf_puts(b, "\n");
	if (d->a->is_list && d->b->is_list)
		list_delta(b, d);
}

static void frontmatter_text(ad_buf *b, const ad_compare *c, int color)
{
	size_t i;

	heading(b, color, "frontmatter: ");
	ad_buf_printf(b, "%zu difference%s, %zu key%s alike\n", c->nfm,
		      c->nfm == 1 ? "" : "s", c->nfm_same,
		      c->nfm_same == 1 ? "" : "s");
	for (i = 0; i < c->nfm; i++)
		fm_diff_text(b, &c->fm[i]);
}

static void section_list(ad_buf *b, const ad_audit *au, const char *what,
			 const uint32_t *s, size_t n)
{
	size_t i;

	if (n)
		ad_buf_printf(b, "  only in %s:\n", what);
	for (i = 0; i < n; i++) {
		ad_buf_puts(b, "    ");
		ad_evidence_section_text(b, au, s[i]);
		ad_buf_puts(b, "\n");
	}
}

static void sections_text(ad_buf *b, const ad_audit *au, const ad_compare *c,
			  int color)
{
	size_t i;

	heading(b, color, "sections: ");
	ad_buf_printf(b, "%zu aligned, %zu only in A, %zu only in B\n",
		      c->nmatches, c->nonly_a_sections, c->nonly_b_sections);
	for (i = 0; i < c->nmatches; i++) {
		const ad_section_match *m = &c->matches[i];

		ad_buf_printf(b, "  %.3f  ", m->score);
		ad_evidence_section_text(b, au, m->a);
		ad_buf_puts(b, " ~ ");
		ad_evidence_section_text(b, au, m->b);
		ad_buf_puts(b, "  [");
		ad_evidence_sections_text(b, au, m->a, m->b);
		ad_buf_puts(b, "]\n");
	}
	section_list(b, au, "A", c->only_a_sections, c->nonly_a_sections);
	section_list(b, au, "B", c->only_b_sections, c->nonly_b_sections);
}

static void rule_text(ad_buf *b, const ad_audit *au, char side, uint32_t r)
{
	const ad_rule *rl = ad_audit_rule(au, r);

	ad_buf_printf(b, "%c:%d  ", side, rl->line);
	ad_escape_line(b, rl->text);
	ad_buf_puts(b, "\n");
}

/* One wording (up to case, punctuation, stopwords and stemming) is shown
 * once; two wordings one above the other. */
static void shared_text(ad_buf *b, const ad_audit *au,
			const ad_shared_rule *s)
{
	ad_buf_printf(b, "  %.3f  ", s->score);
	if (s->same_form) {
		ad_buf_printf(b, "A:%d, B:%d  ", ad_audit_rule(au, s->a)->line,
			      ad_audit_rule(au, s->b)->line);
		ad_escape_line(b, ad_audit_rule(au, s->a)->text);
		ad_buf_puts(b, "\n");
		return;
	}
	rule_text(b, au, 'A', s->a);
	ad_buf_puts(b, "         ");
	rule_text(b, au, 'B', s->b);
}

static void rule_list(ad_buf *b, const ad_audit *au, char side,
		      const uint32_t *r, size_t n)
{
	size_t i;

	if (n)
		ad_buf_printf(b, "  only in %c:\n", side);
	for (i = 0; i < n; i++) {
		ad_buf_puts(b, "    ");
		rule_text(b, au, side, r[i]);
	}
}

static void rules_text(ad_buf *b, const ad_audit *au, const ad_compare *c,
		       int color)
{
	size_t i;

	heading(b, color, "rules: ");
	ad_buf_printf(b, "%zu shared (%zu worded alike), %zu only in A, "
			 "%zu only in B\n",
		      c->nshared, c->nshared_same, c->nonly_a_rules,
		      c->nonly_b_rules);
	for (i = 0; i < c->nshared; i++)
		shared_text(b, au, &c->shared[i]);
	rule_list(b, au, 'A', c->only_a_rules, c->nonly_a_rules);
	rule_list(b, au, 'B', c->only_b_rules, c->nonly_b_rules);
}

static const char *const verdict_text[] = {
	"variants of one agent (one cluster: keep one, merge the other)",
	"one job, written apart (one role group: keep one, take what the "
	"other adds)",
	"one template, two jobs (template siblings: never merge them)",
	"two jobs: each name holds a word of its own that its description "
	"uses",
	"not shown to do one job"};

static const char *const verdict_json[] = {"variants", "one_job",
					   "siblings", "apart", "weak"};

/* What the two are to each other, and the evidence of one job. */
static void role_text(ad_buf *b, const ad_audit *au, const ad_compare *c,
		      int color)
{
	const ad_role_evidence *r = &c->role;

	heading(b, color, "role: ");
	ad_buf_printf(b, "%s\n", verdict_text[r->verdict]);
	if (r->alone && r->verdict == AD_ROLE_ONE_JOB)
		ad_buf_puts(b, "  by score alone: in a collection, each "
			       "agent's nearest neighbours decide (scan it "
			       "to see its role groups)\n");
	if (r->score > 0)
		ad_buf_printf(b, "  role score %.3f (a role group needs %.3f "
				 "on average)\n", r->score, r->needed);
	else
		ad_buf_puts(b, "  no role score (not paired as agents that "
			       "may do one job)\n");
	if (r->verdict == AD_ROLE_WEAK && r->score >= r->needed &&
	    r->desc_score < r->agree && !r->aligned)
		ad_buf_printf(b, "  nothing to check: descriptions below %.3f "
				 "and no section aligned\n", r->agree);
	ad_buf_puts(b, "  names share: ");
	if (r->nname_terms)
		ad_evidence_words_text(b, au, r->name_terms, r->nname_terms);
	else
		ad_buf_puts(b, "no word");
	ad_buf_printf(b, "\n  descriptions %.3f", r->desc_score);
	if (r->ndesc_terms) {
		ad_buf_puts(b, "  [");
		ad_evidence_words_text(b, au, r->desc_terms, r->ndesc_terms);
		ad_buf_puts(b, "]");
	}
	ad_buf_puts(b, "\n");
}

void ad_report_compare_text(ad_buf *out, const ad_audit *audit,
			    const ad_compare *c, int color)
{
	agent_line(out, 'A', ad_audit_doc(audit, c->a));
	agent_line(out, 'B', ad_audit_doc(audit, c->b));
	ad_buf_printf(out, "agents %.3f\n", c->score);
	role_text(out, audit, c, color);
	frontmatter_text(out, c, color);
	sections_text(out, audit, c, color);
	rules_text(out, audit, c, color);
}

/* ---- JSON ---------------------------------------------------------------- */

static void agent_json(ad_json *w, const char *key, const ad_doc *d)
{
	ad_json_key(w, key);
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "path");
	ad_json_string(w, d->path);
	ad_json_key(w, "name");
	ad_json_string(w, d->name);
	ad_json_key(w, "kind");
	ad_json_string(w, ad_doc_kind_name(d->kind));
	ad_json_key(w, "sections");
	ad_json_uint(w, d->nsections);
	ad_json_key(w, "rules");
	ad_json_uint(w, d->nrules);
	ad_json_end(w);
}

/* A scalar as a string, a list as an array, an absent key as null. */
static void value_json(ad_json *w, const ad_fm_field *f)
{
	size_t i;

	if (!f || (!f->is_list && f->nvalues == 0)) {
		ad_json_null(w);
		return;
	}
	if (!f->is_list) {
		ad_json_string(w, f->values[0]);
		return;
	}
	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < f->nvalues; i++)
		ad_json_string(w, f->values[i]);
	ad_json_end(w);
}

static void missing_json(ad_json *w, const ad_fm_field *f,
			 const ad_fm_field *g)
{
	size_t i;

	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < f->nvalues; i++)
		if (!ad_fm_field_has(g, f->values[i]))
			ad_json_string(w, f->values[i]);
	ad_json_end(w);
}

static const char *const changes[] = {"only_a", "only_b", "different"};

static void fm_diff_json(ad_json *w, const ad_fm_diff *d)
{
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "key");
	ad_json_string(w, d->key);
	ad_json_key(w, "change");
	ad_json_string(w, changes[d->change]);
	ad_json_key(w, "a");
	value_json(w, d->a);
	ad_json_key(w, "b");
	value_json(w, d->b);
	if (d->a && d->b && d->a->is_list && d->b->is_list) {
		ad_json_key(w, "only_a");
		missing_json(w, d->a, d->b);
		ad_json_key(w, "only_b");
		missing_json(w, d->b, d->a);
	}
	ad_json_end(w);
}

static void frontmatter_json(ad_json *w, const ad_compare *c)
{
	size_t i;

	ad_json_key(w, "frontmatter_alike");
	ad_json_uint(w, c->nfm_same);
	ad_json_key(w, "frontmatter");
	ad_json_array(w, AD_JSON_BLOCK(4, 2));
	for (i = 0; i < c->nfm; i++)
		fm_diff_json(w, &c->fm[i]);
	ad_json_end(w);
}

static void section_array(ad_json *w, const ad_audit *au, const char *key,
			  const uint32_t *s, size_t n)
{
	size_t i;

	ad_json_key(w, key);
	ad_json_array(w, AD_JSON_RUN(6));
	for (i = 0; i < n; i++)
		ad_evidence_section_json(w, au, s[i]);
	ad_json_end(w);
}

static void sections_json(ad_json *w, const ad_audit *au, const ad_compare *c)
{
	size_t i;

	ad_json_key(w, "sections");
	ad_json_object(w, AD_JSON_BLOCK(4, 2));
	ad_json_key(w, "aligned");
	ad_json_array(w, AD_JSON_RUN(6));
	for (i = 0; i < c->nmatches; i++) {
		const ad_section_match *m = &c->matches[i];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "a");
		ad_evidence_section_json(w, au, m->a);
		ad_json_key(w, "b");
		ad_evidence_section_json(w, au, m->b);
		ad_json_key(w, "score");
		ad_json_fixed(w, m->score, 4);
		ad_json_key(w, "evidence");
		ad_evidence_sections_json(w, au, m->a, m->b);
		ad_json_end(w);
	}
	ad_json_end(w);
	section_array(w, au, "only_a", c->only_a_sections,
		      c->nonly_a_sections);
	section_array(w, au, "only_b", c->only_b_sections,
		      c->nonly_b_sections);
	ad_json_end(w);
}

static void rule_json(ad_json *w, const ad_audit *au, uint32_t r)
{
	const ad_rule *rl = ad_audit_rule(au, r);
	const ad_doc *d = ad_audit_doc(au, ad_audit_rule_doc(au, r));
	size_t s = ad_doc_rule_section(d, (size_t)(rl - d->rules));

	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "line");
	ad_json_int(w, rl->line);
	ad_json_key(w, "section");
	ad_json_string(w, d->sections[s].path);
	ad_json_key(w, "text");
	ad_json_string(w, rl->text);
	ad_json_end(w);
}

static void rule_array(ad_json *w, const ad_audit *au, const char *key,
		       const uint32_t *r, size_t n)
{
	size_t i;

	ad_json_key(w, key);
	ad_json_array(w, AD_JSON_RUN(6));
	for (i = 0; i < n; i++)
		rule_json(w, au, r[i]);
	ad_json_end(w);
}

static void rules_json(ad_json *w, const ad_audit *au, const ad_compare *c)
{
	size_t i;

	ad_json_key(w, "rules");
	ad_json_object(w, AD_JSON_BLOCK(4, 2));
	ad_json_key(w, "shared");
	ad_json_array(w, AD_JSON_RUN(6));
	for (i = 0; i < c->nshared; i++) {
		const ad_shared_rule *s = &c->shared[i];

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "a");
		rule_json(w, au, s->a);
		ad_json_key(w, "b");
		rule_json(w, au, s->b);
		ad_json_key(w, "score");
		ad_json_fixed(w, s->score, 4);
		ad_json_key(w, "same_wording");
		ad_json_bool(w, s->same_form);
		ad_json_end(w);
	}
	ad_json_end(w);
	rule_array(w, au, "only_a", c->only_a_rules, c->nonly_a_rules);
	rule_array(w, au, "only_b", c->only_b_rules, c->nonly_b_rules);
	ad_json_end(w);
}

static void role_json(ad_json *w, const ad_audit *au, const ad_compare *c)
{
	const ad_role_evidence *r = &c->role;

	ad_json_key(w, "role");
	ad_json_object(w, AD_JSON_BLOCK(4, 2));
	ad_json_key(w, "verdict");
	ad_json_string(w, verdict_json[r->verdict]);
	ad_json_key(w, "score");
	ad_json_fixed(w, r->score, 4);
	ad_json_key(w, "needed");
	ad_json_fixed(w, r->needed, 4);
	ad_json_key(w, "description_score"); /* null: one has none */
	if (ad_audit_doc(au, c->a)->fm.description &&
	    ad_audit_doc(au, c->b)->fm.description)
		ad_json_fixed(w, r->desc_score, 4);
	else
		ad_json_null(w);
	ad_json_key(w, "alone");
	ad_json_bool(w, r->alone);
	ad_json_key(w, "names_share");
	ad_evidence_words_json(w, au, r->name_terms, r->nname_terms);
	ad_json_key(w, "descriptions_share");
	ad_evidence_words_json(w, au, r->desc_terms, r->ndesc_terms);
	ad_json_end(w);
}

void ad_report_compare_json(ad_buf *out, const ad_audit *audit,
			    const ad_compare *c)
{
	ad_json w;

	ad_json_init(&w, out);
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "version");
	ad_json_int(&w, 1);
	agent_json(&w, "a", ad_audit_doc(audit, c->a));
	agent_json(&w, "b", ad_audit_doc(audit, c->b));
	ad_json_key(&w, "score");
	ad_json_fixed(&w, c->score, 4);
	ad_json_key(&w, "section_threshold");
	ad_json_fixed(&w, audit->settings.section_threshold, 4);
	ad_json_key(&w, "rule_threshold");
	ad_json_fixed(&w, audit->settings.rule_threshold, 4);
	role_json(&w, audit, c);
	frontmatter_json(&w, c);
	sections_json(&w, audit, c);
	rules_json(&w, audit, c);
	ad_json_end(&w);
}
