/*
 * report.h - the audit written out: text for people, JSON for programs.
 *
 * Writers append to a caller-owned ad_buf and never print; the CLI decides
 * where the bytes go. Output is deterministic: the same audit gives the
 * same bytes (scores are printed with 4 decimals, order is fixed).
 */
#ifndef AGENTDUP_REPORT_H
#define AGENTDUP_REPORT_H

#include "agentdup/audit.h"
#include "agentdup/buf.h"

typedef struct ad_report_opts {
	int verbose; /* text: also list every pair */
	int color;   /* text: ANSI colour */
	int outline; /* each agent's sections and rules */
} ad_report_opts;

#define AD_REPORT_OPTS_INIT {0, 0, 0}

/* The JSON contract: version, agents, pairs, clusters (see README). opts
 * may be NULL. */
void ad_report_json(ad_buf *out, const ad_audit *audit,
		    const ad_report_opts *opts);

/* A readable summary: counts, clusters with members and scores, problems;
 * with opts->outline, each agent's sections and rules first. */
void ad_report_text(ad_buf *out, const ad_audit *audit,
		    const ad_report_opts *opts);

#endif
