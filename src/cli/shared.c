/*
 * shared.c - plumbing shared by the subcommands.
 */
#include "shared.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "agentdup/escape.h"

void cli_push(const char ***list, size_t *n, const char *v)
{
	*list = ad_xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = v;
}

int cli_number_opt(const cli_cmd *cmd, const char *v, double lo, double hi,
		   double *out, const char *name)
{
	if (cli_number(v, lo, hi, out) == 0)
		return 0;
	cli_usage_error(cmd, "--%s: '%s' is not a number in [%g, %g]", name,
			v, lo, hi);
	return -1;
}

int cli_size_opt(const cli_cmd *cmd, const char *v, size_t *out)
{
	static const char units[] = "kMG";
	const char *u;
	char *end;
	unsigned long long n;
	int shift = 0;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (*end && !end[1] && (u = strchr(units, *end)) != NULL) {
		shift = 10 * (int)(u - units + 1);
		end++;
	}
	if (*v < '0' || *v > '9' || *end || errno ||
	    n > ((unsigned long long)SIZE_MAX >> shift)) {
		cli_usage_error(cmd, "--max-file-size: '%s' is not a size "
				"(bytes, or with a suffix k, M or G)", v);
		return -1;
	}
	*out = (size_t)(n << shift);
	return 0;
}

int cli_input_size(cli_input *in, const cli_cmd *cmd, const char *v)
{
	in->max_set = 1;
	return cli_size_opt(cmd, v, &in->max_file_size);
}

int cli_read_stopwords(const char *path, size_t max, char **out)
{
	ad_buf b = AD_BUF_INIT;
	ad_error err = AD_ERROR_INIT;

	*out = NULL;
	if (ad_buf_read_file(&b, path, max, &err) != 0) {
		fprintf(stderr, "agentdup: %s: stopwords: %s\n", path,
			err.msg);
		ad_buf_dispose(&b);
		return AD_EXIT_USAGE;
	}
	*out = ad_buf_detach(&b);
	return 0;
}

int cli_paths_exist(const cli_cmd *cmd, const char *const *paths, size_t n)
{
	ad_buf b = AD_BUF_INIT;
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++) {
		if (stat(paths[i], &st) == 0 ||
		    (errno != ENOENT && errno != ENOTDIR))
			continue;
		ad_escape_line(&b, paths[i]);
		fprintf(stderr, "agentdup %s: %s: no such file or folder\n",
			cmd->name, b.ptr);
		ad_buf_dispose(&b);
		return AD_EXIT_USAGE;
	}
	return 0;
}

/* What the walk passed over under t, and how to take it. */
static void passed_hint(ad_buf *b, const ad_path_tally *t)
{
	size_t others = t->passed - t->ext_count;

	if (!t->passed) {
		ad_buf_puts(b, " (agent files end in .md or .mdc; --include "
			       "GLOB takes others)");
		return;
	}
	if (!*t->ext) {
		ad_buf_printf(b, ": %s other file%s skipped (agent files end "
			      "in .md or .mdc): --include GLOB takes them",
			      AD_COUNT(t->passed), t->passed == 1 ? "" : "s");
		return;
	}
	ad_buf_printf(b, ": %s .", AD_COUNT(t->ext_count));
	ad_escape_line(b, t->ext);
	ad_buf_printf(b, " file%s skipped", t->ext_count == 1 ? "" : "s");
	if (others)
		ad_buf_printf(b, " (and %s other file%s)", AD_COUNT(others),
			      others == 1 ? "" : "s");
	ad_buf_puts(b, ": --include '*.");
	ad_escape_line(b, t->ext);
	ad_buf_puts(b, "' takes them");
}

int cli_found_none(const ad_collection *c)
{
	size_t i, found = 0;

	for (i = 0; i < c->npaths; i++)
		found += c->paths[i].found;
	return c->npaths > 0 && !found;
}

int cli_no_agents(const ad_collection *c, int quiet, int fatal)
{
	ad_buf b = AD_BUF_INIT;
	size_t i;

	fatal = fatal && cli_found_none(c);
	for (i = 0; i < c->npaths && (!quiet || fatal); i++) {
		if (c->paths[i].found)
			continue;
		ad_buf_clear(&b);
		ad_buf_puts(&b, fatal ? "agentdup: " : "agentdup: warning: ");
		ad_buf_puts(&b, "no agent files found in ");
		ad_escape_line(&b, c->paths[i].path);
		passed_hint(&b, &c->paths[i]);
		fprintf(stderr, "%s\n", b.ptr);
	}
	ad_buf_dispose(&b);
	return fatal;
}

/* Paths and messages come from the files: escaped like any report. */
static void print_problem(ad_buf *b, const ad_problem *p)
{
	ad_buf_puts(b, "agentdup: ");
	ad_escape_line(b, p->path);
	if (p->line)
		ad_buf_printf(b, ":%d", p->line);
	ad_buf_puts(b, p->severity == AD_SEV_ERROR ? ": " : ": warning: ");
	ad_escape_line(b, p->msg);
	ad_buf_putc(b, '\n');
}

/* What was left out, in one line: how many problems, of which kind, in
 * how many files (a file's problems are listed together). */
static void left_out(ad_buf *b, const ad_collection *c, ad_severity min,
		     size_t from, const char *hint)
{
	size_t i, n = 0, errors = 0, files = 0;
	const char *last = NULL;

	for (i = from; i < c->nproblems; i++) {
		const ad_problem *p = &c->problems[i];

		if (p->severity < min)
			continue;
		n++;
		errors += p->severity == AD_SEV_ERROR;
		files += !last || strcmp(last, p->path) != 0;
		last = p->path;
	}
	if (n == 0)
		return;
	ad_buf_printf(b, "agentdup: %s more problem%s not shown, in %s "
			 "file%s (%s error%s, %s warning%s)%s%s\n",
		      AD_COUNT(n), n == 1 ? "" : "s", AD_COUNT(files),
		      files == 1 ? "" : "s", AD_COUNT(errors),
		      errors == 1 ? "" : "s", AD_COUNT(n - errors),
		      n - errors == 1 ? "" : "s", hint ? ": " : "",
		      hint ? hint : "");
}

void cli_print_problems(const ad_audit *au, ad_severity min, size_t shown,
			const char *hint)
{
	const ad_collection *c = au->collection;
	ad_buf b = AD_BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < c->nproblems && n < shown; i++) {
		if (c->problems[i].severity < min)
			continue;
		print_problem(&b, &c->problems[i]);
		n++;
	}
	left_out(&b, c, min, i, hint);
	fputs(b.ptr, stderr);
	ad_buf_dispose(&b);
}

const char *cli_label_misuse(const char *label)
{
	if (!*label)
		return "--label is empty";
	if (strspn(label, "0123456789") == strlen(label))
		return "--label is digits only, which drift reads as a "
		       "snapshot's number ('agentdup snapshots' prints them): "
		       "add a letter";
	return NULL;
}

void cli_default_label(char *out, size_t cap)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cli_open_store_to_read(ad_store **s, const char *db)
{
	ad_error err = AD_ERROR_INIT;
	FILE *f = fopen(db, "rb");

	*s = NULL;
	if (!f) {
		fprintf(stderr, "agentdup: %s: cannot read the store\n", db);
		return AD_EXIT_INPUT;
	}
	fclose(f);
	if (ad_store_open_read(s, db, &err) == 0)
		return 0;
	fprintf(stderr, "agentdup: %s: %s\n", db, err.msg);
	return AD_EXIT_INPUT;
}

int cli_store_exit(int code)
{
	if (code == AD_EINVAL)
		return AD_EXIT_USAGE;
	if (code == AD_ENOTFOUND || code == AD_EPARSE)
		return AD_EXIT_INPUT;
	return AD_EXIT_FAILURE;
}

int cli_input_apply(cli_input *in, ad_load_opts *o)
{
	int rc;

	o->corpus.include = in->include;
	o->corpus.ninclude = in->ninclude;
	o->corpus.exclude = in->exclude;
	o->corpus.nexclude = in->nexclude;
	o->corpus.max_file_size = in->max_set ? in->max_file_size
					      : AD_MAX_FILE_SIZE;
	o->corpus.follow_outside = in->follow_outside;
	if (!in->stopwords_file)
		return 0;
	if ((rc = cli_read_stopwords(in->stopwords_file,
				     o->corpus.max_file_size,
				     &in->stopwords)))
		return rc;
	o->tokenizer.stopwords = in->stopwords;
	return 0;
}

void cli_input_dispose(cli_input *in)
{
	free(in->include);
	free(in->exclude);
	free(in->stopwords);
	memset(in, 0, sizeof(*in));
}
