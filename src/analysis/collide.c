/*
 * collide.c - the four kinds of clash, from the links, a name index and
 * a join over description vectors.
 *
 * The groups of agents of one name and the links are looked at on worker
 * threads, in pieces that each fill a list of their own; the lists are
 * joined in the order of the pieces, so the collisions are those (and in
 * the order) one thread finds.
 */
#include "analysis/collide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/link.h"
#include "base/parallel.h"
#include "base/sort.h"
#include "base/strtab.h"
#include "index/simjoin.h"

/* Agents sharing one name beyond this are not listed pair by pair. */
#define NAME_GROUP_MAX 64

/* A name key is the identity's first NAME_KEY_MAX bytes. */
#define NAME_KEY_MAX 255

/* Pieces of work: name groups, and links, handed out this many at a
 * time. */
#define GROUPS_PER_PIECE 64
#define LINKS_PER_PIECE 4096

/* The collisions one piece of work found, in the order it found them. */
typedef struct found {
	ad_collision *list;
	size_t n, cap;
} found;

static void add(found *f, ad_collision_kind kind, uint32_t a, uint32_t b,
		double score)
{
	ad_collision *c;

	ad_grow(&f->list, &f->cap, f->n + 1, sizeof(*f->list));
	c = &f->list[f->n++];
	c->kind = kind;
	c->a = a < b ? a : b;
	c->b = a < b ? b : a;
	c->score = score;
}

/* The lists of parts[0..n) appended to f, in their order, f grown once
 * to what it will hold (its collisions may be millions); the parts'
 * lists are freed. */
static void join_found(found *f, found *parts, size_t n)
{
	size_t p, total = 0;

	for (p = 0; p < n; p++)
		total += parts[p].n;
	if (f->n + total > f->cap) {
		f->cap = f->n + total;
		f->list = ad_xrealloc(f->list, f->cap * sizeof(*f->list));
	}
	for (p = 0; p < n; p++) {
		if (parts[p].n)
			memcpy(f->list + f->n, parts[p].list,
			       parts[p].n * sizeof(*f->list));
		f->n += parts[p].n;
		free(parts[p].list);
	}
}

/* The values of key joined by ", "; "" when absent. */
static void field(char *buf, size_t cap, const ad_doc *d, const char *key)
{
	const ad_fm_field *f = ad_doc_find_field(d, key);
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; f && i < f->nvalues && n + 1 < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? ", " : "",
				      f->values[i]);
}

static int in_list(const ad_fm_field *f, const char *v)
{
	size_t i;

	for (i = 0; f && i < f->nvalues; i++)
		if (strcmp(f->values[i], v) == 0)
			return 1;
	return 0;
}

/* Do a and b give key the same values, in any order? */
static int same_values(const ad_doc *a, const ad_doc *b, const char *key)
{
	const ad_fm_field *x = ad_doc_find_field(a, key);
	const ad_fm_field *y = ad_doc_find_field(b, key);
	size_t i;

	for (i = 0; x && i < x->nvalues; i++)
		if (!in_list(y, x->values[i]))
			return 0;
	for (i = 0; y && i < y->nvalues; i++)
		if (!in_list(x, y->values[i]))
			return 0;
	return 1;
}

/* The name key d goes by (parse/identity.h), and its length. */
static const char *name_key(const ad_doc *d, size_t *len)
{
	const char *k = d->identity ? d->identity : "";

	*len = strnlen(k, NAME_KEY_MAX);
	return k;
}

/* What the finders share out to the workers: the pieces are the groups
 * of agents of one name (by[group[2g]..group[2g + 1]), GROUPS_PER_PIECE
 * groups a piece), then the links, LINKS_PER_PIECE a piece; each piece
 * fills a found of its own, and the pieces are joined in order, so the
 * list is the same whichever worker found what. */
typedef struct collide_job {
	const ad_collide_input *in;
	const uint64_t *by;  /* name << 32 | doc, sorted */
	const size_t *group; /* group g: by[group[2g]..group[2g + 1]) */
	size_t ngroups, name_pieces, npieces;
	found *found;        /* per piece */
	atomic_size_t next;
} collide_job;

/* The frontmatter keys a fork may change, in the order its detail
 * names them. */
static const char *const fork_keys[] = {"tools", "model"};

/* Near-identical bodies: other names, or other tools or model. */
static void from_link(found *f, const ad_collection *c, const ad_link *l)
{
	const ad_doc *da = c->docs[l->a];
	const ad_doc *db = c->docs[l->b];
	size_t k, nx, ny;
	const char *kx = name_key(da, &nx), *ky = name_key(db, &ny);

	if (nx != ny || memcmp(kx, ky, nx) != 0)
		add(f, AD_COLLIDE_SAME_BODY, l->a, l->b, l->score);
	for (k = 0; k < 2; k++)
		if (!same_values(da, db, fork_keys[k])) {
			add(f, AD_COLLIDE_FORK, l->a, l->b, l->score);
			break;
		}
}

/* The tools and model that differ: "tools: 'x' vs 'y'; model: ...". */
static void fork_detail(char *buf, size_t cap, const ad_doc *da,
			const ad_doc *db)
{
	char x[256], y[256];
	size_t k, len = 0;

	buf[0] = '\0';
	for (k = 0; k < 2; k++) {
		if (same_values(da, db, fork_keys[k]) || len >= cap)
			continue;
		field(x, sizeof(x), da, fork_keys[k]);
		field(y, sizeof(y), db, fork_keys[k]);
		len += (size_t)snprintf(buf + len, cap - len,
					"%s%s: '%s' vs '%s'", len ? "; " : "",
					fork_keys[k], x, y);
	}
}

const char *ad_collide_detail(char *buf, size_t cap, const ad_collection *c,
			      const ad_collision *x)
{
	const ad_doc *da = c->docs[x->a], *db = c->docs[x->b];

	switch (x->kind) {
	case AD_COLLIDE_NAME:
		snprintf(buf, cap, "both named '%s'; bodies differ",
			 da->name ? da->name : da->identity);
		break;
	case AD_COLLIDE_SAME_BODY:
		snprintf(buf, cap, "names '%s' and '%s'",
			 da->name ? da->name : "", db->name ? db->name : "");
		break;
	case AD_COLLIDE_FORK:
		fork_detail(buf, cap, da, db);
		break;
	default:
		snprintf(buf, cap, "the same request would trigger both");
	}
	return buf;
}

/* The same name on agents that are not linked: the pairs of one group. */
static void same_name(found *f, const collide_job *j, size_t g)
{
	ad_cvecs v = j->in->agents;
	size_t k, l, i = j->group[2 * g], e = j->group[2 * g + 1];

	for (k = i; k < e; k++)
		for (l = k + 1; l < e; l++) {
			uint32_t x = (uint32_t)j->by[k], y = (uint32_t)j->by[l];

			if (!ad_links_find(j->in->links, x, y))
				add(f, AD_COLLIDE_NAME, x, y,
				    ad_cvec_dot(&v.v[x], &v.v[y], v.idf));
		}
}

static void piece(collide_job *j, size_t p)
{
	const ad_links *links = j->in->links;
	found *f = &j->found[p];
	size_t i, end;

	if (p < j->name_pieces) {
		end = (p + 1) * GROUPS_PER_PIECE;
		for (i = p * GROUPS_PER_PIECE; i < j->ngroups && i < end; i++)
			same_name(f, j, i);
		return;
	}
	p -= j->name_pieces;
	end = (p + 1) * LINKS_PER_PIECE;
	for (i = p * LINKS_PER_PIECE; i < links->n && i < end; i++)
		if (links->list[i].score >= AD_COLLIDE_BODY)
			from_link(f, j->in->c, &links->list[i]);
}

static void collide_work(void *ctx, int worker)
{
	collide_job *j = ctx;
	size_t p;

	(void)worker;
	while ((p = ad_parallel_next(&j->next, j->npieces, 1)) < j->npieces)
		piece(j, p);
}

/* The agents of each name, as runs of by (name << 32 | doc, sorted),
 * into j: the runs of two agents up to NAME_GROUP_MAX. */
static void name_groups(collide_job *j, uint64_t *by, size_t **group)
{
	const ad_collection *c = j->in->c;
	ad_strtab *names = ad_strtab_new();
	size_t i, e, n = 0;

	for (i = 0; i < c->ndocs; i++) {
		size_t len;
		const char *key = name_key(c->docs[i], &len);

		if (len)
			by[n++] = (uint64_t)ad_strtab_intern(names, key, len)
					  << 32 | i;
	}
	ad_strtab_free(names);
	ad_sort_u64(by, n);
	*group = ad_xmalloc((n + 2) * sizeof(**group));
	j->ngroups = 0;
	for (i = 0; i < n; i = e) {
		for (e = i + 1; e < n && by[e] >> 32 == by[i] >> 32; e++)
			;
		if (e - i >= 2 && e - i <= NAME_GROUP_MAX) {
			(*group)[2 * j->ngroups] = i;
			(*group)[2 * j->ngroups++ + 1] = e;
		}
	}
	j->by = by;
	j->group = *group;
}

/* Description pairs as the join hands them over, into a list per
 * worker: those not linked, each scored as ad_simjoin_run() scores a
 * pair (ad_svec_dot(), the same bits either way round). */
typedef struct desc_take {
	const ad_collide_input *in;
	found *per; /* per worker */
} desc_take;

static void take_descriptions(void *payload, int worker, uint32_t x,
			      const uint32_t *ys, size_t n)
{
	const desc_take *d = payload;
	const ad_svec *v = d->in->desc_vecs;
	size_t k;

	for (k = 0; k < n; k++)
		if (!ad_links_find(d->in->links, x, ys[k]))
			add(&d->per[worker], AD_COLLIDE_DESCRIPTION, x, ys[k],
			    ad_svec_dot(&v[x], &v[ys[k]]));
}

/* Description vectors, joined: near-identical triggers on bodies that
 * are not near-duplicates. The join streams its pairs, so that only
 * those kept are held (at 100,000 files it finds 1.35 million, most of
 * them links). */
static int same_descriptions(found *f, const ad_collide_input *in,
			     ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	desc_take d;
	int njobs, rc;

	jo.threshold = AD_COLLIDE_DESC;
	jo.jobs = in->jobs;
	njobs = ad_simjoin_workers(in->c->ndocs, &jo);
	d.in = in;
	d.per = ad_xcalloc((size_t)njobs + 1, sizeof(*d.per));
	rc = ad_simjoin_stream(in->desc_vecs, in->c->ndocs, &jo,
			       take_descriptions, &d, NULL, err);
	join_found(f, d.per, (size_t)njobs);
	free(d.per);
	return rc;
}

static int by_kind(const void *x, const void *y)
{
	const ad_collision *p = x, *q = y;

	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

/* The names and the links, on worker threads, into f, in the order of
 * their pieces. */
static void names_and_links(found *f, const ad_collide_input *in)
{
	uint64_t *by = ad_xmalloc((in->c->ndocs + 1) * sizeof(*by));
	size_t *group = NULL;
	collide_job j;
	int njobs;

	memset(&j, 0, sizeof(j));
	j.in = in;
	name_groups(&j, by, &group);
	j.name_pieces = (j.ngroups + GROUPS_PER_PIECE - 1) / GROUPS_PER_PIECE;
	j.npieces = j.name_pieces +
		    (in->links->n + LINKS_PER_PIECE - 1) / LINKS_PER_PIECE;
	j.found = ad_xcalloc(j.npieces + 1, sizeof(*j.found));
	njobs = ad_parallel_jobs(in->jobs, j.npieces, 2);
	atomic_init(&j.next, 0);
	ad_parallel_run(njobs, collide_work, &j);
	join_found(f, j.found, j.npieces);
	free(j.found);
	free(group);
	free(by);
}

int ad_collide(ad_collisions *out, const ad_collide_input *in,
	       ad_error *err)
{
	found f = {NULL, 0, 0};
	int rc;

	memset(out, 0, sizeof(*out));
	names_and_links(&f, in);
	rc = same_descriptions(&f, in, err);
	if (f.n < f.cap) /* trimmed: they may be millions */
		f.list = ad_xrealloc(f.list, (f.n + 1) * sizeof(*f.list));
	out->list = f.list;
	out->n = f.n;
	if (out->n > 1)
		qsort(out->list, out->n, sizeof(*out->list), by_kind);
	return rc;
}

void ad_collisions_dispose(ad_collisions *c)
{
	free(c->list);
	memset(c, 0, sizeof(*c));
}
