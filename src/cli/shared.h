/*
 * shared.h - plumbing shared by the subcommands (scan, compare, query):
 * list options, numbers, stopword files, problems on stderr.
 */
#ifndef AGENTDUP_CLI_SHARED_H
#define AGENTDUP_CLI_SHARED_H

#include <stddef.h>

#include "agentdup/audit.h"
#include "agentdup/store.h"
#include "cli.h"

/* The options every command that reads agents shares, as designated
 * initializers of a cli_opt table indexed by the command's own enum. */
#define CLI_OPT_INCLUDE(i)                                                    \
	[i] = {"include", 0, CLI_LIST, "GLOB",                               \
	       "also take files matching GLOB (repeatable)"}
#define CLI_OPT_EXCLUDE(i)                                                    \
	[i] = {"exclude", 0, CLI_LIST, "GLOB",                               \
	       "skip files and folders matching GLOB (repeatable)"}
#define CLI_OPT_LANGUAGE(i)                                                   \
	[i] = {"language", 0, CLI_VALUE, "LANG",                             \
	       "stemming language (default english; none: no stemming)"}
#define CLI_OPT_STOPWORDS(i)                                                  \
	[i] = {"stopwords", 0, CLI_VALUE, "FILE",                            \
	       "stopword list, one per line (default: built-in English)"}
#define CLI_OPT_MAX_FILE_SIZE(i)                                              \
	[i] = {"max-file-size", 0, CLI_VALUE, "SIZE",                        \
	       "skip files over SIZE bytes (suffix k, M or G; default 16M; " \
	       "0: no bound)"}
#define CLI_OPT_FOLLOW_OUTSIDE(i)                                             \
	[i] = {"follow-outside", 0, CLI_FLAG, "",                            \
	       "follow symbolic links that lead outside the PATHs given"}
#define CLI_OPT_JOBS(i)                                                       \
	[i] = {"jobs", 'j', CLI_VALUE, "N",                                  \
	       "worker threads (default: one per CPU)"}

/* Append v to the malloc'd array *list of *n items. */
void cli_push(const char ***list, size_t *n, const char *v);

/* Parse a number in [lo, hi] for option --name, or print a usage error
 * and return -1. */
int cli_number_opt(const cli_cmd *cmd, const char *v, double lo, double hi,
		   double *out, const char *name);

/* Parse --max-file-size: bytes, or with a suffix k, M or G (times 1024
 * each); or print a usage error and return -1. */
int cli_size_opt(const cli_cmd *cmd, const char *v, size_t *out);

/* Read a stopword list into *out (malloc'd, NUL-terminated), a regular
 * file of at most max bytes (0: no bound); prints the error and returns
 * AD_EXIT_USAGE when it cannot be read. */
int cli_read_stopwords(const char *path, size_t max, char **out);

/* Whether each of the n paths named on the command line exists: the
 * first that does not is named on stderr in one line and AD_EXIT_USAGE
 * returned; else 0. One that exists but cannot be read is left to the
 * walk, which says why. */
int cli_paths_exist(const cli_cmd *cmd, const char *const *paths, size_t n);

/* Say, for each PATH of c under which the walk found no agent file, "no
 * agent files found in PATH" and what it passed over (with the --include
 * that would take it). When no PATH held one and fatal is set, as an
 * error (said even when quiet) and returns 1; else as a warning, unless
 * quiet, and returns 0. */
int cli_no_agents(const ad_collection *c, int quiet, int fatal);

/* Whether PATHs were given and none held an agent file. */
int cli_found_none(const ad_collection *c);

/* Problems of a collection printed on stderr before the rest are only
 * counted: a large collection may have thousands, and a screenful says
 * what they are (the JSON and HTML reports list every one). */
#define CLI_PROBLEMS_SHOWN 20

/* Print the audit's problems of severity at least min as
 * `agentdup: path:line: [warning: ]msg`, the first `shown` of them (SIZE_MAX:
 * all), then a line that counts the others, ending with hint (where to
 * find them) unless it is NULL. */
void cli_print_problems(const ad_audit *au, ad_severity min, size_t shown,
			const char *hint);

/* The options that choose and read a collection, shared by the commands
 * that analyse one: --include, --exclude, --stopwords, --max-file-size,
 * --follow-outside. The globs point into argv; the stopwords are read by
 * cli_input_apply() and freed by cli_input_dispose(). */
typedef struct cli_input {
	const char **include, **exclude;
	size_t ninclude, nexclude;
	const char *stopwords_file;
	char *stopwords;
	size_t max_file_size; /* with max_set; else AD_MAX_FILE_SIZE */
	int max_set;
	int follow_outside;
} cli_input;

/* Take --max-file-size v into in; 0, or -1 after a usage error. */
int cli_input_size(cli_input *in, const cli_cmd *cmd, const char *v);

/* Hand in's globs and stopwords (the file read now) to o. Returns 0 or an
 * exit status, the reason said. */
int cli_input_apply(cli_input *in, ad_load_opts *o);
void cli_input_dispose(cli_input *in);

/* Open the store at db for a query, read-only (ad_store_open_read()). A
 * missing file is refused (opening
 * would create it), as is a file that is not a store; either way the
 * reason is on stderr. Returns 0 or an exit status. */
int cli_open_store_to_read(ad_store **s, const char *db);

/* The exit status of a store query that failed with error code: an
 * unknown label or an ambiguous name is a usage error; too few snapshots,
 * an unknown agent or a foreign file, one of input. */
int cli_store_exit(int code);

/* What is wrong with a snapshot label given with --label, or NULL: empty,
 * or digits only (drift and history read those as a snapshot's number,
 * as 'snapshots' prints it). */
const char *cli_label_misuse(const char *label);

/* The default label of a snapshot: the time, UTC, "2026-11-23T16:20:00Z";
 * cap >= 21. */
void cli_default_label(char *out, size_t cap);

#endif
