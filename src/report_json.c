/*
 * report_json.c - the JSON contract. Fields are only ever added, never
 * renamed or removed; later versions extend each object in place.
 */
#include "agentdup/report.h"

#include "agentdup/escape.h"

static void key(ad_buf *b, const char *k)
{
	ad_escape_json(b, k);
	ad_buf_puts(b, ": ");
}

static const char *const rule_kinds[] = {"item", "step", "row"};

static void rule(ad_buf *b, const ad_rule *r)
{
	ad_buf_printf(b, "{\"line\": %d, \"kind\": \"%s\", \"depth\": %d, ",
		      r->line, rule_kinds[r->kind], r->depth);
	if (r->task >= 0)
		ad_buf_printf(b, "\"task\": %s, ", r->task ? "true" : "false");
	key(b, "text");
	ad_escape_json(b, r->text);
	ad_buf_putc(b, '}');
}

/* Each section with its line range and its rules, in file order. */
static void outline(ad_buf *b, const ad_doc *d)
{
	size_t k;
	uint32_t r;

	key(b, "outline");
	ad_buf_putc(b, '[');
	for (k = 0; k < d->nsections; k++) {
		const ad_section *s = &d->sections[k];

		ad_buf_puts(b, k ? ",\n      {" : "\n      {");
		key(b, "path");
		ad_escape_json(b, s->path);
		ad_buf_printf(b, ", \"level\": %d, \"lines\": [%d, %d], ",
			      s->level, s->line_start, s->line_end);
		key(b, "rules");
		ad_buf_putc(b, '[');
		for (r = 0; r < s->nrules; r++) {
			ad_buf_puts(b, r ? ",\n        " : "\n        ");
			rule(b, &d->rules[s->first_rule + r]);
		}
		ad_buf_puts(b, "]}");
	}
	ad_buf_puts(b, "]");
}

static void agent(ad_buf *b, const ad_doc *d, int with_outline)
{
	size_t k;

	ad_buf_puts(b, "    {");
	key(b, "path");
	ad_escape_json(b, d->path);
	ad_buf_puts(b, ", ");
	key(b, "name");
	ad_escape_json(b, d->name);
	ad_buf_puts(b, ", ");
	key(b, "description");
	ad_escape_json(b, d->fm.description);
	ad_buf_printf(b, ", \"sections\": %zu, \"rules\": %zu, ", d->nsections,
		      d->nrules);
	key(b, "warnings");
	ad_buf_putc(b, '[');
	for (k = 0; k < d->nwarnings; k++) {
		if (k)
			ad_buf_puts(b, ", ");
		ad_escape_json(b, d->warnings[k]);
	}
	ad_buf_puts(b, "]");
	if (with_outline) {
		ad_buf_puts(b, ", ");
		outline(b, d);
	}
	ad_buf_puts(b, "}");
}

static void agents(ad_buf *b, const ad_audit *a, int with_outline)
{
	size_t i;

	ad_buf_puts(b, "  \"agents\": [\n");
	for (i = 0; i < a->ndocs; i++) {
		agent(b, a->docs[i], with_outline);
		ad_buf_puts(b, i + 1 < a->ndocs ? ",\n" : "\n");
	}
	ad_buf_puts(b, "  ],\n");
}

static void pairs(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "  \"pairs\": [\n");
	for (i = 0; i < a->npairs; i++) {
		const ad_pair *p = &a->pairs[i];

		ad_buf_puts(b, "    {\"a\": ");
		ad_escape_json(b, a->docs[p->a]->path);
		ad_buf_puts(b, ", \"b\": ");
		ad_escape_json(b, a->docs[p->b]->path);
		ad_buf_printf(b, ", \"score\": %.4f}%s\n", p->score,
			      i + 1 < a->npairs ? "," : "");
	}
	ad_buf_puts(b, "  ],\n");
}

static void cluster(ad_buf *b, const ad_audit *a, const ad_cluster *c)
{
	uint32_t k;

	ad_buf_puts(b, "    {\"canonical\": ");
	ad_escape_json(b, a->docs[c->canonical]->path);
	ad_buf_puts(b, ", \"members\": [");
	for (k = 0; k < c->n; k++) {
		ad_buf_puts(b, k ? ", {\"path\": " : "{\"path\": ");
		ad_escape_json(b, a->docs[c->members[k]]->path);
		ad_buf_printf(b, ", \"score\": %.4f}", c->scores[k]);
	}
	ad_buf_puts(b, "]}");
}

static void clusters(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "  \"clusters\": [\n");
	for (i = 0; i < a->clustering.n; i++) {
		cluster(b, a, &a->clustering.clusters[i]);
		ad_buf_puts(b, i + 1 < a->clustering.n ? ",\n" : "\n");
	}
	ad_buf_puts(b, "  ],\n");
}

static void problems(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "  \"problems\": [\n");
	for (i = 0; i < a->nproblems; i++) {
		const ad_problem *p = &a->problems[i];

		ad_buf_printf(b, "    {\"severity\": \"%s\", \"path\": ",
			      p->severity == AD_SEV_ERROR ? "error" : "warning");
		ad_escape_json(b, p->path);
		ad_buf_printf(b, ", \"line\": %d, \"message\": ", p->line);
		ad_escape_json(b, p->msg);
		ad_buf_puts(b, i + 1 < a->nproblems ? "},\n" : "}\n");
	}
	ad_buf_puts(b, "  ]\n");
}

void ad_report_json(ad_buf *out, const ad_audit *audit,
		    const ad_report_opts *opts)
{
	ad_buf_printf(out,
		      "{\n  \"version\": 1,\n  \"threshold\": %.4f,\n"
		      "  \"files\": %zu, \"skipped\": %zu, \"sections\": %zu, "
		      "\"rules\": %zu, \"warnings\": %zu,\n",
		      audit->threshold, audit->nfiles, audit->nskipped,
		      audit->nsections, audit->nrules, audit->nwarnings);
	agents(out, audit, opts && opts->outline);
	pairs(out, audit);
	clusters(out, audit);
	problems(out, audit);
	ad_buf_puts(out, "}\n");
}
