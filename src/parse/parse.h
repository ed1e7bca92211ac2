/*
 * parse.h - an agent file's text into a doc: the frontmatter (libyaml,
 * frontmatter.h), then the body (cmark, markdown.h).
 *
 * Ownership: the doc returned is the caller's, for ad_doc_free(); it
 * borrows text (doc.h).
 */
#ifndef AGENTDUP_PARSE_H
#define AGENTDUP_PARSE_H

#include <stddef.h>

#include "agentdup/doc.h"
#include "agentdup/error.h"

/* Raised whenever some bytes parse to another doc than before, so that a
 * doc cached under another revision (scan --cache) is parsed again.
 * 2: a frontmatter block left open is read when it begins with a key. */
#define AD_PARSE_REVISION 2

/* Parse text[0..len) into a new doc; text[len] must be '\0'. Problems with
 * the content are warnings kept in the doc, not errors; the function fails
 * only when given no text at all (AD_EINVAL). */
int ad_doc_parse(ad_doc **out, const char *path, const char *text,
		 size_t len, ad_error *err);

/* ad_doc_parse(), the rules' texts and the sections' headings and paths
 * taken from share (docshare.h), which must outlive the doc; NULL: the
 * doc keeps copies of its own, as ad_doc_parse() does. */
int ad_doc_parse_shared(ad_doc **out, const char *path, const char *text,
			size_t len, struct ad_docshare *share, ad_error *err);

/* Free the scratch memory that parsing keeps on the calling thread from
 * one parse to the next (a megabyte at most). A thread that parses calls
 * it once done; another parse after it simply starts afresh. */
void ad_doc_parse_release(void);

#endif
