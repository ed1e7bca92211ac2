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

/* Append the main page data of drift d to out: one line of dense JSON,
 * valid UTF-8, the same bytes for the same drift. Its agents' "v" numbers
 * the agents whose two versions d kept (ad_drift_opts.texts), which come
 * apart in chunks of chunk versions, "first" 0, chunk, 2 * chunk... */
void ad_drift_data(ad_buf *out, const ad_drift *d, size_t chunk);

/* How many agents have both versions kept. */
size_t ad_drift_data_nversions(const ad_drift *d);

/* Append the chunk of versions first..first + n - 1 (fewer at the end)
 * to out, one line of dense JSON with its own "texts". */
void ad_drift_data_versions(ad_buf *out, const ad_drift *d, size_t first,
			    size_t n);

#endif
