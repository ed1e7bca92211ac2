/*
 * escape.h - every escaping of document text for output lives here: JSON
 * strings, terminal lines, Markdown text and HTML text.
 *
 * Report writers never emit document text (paths, names, headings, rules)
 * except through these functions. Invalid UTF-8 in the input becomes
 * U+FFFD, so the output is always valid UTF-8; file paths are first made
 * valid by ad_escape_path(), which shows each such byte as \xNN instead,
 * so that two paths never look alike.
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

/* Append the file path s so that two different paths never look alike:
 * bytes that are not valid UTF-8 and control characters (C0, DEL, C1,
 * direction controls) become \xNN, one per byte (a name with byte 0xFF
 * shows as "a\xff.md", not as U+FFFD), and a backslash becomes two, so
 * "\xff" typed in a name stays apart from the byte. The result is valid
 * UTF-8, with no control characters: the other escapers leave it as it
 * is (JSON doubles its backslashes). */
void ad_escape_path(ad_buf *out, const char *s);

/* Append the path that ad_escape_path() showed as s: its bytes again. */
void ad_unescape_path(ad_buf *out, const char *s);

/* Append s as inert Markdown text on one line: control characters and
 * direction overrides as ad_escape_line() leaves them, then every
 * character that could open markup (emphasis, code, links, HTML, table
 * cells, a list or heading at the start) escaped with a backslash. At most
 * max bytes of the line are kept, then an ellipsis (0: no limit). */
void ad_escape_markdown(ad_buf *out, const char *s, size_t max);

/* Append s as inert HTML text, fit both for element content and for a
 * quoted attribute value: control characters and direction overrides as
 * ad_escape_line() leaves them (so invalid UTF-8 is U+FFFD), then & < > "
 * ' ` and = as character references, so no tag, attribute or entity can
 * be formed. At most max bytes of the line are kept, then an ellipsis (0:
 * no limit). NULL appends nothing. */
void ad_escape_html(ad_buf *out, const char *s, size_t max);

#endif
