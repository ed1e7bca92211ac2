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

/* The terms that add most to the score of x against y, as words. */
static void evidence(ad_buf *b, const ad_audit *a, const ad_svec *x,
		     const ad_svec *y)
{
	uint32_t t[AD_EVIDENCE_TERMS];
	size_t n = ad_evidence(t, AD_EVIDENCE_TERMS, x, y), i;

	ad_buf_puts(b, "[");
	for (i = 0; i < n; i++) {
		if (i)
			ad_buf_puts(b, ", ");
		ad_escape_line(b, ad_vocab_surface(a->vocab, t[i]));
	}
	ad_buf_puts(b, "]");
}

static void section_name(ad_buf *b, const ad_audit *a, uint32_t s)
{
	const ad_doc *d = a->docs[a->section_doc[s]];
	const ad_section *sec = &d->sections[s - a->section_base[a->section_doc[s]]];

	ad_buf_puts(b, "\"");
	ad_escape_line(b, sec->level ? sec->title : "(intro)");
	ad_buf_printf(b, "\" (line %d)", sec->line_start);
}

static void alignment(ad_buf *b, const ad_audit *a, const ad_alignment *al)
{
	uint32_t k;

	ad_buf_puts(b, "  ");
	ad_escape_line(b, a->docs[al->a]->path);
	ad_buf_puts(b, "  ~  ");
	ad_escape_line(b, a->docs[al->b]->path);
	ad_buf_printf(b, ": %u aligned sections, agents %.3f\n", al->n,
		      ad_svec_dot(&a->agent_vecs[al->a], &a->agent_vecs[al->b]));
	for (k = 0; k < al->n; k++) {
		const ad_section_match *m = &a->alignments.matches[al->first + k];

		ad_buf_printf(b, "    %.3f  ", m->score);
		section_name(b, a, m->a);
		ad_buf_puts(b, " ~ ");
		section_name(b, a, m->b);
		ad_buf_puts(b, "  ");
		evidence(b, a, &a->section_vecs[m->a], &a->section_vecs[m->b]);
		ad_buf_puts(b, "\n");
	}
}

static void rule_line(ad_buf *b, const ad_audit *a, uint32_t r)
{
	const ad_doc *d = a->docs[a->rule_doc[r]];
	const ad_rule *rl = &d->rules[r - a->rule_base[a->rule_doc[r]]];

	ad_buf_puts(b, "      ");
	ad_escape_line(b, d->path);
	ad_buf_printf(b, ":%d: ", rl->line);
	ad_escape_line(b, rl->text);
	ad_buf_puts(b, "\n");
}

static void rule_group(ad_buf *b, const ad_audit *a, const ad_rule_group *g,
		       size_t i)
{
	const ad_doc *d = a->docs[a->rule_doc[g->center]];
	uint32_t k;

	ad_buf_printf(b, "  %zu. in %u of %zu agents, %u wording%s: \"", i + 1,
		      g->nagents, a->ndocs, g->nwordings,
		      g->nwordings == 1 ? "" : "s");
	ad_escape_line(b, d->rules[g->center - a->rule_base[a->rule_doc[g->center]]].text);
	ad_buf_puts(b, "\"\n");
	for (k = 0; k < g->n; k++)
		rule_line(b, a, a->inventory.members[g->first + k]);
}

static void inventory(ad_buf *b, const ad_audit *a)
{
	size_t i, shown = 0;

	ad_buf_printf(b, "\nrule inventory: %zu groups carried by 2 agents or more\n",
		      a->inventory.nshared);
	for (i = 0; i < a->inventory.ngroups; i++) {
		const ad_rule_group *g = &a->inventory.groups[i];
		if (g->nagents < 2)
			break;
		rule_group(b, a, g, shown++);
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
	if (audit->alignments.npairs)
		ad_buf_puts(out, "\nsection overlap:\n");
	for (i = 0; i < audit->alignments.npairs; i++)
		alignment(out, audit, &audit->alignments.pairs[i]);
	inventory(out, audit);
	if (audit->nproblems)
		ad_buf_puts(out, "\nproblems:\n");
	for (i = 0; i < audit->nproblems; i++)
		problem(out, &audit->problems[i], opts);
}
