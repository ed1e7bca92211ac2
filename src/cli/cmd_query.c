/*
 * cmd_query.c - `agentdup query FILE PATH...`: the agents of a collection
 * nearest to one agent, to check before writing it that it is not there.
 */
#include <stdlib.h>
#include <string.h>

#include "agentdup/report.h"
#include "cli.h"
#include "probe.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const cli_opt query_opts[] = CLI_PROBE_OPTS(
	"how many nearest agents to list (default " STR(AD_QUERY_DEFAULT_K) ")",
	"the query agent as text rather than a FILE",
	"list only agents at or above cosine S (default 0)");

/* The query is the audit's last doc; a query FILE that is also in the
 * collection is not its own neighbour. */
static int rank_and_report(const ad_audit *au, uint32_t qi,
			   const char *const *paths, size_t npaths,
			   const cli_probe *p, void *ctx)
{
	ad_query_opts *o = ctx;
	ad_buf out = AD_BUF_INIT;
	ad_query q;
	int rc;

	if (!p->text)
		o->skip = ad_query_same_file(au, qi, paths, npaths,
					     p->args[0]);
	ad_query_rank(&q, au, qi, o);
	if (strcmp(p->format, "json") == 0)
		ad_report_query_json(&out, au, &q);
	else {
		ad_report_query_text(&out, au, &q, cli_probe_color(p));
		ad_report_fit(&out, 0, cli_report_width(p->output));
	}
	rc = cli_probe_write(p, &out);
	ad_buf_dispose(&out);
	ad_query_dispose(&q);
	return rc;
}

static int cmd_query(int argc, char **argv)
{
	static const ad_query_opts defaults = AD_QUERY_OPTS_INIT;
	ad_query_opts o = defaults;
	cli_probe p;
	int rc;

	cli_probe_init(&p, &cli_cmd_query, "query", "no PATH to search given");
	p.audit.until = AD_AUDIT_VECTORS; /* no join, no group */
	rc = cli_parse(&cli_cmd_query, argc, argv, cli_probe_arg, &p);
	if (rc == 0) {
		if (p.k)
			o.k = p.k;
		if (p.min_score >= 0.0)
			o.min_score = p.min_score;
		rc = cli_probe_run(&p, rank_and_report, &o);
	}
	cli_probe_dispose(&p);
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
	"match, and the sections that align (every section of the query with\n"
	"every section of the agent, from a cosine of 0.3, on their words).\n"
	"Agents sharing no word with the query are never listed. Nothing is\n"
	"joined or grouped: a query costs reading the collection and one dot\n"
	"product per agent. A FILE that is also in the collection (the\n"
	"same file: device and inode) is not listed as its own neighbour.\n"
	"A PATH holding no agent file is warned about, with the --include\n"
	"that would take the files it holds.\n"
	"Exit status: 0 done (with or without neighbours); 2 usage error (a\n"
	"FILE or PATH that does not exist);\n"
	"3 the query FILE or some files of the collection could not be read;\n"
	"4 failure (the report could not be written).",
	query_opts,
	sizeof(query_opts) / sizeof(*query_opts),
	cmd_query,
};
