/*
 * cmd_drift.c - `agentdup drift --db FILE [--from L1] [--to L2]`: what
 * changed between two snapshots of a store, from the store alone: agents,
 * and (from the stored texts, analysed again) clusters; with the timeline
 * of every snapshot on request, and always in the HTML page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/escape.h"
#include "agentdup/report.h"
#include "agentdup/store.h"
#include "cli.h"
#include "progress.h"
#include "shared.h"

enum { O_DB, O_FROM, O_TO, O_FORMAT, O_OUTPUT, O_TIMELINE, O_NO_CLUSTERS,
       O_JOBS };

static const cli_opt drift_opts[] = {
	[O_DB] = {"db", 0, CLI_VALUE, "FILE", "the snapshot store"},
	[O_FROM] = {"from", 0, CLI_VALUE, "L1",
		    "the older snapshot, by label or number (default: the "
		    "one before --to)"},
	[O_TO] = {"to", 0, CLI_VALUE, "L2",
		  "the newer snapshot, by label or number (default: the "
		  "last one)"},
	[O_FORMAT] = {"format", 'f', CLI_VALUE, "FMT",
		      "report format: text (default), json or html"},
	[O_OUTPUT] = {"output", 'o', CLI_VALUE, "FILE",
		      "write the report to FILE (default: standard output)"},
	[O_TIMELINE] = {"timeline", 0, CLI_FLAG, "",
			"add every snapshot's agents, clusters and mean "
			"drift (html: always)"},
	[O_NO_CLUSTERS] = {"no-clusters", 0, CLI_FLAG, "",
			   "skip clusters (they re-analyse each snapshot)"},
	[O_JOBS] = {"jobs", 'j', CLI_VALUE, "N",
		    "worker threads (default: one per CPU, at most 8)"},
};

typedef struct drift_args {
	const char *db, *format, *output;
	int timeline;
	ad_drift_opts opts;
} drift_args;

static int on_arg(int opt, const char *v, void *payload)
{
	drift_args *a = payload;
	double d;

	switch (opt) {
	case O_DB: a->db = v; return 0;
	case O_FROM:
	case O_TO:
		if (!*v) {
			cli_usage_error(&cli_cmd_drift, "--%s is empty",
					drift_opts[opt].name);
			return -1;
		}
		*(opt == O_FROM ? &a->opts.from : &a->opts.to) = v;
		return 0;
	case O_FORMAT: a->format = v; return 0;
	case O_OUTPUT: a->output = v; return 0;
	case O_TIMELINE: a->timeline = 1; return 0;
	case O_NO_CLUSTERS: a->opts.clusters = 0; return 0;
	case O_JOBS:
		if (cli_number_opt(&cli_cmd_drift, v, 1, 64, &d, "jobs"))
			return -1;
		a->opts.jobs = (int)d;
		return 0;
	}
	cli_usage_error(&cli_cmd_drift, "unexpected '%s'", v);
	return -1;
}

static int check_args(const drift_args *a)
{
	if (!a->db) {
		cli_usage_error(&cli_cmd_drift, "--db FILE is needed");
		return AD_EXIT_USAGE;
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0 &&
	    strcmp(a->format, "html") != 0) {
		cli_usage_error(&cli_cmd_drift,
				"unknown format '%s' (text, json, html)",
				a->format);
		return AD_EXIT_USAGE;
	}
	return 0;
}

/* Labels come from the store: escaped like any report. */
static void warn_reversed(const ad_drift *d)
{
	ad_buf b = AD_BUF_INIT;

	ad_buf_puts(&b, "agentdup: warning: --from ");
	ad_escape_line(&b, d->from);
	ad_buf_puts(&b, " was recorded after --to ");
	ad_escape_line(&b, d->to);
	ad_buf_puts(&b, ": the changes are shown backwards in time (swap them "
		       "to go forwards)");
	fprintf(stderr, "%s\n", b.ptr);
	ad_buf_dispose(&b);
}

static int drift(const drift_args *a)
{
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	ad_drift *d = NULL;
	ad_timeline_point *t = NULL;
	size_t nt = 0;
	ad_buf out = AD_BUF_INIT;
	int rc;

	if ((rc = cli_open_store_to_read(&s, a->db)) != 0)
		return rc;
	cli_progress_say(cli_progress_stderr(), "drift: comparing two snapshots");
	if ((rc = ad_drift_run(&d, s, &a->opts, &err)) == 0 && d->reversed) {
		cli_progress_clear(cli_progress_stderr());
		warn_reversed(d);
	}
	if (rc == 0 &&
	    (!a->timeline ||
	     (rc = ad_timeline_run(&t, &nt, s, &a->opts, &err)) == 0)) {
		cli_progress_stop(cli_progress_stderr());
		if (strcmp(a->format, "json") == 0)
			ad_report_drift_json(&out, d, t, nt);
		else if (strcmp(a->format, "html") == 0)
			ad_report_drift_html(&out, d, t, nt);
		else {
			ad_report_drift_text(&out, d, t, nt);
			ad_report_fit(&out, 0, cli_report_width(a->output));
		}
		rc = cli_write(a->output, out.ptr, out.len) ? AD_EXIT_FAILURE
							    : 0;
	} else {
		cli_progress_stop(cli_progress_stderr());
		fprintf(stderr, "agentdup: %s: %s\n", a->db, err.msg);
		rc = cli_store_exit(err.code);
	}
	ad_buf_dispose(&out);
	ad_timeline_free(t, nt);
	ad_drift_free(d);
	ad_store_close(s);
	return rc;
}

static int cmd_drift(int argc, char **argv)
{
	static const ad_drift_opts defaults = AD_DRIFT_OPTS_INIT;
	drift_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.opts = defaults;
	a.format = "text";
	rc = cli_parse(&cli_cmd_drift, argc, argv, on_arg, &a);
	if (rc == 0)
		rc = check_args(&a);
	if (rc == 0 && strcmp(a.format, "html") == 0)
		a.timeline = a.opts.texts = 1; /* the page compares versions */
	cli_progress_on(0);
	a.opts.progress = cli_progress_snapshots;
	a.opts.progress_payload = cli_progress_stderr();
	if (rc == 0)
		rc = drift(&a);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_drift = {
	"drift",
	"Show what changed between two snapshots of a store.",
	"--db FILE [--from L1] [--to L2] [-f text|json|html] [-o FILE]",
	"L1 and L2 are a snapshot's label, or its number as 'agentdup\n"
	"snapshots' prints it (a label made of digits wins). An --from\n"
	"recorded after --to is warned about on stderr and compared as given:\n"
	"the changes are shown backwards in time (added is what the older\n"
	"snapshot held).\n"
	"Agents added, removed, changed in place, and moved: a path gone and\n"
	"a path new with the same content (exact) or similar term counts\n"
	"(cosine above 0.5, a move with edits). For a changed or edited\n"
	"agent: a drift score (1 - cosine), sections added, removed and\n"
	"changed, rules added, removed and reworded, and frontmatter changes\n"
	"(tools and model flagged). Clusters: both snapshots are analysed\n"
	"again from their stored texts, as 'scan' would with its defaults,\n"
	"and clusters that formed, merged, split, dissolved or changed\n"
	"members are listed, with the members whose similarity to their\n"
	"canonical fell by 0.05 or more. --timeline adds one line a snapshot\n"
	"(agents, clusters, changes, mean drift); the HTML page draws it.\n"
	"Text lists at most 20 rule changes an agent; JSON all of them.\n"
	"Exit status: 0 done; 2 usage error or an unknown label or number\n"
	"(the error lists those there are); 3 the store\n"
	"holds fewer than two snapshots, or FILE is not a store; 4 failure\n"
	"(or the report could not be written).",
	drift_opts,
	sizeof(drift_opts) / sizeof(*drift_opts),
	cmd_drift,
};
