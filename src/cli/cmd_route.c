/*
 * cmd_route.c - `agentdup route (FILE | --text TEXT) PATH...`: the agents
 * of a collection a request would be routed to, and how close the
 * runner-up comes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/report.h"
#include "agentdup/route.h"
#include "cli.h"
#include "shared.h"

enum { O_K, O_TEXT, O_FORMAT, O_OUTPUT, O_MIN_SCORE, O_INCLUDE, O_EXCLUDE,
       O_LANGUAGE, O_STOPWORDS, O_JOBS, O_QUIET };

#define STR_(x) #x
#define STR(x) STR_(x)

/* The path a --text request is reported under. */
#define TEXT_PATH "(text)"

static const cli_opt route_opts[] = {
	[O_K] = {"top", 'k', CLI_VALUE, "N",
		 "how many agents to list (default " STR(AD_ROUTE_DEFAULT_K)
		 ")"},
	[O_TEXT] = {"text", 0, CLI_VALUE, "TEXT",
		    "the request as text rather than a FILE"},
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

typedef struct route_args {
	const char **args; /* FILE (without --text), then the PATHs */
	size_t nargs;
	cli_input in;
	const char *format, *output, *text;
	ad_audit_opts audit;
	ad_route_opts route;
	int quiet;
} route_args;

static int whole_number(const char *v, double lo, double hi, double *out,
			const char *name)
{
	if (cli_number(v, lo, hi, out) == 0 && *out == floor(*out))
		return 0;
	cli_usage_error(&cli_cmd_route, "--%s: '%s' is not a whole number "
			"in [%g, %g]", name, v, lo, hi);
	return -1;
}

static int on_arg(int opt, const char *v, void *payload)
{
	route_args *a = payload;
	double d;

	switch (opt) {
	case -1: cli_push(&a->args, &a->nargs, v); return 0;
	case O_K:
		if (whole_number(v, 1, 100000, &d, "top"))
			return -1;
		a->route.k = (size_t)d;
		return 0;
	case O_TEXT: a->text = v; return 0;
	case O_FORMAT: a->format = v; return 0;
	case O_OUTPUT: a->output = v; return 0;
	case O_MIN_SCORE:
		return cli_number_opt(&cli_cmd_route, v, 0.0, 1.0,
				      &a->route.min_score, "min-score");
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

static int check_args(route_args *a)
{
	size_t nfile = a->text ? 0 : 1;

	if (a->nargs < nfile + 1) {
		cli_usage_error(&cli_cmd_route, a->text || a->nargs
				? "no PATH to route to given"
				: "no request FILE (or --text) and no PATH given");
		return AD_EXIT_USAGE;
	}
	if (a->text && !*a->text) {
		cli_usage_error(&cli_cmd_route, "--text is empty");
		return AD_EXIT_USAGE;
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0) {
		cli_usage_error(&cli_cmd_route,
				"unknown format '%s' (text, json)", a->format);
		return AD_EXIT_USAGE;
	}
	return cli_input_apply(&a->in, &a->audit.load);
}

/* The request as an in-memory doc: the text given, or FILE read the way
 * the collection's files are (so empty and binary files are refused). */
static int load_request(ad_text *q, char **owned, const route_args *a)
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

static int report(const ad_audit *au, const ad_route *r,
		  const route_args *a)
{
	ad_buf out = AD_BUF_INIT;
	int rc, to_tty = !a->output || strcmp(a->output, "-") == 0;

	if (strcmp(a->format, "json") == 0)
		ad_report_route_json(&out, au, r);
	else
		ad_report_route_text(&out, au, r, to_tty && cli_color(stdout));
	rc = cli_write(a->output, out.ptr, out.len);
	ad_buf_dispose(&out);
	return rc;
}

/* The request comes last among the docs (texts follow the files); a
 * request FILE that is also in the collection is not routed to itself. */
static int route_and_report(const ad_audit *au, route_args *a,
			    const char *const *paths, size_t npaths)
{
	uint32_t ri = (uint32_t)au->collection->ndocs - 1;
	ad_route r;
	int rc;

	if (!a->text)
		a->route.skip = ad_query_same_file(au, ri, paths, npaths,
						   a->args[0]);
	ad_route_request(&r, au, ri, &a->route);
	rc = report(au, &r, a);
	ad_route_dispose(&r);
	return rc;
}

static int run(route_args *a)
{
	ad_error err = AD_ERROR_INIT;
	ad_audit *au = NULL;
	ad_text rt;
	char *owned;
	size_t skip = a->text ? 0 : 1;
	const char *const *paths = a->args + skip;
	int rc;

	if ((rc = check_args(a)) || (rc = load_request(&rt, &owned, a)))
		return rc;
	a->audit.load.texts = &rt;
	a->audit.load.ntexts = 1;
	if (ad_audit_run(&au, paths, a->nargs - skip, &a->audit, &err) != 0) {
		fprintf(stderr, "agentdup: %s\n", err.msg);
		free(owned);
		return err.code == AD_EINVAL ? AD_EXIT_USAGE : AD_EXIT_FAILURE;
	}
	if (!a->quiet)
		cli_print_problems(au, AD_SEV_WARNING);
	if (au->collection->ndocs ==
	    0) /* cannot be: the request text always parses */
		rc = AD_EXIT_FAILURE;
	else if (route_and_report(au, a, paths, a->nargs - skip))
		rc = AD_EXIT_FAILURE;
	else
		rc = au->collection->nskipped ? AD_EXIT_INPUT : AD_EXIT_OK;
	ad_audit_free(au);
	free(owned);
	return rc;
}

static int cmd_route(int argc, char **argv)
{
	static const ad_audit_opts audit_defaults = AD_AUDIT_OPTS_INIT;
	static const ad_route_opts route_defaults = AD_ROUTE_OPTS_INIT;
	route_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.audit = audit_defaults;
	a.route = route_defaults;
	a.format = "text";
	rc = cli_parse(&cli_cmd_route, argc, argv, on_arg, &a);
	if (rc == 0)
		rc = run(&a);
	free(a.args);
	cli_input_dispose(&a.in);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_route = {
	"route",
	"List the agents a request would be routed to, and the runner-up.",
	"[options] (FILE | --text TEXT) PATH...",
	"A runtime chooses the agent for a request by what it reads of each:\n"
	"its description (with the description's <example> blocks) and its\n"
	"name. The request (the text of FILE, or TEXT) is matched against that\n"
	"text of every agent with a description in the collection under PATH\n"
	"(folders walked as by 'scan', or files), by the cosine of TF-IDF\n"
	"vectors, best first: score, path, name and the terms that match. An\n"
	"agent sharing no term with the request, or without a description, is\n"
	"never listed. The runner-up is the best agent after the first that is\n"
	"not one of its variants (its cluster, as 'scan' finds them); an agent\n"
	"of the first's role group (one job, written apart) can be, and is\n"
	"marked. The request is ambiguous when the runner-up scores at least\n"
	STR(AD_ROUTE_AMBIGUOUS) " of the first's score.\n"
	"Exit status: 0 done (with or without a match, ambiguous or not);\n"
	"2 usage error; 3 the request FILE or some files of the collection\n"
	"could not be read; 4 failure (the report could not be written).",
	route_opts,
	sizeof(route_opts) / sizeof(*route_opts),
	cmd_route,
};
