/*
 * report_text.c - the summary a person reads in a terminal.
 *
 * Method. By default the report is one screen: the counts, then the
 * first AD_REPORT_SCREEN clusters, role groups and collisions a line
 * each, and of the other lists their counts alone (screen()). With
 * --top N (opts->top) every list shows its first N entries, one or two
 * lines each, each cut list saying how many it left out; -v
 * (opts->verbose) writes the whole of each, with the evidence. Lines
 * are then fitted to opts->width in two steps: paths are shortened as
 * they are written (put_path()), and a last pass over the report wraps
 * what is still too long at a space, the rest of the line indented
 * under its start (ad_fit_rewrap(), fit.h). Collisions are listed by
 * group: the agents one name, one body or one request joins, pair by
 * pair only with -v.
 */
#include "agentdup/report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/escape.h"
#include "analysis/align.h"
#include "report/cost_words.h"
#include "report/evidence.h"
#include "report/fit.h"

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
	ad_buf_printf(b, "%s %s", AD_COUNT(n), n == 1 ? one : many);
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

/* Columns taken by the current (last) line of b (ad_fit_columns()). */
static size_t line_columns(const ad_buf *b)
{
	size_t i = b->len;

	while (i > 0 && b->ptr[i - 1] != '\n')
		i--;
	return ad_fit_columns(b->ptr + i, b->len - i);
}

/* The bytes of s[0..n) that fit in room columns. */
static size_t fitting(const char *s, size_t n, size_t room)
{
	size_t i = 0, used = 0, w, k;

	while (i < n) {
		k = ad_fit_char(s + i, n - i, &w);
		if (used + w > room)
			break;
		used += w;
		i += k;
	}
	return i;
}

/* s escaped for one terminal line; in a summary of o->width columns,
 * cut with an ellipsis where the line would wrap, keeping `after` columns
 * free for what follows it on the line (verbose: whole, to be wrapped). */
static void fit(ad_buf *b, const ad_report_opts *o, const char *s,
		size_t after)
{
	ad_buf t = AD_BUF_INIT;
	size_t room;

	ad_escape_line(&t, s);
	room = o->width > 0 && !o->verbose ? (size_t)o->width : 0;
	if (room) {
		size_t used = line_columns(b) + after;

		room = used + 8 < room ? room - used : 8;
	}
	if (room && ad_fit_columns(t.ptr, t.len) >= room) {
		/* one column for the ellipsis */
		ad_buf_put(b, t.ptr, fitting(t.ptr, t.len, room - 1));
		ad_buf_puts(b, "\xE2\x80\xA6");
	} else {
		ad_buf_put(b, t.ptr, t.len);
	}
	ad_buf_dispose(&t);
}

/* The shortest room a path is shortened to where it is written: below
 * it, the line is left to wrap and the path gets a line of its own. */
#define PATH_ROOM_MIN 30

/* The columns path may take where it is written, `after` kept free for
 * what follows it; 0: no bound. */
static size_t path_room(const ad_buf *b, const ad_report_opts *o,
			size_t after)
{
	size_t w = o->width > 0 ? (size_t)o->width : 0, used;

	if (!w)
		return 0;
	used = line_columns(b) + after;
	if (used + PATH_ROOM_MIN <= w)
		return w - used;
	/* on the line it wraps to, under an indent */
	return w > PATH_ROOM_MIN + 12 + after ? w - 12 - after : PATH_ROOM_MIN;
}

/* The least columns kept of a long first folder. */
#define HEAD_MIN 12

/* t[0..n) in room columns: its first folder, "...", and as many of its
 * last parts as fit; else the start of the first folder, an ellipsis,
 * "/.../" and the file name; else ".../name"; else the file name cut
 * with an ellipsis. */
static void shorten_path(ad_buf *b, const char *t, size_t n, size_t room)
{
	const char *first = memchr(t, '/', n), *p;
	size_t head = first ? (size_t)(first - t) : 0, k;

	/* the longest tail after a '/' that fits with the head */
	for (p = first ? first + 1 : t + n; first && p < t + n; p++) {
		if (p[-1] != '/')
			continue;
		if (head + 5 + ad_fit_columns(p, (size_t)(t + n - p)) <= room) {
			ad_buf_put(b, t, head);
			ad_buf_puts(b, "/.../");
			ad_buf_put(b, p, (size_t)(t + n - p));
			return;
		}
	}
	for (p = t + n; p > t && p[-1] != '/'; p--)
		;
	k = ad_fit_columns(p, (size_t)(t + n - p));
	if (first && p > first + 1 && k + 6 + HEAD_MIN <= room) {
		/* "…/.../" takes 6 */
		ad_buf_put(b, t, fitting(t, head, room - k - 6));
		ad_buf_puts(b, "\xE2\x80\xA6/.../");
		ad_buf_put(b, p, (size_t)(t + n - p));
		return;
	}
	if (p > t && 4 + k <= room) {
		ad_buf_puts(b, ".../");
		ad_buf_put(b, p, (size_t)(t + n - p));
		return;
	}
	ad_buf_put(b, p, fitting(p, (size_t)(t + n - p), room - 1));
	ad_buf_puts(b, "\xE2\x80\xA6");
}

/* A path, escaped, shortened to fit where it is written (opts->width),
 * `after` columns kept for what follows it. */
static void put_path(ad_buf *b, const ad_report_opts *o, const char *path,
		     size_t after)
{
	ad_buf t = AD_BUF_INIT;
	size_t room = path_room(b, o, after);

	ad_escape_line(&t, path);
	if (!room || ad_fit_columns(t.ptr, t.len) <= room)
		ad_buf_put(b, t.ptr, t.len);
	else
		shorten_path(b, t.ptr, t.len, room);
	ad_buf_dispose(&t);
}

/* Bytes a report holds before its complete lines go to the sink. */
#define CHUNK ((size_t)1 << 20)

/*
 * With a sink, once b holds CHUNK bytes: its complete lines, wrapped as
 * ad_fit_rewrap() would wrap them (a line at a time), handed on, and the
 * line not complete yet kept, so that a long report (-v of a large
 * collection: 900 MB) is never held whole. b then holds nothing but
 * this report's text (ad_report_audit_text()); only line_columns() looks
 * back, and no further than the line being written.
 */
static void drain(ad_buf *b, const ad_report_opts *o)
{
	ad_buf t = AD_BUF_INIT;
	size_t n = b->len;

	if (!o->sink || b->len < CHUNK)
		return;
	while (n > 0 && b->ptr[n - 1] != '\n')
		n--;
	if (n == 0)
		return;
	if (o->width > 0) {
		ad_fit_lines(&t, b->ptr, n, o->width, 0);
		o->sink(o->sink_ctx, t.ptr, t.len);
		ad_buf_dispose(&t);
	} else {
		o->sink(o->sink_ctx, b->ptr, n);
	}
	memmove(b->ptr, b->ptr + n, b->len - n);
	b->len -= n;
	b->ptr[b->len] = '\0';
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

/* ---- the summary: the first entries of each list ---- */

/* Problems on a screen: two lines each, so fewer. */
#define SCREEN_PROBLEMS 3

/* The default: one screen, the lists that say what to merge shown a
 * line an entry, the others counted (not verbose, no --top). */
static int screen(const ad_report_opts *o)
{
	return !o->verbose && !o->top;
}

static size_t top_of(const ad_report_opts *o)
{
	return o->top ? o->top : AD_REPORT_SCREEN;
}

/* How many of n entries the summary shows. */
static size_t first_of(size_t n, const ad_report_opts *o)
{
	return o->verbose || n <= top_of(o) ? n : top_of(o);
}

/* After a cut list: how many it left out and how to see them. */
static void left_out(ad_buf *b, size_t n, size_t listed, const char *what,
		     const ad_report_opts *o)
{
	if (n > listed && !screen(o))
		ad_buf_printf(b, "  ... and %s more of the %s %s (--top %zu "
			      "lists all; -v in full)\n", AD_COUNT(n - listed),
			      AD_COUNT(n), what, n);
}

/* Members shown of a group in the summary; the rest are counted. */
#define BRIEF_MEMBERS 4

/* Agents by path, ", " between them: those of list[0..n) but the one at
 * skip (n: none), the first BRIEF_MEMBERS of them unless verbose. */
static void agent_paths(ad_buf *b, const ad_audit *a, const uint32_t *list,
			size_t n, size_t skip, const ad_report_opts *o)
{
	size_t k, listed = 0, others = n - (skip < n);

	for (k = 0; k < n; k++) {
		if (k == skip)
			continue;
		if (!o->verbose && listed == BRIEF_MEMBERS) {
			ad_buf_printf(b, " and %s more",
				      AD_COUNT(others - listed));
			return;
		}
		ad_buf_puts(b, listed ? ", " : "");
		put_path(b, o, ad_audit_doc(a, list[k])->path,
			 listed + 1 < others ? 1 : 0);
		listed++;
	}
}

/* A cluster or role group on a screen, one line: the keep's name, the
 * size, the keep's path last, shortened to what the line leaves. */
static void screen_group(ad_buf *b, const ad_audit *a, const ad_cluster *c,
			 size_t i, const ad_report_opts *o)
{
	const ad_doc *keep = ad_audit_doc(a, c->canonical);

	ad_buf_printf(b, "  %zu. ", i + 1);
	style(b, o, BOLD);
	ad_escape_line(b, keep->name ? keep->name : keep->identity);
	style(b, o, RESET);
	if (keep->kind != AD_KIND_AGENT)
		ad_buf_printf(b, " (%s)", ad_doc_kind_name(keep->kind));
	ad_buf_printf(b, ": %s agents, keep ", AD_COUNT(c->n));
	put_path(b, o, keep->path, 0);
	ad_buf_puts(b, "\n");
}

/* A cluster or role group on two lines: the one to keep, then the others. */
static void brief_group(ad_buf *b, const ad_audit *a, const ad_cluster *c,
			size_t i, const char *others, const ad_report_opts *o)
{
	const ad_doc *keep = ad_audit_doc(a, c->canonical);
	uint32_t k;

	if (screen(o)) {
		screen_group(b, a, c, i, o);
		return;
	}
	ad_buf_printf(b, "  %zu. %s agents, keep ", i + 1, AD_COUNT(c->n));
	put_path(b, o, keep->path,
		 keep->name ? strlen(keep->name) + 4 : 0);
	style(b, o, DIM);
	ad_evidence_name_text(b, keep);
	style(b, o, RESET);
	ad_buf_printf(b, "\n       %s ", others);
	for (k = 0; k < c->n && c->members[k] != c->canonical; k++)
		;
	agent_paths(b, a, c->members, c->n, k, o);
	ad_buf_puts(b, "\n");
}

static void cluster(ad_buf *b, const ad_audit *a, const ad_cluster *c,
		    size_t i, const ad_report_opts *o);

/* The heading of a list of groups: what, how many (bold), what they
 * are; largest first. */
static void groups_head(ad_buf *b, const ad_report_opts *o,
			const char *what, size_t n, const char *about)
{
	ad_buf_puts(b, "\n");
	style(b, o, BOLD);
	ad_buf_printf(b, "%s: %s", what, AD_COUNT(n));
	style(b, o, RESET);
	ad_buf_printf(b, " (%s), largest first\n", about);
}

#define ROLES_ABOUT \
	"one job, written apart: keep one, take what the others add"

/* Clusters: in the summary two lines each, with -v each in full. */
static void clusters(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	size_t i, n = a->clustering.n, m = first_of(n, o);

	if (!n)
		return;
	groups_head(b, o, "clusters", n,
		    "variants of one agent: keep one, merge what the others "
		    "add");
	for (i = 0; i < m; i++) {
		if (o->verbose)
			cluster(b, a, &a->clustering.clusters[i], i, o);
		else
			brief_group(b, a, &a->clustering.clusters[i], i,
				    "merge", o);
		drain(b, o);
	}
	left_out(b, n, m, "clusters", o);
}

static void brief_roles(ad_buf *b, const ad_audit *a,
			const ad_report_opts *o)
{
	size_t i, n = a->roles.n, m = first_of(n, o);

	if (!n)
		return;
	groups_head(b, o, "role groups", n, ROLES_ABOUT);
	for (i = 0; i < m; i++)
		brief_group(b, a, &a->roles.clusters[i], i, "take from", o);
	left_out(b, n, m, "role groups", o);
}

static void brief_templates(ad_buf *b, const ad_audit *a,
			    const ad_report_opts *o)
{
	const ad_templates *t = &a->templates;
	size_t i, n = t->n, m = first_of(n, o);

	if (!n)
		return;
	ad_buf_printf(b, "\ntemplate families: %s (one skeleton, different "
		      "jobs: not variants, do not merge), most members "
		      "first\n", AD_COUNT(n));
	for (i = 0; i < m; i++) {
		const ad_template_family *f = &t->families[i];

		ad_buf_printf(b, "  %zu. %s agents: ", i + 1, AD_COUNT(f->n));
		agent_paths(b, a, t->members + f->first, f->n, f->n, o);
		ad_buf_puts(b, "\n");
	}
	left_out(b, n, m, "template families", o);
}

/* At most limit lines of a list of n, unless verbose; then how many more. */
static size_t shown(size_t n, size_t limit, const ad_report_opts *o)
{
	return o->verbose || n <= limit ? n : limit;
}

static void more(ad_buf *b, size_t n, size_t shown_n, const char *indent)
{
	if (n > shown_n)
		ad_buf_printf(b, "%s... and %s more (-v lists all)\n", indent,
			      AD_COUNT(n - shown_n));
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
	ad_buf_printf(b, "%s %zu: %s agents, keep ", kind, i + 1,
		      AD_COUNT(c->n));
	put_path(b, o, ad_audit_doc(a, c->canonical)->path, 0);
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
	put_path(b, o, d->path, 0);
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
		ad_buf_printf(b, ": %s ", AD_COUNT(m->section_rules[k]));
		ad_buf_puts(b, m->section_rules[k] == 1 ? "rule\n" : "rules\n");
	}
	for (k = 0, n = shown(m->nrules, 5, o); k < n; k++) {
		const ad_rule *r = ad_audit_rule(a, m->rules[k]);

		ad_buf_printf(b, "           + line %d", r->line);
		if (m->support[k] > 1)
			ad_buf_printf(b, " (%s members)",
				      AD_COUNT(m->support[k]));
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
			put_path(b, o, ad_audit_doc(a, c->members[
				pl->merge[k].variant_of - 1])->path, 34);
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
	groups_head(b, o, "role groups", n, ROLES_ABOUT);
	for (i = 0; i < m; i++) {
		role(b, a, &a->roles.clusters[i], i, o);
		drain(b, o);
	}
	if (n > m)
		ad_buf_printf(b, "\n... and %s more role groups (-v lists "
			      "all)\n", AD_COUNT(n - m));
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

	ad_buf_printf(b, "  family %zu: %s agents, ", i + 1, AD_COUNT(f->n));
	plural(b, f->nheadings, "heading", "headings");
	ad_buf_puts(b, " and ");
	plural(b, f->rule_groups, "rule group", "rule groups");
	ad_buf_printf(b, " in at least %s of them\n", AD_COUNT(f->quorum));
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
		put_path(b, o, d->path, 0);
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
	ad_buf_printf(b, "template families: %s", AD_COUNT(n));
	style(b, o, RESET);
	ad_buf_puts(b, " (one skeleton, different jobs: not variants, "
		       "do not merge), most members first\n");
	for (i = 0; i < m; i++) {
		template_family(b, a, &a->templates.families[i], i, o);
		drain(b, o);
	}
	more(b, n, m, "  ");
}

static void pair_list(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	size_t i;

	ad_buf_printf(b, "\nlinked pairs: %s (agents that are variants of "
		      "one another), by path\n", AD_COUNT(a->links.n));
	for (i = 0; i < a->links.n; i++) {
		ad_buf_printf(b, "  %.3f  ", a->links.list[i].score);
		put_path(b, o, ad_audit_doc(a, a->links.list[i].a)->path, 5);
		ad_buf_puts(b, "  ~  ");
		put_path(b, o, ad_audit_doc(a, a->links.list[i].b)->path, 0);
		ad_buf_puts(b, "\n");
		drain(b, o);
	}
}

static void problem(ad_buf *b, const ad_problem *p, const ad_report_opts *o)
{
	int err = p->severity == AD_SEV_ERROR;

	ad_buf_puts(b, "  ");
	put_path(b, o, p->path, 12);
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
static void outline(ad_buf *b, const ad_doc *d, const ad_report_opts *o)
{
	size_t k;
	uint32_t r;

	ad_buf_puts(b, "\n");
	put_path(b, o, d->path, 24);
	if (d->kind != AD_KIND_AGENT)
		ad_buf_printf(b, " (%s, %s resource%s)",
			      ad_doc_kind_name(d->kind), AD_COUNT(d->resources),
			      d->resources == 1 ? "" : "s");
	ad_buf_printf(b, ": %s sections, %s rules\n", AD_COUNT(d->nsections),
		      AD_COUNT(d->nrules));
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

static void alignment(ad_buf *b, const ad_audit *a, const ad_alignment *al,
		      const ad_report_opts *o)
{
	ad_section_match *ms;
	size_t k, n;

	ad_buf_puts(b, "  ");
	if (!o->verbose)
		ad_buf_printf(b, "%s section%s, best %.3f: ", AD_COUNT(al->n),
			      al->n == 1 ? "" : "s", al->best);
	put_path(b, o, ad_audit_doc(a, al->a)->path, 5);
	ad_buf_puts(b, "  ~  ");
	put_path(b, o, ad_audit_doc(a, al->b)->path, o->verbose ? 16 : 0);
	if (!o->verbose) {
		ad_buf_puts(b, "\n");
		return;
	}
	ad_buf_printf(b, "  (agents %.3f)\n",
		      ad_audit_agent_score(a, al->a, al->b));
	n = ad_audit_section_matches(a, al->a, al->b, &ms);
	for (k = 0; k < n; k++) {
		const ad_section_match *m = &ms[k];

		ad_buf_printf(b, "    %.3f  ", m->score);
		ad_evidence_section_text(b, a, m->a);
		ad_buf_puts(b, " ~ ");
		ad_evidence_section_text(b, a, m->b);
		ad_buf_puts(b, "\n           [");
		ad_evidence_sections_text(b, a, m->a, m->b);
		ad_buf_puts(b, "]\n");
	}
	free(ms);
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
	size_t n = a->alignments.npairs, i, m = first_of(n, o);
	ranked *r;

	if (!n)
		return;
	r = ad_xmalloc(n * sizeof(*r));
	for (i = 0; i < n; i++) {
		const ad_alignment *al = &a->alignments.pairs[i];

		r[i].n = al->n;
		r[i].score = al->best;
		r[i].i = (uint32_t)i;
	}
	qsort(r, n, sizeof(*r), by_sections);
	ad_buf_printf(b, "\nsection overlap: %s agent pair%s with aligned "
		      "sections (cosine >= %.2f; from %.2f between agents that "
		      "may be variants or sections that share %d rule groups), "
		      "most aligned sections first\n", AD_COUNT(n),
		      n == 1 ? "" : "s",
		      a->settings.section_threshold,
		      a->settings.section_threshold < AD_ALIGN_FLOOR
			      ? a->settings.section_threshold
			      : AD_ALIGN_FLOOR,
		      AD_ALIGN_SHARED_GROUPS);
	for (i = 0; i < m; i++) {
		alignment(b, a, &a->alignments.pairs[r[i].i], o);
		drain(b, o);
	}
	left_out(b, n, m, "agent pairs", o);
	free(r);
}

static void rule_group(ad_buf *b, const ad_audit *a, const ad_rule_group *g,
		       size_t i, const ad_report_opts *o)
{
	size_t k, n = o->verbose ? g->n : 0;

	ad_buf_printf(b, "  %zu. in %s of %s agents, %s wording%s: \"", i + 1,
		      AD_COUNT(g->nagents), AD_COUNT(a->collection->ndocs),
		      AD_COUNT(g->nwordings), g->nwordings == 1 ? "" : "s");
	fit(b, o, ad_audit_rule(a, g->center)->text, 1); /* the quote */
	ad_buf_puts(b, "\"\n");
	for (k = 0; k < n; k++) {
		uint32_t r = a->inventory.members[g->first + k];

		ad_buf_puts(b, "      ");
		put_path(b, o, ad_audit_doc(a, ad_audit_rule_doc(a, r))->path,
			 8);
		ad_buf_printf(b, ":%d: ", ad_audit_rule(a, r)->line);
		fit(b, o, ad_audit_rule(a, r)->text, 0);
		ad_buf_puts(b, "\n");
	}
}

/* Of the shared rule groups, the house-style ones. */
static size_t house_groups(const ad_inventory *inv)
{
	size_t i, house = 0;

	for (i = 0; i < inv->nshared; i++)
		house += inv->groups[i].boilerplate;
	return house;
}

/* Shared rule groups, then the house-style ones apart. */
static void inventory(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	const ad_inventory *inv = &a->inventory;
	size_t i, house = house_groups(inv), listed = 0;
	size_t limit = o->verbose ? SIZE_MAX : top_of(o);
	ad_buf_printf(b, "\nrule inventory: %s rule%s in %s wording%s; %s "
		      "group%s carried by 2 agents or more (cosine >= %.2f), most "
		      "agents first\n",
		      AD_COUNT(a->collection->at.nrules),
		      a->collection->at.nrules == 1 ? "" : "s",
		      AD_COUNT(inv->nforms), inv->nforms == 1 ? "" : "s",
		      AD_COUNT(inv->nshared - house),
		      inv->nshared - house == 1 ? "" : "s",
		      a->settings.rule_threshold);
	for (i = 0; i < inv->nshared; i++)
		if (!inv->groups[i].boilerplate && listed < limit) {
			rule_group(b, a, &inv->groups[i], listed++, o);
			drain(b, o);
		}
	left_out(b, inv->nshared - house, listed, "rule groups", o);
	if (!house)
		return;
	ad_buf_printf(b, "\nhouse style: %s rule group%s carried by more "
		      "than %s agents of more than %u names, left out of agent "
		      "similarity, most agents first\n",
		      AD_COUNT(house), house == 1 ? "" : "s",
		      AD_COUNT(a->settings.house_limit),
		      AD_BOILERPLATE_FORK_NAMES);
	for (i = 0, listed = 0; i < inv->nshared; i++)
		if (inv->groups[i].boilerplate && listed < limit) {
			rule_group(b, a, &inv->groups[i], listed++, o);
			drain(b, o);
		}
	left_out(b, house, listed, "house-style groups", o);
}

/* ---- collisions, by group ---- */

/* The agents one name, one body or one request joins: a connected part
 * of the collisions of one kind. */
typedef struct coll_group {
	ad_collision_kind kind;
	uint32_t first, n; /* agents[first..first+n) */
	uint32_t pairs;
	uint32_t root; /* the least agent */
} coll_group;

typedef struct coll_groups {
	coll_group *list; /* by kind, most agents first */
	size_t n;
	uint32_t *agents; /* group by group, each in agent order */
	size_t nagents;
	uint32_t *parent; /* by agent: union-find over the pairs */
} coll_groups;

static uint32_t root_of(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static int by_key(const void *x, const void *y)
{
	const uint64_t *p = x, *q = y;

	return (*p > *q) - (*p < *q);
}

static int by_agent(const void *x, const void *y)
{
	const uint32_t *p = x, *q = y;

	return (*p > *q) - (*p < *q);
}

static int by_size(const void *x, const void *y)
{
	const coll_group *p = x, *q = y;

	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	if (p->n != q->n)
		return p->n > q->n ? -1 : 1;
	return (p->root > q->root) - (p->root < q->root);
}

/* The group of root among g->list[from..g->n), which are by root. */
static coll_group *group_of(coll_groups *g, size_t from, uint32_t root)
{
	size_t lo = from, hi = g->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->list[mid].root < root)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &g->list[lo];
}

/* Append the groups of list[s..e), collisions of one kind; keys is
 * scratch room for 2 * (e - s) entries. */
static void group_kind(coll_groups *g, const ad_collision *list, size_t s,
		       size_t e, uint64_t *keys)
{
	size_t i, nk = 0, from = g->n;

	for (i = s; i < e; i++) {
		g->parent[list[i].a] = list[i].a;
		g->parent[list[i].b] = list[i].b;
	}
	for (i = s; i < e; i++) {
		uint32_t x = root_of(g->parent, list[i].a);
		uint32_t y = root_of(g->parent, list[i].b);

		g->parent[x > y ? x : y] = x < y ? x : y;
	}
	for (i = s; i < e; i++) {
		uint64_t r = root_of(g->parent, list[i].a);

		keys[nk++] = r << 32 | list[i].a;
		keys[nk++] = r << 32 | list[i].b;
	}
	qsort(keys, nk, sizeof(*keys), by_key);
	for (i = 0; i < nk; i++) {
		if (i && keys[i] == keys[i - 1])
			continue;
		if (!i || keys[i] >> 32 != keys[i - 1] >> 32) {
			coll_group *c = &g->list[g->n++];

			c->kind = list[s].kind;
			c->first = (uint32_t)g->nagents;
			c->n = c->pairs = 0;
			c->root = (uint32_t)(keys[i] >> 32);
		}
		g->agents[g->nagents++] = (uint32_t)keys[i];
		g->list[g->n - 1].n++;
	}
	for (i = s; i < e; i++)
		group_of(g, from, root_of(g->parent, list[i].a))->pairs++;
}

static void coll_groups_make(coll_groups *g, const ad_audit *a)
{
	const ad_collisions *cs = &a->collisions;
	uint64_t *keys = ad_xmalloc(2 * cs->n * sizeof(*keys) + 1);
	size_t s, e;

	g->list = ad_xmalloc(2 * cs->n * sizeof(*g->list) + 1);
	g->agents = ad_xmalloc(2 * cs->n * sizeof(*g->agents) + 1);
	g->parent = ad_xmalloc(a->collection->ndocs * sizeof(*g->parent) + 1);
	g->n = g->nagents = 0;
	for (s = 0; s < cs->n; s = e) {
		for (e = s + 1; e < cs->n && cs->list[e].kind == cs->list[s].kind;
		     e++)
			;
		group_kind(g, cs->list, s, e, keys);
	}
	qsort(g->list, g->n, sizeof(*g->list), by_size);
	free(keys);
}

static void coll_groups_dispose(coll_groups *g)
{
	free(g->list);
	free(g->agents);
	free(g->parent);
}

/* What the groups of a kind are, and what one group is. */
static const char *const kind_heads[] = {
	"one name, bodies that differ",
	"near-identical bodies under other names",
	"near-identical bodies, other tools or model",
	"one request would trigger each (descriptions alike)",
};

/* With -v: the pairs of group c, each with its score and what differs. */
static void coll_pairs(ad_buf *b, const ad_audit *a, const coll_groups *g,
		       const coll_group *c, const ad_report_opts *o)
{
	char detail[AD_COLLISION_DETAIL_MAX];
	size_t i;

	for (i = 0; i < a->collisions.n; i++) {
		const ad_collision *p = &a->collisions.list[i];

		if (p->kind != c->kind ||
		    !bsearch(&p->a, g->agents + c->first, c->n,
			     sizeof(*g->agents), by_agent))
			continue;
		ad_buf_printf(b, "      %.3f  ", p->score);
		put_path(b, o, ad_audit_doc(a, p->a)->path, 4);
		ad_buf_puts(b, "  ~  ");
		put_path(b, o, ad_audit_doc(a, p->b)->path, 0);
		ad_buf_puts(b, "\n        ");
		ad_escape_line(b, ad_audit_collision_detail(a, p, detail,
							    sizeof(detail)));
		ad_buf_puts(b, "\n");
	}
}

/* The one pair of group c: what differs. */
static void coll_detail(ad_buf *b, const ad_audit *a, const coll_group *c)
{
	char detail[AD_COLLISION_DETAIL_MAX];
	size_t i;

	for (i = 0; i < a->collisions.n; i++) {
		const ad_collision *p = &a->collisions.list[i];

		if (p->kind == c->kind && p->a == c->root) {
			ad_buf_puts(b, "      ");
			ad_escape_line(b,
				       ad_audit_collision_detail(
					       a, p, detail, sizeof(detail)));
			ad_buf_puts(b, "\n");
			return;
		}
	}
}

static void coll_group_line(ad_buf *b, const ad_audit *a, coll_groups *g,
			    const coll_group *c, const ad_report_opts *o)
{
	const ad_doc *d = ad_audit_doc(a, g->agents[c->first]);

	ad_buf_puts(b, "    ");
	if (c->kind == AD_COLLIDE_NAME) {
		ad_buf_putc(b, '\'');
		ad_escape_line(b, d->name ? d->name : d->identity);
		ad_buf_puts(b, "': ");
	}
	ad_buf_printf(b, "%s agents: ", AD_COUNT(c->n));
	agent_paths(b, a, g->agents + c->first, c->n, c->n, o);
	ad_buf_puts(b, "\n");
	if (o->verbose)
		coll_pairs(b, a, g, c, o);
	else if (c->pairs == 1 && c->kind != AD_COLLIDE_NAME)
		coll_detail(b, a, c);
}

/* On a screen, the groups list[s..e) of one kind (largest first) on one
 * line: how many, and the largest: by name, or by its agent count. */
static void coll_kind_line(ad_buf *b, const ad_audit *a, coll_groups *g,
			   size_t s, size_t e)
{
	size_t i;

	ad_buf_printf(b, "  %s: %s group%s", kind_heads[g->list[s].kind],
		      AD_COUNT(e - s), e - s == 1 ? "" : "s");
	if (g->list[s].kind != AD_COLLIDE_NAME) {
		ad_buf_printf(b, " of up to %s agents\n",
			      AD_COUNT(g->list[s].n));
		return;
	}
	for (i = s; i < e && i < s + 3; i++) {
		const ad_doc *d = ad_audit_doc(a, g->agents[g->list[i].first]);

		ad_buf_puts(b, i > s ? ", '" : ", largest '");
		ad_escape_line(b, d->name ? d->name : d->identity);
		ad_buf_printf(b, "' (%s)", AD_COUNT(g->list[i].n));
	}
	ad_buf_puts(b, e - s > 3 ? ", ...\n" : "\n");
}

/* Collisions grouped: one line a name, a body or a request, with its
 * agents; by kind, the groups with the most agents first. */
static void collisions(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	coll_groups g;
	size_t s, e, i;

	if (!a->collisions.n)
		return;
	coll_groups_make(&g, a);
	ad_buf_printf(b, "\ncollisions: %s pair%s in %s group%s (agents that "
		      "share a name, a body or a trigger while the rest "
		      "differs), by kind, most agents first\n",
		      AD_COUNT(a->collisions.n),
		      a->collisions.n == 1 ? "" : "s",
		      AD_COUNT(g.n), g.n == 1 ? "" : "s");
	for (s = 0; s < g.n; s = e) {
		size_t m;

		for (e = s + 1; e < g.n && g.list[e].kind == g.list[s].kind; e++)
			;
		if (screen(o)) {
			coll_kind_line(b, a, &g, s, e);
			continue;
		}
		m = first_of(e - s, o);
		ad_buf_printf(b, "  %s: %s group%s\n",
			      kind_heads[g.list[s].kind], AD_COUNT(e - s),
			      e - s == 1 ? "" : "s");
		for (i = s; i < s + m; i++) {
			coll_group_line(b, a, &g, &g.list[i], o);
			drain(b, o);
		}
		left_out(b, e - s, m, "groups", o);
	}
	coll_groups_dispose(&g);
}

/* A member of a routing group: its path, name, and what it stands for:
 * the role group it keeps, or its cluster's other members. */
static void routing_member(ad_buf *b, const ad_audit *a, size_t at,
			   const uint32_t *cluster_of, const ad_report_opts *o)
{
	const ad_routing *r = &a->routing;
	uint32_t agent = r->members[at], c = cluster_of[agent];
	const ad_doc *d = ad_audit_doc(a, agent);

	put_path(b, o, d->path, 0);
	style(b, o, DIM);
	ad_evidence_name_text(b, d);
	style(b, o, RESET);
	if (r->roles[at])
		ad_buf_printf(b, "  keeps role %u (%s agents)", r->roles[at],
			      AD_COUNT(a->roles.clusters[r->roles[at] - 1].n));
	else if (c && a->clustering.clusters[c - 1].n > 1)
		ad_buf_printf(b, "  +%s variant%s",
			      AD_COUNT(a->clustering.clusters[c - 1].n - 1),
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
	if (!o->verbose) {
		ad_buf_printf(b, "       competes with ");
		agent_paths(b, a, r->members + g->first + 1, g->n - 1,
			    g->n - 1, o);
		ad_buf_puts(b, "\n");
		return;
	}
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
	size_t i, m = first_of(r->n, o);
	uint32_t *cluster_of;

	if (!r->n)
		return;
	cluster_of = ad_clustering_index(&a->clustering, a->collection->ndocs);
	ad_buf_printf(b, "\nrouting collisions: %s (descriptions that compete "
		      "for the same requests: cosine >= %.2f over description, "
		      "name and examples; ", AD_COUNT(r->n), r->threshold);
	plural(b, r->nrouted, "agent", "agents");
	ad_buf_puts(b, " compared, a role group or cluster as its keep; ");
	plural(b, r->npairs, "competing pair", "competing pairs");
	ad_buf_puts(b, "), most agents first\n");
	for (i = 0; i < m; i++) {
		routing_group(b, a, &r->groups[i], i, cluster_of, o);
		drain(b, o);
	}
	left_out(b, r->n, m, "routing collisions", o);
	free(cluster_of);
}

/* On a screen, the lists that are not about what to merge: a line each,
 * their counts. */
static void counted(ad_buf *b, const ad_audit *a)
{
	const ad_inventory *inv = &a->inventory;
	size_t house = house_groups(inv);

	ad_buf_puts(b, "\nalso found:\n");
	if (a->templates.n)
		ad_buf_printf(b, "  %s template famil%s (one skeleton, other "
			      "jobs: do not merge)\n", AD_COUNT(a->templates.n),
			      a->templates.n == 1 ? "y" : "ies");
	ad_buf_printf(b, "  %s rule group%s carried by 2 agents or more, "
		      "%s of them house style (more than %s agents of more "
		      "than %u names)\n",
		      AD_COUNT(inv->nshared), inv->nshared == 1 ? "" : "s",
		      AD_COUNT(house), AD_COUNT(a->settings.house_limit),
		      AD_BOILERPLATE_FORK_NAMES);
	if (a->alignments.npairs)
		ad_buf_printf(b, "  %s agent pair%s with aligned sections\n",
			      AD_COUNT(a->alignments.npairs),
			      a->alignments.npairs == 1 ? "" : "s");
	if (a->routing.n)
		ad_buf_printf(b, "  %s routing collision%s (descriptions that "
			      "compete for one request)\n",
			      AD_COUNT(a->routing.n),
			      a->routing.n == 1 ? "" : "s");
}

/* The problems of reading the collection, the first ones unless
 * verbose. */
static void problems(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	size_t i, n = a->collection->nproblems, m = first_of(n, o);

	if (screen(o) && m > SCREEN_PROBLEMS)
		m = SCREEN_PROBLEMS;

	if (!n)
		return;
	ad_buf_printf(b, "\nproblems: %s (files read with a warning or left "
		      "out)\n", AD_COUNT(n));
	for (i = 0; i < m; i++) {
		problem(b, &a->collection->problems[i], o);
		drain(b, o);
	}
	left_out(b, n, m, "problems", o);
}

void ad_report_audit_text(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts)
{
	static const ad_report_opts plain = AD_REPORT_OPTS_INIT;
	size_t i, start;

	if (!opts)
		opts = &plain;
	if (opts->sink && out->len) { /* what out held goes first, as it is */
		opts->sink(opts->sink_ctx, out->ptr, out->len);
		ad_buf_clear(out);
	}
	start = out->len;
	summary(out, audit, opts);
	for (i = 0; opts->outline && i < audit->collection->ndocs; i++) {
		outline(out, ad_audit_doc(audit, i), opts);
		drain(out, opts);
	}
	clusters(out, audit, opts);
	if (screen(opts)) {
		brief_roles(out, audit, opts);
		collisions(out, audit, opts);
		counted(out, audit);
		problems(out, audit, opts);
		ad_buf_puts(out, "\nthe first entries of each list; --top N "
			    "lists the first N of every list, -v all of them "
			    "with the evidence\n");
		ad_fit_rewrap(out, start, opts->width, 0);
		return;
	}
	if (opts->verbose) {
		roles(out, audit, opts);
		template_families(out, audit, opts);
		if (audit->links.n)
			pair_list(out, audit, opts);
	} else {
		brief_roles(out, audit, opts);
		brief_templates(out, audit, opts);
	}
	section_overlap(out, audit, opts);
	inventory(out, audit, opts);
	collisions(out, audit, opts);
	routing(out, audit, opts);
	problems(out, audit, opts);
	ad_fit_rewrap(out, start, opts->width, 0);
}
