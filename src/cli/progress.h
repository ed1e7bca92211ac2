/*
 * progress.h - one line of progress on a terminal, cleared before
 * anything else is written.
 *
 * A cli_progress is a line on one stream, rewritten in place ("\r" and
 * the text, the rest of the line erased). It is on only when its stream
 * is a terminal and the command is not quiet; off, every call is a
 * no-op. Whatever a command writes next, a warning or the report,
 * clears the line first (cli_progress_clear()), so no text is glued to
 * a stale count. The stream is the caller's and stays open.
 * cli_progress_stderr() is the one line of the process, on stderr.
 */
#ifndef AGENTDUP_CLI_PROGRESS_H
#define AGENTDUP_CLI_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

typedef struct cli_progress {
	FILE *f;   /* NULL: off */
	int shown; /* a line is on the stream now */
	/* the stage shown last (cli_progress_stage()), which a step's
	 * progress is shown after; what is the audit's, valid through it */
	int stage, nstages;
	const char *what;
} cli_progress;

/* Turn p on, writing to f, or off (f NULL). */
void cli_progress_start(cli_progress *p, FILE *f);

/* Show "agentdup: " and the formatted text in place of the line. */
void cli_progress_say(cli_progress *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Erase the line, if one is shown; the stream is left where the line
 * began. Turned off after, p stays off. */
void cli_progress_clear(cli_progress *p);
void cli_progress_stop(cli_progress *p);

/* The process's progress line on stderr, off until started with
 * cli_progress_on(quiet): on when stderr is a terminal and not quiet. */
cli_progress *cli_progress_stderr(void);
void cli_progress_on(int quiet);

/* An ad_progress_fn for a count of files ("12/3038 files parsed") or of
 * snapshots; payload is the cli_progress, what names the items. */
void cli_progress_files(size_t done, size_t total, void *payload);
void cli_progress_snapshots(size_t done, size_t total, void *payload);

/* An ad_stage_fn: "analysis 3/8: aligning sections"; payload is the
 * cli_progress. */
void cli_progress_stage(int k, int n, const char *what, void *payload);

/* An ad_step_fn: the stage shown last, and how far a join of it has
 * come: "analysis 2/8: joining agents, then rule wordings (agents 45%)",
 * the join not named again where the stage's text ends with it
 * ("analysis 2/8: joining rule wordings (45%)"). */
void cli_progress_step(const char *what, size_t done, size_t total,
		       void *payload);

#endif
