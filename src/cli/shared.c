/*
 * shared.c - plumbing shared by the subcommands.
 */
#include "shared.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int cli_read_stopwords(const char *path, char **out)
{
	FILE *f = fopen(path, "rb");
	ad_buf b = AD_BUF_INIT;
	char chunk[4096];
	size_t r;

	*out = NULL;
	if (!f) {
		fprintf(stderr, "agentdup: %s: cannot read stopwords: %s\n",
			path, strerror(errno));
		return AD_EXIT_USAGE;
	}
	while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ad_buf_put(&b, chunk, r);
	if (ferror(f)) {
		fprintf(stderr, "agentdup: %s: cannot read stopwords: %s\n",
			path, strerror(errno));
		fclose(f);
		ad_buf_dispose(&b);
		return AD_EXIT_USAGE;
	}
	fclose(f);
	*out = ad_buf_detach(&b);
	return 0;
}

/* Paths and messages come from the files: escaped like any report. */
void cli_print_problems(const ad_audit *au, ad_severity min)
{
	ad_buf b = AD_BUF_INIT;
	size_t i;

	for (i = 0; i < au->collection->nproblems; i++) {
		const ad_problem *p = &au->collection->problems[i];
		int error = p->severity == AD_SEV_ERROR;

		if (p->severity < min)
			continue;
		ad_buf_puts(&b, "agentdup: ");
		ad_escape_line(&b, p->path);
		if (p->line)
			ad_buf_printf(&b, ":%d", p->line);
		ad_buf_puts(&b, error ? ": " : ": warning: ");
		ad_escape_line(&b, p->msg);
		ad_buf_putc(&b, '\n');
	}
	fputs(b.ptr, stderr);
	ad_buf_dispose(&b);
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
	if (!in->stopwords_file)
		return 0;
	if ((rc = cli_read_stopwords(in->stopwords_file, &in->stopwords)))
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
