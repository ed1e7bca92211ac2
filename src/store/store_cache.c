/*
 * store_cache.c - the clusters kept per snapshot and settings, so that a
 * drift over a snapshot already clustered under the same settings skips
 * the analysis (drift_clusters.c computes them).
 *
 * Method: a clustering row says the clusters were computed (a snapshot
 * may have none), member rows list the clustered files. Putting them is a
 * cache fill: it does not wait for another writer, and within its
 * transaction it checks again that nobody kept them meanwhile, so the
 * first writer's clusters stay.
 */
#include "agentdup/store.h"
#include "store/store_cache.h"

#include <stdlib.h>

#include "store/store_db.h"
#include "store/store_internal.h"

/* ---- getting -------------------------------------------------------- */

static int read_members(ad_store_member **out, size_t *n, ad_store *s,
			int64_t snap, const char *settings, ad_error *err)
{
	ad_db_stmt *q = NULL;
	size_t cap = 0;
	int r;

	if ((r = ad_db_prepare(&q, s->db, "SELECT path, cluster, canonical"
			       " FROM member WHERE snapshot_id = ?1 AND"
			       " settings = ?2 ORDER BY path COLLATE BINARY",
			       err)) < 0)
		return r;
	ad_db_bind_int64(q, 1, snap);
	ad_db_bind_text(q, 2, settings);
	while ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		ad_store_member *m;

		ad_grow(out, &cap, *n + 1, sizeof(**out));
		m = &(*out)[(*n)++];
		m->path = ad_db_column_strdup(q, 0);
		m->cluster = (uint32_t)ad_db_column_int64(q, 1);
		m->canonical = ad_db_column_int(q, 2);
	}
	ad_db_finalize(q);
	return r;
}

/* The id of snapshot label and, when settings are kept for it, the
 * number of clusters (else -1). Fails with AD_ENOTFOUND when no snapshot
 * has that label. */
static int kept(int64_t *snap, int64_t *nclusters, ad_store *s,
		const char *label, const char *settings, ad_error *err)
{
	ad_db_stmt *q = NULL;
	int r;

	if ((r = ad_db_prepare(&q, s->db, "SELECT n.id, (SELECT c.clusters"
			       " FROM clustering c WHERE c.snapshot_id = n.id"
			       " AND c.settings = ?2) FROM snapshot n WHERE"
			       " n.label = ?1", err)) < 0)
		return r;
	ad_db_bind_text(q, 1, label);
	ad_db_bind_text(q, 2, settings);
	*snap = 0;
	*nclusters = -1;
	if ((r = ad_db_step(q, err)) == AD_DB_ROW) {
		*snap = ad_db_column_int64(q, 0);
		if (!ad_db_column_is_null(q, 1))
			*nclusters = ad_db_column_int64(q, 1);
		r = 0;
	}
	ad_db_finalize(q);
	if (r < 0)
		return r;
	if (!*snap)
		return ad_error_setat(err, AD_ENOTFOUND, ad_db_path(s->db), 0,
				      0, "no snapshot labelled %s", label);
	return 0;
}

int ad_store_clusters_get(ad_store_member **out, size_t *n,
			  size_t *nclusters, int *found, ad_store *s,
			  const char *label, const char *settings,
			  ad_error *err)
{
	int64_t snap, k;
	int rc;

	*out = NULL;
	*n = *nclusters = 0;
	*found = 0;
	if ((rc = kept(&snap, &k, s, label, settings, err)) < 0 || k < 0)
		return rc;
	if ((rc = read_members(out, n, s, snap, settings, err)) < 0) {
		ad_store_members_free(*out, *n);
		*out = NULL;
		*n = 0;
		return rc;
	}
	*nclusters = (size_t)k;
	*found = 1;
	return 0;
}

void ad_store_members_free(ad_store_member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i].path);
	free(m);
}

/* ---- putting -------------------------------------------------------- */

static int put_clustering(ad_store *s, int64_t snap, const char *settings,
			  size_t nclusters, ad_error *err)
{
	ad_db_stmt *q = NULL;
	int rc;

	if ((rc = ad_db_prepare(&q, s->db, "INSERT INTO clustering"
				" VALUES(?1, ?2, ?3)", err)) < 0)
		return rc;
	ad_db_bind_int64(q, 1, snap);
	ad_db_bind_text(q, 2, settings);
	ad_db_bind_int64(q, 3, (int64_t)nclusters);
	rc = ad_db_run(q, err);
	ad_db_finalize(q);
	return rc;
}

/* A member row for each clustered file i, canonical when it is its
 * cluster's. */
static int put_members(ad_store *s, int64_t snap, const char *settings,
		       const ad_store_file *files, size_t nfiles,
		       const uint32_t *cluster, const uint32_t *canonical,
		       ad_error *err)
{
	ad_db_stmt *q = NULL;
	size_t i;
	int rc;

	if ((rc = ad_db_prepare(&q, s->db, "INSERT INTO member"
				" VALUES(?1, ?2, ?3, ?4, ?5)", err)) < 0)
		return rc;
	for (i = 0; i < nfiles && rc == 0; i++) {
		if (!cluster[i])
			continue;
		ad_db_bind_int64(q, 1, snap);
		ad_db_bind_text(q, 2, settings);
		ad_db_bind_text(q, 3, files[i].path);
		ad_db_bind_int64(q, 4, cluster[i]);
		ad_db_bind_int64(q, 5, canonical[cluster[i] - 1] == i);
		rc = ad_db_run(q, err);
	}
	ad_db_finalize(q);
	return rc;
}

/* Keep the clusters through s, a writable handle. */
static int put(ad_store *s, const char *label, const char *settings,
	       const ad_store_file *files, size_t nfiles,
	       const uint32_t *cluster, const uint32_t *canonical,
	       size_t nclusters, ad_error *err)
{
	int64_t snap, k;
	int rc;

	/* a cache: not worth waiting for another writer */
	if ((rc = ad_db_begin_nowait(s->db, err)) < 0)
		return rc;
	rc = kept(&snap, &k, s, label, settings, err);
	if (rc == 0 && k < 0) /* else kept by someone else meanwhile */
		rc = put_clustering(s, snap, settings, nclusters, err);
	if (rc == 0 && k < 0)
		rc = put_members(s, snap, settings, files, nfiles, cluster,
				 canonical, err);
	return ad_db_end(s->db, rc, err);
}

int ad_store_clusters_put(ad_store *s, const char *label,
			  const char *settings, const ad_store_file *files,
			  size_t nfiles, const uint32_t *cluster,
			  const uint32_t *canonical, size_t nclusters,
			  ad_error *err)
{
	ad_store *w = NULL;
	int64_t snap, k;
	int rc;

	if (!ad_db_readonly(s->db))
		return put(s, label, settings, files, nfiles, cluster,
			   canonical, nclusters, err);
	/* a handle opened to read: the cache is written through a writer of
	 * its own, checked as any writer is, or not at all (a read-only
	 * medium, a damaged store); not opened when kept already */
	if ((rc = kept(&snap, &k, s, label, settings, err)) < 0 || k >= 0)
		return rc;
	if ((rc = ad_store_open(&w, ad_db_path(s->db), err)) == 0)
		rc = put(w, label, settings, files, nfiles, cluster,
			 canonical, nclusters, err);
	ad_store_close(w);
	return rc;
}
