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

#define DETAIL_SHOWN 10 /* rule lines under a new link */

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
			"names agents by path%s, so a renamed file is new; "
			"write it again with --write-baseline\n", path,
			ad_baseline_version(*b),
			ad_baseline_version(*b) == 1
				? " and rules by a 64-bit hash that a crafted "
				  "file can match"
				: "");
	}
	ad_buf_dispose(&text);
	return rc;
}

/* A rule finding's text: file text is escaped like any report. */
static void say_rule(ad_buf *b, const ad_finding *f)
{
	ad_escape_line(b, f->path);
	ad_buf_printf(b, ":%d: ", f->line);
	if (f->known)
		ad_buf_printf(b, "rule copied from %s other agent%s: ",
			      AD_COUNT(f->known), f->known == 1 ? "" : "s");
	else
		ad_buf_printf(b, "rule newly shared by %s agents: ",
			      AD_COUNT(f->nagents));
	ad_escape_line(b, f->text);
	ad_buf_putc(b, '\n');
}

/* One finding on one line; the detail of a link indented under it. */
static void say_finding(ad_buf *b, const ad_finding *f)
{
	unsigned k;
	int first = 1;

	if (f->detail) {
		ad_buf_puts(b, "agentdup:   ");
		say_rule(b, f);
		return;
	}
	ad_buf_puts(b, "agentdup: new: ");
	if (f->kind == AD_FINDING_RULE) {
		say_rule(b, f);
		return;
	}
	ad_escape_line(b, f->path);
	ad_buf_puts(b, " ~ ");
	ad_escape_line(b, f->other);
	ad_buf_printf(b, ": %s (cosine %.3f;", f->copy ? "a copy" : "linked",
		      f->score);
	for (k = 1; k < 1u << AD_LINK_NKINDS; k <<= 1)
		if (f->links & k) {
			ad_buf_printf(b, "%s%s", first ? " " : ", ",
				      ad_link_kind_name(k));
			first = 0;
		}
	ad_buf_putc(b, ')');
	if (f->ndetail)
		ad_buf_printf(b, ", %s shared rule%s", AD_COUNT(f->ndetail),
			      f->ndetail == 1 ? "" : "s");
	ad_buf_putc(b, '\n');
}

/* A finding and its detail: none under a copy (every rule of a copy is
 * repeated), the first DETAIL_SHOWN under another link. */
static void say_new(ad_buf *b, const ad_finding *f)
{
	size_t n = f->copy ? 0 : f->ndetail, i;

	say_finding(b, f);
	for (i = 1; i <= n && i <= DETAIL_SHOWN; i++)
		say_finding(b, &f[i]);
	if (n > DETAIL_SHOWN)
		ad_buf_printf(b, "agentdup:   and %s more\n",
			      AD_COUNT(n - DETAIL_SHOWN));
}

/* A link record fixed or stale; for a stale one, its first agent is the
 * one that changed. */
static void say_link_entry(ad_buf *b, const ad_baseline_entry *e,
			   int stale)
{
	ad_buf_printf(b, "agentdup: %s: ", stale ? "stale" : "fixed");
	ad_escape_line(b, e->path);
	ad_buf_puts(b, " ~ ");
	ad_escape_line(b, e->other);
	if (!stale) {
		ad_buf_puts(b, ": no longer linked\n");
		return;
	}
	ad_buf_puts(b, ": still linked, but ");
	ad_escape_line(b, e->path);
	ad_buf_puts(b, " changed since the baseline\n");
}

/* Records of the baseline that are fixed or stale: a line per link, a
 * line per agent for its rules. Returns how many entries it told. */
static size_t say_entry(ad_buf *b, const ad_baseline_entry *e, size_t n,
			int stale)
{
	size_t j = 1;

	if (e->kind == AD_FINDING_LINK) {
		say_link_entry(b, e, stale);
		return 1;
	}
	while (j < n && e[j].kind == AD_FINDING_RULE &&
	       strcmp(e[j].path, e->path) == 0)
		j++;
	ad_buf_printf(b, "agentdup: %s: ", stale ? "stale" : "fixed");
	ad_escape_line(b, e->path);
	ad_buf_printf(b, ": %s shared rule%s %s\n", AD_COUNT(j),
		      j == 1 ? "" : "s",
		      stale ? "still shared, but the file changed since the "
			      "baseline"
			    : "no longer shared");
	return j;
}

static void say_entries(ad_buf *b, const ad_baseline_entry *e, size_t n,
			int stale)
{
	size_t i;

	for (i = 0; i < n;)
		i += say_entry(b, e + i, n - i, stale);
}

/* What the audit has that the baseline lacks, and what the baseline has
 * that is fixed or stale, on stderr; the count of new findings. */
static size_t compare(const char *path, size_t max, const ad_audit *au,
		      int quiet, int *rc)
{
	ad_baseline *b = NULL;
	ad_baseline_diff d;
	ad_buf msg = AD_BUF_INIT;
	size_t n, i;

	if ((*rc = load_baseline(&b, path, max)) != AD_EXIT_OK)
		return 0;
	ad_baseline_diff_run(&d, b, au);
	n = d.nnew;
	if (!quiet) {
		for (i = 0; i < d.nfound; i += 1 + d.found[i].ndetail)
			say_new(&msg, &d.found[i]);
		say_entries(&msg, d.fixed, d.nfixed, 0);
		say_entries(&msg, d.stale, d.nstale, 1);
		ad_buf_printf(&msg, "agentdup: %s new finding%s against %s\n",
			      AD_COUNT(n), n == 1 ? "" : "s", path);
		ad_buf_printf(&msg, "agentdup: %s fixed and %s stale "
			      "baseline record%s in %s%s\n", AD_COUNT(d.nfixed),
			      AD_COUNT(d.nstale),
			      d.nfixed + d.nstale == 1 ? "" : "s",
			      path, d.nfixed + d.nstale ? " (write it again "
			      "to renew it)" : "");
		fputs(msg.ptr, stderr);
	}
	ad_buf_dispose(&msg);
	ad_baseline_diff_dispose(&d);
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
			"agentdup: %s linked pair%s at or above cosine %.2f "
			"(--fail-above)\n", AD_COUNT(n), n == 1 ? "" : "s",
			score);
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
