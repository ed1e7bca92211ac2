/*
 * progress.c - the progress line: "\r", the text, "\033[K" to erase what
 * a longer line before it left; cleared with "\r\033[K".
 *
 * Method. The line remembers whether it is on its stream, so that a
 * clear writes nothing when nothing is shown: a command may clear before
 * every message without cost, and a stream that is not a terminal never
 * sees a control byte (the line is never turned on for it).
 */
#include "progress.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

static cli_progress line_on_stderr;

void cli_progress_start(cli_progress *p, FILE *f)
{
	p->f = f;
	p->shown = 0;
	p->what = NULL;
}

void cli_progress_say(cli_progress *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->f)
		return;
	fputs("\ragentdup: ", p->f);
	va_start(ap, fmt);
	vfprintf(p->f, fmt, ap);
	va_end(ap);
	fputs("\033[K", p->f);
	fflush(p->f);
	p->shown = 1;
}

void cli_progress_clear(cli_progress *p)
{
	if (!p->f || !p->shown)
		return;
	fputs("\r\033[K", p->f);
	fflush(p->f);
	p->shown = 0;
}

void cli_progress_stop(cli_progress *p)
{
	cli_progress_clear(p);
	p->f = NULL;
}

cli_progress *cli_progress_stderr(void)
{
	return &line_on_stderr;
}

void cli_progress_on(int quiet)
{
	cli_progress_start(&line_on_stderr,
			   !quiet && isatty(fileno(stderr)) ? stderr : NULL);
}

void cli_progress_files(size_t done, size_t total, void *payload)
{
	cli_progress_say(payload, "%zu/%zu files read and parsed", done,
			 total);
}

void cli_progress_snapshots(size_t done, size_t total, void *payload)
{
	cli_progress_say(payload, "timeline: %zu/%zu snapshots", done, total);
}

void cli_progress_stage(int k, int n, const char *what, void *payload)
{
	cli_progress *p = payload;

	p->stage = k;
	p->nstages = n;
	p->what = what;
	cli_progress_say(p, "analysis %d/%d: %s", k, n, what);
}

/* Whether the stage's text ends with what ("joining rule wordings"). */
static int ends_with(const char *s, const char *what)
{
	size_t n = strlen(s), k = strlen(what);

	return n >= k && strcmp(s + n - k, what) == 0;
}

void cli_progress_step(const char *what, size_t done, size_t total,
		       void *payload)
{
	cli_progress *p = payload;
	int percent = total ? (int)(done * 100 / total) : 100;

	if (!p->what)
		return;
	cli_progress_say(p, "analysis %d/%d: %s (%s%s%d%%)", p->stage,
			 p->nstages, p->what,
			 ends_with(p->what, what) ? "" : what,
			 ends_with(p->what, what) ? "" : " ", percent);
}
