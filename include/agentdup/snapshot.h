/*
 * snapshot.h - recording snapshots in a store (store.h) from files already
 * read, and from the history of a git repository (gitsrc.h), one snapshot
 * per commit.
 *
 * Both go the fast way store.h describes: every file is hashed, only
 * contents the store does not hold yet are parsed (as the texts of a
 * load-only audit), and the snapshot is recorded in one transaction.
 *
 * Ownership: nothing given to these functions is kept after they return.
 * The ad_git_commit and ad_diag passed to a callback, and their strings,
 * are borrowed for the duration of the call.
 */
#ifndef AGENTDUP_SNAPSHOT_H
#define AGENTDUP_SNAPSHOT_H

#include <stddef.h>

#include "agentdup/audit.h"
#include "agentdup/diag.h"
#include "agentdup/error.h"
#include "agentdup/gitsrc.h"
#include "agentdup/store.h"

/* One file of a snapshot, read and hashed by the caller. */
typedef struct ad_snapshot_file {
	const char *path; /* as recorded */
	/* Its bytes, NUL-terminated (text[len] == '\0'); needed only when
	 * the content is not known: a known content may have NULL. */
	const char *text;
	size_t len;
	char hash[AD_STORE_HASH_HEX + 1]; /* ad_store_hash_bytes() */
	int known; /* ad_store_known(): the store holds this content */
} ad_snapshot_file;

/* Record snapshot label (with note, NULL for none) of the n files: parse
 * the ones not known with a load-only audit under opts (its texts and
 * load_only are set here), and record every file but those the parser
 * refused, which go to diag (severity error, the file's path) first.
 * st (may be NULL) receives the store's counts. Fails as
 * ad_store_record_entries() does, or with ad_audit_run()'s error. */
int ad_snapshot_record(ad_store_stats *st, ad_store *s, const char *label,
		       const char *note, const ad_snapshot_file *files,
		       size_t n, const ad_audit_opts *opts, ad_diag_fn diag,
		       void *payload, ad_error *err);

/* ---- from git ---- */

/* The label of a commit's snapshot: the day of its committer date and the
 * first 12 hex digits of its id, "2025-08-01_cb2878c5a1b2". */
#define AD_SNAPSHOT_GIT_LABEL 24 /* bytes, with the NUL */
void ad_snapshot_git_label(char *out, const ad_git_commit *c);

typedef struct ad_snapshot_git_opts {
	const char *range; /* commits to import (git log syntax); NULL: HEAD */
	size_t max;        /* > 0: only the max most recent of them */
	ad_audit_opts audit; /* analysis; audit.corpus chooses agent files */
	/* Before each commit, the i-th (from 0) of n: whether it is skipped
	 * because its label is in the store already. May be NULL. */
	void (*progress)(const ad_git_commit *c, const char *label, size_t i,
			 size_t n, int skipped, void *payload);
	/* A file of commit c left out (empty, binary, or refused by the
	 * parser); d->path is its path in the repository. Reported at the
	 * first commit holding that content only. May be NULL. */
	void (*problem)(const ad_git_commit *c, const ad_diag *d,
			void *payload);
	void *payload;
} ad_snapshot_git_opts;

#define AD_SNAPSHOT_GIT_OPTS_INIT                                            \
	{NULL, 0, AD_AUDIT_OPTS_INIT, NULL, NULL, NULL}

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
 * as ad_gitsrc_open() and ad_gitsrc_commits() do, or as
 * ad_snapshot_record(); st (may be NULL) then holds the counts so far. */
int ad_snapshot_git(ad_snapshot_git_stats *st, ad_store *s,
		    const char *repo, const ad_snapshot_git_opts *opts,
		    ad_error *err);

#endif
