/*
 * probe.c - one text weighed with a collection, for query and route.
 *
 * The text joins the audit as an in-memory doc after the collection's
 * files, so it is weighed with them (the same vocabulary and idf) and is
 * always the last doc. A FILE is read the way the collection's files are,
 * so empty and binary files are refused with the same messages.
 */
#include "probe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/escape.h"
#include "progress.h"

/* The path a --text text is reported under. */
#define TEXT_PATH "(text)"

void cli_probe_init(cli_probe *p, const cli_cmd *cmd, const char *what,
		    const char *no_path)
{
	static const ad_audit_opts defaults = AD_AUDIT_OPTS_INIT;

	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->what = what;
	p->no_path = no_path;
	p->audit = defaults;
	p->format = "text";
	p->min_score = -1.0;
}

static int whole_number(const cli_probe *p, const char *v, double lo,
			double hi, double *out, const char *name)
{
	if (cli_number(v, lo, hi, out) == 0 && *out == floor(*out))
		return 0;
	cli_usage_error(p->cmd, "--%s: '%s' is not a whole number in [%g, %g]",
			name, v, lo, hi);
	return -1;
}

int cli_probe_arg(int opt, const char *v, void *payload)
{
	cli_probe *p = payload;
	double d;

	switch (opt) {
	case -1: cli_push(&p->args, &p->nargs, v); return 0;
	case CLI_PROBE_K:
		if (whole_number(p, v, 1, 100000, &d, "top"))
			return -1;
		p->k = (size_t)d;
		return 0;
	case CLI_PROBE_TEXT: p->text = v; return 0;
	case CLI_PROBE_FORMAT: p->format = v; return 0;
	case CLI_PROBE_OUTPUT: p->output = v; return 0;
	case CLI_PROBE_MIN_SCORE:
		return cli_number_opt(p->cmd, v, 0.0, 1.0, &p->min_score,
				      "min-score");
	case CLI_PROBE_INCLUDE:
		cli_push(&p->in.include, &p->in.ninclude, v);
		return 0;
	case CLI_PROBE_EXCLUDE:
		cli_push(&p->in.exclude, &p->in.nexclude, v);
		return 0;
	case CLI_PROBE_LANGUAGE: p->audit.load.tokenizer.language = v; return 0;
	case CLI_PROBE_STOPWORDS: p->in.stopwords_file = v; return 0;
	case CLI_PROBE_MAX_FILE_SIZE:
		return cli_input_size(&p->in, p->cmd, v);
	case CLI_PROBE_FOLLOW_OUTSIDE: p->in.follow_outside = 1; return 0;
	case CLI_PROBE_JOBS:
		if (whole_number(p, v, 1, 64, &d, "jobs"))
			return -1;
		p->audit.load.jobs = (int)d;
		return 0;
	case CLI_PROBE_CACHE: p->audit.load.cache = v; return 0;
	case CLI_PROBE_QUIET: p->quiet = 1; return 0;
	}
	return -1;
}

static int check_args(cli_probe *p)
{
	size_t nfile = p->text ? 0 : 1;
	int rc;

	if (p->nargs < nfile + 1) {
		if (p->text || p->nargs)
			cli_usage_error(p->cmd, "%s", p->no_path);
		else
			cli_usage_error(p->cmd, "no %s FILE (or --text) and no "
						"PATH given", p->what);
		return AD_EXIT_USAGE;
	}
	if (p->text && !*p->text) {
		cli_usage_error(p->cmd, "--text is empty");
		return AD_EXIT_USAGE;
	}
	if (strcmp(p->format, "text") != 0 && strcmp(p->format, "json") != 0) {
		cli_usage_error(p->cmd, "unknown format '%s' (text, json)",
				p->format);
		return AD_EXIT_USAGE;
	}
	if ((rc = cli_paths_exist(p->cmd, p->args, p->nargs)))
		return rc;
	return cli_input_apply(&p->in, &p->audit.load);
}

/* The text as an in-memory doc: --text, or FILE read as the collection's
 * files are. */
static int load_text(ad_text *t, char **owned, ad_buf *shown,
		     const cli_probe *p)
{
	ad_error err = AD_ERROR_INIT;

	*owned = NULL;
	memset(t, 0, sizeof(*t));
	t->uncached = 1; /* a cache keeps the collection, not the question */
	if (p->text) {
		t->path = TEXT_PATH;
		t->typed = 1;
		t->text = p->text;
		t->len = strlen(p->text);
		return 0;
	}
	if (ad_text_read(t, owned, p->args[0], &p->audit.load.corpus,
			 &err) != 0) {
		fprintf(stderr, "agentdup: %s: %s\n", err.path, err.msg);
		return AD_EXIT_INPUT;
	}
	ad_escape_path(shown, p->args[0]); /* shown as the walk's paths */
	t->path = shown->ptr;
	return 0;
}

int cli_probe_run(cli_probe *p, cli_probe_fn act, void *ctx)
{
	ad_error err = AD_ERROR_INIT;
	ad_buf shown = AD_BUF_INIT;
	ad_audit *au = NULL;
	ad_text t;
	char *owned;
	size_t skip = p->text ? 0 : 1;
	const char *const *paths = p->args + skip;
	int rc;

	if ((rc = check_args(p)) || (rc = load_text(&t, &owned, &shown, p))) {
		ad_buf_dispose(&shown);
		return rc;
	}
	p->audit.load.texts = &t;
	p->audit.load.ntexts = 1;
	cli_progress_on(p->quiet);
	p->audit.load.progress = cli_progress_files;
	p->audit.load.progress_payload = cli_progress_stderr();
	p->audit.stage = cli_progress_stage;
	p->audit.step = cli_progress_step;
	p->audit.stage_payload = cli_progress_stderr();
	rc = ad_audit_run(&au, paths, p->nargs - skip, &p->audit, &err);
	cli_progress_stop(cli_progress_stderr());
	if (rc != 0) {
		fprintf(stderr, "agentdup: %s\n", err.msg);
		free(owned);
		ad_buf_dispose(&shown);
		return err.code == AD_EINVAL ? AD_EXIT_USAGE : AD_EXIT_FAILURE;
	}
	if (!p->quiet)
		cli_print_problems(au, AD_SEV_WARNING, CLI_PROBLEMS_SHOWN,
				   "'agentdup scan -v' shows them all");
	if (au->collection->cache_error && !p->quiet)
		fprintf(stderr, "agentdup: warning: %s: %s\n",
			p->audit.load.cache, au->collection->cache_error);
	/* an empty collection is an answer here (no neighbours): said, not
	 * refused */
	cli_no_agents(au->collection, p->quiet, 0);
	if (au->collection->ndocs == 0) /* cannot be: the text always parses */
		rc = AD_EXIT_FAILURE;
	else if (act(au, (uint32_t)au->collection->ndocs - 1, paths,
		     p->nargs - skip, p, ctx))
		rc = AD_EXIT_FAILURE;
	else
		rc = au->collection->nskipped ? AD_EXIT_INPUT : AD_EXIT_OK;
	ad_audit_free(au);
	free(owned);
	ad_buf_dispose(&shown);
	return rc;
}

int cli_probe_write(const cli_probe *p, const ad_buf *out)
{
	return cli_write(p->output, out->ptr, out->len);
}

int cli_probe_color(const cli_probe *p)
{
	return (!p->output || strcmp(p->output, "-") == 0) && cli_color(stdout);
}

void cli_probe_dispose(cli_probe *p)
{
	free(p->args);
	cli_input_dispose(&p->in);
}
