/*
 * cmd_scan.c - `agentdup scan PATH...`: audit a collection.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "agentdup/audit.h"
#include "agentdup/report.h"
#include "agentdup/snapshot.h"
#include "cli.h"
#include "gate.h"
#include "progress.h"
#include "shared.h"

enum { O_FORMAT, O_OUTPUT, O_THRESHOLD, O_SECTION_T, O_RULE_T, O_LINKS,
       O_NO_ROLES, O_FAIL_ABOVE, O_BASELINE, O_FAIL_ON_NEW, O_WRITE_BASELINE,
       O_PREFER, O_INCLUDE, O_EXCLUDE, O_LANGUAGE,
       O_STOPWORDS, O_MAX_FILE_SIZE, O_FOLLOW_OUTSIDE, O_JOBS, O_QUIET,
       O_VERBOSE, O_TOP, O_OUTLINE, O_STATS, O_DB, O_LABEL, O_CACHE,
       O_DETAIL, O_SARIF_ROOT, O_KINDS };


#define STR_(x) #x
#define STR(x) STR_(x)

static const cli_opt scan_opts[] = {
	[O_FORMAT] = {"format", 'f', CLI_VALUE, "FMT",
		      "report format: text (default), json, html, markdown, "
		      "sarif or csv (linked pairs)"},
	[O_OUTPUT] = {"output", 'o', CLI_VALUE, "FILE",
		      "write the report to FILE instead of stdout"},
	[O_THRESHOLD] = {"threshold", 't', CLI_VALUE, "T",
			 "cosine at which two agents' bodies link them "
			 "(default " STR(AD_DEFAULT_THRESHOLD) ")"},
	[O_SECTION_T] = {"section-threshold", 0, CLI_VALUE, "T",
			 "cosine at which two sections align (default "
			 STR(AD_DEFAULT_SECTION_THRESHOLD) ")"},
	[O_RULE_T] = {"rule-threshold", 0, CLI_VALUE, "T",
		      "cosine at which two rules say the same thing "
		      "(default " STR(AD_DEFAULT_RULE_THRESHOLD) ")"},
	[O_LINKS] = {"links", 0, CLI_VALUE, "KINDS",
		     "evidence that links two agents, comma-separated: body "
		     "(cosine >= T), name, contained, outline, version "
		     "(default: all)"},
	[O_NO_ROLES] = {"no-roles", 0, CLI_FLAG, "",
			"leave out role groups (agents that do one job, "
			"written apart)"},
	[O_FAIL_ABOVE] = {"fail-above", 0, CLI_VALUE, "S",
			  "exit 1 when two agents are linked at cosine S or "
			  "more"},
	[O_BASELINE] = {"baseline", 0, CLI_VALUE, "FILE",
			"list what is new, fixed and stale against the "
			"baseline FILE on stderr"},
	[O_FAIL_ON_NEW] = {"fail-on-new", 0, CLI_FLAG, "",
			   "with --baseline: exit 1 when something is new"},
	[O_WRITE_BASELINE] = {"write-baseline", 0, CLI_VALUE, "FILE",
			      "record this scan's duplication in FILE"},
	[O_PREFER] = {"prefer", 0, CLI_LIST, "GLOB",
		      "in a cluster with members whose path matches GLOB, "
		      "keep one of those (repeatable)"},
	CLI_OPT_INCLUDE(O_INCLUDE),
	CLI_OPT_EXCLUDE(O_EXCLUDE),
	CLI_OPT_LANGUAGE(O_LANGUAGE),
	CLI_OPT_STOPWORDS(O_STOPWORDS),
	CLI_OPT_MAX_FILE_SIZE(O_MAX_FILE_SIZE),
	CLI_OPT_FOLLOW_OUTSIDE(O_FOLLOW_OUTSIDE),
	CLI_OPT_JOBS(O_JOBS),
	[O_QUIET] = {"quiet", 'q', CLI_FLAG, "",
		     "no diagnostics or progress on stderr"},
	[O_VERBOSE] = {"verbose", 'v', CLI_FLAG, "",
		       "text and Markdown reports: every list in full; "
		       "stderr: every problem"},
	[O_TOP] = {"top", 0, CLI_VALUE, "N",
		   "text report: the first N of every list (default: one "
		   "screen)"},
	[O_OUTLINE] = {"outline", 0, CLI_FLAG, "",
		       "list each agent's sections and rules in the report"},
	[O_STATS] = {"stats", 0, CLI_FLAG, "",
		     "print each stage's counts and timings, and peak memory, on stderr"},
	[O_DB] = {"db", 0, CLI_VALUE, "FILE",
		  "also record the collection as a snapshot in this store"},
	[O_LABEL] = {"label", 0, CLI_VALUE, "L",
		     "the snapshot's name (default: the time, UTC)"},
	[O_CACHE] = {"cache", 0, CLI_VALUE, "FILE",
		     "keep parsed files in FILE; the next scan parses only "
		     "what changed"},
	[O_DETAIL] = {"detail", 0, CLI_VALUE, "LEVEL",
		      "JSON report: summary (default; long lists cut, with "
		      "counts) or full (every list whole)"},
	[O_SARIF_ROOT] = {"sarif-root", 0, CLI_VALUE, "DIR",
			  "SARIF report: URIs relative to DIR (default: the "
			  "git work tree holding PATH, else the current "
			  "folder)"},
	[O_KINDS] = {"kinds", 0, CLI_VALUE, "KINDS",
		     "SARIF report: the results to write, comma-separated: "
		     "near-duplicate-agents, repeated-rule, name-collision, "
		     "or all (default: near-duplicate-agents,name-collision)"},
};

typedef struct scan_args {
	const char **paths, **prefer;
	size_t npaths, nprefer;
	cli_input in;
	const char *format, *output, *db, *label;
	const char *sarif_dir; /* --sarif-root as given */
	ad_buf sarif_root;     /* the root, absolute */
	unsigned kinds;        /* AD_SARIF_*; 0: the default */
	ad_audit_opts audit;
	cli_gate gate;
	ad_report_fn write; /* the writer of format */
	int quiet, verbose, outline, stats;
	size_t top;
	ad_report_detail detail;
} scan_args;

static int number_opt(const char *v, double lo, double hi, double *out,
		      const char *name)
{
	return cli_number_opt(&cli_cmd_scan, v, lo, hi, out, name);
}

/* "body,name" -> kind bits. */
static int links_opt(const char *v, unsigned *out)
{
	const char *p = v;

	*out = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned bit = ad_link_kind_bit(p, n);

		if (!bit) {
			cli_usage_error(&cli_cmd_scan,
					"--links: '%.*s' is not one of body, name, "
					"contained, outline, version", (int)n, p);
			return -1;
		}
		*out |= bit;
		p += n + (p[n] == ',');
	}
	if (*out)
		return 0;
	cli_usage_error(&cli_cmd_scan, "--links: no kind given");
	return -1;
}

/* "near-duplicate-agents,repeated-rule" -> AD_SARIF_* bits. */
static int kinds_opt(const char *v, unsigned *out)
{
	const char *p = v, *name;
	ad_buf known = AD_BUF_INIT;
	size_t i;

	*out = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned bit = ad_report_sarif_kind(p, n);

		if (!bit)
			break;
		*out |= bit;
		p += n + (p[n] == ',');
	}
	if (*out && !*p)
		return 0;
	for (i = 0; (name = ad_report_sarif_kind_name(i)); i++)
		ad_buf_printf(&known, "%s, ", name);
	ad_buf_puts(&known, "all");
	if (*p)
		cli_usage_error(&cli_cmd_scan, "--kinds: '%.*s' is not one of %s",
				(int)strcspn(p, ","), p, known.ptr);
	else
		cli_usage_error(&cli_cmd_scan, "--kinds: no kind given (%s)",
				known.ptr);
	ad_buf_dispose(&known);
	return -1;
}

static int detail_opt(const char *v, ad_report_detail *out)
{
	if (strcmp(v, "summary") == 0 || strcmp(v, "full") == 0) {
		*out = v[0] == 's' ? AD_DETAIL_SUMMARY : AD_DETAIL_FULL;
		return 0;
	}
	cli_usage_error(&cli_cmd_scan,
			"--detail: '%s' is not one of summary, full", v);
	return -1;
}

static int on_arg(int opt, const char *v, void *payload)
{
	scan_args *a = payload;
	double d;

	switch (opt) {
	case -1: cli_push(&a->paths, &a->npaths, v); return 0;
	case O_FORMAT: a->format = v; return 0;
	case O_OUTPUT: a->output = v; return 0;
	case O_THRESHOLD:
		return number_opt(v, 0.01, 1.0, &a->audit.threshold, "threshold");
	case O_SECTION_T:
		return number_opt(v, 0.01, 1.0, &a->audit.section_threshold,
				  "section-threshold");
	case O_RULE_T:
		return number_opt(v, 0.01, 1.0, &a->audit.rule_threshold,
				  "rule-threshold");
	case O_LINKS: return links_opt(v, &a->audit.links);
	case O_NO_ROLES: a->audit.no_roles = 1; return 0;
	case O_FAIL_ABOVE:
		return number_opt(v, 0.0, 1.0, &a->gate.fail_above,
				  "fail-above");
	case O_BASELINE: a->gate.baseline = v; return 0;
	case O_FAIL_ON_NEW: a->gate.fail_on_new = 1; return 0;
	case O_WRITE_BASELINE: a->gate.write_baseline = v; return 0;
	case O_PREFER: cli_push(&a->prefer, &a->nprefer, v); return 0;
	case O_INCLUDE: cli_push(&a->in.include, &a->in.ninclude, v); return 0;
	case O_EXCLUDE: cli_push(&a->in.exclude, &a->in.nexclude, v); return 0;
	case O_LANGUAGE: a->audit.load.tokenizer.language = v; return 0;
	case O_STOPWORDS: a->in.stopwords_file = v; return 0;
	case O_MAX_FILE_SIZE:
		return cli_input_size(&a->in, &cli_cmd_scan, v);
	case O_FOLLOW_OUTSIDE: a->in.follow_outside = 1; return 0;
	case O_JOBS:
		if (number_opt(v, 1, 64, &d, "jobs"))
			return -1;
		a->audit.load.jobs = (int)d;
		return 0;
	case O_QUIET: a->quiet = 1; return 0;
	case O_VERBOSE: a->verbose = 1; return 0;
	case O_TOP:
		if (number_opt(v, 1, 1e9, &d, "top"))
			return -1;
		a->top = (size_t)d;
		return 0;
	case O_OUTLINE: a->outline = 1; return 0;
	case O_STATS: a->stats = 1; return 0;
	case O_DB: a->db = v; return 0;
	case O_LABEL: a->label = v; return 0;
	case O_CACHE: a->audit.load.cache = v; return 0;
	case O_DETAIL: return detail_opt(v, &a->detail);
	case O_SARIF_ROOT: a->sarif_dir = v; return 0;
	case O_KINDS: return kinds_opt(v, &a->kinds);
	}
	return -1;
}

/* Where the problems left off stderr are: the JSON and HTML reports list
 * every one. */
static const char *problems_hint(const scan_args *a)
{
	if (strcmp(a->format, "json") == 0 || strcmp(a->format, "html") == 0)
		return "the report lists them all; -v shows them here";
	return "-v shows them all";
}

/* Problems go to stderr unless the text report is on stdout, which lists
 * them itself. */
static void print_problems(const ad_audit *au, const scan_args *a)
{
	int to_stdout = strcmp(a->format, "text") == 0 &&
			(!a->output || strcmp(a->output, "-") == 0);

	if (!a->quiet && !to_stdout)
		cli_print_problems(au, AD_SEV_WARNING,
				   a->verbose ? SIZE_MAX : CLI_PROBLEMS_SHOWN,
				   problems_hint(a));
}

static void print_join(const char *what, const ad_join_stats *s)
{
	fprintf(stderr,
		"agentdup: %s%sjoin%s: %llu postings indexed, %llu scanned, "
		"%llu candidates, %llu verified, %llu pairs\n",
		what, *what ? " " : "",
		s->summed ? " (every product summed)" : "",
		(unsigned long long)s->indexed,
		(unsigned long long)s->scanned,
		(unsigned long long)s->candidates,
		(unsigned long long)s->verified, (unsigned long long)s->pairs);
}

/* The most memory the process has held, in MiB (Linux counts
 * ru_maxrss in KiB). */
static double peak_mib(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0.0;
	return (double)ru.ru_maxrss / 1024.0;
}

static void print_stats(const ad_audit *au)
{
	const ad_collection *c = au->collection;
	const ad_audit_stats *st = &au->stats;

	fprintf(stderr,
		"agentdup: %zu files, %zu agents, %zu sections, %zu rules, "
		"%u terms\n"
		"agentdup: walk %.3fs, load+parse+tokenize %.3fs, "
		"vectors %.3fs, join %.3fs, cluster %.3fs, sections %.3fs, "
		"rules %.3fs, plan %.3fs, roles %.3fs, routing %.3fs\n"
		"agentdup: documents hold %.1f MiB (text, sections, rules, "
		"terms, vectors)\n",
		c->nfiles, c->ndocs, c->at.nsections, c->at.nrules,
		ad_collection_nterms(c), c->walk_seconds, c->load_seconds,
		st->vectors, st->join, st->cluster, st->sections, st->rules,
		st->plan, st->roles, st->routing, (double)st->bytes / (1024.0 * 1024.0));
	fprintf(stderr, "agentdup: load: %.3fs CPU (user %.3fs, system "
		"%.3fs), %ld blocks read from disk, %ld waits\n",
		c->load_user_seconds + c->load_system_seconds,
		c->load_user_seconds, c->load_system_seconds,
		c->load_disk_blocks, c->load_waits);
	if (c->cache_entries || c->cache_written)
		fprintf(stderr, "agentdup: cache: %zu of %zu docs reused, "
			"%s\n", c->cache_hits, c->ndocs,
			c->cache_written ? "rewritten" : "not rewritten");
	if (c->cache_entries)
		fprintf(stderr, "agentdup: %zu files unchanged since the cache "
			"noted them, not read\n", c->cache_unread);
	print_join("", &st->agent_join);
	fprintf(stderr, "agentdup: %zu link candidates, %zu links; "
		"%zu agent pairs with aligned sections\n",
		au->links.ncandidates, au->links.n, au->alignments.npairs);
	fprintf(stderr, "agentdup: %zu rule wordings\n", au->inventory.nforms);
	print_join("rule", &st->rule_join);
	fprintf(stderr, "agentdup: %zu role groups\n", au->roles.n);
	print_join("role", &st->role_join);
}

/* The SARIF root, resolved before the scan: a bad DIR is a usage
 * error, found at once. */
static int sarif_root(scan_args *a)
{
	ad_error err = AD_ERROR_INIT;

	if (strcmp(a->format, "sarif") != 0)
		return 0;
	if (ad_report_sarif_root(&a->sarif_root, a->sarif_dir, a->paths[0],
				 &err) == 0)
		return 0;
	cli_usage_error(&cli_cmd_scan, "--sarif-root: %s: %s", a->sarif_dir,
			err.msg);
	return AD_EXIT_USAGE;
}

static int check_args(scan_args *a)
{
	int rc;

	if (a->npaths == 0) {
		cli_usage_error(&cli_cmd_scan, "no PATH given");
		return AD_EXIT_USAGE;
	}
	if ((rc = cli_paths_exist(&cli_cmd_scan, a->paths, a->npaths)))
		return rc;
	if (!(a->write = ad_report_audit_writer(a->format))) {
		cli_usage_error(&cli_cmd_scan,
				"unknown format '%s' (text, json, html, "
				"markdown, sarif, csv)", a->format);
		return AD_EXIT_USAGE;
	}
	if (a->label && !a->db) {
		cli_usage_error(&cli_cmd_scan, "--label needs --db");
		return AD_EXIT_USAGE;
	}
	if (a->label && cli_label_misuse(a->label)) {
		cli_usage_error(&cli_cmd_scan, "%s", cli_label_misuse(a->label));
		return AD_EXIT_USAGE;
	}
	if (a->gate.fail_on_new && !a->gate.baseline) {
		cli_usage_error(&cli_cmd_scan, "--fail-on-new needs --baseline");
		return AD_EXIT_USAGE;
	}
	if ((a->sarif_dir || a->kinds) && strcmp(a->format, "sarif") != 0) {
		cli_usage_error(&cli_cmd_scan, "%s needs --format sarif",
				a->sarif_dir ? "--sarif-root" : "--kinds");
		return AD_EXIT_USAGE;
	}
	if ((rc = sarif_root(a)))
		return rc;
	a->gate.quiet = a->quiet;
	a->audit.prefer = a->prefer;
	a->audit.nprefer = a->nprefer;
	/* a snapshot keys each file and section, and counts its sections'
	 * terms: without one, they go once weighed */
	a->audit.load.for_store = a->db != NULL;
	a->audit.drop_section_terms = a->db == NULL;
	/* a report that lists every aligned pair's sections reads them
	 * held, rather than aligning each pair again */
	a->audit.hold_alignments = a->verbose || a->detail == AD_DETAIL_FULL;
	/* a baseline names agents by their content key */
	a->audit.load.keys = a->gate.baseline || a->gate.write_baseline;
	if ((rc = cli_input_apply(&a->in, &a->audit.load)))
		return rc;
	/* A baseline is the tool's own file and grows with the collection
	 * (20 MB for three thousand agents): --max-file-size bounds agent
	 * files, not it. A gigabyte still refuses a wrong file given. */
	a->gate.max_size = (size_t)1 << 30;
	cli_progress_on(a->quiet);
	a->audit.load.progress = cli_progress_files;
	a->audit.load.progress_payload = cli_progress_stderr();
	a->audit.stage = cli_progress_stage;
	a->audit.step = cli_progress_step;
	a->audit.stage_payload = cli_progress_stderr();
	return 0;
}

static int report(const ad_audit *au, const scan_args *a)
{
	ad_buf out = AD_BUF_INIT;
	ad_report_opts ro = AD_REPORT_OPTS_INIT;
	cli_out o;
	int rc;

	if (cli_out_open(&o, a->output))
		return -1;
	if (o.path) { /* a report on the terminal is its own progress */
		cli_progress_on(a->quiet);
		cli_progress_say(cli_progress_stderr(), "writing %s", o.path);
	}
	ro.outline = a->outline;
	ro.verbose = a->verbose;
	ro.detail = a->detail;
	ro.sarif_root = a->sarif_root.len ? a->sarif_root.ptr : NULL;
	ro.sarif_kinds = a->kinds;
	ro.sink = cli_sink;
	ro.sink_ctx = &o;
	ro.color = a->write == ad_report_audit_text &&
		   (!a->output || strcmp(a->output, "-") == 0) &&
		   cli_color(stdout);
	ro.top = a->top;
	ro.jobs = a->audit.load.jobs;
	if (a->write == ad_report_audit_text)
		ro.width = cli_report_width(a->output);
	a->write(&out, au, &ro);
	cli_progress_stop(cli_progress_stderr());
	rc = cli_out_close(&o, out.ptr, out.len);
	ad_buf_dispose(&out);
	return rc;
}

/* The collection a scan read, recorded as a snapshot while the scan
 * analyses it and writes its report (ad_snapshot_start()): a recording
 * costs about what the analysis does, on one core. `scan --db` of the
 * corpus took 2.67 s with the recording after the report, 2.23 s beside
 * it; of its 10x copy, 27.5 and 24.6 s (the recording is then the
 * longer, and the scan waits for it). */
typedef struct recording {
	ad_snapshot_job *job; /* NULL: none */
	const char *db, *label;
	char when[32]; /* the default label: the time, UTC */
} recording;

/* Record the collection of au in the store at db as snapshot label
 * (NULL: the time). */
static void record_start(recording *r, const char *db, const char *label,
			 const ad_audit *au)
{
	r->db = db;
	if (!label)
		cli_default_label(r->when, sizeof(r->when));
	r->label = label ? label : r->when;
	r->job = ad_snapshot_start(db, r->label, au->collection);
}

/* The recording done: say what was recorded unless quiet, and with
 * stats, how long it took and how long the scan waited for it. Returns
 * an exit status. */
static int record_end(recording *r, int quiet, int stats)
{
	ad_error err = AD_ERROR_INIT;
	ad_store_stats st;
	double t0 = cli_now();
	int rc;

	cli_progress_on(quiet); /* at 10x, the report waits some seconds */
	cli_progress_say(cli_progress_stderr(), "recording snapshot %s",
			 r->label);
	rc = ad_snapshot_wait(r->job, &st, &err);
	r->job = NULL;
	cli_progress_stop(cli_progress_stderr());
	if (stats && rc == 0)
		fprintf(stderr, "agentdup: snapshot recorded in %.3fs, beside "
			"the analysis; the scan waited %.3fs for it\n",
			st.seconds, cli_now() - t0);
	if (rc)
		fprintf(stderr, "agentdup: %s: %s\n",
			err.path[0] ? err.path : r->db, err.msg);
	else if (!quiet)
		fprintf(stderr, "agentdup: snapshot %s: %s agents, %s new "
			"contents, %s reused\n", r->label,
			AD_COUNT(st.entries), AD_COUNT(st.blobs_new),
			AD_COUNT(st.blobs_reused));
	if (rc == 0)
		return AD_EXIT_OK;
	return err.code == AD_EINVAL ? AD_EXIT_USAGE : AD_EXIT_INPUT;
}

static int run(scan_args *a)
{
	ad_error err = AD_ERROR_INIT;
	ad_audit *au = NULL;
	recording rec;
	double t0;
	int rc;

	if ((rc = check_args(a)))
		return rc;
	rec.job = NULL;
	rc = ad_audit_load(&au, a->paths, a->npaths, &a->audit, &err);
	/* nothing is recorded of PATHs that hold no agent (exit 5) */
	if (rc == 0 && a->db && !cli_found_none(au->collection))
		record_start(&rec, a->db, a->label, au);
	if (rc == 0)
		rc = ad_audit_analyse(au, &a->audit, &err);
	cli_progress_stop(cli_progress_stderr());
	if (rc != 0) {
		fprintf(stderr, "agentdup: %s\n", err.msg);
		if (rec.job) /* before the collection goes */
			(void)record_end(&rec, a->quiet, 0);
		ad_audit_free(au);
		return err.code == AD_EINVAL ? AD_EXIT_USAGE : AD_EXIT_FAILURE;
	}
	if (cli_no_agents(au->collection, a->quiet, 1)) {
		/* no report to list them in */
		if (!a->quiet)
			cli_print_problems(au, AD_SEV_WARNING,
					   a->verbose ? SIZE_MAX
						      : CLI_PROBLEMS_SHOWN,
					   "-v shows them all");
		ad_audit_free(au);
		return AD_EXIT_EMPTY;
	}
	print_problems(au, a);
	if (au->collection->cache_error && !a->quiet)
		fprintf(stderr, "agentdup: warning: %s: %s\n",
			a->audit.load.cache, au->collection->cache_error);
	if (a->stats)
		print_stats(au);
	t0 = cli_now();
	rc = report(au, a) ? AD_EXIT_FAILURE : AD_EXIT_OK;
	if (a->stats)
		fprintf(stderr, "agentdup: report written in %.3fs; peak "
			"memory %.0f MiB\n", cli_now() - t0, peak_mib());
	/* a failed write first, then a failed policy, then unread files (or
	 * a snapshot not recorded) */
	if (rc == AD_EXIT_OK)
		rc = cli_gate_run(&a->gate, au);
	if (rec.job) {
		int db_rc = record_end(&rec, a->quiet, a->stats);

		if (rc == AD_EXIT_OK)
			rc = db_rc;
	}
	if (rc == AD_EXIT_OK && au->collection->nskipped)
		rc = AD_EXIT_INPUT;
	ad_audit_free(au);
	return rc;
}

static int cmd_scan(int argc, char **argv)
{
	static const ad_audit_opts defaults = AD_AUDIT_OPTS_INIT;
	static const cli_gate gate_defaults = CLI_GATE_INIT;
	scan_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	ad_buf_init(&a.sarif_root);
	a.audit = defaults;
	a.gate = gate_defaults;
	a.format = "text";
	rc = cli_parse(&cli_cmd_scan, argc, argv, on_arg, &a);
	if (rc == 0)
		rc = run(&a);
	free(a.paths);
	free(a.prefer);
	ad_buf_dispose(&a.sarif_root);
	cli_input_dispose(&a.in);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_scan = {
	"scan",
	"Audit a collection of agent files for overlap.",
	"[options] PATH...",
	"PATH is a folder (walked recursively for *.md and *.mdc agent files;\n"
	"README, CHANGELOG, LICENSE and CONTRIBUTING are skipped, and hidden\n"
	"folders other than .claude, .github, .cursor and .opencode; a folder\n"
	"holding a SKILL.md is one skill) or a file.\n"
	"The report groups variants of one agent into clusters, each with the\n"
	"agent to keep, why, and what the others have that it lacks; lists the\n"
	"sections that align across agents, the rule inventory (rules grouped\n"
	"with their other wordings, house style apart), agents made from one\n"
	"template for other jobs, role groups (agents written apart for one\n"
	"job: the one to keep and what to take from each other), and\n"
	"collisions (names, bodies, tools or models, descriptions), and\n"
	"routing collisions: agents whose descriptions compete for the same\n"
	"requests (cosine 0.3 or more over description, examples and name),\n"
	"each role group and cluster standing as its keep ('agentdup route'\n"
	"routes one request).\n"
	"Two agents are linked when their bodies reach T (body), they share\n"
	"a name and outline (name), one holds the other's rules (contained),\n"
	"they keep one outline (outline), or one rewrote the other under its\n"
	"name and description (version). Under two names, they must also do\n"
	"one job: descriptions that agree, rules no agent of a third name\n"
	"has, or one holding the other's rules; descriptions that differ make\n"
	"them template siblings, not variants (see README). An agent without\n"
	"a description goes by its namesakes' descriptions, when they agree.\n"
	"Role groups are built from each agent's nearest neighbours by name,\n"
	"description and body, grouped by average linkage so that they do\n"
	"not chain; variant clusters sit inside them (see README).\n"
	"The agent to keep is, of those with 3 rules or more, the one whose\n"
	"frontmatter a runtime reads in full (a name, a description, tools and\n"
	"a model Claude Code knows), then the one that carries the most of the\n"
	"rules the members share, then the closest to the others, then the\n"
	"first path. With --prefer GLOB, when some members' paths match, only\n"
	"those are candidates. GLOB is tried on the path as reported, and on\n"
	"it after the PATH it was found under, whole or without leading\n"
	"folders: 'up/**' matches x.md found under PATH up, ./up or ../c/up;\n"
	"'*' crosses '/' as in --include.\n"
	"With --db FILE the collection is also recorded as a snapshot, as\n"
	"'agentdup snapshot' records it (see 'drift' and 'history').\n"
	"A PATH holding no agent file is named on stderr with what the walk\n"
	"passed over and the --include that would take it (\"3 .txt files\n"
	"skipped: --include '*.txt' takes them\"): a warning when another\n"
	"PATH holds agents, else an error, with no report (exit 5).\n"
	"Exit status: 0 done, nothing above policy; 1 done, a policy failed\n"
	"(--fail-above, --fail-on-new); 2 usage error (a PATH that does not\n"
	"exist, an empty label or one of digits only, or the label is taken);\n"
	"3 done, but some files (or the baseline) could not be read, or FILE\n"
	"is not a store; 4 failure (the report could not be written); 5 no\n"
	"agent file under any PATH (nothing written).",
	scan_opts,
	sizeof(scan_opts) / sizeof(*scan_opts),
	cmd_scan,
};
