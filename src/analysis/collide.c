/*
 * collide.c - the four kinds of clash, from the links, a name index and
 * a join over description vectors.
 */
#include "analysis/collide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/link.h"
#include "base/arena.h"
#include "base/sort.h"
#include "base/strtab.h"
#include "index/simjoin.h"

/* Agents sharing one name beyond this are not listed pair by pair. */
#define NAME_GROUP_MAX 64

/* The collisions being found, and what they are found in. */
typedef struct finder {
	ad_collisions *cs;
	size_t cap;
	const ad_collide_input *in;
} finder;

static void add(finder *o, ad_collision_kind kind, uint32_t a, uint32_t b,
		double score, const char *detail)
{
	ad_collisions *cs = o->cs;
	ad_collision *c;

	ad_grow(&cs->list, &o->cap, cs->n + 1, sizeof(*cs->list));
	c = &cs->list[cs->n++];
	c->kind = kind;
	c->a = a < b ? a : b;
	c->b = a < b ? b : a;
	c->score = score;
	c->detail = ad_arena_strdup(cs->arena, detail);
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

/* The name key d goes by (parse/identity.h) into buf; its length. */
static size_t name_key(char *buf, size_t cap, const ad_doc *d)
{
	const char *k = d->identity ? d->identity : "";

	snprintf(buf, cap, "%s", k);
	return strlen(buf);
}

/* Near-identical bodies: other names, or other tools or model. */
static void from_links(finder *o)
{
	const ad_collection *c = o->in->c;
	char x[256], y[256], detail[1200];
	size_t i, len;

	for (i = 0; i < o->in->links->n; i++) {
		const ad_link *l = &o->in->links->list[i];
		const ad_doc *da = c->docs[l->a];
		const ad_doc *db = c->docs[l->b];
		static const char *const keys[] = {"tools", "model"};
		size_t k;

		if (l->score < AD_COLLIDE_BODY)
			continue;
		name_key(x, sizeof(x), da);
		name_key(y, sizeof(y), db);
		if (strcmp(x, y) != 0) {
			snprintf(detail, sizeof(detail), "names '%s' and '%s'",
				 da->name ? da->name : "", db->name ? db->name : "");
			add(o, AD_COLLIDE_SAME_BODY, l->a, l->b, l->score,
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
			add(o, AD_COLLIDE_FORK, l->a, l->b, l->score, detail);
	}
}

/* The same name on agents that are not linked. */
static void same_names(finder *o)
{
	const ad_collection *c = o->in->c;
	const ad_svec *v = o->in->agent_vecs;
	ad_strtab *names = ad_strtab_new();
	uint64_t *by = ad_xmalloc((c->ndocs + 1) * sizeof(*by));
	size_t i, j, k, n = 0;
	char key[256], detail[320];

	for (i = 0; i < c->ndocs; i++) {
		size_t len = name_key(key, sizeof(key), c->docs[i]);

		if (len)
			by[n++] = (uint64_t)ad_strtab_intern(names, key, len) << 32 | i;
	}
	ad_sort_u64(by, n);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && by[j] >> 32 == by[i] >> 32; j++)
			;
		if (j - i > NAME_GROUP_MAX)
			continue;
		for (k = i; k < j; k++) {
			size_t l;

			for (l = k + 1; l < j; l++) {
				uint32_t x = (uint32_t)by[k], y = (uint32_t)by[l];
				double s;

				if (ad_links_find(o->in->links, x, y))
					continue;
				s = ad_svec_dot(&v[x], &v[y]);
				snprintf(detail, sizeof(detail),
					 "both named '%s'; bodies differ",
					 c->docs[x]->name ? c->docs[x]->name
							  : c->docs[x]->identity);
				add(o, AD_COLLIDE_NAME, x, y, s, detail);
			}
		}
	}
	free(by);
	ad_strtab_free(names);
}

/* Description vectors, joined: near-identical triggers on bodies that
 * are not near-duplicates. */
static int same_descriptions(finder *o, ad_error *err)
{
	ad_simjoin_opts jo = AD_SIMJOIN_OPTS_INIT;
	ad_pair *p = NULL;
	size_t i, np = 0;
	int rc;

	jo.threshold = AD_COLLIDE_DESC;
	jo.jobs = o->in->jobs;
	rc = ad_simjoin_run(&p, &np, o->in->desc_vecs, o->in->c->ndocs, &jo,
			    NULL, err);
	for (i = 0; rc == 0 && i < np; i++) {
		if (ad_links_find(o->in->links, p[i].a, p[i].b))
			continue;
		add(o, AD_COLLIDE_DESCRIPTION, p[i].a, p[i].b, p[i].score,
		    "the same request would trigger both");
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

int ad_collide(ad_collisions *out, const ad_collide_input *in,
	       ad_error *err)
{
	finder o = {out, 0, in};
	int rc;

	memset(out, 0, sizeof(*out));
	out->arena = ad_arena_new();
	same_names(&o);
	from_links(&o);
	rc = same_descriptions(&o, err);
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
