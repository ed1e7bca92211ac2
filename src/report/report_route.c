/*
 * report_route.c - the agents a request would be routed to, for people
 * and programs.
 */
#include "agentdup/report.h"

#include "agentdup/escape.h"
#include "base/json.h"
#include "report/evidence.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"

static void words_text(ad_buf *b, const ad_audit *au, const uint32_t *t,
		       size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			ad_buf_puts(b, ", ");
		ad_escape_line(b, ad_collection_word(au->collection, t[i]));
	}
}

static void words_json(ad_json *w, const ad_audit *au, const uint32_t *t,
		       size_t n)
{
	size_t i;

	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < n; i++)
		ad_json_string(w, ad_collection_word(au->collection, t[i]));
	ad_json_end(w);
}

/* The first hit of the same cluster as h, when h is not it. */
static const ad_route_hit *variant_of(const ad_route *r,
				      const ad_route_hit *h)
{
	size_t i;

	for (i = 0; h->cluster && i < r->nhits && &r->hits[i] != h; i++)
		if (r->hits[i].cluster == h->cluster)
			return &r->hits[i];
	return NULL;
}

/* The first hit of the same role group as h, when h is not it and not
 * its variant. */
static const ad_route_hit *same_role_as(const ad_route *r,
					const ad_route_hit *h)
{
	size_t i;

	if (variant_of(r, h))
		return NULL;
	for (i = 0; h->role && i < r->nhits && r->hits[i].rank < h->rank; i++)
		if (r->hits[i].role == h->role)
			return &r->hits[i];
	return NULL;
}

static void request_text(ad_buf *b, const ad_audit *au, const ad_route *r)
{
	ad_buf_puts(b, "request: ");
	ad_escape_line(b, ad_audit_doc(au, r->request)->path);
	ad_buf_printf(b, ", %zu term%s", r->request_nterms,
		      r->request_nterms == 1 ? "" : "s");
	if (r->nrequest_terms) {
		ad_buf_puts(b, ": ");
		words_text(b, au, r->request_terms, r->nrequest_terms);
		if (r->request_nterms > r->nrequest_terms)
			ad_buf_puts(b, ", ...");
	}
	ad_buf_puts(b, "\n");
}

static void hit_text(ad_buf *b, const ad_audit *au, const ad_route *r,
		     const ad_route_hit *h, int color)
{
	const ad_doc *d = ad_audit_doc(au, h->agent);
	const ad_route_hit *of = variant_of(r, h), *job = same_role_as(r, h);

	ad_buf_printf(b, "%s%u. %.3f  ", color ? BOLD : "", h->rank, h->score);
	ad_escape_line(b, d->path);
	ad_evidence_name_text(b, d);
	if (of)
		ad_buf_printf(b, "  [variant of #%u]", of->rank);
	else if (job)
		ad_buf_printf(b, "  [one job with #%u: role %u]", job->rank,
			      h->role);
	ad_buf_puts(b, color ? RESET "\n     terms: " : "\n     terms: ");
	words_text(b, au, h->terms, h->nterms);
	ad_buf_puts(b, "\n");
}

/* How close the runner-up comes, and the verdict. */
static void runner_up_text(ad_buf *b, const ad_audit *au, const ad_route *r)
{
	const ad_route_hit *h = &r->runner_up;

	if (!r->has_runner_up) {
		ad_buf_puts(b, "\nrunner-up: none: only the first agent (and its "
			       "variants) match\n");
		return;
	}
	ad_buf_printf(b, "\nrunner-up: #%u ", h->rank);
	ad_escape_line(b, ad_audit_doc(au, h->agent)->path);
	ad_buf_printf(b, " at %.3f, %.3f below the first (%.0f%% of its "
		      "score)", h->score, r->margin, 100.0 * r->ratio);
	if (h->role && h->role == r->hits[0].role)
		ad_buf_printf(b, "; one job with the first: role %u", h->role);
	ad_buf_puts(b, "\n");
	if (r->ambiguous)
		ad_buf_printf(b, "ambiguous: the runner-up scores %.0f%% of the "
			      "first's score or more\n",
			      100.0 * AD_ROUTE_AMBIGUOUS);
	else
		ad_buf_printf(b, "clear: the runner-up scores less than %.0f%% "
			      "of the first's score\n",
			      100.0 * AD_ROUTE_AMBIGUOUS);
}

static void none_text(ad_buf *b, const ad_route *r)
{
	if (r->ncandidates == 0 && r->nundescribed == 0)
		ad_buf_puts(b, "the collection holds no agents\n");
	else if (r->ncandidates == 0)
		ad_buf_puts(b, "no agent in the collection has a description\n");
	else if (r->request_nterms == 0)
		ad_buf_puts(b, "the request has no words to match (stopwords "
			       "only)\n");
	else if (r->min_score > 0.0)
		ad_buf_printf(b, "no agent at or above %.2f\n", r->min_score);
	else
		ad_buf_puts(b, "no agent's description, name or examples share "
			       "a term with the request\n");
}

void ad_report_route_text(ad_buf *out, const ad_audit *audit,
			  const ad_route *r, int color)
{
	size_t i;

	request_text(out, audit, r);
	ad_buf_printf(out, "%zu agent%s with a description compared",
		      r->ncandidates, r->ncandidates == 1 ? "" : "s");
	if (r->nundescribed)
		ad_buf_printf(out, " (%zu without one left out)",
			      r->nundescribed);
	if (r->nhits == 0) {
		ad_buf_puts(out, ": ");
		none_text(out, r);
		return;
	}
	ad_buf_printf(out, ", %zu matching", r->nmatched);
	if (r->nhits < r->nmatched)
		ad_buf_printf(out, " (first %zu shown)", r->nhits);
	ad_buf_puts(out, ":\n\n");
	for (i = 0; i < r->nhits; i++)
		hit_text(out, audit, r, &r->hits[i], color);
	runner_up_text(out, audit, r);
}

/* ---- JSON ---------------------------------------------------------------- */

static void hit_json(ad_json *w, const ad_audit *au, const ad_route *r,
		     const ad_route_hit *h)
{
	const ad_doc *d = ad_audit_doc(au, h->agent);
	const ad_route_hit *of = variant_of(r, h);

	ad_json_object(w, AD_JSON_WRAP(6));
	ad_json_key(w, "rank");
	ad_json_uint(w, h->rank);
	ad_json_key(w, "path");
	ad_json_string(w, d->path);
	ad_json_key(w, "name");
	ad_json_string(w, d->name);
	ad_json_key(w, "kind");
	ad_json_string(w, ad_doc_kind_name(d->kind));
	ad_json_key(w, "score");
	ad_json_fixed(w, h->score, 4);
	ad_json_break(w);
	ad_json_key(w, "terms");
	words_json(w, au, h->terms, h->nterms);
	ad_json_key(w, "variant_of");
	if (of)
		ad_json_uint(w, of->rank);
	else
		ad_json_null(w);
	ad_json_key(w, "role");
	if (h->role)
		ad_json_uint(w, h->role);
	else
		ad_json_null(w);
	ad_json_end(w);
}

static void runner_up_json(ad_json *w, const ad_audit *au,
			   const ad_route *r)
{
	ad_json_key(w, "runner_up");
	if (!r->has_runner_up) {
		ad_json_null(w);
		return;
	}
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "rank");
	ad_json_uint(w, r->runner_up.rank);
	ad_json_key(w, "path");
	ad_json_string(w, ad_audit_doc(au, r->runner_up.agent)->path);
	ad_json_key(w, "score");
	ad_json_fixed(w, r->runner_up.score, 4);
	ad_json_key(w, "margin");
	ad_json_fixed(w, r->margin, 4);
	ad_json_key(w, "ratio");
	ad_json_fixed(w, r->ratio, 4);
	ad_json_key(w, "role");
	if (r->runner_up.role)
		ad_json_uint(w, r->runner_up.role);
	else
		ad_json_null(w);
	ad_json_end(w);
}

static void request_json(ad_json *w, const ad_audit *au, const ad_route *r)
{
	ad_json_key(w, "request");
	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "path"); /* null for a request typed in */
	if (ad_collection_typed(au->collection, ad_audit_doc(au, r->request)))
		ad_json_null(w);
	else
		ad_json_string(w, ad_audit_doc(au, r->request)->path);
	ad_json_key(w, "terms");
	ad_json_uint(w, r->request_nterms);
	ad_json_key(w, "top_terms");
	words_json(w, au, r->request_terms, r->nrequest_terms);
	ad_json_end(w);
}

void ad_report_route_json(ad_buf *out, const ad_audit *audit,
			  const ad_route *r)
{
	ad_json w;
	size_t i;

	ad_json_init(&w, out);
	ad_json_object(&w, AD_JSON_BLOCK(2, 0));
	ad_json_key(&w, "version");
	ad_json_int(&w, 1);
	request_json(&w, audit, r);
	ad_json_key(&w, "compared");
	ad_json_uint(&w, r->ncandidates);
	ad_json_join(&w);
	ad_json_key(&w, "undescribed");
	ad_json_uint(&w, r->nundescribed);
	ad_json_join(&w);
	ad_json_key(&w, "matched");
	ad_json_uint(&w, r->nmatched);
	ad_json_join(&w);
	ad_json_key(&w, "k");
	ad_json_uint(&w, r->k);
	ad_json_join(&w);
	ad_json_key(&w, "min_score");
	ad_json_fixed(&w, r->min_score, 4);
	ad_json_key(&w, "agents");
	ad_json_array(&w, AD_JSON_BLOCK(4, 2));
	for (i = 0; i < r->nhits; i++)
		hit_json(&w, audit, r, &r->hits[i]);
	ad_json_end(&w);
	runner_up_json(&w, audit, r);
	ad_json_key(&w, "ambiguous");
	ad_json_bool(&w, r->ambiguous);
	ad_json_join(&w);
	ad_json_key(&w, "ambiguous_ratio");
	ad_json_fixed(&w, AD_ROUTE_AMBIGUOUS, 4);
	ad_json_end(&w);
}
