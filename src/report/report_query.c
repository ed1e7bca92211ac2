/*
 * report_query.c - the nearest agents to a query, for people and programs.
 */
#include "agentdup/report.h"

#include <stdlib.h>

#include "agentdup/escape.h"
#include "base/json.h"
#include "report/evidence.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"

/* A match of the query with an agent, turned so that the query's
 * section is on the a side (the alignment keeps the lower agent there,
 * and the query may come first or last). */
static ad_section_match oriented(const ad_audit *au,
				 const ad_section_match *all, size_t k,
				 uint32_t query)
{
	ad_section_match m = all[k];

	if (au->collection->at.section_doc[m.a] != query) {
		uint32_t t = m.a;
		m.a = m.b;
		m.b = t;
	}
	return m;
}

static void name_text(ad_buf *b, const ad_doc *d)
{
	ad_escape_line(b, d->path);
	ad_evidence_name_text(b, d);
}

static void match_text(ad_buf *b, const ad_audit *au,
		       const ad_section_match *m)
{
	ad_buf_printf(b, "     %.3f  ", m->score);
	ad_evidence_section_text(b, au, m->a);
	ad_buf_puts(b, " ~ ");
	ad_evidence_section_text(b, au, m->b);
	ad_buf_puts(b, "  [");
	ad_evidence_sections_text(b, au, m->a, m->b);
	ad_buf_puts(b, "]\n");
}

static void hit_text(ad_buf *b, const ad_audit *au, const ad_query *q,
		     size_t i, int color)
{
	const ad_neighbour *h = &q->hits[i];
	ad_section_match *al;
	size_t k, n = ad_audit_section_matches(au, q->query, h->agent, &al);

	ad_buf_printf(b, "%s%zu. %.3f  ", color ? BOLD : "", i + 1, h->score);
	name_text(b, ad_audit_doc(au, h->agent));
	ad_buf_puts(b, color ? RESET "\n     terms: " : "\n     terms: ");
	ad_evidence_agents_text(b, au, q->query, h->agent);
	ad_buf_puts(b, "\n");
	for (k = 0; k < n && k < AD_QUERY_SECTIONS; k++) {
		ad_section_match m = oriented(au, al, k, q->query);
		match_text(b, au, &m);
	}
	if (n > AD_QUERY_SECTIONS)
		ad_buf_printf(b, "     (%zu more aligned section%s)\n",
			      n - AD_QUERY_SECTIONS,
			      n - AD_QUERY_SECTIONS == 1 ? "" : "s");
	free(al);
}

static void none_text(ad_buf *b, const ad_query *q)
{
	if (q->ncandidates == 0)
		ad_buf_puts(b, "no agents in the collection\n");
	else if (q->min_score > 0.0)
		ad_buf_printf(b, "no agent at or above %.2f\n", q->min_score);
	else
		ad_buf_puts(b, "no agent shares a term with the query\n");
}

void ad_report_query_text(ad_buf *out, const ad_audit *audit,
			  const ad_query *q, int color)
{
	const ad_doc *d = ad_audit_doc(audit, q->query);
	size_t i;

	ad_buf_puts(out, "query: ");
	name_text(out, d);
	ad_buf_printf(out, ": %zu section%s, %zu rule%s\n", d->nsections,
		      d->nsections == 1 ? "" : "s", d->nrules,
		      d->nrules == 1 ? "" : "s");
	ad_buf_printf(out, "%zu agent%s compared", q->ncandidates,
		      q->ncandidates == 1 ? "" : "s");
	if (q->nhits == 0) {
		ad_buf_puts(out, ": ");
		none_text(out, q);
		return;
	}
	ad_buf_printf(out, ", %zu nearest:\n", q->nhits);
	for (i = 0; i < q->nhits; i++) {
		ad_buf_puts(out, "\n");
		hit_text(out, audit, q, i, color);
	}
}

/* ---- JSON ---------------------------------------------------------------- */

static void sections_json(ad_json *w, const ad_audit *au, const ad_query *q,
			  uint32_t agent)
{
	ad_section_match *al;
	size_t k, n = ad_audit_section_matches(au, q->query, agent, &al);

	ad_json_key(w, "aligned_sections");
	ad_json_array(w, AD_JSON_RUN(8));
	for (k = 0; k < n; k++) {
		ad_section_match m = oriented(au, al, k, q->query);

		ad_json_object(w, AD_JSON_INLINE);
		ad_json_key(w, "query");
		ad_evidence_section_json(w, au, m.a);
		ad_json_key(w, "agent");
		ad_evidence_section_json(w, au, m.b);
		ad_json_key(w, "score");
		ad_json_fixed(w, m.score, 4);
		ad_json_key(w, "evidence");
		ad_evidence_sections_json(w, au, m.a, m.b);
		ad_json_end(w);
	}
	ad_json_end(w);
	free(al);
}

/* "path", "name" and "kind" of agent d; a text typed in has no path. */
static void name_json(ad_json *w, const ad_audit *au, const ad_doc *d)
{
	ad_json_key(w, "path");
	if (ad_collection_typed(au->collection, d))
		ad_json_null(w);
	else
		ad_json_string(w, d->path);
	ad_json_key(w, "name");
	ad_json_string(w, d->name);
	ad_json_key(w, "kind");
	ad_json_string(w, ad_doc_kind_name(d->kind));
}

static void hit_json(ad_json *w, const ad_audit *au, const ad_query *q,
		     size_t i)
{
	const ad_neighbour *h = &q->hits[i];

	ad_json_object(w, AD_JSON_WRAP(6));
	ad_json_key(w, "rank");
	ad_json_uint(w, i + 1);
	name_json(w, au, ad_audit_doc(au, h->agent));
	ad_json_key(w, "score");
	ad_json_fixed(w, h->score, 4);
	ad_json_break(w);
	ad_json_key(w, "evidence");
	ad_evidence_agents_json(w, au, q->query, h->agent);
	ad_json_break(w);
	sections_json(w, au, q, h->agent);
	ad_json_end(w);
}

void ad_report_query_json(ad_buf *out, const ad_audit *audit,
			  const ad_query *q)
{
	const ad_doc *d = ad_audit_doc(audit, q->query);
	ad_json w;
	size_t i;

	ad_json_init(&w, out);
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "version");
	ad_json_int(&w, 1);
	ad_json_key(&w, "query");
	ad_json_object(&w, AD_JSON_INLINE);
	name_json(&w, audit, d);
	ad_json_key(&w, "sections");
	ad_json_uint(&w, d->nsections);
	ad_json_key(&w, "rules");
	ad_json_uint(&w, d->nrules);
	ad_json_end(&w);
	ad_json_key(&w, "compared");
	ad_json_uint(&w, q->ncandidates);
	ad_json_join(&w);
	ad_json_key(&w, "k");
	ad_json_uint(&w, q->k);
	ad_json_join(&w);
	ad_json_key(&w, "min_score");
	ad_json_fixed(&w, q->min_score, 4);
	ad_json_key(&w, "neighbours");
	ad_json_array(&w, AD_JSON_BLOCK(4, 2));
	for (i = 0; i < q->nhits; i++)
		hit_json(&w, audit, q, i);
	ad_json_end(&w);
	ad_json_end(&w);
}
