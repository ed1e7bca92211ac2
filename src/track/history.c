/*
 * history.c - one agent followed through every snapshot of a store.
 *
 * Method. The files of every snapshot are read once (sorted by path, so a
 * path is found by binary search). The agent is resolved to a file of one
 * snapshot k, then followed from k back to the oldest snapshot and from k
 * on to the newest, one neighbouring pair at a time:
 *  - the path it has on the known side is held on the other side: the
 *    same agent (drift pairs equal paths before it looks for moves, so no
 *    move can take it);
 *  - it is not: ad_drift_run() over the pair says whether it moved, and
 *    where; if not, the agent was added (going back) or removed (going
 *    on). Only these pairs cost a drift of the whole collection.
 *  - while the agent is away, its last path is watched: a file appearing
 *    there again is the agent re-added.
 * Then each snapshot's entry is compared with the previous version
 * (ad_drift_describe()), and the summary counted.
 *
 * Resolution by suffix, file name or frontmatter name may match several
 * files over the snapshots: the one in the newest snapshot is followed,
 * and every other match must lie on its path, or the name is ambiguous.
 */
#include "agentdup/history.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/store_counts.h"
#include "store/store_read.h"

#define NONE ((size_t)-1)
#define AMBIGUOUS_LIST 10 /* paths named in an ambiguity error */

typedef struct files {
	ad_store_file *f;
	size_t n;
} files;

typedef struct hrun {
	ad_store *s;
	const ad_history_opts *o;
	ad_store_snapshot *sn; /* the snapshots, oldest first */
	size_t nsn;
	files *fs; /* the files of each */
	size_t *at; /* the agent's file in each: index into fs[j], or NONE */
	ad_history *h;
} hrun;

/* One file matching the agent's name, in snapshot snap. */
typedef struct cand {
	size_t snap, idx;
	ad_history_match how;
} cand;

static const char *const state_names[] = {"absent",  "added", "unchanged",
					  "changed", "moved", "removed"};

const char *ad_history_state_name(ad_history_state st)
{
	return state_names[st];
}

/* ---- the result ----------------------------------------------------- */

static void entry_dispose(ad_history_entry *e)
{
	free(e->label);
	free(e->created);
	free(e->note);
	free(e->path);
	free(e->old_path);
	ad_drift_agent_dispose(&e->change);
}

void ad_history_free(ad_history *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->nentries; i++)
		entry_dispose(&h->entries[i]);
	for (i = 0; i < h->npaths; i++)
		free(h->paths[i]);
	free(h->entries);
	free(h->paths);
	free(h->agent);
	free(h);
}

/* ---- the snapshots -------------------------------------------------- */

static size_t find_file(const files *x, const char *path)
{
	size_t lo = 0, hi = x->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(x->f[mid].path, path);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

static int load(hrun *r, ad_error *err)
{
	size_t j;
	int rc;

	if ((rc = ad_store_snapshots(&r->sn, &r->nsn, r->s, err)) < 0)
		return rc;
	if (r->nsn == 0)
		return ad_error_set(err, AD_ENOTFOUND,
				    "the store holds no snapshot");
	r->fs = ad_xcalloc(r->nsn, sizeof(*r->fs));
	r->at = ad_xcalloc(r->nsn, sizeof(*r->at));
	for (j = 0; j < r->nsn && rc == 0; j++) {
		r->at[j] = NONE;
		rc = ad_store_files(&r->fs[j].f, &r->fs[j].n, r->s,
				    r->sn[j].label, err);
	}
	return rc;
}

static void run_dispose(hrun *r)
{
	size_t j;

	for (j = 0; r->fs && j < r->nsn; j++)
		ad_store_files_free(r->fs[j].f, r->fs[j].n);
	free(r->fs);
	free(r->at);
	ad_store_snapshots_free(r->sn, r->nsn);
}

/* ---- following the agent -------------------------------------------- */

/* Where the agent at path moved between snapshots older and older + 1,
 * going forward (path in older) or back (path in older + 1): *out is its
 * index on the other side, NONE when drift found no move. */
static int moved(size_t *out, hrun *r, size_t older, const char *path,
		 int forward, ad_error *err)
{
	ad_drift_opts o = AD_DRIFT_OPTS_INIT;
	ad_drift *d = NULL;
	const char *to = NULL;
	size_t i;
	int rc;

	o.from = r->sn[older].label;
	o.to = r->sn[older + 1].label;
	o.move_min = r->o->move_min;
	o.reword_min = r->o->reword_min;
	o.clusters = 0; /* only the moves are wanted */
	r->h->drift_runs++;
	if ((rc = ad_drift_run(&d, r->s, &o, err)) < 0)
		return rc;
	for (i = 0; i < d->nagents && !to; i++) {
		const ad_drift_agent *a = &d->agents[i];

		if (a->kind == AD_DRIFT_MOVED &&
		    strcmp(forward ? a->old_path : a->path, path) == 0)
			to = forward ? a->path : a->old_path;
	}
	*out = to ? find_file(&r->fs[forward ? older + 1 : older], to) : NONE;
	ad_drift_free(d);
	return 0;
}

/* From snapshot from, where the agent is known (or was last at *last),
 * to its neighbour to. */
static int step(hrun *r, size_t from, size_t to, const char **last,
		ad_error *err)
{
	size_t i = r->at[from];
	const char *p = i == NONE ? *last : r->fs[from].f[i].path;
	int rc = 0;

	r->at[to] = find_file(&r->fs[to], p);
	if (r->at[to] == NONE && i != NONE)
		rc = moved(&r->at[to], r, from < to ? from : to, p, from < to,
			   err);
	if (r->at[to] != NONE)
		*last = r->fs[to].f[r->at[to]].path;
	return rc;
}

static int follow(hrun *r, size_t k, size_t idx, ad_error *err)
{
	const char *last = r->fs[k].f[idx].path;
	size_t j;
	int rc = 0;

	r->at[k] = idx;
	for (j = k; j > 0 && rc == 0; j--)
		rc = step(r, j, j - 1, &last, err);
	last = r->fs[k].f[idx].path;
	for (j = k; j + 1 < r->nsn && rc == 0; j++)
		rc = step(r, j, j + 1, &last, err);
	return rc;
}

/* ---- resolving the name --------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* How path (holding an agent called name, or NULL) matches agent: 1 +
 * an ad_history_match, or 0. */
static int match_of(const char *path, const char *name, const char *agent)
{
	size_t lp = strlen(path), la = strlen(agent);
	const char *b = base_name(path);

	if (lp > la && path[lp - la - 1] == '/' &&
	    strcmp(path + lp - la, agent) == 0)
		return 1 + AD_HISTORY_BY_SUFFIX;
	if (strcmp(b, agent) == 0 ||
	    (strncmp(b, agent, la) == 0 && strcmp(b + la, ".md") == 0))
		return 1 + AD_HISTORY_BY_FILE;
	if (name && strcasecmp(name, agent) == 0)
		return 1 + AD_HISTORY_BY_NAME;
	return 0;
}

static const char *name_of(const ad_store_name *names, size_t n,
			   int64_t blob)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (names[mid].blob == blob)
			return names[mid].name;
		if (names[mid].blob < blob)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Every file of every snapshot matching agent, oldest snapshot first. */
static int candidates(cand **out, size_t *n, hrun *r, const char *agent,
		      ad_error *err)
{
	ad_store_name *names = NULL;
	size_t nn = 0, j, i, cap = 0;
	int rc, m;

	*out = NULL;
	*n = 0;
	if ((rc = ad_store_names(&names, &nn, r->s, err)) < 0)
		return rc;
	for (j = 0; j < r->nsn; j++)
		for (i = 0; i < r->fs[j].n; i++) {
			const ad_store_file *f = &r->fs[j].f[i];

			m = match_of(f->path, name_of(names, nn, f->blob),
				     agent);
			if (!m)
				continue;
			ad_grow(out, &cap, *n + 1, sizeof(**out));
			(*out)[(*n)++] = (cand){j, i, (ad_history_match)(m - 1)};
		}
	ad_store_names_free(names, nn);
	return 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The error for a name that matches more than one agent: up to
 * AMBIGUOUS_LIST of the distinct paths, sorted. */
static int ambiguous(const hrun *r, const cand *c, size_t n,
		     const char *agent, ad_error *err)
{
	const char **p = ad_xcalloc(n + 1, sizeof(*p));
	ad_buf msg = AD_BUF_INIT;
	size_t i, m = 0;
	int rc;

	for (i = 0; i < n; i++)
		p[i] = r->fs[c[i].snap].f[c[i].idx].path;
	qsort(p, n, sizeof(*p), cmp_str);
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(p[i], p[i - 1]))
			p[m++] = p[i];
	for (i = 0; i < m && i < AMBIGUOUS_LIST; i++)
		ad_buf_printf(&msg, "%s%s", i ? ", " : "", p[i]);
	if (m > AMBIGUOUS_LIST)
		ad_buf_printf(&msg, " (and %zu more)", m - AMBIGUOUS_LIST);
	rc = ad_error_set(err, AD_EINVAL, "%s names more than one agent: %s",
			  agent, msg.ptr);
	ad_buf_dispose(&msg);
	free(p);
	return rc;
}

/* By suffix, file or name: follow the newest match, then check that it
 * went through every other. */
static int resolve_loose(hrun *r, const char *agent, ad_error *err)
{
	cand *c = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = candidates(&c, &n, r, agent, err)) < 0)
		return rc;
	if (n == 0)
		rc = ad_error_set(err, AD_ENOTFOUND,
				  "no agent %s in any snapshot", agent);
	if (rc == 0) {
		r->h->match = c[n - 1].how;
		rc = follow(r, c[n - 1].snap, c[n - 1].idx, err);
	}
	for (i = 0; i < n && rc == 0; i++)
		if (r->at[c[i].snap] != c[i].idx)
			rc = ambiguous(r, c, n, agent, err);
	free(c);
	return rc;
}

/* A recorded path names the agent holding it in the newest snapshot that
 * has it. */
static int resolve(hrun *r, const char *agent, ad_error *err)
{
	size_t j, i;

	for (j = r->nsn; j > 0; j--)
		if ((i = find_file(&r->fs[j - 1], agent)) != NONE) {
			r->h->match = AD_HISTORY_BY_PATH;
			return follow(r, j - 1, i, err);
		}
	return resolve_loose(r, agent, err);
}

/* ---- the entries ---------------------------------------------------- */

static int count_parts(ad_history_entry *e, ad_store *s, ad_error *err)
{
	ad_store_blob b;
	int rc;

	if ((rc = ad_store_blob_read(&b, s, e->blob, err)) < 0)
		return rc;
	e->nrules = b.nrules;
	e->nsections = b.nsections;
	ad_store_blob_dispose(&b);
	return 0;
}

/* Where the agent is at j, and how it got there from j - 1. */
static void place(ad_history_entry *e, const hrun *r, size_t j)
{
	const ad_store_file *f = &r->fs[j].f[r->at[j]];
	const ad_store_file *p =
		j > 0 && r->at[j - 1] != NONE ? &r->fs[j - 1].f[r->at[j - 1]]
					      : NULL;

	e->path = ad_xstrdup(f->path);
	e->blob = f->blob;
	memcpy(e->hash, f->hash, sizeof(e->hash));
	if (!p)
		e->state = AD_HISTORY_ADDED;
	else if (strcmp(p->path, f->path))
		e->state = AD_HISTORY_MOVED;
	else
		e->state = p->blob == f->blob ? AD_HISTORY_UNCHANGED
					      : AD_HISTORY_CHANGED;
	if (e->state == AD_HISTORY_MOVED)
		e->old_path = ad_xstrdup(p->path);
}

/* The entry of snapshot j; prev is the content of the previous version
 * (0: none). */
static int fill(ad_history_entry *e, const hrun *r, size_t j, int64_t prev,
		ad_error *err)
{
	ad_drift_opts o = AD_DRIFT_OPTS_INIT;
	int rc;

	e->label = ad_xstrdup(r->sn[j].label);
	e->created = ad_xstrdup(r->sn[j].created ? r->sn[j].created : "");
	e->note = r->sn[j].note ? ad_xstrdup(r->sn[j].note) : NULL;
	if (r->at[j] == NONE) {
		int was = j > 0 && r->at[j - 1] != NONE;

		e->state = was ? AD_HISTORY_REMOVED : AD_HISTORY_ABSENT;
		if (was)
			e->path = ad_xstrdup(r->fs[j - 1].f[r->at[j - 1]].path);
		return 0;
	}
	place(e, r, j);
	if (j > 0 && e[-1].blob == e->blob) {
		e->nrules = e[-1].nrules;
		e->nsections = e[-1].nsections;
	} else if ((rc = count_parts(e, r->s, err)) < 0)
		return rc;
	e->compared = prev != 0;
	if (!prev || prev == e->blob)
		return 0;
	o.move_min = r->o->move_min;
	o.reword_min = r->o->reword_min;
	if ((rc = ad_drift_describe(&e->change, r->s, prev, e->blob, &o,
				    err)) < 0)
		return rc;
	e->edited = 1;
	e->drift = e->change.drift;
	return 0;
}

static int entries(hrun *r, ad_error *err)
{
	ad_history *h = r->h;
	int64_t prev = 0;
	size_t j;
	int rc = 0;

	h->entries = ad_xcalloc(r->nsn, sizeof(*h->entries));
	h->first = h->last = NONE;
	for (j = 0; j < r->nsn && rc == 0; j++) {
		h->nentries++;
		rc = fill(&h->entries[j], r, j, prev, err);
		if (r->at[j] == NONE)
			continue;
		prev = h->entries[j].blob;
		h->first = h->first == NONE ? j : h->first;
		h->last = j;
	}
	return rc;
}

/* ---- the summary ---------------------------------------------------- */

static int cmp_blob(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

static void count_versions(ad_history *h)
{
	int64_t *b = ad_xcalloc(h->nentries + 1, sizeof(*b));
	size_t j, n = 0;

	for (j = 0; j < h->nentries; j++)
		if (h->entries[j].blob)
			b[n++] = h->entries[j].blob;
	qsort(b, n, sizeof(*b), cmp_blob);
	for (j = 0; j < n; j++)
		h->versions += j == 0 || b[j] != b[j - 1];
	free(b);
}

static void list_paths(ad_history *h)
{
	size_t j, k, cap = 0;
	const char *p;

	for (j = 0; j < h->nentries; j++) {
		if (!h->entries[j].blob)
			continue;
		p = h->entries[j].path;
		for (k = 0; k < h->npaths && strcmp(h->paths[k], p); k++)
			;
		if (k < h->npaths)
			continue;
		ad_grow(&h->paths, &cap, h->npaths + 1, sizeof(*h->paths));
		h->paths[h->npaths++] = ad_xstrdup(p);
	}
}

static int total_drift(ad_history *h, ad_store *s, ad_error *err)
{
	int64_t x = h->entries[h->first].blob, y = h->entries[h->last].blob;
	double similarity;
	int rc;

	if (x == y)
		return 0;
	if ((rc = ad_store_counts_blob_cosine(&similarity, s, x, y, err)) == 0)
		h->total_drift = 1.0 - similarity;
	return rc;
}

int ad_history_run(ad_history **out, ad_store *s, const char *agent,
		   const ad_history_opts *opts, ad_error *err)
{
	static const ad_history_opts defaults = AD_HISTORY_OPTS_INIT;
	hrun r;
	int rc;

	assert(out && s && agent);
	memset(&r, 0, sizeof(r));
	*out = NULL;
	r.s = s;
	r.o = opts ? opts : &defaults;
	r.h = ad_xcalloc(1, sizeof(*r.h));
	r.h->agent = ad_xstrdup(agent);
	if ((rc = load(&r, err)) == 0 && (rc = resolve(&r, agent, err)) == 0 &&
	    (rc = entries(&r, err)) == 0 &&
	    (rc = total_drift(r.h, s, err)) == 0) {
		count_versions(r.h);
		list_paths(r.h);
		*out = r.h;
		r.h = NULL;
	}
	run_dispose(&r);
	ad_history_free(r.h);
	return rc;
}
