/*
 * timeline.c - a store's snapshots in order, each with its agents, its
 * clusters, and how far it drifted from the one before: what the drift
 * report's timeline draws.
 *
 * Ownership: ad_timeline_run() returns an array the caller frees with
 * ad_timeline_free(), strings included.
 */
#include <stdlib.h>
#include <string.h>

#include "agentdup/drift.h"
#include "agentdup/error.h"
#include "track/drift_clusters.h"

/* Agents, and clusters when asked and the texts are kept. */
static int point_of(ad_timeline_point *p, ad_store *s,
		    const ad_store_snapshot *snap, const ad_drift_opts *o,
		    ad_error *err)
{
	ad_store_file *f = NULL;
	ad_snapshot_clusters c;
	size_t n = 0;
	int rc;

	p->label = ad_xstrdup(snap->label);
	p->created = ad_xstrdup(snap->created);
	p->note = snap->note ? ad_xstrdup(snap->note) : NULL;
	p->agents = snap->nagents;
	if (!o->clusters)
		return 0;
	if ((rc = ad_store_files(&f, &n, s, snap->label, err)) != 0)
		return rc;
	rc = ad_snapshot_clusters_run(&c, s, snap->label, f, n, o->jobs,
				      err);
	if (rc == 0) {
		p->clustered = 1;
		p->clusters = c.nclusters;
		p->clustered_agents = c.nclustered;
	} else if (rc == AD_ENOTFOUND) { /* no texts kept: no clusters */
		ad_error_clear(err);
		rc = 0;
	}
	ad_snapshot_clusters_dispose(&c);
	ad_store_files_free(f, n);
	return rc;
}

/* The changes from the snapshot before. */
static int step_of(ad_timeline_point *p, ad_store *s, const char *from,
		   const ad_drift_opts *o, ad_error *err)
{
	ad_drift_opts d_opts = *o;
	ad_drift *d = NULL;
	double sum = 0;
	size_t i, both;
	int rc;

	d_opts.from = from;
	d_opts.to = p->label;
	d_opts.clusters = 0; /* counted per snapshot, once */
	d_opts.texts = 0;
	if ((rc = ad_drift_run(&d, s, &d_opts, err)) != 0)
		return rc;
	p->added = d->added;
	p->removed = d->removed;
	p->changed = d->changed;
	p->moved = d->moved_exact + d->moved_edited;
	for (i = 0; i < d->nagents; i++)
		sum += d->agents[i].drift; /* 0 unless changed or edited */
	both = d->to_agents - d->added;
	p->mean_drift = both ? sum / (double)both : 0;
	ad_drift_free(d);
	return 0;
}

int ad_timeline_run(ad_timeline_point **out, size_t *n, ad_store *s,
		    const ad_drift_opts *opts, ad_error *err)
{
	ad_store_snapshot *list = NULL;
	ad_timeline_point *t;
	size_t k, len = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = ad_store_snapshots(&list, &len, s, err)) != 0)
		return rc;
	t = ad_xcalloc(len + 1, sizeof(*t));
	for (k = 0, rc = 0; k < len && rc == 0; k++) {
		rc = point_of(&t[k], s, &list[k], opts, err);
		if (rc == 0 && k > 0)
			rc = step_of(&t[k], s, list[k - 1].label, opts, err);
		if (opts->progress)
			opts->progress(k + 1, len, opts->progress_payload);
	}
	if (rc == 0) {
		*out = t;
		*n = len;
	} else {
		ad_timeline_free(t, len);
	}
	ad_store_snapshots_free(list, len);
	return rc;
}

void ad_timeline_free(ad_timeline_point *t, size_t n)
{
	size_t i;

	for (i = 0; t && i < n; i++) {
		free(t[i].label);
		free(t[i].created);
		free(t[i].note);
	}
	free(t);
}
