/*
 * cli.h - the command-line layer: option tables, subcommands, exit codes.
 *
 * One option table per subcommand drives both parsing and --help, so the
 * two cannot drift apart. Subcommands call one library function, print,
 * and map the outcome to an exit code.
 */
#ifndef AGENTDUP_CLI_H
#define AGENTDUP_CLI_H

#include <stddef.h>
#include <stdio.h>

/* Exit codes (documented in the README). */
enum {
	AD_EXIT_OK = 0,       /* done, nothing above policy */
	AD_EXIT_FINDINGS = 1, /* findings above policy (gating) */
	AD_EXIT_USAGE = 2,    /* bad command line */
	AD_EXIT_INPUT = 3,    /* some inputs could not be read or parsed */
	AD_EXIT_FAILURE = 4,  /* the run itself failed (output not written) */
	AD_EXIT_EMPTY = 5     /* no agent file under the PATHs given */
};

typedef enum cli_arg {
	CLI_FLAG,  /* no value */
	CLI_VALUE, /* one value: --name VALUE, --name=VALUE, -n VALUE */
	CLI_LIST   /* repeatable value */
} cli_arg;

typedef struct cli_opt {
	const char *name; /* long name without dashes */
	char alias;       /* short name, 0 for none */
	cli_arg arg;
	const char *value_name; /* shown in help: --threshold T */
	const char *help;
} cli_opt;

typedef struct cli_cmd {
	const char *name;
	const char *summary;
	const char *usage;  /* after "agentdup NAME " */
	const char *detail; /* paragraph after the usage, may be NULL */
	const cli_opt *opts;
	size_t nopts;
	int (*run)(int argc, char **argv);
} cli_cmd;

/* Called for each option found (index into the table, its value or NULL)
 * and for each positional argument (index -1). Returns 0, or non-zero to
 * stop with a usage error (after printing a message). */
typedef int (*cli_on_arg)(int opt, const char *value, void *payload);

/* Parse argv[1..argc) against cmd's table. Returns 0, or AD_EXIT_USAGE after
 * printing a short usage message on stderr. --help prints help on stdout
 * and returns -1 (the caller exits 0). */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, cli_on_arg on_arg,
	      void *payload);

void cli_help(FILE *out, const cli_cmd *cmd);
void cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Parse a number in [lo, hi]; 0 on success. */
int cli_number(const char *s, double lo, double hi, double *out);

/* Whether colour is wanted on this stream: a terminal and NO_COLOR unset. */
int cli_color(FILE *stream);

/* The columns a text report fits when it is not written to a terminal. */
#define CLI_WIDTH_DEFAULT 80

/* Columns of the terminal stream writes to (its size, else $COLUMNS,
 * else CLI_WIDTH_DEFAULT); CLI_WIDTH_DEFAULT when it is not a terminal. */
int cli_width(FILE *stream);

/* The columns a text report written to output fits: the terminal's when
 * output is stdout ("-" or NULL), else CLI_WIDTH_DEFAULT. */
int cli_report_width(const char *output);

/* Seconds on a monotonic clock, for --stats. */
double cli_now(void);

/* Write len bytes to path ("-" or NULL: stdout); prints the error. */
int cli_write(const char *path, const char *data, size_t len);

/* An output written as a stream: open it, hand cli_sink (an ad_buf_sink)
 * and the cli_out to a writer, then close it with what the writer left
 * in its buffer. A failed write is remembered and said once, at close. */
typedef struct cli_out {
	FILE *f;
	const char *path; /* NULL: stdout */
	int err;          /* errno of the first failed write, or 0 */
	int failed;
} cli_out;

/* Open path ("-" or NULL: stdout); prints the error and returns -1. */
int cli_out_open(cli_out *o, const char *path);
void cli_sink(void *ctx, const char *data, size_t len);
/* Write data[0..len), flush and close; prints a failure; 0 or -1. */
int cli_out_close(cli_out *o, const char *data, size_t len);

extern const cli_cmd cli_cmd_scan;
extern const cli_cmd cli_cmd_compare;
extern const cli_cmd cli_cmd_query;
extern const cli_cmd cli_cmd_route;
extern const cli_cmd cli_cmd_snapshot;
extern const cli_cmd cli_cmd_snapshots;
extern const cli_cmd cli_cmd_drift;
extern const cli_cmd cli_cmd_history;

#endif
