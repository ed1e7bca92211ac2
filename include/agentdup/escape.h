/*
 * escape.h - every escaping of document text for output lives here.
 *
 * Report writers never emit document text (paths, names, headings, rules)
 * except through these functions. Invalid UTF-8 in the input becomes
 * U+FFFD, so the output is always valid UTF-8.
 */
#ifndef AGENTDUP_ESCAPE_H
#define AGENTDUP_ESCAPE_H

#include <stddef.h>

#include "agentdup/buf.h"

/* Append s as a JSON string literal, quotes included. NULL gives null. */
void ad_escape_json(ad_buf *out, const char *s);

/* Append s for a one-line terminal display: control characters (newlines,
 * escapes, bidirectional overrides) become spaces or U+FFFD, so hostile
 * text cannot move the cursor or recolour the terminal. */
void ad_escape_line(ad_buf *out, const char *s);

#endif
