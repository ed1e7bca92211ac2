/*
 * cmd_compare.c - `agentdup compare A B`: one agent against another.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agentdup/escape.h"
#include "agentdup/report.h"
#include "cli.h"
#include "shared.h"

enum { O_FORMAT, O_OUTPUT, O_RULE_T, O_LANGUAGE, O_STOPWORDS,
       O_MAX_FILE_SIZE, O_QUIET };

#define STR_(x) #x
#define STR(x) STR_(x)

static const cli_opt compare_opts[] = {
	[O_FORMAT] = {"format", 'f', CLI_VALUE, "FMT",
		      "report format: text (default) or json"},
	[O_OUTPUT] = {"output", 'o', CLI_VALUE, "FILE",
		      "write the report to FILE instead of stdout"},
	[O_RULE_T] = {"rule-threshold", 0, CLI_VALUE, "T",
		      "cosine at which two rules say the same thing "
		      "(default " STR(AD_DEFAULT_RULE_THRESHOLD) ")"},
	CLI_OPT_LANGUAGE(O_LANGUAGE),
	CLI_OPT_STOPWORDS(O_STOPWORDS),
	CLI_OPT_MAX_FILE_SIZE(O_MAX_FILE_SIZE),
	[O_QUIET] = {"quiet", 'q', CLI_FLAG, "",
		     "no warnings about A and B on stderr"},
};

typedef struct compare_args {
	const char **paths;
	size_t npaths;
	cli_input in; /* --stopwords and --max-file-size only */
	const char *format, *output;
	ad_audit_opts audit;
	int quiet;
} compare_args;

static int on_arg(int opt, const char *v, void *payload)
{
	compare_args *a = payload;
	const cli_cmd *cmd = &cli_cmd_compare;

	switch (opt) {
	case -1: cli_push(&a->paths, &a->npaths, v); return 0;
	case O_FORMAT: a->format = v; return 0;
	case O_OUTPUT: a->output = v; return 0;
	case O_RULE_T:
		return cli_number_opt(cmd, v, 0.01, 1.0,
				      &a->audit.rule_threshold,
				      "rule-threshold");
	case O_LANGUAGE: a->audit.load.tokenizer.language = v; return 0;
	case O_STOPWORDS: a->in.stopwords_file = v; return 0;
	case O_MAX_FILE_SIZE: return cli_input_size(&a->in, cmd, v);
	case O_QUIET: a->quiet = 1; return 0;
	}
	return -1;
}

/* Folders and twice the same file are usage errors; a missing file is
 * left to the audit, which says why it cannot be read. */
static int check_files(const compare_args *a)
{
	struct stat sa, sb;
	int ha = stat(a->paths[0], &sa) == 0, hb = stat(a->paths[1], &sb) == 0;

	if ((ha && S_ISDIR(sa.st_mode)) || (hb && S_ISDIR(sb.st_mode))) {
		cli_usage_error(&cli_cmd_compare, "'%s' is a folder, not an "
				"agent file",
				a->paths[ha && S_ISDIR(sa.st_mode) ? 0 : 1]);
		return AD_EXIT_USAGE;
	}
	if (ha && hb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino) {
		cli_usage_error(&cli_cmd_compare, "'%s' and '%s' are one file",
				a->paths[0], a->paths[1]);
		return AD_EXIT_USAGE;
	}
	return 0;
}

static int check_args(compare_args *a)
{
	int rc;

	if (a->npaths != 2) {
		cli_usage_error(&cli_cmd_compare,
				"need two agent files, A and B (got %zu)",
				a->npaths);
		return AD_EXIT_USAGE;
	}
	if (strcmp(a->format, "text") != 0 && strcmp(a->format, "json") != 0) {
		cli_usage_error(&cli_cmd_compare,
				"unknown format '%s' (text, json)", a->format);
		return AD_EXIT_USAGE;
	}
	if ((rc = cli_paths_exist(&cli_cmd_compare, a->paths, 2)) ||
	    (rc = check_files(a)))
		return rc;
	if ((rc = cli_input_apply(&a->in, &a->audit.load)))
		return rc;
	/* two files: threads would only cost */
	a->audit.load.jobs = 1;
	a->audit.align_all = 1; /* two agents: compare all their sections */
	return 0;
}

/* The agent read from the file given as path, or -1: the input whose
 * root it is (its path as reported may be normalised: README, "Paths"). */
static long find_doc(const ad_audit *au, const char *path)
{
	const ad_collection *c = au->collection;
	size_t i, d = 0;

	for (i = 0; i < c->ninputs; i++) {
		const ad_input *in = &c->inputs[i];

		if (!in->doc)
			continue;
		if (in->root && strcmp(in->root, path) == 0)
			return (long)d;
		d++;
	}
	return -1;
}

static int report(const ad_audit *au, uint32_t ia, uint32_t ib,
		  const compare_args *a)
{
	ad_compare c;
	ad_buf out = AD_BUF_INIT;
	int rc, to_tty = !a->output || strcmp(a->output, "-") == 0;

	ad_compare_build(&c, au, ia, ib);
	if (strcmp(a->format, "json") == 0)
		ad_report_compare_json(&out, au, &c);
	else {
		ad_report_compare_text(&out, au, &c,
				       to_tty && cli_color(stdout));
		ad_report_fit(&out, 0, cli_report_width(a->output));
	}
	rc = cli_write(a->output, out.ptr, out.len) ? AD_EXIT_FAILURE
						    : AD_EXIT_OK;
	ad_buf_dispose(&out);
	ad_compare_dispose(&c);
	return rc;
}

static int run(compare_args *a)
{
	ad_error err = AD_ERROR_INIT;
	ad_audit *au = NULL;
	long ia, ib;
	int rc;

	if ((rc = check_args(a)))
		return rc;
	if (ad_audit_run(&au, a->paths, 2, &a->audit, &err) != 0) {
		fprintf(stderr, "agentdup: %s\n", err.msg);
		return err.code == AD_EINVAL ? AD_EXIT_USAGE : AD_EXIT_FAILURE;
	}
	/* why A or B is missing is said even when quiet */
	cli_print_problems(au, a->quiet ? AD_SEV_ERROR : AD_SEV_WARNING,
			   SIZE_MAX, NULL);
	ia = find_doc(au, a->paths[0]);
	ib = find_doc(au, a->paths[1]);
	if (au->collection->nskipped) { /* the problems above say why */
		fprintf(stderr, "agentdup compare: %s could not be read\n",
			ia < 0 ? (ib < 0 ? "A and B" : "A") : "B");
		rc = AD_EXIT_INPUT;
	} else if (ia < 0 || ib < 0 || ia == ib) { /* changed under us */
		fprintf(stderr, "agentdup: cannot tell '%s' from '%s'\n",
			a->paths[0], a->paths[1]);
		rc = AD_EXIT_FAILURE;
	} else {
		rc = report(au, (uint32_t)ia, (uint32_t)ib, a);
	}
	ad_audit_free(au);
	return rc;
}

static int cmd_compare(int argc, char **argv)
{
	static const ad_audit_opts defaults = AD_AUDIT_OPTS_INIT;
	compare_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.audit = defaults;
	a.format = "text";
	rc = cli_parse(&cli_cmd_compare, argc, argv, on_arg, &a);
	if (rc == 0)
		rc = run(&a);
	free(a.paths);
	cli_input_dispose(&a.in);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_compare = {
	"compare",
	"Compare one agent file with another.",
	"[options] A B",
	"A and B are agent files (Markdown with a YAML frontmatter). The report\n"
	"gives the cosine of the two agents; the frontmatter keys whose values\n"
	"differ or that one side lacks (lists such as tools compared as sets);\n"
	"the sections aligned one to one (every pair compared, from a cosine\n"
	"of 0.3), with the words that weigh most in each match, and the\n"
	"sections without counterpart; the rules the two share (in the same\n"
	"or other words, with both wordings) and the rules of one side only.\n"
	"Scores are cosines of TF-IDF vectors weighed over the two files.\n"
	"Exit status: 0 done; 2 usage error (A or B does not exist); 3 A or B\n"
	"could not be read;\n"
	"4 failure (the report could not be written).",
	compare_opts,
	sizeof(compare_opts) / sizeof(*compare_opts),
	cmd_compare,
};
