/*
 * drift.c - the difference between two snapshots, from the store alone.
 *
 * Method. The files of both snapshots come sorted by path, so one merge
 * splits them into same path (unchanged when the content is the same,
 * changed otherwise), only in the older (removed) and only in the newer
 * (added). A removed and an added path may be one agent moved:
 *  - exact moves first: removed and added sorted by content key and
 *    merged, O(n log n); equal keys pair one to one in path order;
 *  - then moves with edits, among what is left only: the cosine of the
 *    raw term counts of every leftover removed x added pair
 *    (store/store_counts.h), kept above opts->move_min and paired
 *    greedily best first, one to one (index/match.h). This is
 *    O(r * a * t) for r removed, a added and t terms an agent (a few
 *    hundred): for a hundred of each, a million term steps.
 * For a changed or moved-with-edits agent, its two stored analyses are
 * compared: sections by heading path, rules by hash (a multiset merge),
 * the rules left on each side paired as rewordings when their word sets
 * are close (Jaccard, greedy best first again: index/match.h), and
 * frontmatter by key. With opts->clusters, the pairing of agents made
 * here goes to the cluster module (track/drift_clusters.h), which follows
 * the clusters through it.
 *
 * Ties break on position or path everywhere, so the result does not
 * depend on qsort's order. With opts->texts the result also keeps each
 * agent's name (one look-up in the store's names, sorted by content id)
 * and, for the agents described, both analyses read for the comparison.
 */
#include "agentdup/drift.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "index/match.h"
#include "store/store_counts.h"
#include "store/store_read.h"
#include "track/drift_clusters.h"

/* ---- pairing -------------------------------------------------------- */

/* Match candidates p[0..np) one to one, best first (index/match.h):
 * match_i[i] receives j + 1 for the i kept (others untouched) and
 * score_i[i] its score. The pairs are reordered. */
static void best_first(size_t *match_i, double *score_i, ad_match_pair *p,
		       size_t np, size_t ni, size_t nj)
{
	uint32_t *used_i = ad_xcalloc(ni + 1, sizeof(*used_i));
	uint32_t *used_j = ad_xcalloc(nj + 1, sizeof(*used_j));
	size_t k, kept = ad_match_greedy(p, np, used_i, used_j);

	for (k = 0; k < kept; k++) {
		match_i[p[k].a] = (size_t)p[k].b + 1;
		score_i[p[k].a] = p[k].score;
	}
	free(used_i);
	free(used_j);
}

/* ---- the result ----------------------------------------------------- */

const char *ad_drift_kind_name(ad_drift_kind k)
{
	static const char *const names[] = {"moved", "added", "removed",
					    "changed"};

	return names[k];
}

static ad_drift_agent *add_agent(ad_drift *d, size_t *cap, ad_drift_kind kind,
				 const char *path, const char *old_path)
{
	ad_drift_agent *a;

	ad_grow(&d->agents, cap, d->nagents + 1, sizeof(*d->agents));
	a = &d->agents[d->nagents++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->path = ad_xstrdup(path);
	a->old_path = old_path ? ad_xstrdup(old_path) : NULL;
	return a;
}

void ad_drift_agent_dispose(ad_drift_agent *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->nsections; i++)
		free(a->sections[i].path);
	for (i = 0; i < a->nrules; i++) {
		free(a->rules[i].old_text);
		free(a->rules[i].new_text);
	}
	for (i = 0; i < a->nfields; i++) {
		free(a->fields[i].key);
		free(a->fields[i].old_value);
		free(a->fields[i].new_value);
	}
	free(a->sections);
	free(a->rules);
	free(a->fields);
	free(a->path);
	free(a->old_path);
	free(a->name);
	ad_store_blob_dispose(a->old_text);
	ad_store_blob_dispose(a->new_text);
	free(a->old_text);
	free(a->new_text);
	free(a->old_mates);
	memset(a, 0, sizeof(*a));
}

void ad_drift_free(ad_drift *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nagents; i++)
		ad_drift_agent_dispose(&d->agents[i]);
	ad_drift_clusters_free(d->clusters);
	free(d->agents);
	free(d->from);
	free(d->to);
	free(d);
}

static int cmp_agent(const void *x, const void *y)
{
	const ad_drift_agent *a = x, *b = y;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->path, b->path);
}

/* ---- sections ------------------------------------------------------- */

/* Positions sorted by (key, position): a multiset merge pairs the k-th
 * occurrence of a key on one side with the k-th on the other. */
typedef struct keyed {
	const char *key;
	size_t pos;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
	const keyed *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

/* Merge sorted ka[na] and kb[nb]: mate_a[pos] and mate_b[pos] receive the
 * other side's position + 1 for equal keys, 0 for none. */
static void merge_keys(keyed *ka, size_t na, keyed *kb, size_t nb,
		       size_t *mate_a, size_t *mate_b)
{
	size_t i = 0, j = 0;
	int c;

	if (na)
		qsort(ka, na, sizeof(*ka), cmp_keyed);
	if (nb)
		qsort(kb, nb, sizeof(*kb), cmp_keyed);
	while (i < na && j < nb) {
		c = strcmp(ka[i].key, kb[j].key);
		if (c == 0) {
			mate_a[ka[i].pos] = kb[j].pos + 1;
			mate_b[kb[j].pos] = ka[i].pos + 1;
		}
		i += c <= 0;
		j += c >= 0;
	}
}

static void push_section(ad_drift_agent *a, size_t *cap, char op,
			 const char *path)
{
	ad_grow(&a->sections, cap, a->nsections + 1, sizeof(*a->sections));
	a->sections[a->nsections].op = op;
	a->sections[a->nsections++].path = ad_xstrdup(path);
}

static void diff_sections(ad_drift_agent *a, const ad_store_blob *x,
			  const ad_store_blob *y)
{
	keyed *kx = ad_xcalloc(x->nsections + 1, sizeof(*kx));
	keyed *ky = ad_xcalloc(y->nsections + 1, sizeof(*ky));
	size_t *mx = ad_xcalloc(x->nsections + 1, sizeof(*mx));
	size_t *my = ad_xcalloc(y->nsections + 1, sizeof(*my));
	size_t i, cap = 0;

	for (i = 0; i < x->nsections; i++)
		kx[i] = (keyed){x->sections[i].path, i};
	for (i = 0; i < y->nsections; i++)
		ky[i] = (keyed){y->sections[i].path, i};
	merge_keys(kx, x->nsections, ky, y->nsections, mx, my);
	for (i = 0; i < x->nsections; i++)
		if (!mx[i])
			push_section(a, &cap, '-', x->sections[i].path);
	for (i = 0; i < y->nsections; i++)
		if (!my[i])
			push_section(a, &cap, '+', y->sections[i].path);
		else if (strcmp(y->sections[i].text_hash,
				x->sections[my[i] - 1].text_hash))
			push_section(a, &cap, '~', y->sections[i].path);
	free(kx);
	free(ky);
	free(mx);
	free(my);
}

/* ---- rules ---------------------------------------------------------- */

static void push_rule(ad_drift_agent *a, size_t *cap, char op,
		      const char *old_text, const char *new_text,
		      double score)
{
	ad_drift_rule *r;

	ad_grow(&a->rules, cap, a->nrules + 1, sizeof(*a->rules));
	r = &a->rules[a->nrules++];
	r->op = op;
	r->old_text = old_text ? ad_xstrdup(old_text) : NULL;
	r->new_text = new_text ? ad_xstrdup(new_text) : NULL;
	r->score = score;
}

/* Pair the rules left on each side (positions lx[nx], ly[ny]) as
 * rewordings: match[i] = index into ly + 1. */
static void pair_rewords(size_t *match, double *score, const ad_store_blob *x,
			 const size_t *lx, size_t nx, const ad_store_blob *y,
			 const size_t *ly, size_t ny, double min)
{
	ad_match_words *wx = ad_xcalloc(nx + 1, sizeof(*wx));
	ad_match_words *wy = ad_xcalloc(ny + 1, sizeof(*wy));
	ad_match_pair *p = NULL;
	size_t i, j, np = 0, cap = 0;
	double s;

	for (i = 0; i < nx; i++)
		ad_match_words_init(&wx[i], x->rules[lx[i]].text);
	for (j = 0; j < ny; j++)
		ad_match_words_init(&wy[j], y->rules[ly[j]].text);
	for (i = 0; i < nx; i++)
		for (j = 0; j < ny; j++)
			if ((s = ad_match_jaccard(&wx[i], &wy[j])) >= min) {
				ad_grow(&p, &cap, np + 1, sizeof(*p));
				p[np++] = (ad_match_pair){0, (uint32_t)i,
							 (uint32_t)j, s};
			}
	best_first(match, score, p, np, nx, ny);
	for (i = 0; i < nx; i++)
		ad_match_words_dispose(&wx[i]);
	for (j = 0; j < ny; j++)
		ad_match_words_dispose(&wy[j]);
	free(wx);
	free(wy);
	free(p);
}

/* Positions of the rules of b that mate[] leaves unmatched. */
static size_t *leftover(const size_t *mate, size_t n, size_t *nleft)
{
	size_t *l = ad_xcalloc(n + 1, sizeof(*l));
	size_t i;

	*nleft = 0;
	for (i = 0; i < n; i++)
		if (!mate[i])
			l[(*nleft)++] = i;
	return l;
}

/* With mates: a->old_mates from the kept rules (mx) and the rewordings
 * (match, indexes into lx and ly). */
static void record_mates(ad_drift_agent *a, size_t nrules, const size_t *mx,
			 const size_t *lx, size_t nx, const size_t *ly,
			 const size_t *match)
{
	size_t i;

	a->old_mates = ad_xcalloc(nrules + 1, sizeof(*a->old_mates));
	for (i = 0; i < nrules; i++)
		a->old_mates[i] = mx[i];
	for (i = 0; i < nx; i++)
		if (match[i])
			a->old_mates[lx[i]] = ly[match[i] - 1] + 1;
}

static void diff_rules(ad_drift_agent *a, const ad_store_blob *x,
		       const ad_store_blob *y, double min, int mates)
{
	keyed *kx = ad_xcalloc(x->nrules + 1, sizeof(*kx));
	keyed *ky = ad_xcalloc(y->nrules + 1, sizeof(*ky));
	size_t *mx = ad_xcalloc(x->nrules + 1, sizeof(*mx));
	size_t *my = ad_xcalloc(y->nrules + 1, sizeof(*my));
	size_t i, nx, ny, cap = 0, *lx, *ly, *match;
	double *score;
	char *taken;

	for (i = 0; i < x->nrules; i++)
		kx[i] = (keyed){x->rules[i].hash, i};
	for (i = 0; i < y->nrules; i++)
		ky[i] = (keyed){y->rules[i].hash, i};
	merge_keys(kx, x->nrules, ky, y->nrules, mx, my);
	lx = leftover(mx, x->nrules, &nx);
	ly = leftover(my, y->nrules, &ny);
	match = ad_xcalloc(nx + 1, sizeof(*match));
	score = ad_xcalloc(nx + 1, sizeof(*score));
	taken = ad_xcalloc(ny + 1, 1);
	pair_rewords(match, score, x, lx, nx, y, ly, ny, min);
	for (i = 0; i < nx; i++) /* in the old text's order */
		if (match[i]) {
			taken[match[i] - 1] = 1;
			push_rule(a, &cap, '~', x->rules[lx[i]].text,
				  y->rules[ly[match[i] - 1]].text, score[i]);
		}
	for (i = 0; i < nx; i++)
		if (!match[i])
			push_rule(a, &cap, '-', x->rules[lx[i]].text, NULL, 0);
	for (i = 0; i < ny; i++)
		if (!taken[i])
			push_rule(a, &cap, '+', NULL, y->rules[ly[i]].text, 0);
	if (mates)
		record_mates(a, x->nrules, mx, lx, nx, ly, match);
	free(kx);
	free(ky);
	free(mx);
	free(my);
	free(lx);
	free(ly);
	free(match);
	free(score);
	free(taken);
}

/* ---- frontmatter ---------------------------------------------------- */

/* The fields of b with one entry a key, values joined in order: keys[k]
 * borrowed from b, vals[k] owned. */
static size_t join_fields(const char **keys, char **vals,
			  const ad_store_blob *b)
{
	ad_buf v = AD_BUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < b->nfields; i++) {
		const ad_store_field *f = &b->fields[i];
		int same = i > 0 && strcmp(f->key, b->fields[i - 1].key) == 0;

		if (!same && i > 0)
			vals[n++] = ad_buf_detach(&v);
		if (!same)
			keys[n] = f->key;
		if (f->value) {
			if (v.len)
				ad_buf_puts(&v, ", ");
			ad_buf_puts(&v, f->value);
		}
	}
	if (b->nfields)
		vals[n++] = ad_buf_detach(&v);
	ad_buf_dispose(&v);
	return n;
}

static int flagged_key(const char *key)
{
	return strcasecmp(key, "tools") == 0 || strcasecmp(key, "model") == 0;
}

static void push_field(ad_drift_agent *a, size_t *cap, const char *key,
		       const char *old_value, const char *new_value)
{
	ad_drift_field *f;

	ad_grow(&a->fields, cap, a->nfields + 1, sizeof(*a->fields));
	f = &a->fields[a->nfields++];
	f->key = ad_xstrdup(key);
	f->old_value = old_value ? ad_xstrdup(old_value) : NULL;
	f->new_value = new_value ? ad_xstrdup(new_value) : NULL;
	f->flagged = flagged_key(key);
	a->flagged |= f->flagged;
}

static int cmp_field(const void *x, const void *y)
{
	return strcmp(((const ad_drift_field *)x)->key,
		      ((const ad_drift_field *)y)->key);
}

static void diff_fields(ad_drift_agent *a, const ad_store_blob *x,
			const ad_store_blob *y)
{
	const char **kx = ad_xcalloc(x->nfields + 1, sizeof(*kx));
	const char **ky = ad_xcalloc(y->nfields + 1, sizeof(*ky));
	char **vx = ad_xcalloc(x->nfields + 1, sizeof(*vx));
	char **vy = ad_xcalloc(y->nfields + 1, sizeof(*vy));
	size_t nx = join_fields(kx, vx, x), ny = join_fields(ky, vy, y);
	size_t i, j, cap = 0;

	/* a handful of keys: a quadratic look-up is cheapest */
	for (i = 0; i < nx; i++) {
		for (j = 0; j < ny && strcmp(kx[i], ky[j]); j++)
			;
		if (j == ny)
			push_field(a, &cap, kx[i], vx[i], NULL);
		else if (strcmp(vx[i], vy[j]))
			push_field(a, &cap, kx[i], vx[i], vy[j]);
	}
	for (j = 0; j < ny; j++) {
		for (i = 0; i < nx && strcmp(kx[i], ky[j]); i++)
			;
		if (i == nx)
			push_field(a, &cap, ky[j], NULL, vy[j]);
	}
	if (a->nfields > 1)
		qsort(a->fields, a->nfields, sizeof(*a->fields), cmp_field);
	for (i = 0; i < nx; i++)
		free(vx[i]);
	for (j = 0; j < ny; j++)
		free(vy[j]);
	free(kx);
	free(ky);
	free(vx);
	free(vy);
}

/* ---- one agent's text changes --------------------------------------- */

/* A heap copy of *b, which is left empty. */
static ad_store_blob *keep_blob(ad_store_blob *b)
{
	ad_store_blob *k = ad_xmalloc(sizeof(*k));

	*k = *b;
	memset(b, 0, sizeof(*b));
	return k;
}

/* Fill in a changed or moved-with-edits agent; a->similarity is set for
 * a move already. With o->texts both analyses stay with it. */
static int describe(ad_drift_agent *a, ad_store *s, int64_t x, int64_t y,
		    const ad_drift_opts *o, ad_error *err)
{
	ad_store_blob bx, by;
	int rc;

	if (a->kind == AD_DRIFT_CHANGED &&
	    (rc = ad_store_counts_blob_cosine(&a->similarity, s, x, y, err)) <
		    0)
		return rc;
	a->drift = 1.0 - a->similarity;
	if ((rc = ad_store_blob_read(&bx, s, x, err)) < 0)
		return rc;
	if ((rc = ad_store_blob_read(&by, s, y, err)) == 0) {
		diff_sections(a, &bx, &by);
		diff_rules(a, &bx, &by, o->reword_min, o->texts);
		diff_fields(a, &bx, &by);
		if (o->texts) {
			a->old_text = keep_blob(&bx);
			a->new_text = keep_blob(&by);
		}
		ad_store_blob_dispose(&by);
	}
	ad_store_blob_dispose(&bx);
	return rc;
}

int ad_drift_describe(ad_drift_agent *out, ad_store *s, int64_t x,
		      int64_t y, const ad_drift_opts *opts, ad_error *err)
{
	static const ad_drift_opts defaults = AD_DRIFT_OPTS_INIT;
	int rc;

	assert(out && s);
	memset(out, 0, sizeof(*out));
	out->kind = AD_DRIFT_CHANGED;
	if ((rc = describe(out, s, x, y, opts ? opts : &defaults, err)) < 0)
		ad_drift_agent_dispose(out);
	return rc;
}

/* ---- the snapshots -------------------------------------------------- */

typedef struct side {
	ad_store_file *f;
	size_t n;
	size_t *mate; /* the other side's index + 1 once paired; else 0 */
} side;

typedef struct run {
	ad_drift *d;
	size_t cap;
	ad_store *s;
	const ad_drift_opts *o;
	side a, b; /* older, newer */
	ad_store_name *names; /* with o->texts: by content id */
	size_t nnames;
} run;

static int cmp_name(const void *key, const void *elem)
{
	int64_t blob = *(const int64_t *)key;
	int64_t b = ((const ad_store_name *)elem)->blob;

	return (blob > b) - (blob < b);
}

/* A new agent of this kind, named as file f's content is (o->texts). */
static ad_drift_agent *agent_of(run *r, ad_drift_kind kind,
				const ad_store_file *f, const char *old_path)
{
	ad_drift_agent *a = add_agent(r->d, &r->cap, kind, f->path, old_path);
	const ad_store_name *n = NULL;

	if (r->nnames)
		n = bsearch(&f->blob, r->names, r->nnames, sizeof(*r->names),
			    cmp_name);
	if (n)
		a->name = ad_xstrdup(n->name);
	return a;
}

/* The snapshot ref names in list[0..n): its label, or else, when it is
 * digits only, its number (the id 'snapshots' prints). A label wins, so
 * a store whose labels are numbers reads as it always did. n when none. */
static size_t find_snapshot(const ad_store_snapshot *list, size_t n,
			    const char *ref)
{
	size_t k;
	char *end;
	long long id;

	for (k = 0; k < n; k++)
		if (strcmp(list[k].label, ref) == 0)
			return k;
	if (!*ref || strspn(ref, "0123456789") != strlen(ref))
		return n;
	id = strtoll(ref, &end, 10);
	for (k = 0; k < n; k++)
		if (list[k].id == id)
			return k;
	return n;
}

/* "no snapshot x (the store holds 1 v1, 2 v2, ...)": the first ones and
 * the last ones when there are many, to fit one error message. */
static int unknown_snapshot(const ad_store_snapshot *list, size_t n,
			    const char *ref, ad_error *err)
{
	ad_buf b = AD_BUF_INIT;
	size_t k;
	int rc;

	for (k = 0; k < n; k++) {
		if (n > 12 && k == 6) {
			ad_buf_printf(&b, ", ... %zu more ...", n - 12);
			k = n - 6;
		}
		ad_buf_printf(&b, "%s%lld %.60s", k ? ", " : "",
			      (long long)list[k].id, list[k].label);
	}
	rc = ad_error_set(err, AD_EINVAL, "no snapshot labelled or numbered "
			  "%.60s (the store holds %s)", ref,
			  n ? b.ptr : "none");
	ad_buf_dispose(&b);
	return rc;
}

/* The snapshots to compare, by label or number: as given, or the last
 * snapshot and the one before the newer. */
static int resolve(ad_drift *d, ad_store *s, const ad_drift_opts *o,
		   ad_error *err)
{
	ad_store_snapshot *list = NULL;
	size_t n = 0, to, from;
	int rc = 0;

	if ((rc = ad_store_snapshots(&list, &n, s, err)) < 0)
		return rc;
	to = o->to ? find_snapshot(list, n, o->to) : n - (n > 0);
	from = o->from ? find_snapshot(list, n, o->from) : to - (to > 0);
	if (o->to && to == n)
		rc = unknown_snapshot(list, n, o->to, err);
	else if (o->from && from == n)
		rc = unknown_snapshot(list, n, o->from, err);
	else if (n < 2 && (!o->from || !o->to))
		rc = ad_error_set(err, AD_ENOTFOUND,
				  "the store holds %zu snapshot%s: drift needs "
				  "two", n, n == 1 ? "" : "s");
	else if (!o->from && to == 0)
		rc = ad_error_set(err, AD_ENOTFOUND,
				  "no snapshot before %s", list[to].label);
	if (rc == 0) {
		d->to = ad_xstrdup(list[to].label);
		d->from = ad_xstrdup(list[from].label);
		d->reversed = list[from].id > list[to].id;
	}
	ad_store_snapshots_free(list, n);
	return rc;
}

static int load_side(side *x, ad_store *s, const char *label, ad_error *err)
{
	int rc = ad_store_files(&x->f, &x->n, s, label, err);

	if (rc == AD_ENOTFOUND) /* a label the caller gave */
		err->code = rc = AD_EINVAL;
	if (rc == 0)
		x->mate = ad_xcalloc(x->n + 1, sizeof(*x->mate));
	return rc;
}

static void side_dispose(side *x)
{
	ad_store_files_free(x->f, x->n);
	free(x->mate);
}

static void pair_up(run *r, size_t i, size_t j)
{
	r->a.mate[i] = j + 1;
	r->b.mate[j] = i + 1;
}

/* Same paths: unchanged, or changed and described. */
static int same_paths(run *r, ad_error *err)
{
	size_t i = 0, j = 0;
	int c, rc = 0;

	while (i < r->a.n && j < r->b.n && rc == 0) {
		const ad_store_file *x = &r->a.f[i], *y = &r->b.f[j];

		c = strcmp(x->path, y->path);
		if (c == 0) {
			pair_up(r, i, j);
			if (x->blob == y->blob)
				r->d->unchanged++;
			else
				rc = describe(agent_of(r, AD_DRIFT_CHANGED, y,
						       NULL),
					      r->s, x->blob, y->blob, r->o,
					      err);
		}
		i += c <= 0;
		j += c >= 0;
	}
	return rc;
}

/* Keys of the unpaired files of x: content key, position (path order). */
static size_t unpaired(keyed *k, const side *x)
{
	size_t i, n = 0;

	for (i = 0; i < x->n; i++)
		if (!x->mate[i])
			k[n++] = (keyed){x->f[i].hash, i};
	return n;
}

/* Removed and added with the same content, paired in path order. */
static void exact_moves(run *r)
{
	keyed *ka = ad_xcalloc(r->a.n + 1, sizeof(*ka));
	keyed *kb = ad_xcalloc(r->b.n + 1, sizeof(*kb));
	size_t *ma = ad_xcalloc(r->a.n + 1, sizeof(*ma));
	size_t *mb = ad_xcalloc(r->b.n + 1, sizeof(*mb));
	size_t i, na = unpaired(ka, &r->a), nb = unpaired(kb, &r->b);
	ad_drift_agent *m;

	merge_keys(ka, na, kb, nb, ma, mb);
	for (i = 0; i < r->a.n; i++)
		if (ma[i]) {
			pair_up(r, i, ma[i] - 1);
			m = agent_of(r, AD_DRIFT_MOVED, &r->b.f[ma[i] - 1],
				     r->a.f[i].path);
			m->exact = 1;
			m->similarity = 1.0;
			r->d->moved_exact++;
		}
	free(ka);
	free(kb);
	free(ma);
	free(mb);
}

typedef struct counts {
	ad_store_count *c;
	size_t n;
} counts;

static int load_counts(counts *c, const keyed *k, size_t n, const side *x,
		       ad_store *s, ad_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		rc = ad_store_counts(&c[i].c, &c[i].n, s, x->f[k[i].pos].blob,
				     err);
	return rc;
}

/* Every leftover removed x added pair above move_min. */
static ad_match_pair *move_pairs(size_t *np, const counts *ca, size_t na,
				 const counts *cb, size_t nb, double min)
{
	ad_match_pair *p = NULL;
	size_t i, j, cap = 0;
	double s;

	*np = 0;
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if ((s = ad_store_counts_cosine(ca[i].c, ca[i].n,
							cb[j].c, cb[j].n)) > min) {
				ad_grow(&p, &cap, *np + 1, sizeof(*p));
				p[(*np)++] = (ad_match_pair){0, (uint32_t)i,
							     (uint32_t)j, s};
			}
	return p;
}

static int record_edited(run *r, const keyed *ka, size_t na, const keyed *kb,
			 const size_t *match, const double *score,
			 ad_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < na && rc == 0; i++) {
		size_t x, y;
		ad_drift_agent *m;

		if (!match[i])
			continue;
		x = ka[i].pos;
		y = kb[match[i] - 1].pos;
		pair_up(r, x, y);
		m = agent_of(r, AD_DRIFT_MOVED, &r->b.f[y], r->a.f[x].path);
		m->similarity = score[i];
		r->d->moved_edited++;
		rc = describe(m, r->s, r->a.f[x].blob, r->b.f[y].blob, r->o,
			      err);
	}
	return rc;
}

/* Removed and added still unpaired, paired by their term counts. */
static int edited_moves(run *r, ad_error *err)
{
	keyed *ka = ad_xcalloc(r->a.n + 1, sizeof(*ka));
	keyed *kb = ad_xcalloc(r->b.n + 1, sizeof(*kb));
	size_t i, np = 0, na = unpaired(ka, &r->a), nb = unpaired(kb, &r->b);
	counts *ca = ad_xcalloc(na + 1, sizeof(*ca));
	counts *cb = ad_xcalloc(nb + 1, sizeof(*cb));
	size_t *match = ad_xcalloc(na + 1, sizeof(*match));
	double *score = ad_xcalloc(na + 1, sizeof(*score));
	ad_match_pair *p = NULL;
	int rc = 0;

	if (na && nb && (rc = load_counts(ca, ka, na, &r->a, r->s, err)) == 0 &&
	    (rc = load_counts(cb, kb, nb, &r->b, r->s, err)) == 0) {
		p = move_pairs(&np, ca, na, cb, nb, r->o->move_min);
		best_first(match, score, p, np, na, nb);
		rc = record_edited(r, ka, na, kb, match, score, err);
	}
	for (i = 0; i < na; i++)
		free(ca[i].c);
	for (i = 0; i < nb; i++)
		free(cb[i].c);
	free(ca);
	free(cb);
	free(ka);
	free(kb);
	free(match);
	free(score);
	free(p);
	return rc;
}

/* What no pairing took: removed from a, added to b. */
static void the_rest(run *r)
{
	size_t i;

	for (i = 0; i < r->a.n; i++)
		if (!r->a.mate[i]) {
			agent_of(r, AD_DRIFT_REMOVED, &r->a.f[i], NULL);
			r->d->removed++;
		}
	for (i = 0; i < r->b.n; i++)
		if (!r->b.mate[i]) {
			agent_of(r, AD_DRIFT_ADDED, &r->b.f[i], NULL);
			r->d->added++;
		}
}

/* How the clusters changed, through the pairing just made. */
static int clusters(run *r, ad_error *err)
{
	ad_drift_clusters_input in;

	in.from = r->d->from;
	in.to = r->d->to;
	in.a = r->a.f;
	in.na = r->a.n;
	in.b = r->b.f;
	in.nb = r->b.n;
	in.mate_a = r->a.mate;
	in.jobs = r->o->jobs;
	in.away_min = r->o->away_min;
	return ad_drift_clusters_run(&r->d->clusters, r->s, &in, err);
}

int ad_drift_run(ad_drift **out, ad_store *s, const ad_drift_opts *opts,
		 ad_error *err)
{
	static const ad_drift_opts defaults = AD_DRIFT_OPTS_INIT;
	run r;
	size_t i;
	int rc;

	assert(out && s);
	memset(&r, 0, sizeof(r));
	*out = NULL;
	r.s = s;
	r.o = opts ? opts : &defaults;
	r.d = ad_xcalloc(1, sizeof(*r.d));
	if ((rc = resolve(r.d, s, r.o, err)) == 0 &&
	    (!r.o->texts ||
	     (rc = ad_store_names(&r.names, &r.nnames, s, err)) == 0) &&
	    (rc = load_side(&r.a, s, r.d->from, err)) == 0 &&
	    (rc = load_side(&r.b, s, r.d->to, err)) == 0 &&
	    (rc = same_paths(&r, err)) == 0) {
		exact_moves(&r);
		rc = edited_moves(&r, err);
	}
	if (rc == 0) {
		the_rest(&r);
		for (i = 0; i < r.d->nagents; i++)
			r.d->changed += r.d->agents[i].kind == AD_DRIFT_CHANGED;
		r.d->from_agents = r.a.n;
		r.d->to_agents = r.b.n;
		if (r.o->clusters)
			rc = clusters(&r, err);
	}
	if (rc == 0) {
		if (r.d->nagents > 1)
			qsort(r.d->agents, r.d->nagents, sizeof(*r.d->agents),
			      cmp_agent);
		*out = r.d;
		r.d = NULL;
	}
	side_dispose(&r.a);
	side_dispose(&r.b);
	ad_store_names_free(r.names, r.nnames);
	ad_drift_free(r.d);
	return rc;
}
