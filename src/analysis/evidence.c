/*
 * evidence.c - matches explained in words, for the report writers.
 */
#include "agentdup/evidence.h"

#include "agentdup/align.h"
#include "agentdup/escape.h"

void ad_evidence_text(ad_buf *out, const ad_audit *audit, const ad_svec *x,
		      const ad_svec *y)
{
	uint32_t t[AD_EVIDENCE_TERMS];
	size_t n = ad_evidence(t, AD_EVIDENCE_TERMS, x, y,
			       ad_vocab_count(audit->vocab)), i;

	for (i = 0; i < n; i++) {
		if (i)
			ad_buf_puts(out, ", ");
		ad_escape_line(out, ad_vocab_surface(audit->vocab, t[i]));
	}
}

void ad_evidence_json(ad_buf *out, const ad_audit *audit, const ad_svec *x,
		      const ad_svec *y)
{
	uint32_t t[AD_EVIDENCE_TERMS];
	size_t n = ad_evidence(t, AD_EVIDENCE_TERMS, x, y,
			       ad_vocab_count(audit->vocab)), i;

	ad_buf_putc(out, '[');
	for (i = 0; i < n; i++) {
		if (i)
			ad_buf_puts(out, ", ");
		ad_escape_json(out, ad_vocab_surface(audit->vocab, t[i]));
	}
	ad_buf_putc(out, ']');
}

const ad_section *ad_evidence_section(const ad_audit *audit, uint32_t s)
{
	uint32_t d = audit->section_doc[s];

	return &audit->docs[d]->sections[s - audit->section_base[d]];
}

const ad_rule *ad_evidence_rule(const ad_audit *audit, uint32_t r)
{
	uint32_t d = audit->rule_doc[r];

	return &audit->docs[d]->rules[r - audit->rule_base[d]];
}

void ad_evidence_section_text(ad_buf *out, const ad_audit *audit,
			      uint32_t s)
{
	const ad_section *sec = ad_evidence_section(audit, s);

	if (sec->level) {
		ad_buf_putc(out, '"');
		ad_escape_line(out, sec->path);
		ad_buf_putc(out, '"');
	} else {
		ad_buf_puts(out, "(intro)");
	}
	ad_buf_printf(out, " (line %d)", sec->line_start);
}

void ad_evidence_section_json(ad_buf *out, const ad_audit *audit,
			      uint32_t s)
{
	const ad_section *sec = ad_evidence_section(audit, s);

	ad_buf_puts(out, "{\"path\": ");
	ad_escape_json(out, sec->path);
	ad_buf_puts(out, ", \"line\": ");
	ad_buf_put_int(out, sec->line_start);
	ad_buf_putc(out, '}');
}
