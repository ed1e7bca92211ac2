/*
 * cmd_history.c - `agentdup history --db FILE AGENT`: one agent across
 * every snapshot of a store, from the store alone.
 *
 * The history (history.h) is the caller's until ad_history_free(); this
 * file owns it, the store handle and the output buffer, and frees all
 * three at the end of history().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/report.h"
#include "agentdup/store.h"
#include "cli.h"
#include "shared.h"

enum { O_DB, O_FORMAT, O_VERBOSE };

static const cli_opt history_opts[] = {
	[O_DB] = {"db", 0, CLI_VALUE, "FILE", "the snapshot store"},
	[O_FORMAT] = {"format", 'f', CLI_VALUE, "FMT",
		      "report format: text (default) or json"},
	[O_VERBOSE] = {"verbose", 'v', CLI_FLAG, "",
		       "text: every rule change, not the first 5 a version"},
};

typedef struct history_args {
	const char *db, *format, *agent;
	int verbose;
} history_args;

static int on_arg(int opt, const char *v, void *payload)
{
	history_args *a = payload;

	switch (opt) {
	case O_DB: a->db = v; return 0;
	case O_FORMAT: a->format = v; return 0;
	case O_VERBOSE: a->verbose = 1; return 0;
	case -1:
		if (!a->agent) {
			a->agent = v;
			return 0;
		}
		break;
	}
	cli_usage_error(&cli_cmd_history, "unexpected '%s'", v);
	return -1;
}

static int check_args(const history_args *a)
{
	if (!a->db) {
		cli_usage_error(&cli_cmd_history, "--db FILE is needed");
		return AD_EXIT_USAGE;
	}
	if (!a->agent || !*a->agent) {
		cli_usage_error(&cli_cmd_history, "AGENT is needed");
		return AD_EXIT_USAGE;
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0) {
		cli_usage_error(&cli_cmd_history,
				"unknown format '%s' (text, json)", a->format);
		return AD_EXIT_USAGE;
	}
	return 0;
}

static int history(const history_args *a)
{
	ad_error err = AD_ERROR_INIT;
	ad_store *s = NULL;
	ad_history *h = NULL;
	ad_buf out = AD_BUF_INIT;
	int rc;

	if ((rc = cli_open_store_to_read(&s, a->db)) != 0)
		return rc;
	if ((rc = ad_history_run(&h, s, a->agent, NULL, &err)) == 0) {
		if (strcmp(a->format, "json") == 0)
			ad_report_history_json(&out, h);
		else {
			ad_report_history_text(&out, h,
					      a->verbose ? 0
							 : AD_HISTORY_TEXT_RULES);
			ad_report_fit(&out, 0, cli_report_width(NULL));
		}
		rc = cli_write(NULL, out.ptr, out.len) ? AD_EXIT_FAILURE : 0;
	} else {
		fprintf(stderr, "agentdup: %s: %s\n", a->db, err.msg);
		rc = cli_store_exit(err.code);
	}
	ad_buf_dispose(&out);
	ad_history_free(h);
	ad_store_close(s);
	return rc;
}

static int cmd_history(int argc, char **argv)
{
	history_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.format = "text";
	rc = cli_parse(&cli_cmd_history, argc, argv, on_arg, &a);
	if (rc == 0)
		rc = check_args(&a);
	if (rc == 0)
		rc = history(&a);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_history = {
	"history",
	"Show one agent across all the snapshots of a store.",
	"--db FILE [-f text|json] [-v] AGENT",
	"AGENT is a path recorded in some snapshot, or else the end of a path\n"
	"(a file name, with or without .md) or a frontmatter name, matching\n"
	"one agent only. The agent is followed from the oldest snapshot to\n"
	"the newest, through moves (as 'drift' finds them). A line a snapshot:\n"
	"its label, the agent's state there (absent, added, unchanged,\n"
	"changed, moved, removed), path and content key, and against the\n"
	"previous version its drift (1 - cosine of the term counts) and the\n"
	"sections and rules added, removed and changed, then those changes.\n"
	"Exit status: 0 done; 2 usage error, or AGENT names several agents;\n"
	"3 FILE is not a store or holds no snapshot, or no agent is AGENT;\n"
	"4 failure.",
	history_opts,
	sizeof(history_opts) / sizeof(*history_opts),
	cmd_history,
};
