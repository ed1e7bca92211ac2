/*
 * probe.h - what `query` and `route` share: one text (a FILE, or --text)
 * weighed with the collection under PATH..., and a ranking of the
 * collection against it.
 *
 * Both commands take the same options in the same order (the enum below
 * indexes their tables); they differ in the help of three of them, in
 * what they call the text ("query", "request"), and in what they do with
 * the audit. cli_probe_run() checks the arguments, reads the text, runs
 * the audit with the text as its last doc, prints the problems, calls
 * the command's act() and turns the outcome into an exit status.
 *
 * Ownership: a cli_probe is the caller's; its args and input lists are
 * malloc'd by cli_probe_arg() and freed by cli_probe_dispose(). The
 * audit handed to act() lives for the call only.
 */
#ifndef AGENTDUP_CLI_PROBE_H
#define AGENTDUP_CLI_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/audit.h"
#include "agentdup/buf.h"
#include "cli.h"
#include "shared.h"

enum { CLI_PROBE_K, CLI_PROBE_TEXT, CLI_PROBE_FORMAT, CLI_PROBE_OUTPUT,
       CLI_PROBE_MIN_SCORE, CLI_PROBE_INCLUDE, CLI_PROBE_EXCLUDE,
       CLI_PROBE_LANGUAGE, CLI_PROBE_STOPWORDS, CLI_PROBE_MAX_FILE_SIZE,
       CLI_PROBE_FOLLOW_OUTSIDE, CLI_PROBE_JOBS, CLI_PROBE_CACHE,
       CLI_PROBE_QUIET };

/* The option table of a probing command, with its own help for --top,
 * --text and --min-score. */
#define CLI_PROBE_OPTS(top_help, text_help, min_score_help)                   \
	{                                                                     \
		[CLI_PROBE_K] = {"top", 'k', CLI_VALUE, "N", top_help},       \
		[CLI_PROBE_TEXT] = {"text", 0, CLI_VALUE, "TEXT", text_help}, \
		[CLI_PROBE_FORMAT] = {"format", 'f', CLI_VALUE, "FMT",        \
				      "report format: text (default) or "     \
				      "json"},                                \
		[CLI_PROBE_OUTPUT] = {"output", 'o', CLI_VALUE, "FILE",       \
				      "write the report to FILE instead of "  \
				      "stdout"},                              \
		[CLI_PROBE_MIN_SCORE] = {"min-score", 0, CLI_VALUE, "S",      \
					 min_score_help},                     \
		CLI_OPT_INCLUDE(CLI_PROBE_INCLUDE),                           \
		CLI_OPT_EXCLUDE(CLI_PROBE_EXCLUDE),                           \
		CLI_OPT_LANGUAGE(CLI_PROBE_LANGUAGE),                         \
		CLI_OPT_STOPWORDS(CLI_PROBE_STOPWORDS),                       \
		CLI_OPT_MAX_FILE_SIZE(CLI_PROBE_MAX_FILE_SIZE),               \
		CLI_OPT_FOLLOW_OUTSIDE(CLI_PROBE_FOLLOW_OUTSIDE),             \
		CLI_OPT_JOBS(CLI_PROBE_JOBS),                                 \
		[CLI_PROBE_CACHE] = {"cache", 0, CLI_VALUE, "FILE",           \
				     "read the collection's files parsed "    \
				     "from FILE, as 'scan --cache' keeps "    \
				     "them, and keep them there"},            \
		[CLI_PROBE_QUIET] = {"quiet", 'q', CLI_FLAG, "",              \
				     "no warnings or skipped files on "       \
				     "stderr"},                               \
	}

typedef struct cli_probe {
	const cli_cmd *cmd;
	const char *what;    /* "query", "request": in usage errors */
	const char *no_path; /* the usage error without a PATH */
	const char **args;   /* FILE (without --text), then the PATHs */
	size_t nargs;
	cli_input in;
	const char *format, *output, *text;
	ad_audit_opts audit;
	size_t k;          /* --top, when given (else 0) */
	double min_score;  /* --min-score, when given (else < 0) */
	int quiet;
} cli_probe;

/* What a command does with the audit: text is doc `text` (the last);
 * paths[0..npaths) are the PATHs. Returns 0, or -1 when the report could
 * not be written. */
typedef int (*cli_probe_fn)(const ad_audit *audit, uint32_t text,
			    const char *const *paths, size_t npaths,
			    const cli_probe *p, void *ctx);

/* A probe for cmd with the defaults: text format, no --top, no
 * --min-score. */
void cli_probe_init(cli_probe *p, const cli_cmd *cmd, const char *what,
		    const char *no_path);

/* cli_parse()'s on_arg for a table made with CLI_PROBE_OPTS. */
int cli_probe_arg(int opt, const char *v, void *payload);

/* Check, read, audit, act; the exit status. */
int cli_probe_run(cli_probe *p, cli_probe_fn act, void *ctx);

/* Write a report to --output or stdout; color: whether a text report may
 * use color there. 0, or -1 when it could not be written. */
int cli_probe_write(const cli_probe *p, const ad_buf *out);
int cli_probe_color(const cli_probe *p);

void cli_probe_dispose(cli_probe *p);

#endif
