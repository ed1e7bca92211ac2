/*
 * html_data.h - the data of the scan page (report_html.c): the audit as
 * the JSON of doc/html-report.md, version 1, which the page's script
 * renders from.
 *
 * Ownership: the writer appends to the caller's buffer and keeps nothing.
 */
#ifndef AGENTDUP_REPORT_HTML_DATA_H
#define AGENTDUP_REPORT_HTML_DATA_H

#include "agentdup/audit.h"
#include "agentdup/buf.h"

/* Append the page data of audit a to out: one line of dense JSON, valid
 * UTF-8, the same bytes for the same audit. */
void ad_html_data(ad_buf *out, const ad_audit *a);

#endif
