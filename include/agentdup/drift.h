/*
 * drift.h - what changed between two snapshots of a store: agents added,
 * removed, changed in place, and moved (a path gone and a path new, with
 * the same content or a similar one), and for an agent whose text changed,
 * which sections, rules and frontmatter values did.
 *
 * Everything comes from the store alone (store.h): the files of each
 * snapshot, and the stored analysis and raw term counts of each content.
 * With opts.clusters, how the clusters changed comes as well, from the
 * library's cluster module (track/drift_clusters.h), which analyses each
 * snapshot's stored texts again as `scan` would.
 *
 * Ownership: ad_drift_run() returns a result the caller frees with
 * ad_drift_free(); every string in it belongs to it. The writers append to
 * the caller's buffer and keep nothing.
 */
#ifndef AGENTDUP_DRIFT_H
#define AGENTDUP_DRIFT_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/buf.h"
#include "agentdup/error.h"
#include "agentdup/options.h"
#include "agentdup/store.h"

/* What happened to an agent; also the order of the report. */
typedef enum ad_drift_kind {
	AD_DRIFT_MOVED,
	AD_DRIFT_ADDED,
	AD_DRIFT_REMOVED,
	AD_DRIFT_CHANGED
} ad_drift_kind;

/* A change in an agent's text: added ('+'), removed ('-'), or changed or
 * reworded ('~'). */
typedef struct ad_drift_section {
	char op;
	char *path; /* heading path */
} ad_drift_section;

typedef struct ad_drift_rule {
	char op;
	char *old_text; /* NULL when added */
	char *new_text; /* NULL when removed */
	double score;   /* '~': token Jaccard of the two texts */
} ad_drift_rule;

/* A frontmatter key whose values differ; values of a list joined with
 * ", ", NULL when the key is absent. */
typedef struct ad_drift_field {
	char *key;
	char *old_value;
	char *new_value;
	int flagged; /* tools or model: what the agent may do, or runs on */
} ad_drift_field;

typedef struct ad_drift_agent {
	ad_drift_kind kind;
	char *path;     /* in the newer snapshot (removed: in the older) */
	char *old_path; /* moved: in the older snapshot; else NULL */
	int exact;      /* moved: the same content */
	/* Moved with edits and changed: cosine of the raw term counts, and
	 * drift = 1 - similarity. */
	double similarity, drift;
	ad_drift_section *sections; /* '-' by old order, then '~' and '+' */
	size_t nsections;
	ad_drift_rule *rules; /* '~', then '-', then '+', in text order */
	size_t nrules;
	ad_drift_field *fields; /* by key */
	size_t nfields;
	int flagged; /* some field is flagged */
	/* With opts.texts: the frontmatter name of the newer version (removed:
	 * the older), NULL when it has none; and for a changed or moved with
	 * edits agent, both versions' analyses as the store holds them
	 * (store/store_read.h), for a page that sets them side by side.
	 * NULL otherwise. */
	char *name;
	struct ad_store_blob *old_text, *new_text;
	/* With the texts: per rule of old_text, 1 + the rule of new_text it
	 * was kept as (the same text) or reworded as; 0 when removed. */
	size_t *old_mates;
} ad_drift_agent;

typedef struct ad_drift {
	char *from, *to;              /* the labels compared */
	int reversed; /* from was recorded after to: the changes go back */
	size_t from_agents, to_agents; /* files in each */
	size_t added, removed, unchanged, changed, moved_exact, moved_edited;
	/* every agent but the unchanged: by kind, then path */
	ad_drift_agent *agents;
	size_t nagents;
	/* How the clusters changed (opts.clusters), NULL when not asked;
	 * its fields are the library's (track/drift_clusters.h). */
	struct ad_drift_clusters *clusters;
} ad_drift;

typedef struct ad_drift_opts {
	/* labels, or numbers as ad_store_snapshot.id (a label wins); NULL:
	 * the last snapshot, and the one before to */
	const char *from, *to;
	double move_min;       /* a move with edits: cosine above this */
	double reword_min;     /* a reworded rule: Jaccard at least this */
	int clusters;          /* analyse both snapshots for their clusters */
	int jobs;              /* threads for that (0: one per CPU) */
	double away_min;       /* the fall that makes a member drift away */
	/* ad_timeline_run(): called after each snapshot (may be NULL) */
	ad_progress_fn progress;
	void *progress_payload;
	int texts; /* keep names and both versions' texts (ad_drift_agent) */
} ad_drift_opts;

#define AD_DRIFT_OPTS_INIT {NULL, NULL, 0.5, 0.5, 1, 0, 0.05, NULL, NULL, 0}

/* Compare snapshot opts->from with opts->to, in that order, even when
 * from is the later one (d->reversed says so). Fails with AD_EINVAL when
 * a label or number names no snapshot (the message lists the numbers and
 * labels there are), AD_ENOTFOUND when a default is needed and the store
 * holds fewer than two snapshots, AD_EIO on a database error. */
int ad_drift_run(ad_drift **out, ad_store *s, const ad_drift_opts *opts,
		 ad_error *err);
void ad_drift_free(ad_drift *d); /* NULL is a no-op */

/* One snapshot of a store's timeline, and how it differs from the one
 * before it (zero for the first). */
typedef struct ad_timeline_point {
	char *label, *created, *note;
	size_t agents;
	int clustered; /* clusters and clustered were computed */
	size_t clusters, clustered_agents;
	size_t added, removed, changed, moved;
	/* over the agents in both snapshots (same path or moved): the mean
	 * drift, unchanged ones counting 0 */
	double mean_drift;
} ad_timeline_point;

/* Every snapshot of the store, oldest first, into *out (the caller's, for
 * ad_timeline_free()). opts supplies move_min, reword_min, clusters and
 * jobs; its labels and texts are ignored. */
int ad_timeline_run(ad_timeline_point **out, size_t *n, ad_store *s,
		    const ad_drift_opts *opts, ad_error *err);
void ad_timeline_free(ad_timeline_point *t, size_t n);

/* Describe how content y differs from content x (two blobs of the store)
 * into *out, as ad_drift_run() describes a changed agent: kind
 * AD_DRIFT_CHANGED, no path, similarity and drift from the raw term
 * counts, and the sections, rules and fields that differ. opts may be
 * NULL (the defaults; only reword_min is used). *out is the caller's, for
 * ad_drift_agent_dispose(), and is empty after a failure (AD_EIO). */
int ad_drift_describe(ad_drift_agent *out, ad_store *s, int64_t x,
		      int64_t y, const ad_drift_opts *opts, ad_error *err);
/* Free what a holds and leave it empty; NULL is a no-op. */
void ad_drift_agent_dispose(ad_drift_agent *a);

/* The names the reports give: "moved", "added", "removed", "changed". */
const char *ad_drift_kind_name(ad_drift_kind k);

#endif
