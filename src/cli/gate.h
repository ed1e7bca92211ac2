/*
 * gate.h - CI gating for `scan`: policies that turn findings into exit
 * status 1, and the baseline files behind --fail-on-new.
 */
#ifndef AGENTDUP_CLI_GATE_H
#define AGENTDUP_CLI_GATE_H

#include "agentdup/audit.h"

typedef struct cli_gate {
	double fail_above;          /* < 0: no such policy */
	const char *baseline;       /* compare with this baseline file */
	int fail_on_new;            /* fail when the baseline lacks something */
	const char *write_baseline; /* record the audit here */
	int quiet;                  /* no findings on stderr */
	size_t max_size;            /* bound on the baseline file's size */
} cli_gate;

#define CLI_GATE_INIT {-1.0, NULL, 0, NULL, 0, AD_MAX_FILE_SIZE}

/* Apply the policies to the audit: write the baseline if asked, say on
 * stderr what breaks a policy. Returns AD_EXIT_OK, AD_EXIT_FINDINGS when
 * a policy fails, AD_EXIT_INPUT when the baseline cannot be read or
 * parsed, AD_EXIT_FAILURE when the baseline cannot be written. */
int cli_gate_run(const cli_gate *g, const ad_audit *au);

#endif
