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

/* Parse text[0..len) into a new doc; text[len] must be '\0'. Problems with
 * the content are warnings kept in the doc, not errors; the function fails
 * only when given no text at all (AD_EINVAL). */
int ad_doc_parse(ad_doc **out, const char *path, const char *text,
		 size_t len, ad_error *err);

#endif
