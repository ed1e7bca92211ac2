/*
 * evidence.c - matches explained in words, for the report writers.
 */
#include "report/evidence.h"

#include "agentdup/escape.h"

void ad_evidence_words_text(ad_buf *out, const ad_audit *a,
			    const uint32_t *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			ad_buf_puts(out, ", ");
		ad_escape_line(out, ad_collection_word(a->collection, t[i]));
	}
}

void ad_evidence_words_json(ad_json *w, const ad_audit *a, const uint32_t *t,
			    size_t n)
{
	size_t i;

	ad_json_array(w, AD_JSON_INLINE);
	for (i = 0; i < n; i++)
		ad_json_string(w, ad_collection_word(a->collection, t[i]));
	ad_json_end(w);
}

void ad_evidence_agents_text(ad_buf *out, const ad_audit *a, uint32_t x,
			     uint32_t y)
{
	uint32_t t[AD_EVIDENCE_TERMS];

	ad_evidence_words_text(out, a, t, ad_audit_agent_evidence(a, t, x, y));
}

void ad_evidence_agents_json(ad_json *w, const ad_audit *a, uint32_t x,
			     uint32_t y)
{
	uint32_t t[AD_EVIDENCE_TERMS];

	ad_evidence_words_json(w, a, t, ad_audit_agent_evidence(a, t, x, y));
}

void ad_evidence_sections_text(ad_buf *out, const ad_audit *a, uint32_t s,
			       uint32_t u)
{
	uint32_t t[AD_EVIDENCE_TERMS];

	ad_evidence_words_text(out, a, t, ad_audit_section_evidence(a, t, s, u));
}

void ad_evidence_sections_json(ad_json *w, const ad_audit *a, uint32_t s,
			       uint32_t u)
{
	uint32_t t[AD_EVIDENCE_TERMS];

	ad_evidence_words_json(w, a, t, ad_audit_section_evidence(a, t, s, u));
}

void ad_evidence_section_text(ad_buf *out, const ad_audit *a, uint32_t s)
{
	const ad_section *sec = ad_audit_section(a, s);

	if (sec->level) {
		ad_buf_putc(out, '"');
		ad_escape_line(out, sec->path);
		ad_buf_putc(out, '"');
	} else {
		ad_buf_puts(out, "(intro)");
	}
	ad_buf_printf(out, " (line %d)", sec->line_start);
}

void ad_evidence_section_json(ad_json *w, const ad_audit *a, uint32_t s)
{
	const ad_section *sec = ad_audit_section(a, s);

	ad_json_object(w, AD_JSON_INLINE);
	ad_json_key(w, "path");
	ad_json_string(w, sec->path);
	ad_json_key(w, "line");
	ad_json_int(w, sec->line_start);
	ad_json_end(w);
}

void ad_evidence_name_text(ad_buf *out, const ad_doc *d)
{
	if (!d->name && d->kind == AD_KIND_AGENT)
		return;
	ad_buf_puts(out, "  (");
	if (d->name)
		ad_escape_line(out, d->name);
	if (d->kind != AD_KIND_AGENT)
		ad_buf_printf(out, "%s%s", d->name ? ", " : "",
			      ad_doc_kind_name(d->kind));
	ad_buf_putc(out, ')');
}

void ad_evidence_link_kinds(ad_buf *out, unsigned kinds, const char *sep)
{
	unsigned k;
	const char *before = "";

	for (k = 1; k < 1u << AD_LINK_NKINDS; k <<= 1)
		if (kinds & k) {
			ad_buf_puts(out, before);
			ad_buf_puts(out, ad_link_kind_name(k));
			before = sep;
		}
}
