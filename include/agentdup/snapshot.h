/*
 * snapshot.h - recording snapshots in a store (store.h): of a collection
 * read for the purpose, and one per commit of a git repository's history.
 *
 * There is one way to record: ad_snapshot_record(), from a collection
 * whose inputs were keyed for it (collection.h, for_store). `scan
 * --db` records the collection its audit read; `snapshot PATH...` reads
 * one with ad_snapshot_load(), which parses only the contents the store
 * does not hold yet; the git import reads each commit's files from git
 * and records them the same way.
 *
 * Ownership: nothing given to these functions is kept after they return;
 * a collection from ad_snapshot_load() is the caller's, for
 * ad_collection_free(). The ad_commit and ad_diag passed to a callback,
 * and their strings, are borrowed for the duration of the call.
 */
#ifndef AGENTDUP_SNAPSHOT_H
#define AGENTDUP_SNAPSHOT_H

#include <stddef.h>

#include "agentdup/collection.h"
#include "agentdup/diag.h"
#include "agentdup/error.h"
#include "agentdup/store.h"

/* Read the collection under paths (as ad_collection_load() does, under
 * opts) for a snapshot in s: every file read and keyed, and parsed only
 * when s does not hold its content yet. Fails as ad_collection_load(). */
int ad_snapshot_load(ad_collection **out, ad_store *s,
		     const char *const *paths, size_t npaths,
		     const ad_load_opts *opts, ad_error *err);

/* Record snapshot label (with note, NULL for none) of the inputs of c,
 * loaded with for_store: each with its key, and with its bytes (a
 * file's read again, ad_collection_text()) and analysis when its content
 * is new; the inputs that could not be read or
 * parsed are left out (c's problems say why). st (may be NULL) receives
 * the store's counts. Fails as ad_store_record_entries() does, and with
 * AD_EINVAL for an empty label. */
int ad_snapshot_record(ad_store_stats *st, ad_store *s, const char *label,
		       const char *note, const ad_collection *c,
		       ad_error *err);

/* The same, into the store at path (opened, then closed), on a thread of
 * its own: the caller goes on while it records (a scan analysing the
 * collection, which it only reads), and must not change or free c, nor
 * the strings given, before ad_snapshot_wait(). Where no thread can be
 * made, the recording is done before ad_snapshot_start() returns. */
typedef struct ad_snapshot_job ad_snapshot_job;
ad_snapshot_job *ad_snapshot_start(const char *path, const char *label,
				   const ad_collection *c);

/* Wait for the recording of j, and free j: returns as
 * ad_snapshot_record() (or ad_store_open()) did, with st (may be NULL)
 * and err filled as they fill them. */
int ad_snapshot_wait(ad_snapshot_job *j, ad_store_stats *st, ad_error *err);

/* ---- from git ---- */

/* A commit of the history imported. */
typedef struct ad_commit {
	const char *sha;     /* its id, hex */
	const char *date;    /* committer date, strict ISO 8601 */
	const char *subject; /* first line of the message; "" when none */
} ad_commit;

/* The label of a commit's snapshot: the day of its committer date and the
 * first 12 hex digits of its id, "2025-08-01_cb2878c5a1b2". */
#define AD_SNAPSHOT_GIT_LABEL 24 /* bytes, with the NUL */
void ad_snapshot_git_label(char *out, const ad_commit *c);

typedef struct ad_snapshot_git_opts {
	const char *range; /* commits to import (git log syntax); NULL: HEAD */
	size_t max;        /* > 0: only the max most recent of them */
	ad_load_opts load; /* reading; load.corpus chooses agent files */
	/* Before each commit, the i-th (from 0) of n: whether it is skipped
	 * because its label is in the store already. May be NULL. */
	void (*progress)(const ad_commit *c, const char *label, size_t i,
			 size_t n, int skipped, void *payload);
	/* A file of commit c left out (empty, binary, or refused by the
	 * parser); d->path is its path in the repository. Reported at the
	 * first commit holding that content only. May be NULL. */
	void (*problem)(const ad_commit *c, const ad_diag *d,
			void *payload);
	void *payload;
} ad_snapshot_git_opts;

#define AD_SNAPSHOT_GIT_OPTS_INIT                                            \
	{NULL, 0, AD_LOAD_OPTS_INIT, NULL, NULL, NULL}

typedef struct ad_snapshot_git_stats {
	size_t commits;    /* that touched agent files, in range (and max) */
	size_t imported;   /* recorded as snapshots by this call */
	size_t skipped;    /* already recorded: their label was taken */
	size_t blobs_read; /* read from git: each distinct blob once */
	size_t blobs_new;  /* contents stored for the first time */
	size_t problems;   /* files left out, as reported to problem */
} ad_snapshot_git_stats;

/* Record one snapshot per commit of opts->range that touched an agent
 * file, oldest first, labelled by ad_snapshot_git_label() and noted
 * "commit <sha> <date> <subject>"; each holds every agent file of the
 * commit's tree, at its path in the repository. A commit whose label the
 * store holds is skipped, so importing again adds only new commits. Each
 * snapshot is one transaction: on failure the ones before it stay. Fails
 * when repo is missing or git is not installed (AD_ENOTFOUND), repo is
 * not a repository (AD_EINVAL), a revision is unknown (AD_ENOTFOUND), git
 * fails (AD_EIO), or as ad_snapshot_record(); st (may be NULL) then holds
 * the counts so far. */
int ad_snapshot_git(ad_snapshot_git_stats *st, ad_store *s,
		    const char *repo, const ad_snapshot_git_opts *opts,
		    ad_error *err);

#endif
