/*
 * drift_clusters.c - the clusters of a snapshot, and how clusters changed
 * between two snapshots.
 *
 * Method: each snapshot is analysed again from the texts the store keeps,
 * by the same audit `scan` runs, so its clusters are the ones a scan of
 * that snapshot would report. Clusters are then followed through their
 * members, using the pairing of agents that drift made (same path, or
 * moved): a newer cluster whose members were in no cluster formed; one
 * whose members come from several merged; an older cluster whose members
 * went to several split; one whose members are in none dissolved.
 *
 * The pairing of agents and the labels come in an input struct, so this
 * file depends on drift for nothing; the cosine of a member and its
 * canonical is the store layer's (store/store_counts.h), shared with
 * drift.
 */
#include "track/drift_clusters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agentdup/audit.h"
#include "agentdup/error.h"
#include "base/sort.h"
#include "store/store_cache.h"
#include "store/store_counts.h"

/* ---- the clusters of one snapshot --------------------------------- */

/* The stored texts of a snapshot's files, as audit input; own[i] is
 * t[i].text, held mutable to be freed. */
typedef struct texts {
	ad_text *t;
	char **own;
	size_t n;
} texts;

static void texts_dispose(texts *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->own[i]);
	free(x->own);
	free(x->t);
}

static int read_texts(texts *x, ad_store *s, const ad_store_file *f,
		      size_t n, ad_error *err)
{
	size_t i;
	int rc = 0;

	x->t = ad_xcalloc(n + 1, sizeof(*x->t));
	x->own = ad_xcalloc(n + 1, sizeof(*x->own));
	x->n = n;
	for (i = 0; i < n && rc == 0; i++) {
		rc = ad_store_blob_text(&x->own[i], &x->t[i].len, s,
					f[i].blob, err);
		x->t[i].path = f[i].path;
		x->t[i].text = x->own[i];
	}
	return rc;
}

/* Per doc of the audit, its file: the docs keep the order of the texts,
 * the ones the parser refused missing. */
static uint32_t *doc_files(const ad_audit *au, const ad_store_file *f,
			   size_t n)
{
	uint32_t *file = ad_xcalloc(au->collection->ndocs + 1, sizeof(*file));
	size_t d = 0, i;

	for (i = 0; i < n && d < au->collection->ndocs; i++)
		if (strcmp(au->collection->docs[d]->path, f[i].path) == 0)
			file[d++] = (uint32_t)i;
	return file;
}

static void take_clusters(ad_snapshot_clusters *c, const ad_audit *au,
			  const ad_store_file *f, size_t n)
{
	const ad_clustering *cl = &au->clustering;
	uint32_t *file = doc_files(au, f, n);
	size_t k, m;

	c->nclusters = cl->n;
	c->cluster = ad_xcalloc(n + 1, sizeof(*c->cluster));
	c->canonical = ad_xcalloc(cl->n + 1, sizeof(*c->canonical));
	c->size = ad_xcalloc(cl->n + 1, sizeof(*c->size));
	for (k = 0; k < cl->n; k++) {
		c->canonical[k] = file[cl->clusters[k].canonical];
		c->size[k] = cl->clusters[k].n;
		for (m = 0; m < cl->clusters[k].n; m++)
			c->cluster[file[cl->clusters[k].members[m]]] =
				(uint32_t)k + 1;
		c->nclustered += cl->clusters[k].n;
	}
	free(file);
}

/* What the clusters depend on, the key they are kept under: the
 * analysis (this version of agentdup) and its options. */
static void settings_of(char *out, size_t cap, const ad_audit_opts *o)
{
	snprintf(out, cap,
		 "agentdup %s; threshold %.4f; sections %.4f; "
		 "rules %.4f; links %u; language %s",
		 AD_VERSION, o->threshold, o->section_threshold,
		 o->rule_threshold, o->links,
		 o->load.tokenizer.language ? o->load.tokenizer.language
					    : "english");
}

/* The clusters kept in the store for label, laid over files (the same
 * snapshot's, sorted by path as the members are). */
static int from_store(ad_snapshot_clusters *out, int *found, ad_store *s,
		      const char *label, const char *settings,
		      const ad_store_file *f, size_t n, ad_error *err)
{
	ad_store_member *m = NULL;
	size_t nm = 0, k, i = 0;
	int rc = ad_store_clusters_get(&m, &nm, &out->nclusters, found, s,
				       label, settings, err);

	if (rc != 0 || !*found)
		return rc;
	out->cluster = ad_xcalloc(n + 1, sizeof(*out->cluster));
	out->canonical = ad_xcalloc(out->nclusters + 1,
				    sizeof(*out->canonical));
	out->size = ad_xcalloc(out->nclusters + 1, sizeof(*out->size));
	for (k = 0; k < nm; k++) {
		uint32_t c = m[k].cluster;

		while (i < n && strcmp(f[i].path, m[k].path) < 0)
			i++;
		if (i == n || strcmp(f[i].path, m[k].path) != 0 || c == 0 ||
		    c > out->nclusters) {
			*found = 0; /* not this snapshot's: compute afresh */
			break;
		}
		out->cluster[i] = c;
		out->size[c - 1]++;
		out->nclustered++;
		if (m[k].canonical)
			out->canonical[c - 1] = (uint32_t)i;
	}
	ad_store_members_free(m, nm);
	if (!*found) {
		ad_snapshot_clusters_dispose(out);
		out->nfiles = n;
	}
	return 0;
}

/* Keep c for the next query. A store busy or read-only only means
 * computing them again next time, so the error is the caller's to drop. */
static void keep(ad_store *s, const char *label, const ad_store_file *f,
		 size_t n, const ad_snapshot_clusters *c, ad_error *err)
{
	static const ad_audit_opts defaults = AD_AUDIT_OPTS_INIT;
	char settings[256];

	settings_of(settings, sizeof(settings), &defaults);
	ad_store_clusters_put(s, label, settings, f, n, c->cluster,
			      c->canonical, c->nclusters, err);
}

int ad_snapshot_clusters_run(ad_snapshot_clusters *out, ad_store *s,
			     const char *label, const ad_store_file *files,
			     size_t n, int jobs, ad_error *err)
{
	static const ad_audit_opts defaults = AD_AUDIT_OPTS_INIT;
	ad_audit_opts o = defaults;
	ad_error ignored = AD_ERROR_INIT;
	ad_audit *au = NULL;
	char settings[256];
	int rc, found = 0;
	texts x;

	memset(out, 0, sizeof(*out));
	out->nfiles = n;
	settings_of(settings, sizeof(settings), &o);
	if ((rc = from_store(out, &found, s, label, settings, files, n,
			     err)) != 0 || found)
		return rc;
	if ((rc = read_texts(&x, s, files, n, err)) == 0) {
		o.load.texts = x.t;
		o.load.ntexts = n;
		o.load.jobs = jobs;
		/* each freed once parsed: at 10x, they come to 400 MB */
		o.load.texts_owned = x.own;
		if ((rc = ad_audit_run(&au, NULL, 0, &o, err)) == 0)
			take_clusters(out, au, files, n);
	}
	ad_audit_free(au);
	texts_dispose(&x);
	if (rc == 0)
		keep(s, label, files, n, out, &ignored);
	return rc;
}

void ad_snapshot_clusters_dispose(ad_snapshot_clusters *c)
{
	free(c->cluster);
	free(c->canonical);
	free(c->size);
	memset(c, 0, sizeof(*c));
}

/* ---- following clusters through their members ---------------------- */

const char *ad_cluster_change_name(ad_cluster_change c)
{
	static const char *const names[] = {"formed", "merged", "split",
					    "dissolved", "changed"};

	return names[c];
}

static int cmp_strp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Members by cluster: member[start[k] .. start[k + 1]) are cluster k + 1's
 * files, in file order. */
typedef struct members {
	size_t *start;
	uint32_t *member;
} members;

static void members_of(members *m, const ad_snapshot_clusters *c)
{
	size_t *fill = ad_xcalloc(c->nclusters + 1, sizeof(*fill));
	size_t i;

	m->start = ad_xcalloc(c->nclusters + 2, sizeof(*m->start));
	m->member = ad_xcalloc(c->nclustered + 1, sizeof(*m->member));
	for (i = 0; i < c->nfiles; i++)
		if (c->cluster[i])
			m->start[c->cluster[i]]++;
	for (i = 0; i < c->nclusters; i++)
		m->start[i + 1] += m->start[i];
	for (i = 0; i < c->nfiles; i++)
		if (c->cluster[i]) {
			size_t k = c->cluster[i] - 1;

			m->member[m->start[k] + fill[k]++] = (uint32_t)i;
		}
	free(fill);
}

static void members_dispose(members *m)
{
	free(m->start);
	free(m->member);
}

/* One snapshot's side of the comparison. */
typedef struct side {
	const ad_store_file *f;
	size_t n;
	const size_t *mate; /* the other side's file + 1, or 0 */
	ad_snapshot_clusters c;
	members m;
	ad_store_count **counts; /* per file, read when first needed */
	size_t *ncounts;
} side;

typedef struct follow {
	ad_drift_clusters *d;
	size_t cap, away_cap;
	ad_store *s;
	side a, b; /* older, newer */
} follow;

/* The distinct clusters, on side `to`, of the members of cluster k on
 * side `from` (1-based ids, ascending, in out; their number returned). */
static size_t targets(uint32_t *out, const side *from, const side *to,
		      size_t k)
{
	size_t i, n = 0;

	for (i = from->m.start[k]; i < from->m.start[k + 1]; i++) {
		size_t j = from->mate[from->m.member[i]];
		uint32_t t = j ? to->c.cluster[j - 1] : 0;

		if (t)
			out[n++] = t;
	}
	return ad_sort_unique_u32(out, n);
}

static void cref(ad_drift_cref *r, const side *x, uint32_t cluster)
{
	r->canonical = ad_xstrdup(x->f[x->c.canonical[cluster - 1]].path);
	r->size = x->c.size[cluster - 1];
}

static ad_drift_cluster *add_event(follow *w, ad_cluster_change kind)
{
	ad_drift_clusters *d = w->d;
	ad_drift_cluster *e;

	ad_grow(&d->changes, &w->cap, d->nchanges + 1, sizeof(*d->changes));
	e = &d->changes[d->nchanges++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	return e;
}

static void set_crefs(ad_drift_cref **out, size_t *n, const side *x,
		      const uint32_t *ids, size_t nids)
{
	size_t i;

	*out = ad_xcalloc(nids + 1, sizeof(**out));
	for (i = 0; i < nids; i++)
		cref(&(*out)[i], x, ids[i]);
	*n = nids;
}

static int in_ids(uint32_t id, const uint32_t *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* The members of x's clusters ids whose counterpart on side y is in none
 * of y's clusters yids: joined (x newer) or left (x older), sorted. */
static size_t strangers(char ***out, const side *x, const uint32_t *ids,
			size_t nids, const side *y, const uint32_t *yids,
			size_t nyids)
{
	size_t k, i, n = 0, cap = 0;

	*out = NULL;
	for (k = 0; k < nids; k++)
		for (i = x->m.start[ids[k] - 1]; i < x->m.start[ids[k]]; i++) {
			uint32_t f = x->m.member[i];
			size_t j = x->mate[f];

			if (j && in_ids(y->c.cluster[j - 1], yids, nyids))
				continue;
			ad_grow(out, &cap, n + 1, sizeof(**out));
			(*out)[n++] = ad_xstrdup(x->f[f].path);
		}
	if (n > 1)
		qsort(*out, n, sizeof(**out), cmp_strp);
	return n;
}

static void event_dispose(ad_drift_cluster *e);

/* Each cluster of the newer snapshot: formed, merged, or one to one. */
static void newer_events(follow *w, uint32_t *src, uint32_t *dst)
{
	size_t k;

	for (k = 0; k < w->b.c.nclusters; k++) {
		uint32_t t = (uint32_t)k + 1;
		size_t ns = targets(src, &w->b, &w->a, k), nd;
		ad_drift_cluster *e;
		int same_canon;

		if (ns == 1) { /* one to one: report only a change */
			nd = targets(dst, &w->a, &w->b, src[0] - 1);
			if (nd != 1)
				continue; /* a split, reported below */
		}
		e = add_event(w, ns == 0 ? AD_CLUSTER_FORMED
				 : ns == 1 ? AD_CLUSTER_CHANGED
					   : AD_CLUSTER_MERGED);
		set_crefs(&e->before, &e->nbefore, &w->a, src, ns);
		set_crefs(&e->after, &e->nafter, &w->b, &t, 1);
		e->njoined = strangers(&e->joined, &w->b, &t, 1, &w->a, src,
				       ns);
		e->nleft = strangers(&e->left, &w->a, src, ns, &w->b, &t, 1);
		if (e->kind != AD_CLUSTER_CHANGED)
			continue;
		same_canon = w->b.mate[w->b.c.canonical[k]] ==
			     (size_t)w->a.c.canonical[src[0] - 1] + 1;
		if (!e->njoined && !e->nleft && same_canon)
			event_dispose(&w->d->changes[--w->d->nchanges]);
	}
}

/* Each cluster of the older snapshot: split or dissolved. */
static void older_events(follow *w, uint32_t *dst)
{
	size_t k;

	for (k = 0; k < w->a.c.nclusters; k++) {
		uint32_t f = (uint32_t)k + 1;
		size_t nd = targets(dst, &w->a, &w->b, k);
		ad_drift_cluster *e;

		if (nd == 1)
			continue;
		e = add_event(w, nd ? AD_CLUSTER_SPLIT : AD_CLUSTER_DISSOLVED);
		set_crefs(&e->before, &e->nbefore, &w->a, &f, 1);
		set_crefs(&e->after, &e->nafter, &w->b, dst, nd);
		e->nleft = strangers(&e->left, &w->a, &f, 1, &w->b, dst, nd);
	}
}

/* ---- members drifting away from their canonical -------------------- */

static int counts_of(const ad_store_count **c, size_t *n, side *x,
		     ad_store *s, size_t file, ad_error *err)
{
	int rc = 0;

	if (!x->counts[file] &&
	    (rc = ad_store_counts(&x->counts[file], &x->ncounts[file], s,
				  x->f[file].blob, err)) != 0)
		return rc;
	*c = x->counts[file];
	*n = x->ncounts[file];
	return 0;
}

static int cosine(double *out, side *x, ad_store *s, size_t p, size_t q,
		  ad_error *err)
{
	const ad_store_count *cp, *cq;
	size_t np, nq;
	int rc;

	if ((rc = counts_of(&cp, &np, x, s, p, err)) == 0 &&
	    (rc = counts_of(&cq, &nq, x, s, q, err)) == 0)
		*out = ad_store_counts_cosine(cp, np, cq, nq);
	return rc;
}

static int away_in(follow *w, size_t k, double min, ad_error *err)
{
	side *a = &w->a, *b = &w->b;
	size_t canon = b->c.canonical[k], i;
	size_t old_canon = b->mate[canon];
	int rc = 0;

	if (!old_canon)
		return 0; /* a new canonical: no older distance */
	for (i = b->m.start[k]; i < b->m.start[k + 1] && rc == 0; i++) {
		size_t j = b->m.member[i], old = b->mate[j];
		double before, after;
		ad_drift_away *x;

		if (j == canon || !old)
			continue;
		if ((rc = cosine(&after, b, w->s, j, canon, err)) != 0 ||
		    (rc = cosine(&before, a, w->s, old - 1, old_canon - 1,
				 err)) != 0 ||
		    before - after < min)
			continue;
		ad_grow(&w->d->away, &w->away_cap, w->d->naway + 1,
			sizeof(*w->d->away));
		x = &w->d->away[w->d->naway++];
		x->path = ad_xstrdup(b->f[j].path);
		x->canonical = ad_xstrdup(b->f[canon].path);
		x->before = before;
		x->after = after;
	}
	return rc;
}

/* ---- order and assembly ------------------------------------------- */

static const char *first_canonical(const ad_drift_cluster *e)
{
	return e->nafter ? e->after[0].canonical : e->before[0].canonical;
}

static int cmp_event(const void *x, const void *y)
{
	const ad_drift_cluster *a = x, *b = y;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(first_canonical(a), first_canonical(b));
}

static int cmp_away(const void *x, const void *y)
{
	const ad_drift_away *a = x, *b = y;
	double fa = a->before - a->after, fb = b->before - b->after;

	if (fa != fb)
		return fa > fb ? -1 : 1;
	return strcmp(a->path, b->path);
}

static void side_init(side *x, const ad_store_file *f, size_t n,
		      const size_t *mate)
{
	x->f = f;
	x->n = n;
	x->mate = mate;
	members_of(&x->m, &x->c);
	x->counts = ad_xcalloc(n + 1, sizeof(*x->counts));
	x->ncounts = ad_xcalloc(n + 1, sizeof(*x->ncounts));
}

static void side_dispose(side *x)
{
	size_t i;

	for (i = 0; x->counts && i < x->n; i++)
		free(x->counts[i]);
	free(x->counts);
	free(x->ncounts);
	members_dispose(&x->m);
	ad_snapshot_clusters_dispose(&x->c);
}

static int compare(follow *w, double away_min, ad_error *err)
{
	uint32_t *src = ad_xcalloc(w->a.c.nclustered + w->b.c.nclustered + 1,
				   sizeof(*src));
	uint32_t *dst = ad_xcalloc(w->a.c.nclustered + w->b.c.nclustered + 1,
				   sizeof(*dst));
	size_t k;
	int rc = 0;

	newer_events(w, src, dst);
	older_events(w, dst);
	for (k = 0; k < w->b.c.nclusters && rc == 0; k++)
		rc = away_in(w, k, away_min, err);
	if (w->d->nchanges > 1)
		qsort(w->d->changes, w->d->nchanges, sizeof(*w->d->changes),
		      cmp_event);
	if (w->d->naway > 1)
		qsort(w->d->away, w->d->naway, sizeof(*w->d->away), cmp_away);
	free(src);
	free(dst);
	return rc;
}

/* Whether two snapshots hold the same files with the same contents. */
static int same_files(const ad_store_file *a, size_t na,
		      const ad_store_file *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].blob != b[i].blob || strcmp(a[i].path, b[i].path))
			return 0;
	return 1;
}

static void *dup_array(const void *p, size_t n, size_t size)
{
	void *q = ad_xcalloc(n + 1, size);

	if (n)
		memcpy(q, p, n * size);
	return q;
}

static void copy_clusters(ad_snapshot_clusters *to,
			  const ad_snapshot_clusters *from)
{
	*to = *from;
	to->cluster = dup_array(from->cluster, from->nfiles,
				sizeof(*to->cluster));
	to->canonical = dup_array(from->canonical, from->nclusters,
				  sizeof(*to->canonical));
	to->size = dup_array(from->size, from->nclusters, sizeof(*to->size));
}

/* Both snapshots' clusters into w: one analysis when they hold the same
 * files. */
static int analyse(follow *w, const ad_drift_clusters_input *in,
		   ad_error *err)
{
	int rc = ad_snapshot_clusters_run(&w->a.c, w->s, in->from, in->a,
					  in->na, in->jobs, err);

	if (rc == 0 && same_files(in->a, in->na, in->b, in->nb)) {
		ad_error ignored = AD_ERROR_INIT;

		copy_clusters(&w->b.c, &w->a.c);
		keep(w->s, in->to, in->b, in->nb, &w->b.c, &ignored);
	} else if (rc == 0)
		rc = ad_snapshot_clusters_run(&w->b.c, w->s, in->to, in->b,
					      in->nb, in->jobs, err);
	return rc;
}

int ad_drift_clusters_run(ad_drift_clusters **out, ad_store *s,
			  const ad_drift_clusters_input *in, ad_error *err)
{
	size_t *mate_b = ad_xcalloc(in->nb + 1, sizeof(*mate_b));
	follow w;
	size_t i;
	int rc;

	memset(&w, 0, sizeof(w));
	w.d = ad_xcalloc(1, sizeof(*w.d));
	w.s = s;
	for (i = 0; i < in->na; i++)
		if (in->mate_a[i])
			mate_b[in->mate_a[i] - 1] = i + 1;
	rc = analyse(&w, in, err);
	if (rc == AD_ENOTFOUND) { /* no texts: no clusters, said so */
		w.d->note = ad_xstrdup(err->msg);
		ad_error_clear(err);
		rc = 0;
	} else if (rc == 0) {
		side_init(&w.a, in->a, in->na, in->mate_a);
		side_init(&w.b, in->b, in->nb, mate_b);
		w.d->clustered = 1;
		w.d->from_clusters = w.a.c.nclusters;
		w.d->to_clusters = w.b.c.nclusters;
		rc = compare(&w, in->away_min, err);
	}
	side_dispose(&w.a);
	side_dispose(&w.b);
	free(mate_b);
	if (rc != 0) {
		ad_drift_clusters_free(w.d);
		w.d = NULL;
	}
	*out = w.d;
	return rc;
}

static void event_dispose(ad_drift_cluster *e)
{
	size_t i;

	for (i = 0; i < e->nbefore; i++)
		free(e->before[i].canonical);
	for (i = 0; i < e->nafter; i++)
		free(e->after[i].canonical);
	for (i = 0; i < e->njoined; i++)
		free(e->joined[i]);
	for (i = 0; i < e->nleft; i++)
		free(e->left[i]);
	free(e->before);
	free(e->after);
	free(e->joined);
	free(e->left);
}

void ad_drift_clusters_free(ad_drift_clusters *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nchanges; i++)
		event_dispose(&c->changes[i]);
	for (i = 0; i < c->naway; i++) {
		free(c->away[i].path);
		free(c->away[i].canonical);
	}
	free(c->changes);
	free(c->away);
	free(c->note);
	free(c);
}
