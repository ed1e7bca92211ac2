/*
 * cmd_snapshot.c - `agentdup snapshot PATH... --db FILE`: record the
 * collection in a snapshot store, and `agentdup snapshots --db FILE`: list
 * what is recorded.
 *
 * Every file is read and hashed; only files whose content the store does
 * not hold yet are parsed (as in-memory agents of a load-only audit), so a
 * second snapshot of an unchanged collection reads and hashes, no more.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agentdup/corpus.h"
#include "agentdup/store.h"
#include "cli.h"
#include "shared.h"

enum { O_DB, O_LABEL, O_INCLUDE, O_EXCLUDE, O_LANGUAGE, O_STOPWORDS, O_JOBS,
       O_QUIET };

static const cli_opt snapshot_opts[] = {
	[O_DB] = {"db", 0, CLI_VALUE, "FILE",
		  "the snapshot store (an SQLite file; created if missing)"},
	[O_LABEL] = {"label", 0, CLI_VALUE, "L",
		     "the snapshot's name (default: the time, UTC)"},
	CLI_OPT_INCLUDE(O_INCLUDE),
	CLI_OPT_EXCLUDE(O_EXCLUDE),
	CLI_OPT_LANGUAGE(O_LANGUAGE),
	CLI_OPT_STOPWORDS(O_STOPWORDS),
	CLI_OPT_JOBS(O_JOBS),
	[O_QUIET] = {"quiet", 'q', CLI_FLAG, "",
		     "no summary or problems on stderr"},
};

typedef struct snap_args {
	const char **paths;
	size_t npaths;
	const char **include, **exclude;
	size_t ninclude, nexclude;
	const char *db, *label, *stopwords_file;
	char *stopwords;
	ad_audit_opts audit;
	int quiet;
} snap_args;

/* One file found: its bytes until it is analysed, its key, its doc. */
typedef struct file {
	const char *rel;
	char *text;
	size_t len;
	char hash[AD_STORE_HASH_HEX + 1];
	int known;
} file;

typedef struct walk {
	const snap_args *a;
	size_t problems;
} walk;

static int on_arg(int opt, const char *v, void *payload)
{
	snap_args *a = payload;
	double d;

	switch (opt) {
	case -1: cli_push(&a->paths, &a->npaths, v); return 0;
	case O_DB: a->db = v; return 0;
	case O_LABEL: a->label = v; return 0;
	case O_INCLUDE: cli_push(&a->include, &a->ninclude, v); return 0;
	case O_EXCLUDE: cli_push(&a->exclude, &a->nexclude, v); return 0;
	case O_LANGUAGE: a->audit.tokenizer.language = v; return 0;
	case O_STOPWORDS: a->stopwords_file = v; return 0;
	case O_JOBS:
		if (cli_number_opt(&cli_cmd_snapshot, v, 1, 64, &d, "jobs"))
			return -1;
		a->audit.jobs = (int)d;
		return 0;
	case O_QUIET: a->quiet = 1; return 0;
	}
	return -1;
}

static void on_diag(const ad_diag *d, void *payload)
{
	walk *w = payload;

	w->problems++;
	if (!w->a->quiet)
		fprintf(stderr, "agentdup: %s: %s\n", d->path, d->msg);
}

static void say_error(const snap_args *a, const ad_error *err)
{
	if (a->quiet)
		return;
	if (err->path[0])
		fprintf(stderr, "agentdup: %s: %s\n", err->path, err->msg);
	else
		fprintf(stderr, "agentdup: %s\n", err->msg);
}

/* Read and hash every file of the PATHs; skip (and count) what cannot be
 * read. The corpus keeps the paths the files refer to. */
static file *read_all(ad_corpus *c, ad_store *s, const snap_args *a,
		      size_t *nfiles, walk *w)
{
	ad_corpus_opts co = AD_CORPUS_OPTS_INIT;
	ad_error err = AD_ERROR_INIT;
	file *f;
	size_t i, n = 0;

	co.include = a->include;
	co.ninclude = a->ninclude;
	co.exclude = a->exclude;
	co.nexclude = a->nexclude;
	for (i = 0; i < a->npaths; i++)
		if (ad_corpus_add(c, a->paths[i], &co, on_diag, w, &err) != 0) {
			w->problems++;
			say_error(a, &err);
		}
	f = ad_xcalloc(ad_corpus_count(c) + 1, sizeof(*f));
	for (i = 0; i < ad_corpus_count(c); i++) {
		const ad_source *src = ad_corpus_source(c, i);
		file *x = &f[n];

		if (ad_corpus_read(&x->text, &x->len, src, &err) != 0) {
			w->problems++;
			say_error(a, &err);
			continue;
		}
		x->rel = src->rel;
		ad_store_hash_bytes(x->hash, x->text, x->len);
		if (ad_store_known(&x->known, s, x->hash, &err) != 0)
			x->known = 0;
		n++;
	}
	*nfiles = n;
	return f;
}

/* Parse the files whose content is new, as texts of a load-only audit;
 * the docs come out in the order of the texts. */
static int analyse_new(ad_audit **au, file *f, size_t n, snap_args *a,
		       size_t *nnew)
{
	ad_text *t = ad_xcalloc(n + 1, sizeof(*t));
	ad_error err = AD_ERROR_INIT;
	size_t i, k = 0;
	int rc;

	for (i = 0; i < n; i++)
		if (!f[i].known) {
			t[k].path = f[i].rel;
			t[k].text = f[i].text;
			t[k++].len = f[i].len;
		}
	a->audit.texts = t;
	a->audit.ntexts = k;
	a->audit.load_only = 1;
	rc = ad_audit_run(au, NULL, 0, &a->audit, &err);
	if (rc)
		fprintf(stderr, "agentdup: %s\n", err.msg);
	free(t);
	*nnew = k;
	return rc;
}

static void default_label(char *out, size_t cap)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The entries of the snapshot: new contents with their docs. Files the
 * parser refused (their docs missing) are left out and counted. */
static size_t entries(ad_store_entry *e, const file *f, size_t n,
		      const ad_audit *au, walk *w)
{
	size_t i, k = 0, d = 0;

	for (i = 0; i < n; i++) {
		const ad_doc *doc = NULL;

		if (!f[i].known) {
			/* docs keep the order of the texts, the ones the
			 * parser refused missing: walk both in step */
			if (d == au->ndocs || strcmp(au->docs[d]->path, f[i].rel)) {
				w->problems++;
				continue;
			}
			doc = au->docs[d++];
		}
		e[k].path = f[i].rel;
		e[k].hash = f[i].hash;
		e[k].bytes = f[i].len;
		e[k].text = f[i].text;
		e[k++].doc = doc;
	}
	return k;
}

static int record(ad_store *s, snap_args *a, double t0)
{
	ad_corpus *c = ad_corpus_new();
	ad_audit *au = NULL;
	ad_store_entry *e;
	ad_store_stats st;
	ad_error err = AD_ERROR_INIT;
	walk w = {a, 0};
	char label[32];
	size_t n, i, nnew = 0, ne;
	file *f = read_all(c, s, a, &n, &w);
	int rc = analyse_new(&au, f, n, a, &nnew);

	if (!a->label)
		default_label(label, sizeof(label));
	e = ad_xcalloc(n + 1, sizeof(*e));
	if (rc == 0) {
		ne = entries(e, f, n, au, &w);
		rc = ad_store_record_entries(s, a->label ? a->label : label,
					     NULL, e, ne, au->vocab, &st, &err);
		if (rc)
			fprintf(stderr, "agentdup: %s: %s\n", a->db, err.msg);
		else if (!a->quiet)
			fprintf(stderr,
				"agentdup: snapshot %s: %zu agents, %zu new "
				"contents, %zu reused, in %.2fs\n",
				a->label ? a->label : label, st.entries,
				st.blobs_new, st.blobs_reused,
				cli_now() - t0);
	}
	for (i = 0; i < n; i++)
		free(f[i].text);
	free(e);
	free(f);
	ad_audit_free(au);
	ad_corpus_free(c);
	if (rc)
		return err.code == AD_EINVAL ? AD_EXIT_USAGE : AD_EXIT_FAILURE;
	return w.problems ? AD_EXIT_INPUT : AD_EXIT_OK;
}

static int open_store(ad_store **s, const char *db)
{
	ad_error err = AD_ERROR_INIT;

	if (ad_store_open(s, db, &err) == 0)
		return 0;
	fprintf(stderr, "agentdup: %s: %s\n", db, err.msg);
	return AD_EXIT_INPUT;
}

static int cmd_snapshot(int argc, char **argv)
{
	static const ad_audit_opts defaults = AD_AUDIT_OPTS_INIT;
	double t0 = cli_now();
	ad_store *s = NULL;
	snap_args a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.audit = defaults;
	rc = cli_parse(&cli_cmd_snapshot, argc, argv, on_arg, &a);
	if (rc == 0 && (!a.db || !a.npaths)) {
		cli_usage_error(&cli_cmd_snapshot, a.db ? "no PATH given"
							: "--db FILE is needed");
		rc = AD_EXIT_USAGE;
	}
	if (rc == 0 && a.stopwords_file &&
	    (rc = cli_read_stopwords(a.stopwords_file, &a.stopwords)) == 0)
		a.audit.tokenizer.stopwords = a.stopwords;
	if (rc == 0 && (rc = open_store(&s, a.db)) == 0)
		rc = record(s, &a, t0);
	ad_store_close(s);
	free(a.paths);
	free(a.include);
	free(a.exclude);
	free(a.stopwords);
	return rc < 0 ? AD_EXIT_OK : rc;
}

const cli_cmd cli_cmd_snapshot = {
	"snapshot",
	"Record a collection in a snapshot store.",
	"[options] --db FILE PATH...",
	"PATH is walked as by 'scan'. Each file is stored by content: a file\n"
	"whose content the store already holds is not parsed again, so a\n"
	"snapshot of an unchanged collection costs little more than reading\n"
	"it. One snapshot is one transaction: interrupted, it leaves the store\n"
	"as it was. Exit status: 0 done; 2 usage error (or the label is taken);\n"
	"3 done, but some files could not be read, or FILE is not a store (or\n"
	"one of a newer agentdup: it is left untouched); 4 failure.",
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
	if (rc == 0 && (rc = open_store(&s, db)) == 0 &&
	    ad_store_snapshots(&list, &n, s, &err) != 0) {
		fprintf(stderr, "agentdup: %s: %s\n", db, err.msg);
		rc = AD_EXIT_FAILURE;
	}
	for (i = 0; rc == 0 && i < n; i++)
		printf("%3lld  %-24s  %s  %zu agents\n", (long long)list[i].id,
		       list[i].label, list[i].created, list[i].nagents);
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
	"how many agents it holds.",
	list_opts,
	sizeof(list_opts) / sizeof(*list_opts),
	cmd_snapshots,
};
