/*
 * report.h - every report agentdup writes, one function a subject and a
 * format: ad_report_<subject>_<format>.
 *
 *   audit:   text for people, JSON for programs, Markdown for a
 *            pull-request comment, SARIF for code scanning, CSV of the
 *            linked pairs for a spreadsheet, one HTML page to browse;
 *   compare: one agent against another (compare.h), text and JSON;
 *   query:   the agents nearest to one (query.h), text and JSON;
 *   route:   the agents a request would be routed to (route.h), text and
 *            JSON;
 *   drift:   what changed between two snapshots (drift.h), text, JSON and
 *            one HTML page;
 *   history: one agent across every snapshot (history.h), text and JSON.
 *
 * Writers read results and append to a caller-owned ad_buf; they compute
 * nothing of their own and never print: the CLI decides where the bytes
 * go. A writer of an audit given a sink in its options may stream: it
 * hands the bytes to the sink as it goes and leaves in the buffer only
 * what it did not hand on (the caller writes that last), so that a long
 * report is never held whole. Output is deterministic: the same results
 * give the same bytes (scores are printed with 4 decimals, order is
 * fixed). Document text reaches the output only through escape.h.
 */
#ifndef AGENTDUP_REPORT_H
#define AGENTDUP_REPORT_H

#include "agentdup/audit.h"
#include "agentdup/buf.h"
#include "agentdup/compare.h"
#include "agentdup/drift.h"
#include "agentdup/history.h"
#include "agentdup/query.h"
#include "agentdup/route.h"

#include <stddef.h>

/* How much of the evidence a JSON report holds: the contract (agents,
 * pairs, clusters with their members) is whole at every level. */
typedef enum ad_report_detail {
	AD_DETAIL_SUMMARY, /* long lists cut at AD_LIMIT_*, with counts */
	AD_DETAIL_FULL     /* every list whole */
} ad_report_detail;

/* The caps of AD_DETAIL_SUMMARY, which the report writes in "limits";
 * at that level a pair holds no evidence beyond its kinds of link
 * ("pair_evidence": false), so pair_sections is moot there. */
#define AD_LIMIT_PAIR_SECTIONS 0   /* aligned sections of a linked pair */
#define AD_LIMIT_ALIGNED_PAIRS 1000 /* pairs in "overlap.sections" */
#define AD_LIMIT_ALIGNED_SECTIONS 3 /* sections of each of those */
#define AD_LIMIT_RULE_GROUPS 1000  /* groups in "overlap.rules" */
#define AD_LIMIT_WORDINGS 5        /* wordings of one group */
#define AD_LIMIT_PLACES 5          /* places ("at") of one wording */
#define AD_LIMIT_MERGE 10          /* rules, sections a member adds */
#define AD_LIMIT_MERGE_MEMBERS 5   /* members of a group with "merge" */
#define AD_LIMIT_COLLISIONS 1000   /* items of "collisions" */
/* SARIF: related locations of one result (README, "HTML, Markdown,
 * SARIF and CSV") */
#define AD_LIMIT_SARIF_RELATED 20

/* The kinds of SARIF result, by rule id (ad_report_sarif_kind()). */
#define AD_SARIF_CLUSTERS 1u /* near-duplicate-agents */
#define AD_SARIF_RULES 2u    /* repeated-rule */
#define AD_SARIF_NAMES 4u    /* name-collision */
#define AD_SARIF_ALL 7u
/* What a pull request should see: agents that duplicate one another,
 * and names that clash (README, "HTML, Markdown, SARIF and CSV"). */
#define AD_SARIF_DEFAULT (AD_SARIF_CLUSTERS | AD_SARIF_NAMES)

/* The entries of each list the one-screen text report shows: clusters,
 * role groups, problems (and the largest collisions of each kind). */
#define AD_REPORT_SCREEN 5

typedef struct ad_report_opts {
	int verbose; /* text, Markdown: every list in full */
	int color;   /* text: ANSI colour */
	int width;   /* text: fit lines to this many columns; 0: never */
	int outline; /* each agent's sections and rules */
	ad_report_detail detail; /* JSON */
	ad_buf_sink sink;        /* NULL: the whole report stays in out */
	void *sink_ctx;
	size_t top; /* text: entries of every list; 0: one screen */
	/* SARIF: the absolute folder its URIs are relative to (NULL: the
	 * default of ad_report_sarif_root() for the first input's PATH),
	 * and the kinds of result it holds (AD_SARIF_*; 0: the default). */
	const char *sarif_root;
	unsigned sarif_kinds;
	/* JSON: threads that write the long lists; HTML: threads that
	 * compress the page's data (0: one per CPU); the bytes are the same
	 * for any number. */
	int jobs;
} ad_report_opts;

#define AD_REPORT_OPTS_INIT                                                  \
	{0, 0, 0, 0, AD_DETAIL_SUMMARY, NULL, NULL, 0, NULL, 0, 0}

/* Every writer of an audit has this shape; opts may be NULL. */
typedef void (*ad_report_fn)(ad_buf *out, const ad_audit *audit,
			     const ad_report_opts *opts);

/* ---- the audit ---- */

/* The writer of format "text", "json", "markdown", "sarif", "csv" or
 * "html", or NULL for another word. */
ad_report_fn ad_report_audit_writer(const char *format);

/* By default a summary that fits a screen: the counts, the first
 * AD_REPORT_SCREEN clusters and role groups a line each, collisions a
 * line a kind, the other lists counted, the first problems. With
 * opts->top, the first opts->top entries of every list (clusters, role
 * groups, template families, aligned sections, rule groups, collisions
 * grouped by name, body or request, routing collisions, problems), each
 * cut list saying how many it left out; with opts->verbose every list in
 * full, with each group's
 * members, scores and merge plan. With opts->width, lines fit that many
 * columns: long paths keep their file name and lose middle folders
 * ("a/.../c/x.md"), prose wraps at spaces, quoted rules are cut with an
 * ellipsis in the summary. With opts->outline, each agent's sections and
 * rules first. */
void ad_report_audit_text(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts);

/* The JSON contract: version, agents, pairs, clusters (see README), at
 * opts->detail (summary when opts is NULL); streamed to opts->sink. */
void ad_report_audit_json(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts);

/* A compact Markdown summary for a pull-request comment: counts, the
 * largest clusters, the most repeated rules, collisions (at most 10 of
 * each; every cluster with opts->verbose). */
void ad_report_audit_markdown(ad_buf *out, const ad_audit *audit,
			      const ad_report_opts *opts);

/* SARIF 2.1.0, one run, for code scanning: a result per cluster (rule
 * "near-duplicate-agents"), per rule group carried by two agents or more
 * (rule "repeated-rule"; house style at level "note") and per name
 * taken by agents that are not all variants of one (rule
 * "name-collision"), of the kinds in opts->sarif_kinds. Each artifact
 * location's URI is relative to the root, with uriBaseId "%SRCROOT%",
 * which originalUriBaseIds gives as a file:// URI; a file outside the
 * root has an absolute file:// URI instead. A result lists at most
 * AD_LIMIT_SARIF_RELATED related locations, its message saying how many
 * more there are. Each result's partialFingerprints["agentdup/v1"] is a
 * content key that survives moved lines and reordered files: for a
 * cluster, the hash of its member paths, sorted, joined by '\n'; for a
 * rule group, the hash of the stems of its centre wording, joined by
 * ' '; for a name, the hash of the name. Streamed to opts->sink, if
 * any. */
void ad_report_audit_sarif(ad_buf *out, const ad_audit *audit,
			   const ad_report_opts *opts);

/* The AD_SARIF_* bit of the rule id name[0, len), AD_SARIF_ALL for
 * "all", 0 for another word. */
unsigned ad_report_sarif_kind(const char *name, size_t len);

/* The rule id of kind i (0, 1, ...: bit 1 << i), NULL past the last. */
const char *ad_report_sarif_kind_name(size_t i);

/* The folder SARIF URIs are relative to, absolute, with no symbolic
 * link in it, into out: dir when not NULL (AD_EIO when it is not a
 * folder); else the root of the git work tree that holds path (the
 * nearest folder upwards with a .git entry, a folder or a file; git is
 * not run) when path is not NULL and there is one; else the current
 * folder. */
int ad_report_sarif_root(ad_buf *out, const char *dir, const char *path,
			 ad_error *err);

/* The linked pairs as RFC 4180 CSV with a header row; cluster is the
 * 1-based index of the pair's cluster. Streamed to opts->sink, if any. */
void ad_report_audit_csv(ad_buf *out, const ad_audit *audit,
			 const ad_report_opts *opts);

/* The audit as one self-contained HTML5 page (doc/html-report.md): a
 * static shell with one empty section per view, the audit as compressed
 * JSON data, and inline CSS and one inline script, allowed by a
 * Content-Security-Policy nonce derived from the page's content, that
 * render each view from the data on demand; no network access. Long texts
 * and some lists are cut, counted, so that a collection of thousands of
 * agents gives a page of a few megabytes. opts is unused. */
void ad_report_audit_html(ad_buf *out, const ad_audit *audit,
			  const ad_report_opts *opts);

/* The lines of a text report from byte `from` of out on fitted, in
 * place, to width columns (0 or less: left as they are): a line too long
 * is broken at a space, between two of its columns (two spaces apart)
 * rather than inside one, and the rest indented under the last column
 * that starts in its first two fifths (a rule's text after its score and
 * line numbers, a value after "B: "), else two columns deeper than the
 * line. For the text reports of compare, query, route, drift and
 * history, which are written unfitted; the scan's text report fits
 * itself (ad_report_opts.width). */
void ad_report_fit(ad_buf *out, size_t from, int width);

/* The columns a terminal gives s[0..n): two for a CJK, Hangul or emoji
 * character, none for a combining mark or an ANSI escape sequence. */
size_t ad_report_columns(const char *s, size_t n);

/* ---- compare ---- */

/* A readable comparison: the two agents and their cosine, frontmatter
 * differences, aligned sections with their evidence terms, sections
 * without counterpart, shared rules with both wordings, rules of one side
 * only. color adds ANSI bold to headings. */
void ad_report_compare_text(ad_buf *out, const ad_audit *audit,
			    const ad_compare *c, int color);

/* The same as one JSON object (see README, `agentdup compare`). */
void ad_report_compare_json(ad_buf *out, const ad_audit *audit,
			    const ad_compare *c);

/* ---- query ---- */

/* The neighbours, each with its score, path, name, evidence terms and its
 * best-aligned sections (at most AD_QUERY_SECTIONS); says so when there
 * are none. */
void ad_report_query_text(ad_buf *out, const ad_audit *audit,
			  const ad_query *q, int color);

/* The same as one JSON object, every aligned section included (see README,
 * `agentdup query`). */
void ad_report_query_json(ad_buf *out, const ad_audit *audit,
			  const ad_query *q);

/* ---- route ---- */

/* The request and its terms, the agents it matches (each with its
 * score, path, name, the terms that match, and whose variant it is), then
 * the runner-up and whether the request is ambiguous; says so when no
 * agent matches. color adds ANSI bold to the agents. */
void ad_report_route_text(ad_buf *out, const ad_audit *audit,
			  const ad_route *r, int color);

/* The same as one JSON object (see README, `agentdup route`). */
void ad_report_route_json(ad_buf *out, const ad_audit *audit,
			  const ad_route *r);

/* ---- drift and history ---- */

/* Reports (report_drift.c): text cuts each agent's rules at
 * AD_DRIFT_TEXT_RULES, with a count of the rest, and long frontmatter
 * values at 160 bytes; JSON holds everything whole. */
#define AD_DRIFT_TEXT_RULES 20
/* t (may be NULL, n 0) is the store's timeline: text and JSON add it
 * after the changes; the HTML page (report_drift_html.c) draws it above
 * them. */
void ad_report_drift_text(ad_buf *out, const ad_drift *d,
			  const ad_timeline_point *t, size_t n);
void ad_report_drift_json(ad_buf *out, const ad_drift *d,
			  const ad_timeline_point *t, size_t n);
void ad_report_drift_html(ad_buf *out, const ad_drift *d,
			  const ad_timeline_point *t, size_t n);

/* Reports (report_history.c): text is a header, a line a snapshot, and
 * the changes of each new version below it, rules cut at max_rules (0:
 * all) with a count of the rest; JSON holds everything. */
#define AD_HISTORY_TEXT_RULES 5
void ad_report_history_text(ad_buf *out, const ad_history *h,
			    size_t max_rules);
void ad_report_history_json(ad_buf *out, const ad_history *h);

#endif
