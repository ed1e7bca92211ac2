/*
 * cmd_query.c - `agentdup query FILE PATH...`: the agents of a collection
 * nearest to one agent, to check before writing it that it is not there.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/report.h"
#include "cli.h"
#include "shared.h"

enum { O_K, O_TEXT, O_FORMAT, O_OUTPUT, O_MIN_SCORE, O_INCLUDE, O_EXCLUDE,
       O_LANGUAGE, O_STOPWORDS, O_JOBS, O_QUIET };

#define STR_(x) #x
#define STR(x) STR_(x)

/* The path a --text query is reported under. */
#define TEXT_PATH "(text)"

static const cli_opt query_opts[] = {
	[O_K] = {"top", 'k', CLI_VALUE, "N",
		 "how many nearest agents to list (default "
		 STR(AD_QUERY_DEFAULT_K) ")"},
	[O_TEXT] = {"text", 0, CLI_VALUE, "TEXT",
		    "the query agent as text rather than a FILE"},
	[O_FORMAT] = {"format", 'f', CLI_VALUE, "FMT",
		      "report format: text (default) or json"},
	[O_OUTPUT] = {"output", 'o', CLI_VALUE, "FILE",
		      "write the report to FILE instead of stdout"},
	[O_MIN_SCORE] = {"min-score", 0, CLI_VALUE, "S",
			 "list only agents at or above cosine S (default 0)"},
	CLI_OPT_INCLUDE(O_INCLUDE),
	CLI_OPT_EXCLUDE(O_EXCLUDE),
	CLI_OPT_LANGUAGE(O_LANGUAGE),
	CLI_OPT_STOPWORDS(O_STOPWORDS),
	CLI_OPT_JOBS(O_JOBS),
	[O_QUIET] = {"quiet", 'q', CLI_FLAG, "",
		     "no warnings or skipped files on stderr"},
};

typedef struct query_args {
	const char **args; /* FILE (without --text), then the PATHs */
	size_t nargs;
	cli_input in;
	const char *format, *output, *text;
	ad_audit_opts audit;
	ad_query_opts query;
	int quiet;
} query_args;

static int whole_number(const char *v, double lo, double hi, double *out,
			const char *name)
{
	if (cli_number(v, lo, hi, out) == 0 && *out == floor(*out))
		return 0;
	cli_usage_error(&cli_cmd_query, "--%s: '%s' is not a whole number "
			"in [%g, %g]", name, v, lo, hi);
	return -1;
}

static int on_arg(int opt, const char *v, void *payload)
{
	query_args *a = payload;
	double d;

	switch (opt) {
	case -1: cli_push(&a->args, &a->nargs, v); return 0;
	case O_K:
		if (whole_number(v, 1, 100000, &d, "top"))
			return -1;
		a->query.k = (size_t)d;
		return 0;
	case O_TEXT: a->text = v; return 0;
	case O_FORMAT: a->format = v; return 0;
	case O_OUTPUT: a->output = v; return 0;
	case O_MIN_SCORE:
		return cli_number_opt(&cli_cmd_query, v, 0.0, 1.0,
				      &a->query.min_score, "min-score");
	case O_INCLUDE: cli_push(&a->in.include, &a->in.ninclude, v); return 0;
	case O_EXCLUDE: cli_push(&a->in.exclude, &a->in.nexclude, v); return 0;
	case O_LANGUAGE: a->audit.load.tokenizer.language = v; return 0;
	case O_STOPWORDS: a->in.stopwords_file = v; return 0;
	case O_JOBS:
		if (whole_number(v, 1, 64, &d, "jobs"))
			return -1;
		a->audit.load.jobs = (int)d;
		return 0;
	case O_QUIET: a->quiet = 1; return 0;
	}
	return -1;
}

static int check_args(query_args *a)
{
	size_t nfile = a->text ? 0 : 1;

	if (a->nargs < nfile + 1) {
		cli_usage_error(&cli_cmd_query, a->text || a->nargs
				? "no PATH to search given"
				: "no query FILE (or --text) and no PATH given");
		return AD_EXIT_USAGE;
	}
	if (a->text && !*a->text) {
		cli_usage_error(&cli_cmd_query, "--text is empty");
		return AD_EXIT_USAGE;
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0) {
		cli_usage_error(&cli_cmd_query,
				"unknown format '%s' (text, json)", a->format);
		return AD_EXIT_USAGE;
	}
	return cli_input_apply(&a->in, &a->audit.load);
}

/* The query as an in-memory agent: the text given, or FILE read the way
 * the collection's files are (so empty and binary files are refused). */
static int load_query(ad_text *q, char **owned, const query_args *a)
{
	ad_error err = AD_ERROR_INIT;

	*owned = NULL;
	memset(q, 0, sizeof(*q));
	if (a->text) {
		q->path = TEXT_PATH;
		q->text = a->text;
		q->len = strlen(a->text);
		return 0;
	}
	if (ad_text_read(q, owned, a->args[0], &err) != 0) {
		fprintf(stderr, "agentdup: %s: %s\n", err.path, err.msg);
		return AD_EXIT_INPUT;
	}
	return 0;
}

static int report(const ad_audit *au, const ad_query *q,
		  const query_args *a)
{
	ad_buf out = AD_BUF_INIT;
	int rc, to_tty = !a->output || strcmp(a->output, "-") == 0;

	if (strcmp(a->format, "json") == 0)
		ad_report_query_json(&out, au, q);
	else
		ad_report_query_text(&out, au, q, to_tty && cli_color(stdout));
	rc = cli_write(a->output, out.ptr, out.len);
	ad_buf_dispose(&out);
	return rc;
}

/* The query comes last among the docs (texts follow the files) and
 * always parses; a query FILE that is also in the collection is not its
 * own neighbour. */
static int rank_and_report(const ad_audit *au, query_args *a,
			   const char *const *paths, size_t npaths)
{
	uint32_t qi = (uint32_t)au->collection->ndocs - 1;
	ad_query q;
	int rc;

	if (!a->text)
		a->query.skip = ad_query_same_file(au, qi, paths, npaths,
						   a->args[0]);
	ad_query_rank(&q, au, qi, &a->query);
	rc = report(au, &q, a);
	ad_query_dispose(&q);
	return rc;
}

static int run(query_args *a)
{
	ad_error err = AD_ERROR_INIT;
	ad_audit *au = NULL;
	ad_text qt;
	char *owned;
	size_t skip = a->text ? 0 : 1;
	const char *const *paths = a->args + skip;
	int rc;

	if ((rc = check_args(a)) || (rc = load_query(&qt, &owned, a)))
		return rc;
	a->audit.load.texts = &qt;
	a->audit.load.ntexts = 1;
	if (ad_audit_run(&au, paths, a->nargs - skip, &a->audit, &err) != 0) {
		fprintf(stderr, "agentdup: %s\n", err.msg);
		free(owned);
		return err.code == AD_EINVAL ? AD_EXIT_USAGE : AD_EXIT_FAILURE;
	}
	if (!a->quiet)
		cli_print_problems(au, AD_SEV_WARNING);
	if (au->collection->ndocs ==
	    0) /* cannot be: the query text always parses */
		rc = AD_EXIT_FAILURE;
	else if (rank_and_report(au, a, paths, a->nargs - skip))
		rc = AD_EXIT_FAILURE;
	else
		rc = au->collection->nskipped ? AD_EXIT_INPUT : AD_EXIT_OK;
	ad_audit_free(au);
	free(owned);
	return rc;
}

static int cmd_query(int argc, char **argv)
{
	static const ad_audit_opts audit_defaults = AD_AUDIT_OPTS_INIT;
	static const ad_query_opts query_defaults = AD_QUERY_OPTS_INIT;
	query_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.audit = audit_defaults;
	a.query = query_defaults;
	a.format = "text";
	rc = cli_parse(&cli_cmd_query, argc, argv, on_arg, &a);
	if (rc == 0)
		rc = run(&a);
	free(a.args);
	cli_input_dispose(&a.in);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_query = {
	"query",
	"List the agents of a collection nearest to a new agent.",
	"[options] (FILE | --text TEXT) PATH...",
	"Before writing an agent, check whether the collection has it already.\n"
	"The query (an agent file, or its text with --text) is weighed with the\n"
	"collection under PATH (folders walked as by 'scan', or files), and the\n"
	"collection's agents are listed by the cosine of their TF-IDF vectors\n"
	"to it, best first: score, path, name, the words that weigh most in the\n"
	"match, and the sections that align. Agents sharing no word with the\n"
	"query are never listed. A FILE that is also in the collection (the\n"
	"same file: device and inode) is not listed as its own neighbour.\n"
	"Exit status: 0 done (with or without neighbours); 2 usage error;\n"
	"3 the query FILE or some files of the collection could not be read;\n"
	"4 failure (the report could not be written).",
	query_opts,
	sizeof(query_opts) / sizeof(*query_opts),
	cmd_query,
};
