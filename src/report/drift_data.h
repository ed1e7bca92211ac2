/*
 * drift_data.h - the data of the drift page (report_drift_html.c): the
 * drift between two snapshots as the JSON of doc/html-report.md ("The
 * drift page"), which the page's script renders from.
 *
 * Ownership: the writer appends to the caller's buffer and keeps nothing.
 */
#ifndef AGENTDUP_REPORT_DRIFT_DATA_H
#define AGENTDUP_REPORT_DRIFT_DATA_H

#include "agentdup/buf.h"
#include "agentdup/drift.h"

/* Append the page data of drift d to out: one line of dense JSON, valid
 * UTF-8, the same bytes for the same drift. Both versions of an agent
 * are carried when d kept them (ad_drift_opts.texts). */
void ad_drift_data(ad_buf *out, const ad_drift *d);

#endif
