/*
 * cmd_route.c - `agentdup route (FILE | --text TEXT) PATH...`: the agents
 * of a collection a request would be routed to, and how close the
 * runner-up comes.
 */
#include <stdlib.h>
#include <string.h>

#include "agentdup/report.h"
#include "agentdup/route.h"
#include "cli.h"
#include "probe.h"

#define STR_(x) #x
#define STR(x) STR_(x)

static const cli_opt route_opts[] = CLI_PROBE_OPTS(
	"how many agents to list (default " STR(AD_ROUTE_DEFAULT_K) ")",
	"the request as text rather than a FILE",
	"list only agents at or above cosine S (default 0)");

/* The request is the audit's last doc; a request FILE that is also in the
 * collection is not routed to itself. */
static int route_and_report(const ad_audit *au, uint32_t ri,
			    const char *const *paths, size_t npaths,
			    const cli_probe *p, void *ctx)
{
	ad_route_opts *o = ctx;
	ad_buf out = AD_BUF_INIT;
	ad_route r;
	int rc;

	if (!p->text)
		o->skip = ad_query_same_file(au, ri, paths, npaths,
					     p->args[0]);
	ad_route_request(&r, au, ri, o);
	if (strcmp(p->format, "json") == 0)
		ad_report_route_json(&out, au, &r);
	else {
		ad_report_route_text(&out, au, &r, cli_probe_color(p));
		ad_report_fit(&out, 0, cli_report_width(p->output));
	}
	rc = cli_probe_write(p, &out);
	ad_buf_dispose(&out);
	ad_route_dispose(&r);
	return rc;
}

static int cmd_route(int argc, char **argv)
{
	static const ad_route_opts defaults = AD_ROUTE_OPTS_INIT;
	ad_route_opts o = defaults;
	cli_probe p;
	int rc;

	cli_probe_init(&p, &cli_cmd_route, "request",
		       "no PATH to route to given");
	p.audit.until = AD_AUDIT_ROLES; /* clusters and roles, no plans */
	rc = cli_parse(&cli_cmd_route, argc, argv, cli_probe_arg, &p);
	if (rc == 0) {
		if (p.k)
			o.k = p.k;
		if (p.min_score >= 0.0)
			o.min_score = p.min_score;
		rc = cli_probe_run(&p, route_and_report, &o);
	}
	cli_probe_dispose(&p);
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
	"2 usage error (a FILE or PATH that does not exist); 3 the request\n"
	"FILE or some files of the collection\n"
	"could not be read; 4 failure (the report could not be written).",
	route_opts,
	sizeof(route_opts) / sizeof(*route_opts),
	cmd_route,
};
