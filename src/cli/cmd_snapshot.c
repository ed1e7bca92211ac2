/*
 * cmd_snapshot.c - `agentdup snapshot PATH... --db FILE` and
 * `agentdup snapshot --git REPO --db FILE`: record a collection, or one
 * snapshot per commit of a git history, in a snapshot store; and
 * `agentdup snapshots --db FILE`: list what is recorded.
 *
 * Every file is read and hashed; only files whose content the store does
 * not hold yet are parsed (snapshot.h), so a second snapshot of an
 * unchanged collection reads and hashes, no more.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agentdup/escape.h"
#include "agentdup/snapshot.h"
#include "agentdup/store.h"
#include "cli.h"
#include "progress.h"
#include "shared.h"

enum { O_DB, O_LABEL, O_GIT, O_REV, O_MAX, O_INCLUDE, O_EXCLUDE,
       O_LANGUAGE, O_STOPWORDS, O_MAX_FILE_SIZE, O_FOLLOW_OUTSIDE, O_JOBS,
       O_QUIET };

static const cli_opt snapshot_opts[] = {
	[O_DB] = {"db", 0, CLI_VALUE, "FILE",
		  "the snapshot store (an SQLite file; created if missing)"},
	[O_LABEL] = {"label", 0, CLI_VALUE, "L",
		     "the snapshot's name (default: the time, UTC)"},
	[O_GIT] = {"git", 0, CLI_VALUE, "REPO",
		   "one snapshot per commit of the git repository REPO"},
	[O_REV] = {"rev", 0, CLI_VALUE, "RANGE",
		   "with --git: the commits to import (default HEAD)"},
	[O_MAX] = {"max", 0, CLI_VALUE, "N",
		   "with --git: only the N most recent of them"},
	CLI_OPT_INCLUDE(O_INCLUDE),
	CLI_OPT_EXCLUDE(O_EXCLUDE),
	CLI_OPT_LANGUAGE(O_LANGUAGE),
	CLI_OPT_STOPWORDS(O_STOPWORDS),
	CLI_OPT_MAX_FILE_SIZE(O_MAX_FILE_SIZE),
	CLI_OPT_FOLLOW_OUTSIDE(O_FOLLOW_OUTSIDE),
	CLI_OPT_JOBS(O_JOBS),
	[O_QUIET] = {"quiet", 'q', CLI_FLAG, "",
		     "no summary, progress or problems on stderr"},
};

typedef struct snap_args {
	const char **paths;
	size_t npaths;
	cli_input in;
	const char *db, *label, *git, *rev;
	size_t max;
	ad_load_opts load;
	int quiet;
	size_t problems; /* files that could not be read or parsed */
} snap_args;

static int on_max(snap_args *a, const char *v)
{
	double d;

	if (cli_number_opt(&cli_cmd_snapshot, v, 1, 1e9, &d, "max"))
		return -1;
	if (d != (double)(size_t)d) {
		cli_usage_error(&cli_cmd_snapshot, "--max: '%s' is not a whole "
			       "number", v);
		return -1;
	}
	a->max = (size_t)d;
	return 0;
}

static int on_arg(int opt, const char *v, void *payload)
{
	snap_args *a = payload;
	double d;

	switch (opt) {
	case -1: cli_push(&a->paths, &a->npaths, v); return 0;
	case O_DB: a->db = v; return 0;
	case O_LABEL: a->label = v; return 0;
	case O_GIT: a->git = v; return 0;
	case O_REV: a->rev = v; return 0;
	case O_MAX: return on_max(a, v);
	case O_INCLUDE: cli_push(&a->in.include, &a->in.ninclude, v); return 0;
	case O_EXCLUDE: cli_push(&a->in.exclude, &a->in.nexclude, v); return 0;
	case O_LANGUAGE: a->load.tokenizer.language = v; return 0;
	case O_STOPWORDS: a->in.stopwords_file = v; return 0;
	case O_MAX_FILE_SIZE:
		return cli_input_size(&a->in, &cli_cmd_snapshot, v);
	case O_FOLLOW_OUTSIDE: a->in.follow_outside = 1; return 0;
	case O_JOBS:
		if (cli_number_opt(&cli_cmd_snapshot, v, 1, 64, &d, "jobs"))
			return -1;
		a->load.jobs = (int)d;
		return 0;
	case O_QUIET: a->quiet = 1; return 0;
	}
	return -1;
}

static void on_diag(const ad_diag *d, void *payload)
{
	snap_args *a = payload;

	a->problems++;
	cli_progress_clear(cli_progress_stderr());
	if (!a->quiet)
		fprintf(stderr, "agentdup: %s: %s\n", d->path, d->msg);
}

/* Problems reading the collection: the files left out, and why. */
static void print_problems(const ad_collection *c, snap_args *a)
{
	size_t i;

	for (i = 0; i < c->nproblems; i++) {
		const ad_problem *p = &c->problems[i];
		ad_diag d = {p->severity, p->path, p->line, 0, p->msg};

		if (p->severity == AD_SEV_ERROR)
			on_diag(&d, a);
	}
}

/* The exit status of a run that failed with err, or went through with
 * some problems. */
static int exit_status(int rc, const ad_error *err, const snap_args *a)
{
	if (rc == 0)
		return a->problems ? AD_EXIT_INPUT : AD_EXIT_OK;
	if (err->code == AD_EINVAL && !a->git)
		return AD_EXIT_USAGE; /* the label is taken */
	if (err->code == AD_EINVAL || err->code == AD_ENOTFOUND)
		return AD_EXIT_INPUT; /* not a repository, no such revision */
	return AD_EXIT_FAILURE;
}

static int record_dir(ad_store *s, snap_args *a, double t0)
{
	ad_collection *c = NULL;
	ad_store_stats st;
	ad_error err = AD_ERROR_INIT;
	char label[32];
	int rc;

	if (!a->label)
		cli_default_label(label, sizeof(label));
	a->load.progress = cli_progress_files;
	a->load.progress_payload = cli_progress_stderr();
	rc = ad_snapshot_load(&c, s, a->paths, a->npaths, &a->load,
			      &err);
	if (rc == 0 && cli_no_agents(c, a->quiet, 1)) {
		print_problems(c, a);
		ad_collection_free(c);
		return AD_EXIT_EMPTY;
	}
	if (rc == 0) {
		print_problems(c, a);
		cli_progress_say(cli_progress_stderr(), "recording %zu agents",
				 c->ndocs);
		rc = ad_snapshot_record(&st, s, a->label ? a->label : label,
					NULL, c, &err);
	}
	cli_progress_stop(cli_progress_stderr());
	if (rc)
		fprintf(stderr, "agentdup: %s: %s\n", err.path[0] ? err.path
								   : a->db,
			err.msg);
	else if (!a->quiet)
		fprintf(stderr,
			"agentdup: snapshot %s: %s agents, %s new "
			"contents, %s reused, in %.2fs\n",
			a->label ? a->label : label, AD_COUNT(st.entries),
			AD_COUNT(st.blobs_new), AD_COUNT(st.blobs_reused),
			cli_now() - t0);
	ad_collection_free(c);
	return exit_status(rc, &err, a);
}

/* ---- --git ---- */

static void on_commit(const ad_commit *c, const char *label, size_t i,
		      size_t n, int skipped, void *payload)
{
	(void)payload;
	cli_progress_say(cli_progress_stderr(), "[%zu/%zu] %s %s%s", i + 1, n,
			 label, c->subject, skipped ? " (already recorded)" : "");
}

static void on_git_problem(const ad_commit *c, const ad_diag *d,
			   void *payload)
{
	const snap_args *a = payload;

	cli_progress_clear(cli_progress_stderr());
	if (!a->quiet)
		fprintf(stderr, "agentdup: %s: %s (commit %.12s)\n", d->path,
			d->msg, c->sha);
}

static int record_git(ad_store *s, snap_args *a, double t0)
{
	ad_snapshot_git_opts o = AD_SNAPSHOT_GIT_OPTS_INIT;
	ad_snapshot_git_stats st;
	ad_error err = AD_ERROR_INIT;
	int rc;

	/* a git child that dies must not take us with it */
	signal(SIGPIPE, SIG_IGN);
	o.range = a->rev;
	o.max = a->max;
	o.load = a->load;
	o.progress = on_commit;
	o.problem = on_git_problem;
	o.payload = a;
	rc = ad_snapshot_git(&st, s, a->git, &o, &err);
	cli_progress_stop(cli_progress_stderr());
	a->problems += st.problems;
	if (rc)
		fprintf(stderr, "agentdup: %s: %s\n",
			err.path[0] ? err.path : a->db, err.msg);
	if (!a->quiet && (rc == 0 || st.imported))
		fprintf(stderr,
			"agentdup: imported %s commit%s (%s skipped as "
			"already recorded), %s new contents, in %.2fs\n",
			AD_COUNT(st.imported), st.imported == 1 ? "" : "s",
			AD_COUNT(st.skipped), AD_COUNT(st.blobs_new),
			cli_now() - t0);
	return exit_status(rc, &err, a);
}

static int open_store(ad_store **s, const char *db)
{
	ad_error err = AD_ERROR_INIT;

	if (ad_store_open(s, db, &err) == 0)
		return 0;
	fprintf(stderr, "agentdup: %s: %s\n", db, err.msg);
	return AD_EXIT_INPUT;
}

/* What the command line lacks or combines wrongly, or NULL. */
static const char *misuse(const snap_args *a)
{
	if (!a->db)
		return "--db FILE is needed";
	if (a->git && a->npaths)
		return "--git REPO takes no PATH";
	if (a->git && a->label)
		return "--label is not allowed with --git (each commit is "
		       "labelled by its date and id)";
	if (!a->git && (a->rev || a->max))
		return "--rev and --max go with --git";
	if (!a->git && !a->npaths)
		return "no PATH given";
	if (a->label)
		return cli_label_misuse(a->label);
	return NULL;
}

static int cmd_snapshot(int argc, char **argv)
{
	static const ad_load_opts defaults = AD_LOAD_OPTS_INIT;
	double t0 = cli_now();
	ad_store *s = NULL;
	snap_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.load = defaults;
	rc = cli_parse(&cli_cmd_snapshot, argc, argv, on_arg, &a);
	if (rc == 0 && misuse(&a)) {
		cli_usage_error(&cli_cmd_snapshot, "%s", misuse(&a));
		rc = AD_EXIT_USAGE;
	}
	if (rc == 0)
		rc = cli_paths_exist(&cli_cmd_snapshot, a.paths, a.npaths);
	if (rc == 0)
		rc = cli_input_apply(&a.in, &a.load);
	cli_progress_on(a.quiet);
	if (rc == 0 && (rc = open_store(&s, a.db)) == 0)
		rc = a.git ? record_git(s, &a, t0) : record_dir(s, &a, t0);
	ad_store_close(s);
	free(a.paths);
	cli_input_dispose(&a.in);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_snapshot = {
	"snapshot",
	"Record a collection in a snapshot store.",
	"[options] --db FILE (PATH... | --git REPO)",
	"PATH is walked as by 'scan'. Each file is stored by content: a file\n"
	"whose content the store already holds is not parsed again, so a\n"
	"snapshot of an unchanged collection costs little more than reading\n"
	"it. One snapshot is one transaction: interrupted, it leaves the store\n"
	"as it was.\n"
	"\n"
	"--git REPO records instead one snapshot per commit of REPO (RANGE,\n"
	"as 'git log' takes it: HEAD by default) that changed an agent file,\n"
	"oldest first, reading the files through the git command with no\n"
	"checkout. Agent files are chosen as the walk of a checkout would\n"
	"choose them (--include, --exclude). A snapshot is labelled by the\n"
	"day of the commit and its id (2025-08-01_cb2878c5a1b2) and noted with\n"
	"the commit's id, date and subject; commits already recorded are\n"
	"skipped, so importing again adds only the new ones. --max N keeps\n"
	"the N most recent of the commits.\n"
	"\n"
	"A label is not empty, nor digits only ('drift' reads those as a\n"
	"snapshot's number, as 'agentdup snapshots' prints it).\n"
	"\n"
	"Exit status: 0 done; 2 usage error (a PATH that does not exist, an\n"
	"empty or all-digit label, or the label is taken); 3 done,\n"
	"but some files could not be read or parsed, or FILE is not a store\n"
	"(or one of a newer agentdup: it is left untouched), or REPO is not a\n"
	"git repository or RANGE names no commit; 4 failure; 5 no agent file\n"
	"under any PATH (nothing recorded).",
	snapshot_opts,
	sizeof(snapshot_opts) / sizeof(*snapshot_opts),
	cmd_snapshot,
};

/* ---- agentdup snapshots ---- */

enum { L_DB };

static const cli_opt list_opts[] = {
	[L_DB] = {"db", 0, CLI_VALUE, "FILE", "the snapshot store"},
};

static int on_list_arg(int opt, const char *v, void *payload)
{
	const char **db = payload;

	if (opt == L_DB) {
		*db = v;
		return 0;
	}
	cli_usage_error(&cli_cmd_snapshots, "unexpected '%s'", v);
	return -1;
}

/* One line: number, label, time, agents, and the note (a git import's
 * commit), which comes from outside and is escaped for the terminal. */
static void print_snapshot(const ad_store_snapshot *sn)
{
	ad_buf line = AD_BUF_INIT;

	ad_buf_printf(&line, "%3lld  ", (long long)sn->id);
	ad_escape_line(&line, sn->label);
	ad_buf_printf(&line, "%*s  %s  %zu agents",
		      (int)(strlen(sn->label) < 24 ? 24 - strlen(sn->label) : 0),
		      "", sn->created, sn->nagents);
	if (sn->note) {
		ad_buf_puts(&line, "  ");
		ad_escape_line(&line, sn->note);
	}
	puts(line.ptr);
	ad_buf_dispose(&line);
}

static int cmd_snapshots(int argc, char **argv)
{
	const char *db = NULL;
	ad_store *s = NULL;
	ad_store_snapshot *list = NULL;
	ad_error err = AD_ERROR_INIT;
	size_t n = 0, i;
	int rc = cli_parse(&cli_cmd_snapshots, argc, argv, on_list_arg, &db);

	if (rc == 0 && !db) {
		cli_usage_error(&cli_cmd_snapshots, "--db FILE is needed");
		rc = AD_EXIT_USAGE;
	}
	if (rc == 0 && (rc = cli_open_store_to_read(&s, db)) == 0 &&
	    ad_store_snapshots(&list, &n, s, &err) != 0) {
		fprintf(stderr, "agentdup: %s: %s\n", db, err.msg);
		rc = AD_EXIT_FAILURE;
	}
	for (i = 0; rc == 0 && i < n; i++)
		print_snapshot(&list[i]);
	if (rc == 0 && n == 0)
		printf("no snapshots in %s\n", db);
	ad_store_snapshots_free(list, n);
	ad_store_close(s);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_snapshots = {
	"snapshots",
	"List the snapshots of a store.",
	"--db FILE",
	"One line a snapshot, oldest first: its number, label, time (UTC) and\n"
	"how many agents it holds. 'drift' takes the number or the label.",
	list_opts,
	sizeof(list_opts) / sizeof(*list_opts),
	cmd_snapshots,
};
