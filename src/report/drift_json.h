/*
 * drift_json.h - one agent's changes between two snapshots as JSON, as
 * the drift report writes them (report_drift.c), for the history report
 * (report_history.c), so the two show a change the same way.
 *
 * Ownership: the writer and the change are the caller's; nothing is kept.
 */
#ifndef AGENTDUP_REPORT_DRIFT_JSON_H
#define AGENTDUP_REPORT_DRIFT_JSON_H

#include "agentdup/drift.h"
#include "base/json.h"

/* The members "frontmatter", "sections" and "rules" of a, into the object
 * open in w. */
void ad_drift_write_changes_json(ad_json *w, const ad_drift_agent *a);

#endif
