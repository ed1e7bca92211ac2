/*
 * report_text.c - the summary a person reads in a terminal.
 */
#include "agentdup/report.h"

#include <stdint.h>
#include <stdlib.h>

#include "agentdup/escape.h"
#include "report/cost_words.h"
#include "report/evidence.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define YELLOW "\033[33m"
#define RED "\033[31m"
#define RESET "\033[0m"

static void style(ad_buf *b, const ad_report_opts *o, const char *code)
{
	if (o->color)
		ad_buf_puts(b, code);
}

static void plural(ad_buf *b, size_t n, const char *one, const char *many)
{
	ad_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

/* The evidence in use: "(body >= 0.85, name, contained, outline)". */
static void link_kinds(ad_buf *b, const ad_audit *a)
{
	unsigned k;
	int first = 1;

	for (k = 1; k < 1u << AD_LINK_NKINDS; k <<= 1) {
		if (!(a->settings.link_kinds & k))
			continue;
		ad_buf_puts(b, first ? " (" : ", ");
		ad_buf_puts(b, ad_link_kind_name(k));
		if (k == AD_LINK_BODY)
			ad_buf_printf(b, " >= %.2f", a->settings.threshold);
		first = 0;
	}
	if (!first)
		ad_buf_puts(b, ")");
}

/* Columns taken by the current (last) line of b: UTF-8 characters, ANSI
 * colour sequences not counted. */
static size_t line_columns(const ad_buf *b)
{
	size_t i = b->len, n = 0;

	while (i > 0 && b->ptr[i - 1] != '\n')
		i--;
	for (; i < b->len; i++) {
		unsigned char c = (unsigned char)b->ptr[i];

		if (c == 0x1b) { /* ESC [ ... letter */
			while (i + 1 < b->len && !(b->ptr[i + 1] >= 'A' &&
						   b->ptr[i + 1] <= 'z' &&
						   b->ptr[i + 1] != '['))
				i++;
			i++;
			continue;
		}
		n += (c & 0xC0) != 0x80;
	}
	return n;
}

/* s escaped for one terminal line; on a terminal (o->width), cut with
 * an ellipsis where the line would wrap, keeping `after` columns free for
 * what follows it on the line. */
static void fit(ad_buf *b, const ad_report_opts *o, const char *s,
		size_t after)
{
	ad_buf t = AD_BUF_INIT;
	size_t room, i, chars = 0;

	ad_escape_line(&t, s);
	room = o->width > 0 ? (size_t)o->width : 0;
	if (room) {
		size_t used = line_columns(b) + after;

		room = used + 8 < room ? room - used : 8;
	}
	for (i = 0; room && i < t.len; i++) {
		if (((unsigned char)t.ptr[i] & 0xC0) == 0x80)
			continue;
		if (++chars == room) /* one column for the ellipsis */
			break;
	}
	if (room && i < t.len) {
		ad_buf_put(b, t.ptr, i);
		ad_buf_puts(b, "\xE2\x80\xA6");
	} else {
		ad_buf_put(b, t.ptr, t.len);
	}
	ad_buf_dispose(&t);
}

static void summary(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	style(b, o, BOLD);
	ad_buf_puts(b, "agentdup scan: ");
	plural(b, a->collection->nfiles, "file", "files");
	ad_buf_puts(b, ", ");
	plural(b, a->collection->ndocs, "agent", "agents");
	ad_buf_puts(b, ", ");
	plural(b, a->collection->at.nsections, "section", "sections");
	ad_buf_puts(b, ", ");
	plural(b, a->collection->at.nrules, "rule", "rules");
	ad_buf_puts(b, ", ");
	plural(b, a->collection->nwarnings, "warning", "warnings");
	ad_buf_puts(b, ", ");
	plural(b, a->collection->nskipped, "skipped", "skipped");
	style(b, o, RESET);
	ad_buf_puts(b, "\n");
	plural(b, a->links.n, "linked pair", "linked pairs");
	ad_buf_puts(b, " in ");
	plural(b, a->clustering.n, "cluster", "clusters");
	link_kinds(b, a);
	ad_buf_puts(b, "\ntokens (estimated): ");
	ad_cost_words_total(b, &a->costs);
	ad_buf_puts(b, "\n");
}

/* At most limit lines of a list of n, unless verbose; then how many more. */
static size_t shown(size_t n, size_t limit, const ad_report_opts *o)
{
	return o->verbose || n <= limit ? n : limit;
}

static void more(ad_buf *b, size_t n, size_t shown_n, const char *indent)
{
	if (n > shown_n)
		ad_buf_printf(b, "%s... and %zu more (-v lists all)\n", indent,
			      n - shown_n);
}

static void merge_plan(ad_buf *b, const ad_audit *a, const ad_merge *m,
		       const ad_report_opts *o)
{
	size_t k, n;

	if (!m->nrules && !m->nsections) {
		ad_buf_puts(b, "         nothing the canonical lacks\n");
		return;
	}
	ad_buf_puts(b, "         to merge: ");
	plural(b, m->nrules, "rule", "rules");
	ad_buf_puts(b, ", ");
	plural(b, m->nsections, "section", "sections");
	ad_buf_puts(b, " the canonical lacks\n");
	for (k = 0, n = shown(m->nsections, 8, o); k < n; k++) {
		ad_buf_puts(b, "           + section ");
		ad_evidence_section_text(b, a, m->sections[k]);
		ad_buf_puts(b, "\n");
	}
	more(b, m->nsections, n, "           ");
	for (k = 0, n = shown(m->nrules, 12, o); k < n; k++) {
		const ad_rule *r = ad_audit_rule(a, m->rules[k]);

		ad_buf_printf(b, "           + line %d: ", r->line);
		fit(b, o, r->text, 0);
		ad_buf_puts(b, "\n");
	}
	more(b, m->nrules, n, "           ");
}

/* The head of a cluster or role group: what to keep, why together, why
 * this one; the cost line follows. */
static void group_head(ad_buf *b, const ad_audit *a, const char *kind,
		       const ad_cluster *c, const ad_cluster_plan *pl,
		       size_t i, const ad_report_opts *o)
{
	ad_buf_puts(b, "\n");
	style(b, o, BOLD);
	ad_buf_printf(b, "%s %zu: %u agents, keep ", kind, i + 1, c->n);
	ad_escape_line(b, ad_audit_doc(a, c->canonical)->path);
	style(b, o, RESET);
	ad_buf_puts(b, "\n  together: ");
	ad_escape_line(b, pl->reason);
	ad_buf_puts(b, "\n  keep:     ");
	ad_escape_line(b, pl->why);
	ad_buf_puts(b, "\n  cost:     ");
}

/* Member k of a group: its score, path and name; mark after the kept one. */
static void group_member(ad_buf *b, const ad_audit *a, const ad_cluster *c,
			 uint32_t k, const char *mark,
			 const ad_report_opts *o)
{
	const ad_doc *d = ad_audit_doc(a, c->members[k]);

	ad_buf_printf(b, "  %.3f  ", c->scores[k]);
	ad_escape_line(b, d->path);
	style(b, o, DIM);
	ad_evidence_name_text(b, d);
	style(b, o, RESET);
	ad_buf_puts(b, k == 0 ? mark : "\n");
}

static void cluster(ad_buf *b, const ad_audit *a, const ad_cluster *c,
		    size_t i, const ad_report_opts *o)
{
	const ad_cluster_plan *pl = &a->plan.clusters[i];
	uint32_t k;

	group_head(b, a, "cluster", c, pl, i, o);
	ad_cost_words_group(b, &a->costs.clusters[i]);
	ad_buf_puts(b, "\n");
	for (k = 0; k < c->n; k++) {
		group_member(b, a, c, k, "  canonical\n", o);
		if (k)
			merge_plan(b, a, &pl->merge[k], o);
	}
}

/* What a member of a role group adds: its sections the kept one has no
 * counterpart for, most listed rules first, then its other rules, the
 * ones most members back first. */
static void role_adds(ad_buf *b, const ad_audit *a, const ad_merge *m,
		      const ad_report_opts *o)
{
	size_t k, n, rules = 0;

	if (!m->nrules && !m->nsections) {
		ad_buf_puts(b, "         nothing the kept one lacks\n");
		return;
	}
	ad_buf_puts(b, "         adds ");
	plural(b, m->nrules, "rule", "rules");
	ad_buf_puts(b, " and ");
	plural(b, m->nsections, "section", "sections");
	ad_buf_puts(b, " the kept one lacks\n");
	for (k = 0, n = shown(m->nsections, 3, o); k < n; k++) {
		if (!m->section_rules[k])
			break;
		ad_buf_puts(b, "           take section ");
		ad_evidence_section_text(b, a, m->sections[k]);
		ad_buf_printf(b, ": %u ", m->section_rules[k]);
		ad_buf_puts(b, m->section_rules[k] == 1 ? "rule\n" : "rules\n");
	}
	for (k = 0, n = shown(m->nrules, 5, o); k < n; k++) {
		const ad_rule *r = ad_audit_rule(a, m->rules[k]);

		ad_buf_printf(b, "           + line %d", r->line);
		if (m->support[k] > 1)
			ad_buf_printf(b, " (%u members)", m->support[k]);
		ad_buf_puts(b, ": ");
		fit(b, o, r->text, 0);
		ad_buf_puts(b, "\n");
		rules++;
	}
	more(b, m->nrules, rules, "           ");
}

static void role(ad_buf *b, const ad_audit *a, const ad_cluster *c,
		 size_t i, const ad_report_opts *o)
{
	const ad_cluster_plan *pl = &a->role_plan.clusters[i];
	uint32_t k;

	group_head(b, a, "role", c, pl, i, o);
	ad_cost_words_role(b, &a->costs.roles[i]);
	ad_buf_puts(b, "\n");
	for (k = 0; k < c->n; k++) {
		group_member(b, a, c, k, "  keep\n", o);
		if (k && pl->merge[k].variant_of) {
			ad_buf_puts(b, "         a variant of ");
			ad_escape_line(b, ad_audit_doc(a, c->members[
				pl->merge[k].variant_of - 1])->path);
			ad_buf_puts(b, ": take what the two add from either\n");
		} else if (k) {
			role_adds(b, a, &pl->merge[k], o);
		}
	}
}

/* Agents that do one job, written apart: keep one, take the best of the
 * others. */
static void roles(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	size_t i, n = a->roles.n, m = shown(n, 10, o);

	if (!n)
		return;
	ad_buf_puts(b, "\n");
	style(b, o, BOLD);
	ad_buf_printf(b, "role groups: %zu", n);
	style(b, o, RESET);
	ad_buf_puts(b, " (one job, written apart: keep one, take what the "
		       "others add)\n");
	for (i = 0; i < m; i++)
		role(b, a, &a->roles.clusters[i], i, o);
	if (n > m)
		ad_buf_printf(b, "\n... and %zu more role groups (-v lists "
			      "all)\n", n - m);
}

/* Columns a member's job takes at most: enough to tell jobs apart. */
#define JOB_COLUMNS 100

/* What agent d says its job is, on the rest of the line. */
static void job(ad_buf *b, const ad_report_opts *o, const ad_doc *d)
{
	ad_report_opts cut = *o;
	size_t end = line_columns(b) + JOB_COLUMNS;

	if (!cut.width || (size_t)cut.width > end)
		cut.width = (int)end;
	fit(b, &cut, d->fm.description ? d->fm.description : "(no description)",
	    0);
}

static void template_family(ad_buf *b, const ad_audit *a,
			    const ad_template_family *f, size_t i,
			    const ad_report_opts *o)
{
	const ad_templates *t = &a->templates;
	size_t k, n;

	ad_buf_printf(b, "  family %zu: %u agents, ", i + 1, f->n);
	plural(b, f->nheadings, "heading", "headings");
	ad_buf_puts(b, " and ");
	plural(b, f->rule_groups, "rule group", "rule groups");
	ad_buf_printf(b, " in at least %u of them\n", f->quorum);
	for (k = 0, n = shown(f->nheadings, 12, o); k < n; k++) {
		ad_buf_puts(b, k ? ", \"" : "    skeleton: \"");
		ad_escape_line(b, ad_audit_section(
					  a, t->headings[f->first_heading + k])->title);
		ad_buf_putc(b, '"');
	}
	if (n)
		ad_buf_printf(b, "%s\n", n < f->nheadings ? ", ..." : "");
	for (k = 0, n = shown(f->n, 12, o); k < n; k++) {
		const ad_doc *d = ad_audit_doc(a, t->members[f->first + k]);

		ad_buf_puts(b, "    ");
		ad_escape_line(b, d->path);
		style(b, o, DIM);
		ad_evidence_name_text(b, d);
		style(b, o, RESET);
		ad_buf_puts(b, "\n      job: ");
		job(b, o, d);
		ad_buf_puts(b, "\n");
	}
	more(b, f->n, n, "    ");
}

/* Agents one template made for different jobs: not variants, never to
 * merge, listed so the template is seen. */
static void template_families(ad_buf *b, const ad_audit *a,
			      const ad_report_opts *o)
{
	size_t i, n = a->templates.n, m = shown(n, 10, o);

	if (!n)
		return;
	ad_buf_puts(b, "\n");
	style(b, o, BOLD);
	ad_buf_printf(b, "template families: %zu", n);
	style(b, o, RESET);
	ad_buf_puts(b, " (one skeleton, different jobs: not variants, "
		       "do not merge)\n");
	for (i = 0; i < m; i++)
		template_family(b, a, &a->templates.families[i], i, o);
	more(b, n, m, "  ");
}

static void pair_list(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "\npairs:\n");
	for (i = 0; i < a->links.n; i++) {
		ad_buf_printf(b, "  %.3f  ", a->links.list[i].score);
		ad_escape_line(b, ad_audit_doc(a, a->links.list[i].a)->path);
		ad_buf_puts(b, "  ~  ");
		ad_escape_line(b, ad_audit_doc(a, a->links.list[i].b)->path);
		ad_buf_puts(b, "\n");
	}
}

static void problem(ad_buf *b, const ad_problem *p, const ad_report_opts *o)
{
	int err = p->severity == AD_SEV_ERROR;

	ad_buf_puts(b, "  ");
	ad_escape_line(b, p->path);
	if (p->line > 0)
		ad_buf_printf(b, ":%d", p->line);
	ad_buf_puts(b, ": ");
	style(b, o, err ? RED : YELLOW);
	ad_buf_puts(b, err ? "error" : "warning");
	style(b, o, RESET);
	ad_buf_puts(b, ": ");
	ad_escape_line(b, p->msg);
	ad_buf_puts(b, "\n");
}

static const char *const rule_marks[] = {"-", "#.", "|"};

/* One agent as parsed: each section (line range, heading path) and its
 * rules (line, list marker, text), indented by nesting depth. */
static void outline(ad_buf *b, const ad_doc *d)
{
	size_t k;
	uint32_t r;

	ad_buf_puts(b, "\n");
	ad_escape_line(b, d->path);
	if (d->kind != AD_KIND_AGENT)
		ad_buf_printf(b, " (%s, %zu resource%s)",
			      ad_doc_kind_name(d->kind), d->resources,
			      d->resources == 1 ? "" : "s");
	ad_buf_printf(b, ": %zu sections, %zu rules\n", d->nsections,
		      d->nrules);
	for (k = 0; k < d->nsections; k++) {
		const ad_section *s = &d->sections[k];

		ad_buf_printf(b, "  %4d-%-4d ", s->line_start, s->line_end);
		if (s->level)
			ad_escape_line(b, s->path);
		else
			ad_buf_puts(b, "(intro)");
		ad_buf_puts(b, "\n");
		for (r = 0; r < s->nrules; r++) {
			const ad_rule *rl = &d->rules[s->first_rule + r];

			ad_buf_printf(b, "  %4d        %*s%s ", rl->line,
				      2 * rl->depth, "", rule_marks[rl->kind]);
			if (rl->task >= 0)
				ad_buf_puts(b, rl->task ? "[x] " : "[ ] ");
			ad_escape_line(b, rl->text);
			ad_buf_puts(b, "\n");
		}
	}
}

static void alignment(ad_buf *b, const ad_audit *a, const ad_alignment *al)
{
	uint32_t k;

	ad_buf_puts(b, "  ");
	ad_escape_line(b, ad_audit_doc(a, al->a)->path);
	ad_buf_puts(b, "  ~  ");
	ad_escape_line(b, ad_audit_doc(a, al->b)->path);
	ad_buf_printf(b, "  (agents %.3f)\n",
		      ad_audit_agent_score(a, al->a, al->b));
	for (k = 0; k < al->n; k++) {
		const ad_section_match *m = &a->alignments.matches[al->first + k];

		ad_buf_printf(b, "    %.3f  ", m->score);
		ad_evidence_section_text(b, a, m->a);
		ad_buf_puts(b, " ~ ");
		ad_evidence_section_text(b, a, m->b);
		ad_buf_puts(b, "\n           [");
		ad_evidence_sections_text(b, a, m->a, m->b);
		ad_buf_puts(b, "]\n");
	}
}

typedef struct ranked {
	uint32_t n;   /* aligned sections */
	float score;  /* best section score */
	uint32_t i;
} ranked;

static int by_sections(const void *x, const void *y)
{
	const ranked *p = x, *q = y;

	if (p->n != q->n)
		return p->n > q->n ? -1 : 1;
	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	return (p->i > q->i) - (p->i < q->i);
}

/* Agent pairs with the most aligned sections first. */
static void section_overlap(ad_buf *b, const ad_audit *a,
			    const ad_report_opts *o)
{
	size_t n = a->alignments.npairs, i, m = shown(n, 10, o);
	ranked *r;

	if (!n)
		return;
	r = ad_xmalloc(n * sizeof(*r));
	for (i = 0; i < n; i++) {
		const ad_alignment *al = &a->alignments.pairs[i];

		r[i].n = al->n;
		r[i].score = a->alignments.matches[al->first].score;
		r[i].i = (uint32_t)i;
	}
	qsort(r, n, sizeof(*r), by_sections);
	ad_buf_printf(b, "\nsection overlap: %zu agent pair%s with aligned "
		      "sections (cosine >= %.2f), most aligned first\n",
		      n, n == 1 ? "" : "s", a->settings.section_threshold);
	for (i = 0; i < m; i++)
		alignment(b, a, &a->alignments.pairs[r[i].i]);
	more(b, n, m, "  ");
	free(r);
}

static void rule_group(ad_buf *b, const ad_audit *a, const ad_rule_group *g,
		       size_t i, const ad_report_opts *o)
{
	size_t k, n = shown(g->n, 8, o);

	ad_buf_printf(b, "  %zu. in %u of %zu agents, %u wording%s: \"", i + 1,
		      g->nagents, a->collection->ndocs, g->nwordings,
		      g->nwordings == 1 ? "" : "s");
	fit(b, o, ad_audit_rule(a, g->center)->text, 1); /* the quote */
	ad_buf_puts(b, "\"\n");
	for (k = 0; k < n; k++) {
		uint32_t r = a->inventory.members[g->first + k];

		ad_buf_puts(b, "      ");
		ad_escape_line(b,
			       ad_audit_doc(a, ad_audit_rule_doc(a, r))->path);
		ad_buf_printf(b, ":%d: ", ad_audit_rule(a, r)->line);
		fit(b, o, ad_audit_rule(a, r)->text, 0);
		ad_buf_puts(b, "\n");
	}
	more(b, g->n, n, "      ");
}

/* Shared rule groups, then the house-style ones apart. */
static void inventory(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	const ad_inventory *inv = &a->inventory;
	size_t i, house = 0, listed = 0, limit = o->verbose ? SIZE_MAX : 20;

	for (i = 0; i < inv->nshared; i++)
		house += inv->groups[i].boilerplate;
	ad_buf_printf(b, "\nrule inventory: %zu rule%s in %zu wording%s; %zu "
		      "group%s carried by 2 agents or more (cosine >= %.2f)\n",
		      a->collection->at.nrules,
		      a->collection->at.nrules == 1 ? "" : "s", inv->nforms,
		      inv->nforms == 1 ? "" : "s", inv->nshared - house,
		      inv->nshared - house == 1 ? "" : "s",
		      a->settings.rule_threshold);
	for (i = 0; i < inv->nshared; i++)
		if (!inv->groups[i].boilerplate && listed < limit)
			rule_group(b, a, &inv->groups[i], listed++, o);
	more(b, inv->nshared - house, listed, "  ");
	if (!house)
		return;
	ad_buf_printf(b, "\nhouse style: %zu rule group%s carried by more "
		      "than %u agents, left out of agent similarity\n",
		      house, house == 1 ? "" : "s", AD_BOILERPLATE_MIN);
	for (i = 0, listed = 0; i < inv->nshared; i++)
		if (inv->groups[i].boilerplate && listed < limit)
			rule_group(b, a, &inv->groups[i], listed++, o);
	more(b, house, listed, "  ");
}

static void collisions(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	size_t i, n = a->collisions.n, m = shown(n, 30, o);

	if (!n)
		return;
	ad_buf_printf(b, "\ncollisions: %zu\n", n);
	for (i = 0; i < m; i++) {
		const ad_collision *c = &a->collisions.list[i];

		ad_buf_printf(b, "  %-11s %.3f  ", ad_collision_kind_name(c->kind),
			      c->score);
		ad_escape_line(b, ad_audit_doc(a, c->a)->path);
		ad_buf_puts(b, "  ~  ");
		ad_escape_line(b, ad_audit_doc(a, c->b)->path);
		ad_buf_puts(b, "\n              ");
		fit(b, o, c->detail, 0);
		ad_buf_puts(b, "\n");
	}
	more(b, n, m, "  ");
}

/* A member of a routing group: its path, name, and what it stands for:
 * the role group it keeps, or its cluster's other members. */
static void routing_member(ad_buf *b, const ad_audit *a, size_t at,
			   const uint32_t *cluster_of, const ad_report_opts *o)
{
	const ad_routing *r = &a->routing;
	uint32_t agent = r->members[at], c = cluster_of[agent];
	const ad_doc *d = ad_audit_doc(a, agent);

	ad_escape_line(b, d->path);
	style(b, o, DIM);
	ad_evidence_name_text(b, d);
	style(b, o, RESET);
	if (r->roles[at])
		ad_buf_printf(b, "  keeps role %u (%u agents)", r->roles[at],
			      a->roles.clusters[r->roles[at] - 1].n);
	else if (c && a->clustering.clusters[c - 1].n > 1)
		ad_buf_printf(b, "  +%u variant%s",
			      a->clustering.clusters[c - 1].n - 1,
			      a->clustering.clusters[c - 1].n == 2 ? "" : "s");
	ad_buf_puts(b, "\n");
}

static void routing_group(ad_buf *b, const ad_audit *a,
			  const ad_routing_group *g, size_t i,
			  const uint32_t *cluster_of, const ad_report_opts *o)
{
	const ad_routing *r = &a->routing;
	size_t k, n = shown(g->n - 1, 8, o);

	ad_buf_printf(b, "  %zu. ", i + 1);
	routing_member(b, a, g->first, cluster_of, o);
	ad_buf_puts(b, "       shared terms: ");
	for (k = 0; k < g->nterms; k++) {
		if (k)
			ad_buf_puts(b, ", ");
		ad_escape_line(b, ad_collection_word(a->collection,
						     r->terms[g->first_term + k]));
	}
	ad_buf_puts(b, g->nterms ? "\n" : "(none)\n");
	for (k = 1; k <= n; k++) {
		ad_buf_printf(b, "       %.3f  ", r->scores[g->first + k]);
		routing_member(b, a, g->first + k, cluster_of, o);
	}
	more(b, g->n - 1, n, "       ");
}

/* Agents whose descriptions compete for the same requests: each group a
 * centre and the agents that compete with it, by score. */
static void routing(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	const ad_routing *r = &a->routing;
	size_t i, m = shown(r->n, 10, o);
	uint32_t *cluster_of;

	if (!r->n)
		return;
	cluster_of = ad_clustering_index(&a->clustering, a->collection->ndocs);
	ad_buf_printf(b, "\nrouting collisions: %zu (descriptions that compete "
		      "for the same requests: cosine >= %.2f over description, "
		      "name and examples; ", r->n, r->threshold);
	plural(b, r->nrouted, "agent", "agents");
	ad_buf_puts(b, " compared, a role group or cluster as its keep; ");
	plural(b, r->npairs, "competing pair", "competing pairs");
	ad_buf_puts(b, ")\n");
	for (i = 0; i < m; i++)
		routing_group(b, a, &r->groups[i], i, cluster_of, o);
	more(b, r->n, m, "  ");
	free(cluster_of);
}

void ad_report_audit_text(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts)
{
	static const ad_report_opts plain = AD_REPORT_OPTS_INIT;
	size_t i;

	if (!opts)
		opts = &plain;
	summary(out, audit, opts);
	for (i = 0; opts->outline && i < audit->collection->ndocs; i++)
		outline(out, ad_audit_doc(audit, i));
	for (i = 0; i < audit->clustering.n; i++)
		cluster(out, audit, &audit->clustering.clusters[i], i, opts);
	roles(out, audit, opts);
	template_families(out, audit, opts);
	if (opts->verbose && audit->links.n)
		pair_list(out, audit);
	section_overlap(out, audit, opts);
	inventory(out, audit, opts);
	collisions(out, audit, opts);
	routing(out, audit, opts);
	if (audit->collection->nproblems)
		ad_buf_puts(out, "\nproblems:\n");
	for (i = 0; i < audit->collection->nproblems; i++)
		problem(out, &audit->collection->problems[i], opts);
}
