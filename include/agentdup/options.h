/*
 * options.h - the options of reading a collection that a caller sets and
 * every later stage leaves alone: which files are agents, how their words
 * become terms, and how progress is told.
 *
 * Plain values owned by the caller; the library reads them during a call
 * and keeps nothing (strings and arrays must stay valid until it returns).
 */
#ifndef AGENTDUP_OPTIONS_H
#define AGENTDUP_OPTIONS_H

#include <stddef.h>

/* Which files of a folder are agent files (corpus walk, git trees). */
typedef struct ad_corpus_opts {
	const char *const *include; /* extra globs that select files */
	size_t ninclude;
	const char *const *exclude; /* globs that deselect files and folders */
	size_t nexclude;
	/* A file of more bytes is skipped, with an error naming it and the
	 * bound; 0: no bound. */
	size_t max_file_size;
	/* Follow symbolic links that lead outside every path given (by
	 * default they are reported and skipped). */
	int follow_outside;
} ad_corpus_opts;

/* The default bound on one file: 16 MiB, some 200 times the largest
 * agent file seen (80 KB); the analysis of one file needs about 18 bytes
 * of memory a byte. */
#define AD_MAX_FILE_SIZE ((size_t)16 << 20)

#define AD_CORPUS_OPTS_INIT {NULL, 0, NULL, 0, AD_MAX_FILE_SIZE, 0}

/* How words become terms (the tokenizer). */
typedef struct ad_tokenizer_opts {
	const char *language;  /* libstemmer algorithm; "english" default; "none" disables stemming */
	const char *stopwords; /* newline-separated list ('#' comments); NULL: built-in English list */
} ad_tokenizer_opts;

#define AD_TOKENIZER_OPTS_INIT {"english", NULL}

/* Called from one thread at a time as work advances: done of total. */
typedef void (*ad_progress_fn)(size_t done, size_t total, void *payload);

/* Called from the calling thread as an analysis enters each of its
 * stages: stage k (1 first) of n, and what it does ("aligning
 * sections"), a string the callee may only read during the call. */
typedef void (*ad_stage_fn)(int k, int n, const char *what, void *payload);

/* Called from one thread at a time as a long step of a stage advances
 * (a join): what the step works through ("rule wordings", a string the
 * callee may only read during the call), done of total. */
typedef void (*ad_step_fn)(const char *what, size_t done, size_t total,
			   void *payload);

#endif
