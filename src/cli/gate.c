/*
 * gate.c - the policies of `scan`, and its baselines.
 */
#include "gate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/baseline.h"
#include "agentdup/escape.h"
#include "cli.h"

static int write_baseline(const char *path, const ad_audit *au)
{
	ad_buf b = AD_BUF_INIT;
	int rc;

	ad_baseline_write(&b, au);
	rc = cli_write(path, b.ptr, b.len);
	ad_buf_dispose(&b);
	return rc ? AD_EXIT_FAILURE : AD_EXIT_OK;
}

static int load_baseline(ad_baseline **b, const char *path, size_t max)
{
	ad_buf text = AD_BUF_INIT;
	ad_error err = AD_ERROR_INIT;
	int rc = AD_EXIT_OK;

	if (ad_buf_read_file(&text, path, max, &err) != 0) {
		fprintf(stderr, "agentdup: %s: baseline: %s\n", path, err.msg);
		rc = AD_EXIT_INPUT;
	} else if (ad_baseline_load(b, text.ptr, text.len, &err) != 0) {
		/* the message names the line */
		fprintf(stderr, "agentdup: %s: bad baseline: %s\n", path,
			err.msg);
		rc = AD_EXIT_INPUT;
	} else if (ad_baseline_version(*b) < AD_BASELINE_VERSION) {
		fprintf(stderr, "agentdup: warning: %s: baseline format %d "
			"names rules by a 64-bit hash that a crafted file can "
			"match; write it again with --write-baseline\n", path,
			ad_baseline_version(*b));
	}
	ad_buf_dispose(&text);
	return rc;
}

/* One finding, on one line: file text is escaped like any report. */
static void say_finding(ad_buf *b, const ad_finding *f)
{
	ad_buf_puts(b, "agentdup: new: ");
	ad_escape_line(b, f->path);
	if (f->kind == AD_FINDING_LINK) {
		unsigned k;
		int first = 1;

		ad_buf_puts(b, " ~ ");
		ad_escape_line(b, f->other);
		ad_buf_printf(b, ": linked (cosine %.3f;", f->score);
		for (k = 1; k < 1u << AD_LINK_NKINDS; k <<= 1)
			if (f->links & k) {
				ad_buf_printf(b, "%s%s", first ? " " : ", ",
					      ad_link_kind_name(k));
				first = 0;
			}
		ad_buf_puts(b, ")\n");
		return;
	}
	ad_buf_printf(b, ":%d: ", f->line);
	if (f->known)
		ad_buf_printf(b, "rule copied from %u other agent%s: ", f->known,
			      f->known == 1 ? "" : "s");
	else
		ad_buf_printf(b, "rule newly shared by %u agents: ", f->nagents);
	ad_escape_line(b, f->text);
	ad_buf_putc(b, '\n');
}

/* What the audit has that the baseline lacks, on stderr; the count. */
static size_t compare(const char *path, size_t max, const ad_audit *au,
		      int quiet, int *rc)
{
	ad_baseline *b = NULL;
	ad_finding *f = NULL;
	ad_buf msg = AD_BUF_INIT;
	size_t n = 0, i;

	if ((*rc = load_baseline(&b, path, max)) != AD_EXIT_OK)
		return 0;
	ad_baseline_new(&f, &n, b, au);
	for (i = 0; !quiet && i < n; i++)
		say_finding(&msg, &f[i]);
	if (!quiet)
		ad_buf_printf(&msg, "agentdup: %zu new finding%s against %s\n",
			      n, n == 1 ? "" : "s", path);
	fputs(msg.ptr, stderr);
	ad_buf_dispose(&msg);
	free(f);
	ad_baseline_free(b);
	return n;
}

/* Linked pairs at or above the policy's score. */
static size_t above(double score, const ad_audit *au, int quiet)
{
	size_t i, n = 0;

	for (i = 0; i < au->links.n; i++)
		n += au->links.list[i].score >= score;
	if (n && !quiet)
		fprintf(stderr,
			"agentdup: %zu linked pair%s at or above cosine %.2f "
			"(--fail-above)\n", n, n == 1 ? "" : "s", score);
	return n;
}

int cli_gate_run(const cli_gate *g, const ad_audit *au)
{
	int rc = AD_EXIT_OK, fail = 0;

	if (g->baseline) {
		size_t n = compare(g->baseline, g->max_size, au, g->quiet,
				   &rc);

		if (rc != AD_EXIT_OK)
			return rc;
		fail |= g->fail_on_new && n > 0;
	}
	if (g->write_baseline &&
	    (rc = write_baseline(g->write_baseline, au)) != AD_EXIT_OK)
		return rc;
	if (g->fail_above >= 0.0)
		fail |= above(g->fail_above, au, g->quiet) > 0;
	return fail ? AD_EXIT_FINDINGS : AD_EXIT_OK;
}
