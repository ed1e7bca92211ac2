/*
 * report_text.c - the summary a person reads in a terminal.
 */
#include "agentdup/report.h"

#include "agentdup/escape.h"

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

static void summary(ad_buf *b, const ad_audit *a, const ad_report_opts *o)
{
	style(b, o, BOLD);
	ad_buf_puts(b, "agentdup scan: ");
	plural(b, a->nfiles, "file", "files");
	ad_buf_puts(b, ", ");
	plural(b, a->ndocs, "agent", "agents");
	ad_buf_puts(b, ", ");
	plural(b, a->nsections, "section", "sections");
	ad_buf_puts(b, ", ");
	plural(b, a->nrules, "rule", "rules");
	ad_buf_puts(b, ", ");
	plural(b, a->nwarnings, "warning", "warnings");
	ad_buf_puts(b, ", ");
	plural(b, a->nskipped, "skipped", "skipped");
	style(b, o, RESET);
	ad_buf_printf(b, "\nthreshold %.2f: ", a->threshold);
	plural(b, a->npairs, "near-duplicate pair", "near-duplicate pairs");
	ad_buf_puts(b, " in ");
	plural(b, a->clustering.n, "cluster", "clusters");
	ad_buf_puts(b, "\n");
}

static void cluster(ad_buf *b, const ad_audit *a, const ad_cluster *c,
		    size_t i, const ad_report_opts *o)
{
	uint32_t k;

	ad_buf_puts(b, "\n");
	style(b, o, BOLD);
	ad_buf_printf(b, "cluster %zu: %u agents, keep ", i + 1, c->n);
	ad_escape_line(b, a->docs[c->canonical]->path);
	style(b, o, RESET);
	ad_buf_puts(b, "\n");
	for (k = 0; k < c->n; k++) {
		const ad_doc *d = a->docs[c->members[k]];

		ad_buf_printf(b, "  %.3f  ", c->scores[k]);
		ad_escape_line(b, d->path);
		if (d->name) {
			style(b, o, DIM);
			ad_buf_puts(b, "  (");
			ad_escape_line(b, d->name);
			ad_buf_puts(b, ")");
			style(b, o, RESET);
		}
		ad_buf_puts(b, k == 0 ? "  canonical\n" : "\n");
	}
}

static void pair_list(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "\npairs:\n");
	for (i = 0; i < a->npairs; i++) {
		ad_buf_printf(b, "  %.3f  ", a->pairs[i].score);
		ad_escape_line(b, a->docs[a->pairs[i].a]->path);
		ad_buf_puts(b, "  ~  ");
		ad_escape_line(b, a->docs[a->pairs[i].b]->path);
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

void ad_report_text(ad_buf *out, const ad_audit *audit,
		    const ad_report_opts *opts)
{
	static const ad_report_opts plain = AD_REPORT_OPTS_INIT;
	size_t i;

	if (!opts)
		opts = &plain;
	summary(out, audit, opts);
	for (i = 0; opts->outline && i < audit->ndocs; i++)
		outline(out, audit->docs[i]);
	for (i = 0; i < audit->clustering.n; i++)
		cluster(out, audit, &audit->clustering.clusters[i], i, opts);
	if (opts->verbose && audit->npairs)
		pair_list(out, audit);
	if (audit->nproblems)
		ad_buf_puts(out, "\nproblems:\n");
	for (i = 0; i < audit->nproblems; i++)
		problem(out, &audit->problems[i], opts);
}
