/*
 * report_json.c - the JSON contract. Fields are only ever added, never
 * renamed or removed; later versions extend each object in place.
 */
#include "agentdup/report.h"

#include <stdatomic.h>

#include <stdlib.h>

#include "agentdup/escape.h"
#include "base/parallel.h"
#include "report/evidence.h"

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
	for (i = 0; i < a->collection->ndocs; i++) {
		agent(b, ad_audit_doc(a, i), with_outline);
		ad_buf_puts(b, i + 1 < a->collection->ndocs ? ",\n" : "\n");
	}
	ad_buf_puts(b, "  ],\n");
}

static void link_kind(ad_buf *b, unsigned kind)
{
	unsigned k;
	int first = 1;

	ad_buf_puts(b, "\"links\": [");
	for (k = 0; k < 4; k++) {
		if (!(kind & (1u << k)))
			continue;
		ad_buf_printf(b, "%s\"%s\"", first ? "" : ", ",
			      ad_link_kind_name(1u << k));
		first = 0;
	}
	ad_buf_puts(b, "]");
}

static void rule_ref(ad_buf *b, const ad_audit *a, uint32_t r)
{
	const ad_rule *rl = ad_audit_rule(a, r);

	ad_buf_puts(b, "{\"line\": ");
	ad_buf_put_int(b, rl->line);
	ad_buf_puts(b, ", \"text\": ");
	ad_escape_json(b, rl->text);
	ad_buf_putc(b, '}');
}

/* "sections": the aligned sections of a pair of agents, with evidence. */
static void aligned(ad_buf *b, const ad_audit *a, const ad_alignment *al)
{
	uint32_t k;

	key(b, "sections");
	ad_buf_putc(b, '[');
	for (k = 0; al && k < al->n; k++) {
		const ad_section_match *m = &a->alignments.matches[al->first + k];

		ad_buf_puts(b, k ? ",\n        {\"a\": " : "\n        {\"a\": ");
		ad_evidence_section_json(b, a, m->a);
		ad_buf_puts(b, ", \"b\": ");
		ad_evidence_section_json(b, a, m->b);
		ad_buf_puts(b, ", \"score\": ");
		ad_buf_put_score(b, m->score);
		ad_buf_puts(b, ", \"evidence\": ");
		ad_evidence_sections_json(b, a, m->a, m->b);
		ad_buf_putc(b, '}');
	}
	ad_buf_putc(b, ']');
}

static void pairs(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "  \"pairs\": [\n");
	for (i = 0; i < a->links.n; i++) {
		const ad_link *l = &a->links.list[i];

		ad_buf_puts(b, "    {\"a\": ");
		ad_escape_json(b, ad_audit_doc(a, l->a)->path);
		ad_buf_puts(b, ", \"b\": ");
		ad_escape_json(b, ad_audit_doc(a, l->b)->path);
		ad_buf_printf(b, ", \"score\": %.4f, ", l->score);
		link_kind(b, l->kind);
		ad_buf_puts(b, ", ");
		ad_buf_printf(b, "\"headings\": [%u, %u], \"rule_groups\": [%u, %u], ",
			      l->shared_headings, l->fewer_headings,
			      l->shared_groups, l->fewer_groups);
		aligned(b, a, ad_audit_alignment(a, l->a, l->b));
		ad_buf_puts(b, i + 1 < a->links.n ? "},\n" : "}\n");
	}
	ad_buf_puts(b, "  ],\n");
}

/* "merge": what a member has that the canonical lacks. */
static void merge(ad_buf *b, const ad_audit *a, const ad_merge *m)
{
	uint32_t k;

	ad_buf_puts(b, ", \"merge\": {\"rules\": [");
	for (k = 0; k < m->nrules; k++) {
		ad_buf_puts(b, k ? ", " : "");
		rule_ref(b, a, m->rules[k]);
	}
	ad_buf_puts(b, "], \"sections\": [");
	for (k = 0; k < m->nsections; k++) {
		ad_buf_puts(b, k ? ", " : "");
		ad_evidence_section_json(b, a, m->sections[k]);
	}
	ad_buf_puts(b, "]}");
}

static void cluster(ad_buf *b, const ad_audit *a, const ad_cluster *c,
		    const ad_cluster_plan *pl)
{
	uint32_t k;

	ad_buf_puts(b, "    {\"canonical\": ");
	ad_escape_json(b, ad_audit_doc(a, c->canonical)->path);
	ad_buf_puts(b, ", \"reason\": ");
	ad_escape_json(b, pl->reason);
	ad_buf_puts(b, ", \"why\": ");
	ad_escape_json(b, pl->why);
	ad_buf_puts(b, ",\n      \"members\": [");
	for (k = 0; k < c->n; k++) {
		ad_buf_puts(b, k ? ",\n        {\"path\": " : "\n        {\"path\": ");
		ad_escape_json(b, ad_audit_doc(a, c->members[k])->path);
		ad_buf_puts(b, ", \"score\": ");
		ad_buf_put_score(b, c->scores[k]);
		if (k)
			merge(b, a, &pl->merge[k]);
		ad_buf_putc(b, '}');
	}
	ad_buf_puts(b, "]}");
}

static void clusters(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "  \"clusters\": [\n");
	for (i = 0; i < a->clustering.n; i++) {
		cluster(b, a, &a->clustering.clusters[i], &a->plan.clusters[i]);
		ad_buf_puts(b, i + 1 < a->clustering.n ? ",\n" : "\n");
	}
	ad_buf_puts(b, "  ],\n");
}

/* "overlap": every agent pair with aligned sections, and the rule
 * inventory (groups carried by two agents or more). */
/* Items [lo, hi) of "overlap.sections", with the list's head when lo is
 * 0 and its end when hi is the last. */
static void alignments(ad_buf *b, const ad_audit *a, size_t lo, size_t hi)
{
	size_t i, n = a->alignments.npairs;

	if (lo == 0)
		ad_buf_puts(b, "    \"sections\": [\n");
	for (i = lo; i < hi; i++) {
		const ad_alignment *al = &a->alignments.pairs[i];

		ad_buf_puts(b, "      {\"a\": ");
		ad_escape_json(b, ad_audit_doc(a, al->a)->path);
		ad_buf_puts(b, ", \"b\": ");
		ad_escape_json(b, ad_audit_doc(a, al->b)->path);
		ad_buf_puts(b, ", \"score\": ");
		ad_buf_put_score(b, ad_audit_agent_score(a, al->a, al->b));
		ad_buf_puts(b, ", ");
		aligned(b, a, al);
		ad_buf_puts(b, i + 1 < n ? "},\n" : "}\n");
	}
	if (hi == n)
		ad_buf_puts(b, "    ],\n");
}

static int by_form(const void *x, const void *y)
{
	const uint64_t *p = x, *q = y;

	return (*p > *q) - (*p < *q);
}

/* One group: its agents, then each wording with where it is written.
 * scratch holds g->n entries. */
static void group(ad_buf *b, const ad_audit *a, const ad_rule_group *g,
		  uint64_t *scratch)
{
	uint32_t k;

	ad_buf_printf(b, "      {\"agents\": %u, \"boilerplate\": %s, \"path\": ",
		      g->nagents, g->boilerplate ? "true" : "false");
	ad_escape_json(b,
		       ad_audit_doc(a, ad_audit_rule_doc(a, g->center))->path);
	ad_buf_puts(b, ", \"rule\": ");
	rule_ref(b, a, g->center);
	for (k = 0; k < g->n; k++) {
		uint32_t r = a->inventory.members[g->first + k];
		scratch[k] = (uint64_t)ad_audit_rule_form(a, r) << 32 | r;
	}
	qsort(scratch, g->n, sizeof(*scratch), by_form);
	ad_buf_puts(b, ",\n        \"wordings\": [");
	for (k = 0; k < g->n; k++) {
		uint32_t r = (uint32_t)scratch[k];
		int first = k == 0 || scratch[k] >> 32 != scratch[k - 1] >> 32;

		if (first) {
			ad_buf_puts(b, k ? "]},\n          {\"text\": "
					 : "\n          {\"text\": ");
			ad_escape_json(b, ad_audit_rule(a, r)->text);
			ad_buf_puts(b, ", \"at\": [");
		} else {
			ad_buf_puts(b, ", ");
		}
		ad_buf_puts(b, "{\"path\": ");
		ad_escape_json(b,
			       ad_audit_doc(a, ad_audit_rule_doc(a, r))->path);
		ad_buf_puts(b, ", \"line\": ");
		ad_buf_put_int(b, ad_audit_rule(a, r)->line);
		ad_buf_putc(b, '}');
	}
	ad_buf_puts(b, g->n ? "]}]}" : "]}");
}

/* Groups [lo, hi) of "overlap.rules", as alignments() does. */
static void inventory(ad_buf *b, const ad_audit *a, size_t lo, size_t hi)
{
	uint64_t *scratch = NULL;
	size_t i, cap = 0, n = a->inventory.nshared;

	if (lo == 0) {
		ad_buf_printf(b, "    \"rule_threshold\": %.4f, "
			      "\"section_threshold\": %.4f,\n",
			      a->settings.rule_threshold,
			      a->settings.section_threshold);
		ad_buf_puts(b, "    \"rules\": [\n");
	}
	for (i = lo; i < hi; i++) {
		const ad_rule_group *g = &a->inventory.groups[i];

		if (g->n > cap) {
			cap = g->n;
			scratch = ad_xrealloc(scratch, cap * sizeof(*scratch));
		}
		group(b, a, g, scratch);
		ad_buf_puts(b, i + 1 < n ? ",\n" : "\n");
	}
	free(scratch);
	if (hi == n)
		ad_buf_puts(b, "    ]\n");
}

static void collisions(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "  \"collisions\": [\n");
	for (i = 0; i < a->collisions.n; i++) {
		const ad_collision *c = &a->collisions.list[i];

		ad_buf_printf(b, "    {\"kind\": \"%s\", \"a\": ",
			      ad_collision_kind_name(c->kind));
		ad_escape_json(b, ad_audit_doc(a, c->a)->path);
		ad_buf_puts(b, ", \"b\": ");
		ad_escape_json(b, ad_audit_doc(a, c->b)->path);
		ad_buf_printf(b, ", \"score\": %.4f, \"detail\": ", c->score);
		ad_escape_json(b, c->detail);
		ad_buf_puts(b, i + 1 < a->collisions.n ? "},\n" : "}\n");
	}
	ad_buf_puts(b, "  ],\n");
}

static void problems(ad_buf *b, const ad_audit *a)
{
	size_t i;

	ad_buf_puts(b, "  \"problems\": [\n");
	for (i = 0; i < a->collection->nproblems; i++) {
		const ad_problem *p = &a->collection->problems[i];

		ad_buf_printf(b, "    {\"severity\": \"%s\", \"path\": ",
			      p->severity == AD_SEV_ERROR ? "error" : "warning");
		ad_escape_json(b, p->path);
		ad_buf_printf(b, ", \"line\": %d, \"message\": ", p->line);
		ad_escape_json(b, p->msg);
		ad_buf_puts(b,
			    i + 1 < a->collection->nproblems ? "},\n" : "}\n");
	}
	ad_buf_puts(b, "  ]\n");
}

/*
 * The report is written in pieces on worker threads, then joined in
 * order, so the bytes do not depend on the threads: the head (counts,
 * agents, pairs, clusters), ranges of the two long lists of "overlap",
 * and the tail (collisions, problems).
 */
enum { HEAD, SECTIONS, RULES, TAIL };
#define RANGES 8 /* pieces per long list */

typedef struct piece {
	int kind;
	size_t lo, hi;
	ad_buf buf;
} piece;

typedef struct writer {
	const ad_audit *a;
	int outline;
	piece *pieces;
	size_t n;
	atomic_size_t next;
} writer;

static void head(ad_buf *b, const ad_audit *a, int outline)
{
	ad_buf_printf(b, "{\n  \"version\": 1,\n  \"threshold\": %.4f, ",
		      a->settings.threshold);
	link_kind(b, a->settings.link_kinds);
	ad_buf_printf(b,
		      ",\n  \"files\": %zu, \"skipped\": %zu, \"sections\": %zu, "
		      "\"rules\": %zu, \"warnings\": %zu,\n",
		      a->collection->nfiles, a->collection->nskipped,
		      a->collection->at.nsections, a->collection->at.nrules,
		      a->collection->nwarnings);
	agents(b, a, outline);
	pairs(b, a);
	clusters(b, a);
	ad_buf_puts(b, "  \"overlap\": {\n");
}

static void write_piece(const writer *w, piece *p)
{
	switch (p->kind) {
	case HEAD:
		head(&p->buf, w->a, w->outline);
		break;
	case SECTIONS:
		alignments(&p->buf, w->a, p->lo, p->hi);
		break;
	case RULES:
		inventory(&p->buf, w->a, p->lo, p->hi);
		break;
	default:
		ad_buf_puts(&p->buf, "  },\n");
		collisions(&p->buf, w->a);
		problems(&p->buf, w->a);
		ad_buf_puts(&p->buf, "}\n");
	}
}

static void write_work(void *ctx, int worker)
{
	writer *w = ctx;
	size_t i;

	(void)worker;
	while ((i = ad_parallel_next(&w->next, w->n, 1)) < w->n)
		write_piece(w, &w->pieces[i]);
}

/* Cut [0, n) into RANGES pieces of kind (one, empty, when n is 0). */
static void cut(writer *w, int kind, size_t n)
{
	size_t k, parts = n < RANGES ? 1 : RANGES;

	for (k = 0; k < parts; k++) {
		piece *p = &w->pieces[w->n++];

		p->kind = kind;
		p->lo = n * k / parts;
		p->hi = n * (k + 1) / parts;
		ad_buf_init(&p->buf);
	}
}

void ad_report_audit_json(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts)
{
	piece pieces[2 * RANGES + 2];
	writer w;
	size_t i, len = 0;

	w.a = audit;
	w.outline = opts && opts->outline;
	w.pieces = pieces;
	w.n = 0;
	atomic_init(&w.next, 0);
	cut(&w, HEAD, 1);
	cut(&w, SECTIONS, audit->alignments.npairs);
	cut(&w, RULES, audit->inventory.nshared);
	cut(&w, TAIL, 1);
	/* threads pay off only on large collections */
	ad_parallel_run(ad_parallel_jobs(0, audit->collection->ndocs, 256),
			write_work, &w);
	for (i = 0; i < w.n; i++)
		len += pieces[i].buf.len;
	ad_buf_reserve(out, len);
	for (i = 0; i < w.n; i++) {
		ad_buf_put(out, pieces[i].buf.ptr, pieces[i].buf.len);
		ad_buf_dispose(&pieces[i].buf);
	}
}
