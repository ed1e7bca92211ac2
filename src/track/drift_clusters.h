/*
 * drift_clusters.h - the clusters of a snapshot, and how clusters changed
 * between two snapshots: which formed, merged, split, dissolved or
 * changed members, and which members drifted away from their canonical.
 *
 * Clusters come from the stored texts: each snapshot is analysed again as
 * `scan` would analyse it (with the default settings), so the clusters
 * drift reports are the ones a scan of that snapshot reports. They are
 * followed through their members, with the pairing of agents drift made
 * (drift.h): this module takes that pairing as input and knows nothing
 * else of drift.
 *
 * Ownership: ad_drift_clusters_run() returns a result the caller frees
 * with ad_drift_clusters_free() (an ad_drift holds one and frees it with
 * itself); every string in it belongs to it. An ad_snapshot_clusters owns
 * its arrays until ad_snapshot_clusters_dispose(); files stay the
 * caller's.
 */
#ifndef AGENTDUP_TRACK_DRIFT_CLUSTERS_H
#define AGENTDUP_TRACK_DRIFT_CLUSTERS_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "agentdup/store.h"
#include "store/store_read.h"

/* ---- the clusters of one snapshot --------------------------------- */

/* The clusters of snapshot label, whose files are files (as
 * ad_store_files() lists them), as a scan of its texts forms them:
 * cluster[i] is the 1-based cluster of files[i] (0: none); canonical[c]
 * and size[c] describe cluster c + 1. Computed once and kept in the store
 * (its member table) for the next query. Fails with AD_ENOTFOUND when the
 * store keeps no text for some file. */
typedef struct ad_snapshot_clusters {
	size_t nfiles, nclusters, nclustered;
	uint32_t *cluster;   /* per file */
	uint32_t *canonical; /* per cluster: a file index */
	uint32_t *size;      /* per cluster */
} ad_snapshot_clusters;

int ad_snapshot_clusters_run(ad_snapshot_clusters *out, ad_store *s,
			     const char *label, const ad_store_file *files,
			     size_t n, int jobs, ad_error *err);
void ad_snapshot_clusters_dispose(ad_snapshot_clusters *c);

/* ---- how clusters changed between two snapshots ------------------- */

/* What happened to a cluster, or to the clusters its members were in.
 * An agent of the older snapshot is the same agent in the newer when
 * drift paired them (it kept its path or moved); also the order of the
 * report. */
typedef enum ad_cluster_change {
	AD_CLUSTER_FORMED,    /* none of its members were in a cluster */
	AD_CLUSTER_MERGED,    /* its members come from two or more */
	AD_CLUSTER_SPLIT,     /* an older cluster's members are now in two
				 or more */
	AD_CLUSTER_DISSOLVED, /* none of an older cluster's members are in a
				 cluster any more (or they are all gone) */
	AD_CLUSTER_CHANGED    /* one to one, but members joined or left, or
				 the canonical changed */
} ad_cluster_change;

/* A cluster of one snapshot, named by its canonical. */
typedef struct ad_drift_cref {
	char *canonical; /* path in its snapshot */
	size_t size;
} ad_drift_cref;

typedef struct ad_drift_cluster {
	ad_cluster_change kind;
	ad_drift_cref *before; /* the older snapshot's clusters involved */
	size_t nbefore;
	ad_drift_cref *after;  /* the newer's */
	size_t nafter;
	/* Paths in the newer snapshot of the members that joined (formed:
	 * all of them), and in the older of those that left (dissolved: all
	 * of them); each sorted. */
	char **joined, **left;
	size_t njoined, nleft;
} ad_drift_cluster;

/* A member that drifted away from its cluster's canonical: the cosine of
 * their raw term counts fell by at least away_min. */
typedef struct ad_drift_away {
	char *path;      /* in the newer snapshot */
	char *canonical; /* its cluster's canonical there */
	double before, after;
} ad_drift_away;

/* The clusters of two snapshots compared: whether they were computed,
 * and if not, why (a snapshot whose texts the store does not keep). */
typedef struct ad_drift_clusters {
	int clustered;
	char *note;
	size_t from_clusters, to_clusters; /* clusters in each snapshot */
	ad_drift_cluster *changes; /* by kind, then the first canonical */
	size_t nchanges;
	ad_drift_away *away;       /* the largest fall first */
	size_t naway;
} ad_drift_clusters;

typedef struct ad_drift_clusters_input {
	const char *from, *to;       /* the snapshots' labels */
	const ad_store_file *a, *b;  /* their files, older and newer */
	size_t na, nb;
	const size_t *mate_a; /* j + 1 when a[i] is b[j], else 0 */
	int jobs;             /* threads for the analyses (0: one per CPU) */
	double away_min;      /* the fall that makes a member drift away */
} ad_drift_clusters_input;

/* Analyse both snapshots (one analysis when they hold the same files)
 * and follow their clusters into *out. A snapshot without texts is not
 * an error: clustered stays 0 and note says why. Fails as the store or
 * the analysis fails (AD_EIO on a database error), and then *out is
 * NULL. */
int ad_drift_clusters_run(ad_drift_clusters **out, ad_store *s,
			  const ad_drift_clusters_input *in, ad_error *err);
void ad_drift_clusters_free(ad_drift_clusters *c); /* NULL is a no-op */

/* "formed", "merged", "split", "dissolved", "changed". */
const char *ad_cluster_change_name(ad_cluster_change c);

#endif
