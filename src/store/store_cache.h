/*
 * store_cache.h - the clusters of a snapshot, computed once and kept
 * (store_cache.c; drift_clusters.c computes them).
 *
 * Ownership: a member list returned is the caller's, for
 * ad_store_members_free().
 */
#ifndef AGENTDUP_STORE_CACHE_H
#define AGENTDUP_STORE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "agentdup/error.h"
#include "agentdup/store.h"
#include "store/store_read.h"

/* A clustered file of a snapshot. */
typedef struct ad_store_member {
	char *path;
	uint32_t cluster; /* 1-based */
	int canonical;    /* the cluster's canonical */
} ad_store_member;

/* *found: whether the clusters of snapshot label under settings are kept;
 * then *out (the caller's, for ad_store_members_free()) lists the
 * clustered files sorted by path (bytewise), and *nclusters counts the
 * clusters. Fails with AD_ENOTFOUND when no snapshot has that label. */
int ad_store_clusters_get(ad_store_member **out, size_t *n,
			  size_t *nclusters, int *found, ad_store *s,
			  const char *label, const char *settings,
			  ad_error *err);
void ad_store_members_free(ad_store_member *m, size_t n);

/* Keep the clusters of snapshot label under settings, in one transaction:
 * file i of files (the snapshot's) is in cluster[i] (1-based; 0: none),
 * and canonical[c] is the file index of cluster c + 1's canonical. Clusters
 * already kept under those settings are left as they are. It does not wait
 * for another writer: while one writes, it fails (AD_EIO), keeping
 * nothing. */
int ad_store_clusters_put(ad_store *s, const char *label,
			  const char *settings, const ad_store_file *files,
			  size_t nfiles, const uint32_t *cluster,
			  const uint32_t *canonical, size_t nclusters,
			  ad_error *err);

#endif
