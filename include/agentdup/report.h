/*
 * report.h - the audit written out: text for people, JSON for programs,
 * Markdown for a pull-request comment, SARIF for code scanning, CSV of the
 * linked pairs for a spreadsheet, one HTML page to browse.
 *
 * Writers append to a caller-owned ad_buf and never print; the CLI decides
 * where the bytes go. Output is deterministic: the same audit gives the
 * same bytes (scores are printed with 4 decimals, order is fixed).
 */
#ifndef AGENTDUP_REPORT_H
#define AGENTDUP_REPORT_H

#include "agentdup/audit.h"
#include "agentdup/buf.h"

#include <stddef.h>

typedef struct ad_report_opts {
	int verbose; /* text: also list every pair */
	int color;   /* text: ANSI colour */
	int width;   /* text: cut long lines to this many columns; 0: never */
	int outline; /* each agent's sections and rules */
} ad_report_opts;

#define AD_REPORT_OPTS_INIT {0, 0, 0, 0}

/* The JSON contract: version, agents, pairs, clusters (see README). opts
 * may be NULL. */
void ad_report_json(ad_buf *out, const ad_audit *audit,
		    const ad_report_opts *opts);

/* A readable summary: counts, clusters with members and scores, problems;
 * with opts->outline, each agent's sections and rules first. */
void ad_report_text(ad_buf *out, const ad_audit *audit,
		    const ad_report_opts *opts);

/* A compact Markdown summary for a pull-request comment: counts, the
 * largest clusters, the most repeated rules, collisions (at most 10 of
 * each; every cluster with opts->verbose). opts may be NULL. */
void ad_report_markdown(ad_buf *out, const ad_audit *audit,
			const ad_report_opts *opts);

/* SARIF 2.1.0, one run: a result per cluster (rule
 * "near-duplicate-agents") and per rule group carried by two agents or
 * more (rule "repeated-rule"; house style at level "note"). Each result's
 * partialFingerprints["agentdup/v1"] is a content key that survives moved
 * lines and reordered files: for a cluster, the hash of its member paths,
 * sorted, joined by '\n'; for a rule group, the hash of the stems of its
 * centre wording, joined by ' '. opts is unused and may be NULL. */
void ad_report_sarif(ad_buf *out, const ad_audit *audit,
		     const ad_report_opts *opts);

/* The linked pairs as RFC 4180 CSV with a header row; cluster is the
 * 1-based index of the pair's cluster. opts is unused and may be NULL. */
void ad_report_csv(ad_buf *out, const ad_audit *audit,
		   const ad_report_opts *opts);

/* Append s as inert Markdown text on one line: control characters and
 * direction overrides as ad_escape_line() leaves them, then every
 * character that could open markup (emphasis, code, links, HTML, table
 * cells, a list or heading at the start) escaped with a backslash. At most
 * max bytes of the line are kept, then an ellipsis (0: no limit). */
void ad_escape_markdown(ad_buf *out, const char *s, size_t max);

/* The audit as one self-contained HTML5 page: views of the overview,
 * clusters, rule inventory, agents, side-by-side comparisons and a
 * similarity heat map, with inline CSS and one inline script allowed by
 * a Content-Security-Policy nonce derived from the page's content, and no
 * network access. Long lists are cut, with a note of how many more there
 * are, so that a collection of thousands of agents stays usable. opts is
 * unused and may be NULL. */
void ad_report_html(ad_buf *out, const ad_audit *audit,
		    const ad_report_opts *opts);

/* Append s as inert HTML text, fit both for element content and for a
 * quoted attribute value: control characters and direction overrides as
 * ad_escape_line() leaves them (so invalid UTF-8 is U+FFFD), then & < > "
 * ' ` and = as character references, so no tag, attribute or entity can
 * be formed. At most max bytes of the line are kept, then an ellipsis (0:
 * no limit). NULL appends nothing. */
void ad_escape_html(ad_buf *out, const char *s, size_t max);

#endif
