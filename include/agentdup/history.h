/*
 * history.h - one agent across every snapshot of a store: where it was,
 * when it appeared, changed, moved, went away and came back, and how far
 * its text drifted.
 *
 * The agent is named as the user knows it (resolve, below) and followed
 * oldest snapshot first, through moves as ad_drift_run() finds them
 * (drift.h). Everything comes from the store alone.
 *
 * Ownership: ad_history_run() returns a result the caller frees with
 * ad_history_free(); every string and array in it belongs to it. The
 * writers append to the caller's buffer and keep nothing.
 */
#ifndef AGENTDUP_HISTORY_H
#define AGENTDUP_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/buf.h"
#include "agentdup/drift.h"
#include "agentdup/error.h"
#include "agentdup/hash.h"
#include "agentdup/store.h"

/* The agent at one snapshot, against the snapshot before. */
typedef enum ad_history_state {
	AD_HISTORY_ABSENT,    /* not there, and not there before either */
	AD_HISTORY_ADDED,     /* there, not in the snapshot before */
	AD_HISTORY_UNCHANGED, /* same path, same content */
	AD_HISTORY_CHANGED,   /* same path, other content */
	AD_HISTORY_MOVED,     /* another path, the same or similar content */
	AD_HISTORY_REMOVED    /* there before, not here */
} ad_history_state;

typedef struct ad_history_entry {
	char *label;
	char *created; /* UTC, as the store has it */
	char *note;    /* NULL when none */
	ad_history_state state;
	/* Its path here; removed: where it was last; absent: NULL (but the
	 * path it will have, or had, is in a neighbouring entry). */
	char *path;
	char *old_path; /* moved: its path in the snapshot before */
	/* Its content key and id; "" and 0 when absent or removed. */
	char hash[AD_HASH_HEX + 1];
	int64_t blob;
	/* Against the previous version (the last snapshot before this one
	 * that held the agent; for a re-added agent, the version it had
	 * when it was removed): whether there is one, 1 - cosine of the raw
	 * term counts, and what changed (kind AD_DRIFT_CHANGED, no path;
	 * empty when the content is the same). */
	int compared;
	int edited; /* compared, and the content differs: change is filled */
	double drift;
	ad_drift_agent change;
	size_t nrules, nsections; /* the agent's here; 0 when not here */
} ad_history_entry;

/* How the agent was named. */
typedef enum ad_history_match {
	AD_HISTORY_BY_PATH,   /* a path recorded in some snapshot */
	AD_HISTORY_BY_SUFFIX, /* a path ending in "/AGENT" */
	AD_HISTORY_BY_FILE,   /* a file name, with or without ".md" */
	AD_HISTORY_BY_NAME    /* the frontmatter name (any case) */
} ad_history_match;

typedef struct ad_history {
	char *agent; /* as asked */
	ad_history_match match;
	ad_history_entry *entries; /* one a snapshot, oldest first */
	size_t nentries;
	size_t first, last; /* entries that first and last hold the agent */
	size_t versions;    /* distinct contents */
	/* The first version against the last: 1 - cosine of the raw term
	 * counts (0 with one version). */
	double total_drift;
	char **paths; /* every path it had, in order of first use */
	size_t npaths;
	/* Snapshot pairs compared whole by ad_drift_run(): only where the
	 * followed path leaves, since a path held on both sides cannot be
	 * a move (drift pairs equal paths first). */
	size_t drift_runs;
} ad_history;

typedef struct ad_history_opts {
	double move_min;   /* as ad_drift_opts */
	double reword_min; /* as ad_drift_opts */
} ad_history_opts;

#define AD_HISTORY_OPTS_INIT {0.5, 0.5}

/* The history of agent in store s. opts may be NULL (the defaults).
 *
 * Resolve: a path recorded in some snapshot names the agent that held it
 * in the last snapshot where it appears. Otherwise the agent is matched
 * by path suffix ("/AGENT"), file name (AGENT or AGENT.md) or frontmatter
 * name (ignoring case), across all snapshots: the match in the latest
 * snapshot that has one is followed, and every other match must be that
 * same agent at some snapshot. Fails with AD_EINVAL when AGENT names two
 * agents (the message lists up to 10 of the paths), AD_ENOTFOUND when it
 * names none or the store holds no snapshot, AD_EIO on a database
 * error. */
int ad_history_run(ad_history **out, ad_store *s, const char *agent,
		   const ad_history_opts *opts, ad_error *err);
void ad_history_free(ad_history *h); /* NULL is a no-op */

/* "absent", "added", ... */
const char *ad_history_state_name(ad_history_state st);

#endif
