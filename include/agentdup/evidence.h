/*
 * evidence.h - the evidence of a match, written as words, and the names
 * of sections and rules, for the writers of comparisons and queries.
 *
 * The evidence of x against y is the (at most AD_EVIDENCE_TERMS) terms
 * that add most to their dot product (ad_evidence()), each shown as the
 * word a person reads for it (ad_vocab_surface()). Writers append to a
 * caller-owned ad_buf; document text goes through escape.h only.
 */
#ifndef AGENTDUP_EVIDENCE_H
#define AGENTDUP_EVIDENCE_H

#include <stdint.h>

#include "agentdup/audit.h"
#include "agentdup/buf.h"

/* "word, word, word" for a terminal; nothing when no term is shared. */
void ad_evidence_text(ad_buf *out, const ad_audit *audit, const ad_svec *x,
		      const ad_svec *y);

/* ["word", "word"] */
void ad_evidence_json(ad_buf *out, const ad_audit *audit, const ad_svec *x,
		      const ad_svec *y);

/* Section s and rule r (collection-wide indices) of the audit. */
const ad_section *ad_evidence_section(const ad_audit *audit, uint32_t s);
const ad_rule *ad_evidence_rule(const ad_audit *audit, uint32_t r);

/* A section for a terminal: "Heading > Path" (line N), or (intro). */
void ad_evidence_section_text(ad_buf *out, const ad_audit *audit,
			      uint32_t s);

/* A section as JSON: {"path": "Heading > Path", "line": N}. */
void ad_evidence_section_json(ad_buf *out, const ad_audit *audit,
			      uint32_t s);

#endif
