/*
 * drift_changes.h - one agent's changes between two snapshots, as the
 * drift report writes them (report_drift.c), for the history report
 * (report_history.c), so that the two show a change the same way.
 *
 * Ownership: the buffer, the writer and the change are the caller's;
 * nothing is kept.
 */
#ifndef AGENTDUP_REPORT_DRIFT_CHANGES_H
#define AGENTDUP_REPORT_DRIFT_CHANGES_H

#include <stddef.h>

#include "agentdup/buf.h"
#include "agentdup/drift.h"
#include "base/json.h"

/* Text: one line a field, section and rule, indented by four spaces, at
 * most max_rules rules (0: all) and a count of the rest. */
void ad_report_drift_changes_text(ad_buf *out, const ad_drift_agent *a,
				  size_t max_rules);

/* JSON: the members "frontmatter", "sections" and "rules" of a, into the
 * object open in w. */
void ad_report_drift_changes_json(ad_json *w, const ad_drift_agent *a);

#endif
