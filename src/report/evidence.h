/*
 * evidence.h - matches explained in words, and sections named, for the
 * report writers.
 *
 * The evidence of a match is the (at most AD_EVIDENCE_TERMS) terms that
 * add most to its cosine (ad_audit_agent_evidence(),
 * ad_audit_section_evidence()), each shown as the word a person reads for
 * it (ad_collection_word()). Writers append to a caller-owned ad_buf, or
 * write a value through a caller's JSON writer (json.h); document text
 * goes through escape.h only.
 */
#ifndef AGENTDUP_REPORT_EVIDENCE_H
#define AGENTDUP_REPORT_EVIDENCE_H

#include <stdint.h>

#include "agentdup/audit.h"
#include "agentdup/buf.h"
#include "base/json.h"

/* "word, word, word" for a terminal (nothing when no term is shared), or
 * ["word", "word"] in JSON: the evidence of agents x and y ... */
void ad_evidence_agents_text(ad_buf *out, const ad_audit *a, uint32_t x,
			     uint32_t y);
void ad_evidence_agents_json(ad_json *w, const ad_audit *a, uint32_t x,
			     uint32_t y);
/* ... and of sections s and t. */
void ad_evidence_sections_text(ad_buf *out, const ad_audit *a, uint32_t s,
			       uint32_t t);
void ad_evidence_sections_json(ad_json *w, const ad_audit *a, uint32_t s,
			       uint32_t t);

/* Terms t[0..n) as words: "word, word" for a terminal, or a JSON array. */
void ad_evidence_words_text(ad_buf *out, const ad_audit *a,
			    const uint32_t *t, size_t n);
void ad_evidence_words_json(ad_json *w, const ad_audit *a, const uint32_t *t,
			    size_t n);

/* Section s for a terminal: "Heading > Path" (line N), or (intro) (line
 * N); as JSON: {"path": "Heading > Path", "line": N}. */
void ad_evidence_section_text(ad_buf *out, const ad_audit *a, uint32_t s);
void ad_evidence_section_json(ad_json *w, const ad_audit *a, uint32_t s);

/* The kinds of evidence that link a pair (an ad_link_kind mask), their
 * fixed names joined by sep: "body+name" with "+". */
void ad_evidence_link_kinds(ad_buf *out, unsigned kinds, const char *sep);

/* What an agent goes by, for a terminal: "  (name)", "  (name, skill)"
 * or "  (skill)" after its path; nothing for an agent without a name. */
void ad_evidence_name_text(ad_buf *out, const ad_doc *d);

#endif
