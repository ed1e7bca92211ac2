/*
 * opt.c - option parsing and help, both driven by one table.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "agentdup/report.h"
#include "cli.h"

static int find_long(const cli_cmd *cmd, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < cmd->nopts; i++)
		if (strlen(cmd->opts[i].name) == len &&
		    strncmp(cmd->opts[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int find_short(const cli_cmd *cmd, char c)
{
	size_t i;

	for (i = 0; i < cmd->nopts; i++)
		if (cmd->opts[i].alias == c)
			return (int)i;
	return -1;
}

void cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "agentdup %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: agentdup %s %s\n", cmd->name, cmd->usage);
	fprintf(stderr, "try 'agentdup %s --help' for more\n", cmd->name);
}

/* Handle one option; *i moves past a separate value. */
static int take(const cli_cmd *cmd, int opt, const char *inline_value,
		int argc, char **argv, int *i, cli_on_arg on_arg, void *payload)
{
	const cli_opt *o = &cmd->opts[opt];
	const char *value = inline_value;

	if (o->arg == CLI_FLAG) {
		if (inline_value) {
			cli_usage_error(cmd, "--%s takes no value", o->name);
			return AD_EXIT_USAGE;
		}
		return on_arg(opt, NULL, payload) ? AD_EXIT_USAGE : 0;
	}
	if (!value) {
		if (*i + 1 >= argc) {
			cli_usage_error(cmd, "--%s needs a value (%s)", o->name,
					o->value_name);
			return AD_EXIT_USAGE;
		}
		value = argv[++*i];
	}
	return on_arg(opt, value, payload) ? AD_EXIT_USAGE : 0;
}

static int long_opt(const cli_cmd *cmd, int argc, char **argv, int *i,
		    cli_on_arg on_arg, void *payload)
{
	const char *name = argv[*i] + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	int opt;

	if (len == 4 && strncmp(name, "help", 4) == 0) {
		cli_help(stdout, cmd);
		return -1;
	}
	opt = find_long(cmd, name, len);
	if (opt < 0) {
		cli_usage_error(cmd, "unknown option --%.*s", (int)len, name);
		return AD_EXIT_USAGE;
	}
	return take(cmd, opt, eq ? eq + 1 : NULL, argc, argv, i, on_arg,
		    payload);
}

static int short_opts(const cli_cmd *cmd, int argc, char **argv, int *i,
		      cli_on_arg on_arg, void *payload)
{
	const char *p;
	int rc, opt;

	for (p = argv[*i] + 1; *p; p++) {
		if (*p == 'h') {
			cli_help(stdout, cmd);
			return -1;
		}
		opt = find_short(cmd, *p);
		if (opt < 0) {
			cli_usage_error(cmd, "unknown option -%c", *p);
			return AD_EXIT_USAGE;
		}
		if (cmd->opts[opt].arg != CLI_FLAG) /* -oFILE or -o FILE */
			return take(cmd, opt, p[1] ? p + 1 : NULL, argc, argv,
				    i, on_arg, payload);
		if ((rc = take(cmd, opt, NULL, argc, argv, i, on_arg, payload)))
			return rc;
	}
	return 0;
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, cli_on_arg on_arg,
	      void *payload)
{
	int i, rc, positional_only = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (positional_only || a[0] != '-' || a[1] == '\0')
			rc = on_arg(-1, a, payload) ? AD_EXIT_USAGE : 0;
		else if (strcmp(a, "--") == 0)
			positional_only = 1, rc = 0;
		else if (a[1] == '-')
			rc = long_opt(cmd, argc, argv, &i, on_arg, payload);
		else
			rc = short_opts(cmd, argc, argv, &i, on_arg, payload);
		if (rc)
			return rc;
	}
	return 0;
}

/* The length of the word at s: up to a space, or with groups, up to a
 * space outside brackets and parentheses ("[-o FILE]" is one word of a
 * usage line). */
static size_t word_length(const char *s, int groups)
{
	size_t n = 0;
	int depth = 0;

	for (; s[n] && (s[n] != ' ' || depth > 0); n++) {
		if (groups && (s[n] == '[' || s[n] == '('))
			depth++;
		else if (groups && (s[n] == ']' || s[n] == ')') && depth > 0)
			depth--;
	}
	return n;
}

/* text, its words one space apart, from column col on: a line ends
 * before the word that would pass width, and the next starts at col. A
 * word longer than the room is written whole. */
static void put_wrapped(FILE *out, const char *text, size_t col,
			size_t width, int groups)
{
	size_t at = col;

	while (*text) {
		size_t n = word_length(text, groups);
		size_t cols = ad_report_columns(text, n);

		if (at > col && at + 1 + cols > width) {
			fprintf(out, "\n%*s", (int)col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', out);
			at++;
		}
		fwrite(text, 1, n, out);
		at += cols;
		text += n;
		while (*text == ' ')
			text++;
	}
	fputc('\n', out);
}

/* Where an option's help starts: after its names, at column 29 unless
 * they reach past it; on a terminal too narrow to give it 24 columns
 * there, on a line of its own, at column 8. */
#define HELP_COLUMN 26
#define HELP_ROOM 24
#define HELP_ALONE 8

static void help_line(FILE *out, const char *left, const char *help,
		      size_t width)
{
	size_t n = strlen(left);
	size_t col = 2 + (n > HELP_COLUMN ? n : HELP_COLUMN) + 1;

	if (col + HELP_ROOM > width) {
		fprintf(out, "  %s\n%*s", left, HELP_ALONE, "");
		col = HELP_ALONE;
	} else {
		fprintf(out, "  %-*s ", HELP_COLUMN, left);
	}
	put_wrapped(out, help, col, width, 0);
}

void cli_help(FILE *out, const cli_cmd *cmd)
{
	size_t i, width = (size_t)cli_width(out);

	fprintf(out, "usage: agentdup %s ", cmd->name);
	put_wrapped(out, cmd->usage,
		    strlen("usage: agentdup ") + strlen(cmd->name) + 1, width, 1);
	fputc('\n', out);
	put_wrapped(out, cmd->summary, 0, width, 0);
	if (cmd->detail)
		fprintf(out, "\n%s\n", cmd->detail);
	fprintf(out, "\noptions:\n");
	for (i = 0; i < cmd->nopts; i++) {
		const cli_opt *o = &cmd->opts[i];
		char left[64];

		snprintf(left, sizeof(left), "%c%c%s--%s%s%s",
			 o->alias ? '-' : ' ', o->alias ? o->alias : ' ',
			 o->alias ? ", " : "  ", o->name,
			 o->arg == CLI_FLAG ? "" : " ",
			 o->arg == CLI_FLAG ? "" : o->value_name);
		help_line(out, left, o->help, width);
	}
	help_line(out, "-h, --help", "show this help and exit", width);
}

int cli_number(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

int cli_width(FILE *stream)
{
	struct winsize ws;
	const char *env;
	double cols;

	if (!isatty(fileno(stream)))
		return CLI_WIDTH_DEFAULT;
	if (ioctl(fileno(stream), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	env = getenv("COLUMNS");
	if (env && cli_number(env, 20, 10000, &cols) == 0)
		return (int)cols;
	return CLI_WIDTH_DEFAULT;
}

int cli_report_width(const char *output)
{
	if (!output || strcmp(output, "-") == 0)
		return cli_width(stdout);
	return CLI_WIDTH_DEFAULT;
}

double cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cli_color(FILE *stream)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return 0;
	return isatty(fileno(stream));
}

int cli_write(const char *path, const char *data, size_t len)
{
	FILE *f = stdout;

	if (path && strcmp(path, "-") != 0 && !(f = fopen(path, "wb"))) {
		fprintf(stderr, "agentdup: %s: cannot write: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
		fprintf(stderr, "agentdup: %s: write failed: %s\n",
			path ? path : "stdout", strerror(errno));
		if (f != stdout)
			fclose(f);
		return -1;
	}
	return f != stdout && fclose(f) != 0 ? -1 : 0;
}

int cli_out_open(cli_out *o, const char *path)
{
	o->path = path && strcmp(path, "-") != 0 ? path : NULL;
	o->f = stdout;
	o->err = 0;
	o->failed = 0;
	if (o->path && !(o->f = fopen(o->path, "wb"))) {
		fprintf(stderr, "agentdup: %s: cannot write: %s\n", o->path,
			strerror(errno));
		return -1;
	}
	return 0;
}

void cli_sink(void *ctx, const char *data, size_t len)
{
	cli_out *o = ctx;

	if (o->failed)
		return;
	if (fwrite(data, 1, len, o->f) != len) {
		o->failed = 1;
		o->err = errno;
	}
}

int cli_out_close(cli_out *o, const char *data, size_t len)
{
	int rc;

	cli_sink(o, data, len);
	if (!o->failed && fflush(o->f) != 0) {
		o->failed = 1;
		o->err = errno;
	}
	if (o->failed)
		fprintf(stderr, "agentdup: %s: write failed: %s\n",
			o->path ? o->path : "stdout", strerror(o->err));
	rc = o->failed ? -1 : 0;
	if (o->f != stdout && fclose(o->f) != 0)
		rc = -1;
	return rc;
}
