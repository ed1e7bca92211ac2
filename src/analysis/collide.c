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
#include "base/arena.h"
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

/* The collisions one piece of work found, in the order it found them;
 * their details live in the arena of the worker that found them. */
typedef struct found {
	ad_collision *list;
	size_t n, cap;
} found;

static void add(found *f, ad_arena *arena, ad_collision_kind kind,
		uint32_t a, uint32_t b, double score, const char *detail)
{
	ad_collision *c;

	ad_grow(&f->list, &f->cap, f->n + 1, sizeof(*f->list));
	c = &f->list[f->n++];
	c->kind = kind;
	c->a = a < b ? a : b;
	c->b = a < b ? b : a;
	c->score = score;
	c->detail = ad_arena_strdup(arena, detail);
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
	ad_arena **arena;    /* per worker */
	atomic_size_t next;
} collide_job;

/* Near-identical bodies: other names, or other tools or model. */
static void from_link(found *f, ad_arena *arena, const ad_collection *c,
		      const ad_link *l)
{
	static const char *const keys[] = {"tools", "model"};
	const ad_doc *da = c->docs[l->a];
	const ad_doc *db = c->docs[l->b];
	char x[256], y[256], detail[1200];
	size_t k, len, nx, ny;
	const char *kx = name_key(da, &nx), *ky = name_key(db, &ny);

	if (nx != ny || memcmp(kx, ky, nx) != 0) {
		snprintf(detail, sizeof(detail), "names '%s' and '%s'",
			 da->name ? da->name : "", db->name ? db->name : "");
		add(f, arena, AD_COLLIDE_SAME_BODY, l->a, l->b, l->score,
		    detail);
	}
	for (k = 0, len = 0; k < 2; k++) { /* one entry: tools, model */
		if (same_values(da, db, keys[k]) || len >= sizeof(detail))
			continue;
		field(x, sizeof(x), da, keys[k]);
		field(y, sizeof(y), db, keys[k]);
		len += (size_t)snprintf(detail + len, sizeof(detail) - len,
					"%s%s: '%s' vs '%s'", len ? "; " : "",
					keys[k], x, y);
	}
	if (len)
		add(f, arena, AD_COLLIDE_FORK, l->a, l->b, l->score, detail);
}

/* The same name on agents that are not linked: the pairs of one group. */
static void same_name(found *f, ad_arena *arena, const collide_job *j,
		      size_t g)
{
	const ad_collection *c = j->in->c;
	const ad_svec *v = j->in->agent_vecs;
	size_t k, l, i = j->group[2 * g], e = j->group[2 * g + 1];
	char detail[320];

	for (k = i; k < e; k++)
		for (l = k + 1; l < e; l++) {
			uint32_t x = (uint32_t)j->by[k], y = (uint32_t)j->by[l];
			double s;

			if (ad_links_find(j->in->links, x, y))
				continue;
			s = ad_svec_dot(&v[x], &v[y]);
			snprintf(detail, sizeof(detail),
				 "both named '%s'; bodies differ",
				 c->docs[x]->name ? c->docs[x]->name
						  : c->docs[x]->identity);
			add(f, arena, AD_COLLIDE_NAME, x, y, s, detail);
		}
}

static void piece(collide_job *j, ad_arena *arena, size_t p)
{
	const ad_links *links = j->in->links;
	found *f = &j->found[p];
	size_t i, end;

	if (p < j->name_pieces) {
		end = (p + 1) * GROUPS_PER_PIECE;
		for (i = p * GROUPS_PER_PIECE; i < j->ngroups && i < end; i++)
			same_name(f, arena, j, i);
		return;
	}
	p -= j->name_pieces;
	end = (p + 1) * LINKS_PER_PIECE;
	for (i = p * LINKS_PER_PIECE; i < links->n && i < end; i++)
		if (links->list[i].score >= AD_COLLIDE_BODY)
			from_link(f, arena, j->in->c, &links->list[i]);
}

static void collide_work(void *ctx, int worker)
{
	collide_job *j = ctx;
	size_t p;

	while ((p = ad_parallel_next(&j->next, j->npieces, 1)) < j->npieces)
		piece(j, j->arena[worker], p);
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
/* Description vectors, joined: near-identical triggers on bodies that
 * are not near-duplicates. */
static int same_descriptions(found *f, ad_arena *arena,
			     const ad_collide_input *in, ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	ad_pair *p = NULL;
	size_t i, np = 0;
	int rc;

	jo.threshold = AD_COLLIDE_DESC;
	jo.jobs = in->jobs;
	rc = ad_simjoin_run(&p, &np, in->desc_vecs, in->c->ndocs, &jo, NULL,
			    err);
	for (i = 0; rc == 0 && i < np; i++) {
		if (ad_links_find(in->links, p[i].a, p[i].b))
			continue;
		add(f, arena, AD_COLLIDE_DESCRIPTION, p[i].a, p[i].b,
		    p[i].score, "the same request would trigger both");
	}
	free(p);
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
static void names_and_links(found *f, ad_arena *arena,
			    const ad_collide_input *in)
{
	uint64_t *by = ad_xmalloc((in->c->ndocs + 1) * sizeof(*by));
	size_t *group = NULL, p;
	collide_job j;
	int njobs, w;

	memset(&j, 0, sizeof(j));
	j.in = in;
	name_groups(&j, by, &group);
	j.name_pieces = (j.ngroups + GROUPS_PER_PIECE - 1) / GROUPS_PER_PIECE;
	j.npieces = j.name_pieces +
		    (in->links->n + LINKS_PER_PIECE - 1) / LINKS_PER_PIECE;
	j.found = ad_xcalloc(j.npieces + 1, sizeof(*j.found));
	njobs = ad_parallel_jobs(in->jobs, j.npieces, 2);
	j.arena = ad_xmalloc((size_t)njobs * sizeof(*j.arena));
	for (w = 0; w < njobs; w++)
		j.arena[w] = ad_arena_new();
	atomic_init(&j.next, 0);
	ad_parallel_run(njobs, collide_work, &j);
	for (w = 0; w < njobs; w++)
		ad_arena_adopt(arena, j.arena[w]);
	for (p = 0; p < j.npieces; p++) {
		if (!j.found[p].n)
			continue;
		ad_grow(&f->list, &f->cap, f->n + j.found[p].n, sizeof(*f->list));
		memcpy(f->list + f->n, j.found[p].list,
		       j.found[p].n * sizeof(*f->list));
		f->n += j.found[p].n;
		free(j.found[p].list);
	}
	free(j.found);
	free(j.arena);
	free(group);
	free(by);
}

int ad_collide(ad_collisions *out, const ad_collide_input *in,
	       ad_error *err)
{
	found f = {NULL, 0, 0};
	int rc;

	memset(out, 0, sizeof(*out));
	out->arena = ad_arena_new();
	names_and_links(&f, out->arena, in);
	rc = same_descriptions(&f, out->arena, in, err);
	out->list = f.list;
	out->n = f.n;
	if (out->n > 1)
		qsort(out->list, out->n, sizeof(*out->list), by_kind);
	return rc;
}

void ad_collisions_dispose(ad_collisions *c)
{
	free(c->list);
	ad_arena_free(c->arena);
	memset(c, 0, sizeof(*c));
}
